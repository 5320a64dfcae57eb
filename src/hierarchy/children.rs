//! Grouping customers under other customers (children under parents, duplicates under
//! the first customer with their id) in linear time, as compressed sparse rows.

use crate::common::customer_ix::CustomerIx;

/// Customers grouped under customers, each group in input order.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Children {
    /// Where each customer's group starts in `list`; one more entry than customers.
    offsets: Vec<u32>,
    list: Vec<CustomerIx>,
}

impl Children {
    /// Groups each of `count` customers under its `groups` entry (`None` for no group),
    /// each group in input order. Linear: a counting sort.
    pub fn build(
        groups: impl Iterator<Item = Option<CustomerIx>> + Clone,
        count: usize,
    ) -> Children {
        let mut offsets = vec![0u32; count + 1];
        for group in groups.clone().flatten() {
            offsets[group.position() as usize + 1] += 1;
        }
        for slot in 1..offsets.len() {
            offsets[slot] += offsets[slot - 1];
        }
        let mut next = offsets.clone();
        let total = offsets[count] as usize;
        // Every slot is written exactly once below; the first value only sizes the list.
        let mut list = vec![CustomerIx::at(0); total];
        for (member, group) in CustomerIx::all(count).zip(groups) {
            if let Some(group) = group {
                let slot = &mut next[group.position() as usize];
                list[*slot as usize] = member;
                *slot += 1;
            }
        }
        Children { offsets, list }
    }

    /// The members of `group`'s group (a customer's direct children), in input order.
    #[inline]
    pub fn of(&self, group: CustomerIx) -> &[CustomerIx] {
        let slot = group.position() as usize;
        &self.list[self.offsets[slot] as usize..self.offsets[slot + 1] as usize]
    }
}
