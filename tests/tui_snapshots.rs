//! Snapshots of every screen at 60x20, 80x24, 120x40 and 200x60, drawn on ratatui's
//! TestBackend from the shipped reports (a content test: they document what peel shows of
//! them, and change when a report is edited); the ASCII mode draws nothing but ASCII; and
//! nothing that matters (a grade, an area's name, a finding's title) is ever cut where
//! wrapping would have fitted it. The last two are behaviour, checked on the explorer
//! fixture.

mod common;

use common::{ASCII, PLAIN, SCENES, SIZES, builtin, explorer, render, scene};

#[test]
fn content_every_screen_at_every_size() {
    let library = builtin();
    for name in SCENES {
        for size in SIZES {
            let app = scene(&library, name, size, PLAIN);
            insta::assert_snapshot!(format!("{name}_{}x{}", size.0, size.1), render(&app));
        }
    }
}

#[test]
fn ascii_mode_draws_only_ascii_on_every_screen() {
    let library = explorer();
    for name in SCENES {
        for size in SIZES.into_iter().chain([(30, 8), (45, 12)]) {
            let app = scene(&library, name, size, ASCII);
            let screen = render(&app);
            if let Some((line, text)) = screen.lines().enumerate().find(|(_, l)| !l.is_ascii()) {
                let odd: String = text.chars().filter(|c| !c.is_ascii()).collect();
                panic!("{name} at {size:?}, line {line}: {odd:?} in\n{screen}");
            }
        }
    }
}

#[test]
fn too_small_says_so() {
    let library = builtin();
    let app = peel::tui::app::App::new(&library, PLAIN, 25, 5);
    insta::assert_snapshot!("too_small_25x5", render(&app));
}

/// What must never be cut: grade words, area names and titles, assessment titles,
/// finding titles. (Recommendations in the tree, breadcrumbs and passages in search
/// results may be shortened, with the full text one key away.)
fn whole_texts(library: &peel::model::Library) -> Vec<String> {
    let mut texts: Vec<String> = peel::model::Grade::ALL
        .iter()
        .map(|g| g.label().to_owned())
        .chain([peel::model::NO_GRADE.to_owned()])
        .collect();
    for key in library.preorder() {
        match library.node(key) {
            peel::model::Node::Area(area) => {
                texts.push(area.title.clone());
                texts.extend(area.short_title.clone());
            }
            peel::model::Node::Assessment(a) => texts.push(a.title.clone()),
            peel::model::Node::Finding(f) => texts.push(f.title.clone()),
            _ => {}
        }
    }
    texts
}

#[test]
fn no_grade_area_or_title_ends_in_an_ellipsis_on_any_screen() {
    let library = explorer();
    let texts = whole_texts(&library);
    for name in SCENES {
        for size in SIZES {
            let screen = render(&scene(&library, name, size, PLAIN));
            for line in screen.lines() {
                for (at, _) in line.match_indices('…') {
                    // The words before the ellipsis, back to the pane's border.
                    let before = line[..at].rsplit(['│', '╭', '╰']).next().unwrap_or("");
                    let fragment = before.trim();
                    let fragment = fragment
                        .rsplit("  ")
                        .next()
                        .unwrap_or(fragment)
                        .trim_start_matches(['▸', '▾', ' ', '★']);
                    if fragment.chars().count() < 6 {
                        continue;
                    }
                    if let Some(cut) = texts
                        .iter()
                        .find(|t| t.contains(fragment) && !t.ends_with(fragment))
                    {
                        panic!("{name} at {size:?} cuts \"{cut}\":\n{screen}");
                    }
                }
            }
        }
    }
}
