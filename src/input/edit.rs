//! What-if edits as they are read: one change to a hierarchy, named by customer ids.
//! An input type (hierarchy what-ifs and a billing period's dated changes both carry
//! them); `hierarchy::edits` applies them.

use crate::input::billing::BillingSettings;
use crate::input::json_text::{ReadError, Reader};
use crate::input::read_json::{json_enum, json_object, ReadJson};
use serde::de::Error as _;

/// The most edits one preview may carry.
pub const MAX_EDITS: usize = 100_000;

/// One change to a hierarchy. Customers are named by id; naming one that does not exist
/// is an `UNKNOWN_CUSTOMER` error, while an edit that breaks a rule (a cycle, a too-deep
/// customer) is allowed and shows up in the preview's report.
#[derive(Debug, Clone, PartialEq, Eq)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(
    test,
    ts(tag = "op", rename_all = "camelCase", rename_all_fields = "camelCase")
)]
pub enum HierarchyEdit {
    /// Gives `customerId` the parent `parentId` (Fynn's set-parent, Chargebee's link);
    /// the customer's own subtree moves with it.
    SetParent {
        /// The customer that gets a new parent.
        customer_id: String,
        /// The new parent.
        parent_id: String,
    },
    /// Makes `customerId` a root; it keeps its own subtree (Chargebee's unlink).
    RemoveParent {
        /// The customer to detach.
        customer_id: String,
    },
    /// Moves `customerId` and everything below it under `parentId`, or to the top level
    /// when `parentId` is `null`.
    MoveSubtree {
        /// The top of the subtree to move.
        customer_id: String,
        /// The new parent, or `null` for the top level.
        parent_id: Option<String>,
    },
    /// Archives the customer.
    Archive {
        /// The customer to archive.
        customer_id: String,
    },
    /// Unarchives the customer.
    Unarchive {
        /// The customer to unarchive.
        customer_id: String,
    },
    /// Replaces the customer's billing settings (`{}` restores the default: it bills and
    /// pays for itself).
    SetBillingSettings {
        /// The customer whose settings change.
        customer_id: String,
        /// The new settings, whole.
        settings: BillingSettings,
    },
}

/// The wire form of an edit: one flat object, read without buffering it as an
/// internally tagged enum would need, then checked per `op`.
struct RawEdit {
    op: EditOp,
    customer_id: String,
    /// An absent `parentId` (outer `None`) differs from an explicit `null` (`Some(None)`).
    parent_id: Option<Option<String>>,
    settings: Option<BillingSettings>,
}

json_object!(RawEdit, "struct RawEdit" {
    op: "op" required,
    customer_id: "customerId" required,
    parent_id: "parentId" present,
    settings: "settings" default,
});

json_enum!(EditOp, "enum EditOp" {
    SetParent: "setParent",
    RemoveParent: "removeParent",
    MoveSubtree: "moveSubtree",
    Archive: "archive",
    Unarchive: "unarchive",
    SetBillingSettings: "setBillingSettings",
});

impl ReadJson for HierarchyEdit {
    fn read_json(reader: &mut Reader<'_>) -> Result<Self, ReadError> {
        let raw = RawEdit::read_json(reader)?;
        // Past the object, as serde's `try_from` failed: the path names the edit.
        HierarchyEdit::try_from(raw).map_err(|problem| ReadError::custom(problem).or_at(reader.at))
    }
}

#[derive(Clone, Copy)]
enum EditOp {
    SetParent,
    RemoveParent,
    MoveSubtree,
    Archive,
    Unarchive,
    SetBillingSettings,
}

impl TryFrom<RawEdit> for HierarchyEdit {
    type Error = String;

    fn try_from(raw: RawEdit) -> Result<HierarchyEdit, String> {
        let RawEdit {
            op,
            customer_id,
            parent_id,
            settings,
        } = raw;
        Ok(match (op, parent_id, settings) {
            (EditOp::SetParent, Some(Some(parent_id)), None) => HierarchyEdit::SetParent {
                customer_id,
                parent_id,
            },
            (EditOp::SetParent, _, None) => return Err("setParent needs a parentId string".into()),
            (EditOp::MoveSubtree, parent_id, None) => HierarchyEdit::MoveSubtree {
                customer_id,
                parent_id: parent_id.flatten(),
            },
            (EditOp::RemoveParent, None, None) => HierarchyEdit::RemoveParent { customer_id },
            (EditOp::Archive, None, None) => HierarchyEdit::Archive { customer_id },
            (EditOp::Unarchive, None, None) => HierarchyEdit::Unarchive { customer_id },
            (EditOp::SetBillingSettings, None, Some(settings)) => {
                HierarchyEdit::SetBillingSettings {
                    customer_id,
                    settings,
                }
            }
            (EditOp::SetBillingSettings, _, _) => {
                return Err("setBillingSettings needs settings (an object) and no parentId".into())
            }
            (_, _, Some(_)) => return Err("only setBillingSettings takes settings".into()),
            (_, Some(_), None) => {
                return Err("only setParent and moveSubtree take a parentId".into())
            }
        })
    }
}
