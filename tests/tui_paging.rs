//! Paging works as in `less` on every scrolling screen: every line that stepping with j
//! shows is drawn on some page of Space, and the last page is the bottom. Checked at the
//! four sizes, on the tree fully expanded, the reader, the results, every theme's
//! comparison, the overview's two pages, the recurring issues, the bookmarks and the help.

mod common;

use common::{PLAIN, SIZES, explorer, screen_text};
use peel::model::Library;
use peel::tui::action::Action;
use peel::tui::action::Motion;
use peel::tui::app::{App, Focus};
use peel::tui::screens::Screen;
use peel::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::layout::Rect;
use std::collections::BTreeSet;

/// No screen needs more presses than this to reach its end at these sizes.
const MOST_PRESSES: usize = 3000;

/// The lines of the scrolling pane, as drawn.
fn pane_lines(app: &App, pane: Rect) -> Vec<String> {
    let mut terminal =
        Terminal::new(TestBackend::new(app.width, app.height)).expect("test terminal");
    terminal
        .draw(|frame| peel::tui::views::draw(frame, app))
        .expect("draw");
    let text = screen_text(terminal.backend().buffer());
    text.lines()
        .skip(usize::from(pane.y))
        .take(usize::from(pane.height))
        .map(|line| {
            line.chars()
                .skip(usize::from(pane.x))
                .take(usize::from(pane.width))
                .collect()
        })
        .collect()
}

/// Where the pane that scrolls is, for the mode the explorer is in.
fn pane(app: &App) -> Rect {
    let panes = app.panes();
    let inner = |r: Rect| Rect::new(r.x + 1, r.y + 1, r.width - 2, r.height - 2);
    if app.help.is_some() {
        use peel::tui::help;
        let lines = help::lines(
            &app.theme,
            app.mode_under_help(),
            app.help.as_ref().and_then(|h| h.notice.as_deref()),
            help::text_width(app.width),
        );
        return inner(help::area(app.width, app.height, lines.len()));
    }
    if let Some(screen) = app.screens.last() {
        // The lines that scroll: below the screen's fixed header, above its footer (the
        // overview's footer tells of the selected theme, and changes with it).
        let body = inner(panes.body);
        let laid = screen.laid(
            peel::tui::screens::Context {
                library: app.library,
                theme: &app.theme,
                bookmarks: &app.bookmarks,
            },
            body.width,
        );
        let header = laid.header.len() as u16;
        let footer = laid.footer_height(usize::from(body.height)) as u16;
        let height = body.height.saturating_sub(header + footer);
        return Rect::new(body.x, body.y + header, body.width, height);
    }
    if app.prompt.is_some() {
        // Below the query and the count.
        let list = inner(panes.left.expect("results pane"));
        let header = peel::tui::results::HEADER as u16;
        return Rect::new(list.x, list.y + header, list.width, list.height - header);
    }
    match app.focus {
        Focus::Tree => inner(panes.left.expect("tree pane")),
        Focus::Reader => app.reader_area(),
    }
}

/// What a motion can change: the cursor and the first line in view.
fn position(app: &App) -> String {
    if let Some(help) = &app.help {
        return format!("help {}", help.top);
    }
    if let Some(screen) = app.screens.last() {
        let column = match screen {
            Screen::Compare(s) => s.column,
            _ => 0,
        };
        return format!("screen {:?} {column}", screen.nav());
    }
    if let Some(prompt) = &app.prompt {
        return format!("results {:?}", prompt.nav);
    }
    format!(
        "tree {} {} reader {:?} {:?}",
        app.tree.selected_index(),
        app.tree.top,
        app.reader,
        app.focus
    )
}

/// Every pane line drawn while pressing `key` from the top until nothing moves, and the
/// pane as the last press left it.
fn walk(app: &mut App, key: Action) -> (BTreeSet<String>, Vec<String>) {
    let _ = update(app, Action::Move(Motion::Top));
    let mut seen = BTreeSet::new();
    let mut last = pane_lines(app, pane(app));
    seen.extend(last.iter().cloned());
    let mut before = position(app);
    for _ in 0..MOST_PRESSES {
        let _ = update(app, key.clone());
        last = pane_lines(app, pane(app));
        seen.extend(last.iter().cloned());
        let now = position(app);
        if now == before {
            return (seen, last);
        }
        before = now;
    }
    panic!("{key:?} never reached the end");
}

/// A scene: the explorer at a size, with a number for scenes that come in several (a theme).
type Scene = fn(&Library, (u16, u16), usize) -> App<'_>;

/// Steps and pages a scene, then checks what paging shows against what stepping shows.
fn check(library: &Library, scene: Scene, size: (u16, u16), n: usize, what: &str) {
    let mut stepping = scene(library, size, n);
    let (stepped, _) = walk(&mut stepping, Action::Move(Motion::Down));
    for paging_key in [
        Action::Move(Motion::PageDown),
        Action::Move(Motion::HalfPageDown),
    ] {
        let mut paging = scene(library, size, n);
        let (paged, last_page) = walk(&mut paging, paging_key.clone());
        let missing: Vec<&String> = stepped.difference(&paged).collect();
        assert!(
            missing.is_empty(),
            "{what} at {}x{}: {paging_key:?} never draws {} line(s) that j shows, e.g. {:?}",
            size.0,
            size.1,
            missing.len(),
            missing.first()
        );
        let _ = update(&mut paging, Action::Move(Motion::Bottom));
        assert_eq!(
            pane_lines(&paging, pane(&paging)),
            last_page,
            "{what} at {}x{}: the last page of {paging_key:?} is not the bottom",
            size.0,
            size.1
        );
    }
}

fn at<'a>(library: &'a Library, size: (u16, u16), id: &str, actions: &[Action]) -> App<'a> {
    common::open_at(library, size, id, actions)
}

#[test]
fn paging_the_fully_expanded_tree_draws_every_row() {
    let library = explorer();
    let scene: Scene = |library, size, _| {
        let mut app = App::new(library, PLAIN, size.0, size.1);
        for key in library.preorder() {
            app.tree.expand(library, key);
        }
        app.settle();
        app
    };
    for size in SIZES {
        check(&library, scene, size, 0, "the expanded tree");
    }
}

#[test]
fn paging_the_reader_draws_every_line() {
    let library = explorer();
    let scene: Scene = |library, size, _| {
        let mut app = at(library, size, "2024/investigating-crime", &[]);
        app.focus = Focus::Reader;
        app
    };
    for size in SIZES {
        check(&library, scene, size, 0, "the reader");
    }
}

#[test]
fn paging_the_results_draws_every_result_with_its_header() {
    let library = explorer();
    let scene: Scene = |library, size, _| {
        at(
            library,
            size,
            "2017",
            &[
                Action::Search,
                Action::Type("crime".into()),
                Action::Results,
            ],
        )
    };
    for size in SIZES {
        check(&library, scene, size, 0, "the results");
    }
}

#[test]
fn paging_every_comparison_draws_every_line() {
    let library = explorer();
    let themes = library.forces()[0].themes.len();
    assert!(themes > 5, "the fixture has its themes");
    let scene: Scene = |library, size, theme| {
        let mut app = at(
            library,
            size,
            "2024/investigating-crime",
            &[Action::Compare],
        );
        if let Some(Screen::Compare(screen)) = app.screens.last_mut() {
            for _ in 0..theme {
                let _ = screen.step_theme(library, true);
            }
        }
        app
    };
    for size in SIZES {
        for theme in 0..themes {
            check(&library, scene, size, theme, &format!("comparison {theme}"));
        }
    }
}

#[test]
fn paging_the_overview_recurring_bookmarks_and_help_draws_every_line() {
    let library = explorer();
    let scenes: [(&str, Scene); 5] = [
        ("overview", |l, s, _| at(l, s, "2017", &[Action::Overview])),
        ("figures", |l, s, _| {
            at(l, s, "2017", &[Action::Overview, Action::ColumnRight])
        }),
        ("recurring", |l, s, _| {
            at(l, s, "2017", &[Action::Recurring])
        }),
        ("bookmarks", |l, s, _| {
            let mut app = App::new(l, PLAIN, s.0, s.1);
            for key in l.preorder().into_iter().skip(3).step_by(7).take(60) {
                app.select(key);
                let _ = update(&mut app, Action::ToggleBookmark);
            }
            let _ = update(&mut app, Action::Bookmarks);
            app
        }),
        ("help", |l, s, _| at(l, s, "2017", &[Action::Help])),
    ];
    for size in SIZES {
        for (name, scene) in scenes {
            check(&library, scene, size, 0, name);
        }
    }
}
