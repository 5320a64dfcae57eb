//! Billing settings: who receives a customer's invoice and who pays it, as users of each
//! billing system write it, in one model. All absent, a customer bills and pays for
//! itself. Naming a customer that does not exist is an issue found later (the owners
//! capability); an id that cannot be an id at all is refused here, with its path.

use crate::input::json_text::{ReadError, Reader};
use crate::input::read_json::{json_enum, json_object, ReadJson, Shape};
use serde::Serialize;

/// Where a customer's charges go, when not to its own invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum BillTo {
    /// Its own invoice (the default).
    #[serde(rename = "self")]
    Itself,
    /// Its parent's invoice, followed transitively: a child billed to a parent that is
    /// billed to its own parent lands on the grandparent's invoice (Sequence roll-up,
    /// Recurly).
    Parent,
    /// The invoice of the top of its hierarchy (Maxio's "eldest ancestor").
    Root,
}

/// Who pays a customer's own invoice.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Payer {
    /// The customer itself (the default).
    #[serde(rename = "self")]
    Itself,
    /// Its parent: the customer keeps its own invoice and the parent pays it (Kill Bill
    /// `isPaymentDelegatedToParent`, Metronome `payer: PARENT`).
    Parent,
}

/// How far a portal right goes (Chargebee's `yes` / `view_only` / `no`; `"view_only"` is
/// read as `"viewOnly"`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum Access {
    /// No access.
    No,
    /// See, not download or edit.
    ViewOnly,
    /// Full access.
    Yes,
}

/// Portal rights and email toggles over one customer's subscriptions and invoices, as
/// Chargebee's `parent_account_access` (what the customer's "parent" may do) and
/// `child_account_access` (what the customer itself may do) set them. The "parent" is
/// the customer's payment owner when that is another customer, otherwise its parent
/// (Chargebee's rule). Chargebee's parent-side names (`portalEditChildSubscriptions`,
/// `portalDownloadChildInvoices`) are read too. Absent fields take the defaults in the
/// README ("Access and visibility").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct AccountAccess {
    /// Edit the subscriptions in the portal (`yes`), or only see them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_edit_subscriptions: Option<Access>,
    /// See (`viewOnly`) or also download (`yes`) the invoices, or neither (`no`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub portal_download_invoices: Option<Access>,
    /// Receive the subscription emails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_subscription_emails: Option<bool>,
    /// Receive the invoice emails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_invoice_emails: Option<bool>,
    /// Receive the payment emails.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub send_payment_emails: Option<bool>,
}

/// A customer's billing settings. Give one way at most: explicit owners, `billTo`,
/// `payer: "parent"` or an invoicing delegate; two at once is
/// `CONFLICTING_BILLING_SETTINGS`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct BillingSettings {
    /// Chargebee's `invoice_owner_id`: the customer itself or one of its ancestors
    /// receives its invoices.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoice_owner_id: Option<String>,
    /// Chargebee's `payment_owner_id`: when the customer is its own invoice owner, itself
    /// or an ancestor; otherwise it must be the invoice owner.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payment_owner_id: Option<String>,
    /// Roll-up: `"parent"` or `"root"` sends the charges to that invoice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub bill_to: Option<BillTo>,
    /// `"parent"`: the customer keeps its invoice and its parent pays it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payer: Option<Payer>,
    /// Flexprice's delegated invoicing: this customer (of the same tenant) receives the
    /// invoices and pays them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub invoicing_delegate_id: Option<String>,
    /// What the customer's "parent" may see and do (Chargebee `parent_account_access`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_account_access: Option<AccountAccess>,
    /// What the customer may see and do itself (Chargebee `child_account_access`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub child_account_access: Option<AccountAccess>,
}

/// The ways of routing invoices a customer can set; at most one may be used.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum BillingWay {
    /// `invoiceOwnerId` / `paymentOwnerId` (Chargebee).
    ExplicitOwners,
    /// `billTo: "parent"` or `"root"` (Sequence, Recurly, Maxio).
    BillTo,
    /// `payer: "parent"` (Kill Bill, Metronome).
    PayerParent,
    /// `invoicingDelegateId` (Flexprice).
    InvoicingDelegate,
}

impl BillingSettings {
    /// `true` when no way of routing is set: the customer bills and pays for itself.
    pub fn is_default(&self) -> bool {
        self.ways().next().is_none()
    }

    /// The ways this customer's settings use, in a fixed order.
    pub fn ways(&self) -> impl Iterator<Item = BillingWay> {
        let explicit = self.invoice_owner_id.is_some() || self.payment_owner_id.is_some();
        let bill_to = matches!(self.bill_to, Some(BillTo::Parent | BillTo::Root));
        let payer = self.payer == Some(Payer::Parent);
        let delegate = self.invoicing_delegate_id.is_some();
        [
            (explicit, BillingWay::ExplicitOwners),
            (bill_to, BillingWay::BillTo),
            (payer, BillingWay::PayerParent),
            (delegate, BillingWay::InvoicingDelegate),
        ]
        .into_iter()
        .filter_map(|(used, way)| used.then_some(way))
    }

    /// The customer ids these settings name, for sizing results.
    pub fn ids(&self) -> impl Iterator<Item = &str> {
        [
            &self.invoice_owner_id,
            &self.payment_owner_id,
            &self.invoicing_delegate_id,
        ]
        .into_iter()
        .flatten()
        .map(String::as_str)
    }
}

json_enum!(BillTo, "enum BillTo" {
    Itself: "self",
    Parent: "parent",
    Root: "root",
});

json_enum!(Payer, "enum Payer" {
    Itself: "self",
    Parent: "parent",
});

json_enum!(Access, "enum Access" {
    No: "no",
    ViewOnly: "viewOnly" | "view_only",
    Yes: "yes",
});

impl ReadJson for AccountAccess {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        // Chargebee's older names for the two portal settings are accepted as aliases,
        // listed (as serde listed them) in sorted order beside the current names.
        let shape = Shape {
            expected: "struct AccountAccess",
            keys: &[
                "portalEditChildSubscriptions",
                "portalEditSubscriptions",
                "portalDownloadChildInvoices",
                "portalDownloadInvoices",
                "sendSubscriptionEmails",
                "sendInvoiceEmails",
                "sendPaymentEmails",
            ],
            slots: &[0, 0, 1, 1, 2, 3, 4],
            names: &[
                "portalEditSubscriptions",
                "portalDownloadInvoices",
                "sendSubscriptionEmails",
                "sendInvoiceEmails",
                "sendPaymentEmails",
            ],
            required: &[],
        };
        let mut access = AccountAccess::default();
        reader.object(&shape, |reader, slot| {
            match slot {
                0 => access.portal_edit_subscriptions = ReadJson::read_json(reader)?,
                1 => access.portal_download_invoices = ReadJson::read_json(reader)?,
                2 => access.send_subscription_emails = ReadJson::read_json(reader)?,
                3 => access.send_invoice_emails = ReadJson::read_json(reader)?,
                _ => access.send_payment_emails = ReadJson::read_json(reader)?,
            }
            Ok(())
        })?;
        Ok(access)
    }
}

json_object!(BillingSettings, "struct BillingSettings" {
    invoice_owner_id: "invoiceOwnerId" default,
    payment_owner_id: "paymentOwnerId" default,
    bill_to: "billTo" default,
    payer: "payer" default,
    invoicing_delegate_id: "invoicingDelegateId" default,
    parent_account_access: "parentAccountAccess" default,
    child_account_access: "childAccountAccess" default,
});

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ways_name_every_setting_used() {
        assert!(BillingSettings::default().is_default());
        let self_billed = BillingSettings {
            bill_to: Some(BillTo::Itself),
            payer: Some(Payer::Itself),
            ..BillingSettings::default()
        };
        assert!(self_billed.is_default(), "saying self is saying nothing");
        let two = BillingSettings {
            payment_owner_id: Some("hq".into()),
            bill_to: Some(BillTo::Root),
            ..BillingSettings::default()
        };
        let ways: Vec<BillingWay> = two.ways().collect();
        assert_eq!(ways, [BillingWay::ExplicitOwners, BillingWay::BillTo]);
    }
}
