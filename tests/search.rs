//! Search over the real content: ranking, filters, phrases, near misses, and that no query
//! can make it panic.

mod common;

use peel::search::{Query, Searcher, snippet};
use proptest::prelude::*;

fn ids(searcher: &Searcher, query: &str) -> Vec<String> {
    searcher
        .search(&Query::parse(query))
        .iter()
        .map(|hit| searcher.node(hit).id.clone())
        .collect()
}

fn searcher() -> Searcher {
    Searcher::new(&common::builtin())
}

#[test]
fn jigsaw_finds_the_managing_offenders_findings_first() {
    let found = ids(&searcher(), "jigsaw");
    assert_eq!(
        found[0],
        "2024/managing-offenders/main-finding/jigsaw-workloads"
    );
    let top_findings: Vec<&String> = found
        .iter()
        .filter(|id| !id.starts_with("glossary/"))
        .take(5)
        .collect();
    assert!(
        top_findings
            .iter()
            .all(|id| id.starts_with("2024/managing-offenders/")),
        "{found:?}"
    );
    assert!(
        found.iter().take(6).any(|id| id
            .starts_with("2024/managing-offenders/cause-of-concern/registered-sex-offenders")),
        "{found:?}"
    );
}

#[test]
fn near_misses_still_find_their_targets() {
    let s = searcher();
    assert_eq!(
        ids(&s, "jigsw")[0],
        "2024/managing-offenders/main-finding/jigsaw-workloads"
    );
    let thrive = ids(&s, "thrve");
    assert!(
        thrive[..3].contains(
            &"2017/protecting-vulnerable-people/area-for-improvement/thrive-in-call-handling"
                .to_owned()
        ),
        "{thrive:?}"
    );
}

#[test]
fn thrive_finds_both_2017_and_2024() {
    let found = ids(&searcher(), "thrive");
    let top: Vec<&String> = found.iter().take(8).collect();
    assert!(top.iter().any(|id| id.starts_with("2017/")), "{found:?}");
    assert!(
        top.iter().any(|id| id.starts_with(
            "2024/responding-to-the-public/main-finding/vulnerability-at-first-contact"
        )),
        "{found:?}"
    );
}

#[test]
fn every_word_must_match() {
    let found = ids(&searcher(), "right care right person");
    assert_eq!(
        found[0],
        "2024/responding-to-the-public/main-finding/right-care-right-person"
    );
    assert!(
        ids(&searcher(), "jigsaw stalking").is_empty(),
        "no node mentions both"
    );
}

#[test]
fn titles_outrank_body_text() {
    let found = ids(&searcher(), "divert");
    assert_eq!(
        found[0],
        "2024/preventing-crime/innovative-practice/divert-mobile-app"
    );
    let abstraction = found
        .iter()
        .position(|id| id.ends_with("neighbourhood-abstraction"))
        .expect("'diverted' still found");
    assert!(abstraction > 0);
}

#[test]
fn v100_and_999() {
    let s = searcher();
    let v100 = ids(&s, "v100");
    assert!(
        v100[..2].contains(
            &"2024/managing-offenders/area-for-improvement/outstanding-suspects".to_owned()
        ),
        "{v100:?}"
    );
    let calls = ids(&s, "999");
    let top: Vec<&String> = calls.iter().take(6).collect();
    assert!(
        top.contains(
            &&"2024/responding-to-the-public/main-finding/improved-call-handling".to_owned()
        ),
        "{calls:?}"
    );
    assert!(
        top.contains(&&"2025/improvement-recognised/call-handling".to_owned()),
        "{calls:?}"
    );
}

#[test]
fn year_filter_with_words() {
    let found = ids(&searcher(), "year:2017 detectives");
    assert_eq!(
        found[0],
        "2017/investigating-crime/area-for-improvement/qualified-detectives"
    );
    assert!(found.iter().all(|id| id.starts_with("2017")), "{found:?}");
}

#[test]
fn kind_filter_with_words() {
    let found = ids(&searcher(), "kind:recommendation allocation");
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|id| id.contains("/recommendation/")),
        "{found:?}"
    );
    assert!(
        found[0].starts_with(
            "2024/investigating-crime/cause-of-concern/crime-allocation/recommendation/"
        )
    );
}

#[test]
fn grade_filter_uses_the_area_grade() {
    let found = ids(&searcher(), "grade:adequate stop");
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|id| id.starts_with("2024/police-powers")),
        "{found:?}"
    );
}

#[test]
fn filters_alone_list_what_they_select() {
    let found = ids(&searcher(), "kind:cause-of-concern");
    assert_eq!(found.len(), 5, "{found:?}");
}

#[test]
fn a_quoted_phrase_matches_exactly() {
    let s = searcher();
    let phrase = ids(&s, "\"stop and search\"");
    assert!(
        phrase.iter().all(|id| !id.starts_with("2017")),
        "2017 never says 'stop and search': {phrase:?}"
    );
    assert!(!phrase.is_empty());
    assert!(ids(&s, "\"stop and jigsaw\"").is_empty());
}

#[test]
fn smart_case_respects_capitals() {
    let s = searcher();
    // "Engage" the monitoring process, against "engage" the verb as well.
    let lower = ids(&s, "engage");
    let upper = s.search(&Query::parse("Engage"));
    assert!(!upper.is_empty());
    assert!(
        upper.len() < lower.len(),
        "{} vs {}",
        upper.len(),
        lower.len()
    );
    for hit in &upper {
        // Every node found holds the word with its capital somewhere.
        let node = s.node(hit);
        let capital = node
            .passages
            .clone()
            .any(|p| s.index.passages[p].text.contains("Engage"));
        assert!(capital, "{} has no \"Engage\"", node.id);
    }
}

#[test]
fn highlights_land_on_the_matched_characters() {
    let s = searcher();
    for query in ["jigsaw", "thrve", "Clare’s", "£92m"] {
        let hits = s.search(&Query::parse(query));
        assert!(!hits.is_empty(), "{query}");
        for hit in hits.iter().take(10) {
            let text = &s.passage(hit).text;
            let chars: Vec<char> = text.chars().collect();
            let highlights = s.highlights(hit, &Query::parse(query));
            assert!(
                highlights.iter().all(|&i| i < chars.len()),
                "{query}: index past the end"
            );
            let marked: String = highlights
                .iter()
                .map(|&i| chars[i])
                .collect::<String>()
                .to_lowercase();
            let wanted: String = query
                .to_lowercase()
                .chars()
                .filter(|c| marked.contains(*c))
                .collect();
            assert_eq!(
                wanted,
                query.to_lowercase(),
                "{query}: highlighted {marked:?} in {text:?}"
            );
        }
    }
}

#[test]
fn narrowing_gives_the_same_results_as_searching_afresh() {
    let s = searcher();
    let mut previous = s.search(&Query::parse("j"));
    let mut previous_query = Query::parse("j");
    for typed in [
        "ji",
        "jig",
        "jigs",
        "jigsa",
        "jigsaw",
        "jigsaw t",
        "jigsaw te",
    ] {
        let query = Query::parse(typed);
        assert!(query.narrows(&previous_query), "{typed}");
        let narrowed = s.search_within(&query, &previous);
        let fresh = s.search(&query);
        assert_eq!(narrowed, fresh, "{typed}");
        previous = narrowed;
        previous_query = query;
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_query_panics(query in "\\PC{0,24}|[\"a-z: ]{0,16}|(year|kind|grade):[a-z0-9-]{0,8}") {
        // Whatever the query, every hit honours its filters.
        let parsed = Query::parse(&query);
        SEARCHER.with(|s| {
            for hit in s.search(&parsed) {
                let node = s.node(&hit);
                prop_assert!(parsed.year.is_none_or(|year| node.year == Some(year)));
                prop_assert!(parsed.kinds.as_ref().is_none_or(|kinds| kinds.contains(&node.kind)));
                prop_assert!(parsed.grade.is_none_or(|grade| node.grade == Some(grade)));
            }
            Ok(())
        })?;
    }

    #[test]
    fn snippets_never_panic_and_keep_highlights_inside(text in "\\PC{0,80}", marks in proptest::collection::vec(0usize..100, 0..6), width in 0usize..60) {
        let mut marks = marks;
        marks.sort_unstable();
        marks.dedup();
        let length = text.chars().count();
        let marks: Vec<usize> = marks.into_iter().filter(|&m| m < length).collect();
        let s = snippet(&text, &marks, width);
        let shown = s.text.chars().count();
        prop_assert!(s.highlights.iter().all(|&h| h < shown));
    }
}

const WORDS: &[&str] = &[
    "jigsaw",
    "thrive",
    "allocation",
    "detectives",
    "supervision",
    "offenders",
    "stalking",
    "vulnerability",
    "engage",
    "recommendations",
    "neighbourhood",
    "outstanding",
    "£92m",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 64, ..ProptestConfig::default() })]

    /// Typing a query one character at a time and searching only the previous results
    /// finds exactly what a fresh search finds, typos and all.
    #[test]
    fn narrowing_never_loses_a_result(word in proptest::sample::select(WORDS), drop in 0usize..12, extra in proptest::sample::select(WORDS)) {
        let mut typed: Vec<char> = format!("{word} {extra}").chars().collect();
        if drop < typed.len() && typed[drop] != ' ' {
            typed.remove(drop);
        }
        SEARCHER.with(|s| {
            let mut previous_query = Query::parse("");
            let mut previous = Vec::new();
            for end in 1..=typed.len() {
                let text: String = typed[..end].iter().collect();
                let query = Query::parse(&text);
                let fresh = s.search(&query);
                if query.narrows(&previous_query) {
                    prop_assert_eq!(&s.search_within(&query, &previous), &fresh, "{}", text);
                }
                previous = fresh;
                previous_query = query;
            }
            Ok(())
        })?;
    }
}

thread_local! {
    static SEARCHER: Searcher = searcher();
}
