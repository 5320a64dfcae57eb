//! How one preview runs: the changes a what-if lays over the billing input without
//! copying it, and the invoice owners whose invoices are wanted.

use crate::input::catalog::ModeChange;
use crate::input::customer_ix::{CustomerIx, PerCustomer};
use crate::input::invoicing::UsageTotal;
use crate::invoice::catalog::Catalog;
use crate::invoice::usage::Usage;

/// Changes laid over the billing input.
#[derive(Debug, Clone, Default)]
pub struct Overrides<'a> {
    /// A customer's usage on a meter becomes this quantity: its rows and totals for
    /// that meter are left out, and this total counts instead (the last one given for
    /// a customer and meter).
    pub usage: &'a [UsageTotal],
    /// Roll-up modes set, in order (a later one wins).
    pub modes: &'a [ModeChange],
}

/// The input read once for repeated runs (what-ifs on a session): the catalog as read over the loaded hierarchy, and the usage summed per customer
/// (customer positions do not change with edits, so neither does the usage).
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The catalog over the hierarchy it was read with.
    pub catalog: Catalog,
    /// The usage, no price having read it yet.
    pub usage: Usage,
}

/// One preview: the overrides, the invoice owners whose invoices are built (all when
/// `owners` is `None`), and what was read before.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run<'a> {
    /// Changes over the input.
    pub overrides: Option<&'a Overrides<'a>>,
    /// The invoice owners in scope.
    pub owners: Option<&'a PerCustomer<bool>>,
    /// The input as read before: its usage is reused, and its catalog too unless
    /// `reread_catalog` (the catalog's inherited subscriptions depend on ancestry,
    /// which hierarchy edits change).
    pub prepared: Option<&'a Prepared>,
    /// Read the catalog again over this run's hierarchy.
    pub reread_catalog: bool,
}

impl Run<'_> {
    /// Whether the invoices owned by `owner` are built.
    pub fn builds(&self, owner: CustomerIx) -> bool {
        self.owners.is_none_or(|owners| owners[owner])
    }
}
