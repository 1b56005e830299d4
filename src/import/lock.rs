//! One import at a time into a content folder: an import holds an exclusive lock on the
//! folder itself from before it reads the folder until it has checked what it wrote, so a
//! second import into the same folder waits and then plans against what the first one
//! wrote. The lock is the kind the state file uses (`flock`, through std's `File::lock`),
//! taken on the folder rather than on a file in it, so it leaves nothing behind.

use std::fs::File;
use std::io;
use std::os::unix::fs::MetadataExt;
use std::path::{Path, PathBuf};

/// A folder that disappeared between opening and locking it (an import that created it
/// failed and took it away) is opened again, at most this many times.
const ATTEMPTS: usize = 100;

/// The lock on a content folder, held until dropped.
pub struct FolderLock {
    _file: File,
    /// Folders this import created to lock, outermost first: taken away again if the
    /// import writes nothing.
    created: Vec<PathBuf>,
}

/// Why the folder could not be locked.
#[derive(Debug)]
pub enum LockError {
    NotAFolder,
    Io(io::Error),
}

/// Locks `dir` (created if missing), calling `waiting` once if another import holds it.
pub fn lock(dir: &Path, mut waiting: impl FnMut()) -> Result<FolderLock, LockError> {
    let mut told = false;
    for _ in 0..ATTEMPTS {
        let created = create(dir)?;
        let file = File::open(dir).map_err(LockError::Io)?;
        if !file.metadata().map_err(LockError::Io)?.is_dir() {
            return Err(LockError::NotAFolder);
        }
        match file.try_lock() {
            Ok(()) => {}
            Err(std::fs::TryLockError::WouldBlock) => {
                if !told {
                    waiting();
                    told = true;
                }
                file.lock().map_err(LockError::Io)?;
            }
            Err(std::fs::TryLockError::Error(error)) => return Err(LockError::Io(error)),
        }
        if same_folder(&file, dir) {
            return Ok(FolderLock {
                _file: file,
                created,
            });
        }
    }
    Err(LockError::Io(io::Error::other(
        "the folder kept being removed and made again by something else",
    )))
}

/// Is the folder locked still the one at `dir`?
fn same_folder(file: &File, dir: &Path) -> bool {
    match (file.metadata(), std::fs::metadata(dir)) {
        (Ok(locked), Ok(now)) => locked.dev() == now.dev() && locked.ino() == now.ino(),
        _ => false,
    }
}

/// Makes `dir` and any missing parents; returns the ones made, outermost first.
fn create(dir: &Path) -> Result<Vec<PathBuf>, LockError> {
    let mut missing = Vec::new();
    let mut at = Some(dir);
    while let Some(path) = at.filter(|p| !p.as_os_str().is_empty()) {
        match std::fs::symlink_metadata(path) {
            Ok(_) => break,
            Err(error) if error.kind() == io::ErrorKind::NotFound => missing.push(path),
            Err(error) => return Err(LockError::Io(error)),
        }
        at = path.parent();
    }
    let mut created = Vec::new();
    for path in missing.into_iter().rev() {
        match std::fs::create_dir(path) {
            Ok(()) => created.push(path.to_path_buf()),
            Err(error) if error.kind() == io::ErrorKind::AlreadyExists => {}
            Err(error) => return Err(LockError::Io(error)),
        }
    }
    match std::fs::metadata(dir) {
        Ok(metadata) if metadata.is_dir() => Ok(created),
        Ok(_) => Err(LockError::NotAFolder),
        Err(error) => Err(LockError::Io(error)),
    }
}

impl FolderLock {
    /// The import wrote nothing: folders it made only to lock are taken away (those still
    /// empty), so a refused import leaves no trace.
    pub fn unused(self) {
        for dir in self.created.iter().rev() {
            if std::fs::remove_dir(dir).is_err() {
                break;
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_lock_waits_for_the_first() {
        let dir = tempfile::tempdir().unwrap();
        let into = dir.path().join("a/b");
        let first = lock(&into, || panic!("nothing holds it")).unwrap();
        assert!(into.is_dir());
        let waited = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
        let (into2, waited2) = (into.clone(), waited.clone());
        let second = std::thread::spawn(move || {
            let _lock = lock(&into2, || {
                waited2.store(true, std::sync::atomic::Ordering::SeqCst)
            })
            .unwrap();
        });
        std::thread::sleep(std::time::Duration::from_millis(200));
        assert!(!second.is_finished(), "the second lock waits");
        drop(first);
        second.join().unwrap();
        assert!(waited.load(std::sync::atomic::Ordering::SeqCst));
    }

    #[test]
    fn an_unused_lock_takes_away_the_folders_it_made() {
        let dir = tempfile::tempdir().unwrap();
        let into = dir.path().join("a/b");
        lock(&into, || {}).unwrap().unused();
        assert!(!dir.path().join("a").exists());
        std::fs::write(dir.path().join("file"), "x").unwrap();
        assert!(matches!(
            lock(&dir.path().join("file"), || {}),
            Err(LockError::NotAFolder)
        ));
    }
}
