//! The reader's flows shared by every reader of one server: a node's document, laid out
//! in the same palette, is the same for all of them, so the first reader to open a node
//! builds and wraps it and the others read what it laid out.

use super::flow::Flow;
use super::palette::Palette;
use crate::model::{Library, NodeKey};
use crate::search::lru::Lru;
use std::sync::{Arc, Mutex, PoisonError};

/// The bytes the shared flows hold at most (each counted as about three times its text,
/// `Flow::size`): every node of the built-in reports, in two palettes, counts about 4 MB;
/// past the bound, the flows read longest ago go first.
pub const SHARED_FLOW_BYTES: usize = 16 << 20;

pub struct SharedFlows(Mutex<Lru<(NodeKey, Palette), Arc<Flow>>>);

impl SharedFlows {
    pub fn new(bytes: usize) -> SharedFlows {
        SharedFlows(Mutex::new(Lru::new(bytes)))
    }

    /// `key`'s flow in `theme`: the one another reader built, or built now and kept.
    /// Built outside the lock, so a reader building a long node holds up no one.
    pub fn flow(&self, library: &Library, key: NodeKey, theme: Palette) -> Arc<Flow> {
        let lock = || self.0.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(flow) = lock().get(&(key, theme)) {
            return flow;
        }
        let flow = Arc::new(Flow::build(&crate::document::build(library, key), &theme));
        lock().put((key, theme), Arc::clone(&flow), flow.size());
        flow
    }

    /// The flows kept, and about the bytes they hold.
    pub fn held(&self) -> (usize, usize) {
        self.0.lock().unwrap_or_else(PoisonError::into_inner).held()
    }
}
