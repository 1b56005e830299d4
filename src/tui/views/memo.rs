//! The panes of the last frame, kept as a fingerprint of what each was drawn from, so a
//! pane whose inputs did not change is copied from the frame the terminal shows rather
//! than laid out and rendered again: a key that types into the search prompt leaves the
//! reader and the status bar as they were, and a served session pays for one pane instead
//! of three. The cells are not kept here: the backend keeps the last frame it sent
//! (`backend::Shown`), and a pane is copied from it when that frame is the one this memo
//! drew last and the pane was in it, nothing drawn over it.
//!
//! A fingerprint hashes every input its pane's view reads (the state, the area, the
//! theme); `tests/pane_memo.rs` checks, key after key, that a remembered frame is the
//! frame drawn afresh.

use crate::tui::app::{App, Focus};
use crate::tui::backend::Shown;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use std::hash::{DefaultHasher, Hash, Hasher};

/// The panes that are remembered. The search pane and the screens change with almost
/// every key that reaches them, so they are always drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Pane {
    Tree,
    Reader,
    Status,
}

/// What one pane was drawn from when last drawn, and whether the last frame showed it.
#[derive(Default, Clone, Copy)]
struct Remembered {
    fingerprint: Option<u64>,
    area: Rect,
    /// In the frame being drawn (then, once it is sent, in the frame shown), whole.
    drawn: bool,
    /// In the frame the terminal shows, whole: it may be copied from there.
    shown: bool,
}

/// The last frame's panes. One per explorer: a fingerprint says nothing of another app.
#[derive(Default)]
pub struct PaneMemo {
    panes: [Remembered; 3],
    /// The serial of the last frame this memo drew, once sent (`backend::draw_frame`).
    sent: Option<u64>,
    /// Panes copied rather than drawn, since the start (for tests and measurements).
    pub copied: u64,
}

impl PaneMemo {
    /// A frame begins, over `shown`: the panes drawn in the memo's last frame can be
    /// copied if that frame is the one shown (nothing sent or cleared since) and the size
    /// is the same.
    pub(crate) fn begin(&mut self, frame: &Frame, shown: &Shown) {
        let usable = self.sent == Some(shown.serial) && shown.buffer.area == frame.area();
        for pane in &mut self.panes {
            pane.shown = usable && pane.drawn;
            pane.drawn = false;
        }
    }

    /// Something was drawn over the panes (the help): none is whole in this frame.
    pub(crate) fn overdrawn(&mut self) {
        for pane in &mut self.panes {
            pane.drawn = false;
        }
    }

    /// The frame just drawn was sent as frame `serial`, or not at all.
    pub fn sent(&mut self, serial: Option<u64>) {
        self.sent = serial;
    }

    /// Draws `pane` in `area` with `render`, or copies it from the frame shown when it was
    /// there and its fingerprint and area are the same.
    pub(crate) fn pane(
        &mut self,
        frame: &mut Frame,
        shown: &Buffer,
        pane: Pane,
        area: Rect,
        fingerprint: u64,
        render: impl FnOnce(&mut Frame),
    ) {
        let remembered = &mut self.panes[pane as usize];
        let buffer = frame.buffer_mut();
        let area = area.intersection(buffer.area);
        if remembered.shown
            && remembered.fingerprint == Some(fingerprint)
            && remembered.area == area
        {
            let width = usize::from(area.width);
            for y in area.top()..area.bottom() {
                let start = buffer.index_of(area.x, y);
                let cells = &shown.content[start..start + width];
                for (to, from) in buffer.content[start..start + width].iter_mut().zip(cells) {
                    to.clone_from(from);
                }
            }
            remembered.drawn = true;
            self.copied += 1;
            return;
        }
        render(frame);
        remembered.fingerprint = Some(fingerprint);
        remembered.area = area;
        remembered.drawn = true;
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
