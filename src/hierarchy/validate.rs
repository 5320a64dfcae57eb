//! Validation: every violation of a hierarchy, at once, as [`Issue`]s.
//!
//! One pass over the customers checks everything that concerns a customer and its
//! parent; duplicates, cycles and archived parents with active children come from their
//! own short lists. The children lists and subordinate counts ([`Topology`]) are built
//! only when a message needs them, so a clean what-if preview never pays for them.

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::common::error::BilltreeError;
use crate::common::output::OutputBudget;
use crate::common::text::{join, Quoted};
use crate::hierarchy::issue::{
    Issue, IssueCode, IssueDetails, PolicyRule, TwoLevelRule, ValidationReport,
};
use crate::hierarchy::loaded::{Hierarchy, Link, Relations};
use crate::hierarchy::policy::Policy;
use crate::hierarchy::structure::{Structure, Topology};
use crate::input::customer::IdProblem;
use crate::input::store::CustomerStore;
use std::cell::OnceCell;

/// How many ids a message lists before it says "and N more"; `customerIds` always has
/// them all.
const IDS_IN_MESSAGE: usize = 5;

/// Validates `hierarchy` under `relations` (already analysed into `structure`). Pass the
/// topology when it exists; otherwise it is built only if a message needs it. Fails
/// only with `OUTPUT_TOO_LARGE`, when the issues would not fit in one result.
pub fn validate(
    hierarchy: &Hierarchy,
    relations: &Relations,
    structure: &Structure,
    topology: Option<&Topology>,
    policy: &Policy,
) -> Result<ValidationReport, BilltreeError> {
    let checker = Checker {
        hierarchy,
        relations,
        structure,
        policy,
        given_topology: topology,
        built_topology: OnceCell::new(),
    };
    let mut found = Found::default();
    found.budget.charge_object([policy.name.as_str()])?;
    let (root_count, deepest_level) = checker.each_customer(&mut found)?;
    checker.duplicates(&mut found)?;
    checker.cycles(&mut found)?;
    checker.archived_with_active_children(&mut found)?;
    let issues = found.into_issues();
    Ok(ValidationReport {
        valid: issues.is_empty(),
        policy: policy.clone(),
        customer_count: hierarchy.len() as u32,
        root_count,
        deepest_level,
        issues,
    })
}

/// Issues collected per code; each check visits customers in input order, so joining
/// the buckets gives "grouped by code, then input order" without sorting.
#[derive(Default)]
struct Found {
    buckets: [Vec<Issue>; IssueCode::COUNT],
    budget: OutputBudget,
}

impl Found {
    fn into_issues(self) -> Vec<Issue> {
        self.buckets.concat()
    }
}

struct Checker<'a> {
    hierarchy: &'a Hierarchy,
    relations: &'a Relations,
    structure: &'a Structure,
    policy: &'a Policy,
    given_topology: Option<&'a Topology>,
    built_topology: OnceCell<Topology>,
}

impl Checker<'_> {
    fn store(&self) -> &CustomerStore {
        self.hierarchy.store()
    }

    fn id(&self, position: CustomerIx) -> &str {
        self.hierarchy.id(position)
    }

    fn topology(&self) -> &Topology {
        match self.given_topology {
            Some(topology) => topology,
            None => self
                .built_topology
                .get_or_init(|| Topology::build(self.relations, self.structure)),
        }
    }

    /// `"Name" (id)`, or just the quoted id when the customer has no name.
    fn who(&self, position: CustomerIx) -> String {
        self.hierarchy.who(position)
    }

    /// Records an issue, after charging its size (ids may be long and repeat across
    /// issues) to the result's budget.
    fn report(
        &self,
        found: &mut Found,
        code: IssueCode,
        message: String,
        positions: &[CustomerIx],
        details: IssueDetails,
    ) -> Result<(), BilltreeError> {
        let ids = positions.iter().map(|&p| self.id(p));
        let strings = std::iter::once(message.as_str())
            .chain(ids)
            .chain(details.strings());
        let numbers = details.positions.as_ref().map_or(0, |p| p.len() * 11);
        found.budget.charge_object(strings)?;
        found.budget.charge(numbers)?;
        found.buckets[code as usize].push(Issue {
            code,
            message,
            customer_ids: positions.iter().map(|&p| self.id(p).to_owned()).collect(),
            details,
        });
        Ok(())
    }

    fn archived(&self, position: CustomerIx) -> bool {
        self.relations.archived[position]
    }

    /// Everything about one customer and its parent, for every customer; returns the
    /// report's root count and deepest level on the way.
    fn each_customer(&self, found: &mut Found) -> Result<(u32, u32), BilltreeError> {
        let structure = self.structure;
        let depth_limit = self.policy.max_depth.map(|max| max.saturating_add(1));
        let root_sizes = self.policy.max_hierarchy_size.map(|_| self.root_sizes());
        let mut invalid_ids = self.hierarchy.invalid_ids().iter().peekable();
        let (mut root_count, mut deepest_level) = (0u32, 0u32);
        for position in self.hierarchy.customers() {
            if self.hierarchy.is_shadowed(position) {
                continue;
            }
            if invalid_ids.peek().is_some_and(|&&(p, _)| p == position) {
                if let Some((_, problem)) = invalid_ids.next() {
                    let message = format!("customer id {} {problem}", Quoted(self.id(position)));
                    let details = IssueDetails {
                        id_problem: Some((*problem).into()),
                        ..IssueDetails::default()
                    };
                    self.report(found, IssueCode::InvalidId, message, &[position], details)?;
                }
            }
            let level = structure.level_of(position);
            if let Some(level) = level {
                deepest_level = deepest_level.max(level);
            }
            match self.relations.link(position) {
                Link::Parent(parent) => self.parent_pair(found, position, parent)?,
                Link::Root => root_count += 1,
                Link::SelfParent => {
                    root_count += 1;
                    let message = format!("{} is its own parent", self.who(position));
                    let details = IssueDetails::default();
                    self.report(found, IssueCode::SelfParent, message, &[position], details)?;
                }
                Link::Dangling => {
                    root_count += 1;
                    self.dangling(found, position)?;
                }
            }
            if let Some(level) = level.filter(|&level| Some(level) == depth_limit) {
                self.depth_exceeded(found, position, level)?;
            }
            if let Some(max_children) = self.policy.max_children {
                let children = structure.child_count[position];
                if children > max_children {
                    let message = format!(
                        "{} has {children} direct children but policy {} allows {max_children}",
                        self.who(position),
                        Quoted(&self.policy.name)
                    );
                    let rule = PolicyRule::MaxChildren;
                    let details = IssueDetails::limit(rule, self.policy, max_children, children);
                    self.report(
                        found,
                        IssueCode::TooManyChildren,
                        message,
                        &[position],
                        details,
                    )?;
                }
            }
            if let (Some(max_size), Some(sizes)) = (self.policy.max_hierarchy_size, &root_sizes) {
                let size = sizes[position];
                if level == Some(1) && size > max_size {
                    let message = format!(
                        "the hierarchy under {} holds {size} customers but policy {} allows {max_size}",
                        self.who(position),
                        Quoted(&self.policy.name)
                    );
                    let rule = PolicyRule::MaxHierarchySize;
                    let details = IssueDetails::limit(rule, self.policy, max_size, size);
                    let code = IssueCode::HierarchyTooLarge;
                    self.report(found, code, message, &[position], details)?;
                }
            }
        }
        Ok((root_count, deepest_level))
    }

    /// Customers per root (at the root), cycles aside.
    fn root_sizes(&self) -> PerCustomer<u32> {
        let mut sizes = self.hierarchy.store().per_customer(0u32);
        for customer in self.hierarchy.customers() {
            let placed = self.structure.level[customer].is_some();
            if let Some(root) = self.structure.anchor[customer].filter(|_| placed) {
                sizes[root] += 1;
            }
        }
        sizes
    }

    fn parent_pair(
        &self,
        found: &mut Found,
        position: CustomerIx,
        parent: CustomerIx,
    ) -> Result<(), BilltreeError> {
        let store = self.store();
        if store.tenant(position) != store.tenant(parent) {
            let message = format!(
                "{} (tenant {}) has parent {} in tenant {}",
                self.who(position),
                tenant_label(store.tenant_id(position)),
                self.who(parent),
                tenant_label(store.tenant_id(parent))
            );
            let details = IssueDetails {
                tenant_ids: Some([
                    store.tenant_id(position).map(str::to_owned),
                    store.tenant_id(parent).map(str::to_owned),
                ]),
                ..IssueDetails::default()
            };
            let involved = [position, parent];
            self.report(found, IssueCode::CrossTenant, message, &involved, details)?;
        }
        if self.archived(parent) && !self.archived(position) {
            let message = format!(
                "{} is active but its parent {} is archived",
                self.who(position),
                self.who(parent)
            );
            let involved = [position, parent];
            let details = IssueDetails::default();
            self.report(
                found,
                IssueCode::ArchivedParent,
                message,
                &involved,
                details,
            )?;
        }
        Ok(())
    }

    fn dangling(&self, found: &mut Found, position: CustomerIx) -> Result<(), BilltreeError> {
        // Edits never create dangling links, so the loaded text is the one that dangles;
        // a link is dangling only when there is such a text.
        let Some(parent_id) = self.store().parent_id(position) else {
            return Ok(());
        };
        let problem = IdProblem::of(parent_id);
        let (code, message) = match problem {
            Some(problem) => (
                IssueCode::InvalidId,
                format!(
                    "parentId {} of {} {problem}",
                    Quoted(parent_id),
                    self.who(position)
                ),
            ),
            None => (
                IssueCode::UnknownParent,
                format!(
                    "parentId {} of {} names no customer",
                    Quoted(parent_id),
                    self.who(position)
                ),
            ),
        };
        let details = IssueDetails {
            id_problem: problem.map(Into::into),
            parent_id: Some(parent_id.to_owned()),
            ..IssueDetails::default()
        };
        self.report(found, code, message, &[position], details)
    }

    fn depth_exceeded(
        &self,
        found: &mut Found,
        position: CustomerIx,
        level: u32,
    ) -> Result<(), BilltreeError> {
        let max_depth = level - 1;
        let policy = Quoted(&self.policy.name);
        let parent = self.relations.parent_of(position);
        // Under a two-level policy (Orb, Recurly, Metronome, m3ter) users know the rule
        // from the parent's side: a child cannot take children.
        let two_level = max_depth == 2;
        let mut message = match parent.filter(|_| two_level) {
            Some(parent) => format!(
                "{} is a child, so it cannot take children under policy {policy} (2 levels, \
                 no grandchildren): {} sits at level 3",
                self.who(parent),
                self.who(position),
            ),
            None => format!(
                "{} is at level {level} but policy {policy} allows {max_depth} (the root is \
                 level 1)",
                self.who(position),
            ),
        };
        let below = self.topology().subordinates[position];
        if below > 0 {
            message.push_str(&format!("; its {below} subordinate(s) sit deeper still"));
        }
        let details = IssueDetails {
            deeper_subordinates: Some(below),
            two_level_rule: two_level.then_some(TwoLevelRule::ChildCannotTakeChildren),
            parent_id: parent
                .filter(|_| two_level)
                .map(|parent| self.id(parent).to_owned()),
            ..IssueDetails::limit(PolicyRule::MaxDepth, self.policy, max_depth, level)
        };
        self.report(
            found,
            IssueCode::DepthExceeded,
            message,
            &[position],
            details,
        )
    }

    fn duplicates(&self, found: &mut Found) -> Result<(), BilltreeError> {
        for group in self.hierarchy.duplicates() {
            let Some(&first) = group.first() else {
                continue;
            };
            let mut places: Vec<String> = group
                .iter()
                .take(IDS_IN_MESSAGE)
                .map(|p| format!("customers[{}]", p.position()))
                .collect();
            if group.len() > IDS_IN_MESSAGE {
                places.push(format!("and {} more", group.len() - IDS_IN_MESSAGE));
            }
            let message = format!(
                "id {} is used by {} customers ({}); only the first is used",
                Quoted(self.id(first)),
                group.len(),
                join(&places, ", ")
            );
            let details = IssueDetails {
                positions: Some(group.iter().map(|p| p.position()).collect()),
                ..IssueDetails::default()
            };
            self.report(found, IssueCode::DuplicateId, message, &[first], details)?;
        }
        Ok(())
    }

    fn cycles(&self, found: &mut Found) -> Result<(), BilltreeError> {
        for members in &self.structure.cycles {
            let mut shown: Vec<String> = members
                .iter()
                .take(IDS_IN_MESSAGE * 2)
                .map(|&p| Quoted(self.id(p)).to_string())
                .collect();
            if members.len() > IDS_IN_MESSAGE * 2 {
                shown.push(format!("… ({} customers in all)", members.len()));
            }
            if let Some(&head) = members.first() {
                shown.push(Quoted(self.id(head)).to_string());
            }
            let message = format!("parent chain forms a cycle: {}", join(&shown, " → "));
            let details = IssueDetails::default();
            self.report(found, IssueCode::Cycle, message, members, details)?;
        }
        Ok(())
    }

    fn archived_with_active_children(&self, found: &mut Found) -> Result<(), BilltreeError> {
        // Every such parent also shows up as an ARCHIVED_PARENT pair: skip the children
        // lists entirely when there is none.
        if found.buckets[IssueCode::ArchivedParent as usize].is_empty() {
            return Ok(());
        }
        let children = &self.topology().children;
        for position in self.hierarchy.customers() {
            if !self.archived(position) || self.hierarchy.is_shadowed(position) {
                continue;
            }
            let active: Vec<CustomerIx> = children
                .of(position)
                .iter()
                .copied()
                .filter(|&child| !self.archived(child))
                .collect();
            if active.is_empty() {
                continue;
            }
            let mut names: Vec<String> = active
                .iter()
                .take(IDS_IN_MESSAGE)
                .map(|&child| self.who(child))
                .collect();
            if active.len() > IDS_IN_MESSAGE {
                names.push(format!("and {} more", active.len() - IDS_IN_MESSAGE));
            }
            let message = format!(
                "{} is archived but has {} active child(ren): {}",
                self.who(position),
                active.len(),
                join(&names, ", ")
            );
            let mut involved = vec![position];
            involved.extend(active);
            let code = IssueCode::ArchivedWithActiveChildren;
            self.report(found, code, message, &involved, IssueDetails::default())?;
        }
        Ok(())
    }
}

fn tenant_label(tenant: Option<&str>) -> String {
    match tenant {
        Some(tenant) => Quoted(tenant).to_string(),
        None => "none".to_owned(),
    }
}
