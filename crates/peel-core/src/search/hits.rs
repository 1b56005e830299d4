//! The hits of queries searched for lately, shared by every reader of one searcher: a
//! served reader's keystroke is most often one another reader has just typed, and its
//! hits are the same whoever typed it (`Searcher::search_as_typed` finds what a fresh
//! search finds).

use super::rank::Hit;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// Hits kept at most, in bytes: about 8,000 hits of the built-in content's queries each
/// (32 bytes a hit), past which the queries searched for longest ago go, down to three
/// quarters.
pub const SHARED_HITS_BYTES: usize = 8 << 20;

pub struct SharedHits {
    inner: Mutex<Inner>,
    limit: usize,
}

#[derive(Default)]
struct Inner {
    /// By the query's full form (`{:?}`): its hits, their bytes, when last asked for.
    hits: HashMap<String, (Arc<[Hit]>, usize, u64)>,
    bytes: usize,
    clock: u64,
}

impl Default for SharedHits {
    fn default() -> Self {
        SharedHits::with_limit(SHARED_HITS_BYTES)
    }
}

impl SharedHits {
    pub fn with_limit(limit: usize) -> SharedHits {
        SharedHits {
            inner: Mutex::default(),
            limit,
        }
    }

    pub fn get(&self, query: &str) -> Option<Arc<[Hit]>> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.clock += 1;
        let now = inner.clock;
        let (hits, _, used) = inner.hits.get_mut(query)?;
        *used = now;
        Some(Arc::clone(hits))
    }

    pub fn put(&self, query: String, hits: &[Hit]) {
        let size = std::mem::size_of_val(hits) + query.len() + 64;
        if size > self.limit / 4 {
            return;
        }
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.clock += 1;
        let now = inner.clock;
        if let Some((_, old, _)) = inner.hits.insert(query, (hits.into(), size, now)) {
            inner.bytes -= old;
        }
        inner.bytes += size;
        if inner.bytes > self.limit {
            let mut ages: Vec<(u64, usize)> = inner.hits.values().map(|h| (h.2, h.1)).collect();
            ages.sort_unstable();
            let mut bytes = inner.bytes;
            let mut oldest_kept = 0;
            for (used, size) in ages {
                if bytes <= self.limit / 4 * 3 {
                    oldest_kept = used;
                    break;
                }
                bytes -= size;
            }
            inner.hits.retain(|_, h| h.2 >= oldest_kept);
            inner.bytes = inner.hits.values().map(|h| h.1).sum();
        }
    }

    /// The queries kept, and the bytes their hits hold.
    pub fn held(&self) -> (usize, usize) {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        (inner.hits.len(), inner.bytes)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn hits(n: usize) -> Vec<Hit> {
        (0..n)
            .map(|node| Hit {
                node,
                score: 1,
                passage: node,
                via: None,
            })
            .collect()
    }

    #[test]
    fn the_queries_asked_for_longest_ago_go_first_past_the_bound() {
        let one = std::mem::size_of_val(hits(100).as_slice()) + 1 + 64;
        let shared = SharedHits::with_limit(4 * one + one / 2);
        for q in ["a", "b", "c", "d"] {
            shared.put(q.to_owned(), &hits(100));
        }
        assert_eq!(shared.held(), (4, 4 * one));
        shared.get("a");
        shared.put("e".to_owned(), &hits(100));
        assert_eq!(shared.held(), (3, 3 * one));
        for (q, kept) in [
            ("a", true),
            ("b", false),
            ("c", false),
            ("d", true),
            ("e", true),
        ] {
            assert_eq!(shared.get(q).is_some(), kept, "{q}");
        }
        assert_eq!(&*shared.get("a").unwrap(), hits(100).as_slice());
        shared.put("e".to_owned(), &hits(100));
        assert_eq!(shared.held(), (3, 3 * one), "put again, counted once");
    }
}
