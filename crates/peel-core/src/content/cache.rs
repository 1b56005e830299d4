//! A cache of the parsed, validated library of a content folder, so that opening a large
//! folder again skips YAML parsing, which dominates start-up (about 1 s of CPU for 26 MB).
//!
//! The key is a hash of every file's path and bytes plus a hash of the loader's own source
//! (`PEEL_LOADER_HASH`, from build.rs): a cache is only ever used for exactly the files
//! and exactly the code that produced it. Anything unreadable is ignored and rebuilt.
//! Forces are stored as separate JSON documents so they parse on every core, after an
//! outline of the whole tree (`outline`), small enough to read and decode in a few
//! milliseconds, from which the explorer draws its first frame while the rest decodes.

use super::sanitize::Neutralise;
use super::stamp::Stamp;
use super::{
    ContentErrors, ContentFile, Progress, load_files_with, read_dir, read_found, scan_folders,
};
use crate::model::{
    Area, Assessment, Finding, FindingKind, Force, GlossaryTerm, Library, SourceDocument,
    SourceRef, VocabularyTerm,
};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

/// A library loaded through the cache.
#[derive(Debug)]
pub struct Fetched {
    pub library: Library,
    /// The key of the files it came from.
    pub key: u64,
    /// Parsed afresh, so not yet in the cache.
    pub parsed: bool,
}

/// The key of a folder's files, and their bytes where they had to be read to learn it.
pub struct Keyed {
    pub key: u64,
    /// `None` when the folder's stamp vouched for the key without reading.
    pub files: Option<Vec<ContentFile>>,
}

/// Where the cache of one content folder lives, in `root` (normally `~/.cache/peel`).
pub struct Cache {
    path: PathBuf,
}

impl Cache {
    /// The cache of `dir` under the user's cache folder, if there is one.
    pub fn for_folder(dir: &Path) -> Option<Cache> {
        Some(Cache::in_root(&dirs::cache_dir()?.join("peel"), dir))
    }

    pub fn in_root(root: &Path, dir: &Path) -> Cache {
        let canonical = dir.canonicalize().unwrap_or_else(|_| dir.to_path_buf());
        let mut hasher = DefaultHasher::new();
        canonical.hash(&mut hasher);
        Cache {
            path: root.join(format!("library-{:016x}.bin", hasher.finish())),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The library for `files` from the cache when it holds them, else parsed; with the
    /// key of those files, to `store` it under (the caller may do that off the critical
    /// path) and to find their search index by.
    pub fn load(&self, files: Vec<ContentFile>) -> Result<Fetched, ContentErrors> {
        self.load_with(files, &Progress::default())
    }

    fn load_with(
        &self,
        files: Vec<ContentFile>,
        progress: &Progress,
    ) -> Result<Fetched, ContentErrors> {
        let key = key(&files);
        if let Some(library) = self.read(key) {
            return Ok(Fetched {
                library,
                key,
                parsed: false,
            });
        }
        Ok(Fetched {
            library: load_files_with(files, progress)?,
            key,
            parsed: true,
        })
    }

    /// The key of the files in `dir`: from the folder's stamp when it still describes them
    /// (`super::stamp`: a stat of each folder and file, no listing), else from their bytes,
    /// read here; then a stamp is left for the next start.
    pub fn key_dir(&self, dir: &Path) -> Result<Keyed, ContentErrors> {
        let stamped = self.stamp_bytes().and_then(|bytes| {
            Stamp::decode(&bytes).and_then(|stamp| stamp.key_for(dir, build_id()))
        });
        match stamped {
            Some(key) => Ok(Keyed { key, files: None }),
            None => self.key_dir_read(dir),
        }
    }

    /// `work` done on the key the folder's stamp holds while, on another thread, the stamp
    /// is checked: the key and what `work` gave when the stamp still vouches for the files
    /// in `dir`, else `None` (and what `work` gave is dropped). A warm one-shot search
    /// overlaps its stats with its search this way.
    pub fn while_checking<T>(&self, dir: &Path, work: impl FnOnce(u64) -> T) -> Option<(u64, T)> {
        let bytes = self.stamp_bytes()?;
        let stamp = Stamp::decode(&bytes)?;
        let key = stamp.key;
        std::thread::scope(|scope| {
            // The stats allocate nothing; `work` (a search) allocates much, and keeps to
            // this thread's heap.
            let checking = scope.spawn(|| stamp.key_for(dir, build_id()));
            let done = work(key);
            let vouched = checking.join().ok().flatten() == Some(key);
            vouched.then_some((key, done))
        })
    }

    /// The key of the files in `dir` from their bytes, read here, and a stamp left for the
    /// next start if they have settled.
    pub fn key_dir_read(&self, dir: &Path) -> Result<Keyed, ContentErrors> {
        let scanned = std::time::SystemTime::now();
        let scan = scan_folders(dir)?;
        let files = read_found(&scan.files)?;
        let key = key(&files);
        if let Some(stamp) = Stamp::new(dir, &scan, key, build_id(), scanned) {
            let bytes = stamp.encode();
            let _ = crate::atomic_file::write(&self.stamp_path(), |file| file.write_all(&bytes));
        }
        Ok(Keyed {
            key,
            files: Some(files),
        })
    }

    /// The bytes of the folder's stamp as last left, whatever it vouches for.
    fn stamp_bytes(&self) -> Option<Vec<u8>> {
        crate::atomic_file::read(&self.stamp_path()).ok()
    }

    /// As `load`, for the files in `dir`, which are not read when their stamp vouches for
    /// a library in the cache.
    pub fn load_dir(&self, dir: &Path) -> Result<Fetched, ContentErrors> {
        self.load_dir_with(dir, &Progress::default())
    }

    /// As `load_dir`, counting parsed files in `progress` when the files must be parsed.
    /// When `progress` wants an outline, it is handed one first from a cache that holds it.
    pub fn load_dir_with(&self, dir: &Path, progress: &Progress) -> Result<Fetched, ContentErrors> {
        // The outline of the library the stamp last vouched for is read while the folder
        // is scanned to check that the stamp still holds, and shown only if it does.
        let (keyed, outline) = std::thread::scope(|scope| {
            let outline = progress.wants_outline().then(|| {
                scope.spawn(|| {
                    let key = Stamp::decode(&self.stamp_bytes()?)?.key;
                    Some((key, self.read_outline_near(key, progress.near())?))
                })
            });
            let keyed = self.key_dir(dir);
            (
                keyed,
                outline.and_then(|reading| reading.join().ok().flatten()),
            )
        });
        let Keyed { key, files } = keyed?;
        if let Some((outlined, outline)) = outline
            && outlined == key
        {
            progress.offer_outline(outline);
        }
        if let Some(library) = self.read(key) {
            return Ok(Fetched {
                library,
                key,
                parsed: false,
            });
        }
        match files {
            Some(files) => Ok(Fetched {
                library: load_files_with(files, progress)?,
                key,
                parsed: true,
            }),
            // Stamped but not cached: read now, and keyed by what was read.
            None => self.load_with(read_dir(dir)?, progress),
        }
    }

    fn read(&self, key: u64) -> Option<Library> {
        decode(&crate::atomic_file::read(&self.path).ok()?, key)
    }

    /// The outline of the library stored under `key`, reading only the start of the file.
    pub fn read_outline(&self, key: u64) -> Option<Library> {
        decode_outline(&read_head(&self.path, OUTLINE_SEGMENTS)?, key)
    }

    /// As `read_outline`, with one force read whole as well (`Outline::whole`): the one
    /// that the node `near` (an id, as a saved place names the node last read) lies in,
    /// or the only force there is. Of the rest of the file only the lengths of the forces
    /// before it are read. A force that cannot be read leaves the outline as it is.
    pub fn read_outline_near(&self, key: u64, near: Option<&str>) -> Option<Outline> {
        use std::io::{Read, Seek, SeekFrom};
        let (mut file, size, head) = open_head(&self.path, OUTLINE_SEGMENTS)?;
        let (shared, mut forces) = decode_outline_forces(&head, key)?;
        let whole = whole_force(&forces, near).and_then(|index| {
            for _ in 0..index {
                let mut length = [0; 8];
                file.read_exact(&mut length).ok()?;
                let length = i64::try_from(u64::from_le_bytes(length)).ok()?;
                file.seek(SeekFrom::Current(length)).ok()?;
            }
            let left = size.checked_sub(file.stream_position().ok()?)?;
            let segment = read_segments(&mut file, left, Vec::new(), 1)?;
            let mut force: Force = serde_json::from_slice(segment.get(8..)?).ok()?;
            (force.id == forces[index].id).then_some(())?;
            force.neutralise();
            forces[index] = force;
            Some(index)
        });
        Some(Outline {
            library: with_shared(shared, forces)?,
            whole,
        })
    }

    /// Stores `library` under `key` (from `load`), written aside and renamed over
    /// (`crate::atomic_file`), so a reader never sees half a cache.
    pub fn store(&self, key: u64, library: &Library) -> std::io::Result<()> {
        let bytes = encode(key, library)?;
        crate::atomic_file::write(&self.path, |file| file.write_all(&bytes))
    }

    /// Where the stamp of the folder's files is kept (`super::stamp`).
    pub fn stamp_path(&self) -> PathBuf {
        self.sibling("stamp-")
    }

    /// Where the search index of the same folder is kept (`search::pack`), beside the
    /// library and under the same key.
    pub fn index_path(&self) -> PathBuf {
        self.sibling("index-")
    }

    fn sibling(&self, prefix: &str) -> PathBuf {
        let name = self.path.file_name().unwrap_or_default().to_string_lossy();
        self.path
            .with_file_name(name.replacen("library-", prefix, 1))
    }
}

/// `library` as a cache file's bytes, for `key`. Also the form the built-in content is
/// embedded in (build.rs).
pub fn encode(key: u64, library: &Library) -> std::io::Result<Vec<u8>> {
    let shared =
        serde_json::to_vec(&(library.glossary(), library.sources(), library.vocabulary()))?;
    let outline = serde_json::to_vec(&outline_of(library.forces()))?;
    let forces: Vec<Vec<u8>> = library
        .forces()
        .par_iter()
        .map(serde_json::to_vec)
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    out.write_all(MAGIC)?;
    out.write_all(&key.to_le_bytes())?;
    for segment in [&shared, &outline].into_iter().chain(&forces) {
        out.write_all(&(segment.len() as u64).to_le_bytes())?;
        out.write_all(segment)?;
    }
    Ok(out)
}

/// The key a cache file's bytes were stored under.
pub fn stored_key(bytes: &[u8]) -> Option<u64> {
    take_u64(bytes.strip_prefix(MAGIC)?).map(|(key, _)| key)
}

/// The library a cache file holds for `key`, made inert; `None` for anything else (another
/// key, a damaged or foreign file).
pub fn decode(bytes: &[u8], key: u64) -> Option<Library> {
    let mut rest = body(bytes, key)?;
    let mut segments = Vec::new();
    while !rest.is_empty() {
        let (segment, after) = take_segment(rest)?;
        segments.push(segment);
        rest = after;
    }
    let [shared, _outline, forces @ ..] = segments.as_slice() else {
        return None;
    };
    // The cache is an optimisation, not a trust boundary: anyone who can write the file
    // can put escape codes in it, so what comes out is made inert as parsed text is.
    let forces: Vec<Force> = forces
        .par_iter()
        .map(|segment| {
            let mut force: Force = serde_json::from_slice(segment).ok()?;
            force.neutralise();
            Some(force)
        })
        .collect::<Option<_>>()?;
    with_shared(shared, forces)
}

/// The library an outline stands for (`outline`), from the start of a cache file's bytes
/// (`read_head`) stored for `key`; made inert, and `None` for anything else, as `decode`.
pub fn decode_outline(bytes: &[u8], key: u64) -> Option<Library> {
    let (shared, forces) = decode_outline_forces(bytes, key)?;
    with_shared(shared, forces)
}

/// The shared segment, still encoded, and the outline's forces, made inert.
fn decode_outline_forces(bytes: &[u8], key: u64) -> Option<(&[u8], Vec<Force>)> {
    let (shared, rest) = take_segment(body(bytes, key)?)?;
    let (outline, _) = take_segment(rest)?;
    let outline: Vec<OutlineForce> = serde_json::from_slice(outline).ok()?;
    let mut forces: Vec<Force> = outline.into_iter().map(OutlineForce::expand).collect();
    forces.neutralise();
    Some((shared, forces))
}

/// An outline (`outline`) with at most one force whole, as a cache hands it over first.
#[derive(Debug)]
pub struct Outline {
    pub library: Library,
    /// The force read whole, with its themes and the text of its findings, if any.
    pub whole: Option<usize>,
}

/// Which of the outline's `forces` to read whole for a reader who was last at `near`:
/// the force whose id starts that node's id, or the only force (whose nodes' ids do not
/// name it).
fn whole_force(forces: &[Force], near: Option<&str>) -> Option<usize> {
    if forces.len() == 1 {
        return Some(0);
    }
    let force = near?.split('/').next()?;
    forces.iter().position(|f| f.id == force)
}

/// What follows a cache file's header, if it is one stored for `key`.
fn body(bytes: &[u8], key: u64) -> Option<&[u8]> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (stored, rest) = take_u64(rest)?;
    (stored == key).then_some(rest)
}

/// `forces` with the glossary, sources and vocabulary of the `shared` segment.
fn with_shared(shared: &[u8], forces: Vec<Force>) -> Option<Library> {
    type Shared = (Vec<GlossaryTerm>, Vec<SourceDocument>, Vec<VocabularyTerm>);
    let (mut glossary, mut sources, mut vocabulary): Shared =
        serde_json::from_slice(shared).ok()?;
    glossary.neutralise();
    sources.neutralise();
    vocabulary.neutralise();
    Some(Library::new(forces, glossary, sources).with_vocabulary(vocabulary))
}

/// The segments before the forces: the shared one and the outline.
const OUTLINE_SEGMENTS: usize = 2;

/// `forces` with only what the explorer's opening frame shows of them: every force,
/// assessment and area, bar the summaries, and each finding by its kind alone, which is
/// all the tree's section rows count (the tree's width is measured over them); no themes.
/// The text a reader opens is most of a library's bytes; this is about a hundredth.
pub fn outline(forces: &[Force]) -> Vec<Force> {
    outline_of(forces)
        .into_iter()
        .map(OutlineForce::expand)
        .collect()
}

/// A force as the cache's outline segment holds it.
#[derive(Serialize, Deserialize)]
struct OutlineForce {
    id: String,
    name: String,
    assessments: Vec<OutlineAssessment>,
}

#[derive(Serialize, Deserialize)]
struct OutlineAssessment {
    /// Its summary, findings and areas left empty: they are the fields below.
    assessment: Assessment,
    findings: Vec<FindingKind>,
    areas: Vec<(Area, Vec<FindingKind>)>,
}

fn outline_of(forces: &[Force]) -> Vec<OutlineForce> {
    let kinds = |findings: &[Finding]| findings.iter().map(|finding| finding.kind).collect();
    let area = |area: &Area| {
        let bare = Area {
            id: area.id.clone(),
            title: area.title.clone(),
            short_title: area.short_title.clone(),
            grade: area.grade,
            summary: Vec::new(),
            source: area.source.clone(),
            findings: Vec::new(),
        };
        (bare, kinds(&area.findings))
    };
    let assessment = |assessment: &Assessment| OutlineAssessment {
        assessment: Assessment {
            id: assessment.id.clone(),
            year: assessment.year,
            title: assessment.title.clone(),
            framework: assessment.framework.clone(),
            published: assessment.published.clone(),
            sources: assessment.sources.clone(),
            grade: assessment.grade,
            status: assessment.status.clone(),
            summary: Vec::new(),
            source: assessment.source.clone(),
            findings: Vec::new(),
            areas: Vec::new(),
        },
        findings: kinds(&assessment.findings),
        areas: assessment.areas.iter().map(area).collect(),
    };
    forces
        .iter()
        .map(|force| OutlineForce {
            id: force.id.clone(),
            name: force.name.clone(),
            assessments: force.assessments.iter().map(assessment).collect(),
        })
        .collect()
}

impl OutlineForce {
    fn expand(self) -> Force {
        let findings = |kinds: Vec<FindingKind>| -> Vec<Finding> {
            kinds.into_iter().map(stub_finding).collect()
        };
        let assessments = self
            .assessments
            .into_iter()
            .map(|outline| {
                let areas = outline
                    .areas
                    .into_iter()
                    .map(|(area, kinds)| Area {
                        findings: findings(kinds),
                        ..area
                    })
                    .collect();
                Assessment {
                    findings: findings(outline.findings),
                    areas,
                    ..outline.assessment
                }
            })
            .collect();
        Force {
            id: self.id,
            name: self.name,
            assessments,
            themes: Vec::new(),
            recurring: Vec::new(),
        }
    }
}

/// A finding known only by its kind.
fn stub_finding(kind: FindingKind) -> Finding {
    Finding {
        id: String::new(),
        kind,
        title: String::new(),
        editorial_title: false,
        body: Vec::new(),
        recommendations: Vec::new(),
        figures: Vec::new(),
        quotes: Vec::new(),
        notes: Vec::new(),
        source: SourceRef {
            file: String::new(),
            lines: [0, 0],
        },
    }
}

/// Reads the header and the first `segments` segments of the cache file at `path`, and
/// no more: lengths that run past the file's end are refused, not allocated.
fn read_head(path: &Path, segments: usize) -> Option<Vec<u8>> {
    open_head(path, segments).map(|(_, _, head)| head)
}

/// As `read_head`, with the file, left just past what was read, and its length.
fn open_head(path: &Path, segments: usize) -> Option<(std::fs::File, u64, Vec<u8>)> {
    use std::io::Read;
    let mut file = crate::atomic_file::open(path).ok()?;
    let size = file.metadata().ok()?.len();
    let mut head = vec![0; HEADER as usize];
    file.read_exact(&mut head).ok()?;
    let head = read_segments(&mut file, size.checked_sub(HEADER)?, head, segments)?;
    Some((file, size, head))
}

/// `segments` segments, each with its length, read from where `file` stands onto the end
/// of `head`; `left` is how many bytes the file has from there. Lengths that run past the
/// file's end are refused, not allocated.
fn read_segments(
    file: &mut std::fs::File,
    mut left: u64,
    mut head: Vec<u8>,
    segments: usize,
) -> Option<Vec<u8>> {
    use std::io::Read;
    for _ in 0..segments {
        let mut length = [0; 8];
        file.read_exact(&mut length).ok()?;
        head.extend_from_slice(&length);
        let length = u64::from_le_bytes(length);
        left = left.checked_sub(8)?.checked_sub(length)?;
        let start = head.len();
        head.resize(start + usize::try_from(length).ok()?, 0);
        file.read_exact(&mut head[start..]).ok()?;
    }
    Some(head)
}

/// The start of every cache file: what it is, then the key of what it holds.
pub const MAGIC: &[u8; 8] = b"peel\x00lc3";

/// The bytes of the magic and the key.
const HEADER: u64 = MAGIC.len() as u64 + 8;

/// This build's part of every key: the loader and the version.
pub fn build_id() -> u64 {
    key(&[])
}

/// Every file's path and bytes, and the loader that reads them.
pub fn key(files: &[ContentFile]) -> u64 {
    fn hash(file: &ContentFile) -> (&str, u64) {
        let mut hasher = DefaultHasher::new();
        file.bytes.hash(&mut hasher);
        (file.relative.as_str(), hasher.finish())
    }
    // A few files are hashed here: rayon's pool would start its threads for nothing (every
    // one-shot search asks for `build_id`, the key of no files).
    let mut hashes: Vec<(&str, u64)> = if files.len() < 16 {
        files.iter().map(hash).collect()
    } else {
        files.par_iter().map(hash).collect()
    };
    hashes.sort_unstable();
    let mut hasher = DefaultHasher::new();
    // Set by build.rs for the crate; absent only while build.rs compiles this module
    // into itself, where no key is ever made.
    option_env!("PEEL_LOADER_HASH").hash(&mut hasher);
    env!("CARGO_PKG_VERSION").hash(&mut hasher);
    hashes.hash(&mut hasher);
    hasher.finish()
}

fn take_u64(bytes: &[u8]) -> Option<(u64, &[u8])> {
    let (head, rest) = bytes.split_first_chunk::<8>()?;
    Some((u64::from_le_bytes(*head), rest))
}

fn take_segment(bytes: &[u8]) -> Option<(&[u8], &[u8])> {
    let (length, rest) = take_u64(bytes)?;
    let length = usize::try_from(length).ok().filter(|&l| l <= rest.len())?;
    Some(rest.split_at(length))
}
