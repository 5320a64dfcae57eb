//! A loaded hierarchy: the customers as given, indexed, with their parent links resolved
//! to positions once so that validation, queries and edits work on integers.

use super::customer::{Customer, IdProblem};
use super::error::BilltreeError;
use super::id_index::IdIndex;
use super::input::MAX_CUSTOMERS;
use rustc_hash::FxHashMap;

/// Where a customer's `parentId` leads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Link {
    /// No parent: the customer is a root.
    Root,
    /// The parent at this position.
    Parent(u32),
    /// `parentId` is the customer's own id.
    SelfParent,
    /// `parentId` names no customer (or is not a usable id).
    Dangling,
}

/// The part of a hierarchy that what-if edits change: cheap to clone (two flat arrays),
/// so a preview works on a copy and the loaded hierarchy stays untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relations {
    /// Each customer's parent link, by position.
    pub links: Vec<Link>,
    /// Each customer's archived flag, by position.
    pub archived: Vec<bool>,
}

/// Customers as given, indexed by id, with resolved relations.
#[derive(Debug, Clone)]
pub struct Hierarchy {
    customers: Vec<Customer>,
    index: IdIndex,
    shadowed: Vec<bool>,
    tenant: Vec<u32>,
    relations: Relations,
}

impl Hierarchy {
    /// Indexes the customers and resolves every `parentId`. Never fails on a bad
    /// hierarchy (that is what validation reports); only on an absurd size.
    pub fn load(customers: Vec<Customer>) -> Result<Hierarchy, BilltreeError> {
        if customers.len() > MAX_CUSTOMERS {
            return Err(BilltreeError::too_large("customers", MAX_CUSTOMERS));
        }
        let (index, shadowed) = IdIndex::build(&customers);
        let tenant = intern_tenants(&customers);
        let links = (0u32..)
            .zip(&customers)
            .map(|(position, customer)| resolve_link(&index, &customers, position, customer))
            .collect();
        let archived = customers.iter().map(|customer| customer.archived).collect();
        Ok(Hierarchy {
            customers,
            index,
            shadowed,
            tenant,
            relations: Relations { links, archived },
        })
    }

    /// Number of customers, duplicates included.
    pub fn len(&self) -> usize {
        self.customers.len()
    }

    /// `true` when there are no customers.
    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
    }

    /// The customers, reflecting every applied edit.
    pub fn customers(&self) -> &[Customer] {
        &self.customers
    }

    /// The customer at a position (positions come from this hierarchy, so they exist).
    pub fn customer(&self, position: u32) -> &Customer {
        &self.customers[position as usize]
    }

    /// The position of the customer with this id, if any.
    pub fn position(&self, id: &str) -> Option<u32> {
        self.index.get(&self.customers, id)
    }

    /// The position of the customer with this id, or `UNKNOWN_CUSTOMER`.
    pub fn require(&self, id: &str) -> Result<u32, BilltreeError> {
        self.position(id)
            .ok_or_else(|| BilltreeError::unknown_customer(id))
    }

    /// Whether an earlier customer has the same id, which takes this one out of the
    /// hierarchy (it is reported as a duplicate and otherwise ignored).
    pub fn is_shadowed(&self, position: u32) -> bool {
        self.shadowed[position as usize]
    }

    /// Interned tenant of a customer; equal numbers mean equal tenants.
    pub fn tenant(&self, position: u32) -> u32 {
        self.tenant[position as usize]
    }

    /// The relations as loaded, or as last committed.
    pub fn relations(&self) -> &Relations {
        &self.relations
    }

    /// The parent a customer effectively has under `relations`: none for roots,
    /// self-parents, dangling links and shadowed duplicates.
    pub fn parent(&self, relations: &Relations, position: u32) -> Option<u32> {
        match relations.links[position as usize] {
            Link::Parent(parent) if !self.is_shadowed(position) => Some(parent),
            _ => None,
        }
    }

    /// Makes `relations` the hierarchy's own, rewriting the customers' `parentId` and
    /// `archived` so that [`Hierarchy::customers`] exports the edited hierarchy.
    pub fn commit(&mut self, relations: Relations) {
        for position in 0..self.customers.len() {
            let link = relations.links[position];
            if link != self.relations.links[position] {
                let parent_id = match link {
                    Link::Root => None,
                    Link::Parent(parent) => Some(self.customers[parent as usize].id.clone()),
                    Link::SelfParent => Some(self.customers[position].id.clone()),
                    // Edits never create dangling links; keep the text that dangled.
                    Link::Dangling => self.customers[position].parent_id.clone(),
                };
                self.customers[position].parent_id = parent_id;
            }
            self.customers[position].archived = relations.archived[position];
        }
        self.relations = relations;
    }
}

fn resolve_link(
    index: &IdIndex,
    customers: &[Customer],
    position: u32,
    customer: &Customer,
) -> Link {
    let Some(parent_id) = customer.parent_id.as_deref() else {
        return Link::Root;
    };
    match index.get(customers, parent_id) {
        Some(parent) if parent == position => Link::SelfParent,
        Some(parent) => Link::Parent(parent),
        None => Link::Dangling,
    }
}

/// Whether a dangling `parentId` is unusable as an id (reported as `INVALID_ID`) rather
/// than merely unknown (`UNKNOWN_PARENT`).
pub fn parent_id_problem(customer: &Customer) -> Option<IdProblem> {
    customer.parent_id.as_deref().and_then(IdProblem::of)
}

/// Numbers tenants so that comparing two customers' tenants compares integers; 0 is
/// "no tenant".
fn intern_tenants(customers: &[Customer]) -> Vec<u32> {
    let mut numbers: FxHashMap<&str, u32> = FxHashMap::default();
    customers
        .iter()
        .map(|customer| match customer.tenant_id.as_deref() {
            None => 0,
            Some(tenant) => {
                let next = u32::try_from(numbers.len() + 1).unwrap_or(u32::MAX);
                *numbers.entry(tenant).or_insert(next)
            }
        })
        .collect()
}
