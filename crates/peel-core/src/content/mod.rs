//! YAML content -> model. Reads a content folder (or the copy embedded in the binary),
//! checks it, and makes every string inert. Loading is all-or-nothing: any error means
//! no library. serde_yaml is used only in this module, so it can be swapped in one place.
//!
//! Past 500 lines on purpose: every way content gets in (a folder, the built-in copy, a single
//! YAML file through `read_yaml`) passes the same guard here, so there is no second way in.

pub mod cache;
mod error;
mod guard;
mod locate;
mod plain;
mod sanitize;
mod schema;
pub mod stamp;
pub mod synthetic;
mod validate;

pub use error::{ContentError, ContentErrors};
pub use sanitize::{acts_on_terminal, neutralise, shows_as_itself};
pub use validate::is_web_address;

use crate::model::{Catalogue, Library};
use include_dir::{Dir, include_dir};
use locate::YamlPath;
use sanitize::Neutralise;
use schema::{
    AreaFile, AssessmentFile, ForceFile, GlossaryFile, SourcesFile, ThemesFile, VocabularyFile,
};
use serde::de::DeserializeOwned;
use std::path::{Path, PathBuf};
use std::sync::Mutex;
use std::sync::atomic::{AtomicUsize, Ordering};

/// The content shipped with peel, compiled in so the binary works with no files beside it.
static BUILTIN: Dir<'static> = include_dir!("$CARGO_MANIFEST_DIR/../../content");

/// A content file is a few hundred KiB at most; anything far larger is a mistake, and
/// refusing it keeps a stray multi-megabyte file from stalling start-up.
pub const MAX_FILE_BYTES: usize = 4 * 1024 * 1024;

/// One file of a content folder: where to say it is, and its path inside the folder.
#[derive(Debug, Clone)]
pub struct ContentFile {
    pub display: String,
    pub relative: String,
    pub bytes: Vec<u8>,
}

/// The built-in library: decoded from the form peel's build script validated and
/// prepared, with no YAML parsed; parsed as a fallback when the build could not prepare it.
pub fn load_prepared(prepared: &crate::Prepared) -> Result<Library, ContentErrors> {
    cache::stored_key(prepared.library)
        .and_then(|key| cache::decode(prepared.library, key))
        .map_or_else(parse_builtin, Ok)
}

/// The built-in library for the core's own unit tests, which run without the prepared form
/// (that is made by peel's build script, from this crate).
#[cfg(test)]
pub fn load_builtin() -> Result<Library, ContentErrors> {
    static LIBRARY: std::sync::OnceLock<Library> = std::sync::OnceLock::new();
    if let Some(library) = LIBRARY.get() {
        return Ok(library.clone());
    }
    let library = parse_builtin()?;
    Ok(LIBRARY.get_or_init(|| library).clone())
}

/// The built-in content parsed and validated from its YAML, as `peel check` does.
pub fn parse_builtin() -> Result<Library, ContentErrors> {
    load_files(builtin_files())
}

/// The PEEL framework catalogue shipped with peel (`content/framework.yaml`), used for any
/// content folder that has no `framework.yaml` of its own. Parsed once; the built-in
/// content's own check (and the tests) refuse a broken one, so an unreadable copy here can
/// only mean a damaged binary, and then no area is placed rather than peel stopping.
pub fn builtin_catalogue() -> &'static Catalogue {
    static CATALOGUE: std::sync::OnceLock<Catalogue> = std::sync::OnceLock::new();
    CATALOGUE.get_or_init(|| {
        BUILTIN
            .get_file("framework.yaml")
            .and_then(|f| f.contents_utf8())
            .and_then(|text| parse::<Catalogue>("content/framework.yaml", text).ok())
            .unwrap_or_default()
    })
}

/// The built-in content's YAML files, as `load_files` takes them.
pub fn builtin_files() -> Vec<ContentFile> {
    let mut files = Vec::new();
    collect_builtin(&BUILTIN, &mut files);
    files
}

/// The text of a source document shipped in `content/sources/`, if it is shipped.
pub fn builtin_source_text(file: &str) -> Option<&'static str> {
    BUILTIN
        .get_file(format!("sources/{file}"))
        .and_then(|f| f.contents_utf8())
}

fn collect_builtin(dir: &'static Dir<'static>, out: &mut Vec<ContentFile>) {
    for file in dir.files() {
        let relative = file.path().to_string_lossy().replace('\\', "/");
        if is_yaml(&relative) {
            out.push(ContentFile {
                display: format!("content/{relative}"),
                relative,
                bytes: file.contents().to_vec(),
            });
        }
    }
    for sub in dir.dirs() {
        collect_builtin(sub, out);
    }
}

pub fn load_dir(dir: &Path) -> Result<Library, ContentErrors> {
    load_files(read_dir(dir)?)
}

/// Every YAML file under `dir` (dot-files and folders skipped), read but not parsed.
pub fn read_dir(dir: &Path) -> Result<Vec<ContentFile>, ContentErrors> {
    read_found(&scan(dir)?)
}

/// A content file found by `scan`, not yet read, with what the file system says of it.
pub struct Found {
    pub path: PathBuf,
    pub relative: String,
    pub metadata: std::fs::Metadata,
}

/// Every YAML file under `dir` (dot-files and folders skipped), in a stable order, unread.
pub fn scan(dir: &Path) -> Result<Vec<Found>, ContentErrors> {
    Ok(scan_folders(dir)?.files)
}

/// What `scan_folders` found: the files, and every folder it listed (`dir` first), each
/// with what the file system said of it just before it was listed.
pub struct Scan {
    pub files: Vec<Found>,
    pub folders: Vec<Found>,
}

/// As `scan`, with the folders listed on the way: a folder's stamp changes whenever an
/// entry is made, removed or renamed in it, which is what lets a stamp (`stamp`) vouch for
/// the listing without listing again.
pub fn scan_folders(dir: &Path) -> Result<Scan, ContentErrors> {
    if !dir.is_dir() {
        let message = if dir.exists() {
            "not a folder; expected a content folder with sources.yaml in it"
        } else {
            "no such folder; expected a content folder with sources.yaml in it"
        };
        return Err(ContentErrors(vec![ContentError {
            file: dir.display().to_string(),
            position: None,
            message: message.into(),
        }]));
    }
    let mut scan = Scan {
        files: Vec::new(),
        folders: Vec::new(),
    };
    let mut errors = Vec::new();
    collect_dir(dir, dir, &mut scan, &mut errors);
    if !errors.is_empty() {
        return Err(ContentErrors(errors));
    }
    Ok(scan)
}

/// The files `scan` found, read. Reading is most of a large folder's warm start when it
/// must be done, so the files are read on every core, kept in the scan's order.
pub fn read_found(found: &[Found]) -> Result<Vec<ContentFile>, ContentErrors> {
    use rayon::prelude::*;
    let read: Vec<Result<ContentFile, ContentError>> = found
        .par_iter()
        .map(|Found { path, relative, .. }| match read_limited(path) {
            Ok(bytes) => Ok(ContentFile {
                display: path.display().to_string(),
                relative: relative.clone(),
                bytes,
            }),
            Err(error) => Err(io_error(path, &error)),
        })
        .collect();
    let (mut files, mut errors) = (Vec::new(), Vec::new());
    for file in read {
        match file {
            Ok(file) => files.push(file),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(ContentErrors(errors));
    }
    Ok(files)
}

/// The YAML files under `dir`, sorted, each with its path relative to `root`. The stamp
/// needs every file's metadata, one call each (1,200 at 43 forces, a good part of a warm
/// start), so the listing's own word is taken for what is a folder.
fn collect_dir(root: &Path, dir: &Path, scan: &mut Scan, errors: &mut Vec<ContentError>) {
    // The folder's stamp before its listing: an entry made after it changes the stamp.
    match std::fs::metadata(dir) {
        Ok(metadata) => scan.folders.push(Found {
            path: dir.to_path_buf(),
            relative: relative_to(root, dir),
            metadata,
        }),
        Err(error) => {
            errors.push(io_error(dir, &error));
            return;
        }
    }
    let entries = match std::fs::read_dir(dir) {
        Ok(entries) => entries,
        Err(error) => {
            errors.push(io_error(dir, &error));
            return;
        }
    };
    // In one folder, paths sort as their names do, which compare faster.
    let mut paths: Vec<_> = entries
        .filter_map(|e| e.ok().map(|e| (e.path(), e.file_type().ok(), e)))
        .collect();
    paths.sort_unstable_by(|a, b| a.0.file_name().cmp(&b.0.file_name()));
    for (path, kind, entry) in paths {
        let name = path.file_name().map(|n| n.to_string_lossy().into_owned());
        if name.as_deref().is_some_and(|n| n.starts_with('.')) {
            continue;
        }
        // The folder's own note of each entry's type spares a stat per file (a warm search
        // stats every file once, for its stamp); a link is followed, as before.
        let is_dir = match kind {
            Some(kind) if !kind.is_symlink() => kind.is_dir(),
            _ => path.is_dir(),
        };
        if is_dir {
            collect_dir(root, &path, scan, errors);
            continue;
        }
        let relative = relative_to(root, &path);
        if !is_yaml(&relative) {
            continue;
        }
        // Only regular files: a FIFO named x.yaml would wait for a writer for ever. A file
        // that is no link is looked up in its open folder rather than by its whole path.
        let metadata = match kind {
            Some(kind) if kind.is_file() => entry.metadata(),
            _ => std::fs::metadata(&path),
        };
        match metadata {
            Ok(metadata) if metadata.is_file() => scan.files.push(Found {
                path,
                relative,
                metadata,
            }),
            _ => errors.push(ContentError {
                file: path.display().to_string(),
                position: None,
                message: "not a regular file; content files are plain YAML files".into(),
            }),
        }
    }
}

/// `path` inside `root`, with `/` between folders on every system.
fn relative_to(root: &Path, path: &Path) -> String {
    path.strip_prefix(root)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// Reads at most one byte past the limit, so a huge file is refused without reading it all.
fn read_limited(path: &Path) -> std::io::Result<Vec<u8>> {
    use std::io::Read;
    let file = std::fs::File::open(path)?;
    let expected = usize::try_from(file.metadata()?.len()).unwrap_or(usize::MAX);
    let mut bytes = Vec::with_capacity(expected.min(MAX_FILE_BYTES) + 1);
    file.take(MAX_FILE_BYTES as u64 + 1)
        .read_to_end(&mut bytes)?;
    Ok(bytes)
}

fn io_error(path: &Path, error: &std::io::Error) -> ContentError {
    ContentError {
        file: path.display().to_string(),
        position: None,
        message: format!("cannot read: {error}"),
    }
}

fn is_yaml(path: &str) -> bool {
    path.ends_with(".yaml") || path.ends_with(".yml")
}

/// What a file is, told by where it sits in the folder.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Role {
    Sources,
    Glossary,
    Vocabulary,
    Framework,
    Force {
        force: String,
    },
    Themes {
        force: String,
    },
    Assessment {
        force: String,
        assessment: String,
    },
    Area {
        force: String,
        assessment: String,
        area: String,
    },
}

fn role_of(relative: &str) -> Option<Role> {
    let parts: Vec<&str> = relative.split('/').collect();
    let stem = |name: &str| {
        name.trim_end_matches(".yaml")
            .trim_end_matches(".yml")
            .to_owned()
    };
    Some(match parts.as_slice() {
        [name] if stem(name) == "sources" => Role::Sources,
        [name] if stem(name) == "glossary" => Role::Glossary,
        [name] if stem(name) == "vocabulary" => Role::Vocabulary,
        [name] if stem(name) == "framework" => Role::Framework,
        [force, name] if stem(name) == "force" => Role::Force {
            force: force.to_string(),
        },
        [force, name] if stem(name) == "themes" => Role::Themes {
            force: force.to_string(),
        },
        [force, assessment, name] if stem(name) == "assessment" => Role::Assessment {
            force: force.to_string(),
            assessment: assessment.to_string(),
        },
        [force, assessment, name] => Role::Area {
            force: force.to_string(),
            assessment: assessment.to_string(),
            area: stem(name),
        },
        _ => return None,
    })
}

/// A file after parsing, kept with its text so later checks can locate their findings.
struct Parsed<T> {
    file: usize,
    doc: T,
}

/// Everything parsed, sorted by role; the input to validation and assembly.
#[derive(Default)]
struct ParsedSet {
    texts: Vec<(String, String)>,
    sources: Option<Parsed<SourcesFile>>,
    glossary: Option<Parsed<GlossaryFile>>,
    vocabulary: Option<Parsed<VocabularyFile>>,
    framework: Option<Parsed<Catalogue>>,
    forces: Vec<Parsed<ForceFile>>,
    themes: Vec<(String, Parsed<ThemesFile>)>,
    assessments: Vec<((String, String), Parsed<AssessmentFile>)>,
    areas: Vec<((String, String, String), Parsed<AreaFile>)>,
}

/// How far a load has got, for a screen to show while it runs: files checked of files
/// found. Nothing parsed is visible before the whole load validates; only a cache, which
/// holds nothing but a library that validated, may hand over its outline first (to
/// `showing_outline`'s taker), to be drawn while the rest of it decodes.
#[derive(Default)]
pub struct Progress {
    pub found: AtomicUsize,
    pub parsed: AtomicUsize,
    outline: Mutex<Option<OutlineTaker>>,
    /// The node the reader was last at, whose force the outline carries whole.
    near: Option<String>,
}

type OutlineTaker = Box<dyn FnOnce(cache::Outline) + Send>;

impl std::fmt::Debug for Progress {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Progress")
            .field("found", &self.found)
            .field("parsed", &self.parsed)
            .finish_non_exhaustive()
    }
}

impl Progress {
    /// A progress whose load gives `take` the outline of its library
    /// (`cache::outline`) as soon as a cache has one, before the whole library is ready;
    /// with the force of the node whose id is `near` (where the reader was last) whole,
    /// so that a frame on that node can be drawn from it too (`cache::Outline`).
    pub fn showing_outline(
        near: Option<String>,
        take: impl FnOnce(cache::Outline) + Send + 'static,
    ) -> Progress {
        Progress {
            outline: Mutex::new(Some(Box::new(take))),
            near,
            ..Progress::default()
        }
    }

    /// The id of the node whose force an outline carries whole.
    pub fn near(&self) -> Option<&str> {
        self.near.as_deref()
    }

    /// Whether an outline would be taken: no one else need decode one.
    pub fn wants_outline(&self) -> bool {
        self.outline.lock().is_ok_and(|taker| taker.is_some())
    }

    /// Hands `outline` to the taker, once.
    pub fn offer_outline(&self, outline: cache::Outline) {
        let taker = self.outline.lock().ok().and_then(|mut taker| taker.take());
        if let Some(take) = taker {
            take(outline);
        }
    }

    /// (files parsed, files found) as last seen.
    pub fn counts(&self) -> (usize, usize) {
        (
            self.parsed.load(Ordering::Relaxed),
            self.found.load(Ordering::Relaxed),
        )
    }
}

pub fn load_files(files: Vec<ContentFile>) -> Result<Library, ContentErrors> {
    load_files_with(files, &Progress::default())
}

/// As `load_files`, counting parsed files in `progress`.
pub fn load_files_with(
    files: Vec<ContentFile>,
    progress: &Progress,
) -> Result<Library, ContentErrors> {
    use rayon::prelude::*;
    progress.found.store(files.len(), Ordering::Relaxed);
    // Files are independent until validation: decode and parse them on every core.
    let parsed: Vec<(String, String, Result<Doc, ContentError>)> = files
        .into_par_iter()
        .map(|file| {
            let display = file.display.clone();
            let role = role_of(&file.relative);
            match decode(file) {
                Err(error) => (display, String::new(), Err(error)),
                Ok(text) => {
                    let doc = match role {
                        None => Err(ContentError {
                            file: display.clone(),
                            position: Some((1, 1)),
                            message:
                                "unexpected file here: content is sources.yaml, glossary.yaml, \
                                      vocabulary.yaml, \
                                      framework.yaml, <force>/force.yaml, <force>/themes.yaml and \
                                      <force>/<assessment>/*.yaml (see content/README.md)"
                                    .into(),
                        }),
                        Some(role) => parse_doc(&display, role, &text),
                    };
                    (display, text, doc)
                }
            }
        })
        .inspect(|_| {
            progress.parsed.fetch_add(1, Ordering::Relaxed);
        })
        .collect();
    let mut set = ParsedSet::default();
    let mut errors = Vec::new();
    for (display, text, doc) in parsed {
        let file = set.texts.len();
        set.texts.push((display, text));
        match doc {
            Ok(doc) => set.add(file, doc),
            Err(error) => errors.push(error),
        }
    }
    if !errors.is_empty() {
        return Err(ContentErrors(errors));
    }
    validate::assemble(set)
}

/// A parsed file, by what it is.
enum Doc {
    Sources(SourcesFile),
    Glossary(GlossaryFile),
    Vocabulary(VocabularyFile),
    Framework(Catalogue),
    Force(ForceFile),
    Themes(String, ThemesFile),
    Assessment((String, String), AssessmentFile),
    Area((String, String, String), AreaFile),
}

fn parse_doc(display: &str, role: Role, text: &str) -> Result<Doc, ContentError> {
    Ok(match role {
        Role::Sources => Doc::Sources(parse(display, text)?),
        Role::Glossary => Doc::Glossary(parse(display, text)?),
        Role::Vocabulary => Doc::Vocabulary(parse(display, text)?),
        Role::Framework => Doc::Framework(parse(display, text)?),
        Role::Force { .. } => Doc::Force(parse(display, text)?),
        Role::Themes { force } => Doc::Themes(force, parse(display, text)?),
        Role::Assessment { force, assessment } => {
            Doc::Assessment((force, assessment), parse(display, text)?)
        }
        Role::Area {
            force,
            assessment,
            area,
        } => Doc::Area((force, assessment, area), parse(display, text)?),
    })
}

impl ParsedSet {
    fn add(&mut self, file: usize, doc: Doc) {
        match doc {
            Doc::Sources(doc) => self.sources = Some(Parsed { file, doc }),
            Doc::Glossary(doc) => self.glossary = Some(Parsed { file, doc }),
            Doc::Vocabulary(doc) => self.vocabulary = Some(Parsed { file, doc }),
            Doc::Framework(doc) => self.framework = Some(Parsed { file, doc }),
            Doc::Force(doc) => self.forces.push(Parsed { file, doc }),
            Doc::Themes(force, doc) => self.themes.push((force, Parsed { file, doc })),
            Doc::Assessment(key, doc) => self.assessments.push((key, Parsed { file, doc })),
            Doc::Area(key, doc) => self.areas.push((key, Parsed { file, doc })),
        }
    }
}

/// The file's text, checked; its bytes become the text without a copy (26 MB at 43 forces).
fn decode(file: ContentFile) -> Result<String, ContentError> {
    let at = |position, message: String| ContentError {
        file: file.display.clone(),
        position,
        message,
    };
    if file.bytes.len() > MAX_FILE_BYTES {
        return Err(at(
            Some((1, 1)),
            format!(
                "file is larger than the {} MiB limit for a content file; split it by area",
                MAX_FILE_BYTES / (1024 * 1024)
            ),
        ));
    }
    match String::from_utf8(file.bytes) {
        // A byte-order mark is harmless in UTF-8, and some editors write one.
        Ok(text) if text.trim_start_matches('\u{feff}').trim().is_empty() => Err(at(
            Some((1, 1)),
            "file is empty; expected a YAML mapping (see content/README.md)".into(),
        )),
        Ok(mut text) => {
            if text.starts_with('\u{feff}') {
                text.drain(..'\u{feff}'.len_utf8());
            }
            match guard::check(&text) {
                Ok(()) => Ok(text),
                Err(refusal) => Err(at(Some((refusal.line, refusal.column)), refusal.message)),
            }
        }
        Err(error) => {
            let valid = &error.as_bytes()[..error.utf8_error().valid_up_to()];
            let line = valid.iter().filter(|&&b| b == b'\n').count() + 1;
            let line_start = valid.iter().rposition(|&b| b == b'\n').map_or(0, |i| i + 1);
            let column = String::from_utf8_lossy(&valid[line_start..])
                .chars()
                .count()
                + 1;
            Err(at(
                Some((line, column)),
                "invalid UTF-8 byte; content files must be UTF-8 text".into(),
            ))
        }
    }
}

/// Parses one file, reporting serde_yaml's position (syntax, types, unknown fields,
/// recursion and alias-expansion limits all carry one).
fn parse<T: DeserializeOwned + Neutralise>(display: &str, text: &str) -> Result<T, ContentError> {
    let mut doc: T = deserialize(display, text)?;
    doc.neutralise();
    Ok(doc)
}

fn deserialize<T: DeserializeOwned>(display: &str, text: &str) -> Result<T, ContentError> {
    if let Some(doc) = plain::from_str(text) {
        return Ok(doc);
    }
    match serde_yaml::from_str::<T>(text) {
        Ok(doc) => Ok(doc),
        Err(error) => {
            let mut position = error.location().map(|l| (l.line(), l.column()));
            let mut message = error.to_string();
            if let Some(cut) = message.rfind(" at line ") {
                message.truncate(cut);
            }
            // serde places a duplicate field at its mapping; the duplicate is what to fix.
            if let Some(name) = message
                .strip_prefix("duplicate field `")
                .and_then(|rest| rest.split('`').next())
            {
                position = locate::duplicate_key(text, name).or(position);
            }
            Err(ContentError {
                file: display.to_owned(),
                position: position.or(Some((1, 1))),
                message: neutralise(&message).into_owned(),
            })
        }
    }
}

/// The one way YAML is read outside a whole folder's load (the importer reading the
/// folder it writes into): the file as a content file is read, within the size limit,
/// UTF-8, and past the guard against aliases, deep nesting and control characters; its
/// text, to keep its layout when it is written back. `None` where there is no such file.
pub fn read_yaml_text(path: &Path) -> Result<Option<String>, ContentError> {
    let bytes = match read_limited(path) {
        Ok(bytes) => bytes,
        Err(error) if error.kind() == std::io::ErrorKind::NotFound => return Ok(None),
        Err(error) => return Err(io_error(path, &error)),
    };
    let display = path.display().to_string();
    decode(ContentFile {
        relative: display.clone(),
        display,
        bytes,
    })
    .map(Some)
}

/// Parses YAML text as the loader does, guard first, errors at file:line:col. Untrusted
/// text (anything `read_yaml_text` gave, and anything made from it) is parsed only here.
pub fn parse_yaml<T: DeserializeOwned>(display: &str, text: &str) -> Result<T, ContentError> {
    guard::check(text).map_err(|refusal| ContentError {
        file: display.to_owned(),
        position: Some((refusal.line, refusal.column)),
        message: refusal.message,
    })?;
    deserialize(display, text)
}

/// A YAML file read and parsed by the loader's rules (`read_yaml_text`, `parse_yaml`).
pub fn read_yaml<T: DeserializeOwned>(path: &Path) -> Result<Option<T>, ContentError> {
    match read_yaml_text(path)? {
        Some(text) => parse_yaml(&path.display().to_string(), &text).map(Some),
        None => Ok(None),
    }
}

/// A problem found after parsing, to be located in its file's text.
struct Problem {
    file: usize,
    path: YamlPath,
    message: String,
}

impl ParsedSet {
    fn resolve(&self, problems: Vec<Problem>) -> ContentErrors {
        let mut errors: Vec<ContentError> = problems
            .into_iter()
            .map(|problem| {
                let (display, text) = &self.texts[problem.file];
                ContentError {
                    file: display.clone(),
                    position: locate::locate(text, &problem.path).or(Some((1, 1))),
                    message: problem.message,
                }
            })
            .collect();
        errors.sort_by(|a, b| (&a.file, a.position).cmp(&(&b.file, b.position)));
        errors.dedup();
        ContentErrors(errors)
    }
}
