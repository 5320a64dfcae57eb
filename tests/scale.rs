//! A million customers, deep and wide: every walk is iterative, so nothing overflows the
//! stack however deep the input goes.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use billtree::{
    parse_hierarchy_json, Customer, ErrorCode, HierarchyEdit, HierarchyInput, Policy, PresetName,
    Session, MAX_OUTPUT_BYTES,
};

const MILLION: usize = 1_000_000;

fn customer(i: usize, parent: Option<usize>) -> Customer {
    Customer {
        id: format!("c{i}"),
        name: format!("Customer {i}"),
        tenant_id: None,
        parent_id: parent.map(|p| format!("c{p}")),
        archived: false,
        currency: None,
        billing: Default::default(),
    }
}

fn unlimited() -> Policy {
    Policy {
        name: "unlimited".into(),
        max_depth: None,
        max_children: None,
        max_hierarchy_size: None,
    }
}

#[test]
fn a_million_deep_chain_validates_queries_and_edits() {
    let customers: Vec<Customer> = (0..MILLION)
        .map(|i| customer(i, i.checked_sub(1)))
        .collect();
    let mut session = Session::new(HierarchyInput { customers }, unlimited()).unwrap();
    let report = session.report();
    assert!(report.valid);
    assert_eq!(report.deepest_level, MILLION as u32);

    let deepest = format!("c{}", MILLION - 1);
    let path = session.query().path_to_root(&deepest).unwrap();
    assert_eq!(path.len(), MILLION);
    assert_eq!(path.last().unwrap().id, "c0");
    assert_eq!(
        session.query().subordinates("c0").unwrap().len(),
        MILLION - 1
    );
    assert_eq!(session.query().tree(&deepest).unwrap().nodes.len(), MILLION);

    // Closing the chain into a million-member cycle.
    let preview = session
        .preview(&[HierarchyEdit::SetParent {
            customer_id: "c0".into(),
            parent_id: deepest.clone(),
        }])
        .unwrap();
    assert_eq!(preview.introduced_issues.len(), 1);
    assert_eq!(preview.introduced_issues[0].customer_ids.len(), MILLION);
    assert!(
        preview.introduced_issues[0].message.len() < 1_000,
        "long cycles are abbreviated in the message"
    );

    // Under Chargebee's 5 levels the chain breaks once, at level 6.
    session.set_policy(PresetName::Chargebee.policy()).unwrap();
    let issues = &session.report().issues;
    assert_eq!(issues.len(), 1);
    assert_eq!(issues[0].customer_ids, ["c5"]);
    assert!(
        issues[0].message.contains("999994 subordinate(s)"),
        "{}",
        issues[0].message
    );
}

#[test]
fn a_million_customer_forest_from_json() {
    // Fan-out 10, five levels: 1 + 10 + 100 + 1000 + 10000 per root, 90 roots ≈ 1M.
    let mut json = String::from("{\"customers\":[");
    let mut count = 0usize;
    let push = |json: &mut String, i: usize, parent: Option<usize>| {
        if i > 0 {
            json.push(',');
        }
        match parent {
            Some(p) => json.push_str(&format!(
                "{{\"id\":\"c{i}\",\"name\":\"C {i}\",\"parentId\":\"c{p}\"}}"
            )),
            None => json.push_str(&format!("{{\"id\":\"c{i}\",\"name\":\"C {i}\"}}")),
        }
    };
    while count < MILLION {
        let root = count;
        push(&mut json, count, None);
        count += 1;
        let mut level = vec![root];
        for _ in 0..4 {
            let mut next = Vec::new();
            for &parent in &level {
                for _ in 0..10 {
                    if count == MILLION {
                        break;
                    }
                    push(&mut json, count, Some(parent));
                    next.push(count);
                    count += 1;
                }
            }
            level = next;
        }
    }
    json.push_str("]}");
    let store = parse_hierarchy_json(&json).unwrap();
    assert_eq!(store.len(), MILLION);
    let session = Session::load(store, PresetName::Chargebee.policy()).unwrap();
    let report = session.report();
    assert!(report.valid, "{:?}", report.issues.first());
    assert_eq!(report.deepest_level, 5);
    assert_eq!(report.root_count, 91);
    assert_eq!(session.query().forest().unwrap().len(), MILLION);
}

#[test]
fn a_result_past_the_output_cap_is_an_error_before_it_is_built() {
    // Five customers whose names add up to more than a result may hold: loading and
    // validating are fine (messages quote a bounded prefix), listing them all is not.
    let name = "n".repeat(MAX_OUTPUT_BYTES / 4);
    let customers: Vec<Customer> = (0..5)
        .map(|i| Customer {
            name: name.clone(),
            ..customer(i, (i > 0).then_some(0))
        })
        .collect();
    let session = Session::new(HierarchyInput { customers }, unlimited()).unwrap();
    assert!(session.report().valid);
    for result in [
        session.query().forest().map(|_| ()),
        session.query().subordinates("c0").map(|_| ()),
        session.query().tree("c3").map(|_| ()),
        session.customers().map(|_| ()),
    ] {
        assert_eq!(result.unwrap_err().code, ErrorCode::OutputTooLarge);
    }
    // Asking for less works.
    assert_eq!(session.query().path_to_root("c4").unwrap().len(), 2);
}

#[test]
fn owners_of_a_million_deep_chain_resolve_without_recursion() {
    // Even customers name the root as invoice owner (a million levels up at most: the
    // depth-first intervals answer); odd ones bill to their parent, so billTo chains
    // and explicit owners interleave all the way down.
    let customers: Vec<Customer> = (0..MILLION)
        .map(|i| {
            let mut c = customer(i, i.checked_sub(1));
            if i > 0 && i % 2 == 0 {
                c.billing.invoice_owner_id = Some("c0".into());
            } else if i > 0 {
                c.billing.bill_to = Some(billtree::BillTo::Parent);
            }
            c
        })
        .collect();
    let session = Session::new(HierarchyInput { customers }, unlimited()).unwrap();
    assert!(
        session.report().valid,
        "{:?}",
        session.report().issues.first()
    );
    let owners = session.owners().unwrap();
    assert!(owners
        .customers
        .iter()
        .all(|c| c.owners.invoice_owner_id.as_deref() == Some("c0")));
    let explanation = session
        .explain_owners(&format!("c{}", MILLION - 1))
        .unwrap();
    // The bottom customer bills to its parent, which names the root: two steps, then the
    // root's own invoice and its payment.
    let rules: Vec<_> = explanation.steps.iter().map(|step| step.rule).collect();
    use billtree::StepRule::*;
    assert_eq!(rules, [BillToParent, InvoiceOwner, OwnInvoice, PaysItself]);

    // A 100-deep billTo chain is explained in its first steps, saying how many it left.
    let chain: Vec<Customer> = (0..100)
        .map(|i| {
            let mut c = customer(i, i.checked_sub(1));
            if i > 0 {
                c.billing.bill_to = Some(billtree::BillTo::Parent);
            }
            c
        })
        .collect();
    let session = Session::new(HierarchyInput { customers: chain }, unlimited()).unwrap();
    let explanation = session.explain_owners("c99").unwrap();
    assert_eq!(explanation.steps.len(), billtree::MAX_STEPS);
    // 99 billTo steps, the root's own invoice and its payment: 101 in all.
    assert_eq!(
        explanation.omitted_steps as usize,
        101 - billtree::MAX_STEPS
    );
}
