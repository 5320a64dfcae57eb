//! Consolidated invoices (DESIGN §4): from a hierarchy with resolved owners, prices,
//! subscriptions, usage and charges of one period, the invoice each owner would
//! receive, exactly to the minor unit. Depends on `common`, `money`, `input`,
//! `hierarchy` and `owners` (owners are read from the owner resolution, never resolved
//! a second way).

pub mod adjust;
pub mod assemble;
pub mod building;
pub mod catalog;
pub mod charges;
pub mod discounts;
pub mod issues;
pub mod lines;
pub mod model;
pub mod pricing;
pub mod usage;
