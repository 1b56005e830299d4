//! A map bounded by the bytes its values hold, which keeps what was used lately: past the
//! bound, what was used longest ago goes, down to three quarters at once, so that a full
//! map sorts its ages only now and then. The searcher's shared plans and shared hits are
//! each kept in one.

use std::borrow::Borrow;
use std::collections::HashMap;
use std::hash::Hash;

pub struct Lru<K, V> {
    /// Each value, the bytes it holds and when it was last used.
    entries: HashMap<K, (V, usize, u64)>,
    bytes: usize,
    clock: u64,
    /// Bytes kept at most.
    limit: usize,
}

impl<K: Eq + Hash, V: Clone> Lru<K, V> {
    pub fn new(limit: usize) -> Lru<K, V> {
        Lru {
            entries: HashMap::new(),
            bytes: 0,
            clock: 0,
            limit,
        }
    }

    /// The value kept for `key`, now the most recently used.
    pub fn get<Q: Eq + Hash + ?Sized>(&mut self, key: &Q) -> Option<V>
    where
        K: Borrow<Q>,
    {
        self.clock += 1;
        let now = self.clock;
        let (value, _, used) = self.entries.get_mut(key)?;
        *used = now;
        Some(value.clone())
    }

    /// Keeps `value`, which holds about `size` bytes, for `key`; not kept (false) if it
    /// alone is over a quarter of the bound.
    pub fn put(&mut self, key: K, value: V, size: usize) -> bool {
        if size > self.limit / 4 {
            return false;
        }
        self.clock += 1;
        if let Some((_, old, _)) = self.entries.insert(key, (value, size, self.clock)) {
            self.bytes -= old;
        }
        self.bytes += size;
        if self.bytes > self.limit {
            let mut ages: Vec<(u64, usize)> = self.entries.values().map(|e| (e.2, e.1)).collect();
            ages.sort_unstable();
            let mut bytes = self.bytes;
            let mut oldest_kept = 0;
            for (used, size) in ages {
                if bytes <= self.limit / 4 * 3 {
                    oldest_kept = used;
                    break;
                }
                bytes -= size;
            }
            self.entries.retain(|_, e| e.2 >= oldest_kept);
            self.bytes = self.entries.values().map(|e| e.1).sum();
        }
        true
    }

    /// The values kept, and the bytes they hold.
    pub fn held(&self) -> (usize, usize) {
        (self.entries.len(), self.bytes)
    }
}
