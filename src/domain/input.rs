//! Reading input documents from JSON, with errors that name the offending path.

use super::customer::Customer;
use super::customer_json::HierarchySeed;
use super::error::{BilltreeError, ErrorCode};
use super::json_path::{offset_of, path_at};
use super::store::CustomerStore;
use serde::de::{DeserializeOwned, DeserializeSeed};
use serde::Serialize;

/// The most customers one hierarchy may hold. Far beyond any real hierarchy, low enough
/// that an absurd input is refused before it exhausts wasm's 4 GiB of memory.
pub const MAX_CUSTOMERS: usize = 5_000_000;

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

/// Parses a hierarchy document from UTF-8 JSON bytes; `with_position` as in
/// [`from_json_bytes`].
pub fn parse_hierarchy_bytes(
    json: &[u8],
    with_position: bool,
) -> Result<CustomerStore, BilltreeError> {
    // Strings are at most the document's length; one reservation instead of regrowing.
    let mut store = CustomerStore::with_capacity(json.len() / 64, json.len() / 2);
    let mut deserializer = serde_json::Deserializer::from_slice(json);
    HierarchySeed(&mut store)
        .deserialize(&mut deserializer)
        .and_then(|()| deserializer.end())
        .map_err(|error| json_error(json, &error, with_position))?;
    Ok(store)
}

/// Parses any input type from JSON text; syntax errors are `INVALID_JSON`, shape errors
/// `INVALID_INPUT`, both with the path, line and column.
pub fn from_json_str<T: DeserializeOwned>(json: &str) -> Result<T, BilltreeError> {
    from_json_bytes(json.as_bytes(), true)
}

/// Parses any input type from UTF-8 JSON bytes. `with_position` says whether line and
/// column mean something to the caller: they do for text the caller wrote, not for
/// text the wasm boundary made from a JS object (objects and JSON text meet one
/// contract because both go through here), where errors name only the path.
pub fn from_json_bytes<T: DeserializeOwned>(
    json: &[u8],
    with_position: bool,
) -> Result<T, BilltreeError> {
    serde_json::from_slice(json).map_err(|error| json_error(json, &error, with_position))
}

/// Marks the error raised when the customer list passes [`MAX_CUSTOMERS`].
pub(crate) const TOO_MANY_CUSTOMERS: &str = "too many customers";

fn json_error(json: &[u8], error: &serde_json::Error, with_position: bool) -> BilltreeError {
    let text = error.to_string();
    // serde_json appends " at line L column C"; keep it only where it means something.
    // (Byte comparisons, not str patterns: those pull a substring searcher into wasm.)
    let position = format!(" at line {} column {}", error.line(), error.column());
    let problem = match text.len().checked_sub(position.len()) {
        Some(end) if !with_position && text.as_bytes().ends_with(position.as_bytes()) => {
            text.get(..end).unwrap_or(&text)
        }
        _ => text.as_str(),
    };
    let mut converted = if !error.is_data() {
        BilltreeError::new(ErrorCode::InvalidJson, problem)
    } else if problem
        .as_bytes()
        .starts_with(TOO_MANY_CUSTOMERS.as_bytes())
    {
        BilltreeError::too_large("customers", MAX_CUSTOMERS)
    } else {
        // The bytes are UTF-8 (from a &str or the platform's encoder); if they are not,
        // the error simply goes without a path.
        let json = std::str::from_utf8(json).unwrap_or_default();
        let path = path_at(json, offset_of(json, error.line(), error.column()));
        BilltreeError::invalid_input(&path, problem)
    };
    if with_position {
        converted.details.line = u32::try_from(error.line()).ok().filter(|&n| n > 0);
        converted.details.column = u32::try_from(error.column()).ok().filter(|&n| n > 0);
    }
    converted
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_an_object_or_a_bare_array() {
        let object = parse_hierarchy_json(r#"{"customers":[{"id":"a","name":"A"}]}"#).unwrap();
        let array = parse_hierarchy_json(r#"[{"id":"a","name":"A"}]"#).unwrap();
        for store in [object, array] {
            assert_eq!(store.len(), 1);
            assert_eq!((store.id(0), store.name(0)), ("a", "A"));
            assert_eq!(store.parent_id(0), None);
            assert!(!store.archived_flags()[0]);
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
        assert_eq!((store.id(0), store.name(0)), ("a\\b", "Café \"Q\""));
        assert_eq!(
            (store.tenant_id(0), store.currency(0)),
            (Some("t"), Some("EUR"))
        );
        assert_eq!(store.archived_flags(), [true, false]);
        assert_eq!(store.parent_id(1), Some("a\\b"));
        assert_eq!(store.tenant(0), store.tenant(1));
        assert_eq!(store.currency(1), None);
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
}
