//! Billing issues: problems in the billing input, reported all at once, as data. The
//! charges an issue is about stay off the invoices, and the issue says so; nothing is
//! dropped silently.

use crate::common::customer_ix::CustomerIx;
use crate::common::order::sort_by;
use crate::common::text::Quoted;
use crate::input::catalog::LifecycleAction;
use crate::period::billed::Billed;
use crate::period::lifecycle::{Lifecycle, Refusal};
use chrono::NaiveDate;
use rust_decimal::Decimal;
use serde::Serialize;

/// The stable code of a [`BillingIssue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum BillingIssueCode {
    /// A customer id in the billing input names no customer of the hierarchy
    /// (`details.field` says where).
    UnknownCustomer,
    /// A subscription names a price that does not exist.
    UnknownPrice,
    /// An inherited subscription names a parent subscription that does not exist, or
    /// one that is itself inherited.
    UnknownSubscription,
    /// The customer's invoice owner is not resolved (an owner issue), so its charges
    /// have no invoice to land on.
    OwnerUnresolved,
    /// A charge's currency differs from its invoice owner's, under the default
    /// currency policy.
    CurrencyMismatch,
    /// Neither the item nor its customer has a currency.
    MissingCurrency,
    /// A price's currency is not its subscription's.
    PriceCurrencyMismatch,
    /// A customer inherits subscriptions held by two different customers (Flexprice:
    /// one parent per child).
    InheritedFromTwoParents,
    /// An inherited subscription is held by a customer that is not below the holder of
    /// its parent subscription.
    InheritedNotFromAncestor,
    /// An inherited (skeleton) subscription has prices of its own; they are not billed.
    SkeletonWithLines,
    /// Usage on a meter that no price reads for that customer.
    UnpricedUsage,
    /// Usage rows with a timestamp outside the period.
    UsageOutsidePeriod,
    /// A minimum commitment at a customer that does not receive its own invoice.
    CommitmentNotAtOwner,
    /// A discount that applies to no line (its price is not billed to the customer, or
    /// its currency is on none of the customer's invoices).
    DiscountUnused,
    /// A lifecycle step cancels an inherited subscription on its own (Flexprice:
    /// cancel the parent subscription instead); it changes nothing.
    InheritedCannotCancel,
    /// A lifecycle step pauses or resumes an inherited subscription on its own (it
    /// follows its parent subscription); it changes nothing.
    InheritedCannotPause,
    /// A lifecycle step that does not fit the subscription's state at its date
    /// (resuming an active one, pausing a cancelled one…); it changes nothing.
    LifecycleNotApplicable,
    /// Usage while the subscription whose prices read it was paused or cancelled; it is
    /// not billed.
    UsageWhileInactive,
}

impl BillingIssueCode {
    /// The code as JS sees it.
    pub fn as_str(self) -> &'static str {
        match self {
            BillingIssueCode::UnknownCustomer => "UNKNOWN_CUSTOMER",
            BillingIssueCode::UnknownPrice => "UNKNOWN_PRICE",
            BillingIssueCode::UnknownSubscription => "UNKNOWN_SUBSCRIPTION",
            BillingIssueCode::OwnerUnresolved => "OWNER_UNRESOLVED",
            BillingIssueCode::CurrencyMismatch => "CURRENCY_MISMATCH",
            BillingIssueCode::MissingCurrency => "MISSING_CURRENCY",
            BillingIssueCode::PriceCurrencyMismatch => "PRICE_CURRENCY_MISMATCH",
            BillingIssueCode::InheritedFromTwoParents => "INHERITED_FROM_TWO_PARENTS",
            BillingIssueCode::InheritedNotFromAncestor => "INHERITED_NOT_FROM_ANCESTOR",
            BillingIssueCode::SkeletonWithLines => "SKELETON_WITH_LINES",
            BillingIssueCode::UnpricedUsage => "UNPRICED_USAGE",
            BillingIssueCode::UsageOutsidePeriod => "USAGE_OUTSIDE_PERIOD",
            BillingIssueCode::CommitmentNotAtOwner => "COMMITMENT_NOT_AT_OWNER",
            BillingIssueCode::DiscountUnused => "DISCOUNT_UNUSED",
            BillingIssueCode::InheritedCannotCancel => "INHERITED_CANNOT_CANCEL",
            BillingIssueCode::InheritedCannotPause => "INHERITED_CANNOT_PAUSE",
            BillingIssueCode::LifecycleNotApplicable => "LIFECYCLE_NOT_APPLICABLE",
            BillingIssueCode::UsageWhileInactive => "USAGE_WHILE_INACTIVE",
        }
    }
}

/// A problem in the billing input.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct BillingIssue {
    /// Stable code to branch on.
    pub code: BillingIssueCode,
    /// What is wrong and what billtree did about it.
    pub message: String,
    /// The customer it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The subscription it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub subscription_id: Option<String>,
    /// The price it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub price_id: Option<String>,
    /// The meter it is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub meter: Option<String>,
    /// The currency of the item at fault.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub currency: Option<String>,
    /// The currency it was expected to have (the owner's, the subscription's).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected_currency: Option<String>,
    /// Another customer involved (the invoice owner, the other parent).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub other_customer_id: Option<String>,
    /// A quantity involved (unpriced usage, usage outside the period).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub quantity: Option<String>,
    /// How many input rows the issue covers.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub rows: Option<u32>,
    /// Which input field holds the reference (`subscriptions`, `usage`, …).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub field: Option<&'static str>,
    /// The day a dated step takes effect (lifecycle), `YYYY-MM-DD`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub effective_date: Option<String>,
}

impl BillingIssue {
    /// An issue with only a code and a message.
    pub fn new(code: BillingIssueCode, message: String) -> BillingIssue {
        BillingIssue {
            code,
            message,
            customer_id: None,
            subscription_id: None,
            price_id: None,
            meter: None,
            currency: None,
            expected_currency: None,
            other_customer_id: None,
            quantity: None,
            rows: None,
            field: None,
            effective_date: None,
        }
    }

    /// Sets the customer.
    pub fn customer(mut self, id: &str) -> BillingIssue {
        self.customer_id = Some(id.to_owned());
        self
    }

    /// Sets the subscription.
    pub fn subscription(mut self, id: &str) -> BillingIssue {
        self.subscription_id = Some(id.to_owned());
        self
    }

    /// Sets the price.
    pub fn price(mut self, id: &str) -> BillingIssue {
        self.price_id = Some(id.to_owned());
        self
    }
}

/// An issue for every lifecycle step refused.
pub fn lifecycle_issues(lifecycle: &Lifecycle, issues: &mut Vec<BillingIssue>) {
    for step in &lifecycle.refused {
        let verb = match step.action {
            LifecycleAction::Pause => "pause",
            LifecycleAction::Resume => "resume",
            LifecycleAction::Cancel => "cancel",
        };
        let id = Quoted(&step.subscription_id);
        let date = &step.effective_date;
        let (code, message) = match step.refusal {
            Refusal::Unknown => (
                BillingIssueCode::UnknownSubscription,
                format!("the step to {verb} {id} on {date} names no subscription; it changes nothing"),
            ),
            Refusal::Inherited if step.action == LifecycleAction::Cancel => (
                BillingIssueCode::InheritedCannotCancel,
                format!("{id} is an inherited subscription and cannot be cancelled on its own (on {date}); cancel its parent subscription, which cancels it too"),
            ),
            Refusal::Inherited => (
                BillingIssueCode::InheritedCannotPause,
                format!("{id} is an inherited subscription and follows its parent subscription; the step to {verb} it on {date} changes nothing"),
            ),
            Refusal::NotApplicable(status) => (
                BillingIssueCode::LifecycleNotApplicable,
                format!("{id} is {} on {date}, so it cannot {verb}; the step changes nothing", status.as_str()),
            ),
        };
        let mut issue = BillingIssue::new(code, message).subscription(&step.subscription_id);
        issue.customer_id = step.customer_id.clone();
        issue.effective_date = Some(step.effective_date.clone());
        issue.field = Some("changes");
        issues.push(issue);
    }
}

/// `UNKNOWN_CUSTOMER` for usage entries (`field`: rows or totals) naming no customer.
pub fn unknown_customer(id: &str, rows: u32, field: &'static str) -> BillingIssue {
    let mut issue = BillingIssue::new(
        BillingIssueCode::UnknownCustomer,
        format!("{rows} usage entries name {}, which is no customer of the hierarchy; they are not billed", Quoted(id)),
    )
    .customer(id);
    issue.rows = Some(rows);
    issue.field = Some(field);
    issue
}

/// `UNPRICED_USAGE` for a customer's usage on a meter no price of its subscriptions
/// reads.
pub fn unpriced_usage(
    billed: Billed<'_>,
    customer: CustomerIx,
    meter: &str,
    quantity: Decimal,
) -> BillingIssue {
    let mut issue = BillingIssue::new(
        BillingIssueCode::UnpricedUsage,
        format!(
            "{} used {quantity} on the meter {}, which no price of its subscriptions reads; it is not billed",
            billed.hierarchy.who(customer),
            Quoted(meter)
        ),
    )
    .customer(billed.id(customer));
    issue.meter = Some(meter.to_owned());
    issue.quantity = Some(quantity.to_string());
    issue
}

/// `USAGE_OUTSIDE_PERIOD` for a customer's rows on a meter outside `period` (start,
/// exclusive end).
pub fn outside_period(
    billed: Billed<'_>,
    customer: CustomerIx,
    meter: &str,
    rows: u32,
    quantity: Decimal,
    period: (NaiveDate, NaiveDate),
) -> BillingIssue {
    let mut issue = BillingIssue::new(
        BillingIssueCode::UsageOutsidePeriod,
        format!(
            "{rows} usage rows of {} on {} ({quantity} in all) fall outside the period {} to {} (exclusive); they are not billed",
            billed.hierarchy.who(customer),
            Quoted(meter),
            period.0,
            period.1
        ),
    )
    .customer(billed.id(customer));
    issue.meter = Some(meter.to_owned());
    issue.quantity = Some(quantity.to_string());
    issue.rows = Some(rows);
    issue
}

/// Orders issues by code, then customer, subscription, price, meter and currency: a
/// report that does not depend on the order of the input rows.
pub fn sort_issues(issues: &mut Vec<BillingIssue>) {
    sort_by(issues, |a, b| {
        (
            a.code,
            &a.customer_id,
            &a.subscription_id,
            &a.price_id,
            &a.meter,
            &a.currency,
            &a.message,
        )
            .cmp(&(
                b.code,
                &b.customer_id,
                &b.subscription_id,
                &b.price_id,
                &b.meter,
                &b.currency,
                &b.message,
            ))
    });
}
