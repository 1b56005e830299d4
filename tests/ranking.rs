//! One test per ranking rule (see the rules in crates/peel-core/src/search/rank.rs and the README's search
//! section), each on a small content folder written for it, so that nothing but the rule
//! decides the order.

mod common;

use peel::content;
use peel::model::Library;
use peel::search::{Query, Searcher};

/// The minimal fixture with its area's findings replaced by `findings` (YAML list items)
/// and, where given, a vocabulary and extra glossary entries.
fn library(findings: &str, vocabulary: Option<&str>, glossary: Option<&str>) -> Library {
    let dir = common::copy_of("minimal");
    let area = format!(
        "id: investigating\ntitle: Investigating crime\nshort_title: Investigating\ngrade: inadequate\n\
         summary: [The force is inadequate.]\nsource: {{file: report.txt, lines: [22, 40]}}\nfindings:\n{findings}"
    );
    std::fs::write(dir.path().join("testshire/2024/investigating.yaml"), area).unwrap();
    // The fixture's themes cite the finding replaced here.
    let themes = dir.path().join("testshire/themes.yaml");
    let text = std::fs::read_to_string(&themes).unwrap();
    let text = text
        .replace(
            "detectives, 2024/investigating/cause-of-concern/allocation",
            "detectives, 2024/investigating",
        )
        .replace(", 2024/investigating/cause-of-concern/allocation", "");
    std::fs::write(themes, text).unwrap();
    if let Some(vocabulary) = vocabulary {
        std::fs::write(dir.path().join("vocabulary.yaml"), vocabulary).unwrap();
    }
    if let Some(extra) = glossary {
        let path = dir.path().join("glossary.yaml");
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str(extra);
        std::fs::write(path, text).unwrap();
    }
    content::load_dir(dir.path()).unwrap_or_else(|errors| panic!("{errors}"))
}

/// A finding of `kind` with its title and body paragraphs.
fn finding(id: &str, kind: &str, title: &str, body: &[&str]) -> String {
    let body: Vec<String> = body.iter().map(|p| format!("'{p}'")).collect();
    format!(
        "  - id: {id}\n    kind: {kind}\n    title: '{title}'\n    body: [{}]\n    source: {{file: report.txt, lines: [24, 31]}}\n",
        body.join(", ")
    )
}

/// A cause of concern with one recommendation.
fn concern(id: &str, title: &str, body: &str, recommendation: &str) -> String {
    format!(
        "  - id: {id}\n    kind: cause-of-concern\n    title: '{title}'\n    body: ['{body}']\n    \
         recommendations:\n      - id: {id}-rec\n        deadline: within-six-months\n        text: '{recommendation}'\n        \
         source: {{file: report.txt, lines: [30, 30]}}\n    source: {{file: report.txt, lines: [24, 31]}}\n"
    )
}

/// The ids of the results (the last part), best first, and their scores.
fn ranked(library: &Library, query: &str) -> Vec<(String, i64)> {
    let searcher = Searcher::new(library);
    searcher
        .search(&Query::parse(query))
        .iter()
        .map(|hit| {
            let id = &searcher.node(hit).id;
            (id.rsplit('/').next().unwrap().to_owned(), hit.score)
        })
        .collect()
}

fn ids(library: &Library, query: &str) -> Vec<String> {
    ranked(library, query)
        .into_iter()
        .map(|(id, _)| id)
        .collect()
}

#[test]
fn rule_1_every_group_must_match_an_acronym_by_any_of_its_names() {
    let vocabulary =
        "terms:\n  - key: RSO\n    expansions: [registered sex offender]\n    editorial: true\n";
    let findings = [
        finding(
            "both",
            "main-finding",
            "One",
            &["Visits to registered sex offenders are late."],
        ),
        finding(
            "acronym",
            "main-finding",
            "Two",
            &["RSO visits are recorded."],
        ),
        finding(
            "visits-only",
            "main-finding",
            "Three",
            &["Visits to burglary victims are prompt."],
        ),
        finding(
            "rso-only",
            "main-finding",
            "Four",
            &["Registered sex offenders are managed well."],
        ),
    ]
    .concat();
    let library = library(&findings, Some(vocabulary), None);
    let mut found = ids(&library, "RSO visits");
    found.sort();
    assert_eq!(found, ["acronym", "both"]);
    // And the other way round: the expansion finds the acronym.
    let mut found = ids(&library, "registered sex offender visits");
    found.sort();
    assert_eq!(found, ["acronym", "both"]);
}

#[test]
fn rule_2_whole_word_then_part_of_a_word_then_stem_then_near_miss() {
    let findings = [
        finding(
            "near-miss",
            "main-finding",
            "A",
            &["The allocaxxtion is odd."],
        ),
        finding(
            "stem",
            "main-finding",
            "B",
            &["Officers are allocating crimes."],
        ),
        finding(
            "part",
            "main-finding",
            "C",
            &["The reallocation of crimes."],
        ),
        finding("whole", "main-finding", "D", &["The allocation of crimes."]),
        finding("none", "main-finding", "E", &["Nothing about it."]),
    ]
    .concat();
    let library = library(&findings, None, None);
    assert_eq!(
        ids(&library, "allocation"),
        ["whole", "part", "stem", "near-miss"]
    );
}

#[test]
fn rule_3_title_then_glossary_term_then_recommendation_then_body() {
    // Same kind of node on each side of a comparison, so only where it matched counts.
    let findings = [
        finding(
            "in-body",
            "main-finding",
            "Calls",
            &["The zebrafish tank is clean."],
        ),
        finding(
            "in-title",
            "main-finding",
            "The zebrafish tank",
            &["Clean water."],
        ),
        concern(
            "concern-body",
            "First concern",
            "The zebrafish tank leaks.",
            "mend the pipes;",
        ),
        concern(
            "concern-rec",
            "Second concern",
            "The pipes leak.",
            "replace the zebrafish tank;",
        ),
    ]
    .concat();
    let glossary = "  - term: Zebrafish\n    definition: A small fish.\n    editorial: true\n  \
                    - term: Aquarium\n    definition: Where a zebrafish lives.\n    editorial: true\n";
    let library = library(&findings, None, Some(glossary));
    let found = ids(&library, "zebrafish");
    let at = |id: &str| {
        found
            .iter()
            .position(|f| f == id)
            .unwrap_or_else(|| panic!("{id} in {found:?}"))
    };
    assert!(at("in-title") < at("zebrafish"), "{found:?}");
    assert!(
        at("zebrafish") < at("aquarium"),
        "term before definition: {found:?}"
    );
    assert!(at("zebrafish") < at("in-body"), "{found:?}");
    assert!(at("concern-rec") < at("concern-body"), "{found:?}");
}

#[test]
fn rule_4_cause_of_concern_then_recommendation_then_area_for_improvement_then_others() {
    let busy = "Jigsaw teams are busy.";
    let findings = [
        // Tree order puts areas for improvement before main findings: the main finding
        // mentions the word twice, so only the kind's weight puts the other first.
        finding("main", "main-finding", "One", &[busy, busy]),
        finding("afi", "area-for-improvement", "Two", &[busy]),
        finding("afi-often", "area-for-improvement", "Three", &[busy; 6]),
        concern("coc", "Four", busy, "act now;"),
        concern(
            "coc-by-rec",
            "Five",
            "Offenders are not managed.",
            "review the jigsaw teams;",
        ),
    ]
    .concat();
    let library = library(&findings, None, None);
    let found = ids(&library, "jigsaw");
    let at = |id: &str| {
        found
            .iter()
            .position(|f| f == id)
            .unwrap_or_else(|| panic!("{id} in {found:?}"))
    };
    assert!(at("coc") < at("afi"), "{found:?}");
    assert!(at("afi") < at("main"), "{found:?}");
    // A cause of concern is found by what its recommendations say; the recommendation
    // itself ranks after it, and before an area for improvement however often that
    // repeats the word.
    assert!(at("coc-by-rec") < at("coc-by-rec-rec"), "{found:?}");
    assert!(at("coc-by-rec-rec") < at("afi-often"), "{found:?}");
}

#[test]
fn rule_5_repetition_adds_a_little_up_to_five_more_passages() {
    let mention = "Neighbourhood teams meet.";
    let many = |n: usize| vec![mention; n];
    let findings = [
        finding("once", "main-finding", "A", &many(1)),
        finding("thrice", "main-finding", "B", &many(3)),
        finding("six", "main-finding", "C", &many(6)),
        finding("nine", "main-finding", "D", &many(9)),
    ]
    .concat();
    let library = library(&findings, None, None);
    let ranked = ranked(&library, "neighbourhood");
    let score = |id: &str| ranked.iter().find(|(f, _)| f == id).unwrap().1;
    // A whole word in the body of a main finding: 400, and 30 for each further passage.
    assert_eq!(score("once"), 400, "{ranked:?}");
    assert_eq!(score("thrice"), 400 + 2 * 30, "{ranked:?}");
    assert_eq!(score("six"), 400 + 5 * 30, "{ranked:?}");
    assert_eq!(
        score("nine"),
        score("six"),
        "no more than five extra: {ranked:?}"
    );
}

#[test]
fn rule_6_ties_keep_the_reports_order() {
    let findings = [
        finding("first", "main-finding", "A", &["Custody is busy."]),
        finding("second", "main-finding", "B", &["Custody is busy."]),
        finding("third", "main-finding", "C", &["Custody is busy."]),
    ]
    .concat();
    let library = library(&findings, None, None);
    let ranked = ranked(&library, "custody");
    assert!(ranked.windows(2).all(|w| w[0].1 == w[1].1), "{ranked:?}");
    let ids: Vec<&str> = ranked.iter().map(|(id, _)| id.as_str()).collect();
    assert_eq!(ids, ["first", "second", "third"]);
}
