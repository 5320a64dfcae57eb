//! billtree previews consolidated bills for customer hierarchies on the client, before
//! anything is persisted.
//!
//! The core grows by capability, one folder each, dependencies pointing one way:
//! - `common`: errors, bounded results, message text, the hash table;
//! - `input`: JSON to the customer model, strictly, with limits;
//! - `hierarchy`: loading, validation, policies, queries and what-if edits;
//! - `money`: decimal strings read strictly, ISO 4217 minor units, rounding, allocation;
//! - `owners`: who receives each invoice and who pays it, why, and who may see it;
//! - `period`: the billing period's dates, and the changes effective inside it that
//!   split it into sub-periods, each under its own hierarchy and owners;
//! - `invoice`: prices, usage, roll-up modes and the totals pipeline of each invoice;
//! - `session`: a hierarchy loaded once, and the one-shot entry points.
//!
//! None of these touch wasm-bindgen or js-sys: they are tested natively, and a server
//! can run exactly the code the preview ran. `wasm` (only on `wasm32`) is the thin
//! boundary on top: it converts JS values, delegates, and converts results and errors
//! back. The public API is re-exported here.

mod common;
mod hierarchy;
mod input;
mod invoice;
mod money;
mod owners;
mod period;
mod session;

#[cfg(target_arch = "wasm32")]
pub mod wasm;

pub use common::error::{BilltreeError, ErrorCode, ErrorDetails};
pub use common::output::{to_json_text, OutputBudget, MAX_OUTPUT_BYTES};
pub use hierarchy::edits::{HierarchyEdit, HierarchyEvent, MAX_EDITS};
pub use hierarchy::issue::{
    BillingField, IdProblemKind, Issue, IssueCode, IssueDetails, OwnerRole, PolicyRule,
    TwoLevelRule, ValidationReport,
};
pub use hierarchy::policy::{CustomPolicy, Policy, PolicySpec, PresetName, ValidateOptions};
pub use hierarchy::queries::{
    ChildList, CustomerFilter, CustomerPage, CustomerSummary, HierarchyTree, Query, TreeNode,
};
pub use input::billing::{Access, AccountAccess, BillTo, BillingSettings, BillingWay, Payer};
pub use input::catalog::{
    LifecycleAction, ModeChange, PriceInput, PriceModel, PriceTier, RollupMode, SubscriptionAction,
    SubscriptionInput,
};
pub use input::customer::{Customer, IdProblem, MAX_ID_CHARS};
pub use input::invoicing::{
    BillingInput, ChargeInput, CommitmentInput, CreditInput, CurrencyPolicy, DatedChange,
    DiscountInput, PeriodInput, TaxRateInput, UsageRow, UsageTotal, UsageTotalsSplit,
};
pub use input::json::{
    from_json_bytes, from_json_str, parse_hierarchy_bytes, parse_hierarchy_json, path_of_offset,
    HierarchyInput, NOT_JSON_KEY,
};
pub use input::read_json::ReadJson;
pub use input::store::CustomerStore;
pub use input::store::{MAX_CUSTOMERS, MAX_INPUT_BYTES};
pub use invoice::issues::{BillingIssue, BillingIssueCode};
pub use invoice::model::{
    AppliedCredit, AppliedDiscount, Contribution, CreditBalance, Invoice, InvoiceKind,
    InvoicePreview, Line, LineDiscount, LineKind, PaymentShare, PoolShare, Section,
    SubPeriodSummary, TierCharge, Totals,
};
pub use money::decimal::{Money, Percent, Quantity, UnitAmount};
pub use owners::access::{AccessVia, InvoiceAccess, InvoiceScope, Visibility};
pub use owners::explain::{ExplanationStep, OwnerExplanation, StepRule, MAX_STEPS};
pub use owners::overdue::{OverdueAffected, OverdueCascade, OverdueReach};
pub use owners::view::{
    CustomerOwners, HierarchyRecord, OwnedCustomers, OwnerChange, OwnerPair, OwnersReport,
    UnresolvedOwner, UnresolvedReason,
};
pub use period::lifecycle::{InheritedSubscription, LifecycleEvent};
pub use session::billing_views::{
    BillingBelow, ChildWithSubscriptions, ChildrenWithSubscriptions, SubscriptionView,
};
pub use session::hierarchy_session::{
    check_migration, validate_hierarchy, MigrationReport, Session,
};
pub use session::invoice_answers::invoice_preview;
pub use session::invoice_what_if::{ChangedInvoice, InvoiceWhatIf, InvoiceWhatIfResult};
pub use session::owner_answers::resolve_owners;
pub use session::preview::EditPreview;
pub use session::usage_analytics::{
    CustomerUsage, MeterUsage, UsageAnalytics, UsageInPart, UsageQuery,
};

#[cfg(test)]
mod typescript;
