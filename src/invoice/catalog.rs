//! The billing input read against the hierarchy: prices checked and indexed, each
//! subscription with its holder, currency, prices and inheritors, and the issues found
//! on the way (unknown references, inherited subscriptions that break a rule, prices in
//! another currency). Shape errors (a tier list out of order, an unknown currency code)
//! are thrown, with their path.

use crate::common::error::{BilltreeError, ErrorCode};
use crate::common::fx::FxHashMap;
use crate::common::order::{sort_by, sort_dedup_by};
use crate::common::text::Quoted;
use crate::hierarchy::loaded::Hierarchy;
use crate::input::catalog::{ModeChange, PriceInput, PriceModel, RollupMode, SubscriptionInput};
use crate::input::customer_ix::CustomerIx;
use crate::input::invoicing::BillingInput;
use crate::invoice::context::Billed;
use crate::invoice::issues::{BillingIssue, BillingIssueCode};
use crate::invoice::pricing::{Pricing, Tier};
use crate::money::currency::Currency;

/// A price, checked.
#[derive(Debug, Clone)]
pub struct Price {
    /// Its id.
    pub id: String,
    /// Shown on lines.
    pub description: String,
    /// Its currency.
    pub currency: Currency,
    /// The meter it reads (usage models).
    pub meter: Option<String>,
    /// How it prices.
    pub pricing: Pricing,
    /// Its own roll-up mode.
    pub rollup: Option<RollupMode>,
    /// Orb's `usage_customer_ids`, resolved, sorted by id.
    pub usage_customers: Option<Vec<CustomerIx>>,
}

/// A subscription that bills, checked.
#[derive(Debug, Clone)]
pub struct Subscription {
    /// Its id.
    pub id: String,
    /// Who holds it.
    pub holder: CustomerIx,
    /// Its currency.
    pub currency: Currency,
    /// Its prices, by position in [`Catalog::prices`], in the order given.
    pub prices: Vec<usize>,
    /// Its roll-up mode.
    pub rollup: Option<RollupMode>,
    /// Customers holding inherited skeletons of it, sorted by id.
    pub inheritors: Vec<CustomerIx>,
}

/// Prices and billing subscriptions.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Every price, in input order.
    pub prices: Vec<Price>,
    /// Subscriptions that bill (not skeletons, not of unknown customers).
    pub subscriptions: Vec<Subscription>,
}

impl Catalog {
    /// Sets roll-up modes a what-if changes (an unknown id changes nothing).
    pub fn set_modes(&mut self, modes: &[ModeChange]) {
        for change in modes {
            if let Some(id) = &change.subscription_id {
                for subscription in self.subscriptions.iter_mut().filter(|s| s.id == *id) {
                    subscription.rollup = Some(change.rollup);
                }
            }
            if let Some(id) = &change.price_id {
                for price in self.prices.iter_mut().filter(|p| p.id == *id) {
                    price.rollup = Some(change.rollup);
                }
            }
        }
    }
}

/// The error for an unknown ISO 4217 code, at its path.
pub fn unknown_currency(path: &str, code: &str) -> BilltreeError {
    let problem = crate::money::currency::UnknownCurrency(code.to_owned());
    let mut error = BilltreeError::invalid_input(path, problem);
    error.code = ErrorCode::UnknownCurrency;
    error
}

/// A currency code, or `UNKNOWN_CURRENCY` at the path `path` builds (only then: this
/// runs once per charge).
pub fn currency_at(code: &str, path: impl FnOnce() -> String) -> Result<Currency, BilltreeError> {
    Currency::parse(code).map_err(|_| unknown_currency(&path(), code))
}

/// The currency of a customer's record, if it has one.
pub fn customer_currency(
    hierarchy: &Hierarchy,
    customer: CustomerIx,
) -> Result<Option<Currency>, BilltreeError> {
    match hierarchy.store().currency(customer) {
        None => Ok(None),
        Some(code) => currency_at(code, || {
            format!("customers[{}].currency", customer.position())
        })
        .map(Some),
    }
}

fn read_tiers(
    path: &str,
    tiers: &[crate::input::catalog::PriceTier],
) -> Result<Vec<Tier>, BilltreeError> {
    if tiers.is_empty() {
        return Err(BilltreeError::invalid_input(
            path,
            "needs at least one tier",
        ));
    }
    let mut read = Vec::with_capacity(tiers.len());
    let mut below = None;
    for (index, tier) in tiers.iter().enumerate() {
        let last = index + 1 == tiers.len();
        match (tier.up_to, last) {
            (None, false) => {
                return Err(BilltreeError::invalid_input(
                    &format!("{path}[{index}].upTo"),
                    "only the last tier may be open (no upTo)",
                ))
            }
            (Some(up_to), _) if below.is_some_and(|b| up_to.0 <= b) || up_to.0.is_zero() => {
                return Err(BilltreeError::invalid_input(
                    &format!("{path}[{index}].upTo"),
                    "tiers must rise: each upTo above the one before (and above 0)",
                ))
            }
            _ => {}
        }
        below = tier.up_to.map(|u| u.0);
        read.push(Tier {
            up_to: tier.up_to.map(|u| u.0),
            unit_amount: tier.unit_amount.0,
            flat_amount: tier.flat_amount.map(|f| f.0),
        });
    }
    Ok(read)
}

/// Checks that a price carries exactly the fields its model reads.
fn read_pricing(path: &str, price: &PriceInput) -> Result<Pricing, BilltreeError> {
    let wrong = |field: &str, problem: &str| {
        BilltreeError::invalid_input(&format!("{path}.{field}"), problem)
    };
    let needs = |present: bool, field: &str| {
        if present {
            Ok(())
        } else {
            Err(wrong(field, "is required by this price model"))
        }
    };
    let refuses = |present: bool, field: &str| {
        if present {
            Err(wrong(field, "does not apply to this price model"))
        } else {
            Ok(())
        }
    };
    let usage = price.model != PriceModel::Flat;
    needs(!usage || price.meter.is_some(), "meter")?;
    refuses(!usage && price.meter.is_some(), "meter")?;
    refuses(
        !usage && price.usage_customer_ids.is_some(),
        "usageCustomerIds",
    )?;
    let tiered = matches!(price.model, PriceModel::Graduated | PriceModel::Volume);
    refuses(!tiered && price.tiers.is_some(), "tiers")?;
    refuses(
        price.model != PriceModel::PerUnit && price.unit_amount.is_some(),
        "unitAmount",
    )?;
    refuses(
        price.model != PriceModel::Package && price.package_size.is_some(),
        "packageSize",
    )?;
    refuses(
        !matches!(price.model, PriceModel::Flat | PriceModel::Package) && price.amount.is_some(),
        "amount",
    )?;
    Ok(match price.model {
        PriceModel::Flat => {
            needs(price.amount.is_some(), "amount")?;
            Pricing::Flat(price.amount.unwrap_or_default().0)
        }
        PriceModel::PerUnit => {
            needs(price.unit_amount.is_some(), "unitAmount")?;
            Pricing::PerUnit(price.unit_amount.unwrap_or_default().0)
        }
        PriceModel::Package => {
            needs(price.amount.is_some(), "amount")?;
            let size = price.package_size.unwrap_or_default().0;
            if size.is_zero() {
                return Err(wrong("packageSize", "must be above 0"));
            }
            Pricing::Package {
                amount: price.amount.unwrap_or_default().0,
                size,
            }
        }
        PriceModel::Graduated | PriceModel::Volume => {
            let tiers = read_tiers(
                &format!("{path}.tiers"),
                price.tiers.as_deref().unwrap_or_default(),
            )?;
            if price.model == PriceModel::Graduated {
                Pricing::Graduated(tiers)
            } else {
                Pricing::Volume(tiers)
            }
        }
    })
}

fn unknown_customer(id: &str, field: &'static str) -> BillingIssue {
    let mut issue = BillingIssue::new(
        BillingIssueCode::UnknownCustomer,
        format!(
            "{field}: no customer has the id {}; its entries are not billed",
            Quoted(id)
        ),
    )
    .customer(id);
    issue.field = Some(field);
    issue
}

/// Reads prices and subscriptions against the hierarchy.
pub fn read_catalog(
    billed: Billed<'_>,
    input: &BillingInput,
    issues: &mut Vec<BillingIssue>,
) -> Result<Catalog, BilltreeError> {
    let hierarchy = billed.hierarchy;
    let mut catalog = Catalog::default();
    let mut price_ix: FxHashMap<&str, usize> = FxHashMap::default();
    for (index, price) in input.prices.iter().enumerate() {
        let path = format!("prices[{index}]");
        if price_ix.insert(price.id.as_str(), index).is_some() {
            return Err(BilltreeError::invalid_input(
                &format!("{path}.id"),
                format_args!("two prices have the id {}", Quoted(&price.id)),
            ));
        }
        let pricing = read_pricing(&path, price)?;
        let usage_customers = match &price.usage_customer_ids {
            None => None,
            Some(ids) => {
                let mut found = Vec::with_capacity(ids.len());
                for id in ids {
                    match hierarchy.find(id) {
                        Some(customer) => found.push(customer),
                        None => {
                            issues.push(unknown_customer(id, "usageCustomerIds").price(&price.id))
                        }
                    }
                }
                sort_dedup_by(&mut found, |a, b| hierarchy.id(*a).cmp(hierarchy.id(*b)));
                Some(found)
            }
        };
        catalog.prices.push(Price {
            id: price.id.clone(),
            description: price
                .description
                .clone()
                .unwrap_or_else(|| price.id.clone()),
            currency: currency_at(&price.currency, || format!("{path}.currency"))?,
            meter: price.meter.clone(),
            pricing,
            rollup: price.rollup,
            usage_customers,
        });
    }
    read_subscriptions(billed, input, &price_ix, &mut catalog, issues)?;
    Ok(catalog)
}

fn read_subscriptions(
    billed: Billed<'_>,
    input: &BillingInput,
    price_ix: &FxHashMap<&str, usize>,
    catalog: &mut Catalog,
    issues: &mut Vec<BillingIssue>,
) -> Result<(), BilltreeError> {
    let hierarchy = billed.hierarchy;
    let mut by_id: FxHashMap<&str, usize> = FxHashMap::default();
    for (index, subscription) in input.subscriptions.iter().enumerate() {
        if by_id.insert(subscription.id.as_str(), index).is_some() {
            return Err(BilltreeError::invalid_input(
                &format!("subscriptions[{index}].id"),
                format_args!("two subscriptions have the id {}", Quoted(&subscription.id)),
            ));
        }
    }
    // Skeletons first: which billing subscription each customer inherits from.
    let mut inheritors: Vec<Vec<CustomerIx>> = vec![Vec::new(); input.subscriptions.len()];
    let mut inherits_from: FxHashMap<CustomerIx, (CustomerIx, &str)> = FxHashMap::default();
    let mut skeletons: Vec<&SubscriptionInput> = input
        .subscriptions
        .iter()
        .filter(|s| s.parent_subscription_id.is_some())
        .collect();
    sort_by(&mut skeletons, |a, b| a.id.cmp(&b.id));
    for skeleton in skeletons {
        let Some(child) = hierarchy.find(&skeleton.customer_id) else {
            issues.push(
                unknown_customer(&skeleton.customer_id, "subscriptions").subscription(&skeleton.id),
            );
            continue;
        };
        if !skeleton.price_ids.is_empty() {
            issues.push(
                BillingIssue::new(
                    BillingIssueCode::SkeletonWithLines,
                    format!(
                        "inherited subscription {} lists prices of its own; an inherited subscription bills through its parent subscription, so they are not billed",
                        Quoted(&skeleton.id)
                    ),
                )
                .customer(&skeleton.customer_id)
                .subscription(&skeleton.id),
            );
        }
        let parent_id = skeleton
            .parent_subscription_id
            .as_deref()
            .unwrap_or_default();
        let parent = by_id
            .get(parent_id)
            .copied()
            .filter(|p| input.subscriptions[*p].parent_subscription_id.is_none());
        let Some(parent) = parent else {
            issues.push(
                BillingIssue::new(
                    BillingIssueCode::UnknownSubscription,
                    format!(
                        "inherited subscription {} names the parent subscription {}, which does not exist or is itself inherited",
                        Quoted(&skeleton.id),
                        Quoted(parent_id)
                    ),
                )
                .customer(&skeleton.customer_id)
                .subscription(&skeleton.id),
            );
            continue;
        };
        let parent_input = &input.subscriptions[parent];
        let Some(holder) = hierarchy.find(&parent_input.customer_id) else {
            continue; // reported with the parent subscription itself
        };
        if !billed.is_strictly_below(child, holder) {
            issues.push(
                BillingIssue::new(
                    BillingIssueCode::InheritedNotFromAncestor,
                    format!(
                        "{} inherits {} from {}, which is not above it in the hierarchy; its usage is not pooled",
                        hierarchy.who(child),
                        Quoted(&parent_input.id),
                        hierarchy.who(holder)
                    ),
                )
                .customer(&skeleton.customer_id)
                .subscription(&skeleton.id),
            );
            continue;
        }
        match inherits_from.get(&child) {
            Some((other, other_subscription)) if *other != holder => {
                let mut issue = BillingIssue::new(
                    BillingIssueCode::InheritedFromTwoParents,
                    format!(
                        "{} inherits subscriptions from two customers ({} through {}, {} through {}); only the first is pooled",
                        hierarchy.who(child),
                        Quoted(hierarchy.id(*other)),
                        Quoted(other_subscription),
                        Quoted(hierarchy.id(holder)),
                        Quoted(&skeleton.id)
                    ),
                )
                .customer(&skeleton.customer_id)
                .subscription(&skeleton.id);
                issue.other_customer_id = Some(hierarchy.id(holder).to_owned());
                issues.push(issue);
                continue;
            }
            _ => {
                inherits_from.insert(child, (holder, skeleton.id.as_str()));
            }
        }
        if let Some(list) = inheritors.get_mut(parent) {
            list.push(child);
        }
    }
    for (index, subscription) in input.subscriptions.iter().enumerate() {
        if subscription.parent_subscription_id.is_some() {
            continue;
        }
        let Some(holder) = hierarchy.find(&subscription.customer_id) else {
            issues.push(
                unknown_customer(&subscription.customer_id, "subscriptions")
                    .subscription(&subscription.id),
            );
            continue;
        };
        let currency = match &subscription.currency {
            Some(code) => currency_at(code, || format!("subscriptions[{index}].currency"))?,
            None => match customer_currency(hierarchy, holder)? {
                Some(currency) => currency,
                None => {
                    issues.push(
                        BillingIssue::new(
                            BillingIssueCode::MissingCurrency,
                            format!(
                                "subscription {} has no currency, and neither has its customer; it is not billed",
                                Quoted(&subscription.id)
                            ),
                        )
                        .customer(&subscription.customer_id)
                        .subscription(&subscription.id),
                    );
                    continue;
                }
            },
        };
        let mut prices = Vec::with_capacity(subscription.price_ids.len());
        for price_id in &subscription.price_ids {
            let Some(&price) = price_ix.get(price_id.as_str()) else {
                issues.push(
                    BillingIssue::new(
                        BillingIssueCode::UnknownPrice,
                        format!(
                            "subscription {} lists the price {}, which does not exist",
                            Quoted(&subscription.id),
                            Quoted(price_id)
                        ),
                    )
                    .customer(&subscription.customer_id)
                    .subscription(&subscription.id)
                    .price(price_id),
                );
                continue;
            };
            let price_currency = catalog.prices[price].currency;
            if price_currency != currency {
                let mut issue = BillingIssue::new(
                    BillingIssueCode::PriceCurrencyMismatch,
                    format!(
                        "price {} is in {price_currency}, subscription {} in {currency}; the price is not billed",
                        Quoted(price_id),
                        Quoted(&subscription.id)
                    ),
                )
                .customer(&subscription.customer_id)
                .subscription(&subscription.id)
                .price(price_id);
                issue.currency = Some(price_currency.code().to_owned());
                issue.expected_currency = Some(currency.code().to_owned());
                issues.push(issue);
                continue;
            }
            prices.push(price);
        }
        let mut inheriting = inheritors
            .get_mut(index)
            .map(std::mem::take)
            .unwrap_or_default();
        sort_dedup_by(&mut inheriting, |a, b| {
            hierarchy.id(*a).cmp(hierarchy.id(*b))
        });
        catalog.subscriptions.push(Subscription {
            id: subscription.id.clone(),
            holder,
            currency,
            prices,
            rollup: subscription.rollup,
            inheritors: inheriting,
        });
    }
    sort_by(&mut catalog.subscriptions, |a, b| a.id.cmp(&b.id));
    Ok(())
}
