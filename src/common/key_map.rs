//! The core's one map: values found by a byte-string key (a customer id, a meter's name,
//! or numbers packed by [`pair`]). The hashing is [`HandleTable`]'s, which maps a key to
//! a slot, so every map shares one compiled copy of the hash table code and its flooding
//! defence; the keys and values sit in two `Vec`s beside it.
//!
//! Why not `HashMap`: each key/value shape of a `HashMap` compiles its own copy of the
//! table (insert, grow, rehash), and the invoice engine's ~25 shapes cost ~37 KB of wasm
//! code. Iteration is in insertion order, so it depends on the input's order only, never
//! on hashing.

use crate::common::customer_ix::CustomerIx;
use crate::common::handle_table::HandleTable;

/// A map from keys (as bytes) to values, iterated in insertion order.
#[derive(Debug, Clone)]
pub struct KeyMap<K, V> {
    table: HandleTable,
    keys: Vec<K>,
    values: Vec<V>,
}

/// A set of keys, iterated in insertion order.
pub type KeySet<K> = KeyMap<K, ()>;

/// A customer as a key.
pub fn customer_key(customer: CustomerIx) -> [u8; 4] {
    customer.position().to_le_bytes()
}

/// Two numbers (a customer's position and a meter, or a currency) as one key.
pub fn pair(first: u32, second: u32) -> [u8; 8] {
    (u64::from(first) << 32 | u64::from(second)).to_le_bytes()
}

/// Three numbers (an invoice's owner, addressee and currency) as one key.
pub fn triple(first: u32, second: u32, third: u32) -> [u8; 12] {
    let mut key = [0; 12];
    key[..4].copy_from_slice(&first.to_le_bytes());
    key[4..8].copy_from_slice(&second.to_le_bytes());
    key[8..].copy_from_slice(&third.to_le_bytes());
    key
}

impl<K, V> Default for KeyMap<K, V> {
    fn default() -> Self {
        KeyMap {
            table: HandleTable::default(),
            keys: Vec::new(),
            values: Vec::new(),
        }
    }
}

/// The bytes of the key in `slot` (empty for a slot that does not exist, which no
/// caller asks for).
fn key_bytes<K: AsRef<[u8]>>(keys: &[K], slot: u32) -> &[u8] {
    keys.get(slot as usize).map_or(&[], AsRef::as_ref)
}

impl<K: AsRef<[u8]>, V> KeyMap<K, V> {
    /// An empty map with room for `capacity` keys.
    pub fn with_capacity(capacity: usize) -> Self {
        KeyMap {
            table: HandleTable::with_capacity(capacity),
            keys: Vec::with_capacity(capacity),
            values: Vec::with_capacity(capacity),
        }
    }

    fn slot(&self, key: &[u8]) -> Option<usize> {
        if self.keys.is_empty() {
            return None;
        }
        let keys = &self.keys;
        self.table
            .find(key, &|slot| key_bytes(keys, slot))
            .map(|slot| slot as usize)
    }

    /// The value under `key`.
    pub fn get(&self, key: impl AsRef<[u8]>) -> Option<&V> {
        self.slot(key.as_ref())
            .and_then(|slot| self.values.get(slot))
    }

    /// The value under `key`, to change.
    pub fn get_mut(&mut self, key: impl AsRef<[u8]>) -> Option<&mut V> {
        self.slot(key.as_ref())
            .and_then(|slot| self.values.get_mut(slot))
    }

    /// Whether `key` has a value.
    pub fn contains_key(&self, key: impl AsRef<[u8]>) -> bool {
        self.slot(key.as_ref()).is_some()
    }

    /// The slot of `key`, with `value` added under it if the key was new; `value` comes
    /// back when the key had one. One hash and one probe either way.
    fn slot_or_add(&mut self, key: K, value: V) -> (usize, Option<V>) {
        let next = self.keys.len() as u32;
        let keys = &self.keys;
        let known = self
            .table
            .insert_or_get(key.as_ref(), next, &|slot| key_bytes(keys, slot));
        match known {
            Some(slot) => (slot as usize, Some(value)),
            None => {
                self.keys.push(key);
                self.values.push(value);
                (next as usize, None)
            }
        }
    }

    /// The value under `key`, `value` added if there was none.
    pub fn or_insert(&mut self, key: K, value: V) -> &mut V {
        let (slot, _) = self.slot_or_add(key, value);
        &mut self.values[slot]
    }

    /// Adds `value` under `key` unless `key` has one; whether it was added.
    pub fn add_new(&mut self, key: K, value: V) -> bool {
        self.slot_or_add(key, value).1.is_none()
    }

    /// Sets the value under `key` (replacing one that was there).
    pub fn insert(&mut self, key: K, value: V) {
        if let (slot, Some(value)) = self.slot_or_add(key, value) {
            if let Some(stored) = self.values.get_mut(slot) {
                *stored = value;
            }
        }
    }

    /// Keys and values in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&K, &V)> {
        self.keys.iter().zip(&self.values)
    }

    /// Values in insertion order.
    pub fn values(&self) -> std::slice::Iter<'_, V> {
        self.values.iter()
    }

    /// Values in insertion order, to change.
    pub fn values_mut(&mut self) -> std::slice::IterMut<'_, V> {
        self.values.iter_mut()
    }

    /// Whether the map holds no key.
    pub fn is_empty(&self) -> bool {
        self.keys.is_empty()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_are_found_replaced_and_listed_in_insertion_order() {
        let mut map: KeyMap<&str, u32> = KeyMap::default();
        assert!(map.is_empty() && map.get("a").is_none());
        for (key, value) in [("b", 1), ("a", 2), ("c", 3)] {
            assert!(map.add_new(key, value));
        }
        assert!(
            !map.add_new("a", 9),
            "a key already there is not added again"
        );
        assert_eq!(map.get("a"), Some(&2));
        map.insert("a", 5);
        *map.or_insert("d", 0) += 4;
        *map.or_insert("b", 0) += 10;
        if let Some(value) = map.get_mut("c") {
            *value = 30;
        }
        let listed: Vec<(&str, u32)> = map.iter().map(|(k, v)| (*k, *v)).collect();
        assert_eq!(listed, [("b", 11), ("a", 5), ("c", 30), ("d", 4)]);
        assert!(map.contains_key("d") && !map.contains_key("e"));
        assert_eq!(map.values().sum::<u32>(), 50);
    }

    #[test]
    fn packed_keys_do_not_meet() {
        let mut set: KeySet<[u8; 8]> = KeySet::default();
        assert!(set.add_new(pair(1, 2), ()));
        assert!(set.add_new(pair(2, 1), ()));
        assert!(!set.add_new(pair(1, 2), ()));
        let mut map: KeyMap<[u8; 12], u8> = KeyMap::default();
        map.insert(triple(0, 1, 2), 1);
        map.insert(triple(0, 2, 1), 2);
        assert_eq!(map.get(triple(0, 1, 2)), Some(&1));
        assert_eq!(map.get(triple(1, 2, 0)), None);
    }

    #[test]
    fn many_keys_stay_found() {
        let mut map: KeyMap<[u8; 8], u32> = KeyMap::with_capacity(4);
        for n in 0..10_000u32 {
            map.insert(pair(n % 97, n), n);
        }
        assert_eq!(map.values().len(), 10_000);
        assert!((0..10_000u32).all(|n| map.get(pair(n % 97, n)) == Some(&n)));
    }
}
