//! The cross-year screens on top of the explorer: compare one theme across years, the
//! overview (grade matrix and charts), and the recurring issues. Their state, and the pure
//! changes actions make to it.

use super::app::{App, Focus};
use super::update::select;
use crate::compare::{self, Comparison};
use crate::model::NodeKey;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Screen {
    Compare(CompareState),
    Overview(OverviewState),
    Recurring(ListState),
    Bookmarks(ListState),
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CompareState {
    pub force: usize,
    pub theme: usize,
    /// One flag per assessment of the force, oldest first.
    pub years_shown: Vec<bool>,
    /// Which shown column the cursor is in, and which entry of it.
    pub column: usize,
    pub entry: usize,
    pub scroll: usize,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OverviewState {
    pub force: usize,
    /// 0: the grade matrix; 1 and on: one chart per figure series.
    pub page: usize,
    pub list: ListState,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct ListState {
    pub cursor: usize,
    pub scroll: usize,
}

impl CompareState {
    pub fn comparison(&self, app: &App) -> Comparison {
        let force = &app.library.forces()[self.force];
        let years: Vec<u16> = force
            .assessments
            .iter()
            .zip(&self.years_shown)
            .filter(|(_, shown)| **shown)
            .map(|(a, _)| a.year)
            .collect();
        compare::compare(app.library, self.force, &force.themes[self.theme], &years)
    }

    /// Each shown column's entries (row, node), each node once per row.
    pub fn entries(&self, comparison: &Comparison) -> Vec<Vec<(usize, NodeKey)>> {
        (0..comparison.columns.len())
            .map(|c| {
                comparison
                    .rows
                    .iter()
                    .enumerate()
                    .flat_map(|(r, row)| row.cells[c].iter().map(move |key| (r, *key)))
                    .collect()
            })
            .collect()
    }
}

/// The comparison fits three columns from this inner width (a 120-column terminal);
/// below, two at a time.
pub const THREE_COLUMNS_FROM: u16 = 110;

pub fn open_compare(app: &mut App) {
    let found = compare::theme_of(app.library, app.selected);
    let Some((force, theme)) = found.or_else(|| {
        (!app.library.forces().is_empty() && !app.library.forces()[0].themes.is_empty())
            .then_some((0, 0))
    }) else {
        return;
    };
    let years_shown = vec![true; app.library.forces()[force].assessments.len()];
    app.screen = Some(Screen::Compare(CompareState {
        force,
        theme,
        years_shown,
        column: 0,
        entry: 0,
        scroll: 0,
    }));
}

pub fn open_overview(app: &mut App) {
    let force = app.selected.force().unwrap_or(0);
    if app.library.forces().get(force).is_some() {
        app.screen = Some(Screen::Overview(OverviewState {
            force,
            page: 0,
            list: ListState::default(),
        }));
    }
}

pub fn open_recurring(app: &mut App) {
    if !app.library.forces().is_empty() {
        app.screen = Some(Screen::Recurring(ListState::default()));
    }
}

pub fn open_bookmarks(app: &mut App) {
    app.screen = Some(Screen::Bookmarks(ListState::default()));
}

/// Leaves the screen for the explorer, on `key` when given.
pub fn go_to(app: &mut App, key: Option<NodeKey>) {
    app.screen = None;
    if let Some(key) = key {
        select(app, key);
        app.focus = if app.side_by_side() {
            Focus::Tree
        } else {
            Focus::Reader
        };
    }
}

/// The recurring issues of the first force, flattened to the lines a cursor can stop on:
/// each issue's nodes.
pub fn recurring_entries(app: &App) -> Vec<(usize, NodeKey)> {
    let Some(force) = app.library.forces().first() else {
        return Vec::new();
    };
    force
        .recurring
        .iter()
        .enumerate()
        .flat_map(|(i, issue)| {
            issue
                .nodes
                .iter()
                .filter_map(move |id| app.library.resolve_in_force(0, id).map(|key| (i, key)))
        })
        .collect()
}

pub fn move_list(list: &mut ListState, len: usize, delta: isize, page: usize) {
    if len == 0 {
        return;
    }
    let target = list.cursor as isize + delta;
    list.cursor = target.clamp(0, len as isize - 1) as usize;
    if list.cursor < list.scroll {
        list.scroll = list.cursor;
    } else if list.cursor >= list.scroll + page.max(1) {
        list.scroll = list.cursor + 1 - page.max(1);
    }
}

/// An action on whichever screen is open. Page sizes come from the terminal's height.
pub fn update(app: &mut App, action: super::action::Action) {
    use super::action::Action::*;
    let Some(screen) = app.screen.take() else {
        return;
    };
    let page = usize::from(app.height.saturating_sub(6)).max(1);
    let step = |action| match action {
        Up => -1,
        Down => 1,
        PageUp => -(page as isize),
        PageDown => page as isize,
        HalfPageUp => -(page as isize) / 2,
        HalfPageDown => page as isize / 2,
        Top => isize::MIN / 2,
        Bottom => isize::MAX / 2,
        _ => 0,
    };
    let screen = match (screen, action) {
        (_, Back) => return,
        (_, OpenOverview) => return open_overview(app),
        (_, OpenRecurring) => return open_recurring(app),
        (Screen::Compare(mut state), action) => {
            let comparison = state.comparison(app);
            let entries = state.entries(&comparison);
            let current_row = entries
                .get(state.column)
                .and_then(|e| e.get(state.entry))
                .map(|(row, _)| *row);
            match action {
                Open => {
                    let key = entries
                        .get(state.column)
                        .and_then(|e| e.get(state.entry))
                        .map(|(_, key)| *key);
                    return go_to(app, key);
                }
                ColumnLeft | ColumnRight => {
                    let last = entries.len().saturating_sub(1);
                    state.column = if action == ColumnLeft {
                        state.column.saturating_sub(1)
                    } else {
                        (state.column + 1).min(last)
                    };
                    // Stay on the same row where the new column has something there.
                    let column = entries
                        .get(state.column)
                        .map(Vec::as_slice)
                        .unwrap_or_default();
                    state.entry = column
                        .iter()
                        .position(|(row, _)| Some(*row) >= current_row)
                        .unwrap_or(column.len().saturating_sub(1));
                }
                ToggleYear(year) => {
                    let shown = state.years_shown.iter().filter(|s| **s).count();
                    if let Some(flag) = state.years_shown.get_mut(year) {
                        if !*flag || shown > 1 {
                            *flag = !*flag;
                        }
                    }
                    state.column = 0;
                    state.entry = 0;
                    state.scroll = 0;
                }
                NextSameKind | PreviousSameKind => {
                    let themes = app.library.forces()[state.force].themes.len().max(1);
                    state.theme = if action == NextSameKind {
                        (state.theme + 1) % themes
                    } else {
                        (state.theme + themes - 1) % themes
                    };
                    state.column = 0;
                    state.entry = 0;
                    state.scroll = 0;
                }
                other => {
                    let len = entries.get(state.column).map_or(0, Vec::len);
                    let target = state.entry as isize + step(other);
                    state.entry = target.clamp(0, len.saturating_sub(1) as isize) as usize;
                    if matches!(other, PageUp | PageDown | HalfPageUp | HalfPageDown) && len == 0 {
                        state.scroll = (state.scroll as isize + step(other)).max(0) as usize;
                    }
                }
            }
            keep_compare_cursor_in_view(app, &mut state);
            Screen::Compare(state)
        }
        (Screen::Overview(mut state), action) => {
            let themes = app.library.forces()[state.force].themes.len();
            let pages = super::views::overview::pages(app, &state);
            match action {
                ColumnLeft | Close => state.page = (state.page + pages - 1) % pages,
                ColumnRight | ToggleFocus => state.page = (state.page + 1) % pages,
                Open | OpenCompare if state.page == 0 && themes > 0 => {
                    let years_shown =
                        vec![true; app.library.forces()[state.force].assessments.len()];
                    let theme = state.list.cursor.min(themes - 1);
                    app.screen = Some(Screen::Compare(CompareState {
                        force: state.force,
                        theme,
                        years_shown,
                        column: 0,
                        entry: 0,
                        scroll: 0,
                    }));
                    return;
                }
                other => {
                    let rows = (page / super::views::overview::ROW_HEIGHT).max(1);
                    move_list(&mut state.list, themes, step(other), rows);
                }
            }
            Screen::Overview(state)
        }
        (Screen::Recurring(mut state), action) => {
            let entries = recurring_entries(app);
            match action {
                Open => return go_to(app, entries.get(state.cursor).map(|(_, key)| *key)),
                other => {
                    let len = entries.len();
                    let target = state.cursor as isize + step(other);
                    state.cursor = target.clamp(0, len.saturating_sub(1) as isize) as usize;
                    let (_, lines) = super::views::recurring::lay_out(
                        app,
                        usize::from(app.width.saturating_sub(2)),
                    );
                    if let Some(&line) = lines.get(state.cursor) {
                        let height = usize::from(app.height.saturating_sub(3)).max(1);
                        // Show the issue's heading above its first finding where there is room.
                        if line < state.scroll + 3 {
                            state.scroll = line.saturating_sub(3);
                        } else if line >= state.scroll + height {
                            state.scroll = line + 1 - height;
                        }
                    }
                }
            }
            Screen::Recurring(state)
        }
        (Screen::Bookmarks(mut state), action) => {
            match action {
                Open => return go_to(app, app.bookmarks.get(state.cursor).copied()),
                ToggleBookmark => {
                    if let Some(&key) = app.bookmarks.get(state.cursor) {
                        super::update::toggle_bookmark(app, key);
                    }
                }
                other => {
                    let len = app.bookmarks.len();
                    let target = state.cursor as isize + step(other);
                    state.cursor = target.clamp(0, len.saturating_sub(1) as isize) as usize;
                }
            }
            state.cursor = state.cursor.min(app.bookmarks.len().saturating_sub(1));
            let height = usize::from(app.height.saturating_sub(3)).max(1);
            if state.cursor < state.scroll {
                state.scroll = state.cursor;
            } else if state.cursor >= state.scroll + height {
                state.scroll = state.cursor + 1 - height;
            }
            Screen::Bookmarks(state)
        }
    };
    app.screen = Some(screen);
}

fn keep_compare_cursor_in_view(app: &App, state: &mut CompareState) {
    let width = app.width.saturating_sub(2);
    let laid = super::views::compare::lay_out(app, state, width);
    let column = state
        .column
        .saturating_sub(laid.window.first().copied().unwrap_or(0));
    let height = super::views::compare::body_height(app);
    if let Some(&(first, rows)) = laid.spans.get(column).and_then(|s| s.get(state.entry)) {
        // Keep the row's link note in view too: up to three lines above the entry.
        if first < state.scroll + 1 {
            state.scroll = first.saturating_sub(3);
        } else if first + rows > state.scroll + height {
            state.scroll = (first + rows).saturating_sub(height);
        }
    }
    state.scroll = state.scroll.min(laid.lines.len().saturating_sub(1));
}
