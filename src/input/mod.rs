//! From JSON to the customer model: the strict reader every input goes through, JSON
//! paths for errors, and the compact customer store with the limits of one call.
//! The billing input of a period (catalog, usage, adjustments, period) is read here too.
//! Depends on `common` and `money`.

pub mod billing;
pub mod catalog;
pub mod customer;
pub mod customer_json;
pub mod edit;
pub mod invoicing;
pub mod json;
pub mod json_text;
pub mod read_json;
pub mod reader;
pub mod store;
