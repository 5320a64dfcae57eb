//! Runs every JSON fixture in tests/fixtures against the native core. The same files run
//! against the packed npm package in tests/node/fixtures.test.mjs, so native and wasm are
//! held to one set of expectations.
//!
//! A fixture file has `cases`; each case loads a session (customers, optional
//! `generatedChildren` and `policy`, falling back to the file's) and runs its `steps` in
//! order. A step names a session method (`call`), its `args`, and either `expect` (a
//! subset of the result: objects need only the listed keys, arrays must match in length
//! and order) or `expectError` (a contract error code).

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use billtree::ReadJson;
use billtree::{
    from_json_str, parse_hierarchy_json, BillingInput, BilltreeError, CustomerFilter,
    HierarchyEdit, InvoiceWhatIf, Policy, PolicySpec, Session, UsageQuery,
};
use serde_json::{json, Value};

fn parse<T: ReadJson>(value: &Value) -> Result<T, BilltreeError> {
    from_json_str(&value.to_string())
}

/// The case's value for `key`, or the file's.
fn field<'a>(case: &'a Value, file: &'a Value, key: &str) -> Option<&'a Value> {
    case.get(key).or_else(|| file.get(key))
}

fn customers_of(case: &Value, file: &Value) -> Value {
    let mut customers = field(case, file, "customers")
        .and_then(Value::as_array)
        .cloned()
        .unwrap_or_default();
    for group in field(case, file, "generatedChildren")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        let count = group["count"].as_u64().unwrap();
        let prefix = group["idPrefix"].as_str().unwrap();
        for i in 1..=count {
            customers.push(json!({
                "id": format!("{prefix}{i}"),
                "name": format!("Generated {i}"),
                "parentId": group["parentId"],
            }));
        }
    }
    Value::Array(customers)
}

fn string_arg(step: &Value) -> &str {
    step["args"]
        .as_str()
        .expect("this call takes a string argument")
}

fn edits_arg(step: &Value) -> Result<Vec<HierarchyEdit>, BilltreeError> {
    match &step["args"] {
        Value::Array(_) => parse(&step["args"]),
        single => Ok(vec![parse(single)?]),
    }
}

fn to_json<T: serde::Serialize>(value: T) -> Value {
    serde_json::to_value(value).unwrap()
}

fn run_step(session: &mut Session, step: &Value) -> Result<Value, BilltreeError> {
    let call = step["call"].as_str().unwrap();
    Ok(match call {
        "validate" => to_json(session.report()),
        "setPolicy" => {
            let policy = Policy::resolve(&parse::<PolicySpec>(&step["args"])?)?;
            session.set_policy(policy)?;
            to_json(session.report())
        }
        "checkMigration" => {
            let target = Policy::resolve(&parse::<PolicySpec>(&step["args"])?)?;
            to_json(session.check_migration(target)?)
        }
        "tree" => to_json(session.query().tree(string_arg(step))?),
        "forest" => to_json(session.query().forest()?),
        "children" => to_json(session.query().children(string_arg(step))?),
        "pathToRoot" => to_json(session.query().path_to_root(string_arg(step))?),
        "subordinates" => to_json(session.query().subordinates(string_arg(step))?),
        "findCustomers" => to_json(
            session
                .query()
                .find(&parse::<CustomerFilter>(&step["args"])?)?,
        ),
        "previewEdits" => to_json(session.preview(&edits_arg(step)?)?),
        "applyEdits" => to_json(session.apply(&edits_arg(step)?)?),
        "customers" => to_json(session.customers()?),
        "owners" => to_json(session.owners()?),
        "ownersOf" => to_json(session.owners_of(string_arg(step))?),
        "explainOwners" => to_json(session.explain_owners(string_arg(step))?),
        "hierarchyRecords" => to_json(session.hierarchy_records(string_arg(step))?),
        "ownedBy" => to_json(session.owned_by(string_arg(step))?),
        "overdueCascade" => to_json(session.overdue_cascade(string_arg(step))?),
        "visibility" => to_json(session.visibility(string_arg(step))?),
        "invoices" => to_json(session.invoices(&parse::<BillingInput>(&step["args"])?)?),
        "loadBilling" => to_json(session.load_billing(parse::<BillingInput>(&step["args"])?)?),
        "loadedInvoices" => to_json(session.loaded_invoices()),
        "invoiceWhatIf" => {
            to_json(session.invoice_what_if(&parse::<InvoiceWhatIf>(&step["args"])?)?)
        }
        "usageAnalytics" => to_json(session.usage_analytics(&parse::<UsageQuery>(&step["args"])?)?),
        "childrenWithSubscriptions" => {
            to_json(session.children_with_subscriptions(string_arg(step))?)
        }
        "billingBelow" => to_json(session.billing_below(string_arg(step))?),
        other => panic!("unknown call {other:?} in a fixture"),
    })
}

/// `expected` is a subset of `actual`: objects need only the expected keys; arrays must
/// have the same length and match element by element; anything else must be equal.
fn check_subset(actual: &Value, expected: &Value, path: &str) -> Result<(), String> {
    match (actual, expected) {
        (Value::Object(actual), Value::Object(expected)) => {
            for (key, want) in expected {
                let got = actual
                    .get(key)
                    .ok_or_else(|| format!("{path}.{key} is missing"))?;
                check_subset(got, want, &format!("{path}.{key}"))?;
            }
            Ok(())
        }
        (Value::Array(actual), Value::Array(expected)) => {
            if actual.len() != expected.len() {
                return Err(format!(
                    "{path} has {} items, expected {}: {}",
                    actual.len(),
                    expected.len(),
                    Value::Array(actual.clone())
                ));
            }
            for (i, (got, want)) in actual.iter().zip(expected).enumerate() {
                check_subset(got, want, &format!("{path}[{i}]"))?;
            }
            Ok(())
        }
        _ if actual == expected => Ok(()),
        _ => Err(format!("{path} is {actual}, expected {expected}")),
    }
}

fn run_file(name: &str) -> usize {
    let path = format!("{}/tests/fixtures/{name}", env!("CARGO_MANIFEST_DIR"));
    let file: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    let mut failures = Vec::new();
    let mut steps_run = 0;
    for case in file["cases"].as_array().unwrap() {
        let case_name = case["name"].as_str().unwrap();
        let store = parse_hierarchy_json(&customers_of(case, &file).to_string()).unwrap();
        let policy = field(case, &file, "policy")
            .map(|spec| Policy::resolve(&parse::<PolicySpec>(spec).unwrap()).unwrap())
            .unwrap_or_default();
        let mut session = Session::load(store, policy).unwrap();
        for (index, step) in case["steps"].as_array().unwrap().iter().enumerate() {
            steps_run += 1;
            let label = format!("{name} / {case_name} / step {index} ({})", step["call"]);
            let outcome = run_step(&mut session, step);
            let problem = match (outcome, step.get("expect"), step.get("expectError")) {
                (Ok(actual), Some(expected), None) => {
                    check_subset(&actual, expected, "result").err()
                }
                (Err(error), None, Some(code)) if error.code.as_str() == code => {
                    // `expectPath`, where given: the input path the error names.
                    let path = error.details.path.as_deref().unwrap_or_default();
                    match step.get("expectPath").and_then(Value::as_str) {
                        Some(want) if want != path => Some(format!(
                            "error {error} names the path {path:?}, expected {want:?}"
                        )),
                        _ => None,
                    }
                }
                (Err(error), _, _) => Some(format!("unexpected error {error}")),
                (Ok(actual), _, Some(code)) => Some(format!("expected error {code}, got {actual}")),
                (Ok(_), None, None) => Some("step has neither expect nor expectError".into()),
            };
            if let Some(problem) = problem {
                failures.push(format!("{label}: {problem}"));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} failing step(s):\n{}",
        failures.len(),
        failures.join("\n")
    );
    steps_run
}

#[test]
fn validation_fixtures() {
    assert!(run_file("validation.json") >= 16);
}

#[test]
fn policy_fixtures() {
    assert!(run_file("policies.json") >= 11);
}

#[test]
fn query_fixtures() {
    assert!(run_file("queries.json") >= 20);
}

#[test]
fn edit_fixtures() {
    assert!(run_file("edits.json") >= 20);
}

#[test]
fn owner_fixtures() {
    assert!(run_file("owners.json") >= 80);
}

#[test]
fn the_subset_check_can_fail() {
    assert!(check_subset(&json!({"a": [1, 2]}), &json!({"a": [1]}), "r").is_err());
    assert!(check_subset(&json!({"a": 1}), &json!({"b": 1}), "r").is_err());
    assert!(check_subset(&json!({"a": null}), &json!({"a": "x"}), "r").is_err());
    assert!(check_subset(&json!({"a": 1, "b": 2}), &json!({"a": 1}), "r").is_ok());
}

/// What the subset-matching fixtures cannot say: cleared billing settings leave no
/// field behind in the export.
#[test]
fn cleared_billing_settings_leave_no_field_in_the_export() {
    let store = parse_hierarchy_json(r#"[{"id":"a","name":"A","billTo":"root","payer":"parent"}]"#)
        .unwrap();
    let mut session = Session::load(store, Policy::default()).unwrap();
    let before = serde_json::to_value(session.customers().unwrap()).unwrap();
    assert_eq!(before[0]["billTo"], "root");
    let clear: HierarchyEdit =
        from_json_str(r#"{"op":"setBillingSettings","customerId":"a","settings":{}}"#).unwrap();
    session.apply(&[clear]).unwrap();
    let after = serde_json::to_value(session.customers().unwrap()).unwrap();
    assert_eq!(
        after,
        json!([{ "id": "a", "name": "A", "tenantId": null, "parentId": null, "archived": false, "currency": null }])
    );
}

#[test]
fn billing_session_fixtures() {
    assert!(run_file("billing_session.json") >= 8);
}

#[test]
fn invoice_fixtures() {
    assert!(run_file("invoices.json") >= 20);
}

#[test]
fn period_fixtures() {
    assert!(run_file("periods.json") >= 20);
}

/// The outputs every step of an invoice fixture file gives natively, recorded byte
/// for byte in tests/fixtures/outputs/<file>: the wasm tests (tests/wasm_boundary.rs,
/// in Node and in Chromium) hold `previewInvoices` to the same bytes, so native, Node
/// and browser outputs are identical. The recorded file is only ever written with
/// `BILLTREE_UPDATE_OUTPUTS=1`; a change in any output fails here first.
fn outputs_are_recorded(name: &str) {
    let root = env!("CARGO_MANIFEST_DIR");
    let path = format!("{root}/tests/fixtures/outputs/{name}");
    let fixtures = format!("{root}/tests/fixtures/{name}");
    let file: Value = serde_json::from_str(&std::fs::read_to_string(fixtures).unwrap()).unwrap();
    let mut cases = Vec::new();
    for case in file["cases"].as_array().unwrap() {
        let customers = json!({ "customers": customers_of(case, &file) }).to_string();
        let outputs: Vec<Value> = case["steps"]
            .as_array()
            .unwrap()
            .iter()
            .map(|step| {
                assert_eq!(step["call"], "invoices");
                let billing = step["args"].to_string();
                match from_json_str::<BillingInput>(&billing)
                    .and_then(|billing| {
                        billtree::invoice_preview(parse_hierarchy_json(&customers)?, &billing)
                    })
                    .and_then(|preview| billtree::to_json_text(&preview))
                {
                    Ok(text) => Value::String(text),
                    Err(error) => json!({ "error": error.code.as_str() }),
                }
            })
            .collect();
        cases.push(json!({ "name": case["name"], "outputs": outputs }));
    }
    let recorded = serde_json::to_string_pretty(&json!({
        "description": format!("What each step of {name} gives natively, as the JSON text the wasm boundary hands to JSON.parse (or the error code). Written by `BILLTREE_UPDATE_OUTPUTS=1 cargo test --test fixture_cases`; tests/wasm_boundary.rs checks previewInvoices against it in Node and Chromium."),
        "cases": cases,
    }))
    .unwrap()
        + "\n";
    if std::env::var_os("BILLTREE_UPDATE_OUTPUTS").is_some() {
        std::fs::create_dir_all(std::path::Path::new(&path).parent().unwrap()).unwrap();
        std::fs::write(&path, &recorded).unwrap();
    }
    let on_disk = std::fs::read_to_string(&path).unwrap_or_default();
    assert!(
        on_disk == recorded,
        "native invoice outputs differ from {path}; if the change is intended, run BILLTREE_UPDATE_OUTPUTS=1 cargo test --test fixture_cases and review the diff"
    );
}

#[test]
fn invoice_outputs_are_the_recorded_native_outputs() {
    outputs_are_recorded("invoices.json");
}

#[test]
fn period_outputs_are_the_recorded_native_outputs() {
    outputs_are_recorded("periods.json");
}

/// The page's and README's sample billing input (www/sample-billing.json) over the
/// sample hierarchy: it must preview without a single issue, with an invoice for each
/// customer that receives one, in both currencies.
#[test]
fn the_sample_billing_previews_without_issues() {
    let root = env!("CARGO_MANIFEST_DIR");
    let customers = std::fs::read_to_string(format!("{root}/www/sample-hierarchy.json")).unwrap();
    let billing = std::fs::read_to_string(format!("{root}/www/sample-billing.json")).unwrap();
    let billing: BillingInput = from_json_str(&billing).unwrap();
    let preview =
        billtree::invoice_preview(parse_hierarchy_json(&customers).unwrap(), &billing).unwrap();
    assert!(preview.issues.is_empty(), "{:#?}", preview.issues);
    let receivers: Vec<(&str, &str)> = preview
        .invoices
        .iter()
        .map(|i| (i.customer_id.as_str(), i.currency.as_str()))
        .collect();
    for expected in [
        ("nordlicht-holding", "EUR"),
        ("nordlicht-de", "EUR"),
        ("nordlicht-uk", "GBP"),
        ("uk-events", "GBP"),
        ("uk-finance", "GBP"),
    ] {
        assert!(
            receivers.contains(&expected),
            "no invoice for {expected:?}: {receivers:?}"
        );
    }
}
