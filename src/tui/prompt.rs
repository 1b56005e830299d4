//! The explorer's side of search, as state: the prompt and its results, the results of the
//! last search jumped to (for n/N and reopening the list), and the passage to mark.

use super::focus::Focus;
use super::nav::ListNav;
use super::reader::ReaderPos;
use super::screens::Screen;
use super::tree_pane::TreeState;
use crate::model::{Anchor, NodeKey};
use crate::search::{Hit, Plans, Query};

/// Where the reader was when the prompt opened; Esc puts it all back.
#[derive(Clone)]
pub struct Origin {
    pub tree: TreeState,
    pub focus: Focus,
    pub reader: ReaderPos,
    pub screens: Vec<Screen>,
}

/// The open prompt, or the list of its results.
#[derive(Clone)]
pub struct Prompt {
    pub input: String,
    pub query: Query,
    pub hits: Vec<Hit>,
    /// The selected result, and the first line of the list in view.
    pub nav: ListNav,
    /// The list has the focus (j/k move), not the query (keys are text).
    pub list: bool,
    /// Where in the history Ctrl-p has gone back to.
    pub history_at: Option<usize>,
    /// The query was longer than the limit and was cut.
    pub cut: bool,
    /// The query is the last one, shown for reuse: typing replaces it.
    pub replace: bool,
    /// Each word's plan, kept while the reader types on.
    pub plans: Plans,
    pub origin: Origin,
    /// Enter was pressed before the index was ready: jump as soon as it is.
    pub jump_when_ready: bool,
}

/// The results of the last search jumped to, for n/N and for reopening the list.
#[derive(Debug, Clone)]
pub struct Found {
    pub input: String,
    pub hits: Vec<Hit>,
    pub nav: ListNav,
}

/// The passage the reader should mark, and the words to pick out in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub node: NodeKey,
    pub anchor: Anchor,
    pub words: Vec<String>,
}

/// A query is cut to this many characters: no real query is longer, and a longer one
/// (a paste) must not make a keystroke slow.
pub const MAX_QUERY_CHARS: usize = 200;

/// The history keeps this many queries.
pub const HISTORY_LENGTH: usize = 50;

/// The query the results were laid out for last, and how `results::laid_out` names it in
/// the results laid out for every session: worked out once, not for every result drawn.
#[derive(Default)]
pub struct LaidOut {
    pub named: Option<(Query, std::sync::Arc<str>)>,
}
