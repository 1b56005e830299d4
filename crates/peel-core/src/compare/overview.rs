//! The overview: the grade matrix of every theme of a force against every year, with
//! counts, and the force's charts.

use super::{Chart, charts, compare};
use crate::model::{FindingKind, Grade, Library, Node, Standing};
use serde::Serialize;

/// The grade matrix: every theme of a force against every year, with counts.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Overview {
    pub years: Vec<u16>,
    pub themes: Vec<OverviewRow>,
    pub charts: Vec<Chart>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverviewRow {
    pub theme: String,
    pub title: String,
    pub cells: Vec<OverviewCell>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct OverviewCell {
    pub year: u16,
    pub grade: Option<Grade>,
    /// "Inadequate", or "No grade: not assessed in the 2025 sources".
    pub standing: String,
    #[serde(skip)]
    pub standing_parts: Standing,
    pub note: Option<String>,
    pub status: String,
    pub causes_of_concern: usize,
    pub recommendations: usize,
    pub areas_for_improvement: usize,
}

pub fn overview(library: &Library, force: usize) -> Overview {
    let model = &library.forces()[force];
    let mut years: Vec<u16> = model.assessments.iter().map(|a| a.year).collect();
    years.sort_unstable();
    let themes = model
        .themes
        .iter()
        .map(|theme| {
            let comparison = compare(library, force, theme, &[]);
            let cells = comparison
                .columns
                .iter()
                .enumerate()
                .map(|(c, column)| {
                    // Counted from the entries the comparison lists, so the two agree.
                    let listed = comparison.column_keys(c);
                    let count = |wanted: &dyn Fn(Node) -> bool| {
                        listed
                            .iter()
                            .filter(|key| wanted(library.node(**key)))
                            .count()
                    };
                    let findings = |kind: FindingKind| {
                        count(&|node| matches!(node, Node::Finding(f) if f.kind == kind))
                    };
                    OverviewCell {
                        year: column.year,
                        grade: column.grade,
                        standing: column.standing.describe(),
                        standing_parts: column.standing.clone(),
                        note: column.note.clone(),
                        status: column.status.clone(),
                        causes_of_concern: findings(FindingKind::CauseOfConcern),
                        recommendations: count(&|node| matches!(node, Node::Recommendation(_))),
                        areas_for_improvement: findings(FindingKind::AreaForImprovement),
                    }
                })
                .collect();
            OverviewRow {
                theme: theme.id.clone(),
                title: theme.title.clone(),
                cells,
            }
        })
        .collect();
    Overview {
        years,
        themes,
        charts: charts(library, force),
    }
}
