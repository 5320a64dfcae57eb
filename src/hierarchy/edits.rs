//! What-if edits: changes to a loaded hierarchy, applied to a copy of its relations so
//! that a preview changes nothing until the caller applies it.

use crate::common::error::BilltreeError;
use crate::hierarchy::loaded::{Hierarchy, Link, Relations};
use crate::input::billing::BillingSettings;
pub use crate::input::edit::{HierarchyEdit, MAX_EDITS};
use serde::Serialize;
use std::sync::Arc;

/// An event the edits would emit, as webhook consumers would receive it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(tag = "type")]
pub enum HierarchyEvent {
    /// A customer got a parent, or a different one.
    #[serde(rename = "customer.parent.assigned", rename_all = "camelCase")]
    ParentAssigned {
        /// The child.
        customer_id: String,
        /// Its parent before, `null` if it was a root.
        previous_parent_id: Option<String>,
        /// Its parent after.
        parent_id: String,
    },
    /// A customer lost its parent and became a root.
    #[serde(rename = "customer.parent.removed", rename_all = "camelCase")]
    ParentRemoved {
        /// The former child.
        customer_id: String,
        /// Its parent before.
        previous_parent_id: String,
    },
    /// A customer was archived.
    #[serde(rename = "customer.archived", rename_all = "camelCase")]
    Archived {
        /// The customer.
        customer_id: String,
    },
    /// A customer was unarchived.
    #[serde(rename = "customer.unarchived", rename_all = "camelCase")]
    Unarchived {
        /// The customer.
        customer_id: String,
    },
    /// A customer's billing settings changed.
    #[serde(rename = "customer.billing_settings.changed", rename_all = "camelCase")]
    BillingSettingsChanged {
        /// The customer.
        customer_id: String,
        /// The settings after the change.
        settings: BillingSettings,
    },
}

/// Applies `edits` in order to `relations` (a copy of the hierarchy's), returning the
/// events they emit.
pub fn apply_edits(
    hierarchy: &Hierarchy,
    relations: &mut Relations,
    edits: &[HierarchyEdit],
) -> Result<Vec<HierarchyEvent>, BilltreeError> {
    if edits.len() > MAX_EDITS {
        return Err(BilltreeError::too_large("edits", MAX_EDITS));
    }
    let mut events = Vec::new();
    for edit in edits {
        let event = match edit {
            HierarchyEdit::SetParent {
                customer_id,
                parent_id,
            }
            | HierarchyEdit::MoveSubtree {
                customer_id,
                parent_id: Some(parent_id),
            } => relink(hierarchy, relations, customer_id, Some(parent_id))?,
            HierarchyEdit::RemoveParent { customer_id }
            | HierarchyEdit::MoveSubtree {
                customer_id,
                parent_id: None,
            } => relink(hierarchy, relations, customer_id, None)?,
            HierarchyEdit::Archive { customer_id } => {
                set_archived(hierarchy, relations, customer_id, true)?
            }
            HierarchyEdit::Unarchive { customer_id } => {
                set_archived(hierarchy, relations, customer_id, false)?
            }
            HierarchyEdit::SetBillingSettings {
                customer_id,
                settings,
            } => set_billing(hierarchy, relations, customer_id, settings)?,
        };
        events.extend(event);
    }
    Ok(events)
}

fn relink(
    hierarchy: &Hierarchy,
    relations: &mut Relations,
    customer_id: &str,
    parent_id: Option<&str>,
) -> Result<Option<HierarchyEvent>, BilltreeError> {
    let position = hierarchy.require(customer_id)?;
    let new_link = match parent_id {
        None => Link::Root,
        Some(parent_id) => match hierarchy.require(parent_id)? {
            parent if parent == position => Link::SelfParent,
            parent => Link::Parent(parent),
        },
    };
    let old_link = relations.link(position);
    relations.set_link(position, new_link);
    if old_link == new_link {
        return Ok(None);
    }
    let previous_parent_id = match old_link {
        Link::Root => None,
        Link::Parent(parent) => Some(hierarchy.id(parent).to_owned()),
        Link::SelfParent => Some(hierarchy.id(position).to_owned()),
        // Edits never create dangling links, so this is still the loaded text.
        Link::Dangling => hierarchy.store().parent_id(position).map(str::to_owned),
    };
    let customer_id = hierarchy.id(position).to_owned();
    Ok(Some(match (parent_id, previous_parent_id) {
        (Some(parent_id), previous_parent_id) => HierarchyEvent::ParentAssigned {
            customer_id,
            previous_parent_id,
            parent_id: parent_id.to_owned(),
        },
        (None, Some(previous_parent_id)) => HierarchyEvent::ParentRemoved {
            customer_id,
            previous_parent_id,
        },
        // Root before and after: caught by the equality check above.
        (None, None) => return Ok(None),
    }))
}

fn set_archived(
    hierarchy: &Hierarchy,
    relations: &mut Relations,
    customer_id: &str,
    archived: bool,
) -> Result<Option<HierarchyEvent>, BilltreeError> {
    let position = hierarchy.require(customer_id)?;
    let slot = &mut relations.archived[position];
    if std::mem::replace(slot, archived) == archived {
        return Ok(None);
    }
    let customer_id = hierarchy.id(position).to_owned();
    Ok(Some(if archived {
        HierarchyEvent::Archived { customer_id }
    } else {
        HierarchyEvent::Unarchived { customer_id }
    }))
}

fn set_billing(
    hierarchy: &Hierarchy,
    relations: &mut Relations,
    customer_id: &str,
    settings: &BillingSettings,
) -> Result<Option<HierarchyEvent>, BilltreeError> {
    let customer = hierarchy.require(customer_id)?;
    let now = (*settings != BillingSettings::default()).then(|| Arc::new(settings.clone()));
    if relations.billing[customer] == now {
        return Ok(None);
    }
    relations.billing[customer] = now;
    Ok(Some(HierarchyEvent::BillingSettingsChanged {
        customer_id: hierarchy.id(customer).to_owned(),
        settings: settings.clone(),
    }))
}
