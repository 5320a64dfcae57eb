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
//!
//! A run says what the placer places for: the changes a what-if lays over the billing
//! input without copying it, the invoice owners whose invoices are wanted, and what a
//! session read before (`Run`, `Overrides`, `Prepared`).

use crate::common::error::BilltreeError;
use crate::common::fx::FxHashSet;
use crate::common::order::{sort_by, sort_dedup_by};
use crate::common::text::Quoted;
use crate::input::catalog::{ModeChange, RollupMode};
use crate::input::customer_ix::{CustomerIx, PerCustomer};
use crate::input::invoicing::{BillingInput, CurrencyPolicy, UsageTotal};
use crate::invoice::catalog::{currency_at, customer_currency, Catalog, Price, Subscription};
use crate::invoice::context::Billed;
use crate::invoice::issues::{BillingIssue, BillingIssueCode};
use crate::invoice::model::{Contribution, Line, LineKind, PoolShare};
use crate::invoice::usage::Usage;
use crate::money::allocate::allocate;
use crate::money::currency::Currency;
use crate::money::decimal::{Money, Quantity};
use crate::money::exact::Exact;
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

/// The input read once for repeated runs (what-ifs on a session): the catalog as read over the loaded hierarchy, and the usage summed per customer
/// (customer positions do not change with edits, so neither does the usage).
#[derive(Debug, Clone)]
pub struct Prepared {
    /// The catalog over the hierarchy it was read with.
    pub catalog: Catalog,
    /// The usage, no price having read it yet.
    pub usage: Usage,
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
}

impl Run<'_> {
    /// Whether the invoices owned by `owner` are built.
    pub fn builds(&self, owner: CustomerIx) -> bool {
        self.owners.is_none_or(|owners| owners[owner])
    }
}

/// Which invoice a line lands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    /// The invoice owner.
    pub owner: CustomerIx,
    /// Whom the invoice is addressed to: the owner, or a summarized customer.
    pub addressee: CustomerIx,
    /// Its currency.
    pub currency: Currency,
}

/// A line before ids and discounts, with where it goes.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Its invoice.
    pub target: Target,
    /// Whose section it sits in (its origin customer).
    pub section: CustomerIx,
    /// The holder of its subscription, for discounts granted to the holder.
    pub holder: Option<CustomerIx>,
    /// The line (id empty until the invoice is assembled).
    pub line: Line,
    /// The amount in minor units.
    pub minor: i128,
    /// Line discounts taken off it, in minor units.
    pub discounted: i128,
}

/// Places every charge of the period on its invoice.
pub struct Placer<'a, 'b> {
    /// The hierarchy and owners.
    pub billed: Billed<'a>,
    /// The currency policy.
    pub policy: CurrencyPolicy,
    /// Problems found, added to.
    pub issues: &'b mut Vec<BillingIssue>,
    /// The drafts made.
    pub drafts: Vec<Draft>,
    /// Which owners' invoices are built.
    run: Run<'a>,
    unresolved: FxHashSet<CustomerIx>,
    mismatched: FxHashSet<(CustomerIx, Currency)>,
}

impl<'a, 'b> Placer<'a, 'b> {
    /// A placer with no drafts yet.
    pub fn new(
        billed: Billed<'a>,
        policy: CurrencyPolicy,
        run: Run<'a>,
        issues: &'b mut Vec<BillingIssue>,
    ) -> Self {
        Placer {
            run,
            billed,
            policy,
            issues,
            drafts: Vec::new(),
            unresolved: FxHashSet::default(),
            mismatched: FxHashSet::default(),
        }
    }

    /// The invoice owner of `customer`'s charges in `currency`, or `None` with the
    /// issue reported (unresolved owner, currency mismatch).
    fn owner_for(
        &mut self,
        customer: CustomerIx,
        currency: Currency,
    ) -> Result<Option<CustomerIx>, BilltreeError> {
        let billed = self.billed;
        let Ok(owner) = billed.owners.of[customer].invoice else {
            if self.unresolved.insert(customer) {
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
                    if self.mismatched.insert((customer, currency)) {
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

    fn push(
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

    /// Lines of every billing subscription.
    pub fn subscriptions(
        &mut self,
        catalog: &Catalog,
        usage: &mut Usage,
    ) -> Result<(), BilltreeError> {
        for subscription in &catalog.subscriptions {
            let Some(owner) = self.owner_for(subscription.holder, subscription.currency)? else {
                continue;
            };
            if !self.run.builds(owner) {
                continue;
            }
            // The subscription's pool, by id: its holder and the holders of its
            // inherited skeletons (a price naming its own customers overrides it).
            let mut pool = subscription.inheritors.clone();
            pool.push(subscription.holder);
            sort_dedup_by(&mut pool, |a, b| self.billed.id(*a).cmp(self.billed.id(*b)));
            for &price in &subscription.prices {
                let price = &catalog.prices[price];
                self.price_lines(subscription, price, owner, &pool, usage)?;
            }
        }
        Ok(())
    }

    fn price_lines(
        &mut self,
        subscription: &Subscription,
        price: &Price,
        owner: CustomerIx,
        pool: &[CustomerIx],
        usage: &mut Usage,
    ) -> Result<(), BilltreeError> {
        let billed = self.billed;
        let holder = subscription.holder;
        let currency = subscription.currency;
        let mode = price
            .rollup
            .or(subscription.rollup)
            .unwrap_or(RollupMode::Pooled);
        let target = |origin: CustomerIx| Target {
            owner,
            addressee: if mode == RollupMode::Summary {
                origin
            } else {
                owner
            },
            currency,
        };
        let line = |origin: CustomerIx, kind: LineKind, amount: Decimal| {
            let mut line = Line::new(
                kind,
                billed.id(origin),
                price.description.clone(),
                Money(amount),
            );
            line.subscription_id = Some(subscription.id.clone());
            line.price_id = Some(price.id.clone());
            line.mode = Some(mode);
            line
        };
        let overflow = || BilltreeError::overflow(&format!("the price {}", Quoted(&price.id)));
        // The catalog gives a meter to usage models and to nothing else.
        let Some(meter) = price.meter.as_deref() else {
            let priced = price.pricing.price(Decimal::ONE).ok_or_else(overflow)?;
            let amount = currency.round(priced.amount);
            self.push(
                target(holder),
                holder,
                Some(holder),
                line(holder, LineKind::Flat, amount),
            );
            return Ok(());
        };
        let pool: &[CustomerIx] = match &price.usage_customers {
            Some(customers) => customers,
            None => pool,
        };
        let quantities: Vec<Decimal> = match usage.meter_of(meter) {
            Some(meter) => pool.iter().map(|k| usage.take(*k, meter)).collect(),
            None => vec![Decimal::ZERO; pool.len()],
        };
        // Contributors with usage; the holder alone (at zero) when nobody used any.
        let mut used: Vec<(CustomerIx, Decimal)> = pool
            .iter()
            .copied()
            .zip(quantities.iter().copied())
            .filter(|(_, q)| !q.is_zero())
            .collect();
        if used.is_empty() {
            used.push((holder, Decimal::ZERO));
        }
        let usage_line = |origin: CustomerIx, quantity: Decimal| -> Result<Line, BilltreeError> {
            let priced = price.pricing.price(quantity).ok_or_else(overflow)?;
            let mut made = line(origin, LineKind::Usage, currency.round(priced.amount));
            made.quantity = Some(Quantity(quantity));
            made.unit_amount = priced.unit_amount.map(Money);
            made.tiers = priced.tiers;
            Ok(made)
        };
        match mode {
            RollupMode::Pooled | RollupMode::Apportioned => {
                let total = used
                    .iter()
                    .try_fold(Decimal::ZERO, |sum, (_, q)| sum.plus(*q))
                    .ok_or_else(overflow)?;
                let mut pooled = usage_line(holder, total)?;
                if mode == RollupMode::Pooled {
                    // Who used the pool, by id: a pool of a thousand customers lists
                    // the few that used this meter, not a thousand zeros.
                    pooled.breakdown = used
                        .iter()
                        .filter(|(_, q)| !q.is_zero())
                        .map(|(k, q)| Contribution {
                            customer_id: billed.id(*k).to_owned(),
                            quantity: Quantity(*q),
                        })
                        .collect();
                    self.push(target(holder), holder, Some(holder), pooled);
                    return Ok(());
                }
                let weights: Vec<i128> = used.iter().map(|(_, q)| scaled(*q)).collect();
                let pool_minor = currency.to_minor(pooled.amount.0);
                let parts = allocate(pool_minor, &weights).ok_or_else(overflow)?;
                for ((origin, quantity), part) in used.iter().zip(parts) {
                    let amount = currency.amount_of(part).ok_or_else(overflow)?;
                    let mut share = line(*origin, LineKind::Usage, amount);
                    share.quantity = Some(Quantity(*quantity));
                    share.pool = Some(PoolShare {
                        pool_quantity: Quantity(total),
                        pool_amount: pooled.amount,
                    });
                    self.push(target(*origin), *origin, Some(holder), share);
                }
            }
            RollupMode::Separate | RollupMode::Passthrough | RollupMode::Summary => {
                for (origin, quantity) in used {
                    let made = usage_line(origin, quantity)?;
                    self.push(target(origin), origin, Some(holder), made);
                }
            }
        }
        Ok(())
    }

    /// One-off charges: each on its customer's invoice owner's invoice.
    pub fn charges(&mut self, input: &BillingInput) -> Result<(), BilltreeError> {
        let billed = self.billed;
        let mut charges: Vec<(usize, &crate::input::invoicing::ChargeInput)> =
            input.charges.iter().enumerate().collect();
        sort_by(&mut charges, |a, b| a.1.id.cmp(&b.1.id));
        for (index, charge) in charges {
            let Some(customer) = billed.hierarchy.find(&charge.customer_id) else {
                let mut issue = BillingIssue::new(
                    BillingIssueCode::UnknownCustomer,
                    format!("charge {} names {}, which is no customer of the hierarchy; it is not billed", Quoted(&charge.id), Quoted(&charge.customer_id)),
                )
                .customer(&charge.customer_id);
                issue.field = Some("charges");
                self.issues.push(issue);
                continue;
            };
            let currency = match &charge.currency {
                Some(code) => currency_at(code, || format!("charges[{index}].currency"))?,
                None => match customer_currency(billed.hierarchy, customer)? {
                    Some(currency) => currency,
                    None => {
                        self.issues.push(
                            BillingIssue::new(
                                BillingIssueCode::MissingCurrency,
                                format!("charge {} has no currency, and neither has its customer; it is not billed", Quoted(&charge.id)),
                            )
                            .customer(&charge.customer_id),
                        );
                        continue;
                    }
                },
            };
            let Some(owner) = self.owner_for(customer, currency)? else {
                continue;
            };
            if !self.run.builds(owner) {
                continue;
            }
            let target = Target {
                owner,
                addressee: owner,
                currency,
            };
            let mut line = Line::new(
                LineKind::Charge,
                &charge.customer_id,
                charge.description.clone(),
                Money(currency.round(charge.amount.0)),
            );
            line.charge_id = Some(charge.id.clone());
            self.push(target, customer, None, line);
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
