//! Sorting through one routine. Every `sort_by` on a new element type compiles its own
//! copy of the standard library's sort (about 5 KB of wasm each, a dozen of them made
//! the module 60 KB larger); sorting positions with a comparator behind `&dyn` compiles
//! it once for the whole crate, and moving the elements into that order is a few lines
//! per type. Stable, like `slice::sort_by`.

use std::cmp::Ordering;

/// Sorts `items` stably by `compare`.
pub fn sort_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    if items.len() < 2 {
        return;
    }
    let order = sorted_positions(items.len(), &|a: usize, b: usize| {
        compare(&items[a], &items[b])
    });
    let mut slots: Vec<Option<T>> = std::mem::take(items).into_iter().map(Some).collect();
    items.extend(
        order
            .iter()
            .filter_map(|&at| slots.get_mut(at).and_then(Option::take)),
    );
}

/// Sorts `items` stably by `compare` and drops the later of equal neighbours.
pub fn sort_dedup_by<T>(items: &mut Vec<T>, compare: impl Fn(&T, &T) -> Ordering) {
    sort_by(items, &compare);
    items.dedup_by(|a, b| compare(a, b) == Ordering::Equal);
}

/// Compares two positions. A trait of its own rather than `dyn Fn`, whose vtable would
/// also hold `call_mut` and `call_once` shims: more compiled copies of each comparator.
trait Compare {
    fn compare(&self, a: usize, b: usize) -> Ordering;
}

impl<F: Fn(usize, usize) -> Ordering> Compare for F {
    fn compare(&self, a: usize, b: usize) -> Ordering {
        self(a, b)
    }
}

/// The positions `0..len` in the order `compare` gives them: the one instance of the
/// standard sort in the crate.
#[inline(never)]
fn sorted_positions(len: usize, compare: &dyn Compare) -> Vec<usize> {
    let mut positions: Vec<usize> = (0..len).collect();
    positions.sort_by(|a, b| compare.compare(*a, *b));
    positions
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sorts_stably_and_dedups() {
        let mut items = vec![(3, 'a'), (1, 'b'), (3, 'c'), (2, 'd'), (1, 'e')];
        sort_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, [(1, 'b'), (1, 'e'), (2, 'd'), (3, 'a'), (3, 'c')]);
        sort_dedup_by(&mut items, |a, b| a.0.cmp(&b.0));
        assert_eq!(items, [(1, 'b'), (2, 'd'), (3, 'a')]);
        let mut empty: Vec<u8> = Vec::new();
        sort_by(&mut empty, u8::cmp);
        assert!(empty.is_empty());
    }
}
