//! Property tests for owner resolution: random hierarchies (cycles, unknown parents,
//! other tenants, archived customers included) with random billing settings of every
//! way, then random edits. Resolution must never panic, every resolved owner must be
//! one the rules allow, and a what-if's owner changes must equal what a full recompute
//! of the edited hierarchy gives.

#![cfg(not(target_arch = "wasm32"))]
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]
use billtree::{
    BillTo, BillingSettings, Customer, CustomerOwners, HierarchyEdit, HierarchyInput, Payer,
    Policy, Session,
};
use proptest::prelude::*;
use std::collections::HashMap;

fn owner_id(n: usize) -> impl Strategy<Value = String> {
    prop_oneof![
        12 => (0..n.max(1)).prop_map(|k| format!("c{k}")),
        1 => Just("ghost".to_owned()),
    ]
}

fn settings_strategy(n: usize) -> impl Strategy<Value = BillingSettings> {
    let one = |s: BillingSettings| s;
    prop_oneof![
        6 => Just(BillingSettings::default()),
        3 => Just(one(BillingSettings { bill_to: Some(BillTo::Parent), ..Default::default() })),
        1 => Just(one(BillingSettings { bill_to: Some(BillTo::Root), ..Default::default() })),
        2 => Just(one(BillingSettings { payer: Some(Payer::Parent), ..Default::default() })),
        2 => (prop::option::of(owner_id(n)), prop::option::of(owner_id(n))).prop_map(
            |(invoice_owner_id, payment_owner_id)| BillingSettings {
                invoice_owner_id,
                payment_owner_id,
                ..Default::default()
            }
        ),
        1 => owner_id(n).prop_map(|id| BillingSettings {
            invoicing_delegate_id: Some(id),
            ..Default::default()
        }),
        1 => (owner_id(n)).prop_map(|id| BillingSettings {
            bill_to: Some(BillTo::Parent),
            invoicing_delegate_id: Some(id),
            ..Default::default()
        }),
    ]
}

fn customers_strategy() -> impl Strategy<Value = Vec<Customer>> {
    (1usize..20).prop_flat_map(|n| {
        let parent = prop_oneof![
            3 => Just(None),
            // Mostly earlier customers, so most hierarchies are trees; later ones make
            // cycles.
            8 => (0..n).prop_map(Some),
            1 => Just(Some(usize::MAX)),
        ];
        let tenant = prop_oneof![9 => Just(Some("t".to_owned())), 1 => Just(Some("u".to_owned()))];
        let customer = (
            parent,
            tenant,
            prop::bool::weighted(0.1),
            settings_strategy(n),
        );
        prop::collection::vec(customer, n).prop_map(|drafts| {
            drafts
                .into_iter()
                .enumerate()
                .map(|(i, (parent, tenant_id, archived, billing))| Customer {
                    id: format!("c{i}"),
                    name: format!("Customer {i}"),
                    tenant_id,
                    parent_id: parent.map(|p| {
                        if p == usize::MAX {
                            "ghost".to_owned()
                        } else if p < i || i % 5 == 0 {
                            format!("c{p}")
                        } else {
                            format!("c{}", p % i.max(1))
                        }
                    }),
                    archived,
                    currency: None,
                    billing,
                })
                .collect()
        })
    })
}

fn edit_strategy() -> impl Strategy<Value = HierarchyEdit> {
    let id = (0usize..20).prop_map(|k| format!("c{k}"));
    prop_oneof![
        (id.clone(), id.clone()).prop_map(|(customer_id, parent_id)| HierarchyEdit::SetParent {
            customer_id,
            parent_id
        }),
        id.clone()
            .prop_map(|customer_id| HierarchyEdit::RemoveParent { customer_id }),
        id.clone()
            .prop_map(|customer_id| HierarchyEdit::Archive { customer_id }),
        (id, settings_strategy(20)).prop_map(|(customer_id, settings)| {
            HierarchyEdit::SetBillingSettings {
                customer_id,
                settings,
            }
        }),
    ]
}

fn session_of(customers: &[Customer]) -> Session {
    let input = HierarchyInput {
        customers: customers.to_vec(),
    };
    Session::new(input, Policy::default()).unwrap()
}

/// Proper ancestors of `id` by walking parents (stops round a cycle).
fn ancestors(customers: &[Customer], id: &str) -> Vec<String> {
    let by_id: HashMap<&str, &Customer> = customers.iter().map(|c| (c.id.as_str(), c)).collect();
    let mut out = Vec::new();
    let mut at = id;
    while let Some(parent) = by_id.get(at).and_then(|c| c.parent_id.as_deref()) {
        if parent == id
            || out.iter().any(|seen: &String| seen == parent)
            || !by_id.contains_key(parent)
        {
            break;
        }
        out.push(parent.to_owned());
        at = parent;
    }
    out
}

fn check_rules(customers: &[Customer], owners: &[CustomerOwners]) -> Result<(), TestCaseError> {
    let of: HashMap<&str, &CustomerOwners> =
        owners.iter().map(|o| (o.customer_id.as_str(), o)).collect();
    let any_delegate = customers
        .iter()
        .any(|c| c.billing.invoicing_delegate_id.is_some());
    for (customer, owned) in customers.iter().zip(owners) {
        let id = customer.id.as_str();
        let pair = &owned.owners;
        // Every null owner says why; every resolved one has no reason.
        prop_assert_eq!(
            pair.invoice_owner_id.is_none(),
            pair.invoice_unresolved.is_some()
        );
        prop_assert_eq!(
            pair.payment_owner_id.is_none(),
            pair.payment_unresolved.is_some()
        );
        let family = ancestors(customers, id);
        let related = |owner: &str| owner == id || family.iter().any(|a| a == owner);
        if let Some(invoice_owner) = pair.invoice_owner_id.as_deref() {
            // Without delegates, charges only ever go up.
            if !any_delegate {
                prop_assert!(
                    related(invoice_owner),
                    "{id}'s invoice owner {invoice_owner} is not itself or an ancestor"
                );
            }
            // An invoice owner receives its own charges: one invoice per owner.
            let owner_of_owner = of[invoice_owner].owners.invoice_owner_id.as_deref();
            prop_assert_eq!(owner_of_owner, Some(invoice_owner));
            // One payer per invoice.
            if let Some(payer) = pair.payment_owner_id.as_deref() {
                prop_assert_eq!(
                    of[invoice_owner].owners.payment_owner_id.as_deref(),
                    Some(payer)
                );
            }
            // Chargebee: explicit settings hold as given.
            let settings = &customer.billing;
            if settings.invoice_owner_id.is_some() || settings.payment_owner_id.is_some() {
                let named = settings.invoice_owner_id.as_deref().unwrap_or(id);
                prop_assert!(
                    related(named),
                    "{id} resolved through an unrelated invoice owner"
                );
                if named != id {
                    // Another invoice owner: a different payment owner is refused.
                    if settings
                        .payment_owner_id
                        .as_deref()
                        .is_some_and(|p| p != named)
                    {
                        prop_assert_eq!(pair.payment_owner_id.as_deref(), None);
                    }
                } else if let (Some(named_payer), Some(payer), true) = (
                    settings.payment_owner_id.as_deref(),
                    pair.payment_owner_id.as_deref(),
                    invoice_owner == id,
                ) {
                    // Its own invoice owner: the named ancestor pays.
                    prop_assert!(related(payer));
                    prop_assert_eq!(payer, named_payer);
                }
            }
            // The named delegate receives, or whoever receives the delegate's charges.
            if let Some(delegate) = settings.invoicing_delegate_id.as_deref() {
                if settings.bill_to.is_none() {
                    prop_assert_eq!(
                        of[delegate].owners.invoice_owner_id.as_deref(),
                        Some(invoice_owner)
                    );
                }
            }
        }
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    #[test]
    fn resolved_owners_follow_the_rules(customers in customers_strategy()) {
        let session = session_of(&customers);
        let report = session.owners().unwrap();
        prop_assert_eq!(report.customers.len(), customers.len());
        check_rules(&customers, &report.customers)?;
        // Every owner issue is in the validation report too.
        for issue in &report.issues {
            prop_assert!(session.report().issues.contains(issue));
        }
    }

    #[test]
    fn what_if_owner_changes_equal_a_full_recompute(
        customers in customers_strategy(),
        edits in prop::collection::vec(edit_strategy(), 1..4),
    ) {
        let mut session = session_of(&customers);
        let before = session.owners().unwrap().customers;
        let Ok(preview) = session.preview(&edits) else { return Ok(()) };
        let unchanged = session.owners().unwrap().customers;
        prop_assert_eq!(&before, &unchanged, "a preview changed the session");
        session.apply(&edits).unwrap();
        let edited = session.customers().unwrap();
        let fresh = session_of(&edited);
        let after = fresh.owners().unwrap().customers;
        // The preview's report is what validating the edited hierarchy from scratch
        // says, owner issues included (the preview updates owners where it can).
        prop_assert_eq!(&preview.report, fresh.report());
        check_rules(&edited, &after)?;
        let expected: Vec<(String, _, _)> = before
            .iter()
            .zip(&after)
            .filter(|(b, a)| b.owners != a.owners)
            .map(|(b, a)| (b.customer_id.clone(), b.owners.clone(), a.owners.clone()))
            .collect();
        let got: Vec<(String, _, _)> = preview
            .owner_changes
            .iter()
            .map(|c| (c.customer_id.clone(), c.before.clone(), c.after.clone()))
            .collect();
        prop_assert_eq!(got, expected);
    }
}

/// A what-if reaches customers outside the moved subtree: `d` and `r` delegate their
/// invoices to `x`, `c` bills to its parent `d` and `v` to its root `r`; moving `x`
/// from `p1` to `p2` moves all five invoices to `p2`, though only `x` moved.
#[test]
fn a_move_reaches_who_bills_through_a_delegate_into_the_moved_subtree() {
    let customer = |id: &str, parent: Option<&str>, billing: BillingSettings| Customer {
        id: id.to_owned(),
        name: id.to_owned(),
        tenant_id: None,
        parent_id: parent.map(str::to_owned),
        archived: false,
        currency: None,
        billing,
    };
    let to_parent = BillingSettings {
        bill_to: Some(BillTo::Parent),
        ..Default::default()
    };
    let delegate = BillingSettings {
        invoicing_delegate_id: Some("x".to_owned()),
        ..Default::default()
    };
    let customers = vec![
        customer("p1", None, BillingSettings::default()),
        customer("p2", None, BillingSettings::default()),
        customer("x", Some("p1"), to_parent.clone()),
        customer("d", None, delegate.clone()),
        customer("c", Some("d"), to_parent),
        customer("r", None, delegate.clone()),
        customer(
            "v",
            Some("r"),
            BillingSettings {
                bill_to: Some(BillTo::Root),
                ..Default::default()
            },
        ),
    ];
    let mut session = session_of(&customers);
    let edits = [HierarchyEdit::SetParent {
        customer_id: "x".to_owned(),
        parent_id: "p2".to_owned(),
    }];
    let preview = session.preview(&edits).unwrap();
    let mut moved: Vec<&str> = preview
        .owner_changes
        .iter()
        .map(|change| change.customer_id.as_str())
        .collect();
    moved.sort_unstable();
    assert_eq!(moved, ["c", "d", "r", "v", "x"]);
    session.apply(&edits).unwrap();
    let fresh = session_of(&session.customers().unwrap());
    assert_eq!(&preview.report, fresh.report());
    assert_eq!(session.owners().unwrap(), fresh.owners().unwrap());
}
