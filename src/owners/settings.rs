//! One customer's own billing settings, read against the hierarchy: where they send its
//! charges and who pays the invoices addressed to it. Following other customers'
//! settings is `resolve`'s work.

use crate::common::customer_ix::CustomerIx;
use crate::hierarchy::issue::{BillingField, IssueCode};
use crate::hierarchy::loaded::{Hierarchy, Link, Relations};
use crate::hierarchy::structure::Structure;
use crate::input::billing::{BillTo, BillingSettings, BillingWay};
use crate::owners::ancestry::{ancestor_at, levels_apart, Ancestry};
use crate::owners::model::{Owner, OwnerFinding, Route, Unresolved};
use std::cell::OnceCell;

/// Levels an ancestor check walks before it uses the depth-first intervals instead.
const WALK_LIMIT: u32 = 32;

/// What one customer's own settings say.
#[derive(Debug, Clone, Copy)]
pub struct Own {
    /// Where its charges go.
    pub route: Route,
    /// Who pays invoices addressed to this customer.
    pub payer: Owner,
    /// Set when the settings leave the customer's own payment unresolved whatever its
    /// invoice owner turns out to be.
    pub payment_broken: Option<Unresolved>,
}

impl Own {
    fn itself(customer: CustomerIx) -> Own {
        Own {
            route: Route::Itself,
            payer: Ok(customer),
            payment_broken: None,
        }
    }

    fn broken(reason: Unresolved) -> Own {
        Own {
            route: Route::Broken(reason),
            payer: Err(reason),
            payment_broken: Some(reason),
        }
    }
}

/// Reads settings; everything it finds wrong goes to `findings`.
pub struct SettingsReader<'a> {
    pub hierarchy: &'a Hierarchy,
    pub relations: &'a Relations,
    pub structure: &'a Structure,
    /// Built the first time an owner sits too far up to walk to.
    pub ancestry: OnceCell<Ancestry>,
}

impl SettingsReader<'_> {
    /// What `customer`'s own settings say.
    pub fn read(&self, customer: CustomerIx, findings: &mut Vec<OwnerFinding>) -> Own {
        let Some(settings) = self.relations.billing[customer].as_deref() else {
            return Own::itself(customer);
        };
        if self.hierarchy.is_shadowed(customer) {
            return Own::itself(customer);
        }
        let mut ways = settings.ways();
        let Some(way) = ways.next() else {
            return Own::itself(customer);
        };
        if ways.next().is_some() {
            let code = IssueCode::ConflictingBillingSettings;
            findings.push(OwnerFinding {
                ways: settings.ways().collect(),
                ..OwnerFinding::new(customer, code, None, None)
            });
            return Own::broken(Unresolved::Issue(code));
        }
        // Every way but a delegate follows the hierarchy, which must hold together here.
        let placed = self.structure.level_of(customer).is_some()
            && !matches!(
                self.relations.link(customer),
                Link::SelfParent | Link::Dangling
            );
        if !placed && way != BillingWay::InvoicingDelegate {
            return Own::broken(Unresolved::BrokenHierarchy);
        }
        let parent = self.relations.parent_of(customer);
        match way {
            BillingWay::BillTo => match (settings.bill_to, parent) {
                (Some(BillTo::Root), _) => Own {
                    route: Route::ToRoot,
                    ..Own::itself(customer)
                },
                (_, Some(_)) => Own {
                    route: Route::ToParent,
                    ..Own::itself(customer)
                },
                (_, None) => {
                    let code = IssueCode::BillToParentWithoutParent;
                    let field = Some(BillingField::BillTo);
                    findings.push(OwnerFinding::new(customer, code, field, None));
                    Own::broken(Unresolved::Issue(code))
                }
            },
            BillingWay::PayerParent => match parent {
                Some(parent) => Own {
                    payer: Ok(parent),
                    ..Own::itself(customer)
                },
                None => {
                    let code = IssueCode::PayerParentWithoutParent;
                    let field = Some(BillingField::Payer);
                    findings.push(OwnerFinding::new(customer, code, field, None));
                    let broken = Unresolved::Issue(code);
                    Own {
                        payer: Err(broken),
                        payment_broken: Some(broken),
                        ..Own::itself(customer)
                    }
                }
            },
            BillingWay::InvoicingDelegate => {
                let field = BillingField::InvoicingDelegateId;
                let id = settings
                    .invoicing_delegate_id
                    .as_deref()
                    .unwrap_or_default();
                match self.lookup(customer, field, id, findings) {
                    Some(delegate) if delegate == customer => Own::itself(customer),
                    Some(delegate) => Own {
                        route: Route::To(delegate),
                        ..Own::itself(customer)
                    },
                    None => Own::broken(Unresolved::Issue(IssueCode::UnknownOwner)),
                }
            }
            BillingWay::ExplicitOwners => self.explicit(settings, customer, findings),
        }
    }

    /// Whether `ancestor` is a proper ancestor of `customer`. Owners are usually a level
    /// or two up, so the parents are walked when the levels are close; beyond
    /// [`WALK_LIMIT`] levels the depth-first intervals answer (built once, linear), so a
    /// million-deep chain naming its root stays linear.
    fn is_ancestor(&self, ancestor: CustomerIx, customer: CustomerIx) -> bool {
        let Some(distance) = levels_apart(self.structure, ancestor, customer) else {
            return false;
        };
        if distance > WALK_LIMIT {
            let ancestry = self
                .ancestry
                .get_or_init(|| Ancestry::build(self.relations, self.structure));
            return ancestry.is_ancestor(ancestor, customer);
        }
        ancestor_at(self.relations, customer, distance) == Some(ancestor)
    }

    /// The customer an owner setting names, or an `UNKNOWN_OWNER` finding.
    fn lookup(
        &self,
        customer: CustomerIx,
        field: BillingField,
        id: &str,
        findings: &mut Vec<OwnerFinding>,
    ) -> Option<CustomerIx> {
        let found = self.hierarchy.find(id);
        if found.is_none() {
            let code = IssueCode::UnknownOwner;
            findings.push(OwnerFinding {
                unknown_id: Some(id.to_owned()),
                ..OwnerFinding::new(customer, code, Some(field), None)
            });
        }
        found
    }

    /// Chargebee's rules: the invoice owner is the customer or an ancestor; if it is the
    /// customer, the payment owner is the customer or an ancestor; otherwise the payment
    /// owner is the invoice owner.
    fn explicit(
        &self,
        settings: &BillingSettings,
        customer: CustomerIx,
        findings: &mut Vec<OwnerFinding>,
    ) -> Own {
        let invoice_owner = match settings.invoice_owner_id.as_deref() {
            None => Some(customer),
            Some(id) => self.lookup(customer, BillingField::InvoiceOwnerId, id, findings),
        };
        let payment_owner = settings
            .payment_owner_id
            .as_deref()
            .map(|id| self.lookup(customer, BillingField::PaymentOwnerId, id, findings));
        let unknown = Unresolved::Issue(IssueCode::UnknownOwner);
        let Some(invoice_owner) = invoice_owner else {
            return Own::broken(unknown);
        };
        let related = |owner: CustomerIx| owner == customer || self.is_ancestor(owner, customer);
        if !related(invoice_owner) {
            let code = IssueCode::InvoiceOwnerNotAncestor;
            let field = Some(BillingField::InvoiceOwnerId);
            findings.push(OwnerFinding::new(
                customer,
                code,
                field,
                Some(invoice_owner),
            ));
            return Own::broken(Unresolved::Issue(code));
        }
        let route = if invoice_owner == customer {
            Route::Itself
        } else {
            Route::To(invoice_owner)
        };
        let own = |payer: Owner, payment_broken: Option<Unresolved>| Own {
            route,
            payer,
            payment_broken,
        };
        let field = Some(BillingField::PaymentOwnerId);
        match payment_owner {
            None => own(Ok(customer), None),
            Some(None) => own(Err(unknown), Some(unknown)),
            Some(Some(payer)) if invoice_owner == customer => {
                if related(payer) {
                    own(Ok(payer), None)
                } else {
                    let code = IssueCode::PaymentOwnerNotAncestor;
                    findings.push(OwnerFinding::new(customer, code, field, Some(payer)));
                    let broken = Unresolved::Issue(code);
                    own(Err(broken), Some(broken))
                }
            }
            Some(Some(payer)) if payer == invoice_owner => own(Ok(customer), None),
            Some(Some(payer)) => {
                let code = IssueCode::PaymentOwnerMismatch;
                findings.push(OwnerFinding::new(customer, code, field, Some(payer)));
                own(Ok(customer), Some(Unresolved::Issue(code)))
            }
        }
    }
}
