//! The explorer's pure update: navigation, focus and overlays, without a terminal.

mod common;

use common::{PLAIN, builtin};
use peel::model::{Library, Node};
use peel::tui::action::Action::{self, *};
use peel::tui::app::{App, Focus};
use peel::tui::update::{select, update};

fn run<'a>(library: &'a Library, width: u16, height: u16, actions: &[Action]) -> App<'a> {
    let mut app = App::new(library, PLAIN, width, height);
    for &action in actions {
        update(&mut app, action);
    }
    app
}

fn selected_id(app: &App) -> String {
    app.library.id(app.selected)
}

#[test]
fn opens_on_the_first_assessment_with_every_assessment_expanded() {
    let library = builtin();
    let app = run(&library, 80, 24, &[]);
    assert_eq!(selected_id(&app), "2017");
    let rows = app.rows();
    assert!(
        rows.iter()
            .any(|r| library.id(r.key) == "2024/managing-offenders")
    );
}

#[test]
fn down_and_up_walk_the_visible_rows() {
    let library = builtin();
    let app = run(&library, 80, 24, &[Down, Down, Up]);
    assert_eq!(selected_id(&app), "2017/preventing-crime");
}

#[test]
fn open_expands_then_steps_in_then_reads() {
    let library = builtin();
    let mut app = App::new(&library, PLAIN, 80, 24);
    select(&mut app, library.find("2024/managing-offenders").unwrap());
    update(&mut app, Open);
    assert!(app.expanded.contains(&app.selected), "first Open expands");
    update(&mut app, Open);
    assert_eq!(
        selected_id(&app),
        "2024/managing-offenders/cause-of-concern"
    );
    update(&mut app, Open);
    update(&mut app, Open);
    assert_eq!(
        selected_id(&app),
        "2024/managing-offenders/cause-of-concern/registered-sex-offenders"
    );
    update(&mut app, Open);
    assert_eq!(app.focus, Focus::Reader, "a finding opens in the reader");
    assert!(
        app.expanded.contains(&app.selected),
        "with its recommendations shown in the tree"
    );
    update(&mut app, Back);
    update(&mut app, Down);
    assert!(selected_id(&app).contains("/recommendation/"));
    update(&mut app, Open);
    assert_eq!(
        app.focus,
        Focus::Reader,
        "a recommendation opens in the reader"
    );
}

#[test]
fn close_collapses_then_goes_to_the_parent() {
    let library = builtin();
    let mut app = App::new(&library, PLAIN, 80, 24);
    select(
        &mut app,
        library
            .find("2024/investigating-crime/cause-of-concern/crime-allocation")
            .unwrap(),
    );
    update(&mut app, Close);
    assert_eq!(
        selected_id(&app),
        "2024/investigating-crime/cause-of-concern"
    );
    update(&mut app, Close);
    assert!(
        !app.expanded.contains(&app.selected),
        "an expanded section collapses first"
    );
    update(&mut app, Close);
    assert_eq!(selected_id(&app), "2024/investigating-crime");
}

#[test]
fn top_and_bottom_reach_the_ends() {
    let library = builtin();
    let app = run(&library, 80, 24, &[Bottom]);
    assert_eq!(selected_id(&app), "glossary");
    let app = run(&library, 80, 24, &[Bottom, Top]);
    assert_eq!(selected_id(&app), "2017");
}

#[test]
fn paging_keeps_the_selection_in_view() {
    let library = builtin();
    let mut app = App::new(&library, PLAIN, 80, 12);
    for _ in 0..3 {
        update(&mut app, PageDown);
    }
    let rows = app.rows();
    let index = app.selected_index(&rows);
    assert!(index >= app.tree_offset && index < app.tree_offset + app.tree_height());
}

#[test]
fn tab_switches_focus_and_esc_returns_to_the_tree() {
    let library = builtin();
    let app = run(&library, 120, 40, &[ToggleFocus]);
    assert_eq!(app.focus, Focus::Reader);
    let app = run(&library, 120, 40, &[ToggleFocus, Back]);
    assert_eq!(app.focus, Focus::Tree);
}

#[test]
fn the_reader_scrolls_within_its_text() {
    let library = builtin();
    let mut app = App::new(&library, PLAIN, 80, 24);
    select(
        &mut app,
        library
            .find("2024/managing-offenders/cause-of-concern/registered-sex-offenders")
            .unwrap(),
    );
    update(&mut app, Open);
    assert_eq!(app.focus, Focus::Reader);
    update(&mut app, Down);
    update(&mut app, Down);
    assert_eq!(app.reader_scroll, 2);
    update(&mut app, Bottom);
    let end = app.reader_scroll;
    assert!(end > 20, "a long finding scrolls a long way: {end}");
    update(&mut app, Down);
    assert_eq!(app.reader_scroll, end, "no scrolling past the end");
    update(&mut app, Top);
    assert_eq!(app.reader_scroll, 0);
}

#[test]
fn selecting_another_node_shows_it_from_the_top() {
    let library = builtin();
    let mut app = App::new(&library, PLAIN, 120, 40);
    select(
        &mut app,
        library.find("2024/summary/hm-inspectors-summary").unwrap(),
    );
    update(&mut app, ToggleFocus);
    update(&mut app, PageDown);
    assert!(app.reader_scroll > 0);
    update(&mut app, NextSameKind);
    assert_eq!(app.reader_scroll, 0);
}

#[test]
fn brackets_step_through_findings_of_the_same_kind() {
    let library = builtin();
    let mut app = App::new(&library, PLAIN, 80, 24);
    select(
        &mut app,
        library
            .find("2024/investigating-crime/cause-of-concern/crime-allocation")
            .unwrap(),
    );
    update(&mut app, NextSameKind);
    assert_eq!(
        selected_id(&app),
        "2024/investigating-crime/cause-of-concern/victims-code"
    );
    update(&mut app, NextSameKind);
    assert_eq!(
        selected_id(&app),
        "2024/managing-offenders/cause-of-concern/registered-sex-offenders"
    );
    assert!(matches!(library.node(app.selected), Node::Finding(_)));
    update(&mut app, PreviousSameKind);
    update(&mut app, PreviousSameKind);
    update(&mut app, PreviousSameKind);
    assert_eq!(
        selected_id(&app),
        "2024/responding-to-the-public/cause-of-concern/call-handling-2021-22",
        "wraps backwards through the report order"
    );
}

#[test]
fn help_swallows_navigation_and_closes_with_esc() {
    let library = builtin();
    let app = run(&library, 80, 24, &[ToggleHelp, Down, Down]);
    assert!(app.help_open);
    assert_eq!(
        selected_id(&app),
        "2017",
        "keys behind the overlay do nothing"
    );
    let app = run(&library, 80, 24, &[ToggleHelp, Back]);
    assert!(!app.help_open);
}

#[test]
fn quit_sets_the_flag() {
    let library = builtin();
    assert!(run(&library, 80, 24, &[Quit]).quit);
}

#[test]
fn resizing_narrow_keeps_the_selection_visible() {
    let library = builtin();
    let mut app = App::new(&library, PLAIN, 120, 40);
    update(&mut app, Bottom);
    update(
        &mut app,
        Resize {
            width: 60,
            height: 10,
        },
    );
    let rows = app.rows();
    let index = app.selected_index(&rows);
    assert!(index >= app.tree_offset && index < app.tree_offset + app.tree_height());
}

#[test]
fn m_toggles_a_bookmark_and_the_list_goes_to_it_or_removes_it() {
    let library = builtin();
    let mut app = App::new(&library, PLAIN, 80, 24);
    let jigsaw = library
        .find("2024/managing-offenders/main-finding/jigsaw-workloads")
        .unwrap();
    select(&mut app, jigsaw);
    update(&mut app, ToggleBookmark);
    assert_eq!(app.bookmarks, vec![jigsaw]);
    assert!(app.notice.as_deref().unwrap().starts_with("Bookmarked"));
    update(&mut app, Top);
    assert!(app.notice.is_none(), "a notice lasts until the next key");
    update(&mut app, ToggleBookmark);
    assert_eq!(app.bookmarks.len(), 2);

    update(&mut app, OpenBookmarks);
    update(&mut app, Open);
    assert!(app.screen.is_none());
    assert_eq!(app.selected, jigsaw, "Enter goes to the first bookmark");

    update(&mut app, OpenBookmarks);
    update(&mut app, ToggleBookmark);
    assert_eq!(
        app.bookmarks.len(),
        1,
        "m in the list removes the bookmark under the cursor"
    );
    assert_ne!(app.bookmarks[0], jigsaw);
    update(&mut app, ToggleBookmark);
    update(&mut app, Down);
    update(&mut app, Open);
    assert!(
        app.screen.is_none(),
        "Enter on an empty list just closes it"
    );
}

#[test]
fn restoring_a_place_skips_ids_the_content_no_longer_has() {
    let library = builtin();
    let mut app = App::new(&library, PLAIN, 80, 24);
    app.restore(&peel::state::Place {
        last: Some("2024/investigating-crime/cause-of-concern/crime-allocation".into()),
        bookmarks: vec![
            "glossary/thrive".into(),
            "2031/no-such-area".into(),
            "glossary/thrive".into(),
        ],
    });
    assert_eq!(
        selected_id(&app),
        "2024/investigating-crime/cause-of-concern/crime-allocation"
    );
    assert!(
        app.rows().iter().any(|row| row.key == app.selected),
        "visible in the tree"
    );
    let place = app.place();
    assert_eq!(place.bookmarks, vec!["glossary/thrive".to_owned()]);
    assert_eq!(place.last, Some(selected_id(&app)));
}

#[test]
fn y_hands_the_node_with_its_source_to_the_terminal_and_says_so() {
    let library = builtin();
    let mut app = App::new(&library, PLAIN, 80, 24);
    select(
        &mut app,
        library
            .find("2024/investigating-crime/cause-of-concern/crime-allocation")
            .unwrap(),
    );
    update(&mut app, Copy);
    let text = app.clipboard.take().expect("text for the clipboard");
    assert!(text.contains("The force's investigations aren't being allocated"));
    assert!(text.contains("Source: 001_6cebdb2138c1379e.txt, lines"));
    assert!(
        text.contains("introduce a risk assessment process"),
        "with its recommendations"
    );
    assert!(
        app.notice
            .as_deref()
            .unwrap()
            .starts_with("Copied with its citation")
    );
}

#[test]
fn y_refuses_a_node_too_long_for_osc_52_and_says_how_to_get_it() {
    let folder = common::copy_of("minimal");
    let area = folder.path().join("testshire/2024/investigating.yaml");
    let paragraph = "A long paragraph of findings. ".repeat(3_000);
    let text = std::fs::read_to_string(&area).unwrap().replace(
        "Only a quarter of files met the standard.",
        &format!("Only a quarter of files met the standard. {paragraph}"),
    );
    std::fs::write(&area, text).unwrap();
    let library = peel::content::load_dir(folder.path()).expect("still valid content");
    let mut app = App::new(&library, PLAIN, 80, 24);
    select(
        &mut app,
        library
            .find("2024/investigating/main-finding/case-files")
            .unwrap(),
    );
    update(&mut app, Copy);
    assert!(app.clipboard.is_none(), "nothing sent");
    let notice = app.notice.as_deref().unwrap();
    assert!(notice.starts_with("Not copied: 120 kB"), "{notice}");
    assert!(
        notice.contains("peel show 2024/investigating/main-finding/case-files"),
        "{notice}"
    );
}
