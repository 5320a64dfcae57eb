//! The wasm boundary: converts JS values to core types, delegates to the core,
//! and converts results and errors back. No billing logic lives here.
//!
//! Conventions, the same for every export:
//! - bulk input (a hierarchy) is a JSON string or a plain object; both go through the
//!   same serde types, so they are held to the same contract;
//! - results are plain objects with camelCase keys and `null` (never `undefined`) for
//!   absent values;
//! - contract violations throw a real `Error` with `name: "BilltreeError"`, a stable
//!   `code` and `details`; problems inside a hierarchy come back as report data.

#[cfg(feature = "invoices")]
mod billing_session;
mod convert;
mod error;
mod functions;
mod session;

#[cfg(feature = "invoices")]
pub use billing_session::{
    session_billing_below, session_children_with_subscriptions, session_invoice_what_if,
    session_load_billing, session_loaded_invoices, session_usage_analytics,
};
#[cfg(feature = "invoices")]
pub use functions::preview_invoices;
pub use functions::{check_migration, policy_presets, resolve_owners, validate_hierarchy};
pub use session::{
    session_apply_edits, session_check_migration, session_children, session_customer_count,
    session_customers, session_explain_owners, session_find_customers, session_forest,
    session_free, session_hierarchy_records, session_open, session_overdue_cascade,
    session_owned_by, session_owners, session_owners_of, session_path_to_root, session_policy,
    session_preview_edits, session_set_policy, session_subordinates, session_tree,
    session_validate, session_visibility,
};

use wasm_bindgen::prelude::wasm_bindgen;

/// Declarations generated from the core's Rust types (see `src/typescript.rs`),
/// so the package's types cannot drift from what the code accepts and returns.
#[wasm_bindgen(typescript_custom_section)]
const GENERATED_TYPES: &'static str = include_str!("types.generated.d.ts");
