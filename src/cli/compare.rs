//! `peel compare` and `peel overview`: the cross-year views, printed.

use crate::compare::{self, Comparison};
use crate::model::Library;
use serde_json::json;
use std::io::{self, Write};

pub fn write_comparison(
    library: &Library,
    theme: usize,
    years: &[u16],
    as_json: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let comparison = compare::compare(library, 0, &library.forces()[0].themes[theme], years);
    if as_json {
        serde_json::to_writer_pretty(&mut *out, &comparison_json(library, &comparison))?;
        return writeln!(out);
    }
    writeln!(out, "{}", comparison.title)?;
    for (c, column) in comparison.columns.iter().enumerate() {
        let note = column
            .note
            .as_ref()
            .map(|n| format!("; {n}"))
            .unwrap_or_default();
        writeln!(
            out,
            "\n{}  {}{note}",
            column.year,
            column.standing.describe()
        )?;
        if !column.summary.is_empty() {
            writeln!(out, "  {}", column.summary)?;
        }
        for key in column_nodes(&comparison, c) {
            writeln!(
                out,
                "  - {}  [{}]",
                library.node(key).title(),
                library.id(key)
            )?;
        }
    }
    let linked: Vec<_> = comparison
        .rows
        .iter()
        .filter_map(|row| row.recurring.as_ref().map(|link| (link, row)))
        .collect();
    if !linked.is_empty() {
        writeln!(out, "\nRecurring across years:")?;
        for (link, row) in linked {
            writeln!(out, "  <-> {}: {}", link.title, link.note)?;
            for (c, cell) in row.cells.iter().enumerate() {
                for key in cell {
                    writeln!(
                        out,
                        "      {} {}",
                        comparison.columns[c].year,
                        library.id(*key)
                    )?;
                }
            }
        }
    }
    Ok(())
}

/// Every node of one column, once, in row order.
fn column_nodes(comparison: &Comparison, column: usize) -> Vec<crate::model::NodeKey> {
    let mut nodes = Vec::new();
    for key in comparison.rows.iter().flat_map(|row| &row.cells[column]) {
        if !nodes.contains(key) {
            nodes.push(*key);
        }
    }
    nodes
}

fn comparison_json(library: &Library, comparison: &Comparison) -> serde_json::Value {
    let columns: Vec<_> = comparison
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let findings: Vec<_> = column_nodes(comparison, c)
                .into_iter()
                .map(|key| json!({"id": library.id(key), "title": library.node(key).title()}))
                .collect();
            json!({
                "year": column.year,
                "grade": column.grade.map(|g| g.label()),
                "standing": column.standing.describe(),
                "status": column.status,
                "summary": column.summary,
                "findings": findings,
            })
        })
        .collect();
    let recurring: Vec<_> = comparison
        .rows
        .iter()
        .filter_map(|row| {
            let link = row.recurring.as_ref()?;
            let ids: Vec<String> = row
                .cells
                .iter()
                .flatten()
                .map(|key| library.id(*key))
                .collect();
            Some(json!({"id": link.id, "title": link.title, "note": link.note, "ids": ids}))
        })
        .collect();
    json!({"theme": comparison.theme, "title": comparison.title, "columns": columns, "recurring": recurring})
}

pub fn write_overview(library: &Library, as_json: bool, out: &mut dyn Write) -> io::Result<()> {
    let overview = compare::overview(library, 0);
    if as_json {
        let recurring: Vec<_> = library.forces()[0]
            .recurring
            .iter()
            .map(|issue| json!({"id": issue.id, "title": issue.title, "note": issue.note, "trajectory": compare::trajectory(library, 0, issue), "ids": issue.nodes}))
            .collect();
        let mut value = serde_json::to_value(&overview)?;
        value["recurring"] = json!(recurring);
        serde_json::to_writer_pretty(&mut *out, &value)?;
        return writeln!(out);
    }
    for row in &overview.themes {
        writeln!(out, "{}", row.title)?;
        for cell in &row.cells {
            let mut state = cell.standing.clone();
            if let Some(note) = &cell.note {
                state.push_str(&format!("; {note}"));
            }
            let counts: Vec<String> = [
                (
                    "cause of concern",
                    "causes of concern",
                    cell.causes_of_concern,
                ),
                ("recommendation", "recommendations", cell.recommendations),
                (
                    "area for improvement",
                    "areas for improvement",
                    cell.areas_for_improvement,
                ),
            ]
            .into_iter()
            .filter(|(_, _, n)| *n > 0)
            .map(|(one, many, n)| format!("{n} {}", if n == 1 { one } else { many }))
            .collect();
            let counts = if counts.is_empty() {
                String::new()
            } else {
                format!(" ({})", counts.join(", "))
            };
            writeln!(out, "  {}  {state}{counts}", cell.year)?;
        }
    }
    for chart in &overview.charts {
        writeln!(out, "\n{} ({})", chart.title, chart.unit)?;
        if let Some(reference) = &chart.reference {
            writeln!(
                out,
                "  {:>7}  {} (reference)",
                reference.value, reference.label
            )?;
        }
        for group in &chart.groups {
            let values: Vec<String> = group
                .values
                .iter()
                .map(|v| v.map_or("-".to_owned(), |v| v.to_string()))
                .collect();
            writeln!(out, "  {:>7}  {}", values.join(" / "), group.label)?;
        }
        if chart.series.len() > 1 {
            writeln!(out, "  (values: {})", chart.series.join(" / "))?;
        }
    }
    Ok(())
}
