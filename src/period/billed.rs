//! What an invoice preview reads from the hierarchy capability and the owner
//! resolution, per sub-period of the timeline: one borrowed view, so a what-if can bill
//! its own copy of the relations and owners without touching the loaded session.
//! Owners are never resolved here a second way: every invoice owner and payer comes
//! from `owners`.

use crate::common::customer_ix::CustomerIx;
use crate::hierarchy::loaded::{Hierarchy, Relations};
use crate::owners::model::Owners;
use crate::period::timeline::{SubPeriod, Timeline};
use std::cmp::Ordering;

/// The hierarchy and its resolved owners, as one invoice run sees them.
#[derive(Clone, Copy)]
pub struct Billed<'a> {
    /// Customers, ids, names, currencies.
    pub hierarchy: &'a Hierarchy,
    /// Parents as they stand (possibly a what-if's copy).
    pub relations: &'a Relations,
    /// Who receives and who pays, per customer.
    pub owners: &'a Owners,
}

impl<'a> Billed<'a> {
    /// Whether `ancestor` is above `customer` (not the customer itself). Walks the
    /// parents, at most once round the hierarchy, so a parent cycle ends the walk.
    pub fn is_strictly_below(&self, customer: CustomerIx, ancestor: CustomerIx) -> bool {
        let mut at = customer;
        for _ in 0..self.hierarchy.len() {
            match self.relations.parent_of(at) {
                Some(parent) if parent == ancestor => return true,
                Some(parent) => at = parent,
                None => return false,
            }
        }
        false
    }

    /// The customer's id.
    pub fn id(&self, customer: CustomerIx) -> &'a str {
        self.hierarchy.id(customer)
    }

    /// The order of two customers' ids.
    #[inline]
    pub fn compare_ids(&self, a: CustomerIx, b: CustomerIx) -> Ordering {
        self.hierarchy.compare_ids(a, b)
    }
}

/// One sub-period as a run bills it: its days, and the hierarchy and owners in force.
#[derive(Clone, Copy)]
pub struct Segment<'a> {
    /// The hierarchy and owners in force.
    pub billed: Billed<'a>,
    /// Its days.
    pub part: SubPeriod,
}

/// The timeline's sub-periods over `loaded` (the hierarchy the billing is previewed
/// over), each with its state.
pub fn segments<'a>(loaded: Billed<'a>, timeline: &'a Timeline<'_>) -> Vec<Segment<'a>> {
    timeline
        .parts
        .iter()
        .map(|part| Segment {
            billed: match part.state.and_then(|state| timeline.states.get(state)) {
                Some(state) => Billed {
                    hierarchy: loaded.hierarchy,
                    relations: &state.relations,
                    owners: &state.owners,
                },
                None => loaded,
            },
            part: *part,
        })
        .collect()
}
