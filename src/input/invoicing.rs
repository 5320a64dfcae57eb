//! The billing input of one period, as one document: catalog, activity, the period and
//! the currency policy. Read with the same strict reader as every other input.

use crate::input::activity::{
    ChargeInput, CommitmentInput, CreditInput, DiscountInput, TaxRateInput, UsageRow, UsageTotal,
};
use crate::input::catalog::{PriceInput, SubscriptionInput};
use serde::{Deserialize, Serialize};

/// The billing period: `start` inclusive, `end` exclusive, both UTC dates
/// (`{ "start": "2026-11-01", "end": "2026-12-01" }` is November).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PeriodInput {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// The day after the last, `YYYY-MM-DD`.
    pub end: String,
}

/// What happens to a customer whose currency differs from its invoice owner's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum CurrencyPolicy {
    /// A `CURRENCY_MISMATCH` issue; its charges stay off the invoice (the default).
    #[default]
    Mismatch,
    /// Its charges go onto a separate invoice of the owner in that currency.
    SplitByCurrency,
}

/// Everything billed in one period.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BillingInput {
    /// The period.
    pub period: PeriodInput,
    /// Currencies that differ from the invoice owner's.
    #[serde(default)]
    pub currency_policy: CurrencyPolicy,
    /// Prices.
    #[serde(default)]
    pub prices: Vec<PriceInput>,
    /// Subscriptions.
    #[serde(default)]
    pub subscriptions: Vec<SubscriptionInput>,
    /// Usage events, with timestamps.
    #[serde(default)]
    pub usage: Vec<UsageRow>,
    /// Usage already summed for the period.
    #[serde(default)]
    pub usage_totals: Vec<UsageTotal>,
    /// One-off charges.
    #[serde(default)]
    pub charges: Vec<ChargeInput>,
    /// Discounts.
    #[serde(default)]
    pub discounts: Vec<DiscountInput>,
    /// Minimum commitments.
    #[serde(default)]
    pub commitments: Vec<CommitmentInput>,
    /// Tax rates per customer.
    #[serde(default)]
    pub tax_rates: Vec<TaxRateInput>,
    /// Credit balances.
    #[serde(default)]
    pub credits: Vec<CreditInput>,
}
