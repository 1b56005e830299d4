//! Replacing a file so that a reader, or a process killed mid-write, only ever sees the
//! old file or the new one: written beside it, synced, then renamed over it. Used for the
//! saved state and the parsed-content cache, which are read back only from regular files.

use std::fs::File;
use std::io;
use std::path::Path;
use std::time::Duration;

/// A temporary file of an interrupted write is removed by a later write once it is this
/// old; a younger one may be another peel's write in progress.
const STALE_AFTER: Duration = Duration::from_secs(60);

/// `path` opened to read, if it is a regular file. Anything can be put in the place of a
/// file peel wrote: a FIFO would block the open until a writer came (it is opened without
/// waiting, then refused), and a device or a folder would be read as no file peel writes.
pub fn open(path: &Path) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let file = std::fs::OpenOptions::new()
        .read(true)
        .custom_flags(rustix::fs::OFlags::NONBLOCK.bits() as i32)
        .open(path)?;
    match file.metadata()?.is_file() {
        true => Ok(file),
        false => Err(io::Error::new(
            io::ErrorKind::InvalidInput,
            "not a regular file",
        )),
    }
}

/// The whole of `path`, if it is a regular file (`open`).
pub fn read(path: &Path) -> io::Result<Vec<u8>> {
    use std::io::Read;
    let mut bytes = Vec::new();
    open(path)?.read_to_end(&mut bytes)?;
    Ok(bytes)
}

/// Replaces `path` with what `fill` writes, creating its folder if need be.
pub fn write(path: &Path, fill: impl FnOnce(&mut File) -> io::Result<()>) -> io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    std::fs::create_dir_all(parent)?;
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let prefix = format!(".{name}.");
    let mut file = tempfile::Builder::new()
        .prefix(&prefix)
        .tempfile_in(parent)?;
    fill(file.as_file_mut())?;
    // On disk before it replaces the old file, so a crash cannot leave it empty.
    file.as_file().sync_all()?;
    file.persist(path)?;
    remove_stale(parent, &prefix);
    Ok(())
}

fn remove_stale(dir: &Path, prefix: &str) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let stale = entry
            .metadata()
            .and_then(|m| m.modified())
            .ok()
            .and_then(|modified| modified.elapsed().ok())
            .is_some_and(|age| age > STALE_AFTER);
        if stale && entry.file_name().to_string_lossy().starts_with(prefix) {
            let _ = std::fs::remove_file(entry.path());
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Write;

    #[test]
    fn the_file_is_replaced_and_nothing_is_left_beside_it() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("deep/state.json");
        for text in ["old", "new"] {
            write(&path, |file| file.write_all(text.as_bytes())).unwrap();
        }
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "new");
        assert_eq!(
            std::fs::read_dir(dir.path().join("deep")).unwrap().count(),
            1
        );
    }

    #[test]
    fn a_failed_write_leaves_the_old_file_alone() {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join("state.json");
        write(&path, |file| file.write_all(b"old")).unwrap();
        let failed = write(&path, |file| {
            file.write_all(b"half")?;
            Err(io::Error::other("interrupted"))
        });
        assert!(failed.is_err());
        assert_eq!(std::fs::read_to_string(&path).unwrap(), "old");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 1);
    }

    #[test]
    fn stale_leftovers_of_killed_writes_are_removed_and_fresh_ones_kept() {
        let dir = tempfile::tempdir().unwrap();
        let stale = dir.path().join(".state.json.abc123");
        let fresh = dir.path().join(".state.json.def456");
        let unrelated = dir.path().join("notes.txt");
        for path in [&stale, &fresh, &unrelated] {
            std::fs::write(path, "{\"format\": \"peel-st").unwrap();
        }
        let an_hour_ago = std::time::SystemTime::now() - Duration::from_secs(3600);
        for path in [&stale, &unrelated] {
            File::options()
                .write(true)
                .open(path)
                .unwrap()
                .set_modified(an_hour_ago)
                .unwrap();
        }
        write(&dir.path().join("state.json"), |file| file.write_all(b"{}")).unwrap();
        assert!(!stale.exists());
        assert!(fresh.exists() && unrelated.exists());
    }
}
