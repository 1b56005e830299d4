//! The grades table of one year, as `peel grades` makes it: a row per force with an
//! assessment that year, a column per theme of the framework catalogue, each cell the
//! grade of the force's area(s) on that theme, empty where it has none there.

use super::build::{GRADES_NOTE, Request, clean, item};
use super::{Body, Briefing, GradesRow, GradesTable};
use crate::grades::{Pick, table};
use crate::model::NodeKey;

/// The grades of `year`'s assessments, or `None` when no force has one that year.
pub fn grades(request: &Request, year: u16) -> Option<Briefing> {
    let library = request.library;
    let grades = table(library, &Pick::Year(year));
    let mut items = Vec::new();
    let mut rows = Vec::new();
    for row in &grades.rows {
        let Some(a) = row.assessment else { continue };
        let f = row.force_index;
        let areas = library.forces()[f].assessments[a].areas.len();
        items.extend((0..areas).map(|area| {
            item(
                request,
                NodeKey::Area {
                    force: f,
                    assessment: a,
                    area,
                },
            )
        }));
        rows.push(GradesRow {
            id: clean(&row.force),
            label: clean(&row.name),
            cells: grades
                .columns
                .iter()
                .map(|column| {
                    row.grade(&column.theme)
                        .map_or(String::new(), |g| g.label().to_owned())
                })
                .collect(),
        });
    }
    if rows.is_empty() {
        return None;
    }
    let forces = match rows.len() {
        1 => "1 force".to_owned(),
        n => format!("{n} forces"),
    };
    let table = GradesTable {
        corner: "Force".into(),
        columns: grades.columns.iter().map(|c| clean(&c.title)).collect(),
        rows,
        note: Some(GRADES_NOTE.into()),
    };
    Some(request.briefing(
        format!("Grades in {year}"),
        format!(
            "the grades of every theme inspected in {year} ({forces}), as `peel grades` gives them"
        ),
        "grades",
        items,
        Body::Grades(table),
    ))
}
