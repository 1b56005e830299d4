//! The overview and the comparison on content nobody wrote a themes.yaml for: the themes
//! come from the framework catalogue and the areas, so two imported reports of one force
//! compare at once; and a curated theme cannot restate a grade its areas do not have.

mod common;

use common::seeds::{imported_met, peel, repo, text};

use peel::model::{FindingKind, Library, Node, NodeKey};
use std::path::{Path, PathBuf};
use std::process::Output;

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let mut all = vec!["--content", dir.to_str().unwrap()];
    all.extend_from_slice(args);
    let output = peel(&all);
    assert!(
        output.status.success(),
        "{args:?}: {}",
        text(&output.stderr)
    );
    serde_json::from_slice(&output.stdout).expect("JSON")
}

/// The imported area of `year` whose title reads `title`, and the ids of its findings of
/// `kind`, straight from the tree.
fn findings_in(library: &Library, year: u16, title: &str, kind: FindingKind) -> Vec<String> {
    let area = library
        .preorder()
        .into_iter()
        .find(|key| {
            matches!(library.node(*key), Node::Area(a) if a.title == title)
                && library.year(*key) == Some(year)
        })
        .unwrap_or_else(|| panic!("{year} has an area `{title}`"));
    library
        .preorder()
        .into_iter()
        .filter(|key| {
            library.ancestry(*key).contains(&area)
                && matches!(library.node(*key), Node::Finding(f) if f.kind == kind)
        })
        .map(|key: NodeKey| library.id(key))
        .collect()
}

#[test]
fn two_imported_reports_give_an_overview_with_no_themes_file() {
    let (_out, dir) = imported_met();
    let overview = json(&dir, &["overview", "--json"]);
    let row = overview["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["theme"] == "investigating-crime")
        .expect("an investigating-crime row");
    let grades: Vec<(u64, &str)> = row["cells"]
        .as_array()
        .unwrap()
        .iter()
        .map(|cell| {
            (
                cell["year"].as_u64().unwrap(),
                cell["grade"].as_str().unwrap_or("none"),
            )
        })
        .collect();
    assert_eq!(
        grades,
        [(2017, "requires-improvement"), (2024, "inadequate")]
    );
    let output = peel(&["--content", dir.to_str().unwrap(), "overview"]);
    let said = text(&output.stdout);
    let at = said.find("Investigating crime").expect("the row in text");
    let row: Vec<&str> = said[at..].lines().take(3).collect();
    assert!(
        row[1].contains("2017") && row[1].contains("Requires improvement"),
        "{row:?}"
    );
    assert!(
        row[2].contains("2024") && row[2].contains("Inadequate"),
        "{row:?}"
    );
}

#[test]
fn the_comparison_lists_every_cause_of_concern_and_area_for_improvement_of_the_areas() {
    let (_out, dir) = imported_met();
    let library = peel::content::load_dir(&dir).unwrap();
    let causes = findings_in(
        &library,
        2024,
        "Investigating crime",
        FindingKind::CauseOfConcern,
    );
    let improvements = findings_in(
        &library,
        2017,
        "How effective is the force at investigating crime and reducing re-offending?",
        FindingKind::AreaForImprovement,
    );
    assert_eq!((causes.len(), improvements.len()), (2, 3));
    let comparison = json(&dir, &["compare", "investigating-crime", "--json"]);
    let listed = |year: u64| -> Vec<String> {
        let column = comparison["columns"]
            .as_array()
            .unwrap()
            .iter()
            .find(|c| c["year"] == year)
            .unwrap_or_else(|| panic!("a {year} column"));
        column["findings"]
            .as_array()
            .unwrap()
            .iter()
            .map(|f| f["id"].as_str().unwrap().to_owned())
            .collect()
    };
    let (in_2017, in_2024) = (listed(2017), listed(2024));
    for id in &causes {
        assert!(in_2024.contains(id), "{id} in {in_2024:?}");
    }
    for id in &improvements {
        assert!(in_2017.contains(id), "{id} in {in_2017:?}");
    }
}

/// The built-in content copied somewhere it can be edited.
fn builtin_copy() -> (tempfile::TempDir, PathBuf) {
    let out = tempfile::tempdir().unwrap();
    let dir = out.path().join("content");
    copy_dir(&repo("content"), &dir);
    (out, dir)
}

fn copy_dir(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).unwrap();
    for entry in std::fs::read_dir(from).unwrap().flatten() {
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_dir(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), target).unwrap();
        }
    }
}

/// Replaces the one occurrence of `from` after `anchor` in `file`; the 1-based line it is on.
fn edit_after(file: &Path, anchor: &str, from: &str, to: &str) -> usize {
    let text = std::fs::read_to_string(file).unwrap();
    let start = text.find(anchor).expect("anchor") + anchor.len();
    let at = start + text[start..].find(from).expect("text after the anchor");
    let edited = format!("{}{to}{}", &text[..at], &text[at + from.len()..]);
    std::fs::write(file, edited).unwrap();
    text[..at].lines().count()
}

fn check(dir: &Path) -> Output {
    peel(&["--content", dir.to_str().unwrap(), "check"])
}

#[test]
fn check_refuses_a_curated_grade_that_contradicts_its_area() {
    let (_out, dir) = builtin_copy();
    assert!(
        check(&dir).status.success(),
        "{}",
        text(&check(&dir).stderr)
    );
    let themes = dir.join("met/themes.yaml");
    let line = edit_after(
        &themes,
        "- id: investigating-crime",
        "grade: inadequate",
        "grade: outstanding",
    );
    let output = check(&dir);
    assert_eq!(output.status.code(), Some(2), "{}", text(&output.stdout));
    let said = text(&output.stderr);
    let at = format!("met/themes.yaml:{line}:16: grade `outstanding` contradicts the areas");
    assert!(said.contains(&at), "expected {at} in:\n{said}");
    assert!(
        said.contains("`2024/investigating-crime` (inadequate)"),
        "{said}"
    );
    assert!(said.contains("remove `grade:`"), "the hint: {said}");
}

#[test]
fn check_refuses_a_curated_status_that_names_another_grade() {
    let (_out, dir) = builtin_copy();
    let themes = dir.join("met/themes.yaml");
    let line = edit_after(
        &themes,
        "- id: police-powers-and-legitimacy",
        "status: Adequate",
        "status: Outstanding, as the force says",
    );
    let output = check(&dir);
    assert_eq!(output.status.code(), Some(2));
    let said = text(&output.stderr);
    let at = format!("met/themes.yaml:{line}:17: status says `Outstanding`");
    assert!(said.contains(&at), "expected {at} in:\n{said}");
}

#[test]
fn a_curated_grade_where_no_area_maps_is_refused_too() {
    let (_out, dir) = builtin_copy();
    let themes = dir.join("met/themes.yaml");
    // 2025 has no areas: no theme can be graded there.
    let line = edit_after(
        &themes,
        "- id: police-powers-and-legitimacy",
        "      - assessment: '2025'\n",
        "      - assessment: '2025'\n        grade: good\n",
    );
    let output = check(&dir);
    assert_eq!(output.status.code(), Some(2));
    let said = text(&output.stderr);
    assert!(
        said.contains(&format!("met/themes.yaml:{}:16: grade `good`", line + 2)),
        "{said}"
    );
    assert!(said.contains("maps to no area"), "{said}");
}

#[test]
fn an_area_the_catalogue_does_not_know_shows_under_other_areas() {
    let (_out, dir) = imported_met();
    // Retitled and renamed (file, id and listing), so neither rule places it.
    let area = dir.join("metropolitan/2024/investigating-crime.yaml");
    let body = std::fs::read_to_string(&area)
        .unwrap()
        .replacen("title: Investigating crime", "title: Road safety", 1)
        .replacen("id: investigating-crime", "id: road-safety", 1);
    std::fs::write(dir.join("metropolitan/2024/road-safety.yaml"), body).unwrap();
    std::fs::remove_file(&area).unwrap();
    let assessment = dir.join("metropolitan/2024/assessment.yaml");
    let listing = std::fs::read_to_string(&assessment).unwrap().replacen(
        "- investigating-crime\n",
        "- road-safety\n",
        1,
    );
    std::fs::write(&assessment, listing).unwrap();
    let overview = json(&dir, &["overview", "--json"]);
    let other = overview["themes"]
        .as_array()
        .unwrap()
        .iter()
        .find(|row| row["theme"] == "other-areas")
        .expect("an other-areas row");
    let cell = other["cells"]
        .as_array()
        .unwrap()
        .iter()
        .find(|c| c["year"] == 2024)
        .unwrap();
    assert_eq!(cell["grade"], "inadequate");
    assert_eq!(cell["causes_of_concern"], 2, "its findings come with it");
    let comparison = json(&dir, &["compare", "other-areas", "--json"]);
    let ids: Vec<&str> = comparison["columns"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|c| c["findings"].as_array().unwrap())
        .filter_map(|f| f["id"].as_str())
        .collect();
    assert!(ids.contains(&"2024/road-safety"), "{ids:?}");
}

#[test]
fn check_refuses_a_catalogue_area_filed_under_an_unknown_theme() {
    let (_out, dir) = builtin_copy();
    let line = edit_after(
        &dir.join("framework.yaml"),
        "id: specialist-capabilities\n        theme: ",
        "specialist-capabilities",
        "specialist-capability",
    );
    let output = check(&dir);
    assert_eq!(output.status.code(), Some(2));
    let said = text(&output.stderr);
    let at = format!("framework.yaml:{line}:16: unknown theme `specialist-capability`");
    assert!(said.contains(&at), "expected {at} in:\n{said}");
    assert!(
        said.contains("did you mean `specialist-capabilities`?"),
        "{said}"
    );
}

#[test]
fn a_force_overview_page_fills_the_pillar_themes_with_the_grades_it_states() {
    // Kent's 2018/19 overview page states one judgment per pillar; each lands on its own
    // pillar theme, not under "other areas".
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("content");
    let page = repo("tests/fixtures/import/kent-2018-overview.txt");
    let output = peel(&[
        "import",
        page.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ]);
    assert!(output.status.success(), "import: {}", text(&output.stderr));
    let grades = json(&into, &["grades", "--year", "2018", "--json"]);
    let cells = &grades["rows"][0]["cells"];
    assert_eq!(cells["effectiveness-pillar"], "good", "{grades}");
    assert_eq!(cells["efficiency-pillar"], "outstanding", "{grades}");
    assert_eq!(cells["legitimacy-pillar"], "outstanding", "{grades}");
    let columns = grades["columns"].to_string();
    assert!(!columns.contains("other-areas"), "{columns}");
}
