//! The shape of a hierarchy under given relations: levels, cycles and child counts (all
//! a validation needs), and, built only when asked for, the children lists and
//! subordinate counts that queries need. Every walk here is iterative and linear in the
//! number of customers, so a million-deep chain costs no stack.

use crate::hierarchy::children::{Children, NONE};
use crate::hierarchy::loaded::{Hierarchy, Relations};

/// Levels, cycles and child counts of every customer: what validation needs, computed in
/// two linear passes so that a what-if preview stays cheap.
#[derive(Debug, Clone)]
pub struct Structure {
    /// 1 for a root, 2 for its children…; 0 for customers in or below a cycle and for
    /// shadowed duplicates, which have no level.
    pub level: Vec<u32>,
    /// The root a customer descends from; for customers in or below a cycle, the cycle's
    /// first member (its head); [`NONE`] for shadowed duplicates.
    pub anchor: Vec<u32>,
    /// Every cycle, child → parent order, starting at its member first in the input;
    /// ordered by that member.
    pub cycles: Vec<Vec<u32>>,
    /// Number of direct children of each customer.
    pub child_count: Vec<u32>,
}

/// Children lists and subordinate counts: built from a [`Structure`] when queries (or a
/// rare validation message) need them, not for every preview.
#[derive(Debug, Clone, Default)]
pub struct Topology {
    /// Direct children.
    pub children: Children,
    /// How many customers descend from each one. For a cycle member: everyone else
    /// reachable through the cycle, i.e. its component minus itself.
    pub subordinates: Vec<u32>,
}

impl Structure {
    /// Analyses `hierarchy` under `relations`.
    pub fn analyze(hierarchy: &Hierarchy, relations: &Relations) -> Structure {
        let count = relations.len();
        let (level, anchor, cycles) = levels_and_cycles(hierarchy, relations);
        let mut child_count = vec![0u32; count];
        for position in 0..count as u32 {
            if let Some(parent) = relations.parent_of(position) {
                child_count[parent as usize] += 1;
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
    pub fn level_of(&self, position: u32) -> Option<u32> {
        self.level
            .get(position as usize)
            .copied()
            .filter(|&level| level != 0)
    }
}

impl Topology {
    /// Builds the children lists and subordinate counts of `structure`.
    pub fn build(relations: &Relations, structure: &Structure) -> Topology {
        let count = relations.len();
        let parents = (0..count as u32).map(|p| relations.parent_of(p).unwrap_or(NONE));
        let children = Children::build(parents, count);
        let subordinates = subordinate_counts(relations, structure);
        Topology {
            children,
            subordinates,
        }
    }
}

/// Follows parent links from every customer not yet placed, stopping at a root, at a
/// customer placed by an earlier walk, or at a customer seen in this walk (a cycle).
fn levels_and_cycles(
    hierarchy: &Hierarchy,
    relations: &Relations,
) -> (Vec<u32>, Vec<u32>, Vec<Vec<u32>>) {
    let count = relations.len();
    let mut level = vec![0u32; count];
    let mut anchor = vec![NONE; count];
    let mut walk_of = vec![NONE; count];
    let mut cycles = Vec::new();
    let mut path: Vec<u32> = Vec::new();
    for start in 0..count as u32 {
        if walk_of[start as usize] != NONE || hierarchy.is_shadowed(start) {
            continue;
        }
        path.clear();
        let mut current = start;
        let (base_level, base_anchor) = loop {
            let seen_by = walk_of[current as usize];
            if seen_by == start {
                // Back at a customer of this very walk: the path from it on is a cycle.
                let from = path.iter().rposition(|&p| p == current).unwrap_or(0);
                let mut members = path.split_off(from);
                let head_at = (0..members.len()).min_by_key(|&i| members[i]).unwrap_or(0);
                members.rotate_left(head_at);
                let head = members.first().copied().unwrap_or(current);
                for &member in &members {
                    anchor[member as usize] = head;
                }
                cycles.push(members);
                break (0, head);
            }
            if seen_by != NONE {
                break (level[current as usize], anchor[current as usize]);
            }
            walk_of[current as usize] = start;
            path.push(current);
            match relations.parent_of(current) {
                Some(next) => current = next,
                None => {
                    path.pop();
                    level[current as usize] = 1;
                    anchor[current as usize] = current;
                    break (1, current);
                }
            }
        };
        let mut current_level = base_level;
        while let Some(position) = path.pop() {
            if current_level != 0 {
                current_level += 1;
            }
            level[position as usize] = current_level;
            anchor[position as usize] = base_anchor;
        }
    }
    (level, anchor, in_head_order(cycles, count))
}

/// Orders cycles by their head (first member in input order), without sorting.
fn in_head_order(cycles: Vec<Vec<u32>>, count: usize) -> Vec<Vec<u32>> {
    if cycles.len() < 2 {
        return cycles;
    }
    let mut by_head: Vec<Option<Vec<u32>>> = vec![None; count];
    for members in cycles {
        if let Some(&head) = members.first() {
            by_head[head as usize] = Some(members);
        }
    }
    by_head.into_iter().flatten().collect()
}

/// Counts descendants leaves-first: a customer is settled once all its children are.
/// Cycle members never settle that way; each gets its component's size minus one.
fn subordinate_counts(relations: &Relations, structure: &Structure) -> Vec<u32> {
    let count = relations.len();
    let mut subordinates = vec![0u32; count];
    let mut pending = structure.child_count.clone();
    let mut ready: Vec<u32> = (0..count as u32)
        .filter(|&p| pending[p as usize] == 0 && structure.anchor[p as usize] != NONE)
        .collect();
    while let Some(position) = ready.pop() {
        if let Some(up) = relations.parent_of(position) {
            subordinates[up as usize] += subordinates[position as usize] + 1;
            pending[up as usize] -= 1;
            if pending[up as usize] == 0 {
                ready.push(up);
            }
        }
    }
    if !structure.cycles.is_empty() {
        let mut component_size = vec![0u32; count];
        for &head in structure.anchor.iter().filter(|&&head| head != NONE) {
            component_size[head as usize] += 1;
        }
        for members in &structure.cycles {
            for &member in members {
                let head = structure.anchor[member as usize];
                subordinates[member as usize] = component_size[head as usize].saturating_sub(1);
            }
        }
    }
    subordinates
}
