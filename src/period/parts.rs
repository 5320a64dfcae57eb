//! Sets of sub-periods, one bit each (a period has at most `MAX_SUB_PERIODS`, 64):
//! the sub-periods that fed a line, those a subscription bills in, and the date
//! ranges they cover.

use crate::common::customer_ix::CustomerIx;
use crate::common::error::BilltreeError;
use crate::input::invoicing::PeriodInput;
use crate::money::allocate::allocate;
use crate::period::billed::Segment;
use crate::period::dates::span;

/// A set of sub-periods: those that fed a line, or those a subscription bills in.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Fed(pub u64);

impl Fed {
    /// Adds a sub-period.
    pub fn add(&mut self, part: usize) {
        self.0 |= Fed::of(part).0;
    }

    /// Fed by one sub-period.
    pub fn of(part: usize) -> Fed {
        Fed(1_u64.checked_shl(part as u32).unwrap_or_default())
    }

    /// The sub-periods `from..to`.
    pub fn between(from: usize, to: usize) -> Fed {
        let below = |n: usize| match n {
            0 => 0,
            n if n >= 64 => u64::MAX,
            n => (1_u64 << n) - 1,
        };
        Fed(below(to) & !below(from))
    }

    /// Whether sub-period `part` is in it.
    pub fn contains(self, part: usize) -> bool {
        self.0 & Fed::of(part).0 != 0
    }

    /// How many sub-periods fed it.
    pub fn count(self) -> u32 {
        self.0.count_ones()
    }
}

/// The parts of the period the sub-periods in `fed` cover, as runs of consecutive
/// sub-periods; none when `fed` covers all of it.
pub fn spans(segments: &[Segment<'_>], fed: Fed) -> Vec<PeriodInput> {
    let mut spans = Vec::new();
    if fed.count() as usize >= segments.len() {
        return spans;
    }
    let mut run: Option<(usize, usize)> = None;
    for part in 0..=segments.len() {
        let inside = part < segments.len() && fed.contains(part);
        run = match (run, inside) {
            (None, true) => Some((part, part)),
            (Some((first, _)), true) => Some((first, part)),
            (Some((first, last)), false) => {
                if let (Some(a), Some(b)) = (segments.get(first), segments.get(last)) {
                    spans.push(span(a.part.from, b.part.to));
                }
                None
            }
            (None, false) => None,
        };
    }
    spans
}

/// Who pays the invoices `owner` receives, when that changes inside the period: each
/// payer in force (`None` while unresolved), in the order they first pay, with the
/// sub-periods it pays for and its part of `due` (minor units), split by their days
/// with the remainder handed out so the parts sum to `due`. Empty when one payer is
/// in force the whole period.
pub fn payer_shares(
    segments: &[Segment<'_>],
    owner: CustomerIx,
    due: i128,
) -> Result<Vec<(Option<CustomerIx>, Fed, i128)>, BilltreeError> {
    let payer_in = |segment: &Segment<'_>| segment.billed.owners.payers[owner].ok();
    let mut payers: Vec<(Option<CustomerIx>, Fed, i128)> = Vec::new();
    let Some(first) = segments.first().map(payer_in) else {
        return Ok(payers);
    };
    if segments.iter().all(|segment| payer_in(segment) == first) {
        return Ok(payers);
    }
    let weights: Vec<i128> = segments.iter().map(|s| i128::from(s.part.days)).collect();
    let shares = allocate(due, &weights)
        .ok_or_else(|| BilltreeError::overflow("an amount due split between payers"))?;
    for ((part, segment), share) in segments.iter().enumerate().zip(shares) {
        let payer = payer_in(segment);
        match payers.iter_mut().find(|(known, _, _)| *known == payer) {
            Some((_, parts, sum)) => {
                parts.add(part);
                *sum += share;
            }
            None => payers.push((payer, Fed::of(part), share)),
        }
    }
    Ok(payers)
}

#[cfg(test)]
mod tests {
    use super::Fed;

    #[test]
    fn between_holds_the_sub_periods_of_the_range() {
        assert_eq!(Fed::between(0, 0), Fed(0));
        assert_eq!(Fed::between(1, 3), Fed(0b110));
        assert_eq!(Fed::between(0, 64), Fed(u64::MAX));
        assert_eq!(Fed::between(63, 64), Fed(1 << 63));
    }
}
