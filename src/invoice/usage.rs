//! Usage per customer and meter for the period: rows with timestamps filtered to the
//! period and summed, totals added as given. Ids and meters are looked up once per
//! row and the sums kept by integer keys. Sums are exact: quantities have at most 15
//! digits before the point and 6 after, so no sum of input rows leaves Decimal's range.
//! Rows for unknown customers or outside the period, and usage no price reads, are
//! reported with their row counts and quantities.

use crate::common::customer_ix::CustomerIx;
use crate::common::error::BilltreeError;
use crate::common::key_map::{pair, KeyMap};
use crate::common::order::sort_by;
use crate::common::text::Quoted;
use crate::input::invoicing::{BillingInput, UsageTotal, UsageTotalsSplit};
use crate::invoice::issues::{outside_period, unknown_customer, unpriced_usage, BillingIssue};
use crate::money::allocate::allocate;
use crate::money::exact::Exact;
use crate::period::billed::Billed;
use crate::period::dated_rows::DatedRows;
use crate::period::timeline::Timeline;
use chrono::DateTime;
use rust_decimal::Decimal;
use std::sync::Arc;

/// A meter's number.
pub type MeterIx = u32;

/// The period's usage, summed per customer and meter.
///
/// Rows are kept as they are read, then laid out per customer (a counting sort on the
/// customer index) and summed per meter in one pass, with no hashing per row: each
/// customer's sums sit together, so a price reading a pool of a thousand customers
/// scans a few entries per customer.
#[derive(Debug, Clone, Default)]
pub struct Usage {
    meters: KeyMap<String, MeterIx>,
    meter_names: Vec<String>,
    rows: Vec<(CustomerIx, MeterIx, Decimal)>,
    /// Where each customer's entries start in `entries` (one more than customers).
    /// Shared: a what-if's copy of the usage does not copy the sums.
    starts: Arc<[u32]>,
    /// `(meter, sum)` per customer, customers in index order.
    entries: Arc<[(MeterIx, Decimal)]>,
    /// Sums a what-if sets, over `entries`, each with whether a price read it.
    sets: KeyMap<[u8; 8], (CustomerIx, MeterIx, Decimal, bool)>,
    /// Whether a price read the entry (empty for a what-if's copy, which does not
    /// report unread usage).
    read: Vec<bool>,
}

impl Usage {
    fn meter(&mut self, name: &str) -> MeterIx {
        if let Some(&meter) = self.meters.get(name) {
            return meter;
        }
        let meter = self.meter_names.len() as MeterIx;
        self.meters.insert(name.to_owned(), meter);
        self.meter_names.push(name.to_owned());
        meter
    }

    /// Groups the rows by customer and sums each customer's rows per meter.
    fn settle(&mut self, customers: usize) -> Result<(), BilltreeError> {
        let mut starts = vec![0u32; customers + 1];
        for (customer, _, _) in &self.rows {
            starts[customer.position() as usize + 1] += 1;
        }
        for at in 1..starts.len() {
            starts[at] += starts[at - 1];
        }
        let mut next = starts.clone();
        let mut grouped = vec![(0, Decimal::ZERO); self.rows.len()];
        for &(customer, meter, quantity) in &self.rows {
            let slot = &mut next[customer.position() as usize];
            grouped[*slot as usize] = (meter, quantity);
            *slot += 1;
        }
        self.rows = Vec::new();
        // Per customer, each meter's first row takes the sums of the others: `slot_of`
        // remembers, per meter, where the current customer's sum is (`stamp` says for
        // which customer it was set, so it never needs clearing).
        let mut slot_of = vec![(u32::MAX, 0u32); self.meter_names.len()];
        let mut entries: Vec<(MeterIx, Decimal)> = Vec::with_capacity(grouped.len());
        let mut settled = vec![0u32; customers + 1];
        for customer in 0..customers {
            let stamp = customer as u32;
            for &(meter, quantity) in
                &grouped[starts[customer] as usize..starts[customer + 1] as usize]
            {
                let (owner, slot) = &mut slot_of[meter as usize];
                if *owner == stamp {
                    let sum = &mut entries[*slot as usize].1;
                    *sum = sum
                        .plus(quantity)
                        .ok_or_else(|| BilltreeError::overflow("a usage sum"))?;
                } else {
                    *owner = stamp;
                    *slot = entries.len() as u32;
                    entries.push((meter, quantity));
                }
            }
            settled[customer + 1] = entries.len() as u32;
        }
        self.read = vec![false; entries.len()];
        self.entries = entries.into();
        self.starts = settled.into();
        Ok(())
    }

    /// This usage with the customer's usage on a meter set to a quantity, for each of
    /// `sets` (the last for a customer and meter counts; unknown customers are left
    /// out). The sums are shared, not copied, and the copy does not track what prices
    /// read (a what-if does not report unread usage).
    pub fn replaced(&self, billed: Billed<'_>, sets: &[UsageTotal]) -> Usage {
        let mut usage = Usage {
            meters: self.meters.clone(),
            meter_names: self.meter_names.clone(),
            rows: Vec::new(),
            starts: Arc::clone(&self.starts),
            entries: Arc::clone(&self.entries),
            sets: KeyMap::default(),
            read: vec![false; self.entries.len()],
        };
        for set in sets {
            let Some(customer) = billed.hierarchy.find(&set.customer_id) else {
                continue;
            };
            let meter = usage.meter(&set.meter);
            let key = pair(customer.position(), meter);
            let value = (customer, meter, set.quantity.0, false);
            usage.sets.insert(key, value);
        }
        usage
    }

    /// The meter's number, if any usage was read on it.
    pub fn meter_of(&self, name: &str) -> Option<MeterIx> {
        self.meters.get(name).copied()
    }

    /// The customer's usage on the meter, marked as read by a price.
    pub fn take(&mut self, customer: CustomerIx, meter: MeterIx) -> Decimal {
        let at = customer.position() as usize;
        let (Some(&start), Some(&end)) = (self.starts.get(at), self.starts.get(at + 1)) else {
            return Decimal::ZERO;
        };
        let set = match self.sets.is_empty() {
            true => None,
            false => self.sets.get_mut(pair(customer.position(), meter)),
        };
        if let Some((_, _, set, read)) = set {
            *read = true;
            return *set;
        }
        for entry in start as usize..end as usize {
            if self.entries[entry].0 == meter {
                if let Some(read) = self.read.get_mut(entry) {
                    *read = true;
                }
                return self.entries[entry].1;
            }
        }
        Decimal::ZERO
    }

    /// A customer's sums, per meter name (a what-if's sets are not included).
    pub fn of(&self, customer: CustomerIx) -> impl Iterator<Item = (&str, Decimal)> + '_ {
        let at = customer.position() as usize;
        let bounds = self.starts.get(at..at + 2).unwrap_or(&[0, 0]);
        let (start, end) = (bounds[0] as usize, bounds[1] as usize);
        self.entries
            .get(start..end)
            .unwrap_or_default()
            .iter()
            .map(|(meter, quantity)| {
                let name = self
                    .meter_names
                    .get(*meter as usize)
                    .map_or("", String::as_str);
                (name, *quantity)
            })
    }

    /// The `(customer, meter, quantity)` no price read, of the customers `listed` takes
    /// (a what-if's sets included).
    fn unread(
        &self,
        listed: impl Fn(CustomerIx) -> bool,
        into: &mut Vec<(CustomerIx, MeterIx, Decimal)>,
    ) {
        for (at, bounds) in self.starts.windows(2).enumerate() {
            let customer = CustomerIx::at(at as u32);
            if !listed(customer) {
                continue;
            }
            for entry in bounds[0] as usize..bounds[1] as usize {
                let (meter, quantity) = self.entries[entry];
                // A what-if's set replaces the entry (and is taken below).
                let read = self.read.get(entry).copied().unwrap_or(true)
                    || (!self.sets.is_empty()
                        && self.sets.contains_key(pair(customer.position(), meter)));
                if !read {
                    into.push((customer, meter, quantity));
                }
            }
        }
        let sets = self
            .sets
            .values()
            .filter(|&&(customer, _, _, read)| !read && listed(customer));
        into.extend(sets.map(|&(customer, meter, quantity, _)| (customer, meter, quantity)));
    }
}

/// `UNPRICED_USAGE` for every customer (of those `listed` takes) and meter no price
/// read, summed over the sub-periods: splitting the period does not split the issue of
/// a customer no change touched.
pub fn report_unpriced(
    usages: &[Usage],
    billed: Billed<'_>,
    listed: impl Fn(CustomerIx) -> bool,
    issues: &mut Vec<BillingIssue>,
) -> Result<(), BilltreeError> {
    let mut unread = Vec::new();
    for usage in usages {
        usage.unread(&listed, &mut unread);
    }
    sort_by(&mut unread, |a, b| (a.0, a.1).cmp(&(b.0, b.1)));
    let mut summed: Vec<(CustomerIx, MeterIx, Decimal)> = Vec::with_capacity(unread.len());
    for (customer, meter, quantity) in unread {
        match summed.last_mut() {
            Some(last) if (last.0, last.1) == (customer, meter) => {
                last.2 = last
                    .2
                    .plus(quantity)
                    .ok_or_else(|| BilltreeError::overflow("a usage sum"))?;
            }
            _ => summed.push((customer, meter, quantity)),
        }
    }
    let names = usages
        .first()
        .map_or(&[][..], |usage| &usage.meter_names[..]);
    for (customer, meter, quantity) in summed.into_iter().filter(|entry| !entry.2.is_zero()) {
        let name = names.get(meter as usize).map_or("", String::as_str);
        issues.push(unpriced_usage(billed, customer, name, quantity));
    }
    Ok(())
}

/// Sums the input's usage rows and totals, per sub-period of the timeline: a row goes
/// to the sub-period its timestamp falls in; a total (no timestamp) as the input's
/// `usageTotalsSplit` says when changes split the period. With `keep`, every row
/// inside the period is also kept there with its day.
pub fn read_usage(
    billed: Billed<'_>,
    input: &BillingInput,
    replaced: &[UsageTotal],
    timeline: &Timeline<'_>,
    issues: &mut Vec<BillingIssue>,
    mut keep: Option<&mut DatedRows>,
) -> Result<Vec<Usage>, BilltreeError> {
    let mut usage = Usage::default();
    let parts = timeline.parts.len().max(1);
    let mut rows: Vec<Vec<(CustomerIx, MeterIx, Decimal)>> = vec![Vec::new(); parts];
    // What a what-if sets: those customers' rows and totals on those meters are left
    // out, and the last quantity set for each counts instead.
    // Per customer, each meter set with the place of its last set (customer first, so a
    // row of a customer nothing sets is one lookup and no key is built per row).
    let mut set: KeyMap<&str, Vec<(&str, usize)>> = KeyMap::default();
    for (index, total) in replaced.iter().enumerate() {
        let meters = set.or_insert(&total.customer_id, Vec::new());
        match meters.iter_mut().find(|(meter, _)| *meter == total.meter) {
            Some(last) => last.1 = index,
            None => meters.push((&total.meter, index)),
        }
    }
    let last_set = |customer: &str, meter: &str| {
        let meters = set.get(customer)?;
        meters
            .iter()
            .find(|(m, _)| *m == meter)
            .map(|&(_, index)| index)
    };
    let is_set =
        |customer: &str, meter: &str| !set.is_empty() && last_set(customer, meter).is_some();
    let mut unknown: KeyMap<&str, (u32, &'static str)> = KeyMap::default();
    let mut outside: KeyMap<[u8; 8], (CustomerIx, MeterIx, u32, Decimal)> = KeyMap::default();
    for (index, row) in input.usage.iter().enumerate() {
        if is_set(&row.customer_id, &row.meter) {
            continue;
        }
        let at = DateTime::parse_from_rfc3339(&row.timestamp)
            .map_err(|_| {
                BilltreeError::invalid_input(
                    &format!("usage[{index}].timestamp"),
                    format_args!(
                        "{} is not an RFC 3339 timestamp such as \"2026-11-03T10:00:00Z\"",
                        Quoted(&row.timestamp)
                    ),
                )
            })?
            .naive_utc();
        let Some(customer) = billed.hierarchy.find(&row.customer_id) else {
            unknown.or_insert(row.customer_id.as_str(), (0, "usage")).0 += 1;
            continue;
        };
        let meter = usage.meter(&row.meter);
        let Some(part) = timeline.part_at(at).and_then(|part| rows.get_mut(part)) else {
            let key = pair(customer.position(), meter);
            let entry = outside.or_insert(key, (customer, meter, 0, Decimal::ZERO));
            entry.2 += 1;
            entry.3 = entry
                .3
                .plus(row.quantity.0)
                .ok_or_else(|| BilltreeError::overflow("a usage sum"))?;
            continue;
        };
        part.push((customer, meter, row.quantity.0));
        if let Some(keep) = keep.as_deref_mut() {
            keep.push(customer, meter, at.date(), row.quantity.0);
        }
    }
    if let Some(keep) = keep {
        keep.group(billed.hierarchy.len());
    }
    // Each total with its place in the input (`None`: a what-if's), named only in an
    // error.
    let given = input
        .usage_totals
        .iter()
        .enumerate()
        .filter(|(_, total)| !is_set(&total.customer_id, &total.meter))
        .map(|(index, total)| (Some(index), total))
        .chain(replaced.iter().enumerate().filter_map(|(index, total)| {
            let last = last_set(&total.customer_id, &total.meter);
            (last == Some(index)).then_some((None, total))
        }));
    let weights = timeline.day_weights();
    for (index, total) in given {
        let Some(customer) = billed.hierarchy.find(&total.customer_id) else {
            unknown
                .or_insert(total.customer_id.as_str(), (0, "usageTotals"))
                .0 += 1;
            continue;
        };
        let meter = usage.meter(&total.meter);
        let quantity = total.quantity.0;
        if parts == 1 {
            rows[0].push((customer, meter, quantity));
            continue;
        }
        match input.usage_totals_split {
            UsageTotalsSplit::Refuse => {
                let path = index.map_or("usage".to_owned(), |i| format!("usageTotals[{i}]"));
                return Err(BilltreeError::invalid_input(
                    &path,
                    "usage summed for the whole period cannot be placed when changes split the period; give usage rows with timestamps, or say where it goes with usageTotalsSplit (\"byDays\", \"periodStart\" or \"periodEnd\")",
                ));
            }
            UsageTotalsSplit::PeriodStart => rows[0].push((customer, meter, quantity)),
            UsageTotalsSplit::PeriodEnd => rows[parts - 1].push((customer, meter, quantity)),
            UsageTotalsSplit::ByDays => {
                let mut millionths = quantity;
                millionths.rescale(6);
                let shares = allocate(millionths.mantissa(), &weights)
                    .ok_or_else(|| BilltreeError::overflow("a usage total"))?;
                for (part, share) in rows.iter_mut().zip(shares) {
                    part.push((
                        customer,
                        meter,
                        Decimal::from_i128_with_scale(share, 6).normalize(),
                    ));
                }
            }
        }
    }
    for (id, &(rows, field)) in unknown.iter() {
        issues.push(unknown_customer(id, rows, field));
    }
    for &(customer, meter, rows, quantity) in outside.values() {
        let name = &usage.meter_names[meter as usize];
        let period = (timeline.period.start, timeline.period.end);
        issues.push(outside_period(
            billed, customer, name, rows, quantity, period,
        ));
    }
    usage.settled(rows, billed.hierarchy.len())
}

impl Usage {
    /// The usage of each sub-period of `timeline` from rows kept before (`DatedRows`,
    /// read with this usage's meters), for the customers `include` takes: a what-if
    /// effective inside the period reads no timestamp again.
    pub fn split(
        &self,
        rows: &DatedRows,
        timeline: &Timeline<'_>,
        customers: usize,
        include: impl Fn(CustomerIx) -> bool,
    ) -> Result<Vec<Usage>, BilltreeError> {
        self.settled(rows.split(timeline, include), customers)
    }

    /// One usage per sub-period's rows, with this usage's meters.
    fn settled(
        &self,
        parts: Vec<Vec<(CustomerIx, MeterIx, Decimal)>>,
        customers: usize,
    ) -> Result<Vec<Usage>, BilltreeError> {
        let mut usages = Vec::with_capacity(parts.len());
        for part in parts {
            let mut split = Usage {
                meters: self.meters.clone(),
                meter_names: self.meter_names.clone(),
                rows: part,
                ..Usage::default()
            };
            split.settle(customers)?;
            usages.push(split);
        }
        Ok(usages)
    }
}
