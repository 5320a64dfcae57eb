//! The one place JS values become Rust values and back.

use super::error::to_js_error;
use crate::domain::{from_json_bytes, parse_hierarchy_bytes, BilltreeError, CustomerStore};
use js_sys::{JsString, Uint8Array};
use serde::de::DeserializeOwned;
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The platform's UTF-8 encoder (browsers and Node ≥ 11).
    type TextEncoder;

    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<TextEncoder, JsValue>;

    #[wasm_bindgen(method, js_name = encodeInto)]
    fn encode_into(this: &TextEncoder, text: &JsString, into: &Uint8Array) -> EncodeIntoResult;

    /// What `encodeInto` did: UTF-16 code units read, bytes written.
    type EncodeIntoResult;

    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;

    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

/// Converts a core result to JS: serialized to JSON text inside wasm, then one
/// `JSON.parse`. One crossing per result instead of one per property, plain objects,
/// `null` for absent values, and exactly the bytes the native core would produce.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    let text = serde_json::to_string(value)
        .map_err(|error| to_js_error(BilltreeError::invalid_input("", error)))?;
    js_sys::JSON::parse(&text)
}

/// Copies a JS string into wasm memory as UTF-8 with the platform's native encoder,
/// writing straight into a Rust buffer. wasm-bindgen's own conversion walks ASCII text
/// one character at a time in JS (a quarter of the time of validating a large
/// hierarchy), and `TextEncoder.encode` would first build a second copy in the JS heap.
fn utf8_bytes(text: &JsString) -> Result<Vec<u8>, JsValue> {
    let encoder = TextEncoder::new()?;
    let units = text.length() as usize;
    // Exact for ASCII; grown below only when the text turns out to need more.
    let mut bytes = vec![0u8; units];
    let (mut read, mut written) = (0usize, 0usize);
    while read < units {
        let rest = if read == 0 {
            text.clone()
        } else {
            text.substring(read as u32, units as u32)
        };
        // Taken after the last allocation: growing wasm memory detaches older views.
        let into = wasm_memory_view(&bytes[written..])?;
        let result = encoder.encode_into(&rest, &into);
        read += result.read() as usize;
        written += result.written() as usize;
        if read < units {
            // Each remaining UTF-16 unit needs at most 3 bytes.
            bytes.resize(written + (units - read) * 3, 0);
        }
    }
    bytes.truncate(written);
    Ok(bytes)
}

/// A JS view of a slice of wasm memory, for JS APIs that write into it.
fn wasm_memory_view(slice: &[u8]) -> Result<Uint8Array, JsValue> {
    let memory: js_sys::WebAssembly::Memory = wasm_bindgen::memory().dyn_into()?;
    Ok(Uint8Array::new_with_byte_offset_and_length(
        &memory.buffer(),
        slice.as_ptr() as u32,
        slice.len() as u32,
    ))
}

/// Reads a hierarchy from a JSON string (the fast path for bulk input) or from a plain
/// object or array, straight into a customer store.
pub fn hierarchy_from_js(input: &JsValue) -> Result<CustomerStore, JsValue> {
    let (text, with_position) = match input.dyn_ref::<JsString>() {
        Some(text) => (text.clone(), true),
        None => (json_text_of(input, "the hierarchy")?, false),
    };
    parse_hierarchy_bytes(&utf8_bytes(&text)?, with_position).map_err(to_js_error)
}

/// `JSON.stringify(value)`, refusing what has no JSON form.
fn json_text_of(value: &JsValue, what: &str) -> Result<JsString, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Err(to_js_error(BilltreeError::invalid_input(
            "",
            format!("{what} is missing"),
        )));
    }
    js_sys::JSON::stringify(value)
        .ok()
        .filter(|text| text.is_string())
        .ok_or_else(|| {
            // Cycles, BigInts and functions have no JSON form.
            to_js_error(BilltreeError::invalid_input(
                "",
                format!("{what} cannot be read as JSON (a cycle, a BigInt or a function?)"),
            ))
        })
}

/// Reads any input type from a JS value. The value goes through `JSON.stringify` and the
/// same parser as JSON text: serde-wasm-bindgen reads only the fields a struct names, so
/// it would let a misspelt `parentID` pass silently, and one parser means one contract.
pub fn from_js<T: DeserializeOwned>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    let text = json_text_of(value, what)?;
    from_json_bytes(&utf8_bytes(&text)?, false).map_err(to_js_error)
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
