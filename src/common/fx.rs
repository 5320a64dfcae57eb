//! Hash maps and sets with Fx hashing: deterministic (no random seed, so no RNG in the
//! core) and fast on small keys (customer positions, meter numbers).

/// A `HashMap` with Fx hashing.
pub type FxHashMap<K, V> = std::collections::HashMap<K, V, rustc_hash::FxBuildHasher>;

/// A `HashSet` with Fx hashing.
pub type FxHashSet<K> = std::collections::HashSet<K, rustc_hash::FxBuildHasher>;
