//! The billing input read against the hierarchy: prices checked and indexed, each
//! subscription with its holder, currency, prices and inheritors, and the issues found
//! on the way (unknown references, inherited subscriptions that break a rule, prices in
//! another currency). Shape errors (a tier list out of order, an unknown currency code)
//! are thrown, with their path.

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::common::error::{BilltreeError, ErrorCode};
use crate::common::key_map::KeyMap;
use crate::common::order::{sort_by, sort_dedup_by};
use crate::common::text::Quoted;
use crate::hierarchy::loaded::Hierarchy;
use crate::input::catalog::{ModeChange, RollupMode, SubscriptionInput};
use crate::input::invoicing::BillingInput;
use crate::invoice::issues::{BillingIssue, BillingIssueCode};
use crate::invoice::pricing::{read_pricing, Pricing};
use crate::money::currency::Currency;
use crate::period::billed::Billed;
use crate::period::lifecycle::Lifecycle;
use crate::period::parts::Fed;

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
    /// The sub-periods it bills in (bit `p`: sub-period `p`; all unless paused or
    /// cancelled).
    pub active: Fed,
}

/// Prices and billing subscriptions.
#[derive(Debug, Clone, Default)]
pub struct Catalog {
    /// Every price, in input order.
    pub prices: Vec<Price>,
    /// Subscriptions that bill (not skeletons, not of unknown customers).
    pub subscriptions: Vec<Subscription>,
    /// The inherited skeletons whose customers and parent subscriptions were found, in
    /// id order: what ancestry decides on (`link_inheritors`), kept so that a what-if
    /// that edits the hierarchy re-links them instead of reading the catalog again.
    links: Vec<SkeletonLink>,
    /// `links` by parent subscription, then customer id: the order inheritors are
    /// listed in.
    inheritor_order: Vec<usize>,
}

/// An inherited skeleton, resolved: who holds it, whose subscription it inherits.
#[derive(Debug, Clone, Copy)]
struct SkeletonLink {
    /// The skeleton's customer.
    child: CustomerIx,
    /// The parent subscription's customer.
    holder: CustomerIx,
    /// The skeleton, by input position.
    skeleton: usize,
    /// The parent subscription in `Catalog::subscriptions`; `None` when it does not
    /// bill (no currency), though it still claims the child.
    parent: Option<usize>,
}

impl Catalog {
    /// Links each skeleton to its parent subscription when the subscription's holder is
    /// above the skeleton's customer in `billed`; reports those that are not, and a
    /// second parent. Replaces every subscription's inheritors. Linear in the links:
    /// the order inheritors are listed in was sorted once, when the catalog was read.
    pub fn link_inheritors(
        &mut self,
        billed: Billed<'_>,
        input: &BillingInput,
        issues: &mut Vec<BillingIssue>,
    ) {
        let hierarchy = billed.hierarchy;
        // The link that last claimed each customer (the first holder wins; a later link
        // of the same holder takes over, so a second holder's issue names the latest).
        let mut claimed: PerCustomer<Option<usize>> = PerCustomer::filled(hierarchy.len(), None);
        let mut accepted = vec![false; self.links.len()];
        for (at, link) in self.links.iter().enumerate() {
            let (child, holder) = (link.child, link.holder);
            let skeleton = &input.subscriptions[link.skeleton];
            let report = |code, message: String| {
                BillingIssue::new(code, message)
                    .customer(&skeleton.customer_id)
                    .subscription(&skeleton.id)
            };
            if !billed.is_strictly_below(child, holder) {
                let parent_id = skeleton
                    .parent_subscription_id
                    .as_deref()
                    .unwrap_or_default();
                issues.push(report(
                    BillingIssueCode::InheritedNotFromAncestor,
                    format!(
                        "{} inherits {} from {}, which is not above it in the hierarchy; its usage is not pooled",
                        hierarchy.who(child),
                        Quoted(parent_id),
                        hierarchy.who(holder)
                    ),
                ));
                continue;
            }
            if let Some(first) = claimed[child].and_then(|first| self.links.get(first)) {
                if first.holder != holder {
                    let mut issue = report(
                        BillingIssueCode::InheritedFromTwoParents,
                        format!(
                            "{} inherits subscriptions from two customers ({} through {}, {} through {}); only the first is pooled",
                            hierarchy.who(child),
                            Quoted(hierarchy.id(first.holder)),
                            Quoted(&input.subscriptions[first.skeleton].id),
                            Quoted(hierarchy.id(holder)),
                            Quoted(&skeleton.id)
                        ),
                    );
                    issue.other_customer_id = Some(hierarchy.id(holder).to_owned());
                    issues.push(issue);
                    continue;
                }
            }
            claimed[child] = Some(at);
            accepted[at] = true;
        }
        for subscription in &mut self.subscriptions {
            subscription.inheritors.clear();
        }
        for &at in &self.inheritor_order {
            let link = self.links[at];
            let parent = link.parent.and_then(|p| self.subscriptions.get_mut(p));
            if let (true, Some(parent)) = (accepted[at], parent) {
                if parent.inheritors.last() != Some(&link.child) {
                    parent.inheritors.push(link.child);
                }
            }
        }
    }

    /// Sets the sub-periods each subscription bills in, from the period's lifecycle.
    pub fn set_lifecycle(&mut self, lifecycle: &Lifecycle) {
        if lifecycle.active.is_empty() {
            return;
        }
        for subscription in &mut self.subscriptions {
            subscription.active = lifecycle.active_parts(&subscription.id);
        }
    }

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
    let mut price_ix: KeyMap<&str, usize> = KeyMap::with_capacity(input.prices.len());
    for (index, price) in input.prices.iter().enumerate() {
        let path = format!("prices[{index}]");
        if !price_ix.add_new(price.id.as_str(), index) {
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
                sort_dedup_by(&mut found, |a, b| hierarchy.compare_ids(*a, *b));
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
    price_ix: &KeyMap<&str, usize>,
    catalog: &mut Catalog,
    issues: &mut Vec<BillingIssue>,
) -> Result<(), BilltreeError> {
    let hierarchy = billed.hierarchy;
    let mut by_id: KeyMap<&str, usize> = KeyMap::with_capacity(input.subscriptions.len());
    for (index, subscription) in input.subscriptions.iter().enumerate() {
        if !by_id.add_new(subscription.id.as_str(), index) {
            return Err(BilltreeError::invalid_input(
                &format!("subscriptions[{index}].id"),
                format_args!("two subscriptions have the id {}", Quoted(&subscription.id)),
            ));
        }
    }
    // Skeletons first, in id order: which subscription each one inherits (by input
    // position until the billing subscriptions have their places).
    let mut skeletons: Vec<(usize, &SubscriptionInput)> = input
        .subscriptions
        .iter()
        .enumerate()
        .filter(|(_, s)| s.parent_subscription_id.is_some())
        .collect();
    sort_by(&mut skeletons, |a, b| a.1.id.cmp(&b.1.id));
    let mut links: Vec<(SkeletonLink, usize)> = Vec::with_capacity(skeletons.len());
    for (index, skeleton) in skeletons {
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
        let Some(holder) = hierarchy.find(&input.subscriptions[parent].customer_id) else {
            continue; // reported with the parent subscription itself
        };
        let link = SkeletonLink {
            child,
            holder,
            skeleton: index,
            parent: None,
        };
        links.push((link, parent));
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
        catalog.subscriptions.push(Subscription {
            id: subscription.id.clone(),
            holder,
            currency,
            prices,
            rollup: subscription.rollup,
            inheritors: Vec::new(),
            active: Fed(u64::MAX),
        });
    }
    sort_by(&mut catalog.subscriptions, |a, b| a.id.cmp(&b.id));
    // Where each billing subscription landed, by input position (ids are unique).
    let mut place = vec![usize::MAX; input.subscriptions.len()];
    for (at, subscription) in catalog.subscriptions.iter().enumerate() {
        if let Some(&input_index) = by_id.get(subscription.id.as_str()) {
            place[input_index] = at;
        }
    }
    catalog.links = links
        .into_iter()
        .map(|(link, parent)| SkeletonLink {
            parent: place.get(parent).copied().filter(|p| *p != usize::MAX),
            ..link
        })
        .collect();
    let mut order: Vec<usize> = (0..catalog.links.len()).collect();
    let links = &catalog.links;
    sort_by(&mut order, |a, b| {
        let (a, b) = (&links[*a], &links[*b]);
        a.parent
            .cmp(&b.parent)
            .then_with(|| hierarchy.compare_ids(a.child, b.child))
    });
    catalog.inheritor_order = order;
    catalog.link_inheritors(billed, input, issues);
    Ok(())
}
