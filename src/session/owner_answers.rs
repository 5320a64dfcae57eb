//! The owners capability answering from a session: who receives and pays for whom, why,
//! Chargebee's hierarchy records, the inverse views and who may see which invoices.

use crate::common::error::BilltreeError;
use crate::common::output::OutputBudget;
use crate::hierarchy::loaded::Hierarchy;
use crate::hierarchy::structure::{Structure, Topology};
use crate::input::customer_ix::CustomerIx;
use crate::input::store::CustomerStore;
use crate::owners::access::{visibility, Visibility};
use crate::owners::explain::{explain, OwnerExplanation};
use crate::owners::issues::owner_issues;
use crate::owners::resolve::resolve;
use crate::owners::view::{CustomerOwners, HierarchyRecord, OwnedCustomers, OwnersReport, Viewer};
use crate::session::hierarchy_session::Session;

impl Session {
    fn viewer(&self) -> Viewer<'_> {
        Viewer {
            hierarchy: &self.hierarchy,
            owners: &self.owners,
        }
    }

    /// Every customer's invoice and payment owner, and the owner issues.
    pub fn owners(&self) -> Result<OwnersReport, BilltreeError> {
        let relations = self.hierarchy.relations();
        let issues = owner_issues(&self.hierarchy, relations, &self.owners)?;
        self.viewer().report(issues)
    }

    /// One customer's owners.
    pub fn owners_of(&self, customer_id: &str) -> Result<CustomerOwners, BilltreeError> {
        let customer = self.hierarchy.require(customer_id)?;
        Ok(self.viewer().customer(customer))
    }

    /// Why the customer's charges land where they do, and who pays.
    pub fn explain_owners(&self, customer_id: &str) -> Result<OwnerExplanation, BilltreeError> {
        let customer = self.hierarchy.require(customer_id)?;
        let is_ancestor = |ancestor, of| is_ancestor(&self.hierarchy, ancestor, of);
        Ok(explain(
            &self.hierarchy,
            &self.owners,
            is_ancestor,
            customer,
        ))
    }

    /// Chargebee's hierarchy records of every member of the customer's hierarchy (from
    /// its top, parents before children).
    pub fn hierarchy_records(
        &self,
        customer_id: &str,
    ) -> Result<Vec<HierarchyRecord>, BilltreeError> {
        let customer = self.hierarchy.require(customer_id)?;
        let members = members_of(&self.structure, &self.topology, customer);
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

/// Whether `ancestor` is a proper ancestor of `customer`, by walking up (at most once
/// round a cycle).
fn is_ancestor(hierarchy: &Hierarchy, ancestor: CustomerIx, customer: CustomerIx) -> bool {
    let relations = hierarchy.relations();
    let mut current = customer;
    for _ in 0..relations.len() {
        match relations.parent_of(current) {
            Some(parent) if parent == ancestor => return true,
            Some(parent) => current = parent,
            None => return false,
        }
    }
    false
}

/// The customer's hierarchy, top first, parents before children.
fn members_of(structure: &Structure, topology: &Topology, customer: CustomerIx) -> Vec<CustomerIx> {
    let top = structure.anchor[customer].unwrap_or(customer);
    let mut members = vec![top];
    let mut next = 0;
    while let Some(&member) = members.get(next) {
        next += 1;
        for &child in topology.children.of(member) {
            // Round a cycle, the walk comes back to where it started.
            if child != top {
                members.push(child);
            }
        }
    }
    members
}

/// Resolves owners once, without a session: every customer's owners and the owner
/// issues.
pub fn resolve_owners(store: CustomerStore) -> Result<OwnersReport, BilltreeError> {
    let hierarchy = Hierarchy::load(store);
    let relations = hierarchy.relations();
    let structure = Structure::analyze(&hierarchy, relations);
    let owners = resolve(&hierarchy, relations, &structure);
    let issues = owner_issues(&hierarchy, relations, &owners)?;
    Viewer {
        hierarchy: &hierarchy,
        owners: &owners,
    }
    .report(issues)
}
