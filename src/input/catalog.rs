//! What is sold and to whom: prices (flat, per unit, package, graduated and volume
//! tiers) and subscriptions (standalone, a parent's subscription its children inherit,
//! a child's own subscription invoiced on its owner's invoice, a price that pools the
//! usage of named customers), with the roll-up mode that says how a child's charges
//! appear on its invoice owner's invoice.

use crate::money::decimal::{Quantity, UnitAmount};
use serde::Serialize;

/// How a customer's charges appear on the invoice that carries them (DESIGN §4). Set
/// on a subscription or on one of its prices (the price's wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum RollupMode {
    /// One line per price, priced once on the contributors' summed quantity (tiers
    /// reached by the pool), with a per-customer breakdown of quantities (Sequence,
    /// Flexprice inherited). The default.
    Pooled,
    /// Priced on the pool, then the amount allocated back to each contributor in
    /// proportion to its quantity: one line per contributor, the parts summing to the
    /// pooled amount to the minor unit.
    Apportioned,
    /// Each customer's own lines, priced on its own quantity and tagged with it, never
    /// merged, even for the same price (Flexprice grouped, Recurly).
    Passthrough,
    /// Each customer priced and invoiced on its own; the owner's invoice carries one
    /// line per customer equal to that customer's invoice total (Kill Bill's parent
    /// summary, m3ter's PARENT_SUMMARY).
    Summary,
    /// Each customer priced on its own quantity, no pooling (Metronome).
    Separate,
}

/// How a price turns a quantity into an amount.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum PriceModel {
    /// A fee per period (`amount`), whatever the usage.
    Flat,
    /// `unitAmount` per unit.
    PerUnit,
    /// `amount` per started package of `packageSize` units (rounded up).
    Package,
    /// Each tier prices the units that fall in it (`upTo` inclusive, the last open).
    Graduated,
    /// The tier the whole quantity reaches prices every unit.
    Volume,
}

/// One tier of a graduated or volume price.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct PriceTier {
    /// The last unit of the tier, inclusive; `null` or absent on the last, open tier.
    pub up_to: Option<Quantity>,
    /// The price of each unit in the tier.
    pub unit_amount: UnitAmount,
    /// A fee for reaching the tier at all.
    pub flat_amount: Option<UnitAmount>,
}

/// A price.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct PriceInput {
    /// Unique among prices.
    pub id: String,
    /// Shown on the invoice line; the id when absent.
    pub description: Option<String>,
    /// ISO 4217 code.
    pub currency: String,
    /// How the amount is computed.
    pub model: PriceModel,
    /// The meter whose usage is priced; required for every model but `flat`.
    pub meter: Option<String>,
    /// The fee (`flat`) or the price of one package (`package`).
    pub amount: Option<UnitAmount>,
    /// The price of one unit (`perUnit`).
    pub unit_amount: Option<UnitAmount>,
    /// Units per package (`package`).
    pub package_size: Option<Quantity>,
    /// The tiers (`graduated`, `volume`), ascending, the last open.
    pub tiers: Option<Vec<PriceTier>>,
    /// The roll-up mode of this price, over its subscription's.
    pub rollup: Option<RollupMode>,
    /// Whose usage the price reads, instead of the subscription's customers (Orb's
    /// `usage_customer_ids`): the pool is exactly these customers.
    pub usage_customer_ids: Option<Vec<String>>,
}

/// A subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct SubscriptionInput {
    /// Unique among subscriptions.
    pub id: String,
    /// The customer who holds it.
    pub customer_id: String,
    /// The prices it bills, by id. An inherited subscription has none of its own.
    pub price_ids: Vec<String>,
    /// Its currency; the customer's when absent.
    pub currency: Option<String>,
    /// The roll-up mode of its prices (each price may set its own).
    pub rollup: Option<RollupMode>,
    /// Makes this an inherited skeleton of the parent subscription with this id
    /// (Flexprice `inherited`): no lines of its own; the customer's usage is pooled into
    /// the parent subscription's prices.
    pub parent_subscription_id: Option<String>,
}

/// A roll-up mode set by a what-if: on a subscription (`subscriptionId`) or on a price
/// (`priceId`, which wins over its subscriptions' modes, as in the input).
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct ModeChange {
    /// The subscription whose mode changes.
    pub subscription_id: Option<String>,
    /// The price whose mode changes.
    pub price_id: Option<String>,
    /// The new mode.
    pub rollup: RollupMode,
}

/// A step in a subscription's life, effective on a day of the period (Flexprice's
/// pause, resume and cancel).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum LifecycleAction {
    /// Stops billing from the day on (an active subscription only); its inherited
    /// subscriptions pause with it.
    Pause,
    /// Bills again from the day on (a paused subscription only); its inherited
    /// subscriptions resume with it.
    Resume,
    /// Stops billing for good from the day on (active or paused); its inherited
    /// subscriptions are cancelled with it. An inherited subscription cannot be
    /// cancelled, paused or resumed on its own.
    Cancel,
}

/// A lifecycle step for one subscription.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(rename_all = "camelCase"))]
pub struct SubscriptionAction {
    /// The subscription.
    pub subscription_id: String,
    /// What happens to it.
    pub action: LifecycleAction,
}

crate::input::read_json::json_enum!(LifecycleAction, "enum LifecycleAction" {
    Pause: "pause",
    Resume: "resume",
    Cancel: "cancel",
});

crate::input::read_json::json_object!(SubscriptionAction, "struct SubscriptionAction" {
    subscription_id: "subscriptionId" required,
    action: "action" required,
});

crate::input::read_json::json_enum!(RollupMode, "enum RollupMode" {
    Pooled: "pooled",
    Apportioned: "apportioned",
    Passthrough: "passthrough",
    Summary: "summary",
    Separate: "separate",
});

crate::input::read_json::json_enum!(PriceModel, "enum PriceModel" {
    Flat: "flat",
    PerUnit: "perUnit",
    Package: "package",
    Graduated: "graduated",
    Volume: "volume",
});

crate::input::read_json::json_object!(PriceTier, "struct PriceTier" {
    up_to: "upTo" default,
    unit_amount: "unitAmount" required,
    flat_amount: "flatAmount" default,
});

crate::input::read_json::json_object!(PriceInput, "struct PriceInput" {
    id: "id" required,
    description: "description" default,
    currency: "currency" required,
    model: "model" required,
    meter: "meter" default,
    amount: "amount" default,
    unit_amount: "unitAmount" default,
    package_size: "packageSize" default,
    tiers: "tiers" default,
    rollup: "rollup" default,
    usage_customer_ids: "usageCustomerIds" default,
});

crate::input::read_json::json_object!(SubscriptionInput, "struct SubscriptionInput" {
    id: "id" required,
    customer_id: "customerId" required,
    price_ids: "priceIds" default,
    currency: "currency" default,
    rollup: "rollup" default,
    parent_subscription_id: "parentSubscriptionId" default,
});

crate::input::read_json::json_object!(ModeChange, "struct ModeChange" {
    subscription_id: "subscriptionId" default,
    price_id: "priceId" default,
    rollup: "rollup" required,
});
