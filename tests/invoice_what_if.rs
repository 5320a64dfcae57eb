//! Invoice what-ifs against recomputing everything. On random hierarchies and billing
//! inputs (tests/support/invoice_cases.rs), a random what-if (re-parents, billing
//! settings, archiving, usage set per customer and meter, roll-up modes) previewed on a
//! session must report exactly the invoices that differ between the loaded invoices and
//! a full preview of the edited session with the changed input: the same invoices
//! after, the same totals before, although it recomputes only the owners it can reach.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

#[path = "support/invoice_cases.rs"]
mod invoice_cases;

use billtree::{
    from_json_str, parse_hierarchy_json, BillingInput, Invoice, InvoiceWhatIf, Policy, Session,
    Totals,
};
use invoice_cases::{case, MODES};
use proptest::prelude::*;
use serde_json::{json, Value};
use std::collections::BTreeMap;

/// A what-if as JSON, from raw choices.
fn what_if_json(
    n: usize,
    edits: &[(u8, usize, usize)],
    usage: &[(usize, usize, u32)],
    modes: &[(bool, usize, usize)],
) -> Value {
    let id = |k: usize| format!("c{}", k % n);
    let edits: Vec<Value> = edits
        .iter()
        .map(|(op, a, b)| match op {
            0 => json!({ "op": "setParent", "customerId": id(*a), "parentId": id(*b) }),
            1 => json!({ "op": "removeParent", "customerId": id(*a) }),
            2 => json!({ "op": "setBillingSettings", "customerId": id(*a), "settings": { "billTo": "parent" } }),
            3 => json!({ "op": "setBillingSettings", "customerId": id(*a), "settings": {} }),
            4 => json!({ "op": "archive", "customerId": id(*a) }),
            _ => json!({ "op": "moveSubtree", "customerId": id(*a), "parentId": null }),
        })
        .collect();
    let usage: Vec<Value> = usage
        .iter()
        .map(|(c, m, q)| json!({ "customerId": id(*c), "meter": format!("m{m}"), "quantity": format!("{}.{:02}", q / 100, q % 100) }))
        .collect();
    let prices = ["graduated", "volume", "unit", "package"];
    let modes: Vec<Value> = modes
        .iter()
        .map(|(on_price, which, mode)| match on_price {
            true => json!({ "priceId": prices[*which], "rollup": MODES[*mode] }),
            false => json!({ "subscriptionId": format!("s{which}"), "rollup": MODES[*mode] }),
        })
        .collect();
    json!({ "edits": edits, "usage": usage, "modes": modes })
}

/// The billing input with the what-if's usage and modes written into it.
fn changed_input(billing: &Value, what_if: &Value) -> Value {
    let mut billing = billing.clone();
    for set in what_if["usage"].as_array().unwrap() {
        let same =
            |row: &Value| row["customerId"] == set["customerId"] && row["meter"] == set["meter"];
        for list in ["usage", "usageTotals"] {
            if let Some(rows) = billing[list].as_array_mut() {
                rows.retain(|row| !same(row));
            }
        }
        if billing["usageTotals"].is_null() {
            billing["usageTotals"] = json!([]);
        }
        billing["usageTotals"]
            .as_array_mut()
            .unwrap()
            .push(set.clone());
    }
    for change in what_if["modes"].as_array().unwrap() {
        let (list, key) = match change.get("priceId") {
            Some(id) => ("prices", id.clone()),
            None => ("subscriptions", change["subscriptionId"].clone()),
        };
        for item in billing[list].as_array_mut().unwrap() {
            if item["id"] == key {
                item["rollup"] = change["rollup"].clone();
            }
        }
    }
    billing
}

type Key = (String, String, String);

fn keyed(invoices: &[Invoice]) -> BTreeMap<Key, &Invoice> {
    invoices
        .iter()
        .map(|i| {
            let key = (
                i.customer_id.clone(),
                i.currency.clone(),
                i.invoice_owner_id.clone(),
            );
            (key, i)
        })
        .collect()
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, ..ProptestConfig::default() })]

    #[test]
    fn a_what_if_reports_exactly_what_a_full_recompute_changes(
        (customers, billing, _) in case(),
        edits in prop::collection::vec((0u8..6, 0usize..10, 0usize..10), 0..3),
        usage in prop::collection::vec((0usize..10, 0usize..3, 0u32..600_000), 0..3),
        modes in prop::collection::vec((any::<bool>(), 0usize..4, 0usize..5), 0..2),
    ) {
        let n = customers.as_array().unwrap().len();
        let what_if_value = what_if_json(n, &edits, &usage, &modes);
        let store = parse_hierarchy_json(&json!({ "customers": customers }).to_string()).unwrap();
        let mut session = Session::load(store, Policy::default()).unwrap();
        let input: BillingInput = from_json_str(&billing.to_string()).unwrap();
        session.load_billing(input).unwrap();
        let what_if: InvoiceWhatIf = from_json_str(&what_if_value.to_string()).unwrap();
        let scoped = session.invoice_what_if(&what_if);

        // Everything again: the edits applied to a copy, the changed input previewed whole.
        let mut edited = session.clone();
        let applied = edited.apply(&what_if.edits);
        let (scoped, ()) = match (scoped, applied) {
            (Ok(scoped), Ok(_)) => (scoped, ()),
            (Err(a), Err(b)) => {
                prop_assert_eq!(a.code, b.code);
                return Ok(());
            }
            (scoped, applied) => panic!("what-if {scoped:?} but applying {applied:?}"),
        };
        let changed: BillingInput = from_json_str(&changed_input(&billing, &what_if_value).to_string()).unwrap();
        let full = edited.invoices(&changed).unwrap();
        let before = keyed(&session.loaded_invoices().unwrap().invoices);
        let after = keyed(&full.invoices);

        let mut expected: BTreeMap<Key, (Option<Totals>, Option<&Invoice>)> = BTreeMap::new();
        for (key, invoice) in &after {
            if before.get(key) != Some(invoice) {
                expected.insert(key.clone(), (before.get(key).map(|b| b.totals.clone()), Some(*invoice)));
            }
        }
        for (key, invoice) in &before {
            if !after.contains_key(key) {
                expected.insert(key.clone(), (Some(invoice.totals.clone()), None));
            }
        }
        let reported: BTreeMap<Key, (Option<Totals>, Option<&Invoice>)> = scoped
            .changed
            .iter()
            .map(|c| {
                let key = (c.customer_id.clone(), c.currency.clone(), c.invoice_owner_id.clone());
                (key, (c.before.clone(), c.invoice.as_ref()))
            })
            .collect();
        prop_assert_eq!(reported.len(), scoped.changed.len(), "one entry per invoice");
        prop_assert_eq!(reported, expected, "what-if {}", what_if_value);
        for change in &scoped.changed {
            prop_assert_eq!(change.after.as_ref(), change.invoice.as_ref().map(|i| &i.totals));
        }
        // The issues it introduces: those of the full recompute the loaded billing lacks.
        let had = &session.loaded_invoices().unwrap().issues;
        let sorted = |issues: Vec<&billtree::BillingIssue>| {
            let mut texts: Vec<String> = issues.iter().map(|i| serde_json::to_string(i).unwrap()).collect();
            texts.sort();
            texts
        };
        let introduced = sorted(full.issues.iter().filter(|i| !had.contains(i)).collect());
        prop_assert_eq!(sorted(scoped.introduced_issues.iter().collect()), introduced, "what-if {}", what_if_value);
    }
}

/// The design example (graduated tiers upTo 1000 @ 0.02, upTo 5000 @ 0.005, then 0.01;
/// a 1200 + b 800 pooled = 25.00) and two what-ifs worked out by hand.
#[test]
fn the_design_example_under_a_usage_change_and_a_mode_change() {
    let customers = json!({ "customers": [
        { "id": "hq", "name": "HQ", "currency": "EUR" },
        { "id": "a", "name": "A", "parentId": "hq", "currency": "EUR", "billTo": "parent" },
        { "id": "b", "name": "B", "parentId": "hq", "currency": "EUR", "billTo": "parent" },
        { "id": "solo", "name": "Solo", "currency": "EUR" },
    ]});
    let billing = json!({
        "period": { "start": "2026-11-01", "end": "2026-12-01" },
        "prices": [
            { "id": "api", "currency": "EUR", "model": "graduated", "meter": "api", "tiers": [
                { "upTo": "1000", "unitAmount": "0.02" }, { "upTo": "5000", "unitAmount": "0.005" }, { "unitAmount": "0.01" }] },
            { "id": "fee", "currency": "EUR", "model": "flat", "amount": "9.00" },
        ],
        "subscriptions": [
            { "id": "s-hq", "customerId": "hq", "priceIds": ["api"] },
            { "id": "s-a", "customerId": "a", "parentSubscriptionId": "s-hq" },
            { "id": "s-b", "customerId": "b", "parentSubscriptionId": "s-hq" },
            { "id": "s-solo", "customerId": "solo", "priceIds": ["fee"] },
        ],
        "usageTotals": [
            { "customerId": "a", "meter": "api", "quantity": "1200" },
            { "customerId": "b", "meter": "api", "quantity": "800" },
        ],
    });
    let store = parse_hierarchy_json(&customers.to_string()).unwrap();
    let mut session = Session::load(store, Policy::default()).unwrap();
    let loaded = session
        .load_billing(from_json_str::<BillingInput>(&billing.to_string()).unwrap())
        .unwrap();
    assert_eq!(loaded.invoices.len(), 2);
    assert_eq!(loaded.invoices[0].totals.amount_due.0.to_string(), "25.00");

    // b uses 3800 instead: the pool of 5000 costs 1000 × 0.02 + 4000 × 0.005 = 40.00.
    let usage: InvoiceWhatIf = from_json_str(
        r#"{ "usage": [{ "customerId": "b", "meter": "api", "quantity": "3800" }] }"#,
    )
    .unwrap();
    let result = session.invoice_what_if(&usage).unwrap();
    assert_eq!(result.changed.len(), 1, "solo's invoice does not change");
    let change = &result.changed[0];
    assert_eq!(change.customer_id, "hq");
    assert_eq!(
        change.before.as_ref().unwrap().amount_due.0.to_string(),
        "25.00"
    );
    assert_eq!(
        change.after.as_ref().unwrap().amount_due.0.to_string(),
        "40.00"
    );
    assert_eq!(result.invoices_recomputed, 1, "hq's alone, not solo's");
    assert_eq!(result.invoices_before, 2);

    // Apportioned instead of pooled: the same 25.00, now as a 15.00 and b 10.00, so the
    // invoice changes and its totals do not.
    let mode: InvoiceWhatIf =
        from_json_str(r#"{ "modes": [{ "subscriptionId": "s-hq", "rollup": "apportioned" }] }"#)
            .unwrap();
    let result = session.invoice_what_if(&mode).unwrap();
    assert_eq!(result.changed.len(), 1);
    let change = &result.changed[0];
    assert_eq!(change.before, change.after);
    let invoice = change.invoice.as_ref().unwrap();
    let shares: Vec<(String, String)> = invoice
        .sections
        .iter()
        .flat_map(|s| s.lines.iter())
        .map(|l| (l.customer_id.clone(), l.amount.0.to_string()))
        .collect();
    assert_eq!(
        shares,
        [("a".into(), "15.00".into()), ("b".into(), "10.00".into())]
    );

    // The session is unchanged by what-ifs.
    assert_eq!(
        session.loaded_invoices().unwrap().invoices[0]
            .totals
            .amount_due
            .0
            .to_string(),
        "25.00"
    );
}
