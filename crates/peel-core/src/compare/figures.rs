//! The series of figures the sources give, as charts: bars in groups, periods in time
//! order, and the reference value a source states.

use crate::model::{Library, Node};
use serde::Serialize;

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
