//! The reports themselves: forces, assessments, areas, findings and what findings contain.

use super::{Deadline, FindingKind, Grade};
use serde::{Deserialize, Serialize};

/// A police force; the built-in content has one, the design takes all 43.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Force {
    pub id: String,
    pub name: String,
    pub assessments: Vec<Assessment>,
    pub themes: Vec<Theme>,
    pub recurring: Vec<RecurringIssue>,
}

/// One inspection or decision about a force: PEEL 2017, PEEL 2023–25, the 2025 Engage release.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    pub id: String,
    pub year: u16,
    pub title: String,
    pub framework: String,
    /// Publication date as the source gives it ("August 2024"); `None` where no source says.
    pub published: Option<String>,
    /// File names of the source documents this assessment draws on.
    pub sources: Vec<String>,
    /// The overall grade, where the framework gives one.
    pub grade: Grade,
    /// A status that is not a grade, e.g. "Released from enhanced monitoring (Engage)".
    pub status: Option<String>,
    pub summary: Vec<Block>,
    pub source: Option<SourceRef>,
    /// Findings that belong to the assessment as a whole (summaries, press coverage).
    pub findings: Vec<Finding>,
    pub areas: Vec<Area>,
}

/// An inspected area (2024) or question (2017), with its grade.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Area {
    pub id: String,
    pub title: String,
    /// The source's own short name (the 2024 judgments grid's "Preventing crime"), for
    /// narrow panes; `None` where the source has only the long title.
    pub short_title: Option<String>,
    pub grade: Grade,
    pub summary: Vec<Block>,
    pub source: Option<SourceRef>,
    pub findings: Vec<Finding>,
}

impl Area {
    /// The area's name wherever areas are listed (the tree, breadcrumbs, contents, the
    /// command line's outline): the source's short name where it has one, else its title.
    pub fn label(&self) -> &str {
        self.short_title.as_deref().unwrap_or(&self.title)
    }
}

/// One statement of the inspectorate (or of the press about it), with its provenance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Finding {
    pub id: String,
    pub kind: FindingKind,
    pub title: String,
    /// True where the source has no heading and peel supplied a short descriptive title.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub editorial_title: bool,
    #[serde(default)]
    pub body: Vec<Block>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub recommendations: Vec<Recommendation>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub figures: Vec<Figure>,
    /// Short, attributed quotations (press sources are summarised, not transcribed).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub quotes: Vec<Quote>,
    /// peel's own remarks, always shown as such (e.g. "the source ends mid-list here").
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    pub source: SourceRef,
}

/// A recommendation, its own node under the cause of concern it answers.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Recommendation {
    pub id: String,
    pub deadline: Deadline,
    pub text: String,
    pub source: SourceRef,
}

/// A piece of body text, in reading order.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Block {
    Paragraph(String),
    Bullets(Vec<String>),
    Table(Table),
}

/// A real table from a source, e.g. Figure 4 (outcome types).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Table {
    pub caption: String,
    pub columns: Vec<String>,
    pub rows: Vec<Vec<String>>,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub notes: Vec<String>,
    /// The overview charts this table: first column labels, other columns numbers.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub chart: bool,
}

/// A number the source states, with what a reader needs to compare it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Figure {
    pub label: String,
    pub value: f64,
    /// "%", "per 1,000 population", "officers", "£m"…
    pub unit: String,
    /// "about", "more than": the source's own hedge, kept with the number.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub qualifier: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub comparator: Option<Comparator>,
    /// Where this figure is stated, when narrower than its finding's source.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
    /// Figures that measure the same thing across periods share a series id, and the
    /// overview charts them together (with comparators that name a period).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub series: Option<String>,
}

impl Figure {
    /// One line a reader can quote: "label: value unit (period); comparator".
    pub fn describe(&self) -> String {
        let qualifier = self
            .qualifier
            .as_deref()
            .map(|q| format!("{q} "))
            .unwrap_or_default();
        let mut line = format!(
            "{}: {qualifier}{}{}",
            self.label,
            number(self.value),
            unit(&self.unit)
        );
        if let Some(period) = &self.period {
            line.push_str(&format!(" ({period})"));
        }
        if let Some(c) = &self.comparator {
            let period = c
                .period
                .as_deref()
                .map(|p| format!(" ({p})"))
                .unwrap_or_default();
            line.push_str(&format!(
                "; {}: {}{}{period}",
                c.label,
                number(c.value),
                unit(&self.unit)
            ));
        }
        line
    }
}

/// Whole numbers with thousands separators, as the sources write them (15,049).
pub fn number(value: f64) -> String {
    if value.fract() != 0.0 || value.abs() >= 1e15 {
        return format!("{value}");
    }
    let digits = format!("{}", value.abs() as u64);
    let mut grouped = String::new();
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i) % 3 == 0 {
            grouped.push(',');
        }
        grouped.push(c);
    }
    if value < 0.0 {
        format!("-{grouped}")
    } else {
        grouped
    }
}

fn unit(unit: &str) -> String {
    if unit == "%" {
        "%".to_owned()
    } else {
        format!(" {unit}")
    }
}

/// The other side of a comparison: an earlier period or the national average.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Comparator {
    pub label: String,
    pub value: f64,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub period: Option<String>,
}

/// A short quotation and who said it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Quote {
    pub text: String,
    pub by: String,
}

/// Where a node's words come from: a source document and an inclusive line range.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceRef {
    pub file: String,
    pub lines: [u32; 2],
}

impl SourceRef {
    pub fn first_line(&self) -> u32 {
        self.lines[0]
    }
    pub fn last_line(&self) -> u32 {
        self.lines[1]
    }
}

/// A source document: which publication, and whether we may quote it at length.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourceDocument {
    pub file: String,
    pub title: String,
    pub publisher: String,
    pub kind: SourceKind,
    /// Number of lines, so provenance ranges can be checked without the text.
    pub line_count: u32,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub published: Option<String>,
    /// Shipped in `content/sources/` (inspectorate documents under the OGL).
    #[serde(default)]
    pub shipped: bool,
    /// The publication's web address, where known (an import records the page's canonical
    /// address), so a citation can point a reader at the original.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub url: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum SourceKind {
    /// An inspectorate publication under the Open Government Licence: transcribed verbatim.
    Inspectorate,
    /// A press article: summarised in our words, short attributed quotes only.
    Press,
}

/// A topic that runs across years, e.g. "Investigating crime and the service to victims".
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Theme {
    pub id: String,
    pub title: String,
    pub years: Vec<ThemeYear>,
}

/// What one assessment says about a theme.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemeYear {
    pub assessment: String,
    /// `None` where the theme was not assessed in that year's sources.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub grade: Option<Grade>,
    pub status: String,
    pub summary: String,
    /// Ids of the areas and findings this year's view of the theme is made of.
    #[serde(default)]
    pub nodes: Vec<String>,
}

/// The same problem found in more than one year.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RecurringIssue {
    pub id: String,
    pub title: String,
    pub theme: String,
    pub note: String,
    /// At least two nodes from different assessments, oldest first.
    pub nodes: Vec<String>,
}

/// A term or acronym, defined from the sources where they define it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryTerm {
    pub term: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub aliases: Vec<String>,
    pub definition: String,
    /// Where the sources define or use the term; `None` only for editorial definitions.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
    /// The definition is peel's own neutral wording, not the sources'.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub editorial: bool,
}

/// An acronym or short name readers type, and what it stands for, so that search finds
/// either from the other ("RSO" and "registered sex offender").
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VocabularyTerm {
    /// What readers type: `RSO`, `IOM`, `stop and search`.
    pub key: String,
    /// What it stands for, the usual wording first.
    pub expansions: Vec<String>,
    /// Where the sources spell it out; `None` only for editorial entries.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
    /// peel's own entry: the sources use the words without this abbreviation.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub editorial: bool,
}

/// Paragraphs are plain strings in content files; lists and tables are one-key maps
/// (`bullets:` / `table:`). Written by hand so a mistake is reported at its own line.
/// `paragraph:` is accepted too, so what `Serialize` writes reads back (the cache).
impl<'de> Deserialize<'de> for Block {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        use serde::de::{self, MapAccess, Visitor};
        use std::fmt;

        struct BlockVisitor;
        impl<'de> Visitor<'de> for BlockVisitor {
            type Value = Block;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a paragraph (a string), `bullets: [...]` or `table: {...}`")
            }
            fn visit_str<E: de::Error>(self, text: &str) -> Result<Block, E> {
                Ok(Block::Paragraph(text.to_owned()))
            }
            fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Block, A::Error> {
                let key: String = map
                    .next_key()?
                    .ok_or_else(|| de::Error::invalid_length(0, &self))?;
                let block = match key.as_str() {
                    "bullets" => Block::Bullets(map.next_value()?),
                    "table" => Block::Table(map.next_value()?),
                    "paragraph" => Block::Paragraph(map.next_value()?),
                    other => return Err(de::Error::unknown_field(other, &["bullets", "table"])),
                };
                if let Some(extra) = map.next_key::<String>()? {
                    return Err(de::Error::custom(format!(
                        "a block has exactly one key, found `{key}` and `{extra}`"
                    )));
                }
                Ok(block)
            }
        }
        deserializer.deserialize_any(BlockVisitor)
    }
}

impl Block {
    /// Every piece of text in the block, for search and fidelity checks.
    pub fn texts(&self) -> Vec<&str> {
        match self {
            Block::Paragraph(text) => vec![text.as_str()],
            Block::Bullets(items) => items.iter().map(String::as_str).collect(),
            Block::Table(table) => std::iter::once(table.caption.as_str())
                .chain(table.columns.iter().map(String::as_str))
                .chain(table.rows.iter().flatten().map(String::as_str))
                .chain(table.notes.iter().map(String::as_str))
                .collect(),
        }
    }
}
