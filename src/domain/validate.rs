//! Validation: every violation of a hierarchy, at once, as [`Issue`]s.

use super::customer::{Customer, IdProblem};
use super::hierarchy::{parent_id_problem, Hierarchy, Link, Relations};
use super::issue::{Issue, IssueCode, ValidationReport};
use super::policy::Policy;
use super::structure::Structure;

/// How many ids a message lists before it says "and N more"; `customerIds` always has
/// them all.
const IDS_IN_MESSAGE: usize = 5;

/// Validates `hierarchy` under `relations` (already analysed into `structure`).
pub fn validate(
    hierarchy: &Hierarchy,
    relations: &Relations,
    structure: &Structure,
    policy: &Policy,
) -> ValidationReport {
    let checker = Checker {
        hierarchy,
        relations,
        structure,
        policy,
    };
    let mut issues = Vec::new();
    checker.ids_and_links(&mut issues);
    checker.duplicates(&mut issues);
    checker.cycles(&mut issues);
    checker.limits(&mut issues);
    checker.tenants_and_archiving(&mut issues);
    // Each code comes from one pass in input order, so a stable sort by code gives
    // "grouped by code, then input order".
    issues.sort_by_key(|issue| issue.code);

    let count = hierarchy.len() as u32;
    let live = || (0..count).filter(|&p| !hierarchy.is_shadowed(p));
    ValidationReport {
        valid: issues.is_empty(),
        policy: policy.clone(),
        customer_count: count,
        root_count: live().filter(|&p| structure.parent_of(p).is_none()).count() as u32,
        deepest_level: structure.level.iter().copied().max().unwrap_or(0),
        issues,
    }
}

struct Checker<'a> {
    hierarchy: &'a Hierarchy,
    relations: &'a Relations,
    structure: &'a Structure,
    policy: &'a Policy,
}

impl Checker<'_> {
    fn customer(&self, position: u32) -> &Customer {
        self.hierarchy.customer(position)
    }

    fn id(&self, position: u32) -> String {
        self.customer(position).id.clone()
    }

    /// `"Name" (id)`, or just the quoted id when the customer has no name.
    fn who(&self, position: u32) -> String {
        let customer = self.customer(position);
        if customer.name.is_empty() {
            format!("{:?}", customer.id)
        } else {
            format!("{:?} ({:?})", customer.name, customer.id)
        }
    }

    fn issue(&self, code: IssueCode, message: String, positions: &[u32]) -> Issue {
        Issue {
            code,
            message,
            customer_ids: positions.iter().map(|&p| self.id(p)).collect(),
        }
    }

    fn live(&self) -> impl Iterator<Item = u32> + '_ {
        (0..self.hierarchy.len() as u32).filter(|&p| !self.hierarchy.is_shadowed(p))
    }

    fn archived(&self, position: u32) -> bool {
        self.relations.archived[position as usize]
    }

    fn ids_and_links(&self, issues: &mut Vec<Issue>) {
        for position in self.live() {
            let customer = self.customer(position);
            if let Some(problem) = IdProblem::of(&customer.id) {
                let message = format!("customer id {:?} {problem}", customer.id);
                issues.push(self.issue(IssueCode::InvalidId, message, &[position]));
            }
            match self.relations.links[position as usize] {
                Link::SelfParent => {
                    let message = format!("{} is its own parent", self.who(position));
                    issues.push(self.issue(IssueCode::SelfParent, message, &[position]));
                }
                Link::Dangling => {
                    let parent_id = customer.parent_id.as_deref().unwrap_or_default();
                    let (code, message) = match parent_id_problem(customer) {
                        Some(problem) => (
                            IssueCode::InvalidId,
                            format!("parentId {parent_id:?} of {} {problem}", self.who(position)),
                        ),
                        None => (
                            IssueCode::UnknownParent,
                            format!(
                                "parentId {parent_id:?} of {} names no customer",
                                self.who(position)
                            ),
                        ),
                    };
                    issues.push(self.issue(code, message, &[position]));
                }
                Link::Root | Link::Parent(_) => {}
            }
        }
    }

    fn duplicates(&self, issues: &mut Vec<Issue>) {
        let hierarchy = self.hierarchy;
        let mut pairs: Vec<(u32, u32)> = (0..hierarchy.len() as u32)
            .filter(|&p| hierarchy.is_shadowed(p))
            .filter_map(|p| {
                hierarchy
                    .position(&self.customer(p).id)
                    .map(|first| (first, p))
            })
            .collect();
        pairs.sort_unstable();
        for group in pairs.chunk_by(|a, b| a.0 == b.0) {
            let Some(&(first, _)) = group.first() else {
                continue;
            };
            let places: Vec<String> = std::iter::once(first)
                .chain(group.iter().map(|&(_, dup)| dup))
                .map(|p| format!("customers[{p}]"))
                .collect();
            let message = format!(
                "id {:?} is used by {} customers ({}); only the first is used",
                self.customer(first).id,
                places.len(),
                places.join(", ")
            );
            issues.push(self.issue(IssueCode::DuplicateId, message, &[first]));
        }
    }

    fn cycles(&self, issues: &mut Vec<Issue>) {
        for members in &self.structure.cycles {
            let mut shown: Vec<String> = members
                .iter()
                .take(IDS_IN_MESSAGE * 2)
                .map(|&p| format!("{:?}", self.customer(p).id))
                .collect();
            if members.len() > IDS_IN_MESSAGE * 2 {
                shown.push(format!("… ({} customers in all)", members.len()));
            }
            if let Some(&head) = members.first() {
                shown.push(format!("{:?}", self.customer(head).id));
            }
            let message = format!("parent chain forms a cycle: {}", shown.join(" → "));
            issues.push(self.issue(IssueCode::Cycle, message, members));
        }
    }

    fn limits(&self, issues: &mut Vec<Issue>) {
        let structure = self.structure;
        if let Some(max_depth) = self.policy.max_depth {
            for position in self.live() {
                if structure.level[position as usize] == max_depth.saturating_add(1) {
                    let below = structure.subordinates[position as usize];
                    let mut message = format!(
                        "{} is at level {} but policy {:?} allows {max_depth} (the root is level 1)",
                        self.who(position),
                        max_depth.saturating_add(1),
                        self.policy.name
                    );
                    if below > 0 {
                        message.push_str(&format!("; its {below} subordinate(s) sit deeper still"));
                    }
                    issues.push(self.issue(IssueCode::DepthExceeded, message, &[position]));
                }
            }
        }
        if let Some(max_children) = self.policy.max_children {
            for position in self.live() {
                let children = structure.children.of(position).len();
                if children > max_children as usize {
                    let message = format!(
                        "{} has {children} direct children but policy {:?} allows {max_children}",
                        self.who(position),
                        self.policy.name
                    );
                    issues.push(self.issue(IssueCode::TooManyChildren, message, &[position]));
                }
            }
        }
        if let Some(max_size) = self.policy.max_hierarchy_size {
            for position in self.live() {
                let size = structure.subordinates[position as usize].saturating_add(1);
                if structure.level[position as usize] == 1 && size > max_size {
                    let message = format!(
                        "the hierarchy under {} holds {size} customers but policy {:?} allows {max_size}",
                        self.who(position),
                        self.policy.name
                    );
                    issues.push(self.issue(IssueCode::HierarchyTooLarge, message, &[position]));
                }
            }
        }
    }

    fn tenants_and_archiving(&self, issues: &mut Vec<Issue>) {
        let hierarchy = self.hierarchy;
        for position in self.live() {
            let Some(parent) = self.structure.parent_of(position) else {
                continue;
            };
            if hierarchy.tenant(position) != hierarchy.tenant(parent) {
                let message = format!(
                    "{} (tenant {}) has parent {} in tenant {}",
                    self.who(position),
                    tenant_label(self.customer(position)),
                    self.who(parent),
                    tenant_label(self.customer(parent))
                );
                issues.push(self.issue(IssueCode::CrossTenant, message, &[position, parent]));
            }
            if self.archived(parent) && !self.archived(position) {
                let message = format!(
                    "{} is active but its parent {} is archived",
                    self.who(position),
                    self.who(parent)
                );
                issues.push(self.issue(IssueCode::ArchivedParent, message, &[position, parent]));
            }
        }
        for position in self.live().filter(|&p| self.archived(p)) {
            let active: Vec<u32> = self
                .structure
                .children
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
                names.join(", ")
            );
            let mut involved = vec![position];
            involved.extend(active);
            issues.push(self.issue(IssueCode::ArchivedWithActiveChildren, message, &involved));
        }
    }
}

fn tenant_label(customer: &Customer) -> String {
    match &customer.tenant_id {
        Some(tenant) => format!("{tenant:?}"),
        None => "none".to_owned(),
    }
}
