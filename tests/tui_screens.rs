//! The screens over the explorer (compare, overview, recurring issues, bookmarks): their
//! own keys, and the scroll bugs that once left a title or a cursor stuck out of view.

mod common;

use common::{PLAIN, explorer, open_at, render};
use peel::tui::action::Action::{self, *};
use peel::tui::action::Motion;
use peel::tui::app::App;
use peel::tui::keymap::Mode;
use peel::tui::screens::Screen;
use peel::tui::screens::overview::Page;
use peel::tui::update::update;

fn act(app: &mut App, actions: &[Action]) {
    for action in actions {
        let _ = update(app, action.clone());
    }
}

fn compare_state<'a>(app: &'a App) -> &'a peel::tui::screens::compare::CompareScreen {
    match app.screens.last() {
        Some(Screen::Compare(state)) => state,
        _ => panic!("compare is open"),
    }
}

#[test]
fn c_compares_the_theme_of_the_selected_finding() {
    let library = explorer();
    let finding = "2024/investigating-crime/cause-of-concern/crime-allocation";
    for size in common::SIZES {
        let app = open_at(&library, size, finding, &[Compare]);
        let state = compare_state(&app);
        assert_eq!(
            library.forces()[0].themes[state.theme].id,
            "investigating-crime"
        );
        assert_eq!(
            state.selected_key().map(|k| library.id(k)).as_deref(),
            Some(finding),
            "the finding itself is selected at {size:?}"
        );
        // And in view: the highlighted entry's lines are inside the viewport.
        let body = peel::tui::layout::inner(app.panes().body);
        let laid = app.screens[0].laid(
            peel::tui::screens::Context {
                library: &library,
                theme: &app.theme,
                bookmarks: &[],
            },
            body.width,
        );
        let viewport = laid.viewport(usize::from(body.height));
        let span = laid.entries[state.nav.cursor].span;
        assert!(
            span.first >= state.nav.top && span.first < state.nav.top + viewport,
            "the selected finding is in view at {size:?}: {span:?} top {}",
            state.nav.top
        );
    }
    // From its area, the comparison opens at the top: each year's grade and why.
    let app = open_at(&library, (120, 40), "2024/investigating-crime", &[Compare]);
    let screen = render(&app);
    assert!(
        screen.contains("2017 [Requires improvement]") && screen.contains("2024 [Inadequate]"),
        "{screen}"
    );
    assert!(
        screen.contains("2025 [No grade]") && screen.contains("Not assessed in the 2025 sources"),
        "the third year, uncut, with why it has no grade:\n{screen}"
    );
}

#[test]
fn c_on_a_node_no_theme_lists_says_so() {
    let library = explorer();
    let theme_names = |key| peel::compare::theme_of(&library, key).is_some();
    let lonely = library.preorder().into_iter().find(|key| {
        matches!(library.node(*key), peel::model::Node::Finding(_)) && !theme_names(*key)
    });
    let lonely = lonely.expect("a finding the fixture's themes do not list");
    let app = open_at(&library, (80, 24), &library.id(lonely), &[Compare]);
    let notice = app.notice.clone().unwrap_or_default();
    assert!(notice.contains("No theme lists this"), "{notice}");
}

#[test]
fn c_on_an_assessment_offers_the_overview_rather_than_a_wrong_theme() {
    let library = explorer();
    let app = open_at(&library, (80, 24), "2017", &[Compare]);
    assert_eq!(app.mode(), Mode::Overview);
    assert!(app.notice.as_deref().unwrap().contains("choose one here"));
    let mut app = open_at(&library, (80, 24), "2017", &[Move(Motion::Top), Compare]);
    act(&mut app, &[Move(Motion::Down), Move(Motion::Down), Open]);
    let state = compare_state(&app);
    assert_eq!(
        library.forces()[0].themes[state.theme].id,
        library.forces()[0].themes[2].id
    );
}

#[test]
fn at_80_columns_two_years_show_with_the_third_named() {
    let library = explorer();
    let app = open_at(&library, (80, 24), "2024/investigating-crime", &[Compare]);
    let screen = render(&app);
    assert!(screen.contains("also 2025"), "{screen}");
    let app = open_at(
        &library,
        (80, 24),
        "2024/investigating-crime",
        &[Compare, ColumnRight, ColumnRight],
    );
    let screen = render(&app);
    assert!(
        screen.contains("2025") && screen.contains("also 2017"),
        "{screen}"
    );
}

#[test]
fn number_keys_hide_and_show_years_but_never_the_last() {
    let library = explorer();
    let app = open_at(
        &library,
        (120, 40),
        "2024/investigating-crime",
        &[Compare, ToggleYear(0), ToggleYear(2)],
    );
    assert_eq!(compare_state(&app).years_shown, [false, true, false]);
    assert!(render(&app).contains("hidden 2017, 2025"));
    let app = open_at(
        &library,
        (120, 40),
        "2024/investigating-crime",
        &[Compare, ToggleYear(0), ToggleYear(2), ToggleYear(1)],
    );
    assert_eq!(
        compare_state(&app).years_shown,
        [false, true, false],
        "the last year stays"
    );
}

#[test]
fn enter_opens_the_finding_under_the_cursor() {
    let library = explorer();
    let mut app = open_at(
        &library,
        (120, 40),
        "2024/investigating-crime",
        &[Compare, Move(Motion::Down)],
    );
    let wanted = compare_state(&app).selected_key().expect("an entry");
    act(&mut app, &[Open]);
    assert!(app.screens.is_empty());
    assert_eq!(app.selected(), wanted);
}

#[test]
fn an_empty_year_scrolls_and_comes_back_from_the_bottom() {
    let library = explorer();
    // A theme with nothing at all in 2017: that column has no entries.
    let mut app = open_at(
        &library,
        (80, 16),
        "2024/leadership",
        &[Compare, ColumnLeft],
    );
    let theme = &library.forces()[0].themes[compare_state(&app).theme];
    assert_eq!(compare_state(&app).column, 0);
    assert_eq!(compare_state(&app).column_keys(0).len(), 0, "{}", theme.id);
    act(&mut app, &[Move(Motion::Bottom)]);
    let bottom = compare_state(&app).nav.top;
    assert!(bottom > 0, "G scrolled down");
    act(&mut app, &[Move(Motion::Up)]);
    assert_eq!(compare_state(&app).nav.top, bottom - 1, "k scrolls back up");
    act(&mut app, &[Move(Motion::PageUp)]);
    assert!(compare_state(&app).nav.top < bottom - 1, "PgUp too");
    act(&mut app, &[Move(Motion::Bottom), Move(Motion::Top)]);
    assert_eq!(compare_state(&app).nav.top, 0, "g goes back to the top");
}

#[test]
fn the_first_recurring_issue_keeps_its_title_in_view_after_g() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 80, 20);
    act(
        &mut app,
        &[Recurring, Move(Motion::Bottom), Move(Motion::Top)],
    );
    let screen = render(&app);
    let first = &library.forces()[0].recurring[0].title;
    let start: String = first.chars().take(30).collect();
    assert!(
        screen.contains(&start),
        "the first issue's title:\n{screen}"
    );
    // And moving down to the next issue's first finding shows that issue's title too.
    let issues = &library.forces()[0].recurring;
    let in_first = issues[0].nodes.len();
    act(&mut app, &vec![Move(Motion::Down); in_first]);
    let screen = render(&app);
    let second: String = issues[1].title.chars().take(30).collect();
    assert!(screen.contains(&second), "{screen}");
}

#[test]
fn the_overview_shows_grades_then_charts_and_enter_compares() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 80, 24);
    act(&mut app, &[Overview]);
    let screen = render(&app);
    assert!(
        screen.contains("Requires") && screen.contains("No grade"),
        "{screen}"
    );
    assert!(!screen.contains('…'), "nothing cut:\n{screen}");
    act(&mut app, &[Move(Motion::Down), Open]);
    assert_eq!(app.mode(), Mode::Compare);
    let theme = compare_state(&app).theme;
    assert_eq!(theme, 1);
    act(&mut app, &[Back]);
    assert_eq!(
        app.mode(),
        Mode::Overview,
        "back to the overview, not the tree"
    );
    act(&mut app, &[ColumnRight]);
    match app.screens.last() {
        Some(Screen::Overview(state)) => assert_eq!(state.page, Page::Figures),
        _ => panic!(),
    }
}

#[test]
fn the_999_chart_marks_the_standard_with_values_clear_of_the_bars() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 120, 60);
    act(&mut app, &[Overview, ColumnRight]);
    let screen = render(&app);
    assert!(
        screen.contains("┊ 90%: Expected standard for forces in England and Wales"),
        "{screen}"
    );
    let bar_rows: Vec<&str> = screen
        .lines()
        .filter(|l| l.contains('█') || l.contains('▒'))
        .collect();
    assert!(bar_rows.len() >= 5, "{screen}");
    for row in &bar_rows {
        // A value is never glued to its bar: a space always comes between.
        let value_glued = row.char_indices().any(|(i, c)| {
            "█▉▊▋▌▍▎▏▒".contains(c)
                && row[i + c.len_utf8()..].starts_with(|d: char| d.is_ascii_digit())
        });
        assert!(!value_glued, "{row}");
    }
    // February 2024 comes before the year to March 2024: periods in time order.
    let february = screen.find("February 2024").unwrap();
    let march = screen.find("year ending 31 March 2024").unwrap();
    assert!(february < march);
    // Figure 4: both series for "Prosecution time limit expired" (0.0% and 0.3%), the
    // second still visible although small.
    assert!(screen.contains("▒ 0.3%"), "{screen}");
}

#[test]
fn many_charts_share_one_screen() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 200, 60);
    act(&mut app, &[Overview, ColumnRight]);
    let screen = render(&app);
    assert!(screen.contains("Stop and searches with reasonable grounds"));
    assert!(
        screen.contains("999 calls answered within 10 seconds"),
        "{screen}"
    );
}

#[test]
fn bookmarks_in_the_tree_are_marked() {
    let library = explorer();
    let app = open_at(
        &library,
        (80, 24),
        "2024/investigating-crime",
        &[ToggleBookmark],
    );
    let screen = render(&app);
    assert!(
        screen.lines().any(|l| l.contains("★ Investigating crime")),
        "{screen}"
    );
}

#[test]
fn c_from_a_screen_compares_the_theme_of_the_entry_under_its_cursor() {
    let library = explorer();
    let themes = &library.forces()[0].themes;
    // In a comparison stepped to the next theme, `c` stays with the theme on screen.
    let mut app = open_at(&library, (120, 40), "2024/investigating-crime", &[Compare]);
    let first = compare_state(&app).theme;
    act(&mut app, &[NextSameKind]);
    let stepped = compare_state(&app).theme;
    assert_eq!(
        stepped,
        (first + 1) % themes.len(),
        "] steps to the next theme"
    );
    act(&mut app, &[Move(Motion::Down), Compare]);
    assert_eq!(
        compare_state(&app).theme,
        stepped,
        "not back to the tree's theme"
    );
    act(&mut app, &[PreviousSameKind]);
    assert_eq!(compare_state(&app).theme, first, "[ steps back");

    // From the bookmarks, the bookmark under the cursor, not the tree's selection.
    let mut app = common::bookmarked(&library, (120, 40), &["2024/investigating-crime"], "2017");
    act(&mut app, &[Bookmarks, Compare]);
    assert_eq!(themes[compare_state(&app).theme].id, "investigating-crime");

    // From the recurring issues, the issue under the cursor.
    let mut app = open_at(&library, (120, 40), "2017", &[Recurring]);
    let key = recurring_cursor(&app);
    let expected = peel::compare::theme_of(&library, key).map(|(_, theme)| theme);
    act(&mut app, &[Compare]);
    assert_eq!(Some(compare_state(&app).theme), expected);
}

/// The node of the recurring issue under the cursor.
fn recurring_cursor(app: &App) -> peel::model::NodeKey {
    let Some(Screen::Recurring(screen)) = app.screens.last() else {
        panic!("recurring is open");
    };
    screen
        .selected_key(app.library)
        .expect("an issue under the cursor")
}

#[test]
fn enter_on_a_recurring_issue_goes_to_its_finding() {
    let library = explorer();
    let mut app = open_at(
        &library,
        (120, 40),
        "2017",
        &[Recurring, Move(Motion::Down)],
    );
    let key = recurring_cursor(&app);
    act(&mut app, &[Open]);
    assert!(app.screens.is_empty(), "the screen gives way to the tree");
    assert_eq!(app.selected(), key);
}

#[test]
fn unmarking_the_last_bookmark_in_the_list_keeps_the_cursor_on_one() {
    let library = explorer();
    let ids = ["2024/investigating-crime", "2017"];
    let mut app = common::bookmarked(&library, (120, 40), &ids, "2017");
    act(&mut app, &[Bookmarks, Move(Motion::Down)]);
    let cursor = |app: &App| match app.screens.last() {
        Some(Screen::Bookmarks(screen)) => screen.nav.cursor,
        _ => panic!("bookmarks are open"),
    };
    assert_eq!(cursor(&app), 1);
    act(&mut app, &[ToggleBookmark]);
    assert_eq!(app.bookmarks.len(), 1);
    assert_eq!(
        cursor(&app),
        0,
        "the cursor moved onto the bookmark that is left"
    );
}

#[test]
fn content_without_a_themes_file_compares_the_themes_its_areas_give() {
    let folder = common::copy_of("minimal");
    std::fs::remove_file(folder.path().join("testshire/themes.yaml")).unwrap();
    let library = peel::content::load_dir(folder.path()).unwrap();
    let mut app = App::new(&library, PLAIN, 100, 30);
    act(&mut app, &[Compare]);
    assert!(
        !app.screens.is_empty(),
        "the framework catalogue places the areas: {:?}",
        app.notice
    );
}

#[test]
fn content_without_areas_says_so_instead_of_comparing() {
    let folder = common::copy_of("minimal");
    let force = folder.path().join("testshire");
    std::fs::remove_file(force.join("themes.yaml")).unwrap();
    for year in ["2017", "2024"] {
        let listing = force.join(year).join("assessment.yaml");
        let text = std::fs::read_to_string(&listing).unwrap();
        std::fs::write(
            &listing,
            text.replace("areas: [investigating]", "areas: []"),
        )
        .unwrap();
        std::fs::remove_file(force.join(year).join("investigating.yaml")).unwrap();
    }
    let library = peel::content::load_dir(folder.path()).unwrap();
    let mut app = App::new(&library, PLAIN, 100, 30);
    act(&mut app, &[Compare]);
    assert!(app.screens.is_empty(), "no overview to choose a theme from");
    assert_eq!(
        app.notice.as_deref(),
        Some("This content has no themes to compare")
    );
}

/// The results pane's text as one line of words: wrapping undone.
fn results_words(app: &App) -> String {
    let screen = render(app);
    let pane = app.panes().left.expect("results pane");
    screen
        .lines()
        .take(usize::from(pane.bottom()))
        .map(|line| {
            line.chars()
                .skip(usize::from(pane.x) + 1)
                .take(usize::from(pane.width).saturating_sub(2))
                .collect::<String>()
        })
        .collect::<Vec<_>>()
        .join(" ")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

#[test]
fn result_headers_wrap_rather_than_cut_where_a_finding_sits() {
    let library = explorer();
    for size in common::SIZES {
        for query in ["RSO", "jigsaw", "stop and search", "vetting"] {
            let mut app = App::new(&library, PLAIN, size.0, size.1);
            act(&mut app, &[Search, Type(query.into()), Results]);
            let prompt = app.prompt.as_ref().expect("results");
            let searcher = app.searcher.clone().expect("index");
            let hit = prompt.hits.first().expect("a result");
            let node = searcher.node(hit);
            let words = results_words(&app);
            let crumbs: Vec<&str> = node.breadcrumb.iter().skip(1).map(String::as_str).collect();
            for crumb in crumbs {
                let crumb = crumb.split_whitespace().collect::<Vec<_>>().join(" ");
                assert!(
                    words.contains(&crumb),
                    "{query} at {size:?}: {crumb:?} is cut in\n{}",
                    render(&app)
                );
            }
        }
    }
}

#[test]
fn a_result_in_an_area_without_a_grade_says_no_grade() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 80, 24);
    act(&mut app, &[Search, Type("antisocial".into()), Results]);
    let screen = render(&app);
    assert!(screen.contains("2017 [No grade]"), "{screen}");
}

#[test]
fn tree_rows_wrap_recommendations_rather_than_cut_them() {
    let library = explorer();
    for size in common::SIZES {
        let mut app = App::new(&library, PLAIN, size.0, size.1);
        for key in library.preorder() {
            app.tree.expand(&library, key);
        }
        let recommendation = library
            .preorder()
            .into_iter()
            .find(|k| matches!(library.node(*k), peel::model::Node::Recommendation(_)))
            .expect("a recommendation");
        let mut seen = 0;
        // Every page of the tree, from the first recommendation on.
        app.select(recommendation);
        app.settle();
        for _ in 0..200 {
            let screen = render(&app);
            let pane = app.panes().left.expect("tree pane");
            for line in screen.lines().take(usize::from(pane.bottom()) - 1).skip(1) {
                let row: String = line.chars().take(usize::from(pane.width)).collect();
                assert!(!row.contains('…'), "a row cut at {size:?}: {row}");
                seen += 1;
            }
            let before = app.tree.top;
            act(&mut app, &[Move(Motion::PageDown)]);
            if app.tree.top == before {
                break;
            }
        }
        assert!(seen > 100);
    }
}

#[test]
fn stepping_past_the_last_theme_says_it_wrapped() {
    let library = explorer();
    let themes = library.forces()[0].themes.len();
    let mut app = open_at(&library, (80, 24), "2024/investigating-crime", &[Compare]);
    let first = compare_state(&app).theme;
    for _ in 0..themes {
        app.notice = None;
        act(&mut app, &[NextSameKind]);
        let wrapped = compare_state(&app).theme == 0;
        assert_eq!(
            app.notice.is_some(),
            wrapped,
            "theme {}",
            compare_state(&app).theme
        );
    }
    assert_eq!(compare_state(&app).theme, first, "round the themes once");
    app.notice = None;
    act(&mut app, &[Move(Motion::Top)]);
    while compare_state(&app).theme != 0 {
        act(&mut app, &[NextSameKind]);
    }
    app.notice = None;
    act(&mut app, &[PreviousSameKind]);
    assert!(app.notice.as_deref().is_some_and(|n| n.contains("last")));
}

/// The cells of `app`'s screen, drawn in colour.
fn colour_buffer(app: &App) -> ratatui::buffer::Buffer {
    let mut terminal =
        ratatui::Terminal::new(ratatui::backend::TestBackend::new(app.width, app.height)).unwrap();
    terminal
        .draw(|frame| peel::tui::views::draw(frame, app))
        .unwrap();
    terminal.backend().buffer().clone()
}

const COLOUR: peel::tui::palette::Palette = peel::tui::palette::Palette {
    color: true,
    ascii: false,
};

#[test]
fn a_selected_result_keeps_its_grade_badge_and_its_marked_words() {
    let library = explorer();
    let mut app = App::new(&library, COLOUR, 120, 40);
    app.select(library.find("2017").unwrap());
    app.settle();
    // "investigating": an area's own result (graded) comes first, with its word marked.
    act(&mut app, &[Search, Type("investigating".into()), Results]);
    let buffer = colour_buffer(&app);
    let selected = COLOUR.selected(true).bg.unwrap();
    let badge_bgs: Vec<_> = peel::model::Grade::ALL
        .iter()
        .filter_map(|g| COLOUR.grade(Some(*g)).bg)
        .collect();
    let matched = COLOUR.matched().bg.unwrap();
    let rows: Vec<u16> = (0..buffer.area.height)
        .filter(|&y| (0..buffer.area.width).any(|x| buffer[(x, y)].bg == selected))
        .collect();
    assert!(!rows.is_empty(), "a result is selected");
    // The results pane only: the reader beside it has badges of its own.
    let pane = app
        .panes()
        .left
        .expect("results beside the reader at 120x40");
    let on_selected = |wanted: &[ratatui::style::Color]| {
        rows.iter()
            .any(|&y| (pane.left()..pane.right()).any(|x| wanted.contains(&buffer[(x, y)].bg)))
    };
    assert!(
        on_selected(&badge_bgs),
        "the selected result's grade badge keeps its colour"
    );
    assert!(
        on_selected(&[matched]),
        "the selected result's matched word stays marked"
    );
}

#[test]
fn a_title_match_marks_the_word_in_the_passage_shown_below_it_too() {
    let library = explorer();
    let searcher = peel::search::Searcher::new(&library);
    let query = peel::search::Query::parse("jigsaw");
    let hits = searcher.search(&query);
    let on_title: Vec<_> = hits
        .iter()
        .filter(|hit| searcher.passage(hit).text == searcher.node(hit).title)
        .filter(|hit| {
            let node = searcher.node(hit);
            node.passages.clone().any(|p| {
                let passage = &searcher.index.passages[p];
                passage.field == peel::search::Field::Text
                    && passage.text.to_lowercase().contains("jigsaw")
            })
        })
        .collect();
    assert!(
        !on_title.is_empty(),
        "a title match whose text also says Jigsaw"
    );
    for hit in on_title {
        let lines = peel::tui::results::result_lines(&COLOUR, &searcher, &query, hit, 200);
        let title_at = lines
            .iter()
            .position(|line| line.spans.iter().any(|s| s.style == COLOUR.matched()))
            .expect("the title is marked");
        let below = lines[title_at + 1..]
            .iter()
            .any(|line| line.spans.iter().any(|s| s.style == COLOUR.matched()));
        assert!(
            below,
            "the passage under {:?} marks jigsaw",
            searcher.node(hit).title
        );
    }
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 24, ..Default::default() })]

    /// Results are laid out once for every session of a searcher (`results::laid_out`):
    /// two readers typing and deleting at their widths and palettes, each result drawn is
    /// line for line what laying it out afresh makes.
    #[test]
    fn results_laid_out_once_are_the_results_laid_out_afresh(
        keys in proptest::collection::vec(
            (0usize..2, proptest::sample::select(&["j", "i", "g", "s", "a", "w", "t", "h", "r", "v", "e", " ", "\u{8}"][..])),
            1..30,
        ),
        widths in (proptest::sample::select(&[20usize, 37, 76][..]), proptest::sample::select(&[37usize, 76][..])),
        colour in proptest::prelude::any::<bool>(),
    ) {
        static LIBRARY: std::sync::OnceLock<peel::model::Library> = std::sync::OnceLock::new();
        static SEARCHER: std::sync::OnceLock<std::sync::Arc<peel::search::Searcher>> =
            std::sync::OnceLock::new();
        let library = LIBRARY.get_or_init(explorer);
        let searcher =
            SEARCHER.get_or_init(|| std::sync::Arc::new(peel::search::Searcher::new(library)));
        let themes = [PLAIN, if colour { COLOUR } else { PLAIN }];
        let mut readers: Vec<(App, String)> = themes
            .iter()
            .map(|&theme| {
                let mut app = App::new(library, theme, 80, 24);
                app.searcher = Some(std::sync::Arc::clone(searcher));
                (app, String::new())
            })
            .collect();
        for (who, key) in keys {
            let (app, input) = &mut readers[who];
            if key == "\u{8}" {
                input.pop();
            } else {
                input.push_str(key);
            }
            let query = peel::search::Query::parse(input);
            let width = if who == 0 { widths.0 } else { widths.1 };
            for hit in searcher.search(&query).iter().take(6) {
                let kept = peel::tui::results::laid_out(app, searcher, &query, hit, width);
                let afresh = peel::tui::results::result_lines(&app.theme, searcher, &query, hit, width);
                proptest::prop_assert_eq!(&kept[..], &afresh[..], "{:?} at {}", input, width);
            }
        }
    }
}
