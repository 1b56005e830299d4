//! The reader's text for one node, laid out for a width: breadcrumb, title, grade, body,
//! recommendations, figures, quotations, notes and the source. Pure, so both the reader
//! view and the scroll limits use the same lines.

use super::theme::Theme;
use crate::model::{Block, Grade, Library, Node, NodeKey, SourceKind, SourceRef, Table};
use crate::search::Anchor;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

/// The laid-out text, and the line each searchable passage starts on.
pub struct Document {
    pub lines: Vec<Line<'static>>,
    pub anchors: Vec<(Anchor, usize)>,
}

impl Document {
    /// The first line of a passage (the top for one it does not show).
    pub fn line_of(&self, anchor: Anchor) -> usize {
        self.anchors
            .iter()
            .find(|(a, _)| *a == anchor)
            .map_or(0, |(_, line)| *line)
    }

    /// The lines a passage occupies: from its anchor to the next passage's.
    pub fn lines_of(&self, anchor: Anchor) -> std::ops::Range<usize> {
        let Some(position) = self.anchors.iter().position(|(a, _)| *a == anchor) else {
            return 0..0;
        };
        let start = self.anchors[position].1;
        let end = self.anchors[position + 1..]
            .iter()
            .map(|(_, line)| *line)
            .find(|line| *line > start)
            .unwrap_or(self.lines.len());
        start..end
    }
}

pub fn build(library: &Library, key: NodeKey, width: u16, theme: &Theme) -> Document {
    let mut doc = Doc {
        lines: Vec::new(),
        anchors: Vec::new(),
        width: usize::from(width).max(1),
        theme,
    };
    doc.header(library, key);
    match library.node(key) {
        Node::Force(force) => {
            doc.heading("Assessments");
            for assessment in &force.assessments {
                doc.labelled_grade(
                    &format!("{} {}", assessment.year, assessment.title),
                    assessment.grade,
                );
            }
        }
        Node::Assessment(assessment) => {
            doc.field("Framework", &assessment.framework);
            doc.field(
                "Published",
                assessment
                    .published
                    .as_deref()
                    .unwrap_or("not stated in the sources"),
            );
            if assessment.grade.is_judgment() || assessment.status.is_none() {
                doc.grade_field("Overall grade", assessment.grade);
            }
            if let Some(status) = &assessment.status {
                doc.field("Status", status);
            }
            doc.blocks(&assessment.summary);
            doc.children(library, key);
            doc.source(library, assessment.source.as_ref());
        }
        Node::Area(area) => {
            doc.grade_field("Grade", area.grade);
            doc.blocks(&area.summary);
            doc.children(library, key);
            doc.source(library, area.source.as_ref());
        }
        Node::Section { .. } | Node::Glossary { .. } => doc.children(library, key),
        Node::GlossaryTerm(term) => {
            if !term.aliases.is_empty() {
                doc.field("Also", &term.aliases.join(", "));
                doc.blank();
            }
            doc.anchor(Anchor::Block(0));
            doc.wrapped(&term.definition, Style::new(), "", "");
            if term.editorial {
                doc.blank();
                doc.note(
                    "peel's own neutral definition: the sources use this term without defining it.",
                );
            }
            doc.source(library, term.source.as_ref());
        }
        Node::Finding(finding) => {
            if finding.editorial_title {
                doc.note("The source has no heading here; peel supplied this title.");
            }
            doc.blocks(&finding.body);
            if !finding.recommendations.is_empty() {
                doc.heading("Recommendations");
                for recommendation in &finding.recommendations {
                    let deadline = format!("[{}] ", recommendation.deadline);
                    doc.bullet_with(&deadline, &recommendation.text);
                }
            }
            if !finding.figures.is_empty() {
                doc.heading("Figures");
                for (i, figure) in finding.figures.iter().enumerate() {
                    doc.anchor(Anchor::Figure(i));
                    doc.bullet(&figure.describe());
                }
            }
            if !finding.quotes.is_empty() {
                doc.heading("Quotations");
                for (i, quote) in finding.quotes.iter().enumerate() {
                    doc.anchor(Anchor::Quote(i));
                    doc.wrapped(
                        &format!("“{}” — {}", quote.text, quote.by),
                        Style::new(),
                        "  ",
                        "  ",
                    );
                }
            }
            for (i, note) in finding.notes.iter().enumerate() {
                doc.blank();
                doc.anchor(Anchor::Note(i));
                doc.wrapped(&format!("Note (peel): {note}"), theme.editorial(), "", "");
            }
            doc.source(library, Some(&finding.source));
        }
        Node::Recommendation(recommendation) => {
            doc.field("Deadline", recommendation.deadline.label());
            doc.blank();
            doc.wrapped(&recommendation.text, Style::new(), "", "");
            if let Some(parent) = library.parent(key) {
                doc.blank();
                doc.wrapped(
                    &format!("Made under: {}", library.node(parent).title()),
                    theme.dim(),
                    "",
                    "",
                );
            }
            doc.source(library, Some(&recommendation.source));
        }
    }
    Document {
        lines: doc.lines,
        anchors: doc.anchors,
    }
}

struct Doc<'t> {
    lines: Vec<Line<'static>>,
    anchors: Vec<(Anchor, usize)>,
    width: usize,
    theme: &'t Theme,
}

impl Doc<'_> {
    fn anchor(&mut self, anchor: Anchor) {
        self.anchors.push((anchor, self.lines.len()));
    }

    fn blank(&mut self) {
        if self.lines.last().is_some_and(|line| line.width() > 0) {
            self.lines.push(Line::default());
        }
    }

    fn wrapped(&mut self, text: &str, style: Style, first: &str, rest: &str) {
        let text = self.theme.text(text);
        let options = textwrap::Options::new(self.width)
            .initial_indent(first)
            .subsequent_indent(rest);
        for line in textwrap::wrap(&text, options) {
            self.lines.push(Line::styled(line.into_owned(), style));
        }
    }

    fn header(&mut self, library: &Library, key: NodeKey) {
        let crumbs = library.breadcrumb(key);
        if !crumbs.is_empty() {
            self.wrapped(
                &crumbs.join(self.theme.separator()),
                self.theme.dim(),
                "",
                "",
            );
        }
        let node = library.node(key);
        self.anchor(Anchor::Title);
        self.wrapped(node.title(), self.theme.heading(), "", "");
        let kind = match node {
            Node::Finding(finding) => finding.kind.label().to_owned(),
            Node::Section { count: 1, .. } => "Section · 1 finding".to_owned(),
            Node::Section { count, .. } => format!("Section · {count} findings"),
            Node::Glossary { count } => format!("{count} terms"),
            Node::GlossaryTerm(_) => "Glossary term".to_owned(),
            other => capitalise(&other.kind_key().replace('-', " ")),
        };
        let year = library
            .year(key)
            .map(|y| format!(" · {y}"))
            .unwrap_or_default();
        self.wrapped(&format!("{kind}{year}"), self.theme.accent(), "", "");
        self.blank();
    }

    fn heading(&mut self, text: &str) {
        self.blank();
        self.wrapped(text, self.theme.heading(), "", "");
    }

    fn field(&mut self, label: &str, value: &str) {
        self.wrapped(&format!("{label}: {value}"), Style::new(), "", "  ");
    }

    fn badge(&self, grade: Grade) -> Span<'static> {
        if self.theme.color {
            Span::styled(format!(" {} ", grade.label()), self.theme.grade(grade))
        } else {
            Span::styled(format!("[{}]", grade.label()), self.theme.grade(grade))
        }
    }

    fn grade_field(&mut self, label: &str, grade: Grade) {
        let line = Line::from(vec![Span::raw(format!("{label}: ")), self.badge(grade)]);
        self.lines.push(line);
    }

    fn labelled_grade(&mut self, text: &str, grade: Grade) {
        let badge = self.badge(grade);
        let room = self.width.saturating_sub(badge.width() + 3);
        let text = truncate(&self.theme.text(text), room, self.theme.ellipsis());
        self.lines.push(Line::from(vec![
            Span::raw(format!("{}{text} ", self.theme.bullet())),
            badge,
        ]));
    }

    fn note(&mut self, text: &str) {
        self.wrapped(text, self.theme.editorial(), "", "");
    }

    fn bullet(&mut self, text: &str) {
        self.bullet_with("", text);
    }

    fn bullet_with(&mut self, prefix: &str, text: &str) {
        let bullet = self.theme.bullet();
        self.wrapped(
            &format!("{prefix}{text}"),
            Style::new(),
            bullet,
            &" ".repeat(bullet.width()),
        );
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for (b, block) in blocks.iter().enumerate() {
            self.blank();
            self.anchor(Anchor::Block(b));
            match block {
                Block::Paragraph(text) => self.wrapped(text, Style::new(), "", ""),
                Block::Bullets(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.anchor(Anchor::Item(b, i));
                        self.bullet(item);
                    }
                }
                Block::Table(table) => self.table(b, table),
            }
        }
    }

    /// A real table: columns sized to their content, the widest shrunk (and its cells
    /// wrapped) until the table fits the width.
    fn table(&mut self, block: usize, table: &Table) {
        self.wrapped(&table.caption, self.theme.heading(), "", "");
        let columns = table.columns.len();
        if columns == 0 {
            return;
        }
        let gap = 2;
        let room = self.width.saturating_sub(gap * (columns - 1)).max(columns);
        let widths = self.column_widths(table, room);
        let header = self.theme.heading();
        self.table_row(&table.columns, &widths, gap, header);
        for (i, row) in table.rows.iter().enumerate() {
            self.anchor(Anchor::Item(block, i));
            self.table_row(row, &widths, gap, Style::new());
        }
        for note in &table.notes {
            self.wrapped(note, self.theme.dim(), "", "");
        }
    }

    /// Natural widths when they fit. Otherwise each column gets what its body cells and
    /// longest word need (headers wrap first), spare room goes to the columns with the most
    /// text, and only then is the widest column squeezed.
    fn column_widths(&self, table: &Table, room: usize) -> Vec<usize> {
        let width = |cell: &String| self.theme.text(cell).width();
        let longest_word = |cell: &String| {
            self.theme
                .text(cell)
                .split_whitespace()
                .map(UnicodeWidthStr::width)
                .max()
                .unwrap_or(0)
        };
        let cells = |c: usize| {
            std::iter::once(&table.columns[c])
                .chain(table.rows.iter().filter_map(move |row| row.get(c)))
        };
        let columns = table.columns.len();
        let natural: Vec<usize> = (0..columns)
            .map(|c| cells(c).map(width).max().unwrap_or(0).max(1))
            .collect();
        if natural.iter().sum::<usize>() <= room {
            return natural;
        }
        let mut widths: Vec<usize> = (0..columns)
            .map(|c| {
                let body = table
                    .rows
                    .iter()
                    .filter_map(|row| row.get(c))
                    .map(width)
                    .max()
                    .unwrap_or(0);
                let word = cells(c).map(longest_word).max().unwrap_or(0);
                body.max(word).clamp(1, natural[c])
            })
            .collect();
        while widths.iter().sum::<usize>() < room {
            let Some(c) = (0..columns)
                .filter(|&c| widths[c] < natural[c])
                .max_by_key(|&c| natural[c] - widths[c])
            else {
                break;
            };
            widths[c] += 1;
        }
        while widths.iter().sum::<usize>() > room {
            let Some(c) = (0..columns)
                .filter(|&c| widths[c] > 1)
                .max_by_key(|&c| widths[c])
            else {
                break;
            };
            widths[c] -= 1;
        }
        widths
    }

    fn table_row(&mut self, cells: &[String], widths: &[usize], gap: usize, style: Style) {
        let wrapped: Vec<Vec<String>> = widths
            .iter()
            .enumerate()
            .map(|(c, &w)| {
                let text = cells
                    .get(c)
                    .map(|cell| self.theme.text(cell).into_owned())
                    .unwrap_or_default();
                textwrap::wrap(&text, w.max(1))
                    .into_iter()
                    .map(|l| l.into_owned())
                    .collect()
            })
            .collect();
        let height = wrapped.iter().map(Vec::len).max().unwrap_or(1).max(1);
        for line in 0..height {
            let mut text = String::new();
            for (c, &w) in widths.iter().enumerate() {
                let cell = wrapped[c].get(line).map(String::as_str).unwrap_or("");
                text.push_str(cell);
                if c + 1 < widths.len() {
                    text.push_str(&" ".repeat(w.saturating_sub(cell.width()) + gap));
                }
            }
            self.lines
                .push(Line::styled(text.trim_end().to_owned(), style));
        }
    }

    fn children(&mut self, library: &Library, key: NodeKey) {
        let children = library.children(key);
        if children.is_empty() {
            return;
        }
        self.heading("Contents");
        for child in children {
            match library.node(child) {
                Node::Area(area) => {
                    let title = area.short_title.as_deref().unwrap_or(&area.title);
                    self.labelled_grade(title, area.grade);
                }
                Node::Section { kind, count } => {
                    self.bullet(&format!("{} ({count})", kind.section_title()))
                }
                node => self.bullet(node.title()),
            }
        }
    }

    fn source(&mut self, library: &Library, source: Option<&SourceRef>) {
        let Some(source) = source else { return };
        self.blank();
        let [first, last] = source.lines;
        let range = if first == last {
            format!("line {first}")
        } else {
            format!("lines {first}–{last}")
        };
        self.wrapped(
            &format!("Source: {}, {range}", source.file),
            self.theme.accent(),
            "",
            "  ",
        );
        if let Some(doc) = library.source_document(&source.file) {
            self.wrapped(
                &format!("{}: {}", doc.publisher, doc.title),
                self.theme.dim(),
                "  ",
                "  ",
            );
            if doc.kind == SourceKind::Press {
                self.wrapped(
                    "A press article: summarised in peel's own words; only the quotations are verbatim.",
                    self.theme.editorial(),
                    "  ",
                    "  ",
                );
            }
        }
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// Cuts `text` to `width` terminal cells, ending with an ellipsis when it had to cut.
pub fn truncate(text: &str, width: usize, ellipsis: &str) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let room = width.saturating_sub(ellipsis.width());
    let mut out = String::new();
    let mut used = 0;
    for c in text.chars() {
        let w = unicode_width::UnicodeWidthChar::width(c).unwrap_or(0);
        if used + w > room {
            break;
        }
        used += w;
        out.push(c);
    }
    if width >= ellipsis.width() {
        out.push_str(ellipsis);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn truncation_counts_cells_not_bytes() {
        assert_eq!(truncate("日本語のテキスト", 7, "…"), "日本語…");
        assert_eq!(truncate("short", 10, "…"), "short");
        assert_eq!(truncate("abcdef", 0, "…"), "");
    }
}
