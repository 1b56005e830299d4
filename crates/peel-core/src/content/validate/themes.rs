//! Themes, curated or derived: each names areas and findings that exist, in the force it
//! belongs to, and each year once.

use super::{Checker, catalogue, did_you_mean};
use crate::content::locate::YamlPath;
use crate::model::{Library, Theme};
use std::collections::HashSet;

pub(super) fn check_themes(
    check: &mut Checker,
    library: &Library,
    force: usize,
    file: usize,
    curated: &[Theme],
) {
    let model = &library.forces()[force];
    let assessment_ids: HashSet<&str> = model.assessments.iter().map(|a| a.id.as_str()).collect();
    let mut theme_ids = HashSet::new();
    for (index, theme) in curated.iter().enumerate() {
        let at = YamlPath::root().key("themes").index(index);
        check.slug(file, at.clone().key("id"), &theme.id, "theme");
        check.non_empty(file, at.clone().key("title"), &theme.title, "theme title");
        if !theme_ids.insert(theme.id.as_str()) {
            check.problem(
                file,
                at.clone().key("id"),
                format!("duplicate theme id `{}`", theme.id),
            );
        }
        if theme.id == crate::model::framework::OTHER_AREAS {
            check.problem(
                file,
                at.clone().key("id"),
                "theme id `other-areas` is peel's own, for the areas no theme places; choose another id",
            );
        }
        check_theme_years(
            check,
            library,
            force,
            file,
            at.clone(),
            theme,
            &assessment_ids,
        );
        if let Some(derived) = model.themes.iter().find(|t| t.id == theme.id) {
            catalogue::check_curated_grades(check, library, force, file, at, theme, derived);
        }
    }
    // A recurring issue may name any theme the force has, derived or curated.
    let theme_ids: HashSet<&str> = model.themes.iter().map(|t| t.id.as_str()).collect();
    let mut recurring_ids = HashSet::new();
    for (index, issue) in model.recurring.iter().enumerate() {
        let at = YamlPath::root().key("recurring").index(index);
        check.slug(file, at.clone().key("id"), &issue.id, "recurring issue");
        check.non_empty(
            file,
            at.clone().key("title"),
            &issue.title,
            "recurring issue title",
        );
        check.non_empty(
            file,
            at.clone().key("note"),
            &issue.note,
            "recurring issue note",
        );
        if !recurring_ids.insert(issue.id.as_str()) {
            check.problem(
                file,
                at.clone().key("id"),
                format!("duplicate recurring issue id `{}`", issue.id),
            );
        }
        if !theme_ids.contains(issue.theme.as_str()) {
            let known: Vec<&str> = model.themes.iter().map(|t| t.id.as_str()).collect();
            check.problem(
                file,
                at.clone().key("theme"),
                format!(
                    "unknown theme `{}`; expected a theme id from this file or the framework catalogue{}",
                    issue.theme,
                    did_you_mean(&issue.theme, known)
                ),
            );
        }
        let mut years = HashSet::new();
        for (n, id) in issue.nodes.iter().enumerate() {
            match library.resolve_in_force(force, id) {
                Some(key) => {
                    years.insert(library.year(key));
                }
                None => check.problem(
                    file,
                    at.clone().key("nodes").index(n),
                    dangling(library, force, id),
                ),
            }
        }
        if years.len() < 2
            && issue
                .nodes
                .iter()
                .all(|id| library.resolve_in_force(force, id).is_some())
        {
            check.problem(
                file,
                at.key("nodes"),
                "a recurring issue links nodes from at least two different years",
            );
        }
    }
}

fn check_theme_years(
    check: &mut Checker,
    library: &Library,
    force: usize,
    file: usize,
    at: YamlPath,
    theme: &Theme,
    assessment_ids: &HashSet<&str>,
) {
    let mut seen = HashSet::new();
    for (y, year) in theme.years.iter().enumerate() {
        let at = at.clone().key("years").index(y);
        if !assessment_ids.contains(year.assessment.as_str()) {
            check.problem(
                file,
                at.clone().key("assessment"),
                format!(
                    "unknown assessment `{}`; expected one of this force's assessments",
                    year.assessment
                ),
            );
        }
        if !seen.insert(year.assessment.as_str()) {
            check.problem(
                file,
                at.clone().key("assessment"),
                format!(
                    "assessment `{}` appears twice in this theme",
                    year.assessment
                ),
            );
        }
        check.non_empty(file, at.clone().key("status"), &year.status, "theme status");
        for (n, id) in year.nodes.iter().enumerate() {
            if library.resolve_in_force(force, id).is_none() {
                check.problem(
                    file,
                    at.clone().key("nodes").index(n),
                    dangling(library, force, id),
                );
            }
        }
    }
}

/// A node id that names nothing, with the nearest ids this force does have.
fn dangling(library: &Library, force: usize, id: &str) -> String {
    let prefix = if library.shows_forces() {
        format!("{}/", library.forces()[force].id)
    } else {
        String::new()
    };
    let known: Vec<&str> = library
        .ids()
        .filter_map(|known| known.strip_prefix(prefix.as_str()))
        .collect();
    format!(
        "`{id}` names no node of this force{} (`peel tree --ids` lists them)",
        did_you_mean(id, known)
    )
}
