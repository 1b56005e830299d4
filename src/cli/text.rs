//! Plain-text output: the outline (`peel tree`), one node (`peel show`) and counts.

use crate::model::{Library, Node, NodeKey};
use std::io::{self, Write};

pub fn summary_line(library: &Library) -> String {
    let counts = library.counts();
    let kinds: Vec<String> = counts
        .findings
        .iter()
        .map(|(kind, n)| format!("{n} {}", kind.key()))
        .collect();
    let forces = if counts.forces > 1 {
        format!("{} forces, ", counts.forces)
    } else {
        String::new()
    };
    format!(
        "{forces}{} assessments, {} areas, {} findings ({}), {} recommendations, {} figures, {} themes, {} recurring issues, {} glossary terms",
        counts.assessments,
        counts.areas,
        counts.findings_total(),
        kinds.join(", "),
        counts.recommendations,
        counts.figures,
        counts.themes,
        counts.recurring,
        counts.glossary
    )
}

pub fn write_tree(library: &Library, ids: bool, out: &mut dyn Write) -> io::Result<()> {
    for key in library.preorder() {
        let depth = library.ancestry(key).len() - 1;
        let node = library.node(key);
        write!(out, "{}", "  ".repeat(depth))?;
        if let Node::Assessment(a) = node {
            write!(out, "{} ", a.year)?;
        }
        // Areas by the name the explorer's tree gives them.
        match node {
            Node::Area(area) => write!(out, "{}", area.label())?,
            _ => write!(out, "{}", node.title())?,
        }
        let standing = library.standing(key).map(|s| s.describe());
        match node {
            Node::Assessment(a) => match (&a.status, standing) {
                (Some(status), _) if !a.grade.is_judgment() => write!(out, " ({status})")?,
                (_, Some(standing)) => write!(out, " ({standing})")?,
                _ => {}
            },
            Node::Area(_) => write!(out, " ({})", standing.unwrap_or_default())?,
            Node::Section { count, .. } => write!(out, " ({count})")?,
            Node::Recommendation(r) => write!(out, " ({})", r.deadline)?,
            _ => {}
        }
        if ids {
            write!(out, "  [{}]", library.id(key))?;
        }
        writeln!(out)?;
    }
    Ok(())
}

/// One node as `peel show` prints it: the same document the reader shows and the copy key
/// sends (`crate::document`).
pub fn write_node(library: &Library, key: NodeKey, out: &mut dyn Write) -> io::Result<()> {
    out.write_all(crate::document::build(library, key).plain_text().as_bytes())
}
