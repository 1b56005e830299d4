//! Plain-text output: the outline (`peel tree`), one node (`peel show`) and counts.

use crate::model::{Block, Library, Node, NodeKey};
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
        write!(out, "{}", node.title())?;
        match node {
            Node::Assessment(a) => match &a.status {
                Some(status) if !a.grade.is_judgment() => write!(out, " ({status})")?,
                _ => write!(out, " ({})", a.grade)?,
            },
            Node::Area(area) => write!(out, " ({})", area.grade)?,
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

/// One node as `peel show` prints it: what the explorer's copy key puts on the clipboard.
pub fn node_text(library: &Library, key: NodeKey) -> String {
    let mut out = Vec::new();
    // Writing into a Vec cannot fail.
    let _ = write_node(library, key, &mut out);
    String::from_utf8_lossy(&out).into_owned()
}

pub fn write_node(library: &Library, key: NodeKey, out: &mut dyn Write) -> io::Result<()> {
    let node = library.node(key);
    let crumbs = library.breadcrumb(key);
    if !crumbs.is_empty() {
        writeln!(out, "{}", crumbs.join(" > "))?;
    }
    writeln!(out, "{}", node.title())?;
    let year = library
        .year(key)
        .map(|y| format!(" · {y}"))
        .unwrap_or_default();
    writeln!(out, "{}{year} · {}", kind_label(&node), library.id(key))?;
    match node {
        Node::Force(force) => {
            for a in &force.assessments {
                writeln!(out, "  {} {}", a.year, a.title)?;
            }
        }
        Node::Assessment(a) => {
            writeln!(out, "Framework: {}", a.framework)?;
            writeln!(
                out,
                "Published: {}",
                a.published
                    .as_deref()
                    .unwrap_or("not stated in the sources")
            )?;
            writeln!(out, "Overall grade: {}", a.grade)?;
            if let Some(status) = &a.status {
                writeln!(out, "Status: {status}")?;
            }
            write_blocks(&a.summary, out)?;
            write_source(library, a.source.as_ref(), out)?;
        }
        Node::Area(area) => {
            writeln!(out, "Grade: {}", area.grade)?;
            write_blocks(&area.summary, out)?;
            write_source(library, area.source.as_ref(), out)?;
        }
        Node::GlossaryTerm(term) => {
            if !term.aliases.is_empty() {
                writeln!(out, "Also: {}", term.aliases.join(", "))?;
            }
            writeln!(out, "\n{}", term.definition)?;
            if term.editorial {
                writeln!(
                    out,
                    "\n(peel's own definition: the sources use the term without defining it)"
                )?;
            }
            write_source(library, term.source.as_ref(), out)?;
        }
        Node::Section { .. } | Node::Glossary { .. } => {
            for child in library.children(key) {
                writeln!(out, "  - {}", library.node(child).title())?;
            }
        }
        Node::Finding(finding) => {
            if finding.editorial_title {
                writeln!(
                    out,
                    "(title supplied by peel; the source has no heading here)"
                )?;
            }
            write_blocks(&finding.body, out)?;
            if !finding.recommendations.is_empty() {
                writeln!(out, "\nRecommendations:")?;
                for r in &finding.recommendations {
                    writeln!(out, "  - [{}] {}", r.deadline, r.text)?;
                }
            }
            if !finding.figures.is_empty() {
                writeln!(out, "\nFigures:")?;
                for figure in &finding.figures {
                    writeln!(out, "  - {}", figure.describe())?;
                }
            }
            for quote in &finding.quotes {
                writeln!(out, "\n  “{}” — {}", quote.text, quote.by)?;
            }
            for note in &finding.notes {
                writeln!(out, "\nNote (peel): {note}")?;
            }
            write_source(library, Some(&finding.source), out)?;
        }
        Node::Recommendation(r) => {
            writeln!(out, "Deadline: {}", r.deadline)?;
            writeln!(out, "\n{}", r.text)?;
            write_source(library, Some(&r.source), out)?;
        }
    }
    Ok(())
}

fn kind_label(node: &Node) -> String {
    match node {
        Node::Finding(f) => f.kind.label().to_owned(),
        other => {
            let key = other.kind_key();
            let mut label = key.replace('-', " ");
            if let Some(first) = label.get_mut(..1) {
                first.make_ascii_uppercase();
            }
            label
        }
    }
}

fn write_blocks(blocks: &[Block], out: &mut dyn Write) -> io::Result<()> {
    for block in blocks {
        writeln!(out)?;
        match block {
            Block::Paragraph(text) => writeln!(out, "{text}")?,
            Block::Bullets(items) => {
                for item in items {
                    writeln!(out, "  • {item}")?;
                }
            }
            Block::Table(table) => {
                writeln!(out, "{}", table.caption)?;
                let widths: Vec<usize> = (0..table.columns.len())
                    .map(|c| {
                        std::iter::once(&table.columns[c])
                            .chain(table.rows.iter().filter_map(|r| r.get(c)))
                            .map(|s| s.chars().count())
                            .max()
                            .unwrap_or(0)
                    })
                    .collect();
                for row in std::iter::once(&table.columns).chain(&table.rows) {
                    let cells: Vec<String> = row
                        .iter()
                        .zip(&widths)
                        .map(|(cell, w)| format!("{cell:<w$}"))
                        .collect();
                    writeln!(out, "  {}", cells.join("  ").trim_end())?;
                }
                for note in &table.notes {
                    writeln!(out, "  {note}")?;
                }
            }
        }
    }
    Ok(())
}

fn write_source(
    library: &Library,
    source: Option<&crate::model::SourceRef>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let Some(source) = source else {
        return Ok(());
    };
    let [first, last] = source.lines;
    let title = library
        .source_document(&source.file)
        .map(|doc| format!(" — {}, {}", doc.publisher, doc.title))
        .unwrap_or_default();
    writeln!(
        out,
        "\nSource: {}, lines {first}–{last}{title}",
        source.file
    )
}
