//! The PEEL framework catalogue: each cycle's areas and the cross-cycle theme peel files
//! them under, the rules that place any content's areas on it, and the themes of a force
//! derived from it, with a hand-written `themes.yaml` layered on top. Pure data.

use super::{Area, Assessment, Force, Grade, SourceRef, Theme, ThemeYear};
use serde::{Deserialize, Serialize};

/// The status a year shows when a theme has no entry for it.
pub const NOT_ASSESSED: &str = "Not assessed in this year's sources";
/// The status of a year whose source assesses the theme but states no grade.
pub const NO_GRADE_STATED: &str = "Assessed; no grade stated in the source";
/// The theme that holds the areas the catalogue does not place, so none is dropped.
pub const OTHER_AREAS: &str = "other-areas";

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Catalogue {
    pub themes: Vec<CatalogueTheme>,
    pub cycles: Vec<Cycle>,
}

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CatalogueTheme {
    pub id: String,
    pub title: String,
}

/// One PEEL cycle and its areas.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Cycle {
    pub id: String,
    pub title: String,
    /// Words an assessment's `framework` contains when it belongs to this cycle.
    #[serde(default)]
    pub frameworks: Vec<String>,
    /// The first and last year of the cycle.
    pub years: [u16; 2],
    /// Where a source states this cycle's areas.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
    /// peel's own listing: no shipped source states these areas.
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub editorial: bool,
    #[serde(default)]
    pub note: String,
    pub areas: Vec<CycleArea>,
}

/// An area (question, pillar question) of a cycle, filed under a theme by peel.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct CycleArea {
    pub id: String,
    pub theme: String,
    /// The question as the inspectorate words it, where it asks one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub question: Option<String>,
    /// Other names of the area: headings, the judgments grid's short names.
    #[serde(default)]
    pub titles: Vec<String>,
    /// Area ids content files give it (curated and imported).
    #[serde(default)]
    pub ids: Vec<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub source: Option<SourceRef>,
    #[serde(default, skip_serializing_if = "std::ops::Not::not")]
    pub editorial: bool,
}

/// Titles compared as a reader sees them: case, punctuation, apostrophes and the hyphen of
/// "anti-social" aside.
pub fn normalise_title(title: &str) -> String {
    title
        .to_lowercase()
        .replace("anti-social", "antisocial")
        .replace("re-offending", "reoffending")
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { ' ' })
        .collect::<String>()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

impl Catalogue {
    pub fn theme(&self, id: &str) -> Option<&CatalogueTheme> {
        self.themes.iter().find(|t| t.id == id)
    }

    /// The cycle an assessment belongs to: by the words of its framework, else its year.
    pub fn cycle_of(&self, assessment: &Assessment) -> Option<usize> {
        let framework = normalise_title(&assessment.framework);
        self.cycles
            .iter()
            .position(|cycle| {
                cycle.frameworks.iter().any(|f| {
                    let f = normalise_title(f);
                    !f.is_empty() && contains_words(&framework, &f)
                })
            })
            .or_else(|| {
                self.cycles
                    .iter()
                    .position(|cycle| (cycle.years[0]..=cycle.years[1]).contains(&assessment.year))
            })
    }

    /// The catalogue entry an area of `assessment` is, if any: within its cycle first,
    /// then in any cycle; by title or question first, then by id.
    pub fn place(&self, assessment: &Assessment, area: &Area) -> Option<(usize, usize)> {
        let names: Vec<String> = std::iter::once(area.title.as_str())
            .chain(area.short_title.as_deref())
            .map(normalise_title)
            .collect();
        let by_title_of = |entry: &CycleArea| {
            entry
                .question
                .iter()
                .chain(&entry.titles)
                .any(|t| names.contains(&normalise_title(t)))
        };
        let by_id = |entry: &CycleArea| entry.ids.contains(&area.id);
        let own = self.cycle_of(assessment);
        let find = |cycle: usize, by_title: bool| {
            self.cycles[cycle]
                .areas
                .iter()
                .position(|entry| {
                    if by_title {
                        by_title_of(entry)
                    } else {
                        by_id(entry)
                    }
                })
                .map(|a| (cycle, a))
        };
        // Within the assessment's own cycle both rules are tried before any other cycle.
        let own_cycle = own.and_then(|c| find(c, true).or_else(|| find(c, false)));
        own_cycle.or_else(|| {
            [true, false]
                .into_iter()
                .find_map(|by_title| (0..self.cycles.len()).find_map(|c| find(c, by_title)))
        })
    }

    /// The theme an area is filed under, if the catalogue places it.
    pub fn theme_of_area(&self, assessment: &Assessment, area: &Area) -> Option<&str> {
        self.place(assessment, area)
            .map(|(c, a)| self.cycles[c].areas[a].theme.as_str())
    }
}

/// Whether `words` appear in `text` as whole words, in order and together.
fn contains_words(text: &str, words: &str) -> bool {
    let text = format!(" {text} ");
    text.contains(&format!(" {words} "))
}

/// The grade a theme shows for a year, from the areas it maps to: the first judgment on
/// the scale, else the first area's own grade (ungraded, not stated), else none.
pub fn grade_of(areas: &[&Area]) -> Option<Grade> {
    areas
        .iter()
        .map(|a| a.grade)
        .find(|g| g.is_judgment())
        .or_else(|| areas.first().map(|a| a.grade))
}

/// The status a year shows where no curation says more: the grade's words, or which areas
/// disagree when several are judged differently.
fn derived_status(areas: &[&Area]) -> String {
    let mut judged: Vec<&Area> = areas
        .iter()
        .copied()
        .filter(|a| a.grade.is_judgment())
        .collect();
    judged.dedup_by_key(|a| a.grade);
    match (grade_of(areas), judged.len()) {
        (None, _) => NOT_ASSESSED.to_owned(),
        (Some(_), n) if n > 1 => judged
            .iter()
            .map(|a| format!("{}: {}", a.label(), a.grade.label()))
            .collect::<Vec<_>>()
            .join("; "),
        (Some(Grade::NotStated), _) => NO_GRADE_STATED.to_owned(),
        (Some(grade), _) => grade.label().to_owned(),
    }
}

/// What a year of a derived theme says where no curation says more: its areas' titles.
fn derived_summary(areas: &[&Area]) -> String {
    areas
        .iter()
        .map(|a| a.title.as_str())
        .collect::<Vec<_>>()
        .join("; ")
}

/// The areas one theme maps to in one assessment, in the assessment's order: those the
/// catalogue files under it (unless a curated theme of another id names them), then those
/// the curated theme names itself.
fn mapped_areas<'a>(
    placed: &[Option<&str>],
    assessment: &'a Assessment,
    theme: &str,
    curated: Option<&ThemeYear>,
    claimed_elsewhere: &dyn Fn(&str) -> bool,
) -> Vec<&'a Area> {
    let named = |area: &Area| {
        curated.is_some_and(|y| y.nodes.contains(&format!("{}/{}", assessment.id, area.id)))
    };
    let mut areas: Vec<&Area> = assessment
        .areas
        .iter()
        .zip(placed)
        .filter(|(area, placed)| {
            named(area)
                || (**placed == Some(theme) && !claimed_elsewhere(&area_id(assessment, area)))
        })
        .map(|(area, _)| area)
        .collect();
    // The areas with a judgment first, so the comparison opens on the graded one.
    areas.sort_by_key(|a| !a.grade.is_judgment());
    areas
}

fn area_id(assessment: &Assessment, area: &Area) -> String {
    format!("{}/{}", assessment.id, area.id)
}

/// A force's themes: one per catalogue theme any of its areas maps to, in the catalogue's
/// order, each curated theme layered on the derived one of its id (or added after them
/// where the catalogue has no such theme), then "Other areas" for what nothing places.
/// A year's grade always comes from its areas; the curated status and summary, where
/// given, replace the derived ones, and its nodes follow the areas as cross-references.
pub fn derive_themes(catalogue: &Catalogue, force: &Force, curated: &[Theme]) -> Vec<Theme> {
    // Each area placed once (placing compares titles), not once per theme.
    let placed: Vec<Vec<Option<&str>>> = force
        .assessments
        .iter()
        .map(|a| {
            a.areas
                .iter()
                .map(|area| catalogue.theme_of_area(a, area))
                .collect()
        })
        .collect();
    // An area a curated theme names is that theme's; another theme does not take it.
    let claimed_by = |id: &str| -> Vec<&str> {
        curated
            .iter()
            .filter(|t| t.years.iter().any(|y| y.nodes.iter().any(|n| n == id)))
            .map(|t| t.id.as_str())
            .collect()
    };
    let build = |id: &str, title: &str, curation: Option<&Theme>| -> Option<Theme> {
        let mut any_area = false;
        let years = force
            .assessments
            .iter()
            .zip(&placed)
            .map(|(assessment, placed)| {
                let year =
                    curation.and_then(|t| t.years.iter().find(|y| y.assessment == assessment.id));
                let areas = mapped_areas(placed, assessment, id, year, &|area| {
                    claimed_by(area).iter().any(|t| *t != id)
                });
                any_area |= !areas.is_empty();
                let mut nodes: Vec<String> = areas.iter().map(|a| area_id(assessment, a)).collect();
                for node in year.iter().flat_map(|y| &y.nodes) {
                    if !nodes.contains(node) {
                        nodes.push(node.clone());
                    }
                }
                ThemeYear {
                    assessment: assessment.id.clone(),
                    grade: grade_of(&areas),
                    status: year.map_or_else(|| derived_status(&areas), |y| y.status.clone()),
                    summary: year.map_or_else(|| derived_summary(&areas), |y| y.summary.clone()),
                    nodes,
                }
            })
            .collect();
        (any_area || curation.is_some()).then(|| Theme {
            id: id.to_owned(),
            title: curation.map_or(title, |t| t.title.as_str()).to_owned(),
            years,
        })
    };
    let curation = |id: &str| curated.iter().find(|t| t.id == id);
    let mut themes: Vec<Theme> = catalogue
        .themes
        .iter()
        .filter_map(|t| build(&t.id, &t.title, curation(&t.id)))
        .collect();
    themes.extend(
        curated
            .iter()
            .filter(|t| catalogue.theme(&t.id).is_none() && t.id != OTHER_AREAS)
            .filter_map(|t| build(&t.id, &t.title, Some(t))),
    );
    // What neither the catalogue nor a curated theme places.
    let mut other_years = Vec::new();
    let mut any_other = false;
    for (assessment, placed) in force.assessments.iter().zip(&placed) {
        let areas: Vec<&Area> = assessment
            .areas
            .iter()
            .zip(placed)
            .filter(|(area, placed)| {
                placed.is_none() && claimed_by(&area_id(assessment, area)).is_empty()
            })
            .map(|(area, _)| area)
            .collect();
        any_other |= !areas.is_empty();
        other_years.push(ThemeYear {
            assessment: assessment.id.clone(),
            grade: grade_of(&areas),
            status: derived_status(&areas),
            summary: derived_summary(&areas),
            nodes: areas.iter().map(|a| area_id(assessment, a)).collect(),
        });
    }
    if any_other {
        themes.push(Theme {
            id: OTHER_AREAS.to_owned(),
            title: "Other areas (not in peel's framework catalogue)".to_owned(),
            years: other_years,
        });
    }
    themes
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn titles_match_whatever_their_case_punctuation_and_hyphens() {
        assert_eq!(
            normalise_title(
                "How effective is the force at preventing crime, tackling Anti-Social behaviour?"
            ),
            "how effective is the force at preventing crime tackling antisocial behaviour"
        );
        assert_eq!(normalise_title("force’s"), normalise_title("force's"));
    }

    #[test]
    fn framework_words_match_whole_words_only() {
        assert!(contains_words("peel 2023 25 police", "peel 2023"));
        assert!(!contains_words("peel 20231", "peel 2023"));
    }
}
