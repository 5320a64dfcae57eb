//! From subscriptions, usage and charges to invoice lines, placed by roll-up mode.
//!
//! A subscription's charges go to its holder's invoice owner (from owner resolution).
//! A usage price reads the usage of its pool: the holder and every customer holding an
//! inherited skeleton of the subscription, or exactly the customers a price names
//! (`usageCustomerIds`). Then, per mode: `pooled` prices the pool once (one line, in
//! the holder's section, with the breakdown); `apportioned` prices the pool once and
//! allocates the rounded amount to the contributors by quantity (largest remainder),
//! one line each in its own section; `separate` and `passthrough` price each
//! contributor on its own quantity, one line each; `summary` does the same but puts
//! each contributor's lines (other than the owner's own) on that contributor's own
//! invoice, whose total its owner's invoice carries as one line.
//! A run (`Run`) says what the placer places for: a what-if's changes laid over the
//! input (`Overrides`), the owners in scope, and what a session read (`Prepared`).
//! Holders out of scope feed none of its invoices (pool members share their scope).

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::common::error::BilltreeError;
use crate::common::key_map::{customer_key, pair, KeySet};
use crate::common::order::sort_dedup_by;
use crate::common::text::Quoted;
use crate::input::catalog::{ModeChange, RollupMode};
use crate::input::invoicing::{CurrencyPolicy, PeriodInput, UsageTotal};
use crate::invoice::building::{Draft, Target};
use crate::invoice::catalog::{customer_currency, Catalog, Price, Subscription};
use crate::invoice::issues::{BillingIssue, BillingIssueCode};
use crate::invoice::model::{Contribution, Line, LineKind, PoolShare};
use crate::invoice::pricing::{gather_pools, Place};
use crate::invoice::usage::Usage;
use crate::money::allocate::allocate;
use crate::money::currency::Currency;
use crate::money::decimal::{Money, Quantity};
use crate::money::exact::Exact;
use crate::owners::model::Owners;
use crate::period::billed::{Billed, Segment};
use crate::period::dated_rows::DatedRows;
use crate::period::parts::{spans, Fed};
use crate::period::timeline::{Dated, Timeline};
use rust_decimal::Decimal;

/// Changes laid over the billing input.
#[derive(Debug, Clone, Default)]
pub struct Overrides<'a> {
    /// A customer's usage on a meter becomes this quantity: its rows and totals for
    /// that meter are left out, and this total counts instead (the last one given for
    /// a customer and meter).
    pub usage: &'a [UsageTotal],
    /// Roll-up modes set, in order (a later one wins).
    pub modes: &'a [ModeChange],
}

/// The input read once for what-ifs on a session: the catalog as read over the loaded
/// hierarchy, the usage (customer positions do not change with edits, so neither does
/// the usage) and its rows.
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The catalog over the hierarchy it was read with.
    pub catalog: Catalog,
    /// The usage, no price having read it yet.
    pub usage: Usage,
    /// The usage rows with their days, for runs whose changes split the period.
    pub rows: DatedRows,
}

/// One preview: the overrides, the invoice owners whose invoices are built (all when
/// `owners` is `None`), and what was read before.
#[derive(Debug, Clone, Copy, Default)]
pub struct Run<'a> {
    /// Changes over the input.
    pub overrides: Option<&'a Overrides<'a>>,
    /// The invoice owners in scope.
    pub owners: Option<&'a PerCustomer<bool>>,
    /// The input as read before: its usage and its catalog are reused.
    pub prepared: Option<&'a Prepared>,
    /// Link the catalog's inherited subscriptions again over this run's hierarchy:
    /// only they depend on ancestry, which hierarchy edits change (ids, prices and
    /// currencies do not, so the rest of the catalog is not read again).
    pub relink_catalog: bool,
    /// A what-if's own changes, in date order, each effective on a day of the period
    /// (after the input's changes of that day).
    pub dated: &'a [Dated<'a>],
    /// The timeline of the input and `dated`, when the caller has read it already.
    pub timeline: Option<&'a Timeline<'a>>,
}

impl Run<'_> {
    /// Whether the invoices owned by `owner` are built.
    pub fn builds(&self, owner: CustomerIx) -> bool {
        self.owners.is_none_or(|owners| owners[owner])
    }

    /// Whether `customer` is in this run's scope under `owners`: it is an owner in
    /// scope, or its invoice owner is (a customer whose owner is unresolved counts by
    /// itself).
    pub fn covers(&self, owners: &Owners, customer: CustomerIx) -> bool {
        self.builds(customer)
            || owners.of[customer]
                .invoice
                .is_ok_and(|owner| self.builds(owner))
    }
}

/// Places every charge of the period on its invoice.
pub struct Placer<'a, 'b> {
    /// The hierarchy (ids and names are the same in every sub-period).
    pub billed: Billed<'a>,
    /// The currency policy.
    pub policy: CurrencyPolicy,
    /// Problems found, added to.
    pub issues: &'b mut Vec<BillingIssue>,
    /// The drafts made.
    pub drafts: Vec<Draft>,
    /// The sub-periods, each with the owners in force.
    pub(super) segments: &'a [Segment<'a>],
    /// Each sub-period's days, the weights a flat fee is prorated by.
    pub(super) weights: Vec<i128>,
    /// Which owners' invoices are built.
    pub(super) run: Run<'a>,
    /// A scoped run's customers; others' subscriptions are passed over.
    pub(super) covered: Option<&'a PerCustomer<bool>>,
    pub(super) unresolved: KeySet<[u8; 4]>,
    pub(super) mismatched: KeySet<[u8; 8]>,
}

impl<'a, 'b> Placer<'a, 'b> {
    /// A placer with no drafts yet, over the run's sub-periods (at least one).
    pub fn new(
        segments: &'a [Segment<'a>],
        policy: CurrencyPolicy,
        (run, covered): (Run<'a>, Option<&'a PerCustomer<bool>>),
        issues: &'b mut Vec<BillingIssue>,
    ) -> Result<Self, BilltreeError> {
        let Some(last) = segments.last() else {
            return Err(BilltreeError::invalid_input(
                "period",
                "the period has no days",
            ));
        };
        Ok(Placer {
            run,
            covered,
            billed: last.billed,
            policy,
            issues,
            drafts: Vec::new(),
            weights: segments.iter().map(|s| i128::from(s.part.days)).collect(),
            segments,
            unresolved: KeySet::default(),
            mismatched: KeySet::default(),
        })
    }

    /// The parts of the period a line fed by `fed` covers, none when all of it.
    fn spans(&self, fed: Fed) -> Vec<PeriodInput> {
        spans(self.segments, fed)
    }

    /// The invoice owner of `customer`'s charges in `currency` during sub-period
    /// `part`, or `None` with the issue reported (unresolved owner, currency mismatch).
    pub(super) fn owner_for(
        &mut self,
        part: usize,
        customer: CustomerIx,
        currency: Currency,
    ) -> Result<Option<CustomerIx>, BilltreeError> {
        let Some(billed) = self.segments.get(part).map(|segment| segment.billed) else {
            return Ok(None);
        };
        let Ok(owner) = billed.owners.of[customer].invoice else {
            if self.unresolved.add_new(customer_key(customer), ()) {
                self.issues.push(
                    BillingIssue::new(
                        BillingIssueCode::OwnerUnresolved,
                        format!(
                            "the invoice owner of {} is not resolved (see the owner issues); its charges are not billed",
                            billed.hierarchy.who(customer)
                        ),
                    )
                    .customer(billed.id(customer)),
                );
            }
            return Ok(None);
        };
        if self.policy == CurrencyPolicy::Mismatch {
            if let Some(owner_currency) = customer_currency(billed.hierarchy, owner)? {
                if owner_currency != currency {
                    if self
                        .mismatched
                        .add_new(pair(customer.position(), currency.key()), ())
                    {
                        let mut issue = BillingIssue::new(
                            BillingIssueCode::CurrencyMismatch,
                            format!(
                                "{} is billed in {currency}, its invoice owner {} in {owner_currency}; under the default currency policy these charges are not billed (currencyPolicy \"splitByCurrency\" puts them on a separate invoice)",
                                billed.hierarchy.who(customer),
                                billed.hierarchy.who(owner)
                            ),
                        )
                        .customer(billed.id(customer));
                        issue.currency = Some(currency.code().to_owned());
                        issue.expected_currency = Some(owner_currency.code().to_owned());
                        issue.other_customer_id = Some(billed.id(owner).to_owned());
                        self.issues.push(issue);
                    }
                    return Ok(None);
                }
            }
        }
        Ok(Some(owner))
    }

    pub(super) fn push(
        &mut self,
        target: Target,
        section: CustomerIx,
        holder: Option<CustomerIx>,
        line: Line,
    ) {
        let minor = target.currency.to_minor(line.amount.0);
        self.drafts.push(Draft {
            target,
            section,
            holder,
            line,
            minor,
            discounted: 0,
        });
    }

    /// Lines of every billing subscription. `catalogs` and `usages` hold one entry per
    /// sub-period (a catalog's inherited subscriptions are linked over its hierarchy).
    pub fn subscriptions(
        &mut self,
        catalogs: &[Catalog],
        usages: &mut [Usage],
    ) -> Result<(), BilltreeError> {
        let Some(catalog) = catalogs.first() else {
            return Ok(());
        };
        let covered = self.covered;
        let held = |s: &Subscription| covered.is_none_or(|covered| covered[s.holder]);
        for (at, subscription) in catalog.subscriptions.iter().enumerate() {
            if !held(subscription) {
                continue;
            }
            // The subscription's pool, by id: its holder and the holders of its
            // inherited skeletons in the sub-period (a price naming its own customers
            // overrides it).
            let billed = self.billed;
            let pool_in = |part: usize| {
                let linked = catalogs
                    .get(part)
                    .and_then(|catalog| catalog.subscriptions.get(at))
                    .unwrap_or(subscription);
                let mut pool = linked.inheritors.clone();
                pool.push(subscription.holder);
                sort_dedup_by(&mut pool, |a, b| billed.compare_ids(*a, *b));
                pool
            };
            let mut places = Vec::with_capacity(self.segments.len());
            // Paused or cancelled sub-periods bill nothing; their usage is reported.
            let mut idle = Vec::new();
            for part in 0..self.segments.len() {
                if !subscription.active.contains(part) {
                    // Reported for every pool (a scoped run keeps the issues of the
                    // customers in its scope).
                    let (owner, pool) = (subscription.holder, pool_in(part));
                    idle.push(Place { part, owner, pool });
                    continue;
                }
                let Some(owner) =
                    self.owner_for(part, subscription.holder, subscription.currency)?
                else {
                    continue;
                };
                if !self.run.builds(owner) {
                    continue;
                }
                let pool = pool_in(part);
                places.push(Place { part, owner, pool });
            }
            for &price in &subscription.prices {
                let price = &catalog.prices[price];
                self.price_lines(subscription, price, &places, usages)?;
                if !idle.is_empty() {
                    self.idle_usage(subscription, price, &idle, usages)?;
                }
            }
        }
        Ok(())
    }

    /// `USAGE_WHILE_INACTIVE` for the usage a price would read in the sub-periods its
    /// subscription is paused or cancelled (summed over them, per customer).
    fn idle_usage(
        &mut self,
        subscription: &Subscription,
        price: &Price,
        idle: &[Place],
        usages: &mut [Usage],
    ) -> Result<(), BilltreeError> {
        let Some(meter) = price.meter.as_deref() else {
            return Ok(());
        };
        let billed = self.billed;
        let by_id = |a: CustomerIx, b: CustomerIx| billed.compare_ids(a, b);
        for pool in gather_pools(
            &price.id,
            price.usage_customers.as_deref(),
            idle,
            usages,
            meter,
            by_id,
        )? {
            for (member, quantity, _) in pool.members {
                if quantity.is_zero() {
                    continue;
                }
                let mut issue = BillingIssue::new(
                    BillingIssueCode::UsageWhileInactive,
                    format!(
                        "{} used {quantity} on the meter {} while the subscription {} was paused or cancelled; it is not billed",
                        billed.hierarchy.who(member),
                        Quoted(meter),
                        Quoted(&subscription.id)
                    ),
                )
                .customer(billed.id(member))
                .subscription(&subscription.id)
                .price(&price.id);
                issue.meter = Some(meter.to_owned());
                issue.quantity = Some(quantity.to_string());
                self.issues.push(issue);
            }
        }
        Ok(())
    }

    fn price_lines(
        &mut self,
        subscription: &Subscription,
        price: &Price,
        places: &[Place],
        usages: &mut [Usage],
    ) -> Result<(), BilltreeError> {
        let billed = self.billed;
        let holder = subscription.holder;
        let currency = subscription.currency;
        let mode = price
            .rollup
            .or(subscription.rollup)
            .unwrap_or(RollupMode::Pooled);
        let target = |owner: CustomerIx, origin: CustomerIx| Target {
            owner,
            addressee: if mode == RollupMode::Summary {
                origin
            } else {
                owner
            },
            currency,
        };
        let line = |origin: CustomerIx, kind: LineKind, amount: Decimal, periods| {
            let mut line = Line::new(
                kind,
                billed.id(origin),
                price.description.clone(),
                Money(amount),
            );
            line.subscription_id = Some(subscription.id.clone());
            line.price_id = Some(price.id.clone());
            line.mode = Some(mode);
            line.periods = periods;
            line
        };
        let overflow = || BilltreeError::overflow(&format!("the price {}", Quoted(&price.id)));
        // The catalog gives a meter to usage models and to nothing else.
        let Some(meter) = price.meter.as_deref() else {
            let priced = price.pricing.price(Decimal::ONE).ok_or_else(overflow)?;
            let full = currency.round(priced.amount);
            // Prorated by days over the sub-periods; the parts under one owner make one
            // line (all of them: the fee as it is).
            let shares = match self.weights.len() {
                1 => vec![currency.to_minor(full)],
                _ => allocate(currency.to_minor(full), &self.weights).ok_or_else(overflow)?,
            };
            let mut owners: Vec<(CustomerIx, i128, Fed)> = Vec::new();
            for place in places {
                let share = shares.get(place.part).copied().unwrap_or_default();
                match owners
                    .iter_mut()
                    .find(|(owner, _, _)| *owner == place.owner)
                {
                    Some((_, sum, fed)) => {
                        *sum += share;
                        fed.add(place.part);
                    }
                    None => owners.push((place.owner, share, Fed::of(place.part))),
                }
            }
            for (owner, sum, fed) in owners {
                let periods = self.spans(fed);
                let amount = match periods.is_empty() {
                    true => full,
                    false => currency.amount_of(sum).ok_or_else(overflow)?,
                };
                let made = line(holder, LineKind::Flat, amount, periods);
                self.push(target(owner, holder), holder, Some(holder), made);
            }
            return Ok(());
        };
        let pools = gather_pools(
            &price.id,
            price.usage_customers.as_deref(),
            places,
            usages,
            meter,
            |a, b| billed.id(a).cmp(billed.id(b)),
        )?;
        for pool in pools {
            // Contributors with usage; the holder alone (at zero) when nobody used any.
            let mut used: Vec<(CustomerIx, Decimal, Fed)> = pool
                .members
                .into_iter()
                .filter(|(_, q, _)| !q.is_zero())
                .collect();
            if used.is_empty() {
                used.push((holder, Decimal::ZERO, pool.fed));
            }
            let owner = pool.owner;
            let usage_line = |origin: CustomerIx,
                              quantity: Decimal,
                              periods: Vec<PeriodInput>|
             -> Result<Line, BilltreeError> {
                let priced = price.pricing.price(quantity).ok_or_else(overflow)?;
                let mut made = line(
                    origin,
                    LineKind::Usage,
                    currency.round(priced.amount),
                    periods,
                );
                made.quantity = Some(Quantity(quantity));
                made.unit_amount = priced.unit_amount.map(Money);
                made.tiers = priced.tiers;
                Ok(made)
            };
            match mode {
                RollupMode::Pooled | RollupMode::Apportioned => {
                    let total = used
                        .iter()
                        .try_fold(Decimal::ZERO, |sum, (_, q, _)| sum.plus(*q))
                        .ok_or_else(overflow)?;
                    let mut pooled = usage_line(holder, total, self.spans(pool.fed))?;
                    if mode == RollupMode::Pooled {
                        // Who used the pool, by id: a pool of a thousand customers
                        // lists the few that used this meter, not a thousand zeros.
                        pooled.breakdown = used
                            .iter()
                            .filter(|(_, q, _)| !q.is_zero())
                            .map(|(k, q, fed)| Contribution {
                                customer_id: billed.id(*k).to_owned(),
                                quantity: Quantity(*q),
                                periods: self.spans(*fed),
                            })
                            .collect();
                        self.push(target(owner, holder), holder, Some(holder), pooled);
                        continue;
                    }
                    let weights: Vec<i128> = used.iter().map(|(_, q, _)| scaled(*q)).collect();
                    let pool_minor = currency.to_minor(pooled.amount.0);
                    let parts = allocate(pool_minor, &weights).ok_or_else(overflow)?;
                    for ((origin, quantity, fed), part) in used.iter().zip(parts) {
                        let amount = currency.amount_of(part).ok_or_else(overflow)?;
                        let mut share = line(*origin, LineKind::Usage, amount, self.spans(*fed));
                        share.quantity = Some(Quantity(*quantity));
                        share.pool = Some(PoolShare {
                            pool_quantity: Quantity(total),
                            pool_amount: pooled.amount,
                        });
                        self.push(target(owner, *origin), *origin, Some(holder), share);
                    }
                }
                RollupMode::Separate | RollupMode::Passthrough | RollupMode::Summary => {
                    for (origin, quantity, fed) in used {
                        let made = usage_line(origin, quantity, self.spans(fed))?;
                        self.push(target(owner, origin), origin, Some(holder), made);
                    }
                }
            }
        }
        Ok(())
    }
}

/// A quantity as an integer count of millionths (quantities have at most 6 places), a
/// weight for allocation.
fn scaled(quantity: Decimal) -> i128 {
    let mut q = quantity;
    q.rescale(6);
    q.mantissa()
}
