//! The grades table: every force against every theme for one year or assessment, as the
//! inspectorate's own site shows a cycle's grades. Each cell is the force's theme grade
//! for that assessment, which is its area's grade (`model::framework`). Pure.

use crate::model::{Grade, Library};
use serde::Serialize;
use std::collections::BTreeMap;

/// Which assessment of each force the table shows.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Pick {
    Year(u16),
    Assessment(String),
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradesTable {
    /// The year shown, where one was chosen or every force's assessment has the same.
    pub year: Option<u16>,
    #[serde(skip_serializing_if = "Option::is_none")]
    pub assessment: Option<String>,
    pub columns: Vec<GradesColumn>,
    pub rows: Vec<GradesRow>,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradesColumn {
    pub theme: String,
    pub title: String,
}

#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct GradesRow {
    pub force: String,
    pub name: String,
    /// Theme id -> the grade's key (`requires-improvement`), `None` where the force's
    /// assessment has no area on the theme (or the force has no such assessment).
    pub cells: BTreeMap<String, Option<Grade>>,
    #[serde(skip)]
    pub force_index: usize,
    /// The assessment shown for this force, if it has one.
    #[serde(skip)]
    pub assessment: Option<usize>,
}

impl GradesRow {
    pub fn grade(&self, theme: &str) -> Option<Grade> {
        self.cells.get(theme).copied().flatten()
    }
}

/// The years any force has an assessment in, oldest first.
pub fn years(library: &Library) -> Vec<u16> {
    let mut years: Vec<u16> = library
        .forces()
        .iter()
        .flat_map(|f| f.assessments.iter().map(|a| a.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}

/// The latest year in which some force has a graded area: where a reader starts.
pub fn latest_graded_year(library: &Library) -> Option<u16> {
    library
        .forces()
        .iter()
        .flat_map(|f| &f.assessments)
        .filter(|a| a.areas.iter().any(|area| area.grade.is_judgment()))
        .map(|a| a.year)
        .max()
        .or_else(|| years(library).last().copied())
}

/// The table for `pick`: a row per force (in the library's order), a column per theme any
/// force has an area on in the assessment shown, in the order the forces list them.
pub fn table(library: &Library, pick: &Pick) -> GradesTable {
    let mut columns: Vec<GradesColumn> = Vec::new();
    let mut rows = Vec::new();
    for (index, force) in library.forces().iter().enumerate() {
        let assessment = force.assessments.iter().position(|a| match pick {
            Pick::Year(year) => a.year == *year,
            Pick::Assessment(id) => a.id == *id,
        });
        let mut cells = BTreeMap::new();
        if let Some(a) = assessment {
            let id = &force.assessments[a].id;
            for theme in &force.themes {
                let Some(year) = theme.years.iter().find(|y| &y.assessment == id) else {
                    continue;
                };
                // A column is a theme some area of the assessment is on.
                let has_area = !force.assessments[a].areas.is_empty() && year.grade.is_some();
                if has_area && !columns.iter().any(|c| c.theme == theme.id) {
                    columns.push(GradesColumn {
                        theme: theme.id.clone(),
                        title: theme.title.clone(),
                    });
                }
                cells.insert(theme.id.clone(), year.grade);
            }
        }
        rows.push(GradesRow {
            force: force.id.clone(),
            name: force.name.clone(),
            cells,
            force_index: index,
            assessment,
        });
    }
    // Every row has a cell for every column (null where the force has nothing there).
    for row in &mut rows {
        row.cells
            .retain(|theme, _| columns.iter().any(|c| &c.theme == theme));
        for column in &columns {
            row.cells.entry(column.theme.clone()).or_insert(None);
        }
    }
    let year = match pick {
        Pick::Year(year) => Some(*year),
        Pick::Assessment(_) => {
            let mut shown: Vec<u16> = rows
                .iter()
                .filter_map(|r| {
                    let force = &library.forces()[r.force_index];
                    r.assessment.map(|a| force.assessments[a].year)
                })
                .collect();
            shown.dedup();
            (shown.len() == 1).then(|| shown[0])
        }
    };
    GradesTable {
        year,
        assessment: match pick {
            Pick::Assessment(id) => Some(id.clone()),
            Pick::Year(_) => None,
        },
        columns,
        rows,
    }
}

/// Where a grade sorts: best first, then ungraded, not stated, and no grade at all.
pub fn rank(grade: Option<Grade>) -> usize {
    grade.map_or(Grade::ALL.len(), |g| {
        Grade::ALL.iter().position(|x| *x == g).unwrap_or(0)
    })
}

/// Where a grade sorts worst first: the judgments turned round (inadequate first), then,
/// as in `rank`, ungraded, not stated and no grade at all, so the empty cells stay last.
pub fn rank_worst_first(grade: Option<Grade>) -> usize {
    match grade {
        Some(g) if g.is_judgment() => {
            let judgments = Grade::ALL.iter().filter(|g| g.is_judgment()).count();
            judgments.saturating_sub(1 + rank(grade))
        }
        _ => rank(grade),
    }
}

/// How the rows are ordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Sort {
    /// By force name.
    Name,
    /// By the grade in one theme's column, best first; ties by name.
    Theme(String),
}

impl GradesTable {
    pub fn sort(&mut self, sort: &Sort) {
        match sort {
            Sort::Name => self.rows.sort_by(|a, b| a.name.cmp(&b.name)),
            Sort::Theme(theme) => self.rows.sort_by(|a, b| {
                (rank(a.grade(theme)), &a.name).cmp(&(rank(b.grade(theme)), &b.name))
            }),
        }
    }

    /// Only `theme`'s column.
    pub fn keep_theme(&mut self, theme: &str) {
        self.columns.retain(|c| c.theme == theme);
        for row in &mut self.rows {
            row.cells.retain(|t, _| t == theme);
        }
    }

    /// Only the forces with `grade` in some column shown.
    pub fn keep_grade(&mut self, grade: Grade) {
        self.rows
            .retain(|row| row.cells.values().any(|g| *g == Some(grade)));
    }
}

/// The forces `wanted` names: the one whose id it is, else every force whose id or name
/// holds each of its words at the start of a word (`kent`, `west midlands`, `met`).
pub fn forces_matching(library: &Library, wanted: &str) -> Vec<usize> {
    let forces = library.forces();
    if let Some(index) = forces.iter().position(|f| f.id == wanted) {
        return vec![index];
    }
    let words = |text: &str| -> Vec<String> {
        text.to_lowercase()
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect()
    };
    let wanted = words(wanted);
    if wanted.is_empty() {
        return Vec::new();
    }
    (0..forces.len())
        .filter(|&i| {
            let named = words(&format!("{} {}", forces[i].id, forces[i].name));
            wanted
                .iter()
                .all(|w| named.iter().any(|n| n.starts_with(w.as_str())))
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grades_rank_best_first_and_none_last() {
        assert!(rank(Some(Grade::Outstanding)) < rank(Some(Grade::Inadequate)));
        assert!(rank(Some(Grade::Inadequate)) < rank(Some(Grade::NotStated)));
        assert!(rank(Some(Grade::NotStated)) < rank(None));
    }

    #[test]
    fn worst_first_turns_the_judgments_round_and_keeps_no_grade_last() {
        let worst = rank_worst_first;
        assert!(worst(Some(Grade::Inadequate)) < worst(Some(Grade::RequiresImprovement)));
        assert!(worst(Some(Grade::Good)) < worst(Some(Grade::Outstanding)));
        assert!(worst(Some(Grade::Outstanding)) < worst(Some(Grade::Ungraded)));
        assert!(worst(Some(Grade::NotStated)) < worst(None));
    }

    #[test]
    fn a_force_is_found_by_id_or_by_the_words_of_its_name() {
        let library = crate::content::load_builtin().unwrap();
        assert_eq!(forces_matching(&library, "met"), [0]);
        assert_eq!(forces_matching(&library, "metropolitan police"), [0]);
        assert_eq!(forces_matching(&library, "Metro"), [0]);
        assert!(forces_matching(&library, "kent").is_empty());
        assert!(
            forces_matching(&library, "politan").is_empty(),
            "word starts only"
        );
        assert!(forces_matching(&library, " ").is_empty());
    }
}
