//! The shapes of the content files, as serde reads them. Unknown fields are errors, so a
//! typo in a key is reported instead of silently dropping text.

use crate::model::{
    Block, Finding, GlossaryTerm, Grade, RecurringIssue, SourceDocument, SourceRef, Theme,
    VocabularyTerm,
};
use serde::Deserialize;

/// `sources.yaml`: the documents content may cite.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SourcesFile {
    pub sources: Vec<SourceDocument>,
}

/// `glossary.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct GlossaryFile {
    pub terms: Vec<GlossaryTerm>,
}

/// `vocabulary.yaml`: acronyms and short names, for search.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct VocabularyFile {
    pub terms: Vec<VocabularyTerm>,
}

/// `<force>/force.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ForceFile {
    pub id: String,
    pub name: String,
    /// Assessment ids in reading order; each is a folder beside this file.
    pub assessments: Vec<String>,
}

/// `<force>/themes.yaml`.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ThemesFile {
    #[serde(default)]
    pub themes: Vec<Theme>,
    #[serde(default)]
    pub recurring: Vec<RecurringIssue>,
}

/// `<force>/<assessment>/assessment.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AssessmentFile {
    pub id: String,
    pub year: u16,
    pub title: String,
    pub framework: String,
    #[serde(default)]
    pub published: Option<String>,
    pub sources: Vec<String>,
    pub grade: Grade,
    #[serde(default)]
    pub status: Option<String>,
    #[serde(default)]
    pub summary: Vec<Block>,
    #[serde(default)]
    pub source: Option<SourceRef>,
    /// Area ids in reading order; each is a file `<area>.yaml` beside this one.
    #[serde(default)]
    pub areas: Vec<String>,
    #[serde(default)]
    pub findings: Vec<Finding>,
}

/// `<force>/<assessment>/<area>.yaml`.
#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AreaFile {
    pub id: String,
    pub title: String,
    #[serde(default)]
    pub short_title: Option<String>,
    pub grade: Grade,
    #[serde(default)]
    pub summary: Vec<Block>,
    #[serde(default)]
    pub source: Option<SourceRef>,
    #[serde(default)]
    pub findings: Vec<Finding>,
}
