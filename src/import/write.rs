//! Puts a plan's files into the folder all at once or not at all: every file is first
//! written beside its place and synced; only then are they renamed into place, and if any
//! step fails, what was replaced is put back and what was added is taken away.

use super::plan::Plan;
use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// A file already in place before the import, kept to put back on failure.
struct Replaced {
    path: PathBuf,
    old: Option<Vec<u8>>,
}

pub fn apply(plan: &Plan) -> io::Result<()> {
    let mut created_dirs = Vec::new();
    let result = stage_and_commit(plan, &mut created_dirs);
    if result.is_err() {
        for dir in created_dirs.iter().rev() {
            let _ = std::fs::remove_dir(dir);
        }
    }
    result
}

fn stage_and_commit(plan: &Plan, created_dirs: &mut Vec<PathBuf>) -> io::Result<()> {
    // 1. Every new file written in full beside its place; nothing visible has changed yet.
    let mut staged = Vec::new();
    for file in &plan.files {
        let path = plan.into.join(&file.relative);
        let parent = path.parent().unwrap_or(Path::new(".")).to_path_buf();
        create_dirs(&parent, created_dirs)?;
        let mut temp = tempfile::Builder::new()
            .prefix(".peel-import.")
            .tempfile_in(&parent)?;
        temp.write_all(&file.bytes)?;
        temp.as_file().sync_all()?;
        staged.push((temp, path));
    }
    // 2. Renamed into place, remembering what each replaced.
    let mut done: Vec<Replaced> = Vec::new();
    for (temp, path) in staged {
        let old = if path.is_file() {
            Some(std::fs::read(&path)?)
        } else {
            None
        };
        if let Err(error) = temp.persist(&path) {
            roll_back(&done);
            return Err(error.error);
        }
        done.push(Replaced { path, old });
    }
    for relative in &plan.remove {
        let path = plan.into.join(relative);
        let old = std::fs::read(&path)?;
        if let Err(error) = std::fs::remove_file(&path) {
            roll_back(&done);
            return Err(error);
        }
        done.push(Replaced {
            path,
            old: Some(old),
        });
    }
    Ok(())
}

fn create_dirs(dir: &Path, created: &mut Vec<PathBuf>) -> io::Result<()> {
    if dir.as_os_str().is_empty() || dir.is_dir() {
        return Ok(());
    }
    if let Some(parent) = dir.parent() {
        create_dirs(parent, created)?;
    }
    std::fs::create_dir(dir)?;
    created.push(dir.to_path_buf());
    Ok(())
}

fn roll_back(done: &[Replaced]) {
    for replaced in done.iter().rev() {
        match &replaced.old {
            Some(old) => {
                let _ = crate::atomic_file::write(&replaced.path, |file| file.write_all(old));
            }
            None => {
                let _ = std::fs::remove_file(&replaced.path);
            }
        }
    }
}
