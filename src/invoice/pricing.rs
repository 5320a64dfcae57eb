//! Turning a quantity into an amount, for each price model. Amounts here are exact
//! (unrounded); the line rounds once, to the currency's minor unit.
//!
//! And what a usage price is priced on: its pools over the sub-periods of a period, per
//! invoice owner what each member of the price's pool used while its charges went to
//! that owner. Without changes in the period there is one sub-period and one pool per
//! price, as the roll-up modes read it; when a change moves a customer to another owner
//! mid-period, its usage before the change joins the old owner's pool and its usage
//! after the new owner's, each priced on the period's pooled quantity (tiers reached by
//! the pool, not reset by the change).
//!
//! Graduated tiers: each tier prices the units that fall in it, `upTo` inclusive, so
//! tiers `[upTo 1000 @ 0.02, upTo 5000 @ 0.005, rest @ 0.01]` price 2000 units at
//! 1000 × 0.02 + 1000 × 0.005 = 25.00. Volume tiers: the tier the whole quantity
//! reaches prices every unit. A tier's flat fee is charged when any unit falls in it;
//! a zero quantity costs nothing under any usage model.

use crate::common::customer_ix::CustomerIx;
use crate::common::error::BilltreeError;
use crate::common::key_map::{customer_key, KeyMap};
use crate::common::order::sort_by;
use crate::common::text::Quoted;
use crate::input::catalog::{PriceInput, PriceModel, PriceTier};
use crate::invoice::model::TierCharge;
use crate::invoice::usage::Usage;
use crate::money::decimal::{Money, Quantity};
use crate::money::exact::Exact;
use crate::period::parts::Fed;
use rust_decimal::Decimal;

/// One tier, read and checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Tier {
    /// The last unit of the tier, inclusive; `None` on the open last tier.
    pub up_to: Option<Decimal>,
    /// Per unit.
    pub unit_amount: Decimal,
    /// For reaching the tier.
    pub flat_amount: Option<Decimal>,
}

/// How a price computes its amount.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pricing {
    /// A fee per period.
    Flat(Decimal),
    /// Per unit.
    PerUnit(Decimal),
    /// Per started package.
    Package {
        /// The price of one package.
        amount: Decimal,
        /// Units per package (> 0).
        size: Decimal,
    },
    /// Graduated tiers.
    Graduated(Vec<Tier>),
    /// Volume tiers.
    Volume(Vec<Tier>),
}

/// A priced quantity.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Priced {
    /// The exact amount.
    pub amount: Decimal,
    /// The unit price, where one price applies to every unit.
    pub unit_amount: Option<Decimal>,
    /// The tiers' parts.
    pub tiers: Vec<TierCharge>,
}

impl Pricing {
    /// The amount for `quantity` (the fee, for a flat price). `None` on overflow.
    pub fn price(&self, quantity: Decimal) -> Option<Priced> {
        let simple = |amount, unit| Priced {
            amount,
            unit_amount: unit,
            tiers: Vec::new(),
        };
        match self {
            Pricing::Flat(fee) => Some(simple(*fee, None)),
            Pricing::PerUnit(unit) => Some(simple(quantity.times(*unit)?, Some(*unit))),
            Pricing::Package { amount, size } => {
                let packages = packages(quantity, *size)?;
                Some(simple(packages.times(*amount)?, Some(*amount)))
            }
            Pricing::Graduated(tiers) => graduated(tiers, quantity),
            Pricing::Volume(tiers) => volume(tiers, quantity),
        }
    }
}

/// Started packages: ⌈quantity ÷ size⌉, in integers (both are decimals of at most 6
/// places and 15 digits, so the aligned values fit an i128 with room to spare).
pub fn packages(quantity: Decimal, size: Decimal) -> Option<Decimal> {
    let scale = quantity.scale().max(size.scale());
    let aligned = |d: Decimal| -> Option<i128> {
        d.mantissa()
            .checked_mul(10i128.checked_pow(scale - d.scale())?)
    };
    let (q, s) = (aligned(quantity)?, aligned(size)?);
    if s <= 0 || q < 0 {
        return None;
    }
    let count = q / s + i128::from(q % s != 0);
    Decimal::try_from_i128_with_scale(count, 0).ok()
}

fn tier_charge(index: usize, units: Decimal, tier: &Tier) -> Option<TierCharge> {
    let mut amount = units.times(tier.unit_amount)?;
    if let Some(flat) = tier.flat_amount {
        amount = amount.plus(flat)?;
    }
    Some(TierCharge {
        tier: u32::try_from(index + 1).ok()?,
        quantity: Quantity(units),
        unit_amount: Money(tier.unit_amount),
        flat_amount: tier.flat_amount.map(Money),
        amount: Money(amount),
    })
}

fn graduated(tiers: &[Tier], quantity: Decimal) -> Option<Priced> {
    let mut charges = Vec::new();
    let mut total = Decimal::ZERO;
    let mut below = Decimal::ZERO;
    for (index, tier) in tiers.iter().enumerate() {
        if quantity <= below {
            break;
        }
        let top = tier.up_to.map_or(quantity, |up_to| up_to.min(quantity));
        let units = top.minus(below)?;
        if units > Decimal::ZERO {
            let charge = tier_charge(index, units, tier)?;
            total = total.plus(charge.amount.0)?;
            charges.push(charge);
        }
        match tier.up_to {
            Some(up_to) => below = up_to,
            None => break,
        }
    }
    Some(Priced {
        amount: total,
        unit_amount: None,
        tiers: charges,
    })
}

fn volume(tiers: &[Tier], quantity: Decimal) -> Option<Priced> {
    if quantity.is_zero() {
        return Some(Priced {
            amount: Decimal::ZERO,
            unit_amount: None,
            tiers: Vec::new(),
        });
    }
    let index = tiers
        .iter()
        .position(|tier| tier.up_to.is_none_or(|up_to| quantity <= up_to))?;
    let tier = tiers.get(index)?;
    let charge = tier_charge(index, quantity, tier)?;
    Some(Priced {
        amount: charge.amount.0,
        unit_amount: Some(tier.unit_amount),
        tiers: vec![charge],
    })
}

fn read_tiers(path: &str, tiers: &[PriceTier]) -> Result<Vec<Tier>, BilltreeError> {
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

/// Checks that a price carries exactly the fields its model reads, and reads it.
pub fn read_pricing(path: &str, price: &PriceInput) -> Result<Pricing, BilltreeError> {
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

/// Where a subscription bills in one sub-period: its invoice owner and its pool.
pub struct Place {
    pub part: usize,
    pub owner: CustomerIx,
    pub pool: Vec<CustomerIx>,
}

/// A usage line's contributors under one invoice owner, over the sub-periods.
pub struct Pool {
    pub owner: CustomerIx,
    pub fed: Fed,
    pub members: Vec<(CustomerIx, Decimal, Fed)>,
    /// Where each member is, built when a later sub-period lists a member elsewhere.
    index: Option<KeyMap<[u8; 4], usize>>,
}

/// A usage price's pools (the customers it names, if any, else each place's pool): per invoice owner (in the order the sub-periods first bill
/// to it), the quantities each member used on `meter` while billing there, summed over
/// the sub-periods (members by `by_id` once more than one sub-period fed the pool).
pub fn gather_pools(
    price_id: &str,
    named: Option<&[CustomerIx]>,
    places: &[Place],
    usages: &mut [Usage],
    meter: &str,
    by_id: impl Fn(CustomerIx, CustomerIx) -> std::cmp::Ordering,
) -> Result<Vec<Pool>, BilltreeError> {
    let overflow = || BilltreeError::overflow(&format!("the usage of {}", Quoted(price_id)));
    let mut pools: Vec<Pool> = Vec::new();
    for place in places {
        let Some(usage) = usages.get_mut(place.part) else {
            continue;
        };
        let meter = usage.meter_of(meter);
        let members: &[CustomerIx] = named.unwrap_or(&place.pool);
        let at = match pools.iter().position(|pool| pool.owner == place.owner) {
            Some(at) => at,
            None => {
                pools.push(Pool {
                    owner: place.owner,
                    fed: Fed::default(),
                    members: Vec::with_capacity(members.len()),
                    index: None,
                });
                pools.len() - 1
            }
        };
        let pool = &mut pools[at];
        let joining = pool.fed.count() > 0;
        pool.fed.add(place.part);
        for (position, &member) in members.iter().enumerate() {
            let quantity = match meter {
                Some(meter) => usage.take(member, meter),
                None => Decimal::ZERO,
            };
            // A later sub-period's pool is usually the same list in the same order (no
            // change touched it): the member sits where it was first added, and only a
            // member found elsewhere needs the index (built when first needed).
            let known = match pool.members.get(position) {
                _ if !joining => None,
                Some(entry) if entry.0 == member => Some(position),
                _ => {
                    let index = pool.index.get_or_insert_with(|| {
                        let mut index = KeyMap::with_capacity(pool.members.len());
                        for (at, (member, _, _)) in pool.members.iter().enumerate() {
                            index.insert(customer_key(*member), at);
                        }
                        index
                    });
                    index.get(customer_key(member)).copied()
                }
            };
            match known {
                Some(at) => {
                    let entry = &mut pool.members[at];
                    if !quantity.is_zero() {
                        entry.1 = entry.1.plus(quantity).ok_or_else(overflow)?;
                    }
                    entry.2.add(place.part);
                }
                None => {
                    if let Some(index) = pool.index.as_mut() {
                        index.insert(customer_key(member), pool.members.len());
                    }
                    pool.members.push((member, quantity, Fed::of(place.part)));
                }
            }
        }
    }
    for pool in &mut pools {
        if pool.fed.count() > 1 {
            sort_by(&mut pool.members, |a, b| by_id(a.0, b.0));
        }
    }
    Ok(pools)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::decimal::parse_decimal;

    fn d(text: &str) -> Decimal {
        parse_decimal(text, 12).unwrap()
    }

    fn tiers() -> Vec<Tier> {
        let tier = |up_to: Option<&str>, unit: &str| Tier {
            up_to: up_to.map(d),
            unit_amount: d(unit),
            flat_amount: None,
        };
        vec![
            tier(Some("1000"), "0.02"),
            tier(Some("5000"), "0.005"),
            tier(None, "0.01"),
        ]
    }

    #[test]
    fn the_design_example_graduated_2000_units_cost_25() {
        let priced = Pricing::Graduated(tiers()).price(d("2000")).unwrap();
        assert_eq!(priced.amount, d("25"));
        assert_eq!(priced.tiers.len(), 2);
        assert_eq!(priced.tiers[0].quantity.0, d("1000"));
        assert_eq!(priced.tiers[1].quantity.0, d("1000"));
        // upTo is inclusive: unit 1000 is in the first tier, 1001 in the second.
        let at = |q| Pricing::Graduated(tiers()).price(d(q)).unwrap().amount;
        assert_eq!(at("1000"), d("20"));
        assert_eq!(at("1001"), d("20.005"));
        assert_eq!(at("6000"), d("50"));
        assert_eq!(at("0"), d("0"));
    }

    #[test]
    fn volume_prices_every_unit_at_the_reached_tier() {
        let at = |q| Pricing::Volume(tiers()).price(d(q)).unwrap().amount;
        assert_eq!(at("1000"), d("20"));
        assert_eq!(at("2000"), d("10"));
        assert_eq!(at("6000"), d("60"));
        assert_eq!(at("0"), d("0"));
    }

    #[test]
    fn packages_round_up() {
        assert_eq!(packages(d("250"), d("100")), Some(d("3")));
        assert_eq!(packages(d("200"), d("100")), Some(d("2")));
        assert_eq!(packages(d("0"), d("100")), Some(d("0")));
        assert_eq!(packages(d("0.5"), d("0.25")), Some(d("2")));
        assert_eq!(packages(d("1"), d("0")), None);
        let priced = Pricing::Package {
            amount: d("5"),
            size: d("100"),
        }
        .price(d("250"))
        .unwrap();
        assert_eq!(priced.amount, d("15"));
    }
}
