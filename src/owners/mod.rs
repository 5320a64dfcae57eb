//! The owners capability: who receives each customer's invoice and who pays it, from
//! the billing settings of every way users express it, with every broken rule an issue.
//! Depends on `common`, `input` and `hierarchy`.

pub mod ancestry;
pub mod resolve;
