//! The state of the running explorer, and what follows from it (visible rows, layout).

use super::document::{self, Document};
use super::screens::Screen;
use super::search::{Found, Highlight, Prompt};
use super::theme::Theme;
use crate::model::{Library, NodeKey};
use crate::search::Searcher;
use crate::state::Place;
use ratatui::layout::Rect;
use std::cell::RefCell;
use std::collections::HashSet;
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Focus {
    Tree,
    Reader,
}

/// One visible line of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Row {
    pub key: NodeKey,
    pub depth: usize,
    pub has_children: bool,
    pub expanded: bool,
}

pub struct App<'a> {
    pub library: &'a Library,
    pub theme: Theme,
    pub expanded: HashSet<NodeKey>,
    pub selected: NodeKey,
    pub tree_offset: usize,
    pub focus: Focus,
    pub reader_scroll: usize,
    pub help_open: bool,
    pub help_scroll: usize,
    /// Built on the first `/`, so start-up never waits for the search index.
    pub searcher: Option<Searcher>,
    pub prompt: Option<Prompt>,
    pub found: Option<Found>,
    pub highlight: Option<Highlight>,
    /// A cross-year screen over the explorer (compare, overview, recurring issues).
    pub screen: Option<Screen>,
    /// Bookmarked nodes, in the order they were marked.
    pub bookmarks: Vec<NodeKey>,
    /// A one-line message for the status bar, cleared by the next key.
    pub notice: Option<String>,
    /// Text waiting to be sent to the clipboard by the terminal loop.
    pub clipboard: Option<String>,
    pub width: u16,
    pub height: u16,
    pub quit: bool,
    /// The reader's text for (node, width), laid out once for both the scroll limits and
    /// the frame: laying a long node out is most of a keystroke's work.
    reader_memo: RefCell<Option<(NodeKey, u16, Rc<Document>)>>,
}

/// Below this the explorer shows a "terminal too small" notice instead of panes.
pub const MIN_WIDTH: u16 = 40;
pub const MIN_HEIGHT: u16 = 8;
/// From this width the tree and the reader sit side by side.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;

/// Where each part of the screen goes at the current size.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ScreenLayout {
    pub tree: Option<Rect>,
    pub reader: Option<Rect>,
    pub status: Rect,
    pub too_small: bool,
}

impl<'a> App<'a> {
    /// Opens with every assessment expanded, so the areas and their grades show at once.
    pub fn new(library: &'a Library, theme: Theme, width: u16, height: u16) -> Self {
        let roots = library.roots();
        // Assessments open; the glossary (and, with many forces, each force) stays closed.
        let mut expanded: HashSet<NodeKey> = roots
            .iter()
            .copied()
            .filter(|key| matches!(key, NodeKey::Assessment { .. }))
            .collect();
        if library.shows_forces() {
            expanded.clear();
        }
        let selected = roots
            .first()
            .copied()
            .unwrap_or(NodeKey::Force { force: 0 });
        let mut app = App {
            library,
            theme,
            expanded,
            selected,
            tree_offset: 0,
            focus: Focus::Tree,
            reader_scroll: 0,
            help_open: false,
            help_scroll: 0,
            searcher: None,
            prompt: None,
            found: None,
            highlight: None,
            screen: None,
            bookmarks: Vec::new(),
            notice: None,
            clipboard: None,
            width,
            height,
            quit: false,
            reader_memo: RefCell::new(None),
        };
        app.settle();
        app
    }

    /// The visible rows: roots, and the children of every expanded node.
    pub fn rows(&self) -> Vec<Row> {
        let mut rows = Vec::new();
        for root in self.library.roots() {
            self.push_rows(root, 0, &mut rows);
        }
        rows
    }

    fn push_rows(&self, key: NodeKey, depth: usize, rows: &mut Vec<Row>) {
        let children = self.library.children(key);
        let expanded = !children.is_empty() && self.expanded.contains(&key);
        rows.push(Row {
            key,
            depth,
            has_children: !children.is_empty(),
            expanded,
        });
        if expanded {
            for child in children {
                self.push_rows(child, depth + 1, rows);
            }
        }
    }

    pub fn selected_index(&self, rows: &[Row]) -> usize {
        rows.iter()
            .position(|row| row.key == self.selected)
            .unwrap_or(0)
    }

    pub fn side_by_side(&self) -> bool {
        self.width >= SIDE_BY_SIDE_WIDTH
    }

    pub fn layout(&self) -> ScreenLayout {
        let status = Rect::new(
            0,
            self.height.saturating_sub(1),
            self.width,
            self.height.min(1),
        );
        if self.width < MIN_WIDTH || self.height < MIN_HEIGHT {
            return ScreenLayout {
                tree: None,
                reader: None,
                status,
                too_small: true,
            };
        }
        let body = Rect::new(0, 0, self.width, self.height - 1);
        if self.side_by_side() {
            let tree_width = (self.width * 9 / 20).clamp(36, 64);
            let tree = Rect::new(0, 0, tree_width, body.height);
            let reader = Rect::new(tree_width, 0, self.width - tree_width, body.height);
            return ScreenLayout {
                tree: Some(tree),
                reader: Some(reader),
                status,
                too_small: false,
            };
        }
        // One pane: the search results while searching, else the focused pane.
        match self.focus {
            _ if self.prompt.is_some() => ScreenLayout {
                tree: Some(body),
                reader: None,
                status,
                too_small: false,
            },
            Focus::Tree => ScreenLayout {
                tree: Some(body),
                reader: None,
                status,
                too_small: false,
            },
            Focus::Reader => ScreenLayout {
                tree: None,
                reader: Some(body),
                status,
                too_small: false,
            },
        }
    }

    /// Rows of tree that fit inside its border.
    pub fn tree_height(&self) -> usize {
        let layout = self.layout();
        let pane = layout.tree.or(layout.reader).unwrap_or_default();
        usize::from(pane.height.saturating_sub(2)).max(1)
    }

    /// The reader's text area: inside its border, less a column of margin on each side.
    pub fn reader_text_area(&self) -> Rect {
        let layout = self.layout();
        let pane = layout.reader.or(layout.tree).unwrap_or_default();
        Rect::new(
            pane.x + 2,
            pane.y + 1,
            pane.width.saturating_sub(4),
            pane.height.saturating_sub(2),
        )
    }

    pub fn reader_length(&self) -> usize {
        self.reader_document(self.reader_text_area().width)
            .lines
            .len()
    }

    /// The selected node laid out for `width`.
    pub fn reader_document(&self, width: u16) -> Rc<Document> {
        let mut memo = self.reader_memo.borrow_mut();
        match &*memo {
            Some((key, memo_width, document)) if *key == self.selected && *memo_width == width => {
                Rc::clone(document)
            }
            _ => {
                let document = Rc::new(document::build(
                    self.library,
                    self.selected,
                    width,
                    &self.theme,
                ));
                *memo = Some((self.selected, width, Rc::clone(&document)));
                document
            }
        }
    }

    /// Restores the invariants after any change: the selection is visible and in view,
    /// the reader is not scrolled past its end.
    pub fn settle(&mut self) {
        let rows = self.rows();
        if !rows.iter().any(|row| row.key == self.selected) {
            if let Some(visible) = self
                .library
                .ancestry(self.selected)
                .into_iter()
                .rev()
                .find(|key| rows.iter().any(|row| row.key == *key))
            {
                self.selected = visible;
            } else if let Some(first) = rows.first() {
                self.selected = first.key;
            }
        }
        let index = self.selected_index(&rows);
        let height = self.tree_height();
        if index < self.tree_offset {
            self.tree_offset = index;
        } else if index >= self.tree_offset + height {
            self.tree_offset = index + 1 - height;
        }
        self.tree_offset = self.tree_offset.min(rows.len().saturating_sub(height));
        let visible = usize::from(self.reader_text_area().height).max(1);
        let max_scroll = self.reader_length().saturating_sub(visible);
        self.reader_scroll = self.reader_scroll.min(max_scroll);
    }
}

impl App<'_> {
    /// Back where the reader left off: the last node, and the bookmarks, where their ids
    /// still exist in the content.
    pub fn restore(&mut self, place: &Place) {
        if let Some(key) = place.last.as_deref().and_then(|id| self.library.find(id)) {
            super::update::select(self, key);
        }
        let mut seen = HashSet::new();
        self.bookmarks = place
            .bookmarks
            .iter()
            .filter_map(|id| self.library.find(id))
            .filter(|key| seen.insert(*key))
            .collect();
        self.settle();
    }

    /// What to remember of this session.
    pub fn place(&self) -> Place {
        Place {
            last: Some(self.library.id(self.selected)),
            bookmarks: self
                .bookmarks
                .iter()
                .map(|key| self.library.id(*key))
                .collect(),
        }
    }

    /// Which keymap applies now.
    pub fn mode(&self) -> super::keymap::Mode {
        if self.help_open {
            super::keymap::Mode::Help
        } else {
            self.mode_under_help()
        }
    }

    /// The mode the help overlay describes: the one it was opened from.
    pub fn mode_under_help(&self) -> super::keymap::Mode {
        use super::keymap::Mode;
        match (&self.screen, self.focus) {
            _ if self.prompt.is_some() => Mode::Search,
            (Some(Screen::Compare(_)), _) => Mode::Compare,
            (Some(Screen::Overview(_)), _) => Mode::Overview,
            (Some(Screen::Recurring(_)), _) => Mode::Recurring,
            (Some(Screen::Bookmarks(_)), _) => Mode::Bookmarks,
            (None, Focus::Reader) => Mode::Reader,
            (None, Focus::Tree) => Mode::Tree,
        }
    }
}
