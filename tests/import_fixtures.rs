//! Every real page in tests/fixtures/import/ imported as the independent check imports
//! pages: nothing but `--year` given. tests/fixtures/import/pages.yaml says what each page
//! states (force, cycle, grades, areas for improvement); the import must find exactly that,
//! warn by line about what the cut page lacks, pass `peel check`, and cite every node's
//! text at its lines. The same pages with navigation above them, with CRLF line ends and
//! cut every tenth line never make the importer panic: it imports with warnings, or refuses
//! naming the file as given and the kind of page it tried.

mod common;

use common::import_page::{assert_round_trip, import_page, page};
use common::peel_command;
use peel::model::FindingKind;
use serde::Deserialize;
use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

/// One row of pages.yaml: what a page states.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct Stated {
    page: String,
    kind: String,
    force: String,
    force_id: String,
    cycle: String,
    year: u16,
    title: String,
    grade: String,
    areas: Vec<(String, String)>,
    areas_for_improvement: usize,
}

fn table() -> Vec<Stated> {
    let text = std::fs::read_to_string(common::fixture("import/pages.yaml")).unwrap();
    serde_yaml::from_str(&text).expect("pages.yaml reads")
}

/// How the import's first line names each kind of page.
fn kind_read_as(kind: &str) -> &'static str {
    match kind {
        "pillar" => "as a PEEL 2014–2019 pillar page",
        "overview" => "as a PEEL 2014–2019 force overview page",
        "report" => "as a PEEL 2021/22 or 2023–25 report",
        other => panic!("pages.yaml: no kind {other}"),
    }
}

fn page_files() -> BTreeSet<String> {
    std::fs::read_dir(common::fixture("import"))
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.ends_with(".txt"))
        .collect()
}

#[test]
fn the_table_names_every_page_once() {
    let named: Vec<String> = table().into_iter().map(|s| s.page).collect();
    let unique: BTreeSet<String> = named.iter().cloned().collect();
    assert_eq!(unique.len(), named.len(), "a page named twice");
    assert_eq!(unique, page_files());
}

/// No parser fits one force: each kind of page, in each of its eras, has pages of three
/// forces or more, and the pages come from seven forces or more.
#[test]
fn every_kind_of_page_has_pages_of_three_forces() {
    let mut forces: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for stated in table() {
        let era = match (stated.kind.as_str(), stated.year) {
            ("pillar", ..2018) => "pillar page 2014–2017",
            ("pillar", _) => "pillar page 2018/19",
            ("overview", _) => "overview page",
            (_, _) if stated.cycle == "PEEL 2021/22" => "report 2021/22",
            _ => "report 2023–25",
        };
        forces
            .entry(era.to_owned())
            .or_default()
            .insert(stated.force_id.clone());
        forces
            .entry("all".to_owned())
            .or_default()
            .insert(stated.force_id);
    }
    assert_eq!(forces.len(), 6, "{forces:?}");
    for (era, ids) in &forces {
        assert!(ids.len() >= 3, "{era}: only {ids:?}");
    }
    assert!(forces["all"].len() >= 7, "{:?}", forces["all"]);
}

/// The warnings name lines of the page: at least one, each within the page's text.
fn assert_warned_by_line(warnings: &str, page_lines: usize, what: &str) {
    let numbers: Vec<usize> = warnings
        .lines()
        .filter_map(|l| l.strip_prefix("line "))
        .filter_map(|rest| rest.split(':').next()?.parse().ok())
        .collect();
    assert!(
        !numbers.is_empty(),
        "{what}: no warning by line:\n{warnings}"
    );
    for n in numbers {
        assert!(
            n >= 1 && n <= page_lines,
            "{what}: line {n} of {page_lines}"
        );
    }
}

/// The lines of the text the import shipped (the one its warnings number).
fn shipped_lines(into: &Path) -> usize {
    let sources: Vec<_> = std::fs::read_dir(into.join("sources"))
        .unwrap()
        .map(|e| e.unwrap().path())
        .collect();
    assert_eq!(sources.len(), 1, "{sources:?}");
    std::fs::read_to_string(&sources[0])
        .unwrap()
        .lines()
        .count()
}

fn checks_clean(into: &Path) -> bool {
    let (mut command, _home) = peel_command();
    command.arg("--content").arg(into).arg("check");
    command.output().unwrap().status.success()
}

#[test]
fn every_page_imports_with_only_its_year_as_it_states_it() {
    for stated in table() {
        let year = stated.year.to_string();
        for html in [false, true] {
            let what = format!("{} ({})", stated.page, if html { "HTML" } else { "text" });
            let imported = import_page(&stated.page, html, &["--year", &year]);
            let said = imported.said();
            assert!(said.contains(kind_read_as(&stated.kind)), "{what}: {said}");
            let library = imported.library();
            let force = &library.forces()[0];
            let assessment = &force.assessments[0];
            assert_eq!(
                (force.name.as_str(), force.id.as_str()),
                (stated.force.as_str(), stated.force_id.as_str()),
                "{what}: force"
            );
            assert_eq!(assessment.framework, stated.cycle, "{what}: cycle");
            assert_eq!(assessment.year, stated.year, "{what}: year");
            assert_eq!(assessment.id, year, "{what}: the year names the assessment");
            assert_eq!(assessment.title, stated.title, "{what}: title");
            assert_eq!(assessment.grade.label(), stated.grade, "{what}: grade");
            let areas: Vec<(String, String)> = assessment
                .areas
                .iter()
                .map(|a| (a.label().to_owned(), a.grade.label().to_owned()))
                .collect();
            assert_eq!(areas, stated.areas, "{what}: areas and their grades");
            let afis = assessment
                .areas
                .iter()
                .flat_map(|a| &a.findings)
                .chain(&assessment.findings)
                .filter(|f| f.kind == FindingKind::AreaForImprovement)
                .count();
            assert_eq!(
                afis, stated.areas_for_improvement,
                "{what}: areas for improvement"
            );
            // Every page here is the beginning of a longer one.
            assert_warned_by_line(&imported.warnings(), shipped_lines(&imported.into), &what);
            assert!(checks_clean(&imported.into), "{what}: peel check");
            assert_round_trip(&imported.into);
        }
    }
}

/// Navigation the inspectorate's pages carry above their text, as the stored pages have it
/// (the Welsh-language switch, the strapline, a consultation notice).
const NAVIGATION: &str = "Skip to content\nEnglish Cymraeg\nPromoting improvements\nin policing and fire & rescue\nservices to make everyone safer\n\nProposed policing inspection programme and framework 2025–29: For consultation\n\nWe would like your views on whether this programme covers the the right themes and areas of policing.\n\n";

/// The page as a reader might hand it over: with navigation above it, with CRLF line ends,
/// and cut after every tenth line.
fn variants(text: &str) -> Vec<(String, String)> {
    let mut variants = vec![
        ("with navigation".to_owned(), format!("{NAVIGATION}{text}")),
        ("with CRLF".to_owned(), text.replace('\n', "\r\n")),
    ];
    let lines: Vec<&str> = text.split('\n').collect();
    for cut in (10..lines.len()).step_by(10) {
        variants.push((format!("cut after line {cut}"), lines[..cut].join("\n")));
    }
    variants
}

#[test]
fn pages_with_navigation_crlf_or_cut_short_import_with_warnings_or_are_refused_by_name() {
    let mut imported = 0;
    let mut refused = 0;
    for stated in table() {
        let (text, _) = page(&stated.page);
        for (how, contents) in variants(&text) {
            let what = format!("{} {how}", stated.page);
            let dir = tempfile::tempdir().unwrap();
            // A name with a space and a folder, as a reader's download might have.
            std::fs::create_dir(dir.path().join("saved pages")).unwrap();
            let given = format!("saved pages/{}", stated.page);
            std::fs::write(dir.path().join(&given), &contents).unwrap();
            let (mut command, _home) = peel_command();
            command.current_dir(dir.path()).args([
                "import",
                &given,
                "--into",
                "content",
                "--year",
                &stated.year.to_string(),
            ]);
            let output = command.output().unwrap();
            let stderr = String::from_utf8_lossy(&output.stderr);
            assert!(!stderr.contains("panicked"), "{what}: {stderr}");
            let into = dir.path().join("content");
            if output.status.success() {
                imported += 1;
                let library =
                    peel::content::load_dir(&into).unwrap_or_else(|e| panic!("{what}: loads: {e}"));
                let force = &library.forces()[0];
                assert_eq!(force.id, stated.force_id, "{what}: force");
                let folder = into.join(&force.id).join(&force.assessments[0].id);
                let warnings = std::fs::read_to_string(folder.join("import-warnings.txt")).unwrap();
                assert_warned_by_line(&warnings, shipped_lines(&into), &what);
                assert!(checks_clean(&into), "{what}: peel check");
            } else {
                refused += 1;
                assert_eq!(output.status.code(), Some(1), "{what}: {stderr}");
                assert!(
                    stderr.contains(&given),
                    "{what}: the file as given: {stderr}"
                );
                assert!(
                    stderr.contains("was read as a ")
                        || stderr.contains("does not read as a PEEL page peel import knows"),
                    "{what}: the kind tried: {stderr}"
                );
                assert!(
                    !into.join("sources.yaml").exists(),
                    "{what}: nothing written"
                );
            }
        }
    }
    // Most of these are still the page they were: a reading that refused them all would
    // pass the loop above.
    assert!(
        imported > 3 * refused,
        "{imported} imported, {refused} refused"
    );
}

/// One tab of a report's web page, or its summary cut above the introduction, may name no
/// cycle: the year given names it, and the warnings say so; with no year it is refused.
#[test]
fn a_report_page_that_names_no_cycle_takes_it_from_the_year_given() {
    let (text, _) = page("kent-2021-22.txt");
    let unnamed: Vec<&str> = text
        .lines()
        .filter(|l| !l.contains("PEEL 20") && *l != "Important changes to PEEL")
        .collect();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kent tab.txt"), unnamed.join("\n")).unwrap();
    let run = |extra: &[&str]| {
        let (mut command, _home) = peel_command();
        command
            .current_dir(dir.path())
            .args(["import", "kent tab.txt", "--into", "content"])
            .args(extra);
        command.output().unwrap()
    };
    let refused = run(&[]);
    assert_eq!(refused.status.code(), Some(1));
    let said = String::from_utf8_lossy(&refused.stderr);
    assert!(said.contains("kent tab.txt"), "{said}");
    assert!(
        said.contains("give the report's year with --year"),
        "{said}"
    );

    let imported = run(&["--year", "2022"]);
    assert!(
        imported.status.success(),
        "{}",
        String::from_utf8_lossy(&imported.stderr)
    );
    let into = dir.path().join("content");
    let library = peel::content::load_dir(&into).unwrap();
    let assessment = &library.forces()[0].assessments[0];
    assert_eq!(
        (assessment.framework.as_str(), assessment.year),
        ("PEEL 2021/22", 2022)
    );
    let warnings = std::fs::read_to_string(into.join("kent/2022/import-warnings.txt")).unwrap();
    assert!(
        warnings
            .contains("the text names no PEEL cycle; PEEL 2021/22 is taken from the year given"),
        "{warnings}"
    );
}

/// Seed 001's text (the Met's 2023–25 report) laid out as `pdftotext` lays out a PDF:
/// constructed from the seed, not a real `pdftotext` run. Mark-up goes (a PDF's text has
/// no `#` or `**`), and every page after about 48 lines ends with its number on a line of
/// its own and a form feed, and starts with a running header.
fn as_pdftotext(seed: &str) -> String {
    const HEADER: &str = "PEEL 2023–25 | Metropolitan Police Service";
    let mut out = vec![HEADER.to_owned()];
    let (mut page, mut on_page) = (1, 0);
    for line in seed.split('\n') {
        let line = line.trim_start_matches('#').trim_start().replace("**", "");
        let blank = line.is_empty();
        out.push(line);
        on_page += 1;
        if on_page >= 48 && blank {
            page += 1;
            on_page = 0;
            out.push(page.to_string());
            out.push(format!("\u{c}{HEADER}"));
        }
    }
    out.join("\n")
}

#[test]
fn a_report_as_pdftotext_lays_it_out_imports_as_the_report_with_its_page_furniture_left_out() {
    let seed = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/sources/001_6cebdb2138c1379e.txt"),
    )
    .unwrap();
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("met.txt"), &seed).unwrap();
    std::fs::write(dir.path().join("met-pdftotext.txt"), as_pdftotext(&seed)).unwrap();
    let import = |file: &str, into: &str| {
        let (mut command, _home) = peel_command();
        command
            .current_dir(dir.path())
            .args(["import", file, "--into", into, "--year", "2024"]);
        let output = command.output().unwrap();
        assert!(
            output.status.success(),
            "{file}: {}",
            String::from_utf8_lossy(&output.stderr)
        );
        peel::content::load_dir(&dir.path().join(into)).unwrap()
    };
    let grades = |library: &peel::model::Library| -> Vec<(String, String)> {
        library.forces()[0].assessments[0]
            .areas
            .iter()
            .map(|a| (a.title.clone(), a.grade.label().to_owned()))
            .collect()
    };
    let seed_import = import("met.txt", "from-seed");
    let pdf_import = import("met-pdftotext.txt", "from-pdf");
    assert_eq!(grades(&pdf_import).len(), 9);
    assert_eq!(grades(&pdf_import), grades(&seed_import));
    let recommendations = |library: &peel::model::Library| {
        library.forces()[0].assessments[0]
            .areas
            .iter()
            .flat_map(|a| &a.findings)
            .map(|f| f.recommendations.len())
            .sum::<usize>()
    };
    assert_eq!(recommendations(&pdf_import), 23);
    let warnings = std::fs::read_to_string(
        dir.path()
            .join("from-pdf/metropolitan/2024/import-warnings.txt"),
    )
    .unwrap();
    let pages = as_pdftotext(&seed).matches('\u{c}').count();
    assert!(pages > 20, "{pages} page breaks");
    assert!(
        warnings.contains(&format!(
            "lines of the PDF's page furniture left out ({pages} page numbers, {} running headers or footers)",
            pages + 1
        )),
        "{warnings}"
    );
    assert_round_trip(&dir.path().join("from-pdf"));
}
