//! `HierarchySession`: a hierarchy loaded into wasm memory once, queried and edited
//! without sending it again.

use super::convert::{from_js, hierarchy_from_js, optional_from_js, string_from_js, to_js};
use super::error::to_js_error;
use crate::domain::{CustomerFilter, HierarchyEdit, Policy, PolicySpec, Session, ValidateOptions};
use wasm_bindgen::prelude::*;

/// A hierarchy held in wasm memory. Load it once, then ask questions and preview edits;
/// nothing changes until `applyEdits`. Call `free()` when done: wasm memory is not
/// garbage-collected.
///
/// @example
/// const session = new HierarchySession(json, { policy: "fynn" });
/// const preview = session.previewEdits({ op: "setParent", customerId: "it", parentId: "eu" });
/// preview.introducedIssues; // what the move would break
/// session.free();
#[wasm_bindgen(js_name = HierarchySession)]
pub struct HierarchySession {
    inner: Session,
}

#[wasm_bindgen(js_class = HierarchySession)]
impl HierarchySession {
    /// Loads and validates a hierarchy (a JSON string, `{ customers }`, or an array).
    ///
    /// @throws {BilltreeError} `INVALID_JSON`, `INVALID_INPUT`, `INPUT_TOO_LARGE`,
    /// `INVALID_POLICY`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "HierarchySource")] input: JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions | null")] options: Option<
            JsValue,
        >,
    ) -> Result<HierarchySession, JsValue> {
        let store = hierarchy_from_js(&input)?;
        let options: ValidateOptions = optional_from_js(options, "options")?;
        let policy = Policy::resolve_or_default(options.policy.as_ref()).map_err(to_js_error)?;
        Ok(HierarchySession {
            inner: Session::load(store, policy),
        })
    }

    /// Number of customers loaded, duplicates included.
    #[wasm_bindgen(getter, js_name = customerCount)]
    pub fn customer_count(&self) -> u32 {
        self.inner.customer_count() as u32
    }

    /// The validation report of the hierarchy as it stands.
    #[wasm_bindgen(unchecked_return_type = "ValidationReport")]
    pub fn validate(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.report())
    }

    /// The policy the session checks.
    #[wasm_bindgen(unchecked_return_type = "Policy")]
    pub fn policy(&self) -> Result<JsValue, JsValue> {
        to_js(self.inner.policy())
    }

    /// Switches the policy and returns the new report.
    ///
    /// @throws {BilltreeError} `INVALID_INPUT`, `INVALID_POLICY`.
    #[wasm_bindgen(js_name = setPolicy, unchecked_return_type = "ValidationReport")]
    pub fn set_policy(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "PolicySpec")] policy: JsValue,
    ) -> Result<JsValue, JsValue> {
        let spec: PolicySpec = from_js(&policy, "the policy")?;
        let policy = Policy::resolve(&spec).map_err(to_js_error)?;
        self.inner.set_policy(policy);
        to_js(self.inner.report())
    }

    /// Migration pre-flight: what breaks under `target` that does not break now.
    ///
    /// @throws {BilltreeError} `INVALID_INPUT`, `INVALID_POLICY`.
    #[wasm_bindgen(js_name = checkMigration, unchecked_return_type = "MigrationReport")]
    pub fn check_migration(
        &self,
        #[wasm_bindgen(unchecked_param_type = "PolicySpec")] target: JsValue,
    ) -> Result<JsValue, JsValue> {
        let spec: PolicySpec = from_js(&target, "the target policy")?;
        let target = Policy::resolve(&spec).map_err(to_js_error)?;
        to_js(&self.inner.check_migration(target))
    }

    /// The whole hierarchy `customerId` belongs to, from its root, in pre-order, with
    /// the customer marked `isCurrentCustomer`.
    ///
    /// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`.
    #[wasm_bindgen(unchecked_return_type = "HierarchyTree")]
    pub fn tree(
        &self,
        #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let id = string_from_js(&customer_id, "customerId")?;
        to_js(&self.inner.query().tree(&id).map_err(to_js_error)?)
    }

    /// Every customer in display order: each root's tree in pre-order, then the parts
    /// caught in cycles.
    #[wasm_bindgen(unchecked_return_type = "CustomerSummary[]")]
    pub fn forest(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.query().forest())
    }

    /// The direct children of `customerId`, each with its own counts.
    ///
    /// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`.
    #[wasm_bindgen(unchecked_return_type = "ChildList")]
    pub fn children(
        &self,
        #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let id = string_from_js(&customer_id, "customerId")?;
        to_js(&self.inner.query().children(&id).map_err(to_js_error)?)
    }

    /// `customerId`, its parent, and so on up to the root.
    ///
    /// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`.
    #[wasm_bindgen(js_name = pathToRoot, unchecked_return_type = "CustomerSummary[]")]
    pub fn path_to_root(
        &self,
        #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let id = string_from_js(&customer_id, "customerId")?;
        to_js(&self.inner.query().path_to_root(&id).map_err(to_js_error)?)
    }

    /// Everyone below `customerId`, at any depth, in pre-order.
    ///
    /// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`.
    #[wasm_bindgen(unchecked_return_type = "CustomerSummary[]")]
    pub fn subordinates(
        &self,
        #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
    ) -> Result<JsValue, JsValue> {
        let id = string_from_js(&customer_id, "customerId")?;
        to_js(&self.inner.query().subordinates(&id).map_err(to_js_error)?)
    }

    /// Customers matching `isParent`, `hasParent` and `parentCustomerId` (all that are
    /// given), in input order, paged with `offset` and `limit`.
    ///
    /// @throws {BilltreeError} `INVALID_INPUT`.
    #[wasm_bindgen(js_name = findCustomers, unchecked_return_type = "CustomerPage")]
    pub fn find_customers(
        &self,
        #[wasm_bindgen(unchecked_optional_param_type = "CustomerFilter | null")] filter: Option<
            JsValue,
        >,
    ) -> Result<JsValue, JsValue> {
        let filter: CustomerFilter = optional_from_js(filter, "the filter")?;
        to_js(&self.inner.query().find(&filter))
    }

    /// What one edit or a list of edits would do: the new report, the issues introduced
    /// and resolved, and the events. The session does not change.
    ///
    /// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `INPUT_TOO_LARGE`.
    #[wasm_bindgen(js_name = previewEdits, unchecked_return_type = "EditPreview")]
    pub fn preview_edits(
        &self,
        #[wasm_bindgen(unchecked_param_type = "HierarchyEdit | HierarchyEdit[]")] edits: JsValue,
    ) -> Result<JsValue, JsValue> {
        let edits = edits_from_js(&edits)?;
        to_js(&self.inner.preview(&edits).map_err(to_js_error)?)
    }

    /// Applies one edit or a list of edits, all or nothing, and returns what they did.
    ///
    /// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `INPUT_TOO_LARGE`.
    #[wasm_bindgen(js_name = applyEdits, unchecked_return_type = "EditPreview")]
    pub fn apply_edits(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "HierarchyEdit | HierarchyEdit[]")] edits: JsValue,
    ) -> Result<JsValue, JsValue> {
        let edits = edits_from_js(&edits)?;
        to_js(&self.inner.apply(&edits).map_err(to_js_error)?)
    }

    /// The customers as they stand, with every applied edit, ready to save or reload.
    #[wasm_bindgen(unchecked_return_type = "Customer[]")]
    pub fn customers(&self) -> Result<JsValue, JsValue> {
        to_js(&self.inner.customers())
    }
}

fn edits_from_js(edits: &JsValue) -> Result<Vec<HierarchyEdit>, JsValue> {
    if js_sys::Array::is_array(edits) {
        from_js(edits, "the edits")
    } else {
        Ok(vec![from_js(edits, "the edit")?])
    }
}
