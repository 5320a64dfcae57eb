//! The one place JS values become Rust values and back.

use super::error::to_js_error;
use crate::domain::{from_serialized_value, parse_hierarchy_json, BilltreeError, HierarchyInput};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::JsValue;

/// Converts a core result to JS: serialized to JSON text inside wasm, then one
/// `JSON.parse`. One crossing per result instead of one per property, plain objects,
/// `null` for absent values, and exactly the bytes the native core would produce.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|error| to_js_error(BilltreeError::invalid_input("", error)))?;
    js_sys::JSON::parse(&text)
}

/// Reads a hierarchy from a JSON string (the fast path for bulk input) or from a plain
/// object or array.
pub fn hierarchy_from_js(input: &JsValue) -> Result<HierarchyInput, JsValue> {
    match input.as_string() {
        Some(json) => parse_hierarchy_json(&json).map_err(to_js_error),
        None => from_js(input, "the hierarchy"),
    }
}

/// Reads any input type from a JS value. The value goes through `JSON.stringify` and the
/// same parser as JSON text: serde-wasm-bindgen reads only the fields a struct names, so
/// it would let a misspelt `parentID` pass silently, and one parser means one contract.
pub fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Err(to_js_error(BilltreeError::invalid_input(
            "",
            format!("{what} is missing"),
        )));
    }
    let text = js_sys::JSON::stringify(value)
        .ok()
        .and_then(|text| text.as_string())
        .ok_or_else(|| {
            // Cycles, BigInts and functions have no JSON form.
            to_js_error(BilltreeError::invalid_input(
                "",
                format!("{what} cannot be read as JSON (a cycle, a BigInt or a function?)"),
            ))
        })?;
    from_serialized_value(&text).map_err(to_js_error)
}

/// Reads an optional argument: `undefined` and `null` give the default.
pub fn optional_from_js<T: DeserializeOwned + Default>(
    value: Option<JsValue>,
    what: &str,
) -> Result<T, JsValue> {
    match value {
        Some(value) if !value.is_undefined() && !value.is_null() => from_js(&value, what),
        _ => Ok(T::default()),
    }
}

/// Reads a string argument strictly: wasm-bindgen's own `&str` conversion would turn
/// the number 5 into "5" instead of refusing it.
pub fn string_from_js(value: &JsValue, what: &str) -> Result<String, JsValue> {
    value.as_string().ok_or_else(|| {
        to_js_error(BilltreeError::invalid_input(
            "",
            format!("{what} must be a string, got {}", type_name(value)),
        ))
    })
}

fn type_name(value: &JsValue) -> String {
    if value.is_null() {
        "null".to_owned()
    } else if js_sys::Array::is_array(value) {
        "an array".to_owned()
    } else {
        value.js_typeof().as_string().unwrap_or_default()
    }
}
