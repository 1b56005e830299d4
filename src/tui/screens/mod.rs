//! The screens over the explorer: compare one theme across years, the overview (grade
//! matrix and charts), the forces grid (every force's grades in one year), the recurring
//! issues, the bookmarks. Each is state plus a pure layout of its lines and entries; one
//! view draws them all, and one navigation layer moves through them.

pub mod bookmarks;
pub mod charts;
pub mod compare;
pub mod forces;
pub mod overview;
pub mod recurring;

use super::keymap::Mode;
use super::nav::{ListNav, Span};
use super::palette::Palette;
use crate::model::{Library, NodeKey};
use ratatui::text::{Line, Span as StyledSpan};
use std::cell::RefCell;
use std::rc::Rc;

/// What a layout may read besides the screen's own state.
#[derive(Clone, Copy)]
pub struct Context<'a> {
    pub library: &'a Library,
    pub theme: &'a Palette,
    pub bookmarks: &'a [NodeKey],
}

/// One selectable entry of a screen: its lines, and the columns its highlight covers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Entry {
    pub span: Span,
    pub x: u16,
    /// `None`: the whole width.
    pub width: Option<u16>,
}

impl Entry {
    pub fn full(span: Span) -> Entry {
        Entry {
            span,
            x: 0,
            width: None,
        }
    }
}

/// A screen laid out for a width: a fixed header, the lines that scroll, a fixed footer,
/// and the entries a cursor stops on.
#[derive(Debug, Clone, Default)]
pub struct ScreenLayout {
    pub title: String,
    pub header: Vec<Line<'static>>,
    pub lines: Vec<Line<'static>>,
    pub footer: Vec<Line<'static>>,
    pub entries: Vec<Entry>,
}

impl ScreenLayout {
    pub fn spans(&self) -> Vec<Span> {
        self.entries.iter().map(|e| e.span).collect()
    }

    /// Lines of the scrolling part in a body `height` lines tall (inside the border).
    pub fn viewport(&self, height: usize) -> usize {
        height
            .saturating_sub(self.header.len().min(height) + self.footer_height(height))
            .max(1)
    }

    /// Lines of the footer shown in a body `height` lines tall: at most half of what the
    /// header leaves, so the lines that scroll always show; the footer's last lines (a
    /// legend) give way first.
    pub fn footer_height(&self, height: usize) -> usize {
        let below_header = height.saturating_sub(self.header.len());
        self.footer.len().min(below_header / 2)
    }
}

/// A layout kept for the width (and cursor, for a layout that shows the cursor's detail)
/// it was made for, until the state changes.
#[derive(Debug, Clone, Default)]
pub struct Memo(RefCell<Option<(MadeFor, Rc<ScreenLayout>)>>);

/// The width and cursor a layout was made for.
type MadeFor = (u16, usize);

impl Memo {
    pub fn get(&self, width: u16, make: impl FnOnce() -> ScreenLayout) -> Rc<ScreenLayout> {
        self.get_for(width, 0, make)
    }

    pub fn get_for(
        &self,
        width: u16,
        cursor: usize,
        make: impl FnOnce() -> ScreenLayout,
    ) -> Rc<ScreenLayout> {
        let mut memo = self.0.borrow_mut();
        if let Some((made_for, laid)) = &*memo
            && *made_for == (width, cursor)
        {
            return Rc::clone(laid);
        }
        let laid = Rc::new(make());
        *memo = Some(((width, cursor), Rc::clone(&laid)));
        laid
    }

    pub fn clear(&self) {
        *self.0.borrow_mut() = None;
    }
}

#[derive(Debug, Clone)]
pub enum Screen {
    Compare(compare::CompareScreen),
    Overview(overview::OverviewScreen),
    Forces(forces::ForcesScreen),
    Recurring(recurring::RecurringScreen),
    Bookmarks(bookmarks::BookmarksScreen),
}

impl Screen {
    pub fn mode(&self) -> Mode {
        match self {
            Screen::Compare(_) => Mode::Compare,
            Screen::Overview(_) => Mode::Overview,
            Screen::Forces(s) if s.filtering => Mode::ForcesFilter,
            Screen::Forces(_) => Mode::Forces,
            Screen::Recurring(_) => Mode::Recurring,
            Screen::Bookmarks(_) => Mode::Bookmarks,
        }
    }

    /// The screen laid out `width` cells wide (inside its border).
    pub fn laid(&self, context: Context, width: u16) -> Rc<ScreenLayout> {
        match self {
            Screen::Compare(s) => s.laid(context, width),
            Screen::Overview(s) => s.laid(context, width),
            Screen::Forces(s) => s.laid(context, width),
            Screen::Recurring(s) => s.laid(context, width),
            Screen::Bookmarks(s) => s.laid(context, width),
        }
    }

    pub fn nav(&self) -> ListNav {
        match self {
            Screen::Compare(s) => s.nav,
            Screen::Overview(s) => s.nav(),
            Screen::Forces(s) => s.nav,
            Screen::Recurring(s) => s.nav,
            Screen::Bookmarks(s) => s.nav,
        }
    }

    pub fn nav_mut(&mut self) -> &mut ListNav {
        match self {
            Screen::Compare(s) => &mut s.nav,
            Screen::Overview(s) => s.nav_mut(),
            Screen::Forces(s) => &mut s.nav,
            Screen::Recurring(s) => &mut s.nav,
            Screen::Bookmarks(s) => &mut s.nav,
        }
    }

    /// Forgets layouts made for state that has changed outside the screen (bookmarks).
    pub fn invalidate(&self) {
        match self {
            Screen::Compare(s) => s.memo.clear(),
            Screen::Overview(s) => s.memo.clear(),
            Screen::Forces(s) => s.memo.clear(),
            Screen::Recurring(s) => s.memo.clear(),
            Screen::Bookmarks(s) => s.memo.clear(),
        }
    }
}

/// Gap between columns laid side by side.
pub const GAP: usize = 3;

/// Columns of styled lines, column `c` `widths[c]` cells wide, merged into lines with
/// `GAP` between columns.
pub fn side_by_side(columns: &[Vec<Line<'static>>], widths: &[usize]) -> Vec<Line<'static>> {
    side_by_side_with(columns, widths, GAP)
}

/// `side_by_side` with `gap` cells between columns.
pub fn side_by_side_with(
    columns: &[Vec<Line<'static>>],
    widths: &[usize],
    gap: usize,
) -> Vec<Line<'static>> {
    let height = columns.iter().map(Vec::len).max().unwrap_or(0);
    (0..height)
        .map(|row| {
            let mut pieces: Vec<StyledSpan<'static>> = Vec::new();
            for (c, column) in columns.iter().enumerate() {
                let line = column.get(row).cloned().unwrap_or_default();
                let used = line.width();
                pieces.extend(line.spans);
                if c + 1 < columns.len() {
                    let width = widths.get(c).copied().unwrap_or(0);
                    pieces.push(StyledSpan::raw(
                        " ".repeat(width.saturating_sub(used) + gap),
                    ));
                }
            }
            Line::from(pieces)
        })
        .collect()
}

/// `text` wrapped to `width` in one style, with `rest` before every line but the first.
pub fn wrapped(
    text: &str,
    width: usize,
    rest: &str,
    style: ratatui::style::Style,
) -> Vec<Line<'static>> {
    super::text::wrap_indented(text, width, "", rest)
        .into_iter()
        .map(|line| Line::styled(line, style))
        .collect()
}
