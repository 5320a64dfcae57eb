//! Owners as callers read them: ids instead of positions, and why an owner is missing.
//! Per-customer ownership, Chargebee's hierarchy records, the inverse views (whom an
//! owner receives and pays for), and the what-if difference.

use crate::common::customer_ix::CustomerIx;
use crate::common::error::BilltreeError;
use crate::common::output::OutputBudget;
use crate::hierarchy::issue::{Issue, IssueCode};
use crate::hierarchy::loaded::Hierarchy;
use crate::hierarchy::structure::Topology;
use crate::owners::model::{Owner, Owners, Unresolved};
use serde::Serialize;

/// Why an owner is `null`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct UnresolvedOwner {
    /// `issue`: the customer's own settings break the rule `code`; `brokenHierarchy`:
    /// its place in the hierarchy is an issue (cycle, unknown or self parent);
    /// `upstream`: it follows `customerId`, which is unresolved.
    pub reason: UnresolvedReason,
    /// The issue code (`reason: "issue"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub code: Option<IssueCode>,
    /// The unresolved customer followed (`reason: "upstream"`).
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
}

/// The kinds of [`UnresolvedOwner`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum UnresolvedReason {
    /// The customer's own settings break a rule.
    Issue,
    /// The customer's place in the hierarchy is itself an issue.
    BrokenHierarchy,
    /// It follows an unresolved customer.
    Upstream,
}

/// A customer's two owners, each an id or `null` with the reason.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OwnerPair {
    /// Whose invoice carries the customer's charges; `null` when unresolved.
    pub invoice_owner_id: Option<String>,
    /// Who pays that invoice; `null` when unresolved.
    pub payment_owner_id: Option<String>,
    /// Why `invoiceOwnerId` is `null`.
    pub invoice_unresolved: Option<UnresolvedOwner>,
    /// Why `paymentOwnerId` is `null`.
    pub payment_unresolved: Option<UnresolvedOwner>,
}

/// One customer's owners.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct CustomerOwners {
    /// The customer.
    pub customer_id: String,
    /// `true` when its charges land on another customer's invoice.
    pub consolidated: bool,
    /// Its owners.
    #[serde(flatten)]
    #[cfg_attr(test, ts(flatten))]
    pub owners: OwnerPair,
}

/// Every customer's owners (input order) and every owner issue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OwnersReport {
    /// One entry per customer, in input order (duplicates included).
    pub customers: Vec<CustomerOwners>,
    /// The owner issues, as in the validation report.
    pub issues: Vec<Issue>,
}

/// A customer's owners before and after a what-if.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OwnerChange {
    /// The customer whose owners change.
    pub customer_id: String,
    /// Before the edits.
    pub before: OwnerPair,
    /// After the edits.
    pub after: OwnerPair,
}

/// Chargebee's per-customer hierarchy record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HierarchyRecord {
    /// The customer.
    pub customer_id: String,
    /// Its parent; `null` for a root.
    pub parent_id: Option<String>,
    /// Whose invoice carries its charges; `null` when unresolved (see `owners`).
    pub invoice_owner_id: Option<String>,
    /// Who pays; `null` when unresolved.
    pub payment_owner_id: Option<String>,
    /// Whether it has direct children.
    pub has_children: bool,
    /// Its direct children, in input order.
    pub children_ids: Vec<String>,
}

/// Whom one customer receives invoices for and pays for.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct OwnedCustomers {
    /// The owner asked about.
    pub owner_id: String,
    /// Every customer whose charges land on its invoice (itself included when it
    /// receives its own), in input order.
    pub receives_for: Vec<String>,
    /// Every customer whose invoice it pays, in input order.
    pub pays_for: Vec<String>,
}

/// Turns positions into ids for one hierarchy.
pub struct Viewer<'a> {
    pub hierarchy: &'a Hierarchy,
    pub owners: &'a Owners,
}

impl Viewer<'_> {
    fn id(&self, customer: CustomerIx) -> String {
        self.hierarchy.id(customer).to_owned()
    }

    fn unresolved(&self, owner: Owner) -> Option<UnresolvedOwner> {
        let reason = owner.err()?;
        let (reason, code, customer_id) = match reason {
            Unresolved::Issue(code) => (UnresolvedReason::Issue, Some(code), None),
            Unresolved::BrokenHierarchy => (UnresolvedReason::BrokenHierarchy, None, None),
            Unresolved::Upstream(at) => (UnresolvedReason::Upstream, None, Some(self.id(at))),
        };
        Some(UnresolvedOwner {
            reason,
            code,
            customer_id,
        })
    }

    /// The customer's owners as ids.
    pub fn pair(&self, customer: CustomerIx) -> OwnerPair {
        let of = self.owners.of[customer];
        OwnerPair {
            invoice_owner_id: of.invoice.ok().map(|c| self.id(c)),
            payment_owner_id: of.payment.ok().map(|c| self.id(c)),
            invoice_unresolved: self.unresolved(of.invoice),
            payment_unresolved: self.unresolved(of.payment),
        }
    }

    /// One customer's owners.
    pub fn customer(&self, customer: CustomerIx) -> CustomerOwners {
        CustomerOwners {
            customer_id: self.id(customer),
            consolidated: self.owners.is_consolidated(customer),
            owners: self.pair(customer),
        }
    }

    /// Every customer's owners, with the owner issues.
    pub fn report(&self, issues: Vec<Issue>) -> Result<OwnersReport, BilltreeError> {
        let mut budget = OutputBudget::new();
        let customers = self
            .hierarchy
            .customers()
            .map(|customer| {
                // An id in each of up to four places.
                let id = self.hierarchy.id(customer);
                budget.charge_object([id, id, id, id])?;
                Ok(self.customer(customer))
            })
            .collect::<Result<Vec<_>, BilltreeError>>()?;
        Ok(OwnersReport { customers, issues })
    }

    /// Chargebee's hierarchy record of one customer.
    pub fn record(&self, customer: CustomerIx, topology: &Topology) -> HierarchyRecord {
        let of = self.owners.of[customer];
        let children = topology.children.of(customer);
        HierarchyRecord {
            customer_id: self.id(customer),
            parent_id: self
                .hierarchy
                .relations()
                .parent_of(customer)
                .map(|p| self.id(p)),
            invoice_owner_id: of.invoice.ok().map(|c| self.id(c)),
            payment_owner_id: of.payment.ok().map(|c| self.id(c)),
            has_children: !children.is_empty(),
            children_ids: children.iter().map(|&c| self.id(c)).collect(),
        }
    }

    /// Whom `owner` receives invoices for and pays for.
    pub fn owned_by(&self, owner: CustomerIx) -> Result<OwnedCustomers, BilltreeError> {
        let mut budget = OutputBudget::new();
        let (mut receives_for, mut pays_for) = (Vec::new(), Vec::new());
        for (customer, of) in self.owners.of.iter() {
            if of.invoice == Ok(owner) {
                budget.charge_object([self.hierarchy.id(customer)])?;
                receives_for.push(self.id(customer));
            }
            if of.payment == Ok(owner) {
                budget.charge_object([self.hierarchy.id(customer)])?;
                pays_for.push(self.id(customer));
            }
        }
        Ok(OwnedCustomers {
            owner_id: self.id(owner),
            receives_for,
            pays_for,
        })
    }
}

/// The customers whose owners differ between `before` and `after` (the same hierarchy
/// under other relations), in input order.
pub fn owner_changes(
    hierarchy: &Hierarchy,
    before: &Owners,
    after: &Owners,
) -> Result<Vec<OwnerChange>, BilltreeError> {
    let (was, now) = (
        Viewer {
            hierarchy,
            owners: before,
        },
        Viewer {
            hierarchy,
            owners: after,
        },
    );
    let mut budget = OutputBudget::new();
    let mut changes = Vec::new();
    for (customer, of) in after.of.iter() {
        if before.of[customer] != *of {
            let id = hierarchy.id(customer);
            budget.charge_object([id, id, id, id, id])?;
            changes.push(OwnerChange {
                customer_id: id.to_owned(),
                before: was.pair(customer),
                after: now.pair(customer),
            });
        }
    }
    Ok(changes)
}
