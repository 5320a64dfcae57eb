//! How much one call may bring in: far beyond any real hierarchy, low enough that an
//! absurd input is refused before it exhausts wasm's 4 GiB of memory.

/// The most customers one hierarchy may hold. Far beyond any real hierarchy, low enough
/// that an absurd input is refused before it exhausts wasm's 4 GiB of memory.
pub const MAX_CUSTOMERS: usize = 5_000_000;

/// The most bytes of JSON one input may take (UTF-8). With the customer cap, it bounds
/// everything an input makes billtree hold, so that loading, validating and answering
/// fit in wasm's 4 GiB together.
pub const MAX_INPUT_BYTES: usize = 512 * 1024 * 1024;

/// Marks the error raised when the customer list passes [`MAX_CUSTOMERS`].
pub(crate) const TOO_MANY_CUSTOMERS: &str = "too many customers";
