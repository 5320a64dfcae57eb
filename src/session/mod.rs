//! Sessions: a hierarchy loaded once and kept, with every capability answering from
//! it, and the one-shot entry points built on the same pieces. Depends on the
//! capabilities below it.

pub mod billing_views;
pub mod hierarchy_session;
pub mod invoice_answers;
pub mod invoice_scope;
pub mod invoice_what_if;
pub mod loaded_billing;
pub mod owner_answers;
pub mod preview;
pub mod usage_analytics;
