//! billtree's JSON reader (src/input/reader.rs) against the JSON grammar: every kind of
//! value and escape, each syntax error as `INVALID_JSON` with its line and column,
//! bounded nesting, numbers refused by their text, lone surrogates refused at their path.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use billtree::{from_json_str, BilltreeError, ErrorCode};
use serde_json::Value;

fn read(json: &str) -> Result<Value, BilltreeError> {
    from_json_str::<Value>(json)
}

#[test]
fn reads_every_kind_of_value_and_escape() {
    let value = read(
        r#" { "a": [1, -2, true, false, null, "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00"], "b": {} } "#,
    )
    .unwrap();
    assert_eq!(
        value,
        serde_json::json!({"a": [1, -2, true, false, null, "x\"\\/\u{8}\u{c}\n\r\t\u{e9}\u{1f600}"], "b": {}})
    );
}

#[test]
fn malformed_text_is_invalid_json_with_its_position() {
    for (json, message) in [
        ("", "EOF while parsing a value"),
        ("[1,]", "trailing comma"),
        (r#"{"a":1,}"#, "trailing comma"),
        ("[1 2]", "expected `,` or `]`"),
        (r#"{"a" 1}"#, "expected `:`"),
        ("{1: 2}", "key must be a string"),
        ("[01]", "invalid number"),
        ("[-]", "invalid number"),
        ("[1.]", "invalid number"),
        ("nul", "expected value"),
        ("[1] x", "trailing characters"),
        ("\"a\u{1}\"", "control character"),
        (r#""\x""#, "invalid escape"),
        ("\"abc", "EOF while parsing a string"),
    ] {
        let error = read(json).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidJson, "{json}: {error:?}");
        assert!(
            error.message.starts_with(message),
            "{json}: {}",
            error.message
        );
        assert!(error.details.line.is_some() && error.details.column.is_some());
    }
    let error = read("[1,\n  2,\n  x]").unwrap_err();
    assert_eq!(
        (error.details.line, error.details.column),
        (Some(3), Some(3))
    );
}

#[test]
fn nesting_is_bounded_without_exhausting_the_stack() {
    let deep = "[".repeat(100_000);
    let error = read(&deep).unwrap_err();
    assert!(
        error.message.starts_with("recursion limit exceeded"),
        "{}",
        error.message
    );
    let fine = format!("{}{}", "[".repeat(100), "]".repeat(100));
    assert!(read(&fine).is_ok());
}

#[test]
fn fractions_and_huge_numbers_are_refused_by_their_text() {
    let error = read("[12.5]").unwrap_err();
    assert_eq!(error.code, ErrorCode::InvalidInput);
    assert!(
        error.message.contains("floating point `12.5`"),
        "{}",
        error.message
    );
    assert_eq!(error.details.path.as_deref(), Some("[0]"));
    let error = read("[1e3]").unwrap_err();
    assert!(error.message.contains("`1e3`"), "{}", error.message);
    let error = read("[123456789012345678901234567890]").unwrap_err();
    assert!(
        error.message.contains("`123456789012345678901234567890`"),
        "{}",
        error.message
    );
    assert_eq!(
        read("[18446744073709551615, -9223372036854775808]").unwrap()[1],
        -9223372036854775808i64
    );
}

#[test]
fn a_lone_surrogate_escape_is_refused_but_a_pair_is_read() {
    for json in [
        r#"["\ud800"]"#,
        r#"["\udc00"]"#,
        r#"["\ud800\u0041"]"#,
        r#"["\ud800x"]"#,
    ] {
        let error = read(json).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput, "{json}");
        assert!(
            error.message.contains("lone surrogate"),
            "{json}: {}",
            error.message
        );
        assert_eq!(error.details.path.as_deref(), Some("[0]"), "{json}");
    }
}

#[test]
fn long_strings_are_read_exactly_wherever_their_escapes_fall() {
    for length in 0..24 {
        for at in 0..=length {
            let plain = "é".repeat(length / 2) + &"a".repeat(length - length / 2);
            let (head, tail) =
                plain.split_at(plain.char_indices().nth(at).map_or(plain.len(), |(i, _)| i));
            let escaped = format!(r#"["{head}\"{tail}", "{head}\\{tail}"]"#);
            let value = read(&escaped).unwrap();
            assert_eq!(value[0], format!("{head}\"{tail}"));
            assert_eq!(value[1], format!("{head}\\{tail}"));
            let control = format!("[\"{head}\u{1f}{tail}\"]");
            assert_eq!(
                read(&control).unwrap_err().code,
                ErrorCode::InvalidJson,
                "{control:?}"
            );
            let unterminated = format!("[\"{head}{tail}");
            assert_eq!(
                read(&unterminated).unwrap_err().code,
                ErrorCode::InvalidJson
            );
        }
    }
}
