//! The structure after edits, from the structure before them: only the customers whose
//! chain of parents passes through an edited customer get new levels and anchors, so a
//! what-if that moves eleven customers of 100,000 does not walk the other 99,989.
//!
//! It declines (`None`, and the caller analyzes from scratch) whenever the shortcut
//! would need care it does not take: a cycle before or after the edits, or an edit on a
//! shadowed duplicate.

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::hierarchy::children::Children;
use crate::hierarchy::loaded::{Hierarchy, Relations};
use crate::hierarchy::structure::{Level, Structure};

/// The structure after the edits, and whom the edits reach.
pub struct Restructured {
    /// What `Structure::analyze` would give for the relations after the edits.
    pub structure: Structure,
    /// Customers whose parent, archived flag or billing settings changed, and every
    /// customer below one of them: those whose own reading of the hierarchy (level,
    /// root, ancestors, settings) may differ.
    pub touched: PerCustomer<bool>,
}

/// The structure of `after`, from `structure` and `children`, those of `before` (both
/// relations of `hierarchy`'s customers); `None` where the edits made or met a cycle
/// or changed a shadowed duplicate.
pub fn restructured(
    hierarchy: &Hierarchy,
    (structure, children): (&Structure, &Children),
    before: &Relations,
    after: &Relations,
) -> Option<Restructured> {
    let count = after.len();
    if !structure.cycles.is_empty() || before.len() != count || structure.level.len() != count {
        return None;
    }
    let mut changed = Vec::new();
    for customer in after.customers() {
        if before.link(customer) != after.link(customer)
            || before.archived[customer] != after.archived[customer]
            || before.billing[customer] != after.billing[customer]
        {
            if hierarchy.is_shadowed(customer) {
                return None;
            }
            changed.push(customer);
        }
    }
    let touched = below_changed(children, &changed, count);
    let mut level = structure.level.clone();
    let mut anchor = structure.anchor.clone();
    // Levels and anchors of the touched customers, walking up the new parents until a
    // customer that kept its own (or a root): the same walk as a full analysis.
    let mut settled = PerCustomer::filled(count, false);
    let mut on_path = PerCustomer::filled(count, false);
    let mut path: Vec<CustomerIx> = Vec::new();
    for start in after.customers().filter(|c| touched[*c]) {
        path.clear();
        let mut current = start;
        let (base_level, base_anchor) = loop {
            if !touched[current] || settled[current] {
                break (level[current], anchor[current]);
            }
            if on_path[current] {
                return None;
            }
            on_path[current] = true;
            path.push(current);
            match after.parent_of(current) {
                Some(parent) => current = parent,
                None => {
                    path.pop();
                    level[current] = Some(Level::MIN);
                    anchor[current] = Some(current);
                    settled[current] = true;
                    break (Some(Level::MIN), Some(current));
                }
            }
        };
        let mut current_level = base_level;
        while let Some(customer) = path.pop() {
            current_level = current_level.map(|level| level.saturating_add(1));
            level[customer] = current_level;
            anchor[customer] = base_anchor;
            settled[customer] = true;
        }
    }
    let mut child_count = structure.child_count.clone();
    for &customer in &changed {
        if let Some(parent) = before.parent_of(customer) {
            child_count[parent] = child_count[parent].saturating_sub(1);
        }
        if let Some(parent) = after.parent_of(customer) {
            child_count[parent] = child_count[parent].saturating_add(1);
        }
    }
    Some(Restructured {
        structure: Structure {
            level,
            anchor,
            cycles: Vec::new(),
            child_count,
        },
        touched,
    })
}

/// Each of `changed` and everything below one of them before the edits (`children`
/// lists the children before them): exactly the customers below one of them after
/// the edits too, since a chain of parents changes only at a changed customer.
fn below_changed(children: &Children, changed: &[CustomerIx], count: usize) -> PerCustomer<bool> {
    let mut below = PerCustomer::filled(count, false);
    let mut stack: Vec<CustomerIx> = Vec::with_capacity(changed.len());
    for &customer in changed {
        if !below[customer] {
            below[customer] = true;
            stack.push(customer);
        }
    }
    while let Some(at) = stack.pop() {
        for &child in children.of(at) {
            if !below[child] {
                below[child] = true;
                stack.push(child);
            }
        }
    }
    below
}
