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
use crate::hierarchy::issue::OwnerRole;
use crate::hierarchy::loaded::{Hierarchy, Relations};
use crate::hierarchy::restructure::{restructured, Restructured};
use crate::hierarchy::structure::Structure;
use crate::owners::model::{Owner, Owners, Ownership, Route};
use crate::owners::resolve::{
    checked, in_report_order, invoice_owners, payment_of, resolve, Climb,
};
use crate::owners::settings::{Own, SettingsReader};
use std::cell::OnceCell;

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
    let count = after.len();
    let structure = &restructured.structure;
    let again = reached(restructured, before, (before_structure, children));
    let customers: Vec<CustomerIx> = after.customers().filter(|c| again[*c]).collect();
    let reader = SettingsReader {
        hierarchy,
        relations: after,
        structure,
        ancestry: OnceCell::new(),
    };
    let mut findings = Vec::new();
    let placeholder = Own {
        route: Route::Itself,
        payer: Ok(CustomerIx::at(0)),
        payment_broken: None,
    };
    let mut own = PerCustomer::filled(count, placeholder);
    for &customer in &customers {
        own[customer] = reader.read(customer, &mut findings);
    }
    // Everyone not reached keeps the owner it had; the reached climb over them.
    let state = PerCustomer::from_values(
        before
            .of
            .values()
            .iter()
            .map(|ownership| Climb::Done(ownership.invoice))
            .collect(),
    );
    let mut state = state;
    for &customer in &customers {
        state[customer] = Climb::New;
    }
    let mut check_invoice_owner = |customer, owner| {
        let role = OwnerRole::InvoiceOwner;
        checked(hierarchy, after, customer, Ok(owner), role, &mut findings)
    };
    let (invoice, loops) = invoice_owners(
        after,
        structure,
        &own,
        (state, customers.iter().copied()),
        &mut check_invoice_owner,
    );
    findings.extend(loops);
    let mut invoice_payer: PerCustomer<Option<Owner>> = PerCustomer::filled(count, None);
    for &owner in &customers {
        if invoice[owner] == Ok(owner) {
            let payer = match own[owner].payment_broken {
                Some(broken) => Err(broken),
                None => own[owner].payer,
            };
            let role = OwnerRole::PaymentOwner;
            invoice_payer[owner] =
                Some(checked(hierarchy, after, owner, payer, role, &mut findings));
        }
    }
    // An owner not reached kept its invoice, and the payer of the invoice it owns is
    // what it pays with itself.
    let payer_of = |owner: CustomerIx| match again[owner] {
        true => invoice_payer[owner],
        false => Some(before.of[owner].payment),
    };
    let mut of = before.of.clone();
    let mut routes = before.routes.clone();
    let mut payers = before.payers.clone();
    for &customer in &customers {
        let payment = payment_of(customer, &own[customer], invoice[customer], payer_of);
        of[customer] = Ownership {
            invoice: invoice[customer],
            payment,
        };
        routes[customer] = own[customer].route;
        payers[customer] = own[customer].payer;
    }
    let kept = before.findings.iter().filter(|f| !again[f.customer]);
    findings.extend(kept.cloned());
    Owners {
        of,
        routes,
        payers,
        findings: in_report_order(findings, count),
    }
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
