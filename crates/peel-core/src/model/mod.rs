//! The domain: forces, assessments, areas, findings, grades, themes and the glossary.
//! Pure data and navigation; nothing here reads a file or draws a screen.

mod anchor;
pub mod framework;
mod grade;
pub mod ids;
mod kind;
mod report;
mod standing;
mod tree;

pub use anchor::Anchor;
pub use framework::{Catalogue, CatalogueTheme, Cycle, CycleArea};
pub use grade::Grade;
pub use ids::slug;
pub use kind::{Deadline, FindingKind};
pub use report::{
    Area, Assessment, Block, Comparator, Figure, Finding, Force, GlossaryTerm, Quote,
    Recommendation, RecurringIssue, SourceDocument, SourceKind, SourceRef, Table, Theme, ThemeYear,
    VocabularyTerm, number,
};
pub use standing::{NO_GRADE, Standing};
pub use tree::{Counts, FindingAt, Library, Node, NodeKey};
