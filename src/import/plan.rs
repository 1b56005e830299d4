//! What an import will write: the shipped text, its entry in `sources.yaml`, the force and
//! assessment files, one file per area, and two files for a person to review (glossary
//! candidates and warnings). Planned in memory and validated as `peel check` would before
//! anything touches the folder.
//!
//! Past 500 lines on purpose: the plan and the YAML it writes (the `*Out` types) are read
//! together, so what is planned and what is written cannot drift apart.

use super::{Draft, Refusal, Warning};
use crate::content::{self, ContentFile};
use crate::model::{Area, Block, Finding, Grade, SourceDocument, SourceKind, SourceRef, Table};
use serde::Serialize;
use std::path::{Path, PathBuf};

/// What the person importing asked for.
#[derive(Debug, Clone)]
pub struct Request {
    pub into: PathBuf,
    pub force: Option<String>,
    pub name: Option<String>,
    pub assessment: Option<String>,
    pub year: Option<u16>,
    /// The page's address, if the person gives it (`--url`); else the page's own.
    pub url: Option<String>,
    pub overwrite: bool,
}

/// One file to write, relative to the content folder.
#[derive(Debug, Clone, PartialEq)]
pub struct PlannedFile {
    pub relative: String,
    pub bytes: Vec<u8>,
}

/// Everything an import writes and removes, and what it read.
#[derive(Debug)]
pub struct Plan {
    pub into: PathBuf,
    pub files: Vec<PlannedFile>,
    /// Files of an earlier import of the same assessment that this one does not write
    /// (only with `--overwrite`).
    pub remove: Vec<String>,
    pub force: String,
    /// The force's name, as given or as the text names it.
    pub name: String,
    pub assessment: String,
    pub draft: Draft,
}

/// The name the text is shipped under: the same text always gets the same name.
pub fn source_name(text: &str) -> String {
    // FNV-1a: stable across builds and platforms, which std's hasher is not.
    let mut hash: u64 = 0xcbf2_9ce4_8422_2325;
    for byte in text.bytes() {
        hash ^= u64::from(byte);
        hash = hash.wrapping_mul(0x0100_0000_01b3);
    }
    format!("report-{hash:016x}.txt")
}

/// "Metropolitan Police Service" → `metropolitan`; "Avon and Somerset Constabulary" →
/// `avon-somerset`.
fn force_id(name: &str) -> String {
    let short: String = name
        .split_whitespace()
        .filter(|w| {
            !matches!(
                w.to_lowercase().as_str(),
                "police" | "service" | "constabulary" | "force"
            )
        })
        .collect::<Vec<_>>()
        .join(" ");
    super::ids::slug(&short, 3, "force")
}

/// The years a PEEL report can be from: the inspections began in 2014.
const PEEL_YEARS: std::ops::RangeInclusive<u16> = 2014..=2100;

/// Ids a force may not take: its folder would be one the content folder has for itself.
const RESERVED_FORCE_IDS: &[&str] = &["sources"];

/// The id an area may not take: its file would be the assessment's own `assessment.yaml`.
const RESERVED_AREA_IDS: &[&str] = &["assessment"];

/// What the reading left that `peel check` would refuse, made valid, with a warning that
/// says what was done: a table with no caption takes the title of what holds it, and an
/// area whose file would be the assessment's own is given another id.
fn make_valid(draft: &mut Draft) {
    let mut warnings = Vec::new();
    let caption =
        |blocks: &mut [Block], title: &str, lines: [u32; 2], warnings: &mut Vec<Warning>| {
            for block in blocks {
                if let Block::Table(table) = block
                    && table.caption.trim().is_empty()
                {
                    table.caption = if title.trim().is_empty() {
                        "Table".to_owned()
                    } else {
                        title.to_owned()
                    };
                    warnings.push(Warning::span(
                        lines[0],
                        lines[1],
                        format!(
                            "a table with no caption was given the caption “{}”",
                            table.caption
                        ),
                    ));
                }
            }
        };
    let whole = [1, draft.last_line.max(1)];
    caption(&mut draft.summary, &draft.title, whole, &mut warnings);
    for finding in &mut draft.findings {
        caption(
            &mut finding.body,
            &finding.title,
            finding.source.lines,
            &mut warnings,
        );
    }
    let mut ids = super::ids::Unique::default();
    for reserved in RESERVED_AREA_IDS {
        ids.take((*reserved).to_owned());
    }
    for area in &draft.areas {
        if !RESERVED_AREA_IDS.contains(&area.id.as_str()) {
            ids.take(area.id.clone());
        }
    }
    for area in &mut draft.areas {
        let lines = area.source.as_ref().map_or(whole, |s| s.lines);
        caption(&mut area.summary, &area.title, lines, &mut warnings);
        for finding in &mut area.findings {
            caption(
                &mut finding.body,
                &finding.title,
                finding.source.lines,
                &mut warnings,
            );
        }
        if RESERVED_AREA_IDS.contains(&area.id.as_str()) {
            let id = ids.take(area.id.clone());
            warnings.push(Warning::span(
                lines[0],
                lines[1],
                format!(
                    "the area “{}” is written as {id}.yaml, since {}.yaml is the assessment's own file",
                    area.title, area.id
                ),
            ));
            area.id = id;
        }
    }
    draft.warnings.extend(warnings);
}

pub fn plan(mut draft: Draft, text: &str, request: &Request) -> Result<Plan, Refusal> {
    if draft.framework.is_empty() {
        cycle_from_year(&mut draft, request.year)?;
    }
    make_valid(&mut draft);
    let name = request
        .name
        .clone()
        .or_else(|| draft.force_name.clone())
        .ok_or_else(|| {
            Refusal(
                "the text does not name the force (as “An inspection of <force>”, “how good <force> is”, “assessment of <force>” or a title such as “Kent PEEL 2018”); give it with --name NAME"
                    .into(),
            )
        })?;
    if let Some(c) = name.chars().find(|&c| content::acts_on_terminal(c)) {
        return Err(Refusal(format!(
            "the force's name holds the control character U+{:04X}, which a terminal would act on; a force's name is plain text",
            u32::from(c)
        )));
    }
    let force = request.force.clone().unwrap_or_else(|| force_id(&name));
    if RESERVED_FORCE_IDS.contains(&force.as_str()) {
        return Err(Refusal(format!(
            "--force {force}: `{force}` is the folder of the reports' texts in a content folder; give the force another id"
        )));
    }
    // Where the text states no year, its cycle names the assessment ("2023-25") and its
    // first year stands for the year, as the warnings say.
    let cycle_year = match (request.year.or(draft.year), &draft.cycle) {
        (None, Some(cycle)) => {
            draft.warnings.push(Warning::at(
                cycle.line.max(1),
                format!("the text states no year of publication; the year recorded is the first of its cycle, {} ({}): give the year with --year YYYY", cycle.first_year, cycle.name),
            ));
            Some(cycle.first_year)
        }
        _ => None,
    };
    let year = request.year.or(draft.year).or(cycle_year).ok_or_else(|| {
        Refusal("the text gives no year of publication and names no PEEL cycle; give it with --year YYYY".into())
    })?;
    if !PEEL_YEARS.contains(&year) {
        let given = if request.year.is_some() {
            format!("--year {year}")
        } else {
            format!("the text's year {year}")
        };
        return Err(Refusal(format!(
            "{given} is not a year of a PEEL report: PEEL inspections began in {}; expected {} to {}",
            PEEL_YEARS.start(),
            PEEL_YEARS.start(),
            PEEL_YEARS.end()
        )));
    }
    let assessment =
        request
            .assessment
            .clone()
            .unwrap_or_else(|| match (&draft.cycle, cycle_year) {
                (Some(cycle), Some(_)) => {
                    super::ids::slug(cycle.name.trim_start_matches("PEEL "), 3, "cycle")
                }
                _ => year.to_string(),
            });
    for (what, id) in [("--force", &force), ("--assessment", &assessment)] {
        if !crate::model::ids::is_valid_id(id) {
            return Err(Refusal(format!(
                "{what} `{id}` is not a valid id; expected lower-case letters, digits and hyphens, e.g. `met` or `2024`"
            )));
        }
    }
    if let Some(url) = &request.url
        && !content::is_web_address(url)
    {
        return Err(Refusal(format!(
            "--url {url}: not a web address; expected https://… or http://… with no spaces"
        )));
    }
    let into = &request.into;
    let folder = format!("{force}/{assessment}");
    // Another page of an assessment already there joins it; the same text again does not.
    let joining = if request.overwrite {
        None
    } else {
        super::join::existing(into, &folder)?
    };
    if let Some(existing) = &joining {
        if existing.sources.contains(&draft.source_file) {
            return Err(Refusal(format!(
                "{folder}/ already exists in {} and holds this text already; nothing was written (give --overwrite to replace it)",
                into.display()
            )));
        }
        super::join::join(existing, &mut draft);
    }
    let mut files = Vec::new();
    let file = draft.source_file.clone();
    files.push(PlannedFile {
        relative: format!("sources/{file}"),
        bytes: text.as_bytes().to_vec(),
    });
    let document = SourceDocument {
        file: file.clone(),
        title: match &draft.inspection_line {
            Some(line) => format!("{} — {line}", draft.title),
            None => format!("{} ({name})", draft.title),
        },
        publisher: "HMICFRS".into(),
        kind: SourceKind::Inspectorate,
        line_count: u32::try_from(text.split('\n').count()).unwrap_or(u32::MAX),
        published: draft.published.clone(),
        shipped: true,
        url: request.url.clone().or_else(|| draft.url.clone()),
    };
    files.push(PlannedFile {
        relative: "sources.yaml".into(),
        bytes: sources_yaml(into, document)?,
    });
    files.push(PlannedFile {
        relative: format!("{force}/force.yaml"),
        bytes: force_yaml(into, &force, &name, &assessment)?,
    });
    files.push(PlannedFile {
        relative: format!("{folder}/assessment.yaml"),
        bytes: match &joining {
            Some(existing) => {
                super::join::assessment_yaml(existing, &draft, &findings(&draft.findings))?
            }
            None => yaml(&AssessmentOut::new(&draft, &assessment, year))?,
        },
    });
    for area in &draft.areas {
        files.push(PlannedFile {
            relative: format!("{folder}/{}.yaml", area.id),
            bytes: yaml(&AreaOut::from(area))?,
        });
    }
    let earlier = |text: Option<&String>| text.map(|t| format!("{t}\n")).unwrap_or_default();
    files.push(PlannedFile {
        relative: format!("{folder}/glossary-candidates.txt"),
        bytes: (earlier(joining.as_ref().map(|e| &e.glossary)) + &glossary_candidates(&draft))
            .into_bytes(),
    });
    files.push(PlannedFile {
        relative: format!("{folder}/import-warnings.txt"),
        bytes: (earlier(joining.as_ref().map(|e| &e.warnings)) + &warnings_file(&draft))
            .into_bytes(),
    });
    let remove = if joining.is_some() {
        Vec::new()
    } else {
        conflicts(into, &files, &folder, request.overwrite)?
    };
    let plan = Plan {
        into: into.clone(),
        files,
        remove,
        force,
        name,
        assessment,
        draft,
    };
    validate(&plan)?;
    Ok(plan)
}

/// Files the import would replace that the person did not ask to replace; with
/// `--overwrite`, the files of the earlier import it does not write again.
fn conflicts(
    into: &Path,
    files: &[PlannedFile],
    folder: &str,
    overwrite: bool,
) -> Result<Vec<String>, Refusal> {
    let registries = ["sources.yaml"];
    let mut clashing = Vec::new();
    for file in files {
        let path = into.join(&file.relative);
        let is_registry =
            registries.contains(&file.relative.as_str()) || file.relative.ends_with("/force.yaml");
        if is_registry || !path.exists() {
            continue;
        }
        if std::fs::read(&path).is_ok_and(|old| old == file.bytes) {
            continue;
        }
        clashing.push(file.relative.clone());
    }
    let folder_path = into.join(folder);
    if !overwrite && folder_path.exists() && clashing.is_empty() {
        clashing.push(format!("{folder}/"));
    }
    if !clashing.is_empty() && !overwrite {
        return Err(Refusal(format!(
            "{} already exists in {}; nothing was written (give --overwrite to replace it)",
            clashing.join(", "),
            into.display()
        )));
    }
    let mut remove = Vec::new();
    if let Ok(entries) = std::fs::read_dir(&folder_path) {
        for entry in entries.flatten() {
            let name = entry.file_name().to_string_lossy().into_owned();
            let relative = format!("{folder}/{name}");
            // Content files the loader would read: an editor's dot-file, or a folder that
            // happens to be named `*.yaml`, is not a file of the earlier import.
            let ours = (name.ends_with(".yaml") || name.ends_with(".yml"))
                && !name.starts_with('.')
                && std::fs::metadata(entry.path()).is_ok_and(|m| m.is_file());
            if ours && !files.iter().any(|f| f.relative == relative) {
                remove.push(relative);
            }
        }
    }
    remove.sort();
    Ok(remove)
}

/// The folder as it will be, checked as `peel check` checks it.
fn validate(plan: &Plan) -> Result<(), Refusal> {
    let mut files: Vec<ContentFile> = if plan.into.join("sources.yaml").exists() {
        content::read_dir(&plan.into).map_err(|errors| {
            Refusal(format!(
                "{} is not a valid content folder as it stands, so nothing was imported into it:\n{errors}",
                plan.into.display()
            ))
        })?
    } else {
        Vec::new()
    };
    files.retain(|f| {
        !plan.remove.contains(&f.relative) && !plan.files.iter().any(|p| p.relative == f.relative)
    });
    for planned in plan
        .files
        .iter()
        .filter(|f| f.relative.ends_with(".yaml") && !f.relative.starts_with("sources/"))
    {
        files.push(ContentFile {
            display: plan.into.join(&planned.relative).display().to_string(),
            relative: planned.relative.clone(),
            bytes: planned.bytes.clone(),
        });
    }
    content::load_files(files).map(|_| ()).map_err(|errors| {
        Refusal(format!(
            "the imported report would not pass `peel check`, so nothing was written:\n{errors}"
        ))
    })
}

fn yaml<T: Serialize>(value: &T) -> Result<Vec<u8>, Refusal> {
    serde_yaml::to_string(value)
        .map(String::into_bytes)
        .map_err(|e| Refusal(format!("cannot write YAML: {e}")))
}

#[derive(Serialize, serde::Deserialize)]
struct SourcesOut {
    sources: Vec<SourceDocument>,
}

/// `sources.yaml` with the report registered (the folder's own entries kept as they are).
fn sources_yaml(into: &Path, document: SourceDocument) -> Result<Vec<u8>, Refusal> {
    let path = into.join("sources.yaml");
    let unreadable = |e: content::ContentError| {
        Refusal(format!(
            "{} cannot be read, so the report cannot be registered in it: {e}",
            path.display()
        ))
    };
    let Some(old) = content::read_yaml_text(&path).map_err(unreadable)? else {
        return yaml(&SourcesOut {
            sources: vec![document],
        });
    };
    let parsed: SourcesOut =
        content::parse_yaml(&path.display().to_string(), &old).map_err(unreadable)?;
    if parsed.sources.iter().any(|d| d.file == document.file) {
        return Ok(old.into_bytes());
    }
    // Appended as text, so the folder's comments and layout stay; re-written only where
    // appending would not read back as the same list plus one.
    let entry = yaml(&vec![&document])?;
    let entry = String::from_utf8(entry).unwrap_or_default();
    let mut appended = old.clone();
    if !appended.ends_with('\n') {
        appended.push('\n');
    }
    let indent = old
        .lines()
        .find(|l| l.trim_start().starts_with("- "))
        .map_or(0, |l| l.len() - l.trim_start().len());
    for line in entry.lines() {
        appended.push_str(&" ".repeat(indent));
        appended.push_str(line);
        appended.push('\n');
    }
    let mut expected = parsed.sources;
    expected.push(document);
    match content::parse_yaml::<SourcesOut>(&path.display().to_string(), &appended) {
        Ok(read) if read.sources == expected => Ok(appended.into_bytes()),
        _ => yaml(&SourcesOut { sources: expected }),
    }
}

#[derive(Serialize, serde::Deserialize)]
struct ForceOut {
    id: String,
    name: String,
    assessments: Vec<String>,
}

/// `force.yaml`, new or with the assessment added to the folder's own list.
fn force_yaml(into: &Path, force: &str, name: &str, assessment: &str) -> Result<Vec<u8>, Refusal> {
    let path = into.join(force).join("force.yaml");
    let read = content::read_yaml::<ForceOut>(&path).map_err(|e| {
        Refusal(format!(
            "{} cannot be read, so the assessment cannot be added to it: {e}",
            path.display()
        ))
    })?;
    let mut out = match read {
        Some(old) => old,
        None => ForceOut {
            id: force.to_owned(),
            name: name.to_owned(),
            assessments: Vec::new(),
        },
    };
    if !out.assessments.iter().any(|a| a == assessment) {
        out.assessments.push(assessment.to_owned());
    }
    yaml(&out)
}

/// A block as content files write it: a paragraph is a plain string.
#[derive(Serialize)]
#[serde(untagged)]
enum BlockOut<'a> {
    Paragraph(&'a str),
    Bullets { bullets: &'a [String] },
    Table { table: &'a Table },
}

fn blocks(blocks: &[Block]) -> Vec<BlockOut<'_>> {
    blocks
        .iter()
        .map(|b| match b {
            Block::Paragraph(text) => BlockOut::Paragraph(text),
            Block::Bullets(items) => BlockOut::Bullets { bullets: items },
            Block::Table(table) => BlockOut::Table { table },
        })
        .collect()
}

#[derive(Serialize)]
struct FindingOut<'a> {
    id: &'a str,
    kind: crate::model::FindingKind,
    title: &'a str,
    #[serde(skip_serializing_if = "std::ops::Not::not")]
    editorial_title: bool,
    body: Vec<BlockOut<'a>>,
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    recommendations: &'a [crate::model::Recommendation],
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    notes: &'a [String],
    source: &'a SourceRef,
}

fn findings(findings: &[Finding]) -> Vec<FindingOut<'_>> {
    findings
        .iter()
        .map(|f| FindingOut {
            id: &f.id,
            kind: f.kind,
            title: &f.title,
            editorial_title: f.editorial_title,
            body: blocks(&f.body),
            recommendations: &f.recommendations,
            notes: &f.notes,
            source: &f.source,
        })
        .collect()
}

#[derive(Serialize)]
struct AssessmentOut<'a> {
    id: &'a str,
    year: u16,
    title: &'a str,
    framework: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    published: Option<&'a str>,
    sources: Vec<&'a str>,
    grade: Grade,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    summary: Vec<BlockOut<'a>>,
    source: SourceRef,
    areas: Vec<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    findings: Vec<FindingOut<'a>>,
}

impl<'a> AssessmentOut<'a> {
    fn new(draft: &'a Draft, id: &'a str, year: u16) -> AssessmentOut<'a> {
        AssessmentOut {
            id,
            year,
            title: &draft.title,
            framework: &draft.framework,
            published: draft.published.as_deref(),
            sources: vec![&draft.source_file],
            grade: draft.grade,
            summary: blocks(&draft.summary),
            source: SourceRef {
                file: draft.source_file.clone(),
                lines: [1, draft.last_line.max(1)],
            },
            areas: draft.areas.iter().map(|a| a.id.as_str()).collect(),
            findings: findings(&draft.findings),
        }
    }
}

#[derive(Serialize)]
struct AreaOut<'a> {
    id: &'a str,
    title: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    short_title: Option<&'a str>,
    grade: Grade,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    summary: Vec<BlockOut<'a>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    source: Option<&'a SourceRef>,
    findings: Vec<FindingOut<'a>>,
}

impl<'a> From<&'a Area> for AreaOut<'a> {
    fn from(area: &'a Area) -> AreaOut<'a> {
        AreaOut {
            id: &area.id,
            title: &area.title,
            short_title: area.short_title.as_deref(),
            grade: area.grade,
            summary: blocks(&area.summary),
            source: area.source.as_ref(),
            findings: findings(&area.findings),
        }
    }
}

/// The terms the report links to its glossary, first use of each, ready to define and move
/// into glossary.yaml; until then they are editorial and not loaded.
fn glossary_candidates(draft: &Draft) -> String {
    let mut out = format!(
        "# Glossary candidates from {}: the terms the report links to its glossary.\n\
         # The links' definitions are not in the text. For each term worth defining, write a\n\
         # definition from the inspectorate's glossary, then move the entry into glossary.yaml\n\
         # (drop `editorial: true` once the definition is the source's own words).\n\
         # This file is not loaded by peel.\nterms:\n",
        draft.source_file
    );
    let mut seen = std::collections::HashSet::new();
    for (term, line) in &draft.terms {
        if !seen.insert(term.to_lowercase()) {
            continue;
        }
        let entry =
            serde_yaml::to_string(&serde_yaml::Value::String(term.clone())).unwrap_or_default();
        out.push_str(&format!(
            "- term: {}\n  definition: ''   # to be written\n  editorial: true\n  source: {{file: {}, lines: [{line}, {line}]}}\n",
            entry.trim_end(),
            draft.source_file
        ));
    }
    out
}

/// The warnings and the skipped text, for the person reviewing the import.
fn warnings_file(draft: &Draft) -> String {
    let mut out = format!(
        "# peel import of {}: what to review by hand (line numbers are those of sources/{}).\n",
        draft.source_file, draft.source_file
    );
    out.push_str(&format!("\n## Warnings ({})\n", draft.warnings.len()));
    for warning in &draft.warnings {
        out.push_str(&format!("{warning}\n"));
    }
    out.push_str(&format!(
        "\n## Recognised and not imported ({})\n",
        draft.skipped.len()
    ));
    for skipped in &draft.skipped {
        out.push_str(&format!("{skipped}\n"));
    }
    out
}

/// A warning list as one line each, for the command's output.
pub fn describe(warnings: &[Warning]) -> Vec<String> {
    warnings.iter().map(ToString::to_string).collect()
}

/// A 2021/22 or 2023–25 report whose text names no cycle: the year given names it, as the
/// inspectorate published them (2021/22 reports in 2021 and 2022, 2023–25 reports from
/// 2023), and the warnings say so.
fn cycle_from_year(draft: &mut Draft, year: Option<u16>) -> Result<(), Refusal> {
    let cycle = match year {
        Some(2021 | 2022) => "PEEL 2021/22",
        Some(2023..=2025) => "PEEL 2023–25",
        _ => {
            return Err(Refusal(
                "the text names no PEEL cycle (“PEEL 2023–2025”, “PEEL 2023–25”, “PEEL 2021/22” or the 2021/22 reports' “Important changes to PEEL”); give the report's year with --year YYYY and the cycle is taken from it".into(),
            ));
        }
    };
    draft.warnings.push(Warning::at(
        1,
        format!("the text names no PEEL cycle; {cycle} is taken from the year given: check it"),
    ));
    draft.framework = cycle.to_owned();
    draft.title = cycle.to_owned();
    Ok(())
}
