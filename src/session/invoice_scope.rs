//! Which invoice owners a what-if can change, so that only their invoices are
//! recomputed.
//!
//! An invoice owner's invoices read the lines placed on them, and lines are placed on
//! the invoice owner of their subscription's holder (or of the charged customer). So a
//! change reaches: the customers it touches (whose usage, subscription mode, parent,
//! archived state or owners change), the holders of the pools those customers' usage
//! joins, and every customer below a customer that moved (its ancestry decides whether
//! its inherited skeletons are valid); for each, the customer itself (as an owner, its
//! payer may change) and its invoice owner before and after. Owners are then joined
//! with every owner they share a pool with, before or after: a pool member's section
//! can sit on its holder's owner's invoice while its own charges sit on its own
//! owner's, and its discounts and credits are used up across both in order. Likewise a
//! customer holding a credit: its section sits on the invoice of every owner that bills
//! a customer below it, and its balance is used up across those invoices in order, so
//! each customer's owner is joined with the owner of the nearest credit holder at or
//! above it. Last, a pool member is in scope whenever its holder's invoices are: one
//! whose owner is unresolved belongs to no group, yet its usage feeds the pool.
//! `tests/invoice_properties.rs` checks that the scoped what-if equals recomputing
//! everything.

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::common::key_map::KeyMap;
use crate::input::catalog::ModeChange;
use crate::input::invoicing::BillingInput;
use crate::period::billed::Billed;

/// What a what-if touches directly.
#[derive(Default)]
pub struct Touched<'a, 'b> {
    /// Customers whose usage is set, or whose subscriptions a lifecycle step changes.
    pub customers: Vec<&'a str>,
    /// Mode changes.
    pub modes: &'a [ModeChange],
    /// The hierarchies (and owners) the what-if bills some or all of the period under
    /// instead of the loaded one: none when it edits nothing.
    pub states: &'b [Billed<'b>],
}

/// Who joins which holder's pool, as the input declares it: `(member, holder)` for
/// each skeleton and each customer a price names (unknown customers left out). Read
/// once when a billing input is loaded.
pub fn pool_members(billed: Billed<'_>, input: &BillingInput) -> Vec<(CustomerIx, CustomerIx)> {
    let find = |id: &str| billed.hierarchy.find(id);
    let mut holders: KeyMap<&str, &str> = KeyMap::with_capacity(input.subscriptions.len());
    for subscription in &input.subscriptions {
        holders.insert(&subscription.id, &subscription.customer_id);
    }
    let mut members = Vec::new();
    for subscription in &input.subscriptions {
        let holder = subscription
            .parent_subscription_id
            .as_deref()
            .and_then(|p| holders.get(p));
        if let (Some(member), Some(holder)) = (
            find(&subscription.customer_id),
            holder.and_then(|h| find(h)),
        ) {
            members.push((member, holder));
        }
    }
    for price in &input.prices {
        let Some(named) = &price.usage_customer_ids else {
            continue;
        };
        for subscription in input
            .subscriptions
            .iter()
            .filter(|s| s.price_ids.contains(&price.id))
        {
            let Some(holder) = find(&subscription.customer_id) else {
                continue;
            };
            members.extend(named.iter().filter_map(|m| find(m)).map(|m| (m, holder)));
        }
    }
    members
}

/// Owners joined by shared pools (union-find with path halving: no recursion).
struct Joined(Vec<u32>);

impl Joined {
    fn root(&mut self, mut at: u32) -> u32 {
        while self.0[at as usize] != at {
            let up = self.0[self.0[at as usize] as usize];
            self.0[at as usize] = up;
            at = up;
        }
        at
    }

    fn join(&mut self, a: CustomerIx, b: CustomerIx) {
        // Usually a pool member or credit holder bills where the other does: no walk.
        if a == b {
            return;
        }
        let (a, b) = (self.root(a.position()), self.root(b.position()));
        if a != b {
            self.0[a.max(b) as usize] = a.min(b);
        }
    }
}

/// The invoice owners whose invoices a what-if can change, from the hierarchy and
/// owners `before` it and each state it bills under (a change inside the period bills
/// the period under several: a customer is marked when it differs in any, and owners
/// are joined over all of them).
pub fn affected_owners(
    before: Billed<'_>,
    input: &BillingInput,
    members: &[(CustomerIx, CustomerIx)],
    touched: &Touched<'_, '_>,
) -> PerCustomer<bool> {
    let hierarchy = before.hierarchy;
    let count = hierarchy.len();
    let mut marked: Vec<CustomerIx> = Vec::new();
    let find = |id: &str| hierarchy.find(id);
    marked.extend(touched.customers.iter().filter_map(|id| find(id)));
    for change in touched.modes {
        let holding = input.subscriptions.iter().filter(|s| {
            change.subscription_id.as_deref() == Some(s.id.as_str())
                || change
                    .price_id
                    .as_ref()
                    .is_some_and(|p| s.price_ids.contains(p))
        });
        marked.extend(holding.filter_map(|s| find(&s.customer_id)));
    }
    // Hierarchy edits: customers whose parent, archived state or owners differ, and
    // everything below a customer that moved.
    for &after in touched.states {
        let mut moved = PerCustomer::filled(count, false);
        for customer in hierarchy.customers() {
            let parent_moved =
                before.relations.parent_of(customer) != after.relations.parent_of(customer);
            if parent_moved
                || before.relations.archived[customer] != after.relations.archived[customer]
                || before.owners.of[customer] != after.owners.of[customer]
                || before.owners.payers[customer] != after.owners.payers[customer]
            {
                marked.push(customer);
            }
            moved[customer] = parent_moved;
        }
        let below = below_moves(after, &moved);
        marked.extend(hierarchy.customers().filter(|c| below[*c] && !moved[*c]));
    }
    // The holders of the pools a marked customer joins.
    let mut is_marked = PerCustomer::filled(count, false);
    for customer in &marked {
        is_marked[*customer] = true;
    }
    marked.extend(
        members
            .iter()
            .filter(|(m, _)| is_marked[*m])
            .map(|(_, h)| *h),
    );

    let all = || std::iter::once(before).chain(touched.states.iter().copied());
    let mut joined = Joined((0..count as u32).collect());
    for &(member, holder) in members {
        for billed in all() {
            if let (Ok(a), Ok(b)) = (
                billed.owners.of[member].invoice,
                billed.owners.of[holder].invoice,
            ) {
                joined.join(a, b);
            }
        }
    }
    if !input.credits.is_empty() {
        let mut holds_credit = PerCustomer::filled(count, false);
        for holder in input.credits.iter().filter_map(|c| find(&c.customer_id)) {
            holds_credit[holder] = true;
        }
        for billed in all() {
            let nearest = nearest_holders(billed, &holds_credit);
            for customer in hierarchy.customers() {
                if let Some(holder) = nearest[customer] {
                    if let (Ok(a), Ok(b)) = (
                        billed.owners.of[customer].invoice,
                        billed.owners.of[holder].invoice,
                    ) {
                        joined.join(a, b);
                    }
                }
            }
        }
    }
    let mut groups = vec![false; count];
    for customer in marked {
        let owners = all().map(|billed| billed.owners.of[customer].invoice);
        for owner in std::iter::once(Ok(customer)).chain(owners).flatten() {
            let group = joined.root(owner.position());
            groups[group as usize] = true;
        }
    }
    let mut scope = PerCustomer::filled(count, false);
    for customer in hierarchy.customers() {
        scope[customer] = groups[joined.root(customer.position()) as usize];
    }
    // A pool reads its members' usage wherever their own charges go: a member whose
    // owner is unresolved (no group joins it) is in scope whenever its holder's
    // invoices are, so that a scoped run reads its usage into the pool.
    let covered = |scope: &PerCustomer<bool>, customer: CustomerIx| {
        scope[customer]
            || all().any(|billed| billed.owners.of[customer].invoice.is_ok_and(|o| scope[o]))
    };
    for &(member, holder) in members {
        if covered(&scope, holder) {
            scope[member] = true;
        }
    }
    scope
}

/// For each customer, the nearest customer at or above it (in `billed`'s hierarchy)
/// that `holds` says holds something; the same memoised walk up as `below_moves`.
fn nearest_holders(
    billed: Billed<'_>,
    holds: &PerCustomer<bool>,
) -> PerCustomer<Option<CustomerIx>> {
    let count = billed.hierarchy.len();
    let mut done = PerCustomer::filled(count, false);
    let mut walking = PerCustomer::filled(count, false);
    let mut nearest: PerCustomer<Option<CustomerIx>> = PerCustomer::filled(count, None);
    let mut path = Vec::new();
    for start in billed.hierarchy.customers() {
        let mut at = start;
        let answer = loop {
            if done[at] {
                break nearest[at];
            }
            if holds[at] {
                done[at] = true;
                nearest[at] = Some(at);
                break Some(at);
            }
            if walking[at] {
                break None;
            }
            walking[at] = true;
            path.push(at);
            match billed.relations.parent_of(at) {
                Some(parent) => at = parent,
                None => break None,
            }
        };
        for customer in path.drain(..) {
            done[customer] = true;
            nearest[customer] = answer;
        }
    }
    nearest
}

/// Every customer with an ancestor (after the edit) that moved, found by walking up
/// from each customer only until a customer already settled: linear overall, and a
/// cycle (a hierarchy being previewed may have one) ends the walk as "not below".
fn below_moves(after: Billed<'_>, moved: &PerCustomer<bool>) -> PerCustomer<bool> {
    const UNKNOWN: u8 = 0;
    const WALKING: u8 = 1;
    const NO: u8 = 2;
    const YES: u8 = 3;
    let mut state = PerCustomer::filled(after.hierarchy.len(), UNKNOWN);
    let mut path = Vec::new();
    for start in after.hierarchy.customers() {
        let mut at = start;
        let answer = loop {
            match state[at] {
                NO => break false,
                YES => break true,
                WALKING => break false,
                _ => {}
            }
            state[at] = WALKING;
            path.push(at);
            match after.relations.parent_of(at) {
                Some(parent) if moved[parent] => break true,
                Some(parent) => at = parent,
                None => break false,
            }
        };
        for customer in path.drain(..) {
            state[customer] = if answer { YES } else { NO };
        }
    }
    let mut below = PerCustomer::filled(after.hierarchy.len(), false);
    for customer in after.hierarchy.customers() {
        below[customer] = state[customer] == YES;
    }
    below
}
