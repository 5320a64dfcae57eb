//! The owners capability answering from a session: who receives and pays for whom, why,
//! Chargebee's hierarchy records, the inverse views and who may see which invoices.

use crate::common::error::BilltreeError;
use crate::common::output::OutputBudget;
use crate::input::store::CustomerStore;
use crate::owners::access::{visibility, Visibility};
use crate::owners::explain::{explain, OwnerExplanation};
use crate::owners::issues::owner_issues;
use crate::owners::overdue::{overdue_cascade, OverdueCascade};
use crate::owners::view::{CustomerOwners, HierarchyRecord, OwnedCustomers, OwnersReport, Viewer};
use crate::session::hierarchy_session::{load_resolved, Session};

impl Session {
    fn viewer(&self) -> Viewer<'_> {
        Viewer {
            hierarchy: &self.hierarchy,
            owners: &self.owners,
        }
    }

    /// Every customer's invoice and payment owner, and the owner issues.
    pub fn owners(&self) -> Result<OwnersReport, BilltreeError> {
        self.viewer().report(self.owner_issues.clone())
    }

    /// One customer's owners.
    pub fn owners_of(&self, customer_id: &str) -> Result<CustomerOwners, BilltreeError> {
        let customer = self.hierarchy.require(customer_id)?;
        Ok(self.viewer().customer(customer))
    }

    /// Why the customer's charges land where they do, and who pays.
    pub fn explain_owners(&self, customer_id: &str) -> Result<OwnerExplanation, BilltreeError> {
        let customer = self.hierarchy.require(customer_id)?;
        Ok(explain(
            &self.hierarchy,
            &self.owners,
            &self.structure,
            customer,
        ))
    }

    /// Chargebee's hierarchy records of every member of the customer's hierarchy, in the
    /// order of `tree()` (from its top, pre-order).
    pub fn hierarchy_records(
        &self,
        customer_id: &str,
    ) -> Result<Vec<HierarchyRecord>, BilltreeError> {
        let customer = self.hierarchy.require(customer_id)?;
        let top = self.structure.anchor[customer].unwrap_or(customer);
        let members = self.query().preorder(top);
        let mut budget = OutputBudget::new();
        let viewer = self.viewer();
        members
            .into_iter()
            .map(|member| {
                let record = viewer.record(member, &self.topology);
                let strings = [&record.customer_id]
                    .into_iter()
                    .chain(&record.parent_id)
                    .chain(&record.invoice_owner_id)
                    .chain(&record.payment_owner_id)
                    .chain(&record.children_ids)
                    .map(String::as_str);
                budget.charge_object(strings)?;
                Ok(record)
            })
            .collect()
    }

    /// The customers whose services `payer_id` being overdue would affect (those whose
    /// invoices it pays), and the customers below it it does not pay for.
    pub fn overdue_cascade(&self, payer_id: &str) -> Result<OverdueCascade, BilltreeError> {
        let payer = self.hierarchy.require(payer_id)?;
        let subtree = self.query().preorder(payer);
        overdue_cascade(&self.hierarchy, &self.owners, payer, &subtree)
    }

    /// Whom the customer receives invoices for and pays for.
    pub fn owned_by(&self, owner_id: &str) -> Result<OwnedCustomers, BilltreeError> {
        let owner = self.hierarchy.require(owner_id)?;
        self.viewer().owned_by(owner)
    }

    /// The customers whose invoices `viewer_id` may see, download or edit.
    pub fn visibility(&self, viewer_id: &str) -> Result<Visibility, BilltreeError> {
        let viewer = self.hierarchy.require(viewer_id)?;
        visibility(&self.hierarchy, &self.owners, viewer)
    }
}

/// Resolves owners once, without a session: every customer's owners and the owner
/// issues.
pub fn resolve_owners(store: CustomerStore) -> Result<OwnersReport, BilltreeError> {
    let (hierarchy, _, owners) = load_resolved(store);
    let issues = owner_issues(&hierarchy, hierarchy.relations(), &owners)?;
    Viewer {
        hierarchy: &hierarchy,
        owners: &owners,
    }
    .report(issues)
}
