//! Checks that need more than one value at a time (ids, references, line ranges), then
//! assembles the model. Every problem is reported; none stops the others being found.

mod catalogue;

use super::locate::YamlPath;
use super::schema::{AreaFile, AssessmentFile};
use super::{ContentError, ContentErrors, Parsed, ParsedSet, Problem};
use crate::model::{
    Area, Assessment, Block, Finding, Force, GlossaryTerm, Library, NodeKey, SourceRef, Theme,
};
use std::collections::{BTreeMap, HashMap, HashSet};

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

    let mut assessments: BTreeMap<(String, String), Parsed<AssessmentFile>> =
        assessments.into_iter().collect();
    let mut areas: BTreeMap<(String, String, String), Parsed<AreaFile>> =
        areas.into_iter().collect();
    let mut themes: BTreeMap<String, Parsed<crate::content::schema::ThemesFile>> =
        themes.into_iter().collect();
    let mut forces = forces;
    forces.sort_by(|a, b| a.doc.id.cmp(&b.doc.id));

    let mut model_forces = Vec::new();
    let mut theme_files = Vec::new();
    for force_file in forces {
        let dir = texts[force_file.file].0.clone();
        let force_dir = folder_of(&dir, 1);
        let file = force_file.file;
        let doc = force_file.doc;
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
        let force_index = model_forces.len();
        let mut model_assessments = Vec::new();
        for (listed, assessment_id) in doc.assessments.iter().enumerate() {
            let Some(parsed) = assessments.remove(&(force_dir.clone(), assessment_id.clone()))
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
                &mut areas,
                &mut origins,
                (force_index, assessment_index),
            );
            model_assessments.push(assessment);
        }
        let (curated, recurring) = match themes.remove(&force_dir) {
            Some(parsed) => {
                theme_files.push((force_index, parsed.file, parsed.doc.themes.clone()));
                (parsed.doc.themes, parsed.doc.recurring)
            }
            None => (Vec::new(), Vec::new()),
        };
        origins.force_files.push(file);
        let mut force = Force {
            id: doc.id,
            name: doc.name,
            assessments: model_assessments,
            themes: Vec::new(),
            recurring,
        };
        // The themes come from the catalogue and the areas; the curated ones only add.
        force.themes = crate::model::framework::derive_themes(&catalogue, &force, &curated);
        model_forces.push(force);
    }
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
    areas: &mut BTreeMap<(String, String, String), Parsed<AreaFile>>,
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

fn check_glossary(
    check: &mut Checker,
    glossary: Parsed<crate::content::schema::GlossaryFile>,
) -> Vec<GlossaryTerm> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, term) in glossary.doc.terms.iter().enumerate() {
        let at = YamlPath::root().key("terms").index(index);
        check.non_empty(
            glossary.file,
            at.clone().key("term"),
            &term.term,
            "glossary term",
        );
        check.non_empty(
            glossary.file,
            at.clone().key("definition"),
            &term.definition,
            "definition",
        );
        match (&term.source, term.editorial) {
            (Some(source), _) => check.source_ref(glossary.file, at.clone().key("source"), source),
            (None, true) => {}
            (None, false) => check.problem(glossary.file, at.clone().key("term"), format!("`{}` has no source; cite where the sources define it, or mark the definition `editorial: true`", term.term)),
        }
        for name in std::iter::once(&term.term).chain(&term.aliases) {
            if let Some(first) = seen.insert(name.to_lowercase(), index) {
                check.problem(
                    glossary.file,
                    at.clone().key("term"),
                    format!(
                        "`{name}` is already defined by glossary entry {}",
                        first + 1
                    ),
                );
            }
        }
    }
    glossary.doc.terms
}

/// Each entry: a key, its expansions, where the sources spell it out (or `editorial`); no
/// key twice, and none that the glossary already has as a term or alias.
fn check_vocabulary(
    check: &mut Checker,
    vocabulary: Parsed<crate::content::schema::VocabularyFile>,
    glossary: &[GlossaryTerm],
) -> Vec<crate::model::VocabularyTerm> {
    let file = vocabulary.file;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, term) in vocabulary.doc.terms.iter().enumerate() {
        let at = YamlPath::root().key("terms").index(index);
        check.non_empty(file, at.clone().key("key"), &term.key, "vocabulary key");
        if term.expansions.is_empty() {
            check.problem(
                file,
                at.clone().key("expansions"),
                format!(
                    "`{}` has no expansion; expected what it stands for",
                    term.key
                ),
            );
        }
        for (e, expansion) in term.expansions.iter().enumerate() {
            check.non_empty(
                file,
                at.clone().key("expansions").index(e),
                expansion,
                "expansion",
            );
        }
        match (&term.source, term.editorial) {
            (Some(source), _) => check.source_ref(file, at.clone().key("source"), source),
            (None, true) => {}
            (None, false) => check.problem(
                file,
                at.clone().key("key"),
                format!("`{}` has no source; cite where the sources spell it out, or mark it `editorial: true`", term.key),
            ),
        }
        let folded = term.key.to_lowercase();
        if let Some(first) = seen.insert(folded.clone(), index) {
            check.problem(
                file,
                at.clone().key("key"),
                format!("`{}` is already vocabulary entry {}", term.key, first + 1),
            );
        }
        let in_glossary = glossary.iter().find(|g| {
            std::iter::once(&g.term)
                .chain(&g.aliases)
                .any(|name| name.to_lowercase() == folded)
        });
        if let Some(entry) = in_glossary {
            check.problem(
                file,
                at.key("key"),
                format!(
                    "`{}` is already in the glossary (under `{}`), which search uses too",
                    term.key, entry.term
                ),
            );
        }
    }
    vocabulary.doc.terms
}

fn check_duplicates(check: &mut Checker, library: &Library, origins: &Origins) {
    for &key in library.duplicate_ids() {
        let id = library.id(key);
        let message = format!("duplicate id `{id}`; every node needs its own id");
        let located = match key {
            NodeKey::Area {
                force,
                assessment,
                area,
            } => origins
                .assessments
                .get(&(force, assessment))
                .map(|&file| (file, YamlPath::root().key("areas").index(area))),
            NodeKey::Finding(at) | NodeKey::Recommendation(at, _) => {
                let file = match at.area {
                    Some(area) => origins.areas.get(&(at.force, at.assessment, area)),
                    None => origins.assessments.get(&(at.force, at.assessment)),
                };
                let finding = YamlPath::root().key("findings").index(at.finding);
                let path = match key {
                    NodeKey::Recommendation(_, r) => {
                        finding.key("recommendations").index(r).key("id")
                    }
                    _ => finding.key("id"),
                };
                file.map(|&file| (file, path))
            }
            NodeKey::Assessment { force, assessment } => origins
                .force_files
                .get(force)
                .map(|&file| (file, YamlPath::root().key("assessments").index(assessment))),
            NodeKey::GlossaryTerm(index) => origins
                .glossary_file
                .map(|file| (file, YamlPath::root().key("terms").index(index).key("term"))),
            NodeKey::Force { .. } | NodeKey::Section { .. } | NodeKey::Glossary => None,
        };
        if let Some((file, path)) = located {
            check.problem(file, path, message);
        }
    }
}

fn check_themes(
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

/// "; did you mean `x`?" with the known name nearest `wanted` (`model::ids::nearest`), if
/// one is near at all.
pub(super) fn did_you_mean<'a>(wanted: &str, known: impl IntoIterator<Item = &'a str>) -> String {
    crate::model::ids::nearest(wanted, known, 1)
        .first()
        .map(|candidate| format!("; did you mean `{candidate}`?"))
        .unwrap_or_default()
}

/// A citation's address must be one a reader can follow and a terminal cannot mistake for
/// markup: an http(s) address of printable characters without spaces.
pub fn is_web_address(url: &str) -> bool {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"));
    rest.is_some_and(|rest| !rest.is_empty() && rest.chars().all(|c| c.is_ascii_graphic()))
}
