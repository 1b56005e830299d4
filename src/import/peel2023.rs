//! The PEEL 2023–25 report as text: a title block ("An inspection of X"), the contents, an
//! overall summary whose headings are summaries (our judgments, HM Inspector's summary…),
//! then one `#` heading per area with its grade, and under it causes of concern with their
//! recommendations, areas for improvement, innovative practice and main findings. Heading
//! levels and bold vary from area to area in the published text, so sections are told by
//! their words and findings by being headings, whatever their level.
//!
//! Past 500 lines on purpose: one reader of one published layout, in the order of the page,
//! so that following a page means reading one file from the top.

use super::body::Body;
use super::ids::{Unique, slug};
use super::markup::{Line, LineKind};
use super::{
    Draft, Expected, ExpectedArea, Warning, finding, grade_of, grades, is_page_chrome, judgments,
    names, other_text,
};
use crate::model::{Area, Finding, FindingKind, Grade, SourceRef};

/// What a heading inside an area starts.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Section {
    Kind(FindingKind),
    Recommendations,
}

fn section_of(text: &str) -> Option<Section> {
    let lower = text.trim_end_matches(':').trim().to_lowercase();
    Some(match lower.as_str() {
        "causes of concern" | "cause of concern" => Section::Kind(FindingKind::CauseOfConcern),
        "areas for improvement" | "area for improvement" => {
            Section::Kind(FindingKind::AreaForImprovement)
        }
        "innovative practice" | "innovative practices" => {
            Section::Kind(FindingKind::InnovativePractice)
        }
        "main findings" | "main finding" => Section::Kind(FindingKind::MainFinding),
        "recommendation" | "recommendations" => Section::Recommendations,
        _ => return None,
    })
}

/// A heading, or a bold line that reads as one (a run-in heading of four or more words; not
/// a figure caption, a source line or a signature).
fn heading_text(line: &Line) -> Option<&str> {
    match line.kind {
        LineKind::Heading { .. } => Some(&line.text),
        LineKind::Bold
            if line.text.split_whitespace().count() >= 4
                && !["Figure ", "Source", "Note"]
                    .iter()
                    .any(|p| line.text.starts_with(p)) =>
        {
            Some(&line.text)
        }
        _ => None,
    }
}

fn is_h1(line: &Line) -> bool {
    matches!(line.kind, LineKind::Heading { level: 1, .. })
}

/// Reads the whole report.
pub fn parse(lines: &[Line], file: &str) -> Result<Draft, String> {
    let mut marked;
    let mut furniture = Vec::new();
    let lines = if super::web::is_plain(lines) {
        marked = lines.to_vec();
        furniture = super::web::page_furniture(&mut marked);
        super::web::mark_headings(&mut marked);
        &marked[..]
    } else {
        marked = lines.to_vec();
        super::web::relevel(&mut marked);
        &marked[..]
    };
    let mut draft = Draft::new(file);
    if let Some(&(first, _)) = furniture.first() {
        let pages = furniture
            .iter()
            .filter(|(_, what)| *what == "a page number")
            .count();
        draft.warnings.push(Warning::at(
            first,
            format!(
                "{} lines of the PDF's page furniture left out ({pages} page numbers, {} running headers or footers), listed under “Recognised and not imported”",
                furniture.len(),
                furniture.len() - pages
            ),
        ));
        for (line, what) in &furniture {
            draft.skipped.push(Warning::at(*line, *what));
        }
    }
    let footer = footer_at(lines);
    let body_end = footer.unwrap_or(lines.len());
    if let Some(at) = footer {
        read_footer(&lines[at..], &mut draft);
    }
    let mut h1s: Vec<usize> = (0..body_end).filter(|&i| is_h1(&lines[i])).collect();
    h1s.push(body_end);
    let mut other = Vec::new();
    if let Some(&first) = h1s.first() {
        collect_other(&lines[..first], &mut other);
    }
    let mut area_ids = Unique::default();
    let mut expected = Expected::default();
    for pair in h1s.windows(2) {
        let segment = &lines[pair[0]..pair[1]];
        let title = segment[0].text.clone();
        let lower = title.to_lowercase();
        let contents_at = if lower == "contents" {
            Some(0)
        } else if draft.framework.is_empty() && title.contains("PEEL") {
            // Contents under the title, as `## Contents` or a plain line.
            segment
                .iter()
                .position(|l| l.text.trim().eq_ignore_ascii_case("contents"))
        } else {
            None
        };
        if let Some(at) = contents_at {
            if at > 0 {
                read_title_block(&segment[..at], &mut draft, &mut other);
            }
            let segment = &segment[at..];
            expected = contents(segment);
            draft.skipped.push(Warning::span(
                segment[0].number,
                segment.last().map_or(0, |l| l.number),
                "the table of contents: used to check that no area or section is missing",
            ));
        } else if draft.framework.is_empty() && title.contains("PEEL") {
            read_title_block(segment, &mut draft, &mut other);
        } else if lower == "overall summary" || lower == "summary" {
            overall_summary(segment, file, &mut draft);
        } else {
            let area = area(segment, file, &mut area_ids, &mut draft.warnings);
            draft.areas.push(area);
        }
    }
    if !other.is_empty() {
        draft
            .findings
            .push(other_text(&other, file, &mut draft.warnings));
    }
    check_expected(&expected, &mut draft);
    draft.note_lines(lines);
    let text_areas = !draft.areas.is_empty();
    let judged = judgments::read(lines, &mut draft.warnings);
    judgments::apply(&judged, file, &mut draft);
    if draft.framework.is_empty()
        && let Some(cycle) = names::cycle(lines)
    {
        draft.framework = cycle.name.clone();
        draft.title = cycle.name.clone();
        draft.cycle = Some(cycle);
    }
    if draft.areas.is_empty() && draft.findings.is_empty() {
        return Err(
            "expected the report's sections: “Overall summary” with “Our judgments” (“Our inspection assessed how good <force> is in … areas of policing”), then one section per area, such as “Investigating crime”, with its grade".into(),
        );
    }
    // A report that names no cycle (one tab of the web page, a summary cut above its
    // introduction) is left to the year given with --year: plan.rs takes the cycle from it.
    if !text_areas {
        let at = draft.last_line;
        draft.warnings.push(Warning::at(
            at,
            "the text stops here before the report's areas: a full report has a section per area (“Investigating crime”, “Protecting vulnerable people” …), each with its grade, causes of concern, areas for improvement and main findings; only what is above was imported",
        ));
    }
    super::warn_if_cut(lines, &mut draft);
    Ok(draft)
}

/// The last lines: "August 2024 | © HMICFRS 2024" and the site's address.
fn footer_at(lines: &[Line]) -> Option<usize> {
    lines
        .iter()
        .rposition(|l| l.text.contains("© HMICFRS") || l.text.contains("© HMIC"))
}

fn read_footer(lines: &[Line], draft: &mut Draft) {
    let first = &lines[0];
    let published = first.text.split('|').next().unwrap_or("").trim();
    if !published.is_empty() && published.chars().any(|c| c.is_ascii_digit()) {
        draft.published = Some(published.to_owned());
        draft.year = year_in(published);
    }
    let last = lines.iter().rev().find(|l| !l.is_blank()).unwrap_or(first);
    draft.skipped.push(Warning::span(
        first.number,
        last.number,
        "the page footer: publication date and the inspectorate's web address",
    ));
}

/// The last four-digit year in `text`.
pub fn year_in(text: &str) -> Option<u16> {
    text.split(|c: char| !c.is_ascii_digit())
        .filter(|n| n.len() == 4)
        .filter_map(|n| n.parse::<u16>().ok())
        .rfind(|y| (1990..=2100).contains(y))
}

/// `# PEEL 2023–25`, `## Police effectiveness, efficiency and legitimacy`, "An inspection
/// of the X Police".
fn read_title_block(segment: &[Line], draft: &mut Draft, other: &mut Vec<Line>) {
    // "PEEL 2023–2025: An inspection of Kent Police" names the cycle as "PEEL 2023–25".
    draft.framework =
        names::cycle(&segment[..1]).map_or_else(|| segment[0].text.clone(), |c| c.name);
    draft.title = draft.framework.clone();
    for line in &segment[1..] {
        let lower = line.text.to_lowercase();
        if line.is_blank() {
            continue;
        }
        if let Some(name) = lower
            .strip_prefix("an inspection of ")
            .map(|_| line.text["an inspection of ".len()..].trim())
        {
            let name = name.strip_prefix("the ").unwrap_or(name);
            draft.force_name = Some(name.trim_end_matches('.').to_owned());
            draft.inspection_line = Some(line.text.clone());
        } else if matches!(line.kind, LineKind::Heading { .. }) && draft.title == draft.framework {
            draft.title = format!("{}: {}", draft.framework, line.text);
        } else {
            other.push(line.clone());
        }
    }
}

/// Areas and their sections as the contents list them: bold entries are areas.
fn contents(segment: &[Line]) -> Expected {
    let mut expected = Expected::default();
    for line in segment {
        let LineKind::Row(cells) = &line.kind else {
            continue;
        };
        let Some(name) = cells.first().filter(|c| !c.is_empty()) else {
            continue;
        };
        if line.raw_bold {
            expected.areas.push(ExpectedArea {
                name: name.clone(),
                line: line.number,
                sections: Vec::new(),
            });
        } else if let (Some(area), Some(Section::Kind(kind))) =
            (expected.areas.last_mut(), section_of(name))
        {
            area.sections.push((kind, line.number));
        }
    }
    expected
}

fn check_expected(expected: &Expected, draft: &mut Draft) {
    for ExpectedArea {
        name,
        line,
        sections,
    } in &expected.areas
    {
        let found = draft
            .areas
            .iter()
            .find(|a| a.title.eq_ignore_ascii_case(name));
        let Some(area) = found else {
            if name.eq_ignore_ascii_case("overall summary") {
                continue;
            }
            draft.warnings.push(Warning::at(
                *line,
                format!("the contents list the area “{name}” but the text has no such section: the report may be cut short"),
            ));
            continue;
        };
        for (kind, at) in sections {
            if !area.findings.iter().any(|f| f.kind == *kind) {
                draft.warnings.push(Warning::at(
                    *at,
                    format!(
                        "the contents list “{}” under “{name}”, but the text has none there",
                        kind.section_title()
                    ),
                ));
            }
        }
    }
}

/// The overall summary: each heading under it is one summary finding.
fn overall_summary(segment: &[Line], file: &str, draft: &mut Draft) {
    let mut ids = Unique::default();
    let mut current: Option<(String, u32, Body)> = None;
    let mut before = Body::default();
    for line in &segment[1..] {
        if let LineKind::Heading { .. } = line.kind {
            if let Some(done) = current.take() {
                draft
                    .findings
                    .push(finish(done, FindingKind::Summary, file, &mut ids));
            }
            current = Some((line.text.clone(), line.number, Body::default()));
            continue;
        }
        match &mut current {
            Some((_, _, body)) => body.push(line, file, &mut draft.warnings),
            None => before.push(line, file, &mut draft.warnings),
        }
    }
    if let Some(done) = current.take() {
        draft
            .findings
            .push(finish(done, FindingKind::Summary, file, &mut ids));
    }
    before.finish();
    draft.summary.extend(before.blocks);
}

/// A finding from its heading, the heading's line and the body under it.
fn finish(
    (title, line, mut body): (String, u32, Body),
    kind: FindingKind,
    file: &str,
    ids: &mut Unique,
) -> Finding {
    body.finish();
    body.caption_tables(&title);
    let last = body.lines.map_or(line, |[_, last]| last.max(line));
    let source = SourceRef {
        file: file.to_owned(),
        lines: [line, last],
    };
    let id = ids.take(slug(&title, 5, "finding"));
    Finding {
        recommendations: body.recommendations,
        notes: body.notes,
        ..finding(id, kind, title, body.blocks, source)
    }
}

/// One area: its grade, summary, and findings by section.
fn area(segment: &[Line], file: &str, ids: &mut Unique, warnings: &mut Vec<Warning>) -> Area {
    let title = segment[0].text.clone();
    let mut rest = &segment[1..];
    let (grade, used) = leading_grade(rest);
    rest = &rest[used..];
    let grade = grade.unwrap_or_else(|| unstated_grade(segment, &title, warnings));
    let mut summary = Body::default();
    let mut findings = Vec::new();
    let mut finding_ids = Unique::default();
    let mut section: Option<FindingKind> = None;
    let mut current: Option<(String, u32, Body)> = None;
    let mut carried: Option<Carried> = None;
    let mut close = |current: &mut Option<(String, u32, Body)>,
                     carried: &mut Option<Carried>,
                     section: Option<FindingKind>,
                     findings: &mut Vec<Finding>| {
        if let Some(done) = carried.take() {
            findings.push(done.finish(file, &mut finding_ids));
        }
        if let Some(done) = current.take() {
            let kind = section.unwrap_or(FindingKind::MainFinding);
            findings.push(finish(done, kind, file, &mut finding_ids));
        }
    };
    for line in rest {
        let Some(heading) = heading_text(line) else {
            if let Some(open) = &mut carried {
                if !open.ends_at(line) {
                    open.push(line, file, warnings);
                    continue;
                }
                close(&mut None, &mut carried, section, &mut findings);
            }
            match &mut current {
                Some((_, _, body))
                    if section != Some(FindingKind::CauseOfConcern) && Carried::starts_at(line) =>
                {
                    let mut open = Carried::default();
                    open.push(line, file, warnings);
                    carried = Some(open);
                    body.push(line, file, warnings);
                }
                Some((_, _, body)) => body.push(line, file, warnings),
                None => summary.push(line, file, warnings),
            }
            continue;
        };
        match section_of(heading) {
            // Recommendations belong to the cause of concern above them.
            Some(Section::Recommendations) if current.is_some() => {}
            Some(Section::Recommendations) => warnings.push(Warning::at(
                line.number,
                "a “Recommendations” heading with no cause of concern above it".to_owned(),
            )),
            Some(Section::Kind(kind)) => {
                close(&mut current, &mut carried, section, &mut findings);
                section = Some(kind);
            }
            None if matches!(
                line.kind,
                LineKind::Heading {
                    level: 2,
                    bold: false
                }
            ) =>
            {
                // A sub-title of the area itself ("Victim service assessment").
                close(&mut current, &mut carried, section, &mut findings);
                summary.push(line, file, warnings);
            }
            None => {
                close(&mut current, &mut carried, section, &mut findings);
                if section.is_none() {
                    warnings.push(Warning::at(
                        line.number,
                        format!("“{heading}” comes before any section heading (causes of concern, areas for improvement, main findings…); taken as a main finding"),
                    ));
                }
                current = Some((heading.to_owned(), line.number, Body::default()));
            }
        }
    }
    close(&mut current, &mut carried, section, &mut findings);
    summary.finish();
    for finding in &findings {
        if finding.body.is_empty() && finding.recommendations.is_empty() {
            warnings.push(Warning::at(
                finding.source.lines[0],
                format!("“{}” has a heading but no text under it", finding.title),
            ));
        }
        if !finding.recommendations.is_empty() && finding.kind != FindingKind::CauseOfConcern {
            warnings.push(Warning::span(
                finding.source.lines[0],
                finding.source.lines[1],
                format!(
                    "recommendations inside a {} (“{}”), not under a cause of concern: review where they belong",
                    finding.kind.label().to_lowercase(),
                    finding.title
                ),
            ));
        }
    }
    if findings.is_empty() {
        warnings.push(Warning::at(
            segment[0].number,
            format!("the area “{title}” has no findings: the report may be cut short"),
        ));
    }
    let last = segment
        .iter()
        .rev()
        .find(|l| !l.is_blank())
        .map_or(segment[0].number, |l| l.number);
    Area {
        id: ids.take(slug(&title, 3, "area")),
        title,
        short_title: None,
        grade,
        summary: summary.blocks,
        source: Some(SourceRef {
            file: file.to_owned(),
            lines: [segment[0].number, last],
        }),
        findings,
    }
}

/// The grade right under an area's heading, on one line or broken over two ("Requires" /
/// "improvement"), and how many lines it took (blank lines included).
fn leading_grade(lines: &[Line]) -> (Option<Grade>, usize) {
    let mut seen = Vec::new();
    for (index, line) in lines.iter().enumerate() {
        if line.is_blank() {
            continue;
        }
        seen.push(line.text.as_str());
        let joined = seen.join(" ");
        if let Some(grade) = grade_of(&joined) {
            return (Some(grade), index + 1);
        }
        if seen.len() == 2 {
            break;
        }
    }
    (None, 0)
}

/// No grade under the heading: the text may say the area is not graded; otherwise the
/// grade is not stated, never guessed.
fn unstated_grade(segment: &[Line], title: &str, warnings: &mut Vec<Warning>) -> Grade {
    let says_ungraded = segment.iter().find(|l| {
        let lower = l.text.to_lowercase();
        lower.contains("is ungraded")
            || lower.contains("don't make a graded judgment")
            || lower.contains("do not make a graded judgment")
    });
    match says_ungraded {
        Some(line) => {
            warnings.push(Warning::at(
                line.number,
                format!("“{title}” has no grade under its heading; the text says it is not graded, so it is recorded as ungraded"),
            ));
            Grade::Ungraded
        }
        None => {
            // "Kent Police is outstanding at planning for the future": the area's opening
            // sentence may state the grade.
            let opening = segment[1..]
                .iter()
                .find(|l| l.kind == LineKind::Text)
                .and_then(|l| {
                    let sentence = l.text.split(". ").next().unwrap_or(&l.text);
                    grades::in_sentence(sentence).map(|g| (l.number, g))
                });
            if let Some((line, grade)) = opening {
                warnings.push(Warning::at(
                    line,
                    format!("“{title}” has no grade under its heading; the grade “{}” is taken from the sentence on this line: check it", grade.label()),
                ));
                return grade;
            }
            warnings.push(Warning::at(
                segment[0].number,
                format!("“{title}” has no grade under its heading; recorded as not stated"),
            ));
            Grade::NotStated
        }
    }
}

/// Lines before the report's title that are not page navigation.
fn collect_other(lines: &[Line], other: &mut Vec<Line>) {
    other.extend(
        lines
            .iter()
            .filter(|l| !l.is_blank() && !is_page_chrome(&l.text))
            .cloned(),
    );
}

/// A cause of concern from an earlier inspection, restated inside a finding ("The cause of
/// concern states that: <the cause>. There were five recommendations … The force should:"
/// and a list): its own finding, titled with its statement, holding its recommendations.
/// The finding it sits in keeps the sentence that introduces it.
#[derive(Default)]
struct Carried {
    title: Option<String>,
    body: Body,
    notes_from: Option<u32>,
}

impl Carried {
    fn starts_at(line: &Line) -> bool {
        let lower = line.text.to_lowercase();
        line.kind == LineKind::Text
            && lower.contains("cause of concern")
            && lower.ends_with("states that:")
    }

    /// The recommendations have been listed and a line of other text follows.
    fn ends_at(&self, line: &Line) -> bool {
        !self.body.recommendations.is_empty()
            && !matches!(line.kind, LineKind::Bullet | LineKind::Blank)
    }

    fn push(&mut self, line: &Line, file: &str, warnings: &mut Vec<Warning>) {
        self.notes_from.get_or_insert(line.number);
        if self.title.is_none() && line.kind == LineKind::Text && !Carried::starts_at(line) {
            self.title = Some(line.text.trim_end_matches('.').to_owned());
        }
        self.body.push(line, file, warnings);
    }

    fn finish(mut self, file: &str, ids: &mut Unique) -> Finding {
        let first = self.notes_from.unwrap_or(1);
        let title = self
            .title
            .take()
            .unwrap_or_else(|| "Cause of concern".to_owned());
        let mut finding = finish(
            (title, first, self.body),
            FindingKind::CauseOfConcern,
            file,
            ids,
        );
        finding.notes.push(
            "The report restates this cause of concern, from an earlier inspection, inside a main finding; peel import made it a cause of concern of its own with its recommendations."
                .into(),
        );
        finding
    }
}
