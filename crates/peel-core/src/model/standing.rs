//! What a reader is told about a grade: the grade itself, or "No grade" with the reason,
//! in one wording everywhere (tree, reader, compare, overview, command line).

use super::{Assessment, Grade, SourceDocument, SourceKind};

/// The words shown wherever a node or a year has no grade on the scale.
pub const NO_GRADE: &str = "No grade";

/// A grade on the inspectorate's scale, or no grade and why.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Standing {
    Graded(Grade),
    NoGrade { reason: String },
}

impl Standing {
    /// The standing of `grade` given in `assessment`, whose sources are among `sources`.
    pub fn of(grade: Grade, assessment: &Assessment, sources: &[SourceDocument]) -> Standing {
        if grade.is_judgment() {
            return Standing::Graded(grade);
        }
        Standing::NoGrade {
            reason: no_grade_reason(grade, assessment, sources),
        }
    }

    /// The standing of a theme in a year its sources do not cover.
    pub fn not_assessed(year: u16) -> Standing {
        Standing::NoGrade {
            reason: format!("not assessed in the {year} sources"),
        }
    }

    /// "Inadequate", or "No grade".
    pub fn label(&self) -> &str {
        match self {
            Standing::Graded(grade) => grade.label(),
            Standing::NoGrade { .. } => NO_GRADE,
        }
    }

    pub fn grade(&self) -> Option<Grade> {
        match self {
            Standing::Graded(grade) => Some(*grade),
            Standing::NoGrade { .. } => None,
        }
    }

    pub fn reason(&self) -> Option<&str> {
        match self {
            Standing::Graded(_) => None,
            Standing::NoGrade { reason } => Some(reason),
        }
    }

    /// "Inadequate", or "No grade: not stated in the 2017 source".
    pub fn describe(&self) -> String {
        match self {
            Standing::Graded(grade) => grade.label().to_owned(),
            Standing::NoGrade { reason } => format!("{NO_GRADE}: {reason}"),
        }
    }
}

/// Why a source gives no grade: a press report gives none; a report may leave an area
/// ungraded by design; otherwise the source does not state one.
fn no_grade_reason(grade: Grade, assessment: &Assessment, sources: &[SourceDocument]) -> String {
    let kinds = || {
        assessment
            .sources
            .iter()
            .filter_map(|file| sources.iter().find(|doc| &doc.file == file))
            .map(|doc| doc.kind)
    };
    let press_only = kinds().next().is_some() && kinds().all(|kind| kind == SourceKind::Press);
    if press_only {
        return "the source is a press report, which gives no grades".to_owned();
    }
    match grade {
        Grade::Ungraded => format!("not graded in the {} report", assessment.framework),
        _ => format!("not stated in the {} source", assessment.year),
    }
}
