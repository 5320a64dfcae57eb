//! Usage pools over the sub-periods of a period: per invoice owner, what each member
//! of a price's pool used while its charges went to that owner. Without changes in the
//! period there is one sub-period and one pool per price, as the roll-up modes read it;
//! when a change moves a customer to another owner mid-period, its usage before the
//! change joins the old owner's pool and its usage after the new owner's, each priced
//! on the period's pooled quantity (tiers reached by the pool, not reset by the change).

use crate::common::error::BilltreeError;
use crate::common::fx::FxHashMap;
use crate::common::order::sort_by;
use crate::common::text::Quoted;
use crate::input::customer_ix::CustomerIx;
use crate::invoice::catalog::Price;
use crate::invoice::usage::Usage;
use crate::money::exact::Exact;
use rust_decimal::Decimal;

/// Where a subscription bills in one sub-period: its invoice owner and its pool.
pub struct Place {
    pub part: usize,
    pub owner: CustomerIx,
    pub pool: Vec<CustomerIx>,
}

/// The sub-periods that fed a line, one bit each (a period has at most
/// `MAX_SUB_PERIODS`, 64).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fed(pub u64);

impl Fed {
    /// Adds a sub-period.
    pub fn add(&mut self, part: usize) {
        self.0 |= Fed::of(part).0;
    }

    /// Fed by one sub-period.
    pub fn of(part: usize) -> Fed {
        Fed(1_u64.checked_shl(part as u32).unwrap_or_default())
    }

    /// How many sub-periods fed it.
    pub fn count(self) -> u32 {
        self.0.count_ones()
    }
}

/// A usage line's contributors under one invoice owner, over the sub-periods.
pub struct Pool {
    pub owner: CustomerIx,
    pub fed: Fed,
    pub members: Vec<(CustomerIx, Decimal, Fed)>,
    /// Where each member is, built once a second sub-period joins the pool.
    index: Option<FxHashMap<CustomerIx, usize>>,
}

/// A usage price's pools: per invoice owner (in the order the sub-periods first bill
/// to it), the quantities each member used on `meter` while billing there, summed over
/// the sub-periods (members by `by_id` once more than one sub-period fed the pool).
pub fn gather_pools(
    price: &Price,
    places: &[Place],
    usages: &mut [Usage],
    meter: &str,
    by_id: impl Fn(CustomerIx, CustomerIx) -> std::cmp::Ordering,
) -> Result<Vec<Pool>, BilltreeError> {
    let overflow = || BilltreeError::overflow(&format!("the usage of {}", Quoted(&price.id)));
    let mut pools: Vec<Pool> = Vec::new();
    for place in places {
        let Some(usage) = usages.get_mut(place.part) else {
            continue;
        };
        let meter = usage.meter_of(meter);
        let members: &[CustomerIx] = match &price.usage_customers {
            Some(customers) => customers,
            None => &place.pool,
        };
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
        if joining && pool.index.is_none() {
            pool.index = Some(
                pool.members
                    .iter()
                    .enumerate()
                    .map(|(at, (member, _, _))| (*member, at))
                    .collect(),
            );
        }
        for &member in members {
            let quantity = match meter {
                Some(meter) => usage.take(member, meter),
                None => Decimal::ZERO,
            };
            let known = pool
                .index
                .as_ref()
                .and_then(|index| index.get(&member).copied());
            match known {
                Some(at) => {
                    let entry = &mut pool.members[at];
                    entry.1 = entry.1.plus(quantity).ok_or_else(overflow)?;
                    entry.2.add(place.part);
                }
                None => {
                    if let Some(index) = pool.index.as_mut() {
                        index.insert(member, pool.members.len());
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
