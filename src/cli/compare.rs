//! `peel compare` and `peel overview`: the cross-year views, printed.

use super::outcome::{Answer, Failure};
use crate::compare::{self, Comparison};
use crate::model::Library;
use serde_json::json;
use std::io::{self, Write};

/// What `peel compare` was asked (the command's help is the variant's, in `cli::Command`).
#[derive(Debug, clap::Args)]
pub struct Args {
    theme: String,
    /// Only these years, e.g. 2017,2024
    #[arg(long, value_delimiter = ',')]
    years: Vec<u16>,
    /// The force to compare within (by id or words of its name); needed when the
    /// content holds several
    #[arg(long, value_name = "ID")]
    pub force: Option<String>,
    /// Print JSON instead of text
    #[arg(long)]
    json: bool,
}

/// `peel compare`: the theme asked for, in `force`, across the years asked for.
pub fn run(
    library: &Library,
    force: usize,
    args: &Args,
    out: &mut dyn Write,
) -> Result<Answer, Failure> {
    let theme = choose_theme(library, force, &args.theme)?;
    check_years(library, &args.years)?;
    write_comparison(library, force, theme, &args.years, args.json, out)?;
    Ok(Answer::Found)
}

/// The theme `wanted` names: by its id; else the one theme whose id or title holds the
/// words typed (`managing`); else the nearest by a fuzzy match (`investigatng`). Words that
/// several themes hold (`crime`) choose none: the themes are listed to choose from, as
/// they are when nothing matches.
pub fn choose_theme(library: &Library, force: usize, wanted: &str) -> Result<usize, Failure> {
    let themes = library
        .forces()
        .get(force)
        .map_or(&[][..], |f| &f.themes[..]);
    if let Some(index) = themes.iter().position(|t| t.id == wanted) {
        return Ok(index);
    }
    let words: Vec<String> = crate::search::fold(wanted)
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect();
    let holding: Vec<usize> = (0..themes.len())
        .filter(|&i| {
            let named = crate::search::fold(&format!("{} {}", themes[i].id, themes[i].title));
            !words.is_empty() && words.iter().all(|w| named.contains(w.as_str()))
        })
        .collect();
    let listed = |failure: Failure, among: &[usize]| {
        among.iter().fold(failure, |failure, &i| {
            failure.detail(format!("  {:32} {}", themes[i].id, themes[i].title))
        })
    };
    match holding[..] {
        [one] => Ok(one),
        [] => compare::find_theme(library, force, wanted).ok_or_else(|| {
            let all: Vec<usize> = (0..themes.len()).collect();
            listed(
                Failure::usage(format!("no theme matches `{wanted}`; themes:")),
                &all,
            )
        }),
        ref several => Err(listed(
            Failure::usage(format!(
                "{} themes match `{wanted}`; name one by its id:",
                several.len()
            )),
            several,
        )),
    }
}

/// Refuses years no assessment has: `--years 2019` would compare nothing.
pub fn check_years(library: &Library, years: &[u16]) -> Result<(), Failure> {
    let held: Vec<u16> = library
        .forces()
        .iter()
        .flat_map(|force| force.assessments.iter().map(|a| a.year))
        .collect();
    let missing: Vec<String> = years
        .iter()
        .filter(|year| !held.contains(year))
        .map(u16::to_string)
        .collect();
    if missing.is_empty() {
        return Ok(());
    }
    let mut held = held;
    held.sort_unstable();
    held.dedup();
    let known: Vec<String> = held.iter().map(u16::to_string).collect();
    Err(Failure::usage(format!(
        "no assessment in {}; years: {}",
        missing.join(", "),
        known.join(", ")
    )))
}

fn write_comparison(
    library: &Library,
    force: usize,
    theme: usize,
    years: &[u16],
    as_json: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let model = &library.forces()[force];
    let comparison = compare::compare(library, force, &model.themes[theme], years);
    if as_json {
        let mut value = comparison_json(library, &comparison);
        value["force"] = json!(model.id);
        serde_json::to_writer_pretty(&mut *out, &value)?;
        return writeln!(out);
    }
    if library.shows_forces() {
        writeln!(out, "{}", crate::content::neutralise(&model.name))?;
    }
    writeln!(out, "{}", comparison.title)?;
    for (c, column) in comparison.columns.iter().enumerate() {
        let described = column.standing.describe();
        // A status that restates the grade ("Good (stated in the text)") adds only the rest.
        let note = column
            .note
            .as_deref()
            .map(|n| match n.strip_prefix(described.as_str()) {
                Some(rest) => rest.trim().trim_start_matches('(').trim_end_matches(')'),
                None => n,
            })
            .filter(|n| !n.trim().is_empty())
            .map(|n| format!("; {}", n.trim()))
            .unwrap_or_default();
        writeln!(out, "\n{}  {described}{note}", column.year)?;
        if !column.summary.is_empty() {
            writeln!(out, "  {}", column.summary)?;
        }
        for key in comparison.column_keys(c) {
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

fn comparison_json(library: &Library, comparison: &Comparison) -> serde_json::Value {
    let columns: Vec<_> = comparison
        .columns
        .iter()
        .enumerate()
        .map(|(c, column)| {
            let findings: Vec<_> = comparison
                .column_keys(c)
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

pub fn write_overview(
    library: &Library,
    force: usize,
    as_json: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let overview = compare::overview(library, force);
    let model = &library.forces()[force];
    if as_json {
        let recurring: Vec<_> = model
            .recurring
            .iter()
            .map(|issue| json!({"id": issue.id, "title": issue.title, "note": issue.note, "trajectory": compare::trajectory(library, force, issue), "ids": issue.nodes}))
            .collect();
        let mut value = serde_json::to_value(&overview)?;
        value["recurring"] = json!(recurring);
        value["force"] = json!(model.id);
        serde_json::to_writer_pretty(&mut *out, &value)?;
        return writeln!(out);
    }
    if library.shows_forces() {
        writeln!(out, "{}\n", crate::content::neutralise(&model.name))?;
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
