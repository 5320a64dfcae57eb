//! "Is A an ancestor of C?" in constant time: each customer's interval in a depth-first
//! walk of its tree contains exactly its descendants' intervals. Built in one linear,
//! iterative walk (a million-deep chain costs no stack), and only when some customer
//! names an explicit owner.

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::hierarchy::children::Children;
use crate::hierarchy::loaded::Relations;
use crate::hierarchy::structure::Structure;

/// The ancestor `distance` levels above `customer`, by walking its parents (`None`
/// past the top). Owners usually sit a level or two up, where this beats any index.
pub fn ancestor_at(
    relations: &Relations,
    customer: CustomerIx,
    distance: u32,
) -> Option<CustomerIx> {
    let mut current = customer;
    for _ in 0..distance {
        current = relations.parent_of(current)?;
    }
    Some(current)
}

/// Whether `ancestor` is a proper ancestor of `customer`: the levels say how far up it
/// would be, then the parents are walked that far.
pub fn is_ancestor_by_walk(
    relations: &Relations,
    structure: &Structure,
    ancestor: CustomerIx,
    customer: CustomerIx,
) -> bool {
    match levels_apart(structure, ancestor, customer) {
        Some(distance) => ancestor_at(relations, customer, distance) == Some(ancestor),
        None => false,
    }
}

/// How many levels `ancestor` sits above `customer`, when both have levels and it is
/// above at all.
pub fn levels_apart(
    structure: &Structure,
    ancestor: CustomerIx,
    customer: CustomerIx,
) -> Option<u32> {
    let above = structure.level_of(ancestor)?;
    let below = structure.level_of(customer)?;
    below.checked_sub(above).filter(|&distance| distance > 0)
}

/// Depth-first entry and exit numbers; 0 for customers in or below a cycle, which
/// have no tree to be placed in.
pub struct Ancestry {
    enter: PerCustomer<u32>,
    exit: PerCustomer<u32>,
}

impl Ancestry {
    /// Numbers every customer of every tree under `relations`.
    pub fn build(relations: &Relations, structure: &Structure) -> Ancestry {
        let count = relations.len();
        let parents = relations.customers().map(|c| relations.parent_of(c));
        let children = Children::build(parents, count);
        let mut enter = PerCustomer::filled(count, 0u32);
        let mut exit = PerCustomer::filled(count, 0u32);
        let mut clock = 0u32;
        // (customer, whether its children were pushed already)
        let mut stack: Vec<(CustomerIx, bool)> = Vec::new();
        for root in relations
            .customers()
            .filter(|&c| structure.level_of(c) == Some(1))
        {
            stack.push((root, false));
            while let Some((customer, expanded)) = stack.pop() {
                clock += 1;
                if expanded {
                    exit[customer] = clock;
                } else {
                    enter[customer] = clock;
                    stack.push((customer, true));
                    stack.extend(children.of(customer).iter().map(|&child| (child, false)));
                }
            }
        }
        Ancestry { enter, exit }
    }

    /// Whether `ancestor` is a proper ancestor of `customer`.
    pub fn is_ancestor(&self, ancestor: CustomerIx, customer: CustomerIx) -> bool {
        let (a, c) = (self.enter[ancestor], self.enter[customer]);
        a != 0 && c != 0 && a < c && self.exit[customer] < self.exit[ancestor]
    }
}
