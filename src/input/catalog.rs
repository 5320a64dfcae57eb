//! What is sold and to whom: prices (flat, per unit, package, graduated and volume
//! tiers) and subscriptions (standalone, a parent's subscription its children inherit,
//! a child's own subscription invoiced on its owner's invoice, a price that pools the
//! usage of named customers), with the roll-up mode that says how a child's charges
//! appear on its invoice owner's invoice.

use crate::money::decimal::{Quantity, UnitAmount};
use serde::{Deserialize, Serialize};

/// How a customer's charges appear on the invoice that carries them (DESIGN §4). Set
/// on a subscription or on one of its prices (the price's wins).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
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
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
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
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PriceTier {
    /// The last unit of the tier, inclusive; `null` or absent on the last, open tier.
    #[serde(default)]
    pub up_to: Option<Quantity>,
    /// The price of each unit in the tier.
    pub unit_amount: UnitAmount,
    /// A fee for reaching the tier at all.
    #[serde(default)]
    pub flat_amount: Option<UnitAmount>,
}

/// A price.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct PriceInput {
    /// Unique among prices.
    pub id: String,
    /// Shown on the invoice line; the id when absent.
    #[serde(default)]
    pub description: Option<String>,
    /// ISO 4217 code.
    pub currency: String,
    /// How the amount is computed.
    pub model: PriceModel,
    /// The meter whose usage is priced; required for every model but `flat`.
    #[serde(default)]
    pub meter: Option<String>,
    /// The fee (`flat`) or the price of one package (`package`).
    #[serde(default)]
    pub amount: Option<UnitAmount>,
    /// The price of one unit (`perUnit`).
    #[serde(default)]
    pub unit_amount: Option<UnitAmount>,
    /// Units per package (`package`).
    #[serde(default)]
    pub package_size: Option<Quantity>,
    /// The tiers (`graduated`, `volume`), ascending, the last open.
    #[serde(default)]
    pub tiers: Option<Vec<PriceTier>>,
    /// The roll-up mode of this price, over its subscription's.
    #[serde(default)]
    pub rollup: Option<RollupMode>,
    /// Whose usage the price reads, instead of the subscription's customers (Orb's
    /// `usage_customer_ids`): the pool is exactly these customers.
    #[serde(default)]
    pub usage_customer_ids: Option<Vec<String>>,
}

/// A subscription.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct SubscriptionInput {
    /// Unique among subscriptions.
    pub id: String,
    /// The customer who holds it.
    pub customer_id: String,
    /// The prices it bills, by id. An inherited subscription has none of its own.
    #[serde(default)]
    pub price_ids: Vec<String>,
    /// Its currency; the customer's when absent.
    #[serde(default)]
    pub currency: Option<String>,
    /// The roll-up mode of its prices (each price may set its own).
    #[serde(default)]
    pub rollup: Option<RollupMode>,
    /// Makes this an inherited skeleton of the parent subscription with this id
    /// (Flexprice `inherited`): no lines of its own; the customer's usage is pooled into
    /// the parent subscription's prices.
    #[serde(default)]
    pub parent_subscription_id: Option<String>,
}

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
