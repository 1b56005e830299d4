//! The panes of the last frame, kept with a fingerprint of what each was drawn from, so a
//! pane whose inputs did not change is copied rather than laid out and rendered again: a
//! key that types into the search prompt leaves the reader and the status bar as they
//! were, and a served session pays for one pane instead of three.
//!
//! A fingerprint hashes every input its pane's view reads (the state, the area, the
//! theme); `tests/pane_memo.rs` checks, key after key, that a remembered frame is the
//! frame drawn afresh.

use crate::tui::app::{App, Focus};
use ratatui::Frame;
use ratatui::buffer::Cell;
use ratatui::layout::Rect;
use std::hash::{DefaultHasher, Hash, Hasher};

/// A frame of more cells than this (200x60) keeps no panes: what the memo holds stays
/// bounded (about 50 bytes a cell) however large a window a served client claims.
pub const MOST_CELLS: u32 = 12_000;

/// The panes that are remembered. The search pane and the screens change with almost
/// every key that reaches them, so they are always drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Reader,
    Status,
}

/// What one pane looked like when last drawn, and what it was drawn from.
#[derive(Default)]
struct Remembered {
    fingerprint: Option<u64>,
    area: Rect,
    /// Row by row, `area.width` cells each; the vector is reused from frame to frame.
    cells: Vec<Cell>,
}

/// The last frame's panes. One per explorer: a fingerprint says nothing of another app.
#[derive(Default)]
pub struct PaneMemo {
    panes: [Remembered; 3],
    /// Panes copied rather than drawn, since the start (for tests and measurements).
    pub copied: u64,
}

impl PaneMemo {
    /// Draws `pane` in `area` with `render`, or copies it from the last frame when its
    /// fingerprint and area are the same.
    pub(crate) fn pane(
        &mut self,
        frame: &mut Frame,
        pane: Pane,
        area: Rect,
        fingerprint: u64,
        render: impl FnOnce(&mut Frame),
    ) {
        let remembered = &mut self.panes[pane as usize];
        let buffer = frame.buffer_mut();
        if buffer.area.area() > MOST_CELLS {
            *remembered = Remembered::default();
            render(frame);
            return;
        }
        let area = area.intersection(buffer.area);
        if remembered.fingerprint == Some(fingerprint) && remembered.area == area {
            let width = usize::from(area.width);
            for (row, y) in (area.top()..area.bottom()).enumerate() {
                let start = buffer.index_of(area.x, y);
                let cells = &remembered.cells[row * width..(row + 1) * width];
                for (to, from) in buffer.content[start..start + width].iter_mut().zip(cells) {
                    to.clone_from(from);
                }
            }
            self.copied += 1;
            return;
        }
        render(frame);
        let buffer = frame.buffer_mut();
        remembered.cells.clear();
        for y in area.top()..area.bottom() {
            let start = buffer.index_of(area.x, y);
            remembered
                .cells
                .extend_from_slice(&buffer.content[start..start + usize::from(area.width)]);
        }
        remembered.fingerprint = Some(fingerprint);
        remembered.area = area;
    }
}

/// A hasher primed with what every pane depends on: the content, the terminal's size and
/// the theme.
fn common(app: &App, area: Rect) -> DefaultHasher {
    let mut hasher = DefaultHasher::new();
    std::ptr::hash(app.library, &mut hasher);
    (app.width, app.height, area).hash(&mut hasher);
    (app.theme.color, app.theme.ascii).hash(&mut hasher);
    hasher
}

/// What the tree pane shows: the rows in view and which is selected, their bookmarks, the
/// position in the title, the focus.
pub fn tree(app: &App, area: Rect) -> u64 {
    let mut hasher = common(app, area);
    let rows = app.tree.rows();
    let focused = app.focus == Focus::Tree && app.help.is_none();
    (focused, rows.len(), app.tree.top, app.selected()).hash(&mut hasher);
    app.tree.selected_index().hash(&mut hasher);
    // Each row takes a line at least, so no more rows than lines can show.
    for row in rows
        .iter()
        .skip(app.tree.top)
        .take(usize::from(area.height))
    {
        let bookmarked = app.bookmarks.contains(&row.key);
        (
            row.key,
            row.depth,
            row.has_children,
            row.expanded,
            bookmarked,
        )
            .hash(&mut hasher);
    }
    hasher.finish()
}

/// What the reader pane shows: the selected node from the reader's position, the passage
/// marked after a search, the focus.
pub fn reader(app: &App, area: Rect) -> u64 {
    let mut hasher = common(app, area);
    let focused = app.focus == Focus::Reader && app.help.is_none() && app.prompt.is_none();
    (focused, app.selected(), app.reader.chunk, app.reader.offset).hash(&mut hasher);
    match app.highlight.as_ref().filter(|h| h.node == app.selected()) {
        Some(highlight) => (true, highlight.anchor, &highlight.words).hash(&mut hasher),
        None => false.hash(&mut hasher),
    }
    hasher.finish()
}

/// What the status bar shows: the mode's keys, or the notice.
pub fn status(app: &App, area: Rect) -> u64 {
    let mut hasher = common(app, area);
    (app.mode(), &app.notice).hash(&mut hasher);
    hasher.finish()
}
