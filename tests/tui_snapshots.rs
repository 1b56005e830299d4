//! Snapshots of every screen at 80x24 and 120x40, drawn on ratatui's TestBackend.

mod common;

use common::{PLAIN, builtin, render};
use peel::model::Library;
use peel::tui::action::Action;
use peel::tui::app::App;
use peel::tui::theme::Theme;
use peel::tui::update::{select, update};

fn at<'a>(library: &'a Library, size: (u16, u16), id: Option<&str>, actions: &[Action]) -> App<'a> {
    let mut app = App::new(library, PLAIN, size.0, size.1);
    if let Some(id) = id {
        select(&mut app, library.find(id).expect("id exists"));
    }
    for &action in actions {
        update(&mut app, action);
    }
    app
}

const SIZES: [(u16, u16); 2] = [(80, 24), (120, 40)];

#[test]
fn tree_on_start() {
    let library = builtin();
    for size in SIZES {
        insta::assert_snapshot!(
            format!("start_{}x{}", size.0, size.1),
            render(&at(&library, size, None, &[]))
        );
    }
}

#[test]
fn area_with_its_grade_and_contents() {
    let library = builtin();
    for size in SIZES {
        let app = at(
            &library,
            size,
            Some("2024/investigating-crime"),
            &[Action::Open],
        );
        insta::assert_snapshot!(format!("area_{}x{}", size.0, size.1), render(&app));
    }
}

#[test]
fn cause_of_concern_in_the_reader() {
    let library = builtin();
    for size in SIZES {
        let app = at(
            &library,
            size,
            Some("2024/managing-offenders/cause-of-concern/registered-sex-offenders"),
            &[Action::Open],
        );
        insta::assert_snapshot!(format!("finding_{}x{}", size.0, size.1), render(&app));
    }
}

#[test]
fn recommendations_with_their_deadlines_at_the_end_of_a_finding() {
    let library = builtin();
    for size in SIZES {
        let app = at(
            &library,
            size,
            Some("2024/investigating-crime/cause-of-concern/crime-allocation"),
            &[Action::Open, Action::Bottom],
        );
        insta::assert_snapshot!(
            format!("recommendations_{}x{}", size.0, size.1),
            render(&app)
        );
    }
}

#[test]
fn figure_4_as_a_table() {
    let library = builtin();
    for size in SIZES {
        let mut app = at(
            &library,
            size,
            Some("2024/investigating-crime/area-for-improvement/outcomes-for-victims"),
            &[Action::Open],
        );
        // Scroll until the table's caption is the first line shown.
        while app.reader_scroll < 200 {
            let area = app.reader_text_area();
            let lines =
                peel::tui::document::build(&library, app.selected, area.width, &app.theme).lines;
            if lines
                .get(app.reader_scroll)
                .is_some_and(|l| l.to_string().starts_with("Figure 4"))
            {
                break;
            }
            update(&mut app, Action::Down);
        }
        insta::assert_snapshot!(format!("table_{}x{}", size.0, size.1), render(&app));
    }
}

#[test]
fn help_overlay() {
    let library = builtin();
    for size in SIZES {
        let app = at(&library, size, None, &[Action::ToggleHelp]);
        insta::assert_snapshot!(format!("help_{}x{}", size.0, size.1), render(&app));
    }
}

#[test]
fn terminal_too_small() {
    let library = builtin();
    insta::assert_snapshot!("too_small_30x6", render(&at(&library, (30, 6), None, &[])));
}

#[test]
fn ascii_glyphs_and_borders() {
    let library = builtin();
    let mut app = at(
        &library,
        (80, 24),
        Some("2024/investigating-crime"),
        &[Action::Open],
    );
    app.theme = Theme {
        color: false,
        ascii: true,
    };
    let screen = render(&app);
    assert!(screen.is_ascii(), "{screen}");
    insta::assert_snapshot!("ascii_80x24", screen);
}

#[test]
fn search_results_with_a_preview() {
    let library = builtin();
    for size in SIZES {
        let mut actions = vec![Action::OpenSearch];
        actions.extend("thrive".chars().map(Action::SearchInput));
        let app = at(&library, size, None, &actions);
        insta::assert_snapshot!(format!("search_{}x{}", size.0, size.1), render(&app));
    }
}

#[test]
fn after_a_jump_the_reader_shows_the_passage() {
    let library = builtin();
    for size in SIZES {
        let mut actions = vec![Action::OpenSearch];
        actions.extend("v100".chars().map(Action::SearchInput));
        actions.push(Action::SearchAccept);
        let app = at(&library, size, None, &actions);
        let screen = render(&app);
        assert!(screen.contains("V100"), "{screen}");
        insta::assert_snapshot!(format!("jump_{}x{}", size.0, size.1), screen);
    }
}
