//! Splitting a total into parts that sum to it exactly: the largest-remainder method in
//! minor units. Each part first gets the floor of its exact share; the units left over
//! go one at a time to the parts with the largest remainders, ties to the earlier part
//! (callers list parts in a canonical order, so the result never depends on the order
//! of the input rows).

use crate::common::order::sort_by;
use crate::money::exact::Exact;
use rust_decimal::{Decimal, RoundingStrategy};

/// `total` split in proportion to `weights` (each ≥ 0). Parts sum to `total` exactly;
/// with every weight zero the split is even, the remainder to the earliest parts.
/// `None` when the arithmetic would overflow (absurd totals times weights).
pub fn allocate(total: i128, weights: &[i128]) -> Option<Vec<i128>> {
    if weights.is_empty() {
        return (total == 0).then(Vec::new);
    }
    let magnitude = total.checked_abs()?;
    let sum = weights
        .iter()
        .try_fold(0i128, |sum, w| sum.checked_add((*w).max(0)))?;
    let (weights, sum): (Vec<i128>, i128) = if sum == 0 {
        (vec![1; weights.len()], i128::try_from(weights.len()).ok()?)
    } else {
        (weights.iter().map(|w| (*w).max(0)).collect(), sum)
    };
    let mut parts = Vec::with_capacity(weights.len());
    let mut remainders = Vec::with_capacity(weights.len());
    let mut handed_out = 0i128;
    for (index, weight) in weights.iter().enumerate() {
        let product = magnitude.checked_mul(*weight)?;
        let part = product / sum;
        parts.push(part);
        remainders.push((product % sum, index));
        handed_out += part;
    }
    let left = magnitude - handed_out;
    // Largest remainder first, ties to the earlier part.
    sort_by(&mut remainders, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in remainders.iter().take(usize::try_from(left).ok()?) {
        parts[*index] += 1;
    }
    if total < 0 {
        parts.iter_mut().for_each(|part| *part = -*part);
    }
    Some(parts)
}

/// Exact parts (in minor units, with fractions) rounded so that they sum to their
/// rounded total: the total is rounded half to even once, each part gets its floor,
/// and the units left go to the largest fractions, ties to the earlier part. This is
/// how tax at different rates per section adds up to the invoice's one rounded tax.
pub fn round_parts(exact: &[Decimal]) -> Option<Vec<i128>> {
    let sum = exact
        .iter()
        .try_fold(Decimal::ZERO, |sum, part| sum.plus(*part))?;
    let total = whole(sum.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven))?;
    let mut parts = Vec::with_capacity(exact.len());
    let mut fractions = Vec::with_capacity(exact.len());
    for (index, part) in exact.iter().enumerate() {
        let floor = part.floor();
        parts.push(whole(floor)?);
        fractions.push((part.minus(floor)?, index));
    }
    let left = total.checked_sub(parts.iter().sum::<i128>())?;
    sort_by(&mut fractions, |a, b| b.0.cmp(&a.0).then(a.1.cmp(&b.1)));
    for (_, index) in fractions.iter().take(usize::try_from(left).ok()?) {
        parts[*index] += 1;
    }
    Some(parts)
}

/// `percent` % of `minor` units, rounded half to even to whole units.
pub fn percent_of(minor: i128, percent: Decimal) -> Option<i128> {
    let base = Decimal::try_from_i128_with_scale(minor, 0).ok()?;
    let mut product = base.times(percent)?;
    // ÷ 100 exactly: two more places (percentages have at most 6, so this fits).
    product.set_scale(product.scale() + 2).ok()?;
    whole(product.round_dp_with_strategy(0, RoundingStrategy::MidpointNearestEven))
}

/// An integral decimal as an i128.
fn whole(value: Decimal) -> Option<i128> {
    let mut value = value;
    value.rescale(0);
    Some(value.mantissa())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rounded_parts_sum_to_the_rounded_total() {
        let d = |s: &str| crate::money::decimal::parse_decimal(s, 12).unwrap();
        // 3 × 0.5 = 1.5 → 2 (half to even); floors 0,0,0; two units to the first two.
        assert_eq!(
            round_parts(&[d("0.5"), d("0.5"), d("0.5")]).unwrap(),
            vec![1, 1, 0]
        );
        assert_eq!(round_parts(&[d("1.3"), d("2.4")]).unwrap(), vec![1, 3]);
        assert_eq!(round_parts(&[d("-1.3"), d("-2.4")]).unwrap(), vec![-1, -3]);
        assert_eq!(round_parts(&[]).unwrap(), Vec::<i128>::new());
    }

    #[test]
    fn percentages_round_half_to_even() {
        let d = |s: &str| crate::money::decimal::parse_decimal(s, 12).unwrap();
        assert_eq!(percent_of(1000, d("19")), Some(190));
        assert_eq!(percent_of(125, d("10")), Some(12)); // 12.5 → 12
        assert_eq!(percent_of(135, d("10")), Some(14)); // 13.5 → 14
        assert_eq!(percent_of(-125, d("10")), Some(-12));
    }

    #[test]
    fn parts_sum_to_the_whole() {
        assert_eq!(allocate(100, &[1, 1, 1]).unwrap(), vec![34, 33, 33]);
        assert_eq!(allocate(-100, &[1, 1, 1]).unwrap(), vec![-34, -33, -33]);
        assert_eq!(
            allocate(2500, &[1000, 600, 400]).unwrap(),
            vec![1250, 750, 500]
        );
        assert_eq!(allocate(5, &[0, 0]).unwrap(), vec![3, 2]);
        assert_eq!(allocate(7, &[2, 0, 1]).unwrap(), vec![5, 0, 2]);
        assert_eq!(allocate(0, &[]).unwrap(), Vec::<i128>::new());
        assert_eq!(allocate(1, &[]), None);
        assert_eq!(allocate(i128::MAX, &[2, 3]), None);
    }
}
