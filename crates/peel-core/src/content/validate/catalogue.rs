//! Checks of the framework catalogue (`framework.yaml`) and of what a curated theme may say
//! about grades: the catalogue's ids, themes and citations; and that a curated grade or
//! status never contradicts the areas the theme's grade comes from.

use super::{Checker, did_you_mean};
use crate::content::Parsed;
use crate::content::locate::YamlPath;
use crate::model::framework::{NO_GRADE_STATED, NOT_ASSESSED};
use crate::model::{Catalogue, Grade, Library, Node, Theme};
use std::collections::HashSet;

/// Ids are slugs and unique; each area names a known theme; each cycle and area cites
/// where a source states it, or says it is peel's own listing (`editorial: true`).
pub(super) fn check(check: &mut Checker, parsed: &Parsed<Catalogue>) {
    let (file, catalogue) = (parsed.file, &parsed.doc);
    let root = YamlPath::root;
    let mut themes = HashSet::new();
    for (t, theme) in catalogue.themes.iter().enumerate() {
        let at = root().key("themes").index(t);
        check.slug(file, at.clone().key("id"), &theme.id, "theme");
        check.non_empty(file, at.clone().key("title"), &theme.title, "theme title");
        if !themes.insert(theme.id.as_str()) {
            check.problem(
                file,
                at.key("id"),
                format!("duplicate theme id `{}`", theme.id),
            );
        }
    }
    let mut cycles = HashSet::new();
    for (c, cycle) in catalogue.cycles.iter().enumerate() {
        let at = root().key("cycles").index(c);
        check.slug(file, at.clone().key("id"), &cycle.id, "cycle");
        check.non_empty(file, at.clone().key("title"), &cycle.title, "cycle title");
        if !cycles.insert(cycle.id.as_str()) {
            check.problem(
                file,
                at.clone().key("id"),
                format!("duplicate cycle id `{}`", cycle.id),
            );
        }
        if cycle.years[0] > cycle.years[1] {
            check.problem(
                file,
                at.clone().key("years"),
                "years are [first, last] with first <= last",
            );
        }
        cited(
            check,
            file,
            at.clone(),
            cycle.source.as_ref(),
            cycle.editorial,
            &cycle.id,
        );
        let mut areas = HashSet::new();
        for (a, area) in cycle.areas.iter().enumerate() {
            let at = at.clone().key("areas").index(a);
            check.slug(file, at.clone().key("id"), &area.id, "area");
            if !areas.insert(area.id.as_str()) {
                check.problem(
                    file,
                    at.clone().key("id"),
                    format!("area `{}` is listed twice in this cycle", area.id),
                );
            }
            if !themes.contains(area.theme.as_str()) {
                check.problem(
                    file,
                    at.clone().key("theme"),
                    format!(
                        "unknown theme `{}`; expected an id from `themes`{}",
                        area.theme,
                        did_you_mean(&area.theme, themes.iter().copied())
                    ),
                );
            }
            if area.question.is_none() && area.titles.is_empty() && area.ids.is_empty() {
                check.problem(
                    file,
                    at.clone().key("id"),
                    "nothing to match: give the area a `question`, `titles` or `ids`",
                );
            }
            cited(
                check,
                file,
                at,
                area.source.as_ref(),
                area.editorial,
                &area.id,
            );
        }
    }
}

fn cited(
    check: &mut Checker,
    file: usize,
    at: YamlPath,
    source: Option<&crate::model::SourceRef>,
    editorial: bool,
    id: &str,
) {
    match (source, editorial) {
        (Some(source), _) => check.source_ref(file, at.key("source"), source),
        (None, true) => {}
        (None, false) => check.problem(
            file,
            at.key("id"),
            format!("`{id}` has no source; cite where a source states it, or mark it `editorial: true` (peel's own listing)"),
        ),
    }
}

/// A curated year may not restate a grade its areas do not have, nor a status that names
/// another grade, calls a graded year unassessed, or a judged year ungraded.
pub(super) fn check_curated_grades(
    check: &mut Checker,
    library: &Library,
    force: usize,
    file: usize,
    at: YamlPath,
    curated: &Theme,
    derived: &Theme,
) {
    for (y, year) in curated.years.iter().enumerate() {
        let Some(derived_year) = derived
            .years
            .iter()
            .find(|d| d.assessment == year.assessment)
        else {
            continue;
        };
        // A dangling reference is reported on its own; what it would have named is unknown.
        if year
            .nodes
            .iter()
            .any(|id| library.resolve_in_force(force, id).is_none())
        {
            continue;
        }
        let at = at.clone().key("years").index(y);
        let grade = derived_year.grade;
        let areas: Vec<String> = derived_year
            .nodes
            .iter()
            .filter_map(|id| library.resolve_in_force(force, id))
            .filter_map(|key| match library.node(key) {
                Node::Area(area) => Some(format!(
                    "`{}/{}` ({})",
                    year.assessment,
                    area.id,
                    area.grade.label().to_lowercase()
                )),
                _ => None,
            })
            .collect();
        let from = if areas.is_empty() {
            format!(
                "in {} this theme maps to no area, so it has no grade",
                year.assessment
            )
        } else {
            format!("its grade comes from {}", areas.join(", "))
        };
        if let Some(claimed) = year.grade
            && Some(claimed) != grade
        {
            check.problem(
                file,
                at.clone().key("grade"),
                format!(
                    "grade `{}` contradicts the areas: {from}; remove `grade:` (peel derives it) or correct the area's grade",
                    claimed.key()
                ),
            );
        }
        let status = year.status.trim();
        let named = Grade::ALL
            .into_iter()
            .filter(|g| g.is_judgment())
            .find(|g| starts_with_words(status, g.label()));
        let contradiction = match (named, grade) {
            (Some(named), grade) if Some(named) != grade => Some(format!(
                "says `{}` but {from}{}",
                named.label(),
                grade
                    .map(|g| format!(" ({})", g.label()))
                    .unwrap_or_default()
            )),
            _ if status == NOT_ASSESSED && grade.is_some() => {
                Some(format!("says not assessed, but {from}"))
            }
            _ if status == NO_GRADE_STATED && grade.is_some_and(Grade::is_judgment) => {
                Some(format!("says no grade was stated, but {from}"))
            }
            _ => None,
        };
        if let Some(what) = contradiction {
            check.problem(
                file,
                at.key("status"),
                format!("status {what}; write a status that agrees with the areas, or correct the area's grade"),
            );
        }
    }
}

/// Whether `text` begins with `words` (any case) followed by the end or a non-letter.
fn starts_with_words(text: &str, words: &str) -> bool {
    let lower = text.to_lowercase();
    let words = words.to_lowercase();
    lower.starts_with(&words)
        && lower[words.len()..]
            .chars()
            .next()
            .is_none_or(|c| !c.is_alphanumeric())
}

#[cfg(test)]
mod tests {
    use super::starts_with_words;

    #[test]
    fn a_status_names_a_grade_only_as_whole_words() {
        assert!(starts_with_words("Good (stated in the text)", "Good"));
        assert!(starts_with_words(
            "requires improvement",
            "Requires improvement"
        ));
        assert!(!starts_with_words("Goodwill noted", "Good"));
        assert!(!starts_with_words("Improvement recognised", "Good"));
    }
}
