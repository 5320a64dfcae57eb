//! The invoice capability answering from a session: the period's consolidated invoices
//! over the loaded hierarchy and its resolved owners, and the one-shot entry point.

use crate::common::error::BilltreeError;
use crate::input::invoicing::BillingInput;
use crate::input::store::CustomerStore;
use crate::invoice::assemble::preview_invoices;
use crate::invoice::context::Billed;
use crate::invoice::model::InvoicePreview;
use crate::session::hierarchy_session::{load_resolved, Session};

impl Session {
    /// Every invoice of the period `billing` describes, over the session's hierarchy
    /// and owners.
    pub fn invoices(&self, billing: &BillingInput) -> Result<InvoicePreview, BilltreeError> {
        preview_invoices(self.billed(), billing)
    }

    /// The hierarchy and owners as the invoice capability reads them.
    pub(crate) fn billed(&self) -> Billed<'_> {
        Billed {
            hierarchy: &self.hierarchy,
            relations: self.hierarchy.relations(),
            owners: &self.owners,
        }
    }
}

/// One-shot: loads the customers, resolves owners, and previews the period's invoices.
/// (Hierarchy rules do not change an invoice, so no policy is checked: `validate`
/// says what breaks them.)
pub fn invoice_preview(
    store: CustomerStore,
    billing: &BillingInput,
) -> Result<InvoicePreview, BilltreeError> {
    let (hierarchy, _, owners) = load_resolved(store);
    preview_invoices(
        Billed {
            hierarchy: &hierarchy,
            relations: hierarchy.relations(),
            owners: &owners,
        },
        billing,
    )
}
