//! `peel import`: a published PEEL page (its text, the PDF's text or the saved HTML page)
//! into content files, with every node citing the lines of the shipped text it came from.
//! Reading a page (`detect` says which kind; `peel2023`, `pillar`, `overview` read it;
//! `names` finds the force and the cycle) knows nothing of files; `plan` turns what was
//! read into the files of a content folder (`join` adds a page to an assessment already
//! there) and `write` puts them there all at once or not at all.
//!
//! Past 500 lines only with its unit tests (under 500 of code).

mod body;
mod detect;
mod encoding;
mod grades;
mod html;
mod html_parse;
mod ids;
mod join;
mod judgments;
pub mod lock;
mod markup;
pub mod names;
mod overview;
mod peel2023;
mod pillar;
pub mod plan;
mod web;
mod write;

pub use detect::{Layout, detect};

pub use write::{Applied, Failure, apply};

use crate::model::{Area, Block, Finding, FindingKind, Grade, SourceRef};
use std::fmt;

/// The largest report accepted: the 2023–25 report is 122 KB of text, its page perhaps ten
/// times that.
pub const MAX_INPUT_BYTES: usize = 16 * 1024 * 1024;

/// Something a person should look at, with the lines it is about.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub lines: [u32; 2],
    pub message: String,
}

impl Warning {
    pub fn at(line: u32, message: impl Into<String>) -> Warning {
        Warning::span(line, line, message)
    }
    pub fn span(first: u32, last: u32, message: impl Into<String>) -> Warning {
        Warning {
            lines: [first, last],
            message: message.into(),
        }
    }
}

impl fmt::Display for Warning {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let message = crate::content::neutralise(&self.message);
        match self.lines {
            [a, b] if a == b => write!(f, "line {a}: {message}"),
            [a, b] => write!(f, "lines {a}–{b}: {message}"),
        }
    }
}

/// What the importer read from one report, before it becomes files.
#[derive(Debug)]
pub struct Draft {
    pub source_file: String,
    pub force_name: Option<String>,
    pub inspection_line: Option<String>,
    pub framework: String,
    /// The PEEL cycle, where the text names it but no year of publication.
    pub cycle: Option<names::Cycle>,
    /// The page's own address (`<link rel="canonical">`, `og:url`), where it gives one.
    pub url: Option<String>,
    pub title: String,
    pub title_question: Option<String>,
    pub year: Option<u16>,
    pub published: Option<String>,
    pub grade: Grade,
    pub summary: Vec<Block>,
    pub findings: Vec<Finding>,
    pub areas: Vec<Area>,
    /// Glossary terms the report links, with the line of their first use.
    pub terms: Vec<(String, u32)>,
    pub warnings: Vec<Warning>,
    /// Text recognised and deliberately not made into content (contents, footer, page
    /// navigation), listed so that nothing is dropped silently.
    pub skipped: Vec<Warning>,
    pub last_line: u32,
}

impl Draft {
    fn new(file: &str) -> Draft {
        Draft {
            source_file: file.to_owned(),
            force_name: None,
            inspection_line: None,
            framework: String::new(),
            cycle: None,
            url: None,
            title: String::new(),
            title_question: None,
            year: None,
            published: None,
            grade: Grade::NotStated,
            summary: Vec::new(),
            findings: Vec::new(),
            areas: Vec::new(),
            terms: Vec::new(),
            warnings: Vec::new(),
            skipped: Vec::new(),
            last_line: 1,
        }
    }

    /// What every reading takes from all the lines: the glossary terms they link, and the
    /// last line with text (the end of the assessment's source range).
    fn note_lines(&mut self, lines: &[markup::Line]) {
        for line in lines {
            for term in &line.terms {
                self.terms.push((term.clone(), line.number));
            }
        }
        self.last_line = lines
            .iter()
            .rev()
            .find(|l| !l.is_blank())
            .map_or(1, |l| l.number);
    }

    /// The distinct terms linked to the glossary (however often each is linked).
    pub fn distinct_terms(&self) -> usize {
        let mut seen = std::collections::HashSet::new();
        self.terms
            .iter()
            .filter(|(term, _)| seen.insert(term.to_lowercase()))
            .count()
    }

    pub fn recommendations(&self) -> usize {
        self.areas
            .iter()
            .flat_map(|a| &a.findings)
            .map(|f| f.recommendations.len())
            .sum()
    }
}

/// What the contents list: areas, each with the sections under it, and their lines.
#[derive(Debug, Default)]
struct Expected {
    areas: Vec<ExpectedArea>,
}

#[derive(Debug)]
struct ExpectedArea {
    name: String,
    line: u32,
    sections: Vec<(FindingKind, u32)>,
}

/// A grade written out ("Requires improvement", "Good."), or nothing.
pub fn grade_of(text: &str) -> Option<Grade> {
    let lower = text
        .trim()
        .trim_end_matches('.')
        .trim()
        .to_lowercase()
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ");
    Some(match lower.as_str() {
        "outstanding" => Grade::Outstanding,
        "good" => Grade::Good,
        "adequate" => Grade::Adequate,
        "requires improvement" => Grade::RequiresImprovement,
        "inadequate" => Grade::Inadequate,
        _ => return None,
    })
}

/// Web page navigation that carries no report text.
fn is_page_chrome(text: &str) -> bool {
    matches!(
        text.to_lowercase().as_str(),
        "skip to content" | "skip to main content" | "back to top" | "print this page"
    )
}

/// A finding of the report's own words: no figures, quotes or notes (the importer never
/// infers them), its title the source's unless the caller says otherwise.
fn finding(
    id: String,
    kind: FindingKind,
    title: String,
    body: Vec<Block>,
    source: SourceRef,
) -> Finding {
    Finding {
        id,
        kind,
        title,
        editorial_title: false,
        body,
        recommendations: Vec::new(),
        figures: Vec::new(),
        quotes: Vec::new(),
        notes: Vec::new(),
        source,
    }
}

/// Text the importer could not place, kept under a heading that says so.
fn other_text(lines: &[markup::Line], file: &str, warnings: &mut Vec<Warning>) -> Finding {
    let mut body = body::Body::default();
    for line in lines {
        warnings.push(Warning::at(
            line.number,
            "text not recognised as part of the report's structure; kept under “Other text”",
        ));
        body.push(line, file, warnings);
    }
    body.finish();
    let first = lines.first().map_or(1, |l| l.number);
    let last = lines.last().map_or(first, |l| l.number);
    let source = SourceRef {
        file: file.to_owned(),
        lines: [first, last],
    };
    let title = "Other text (not recognised by the importer)".to_owned();
    Finding {
        editorial_title: true,
        notes: vec![
            "peel import did not recognise where this text belongs in the report; review it by hand."
                .into(),
        ],
        ..finding("other-text".into(), FindingKind::Summary, title, body.blocks, source)
    }
}

/// Why an input cannot be imported.
#[derive(Debug, Clone, PartialEq)]
pub struct Refusal(pub String);

impl fmt::Display for Refusal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&crate::content::neutralise(&self.0))
    }
}

/// The report's text as it will be shipped, and how it was read.
#[derive(Debug)]
pub struct Source {
    pub text: String,
    /// It was an HTML page, turned into text.
    pub html: bool,
    /// Something the reader should know of how the bytes were read (not UTF-8).
    pub notice: Option<String>,
    /// The page's own address, as its `<link rel="canonical">` or `og:url` gives it.
    pub url: Option<String>,
}

/// The report's text as it will be shipped: HTML turned into text, line endings made `\n`.
/// Refuses what is not a text report: nothing at all, binary data, text with control
/// characters that a terminal would act on.
pub fn source_text(bytes: &[u8]) -> Result<Source, Refusal> {
    if bytes.len() > MAX_INPUT_BYTES {
        return Err(too_large(bytes.len() as u64));
    }
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(Refusal(
            "the file is empty; expected a report's text or its saved web page".into(),
        ));
    }
    let (text, notice) = encoding::decode(bytes)?;
    let text = text
        .trim_start_matches('\u{feff}')
        .replace("\r\n", "\n")
        .replace('\r', "\n");
    let html = html::is_html(&text);
    let url = if html { html::page_url(&text) } else { None };
    let text = if html {
        // Control characters written in the page itself are found at the page's lines.
        if let Some((line, column, c)) = first_control(&text) {
            return Err(control(
                &format!("line {line}, column {column} of the HTML"),
                c,
            ));
        }
        html::to_text(&text).map_err(|deep| {
            Refusal(format!(
                "line {} of the HTML: the page nests its elements more than {} deep; a report's page nests a few dozen deep, and browsers too stop nesting at {}",
                deep.line,
                html::MAX_DEPTH,
                html::MAX_DEPTH
            ))
        })?
    } else {
        // `pdftotext` starts each page after the first with a form feed, at the head of the
        // page's first line: the page break goes and every line keeps its number.
        text.replace('\u{c}', "")
    };
    if let Some((line, column, c)) = first_control(&text) {
        let at = if html {
            format!(
                "line {line}, column {column} of the text made from the HTML (written there as a character reference)"
            )
        } else {
            format!("line {line}, column {column}")
        };
        return Err(control(&at, c));
    }
    Ok(Source {
        text,
        html,
        notice,
        url,
    })
}

/// The refusal of a file larger than a report can be, with its true size.
pub fn too_large(bytes: u64) -> Refusal {
    Refusal(format!(
        "the file is {:.1} MB; a report is at most {} MB of text or HTML",
        bytes as f64 / (1024.0 * 1024.0),
        MAX_INPUT_BYTES / (1024 * 1024)
    ))
}

fn control(at: &str, c: char) -> Refusal {
    Refusal(format!(
        "{at}: the text holds the control character U+{:04X}, which a terminal would act on; a published report has none (was this file altered?)",
        u32::from(c)
    ))
}

/// The first character a terminal would act on (`content::acts_on_terminal`), by line and
/// column.
fn first_control(text: &str) -> Option<(usize, usize, char)> {
    for (index, line) in text.split('\n').enumerate() {
        for (column, c) in line.chars().enumerate() {
            if crate::content::acts_on_terminal(c) {
                return Some((index + 1, column + 1, c));
            }
        }
    }
    None
}

/// Reads a report's text in the given layout; `file` is the name it is shipped under.
/// What the layout's own reading leaves open (the force, the cycle) is taken from wherever
/// the text states it.
pub fn read(text: &str, layout: Layout, file: &str) -> Result<Draft, Refusal> {
    let mut lines = markup::lines(text);
    if layout != Layout::Report {
        lines = grades_on_lines_of_their_own(lines);
    }
    let draft = match layout {
        Layout::Report => peel2023::parse(&lines, file),
        Layout::Pillar => pillar::parse(&lines, file),
        Layout::Overview => overview::parse(&lines, file),
    };
    let mut draft = draft.map_err(Refusal)?;
    if draft.force_name.is_none()
        && let Some(found) = names::force(&lines)
    {
        if found.short_only {
            draft.warnings.push(Warning::at(
                found.line,
                format!("the text names the force only as “{}”; give its full name with --name if it has one (“{} Police”, “{} Constabulary”)", found.name, found.name, found.name),
            ));
        }
        draft.force_name = Some(found.name);
    }
    if draft.year.is_none()
        && draft.cycle.is_none()
        && let Some(cycle) = names::cycle(&lines)
    {
        draft.cycle = Some(cycle);
    }
    Ok(draft)
}

/// A copied page can run a grade onto the line before it ("How effective is the force at
/// …? Good", "Last updated 02/05/2019 Requires improvement") where the site shows it on a
/// line of its own: the grade is given its own line, with the same line number, so that
/// the readings see the page's usual shape and cite the line it is on.
fn grades_on_lines_of_their_own(lines: Vec<markup::Line>) -> Vec<markup::Line> {
    let mut out = Vec::with_capacity(lines.len());
    for line in lines {
        let split = (line.kind == markup::LineKind::Text)
            .then(|| trailing_grade(&line.text))
            .flatten()
            .map(|(before, grade)| (before.to_owned(), grade.to_owned()));
        match split {
            Some((before, grade)) => {
                let mut grade_line = line.clone();
                grade_line.text = grade;
                grade_line.terms.clear();
                let mut first = line;
                first.text = before;
                out.push(first);
                out.push(grade_line);
            }
            None => out.push(line),
        }
    }
    out
}

/// "…? Good" → ("…?", "Good"); "Last updated 02/05/2019 Good" → ("Last updated 02/05/2019",
/// "Good"). Only after a question mark or a date: a sentence ending in "good" is not a grade.
fn trailing_grade(text: &str) -> Option<(&str, &str)> {
    for words in [
        "requires improvement",
        "outstanding",
        "inadequate",
        "adequate",
        "good",
    ] {
        let cut = text.len().checked_sub(words.len())?;
        if !text.is_char_boundary(cut) || !text[cut..].eq_ignore_ascii_case(words) {
            continue;
        }
        let before = text[..cut].trim_end();
        if before.len() == cut {
            continue;
        }
        let after_question = before.ends_with('?');
        let after_date =
            before.starts_with("Last updated ") && before.ends_with(|c: char| c.is_ascii_digit());
        if after_question || after_date {
            return Some((before, text[cut..].trim()));
        }
    }
    None
}

/// A page cut short (the stored or copied text stops mid-sentence) is imported as far as
/// it goes, and the line where it stops is named.
fn warn_if_cut(lines: &[markup::Line], draft: &mut Draft) {
    let Some(last) = lines.iter().rev().find(|l| !l.is_blank()) else {
        return;
    };
    let words = last.text.split_whitespace().count();
    let ends_open = last
        .text
        .chars()
        .last()
        .is_some_and(|c| c.is_alphanumeric() && !c.is_uppercase() || c == ',');
    if matches!(last.kind, markup::LineKind::Text | markup::LineKind::Bullet)
        && words >= 2
        && ends_open
    {
        draft.warnings.push(Warning::at(
            last.number,
            "the text stops mid-sentence here: the page was cut short, and what follows on the full page is not imported",
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_grade_run_onto_a_question_or_a_date_gets_its_own_line() {
        assert_eq!(
            trailing_grade(
                "How effective is the force at keeping people safe? Requires improvement"
            ),
            Some((
                "How effective is the force at keeping people safe?",
                "Requires improvement"
            ))
        );
        assert_eq!(
            trailing_grade("Last updated 02/05/2019 good"),
            Some(("Last updated 02/05/2019", "good"))
        );
        assert_eq!(trailing_grade("The force is good"), None);
        assert_eq!(trailing_grade("Good"), None);
        assert_eq!(
            trailing_grade("Is the force adequate? It is inadequate"),
            None
        );
        let lines = grades_on_lines_of_their_own(markup::lines(
            "Kent PEEL 2017\n\nHow effective is the force? Good",
        ));
        let texts: Vec<(u32, &str)> = lines.iter().map(|l| (l.number, l.text.as_str())).collect();
        assert_eq!(
            texts,
            [
                (1, "Kent PEEL 2017"),
                (2, ""),
                (3, "How effective is the force?"),
                (3, "Good")
            ]
        );
    }
}
