//! What a list of what-if edits would do: events, issues introduced and resolved, the
//! whole report, and the customers whose owners change.

use crate::common::text::Quoted;
use crate::hierarchy::edits::HierarchyEvent;
use crate::hierarchy::issue::{Issue, IssueCode, TwoLevelRule, ValidationReport};
use crate::hierarchy::loaded::Hierarchy;
use crate::owners::view::OwnerChange;
use serde::Serialize;

/// What a list of edits would do.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct EditPreview {
    /// `false` for a preview; `true` when the edits were applied to the session.
    pub applied: bool,
    /// The events, in edit order; edits that change nothing emit none.
    pub events: Vec<HierarchyEvent>,
    /// Issues the edits would introduce (hierarchy and owner issues), told from the
    /// edit's side where that is clearer (a two-level depth issue caused by making a
    /// parent a child).
    pub introduced_issues: Vec<Issue>,
    /// Issues the edits would resolve.
    pub resolved_issues: Vec<Issue>,
    /// Only the customers whose invoice or payment owner changes, before and after, in
    /// input order.
    pub owner_changes: Vec<OwnerChange>,
    /// The whole validation report after the edits.
    pub report: ValidationReport,
}

/// Under a two-level policy, a depth issue an edit caused by making a parent with
/// children a child is told from that side: "already has children, so it cannot become
/// a child" (validation alone tells it from the other: "is a child, so it cannot take
/// children").
pub fn tell_from_the_edit(hierarchy: &Hierarchy, events: &[HierarchyEvent], issues: &mut [Issue]) {
    let made_children: Vec<&str> = events
        .iter()
        .filter_map(|event| match event {
            HierarchyEvent::ParentAssigned { customer_id, .. } => Some(customer_id.as_str()),
            _ => None,
        })
        .collect();
    if made_children.is_empty() {
        return;
    }
    for issue in issues
        .iter_mut()
        .filter(|issue| issue.code == IssueCode::DepthExceeded)
    {
        let details = &issue.details;
        if details.two_level_rule != Some(TwoLevelRule::ChildCannotTakeChildren) {
            continue;
        }
        let Some(parent_id) = details.parent_id.as_deref() else {
            continue;
        };
        if !made_children.contains(&parent_id) {
            continue;
        }
        let (Some(parent), Some(customer)) = (
            hierarchy.find(parent_id),
            issue.customer_ids.first().and_then(|id| hierarchy.find(id)),
        ) else {
            continue;
        };
        let policy = details.policy.as_deref().unwrap_or_default();
        issue.message = format!(
            "{} already has children, so it cannot become a child under policy {} (2 \
             levels, no grandchildren): {} would sit at level 3",
            hierarchy.who(parent),
            Quoted(policy),
            hierarchy.who(customer)
        );
        if let Some(below) = issue.details.deeper_subordinates.filter(|&below| below > 0) {
            issue.message.push_str(&format!(
                "; its {below} subordinate(s) would sit deeper still"
            ));
        }
        issue.details.two_level_rule = Some(TwoLevelRule::ParentCannotBecomeChild);
    }
}
