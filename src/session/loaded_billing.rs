//! A billing input kept in a session, with its invoices over the current hierarchy.

use crate::input::invoicing::BillingInput;
use crate::invoice::model::InvoicePreview;
use std::sync::Arc;

/// A billing input kept in a session, with its invoices (shared, so cloning a session
/// to preview an edit does not copy them).
#[derive(Debug, Clone)]
pub struct LoadedBilling {
    /// The input, as loaded.
    pub input: Arc<BillingInput>,
    /// Its invoices over the session's current hierarchy.
    pub preview: Arc<InvoicePreview>,
}
