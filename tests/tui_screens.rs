//! The cross-year screens: compare, overview, recurring issues; their keys and snapshots at
//! 80x24, 120x40 and 200x60.

mod common;

use common::{PLAIN, builtin, render};
use peel::tui::action::Action::{self, *};
use peel::tui::app::App;
use peel::tui::screens::Screen;
use peel::tui::update::{select, update};

const SIZES: [(u16, u16); 3] = [(80, 24), (120, 40), (200, 60)];

fn app_at<'a>(
    library: &'a peel::model::Library,
    size: (u16, u16),
    id: &str,
    actions: &[Action],
) -> App<'a> {
    let mut app = App::new(library, PLAIN, size.0, size.1);
    select(&mut app, library.find(id).expect("id"));
    for &action in actions {
        update(&mut app, action);
    }
    app
}

#[test]
fn c_compares_the_theme_of_the_selected_finding() {
    let library = builtin();
    let app = app_at(
        &library,
        (120, 40),
        "2024/investigating-crime/cause-of-concern/crime-allocation",
        &[OpenCompare],
    );
    let Some(Screen::Compare(state)) = &app.screen else {
        panic!("compare is open")
    };
    assert_eq!(
        library.forces()[0].themes[state.theme].id,
        "investigating-crime"
    );
    let screen = render(&app);
    assert!(
        screen.contains("2017 [Requires improvement]") && screen.contains("2024 [Inadequate]"),
        "{screen}"
    );
}

#[test]
fn at_80_columns_two_years_show_with_the_third_named() {
    let library = builtin();
    let app = app_at(
        &library,
        (80, 24),
        "2024/investigating-crime",
        &[OpenCompare],
    );
    let screen = render(&app);
    assert!(screen.contains("also 2025"), "{screen}");
    let app = app_at(
        &library,
        (80, 24),
        "2024/investigating-crime",
        &[OpenCompare, ColumnRight, ColumnRight],
    );
    let screen = render(&app);
    assert!(
        screen.contains("2025") && screen.contains("also 2017"),
        "{screen}"
    );
}

#[test]
fn number_keys_hide_and_show_years_but_never_the_last() {
    let library = builtin();
    let app = app_at(
        &library,
        (120, 40),
        "2024/investigating-crime",
        &[OpenCompare, ToggleYear(0), ToggleYear(2)],
    );
    let Some(Screen::Compare(state)) = &app.screen else {
        panic!()
    };
    assert_eq!(state.years_shown, [false, true, false]);
    let screen = render(&app);
    assert!(screen.contains("hidden 2017, 2025"), "{screen}");
    let app = app_at(
        &library,
        (120, 40),
        "2024/investigating-crime",
        &[OpenCompare, ToggleYear(0), ToggleYear(2), ToggleYear(1)],
    );
    let Some(Screen::Compare(state)) = &app.screen else {
        panic!()
    };
    assert_eq!(
        state.years_shown,
        [false, true, false],
        "the last year stays"
    );
}

#[test]
fn enter_opens_the_finding_under_the_cursor() {
    let library = builtin();
    let mut app = app_at(
        &library,
        (120, 40),
        "2024/investigating-crime",
        &[OpenCompare],
    );
    for _ in 0..3 {
        update(&mut app, Down);
    }
    update(&mut app, Open);
    assert!(app.screen.is_none());
    assert!(
        library.id(app.selected).starts_with("2017/"),
        "{}",
        library.id(app.selected)
    );
}

#[test]
fn brackets_move_between_themes_and_esc_returns() {
    let library = builtin();
    let app = app_at(
        &library,
        (120, 40),
        "2024/investigating-crime",
        &[OpenCompare, NextSameKind],
    );
    let Some(Screen::Compare(state)) = &app.screen else {
        panic!()
    };
    assert_eq!(
        library.forces()[0].themes[state.theme].id,
        "protecting-vulnerable-people"
    );
    let app = app_at(
        &library,
        (120, 40),
        "2024/investigating-crime",
        &[OpenCompare, Back],
    );
    assert!(app.screen.is_none());
    assert_eq!(library.id(app.selected), "2024/investigating-crime");
}

#[test]
fn the_overview_opens_a_comparison_from_its_theme_list() {
    let library = builtin();
    let app = app_at(
        &library,
        (120, 40),
        "2024",
        &[OpenOverview, Down, Down, Open],
    );
    let Some(Screen::Compare(state)) = &app.screen else {
        panic!("compare from the overview")
    };
    assert_eq!(
        library.forces()[0].themes[state.theme].id,
        "investigating-crime"
    );
}

#[test]
fn the_overview_pages_through_the_charts() {
    let library = builtin();
    let app = app_at(
        &library,
        (120, 40),
        "2024",
        &[OpenOverview, ColumnRight, ColumnRight],
    );
    let screen = render(&app);
    assert!(
        screen.contains("999 calls answered within 10 seconds"),
        "{screen}"
    );
    for value in ["77.6", "78.9", "86.2", "90.9"] {
        assert!(screen.contains(value), "{value} missing:\n{screen}");
    }
}

#[test]
fn recurring_issues_show_trajectories_and_open_their_findings() {
    let library = builtin();
    let app = app_at(&library, (120, 40), "2024", &[OpenRecurring]);
    let screen = render(&app);
    assert!(
        screen.contains(
            "2017 press coverage and weakness and area for improvement → 2024 cause of concern"
        ),
        "{screen}"
    );
    let app = app_at(&library, (120, 40), "2024", &[OpenRecurring, Down, Open]);
    assert!(app.screen.is_none());
    assert_eq!(
        library.id(app.selected),
        "2017/investigating-crime/weakness/weaknesses"
    );
}

#[test]
fn snapshots_of_each_screen() {
    let library = builtin();
    for size in SIZES {
        let name = |screen: &str| format!("{screen}_{}x{}", size.0, size.1);
        let compare = app_at(&library, size, "2024/investigating-crime", &[OpenCompare]);
        insta::assert_snapshot!(name("compare"), render(&compare));
        let overview = app_at(&library, size, "2024", &[OpenOverview]);
        insta::assert_snapshot!(name("overview"), render(&overview));
        let chart = app_at(
            &library,
            size,
            "2024",
            &[OpenOverview, ColumnRight, ColumnRight],
        );
        insta::assert_snapshot!(name("chart"), render(&chart));
        let recurring = app_at(&library, size, "2024", &[OpenRecurring]);
        insta::assert_snapshot!(name("recurring"), render(&recurring));
        let mut marked = app_at(
            &library,
            size,
            "2024/managing-offenders/main-finding/jigsaw-workloads",
            &[ToggleBookmark],
        );
        select(&mut marked, library.find("glossary/thrive").expect("id"));
        update(&mut marked, ToggleBookmark);
        update(&mut marked, OpenBookmarks);
        update(&mut marked, Down);
        insta::assert_snapshot!(name("bookmarks"), render(&marked));
    }
}

#[test]
fn help_scrolls_to_its_last_key_and_describes_the_screen_it_was_opened_from() {
    let library = builtin();
    let mut app = app_at(&library, (80, 24), "2024", &[ToggleHelp]);
    assert!(
        !render(&app).contains("Ctrl-c"),
        "at 80x24 the list is longer than the overlay"
    );
    for _ in 0..40 {
        update(&mut app, Down);
    }
    let screen = render(&app);
    assert!(
        screen.contains("q Ctrl-c") && screen.contains("quit"),
        "{screen}"
    );
    let compare = app_at(
        &library,
        (80, 24),
        "2024/investigating-crime",
        &[OpenCompare, ToggleHelp],
    );
    let screen = render(&compare);
    assert!(screen.contains("show or hide the first year"), "{screen}");
}
