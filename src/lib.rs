//! billtree previews consolidated bills for customer hierarchies on the client, before
//! anything is persisted.
//!
//! The crate has two layers:
//! - [`domain`], the pure core: hierarchy loading, validation, queries and what-if edits.
//!   It never touches wasm-bindgen or js-sys and is tested natively.
//! - `wasm` (only on `wasm32`), the thin boundary: it converts JS values to core types,
//!   delegates, and converts results and errors back.

pub mod domain;

#[cfg(target_arch = "wasm32")]
pub mod wasm;
