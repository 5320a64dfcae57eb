//! Currencies and the one rounding rule. Minor units come from ISO 4217 via the
//! `iso_currency` crate (JPY 0 decimals, EUR 2, KWD 3); a code it does not know is an
//! error that names it.
//!
//! **The rounding rule**: an amount is rounded once, to the currency's minor unit, half
//! to even (banker's rounding: 0.125 → 0.12, 0.135 → 0.14), where a line's amount is
//! set and where a total tax is set. Everything after that is integer arithmetic in
//! minor units, and every split hands out its remainder (see `allocate`), so no cent
//! appears or vanishes between a total and its parts.

use rust_decimal::{Decimal, RoundingStrategy};
use std::fmt;

/// A currency and its minor unit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Currency {
    code: [u8; 3],
    minor_units: u8,
}

/// Why a currency code was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownCurrency(pub String);

impl fmt::Display for UnknownCurrency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is not an ISO 4217 currency code with a minor unit (such as \"EUR\", \"JPY\", \"KWD\")",
            crate::common::text::Quoted(&self.0)
        )
    }
}

impl Currency {
    /// The currency with this ISO 4217 code (upper case, as the standard writes it).
    pub fn parse(code: &str) -> Result<Currency, UnknownCurrency> {
        let unknown = || UnknownCurrency(code.to_owned());
        let iso = iso_currency::Currency::from_code(code).ok_or_else(unknown)?;
        // Funds and metals (XAU, XDR) have no minor unit: nobody is invoiced in them.
        let exponent = iso.exponent().ok_or_else(unknown)?;
        let bytes: [u8; 3] = code.as_bytes().try_into().map_err(|_| unknown())?;
        Ok(Currency {
            code: bytes,
            minor_units: u8::try_from(exponent).map_err(|_| unknown())?,
        })
    }

    /// The ISO 4217 code.
    pub fn code(&self) -> &str {
        // Built only from a code iso_currency accepted: three ASCII letters.
        std::str::from_utf8(&self.code).unwrap_or("???")
    }

    /// The currency as one number (its code's three letters and its minor unit), for
    /// keys.
    pub fn key(&self) -> u32 {
        u32::from_le_bytes([self.code[0], self.code[1], self.code[2], self.minor_units])
    }

    /// Digits after the point (JPY 0, EUR 2, KWD 3).
    pub fn minor_units(&self) -> u32 {
        u32::from(self.minor_units)
    }

    /// `amount` rounded to the minor unit, half to even, written with exactly that
    /// many places (`25` in EUR is `25.00`).
    pub fn round(&self, amount: Decimal) -> Decimal {
        let mut rounded = amount
            .round_dp_with_strategy(self.minor_units(), RoundingStrategy::MidpointNearestEven);
        rounded.rescale(self.minor_units());
        rounded
    }

    /// A rounded amount as a count of minor units (`12.50` EUR is 1250).
    pub fn to_minor(self, amount: Decimal) -> i128 {
        // `round` leaves exactly `minor_units` places, so the mantissa is the count.
        self.round(amount).mantissa()
    }

    /// A count of minor units as an amount; `None` past Decimal's 96-bit range.
    pub fn amount_of(self, minor: i128) -> Option<Decimal> {
        Decimal::try_from_i128_with_scale(minor, self.minor_units()).ok()
    }
}

impl fmt::Display for Currency {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.code())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::money::decimal::parse_decimal;

    fn dec(text: &str) -> Decimal {
        parse_decimal(text, 12).unwrap()
    }

    #[test]
    fn minor_units_come_from_iso_4217() {
        assert_eq!(Currency::parse("EUR").unwrap().minor_units(), 2);
        assert_eq!(Currency::parse("JPY").unwrap().minor_units(), 0);
        assert_eq!(Currency::parse("KWD").unwrap().minor_units(), 3);
        let error = Currency::parse("EURO").unwrap_err().to_string();
        assert!(error.contains("\"EURO\""), "{error}");
        assert!(Currency::parse("eur").is_err());
        assert!(Currency::parse("XAU").is_err());
    }

    #[test]
    fn rounds_half_to_even_at_the_minor_unit() {
        let eur = Currency::parse("EUR").unwrap();
        assert_eq!(eur.round(dec("0.125")).to_string(), "0.12");
        assert_eq!(eur.round(dec("0.135")).to_string(), "0.14");
        assert_eq!(eur.round(dec("25")).to_string(), "25.00");
        assert_eq!(eur.round(dec("-0.125")).to_string(), "-0.12");
        let jpy = Currency::parse("JPY").unwrap();
        assert_eq!(jpy.round(dec("2.5")).to_string(), "2");
        assert_eq!(jpy.round(dec("3.5")).to_string(), "4");
        let kwd = Currency::parse("KWD").unwrap();
        assert_eq!(kwd.round(dec("1.0005")).to_string(), "1.000");
        assert_eq!(kwd.round(dec("1.0015")).to_string(), "1.002");
        assert_eq!(kwd.to_minor(dec("1.5")), 1500);
        assert_eq!(kwd.amount_of(1500).unwrap().to_string(), "1.500");
    }
}
