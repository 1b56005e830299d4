//! One node as a document, with no terminal type in sight: a header (breadcrumb, title,
//! kind, year, id), then its parts in reading order, ending with its source. The reader
//! styles it, `peel show` and the copy key print it; one builder, so they say the same.
//!
//! Past 500 lines only with its unit tests (under 500 of code).

use crate::model::{Anchor, Block, Library, Node, NodeKey, SourceKind, SourceRef, Standing, Table};
use serde::Serialize;

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct NodeDocument {
    pub id: String,
    pub breadcrumb: Vec<String>,
    pub title: String,
    /// "Cause of concern", "Area", "Section · 3 findings".
    pub kind: String,
    pub year: Option<u16>,
    pub parts: Vec<Part>,
}

/// One piece of a document, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(tag = "part", rename_all = "snake_case")]
pub enum Part {
    /// "Framework: PEEL 2023–25".
    Field {
        label: String,
        value: String,
    },
    /// "Grade: Inadequate", or "Grade: No grade (not stated in the 2017 source)".
    Standing {
        label: String,
        standing: StandingText,
    },
    /// A heading inside the text: "Recommendations", "Contents".
    Heading {
        text: String,
    },
    Paragraph {
        text: String,
        anchor: Anchor,
    },
    /// A list item; `lead` is set before the text ("[within six months] ").
    Bullet {
        text: String,
        lead: String,
        anchor: Option<Anchor>,
    },
    Table {
        table: Table,
        block: usize,
    },
    /// A child in a list of contents, with its grade where it has one.
    Entry {
        text: String,
        standing: Option<StandingText>,
    },
    /// peel's own words, always shown as such.
    Note {
        text: String,
        anchor: Option<Anchor>,
    },
    /// Secondary text: "Made under: …".
    Aside {
        text: String,
    },
    Source {
        file: String,
        first: u32,
        last: u32,
        /// "HMICFRS: PEEL 2023–25 …", where the source document is known.
        document: Option<String>,
        press: bool,
    },
    /// A blank line between groups.
    Gap,
}

/// A standing as words: the label ("Inadequate", "No grade"), the grade for colouring,
/// and the reason where there is no grade.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct StandingText {
    pub label: String,
    pub grade: Option<crate::model::Grade>,
    pub reason: Option<String>,
}

impl From<&Standing> for StandingText {
    fn from(standing: &Standing) -> Self {
        StandingText {
            label: standing.label().to_owned(),
            grade: standing.grade(),
            reason: standing.reason().map(str::to_owned),
        }
    }
}

impl StandingText {
    /// "Inadequate", or "No grade (not stated in the 2017 source)".
    pub fn words(&self) -> String {
        match &self.reason {
            Some(reason) => format!("{} ({reason})", self.label),
            None => self.label.clone(),
        }
    }
}

impl NodeDocument {
    /// "Cause of concern · 2024 · 2024/…": the line under the title.
    pub fn kind_line(&self, dot: &str) -> String {
        let mut line = self.kind.clone();
        if let Some(year) = self.year {
            line.push_str(&format!("{dot}{year}"));
        }
        line.push_str(&format!("{dot}{}", self.id));
        line
    }

    /// The document as plain text, one logical line per line: what `peel show` prints and
    /// what the copy key sends.
    pub fn plain_text(&self) -> String {
        let mut out = String::new();
        let mut line = |text: &str| {
            out.push_str(text);
            out.push('\n');
        };
        if !self.breadcrumb.is_empty() {
            line(&self.breadcrumb.join(BREADCRUMB_SEPARATOR));
        }
        line(&self.title);
        line(&self.kind_line(DOT));
        if !self.parts.is_empty() {
            line("");
        }
        for part in &self.parts {
            match part {
                Part::Gap => line(""),
                Part::Table { table, .. } => {
                    line(&table.caption);
                    for row in table_text_rows(table) {
                        line(&row);
                    }
                    for note in &table.notes {
                        line(note);
                    }
                }
                other => {
                    for text in other.text_lines() {
                        line(&text);
                    }
                }
            }
        }
        while out.ends_with("\n\n") {
            out.pop();
        }
        out
    }
}

pub const BREADCRUMB_SEPARATOR: &str = " › ";
pub const DOT: &str = " · ";
pub const BULLET: &str = "• ";

impl Part {
    /// The part's text as unwrapped lines (tables excepted: their layout depends on width).
    pub fn text_lines(&self) -> Vec<String> {
        match self {
            Part::Field { label, value } => vec![format!("{label}: {value}")],
            Part::Standing { label, standing } => vec![format!("{label}: {}", standing.words())],
            Part::Heading { text } | Part::Note { text, .. } | Part::Aside { text } => {
                vec![text.clone()]
            }
            Part::Paragraph { text, .. } => vec![text.clone()],
            Part::Bullet { text, lead, .. } => vec![format!("{BULLET}{lead}{text}")],
            Part::Entry { text, standing } => vec![match standing {
                Some(standing) => format!("{BULLET}{text}: {}", standing.words()),
                None => format!("{BULLET}{text}"),
            }],
            Part::Source {
                file,
                first,
                last,
                document,
                press,
            } => {
                let mut lines = vec![format!("Source: {file}, {}", line_range(*first, *last))];
                if let Some(document) = document {
                    lines.push(format!("  {document}"));
                }
                if *press {
                    lines.push(format!("  {PRESS_NOTE}"));
                }
                lines
            }
            Part::Table { .. } | Part::Gap => Vec::new(),
        }
    }
}

pub const PRESS_NOTE: &str =
    "A press article: summarised in peel's own words; only the quotations are verbatim.";

/// "line 5" or "lines 5–9".
pub fn line_range(first: u32, last: u32) -> String {
    if first == last {
        format!("line {first}")
    } else {
        format!("lines {first}–{last}")
    }
}

/// A table's header and rows at their natural widths, two spaces between columns.
pub fn table_text_rows(table: &Table) -> Vec<String> {
    let columns = table.columns.len();
    let widths: Vec<usize> = (0..columns)
        .map(|c| {
            std::iter::once(&table.columns[c])
                .chain(table.rows.iter().filter_map(|row| row.get(c)))
                .map(|cell| unicode_width::UnicodeWidthStr::width(cell.as_str()))
                .max()
                .unwrap_or(0)
        })
        .collect();
    std::iter::once(&table.columns)
        .chain(&table.rows)
        .map(|row| {
            let mut text = String::new();
            for (c, width) in widths.iter().enumerate() {
                let cell = row.get(c).map(String::as_str).unwrap_or("");
                text.push_str(cell);
                if c + 1 < columns {
                    let used = unicode_width::UnicodeWidthStr::width(cell);
                    text.push_str(&" ".repeat(width - used + 2));
                }
            }
            text.trim_end().to_owned()
        })
        .collect()
}

/// Builds the document of `key`.
pub fn build(library: &Library, key: NodeKey) -> NodeDocument {
    let node = library.node(key);
    let mut parts = Parts(Vec::new());
    match node {
        Node::Force(force) => {
            parts.heading("Assessments");
            for assessment in &force.assessments {
                let standing = Standing::of(assessment.grade, assessment, library.sources());
                parts.push(Part::Entry {
                    text: format!("{} {}", assessment.year, assessment.title),
                    standing: Some((&standing).into()),
                });
            }
        }
        Node::Assessment(assessment) => {
            parts.field("Framework", &assessment.framework);
            parts.field(
                "Published",
                assessment
                    .published
                    .as_deref()
                    .unwrap_or("not stated in the sources"),
            );
            if let Some(standing) = library.standing(key)
                && (standing.grade().is_some() || assessment.status.is_none())
            {
                parts.standing("Overall grade", &standing);
            }
            if let Some(status) = &assessment.status {
                parts.field("Status", status);
            }
            parts.blocks(&assessment.summary);
            parts.contents(library, key);
            parts.source(library, assessment.source.as_ref());
        }
        Node::Area(area) => {
            if let Some(standing) = library.standing(key) {
                parts.standing("Grade", &standing);
            }
            parts.blocks(&area.summary);
            parts.contents(library, key);
            parts.source(library, area.source.as_ref());
        }
        Node::Section { .. } | Node::Glossary { .. } => parts.contents(library, key),
        Node::GlossaryTerm(term) => {
            if !term.aliases.is_empty() {
                parts.field("Also", &term.aliases.join(", "));
            }
            parts.gap();
            parts.push(Part::Paragraph {
                text: term.definition.clone(),
                anchor: Anchor::Block(0),
            });
            if term.editorial {
                parts.gap();
                parts.push(Part::Note {
                    text: "peel's own neutral definition: the sources use this term without defining it.".into(),
                    anchor: None,
                });
            }
            parts.source(library, term.source.as_ref());
        }
        Node::Finding(finding) => {
            if finding.editorial_title {
                parts.push(Part::Note {
                    text: "The source has no heading here; peel supplied this title.".into(),
                    anchor: None,
                });
            }
            parts.blocks(&finding.body);
            if !finding.recommendations.is_empty() {
                parts.heading("Recommendations");
                for (i, recommendation) in finding.recommendations.iter().enumerate() {
                    parts.push(Part::Bullet {
                        text: recommendation.text.clone(),
                        lead: format!("[{}] ", recommendation.deadline),
                        anchor: Some(Anchor::Recommendation(i)),
                    });
                }
            }
            if !finding.figures.is_empty() {
                parts.heading("Figures");
                for (i, figure) in finding.figures.iter().enumerate() {
                    parts.push(Part::Bullet {
                        text: figure.describe(),
                        lead: String::new(),
                        anchor: Some(Anchor::Figure(i)),
                    });
                }
            }
            if !finding.quotes.is_empty() {
                parts.heading("Quotations");
                for (i, quote) in finding.quotes.iter().enumerate() {
                    parts.push(Part::Paragraph {
                        text: format!("“{}” — {}", quote.text, quote.by),
                        anchor: Anchor::Quote(i),
                    });
                }
            }
            for (i, note) in finding.notes.iter().enumerate() {
                parts.gap();
                parts.push(Part::Note {
                    text: format!("Note (peel): {note}"),
                    anchor: Some(Anchor::Note(i)),
                });
            }
            parts.source(library, Some(&finding.source));
        }
        Node::Recommendation(recommendation) => {
            parts.field("Deadline", recommendation.deadline.label());
            parts.gap();
            parts.push(Part::Paragraph {
                text: recommendation.text.clone(),
                anchor: Anchor::Title,
            });
            if let Some(parent) = library.parent(key) {
                parts.gap();
                parts.push(Part::Aside {
                    text: format!("Made under: {}", library.node(parent).title()),
                });
            }
            parts.source(library, Some(&recommendation.source));
        }
    }
    NodeDocument {
        id: library.id(key),
        breadcrumb: library.breadcrumb(key),
        title: node.title().to_owned(),
        kind: kind_label(&node),
        year: library.year(key),
        parts: parts.0,
    }
}

fn kind_label(node: &Node) -> String {
    match node {
        Node::Finding(finding) => finding.kind.label().to_owned(),
        Node::Section { count: 1, .. } => "Section · 1 finding".to_owned(),
        Node::Section { count, .. } => format!("Section · {count} findings"),
        Node::Glossary { count } => format!("Glossary · {count} terms"),
        Node::GlossaryTerm(_) => "Glossary term".to_owned(),
        other => capitalise(&other.kind_key().replace('-', " ")),
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

struct Parts(Vec<Part>);

impl Parts {
    fn push(&mut self, part: Part) {
        self.0.push(part);
    }

    /// A blank line, never two, never first.
    fn gap(&mut self) {
        if self.0.last().is_some_and(|part| *part != Part::Gap) {
            self.0.push(Part::Gap);
        }
    }

    fn field(&mut self, label: &str, value: &str) {
        self.push(Part::Field {
            label: label.to_owned(),
            value: value.to_owned(),
        });
    }

    fn standing(&mut self, label: &str, standing: &Standing) {
        self.push(Part::Standing {
            label: label.to_owned(),
            standing: standing.into(),
        });
    }

    fn heading(&mut self, text: &str) {
        self.gap();
        self.push(Part::Heading {
            text: text.to_owned(),
        });
    }

    fn blocks(&mut self, blocks: &[Block]) {
        for (b, block) in blocks.iter().enumerate() {
            self.gap();
            match block {
                Block::Paragraph(text) => self.push(Part::Paragraph {
                    text: text.clone(),
                    anchor: Anchor::Block(b),
                }),
                Block::Bullets(items) => {
                    for (i, item) in items.iter().enumerate() {
                        self.push(Part::Bullet {
                            text: item.clone(),
                            lead: String::new(),
                            anchor: Some(Anchor::Item(b, i)),
                        });
                    }
                }
                Block::Table(table) => self.push(Part::Table {
                    table: table.clone(),
                    block: b,
                }),
            }
        }
    }

    fn contents(&mut self, library: &Library, key: NodeKey) {
        let children = library.children(key);
        if children.is_empty() {
            return;
        }
        self.heading("Contents");
        for child in children {
            let text = match library.node(child) {
                Node::Area(area) => area
                    .short_title
                    .clone()
                    .unwrap_or_else(|| area.title.clone()),
                Node::Section { kind, count } => format!("{} ({count})", kind.section_title()),
                node => node.title().to_owned(),
            };
            let standing = library.standing(child).map(|s| (&s).into());
            self.push(Part::Entry { text, standing });
        }
    }

    fn source(&mut self, library: &Library, source: Option<&SourceRef>) {
        let Some(source) = source else { return };
        self.gap();
        let document = library.source_document(&source.file);
        self.push(Part::Source {
            file: source.file.clone(),
            first: source.first_line(),
            last: source.last_line(),
            document: document.map(|doc| format!("{}: {}", doc.publisher, doc.title)),
            press: document.is_some_and(|doc| doc.kind == SourceKind::Press),
        });
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_builtin;

    #[test]
    fn a_finding_reads_header_text_recommendations_and_source() {
        let library = load_builtin().unwrap();
        let key = library
            .find("2024/investigating-crime/cause-of-concern/crime-allocation")
            .unwrap();
        let text = build(&library, key).plain_text();
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines[0], "2024 › Investigating crime › Causes of concern");
        assert_eq!(
            lines[2],
            "Cause of concern · 2024 · 2024/investigating-crime/cause-of-concern/crime-allocation"
        );
        assert!(
            text.contains("\nRecommendations\n• [within six months] "),
            "{text}"
        );
        assert!(
            text.contains("\nSource: 001_6cebdb2138c1379e.txt, lines "),
            "{text}"
        );
        assert!(!text.ends_with("\n\n"));
    }

    #[test]
    fn an_ungraded_area_says_no_grade_and_why() {
        let library = load_builtin().unwrap();
        let key = library.find("2024/victim-service-assessment").unwrap();
        let text = build(&library, key).plain_text();
        assert!(
            text.contains("Grade: No grade (not graded in the PEEL 2023–25 report)"),
            "{text}"
        );
        let key = library.find("2017/preventing-crime").unwrap();
        let text = build(&library, key).plain_text();
        assert!(
            text.contains("Grade: No grade (not stated in the 2017 source)"),
            "{text}"
        );
    }

    #[test]
    fn a_single_line_source_says_line_not_lines() {
        assert_eq!(line_range(5, 5), "line 5");
        assert_eq!(line_range(5, 9), "lines 5–9");
    }

    #[test]
    fn a_recommendation_names_the_finding_it_is_made_under() {
        let library = load_builtin().unwrap();
        let finding = library
            .find("2024/investigating-crime/cause-of-concern/crime-allocation")
            .unwrap();
        let recommendation = library.children(finding)[0];
        let text = build(&library, recommendation).plain_text();
        assert!(text.contains("Made under: "), "{text}");
        assert!(text.contains("Deadline: "), "{text}");
    }
}
