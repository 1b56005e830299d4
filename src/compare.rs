//! Cross-year comparisons, built from the model alone: a theme's years side by side with
//! recurring issues aligned on one row, the grade matrix of every theme, the recurring
//! issues with their trajectories, and the series of figures the sources give. Pure.

use crate::model::{FindingKind, Grade, Library, Node, NodeKey, RecurringIssue, Theme};
use serde::Serialize;

/// One theme of one force, years side by side.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Comparison {
    pub theme: String,
    pub title: String,
    pub columns: Vec<Column>,
    pub rows: Vec<Row>,
}

/// What one year says about the theme.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Column {
    pub year: u16,
    pub assessment: String,
    pub grade: Option<Grade>,
    pub status: String,
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

/// The status a year shows when a theme has no entry for it.
pub const NOT_ASSESSED: &str = "Not assessed in this year's sources";

/// Builds the comparison of `theme` in `force`, for the assessments with `years` (all when
/// empty), oldest first.
pub fn compare(library: &Library, force: usize, theme: &Theme, years: &[u16]) -> Comparison {
    let model = &library.forces()[force];
    let assessments: Vec<_> = model
        .assessments
        .iter()
        .filter(|a| years.is_empty() || years.contains(&a.year))
        .collect();
    let columns: Vec<Column> = assessments
        .iter()
        .map(
            |assessment| match theme.years.iter().find(|y| y.assessment == assessment.id) {
                Some(year) => Column {
                    year: assessment.year,
                    assessment: assessment.id.clone(),
                    grade: year.grade,
                    status: year.status.clone(),
                    summary: year.summary.clone(),
                    assessed: year.status != NOT_ASSESSED,
                },
                None => Column {
                    year: assessment.year,
                    assessment: assessment.id.clone(),
                    grade: None,
                    status: NOT_ASSESSED.to_owned(),
                    summary: String::new(),
                    assessed: false,
                },
            },
        )
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
                cells[column].push(key);
                placed.push(key);
            }
        }
        if cells.iter().filter(|cell| !cell.is_empty()).count() > 0 {
            rows.push(Row {
                cells,
                recurring: Some(link(issue)),
            });
        }
    }
    // The theme's own areas and findings that no recurring issue placed, year by year,
    // side by side in the order the theme lists them.
    let mut rest: Vec<Vec<NodeKey>> = vec![Vec::new(); columns.len()];
    for year in &theme.years {
        for key in year.nodes.iter().filter_map(resolve) {
            if let Some(column) = column_of(key).filter(|_| !placed.contains(&key)) {
                rest[column].push(key);
            }
        }
    }
    let depth = rest.iter().map(Vec::len).max().unwrap_or(0);
    let mut unlinked: Vec<Row> = (0..depth)
        .map(|i| Row {
            cells: rest
                .iter()
                .map(|cell| cell.get(i).copied().into_iter().collect())
                .collect(),
            recurring: None,
        })
        .collect();
    unlinked.append(&mut rows);
    Comparison {
        theme: theme.id.clone(),
        title: theme.title.clone(),
        columns,
        rows: unlinked,
    }
}

fn link(issue: &RecurringIssue) -> RecurringLink {
    RecurringLink {
        id: issue.id.clone(),
        title: issue.title.clone(),
        note: issue.note.clone(),
    }
}

/// The theme a node belongs to: one whose years list the node or one of its ancestors,
/// else the theme of a recurring issue that names it.
pub fn theme_of(library: &Library, key: NodeKey) -> Option<(usize, usize)> {
    let force = key.force()?;
    let model = &library.forces()[force];
    let chain = library.ancestry(key);
    let listed = |id: &String| {
        library
            .resolve_in_force(force, id)
            .is_some_and(|k| chain.contains(&k))
    };
    // The nearest ancestor wins: a finding listed itself beats its area.
    for candidate in chain.iter().rev() {
        for (index, theme) in model.themes.iter().enumerate() {
            let names_it = theme
                .years
                .iter()
                .flat_map(|y| &y.nodes)
                .any(|id| library.resolve_in_force(force, id) == Some(*candidate));
            if names_it {
                return Some((force, index));
            }
        }
    }
    model
        .recurring
        .iter()
        .find(|issue| issue.nodes.iter().any(listed))
        .and_then(|issue| model.themes.iter().position(|t| t.id == issue.theme))
        .map(|index| (force, index))
}

/// Finds a theme by id, or by the best fuzzy match of its title ("investigating").
pub fn find_theme(library: &Library, force: usize, wanted: &str) -> Option<usize> {
    use fuzzy_matcher::FuzzyMatcher;
    let themes = &library.forces().get(force)?.themes;
    if let Some(index) = themes.iter().position(|t| t.id == wanted) {
        return Some(index);
    }
    let matcher = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
    themes
        .iter()
        .enumerate()
        .filter_map(|(index, t)| {
            let score = matcher
                .fuzzy_match(&t.title, wanted)
                .max(matcher.fuzzy_match(&t.id, wanted))?;
            Some((score, index))
        })
        .max_by_key(|(score, index)| (*score, std::cmp::Reverse(*index)))
        .map(|(_, index)| index)
}

/// A recurring issue read as a trajectory: "2017 weakness → 2024 cause of concern → 2025
/// improvement recognised".
pub fn trajectory(library: &Library, force: usize, issue: &RecurringIssue) -> String {
    let mut steps: Vec<(u16, String)> = Vec::new();
    for key in issue
        .nodes
        .iter()
        .filter_map(|id| library.resolve_in_force(force, id))
    {
        let Some(year) = library.year(key) else {
            continue;
        };
        let what = match library.node(key) {
            Node::Finding(f) => f.kind.label().to_lowercase(),
            Node::Area(area) => format!("area graded {}", area.grade.label().to_lowercase()),
            Node::Assessment(_) => "assessment".to_owned(),
            other => other.kind_key().replace('-', " "),
        };
        let step = (year, what);
        if !steps.contains(&step) {
            steps.push(step);
        }
    }
    steps.sort_by_key(|(year, _)| *year);
    let mut merged: Vec<(u16, Vec<String>)> = Vec::new();
    for (year, what) in steps {
        match merged.last_mut() {
            Some((last, whats)) if *last == year => whats.push(what),
            _ => merged.push((year, vec![what])),
        }
    }
    merged
        .into_iter()
        .map(|(year, whats)| format!("{year} {}", whats.join(" and ")))
        .collect::<Vec<_>>()
        .join(" → ")
}

/// The grade matrix: every theme of a force against every year, with counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub years: Vec<u16>,
    pub themes: Vec<OverviewRow>,
    pub series: Vec<Series>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverviewRow {
    pub theme: String,
    pub title: String,
    pub cells: Vec<OverviewCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverviewCell {
    pub year: u16,
    pub grade: Option<Grade>,
    pub status: String,
    pub causes_of_concern: usize,
    pub recommendations: usize,
    pub areas_for_improvement: usize,
}

/// Figures that measure one thing across periods, in content order.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Series {
    pub id: String,
    pub title: String,
    pub unit: String,
    pub points: Vec<Point>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Point {
    pub label: String,
    pub value: f64,
    pub source: String,
}

pub fn overview(library: &Library, force: usize) -> Overview {
    let model = &library.forces()[force];
    let years: Vec<u16> = model.assessments.iter().map(|a| a.year).collect();
    let themes = model
        .themes
        .iter()
        .map(|theme| {
            let comparison = compare(library, force, theme, &[]);
            let cells = comparison
                .columns
                .iter()
                .map(|column| {
                    let year = theme
                        .years
                        .iter()
                        .find(|y| y.assessment == column.assessment);
                    let keys: Vec<NodeKey> = year
                        .map(|y| {
                            y.nodes
                                .iter()
                                .filter_map(|id| library.resolve_in_force(force, id))
                                .collect()
                        })
                        .unwrap_or_default();
                    let findings = |kind: FindingKind| {
                        count(
                            library,
                            &keys,
                            |node| matches!(node, Node::Finding(f) if f.kind == kind),
                        )
                    };
                    OverviewCell {
                        year: column.year,
                        grade: column.grade,
                        status: column.status.clone(),
                        causes_of_concern: findings(FindingKind::CauseOfConcern),
                        recommendations: count(library, &keys, |node| {
                            matches!(node, Node::Recommendation(_))
                        }),
                        areas_for_improvement: findings(FindingKind::AreaForImprovement),
                    }
                })
                .collect();
            OverviewRow {
                theme: theme.id.clone(),
                title: theme.title.clone(),
                cells,
            }
        })
        .collect();
    Overview {
        years,
        themes,
        series: series(library, force),
    }
}

/// Nodes in and under `keys` that `wanted` picks, each counted once (theme years can list
/// both an area and a finding inside it).
fn count(library: &Library, keys: &[NodeKey], wanted: impl Fn(Node) -> bool) -> usize {
    let mut seen = Vec::new();
    for node in keys.iter().flat_map(|key| subtree(library, *key)) {
        if wanted(library.node(node)) && !seen.contains(&node) {
            seen.push(node);
        }
    }
    seen.len()
}

fn subtree(library: &Library, key: NodeKey) -> Vec<NodeKey> {
    let mut out = vec![key];
    let mut index = 0;
    while index < out.len() {
        out.extend(library.children(out[index]));
        index += 1;
    }
    out
}

/// Every figure series of a force, and every table marked for charting (one series per
/// numeric column), in the order content gives them.
pub fn series(library: &Library, force: usize) -> Vec<Series> {
    let mut all: Vec<Series> = Vec::new();
    for key in library
        .preorder()
        .into_iter()
        .filter(|k| k.force() == Some(force))
    {
        let Node::Finding(finding) = library.node(key) else {
            continue;
        };
        let year = library.year(key).unwrap_or_default();
        let source = library.id(key);
        for figure in &finding.figures {
            let Some(id) = &figure.series else { continue };
            let position = match all.iter().position(|s| &s.id == id) {
                Some(position) => position,
                None => {
                    all.push(Series {
                        id: id.clone(),
                        title: figure.label.clone(),
                        unit: figure.unit.clone(),
                        points: Vec::new(),
                    });
                    all.len() - 1
                }
            };
            let points = &mut all[position].points;
            if let Some(comparator) = &figure.comparator {
                if let Some(period) = &comparator.period {
                    points.push(Point {
                        label: format!("{period} ({year} source)"),
                        value: comparator.value,
                        source: source.clone(),
                    });
                }
            }
            let period = figure.period.clone().unwrap_or_else(|| year.to_string());
            points.push(Point {
                label: format!("{period} ({year} source)"),
                value: figure.value,
                source: source.clone(),
            });
        }
        for block in &finding.body {
            let crate::model::Block::Table(table) = block else {
                continue;
            };
            if !table.chart {
                continue;
            }
            for (column, name) in table.columns.iter().enumerate().skip(1) {
                let points = table
                    .rows
                    .iter()
                    .filter_map(|row| {
                        let value = row
                            .get(column)?
                            .trim()
                            .trim_end_matches('%')
                            .parse::<f64>()
                            .ok()?;
                        Some(Point {
                            label: row.first()?.clone(),
                            value,
                            source: source.clone(),
                        })
                    })
                    .collect();
                all.push(Series {
                    id: format!("{}-{column}", library.id(key)),
                    title: format!("{}: {name}", table.caption),
                    unit: "%".into(),
                    points,
                });
            }
        }
    }
    all
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
        assert_eq!(
            ids[1],
            ["2024/investigating-crime/cause-of-concern/crime-allocation"]
        );
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

    #[test]
    fn a_finding_opens_its_theme() {
        let library = load_builtin().unwrap();
        let key = library
            .find("2024/investigating-crime/cause-of-concern/crime-allocation")
            .unwrap();
        let (force, theme) = theme_of(&library, key).unwrap();
        assert_eq!(
            library.forces()[force].themes[theme].id,
            "investigating-crime"
        );
    }

    #[test]
    fn trajectories_read_oldest_first() {
        let library = load_builtin().unwrap();
        let issue = library.forces()[0]
            .recurring
            .iter()
            .find(|i| i.id == "thrive-risk-assessment")
            .unwrap();
        assert_eq!(
            trajectory(&library, 0, issue),
            "2017 weakness and area for improvement → 2024 main finding → 2025 improvement recognised"
        );
    }

    #[test]
    fn the_999_series_gathers_every_period() {
        let library = load_builtin().unwrap();
        let all = series(&library, 0);
        let calls = all
            .iter()
            .find(|s| s.id == "999-answered-within-10-seconds")
            .unwrap();
        let values: Vec<f64> = calls.points.iter().map(|p| p.value).collect();
        for wanted in [77.6, 78.9, 86.2, 90.9] {
            assert!(values.contains(&wanted), "{values:?}");
        }
        assert!(
            !values.contains(&90.0),
            "the expected standard is not a period"
        );
        let figure4 = all
            .iter()
            .filter(|s| s.title.starts_with("Figure 4"))
            .count();
        assert_eq!(figure4, 2, "Met and England and Wales");
    }
}
