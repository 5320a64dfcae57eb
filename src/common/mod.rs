//! What every capability stands on: the error type every call returns, bounded
//! results, message text, the one hash table, and typed customer positions. Depends on nothing else in the crate.

pub mod content_id;
pub mod customer_ix;
pub mod error;
pub mod handle_table;
pub mod key_map;
pub mod order;
pub mod output;
pub mod text;
