//! The one navigation layer's arithmetic: moving a cursor over a list of entries laid out as
//! lines, or scrolling a pane of lines, and keeping what matters in view. Every screen
//! uses it, so j/k, g/G, Space/b and Ctrl-d/u mean the same everywhere.

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

/// Where a pane's first line may be: any line, or only where an entry starts (a tree row
/// or a search result is never shown cut off at the top).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Stops {
    Lines,
    Entries,
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
        self.apply_with(motion, spans, total, height, Stops::Lines);
    }

    /// As `apply`, on a pane that only scrolls to where an entry starts.
    pub fn apply_by_entries(
        &mut self,
        motion: Motion,
        spans: &[Span],
        total: usize,
        height: usize,
    ) {
        self.apply_with(motion, spans, total, height, Stops::Entries);
    }

    fn apply_with(
        &mut self,
        motion: Motion,
        spans: &[Span],
        total: usize,
        height: usize,
        stops: Stops,
    ) {
        if spans.is_empty() {
            self.cursor = 0;
            self.top = scroll(self.top, motion, total, height);
            return;
        }
        let last = spans.len() - 1;
        let cursor = self.cursor.min(last);
        match motion {
            Motion::Up => self.cursor = cursor.saturating_sub(1),
            Motion::Down => self.cursor = (cursor + 1).min(last),
            Motion::Top => {
                // The very top shows what is above the first entry (headings, summaries),
                // even where that leaves the first entry below the view.
                self.cursor = 0;
                self.top = 0;
                return;
            }
            Motion::Bottom => {
                // The very bottom, even where the last entry is above it (a comparison's
                // other years run on below the cursor's).
                self.cursor = last;
                self.top = bottom_top(spans, total, height, stops);
                return;
            }
            paging => {
                self.page(paging, spans, total, height, stops);
                return;
            }
        }
        self.keep_in_view_with(spans, total, height, stops);
    }

    /// A page (or half page) as in `less`: the view moves by its lines, so every line is
    /// drawn on some page and the pages overlap by at most the line they share; the cursor
    /// goes to the first entry that starts in the new view. Where the view cannot move, the
    /// cursor goes to the last (or first) entry, so the end is always reached.
    fn page(&mut self, motion: Motion, spans: &[Span], total: usize, height: usize, stops: Stops) {
        let height = height.max(1);
        let cursor = self.cursor.min(spans.len() - 1);
        let delta = motion.lines(height).unwrap_or(0);
        let most = bottom_top(spans, total, height, stops);
        let top = self.top.min(most);
        let wanted = match stops {
            Stops::Lines => top.saturating_add_signed(delta).min(most),
            Stops::Entries => entry_page(spans, top, delta, height, most),
        };
        let end = wanted + height;
        let in_view = |s: &&Span| s.end() > wanted && s.first < end;
        if wanted == top {
            // At the end already: to the last (first) entry in view, else the last (first).
            self.top = top;
            self.cursor = if delta > 0 {
                spans
                    .iter()
                    .rposition(|s| in_view(&s))
                    .unwrap_or(spans.len() - 1)
            } else {
                spans.iter().position(|s| in_view(&s)).unwrap_or(0)
            };
            return;
        }
        self.top = wanted;
        let first = spans
            .iter()
            .position(|s| s.first >= wanted && s.first < end)
            .or_else(|| spans.iter().position(|s| in_view(&s)))
            .unwrap_or(if delta > 0 { spans.len() - 1 } else { 0 });
        // The cursor never moves against the page: down at least one entry (where that one
        // shows), up at least one.
        let step = if delta > 0 {
            Some(first.max(cursor + 1)).filter(|&c| c < spans.len())
        } else {
            cursor.checked_sub(1).map(|c| first.min(c))
        };
        self.cursor = step.filter(|&c| in_view(&&spans[c])).unwrap_or(first);
    }

    /// Scrolls so the cursor's entry, with its context, is in view; clamps to the lines.
    pub fn keep_in_view(&mut self, spans: &[Span], total: usize, height: usize) {
        self.keep_in_view_with(spans, total, height, Stops::Lines);
    }

    /// As `keep_in_view`, on a pane that only scrolls to where an entry starts.
    pub fn keep_whole_in_view(&mut self, spans: &[Span], total: usize, height: usize) {
        self.keep_in_view_with(spans, total, height, Stops::Entries);
    }

    fn keep_in_view_with(&mut self, spans: &[Span], total: usize, height: usize, stops: Stops) {
        let height = height.max(1);
        let Some(span) = spans.get(self.cursor) else {
            self.cursor = spans.len().saturating_sub(1);
            self.top = self.top.min(bottom_top(spans, total, height, stops));
            return;
        };
        if span.height > height {
            // Taller than the view: left where it is while the view is inside it (a page
            // went there), else shown from its first line.
            if !(span.first <= self.top && self.top < span.end()) {
                self.top = span.first;
            }
        } else {
            let wanted_top = span.first.saturating_sub(span.context);
            if wanted_top < self.top {
                self.top = wanted_top;
            }
            if span.end() > self.top + height {
                self.top = span.end() - height;
                if stops == Stops::Entries {
                    // The first entry start from which the cursor's entry shows whole.
                    self.top = spans
                        .iter()
                        .map(|s| s.first)
                        .find(|&first| first >= self.top)
                        .map_or(span.first, |first| first.min(span.first));
                }
            }
        }
        self.top = self.top.min(bottom_top(spans, total, height, stops));
    }

    /// The entry drawn at `line` (counted from the top of the view), if any.
    pub fn entry_at(&self, spans: &[Span], line: usize) -> Option<usize> {
        let line = self.top + line;
        spans.iter().position(|span| span.contains(line))
    }
}

/// The lowest first line a pane scrolls to: the one that shows its last line at the
/// bottom, or on a pane of whole entries the first entry start from which the last line
/// shows.
fn bottom_top(spans: &[Span], total: usize, height: usize, stops: Stops) -> usize {
    let most = total.saturating_sub(height.max(1));
    match stops {
        Stops::Lines => most,
        Stops::Entries => spans
            .iter()
            .map(|s| s.first)
            .find(|&first| first >= most)
            .unwrap_or(most),
    }
}

/// A page of whole entries from `top`, `delta` lines down (or up): the entry start that
/// shares one line with the last page, else none, else the nearest that leaves no line
/// undrawn between the pages; by lines where one entry is taller than the view.
fn entry_page(spans: &[Span], top: usize, delta: isize, height: usize, most: usize) -> usize {
    let reach = delta.unsigned_abs().min(height.saturating_sub(1)).max(1);
    let starts = || spans.iter().map(|s| s.first);
    let is_start = |line: usize| starts().any(|s| s == line);
    let found = if delta > 0 {
        let shared = top + reach;
        let touching = (reach < height).then_some(shared + 1);
        [Some(shared), touching]
            .into_iter()
            .flatten()
            .find(|&line| is_start(line))
            .or_else(|| starts().filter(|&s| s > top && s < shared).max())
    } else {
        let shared = top.checked_sub(reach);
        let touching = shared
            .and_then(|s| s.checked_sub(1))
            .filter(|_| reach < height);
        [shared, touching]
            .into_iter()
            .flatten()
            .find(|&line| is_start(line))
            .or_else(|| starts().filter(|&s| s < top && s + reach > top).min())
    };
    match found {
        Some(start) => start.min(most),
        None => top.saturating_add_signed(delta).min(most),
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
        // A page moves the view by nine lines (one shared) and the cursor to its top.
        nav.apply(Motion::PageDown, &spans, 50, 10);
        assert_eq!((nav.cursor, nav.top), (9, 9));
        nav.apply(Motion::HalfPageDown, &spans, 50, 10);
        assert_eq!((nav.cursor, nav.top), (14, 14));
        nav.apply(Motion::Bottom, &spans, 50, 10);
        assert_eq!((nav.cursor, nav.top), (49, 40));
        nav.apply(Motion::PageUp, &spans, 50, 10);
        assert_eq!((nav.cursor, nav.top), (31, 31));
        nav.apply(Motion::HalfPageUp, &spans, 50, 10);
        assert_eq!((nav.cursor, nav.top), (26, 26));
        nav.apply(Motion::Up, &spans, 50, 10);
        assert_eq!((nav.cursor, nav.top), (25, 25));
        nav.apply(Motion::Top, &spans, 50, 10);
        assert_eq!((nav.cursor, nav.top), (0, 0));
    }

    #[test]
    fn pages_leave_no_line_undrawn_and_reach_both_ends() {
        for stops in [Stops::Lines, Stops::Entries] {
            // Entries of one to three lines; on a pane of lines, some lines (headings) in
            // no entry.
            let mut spans = Vec::new();
            let mut line = 0;
            for i in 0..40 {
                if stops == Stops::Lines {
                    line += i % 4 / 3;
                }
                spans.push(Span::new(line, 1 + i % 3));
                line += 1 + i % 3;
            }
            let total = line;
            for height in [1, 2, 3, 5, 8, 13] {
                let mut nav = ListNav::default();
                let mut drawn = vec![false; total];
                for _ in 0..total + 2 {
                    drawn[nav.top..(nav.top + height).min(total)].fill(true);
                    nav.apply_with(Motion::PageDown, &spans, total, height, stops);
                    let shows = |s: &Span| s.end() > nav.top && s.first < nav.top + height;
                    assert!(
                        shows(&spans[nav.cursor]) || !spans.iter().any(shows),
                        "the cursor is in view where an entry is ({stops:?}, {height})"
                    );
                    if stops == Stops::Entries {
                        // Inside an entry only where one is taller than the view.
                        let inside = spans
                            .iter()
                            .find(|s| s.first < nav.top && nav.top < s.end());
                        assert!(
                            inside.is_none_or(|s| s.height > height),
                            "{height}: {nav:?}"
                        );
                    }
                }
                assert!(drawn.iter().all(|d| *d), "{stops:?} {height}: {drawn:?}");
                assert_eq!(
                    nav.cursor,
                    spans.len() - 1,
                    "the last page ends on the last"
                );
                assert!(
                    nav.top + height >= total,
                    "the last page shows the last line"
                );
                let mut drawn = vec![false; total];
                for _ in 0..total + 2 {
                    drawn[nav.top..(nav.top + height).min(total)].fill(true);
                    nav.apply_with(Motion::PageUp, &spans, total, height, stops);
                }
                assert!(drawn.iter().all(|d| *d), "up {stops:?} {height}: {drawn:?}");
                assert_eq!((nav.cursor, nav.top), (0, 0));
            }
        }
    }

    #[test]
    fn a_pane_of_whole_entries_never_starts_inside_one() {
        let spans: Vec<Span> = (0..10).map(|i| Span::new(i * 3, 3)).collect();
        let mut nav = ListNav::default();
        // Eight lines show two whole entries and two lines of the third: the next page
        // starts at the third, not at line 7 inside it.
        nav.apply_by_entries(Motion::PageDown, &spans, 30, 8);
        assert_eq!((nav.cursor, nav.top), (2, 6));
        nav.cursor = 5;
        nav.keep_whole_in_view(&spans, 30, 8);
        assert_eq!(
            nav.top, 12,
            "entry 5 (lines 15-17) whole, from an entry's start"
        );
        nav.apply_by_entries(Motion::Bottom, &spans, 30, 8);
        assert_eq!((nav.cursor, nav.top), (9, 24));
        nav.apply_by_entries(Motion::PageUp, &spans, 30, 8);
        assert_eq!(nav.top, 18, "up a page of whole entries, sharing the last");
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
