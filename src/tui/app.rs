//! The state of the running explorer, and the operations on it that every screen shares:
//! selecting a node, bookmarking, going to a node from a screen. Where everything goes is
//! laid out from this state once per update (`lay_out`, into `Layout`), and the update's
//! handlers, the mouse, the results and the views all read that one layout; nothing here
//! draws. What an update asks of the loop (a copy, a repaint, an end) is not kept here: the
//! update returns it (`update::Effects`).

pub use super::focus::Focus;

use super::flow::Flow;
use super::flows::SharedFlows;
use super::help::HelpState;
use super::keymap::Mode;
use super::layout::{self, Layout, Panes, Single};
use super::nav::Span;
use super::palette::Palette;
use super::prompt::{Found, Highlight, Prompt};
use super::reader::{ReaderPos, View};
use super::screens::Screen;
use super::tree_pane::{self, Row, RowText, TreeState};
use crate::model::{Library, NodeKey};
use crate::search::Searcher;
use crate::state::Place;
use std::cell::RefCell;
use std::collections::{HashMap, HashSet};
use std::rc::Rc;
use std::sync::Arc;

/// Tree rows as text (and whether bookmarked) at the width in front.
type RowTexts = (usize, HashMap<(Row, bool), Rc<RowText>>);

/// How the explorer ended, for the exit status.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ending {
    /// `q` from the tree.
    Quit,
    /// Ctrl-c.
    Interrupted,
}

pub struct App<'a> {
    pub library: &'a Library,
    pub theme: Palette,
    pub width: u16,
    pub height: u16,
    pub tree: TreeState,
    pub focus: Focus,
    pub reader: ReaderPos,
    /// Screens over the explorer, the one on top last (compare, overview, recurring issues,
    /// bookmarks).
    pub screens: Vec<Screen>,
    pub help: Option<HelpState>,
    /// Built in the background, so start-up never waits for the search index.
    pub searcher: Option<Arc<Searcher>>,
    /// The index is being built in the background: searching waits for it (the prompt
    /// says so) rather than freezing the explorer to build a second one.
    pub indexing: bool,
    pub prompt: Option<Prompt>,
    pub found: Option<Found>,
    pub highlight: Option<Highlight>,
    /// Past queries, most recent first.
    pub history: Vec<String>,
    /// Bookmarked nodes, in the order they were marked.
    pub bookmarks: Vec<NodeKey>,
    /// A message for the status bar, cleared by the next key.
    pub notice: Option<crate::tui::notice::Notice>,
    /// The date briefings carry; today in UTC when not set.
    pub export_date: Option<String>,
    /// The content's name in a briefing: "the built-in content", a folder.
    pub content: String,
    /// The width the tree's assessments, areas and sections need on one line each.
    tree_width: u16,
    /// Where everything goes, for the state as the last update left it.
    layout: Layout,
    /// What the tree's rows were wrapped for: its width, its rows and the bookmarks (a
    /// bookmark's mark takes room). Unchanged, the last wrapping stands.
    wrapped_for: Option<(u16, Vec<Row>, Vec<NodeKey>)>,
    /// Each tree row as text at one width (`row_text`): a row is wrapped once, not again
    /// for each layout that moves it and each frame that draws it.
    row_texts: RefCell<RowTexts>,
    flow: RefCell<Option<(NodeKey, Arc<Flow>)>>,
    /// The flows every reader of a server shares (`peel serve`); none for one reader.
    pub flows: Option<Arc<SharedFlows>>,
    /// The query the results were last laid out for (`results::laid_out`).
    pub laid_out: RefCell<super::prompt::LaidOut>,
}

/// A briefing `e` made: the file name it would be written to, what it holds, its text.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Export {
    pub file_name: String,
    pub what: String,
    pub text: String,
}

impl<'a> App<'a> {
    pub fn new(library: &'a Library, theme: Palette, width: u16, height: u16) -> Self {
        let mut app = App {
            library,
            theme,
            width,
            height,
            tree: TreeState::new(library),
            focus: Focus::Tree,
            reader: ReaderPos::default(),
            screens: Vec::new(),
            help: None,
            searcher: None,
            indexing: false,
            prompt: None,
            found: None,
            highlight: None,
            history: Vec::new(),
            bookmarks: Vec::new(),
            notice: None,
            export_date: None,
            content: "the content peel was started with".into(),
            tree_width: tree_pane::natural_width(library, &theme),
            layout: Layout::default(),
            wrapped_for: None,
            row_texts: RefCell::default(),
            flow: RefCell::new(None),
            flows: None,
            laid_out: RefCell::default(),
        };
        app.settle();
        app
    }

    pub fn selected(&self) -> NodeKey {
        self.tree.selected
    }

    /// Which keys apply now: the level on top.
    pub fn mode(&self) -> Mode {
        if self.help.is_some() {
            Mode::Help
        } else {
            self.mode_under_help()
        }
    }

    /// The mode the help overlay describes: the one it was opened from.
    pub fn mode_under_help(&self) -> Mode {
        if let Some(prompt) = &self.prompt {
            return if prompt.list {
                Mode::Results
            } else {
                Mode::Prompt
            };
        }
        match self.screens.last() {
            Some(screen) => screen.mode(),
            None if self.focus == Focus::Reader => Mode::Reader,
            None => Mode::Tree,
        }
    }

    pub fn side_by_side(&self) -> bool {
        self.width >= layout::SIDE_BY_SIDE_WIDTH
    }

    /// Where everything goes now.
    pub fn layout(&self) -> &Layout {
        // Under the unit tests, every read checks that nothing changed the panes since
        // they were laid out: a handler that does (opening or closing the search) must
        // lay out again before it reads them.
        #[cfg(test)]
        assert_eq!(
            self.layout.panes,
            self.panes_now(),
            "the panes were read before the state was laid out again"
        );
        &self.layout
    }

    pub fn panes(&self) -> Panes {
        self.layout().panes
    }

    /// The panes for the state as it is now.
    fn panes_now(&self) -> Panes {
        let left_wanted = match &self.prompt {
            // Results want room for their titles and passages.
            Some(_) => self.tree_width.max(self.width / 2),
            None => self.tree_width,
        };
        let single = match (&self.prompt, self.focus) {
            (Some(_), _) | (None, Focus::Tree) => Single::Left,
            (None, Focus::Reader) => Single::Right,
        };
        layout::panes(self.width, self.height, left_wanted, single)
    }

    /// Lays the screen out for the state as it is: the panes, and the tree's rows wrapped
    /// at the tree's width (again only when the width, the rows or the bookmarks changed).
    /// The update calls it once it has changed the state; a handler that opens or closes
    /// the search (which resizes the panes) calls it before reading the panes again.
    pub fn lay_out(&mut self) {
        let panes = self.panes_now();
        // The tree pane's inside and the reader's text, whether or not they show now (for
        // scrolling them).
        let tree_area = layout::inner(panes.left.unwrap_or(panes.body));
        let reader_area = layout::reader_text(panes.right.unwrap_or(panes.body));
        let wanted = (tree_area.width, self.tree.rows(), self.bookmarks.as_slice());
        let unchanged = self
            .wrapped_for
            .as_ref()
            .is_some_and(|(width, rows, marks)| {
                (*width, rows.as_slice(), marks.as_slice()) == wanted
            });
        if !unchanged {
            let width = usize::from(tree_area.width);
            let spans =
                tree_pane::spans(self.tree.rows(), |row| self.row_text(row, width).height());
            self.layout.tree_total = spans.last().map_or(0, Span::end);
            self.layout.tree_spans = spans;
            self.wrapped_for = Some((
                tree_area.width,
                self.tree.rows().to_vec(),
                self.bookmarks.clone(),
            ));
        }
        self.layout.panes = panes;
        self.layout.tree_area = tree_area;
        self.layout.reader_area = reader_area;
    }

    /// `row` as text at `width`, wrapped once for as long as the width stays.
    pub fn row_text(&self, row: &Row, width: usize) -> Rc<RowText> {
        let bookmarked = self.bookmarks.contains(&row.key);
        let mut kept = self.row_texts.borrow_mut();
        if kept.0 != width {
            *kept = (width, HashMap::new());
        }
        Rc::clone(kept.1.entry((*row, bookmarked)).or_insert_with(|| {
            Rc::new(tree_pane::row_text(
                self.library,
                &self.theme,
                row,
                width,
                bookmarked,
            ))
        }))
    }

    /// Each tree row's lines at the tree's width, and the lines of them all.
    pub fn tree_spans(&self) -> (&[Span], usize) {
        #[cfg(test)]
        assert!(
            self.wrapped_for
                .as_ref()
                .is_some_and(|(_, rows, _)| rows.as_slice() == self.tree.rows()),
            "the tree's spans were read before its rows were wrapped again"
        );
        let layout = self.layout();
        (&layout.tree_spans, layout.tree_total)
    }

    pub fn tree_height(&self) -> usize {
        usize::from(self.layout().tree_area.height).max(1)
    }

    /// The reader's flow for the selected node, built once per node (and once per server
    /// when the readers share their flows).
    pub fn flow(&self) -> Arc<Flow> {
        let selected = self.selected();
        let mut memo = self.flow.borrow_mut();
        if let Some((key, flow)) = &*memo
            && *key == selected
        {
            return Arc::clone(flow);
        }
        let flow = match &self.flows {
            Some(shared) => shared.flow(self.library, selected, self.theme),
            None => {
                let document = crate::document::build(self.library, selected);
                Arc::new(Flow::build(&document, &self.theme))
            }
        };
        *memo = Some((selected, Arc::clone(&flow)));
        flow
    }

    /// The reader's text area, whether or not it shows now.
    pub fn reader_area(&self) -> ratatui::layout::Rect {
        self.layout().reader_area
    }

    /// Runs `f` with the reader's view of the selected node.
    pub fn with_reader<T>(&self, f: impl FnOnce(&View) -> T) -> T {
        let flow = self.flow();
        let area = self.reader_area();
        let view = View {
            flow: &flow,
            width: usize::from(area.width).max(1),
            height: usize::from(area.height).max(1),
        };
        f(&view)
    }

    /// Selects `key` in the tree; a different node is read from its top.
    pub fn select(&mut self, key: NodeKey) {
        if self.tree.selected != key {
            self.reader = ReaderPos::default();
        }
        self.tree.select(self.library, key);
    }

    /// Leaves every screen for the explorer on `key`: read it, or beside the tree.
    pub fn go_to(&mut self, key: NodeKey) {
        self.screens.clear();
        self.select(key);
        self.focus = if self.side_by_side() {
            Focus::Tree
        } else {
            Focus::Reader
        };
    }

    pub fn toggle_bookmark(&mut self, key: NodeKey) {
        let title = self.library.node(key).title().to_owned();
        if let Some(at) = self.bookmarks.iter().position(|k| *k == key) {
            self.bookmarks.remove(at);
            self.notice = Some(format!("Bookmark removed: {title}").into());
        } else {
            self.bookmarks.push(key);
            self.notice = Some(format!("Bookmarked: {title} (' lists bookmarks)").into());
        }
    }

    /// Restores the invariants after any change: the tree's selection in view, the reader
    /// not scrolled past its end.
    pub fn settle(&mut self) {
        self.lay_out();
        let height = self.tree_height();
        let (spans, total) = (&self.layout.tree_spans, self.layout.tree_total);
        let mut nav = super::nav::ListNav {
            cursor: self.tree.selected_index(),
            top: spans.get(self.tree.top).map_or(0, |s| s.first),
        };
        nav.keep_whole_in_view(spans, total, height);
        // Whole rows: the first row that starts in view.
        self.tree.top = spans.iter().position(|s| s.first >= nav.top).unwrap_or(0);
        self.reader = self.with_reader(|view| view.clamp(self.reader));
    }

    /// Back where the reader left off: the last node, and the bookmarks, where their ids
    /// still exist in the content.
    pub fn restore(&mut self, place: &Place) {
        if let Some(key) = place.last.as_deref().and_then(|id| self.library.locate(id)) {
            self.select(key);
        }
        let mut seen = HashSet::new();
        self.bookmarks = place
            .bookmarks
            .iter()
            .filter_map(|id| self.library.locate(id))
            .filter(|key| seen.insert(*key))
            .collect();
        self.history = place.history.clone();
        self.settle();
    }

    /// What to remember of this session.
    pub fn place(&self) -> Place {
        Place {
            last: Some(self.library.id(self.selected())),
            bookmarks: self
                .bookmarks
                .iter()
                .map(|key| self.library.id(*key))
                .collect(),
            history: self.history.clone(),
            ..Place::default()
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::action::{Action, Motion};
    use crate::tui::update::update;

    /// After every update the layout is the one the state gives, laid out afresh: nothing
    /// the update changed (the size, the search, the focus, the rows, the bookmarks) is
    /// left drawn from the layout before it.
    #[test]
    fn every_update_leaves_the_layout_the_state_gives() {
        let library = crate::builtin::library().unwrap();
        let theme = Palette {
            color: false,
            ascii: false,
        };
        let mut app = App::new(&library, theme, 120, 40);
        app.searcher = Some(Arc::new(Searcher::new(&library)));
        let actions = [
            Action::Move(Motion::Down),
            Action::Open,
            Action::Move(Motion::PageDown),
            Action::ToggleBookmark,
            Action::Resize {
                width: 80,
                height: 24,
            },
            Action::Open,
            Action::ToggleFocus,
            Action::Search,
            Action::Type("custody".into()),
            Action::Move(Motion::Down),
            Action::Accept,
            // Reopened on the last query, the prompt previews its first result at once.
            Action::Search,
            Action::Back,
            // So wide that the results ask for more room than the tree.
            Action::Resize {
                width: 250,
                height: 50,
            },
            Action::Results,
            Action::Back,
            Action::Close,
            Action::Close,
            Action::ToggleBookmark,
            Action::Click {
                column: 5,
                row: 6,
                double: true,
            },
        ];
        for action in actions {
            let _ = update(&mut app, action.clone());
            let kept = app.layout.clone();
            app.wrapped_for = None;
            app.lay_out();
            assert_eq!(kept, app.layout, "after {action:?}");
        }
    }
}
