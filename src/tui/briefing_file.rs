//! Where `e` writes a briefing: a new file in the current folder, never over another
//! (`peel-node-2026-01-02.md`, then `…-2.md`, `…-3.md`), whole or not at all.

use std::io::{self, Write};
use std::path::{Path, PathBuf};

/// Names tried before giving up: a folder with this many exports of one day is no place
/// to add another silently.
const MOST_TRIES: usize = 1000;

/// Writes `text` to a new file in `dir` named `name`, or `name` with `-2`, `-3`… before
/// its extension where that exists; the path written.
pub fn write_new(dir: &Path, name: &str, text: &str) -> io::Result<PathBuf> {
    let (stem, extension) = match name.rsplit_once('.') {
        Some((stem, extension)) => (stem, format!(".{extension}")),
        None => (name, String::new()),
    };
    let mut file = tempfile::Builder::new()
        .prefix(&format!(".{name}."))
        .tempfile_in(dir)?;
    file.write_all(text.as_bytes())?;
    file.as_file().sync_all()?;
    for n in 1..=MOST_TRIES {
        let candidate = match n {
            1 => dir.join(name),
            n => dir.join(format!("{stem}-{n}{extension}")),
        };
        // Renamed into place only where no file is: never over another.
        match file.persist_noclobber(&candidate) {
            Ok(_) => return Ok(candidate),
            Err(error) if error.error.kind() == io::ErrorKind::AlreadyExists => {
                file = error.file;
            }
            Err(error) => return Err(error.error),
        }
    }
    Err(io::Error::new(
        io::ErrorKind::AlreadyExists,
        format!("{MOST_TRIES} files named {name} already"),
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_second_export_of_the_day_is_numbered_and_nothing_is_overwritten() {
        let dir = tempfile::tempdir().unwrap();
        let first = write_new(dir.path(), "peel-node-2026-01-02.md", "one").unwrap();
        let second = write_new(dir.path(), "peel-node-2026-01-02.md", "two").unwrap();
        let third = write_new(dir.path(), "peel-node-2026-01-02.md", "three").unwrap();
        assert_eq!(first, dir.path().join("peel-node-2026-01-02.md"));
        assert_eq!(second, dir.path().join("peel-node-2026-01-02-2.md"));
        assert_eq!(third, dir.path().join("peel-node-2026-01-02-3.md"));
        assert_eq!(std::fs::read_to_string(first).unwrap(), "one");
        assert_eq!(std::fs::read_dir(dir.path()).unwrap().count(), 3);
    }
}
