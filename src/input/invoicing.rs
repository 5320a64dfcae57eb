//! The billing input of one period, as one document: the catalog (`catalog`), the period,
//! the currency policy, and what happened in the period and adjusts it: usage (row by
//! row or already summed), one-off charges, discounts, minimum commitments, tax rates
//! and credits. Read with the same strict reader as every other input.

use crate::input::catalog::{PriceInput, SubscriptionAction, SubscriptionInput};
use crate::input::edit::HierarchyEdit;
use crate::money::decimal::{Money, Percent, Quantity, UnitAmount};
use serde::Serialize;

/// The billing period: `start` inclusive, `end` exclusive, both UTC dates
/// (`{ "start": "2026-11-01", "end": "2026-12-01" }` is November).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PeriodInput {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// The day after the last, `YYYY-MM-DD`.
    pub end: String,
}

/// What happens to a customer whose currency differs from its invoice owner's.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum CurrencyPolicy {
    /// A `CURRENCY_MISMATCH` issue; its charges stay off the invoice (the default).
    #[default]
    Mismatch,
    /// Its charges go onto a separate invoice of the owner in that currency.
    SplitByCurrency,
}

/// Hierarchy edits and subscription lifecycle steps in force from a day of the period
/// on: a re-parent, a billing-setting change, a cancellation… effective mid-period
/// splits the period there (DESIGN §4, Time).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct DatedChange {
    /// The first day the edits are in force, `YYYY-MM-DD` (UTC). On the period's first
    /// day they hold for the whole period; on or after its end they are not in this
    /// period; before its start they are refused (the hierarchy as given already holds
    /// from the start).
    pub effective_date: String,
    /// The edits, as `previewEdits` takes them, applied in order.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub edits: Vec<HierarchyEdit>,
    /// Subscriptions paused, resumed or cancelled that day, in order.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub lifecycle: Vec<SubscriptionAction>,
}

/// Where usage summed for the whole period (`usageTotals`, a what-if's usage) goes when
/// changes split the period: such usage has no timestamp to say.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum UsageTotalsSplit {
    /// Refused: an `INVALID_INPUT` error naming the first total (the default).
    #[default]
    Refuse,
    /// Split over the sub-periods in proportion to their days (to the millionth, the
    /// remainder handed out so the parts sum to the total).
    ByDays,
    /// All of it in the first sub-period.
    PeriodStart,
    /// All of it in the last sub-period.
    PeriodEnd,
}

/// Everything billed in one period.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct BillingInput {
    /// The period.
    pub period: PeriodInput,
    /// Currencies that differ from the invoice owner's.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub currency_policy: CurrencyPolicy,
    /// Prices.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub prices: Vec<PriceInput>,
    /// Subscriptions.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub subscriptions: Vec<SubscriptionInput>,
    /// Usage events, with timestamps.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub usage: Vec<UsageRow>,
    /// Usage already summed for the period.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub usage_totals: Vec<UsageTotal>,
    /// One-off charges.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub charges: Vec<ChargeInput>,
    /// Discounts.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub discounts: Vec<DiscountInput>,
    /// Minimum commitments.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub commitments: Vec<CommitmentInput>,
    /// Tax rates per customer.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub tax_rates: Vec<TaxRateInput>,
    /// Credit balances.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub credits: Vec<CreditInput>,
    /// Changes effective inside the period, in date order (the same date: in order).
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub changes: Vec<DatedChange>,
    /// Where summed usage goes when changes split the period.
    #[cfg_attr(test, ts(as = "Option<_>", optional))]
    pub usage_totals_split: UsageTotalsSplit,
}

/// One usage event.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
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
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct UsageTotal {
    /// Whose usage.
    pub customer_id: String,
    /// The meter.
    pub meter: String,
    /// The period's total.
    pub quantity: Quantity,
}

/// A one-off charge.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
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
    pub currency: Option<String>,
    /// The day it was charged, `YYYY-MM-DD` (UTC): when changes split the period, the
    /// charge goes to the invoice owner in force that day; without a date, to the one
    /// in force on the period's last day (when the invoice is issued).
    pub date: Option<String>,
}

/// A discount: on the lines of one price (`priceId`), or on everything a customer's
/// section of an invoice holds (no `priceId`; the whole invoice when the customer is
/// its owner). Exactly one of `percent` and `amount`.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct DiscountInput {
    /// Unique among discounts.
    pub id: String,
    /// The customer it is granted to.
    pub customer_id: String,
    /// Only the lines of this price (whose subscription the customer holds, or whose
    /// origin it is).
    pub price_id: Option<String>,
    /// A percentage off.
    pub percent: Option<Percent>,
    /// A fixed amount off, at most what it applies to.
    pub amount: Option<UnitAmount>,
    /// The currency of a fixed amount; the customer's when absent.
    pub currency: Option<String>,
}

/// A minimum spend per period at an invoice owner: when the invoice's net is below
/// it, a true-up line makes up the difference.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct CommitmentInput {
    /// The invoice owner committed.
    pub customer_id: String,
    /// The minimum net amount.
    pub minimum: UnitAmount,
    /// Its currency; the customer's when absent.
    pub currency: Option<String>,
}

/// A customer's tax rate, applied to its own section of any invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct TaxRateInput {
    /// The customer.
    pub customer_id: String,
    /// The rate in percent (`"19"`).
    pub percent: Percent,
}

/// A credit balance a customer holds.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct CreditInput {
    /// Who holds it.
    pub customer_id: String,
    /// The balance.
    pub amount: UnitAmount,
    /// Its currency; the customer's when absent.
    pub currency: Option<String>,
}

crate::input::read_json::json_object!(PeriodInput, "struct PeriodInput" {
    start: "start" required,
    end: "end" required,
});

crate::input::read_json::json_enum!(CurrencyPolicy, "enum CurrencyPolicy" {
    Mismatch: "mismatch",
    SplitByCurrency: "splitByCurrency",
});

crate::input::read_json::json_object!(BillingInput, "struct BillingInput" {
    period: "period" required,
    currency_policy: "currencyPolicy" default,
    prices: "prices" default,
    subscriptions: "subscriptions" default,
    usage: "usage" default,
    usage_totals: "usageTotals" default,
    charges: "charges" default,
    discounts: "discounts" default,
    commitments: "commitments" default,
    tax_rates: "taxRates" default,
    credits: "credits" default,
    changes: "changes" default,
    usage_totals_split: "usageTotalsSplit" default,
});

crate::input::read_json::json_object!(DatedChange, "struct DatedChange" {
    effective_date: "effectiveDate" required,
    edits: "edits" default,
    lifecycle: "lifecycle" default,
});

crate::input::read_json::json_enum!(UsageTotalsSplit, "enum UsageTotalsSplit" {
    Refuse: "refuse",
    ByDays: "byDays",
    PeriodStart: "periodStart",
    PeriodEnd: "periodEnd",
});

crate::input::read_json::json_object!(UsageRow, "struct UsageRow" {
    customer_id: "customerId" required,
    meter: "meter" required,
    quantity: "quantity" required,
    timestamp: "timestamp" required,
});

crate::input::read_json::json_object!(UsageTotal, "struct UsageTotal" {
    customer_id: "customerId" required,
    meter: "meter" required,
    quantity: "quantity" required,
});

crate::input::read_json::json_object!(ChargeInput, "struct ChargeInput" {
    id: "id" required,
    customer_id: "customerId" required,
    description: "description" required,
    amount: "amount" required,
    currency: "currency" default,
    date: "date" default,
});

crate::input::read_json::json_object!(DiscountInput, "struct DiscountInput" {
    id: "id" required,
    customer_id: "customerId" required,
    price_id: "priceId" default,
    percent: "percent" default,
    amount: "amount" default,
    currency: "currency" default,
});

crate::input::read_json::json_object!(CommitmentInput, "struct CommitmentInput" {
    customer_id: "customerId" required,
    minimum: "minimum" required,
    currency: "currency" default,
});

crate::input::read_json::json_object!(TaxRateInput, "struct TaxRateInput" {
    customer_id: "customerId" required,
    percent: "percent" required,
});

crate::input::read_json::json_object!(CreditInput, "struct CreditInput" {
    customer_id: "customerId" required,
    amount: "amount" required,
    currency: "currency" default,
});
