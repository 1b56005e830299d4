//! The hits of queries searched for lately, shared by every reader of one searcher: a
//! served reader's keystroke is most often one another reader has just typed, and its
//! hits are the same whoever typed it (`Searcher::search_as_typed` finds what a fresh
//! search finds). A query being searched for is searched for once: a reader who asks for
//! it meanwhile waits for those hits rather than searching too, so a hundred readers
//! typing the same key at the same moment cost one search, not a hundred.

use super::lru::Lru;
use super::rank::Hit;
use std::collections::HashMap;
use std::sync::{Arc, Condvar, Mutex};
use std::time::Duration;

/// The longest a reader waits for another's search of the same query before searching
/// itself: a search takes well under this, so it is only ever reached by a searcher that
/// has stalled, and no reader is held by another for longer.
const LONGEST_WAIT: Duration = Duration::from_millis(250);

/// Hits kept at most, in bytes: about 8,000 hits of the built-in content's queries each
/// (32 bytes a hit), past which the queries searched for longest ago go, down to three
/// quarters.
pub const SHARED_HITS_BYTES: usize = 8 << 20;

pub struct SharedHits {
    inner: Mutex<Inner>,
}

struct Inner {
    /// By the query's full form (`{:?}`).
    hits: Lru<String, Arc<[Hit]>>,
    /// The queries being searched for now, by the reader who claimed each.
    flying: HashMap<String, Arc<Flight>>,
}

/// One search under way: its hits once found (`Some(None)`: it ended without them).
#[derive(Default)]
pub struct Flight {
    done: Mutex<Option<Option<Arc<[Hit]>>>>,
    ready: Condvar,
}

impl Flight {
    fn land(&self, hits: Option<Arc<[Hit]>>) {
        *self.done.lock().unwrap_or_else(|e| e.into_inner()) = Some(hits);
        self.ready.notify_all();
    }

    /// The hits of the search, once it has ended; none if it ended without them or took
    /// longer than `LONGEST_WAIT`.
    pub fn wait(&self) -> Option<Arc<[Hit]>> {
        let done = self.done.lock().unwrap_or_else(|e| e.into_inner());
        let (done, _) = self
            .ready
            .wait_timeout_while(done, LONGEST_WAIT, |done| done.is_none())
            .unwrap_or_else(|e| e.into_inner());
        done.clone().flatten()
    }
}

/// What a reader finds when it asks for a query's hits.
pub enum Lookup<'a> {
    /// Kept from an earlier search.
    Found(Arc<[Hit]>),
    /// Being searched for by another reader: wait for it.
    Flying(Arc<Flight>),
    /// Nobody has them: this reader searches, and `Claim::land` shares what it finds.
    Claimed(Claim<'a>),
}

/// A reader's promise to search for a query and share the hits. Dropped without landing
/// (the search panicked), it lets the waiting readers go to search for themselves.
pub struct Claim<'a> {
    shared: &'a SharedHits,
    query: Option<String>,
    flight: Arc<Flight>,
}

impl Claim<'_> {
    pub fn land(mut self, hits: &[Hit]) {
        if let Some(query) = self.query.take() {
            let kept = self.shared.put(query.clone(), hits);
            self.shared.grounded(&query);
            self.flight.land(Some(kept.unwrap_or_else(|| hits.into())));
        }
    }
}

impl Drop for Claim<'_> {
    fn drop(&mut self) {
        if let Some(query) = self.query.take() {
            self.shared.grounded(&query);
            self.flight.land(None);
        }
    }
}

impl Default for SharedHits {
    fn default() -> Self {
        SharedHits::with_limit(SHARED_HITS_BYTES)
    }
}

impl SharedHits {
    pub fn with_limit(limit: usize) -> SharedHits {
        SharedHits {
            inner: Mutex::new(Inner {
                hits: Lru::new(limit),
                flying: HashMap::new(),
            }),
        }
    }

    /// The query's kept hits (`lookup` is what a search asks).
    #[cfg(test)]
    fn get(&self, query: &str) -> Option<Arc<[Hit]>> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.hits.get(query)
    }

    /// The query's kept hits; else the search of it under way; else a claim on searching
    /// for it.
    pub fn lookup(&self, query: &str) -> Lookup<'_> {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(hits) = inner.hits.get(query) {
            return Lookup::Found(hits);
        }
        if let Some(flight) = inner.flying.get(query) {
            return Lookup::Flying(Arc::clone(flight));
        }
        let flight = Arc::new(Flight::default());
        inner.flying.insert(query.to_owned(), Arc::clone(&flight));
        Lookup::Claimed(Claim {
            shared: self,
            query: Some(query.to_owned()),
            flight,
        })
    }

    fn grounded(&self, query: &str) {
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.flying.remove(query);
    }

    /// Keeps `hits` as the query's; what is kept, unless they are too many to keep.
    fn put(&self, query: String, hits: &[Hit]) -> Option<Arc<[Hit]>> {
        let size = std::mem::size_of_val(hits) + query.len() + 64;
        let kept: Arc<[Hit]> = hits.into();
        let mut inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner
            .hits
            .put(query, Arc::clone(&kept), size)
            .then_some(kept)
    }

    /// The queries kept, and the bytes their hits hold.
    pub fn held(&self) -> (usize, usize) {
        let inner = self.inner.lock().unwrap_or_else(|e| e.into_inner());
        inner.hits.held()
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

    fn claim(lookup: Lookup<'_>) -> Claim<'_> {
        match lookup {
            Lookup::Claimed(claim) => claim,
            _ => panic!("expected to claim the search"),
        }
    }

    fn flight(lookup: Lookup<'_>) -> Arc<Flight> {
        match lookup {
            Lookup::Flying(flight) => flight,
            _ => panic!("expected a search under way"),
        }
    }

    #[test]
    fn a_query_being_searched_for_is_waited_for_not_searched_again() {
        let shared = SharedHits::default();
        let first = claim(shared.lookup("q"));
        let waiting = flight(shared.lookup("q"));
        let again = flight(shared.lookup("q"));
        assert!(
            Arc::ptr_eq(&waiting, &again),
            "one search, every asker waits on it"
        );
        let waiter = std::thread::spawn(move || waiting.wait());
        first.land(&hits(3));
        assert_eq!(waiter.join().unwrap().as_deref(), Some(hits(3).as_slice()));
        assert!(matches!(shared.lookup("q"), Lookup::Found(found) if *found == *hits(3)));
        // Another query is its own search.
        let _other = claim(shared.lookup("r"));
    }

    #[test]
    fn a_search_that_ends_without_hits_lets_its_waiters_search_for_themselves() {
        let shared = SharedHits::default();
        let first = claim(shared.lookup("q"));
        let waiting = flight(shared.lookup("q"));
        drop(first);
        // Told at once that there are no hits, not left to wait the longest wait out.
        assert_eq!(*waiting.done.lock().unwrap(), Some(None));
        assert_eq!(waiting.wait(), None);
        let _again = claim(shared.lookup("q"));
    }

    #[test]
    fn a_stalled_search_holds_its_waiters_no_longer_than_the_longest_wait() {
        let shared = SharedHits::default();
        let _stalled = claim(shared.lookup("q"));
        assert_eq!(flight(shared.lookup("q")).wait(), None);
    }

    #[test]
    fn hits_too_many_to_keep_still_reach_the_readers_waiting_for_them() {
        let one = std::mem::size_of_val(hits(100).as_slice()) + 1 + 64;
        let shared = SharedHits::with_limit(one);
        let first = claim(shared.lookup("q"));
        let waiting = flight(shared.lookup("q"));
        first.land(&hits(100));
        assert_eq!(waiting.wait().as_deref(), Some(hits(100).as_slice()));
        assert!(matches!(shared.lookup("q"), Lookup::Claimed(_)), "not kept");
    }
}
