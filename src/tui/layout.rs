//! Where each part of the screen goes, from the terminal's size and the content's own
//! widths. Pure arithmetic; the app lays itself out once per update (`App::lay_out`) into a
//! `Layout` that the update (scroll limits, mouse) and the views read.

use super::nav::Span;
use ratatui::layout::Rect;

/// From this width the tree (or the search results) and the reader sit side by side.
pub const SIDE_BY_SIDE_WIDTH: u16 = 100;
/// Reader lines are kept to about this many cells: longer lines are hard to read.
pub const READER_TEXT_MAX: u16 = 100;
/// Below this the explorer shows a "terminal too small" notice instead of panes.
pub const MIN_WIDTH: u16 = 30;
pub const MIN_HEIGHT: u16 = 6;
/// The reader keeps at least this much room beside the tree.
const READER_MIN: u16 = 46;

/// The explorer's panes: the left (tree or search results) and the right (reader), either
/// side by side or one at a time, and the status bar below.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Panes {
    pub left: Option<Rect>,
    pub right: Option<Rect>,
    /// Everything above the status bar, for full-screen views.
    pub body: Rect,
    pub status: Rect,
    pub too_small: bool,
}

/// Where everything goes for the state as the last update left it.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Layout {
    pub panes: Panes,
    /// The tree pane's inside, whether or not it shows now (for scrolling it).
    pub tree_area: Rect,
    /// Where each tree row's lines are, its title and grade wrapped at the tree's width.
    pub tree_spans: Vec<Span>,
    /// The lines of all the tree's rows.
    pub tree_total: usize,
    /// The reader's text area, whether or not it shows now.
    pub reader_area: Rect,
}

/// Which pane one-pane mode shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Single {
    Left,
    Right,
}

/// Splits a `width` x `height` screen with one line of status bar. `left_wanted` is the
/// width the left pane's content asks for (borders included); `single` says which pane
/// shows when there is no room for both.
pub fn panes(width: u16, height: u16, left_wanted: u16, single: Single) -> Panes {
    let status_lines = 1.min(height);
    let status = Rect::new(0, height.saturating_sub(status_lines), width, status_lines);
    let body = Rect::new(0, 0, width, height.saturating_sub(status_lines));
    if width < MIN_WIDTH || height < MIN_HEIGHT {
        return Panes {
            body,
            status,
            too_small: true,
            ..Panes::default()
        };
    }
    if width >= SIDE_BY_SIDE_WIDTH {
        let most = (width - READER_MIN).min(width / 2);
        let left_width = left_wanted.clamp(36.min(most), most);
        return Panes {
            left: Some(Rect::new(0, 0, left_width, body.height)),
            right: Some(Rect::new(left_width, 0, width - left_width, body.height)),
            body,
            status,
            too_small: false,
        };
    }
    let (left, right) = match single {
        Single::Left => (Some(body), None),
        Single::Right => (None, Some(body)),
    };
    Panes {
        left,
        right,
        body,
        status,
        too_small: false,
    }
}

/// Inside a bordered pane.
pub fn inner(pane: Rect) -> Rect {
    Rect::new(
        pane.x.saturating_add(1),
        pane.y.saturating_add(1),
        pane.width.saturating_sub(2),
        pane.height.saturating_sub(2),
    )
}

/// The reader's text inside its pane: a column of margin each side, and no wider than
/// `READER_TEXT_MAX`.
pub fn reader_text(pane: Rect) -> Rect {
    let inside = inner(pane);
    Rect::new(
        inside.x.saturating_add(1),
        inside.y,
        inside.width.saturating_sub(2).min(READER_TEXT_MAX),
        inside.height,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn wide_screens_give_the_tree_what_it_asks_within_limits() {
        let p = panes(200, 60, 80, Single::Left);
        assert_eq!(p.left.unwrap().width, 80);
        assert_eq!(p.right.unwrap().width, 120);
        let p = panes(120, 40, 80, Single::Left);
        assert_eq!(p.left.unwrap().width, 60, "the tree takes half at most");
        let p = panes(100, 30, 10, Single::Left);
        assert_eq!(p.left.unwrap().width, 36);
    }

    #[test]
    fn narrow_screens_show_one_pane() {
        let p = panes(80, 24, 60, Single::Right);
        assert!(p.left.is_none());
        assert_eq!(p.right.unwrap(), Rect::new(0, 0, 80, 23));
        assert_eq!(p.status, Rect::new(0, 23, 80, 1));
    }

    #[test]
    fn reader_text_is_capped() {
        let text = reader_text(Rect::new(0, 0, 200, 50));
        assert_eq!(text.width, READER_TEXT_MAX);
        assert_eq!(reader_text(Rect::new(0, 0, 3, 3)).width, 0);
    }

    #[test]
    fn tiny_screens_are_too_small_not_broken() {
        for (w, h) in [(1, 1), (29, 40), (80, 5), (0, 0)] {
            let p = panes(w, h, 50, Single::Left);
            assert!(p.too_small);
            assert!(p.status.height <= h);
        }
    }
}
