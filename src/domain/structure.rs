//! The shape of a hierarchy under given relations: levels, cycles, children and
//! subordinate counts. Every walk here is iterative and linear in the number of
//! customers, so a million-deep chain costs no stack.

use super::hierarchy::{Hierarchy, Relations};

/// Marks a position that is not set.
pub const NONE: u32 = u32::MAX;

/// Direct children of every customer, in input order (compressed sparse rows).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Children {
    offsets: Vec<u32>,
    list: Vec<u32>,
}

impl Children {
    fn build(parents: &[u32]) -> Children {
        let mut offsets = vec![0u32; parents.len() + 1];
        for &parent in parents.iter().filter(|&&parent| parent != NONE) {
            offsets[parent as usize + 1] += 1;
        }
        for position in 1..offsets.len() {
            offsets[position] += offsets[position - 1];
        }
        let mut next = offsets.clone();
        let mut list = vec![0u32; offsets.last().copied().unwrap_or(0) as usize];
        for (child, &parent) in (0u32..).zip(parents) {
            if parent != NONE {
                let slot = &mut next[parent as usize];
                list[*slot as usize] = child;
                *slot += 1;
            }
        }
        Children { offsets, list }
    }

    /// The direct children of the customer at `position`.
    pub fn of(&self, position: u32) -> &[u32] {
        let position = position as usize;
        match (self.offsets.get(position), self.offsets.get(position + 1)) {
            (Some(&start), Some(&end)) => &self.list[start as usize..end as usize],
            _ => &[],
        }
    }
}

/// Levels, cycles, children and subordinate counts of every customer.
#[derive(Debug, Clone)]
pub struct Structure {
    /// Effective parent per position, or [`NONE`].
    pub parent: Vec<u32>,
    /// 1 for a root, 2 for its children…; 0 for customers in or below a cycle and for
    /// shadowed duplicates, which have no level.
    pub level: Vec<u32>,
    /// The root a customer descends from; for customers in or below a cycle, the cycle's
    /// first member (its head); [`NONE`] for shadowed duplicates.
    pub anchor: Vec<u32>,
    /// Every cycle, child → parent order, starting at its member first in the input;
    /// sorted by that member.
    pub cycles: Vec<Vec<u32>>,
    /// Direct children.
    pub children: Children,
    /// How many customers descend from each one. For a cycle member: everyone else
    /// reachable through the cycle, i.e. its component minus itself.
    pub subordinates: Vec<u32>,
}

impl Structure {
    /// Analyses `hierarchy` under `relations`.
    pub fn analyze(hierarchy: &Hierarchy, relations: &Relations) -> Structure {
        let count = hierarchy.len();
        let parent: Vec<u32> = (0..count as u32)
            .map(|position| hierarchy.parent(relations, position).unwrap_or(NONE))
            .collect();
        let (level, anchor, cycles) = levels_and_cycles(hierarchy, &parent);
        let children = Children::build(&parent);
        let subordinates = subordinate_counts(&parent, &children, &anchor, &cycles);
        Structure {
            parent,
            level,
            anchor,
            cycles,
            children,
            subordinates,
        }
    }

    /// The effective parent of a customer.
    pub fn parent_of(&self, position: u32) -> Option<u32> {
        self.parent
            .get(position as usize)
            .copied()
            .filter(|&parent| parent != NONE)
    }

    /// The customer's level, `None` when it is in or below a cycle (or shadowed).
    pub fn level_of(&self, position: u32) -> Option<u32> {
        self.level
            .get(position as usize)
            .copied()
            .filter(|&level| level != 0)
    }
}

/// Follows parent links from every customer not yet placed, stopping at a root, at a
/// customer placed by an earlier walk, or at a customer seen in this walk (a cycle).
fn levels_and_cycles(hierarchy: &Hierarchy, parent: &[u32]) -> (Vec<u32>, Vec<u32>, Vec<Vec<u32>>) {
    let count = parent.len();
    let mut level = vec![0u32; count];
    let mut anchor = vec![NONE; count];
    let mut walk_of = vec![NONE; count];
    let mut cycles = Vec::new();
    let mut path: Vec<u32> = Vec::new();
    for start in 0..count as u32 {
        if hierarchy.is_shadowed(start) || walk_of[start as usize] != NONE {
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
            let next = parent[current as usize];
            if next == NONE {
                path.pop();
                level[current as usize] = 1;
                anchor[current as usize] = current;
                break (1, current);
            }
            current = next;
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
    cycles.sort_by_key(|members| members.first().copied().unwrap_or(NONE));
    (level, anchor, cycles)
}

/// Counts descendants leaves-first: a customer is settled once all its children are.
/// Cycle members never settle that way; each gets its component's size minus one.
fn subordinate_counts(
    parent: &[u32],
    children: &Children,
    anchor: &[u32],
    cycles: &[Vec<u32>],
) -> Vec<u32> {
    let count = parent.len();
    let mut subordinates = vec![0u32; count];
    let mut pending: Vec<u32> = (0..count as u32)
        .map(|position| children.of(position).len() as u32)
        .collect();
    let mut ready: Vec<u32> = (0..count as u32)
        .filter(|&position| pending[position as usize] == 0 && anchor[position as usize] != NONE)
        .collect();
    while let Some(position) = ready.pop() {
        let up = parent[position as usize];
        if up != NONE {
            subordinates[up as usize] += subordinates[position as usize] + 1;
            pending[up as usize] -= 1;
            if pending[up as usize] == 0 {
                ready.push(up);
            }
        }
    }
    if !cycles.is_empty() {
        let mut component_size = vec![0u32; count];
        for &head in anchor.iter().filter(|&&head| head != NONE) {
            component_size[head as usize] += 1;
        }
        for members in cycles {
            for &member in members {
                let head = anchor[member as usize];
                subordinates[member as usize] = component_size[head as usize].saturating_sub(1);
            }
        }
    }
    subordinates
}
