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

// Links are stored as one u32 per customer: a parent position, or one of these markers
// above any position (positions stay below MAX_CUSTOMERS). Flat arrays keep a what-if
// copy cheap and every walk cache-friendly.
const ROOT: u32 = u32::MAX;
const SELF_PARENT: u32 = u32::MAX - 1;
const DANGLING: u32 = u32::MAX - 2;

/// The part of a hierarchy that what-if edits change: two flat arrays, cheap to clone,
/// so a preview works on a copy and the loaded hierarchy stays untouched.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Relations {
    links: Vec<u32>,
    /// Each customer's archived flag, by position.
    pub archived: Vec<bool>,
}

impl Relations {
    /// The link of the customer at `position`.
    #[inline]
    pub fn link(&self, position: u32) -> Link {
        match self.links[position as usize] {
            ROOT => Link::Root,
            SELF_PARENT => Link::SelfParent,
            DANGLING => Link::Dangling,
            parent => Link::Parent(parent),
        }
    }

    /// Replaces the link of the customer at `position`.
    pub fn set_link(&mut self, position: u32, link: Link) {
        self.links[position as usize] = match link {
            Link::Root => ROOT,
            Link::SelfParent => SELF_PARENT,
            Link::Dangling => DANGLING,
            Link::Parent(parent) => parent,
        };
    }

    /// The parent a customer effectively has: none for roots, self-parents, dangling
    /// links and shadowed duplicates (which are loaded as roots).
    #[inline]
    pub fn parent_of(&self, position: u32) -> Option<u32> {
        self.links
            .get(position as usize)
            .copied()
            .filter(|&link| link < DANGLING)
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

/// Customers as given, indexed by id, with resolved relations.
#[derive(Debug, Clone)]
pub struct Hierarchy {
    customers: Vec<Customer>,
    index: IdIndex,
    shadowed: Vec<bool>,
    /// Positions of shadowed duplicates, in input order (usually none).
    shadowed_positions: Vec<u32>,
    /// Customers whose own id is unusable, in input order, shadowed duplicates left out
    /// (usually none). Ids never
    /// change, so this is checked once at load, not at every validation.
    invalid_ids: Vec<(u32, IdProblem)>,
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
        let mut relations = Relations {
            links: vec![ROOT; customers.len()],
            archived: customers.iter().map(|customer| customer.archived).collect(),
        };
        for ((position, customer), &is_shadowed) in (0u32..).zip(&customers).zip(&shadowed) {
            // A shadowed duplicate is out of the hierarchy: it links to nothing.
            if !is_shadowed {
                relations.set_link(
                    position,
                    resolve_link(&index, &customers, position, customer),
                );
            }
        }
        let shadowed_positions = (0u32..)
            .zip(&shadowed)
            .filter_map(|(position, &is_shadowed)| is_shadowed.then_some(position))
            .collect();
        // A shadowed duplicate's id is reported through the customer it duplicates.
        let invalid_ids = (0u32..)
            .zip(&customers)
            .zip(&shadowed)
            .filter(|(_, &is_shadowed)| !is_shadowed)
            .filter_map(|((position, customer), _)| {
                IdProblem::of(&customer.id).map(|problem| (position, problem))
            })
            .collect();
        Ok(Hierarchy {
            customers,
            index,
            shadowed,
            shadowed_positions,
            invalid_ids,
            tenant,
            relations,
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
    #[inline]
    pub fn is_shadowed(&self, position: u32) -> bool {
        self.shadowed[position as usize]
    }

    /// Positions of shadowed duplicates, in input order.
    pub fn shadowed_positions(&self) -> &[u32] {
        &self.shadowed_positions
    }

    /// Customers whose own id is unusable, in input order.
    pub fn invalid_ids(&self) -> &[(u32, IdProblem)] {
        &self.invalid_ids
    }

    /// Interned tenant of a customer; equal numbers mean equal tenants.
    pub fn tenant(&self, position: u32) -> u32 {
        self.tenant[position as usize]
    }

    /// The relations as loaded, or as last committed.
    pub fn relations(&self) -> &Relations {
        &self.relations
    }

    /// Makes `relations` the hierarchy's own, rewriting the customers' `parentId` and
    /// `archived` so that [`Hierarchy::customers`] exports the edited hierarchy.
    pub fn commit(&mut self, relations: Relations) {
        for position in 0..self.customers.len() as u32 {
            let link = relations.link(position);
            if link != self.relations.link(position) {
                let at = position as usize;
                let parent_id = match link {
                    Link::Root => None,
                    Link::Parent(parent) => Some(self.customers[parent as usize].id.clone()),
                    Link::SelfParent => Some(self.customers[at].id.clone()),
                    // Edits never create dangling links; keep the text that dangled.
                    Link::Dangling => self.customers[at].parent_id.clone(),
                };
                self.customers[at].parent_id = parent_id;
            }
            self.customers[position as usize].archived = relations.archived[position as usize];
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
