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
    let everyone: Vec<CustomerIx> = relations.customers().collect();
    resolve_some(hierarchy, (relations, structure), &everyone, None)
}

/// What stays of the owners before an edit: the owners themselves, and who is to be
/// resolved again (everyone else keeps what they had).
pub(super) type Kept<'a> = (&'a Owners, &'a PerCustomer<bool>);

/// Resolves `customers` under `relations`: all of them from scratch when nothing is
/// `kept`; else the customers `kept` marks, over the owners of everyone else.
pub(super) fn resolve_some(
    hierarchy: &Hierarchy,
    (relations, structure): (&Relations, &Structure),
    customers: &[CustomerIx],
    kept: Option<Kept<'_>>,
) -> Owners {
    let count = relations.len();
    let reader = SettingsReader {
        hierarchy,
        relations,
        structure,
        ancestry: OnceCell::new(),
    };
    let mut findings = Vec::new();
    let unread = Own {
        route: Route::Itself,
        payer: Ok(CustomerIx::at(0)),
        payment_broken: None,
    };
    let mut own = PerCustomer::filled(count, unread);
    for &customer in customers {
        own[customer] = reader.read(customer, &mut findings);
    }
    // Everyone kept has the owner it had; the others climb over them.
    let mut state = match kept {
        Some((before, _)) => PerCustomer::from_values(
            before
                .of
                .values()
                .iter()
                .map(|o| Climb::Done(o.invoice))
                .collect(),
        ),
        None => PerCustomer::filled(count, Climb::New),
    };
    for &customer in customers {
        state[customer] = Climb::New;
    }
    let climbed = (relations, structure, &own);
    let invoice = invoice_owners(climbed, state, customers, hierarchy, &mut findings);
    // Payment: first the payer of each invoice, checked against its owner; then every
    // customer whose charges land on it gets that same payer (one payer per invoice).
    let mut invoice_payer: PerCustomer<Option<Owner>> = PerCustomer::filled(count, None);
    for &owner in customers {
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
    // A kept owner kept its invoice, and the payer of the invoice it owns is what it
    // pays with itself.
    let payer_of = |owner: CustomerIx| match kept {
        Some((before, again)) if !again[owner] => Some(before.of[owner].payment),
        _ => invoice_payer[owner],
    };
    let mut owners = match kept {
        Some((before, _)) => Owners {
            findings: Vec::new(),
            ..before.clone()
        },
        None => Owners {
            of: PerCustomer::filled(
                count,
                Ownership {
                    invoice: Ok(CustomerIx::at(0)),
                    payment: Ok(CustomerIx::at(0)),
                },
            ),
            routes: PerCustomer::filled(count, Route::Itself),
            payers: PerCustomer::filled(count, Ok(CustomerIx::at(0))),
            findings: Vec::new(),
        },
    };
    for &customer in customers {
        let payment = payment_of(customer, &own[customer], invoice[customer], payer_of);
        owners.of[customer] = Ownership {
            invoice: invoice[customer],
            payment,
        };
        owners.routes[customer] = own[customer].route;
        owners.payers[customer] = own[customer].payer;
    }
    if let Some((before, again)) = kept {
        let still = before.findings.iter().filter(|f| !again[f.customer]);
        findings.extend(still.cloned());
    }
    owners.findings = in_report_order(findings, count);
    owners
}

/// Who pays for `customer`, whose own settings say `own` and whose charges land on
/// `invoice`: the payer of that invoice (`payer_of` its owner), unless the customer's
/// own settings already broke its payment.
fn payment_of(
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
fn checked(
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
enum Climb {
    New,
    OnPath,
    Done(Owner),
}

/// Follows every route to its invoice owner. Each customer is climbed through once,
/// iteratively (a million-deep `billTo: "parent"` chain costs no stack), remembering
/// what each resolved to. On the way back down, each customer is checked against the
/// owner found (`check`: archived, other tenant); one that fails stops those below it,
/// who follow it ([`Unresolved::Upstream`]). A route that comes back to a customer on
/// the current climb is a loop of owners, added to the findings after the checks'.
/// Climbs begin at `starts`, over `state` as given (customers already `Done` are not
/// climbed again).
fn invoice_owners(
    (relations, structure, own): (&Relations, &Structure, &PerCustomer<Own>),
    mut state: PerCustomer<Climb>,
    starts: &[CustomerIx],
    hierarchy: &Hierarchy,
    findings: &mut Vec<OwnerFinding>,
) -> PerCustomer<Owner> {
    let mut path: Vec<CustomerIx> = Vec::new();
    let mut loops = Vec::new();
    for &start in starts {
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
                Ok(owner) => {
                    let role = OwnerRole::InvoiceOwner;
                    checked(hierarchy, relations, customer, Ok(owner), role, findings)
                }
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
            // Every customer was a start or kept, so none is left unclimbed.
            Climb::New | Climb::OnPath => Err(Unresolved::BrokenHierarchy),
        })
        .collect();
    findings.extend(loops);
    PerCustomer::from_values(owners)
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
fn in_report_order(findings: Vec<OwnerFinding>, count: usize) -> Vec<OwnerFinding> {
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
