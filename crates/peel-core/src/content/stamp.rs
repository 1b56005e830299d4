//! What the file system says of a content folder (each file's and each folder's size,
//! modification and change times, inode), remembered with the cache key the files' bytes
//! gave, so that a warm start need not read 25 MB, nor even list the folder, only to learn
//! that nothing changed: the way git's index and make trust file stamps.
//!
//! A stamp is only trusted where it cannot mislead. Every write to a file sets its change
//! time (which no user can set back), so a file edited since the stamp looks different.
//! Making, removing or renaming an entry of a folder sets the folder's modification and
//! change times, so while every folder's stamp is unchanged so is every listing, and the
//! check needs one stat per folder and per file, and no listing at all. Neither holds
//! within one tick of the clock: a file or folder changed in the seconds before the scan
//! is "racy" (git's word), and a folder holding one gets no stamp, so it is read in full
//! every time until it settles. A stamp is also tied to the build that wrote it, since the
//! key it holds depends on the loader.

use super::{Found, Scan};
use serde::{Deserialize, Serialize};
use std::borrow::Cow;
use std::os::unix::fs::MetadataExt;
use std::path::Path;
use std::time::{Duration, SystemTime};

/// Changes closer than this to the scan are not trusted to show in the stamps.
const RACY: Duration = Duration::from_secs(2);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Stamp<'a> {
    /// The build that computed `key` (`cache::build_id`).
    build: u64,
    pub key: u64,
    /// Every folder the scan listed, the content folder first.
    #[serde(borrow)]
    folders: Vec<Entry<'a>>,
    #[serde(borrow)]
    files: Vec<Entry<'a>>,
}

/// One file or folder: its path inside the content folder as the file system spells it,
/// and its stamp. Decoded in place, with no copy of the path.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Entry<'a> {
    #[serde(borrow)]
    relative: Cow<'a, str>,
    stamp: FileStamp,
}

#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct FileStamp {
    pub size: u64,
    pub modified: (i64, i64),
    pub changed: (i64, i64),
    pub inode: (u64, u64),
}

impl FileStamp {
    pub fn of(m: &std::fs::Metadata) -> FileStamp {
        FileStamp {
            size: m.len(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
            inode: (m.dev(), m.ino()),
        }
    }

    /// As `of`, from a stat of the file system's own (what `Metadata` is made from). The
    /// fields' integer types differ from one platform to the next, hence the casts.
    #[allow(clippy::unnecessary_cast)]
    pub fn of_stat(stat: &rustix::fs::Stat) -> FileStamp {
        FileStamp {
            size: stat.st_size as u64,
            modified: (stat.st_mtime as i64, stat.st_mtime_nsec as i64),
            changed: (stat.st_ctime as i64, stat.st_ctime_nsec as i64),
            inode: (stat.st_dev as u64, stat.st_ino as u64),
        }
    }

    /// Whether neither time is at `settled` or after.
    fn settled_by(&self, settled: (i64, i64)) -> bool {
        self.modified < settled && self.changed < settled
    }
}

impl<'a> Entry<'a> {
    pub fn new(relative: &'a str, stamp: FileStamp) -> Entry<'a> {
        Entry {
            relative: Cow::Borrowed(relative),
            stamp,
        }
    }

    /// `found` in `dir`, unless its path is not one a stamp can spell.
    fn of(dir: &Path, found: &Found) -> Option<Entry<'static>> {
        let relative = found.path.strip_prefix(dir).ok()?.to_str()?;
        Some(Entry {
            relative: Cow::Owned(relative.to_owned()),
            stamp: FileStamp::of(&found.metadata),
        })
    }

    fn into_owned(self) -> Entry<'static> {
        Entry {
            relative: Cow::Owned(self.relative.into_owned()),
            stamp: self.stamp,
        }
    }
}

impl<'a> Stamp<'a> {
    /// The stamp of the folder `dir` as `scan` found it, scanned at `scanned` (taken before
    /// the scan began), whose files' bytes gave `key` in build `build`; `None` when a file
    /// or folder changed too recently for its stamp to be trusted.
    pub fn new(
        dir: &Path,
        scan: &Scan,
        key: u64,
        build: u64,
        scanned: SystemTime,
    ) -> Option<Stamp<'static>> {
        let entries = |found: &[Found]| {
            found
                .iter()
                .map(|found| Entry::of(dir, found))
                .collect::<Option<Vec<_>>>()
        };
        Stamp::of_entries(
            entries(&scan.folders)?,
            entries(&scan.files)?,
            key,
            build,
            scanned,
        )
    }

    /// A stamp of these folders and files, unless one of them is racy at `scanned`.
    pub fn of_entries(
        folders: Vec<Entry<'_>>,
        files: Vec<Entry<'_>>,
        key: u64,
        build: u64,
        scanned: SystemTime,
    ) -> Option<Stamp<'static>> {
        let settled = scanned
            .checked_sub(RACY)?
            .duration_since(SystemTime::UNIX_EPOCH)
            .ok()?;
        let settled = (
            i64::try_from(settled.as_secs()).ok()?,
            i64::from(settled.subsec_nanos()),
        );
        let all_settled = folders
            .iter()
            .chain(&files)
            .all(|entry| entry.stamp.settled_by(settled));
        let owned = |entries: Vec<Entry<'_>>| entries.into_iter().map(Entry::into_owned).collect();
        all_settled.then(|| Stamp {
            build,
            key,
            folders: owned(folders),
            files: owned(files),
        })
    }

    /// The key of the files in `dir`, if this stamp describes every folder and file there
    /// exactly as they are now, and build `build` wrote it. One stat per folder and per
    /// file: unchanged folders list what they listed, so none is listed again. Each is
    /// stat'd by its name in its folder, opened once for the entries it holds in a row,
    /// rather than by a path the kernel would walk from the content folder down every time.
    pub fn key_for(&self, dir: &Path, build: u64) -> Option<u64> {
        use rustix::fs::{AtFlags, Mode, OFlags};
        if self.build != build {
            return None;
        }
        let opened = OFlags::PATH | OFlags::DIRECTORY | OFlags::CLOEXEC;
        let root = rustix::fs::open(dir, opened, Mode::empty()).ok()?;
        // The folder last opened, by its path inside `dir`, for the entries in it that follow.
        let mut parent: Option<(&str, rustix::fd::OwnedFd)> = None;
        for entry in self.folders.iter().chain(&self.files) {
            let relative: &str = &entry.relative;
            if relative.starts_with('/') {
                return None;
            }
            let (folder, name) = relative.rsplit_once('/').unwrap_or(("", relative));
            let stat = if name.is_empty() {
                // The content folder itself, or a path ending in a slash: by its whole path.
                rustix::fs::statat(&root, relative, AtFlags::EMPTY_PATH)
            } else if folder.is_empty() {
                rustix::fs::statat(&root, name, AtFlags::empty())
            } else {
                let fd = match parent {
                    Some((open, ref fd)) if open == folder => fd,
                    _ => {
                        let fd = rustix::fs::openat(&root, folder, opened, Mode::empty()).ok()?;
                        &parent.insert((folder, fd)).1
                    }
                };
                rustix::fs::statat(fd, name, AtFlags::empty())
            };
            if stat.ok().map(|stat| FileStamp::of_stat(&stat)) != Some(entry.stamp) {
                return None;
            }
        }
        Some(self.key)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend(postcard::to_stdvec(self).expect("a stamp encodes"));
        bytes
    }

    /// `None` for anything damaged or foreign. The stamp borrows its paths from `bytes`.
    pub fn decode(bytes: &'a [u8]) -> Option<Stamp<'a>> {
        postcard::from_bytes(bytes.strip_prefix(MAGIC)?).ok()
    }
}

/// `st2`: folders are stamped too (`st1` stamped files only, and listed every folder).
const MAGIC: &[u8; 8] = b"peel\x00st2";

#[cfg(test)]
mod tests {
    use super::*;

    const BUILD: u64 = 3;

    fn at(seconds: i64) -> FileStamp {
        FileStamp {
            size: 10,
            modified: (seconds, 0),
            changed: (seconds, 0),
            inode: (1, seconds as u64),
        }
    }

    fn scanned_at(seconds: u64) -> SystemTime {
        SystemTime::UNIX_EPOCH + Duration::from_secs(seconds)
    }

    #[test]
    fn a_folder_changed_within_the_racy_window_leaves_no_stamp() {
        let files = || vec![Entry::new("a/force.yaml", at(100))];
        let folders = |changed| vec![Entry::new("", at(100)), Entry::new("a", at(changed))];
        // The folder's entries changed a second before the scan: its listing may not be
        // the one its stamp stands for.
        assert!(Stamp::of_entries(folders(999), files(), 1, BUILD, scanned_at(1000)).is_none());
        assert!(Stamp::of_entries(folders(998), files(), 1, BUILD, scanned_at(1000)).is_none());
        assert!(Stamp::of_entries(folders(997), files(), 1, BUILD, scanned_at(1000)).is_some());
        // Its change time alone is enough to make it racy.
        let mut touched = at(100);
        touched.changed = (999, 500);
        let folders = vec![Entry::new("", at(100)), Entry::new("a", touched)];
        assert!(Stamp::of_entries(folders, files(), 1, BUILD, scanned_at(1000)).is_none());
    }

    #[test]
    fn a_stamp_is_checked_entry_by_entry_in_nested_folders_as_std_stats_them() {
        let dir = tempfile::tempdir().unwrap();
        let root = dir.path();
        std::fs::create_dir_all(root.join("a/b")).unwrap();
        let files = ["z.yaml", "a/y.yaml", "a/b/x.yaml", "a/w.yaml"];
        for (i, file) in files.iter().enumerate() {
            std::fs::write(root.join(file), "x".repeat(i + 1)).unwrap();
        }
        // Stamped as the scan stamps them: from std's `Metadata`.
        let entry = |relative: &'static str| {
            let metadata = std::fs::metadata(root.join(relative)).unwrap();
            Entry::new(relative, FileStamp::of(&metadata))
        };
        let stamp = Stamp {
            build: BUILD,
            key: 42,
            folders: ["", "a", "a/b"].map(entry).to_vec(),
            files: files.map(entry).to_vec(),
        };
        assert_eq!(stamp.key_for(root, BUILD), Some(42));
        assert_eq!(stamp.key_for(root, BUILD + 1), None, "another build's");
        // A file in a folder opened before, then left: grown, and the stamp no longer holds.
        std::fs::write(root.join("a/w.yaml"), "grown").unwrap();
        assert_eq!(stamp.key_for(root, BUILD), None);
        std::fs::remove_file(root.join("a/w.yaml")).unwrap();
        assert_eq!(stamp.key_for(root, BUILD), None);
        // A path the scan would not write is no entry of the folder.
        let mut outside = stamp;
        outside.files = vec![Entry::new("/etc/hostname", at(1))];
        assert_eq!(outside.key_for(root, BUILD), None);
    }

    #[test]
    fn a_stamp_round_trips_borrowing_its_paths() {
        let stamp = Stamp::of_entries(
            vec![Entry::new("", at(5))],
            vec![Entry::new("sources.yaml", at(6))],
            42,
            BUILD,
            scanned_at(1000),
        )
        .unwrap();
        let bytes = stamp.encode();
        let decoded = Stamp::decode(&bytes).unwrap();
        assert_eq!(decoded, stamp);
        assert!(matches!(decoded.files[0].relative, Cow::Borrowed(_)));
        assert!(Stamp::decode(&bytes[..bytes.len() - 1]).is_none());
    }
}
