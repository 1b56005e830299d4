//! The searchable text of the library, broken into passages that each know their node and
//! where in that node they sit, so a hit can jump to the very paragraph.

use super::query::fold;
use crate::model::{Block, Grade, Library, Node, NodeKey};

/// Which part of a node a passage is; titles weigh most.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Field {
    Title,
    GlossaryTerm,
    Recommendation,
    Text,
}

pub use crate::model::Anchor;

#[derive(Debug, Clone)]
pub struct Passage {
    pub node: usize,
    pub field: Field,
    pub anchor: Anchor,
    pub text: String,
    pub folded: String,
    /// The folded words of the text, as ids into `SearchIndex::vocabulary`.
    pub words: Box<[u32]>,
}

/// Every distinct folded word, once. Matching a word of the query against the vocabulary
/// (a few thousand words) and then looking passages' word ids up in the result is far
/// cheaper than scanning all the text on every keystroke.
#[derive(Debug, Default)]
pub struct Vocabulary {
    pub words: Vec<String>,
    ids: std::collections::HashMap<String, u32>,
}

impl Vocabulary {
    fn ids_of(&mut self, folded: &str) -> Box<[u32]> {
        words_of(folded)
            .map(|word| match self.ids.get(word) {
                Some(&id) => id,
                None => {
                    let id = self.words.len() as u32;
                    self.words.push(word.to_owned());
                    self.ids.insert(word.to_owned(), id);
                    id
                }
            })
            .collect()
    }
}

/// Words are runs of letters and digits; everything else separates them.
pub fn words_of(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

/// What search and its filters need to know about a node.
#[derive(Debug, Clone)]
pub struct NodeInfo {
    pub key: NodeKey,
    pub id: String,
    pub year: Option<u16>,
    pub kind: &'static str,
    /// The node's own grade, or that of the area (or assessment) it sits in.
    pub grade: Option<Grade>,
    pub title: String,
    pub breadcrumb: Vec<String>,
    pub passages: std::ops::Range<usize>,
}

pub struct SearchIndex {
    pub nodes: Vec<NodeInfo>,
    pub passages: Vec<Passage>,
    pub vocabulary: Vocabulary,
}

impl SearchIndex {
    pub fn build(library: &Library) -> SearchIndex {
        let mut index = SearchIndex {
            nodes: Vec::new(),
            passages: Vec::new(),
            vocabulary: Vocabulary::default(),
        };
        for key in library.preorder() {
            let node = library.node(key);
            if matches!(node, Node::Section { .. } | Node::Glossary { .. }) {
                continue;
            }
            let node_index = index.nodes.len();
            let start = index.passages.len();
            let (passages, vocabulary) = (&mut index.passages, &mut index.vocabulary);
            let mut add = |field: Field, anchor: Anchor, text: &str| {
                if !text.trim().is_empty() {
                    let folded = fold(text);
                    passages.push(Passage {
                        node: node_index,
                        field,
                        anchor,
                        text: text.to_owned(),
                        words: vocabulary.ids_of(&folded),
                        folded,
                    });
                }
            };
            match node {
                Node::Force(force) => add(Field::Title, Anchor::Title, &force.name),
                Node::Assessment(assessment) => {
                    add(Field::Title, Anchor::Title, &assessment.title);
                    add_blocks(&mut add, &assessment.summary);
                }
                Node::Area(area) => {
                    add(Field::Title, Anchor::Title, &area.title);
                    if let Some(short) = &area.short_title {
                        add(Field::Title, Anchor::Title, short);
                    }
                    add_blocks(&mut add, &area.summary);
                }
                Node::Finding(finding) => {
                    add(Field::Title, Anchor::Title, &finding.title);
                    add_blocks(&mut add, &finding.body);
                    for (i, figure) in finding.figures.iter().enumerate() {
                        add(Field::Text, Anchor::Figure(i), &figure.describe());
                    }
                    for (i, quote) in finding.quotes.iter().enumerate() {
                        add(
                            Field::Text,
                            Anchor::Quote(i),
                            &format!("“{}” — {}", quote.text, quote.by),
                        );
                    }
                    for (i, note) in finding.notes.iter().enumerate() {
                        add(Field::Text, Anchor::Note(i), note);
                    }
                }
                Node::Recommendation(recommendation) => {
                    add(Field::Recommendation, Anchor::Title, &recommendation.text);
                }
                Node::GlossaryTerm(term) => {
                    add(Field::GlossaryTerm, Anchor::Title, &term.term);
                    for alias in &term.aliases {
                        add(Field::GlossaryTerm, Anchor::Title, alias);
                    }
                    add(Field::Text, Anchor::Block(0), &term.definition);
                }
                Node::Section { .. } | Node::Glossary { .. } => {}
            }
            let end = index.passages.len();
            index.nodes.push(NodeInfo {
                key,
                id: library.id(key),
                year: library.year(key),
                kind: node.kind_key(),
                grade: grade_of(library, key),
                title: node.title().to_owned(),
                breadcrumb: library.breadcrumb(key),
                passages: start..end,
            });
        }
        index
    }
}

fn add_blocks(add: &mut impl FnMut(Field, Anchor, &str), blocks: &[Block]) {
    for (b, block) in blocks.iter().enumerate() {
        match block {
            Block::Paragraph(text) => add(Field::Text, Anchor::Block(b), text),
            Block::Bullets(items) => {
                for (i, item) in items.iter().enumerate() {
                    add(Field::Text, Anchor::Item(b, i), item);
                }
            }
            Block::Table(table) => {
                add(Field::Text, Anchor::Block(b), &table.caption);
                for (i, row) in table.rows.iter().enumerate() {
                    add(Field::Text, Anchor::Item(b, i), &row.join(" · "));
                }
            }
        }
    }
}

fn grade_of(library: &Library, key: NodeKey) -> Option<Grade> {
    library
        .ancestry(key)
        .into_iter()
        .rev()
        .find_map(|k| match library.node(k) {
            Node::Area(area) => Some(area.grade),
            Node::Assessment(a) => Some(a.grade),
            _ => None,
        })
}
