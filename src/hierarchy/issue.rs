//! Validation issues: problems inside a hierarchy, reported all at once, as data.

use crate::common::handle_table::HandleTable;
use crate::hierarchy::policy::Policy;
use crate::input::billing::BillingWay;
use crate::input::customer::IdProblem;
use serde::Serialize;

/// The stable code of an [`Issue`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum IssueCode {
    /// An id (or a `parentId`) is empty, longer than 50 characters, contains a control
    /// character, or starts or ends with white space.
    InvalidId,
    /// Two or more customers share an id; only the first is used.
    DuplicateId,
    /// A customer is its own parent.
    SelfParent,
    /// `parentId` names no customer in the input.
    UnknownParent,
    /// A parent chain returns to where it started; `customerIds` lists the cycle in
    /// child → parent order, starting at the member that comes first in the input.
    Cycle,
    /// A customer sits deeper than the policy allows (reported once, at the first level
    /// too deep; its subordinates sit deeper still).
    DepthExceeded,
    /// A customer has more direct children than the policy allows.
    TooManyChildren,
    /// A hierarchy holds more customers than the policy allows.
    HierarchyTooLarge,
    /// Parent and child belong to different tenants.
    CrossTenant,
    /// An active customer's parent is archived.
    ArchivedParent,
    /// An archived customer still has active children.
    ArchivedWithActiveChildren,
    /// Two ways of routing invoices are given at once (`details.ways`); the customer's
    /// owners are not resolved.
    ConflictingBillingSettings,
    /// An owner setting names no customer (`details.setting`, `details.ownerId`).
    UnknownOwner,
    /// `invoiceOwnerId` is neither the customer nor one of its ancestors (Chargebee).
    InvoiceOwnerNotAncestor,
    /// The customer is its own invoice owner, and `paymentOwnerId` is neither the
    /// customer nor one of its ancestors (Chargebee).
    PaymentOwnerNotAncestor,
    /// The invoice owner is another customer, and `paymentOwnerId` is not that invoice
    /// owner (Chargebee).
    PaymentOwnerMismatch,
    /// `billTo: "parent"` on a customer without a parent.
    BillToParentWithoutParent,
    /// `payer: "parent"` on a customer without a parent.
    PayerParentWithoutParent,
    /// Invoicing delegates and invoice owners lead round in a loop (`customerIds` in
    /// order), so none of them has an invoice to land on.
    InvoiceOwnerCycle,
    /// The customer is active but its invoice or payment owner is archived.
    ArchivedOwner,
    /// The customer's invoice or payment owner belongs to another tenant.
    CrossTenantOwner,
}

impl IssueCode {
    /// The code as JS sees it, e.g. `"CYCLE"`.
    pub fn as_str(self) -> &'static str {
        match self {
            IssueCode::InvalidId => "INVALID_ID",
            IssueCode::DuplicateId => "DUPLICATE_ID",
            IssueCode::SelfParent => "SELF_PARENT",
            IssueCode::UnknownParent => "UNKNOWN_PARENT",
            IssueCode::Cycle => "CYCLE",
            IssueCode::DepthExceeded => "DEPTH_EXCEEDED",
            IssueCode::TooManyChildren => "TOO_MANY_CHILDREN",
            IssueCode::HierarchyTooLarge => "HIERARCHY_TOO_LARGE",
            IssueCode::CrossTenant => "CROSS_TENANT",
            IssueCode::ArchivedParent => "ARCHIVED_PARENT",
            IssueCode::ArchivedWithActiveChildren => "ARCHIVED_WITH_ACTIVE_CHILDREN",
            IssueCode::ConflictingBillingSettings => "CONFLICTING_BILLING_SETTINGS",
            IssueCode::UnknownOwner => "UNKNOWN_OWNER",
            IssueCode::InvoiceOwnerNotAncestor => "INVOICE_OWNER_NOT_ANCESTOR",
            IssueCode::PaymentOwnerNotAncestor => "PAYMENT_OWNER_NOT_ANCESTOR",
            IssueCode::PaymentOwnerMismatch => "PAYMENT_OWNER_MISMATCH",
            IssueCode::BillToParentWithoutParent => "BILL_TO_PARENT_WITHOUT_PARENT",
            IssueCode::PayerParentWithoutParent => "PAYER_PARENT_WITHOUT_PARENT",
            IssueCode::InvoiceOwnerCycle => "INVOICE_OWNER_CYCLE",
            IssueCode::ArchivedOwner => "ARCHIVED_OWNER",
            IssueCode::CrossTenantOwner => "CROSS_TENANT_OWNER",
        }
    }

    /// How many codes there are.
    pub const COUNT: usize = IssueCode::CrossTenantOwner as usize + 1;
}

/// One problem in a hierarchy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct Issue {
    /// Stable code to branch on.
    pub code: IssueCode,
    /// Human-readable explanation naming the customers.
    pub message: String,
    /// The customers involved, the one to fix first.
    pub customer_ids: Vec<String>,
    /// The facts behind the message, as data: read these, not the message.
    pub details: IssueDetails,
}

/// The policy rule a limit issue breaks, named as in [`Policy`].
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum PolicyRule {
    /// The deepest level allowed (`DEPTH_EXCEEDED`).
    MaxDepth,
    /// The most direct children (`TOO_MANY_CHILDREN`).
    MaxChildren,
    /// The most customers in one hierarchy (`HIERARCHY_TOO_LARGE`).
    MaxHierarchySize,
}

/// The rule users of two-level systems (Orb, Recurly, Metronome, m3ter) know, that a
/// `DEPTH_EXCEEDED` under a two-level policy breaks.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum TwoLevelRule {
    /// The parent (`details.parentId`) is a child, so it cannot take children.
    ChildCannotTakeChildren,
    /// The parent (`details.parentId`) already has children, so it cannot become a
    /// child: said by a what-if when its edit made the parent a child.
    ParentCannotBecomeChild,
}

/// Why an id is unusable (`INVALID_ID`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum IdProblemKind {
    /// The empty string.
    Empty,
    /// Longer than 50 characters.
    TooLong,
    /// Holds a control character.
    ControlCharacter,
    /// Starts or ends with white space.
    SurroundingWhitespace,
}

impl From<IdProblem> for IdProblemKind {
    fn from(problem: IdProblem) -> IdProblemKind {
        match problem {
            IdProblem::Empty => IdProblemKind::Empty,
            IdProblem::TooLong(_) => IdProblemKind::TooLong,
            IdProblem::ControlCharacter => IdProblemKind::ControlCharacter,
            IdProblem::SurroundingWhitespace => IdProblemKind::SurroundingWhitespace,
        }
    }
}

/// Machine-readable facts of an [`Issue`]; only those that apply to its code are set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct IssueDetails {
    /// The policy rule broken (limit issues).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub rule: Option<PolicyRule>,
    /// The policy whose rule it is (limit issues).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub policy: Option<String>,
    /// The rule's limit (limit issues).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// What the hierarchy has against the limit: the level (`DEPTH_EXCEEDED`), the
    /// direct children (`TOO_MANY_CHILDREN`), the customers (`HIERARCHY_TOO_LARGE`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub actual: Option<u32>,
    /// Subordinates sitting deeper still (`DEPTH_EXCEEDED`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deeper_subordinates: Option<u32>,
    /// The two-level rule broken (`DEPTH_EXCEEDED` under a 2-level policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub two_level_rule: Option<TwoLevelRule>,
    /// Why the id is unusable (`INVALID_ID`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id_problem: Option<IdProblemKind>,
    /// The `parentId` text that names no customer or is unusable (`UNKNOWN_PARENT`,
    /// `INVALID_ID` of a parent id); the parent that cannot take children
    /// (`DEPTH_EXCEEDED` under a two-level policy).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub parent_id: Option<String>,
    /// The tenants of child and parent, `null` for none (`CROSS_TENANT`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tenant_ids: Option<[Option<String>; 2]>,
    /// Every position in the input that uses the id, the first one kept
    /// (`DUPLICATE_ID`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub positions: Option<Vec<u32>>,
    /// The billing setting at fault (owner issues).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub setting: Option<BillingField>,
    /// The owner the setting names or resolves to (owner issues).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_id: Option<String>,
    /// Whether the owner at fault receives or pays (`ARCHIVED_OWNER`,
    /// `CROSS_TENANT_OWNER`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub owner_role: Option<OwnerRole>,
    /// The ways of routing invoices given at once (`CONFLICTING_BILLING_SETTINGS`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub ways: Option<Vec<BillingWay>>,
}

/// Which of a customer's two owners.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum OwnerRole {
    /// Whose invoice carries the customer's charges.
    InvoiceOwner,
    /// Who pays that invoice.
    PaymentOwner,
}

/// A billing setting, by its field name.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub enum BillingField {
    /// `invoiceOwnerId`.
    InvoiceOwnerId,
    /// `paymentOwnerId`.
    PaymentOwnerId,
    /// `billTo`.
    BillTo,
    /// `payer`.
    Payer,
    /// `invoicingDelegateId`.
    InvoicingDelegateId,
}

impl IssueDetails {
    /// The strings these details carry, for sizing a result.
    pub fn strings(&self) -> impl Iterator<Item = &str> {
        let tenants = self.tenant_ids.iter().flatten().flatten();
        self.policy
            .iter()
            .chain(self.parent_id.iter())
            .chain(self.owner_id.iter())
            .chain(tenants)
            .map(String::as_str)
    }

    /// Details of a broken policy limit.
    pub fn limit(rule: PolicyRule, policy: &Policy, limit: u32, actual: u32) -> IssueDetails {
        IssueDetails {
            rule: Some(rule),
            policy: Some(policy.name.clone()),
            limit: Some(limit),
            actual: Some(actual),
            ..IssueDetails::default()
        }
    }
}

/// The result of validating a hierarchy against a policy.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct ValidationReport {
    /// `true` when there are no issues.
    pub valid: bool,
    /// The policy checked.
    pub policy: Policy,
    /// Customers in the input, duplicates included.
    pub customer_count: u32,
    /// Customers without a parent (the tops of the hierarchies).
    pub root_count: u32,
    /// The deepest level any customer reaches (the root being level 1), cycles aside.
    pub deepest_level: u32,
    /// Every issue, grouped by code in the order of [`IssueCode`], then in input order.
    pub issues: Vec<Issue>,
}

/// The issues of `after` that are not in `before`. Issues are the same when code and
/// customers are: a message that only changed its numbers is still the same problem.
pub fn issues_not_in(after: &[Issue], before: &[Issue]) -> Vec<Issue> {
    let before_keys: Vec<Vec<u8>> = before.iter().map(identity).collect();
    let key_of = |handle: u32| before_keys[handle as usize].as_slice();
    let mut known = HandleTable::with_capacity(before.len());
    for (handle, key) in (0u32..).zip(&before_keys) {
        known.insert_or_get(key, handle, &key_of);
    }
    after
        .iter()
        .filter(|issue| known.find(&identity(issue), &key_of).is_none())
        .cloned()
        .collect()
}

/// What makes two issues the same problem, as bytes: the code, then each customer id
/// with its length in front (ids may hold any character, so no separator is safe).
fn identity(issue: &Issue) -> Vec<u8> {
    let length: usize = issue.customer_ids.iter().map(|id| id.len() + 4).sum();
    let mut key = Vec::with_capacity(length + 1);
    key.push(issue.code as u8);
    for id in &issue.customer_ids {
        key.extend_from_slice(&(id.len() as u32).to_le_bytes());
        key.extend_from_slice(id.as_bytes());
    }
    key
}
