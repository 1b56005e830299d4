//! The one navigation layer's arithmetic: moving a cursor over a list of entries laid out as
//! lines, or scrolling a pane of lines, and keeping what matters in view. Every screen
//! uses it, so j/k, g/G, Space/b and Ctrl-d/u mean the same everywhere.

use super::action::Action;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Motion {
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
}

impl Motion {
    pub fn of(action: &Action) -> Option<Motion> {
        Some(match action {
            Action::Up => Motion::Up,
            Action::Down => Motion::Down,
            Action::PageUp => Motion::PageUp,
            Action::PageDown => Motion::PageDown,
            Action::HalfPageUp => Motion::HalfPageUp,
            Action::HalfPageDown => Motion::HalfPageDown,
            Action::Top => Motion::Top,
            Action::Bottom => Motion::Bottom,
            _ => return None,
        })
    }

    /// Lines this motion moves in a viewport of `height` lines (negative: up); `None` for
    /// Top and Bottom.
    pub fn lines(self, height: usize) -> Option<isize> {
        let height = height.max(1) as isize;
        Some(match self {
            Motion::Up => -1,
            Motion::Down => 1,
            // A page keeps one line of the last page in view, as less does.
            Motion::PageUp => -(height - 1).max(1),
            Motion::PageDown => (height - 1).max(1),
            Motion::HalfPageUp => -(height / 2).max(1),
            Motion::HalfPageDown => (height / 2).max(1),
            Motion::Top | Motion::Bottom => return None,
        })
    }
}

/// Where one entry of a list sits among the lines: its first line and height, and how many
/// lines above it belong with it (a heading) and come into view with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Span {
    pub first: usize,
    pub height: usize,
    pub context: usize,
}

impl Span {
    pub fn new(first: usize, height: usize) -> Span {
        Span {
            first,
            height: height.max(1),
            context: 0,
        }
    }

    pub fn end(&self) -> usize {
        self.first + self.height
    }

    pub fn contains(&self, line: usize) -> bool {
        (self.first..self.end()).contains(&line)
    }
}

/// A pane of `total` lines scrolled to `top`, after `motion`, in a viewport of `height`.
pub fn scroll(top: usize, motion: Motion, total: usize, height: usize) -> usize {
    let most = total.saturating_sub(height);
    let moved = match motion.lines(height) {
        Some(delta) => top.saturating_add_signed(delta),
        None if motion == Motion::Top => 0,
        None => most,
    };
    moved.min(most)
}

/// A cursor on a list of entries and the first line in view.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct ListNav {
    pub cursor: usize,
    pub top: usize,
}

impl ListNav {
    /// Applies `motion` over entries at `spans`, in `total` lines shown `height` at a time.
    /// With no entries the lines themselves scroll, so a motion is never ignored.
    pub fn apply(&mut self, motion: Motion, spans: &[Span], total: usize, height: usize) {
        if spans.is_empty() {
            self.cursor = 0;
            self.top = scroll(self.top, motion, total, height);
            return;
        }
        let last = spans.len() - 1;
        let cursor = self.cursor.min(last);
        self.cursor = match motion {
            Motion::Up => cursor.saturating_sub(1),
            Motion::Down => (cursor + 1).min(last),
            Motion::Top => 0,
            Motion::Bottom => last,
            paging => {
                let delta = paging.lines(height).unwrap_or(0);
                let target = spans[cursor].first.saturating_add_signed(delta);
                let found = if delta > 0 {
                    // The first entry that starts at or past the target line, else the last.
                    spans.iter().position(|s| s.first >= target).unwrap_or(last)
                } else {
                    // The last entry that starts at or before the target line, else the first.
                    spans.iter().rposition(|s| s.first <= target).unwrap_or(0)
                };
                // Always move when there is somewhere to go.
                match delta.signum() {
                    1 if found == cursor && cursor < last => cursor + 1,
                    -1 if found == cursor && cursor > 0 => cursor - 1,
                    _ => found,
                }
            }
        };
        match motion {
            // The very top shows what is above the first entry (headings, summaries).
            Motion::Top => self.top = 0,
            Motion::Bottom => self.top = total.saturating_sub(height),
            _ => {}
        }
        self.keep_in_view(spans, total, height);
    }

    /// Scrolls so the cursor's entry, with its context, is in view; clamps to the lines.
    pub fn keep_in_view(&mut self, spans: &[Span], total: usize, height: usize) {
        let height = height.max(1);
        if let Some(span) = spans.get(self.cursor) {
            let wanted_top = span.first.saturating_sub(span.context);
            if wanted_top < self.top {
                self.top = wanted_top;
            }
            if span.end() > self.top + height {
                // An entry taller than the view shows from its first line.
                self.top = (span.end() - height).min(span.first);
            }
        } else {
            self.cursor = spans.len().saturating_sub(1);
        }
        self.top = self.top.min(total.saturating_sub(height));
    }

    /// The entry drawn at `line` (counted from the top of the view), if any.
    pub fn entry_at(&self, spans: &[Span], line: usize) -> Option<usize> {
        let line = self.top + line;
        spans.iter().position(|span| span.contains(line))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(n: usize) -> Vec<Span> {
        (0..n).map(|i| Span::new(i, 1)).collect()
    }

    #[test]
    fn every_motion_moves_a_list_and_stays_in_bounds() {
        let spans = rows(50);
        let mut nav = ListNav::default();
        nav.apply(Motion::Down, &spans, 50, 10);
        assert_eq!(nav.cursor, 1);
        nav.apply(Motion::PageDown, &spans, 50, 10);
        assert_eq!(nav.cursor, 10);
        nav.apply(Motion::HalfPageDown, &spans, 50, 10);
        assert_eq!(nav.cursor, 15);
        assert!(nav.top <= 15 && 15 < nav.top + 10);
        nav.apply(Motion::Bottom, &spans, 50, 10);
        assert_eq!((nav.cursor, nav.top), (49, 40));
        nav.apply(Motion::PageUp, &spans, 50, 10);
        assert_eq!(nav.cursor, 40);
        nav.apply(Motion::HalfPageUp, &spans, 50, 10);
        assert_eq!(nav.cursor, 35);
        nav.apply(Motion::Up, &spans, 50, 10);
        assert_eq!(nav.cursor, 34);
        nav.apply(Motion::Top, &spans, 50, 10);
        assert_eq!((nav.cursor, nav.top), (0, 0));
    }

    #[test]
    fn an_entry_comes_into_view_with_its_heading() {
        // Entry 1 starts at line 10 under a three-line heading.
        let spans = [
            Span::new(1, 1),
            Span {
                first: 10,
                height: 1,
                context: 3,
            },
        ];
        let mut nav = ListNav { cursor: 1, top: 9 };
        nav.keep_in_view(&spans, 20, 5);
        assert_eq!(nav.top, 7);
    }

    #[test]
    fn with_no_entries_the_lines_scroll_and_come_back() {
        let mut nav = ListNav::default();
        nav.apply(Motion::Bottom, &[], 30, 10);
        assert_eq!(nav.top, 20);
        nav.apply(Motion::Up, &[], 30, 10);
        assert_eq!(nav.top, 19);
        nav.apply(Motion::PageUp, &[], 30, 10);
        assert_eq!(nav.top, 10);
        nav.apply(Motion::Top, &[], 30, 10);
        assert_eq!(nav.top, 0);
    }

    #[test]
    fn a_page_moves_by_lines_over_tall_entries() {
        let spans: Vec<Span> = (0..10).map(|i| Span::new(i * 4, 4)).collect();
        let mut nav = ListNav::default();
        nav.apply(Motion::PageDown, &spans, 40, 12);
        assert_eq!(nav.cursor, 3, "11 lines down is the entry at line 12");
        nav.apply(Motion::Down, &spans, 40, 12);
        nav.apply(Motion::Down, &spans, 40, 12);
        assert!(nav.top <= spans[5].first && spans[5].end() <= nav.top + 12);
        assert_eq!(nav.entry_at(&spans, 0), Some(nav.top / 4));
    }

    #[test]
    fn scrolling_a_pane_clamps_at_both_ends() {
        assert_eq!(scroll(0, Motion::Up, 30, 10), 0);
        assert_eq!(scroll(19, Motion::PageDown, 30, 10), 20);
        assert_eq!(scroll(5, Motion::Bottom, 8, 10), 0);
        assert_eq!(scroll(10, Motion::HalfPageUp, 30, 10), 5);
    }
}
