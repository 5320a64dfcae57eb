//! The hierarchy capability: a loaded hierarchy and its structure, policies,
//! validation issues, queries and what-if edits. Depends on `common` and `input`.

pub mod children;
pub mod edits;
pub mod issue;
pub mod loaded;
pub mod policy;
pub mod queries;
pub mod restructure;
pub mod structure;
pub mod validate;
