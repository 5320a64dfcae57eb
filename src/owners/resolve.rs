//! Who receives each customer's invoice and who pays it, from the billing settings of
//! every customer, with every violated rule an issue and never a fallback.
//!
//! The model, one for every system's settings:
//! - a customer's charges land on one invoice, that of its **invoice owner**: itself by
//!   default; the customer named by `invoiceOwnerId` or `invoicingDelegateId`; for
//!   `billTo: "parent"` its parent's invoice owner (so it is followed transitively);
//!   for `billTo: "root"` the top of its hierarchy;
//! - every invoice has one payer, set by its owner: itself by default, its
//!   `paymentOwnerId` when it is its own invoice owner, its parent for `payer:
//!   "parent"`. A customer's **payment owner** is the payer of the invoice its charges
//!   land on.
//!
//! An owner that breaks a rule is not resolved; the issue says why, and customers whose
//! charges would follow it (billing to that parent) are unresolved too, naming it.

use crate::hierarchy::issue::{BillingField, IssueCode};
use crate::hierarchy::loaded::{Hierarchy, Relations};
use crate::hierarchy::structure::Structure;
use crate::input::billing::{BillTo, BillingSettings, BillingWay};
use crate::input::customer_ix::{CustomerIx, PerCustomer};
use crate::owners::ancestry::Ancestry;

/// Why an owner is not resolved.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Unresolved {
    /// The customer's own settings break a rule: the issue with this code.
    Issue(IssueCode),
    /// The customer sits in or below a parent cycle, so it has no ancestors to bill.
    InCycle,
    /// Its charges follow another customer's owner, and that one is unresolved.
    Upstream(CustomerIx),
}

/// A resolved owner, or why there is none.
pub type Owner = Result<CustomerIx, Unresolved>;

/// Where a customer's charges go and who pays for them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Ownership {
    /// Whose invoice carries the customer's charges.
    pub invoice: Owner,
    /// Who pays that invoice.
    pub payment: Owner,
}

/// A rule a customer's settings break, found while resolving.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OwnerFinding {
    /// The customer whose settings (or owners) break the rule.
    pub customer: CustomerIx,
    /// The rule.
    pub code: IssueCode,
    /// The setting at fault.
    pub setting: Option<BillingField>,
    /// The owner named or reached, where there is one.
    pub owner: Option<CustomerIx>,
    /// An owner id that names no customer.
    pub unknown_id: Option<String>,
    /// The ways given at once, for conflicts.
    pub ways: Vec<BillingWay>,
}

/// Every customer's ownership, and the rules broken, in input order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Owners {
    /// Ownership per customer (shadowed duplicates own themselves: they are out of the
    /// hierarchy and carry no settings that count).
    pub of: PerCustomer<Ownership>,
    /// Broken rules, in input order of their customers.
    pub findings: Vec<OwnerFinding>,
}

/// Where a customer's own settings send its charges, before following parents.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Route {
    Itself,
    To(CustomerIx),
    ToParent,
    ToRoot,
    Broken(Unresolved),
}

/// What one customer's own settings say.
struct Own {
    route: Route,
    /// Who pays invoices addressed to this customer.
    payer: Owner,
    /// Set when the settings make the customer's own payment unresolvable whatever the
    /// invoice owner (a `paymentOwnerId` that contradicts the invoice owner).
    payment_broken: Option<Unresolved>,
}

/// Resolves every customer's owners under `relations`.
pub fn resolve(hierarchy: &Hierarchy, relations: &Relations, structure: &Structure) -> Owners {
    let count = relations.len();
    let defaults = Ownership {
        invoice: Err(Unresolved::InCycle),
        payment: Err(Unresolved::InCycle),
    };
    let mut of = PerCustomer::filled(count, defaults);
    // Fast path: nobody has settings, everybody owns itself.
    if relations.billing.values().iter().all(Option::is_none) {
        for customer in relations.customers() {
            of[customer] = Ownership {
                invoice: Ok(customer),
                payment: Ok(customer),
            };
        }
        return Owners {
            of,
            findings: Vec::new(),
        };
    }
    let needs_ancestry =
        relations.billing.values().iter().flatten().any(|settings| {
            settings.invoice_owner_id.is_some() || settings.payment_owner_id.is_some()
        });
    let ancestry = needs_ancestry.then(|| Ancestry::build(relations, structure));
    let mut findings = Vec::new();
    let mut own: Vec<Own> = Vec::with_capacity(count);
    for customer in relations.customers() {
        own.push(own_settings(
            hierarchy,
            relations,
            structure,
            ancestry.as_ref(),
            customer,
            &mut findings,
        ));
    }
    let own = PerCustomer::from_values(own);
    let invoice = invoice_owners(relations, structure, &own);
    for customer in relations.customers() {
        let invoice_owner = invoice[customer];
        let payment_owner = match (own[customer].payment_broken, invoice_owner) {
            (Some(broken), _) => Err(broken),
            (None, Ok(owner)) => match own[owner].payer {
                Ok(payer) => Ok(payer),
                Err(Unresolved::Upstream(at)) => Err(Unresolved::Upstream(at)),
                Err(_) => Err(Unresolved::Upstream(owner)),
            },
            (None, Err(reason)) => Err(reason),
        };
        let invoice = checked(hierarchy, relations, customer, invoice_owner, &mut findings);
        // The same owner for both is one problem, reported once.
        let payment = if payment_owner.is_ok() && payment_owner == invoice_owner {
            invoice
        } else {
            checked(hierarchy, relations, customer, payment_owner, &mut findings)
        };
        of[customer] = Ownership { invoice, payment };
    }
    findings.sort_by_key(|finding| (finding.code, finding.customer));
    Owners { of, findings }
}

/// Refuses an owner that another customer cannot have: archived, or of another tenant.
fn checked(
    hierarchy: &Hierarchy,
    relations: &Relations,
    customer: CustomerIx,
    owner: Owner,
    findings: &mut Vec<OwnerFinding>,
) -> Owner {
    let Ok(owner) = owner else { return owner };
    if owner == customer || hierarchy.is_shadowed(customer) {
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
    findings.push(finding(customer, code, None, Some(owner)));
    Err(Unresolved::Issue(code))
}

fn finding(
    customer: CustomerIx,
    code: IssueCode,
    setting: Option<BillingField>,
    owner: Option<CustomerIx>,
) -> OwnerFinding {
    OwnerFinding {
        customer,
        code,
        setting,
        owner,
        unknown_id: None,
        ways: Vec::new(),
    }
}

/// Reads one customer's settings: its route and the payer of its own invoice.
fn own_settings(
    hierarchy: &Hierarchy,
    relations: &Relations,
    structure: &Structure,
    ancestry: Option<&Ancestry>,
    customer: CustomerIx,
    findings: &mut Vec<OwnerFinding>,
) -> Own {
    let itself = Own {
        route: Route::Itself,
        payer: Ok(customer),
        payment_broken: None,
    };
    let Some(settings) = relations.billing[customer].as_deref() else {
        return itself;
    };
    if hierarchy.is_shadowed(customer) {
        return itself;
    }
    let ways: Vec<BillingWay> = settings.ways().collect();
    let broken = |code| Own {
        route: Route::Broken(Unresolved::Issue(code)),
        payer: Err(Unresolved::Issue(code)),
        payment_broken: None,
    };
    if ways.len() > 1 {
        findings.push(OwnerFinding {
            ways,
            ..finding(customer, IssueCode::ConflictingBillingSettings, None, None)
        });
        return broken(IssueCode::ConflictingBillingSettings);
    }
    let Some(&way) = ways.first() else {
        return itself;
    };
    if structure.level_of(customer).is_none() {
        return Own {
            route: Route::Broken(Unresolved::InCycle),
            payer: Err(Unresolved::InCycle),
            payment_broken: None,
        };
    }
    let parent = relations.parent_of(customer);
    match way {
        BillingWay::BillTo => match (settings.bill_to, parent) {
            (Some(BillTo::Root), _) => Own {
                route: Route::ToRoot,
                ..itself
            },
            (_, Some(_)) => Own {
                route: Route::ToParent,
                ..itself
            },
            (_, None) => {
                findings.push(finding(
                    customer,
                    IssueCode::BillToParentWithoutParent,
                    Some(BillingField::BillTo),
                    None,
                ));
                broken(IssueCode::BillToParentWithoutParent)
            }
        },
        BillingWay::PayerParent => match parent {
            Some(parent) => Own {
                payer: Ok(parent),
                ..itself
            },
            None => {
                let code = IssueCode::PayerParentWithoutParent;
                findings.push(finding(customer, code, Some(BillingField::Payer), None));
                Own {
                    payer: Err(Unresolved::Issue(code)),
                    payment_broken: Some(Unresolved::Issue(code)),
                    ..itself
                }
            }
        },
        BillingWay::InvoicingDelegate => {
            let field = BillingField::InvoicingDelegateId;
            let id = settings
                .invoicing_delegate_id
                .as_deref()
                .unwrap_or_default();
            match lookup(hierarchy, customer, field, id, findings) {
                Some(delegate) => Own {
                    route: Route::To(delegate),
                    ..itself
                },
                None => broken(IssueCode::UnknownOwner),
            }
        }
        BillingWay::ExplicitOwners => explicit(hierarchy, settings, customer, ancestry, findings),
    }
}

/// The customer an owner setting names, or an `UNKNOWN_OWNER` finding.
fn lookup(
    hierarchy: &Hierarchy,
    customer: CustomerIx,
    field: BillingField,
    id: &str,
    findings: &mut Vec<OwnerFinding>,
) -> Option<CustomerIx> {
    let found = hierarchy.find(id);
    if found.is_none() {
        findings.push(OwnerFinding {
            unknown_id: Some(id.to_owned()),
            ..finding(customer, IssueCode::UnknownOwner, Some(field), None)
        });
    }
    found
}

/// Chargebee's rules: the invoice owner is the customer or an ancestor; if it is the
/// customer, the payment owner is the customer or an ancestor; otherwise the payment
/// owner is the invoice owner.
fn explicit(
    hierarchy: &Hierarchy,
    settings: &BillingSettings,
    customer: CustomerIx,
    ancestry: Option<&Ancestry>,
    findings: &mut Vec<OwnerFinding>,
) -> Own {
    let invoice_owner = match settings.invoice_owner_id.as_deref() {
        None => Some(customer),
        Some(id) => lookup(
            hierarchy,
            customer,
            BillingField::InvoiceOwnerId,
            id,
            findings,
        ),
    };
    let payment_owner = settings.payment_owner_id.as_deref().map(|id| {
        lookup(
            hierarchy,
            customer,
            BillingField::PaymentOwnerId,
            id,
            findings,
        )
    });
    let Some(invoice_owner) = invoice_owner else {
        let unknown = Unresolved::Issue(IssueCode::UnknownOwner);
        return Own {
            route: Route::Broken(unknown),
            payer: Err(unknown),
            payment_broken: Some(unknown),
        };
    };
    let related = |owner: CustomerIx| {
        owner == customer || ancestry.is_some_and(|a| a.is_ancestor(owner, customer))
    };
    if !related(invoice_owner) {
        let code = IssueCode::InvoiceOwnerNotAncestor;
        let field = Some(BillingField::InvoiceOwnerId);
        findings.push(finding(customer, code, field, Some(invoice_owner)));
        let broken = Unresolved::Issue(code);
        return Own {
            route: Route::Broken(broken),
            payer: Ok(customer),
            payment_broken: Some(broken),
        };
    }
    let route = if invoice_owner == customer {
        Route::Itself
    } else {
        Route::To(invoice_owner)
    };
    let field = Some(BillingField::PaymentOwnerId);
    match payment_owner {
        None => Own {
            route,
            payer: Ok(customer),
            payment_broken: None,
        },
        Some(None) => {
            let unknown = Unresolved::Issue(IssueCode::UnknownOwner);
            Own {
                route,
                payer: Err(unknown),
                payment_broken: Some(unknown),
            }
        }
        Some(Some(payer)) if invoice_owner == customer => {
            if related(payer) {
                Own {
                    route,
                    payer: Ok(payer),
                    payment_broken: None,
                }
            } else {
                let code = IssueCode::PaymentOwnerNotAncestor;
                findings.push(finding(customer, code, field, Some(payer)));
                let broken = Unresolved::Issue(code);
                Own {
                    route,
                    payer: Err(broken),
                    payment_broken: Some(broken),
                }
            }
        }
        Some(Some(payer)) if payer == invoice_owner => Own {
            route,
            payer: Ok(customer),
            payment_broken: None,
        },
        Some(Some(payer)) => {
            let code = IssueCode::PaymentOwnerMismatch;
            findings.push(finding(customer, code, field, Some(payer)));
            Own {
                route,
                payer: Ok(customer),
                payment_broken: Some(Unresolved::Issue(code)),
            }
        }
    }
}

/// Follows every route to its invoice owner; `billTo: "parent"` chains are walked once
/// each, iteratively, remembering what each customer resolved to.
fn invoice_owners(
    relations: &Relations,
    structure: &Structure,
    own: &PerCustomer<Own>,
) -> PerCustomer<Owner> {
    let mut done: PerCustomer<Option<Owner>> = PerCustomer::filled(relations.len(), None);
    let mut chain: Vec<CustomerIx> = Vec::new();
    for start in relations.customers() {
        let mut current = start;
        // Climb while the customer bills to its parent and is not resolved yet.
        let base = loop {
            if let Some(owner) = done[current] {
                break owner;
            }
            match own[current].route {
                Route::Itself => break Ok(current),
                Route::To(owner) => break Ok(owner),
                Route::ToRoot => break structure.anchor[current].ok_or(Unresolved::InCycle),
                Route::Broken(reason) => break Err(reason),
                Route::ToParent => match relations.parent_of(current) {
                    Some(parent) => {
                        chain.push(current);
                        current = parent;
                    }
                    // Caught when the settings were read; kept total here.
                    None => break Err(Unresolved::Issue(IssueCode::BillToParentWithoutParent)),
                },
            }
        };
        done[current] = Some(base);
        // Everyone on the chain follows the customer the climb stopped at.
        let followed = match base {
            Ok(owner) => Ok(owner),
            Err(Unresolved::Upstream(at)) => Err(Unresolved::Upstream(at)),
            Err(_) => Err(Unresolved::Upstream(current)),
        };
        for customer in chain.drain(..) {
            done[customer] = Some(followed);
        }
    }
    PerCustomer::from_values(
        done.values()
            .iter()
            .map(|owner| owner.unwrap_or(Err(Unresolved::InCycle)))
            .collect(),
    )
}
