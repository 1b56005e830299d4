//! The grades table of one year: a row per force, a column per area any force was graded
//! on that year, each cell the area's own grade (or "No grade" and why). Made from the
//! areas in the library; one function, so a catalogue of the cycles' areas can take its
//! place.

use super::build::{GRADES_NOTE, Request, clean, item};
use super::{Body, Briefing, GradesRow, GradesTable};
use crate::document::StandingText;
use crate::model::{NodeKey, Standing};

/// The grades of `year`'s assessments, or `None` when no force has one that year.
pub fn grades(request: &Request, year: u16) -> Option<Briefing> {
    let library = request.library;
    let mut columns: Vec<String> = Vec::new();
    let mut rows: Vec<(GradesRow, Vec<(usize, String)>)> = Vec::new();
    let mut items = Vec::new();
    for (f, force) in library.forces().iter().enumerate() {
        for (a, assessment) in force.assessments.iter().enumerate() {
            if assessment.year != year {
                continue;
            }
            let mut cells = Vec::new();
            for (r, area) in assessment.areas.iter().enumerate() {
                let label = clean(area.label());
                let column = match columns.iter().position(|c| *c == label) {
                    Some(column) => column,
                    None => {
                        columns.push(label);
                        columns.len() - 1
                    }
                };
                let standing = Standing::of(area.grade, assessment, library.sources());
                cells.push((column, clean(&StandingText::from(&standing).words())));
                items.push(item(
                    request,
                    NodeKey::Area {
                        force: f,
                        assessment: a,
                        area: r,
                    },
                ));
            }
            let row = GradesRow {
                id: clean(&force.id),
                label: clean(&force.name),
                cells: Vec::new(),
            };
            rows.push((row, cells));
        }
    }
    if rows.is_empty() {
        return None;
    }
    let rows = rows
        .into_iter()
        .map(|(mut row, cells)| {
            row.cells = vec![String::new(); columns.len()];
            for (column, words) in cells {
                row.cells[column] = words;
            }
            row
        })
        .collect::<Vec<_>>();
    let forces = match rows.len() {
        1 => "1 force".to_owned(),
        n => format!("{n} forces"),
    };
    let table = GradesTable {
        corner: "Force".into(),
        columns,
        rows,
        note: Some(GRADES_NOTE.into()),
    };
    Some(request.briefing(
        format!("Grades in {year}"),
        format!("the grades of every area inspected in {year} ({forces})"),
        "grades",
        items,
        Body::Grades(table),
    ))
}

/// The years that have an assessment, oldest first, for saying what to choose from.
pub fn years(library: &crate::model::Library) -> Vec<u16> {
    let mut years: Vec<u16> = library
        .forces()
        .iter()
        .flat_map(|f| f.assessments.iter().map(|a| a.year))
        .collect();
    years.sort_unstable();
    years.dedup();
    years
}
