//! The one place JS values become Rust values and back.
//!
//! Every JS function called from here that can throw is imported with `catch`: an
//! exception unwinding through wasm frames skips their epilogues and leaks the shadow
//! stack, and after enough of them the module traps for good.

use super::error::to_js_error;
use crate::input::read_json::ReadJson;
use crate::{
    from_json_bytes, parse_hierarchy_bytes, path_of_offset, to_json_text, BilltreeError,
    CustomerStore, Policy, PolicySpec, ValidateOptions, MAX_INPUT_BYTES, NOT_JSON_KEY,
};
use js_sys::{JsString, Uint8Array};
use serde::Serialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen]
extern "C" {
    /// The platform's UTF-8 encoder (browsers and Node ≥ 11).
    type TextEncoder;

    #[wasm_bindgen(constructor, catch)]
    fn new() -> Result<TextEncoder, JsValue>;

    #[wasm_bindgen(method, catch, js_name = encodeInto)]
    fn encode_into(
        this: &TextEncoder,
        text: &JsString,
        into: &Uint8Array,
    ) -> Result<EncodeIntoResult, JsValue>;

    /// What `encodeInto` did: UTF-16 code units read, bytes written.
    type EncodeIntoResult;

    #[wasm_bindgen(method, getter)]
    fn read(this: &EncodeIntoResult) -> u32;

    #[wasm_bindgen(method, getter)]
    fn written(this: &EncodeIntoResult) -> u32;
}

#[wasm_bindgen]
extern "C" {
    /// `String.prototype.isWellFormed.call(text)` (ES2024), imported with `catch` so an
    /// engine without it cannot throw through wasm.
    #[wasm_bindgen(catch, js_namespace = ["String", "prototype", "isWellFormed"], js_name = call)]
    fn is_well_formed(text: &JsString) -> Result<bool, JsValue>;
}

/// Converts a core result to JS: serialized to JSON text inside wasm, then one
/// `JSON.parse`. One crossing per result instead of one per property, plain objects,
/// `null` for absent values, and exactly the bytes the native core would produce.
pub fn to_js<T: Serialize + ?Sized>(value: &T) -> Result<JsValue, JsValue> {
    js_sys::JSON::parse(&to_json_text(value).map_err(to_js_error)?)
}

/// Copies a JS string into wasm memory as UTF-8 with the platform's native encoder,
/// writing straight into a Rust buffer. wasm-bindgen's own conversion walks ASCII text
/// one character at a time in JS (a quarter of the time of validating a large
/// hierarchy), and `TextEncoder.encode` would first build a second copy in the JS heap.
/// Text over [`MAX_INPUT_BYTES`] is refused before it is copied whole.
fn utf8_bytes(text: &JsString) -> Result<Vec<u8>, JsValue> {
    let too_large = || to_js_error(BilltreeError::too_large("bytes of JSON", MAX_INPUT_BYTES));
    let units = text.length() as usize;
    // Every UTF-16 unit is at least one byte.
    if units > MAX_INPUT_BYTES {
        return Err(too_large());
    }
    let encoder = TextEncoder::new()?;
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
        let result = encoder.encode_into(&rest, &into)?;
        read += result.read() as usize;
        written += result.written() as usize;
        if read < units {
            if bytes.len() >= MAX_INPUT_BYTES {
                return Err(too_large());
            }
            // Each remaining UTF-16 unit needs at most 3 bytes.
            let wanted = written + (units - read) * 3;
            bytes.resize(wanted.min(MAX_INPUT_BYTES), 0);
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

/// The UTF-16 index of the first unpaired surrogate in `text`, if any.
fn lone_surrogate_at(text: &JsString) -> Option<u32> {
    if is_well_formed(text).unwrap_or(false) {
        return None;
    }
    // In a `u` regex, a paired surrogate is one code point: only lone halves are `Cs`.
    let at = text.search(&js_sys::RegExp::new(r"\p{Cs}", "u"));
    u32::try_from(at).ok()
}

/// Refuses a string holding half a UTF-16 surrogate pair: the encoder would turn it
/// into U+FFFD, and two different ids would silently become one.
fn refuse_lone_surrogates(text: &JsString, what: &str) -> Result<(), JsValue> {
    let Some(at) = lone_surrogate_at(text) else {
        return Ok(());
    };
    let problem = format!(
        "{what} holds a lone surrogate (half of a UTF-16 pair) at index {at}, which no UTF-8 text can carry"
    );
    // Where the text is JSON, name the path of the value the surrogate sits in.
    let path = utf8_bytes(&text.substring(0, at))
        .map(|prefix| path_of_offset(&prefix))
        .unwrap_or_default();
    Err(to_js_error(BilltreeError::invalid_input(&path, problem)))
}

/// Reads a hierarchy from a JSON string (the fast path for bulk input) or from a plain
/// object or array, straight into a customer store.
pub fn hierarchy_from_js(input: &JsValue) -> Result<CustomerStore, JsValue> {
    let (bytes, with_position) = match input.dyn_ref::<JsString>() {
        Some(text) => {
            refuse_lone_surrogates(text, "the hierarchy text")?;
            (utf8_bytes(text)?, true)
        }
        None => (json_bytes_of(input, "the hierarchy")?, false),
    };
    parse_hierarchy_bytes(&bytes, with_position).map_err(to_js_error)
}

/// The JSON text of a JS value, as UTF-8, with what JSON cannot carry made visible.
///
/// `JSON.stringify` writes `null` for NaN and ±Infinity, so `parentId: NaN` would
/// silently make a root. Most values have none: the plain, fast `JSON.stringify` is
/// tried first, and only when its text holds a `null` (or it threw, as for a BigInt) is
/// the value written again with a replacer that puts a marker object (the core's
/// `NOT_JSON_KEY`) in place of each such value. No input type accepts the marker, so
/// reading fails at the value's path and the error names the value. (A replacer
/// written in Rust: a JS snippet would not load on wasm-bindgen's Node target, and
/// `new Function` would need a CSP that allows eval.) Lone surrogates come out of
/// `JSON.stringify` escaped, and the parser refuses them.
fn json_bytes_of(value: &JsValue, what: &str) -> Result<Vec<u8>, JsValue> {
    if value.is_undefined() || value.is_null() {
        return Err(to_js_error(BilltreeError::invalid_input(
            "",
            format!("{what} is missing"),
        )));
    }
    if let Ok(text) = js_sys::JSON::stringify(value) {
        if let Some(text) = text.dyn_ref::<JsString>() {
            let bytes = utf8_bytes(text)?;
            if !has_null_token(&bytes) {
                return Ok(bytes);
            }
        }
    }
    let mut mark = |_key: JsString, value: JsValue| -> Result<Option<JsValue>, JsError> {
        let name = match value.as_f64() {
            Some(number) if number.is_nan() => "NaN",
            Some(number) if number == f64::INFINITY => "Infinity",
            Some(number) if number == f64::NEG_INFINITY => "-Infinity",
            None if value.is_bigint() => "bigint",
            _ => return Ok(Some(value)),
        };
        let marker = js_sys::Object::new();
        js_sys::Reflect::set(&marker, &NOT_JSON_KEY.into(), &name.into())
            .map_err(|_| JsError::new("cannot mark a value"))?;
        Ok(Some(marker.into()))
    };
    js_sys::JSON::stringify_with_replacer_func(value, &mut mark, None)
        .ok()
        .and_then(|text| text.dyn_into::<JsString>().ok())
        .ok_or_else(|| {
            // Cycles, throwing getters and a bare function have no JSON form.
            to_js_error(BilltreeError::invalid_input(
                "",
                format!(
                    "{what} cannot be read as JSON (a cycle, a getter that throws, a function?)"
                ),
            ))
        })
        .and_then(|text| utf8_bytes(&text))
}

/// Whether JSON text holds the literal `null` outside its strings.
fn has_null_token(json: &[u8]) -> bool {
    let mut in_string = false;
    let mut escaped = false;
    for (at, &byte) in json.iter().enumerate() {
        if in_string {
            match (escaped, byte) {
                (true, _) => escaped = false,
                (false, b'\\') => escaped = true,
                (false, b'"') => in_string = false,
                _ => {}
            }
        } else if byte == b'"' {
            in_string = true;
        } else if byte == b'n' && json.get(at..at + 4) == Some(b"null") {
            return true;
        }
    }
    false
}

/// Reads any input type from a JS value. The value goes through `JSON.stringify` and the
/// same parser as JSON text: serde-wasm-bindgen reads only the fields a struct names, so
/// it would let a misspelt `parentID` pass silently, and one parser means one contract.
pub fn from_js<T: ReadJson>(value: &JsValue, what: &str) -> Result<T, JsValue> {
    from_json_bytes(&json_bytes_of(value, what)?, false).map_err(to_js_error)
}

/// Reads a whole input document that may arrive as JSON text or as a JS object: text is
/// checked for lone surrogates and its errors carry line and column; an object's carry
/// only the path (its text was written here, not by the caller).
#[cfg(feature = "invoices")]
pub fn document_from_js<T: ReadJson>(input: &JsValue, what: &str) -> Result<T, JsValue> {
    let (bytes, with_position) = match input.dyn_ref::<JsString>() {
        Some(text) => {
            refuse_lone_surrogates(text, what)?;
            (utf8_bytes(text)?, true)
        }
        None => (json_bytes_of(input, what)?, false),
    };
    from_json_bytes(&bytes, with_position).map_err(to_js_error)
}

/// Reads an optional argument: `undefined` and `null` give the default.
pub fn optional_from_js<T: ReadJson + Default>(
    value: Option<JsValue>,
    what: &str,
) -> Result<T, JsValue> {
    match value {
        Some(value) if !value.is_undefined() && !value.is_null() => from_js(&value, what),
        _ => Ok(T::default()),
    }
}

/// Reads a string argument strictly: wasm-bindgen's own `&str` conversion would turn
/// the number 5 into "5" instead of refusing it, and a lone surrogate into U+FFFD.
pub fn string_from_js(value: &JsValue, what: &str) -> Result<String, JsValue> {
    let Some(text) = value.dyn_ref::<JsString>() else {
        return Err(to_js_error(BilltreeError::invalid_input(
            "",
            format!("{what} must be a string, got {}", type_name(value)),
        )));
    };
    refuse_lone_surrogates(text, what)?;
    let bytes = utf8_bytes(text)?;
    String::from_utf8(bytes).map_err(|_| {
        to_js_error(BilltreeError::invalid_input(
            "",
            format!("{what} is not valid text"),
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

/// The policy named by an optional `{ policy }` options argument (Chargebee's when
/// absent).
pub fn policy_from_js(options: Option<JsValue>) -> Result<Policy, JsValue> {
    let options: ValidateOptions = optional_from_js(options, "options")?;
    Policy::resolve_or_default(options.policy.as_ref()).map_err(to_js_error)
}

/// The policy a policy argument names (a preset name or custom limits).
pub fn policy_spec_from_js(spec: &JsValue, what: &str) -> Result<Policy, JsValue> {
    let spec: PolicySpec = from_js(spec, what)?;
    Policy::resolve(&spec).map_err(to_js_error)
}
