//! Search over the explorer fixture (tests/fixtures/explorer), whose reports are written to
//! hold what each test needs (an acronym and its expansion, both spellings of a compound, a
//! phrase one year never uses): ranking, filters, phrases, near misses, and that no query
//! can make it panic.

mod common;

use peel::search::{Hit, Query, Searcher, snippet};
use proptest::prelude::*;

fn ids(searcher: &Searcher, query: &str) -> Vec<String> {
    searcher
        .search(&Query::parse(query))
        .iter()
        .map(|hit| searcher.node(hit).id.clone())
        .collect()
}

/// One index for every test here, as the explorer keeps one for every keystroke: built
/// once, not once per test (most of this file's time when unoptimised).
fn searcher() -> &'static Searcher {
    static SEARCHER: std::sync::OnceLock<Searcher> = std::sync::OnceLock::new();
    SEARCHER.get_or_init(|| Searcher::new(&common::explorer()))
}

#[test]
fn jigsaw_finds_its_cause_of_concern_and_the_managing_offenders_findings_first() {
    let found = ids(searcher(), "jigsaw");
    // The cause of concern whose text discusses the Jigsaw teams is what a reader most
    // needs: in the top three, with the finding named after the teams.
    assert!(
        found[..3].contains(
            &"2024/managing-offenders/cause-of-concern/registered-sex-offenders".to_owned()
        ),
        "{found:?}"
    );
    assert!(
        found[..3].contains(&"2024/managing-offenders/main-finding/jigsaw-workloads".to_owned()),
        "{found:?}"
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
        ids(s, "jigsw")[0],
        "2024/managing-offenders/main-finding/jigsaw-workloads"
    );
    let thrive = ids(s, "thrve");
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
    let found = ids(searcher(), "thrive");
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
    let found = ids(searcher(), "right care right person");
    assert_eq!(
        found[0],
        "2024/responding-to-the-public/main-finding/right-care-right-person"
    );
    assert!(
        ids(searcher(), "jigsaw stalking").is_empty(),
        "no node mentions both"
    );
}

#[test]
fn titles_outrank_body_text() {
    let found = ids(searcher(), "divert");
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
    let v100 = ids(s, "v100");
    assert!(
        v100[..2].contains(
            &"2024/managing-offenders/area-for-improvement/outstanding-suspects".to_owned()
        ),
        "{v100:?}"
    );
    let calls = ids(s, "999");
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
    let found = ids(searcher(), "year:2017 detectives");
    assert_eq!(
        found[0],
        "2017/investigating-crime/area-for-improvement/qualified-detectives"
    );
    assert!(found.iter().all(|id| id.starts_with("2017")), "{found:?}");
}

#[test]
fn kind_filter_with_words() {
    let found = ids(searcher(), "kind:recommendation allocation");
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
    let found = ids(searcher(), "grade:adequate stop");
    assert!(!found.is_empty());
    assert!(
        found.iter().all(|id| id.starts_with("2024/police-powers")),
        "{found:?}"
    );
}

#[test]
fn filters_alone_list_what_they_select() {
    let found = ids(searcher(), "kind:cause-of-concern");
    assert_eq!(
        found.len(),
        6,
        "the fixture's six causes of concern: {found:?}"
    );
}

#[test]
fn a_quoted_phrase_matches_exactly() {
    let s = searcher();
    let phrase = ids(s, "\"stop and search\"");
    assert!(
        phrase.iter().all(|id| !id.starts_with("2017")),
        "2017 never says 'stop and search': {phrase:?}"
    );
    assert!(!phrase.is_empty());
    assert!(ids(s, "\"stop and jigsaw\"").is_empty());
}

#[test]
fn smart_case_respects_capitals() {
    let s = searcher();
    // "Engage" the monitoring process, against "engage" the verb as well. Both also find
    // the glossary's other names for Engage ("enhanced monitoring"); only what matched as
    // typed (no `via`) is about the capital.
    let as_typed = |query: &str| -> Vec<Hit> {
        s.search(&Query::parse(query))
            .into_iter()
            .filter(|hit| hit.via.is_none())
            .collect()
    };
    let lower = as_typed("engage");
    let upper = as_typed("Engage");
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
            // Apostrophes and hyphens join words whichever is typed (’ finds ').
            let bare = |text: String| -> String {
                text.to_lowercase()
                    .chars()
                    .filter(|c| !matches!(c, '\'' | '’' | '-'))
                    .collect()
            };
            let marked = bare(highlights.iter().map(|&i| chars[i]).collect());
            let wanted: String = bare(query.to_string())
                .chars()
                .filter(|c| marked.contains(*c))
                .collect();
            assert_eq!(
                wanted,
                bare(query.to_string()),
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
    let mut narrowed_steps = 0;
    for typed in [
        "ji",
        "jig",
        "jigs",
        "jigsa",
        "jigsaw",
        "jigsaw t",
        "jigsaw te",
        "allo",
        "alloc",
        "alloca",
        "allocat",
        "allocati",
        "allocatin",
        "allocating",
        "allocating c",
        "allocating cr",
    ] {
        let query = Query::parse(typed);
        let fresh = s.search(&query);
        // Not every keystroke narrows: "jigsaw" is a glossary term, searched with its
        // other names, and a word under four letters finds no near misses yet.
        if s.narrows(&query, &previous_query) {
            narrowed_steps += 1;
            assert_eq!(s.search_within(&query, &previous), fresh, "{typed}");
        }
        previous = fresh;
        previous_query = query;
    }
    assert!(narrowed_steps >= 7, "only {narrowed_steps} steps narrowed");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    #[test]
    fn no_query_panics(query in "\\PC{0,24}|[\"a-z: ]{0,16}|(year|kind|grade):[a-z0-9-]{0,8}") {
        // Whatever the query, every hit honours its filters.
        let parsed = Query::parse(&query);
        {
            let s = searcher();
            for hit in s.search(&parsed) {
                let node = s.node(&hit);
                prop_assert!(parsed.year.is_none_or(|year| node.year == Some(year)));
                prop_assert!(parsed.kinds.as_ref().is_none_or(|kinds| kinds.contains(&node.kind)));
                prop_assert!(parsed.grade.is_none_or(|grade| node.grade == Some(grade)));
            }
        }
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
        {
            let s = searcher();
            let mut previous_query = Query::parse("");
            let mut previous = Vec::new();
            for end in 1..=typed.len() {
                let text: String = typed[..end].iter().collect();
                let query = Query::parse(&text);
                let fresh = s.search(&query);
                if s.narrows(&query, &previous_query) {
                    prop_assert_eq!(&s.search_within(&query, &previous), &fresh, "{}", text);
                }
                previous = fresh;
                previous_query = query;
            }
        }
    }
}

/// Result ids as a sorted set, for comparing what two spellings find.
fn found_set(s: &Searcher, query: &str) -> Vec<String> {
    let mut found = ids(s, query);
    found.sort();
    found
}

#[test]
fn an_acronym_finds_what_it_stands_for_and_says_so() {
    let s = searcher();
    let query = Query::parse("RSO");
    let hits = s.search(&query);
    let top: Vec<&str> = hits
        .iter()
        .take(3)
        .map(|hit| s.node(hit).id.as_str())
        .collect();
    assert!(
        top.contains(&"2024/managing-offenders/cause-of-concern/registered-sex-offenders"),
        "{top:?}"
    );
    assert_eq!(
        s.explain(&hits[0], &query).as_deref(),
        Some("RSO → registered sex offender")
    );
    // Typed in any case it is still the acronym, never the letters inside "person".
    assert_eq!(found_set(s, "rso"), found_set(s, "RSO"));
    let iom = ids(s, "IOM");
    assert!(iom.iter().any(|id| id.starts_with("2017/")), "{iom:?}");
    assert!(
        iom.contains(&"glossary/integrated-offender-management".to_owned()),
        "{iom:?}"
    );
    let cse = ids(s, "CSE");
    assert!(cse.len() >= 3, "{cse:?}");
    for hit in s.search(&Query::parse("rso")) {
        let passage = s.passage(&hit);
        assert!(
            passage.text.contains("RSO") || passage.folded().contains("registered sex offender"),
            "rso found {:?}",
            passage.text
        );
    }
    for hit in s.search(&Query::parse("iom")) {
        let text = s.passage(&hit).folded();
        assert!(text.contains("offender management"), "iom found {text:?}");
    }
}

#[test]
fn an_expansion_finds_the_acronym_too() {
    let s = searcher();
    let expanded = found_set(s, "registered sex offender");
    let acronym = found_set(s, "RSO");
    assert_eq!(expanded, acronym);
}

#[test]
fn compounds_match_however_they_are_written() {
    let s = searcher();
    let antisocial = found_set(s, "antisocial");
    assert!(!antisocial.is_empty());
    assert_eq!(found_set(s, "anti-social"), antisocial);
    assert_eq!(found_set(s, "anti social"), antisocial);
    // Typed apart, the words are the one word the reports write: ranked as that word.
    assert_eq!(ids(s, "anti social"), ids(s, "antisocial"));
    let top: Vec<String> = ids(s, "antisocial").into_iter().take(10).collect();
    assert!(
        top.iter().any(|id| id.starts_with("2017/")),
        "2017 writes anti-social: {top:?}"
    );
    assert!(
        top.iter().any(|id| id.starts_with("2024/")),
        "2024 writes antisocial: {top:?}"
    );
    let stop_and_search = found_set(s, "stop and search");
    assert!(stop_and_search.len() >= 10, "{stop_and_search:?}");
    assert_eq!(found_set(s, "stop-and-search"), stop_and_search);
    let body_worn = found_set(s, "body-worn");
    assert!(!body_worn.is_empty());
    assert_eq!(found_set(s, "bodyworn"), body_worn);
}

#[test]
fn british_and_american_spellings_find_the_same() {
    let s = searcher();
    for (british, american) in [
        ("organised", "organized"),
        ("neighbourhood", "neighborhood"),
        ("behaviour", "behavior"),
    ] {
        let found = found_set(s, british);
        assert!(!found.is_empty(), "{british}");
        assert_eq!(found_set(s, american), found, "{american}");
    }
}

/// Every hyphenated word in the passages, with the node it is in.
fn hyphenated(s: &Searcher) -> Vec<(String, usize)> {
    let mut out = Vec::new();
    for (node, info) in s.index.nodes.iter().enumerate() {
        for p in info.passages.clone() {
            for token in s.index.passages[p]
                .folded()
                .split(|c: char| !(c.is_alphanumeric() || c == '-'))
            {
                let parts: Vec<&str> = token.split('-').collect();
                if parts.len() > 1 && parts.iter().all(|part| !part.is_empty()) {
                    out.push((token.to_owned(), node));
                }
            }
        }
    }
    out.sort();
    out.dedup();
    out
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 128, ..ProptestConfig::default() })]

    /// A passage's hyphenated word, typed with the hyphen removed or as a space, still
    /// finds that passage's node.
    #[test]
    fn a_hyphen_can_be_left_out_or_typed_as_a_space(pick in any::<proptest::sample::Index>(), joined in any::<bool>()) {
        {
            let s = searcher();
            let words = HYPHENATED.with(|w| w.clone());
            let (word, node) = &words[pick.index(words.len())];
            let typed = if joined { word.replace('-', "") } else { word.replace('-', " ") };
            let found: Vec<usize> = s.search(&Query::parse(&typed)).iter().map(|hit| hit.node).collect();
            prop_assert!(found.contains(node), "{typed:?} (from {word:?}) missed {}", s.index.nodes[*node].id);
        }
    }
}

thread_local! {
    static HYPHENATED: Vec<(String, usize)> = hyphenated(searcher());
}

#[test]
fn answering_once_finds_what_typing_finds() {
    let library = common::explorer();
    let typing = Searcher::new(&library);
    let once = Searcher::new(&library).answer_once();
    for text in [
        "stop and search",
        "registered sex offender",
        "jigsaw",
        "thrve",
        "rso",
        "\"stop and search\"",
        "£92m",
        "Jigsaw",
    ] {
        let query = Query::parse(text);
        let hits = typing.search(&query);
        assert!(!hits.is_empty(), "{text}");
        assert_eq!(once.search(&query), hits, "{text}");
    }
}

#[test]
fn typing_key_by_key_finds_what_searching_once_finds_and_a_new_word_searches_afresh() {
    let s = searcher();
    let mut plans = peel::search::Plans::default();
    for text in [
        "jigsaw teams",
        "stop and search",
        "thrve",
        "registered sex offender",
    ] {
        let mut previous: Option<(Query, Vec<Hit>)> = None;
        for end in 1..=text.len() {
            let typed = &text[..end];
            let query = Query::parse(typed);
            let hits = s.search_as_typed(
                &query,
                previous.as_ref().map(|(q, h)| (q, h.as_slice())),
                &mut plans,
            );
            assert_eq!(hits, s.search(&query), "{typed:?}");
            previous = Some((query, hits));
        }
        assert!(!previous.unwrap().1.is_empty(), "{text} finds something");
    }
    // A query that does not only grow the last one (another word typed over it) is not
    // searched among the last one's results.
    let jigsaw = Query::parse("jigsaw");
    let found = s.search(&jigsaw);
    let thrive = Query::parse("thrive");
    let hits = s.search_as_typed(&thrive, Some((&jigsaw, &found)), &mut plans);
    assert!(!hits.is_empty());
    assert_eq!(hits, s.search(&thrive));
}

#[test]
fn words_typed_with_capitals_are_not_joined_into_a_compound() {
    let s = searcher();
    // Smart case: `Anti Social` is the capitalised words as written, not `antisocial`.
    let capitals = s.search(&Query::parse("Anti Social"));
    let plain = s.search(&Query::parse("anti social"));
    assert!(!capitals.is_empty());
    assert!(
        capitals.len() < plain.len(),
        "{} against {}",
        capitals.len(),
        plain.len()
    );
    for hit in &capitals {
        let text = &s.passage(hit).text;
        assert!(text.contains("Anti") && text.contains("Social"), "{text}");
    }
}

#[test]
fn a_glossary_name_with_no_words_never_becomes_a_search_for_nothing() {
    let folder = common::copy_of("minimal");
    let glossary = folder.path().join("glossary.yaml");
    let text = std::fs::read_to_string(&glossary).unwrap();
    std::fs::write(
        &glossary,
        text.replace("aliases: [THRIVE+]", "aliases: [THRIVE+, \"&\"]"),
    )
    .unwrap();
    let library = peel::content::load_dir(folder.path()).expect("an alias of a symbol loads");
    let s = Searcher::new(&library);
    let hits = s.search(&Query::parse("thrive"));
    assert!(!hits.is_empty(), "the term is still found by its name");
}

/// Punctuation that ends or opens a word in a sentence, alone and in runs.
const EDGE_PUNCTUATION: &[&str] = &[
    "?", ".", ",", ";", ":", "!", ")", "]", "}", "\"", "'", "’", "”", "…", "?!", "...", ").", "?)",
    "-", "*",
];

proptest! {
    #![proptest_config(ProptestConfig { cases: 256, ..ProptestConfig::default() })]

    /// A word of the reports typed with the punctuation of a sentence around it (`crime?`,
    /// `(jigsaw)`, `offenders.`) finds exactly what the bare word finds, filters and
    /// capitals included.
    #[test]
    fn punctuation_around_a_word_finds_what_the_word_finds(
        pick in any::<proptest::sample::Index>(),
        after in proptest::sample::select(EDGE_PUNCTUATION),
        before in proptest::sample::select(&["", "(", "\"", "‘", "[", "¿"][..]),
        capital in any::<bool>(),
        filter in proptest::sample::select(&["", "year:2024 ", "kind:recommendation ", "grade:inadequate "][..]),
    ) {
        {
            let s = searcher();
            let words = &s.index.lexicon.words;
            let word = &words[pick.index(words.len())];
            let word = if capital {
                let mut chars = word.chars();
                chars.next().map(|c| c.to_uppercase().chain(chars).collect()).unwrap_or_default()
            } else {
                word.to_owned()
            };
            // An opening `"` starts a quoted phrase: not punctuation around a word.
            let before = if before == "\"" { "“" } else { before };
            // `kind:` is a filter being typed, not the word "kind" with a colon.
            let filter_name = peel::search::FILTER_NAMES.contains(&word.to_lowercase().as_str());
            prop_assume!(!(filter_name && after.starts_with(':')));
            let bare = format!("{filter}{word}");
            let dressed = format!("{filter}{before}{word}{after}");
            prop_assert_eq!(
                s.search(&Query::parse(&dressed)),
                s.search(&Query::parse(&bare)),
                "{:?} against {:?}", dressed, bare
            );
        }
    }
}

#[test]
fn a_question_mark_does_not_empty_a_search() {
    let s = searcher();
    for word in ["offenders", "crime", "visits", "jigsaw", "RSO", "S&S"] {
        let bare = s.search(&Query::parse(word)).len();
        assert!(bare > 0, "{word}");
        for dressed in [format!("{word}?"), format!("({word}),"), format!("{word}.")] {
            assert_eq!(s.search(&Query::parse(&dressed)).len(), bare, "{dressed}");
        }
    }
    // Filters keep their syntax, their values their own punctuation dropped too.
    let filtered = s.search(&Query::parse("year:2024 kind:recommendation, crime?"));
    assert!(!filtered.is_empty());
    assert_eq!(
        filtered,
        s.search(&Query::parse("year:2024 kind:recommendation crime"))
    );
    // Quoted phrases keep every character.
    assert_eq!(
        Query::parse("\"crime?\"").terms[0].text,
        "crime?",
        "a phrase is as typed"
    );
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    /// Readers typing over one searcher share its plans (`Searcher::shared_plans`), each
    /// keeping its own as well, and its hits (`Searcher::shared_hits`): whatever they type,
    /// added or taken back, in whatever order their keys come, each finds exactly what a
    /// fresh search finds, in the same order.
    #[test]
    fn readers_sharing_plans_find_what_a_fresh_search_finds(
        keys in proptest::collection::vec((0usize..3, proptest::sample::select(&["j", "i", "g", "s", "a", "w", "t", "h", "r", "v", "e", " ", "\u{8}", "\u{8}"][..])), 1..40),
    ) {
        let s = searcher();
        let mut readers: Vec<(String, Query, Vec<Hit>, peel::search::Plans)> =
            (0..3).map(|_| (String::new(), Query::default(), Vec::new(), Default::default())).collect();
        for (who, key) in keys {
            let (input, query, hits, plans) = &mut readers[who];
            if key == "\u{8}" {
                input.pop();
            } else {
                input.push_str(key);
            }
            let now = Query::parse(input);
            *hits = s.search_as_typed(&now, Some((query, hits)), plans);
            prop_assert_eq!(&*hits, &s.search(&now), "{:?}", input);
            *query = now;
        }
    }
}

#[test]
fn a_query_another_reader_searched_for_is_answered_with_its_hits_filters_and_all() {
    let s = Searcher::new(&common::explorer());
    let mut plans = peel::search::Plans::default();
    for text in [
        "jigsaw",
        "year:2024 jigsaw",
        "kind:recommendation jigsaw",
        "Jigsaw",
    ] {
        let query = Query::parse(text);
        let fresh = s.search(&query);
        let first = s.search_as_typed(&query, None, &mut plans);
        assert_eq!(first, fresh, "{text}");
        // Another reader, who typed something else before: the hits kept, the same.
        let before = Query::parse("custody");
        let found = s.search(&before);
        let kept = s.shared_hits.held();
        let again = s.search_as_typed(&query, Some((&before, &found)), &mut Default::default());
        assert_eq!(again, fresh, "{text}");
        assert_eq!(
            s.shared_hits.held(),
            kept,
            "{text}: answered from the hits kept"
        );
    }
    assert_eq!(s.shared_hits.held().0, 4);
}
