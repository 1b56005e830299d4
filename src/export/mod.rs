//! Briefings a reader can paste into a paper: nodes, a comparison, search results,
//! bookmarks or a year's grades, each passage with its citation, rendered as Markdown,
//! JSON or CSV. Built from the model through `document`, so an export says what the reader
//! shows; the source's own words are told from peel's. Knows nothing of any terminal.

mod build;
mod date;
mod grades;
mod json;
mod lines;
mod markdown;
mod table;

pub use crate::grades::years as assessment_years;
pub use build::{Request, bookmarks, comparison, nodes, overview, recurring, search_results};
pub use date::{date_of, today};
pub use grades::grades;
pub use lines::{SourceText, source_words};
pub use markdown::escape;

use crate::model::Table;

/// How a briefing names its content, from the saved state's key for it ("built-in", or a
/// folder's path).
pub fn content_name(source_key: &str) -> String {
    match source_key {
        "built-in" => "the built-in content".to_owned(),
        folder => format!("the content folder {folder}"),
    }
}

/// What a briefing can be written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Markdown,
    Json,
    Csv,
}

impl Format {
    pub fn from_name(name: &str) -> Option<Format> {
        match name {
            "md" | "markdown" => Some(Format::Markdown),
            "json" => Some(Format::Json),
            "csv" => Some(Format::Csv),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Format::Markdown => "md",
            Format::Json => "json",
            Format::Csv => "csv",
        }
    }
}

/// One export: what was asked for, from which content, on which day, and its nodes.
#[derive(Debug, Clone, PartialEq)]
pub struct Briefing {
    /// "Crime allocation", "Investigating crime across the years", "Grades in 2024".
    pub title: String,
    /// `YYYY-MM-DD`, in UTC.
    pub date: String,
    /// What was exported, in words: "2 nodes", "the 6 results of the search “jigsaw”".
    pub what: String,
    /// "the built-in content" or the folder's path.
    pub content: String,
    /// A short word for file names: `node`, `compare`, `search`, `bookmarks`, `grades`.
    pub slug: String,
    pub items: Vec<Item>,
    pub body: Body,
}

/// What a briefing holds besides its nodes.
#[derive(Debug, Clone, PartialEq)]
pub enum Body {
    /// Nodes, each in full.
    Nodes,
    /// A theme's years side by side; the items are what the columns list.
    Comparison(ComparisonPart),
    /// Search results in rank order, one per item, with the passage that matched.
    Results(Vec<ResultRow>),
    /// A table of grades; the items are the areas it is made of, cited.
    Grades(GradesTable),
}

/// One year of a comparison, with the items it lists (indices into `Briefing::items`).
#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonColumn {
    pub year: u16,
    pub assessment: String,
    pub grade: Option<String>,
    /// "Inadequate", or "No grade: not assessed in the 2025 sources".
    pub standing: String,
    pub status: String,
    /// peel's summary of what the year's sources say about the theme.
    pub summary: String,
    /// What the summary summarises: the year's assessment, at its lines.
    pub summary_cite: Option<Citation>,
    pub items: Vec<usize>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct ComparisonPart {
    pub theme: String,
    pub title: String,
    pub columns: Vec<ComparisonColumn>,
    pub recurring: Vec<RecurringPart>,
}

/// A recurring issue of a comparison: peel's note on it, and the ids it links.
#[derive(Debug, Clone, PartialEq)]
pub struct RecurringPart {
    pub id: String,
    pub title: String,
    pub note: String,
    pub ids: Vec<String>,
}

/// One search result: its rank, the passage that matched, the item it is.
#[derive(Debug, Clone, PartialEq)]
pub struct ResultRow {
    pub rank: usize,
    pub passage: String,
    pub item: usize,
}

/// A table of grades: rows (forces, or themes), columns (areas, or years), cells in words.
#[derive(Debug, Clone, PartialEq)]
pub struct GradesTable {
    /// The heading of the first column: "Force", "Theme".
    pub corner: String,
    pub columns: Vec<String>,
    pub rows: Vec<GradesRow>,
    /// A note in peel's words under the table (the grades are not strictly comparable…).
    pub note: Option<String>,
}

#[derive(Debug, Clone, PartialEq)]
pub struct GradesRow {
    pub id: String,
    pub label: String,
    /// One per column; empty where the row has nothing in that column.
    pub cells: Vec<String>,
}

/// One exported node: the header a reader needs, its plain text, its citation, and its
/// parts told apart as the source's words or peel's.
#[derive(Debug, Clone, PartialEq)]
pub struct Item {
    pub id: String,
    pub title: String,
    /// The kind word of `peel show --json`: `cause-of-concern`, `area`.
    pub kind: String,
    /// The kind as a reader reads it: "Cause of concern".
    pub kind_label: String,
    pub year: Option<u16>,
    pub grade: Option<ItemGrade>,
    pub breadcrumb: Vec<String>,
    /// The node's text as `peel show` prints it, without the header lines.
    pub text: String,
    pub source: Option<Citation>,
    pub pieces: Vec<StyledSpan>,
}

/// A node's grade, or that of the area (or assessment) it sits in, in words.
#[derive(Debug, Clone, PartialEq)]
pub struct ItemGrade {
    /// "Inadequate", or "No grade (not stated in the 2017 source)".
    pub words: String,
    /// "area" or "assessment" where the grade is not the node's own.
    pub of: Option<&'static str>,
}

/// Where a passage comes from: a source file's lines, and the publication.
#[derive(Debug, Clone, PartialEq)]
pub struct Citation {
    pub file: String,
    pub lines: [u32; 2],
    /// "HMICFRS: PEEL 2023–25 …", where `sources.yaml` knows the file.
    pub document: Option<String>,
    pub url: Option<String>,
    /// A press article: summarised in peel's words.
    pub press: bool,
}

/// A part of a node, as the source's words (quoted) or peel's (never quoted).
#[derive(Debug, Clone, PartialEq)]
pub enum StyledSpan {
    Field {
        label: String,
        value: String,
    },
    Heading(String),
    /// The source's own words: a paragraph, or the items of one list.
    Quote {
        texts: Vec<String>,
        list: bool,
        cite: Citation,
    },
    /// peel's words: a press summary, a definition peel wrote, a theme's summary.
    Summary {
        label: String,
        texts: Vec<String>,
        list: bool,
        cite: Option<Citation>,
    },
    /// A recommendation with its time frame, at its own lines.
    Recommendation {
        due: String,
        text: String,
        cite: Citation,
    },
    /// A figure as peel states it from the source.
    Figure {
        text: String,
        cite: Option<Citation>,
    },
    /// A short attributed quotation from a press article, as the article has it.
    Quoted {
        text: String,
        cite: Citation,
    },
    Table {
        table: Table,
        cite: Option<Citation>,
    },
    /// A child in a list of contents, with its grade where it has one.
    Entry {
        text: String,
        grade: Option<String>,
    },
    /// peel's own remark.
    Note(String),
}

/// Why a briefing cannot be written as asked.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum ExportError {
    #[error("{what} cannot be written as {asked}; write it as {fits}")]
    FormatDoesNotFit {
        what: &'static str,
        asked: &'static str,
        fits: String,
    },
}

impl Briefing {
    /// The formats this briefing can be written as: CSV only for a table (grades) or a
    /// list (search results).
    pub fn formats(&self) -> Vec<Format> {
        match self.body {
            Body::Grades(_) | Body::Results(_) => vec![Format::Markdown, Format::Json, Format::Csv],
            _ => vec![Format::Markdown, Format::Json],
        }
    }

    /// The briefing as `format`, or why it cannot be.
    pub fn render(&self, format: Format) -> Result<String, ExportError> {
        match format {
            Format::Markdown => Ok(markdown::render(self)),
            Format::Json => Ok(json::render(self)),
            Format::Csv => table::render(self).ok_or_else(|| ExportError::FormatDoesNotFit {
                what: self.kind_words(),
                asked: "csv",
                fits: self
                    .formats()
                    .iter()
                    .map(|f| f.name())
                    .collect::<Vec<_>>()
                    .join(" or "),
            }),
        }
    }

    /// What sort of briefing this is, for messages: "a comparison".
    pub fn kind_words(&self) -> &'static str {
        match self.body {
            Body::Nodes if self.slug == "bookmarks" => "bookmarks",
            Body::Nodes => "nodes",
            Body::Comparison(_) => "a comparison",
            Body::Results(_) => "search results",
            Body::Grades(_) => "a grades table",
        }
    }

    /// The file name the explorer writes it to: `peel-<what>-<date>.md`.
    pub fn file_name(&self) -> String {
        format!("peel-{}-{}.md", self.slug, self.date)
    }
}
