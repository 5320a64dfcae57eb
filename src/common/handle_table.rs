//! One hash table for every "find the thing with this key" in the core: customers by id,
//! tenants by name, issues by code and customers. It stores only `u32` handles; the keys
//! (byte strings) stay where they live, so indexing a million customers clones no
//! strings. Callers pass the key lookup as `&dyn Fn`, so all uses share one compiled
//! copy of the table code (each closure type would otherwise get its own in the wasm
//! module).
//!
//! **Crafted keys stay linear.** Keys are hashed with Fx, which is fast but unkeyed: an
//! input whose ids all share one Fx hash would make every insert compare against every
//! earlier key (quadratic: 23 s for 40,000 ids). The table counts key comparisons; when
//! they pass a few per key, it rebuilds itself with SipHash-1-3 under a key derived from
//! what it holds, and again if that one is flooded too. Colliding under SipHash needs a
//! brute-force search per key, so crafted input pays for its own attack, ordinary input
//! never leaves Fx, and no clock or random number is involved: the same input builds
//! the same table. Lookups never depend on the table's order, so outputs are the same
//! whichever hash is in use.

use hashbrown::hash_table::{Entry, HashTable};
use rustc_hash::FxHasher;
use siphasher::sip::SipHasher13;
use std::hash::Hasher;

/// Failed key comparisons allowed per stored key (plus a constant) before the table
/// rebuilds with a keyed hash. Ordinary keys almost never compare unequal (the table's
/// 7-bit tags filter first), and a duplicate's one comparison succeeds.
const COMPARISONS_PER_KEY: u64 = 4;
const COMPARISONS_SLACK: u64 = 1024;

/// Where a table's keys live: the key of a stored handle. A trait of its own rather
/// than `dyn Fn`, whose vtable would also hold `call_mut` and `call_once` shims (more
/// compiled copies of every caller's closure).
pub trait KeyOf<'k> {
    /// The key of `handle`.
    fn key_of(&self, handle: u32) -> &'k [u8];
}

impl<'k, F: Fn(u32) -> &'k [u8]> KeyOf<'k> for F {
    fn key_of(&self, handle: u32) -> &'k [u8] {
        self(handle)
    }
}

/// A set of `u32` handles found by a byte-string key stored elsewhere.
#[derive(Debug, Clone, Default)]
pub struct HandleTable {
    table: HashTable<u32>,
    /// `None` while Fx serves; the SipHash key once flooding was seen.
    sip_key: Option<(u64, u64)>,
    /// Key comparisons that found a different key, since the table was last built.
    comparisons: u64,
}

/// The hash of `key` under the table's current scheme.
fn hash_with(sip_key: Option<(u64, u64)>, key: &[u8]) -> u64 {
    match sip_key {
        None => {
            let mut hasher = FxHasher::default();
            hasher.write(key);
            hasher.finish()
        }
        Some((k0, k1)) => {
            let mut hasher = SipHasher13::new_with_keys(k0, k1);
            hasher.write(key);
            hasher.finish()
        }
    }
}

impl HandleTable {
    /// An empty table with room for `capacity` handles.
    pub fn with_capacity(capacity: usize) -> HandleTable {
        HandleTable {
            table: HashTable::with_capacity(capacity),
            ..HandleTable::default()
        }
    }

    /// Number of handles stored.
    #[cfg(test)]
    fn len(&self) -> usize {
        self.table.len()
    }

    /// Whether the table has left Fx for SipHash.
    #[cfg(test)]
    fn is_keyed(&self) -> bool {
        self.sip_key.is_some()
    }

    /// The handle whose key equals `key`; `key_of` gives a stored handle's key.
    pub fn find<'k>(&self, key: &[u8], key_of: &dyn KeyOf<'k>) -> Option<u32> {
        let hash = hash_with(self.sip_key, key);
        self.table
            .find(hash, |&known| key_of.key_of(known) == key)
            .copied()
    }

    /// Adds `handle` under `key` unless a handle with an equal key is there; returns
    /// that one.
    pub fn insert_or_get<'k>(
        &mut self,
        key: &[u8],
        handle: u32,
        key_of: &dyn KeyOf<'k>,
    ) -> Option<u32> {
        let sip_key = self.sip_key;
        let mut compared = 0u64;
        let known = match self.table.entry(
            hash_with(sip_key, key),
            |&known| {
                let equal = key_of.key_of(known) == key;
                compared += u64::from(!equal);
                equal
            },
            |&known| hash_with(sip_key, key_of.key_of(known)),
        ) {
            Entry::Occupied(existing) => Some(*existing.get()),
            Entry::Vacant(vacant) => {
                vacant.insert(handle);
                None
            }
        };
        self.comparisons += compared;
        let allowed = COMPARISONS_PER_KEY * self.table.len() as u64 + COMPARISONS_SLACK;
        if self.comparisons > allowed {
            self.rebuild_keyed(key, key_of);
        }
        known
    }

    /// Re-inserts every handle under SipHash with a fresh key, derived from the previous
    /// key, the key that tipped the balance and the size (deterministic, input-bound).
    fn rebuild_keyed<'k>(&mut self, trigger: &[u8], key_of: &dyn KeyOf<'k>) {
        let (k0, k1) = self
            .sip_key
            .unwrap_or((0x6269_6c6c_7472_6565, 0x666c_6f6f_6473));
        let mut derive = SipHasher13::new_with_keys(k0, k1);
        derive.write(trigger);
        derive.write_u64(self.table.len() as u64);
        let first = derive.finish();
        derive.write_u64(first);
        let sip_key = Some((first, derive.finish()));
        let mut rebuilt = HashTable::with_capacity(self.table.capacity());
        for &handle in self.table.iter() {
            rebuilt.insert_unique(
                hash_with(sip_key, key_of.key_of(handle)),
                handle,
                |&known| hash_with(sip_key, key_of.key_of(known)),
            );
        }
        self.table = rebuilt;
        self.sip_key = sip_key;
        self.comparisons = 0;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    mod fx_collisions {
        include!(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/support/fx_collisions.rs"
        ));
    }

    #[test]
    fn finds_by_key_and_keeps_the_first_handle() {
        let keys: [&[u8]; 4] = [b"a", b"b", b"a", b"c"];
        let key_of = |known: u32| keys[known as usize];
        let mut table = HandleTable::with_capacity(1);
        let firsts: Vec<Option<u32>> = (0u32..)
            .zip(keys)
            .map(|(handle, key)| table.insert_or_get(key, handle, &key_of))
            .collect();
        assert_eq!(firsts, [None, None, Some(0), None]);
        assert_eq!(table.find(b"c", &key_of), Some(3));
        assert_eq!(table.find(b"z", &key_of), None);
        assert!(!table.is_keyed(), "ordinary keys stay on Fx");
    }

    /// Counts the comparisons of building a table from `keys`, duplicates included.
    fn build(keys: &[String]) -> (HandleTable, u64) {
        let key_of = |known: u32| keys[known as usize].as_bytes();
        let mut table = HandleTable::with_capacity(keys.len());
        let mut compared = 0u64;
        for (handle, key) in (0u32..).zip(keys) {
            let before = table.comparisons;
            table.insert_or_get(key.as_bytes(), handle, &key_of);
            // A rebuild resets the count; what it cost is the rebuild's, linear.
            compared += table.comparisons.saturating_sub(before);
        }
        (table, compared)
    }

    #[test]
    fn ids_sharing_one_fx_hash_switch_the_table_to_siphash_and_stay_linear() {
        let keys = fx_collisions::colliding_ids(3_000, cfg!(target_pointer_width = "64"));
        let fx = |key: &String| hash_with(None, key.as_bytes());
        assert!(
            keys.iter().all(|key| fx(key) == fx(&keys[0])),
            "the crafted ids really collide under Fx"
        );
        let (table, compared) = build(&keys);
        assert!(table.is_keyed(), "the flood was noticed");
        assert!(compared < 5 * keys.len() as u64, "{compared} comparisons");
        let key_of = |known: u32| keys[known as usize].as_bytes();
        for (handle, key) in (0u32..).zip(&keys) {
            assert_eq!(table.find(key.as_bytes(), &key_of), Some(handle));
        }
        assert_eq!(table.find(b"absent", &key_of), None);
    }

    #[test]
    fn duplicates_alone_never_look_like_a_flood() {
        let keys: Vec<String> = (0..30_000).map(|n| format!("cus_{}", n % 7)).collect();
        let (table, _) = build(&keys);
        assert!(!table.is_keyed());
        assert_eq!(table.len(), 7);
    }
}
