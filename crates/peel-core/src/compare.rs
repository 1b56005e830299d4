//! Cross-year comparisons, built from the model alone: a theme's years side by side with
//! recurring issues aligned on one row, the grade matrix of every theme, the recurring
//! issues with their trajectories, and the series of figures the sources give. Pure.

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

/// The theme a node belongs to: one whose years list the node or one of its ancestors,
/// else the theme of a recurring issue that names it. An assessment as a whole spans every
/// theme, so it (and anything above it) has none.
pub fn theme_of(library: &Library, key: NodeKey) -> Option<(usize, usize)> {
    let force = key.force()?;
    let model = &library.forces()[force];
    let within_assessment = |k: &NodeKey| {
        !matches!(
            k,
            NodeKey::Force { .. } | NodeKey::Assessment { .. } | NodeKey::Glossary
        )
    };
    let chain: Vec<NodeKey> = library
        .ancestry(key)
        .into_iter()
        .filter(within_assessment)
        .collect();
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
    let keys: Vec<NodeKey> = issue
        .nodes
        .iter()
        .filter_map(|id| library.resolve_in_force(force, id))
        .collect();
    trajectory_of(library, &keys)
}

/// The trajectory of any nodes: each year once, with what the nodes of that year are.
pub fn trajectory_of(library: &Library, keys: &[NodeKey]) -> String {
    let mut steps: Vec<(u16, String)> = Vec::new();
    for &key in keys {
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
    pub charts: Vec<Chart>,
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
    /// "Inadequate", or "No grade: not assessed in the 2025 sources".
    pub standing: String,
    #[serde(skip)]
    pub standing_parts: Standing,
    pub note: Option<String>,
    pub status: String,
    pub causes_of_concern: usize,
    pub recommendations: usize,
    pub areas_for_improvement: usize,
}

/// A chart of figures the sources give: bars in groups (one bar a group for a series over
/// periods; one bar per column for a table such as Figure 4), with a reference value where
/// the source states one (the 90% standard for 999 calls).
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Chart {
    pub id: String,
    pub title: String,
    pub unit: String,
    /// What each bar of a group measures; one name for a single series.
    pub series: Vec<String>,
    pub groups: Vec<BarGroup>,
    pub reference: Option<Reference>,
    /// The nodes the figures come from.
    pub sources: Vec<String>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct BarGroup {
    pub label: String,
    /// One value per series; `None` where the source gives none.
    pub values: Vec<Option<f64>>,
    /// Each value as the source writes it ("0.0%", "15,049").
    pub texts: Vec<Option<String>>,
}

/// A value every bar is read against, such as a national standard.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Reference {
    pub label: String,
    pub value: f64,
}

pub fn overview(library: &Library, force: usize) -> Overview {
    let model = &library.forces()[force];
    let mut years: Vec<u16> = model.assessments.iter().map(|a| a.year).collect();
    years.sort_unstable();
    let themes = model
        .themes
        .iter()
        .map(|theme| {
            let comparison = compare(library, force, theme, &[]);
            let cells = comparison
                .columns
                .iter()
                .enumerate()
                .map(|(c, column)| {
                    // Counted from the entries the comparison lists, so the two agree.
                    let listed = comparison.column_keys(c);
                    let count = |wanted: &dyn Fn(Node) -> bool| {
                        listed
                            .iter()
                            .filter(|key| wanted(library.node(**key)))
                            .count()
                    };
                    let findings = |kind: FindingKind| {
                        count(&|node| matches!(node, Node::Finding(f) if f.kind == kind))
                    };
                    OverviewCell {
                        year: column.year,
                        grade: column.grade,
                        standing: column.standing.describe(),
                        standing_parts: column.standing.clone(),
                        note: column.note.clone(),
                        status: column.status.clone(),
                        causes_of_concern: findings(FindingKind::CauseOfConcern),
                        recommendations: count(&|node| matches!(node, Node::Recommendation(_))),
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
        charts: charts(library, force),
    }
}

/// Every chart of a force, in the order content gives them: one per figure series (its
/// periods in time order) and one per table marked for charting.
pub fn charts(library: &Library, force: usize) -> Vec<Chart> {
    let mut charts: Vec<Chart> = Vec::new();
    // Each series' points with their time order, sorted once all are in.
    let mut periods: Vec<Vec<PeriodKey>> = Vec::new();
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
            let index = match charts.iter().position(|c| &c.id == id) {
                Some(index) => index,
                None => {
                    charts.push(Chart {
                        id: id.clone(),
                        title: figure.label.clone(),
                        unit: figure.unit.clone(),
                        series: vec![figure.label.clone()],
                        groups: Vec::new(),
                        reference: None,
                        sources: Vec::new(),
                    });
                    periods.push(Vec::new());
                    charts.len() - 1
                }
            };
            let chart = &mut charts[index];
            let unit = if figure.unit == "%" { "%" } else { "" };
            let mut point = |period: &str, value: f64| {
                chart.groups.push(BarGroup {
                    label: format!("{period} ({year} source)"),
                    values: vec![Some(value)],
                    texts: vec![Some(format!("{}{unit}", crate::model::number(value)))],
                });
                periods[index].push(period_key(period));
            };
            if let Some(c) = &figure.comparator {
                match &c.period {
                    Some(period) => point(period, c.value),
                    // A comparator with no period is a yardstick, not a point in time.
                    None if chart.reference.is_none() => {
                        chart.reference = Some(Reference {
                            label: c.label.clone(),
                            value: c.value,
                        })
                    }
                    None => {}
                }
            }
            let period = figure.period.clone().unwrap_or_else(|| year.to_string());
            point(&period, figure.value);
            if !chart.sources.contains(&source) {
                chart.sources.push(source.clone());
            }
        }
        for block in &finding.body {
            let crate::model::Block::Table(table) = block else {
                continue;
            };
            if table.chart {
                charts.push(table_chart(library.id(key), table));
                periods.push(Vec::new());
            }
        }
    }
    for (chart, keys) in charts.iter_mut().zip(periods) {
        if keys.len() == chart.groups.len() {
            let mut paired: Vec<(PeriodKey, BarGroup)> =
                keys.into_iter().zip(chart.groups.drain(..)).collect();
            paired.sort_by_key(|(key, _)| *key);
            chart.groups = paired.into_iter().map(|(_, group)| group).collect();
        }
    }
    charts
}

/// A table's rows as groups, its numeric columns as the bars of each group.
fn table_chart(source: String, table: &crate::model::Table) -> Chart {
    let parse = |cell: &String| cell.trim().trim_end_matches('%').trim().parse::<f64>().ok();
    let numeric: Vec<usize> = (1..table.columns.len())
        .filter(|&c| {
            table
                .rows
                .iter()
                .any(|row| row.get(c).and_then(parse).is_some())
        })
        .collect();
    Chart {
        id: format!("{source}/table"),
        title: table.caption.clone(),
        unit: "%".into(),
        series: numeric.iter().map(|&c| table.columns[c].clone()).collect(),
        groups: table
            .rows
            .iter()
            .map(|row| BarGroup {
                label: row.first().cloned().unwrap_or_default(),
                values: numeric
                    .iter()
                    .map(|&c| row.get(c).and_then(parse))
                    .collect(),
                texts: numeric
                    .iter()
                    .map(|&c| {
                        let cell = row.get(c)?.trim();
                        parse(&cell.to_owned())?;
                        Some(if cell.ends_with('%') {
                            cell.to_owned()
                        } else {
                            format!("{cell}%")
                        })
                    })
                    .collect(),
            })
            .collect(),
        reference: None,
        sources: vec![source],
    }
}

/// When a period ends, as far as its words say: the last year named, and the month named
/// before it (a year alone counts as its end). Periods that name no year sort last.
type PeriodKey = (u32, u32);

fn period_key(period: &str) -> PeriodKey {
    const MONTHS: [&str; 12] = [
        "january",
        "february",
        "march",
        "april",
        "may",
        "june",
        "july",
        "august",
        "september",
        "october",
        "november",
        "december",
    ];
    let mut month = None;
    let mut key = (u32::MAX, 0);
    for word in period.split(|c: char| !c.is_alphanumeric()) {
        let lower = word.to_lowercase();
        if let Some(m) = MONTHS.iter().position(|name| *name == lower) {
            month = Some(m as u32 + 1);
        } else if word.len() == 4
            && (word.starts_with("19") || word.starts_with("20"))
            && let Ok(year) = word.parse::<u32>()
        {
            key = (year, month.take().unwrap_or(13));
        }
    }
    key
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

    #[test]
    fn an_assessment_spans_every_theme_and_has_none() {
        let library = load_builtin().unwrap();
        for id in ["2017", "2024", "2025", "glossary"] {
            assert_eq!(theme_of(&library, library.find(id).unwrap()), None, "{id}");
        }
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
    fn the_999_chart_has_every_period_in_time_order_and_the_standard() {
        let library = load_builtin().unwrap();
        let all = charts(&library, 0);
        let calls = all
            .iter()
            .find(|c| c.id == "999-answered-within-10-seconds")
            .unwrap();
        let values: Vec<f64> = calls.groups.iter().map(|g| g.values[0].unwrap()).collect();
        assert_eq!(
            values,
            [94.0, 78.9, 77.6, 86.2, 90.9],
            "February 2024, year to March 2024, 2024, 2025, then January with no year"
        );
        let reference = calls.reference.as_ref().expect("the 90% standard");
        assert_eq!(reference.value, 90.0);
        assert!(reference.label.contains("standard"), "{}", reference.label);
    }

    #[test]
    fn figure_4_is_one_chart_with_both_series_side_by_side() {
        let library = load_builtin().unwrap();
        let all = charts(&library, 0);
        let figure4: Vec<&Chart> = all
            .iter()
            .filter(|c| c.title.starts_with("Figure 4"))
            .collect();
        assert_eq!(figure4.len(), 1);
        assert_eq!(figure4[0].series.len(), 2, "Met and England and Wales");
        let charged = &figure4[0].groups[0];
        assert_eq!(charged.values, [Some(3.1), Some(5.5)]);
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

    #[test]
    fn a_node_named_only_by_a_recurring_issue_opens_that_issues_theme() {
        let library = load_builtin().unwrap();
        let model = &library.forces()[0];
        let listed_by_themes: Vec<NodeKey> = model
            .themes
            .iter()
            .flat_map(|t| &t.years)
            .flat_map(|y| &y.nodes)
            .filter_map(|id| library.resolve_in_force(0, id))
            .collect();
        let mut checked = 0;
        for issue in &model.recurring {
            for key in issue
                .nodes
                .iter()
                .filter_map(|id| library.resolve_in_force(0, id))
            {
                let chain = library.ancestry(key);
                if chain.iter().any(|k| listed_by_themes.contains(k)) {
                    continue;
                }
                // Assessment-wide nodes span every theme and open none.
                let Some((_, theme)) = theme_of(&library, key) else {
                    continue;
                };
                assert_eq!(model.themes[theme].id, issue.theme, "{}", library.id(key));
                checked += 1;
            }
        }
        assert!(checked > 0, "the content has such a node");
    }

    #[test]
    fn chart_values_carry_their_unit_and_sources_are_listed_once() {
        let library = load_builtin().unwrap();
        let all = charts(&library, 0);
        let calls = all
            .iter()
            .find(|c| c.id == "999-answered-within-10-seconds")
            .unwrap();
        assert!(
            calls
                .groups
                .iter()
                .all(|g| g.texts[0].as_deref().is_some_and(|t| t.ends_with('%')))
        );
        for chart in &all {
            let mut sources = chart.sources.clone();
            assert!(!sources.is_empty(), "{} cites its sources", chart.title);
            sources.sort();
            sources.dedup();
            assert_eq!(sources.len(), chart.sources.len(), "{}", chart.title);
            if chart.unit != "%" {
                assert!(
                    chart
                        .groups
                        .iter()
                        .flat_map(|g| &g.texts)
                        .flatten()
                        .all(|t| !t.ends_with('%'))
                );
            }
        }
    }

    #[test]
    fn the_first_yardstick_of_a_series_is_its_reference() {
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal");
        let mut files = crate::content::read_dir(&fixture).unwrap();
        let area = files
            .iter_mut()
            .find(|f| f.relative == "testshire/2024/investigating.yaml")
            .unwrap();
        let text = String::from_utf8(area.bytes.clone()).unwrap();
        let figure = "      - label: Cases with effective supervision\n        value: 108\n        unit: cases\n        comparator: {label: Cases reviewed, value: 154}\n";
        assert!(text.contains(figure));
        let two = format!(
            "{}{}",
            figure.replace(
                "unit: cases\n",
                "unit: cases\n        series: supervised\n        period: '2023'\n"
            ),
            figure
                .replace(
                    "unit: cases\n",
                    "unit: cases\n        series: supervised\n        period: '2024'\n"
                )
                .replace(
                    "{label: Cases reviewed, value: 154}",
                    "{label: Cases sampled, value: 160}"
                )
        );
        area.bytes = text.replace(figure, &two).into_bytes();
        let library = crate::content::load_files(files).unwrap();
        let all = charts(&library, 0);
        let chart = all.iter().find(|c| c.id == "supervised").unwrap();
        let reference = chart.reference.as_ref().unwrap();
        assert_eq!(
            (reference.label.as_str(), reference.value),
            ("Cases reviewed", 154.0)
        );
    }

    #[test]
    fn periods_sort_by_when_they_end() {
        assert!(period_key("February 2024") < period_key("year ending 31 March 2024"));
        assert!(period_key("year ending 31 March 2024") < period_key("2024"));
        assert!(
            period_key("1 October 2020 to 30 September 2021")
                < period_key("1 October 2022 to 30 September 2023")
        );
        assert!(period_key("2025, as reported") < period_key("January (year not stated)"));
    }
}
