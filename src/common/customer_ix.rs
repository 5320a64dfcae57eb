//! Typed positions. Inside the core a customer is named by its [`CustomerIx`], and a
//! value per customer lives in a [`PerCustomer`] that only a `CustomerIx` can index, so
//! a customer's position cannot be mixed up with a count, a level or a tenant number.
//! Every `CustomerIx` and every `PerCustomer` of a hierarchy is made for that
//! hierarchy's customer count, so indexing one with the other cannot miss: there is no
//! fallback value to return, and none is returned.

use std::num::NonZeroU32;
use std::ops::{Index, IndexMut};

/// A customer's position in its hierarchy's input. Held as position + 1 in a
/// `NonZeroU32`, so `Option<CustomerIx>` is as small as a `u32` and "no customer" needs
/// no sentinel value.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CustomerIx(NonZeroU32);

impl CustomerIx {
    /// The position in the input, from 0 (`customers[position]`).
    #[inline]
    pub fn position(self) -> u32 {
        self.0.get() - 1
    }

    #[inline]
    fn slot(self) -> usize {
        self.position() as usize
    }

    /// The customer at `position`. Only for positions of the hierarchy at hand: those
    /// a `CustomerIx` gave out (`position()`), kept where a plain number must be (the
    /// id index holds positions).
    #[inline]
    pub(crate) fn at(position: u32) -> CustomerIx {
        // Positions stay below the customer cap (5,000,000), so this never saturates.
        CustomerIx(NonZeroU32::MIN.saturating_add(position))
    }

    /// Every customer of a hierarchy of `count` customers, in input order. Only the
    /// store and the hierarchy built on it call this, with their own count.
    pub(crate) fn all(count: usize) -> impl DoubleEndedIterator<Item = CustomerIx> + Clone {
        (0..count as u32).map(CustomerIx::at)
    }
}

/// One value per customer of a hierarchy, in input order, indexed by [`CustomerIx`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PerCustomer<T>(Vec<T>);

impl<T> Default for PerCustomer<T> {
    fn default() -> Self {
        PerCustomer(Vec::new())
    }
}

impl<T: Clone> PerCustomer<T> {
    /// `value` for each of `count` customers.
    pub fn filled(count: usize, value: T) -> PerCustomer<T> {
        PerCustomer(vec![value; count])
    }
}

impl<T> PerCustomer<T> {
    /// The values, one per customer in input order (`values[ix.position()]`).
    pub fn from_values(values: Vec<T>) -> PerCustomer<T> {
        PerCustomer(values)
    }

    /// An empty list with room for `count` customers, filled by [`PerCustomer::push`].
    pub fn with_capacity(count: usize) -> PerCustomer<T> {
        PerCustomer(Vec::with_capacity(count))
    }

    /// Appends the value of the next customer.
    pub fn push(&mut self, value: T) {
        self.0.push(value);
    }

    /// Number of customers.
    pub fn len(&self) -> usize {
        self.0.len()
    }

    /// `true` when there are no customers.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// The values in input order.
    pub fn values(&self) -> &[T] {
        &self.0
    }

    /// Each customer with its value, in input order.
    pub fn iter(&self) -> impl Iterator<Item = (CustomerIx, &T)> {
        CustomerIx::all(self.0.len()).zip(self.0.iter())
    }
}

impl<T> Index<CustomerIx> for PerCustomer<T> {
    type Output = T;

    #[inline]
    fn index(&self, customer: CustomerIx) -> &T {
        &self.0[customer.slot()]
    }
}

impl<T> IndexMut<CustomerIx> for PerCustomer<T> {
    #[inline]
    fn index_mut(&mut self, customer: CustomerIx) -> &mut T {
        &mut self.0[customer.slot()]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_optional_index_costs_no_more_than_a_u32() {
        assert_eq!(std::mem::size_of::<Option<CustomerIx>>(), 4);
    }

    #[test]
    fn indices_walk_the_input_in_order() {
        let positions: Vec<u32> = CustomerIx::all(3).map(CustomerIx::position).collect();
        assert_eq!(positions, [0, 1, 2]);
        let mut values = PerCustomer::filled(3, 0);
        for (ix, slot) in CustomerIx::all(3).zip([5, 6, 7]) {
            values[ix] = slot;
        }
        let seen: Vec<(u32, i32)> = values.iter().map(|(ix, &v)| (ix.position(), v)).collect();
        assert_eq!(seen, [(0, 5), (1, 6), (2, 7)]);
    }
}
