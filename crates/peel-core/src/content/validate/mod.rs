//! Checks that need more than one value at a time (ids, references, line ranges), then
//! assembles the model. Every problem is reported; none stops the others being found.
//! This file assembles; the checks of whole sets live beside it: the glossary and
//! vocabulary (`terms`), the themes (`themes`), ids given twice (`duplicates`), and the
//! framework catalogue (`catalogue`).

mod catalogue;
mod duplicates;
mod terms;
mod themes;

use duplicates::check_duplicates;
use terms::{check_glossary, check_vocabulary};
use themes::check_themes;

use super::locate::YamlPath;
use super::schema::{AreaFile, AssessmentFile, ForceFile};
use super::{ContentError, ContentErrors, Parsed, ParsedSet, Problem};
use crate::model::{Area, Assessment, Block, Finding, Force, Library, SourceRef};
use std::collections::{BTreeMap, HashMap};

/// Collects problems against files and YAML paths.
pub(super) struct Checker {
    line_counts: HashMap<String, u32>,
    problems: Vec<Problem>,
}

impl Checker {
    pub(super) fn problem(&mut self, file: usize, path: YamlPath, message: impl Into<String>) {
        self.problems.push(Problem {
            file,
            path,
            message: message.into(),
        });
    }

    pub(super) fn slug(&mut self, file: usize, path: YamlPath, id: &str, what: &str) {
        if !crate::model::ids::is_valid_id(id) {
            self.problem(
                file,
                path,
                format!("{what} id `{id}` is not valid; expected lower-case letters, digits and hyphens, e.g. `crime-allocation`"),
            );
        }
    }

    pub(super) fn non_empty(&mut self, file: usize, path: YamlPath, text: &str, what: &str) {
        if text.trim().is_empty() {
            self.problem(file, path, format!("{what} is empty; expected some text"));
        }
    }

    pub(super) fn source_ref(&mut self, file: usize, path: YamlPath, source: &SourceRef) {
        let [first, last] = source.lines;
        match self.line_counts.get(&source.file) {
            None => self.problem(
                file,
                path.key("file"),
                format!("unknown source document `{}`; expected a file listed in sources.yaml", source.file),
            ),
            Some(&count) if first == 0 || first > last || last > count => self.problem(
                file,
                path.key("lines"),
                format!("line range [{first}, {last}] is not within {} (lines 1 to {count}); expected [first, last] with first <= last", source.file),
            ),
            Some(_) => {}
        }
    }

    fn blocks(&mut self, file: usize, path: YamlPath, blocks: &[Block]) {
        for (index, block) in blocks.iter().enumerate() {
            let at = path.clone().index(index);
            match block {
                Block::Paragraph(text) => self.non_empty(file, at.clone(), text, "paragraph"),
                Block::Bullets(items) => {
                    if items.is_empty() {
                        self.problem(
                            file,
                            at.clone(),
                            "bullet list is empty; expected at least one item",
                        );
                    }
                    for (item, text) in items.iter().enumerate() {
                        self.non_empty(file, at.clone().key("bullets").index(item), text, "bullet");
                    }
                }
                Block::Table(table) => {
                    self.non_empty(
                        file,
                        at.clone().key("table").key("caption"),
                        &table.caption,
                        "table caption",
                    );
                    for (row, cells) in table.rows.iter().enumerate() {
                        if cells.len() != table.columns.len() {
                            self.problem(
                                file,
                                at.clone().key("table").key("rows").index(row),
                                format!(
                                    "table row has {} cells; expected {} (one per column)",
                                    cells.len(),
                                    table.columns.len()
                                ),
                            );
                        }
                    }
                }
            }
        }
    }

    fn findings(&mut self, file: usize, path: YamlPath, findings: &[Finding]) {
        for (index, finding) in findings.iter().enumerate() {
            let at = path.clone().index(index);
            self.slug(file, at.clone().key("id"), &finding.id, "finding");
            self.non_empty(
                file,
                at.clone().key("title"),
                &finding.title,
                "finding title",
            );
            self.blocks(file, at.clone().key("body"), &finding.body);
            self.source_ref(file, at.clone().key("source"), &finding.source);
            for (r, recommendation) in finding.recommendations.iter().enumerate() {
                let rec = at.clone().key("recommendations").index(r);
                self.slug(
                    file,
                    rec.clone().key("id"),
                    &recommendation.id,
                    "recommendation",
                );
                self.non_empty(
                    file,
                    rec.clone().key("text"),
                    &recommendation.text,
                    "recommendation text",
                );
                self.source_ref(file, rec.key("source"), &recommendation.source);
            }
            for (f, figure) in finding.figures.iter().enumerate() {
                let fig = at.clone().key("figures").index(f);
                self.non_empty(
                    file,
                    fig.clone().key("label"),
                    &figure.label,
                    "figure label",
                );
                if !figure.value.is_finite() {
                    self.problem(
                        file,
                        fig.clone().key("value"),
                        "figure value must be a finite number",
                    );
                }
                if let Some(source) = &figure.source {
                    self.source_ref(file, fig.key("source"), source);
                }
            }
            for (q, quote) in finding.quotes.iter().enumerate() {
                let at = at.clone().key("quotes").index(q);
                self.non_empty(file, at.clone().key("text"), &quote.text, "quote");
                self.non_empty(file, at.key("by"), &quote.by, "quote attribution");
            }
        }
    }
}

/// Where each assessment and area of the library came from, to report duplicates.
#[derive(Default)]
struct Origins {
    glossary_file: Option<usize>,
    force_files: Vec<usize>,
    assessments: HashMap<(usize, usize), usize>,
    areas: HashMap<(usize, usize, usize), usize>,
}

pub(super) fn assemble(set: ParsedSet) -> Result<Library, ContentErrors> {
    let ParsedSet {
        texts,
        sources,
        glossary,
        vocabulary,
        framework,
        forces,
        themes,
        assessments,
        areas,
    } = set;
    let resolve = |problems: Vec<Problem>| {
        ParsedSet {
            texts: texts.clone(),
            ..ParsedSet::default()
        }
        .resolve(problems)
    };
    let Some(sources) = sources else {
        return Err(ContentErrors(vec![ContentError {
            file: "sources.yaml".into(),
            position: None,
            message: "missing: a content folder needs sources.yaml listing the documents it cites"
                .into(),
        }]));
    };
    let mut check = Checker {
        line_counts: HashMap::new(),
        problems: Vec::new(),
    };
    for (index, doc) in sources.doc.sources.iter().enumerate() {
        let at = YamlPath::root().key("sources").index(index);
        check.non_empty(
            sources.file,
            at.clone().key("title"),
            &doc.title,
            "source title",
        );
        if let Some(url) = &doc.url
            && !is_web_address(url)
        {
            check.problem(
                sources.file,
                at.clone().key("url"),
                format!(
                    "`{url}` is not a web address; expected https://… or http://… with no spaces"
                ),
            );
        }
        if check
            .line_counts
            .insert(doc.file.clone(), doc.line_count)
            .is_some()
        {
            check.problem(
                sources.file,
                at.key("file"),
                format!("source `{}` is listed twice", doc.file),
            );
        }
    }

    // The folder's own catalogue where it has one (the built-in content does), checked
    // like any content file; else the one shipped with peel.
    let catalogue = match framework {
        Some(parsed) => {
            catalogue::check(&mut check, &parsed);
            parsed.doc
        }
        None => super::builtin_catalogue().clone(),
    };

    let mut origins = Origins {
        glossary_file: glossary.as_ref().map(|g| g.file),
        ..Origins::default()
    };
    let glossary_terms = glossary
        .map(|g| check_glossary(&mut check, g))
        .unwrap_or_default();
    let vocabulary_terms = vocabulary
        .map(|v| check_vocabulary(&mut check, v, &glossary_terms))
        .unwrap_or_default();

    let mut forces = forces;
    forces.sort_by(|a, b| a.doc.id.cmp(&b.doc.id));
    // A force's assessments, areas and themes are in its own folder: each force is checked
    // and built with its own files, on every core, and what each found is put together in
    // the forces' order, as checking them one after the other would.
    let mut assessments_of = by_force(assessments, |key| &key.0);
    let mut areas_of = by_force(areas, |key| &key.0);
    let mut themes: BTreeMap<String, Parsed<crate::content::schema::ThemesFile>> =
        themes.into_iter().collect();
    let mut folders: Vec<ForceFolder> = forces
        .into_iter()
        .enumerate()
        .map(|(index, force_file)| {
            let force_dir = folder_of(&texts[force_file.file].0, 1);
            ForceFolder {
                index,
                assessments: assessments_of.remove(&force_dir).unwrap_or_default(),
                areas: areas_of.remove(&force_dir).unwrap_or_default(),
                themes: themes.remove(&force_dir),
                force_dir,
                force_file,
            }
        })
        .collect();
    let built: Vec<BuiltForce> = {
        use rayon::prelude::*;
        let line_counts = &check.line_counts;
        let catalogue = &catalogue;
        folders
            .par_iter_mut()
            .map(|folder| build_force(line_counts, catalogue, folder))
            .collect()
    };
    let mut model_forces = Vec::new();
    let mut theme_files = Vec::new();
    let mut assessments = AssessmentFiles::new();
    let mut areas = AreaFiles::new();
    for (folder, built) in folders.into_iter().zip(built) {
        check.problems.extend(built.problems);
        origins.assessments.extend(built.origins.assessments);
        origins.areas.extend(built.origins.areas);
        origins.force_files.push(folder.force_file.file);
        theme_files.extend(built.theme_file);
        model_forces.push(built.force);
        assessments.extend(folder.assessments);
        areas.extend(folder.areas);
    }
    assessments.extend(assessments_of.into_values().flatten());
    areas.extend(areas_of.into_values().flatten());
    for parsed in assessments.into_values() {
        check.problem(parsed.file, YamlPath::root(), "this assessment is not listed in its force.yaml `assessments`, or its force has no force.yaml");
    }
    for parsed in areas.into_values() {
        check.problem(parsed.file, YamlPath::root(), "this area is not listed in its assessment.yaml `areas`, or its assessment has no assessment.yaml");
    }
    for parsed in themes.into_values() {
        check.problem(
            parsed.file,
            YamlPath::root(),
            "themes.yaml has no force.yaml beside it",
        );
    }

    if model_forces.is_empty() && check.problems.is_empty() {
        return Err(ContentErrors(vec![ContentError {
            file: texts[sources.file].0.clone(),
            position: None,
            message: "no force: a content folder needs at least one <force>/force.yaml with its assessments (see content/README.md)".into(),
        }]));
    }
    let library = Library::new(model_forces, glossary_terms, sources.doc.sources)
        .with_vocabulary(vocabulary_terms);
    check_duplicates(&mut check, &library, &origins);
    for (force, file, curated) in theme_files {
        check_themes(&mut check, &library, force, file, &curated);
    }
    if check.problems.is_empty() {
        Ok(library)
    } else {
        Err(resolve(check.problems))
    }
}

/// `files` by the force folder each key names (`folder`).
fn by_force<K: Ord, V>(
    files: impl IntoIterator<Item = (K, V)>,
    folder: impl Fn(&K) -> &String,
) -> HashMap<String, BTreeMap<K, V>> {
    let mut by_force: HashMap<String, BTreeMap<K, V>> = HashMap::new();
    for (key, file) in files {
        by_force
            .entry(folder(&key).clone())
            .or_default()
            .insert(key, file);
    }
    by_force
}

/// Assessment files by (force folder, assessment id).
type AssessmentFiles = BTreeMap<(String, String), Parsed<AssessmentFile>>;
/// Area files by (force folder, assessment id, area id).
type AreaFiles = BTreeMap<(String, String, String), Parsed<AreaFile>>;

/// One force's folder: its force.yaml and the files found in the folder, which building
/// it takes out (those left are listed by nothing).
struct ForceFolder {
    index: usize,
    force_dir: String,
    force_file: Parsed<ForceFile>,
    assessments: AssessmentFiles,
    areas: AreaFiles,
    themes: Option<Parsed<crate::content::schema::ThemesFile>>,
}

/// A force as its folder builds it, with the problems found in it.
struct BuiltForce {
    force: Force,
    problems: Vec<Problem>,
    origins: Origins,
    theme_file: Option<(usize, usize, Vec<crate::model::Theme>)>,
}

fn build_force(
    line_counts: &HashMap<String, u32>,
    catalogue: &crate::model::Catalogue,
    folder: &mut ForceFolder,
) -> BuiltForce {
    let mut check = Checker {
        line_counts: line_counts.clone(),
        problems: Vec::new(),
    };
    let mut origins = Origins::default();
    let force_dir = folder.force_dir.clone();
    let force_index = folder.index;
    let file = folder.force_file.file;
    let doc = &folder.force_file.doc;
    check.slug(file, YamlPath::root().key("id"), &doc.id, "force");
    check.non_empty(file, YamlPath::root().key("name"), &doc.name, "force name");
    if doc.id != force_dir {
        check.problem(
            file,
            YamlPath::root().key("id"),
            format!(
                "force id `{}` must match its folder name `{force_dir}`",
                doc.id
            ),
        );
    }
    let mut model_assessments = Vec::new();
    for (listed, assessment_id) in doc.assessments.iter().enumerate() {
        let Some(parsed) = folder
            .assessments
            .remove(&(force_dir.clone(), assessment_id.clone()))
        else {
            check.problem(
                file,
                YamlPath::root().key("assessments").index(listed),
                format!("assessment `{assessment_id}` has no file; expected {force_dir}/{assessment_id}/assessment.yaml"),
            );
            continue;
        };
        let assessment_index = model_assessments.len();
        origins
            .assessments
            .insert((force_index, assessment_index), parsed.file);
        let assessment = build_assessment(
            &mut check,
            &force_dir,
            parsed,
            &mut folder.areas,
            &mut origins,
            (force_index, assessment_index),
        );
        model_assessments.push(assessment);
    }
    let mut theme_file = None;
    let (curated, recurring) = match folder.themes.take() {
        Some(parsed) => {
            theme_file = Some((force_index, parsed.file, parsed.doc.themes.clone()));
            (parsed.doc.themes, parsed.doc.recurring)
        }
        None => (Vec::new(), Vec::new()),
    };
    let mut force = Force {
        id: std::mem::take(&mut folder.force_file.doc.id),
        name: std::mem::take(&mut folder.force_file.doc.name),
        assessments: model_assessments,
        themes: Vec::new(),
        recurring,
    };
    // The themes come from the catalogue and the areas; the curated ones only add.
    force.themes = crate::model::framework::derive_themes(catalogue, &force, &curated);
    BuiltForce {
        force,
        problems: check.problems,
        origins,
        theme_file,
    }
}

/// The name of the folder `depth` levels above the file (1 = the file's own folder).
fn folder_of(display: &str, depth: usize) -> String {
    display
        .rsplit('/')
        .nth(depth)
        .unwrap_or_default()
        .to_owned()
}

fn build_assessment(
    check: &mut Checker,
    force_dir: &str,
    parsed: Parsed<AssessmentFile>,
    areas: &mut AreaFiles,
    origins: &mut Origins,
    (force_index, assessment_index): (usize, usize),
) -> Assessment {
    let file = parsed.file;
    let doc = parsed.doc;
    let root = YamlPath::root;
    check.slug(file, root().key("id"), &doc.id, "assessment");
    check.non_empty(file, root().key("title"), &doc.title, "assessment title");
    check.blocks(file, root().key("summary"), &doc.summary);
    if let Some(source) = &doc.source {
        check.source_ref(file, root().key("source"), source);
    }
    for (index, name) in doc.sources.iter().enumerate() {
        if !check.line_counts.contains_key(name) {
            check.problem(
                file,
                root().key("sources").index(index),
                format!("unknown source document `{name}`; expected a file listed in sources.yaml"),
            );
        }
    }
    check.findings(file, root().key("findings"), &doc.findings);
    let mut model_areas = Vec::new();
    for (listed, area_id) in doc.areas.iter().enumerate() {
        if doc.areas[..listed].contains(area_id) {
            check.problem(
                file,
                root().key("areas").index(listed),
                format!("area `{area_id}` is listed twice in `areas`; list each area once"),
            );
            continue;
        }
        let key = (force_dir.to_owned(), doc.id.clone(), area_id.clone());
        let Some(area) = areas.remove(&key) else {
            check.problem(
                file,
                root().key("areas").index(listed),
                format!(
                    "area `{area_id}` has no file; expected {force_dir}/{}/{area_id}.yaml",
                    doc.id
                ),
            );
            continue;
        };
        let area_file = area.file;
        let area = area.doc;
        check.slug(area_file, root().key("id"), &area.id, "area");
        if area.id != *area_id {
            check.problem(
                area_file,
                root().key("id"),
                format!(
                    "area id `{}` must match its file name `{area_id}.yaml`",
                    area.id
                ),
            );
        }
        check.non_empty(area_file, root().key("title"), &area.title, "area title");
        check.blocks(area_file, root().key("summary"), &area.summary);
        if let Some(source) = &area.source {
            check.source_ref(area_file, root().key("source"), source);
        }
        check.findings(area_file, root().key("findings"), &area.findings);
        origins.areas.insert(
            (force_index, assessment_index, model_areas.len()),
            area_file,
        );
        model_areas.push(Area {
            id: area.id,
            title: area.title,
            short_title: area.short_title,
            grade: area.grade,
            summary: area.summary,
            source: area.source,
            findings: area.findings,
        });
    }
    Assessment {
        id: doc.id,
        year: doc.year,
        title: doc.title,
        framework: doc.framework,
        published: doc.published,
        sources: doc.sources,
        grade: doc.grade,
        status: doc.status,
        summary: doc.summary,
        source: doc.source,
        findings: doc.findings,
        areas: model_areas,
    }
}

/// A citation's address must be one a reader can follow and a terminal cannot mistake for
/// markup: an http(s) address of printable characters without spaces.
pub fn is_web_address(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_graphic()))
}

/// "; did you mean `x`?" with the known name nearest `wanted` (`model::ids::nearest`), if
/// one is near at all.
fn did_you_mean<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    crate::model::ids::nearest(wanted, known, 1)
        .first()
        .map(|candidate| format!("; did you mean `{candidate}`?"))
        .unwrap_or_default()
}
