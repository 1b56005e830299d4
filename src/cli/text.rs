//! Plain-text output: the outline (`peel tree`), one node (`peel show`) and counts.

use crate::model::{Library, Node, NodeKey};
use std::io::{self, IsTerminal, Write};
use unicode_width::UnicodeWidthStr;

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
/// sends (`crate::document`), wrapped to `width` on a terminal.
pub fn write_node(
    library: &Library,
    key: NodeKey,
    width: Option<usize>,
    out: &mut dyn Write,
) -> io::Result<()> {
    let text = crate::document::build(library, key).plain_text();
    out.write_all(fit(&text, width).as_bytes())
}

/// The width of the terminal standard output is, to wrap text to; none when piped.
pub fn terminal_width() -> Option<usize> {
    let stdout = std::io::stdout();
    if !stdout.is_terminal() {
        return None;
    }
    rustix::termios::tcgetwinsize(&stdout)
        .ok()
        .map(|size| usize::from(size.ws_col))
        .filter(|&columns| columns > 0)
}

/// `text` with every line longer than `width` (a terminal's) wrapped at spaces, its
/// further lines hung under the text after its indent and list marker (`• `, `- `, `3. `),
/// so that no word is cut at the terminal's edge. A word wider than a line (a long id) is
/// left whole on a line of its own, for the terminal to fold and a reader to copy whole.
/// Unchanged without a width: piped output is plain lines.
pub fn fit(text: &str, width: Option<usize>) -> String {
    let Some(width) = width.filter(|&w| w > 0) else {
        return text.to_owned();
    };
    let mut out = String::with_capacity(text.len() + text.len() / 8);
    for line in text.split_inclusive('\n') {
        let (body, ending) = match line.strip_suffix('\n') {
            Some(body) => (body, "\n"),
            None => (line, ""),
        };
        if UnicodeWidthStr::width(body) <= width {
            out.push_str(line);
            continue;
        }
        let indent = &body[..body.len() - body.trim_start().len()];
        let hang = hang(body);
        // A hang that leaves little room for words is not worth keeping.
        let hang = if UnicodeWidthStr::width(hang) * 2 > width {
            indent
        } else {
            hang
        };
        let hang = " ".repeat(UnicodeWidthStr::width(hang));
        let options = textwrap::Options::new(width)
            .initial_indent(indent)
            .subsequent_indent(&hang)
            .word_separator(textwrap::WordSeparator::AsciiSpace)
            .word_splitter(textwrap::WordSplitter::NoHyphenation)
            .break_words(false);
        let pieces = textwrap::wrap(body.trim_start(), options);
        out.push_str(&pieces.join("\n"));
        out.push_str(ending);
    }
    out
}

/// The start of `line` that its wrapped lines hang under: its indent and a list marker
/// with the spaces after it.
fn hang(line: &str) -> &str {
    let indent = line.len() - line.trim_start().len();
    let rest = &line[indent..];
    let digits = rest.chars().take_while(char::is_ascii_digit).count();
    let marker = ["• ", "- ", "* ", "<-> "]
        .iter()
        .find(|marker| rest.starts_with(*marker))
        .map(|marker| marker.len())
        .or_else(|| (digits > 0 && rest[digits..].starts_with(". ")).then_some(digits + 2));
    match marker {
        Some(marker) => {
            let after = &rest[marker..];
            &line[..indent + marker + after.len() - after.trim_start().len()]
        }
        None => &line[..indent],
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_lines_wrap_at_spaces_and_hang_under_their_text() {
        let text = "Recommendations\n• [within six months] introduce a risk assessment process\n  1. 2024  Workloads in Jigsaw teams\nshort\n";
        let wrapped = fit(text, Some(24));
        assert_eq!(
            wrapped,
            "Recommendations\n• [within six months]\n  introduce a risk\n  assessment process\n  1. 2024  Workloads in\n     Jigsaw teams\nshort\n"
        );
        for line in wrapped.lines() {
            assert!(UnicodeWidthStr::width(line) <= 24, "{line:?}");
        }
    }

    #[test]
    fn a_word_wider_than_the_line_stays_whole_and_piped_text_is_unchanged() {
        let id = "2024/investigating-crime/cause-of-concern/crime-allocation";
        let wrapped = fit(&format!("      see {id} here\n"), Some(30));
        assert_eq!(wrapped, format!("      see\n      {id}\n      here\n"));
        let text = format!("a long line of words {id}\n");
        assert_eq!(fit(&text, None), text);
    }
}
