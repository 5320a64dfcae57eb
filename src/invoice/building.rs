//! One invoice while its totals are worked out: its sections, its drafts per section,
//! and each step of the pipeline per section in minor units (integers: after a line is
//! rounded, nothing is rounded again except a whole invoice's tax).

use crate::common::fx::FxHashMap;
use crate::input::customer_ix::CustomerIx;
use crate::invoice::context::Billed;
use crate::invoice::lines::{Draft, Target};
use crate::invoice::model::{AppliedDiscount, LineKind};
use crate::invoice::sections::SectionTree;

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
    position: FxHashMap<CustomerIx, usize>,
}

impl Building {
    /// The invoice of `target` holding `drafts` (all of them for this target).
    pub fn new(billed: Billed<'_>, target: Target, drafts: Vec<Draft>) -> Building {
        let members: Vec<CustomerIx> = drafts.iter().map(|d| d.section).collect();
        let tree = SectionTree::build(billed, target.addressee, &members);
        let position: FxHashMap<CustomerIx, usize> = tree
            .order
            .iter()
            .enumerate()
            .map(|(i, c)| (*c, i))
            .collect();
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
        let at = self.position.get(&draft.section).copied().unwrap_or(0);
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
        self.position.get(&customer).copied()
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
