//! Owners after edits, from the owners before them: only the customers an edit can
//! reach are resolved again, the others keep what they had. A what-if that moves
//! eleven customers of 100,000 reads eleven customers' settings, not 100,000.
//!
//! Who an edit reaches: the customers it touched and everything below them (their
//! levels, roots and ancestors may differ: [`Restructured::touched`]), and every
//! customer whose charges climb into one of those before the edits, through its parent
//! (`billTo: "parent"`), its root (`billTo: "root"`) or a named customer (an invoicing
//! delegate or invoice owner, which may sit anywhere). A payer needs no walk of its
//! own: it is the customer, its parent or a named ancestor (any other is refused), so
//! a touched payer means a touched customer. Nobody else's climb, settings or
//! checks read anything the edits changed, so their owners, routes and findings stand.
//! `tests/owner_properties.rs` checks the result against resolving from scratch.
//!
//! [`Restructured::touched`]: crate::hierarchy::restructure::Restructured::touched

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::common::key_map::{customer_key, KeyMap};
use crate::hierarchy::children::Children;
use crate::hierarchy::loaded::{Hierarchy, Relations};
use crate::hierarchy::restructure::{restructured, Restructured};
use crate::hierarchy::structure::Structure;
use crate::owners::model::{Owners, Route};
use crate::owners::resolve::{resolve, resolve_some};

/// The structure and owners of `after`, from those of `before` (relations of the same
/// customers) where the edits between them allow it and the children before them are
/// known, else analyzed and resolved from scratch: the same answer either way.
pub fn structure_and_owners_after(
    hierarchy: &Hierarchy,
    (before, structure, owners, children): (&Relations, &Structure, &Owners, Option<&Children>),
    after: &Relations,
) -> (Structure, Owners) {
    let restructured =
        children.and_then(|children| restructured(hierarchy, (structure, children), before, after));
    match restructured.zip(children) {
        Some((restructured, children)) => {
            let before = (owners, structure, children);
            let owners = resolve_after(hierarchy, after, &restructured, before);
            (restructured.structure, owners)
        }
        None => {
            let structure = Structure::analyze(hierarchy, after);
            let owners = resolve(hierarchy, after, &structure);
            (structure, owners)
        }
    }
}

/// The owners over `after`, from `before`'s owners (resolved over the relations before
/// the edits, whose structure and children are given too) and what the edits changed.
fn resolve_after(
    hierarchy: &Hierarchy,
    after: &Relations,
    restructured: &Restructured,
    (before, before_structure, children): (&Owners, &Structure, &Children),
) -> Owners {
    let again = reached(restructured, before, (before_structure, children));
    let customers: Vec<CustomerIx> = after.customers().filter(|c| again[*c]).collect();
    let relations = (after, &restructured.structure);
    resolve_some(hierarchy, relations, &customers, Some((before, &again)))
}

/// The customers to resolve again: the touched, and each whose climb before the edits
/// led into a touched one, found backwards from the touched: the customers naming one
/// (invoicing delegates, invoice owners), the children billing to a reached parent,
/// the customers billing to a reached root. `children`: the children before the edits.
fn reached(
    restructured: &Restructured,
    before: &Owners,
    (structure, children): (&Structure, &Children),
) -> PerCustomer<bool> {
    let touched = &restructured.touched;
    // Who names whom: usually few customers, so listed once per what-if.
    let mut naming: KeyMap<[u8; 4], Vec<CustomerIx>> = KeyMap::default();
    for (customer, route) in before.routes.iter() {
        if let Route::To(named) = *route {
            naming
                .or_insert(customer_key(named), Vec::new())
                .push(customer);
        }
    }
    let mut again = touched.clone();
    let mut queue: Vec<CustomerIx> = touched
        .iter()
        .filter(|(_, touched)| **touched)
        .map(|(customer, _)| customer)
        .collect();
    let mut subtree = Vec::new();
    while let Some(at) = queue.pop() {
        let mut reach = |customer: CustomerIx, queue: &mut Vec<CustomerIx>| {
            if !again[customer] {
                again[customer] = true;
                queue.push(customer);
            }
        };
        for &customer in naming.get(customer_key(at)).map_or(&[][..], Vec::as_slice) {
            reach(customer, &mut queue);
        }
        // Below a touched customer everyone is touched already.
        if touched[at] {
            continue;
        }
        for &child in children.of(at) {
            if before.routes[child] == Route::ToParent {
                reach(child, &mut queue);
            }
        }
        if structure.anchor[at] == Some(at) {
            subtree.clear();
            subtree.extend_from_slice(children.of(at));
            while let Some(below) = subtree.pop() {
                if before.routes[below] == Route::ToRoot {
                    reach(below, &mut queue);
                }
                subtree.extend_from_slice(children.of(below));
            }
        }
    }
    again
}
