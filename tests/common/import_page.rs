//! Importing the real pages in tests/fixtures/import/ as a reader would: a fixture's page
//! text and address, the same text as a saved page, the import into a temporary folder, and
//! the round trip that finds every node's text at the lines it cites.

use super::peel_command;
use peel::model::{Library, Node};
use std::path::{Path, PathBuf};
use std::process::Output;

/// A fixture's page text (what follows its header's cut line) and its source address.
pub fn page(fixture: &str) -> (String, String) {
    let whole = std::fs::read_to_string(super::fixture(&format!("import/{fixture}"))).unwrap();
    let (header, text) = whole
        .split_once("---8<---\n")
        .expect("a header and its cut line");
    assert!(
        header.contains("Open Government Licence"),
        "{fixture}: licence"
    );
    let url = header
        .lines()
        .find_map(|l| l.strip_prefix("Source: "))
        .expect("a source address")
        .to_owned();
    (text.to_owned(), url)
}

/// The same text as a saved page: each line a paragraph, the address as its canonical link.
pub fn as_html(text: &str, url: &str) -> String {
    let escape = |s: &str| {
        s.replace('&', "&amp;")
            .replace('<', "&lt;")
            .replace('>', "&gt;")
    };
    let mut html = format!(
        "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>page</title><link rel=\"canonical\" href=\"{url}\"></head>\n<body><main>\n"
    );
    for line in text.lines().filter(|l| !l.trim().is_empty()) {
        match line
            .trim()
            .strip_prefix("- ")
            .or_else(|| line.trim().strip_prefix("• "))
        {
            Some(item) => html.push_str(&format!("<ul><li>{}</li></ul>\n", escape(item))),
            None => html.push_str(&format!("<p>{}</p>\n", escape(line.trim()))),
        }
    }
    html.push_str("</main></body></html>\n");
    html
}

pub struct Imported {
    _dir: tempfile::TempDir,
    pub into: PathBuf,
    pub output: Output,
}

impl Imported {
    pub fn said(&self) -> String {
        String::from_utf8_lossy(&self.output.stdout).into_owned()
    }
    pub fn library(&self) -> Library {
        peel::content::load_dir(&self.into).unwrap_or_else(|e| panic!("loads: {e}"))
    }
    pub fn warnings(&self) -> String {
        let library = self.library();
        let force = &library.forces()[0];
        let folder = self.into.join(&force.id).join(&force.assessments[0].id);
        std::fs::read_to_string(folder.join("import-warnings.txt")).unwrap()
    }
}

/// Imports a fixture's text, saved under the fixture's own name, as a reader would.
pub fn import_page(fixture: &str, html: bool, extra: &[&str]) -> Imported {
    let (text, url) = page(fixture);
    let dir = tempfile::tempdir().unwrap();
    let name = if html {
        fixture.replace(".txt", ".html")
    } else {
        fixture.to_owned()
    };
    let file = dir.path().join(&name);
    std::fs::write(&file, if html { as_html(&text, &url) } else { text }).unwrap();
    let into = dir.path().join("content");
    let (mut command, _home) = peel_command();
    command.current_dir(dir.path());
    command
        .args(["import", &name, "--into", "content"])
        .args(extra);
    let output = command.output().expect("run peel");
    assert!(
        output.status.success(),
        "{fixture}: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    Imported {
        _dir: dir,
        into,
        output,
    }
}

/// Every piece of every node's text occurs in the shipped text it cites, within the lines
/// it cites.
pub fn assert_round_trip(into: &Path) {
    let library = peel::content::load_dir(into).unwrap();
    let lines_of = |file: &str| -> Vec<String> {
        let shipped = std::fs::read_to_string(into.join("sources").join(file)).unwrap();
        shipped.split('\n').map(super::source_words).collect()
    };
    let found = |texts: Vec<&str>, source: &peel::model::SourceRef, what: &str| {
        let lines = lines_of(&source.file);
        let [first, last] = source.lines;
        let cited = &lines[first as usize - 1..last as usize];
        for text in texts {
            let text = super::source_words(text);
            let wanted = text.trim_end_matches('.');
            assert!(
                cited.iter().any(|l| l.contains(wanted)),
                "{what}: “{wanted}” is not in lines {first}–{last}"
            );
        }
    };
    let mut checked = 0;
    for key in library.preorder() {
        match library.node(key) {
            Node::Finding(finding) => {
                let mut texts: Vec<&str> = finding.body.iter().flat_map(|b| b.texts()).collect();
                if !finding.editorial_title {
                    texts.push(&finding.title);
                }
                checked += texts.len();
                found(texts, &finding.source, &finding.title);
            }
            Node::Area(area) => {
                let source = area.source.as_ref().expect("an area cites its lines");
                let mut texts: Vec<&str> = area.summary.iter().flat_map(|b| b.texts()).collect();
                texts.push(&area.title);
                checked += texts.len();
                found(texts, source, &area.title);
            }
            Node::Assessment(assessment) => {
                let source = assessment
                    .source
                    .as_ref()
                    .expect("an assessment cites its lines");
                let texts: Vec<&str> = assessment.summary.iter().flat_map(|b| b.texts()).collect();
                checked += texts.len();
                found(texts, source, &assessment.title);
            }
            _ => {}
        }
    }
    assert!(checked > 0, "nothing was checked");
}

/// The line of the page's text (after the header) that holds `words`.
pub fn line_of(fixture: &str, words: &str) -> usize {
    let (text, _) = page(fixture);
    text.split('\n')
        .position(|l| l.contains(words))
        .unwrap_or_else(|| panic!("{fixture} has “{words}”"))
        + 1
}
