//! Faithfulness of the built-in content to its sources: verbatim text really occurs in the
//! shipped documents within the cited lines, figures state numbers the source states,
//! every heading of the reports is in the tree, and every marked term is in the glossary.

mod common;

use common::source_words as normalise_source;
use peel::builtin::library as load_builtin;
use peel::content::builtin_source_text;
use peel::model::{Block, Finding, Library, Node, SourceKind, SourceRef};
use std::path::Path;

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

fn source_lines(source: &SourceRef) -> Vec<String> {
    let text =
        builtin_source_text(&source.file).unwrap_or_else(|| panic!("{} is shipped", source.file));
    let lines: Vec<&str> = text.split('\n').collect();
    let [first, last] = source.lines;
    assert!(
        first >= 1 && last as usize <= lines.len(),
        "{source:?} is within the document"
    );
    lines[first as usize - 1..last as usize]
        .iter()
        .map(|l| normalise_source(l))
        .collect()
}

/// Each piece of text must lie within one source line (paragraphs, bullets and cells are
/// never split across lines in these documents).
fn assert_verbatim(id: &str, texts: &[&str], source: &SourceRef) {
    let lines = source_lines(source);
    for text in texts.iter().filter(|t| !t.is_empty()) {
        let wanted = fold(text);
        assert!(
            lines.iter().any(|line| line.contains(&wanted)),
            "{id}: not found verbatim in {} lines {}–{}:\n  {wanted}",
            source.file,
            source.lines[0],
            source.lines[1]
        );
    }
}

fn block_texts(blocks: &[Block]) -> Vec<&str> {
    blocks.iter().flat_map(Block::texts).collect()
}

fn is_inspectorate(library: &Library, file: &str) -> bool {
    library.source_document(file).map(|d| d.kind) == Some(SourceKind::Inspectorate)
}

#[test]
fn every_verbatim_passage_occurs_in_its_source_within_the_cited_lines() {
    let library = load_builtin().expect("built-in content");
    let mut checked = 0;
    for key in library.preorder() {
        let id = library.id(key);
        match library.node(key) {
            Node::Area(area) => {
                if let Some(source) = &area.source
                    && is_inspectorate(&library, &source.file)
                {
                    assert_verbatim(&id, &block_texts(&area.summary), source);
                    assert_verbatim(&id, &[&area.title], source);
                    checked += 1;
                }
            }
            Node::Assessment(assessment) => {
                if let Some(source) = &assessment.source
                    && is_inspectorate(&library, &source.file)
                {
                    assert_verbatim(&id, &block_texts(&assessment.summary), source);
                    checked += 1;
                }
            }
            Node::Finding(finding) if is_inspectorate(&library, &finding.source.file) => {
                let mut texts = block_texts(&finding.body);
                if !finding.editorial_title {
                    texts.push(&finding.title);
                }
                assert_verbatim(&id, &texts, &finding.source);
                checked += 1;
            }
            Node::Recommendation(recommendation) => {
                assert_verbatim(&id, &[&recommendation.text], &recommendation.source);
                checked += 1;
            }
            _ => {}
        }
    }
    assert!(checked > 120, "checked only {checked} nodes");
}

/// A figure's value must be written in its source lines as the source writes numbers.
#[test]
fn every_figure_states_a_number_its_source_states() {
    let library = load_builtin().expect("built-in content");
    for key in library.preorder() {
        let Node::Finding(finding) = library.node(key) else {
            continue;
        };
        for figure in &finding.figures {
            let source = figure.source.as_ref().unwrap_or(&finding.source);
            let Some(text) = source_text(source) else {
                continue;
            };
            let mut values = vec![figure.value];
            values.extend(figure.comparator.as_ref().map(|c| c.value));
            for value in values {
                assert!(
                    spellings(value).iter().any(|s| text.contains(s.as_str())),
                    "{}: figure '{}' value {value} is not in {} lines {:?}",
                    library.id(key),
                    figure.label,
                    source.file,
                    source.lines
                );
            }
        }
    }
}

/// The text of the cited lines, from the shipped copy or, for press articles, from the
/// seeds folder beside the repository (there in CI and development, not shipped).
fn source_text(source: &SourceRef) -> Option<String> {
    let whole = builtin_source_text(&source.file)
        .map(str::to_owned)
        .or_else(|| {
            let seeds = Path::new(env!("CARGO_MANIFEST_DIR"))
                .join("../shared/seeds")
                .join(&source.file);
            std::fs::read_to_string(seeds).ok()
        })?;
    let lines: Vec<&str> = whole.split('\n').collect();
    Some(lines[source.lines[0] as usize - 1..source.lines[1] as usize].join(" "))
}

fn spellings(value: f64) -> Vec<String> {
    let plain = format!("{value}");
    let mut out = vec![plain.clone(), format!("{value:.1}")];
    if value.fract() == 0.0 {
        let digits = format!("{}", value as u64);
        let mut grouped = String::new();
        for (i, c) in digits.chars().enumerate() {
            if i > 0 && (digits.len() - i) % 3 == 0 {
                grouped.push(',');
            }
            grouped.push(c);
        }
        out.push(grouped);
    }
    out
}

#[test]
fn press_quotes_are_verbatim_in_their_articles() {
    let library = load_builtin().expect("built-in content");
    let seeds = Path::new(env!("CARGO_MANIFEST_DIR")).join("../shared/seeds");
    if !seeds.is_dir() {
        eprintln!(
            "skipped: ../shared/seeds is not beside this checkout; press articles are not shipped"
        );
        return;
    }
    let mut quotes = 0;
    for key in library.preorder() {
        let Node::Finding(finding) = library.node(key) else {
            continue;
        };
        for quote in &finding.quotes {
            let text = fold(&source_text(&finding.source).expect("source text"));
            assert!(
                text.contains(&fold(&quote.text)),
                "{}: quote not in {}: {}",
                library.id(key),
                finding.source.file,
                quote.text
            );
            quotes += 1;
        }
    }
    assert!(quotes >= 15, "only {quotes} quotes checked");
}

#[test]
fn shipped_documents_match_their_declared_line_counts() {
    let library = load_builtin().expect("built-in content");
    for doc in library.sources().iter().filter(|d| d.shipped) {
        let text = builtin_source_text(&doc.file).expect("shipped text");
        assert_eq!(
            text.split('\n').count() as u32,
            doc.line_count,
            "{}",
            doc.file
        );
    }
    let shipped: Vec<_> = library
        .sources()
        .iter()
        .filter(|d| d.shipped)
        .map(|d| d.kind)
        .collect();
    assert_eq!(
        shipped,
        [SourceKind::Inspectorate, SourceKind::Inspectorate],
        "only OGL documents are shipped"
    );
}

/// Structural headings of the 2023–25 report that group findings rather than state one.
const STRUCTURAL: &[&str] = &[
    "Areas for improvement",
    "Area for improvement",
    "Innovative practice",
    "Main findings",
    "Causes of concern",
    "Recommendation",
    "Recommendations",
    "Adequate",
    "Inadequate",
    "Requires improvement",
    "Victim service assessment",
];

#[test]
fn every_finding_heading_of_the_2024_report_is_in_the_tree() {
    let library = load_builtin().expect("built-in content");
    let titles: Vec<String> = library
        .preorder()
        .into_iter()
        .map(|k| library.node(k).title().to_owned())
        .collect();
    let text = builtin_source_text("001_6cebdb2138c1379e.txt").expect("shipped");
    let mut headings = 0;
    // From the victim service assessment to the end of the last area.
    for (index, raw) in text.split('\n').enumerate().skip(185).take(1083 - 185) {
        let trimmed = raw.trim();
        let is_heading = trimmed.starts_with('#')
            || (trimmed.starts_with("**") && trimmed.ends_with("**") && trimmed.len() > 4);
        let heading = normalise_source(trimmed);
        if !is_heading
            || STRUCTURAL.contains(&heading.as_str())
            || heading.starts_with("Figure")
            || heading.starts_with("Source")
        {
            continue;
        }
        headings += 1;
        assert!(
            titles.contains(&heading),
            "line {}: heading not in the tree: {heading}",
            index + 1
        );
    }
    // 8 graded areas' titles and 67 finding headings (the victim service assessment's own
    // title sits before the range; the carried-over cause of concern has no heading).
    assert_eq!(headings, 75, "the report's area and finding headings");
}

#[test]
fn every_2017_question_is_an_area() {
    let library = load_builtin().expect("built-in content");
    let text = builtin_source_text("003_d9a8730beb81e948.txt").expect("shipped");
    let questions: Vec<&str> = text
        .lines()
        .filter(|l| l.starts_with("How effective"))
        .skip(1)
        .collect();
    assert_eq!(questions.len(), 5);
    let key = library.find("2017").expect("2017");
    let areas: Vec<&str> = library
        .children(key)
        .into_iter()
        .filter_map(|k| match library.node(k) {
            Node::Area(a) => Some(a.title.as_str()),
            _ => None,
        })
        .collect();
    assert_eq!(areas, questions);
}

#[test]
fn every_term_the_2024_report_marks_is_in_the_glossary() {
    let library = load_builtin().expect("built-in content");
    let known: Vec<String> = library
        .glossary()
        .iter()
        .flat_map(|t| std::iter::once(&t.term).chain(&t.aliases))
        .map(|name| name.to_lowercase())
        .collect();
    let text = builtin_source_text("001_6cebdb2138c1379e.txt").expect("shipped");
    let mut marked = 0;
    for (end, _) in text.match_indices("](#)") {
        let Some((_, term)) = text[..end].rsplit_once('[') else {
            continue;
        };
        let term = term.replace("\\(", "(").replace("\\)", ")");
        let term = term.trim_matches(|c| "'‘’".contains(c)).to_lowercase();
        marked += 1;
        assert!(
            known.contains(&term),
            "glossary lacks a term the report marks: {term}"
        );
    }
    assert!(marked > 80, "found only {marked} marked terms");
}

#[test]
fn recommendations_carry_their_deadlines() {
    let library = load_builtin().expect("built-in content");
    let finding = |id: &str| -> Finding {
        match library.node(library.find(id).expect(id)) {
            Node::Finding(f) => f.clone(),
            _ => panic!("{id} is a finding"),
        }
    };
    let sex_offenders =
        finding("2024/managing-offenders/cause-of-concern/registered-sex-offenders");
    let deadlines: Vec<&str> = sex_offenders
        .recommendations
        .iter()
        .map(|r| r.deadline.label())
        .collect();
    assert_eq!(
        deadlines,
        [
            "within six months",
            "immediately",
            "immediately",
            "immediately",
            "immediately",
            "immediately"
        ]
    );
    let carried = finding("2024/responding-to-the-public/cause-of-concern/call-handling-2021-22");
    assert_eq!(
        carried.recommendations.len(),
        5,
        "the five PEEL 2021/22 recommendations"
    );
}

/// A vocabulary entry that cites a source is spelt out there: the key and one of its
/// expansions both occur in the cited lines. Editorial entries, the sources being silent on
/// the abbreviation, must say so.
#[test]
fn every_sourced_vocabulary_entry_is_spelt_out_in_its_lines() {
    let library = load_builtin().expect("built-in content");
    assert!(!library.vocabulary().is_empty());
    let mut sourced = 0;
    for term in library.vocabulary() {
        let Some(source) = &term.source else {
            assert!(
                term.editorial,
                "{} has neither a source nor `editorial`",
                term.key
            );
            continue;
        };
        sourced += 1;
        let lines = source_lines(source).join(" ").to_lowercase();
        assert!(
            lines.contains(&term.key.to_lowercase()),
            "{} is not in {source:?}",
            term.key
        );
        assert!(
            term.expansions
                .iter()
                .any(|e| lines.contains(&e.to_lowercase())),
            "no expansion of {} is in {source:?}",
            term.key
        );
    }
    assert!(sourced >= 1);
}
