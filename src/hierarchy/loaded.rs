//! A loaded hierarchy: the customers as given, indexed, with their parent links resolved
//! to customers once so that validation, queries and edits work on typed indices.

use crate::common::customer_ix::{CustomerIx, PerCustomer};
use crate::common::error::BilltreeError;
use crate::common::handle_table::HandleTable;
use crate::common::order::sort_by;
use crate::common::text::Quoted;
use crate::hierarchy::children::Children;
use crate::input::billing::BillingSettings;
use crate::input::customer::{Customer, IdProblem};
use crate::input::store::CustomerStore;
use std::cell::OnceCell;
use std::cmp::Ordering;
use std::sync::Arc;

/// Where a customer's `parentId` leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// No parent: the customer is a root.
    Root,
    /// The parent.
    Parent(CustomerIx),
    /// `parentId` is the customer's own id.
    SelfParent,
    /// `parentId` names no customer (or is not a usable id).
    Dangling,
}

/// The part of a hierarchy that what-if edits change: flat arrays, cheap to clone (the
/// billing settings are shared, not copied), so a preview works on a copy and the
/// loaded hierarchy stays untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relations {
    links: PerCustomer<Link>,
    /// Each customer's archived flag.
    pub archived: PerCustomer<bool>,
    /// Each customer's billing settings, where it has any.
    pub billing: PerCustomer<Option<Arc<BillingSettings>>>,
}

impl Relations {
    /// The customer's link.
    #[inline]
    pub fn link(&self, customer: CustomerIx) -> Link {
        self.links[customer]
    }

    /// Replaces the customer's link.
    pub fn set_link(&mut self, customer: CustomerIx, link: Link) {
        self.links[customer] = link;
    }

    /// The parent a customer effectively has: none for roots, self-parents, dangling
    /// links and shadowed duplicates (which are loaded as roots).
    #[inline]
    pub fn parent_of(&self, customer: CustomerIx) -> Option<CustomerIx> {
        match self.links[customer] {
            Link::Parent(parent) => Some(parent),
            Link::Root | Link::SelfParent | Link::Dangling => None,
        }
    }

    /// Every customer, in input order.
    pub fn customers(&self) -> impl DoubleEndedIterator<Item = CustomerIx> + Clone {
        CustomerIx::all(self.links.len())
    }

    /// Number of customers.
    pub fn len(&self) -> usize {
        self.links.len()
    }

    /// `true` when there are no customers.
    pub fn is_empty(&self) -> bool {
        self.links.is_empty()
    }
}

/// Customers as stored, indexed by id, with resolved relations.
#[derive(Debug, Clone)]
pub struct Hierarchy {
    store: CustomerStore,
    /// Customer positions by id; the first customer with an id owns it.
    index: HandleTable,
    shadowed: PerCustomer<bool>,
    /// Each id used more than once: its first customer, then the later ones, in input
    /// order (usually none). Ids never change, so this is grouped once, at load.
    duplicates: Vec<Vec<CustomerIx>>,
    /// Customers whose own id is unusable, in input order, shadowed duplicates left out
    /// (usually none). Ids never change, so this is checked once at load, not at every
    /// validation.
    invalid_ids: Vec<(CustomerIx, IdProblem)>,
    relations: Relations,
    /// Each customer's place in id order (equal ids, equal places), once a session has
    /// asked for it: what-ifs sort sections, drafts and pools by id again and again,
    /// and comparing two numbers is several times cheaper than comparing two ids.
    id_ranks: OnceCell<PerCustomer<u32>>,
}

impl Hierarchy {
    /// Indexes the customers and resolves every `parentId`. Never fails: a bad hierarchy
    /// is what validation reports.
    pub fn load(store: CustomerStore) -> Hierarchy {
        let mut index = HandleTable::with_capacity(store.len());
        // For each shadowed customer, the first customer with its id.
        let mut first_of = store.per_customer(None);
        for customer in store.customers() {
            let id_of = |known: u32| store.id(CustomerIx::at(known)).as_bytes();
            let id = store.id(customer).as_bytes();
            if let Some(known) = index.insert_or_get(id, customer.position(), &id_of) {
                first_of[customer] = Some(CustomerIx::at(known));
            }
        }
        let shadowed =
            PerCustomer::from_values(first_of.values().iter().map(Option::is_some).collect());
        let duplicates = group_duplicates(&first_of);
        let mut relations = Relations {
            links: store.per_customer(Link::Root),
            archived: store.archived_flags().clone(),
            billing: store.billing().clone(),
        };
        let mut invalid_ids = Vec::new();
        for customer in store.customers() {
            // A shadowed duplicate is out of the hierarchy: it links to nothing, and its
            // id is reported through the customer it duplicates.
            if shadowed[customer] {
                continue;
            }
            relations.set_link(customer, resolve_link(&index, &store, customer));
            if let Some(problem) = IdProblem::of(store.id(customer)) {
                invalid_ids.push((customer, problem));
            }
        }
        Hierarchy {
            store,
            index,
            shadowed,
            duplicates,
            invalid_ids,
            relations,
            id_ranks: OnceCell::new(),
        }
    }

    /// Ranks every customer by id once (a sort of all ids), so that
    /// [`Hierarchy::compare_ids`] compares numbers from then on. Ids never change, so
    /// the ranks hold for the hierarchy's life. Worth it where the same customers are
    /// sorted many times (a session's what-ifs), not for one preview.
    pub fn rank_ids(&self) {
        self.id_ranks.get_or_init(|| {
            let mut order: Vec<CustomerIx> = self.customers().collect();
            sort_by(&mut order, |a, b| self.id(*a).cmp(self.id(*b)));
            let mut ranks = self.store.per_customer(0u32);
            let mut rank = 0u32;
            for pair in order.windows(2) {
                if let [before, customer] = *pair {
                    if self.id(before) != self.id(customer) {
                        rank += 1;
                    }
                    ranks[customer] = rank;
                }
            }
            ranks
        });
    }

    /// The order of two customers' ids (by rank once [`Hierarchy::rank_ids`] ran).
    #[inline]
    pub fn compare_ids(&self, a: CustomerIx, b: CustomerIx) -> Ordering {
        match self.id_ranks.get() {
            Some(ranks) => ranks[a].cmp(&ranks[b]),
            None => self.id(a).cmp(self.id(b)),
        }
    }

    /// Number of customers, duplicates included.
    pub fn len(&self) -> usize {
        self.store.len()
    }

    /// `true` when there are no customers.
    pub fn is_empty(&self) -> bool {
        self.store.is_empty()
    }

    /// The stored customers (their loaded state: see [`Hierarchy::customer`] for the
    /// current one).
    pub fn store(&self) -> &CustomerStore {
        &self.store
    }

    /// Every customer, in input order.
    pub fn customers(&self) -> impl DoubleEndedIterator<Item = CustomerIx> + Clone {
        self.store.customers()
    }

    /// The customer's id.
    #[inline]
    pub fn id(&self, customer: CustomerIx) -> &str {
        self.store.id(customer)
    }

    /// The customer as it stands now, with every committed edit.
    pub fn customer(&self, customer: CustomerIx) -> Customer {
        let store = &self.store;
        Customer {
            id: store.id(customer).to_owned(),
            name: store.name(customer).to_owned(),
            tenant_id: store.tenant_id(customer).map(str::to_owned),
            parent_id: self.parent_id(customer).map(str::to_owned),
            archived: self.relations.archived[customer],
            currency: store.currency(customer).map(str::to_owned),
            billing: self.relations.billing[customer]
                .as_deref()
                .cloned()
                .unwrap_or_default(),
        }
    }

    /// The customer as messages name it: `"Name" ("id")`, or the quoted id when it has
    /// no name (both cut to a bounded length).
    pub fn who(&self, customer: CustomerIx) -> String {
        let (id, name) = (self.id(customer), self.store.name(customer));
        if name.is_empty() {
            Quoted(id).to_string()
        } else {
            format!("{} ({})", Quoted(name), Quoted(id))
        }
    }

    /// The strings a customer carries in results (id, name, and tenant and parent id
    /// where it has them), for sizing a result before it is built.
    pub fn strings_of(&self, customer: CustomerIx) -> impl Iterator<Item = &str> {
        let store = &self.store;
        let billing = self.relations.billing[customer].as_deref();
        [store.id(customer), store.name(customer)]
            .into_iter()
            .chain(store.tenant_id(customer))
            .chain(self.parent_id(customer))
            .chain(billing.into_iter().flat_map(BillingSettings::ids))
    }

    /// The `parentId` the customer has now: its parent's id, or the text it was loaded
    /// with when that names no customer.
    pub fn parent_id(&self, customer: CustomerIx) -> Option<&str> {
        match self.relations.link(customer) {
            Link::Root => None,
            Link::Parent(parent) => Some(self.id(parent)),
            Link::SelfParent => Some(self.id(customer)),
            // Edits never create dangling links, so this is still the loaded text.
            Link::Dangling => self.store.parent_id(customer),
        }
    }

    /// The customer with this id, if any.
    pub fn find(&self, id: &str) -> Option<CustomerIx> {
        find_in(&self.index, &self.store, id)
    }

    /// The customer with this id, or `UNKNOWN_CUSTOMER`.
    pub fn require(&self, id: &str) -> Result<CustomerIx, BilltreeError> {
        self.find(id)
            .ok_or_else(|| BilltreeError::unknown_customer(id))
    }

    /// Whether an earlier customer has the same id, which takes this one out of the
    /// hierarchy (it is reported as a duplicate and otherwise ignored).
    #[inline]
    pub fn is_shadowed(&self, customer: CustomerIx) -> bool {
        self.shadowed[customer]
    }

    /// Each id used more than once: its first customer, then the later ones.
    pub fn duplicates(&self) -> &[Vec<CustomerIx>] {
        &self.duplicates
    }

    /// Customers whose own id is unusable, in input order.
    pub fn invalid_ids(&self) -> &[(CustomerIx, IdProblem)] {
        &self.invalid_ids
    }

    /// The relations as loaded, or as last committed.
    pub fn relations(&self) -> &Relations {
        &self.relations
    }

    /// Makes `relations` the hierarchy's own (after a what-if edit is applied).
    pub fn commit(&mut self, relations: Relations) {
        self.relations = relations;
    }
}

/// Groups shadowed customers under the first customer with their id, in input order,
/// the way children are grouped under parents: linear, no sorting.
fn group_duplicates(first_of: &PerCustomer<Option<CustomerIx>>) -> Vec<Vec<CustomerIx>> {
    if first_of.values().iter().all(Option::is_none) {
        return Vec::new();
    }
    let groups = Children::build(first_of.values().iter().copied(), first_of.len());
    CustomerIx::all(first_of.len())
        .filter_map(|first| {
            let later = groups.of(first);
            (!later.is_empty()).then(|| {
                std::iter::once(first)
                    .chain(later.iter().copied())
                    .collect()
            })
        })
        .collect()
}

fn find_in(index: &HandleTable, store: &CustomerStore, id: &str) -> Option<CustomerIx> {
    // The index holds customer positions.
    let id_of = |known: u32| store.id(CustomerIx::at(known)).as_bytes();
    index.find(id.as_bytes(), &id_of).map(CustomerIx::at)
}

fn resolve_link(index: &HandleTable, store: &CustomerStore, customer: CustomerIx) -> Link {
    let Some(parent_id) = store.parent_id(customer) else {
        return Link::Root;
    };
    match find_in(index, store, parent_id) {
        Some(parent) if parent == customer => Link::SelfParent,
        Some(parent) => Link::Parent(parent),
        None => Link::Dangling,
    }
}

/// Whether each customer is strictly below `top` under `relations` (any relations, not
/// only the loaded ones: a sub-period's, a what-if's). Every parent chain is walked
/// once (each walk stops at a customer already decided), so the whole pass is linear,
/// and a parent cycle ends its walk.
pub fn strictly_below(
    hierarchy: &Hierarchy,
    relations: &Relations,
    top: CustomerIx,
) -> PerCustomer<bool> {
    let mut known: PerCustomer<Option<bool>> = PerCustomer::filled(hierarchy.len(), None);
    known[top] = Some(false);
    let mut path = Vec::new();
    for customer in (0..hierarchy.len()).map(|at| CustomerIx::at(at as u32)) {
        path.clear();
        let mut at = customer;
        let answer = loop {
            if let Some(answer) = known[at] {
                break answer;
            }
            if path.len() > hierarchy.len() {
                break false;
            }
            path.push(at);
            match relations.parent_of(at) {
                Some(parent) if parent == top => break true,
                Some(parent) => at = parent,
                None => break false,
            }
        };
        for &on in &path {
            known[on] = Some(answer);
        }
    }
    PerCustomer::from_values(known.values().iter().map(|k| *k == Some(true)).collect())
}
