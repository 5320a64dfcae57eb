//! The billing input of one period, as one document: the catalog (`catalog`), the period,
//! the currency policy, and what happened in the period and adjusts it: usage (row by
//! row or already summed), one-off charges, discounts, minimum commitments, tax rates
//! and credits. Read with the same strict reader as every other input.

use crate::input::catalog::{PriceInput, SubscriptionInput};
use crate::money::decimal::{Money, Percent, Quantity, UnitAmount};
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
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub currency_policy: CurrencyPolicy,
    /// Prices.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub prices: Vec<PriceInput>,
    /// Subscriptions.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub subscriptions: Vec<SubscriptionInput>,
    /// Usage events, with timestamps.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub usage: Vec<UsageRow>,
    /// Usage already summed for the period.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub usage_totals: Vec<UsageTotal>,
    /// One-off charges.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub charges: Vec<ChargeInput>,
    /// Discounts.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub discounts: Vec<DiscountInput>,
    /// Minimum commitments.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub commitments: Vec<CommitmentInput>,
    /// Tax rates per customer.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub tax_rates: Vec<TaxRateInput>,
    /// Credit balances.
    #[serde(default)]
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub credits: Vec<CreditInput>,
}

/// One usage event.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UsageRow {
    /// Whose usage.
    pub customer_id: String,
    /// The meter it counts on.
    pub meter: String,
    /// How much.
    pub quantity: Quantity,
    /// When (RFC 3339, e.g. `2026-11-03T10:00:00Z`); rows outside the period are
    /// reported, not counted.
    pub timestamp: String,
}

/// Usage already summed for the period, per customer and meter.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct UsageTotal {
    /// Whose usage.
    pub customer_id: String,
    /// The meter.
    pub meter: String,
    /// The period's total.
    pub quantity: Quantity,
}

/// A one-off charge.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct ChargeInput {
    /// Unique among charges.
    pub id: String,
    /// Who is charged.
    pub customer_id: String,
    /// Shown on the line.
    pub description: String,
    /// The amount (negative for a refund line).
    pub amount: Money,
    /// Its currency; the customer's when absent.
    #[serde(default)]
    pub currency: Option<String>,
}

/// A discount: on the lines of one price (`priceId`), or on everything a customer's
/// section of an invoice holds (no `priceId`; the whole invoice when the customer is
/// its owner). Exactly one of `percent` and `amount`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct DiscountInput {
    /// Unique among discounts.
    pub id: String,
    /// The customer it is granted to.
    pub customer_id: String,
    /// Only the lines of this price (whose subscription the customer holds, or whose
    /// origin it is).
    #[serde(default)]
    pub price_id: Option<String>,
    /// A percentage off.
    #[serde(default)]
    pub percent: Option<Percent>,
    /// A fixed amount off, at most what it applies to.
    #[serde(default)]
    pub amount: Option<UnitAmount>,
    /// The currency of a fixed amount; the customer's when absent.
    #[serde(default)]
    pub currency: Option<String>,
}

/// A minimum spend per period at an invoice owner: when the invoice's net is below
/// it, a true-up line makes up the difference.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CommitmentInput {
    /// The invoice owner committed.
    pub customer_id: String,
    /// The minimum net amount.
    pub minimum: UnitAmount,
    /// Its currency; the customer's when absent.
    #[serde(default)]
    pub currency: Option<String>,
}

/// A customer's tax rate, applied to its own section of any invoice.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct TaxRateInput {
    /// The customer.
    pub customer_id: String,
    /// The rate in percent (`"19"`).
    pub percent: Percent,
}

/// A credit balance a customer holds.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct CreditInput {
    /// Who holds it.
    pub customer_id: String,
    /// The balance.
    pub amount: UnitAmount,
    /// Its currency; the customer's when absent.
    #[serde(default)]
    pub currency: Option<String>,
}
