//! The readers' state folder of a server: one small file per key that has kept something
//! (a bookmark, a place moved to), one lock shared by them all, and a bound on how many
//! files and bytes it holds: past it the files least recently saved go first. A reader who
//! only looks leaves nothing behind, so a flood of fresh keys costs no disk.

use crate::state::StateFile;
use std::path::{Path, PathBuf};

/// Readers' files kept, at most, and their bytes in all (a file is bounded by the content's
/// node ids and the search history's length: well under a megabyte).
pub const MOST_READERS: usize = 1000;
pub const MOST_BYTES: u64 = 64 * 1024 * 1024;
/// The lock every reader's file shares.
const LOCK: &str = ".lock";

/// The state file of the reader at `path`, locked through the folder's one lock.
pub fn state_file(path: &Path) -> StateFile {
    StateFile::sharing_lock(path.to_path_buf(), path.with_file_name(LOCK))
}

/// A reader's state file, named by their key's fingerprint (its base64 made safe).
pub fn file_name(fingerprint: &str) -> String {
    let safe: String = fingerprint
        .trim_start_matches("SHA256:")
        .chars()
        .map(|c| match c {
            '/' => '_',
            '+' => '-',
            c if c.is_ascii_alphanumeric() => c,
            _ => '.',
        })
        .collect();
    format!("{safe}.json")
}

/// Removes the files of `dir` least recently saved until at most `most` files and
/// `most_bytes` remain (the lock stays). Errors are ignored: pruning is housekeeping, and
/// a file removed under a reader's feet is written afresh at their next save.
pub fn prune(dir: &Path, most: usize, most_bytes: u64) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut files: Vec<(std::time::SystemTime, u64, PathBuf)> = entries
        .flatten()
        .filter(|entry| entry.file_name() != LOCK)
        .filter_map(|entry| {
            let metadata = entry.metadata().ok()?;
            metadata.is_file().then(|| {
                let saved = metadata.modified().unwrap_or(std::time::UNIX_EPOCH);
                (saved, metadata.len(), entry.path())
            })
        })
        .collect();
    // Newest first: they are kept while they fit.
    files.sort_by_key(|file| std::cmp::Reverse(file.0));
    let mut bytes = 0u64;
    for (kept, (_, size, path)) in files.into_iter().enumerate() {
        bytes = bytes.saturating_add(size);
        if kept >= most || bytes > most_bytes {
            let _ = std::fs::remove_file(path);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_state_file_is_named_by_the_key_and_safe_as_a_file_name() {
        assert_eq!(file_name("SHA256:ab+c/d9=="), "ab-c_d9...json");
    }

    #[test]
    fn pruning_keeps_the_most_recently_saved_within_the_bounds() {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join(LOCK), b"").unwrap();
        let now = std::time::SystemTime::now();
        for n in 0..10u64 {
            let path = dir.path().join(format!("{n}.json"));
            std::fs::write(&path, vec![b'x'; 100]).unwrap();
            let file = std::fs::File::options().write(true).open(&path).unwrap();
            file.set_modified(now - std::time::Duration::from_secs(100 - n))
                .unwrap();
        }
        let left = || {
            let mut names: Vec<String> = std::fs::read_dir(dir.path())
                .unwrap()
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect();
            names.sort();
            names
        };
        prune(dir.path(), 6, u64::MAX);
        assert_eq!(
            left(),
            [
                ".lock", "4.json", "5.json", "6.json", "7.json", "8.json", "9.json"
            ]
        );
        prune(dir.path(), 100, 250);
        assert_eq!(left(), [".lock", "8.json", "9.json"]);
    }
}
