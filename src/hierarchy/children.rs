//! Grouping positions under other positions (children under parents, duplicates under
//! the first customer with their id) in linear time, as compressed sparse rows.

/// Marks a position that is not set.
pub const NONE: u32 = u32::MAX;

/// Direct children of every customer, in input order (compressed sparse rows).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Children {
    offsets: Vec<u32>,
    list: Vec<u32>,
}

impl Children {
    /// Groups positions under their `parents` entry ([`NONE`] for none), each group in
    /// input order. Linear: a counting sort.
    pub fn build(parents: impl Iterator<Item = u32> + Clone, count: usize) -> Children {
        let mut offsets = vec![0u32; count + 1];
        for parent in parents.clone().filter(|&parent| parent != NONE) {
            offsets[parent as usize + 1] += 1;
        }
        for position in 1..offsets.len() {
            offsets[position] += offsets[position - 1];
        }
        let mut next = offsets.clone();
        let mut list = vec![0u32; offsets.last().copied().unwrap_or(0) as usize];
        for (child, parent) in (0u32..).zip(parents) {
            if parent != NONE {
                let slot = &mut next[parent as usize];
                list[*slot as usize] = child;
                *slot += 1;
            }
        }
        Children { offsets, list }
    }

    /// The direct children of the customer at `position`.
    #[inline]
    pub fn of(&self, position: u32) -> &[u32] {
        let position = position as usize;
        match (self.offsets.get(position), self.offsets.get(position + 1)) {
            (Some(&start), Some(&end)) => {
                self.list.get(start as usize..end as usize).unwrap_or(&[])
            }
            _ => &[],
        }
    }
}
