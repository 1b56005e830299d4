//! The `force:` filter: by id or by the words of a force's name, quoted when they are
//! several; and with several forces, each result names its force.

mod common;

use common::peel_command;
use std::path::Path;
use std::process::Output;

fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    peel::content::synthetic::write(&template, dir.path(), 3, 2024).unwrap();
    dir
}

fn search(dir: Option<&Path>, query: &[&str]) -> Output {
    let (mut command, _home) = peel_command();
    if let Some(dir) = dir {
        command.arg("--content").arg(dir);
    }
    command
        .arg("search")
        .args(query)
        .args(["--limit", "0", "--json"])
        .output()
        .expect("run peel")
}

/// The force of each result, as the JSON names it (the glossary belongs to none).
fn forces(output: &Output) -> Vec<Option<String>> {
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    results
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["force"].as_str().map(str::to_owned))
        .collect()
}

#[test]
fn force_filters_by_id_and_by_words_of_the_name() {
    let dir = corpus();
    let everywhere = forces(&search(Some(dir.path()), &["jigsaw"]));
    for force in ["northmoor", "easthaven", "westford"] {
        assert!(
            everywhere.iter().any(|f| f.as_deref() == Some(force)),
            "{force} has jigsaw"
        );
    }
    for query in [
        &["force:easthaven", "jigsaw"][..],
        &["jigsaw", "force:East"],
        &["force:\"easthaven police\"", "jigsaw"],
        &["FORCE:\"Easthaven   (synthetic)\"", "jigsaw"],
    ] {
        let found = forces(&search(Some(dir.path()), query));
        assert!(!found.is_empty(), "{query:?}");
        assert!(
            found.iter().all(|f| f.as_deref() == Some("easthaven")),
            "{query:?}: {found:?}"
        );
    }
    let none = search(Some(dir.path()), &["force:kent", "jigsaw"]);
    assert_eq!(none.status.code(), Some(1), "no force is Kent");
    // A filter alone lists that force's nodes.
    let alone = forces(&search(
        Some(dir.path()),
        &["force:westford", "kind:cause-of-concern"],
    ));
    assert!(!alone.is_empty() && alone.iter().all(|f| f.as_deref() == Some("westford")));
}

#[test]
fn with_one_force_results_do_not_say_whose_they_are() {
    let output = search(None, &["jigsaw"]);
    let results: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert!(
        results
            .as_array()
            .unwrap()
            .iter()
            .all(|r| r.get("force").is_none())
    );
    assert!(forces_or_empty(&search(None, &["force:met", "jigsaw"])) > 0);
    assert_eq!(
        search(None, &["force:kent", "jigsaw"]).status.code(),
        Some(1)
    );
}

fn forces_or_empty(output: &Output) -> usize {
    serde_json::from_slice::<serde_json::Value>(&output.stdout)
        .map(|v| v.as_array().map_or(0, Vec::len))
        .unwrap_or(0)
}
