//! The command line, through the real binary.

mod common;

use std::process::Output;

fn peel(args: &[&str]) -> Output {
    let (mut command, home) = common::peel_command();
    let output = command.args(args).output().expect("run peel");
    // Nothing was written outside the command's own home but its cache and state.
    drop(home);
    output
}

/// `peel` on the explorer fixture (tests/fixtures/explorer) rather than the shipped reports.
fn explore(args: &[&str]) -> Output {
    let content = common::fixture("explorer");
    let mut all = vec!["--content", content.to_str().unwrap()];
    all.extend(args);
    peel(&all)
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("UTF-8 output")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("UTF-8 output")
}

#[test]
fn check_passes_a_valid_folder_with_a_summary_of_counts() {
    let dir = common::fixture("minimal");
    let output = peel(&["check", dir.to_str().unwrap()]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.contains(": ok: 2 assessments, 2 areas, 4 findings"),
        "{out}"
    );
    assert!(
        out.contains("1 recommendations") && out.contains("2 glossary terms"),
        "{out}"
    );
}

#[test]
fn check_reports_every_error_as_file_line_col_and_exits_2() {
    let dir = common::fixture("broken");
    let output = peel(&["check", dir.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    let lines: Vec<&str> = err.lines().collect();
    let root = dir.display();
    assert_eq!(lines.len(), 3, "{err}");
    assert!(
        lines[0].starts_with(&format!(
            "peel: {root}/testshire/2017/investigating.yaml:4:1: unknown field `colour`"
        )),
        "{err}"
    );
    assert!(
        lines[1].starts_with(&format!(
            "peel: {root}/testshire/2024/investigating.yaml:4:8: grade: unknown variant `very poor`"
        )),
        "{err}"
    );
    assert_eq!(lines[2], "2 errors");
}

#[test]
fn check_without_a_folder_validates_the_builtin_content() {
    let output = peel(&["check"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).starts_with("built-in content: ok: 3 assessments"));
}

#[test]
fn a_missing_folder_is_a_clear_error() {
    let output = peel(&["check", "/nonexistent/peel-content"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(
        stderr(&output).contains("/nonexistent/peel-content: no such folder"),
        "{}",
        stderr(&output)
    );
    let file = common::fixture("minimal").join("glossary.yaml");
    let output = peel(&["check", file.to_str().unwrap()]);
    assert!(stderr(&output).contains("glossary.yaml: not a folder"));
}

#[test]
fn tree_prints_an_indented_outline_with_grades() {
    let dir = common::fixture("minimal");
    let output = peel(&["--content", dir.to_str().unwrap(), "tree"]);
    assert!(output.status.success());
    let out = stdout(&output);
    // The area by its short title, as the explorer's tree names it.
    assert!(out.contains("\n  Investigating (Inadequate)\n    Causes of concern (1)\n      Investigations are not allocated to skilled officers\n"), "{out}");
    assert!(
        out.contains(
            "introduce a risk assessment process for allocating crime; (within six months)"
        ),
        "{out}"
    );
}

#[test]
fn tree_json_is_nested_with_the_documented_fields() {
    let dir = common::fixture("minimal");
    let output = peel(&["--content", dir.to_str().unwrap(), "tree", "--json"]);
    let tree: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let first = &tree[1];
    assert_eq!(first["id"], "2024");
    assert_eq!(first["kind"], "assessment");
    assert_eq!(first["year"], 2024);
    let area = first["children"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["id"] == "2024/investigating")
        .expect("area");
    assert_eq!(area["grade"], "Inadequate");
    assert_eq!(
        area["children"][0]["id"],
        "2024/investigating/cause-of-concern"
    );
    assert_eq!(
        area["children"][0]["children"][0]["kind"],
        "cause-of-concern"
    );
}

#[test]
fn show_prints_full_text_recommendations_figures_and_source() {
    let output = explore(&[
        "show",
        "2024/investigating-crime/cause-of-concern/crime-allocation",
    ]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(out.contains("The force's allocation policy is not followed, and complex crimes go to officers without the training for them."), "{out}");
    assert!(
        out.contains(
            "• [within six months] introduce a risk assessment process for the allocation of crime"
        ),
        "{out}"
    );
    assert!(
        out.contains("Cases with effective supervision: 108 cases; Cases reviewed: 154 cases"),
        "{out}"
    );
    assert!(
        out.contains("Source: report-2024.txt, lines 142–160"),
        "{out}"
    );
}

#[test]
fn show_json_carries_the_source_reference() {
    let output = explore(&[
        "show",
        "--json",
        "2024/investigating-crime/cause-of-concern/crime-allocation",
    ]);
    let node: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(node["source"]["file"], "report-2024.txt");
    assert_eq!(node["source"]["lines"], serde_json::json!([142, 160]));
    assert_eq!(node["recommendations"][0]["deadline"], "within-six-months");
    assert_eq!(node["breadcrumb"][1], "Investigating crime");
}

#[test]
fn show_unknown_id_exits_2_and_suggests_the_nearest() {
    let output = explore(&[
        "show",
        "2024/investigating-crime/cause-of-concern/crime-alocation",
    ]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    let suggestions: Vec<&str> = err
        .lines()
        .skip_while(|l| *l != "did you mean:")
        .skip(1)
        .collect();
    assert_eq!(
        suggestions.first().map(|s| s.trim()),
        Some("2024/investigating-crime/cause-of-concern/crime-allocation"),
        "{err}"
    );
}

#[test]
fn version_and_help_work() {
    let version = peel(&["--version"]);
    assert!(stdout(&version).starts_with("peel "));
    let help = peel(&["--help"]);
    let out = stdout(&help);
    for command in ["check", "tree", "show"] {
        assert!(out.contains(command), "{out}");
    }
}

#[test]
fn search_prints_ranked_results_with_ids() {
    let output = explore(&["search", "jigsaw", "--limit", "2"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let out = stdout(&output);
    assert!(
        out.starts_with("  1. 2024  Jigsaw teams have heavy workloads"),
        "{out}"
    );
    assert!(
        out.contains("\n  2.       Jigsaw\n"),
        "the glossary's term: {out}"
    );
    assert!(out.contains("2024/managing-offenders/main-finding/jigsaw-workloads"));
    assert!(
        !out.contains("registered-sex-offenders"),
        "the third result is left out: {out}"
    );
    assert!(out.contains("more; --limit shows more"), "{out}");
}

#[test]
fn search_json_has_the_documented_fields_in_explorer_order() {
    let output = explore(&["search", "--json", "year:2017", "detectives"]);
    let hits: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let first = &hits[0];
    for field in [
        "id",
        "kind",
        "year",
        "title",
        "breadcrumb",
        "score",
        "snippet",
    ] {
        assert!(first.get(field).is_some(), "missing {field}: {first}");
    }
    assert_eq!(
        first["id"],
        "2017/investigating-crime/area-for-improvement/qualified-detectives"
    );
    assert_eq!(first["year"], 2017);
    let scores: Vec<i64> = hits
        .as_array()
        .unwrap()
        .iter()
        .map(|h| h["score"].as_i64().unwrap())
        .collect();
    assert!(
        scores.windows(2).all(|w| w[0] >= w[1]),
        "ranked: {scores:?}"
    );
}

#[test]
fn search_refuses_a_bad_filter_rather_than_search_without_it() {
    let output = explore(&["search", "kind:banana", "jigsaw"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("kind:banana is not a kind"));
    assert!(stdout(&output).is_empty(), "{}", stdout(&output));
}

#[test]
fn compare_json_has_columns_and_recurring_links() {
    let output = explore(&["compare", "investigating", "--json"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    assert_eq!(value["theme"], "investigating-crime");
    let columns = value["columns"].as_array().unwrap();
    assert_eq!(columns[0]["year"], 2017);
    assert_eq!(columns[0]["grade"], "Requires improvement");
    assert_eq!(columns[1]["grade"], "Inadequate");
    assert_eq!(columns[2]["status"], "Not assessed in this year's sources");
    for field in ["year", "grade", "status", "summary", "findings"] {
        assert!(columns[0].get(field).is_some(), "{field}");
    }
    let recurring = value["recurring"].as_array().unwrap();
    assert!(recurring.iter().any(|r| {
        r["ids"]
            .as_array()
            .unwrap()
            .iter()
            .any(|id| id == "2024/investigating-crime/cause-of-concern/crime-allocation")
    }));
    assert!(recurring.iter().all(|r| r.get("note").is_some()));
}

#[test]
fn compare_years_option_keeps_only_those_years() {
    let output = explore(&[
        "compare",
        "investigating-crime",
        "--years",
        "2017,2024",
        "--json",
    ]);
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let years: Vec<i64> = value["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["year"].as_i64().unwrap())
        .collect();
    assert_eq!(years, [2017, 2024]);
}

#[test]
fn unknown_theme_lists_the_themes() {
    let output = explore(&["compare", "zzzzqqq"]);
    assert_eq!(output.status.code(), Some(2));
    assert!(stderr(&output).contains("investigating-crime"));
}

#[test]
fn overview_prints_every_theme_and_the_figure_series() {
    let output = explore(&["overview"]);
    let out = stdout(&output);
    assert!(
        out.contains(
            "Investigating crime and the service to victims\n  2017  Requires improvement"
        ),
        "{out}"
    );
    assert!(
        out.contains(
            "2024  Inadequate (2 causes of concern, 3 recommendations, 1 area for improvement)"
        ),
        "{out}"
    );
    assert!(out.contains("999 calls answered within 10 seconds (%)"));
    let json = explore(&["overview", "--json"]);
    let value: serde_json::Value = serde_json::from_slice(&json.stdout).expect("JSON");
    assert_eq!(value["themes"].as_array().unwrap().len(), 10);
    assert!(
        value["recurring"][0]["trajectory"]
            .as_str()
            .unwrap()
            .contains("→")
    );
}

#[test]
fn file_names_with_escape_sequences_never_reach_the_terminal() {
    let folder = common::copy_of("minimal");
    // A file named to set the clipboard to `rm -rf ~` and the window title, as a hostile
    // content folder could.
    let hostile = "a\u{1b}]52;c;cm0gLXJmIH4K\u{7}\u{1b}]2;OWNED\u{7}.yaml";
    std::fs::copy(
        folder.path().join("testshire/2024/investigating.yaml"),
        folder.path().join("testshire/2024").join(hostile),
    )
    .unwrap();
    let output = peel(&["check", folder.path().to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(2));
    let err = stderr(&output);
    assert!(
        err.contains("a\u{241b}]52;c;cm0gLXJmIH4K\u{2407}"),
        "shown inert: {err}"
    );
    for stream in [&output.stdout, &output.stderr] {
        assert!(
            !stream.iter().any(|&b| b == 0x1b || b == 0x07),
            "a control byte reached the terminal: {err}"
        );
    }
}

#[test]
fn the_command_line_echoes_hostile_arguments_inert() {
    for args in [
        &["show", "x\u{1b}]2;OWNED\u{7}"][..],
        &["compare", "x\u{1b}[2J"],
        &["search", "year:\u{1b}[31m", "jigsaw"],
        // Echoed back in "matched as …" where a word matches in another form than typed.
        &["search", "\u{1b}[Jigsaw"],
        &["search", "RSO\u{7}"],
        &["search", "stop-\u{1b}and-search"],
    ] {
        let output = peel(args);
        for stream in [&output.stdout, &output.stderr] {
            assert!(
                !stream.iter().any(|&b| b == 0x1b || b == 0x07),
                "{args:?}: {}",
                String::from_utf8_lossy(stream)
            );
        }
    }
}

#[test]
fn search_says_how_a_result_matched_in_text_and_json() {
    let output = explore(&["search", "RSO", "--limit", "1"]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        stdout(&output).contains("matched as RSO → registered sex offender"),
        "{}",
        stdout(&output)
    );
    let output = explore(&["search", "--json", "RSO", "jigsaw"]);
    let hits: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let hits = hits.as_array().unwrap();
    assert!(!hits.is_empty());
    assert!(
        hits.iter()
            .any(|h| h["matched_via"] == "RSO → registered sex offender"),
        "{hits:?}"
    );
    // Matched as typed: the field is there, and null.
    let output = explore(&["search", "--json", "jigsaw"]);
    let hits: serde_json::Value = serde_json::from_slice(&output.stdout).expect("JSON");
    let workloads = hits
        .as_array()
        .unwrap()
        .iter()
        .find(|h| h["id"] == "2024/managing-offenders/main-finding/jigsaw-workloads")
        .expect("the workloads finding");
    assert!(workloads["matched_via"].is_null(), "{workloads}");
}
