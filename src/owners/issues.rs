//! Owner findings as [`Issue`]s: a message a billing admin reads, and the same facts as
//! data (`details.setting`, `ownerId`, `ownerRole`, `ways`).

use crate::common::customer_ix::CustomerIx;
use crate::common::error::BilltreeError;
use crate::common::output::OutputBudget;
use crate::common::text::{join, Quoted};
use crate::hierarchy::issue::{BillingField, Issue, IssueCode, IssueDetails, OwnerRole};
use crate::hierarchy::loaded::{Hierarchy, Relations};
use crate::input::billing::BillingWay;
use crate::owners::model::{OwnerFinding, Owners};

/// The setting as users write it.
pub fn field_name(field: BillingField) -> &'static str {
    match field {
        BillingField::InvoiceOwnerId => "invoiceOwnerId",
        BillingField::PaymentOwnerId => "paymentOwnerId",
        BillingField::BillTo => "billTo",
        BillingField::Payer => "payer",
        BillingField::InvoicingDelegateId => "invoicingDelegateId",
    }
}

fn way_name(way: BillingWay) -> &'static str {
    match way {
        BillingWay::ExplicitOwners => "invoiceOwnerId/paymentOwnerId",
        BillingWay::BillTo => "billTo",
        BillingWay::PayerParent => "payer: \"parent\"",
        BillingWay::InvoicingDelegate => "invoicingDelegateId",
    }
}

fn role_name(role: Option<OwnerRole>) -> &'static str {
    match role {
        Some(OwnerRole::PaymentOwner) => "payment owner",
        _ => "invoice owner",
    }
}

/// The issues of every finding, in the findings' order (by code, then customer). Fails
/// only with `OUTPUT_TOO_LARGE`.
pub fn owner_issues(
    hierarchy: &Hierarchy,
    relations: &Relations,
    owners: &Owners,
) -> Result<Vec<Issue>, BilltreeError> {
    let mut budget = OutputBudget::new();
    owners
        .findings
        .iter()
        .map(|finding| {
            let issue = issue_of(hierarchy, relations, finding);
            let strings = std::iter::once(issue.message.as_str())
                .chain(issue.customer_ids.iter().map(String::as_str))
                .chain(issue.details.strings());
            budget.charge_object(strings)?;
            Ok(issue)
        })
        .collect()
}

fn issue_of(hierarchy: &Hierarchy, relations: &Relations, finding: &OwnerFinding) -> Issue {
    let who = |c: CustomerIx| hierarchy.who(c);
    let customer = who(finding.customer);
    let setting = finding.setting.map(field_name).unwrap_or("");
    let owner = finding.owner.map(who).unwrap_or_default();
    let message = match finding.code {
        IssueCode::ConflictingBillingSettings => format!(
            "{customer} gives {} ways of routing its invoices at once ({}); keep one. Its \
             owners are not resolved",
            finding.ways.len(),
            join(finding.ways.iter().map(|&way| way_name(way)), ", ")
        ),
        IssueCode::UnknownOwner => format!(
            "{customer}'s {setting} is {}, which names no customer",
            Quoted(finding.unknown_id.as_deref().unwrap_or_default())
        ),
        IssueCode::InvoiceOwnerNotAncestor => format!(
            "{customer}'s invoiceOwnerId is {owner}, which is neither {customer} nor one \
             of its ancestors: an invoice owner must be the customer or an ancestor"
        ),
        IssueCode::PaymentOwnerNotAncestor => format!(
            "{customer} receives its own invoices, so its paymentOwnerId must be itself or \
             one of its ancestors; {owner} is neither"
        ),
        IssueCode::PaymentOwnerMismatch => {
            let invoice_owner = relations.billing[finding.customer]
                .as_deref()
                .and_then(|settings| settings.invoice_owner_id.as_deref())
                .map(|id| Quoted(id).to_string())
                .unwrap_or_default();
            format!(
                "{customer}'s invoices go to {invoice_owner}, so its paymentOwnerId must be \
                 {invoice_owner} too, not {owner}"
            )
        }
        IssueCode::BillToParentWithoutParent => format!(
            "{customer} has billTo: \"parent\" but no parent whose invoice could carry its \
             charges"
        ),
        IssueCode::PayerParentWithoutParent => {
            format!("{customer} has payer: \"parent\" but no parent to pay its invoices")
        }
        IssueCode::InvoiceOwnerCycle => format!(
            "invoice owners go round in a loop ({} → back to the first), so none of them \
             has an invoice to land on",
            join(finding.loop_members.iter().map(|&c| who(c)), " → ")
        ),
        IssueCode::ArchivedOwner => format!(
            "{customer} is active but its {} {owner} is archived",
            role_name(finding.role)
        ),
        IssueCode::CrossTenantOwner => format!(
            "{customer}'s {} {owner} belongs to another tenant",
            role_name(finding.role)
        ),
        // Hierarchy codes are never owner findings; named plainly all the same.
        code => format!("{customer}: {}", code.as_str()),
    };
    let mut involved = if finding.loop_members.is_empty() {
        vec![finding.customer]
    } else {
        finding.loop_members.clone()
    };
    involved.extend(finding.owner);
    let owner_id = finding
        .owner
        .map(|owner| hierarchy.id(owner).to_owned())
        .or_else(|| finding.unknown_id.clone());
    Issue {
        code: finding.code,
        message,
        customer_ids: involved
            .iter()
            .map(|&c| hierarchy.id(c).to_owned())
            .collect(),
        details: IssueDetails {
            setting: finding.setting,
            owner_id,
            owner_role: finding.role,
            ways: (!finding.ways.is_empty()).then(|| finding.ways.clone()),
            ..IssueDetails::default()
        },
    }
}
