//! What peel remembers between runs, per content source (the built-in content, or a
//! folder): the node last selected and the bookmarks, by node id, so they survive content
//! updates that keep the ids. Kept in the XDG state folder (`~/.local/state/peel`).
//!
//! Written aside and renamed over the old file (`crate::atomic_file`), so a process killed
//! mid-write never leaves it damaged. A file that cannot be read is reported once by the
//! caller and then replaced by the next save.

use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};

/// Names this file format; anything else in the file is foreign and is not used.
const FORMAT: &str = "peel-state/1";

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct SavedState {
    format: String,
    /// Keyed by content source: "built-in" or a folder's canonical path.
    sources: BTreeMap<String, Place>,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Place {
    #[serde(default)]
    pub last: Option<String>,
    #[serde(default)]
    pub bookmarks: Vec<String>,
}

impl Default for SavedState {
    fn default() -> Self {
        SavedState {
            format: FORMAT.to_owned(),
            sources: BTreeMap::new(),
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

pub struct StateFile {
    path: PathBuf,
}

impl StateFile {
    /// `$XDG_STATE_HOME/peel/state.json` (or `~/.local/state/…`), where there is a home.
    pub fn default_location() -> Option<StateFile> {
        Some(StateFile::at(dirs::state_dir()?.join("peel/state.json")))
    }

    pub fn at(path: PathBuf) -> StateFile {
        StateFile { path }
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// The saved state; a missing file is a fresh start, anything unreadable an error that
    /// says what is wrong with it.
    pub fn load(&self) -> Result<SavedState, String> {
        let bytes = match std::fs::read(&self.path) {
            Ok(bytes) => bytes,
            Err(error) if error.kind() == std::io::ErrorKind::NotFound => {
                return Ok(SavedState::default());
            }
            Err(error) => return Err(error.to_string()),
        };
        let state: SavedState =
            serde_json::from_slice(&bytes).map_err(|error| format!("not peel's state: {error}"))?;
        if state.format != FORMAT {
            return Err(format!("written in another format ({})", state.format));
        }
        Ok(state)
    }

    /// Written aside and renamed over (`crate::atomic_file`).
    pub fn save(&self, state: &SavedState) -> std::io::Result<()> {
        crate::atomic_file::write(&self.path, |file| {
            serde_json::to_writer_pretty(&mut *file, state)?;
            file.write_all(b"\n")
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_saved_state_reads_back() {
        let dir = tempfile::tempdir().unwrap();
        let file = StateFile::at(dir.path().join("deep/state.json"));
        let mut state = file.load().expect("missing is a fresh start");
        state.set_place(
            "built-in",
            Place {
                last: Some("2024/investigating-crime".into()),
                bookmarks: vec!["glossary/thrive".into()],
            },
        );
        file.save(&state).unwrap();
        assert_eq!(file.load().unwrap(), state);
    }

    #[test]
    fn corrupt_and_foreign_files_are_errors_not_panics() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        let file = StateFile::at(path.clone());
        for junk in [
            &b"{\"format\": \"peel-state/1\", \"sources\": {"[..],
            b"\xff\xfe\x00garbage",
            b"{\"format\": \"peel-state/9\", \"sources\": {}}",
            b"{\"theme\": \"dark\"}",
            b"[]",
            b"",
        ] {
            std::fs::write(&path, junk).unwrap();
            assert!(file.load().is_err(), "{:?}", String::from_utf8_lossy(junk));
        }
    }
}
