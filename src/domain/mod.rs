//! The pure core: no wasm-bindgen, js-sys or serde-wasm-bindgen here, so all of it is
//! tested natively and a server can run exactly the code the preview ran.

mod customer;
mod customer_json;
mod edits;
mod error;
mod handle_table;
mod hierarchy;
mod input;
mod issue;
mod json_path;
mod output;
mod policy;
mod queries;
mod session;
mod store;
mod strict;
mod structure;
mod text;
mod validate;

pub use customer::{Customer, IdProblem, MAX_ID_CHARS};
pub use edits::{EditPreview, HierarchyEdit, HierarchyEvent, MAX_EDITS};
pub use error::{BilltreeError, ErrorCode, ErrorDetails};
pub use input::{
    from_json_bytes, from_json_str, parse_hierarchy_bytes, parse_hierarchy_json, path_of_offset,
    HierarchyInput, MAX_CUSTOMERS, MAX_INPUT_BYTES, NOT_JSON_KEY,
};
pub use issue::{Issue, IssueCode, ValidationReport};
pub use output::{to_json_text, OutputBudget, MAX_OUTPUT_BYTES};
pub use policy::{CustomPolicy, Policy, PolicySpec, PresetName, ValidateOptions};
pub use queries::{
    ChildList, CustomerFilter, CustomerPage, CustomerSummary, HierarchyTree, Query, TreeNode,
};
pub use session::{check_migration, validate_hierarchy, MigrationReport, Session};
pub use store::CustomerStore;

#[cfg(test)]
mod typescript;
