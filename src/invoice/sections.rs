//! The nesting of one invoice's sections: the addressee at the top, every customer
//! with a line under its parent's section, and the customers in between given sections
//! of their own (empty but for their subtotal) so the hierarchy reads as it is. A
//! customer that is not below the addressee (a usage pool may name anyone) gets a
//! section right under the top. Built without recursion, in depth-first order,
//! children by id.

use crate::common::fx::FxHashMap;
use crate::input::customer_ix::CustomerIx;
use crate::invoice::context::Billed;

/// Sections in depth-first order.
#[derive(Debug, Clone, Default)]
pub struct SectionTree {
    /// Customers, depth-first; the addressee first.
    pub order: Vec<CustomerIx>,
    /// Per position in `order`: its depth.
    pub depth: Vec<u32>,
    /// Per position in `order`: the position of the section it is nested in.
    pub parent: Vec<Option<usize>>,
}

impl SectionTree {
    /// The tree holding `addressee` and each of `members` (any order, repeats allowed).
    pub fn build(billed: Billed<'_>, addressee: CustomerIx, members: &[CustomerIx]) -> SectionTree {
        let mut up: FxHashMap<CustomerIx, Option<CustomerIx>> = FxHashMap::default();
        up.insert(addressee, None);
        let limit = billed.hierarchy.len();
        for &member in members {
            if up.contains_key(&member) {
                continue;
            }
            let mut path = vec![member];
            let mut at = member;
            let mut joins = None;
            while path.len() <= limit {
                match billed.relations.parent_of(at) {
                    Some(parent) if up.contains_key(&parent) => {
                        joins = Some(parent);
                        break;
                    }
                    Some(parent) => {
                        path.push(parent);
                        at = parent;
                    }
                    None => break,
                }
            }
            match joins {
                Some(top) => {
                    for pair in path.windows(2) {
                        up.insert(pair[0], Some(pair[1]));
                    }
                    if let Some(last) = path.last() {
                        up.insert(*last, Some(top));
                    }
                }
                None => {
                    up.insert(member, Some(addressee));
                }
            }
        }
        let mut children: FxHashMap<CustomerIx, Vec<CustomerIx>> = FxHashMap::default();
        for (&customer, parent) in &up {
            if let Some(parent) = parent {
                children.entry(*parent).or_default().push(customer);
            }
        }
        for list in children.values_mut() {
            // Reversed, so popping from the stack visits them in id order.
            list.sort_by(|a, b| billed.id(*b).cmp(billed.id(*a)));
        }
        let mut tree = SectionTree::default();
        let mut stack = vec![(addressee, 0u32, None)];
        while let Some((customer, depth, parent)) = stack.pop() {
            let position = tree.order.len();
            tree.order.push(customer);
            tree.depth.push(depth);
            tree.parent.push(parent);
            if let Some(list) = children.get(&customer) {
                stack.extend(list.iter().map(|child| (*child, depth + 1, Some(position))));
            }
        }
        tree
    }
}
