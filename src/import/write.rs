//! Puts a plan's files into the folder so that the folder passes `peel check` at every
//! instant, even if peel is killed at any point:
//!
//! 1. the shipped text and `sources.yaml` are replaced one by one (written beside, synced,
//!    renamed over); a source registered and not yet cited is valid content;
//! 2. the force's folder is built anew beside the old one, under a dot-name the loader
//!    skips: `force.yaml` and the assessment written fresh, everything else of the old
//!    folder (other assessments, a reviewer's notes, an editor's lock file) hard-linked in;
//! 3. the new folder is swapped with the old in one rename (`RENAME_EXCHANGE`), and the
//!    old is removed.
//!
//! A failure before the swap takes back what step 1 changed, so "the folder was left as
//! it was" is true whenever it is said. What a killed import leaves behind is named
//! `.peel-import.*`, and the next import (holding the folder's lock, so no other import
//! is writing) removes it.

use super::plan::Plan;
use std::fmt;
use std::fs::{File, Permissions};
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Every temporary name an import makes begins with this.
const PREFIX: &str = ".peel-import.";

/// What an import that succeeded also did.
#[derive(Debug, Default)]
pub struct Applied {
    /// Leftovers of interrupted imports removed first.
    pub stale_removed: usize,
}

/// Why the write failed, and whether the folder is as it was.
#[derive(Debug)]
pub enum Failure {
    /// The folder was left as it was.
    Unchanged(io::Error),
    /// Putting back what was changed failed too: these files are not as they were.
    NotRestored {
        error: io::Error,
        files: Vec<PathBuf>,
    },
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Failure::Unchanged(error) => write!(f, "{error}; the folder was left as it was"),
            Failure::NotRestored { error, files } => {
                let files: Vec<String> = files.iter().map(|p| p.display().to_string()).collect();
                write!(
                    f,
                    "{error}; putting back what was changed failed too, so these files are not as they were: {}",
                    files.join(", ")
                )
            }
        }
    }
}

pub fn apply(plan: &Plan) -> Result<Applied, Failure> {
    let stale_removed = remove_stale(&plan.into);
    let mut outside = Outside::default();
    match write_all(plan, &mut outside) {
        Ok(()) => Ok(Applied { stale_removed }),
        Err(error) => {
            let files = outside.undo();
            if files.is_empty() {
                Err(Failure::Unchanged(error))
            } else {
                Err(Failure::NotRestored { error, files })
            }
        }
    }
}

fn write_all(plan: &Plan, outside: &mut Outside) -> io::Result<()> {
    let force_prefix = format!("{}/", plan.force);
    for file in &plan.files {
        if !file.relative.starts_with(&force_prefix) {
            outside.replace(&plan.into.join(&file.relative), &file.bytes)?;
        }
    }
    let live = plan.into.join(&plan.force);
    let aside = plan
        .into
        .join(format!("{PREFIX}{}.{}", std::process::id(), plan.force));
    let built =
        build_force(plan, &live, &aside, &force_prefix).and_then(|()| swap_in(&aside, &live));
    if let Err(error) = built {
        let _ = remove_any(&aside);
        return Err(error);
    }
    // The old folder, now under the temporary name; if this fails, the next import does it.
    let _ = remove_any(&aside);
    let _ = sync_dir(&plan.into);
    Ok(())
}

/// The force's folder as it will be, complete, at `aside`.
fn build_force(plan: &Plan, live: &Path, aside: &Path, force_prefix: &str) -> io::Result<()> {
    let live_meta = match std::fs::symlink_metadata(live) {
        Ok(meta) if meta.is_dir() => Some(meta),
        Ok(_) => {
            return Err(io::Error::other(format!(
                "{} is not a folder; peel import replaces a force's folder as a whole",
                live.display()
            )));
        }
        Err(error) if error.kind() == io::ErrorKind::NotFound => None,
        Err(error) => return Err(error),
    };
    let assessment = plan.assessment.as_str();
    // Names the plan writes directly in the force folder and in the assessment folder.
    let written: Vec<&str> = plan
        .files
        .iter()
        .filter_map(|f| f.relative.strip_prefix(force_prefix))
        .collect();
    let removed: Vec<&str> = plan
        .remove
        .iter()
        .filter_map(|r| r.strip_prefix(force_prefix))
        .collect();
    make_dir_like(aside, live_meta.as_ref().map(|m| m.permissions()))?;
    if live_meta.is_some() {
        carry_over(live, aside, &|name| {
            name == assessment || written.contains(&name)
        })?;
    }
    let live_assessment = live.join(assessment);
    let aside_assessment = aside.join(assessment);
    let assessment_meta = std::fs::symlink_metadata(&live_assessment).ok();
    match &assessment_meta {
        Some(meta) if !meta.is_dir() => {
            return Err(io::Error::other(format!(
                "{} is not a folder",
                live_assessment.display()
            )));
        }
        _ => {}
    }
    make_dir_like(
        &aside_assessment,
        assessment_meta.as_ref().map(|m| m.permissions()),
    )?;
    if assessment_meta.is_some() {
        let inside = |name: &str| format!("{assessment}/{name}");
        carry_over(&live_assessment, &aside_assessment, &|name| {
            let relative = inside(name);
            written.contains(&relative.as_str()) || removed.contains(&relative.as_str())
        })?;
    }
    for file in &plan.files {
        let Some(relative) = file.relative.strip_prefix(force_prefix) else {
            continue;
        };
        let old = live.join(relative);
        // A replaced file keeps its mode; a new one gets the umask's.
        let mode = match std::fs::symlink_metadata(&old) {
            Ok(meta) if meta.is_file() => Some(meta.permissions()),
            Ok(meta) if meta.is_symlink() => None,
            Ok(_) => {
                return Err(io::Error::other(format!(
                    "{} is a folder or special file where the import writes a file",
                    old.display()
                )));
            }
            Err(_) => None,
        };
        write_new(&aside.join(relative), &file.bytes, mode)?;
    }
    sync_dir(&aside_assessment)?;
    sync_dir(aside)
}

/// Makes `dir` with the given mode, or as the umask says.
fn make_dir_like(dir: &Path, permissions: Option<Permissions>) -> io::Result<()> {
    std::fs::create_dir(dir)?;
    if let Some(permissions) = permissions {
        std::fs::set_permissions(dir, permissions)?;
    }
    Ok(())
}

/// Hard-links every entry of `from` into `to` (folders made anew and filled the same way,
/// links linked as links), except the names `skip` says the import replaces.
fn carry_over(from: &Path, to: &Path, skip: &dyn Fn(&str) -> bool) -> io::Result<()> {
    let mut pending = Vec::new();
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        let name = entry.file_name();
        if !skip(&name.to_string_lossy()) {
            pending.push((entry.path(), to.join(name)));
        }
    }
    while let Some((from, to)) = pending.pop() {
        let meta = std::fs::symlink_metadata(&from)?;
        if meta.is_dir() {
            make_dir_like(&to, Some(meta.permissions()))?;
            for entry in std::fs::read_dir(&from)? {
                let entry = entry?;
                pending.push((entry.path(), to.join(entry.file_name())));
            }
        } else {
            // std links a symbolic link itself, not what it points to.
            std::fs::hard_link(&from, &to)?;
        }
    }
    Ok(())
}

/// Writes a new file in full and syncs it; `mode` if given, else the umask's.
fn write_new(path: &Path, bytes: &[u8], mode: Option<Permissions>) -> io::Result<()> {
    let mut file = File::options().write(true).create_new(true).open(path)?;
    if let Some(mode) = mode {
        file.set_permissions(mode)?;
    }
    file.write_all(bytes)?;
    file.sync_all()
}

fn sync_dir(dir: &Path) -> io::Result<()> {
    File::open(dir)?.sync_all()
}

/// Puts the folder at `aside` in place of `live` in one step; the old folder ends up at
/// `aside`, or `live` is simply made if there was none.
fn swap_in(aside: &Path, live: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(live) {
        Err(error) if error.kind() == io::ErrorKind::NotFound => std::fs::rename(aside, live),
        Err(error) => Err(error),
        Ok(_) => exchange(aside, live),
    }
}

#[cfg(any(target_os = "linux", target_os = "android", target_vendor = "apple"))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{CWD, RenameFlags, renameat_with};
    renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE).map_err(io::Error::from)
}

/// Without an atomic exchange: two renames, with a moment between them when the force's
/// folder is missing.
#[cfg(not(any(target_os = "linux", target_os = "android", target_vendor = "apple")))]
fn exchange(a: &Path, b: &Path) -> io::Result<()> {
    let old = a.with_extension("old");
    std::fs::rename(b, &old)?;
    if let Err(error) = std::fs::rename(a, b) {
        let _ = std::fs::rename(&old, b);
        return Err(error);
    }
    std::fs::rename(&old, a)
}

/// A file's bytes and mode before the import replaced it; `None` if it was new.
type Before = Option<(Vec<u8>, Permissions)>;

/// Files outside the force's folder, replaced one at a time, with what each was before.
#[derive(Default)]
struct Outside {
    changed: Vec<(PathBuf, Before)>,
    created_dirs: Vec<PathBuf>,
}

impl Outside {
    fn replace(&mut self, path: &Path, bytes: &[u8]) -> io::Result<()> {
        let old = match std::fs::symlink_metadata(path) {
            Ok(meta) => Some((std::fs::read(path)?, meta.permissions())),
            Err(error) if error.kind() == io::ErrorKind::NotFound => None,
            Err(error) => return Err(error),
        };
        if old.as_ref().is_some_and(|(old, _)| old == bytes) {
            return Ok(());
        }
        let parent = path.parent().unwrap_or(Path::new("."));
        if !parent.exists() {
            std::fs::create_dir(parent)?;
            self.created_dirs.push(parent.to_path_buf());
        }
        replace_file(path, bytes, old.as_ref().map(|(_, mode)| mode.clone()))?;
        self.changed.push((path.to_path_buf(), old));
        Ok(())
    }

    /// Puts back what was changed; returns the files that could not be.
    fn undo(self) -> Vec<PathBuf> {
        let mut failed = Vec::new();
        for (path, old) in self.changed.into_iter().rev() {
            let undone = match old {
                Some((bytes, mode)) => replace_file(&path, &bytes, Some(mode)),
                None => std::fs::remove_file(&path),
            };
            if undone.is_err() {
                failed.push(path);
            }
        }
        for dir in self.created_dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
        failed
    }
}

/// Replaces `path` by a file written beside it, synced, and renamed over it.
fn replace_file(path: &Path, bytes: &[u8], mode: Option<Permissions>) -> io::Result<()> {
    let parent = path.parent().unwrap_or(Path::new("."));
    let name = path.file_name().unwrap_or_default().to_string_lossy();
    let temporary = parent.join(format!("{PREFIX}{}.{name}", std::process::id()));
    let written =
        write_new(&temporary, bytes, mode).and_then(|()| std::fs::rename(&temporary, path));
    if written.is_err() {
        let _ = std::fs::remove_file(&temporary);
    }
    written?;
    sync_dir(parent)
}

/// Removes what interrupted imports left: every `.peel-import.*` in the folder, in
/// `sources/`, in a force's folder or in an assessment's. Called under the folder's lock,
/// so none of them is another import's work in progress.
fn remove_stale(into: &Path) -> usize {
    let mut removed = 0;
    let mut dirs = vec![(into.to_path_buf(), 0)];
    while let Some((dir, level)) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).into_iter().flatten().flatten() {
            let path = entry.path();
            let is_dir = entry.file_type().is_ok_and(|t| t.is_dir());
            if entry.file_name().to_string_lossy().starts_with(PREFIX) {
                if remove_any(&path).is_ok() {
                    removed += 1;
                }
            } else if is_dir && level < 2 {
                dirs.push((path, level + 1));
            }
        }
    }
    removed
}

/// Removes a file, a link (never what it points to) or a folder with all in it.
fn remove_any(path: &Path) -> io::Result<()> {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_dir() => std::fs::remove_dir_all(path),
        Ok(_) => std::fs::remove_file(path),
        Err(error) => Err(error),
    }
}
