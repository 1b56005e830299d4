//! The mouse, second to the keyboard: a click selects a tree row, a result or a screen's
//! entry; a double click opens it; a click on the reader reads; the wheel scrolls the pane
//! under the pointer.

use super::{explorer, prompt, screens};
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::layout;
use crate::tui::nav::{ListNav, Motion};
use crate::tui::results;
use ratatui::layout::{Position, Rect};

/// Lines one turn of the wheel scrolls.
const WHEEL_LINES: usize = 3;

pub fn click(app: &mut App, column: u16, row: u16, double: bool) {
    let at = Position::new(column, row);
    if app.help.take().is_some() {
        return;
    }
    let panes = app.panes();
    if !app.screens.is_empty() {
        let body = layout::inner(panes.body);
        if let Some(line) = line_in(body, at, header_lines(app)) {
            select_column(app, column.saturating_sub(body.x));
            if screens::click_line(app, line) && double {
                screens::handle(app, &Action::Open);
            }
        }
        return;
    }
    if let Some(left) = panes.left.filter(|pane| pane.contains(at)) {
        if app.prompt.is_some() {
            click_result(app, left, at, double);
        } else {
            click_tree(app, left, at, double);
        }
    } else if panes.right.is_some_and(|pane| pane.contains(at)) {
        app.focus = Focus::Reader;
    }
}

fn header_lines(app: &App) -> usize {
    let Some(screen) = app.screens.last() else {
        return 0;
    };
    let body = layout::inner(app.panes().body);
    let context = crate::tui::screens::Context {
        library: app.library,
        theme: &app.theme,
        bookmarks: &app.bookmarks,
    };
    screen.laid(context, body.width).header.len()
}

/// The line of the scrolling part at `at`, below `skip` fixed lines of `area`.
fn line_in(area: Rect, at: Position, skip: usize) -> Option<usize> {
    if !area.contains(at) {
        return None;
    }
    usize::from(at.y - area.y).checked_sub(skip)
}

/// In the comparison, a click in another year's column moves to that year first.
fn select_column(app: &mut App, x: u16) {
    let body = layout::inner(app.panes().body);
    if let Some(crate::tui::screens::Screen::Compare(screen)) = app.screens.last_mut() {
        let shown = screen.comparison().columns.len();
        let fits = match body.width {
            w if w >= crate::tui::screens::compare::THREE_FROM => 3,
            w if w >= crate::tui::screens::compare::TWO_FROM => 2,
            _ => 1,
        }
        .min(shown.max(1));
        let start = screen
            .column
            .saturating_sub(fits - 1)
            .min(shown.saturating_sub(fits));
        let column_width = usize::from(body.width) / fits;
        let wanted = start + (usize::from(x) / column_width.max(1)).min(fits - 1);
        while screen.column < wanted {
            screen.move_column(true);
        }
        while screen.column > wanted {
            screen.move_column(false);
        }
    }
}

fn click_tree(app: &mut App, pane: Rect, at: Position, double: bool) {
    let Some(line) = line_in(layout::inner(pane), at, 0) else {
        return;
    };
    let (spans, _) = app.tree_spans();
    let nav = ListNav {
        cursor: app.tree.selected_index(),
        top: spans.get(app.tree.top).map_or(0, |s| s.first),
    };
    let Some(index) = nav.entry_at(spans, line) else {
        return;
    };
    app.focus = Focus::Tree;
    if let Some(row) = app.tree.rows().get(index).copied() {
        app.select(row.key);
        if double {
            explorer::handle(app, &Action::Open);
        }
    }
}

fn click_result(app: &mut App, pane: Rect, at: Position, double: bool) {
    let Some(line) = line_in(layout::inner(pane), at, results::HEADER) else {
        return;
    };
    let each = results::result_height(app);
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    let spans = results::spans(prompt.hits.len(), each);
    if let Some(index) = prompt.nav.entry_at(&spans, line) {
        prompt::select_result(app, index);
        if double {
            prompt::prompt(app, &Action::Accept);
        }
    }
}

pub fn wheel(app: &mut App, column: u16, row: u16, down: bool) {
    let at = Position::new(column, row);
    let motion = if down { Motion::Down } else { Motion::Up };
    let action = Action::Move(motion);
    let panes = app.panes();
    for _ in 0..WHEEL_LINES {
        if app.help.is_some() {
            super::help_keys(app, &action);
        } else if !app.screens.is_empty() {
            screens::handle(app, &action);
        } else if panes.left.is_some_and(|pane| pane.contains(at)) {
            match app.prompt {
                Some(_) => {
                    prompt::prompt(app, &action);
                }
                None => explorer::scroll_tree(app, down),
            }
        } else if panes.right.is_some_and(|pane| pane.contains(at)) {
            app.reader = app.with_reader(|view| view.apply(app.reader, motion));
        }
    }
}
