//! A billing input's usage rows as read once, each with its day, grouped by customer:
//! what a session keeps so that a what-if effective inside the period can split the
//! usage at its dates without reading a million timestamps again, and only for the
//! customers whose invoices it recomputes.

use crate::common::customer_ix::CustomerIx;
use crate::period::timeline::Timeline;
use chrono::NaiveDate;
use rust_decimal::Decimal;

/// A row's meter, as the usage it was read with numbers meters.
pub type Meter = u32;

/// Usage rows inside the period, per customer (input order within a customer).
#[derive(Debug, Clone, Default)]
pub struct DatedRows {
    /// Rows as they are read, before `group`.
    read: Vec<(CustomerIx, Meter, NaiveDate, Decimal)>,
    /// Where each customer's rows start in `rows` (one more than customers; empty
    /// until `group`).
    starts: Vec<u32>,
    /// `(meter, day, quantity)`, customers in index order.
    rows: Vec<(Meter, NaiveDate, Decimal)>,
}

impl DatedRows {
    /// Records a row that falls inside the period.
    pub fn push(&mut self, customer: CustomerIx, meter: Meter, day: NaiveDate, quantity: Decimal) {
        self.read.push((customer, meter, day, quantity));
    }

    /// Groups the rows read by customer (a stable counting sort on the index).
    pub fn group(&mut self, customers: usize) {
        let mut starts = vec![0u32; customers + 1];
        for (customer, ..) in &self.read {
            if let Some(count) = starts.get_mut(customer.position() as usize + 1) {
                *count += 1;
            }
        }
        for at in 1..starts.len() {
            starts[at] += starts[at - 1];
        }
        let mut next = starts.clone();
        let mut rows = vec![(0, NaiveDate::MIN, Decimal::ZERO); self.read.len()];
        for &(customer, meter, day, quantity) in &self.read {
            if let Some(slot) = next.get_mut(customer.position() as usize) {
                if let Some(row) = rows.get_mut(*slot as usize) {
                    *row = (meter, day, quantity);
                }
                *slot += 1;
            }
        }
        self.read = Vec::new();
        self.starts = starts;
        self.rows = rows;
    }

    /// The rows of the customers `include` takes, per sub-period of `timeline` (in
    /// customer order, each customer's in input order, as a full read lays them out).
    pub fn split(
        &self,
        timeline: &Timeline<'_>,
        include: impl Fn(CustomerIx) -> bool,
    ) -> Vec<Vec<(CustomerIx, Meter, Decimal)>> {
        let mut parts = vec![Vec::new(); timeline.parts.len().max(1)];
        for (at, bounds) in self.starts.windows(2).enumerate() {
            let customer = CustomerIx::at(at as u32);
            if bounds[0] == bounds[1] || !include(customer) {
                continue;
            }
            let rows = self.rows.get(bounds[0] as usize..bounds[1] as usize);
            for &(meter, day, quantity) in rows.unwrap_or_default() {
                let part = timeline
                    .part_of_day(day)
                    .and_then(|part| parts.get_mut(part));
                if let Some(part) = part {
                    part.push((customer, meter, quantity));
                }
            }
        }
        parts
    }
}
