//! Who may see, download or edit the invoices carrying a customer's charges, from
//! Chargebee's `parent_account_access` / `child_account_access` and the resolved
//! owners. A viewer gets nothing it has no right to; where Chargebee's docs leave it
//! open, the choices are in the README ("Access and visibility").

use crate::common::customer_ix::CustomerIx;
use crate::common::error::BilltreeError;
use crate::common::output::OutputBudget;
use crate::hierarchy::loaded::Hierarchy;
use crate::input::billing::{Access, AccountAccess};
use crate::owners::model::Owners;
use serde::Serialize;

/// Why a viewer has rights over a customer's invoices.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum AccessVia {
    /// The viewer is the customer (`childAccountAccess`).
    Itself,
    /// The viewer receives the invoice: an addressee always has its invoice.
    InvoiceOwner,
    /// The viewer pays the invoice and is the customer's "parent" for access
    /// (`parentAccountAccess`).
    PaymentOwner,
    /// The viewer is the customer's parent, who neither receives nor pays
    /// (`parentAccountAccess`).
    Parent,
}

/// What the invoice a right covers shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum InvoiceScope {
    /// The whole invoice.
    WholeInvoice,
    /// Only the customer's own lines: its charges sit on another customer's invoice,
    /// whose other lines are not its to see.
    OwnLines,
}

/// A viewer's rights over the invoices carrying one customer's charges.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct InvoiceAccess {
    /// The customer whose charges.
    pub customer_id: String,
    /// Why the viewer has rights.
    pub via: AccessVia,
    /// What it sees.
    pub scope: InvoiceScope,
    /// May see them in the portal.
    pub view: bool,
    /// May download them.
    pub download: bool,
    /// May edit the customer's subscriptions in the portal.
    pub edit: bool,
    /// Receives the customer's invoice emails.
    pub invoice_emails: bool,
    /// Receives the customer's payment emails.
    pub payment_emails: bool,
    /// Receives the customer's subscription emails.
    pub subscription_emails: bool,
}

/// Everything one viewer may see, in input order of the customers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Visibility {
    /// The viewer asked about.
    pub viewer_id: String,
    /// The customers whose invoices it may at least see.
    pub invoices: Vec<InvoiceAccess>,
}

/// The "parent" Chargebee's access settings speak of: the payment owner when that is
/// another customer, otherwise the parent. `None` when the payment owner is unresolved:
/// no one gets a right through an owner that is not known.
fn access_parent(
    hierarchy: &Hierarchy,
    owners: &Owners,
    customer: CustomerIx,
) -> Option<CustomerIx> {
    match owners.of[customer].payment {
        Ok(payer) if payer != customer => Some(payer),
        Ok(_) => hierarchy.relations().parent_of(customer),
        Err(_) => None,
    }
}

/// `viewer`'s rights over `customer`'s invoices, if any.
pub fn access_of(
    hierarchy: &Hierarchy,
    owners: &Owners,
    viewer: CustomerIx,
    customer: CustomerIx,
) -> Option<InvoiceAccess> {
    let settings = hierarchy.relations().billing[customer].as_deref();
    let of = owners.of[customer];
    let scope = if owners.is_consolidated(customer) {
        InvoiceScope::OwnLines
    } else {
        InvoiceScope::WholeInvoice
    };
    let entry = |via, scope, view, download, edit, emails: [bool; 3]| InvoiceAccess {
        customer_id: hierarchy.id(customer).to_owned(),
        via,
        scope,
        view,
        download,
        edit,
        invoice_emails: emails[0],
        payment_emails: emails[1],
        subscription_emails: emails[2],
    };
    if viewer == customer {
        let child = settings
            .and_then(|s| s.child_account_access.clone())
            .unwrap_or_default();
        let AccountAccess {
            portal_edit_subscriptions,
            portal_download_invoices,
            send_subscription_emails,
            send_invoice_emails,
            send_payment_emails,
        } = child;
        let invoices = portal_download_invoices.unwrap_or(Access::Yes);
        let emails = [
            send_invoice_emails.unwrap_or(true),
            send_payment_emails.unwrap_or(true),
            send_subscription_emails.unwrap_or(true),
        ];
        return (invoices != Access::No).then(|| {
            let edit = portal_edit_subscriptions.unwrap_or(Access::Yes) == Access::Yes;
            entry(
                AccessVia::Itself,
                scope,
                true,
                invoices == Access::Yes,
                edit,
                emails,
            )
        });
    }
    let is_access_parent = access_parent(hierarchy, owners, customer) == Some(viewer);
    let parent = settings
        .and_then(|s| s.parent_account_access.clone())
        .unwrap_or_default();
    let AccountAccess {
        portal_edit_subscriptions: portal_edit_child_subscriptions,
        portal_download_invoices: portal_download_child_invoices,
        send_subscription_emails,
        send_invoice_emails,
        send_payment_emails,
    } = parent;
    let parent_edit =
        is_access_parent && portal_edit_child_subscriptions.unwrap_or(Access::No) == Access::Yes;
    let parent_emails = [
        send_invoice_emails.unwrap_or(false),
        send_payment_emails.unwrap_or(false),
        send_subscription_emails.unwrap_or(false),
    ];
    if of.invoice == Ok(viewer) {
        // The addressee has its invoice, whatever `parentAccountAccess` says.
        let scope = InvoiceScope::WholeInvoice;
        return Some(entry(
            AccessVia::InvoiceOwner,
            scope,
            true,
            true,
            parent_edit,
            [true, true, parent_emails[2]],
        ));
    }
    if !is_access_parent {
        return None;
    }
    let invoices = portal_download_child_invoices.unwrap_or(Access::ViewOnly);
    let via = if of.payment == Ok(viewer) {
        AccessVia::PaymentOwner
    } else {
        AccessVia::Parent
    };
    (invoices != Access::No).then(|| {
        entry(
            via,
            scope,
            true,
            invoices == Access::Yes,
            parent_edit,
            parent_emails,
        )
    })
}

/// Every customer whose invoices `viewer` may at least see.
pub fn visibility(
    hierarchy: &Hierarchy,
    owners: &Owners,
    viewer: CustomerIx,
) -> Result<Visibility, BilltreeError> {
    let mut budget = OutputBudget::new();
    let mut invoices = Vec::new();
    for customer in hierarchy.customers() {
        if let Some(access) = access_of(hierarchy, owners, viewer, customer) {
            budget.charge_object([access.customer_id.as_str()])?;
            invoices.push(access);
        }
    }
    Ok(Visibility {
        viewer_id: hierarchy.id(viewer).to_owned(),
        invoices,
    })
}
