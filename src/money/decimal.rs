//! Decimal strings, read strictly. Money, quantities, rates and percentages cross the
//! boundary as strings (`"12.50"`), never as JS numbers: a binary float cannot hold
//! 0.1, and a total built on one is off by a cent sooner or later.
//!
//! The grammar is `-?digits(.digits)?`, nothing else: no exponent, no `+`, no
//! whitespace, no `_` separators (rust_decimal's own `FromStr` accepts `1_000` and
//! rounds over-long input silently; a billing input must mean exactly what it says).
//! Parsing it here also keeps rust_decimal's general parser (~5 KB gzipped) out of
//! the wasm module.

use rust_decimal::Decimal;
use serde::{Serialize, Serializer};
use std::fmt;

/// The most digits before the point an input decimal may have: 10^15 is beyond any
/// single charge or quantity, and it keeps every sum of input rows exact (below).
pub const MAX_INTEGER_DIGITS: usize = 15;

/// The most digits after the point: per-token prices go to 1e-12.
pub const MAX_FRACTION_DIGITS: usize = 12;

/// Why a decimal string was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DecimalProblem {
    /// Not of the form `-?digits(.digits)?`.
    NotADecimal,
    /// More than [`MAX_INTEGER_DIGITS`] before the point.
    TooLarge,
    /// More than the allowed digits after the point.
    TooPrecise(usize),
    /// A minus sign where only zero or more is allowed.
    Negative,
}

impl fmt::Display for DecimalProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            DecimalProblem::NotADecimal => f.write_str(
                "expected a decimal string such as \"12.50\" (digits, an optional point and digits, an optional leading minus)",
            ),
            DecimalProblem::TooLarge => write!(
                f,
                "more than {MAX_INTEGER_DIGITS} digits before the decimal point"
            ),
            DecimalProblem::TooPrecise(max) => {
                write!(f, "more than {max} digits after the decimal point")
            }
            DecimalProblem::Negative => f.write_str("must not be negative"),
        }
    }
}

/// Output amounts and quantities are written the same way: as decimal strings, with
/// the scale they have (`"25.00"` for a EUR amount, `"2000"` for a quantity).
///
/// Reads `-?digits(.digits)?` with at most `max_fraction` digits after the point,
/// keeping the scale as written (`"12.50"` has scale 2).
pub fn parse_decimal(text: &str, max_fraction: usize) -> Result<Decimal, DecimalProblem> {
    let (negative, digits) = match text.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, text),
    };
    let (whole, fraction) = match digits.split_once('.') {
        Some((whole, fraction)) => (whole, Some(fraction)),
        None => (digits, None),
    };
    let all_digits = |part: &str| !part.is_empty() && part.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(whole) || fraction.is_some_and(|f| !all_digits(f)) {
        return Err(DecimalProblem::NotADecimal);
    }
    let significant = whole.trim_start_matches('0');
    if significant.len() > MAX_INTEGER_DIGITS {
        return Err(DecimalProblem::TooLarge);
    }
    let fraction = fraction.unwrap_or("");
    if fraction.len() > max_fraction {
        return Err(DecimalProblem::TooPrecise(max_fraction));
    }
    // At most 15 + 12 digits: well inside i128 and inside Decimal's 96-bit mantissa.
    let mut mantissa: i128 = 0;
    for b in significant.bytes().chain(fraction.bytes()) {
        mantissa = mantissa * 10 + i128::from(b - b'0');
    }
    if negative {
        mantissa = -mantissa;
    }
    // `fraction.len()` ≤ 12, so the scale is valid and the value fits.
    Decimal::try_from_i128_with_scale(mantissa, fraction.len() as u32)
        .map_err(|_| DecimalProblem::TooLarge)
}

/// What a field of decimal text accepts.
pub trait DecimalKind {
    /// The most digits after the point.
    const MAX_FRACTION: usize;
    /// Whether a negative value is accepted.
    const NEGATIVE: bool;
    /// What the field is, in errors (`a quantity`).
    const WHAT: &'static str;
}

/// A decimal as rust_decimal's `Display` writes it (a `-` for a negative sign, the
/// digits with the point at the scale, trailing zeros kept, `0` before a leading
/// point), built without `core::fmt`: every amount and quantity of a result is written
/// this way, and the formatting machinery cost several times the digits themselves.
pub struct DecimalText {
    bytes: [u8; 40],
    len: usize,
}

impl DecimalText {
    /// The text of `value`.
    pub fn of(value: Decimal) -> DecimalText {
        // The digits, last first: a mantissa below 2^96 has at most 29, a scale at
        // most 28 (padded with zeros up to it), so 32 places always do.
        let mut reversed = [b'0'; 32];
        let mut count = 0;
        let mantissa = value.mantissa().unsigned_abs();
        // Almost every amount fits 64 bits, and wasm divides those natively; a wider
        // one is brought under 2^64 with 128-bit steps first.
        let mut wide = mantissa;
        while wide > u128::from(u64::MAX) && count < reversed.len() {
            // `wide % 10` is below 10: the cast keeps it whole.
            reversed[count] = b'0' + (wide % 10) as u8;
            wide /= 10;
            count += 1;
        }
        let mut narrow = u64::try_from(wide).unwrap_or_default();
        while narrow > 0 && count < reversed.len() {
            reversed[count] = b'0' + (narrow % 10) as u8;
            narrow /= 10;
            count += 1;
        }
        let scale = (value.scale() as usize).min(reversed.len());
        count = count.max(scale);
        let mut text = DecimalText {
            bytes: [0; 40],
            len: 0,
        };
        if value.is_sign_negative() {
            text.push(b'-');
        }
        let whole = count - scale;
        if whole == 0 {
            text.push(b'0');
        }
        let digits = reversed.get(..count).unwrap_or_default();
        for (at, &digit) in digits.iter().rev().enumerate() {
            if at == whole {
                text.push(b'.');
            }
            text.push(digit);
        }
        text
    }

    fn push(&mut self, byte: u8) {
        if let Some(slot) = self.bytes.get_mut(self.len) {
            *slot = byte;
            self.len += 1;
        }
    }

    /// The text.
    pub fn as_str(&self) -> &str {
        let bytes = self.bytes.get(..self.len).unwrap_or_default();
        std::str::from_utf8(bytes).unwrap_or_default()
    }
}

macro_rules! decimal_text {
    ($(#[$doc:meta])* $name:ident, $max:expr, $negative:expr, $what:expr) => {
        decimal_text!($(#[$doc])* $name, $max, $negative, $what, |value: Decimal| value);
    };
    ($(#[$doc:meta])* $name:ident, $max:expr, $negative:expr, $what:expr, $shown:expr) => {
        $(#[$doc])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        #[cfg_attr(test, derive(ts_rs::TS), ts(type = "string"))]
        pub struct $name(pub Decimal);

        impl DecimalKind for $name {
            const MAX_FRACTION: usize = $max;
            const NEGATIVE: bool = $negative;
            const WHAT: &'static str = $what;
        }

        impl $name {
            /// The value as it is written out (in JSON, and in content ids).
            pub fn written(self) -> Decimal {
                ($shown)(self.0)
            }
        }

        impl Serialize for $name {
            fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                serializer.serialize_str(DecimalText::of(self.written()).as_str())
            }
        }

    };
}

decimal_text!(
    /// A money amount as a decimal string (`"12.50"`, `"-3"`); any scale up to 12 places
    /// (rounded to the currency's minor unit only where the invoice says so).
    Money, MAX_FRACTION_DIGITS, true, "a money amount"
);
decimal_text!(
    /// A non-negative quantity as a decimal string (`"1500"`, `"0.25"`), at most 6
    /// places: with at most 15 digits before the point, any sum of input rows stays exact.
    /// Written without trailing zeros after the point (`"4.0"` is written `"4"`), so the
    /// same usage reads the same whether a period is split (and its parts summed at
    /// six places) or not.
    Quantity, 6, false, "a quantity", |value: Decimal| value.normalize()
);
decimal_text!(
    /// A non-negative percentage as a decimal string (`"19"` is 19 %, `"7.5"`).
    Percent, 6, false, "a percentage"
);
decimal_text!(
    /// A non-negative price per unit or fee as a decimal string (`"0.005"`).
    UnitAmount, MAX_FRACTION_DIGITS, false, "a price"
);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn decimal_text_is_what_display_writes() {
        let mut values = vec![
            Decimal::ZERO,
            -Decimal::ZERO,
            Decimal::new(0, 2),
            {
                let mut negative_zero = Decimal::new(0, 5);
                negative_zero.set_sign_negative(true);
                negative_zero
            },
            Decimal::MAX,
            Decimal::MIN,
            Decimal::new(1, 28),
            Decimal::new(-1, 28),
            Decimal::from_i128_with_scale(79_228_162_514_264_337_593_543_950_335, 28),
        ];
        // Every scale, signs, short and long mantissas, zeros inside and at the end.
        // Past 2^64 too, where the digits start with 128-bit division.
        let wide = [i128::from(i64::MAX), 1 << 64, (1 << 64) + 12_345, 1 << 90];
        for scale in 0..=28 {
            for mantissa in [1, 7, 10, 1250, 100_000, 123_456_789_012_345_678]
                .into_iter()
                .chain(wide)
            {
                values.push(Decimal::from_i128_with_scale(mantissa, scale));
                values.push(Decimal::from_i128_with_scale(-mantissa, scale));
            }
        }
        for value in values {
            assert_eq!(
                DecimalText::of(value).as_str(),
                value.to_string(),
                "{value:?}"
            );
        }
    }

    #[test]
    fn reads_exactly_what_is_written() {
        let d = parse_decimal("12.50", 12).unwrap();
        assert_eq!(d.to_string(), "12.50");
        assert_eq!(parse_decimal("-0.005", 12).unwrap().to_string(), "-0.005");
        assert_eq!(parse_decimal("007", 12).unwrap().to_string(), "7");
        assert_eq!(
            parse_decimal("999999999999999.999999999999", 12)
                .unwrap()
                .to_string(),
            "999999999999999.999999999999"
        );
    }

    #[test]
    fn refuses_everything_else() {
        for bad in [
            "", "-", ".5", "5.", "1e3", "+1", " 1", "1 ", "1_000", "1,5", "0x10", "NaN", "--1",
        ] {
            assert_eq!(
                parse_decimal(bad, 12),
                Err(DecimalProblem::NotADecimal),
                "{bad:?}"
            );
        }
        assert_eq!(
            parse_decimal("1000000000000000", 12),
            Err(DecimalProblem::TooLarge)
        );
        assert_eq!(
            parse_decimal("1.1234567", 6),
            Err(DecimalProblem::TooPrecise(6))
        );
    }

    #[test]
    fn a_json_number_is_refused_with_a_reason() {
        let error = crate::input::json::from_json_str::<Money>("12.5")
            .unwrap_err()
            .to_string();
        assert!(error.contains("floating point `12.5`"), "{error}");
        assert!(error.contains("decimal string"), "{error}");
        let error = crate::input::json::from_json_str::<Money>("12")
            .unwrap_err()
            .to_string();
        assert!(error.contains("integer `12`"), "{error}");
        let error = crate::input::json::from_json_str::<Quantity>("\"-1\"")
            .unwrap_err()
            .to_string();
        assert!(error.contains("must not be negative"), "{error}");
        assert_eq!(
            crate::input::json::from_json_str::<Money>("\"-1.10\"")
                .unwrap()
                .0
                .to_string(),
            "-1.10"
        );
    }
}
