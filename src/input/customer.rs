//! A customer as billtree receives it, and what makes an id usable.

use crate::input::billing::BillingSettings;
use serde::Serialize;
use std::fmt;

/// The longest id billtree accepts, in characters (Chargebee's limit; UUIDs are 36).
pub const MAX_ID_CHARS: usize = 50;

/// One customer of a hierarchy. In JSON input, `id` and `name` are required and unknown
/// fields are rejected rather than ignored, so a typo such as `parentID` is an error
/// instead of a silent root.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields = nullable))]
#[serde(rename_all = "camelCase")]
pub struct Customer {
    /// 1–50 characters, any string (UUIDs are common).
    pub id: String,
    /// Display name; rendered as text, never as HTML.
    pub name: String,
    /// The tenant (business entity) the customer belongs to; parent and child must match.
    /// Absent means "no tenant", which matches only other customers without one.
    pub tenant_id: Option<String>,
    /// The parent's id; absent or `null` for a root.
    pub parent_id: Option<String>,
    /// Archived customers cannot be parents of active ones. Absent means `false`.
    #[cfg_attr(test, ts(as = "Option<bool>", optional))]
    pub archived: bool,
    /// ISO 4217 code of the customer's billing currency.
    pub currency: Option<String>,
    /// Who receives the customer's invoice and who pays it; absent, itself.
    #[serde(flatten)]
    #[cfg_attr(test, ts(flatten))]
    pub billing: BillingSettings,
}

/// Why an id is unusable.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IdProblem {
    /// The id is the empty string.
    Empty,
    /// The id is longer than [`MAX_ID_CHARS`]; holds its length in characters.
    TooLong(usize),
    /// The id contains a control character (a newline, a tab, NUL…).
    ControlCharacter,
    /// The id starts or ends with white space, almost always a copy-paste slip that
    /// would make it fail to match.
    SurroundingWhitespace,
}

impl IdProblem {
    /// Checks an id; `None` means it is usable.
    pub fn of(id: &str) -> Option<IdProblem> {
        // Fast path for the usual printable-ASCII id: no char decoding.
        let bytes = id.as_bytes();
        if !bytes.is_empty()
            && bytes.len() <= MAX_ID_CHARS
            && bytes.iter().all(|&b| (0x20..0x7f).contains(&b))
            && bytes.first() != Some(&b' ')
            && bytes.last() != Some(&b' ')
        {
            return None;
        }
        if id.is_empty() {
            return Some(IdProblem::Empty);
        }
        // Characters, not bytes: count the bytes that start a UTF-8 sequence.
        let chars = bytes.iter().filter(|&&b| (b & 0xC0) != 0x80).count();
        if chars > MAX_ID_CHARS {
            return Some(IdProblem::TooLong(chars));
        }
        if id.chars().any(char::is_control) {
            return Some(IdProblem::ControlCharacter);
        }
        if id.starts_with(char::is_whitespace) || id.ends_with(char::is_whitespace) {
            return Some(IdProblem::SurroundingWhitespace);
        }
        None
    }
}

impl fmt::Display for IdProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            IdProblem::Empty => write!(f, "is empty"),
            IdProblem::TooLong(chars) => {
                write!(f, "is {chars} characters long (at most {MAX_ID_CHARS})")
            }
            IdProblem::ControlCharacter => write!(f, "contains a control character"),
            IdProblem::SurroundingWhitespace => write!(f, "starts or ends with white space"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn id_rules() {
        assert_eq!(IdProblem::of("cus_1"), None);
        assert_eq!(IdProblem::of("0347cfb1-d6c3-4c1e-a5b6-f2a83553e70d"), None);
        assert_eq!(IdProblem::of("Müller & Söhne"), None);
        assert_eq!(IdProblem::of(""), Some(IdProblem::Empty));
        assert_eq!(IdProblem::of(&"x".repeat(50)), None);
        assert_eq!(IdProblem::of(&"x".repeat(51)), Some(IdProblem::TooLong(51)));
        // 50 multi-byte characters are 50 characters, not 100 bytes.
        assert_eq!(IdProblem::of(&"é".repeat(50)), None);
        assert_eq!(IdProblem::of("a\nb"), Some(IdProblem::ControlCharacter));
        assert_eq!(IdProblem::of(" a"), Some(IdProblem::SurroundingWhitespace));
        assert_eq!(IdProblem::of("a "), Some(IdProblem::SurroundingWhitespace));
        assert_eq!(IdProblem::of("a b"), None);
    }
}
