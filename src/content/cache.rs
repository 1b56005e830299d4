//! A cache of the parsed, validated library of a content folder, so that opening a large
//! folder again skips YAML parsing, which dominates start-up (about 1 s of CPU for 26 MB).
//!
//! The key is a hash of every file's path and bytes plus a hash of the loader's own source
//! (`PEEL_LOADER_HASH`, from build.rs): a cache is only ever used for exactly the files
//! and exactly the code that produced it. Anything unreadable is ignored and rebuilt.
//! Forces are stored as separate JSON documents so they parse on every core.

use super::sanitize::Neutralise;
use super::stamp::Stamp;
use super::{ContentErrors, ContentFile, Progress, load_files_with, read_dir, read_found, scan};
use crate::model::{Force, GlossaryTerm, Library, SourceDocument, VocabularyTerm};
use rayon::prelude::*;
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
    /// (`super::stamp`), else from their bytes, read here; then a stamp is left for the
    /// next start.
    pub fn key_dir(&self, dir: &Path) -> Result<Keyed, ContentErrors> {
        let scanned = std::time::SystemTime::now();
        let found = scan(dir)?;
        let stamped = std::fs::read(self.stamp_path())
            .ok()
            .and_then(|bytes| Stamp::decode(&bytes))
            .and_then(|stamp| stamp.key_for(&found, build_id()));
        if let Some(key) = stamped {
            return Ok(Keyed { key, files: None });
        }
        let files = read_found(&found)?;
        let key = key(&files);
        if let Some(stamp) = Stamp::new(&found, key, build_id(), scanned) {
            let bytes = stamp.encode();
            let _ = crate::atomic_file::write(&self.stamp_path(), |file| file.write_all(&bytes));
        }
        Ok(Keyed {
            key,
            files: Some(files),
        })
    }

    /// As `load`, for the files in `dir`, which are not read when their stamp vouches for
    /// a library in the cache.
    pub fn load_dir(&self, dir: &Path) -> Result<Fetched, ContentErrors> {
        self.load_dir_with(dir, &Progress::default())
    }

    /// As `load_dir`, counting parsed files in `progress` when the files must be parsed.
    pub fn load_dir_with(&self, dir: &Path, progress: &Progress) -> Result<Fetched, ContentErrors> {
        let Keyed { key, files } = self.key_dir(dir)?;
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
        decode(&std::fs::read(&self.path).ok()?, key)
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
    let forces: Vec<Vec<u8>> = library
        .forces()
        .par_iter()
        .map(serde_json::to_vec)
        .collect::<Result<_, _>>()?;
    let mut out = Vec::new();
    out.write_all(MAGIC)?;
    out.write_all(&key.to_le_bytes())?;
    for segment in std::iter::once(&shared).chain(&forces) {
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

/// This build's part of every key: the loader and the version.
pub fn build_id() -> u64 {
    key(&[])
}

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
