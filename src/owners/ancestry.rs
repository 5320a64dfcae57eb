//! "Is A an ancestor of C?" in constant time: each customer's interval in a depth-first
//! walk of its tree contains exactly its descendants' intervals. Built in one linear,
//! iterative walk (a million-deep chain costs no stack), and only when some customer
//! names an explicit owner.

use crate::hierarchy::children::Children;
use crate::hierarchy::loaded::Relations;
use crate::hierarchy::structure::Structure;
use crate::input::customer_ix::{CustomerIx, PerCustomer};

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
