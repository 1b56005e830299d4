//! What peel remembers between runs, per content source (the built-in content, or a
//! folder): the node last selected, the bookmarks and the search history, by node id, so
//! they survive content updates that keep the ids. Kept in the XDG state folder
//! (`~/.local/state/peel/state.json`).
//!
//! Several peels may run at once: each save locks the file, reads what is there, applies
//! this session's own changes to it and writes it back (aside, then renamed over), so no
//! peel loses another's bookmarks. A file peel cannot read is moved aside before anything
//! is written; one written by a newer peel is only read, never downgraded.
//!
//! Past 500 lines only with its unit tests (under 400 of code).

use serde::{Deserialize, Deserializer, Serialize};
use std::collections::{BTreeMap, HashSet};
use std::io::Write;
use std::path::{Path, PathBuf};

/// Names this file format; a higher number is a newer peel's.
const FORMAT: &str = "peel-state/1";
const FORMAT_PREFIX: &str = "peel-state/";
const VERSION: u32 = 1;

/// The history keeps at most this many queries per source.
pub const HISTORY_LENGTH: usize = 50;
/// Bookmarks kept per source, at most: more than any content has nodes to mark, and few
/// enough that a file written by something else cannot make each save slow.
pub const MOST_BOOKMARKS: usize = 10_000;

#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SavedState {
    format: String,
    /// Keyed by content source: "built-in" or a folder's canonical path.
    #[serde(default)]
    sources: BTreeMap<String, Place>,
    /// Fields a newer peel wrote, kept as they are.
    #[serde(flatten)]
    other: BTreeMap<String, serde_json::Value>,
}

#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct Place {
    #[serde(default)]
    pub last: Option<String>,
    /// Read from disk, one past the most kept, so that loading can tell more were there.
    #[serde(default, deserialize_with = "at_most::<_, { MOST_BOOKMARKS + 1 }>")]
    pub bookmarks: Vec<String>,
    /// Past queries, most recent first.
    #[serde(
        default,
        skip_serializing_if = "Vec::is_empty",
        deserialize_with = "at_most::<_, { HISTORY_LENGTH + 1 }>"
    )]
    pub history: Vec<String>,
    #[serde(flatten)]
    pub other: BTreeMap<String, serde_json::Value>,
}

/// The first `MOST` entries of a list; the rest are read past, never kept.
fn at_most<'de, D: Deserializer<'de>, const MOST: usize>(
    deserializer: D,
) -> Result<Vec<String>, D::Error> {
    struct Visitor<const MOST: usize>;
    impl<'de, const MOST: usize> serde::de::Visitor<'de> for Visitor<MOST> {
        type Value = Vec<String>;

        fn expecting(&self, f: &mut std::fmt::Formatter) -> std::fmt::Result {
            f.write_str("a list of strings")
        }

        fn visit_seq<A: serde::de::SeqAccess<'de>>(
            self,
            mut seq: A,
        ) -> Result<Vec<String>, A::Error> {
            let mut kept = Vec::new();
            while kept.len() < MOST {
                match seq.next_element()? {
                    Some(item) => kept.push(item),
                    None => return Ok(kept),
                }
            }
            while seq.next_element::<serde::de::IgnoredAny>()?.is_some() {}
            Ok(kept)
        }
    }
    deserializer.deserialize_seq(Visitor::<MOST>)
}

impl Place {
    /// Within the most kept; whether anything was dropped.
    fn cap(&mut self) -> bool {
        let over = self.bookmarks.len() > MOST_BOOKMARKS || self.history.len() > HISTORY_LENGTH;
        self.bookmarks.truncate(MOST_BOOKMARKS);
        self.history.truncate(HISTORY_LENGTH);
        over
    }
}

impl Default for SavedState {
    fn default() -> Self {
        SavedState {
            format: FORMAT.to_owned(),
            sources: BTreeMap::new(),
            other: BTreeMap::new(),
        }
    }
}

impl SavedState {
    pub fn place(&self, source: &str) -> Place {
        self.sources.get(source).cloned().unwrap_or_default()
    }

    pub fn set_place(&mut self, source: &str, place: Place) {
        self.sources.insert(source.to_owned(), place);
    }

    /// Every source within the most kept; whether anything was dropped.
    fn cap(&mut self) -> bool {
        self.sources
            .values_mut()
            .fold(false, |dropped, place| place.cap() | dropped)
    }

    /// The format's version, if it is a peel state file at all.
    fn version(&self) -> Option<u32> {
        self.format.strip_prefix(FORMAT_PREFIX)?.parse().ok()
    }
}

/// `mine` applied to `theirs`: what this session added or removed since `base` (what it
/// loaded), over what is on disk now. The last place is this session's.
pub fn merge(theirs: &Place, base: &Place, mine: &Place) -> Place {
    // Sets beside the ordered lists: a merge is linear in the bookmarks, however many.
    let in_mine: HashSet<&str> = mine.bookmarks.iter().map(String::as_str).collect();
    let in_base: HashSet<&str> = base.bookmarks.iter().map(String::as_str).collect();
    let mut taken = HashSet::new();
    let mut bookmarks = Vec::new();
    let theirs_kept = theirs
        .bookmarks
        .iter()
        .filter(|id| in_mine.contains(id.as_str()) || !in_base.contains(id.as_str()));
    let mine_added = mine
        .bookmarks
        .iter()
        .filter(|id| !in_base.contains(id.as_str()));
    for id in theirs_kept.chain(mine_added) {
        if bookmarks.len() == MOST_BOOKMARKS {
            break;
        }
        if taken.insert(id.as_str()) {
            bookmarks.push(id.clone());
        }
    }
    let mut seen = HashSet::new();
    let history = mine
        .history
        .iter()
        .chain(&theirs.history)
        .filter(|query| seen.insert(query.as_str()))
        .take(HISTORY_LENGTH)
        .cloned()
        .collect();
    Place {
        last: mine.last.clone().or_else(|| theirs.last.clone()),
        bookmarks,
        history,
        other: theirs.other.clone(),
    }
}

/// The key of a content source in the state file.
pub fn source_key(content: Option<&Path>) -> String {
    match content {
        None => "built-in".to_owned(),
        Some(dir) => dir
            .canonicalize()
            .unwrap_or_else(|_| dir.to_path_buf())
            .display()
            .to_string(),
    }
}

/// What loading found: the state to start from, and a notice for the reader when the
/// file could not be used as it was.
#[derive(Debug, Clone)]
pub struct Loaded {
    pub state: SavedState,
    pub notice: Option<String>,
}

pub struct StateFile {
    path: PathBuf,
    /// The file locked around each read and save (`state.json.lock` beside it, unless
    /// several state files share one).
    lock: PathBuf,
    /// What was loaded for each source, to tell this session's changes from others'.
    base: std::cell::RefCell<BTreeMap<String, Place>>,
    /// Written by a newer peel (or unreadable and not moved aside): read, never written.
    read_only: std::cell::Cell<bool>,
}

impl StateFile {
    /// `$XDG_STATE_HOME/peel/state.json` (or `~/.local/state/…`), where there is a home.
    pub fn default_location() -> Option<StateFile> {
        Some(StateFile::at(dirs::state_dir()?.join("peel/state.json")))
    }

    pub fn at(path: PathBuf) -> StateFile {
        let mut name = path.file_name().unwrap_or_default().to_owned();
        name.push(".lock");
        let lock = path.with_file_name(name);
        StateFile::sharing_lock(path, lock)
    }

    /// A state file locked through `lock`, which others share: a server's readers need
    /// no lock file each.
    pub fn sharing_lock(path: PathBuf, lock: PathBuf) -> StateFile {
        StateFile {
            path,
            lock,
            base: Default::default(),
            read_only: Default::default(),
        }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// Whether a save reaches the file: not for one peel could not read, nor a newer
    /// peel's (both said so when loaded).
    pub fn writable(&self) -> bool {
        !self.read_only.get()
    }

    fn lock(&self) -> std::io::Result<std::fs::File> {
        if let Some(parent) = self.path.parent() {
            std::fs::create_dir_all(parent)?;
        }
        let lock = std::fs::File::options()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&self.lock)?;
        lock.lock()?;
        Ok(lock)
    }

    /// Reads the file: a missing one is a fresh start; a damaged one is moved aside to
    /// `state.json.damaged-<time>` and a fresh state begins; a newer peel's is used as far
    /// as it can be and never written.
    pub fn load(&self) -> Loaded {
        let shown = crate::content::neutralise(&self.path.display().to_string()).into_owned();
        let _lock = self.lock();
        let bytes = match crate::atomic_file::read(&self.path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return self.loaded(SavedState::default(), None);
            }
            Err(error) => {
                self.read_only.set(true);
                return self.loaded(
                    SavedState::default(),
                    Some(format!(
                        "Saved state not read ({}): {shown}; nothing will be saved",
                        crate::content::neutralise(&error.to_string())
                    )),
                );
            }
        };
        let parsed: Result<SavedState, _> = serde_json::from_slice(&bytes);
        match parsed {
            Ok(mut state) if state.version() == Some(VERSION) => {
                let notice = state.cap().then(|| {
                    format!(
                        "Saved state too long: kept the first {MOST_BOOKMARKS} bookmarks and {HISTORY_LENGTH} searches of a source, dropped the rest ({shown})"
                    )
                });
                self.loaded(state, notice)
            }
            Ok(state) if state.version().is_some_and(|v| v > VERSION) => {
                self.read_only.set(true);
                self.loaded(
                    state,
                    Some(format!(
                        "Saved state is from a newer peel: read only, nothing will be saved ({shown})"
                    )),
                )
            }
            _ => {
                let aside = self.move_aside();
                let notice = match aside {
                    Ok(aside) => format!(
                        "Saved state was damaged: kept as {} and started afresh",
                        crate::content::neutralise(&aside.display().to_string())
                    ),
                    Err(_) => {
                        self.read_only.set(true);
                        format!(
                            "Saved state is damaged and could not be moved aside: {shown}; nothing will be saved"
                        )
                    }
                };
                self.loaded(SavedState::default(), Some(notice))
            }
        }
    }

    fn loaded(&self, state: SavedState, notice: Option<String>) -> Loaded {
        *self.base.borrow_mut() = state.sources.clone();
        Loaded { state, notice }
    }

    fn move_aside(&self) -> std::io::Result<PathBuf> {
        let seconds = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_secs());
        let mut name = self.path.file_name().unwrap_or_default().to_owned();
        name.push(format!(".damaged-{seconds}"));
        let aside = self.path.with_file_name(name);
        std::fs::rename(&self.path, &aside)?;
        Ok(aside)
    }

    /// Saves this session's place for `source` in `state`, merged under the lock with
    /// what other peels have written meanwhile; `state` is updated to what was written.
    pub fn save(&self, state: &mut SavedState, source: &str) -> std::io::Result<()> {
        if self.read_only.get() {
            return Ok(());
        }
        let _lock = self.lock()?;
        let mut current = match crate::atomic_file::read(&self.path) {
            Ok(bytes) => match serde_json::from_slice::<SavedState>(&bytes) {
                Ok(mut disk) if disk.version() == Some(VERSION) => {
                    disk.cap();
                    disk
                }
                // Someone else's, or damaged since we loaded: not ours to overwrite.
                Ok(_) | Err(_) => {
                    return Err(std::io::Error::other(
                        "the state file was changed by something else; not overwritten",
                    ));
                }
            },
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => SavedState::default(),
            Err(error) => return Err(error),
        };
        let base = self.base.borrow().get(source).cloned().unwrap_or_default();
        let mine = state.place(source);
        let merged = merge(&current.place(source), &base, &mine);
        current.set_place(source, merged);
        crate::atomic_file::write(&self.path, |file| {
            serde_json::to_writer_pretty(&mut *file, &current)?;
            file.write_all(b"\n")
        })?;
        // What this session has, not what others added: their bookmarks are never taken
        // for ones this session removed.
        self.base.borrow_mut().insert(source.to_owned(), mine);
        *state = current;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn place(bookmarks: &[&str]) -> Place {
        Place {
            bookmarks: bookmarks.iter().map(|b| b.to_string()).collect(),
            ..Place::default()
        }
    }

    #[test]
    fn a_saved_state_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::at(dir.path().join("deep/state.json"));
        let loaded = file.load();
        assert!(loaded.notice.is_none(), "missing is a fresh start");
        let mut state = loaded.state;
        state.set_place(
            "built-in",
            Place {
                last: Some("2024/investigating-crime".into()),
                bookmarks: vec!["glossary/thrive".into()],
                history: vec!["jigsaw".into()],
                ..Place::default()
            },
        );
        file.save(&mut state, "built-in").unwrap();
        assert_eq!(
            StateFile::at(dir.path().join("deep/state.json"))
                .load()
                .state,
            state
        );
    }

    #[test]
    fn merging_keeps_both_sessions_changes() {
        let base = place(&["a", "b"]);
        let theirs = place(&["a", "b", "c"]);
        let mine = place(&["b", "d"]);
        assert_eq!(merge(&theirs, &base, &mine).bookmarks, ["b", "c", "d"]);
    }

    #[test]
    fn a_bookmark_another_session_removed_stays_removed_and_one_both_added_is_kept_once() {
        let base = place(&["a", "b"]);
        // The other session removed a and added c; this one kept a and added c too.
        let theirs = place(&["b", "c"]);
        let mine = place(&["a", "b", "c"]);
        assert_eq!(merge(&theirs, &base, &mine).bookmarks, ["b", "c"]);
    }

    #[test]
    fn a_state_file_that_cannot_be_read_when_saving_is_not_replaced() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let file = StateFile::at(path.clone());
        let mut state = file.load().state;
        // Since loading, the file became a link to itself: reading it fails, and not as
        // "not found", so it is not taken for a fresh start and written over.
        std::os::unix::fs::symlink(&path, &path).unwrap();
        state.set_place("built-in", place(&["x"]));
        assert!(file.save(&mut state, "built-in").is_err());
        assert!(
            path.symlink_metadata().unwrap().file_type().is_symlink(),
            "left alone"
        );
    }

    #[test]
    fn a_file_with_too_many_bookmarks_is_cut_to_the_most_with_a_notice() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let bookmarks: Vec<String> = (0..MOST_BOOKMARKS + 5).map(|n| format!("n{n}")).collect();
        let history: Vec<String> = (0..HISTORY_LENGTH * 3).map(|n| format!("q{n}")).collect();
        let json = serde_json::json!({
            "format": FORMAT,
            "sources": {"built-in": {"bookmarks": bookmarks, "history": history}},
        });
        std::fs::write(&path, json.to_string()).unwrap();
        let loaded = StateFile::at(path).load();
        assert!(loaded.notice.unwrap().contains("dropped the rest"));
        let place = loaded.state.place("built-in");
        assert_eq!(place.bookmarks.len(), MOST_BOOKMARKS);
        assert_eq!(
            place.bookmarks.last().unwrap(),
            &format!("n{}", MOST_BOOKMARKS - 1)
        );
        assert_eq!(place.history.len(), HISTORY_LENGTH);
    }

    #[test]
    fn merging_keeps_both_sessions_searches() {
        let mine = Place {
            history: vec!["jigsaw".into()],
            ..Place::default()
        };
        let theirs = Place {
            history: vec!["thrive".into(), "jigsaw".into()],
            ..Place::default()
        };
        let merged = merge(&theirs, &Place::default(), &mine);
        assert_eq!(merged.history, ["jigsaw", "thrive"]);
    }

    #[test]
    fn a_file_that_cannot_be_read_is_reported_and_never_written() {
        let dir = tempfile::tempdir().unwrap();
        // A folder where the file should be: reading it fails, and not as "not found".
        let path = dir.path().join("state.json");
        std::fs::create_dir(&path).unwrap();
        let file = StateFile::at(path.clone());
        let loaded = file.load();
        let notice = loaded.notice.expect("a notice");
        assert!(notice.contains("not read"), "{notice}");
        let mut state = loaded.state;
        state.set_place("built-in", place(&["x"]));
        file.save(&mut state, "built-in").unwrap();
        assert!(path.is_dir(), "left alone");
    }

    #[test]
    fn a_file_changed_by_something_else_since_loading_is_not_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let file = StateFile::at(path.clone());
        let mut state = file.load().state;
        let newer = r#"{"format": "peel-state/2", "sources": {}}"#;
        std::fs::write(&path, newer).unwrap();
        state.set_place("built-in", place(&["x"]));
        assert!(file.save(&mut state, "built-in").is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);
    }

    #[test]
    fn a_later_save_keeps_what_another_session_added_meanwhile() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let (one, two) = (StateFile::at(path.clone()), StateFile::at(path.clone()));
        let (mut a, mut b) = (one.load().state, two.load().state);
        a.set_place("built-in", place(&["x"]));
        one.save(&mut a, "built-in").unwrap();
        b.set_place("built-in", place(&["y"]));
        two.save(&mut b, "built-in").unwrap();
        let on_disk = StateFile::at(path.clone()).load().state.place("built-in");
        assert_eq!(
            on_disk.bookmarks,
            ["x", "y"],
            "two files saving in turn lose nothing"
        );
        // Each saves again with only its own bookmark: neither takes the other's as removed.
        a.set_place("built-in", place(&["x"]));
        one.save(&mut a, "built-in").unwrap();
        b.set_place("built-in", place(&["y"]));
        two.save(&mut b, "built-in").unwrap();
        let on_disk = StateFile::at(path).load().state.place("built-in");
        assert_eq!(on_disk.bookmarks, ["x", "y"]);
    }

    #[test]
    fn unknown_fields_are_kept() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        std::fs::write(
            &path,
            r#"{"format": "peel-state/1", "theme": "dark", "sources": {"built-in": {"bookmarks": [], "zoom": 2}}}"#,
        )
        .unwrap();
        let file = StateFile::at(path.clone());
        let mut state = file.load().state;
        file.save(&mut state, "built-in").unwrap();
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(
            text.contains("\"theme\": \"dark\"") && text.contains("\"zoom\": 2"),
            "{text}"
        );
    }

    #[test]
    fn a_newer_format_is_read_but_never_written() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let newer = r#"{"format": "peel-state/2", "sources": {"built-in": {"bookmarks": ["glossary/thrive"]}}}"#;
        std::fs::write(&path, newer).unwrap();
        let file = StateFile::at(path.clone());
        let loaded = file.load();
        assert!(loaded.notice.unwrap().contains("newer peel"));
        assert_eq!(
            loaded.state.place("built-in").bookmarks,
            ["glossary/thrive"]
        );
        let mut state = loaded.state;
        state.set_place("built-in", place(&[]));
        file.save(&mut state, "built-in").unwrap();
        assert_eq!(std::fs::read_to_string(&path).unwrap(), newer);
    }

    #[test]
    fn a_damaged_file_is_moved_aside_before_anything_is_written() {
        for junk in [
            &b"{\"format\": \"peel-state/1\", \"sources\": {},}"[..],
            b"\xff\xfe\x00garbage",
            b"{\"theme\": \"dark\"}",
            // An older format is not a newer one: moved aside, not kept read-only.
            b"{\"format\": \"peel-state/0\", \"sources\": {}}",
            b"[]",
            b"",
        ] {
            let dir = tempfile::tempdir().unwrap();
            let path = dir.path().join("state.json");
            std::fs::write(&path, junk).unwrap();
            let file = StateFile::at(path.clone());
            let loaded = file.load();
            let notice = loaded.notice.expect("a notice");
            assert!(notice.contains("damaged"), "{notice}");
            let aside: Vec<_> = std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .filter(|e| {
                    e.file_name()
                        .to_string_lossy()
                        .starts_with("state.json.damaged-")
                })
                .collect();
            assert_eq!(aside.len(), 1, "{notice}");
            assert_eq!(std::fs::read(aside[0].path()).unwrap(), junk);
        }
    }
}
