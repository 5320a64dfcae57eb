//! The owners capability: who receives each customer's invoice and who pays it, from
//! the billing settings of every way users express it, with every broken rule an issue.
//! Depends on `common`, `input` and `hierarchy`.

pub mod access;
pub mod ancestry;
pub mod explain;
pub mod incremental;
pub mod issues;
pub mod model;
pub mod overdue;
pub mod resolve;
pub mod settings;
pub mod view;
