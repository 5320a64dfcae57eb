//! Reading input documents from JSON, with errors that name the offending path.

use crate::common::error::{BilltreeError, ErrorCode};
use crate::input::customer::Customer;
use crate::input::customer_json::read_hierarchy;
use crate::input::json_text::{path_at, ReadError, Reader};
use crate::input::read_json::ReadJson;
use crate::input::store::CustomerStore;
use crate::input::store::{MAX_CUSTOMERS, MAX_INPUT_BYTES, TOO_MANY_CUSTOMERS};
use serde::Serialize;

/// A hierarchy document: `{ "customers": [...] }`, or just the array of customers.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
#[cfg_attr(test, derive(ts_rs::TS))]
#[serde(rename_all = "camelCase")]
pub struct HierarchyInput {
    /// Every customer, in any order: parents need not come before their children.
    pub customers: Vec<Customer>,
}

/// Parses a hierarchy document from JSON text straight into a [`CustomerStore`].
pub fn parse_hierarchy_json(json: &str) -> Result<CustomerStore, BilltreeError> {
    parse_hierarchy_bytes(json.as_bytes(), true)
}

/// The key of the object the wasm boundary puts where a JS value has no JSON form
/// (`NaN`, `±Infinity`, a BigInt, a function, a symbol): `{"\u0000billtree:not-json":
/// "NaN"}`. No input type accepts it, so reading it fails at its path, and the error
/// names the value instead of the object. (`JSON.stringify` alone would write `null`,
/// and `parentId: NaN` would silently make a root.)
pub const NOT_JSON_KEY: &str = "\u{0}billtree:not-json";

/// The same key as it appears in JSON text.
const NOT_JSON_KEY_IN_TEXT: &[u8] = br#""\u0000billtree:not-json":""#;

/// The JSON path of the value being read at the end of `prefix`, a leading part of a
/// JSON text (`customers[3].name`); empty at the top level.
pub fn path_of_offset(prefix: &[u8]) -> String {
    let text = std::str::from_utf8(prefix).unwrap_or_default();
    path_at(text, text.len())
}

/// Text editors on Windows often start UTF-8 files with a byte-order mark; JSON parsers
/// refuse it, billtree skips it.
fn without_bom(json: &[u8]) -> &[u8] {
    json.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(json)
}

/// Parses a hierarchy document from UTF-8 JSON bytes; `with_position` as in
/// [`from_json_bytes`].
pub fn parse_hierarchy_bytes(
    json: &[u8],
    with_position: bool,
) -> Result<CustomerStore, BilltreeError> {
    let json = without_bom(json);
    if json.len() > MAX_INPUT_BYTES {
        return Err(BilltreeError::too_large("bytes of JSON", MAX_INPUT_BYTES));
    }
    // Strings are at most the document's length; one reservation instead of regrowing.
    let mut store = CustomerStore::with_capacity(json.len() / 64, json.len() / 2);
    Reader::read_document(json, |reader| read_hierarchy(reader, &mut store))
        .map_err(|error| json_error(json, error, with_position))?;
    Ok(store)
}

/// Parses any input type from JSON text; syntax errors are `INVALID_JSON`, shape errors
/// `INVALID_INPUT`, both with the path, line and column.
pub fn from_json_str<T: ReadJson>(json: &str) -> Result<T, BilltreeError> {
    from_json_bytes(json.as_bytes(), true)
}

/// Parses any input type from UTF-8 JSON bytes. `with_position` says whether line and
/// column mean something to the caller: they do for text the caller wrote, not for
/// text the wasm boundary made from a JS object (objects and JSON text meet one
/// contract because both go through here), where errors name only the path. Objects
/// are read only from JSON objects (`input::strict`), never positionally from arrays.
pub fn from_json_bytes<T: ReadJson>(json: &[u8], with_position: bool) -> Result<T, BilltreeError> {
    let json = without_bom(json);
    if json.len() > MAX_INPUT_BYTES {
        return Err(BilltreeError::too_large("bytes of JSON", MAX_INPUT_BYTES));
    }
    Reader::read_whole::<T>(json).map_err(|error| json_error(json, error, with_position))
}

fn json_error(json: &[u8], error: ReadError, with_position: bool) -> BilltreeError {
    let offset = error.offset.unwrap_or_default().min(json.len());
    let before = json.get(..offset).unwrap_or_default();
    let line = 1 + before.iter().filter(|&&byte| byte == b'\n').count();
    let column = offset
        - before
            .iter()
            .rposition(|&byte| byte == b'\n')
            .map_or(0, |at| at + 1)
        + 1;
    let problem = if with_position {
        format!("{} at line {line} column {column}", error.message)
    } else {
        error.message
    };
    // The bytes are UTF-8 (from a &str or the platform's encoder); if they are not,
    // the error simply goes without a path.
    let json_text = std::str::from_utf8(json).unwrap_or_default();
    let error_offset = value_start(json, offset);
    // A marked value fails where its object starts, one byte before the marker's key.
    let mut converted =
        if let Some(at) = find(json, NOT_JSON_KEY_IN_TEXT).filter(|&at| at <= error_offset + 1) {
            let value = json
                .get(at + NOT_JSON_KEY_IN_TEXT.len()..)
                .unwrap_or_default();
            BilltreeError::invalid_input(&path_at(json_text, at), not_json_problem(value))
        } else if error.syntax {
            BilltreeError::new(ErrorCode::InvalidJson, problem)
        } else if problem
            .as_bytes()
            .starts_with(TOO_MANY_CUSTOMERS.as_bytes())
        {
            BilltreeError::too_large("customers", MAX_CUSTOMERS)
        } else {
            BilltreeError::invalid_input(&path_at(json_text, error_offset), problem)
        };
    if with_position {
        converted.details.line = u32::try_from(line).ok();
        converted.details.column = u32::try_from(column).ok();
    }
    converted
}

/// Where the value an error is about starts. A visitor that refuses a whole array or
/// object (`"policy": ["orb"]`) fails only after its opening bracket was read, and the
/// path there would name the first element (`policy[0]`) instead of the value.
fn value_start(json: &[u8], offset: usize) -> usize {
    let before = json
        .get(..offset)
        .unwrap_or_default()
        .iter()
        .rposition(|byte| !byte.is_ascii_whitespace());
    let at_offset = json.get(offset).copied();
    match before {
        Some(at)
            if matches!(json.get(at), Some(b'[' | b'{'))
                && !matches!(at_offset, Some(b'[' | b'{')) =>
        {
            at
        }
        _ => offset,
    }
}

/// What to say of a marked value; `rest` is the JSON text after the marker's key.
fn not_json_problem(rest: &[u8]) -> String {
    let value = rest.split(|&b| b == b'"').next().unwrap_or_default();
    match value {
        b"NaN" | b"Infinity" | b"-Infinity" => format!(
            "{} is not a number JSON can carry (JSON.stringify would make it null); give a finite number, or leave the field out",
            String::from_utf8_lossy(value)
        ),
        b"bigint" => "a BigInt has no JSON form; give a number or a string".to_owned(),
        _ => format!(
            "a {} has no JSON form; give a plain value",
            String::from_utf8_lossy(value)
        ),
    }
}

/// Where `needle` first occurs in `haystack` (a plain scan: this runs only on errors,
/// and a substring searcher would cost kilobytes of wasm).
fn find(haystack: &[u8], needle: &[u8]) -> Option<usize> {
    let first = *needle.first()?;
    haystack
        .iter()
        .enumerate()
        .filter(|&(_, &byte)| byte == first)
        .map(|(at, _)| at)
        .find(|&at| haystack.get(at..at + needle.len()) == Some(needle))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::common::customer_ix::CustomerIx;

    #[test]
    fn accepts_an_object_or_a_bare_array() {
        let object = parse_hierarchy_json(r#"{"customers":[{"id":"a","name":"A"}]}"#).unwrap();
        let array = parse_hierarchy_json(r#"[{"id":"a","name":"A"}]"#).unwrap();
        for store in [object, array] {
            assert_eq!(store.len(), 1);
            assert_eq!(
                (store.id(CustomerIx::at(0)), store.name(CustomerIx::at(0))),
                ("a", "A")
            );
            assert_eq!(store.parent_id(CustomerIx::at(0)), None);
            assert!(!store.archived_flags().values()[0]);
        }
    }

    #[test]
    fn reads_every_field_including_escapes_and_nulls() {
        let store = parse_hierarchy_json(
            r#"[{"name":"Caf\u00e9 \"Q\"","id":"a\\b","tenantId":"t","parentId":null,
                "archived":true,"currency":"EUR"},
               {"id":"b","name":"B","tenantId":"t","parentId":"a\\b","currency":null}]"#,
        )
        .unwrap();
        assert_eq!(
            (store.id(CustomerIx::at(0)), store.name(CustomerIx::at(0))),
            ("a\\b", "Café \"Q\"")
        );
        assert_eq!(
            (
                store.tenant_id(CustomerIx::at(0)),
                store.currency(CustomerIx::at(0))
            ),
            (Some("t"), Some("EUR"))
        );
        assert_eq!(store.archived_flags().values(), [true, false]);
        assert_eq!(store.parent_id(CustomerIx::at(1)), Some("a\\b"));
        assert_eq!(
            store.tenant(CustomerIx::at(0)),
            store.tenant(CustomerIx::at(1))
        );
        assert_eq!(store.currency(CustomerIx::at(1)), None);
    }

    #[test]
    fn malformed_json_is_invalid_json_with_position() {
        let error = parse_hierarchy_json("{\n  \"customers\": [,]}").unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidJson);
        assert_eq!(error.details.line, Some(2));
        let trailing = parse_hierarchy_json("[] x").unwrap_err();
        assert_eq!(trailing.code, ErrorCode::InvalidJson);
    }

    #[test]
    fn a_number_where_a_string_belongs_names_the_path() {
        let error =
            parse_hierarchy_json(r#"{"customers":[{"id":"a","name":"A"},{"id":7,"name":"B"}]}"#)
                .unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert_eq!(error.details.path.as_deref(), Some("customers[1].id"));
        assert!(
            error.message.contains("expected a string"),
            "{}",
            error.message
        );
    }

    #[test]
    fn missing_duplicate_and_unknown_fields_are_refused() {
        for (json, needle) in [
            (
                r#"[{"id":"a","name":"A","parentID":"b"}]"#,
                "unknown field `parentID`",
            ),
            (r#"[{"id":"a"}]"#, "missing field `name`"),
            (r#"[{"name":"A"}]"#, "missing field `id`"),
            (
                r#"[{"id":"a","name":"A","id":"b"}]"#,
                "duplicate field `id`",
            ),
            (r#"{"customer":[]}"#, "unknown field `customer`"),
            (r#"{}"#, "missing field `customers`"),
            (
                r#"[{"id":"a","name":"A","archived":"yes"}]"#,
                "expected a boolean",
            ),
            ("5", "an object with a `customers` array"),
        ] {
            let error = parse_hierarchy_json(json).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidInput, "{json}");
            assert!(error.message.contains(needle), "{json}: {}", error.message);
        }
    }

    #[test]
    fn a_leading_byte_order_mark_is_skipped() {
        let store = parse_hierarchy_json("\u{feff}[{\"id\":\"a\",\"name\":\"A\"}]").unwrap();
        assert_eq!(store.id(CustomerIx::at(0)), "a");
        let options: crate::ValidateOptions =
            from_json_str("\u{feff}{\"policy\":\"orb\"}").unwrap();
        assert!(options.policy.is_some());
        // Only at the start: elsewhere it is what it is, an unexpected character.
        let error = parse_hierarchy_json("[\u{feff}]").unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidJson);
    }

    #[test]
    fn an_array_where_an_object_belongs_is_refused_at_any_depth() {
        use crate::{CustomerFilter, HierarchyEdit, ValidateOptions};
        let error = from_json_str::<ValidateOptions>(r#"["orb"]"#).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert!(
            error.message.contains("invalid type: sequence"),
            "{}",
            error.message
        );
        let error = from_json_str::<HierarchyEdit>(r#"["setParent","a","b"]"#).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        let error = from_json_str::<Vec<HierarchyEdit>>(
            r#"[{"op":"archive","customerId":"a"},["setParent","a","b"]]"#,
        )
        .unwrap_err();
        assert_eq!(error.details.path.as_deref(), Some("[1]"));
        assert!(from_json_str::<CustomerFilter>("[true]").is_err());
        let error = from_json_str::<ValidateOptions>(r#"{"policy":{"name":"x","maxDepth":[2]}}"#)
            .unwrap_err();
        assert_eq!(error.details.path.as_deref(), Some("policy.maxDepth"));
        // Objects still read as before.
        let edit: HierarchyEdit =
            from_json_str(r#"{"op":"setParent","customerId":"a","parentId":"b"}"#).unwrap();
        assert!(matches!(edit, HierarchyEdit::SetParent { .. }));
    }

    #[test]
    fn escaped_lone_surrogates_are_invalid_input_with_their_path() {
        for json in [
            r#"[{"id":"a","name":"\ud800"}]"#,
            r#"[{"id":"a","name":"x\udc00y"}]"#,
            r#"[{"id":"a","name":"\ud800\u0041"}]"#,
        ] {
            let error = parse_hierarchy_json(json).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidInput, "{json}");
            assert_eq!(error.details.path.as_deref(), Some("[0].name"), "{json}");
            assert!(
                error.message.contains("lone surrogate"),
                "{}",
                error.message
            );
        }
        // A proper pair is one character.
        let store = parse_hierarchy_json(r#"[{"id":"a","name":"\ud83d\ude00"}]"#).unwrap();
        assert_eq!(store.name(CustomerIx::at(0)), "😀");
    }

    #[test]
    fn values_json_cannot_carry_are_named_at_their_path() {
        let marked = |value: &str| format!(r#"{{"\u0000billtree:not-json":"{value}"}}"#);
        let json = format!(r#"[{{"id":"a","name":"A","parentId":{}}}]"#, marked("NaN"));
        let error = parse_hierarchy_bytes(json.as_bytes(), false).unwrap_err();
        assert_eq!(error.code, ErrorCode::InvalidInput);
        assert_eq!(error.details.path.as_deref(), Some("[0].parentId"));
        assert!(
            error
                .message
                .starts_with("[0].parentId: NaN is not a number"),
            "{}",
            error.message
        );
        let json = format!(r#"{{"offset":{},"limit":1}}"#, marked("Infinity"));
        let error = from_json_bytes::<crate::CustomerFilter>(json.as_bytes(), false).unwrap_err();
        assert_eq!(error.details.path.as_deref(), Some("offset"));
        let json = format!(r#"{{"policy":{{"maxDepth":{}}}}}"#, marked("bigint"));
        let error = from_json_bytes::<crate::ValidateOptions>(json.as_bytes(), false).unwrap_err();
        assert_eq!(error.details.path.as_deref(), Some("policy.maxDepth"));
        assert!(error.message.contains("BigInt"), "{}", error.message);
    }

    #[test]
    fn billing_settings_are_read_and_unusable_owner_ids_refused_at_their_path() {
        let store = parse_hierarchy_json(
            r#"[{"id":"a","name":"A"},
                {"id":"b","name":"B","parentId":"a","billTo":"root","paymentOwnerId":null}]"#,
        )
        .unwrap();
        assert!(
            store.billing().values()[0].is_none(),
            "no settings, nothing stored"
        );
        let settings = store.billing().values()[1].as_deref().unwrap();
        assert_eq!(settings.bill_to, Some(crate::BillTo::Root));
        assert_eq!(settings.payment_owner_id, None);
        for (json, path) in [
            (
                r#"[{"id":"a","name":"A","invoiceOwnerId":""}]"#,
                "[0].invoiceOwnerId",
            ),
            (
                r#"[{"id":"a","name":"A","paymentOwnerId":" hq"}]"#,
                "[0].paymentOwnerId",
            ),
            (
                r#"[{"id":"a","name":"A","invoicingDelegateId":5}]"#,
                "[0].invoicingDelegateId",
            ),
            (
                r#"[{"id":"a","name":"A","billTo":"sideways"}]"#,
                "[0].billTo",
            ),
            (
                r#"[{"id":"a","name":"A","payer":"parent","payer":"self"}]"#,
                "[0].payer",
            ),
        ] {
            let error = parse_hierarchy_json(json).unwrap_err();
            assert_eq!(error.code, ErrorCode::InvalidInput, "{json}");
            assert_eq!(
                error.details.path.as_deref(),
                Some(path),
                "{json}: {}",
                error.message
            );
        }
    }
}
