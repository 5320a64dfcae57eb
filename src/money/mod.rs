//! Exact money: decimal strings read strictly, ISO 4217 minor units, one rounding rule,
//! and allocation that hands out the remainder so the parts sum to the whole.
//! Depends only on `common`.

pub mod allocate;
pub mod currency;
pub mod decimal;
pub mod exact;
