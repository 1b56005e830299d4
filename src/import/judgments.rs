//! The judgments grid of a 2021/22 or 2023–25 report ("Our judgments … as follows:"): one
//! column per grade, each area written under its grade. On the web page and in the PDF's
//! text it reads as tab-separated rows under a row of the grades; a saved page whose grid
//! was a picture has no rows at all, and the reading says so.

use super::ids::{Unique, slug};
use super::markup::{Line, LineKind};
use super::{Draft, Warning, grade_of};
use crate::model::{Area, Grade, SourceRef};

/// One area as the grid grades it.
#[derive(Debug, Clone, PartialEq)]
pub struct Judged {
    pub area: String,
    pub grade: Grade,
    pub line: u32,
}

/// The grid's entries, and a warning where the text promises a grid ("as follows:") and
/// none follows.
pub fn read(lines: &[Line], warnings: &mut Vec<Warning>) -> Vec<Judged> {
    let Some(intro) = lines.iter().position(|l| {
        let lower = l.text.to_lowercase();
        lower.contains("we make graded judgments in")
            || lower.contains("we make graded judgements in")
    }) else {
        return Vec::new();
    };
    let mut judged = Vec::new();
    let mut columns: Option<Vec<Option<Grade>>> = None;
    for line in &lines[intro + 1..] {
        if line.is_blank() {
            continue;
        }
        let LineKind::Row(cells) = &line.kind else {
            // "Investigating crime: Good" or a line of its own ends the grid.
            if let Some((area, grade)) = line
                .text
                .rsplit_once(':')
                .and_then(|(a, g)| Some((a, grade_of(g)?)))
                && columns.is_none()
            {
                judged.push(Judged {
                    area: area.trim().to_owned(),
                    grade,
                    line: line.number,
                });
                continue;
            }
            break;
        };
        let grades: Vec<Option<Grade>> = cells.iter().map(|c| grade_of(c)).collect();
        if columns.is_none() && grades.iter().filter(|g| g.is_some()).count() >= 2 {
            columns = Some(grades);
            continue;
        }
        match &columns {
            Some(columns) => {
                for (cell, grade) in cells.iter().zip(columns) {
                    if let (false, Some(grade)) = (cell.trim().is_empty(), grade) {
                        judged.push(Judged {
                            area: cell.trim().to_owned(),
                            grade: *grade,
                            line: line.number,
                        });
                    }
                }
            }
            // "Investigating crime <tab> Good": an area and its grade on one row.
            None => {
                if let [area, grade] = cells.as_slice()
                    && let Some(grade) = grade_of(grade)
                {
                    judged.push(Judged {
                        area: area.trim().to_owned(),
                        grade,
                        line: line.number,
                    });
                }
            }
        }
    }
    if judged.is_empty() {
        warnings.push(Warning::at(
            lines[intro].number,
            "the text says the graded judgments follow (“as follows:”) but no grades follow it: on the web page the judgments grid is a graphic, so its grades are not in the copied text; a full report's text lists each area under its grade",
        ));
    }
    judged
}

/// The judgments grid's grades: an area with no grade line takes its grade from the grid
/// (said in the warnings); a grid that disagrees with a grade line is reported; and where
/// the text has no areas at all (a page cut after its summary), the grid's areas are
/// imported with their grades and no findings.
pub fn apply(judged: &[Judged], file: &str, draft: &mut Draft) {
    let had_areas = !draft.areas.is_empty();
    let mut ids = Unique::default();
    for area in &draft.areas {
        ids.take(area.id.clone());
    }
    for entry in judged {
        let found = draft
            .areas
            .iter_mut()
            .find(|a| names_area(&entry.area, &a.title));
        match found {
            Some(area) if area.grade == Grade::NotStated => {
                area.grade = entry.grade;
                draft.warnings.push(Warning::at(
                    entry.line,
                    format!("“{}” has no grade line; its grade “{}” is taken from the judgments grid on this line", area.title, entry.grade.label()),
                ));
            }
            Some(area) if area.grade != entry.grade => draft.warnings.push(Warning::at(
                entry.line,
                format!("the judgments grid grades “{}” as “{}” but its section says “{}”; the section's grade is kept", entry.area, entry.grade.label(), area.grade.label()),
            )),
            Some(_) => {}
            None if !had_areas => {
                draft.areas.push(Area {
                    id: ids.take(slug(&entry.area, 3, "area")),
                    title: entry.area.clone(),
                    short_title: None,
                    grade: entry.grade,
                    summary: Vec::new(),
                    source: Some(SourceRef {
                        file: file.to_owned(),
                        lines: [entry.line, entry.line],
                    }),
                    findings: Vec::new(),
                });
            }
            None => {}
        }
    }
}

/// Does the grid's short name ("Investigating crime", "Managing offenders") name this
/// area's heading ("Managing offenders and suspects")?
pub fn names_area(short: &str, heading: &str) -> bool {
    let key = |s: &str| {
        s.to_lowercase()
            .replace(['’', '\''], "")
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect::<Vec<_>>()
    };
    let (short, heading) = (key(short), key(heading));
    !short.is_empty() && heading.len() >= short.len() && heading[..short.len()] == short[..]
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::markup::lines;

    #[test]
    fn the_grid_gives_each_area_the_grade_of_its_column() {
        let text = "We make graded judgments in eight of these nine as follows:\n\nOutstanding\tGood\tAdequate\n\tPreventing crime\tInvestigating crime\n\t\tManaging offenders\n\nWe also inspected";
        let mut warnings = Vec::new();
        let judged = read(&lines(text), &mut warnings);
        let got: Vec<(&str, Grade)> = judged.iter().map(|j| (j.area.as_str(), j.grade)).collect();
        assert_eq!(
            got,
            [
                ("Preventing crime", Grade::Good),
                ("Investigating crime", Grade::Adequate),
                ("Managing offenders", Grade::Adequate)
            ]
        );
        assert!(warnings.is_empty());
        assert!(names_area(
            "Managing offenders",
            "Managing offenders and suspects"
        ));
        assert!(!names_area(
            "Preventing crime",
            "Protecting vulnerable people"
        ));
    }

    #[test]
    fn a_grid_that_was_a_picture_is_warned_about() {
        let mut warnings = Vec::new();
        let judged = read(
            &lines(
                "Our judgments\nWe make graded judgments in eight of these nine as follows:\nWe also inspected how effective",
            ),
            &mut warnings,
        );
        assert!(judged.is_empty());
        assert_eq!(warnings[0].lines, [2, 2]);
    }
}
