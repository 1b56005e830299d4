//! A briefing as Markdown (CommonMark with GitHub's tables): quotations as block quotes,
//! each followed by its citation; peel's own words marked as such and never quoted. Every
//! string from content is escaped, so a title never becomes a heading, a link or HTML.

use super::{Body, Briefing, Citation, ComparisonPart, GradesTable, Item, ResultRow, StyledSpan};
use crate::content::neutralise;
use crate::document::{BREADCRUMB_SEPARATOR, line_range};

/// What a reader of a briefing is told once, under its title.
const READING: &str = "Block quotes are the source's own words, each followed by the \
    file and lines it stands at and the publication. Text marked as peel's words (press \
    summaries, theme summaries, notes, titles peel supplied) is not a quotation.";

/// `text` made inert (as on screen) and escaped, so that Markdown reads it as plain text
/// wherever it is put: no heading, list, quote, link, image, emphasis, code, table cell
/// break, HTML or entity can come of it.
pub fn escape(text: &str) -> String {
    let text = neutralise(text);
    let chars: Vec<char> = text.chars().collect();
    let mut out = String::with_capacity(text.len() + 8);
    for (i, &c) in chars.iter().enumerate() {
        let next = chars.get(i + 1).copied();
        let escaped = match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '#' | '|' | '~' => true,
            // `&amp;` and `&#42;` are character references; a lone & is not.
            '&' => next.is_some_and(|n| n.is_ascii_alphanumeric() || n == '#'),
            // A bare address would become a link in GitHub's Markdown.
            ':' => chars.get(i + 1..i + 3) == Some(&['/', '/']),
            '.' => {
                i >= 3
                    && chars[i - 3..i]
                        .iter()
                        .collect::<String>()
                        .eq_ignore_ascii_case("www")
            }
            _ => false,
        };
        if escaped {
            out.push('\\');
        }
        out.push(c);
    }
    // What only acts at the start of a line: a quote, a list item, a heading underline.
    if out.starts_with(['>', '-', '+', '=']) {
        out.insert(0, '\\');
    }
    let digits = out.chars().take_while(char::is_ascii_digit).count();
    if digits > 0 && out[digits..].starts_with(['.', ')']) {
        out.insert(digits, '\\');
    }
    out
}

/// Lines of Markdown, with blocks kept apart by one blank line and list items together.
#[derive(Default)]
struct Markdown {
    out: String,
    in_list: bool,
}

impl Markdown {
    fn block(&mut self, text: &str) {
        if !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str(text);
        self.out.push('\n');
        self.in_list = false;
    }

    fn item(&mut self, text: &str) {
        if !self.in_list && !self.out.is_empty() {
            self.out.push('\n');
        }
        self.out.push_str("- ");
        self.out.push_str(text);
        self.out.push('\n');
        self.in_list = true;
    }

    fn heading(&mut self, level: usize, text: &str) {
        self.block(&format!("{} {text}", "#".repeat(level.clamp(1, 6))));
    }
}

pub fn render(briefing: &Briefing) -> String {
    let mut md = Markdown::default();
    md.heading(1, &escape(&briefing.title));
    md.block(&format!(
        "Exported {} by peel from {}: {}.",
        escape(&briefing.date),
        escape(&briefing.content),
        escape(&briefing.what)
    ));
    md.block(&format!("*{READING}*"));
    match &briefing.body {
        Body::Nodes => {
            for item in &briefing.items {
                render_item(&mut md, item, 2, &escape(&item.title));
            }
        }
        Body::Comparison(part) => comparison(&mut md, briefing, part),
        Body::Results(rows) => results(&mut md, briefing, rows),
        Body::Grades(table) => grades(&mut md, briefing, table),
    }
    md.out
}

/// "(001_….txt, lines 5–9), HMICFRS: PEEL 2023–25 …, <https://…>".
fn citation(cite: &Citation) -> String {
    let mut text = format!(
        "({}, {})",
        escape(&cite.file),
        line_range(cite.lines[0], cite.lines[1])
    );
    if let Some(document) = &cite.document {
        text.push_str(&format!(", {}", escape(document)));
    }
    if let Some(url) = &cite.url {
        text.push_str(&format!(", {}", address(url)));
    }
    text
}

/// A web address as a link where it is safe to make one (an http(s) address with no
/// space, angle bracket or control character), else as text.
fn address(url: &str) -> String {
    let safe = (url.starts_with("https://") || url.starts_with("http://"))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || matches!(c, '<' | '>' | '\\'));
    if safe && neutralise(url) == url {
        format!("<{url}>")
    } else {
        escape(url)
    }
}

/// "2024 › Investigating crime › Causes of concern · Cause of concern · 2024 · Grade of
/// its area: Inadequate · id 2024/…".
fn header(item: &Item) -> String {
    let mut fields = Vec::new();
    if !item.breadcrumb.is_empty() {
        fields.push(escape(&item.breadcrumb.join(BREADCRUMB_SEPARATOR)));
    }
    fields.push(escape(&item.kind_label));
    if let Some(year) = item.year {
        fields.push(year.to_string());
    }
    match &item.grade {
        Some(grade) => fields.push(match grade.of {
            Some(of) => format!("Grade of its {of}: {}", escape(&grade.words)),
            None => format!("Grade: {}", escape(&grade.words)),
        }),
        None => fields.push("No grade (not a graded part of a report)".into()),
    }
    fields.push(format!("id {}", escape(&item.id)));
    fields.join(" · ")
}

fn render_item(md: &mut Markdown, item: &Item, level: usize, heading: &str) {
    md.heading(level, heading);
    md.block(&header(item));
    for piece in &item.pieces {
        render_piece(md, piece, level);
    }
    if let Some(source) = &item.source {
        md.block(&format!("Source: {}", citation(source)));
    }
}

fn render_piece(md: &mut Markdown, piece: &StyledSpan, level: usize) {
    match piece {
        StyledSpan::Field { label, value } => {
            md.block(&format!("{}: {}", escape(label), escape(value)));
        }
        StyledSpan::Heading(text) => md.heading(level + 1, &escape(text)),
        StyledSpan::Quote { texts, list, cite } => {
            let lines: Vec<String> = texts
                .iter()
                .map(|text| match list {
                    true => format!("> - {}", escape(text)),
                    false => format!("> {}", escape(text)),
                })
                .collect();
            md.block(&lines.join("\n"));
            md.block(&citation(cite));
        }
        StyledSpan::Summary {
            label,
            texts,
            list,
            cite,
        } => {
            let of = cite
                .as_ref()
                .map(|cite| format!(" of {}", citation(cite)))
                .unwrap_or_default();
            let label = format!("*{}*{of}", escape(label));
            if *list {
                md.block(&format!("{label}:"));
                for text in texts {
                    md.item(&escape(text));
                }
            } else {
                for text in texts {
                    md.block(&format!("{label}: {}", escape(text)));
                }
            }
        }
        StyledSpan::Recommendation { due, text, cite } => md.item(&format!(
            "*{}:* {} {}",
            escape(&capitalise(due)),
            escape(text),
            citation(cite)
        )),
        StyledSpan::Figure { text, cite } => {
            let of = cite
                .as_ref()
                .map(|cite| format!(", from {}", citation(cite)))
                .unwrap_or_default();
            md.item(&format!(
                "{} *(peel's statement of a figure{of})*",
                escape(text)
            ));
        }
        StyledSpan::Quoted { text, cite } => md.item(&format!(
            "{} *(quoted in the press article {})*",
            escape(text),
            citation(cite)
        )),
        StyledSpan::Table { table, cite } => {
            if !table.caption.is_empty() {
                md.block(&format!("**{}**", escape(&table.caption)));
            }
            md.block(&markdown_table(&table.columns, &table.rows));
            for note in &table.notes {
                md.block(&escape(note));
            }
            if let Some(cite) = cite {
                md.block(&format!("Table: {}", citation(cite)));
            }
        }
        StyledSpan::Entry { text, grade } => md.item(&match grade {
            Some(grade) => format!("{}: {}", escape(text), escape(grade)),
            None => escape(text),
        }),
        StyledSpan::Note(text) => md.block(&format!("*peel's note:* {}", escape(text))),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A GitHub table: a header row, its rule, then the rows, each cell escaped (a `|` in a
/// cell is `\|`), short rows filled out.
fn markdown_table(columns: &[String], rows: &[Vec<String>]) -> String {
    let width = rows
        .iter()
        .map(Vec::len)
        .chain([columns.len()])
        .max()
        .unwrap_or(0)
        .max(1);
    let line = |cells: &[String]| {
        let cells: Vec<String> = (0..width)
            .map(|c| cells.get(c).map_or(String::new(), |cell| escape(cell)))
            .collect();
        format!("| {} |", cells.join(" | "))
    };
    let mut lines = vec![line(columns), format!("|{}", " --- |".repeat(width))];
    lines.extend(rows.iter().map(|row| line(row)));
    lines.join("\n")
}

fn comparison(md: &mut Markdown, briefing: &Briefing, part: &ComparisonPart) {
    for column in &part.columns {
        md.heading(2, &format!("{}: {}", column.year, escape(&column.standing)));
        if column.status != column.standing && !column.status.is_empty() {
            md.block(&format!("Status: {}", escape(&column.status)));
        }
        if !column.summary.is_empty() {
            let of = column
                .summary_cite
                .as_ref()
                .map(|cite| format!(" of the {} assessment {}", column.year, citation(cite)))
                .unwrap_or_default();
            md.block(&format!(
                "*Summary in peel's words*{of}: {}",
                escape(&column.summary)
            ));
        }
        if column.items.is_empty() {
            md.block("Nothing listed for this year.");
        }
        for &at in &column.items {
            if let Some(item) = briefing.items.get(at) {
                render_item(md, item, 3, &escape(&item.title));
            }
        }
    }
    if part.columns.is_empty() {
        for item in &briefing.items {
            render_item(md, item, 2, &escape(&item.title));
        }
    }
    if !part.recurring.is_empty() {
        md.heading(2, "Recurring across the years");
        for issue in &part.recurring {
            let ids: Vec<String> = issue.ids.iter().map(|id| escape(id)).collect();
            md.item(&format!(
                "**{}**: *peel's note:* {} (ids: {})",
                escape(&issue.title),
                escape(&issue.note),
                ids.join(", ")
            ));
        }
    }
}

fn results(md: &mut Markdown, briefing: &Briefing, rows: &[ResultRow]) {
    for row in rows {
        let Some(item) = briefing.items.get(row.item) else {
            continue;
        };
        render_item(
            md,
            item,
            2,
            &format!("{}. {}", row.rank, escape(&item.title)),
        );
    }
}

fn grades(md: &mut Markdown, briefing: &Briefing, table: &GradesTable) {
    let columns: Vec<String> = std::iter::once(table.corner.clone())
        .chain(table.columns.iter().cloned())
        .collect();
    let rows: Vec<Vec<String>> = table
        .rows
        .iter()
        .map(|row| {
            std::iter::once(row.label.clone())
                .chain(row.cells.iter().cloned())
                .collect()
        })
        .collect();
    md.block(&markdown_table(&columns, &rows));
    if let Some(note) = &table.note {
        md.block(&format!("*peel's note:* {}", escape(note)));
    }
    if !briefing.items.is_empty() {
        md.heading(2, "Where each grade is stated");
        for item in &briefing.items {
            let grade = item.grade.as_ref().map_or("", |g| g.words.as_str());
            let mut line = format!(
                "{} › {}: {}",
                escape(&item.breadcrumb.join(BREADCRUMB_SEPARATOR)),
                escape(&item.title),
                escape(grade)
            );
            if let Some(source) = &item.source {
                line.push_str(&format!(" {}", citation(source)));
            }
            md.item(&line);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn markdown_in_content_is_escaped_to_plain_text() {
        assert_eq!(escape("# Heading"), "\\# Heading");
        assert_eq!(escape("[a](http://x)"), "\\[a\\](http\\://x)");
        assert_eq!(escape("<b>x</b>"), "\\<b>x\\</b>");
        assert_eq!(escape("- item"), "\\- item");
        assert_eq!(escape("1. first"), "1\\. first");
        assert_eq!(escape("> quote"), "\\> quote");
        assert_eq!(escape("a | b"), "a \\| b");
        assert_eq!(escape("&amp; & x"), "\\&amp; & x");
        assert_eq!(escape("see www.x.com"), "see www\\.x.com");
        assert_eq!(
            escape("*bold* _it_ `code`"),
            "\\*bold\\* \\_it\\_ \\`code\\`"
        );
        assert_eq!(escape("Fire & Rescue: 2024"), "Fire & Rescue: 2024");
    }

    #[test]
    fn escape_sequences_are_made_inert() {
        let escaped = escape("a\u{1b}]52;c;SGk=\u{7}b");
        assert!(
            !escaped.contains('\u{1b}') && !escaped.contains('\u{7}'),
            "{escaped:?}"
        );
    }
}
