//! Sessions: a hierarchy loaded once and kept, with every capability answering from
//! it, and the one-shot entry points built on the same pieces. Depends on the
//! capabilities below it.

pub mod hierarchy_session;
pub mod invoice_answers;
pub mod owner_answers;
pub mod preview;
