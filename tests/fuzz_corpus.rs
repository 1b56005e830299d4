//! Replays the fuzzing corpus kept in `fuzz/corpus/` (every input libFuzzer found
//! interesting, crashes it once found included) through the same code as the fuzz targets,
//! so CI catches a regression on stable Rust without running libFuzzer.

mod common;

use std::path::Path;

fn corpus(target: &str) -> Vec<Vec<u8>> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("fuzz/corpus")
        .join(target);
    let mut inputs: Vec<Vec<u8>> = std::fs::read_dir(&dir)
        .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
        .map(|entry| std::fs::read(entry.unwrap().path()).unwrap())
        .collect();
    inputs.sort();
    assert!(
        inputs.len() > 100,
        "{target}: the corpus is kept in the repository"
    );
    inputs
}

#[test]
fn the_loader_corpus_replays_without_a_panic() {
    for input in corpus("loader") {
        common::fuzz_cases::loader(&input);
    }
}

#[test]
fn the_query_corpus_replays_without_a_panic() {
    let searcher = peel::search::Searcher::new(&common::builtin());
    for input in corpus("query") {
        // libFuzzer hands the target only valid UTF-8 for a &str input.
        if let Ok(text) = std::str::from_utf8(&input) {
            common::fuzz_cases::query(&searcher, text);
        }
    }
}

#[test]
fn the_file_name_corpus_replays_without_a_panic() {
    for input in corpus("names") {
        common::fuzz_cases::names(&input);
    }
}

#[test]
fn the_cache_corpus_replays_without_a_panic() {
    for input in corpus("cache") {
        common::fuzz_cases::cache(&input);
    }
}
