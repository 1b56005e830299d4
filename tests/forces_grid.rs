//! The forces grid (`o` with several forces): every force against every theme for one
//! year, on a small fixture of four forces (tests/fixtures/forces); its keys, and how it
//! looks at the sizes every screen is checked at.

mod common;

use common::{fixture, open_at, render};
use peel::model::Library;
use peel::tui::action::Action::{self, *};
use peel::tui::action::Motion;
use peel::tui::app::App;
use peel::tui::keymap::Mode;
use peel::tui::screens::Screen;
use peel::tui::screens::forces::{ForcesScreen, GridSort};
use peel::tui::update::update;

fn library() -> Library {
    peel::content::load_dir(&fixture("forces")).expect("the forces fixture loads")
}

/// The grid opened from Northmoor's 2024 investigating crime area, after `actions`.
fn grid_at<'a>(library: &'a Library, size: (u16, u16), actions: &[Action]) -> App<'a> {
    let mut all = vec![Overview];
    all.extend_from_slice(actions);
    open_at(library, size, "northmoor/2024/investigating-crime", &all)
}

fn grid<'a>(app: &'a App) -> &'a ForcesScreen {
    match app.screens.last() {
        Some(Screen::Forces(grid)) => grid,
        other => panic!("the forces grid is open, not {:?}", other.map(Screen::mode)),
    }
}

/// The ids of the forces shown, top to bottom.
fn shown(app: &App) -> Vec<String> {
    grid(app)
        .forces_shown()
        .into_iter()
        .map(|f| app.library.forces()[f].id.clone())
        .collect()
}

fn force_id(app: &App) -> String {
    let force = grid(app).selected_force().expect("a force is selected");
    app.library.forces()[force].id.clone()
}

/// Moves the cursor to `theme`'s column.
fn to_column(app: &mut App, theme: &str) {
    let at = 1 + grid(app)
        .themes()
        .iter()
        .position(|t| *t == theme)
        .unwrap_or_else(|| panic!("a column for {theme}"));
    for _ in 0..20 {
        let _ = update(app, ColumnLeft);
    }
    for _ in 0..at {
        let _ = update(app, ColumnRight);
    }
    assert_eq!(grid(app).selected_theme(), Some(theme));
}

#[test]
fn the_grid_at_every_checked_size() {
    let library = library();
    for size in common::SIZES {
        let app = grid_at(&library, size, &[]);
        insta::assert_snapshot!(format!("grid_{}x{}", size.0, size.1), render(&app));
    }
}

#[test]
fn the_grid_filtering_at_80x24() {
    let library = library();
    let app = grid_at(
        &library,
        (80, 24),
        &[FilterForces, Type("west".into()), Accept],
    );
    insta::assert_snapshot!("grid_filtered_80x24", render(&app));
}

#[test]
fn o_opens_the_grid_with_several_forces_on_the_selected_node() {
    let library = library();
    let app = grid_at(&library, (80, 24), &[]);
    let grid = grid(&app);
    assert_eq!(app.mode(), Mode::Forces);
    assert_eq!(grid.year(), Some(2024));
    assert_eq!(force_id(&app), "northmoor");
    assert_eq!(grid.selected_theme(), Some("investigating-crime"));
    assert_eq!(
        shown(&app),
        ["ashdown", "eastbridge", "northmoor", "southvale"]
    );
}

#[test]
fn with_one_force_o_still_opens_its_overview() {
    let library = peel::content::load_dir(&fixture("minimal")).unwrap();
    let app = open_at(&library, (80, 24), "2024/investigating", &[Overview]);
    assert!(matches!(app.screens.last(), Some(Screen::Overview(_))));
}

#[test]
fn year_keys_change_the_year_keeping_the_force_and_the_theme() {
    let library = library();
    let mut app = grid_at(&library, (80, 24), &[NextYear]);
    assert_eq!(grid(&app).year(), Some(2024), "no year after 2024");
    assert!(
        app.notice
            .as_deref()
            .unwrap()
            .contains("No year after 2024")
    );

    let _ = update(&mut app, PreviousYear);
    let grid_2021 = grid(&app);
    assert_eq!(grid_2021.year(), Some(2021));
    assert_eq!(grid_2021.selected_theme(), Some("investigating-crime"));
    assert_eq!(force_id(&app), "northmoor");
    // Only the forces assessed in 2021.
    assert_eq!(shown(&app), ["eastbridge", "northmoor"]);
    assert!(render(&app).contains("Forces: grades in 2021"));

    let _ = update(&mut app, NextYear);
    assert_eq!(grid(&app).year(), Some(2024));
    assert_eq!(shown(&app).len(), 4);
}

#[test]
fn s_sorts_by_grade_best_then_worst_first_with_no_grade_last_and_by_name_on_names() {
    let library = library();
    let mut app = grid_at(&library, (120, 40), &[SortByColumn]);
    // Investigating crime 2024: Ashdown O, Southvale G, Eastbridge RI, Northmoor I.
    assert_eq!(
        shown(&app),
        ["ashdown", "southvale", "eastbridge", "northmoor"]
    );
    assert_eq!(force_id(&app), "northmoor", "the cursor stays on its force");
    let _ = update(&mut app, SortByColumn);
    assert_eq!(
        shown(&app),
        ["northmoor", "eastbridge", "southvale", "ashdown"]
    );
    assert_eq!(
        grid(&app).sort(),
        &GridSort::Grade {
            theme: "investigating-crime".into(),
            worst_first: true
        }
    );
    assert!(render(&app).contains("worst first"));

    // Police powers: Eastbridge O, Southvale G; Ashdown and Northmoor have no area there,
    // and stay last both ways.
    to_column(&mut app, "police-powers-and-legitimacy");
    let _ = update(&mut app, SortByColumn);
    assert_eq!(
        shown(&app),
        ["eastbridge", "southvale", "ashdown", "northmoor"]
    );
    let _ = update(&mut app, SortByColumn);
    assert_eq!(
        shown(&app),
        ["southvale", "eastbridge", "ashdown", "northmoor"]
    );

    for _ in 0..20 {
        let _ = update(&mut app, ColumnLeft);
    }
    let _ = update(&mut app, SortByColumn);
    assert_eq!(grid(&app).sort(), &GridSort::Name);
    assert_eq!(
        shown(&app),
        ["ashdown", "eastbridge", "northmoor", "southvale"]
    );
}

#[test]
fn f_filters_by_words_of_the_name_or_id_and_esc_clears() {
    let library = library();
    let mut app = grid_at(&library, (80, 24), &[FilterForces]);
    assert_eq!(app.mode(), Mode::ForcesFilter);
    let _ = update(&mut app, Type("west".into()));
    assert_eq!(shown(&app), ["eastbridge"], "a word of the name");
    // Keys are text while the filter is typed: q does not leave.
    let _ = update(&mut app, Type("q".into()));
    assert_eq!(app.mode(), Mode::ForcesFilter);
    assert!(shown(&app).is_empty());
    assert!(render(&app).contains("No force"), "{}", render(&app));
    let _ = update(&mut app, DeleteChar);
    assert_eq!(shown(&app), ["eastbridge"]);
    let _ = update(&mut app, Accept);
    assert_eq!(app.mode(), Mode::Forces);
    assert_eq!(grid(&app).filter(), "west");
    assert!(render(&app).contains("Filter: west"));
    assert!(render(&app).contains("1 of 4 forces"));

    // Esc clears the filter before it leaves the grid.
    let _ = update(&mut app, Back);
    assert_eq!(shown(&app).len(), 4);
    let _ = update(&mut app, Back);
    assert!(app.screens.is_empty());

    let app = grid_at(
        &library,
        (80, 24),
        &[FilterForces, Type("south".into()), Back],
    );
    assert_eq!(shown(&app).len(), 4, "Esc while typing clears too");
    let app = grid_at(&library, (80, 24), &[FilterForces, Type("ashdown".into())]);
    assert_eq!(shown(&app), ["ashdown"], "an id");
}

#[test]
fn enter_on_a_grade_reads_the_area_and_on_a_name_opens_the_forces_overview() {
    let library = library();
    let app = grid_at(&library, (80, 24), &[Move(Motion::Down), Open]);
    assert!(app.screens.is_empty());
    assert_eq!(
        library.id(app.selected()),
        "southvale/2024/investigating-crime"
    );

    let mut app = grid_at(&library, (80, 24), &[ColumnLeft, ColumnLeft, ColumnLeft]);
    assert_eq!(grid(&app).selected_theme(), None, "on the names");
    let _ = update(&mut app, Open);
    match app.screens.last() {
        Some(Screen::Overview(overview)) => {
            assert_eq!(library.forces()[overview.force].id, "northmoor")
        }
        _ => panic!("the force's overview is open"),
    }
    assert!(render(&app).contains("Northmoor Police"));
    // o from the force's overview goes back to the grid as it was left.
    let _ = update(&mut app, Overview);
    assert_eq!(app.screens.len(), 1);
    assert_eq!(force_id(&app), "northmoor");
    assert_eq!(grid(&app).selected_theme(), None);

    // A cell with no area says so, and stays.
    let mut app = grid_at(&library, (80, 24), &[]);
    to_column(&mut app, "police-powers-and-legitimacy");
    let _ = update(&mut app, Open);
    assert!(app.notice.as_deref().unwrap().contains("no graded area"));
    assert_eq!(app.mode(), Mode::Forces);
}

#[test]
fn c_compares_the_selected_theme_within_the_selected_force() {
    let library = library();
    let app = grid_at(&library, (80, 24), &[Move(Motion::Down), Compare]);
    match app.screens.last() {
        Some(Screen::Compare(compare)) => {
            let force = &library.forces()[compare.force];
            assert_eq!(force.id, "southvale");
            assert_eq!(force.themes[compare.theme].id, "investigating-crime");
        }
        _ => panic!("compare is open"),
    }
}

#[test]
fn e_exports_the_years_whole_grades_table_and_says_so_under_a_filter() {
    let library = library();
    let mut app = grid_at(&library, (80, 24), &[]);
    let export = update(&mut app, Export).export.expect("a briefing");
    assert!(
        export.text.contains("Southvale Constabulary"),
        "{}",
        export.text
    );
    assert!(export.text.contains("2024"));
    let mut app = grid_at(
        &library,
        (80, 24),
        &[FilterForces, Type("north".into()), Accept],
    );
    let export = update(&mut app, Export).export.expect("a briefing");
    assert!(export.what.contains("not only those the filter shows"));
    assert!(export.text.contains("Southvale Constabulary"));
}

#[test]
fn every_size_names_the_year_the_force_and_the_grade_whole() {
    let library = library();
    let mut sizes = common::SIZES.to_vec();
    sizes.extend([(60, 24), (70, 20), (100, 30)]);
    for size in sizes {
        // Southvale, the last row: Good, Inadequate, Good.
        for (column, grade, short) in [
            ("investigating-crime", "Good", "[G]"),
            ("managing-offenders", "Inadequate", "[I]"),
            ("police-powers-and-legitimacy", "Good", "[G]"),
        ] {
            let mut app = grid_at(&library, size, &[Move(Motion::Bottom)]);
            to_column(&mut app, column);
            let screen = render(&app);
            // The text without the pane's borders, lines joined.
            let flat = screen
                .replace('│', " ")
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ");
            assert!(flat.contains("grades in 2024"), "{size:?}:\n{screen}");
            // The selected row's detail line: the whole name and the grade in words.
            assert!(
                flat.contains("Southvale Constabulary"),
                "{size:?}:\n{screen}"
            );
            assert!(flat.contains(&format!(": {grade}")), "{size:?}:\n{screen}");
            // Every force's name is whole somewhere on screen, wrapped or not.
            for force in library.forces() {
                let words: Vec<&str> = force.name.split(' ').collect();
                assert!(
                    words.iter().all(|w| screen.contains(w)),
                    "{} at {size:?}:\n{screen}",
                    force.name
                );
            }
            // The selected column is in view: its grade shows, scrolled or not.
            assert!(
                screen.contains(short) || screen.contains(&format!("[{grade}]")),
                "{screen}"
            );
        }
    }
}

#[test]
fn columns_out_of_view_are_counted_on_either_side() {
    let library = library();
    let mut app = grid_at(&library, (80, 24), &[]);
    to_column(&mut app, "preventing-crime");
    let screen = render(&app);
    assert!(
        screen.contains("more ▸") && !screen.contains("◂"),
        "{screen}"
    );
    to_column(&mut app, "police-powers-and-legitimacy");
    let screen = render(&app);
    assert!(screen.contains("◂ ") && !screen.contains("▸"), "{screen}");
    assert!(
        screen.contains("Police powers"),
        "the selected heading:\n{screen}"
    );
}

#[test]
fn without_colour_grades_differ_by_their_text() {
    let library = library();
    let app = grid_at(&library, (200, 60), &[]);
    let screen = render(&app);
    for badge in ["[O]", "[G]", "[A]", "[RI]", "[I]"] {
        assert!(screen.contains(badge), "{badge}:\n{screen}");
    }
}
