//! State + action -> new state. Pure: no terminal, no I/O, unit-tested directly. Each
//! screen has its handler; what every screen shares (the navigation layer, search, help,
//! going back one level, going to another screen) is handled here once.

mod explorer;
mod export;
mod mouse;
mod screens;
mod search;

pub use search::index_ready;

use super::action::Action;
use super::app::{App, Ending, Focus};
use super::help::{self, HelpState};
use super::keymap::Mode;
use super::nav::{self, Motion};

pub fn update(app: &mut App, action: Action) {
    match action {
        Action::Resize { width, height } => {
            app.width = width;
            app.height = height;
            app.settle();
            return;
        }
        Action::Click {
            column,
            row,
            double,
        } => {
            app.notice = None;
            mouse::click(app, column, row, double);
            app.settle();
            return;
        }
        Action::Wheel { column, row, down } => {
            mouse::wheel(app, column, row, down);
            app.settle();
            return;
        }
        _ => {}
    }
    // A notice lasts until the next key; the help keeps it whole if that key is `?`.
    let said = app.notice.take();
    let handled = match app.mode() {
        Mode::Help => help_keys(app, &action),
        Mode::Prompt => search::prompt(app, &action),
        Mode::Results => search::results(app, &action),
        Mode::Compare
        | Mode::Overview
        | Mode::Forces
        | Mode::ForcesFilter
        | Mode::Recurring
        | Mode::Bookmarks => screens::handle(app, &action),
        Mode::Tree | Mode::Reader => explorer::handle(app, &action),
    };
    if !handled {
        common(app, &action, said);
    }
    app.settle();
}

/// The commands every screen answers the same way.
fn common(app: &mut App, action: &Action, said: Option<crate::tui::notice::Notice>) {
    match action {
        Action::Search => search::open(app),
        Action::NextResult => search::step(app, true),
        Action::PreviousResult => search::step(app, false),
        Action::Results => search::reopen_list(app),
        Action::Back => back(app, false),
        Action::BackOrQuit => back(app, true),
        Action::Help => {
            app.help = match app.help {
                Some(_) => None,
                None => Some(HelpState {
                    top: 0,
                    notice: said,
                }),
            }
        }
        Action::Quit => app.ending = Some(Ending::Interrupted),
        Action::Redraw => app.repaint = true,
        Action::Suspend => app.suspend = true,
        Action::Compare => screens::open_compare(app),
        Action::Overview => screens::open_overview(app),
        Action::Recurring => screens::open_recurring(app),
        Action::Bookmarks => screens::open_bookmarks(app),
        Action::Export => export::export(app),
        _ => {}
    }
}

/// Esc and q: close help, the search, the top screen, leave the reader; at the top, q
/// quits and Esc says how to.
fn back(app: &mut App, quit_at_top: bool) {
    if app.help.take().is_some() {
        return;
    }
    if app.prompt.is_some() {
        search::cancel(app);
        return;
    }
    if app.screens.pop().is_some() {
        return;
    }
    if app.focus == Focus::Reader {
        app.focus = Focus::Tree;
    } else if quit_at_top {
        app.ending = Some(Ending::Quit);
    } else {
        app.notice = Some("This is the top: q quits".into());
    }
}

/// The help overlay scrolls like any other pane.
fn help_keys(app: &mut App, action: &Action) -> bool {
    let Some(motion) = Motion::of(action) else {
        // `/`, n and N act on what is under the overlay, which they close.
        if matches!(
            action,
            Action::Search | Action::NextResult | Action::PreviousResult | Action::Results
        ) {
            app.help = None;
        }
        return false;
    };
    let (total, height) = help_size(app);
    if let Some(state) = &mut app.help {
        state.top = nav::scroll(state.top, motion, total, height);
    }
    true
}

/// Lines of help for the mode under it, and how many show at once.
pub(crate) fn help_size(app: &App) -> (usize, usize) {
    let width = help::text_width(app.width);
    let notice = app.help.as_ref().and_then(|help| help.notice.as_deref());
    let total = help::lines(&app.theme, app.mode_under_help(), notice, width).len();
    let area = help::area(app.width, app.height, total);
    (total, usize::from(area.height.saturating_sub(2)).max(1))
}
