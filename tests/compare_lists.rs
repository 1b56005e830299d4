//! A comparison lists every cause of concern, recommendation and area for improvement of
//! the areas its theme compares, and the overview counts exactly what it lists.

mod common;

use common::explorer;
use peel::compare::{compare, overview};
use peel::model::{FindingKind, Library, Node, NodeKey};

/// Everything under `key`, found by walking the tree (not by the code under test).
fn under(library: &Library, key: NodeKey) -> Vec<NodeKey> {
    let mut out = Vec::new();
    for child in library.children(key) {
        out.push(child);
        out.extend(under(library, child));
    }
    out
}

fn kind_of(library: &Library, key: NodeKey) -> Option<&'static str> {
    match library.node(key) {
        Node::Finding(f) if f.kind == FindingKind::CauseOfConcern => Some("cause of concern"),
        Node::Finding(f) if f.kind == FindingKind::AreaForImprovement => {
            Some("area for improvement")
        }
        Node::Recommendation(_) => Some("recommendation"),
        _ => None,
    }
}

#[test]
fn every_finding_of_a_compared_area_is_listed_and_counted() {
    let library = explorer();
    let mut checked = 0;
    for (force, model) in library.forces().iter().enumerate() {
        let grid = overview(&library, force);
        for (t, theme) in model.themes.iter().enumerate() {
            let comparison = compare(&library, force, theme, &[]);
            for (c, column) in comparison.columns.iter().enumerate() {
                let listed = comparison.column_keys(c);
                let year = theme
                    .years
                    .iter()
                    .find(|y| y.assessment == column.assessment);
                let areas = year.into_iter().flat_map(|y| &y.nodes).filter_map(|id| {
                    let key = library.resolve_in_force(force, id)?;
                    matches!(library.node(key), Node::Area(_)).then_some(key)
                });
                for area in areas {
                    for key in under(&library, area) {
                        if let Some(kind) = kind_of(&library, key) {
                            assert!(
                                listed.contains(&key),
                                "{} {}: the {kind} {:?} is not listed",
                                theme.id,
                                column.year,
                                library.id(key)
                            );
                            checked += 1;
                        }
                    }
                }
                let cell = &grid.themes[t].cells[c];
                let count = |wanted: &str| {
                    listed
                        .iter()
                        .filter(|key| kind_of(&library, **key) == Some(wanted))
                        .count()
                };
                assert_eq!(
                    (
                        cell.causes_of_concern,
                        cell.recommendations,
                        cell.areas_for_improvement
                    ),
                    (
                        count("cause of concern"),
                        count("recommendation"),
                        count("area for improvement")
                    ),
                    "{} {}: the overview counts what compare lists",
                    theme.id,
                    column.year
                );
            }
        }
    }
    // The fixture has 26: every cause of concern, recommendation and area for improvement.
    assert!(checked > 20, "only {checked} findings were checked");
}

#[test]
fn managing_offenders_2024_lists_both_causes_of_concern() {
    // The fixture's 2024 managing-offenders area has two causes of concern.
    let library = explorer();
    let model = &library.forces()[0];
    let theme = model
        .themes
        .iter()
        .find(|t| t.id == "managing-offenders")
        .expect("the theme");
    let comparison = compare(&library, 0, theme, &[2024]);
    let causes: Vec<&str> = comparison
        .column_keys(0)
        .into_iter()
        .filter(|key| kind_of(&library, *key) == Some("cause of concern"))
        .map(|key| library.node(key).title())
        .collect();
    assert_eq!(causes.len(), 2, "{causes:?}");
}

#[test]
fn each_node_is_listed_once_in_its_year() {
    let library = explorer();
    for (force, model) in library.forces().iter().enumerate() {
        for theme in &model.themes {
            let comparison = compare(&library, force, theme, &[]);
            for c in 0..comparison.columns.len() {
                let mut all: Vec<NodeKey> = comparison
                    .rows
                    .iter()
                    .flat_map(|row| row.cells[c].iter().copied())
                    .collect();
                let before = all.len();
                all.sort_by_key(|k| format!("{k:?}"));
                all.dedup();
                assert_eq!(before, all.len(), "{} column {c} repeats a node", theme.id);
            }
        }
    }
}
