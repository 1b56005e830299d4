//! Cross-year comparisons, built from the model alone: a theme's years side by side with
//! recurring issues aligned on one row, the grade matrix of every theme, the recurring
//! issues with their trajectories, and the series of figures the sources give. Pure.
//!
//! This file holds a theme's comparison; `locate` finds a theme (by a node or a name),
//! `trajectory` reads recurring issues across years, `overview` and `figures` make the
//! grade matrix and the charts.

mod figures;
mod locate;
mod overview;
mod trajectory;

pub use figures::{BarGroup, Chart, Reference, charts};
pub use locate::{find_theme, theme_of};
pub use overview::{Overview, OverviewCell, OverviewRow, overview};
pub use trajectory::{trajectory, trajectory_of};

use crate::model::{FindingKind, Grade, Library, Node, NodeKey, RecurringIssue, Standing, Theme};
use serde::Serialize;

/// One theme of one force, years side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub theme: String,
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

impl Comparison {
    /// Every node column `column` lists, row by row, each once.
    pub fn column_keys(&self, column: usize) -> Vec<NodeKey> {
        let mut keys: Vec<NodeKey> = Vec::new();
        for key in self
            .rows
            .iter()
            .filter_map(|row| row.cells.get(column))
            .flatten()
        {
            if !keys.contains(key) {
                keys.push(*key);
            }
        }
        keys
    }
}

/// What one year says about the theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub year: u16,
    pub assessment: String,
    /// The grade on the scale, where there is one.
    pub grade: Option<Grade>,
    #[serde(skip)]
    pub standing: Standing,
    pub status: String,
    /// The status where it says more than the grade or its absence ("Improvement
    /// recognised", "Not a separate question…").
    pub note: Option<String>,
    pub summary: String,
    pub assessed: bool,
}

/// One line of the comparison: a recurring issue (with its note) or the remaining
/// findings, one cell per column.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Row {
    #[serde(skip)]
    pub cells: Vec<Vec<NodeKey>>,
    pub recurring: Option<RecurringLink>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct RecurringLink {
    pub id: String,
    pub title: String,
    pub note: String,
}

pub use crate::model::framework::{NO_GRADE_STATED, NOT_ASSESSED};

/// Builds the comparison of `theme` in `force`, for the assessments with `years` (all when
/// empty), oldest first.
pub fn compare(library: &Library, force: usize, theme: &Theme, years: &[u16]) -> Comparison {
    let model = &library.forces()[force];
    let mut assessments: Vec<_> = model
        .assessments
        .iter()
        .filter(|a| years.is_empty() || years.contains(&a.year))
        .collect();
    // Oldest first, whatever order force.yaml lists them in (an import appends).
    assessments.sort_by_key(|a| a.year);
    let columns: Vec<Column> = assessments
        .iter()
        .map(|assessment| {
            let year = theme.years.iter().find(|y| y.assessment == assessment.id);
            let status = year.map_or(NOT_ASSESSED.to_owned(), |y| y.status.clone());
            let assessed = status != NOT_ASSESSED;
            let standing = match year.and_then(|y| y.grade) {
                _ if !assessed => Standing::not_assessed(assessment.year),
                Some(grade) => Standing::of(grade, assessment, library.sources()),
                None => Standing::of(Grade::NotStated, assessment, library.sources()),
            };
            let says_more = assessed && status != NO_GRADE_STATED && status != standing.label();
            Column {
                year: assessment.year,
                assessment: assessment.id.clone(),
                grade: standing.grade(),
                note: says_more.then(|| status.clone()),
                standing,
                status,
                summary: year.map(|y| y.summary.clone()).unwrap_or_default(),
                assessed,
            }
        })
        .collect();
    let resolve = |id: &String| library.resolve_in_force(force, id);
    let column_of = |key: NodeKey| {
        let year = library.year(key)?;
        columns.iter().position(|c| c.year == year)
    };
    let mut rows = Vec::new();
    let mut placed: Vec<NodeKey> = Vec::new();
    for issue in model
        .recurring
        .iter()
        .filter(|issue| issue.theme == theme.id)
    {
        let mut cells = vec![Vec::new(); columns.len()];
        for key in issue.nodes.iter().filter_map(resolve) {
            if let Some(column) = column_of(key) {
                // A finding brings its recommendations; an area named here stays one entry
                // (its findings are listed with the theme's areas).
                let with = match library.node(key) {
                    Node::Finding(_) => listed_under(library, key),
                    _ => vec![key],
                };
                for key in with {
                    if !placed.contains(&key) {
                        cells[column].push(key);
                        placed.push(key);
                    }
                }
            }
        }
        if cells.iter().any(|cell| !cell.is_empty()) {
            rows.push(Row {
                cells,
                recurring: Some(link(issue)),
            });
        }
    }
    // The theme's areas with every cause of concern, recommendation and area for
    // improvement under them, then the other nodes the theme names (its cross-references),
    // year by year, side by side; each once, and not again where a recurring issue placed it.
    let mut rest: Vec<Vec<NodeKey>> = vec![Vec::new(); columns.len()];
    for year in &theme.years {
        let named: Vec<NodeKey> = year.nodes.iter().filter_map(resolve).collect();
        let (areas, others): (Vec<NodeKey>, Vec<NodeKey>) = named
            .into_iter()
            .partition(|key| matches!(library.node(*key), Node::Area(_)));
        for key in areas
            .into_iter()
            .chain(others)
            .flat_map(|key| listed_under(library, key))
        {
            if let Some(column) = column_of(key)
                && !placed.contains(&key)
                && !rest[column].contains(&key)
            {
                rest[column].push(key);
            }
        }
    }
    // Entries no recurring issue links are not aligned across the years: one row, each
    // year's list in its own column, ahead of the recurring issues.
    let mut all = Vec::with_capacity(rows.len() + 1);
    if rest.iter().any(|cell| !cell.is_empty()) {
        all.push(Row {
            cells: rest,
            recurring: None,
        });
    }
    all.append(&mut rows);
    Comparison {
        theme: theme.id.clone(),
        title: theme.title.clone(),
        columns,
        rows: all,
    }
}

fn link(issue: &RecurringIssue) -> RecurringLink {
    RecurringLink {
        id: issue.id.clone(),
        title: issue.title.clone(),
        note: issue.note.clone(),
    }
}

/// What a comparison lists for a node a theme names: the node, then every cause of
/// concern (each followed by its recommendations), recommendation and area for improvement
/// under it, in the reports' order.
pub fn listed_under(library: &Library, key: NodeKey) -> Vec<NodeKey> {
    let mut out = vec![key];
    let mut stack: Vec<NodeKey> = library.children(key).into_iter().rev().collect();
    while let Some(next) = stack.pop() {
        let listed = match library.node(next) {
            Node::Finding(f) => matches!(
                f.kind,
                FindingKind::CauseOfConcern | FindingKind::AreaForImprovement
            ),
            Node::Recommendation(_) => true,
            _ => false,
        };
        if listed {
            out.push(next);
        }
        stack.extend(library.children(next).into_iter().rev());
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_builtin;

    fn investigating(library: &Library, years: &[u16]) -> Comparison {
        let theme = find_theme(library, 0, "investigating").expect("theme");
        compare(library, 0, &library.forces()[0].themes[theme], years)
    }

    #[test]
    fn investigating_crime_puts_2017_beside_2024() {
        let library = load_builtin().unwrap();
        let comparison = investigating(&library, &[]);
        let grades: Vec<Option<Grade>> = comparison.columns.iter().map(|c| c.grade).collect();
        assert_eq!(
            grades,
            [
                Some(Grade::RequiresImprovement),
                Some(Grade::Inadequate),
                None
            ]
        );
        assert!(!comparison.columns[2].assessed);
    }

    #[test]
    fn recurring_issues_sit_on_one_row_across_years() {
        let library = load_builtin().unwrap();
        let comparison = investigating(&library, &[]);
        let row = comparison
            .rows
            .iter()
            .find(|r| {
                r.recurring
                    .as_ref()
                    .is_some_and(|l| l.id == "detectives-and-inexperienced-investigators")
            })
            .expect("the detectives row");
        let ids: Vec<Vec<String>> = row
            .cells
            .iter()
            .map(|c| c.iter().map(|k| library.id(*k)).collect())
            .collect();
        assert!(
            ids[0].iter().any(
                |id| id == "2017/investigating-crime/area-for-improvement/qualified-detectives"
            )
        );
        // The cause of concern, followed by its recommendations.
        assert_eq!(
            ids[1][0],
            "2024/investigating-crime/cause-of-concern/crime-allocation"
        );
        assert!(ids[1].len() > 1);
        assert!(ids[1][1..].iter().all(|id| {
            id.starts_with("2024/investigating-crime/cause-of-concern/crime-allocation/")
        }));
        assert!(ids[2].is_empty());
    }

    #[test]
    fn toggling_years_drops_their_columns_and_cells() {
        let library = load_builtin().unwrap();
        let comparison = investigating(&library, &[2017, 2025]);
        let years: Vec<u16> = comparison.columns.iter().map(|c| c.year).collect();
        assert_eq!(years, [2017, 2025]);
        assert!(comparison.rows.iter().all(|r| r.cells.len() == 2));
        assert!(comparison.rows.iter().all(|r| {
            r.cells
                .iter()
                .flatten()
                .all(|k| library.year(*k) != Some(2024))
        }));
    }

    #[test]
    fn a_year_missing_from_a_theme_is_not_assessed() {
        let library = load_builtin().unwrap();
        let mut theme = library.forces()[0].themes[0].clone();
        theme.years.retain(|y| y.assessment != "2025");
        let comparison = compare(&library, 0, &theme, &[]);
        assert_eq!(comparison.columns[2].status, NOT_ASSESSED);
    }

    /// Every column of every theme of the built-in content.
    fn all_columns(library: &Library) -> Vec<Column> {
        library.forces()[0]
            .themes
            .iter()
            .flat_map(|theme| compare(library, 0, theme, &[]).columns)
            .collect()
    }

    #[test]
    fn a_column_notes_only_what_its_grade_does_not_say() {
        let library = load_builtin().unwrap();
        let columns = all_columns(&library);
        let no_grade: Vec<&Column> = columns
            .iter()
            .filter(|c| c.status == NO_GRADE_STATED)
            .collect();
        assert!(!no_grade.is_empty(), "the content has such a column");
        assert!(
            no_grade.iter().all(|c| c.note.is_none()),
            "its label says it"
        );
        let said = columns
            .iter()
            .find(|c| c.status == "Released from enhanced monitoring (Engage)")
            .expect("the 2025 column");
        assert_eq!(said.note.as_deref(), Some(said.status.as_str()));
        let graded = columns.iter().find(|c| c.status == "Inadequate").unwrap();
        assert_eq!(graded.note, None, "the grade says it");
    }

    #[test]
    fn a_recurring_issue_outside_the_years_shown_has_no_row() {
        let library = load_builtin().unwrap();
        let recurring_rows = |years: &[u16]| -> Vec<String> {
            investigating(&library, years)
                .rows
                .iter()
                .filter_map(|r| r.recurring.as_ref().map(|l| l.id.clone()))
                .collect()
        };
        assert!(!recurring_rows(&[]).is_empty());
        // The investigating theme's recurring issues name 2017 and 2024 nodes, none of 2025.
        assert_eq!(recurring_rows(&[2025]), Vec::<String>::new());
    }

    #[test]
    fn nodes_no_recurring_issue_places_appear_once_each() {
        let library = load_builtin().unwrap();
        let comparison = investigating(&library, &[]);
        let cells = |recurring: bool| -> Vec<NodeKey> {
            comparison
                .rows
                .iter()
                .filter(|r| r.recurring.is_some() == recurring)
                .flat_map(|r| r.cells.iter().flatten().copied())
                .collect()
        };
        let (placed, unlinked) = (cells(true), cells(false));
        assert!(!placed.is_empty() && !unlinked.is_empty());
        assert!(
            unlinked.iter().all(|k| !placed.contains(k)),
            "a node a recurring issue placed is not shown again below"
        );
    }
}
