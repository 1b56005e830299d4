//! Another page of an assessment already imported (the next pillar page of 2017, the
//! overview beside a pillar page, the rest of a report saved in parts) joins it instead of
//! replacing it: its areas are added after those already there, an area or finding both
//! pages hold is kept once (as it was), the page's own summary becomes a summary finding
//! citing its lines, and the assessment lists the page's text among its sources.

use super::ids::{Unique, slug};
use super::{Draft, Refusal, Warning, finding};
use crate::model::{FindingKind, Grade, SourceRef};
use serde_yaml::{Mapping, Value};
use std::path::Path;

/// The assessment as the folder holds it.
pub struct Existing {
    assessment: Mapping,
    area_titles: Vec<String>,
    taken_area_ids: Vec<String>,
    finding_titles: Vec<String>,
    finding_ids: Vec<String>,
    pub sources: Vec<String>,
    pub warnings: String,
    pub glossary: String,
}

/// Titles compared as a reader sees them: case, spacing and closing punctuation aside.
fn key(title: &str) -> String {
    title
        .to_lowercase()
        .replace(['’', '‘'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ':', '?'])
        .to_owned()
}

fn strings(value: Option<&Value>) -> Vec<String> {
    value
        .and_then(Value::as_sequence)
        .map(|items| {
            items
                .iter()
                .filter_map(|v| v.as_str().map(str::to_owned))
                .collect()
        })
        .unwrap_or_default()
}

fn field<'a>(mapping: &'a Mapping, name: &str) -> Option<&'a Value> {
    mapping.get(Value::String(name.to_owned()))
}

/// The assessment in `folder`, if the folder holds one.
pub fn existing(into: &Path, folder: &str) -> Result<Option<Existing>, Refusal> {
    let dir = into.join(folder);
    let path = dir.join("assessment.yaml");
    let unreadable = |why: String| {
        Refusal(format!(
            "{folder}/assessment.yaml cannot be read to join this page to it ({why}); nothing was written (give --overwrite to replace the assessment)"
        ))
    };
    let Some(assessment) =
        crate::content::read_yaml::<Mapping>(&path).map_err(|e| unreadable(e.to_string()))?
    else {
        return Ok(None);
    };
    let area_ids = strings(field(&assessment, "areas"));
    let mut area_titles = Vec::new();
    for id in &area_ids {
        let area: Mapping = crate::content::read_yaml(&dir.join(format!("{id}.yaml")))
            .map_err(|e| unreadable(e.to_string()))?
            .ok_or_else(|| unreadable(format!("its area {id}.yaml is missing")))?;
        if let Some(title) = field(&area, "title").and_then(Value::as_str) {
            area_titles.push(key(title));
        }
    }
    let mut taken_area_ids = area_ids;
    if let Ok(entries) = std::fs::read_dir(&dir) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            if let Some(stem) = name.strip_suffix(".yaml") {
                taken_area_ids.push(stem.to_owned());
            }
        }
    }
    let findings: Vec<&Mapping> = field(&assessment, "findings")
        .and_then(Value::as_sequence)
        .map(|items| items.iter().filter_map(Value::as_mapping).collect())
        .unwrap_or_default();
    let text_of =
        |m: &Mapping, name: &str| field(m, name).and_then(Value::as_str).map(str::to_owned);
    let finding_titles = findings
        .iter()
        .filter_map(|f| text_of(f, "title"))
        .map(|t| key(&t))
        .collect();
    let finding_ids = findings.iter().filter_map(|f| text_of(f, "id")).collect();
    Ok(Some(Existing {
        sources: strings(field(&assessment, "sources")),
        assessment,
        area_titles,
        taken_area_ids,
        finding_titles,
        finding_ids,
        warnings: std::fs::read_to_string(dir.join("import-warnings.txt")).unwrap_or_default(),
        glossary: std::fs::read_to_string(dir.join("glossary-candidates.txt")).unwrap_or_default(),
    }))
}

/// What of the page the assessment does not hold yet, with new ids; the page's summary as
/// a summary finding; what both hold, warned about and left as it was.
pub fn join(existing: &Existing, draft: &mut Draft) {
    let mut warnings = Vec::new();
    let mut area_ids = Unique::default();
    for id in &existing.taken_area_ids {
        area_ids.take(id.clone());
    }
    draft.areas.retain(|area| {
        let held = existing.area_titles.contains(&key(&area.title));
        if held {
            let line = area.source.as_ref().map_or(1, |s| s.lines[0]);
            warnings.push(Warning::at(
                line,
                format!("“{}” is already in the assessment, from an earlier page; it is kept as it was and this page's copy is not imported", area.title),
            ));
        }
        !held
    });
    for area in &mut draft.areas {
        area.id = area_ids.take(area.id.clone());
    }
    if !draft.summary.is_empty() {
        let title = if draft.title.is_empty() {
            "This page's summary".to_owned()
        } else {
            draft.title.clone()
        };
        let source = SourceRef {
            file: draft.source_file.clone(),
            lines: [1, draft.last_line.max(1)],
        };
        let summary = std::mem::take(&mut draft.summary);
        let mut page = finding(
            slug(&title, 5, "page"),
            FindingKind::Summary,
            title,
            summary,
            source,
        );
        page.editorial_title = true;
        page.notes
            .push("The summary of a page joined to this assessment by peel import.".into());
        draft.findings.insert(0, page);
    }
    let mut finding_ids = Unique::default();
    for id in &existing.finding_ids {
        finding_ids.take(id.clone());
    }
    draft.findings.retain(|f| {
        let held = existing.finding_titles.contains(&key(&f.title));
        if held {
            warnings.push(Warning::at(
                f.source.lines[0],
                format!(
                    "“{}” is already in the assessment, from an earlier page; kept as it was",
                    f.title
                ),
            ));
        }
        !held
    });
    for f in &mut draft.findings {
        f.id = finding_ids.take(f.id.clone());
    }
    if draft.grade != Grade::NotStated {
        warnings.push(Warning::at(
            1,
            format!(
                "this page states the grade “{}” for {}; the assessment keeps the grade of the page imported first, so review where this one belongs",
                draft.grade.label(),
                draft.title
            ),
        ));
    }
    draft.warnings.extend(warnings);
}

/// The assessment's file with the page joined: its text among the sources, its areas and
/// findings after those already there. Its grade stays that of the page imported first: a
/// pillar page's grade is the pillar's, not the assessment's.
pub fn assessment_yaml<T: serde::Serialize>(
    existing: &Existing,
    draft: &Draft,
    findings: &T,
) -> Result<Vec<u8>, Refusal> {
    let mut assessment = existing.assessment.clone();
    let push = |assessment: &mut Mapping, name: &str, items: Vec<Value>| {
        let entry = assessment
            .entry(Value::String(name.to_owned()))
            .or_insert_with(|| Value::Sequence(Vec::new()));
        if let Value::Sequence(list) = entry {
            list.extend(items);
        }
    };
    push(
        &mut assessment,
        "sources",
        vec![Value::String(draft.source_file.clone())],
    );
    push(
        &mut assessment,
        "areas",
        draft
            .areas
            .iter()
            .map(|a| Value::String(a.id.clone()))
            .collect(),
    );
    let findings =
        serde_yaml::to_value(findings).map_err(|e| Refusal(format!("cannot write YAML: {e}")))?;
    if let Value::Sequence(items) = findings
        && !items.is_empty()
    {
        push(&mut assessment, "findings", items);
    }
    serde_yaml::to_string(&assessment)
        .map(String::into_bytes)
        .map_err(|e| Refusal(format!("cannot write YAML: {e}")))
}
