//! The explorer's pure update: navigation, focus, levels, bookmarks and copying, without a
//! terminal.

mod common;

use common::{PLAIN, explorer, open_at};
use peel::model::{Library, Node};
use peel::tui::action::Action::{self, *};
use peel::tui::action::Motion;
use peel::tui::app::{App, Ending, Focus};
use peel::tui::update::update;

fn run<'a>(library: &'a Library, width: u16, height: u16, actions: &[Action]) -> App<'a> {
    let mut app = App::new(library, PLAIN, width, height);
    for action in actions {
        let _ = update(&mut app, action.clone());
    }
    app
}

fn selected_id(app: &App) -> String {
    app.library.id(app.selected())
}

#[test]
fn opens_on_the_first_assessment_with_every_assessment_expanded() {
    let library = explorer();
    let app = run(&library, 80, 24, &[]);
    assert_eq!(selected_id(&app), "2017");
    assert!(
        app.tree
            .rows()
            .iter()
            .any(|r| library.id(r.key) == "2024/managing-offenders")
    );
}

#[test]
fn down_and_up_walk_the_visible_rows() {
    let library = explorer();
    let app = run(
        &library,
        80,
        24,
        &[Move(Motion::Down), Move(Motion::Down), Move(Motion::Up)],
    );
    assert_eq!(selected_id(&app), "2017/preventing-crime");
}

#[test]
fn open_expands_then_steps_in_then_reads() {
    let library = explorer();
    let mut app = open_at(&library, (80, 24), "2024/managing-offenders", &[]);
    let _ = update(&mut app, Open);
    assert!(
        app.tree.expanded.contains(&app.selected()),
        "first Open expands"
    );
    let _ = update(&mut app, Open);
    assert_eq!(
        selected_id(&app),
        "2024/managing-offenders/cause-of-concern"
    );
    let _ = update(&mut app, Open);
    let _ = update(&mut app, Open);
    assert_eq!(
        selected_id(&app),
        "2024/managing-offenders/cause-of-concern/registered-sex-offenders"
    );
    let _ = update(&mut app, Open);
    assert_eq!(app.focus, Focus::Reader, "a finding opens in the reader");
    assert!(
        app.tree.expanded.contains(&app.selected()),
        "with its recommendations shown in the tree"
    );
    let _ = update(&mut app, Back);
    let _ = update(&mut app, Move(Motion::Down));
    assert!(selected_id(&app).contains("/recommendation/"));
    let _ = update(&mut app, Open);
    assert_eq!(
        app.focus,
        Focus::Reader,
        "a recommendation opens in the reader"
    );
}

#[test]
fn close_collapses_then_goes_to_the_parent() {
    let library = explorer();
    let mut app = open_at(
        &library,
        (80, 24),
        "2024/investigating-crime/cause-of-concern/crime-allocation",
        &[],
    );
    let _ = update(&mut app, Close);
    assert_eq!(
        selected_id(&app),
        "2024/investigating-crime/cause-of-concern"
    );
    let _ = update(&mut app, Close);
    assert!(
        !app.tree.expanded.contains(&app.selected()),
        "an expanded section collapses first"
    );
    let _ = update(&mut app, Close);
    assert_eq!(selected_id(&app), "2024/investigating-crime");
}

#[test]
fn top_and_bottom_reach_the_ends() {
    let library = explorer();
    let app = run(&library, 80, 24, &[Move(Motion::Bottom)]);
    assert_eq!(selected_id(&app), "glossary");
    let app = run(&library, 80, 24, &[Move(Motion::Bottom), Move(Motion::Top)]);
    assert_eq!(selected_id(&app), "2017");
}

#[test]
fn a_page_moves_a_page_and_keeps_the_selection_in_view() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 80, 12);
    let height = app.tree_height();
    assert_eq!(
        height, 9,
        "twelve lines less the status bar and two borders"
    );
    let before = app.tree.selected_index();
    let _ = update(&mut app, Move(Motion::PageDown));
    let after = app.tree.selected_index();
    // A page keeps one row of the last page in view, as less does.
    assert_eq!(
        after,
        before + height - 1,
        "PageDown moved the selection a page"
    );
    let _ = update(&mut app, Move(Motion::HalfPageDown));
    assert_eq!(app.tree.selected_index(), after + height / 2);
    assert!(app.tree.top <= app.tree.selected_index());
    assert!(app.tree.top > 0, "the view followed the selection");
    let _ = update(&mut app, Move(Motion::PageUp));
    let _ = update(&mut app, Move(Motion::HalfPageUp));
    assert_eq!(app.tree.selected_index(), before);
    assert_eq!(app.tree.top, 0);
}

#[test]
fn tab_switches_focus_and_esc_returns_to_the_tree() {
    let library = explorer();
    let app = run(&library, 120, 40, &[ToggleFocus]);
    assert_eq!(app.focus, Focus::Reader);
    let app = run(&library, 120, 40, &[ToggleFocus, Back]);
    assert_eq!(app.focus, Focus::Tree);
}

#[test]
fn q_goes_back_one_level_and_quits_only_from_the_tree() {
    let library = explorer();
    let mut app = open_at(
        &library,
        (80, 24),
        "2024/managing-offenders/cause-of-concern/registered-sex-offenders",
        &[Open, Overview, Help],
    );
    let ending = update(&mut app, BackOrQuit).end;
    assert!(app.help.is_none() && ending.is_none(), "q closes help");
    let ending = update(&mut app, BackOrQuit).end;
    assert!(
        app.screens.is_empty() && ending.is_none(),
        "q closes the screen"
    );
    assert_eq!(app.focus, Focus::Reader);
    let ending = update(&mut app, BackOrQuit).end;
    assert_eq!(app.focus, Focus::Tree, "q leaves the reader");
    assert!(ending.is_none());
    let ending = update(&mut app, Back).end;
    assert!(ending.is_none(), "Esc never quits");
    assert!(app.notice.as_deref().unwrap().contains("q quits"));
    let ending = update(&mut app, BackOrQuit).end;
    assert_eq!(ending, Some(Ending::Quit));
    let mut app = run(&library, 80, 24, &[Overview]);
    assert_eq!(
        update(&mut app, Quit).end,
        Some(Ending::Interrupted),
        "Ctrl-c quits from anywhere"
    );
}

#[test]
fn the_reader_scrolls_within_its_text() {
    let library = explorer();
    let mut app = open_at(
        &library,
        (80, 24),
        "2024/managing-offenders/cause-of-concern/registered-sex-offenders",
        &[Open],
    );
    assert_eq!(app.focus, Focus::Reader);
    let top = app.reader;
    let _ = update(&mut app, Move(Motion::Down));
    let _ = update(&mut app, Move(Motion::Down));
    let two = app.reader;
    assert!(two > top);
    let _ = update(&mut app, Move(Motion::Up));
    let _ = update(&mut app, Move(Motion::Up));
    assert_eq!(app.reader, top);
    let _ = update(&mut app, Move(Motion::Bottom));
    let end = app.reader;
    assert!(end.chunk > 10, "a long finding scrolls a long way: {end:?}");
    let _ = update(&mut app, Move(Motion::Down));
    let _ = update(&mut app, Move(Motion::PageDown));
    assert_eq!(app.reader, end, "no scrolling past the end");
    let _ = update(&mut app, Move(Motion::PageUp));
    assert!(app.reader < end);
    let _ = update(&mut app, Move(Motion::Top));
    assert_eq!(app.reader, top);
}

#[test]
fn selecting_another_node_shows_it_from_the_top() {
    let library = explorer();
    let mut app = open_at(
        &library,
        (120, 40),
        "2024/summary/hm-inspectors-summary",
        &[],
    );
    let _ = update(&mut app, ToggleFocus);
    let _ = update(&mut app, Move(Motion::PageDown));
    assert!(app.reader.chunk > 0);
    let _ = update(&mut app, NextSameKind);
    assert_eq!(app.reader, Default::default());
}

#[test]
fn brackets_step_through_findings_of_the_same_kind() {
    let library = explorer();
    let mut app = open_at(
        &library,
        (80, 24),
        "2024/investigating-crime/cause-of-concern/crime-allocation",
        &[],
    );
    let _ = update(&mut app, NextSameKind);
    assert_eq!(
        selected_id(&app),
        "2024/investigating-crime/cause-of-concern/victims-code"
    );
    let _ = update(&mut app, NextSameKind);
    assert_eq!(
        selected_id(&app),
        "2024/managing-offenders/cause-of-concern/registered-sex-offenders"
    );
    assert!(matches!(library.node(app.selected()), Node::Finding(_)));
    for _ in 0..3 {
        let _ = update(&mut app, PreviousSameKind);
    }
    assert_eq!(
        selected_id(&app),
        "2024/responding-to-the-public/cause-of-concern/call-handling-2021-22",
        "wraps backwards through the report order"
    );
}

#[test]
fn a_bracket_back_from_the_very_first_node_wraps_to_the_last_of_its_kind() {
    let library = explorer();
    let app = run(&library, 80, 24, &[PreviousSameKind]);
    assert_eq!(
        selected_id(&app),
        "2025",
        "from the first assessment, [ wraps to the last one"
    );
    let app = run(&library, 80, 24, &[PreviousSameKind, NextSameKind]);
    assert_eq!(selected_id(&app), "2017", "and ] wraps forward again");
}

#[test]
fn help_scrolls_and_closes_with_esc_and_keys_behind_it_do_nothing() {
    let library = explorer();
    let app = run(
        &library,
        80,
        12,
        &[Help, Move(Motion::Down), Move(Motion::Down)],
    );
    assert_eq!(app.help.as_ref().unwrap().top, 2, "help scrolls");
    assert_eq!(selected_id(&app), "2017", "the tree did not move");
    let app = run(
        &library,
        80,
        12,
        &[Help, Move(Motion::Bottom), Move(Motion::Top)],
    );
    assert_eq!(app.help.unwrap().top, 0);
    let app = run(&library, 80, 24, &[Help, Back]);
    assert!(app.help.is_none());
}

#[test]
fn resizing_narrow_keeps_the_selection_visible() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 120, 40);
    let _ = update(&mut app, Move(Motion::Bottom));
    let _ = update(
        &mut app,
        Resize {
            width: 60,
            height: 10,
        },
    );
    let (spans, _) = app.tree_spans();
    let selected = spans[app.tree.selected_index()];
    let top = spans[app.tree.top].first;
    assert!(selected.first >= top && selected.end() <= top + app.tree_height());
}

#[test]
fn m_toggles_a_bookmark_and_the_list_goes_to_it_or_removes_it() {
    let library = explorer();
    let jigsaw = library
        .find("2024/managing-offenders/main-finding/jigsaw-workloads")
        .unwrap();
    let mut app = open_at(
        &library,
        (80, 24),
        "2024/managing-offenders/main-finding/jigsaw-workloads",
        &[ToggleBookmark],
    );
    assert_eq!(app.bookmarks, vec![jigsaw]);
    assert!(app.notice.as_deref().unwrap().starts_with("Bookmarked"));
    let _ = update(&mut app, Move(Motion::Top));
    assert!(app.notice.is_none(), "a notice lasts until the next key");
    let _ = update(&mut app, ToggleBookmark);
    assert_eq!(app.bookmarks.len(), 2);

    let _ = update(&mut app, Bookmarks);
    let _ = update(&mut app, Open);
    assert!(app.screens.is_empty());
    assert_eq!(app.selected(), jigsaw, "Enter goes to the first bookmark");

    let _ = update(&mut app, Bookmarks);
    let _ = update(&mut app, ToggleBookmark);
    assert_eq!(
        app.bookmarks.len(),
        1,
        "m in the list removes the one under the cursor"
    );
    assert_ne!(app.bookmarks[0], jigsaw);
    let _ = update(&mut app, ToggleBookmark);
    let _ = update(&mut app, Move(Motion::Down));
    let _ = update(&mut app, Open);
    assert!(
        app.screens.is_empty(),
        "Enter on an empty list just closes it"
    );
}

#[test]
fn restoring_a_place_skips_ids_the_content_no_longer_has() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 80, 24);
    app.restore(&peel::state::Place {
        last: Some("2024/investigating-crime/cause-of-concern/crime-allocation".into()),
        bookmarks: vec![
            "glossary/thrive".into(),
            "2031/no-such-area".into(),
            "glossary/thrive".into(),
        ],
        history: vec!["jigsaw".into()],
        ..Default::default()
    });
    assert_eq!(
        selected_id(&app),
        "2024/investigating-crime/cause-of-concern/crime-allocation"
    );
    assert!(app.tree.rows().iter().any(|row| row.key == app.selected()));
    let place = app.place();
    assert_eq!(place.bookmarks, vec!["glossary/thrive".to_owned()]);
    assert_eq!(place.last, Some(selected_id(&app)));
    assert_eq!(place.history, ["jigsaw"]);
}

#[test]
fn y_copies_exactly_what_the_reader_shows() {
    let library = explorer();
    let finding = "2024/investigating-crime/cause-of-concern/crime-allocation";
    let recommendation = library.id(library.children(library.find(finding).unwrap())[0]);
    let table = "2024/investigating-crime/area-for-improvement/outcomes-for-victims".to_owned();
    for id in [
        finding,
        &recommendation,
        &table,
        "2017/preventing-crime",
        "glossary/thrive",
        "2025",
    ] {
        for width in [60, 80, 120, 200] {
            let mut app = open_at(&library, (width, 60), id, &[]);
            let copied = update(&mut app, Copy).copy.expect("text for the clipboard");
            let shown = common::reader_text(&app);
            let (mut on_screen, mut on_clipboard) = (common::words(&shown), common::words(&copied));
            // A table's cells wrap within their columns, so its words interleave on
            // screen; everything else must read in the same order.
            if id == table {
                on_screen.sort();
                on_clipboard.sort();
            }
            assert_eq!(
                on_screen, on_clipboard,
                "{id} at {width}: the reader shows\n{shown}\nbut y copies\n{copied}"
            );
        }
    }
}

#[test]
fn y_copies_the_node_with_its_source_and_says_so() {
    let library = explorer();
    let mut app = open_at(
        &library,
        (80, 24),
        "2024/investigating-crime/cause-of-concern/crime-allocation",
        &[],
    );
    let text = update(&mut app, Copy).copy.expect("text for the clipboard");
    assert!(text.contains("The force's investigations aren't being allocated"));
    assert!(text.contains("Source: report-2024.txt, lines"));
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
    let mut app = open_at(
        &library,
        (80, 24),
        "2024/investigating/main-finding/case-files",
        &[],
    );
    assert!(update(&mut app, Copy).copy.is_none(), "nothing sent");
    let notice = app.notice.as_deref().unwrap();
    assert!(notice.starts_with("Not copied: 120 kB"), "{notice}");
    assert!(
        notice.contains("peel show 2024/investigating/main-finding/case-files"),
        "{notice}"
    );
}

#[test]
fn a_search_typed_while_the_index_builds_waits_for_it_without_freezing() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 80, 24);
    // As the explorer starts: the index is on its way from another thread.
    app.indexing = true;
    let _ = update(&mut app, Search);
    // Two keystrokes, the second one a narrowing of the first.
    let _ = update(&mut app, Type("case".into()));
    let _ = update(&mut app, Type(" files".into()));
    assert!(
        app.searcher.is_none(),
        "the keystroke built the index itself"
    );
    assert!(
        common::render(&app).contains("indexing"),
        "{}",
        common::render(&app)
    );
    let searcher = peel::search::Searcher::new(&library);
    let expected = searcher
        .search(&peel::search::Query::parse("case files"))
        .len();
    assert!(expected > 1);
    peel::tui::update::index_ready(&mut app, searcher);
    let prompt = app.prompt.as_ref().expect("the prompt stays open");
    assert_eq!(
        prompt.hits.len(),
        expected,
        "what was typed is searched once the index is ready"
    );
    let count = format!("1 of {expected}");
    assert!(
        common::render(&app).contains(&count),
        "{}",
        common::render(&app)
    );
}

#[test]
fn enter_pressed_while_the_index_builds_jumps_once_it_is_ready() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 80, 24);
    app.indexing = true;
    for action in [
        Search,
        Type("workloads".into()),
        Type(" manageable".into()),
        Accept,
    ] {
        let _ = update(&mut app, action);
    }
    assert!(app.prompt.is_some(), "nothing to jump to yet");
    peel::tui::update::index_ready(&mut app, peel::search::Searcher::new(&library));
    assert!(app.prompt.is_none(), "{}", common::render(&app));
    assert_eq!(
        selected_id(&app),
        "2024/managing-offenders/main-finding/jigsaw-workloads"
    );
}

#[test]
fn the_search_history_is_most_recent_first_once_each_bounded_and_recalled() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 80, 24);
    let older: Vec<String> = (0..50).map(|i| format!("query {i}")).collect();
    app.restore(&peel::state::Place {
        history: older.clone(),
        ..Default::default()
    });
    for query in ["thrive", "jigsaw", "thrive"] {
        for action in [Search, Type(query.into()), Accept] {
            let _ = update(&mut app, action);
        }
    }
    let history = app.place().history;
    assert_eq!(history.len(), 50, "bounded");
    assert_eq!(
        &history[..3],
        ["thrive", "jigsaw", "query 0"],
        "most recent first, once"
    );
    assert!(
        !history.contains(&"query 48".to_owned()),
        "the oldest fall off"
    );
    // Ctrl-p recalls older queries into the prompt, Ctrl-n comes back.
    let _ = update(&mut app, Search);
    let _ = update(&mut app, HistoryBack);
    let _ = update(&mut app, HistoryBack);
    assert_eq!(app.prompt.as_ref().unwrap().input, "jigsaw");
    let _ = update(&mut app, HistoryForward);
    assert_eq!(app.prompt.as_ref().unwrap().input, "thrive");
}

#[test]
fn in_the_reader_open_does_nothing_to_the_tree_and_close_returns_to_it() {
    let library = explorer();
    let id = "2024/managing-offenders/cause-of-concern/registered-sex-offenders";
    let mut app = open_at(&library, (100, 30), id, &[Open]);
    assert_eq!(app.focus, Focus::Reader);
    let expanded = app.tree.expanded.clone();
    let _ = update(&mut app, Open);
    assert_eq!(
        (selected_id(&app), &app.tree.expanded, app.focus),
        (id.to_owned(), &expanded, Focus::Reader),
        "Enter in the reader leaves the tree alone"
    );
    let _ = update(&mut app, Close);
    assert_eq!(app.focus, Focus::Tree, "h goes back to the tree");
    assert_eq!(selected_id(&app), id, "without moving in it");
    assert_eq!(app.tree.expanded, expanded, "or folding anything");
}

#[test]
fn the_next_finding_of_a_kind_is_after_this_one_not_before() {
    let library = explorer();
    // A finding with findings of its own kind just before and just after it.
    let all = library.preorder();
    let kind = |at: usize| library.node(all[at]).kind_key();
    let middle = (1..all.len() - 1)
        .find(|&at| {
            matches!(library.node(all[at]), Node::Finding(_))
                && kind(at - 1) == kind(at)
                && kind(at + 1) == kind(at)
        })
        .expect("three findings of one kind in a row");
    let mut app = open_at(&library, (80, 24), &library.id(all[middle]), &[]);
    let _ = update(&mut app, NextSameKind);
    assert_eq!(app.selected(), all[middle + 1]);
    let _ = update(&mut app, PreviousSameKind);
    let _ = update(&mut app, PreviousSameKind);
    assert_eq!(app.selected(), all[middle - 1]);
}

#[test]
fn moving_up_inside_the_view_does_not_scroll_it() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 80, 12);
    for action in [
        Open,
        Move(Motion::PageDown),
        Move(Motion::PageDown),
        Move(Motion::Down),
        Move(Motion::Down),
        Move(Motion::Down),
        Move(Motion::Down),
        Move(Motion::Down),
    ] {
        let _ = update(&mut app, action);
    }
    let (top, selected) = (app.tree.top, app.tree.selected_index());
    assert!(top > 0 && selected > top + 4, "{top} {selected}");
    let _ = update(&mut app, Move(Motion::Up));
    let _ = update(&mut app, Move(Motion::Up));
    assert_eq!(app.tree.selected_index(), selected - 2);
    assert_eq!(app.tree.top, top, "the selection moved up inside the view");
    // A half page scrolls the view, as less's u does, and the selection goes with it.
    let _ = update(&mut app, Move(Motion::HalfPageUp));
    assert!(app.tree.top < top && app.tree.selected_index() < selected - 2);
}

#[test]
fn a_resize_is_the_new_size() {
    let library = explorer();
    let app = run(
        &library,
        120,
        40,
        &[Resize {
            width: 61,
            height: 17,
        }],
    );
    assert_eq!((app.width, app.height), (61, 17));
}

#[test]
fn ctrl_l_asks_for_a_repaint_and_ctrl_z_to_suspend() {
    let library = explorer();
    let mut app = run(&library, 80, 24, &[]);
    let effects = update(&mut app, Move(Motion::Down));
    assert!(!effects.repaint && !effects.suspend);
    let effects = update(&mut app, Redraw);
    assert!(effects.repaint && !effects.suspend);
    let effects = update(&mut app, Suspend);
    assert!(effects.suspend && !effects.repaint);
}

#[test]
fn the_results_key_reopens_the_last_search_with_its_list() {
    let library = explorer();
    let mut app = run(&library, 100, 30, &[]);
    app.searcher = Some(peel::search::Searcher::new(&library).into());
    for action in [Search, Type("jigsaw".into()), Accept] {
        let _ = update(&mut app, action);
    }
    assert!(app.prompt.is_none());
    let jumped = app.selected();
    let _ = update(&mut app, Action::Results);
    let prompt = app.prompt.as_ref().expect("the search is open again");
    assert_eq!(prompt.input, "jigsaw");
    assert!(prompt.list && !prompt.hits.is_empty());
    assert_eq!(app.selected(), jumped);
}

fn searching(library: &Library, width: u16, height: u16) -> App<'_> {
    let mut app = App::new(library, PLAIN, width, height);
    app.searcher = Some(peel::search::Searcher::new(library).into());
    app
}

#[test]
fn in_the_reader_enter_does_not_open_the_tree_node() {
    let library = explorer();
    let mut app = open_at(
        &library,
        (120, 30),
        "2024/investigating-crime",
        &[ToggleFocus],
    );
    assert_eq!(app.focus, Focus::Reader);
    let expanded = app.tree.expanded.clone();
    let _ = update(&mut app, Open);
    assert_eq!(
        app.tree.expanded, expanded,
        "the area stays as it was in the tree"
    );
    assert_eq!(selected_id(&app), "2024/investigating-crime");
}

#[test]
fn the_results_list_jumps_edits_and_goes_back() {
    let library = explorer();
    let start = |app: &mut App| {
        for action in [Search, Type("stop and search".into()), Action::Results] {
            let _ = update(app, action);
        }
        assert!(app.prompt.as_ref().unwrap().list);
    };
    let mut app = searching(&library, 100, 30);
    start(&mut app);
    let _ = update(&mut app, Accept);
    assert!(app.prompt.is_none() && app.found.is_some(), "Enter jumps");

    let mut app = searching(&library, 100, 30);
    start(&mut app);
    let _ = update(&mut app, Search);
    let prompt = app.prompt.as_ref().unwrap();
    assert!(
        !prompt.list && !prompt.replace,
        "/ edits the query again, keeping it"
    );
    let _ = update(&mut app, Type("x".into()));
    assert_eq!(app.prompt.as_ref().unwrap().input, "stop and searchx");

    for back in [Back, BackOrQuit] {
        let mut app = searching(&library, 100, 30);
        let before = app.selected();
        start(&mut app);
        let _ = update(&mut app, Move(Motion::Down));
        let ending = update(&mut app, back.clone()).end;
        assert!(app.prompt.is_none(), "{back:?} closes the list");
        assert_eq!(app.selected(), before, "{back:?}: the tree as it was");
        assert!(ending.is_none());
    }
}

#[test]
fn n_in_a_list_with_no_results_does_nothing() {
    let library = explorer();
    let mut app = searching(&library, 100, 30);
    for action in [
        Search,
        Type("zzqqxxvvjj".into()),
        Action::Results,
        NextResult,
        PreviousResult,
    ] {
        let _ = update(&mut app, action);
    }
    let prompt = app.prompt.as_ref().unwrap();
    assert!(prompt.hits.is_empty());
    assert_eq!(prompt.nav.cursor, 0);
}

#[test]
fn a_query_of_the_most_characters_is_kept_and_one_more_is_cut() {
    let library = explorer();
    let most = peel::tui::prompt::MAX_QUERY_CHARS;
    let mut app = searching(&library, 100, 30);
    let _ = update(&mut app, Search);
    let _ = update(&mut app, Type("a".repeat(most)));
    let prompt = app.prompt.as_ref().unwrap();
    assert!(!prompt.cut);
    assert_eq!(prompt.input.chars().count(), most);
    let _ = update(&mut app, Type("b".into()));
    let prompt = app.prompt.as_ref().unwrap();
    assert!(prompt.cut, "said to be cut");
    assert_eq!(prompt.input.chars().count(), most);
    let _ = update(&mut app, DeleteChar);
    assert!(!app.prompt.as_ref().unwrap().cut);
}

#[test]
fn the_history_steps_back_and_forward_one_search_at_a_time() {
    let library = explorer();
    let mut app = searching(&library, 100, 30);
    app.history = vec!["third".into(), "second".into(), "first".into()];
    let _ = update(&mut app, Search);
    let input = |app: &App| app.prompt.as_ref().unwrap().input.clone();
    for expected in ["third", "second", "first", "first"] {
        let _ = update(&mut app, HistoryBack);
        assert_eq!(input(&app), expected);
    }
    let _ = update(&mut app, HistoryForward);
    assert_eq!(input(&app), "second");
    assert_eq!(app.notice.as_deref(), Some("Search 2 of 3 in the history"));
    let _ = update(&mut app, HistoryForward);
    let _ = update(&mut app, HistoryForward);
    assert_eq!(input(&app), "", "past the newest: an empty query");
}

#[test]
fn the_tree_and_reader_follow_the_result_the_list_is_on() {
    let library = explorer();
    let mut app = searching(&library, 120, 40);
    for action in [Search, Type("stop and search".into()), Action::Results] {
        let _ = update(&mut app, action);
    }
    let hits = app.prompt.as_ref().unwrap().hits.clone();
    let searcher = app.searcher.clone().unwrap();
    assert_eq!(app.selected(), searcher.node(&hits[0]).key);
    let _ = update(&mut app, Move(Motion::Down));
    assert_eq!(app.selected(), searcher.node(&hits[1]).key);
    let _ = update(&mut app, NextResult);
    assert_eq!(app.prompt.as_ref().unwrap().nav.cursor, 2);
    assert_eq!(app.selected(), searcher.node(&hits[2]).key);
    let highlight = app.highlight.as_ref().expect("the passage is marked");
    assert_eq!(highlight.node, searcher.node(&hits[2]).key);
}

#[test]
fn stepping_through_a_long_list_keeps_the_selected_result_in_view() {
    let library = explorer();
    let mut app = searching(&library, 80, 14);
    for action in [Search, Type("force".into()), Action::Results] {
        let _ = update(&mut app, action);
    }
    let count = app.prompt.as_ref().unwrap().hits.len();
    assert!(count > 20);
    for _ in 0..15 {
        let _ = update(&mut app, NextResult);
    }
    let prompt = app.prompt.as_ref().unwrap();
    assert_eq!(prompt.nav.cursor, 15);
    assert!(
        prompt.nav.top > 0,
        "the list scrolled to keep result 16 in view"
    );
    let screen = common::render(&app);
    let searcher = app.searcher.clone().unwrap();
    let title = &searcher.node(&prompt.hits[15]).title;
    let start: String = title.chars().take(12).collect();
    assert!(
        screen.contains(&start),
        "{start:?} not on screen:\n{screen}"
    );
}

#[test]
fn a_jump_shows_the_passage_with_a_line_before_it() {
    let library = explorer();
    // Passages deep in long findings, with text enough after them that a line before and
    // a line after are different places to show: the fixture's Jigsaw finding is written
    // with long paragraphs either side of the one saying its workloads are manageable; the
    // others are short, so the title and passage fit.
    let mut tried = 0;
    for text in [
        "workloads manageable",
        "vetting backlog",
        "outstanding suspects",
        "digital forensics",
    ] {
        let mut app = searching(&library, 120, 40);
        for action in [Search, Type(text.into()), Accept] {
            let _ = update(&mut app, action);
        }
        let Some(highlight) = app.highlight.clone() else {
            continue;
        };
        let (start, before, after) = app.with_reader(|view| {
            let chunk = view.flow.chunk_of(highlight.anchor);
            let start = peel::tui::reader::ReaderPos { chunk, offset: 0 };
            (
                start,
                view.clamp(view.step(start, -1)),
                view.clamp(view.step(start, 1)),
            )
        });
        if start.chunk == 0 || before == after {
            continue;
        }
        // Where the title and the passage fit together the reader starts at the top.
        let fits = app.with_reader(|view| {
            let end = view.flow.chunks_of(highlight.anchor).end;
            (0..end)
                .map(|c| view.flow.rows(c, view.width).len())
                .sum::<usize>()
                <= view.height
        });
        if fits {
            assert_eq!(app.reader, Default::default(), "{text}: title and passage");
            continue;
        }
        tried += 1;
        assert_eq!(app.reader, before, "{text}: one line before the passage");
        assert!(app.reader < start, "{text}");
    }
    assert!(tried > 0, "no query landed deep enough in a long finding");
}

/// The text of the cells drawn in the search-match style, row by row, split into words.
fn lit_words(app: &App) -> Vec<String> {
    use ratatui::style::Modifier;
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.width, app.height))
            .expect("test terminal");
    terminal
        .draw(|frame| peel::tui::views::draw(frame, app))
        .expect("draw");
    let buffer = terminal.backend().buffer();
    let lit = Modifier::REVERSED | Modifier::UNDERLINED;
    let mut text = String::new();
    for y in 0..buffer.area.height {
        for x in 0..buffer.area.width {
            let cell = &buffer[(x, y)];
            text.push_str(if cell.modifier.contains(lit) {
                cell.symbol()
            } else {
                " "
            });
        }
        text.push('\n');
    }
    text.split_whitespace().map(str::to_lowercase).collect()
}

/// The reader once re-matched the query's words (and stems of its own) in the passage: an
/// acronym found by its expansion had its passage marked and no word lit. It marks the
/// words the searcher marks.
#[test]
fn the_reader_lights_the_words_the_searcher_marks_an_acronyms_expansion_among_them() {
    let library = explorer();
    let mut app = searching(&library, 120, 40);
    for action in [Search, Type("RSO".into()), Action::Results] {
        let _ = update(&mut app, action);
    }
    let searcher = app.searcher.clone().unwrap();
    let hits = app.prompt.as_ref().unwrap().hits.clone();
    let at = hits
        .iter()
        .position(|hit| {
            let text = searcher.passage(hit).text.to_lowercase();
            text.contains("registered sex offender") && !text.contains("rso")
        })
        .expect("a passage holding the expansion and not the acronym");
    for _ in 0..at {
        let _ = update(&mut app, Move(Motion::Down));
    }
    let _ = update(&mut app, Accept);
    let highlight = app.highlight.clone().expect("a passage marked");
    assert_eq!(highlight.node, searcher.node(&hits[at]).key);
    let lit = lit_words(&app);
    for word in ["registered", "sex", "offender"] {
        assert!(
            lit.iter().any(|w| w.starts_with(word)),
            "{word} not lit; lit: {lit:?}"
        );
    }
    let query = peel::search::Query::parse("RSO");
    assert_eq!(
        highlight.words,
        searcher.highlighted_words(&hits[at], &query)
    );
}

#[test]
fn the_reader_marks_stems_and_phrases_as_the_searcher_does() {
    let library = explorer();
    let words = |text: &str| {
        let mut app = searching(&library, 120, 40);
        for action in [Search, Type(text.into())] {
            let _ = update(&mut app, action);
        }
        app.highlight.map(|h| h.words).unwrap_or_default()
    };
    // "allocation" finds "allocating" by its stem: the word written is what is marked.
    let allocation = words("allocation");
    assert!(!allocation.is_empty());
    assert!(
        allocation.iter().all(|w| w.starts_with("allocat")),
        "{allocation:?}"
    );
    assert_eq!(
        words("\"stop and search\""),
        ["stop", "and", "search"],
        "a phrase, word by word"
    );
}

#[test]
fn a_jump_reads_the_result_at_every_width_with_its_title_where_it_fits() {
    let library = explorer();
    for (width, height) in [(60, 20), (80, 24), (120, 40), (200, 60)] {
        let mut app = searching(&library, width, height);
        for action in [Search, Type("jigsaw".into()), Accept] {
            let _ = update(&mut app, action);
        }
        assert_eq!(app.focus, Focus::Reader, "at {width}x{height}");
        let selected = app.selected();
        let highlight = app.highlight.clone().expect("a passage marked");
        // Title and passage together where they fit: the reader starts at the top then.
        let fits = app.with_reader(|view| {
            let end = view.flow.chunks_of(highlight.anchor).end;
            (0..end)
                .map(|c| view.flow.rows(c, view.width).len())
                .sum::<usize>()
                <= view.height
        });
        if fits {
            assert_eq!(app.reader, Default::default(), "at {width}x{height}");
        }
        let before = app.reader;
        let _ = update(&mut app, Move(Motion::Down));
        assert_eq!(app.selected(), selected, "j reads on, at {width}x{height}");
        let moved = app.reader != before;
        let at_end = app.with_reader(|view| view.bottom() == before);
        assert!(moved || at_end, "j scrolled the reader at {width}x{height}");
    }
}
