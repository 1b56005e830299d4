//! What `peel search`, `show` and `compare` answer, and how they say it: how a result
//! matched, errors, exit status, wrapping, names and help (issue 30).

mod common;

use std::process::Output;

fn peel(args: &[&str]) -> Output {
    let (mut command, _home) = common::peel_command();
    command.args(args).output().expect("run peel")
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn search_json(args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec!["search", "--json", "--limit", "1000"];
    all.extend_from_slice(args);
    let output = peel(&all);
    let hits: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    hits.as_array().expect("an array").clone()
}

#[test]
fn near_misses_and_other_spellings_say_how_they_matched() {
    for (typed, written) in [
        ("jigsw", "Jigsaw"),
        ("thrve", "THRIVE"),
        ("bodyworn", "body-worn"),
        ("organized", "organised"),
        ("neighborhood", "neighbourhood"),
    ] {
        let hits = search_json(&[typed]);
        assert!(!hits.is_empty(), "{typed}");
        for hit in &hits {
            let via = hit["matched_via"].as_str().unwrap_or_else(|| {
                panic!("{typed}: matched_via is null though it did not match as typed: {hit}")
            });
            assert!(via.starts_with(&format!("{typed} → ")), "{typed}: {via}");
        }
        assert!(
            hits.iter().any(|hit| {
                hit["matched_via"]
                    .as_str()
                    .is_some_and(|via| via.eq_ignore_ascii_case(&format!("{typed} → {written}")))
            }),
            "{typed} → {written}: {hits:?}"
        );
        // The text output says it in the same words.
        let text = stdout(&peel(&["search", "--limit", "1", typed]));
        assert!(text.contains(&format!("matched as {typed} → ")), "{text}");
    }
}

#[test]
fn a_match_as_typed_has_no_matched_via() {
    for typed in ["jigsaw", "Jigsaw", "jig", "offenders?"] {
        let hits = search_json(&[typed]);
        assert!(!hits.is_empty(), "{typed}");
        let typed_hits = hits
            .iter()
            .filter(|hit| hit["matched_via"].is_null())
            .count();
        assert!(typed_hits > 0, "{typed}: {hits:?}");
    }
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 output")
}

#[test]
fn every_error_is_said_one_way_and_exits_2() {
    let empty = tempfile::tempdir().expect("an empty folder");
    let empty = empty.path().to_str().unwrap().to_owned();
    for args in [
        &["tree", "--bogus"][..],
        &["show"],
        &["show", "2024/nowhere"],
        &["compare", "zzzzqqq"],
        &["compare", "crime"],
        &["compare", "investigating", "--years", "2019"],
        &["search", "kind:foo", "jigsaw"],
        &["search", ""],
        &["search", "--limit", "many", "jigsaw"],
        &["--content", "/nonexistent/peel-content", "tree"],
        &["--content", &empty, "search", "jigsaw"],
    ] {
        let output = peel(args);
        let err = stderr(&output);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.starts_with("peel: "), "{args:?}: {err}");
        assert!(!err.contains("error:"), "{args:?}: one style: {err}");
        assert!(stdout(&output).is_empty(), "{args:?}");
    }
}

#[test]
fn a_folder_that_is_not_content_is_named() {
    let output = peel(&["--content", "/nonexistent/peel-content", "tree"]);
    assert!(
        stderr(&output).starts_with("peel: /nonexistent/peel-content: no such folder"),
        "{}",
        stderr(&output)
    );
    let empty = tempfile::tempdir().expect("an empty folder");
    let output = peel(&["--content", empty.path().to_str().unwrap(), "tree"]);
    let err = stderr(&output);
    assert!(
        err.starts_with(&format!("peel: {}", empty.path().display())),
        "{err}"
    );
}

#[test]
fn an_unknown_kind_lists_the_real_kinds_and_searches_nothing() {
    let output = peel(&["search", "kind:foo", "jigsaw"]);
    let err = stderr(&output);
    for kind in [
        "kind:cause-of-concern",
        "kind:recommendation",
        "kind:area-for-improvement",
        "kind:main-finding",
        "kind:innovative-practice",
        "kind:glossary-term",
    ] {
        assert!(err.contains(kind), "{kind}: {err}");
    }
}

#[test]
fn limit_0_shows_every_result() {
    let all = search_json(&["crime"]).len();
    assert!(all > 20, "{all}");
    let output = peel(&["search", "--json", "--limit", "0", "crime"]);
    let hits: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(hits.as_array().unwrap().len(), all);
    let text = stdout(&peel(&["search", "--limit", "0", "crime"]));
    assert!(text.contains(&format!("\n{all:>3}. ")), "{text}");
    assert!(!text.contains("more;"), "{text}");
}

#[test]
fn a_theme_word_several_themes_hold_lists_them_and_compares_none() {
    let output = peel(&["compare", "crime"]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    for id in [
        "investigating-crime",
        "preventing-crime",
        "serious-and-organised-crime",
    ] {
        assert!(err.contains(id), "{id}: {err}");
    }
    // One theme holding the word is still chosen by it.
    assert!(peel(&["compare", "managing"]).status.success());
}

#[test]
fn a_year_with_no_assessment_is_refused() {
    let output = peel(&["compare", "investigating", "--years", "2019"]);
    let err = stderr(&output);
    assert!(
        err.contains("2019") && err.contains("2017, 2024, 2025"),
        "{err}"
    );
    let output = peel(&["compare", "investigating", "--years", "2017,2024"]);
    assert!(output.status.success(), "{}", stderr(&output));
}

#[test]
fn exit_status_is_0_found_1_nothing_found_2_usage() {
    assert_eq!(peel(&["search", "jigsaw"]).status.code(), Some(0));
    let none = peel(&["search", "zzzzqqqx"]);
    assert_eq!(none.status.code(), Some(1), "{}", stderr(&none));
    assert!(stdout(&none).is_empty());
    let none = peel(&["search", "--json", "zzzzqqqx"]);
    assert_eq!(none.status.code(), Some(1));
    assert_eq!(stdout(&none).trim(), "[]");
    for nothing in ["", " ", "?", "\"\""] {
        let output = peel(&["search", nothing]);
        assert_eq!(output.status.code(), Some(2), "{nothing:?}");
        assert!(
            stderr(&output).contains("nothing to search for"),
            "{nothing:?}"
        );
    }
    assert_eq!(
        peel(&["show", "2024/investigating-crime"]).status.code(),
        Some(0)
    );
    assert_eq!(peel(&["overview"]).status.code(), Some(0));
}

/// Every line of `text` as a terminal shows it, and the words of all of them.
fn lines_and_words(text: &str) -> (Vec<String>, Vec<String>) {
    let lines: Vec<String> = text
        .replace("\r\n", "\n")
        .lines()
        .map(str::to_owned)
        .collect();
    let words = lines
        .iter()
        .flat_map(|line| line.split_whitespace().map(str::to_owned))
        .collect();
    (lines, words)
}

#[test]
fn show_and_search_wrap_to_the_terminal_and_print_plain_lines_when_piped() {
    use common::pty::Pty;
    use std::time::Duration;
    const COLUMNS: usize = 60;
    for args in [
        &[
            "show",
            "2024/investigating-crime/cause-of-concern/crime-allocation",
        ][..],
        &["search", "--limit", "5", "allocation"],
    ] {
        let piped = stdout(&peel(args));
        let (piped_lines, piped_words) = lines_and_words(&piped);
        assert!(
            piped_lines.iter().any(|l| l.chars().count() > COLUMNS),
            "{args:?}: a long line to wrap"
        );
        let mut terminal = Pty::launch(env!("CARGO_BIN_EXE_peel"), args, COLUMNS as u16, 24, &[]);
        let shown = terminal.drain(Duration::from_millis(500), Duration::from_secs(20));
        assert!(terminal.exited_within(Duration::from_secs(10)));
        let shown = String::from_utf8_lossy(&shown).into_owned();
        let (lines, words) = lines_and_words(&shown);
        for line in &lines {
            // Only a word wider than the terminal (a long id) is left for it to fold.
            let one_word = line.split_whitespace().count() == 1;
            assert!(
                unicode_width::UnicodeWidthStr::width(line.as_str()) <= COLUMNS || one_word,
                "{args:?}: wider than the terminal: {line:?}"
            );
        }
        // Every word whole: the same words in the same order as piped.
        assert_eq!(words, piped_words, "{args:?}");
        assert!(lines.len() > piped_lines.len(), "{args:?}: wrapped");
    }
}

#[test]
fn areas_are_named_as_the_explorer_names_them() {
    let library = common::explorer();
    let content = common::fixture("explorer");
    let tree = stdout(&peel(&["--content", content.to_str().unwrap(), "tree"]));
    let mut areas = 0;
    for key in library.preorder() {
        let peel::model::Node::Area(area) = library.node(key) else {
            continue;
        };
        areas += 1;
        // The explorer's breadcrumb under the area names it as its tree does.
        let child = library.children(key)[0];
        let named = library.breadcrumb(child).last().cloned().unwrap();
        assert!(
            tree.lines()
                .any(|line| line.trim_start().starts_with(&format!("{named} ("))),
            "{named} not in the outline"
        );
        if area
            .short_title
            .as_deref()
            .is_some_and(|short| short != area.title)
        {
            assert!(
                !tree.contains(&format!("  {} (", area.title)),
                "{} named by its long title",
                area.title
            );
        }
    }
    assert!(areas > 10);
    assert!(
        tree.contains("  Specialist capabilities (No grade"),
        "{tree}"
    );
}

#[test]
fn short_and_long_help_begin_alike() {
    for command in [
        &[][..],
        &["check"],
        &["tree"],
        &["search"],
        &["compare"],
        &["overview"],
        &["import"],
        &["serve"],
        &["show"],
    ] {
        let first = |flag: &str| {
            let mut args = command.to_vec();
            args.push(flag);
            let output = peel(&args);
            assert!(output.status.success(), "{args:?}");
            stdout(&output)
                .lines()
                .next()
                .unwrap_or_default()
                .to_owned()
        };
        assert_eq!(first("-h"), first("--help"), "{command:?}");
    }
}

#[test]
fn search_help_lists_only_what_changes_its_output() {
    let help = stdout(&peel(&["search", "--help"]));
    for listed in ["--limit", "--json", "--content"] {
        assert!(help.contains(listed), "{listed}: {help}");
    }
    for unlisted in [
        "--no-color",
        "--ascii",
        "--no-cache",
        "--no-state",
        "--no-mouse",
    ] {
        assert!(!help.contains(unlisted), "{unlisted}: {help}");
        // Still taken there.
        let output = peel(&["search", "jigsaw", "--limit", "1", unlisted]);
        assert!(output.status.success(), "{unlisted}: {}", stderr(&output));
    }
}

#[test]
fn a_comparison_says_a_grade_once() {
    // The curated status "Good (stated in the text)" adds only what the grade does not say.
    let output = peel(&["compare", "serious"]);
    let text = stdout(&output);
    assert!(text.contains("2017  Good; stated in the text"), "{text}");
    for line in text.lines() {
        assert!(!line.contains("Good; Good"), "{line}");
    }
}
