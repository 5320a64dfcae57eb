//! The wasm boundary's contract, run inside wasm: in Node by default and in headless
//! Chromium with WASM_BINDGEN_USE_BROWSER=1 (scripts/test.sh runs both and checks that
//! the browser run really ran these tests).
#![cfg(target_arch = "wasm32")]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use billtree::wasm::{
    check_migration, policy_presets, session_apply_edits, session_check_migration,
    session_children, session_customer_count, session_customers, session_find_customers,
    session_forest, session_free, session_open, session_preview_edits, session_set_policy,
    session_tree, session_validate, validate_hierarchy,
};
use js_sys::{Array, Reflect, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

const SAMPLE: &str = r#"{"customers":[
  {"id":"hq","name":"Holding","tenantId":"t"},
  {"id":"eu","name":"Europe","tenantId":"t","parentId":"hq"},
  {"id":"de","name":"Germany","tenantId":"t","parentId":"eu"},
  {"id":"uk","name":"UK","tenantId":"other","parentId":"hq"}
]}"#;

/// The session functions as the package's `HierarchySession` class uses them: a handle,
/// freed when the test is done with it.
struct HierarchySession(u32);

impl HierarchySession {
    fn new(input: JsValue, options: Option<JsValue>) -> Result<HierarchySession, JsValue> {
        session_open(input, options).map(HierarchySession)
    }
    fn customer_count(&self) -> u32 {
        session_customer_count(self.0).unwrap()
    }
    fn validate(&self) -> Result<JsValue, JsValue> {
        session_validate(self.0)
    }
    fn tree(&self, id: JsValue) -> Result<JsValue, JsValue> {
        session_tree(self.0, id)
    }
    fn children(&self, id: JsValue) -> Result<JsValue, JsValue> {
        session_children(self.0, id)
    }
    fn path_to_root(&self, id: JsValue) -> Result<JsValue, JsValue> {
        billtree::wasm::session_path_to_root(self.0, id)
    }
    fn forest(&self) -> Result<JsValue, JsValue> {
        session_forest(self.0)
    }
    fn customers(&self) -> Result<JsValue, JsValue> {
        session_customers(self.0)
    }
    fn find_customers(&self, filter: Option<JsValue>) -> Result<JsValue, JsValue> {
        session_find_customers(self.0, filter)
    }
    fn preview_edits(&self, edits: JsValue) -> Result<JsValue, JsValue> {
        session_preview_edits(self.0, edits)
    }
    fn apply_edits(&mut self, edits: JsValue) -> Result<JsValue, JsValue> {
        session_apply_edits(self.0, edits)
    }
    fn set_policy(&mut self, policy: JsValue) -> Result<JsValue, JsValue> {
        session_set_policy(self.0, policy)
    }
    fn check_migration(&self, target: JsValue) -> Result<JsValue, JsValue> {
        session_check_migration(self.0, target)
    }
}

impl Drop for HierarchySession {
    fn drop(&mut self) {
        session_free(self.0);
    }
}

fn get(value: &JsValue, key: &str) -> JsValue {
    Reflect::get(value, &key.into()).unwrap()
}

fn get_path(value: &JsValue, path: &[&str]) -> JsValue {
    path.iter().fold(value.clone(), |at, key| get(&at, key))
}

fn object(json: &str) -> JsValue {
    JSON::parse(json).unwrap()
}

fn stringify(value: &JsValue) -> String {
    JSON::stringify(value).unwrap().as_string().unwrap()
}

/// Checks a thrown value is a real `Error` named BilltreeError with this code.
#[track_caller]
fn assert_error(result: Result<JsValue, JsValue>, code: &str) -> JsValue {
    let error = result.expect_err("the call should have failed");
    assert!(
        error.is_instance_of::<js_sys::Error>(),
        "a real Error, not {error:?}"
    );
    assert_eq!(
        get(&error, "name").as_string().as_deref(),
        Some("BilltreeError")
    );
    assert_eq!(
        get(&error, "code").as_string().as_deref(),
        Some(code),
        "{error:?}"
    );
    let message = error
        .unchecked_ref::<js_sys::Error>()
        .message()
        .as_string()
        .unwrap();
    assert!(!message.is_empty());
    assert!(get(&error, "details").is_object());
    error
}

#[wasm_bindgen_test]
fn reports_are_camel_case_plain_objects_with_nulls() {
    let report = validate_hierarchy(SAMPLE.into(), None).unwrap();
    assert_eq!(get(&report, "valid").as_bool(), Some(false));
    assert_eq!(get(&report, "customerCount").as_f64(), Some(4.0));
    assert_eq!(get(&report, "deepestLevel").as_f64(), Some(3.0));
    let issue = Array::from(&get(&report, "issues")).get(0);
    assert_eq!(
        get(&issue, "code").as_string().as_deref(),
        Some("CROSS_TENANT")
    );
    assert_eq!(stringify(&get(&issue, "customerIds")), r#"["uk","hq"]"#);
    assert!(
        get(&issue, "customer_ids").is_undefined(),
        "no snake_case keys"
    );
    // Absent limits are null, never undefined; objects are plain, not Maps.
    assert!(get_path(&report, &["policy", "maxHierarchySize"]).is_null());
    assert_eq!(
        get_path(&report, &["policy", "name"])
            .as_string()
            .as_deref(),
        Some("chargebee")
    );
    assert!(!report.is_instance_of::<js_sys::Map>());
}

#[wasm_bindgen_test]
fn json_text_and_objects_give_byte_identical_reports() {
    let from_text = validate_hierarchy(SAMPLE.into(), None).unwrap();
    let from_object = validate_hierarchy(object(SAMPLE), None).unwrap();
    let from_array = validate_hierarchy(get(&object(SAMPLE), "customers"), None).unwrap();
    assert_eq!(stringify(&from_text), stringify(&from_object));
    assert_eq!(stringify(&from_text), stringify(&from_array));
    // Same input, same bytes, every time.
    assert_eq!(
        stringify(&from_text),
        stringify(&validate_hierarchy(SAMPLE.into(), None).unwrap())
    );
}

#[wasm_bindgen_test]
fn options_choose_the_policy() {
    let options = object(r#"{"policy":"fynn"}"#);
    let report = validate_hierarchy(SAMPLE.into(), Some(options)).unwrap();
    assert_eq!(
        get_path(&report, &["policy", "maxDepth"]).as_f64(),
        Some(3.0)
    );
    let custom = object(r#"{"policy":{"name":"flat","maxDepth":1}}"#);
    let report = validate_hierarchy(SAMPLE.into(), Some(custom)).unwrap();
    let codes: Vec<String> = Array::from(&get(&report, "issues"))
        .iter()
        .map(|issue| get(&issue, "code").as_string().unwrap())
        .collect();
    assert_eq!(codes, ["DEPTH_EXCEEDED", "DEPTH_EXCEEDED", "CROSS_TENANT"]);
    assert!(validate_hierarchy(SAMPLE.into(), Some(JsValue::UNDEFINED)).is_ok());
    assert!(validate_hierarchy(SAMPLE.into(), Some(JsValue::NULL)).is_ok());
}

#[wasm_bindgen_test]
fn contract_violations_throw_errors_with_codes_and_details() {
    let error = assert_error(
        validate_hierarchy("{\"customers\": [".into(), None),
        "INVALID_JSON",
    );
    assert_eq!(get_path(&error, &["details", "line"]).as_f64(), Some(1.0));

    let error = assert_error(
        validate_hierarchy(
            object(r#"{"customers":[{"id":"a","name":"A"},{"id":5,"name":"B"}]}"#),
            None,
        ),
        "INVALID_INPUT",
    );
    assert_eq!(
        get_path(&error, &["details", "path"])
            .as_string()
            .as_deref(),
        Some("customers[1].id")
    );

    let error = assert_error(
        validate_hierarchy(object(r#"[{"id":"a","name":"A","parentId":7}]"#), None),
        "INVALID_INPUT",
    );
    assert_eq!(
        get_path(&error, &["details", "path"])
            .as_string()
            .as_deref(),
        Some("[0].parentId")
    );

    assert_error(
        validate_hierarchy(JsValue::UNDEFINED, None),
        "INVALID_INPUT",
    );
    assert_error(validate_hierarchy(JsValue::from(42), None), "INVALID_INPUT");
    assert_error(validate_hierarchy(JsValue::TRUE, None), "INVALID_INPUT");
    assert_error(
        validate_hierarchy(object(r#"{"customers":[{"id":"a"}]}"#), None),
        "INVALID_INPUT",
    );
    assert_error(
        validate_hierarchy(
            object(r#"{"customers":[{"id":"a","name":"A","parentID":"b"}]}"#),
            None,
        ),
        "INVALID_INPUT",
    );
    assert_error(
        validate_hierarchy(
            object(r#"{"customers":[{"id":"a","name":"A","archived":"yes"}]}"#),
            None,
        ),
        "INVALID_INPUT",
    );

    let error = assert_error(
        validate_hierarchy(SAMPLE.into(), Some(object(r#"{"policy":"stripe"}"#))),
        "INVALID_POLICY",
    );
    let expected = Array::from(&get_path(&error, &["details", "expected"]));
    assert!(expected.includes(&"orb".into(), 0));
    assert_error(
        validate_hierarchy(SAMPLE.into(), Some(object(r#"{"polcy":"fynn"}"#))),
        "INVALID_INPUT",
    );
    assert_error(
        validate_hierarchy(
            SAMPLE.into(),
            Some(object(r#"{"policy":{"maxDepth":2.5}}"#)),
        ),
        "INVALID_INPUT",
    );
}

#[wasm_bindgen_test]
fn absurd_inputs_are_errors_not_traps() {
    // Nesting far beyond serde_json's recursion limit.
    let deep = format!("{}{}", "[".repeat(100_000), "]".repeat(100_000));
    assert_error(validate_hierarchy(deep.into(), None), "INVALID_INPUT");
    let deep_in_a_field = format!(
        r#"[{{"id":"a","name":"A","currency":{}1{}}}]"#,
        "[".repeat(100_000),
        "]".repeat(100_000)
    );
    assert_error(
        validate_hierarchy(deep_in_a_field.into(), None),
        "INVALID_INPUT",
    );
    let deep_object = format!("{}{}", "{\"customers\":".repeat(1000), "[]}".repeat(1000));
    assert!(validate_hierarchy(deep_object.into(), None).is_err());
    // A nested JS object where a string belongs is refused without walking it.
    let nested = object(&format!(
        r#"[{{"id":"a","name":{}1{}}}]"#,
        "[".repeat(5000),
        "]".repeat(5000)
    ));
    assert_error(validate_hierarchy(nested, None), "INVALID_INPUT");
}

#[wasm_bindgen_test]
fn a_long_chain_crosses_the_boundary_without_stack_overflow() {
    let count = 200_000;
    let mut json = String::from("[{\"id\":\"c0\",\"name\":\"C0\"}");
    for i in 1..count {
        json.push_str(&format!(
            ",{{\"id\":\"c{i}\",\"name\":\"C{i}\",\"parentId\":\"c{}\"}}",
            i - 1
        ));
    }
    json.push(']');
    let options = object(r#"{"policy":{}}"#);
    let session = HierarchySession::new(json.into(), Some(options)).unwrap();
    assert_eq!(session.customer_count(), count);
    let report = session.validate().unwrap();
    assert_eq!(
        get(&report, "deepestLevel").as_f64(),
        Some(f64::from(count))
    );
    let path = session
        .path_to_root(format!("c{}", count - 1).into())
        .unwrap();
    assert_eq!(Array::from(&path).length(), count);
    let preview = session
        .preview_edits(object(&format!(
            r#"{{"op":"setParent","customerId":"c0","parentId":"c{}"}}"#,
            count - 1
        )))
        .unwrap();
    let introduced = Array::from(&get(&preview, "introducedIssues"));
    assert_eq!(
        get(&introduced.get(0), "code").as_string().as_deref(),
        Some("CYCLE")
    );
    drop(session);
}

#[wasm_bindgen_test]
fn sessions_answer_queries_and_preview_before_applying() {
    let mut session = HierarchySession::new(SAMPLE.into(), None).unwrap();
    assert_eq!(session.customer_count(), 4);

    let tree = session.tree("de".into()).unwrap();
    assert_eq!(get(&tree, "rootId").as_string().as_deref(), Some("hq"));
    let nodes = Array::from(&get(&tree, "nodes"));
    let current: Vec<String> = nodes
        .iter()
        .filter(|n| get(n, "isCurrentCustomer").as_bool() == Some(true))
        .map(|n| get(&n, "id").as_string().unwrap())
        .collect();
    assert_eq!(current, ["de"]);
    assert!(get(&nodes.get(0), "parentId").is_null());

    let children = session.children("hq".into()).unwrap();
    assert_eq!(get(&children, "childCount").as_f64(), Some(2.0));
    let page = session
        .find_customers(Some(object(r#"{"hasParent":true,"limit":1}"#)))
        .unwrap();
    assert_eq!(get(&page, "total").as_f64(), Some(3.0));
    assert_eq!(Array::from(&get(&page, "customers")).length(), 1);
    assert_eq!(Array::from(&session.forest().unwrap()).length(), 4);

    // Fixing the cross-tenant child by moving it out: previewed, then applied.
    let edit = object(r#"{"op":"removeParent","customerId":"uk"}"#);
    let preview = session.preview_edits(edit.clone()).unwrap();
    assert_eq!(get(&preview, "applied").as_bool(), Some(false));
    assert_eq!(
        get_path(&preview, &["report", "valid"]).as_bool(),
        Some(true)
    );
    let event = Array::from(&get(&preview, "events")).get(0);
    assert_eq!(
        get(&event, "type").as_string().as_deref(),
        Some("customer.parent.removed")
    );
    assert_eq!(
        get(&event, "previousParentId").as_string().as_deref(),
        Some("hq")
    );
    assert_eq!(Array::from(&get(&preview, "resolvedIssues")).length(), 1);
    assert_eq!(
        get(&session.validate().unwrap(), "valid").as_bool(),
        Some(false),
        "preview changed nothing"
    );

    let applied = session.apply_edits(Array::of1(&edit).into()).unwrap();
    assert_eq!(get(&applied, "applied").as_bool(), Some(true));
    assert_eq!(
        get(&session.validate().unwrap(), "valid").as_bool(),
        Some(true)
    );
    let uk = Array::from(&session.customers().unwrap()).get(3);
    assert!(get(&uk, "parentId").is_null());

    let report = session.set_policy("recurly".into()).unwrap();
    assert_eq!(
        get_path(&report, &["policy", "name"])
            .as_string()
            .as_deref(),
        Some("recurly")
    );
    let migration = session.check_migration("fynn".into()).unwrap();
    assert_eq!(get(&migration, "compatible").as_bool(), Some(true));
    drop(session);
}

#[wasm_bindgen_test]
fn session_arguments_are_checked_strictly() {
    let mut session = HierarchySession::new(SAMPLE.into(), None).unwrap();
    // wasm-bindgen would turn 5 into "5"; billtree refuses it.
    assert_error(session.tree(JsValue::from(5)), "INVALID_INPUT");
    assert_error(session.children(JsValue::NULL), "INVALID_INPUT");
    let error = assert_error(session.tree("nobody".into()), "UNKNOWN_CUSTOMER");
    assert_eq!(
        get_path(&error, &["details", "customerId"])
            .as_string()
            .as_deref(),
        Some("nobody")
    );
    assert_error(
        session.preview_edits(object(r#"{"op":"setParent","customerId":"de"}"#)),
        "INVALID_INPUT",
    );
    assert_error(session.preview_edits(JsValue::UNDEFINED), "INVALID_INPUT");
    assert_error(
        session.find_customers(Some(object(r#"{"isParent":"yes"}"#))),
        "INVALID_INPUT",
    );
    assert_error(session.set_policy(JsValue::from(3)), "INVALID_INPUT");
    assert!(HierarchySession::new("[".into(), None).is_err());
}

#[wasm_bindgen_test]
fn migration_and_presets() {
    let report = check_migration(SAMPLE.into(), "orb".into(), None).unwrap();
    assert_eq!(get(&report, "compatible").as_bool(), Some(false));
    let would_break = Array::from(&get(&report, "wouldBreak"));
    assert_eq!(
        get(&would_break.get(0), "code").as_string().as_deref(),
        Some("DEPTH_EXCEEDED")
    );
    assert_error(
        check_migration(SAMPLE.into(), JsValue::UNDEFINED, None),
        "INVALID_INPUT",
    );

    let presets = Array::from(&policy_presets().unwrap());
    let names: Vec<String> = presets
        .iter()
        .map(|p| get(&p, "name").as_string().unwrap())
        .collect();
    assert_eq!(
        names,
        [
            "chargebee",
            "fynn",
            "zuora",
            "orb",
            "metronome",
            "recurly",
            "m3ter"
        ]
    );
}

#[wasm_bindgen_test]
fn non_ascii_text_survives_the_trip_into_wasm() {
    // Non-ASCII early in a long text makes the first encoding pass run out of room,
    // exercising the path that grows the buffer.
    let long_name = "名前😀".repeat(2000);
    let json = format!(
        r#"[{{"id":"é€😀","name":"Ünïcødé"}},{{"id":"b","name":"{long_name}","parentId":"é€😀"}}]"#
    );
    for input in [JsValue::from(json.as_str()), object(&json)] {
        let session = HierarchySession::new(input, None).unwrap();
        let customers = Array::from(&session.customers().unwrap());
        assert_eq!(
            get(&customers.get(0), "id").as_string().as_deref(),
            Some("é€😀")
        );
        assert_eq!(
            get(&customers.get(1), "name").as_string().unwrap(),
            long_name
        );
        assert_eq!(
            get(&customers.get(1), "parentId").as_string().as_deref(),
            Some("é€😀")
        );
        assert_eq!(
            get(&session.validate().unwrap(), "valid").as_bool(),
            Some(true)
        );
    }
}

#[wasm_bindgen_test]
fn a_freed_session_answers_session_freed_forever_and_the_module_keeps_working() {
    let session = HierarchySession::new(SAMPLE.into(), None).unwrap();
    let handle = session.0;
    drop(session);
    // wasm-bindgen's own classes trapped at the 16,385th such call.
    for _ in 0..20_000 {
        let error = session_validate(handle).unwrap_err();
        assert_eq!(
            get(&error, "code").as_string().as_deref(),
            Some("SESSION_FREED")
        );
        session_free(handle);
    }
    assert_error(session_tree(handle, "hq".into()), "SESSION_FREED");
    assert_error(session_tree(0, "hq".into()), "SESSION_FREED");
    assert_error(session_tree(u32::MAX, "hq".into()), "SESSION_FREED");
    // Everything else still answers, and new sessions never reuse the old handle.
    assert!(validate_hierarchy(SAMPLE.into(), None).is_ok());
    let fresh = HierarchySession::new(SAMPLE.into(), None).unwrap();
    assert_ne!(fresh.0, handle);
    assert_eq!(fresh.customer_count(), 4);
}

#[wasm_bindgen_test]
fn a_getter_in_an_argument_may_call_or_free_the_same_session() {
    let mut session = HierarchySession::new(SAMPLE.into(), None).unwrap();
    let handle = session.0;
    let edit = object(r#"{"op":"setParent","customerId":"uk"}"#);
    let calls = std::rc::Rc::new(std::cell::Cell::new(0));
    let seen = calls.clone();
    let getter = wasm_bindgen::closure::Closure::<dyn FnMut() -> JsValue>::new(move || {
        seen.set(seen.get() + 1);
        // Re-enter: read the session and apply an edit while the outer call reads its
        // arguments.
        assert!(session_validate(handle).is_ok());
        let inner = object(r#"{"op":"archive","customerId":"de"}"#);
        assert!(session_apply_edits(handle, inner).is_ok());
        JsValue::from_str("eu")
    });
    let descriptor = js_sys::Object::new();
    Reflect::set(&descriptor, &"get".into(), getter.as_ref()).unwrap();
    Reflect::set(&descriptor, &"enumerable".into(), &JsValue::TRUE).unwrap();
    js_sys::Object::define_property(
        edit.unchecked_ref::<js_sys::Object>(),
        &"parentId".into(),
        &descriptor,
    );
    let applied = session.apply_edits(edit.clone()).unwrap();
    assert_eq!(calls.get(), 1);
    assert_eq!(Array::from(&get(&applied, "events")).length(), 1);
    let archived = Array::from(&session.customers().unwrap()).get(2);
    assert_eq!(
        get(&archived, "archived").as_bool(),
        Some(true),
        "the inner edit held"
    );

    // A getter that frees the session: the outer call then finds it freed.
    let freeing = wasm_bindgen::closure::Closure::<dyn FnMut() -> JsValue>::new(move || {
        session_free(handle);
        JsValue::from_str("hq")
    });
    let descriptor = js_sys::Object::new();
    Reflect::set(&descriptor, &"get".into(), freeing.as_ref()).unwrap();
    Reflect::set(&descriptor, &"enumerable".into(), &JsValue::TRUE).unwrap();
    let edit = object(r#"{"op":"setParent","customerId":"uk"}"#);
    js_sys::Object::define_property(
        edit.unchecked_ref::<js_sys::Object>(),
        &"parentId".into(),
        &descriptor,
    );
    assert_error(session.preview_edits(edit), "SESSION_FREED");
    assert!(validate_hierarchy(SAMPLE.into(), None).is_ok());
}

#[wasm_bindgen_test]
fn non_finite_numbers_and_bigints_are_named_at_their_path() {
    let customers = object(r#"[{"id":"a","name":"A"},{"id":"b","name":"B"}]"#);
    let second = Array::from(&customers).get(1);
    Reflect::set(&second, &"parentId".into(), &JsValue::from_f64(f64::NAN)).unwrap();
    let error = assert_error(validate_hierarchy(customers, None), "INVALID_INPUT");
    assert_eq!(
        get_path(&error, &["details", "path"])
            .as_string()
            .as_deref(),
        Some("[1].parentId")
    );
    let session = HierarchySession::new(SAMPLE.into(), None).unwrap();
    for (key, value) in [
        ("limit", JsValue::from_f64(f64::INFINITY)),
        ("offset", JsValue::from_f64(f64::NEG_INFINITY)),
        ("offset", js_sys::BigInt::from(3).into()),
    ] {
        let filter = js_sys::Object::new();
        Reflect::set(&filter, &key.into(), &value).unwrap();
        let error = assert_error(session.find_customers(Some(filter.into())), "INVALID_INPUT");
        assert_eq!(
            get_path(&error, &["details", "path"])
                .as_string()
                .as_deref(),
            Some(key)
        );
    }
    // A real null is still a null.
    let filter = object(r#"{"isParent":null,"limit":null}"#);
    assert!(session.find_customers(Some(filter)).is_ok());
}

#[wasm_bindgen_test]
fn arrays_are_never_read_as_objects() {
    let session = HierarchySession::new(SAMPLE.into(), None).unwrap();
    assert_error(
        validate_hierarchy(SAMPLE.into(), Some(object(r#"["orb"]"#))),
        "INVALID_INPUT",
    );
    assert_error(
        session.preview_edits(object(r#"[["setParent","uk","eu"]]"#)),
        "INVALID_INPUT",
    );
    assert_error(
        session.find_customers(Some(object("[true]"))),
        "INVALID_INPUT",
    );
}

#[wasm_bindgen_test]
fn lone_surrogates_are_refused_and_a_bom_is_skipped() {
    let lone = js_sys::JsString::from_char_code1(0xD800);
    let text = js_sys::JsString::from(r#"[{"id":"a","name":""#)
        .concat(&lone)
        .concat(&r#""}]"#.into());
    let error = assert_error(validate_hierarchy(text.into(), None), "INVALID_INPUT");
    assert_eq!(
        get_path(&error, &["details", "path"])
            .as_string()
            .as_deref(),
        Some("[0].name")
    );
    // The same as an object: JSON.stringify escapes it, the parser refuses it.
    let customers = object(r#"[{"id":"a","name":"A"}]"#);
    Reflect::set(&Array::from(&customers).get(0), &"id".into(), &lone).unwrap();
    let error = assert_error(validate_hierarchy(customers, None), "INVALID_INPUT");
    assert_eq!(
        get_path(&error, &["details", "path"])
            .as_string()
            .as_deref(),
        Some("[0].id")
    );
    let session = HierarchySession::new(SAMPLE.into(), None).unwrap();
    assert_error(session.tree(lone.into()), "INVALID_INPUT");
    let with_bom = format!("\u{feff}{SAMPLE}");
    assert!(validate_hierarchy(with_bom.into(), None).is_ok());
}

#[wasm_bindgen_test]
fn a_long_name_quoted_in_many_issues_stays_small() {
    let name = "N".repeat(200_000);
    let mut customers = vec![format!(r#"{{"id":"p","name":"{name}","tenantId":"a"}}"#)];
    for child in 0..200 {
        customers.push(format!(
            r#"{{"id":"c{child}","name":"C","tenantId":"b","parentId":"p"}}"#
        ));
    }
    let json = format!("[{}]", customers.join(","));
    let report = validate_hierarchy(json.into(), None).unwrap();
    let issues = Array::from(&get(&report, "issues"));
    assert_eq!(issues.length(), 200);
    assert!(
        stringify(&report).len() < 200 * 1_000,
        "messages quote a bounded prefix"
    );
}

const BILLED: &str = r#"{"customers":[
  {"id":"hq","name":"Holding","tenantId":"t"},
  {"id":"eu","name":"Europe","tenantId":"t","parentId":"hq","billTo":"parent"},
  {"id":"de","name":"Germany","tenantId":"t","parentId":"eu","billTo":"parent"},
  {"id":"fr","name":"France","tenantId":"t","parentId":"eu","payer":"parent","parentAccountAccess":{"portalDownloadInvoices":"yes"}},
  {"id":"es","name":"Spain","tenantId":"t","parentId":"eu","invoiceOwnerId":"ghost"}
]}"#;

#[wasm_bindgen_test]
fn owners_cross_the_boundary_as_data_with_reasons() {
    let report = billtree::wasm::resolve_owners(BILLED.into()).unwrap();
    let customers: Array = get(&report, "customers").unchecked_into();
    assert_eq!(customers.length(), 5);
    let de = customers.get(2);
    assert_eq!(
        get(&de, "invoiceOwnerId").as_string().as_deref(),
        Some("hq")
    );
    assert_eq!(get(&de, "consolidated").as_bool(), Some(true));
    let fr = customers.get(3);
    assert_eq!(
        get(&fr, "invoiceOwnerId").as_string().as_deref(),
        Some("fr")
    );
    assert_eq!(
        get(&fr, "paymentOwnerId").as_string().as_deref(),
        Some("eu")
    );
    // Unresolved is null with the reason, never a guess.
    let es = customers.get(4);
    assert!(get(&es, "invoiceOwnerId").is_null());
    assert_eq!(
        get_path(&es, &["invoiceUnresolved", "code"])
            .as_string()
            .as_deref(),
        Some("UNKNOWN_OWNER")
    );
    let issues: Array = get(&report, "issues").unchecked_into();
    assert_eq!(issues.length(), 1);
    assert_eq!(
        get_path(&issues.get(0), &["details", "ownerId"])
            .as_string()
            .as_deref(),
        Some("ghost")
    );
    // Objects and text give byte-identical answers.
    let from_object = billtree::wasm::resolve_owners(object(BILLED)).unwrap();
    assert_eq!(stringify(&from_object), stringify(&report));
    // A JS number for an owner id is refused at its path.
    let bad = r#"[{"id":"a","name":"A","paymentOwnerId":5}]"#;
    let error = assert_error(billtree::wasm::resolve_owners(object(bad)), "INVALID_INPUT");
    assert_eq!(
        get_path(&error, &["details", "path"])
            .as_string()
            .as_deref(),
        Some("[0].paymentOwnerId")
    );
}

#[wasm_bindgen_test]
fn sessions_explain_owners_and_preview_billing_changes() {
    use billtree::wasm::{
        session_explain_owners, session_hierarchy_records, session_overdue_cascade,
        session_owned_by, session_owners_of, session_visibility,
    };
    let mut session = HierarchySession::new(BILLED.into(), None).unwrap();
    let explanation = session_explain_owners(session.0, "de".into()).unwrap();
    assert_eq!(get(&explanation, "onAncestorInvoice").as_bool(), Some(true));
    let steps: Array = get(&explanation, "steps").unchecked_into();
    assert_eq!(steps.length(), 4, "{}", stringify(&explanation));
    assert_eq!(
        get(&steps.get(0), "rule").as_string().as_deref(),
        Some("billToParent")
    );
    let owned = session_owned_by(session.0, "hq".into()).unwrap();
    assert_eq!(
        stringify(&get(&owned, "receivesFor")),
        r#"["hq","eu","de"]"#
    );
    // eu being overdue reaches fr, whose payment is delegated to it, and not de, whose
    // charges are on hq's invoice.
    let overdue = session_overdue_cascade(session.0, "eu".into()).unwrap();
    assert_eq!(
        stringify(&get(&overdue, "affected")),
        r#"[{"customerId":"fr","invoiceOwnerId":"fr","reach":"delegatedPayment"}]"#
    );
    assert_error(
        session_overdue_cascade(session.0, "nobody".into()),
        "UNKNOWN_CUSTOMER",
    );
    let records: Array = session_hierarchy_records(session.0, "fr".into())
        .unwrap()
        .unchecked_into();
    assert_eq!(records.length(), 5);
    assert_eq!(
        stringify(&get(&records.get(1), "childrenIds")),
        r#"["de","fr","es"]"#
    );
    // eu pays fr's invoices and fr lets its "parent" download them.
    let visible = session_visibility(session.0, "eu".into()).unwrap();
    let invoices: Array = get(&visible, "invoices").unchecked_into();
    let fr = invoices
        .iter()
        .find(|i| get(i, "customerId").as_string().as_deref() == Some("fr"))
        .expect("eu sees fr's invoices");
    assert_eq!(get(&fr, "via").as_string().as_deref(), Some("paymentOwner"));
    assert_eq!(get(&fr, "download").as_bool(), Some(true));
    // A billing what-if lists only the customers whose owners change; nothing changes
    // until it is applied.
    let edit = object(r#"{"op":"setBillingSettings","customerId":"eu","settings":{}}"#);
    let preview = session.preview_edits(edit.clone()).unwrap();
    let changes: Array = get(&preview, "ownerChanges").unchecked_into();
    let changed: Vec<String> = changes
        .iter()
        .map(|c| get(&c, "customerId").as_string().unwrap())
        .collect();
    assert_eq!(changed, ["eu", "de"]);
    assert_eq!(
        get_path(&changes.get(1), &["after", "invoiceOwnerId"])
            .as_string()
            .as_deref(),
        Some("eu")
    );
    let before = session_owners_of(session.0, "de".into()).unwrap();
    assert_eq!(
        get(&before, "invoiceOwnerId").as_string().as_deref(),
        Some("hq")
    );
    session.apply_edits(edit).unwrap();
    let after = session_owners_of(session.0, "de".into()).unwrap();
    assert_eq!(
        get(&after, "invoiceOwnerId").as_string().as_deref(),
        Some("eu")
    );
    assert_error(
        session_owners_of(session.0, "nobody".into()),
        "UNKNOWN_CUSTOMER",
    );
    assert_error(
        session_explain_owners(session.0, JsValue::from(5)),
        "INVALID_INPUT",
    );
}

/// Every invoice fixture through `previewInvoices`, with the billing input as JSON text
/// and as a JS object: the JSON must be byte-identical to what the native core gave
/// (recorded in tests/fixtures/outputs/invoices.json by tests/fixture_cases.rs), and
/// an error must carry the same code. This runs in Node and in headless Chromium.
#[cfg(feature = "invoices")]
#[wasm_bindgen_test]
fn invoice_fixtures_give_the_native_bytes() {
    let compared = fixtures_give_the_native_bytes(
        include_str!("fixtures/invoices.json"),
        include_str!("fixtures/outputs/invoices.json"),
    );
    assert!(compared >= 40, "{compared} outputs compared");
}

/// The mid-period fixtures (tests/fixtures/periods.json) the same way: dated changes,
/// proration and sub-periods give the native bytes in Node and in Chromium.
#[cfg(feature = "invoices")]
#[wasm_bindgen_test]
fn period_fixtures_give_the_native_bytes() {
    let compared = fixtures_give_the_native_bytes(
        include_str!("fixtures/periods.json"),
        include_str!("fixtures/outputs/periods.json"),
    );
    assert!(compared >= 40, "{compared} outputs compared");
}

/// Every step of a fixture file through `previewInvoices` against its recorded output;
/// how many outputs were compared.
#[cfg(feature = "invoices")]
fn fixtures_give_the_native_bytes(fixtures: &str, recorded: &str) -> usize {
    use serde_json::Value;
    let fixtures: Value = serde_json::from_str(fixtures).unwrap();
    let recorded: Value = serde_json::from_str(recorded).unwrap();
    let cases = fixtures["cases"].as_array().unwrap();
    let outputs = recorded["cases"].as_array().unwrap();
    assert_eq!(cases.len(), outputs.len(), "one recorded entry per case");
    let mut compared = 0;
    for (case, recorded) in cases.iter().zip(outputs) {
        assert_eq!(case["name"], recorded["name"]);
        let customers = serde_json::json!({ "customers": case["customers"] }).to_string();
        let steps = case["steps"].as_array().unwrap();
        for (index, (step, want)) in steps
            .iter()
            .zip(recorded["outputs"].as_array().unwrap())
            .enumerate()
        {
            let label = format!("{} / step {index}", case["name"]);
            let billing = step["args"].to_string();
            for billing in [JsValue::from_str(&billing), object(&billing)] {
                let got = match billtree::wasm::preview_invoices(customers.as_str().into(), billing)
                {
                    Ok(preview) => Value::String(stringify(&preview)),
                    Err(error) => serde_json::json!({ "error": get(&error, "code").as_string() }),
                };
                assert!(got == *want, "{label}: wasm gave {got}, native gave {want}");
                compared += 1;
            }
        }
    }
    compared
}

/// `expected` is a subset of `actual`, as in tests/fixture_cases.rs.
#[cfg(feature = "invoices")]
fn subset(actual: &serde_json::Value, expected: &serde_json::Value, path: &str) {
    use serde_json::Value;
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            for (key, want) in expected {
                let got = actual
                    .get(key)
                    .unwrap_or_else(|| panic!("{path}.{key} is missing"));
                subset(got, want, &format!("{path}.{key}"));
            }
        }
        (Value::Array(actual), Value::Array(expected)) => {
            assert_eq!(actual.len(), expected.len(), "{path} length");
            for (i, (got, want)) in actual.iter().zip(expected).enumerate() {
                subset(got, want, &format!("{path}[{i}]"));
            }
        }
        _ => assert_eq!(actual, expected, "{path}"),
    }
}

/// The billing-session fixtures (tests/fixtures/billing_session.json) through the
/// session's wasm functions: the same expectations as natively, in Node and Chromium.
#[cfg(feature = "invoices")]
#[wasm_bindgen_test]
fn billing_session_fixtures_hold_in_wasm() {
    use billtree::wasm::{
        session_billing_below, session_children_with_subscriptions, session_invoice_what_if,
        session_load_billing, session_loaded_invoices, session_usage_analytics,
    };
    use serde_json::Value;
    let file: Value = serde_json::from_str(include_str!("fixtures/billing_session.json")).unwrap();
    let mut steps_run = 0;
    for case in file["cases"].as_array().unwrap() {
        let customers = case.get("customers").unwrap_or(&file["customers"]);
        let customers = serde_json::json!({ "customers": customers }).to_string();
        let session = HierarchySession::new(customers.as_str().into(), None).unwrap();
        for (index, step) in case["steps"].as_array().unwrap().iter().enumerate() {
            let label = format!("{} / step {index}", case["name"]);
            let args = object(&step["args"].to_string());
            let id = || JsValue::from(step["args"].as_str().unwrap_or_default());
            let result = match step["call"].as_str().unwrap() {
                "loadBilling" => session_load_billing(session.0, args),
                "loadedInvoices" => session_loaded_invoices(session.0),
                "invoiceWhatIf" => session_invoice_what_if(session.0, args),
                "usageAnalytics" => session_usage_analytics(session.0, args),
                "childrenWithSubscriptions" => session_children_with_subscriptions(session.0, id()),
                "billingBelow" => session_billing_below(session.0, id()),
                "applyEdits" => session_apply_edits(session.0, args),
                other => panic!("{label}: no wasm call for {other}"),
            };
            match (result, step.get("expectError")) {
                (Ok(value), None) => {
                    let value: Value = serde_json::from_str(&stringify(&value)).unwrap();
                    subset(&value, &step["expect"], &label);
                }
                (Err(error), Some(code)) => {
                    assert_eq!(
                        get(&error, "code").as_string().as_deref(),
                        code.as_str(),
                        "{label}"
                    );
                }
                (Ok(value), Some(code)) => {
                    panic!("{label}: expected {code}, got {}", stringify(&value))
                }
                (Err(error), None) => panic!("{label}: unexpected {}", stringify(&error)),
            }
            steps_run += 1;
        }
    }
    assert!(steps_run >= 15, "{steps_run} steps");
}
