//! Property tests: random forests (with duplicates, cycles, dangling and invalid ids,
//! mixed tenants, archived customers) under random policies, then random edits. The
//! validator must never panic and must agree with the naive reference checker below,
//! written from DESIGN.md §2 without the core's data structures.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use billtree::{Customer, HierarchyEdit, HierarchyInput, Policy, Session};
use proptest::prelude::*;
use std::collections::{BTreeSet, HashMap};

type Finding = (String, Vec<String>);

fn id_is_invalid(id: &str) -> bool {
    id.is_empty()
        || id.chars().count() > 50
        || id.chars().any(char::is_control)
        || id.starts_with(char::is_whitespace)
        || id.ends_with(char::is_whitespace)
}

/// Every issue the customers should have under `policy`, as (code, customer ids).
fn reference(customers: &[Customer], policy: &Policy) -> Vec<Finding> {
    let n = customers.len();
    let mut first: HashMap<&str, usize> = HashMap::new();
    for (i, c) in customers.iter().enumerate() {
        first.entry(c.id.as_str()).or_insert(i);
    }
    let canonical = |i: usize| first[customers[i].id.as_str()] == i;
    let parent_of = |i: usize| -> Option<usize> {
        if !canonical(i) {
            return None;
        }
        let p = *first.get(customers[i].parent_id.as_deref()?)?;
        (p != i).then_some(p)
    };
    let level = |i: usize| -> Option<u32> {
        let (mut at, mut level) = (i, 1u32);
        while let Some(p) = parent_of(at) {
            at = p;
            level += 1;
            if level as usize > n + 1 {
                return None;
            }
        }
        Some(level)
    };
    let root = |i: usize| -> usize {
        let mut at = i;
        while let Some(p) = parent_of(at) {
            at = p;
        }
        at
    };
    let id = |i: usize| customers[i].id.clone();
    let mut found: Vec<Finding> = Vec::new();
    let mut push = |code: &str, ids: Vec<String>| found.push((code.to_owned(), ids));
    let live: Vec<usize> = (0..n).filter(|&i| canonical(i)).collect();

    for &i in &live {
        let c = &customers[i];
        if id_is_invalid(&c.id) {
            push("INVALID_ID", vec![id(i)]);
        }
        if let Some(pid) = c.parent_id.as_deref() {
            match first.get(pid) {
                Some(&p) if p == i => push("SELF_PARENT", vec![id(i)]),
                Some(_) => {}
                None if id_is_invalid(pid) => push("INVALID_ID", vec![id(i)]),
                None => push("UNKNOWN_PARENT", vec![id(i)]),
            }
        }
    }
    let mut counts: HashMap<&str, usize> = HashMap::new();
    for c in customers {
        *counts.entry(c.id.as_str()).or_default() += 1;
    }
    for &i in &live {
        if counts[customers[i].id.as_str()] > 1 {
            push("DUPLICATE_ID", vec![id(i)]);
        }
    }
    let mut cycles = BTreeSet::new();
    for &i in &live {
        let mut members = vec![i];
        let mut at = i;
        while let Some(p) = parent_of(at) {
            if p == i {
                let head = members
                    .iter()
                    .position(|&m| m == *members.iter().min().unwrap())
                    .unwrap();
                members.rotate_left(head);
                cycles.insert(members.clone());
                break;
            }
            if members.len() > n {
                break;
            }
            members.push(p);
            at = p;
        }
    }
    for members in cycles {
        push("CYCLE", members.into_iter().map(id).collect());
    }
    for &i in &live {
        if let (Some(max), Some(level)) = (policy.max_depth, level(i)) {
            if level == max + 1 {
                push("DEPTH_EXCEEDED", vec![id(i)]);
            }
        }
        let children: Vec<usize> = live
            .iter()
            .copied()
            .filter(|&j| parent_of(j) == Some(i))
            .collect();
        if let Some(max) = policy.max_children {
            if children.len() > max as usize {
                push("TOO_MANY_CHILDREN", vec![id(i)]);
            }
        }
        if let (Some(max), Some(1)) = (policy.max_hierarchy_size, level(i)) {
            let size = live
                .iter()
                .filter(|&&j| level(j).is_some() && root(j) == i)
                .count();
            if size > max as usize {
                push("HIERARCHY_TOO_LARGE", vec![id(i)]);
            }
        }
        if let Some(p) = parent_of(i) {
            if customers[i].tenant_id != customers[p].tenant_id {
                push("CROSS_TENANT", vec![id(i), id(p)]);
            }
            if customers[p].archived && !customers[i].archived {
                push("ARCHIVED_PARENT", vec![id(i), id(p)]);
            }
        }
        let active: Vec<usize> = children
            .into_iter()
            .filter(|&j| !customers[j].archived)
            .collect();
        if customers[i].archived && !active.is_empty() {
            let mut ids = vec![id(i)];
            ids.extend(active.into_iter().map(id));
            push("ARCHIVED_WITH_ACTIVE_CHILDREN", ids);
        }
    }
    found.sort();
    found
}

fn findings_of(session: &Session) -> Vec<Finding> {
    let mut found: Vec<Finding> = session
        .report()
        .issues
        .iter()
        .map(|issue| {
            let code = serde_json::to_value(issue.code).unwrap();
            (
                code.as_str().unwrap().to_owned(),
                issue.customer_ids.clone(),
            )
        })
        .collect();
    found.sort();
    found
}

fn customers_strategy() -> impl Strategy<Value = Vec<Customer>> {
    (0usize..24).prop_flat_map(|n| {
        let id = prop_oneof![
            12 => (0..n.max(1)).prop_map(|k| format!("c{k}")),
            1 => Just(String::new()),
            1 => Just(" padded".to_owned()),
        ];
        let parent = prop_oneof![
            3 => Just(None),
            8 => (0..n.max(1)).prop_map(|k| Some(format!("c{k}"))),
            1 => Just(Some("ghost".to_owned())),
            1 => Just(Some("bad\nid".to_owned())),
        ];
        let tenant = prop_oneof![8 => Just(Some("t".to_owned())), 1 => Just(None), 1 => Just(Some("u".to_owned()))];
        let customer = (id, parent, tenant, prop::bool::weighted(0.2), 0..n.max(1)).prop_map(
            |(id, parent_id, tenant_id, archived, own)| Customer {
                // Mostly each customer gets its own id; the id strategy adds duplicates.
                id: if id.starts_with('c') && own % 3 != 0 { format!("c{own}") } else { id },
                name: format!("Customer {own}"),
                tenant_id,
                parent_id,
                archived,
                currency: None,
                billing: Default::default(),
            },
        );
        prop::collection::vec(customer, n)
    })
}

fn policy_strategy() -> impl Strategy<Value = Policy> {
    (
        prop::option::of(1u32..5),
        prop::option::of(0u32..4),
        prop::option::of(1u32..8),
    )
        .prop_map(|(max_depth, max_children, max_hierarchy_size)| Policy {
            name: "random".into(),
            max_depth,
            max_children,
            max_hierarchy_size,
        })
}

fn edit_strategy() -> impl Strategy<Value = HierarchyEdit> {
    let id = (0usize..26).prop_map(|k| format!("c{k}"));
    prop_oneof![
        (id.clone(), id.clone()).prop_map(|(customer_id, parent_id)| HierarchyEdit::SetParent {
            customer_id,
            parent_id
        }),
        id.clone()
            .prop_map(|customer_id| HierarchyEdit::RemoveParent { customer_id }),
        (id.clone(), prop::option::of(id.clone())).prop_map(|(customer_id, parent_id)| {
            HierarchyEdit::MoveSubtree {
                customer_id,
                parent_id,
            }
        }),
        id.clone()
            .prop_map(|customer_id| HierarchyEdit::Archive { customer_id }),
        id.prop_map(|customer_id| HierarchyEdit::Unarchive { customer_id }),
    ]
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, ..ProptestConfig::default() })]

    #[test]
    fn validation_agrees_with_the_reference(customers in customers_strategy(), policy in policy_strategy()) {
        let session = Session::new(HierarchyInput { customers: customers.clone() }, policy.clone()).unwrap();
        prop_assert_eq!(findings_of(&session), reference(&customers, &policy));
        let report = session.report();
        prop_assert_eq!(report.valid, report.issues.is_empty());
        prop_assert!(report.issues.windows(2).all(|w| w[0].code <= w[1].code), "issues are grouped by code");
        // Queries answer for every customer without panicking, and agree with each other.
        for customer in &customers {
            let query = session.query();
            let tree = query.tree(&customer.id).unwrap();
            prop_assert_eq!(tree.nodes.iter().filter(|n| n.is_current_customer).count(), 1);
            let below = query.subordinates(&customer.id).unwrap();
            let summary = &query.children(&customer.id).unwrap();
            prop_assert!(below.len() >= summary.children.len());
            let path = query.path_to_root(&customer.id).unwrap();
            prop_assert_eq!(&path[0].id, &customer.id);
        }
    }

    #[test]
    fn edits_agree_with_the_reference(
        customers in customers_strategy(),
        policy in policy_strategy(),
        batches in prop::collection::vec(prop::collection::vec(edit_strategy(), 1..4), 1..5),
    ) {
        let mut session = Session::new(HierarchyInput { customers }, policy.clone()).unwrap();
        for edits in batches {
            let before = session.customers().unwrap();
            let before_report = session.report().clone();
            match session.preview(&edits) {
                Err(error) => {
                    // An unknown customer: the preview refused, so must the apply, changing nothing.
                    prop_assert_eq!(error.code.as_str(), "UNKNOWN_CUSTOMER");
                    prop_assert!(session.apply(&edits).is_err());
                    prop_assert_eq!(session.customers().unwrap(), before.clone());
                }
                Ok(preview) => {
                    prop_assert_eq!(session.customers().unwrap(), before.clone(), "a preview changes nothing");
                    prop_assert_eq!(session.report(), &before_report);
                    let applied = session.apply(&edits).unwrap();
                    prop_assert!(applied.applied);
                    prop_assert_eq!(&applied.report, &preview.report);
                    prop_assert_eq!(&applied.events, &preview.events);
                    let exported = session.customers().unwrap();
                    prop_assert_eq!(findings_of(&session), reference(&exported, &policy));
                    // Reloading the exported customers gives the same report.
                    let reloaded = Session::new(HierarchyInput { customers: exported }, policy.clone()).unwrap();
                    prop_assert_eq!(reloaded.report(), session.report());
                    for issue in &preview.introduced_issues {
                        prop_assert!(!before_report.issues.iter().any(|b| b.code == issue.code && b.customer_ids == issue.customer_ids));
                    }
                }
            }
        }
    }
}
