//! Who receives each customer's invoice and who pays it, from the billing settings of
//! every customer, with every violated rule a finding and never a fallback.
//!
//! The model, one for every system's settings:
//! - a customer's charges land on one invoice, that of its **invoice owner**: itself by
//!   default; for `billTo: "parent"` wherever its parent's charges land (so it is
//!   followed transitively), for `billTo: "root"` wherever the top of its hierarchy's
//!   charges land; for a named `invoiceOwnerId` or `invoicingDelegateId`, wherever that
//!   customer's charges land. So an invoice owner always receives its own charges too,
//!   and every invoice has exactly one owner;
//! - every invoice has one payer, set by its owner's settings: itself by default, its
//!   `paymentOwnerId` when it is its own invoice owner, its parent for `payer:
//!   "parent"`. A customer's **payment owner** is the payer of the invoice its charges
//!   land on.
//!
//! An owner that breaks a rule is not resolved; the finding says why, and customers whose
//! charges would follow it are unresolved too, naming it ([`Unresolved::Upstream`]).

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::hierarchy::issue::{IssueCode, OwnerRole};
use crate::hierarchy::loaded::{Hierarchy, Link, Relations};
use crate::hierarchy::structure::Structure;
use crate::owners::model::{Owner, OwnerFinding, Owners, Ownership, Route, Unresolved};
use crate::owners::settings::{Own, SettingsReader};
use std::cell::OnceCell;

/// Resolves every customer's owners under `relations`.
pub fn resolve(hierarchy: &Hierarchy, relations: &Relations, structure: &Structure) -> Owners {
    let count = relations.len();
    let routing = |c: CustomerIx| {
        relations.billing[c]
            .as_deref()
            .is_some_and(|settings| !settings.is_default())
    };
    // Fast path: nobody routes anything, everybody owns and pays its own invoice.
    if !relations.customers().any(routing) {
        let of = PerCustomer::from_values(
            relations
                .customers()
                .map(|c| Ownership {
                    invoice: Ok(c),
                    payment: Ok(c),
                })
                .collect(),
        );
        return Owners {
            of,
            routes: PerCustomer::filled(count, Route::Itself),
            payers: PerCustomer::from_values(relations.customers().map(Ok).collect()),
            findings: Vec::new(),
        };
    }
    let reader = SettingsReader {
        hierarchy,
        relations,
        structure,
        ancestry: OnceCell::new(),
    };
    let mut findings = Vec::new();
    let own = PerCustomer::from_values(
        relations
            .customers()
            .map(|customer| reader.read(customer, &mut findings))
            .collect(),
    );
    let mut check_invoice_owner = |customer, owner| {
        let role = OwnerRole::InvoiceOwner;
        checked(
            hierarchy,
            relations,
            customer,
            Ok(owner),
            role,
            &mut findings,
        )
    };
    let state = PerCustomer::filled(count, Climb::New);
    let starts = relations.customers();
    let (invoice, loops) = invoice_owners(
        relations,
        structure,
        &own,
        (state, starts),
        &mut check_invoice_owner,
    );
    findings.extend(loops);
    // Payment: first the payer of each invoice, checked against its owner; then every
    // customer whose charges land on it gets that same payer (one payer per invoice).
    let mut invoice_payer: PerCustomer<Option<Owner>> = PerCustomer::filled(count, None);
    for owner in relations.customers() {
        if invoice[owner] == Ok(owner) {
            let payer = match own[owner].payment_broken {
                Some(broken) => Err(broken),
                None => own[owner].payer,
            };
            let role = OwnerRole::PaymentOwner;
            invoice_payer[owner] = Some(checked(
                hierarchy,
                relations,
                owner,
                payer,
                role,
                &mut findings,
            ));
        }
    }
    let mut of = PerCustomer::with_capacity(count);
    for customer in relations.customers() {
        let invoice = invoice[customer];
        let payment = payment_of(customer, &own[customer], invoice, |owner| {
            invoice_payer[owner]
        });
        of.push(Ownership { invoice, payment });
    }
    let findings = in_report_order(findings, count);
    let (routes, payers) = relations
        .customers()
        .map(|customer| (own[customer].route, own[customer].payer))
        .unzip();
    Owners {
        of,
        routes: PerCustomer::from_values(routes),
        payers: PerCustomer::from_values(payers),
        findings,
    }
}

/// Who pays for `customer`, whose own settings say `own` and whose charges land on
/// `invoice`: the payer of that invoice (`payer_of` its owner), unless the customer's
/// own settings already broke its payment.
pub(super) fn payment_of(
    customer: CustomerIx,
    own: &Own,
    invoice: Owner,
    payer_of: impl Fn(CustomerIx) -> Option<Owner>,
) -> Owner {
    match (own.payment_broken, invoice) {
        (Some(broken), _) => Err(broken),
        (None, Err(reason)) => Err(reason),
        (None, Ok(owner)) => match payer_of(owner) {
            Some(Ok(payer)) => Ok(payer),
            Some(Err(reason)) if owner == customer => Err(reason),
            Some(Err(Unresolved::Upstream(at))) => Err(Unresolved::Upstream(at)),
            Some(Err(_)) => Err(Unresolved::Upstream(owner)),
            // An invoice owner always receives its own charges (the climb ends at
            // customers that bill themselves), so its payer is known.
            None => Err(Unresolved::Upstream(owner)),
        },
    }
}

/// Refuses an owner another customer cannot have: archived, or of another tenant.
pub(super) fn checked(
    hierarchy: &Hierarchy,
    relations: &Relations,
    customer: CustomerIx,
    owner: Owner,
    role: OwnerRole,
    findings: &mut Vec<OwnerFinding>,
) -> Owner {
    let Ok(owner) = owner else { return owner };
    if owner == customer {
        return Ok(owner);
    }
    let store = hierarchy.store();
    let code = if store.tenant(owner) != store.tenant(customer) {
        IssueCode::CrossTenantOwner
    } else if relations.archived[owner] && !relations.archived[customer] {
        IssueCode::ArchivedOwner
    } else {
        return Ok(owner);
    };
    findings.push(OwnerFinding {
        role: Some(role),
        ..OwnerFinding::new(customer, code, None, Some(owner))
    });
    Err(Unresolved::Issue(code))
}

/// Where a climb stands for each customer.
#[derive(Clone, Copy)]
pub(super) enum Climb {
    New,
    OnPath,
    Done(Owner),
}

/// Follows every route to its invoice owner. Each customer is climbed through once,
/// iteratively (a million-deep `billTo: "parent"` chain costs no stack), remembering
/// what each resolved to. On the way back down, each customer is checked against the
/// owner found (`check`: archived, other tenant); one that fails stops those below it,
/// who follow it ([`Unresolved::Upstream`]). A route that comes back to a customer on
/// the current climb is a loop of owners, returned as findings. Climbs begin at
/// `starts`, over `state` as given (customers already `Done` are not climbed again).
pub(super) fn invoice_owners(
    relations: &Relations,
    structure: &Structure,
    own: &PerCustomer<Own>,
    (mut state, starts): (PerCustomer<Climb>, impl Iterator<Item = CustomerIx>),
    check: &mut impl FnMut(CustomerIx, CustomerIx) -> Owner,
) -> (PerCustomer<Owner>, Vec<OwnerFinding>) {
    let mut path: Vec<CustomerIx> = Vec::new();
    let mut loops = Vec::new();
    for start in starts {
        let mut current = start;
        let base = loop {
            match state[current] {
                Climb::Done(owner) => break owner,
                Climb::OnPath => {
                    let from = path.iter().position(|&c| c == current).unwrap_or(0);
                    let members = path.split_off(from);
                    let code = IssueCode::InvoiceOwnerCycle;
                    for &member in &members {
                        state[member] = Climb::Done(Err(Unresolved::Issue(code)));
                    }
                    let first = members.iter().copied().min().unwrap_or(current);
                    loops.push(OwnerFinding {
                        loop_members: rotated_to(members, first),
                        ..OwnerFinding::new(first, code, None, None)
                    });
                    break Err(Unresolved::Issue(code));
                }
                Climb::New => {}
            }
            let next = match own[current].route {
                Route::Itself => break Ok(current),
                Route::Broken(reason) => break Err(reason),
                Route::To(owner) => owner,
                Route::ToRoot => match structure.anchor[current] {
                    Some(root) if root == current => break Ok(current),
                    Some(root) => root,
                    None => break Err(Unresolved::BrokenHierarchy),
                },
                Route::ToParent => match relations.link(current) {
                    Link::Parent(parent) => parent,
                    // Found when the settings were read; kept total here.
                    Link::Root => {
                        break Err(Unresolved::Issue(IssueCode::BillToParentWithoutParent))
                    }
                    Link::SelfParent | Link::Dangling => break Err(Unresolved::BrokenHierarchy),
                },
            };
            state[current] = Climb::OnPath;
            path.push(current);
            current = next;
        };
        if !matches!(state[current], Climb::Done(_)) {
            state[current] = Climb::Done(base);
        }
        // Back down the climb, nearest first: each follows the customer above it.
        let (mut followed, mut above) = (base, current);
        while let Some(customer) = path.pop() {
            let owner = match followed {
                Ok(owner) => check(customer, owner),
                Err(Unresolved::Upstream(at)) => Err(Unresolved::Upstream(at)),
                Err(_) => Err(Unresolved::Upstream(above)),
            };
            state[customer] = Climb::Done(owner);
            if owner.is_err() && followed.is_ok() {
                above = customer;
            }
            followed = owner;
        }
    }
    let owners = state
        .values()
        .iter()
        .map(|climb| match climb {
            Climb::Done(owner) => *owner,
            // Every customer was a start, so none is left unclimbed.
            Climb::New | Climb::OnPath => Err(Unresolved::BrokenHierarchy),
        })
        .collect();
    (PerCustomer::from_values(owners), loops)
}

/// The loop's members starting at `first`, order kept.
fn rotated_to(mut members: Vec<CustomerIx>, first: CustomerIx) -> Vec<CustomerIx> {
    if let Some(at) = members.iter().position(|&c| c == first) {
        members.rotate_left(at);
    }
    members
}

/// Findings grouped by code (in the order of [`IssueCode`]), then by customer in input
/// order, as validation orders its issues: a counting sort by customer, then a stable
/// split by code. Linear, and without a general sort in the module.
pub(super) fn in_report_order(findings: Vec<OwnerFinding>, count: usize) -> Vec<OwnerFinding> {
    let mut starts = vec![0usize; count + 1];
    for finding in &findings {
        starts[finding.customer.position() as usize + 1] += 1;
    }
    for at in 1..starts.len() {
        starts[at] += starts[at - 1];
    }
    let mut by_customer: Vec<Option<OwnerFinding>> = Vec::new();
    by_customer.resize_with(findings.len(), || None);
    for finding in findings {
        let slot = &mut starts[finding.customer.position() as usize];
        if let Some(place) = by_customer.get_mut(*slot) {
            *place = Some(finding);
        }
        *slot += 1;
    }
    let mut by_code: [Vec<OwnerFinding>; IssueCode::COUNT] = std::array::from_fn(|_| Vec::new());
    for finding in by_customer.into_iter().flatten() {
        by_code[finding.code as usize].push(finding);
    }
    by_code.into_iter().flatten().collect()
}
