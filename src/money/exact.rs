//! Checked decimal arithmetic behind one call each.
//!
//! rust_decimal marks `checked_add`, `checked_sub`, and `checked_mul`
//! `#[inline(always)]`, so every call site compiled a whole 96-bit operation of its
//! own into the wasm module. These wrappers are the only places the operations are
//! inlined; the engine calls them, and an overflow is still `None`, never a panic.

use rust_decimal::Decimal;

/// Exact arithmetic on decimals: `None` when the result does not fit.
pub trait Exact: Sized {
    /// `self + other`.
    fn plus(self, other: Self) -> Option<Self>;
    /// `self - other`.
    fn minus(self, other: Self) -> Option<Self>;
    /// `self × other`.
    fn times(self, other: Self) -> Option<Self>;
}

impl Exact for Decimal {
    #[inline(never)]
    fn plus(self, other: Decimal) -> Option<Decimal> {
        self.checked_add(other)
    }

    #[inline(never)]
    fn minus(self, other: Decimal) -> Option<Decimal> {
        self.checked_sub(other)
    }

    #[inline(never)]
    fn times(self, other: Decimal) -> Option<Decimal> {
        self.checked_mul(other)
    }
}
