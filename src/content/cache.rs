//! A cache of the parsed, validated library of a content folder, so that opening a large
//! folder again skips YAML parsing, which dominates start-up (about 1 s of CPU for 26 MB).
//!
//! The key is a hash of every file's path and bytes plus a hash of the loader's own source
//! (`PEEL_LOADER_HASH`, from build.rs): a cache is only ever used for exactly the files
//! and exactly the code that produced it. Anything unreadable is ignored and rebuilt.
//! Forces are stored as separate JSON documents so they parse on every core.

use super::sanitize::Neutralise;
use super::{ContentErrors, ContentFile, load_files};
use crate::model::{Force, GlossaryTerm, Library, SourceDocument, VocabularyTerm};
use rayon::prelude::*;
use std::hash::{DefaultHasher, Hash, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};

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

    /// The library for `files` from the cache when it holds them, else parsed; then also
    /// the key to `store` it under, which the caller may do off the critical path.
    pub fn load(&self, files: Vec<ContentFile>) -> Result<(Library, Option<u64>), ContentErrors> {
        let key = key(&files);
        if let Some(library) = self.read(key) {
            return Ok((library, None));
        }
        Ok((load_files(files)?, Some(key)))
    }

    fn read(&self, key: u64) -> Option<Library> {
        decode(&std::fs::read(&self.path).ok()?, key)
    }

    /// Stores `library` under `key` (from `load`), written aside and renamed over
    /// (`crate::atomic_file`), so a reader never sees half a cache.
    pub fn store(&self, key: u64, library: &Library) -> std::io::Result<()> {
        let shared =
            serde_json::to_vec(&(library.glossary(), library.sources(), library.vocabulary()))?;
        let forces: Vec<Vec<u8>> = library
            .forces()
            .par_iter()
            .map(serde_json::to_vec)
            .collect::<Result<_, _>>()?;
        crate::atomic_file::write(&self.path, |file| {
            let mut out = std::io::BufWriter::new(file);
            out.write_all(MAGIC)?;
            out.write_all(&key.to_le_bytes())?;
            for segment in std::iter::once(&shared).chain(&forces) {
                out.write_all(&(segment.len() as u64).to_le_bytes())?;
                out.write_all(segment)?;
            }
            out.flush()
        })
    }
}

/// The library a cache file holds for `key`, made inert; `None` for anything else (another
/// key, a damaged or foreign file).
pub fn decode(bytes: &[u8], key: u64) -> Option<Library> {
    let rest = bytes.strip_prefix(MAGIC)?;
    let (stored, rest) = take_u64(rest)?;
    if stored != key {
        return None;
    }
    let (shared, mut rest) = take_segment(rest)?;
    let mut segments = Vec::new();
    while !rest.is_empty() {
        let (segment, after) = take_segment(rest)?;
        segments.push(segment);
        rest = after;
    }
    type Shared = (Vec<GlossaryTerm>, Vec<SourceDocument>, Vec<VocabularyTerm>);
    let (mut glossary, mut sources, mut vocabulary): Shared =
        serde_json::from_slice(shared).ok()?;
    // The cache is an optimisation, not a trust boundary: anyone who can write the file
    // can put escape codes in it, so what comes out is made inert as parsed text is.
    let forces: Vec<Force> = segments
        .par_iter()
        .map(|segment| {
            let mut force: Force = serde_json::from_slice(segment).ok()?;
            force.neutralise();
            Some(force)
        })
        .collect::<Option<_>>()?;
    glossary.neutralise();
    sources.neutralise();
    vocabulary.neutralise();
    Some(Library::new(forces, glossary, sources).with_vocabulary(vocabulary))
}

/// The start of every cache file: what it is, then the key of what it holds.
pub const MAGIC: &[u8; 8] = b"peel\x00lc2";

/// Every file's path and bytes, and the loader that reads them.
pub fn key(files: &[ContentFile]) -> u64 {
    let mut hashes: Vec<(&str, u64)> = files
        .par_iter()
        .map(|file| {
            let mut hasher = DefaultHasher::new();
            file.bytes.hash(&mut hasher);
            (file.relative.as_str(), hasher.finish())
        })
        .collect();
    hashes.sort_unstable();
    let mut hasher = DefaultHasher::new();
    env!("PEEL_LOADER_HASH").hash(&mut hasher);
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
