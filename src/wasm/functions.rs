//! One-shot entry points: load, answer, forget.

use super::convert::{hierarchy_from_js, policy_from_js, policy_spec_from_js, to_js};
use super::error::to_js_error;
use crate::{self as core, Policy};
use wasm_bindgen::prelude::*;

/// Validates a hierarchy and returns every issue at once.
///
/// `input` is a JSON string (fastest for large hierarchies), an object
/// `{ customers: [...] }`, or an array of customers. The policy defaults to
/// `"chargebee"`.
///
/// @throws {BilltreeError} `INVALID_JSON`, `INVALID_INPUT`, `INPUT_TOO_LARGE`,
/// `INVALID_POLICY` or `OUTPUT_TOO_LARGE` when the call itself is wrong; issues in the
/// hierarchy are data.
///
/// @example
/// const report = validateHierarchy({ customers: [
///   { id: "hq", name: "Holding" },
///   { id: "it", name: "IT", parentId: "hq" },
/// ] }, { policy: "fynn" });
/// report.valid; // true
#[wasm_bindgen(js_name = validateHierarchy, unchecked_return_type = "ValidationReport")]
pub fn validate_hierarchy(
    #[wasm_bindgen(unchecked_param_type = "HierarchySource")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let store = hierarchy_from_js(&input)?;
    let policy = policy_from_js(options)?;
    to_js(&core::validate_hierarchy(store, &policy).map_err(to_js_error)?)
}

/// Migration pre-flight: what would break if the hierarchy moved to a system with the
/// `target` policy's limits, compared with `options.policy` (default `"chargebee"`).
///
/// @throws {BilltreeError} as `validateHierarchy`.
///
/// @example
/// checkMigration(hierarchyJson, "orb").wouldBreak; // issues only Orb's limits raise
#[wasm_bindgen(js_name = checkMigration, unchecked_return_type = "MigrationReport")]
pub fn check_migration(
    #[wasm_bindgen(unchecked_param_type = "HierarchySource")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "PolicySpec")] target: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let store = hierarchy_from_js(&input)?;
    let target = policy_spec_from_js(&target, "the target policy")?;
    let from = policy_from_js(options)?;
    to_js(&core::check_migration(store, from, target).map_err(to_js_error)?)
}

/// Who receives each customer's invoice and who pays it: every customer's owners (or
/// why they cannot be resolved) and the owner issues.
///
/// @throws {BilltreeError} `INVALID_JSON`, `INVALID_INPUT`, `INPUT_TOO_LARGE`,
/// `OUTPUT_TOO_LARGE`.
///
/// @example
/// resolveOwners(json).customers.map((c) => `${c.customerId}: ${c.invoiceOwnerId} pays? ${c.paymentOwnerId}`);
#[wasm_bindgen(js_name = resolveOwners, unchecked_return_type = "OwnersReport")]
pub fn resolve_owners(
    #[wasm_bindgen(unchecked_param_type = "HierarchySource")] input: JsValue,
) -> Result<JsValue, JsValue> {
    let store = hierarchy_from_js(&input)?;
    to_js(&core::resolve_owners(store).map_err(to_js_error)?)
}

/// The period's consolidated invoices: one per invoice owner (and currency, when the
/// policy splits currencies), with nested per-customer sections, every line's origin,
/// the totals pipeline step by step, and the billing issues. Owners come from owner
/// resolution (`resolveOwners`). Money, quantities and rates are decimal strings.
///
/// @throws {BilltreeError} `INVALID_JSON`, `INVALID_INPUT` (a JS number for money, at
/// its path), `UNKNOWN_CURRENCY`, `AMOUNT_OVERFLOW`, `INPUT_TOO_LARGE`,
/// `OUTPUT_TOO_LARGE`.
///
/// @example
/// const preview = previewInvoices(customers, {
///   period: { start: "2026-11-01", end: "2026-12-01" },
///   prices: [{ id: "fee", currency: "EUR", model: "flat", amount: "49.00" }],
///   subscriptions: [{ id: "s1", customerId: "hq", priceIds: ["fee"] }],
/// });
/// preview.invoices[0].totals.amountDue; // "49.00"
#[cfg(feature = "invoices")]
#[wasm_bindgen(js_name = previewInvoices, unchecked_return_type = "InvoicePreview")]
pub fn preview_invoices(
    #[wasm_bindgen(unchecked_param_type = "HierarchySource")] input: JsValue,
    #[wasm_bindgen(unchecked_param_type = "string | BillingInput")] billing: JsValue,
) -> Result<JsValue, JsValue> {
    let store = hierarchy_from_js(&input)?;
    let billing: core::BillingInput =
        super::convert::document_from_js(&billing, "the billing input")?;
    to_js(&core::invoice_preview(store, &billing).map_err(to_js_error)?)
}

/// The limits of every built-in policy preset, default (`"chargebee"`) first.
#[wasm_bindgen(js_name = policyPresets, unchecked_return_type = "Policy[]")]
pub fn policy_presets() -> Result<JsValue, JsValue> {
    to_js(&Policy::presets())
}
