//! The two seed reports imported into an empty folder as a user would, for the tests of
//! what derived content does with no curation.

use super::peel_command;
use std::path::{Path, PathBuf};
use std::process::Output;

pub fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

pub fn peel(args: &[&str]) -> Output {
    let (mut command, _home) = peel_command();
    command.args(args).output().expect("run peel")
}

pub fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

/// Seeds 001 (PEEL 2023–25) and 003 (PEEL 2017) imported into one empty folder: both join
/// the force `metropolitan`, and nobody wrote a themes.yaml.
pub fn imported_met() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("content");
    for seed in [
        "content/sources/001_6cebdb2138c1379e.txt",
        "content/sources/003_d9a8730beb81e948.txt",
    ] {
        let output = peel(&[
            "import",
            repo(seed).to_str().unwrap(),
            "--into",
            into.to_str().unwrap(),
        ]);
        assert!(output.status.success(), "import: {}", text(&output.stderr));
    }
    assert!(!into.join("metropolitan/themes.yaml").exists());
    (out, into)
}
