//! A loaded hierarchy: the customers as given, indexed, with their parent links resolved
//! to positions once so that validation, queries and edits work on integers.

use crate::common::error::BilltreeError;
use crate::common::handle_table::HandleTable;
use crate::hierarchy::children::{Children, NONE};
use crate::input::customer::{Customer, IdProblem};
use crate::input::store::CustomerStore;

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

/// Customers as stored, indexed by id, with resolved relations.
#[derive(Debug, Clone)]
pub struct Hierarchy {
    store: CustomerStore,
    /// Customer positions by id; the first customer with an id owns it.
    index: HandleTable,
    shadowed: Vec<bool>,
    /// Each id used more than once: its first customer, then the later ones, in input
    /// order (usually none). Ids never change, so this is grouped once, at load.
    duplicates: Vec<Vec<u32>>,
    /// Customers whose own id is unusable, in input order, shadowed duplicates left out
    /// (usually none). Ids never change, so this is checked once at load, not at every
    /// validation.
    invalid_ids: Vec<(u32, IdProblem)>,
    relations: Relations,
}

impl Hierarchy {
    /// Indexes the customers and resolves every `parentId`. Never fails: a bad hierarchy
    /// is what validation reports.
    pub fn load(store: CustomerStore) -> Hierarchy {
        let mut index = HandleTable::with_capacity(store.len());
        // For each shadowed customer, the first customer with its id; NONE otherwise.
        let mut first_of = vec![NONE; store.len()];
        for (position, first) in (0u32..).zip(first_of.iter_mut()) {
            let id_of = |known: u32| store.id(known).as_bytes();
            if let Some(known) =
                index.insert_or_get(store.id(position).as_bytes(), position, &id_of)
            {
                *first = known;
            }
        }
        let shadowed: Vec<bool> = first_of.iter().map(|&first| first != NONE).collect();
        let duplicates = group_duplicates(&first_of);
        let mut relations = Relations {
            links: vec![ROOT; store.len()],
            archived: store.archived_flags().to_vec(),
        };
        let mut invalid_ids = Vec::new();
        for (position, &is_shadowed) in (0u32..).zip(&shadowed) {
            // A shadowed duplicate is out of the hierarchy: it links to nothing, and its
            // id is reported through the customer it duplicates.
            if is_shadowed {
                continue;
            }
            relations.set_link(position, resolve_link(&index, &store, position));
            if let Some(problem) = IdProblem::of(store.id(position)) {
                invalid_ids.push((position, problem));
            }
        }
        Hierarchy {
            store,
            index,
            shadowed,
            duplicates,
            invalid_ids,
            relations,
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

    /// The id of the customer at a position.
    #[inline]
    pub fn id(&self, position: u32) -> &str {
        self.store.id(position)
    }

    /// The customer at a position as it stands now, with every committed edit.
    pub fn customer(&self, position: u32) -> Customer {
        let store = &self.store;
        Customer {
            id: store.id(position).to_owned(),
            name: store.name(position).to_owned(),
            tenant_id: store.tenant_id(position).map(str::to_owned),
            parent_id: self.parent_id(position).map(str::to_owned),
            archived: self.relations.archived[position as usize],
            currency: store.currency(position).map(str::to_owned),
        }
    }

    /// The strings a customer carries in results (id, name, tenant, parent id), for
    /// sizing a result before it is built.
    pub fn strings_of(&self, position: u32) -> [&str; 4] {
        let store = &self.store;
        [
            store.id(position),
            store.name(position),
            store.tenant_id(position).unwrap_or_default(),
            self.parent_id(position).unwrap_or_default(),
        ]
    }

    /// The `parentId` the customer has now: its parent's id, or the text it was loaded
    /// with when that names no customer.
    pub fn parent_id(&self, position: u32) -> Option<&str> {
        match self.relations.link(position) {
            Link::Root => None,
            Link::Parent(parent) => Some(self.id(parent)),
            Link::SelfParent => Some(self.id(position)),
            // Edits never create dangling links, so this is still the loaded text.
            Link::Dangling => self.store.parent_id(position),
        }
    }

    /// The position of the customer with this id, if any.
    pub fn position(&self, id: &str) -> Option<u32> {
        position_of(&self.index, &self.store, id)
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

    /// Each id used more than once: its first customer, then the later ones.
    pub fn duplicates(&self) -> &[Vec<u32>] {
        &self.duplicates
    }

    /// Customers whose own id is unusable, in input order.
    pub fn invalid_ids(&self) -> &[(u32, IdProblem)] {
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
fn group_duplicates(first_of: &[u32]) -> Vec<Vec<u32>> {
    if first_of.iter().all(|&first| first == NONE) {
        return Vec::new();
    }
    let groups = Children::build(first_of.iter().copied(), first_of.len());
    (0..first_of.len() as u32)
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

fn position_of(index: &HandleTable, store: &CustomerStore, id: &str) -> Option<u32> {
    index.find(id.as_bytes(), &|known| store.id(known).as_bytes())
}

fn resolve_link(index: &HandleTable, store: &CustomerStore, position: u32) -> Link {
    let Some(parent_id) = store.parent_id(position) else {
        return Link::Root;
    };
    match position_of(index, store, parent_id) {
        Some(parent) if parent == position => Link::SelfParent,
        Some(parent) => Link::Parent(parent),
        None => Link::Dangling,
    }
}
