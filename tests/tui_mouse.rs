//! The mouse through the pure update: clicks and the wheel at the cells where the screen
//! shows things (found by drawing it), on the tree, the reader, the results, a screen's
//! entries and the comparison's year columns.

mod common;

use common::{PLAIN, explorer, open_at, render};
use peel::model::Library;
use peel::search::Searcher;
use peel::tui::action::Action::{self, *};
use peel::tui::app::{App, Focus};
use peel::tui::screens::Screen;
use peel::tui::update::update;

/// The cell where `text` is drawn (its first character), searching rows from `from_row`.
fn cell_of(app: &App, text: &str, from_row: usize) -> (u16, u16) {
    let screen = render(app);
    for (row, line) in screen.lines().enumerate().skip(from_row) {
        if let Some(at) = line.find(text) {
            let column = line[..at].chars().count();
            return (column as u16, row as u16);
        }
    }
    panic!("{text:?} is not on screen:\n{screen}");
}

fn click(app: &mut App, (column, row): (u16, u16), double: bool) {
    let _ = update(
        app,
        Click {
            column,
            row,
            double,
        },
    );
}

fn wheel(app: &mut App, (column, row): (u16, u16), down: bool) {
    let _ = update(app, Wheel { column, row, down });
}

fn with_searcher<'a>(library: &'a Library, width: u16, height: u16) -> App<'a> {
    let mut app = App::new(library, PLAIN, width, height);
    app.searcher = Some(Searcher::new(library).into());
    app
}

#[test]
fn a_click_selects_a_tree_row_and_a_double_click_opens_it() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 120, 30);
    let row = cell_of(&app, "Serious and organised crime", 0);
    click(&mut app, row, false);
    assert_eq!(
        app.library.id(app.selected()),
        "2017/serious-and-organised-crime"
    );
    assert_eq!(app.focus, Focus::Tree);
    assert!(
        !app.tree.expanded.contains(&app.selected()),
        "one click only selects"
    );
    click(&mut app, row, true);
    assert!(
        app.tree.expanded.contains(&app.selected()),
        "a double click opens"
    );
    // Below the last row of the tree there is nothing to select.
    let before = app.selected();
    click(&mut app, (5, 28), false);
    assert_eq!(app.selected(), before);
}

#[test]
fn a_click_on_the_reader_reads_and_one_on_the_tree_comes_back() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 120, 30);
    let reader = app.panes().right.expect("two panes at 120 columns");
    click(&mut app, (reader.x + 5, reader.y + 3), false);
    assert_eq!(app.focus, Focus::Reader);
    let row = cell_of(&app, "Specialist capabilities", 0);
    click(&mut app, row, false);
    assert_eq!(app.focus, Focus::Tree);
    assert_eq!(
        app.library.id(app.selected()),
        "2017/specialist-capabilities"
    );
}

#[test]
fn the_wheel_scrolls_the_pane_under_the_pointer_three_lines_a_turn() {
    let library = explorer();
    // A tree taller than its pane: the wheel moves the view, not the selection.
    let mut app = App::new(&library, PLAIN, 120, 14);
    let tree = app.panes().left.unwrap();
    let start = app.tree.selected_index();
    assert!(
        app.tree_spans().1 > app.tree_height() + 6,
        "a tree to scroll"
    );
    wheel(&mut app, (tree.x + 3, tree.y + 3), true);
    assert_eq!(app.tree.top, 3, "the view moved three rows");
    assert_eq!(
        app.tree.selected_index(),
        start + 3,
        "the selection, at the top, stays in view"
    );
    let selected = app.selected();
    wheel(&mut app, (tree.x + 3, tree.y + 3), false);
    assert_eq!(app.tree.top, 0);
    assert_eq!(
        app.selected(),
        selected,
        "in view all along, so left where it was"
    );
    // Far down and back: the selection is carried along at the edge, never out of view.
    for _ in 0..50 {
        wheel(&mut app, (tree.x + 3, tree.y + 3), true);
        let (spans, _) = app.tree_spans();
        let span = spans[app.tree.selected_index()];
        let line = spans[app.tree.top].first;
        assert!(span.first >= line && span.end() <= line + app.tree_height());
    }
    assert!(app.tree.top > 3, "the wheel reaches further down");

    let mut app = open_at(
        &library,
        (120, 30),
        "2024/investigating-crime/cause-of-concern/crime-allocation",
        &[],
    );
    let reader = app.panes().right.unwrap();
    let (selected, top) = (app.selected(), app.reader);
    wheel(&mut app, (reader.x + 3, reader.y + 3), true);
    assert!(app.reader > top, "the reader scrolled");
    assert_eq!(app.selected(), selected, "the tree did not move");
    let down = app.reader;
    wheel(&mut app, (reader.x + 3, reader.y + 3), false);
    assert!(app.reader < down);
}

#[test]
fn a_click_while_help_is_open_closes_it_and_does_nothing_else() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 120, 30);
    let before = app.selected();
    let _ = update(&mut app, Help);
    let tree = app.panes().left.unwrap();
    // The wheel scrolls the help, not the tree beneath it.
    wheel(&mut app, (tree.x + 3, tree.y + 3), true);
    assert!(app.help.is_some());
    assert_eq!(app.selected(), before);
    click(&mut app, (tree.x + 3, tree.y + 5), false);
    assert!(app.help.is_none());
    assert_eq!(
        app.selected(),
        before,
        "the click closed help, it did not select"
    );
}

#[test]
fn a_click_chooses_a_result_and_a_double_click_jumps_to_it() {
    let library = explorer();
    let mut app = with_searcher(&library, 120, 40);
    for action in [Search, Type("stop and search".into())] {
        let _ = update(&mut app, action);
    }
    let hits = app.prompt.as_ref().unwrap().hits.clone();
    assert!(hits.len() >= 3);
    let searcher = app.searcher.clone().unwrap();
    let second = searcher.node(&hits[1]).title.clone();
    let cell = cell_of(&app, &second[..20.min(second.len())], 2);
    click(&mut app, cell, false);
    assert_eq!(app.prompt.as_ref().unwrap().nav.cursor, 1);
    assert_eq!(
        app.selected(),
        searcher.node(&hits[1]).key,
        "the tree follows"
    );
    click(&mut app, cell, true);
    assert!(app.prompt.is_none(), "a double click jumps");
    assert_eq!(app.selected(), searcher.node(&hits[1]).key);
}

#[test]
fn a_click_on_a_screens_entry_selects_it_and_a_double_click_opens_it() {
    let library = explorer();
    let ids = ["2024/investigating-crime", "2017/investigating-crime"];
    let mut app = common::bookmarked(&library, (120, 30), &ids, "2017");
    let _ = update(&mut app, Bookmarks);
    let cell = cell_of(&app, "How effective is the force at investigating", 1);
    click(&mut app, cell, false);
    let Some(Screen::Bookmarks(screen)) = app.screens.last() else {
        panic!("the bookmarks are open");
    };
    assert_eq!(screen.nav.cursor, 1, "the second bookmark");
    click(&mut app, cell, true);
    assert!(app.screens.is_empty(), "opened");
    assert_eq!(app.library.id(app.selected()), "2017/investigating-crime");
}

fn compare_column(app: &App) -> usize {
    match app.screens.last() {
        Some(Screen::Compare(screen)) => screen.column,
        _ => panic!("the comparison is open"),
    }
}

#[test]
fn a_click_in_a_comparison_column_moves_to_that_year() {
    let library = explorer();
    // Three years side by side: a click in each column goes to its year.
    let mut app = open_at(&library, (200, 40), "2024/investigating-crime", &[Compare]);
    let body = app.panes().body;
    let third = body.width / 3;
    for (x, column) in [
        (body.x + 2 * third + 5, 2),
        (body.x + 5, 0),
        (body.x + third + 5, 1),
    ] {
        click(&mut app, (x, body.y + 6), false);
        assert_eq!(compare_column(&app), column, "click at {x}");
    }
    // Two at a time: the right one is the next year, and the view follows past the last.
    let mut app = open_at(&library, (90, 30), "2017/investigating-crime", &[Compare]);
    let body = app.panes().body;
    assert_eq!(compare_column(&app), 0);
    click(&mut app, (body.x + body.width - 10, body.y + 6), false);
    assert_eq!(compare_column(&app), 1);
    click(&mut app, (body.x + body.width - 10, body.y + 6), false);
    assert_eq!(
        compare_column(&app),
        1,
        "the right-hand column is still the second year"
    );
    let _ = update(&mut app, ColumnRight);
    assert_eq!(compare_column(&app), 2);
    click(&mut app, (body.x + 4, body.y + 6), false);
    assert_eq!(compare_column(&app), 1, "the left of the two shown");
}

#[test]
fn mouse_actions_are_what_update_dispatches_on() {
    // A click and a wheel turn go through `update` like any key, and clear a notice.
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 120, 30);
    app.notice = Some("old".into());
    let tree = app.panes().left.unwrap();
    click(&mut app, (tree.x + 3, tree.y + 2), false);
    assert!(app.notice.is_none());
    let action: Action = Wheel {
        column: tree.x + 3,
        row: tree.y + 2,
        down: true,
    };
    let mut tall = App::new(&library, PLAIN, 120, 14);
    let _ = update(&mut tall, action);
    assert_eq!(tall.tree.top, 3, "the wheel scrolled the tree");
}

#[test]
fn a_click_on_a_comparison_entry_counts_its_lines_below_the_header() {
    let library = explorer();
    let mut app = open_at(&library, (200, 50), "2024/investigating-crime", &[Compare]);
    let Some(Screen::Compare(screen)) = app.screens.last() else {
        panic!("the comparison is open");
    };
    let keys = screen.column_keys(screen.column);
    assert!(keys.len() >= 3, "entries to choose from");
    let (_, wanted) = keys[2];
    let title: String = library.node(wanted).title().chars().take(24).collect();
    // The screen's header (title, years, notes) sits above the entries.
    let cell = cell_of(&app, &title, 3);
    click(&mut app, cell, false);
    let Some(Screen::Compare(screen)) = app.screens.last() else {
        panic!("still open");
    };
    assert_eq!(screen.selected_key(), Some(wanted), "the entry clicked");
}

#[test]
fn a_click_on_the_last_cell_of_a_comparison_is_its_last_column() {
    let library = explorer();
    // Inside the border 199 cells: three columns of 66 and one cell over.
    let mut app = open_at(&library, (201, 40), "2024/investigating-crime", &[Compare]);
    let body = app.panes().body;
    click(&mut app, (body.x + body.width - 2, body.y + 6), false);
    assert_eq!(compare_column(&app), 2);
    // Too narrow for two years: a click anywhere stays on the year shown.
    let mut app = open_at(
        &library,
        (50, 30),
        "2017/investigating-crime",
        &[Compare, ColumnRight],
    );
    let body = app.panes().body;
    assert_eq!(compare_column(&app), 1);
    click(&mut app, (body.x + body.width - 3, body.y + 6), false);
    assert_eq!(compare_column(&app), 1);
    click(&mut app, (body.x + 2, body.y + 6), false);
    assert_eq!(compare_column(&app), 1);
}
