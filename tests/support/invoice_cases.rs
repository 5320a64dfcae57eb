//! The random billing cases the invoice property tests share: hierarchies of up to ten
//! customers (trees and cycles, `billTo: "parent"` and `payer: "parent"`), a catalog in
//! every price model and roll-up mode with skeleton subscriptions, usage inside and
//! outside the period, charges, tax rates, credits, a discount and a commitment.

use proptest::prelude::*;
use serde_json::{json, Value};

/// Every roll-up mode.
pub const MODES: [&str; 5] = [
    "pooled",
    "apportioned",
    "passthrough",
    "summary",
    "separate",
];

fn hierarchy(n: usize, parents: &[Option<usize>], settings: &[u8]) -> Value {
    let customers: Vec<Value> = (0..n)
        .map(|k| {
            let mut c =
                json!({ "id": format!("c{k}"), "name": format!("C{k}"), "currency": "EUR" });
            if let Some(p) = parents[k] {
                c["parentId"] = json!(format!("c{p}"));
            }
            match settings[k] % 4 {
                0 | 1 => c["billTo"] = json!("parent"),
                2 => c["payer"] = json!("parent"),
                _ => {}
            }
            c
        })
        .collect();
    Value::Array(customers)
}

fn quantity(raw: u32) -> String {
    format!("{}.{:02}", raw / 100, raw % 100)
}

prop_compose! {
    /// Customers, billing input, and a seed for shuffling rows.
    pub fn case()(n in 1usize..10)(
        n in Just(n),
        parents in prop::collection::vec(prop::option::of(0usize..10), n),
        settings in prop::collection::vec(any::<u8>(), n),
        modes in prop::collection::vec(0usize..5, 6),
        holders in prop::collection::vec(0usize..10, 4),
        inherit in prop::collection::vec(any::<bool>(), n),
        usage in prop::collection::vec((0usize..10, 0usize..3, 0u32..600_000, 0u32..40), 0..40),
        charges in prop::collection::vec((0usize..10, -5_000i64..50_000), 0..6),
        tax in prop::collection::vec(prop::option::of(0u32..30), n),
        credits in prop::collection::vec((0usize..10, 0u32..20_000), 0..4),
        discount in prop::option::of((0usize..10, 1u32..60)),
        commitment in prop::option::of((0usize..10, 0u32..100_000)),
        seed in any::<u64>(),
    ) -> (Value, Value, u64) {
        let parents: Vec<Option<usize>> = parents.iter().enumerate().map(|(k, p)| p.map(|p| p % n).filter(|p| *p != k)).collect();
        let customers = hierarchy(n, &parents, &settings);
        let tiers = json!([{ "upTo": "1000", "unitAmount": "0.02" }, { "upTo": "5000", "unitAmount": "0.005" }, { "unitAmount": "0.01" }]);
        let prices = json!([
            { "id": "graduated", "currency": "EUR", "model": "graduated", "meter": "m0", "tiers": tiers, "rollup": MODES[modes[0]] },
            { "id": "volume", "currency": "EUR", "model": "volume", "meter": "m1", "tiers": tiers },
            { "id": "unit", "currency": "EUR", "model": "perUnit", "meter": "m2", "unitAmount": "0.0333" },
            { "id": "package", "currency": "EUR", "model": "package", "meter": "m1", "amount": "7.77", "packageSize": "250" },
            { "id": "fee", "currency": "EUR", "model": "flat", "amount": "19.99" },
        ]);
        let mut subscriptions = vec![];
        for (i, holder) in holders.iter().enumerate() {
            let holder = holder % n;
            let price_ids = match i { 0 => json!(["graduated", "fee"]), 1 => json!(["volume", "unit"]), 2 => json!(["package"]), _ => json!(["graduated", "unit"]) };
            subscriptions.push(json!({ "id": format!("s{i}"), "customerId": format!("c{holder}"), "priceIds": price_ids, "rollup": MODES[modes[i + 1]] }));
        }
        // Skeletons of s0 for the children of its holder that want one.
        let s0_holder = holders[0] % n;
        for k in 0..n {
            if inherit[k] && parents[k] == Some(s0_holder) {
                subscriptions.push(json!({ "id": format!("k{k}"), "customerId": format!("c{k}"), "parentSubscriptionId": "s0" }));
            }
        }
        let usage: Vec<Value> = usage.iter().map(|(c, m, q, day)| json!({
            "customerId": format!("c{}", c % n), "meter": format!("m{m}"), "quantity": quantity(*q),
            "timestamp": format!("2026-{}T08:00:00Z", if *day < 30 { format!("11-{:02}", day + 1) } else { "12-03".to_owned() }),
        })).collect();
        let charges: Vec<Value> = charges.iter().enumerate().map(|(i, (c, cents))| json!({
            "id": format!("ch{i}"), "customerId": format!("c{}", c % n), "description": "one-off",
            "amount": format!("{}{}.{:02}", if *cents < 0 { "-" } else { "" }, cents.abs() / 100, cents.abs() % 100),
        })).collect();
        let tax_rates: Vec<Value> = tax.iter().enumerate().filter_map(|(k, t)| t.map(|t| json!({ "customerId": format!("c{k}"), "percent": format!("{}.5", t) }))).collect();
        let credits: Vec<Value> = credits.iter().map(|(c, cents)| json!({ "customerId": format!("c{}", c % n), "amount": quantity(*cents) })).collect();
        let discounts: Vec<Value> = discount.iter().map(|(c, p)| json!({ "id": "d", "customerId": format!("c{}", c % n), "percent": p.to_string() })).collect();
        let commitments: Vec<Value> = commitment.iter().map(|(c, cents)| json!({ "customerId": format!("c{}", c % n), "minimum": quantity(*cents) })).collect();
        let billing = json!({
            "period": { "start": "2026-11-01", "end": "2026-12-01" },
            "prices": prices, "subscriptions": subscriptions, "usage": usage, "charges": charges,
            "taxRates": tax_rates, "credits": credits, "discounts": discounts, "commitments": commitments,
        });
        (customers, billing, seed)
    }
}
