//! `peel recurring`: a force's recurring issues, the curated ones and then those peel
//! suggests from the wording of its findings, each suggestion with its score.

use crate::compare;
use crate::content::neutralise;
use crate::model::Library;
use crate::recurring::{self, Suggestion};
use serde_json::json;
use std::io::{self, Write};

pub fn write(
    library: &Library,
    force: usize,
    as_json: bool,
    out: &mut dyn Write,
) -> io::Result<()> {
    let model = &library.forces()[force];
    let suggested = recurring::suggest(library, force);
    if as_json {
        let curated: Vec<_> = model
            .recurring
            .iter()
            .map(|issue| {
                json!({"id": issue.id, "title": issue.title, "note": issue.note,
                    "trajectory": compare::trajectory(library, force, issue), "ids": issue.nodes})
            })
            .collect();
        let suggestions: Vec<_> = suggested
            .iter()
            .map(|s| {
                json!({"score": s.score, "shared": s.shared,
                    "trajectory": compare::trajectory_of(library, &s.nodes),
                    "ids": s.nodes.iter().map(|&k| library.id(k)).collect::<Vec<_>>()})
            })
            .collect();
        let value = json!({"force": model.id, "curated": curated, "suggested": suggestions,
            "suggested_by": recurring::HEADING, "threshold": recurring::THRESHOLD});
        serde_json::to_writer_pretty(&mut *out, &value)?;
        return writeln!(out);
    }
    if library.shows_forces() {
        writeln!(out, "{}\n", neutralise(&model.name))?;
    }
    if model.recurring.is_empty() {
        writeln!(out, "No curated recurring issues.")?;
    }
    for issue in &model.recurring {
        writeln!(out, "{}", neutralise(&issue.title))?;
        let trajectory = compare::trajectory(library, force, issue);
        writeln!(out, "  {}", neutralise(&trajectory))?;
        for key in issue
            .nodes
            .iter()
            .filter_map(|id| library.resolve_in_force(force, id))
        {
            write_node(library, key, out)?;
        }
        writeln!(out)?;
    }
    writeln!(out, "\n{}\n{}", recurring::HEADING, recurring::explained())?;
    if suggested.is_empty() {
        writeln!(
            out,
            "  none: no findings of two assessments share enough of their wording"
        )?;
    }
    for suggestion in &suggested {
        write_suggestion(library, suggestion, out)?;
    }
    Ok(())
}

fn write_suggestion(
    library: &Library,
    suggestion: &Suggestion,
    out: &mut dyn Write,
) -> io::Result<()> {
    let trajectory = compare::trajectory_of(library, &suggestion.nodes);
    writeln!(
        out,
        "\n  score {}: {}  (shared: {})",
        suggestion.score,
        neutralise(&trajectory),
        neutralise(&suggestion.shared.join(", "))
    )?;
    for &key in &suggestion.nodes {
        write_node(library, key, out)?;
    }
    Ok(())
}

fn write_node(
    library: &Library,
    key: crate::model::NodeKey,
    out: &mut dyn Write,
) -> io::Result<()> {
    let year = library.year(key).map(|y| y.to_string()).unwrap_or_default();
    writeln!(
        out,
        "    {year}  {}  [{}]",
        neutralise(library.node(key).title()),
        neutralise(&library.id(key))
    )
}
