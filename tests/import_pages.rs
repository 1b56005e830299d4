//! `peel import` on real pages of the inspectorate's website, several forces per kind of
//! page (tests/fixtures/import/, each with its source address and licence in its header):
//! PEEL 2014–2019 pillar pages and force overview pages, and PEEL 2021/22 and 2023–25
//! report pages. Each is imported from its copied text and from a saved page made of the
//! same text, with nothing but the text to go on: the force, the cycle, the year and the
//! grades must be those the page states, a page cut short must import what it has and say
//! by line what it lacks, and every node's text must be found at the lines it cites.

mod common;

use common::import_page::{Imported, assert_round_trip, import_page, line_of, page};
use common::peel_command;
use peel::model::{FindingKind, Grade};
use std::path::Path;

/// What a page states, as the page states it.
struct Stated {
    fixture: &'static str,
    force: &'static str,
    framework: &'static str,
    year: u16,
    grade: Grade,
    areas: &'static [(&'static str, Grade)],
    areas_for_improvement: usize,
}

/// Imports the page from its text and from its saved page, and checks both against what
/// it states; returns the text's import.
fn check(stated: &Stated) -> Imported {
    let mut first = None;
    for html in [false, true] {
        let imported = import_page(stated.fixture, html, &[]);
        let library = imported.library();
        let force = &library.forces()[0];
        let assessment = &force.assessments[0];
        let what = format!(
            "{} ({})",
            stated.fixture,
            if html { "HTML" } else { "text" }
        );
        assert_eq!(force.name, stated.force, "{what}: force");
        assert_eq!(assessment.framework, stated.framework, "{what}: cycle");
        assert_eq!(assessment.year, stated.year, "{what}: year");
        assert_eq!(assessment.grade, stated.grade, "{what}: grade");
        let areas: Vec<(String, Grade)> = assessment
            .areas
            .iter()
            .map(|a| (a.label().to_owned(), a.grade))
            .collect();
        let wanted: Vec<(String, Grade)> = stated
            .areas
            .iter()
            .map(|(t, g)| ((*t).to_owned(), *g))
            .collect();
        assert_eq!(areas, wanted, "{what}: areas and their grades");
        let afis = assessment
            .areas
            .iter()
            .flat_map(|a| &a.findings)
            .filter(|f| f.kind == FindingKind::AreaForImprovement)
            .count();
        assert_eq!(
            afis, stated.areas_for_improvement,
            "{what}: areas for improvement"
        );
        let (_, url) = page(stated.fixture);
        let recorded = library.sources()[0].url.clone();
        if html {
            assert_eq!(
                recorded.as_deref(),
                Some(url.as_str()),
                "{what}: the page's address"
            );
        } else {
            assert_eq!(recorded, None, "{what}: copied text has no address");
        }
        assert_round_trip(&imported.into);
        if !html {
            first = Some(imported);
        }
    }
    first.unwrap()
}

use Grade::{Good, NotStated, Outstanding, RequiresImprovement};

#[test]
fn pillar_pages_of_2014_to_2017_give_the_force_and_the_grades_they_state() {
    let kent = check(&Stated {
        fixture: "kent-2017-legitimacy.txt",
        force: "Kent Police",
        framework: "PEEL 2017",
        year: 2017,
        grade: Outstanding,
        areas: &[],
        areas_for_improvement: 0,
    });
    let warnings = kent.warnings();
    let end = line_of(
        "kent-2017-legitimacy.txt",
        "we found that the force was outsta",
    );
    assert!(
        warnings.contains(&format!("line {end}: the page ends here before any of its questions: a full pillar page lists them under “Questions for Legitimacy”")),
        "{warnings}"
    );
    assert!(
        warnings.contains(&format!("line {end}: the text stops mid-sentence here")),
        "{warnings}"
    );

    let gloucestershire = check(&Stated {
        fixture: "gloucestershire-2017-efficiency.txt",
        force: "Gloucestershire Constabulary",
        framework: "PEEL 2017",
        year: 2017,
        grade: Good,
        areas: &[("How well does the force understand demand?", NotStated)],
        areas_for_improvement: 0,
    });
    let sentence = line_of(
        "gloucestershire-2017-efficiency.txt",
        "is judged to be good in the efficiency",
    );
    assert!(
        gloucestershire.warnings().contains(&format!("line {sentence}: the page has no grade line under its title; the pillar's grade “Good” is taken from the sentence on this line")),
        "{}",
        gloucestershire.warnings()
    );

    let kent_2015 = check(&Stated {
        fixture: "kent-2015-legitimacy.txt",
        force: "Kent",
        framework: "PEEL 2015",
        year: 2015,
        grade: NotStated,
        areas: &[],
        areas_for_improvement: 0,
    });
    assert!(
        kent_2015
            .warnings()
            .contains("names the force only as “Kent”")
    );

    check(&Stated {
        fixture: "lancashire-2014-efficiency.txt",
        force: "Lancashire",
        framework: "PEEL 2014",
        year: 2014,
        grade: NotStated,
        areas: &[
            ("To what extent is the force efficient?", NotStated),
            (
                "To what extent is the force taking steps to ensure a secure financial position for the short and long term?",
                NotStated,
            ),
            (
                "To what extent has the force got an affordable way of providing policing?",
                NotStated,
            ),
        ],
        areas_for_improvement: 0,
    });
}

#[test]
fn pillar_pages_of_2018_19_give_their_questions_and_carried_over_judgments() {
    let essex = check(&Stated {
        fixture: "essex-2018-effectiveness.txt",
        force: "Essex Police",
        framework: "PEEL 2018/19",
        year: 2018,
        grade: Good,
        areas: &[(
            "How effective is the force at preventing crime, tackling anti-social behaviour and keeping people safe?",
            NotStated,
        )],
        areas_for_improvement: 0,
    });
    let carried = line_of("essex-2018-effectiveness.txt", "has been carried over");
    let warnings = essex.warnings();
    assert!(
        warnings.contains(&format!(
            "line {carried}: “How effective is the force at preventing crime"
        )),
        "{warnings}"
    );
    assert!(
        warnings.contains("the judgment of an earlier inspection was carried over"),
        "{warnings}"
    );
    assert!(
        warnings.contains("the pillar's grade “Good” is taken from the sentence"),
        "{warnings}"
    );

    check(&Stated {
        fixture: "gloucestershire-2018-legitimacy.txt",
        force: "Gloucestershire Constabulary",
        framework: "PEEL 2018/19",
        year: 2018,
        grade: NotStated,
        areas: &[(
            "To what extent does the force treat all of the people it serves with fairness and respect?",
            NotStated,
        )],
        areas_for_improvement: 0,
    });
    let lancashire = check(&Stated {
        fixture: "lancashire-2018-efficiency.txt",
        force: "Lancashire Constabulary",
        framework: "PEEL 2018/19",
        year: 2018,
        grade: Outstanding,
        areas: &[("How well does the force plan for the future?", Outstanding)],
        areas_for_improvement: 0,
    });
    assert!(
        lancashire.said().contains("grade: Outstanding"),
        "{}",
        lancashire.said()
    );
    let bedfordshire = check(&Stated {
        fixture: "bedfordshire-2018-efficiency-detailed-findings.txt",
        force: "Bedfordshire Police",
        framework: "PEEL 2018/19",
        year: 2018,
        grade: NotStated,
        areas: &[(
            "How well does the force use its resources to meet the demand it faces?",
            NotStated,
        )],
        areas_for_improvement: 1,
    });
    let library = bedfordshire.library();
    let area = &library.forces()[0].assessments[0].areas[0];
    assert!(
        area.findings[0]
            .title
            .starts_with("The force should ensure that it has enough, suitably trained officers")
    );
}

#[test]
fn force_overview_pages_give_each_pillar_the_judgment_its_sentence_states() {
    let west_midlands = check(&Stated {
        fixture: "west-midlands-2017-overview.txt",
        force: "West Midlands Police",
        framework: "PEEL 2017",
        year: 2017,
        grade: NotStated,
        areas: &[
            ("Effectiveness", RequiresImprovement),
            ("Efficiency", Good),
            ("Legitimacy", RequiresImprovement),
        ],
        areas_for_improvement: 0,
    });
    assert!(
        west_midlands
            .warnings()
            .contains("the page has no section on effectiveness")
    );
    check(&Stated {
        fixture: "gloucestershire-2016-overview.txt",
        force: "Gloucestershire Constabulary",
        framework: "PEEL 2016",
        year: 2016,
        grade: NotStated,
        areas: &[
            ("Effectiveness", RequiresImprovement),
            ("Efficiency", Good),
            ("Legitimacy", RequiresImprovement),
        ],
        areas_for_improvement: 0,
    });
    let lancashire = check(&Stated {
        fixture: "lancashire-2016-overview.txt",
        force: "Lancashire Constabulary",
        framework: "PEEL 2016",
        year: 2016,
        grade: NotStated,
        areas: &[("Effectiveness", NotStated), ("Efficiency", Good)],
        areas_for_improvement: 0,
    });
    // The page states the effectiveness judgment twice and the legitimacy one not at all.
    assert!(
        lancashire
            .warnings()
            .contains("the page states the effectiveness judgment again")
    );
    check(&Stated {
        fixture: "kent-2017-overview.txt",
        force: "Kent Police",
        framework: "PEEL 2017",
        year: 2017,
        grade: NotStated,
        areas: &[
            ("Effectiveness", Good),
            ("Efficiency", Good),
            ("Legitimacy", Outstanding),
        ],
        areas_for_improvement: 0,
    });
    check(&Stated {
        fixture: "kent-2018-overview.txt",
        force: "Kent Police",
        framework: "PEEL 2018/19",
        year: 2018,
        grade: NotStated,
        areas: &[
            ("Effectiveness", Good),
            ("Efficiency", Outstanding),
            ("Legitimacy", Outstanding),
        ],
        areas_for_improvement: 0,
    });
}

/// A 2021/22 or 2023–25 report page cut after its summary, with its judgments grid a
/// graphic: the force and the cycle, no grade invented, and the warnings say why.
fn check_report_page(
    fixture: &'static str,
    force: &'static str,
    cycle: &'static str,
    first_year: u16,
) {
    let imported = check(&Stated {
        fixture,
        force,
        framework: cycle,
        year: first_year,
        grade: NotStated,
        areas: &[],
        areas_for_improvement: 0,
    });
    let library = imported.library();
    let assessment = &library.forces()[0].assessments[0];
    assert_eq!(
        assessment.id,
        cycle.trim_start_matches("PEEL ").replace(['/', '–'], "-")
    );
    let warnings = imported.warnings();
    let grid = line_of(fixture, "We make graded judgments in");
    assert!(
        warnings.contains(&format!("line {grid}: the text says the graded judgments follow (“as follows:”) but no grades follow it")),
        "{fixture}: {warnings}"
    );
    assert!(
        warnings.contains("the text stops here before the report's areas"),
        "{fixture}: {warnings}"
    );
    assert!(
        warnings.contains(&format!("the text states no year of publication; the year recorded is the first of its cycle, {first_year}")),
        "{fixture}: {warnings}"
    );
    // With the year given, the year names the assessment.
    let given = import_page(fixture, false, &["--year", "2024"]);
    let library = given.library();
    let assessment = &library.forces()[0].assessments[0];
    assert_eq!((assessment.id.as_str(), assessment.year), ("2024", 2024));
    assert_eq!(library.forces()[0].name, force);
}

#[test]
fn reports_of_2021_22_name_their_force_and_cycle_from_the_page() {
    check_report_page(
        "west-midlands-2021-22.txt",
        "West Midlands Police",
        "PEEL 2021/22",
        2021,
    );
    check_report_page("kent-2021-22.txt", "Kent Police", "PEEL 2021/22", 2021);
    check_report_page(
        "gloucestershire-2021-22.txt",
        "Gloucestershire Constabulary",
        "PEEL 2021/22",
        2021,
    );
    check_report_page("essex-2021-22.txt", "Essex Police", "PEEL 2021/22", 2021);
}

#[test]
fn reports_of_2023_25_as_their_web_pages_read() {
    check_report_page(
        "west-midlands-2023-25.txt",
        "West Midlands Police",
        "PEEL 2023–25",
        2023,
    );
    check_report_page("kent-2023-25.txt", "Kent Police", "PEEL 2023–25", 2023);
    check_report_page("essex-2023-25.txt", "Essex Police", "PEEL 2023–25", 2023);
    check_report_page(
        "gloucestershire-2023-25.txt",
        "Gloucestershire Constabulary",
        "PEEL 2023–25",
        2023,
    );
    // The overall summary's sections are kept as the page has them.
    let kent = import_page("kent-2023-25.txt", false, &[]);
    let library = kent.library();
    let titles: Vec<&str> = library.forces()[0].assessments[0]
        .findings
        .iter()
        .map(|f| f.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Our judgments",
            "PEEL 2023–2025",
            "Terminology in this report",
            "HM Inspector’s summary"
        ]
    );
}

fn refused(name: &str, contents: &str, extra: &[&str]) -> String {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join(name), contents).unwrap();
    let (mut command, _home) = peel_command();
    command.current_dir(dir.path());
    command
        .args(["import", name, "--into", "content"])
        .args(extra);
    let output = command.output().unwrap();
    assert_eq!(output.status.code(), Some(1));
    assert!(!dir.path().join("content").join("sources.yaml").exists());
    String::from_utf8_lossy(&output.stderr).into_owned()
}

#[test]
fn refusals_name_the_file_as_given_and_say_what_the_format_expects() {
    let said = refused(
        "minutes.txt",
        "Minutes of the meeting\n\nApologies were received.\n",
        &[],
    );
    assert!(
        said.contains("minutes.txt does not read as a PEEL page peel import knows"),
        "{said}"
    );
    for words in [
        "“Our inspection assessed how good <force> is",
        "“<Force> PEEL 2017”",
        "“The extent to which the force is effective",
    ] {
        assert!(said.contains(words), "{said}");
    }
    assert!(!said.contains("report-"), "no internal name: {said}");

    let (text, _) = page("kent-2023-25.txt");
    let said = refused("kent.txt", &text, &["--format", "pillar"]);
    assert!(
        said.contains("kent.txt was read as a PEEL 2014–2019 pillar page (given by --format) and does not read as one: expected the page's title, the force and the year with “PEEL” between them, such as “Kent PEEL 2017”"),
        "{said}"
    );
    let said = refused("kent.txt", &text, &["--format", "2099"]);
    assert!(
        said.contains("--format 2099: expected one of report"),
        "{said}"
    );
    let said = refused("kent.txt", &text, &["--url", "javascript:alert(1)"]);
    assert!(
        said.contains("--url javascript:alert(1): not a web address"),
        "{said}"
    );
}

#[test]
fn the_url_given_is_recorded_with_the_source() {
    let url = "https://hmicfrs.justiceinspectorates.gov.uk/peel-reports/kent-2023-25/";
    let imported = import_page("kent-2023-25.txt", false, &["--url", url]);
    assert_eq!(imported.library().sources()[0].url.as_deref(), Some(url));
}

#[test]
fn pages_of_one_assessment_join_it_in_one_command_without_duplicating() {
    let dir = tempfile::tempdir().unwrap();
    for fixture in ["kent-2017-overview.txt", "kent-2017-legitimacy.txt"] {
        std::fs::write(dir.path().join(fixture), page(fixture).0).unwrap();
    }
    let run = |args: &[&str]| {
        let (mut command, _home) = peel_command();
        command
            .current_dir(dir.path())
            .arg("import")
            .args(args)
            .args(["--into", "content"]);
        command.output().unwrap()
    };
    let both = run(&["kent-2017-overview.txt", "kent-2017-legitimacy.txt"]);
    assert!(
        both.status.success(),
        "{}",
        String::from_utf8_lossy(&both.stderr)
    );
    let into = dir.path().join("content");
    let library = peel::content::load_dir(&into).unwrap();
    let force = &library.forces()[0];
    assert_eq!(force.assessments.len(), 1);
    let assessment = &force.assessments[0];
    assert_eq!(
        assessment.sources.len(),
        2,
        "both pages' texts are its sources"
    );
    let labels: Vec<&str> = assessment.areas.iter().map(|a| a.label()).collect();
    assert_eq!(labels, ["Effectiveness", "Efficiency", "Legitimacy"]);
    assert_eq!(
        assessment.grade, NotStated,
        "a pillar's grade is not the assessment's"
    );
    let page = assessment
        .findings
        .iter()
        .find(|f| f.title == "PEEL 2017: Legitimacy")
        .expect("the second page's summary");
    assert_eq!(page.kind, FindingKind::Summary);
    assert_ne!(page.source.file, assessment.sources[0]);
    let warnings = std::fs::read_to_string(into.join("kent/2017/import-warnings.txt")).unwrap();
    assert!(
        warnings.contains("this page states the grade “Outstanding” for PEEL 2017: Legitimacy"),
        "{warnings}"
    );
    assert_round_trip(&into);

    // The same page again is refused, and changes nothing.
    let again = run(&["kent-2017-legitimacy.txt"]);
    assert_eq!(again.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&again.stderr).contains("holds this text already"));
    assert_eq!(
        peel::content::load_dir(&into).unwrap().forces()[0].assessments[0]
            .sources
            .len(),
        2
    );
}

#[test]
fn a_report_saved_in_two_parts_joins_with_each_area_once() {
    let dir = tempfile::tempdir().unwrap();
    let report = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("content/sources/001_6cebdb2138c1379e.txt"),
    )
    .unwrap();
    let first: Vec<&str> = report.split('\n').take(600).collect();
    std::fs::write(dir.path().join("first-part.txt"), first.join("\n")).unwrap();
    std::fs::write(dir.path().join("whole.txt"), &report).unwrap();
    let (mut command, _home) = peel_command();
    command.current_dir(dir.path());
    command.args([
        "import",
        "first-part.txt",
        "whole.txt",
        "--into",
        "content",
        "--year",
        "2024",
    ]);
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let said = String::from_utf8_lossy(&output.stdout);
    assert!(
        said.contains("is already in the assessment, from an earlier page"),
        "{said}"
    );
    let library = peel::content::load_dir(&dir.path().join("content")).unwrap();
    let assessment = &library.forces()[0].assessments[0];
    let mut titles: Vec<&str> = assessment.areas.iter().map(|a| a.title.as_str()).collect();
    assert_eq!(titles.len(), 9, "{titles:?}");
    titles.dedup();
    assert_eq!(titles.len(), 9, "no area twice");
    assert_eq!(titles.last(), Some(&"Leadership and force management"));
}

#[test]
fn a_saved_report_page_with_its_own_heading_levels_reads_as_its_copied_text() {
    // The page's own lines, marked up as a site marks them: the section as `h2`, the
    // summary's headings as `h3`.
    let (text, url) = page("kent-2023-25.txt");
    let mut html = format!(
        "<!DOCTYPE html><html><head><meta property=\"og:url\" content=\"{url}\"></head><body>\n"
    );
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        let tag = match line {
            "Overall summary" => "h2",
            "Our judgments"
            | "PEEL 2023–2025"
            | "Terminology in this report"
            | "HM Inspector’s summary" => "h3",
            _ => "p",
        };
        html.push_str(&format!("<{tag}>{line}</{tag}>\n"));
    }
    html.push_str("</body></html>\n");
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("kent.html"), html).unwrap();
    let (mut command, _home) = peel_command();
    command
        .current_dir(dir.path())
        .args(["import", "kent.html", "--into", "content"]);
    let output = command.output().unwrap();
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let library = peel::content::load_dir(&dir.path().join("content")).unwrap();
    let assessment = &library.forces()[0].assessments[0];
    let titles: Vec<&str> = assessment
        .findings
        .iter()
        .map(|f| f.title.as_str())
        .collect();
    assert_eq!(
        titles,
        [
            "Our judgments",
            "PEEL 2023–2025",
            "Terminology in this report",
            "HM Inspector’s summary"
        ]
    );
    assert_eq!(library.forces()[0].name, "Kent Police");
    assert_eq!(assessment.framework, "PEEL 2023–25");
    assert_eq!(
        library.sources()[0].url.as_deref(),
        Some(url.as_str()),
        "og:url"
    );
    assert_round_trip(&dir.path().join("content"));
}
