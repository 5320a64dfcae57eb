//! Native side of the hierarchy benchmark (driven by `node bench/hierarchy.mjs`, which
//! runs the wasm side in the same process and prints the ratios).
//!
//! Writes each input as JSON next to the results, so Node measures the very same bytes,
//! and prints one JSON line of medians in milliseconds:
//! `cargo bench --bench hierarchy -- <out-dir> [rounds]`.

#![allow(clippy::expect_used)] // a benchmark should stop loudly on a broken input

#[path = "support/timing.rs"]
mod timing;

use billtree::{
    parse_hierarchy_json, resolve_owners, validate_hierarchy, BillingSettings, HierarchyEdit,
    Policy, PresetName, Session,
};
use std::fmt::Write as _;
use timing::{arguments, time_ms};

/// Hierarchy sizes measured, in customers.
const SIZES: [usize; 3] = [10_000, 100_000, 1_000_000];
const WHAT_IF_SIZE: usize = 100_000;

/// A forest of fan-out 10 and five levels (11,111 customers per root), ids like
/// `cus_0000042`, one tenant: a valid hierarchy under Chargebee's limits.
fn hierarchy_json(count: usize) -> String {
    forest_json(count, false)
}

/// The same forest with billing settings of every way: level 2 has its parent pay
/// (`payer: "parent"`), level 3 bills to its parent, level 4 names its parent as
/// invoice and payment owner (Chargebee) or bills to it, level 5 bills to the root or
/// to its parent. Every owner resolves.
fn owners_json(count: usize) -> String {
    forest_json(count, true)
}

fn forest_json(count: usize, billing: bool) -> String {
    let mut json = String::with_capacity(count * 110);
    json.push_str("{\"customers\":[");
    for i in 0..count {
        let per_root = 11_111;
        let (root, offset) = (i / per_root * per_root, i % per_root);
        // Breadth-first numbering inside each root: parent of offset k is (k - 1) / 10.
        let parent = (offset > 0).then(|| root + (offset - 1) / 10);
        if i > 0 {
            json.push(',');
        }
        let _ = write!(
            json,
            "{{\"id\":\"cus_{i:07}\",\"name\":\"Customer {i}\",\"tenantId\":\"acme\""
        );
        if let Some(parent) = parent {
            let _ = write!(json, ",\"parentId\":\"cus_{parent:07}\"");
            if billing {
                let settings = match offset {
                    1..=10 => r#""payer":"parent""#.to_owned(),
                    11..=110 => r#""billTo":"parent""#.to_owned(),
                    111..=1110 if i % 2 == 0 => format!(
                        "\"invoiceOwnerId\":\"cus_{parent:07}\",\"paymentOwnerId\":\"cus_{parent:07}\""
                    ),
                    _ if i % 3 == 0 => r#""billTo":"root""#.to_owned(),
                    _ => r#""billTo":"parent""#.to_owned(),
                };
                json.push(',');
                json.push_str(&settings);
            }
        }
        json.push('}');
    }
    json.push_str("]}");
    json
}

/// The re-parent measured on the loaded session: a level-4 customer (with its ten
/// children) moves under another level-3 customer.
fn what_if_edit() -> HierarchyEdit {
    HierarchyEdit::SetParent {
        customer_id: "cus_0000111".into(),
        parent_id: "cus_0000022".into(),
    }
}

/// Hierarchy sizes for owner resolution.
const OWNER_SIZES: [usize; 2] = [100_000, 1_000_000];

/// The billing what-if: `cus_0000001` (level 2) drops `payer: "parent"`.
fn billing_what_if_edit() -> HierarchyEdit {
    HierarchyEdit::SetBillingSettings {
        customer_id: "cus_0000001".into(),
        settings: BillingSettings::default(),
    }
}

/// Ids that share one Fx hash (natively with `wide`, in wasm32 without), from the
/// generator the unit tests use.
mod fx_collisions {
    include!(concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/support/fx_collisions.rs"
    ));
}

/// Customers in the flooding comparison.
const FLOOD_SIZE: usize = 40_000;

/// Flat customers (no parents) with these ids, as a hierarchy document.
fn flat_json(ids: &[String]) -> String {
    let customers: Vec<String> = ids
        .iter()
        .map(|id| format!("{{\"id\":\"{id}\",\"name\":\"C\"}}"))
        .collect();
    format!("{{\"customers\":[{}]}}", customers.join(","))
}

fn main() {
    let (out, rounds) = arguments();

    let mut results = Vec::new();
    // BILLTREE_BENCH_ONLY=whatif skips the validation runs (for profiling the edit path).
    let only_what_if = std::env::var("BILLTREE_BENCH_ONLY").is_ok_and(|only| only == "whatif");
    for count in SIZES.into_iter().filter(|_| !only_what_if) {
        let json = hierarchy_json(count);
        std::fs::write(format!("{out}/hierarchy-{count}.json"), &json).expect("write input");
        let policy = PresetName::Chargebee.policy();
        // What wasm does for validateHierarchy(text): parse, load, validate, serialize.
        let ms = time_ms(rounds, || {
            let store = parse_hierarchy_json(&json).expect("valid input");
            let report = validate_hierarchy(store, &policy).expect("fits");
            assert!(report.valid);
            std::hint::black_box(serde_json::to_string(&report).expect("serializes"));
        });
        results.push(format!("\"validate{count}\":{ms}"));
    }

    // Hash flooding: ids crafted to share one Fx hash against ordinary ids of the same
    // length, both flat. The wasm side gets ids that collide under wasm32's Fx.
    if !only_what_if {
        let ordinary: Vec<String> = (0..FLOOD_SIZE).map(|i| format!("{i:0>32}")).collect();
        let native_flood = fx_collisions::colliding_ids(FLOOD_SIZE, true);
        let wasm_flood = fx_collisions::colliding_ids(FLOOD_SIZE, false);
        let policy = PresetName::Chargebee.policy();
        for (name, ids) in [("ordinary", &ordinary), ("flood", &native_flood)] {
            let json = flat_json(ids);
            let ms = time_ms(rounds, || {
                let store = parse_hierarchy_json(&json).expect("valid input");
                let report = validate_hierarchy(store, &policy).expect("fits");
                std::hint::black_box(serde_json::to_string(&report).expect("serializes"));
            });
            results.push(format!("\"{name}{FLOOD_SIZE}\":{ms}"));
        }
        for (name, ids) in [("ordinary", &ordinary), ("flood-wasm", &wasm_flood)] {
            std::fs::write(format!("{out}/{name}-{FLOOD_SIZE}.json"), flat_json(ids))
                .expect("write input");
        }
    }

    // Owner resolution: what wasm does for resolveOwners(text).
    for count in OWNER_SIZES.into_iter().filter(|_| !only_what_if) {
        let json = owners_json(count);
        std::fs::write(format!("{out}/owners-{count}.json"), &json).expect("write input");
        let ms = time_ms(rounds, || {
            let store = parse_hierarchy_json(&json).expect("valid input");
            let report = resolve_owners(store).expect("fits");
            assert!(report.issues.is_empty());
            std::hint::black_box(serde_json::to_string(&report).expect("serializes"));
        });
        results.push(format!("\"owners{count}\":{ms}"));
    }

    // A billing what-if on a loaded session with settings: the level-2 customer stops
    // having its parent pay, which changes the payer of itself and of the subordinates
    // whose charges land on its invoice.
    let json = owners_json(WHAT_IF_SIZE);
    let session = Session::load(
        parse_hierarchy_json(&json).expect("valid"),
        Policy::default(),
    )
    .expect("loads");
    let edit = [billing_what_if_edit()];
    let ms = time_ms(if only_what_if { 500 } else { rounds.max(21) }, || {
        let preview = session.preview(&edit).expect("previews");
        assert!(!preview.owner_changes.is_empty());
        std::hint::black_box(serde_json::to_string(&preview).expect("serializes"));
    });
    results.push(format!("\"billingWhatIf{WHAT_IF_SIZE}\":{ms}"));

    let json = hierarchy_json(WHAT_IF_SIZE);
    let session = Session::load(
        parse_hierarchy_json(&json).expect("valid"),
        Policy::default(),
    )
    .expect("loads");
    let edit = [what_if_edit()];
    let ms = time_ms(if only_what_if { 500 } else { rounds.max(21) }, || {
        let preview = session.preview(&edit).expect("previews");
        std::hint::black_box(serde_json::to_string(&preview).expect("serializes"));
    });
    results.push(format!("\"whatIf{WHAT_IF_SIZE}\":{ms}"));
    println!("{{{}}}", results.join(","));
}
