//! Notices and the search prompt's help: a notice takes one line of the status bar at any
//! size, and `?` shows the whole of it; the prompt, where `?` is text, still reaches its
//! keys and the query syntax.

mod common;

use common::{explorer, open_at, render};
use peel::tui::action::Action::*;
use peel::tui::action::Motion;
use peel::tui::app::App;
use peel::tui::keymap::Mode;

fn last_row(screen: &str) -> &str {
    screen.lines().last().unwrap_or("")
}

#[test]
fn a_long_notice_takes_one_line_and_help_shows_all_of_it() {
    let library = explorer();
    for size in [(40, 12), (60, 20), (80, 24), (120, 40)] {
        let mut app = open_at(
            &library,
            size,
            "2017",
            &[Search, Type("jigsaw".into()), Accept],
        );
        let said = app.notice.clone().expect("a jump says where it landed");
        assert_eq!(app.panes().status.height, 1, "{size:?}");
        let screen = render(&app);
        let bar = last_row(&screen);
        assert!(bar.contains("Result 1 of"), "{size:?}: {bar}");
        if said.len() + 12 > usize::from(size.0) {
            assert!(
                bar.contains("(? all)"),
                "the bar says how to read the rest: {bar}"
            );
        }
        // The row above the bar belongs to the panes, not to a second line of notice.
        let above = screen.lines().rev().nth(1).unwrap_or("");
        assert!(!above.contains("the list"), "{size:?}: {above}");

        let _ = peel::tui::update::update(&mut app, Help);
        assert_eq!(app.mode(), Mode::Help);
        let help = render(&app);
        let words = common::words(&help).join(" ");
        assert!(
            words.contains(&common::words(&said).join(" ")),
            "{size:?}: the help shows the whole notice `{said}`:\n{help}"
        );
    }
}

#[test]
fn the_prompt_opens_its_help_with_f1_or_a_question_mark_on_an_empty_query() {
    let library = explorer();
    let mut app = open_at(&library, (80, 24), "2017", &[Search, Type("?".into())]);
    assert_eq!(app.mode(), Mode::Help, "? on an empty query");
    assert_eq!(app.mode_under_help(), Mode::Prompt);
    let _ = peel::tui::update::update(&mut app, Back);
    assert_eq!(app.mode(), Mode::Prompt, "Esc closes only the help");

    let app = open_at(&library, (80, 24), "2017", &[Search, Type("rso".into())]);
    let mut typed = app;
    let _ = peel::tui::update::update(&mut typed, Type("?".into()));
    assert_eq!(typed.mode(), Mode::Prompt, "inside a query ? is text");
    assert_eq!(typed.prompt.as_ref().unwrap().input, "rso?");

    let mut app = open_at(&library, (80, 24), "2017", &[Search, Type("rso".into())]);
    let key = peel::tui::input::Key::plain(peel::tui::input::KeyCode::F(1));
    let action = peel::tui::keymap::action_for(Mode::Prompt, key).expect("F1 is bound");
    let _ = peel::tui::update::update(&mut app, action);
    assert_eq!(app.mode(), Mode::Help, "F1 in the prompt");
    let help = render(&app);
    // Every kind and grade the query accepts is listed, from the parser's own lists.
    let mut app = app;
    for _ in 0..10 {
        let _ = peel::tui::update::update(&mut app, Move(Motion::PageDown));
    }
    let mut all = help.clone();
    all.push_str(&render(&app));
    let mut tall = open_at(&library, (200, 60), "2017", &[Search]);
    let _ = peel::tui::update::update(&mut tall, action_f1());
    all.push_str(&render(&tall));
    for said in [
        "Ctrl-p",
        "Ctrl-n",
        "Tab",
        "grade:",
        "force:kent",
        "kind:",
        "year:2017",
        "phrase",
    ] {
        assert!(all.contains(said), "the search help has {said}:\n{all}");
    }
    for grade in peel::model::Grade::ALL {
        assert!(all.contains(&format!("grade:{}", grade.key())), "{grade:?}");
    }
    for kind in peel::search::kind_names() {
        assert!(all.contains(&kind), "{kind}");
    }
}

fn action_f1() -> peel::tui::action::Action {
    let key = peel::tui::input::Key::plain(peel::tui::input::KeyCode::F(1));
    peel::tui::keymap::action_for(Mode::Prompt, key).unwrap()
}

#[test]
fn the_syntax_hint_always_names_every_filter() {
    let library = explorer();
    for width in [40, 60, 80, 100, 120, 160, 200] {
        let app = open_at(
            &library,
            (width, 24),
            "2017",
            &[Search, Type("x".into()), DeleteChar],
        );
        let screen = render(&app);
        let hint = screen
            .lines()
            .find(|line| line.contains("year:"))
            .unwrap_or_else(|| panic!("{width}: no syntax hint:\n{screen}"));
        for filter in ["year:", "kind:", "grade:"] {
            assert!(hint.contains(filter), "{width}: {hint}");
        }
        assert!(!hint.contains('…'), "{width}: cut: {hint}");
    }
}

#[test]
fn the_overview_grid_shows_every_theme_from_60x20_down_to_the_smallest_screens() {
    let library = explorer();
    let themes = library.forces()[0].themes.len();
    for theme in [common::PLAIN, common::ASCII] {
        for size in [(60, 20), (50, 16), (46, 14), (36, 12)] {
            let mut app = App::new(&library, theme, size.0, size.1);
            let _ = peel::tui::update::update(&mut app, Overview);
            let first = render(&app);
            assert!(!first.contains("Too narrow"), "{size:?}:\n{first}");
            // Every theme's row is reached by stepping, and its grades are whole words or
            // the legend's short forms, with the grid's header always above.
            let mut seen = String::new();
            for _ in 0..themes {
                let screen = render(&app);
                assert!(
                    screen.contains("2024"),
                    "{size:?}: the years header:\n{screen}"
                );
                seen.push_str(&screen);
                let _ = peel::tui::update::update(&mut app, Move(Motion::Down));
            }
            for grade in ["[RI]", "[I]", "[G]", "[A]"] {
                assert!(seen.contains(grade), "{size:?} {grade}:\n{seen}");
            }
        }
    }
}

#[test]
fn a_screen_never_offers_itself_on_the_hint_bar() {
    let library = explorer();
    for (action, word) in [
        (Overview, "o overview"),
        (Recurring, "r recurring"),
        (Compare, "c compare"),
    ] {
        let app = open_at(&library, (200, 60), "2024/investigating-crime", &[action]);
        let bar = render(&app).lines().last().unwrap_or("").to_owned();
        assert!(!bar.contains(word), "{bar}");
        assert!(bar.contains("? help"), "{bar}");
    }
}

#[test]
fn both_wraps_are_said_in_one_wording() {
    let library = explorer();
    let mut app = open_at(&library, (120, 40), "2024/investigating-crime", &[Compare]);
    let mut said = None;
    for _ in 0..20 {
        let _ = peel::tui::update::update(&mut app, NextSameKind);
        if let Some(notice) = app.notice.clone() {
            said = Some(notice);
            break;
        }
    }
    assert_eq!(
        said.as_deref(),
        Some("After the last theme, back to the first")
    );
    let mut app = open_at(
        &library,
        (120, 40),
        "2017",
        &[Search, Type("jigsaw".into()), Accept],
    );
    let mut said = None;
    for _ in 0..30 {
        let _ = peel::tui::update::update(&mut app, NextResult);
        if app
            .notice
            .as_deref()
            .is_some_and(|n| n.contains("back to the first"))
        {
            said = app.notice.clone();
            break;
        }
    }
    assert!(
        said.unwrap()
            .contains("(after the last, back to the first)")
    );
}
