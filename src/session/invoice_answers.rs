//! The invoice capability answering from a session: the period's consolidated invoices
//! over the loaded hierarchy and its resolved owners, a billing input kept in the
//! session for what-ifs, and the one-shot entry point.

use crate::common::error::BilltreeError;
use crate::hierarchy::loaded::Relations;
use crate::input::invoicing::BillingInput;
use crate::input::store::CustomerStore;
use crate::invoice::assemble::preview_invoices;
use crate::invoice::model::InvoicePreview;
use crate::owners::model::Owners;
use crate::period::billed::Billed;
use crate::session::hierarchy_session::{load_resolved, Session};
use crate::session::loaded_billing::{KeptBilling, LoadedBilling};
use std::sync::Arc;

impl Session {
    /// Every invoice of the period `billing` describes, over the session's hierarchy
    /// and owners.
    pub fn invoices(&self, billing: &BillingInput) -> Result<InvoicePreview, BilltreeError> {
        preview_invoices(self.billed(), billing)
    }

    /// Keeps `billing` in the session and returns its invoices; applied edits keep them
    /// current, and invoice what-ifs compare against them.
    pub fn load_billing(
        &mut self,
        billing: impl Into<Arc<BillingInput>>,
    ) -> Result<&InvoicePreview, BilltreeError> {
        let loaded = LoadedBilling::load(self.billed(), billing.into())?;
        Ok(self.billing.insert(loaded).preview())
    }

    /// The invoices of the loaded billing input, if one is loaded.
    pub fn loaded_invoices(&self) -> Option<&InvoicePreview> {
        self.billing.as_ref().map(|loaded| loaded.preview())
    }

    /// The loaded billing recomputed over other relations and owners (those an edit
    /// gives), or `None` when no billing is loaded.
    pub(super) fn rebilled(
        &self,
        relations: &Relations,
        owners: &Owners,
    ) -> Result<Option<Arc<dyn KeptBilling>>, BilltreeError> {
        let Some(loaded) = &self.billing else {
            return Ok(None);
        };
        let billed = Billed {
            hierarchy: &self.hierarchy,
            relations,
            owners,
        };
        loaded.over(billed).map(Some)
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
