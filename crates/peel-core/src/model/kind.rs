//! What sort of statement a finding is, and when a recommendation falls due.

use serde::{Deserialize, Serialize};
use std::fmt;

/// The kinds of finding a report contains. The order here is the order sections appear in
/// under an area, which is also the order the inspectorate uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum FindingKind {
    Summary,
    CauseOfConcern,
    AreaForImprovement,
    InnovativePractice,
    MainFinding,
    Strength,
    Weakness,
    ImprovementRecognised,
    PressCoverage,
}

impl FindingKind {
    pub const ALL: [FindingKind; 9] = [
        FindingKind::Summary,
        FindingKind::CauseOfConcern,
        FindingKind::AreaForImprovement,
        FindingKind::InnovativePractice,
        FindingKind::MainFinding,
        FindingKind::Strength,
        FindingKind::Weakness,
        FindingKind::ImprovementRecognised,
        FindingKind::PressCoverage,
    ];

    /// The id segment and filter word: `cause-of-concern`.
    pub fn key(self) -> &'static str {
        match self {
            FindingKind::Summary => "summary",
            FindingKind::CauseOfConcern => "cause-of-concern",
            FindingKind::AreaForImprovement => "area-for-improvement",
            FindingKind::InnovativePractice => "innovative-practice",
            FindingKind::MainFinding => "main-finding",
            FindingKind::Strength => "strength",
            FindingKind::Weakness => "weakness",
            FindingKind::ImprovementRecognised => "improvement-recognised",
            FindingKind::PressCoverage => "press-coverage",
        }
    }

    pub fn from_key(key: &str) -> Option<FindingKind> {
        FindingKind::ALL.into_iter().find(|k| k.key() == key)
    }

    pub fn label(self) -> &'static str {
        match self {
            FindingKind::Summary => "Summary",
            FindingKind::CauseOfConcern => "Cause of concern",
            FindingKind::AreaForImprovement => "Area for improvement",
            FindingKind::InnovativePractice => "Innovative practice",
            FindingKind::MainFinding => "Main finding",
            FindingKind::Strength => "Strength",
            FindingKind::Weakness => "Weakness",
            FindingKind::ImprovementRecognised => "Improvement recognised",
            FindingKind::PressCoverage => "Press coverage",
        }
    }

    /// The heading of the tree section that groups findings of this kind.
    pub fn section_title(self) -> &'static str {
        match self {
            FindingKind::Summary => "Summaries",
            FindingKind::CauseOfConcern => "Causes of concern",
            FindingKind::AreaForImprovement => "Areas for improvement",
            FindingKind::InnovativePractice => "Innovative practice",
            FindingKind::MainFinding => "Main findings",
            FindingKind::Strength => "Strengths",
            FindingKind::Weakness => "Weaknesses",
            FindingKind::ImprovementRecognised => "Improvements recognised",
            FindingKind::PressCoverage => "Press coverage",
        }
    }
}

impl fmt::Display for FindingKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

/// When the inspectorate expects a recommendation to be met.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Deadline {
    Immediately,
    WithinSixMonths,
    /// The source lists the recommendation without a deadline (e.g. those carried over from
    /// PEEL 2021/22).
    NotStated,
}

impl Deadline {
    pub fn label(self) -> &'static str {
        match self {
            Deadline::Immediately => "immediately",
            Deadline::WithinSixMonths => "within six months",
            Deadline::NotStated => "deadline not stated",
        }
    }
}

impl fmt::Display for Deadline {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.label())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_kind_round_trips_through_its_key() {
        for kind in FindingKind::ALL {
            assert_eq!(FindingKind::from_key(kind.key()), Some(kind));
        }
    }

    #[test]
    fn kinds_are_ordered_as_the_report_orders_sections() {
        let mut sorted = FindingKind::ALL;
        sorted.sort();
        assert_eq!(sorted, FindingKind::ALL);
        assert!(FindingKind::CauseOfConcern < FindingKind::MainFinding);
    }
}
