//! One invoice while its totals are worked out: its sections, its drafts per section,
//! and each step of the pipeline per section in minor units (integers: after a line is
//! rounded, nothing is rounded again except a whole invoice's tax).
//!
//! The sections nest like the hierarchy: the addressee at the top, every customer
//! with a line under its parent's section, and the customers in between given sections
//! of their own (empty but for their subtotal) so the hierarchy reads as it is. A
//! customer that is not below the addressee (a usage pool may name anyone) gets a
//! section right under the top. Built without recursion, in depth-first order,
//! children by id.

use crate::common::customer_ix::CustomerIx;
use crate::common::key_map::{customer_key, triple, KeyMap};
use crate::common::order::sort_by;
use crate::invoice::model::{AppliedDiscount, Line, LineKind};
use crate::money::currency::Currency;
use crate::period::billed::Billed;

/// Which invoice a line lands on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Target {
    /// The invoice owner.
    pub owner: CustomerIx,
    /// Whom the invoice is addressed to: the owner, or a summarized customer.
    pub addressee: CustomerIx,
    /// Its currency.
    pub currency: Currency,
}

impl Target {
    /// The invoice as a map key.
    pub fn key(&self) -> [u8; 12] {
        triple(
            self.owner.position(),
            self.addressee.position(),
            self.currency.key(),
        )
    }
}

/// A line before ids and discounts, with where it goes.
#[derive(Debug, Clone)]
pub struct Draft {
    /// Its invoice.
    pub target: Target,
    /// Whose section it sits in (its origin customer).
    pub section: CustomerIx,
    /// The holder of its subscription, for discounts granted to the holder.
    pub holder: Option<CustomerIx>,
    /// The line (id empty until the invoice is assembled).
    pub line: Line,
    /// The amount in minor units.
    pub minor: i128,
    /// Line discounts taken off it, in minor units.
    pub discounted: i128,
}

/// Minor-unit amounts of one section's own lines, step by step.
#[derive(Debug, Clone, Copy, Default)]
pub struct Steps {
    /// Priced lines (flat, usage, charges).
    pub lines: i128,
    /// Discounts taken off (line and invoice discounts, positive).
    pub discounts: i128,
    /// True-up.
    pub true_up: i128,
    /// Tax.
    pub tax: i128,
    /// Summary lines.
    pub carried: i128,
}

impl Steps {
    /// Lines − discounts + true-up.
    pub fn net(&self) -> i128 {
        self.lines - self.discounts + self.true_up
    }

    /// Net + tax + carried.
    pub fn total(&self) -> i128 {
        self.net() + self.tax + self.carried
    }

    /// What discounts may still take off: the priced lines not yet discounted.
    pub fn discountable(&self) -> i128 {
        (self.lines - self.discounts).max(0)
    }

    /// The sum of two.
    pub fn plus(&self, other: &Steps) -> Steps {
        Steps {
            lines: self.lines + other.lines,
            discounts: self.discounts + other.discounts,
            true_up: self.true_up + other.true_up,
            tax: self.tax + other.tax,
            carried: self.carried + other.carried,
        }
    }
}

/// An invoice being built.
#[derive(Debug, Clone)]
pub struct Building {
    /// Which invoice.
    pub target: Target,
    /// Its sections.
    pub tree: SectionTree,
    /// Drafts per section (by position in the tree).
    pub drafts: Vec<Vec<Draft>>,
    /// Own steps per section.
    pub steps: Vec<Steps>,
    /// Credits applied by each section's customer (covering its nested sections too).
    pub credits: Vec<i128>,
    /// Invoice-level discounts applied.
    pub discounts: Vec<AppliedDiscount>,
    position: KeyMap<[u8; 4], usize>,
}

impl Building {
    /// The invoice of `target` holding `drafts` (all of them for this target).
    pub fn new(billed: Billed<'_>, target: Target, drafts: Vec<Draft>) -> Building {
        let members: Vec<CustomerIx> = drafts.iter().map(|d| d.section).collect();
        let tree = SectionTree::build(billed, target.addressee, &members);
        let mut position = KeyMap::with_capacity(tree.order.len());
        for (at, customer) in tree.order.iter().enumerate() {
            position.insert(customer_key(*customer), at);
        }
        let count = tree.order.len();
        let mut building = Building {
            target,
            tree,
            drafts: vec![Vec::new(); count],
            steps: vec![Steps::default(); count],
            credits: vec![0; count],
            discounts: Vec::new(),
            position,
        };
        for draft in drafts {
            building.add(draft);
        }
        building
    }

    /// Adds a draft to its section (which must be in the tree: the addressee's, or
    /// one the tree was built with).
    pub fn add(&mut self, draft: Draft) {
        let at = self
            .position
            .get(customer_key(draft.section))
            .copied()
            .unwrap_or(0);
        let steps = &mut self.steps[at];
        match draft.line.kind {
            LineKind::TrueUp => steps.true_up += draft.minor,
            LineKind::Summary => steps.carried += draft.minor,
            LineKind::Flat | LineKind::Usage | LineKind::Charge => {
                steps.lines += draft.minor;
                steps.discounts += draft.discounted;
            }
        }
        self.drafts[at].push(draft);
    }

    /// The section position of a customer, if it has a section.
    pub fn section_of(&self, customer: CustomerIx) -> Option<usize> {
        self.position.get(customer_key(customer)).copied()
    }

    /// Positions of `top` and every section nested in it (contiguous in depth-first
    /// order).
    pub fn subtree(&self, top: usize) -> std::ops::Range<usize> {
        let depth = self.tree.depth[top];
        let end = (top + 1..self.tree.order.len())
            .find(|i| self.tree.depth[*i] <= depth)
            .unwrap_or(self.tree.order.len());
        top..end
    }

    /// The whole invoice's steps.
    pub fn sum(&self) -> Steps {
        self.steps
            .iter()
            .fold(Steps::default(), |sum, s| sum.plus(s))
    }
}

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
        // Each customer's section's parent, keyed by the customer.
        let mut up: KeyMap<[u8; 4], (CustomerIx, Option<CustomerIx>)> = KeyMap::default();
        up.insert(customer_key(addressee), (addressee, None));
        let limit = billed.hierarchy.len();
        for &member in members {
            if up.contains_key(customer_key(member)) {
                continue;
            }
            let mut path = vec![member];
            let mut at = member;
            let mut joins = None;
            while path.len() <= limit {
                match billed.relations.parent_of(at) {
                    Some(parent) if up.contains_key(customer_key(parent)) => {
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
                        up.insert(customer_key(pair[0]), (pair[0], Some(pair[1])));
                    }
                    if let Some(&last) = path.last() {
                        up.insert(customer_key(last), (last, Some(top)));
                    }
                }
                None => {
                    up.insert(customer_key(member), (member, Some(addressee)));
                }
            }
        }
        let mut children: KeyMap<[u8; 4], Vec<CustomerIx>> = KeyMap::default();
        for &(customer, parent) in up.values() {
            if let Some(parent) = parent {
                children
                    .or_insert(customer_key(parent), Vec::new())
                    .push(customer);
            }
        }
        for list in children.values_mut() {
            // Reversed, so popping from the stack visits them in id order.
            sort_by(list, |a, b| billed.compare_ids(*b, *a));
        }
        let mut tree = SectionTree::default();
        let mut stack = vec![(addressee, 0u32, None)];
        while let Some((customer, depth, parent)) = stack.pop() {
            let position = tree.order.len();
            tree.order.push(customer);
            tree.depth.push(depth);
            tree.parent.push(parent);
            if let Some(list) = children.get(customer_key(customer)) {
                stack.extend(list.iter().map(|child| (*child, depth + 1, Some(position))));
            }
        }
        tree
    }
}
