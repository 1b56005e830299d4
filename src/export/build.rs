//! Briefings built from the model: each node through its `document`, each part of it
//! sorted into the source's words (quoted, with the lines they stand at) and peel's own
//! (a summary, a note, a figure as peel states it), never the one passed off as the other.
//!
//! Past 500 lines only with its unit tests (under 500 of code).

use super::lines::{SourceText, Sources};
use super::{
    Body, Briefing, Citation, ComparisonColumn, ComparisonPart, GradesRow, GradesTable, Item,
    ItemGrade, RecurringPart, ResultRow, StyledSpan,
};
use crate::content::neutralise;
use crate::document::{self, Part};
use crate::model::{Anchor, Library, Node, NodeKey, SourceKind, SourceRef, Table};
use std::collections::HashMap;

/// What every briefing needs besides its subject: the library, the day, and the content's
/// name ("the built-in content", a folder).
pub struct Request<'a> {
    pub library: &'a Library,
    pub date: String,
    pub content: String,
    /// The source texts peel can read, so a quotation cites its own lines.
    pub sources: Sources<'a>,
}

impl<'a> Request<'a> {
    /// A request whose quotations cite their node's lines; `with_sources` narrows them.
    pub fn new(library: &'a Library, date: String, content: String) -> Self {
        Request {
            library,
            date,
            content,
            sources: Sources::default(),
        }
    }

    /// Quotations cite the lines of the source text `read` gives for a file name.
    pub fn with_sources(mut self, read: SourceText<'a>) -> Self {
        self.sources = Sources::new(Some(read));
        self
    }

    pub(super) fn briefing(
        &self,
        title: String,
        what: String,
        slug: &str,
        items: Vec<Item>,
        body: Body,
    ) -> Briefing {
        Briefing {
            title: clean(&title),
            date: clean(&self.date),
            what: clean(&what),
            content: clean(&self.content),
            slug: slug.to_owned(),
            items,
            body,
        }
    }
}

/// The nodes `keys`, each in full, in the order given.
pub fn nodes(request: &Request, keys: &[NodeKey]) -> Briefing {
    let library = request.library;
    let items: Vec<Item> = keys.iter().map(|&key| item(request, key)).collect();
    let title = match items.as_slice() {
        [one] => one.title.clone(),
        _ => format!("{} nodes", items.len()),
    };
    let what = match keys {
        [one] => format!("the node {}", library.id(*one)),
        _ => format!("{} nodes: {}", keys.len(), ids(library, keys).join(", ")),
    };
    request.briefing(title, what, "node", items, Body::Nodes)
}

/// The bookmarked nodes, in the order they were marked.
pub fn bookmarks(request: &Request, keys: &[NodeKey]) -> Briefing {
    let items: Vec<Item> = keys.iter().map(|&key| item(request, key)).collect();
    let what = match keys.len() {
        1 => "1 bookmark".to_owned(),
        n => format!("{n} bookmarks"),
    };
    request.briefing("Bookmarks".into(), what, "bookmarks", items, Body::Nodes)
}

/// Search results in rank order: each result's node with the passage that matched.
pub fn search_results(request: &Request, query: &str, results: &[(NodeKey, String)]) -> Briefing {
    let mut items = Vec::new();
    let mut rows = Vec::new();
    for (rank, (key, passage)) in results.iter().enumerate() {
        rows.push(ResultRow {
            rank: rank + 1,
            passage: clean(passage),
            item: items.len(),
        });
        items.push(item(request, *key));
    }
    let query = neutralise(query.trim()).into_owned();
    let what = match results.len() {
        1 => format!("the result of the search “{query}”"),
        n => format!("the {n} results of the search “{query}”"),
    };
    request.briefing(
        format!("Search: {query}"),
        what,
        "search",
        items,
        Body::Results(rows),
    )
}

/// A theme's years side by side (`years`: all when empty), each year's grade, peel's
/// summary and the nodes it lists in full; then the issues that recur across the years.
pub fn comparison(request: &Request, force: usize, theme: usize, years: &[u16]) -> Briefing {
    let library = request.library;
    let model = &library.forces()[force];
    let theme = &model.themes[theme];
    let comparison = crate::compare::compare(library, force, theme, years);
    let mut items = Vec::new();
    let mut placed: HashMap<NodeKey, usize> = HashMap::new();
    let mut columns = Vec::new();
    for (c, column) in comparison.columns.iter().enumerate() {
        let mut listed = Vec::new();
        for key in comparison.column_keys(c) {
            let at = *placed.entry(key).or_insert_with(|| {
                items.push(item(request, key));
                items.len() - 1
            });
            listed.push(at);
        }
        let assessment = model.assessments.iter().find(|a| a.id == column.assessment);
        columns.push(ComparisonColumn {
            year: column.year,
            assessment: clean(&column.assessment),
            grade: column.grade.map(|g| g.label().to_owned()),
            standing: clean(&column.standing.describe()),
            status: clean(&column.status),
            summary: clean(&column.summary),
            summary_cite: assessment
                .and_then(|a| a.source.as_ref())
                .map(|source| cite(library, source)),
            items: listed,
        });
    }
    let recurring = comparison
        .rows
        .iter()
        .filter_map(|row| {
            let link = row.recurring.as_ref()?;
            Some(RecurringPart {
                id: clean(&link.id),
                title: clean(&link.title),
                note: clean(&link.note),
                ids: row.cells.iter().flatten().map(|k| library.id(*k)).collect(),
            })
        })
        .collect();
    let shown: Vec<String> = comparison
        .columns
        .iter()
        .map(|c| c.year.to_string())
        .collect();
    let what = format!(
        "the comparison of the theme “{}” ({}) across {}",
        theme.title,
        theme.id,
        shown.join(", ")
    );
    let part = ComparisonPart {
        theme: clean(&theme.id),
        title: clean(&theme.title),
        columns,
        recurring,
    };
    request.briefing(
        format!("{} across the years", theme.title),
        what,
        "compare",
        items,
        Body::Comparison(part),
    )
}

/// The overview's grade matrix: every theme of a force against every year.
pub fn overview(request: &Request, force: usize) -> Briefing {
    let library = request.library;
    let overview = crate::compare::overview(library, force);
    let table = GradesTable {
        corner: "Theme".into(),
        columns: overview.years.iter().map(u16::to_string).collect(),
        rows: overview
            .themes
            .iter()
            .map(|row| GradesRow {
                id: clean(&row.theme),
                label: clean(&row.title),
                cells: row.cells.iter().map(|cell| clean(&cell.standing)).collect(),
            })
            .collect(),
        note: Some(GRADES_NOTE.into()),
    };
    let name = &library.forces()[force].name;
    request.briefing(
        format!("{name}: grades by theme"),
        format!("the overview of {name}: every theme's grade in every year"),
        "overview",
        Vec::new(),
        Body::Grades(table),
    )
}

/// Every recurring issue of a force, with the nodes it links, oldest first.
pub fn recurring(request: &Request, force: usize) -> Briefing {
    let library = request.library;
    let model = &library.forces()[force];
    let suggested = crate::recurring::suggest(library, force);
    let curated_keys = model.recurring.iter().flat_map(|issue| {
        issue
            .nodes
            .iter()
            .filter_map(|id| library.resolve_in_force(force, id))
    });
    let suggested_keys = suggested.iter().flat_map(|s| s.nodes.iter().copied());
    let mut keys: Vec<NodeKey> = Vec::new();
    for key in curated_keys.chain(suggested_keys) {
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    let items = keys.iter().map(|&key| item(request, key)).collect();
    let curated = model.recurring.iter().map(|issue| RecurringPart {
        id: clean(&issue.id),
        title: clean(&issue.title),
        note: clean(&issue.note),
        ids: issue
            .nodes
            .iter()
            .filter_map(|id| library.resolve_in_force(force, id))
            .map(|k| library.id(k))
            .collect(),
    });
    // Suggestions follow, each saying it is peel's reading, with its score and its words.
    let suggestions = suggested.iter().enumerate().map(|(n, s)| RecurringPart {
        id: format!("suggested-{}", n + 1),
        title: clean(&format!(
            "{} (score {}): {}",
            crate::recurring::HEADING,
            s.score,
            crate::compare::trajectory_of(library, &s.nodes)
        )),
        note: clean(&format!(
            "matched on the words {}; {}",
            s.shared.join(", "),
            crate::recurring::explained()
        )),
        ids: s.nodes.iter().map(|&k| library.id(k)).collect(),
    });
    let recurring = curated.chain(suggestions).collect();
    let part = ComparisonPart {
        theme: String::new(),
        title: "Recurring issues".into(),
        columns: Vec::new(),
        recurring,
    };
    request.briefing(
        format!("{}: recurring issues", model.name),
        format!("the recurring issues of {}", model.name),
        "recurring",
        items,
        Body::Comparison(part),
    )
}

/// Said under every table of grades.
pub const GRADES_NOTE: &str = "The grades are not strictly comparable across years: the \
    2023–25 report says its grades cannot be compared directly with the previous cycle's, \
    2017 judged effectiveness only, and a press report gives no grades.";

fn ids(library: &Library, keys: &[NodeKey]) -> Vec<String> {
    keys.iter().map(|k| library.id(*k)).collect()
}

/// A string as it may be exported: nothing a terminal would act on, as on screen.
pub(super) fn clean(text: &str) -> String {
    neutralise(text).into_owned()
}

/// Text of several lines, each made inert and kept on its own line.
fn clean_lines(text: &str) -> String {
    text.lines().map(clean).collect::<Vec<_>>().join("\n")
}

/// The citation of `source`: its file and lines, and the publication where known.
pub(super) fn cite(library: &Library, source: &SourceRef) -> Citation {
    let document = library.source_document(&source.file);
    Citation {
        file: clean(&source.file),
        lines: source.lines,
        document: document.map(|doc| clean(&format!("{}: {}", doc.publisher, doc.title))),
        url: document.and_then(|doc| doc.url.as_deref()).map(clean),
        press: document.is_some_and(|doc| doc.kind == SourceKind::Press),
    }
}

/// Whether text cited to `source` is the source's own words: an inspectorate document
/// transcribed verbatim, and not a press article peel summarises.
fn verbatim(library: &Library, source: &SourceRef) -> bool {
    library
        .source_document(&source.file)
        .is_some_and(|doc| doc.kind == SourceKind::Inspectorate)
}

/// The source a node's own text is cited to.
fn own_source<'a>(node: &Node<'a>) -> Option<&'a SourceRef> {
    match *node {
        Node::Assessment(assessment) => assessment.source.as_ref(),
        Node::Area(area) => area.source.as_ref(),
        Node::Finding(finding) => Some(&finding.source),
        Node::Recommendation(recommendation) => Some(&recommendation.source),
        Node::GlossaryTerm(term) => term.source.as_ref(),
        Node::Force(_) | Node::Section { .. } | Node::Glossary { .. } => None,
    }
}

/// The grade of `key`, or of the nearest area or assessment above it.
fn grade_of(library: &Library, key: NodeKey) -> Option<ItemGrade> {
    for (up, k) in library.ancestry(key).into_iter().rev().enumerate() {
        if let Some(standing) = library.standing(k) {
            let of = (up > 0).then_some(match library.node(k) {
                Node::Area(_) => "area",
                _ => "assessment",
            });
            let words = document::StandingText::from(&standing).words();
            return Some(ItemGrade {
                words: clean(&words),
                of,
            });
        }
    }
    None
}

/// One node as an exported item.
pub(super) fn item(request: &Request, key: NodeKey) -> Item {
    let library = request.library;
    let document = document::build(library, key);
    let node = library.node(key);
    let source = own_source(&node);
    let citation = source.map(|s| cite(library, s));
    // A glossary definition is peel's wording of what the sources say, never a quotation.
    let quoted =
        source.is_some_and(|s| verbatim(library, s)) && !matches!(node, Node::GlossaryTerm(_));
    let summary_label = match node {
        Node::GlossaryTerm(term) if term.editorial => "peel's own definition",
        Node::GlossaryTerm(_) => "Definition, in peel's glossary",
        _ if citation.as_ref().is_some_and(|c| c.press) => {
            "Summary in peel's words of a press article"
        }
        _ => "In peel's words",
    };
    let words = |texts: Vec<String>, list: bool| match (&citation, quoted) {
        (Some(cite), true) => StyledSpan::Quote {
            cite: request.sources.narrow(cite, &texts),
            texts,
            list,
        },
        _ => StyledSpan::Summary {
            label: summary_label.to_owned(),
            texts,
            list,
            cite: citation.clone(),
        },
    };
    let finding = match node {
        Node::Finding(finding) => Some(finding),
        _ => None,
    };
    let mut pieces = Vec::new();
    let mut parts = document.parts.iter().peekable();
    while let Some(part) = parts.next() {
        match part {
            Part::Field { label, value } => pieces.push(StyledSpan::Field {
                label: clean(label),
                value: clean(value),
            }),
            Part::Heading { text } => pieces.push(StyledSpan::Heading(clean(text))),
            Part::Paragraph {
                text,
                anchor: Anchor::Quote(i),
            } => match (finding.and_then(|f| f.quotes.get(*i)), &citation) {
                (Some(_), Some(cite)) => pieces.push(StyledSpan::Quoted {
                    text: clean(text),
                    cite: cite.clone(),
                }),
                _ => pieces.push(StyledSpan::Note(clean(text))),
            },
            Part::Paragraph { text, .. } => pieces.push(words(vec![clean(text)], false)),
            Part::Bullet {
                text,
                anchor: Some(Anchor::Recommendation(i)),
                ..
            } => match finding.and_then(|f| f.recommendations.get(*i)) {
                Some(recommendation) => pieces.push(StyledSpan::Recommendation {
                    due: recommendation.deadline.label().to_owned(),
                    text: clean(&recommendation.text),
                    cite: cite(library, &recommendation.source),
                }),
                None => pieces.push(StyledSpan::Note(clean(text))),
            },
            Part::Bullet {
                text,
                anchor: Some(Anchor::Figure(i)),
                ..
            } => {
                let figure = finding.and_then(|f| f.figures.get(*i));
                let cite = figure
                    .and_then(|f| f.source.as_ref())
                    .map(|s| cite(library, s))
                    .or_else(|| citation.clone());
                pieces.push(StyledSpan::Figure {
                    text: clean(text),
                    cite,
                });
            }
            Part::Bullet {
                text,
                anchor: Some(Anchor::Item(block, _)),
                ..
            } => {
                // The items of one list are quoted together, under one citation.
                let mut texts = vec![clean(text)];
                while let Some(Part::Bullet {
                    text,
                    anchor: Some(Anchor::Item(next, _)),
                    ..
                }) = parts.peek()
                {
                    if next != block {
                        break;
                    }
                    texts.push(clean(text));
                    parts.next();
                }
                pieces.push(words(texts, true));
            }
            Part::Bullet { text, lead, .. } => {
                pieces.push(StyledSpan::Note(clean(&format!("{lead}{text}"))))
            }
            Part::Table { table, .. } => pieces.push(StyledSpan::Table {
                table: clean_table(table),
                cite: citation.clone(),
            }),
            Part::Entry { text, standing } => pieces.push(StyledSpan::Entry {
                text: clean(text),
                grade: standing.as_ref().map(|s| clean(&s.words())),
            }),
            Part::Note { text, .. } | Part::Aside { text } => {
                pieces.push(StyledSpan::Note(clean(text)))
            }
            Part::Standing { .. } | Part::Source { .. } | Part::Gap => {}
        }
    }
    Item {
        id: clean(&document.id),
        title: clean(&document.title),
        kind: node.kind_key().to_owned(),
        kind_label: clean(&document.kind),
        year: document.year,
        grade: grade_of(library, key),
        breadcrumb: document.breadcrumb.iter().map(|b| clean(b)).collect(),
        text: body_text(&document),
        source: citation,
        pieces,
    }
}

/// The document's text as `peel show` prints it, less the header (breadcrumb, title,
/// kind line), which the item gives field by field.
fn body_text(document: &document::NodeDocument) -> String {
    let text = document.plain_text();
    let header = usize::from(!document.breadcrumb.is_empty()) + 2;
    let body: Vec<&str> = text.lines().skip(header).collect();
    clean_lines(body.join("\n").trim_start_matches('\n'))
}

fn clean_table(table: &Table) -> Table {
    Table {
        caption: clean(&table.caption),
        columns: table.columns.iter().map(|c| clean(c)).collect(),
        rows: table
            .rows
            .iter()
            .map(|row| row.iter().map(|c| clean(c)).collect())
            .collect(),
        notes: table.notes.iter().map(|n| clean(n)).collect(),
        chart: table.chart,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::builtin::library as load_builtin;

    fn request(library: &Library) -> Request<'_> {
        Request::new(library, "2026-01-02".into(), "the built-in content".into())
    }

    #[test]
    fn an_inspectorate_finding_is_quoted_and_a_press_finding_summarised() {
        let library = load_builtin().unwrap();
        let key = library
            .find("2024/investigating-crime/cause-of-concern/crime-allocation")
            .unwrap();
        let briefing = nodes(&request(&library), &[key]);
        let pieces = &briefing.items[0].pieces;
        assert!(pieces.iter().any(|p| matches!(p, StyledSpan::Quote { .. })));
        assert!(
            pieces
                .iter()
                .any(|p| matches!(p, StyledSpan::Recommendation { .. }))
        );
        for key in library.preorder() {
            let item = item(&request(&library), key);
            if item.source.as_ref().is_some_and(|c| c.press) {
                assert!(
                    !item
                        .pieces
                        .iter()
                        .any(|p| matches!(p, StyledSpan::Quote { .. })),
                    "{} is a press node, quoted",
                    item.id
                );
            }
        }
    }

    #[test]
    fn a_finding_carries_its_areas_grade_and_says_so() {
        let library = load_builtin().unwrap();
        let key = library
            .find("2024/investigating-crime/cause-of-concern/crime-allocation")
            .unwrap();
        let grade = item(&request(&library), key).grade.unwrap();
        assert_eq!(grade.of, Some("area"));
        let area = library.find("2024/victim-service-assessment").unwrap();
        let grade = item(&request(&library), area).grade.unwrap();
        assert_eq!(grade.of, None);
        assert!(grade.words.starts_with("No grade ("), "{}", grade.words);
    }
}
