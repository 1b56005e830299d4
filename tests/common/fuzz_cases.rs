//! What each fuzz target does with one input, shared by the libFuzzer targets in `fuzz/`
//! (included there by path) and by `tests/fuzz_corpus.rs`, which replays the kept corpus
//! on stable Rust in every CI run.

use peel::content::{ContentFile, load_files};
use peel::search::{Query, Searcher, snippet};

macro_rules! fixture {
    ($($path:literal),* $(,)?) => {
        [$(($path, include_str!(concat!("../fixtures/minimal/", $path)))),*]
    };
}

/// A small valid content folder (the tests' minimal fixture), so each run is fast.
const FOLDER: [(&str, &str); 8] = fixture![
    "sources.yaml",
    "glossary.yaml",
    "testshire/force.yaml",
    "testshire/themes.yaml",
    "testshire/2017/assessment.yaml",
    "testshire/2017/investigating.yaml",
    "testshire/2024/assessment.yaml",
    "testshire/2024/investigating.yaml",
];

/// Where else the fuzzed bytes may go: a file no parent lists, and misplaced files.
const EXTRA_PATHS: &[&str] = &[
    "testshire/2024/extra.yaml",
    "testshire/2099/x.yaml",
    "stray.yaml",
];

/// The first byte picks a file of the folder to replace (or an extra file to add); the
/// rest are its bytes. The loader must answer with a library or located errors.
pub fn loader(data: &[u8]) {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let mut files: Vec<ContentFile> = FOLDER
        .iter()
        .map(|(relative, text)| ContentFile {
            display: format!("content/{relative}"),
            relative: relative.to_string(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect();
    let slot = choice as usize % (files.len() + EXTRA_PATHS.len());
    if let Some(file) = files.get_mut(slot) {
        file.bytes = bytes.to_vec();
    } else {
        let relative = EXTRA_PATHS[slot - files.len()].to_string();
        files.push(ContentFile {
            display: format!("content/{relative}"),
            relative,
            bytes: bytes.to_vec(),
        });
    }
    if let Err(errors) = load_files(files) {
        for error in &errors.0 {
            let message = error.to_string();
            assert!(!message.is_empty(), "an error says something");
        }
    }
}

/// Text typed at the search prompt: parse, rank, narrow from one character less,
/// highlight and cut snippets, as the explorer does.
pub fn query(searcher: &Searcher, input: &str) {
    let query = Query::parse(input);
    let hits = searcher.search(&query);
    let shorter: String = {
        let mut chars = input.chars();
        chars.next_back();
        chars.collect()
    };
    let earlier = Query::parse(&shorter);
    if query.narrows(&earlier) {
        let within = searcher.search_within(&query, &searcher.search(&earlier));
        assert_eq!(within, hits, "narrowing changed the hits for {input:?}");
    }
    for hit in hits.iter().take(20) {
        let highlights = searcher.highlights(hit, &query);
        let text = &searcher.passage(hit).text;
        let chars = text.chars().count();
        assert!(
            highlights.iter().all(|&h| h < chars),
            "highlight past the end"
        );
        let _ = snippet(text, &highlights, 60);
    }
}
