//! The id → position index of a customer list.

use super::store::CustomerStore;
use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxBuildHasher;
use std::hash::BuildHasher;

/// Positions of customers, found by id. Stores only `u32` positions: the ids themselves
/// stay in the customer store, so loading a million customers clones no strings.
#[derive(Debug, Clone, Default)]
pub struct IdIndex {
    table: HashTable<u32>,
}

fn hash_id(id: &str) -> u64 {
    FxBuildHasher.hash_one(id)
}

fn id_at(customers: &CustomerStore, position: u32) -> &str {
    customers.id(position)
}

impl IdIndex {
    /// Indexes `customers` (at most `u32::MAX` of them) by id. The first customer with a
    /// given id owns it; the returned flags mark every later one as shadowed.
    pub fn build(customers: &CustomerStore) -> (IdIndex, Vec<bool>) {
        let mut table = HashTable::with_capacity(customers.len());
        let mut shadowed = vec![false; customers.len()];
        for (position, is_shadowed) in (0u32..).zip(shadowed.iter_mut()) {
            let id = customers.id(position);
            let entry = table.entry(
                hash_id(id),
                |&known| id_at(customers, known) == id,
                |&known| hash_id(id_at(customers, known)),
            );
            match entry {
                Entry::Occupied(_) => *is_shadowed = true,
                Entry::Vacant(vacant) => {
                    vacant.insert(position);
                }
            }
        }
        (IdIndex { table }, shadowed)
    }

    /// The position of the first customer with this id.
    pub fn get(&self, customers: &CustomerStore, id: &str) -> Option<u32> {
        self.table
            .find(hash_id(id), |&known| id_at(customers, known) == id)
            .copied()
    }
}
