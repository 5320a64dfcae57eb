//! The shape of a hierarchy under given relations: levels, cycles and child counts (all
//! a validation needs), and, built only when asked for, the children lists and
//! subordinate counts that queries need. Every walk here is iterative and linear in the
//! number of customers, so a million-deep chain costs no stack.

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::hierarchy::children::Children;
use crate::hierarchy::loaded::{Hierarchy, Relations};
use std::num::NonZeroU32;

/// A customer's level: 1 for a root, 2 for its children, and so on.
pub type Level = NonZeroU32;

/// Levels, cycles and child counts of every customer: what validation needs, computed in
/// two linear passes so that a what-if preview stays cheap.
#[derive(Debug, Clone)]
pub struct Structure {
    /// Each customer's level; `None` for customers in or below a cycle and for shadowed
    /// duplicates, which have none.
    pub level: PerCustomer<Option<Level>>,
    /// The root a customer descends from; for customers in or below a cycle, the cycle's
    /// first member (its head); `None` for shadowed duplicates.
    pub anchor: PerCustomer<Option<CustomerIx>>,
    /// Every cycle, child → parent order, starting at its member first in the input;
    /// ordered by that member.
    pub cycles: Vec<Vec<CustomerIx>>,
    /// Number of direct children of each customer.
    pub child_count: PerCustomer<u32>,
}

/// Children lists and subordinate counts: built from a [`Structure`] when queries (or a
/// rare validation message) need them, not for every preview.
#[derive(Debug, Clone, Default)]
pub struct Topology {
    /// Direct children.
    pub children: Children,
    /// How many customers descend from each one. For a cycle member: everyone else
    /// reachable through the cycle, i.e. its component minus itself.
    pub subordinates: PerCustomer<u32>,
}

impl Structure {
    /// Analyses `hierarchy` under `relations`.
    pub fn analyze(hierarchy: &Hierarchy, relations: &Relations) -> Structure {
        let (level, anchor, cycles) = levels_and_cycles(hierarchy, relations);
        let mut child_count = PerCustomer::filled(relations.len(), 0u32);
        for customer in relations.customers() {
            if let Some(parent) = relations.parent_of(customer) {
                child_count[parent] += 1;
            }
        }
        Structure {
            level,
            anchor,
            cycles,
            child_count,
        }
    }

    /// The customer's level, `None` when it is in or below a cycle (or shadowed).
    #[inline]
    pub fn level_of(&self, customer: CustomerIx) -> Option<u32> {
        self.level[customer].map(Level::get)
    }
}

impl Topology {
    /// Builds the children lists and subordinate counts of `structure`.
    pub fn build(relations: &Relations, structure: &Structure) -> Topology {
        let parents = relations.customers().map(|c| relations.parent_of(c));
        let children = Children::build(parents, relations.len());
        let subordinates = subordinate_counts(relations, structure);
        Topology {
            children,
            subordinates,
        }
    }
}

type LevelsAndCycles = (
    PerCustomer<Option<Level>>,
    PerCustomer<Option<CustomerIx>>,
    Vec<Vec<CustomerIx>>,
);

/// Follows parent links from every customer not yet placed, stopping at a root, at a
/// customer placed by an earlier walk, or at a customer seen in this walk (a cycle).
fn levels_and_cycles(hierarchy: &Hierarchy, relations: &Relations) -> LevelsAndCycles {
    let count = relations.len();
    let mut level: PerCustomer<Option<Level>> = PerCustomer::filled(count, None);
    let mut anchor = PerCustomer::filled(count, None);
    // The walk (named by its start) that reached each customer first.
    let mut walk_of: PerCustomer<Option<CustomerIx>> = PerCustomer::filled(count, None);
    let mut cycles = Vec::new();
    let mut path: Vec<CustomerIx> = Vec::new();
    for start in relations.customers() {
        if walk_of[start].is_some() || hierarchy.is_shadowed(start) {
            continue;
        }
        path.clear();
        let mut current = start;
        // The level and anchor the path's last customer hangs from.
        let (base_level, base_anchor) = loop {
            match walk_of[current] {
                Some(walk) if walk == start => {
                    // Back at a customer of this very walk: the path from it on is a
                    // cycle. Its head is the member first in the input.
                    let from = path.iter().rposition(|&c| c == current).unwrap_or(0);
                    let mut members = path.split_off(from);
                    let head_at = (0..members.len()).min_by_key(|&i| members[i]).unwrap_or(0);
                    members.rotate_left(head_at);
                    let head = members.first().copied().unwrap_or(current);
                    for &member in &members {
                        anchor[member] = Some(head);
                    }
                    cycles.push(members);
                    break (None, Some(head));
                }
                Some(_) => break (level[current], anchor[current]),
                None => {}
            }
            walk_of[current] = Some(start);
            path.push(current);
            match relations.parent_of(current) {
                Some(next) => current = next,
                None => {
                    path.pop();
                    level[current] = Some(Level::MIN);
                    anchor[current] = Some(current);
                    break (Some(Level::MIN), Some(current));
                }
            }
        };
        let mut current_level = base_level;
        while let Some(customer) = path.pop() {
            current_level = current_level.map(|level| level.saturating_add(1));
            level[customer] = current_level;
            anchor[customer] = base_anchor;
        }
    }
    (level, anchor, in_head_order(cycles, count))
}

/// Orders cycles by their head (first member in input order), without sorting.
fn in_head_order(cycles: Vec<Vec<CustomerIx>>, count: usize) -> Vec<Vec<CustomerIx>> {
    if cycles.len() < 2 {
        return cycles;
    }
    let mut by_head: PerCustomer<Option<Vec<CustomerIx>>> = PerCustomer::filled(count, None);
    for members in cycles {
        if let Some(&head) = members.first() {
            by_head[head] = Some(members);
        }
    }
    by_head.values().iter().flatten().cloned().collect()
}

/// Counts descendants leaves-first: a customer is settled once all its children are.
/// Cycle members never settle that way; each gets its component's size minus one.
fn subordinate_counts(relations: &Relations, structure: &Structure) -> PerCustomer<u32> {
    let count = relations.len();
    let mut subordinates = PerCustomer::filled(count, 0u32);
    let mut pending = structure.child_count.clone();
    let mut ready: Vec<CustomerIx> = relations
        .customers()
        .filter(|&c| pending[c] == 0 && structure.anchor[c].is_some())
        .collect();
    while let Some(customer) = ready.pop() {
        if let Some(up) = relations.parent_of(customer) {
            subordinates[up] += subordinates[customer] + 1;
            pending[up] -= 1;
            if pending[up] == 0 {
                ready.push(up);
            }
        }
    }
    if !structure.cycles.is_empty() {
        let mut component_size = PerCustomer::filled(count, 0u32);
        for head in structure.anchor.values().iter().flatten() {
            component_size[*head] += 1;
        }
        for members in &structure.cycles {
            for &member in members {
                if let Some(head) = structure.anchor[member] {
                    subordinates[member] = component_size[head].saturating_sub(1);
                }
            }
        }
    }
    subordinates
}
