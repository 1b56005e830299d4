//! Where one run's library and search index come from: the built-in content, prepared at
//! build time (no YAML parsed, no index built); or a content folder, through its cache
//! (the parsed library and the index pack, both under the key of the folder's files).
//! Whatever was built afresh is stored beside the command, never before it.

use crate::Prepared;
use crate::content::cache::{Cache, Fetched, Keyed};
use crate::content::{self, ContentErrors, Progress};
use crate::model::Library;
use crate::search::pack::{self, PackFile};
use crate::search::{Hit, Query, SearchIndex, Searcher};
use std::path::{Path, PathBuf};

/// Where the content comes from, and its cache if it has one in use.
pub struct Origin {
    pub dir: Option<PathBuf>,
    pub cache: Option<Cache>,
    /// The built-in content as this binary carries it, used when there is no `dir`.
    pub builtin: Prepared,
}

/// A library loaded for a run, with how to find its index.
pub struct Loaded {
    pub library: Library,
    pub index: IndexSource,
    /// Parsed afresh: the key to store it in the cache under.
    pub unsaved: Option<u64>,
}

/// Where the index of a loaded library is to come from.
#[derive(Debug, Clone)]
pub enum IndexSource {
    /// The pack this binary carries.
    Builtin(Prepared),
    /// The cache's pack under this key, else built and stored there.
    Cached {
        path: PathBuf,
        key: u64,
    },
    Build,
}

impl Origin {
    pub fn library(&self) -> Result<Loaded, ContentErrors> {
        self.library_with(&Progress::default())
    }

    /// As `library`, counting parsed files in `progress` for a loading screen.
    pub fn library_with(&self, progress: &Progress) -> Result<Loaded, ContentErrors> {
        match (&self.dir, &self.cache) {
            (Some(dir), Some(cache)) => {
                let Fetched {
                    library,
                    key,
                    parsed,
                } = cache.load_dir_with(dir, progress)?;
                Ok(Loaded {
                    library,
                    index: IndexSource::Cached {
                        path: cache.index_path(),
                        key,
                    },
                    unsaved: parsed.then_some(key),
                })
            }
            (Some(dir), None) => Ok(Loaded {
                library: content::load_files_with(content::read_dir(dir)?, progress)?,
                index: IndexSource::Build,
                unsaved: None,
            }),
            (None, _) => Ok(Loaded {
                library: content::load_prepared(&self.builtin)?,
                index: IndexSource::Builtin(self.builtin),
                unsaved: None,
            }),
        }
    }

    /// `query` answered once, reading only what the answer needs: for a folder whose
    /// index is cached (and for the built-in content), no library, and of the index only
    /// what the query can match and the first `shown` results print; otherwise the library
    /// is loaded (and cached) and the index made from it. A cached index that is damaged or
    /// for other files is built again.
    pub fn answer_for(
        &self,
        query: &Query,
        shown: usize,
    ) -> Result<(Searcher, Vec<Hit>), ContentErrors> {
        if let (Some(dir), Some(cache)) = (&self.dir, &self.cache) {
            let from_pack = |key: u64| {
                let pack = PackFile::open(&cache.index_path())?;
                (pack::key_of(&pack) == Some(key)).then_some(())?;
                pack::answer(&pack, key, query, shown)
            };
            // The index the stamp last vouched for is searched while the stamp is checked.
            if let Some((_, Some(answer))) = cache.while_checking(dir, from_pack) {
                return Ok(answer);
            }
            let Keyed { key, files } = cache.key_dir_read(dir)?;
            let pack = PackFile::open(&cache.index_path()).filter(|p| pack::key_of(p) == Some(key));
            // On a hit the files' bytes (if read) are not needed, and are as large as the
            // index: freed before it is read.
            let files = if pack.is_some() { None } else { files };
            if let Some(answer) = pack.and_then(|pack| pack::answer(&pack, key, query, shown)) {
                return Ok(answer);
            }
            let files = match files {
                Some(files) => files,
                None => content::read_dir(dir)?,
            };
            let searcher = Origin::searcher_parsed(cache, files)?.answer_once();
            let hits = searcher.search(query);
            Ok((searcher, hits))
        } else {
            // The built-in index was made from the built-in library by this very build.
            if self.dir.is_none()
                && let Some(answer) = pack::builtin_answer(&self.builtin, query, shown)
            {
                return Ok(answer);
            }
            let loaded = self.library()?;
            let searcher = searcher(&loaded.library, &loaded.index).answer_once();
            let hits = searcher.search(query);
            Ok((searcher, hits))
        }
    }

    /// The index of `files` built, the library and the index stored in `cache` meanwhile.
    fn searcher_parsed(
        cache: &Cache,
        files: Vec<content::ContentFile>,
    ) -> Result<Searcher, ContentErrors> {
        let Fetched {
            library,
            key,
            parsed,
        } = cache.load(files)?;
        let index = SearchIndex::build(&library);
        std::thread::scope(|scope| {
            scope.spawn(|| store_fresh(Some(cache), parsed.then_some(key), &library));
            let _ = store_index(&cache.index_path(), key, &index);
        });
        Ok(Searcher::from_index(index))
    }
}

impl Loaded {
    /// Stores the library in `cache` if it was parsed afresh; a failed write costs only
    /// the next run's speed, so it is not said.
    pub fn store_fresh(&self, cache: Option<&Cache>) {
        store_fresh(cache, self.unsaved, &self.library);
    }
}

/// The one place a library parsed afresh is written to its folder's cache.
fn store_fresh(cache: Option<&Cache>, unsaved: Option<u64>, library: &Library) {
    if let (Some(cache), Some(key)) = (cache, unsaved) {
        let _ = cache.store(key, library);
    }
}

/// The index of `library` from where `source` says, built (and, for a folder, stored) when
/// it is not there or does not fit `library`.
pub fn searcher(library: &Library, source: &IndexSource) -> Searcher {
    let index = match source {
        IndexSource::Builtin(prepared) => pack::builtin(prepared),
        IndexSource::Cached { path, key } => cached_index(path, *key),
        IndexSource::Build => None,
    };
    if let Some(index) = index.filter(|index| index.fits(library)) {
        return Searcher::from_index(index);
    }
    let index = SearchIndex::build(library);
    if let IndexSource::Cached { path, key } = source {
        let _ = store_index(path, *key, &index);
    }
    Searcher::from_index(index)
}

fn cached_index(path: &Path, key: u64) -> Option<SearchIndex> {
    pack::decode(&PackFile::open(path)?, key)
}

fn store_index(path: &Path, key: u64, index: &SearchIndex) -> std::io::Result<()> {
    use std::io::Write;
    let bytes = pack::encode(index, key);
    crate::atomic_file::write(path, |file| file.write_all(&bytes))
}
