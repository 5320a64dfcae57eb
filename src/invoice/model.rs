//! What an invoice preview is: invoices per owner and currency, nested sections per
//! customer (flat, in depth-first order, each with its depth and parent, so no reader
//! needs recursion), lines with their origin, and the totals pipeline shown step by step.

use crate::common::content_id::Content;
use crate::input::catalog::RollupMode;
use crate::input::invoicing::{CurrencyPolicy, PeriodInput};
use crate::invoice::issues::BillingIssue;
use crate::money::decimal::{DecimalText, Money, Percent, Quantity};
use crate::period::lifecycle::LifecycleEvent;
use serde::Serialize;

/// What kind of line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum LineKind {
    /// A flat fee of a subscription's price.
    Flat,
    /// Usage priced by a subscription's price.
    Usage,
    /// A one-off charge.
    Charge,
    /// The difference up to a minimum commitment.
    TrueUp,
    /// The total of a customer's own invoice, carried onto its owner's (summary mode).
    Summary,
}

/// One tier's part of a price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct TierCharge {
    /// The tier's position, from 1.
    pub tier: u32,
    /// Units priced in this tier.
    pub quantity: Quantity,
    /// The tier's unit price.
    pub unit_amount: Money,
    /// The tier's flat fee, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    #[cfg_attr(test, ts(optional))]
    pub flat_amount: Option<Money>,
    /// Units × unit price (+ flat fee), unrounded.
    pub amount: Money,
}

/// One contributor's quantity in a pool.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Contribution {
    /// The contributor.
    pub customer_id: String,
    /// Its quantity.
    pub quantity: Quantity,
    /// The parts of the period it was in this pool, when not all of it (a change moved
    /// it in or out mid-period).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<PeriodInput>>", optional))]
    pub periods: Vec<PeriodInput>,
}

/// The pool an apportioned line's amount was taken from.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PoolShare {
    /// The pool's summed quantity.
    pub pool_quantity: Quantity,
    /// The pool's amount, rounded; the contributors' lines sum to it exactly.
    pub pool_amount: Money,
}

/// A discount taken off a line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct LineDiscount {
    /// The discount.
    pub discount_id: String,
    /// How much it takes off (positive).
    pub amount: Money,
}

/// One invoice line.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct Line {
    /// UUID v5 over the line's content.
    pub id: String,
    /// What kind of line.
    pub kind: LineKind,
    /// The customer whose charge this is.
    pub customer_id: String,
    /// What the line is for.
    pub description: String,
    /// The subscription it bills.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<String>,
    /// The price it bills.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_id: Option<String>,
    /// The charge it bills.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub charge_id: Option<String>,
    /// The roll-up mode that placed it.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub mode: Option<RollupMode>,
    /// The quantity priced (the pool's for a pooled line, the customer's own for an
    /// apportioned one).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<Quantity>,
    /// The unit price (per unit, package and volume prices).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub unit_amount: Option<Money>,
    /// The tier breakdown (graduated and volume prices).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<TierCharge>>", optional))]
    pub tiers: Vec<TierCharge>,
    /// Per-contributor quantities of a pooled line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<Contribution>>", optional))]
    pub breakdown: Vec<Contribution>,
    /// The pool an apportioned line was allocated from.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub pool: Option<PoolShare>,
    /// The invoice a summary line carries.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub summarized_invoice_id: Option<String>,
    /// The parts of the period the line bills, when changes split the period and the
    /// line covers less than all of it (`end` exclusive; more than one when a customer
    /// left and came back): a prorated fee, or usage in the days its customer billed
    /// here.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<PeriodInput>>", optional))]
    pub periods: Vec<PeriodInput>,
    /// The amount, rounded to the currency's minor unit.
    pub amount: Money,
    /// Discounts taken off this line.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<LineDiscount>>", optional))]
    pub discounts: Vec<LineDiscount>,
}

impl Line {
    /// A line with only what every line has; the id is set when its invoice is written.
    pub fn new(kind: LineKind, customer_id: &str, description: String, amount: Money) -> Line {
        Line {
            id: String::new(),
            kind,
            customer_id: customer_id.to_owned(),
            description,
            subscription_id: None,
            price_id: None,
            charge_id: None,
            mode: None,
            quantity: None,
            unit_amount: None,
            tiers: Vec::new(),
            breakdown: Vec::new(),
            pool: None,
            summarized_invoice_id: None,
            periods: Vec::new(),
            amount,
            discounts: Vec::new(),
        }
    }

    /// The line's id (UUID v5 over its content): its invoice (`invoice_key`: owner,
    /// addressee, currency), origin, what it bills and its amounts.
    pub fn content_id(&self, invoice_key: &str) -> String {
        let line = self;
        let mut content = Content::default();
        content
            .field("line")
            .field(invoice_key)
            .field(&line.customer_id)
            .field(&line.description)
            .optional(line.subscription_id.as_deref())
            .optional(line.price_id.as_deref())
            .optional(line.charge_id.as_deref())
            .optional(line.summarized_invoice_id.as_deref())
            .field(DecimalText::of(line.amount.0).as_str());
        for period in &line.periods {
            content.field(&period.start).field(&period.end);
        }
        if let Some(quantity) = line.quantity {
            content.field(DecimalText::of(quantity.written()).as_str());
        }
        for discount in &line.discounts {
            content
                .field(&discount.discount_id)
                .field(DecimalText::of(discount.amount.0).as_str());
        }
        content.tag(line.kind as u8).id()
    }
}

/// The totals pipeline, each step shown: lines → discounts → minimum-commitment true-up
/// → tax → credits → amount due. `net = lines − discounts + trueUp`,
/// `total = net + tax + carried`, `amountDue = total − credits`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Totals {
    /// The sum of the priced lines (not true-up or summary lines).
    pub lines: Money,
    /// Discounts taken off (positive).
    pub discounts: Money,
    /// The minimum-commitment true-up.
    pub true_up: Money,
    /// Lines − discounts + true-up: what tax applies to.
    pub net: Money,
    /// Tax.
    pub tax: Money,
    /// Summary lines: other invoices' totals, taxed there, carried here.
    pub carried: Money,
    /// Net + tax + carried.
    pub total: Money,
    /// Credits applied (positive).
    pub credits: Money,
    /// Total − credits.
    pub amount_due: Money,
}

/// One customer's section of an invoice. Sections come in depth-first order; a
/// section's `totals` cover its own lines and every section nested in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Section {
    /// Whose section.
    pub customer_id: String,
    /// Its name.
    pub name: String,
    /// 0 for the invoice's addressee, 1 for a section nested in it, and so on.
    pub depth: u32,
    /// The customer whose section this one is nested in (`null` at the top).
    pub parent_customer_id: Option<String>,
    /// The customer's tax rate in percent.
    pub tax_percent: Percent,
    /// Lines of this customer.
    pub lines: Vec<Line>,
    /// This customer's own lines only. Credits show on `totals` only (`own.credits` is 0
    /// and `own.amountDue` its total): a customer's credit covers the sections nested
    /// in its own, so it belongs to the subtree.
    pub own: Totals,
    /// Own lines plus every nested section.
    pub totals: Totals,
}

/// An invoice-level discount and what it took off.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AppliedDiscount {
    /// The discount.
    pub discount_id: String,
    /// Who holds it.
    pub customer_id: String,
    /// How much it took off in all (spread over the sections it covers).
    pub amount: Money,
}

/// A credit balance used on an invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct AppliedCredit {
    /// Who holds the credit.
    pub customer_id: String,
    /// How much of it this invoice used.
    pub amount: Money,
}

/// Whether an invoice is sent as it is, or carried as one summary line on its owner's.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum InvoiceKind {
    /// The invoice of an invoice owner.
    Consolidated,
    /// A customer's own invoice under summary mode, whose total is one line on its
    /// invoice owner's invoice.
    Summarized,
}

/// One invoice.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Invoice {
    /// UUID v5 over the invoice's content.
    pub id: String,
    /// Consolidated or summarized.
    pub kind: InvoiceKind,
    /// Whom the invoice is addressed to.
    pub customer_id: String,
    /// The invoice owner whose invoice carries this one (itself when consolidated).
    pub invoice_owner_id: String,
    /// Who pays it (owner resolution); `null` when the payer is unresolved (an owner
    /// issue says why).
    pub payer_id: Option<String>,
    /// ISO 4217 code.
    pub currency: String,
    /// Digits after the point.
    pub minor_units: u32,
    /// Sections, depth-first; the first is the addressee's.
    pub sections: Vec<Section>,
    /// Invoice-level discounts.
    pub discounts: Vec<AppliedDiscount>,
    /// Credits used.
    pub credits: Vec<AppliedCredit>,
    /// The whole invoice.
    pub totals: Totals,
    /// Who pays which part of the amount due, when the payer changes inside the period
    /// (absent when one payer pays it all, `payerId`).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<PaymentShare>>", optional))]
    pub payments: Vec<PaymentShare>,
}

/// The part of an invoice's amount due one payer pays: the amount due split by the
/// days each payer is in force (like a flat fee), the remainder handed out so the
/// parts sum to it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct PaymentShare {
    /// The payer in force; `null` while unresolved.
    pub payer_id: Option<String>,
    /// The parts of the period it pays for.
    pub periods: Vec<PeriodInput>,
    /// Its share of the amount due.
    pub amount: Money,
}

/// A credit balance left after the period's invoices.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CreditBalance {
    /// Who holds it.
    pub customer_id: String,
    /// ISO 4217 code.
    pub currency: String,
    /// The balance before the period.
    pub before: Money,
    /// Used on this period's invoices.
    pub applied: Money,
    /// What is left.
    pub remaining: Money,
}

/// Every invoice of the period and every problem found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct InvoicePreview {
    /// The period.
    pub period: PeriodInput,
    /// The currency policy applied.
    pub currency_policy: CurrencyPolicy,
    /// Summarized invoices first, then consolidated ones, each by customer id, then
    /// currency.
    pub invoices: Vec<Invoice>,
    /// Credit balances, by customer id and currency.
    pub credits: Vec<CreditBalance>,
    /// Problems in the billing input, by code.
    pub issues: Vec<BillingIssue>,
    /// The sub-periods changes split the period into, in date order (absent when no
    /// change is effective inside the period).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<SubPeriodSummary>>", optional))]
    pub sub_periods: Vec<SubPeriodSummary>,
    /// The subscriptions paused, resumed or cancelled in the period, in date order,
    /// each with the inherited subscriptions it cascades to (absent when none).
    #[serde(skip_serializing_if = "Vec::is_empty")]
    #[cfg_attr(test, ts(as = "Option<Vec<LifecycleEvent>>", optional))]
    pub lifecycle: Vec<LifecycleEvent>,
}

/// One sub-period of a split period.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SubPeriodSummary {
    /// First day, `YYYY-MM-DD`.
    pub start: String,
    /// The day after the last.
    pub end: String,
    /// Its days: a flat fee's share of the period is in proportion to them.
    pub days: u32,
}

impl Invoice {
    /// The invoice's id: whom and what it bills (`invoice_key`), the period, its line
    /// ids and its amount due.
    pub fn content_id(&self, invoice_key: &str, period: &str) -> String {
        let invoice = self;
        let mut content = Content::default();
        content
            .field("invoice")
            .field(invoice_key)
            .field(period)
            .field(DecimalText::of(invoice.totals.amount_due.0).as_str());
        for section in &invoice.sections {
            for line in &section.lines {
                content.field(&line.id);
            }
        }
        content.id()
    }
}
