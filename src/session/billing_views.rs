//! The billing views Fynn users know, answered from a session with a loaded billing
//! input: a customer's direct children with their `activeSubscriptionCount`, and for a
//! parent the subscriptions and invoices of every customer below it (Fynn's
//! `parentCustomer` filter on subscriptions and invoices).
//!
//! Every subscription of the loaded input is active: the input describes one billing
//! period, and a subscription that has ended is simply not in it. Inherited skeletons
//! count (in Flexprice they are subscriptions of their own).

use crate::common::error::BilltreeError;
use crate::common::key_map::{KeyMap, KeySet};
use crate::hierarchy::queries::CustomerSummary;
use crate::input::catalog::{RollupMode, SubscriptionInput};
use crate::invoice::model::Invoice;
use crate::session::hierarchy_session::Session;
use crate::session::loaded_billing::KeptBilling;
use serde::Serialize;

/// A direct child and how many subscriptions it holds.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChildWithSubscriptions {
    /// The child.
    pub customer: CustomerSummary,
    /// Subscriptions it holds in the loaded billing input, skeletons included.
    pub active_subscription_count: u32,
}

/// A customer's direct children with their subscription counts.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ChildrenWithSubscriptions {
    /// The parent asked about.
    pub customer_id: String,
    /// The children in input order.
    pub children: Vec<ChildWithSubscriptions>,
}

/// A subscription of the loaded input, as listed. The same fields as
/// [`SubscriptionInput`], kept apart because the contracts differ: in the input they may
/// be left out, here every one is present (`null` when not given).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct SubscriptionView {
    /// Its id.
    pub id: String,
    /// Who holds it.
    pub customer_id: String,
    /// The prices it bills.
    pub price_ids: Vec<String>,
    /// Its currency as given, `null` for the customer's.
    pub currency: Option<String>,
    /// Its roll-up mode as given, `null` for the default.
    pub rollup: Option<RollupMode>,
    /// The subscription it is an inherited skeleton of, if any.
    pub parent_subscription_id: Option<String>,
}

impl From<&SubscriptionInput> for SubscriptionView {
    fn from(input: &SubscriptionInput) -> SubscriptionView {
        SubscriptionView {
            id: input.id.clone(),
            customer_id: input.customer_id.clone(),
            price_ids: input.price_ids.clone(),
            currency: input.currency.clone(),
            rollup: input.rollup,
            parent_subscription_id: input.parent_subscription_id.clone(),
        }
    }
}

/// Everything billed below a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct BillingBelow {
    /// The parent asked about.
    pub customer_id: String,
    /// Every customer below it, depth first.
    pub customer_ids: Vec<String>,
    /// Their subscriptions, in input order.
    pub subscriptions: Vec<SubscriptionView>,
    /// The invoices addressed to them, in invoice order.
    pub invoices: Vec<Invoice>,
}

impl Session {
    /// The loaded billing input, or `INVALID_INPUT` when none is.
    pub(crate) fn loaded_billing(&self) -> Result<&dyn KeptBilling, BilltreeError> {
        self.billing.as_deref().ok_or_else(|| {
            BilltreeError::invalid_input(
                "",
                "no billing input is loaded in this session (loadBilling first)",
            )
        })
    }

    /// `customer_id`'s direct children with their `activeSubscriptionCount`.
    pub fn children_with_subscriptions(
        &self,
        customer_id: &str,
    ) -> Result<ChildrenWithSubscriptions, BilltreeError> {
        let loaded = self.loaded_billing()?;
        let list = self.query().children(customer_id)?;
        let mut held: KeyMap<&str, u32> = KeyMap::default();
        for subscription in &loaded.input().subscriptions {
            *held.or_insert(subscription.customer_id.as_str(), 0) += 1;
        }
        let children = list
            .children
            .into_iter()
            .map(|customer| ChildWithSubscriptions {
                active_subscription_count: held.get(customer.id.as_str()).copied().unwrap_or(0),
                customer,
            })
            .collect();
        Ok(ChildrenWithSubscriptions {
            customer_id: list.customer_id,
            children,
        })
    }

    /// The subscriptions and invoices of every customer below `customer_id`.
    pub fn billing_below(&self, customer_id: &str) -> Result<BillingBelow, BilltreeError> {
        let loaded = self.loaded_billing()?;
        let below = self.query().subordinates(customer_id)?;
        let customer_id = self.hierarchy.require(customer_id)?;
        let mut ids: KeySet<&str> = KeySet::with_capacity(below.len());
        for customer in &below {
            ids.add_new(customer.id.as_str(), ());
        }
        let subscriptions = loaded
            .input()
            .subscriptions
            .iter()
            .filter(|s| ids.contains_key(s.customer_id.as_str()))
            .map(SubscriptionView::from)
            .collect();
        let invoices = loaded
            .preview()
            .invoices
            .iter()
            .filter(|i| ids.contains_key(i.customer_id.as_str()))
            .cloned()
            .collect();
        Ok(BillingBelow {
            customer_id: self.hierarchy.id(customer_id).to_owned(),
            customer_ids: below.iter().map(|c| c.id.clone()).collect(),
            subscriptions,
            invoices,
        })
    }
}
