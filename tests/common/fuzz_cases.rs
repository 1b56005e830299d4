//! What each fuzz target does with one input, shared by the libFuzzer targets in `fuzz/`
//! (included there by path) and by `tests/fuzz_corpus.rs`, which replays the kept corpus
//! on stable Rust in every CI run.

use peel::content::{ContentFile, load_files};
use peel::model::Library;
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
/// The minimal fixture's files, as the loader reads them.
fn minimal_files() -> Vec<ContentFile> {
    FOLDER
        .iter()
        .map(|(relative, text)| ContentFile {
            display: format!("content/{relative}"),
            relative: relative.to_string(),
            bytes: text.as_bytes().to_vec(),
        })
        .collect()
}

pub fn loader(data: &[u8]) {
    let Some((&choice, bytes)) = data.split_first() else {
        return;
    };
    let mut files = minimal_files();
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
    answer_is_sound(load_files(files));
}

/// What the loader answers, checked: a library whose every node reads as inert text, or
/// errors that each name a place and say what is wrong there, inert too.
fn answer_is_sound(answer: Result<Library, peel::content::ContentErrors>) {
    match answer {
        Ok(library) => library_is_inert(&library),
        Err(errors) => {
            assert!(!errors.0.is_empty(), "an error, not an empty list");
            for error in &errors.0 {
                let shown = error.to_string();
                inert(&shown);
                // What is wrong, after the file and its position.
                assert!(
                    !error.message.trim().is_empty(),
                    "an error says what is wrong: {shown:?}"
                );
                if let Some((line, column)) = error.position {
                    assert!(
                        line >= 1 && column >= 1,
                        "positions count from 1: {shown:?}"
                    );
                }
            }
        }
    }
}

fn inert(text: &str) {
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "a control character would reach the terminal: {text:?}"
    );
    assert!(
        matches!(
            peel::content::neutralise(text.replace('\n', " ").trim()),
            std::borrow::Cow::Borrowed(_)
        ) || text.contains("  "),
        "text that the neutraliser would change: {text:?}"
    );
}

fn library_is_inert(library: &Library) {
    for key in library.preorder() {
        for line in peel::document::build(library, key).plain_text().lines() {
            assert!(
                !line.chars().any(|c| c.is_control()),
                "a control character would reach the terminal: {line:?}"
            );
        }
    }
}

/// Any bytes as the name of an extra content file (a folder and a file name, as a hostile
/// folder could hold): whatever the loader says about it reaches no terminal raw.
pub fn names(data: &[u8]) {
    let name = String::from_utf8_lossy(data);
    let mut files = minimal_files();
    let relative = format!("testshire/2024/{name}.yaml");
    files.push(ContentFile {
        display: format!("content/{relative}"),
        relative,
        bytes: b"id: x\n".to_vec(),
    });
    answer_is_sound(load_files(files));
}

/// Any bytes as a cache file that claims to hold this folder: a library made inert, or
/// nothing (and a parse instead), never a panic.
pub fn cache(data: &[u8]) {
    use peel::content::cache::{MAGIC, decode};
    let key = 0x5eed_u64;
    let mut bytes = MAGIC.to_vec();
    bytes.extend_from_slice(&key.to_le_bytes());
    bytes.extend_from_slice(data);
    if let Some(library) = decode(&bytes, key) {
        library_is_inert(&library);
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
    if searcher.narrows(&query, &earlier) {
        let within = searcher.search_within(&query, &searcher.search(&earlier));
        assert_eq!(within, hits, "narrowing changed the hits for {input:?}");
    }
    // As typed, with the plans of the shorter query kept: the same hits.
    let mut plans = peel::search::Plans::default();
    let before = searcher.search_as_typed(&earlier, None, &mut plans);
    let typed = searcher.search_as_typed(&query, Some((&earlier, &before)), &mut plans);
    assert_eq!(typed, hits, "kept plans changed the hits for {input:?}");
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
