//! Many forces side by side: `peel grades` on the 43-force synthetic corpus gives each
//! force's grade in each theme equal to its area's grade in the tree; the single-force
//! commands never answer for one force of several without being told which.

mod common;

use common::peel_command;
use peel::model::Library;
use std::path::Path;
use std::process::Output;

fn corpus(forces: usize) -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    peel::content::synthetic::write(&template, dir.path(), forces, 2024).unwrap();
    dir
}

fn peel_in(dir: &Path, args: &[&str]) -> Output {
    let (mut command, _home) = peel_command();
    command
        .arg("--content")
        .arg(dir)
        .args(args)
        .output()
        .expect("run peel")
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

fn json(output: &Output) -> serde_json::Value {
    assert!(output.status.success(), "{}", text(&output.stderr));
    serde_json::from_slice(&output.stdout).expect("JSON")
}

#[test]
fn grades_for_2024_are_every_forces_area_grades_in_the_tree() {
    let dir = corpus(43);
    assert!(
        std::fs::read_dir(dir.path())
            .unwrap()
            .flatten()
            .all(|force| !force.path().join("themes.yaml").exists()),
        "the corpus is written as an import would be, with no themes.yaml"
    );
    let table = json(&peel_in(
        dir.path(),
        &["grades", "--year", "2024", "--json"],
    ));
    assert_eq!(table["year"], 2024);
    let rows = table["rows"].as_array().unwrap();
    assert_eq!(rows.len(), 43);
    let library: Library = peel::content::load_dir(dir.path()).unwrap();
    let catalogue = peel::content::builtin_catalogue();
    let mut checked = 0;
    for force in library.forces() {
        let row = rows
            .iter()
            .find(|r| r["force"] == force.id.as_str())
            .unwrap_or_else(|| panic!("a row for {}", force.id));
        assert_eq!(row["name"], force.name.as_str());
        let assessment = force.assessments.iter().find(|a| a.year == 2024).unwrap();
        for area in assessment.areas.iter().filter(|a| a.grade.is_judgment()) {
            let theme = catalogue
                .theme_of_area(assessment, area)
                .unwrap_or_else(|| panic!("{} is placed", area.id));
            assert_eq!(
                row["cells"][theme],
                area.grade.key(),
                "{} {theme}: the cell is the area's grade",
                force.id
            );
            checked += 1;
        }
        // No cell says more than the areas: a theme with no area there is null.
        for (theme, cell) in row["cells"].as_object().unwrap() {
            let placed = assessment
                .areas
                .iter()
                .any(|a| catalogue.theme_of_area(assessment, a) == Some(theme.as_str()));
            assert_eq!(!cell.is_null(), placed, "{} {theme}", force.id);
        }
    }
    assert_eq!(checked, 43 * 8, "eight graded areas a force");
    let columns: Vec<&str> = table["columns"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["theme"].as_str().unwrap())
        .collect();
    assert!(columns.contains(&"investigating-crime"), "{columns:?}");
    assert!(
        table["columns"][0]["title"]
            .as_str()
            .is_some_and(|t| !t.is_empty()),
        "columns carry their titles"
    );
}

#[test]
fn single_force_commands_refuse_to_pick_one_of_several() {
    let dir = corpus(3);
    for args in [
        &["overview"][..],
        &["overview", "--json"],
        &["compare", "investigating"],
    ] {
        let output = peel_in(dir.path(), args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(output.stdout.is_empty(), "{args:?} answers nothing");
        let said = text(&output.stderr);
        assert!(said.contains("--force"), "{said}");
        for force in ["northmoor", "easthaven", "westford"] {
            assert!(said.contains(force), "{force} listed: {said}");
        }
    }
}

#[test]
fn force_names_one_by_id_or_by_the_words_of_its_name() {
    let dir = corpus(3);
    let by_id = json(&peel_in(
        dir.path(),
        &["overview", "--force", "easthaven", "--json"],
    ));
    assert_eq!(by_id["force"], "easthaven");
    let by_name = json(&peel_in(
        dir.path(),
        &[
            "compare",
            "investigating",
            "--force",
            "Easthaven Police",
            "--json",
        ],
    ));
    assert_eq!(by_name["force"], "easthaven");
    let ids: Vec<&str> = by_name["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["findings"].as_array().unwrap())
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(
        !ids.is_empty() && ids.iter().all(|id| id.starts_with("easthaven/")),
        "{ids:?}"
    );
    let text_overview = peel_in(dir.path(), &["overview", "--force", "westford"]);
    assert!(text(&text_overview.stdout).starts_with("Westford Police (synthetic)\n"));
    let unknown = peel_in(dir.path(), &["overview", "--force", "kent"]);
    assert_eq!(unknown.status.code(), Some(2));
    assert!(text(&unknown.stderr).contains("no force matches `kent`"));
}

#[test]
fn grades_filter_by_theme_and_grade_sort_by_a_column_and_write_csv() {
    let dir = corpus(6);
    let all = json(&peel_in(dir.path(), &["grades", "--json"]));
    // 2025 (the Engage release) has no graded areas: 2024 is the latest graded year.
    assert_eq!(all["year"], 2024);
    let inadequate = json(&peel_in(
        dir.path(),
        &[
            "grades",
            "--year",
            "2024",
            "--theme",
            "investigating-crime",
            "--grade",
            "inadequate",
            "--json",
        ],
    ));
    let columns = inadequate["columns"].as_array().unwrap();
    assert_eq!(columns.len(), 1);
    let every = json(&peel_in(
        dir.path(),
        &["grades", "--year", "2024", "--json"],
    ));
    let expected: Vec<&str> = every["rows"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["cells"]["investigating-crime"] == "inadequate")
        .map(|r| r["force"].as_str().unwrap())
        .collect();
    let got: Vec<&str> = inadequate["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| r["force"].as_str().unwrap())
        .collect();
    assert_eq!(got, expected);
    let sorted = json(&peel_in(
        dir.path(),
        &[
            "grades",
            "--year",
            "2024",
            "--sort",
            "investigating-crime",
            "--json",
        ],
    ));
    let order = [
        "outstanding",
        "good",
        "adequate",
        "requires-improvement",
        "inadequate",
    ];
    let ranks: Vec<usize> = sorted["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| {
            order
                .iter()
                .position(|g| r["cells"]["investigating-crime"] == *g)
                .unwrap()
        })
        .collect();
    assert!(
        ranks.windows(2).all(|w| w[0] <= w[1]),
        "best first: {ranks:?}"
    );
    let csv = peel_in(dir.path(), &["grades", "--year", "2024", "--csv"]);
    let csv = text(&csv.stdout);
    let mut lines = csv.lines();
    assert!(lines.next().unwrap().starts_with("force,name,"));
    assert_eq!(lines.count(), 6);
    let bad = peel_in(dir.path(), &["grades", "--grade", "excellent"]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(text(&bad.stderr).contains("requires-improvement"));
}
