//! The screens over the explorer: opening them (from any screen) and their own keys; the
//! navigation layer moves their cursor over the entries their layout gives.

use crate::compare;
use crate::model::NodeKey;
use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::layout;
use crate::tui::nav::Motion;
use crate::tui::screens::bookmarks::BookmarksScreen;
use crate::tui::screens::compare::CompareScreen;
use crate::tui::screens::forces::ForcesScreen;
use crate::tui::screens::overview::OverviewScreen;
use crate::tui::screens::recurring::RecurringScreen;
use crate::tui::screens::{Context, Screen};

/// The node a screen's cursor is on, or else the explorer's selection: what `c`, `o` and
/// `r` are about.
fn focus_node(app: &App) -> NodeKey {
    let on_screen = match app.screens.last() {
        Some(Screen::Compare(s)) => s.selected_key(),
        Some(Screen::Recurring(s)) => s.selected_key(app.library),
        Some(Screen::Bookmarks(s)) => app.bookmarks.get(s.nav.cursor).copied(),
        Some(Screen::Forces(s)) => s
            .selected_area(app.library)
            .or(s.selected_force().map(|force| NodeKey::Force { force })),
        _ => None,
    };
    on_screen.unwrap_or(app.selected())
}

/// Opens `screen`; one of the same kind further down the stack is replaced, so going
/// back and forth never piles screens up.
fn push(app: &mut App, screen: Screen) {
    let mode = screen.mode();
    if let Some(at) = app.screens.iter().position(|s| s.mode() == mode) {
        app.screens.truncate(at);
    }
    app.help = None;
    app.screens.push(screen);
}

pub fn open_compare(app: &mut App) {
    if let Some(Screen::Overview(overview)) = app.screens.last()
        && let Some(theme) = overview.selected_theme()
    {
        let screen = CompareScreen::new(app.library, overview.force, theme);
        push(app, Screen::Compare(screen));
        return keep_in_view(app);
    }
    if let Some(Screen::Forces(grid)) = app.screens.last()
        && grid.selected_area(app.library).is_none()
    {
        // A cell with no area, or a name: the selected force's theme, where it has one.
        let force = grid.selected_force();
        let theme = force.zip(grid.selected_theme()).and_then(|(f, id)| {
            app.library.forces()[f]
                .themes
                .iter()
                .position(|t| t.id == id)
                .map(|t| (f, t))
        });
        match theme {
            Some((force, theme)) => {
                push(
                    app,
                    Screen::Compare(CompareScreen::new(app.library, force, theme)),
                );
                keep_in_view(app);
            }
            None => {
                app.notice =
                    Some("Choose a theme's column (l or →) to compare it for this force".into())
            }
        }
        return;
    }
    let node = focus_node(app);
    match compare::theme_of(app.library, node) {
        Some((force, theme)) => {
            let mut screen = CompareScreen::new(app.library, force, theme);
            // The node itself where the comparison lists it, else its nearest ancestor
            // that it lists (a section, a main finding: the area they are under).
            let listed = app
                .library
                .ancestry(node)
                .into_iter()
                .rev()
                .find(|key| screen.lists(*key));
            screen.select(listed);
            push(app, Screen::Compare(screen));
            keep_in_view(app);
        }
        None if app.library.forces().iter().any(|f| !f.themes.is_empty()) => {
            let spans_every_theme = matches!(
                node,
                NodeKey::Force { .. } | NodeKey::Assessment { .. } | NodeKey::Glossary
            );
            open_overview(app);
            app.notice = Some(if spans_every_theme {
                "This node spans every theme: choose one here, Enter compares it".into()
            } else {
                "No theme lists this node or what it is under: choose a theme here".into()
            });
        }
        None => app.notice = Some("This content has no themes to compare".into()),
    }
}

/// With several forces, the forces grid (back where it was left, if it is open under
/// this screen); with one, that force's overview.
pub fn open_overview(app: &mut App) {
    if app.library.shows_forces() {
        if let Some(at) = app
            .screens
            .iter()
            .position(|s| matches!(s, Screen::Forces(_)))
        {
            app.screens.truncate(at + 1);
            app.help = None;
            return keep_in_view(app);
        }
        let node = focus_node(app);
        let year = app.library.assessment_of(node).map(|a| a.year);
        let theme = compare::theme_of(app.library, node)
            .map(|(force, theme)| app.library.forces()[force].themes[theme].id.clone());
        let grid = ForcesScreen::new(app.library, node.force(), year, theme.as_deref());
        push(app, Screen::Forces(grid));
        return keep_in_view(app);
    }
    let force = focus_node(app).force().unwrap_or(0);
    if force < app.library.forces().len() {
        push(
            app,
            Screen::Overview(OverviewScreen::new(app.library, force)),
        );
    } else {
        app.notice = Some("This content has no force to give an overview of".into());
    }
}

pub fn open_recurring(app: &mut App) {
    let force = focus_node(app).force().unwrap_or(0);
    if force < app.library.forces().len() {
        push(
            app,
            Screen::Recurring(RecurringScreen::new(app.library, force)),
        );
    } else {
        app.notice = Some("This content has no recurring issues".into());
    }
}

pub fn open_bookmarks(app: &mut App) {
    push(app, Screen::Bookmarks(BookmarksScreen::default()));
}

/// The body of a screen: inside its border, under the status bar.
pub fn body(app: &App) -> ratatui::layout::Rect {
    layout::inner(app.panes().body)
}

/// Handles the top screen's own keys and its motions; false for the shared commands.
pub fn handle(app: &mut App, action: &Action) -> bool {
    if let &Action::Move(motion) = action {
        move_cursor(app, motion);
        return true;
    }
    let library = app.library;
    let Some(screen) = app.screens.last_mut() else {
        return false;
    };
    // What to do once the screen is no longer borrowed.
    let then = match (screen, action) {
        (Screen::Compare(s), Action::Open) => s.selected_key().map(ScreenStep::GoTo),
        (Screen::Compare(s), Action::ColumnLeft | Action::ColumnRight) => {
            s.move_column(*action == Action::ColumnRight);
            Some(ScreenStep::KeepInView)
        }
        (Screen::Compare(s), Action::ToggleYear(year)) => {
            s.toggle_year(library, *year);
            None
        }
        (Screen::Compare(s), Action::NextSameKind | Action::PreviousSameKind) => {
            let forward = *action == Action::NextSameKind;
            // Said as n and N say it, so a wrap is never silent.
            s.step_theme(library, forward)
                .then_some(ScreenStep::Notice(if forward {
                    "After the last theme, back to the first"
                } else {
                    "Before the first theme, on to the last"
                }))
        }
        (Screen::Overview(s), Action::ColumnLeft | Action::ColumnRight) => {
            s.turn_page();
            None
        }
        (Screen::Overview(s), Action::Open) => Some(match s.selected_theme() {
            Some(theme) => {
                ScreenStep::Push(Screen::Compare(CompareScreen::new(library, s.force, theme)))
            }
            None => ScreenStep::Notice("Enter compares a theme on the grades page (h)"),
        }),
        (Screen::Forces(s), Action::ColumnLeft | Action::ColumnRight) => {
            s.move_column(*action == Action::ColumnRight);
            None
        }
        (Screen::Forces(s), Action::PreviousYear | Action::NextYear) => {
            match s.step_year(library, *action == Action::NextYear) {
                Ok(()) => Some(ScreenStep::KeepInView),
                Err(why) => Some(ScreenStep::Say(why)),
            }
        }
        (Screen::Forces(s), Action::SortByColumn) => {
            s.sort_by_column(library);
            Some(ScreenStep::KeepInView)
        }
        (Screen::Forces(s), Action::FilterForces) => {
            s.start_filter();
            None
        }
        (Screen::Forces(s), Action::Type(typed)) => {
            s.type_text(library, typed);
            Some(ScreenStep::KeepInView)
        }
        (Screen::Forces(s), Action::DeleteChar) => {
            s.delete_char(library);
            Some(ScreenStep::KeepInView)
        }
        (Screen::Forces(s), Action::DeleteWord) => {
            s.delete_word(library);
            Some(ScreenStep::KeepInView)
        }
        (Screen::Forces(s), Action::ClearQuery) => {
            s.clear_text(library);
            Some(ScreenStep::KeepInView)
        }
        (Screen::Forces(s), Action::Accept) => {
            s.keep_filter();
            None
        }
        // Esc clears a filter before it leaves the grid.
        (Screen::Forces(s), Action::Back) if s.filtering || !s.filter().is_empty() => {
            s.clear_filter(library);
            Some(ScreenStep::KeepInView)
        }
        (Screen::Forces(s), Action::Open) => match (s.selected_theme(), s.selected_force()) {
            (None, Some(force)) => Some(ScreenStep::Push(Screen::Overview(OverviewScreen::new(
                library, force,
            )))),
            (Some(_), Some(_)) => Some(match s.selected_area(library) {
                Some(key) => ScreenStep::GoTo(key),
                None => ScreenStep::Notice("This force has no graded area on this theme this year"),
            }),
            (_, None) => None,
        },
        (Screen::Recurring(s), Action::Open) => s.selected_key(library).map(ScreenStep::GoTo),
        (Screen::Bookmarks(s), Action::Open) => Some(match app.bookmarks.get(s.nav.cursor) {
            Some(&key) => ScreenStep::GoTo(key),
            None => ScreenStep::Pop,
        }),
        (Screen::Bookmarks(s), Action::ToggleBookmark) => {
            s.memo.clear();
            app.bookmarks
                .get(s.nav.cursor)
                .copied()
                .map(ScreenStep::Unmark)
        }
        _ => return false,
    };
    match then {
        Some(ScreenStep::GoTo(key)) => app.go_to(key),
        Some(ScreenStep::Push(screen)) => push(app, screen),
        Some(ScreenStep::Pop) => {
            app.screens.pop();
        }
        Some(ScreenStep::Notice(text)) => app.notice = Some(text.into()),
        Some(ScreenStep::Say(text)) => app.notice = Some(text.into()),
        Some(ScreenStep::Unmark(key)) => {
            app.toggle_bookmark(key);
            keep_in_view(app);
        }
        Some(ScreenStep::KeepInView) => keep_in_view(app),
        None => {}
    }
    true
}

enum ScreenStep {
    GoTo(NodeKey),
    Push(Screen),
    Pop,
    Notice(&'static str),
    Say(String),
    Unmark(NodeKey),
    KeepInView,
}

/// The top screen's layout at the current size, with the viewport its list scrolls in.
fn laid(app: &App) -> Option<(std::rc::Rc<crate::tui::screens::ScreenLayout>, usize)> {
    let screen = app.screens.last()?;
    let body = body(app);
    let context = Context {
        library: app.library,
        theme: &app.theme,
        bookmarks: &app.bookmarks,
    };
    let laid = screen.laid(context, body.width);
    let height = laid.viewport(usize::from(body.height));
    Some((laid, height))
}

pub fn move_cursor(app: &mut App, motion: Motion) {
    let Some((laid, height)) = laid(app) else {
        return;
    };
    if let Some(screen) = app.screens.last_mut() {
        screen
            .nav_mut()
            .apply(motion, &laid.spans(), laid.lines.len(), height);
    }
}

/// After a change the cursor's entry is in view and the cursor on an entry.
pub fn keep_in_view(app: &mut App) {
    let Some((laid, height)) = laid(app) else {
        return;
    };
    if let Some(screen) = app.screens.last_mut() {
        let nav = screen.nav_mut();
        let spans = laid.spans();
        nav.cursor = nav.cursor.min(spans.len().saturating_sub(1));
        nav.keep_in_view(&spans, laid.lines.len(), height);
    }
}

/// The entry under a click `line` lines into the scrolling part, made the cursor.
pub fn click_line(app: &mut App, line: usize) -> bool {
    let Some((laid, _)) = laid(app) else {
        return false;
    };
    let spans = laid.spans();
    let Some(screen) = app.screens.last_mut() else {
        return false;
    };
    let nav = screen.nav_mut();
    match nav.entry_at(&spans, line) {
        Some(entry) => {
            nav.cursor = entry;
            true
        }
        None => false,
    }
}
