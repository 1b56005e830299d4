//! The inspectorate's grading scale, plus the two honest answers when a source gives no grade.

use serde::{Deserialize, Serialize};
use std::fmt;

/// A judgment on the inspectorate's five-point scale (PEEL 2023–25), which also holds the
/// four-point 2017 scale (it had no "Adequate"). `Ungraded` means the area was inspected
/// without a graded judgment; `NotStated` means our sources do not say.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Grade {
    Outstanding,
    Good,
    Adequate,
    RequiresImprovement,
    Inadequate,
    Ungraded,
    NotStated,
}

impl Grade {
    pub const ALL: [Grade; 7] = [
        Grade::Outstanding,
        Grade::Good,
        Grade::Adequate,
        Grade::RequiresImprovement,
        Grade::Inadequate,
        Grade::Ungraded,
        Grade::NotStated,
    ];

    /// The words a reader sees; grades are always written out, never shown by colour alone.
    pub fn label(self) -> &'static str {
        match self {
            Grade::Outstanding => "Outstanding",
            Grade::Good => "Good",
            Grade::Adequate => "Adequate",
            Grade::RequiresImprovement => "Requires improvement",
            Grade::Inadequate => "Inadequate",
            Grade::Ungraded => "Ungraded",
            Grade::NotStated => "Not stated",
        }
    }

    /// The spelling used in content files, JSON and search filters (`grade:inadequate`).
    pub fn key(self) -> &'static str {
        match self {
            Grade::Outstanding => "outstanding",
            Grade::Good => "good",
            Grade::Adequate => "adequate",
            Grade::RequiresImprovement => "requires-improvement",
            Grade::Inadequate => "inadequate",
            Grade::Ungraded => "ungraded",
            Grade::NotStated => "not-stated",
        }
    }

    pub fn from_key(key: &str) -> Option<Grade> {
        Grade::ALL.into_iter().find(|g| g.key() == key)
    }

    /// True for a judgment on the scale, false for `Ungraded` and `NotStated`.
    pub fn is_judgment(self) -> bool {
        !matches!(self, Grade::Ungraded | Grade::NotStated)
    }
}

impl fmt::Display for Grade {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_grade_round_trips_through_its_key() {
        for grade in Grade::ALL {
            assert_eq!(Grade::from_key(grade.key()), Some(grade));
        }
        assert_eq!(Grade::from_key("very good"), None);
    }

    #[test]
    fn only_scale_grades_are_judgments() {
        assert!(Grade::Inadequate.is_judgment());
        assert!(!Grade::Ungraded.is_judgment());
        assert!(!Grade::NotStated.is_judgment());
    }
}
