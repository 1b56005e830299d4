//! What the file system says of a content folder's files (size, modification and change
//! times, inode), remembered with the cache key their bytes gave, so that a warm start
//! need not read 25 MB only to learn that nothing changed: the way git's index and make
//! trust file stamps.
//!
//! A stamp is only trusted where it cannot mislead. Every write to a file sets its change
//! time (which no user can set back), so a file edited since the stamp looks different,
//! except within one tick of the clock: a file changed in the seconds before the scan is
//! "racy" (git's word), and a folder holding one gets no stamp, so it is read in full
//! every time until it settles. A stamp is also tied to the build that wrote it, since the
//! key it holds depends on the loader.

use super::Found;
use serde::{Deserialize, Serialize};
use std::os::unix::fs::MetadataExt;
use std::time::{Duration, SystemTime};

/// Changes closer than this to the scan are not trusted to show in the stamps.
const RACY: Duration = Duration::from_secs(2);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
pub struct Stamp {
    /// The build that computed `key` (`cache::build_id`).
    build: u64,
    pub key: u64,
    files: Vec<FileStamp>,
}

#[derive(Debug, PartialEq, Serialize, Deserialize)]
struct FileStamp {
    relative: String,
    size: u64,
    modified: (i64, i64),
    changed: (i64, i64),
    inode: (u64, u64),
}

impl FileStamp {
    fn of(found: &Found) -> FileStamp {
        let m = &found.metadata;
        FileStamp {
            relative: found.relative.clone(),
            size: m.len(),
            modified: (m.mtime(), m.mtime_nsec()),
            changed: (m.ctime(), m.ctime_nsec()),
            inode: (m.dev(), m.ino()),
        }
    }
}

impl Stamp {
    /// The stamp of files scanned at `scanned` whose bytes gave `key` in build `build`;
    /// `None` when one of them changed too recently for its stamp to be trusted.
    pub fn new(found: &[Found], key: u64, build: u64, scanned: SystemTime) -> Option<Stamp> {
        let settled = scanned.checked_sub(RACY)?;
        let old_enough = |found: &Found| {
            let m = &found.metadata;
            [m.modified(), Ok(changed(m))]
                .into_iter()
                .all(|time| time.is_ok_and(|time| time < settled))
        };
        found.iter().all(old_enough).then(|| Stamp {
            build,
            key,
            files: found.iter().map(FileStamp::of).collect(),
        })
    }

    /// The key of `found`'s bytes, if this stamp describes exactly these files as they are
    /// now, and build `build` wrote it.
    pub fn key_for(&self, found: &[Found], build: u64) -> Option<u64> {
        let same = self.build == build
            && self.files.len() == found.len()
            && self
                .files
                .iter()
                .zip(found)
                .all(|(stamp, found)| *stamp == FileStamp::of(found));
        same.then_some(self.key)
    }

    pub fn encode(&self) -> Vec<u8> {
        let mut bytes = MAGIC.to_vec();
        bytes.extend(postcard::to_stdvec(self).expect("a stamp encodes"));
        bytes
    }

    /// `None` for anything damaged or foreign.
    pub fn decode(bytes: &[u8]) -> Option<Stamp> {
        postcard::from_bytes(bytes.strip_prefix(MAGIC)?).ok()
    }
}

const MAGIC: &[u8; 8] = b"peel\x00st1";

fn changed(m: &std::fs::Metadata) -> SystemTime {
    let since_epoch = Duration::new(
        m.ctime().max(0) as u64,
        m.ctime_nsec().clamp(0, 999_999_999) as u32,
    );
    SystemTime::UNIX_EPOCH + since_epoch
}
