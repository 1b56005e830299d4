//! State + action -> new state, and what the loop must do about it (`Effects`). Pure: no
//! terminal, no I/O, unit-tested directly. Each screen has its handler; what every screen
//! shares (the navigation layer, search, help, going back one level, going to another
//! screen) is handled here once.

mod explorer;
mod export;
mod mouse;
mod prompt;
mod screens;

pub use prompt::index_ready;

use super::action::Action;
use super::app::{App, Ending, Export, Focus};
use super::help::{self, HelpState};
use super::keymap::Mode;
use super::nav;

/// What an update asks of the loop that runs the explorer. The update does none of it
/// itself (it has no terminal and no files), and leaves none of it on the state: the loop
/// acts on what `update` returns.
#[must_use = "the loop must act on what an update asks for"]
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Effects {
    /// Text for the reader's clipboard (OSC 52).
    pub copy: Option<String>,
    /// A briefing to write into the current folder (or copy, over SSH).
    pub export: Option<Export>,
    /// Paint the whole screen again.
    pub repaint: bool,
    /// Give the terminal back to the shell until `fg`.
    pub suspend: bool,
    /// The bookmarks changed: save them, so a dropped connection keeps them.
    pub save: bool,
    /// The explorer ends.
    pub end: Option<Ending>,
}

impl Effects {
    /// These effects and then `later`'s, as one: a later copy or briefing replaces an
    /// earlier one, the first ending stands.
    pub fn and(mut self, later: Effects) -> Effects {
        if later.copy.is_some() {
            self.copy = later.copy;
        }
        if later.export.is_some() {
            self.export = later.export;
        }
        self.repaint |= later.repaint;
        self.suspend |= later.suspend;
        self.save |= later.save;
        self.end = self.end.or(later.end);
        self
    }
}

pub fn update(app: &mut App, action: Action) -> Effects {
    // The state may have been changed outside an update (a restored place, a test);
    // unchanged, laying it out again costs a comparison.
    app.lay_out();
    // Bookmarks change only by marking or unmarking one, which changes their number.
    let bookmarks = app.bookmarks.len();
    let mut effects = handle(app, action);
    effects.save = app.bookmarks.len() != bookmarks;
    app.settle();
    effects
}

fn handle(app: &mut App, action: Action) -> Effects {
    match action {
        Action::Resize { width, height } => {
            app.width = width;
            app.height = height;
            return Effects::default();
        }
        Action::Click {
            column,
            row,
            double,
        } => {
            app.notice = None;
            mouse::click(app, column, row, double);
            return Effects::default();
        }
        Action::Wheel { column, row, down } => {
            mouse::wheel(app, column, row, down);
            return Effects::default();
        }
        _ => {}
    }
    // A notice lasts until the next key; the help keeps it whole if that key is `?`.
    let said = app.notice.take();
    let mut effects = Effects::default();
    let handled = match app.mode() {
        Mode::Help => help_keys(app, &action),
        Mode::Prompt => prompt::prompt(app, &action),
        Mode::Results => prompt::results(app, &action),
        Mode::Compare
        | Mode::Overview
        | Mode::Forces
        | Mode::ForcesFilter
        | Mode::Recurring
        | Mode::Bookmarks => screens::handle(app, &action),
        Mode::Tree | Mode::Reader if action == Action::Copy => {
            effects.copy = explorer::copy(app);
            true
        }
        Mode::Tree | Mode::Reader => explorer::handle(app, &action),
    };
    if !handled {
        effects = common(app, &action, said);
    }
    effects
}

/// The commands every screen answers the same way.
fn common(app: &mut App, action: &Action, said: Option<crate::tui::notice::Notice>) -> Effects {
    let mut effects = Effects::default();
    match action {
        Action::Search => prompt::open(app),
        Action::NextResult => prompt::step(app, true),
        Action::PreviousResult => prompt::step(app, false),
        Action::Results => prompt::reopen_list(app),
        Action::Back => effects.end = back(app, false),
        Action::BackOrQuit => effects.end = back(app, true),
        Action::Help => {
            app.help = match app.help {
                Some(_) => None,
                None => Some(HelpState {
                    top: 0,
                    notice: said,
                }),
            }
        }
        Action::Quit => effects.end = Some(Ending::Interrupted),
        Action::Redraw => effects.repaint = true,
        Action::Suspend => effects.suspend = true,
        Action::Compare => screens::open_compare(app),
        Action::Overview => screens::open_overview(app),
        Action::Recurring => screens::open_recurring(app),
        Action::Bookmarks => screens::open_bookmarks(app),
        Action::Export => effects.export = export::export(app),
        _ => {}
    }
    effects
}

/// Esc and q: close help, the search, the top screen, leave the reader; at the top, q
/// quits (the ending returned) and Esc says how to.
fn back(app: &mut App, quit_at_top: bool) -> Option<Ending> {
    if app.help.take().is_some() {
        return None;
    }
    if app.prompt.is_some() {
        prompt::cancel(app);
        return None;
    }
    if app.screens.pop().is_some() {
        return None;
    }
    if app.focus == Focus::Reader {
        app.focus = Focus::Tree;
    } else if quit_at_top {
        return Some(Ending::Quit);
    } else {
        app.notice = Some("This is the top: q quits".into());
    }
    None
}

/// The help overlay scrolls like any other pane.
fn help_keys(app: &mut App, action: &Action) -> bool {
    let &Action::Move(motion) = action else {
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::palette::Palette;

    #[test]
    fn a_batch_of_effects_keeps_the_later_copy_and_the_first_ending() {
        let first = Effects {
            copy: Some("first".into()),
            end: Some(Ending::Quit),
            ..Effects::default()
        };
        let later = Effects {
            copy: Some("later".into()),
            repaint: true,
            end: Some(Ending::Interrupted),
            ..Effects::default()
        };
        let both = first.and(later).and(Effects::default());
        assert_eq!(both.copy.as_deref(), Some("later"));
        assert_eq!(both.end, Some(Ending::Quit));
        assert!(both.repaint && !both.suspend && !both.save);
    }

    #[test]
    fn marking_or_unmarking_asks_for_a_save_and_nothing_else_does() {
        let library = crate::builtin::library().unwrap();
        let theme = Palette {
            color: false,
            ascii: true,
        };
        let mut app = App::new(&library, theme, 80, 24);
        assert!(!update(&mut app, Action::Move(nav::Motion::Down)).save);
        assert!(update(&mut app, Action::ToggleBookmark).save, "marked");
        assert!(!update(&mut app, Action::Bookmarks).save);
        assert!(update(&mut app, Action::ToggleBookmark).save, "unmarked");
        assert!(app.bookmarks.is_empty());
    }
}
