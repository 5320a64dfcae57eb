//! The billing period and the dates inside it: UTC calendar days, read strictly.

use crate::common::error::BilltreeError;
use crate::common::text::Quoted;
use crate::input::invoicing::{BillingInput, PeriodInput};
use chrono::NaiveDate;

/// The period as days: `[start, end)`, UTC.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Period {
    /// First day.
    pub start: NaiveDate,
    /// The day after the last.
    pub end: NaiveDate,
}

/// `YYYY-MM-DD`, a real date. A date with a time or a timezone offset is refused with
/// a message that says so: every date billtree reads is a UTC day.
pub fn read_date(path: &str, text: &str) -> Result<NaiveDate, BilltreeError> {
    let bad = || {
        let problem = if text.len() > 10 && text.as_bytes().get(10) == Some(&b'T') {
            format!(
                "{} has a time or a timezone offset; write the UTC date alone, YYYY-MM-DD",
                Quoted(text)
            )
        } else {
            format!("{} is not a date written YYYY-MM-DD", Quoted(text))
        };
        BilltreeError::invalid_input(path, problem)
    };
    let bytes = text.as_bytes();
    if bytes.len() != 10 || bytes[4] != b'-' || bytes[7] != b'-' {
        return Err(bad());
    }
    let number = |range: std::ops::Range<usize>| -> Option<u32> {
        let part = text.get(range)?;
        part.bytes()
            .all(|b| b.is_ascii_digit())
            .then(|| part.parse().ok())?
    };
    let (year, month, day) = (number(0..4), number(5..7), number(8..10));
    match (year, month, day) {
        (Some(y), Some(m), Some(d)) => {
            NaiveDate::from_ymd_opt(i32::try_from(y).map_err(|_| bad())?, m, d).ok_or_else(bad)
        }
        _ => Err(bad()),
    }
}

/// The period of the input, checked: real dates, start before end.
pub fn read_period(input: &BillingInput) -> Result<Period, BilltreeError> {
    let start = read_date("period.start", &input.period.start)?;
    let end = read_date("period.end", &input.period.end)?;
    if end <= start {
        return Err(BilltreeError::invalid_input(
            "period.end",
            "must be after period.start (the period is [start, end), end exclusive)",
        ));
    }
    Ok(Period { start, end })
}

/// Days from `from` to `to` (`to` exclusive).
pub fn days_between(from: NaiveDate, to: NaiveDate) -> i64 {
    (to - from).num_days()
}

/// A span of days as the output writes it (`end` exclusive, like the period's).
pub fn span(from: NaiveDate, to: NaiveDate) -> PeriodInput {
    PeriodInput {
        start: from.to_string(),
        end: to.to_string(),
    }
}
