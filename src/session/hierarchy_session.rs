//! A hierarchy loaded once and kept, so that queries and what-if edits do not re-send
//! or re-index it; and the one-shot entry points built on the same pieces.

use crate::common::error::BilltreeError;
use crate::common::output::OutputBudget;
use crate::hierarchy::edits::{apply_edits, HierarchyEdit};
use crate::hierarchy::issue::{issues_not_in, Issue, ValidationReport};
use crate::hierarchy::loaded::{Hierarchy, Relations};
use crate::hierarchy::policy::Policy;
use crate::hierarchy::queries::Query;
use crate::hierarchy::structure::{Structure, Topology};
use crate::hierarchy::validate::validate;
use crate::input::customer::Customer;
use crate::input::json::HierarchyInput;
use crate::input::store::CustomerStore;
use crate::owners::incremental::structure_and_owners_after;
use crate::owners::issues::owner_issues;
use crate::owners::model::Owners;
use crate::owners::resolve::resolve;
use crate::owners::view::owner_changes;
use crate::session::loaded_billing::KeptBilling;
use crate::session::preview::{tell_from_the_edit, EditPreview};
use serde::Serialize;
use std::sync::Arc;

/// What would break if the hierarchy moved to a system with other limits.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct MigrationReport {
    /// The policy the hierarchy is checked under today.
    pub from: Policy,
    /// The policy of the system it would move to.
    pub to: Policy,
    /// `true` when nothing new breaks under `to`.
    pub compatible: bool,
    /// Issues under `to` that are not issues under `from`.
    pub would_break: Vec<Issue>,
}

/// A loaded hierarchy, its policy, and its current analysis, owners and report.
#[derive(Debug, Clone)]
pub struct Session {
    pub(super) hierarchy: Hierarchy,
    policy: Policy,
    pub(super) structure: Structure,
    pub(super) topology: Topology,
    pub(super) owners: Owners,
    /// Hierarchy issues, then owner issues (they do not depend on the policy).
    report: ValidationReport,
    pub(super) owner_issues: Vec<Issue>,
    /// The billing input loaded for invoice previews and what-ifs, and its invoices
    /// over the current hierarchy (shared, so cloning a session does not copy them).
    pub(super) billing: Option<Arc<dyn KeptBilling>>,
}

/// Validates under `policy` and adds the owner issues: one report of every problem.
fn full_report(
    hierarchy: &Hierarchy,
    relations: &Relations,
    structure: &Structure,
    topology: Option<&Topology>,
    policy: &Policy,
    owner_issues: &[Issue],
) -> Result<ValidationReport, BilltreeError> {
    let mut report = validate(hierarchy, relations, structure, topology, policy)?;
    report.issues.extend_from_slice(owner_issues);
    report.valid = report.issues.is_empty();
    Ok(report)
}

impl Session {
    /// Loads and validates owned customers.
    pub fn new(input: HierarchyInput, policy: Policy) -> Result<Session, BilltreeError> {
        Session::load(CustomerStore::from_customers(&input.customers)?, policy)
    }

    /// Loads and validates stored customers (see [`parse_hierarchy_json`]). Fails only
    /// when the report would be larger than one result may be (`OUTPUT_TOO_LARGE`).
    ///
    /// [`parse_hierarchy_json`]: crate::input::json::parse_hierarchy_json
    pub fn load(store: CustomerStore, policy: Policy) -> Result<Session, BilltreeError> {
        let hierarchy = Hierarchy::load(store);
        let relations = hierarchy.relations();
        let structure = Structure::analyze(&hierarchy, relations);
        let topology = Topology::build(relations, &structure);
        let owners = resolve(&hierarchy, relations, &structure);
        let owner_issues = owner_issues(&hierarchy, relations, &owners)?;
        let report = full_report(
            &hierarchy,
            relations,
            &structure,
            Some(&topology),
            &policy,
            &owner_issues,
        )?;
        Ok(Session {
            hierarchy,
            policy,
            structure,
            topology,
            owners,
            report,
            owner_issues,
            billing: None,
        })
    }

    /// The current validation report.
    pub fn report(&self) -> &ValidationReport {
        &self.report
    }

    /// The policy the session checks.
    pub fn policy(&self) -> &Policy {
        &self.policy
    }

    /// Checks the session under another policy from now on; on an error the session
    /// keeps its policy.
    pub fn set_policy(&mut self, policy: Policy) -> Result<(), BilltreeError> {
        self.report = self.validate_under(&policy)?;
        self.policy = policy;
        Ok(())
    }

    /// What would break under `target` that does not break under the session's policy.
    pub fn check_migration(&self, target: Policy) -> Result<MigrationReport, BilltreeError> {
        let there = self.validate_under(&target)?;
        let would_break = issues_not_in(&there.issues, &self.report.issues);
        Ok(MigrationReport {
            from: self.policy.clone(),
            to: target,
            compatible: would_break.is_empty(),
            would_break,
        })
    }

    fn validate_under(&self, policy: &Policy) -> Result<ValidationReport, BilltreeError> {
        let relations = self.hierarchy.relations();
        full_report(
            &self.hierarchy,
            relations,
            &self.structure,
            Some(&self.topology),
            policy,
            &self.owner_issues,
        )
    }

    /// Queries over the current hierarchy.
    pub fn query(&self) -> Query<'_> {
        Query::new(&self.hierarchy, &self.structure, &self.topology)
    }

    /// The customers as they stand, with every applied edit.
    pub fn customers(&self) -> Result<Vec<Customer>, BilltreeError> {
        let mut budget = OutputBudget::new();
        self.hierarchy
            .customers()
            .map(|customer| {
                budget.charge_object(self.hierarchy.strings_of(customer))?;
                Ok(self.hierarchy.customer(customer))
            })
            .collect()
    }

    /// Number of customers loaded, duplicates included.
    pub fn customer_count(&self) -> usize {
        self.hierarchy.len()
    }

    /// What `edits` would do; the session does not change.
    pub fn preview(&self, edits: &[HierarchyEdit]) -> Result<EditPreview, BilltreeError> {
        Ok(self.evaluate(edits)?.preview)
    }

    /// Applies `edits` and reports what they did. All or nothing: when an edit names an
    /// unknown customer, none is applied.
    pub fn apply(&mut self, edits: &[HierarchyEdit]) -> Result<EditPreview, BilltreeError> {
        let Outcome {
            relations,
            structure,
            owners,
            owner_issues,
            mut preview,
        } = self.evaluate(edits)?;
        // The loaded billing's invoices over the edited hierarchy, before anything is
        // committed: an error leaves the session as it was.
        let billing = self.rebilled(&relations, &owners)?;
        self.billing = billing;
        self.topology = Topology::build(&relations, &structure);
        self.hierarchy.commit(relations);
        self.structure = structure;
        self.owners = owners;
        self.owner_issues = owner_issues;
        self.report = preview.report.clone();
        preview.applied = true;
        Ok(preview)
    }

    /// The relations and owners `edits` would give, without validating.
    pub(super) fn edited(
        &self,
        edits: &[HierarchyEdit],
    ) -> Result<(Relations, Owners), BilltreeError> {
        let mut relations = self.hierarchy.relations().clone();
        apply_edits(&self.hierarchy, &mut relations, edits)?;
        let (_, owners) = self.resolved_after(&relations);
        Ok((relations, owners))
    }

    /// The structure and owners of `relations` (the session's after edits), updated from
    /// the session's own where the edits allow it.
    fn resolved_after(&self, relations: &Relations) -> (Structure, Owners) {
        let children = Some(&self.topology.children);
        let loaded = (
            self.hierarchy.relations(),
            &self.structure,
            &self.owners,
            children,
        );
        structure_and_owners_after(&self.hierarchy, loaded, relations)
    }

    fn evaluate(&self, edits: &[HierarchyEdit]) -> Result<Outcome, BilltreeError> {
        let mut relations = self.hierarchy.relations().clone();
        let events = apply_edits(&self.hierarchy, &mut relations, edits)?;
        // Owners are updated for the customers the edits reach (or recomputed for every
        // customer where they cannot be); only those whose owners differ are reported.
        let (structure, owners) = self.resolved_after(&relations);
        let owner_issues = owner_issues(&self.hierarchy, &relations, &owners)?;
        // A preview needs no children lists: validation builds them only if a message
        // asks for them.
        let report = full_report(
            &self.hierarchy,
            &relations,
            &structure,
            None,
            &self.policy,
            &owner_issues,
        )?;
        let mut introduced_issues = issues_not_in(&report.issues, &self.report.issues);
        // Only the new issues are told from the edit's side: the report stays what
        // validating the edited hierarchy from scratch says.
        tell_from_the_edit(&self.hierarchy, &events, &mut introduced_issues);
        let preview = EditPreview {
            applied: false,
            introduced_issues,
            resolved_issues: issues_not_in(&self.report.issues, &report.issues),
            owner_changes: owner_changes(&self.hierarchy, &self.owners, &owners)?,
            events,
            report,
        };
        Ok(Outcome {
            relations,
            structure,
            owners,
            owner_issues,
            preview,
        })
    }
}

struct Outcome {
    relations: Relations,
    structure: Structure,
    owners: Owners,
    owner_issues: Vec<Issue>,
    preview: EditPreview,
}

/// Loads customers and resolves their owners: where every one-shot call starts.
pub(crate) fn load_resolved(store: CustomerStore) -> (Hierarchy, Structure, Owners) {
    let hierarchy = Hierarchy::load(store);
    let relations = hierarchy.relations();
    let structure = Structure::analyze(&hierarchy, relations);
    let owners = resolve(&hierarchy, relations, &structure);
    (hierarchy, structure, owners)
}

/// Validates a hierarchy once, without building what only queries need.
pub fn validate_hierarchy(
    store: CustomerStore,
    policy: &Policy,
) -> Result<ValidationReport, BilltreeError> {
    let (hierarchy, structure, owners) = load_resolved(store);
    let relations = hierarchy.relations();
    let owner_issues = owner_issues(&hierarchy, relations, &owners)?;
    full_report(
        &hierarchy,
        relations,
        &structure,
        None,
        policy,
        &owner_issues,
    )
}

/// Checks a hierarchy under `from` and `to` and reports what only `to` refuses.
pub fn check_migration(
    store: CustomerStore,
    from: Policy,
    to: Policy,
) -> Result<MigrationReport, BilltreeError> {
    Session::load(store, from)?.check_migration(to)
}
