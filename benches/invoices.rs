//! Native side of the invoice benchmark (driven by `node bench/invoices.mjs`, which runs
//! the wasm and decimal.js sides in the same process and prints the ratios).
//!
//! The workload (issue 7): N customers in forests of fan-out 10 and depth 5, 10 usage
//! rows each on 20 meters, priced by graduated tiers and pooled at the invoice owner.
//! Each root and its ten children are invoice owners with one pooled subscription to
//! all 20 prices; deeper customers bill to their parent and hold a skeleton subscription
//! inherited from their level-2 ancestor's (Flexprice `inherited`), so their usage pools
//! on that owner's invoice. Writes the inputs and the native totals per invoice next to the
//! results, so Node measures the very same bytes and checks the same totals, and
//! prints one JSON line of medians in milliseconds:
//! `cargo bench --bench invoices -- <out-dir> [rounds]`. With `BILLTREE_BENCH_SPLIT=1`
//! it also prints, per size, how long each step of one cold run took (reading the
//! customers, reading the billing input, previewing, writing the JSON); with
//! `BILLTREE_BENCH_WHATIF_ONLY=1` it runs only the what-ifs on the loaded 100k session.

#![allow(clippy::expect_used)] // a benchmark should stop loudly on a broken input

#[path = "support/timing.rs"]
mod timing;

use billtree::{
    from_json_str, invoice_preview, parse_hierarchy_json, to_json_text, BillingInput,
    InvoiceWhatIf, Policy, Session,
};
use std::fmt::Write as _;
use std::time::Instant;
use timing::{arguments, time_ms};

/// Customers measured; 10 usage rows each.
const SIZES: [usize; 3] = [1_000, 10_000, 100_000];
const METERS: usize = 20;
const ROWS_PER_CUSTOMER: usize = 10;
const PER_ROOT: usize = 11_111;

/// The forest: breadth-first numbering inside each root, parent of offset k is
/// (k - 1) / 10; offsets 0..=10 own their invoices, deeper customers bill to their parent.
fn customers_json(count: usize) -> String {
    let mut json = String::with_capacity(count * 110);
    json.push_str("{\"customers\":[");
    for i in 0..count {
        let (root, offset) = (i / PER_ROOT * PER_ROOT, i % PER_ROOT);
        if i > 0 {
            json.push(',');
        }
        let _ = write!(
            json,
            "{{\"id\":\"cus_{i:07}\",\"name\":\"Customer {i}\",\"currency\":\"EUR\""
        );
        if offset > 0 {
            let parent = root + (offset - 1) / 10;
            let _ = write!(json, ",\"parentId\":\"cus_{parent:07}\"");
            if offset > 10 {
                json.push_str(",\"billTo\":\"parent\"");
            }
        }
        json.push('}');
    }
    json.push_str("]}");
    json
}

/// Prices, one subscription per owner, and the usage rows. Quantities are whole units
/// or quarters, timestamps spread over the period.
fn billing_json(count: usize) -> String {
    let mut json = String::with_capacity(count * ROWS_PER_CUSTOMER * 90);
    json.push_str(r#"{"period":{"start":"2026-11-01","end":"2026-12-01"},"prices":["#);
    for meter in 0..METERS {
        if meter > 0 {
            json.push(',');
        }
        let _ = write!(
            json,
            r#"{{"id":"p{meter:02}","currency":"EUR","model":"graduated","meter":"m{meter:02}","tiers":[{{"upTo":"1000","unitAmount":"0.02"}},{{"upTo":"5000","unitAmount":"0.005"}},{{"unitAmount":"0.0125"}}]}}"#
        );
    }
    json.push_str("],\"subscriptions\":[");
    let price_ids: Vec<String> = (0..METERS).map(|m| format!("\"p{m:02}\"")).collect();
    let price_ids = price_ids.join(",");
    for i in 0..count {
        if i > 0 {
            json.push(',');
        }
        let (root, offset) = (i / PER_ROOT * PER_ROOT, i % PER_ROOT);
        if offset <= 10 {
            let _ = write!(
                json,
                r#"{{"id":"sub_{i:07}","customerId":"cus_{i:07}","priceIds":[{price_ids}],"rollup":"pooled"}}"#
            );
        } else {
            // The level-2 ancestor's subscription: offsets 11..=110 are its children,
            // and every deeper customer descends from one of those.
            let mut level2 = offset;
            while level2 > 10 {
                level2 = (level2 - 1) / 10;
            }
            let owner = root + level2;
            let _ = write!(
                json,
                r#"{{"id":"sub_{i:07}","customerId":"cus_{i:07}","parentSubscriptionId":"sub_{owner:07}"}}"#
            );
        }
    }
    json.push_str("],\"usage\":[");
    for i in 0..count {
        for row in 0..ROWS_PER_CUSTOMER {
            if i + row > 0 {
                json.push(',');
            }
            let meter = (i * 7 + row * 3) % METERS;
            let units = 1 + (i * 31 + row * 17) % 400;
            let quarters = ["", ".25", ".5", ".75"][(i + row) % 4];
            let day = 1 + (i + row * 3) % 30;
            let hour = (i * 13 + row) % 24;
            let _ = write!(
                json,
                r#"{{"customerId":"cus_{i:07}","meter":"m{meter:02}","quantity":"{units}{quarters}","timestamp":"2026-11-{day:02}T{hour:02}:00:00Z"}}"#
            );
        }
    }
    json.push_str("]}");
    json
}

/// The billing input with ten re-parents on ten days of November (customers
/// `cus_0000200`… under `cus_0000030`…, a shallower customer, so no cycle).
pub fn with_ten_changes(billing: &str) -> String {
    let changes: Vec<String> = (0..10)
        .map(|k| {
            format!(
                r#"{{"effectiveDate":"2026-11-{:02}","edits":[{{"op":"setParent","customerId":"cus_{:07}","parentId":"cus_{:07}"}}]}}"#,
                3 + 2 * k,
                200 + k,
                30 + k
            )
        })
        .collect();
    let open = billing.trim_end().trim_end_matches('}');
    format!(r#"{open},"changes":[{}]}}"#, changes.join(","))
}

fn main() {
    let (out, rounds) = arguments();

    let mut results = Vec::new();
    // `BILLTREE_BENCH_WHATIF_ONLY=1`: only the what-ifs on the loaded 100k session
    // (for profiling them).
    let sizes: &[usize] = match std::env::var_os("BILLTREE_BENCH_WHATIF_ONLY") {
        Some(_) => &[],
        None => &SIZES,
    };
    for &count in sizes {
        let customers = customers_json(count);
        let billing = billing_json(count);
        std::fs::write(format!("{out}/invoice-customers-{count}.json"), &customers)
            .expect("write input");
        std::fs::write(format!("{out}/invoice-billing-{count}.json"), &billing)
            .expect("write input");
        // What wasm does for previewInvoices(text, text): parse both, preview, serialize.
        let run = || {
            let store = parse_hierarchy_json(&customers).expect("valid customers");
            let input: BillingInput = from_json_str(&billing).expect("valid billing input");
            let preview = invoice_preview(store, &input).expect("previews");
            (to_json_text(&preview).expect("serializes"), preview)
        };
        let (_, preview) = run();
        assert!(preview.issues.is_empty(), "{:?}", preview.issues.first());
        let totals: Vec<String> = preview
            .invoices
            .iter()
            .map(|invoice| {
                format!(
                    "\"{}\":\"{}\"",
                    invoice.customer_id, invoice.totals.amount_due.0
                )
            })
            .collect();
        std::fs::write(
            format!("{out}/invoice-totals-{count}.json"),
            format!("{{{}}}", totals.join(",")),
        )
        .expect("write totals");
        if std::env::var_os("BILLTREE_BENCH_SPLIT").is_some() {
            let t = Instant::now();
            let store = parse_hierarchy_json(&customers).expect("valid customers");
            let t1 = t.elapsed();
            let input: BillingInput = from_json_str(&billing).expect("valid billing input");
            let t2 = t.elapsed();
            let preview = invoice_preview(store, &input).expect("previews");
            let t3 = t.elapsed();
            let text = to_json_text(&preview).expect("serializes");
            let t4 = t.elapsed();
            eprintln!(
                "{count}: customers {t1:?} billing {:?} preview {:?} text {:?} ({} bytes)",
                t2 - t1,
                t3 - t2,
                t4 - t3,
                text.len()
            );
        }
        let ms = time_ms(rounds, || {
            std::hint::black_box(run());
        });
        results.push(format!("\"invoices{count}\":{ms}"));
        // The same preview with ten re-parents on ten days of the period (eleven
        // sub-periods, eleven owner resolutions), against the plain one above.
        let changed = with_ten_changes(&billing);
        std::fs::write(
            format!("{out}/invoice-billing-changes-{count}.json"),
            &changed,
        )
        .expect("write input");
        let ms = time_ms(rounds, || {
            let store = parse_hierarchy_json(&customers).expect("valid customers");
            let input: BillingInput = from_json_str(&changed).expect("valid billing input");
            let preview = invoice_preview(store, &input).expect("previews");
            std::hint::black_box(to_json_text(&preview).expect("serializes"));
        });
        results.push(format!("\"tenChanges{count}\":{ms}"));
    }
    // What-ifs on a loaded 100k session: one customer's usage, and a re-parent of a
    // level-4 customer (with its ten children) under a level-3 customer of another
    // level-2 owner, so two owners' invoices change.
    let count = 100_000;
    let store = parse_hierarchy_json(&customers_json(count)).expect("valid customers");
    let mut session = Session::load(store, Policy::default()).expect("loads");
    let input: BillingInput = from_json_str(&billing_json(count)).expect("valid billing input");
    session.load_billing(input).expect("previews");
    let usage: InvoiceWhatIf = from_json_str(
        r#"{"usage":[{"customerId":"cus_0000500","meter":"m00","quantity":"5000"}]}"#,
    )
    .expect("valid what-if");
    let reparent: InvoiceWhatIf = from_json_str(
        r#"{"edits":[{"op":"setParent","customerId":"cus_0000200","parentId":"cus_0000030"}]}"#,
    )
    .expect("valid what-if");
    let dated: InvoiceWhatIf = from_json_str(
        r#"{"edits":[{"op":"setParent","customerId":"cus_0000200","parentId":"cus_0000030"}],"effectiveDate":"2026-11-16"}"#,
    )
    .expect("valid what-if");
    for (name, what_if) in [
        ("usageWhatIf", &usage),
        ("reparentWhatIf", &reparent),
        ("datedReparentWhatIf", &dated),
    ] {
        let result = session.invoice_what_if(what_if).expect("what-if");
        assert!(!result.changed.is_empty(), "{name} changes something");
        eprintln!(
            "{name}: {} of {} invoices recomputed, {} changed",
            result.invoices_recomputed,
            result.invoices_before,
            result.changed.len()
        );
        let ms = time_ms(rounds.max(11), || {
            let result = session.invoice_what_if(what_if).expect("what-if");
            std::hint::black_box(to_json_text(&result).expect("serializes"));
        });
        results.push(format!("\"{name}{count}\":{ms}"));
    }
    println!("{{{}}}", results.join(","));
}
