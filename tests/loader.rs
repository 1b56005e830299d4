//! The content loader: the happy path, and every kind of bad input with its exact position.

mod common;

use peel::content::{self, ContentErrors};
use peel::model::{Deadline, FindingKind, Grade, Node};
use std::time::{Duration, Instant};

/// Loads the minimal fixture with one file replaced, returning the error lines with the
/// temporary folder's prefix removed.
fn errors_with(relative: &str, contents: &[u8]) -> Vec<String> {
    let dir = common::copy_of("minimal");
    std::fs::write(dir.path().join(relative), contents).expect("write broken file");
    match content::load_dir(dir.path()) {
        Ok(_) => panic!("{relative} should have been rejected"),
        Err(ContentErrors(errors)) => {
            let prefix = format!("{}/", dir.path().display());
            errors
                .iter()
                .map(|e| e.to_string().replace(&prefix, ""))
                .collect()
        }
    }
}

const AREA: &str = "testshire/2024/investigating.yaml";

#[test]
fn minimal_fixture_loads_into_the_model() {
    let library = content::load_dir(&common::fixture("minimal")).expect("fixture loads");
    let key = library
        .find("2024/investigating/cause-of-concern/allocation")
        .expect("the cause of concern has its id path");
    let Node::Finding(finding) = library.node(key) else {
        panic!("expected a finding")
    };
    assert_eq!(finding.kind, FindingKind::CauseOfConcern);
    assert_eq!(
        finding.recommendations[0].deadline,
        Deadline::WithinSixMonths
    );
    assert_eq!(finding.source.lines, [24, 31]);
    let area = library.find("2024/investigating").expect("area");
    assert_eq!(library.node(area).grade(), Some(Grade::Inadequate));
    assert!(
        library
            .find("2024/investigating/cause-of-concern/allocation/recommendation/risk-based-allocation")
            .is_some()
    );
    let counts = library.counts();
    assert_eq!(
        (counts.assessments, counts.areas, counts.recommendations),
        (2, 2, 1)
    );
    assert_eq!(
        (counts.themes, counts.recurring, counts.glossary),
        (1, 1, 2)
    );
}

#[test]
fn a_single_force_is_not_shown_as_a_tree_level() {
    let library = content::load_dir(&common::fixture("minimal")).expect("fixture loads");
    assert!(!library.shows_forces());
    let roots: Vec<String> = library.roots().into_iter().map(|k| library.id(k)).collect();
    assert_eq!(roots, ["2017", "2024", "glossary"]);
}

#[test]
fn unknown_field_is_reported_at_its_line_and_column() {
    let text = "id: investigating\ntitle: Investigating crime\ngrade: inadequate\ncolour: red\n";
    let errors = errors_with(AREA, text.as_bytes());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!(
            "{AREA}:4:1: unknown field `colour`, expected one of"
        )),
        "{}",
        errors[0]
    );
}

#[test]
fn grade_outside_the_scale_is_rejected_with_the_scale() {
    let text = "id: investigating\ntitle: Investigating crime\ngrade: very good\n";
    let errors = errors_with(AREA, text.as_bytes());
    assert!(
        errors[0].starts_with(&format!(
            "{AREA}:3:8: grade: unknown variant `very good`, expected one of `outstanding`"
        )),
        "{}",
        errors[0]
    );
}

#[test]
fn yaml_syntax_error_names_file_line_and_column() {
    let text = "id: investigating\ntitle: [unclosed\ngrade: inadequate\n";
    let errors = errors_with(AREA, text.as_bytes());
    assert_eq!(errors.len(), 1);
    assert!(errors[0].starts_with(&format!("{AREA}:")), "{}", errors[0]);
    let position: Vec<&str> = errors[0].splitn(4, ':').collect();
    assert!(position[1].parse::<usize>().unwrap() >= 2, "{}", errors[0]);
}

#[test]
fn wrong_type_is_reported_where_it_occurs() {
    let text = "id: investigating\ntitle: Investigating crime\ngrade: inadequate\nfindings: 12\n";
    let errors = errors_with(AREA, text.as_bytes());
    assert_eq!(
        errors,
        [format!(
            "{AREA}:4:11: findings: invalid type: integer `12`, expected a sequence"
        )]
    );
}

#[test]
fn empty_title_is_reported_at_the_title() {
    let original = std::fs::read_to_string(common::fixture("minimal").join(AREA)).unwrap();
    let broken = original.replace("title: Case file quality is poor", "title: ''");
    let errors = errors_with(AREA, broken.as_bytes());
    assert_eq!(
        errors,
        [format!(
            "{AREA}:31:12: finding title is empty; expected some text"
        )]
    );
}

#[test]
fn duplicate_id_is_reported_at_the_second_occurrence() {
    let original = std::fs::read_to_string(common::fixture("minimal").join(AREA)).unwrap();
    let broken = original.replace(
        "  - id: case-files\n    kind: main-finding",
        "  - id: allocation\n    kind: cause-of-concern",
    );
    let errors = errors_with(AREA, broken.as_bytes());
    assert_eq!(
        errors,
        [format!(
            "{AREA}:29:9: duplicate id `2024/investigating/cause-of-concern/allocation`; every node needs its own id"
        )]
    );
}

#[test]
fn duplicate_recommendation_id_is_reported_at_the_second_recommendation() {
    let original = std::fs::read_to_string(common::fixture("minimal").join(AREA)).unwrap();
    let recommendation = "      - id: risk-based-allocation\n        deadline: within-six-months\n        text: introduce a risk assessment process for allocating crime;\n        source: {file: report.txt, lines: [30, 30]}\n";
    assert!(original.contains(recommendation));
    let broken = original.replace(recommendation, &recommendation.repeat(2));
    let errors = errors_with(AREA, broken.as_bytes());
    assert_eq!(
        errors,
        [format!(
            "{AREA}:23:13: duplicate id `2024/investigating/cause-of-concern/allocation/recommendation/risk-based-allocation`; every node needs its own id"
        )]
    );
}

#[test]
fn dangling_theme_reference_is_reported_at_the_reference() {
    let path = "testshire/themes.yaml";
    let original = std::fs::read_to_string(common::fixture("minimal").join(path)).unwrap();
    let broken = original.replace("nodes: [2017/investigating]", "nodes: [2017/investigatin]");
    let errors = errors_with(path, broken.as_bytes());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!("{path}:9:17: `2017/investigatin` names no node")),
        "{}",
        errors[0]
    );
}

#[test]
fn ids_that_are_not_lower_case_words_and_hyphens_are_rejected() {
    let original = std::fs::read_to_string(common::fixture("minimal").join(AREA)).unwrap();
    for bad in [
        "Case-Files",
        "-case-files",
        "case-files-",
        "case_files",
        "''",
    ] {
        let broken = original.replace("  - id: case-files\n", &format!("  - id: {bad}\n"));
        let errors = errors_with(AREA, broken.as_bytes());
        let shown = bad.trim_matches('\'');
        assert_eq!(
            errors,
            [format!(
                "{AREA}:29:9: finding id `{shown}` is not valid; expected lower-case letters, digits and hyphens, e.g. `crime-allocation`"
            )],
            "{bad}"
        );
    }
}

#[test]
fn empty_blocks_and_ragged_table_rows_are_rejected_where_they_are() {
    let original = std::fs::read_to_string(common::fixture("minimal").join(AREA)).unwrap();
    let cases = [
        (
            "      - Complex crimes go to inexperienced officers.\n",
            "      - ''\n",
            "12:9: paragraph is empty; expected some text",
        ),
        (
            "      - Complex crimes go to inexperienced officers.\n",
            "      - bullets: []\n",
            "12:16: bullet list is empty; expected at least one item",
        ),
        (
            "      - Complex crimes go to inexperienced officers.\n",
            "      - bullets: ['']\n",
            "12:19: bullet is empty; expected some text",
        ),
        (
            "caption: 'Figure 4: Outcomes'",
            "caption: ''",
            "14:20: table caption is empty; expected some text",
        ),
        (
            "- [Charged, 3.1%, 5.5]",
            "- [Charged, 3.1%]",
            "17:15: table row has 2 cells; expected 3 (one per column)",
        ),
    ];
    for (from, to, expected) in cases {
        let broken = original.replace(from, to);
        assert_ne!(broken, original, "the fixture changed shape: {from}");
        let errors = errors_with(AREA, broken.as_bytes());
        assert_eq!(errors, [format!("{AREA}:{expected}")], "{to}");
    }
}

#[test]
fn glossary_terms_that_make_one_id_are_reported_at_the_glossary() {
    let path = "glossary.yaml";
    let original = std::fs::read_to_string(common::fixture("minimal").join(path)).unwrap();
    // "Stop-and-search" and "Stop and search" are different terms with the same id.
    let broken = original.replace(
        "  - term: BCU\n",
        "  - term: Stop and search\n    definition: x\n    editorial: true\n  - term: Stop-and-search\n    definition: y\n    editorial: true\n  - term: BCU\n",
    );
    let errors = errors_with(path, broken.as_bytes());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!(
            "{path}:9:11: duplicate id `glossary/stop-and-search`"
        )),
        "{}",
        errors[0]
    );
}

#[test]
fn every_kind_of_impossible_line_range_is_rejected() {
    let original = std::fs::read_to_string(common::fixture("minimal").join(AREA)).unwrap();
    // Line 0, a range that ends before it starts, and one past the end, each alone.
    for (range, shown) in [
        ("[0, 35]", "[0, 35]"),
        ("[35, 33]", "[35, 33]"),
        ("[33, 99]", "[33, 99]"),
    ] {
        let broken = original.replace("lines: [33, 35]", &format!("lines: {range}"));
        let errors = errors_with(AREA, broken.as_bytes());
        assert_eq!(errors.len(), 1, "{range}: {errors:?}");
        assert!(
            errors[0].contains(&format!("line range {shown} is not within report.txt")),
            "{range}: {}",
            errors[0]
        );
    }
}

#[test]
fn source_line_range_outside_the_document_is_rejected() {
    let original = std::fs::read_to_string(common::fixture("minimal").join(AREA)).unwrap();
    let broken = original.replace("lines: [33, 35]", "lines: [33, 99]");
    let errors = errors_with(AREA, broken.as_bytes());
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with(&format!(
            "{AREA}:33:39: line range [33, 99] is not within report.txt"
        )),
        "{}",
        errors[0]
    );
}

#[test]
fn non_utf8_bytes_are_located() {
    let errors = errors_with(AREA, b"id: investigating\ntitle: Bad \xff byte\n");
    assert_eq!(
        errors,
        [format!(
            "{AREA}:2:12: invalid UTF-8 byte; content files must be UTF-8 text"
        )]
    );
}

#[test]
fn empty_file_is_rejected() {
    let errors = errors_with(AREA, b"  \n\n");
    assert_eq!(
        errors,
        [format!(
            "{AREA}:1:1: file is empty; expected a YAML mapping (see content/README.md)"
        )]
    );
}

#[test]
fn a_ten_megabyte_file_is_refused_quickly() {
    let big = "# padding\n".repeat(1_000_000);
    let started = Instant::now();
    let errors = errors_with(AREA, big.as_bytes());
    assert!(
        errors[0].contains("larger than the 4 MiB limit"),
        "{}",
        errors[0]
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a sanity bound, not a benchmark"
    );
}

#[test]
fn ten_thousand_levels_of_nesting_are_an_error_not_a_stack_overflow() {
    let deep = format!(
        "id: investigating\ntitle: t\ngrade: good\nsummary:\n  - table: {{caption: c, columns: [], rows: {}x{}}}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let errors = errors_with(AREA, deep.as_bytes());
    assert!(
        errors[0].starts_with(&format!("{AREA}:5:")),
        "{}",
        errors[0]
    );
    assert!(errors[0].contains("nested more than"), "{}", errors[0]);
}

#[test]
fn two_million_brackets_are_refused_at_once_where_the_nesting_goes_too_deep() {
    // Within the 4 MiB limit; the YAML parser took 15 s and 520 MB to reject it.
    let deep = format!("{}{}", "[".repeat(2_000_000), "]".repeat(2_000_000));
    let started = Instant::now();
    let errors = errors_with("glossary.yaml", deep.as_bytes());
    assert!(
        errors[0].starts_with("glossary.yaml:1:25: nested more than 24 levels"),
        "{}",
        errors[0]
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a sanity bound, not a benchmark"
    );
}

#[test]
fn alias_bomb_is_refused_quickly() {
    // "Billion laughs" through every level the schema lets nest: cells, rows, tables,
    // bodies and findings, each a list of ten aliases of the level below.
    let tens = |alias: &str| [alias; 10].join(", ");
    let bomb = format!(
        "id: investigating\ntitle: Bomb\ngrade: good\nsummary:\n  - table:\n      caption: c\n      \
         columns: &cells [{cells}]\n      rows: &rows [{rows}]\n  - &block {{table: {{caption: c, columns: *cells, rows: *rows}}}}\n\
         findings:\n  - &finding {{id: f, kind: main-finding, title: t, body: [{blocks}], source: {{file: report.txt, lines: [1, 2]}}}}\n\
         {more}",
        cells = tens("x"),
        rows = tens("*cells"),
        blocks = tens("*block"),
        more = vec!["  - *finding\n"; 2000].concat(),
    );
    let started = Instant::now();
    let errors = errors_with(AREA, bomb.as_bytes());
    assert!(
        errors[0].starts_with(&format!("{AREA}:7:16: anchor `&cells`")),
        "{}",
        errors[0]
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a sanity bound, not a benchmark"
    );
}

#[test]
fn one_big_string_repeated_by_aliases_is_refused_before_it_is_expanded() {
    // One 100 KB anchored string referenced 20,000 times: 100 s and 4 GB to expand.
    let big = "x".repeat(100_000);
    let refs = vec!["*a"; 20_000].join(", ");
    let glossary = format!(
        "terms:\n  - term: THRIVE\n    definition: &a '{big}'\n    aliases: [{refs}]\n    editorial: true\n"
    );
    let started = Instant::now();
    let errors = errors_with("glossary.yaml", glossary.as_bytes());
    assert!(
        errors[0]
            .starts_with("glossary.yaml:3:17: anchor `&a`: content files do not use YAML anchors"),
        "{}",
        errors[0]
    );
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "a sanity bound, not a benchmark"
    );
}

#[test]
fn an_ampersand_or_asterisk_in_the_text_is_not_an_anchor() {
    let text = std::fs::read_to_string(common::fixture("minimal").join(AREA)).unwrap();
    let dir = common::copy_of("minimal");
    std::fs::write(
        dir.path().join(AREA),
        text.replace(
            "Only a quarter of files met the standard.",
            "'Q&A: 2 * 3 cases met the standard!'",
        ),
    )
    .unwrap();
    content::load_dir(dir.path()).expect("still valid");
}

#[cfg(unix)]
#[test]
fn a_fifo_named_like_a_content_file_is_refused_not_waited_on() {
    let dir = common::copy_of("minimal");
    let fifo = dir.path().join("testshire/extra.yaml");
    let made = std::process::Command::new("mkfifo")
        .arg(&fifo)
        .status()
        .unwrap();
    assert!(made.success());
    let errors = match content::load_dir(dir.path()) {
        Err(ContentErrors(errors)) => errors,
        Ok(_) => panic!("a FIFO is not content"),
    };
    assert!(
        errors[0]
            .to_string()
            .ends_with("extra.yaml: not a regular file; content files are plain YAML files"),
        "{}",
        errors[0]
    );
}

#[test]
fn an_area_listed_twice_says_so() {
    let text =
        std::fs::read_to_string(common::fixture("minimal").join("testshire/2024/assessment.yaml"))
            .unwrap();
    let errors = errors_with(
        "testshire/2024/assessment.yaml",
        text.replace(
            "areas: [investigating]",
            "areas: [investigating, investigating]",
        )
        .as_bytes(),
    );
    assert_eq!(
        errors,
        [
            "testshire/2024/assessment.yaml:9:24: area `investigating` is listed twice in `areas`; list each area once"
        ]
    );
}

#[test]
fn a_byte_order_mark_is_accepted() {
    let text = std::fs::read_to_string(common::fixture("minimal").join("glossary.yaml")).unwrap();
    let dir = common::copy_of("minimal");
    std::fs::write(dir.path().join("glossary.yaml"), format!("\u{feff}{text}")).unwrap();
    let library = content::load_dir(dir.path()).expect("a BOM is harmless");
    assert_eq!(library.glossary().len(), 2);
}

#[test]
fn a_nul_byte_is_reported_where_it_is() {
    let text = std::fs::read_to_string(common::fixture("minimal").join("glossary.yaml")).unwrap();
    let errors = errors_with(
        "glossary.yaml",
        text.replace("Basic command unit.", "Basic\u{0} command unit.")
            .as_bytes(),
    );
    assert!(
        errors[0].starts_with("glossary.yaml:7:22: control character U+0000"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_duplicate_key_is_reported_at_the_duplicate() {
    let text =
        std::fs::read_to_string(common::fixture("minimal").join("testshire/2024/assessment.yaml"))
            .unwrap();
    let errors = errors_with(
        "testshire/2024/assessment.yaml",
        text.replace("year: 2024\n", "year: 2024\ntitle: Again\n")
            .as_bytes(),
    );
    assert_eq!(
        errors,
        ["testshire/2024/assessment.yaml:4:1: duplicate field `title`"]
    );
}

#[test]
fn a_mistyped_reference_suggests_what_exists_not_itself() {
    let text =
        std::fs::read_to_string(common::fixture("minimal").join("testshire/themes.yaml")).unwrap();
    let errors = errors_with(
        "testshire/themes.yaml",
        text.replace("    theme: investigating", "    theme: investigatin")
            .replace("nodes: [2017/investigating]", "nodes: [2017/investigatin]")
            .as_bytes(),
    );
    assert!(errors[0].ends_with("`2017/investigatin` names no node of this force; did you mean `2017/investigating`? (`peel tree --ids` lists them)"), "{}", errors[0]);
    assert!(errors[1].ends_with("unknown theme `investigatin`; expected a theme id from this file or the framework catalogue; did you mean `investigating`?"), "{}", errors[1]);
}

/// `peel check` once judged a mistyped reference by the whole path only, while `peel show`
/// judged the last segment too: a bare leaf name found its node in one and nothing in the
/// other. Both now ask `model::ids::nearest`.
#[test]
fn a_mistyped_bare_leaf_suggests_the_path_that_ends_in_it() {
    let text =
        std::fs::read_to_string(common::fixture("minimal").join("testshire/themes.yaml")).unwrap();
    let errors = errors_with(
        "testshire/themes.yaml",
        text.replace(
            "2017/investigating/weakness/detectives, 2024/investigating/cause-of-concern/allocation]",
            "2017/investigating/weakness/detectives, alocation]",
        )
        .as_bytes(),
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].ends_with("`alocation` names no node of this force; did you mean `2024/investigating/cause-of-concern/allocation`? (`peel tree --ids` lists them)"),
        "{}",
        errors[0]
    );
}

#[test]
fn a_folder_with_no_force_is_rejected_not_opened_empty() {
    let dir = common::copy_of("minimal");
    std::fs::remove_dir_all(dir.path().join("testshire")).unwrap();
    std::fs::remove_file(dir.path().join("glossary.yaml")).unwrap();
    let errors = match content::load_dir(dir.path()) {
        Err(ContentErrors(errors)) => errors,
        Ok(_) => panic!("a content folder with no force"),
    };
    assert!(
        errors[0]
            .to_string()
            .contains("sources.yaml: no force: a content folder needs at least one"),
        "{}",
        errors[0]
    );
}

#[test]
fn one_bad_file_means_no_library_at_all() {
    let dir = common::copy_of("minimal");
    std::fs::write(
        dir.path().join("testshire/2017/investigating.yaml"),
        "id: [",
    )
    .unwrap();
    assert!(content::load_dir(dir.path()).is_err());
}

#[test]
fn every_problem_is_reported_not_just_the_first() {
    let dir = common::copy_of("minimal");
    let area = dir.path().join(AREA);
    let original = std::fs::read_to_string(&area).unwrap();
    std::fs::write(
        &area,
        original.replace("title: Case file quality is poor", "title: ''"),
    )
    .unwrap();
    let themes = dir.path().join("testshire/themes.yaml");
    let original = std::fs::read_to_string(&themes).unwrap();
    std::fs::write(
        &themes,
        original.replace("theme: investigating", "theme: nowhere"),
    )
    .unwrap();
    let errors = content::load_dir(dir.path()).unwrap_err().0;
    assert_eq!(errors.len(), 2, "{errors:?}");
}

#[test]
fn an_unlisted_area_file_is_an_error() {
    let errors = errors_with(
        "testshire/2024/stray.yaml",
        b"id: stray\ntitle: Stray\ngrade: good\n",
    );
    assert_eq!(
        errors,
        [
            "testshire/2024/stray.yaml:1:1: this area is not listed in its assessment.yaml `areas`, or its assessment has no assessment.yaml"
        ]
    );
}

#[test]
fn control_characters_in_content_are_made_inert_at_load() {
    let original = std::fs::read_to_string(common::fixture("minimal").join(AREA)).unwrap();
    let hostile = original.replace(
        "title: Case file quality is poor",
        "title: \"Case \\e]0;pwned\\a files \\e[31mred\\u202e\"",
    );
    let dir = common::copy_of("minimal");
    std::fs::write(dir.path().join(AREA), hostile).unwrap();
    let library = content::load_dir(dir.path()).expect("hostile text still loads");
    let key = library
        .find("2024/investigating/main-finding/case-files")
        .unwrap();
    let title = library.node(key).title();
    assert_eq!(
        title,
        "Case \u{241b}]0;pwned\u{2407} files \u{241b}[31mred<U+202E>"
    );
    assert!(!title.chars().any(|c| c.is_control()));
}

#[test]
fn builtin_content_loads() {
    let library = peel::builtin::library().expect("built-in content is valid");
    assert_eq!(library.forces().len(), 1);
    assert!(
        library
            .find("2024/investigating-crime/cause-of-concern/crime-allocation")
            .is_some()
    );
}

#[test]
fn a_synthetic_corpus_of_several_forces_loads_with_a_force_level() {
    let dir = tempfile::tempdir().unwrap();
    let template = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    content::synthetic::write(&template, dir.path(), 3, 7).expect("write corpus");
    let library = content::load_dir(dir.path()).expect("the synthetic corpus is valid content");
    assert!(library.shows_forces());
    assert_eq!(library.forces().len(), 3);
    assert!(
        library
            .forces()
            .iter()
            .all(|f| f.assessments.len() == 4 && f.name.ends_with("(synthetic)"))
    );
    let first = &library.forces()[0].id;
    let id = format!("{first}/2024/investigating-crime/cause-of-concern/crime-allocation");
    assert!(library.find(&id).is_some(), "ids carry the force: {id}");
    let roots: Vec<String> = library.roots().into_iter().map(|k| library.id(k)).collect();
    assert_eq!(roots.len(), 4, "three forces and the glossary: {roots:?}");
    // Same seed, same corpus.
    let again = tempfile::tempdir().unwrap();
    content::synthetic::write(&template, again.path(), 3, 7).unwrap();
    let a = std::fs::read_to_string(dir.path().join(first).join("2024/investigating-crime.yaml"))
        .unwrap();
    let b = std::fs::read_to_string(
        again
            .path()
            .join(first)
            .join("2024/investigating-crime.yaml"),
    )
    .unwrap();
    assert_eq!(a, b);
}

#[test]
fn vocabulary_entries_are_checked_where_they_are_written() {
    let errors = errors_with(
        "vocabulary.yaml",
        b"terms:\n  - key: RSO\n    expansions: [registered sex offender]\n    editorial: true\n  - key: rso\n    expansions: []\n    editorial: true\n  - key: IOM\n    expansions: ['']\n  - key: ''\n    expansions: [nothing]\n    editorial: true\n",
    );
    assert_eq!(
        errors,
        [
            "vocabulary.yaml:5:10: `rso` is already vocabulary entry 1",
            "vocabulary.yaml:6:17: `rso` has no expansion; expected what it stands for",
            "vocabulary.yaml:8:10: `IOM` has no source; cite where the sources spell it out, or mark it `editorial: true`",
            "vocabulary.yaml:9:18: expansion is empty; expected some text",
            "vocabulary.yaml:10:10: vocabulary key is empty; expected some text",
        ],
    );
}

#[test]
fn a_vocabulary_key_the_glossary_already_defines_is_refused() {
    let glossary =
        std::fs::read_to_string(common::fixture("minimal").join("glossary.yaml")).unwrap();
    let term = glossary
        .lines()
        .find_map(|line| {
            line.trim_start()
                .trim_start_matches("- ")
                .strip_prefix("term: ")
        })
        .expect("a glossary term")
        .to_owned();
    let errors = errors_with(
        "vocabulary.yaml",
        format!("terms:\n  - key: {term}\n    expansions: [something]\n    editorial: true\n")
            .as_bytes(),
    );
    assert_eq!(errors.len(), 1, "{errors:?}");
    assert!(
        errors[0].starts_with("vocabulary.yaml:2:10: "),
        "{errors:?}"
    );
    assert!(
        errors[0].contains("is already in the glossary"),
        "{errors:?}"
    );
}

#[test]
fn a_source_address_must_be_a_web_address() {
    let text = std::fs::read_to_string(common::fixture("minimal").join("sources.yaml")).unwrap();
    let good = format!("{text}    url: https://hmicfrs.justiceinspectorates.gov.uk/peel\n");
    let dir = common::copy_of("minimal");
    std::fs::write(dir.path().join("sources.yaml"), &good).unwrap();
    let library = content::load_dir(dir.path()).expect("an https address is accepted");
    assert_eq!(
        library.sources()[0].url.as_deref(),
        Some("https://hmicfrs.justiceinspectorates.gov.uk/peel")
    );
    for bad in ["javascript:alert(1)", "https://a b", "https://", "ftp://x"] {
        let errors = errors_with(
            "sources.yaml",
            format!("{text}    url: '{bad}'\n").as_bytes(),
        );
        assert_eq!(
            errors,
            [format!(
                "sources.yaml:7:10: `{bad}` is not a web address; expected https://… or http://… with no spaces"
            )],
            "{bad}"
        );
    }
}
