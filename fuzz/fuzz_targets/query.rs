//! Any text typed at the search prompt, over the built-in content: parsing, ranking,
//! narrowing from a shorter query, highlights and snippets must never panic.
#![no_main]

#[path = "../../tests/common/fuzz_cases.rs"]
#[allow(dead_code)] // each target uses one of the cases
mod cases;

use peel::search::Searcher;
use std::sync::OnceLock;

fn searcher() -> &'static Searcher {
    static SEARCHER: OnceLock<Searcher> = OnceLock::new();
    SEARCHER.get_or_init(|| {
        Searcher::new(&peel::content::load_builtin().expect("built-in content loads"))
    })
}

libfuzzer_sys::fuzz_target!(|input: &str| cases::query(searcher(), input));
