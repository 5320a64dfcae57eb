//! Why a customer's charges do or do not land on an ancestor's invoice, and who pays:
//! the settings followed, one step each, as data and in words.

use crate::common::customer_ix::CustomerIx;
use crate::hierarchy::issue::{BillingField, IssueCode};
use crate::hierarchy::loaded::{Hierarchy, Link};
use crate::hierarchy::structure::Structure;
use crate::owners::ancestry::is_ancestor_by_walk;
use crate::owners::model::{Owners, Route, Unresolved};
use crate::owners::view::{OwnerPair, Viewer};
use serde::Serialize;

/// The most steps an explanation lists; a longer `billTo: "parent"` chain says how many
/// it left out.
pub const MAX_STEPS: usize = 32;

/// What one step of an explanation did.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum StepRule {
    /// The customer receives its own invoice (no routing setting).
    OwnInvoice,
    /// `billTo: "parent"`: charges go where the parent's go.
    BillToParent,
    /// `billTo: "root"`: charges go where the top of the hierarchy's go.
    BillToRoot,
    /// `invoiceOwnerId` names an ancestor (Chargebee).
    InvoiceOwner,
    /// `invoicingDelegateId` names a customer who receives and pays (Flexprice).
    InvoicingDelegate,
    /// The invoice owner pays its invoice itself.
    PaysItself,
    /// `payer: "parent"`: the parent pays the invoice (Kill Bill, Metronome).
    ParentPays,
    /// `paymentOwnerId` names the ancestor who pays (Chargebee).
    PaymentOwner,
    /// Resolution stops here: `code` says why.
    Unresolved,
}

/// One step: whose setting, which rule, where it leads.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ExplanationStep {
    /// The customer whose setting is read.
    pub customer_id: String,
    /// The rule it applies.
    pub rule: StepRule,
    /// The setting, `null` for the default.
    pub setting: Option<BillingField>,
    /// Where it leads (the next customer, the payer); `null` when it stops.
    pub to_customer_id: Option<String>,
    /// The issue that stops resolution (`rule: "unresolved"`).
    pub code: Option<IssueCode>,
    /// The step in words.
    pub text: String,
}

/// Why a customer's charges land where they do and who pays.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OwnerExplanation {
    /// The customer explained.
    pub customer_id: String,
    /// Its parent, `null` for a root.
    pub parent_id: Option<String>,
    /// `true` when its charges land on another customer's invoice.
    pub consolidated: bool,
    /// `true` when they land on an ancestor's invoice (its parent's or higher).
    pub on_ancestor_invoice: bool,
    /// Its owners.
    #[serde(flatten)]
    #[cfg_attr(test, ts(flatten))]
    pub owners: OwnerPair,
    /// The invoice steps, then the payment step.
    pub steps: Vec<ExplanationStep>,
    /// Steps left out of a long chain (only the first [`MAX_STEPS`] are listed).
    pub omitted_steps: u32,
    /// The whole answer in words.
    pub summary: String,
}

/// Explains `customer` under `owners`.
pub fn explain(
    hierarchy: &Hierarchy,
    owners: &Owners,
    structure: &Structure,
    customer: CustomerIx,
) -> OwnerExplanation {
    let who = |c: CustomerIx| hierarchy.who(c);
    let id = |c: CustomerIx| hierarchy.id(c).to_owned();
    let relations = hierarchy.relations();
    let settings_of = |c: CustomerIx| relations.billing[c].as_deref();
    let mut steps = Vec::new();
    let mut omitted = 0u32;
    let mut push = |steps: &mut Vec<ExplanationStep>, step: ExplanationStep| {
        if steps.len() < MAX_STEPS {
            steps.push(step);
        } else {
            omitted += 1;
        }
    };
    let of = owners.of[customer];
    let step =
        |c: CustomerIx, rule, setting, to: Option<CustomerIx>, text: String| ExplanationStep {
            customer_id: id(c),
            rule,
            setting,
            to_customer_id: to.map(id),
            code: None,
            text,
        };
    // Invoice: follow the routes from the customer to its invoice owner. The walk stops
    // at the first customer whose own owner was refused (a check on its hop, or a loop
    // of owners), so it never goes round a loop; the bound is only a guard.
    let mut current = customer;
    for _ in 0..=relations.len() {
        let (rule, setting, next, text) = match owners.routes[current] {
            Route::Itself => {
                let text = format!("{} receives its own invoice", who(current));
                push(
                    &mut steps,
                    step(current, StepRule::OwnInvoice, None, None, text),
                );
                break;
            }
            Route::Broken(reason) => {
                push(&mut steps, stopped(hierarchy, current, reason));
                break;
            }
            Route::ToParent => {
                let Link::Parent(parent) = relations.link(current) else {
                    break;
                };
                let text = format!(
                    "{} bills to its parent {} (billTo: \"parent\")",
                    who(current),
                    who(parent)
                );
                (StepRule::BillToParent, BillingField::BillTo, parent, text)
            }
            Route::ToRoot => {
                // Only a customer with a level routes to its root, so its anchor is it.
                let root = structure.anchor[current].unwrap_or(current);
                let text = format!(
                    "{} bills to the top of its hierarchy, {} (billTo: \"root\")",
                    who(current),
                    who(root)
                );
                (StepRule::BillToRoot, BillingField::BillTo, root, text)
            }
            Route::To(next) => {
                let delegated =
                    settings_of(current).is_some_and(|s| s.invoicing_delegate_id.is_some());
                if delegated {
                    let text = format!(
                        "{} delegates its invoicing to {} (invoicingDelegateId)",
                        who(current),
                        who(next)
                    );
                    let field = BillingField::InvoicingDelegateId;
                    (StepRule::InvoicingDelegate, field, next, text)
                } else {
                    let text = format!(
                        "{} names {} as its invoice owner (invoiceOwnerId)",
                        who(current),
                        who(next)
                    );
                    (
                        StepRule::InvoiceOwner,
                        BillingField::InvoiceOwnerId,
                        next,
                        text,
                    )
                }
            }
        };
        push(
            &mut steps,
            step(current, rule, Some(setting), Some(next), text),
        );
        if let Err(reason @ Unresolved::Issue(_)) = owners.of[current].invoice {
            push(&mut steps, stopped(hierarchy, current, reason));
            break;
        }
        current = next;
    }
    // Payment: the payer of the invoice the charges land on.
    if let Ok(owner) = of.invoice {
        let payment_step = match (of.payment, owners.payers[owner]) {
            (Err(reason), _) => stopped(hierarchy, customer, reason),
            (Ok(payer), _) if payer == owner => step(
                owner,
                StepRule::PaysItself,
                None,
                Some(owner),
                format!("{} pays its invoice itself", who(owner)),
            ),
            (Ok(payer), _) if settings_of(owner).is_some_and(|s| s.payment_owner_id.is_some()) => {
                step(
                    owner,
                    StepRule::PaymentOwner,
                    Some(BillingField::PaymentOwnerId),
                    Some(payer),
                    format!(
                        "{} names {} as its payment owner (paymentOwnerId), who pays",
                        who(owner),
                        who(payer)
                    ),
                )
            }
            (Ok(payer), _) => step(
                owner,
                StepRule::ParentPays,
                Some(BillingField::Payer),
                Some(payer),
                format!(
                    "{}'s parent {} pays its invoice (payer: \"parent\")",
                    who(owner),
                    who(payer)
                ),
            ),
        };
        push(&mut steps, payment_step);
    }
    let parent = relations.parent_of(customer);
    let consolidated = owners.is_consolidated(customer);
    let on_ancestor_invoice = matches!(of.invoice, Ok(owner) if is_ancestor_by_walk(relations, structure, owner, customer));
    let summary = summary(hierarchy, owners, customer, parent, &steps);
    OwnerExplanation {
        customer_id: id(customer),
        parent_id: parent.map(id),
        consolidated,
        on_ancestor_invoice,
        owners: Viewer { hierarchy, owners }.pair(customer),
        steps,
        omitted_steps: omitted,
        summary,
    }
}

fn stopped(hierarchy: &Hierarchy, customer: CustomerIx, reason: Unresolved) -> ExplanationStep {
    let who = hierarchy.who(customer);
    let (code, to, text) = match reason {
        Unresolved::Issue(code) => (
            Some(code),
            None,
            format!("resolution stops at {who}: {}", code.as_str()),
        ),
        Unresolved::BrokenHierarchy => (
            None,
            None,
            format!("{who} has no sound place in the hierarchy (a cycle or an unknown parent), so there is no parent to bill"),
        ),
        Unresolved::Upstream(at) => (
            None,
            Some(hierarchy.id(at).to_owned()),
            format!("{who} follows {}, whose owner is unresolved", hierarchy.who(at)),
        ),
    };
    ExplanationStep {
        customer_id: hierarchy.id(customer).to_owned(),
        rule: StepRule::Unresolved,
        setting: None,
        to_customer_id: to,
        code,
        text,
    }
}

fn summary(
    hierarchy: &Hierarchy,
    owners: &Owners,
    customer: CustomerIx,
    parent: Option<CustomerIx>,
    steps: &[ExplanationStep],
) -> String {
    let who = |c: CustomerIx| hierarchy.who(c);
    let of = owners.of[customer];
    let mut text = match of.invoice {
        Ok(owner) if owner == customer => match parent {
            Some(parent) => format!(
                "{}'s charges stay on its own invoice, not on its parent {}'s: none of its \
                 settings sends them there (billTo: \"parent\" or invoiceOwnerId would)",
                who(customer),
                who(parent)
            ),
            None => format!("{}'s charges are on its own invoice", who(customer)),
        },
        Ok(owner) => format!(
            "{}'s charges land on {}'s invoice",
            who(customer),
            who(owner)
        ),
        Err(_) => format!("{}'s invoice owner is unresolved", who(customer)),
    };
    text.push_str(match of.payment {
        Ok(_) => ", ",
        Err(_) => "; ",
    });
    match of.payment {
        Ok(payer) if payer == customer => text.push_str("and it pays itself."),
        Ok(payer) => text.push_str(&format!("and {} pays.", who(payer))),
        Err(_) => text.push_str("its payment owner is unresolved."),
    }
    for step in steps {
        text.push(' ');
        text.push_str(&step.text);
        text.push('.');
    }
    text
}
