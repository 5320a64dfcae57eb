//! Core errors as real JS `Error` objects.

use crate::BilltreeError;
use wasm_bindgen::JsValue;

/// Builds `Error { name: "BilltreeError", message, code, details }`. A real `Error` keeps
/// the stack and `instanceof Error`; `code` and `details` let callers branch without
/// parsing the message.
pub fn to_js_error(error: BilltreeError) -> JsValue {
    let js_error = js_sys::Error::new(&error.message);
    js_error.set_name("BilltreeError");
    let details = crate::to_json_text(&error.details)
        .ok()
        .and_then(|text| js_sys::JSON::parse(&text).ok())
        .unwrap_or(JsValue::NULL);
    // Reflect::set only fails on frozen or proxied targets; a fresh Error is neither.
    let _ = js_sys::Reflect::set(&js_error, &"code".into(), &error.code.as_str().into());
    let _ = js_sys::Reflect::set(&js_error, &"details".into(), &details);
    js_error.into()
}
