//! No size from 1x1 to 400x150 and no sequence of keys breaks any screen: nothing panics,
//! the status bar is on the last line naming the mode, a tree shows its selection, and the
//! ASCII mode stays ASCII.

mod common;

use common::{explorer, screen_text};
use peel::tui::action::Action;
use peel::tui::action::Motion;
use peel::tui::app::App;
use peel::tui::keymap::Mode;
use peel::tui::palette::Palette;
use peel::tui::update::update;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::style::Modifier;

fn action() -> impl Strategy<Value = Action> {
    prop_oneof![
        Just(Action::Move(Motion::Up)),
        Just(Action::Move(Motion::Down)),
        Just(Action::Move(Motion::PageUp)),
        Just(Action::Move(Motion::PageDown)),
        Just(Action::Move(Motion::HalfPageUp)),
        Just(Action::Move(Motion::HalfPageDown)),
        Just(Action::Move(Motion::Top)),
        Just(Action::Move(Motion::Bottom)),
        Just(Action::Open),
        Just(Action::Close),
        Just(Action::ToggleFocus),
        Just(Action::NextSameKind),
        Just(Action::PreviousSameKind),
        Just(Action::Help),
        Just(Action::Back),
        Just(Action::BackOrQuit),
        Just(Action::Compare),
        Just(Action::Overview),
        Just(Action::Recurring),
        Just(Action::Bookmarks),
        Just(Action::Results),
        Just(Action::ToggleBookmark),
        Just(Action::Copy),
        Just(Action::ColumnLeft),
        Just(Action::ColumnRight),
        (0usize..3).prop_map(Action::ToggleYear),
        Just(Action::PreviousYear),
        Just(Action::NextYear),
        Just(Action::SortByColumn),
        Just(Action::FilterForces),
        Just(Action::Search),
        prop::sample::select(vec!["j", "i", "g", " ", "s", "é", "捜", "stop and"])
            .prop_map(|t| Action::Type(t.to_owned())),
        Just(Action::DeleteChar),
        Just(Action::HistoryBack),
        Just(Action::Accept),
        Just(Action::NextResult),
        Just(Action::PreviousResult),
        (0u16..200, 0u16..60, any::<bool>()).prop_map(|(column, row, double)| Action::Click {
            column,
            row,
            double
        }),
        (0u16..200, 0u16..60, any::<bool>()).prop_map(|(column, row, down)| Action::Wheel {
            column,
            row,
            down
        }),
        (1u16..=400, 1u16..=150).prop_map(|(width, height)| Action::Resize { width, height }),
    ]
}

/// Draws `app` on a terminal of its own size and checks what every screen must show.
fn check(app: &App) -> Result<(), TestCaseError> {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal
        .draw(|frame| peel::tui::views::draw(frame, app))
        .unwrap();
    let buffer = terminal.backend().buffer();
    let screen = screen_text(buffer);
    let panes = app.panes();
    if app.theme.ascii {
        prop_assert!(screen.is_ascii(), "{screen}");
    }
    if panes.too_small {
        let words = screen.split_whitespace().collect::<Vec<_>>().join(" ");
        prop_assert!(
            words.contains("too small") || app.width < 10 || app.height < 4,
            "{screen}"
        );
        return Ok(());
    }
    let status = screen
        .lines()
        .nth(usize::from(panes.status.y))
        .unwrap_or("");
    if app.help.is_none() {
        prop_assert!(
            status.starts_with(&format!(" {}", app.mode().label())),
            "{screen}"
        );
    }
    if app.mode() == Mode::Tree {
        // The selection bar is on screen, inside the tree pane.
        let pane = panes.left.unwrap();
        let selected = (pane.y..pane.bottom()).any(|y| {
            (pane.x..pane.right()).any(|x| {
                buffer[(x, y)]
                    .style()
                    .add_modifier
                    .contains(Modifier::REVERSED)
            })
        });
        prop_assert!(selected, "no selection in view:\n{screen}");
    }
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 96, ..ProptestConfig::default() })]

    #[test]
    fn any_size_and_any_keys_keep_every_screen_whole(
        width in 1u16..=400,
        height in 1u16..=150,
        ascii in any::<bool>(),
        actions in proptest::collection::vec(action(), 0..40),
    ) {
        let library = explorer();
        let mut app = App::new(&library, Palette { color: false, ascii }, width, height);
        check(&app)?;
        for action in actions {
            if update(&mut app, action).end.is_some() {
                break;
            }
            check(&app)?;
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// The same on several forces, where `o` opens the forces grid.
    #[test]
    fn any_size_and_any_keys_keep_the_forces_grid_whole(
        width in 1u16..=400,
        height in 1u16..=150,
        ascii in any::<bool>(),
        actions in proptest::collection::vec(action(), 0..40),
    ) {
        let library = forces();
        let mut app = App::new(&library, Palette { color: false, ascii }, width, height);
        let _ = update(&mut app, Action::Overview);
        check(&app)?;
        for action in actions {
            if update(&mut app, action).end.is_some() {
                break;
            }
            check(&app)?;
        }
    }
}

/// Four forces (tests/fixtures/forces), for the forces grid.
fn forces() -> peel::model::Library {
    peel::content::load_dir(&common::fixture("forces")).expect("the forces fixture")
}

/// The forces grid as it opens, scrolled to its last column, and filtering.
fn forces_grids(library: &peel::model::Library, size: (u16, u16), theme: Palette) -> Vec<App<'_>> {
    use Action::*;
    let mut last_column = vec![Overview];
    last_column.extend(std::iter::repeat_n(ColumnRight, 12));
    [
        vec![Overview],
        last_column,
        vec![Overview, FilterForces, Type("west".into())],
    ]
    .into_iter()
    .map(|actions| {
        common::open_at_in(
            library,
            size,
            theme,
            "northmoor/2024/investigating-crime",
            &actions,
        )
    })
    .collect()
}

#[test]
fn the_forces_grid_renders_at_every_size_from_1x1() {
    let library = forces();
    for width in 1..=200u16 {
        for height in 1..=30u16 {
            for app in forces_grids(&library, (width, height), common::ASCII) {
                check(&app).unwrap_or_else(|e| panic!("forces grid at {width}x{height}: {e}"));
            }
        }
    }
}

#[test]
fn every_small_size_renders_every_screen() {
    let library = explorer();
    for width in 1..=45u16 {
        for height in 1..=12u16 {
            for name in common::SCENES {
                let app = common::scene(&library, name, (width, height), common::ASCII);
                check(&app).unwrap_or_else(|e| panic!("{name} at {width}x{height}: {e}"));
            }
        }
    }
}

/// The words of the grades and statuses, which a screen may abbreviate with a legend but
/// never break across lines.
const GRADE_WORDS: [&str; 7] = [
    "Outstanding",
    "Requires",
    "improvement",
    "Inadequate",
    "Adequate",
    "Improvements",
    "recognised",
];

#[test]
fn no_screen_breaks_a_grade_word_at_any_checked_size() {
    let library = explorer();
    let mut sizes = common::SIZES.to_vec();
    sizes.extend([(45, 12), (50, 16), (70, 20), (100, 30)]);
    for size in sizes {
        for name in common::SCENES {
            let app = common::scene(&library, name, size, common::PLAIN);
            let screen = common::render(&app);
            if let Some((word, token)) = broken_grade_word(&screen) {
                panic!("{name} at {size:?} breaks {word:?} as {token:?}:\n{screen}");
            }
        }
    }
    let library = forces();
    for width in 30..=120u16 {
        for app in forces_grids(&library, (width, 24), common::PLAIN) {
            let screen = common::render(&app);
            if let Some((word, token)) = broken_grade_word(&screen) {
                panic!("the forces grid at {width}x24 breaks {word:?} as {token:?}:\n{screen}");
            }
        }
    }
}

/// A grade word on `screen` cut short, and the piece shown.
fn broken_grade_word(screen: &str) -> Option<(&'static str, &str)> {
    screen
        .split(|c: char| !c.is_alphanumeric())
        .find_map(|token| {
            // Words in their own right that begin like a grade word.
            let whole = ["improve", "Require", "recognise"].contains(&token);
            GRADE_WORDS
                .iter()
                .find(|word| {
                    !whole
                        && token.len() >= 4
                        && token.len() < word.len()
                        && word.starts_with(token)
                })
                .map(|word| (*word, token))
        })
}

#[test]
fn the_overview_shows_every_theme_at_once_at_80x24() {
    let library = explorer();
    let app = common::scene(&library, "overview", (80, 24), common::PLAIN);
    let screen = common::render(&app);
    let flat = screen.split_whitespace().collect::<Vec<_>>().join(" ");
    for theme in &library.forces()[0].themes {
        let words: Vec<&str> = theme.title.split_whitespace().take(4).collect();
        assert!(
            flat.contains(&words.join(" ")),
            "{} is not on the first screen:\n{screen}",
            theme.title
        );
    }
}

#[test]
fn in_ascii_the_passage_marker_stands_apart_from_the_border() {
    let library = explorer();
    for size in common::SIZES {
        let app = common::scene(&library, "jump", size, common::ASCII);
        let screen = common::render(&app);
        assert!(!screen.contains("|||"), "{size:?}:\n{screen}");
        assert!(
            screen.contains("|>"),
            "the marked passage at {size:?}:\n{screen}"
        );
    }
}
