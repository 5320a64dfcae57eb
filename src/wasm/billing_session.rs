//! A billing input loaded into a session: its invoices, invoice what-ifs, and the
//! billing views (built with the `invoices` feature, like `previewInvoices`).

use super::convert::{document_from_js, string_from_js};
use super::session::{answer, with_session_mut};
use crate::{to_json_text, BillingInput, InvoiceWhatIf, UsageQuery};
use std::sync::Arc;
use wasm_bindgen::prelude::*;

/// Keeps a billing input in the session and returns its invoices. Applied edits keep
/// them current; invoice what-ifs compare against them.
///
/// @throws {BilltreeError} `INVALID_JSON`, `INVALID_INPUT`, `UNKNOWN_CURRENCY`,
/// `AMOUNT_OVERFLOW`, `INPUT_TOO_LARGE`, `OUTPUT_TOO_LARGE`, `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionLoadBilling, unchecked_return_type = "InvoicePreview")]
pub fn session_load_billing(
    handle: u32,
    #[wasm_bindgen(unchecked_param_type = "string | BillingInput")] billing: JsValue,
) -> Result<JsValue, JsValue> {
    let billing: Arc<BillingInput> = Arc::new(document_from_js(&billing, "the billing input")?);
    let text = with_session_mut(handle, &mut |session| {
        to_json_text(session.load_billing(Arc::clone(&billing))?)
    })?;
    js_sys::JSON::parse(&text)
}

/// The invoices of the loaded billing input, or `null` when none is loaded.
///
/// @throws {BilltreeError} `OUTPUT_TOO_LARGE`, `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionLoadedInvoices, unchecked_return_type = "InvoicePreview | null")]
pub fn session_loaded_invoices(handle: u32) -> Result<JsValue, JsValue> {
    answer(handle, |session| to_json_text(&session.loaded_invoices()))
}

/// What a what-if (hierarchy edits, usage set per customer and meter, roll-up modes)
/// would change on the loaded invoices: only the invoices that change, with totals
/// before and after. The session does not change.
///
/// @throws {BilltreeError} `INVALID_INPUT` (also when no billing input is loaded),
/// `UNKNOWN_CUSTOMER`, `OUTPUT_TOO_LARGE`, `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionInvoiceWhatIf, unchecked_return_type = "InvoiceWhatIfResult")]
pub fn session_invoice_what_if(
    handle: u32,
    #[wasm_bindgen(js_name = whatIf, unchecked_param_type = "string | InvoiceWhatIf")]
    what_if: JsValue,
) -> Result<JsValue, JsValue> {
    let what_if: InvoiceWhatIf = document_from_js(&what_if, "the what-if")?;
    answer(handle, |session| {
        to_json_text(&session.invoice_what_if(&what_if)?)
    })
}

/// A customer's usage per meter from the loaded billing input, with
/// `includeChildren` that of every customer below it, over the period or a run of its
/// sub-periods (`from`, `to`), each sub-period with the invoice owner it was billed to.
///
/// @throws {BilltreeError} `INVALID_INPUT` (also when no billing input is loaded, or a
/// bound is not a sub-period's), `UNKNOWN_CUSTOMER`, `OUTPUT_TOO_LARGE`,
/// `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionUsageAnalytics, unchecked_return_type = "UsageAnalytics")]
pub fn session_usage_analytics(
    handle: u32,
    #[wasm_bindgen(unchecked_param_type = "string | UsageQuery")] query: JsValue,
) -> Result<JsValue, JsValue> {
    let query: UsageQuery = document_from_js(&query, "the usage query")?;
    answer(handle, |session| {
        to_json_text(&session.usage_analytics(&query)?)
    })
}

/// A customer's direct children with their `activeSubscriptionCount` (Fynn).
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `SESSION_FREED`.
#[wasm_bindgen(
    js_name = sessionChildrenWithSubscriptions,
    unchecked_return_type = "ChildrenWithSubscriptions"
)]
pub fn session_children_with_subscriptions(
    handle: u32,
    #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
) -> Result<JsValue, JsValue> {
    let id = string_from_js(&customer_id, "customerId")?;
    answer(handle, |session| {
        to_json_text(&session.children_with_subscriptions(&id)?)
    })
}

/// The subscriptions and invoices of every customer below a parent (Fynn's
/// `parentCustomer` filter).
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `OUTPUT_TOO_LARGE`,
/// `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionBillingBelow, unchecked_return_type = "BillingBelow")]
pub fn session_billing_below(
    handle: u32,
    #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
) -> Result<JsValue, JsValue> {
    let id = string_from_js(&customer_id, "customerId")?;
    answer(handle, |session| to_json_text(&session.billing_below(&id)?))
}
