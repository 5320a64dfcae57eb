//! How one preview runs: the changes a what-if lays over the billing input without
//! copying it, and the invoice owners whose invoices are wanted.

use crate::input::catalog::RollupMode;
use crate::input::customer_ix::{CustomerIx, PerCustomer};
use crate::input::invoicing::UsageTotal;
use serde::Deserialize;

/// A roll-up mode set by a what-if: on a subscription (`subscriptionId`) or on a price
/// (`priceId`, which wins over its subscriptions' modes, as in the input).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ModeChange {
    /// The subscription whose mode changes.
    #[serde(default)]
    pub subscription_id: Option<String>,
    /// The price whose mode changes.
    #[serde(default)]
    pub price_id: Option<String>,
    /// The new mode.
    pub rollup: RollupMode,
}

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

/// One preview: the overrides, and the invoice owners whose invoices are built (all
/// when `owners` is `None`).
#[derive(Debug, Clone, Copy, Default)]
pub struct Run<'a> {
    /// Changes over the input.
    pub overrides: Option<&'a Overrides<'a>>,
    /// The invoice owners in scope.
    pub owners: Option<&'a PerCustomer<bool>>,
}

impl Run<'_> {
    /// Whether the invoices owned by `owner` are built.
    pub fn builds(&self, owner: CustomerIx) -> bool {
        self.owners.is_none_or(|owners| owners[owner])
    }
}
