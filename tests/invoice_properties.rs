//! Property tests for consolidated invoices: random hierarchies (trees and cycles, with
//! `billTo: "parent"` and `payer: "parent"`), random catalogs in every price model and
//! roll-up mode, random usage, charges, discounts, tax rates, credits and commitments.
//! Whatever the input, previewing never panics; every invoice's totals are the sum of
//! its sections; the steps of every total agree with each other; apportioned lines sum
//! to their pool; pooled quantities equal the sum of their contributors; credits never
//! exceed a balance; and the output does not depend on the order of the input rows.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
#[path = "support/invoice_cases.rs"]
mod invoice_cases;

use billtree::{
    from_json_str, invoice_preview, parse_hierarchy_json, BillingInput, InvoicePreview, Totals,
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

fn fields(t: &Totals) -> [Decimal; 9] {
    [
        t.lines.0,
        t.discounts.0,
        t.true_up.0,
        t.net.0,
        t.tax.0,
        t.carried.0,
        t.total.0,
        t.credits.0,
        t.amount_due.0,
    ]
}

fn check_steps(t: &Totals) {
    let [lines, discounts, true_up, net, tax, carried, total, credits, due] = fields(t);
    assert_eq!(net, lines - discounts + true_up);
    assert_eq!(total, net + tax + carried);
    assert_eq!(due, total - credits);
    assert!(credits >= Decimal::ZERO && discounts >= Decimal::ZERO && true_up >= Decimal::ZERO);
}

/// Shuffles every list of the billing input with a simple deterministic generator.
fn shuffled(billing: &Value, mut seed: u64) -> Value {
    let mut out = billing.clone();
    for key in [
        "prices",
        "subscriptions",
        "usage",
        "charges",
        "taxRates",
        "credits",
        "discounts",
        "commitments",
    ] {
        let list = out[key].as_array_mut().unwrap();
        for i in (1..list.len()).rev() {
            seed = seed
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            list.swap(i, (seed >> 33) as usize % (i + 1));
        }
    }
    out
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn invoices_add_up_and_do_not_depend_on_input_order((customers, billing, seed) in case()) {
        let result = preview(&customers, &billing);
        for invoice in &result.invoices {
            check_steps(&invoice.totals);
            // The invoice is the sum of its sections' own amounts.
            let mut sum = [Decimal::ZERO; 9];
            for section in &invoice.sections {
                check_steps(&section.own);
                check_steps(&section.totals);
                for (s, v) in sum.iter_mut().zip(fields(&section.own)) { *s += v; }
            }
            let whole = fields(&invoice.totals);
            for i in [0, 1, 2, 3, 4, 5, 6] { prop_assert_eq!(sum[i], whole[i]); }
            prop_assert_eq!(fields(&invoice.sections[0].totals), whole);
            // Nested totals: own plus the children's nested totals.
            for (at, section) in invoice.sections.iter().enumerate() {
                let mut nested = fields(&section.own);
                for child in &invoice.sections[at + 1..] {
                    if child.depth <= section.depth { break; }
                    if child.depth == section.depth + 1 {
                        for (s, v) in nested.iter_mut().zip(fields(&child.totals)) { *s += v; }
                    }
                }
                for i in [0, 1, 2, 3, 4, 5, 6] { prop_assert_eq!(nested[i], fields(&section.totals)[i]); }
                let own_lines: Decimal = section.lines.iter().filter(|l| matches!(l.kind, billtree::LineKind::Flat | billtree::LineKind::Usage | billtree::LineKind::Charge)).map(|l| l.amount.0).sum();
                prop_assert_eq!(own_lines, section.own.lines.0);
            }
            // Discounts shown on lines and on the invoice are the discounts step.
            let shown: Decimal = invoice.sections.iter().flat_map(|s| &s.lines).flat_map(|l| &l.discounts).map(|d| d.amount.0).sum::<Decimal>()
                + invoice.discounts.iter().map(|d| d.amount.0).sum::<Decimal>();
            prop_assert_eq!(shown, invoice.totals.discounts.0);
            let credited: Decimal = invoice.credits.iter().map(|c| c.amount.0).sum();
            prop_assert_eq!(credited, invoice.totals.credits.0);
            // Apportioned lines sum to their pool; pooled quantities to their line.
            let mut pools: BTreeMap<(String, String), (Decimal, Decimal)> = BTreeMap::new();
            for line in invoice.sections.iter().flat_map(|s| &s.lines) {
                if let Some(pool) = &line.pool {
                    let entry = pools.entry((line.subscription_id.clone().unwrap(), line.price_id.clone().unwrap())).or_insert((Decimal::ZERO, pool.pool_amount.0));
                    entry.0 += line.amount.0;
                }
                if !line.breakdown.is_empty() {
                    let sum: Decimal = line.breakdown.iter().map(|c| c.quantity.0).sum();
                    prop_assert_eq!(Some(sum), line.quantity.map(|q| q.0));
                }
                let scale = line.amount.0.scale();
                prop_assert_eq!(scale, invoice.minor_units);
            }
            for (key, (sum, pool)) in pools { prop_assert_eq!(sum, pool, "{:?}", key); }
        }
        for balance in &result.credits {
            prop_assert!(balance.applied.0 >= Decimal::ZERO && balance.applied.0 <= balance.before.0);
            prop_assert_eq!(balance.remaining.0, balance.before.0 - balance.applied.0);
        }
        let once = serde_json::to_string(&result).unwrap();
        let again = serde_json::to_string(&preview(&customers, &shuffled(&billing, seed))).unwrap();
        prop_assert_eq!(once, again);
    }
}

fn text_value() -> impl Strategy<Value = Value> {
    prop_oneof![
        "[-0-9.eE+_ ]{0,24}".prop_map(Value::from),
        Just(json!("999999999999999.999999")),
        Just(json!("999999999999999.999999999999")),
        Just(json!(12.5)),
        Just(json!(null)),
        "[A-Za-z]{0,4}".prop_map(Value::from),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    /// Absurd and malformed values are errors with a code, never a panic.
    #[test]
    fn absurd_values_are_errors_not_panics(
        amount in text_value(), unit in text_value(), quantity in text_value(), currency in text_value(), upto in text_value(),
    ) {
        let customers = json!([{ "id": "hq", "name": "HQ", "currency": "EUR" }, { "id": "a", "name": "A", "parentId": "hq", "billTo": "parent" }]);
        let billing = json!({
            "period": { "start": "2026-11-01", "end": "2026-12-01" },
            "prices": [
                { "id": "p", "currency": currency, "model": "graduated", "meter": "m", "tiers": [{ "upTo": upto, "unitAmount": unit }, { "unitAmount": unit }] },
                { "id": "f", "currency": "EUR", "model": "flat", "amount": amount },
            ],
            "subscriptions": [{ "id": "s", "customerId": "hq", "priceIds": ["p", "f"], "currency": "EUR" }],
            "usageTotals": [{ "customerId": "a", "meter": "m", "quantity": quantity }, { "customerId": "hq", "meter": "m", "quantity": quantity }],
            "charges": [{ "id": "c", "customerId": "a", "description": "x", "amount": amount }],
            "credits": [{ "customerId": "a", "amount": amount }],
            "taxRates": [{ "customerId": "hq", "percent": "99.999999" }],
        });
        let store = parse_hierarchy_json(&customers.to_string()).unwrap();
        match from_json_str::<BillingInput>(&billing.to_string()) {
            Err(error) => prop_assert!(!error.code.as_str().is_empty()),
            Ok(input) => {
                if let Err(error) = invoice_preview(store, &input) {
                    prop_assert!(matches!(error.code.as_str(), "UNKNOWN_CURRENCY" | "AMOUNT_OVERFLOW" | "INVALID_INPUT"), "{}", error);
                }
            }
        }
    }
}
