//! Contract violations: input the API cannot work with at all.
//!
//! Problems *inside* a well-formed hierarchy (a cycle, a too-deep customer) are not
//! errors but `Issue`s, returned as data. A [`BilltreeError`] means the
//! call itself was wrong; the wasm boundary throws it as a JS `Error` with `code` and
//! `details`.

use crate::common::text::{shorten, Quoted};
use serde::Serialize;
use std::fmt;

/// The longest error message or path, in bytes: they can quote input (a misspelt
/// field name of any length), and an error should stay readable.
pub const MAX_MESSAGE_BYTES: usize = 2048;

/// The stable code of a [`BilltreeError`]; JS callers branch on it, never on the message.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "SCREAMING_SNAKE_CASE")]
pub enum ErrorCode {
    /// The input string is not well-formed JSON.
    InvalidJson,
    /// The input has the wrong shape: a missing or unknown field, or a value of the wrong
    /// type (a number where a string is required, say).
    InvalidInput,
    /// The input is larger than billtree accepts in one call.
    InputTooLarge,
    /// The policy names no known preset, or sets a limit that cannot work.
    InvalidPolicy,
    /// A query or an edit names a customer id that is not in the hierarchy.
    UnknownCustomer,
    /// The result would be larger than billtree hands back in one call (its JSON form
    /// over 256 MiB): ask for less, e.g. `findCustomers` with `limit`.
    OutputTooLarge,
    /// A `HierarchySession` method was called after `free()` (or on a handle the
    /// module does not know).
    SessionFreed,
    /// A session was called while another call on it was still running. billtree reads
    /// every argument before it touches a session, so this guards a rule rather than
    /// a case seen in practice.
    SessionBusy,
    /// A `HierarchySession` method was called on something that is not a session: a
    /// method taken off its object (`ids.map(session.tree)`), or a copy of a session.
    NotASession,
    /// A function of the `billtree/web` entry was called before its `init()` had
    /// finished loading the module (every other entry is ready on import).
    NotInitialized,
    /// A currency code that ISO 4217 does not define with a minor unit (the message
    /// names it, `details.path` says where).
    UnknownCurrency,
    /// An amount or quantity grew past what billtree computes exactly (28 significant
    /// digits): absurd prices or quantities.
    AmountOverflow,
    /// An export of another billing system (`fromFormat`, the CLI's `--from`) in no
    /// format billtree reads: an unknown format name, or input no known format matches
    /// (`details.expected` lists the formats). A field of a known format that cannot be
    /// mapped is `INVALID_INPUT` naming its path.
    UnknownFormat,
}

impl ErrorCode {
    /// Every code, in declaration order.
    pub const ALL: [ErrorCode; 13] = [
        ErrorCode::InvalidJson,
        ErrorCode::InvalidInput,
        ErrorCode::InputTooLarge,
        ErrorCode::InvalidPolicy,
        ErrorCode::UnknownCustomer,
        ErrorCode::OutputTooLarge,
        ErrorCode::SessionFreed,
        ErrorCode::SessionBusy,
        ErrorCode::NotASession,
        ErrorCode::NotInitialized,
        ErrorCode::UnknownCurrency,
        ErrorCode::AmountOverflow,
        ErrorCode::UnknownFormat,
    ];

    /// The code as JS sees it, e.g. `"INVALID_JSON"`.
    pub fn as_str(self) -> &'static str {
        match self {
            ErrorCode::InvalidJson => "INVALID_JSON",
            ErrorCode::InvalidInput => "INVALID_INPUT",
            ErrorCode::InputTooLarge => "INPUT_TOO_LARGE",
            ErrorCode::InvalidPolicy => "INVALID_POLICY",
            ErrorCode::UnknownCustomer => "UNKNOWN_CUSTOMER",
            ErrorCode::OutputTooLarge => "OUTPUT_TOO_LARGE",
            ErrorCode::SessionFreed => "SESSION_FREED",
            ErrorCode::SessionBusy => "SESSION_BUSY",
            ErrorCode::NotASession => "NOT_A_SESSION",
            ErrorCode::NotInitialized => "NOT_INITIALIZED",
            ErrorCode::UnknownCurrency => "UNKNOWN_CURRENCY",
            ErrorCode::AmountOverflow => "AMOUNT_OVERFLOW",
            ErrorCode::UnknownFormat => "UNKNOWN_FORMAT",
        }
    }
}

/// Machine-readable context of a [`BilltreeError`]; only the fields that apply are set.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[cfg_attr(test, ts(optional_fields))]
#[serde(rename_all = "camelCase")]
pub struct ErrorDetails {
    /// Where in the input the problem is, e.g. `customers[3].parentId`.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// 1-based line in the JSON text, for JSON string input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub line: Option<u32>,
    /// 1-based column in the JSON text, for JSON string input.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub column: Option<u32>,
    /// The customer id the problem is about.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub customer_id: Option<String>,
    /// The limit that was exceeded.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub limit: Option<u32>,
    /// The accepted values, where the input was not one of them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub expected: Option<Vec<String>>,
}

/// A contract violation: the code, a human message, and details.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
pub struct BilltreeError {
    /// Stable code to branch on.
    pub code: ErrorCode,
    /// Human-readable explanation, naming the offending value.
    pub message: String,
    /// Machine-readable context (boxed: errors travel in every `Result`, keep them small).
    pub details: Box<ErrorDetails>,
}

impl BilltreeError {
    /// An error with a code and message and no details.
    pub fn new(code: ErrorCode, message: impl Into<String>) -> Self {
        BilltreeError {
            code,
            message: shorten(message.into(), MAX_MESSAGE_BYTES),
            details: Box::default(),
        }
    }

    /// The input's shape is wrong at `path` (empty when at the top).
    pub fn invalid_input(path: &str, problem: impl fmt::Display) -> Self {
        let mut error = BilltreeError::new(ErrorCode::InvalidInput, at_path(path, problem));
        if !path.is_empty() && path != "." {
            error.details.path = Some(shorten(path.to_owned(), MAX_MESSAGE_BYTES));
        }
        error
    }

    /// A query or edit named a customer that does not exist.
    pub fn unknown_customer(customer_id: &str) -> Self {
        let mut error = BilltreeError::new(
            ErrorCode::UnknownCustomer,
            format!("no customer has the id {}", Quoted(customer_id)),
        );
        error.details.customer_id = Some(customer_id.to_owned());
        error
    }

    /// An amount or quantity past exact arithmetic, in `what`.
    pub fn overflow(what: &str) -> Self {
        BilltreeError::new(
            ErrorCode::AmountOverflow,
            format!("{what} grew past 28 significant digits, beyond exact arithmetic; check the prices and quantities"),
        )
    }

    /// More items than billtree accepts in one call.
    pub fn too_large(what: &str, limit: usize) -> Self {
        let mut error = BilltreeError::new(
            ErrorCode::InputTooLarge,
            format!("billtree accepts at most {limit} {what} in one call"),
        );
        error.details.limit = Some(u32::try_from(limit).unwrap_or(u32::MAX));
        error
    }
}

fn at_path(path: &str, problem: impl fmt::Display) -> String {
    if path.is_empty() || path == "." {
        problem.to_string()
    } else {
        format!("{path}: {problem}")
    }
}

impl fmt::Display for BilltreeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code.as_str(), self.message)
    }
}

impl std::error::Error for BilltreeError {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_code_is_documented_in_both_readmes() {
        for readme in [
            include_str!("../../README.md"),
            include_str!("../../pkg-template/README.md"),
        ] {
            for code in ErrorCode::ALL {
                let row = format!("| `{}` |", code.as_str());
                assert!(
                    readme.contains(&row),
                    "{} is not in a README's table",
                    code.as_str()
                );
            }
        }
    }

    #[test]
    fn every_code_serializes_as_its_name() {
        assert_eq!(ErrorCode::ALL.len(), ErrorCode::UnknownFormat as usize + 1);
        for code in ErrorCode::ALL {
            let json = serde_json::to_string(&code).unwrap();
            assert_eq!(json, format!("\"{}\"", code.as_str()));
        }
    }
}
