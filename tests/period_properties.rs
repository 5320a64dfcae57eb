//! Property tests for mid-period changes, over the random billing cases the invoice
//! properties use: a change effective on the period's first day gives the invoices of
//! the changed hierarchy; one on or after the period's end changes nothing; a change
//! that changes nothing (a customer given the parent it has) splits the period but no
//! invoice; prorated fees sum to the fee in 0-, 2- and 3-decimal currencies over months
//! of 28 to 31 days; and a session's what-if with an effective date (re-parents,
//! billing settings, lifecycle steps) reports exactly the invoices and issues a full
//! preview with those changes differs by, although it recomputes only the owners the
//! changes reach.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "support/invoice_cases.rs"]
mod invoice_cases;

use billtree::{
    from_json_str, invoice_preview, parse_hierarchy_json, BillingInput, InvoicePreview,
    InvoiceWhatIf, Session, UsageQuery,
};
use invoice_cases::case;
use proptest::prelude::*;
use rust_decimal::Decimal;
use serde_json::{json, Value};
use std::collections::BTreeMap;

fn preview(customers: &Value, billing: &Value) -> InvoicePreview {
    let store = parse_hierarchy_json(&customers.to_string()).unwrap();
    let input: BillingInput = from_json_str(&billing.to_string()).unwrap();
    invoice_preview(store, &input).unwrap()
}

fn text(value: &impl serde::Serialize) -> String {
    serde_json::to_string(value).unwrap()
}

/// An edit of customer `who` (`kind` picks which) as a change, and the same edit made
/// to the customers themselves.
fn edit(customers: &Value, who: usize, to: usize, kind: u8) -> (Value, Value) {
    let n = customers.as_array().unwrap().len();
    let (who, to) = (who % n, to % n);
    let id = format!("c{who}");
    let mut edited = customers.clone();
    let customer = &mut edited[who];
    let edit = match kind % 3 {
        0 => {
            customer["parentId"] = json!(format!("c{to}"));
            json!({ "op": "setParent", "customerId": id, "parentId": format!("c{to}") })
        }
        1 => {
            customer.as_object_mut().unwrap().remove("parentId");
            json!({ "op": "removeParent", "customerId": id })
        }
        _ => {
            let object = customer.as_object_mut().unwrap();
            object.remove("billTo");
            object.remove("payer");
            let settings = match to % 3 {
                0 => json!({}),
                1 => json!({ "billTo": "parent" }),
                _ => json!({ "payer": "parent" }),
            };
            for (key, value) in settings.as_object().unwrap() {
                object.insert(key.clone(), value.clone());
            }
            json!({ "op": "setBillingSettings", "customerId": id, "settings": settings })
        }
    };
    (edit, edited)
}

fn with_change(billing: &Value, date: &str, edits: Value) -> Value {
    let mut changed = billing.clone();
    changed["changes"] = json!([{ "effectiveDate": date, "edits": edits }]);
    changed
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(150))]

    #[test]
    fn a_change_on_the_first_day_is_the_changed_hierarchy_and_after_the_end_nothing(
        (customers, billing, _) in case(),
        who in 0usize..10, to in 0usize..10, kind in any::<u8>(), after in 0i64..40,
    ) {
        let (edit, edited) = edit(&customers, who, to, kind);
        let first = preview(&customers, &with_change(&billing, "2026-11-01", json!([edit.clone()])));
        prop_assert_eq!(text(&first), text(&preview(&edited, &billing)));
        let day = chrono::NaiveDate::from_ymd_opt(2026, 12, 1).unwrap() + chrono::Days::new(after as u64);
        let late = preview(&customers, &with_change(&billing, &day.to_string(), json!([edit])));
        prop_assert_eq!(text(&late), text(&preview(&customers, &billing)));
    }

    #[test]
    fn a_change_that_changes_nothing_splits_the_period_but_no_invoice(
        (customers, billing, _) in case(), who in 0usize..10, day in 2u32..31,
    ) {
        // The customer keeps its parent (or stays a root): the same relations, so the
        // same owners, in both sub-periods.
        let n = customers.as_array().unwrap().len();
        let customer = &customers[who % n];
        let id = customer["id"].clone();
        let keep = match customer.get("parentId") {
            Some(parent) => json!({ "op": "setParent", "customerId": id, "parentId": parent }),
            None => json!({ "op": "removeParent", "customerId": id }),
        };
        let date = format!("2026-11-{day:02}");
        let split = preview(&customers, &with_change(&billing, &date, json!([keep])));
        let whole = preview(&customers, &billing);
        prop_assert_eq!(split.sub_periods.len(), 2);
        prop_assert_eq!(text(&split.invoices), text(&whole.invoices));
        prop_assert_eq!(text(&split.credits), text(&whole.credits));
    }

    #[test]
    fn prorated_parts_sum_to_the_fee(
        cents in 0u64..10_000_000_000, currency in 0usize..3, month in 0usize..4, day in 2u32..28,
        moves in 1usize..4,
    ) {
        // February 2027 (28 days), February 2028 (29), November (30), December (31).
        let (start, end) = [("2027-02-01", "2027-03-01"), ("2028-02-01", "2028-03-01"), ("2026-11-01", "2026-12-01"), ("2026-12-01", "2027-01-01")][month];
        let (code, places) = [("JPY", 0), ("EUR", 2), ("KWD", 3)][currency];
        let fee = Decimal::new(cents as i64, places);
        let customers = json!([
            { "id": "a", "name": "A", "currency": code },
            { "id": "b", "name": "B", "currency": code },
            { "id": "c", "name": "C", "currency": code, "parentId": "a", "billTo": "parent" },
        ]);
        let prefix = &start[..8];
        let changes: Vec<Value> = (0..moves).map(|k| json!({
            "effectiveDate": format!("{prefix}{:02}", (day as usize + k * 3).min(28)),
            "edits": [{ "op": "setParent", "customerId": "c", "parentId": if k % 2 == 0 { "b" } else { "a" } }],
        })).collect();
        let billing = json!({
            "period": { "start": start, "end": end },
            "prices": [{ "id": "fee", "currency": code, "model": "flat", "amount": fee.to_string() }],
            "subscriptions": [{ "id": "s", "customerId": "c", "priceIds": ["fee"] }],
            "changes": changes,
        });
        let result = preview(&customers, &billing);
        let lines: Vec<Decimal> = result.invoices.iter().flat_map(|i| &i.sections).flat_map(|s| &s.lines).map(|l| l.amount.0).collect();
        prop_assert!(lines.len() >= 2);
        prop_assert_eq!(lines.iter().copied().sum::<Decimal>(), fee);
        let days: u32 = result.sub_periods.iter().map(|p| p.days).sum();
        prop_assert_eq!(i64::from(days), (chrono::NaiveDate::parse_from_str(end, "%Y-%m-%d").unwrap() - chrono::NaiveDate::parse_from_str(start, "%Y-%m-%d").unwrap()).num_days());
        for line in &lines { prop_assert_eq!(line.scale(), places); }
    }

    #[test]
    fn a_dated_what_if_reports_what_a_full_preview_with_the_change_differs_by(
        (customers, billing, _) in case(),
        who in 0usize..10, to in 0usize..10, kind in any::<u8>(), day in 1u32..31,
        second in proptest::option::of((0usize..10, 0usize..10, any::<u8>(), 1u32..31)),
        step in proptest::option::of((0usize..6, 0u8..3, 1u32..31)),
    ) {
        let (first, _) = edit(&customers, who, to, kind);
        let date = format!("2026-11-{day:02}");
        // A lifecycle step on its own day too, now and then: a subscription (or an
        // inherited skeleton, which may not be stepped on its own) paused, resumed or
        // cancelled.
        let step = step.map(|(which, action, day)| {
            let subscriptions = billing["subscriptions"].as_array().unwrap();
            let id = subscriptions[which % subscriptions.len()]["id"].clone();
            let action = ["pause", "resume", "cancel"][usize::from(action)];
            (day, json!({ "subscriptionId": id, "action": action }))
        });
        let store = parse_hierarchy_json(&customers.to_string()).unwrap();
        let mut session = Session::load(store, Default::default()).unwrap();
        let input: BillingInput = from_json_str(&billing.to_string()).unwrap();
        let before = session.load_billing(input).unwrap().clone();
        // One change (`effectiveDate`), or two on their own days (`changes`).
        let (what_if, changes) = match (second, step) {
            (None, None) => (
                json!({ "edits": [first.clone()], "effectiveDate": date }),
                json!([{ "effectiveDate": date, "edits": [first] }]),
            ),
            (second, step) => {
                let mut changes = vec![(day, json!({ "edits": [first] }))];
                if let Some((who2, to2, kind2, day2)) = second {
                    changes.push((day2, json!({ "edits": [edit(&customers, who2, to2, kind2).0] })));
                }
                if let Some((day3, step)) = step {
                    changes.push((day3, json!({ "lifecycle": [step] })));
                }
                changes.sort_by_key(|(day, _)| *day);
                let changes: Vec<Value> = changes.into_iter().map(|(day, mut change)| {
                    change["effectiveDate"] = json!(format!("2026-11-{day:02}"));
                    change
                }).collect();
                (json!({ "changes": changes }), json!(changes))
            }
        };
        let what_if: InvoiceWhatIf = from_json_str(&what_if.to_string()).unwrap();
        let result = session.invoice_what_if(&what_if).unwrap();
        let mut changed = billing.clone();
        changed["changes"] = changes;
        let after = preview(&customers, &changed);
        let key = |i: &billtree::Invoice| (i.customer_id.clone(), i.currency.clone(), i.invoice_owner_id.clone());
        let old: BTreeMap<_, _> = before.invoices.iter().map(|i| (key(i), text(i))).collect();
        let new: BTreeMap<_, _> = after.invoices.iter().map(|i| (key(i), text(i))).collect();
        let mut expected: Vec<_> = new.iter().filter(|(k, v)| old.get(*k) != Some(*v)).map(|(k, v)| (k.clone(), Some(v.clone()))).collect();
        expected.extend(old.keys().filter(|k| !new.contains_key(*k)).map(|k| (k.clone(), None)));
        expected.sort();
        let mut reported: Vec<_> = result.changed.iter().map(|c| ((c.customer_id.clone(), c.currency.clone(), c.invoice_owner_id.clone()), c.invoice.as_ref().map(text))).collect();
        reported.sort();
        prop_assert_eq!(reported, expected);
        // And the billing issues it brings: those of the full preview the loaded
        // billing lacks.
        let mut introduced: Vec<String> = after.issues.iter().filter(|i| !before.issues.contains(i)).map(text).collect();
        introduced.sort();
        let mut told: Vec<String> = result.introduced_issues.iter().map(text).collect();
        told.sort();
        prop_assert_eq!(told, introduced);
    }

    #[test]
    fn usage_analytics_count_each_customers_rows_in_the_period_across_a_change(
        (customers, billing, _) in case(),
        who in 0usize..10, to in 0usize..10, kind in any::<u8>(), day in 1u32..31,
    ) {
        let (edit, _) = edit(&customers, who, to, kind);
        let billing = with_change(&billing, &format!("2026-11-{day:02}"), json!([edit]));
        let store = parse_hierarchy_json(&customers.to_string()).unwrap();
        let mut session = Session::load(store, Default::default()).unwrap();
        session.load_billing(from_json_str::<BillingInput>(&billing.to_string()).unwrap()).unwrap();
        for customer in customers.as_array().unwrap() {
            let id = customer["id"].as_str().unwrap();
            let mut rows: BTreeMap<String, Decimal> = BTreeMap::new();
            for row in billing["usage"].as_array().unwrap() {
                if row["customerId"] == id && row["timestamp"].as_str().unwrap().starts_with("2026-11") {
                    *rows.entry(row["meter"].as_str().unwrap().to_owned()).or_default() += row["quantity"].as_str().unwrap().parse::<Decimal>().unwrap();
                }
            }
            rows.retain(|_, q| !q.is_zero());
            let query: UsageQuery = from_json_str(&json!({ "customerId": id }).to_string()).unwrap();
            let answer = session.usage_analytics(&query).unwrap();
            let counted: BTreeMap<String, Decimal> = answer.meters.iter().map(|m| (m.meter.clone(), m.quantity.0)).collect();
            prop_assert_eq!(&counted, &rows);
            let with_children: UsageQuery = from_json_str(&json!({ "customerId": id, "includeChildren": true }).to_string()).unwrap();
            let wider = session.usage_analytics(&with_children).unwrap();
            for meter in &answer.meters {
                let own = wider.meters.iter().find(|m| m.meter == meter.meter).and_then(|m| m.customers.iter().find(|c| c.customer_id == id));
                prop_assert_eq!(own.map(|c| c.quantity.0), Some(meter.quantity.0));
            }
        }
    }
}
