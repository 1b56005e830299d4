//! The domain: forces, assessments, areas, findings, grades, themes and the glossary.
//! Pure data and navigation; nothing here reads a file or draws a screen.

mod grade;
mod kind;
mod report;
mod tree;

pub use grade::Grade;
pub use kind::{Deadline, FindingKind};
pub use report::{
    Area, Assessment, Block, Comparator, Figure, Finding, Force, GlossaryTerm, Quote,
    Recommendation, RecurringIssue, SourceDocument, SourceKind, SourceRef, Table, Theme, ThemeYear,
};
pub use tree::{Counts, FindingAt, Library, Node, NodeKey, slug};
