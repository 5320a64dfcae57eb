//! Sessions: hierarchies loaded into wasm memory once, queried and edited without
//! sending them again.
//!
//! JS never holds a pointer into wasm memory. Each session lives in a registry inside
//! the module and JS holds a number (a handle); the package's `HierarchySession` class
//! (`pkg-template/facade.mjs`) wraps these functions. A freed, forged or copied handle
//! is just a number the registry does not know: `SESSION_FREED`, however often, where
//! wasm-bindgen's own classes would throw from inside wasm, leak its stack, and trap
//! after 16,384 such calls. Arguments are converted before the registry is touched, so
//! a getter inside an argument may call the same session (or free it) safely.

use super::convert::{
    from_js, hierarchy_from_js, policy_from_js, policy_spec_from_js, string_from_js,
};
use super::error::to_js_error;
use crate::{
    to_json_text, BilltreeError, CustomerFilter, ErrorCode, HierarchyEdit, Query, Session,
};
use serde::Serialize;
use std::cell::RefCell;
use wasm_bindgen::prelude::*;

/// Live sessions by handle. Handles count up from 1 and are not reused while the count
/// lasts, so a stale handle cannot reach a newer session.
#[derive(Default)]
struct Registry {
    last: u32,
    /// Sorted by handle (handles only grow, so pushing keeps the order).
    live: Vec<(u32, Session)>,
}

thread_local! {
    static SESSIONS: RefCell<Registry> = RefCell::new(Registry::default());
}

impl Registry {
    fn open(&mut self, session: Session) -> u32 {
        // After 4 billion sessions the count wraps; skip handles still in use.
        let mut handle = self.last;
        loop {
            handle = handle.wrapping_add(1).max(1);
            if self.at(handle).is_err() {
                break;
            }
        }
        self.last = handle;
        let at = self.live.partition_point(|&(known, _)| known < handle);
        self.live.insert(at, (handle, session));
        handle
    }

    fn at(&self, handle: u32) -> Result<usize, BilltreeError> {
        self.live
            .binary_search_by_key(&handle, |&(known, _)| known)
            .map_err(|_| freed())
    }
}

fn freed() -> BilltreeError {
    BilltreeError::new(
        ErrorCode::SessionFreed,
        "this HierarchySession was freed (or never existed): create a new one",
    )
}

fn busy() -> BilltreeError {
    BilltreeError::new(
        ErrorCode::SessionBusy,
        "the session is in the middle of another call",
    )
}

/// Runs `read` on the session `handle`. The registry is borrowed only while `read` runs,
/// and `read` runs no JS. Not generic: every export shares this one copy of the registry
/// lookup instead of carrying its own (a few kilobytes of module each).
fn with_session(
    handle: u32,
    read: &mut dyn FnMut(&Session) -> Result<String, BilltreeError>,
) -> Result<String, JsValue> {
    SESSIONS
        .with(|sessions| {
            let sessions = sessions.try_borrow().map_err(|_| busy())?;
            let at = sessions.at(handle)?;
            sessions
                .live
                .get(at)
                .ok_or_else(freed)
                .and_then(|(_, session)| read(session))
        })
        .map_err(to_js_error)
}

/// Runs `change` on the session `handle`, as [`with_session`].
pub(super) fn with_session_mut(
    handle: u32,
    change: &mut dyn FnMut(&mut Session) -> Result<String, BilltreeError>,
) -> Result<String, JsValue> {
    SESSIONS
        .with(|sessions| {
            let mut sessions = sessions.try_borrow_mut().map_err(|_| busy())?;
            let at = sessions.at(handle)?;
            sessions
                .live
                .get_mut(at)
                .ok_or_else(freed)
                .and_then(|(_, session)| change(session))
        })
        .map_err(to_js_error)
}

/// Answers from the session `handle`: `read` makes the result's JSON text while the
/// session is borrowed, and it is handed to JS after the borrow ends.
pub(super) fn answer(
    handle: u32,
    mut read: impl FnMut(&Session) -> Result<String, BilltreeError>,
) -> Result<JsValue, JsValue> {
    let text = with_session(handle, &mut read)?;
    js_sys::JSON::parse(&text)
}

/// Answers a query about one customer, named by the `customerId` argument.
fn answer_about<T: Serialize>(
    handle: u32,
    customer_id: &JsValue,
    query: impl Fn(&Query<'_>, &str) -> Result<T, BilltreeError>,
) -> Result<JsValue, JsValue> {
    let id = string_from_js(customer_id, "customerId")?;
    answer(handle, |session| {
        to_json_text(&query(&session.query(), &id)?)
    })
}

/// Loads and validates a hierarchy (a JSON string, `{ customers }`, or an array) into a
/// new session.
///
/// @throws {BilltreeError} `INVALID_JSON`, `INVALID_INPUT`, `INPUT_TOO_LARGE`,
/// `INVALID_POLICY`, `OUTPUT_TOO_LARGE`.
#[wasm_bindgen(js_name = sessionOpen)]
pub fn session_open(
    #[wasm_bindgen(unchecked_param_type = "HierarchySource")] input: JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ValidateOptions | null")] options: Option<
        JsValue,
    >,
) -> Result<u32, JsValue> {
    let store = hierarchy_from_js(&input)?;
    let policy = policy_from_js(options)?;
    let session = Session::load(store, policy).map_err(to_js_error)?;
    SESSIONS.with(|sessions| {
        let mut sessions = sessions.try_borrow_mut().map_err(|_| to_js_error(busy()))?;
        Ok(sessions.open(session))
    })
}

/// Frees the session's memory. Freeing twice, or a handle that was never a session,
/// does nothing.
#[wasm_bindgen(js_name = sessionFree)]
pub fn session_free(handle: u32) {
    SESSIONS.with(|sessions| {
        if let Ok(mut sessions) = sessions.try_borrow_mut() {
            if let Ok(at) = sessions.at(handle) {
                sessions.live.remove(at);
            }
        }
    });
}

/// Number of customers loaded, duplicates included.
///
/// @throws {BilltreeError} `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionCustomerCount)]
pub fn session_customer_count(handle: u32) -> Result<u32, JsValue> {
    let mut count = 0;
    with_session(handle, &mut |session| {
        count = session.customer_count() as u32;
        Ok(String::new())
    })?;
    Ok(count)
}

/// The validation report of the hierarchy as it stands.
///
/// @throws {BilltreeError} `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionValidate, unchecked_return_type = "ValidationReport")]
pub fn session_validate(handle: u32) -> Result<JsValue, JsValue> {
    answer(handle, |session| to_json_text(session.report()))
}

/// The policy the session checks.
///
/// @throws {BilltreeError} `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionPolicy, unchecked_return_type = "Policy")]
pub fn session_policy(handle: u32) -> Result<JsValue, JsValue> {
    answer(handle, |session| to_json_text(session.policy()))
}

/// Switches the policy and returns the new report; on an error the session keeps its
/// policy.
///
/// @throws {BilltreeError} `INVALID_INPUT`, `INVALID_POLICY`, `OUTPUT_TOO_LARGE`,
/// `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionSetPolicy, unchecked_return_type = "ValidationReport")]
pub fn session_set_policy(
    handle: u32,
    #[wasm_bindgen(unchecked_param_type = "PolicySpec")] policy: JsValue,
) -> Result<JsValue, JsValue> {
    let policy = policy_spec_from_js(&policy, "the policy")?;
    let text = with_session_mut(handle, &mut |session| {
        session.set_policy(policy.clone())?;
        to_json_text(session.report())
    })?;
    js_sys::JSON::parse(&text)
}

/// Migration pre-flight: what breaks under `target` that does not break now.
///
/// @throws {BilltreeError} `INVALID_INPUT`, `INVALID_POLICY`, `OUTPUT_TOO_LARGE`,
/// `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionCheckMigration, unchecked_return_type = "MigrationReport")]
pub fn session_check_migration(
    handle: u32,
    #[wasm_bindgen(unchecked_param_type = "PolicySpec")] target: JsValue,
) -> Result<JsValue, JsValue> {
    let target = policy_spec_from_js(&target, "the target policy")?;
    answer(handle, |session| {
        to_json_text(&session.check_migration(target.clone())?)
    })
}

/// The whole hierarchy `customerId` belongs to, from its root, in pre-order, with the
/// customer marked `isCurrentCustomer`.
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `OUTPUT_TOO_LARGE`,
/// `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionTree, unchecked_return_type = "HierarchyTree")]
pub fn session_tree(
    handle: u32,
    #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
) -> Result<JsValue, JsValue> {
    answer_about(handle, &customer_id, |query, id| query.tree(id))
}

/// Every customer in display order: each root's tree in pre-order, then the parts
/// caught in cycles.
///
/// @throws {BilltreeError} `OUTPUT_TOO_LARGE`, `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionForest, unchecked_return_type = "CustomerSummary[]")]
pub fn session_forest(handle: u32) -> Result<JsValue, JsValue> {
    answer(handle, |session| to_json_text(&session.query().forest()?))
}

/// The direct children of `customerId`, each with its own counts.
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `OUTPUT_TOO_LARGE`,
/// `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionChildren, unchecked_return_type = "ChildList")]
pub fn session_children(
    handle: u32,
    #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
) -> Result<JsValue, JsValue> {
    answer_about(handle, &customer_id, |query, id| query.children(id))
}

/// `customerId`, its parent, and so on up to the root.
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `OUTPUT_TOO_LARGE`,
/// `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionPathToRoot, unchecked_return_type = "CustomerSummary[]")]
pub fn session_path_to_root(
    handle: u32,
    #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
) -> Result<JsValue, JsValue> {
    answer_about(handle, &customer_id, |query, id| query.path_to_root(id))
}

/// Everyone below `customerId`, at any depth, in pre-order.
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `OUTPUT_TOO_LARGE`,
/// `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionSubordinates, unchecked_return_type = "CustomerSummary[]")]
pub fn session_subordinates(
    handle: u32,
    #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
) -> Result<JsValue, JsValue> {
    answer_about(handle, &customer_id, |query, id| query.subordinates(id))
}

/// Customers matching `isParent`, `hasParent`, `parentCustomerId` and `search` (text in
/// the id or name, ignoring ASCII case; all that are given), in input order, paged with
/// `offset` and `limit`.
///
/// @throws {BilltreeError} `INVALID_INPUT`, `OUTPUT_TOO_LARGE`, `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionFindCustomers, unchecked_return_type = "CustomerPage")]
pub fn session_find_customers(
    handle: u32,
    #[wasm_bindgen(unchecked_optional_param_type = "CustomerFilter | null")] filter: Option<
        JsValue,
    >,
) -> Result<JsValue, JsValue> {
    let filter: CustomerFilter = super::convert::optional_from_js(filter, "the filter")?;
    answer(handle, |session| {
        to_json_text(&session.query().find(&filter)?)
    })
}

/// What one edit or a list of edits would do: the new report, the issues introduced
/// and resolved, the events, and the customers whose owners change (before and after).
/// The session does not change.
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `INPUT_TOO_LARGE`,
/// `OUTPUT_TOO_LARGE`, `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionPreviewEdits, unchecked_return_type = "EditPreview")]
pub fn session_preview_edits(
    handle: u32,
    #[wasm_bindgen(unchecked_param_type = "HierarchyEdit | HierarchyEdit[]")] edits: JsValue,
) -> Result<JsValue, JsValue> {
    let edits = edits_from_js(&edits)?;
    answer(handle, |session| to_json_text(&session.preview(&edits)?))
}

/// Applies one edit or a list of edits, all or nothing, and returns what they did.
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `INPUT_TOO_LARGE`,
/// `OUTPUT_TOO_LARGE`, `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionApplyEdits, unchecked_return_type = "EditPreview")]
pub fn session_apply_edits(
    handle: u32,
    #[wasm_bindgen(unchecked_param_type = "HierarchyEdit | HierarchyEdit[]")] edits: JsValue,
) -> Result<JsValue, JsValue> {
    let edits = edits_from_js(&edits)?;
    let text = with_session_mut(handle, &mut |session| to_json_text(&session.apply(&edits)?))?;
    js_sys::JSON::parse(&text)
}

/// The customers as they stand, with every applied edit, ready to save or reload.
///
/// @throws {BilltreeError} `OUTPUT_TOO_LARGE`, `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionCustomers, unchecked_return_type = "Customer[]")]
pub fn session_customers(handle: u32) -> Result<JsValue, JsValue> {
    answer(handle, |session| to_json_text(&session.customers()?))
}

/// Answers an owner question about one customer, named by the `customerId` argument.
fn answer_owners<T: Serialize>(
    handle: u32,
    customer_id: &JsValue,
    name: &str,
    question: impl Fn(&Session, &str) -> Result<T, BilltreeError>,
) -> Result<JsValue, JsValue> {
    let id = string_from_js(customer_id, name)?;
    answer(handle, |session| to_json_text(&question(session, &id)?))
}

/// Every customer's invoice owner (whose invoice carries its charges) and payment owner
/// (who pays it), in input order, with the owner issues. An owner that cannot be
/// resolved is `null`, with the reason.
///
/// @throws {BilltreeError} `OUTPUT_TOO_LARGE`, `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionOwners, unchecked_return_type = "OwnersReport")]
pub fn session_owners(handle: u32) -> Result<JsValue, JsValue> {
    answer(handle, |session| to_json_text(&session.owners()?))
}

/// One customer's invoice and payment owner.
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionOwnersOf, unchecked_return_type = "CustomerOwners")]
pub fn session_owners_of(
    handle: u32,
    #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
) -> Result<JsValue, JsValue> {
    answer_owners(handle, &customer_id, "customerId", |s, id| s.owners_of(id))
}

/// Why `customerId`'s charges do or do not land on an ancestor's invoice, and who pays:
/// each setting followed, as data and in words.
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionExplainOwners, unchecked_return_type = "OwnerExplanation")]
pub fn session_explain_owners(
    handle: u32,
    #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
) -> Result<JsValue, JsValue> {
    answer_owners(handle, &customer_id, "customerId", |s, id| {
        s.explain_owners(id)
    })
}

/// Chargebee's hierarchy records (customer, parent, invoice owner, payment owner, has
/// children, children ids) of every member of `customerId`'s hierarchy, from its top.
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `OUTPUT_TOO_LARGE`,
/// `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionHierarchyRecords, unchecked_return_type = "HierarchyRecord[]")]
pub fn session_hierarchy_records(
    handle: u32,
    #[wasm_bindgen(js_name = customerId, unchecked_param_type = "string")] customer_id: JsValue,
) -> Result<JsValue, JsValue> {
    answer_owners(handle, &customer_id, "customerId", |s, id| {
        s.hierarchy_records(id)
    })
}

/// Every customer whose charges land on `ownerId`'s invoice, and every customer whose
/// invoice it pays.
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `OUTPUT_TOO_LARGE`,
/// `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionOwnedBy, unchecked_return_type = "OwnedCustomers")]
pub fn session_owned_by(
    handle: u32,
    #[wasm_bindgen(js_name = ownerId, unchecked_param_type = "string")] owner_id: JsValue,
) -> Result<JsValue, JsValue> {
    answer_owners(handle, &owner_id, "ownerId", |s, id| s.owned_by(id))
}

/// What `payerId` being overdue would reach (Kill Bill's overdue cascade): every other
/// customer whose invoice it pays (consolidated onto its invoice, or delegated
/// payment), and the customers below it that it does not pay for.
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `OUTPUT_TOO_LARGE`,
/// `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionOverdueCascade, unchecked_return_type = "OverdueCascade")]
pub fn session_overdue_cascade(
    handle: u32,
    #[wasm_bindgen(js_name = payerId, unchecked_param_type = "string")] payer_id: JsValue,
) -> Result<JsValue, JsValue> {
    answer_owners(handle, &payer_id, "payerId", |s, id| s.overdue_cascade(id))
}

/// The customers whose invoices `viewerId` may see, download or edit, and why
/// (`parentAccountAccess` / `childAccountAccess` and the resolved owners).
///
/// @throws {BilltreeError} `UNKNOWN_CUSTOMER`, `INVALID_INPUT`, `OUTPUT_TOO_LARGE`,
/// `SESSION_FREED`.
#[wasm_bindgen(js_name = sessionVisibility, unchecked_return_type = "Visibility")]
pub fn session_visibility(
    handle: u32,
    #[wasm_bindgen(js_name = viewerId, unchecked_param_type = "string")] viewer_id: JsValue,
) -> Result<JsValue, JsValue> {
    answer_owners(handle, &viewer_id, "viewerId", |s, id| s.visibility(id))
}

fn edits_from_js(edits: &JsValue) -> Result<Vec<HierarchyEdit>, JsValue> {
    if js_sys::Array::is_array(edits) {
        from_js(edits, "the edits")
    } else {
        Ok(vec![from_js(edits, "the edit")?])
    }
}
