//! One hash table for every "find the thing with this key" in the core: customers by id,
//! tenants by name, issues by code and customers. It stores only `u32` handles; the keys
//! stay where they live, so indexing a million customers clones no strings. Callers pass
//! key comparison and hashing as `&dyn Fn`, so all uses share one compiled copy of the
//! table code (each closure type would otherwise get its own in the wasm module).

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxHasher;
use std::hash::{Hash, Hasher};

/// Hashes a key the way every [`HandleTable`] user does (Fx: fast and deterministic).
pub fn hash_of<K: Hash + ?Sized>(key: &K) -> u64 {
    let mut hasher = FxHasher::default();
    key.hash(&mut hasher);
    hasher.finish()
}

/// A set of `u32` handles found by the hash of a key stored elsewhere.
#[derive(Debug, Clone, Default)]
pub struct HandleTable {
    table: HashTable<u32>,
}

impl HandleTable {
    /// An empty table with room for `capacity` handles.
    pub fn with_capacity(capacity: usize) -> HandleTable {
        HandleTable {
            table: HashTable::with_capacity(capacity),
        }
    }

    /// The handle whose key has `hash` and satisfies `is_key`.
    pub fn find(&self, hash: u64, is_key: &dyn Fn(u32) -> bool) -> Option<u32> {
        self.table.find(hash, |&handle| is_key(handle)).copied()
    }

    /// Adds `handle` unless a handle with the same key is there; returns that one.
    /// `hash_of_handle` re-hashes stored handles when the table grows.
    pub fn insert_or_get(
        &mut self,
        hash: u64,
        handle: u32,
        is_key: &dyn Fn(u32) -> bool,
        hash_of_handle: &dyn Fn(u32) -> u64,
    ) -> Option<u32> {
        match self
            .table
            .entry(hash, |&known| is_key(known), |&known| hash_of_handle(known))
        {
            Entry::Occupied(existing) => Some(*existing.get()),
            Entry::Vacant(vacant) => {
                vacant.insert(handle);
                None
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_by_key_and_keeps_the_first_handle() {
        let keys = ["a", "b", "a", "c"];
        let mut table = HandleTable::with_capacity(1);
        let firsts: Vec<Option<u32>> = (0u32..)
            .zip(keys)
            .map(|(handle, key)| {
                let is_key = |known: u32| keys[known as usize] == key;
                let rehash = |known: u32| hash_of(keys[known as usize]);
                table.insert_or_get(hash_of(key), handle, &is_key, &rehash)
            })
            .collect();
        assert_eq!(firsts, [None, None, Some(0), None]);
        assert_eq!(
            table.find(hash_of("c"), &|known| keys[known as usize] == "c"),
            Some(3)
        );
        assert_eq!(
            table.find(hash_of("z"), &|known| keys[known as usize] == "z"),
            None
        );
    }
}
