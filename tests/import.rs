//! `peel import` through the real binary: the two inspectorate reports the built-in content
//! was transcribed from are imported into empty folders and measured against the curated
//! content; every node's text is found at the lines it cites; bad input, partial reports,
//! HTML pages and existing folders are handled without losing or inventing anything.

mod common;

use common::peel_command;
use peel::model::{Block, FindingKind, Grade, Library, Node};
use std::collections::HashSet;
use std::path::{Path, PathBuf};
use std::process::Output;

const REPORT_2024: &str = "content/sources/001_6cebdb2138c1379e.txt";
const PAGE_2017: &str = "content/sources/003_d9a8730beb81e948.txt";

fn repo(path: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join(path)
}

fn peel(args: &[&str]) -> Output {
    let (mut command, _home) = peel_command();
    command.args(args).output().expect("run peel")
}

fn import(file: &Path, into: &Path, extra: &[&str]) -> Output {
    let mut args = vec![
        "import",
        file.to_str().unwrap(),
        "--into",
        into.to_str().unwrap(),
    ];
    args.extend_from_slice(extra);
    peel(&args)
}

fn stdout(output: &Output) -> String {
    String::from_utf8_lossy(&output.stdout).into_owned()
}

fn stderr(output: &Output) -> String {
    String::from_utf8_lossy(&output.stderr).into_owned()
}

fn load(dir: &Path) -> Library {
    peel::content::load_dir(dir).unwrap_or_else(|e| panic!("{} loads: {e}", dir.display()))
}

/// Headings compared as a reader sees them: case, spacing and end punctuation aside.
fn normalise(title: &str) -> String {
    title
        .to_lowercase()
        .replace(['’', '‘'], "'")
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
        .trim_end_matches(['.', ':'])
        .to_owned()
}

/// Every finding title and recommendation text of one assessment.
fn findings_of(library: &Library, year: u16) -> Vec<(FindingKind, String, Vec<String>)> {
    let assessment = library.forces()[0]
        .assessments
        .iter()
        .find(|a| a.year == year)
        .expect("assessment");
    assessment
        .findings
        .iter()
        .chain(assessment.areas.iter().flat_map(|a| &a.findings))
        .map(|f| {
            (
                f.kind,
                normalise(&f.title),
                f.recommendations
                    .iter()
                    .map(|r| normalise(&r.text))
                    .collect(),
            )
        })
        .collect()
}

fn imported(file: &str) -> (tempfile::TempDir, Library, String) {
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("content");
    let output = import(&repo(file), &into, &[]);
    assert!(
        output.status.success(),
        "import failed: {}",
        stderr(&output)
    );
    let library = load(&into);
    (out, library, stdout(&output))
}

#[test]
fn the_2023_25_report_reproduces_the_curated_tree() {
    let (_out, library, said) = imported(REPORT_2024);
    let curated = common::builtin();
    let ours = findings_of(&library, 2024);
    let theirs: Vec<_> = findings_of(&curated, 2024)
        .into_iter()
        .filter(|(kind, _, _)| *kind != FindingKind::PressCoverage)
        .collect();

    let our_titles: HashSet<&str> = ours.iter().map(|(_, t, _)| t.as_str()).collect();
    let matched = theirs
        .iter()
        .filter(|(_, t, _)| our_titles.contains(t.as_str()))
        .count();
    let ratio = matched as f64 / theirs.len() as f64;
    println!(
        "finding headings: {matched}/{} of the curated ones ({:.1}%)",
        theirs.len(),
        ratio * 100.0
    );
    for (_, title, _) in theirs
        .iter()
        .filter(|(_, t, _)| !our_titles.contains(t.as_str()))
    {
        println!("  not matched: {title}");
    }
    assert!(
        ratio >= 0.95,
        "only {matched}/{} headings match",
        theirs.len()
    );

    let our_recommendations: HashSet<&String> = ours.iter().flat_map(|(_, _, r)| r).collect();
    let their_recommendations: Vec<&String> = theirs.iter().flat_map(|(_, _, r)| r).collect();
    let found = their_recommendations
        .iter()
        .filter(|r| our_recommendations.contains(*r))
        .count();
    println!("recommendations: {found}/{}", their_recommendations.len());
    assert_eq!(their_recommendations.len(), 23);
    assert_eq!(found, 23);
    assert_eq!(our_recommendations.len(), 23, "no recommendation invented");
    // As in the curated content, every recommendation answers a cause of concern (the
    // 2021/22 one restated inside a main finding included).
    for (kind, title, recommendations) in &ours {
        assert!(
            recommendations.is_empty() || *kind == FindingKind::CauseOfConcern,
            "{title}: recommendations under a {kind:?}"
        );
    }

    // Every area's grade exactly, matched by title.
    let areas = |l: &Library| -> Vec<(String, Grade)> {
        let a = l.forces()[0]
            .assessments
            .iter()
            .find(|a| a.year == 2024)
            .unwrap();
        a.areas.iter().map(|a| (a.title.clone(), a.grade)).collect()
    };
    assert_eq!(areas(&library), areas(&curated));
    assert!(said.contains("23 recommendations"), "{said}");

    // Figure 4 is a table with the source's twelve outcome rows.
    let figure_4 = library
        .forces()
        .iter()
        .flat_map(|f| &f.assessments)
        .flat_map(|a| &a.areas)
        .flat_map(|a| &a.findings)
        .flat_map(|f| &f.body)
        .find_map(|b| match b {
            Block::Table(t) if t.caption.starts_with("Figure 4:") => Some(t),
            _ => None,
        })
        .expect("Figure 4 as a table");
    assert_eq!(figure_4.columns[0], "Outcome types");
    assert_eq!(figure_4.rows.len(), 12);
    assert_eq!(figure_4.rows[0], ["1 – Charged/summonsed", "3.1%", "5.5"]);
}

#[test]
fn the_2017_page_gives_each_question_its_stated_grade() {
    let (_out, library, _) = imported(PAGE_2017);
    let assessment = &library.forces()[0].assessments[0];
    assert_eq!(assessment.year, 2017);
    assert_eq!(assessment.grade, Grade::RequiresImprovement);
    let curated = common::builtin();
    let theirs = &curated.forces()[0].assessments[0];
    let grades = |a: &peel::model::Assessment| -> Vec<(String, Grade)> {
        a.areas.iter().map(|a| (a.title.clone(), a.grade)).collect()
    };
    assert_eq!(grades(assessment), grades(theirs));
    assert_eq!(
        assessment.areas[0].grade,
        Grade::NotStated,
        "preventing crime"
    );

    // 12/12 areas for improvement: each curated one's text is one imported finding.
    let ours: Vec<String> = assessment
        .areas
        .iter()
        .flat_map(|a| &a.findings)
        .filter(|f| f.kind == FindingKind::AreaForImprovement)
        .map(|f| normalise(&f.title))
        .collect();
    let curated_texts: Vec<String> = theirs
        .areas
        .iter()
        .flat_map(|a| &a.findings)
        .filter(|f| f.kind == FindingKind::AreaForImprovement)
        .map(|f| match &f.body[0] {
            Block::Paragraph(text) => normalise(text),
            other => panic!("{other:?}"),
        })
        .collect();
    let found = curated_texts.iter().filter(|t| ours.contains(t)).count();
    println!("areas for improvement: {found}/{}", curated_texts.len());
    assert_eq!((found, ours.len(), curated_texts.len()), (12, 12, 12));
}

/// The source's mark-up removed, as the content's transcription rules say.
fn plain(line: &str) -> String {
    common::source_words(line)
}

/// Import, then `peel show --json` of every node: each piece of its text occurs in the
/// shipped source within the lines it cites.
fn assert_round_trip(file: &str) {
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("c");
    assert!(import(&repo(file), &into, &[]).status.success());
    let library = load(&into);
    let document = &library.sources()[0];
    let shipped = std::fs::read_to_string(into.join("sources").join(&document.file)).unwrap();
    assert_eq!(
        shipped,
        std::fs::read_to_string(repo(file)).unwrap(),
        "shipped verbatim"
    );
    let lines: Vec<String> = shipped.split('\n').map(plain).collect();
    let ids: Vec<String> = library.ids().map(str::to_owned).collect();
    let mut checked = 0;
    for id in ids.iter().filter(|id| id.split('/').count() >= 3) {
        let output = peel(&["--content", into.to_str().unwrap(), "show", "--json", id]);
        assert!(output.status.success(), "show {id}: {}", stderr(&output));
        let node: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let Some(source) = node.get("source").filter(|s| !s.is_null()) else {
            continue;
        };
        let first = source["lines"][0].as_u64().unwrap() as usize;
        let last = source["lines"][1].as_u64().unwrap() as usize;
        let cited = &lines[first - 1..last];
        let mut texts = vec![node["title"].as_str().unwrap_or("").to_owned()];
        for key in ["body", "summary"] {
            for block in node[key].as_array().into_iter().flatten() {
                collect_strings(block, &mut texts);
            }
        }
        let editorial = node["editorial_title"].as_bool().unwrap_or(false);
        for (n, text) in texts.iter().enumerate().filter(|(_, t)| !t.is_empty()) {
            if n == 0 && editorial {
                continue;
            }
            let wanted = text.trim_end_matches('.');
            assert!(
                cited.iter().any(|line| line.contains(wanted)),
                "{id}: “{wanted}” is not in lines {first}–{last}"
            );
            checked += 1;
        }
    }
    println!("{file}: {checked} pieces of text found at their cited lines");
    assert!(checked >= 50, "{checked}");
}

fn collect_strings(value: &serde_json::Value, out: &mut Vec<String>) {
    match value {
        serde_json::Value::String(s) => out.push(s.clone()),
        serde_json::Value::Array(items) => items.iter().for_each(|v| collect_strings(v, out)),
        serde_json::Value::Object(map) => map
            .iter()
            .filter(|(k, _)| k.as_str() != "chart")
            .for_each(|(_, v)| collect_strings(v, out)),
        _ => {}
    }
}

#[test]
fn every_imported_node_is_found_at_its_cited_lines() {
    assert_round_trip(REPORT_2024);
    assert_round_trip(PAGE_2017);
}

#[test]
fn the_import_uses_the_curated_node_kinds_and_search_finds_it() {
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("c");
    assert!(import(&repo(REPORT_2024), &into, &[]).status.success());
    let dir = into.to_str().unwrap();
    let check = peel(&["check", dir]);
    assert!(check.status.success(), "{}", stderr(&check));
    let kinds = |output: Output| -> HashSet<String> {
        let tree: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
        let mut kinds = HashSet::new();
        walk_kinds(&tree, &mut kinds);
        kinds
    };
    let ours = kinds(peel(&["--content", dir, "tree", "--json"]));
    let theirs = kinds(peel(&["tree", "--json"]));
    assert!(ours.len() >= 5, "{ours:?}");
    assert!(ours.is_subset(&theirs), "{ours:?} not within {theirs:?}");
    let found = peel(&["--content", dir, "search", "jigsaw"]);
    assert!(
        stdout(&found).contains("Workloads in Jigsaw teams"),
        "{}",
        stdout(&found)
    );
}

fn walk_kinds(value: &serde_json::Value, kinds: &mut HashSet<String>) {
    match value {
        serde_json::Value::Object(map) => {
            if let Some(kind) = map.get("kind").and_then(|k| k.as_str()) {
                kinds.insert(kind.to_owned());
            }
            map.values().for_each(|v| walk_kinds(v, kinds));
        }
        serde_json::Value::Array(items) => items.iter().for_each(|v| walk_kinds(v, kinds)),
        _ => {}
    }
}

/// Every file under `dir` with its length and a hash of its bytes, to show that a refused
/// import changed nothing (and to say which file changed, readably, when one did).
fn snapshot(dir: &Path) -> Vec<(PathBuf, usize, u64)> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(at) = stack.pop() {
        let Ok(entries) = std::fs::read_dir(&at) else {
            continue;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                files.push((path.clone(), 0, 0));
                stack.push(path);
            } else {
                let bytes = std::fs::read(&path).unwrap();
                let hash = bytes.iter().fold(0xcbf2_9ce4_8422_2325_u64, |h, &b| {
                    (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
                });
                files.push((path.clone(), bytes.len(), hash));
            }
        }
    }
    files.sort();
    files
}

#[test]
fn bad_input_is_refused_with_a_reason_and_nothing_written() {
    let out = tempfile::tempdir().unwrap();
    let big = out.path().join("big.txt");
    std::fs::write(&big, "a".repeat(50 * 1024 * 1024)).unwrap();
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        ("empty.txt", Vec::new(), "empty"),
        ("blank.txt", b"\n \n\t\n".to_vec(), "empty"),
        (
            "letter.txt",
            b"Dear editor,\n\nThe police did well this year.\n".to_vec(),
            "does not read as a PEEL page peel import knows",
        ),
        ("binary.bin", vec![0x7f, 0x45, 0x4c, 0x46, 0xff, 0xfe, 0x00, 0x01], "not UTF-8"),
        ("nul.txt", b"# PEEL 2023\x00\n".to_vec(), "control character U+0000"),
        (
            "escapes.txt",
            b"# PEEL 2023-25\n\nAn inspection of X Police\n\n# Area\n\n## Good\n\n\x1b]52;c;cm0gLXJm\x07\x1b[2J\n".to_vec(),
            "line 9, column 1: the text holds the control character U+001B",
        ),
        (
            "page.html",
            b"<html><body><h1>Cookies</h1><p>We use cookies.</p></body></html>".to_vec(),
            "does not read as a PEEL page peel import knows",
        ),
    ];
    let into = out.path().join("content");
    for (name, bytes, expected) in &cases {
        let path = out.path().join(name);
        std::fs::write(&path, bytes).unwrap();
        let output = import(&path, &into, &[]);
        let said = stderr(&output);
        assert_eq!(output.status.code(), Some(1), "{name}: {said}");
        assert!(said.contains(expected), "{name}: {said}");
        assert!(!said.contains("panicked"), "{name}: {said}");
        assert!(
            !said.contains('\x1b'),
            "{name}: escape reached the terminal"
        );
        assert!(!into.exists(), "{name}: something was written");
    }
    let output = import(&big, &into, &[]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).contains("at most 16 MB"),
        "{}",
        stderr(&output)
    );
    assert!(!into.exists());
    let missing = import(&out.path().join("nowhere.txt"), &into, &[]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).contains("cannot read"));
}

#[test]
fn an_existing_assessment_is_not_overwritten_unless_asked() {
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("content");
    assert!(import(&repo(PAGE_2017), &into, &[]).status.success());
    let before = snapshot(&into);
    let again = import(&repo(PAGE_2017), &into, &["--force", "metropolitan"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(
        stderr(&again).contains("already exists"),
        "{}",
        stderr(&again)
    );
    assert!(stderr(&again).contains("--overwrite"));
    assert_eq!(
        snapshot(&into),
        before,
        "a refused import changed the folder"
    );

    // Asked to, it replaces the assessment and leaves no file of the earlier one behind.
    let stale = into.join("metropolitan/2017/left-over.yaml");
    std::fs::write(&stale, "id: left-over\n").unwrap();
    let replaced = import(&repo(PAGE_2017), &into, &["--overwrite"]);
    assert!(replaced.status.success(), "{}", stderr(&replaced));
    assert!(!stale.exists());
    // The same text gives the same ids and the same files, byte for byte.
    assert_eq!(snapshot(&into), before, "a re-import is stable");
    load(&into);
}

#[test]
fn a_failed_write_leaves_the_folder_as_it_was() {
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("content");
    assert!(import(&repo(PAGE_2017), &into, &[]).status.success());
    // Edited since: the import replaces this file before it fails, and must put it back.
    let edited = into.join("metropolitan/2017/assessment.yaml");
    let mut text = std::fs::read_to_string(&edited).unwrap();
    text.push_str("# a reviewer's note\n");
    std::fs::write(&edited, text).unwrap();
    // A folder where the import must write a file: the rename into place fails mid-way.
    let blocker = into.join("metropolitan/2017/specialist-capabilities.yaml");
    std::fs::remove_file(&blocker).unwrap();
    std::fs::create_dir(&blocker).unwrap();
    std::fs::write(blocker.join("keep"), "x").unwrap();
    let before = snapshot(&into);
    let output = import(&repo(PAGE_2017), &into, &["--overwrite"]);
    assert_eq!(output.status.code(), Some(1), "{}", stdout(&output));
    assert!(
        stderr(&output).contains("left as it was"),
        "{}",
        stderr(&output)
    );
    let after: Vec<_> = snapshot(&into)
        .into_iter()
        .filter(|(p, _, _)| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with(".peel-import")
        })
        .collect();
    assert_eq!(after, before);
    assert_eq!(
        snapshot(&into).len(),
        before.len(),
        "no temporary file left behind"
    );
}

#[test]
fn a_report_cut_short_imports_what_is_there_and_says_what_is_missing() {
    let out = tempfile::tempdir().unwrap();
    let text = std::fs::read_to_string(repo(REPORT_2024)).unwrap();
    // Cut in the middle of "Managing offenders and suspects", with no footer.
    let cut: Vec<&str> = text.split('\n').take(800).collect();
    let path = out.path().join("cut.txt");
    std::fs::write(&path, cut.join("\n")).unwrap();
    let into = out.path().join("content");
    let output = import(&path, &into, &["--year", "2024"]);
    let said = stdout(&output);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(
        said.contains(
            "Building, supporting and protecting the workforce” but the text has no such section"
        ),
        "{said}"
    );
    assert!(
        said.contains("Leadership and force management” but the text has no such section"),
        "{said}"
    );
    assert!(
        said.contains("“Area for improvement”")
            || said.contains("“Main findings” under “Managing offenders and suspects”"),
        "{said}"
    );
    assert!(said.contains("check: "), "{said}");
    let library = load(&into);
    assert_eq!(library.forces()[0].assessments[0].areas.len(), 7);

    // Without --year, and with no footer to read it from, the cycle names the assessment
    // and the warnings say the year is the cycle's.
    let other = out.path().join("other");
    let no_year = import(&path, &other, &[]);
    assert!(no_year.status.success(), "{}", stderr(&no_year));
    assert!(
        stdout(&no_year).contains("the text states no year of publication; the year recorded is the first of its cycle, 2023 (PEEL 2023–25): give the year with --year YYYY"),
        "{}",
        stdout(&no_year)
    );
    let library = load(&other);
    let assessment = &library.forces()[0].assessments[0];
    assert_eq!((assessment.id.as_str(), assessment.year), ("2023-25", 2023));
}

#[test]
fn text_the_importer_cannot_place_is_kept_and_listed() {
    let out = tempfile::tempdir().unwrap();
    let page = std::fs::read_to_string(repo(PAGE_2017)).unwrap();
    let path = out.path().join("page.txt");
    std::fs::write(&path, format!("We use cookies on this site.\n\n{page}")).unwrap();
    let into = out.path().join("content");
    let output = import(&path, &into, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    let said = stdout(&output);
    assert!(said.contains("line 1: text not recognised"), "{said}");
    let library = load(&into);
    let other = library.forces()[0].assessments[0]
        .findings
        .iter()
        .find(|f| f.id == "other-text")
        .expect("an “Other text” finding");
    assert_eq!(
        other.body,
        [Block::Paragraph("We use cookies on this site.".into())]
    );
    assert_eq!(other.source.lines, [1, 1]);
    assert!(other.editorial_title);
    let warnings =
        std::fs::read_to_string(into.join("metropolitan/2017/import-warnings.txt")).unwrap();
    assert!(
        warnings.contains("line 1: text not recognised"),
        "{warnings}"
    );
    assert!(warnings.contains("line 3: page navigation"), "{warnings}");
}

#[test]
fn a_saved_html_page_imports_with_its_extracted_text_shipped() {
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("content");
    let output = import(&common::fixture("import/northmoor-peel.html"), &into, &[]);
    assert!(output.status.success(), "{}", stderr(&output));
    assert!(stdout(&output).contains("(HTML, turned into text)"));
    let library = load(&into);
    let force = &library.forces()[0];
    assert_eq!(
        (force.id.as_str(), force.name.as_str()),
        ("northmoor", "Northmoor Police")
    );
    let assessment = &force.assessments[0];
    assert_eq!(assessment.year, 2025);
    let area = &assessment.areas[0];
    assert_eq!(area.grade, Grade::Inadequate);
    let cause = &area.findings[0];
    assert_eq!(cause.kind, FindingKind::CauseOfConcern);
    assert_eq!(cause.recommendations.len(), 2);
    assert!(matches!(&cause.body[..], [Block::Paragraph(_), ..]));
    let shipped =
        std::fs::read_to_string(into.join("sources").join(&library.sources()[0].file)).unwrap();
    assert!(
        !shipped.contains('<'),
        "the shipped text is text, not mark-up:\n{shipped}"
    );
    assert!(!shipped.contains("alert("), "scripts are not report text");
    assert!(
        !shipped.contains("document.write"),
        "scripts are not report text"
    );
    let candidates =
        std::fs::read_to_string(into.join("northmoor/2025/glossary-candidates.txt")).unwrap();
    assert!(candidates.contains("term: RSO"), "{candidates}");
    assert_round_trip_dir(&into);
}

fn assert_round_trip_dir(into: &Path) {
    let library = load(into);
    let shipped =
        std::fs::read_to_string(into.join("sources").join(&library.sources()[0].file)).unwrap();
    let lines: Vec<String> = shipped.split('\n').map(plain).collect();
    for key in library.preorder() {
        let node = library.node(key);
        if let Node::Finding(finding) = node {
            let [first, last] = finding.source.lines;
            let cited = &lines[first as usize - 1..last as usize];
            for block in &finding.body {
                for text in block.texts() {
                    assert!(cited.iter().any(|l| l.contains(text)), "{text}");
                }
            }
        }
    }
}

#[test]
fn another_force_joins_an_existing_content_folder() {
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("content");
    copy_dir(&repo("content"), &into);
    let sources_before = std::fs::read_to_string(into.join("sources.yaml")).unwrap();
    let output = import(&repo(REPORT_2024), &into, &["--force", "met-import"]);
    assert!(output.status.success(), "{}", stderr(&output));
    let sources_after = std::fs::read_to_string(into.join("sources.yaml")).unwrap();
    assert!(
        sources_after.starts_with(&sources_before),
        "the folder's own entries kept as written"
    );
    let library = load(&into);
    assert_eq!(library.forces().len(), 2);
    assert!(
        library
            .find("met-import/2024/investigating-crime")
            .is_some()
    );
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

#[test]
fn the_imported_force_opens_in_the_explorer() {
    let out = tempfile::tempdir().unwrap();
    let into = out.path().join("content");
    assert!(import(&repo(PAGE_2017), &into, &[]).status.success());
    let command = format!(
        "{} --content {}",
        env!("CARGO_BIN_EXE_peel"),
        into.display()
    );
    let Some(tmux) = common::tmux::Tmux::start("import", 100, 30, &command) else {
        return;
    };
    let screen = tmux.wait_for("PEEL 2017: Effectiveness");
    assert!(screen.contains("Requires improvement"), "{screen}");
    tmux.keys(&["/"]);
    tmux.type_line("detectives");
    tmux.wait_for("qualified detectives");
}

/// A report's text and a force's name are refused for the same characters
/// (`content::acts_on_terminal`): the name once let a bidi override through that the
/// text's check refused.
#[test]
fn a_force_name_is_refused_for_what_a_report_text_is_refused_for() {
    let out = tempfile::tempdir().unwrap();
    for (name, code) in [
        ("Evil\u{202e}Police", "U+202E"),
        ("Evil\u{2067}Police", "U+2067"),
        ("Evil\u{1b}[2JPolice", "U+001B"),
    ] {
        let output = import(
            &repo("content/sources/001_6cebdb2138c1379e.txt"),
            out.path(),
            &["--name", name],
        );
        assert!(!output.status.success(), "{code} accepted");
        let err = stderr(&output);
        assert!(
            err.contains(&format!(
                "the force's name holds the control character {code}"
            )),
            "{code}: {err}"
        );
    }
    assert_eq!(
        std::fs::read_dir(out.path()).unwrap().count(),
        0,
        "nothing written"
    );
}
