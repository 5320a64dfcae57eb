//! A billing input kept in a session, with its invoices over the current hierarchy.
//!
//! The session holds it behind a trait object: the only code that makes one is
//! `Session::load_billing`, so a build of the module without the invoice exports
//! links none of the invoice engine, although applying an edit keeps kept invoices
//! current (through [`KeptBilling::over`]).

use crate::common::customer_ix::CustomerIx;
use crate::common::error::BilltreeError;
use crate::input::invoicing::BillingInput;
use crate::invoice::assemble::preview_and_prepare;
use crate::invoice::lines::Prepared;
use crate::invoice::model::InvoicePreview;
use crate::period::billed::Billed;
use crate::session::invoice_scope::pool_members;
use std::fmt;
use std::sync::Arc;

/// A billing input kept in a session, and its invoices.
pub trait KeptBilling {
    /// The input, as loaded.
    fn input(&self) -> &BillingInput;
    /// Its invoices over the session's current hierarchy.
    fn preview(&self) -> &InvoicePreview;
    /// The input as read over the current hierarchy, for what-ifs.
    fn prepared(&self) -> &Prepared;
    /// `(member, holder)` of every pool the input declares.
    fn pool_members(&self) -> &[(CustomerIx, CustomerIx)];
    /// The same input with its invoices over another hierarchy or other owners.
    fn over(&self, billed: Billed<'_>) -> Result<Arc<dyn KeptBilling>, BilltreeError>;
}

/// A summary, not the whole: a `Debug` supertrait would put every invoice type's
/// `Debug` code in the module through the trait object's vtable (~5 KB gzipped).
impl fmt::Debug for dyn KeptBilling + '_ {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("KeptBilling")
            .field("invoices", &self.preview().invoices.len())
            .finish_non_exhaustive()
    }
}

/// The one [`KeptBilling`]: input and invoices, shared, so cloning a session to
/// preview an edit copies neither.
#[derive(Debug, Clone)]
pub struct LoadedBilling {
    input: Arc<BillingInput>,
    preview: InvoicePreview,
    prepared: Prepared,
    pool_members: Vec<(CustomerIx, CustomerIx)>,
}

impl LoadedBilling {
    /// Loads `input` over `billed`.
    pub fn load(
        billed: Billed<'_>,
        input: Arc<BillingInput>,
    ) -> Result<Arc<dyn KeptBilling>, BilltreeError> {
        // A session sorts the same customers by id at every what-if: rank them once.
        billed.hierarchy.rank_ids();
        let (preview, prepared) = preview_and_prepare(billed, &input)?;
        let pool_members = pool_members(billed, &input);
        Ok(Arc::new(LoadedBilling {
            input,
            preview,
            prepared,
            pool_members,
        }))
    }
}

impl KeptBilling for LoadedBilling {
    fn input(&self) -> &BillingInput {
        &self.input
    }

    fn preview(&self) -> &InvoicePreview {
        &self.preview
    }

    fn prepared(&self) -> &Prepared {
        &self.prepared
    }

    fn pool_members(&self) -> &[(CustomerIx, CustomerIx)] {
        &self.pool_members
    }

    fn over(&self, billed: Billed<'_>) -> Result<Arc<dyn KeptBilling>, BilltreeError> {
        LoadedBilling::load(billed, Arc::clone(&self.input))
    }
}
