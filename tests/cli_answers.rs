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

#[test]
fn areas_are_named_as_the_explorer_names_them() {
    let library = common::builtin();
    let tree = stdout(&peel(&["tree"]));
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
        tree.contains("  Victim service assessment (No grade"),
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
        assert!(output.status.success(), "{unlisted}");
    }
}
