//! The searchable text of the library, broken into passages that each know their node and
//! where in that node they sit, so a hit can jump to the very paragraph; the distinct words
//! of it all; and the concepts (a glossary term with its aliases, an acronym with what it
//! stands for) that let one name find another.
//!
//! Past 500 lines on purpose: building the index and storing its postings share one notion
//! of a passage and of a word (about 80 lines are unit tests).

use super::normal::{canonical, compounds, words};
use super::query::fold;
use crate::content::neutralise;
use crate::model::{Block, FindingKind, Grade, Library, Node, NodeKey};
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::OnceLock;

/// Which part of a node a passage is; titles weigh most.
#[derive(Debug, Clone, Copy, PartialEq, Eq, serde::Serialize, serde::Deserialize)]
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
    /// The text's words in order, spelt one way (`normal::canonical`), as lexicon ids.
    pub words: Box<[u32]>,
    /// Its hyphenated compounds, each joined into one word (`anti-social`: `antisocial`).
    pub joined: Box<[u32]>,
}

impl Passage {
    /// The text folded to lower case, char for char (`query::fold`). Not stored with the
    /// passage (a pack would carry the text twice): the explorer keeps it once worked out
    /// (`SearchIndex::folded`), highlights fold the few passages on screen.
    pub fn folded(&self) -> Cow<'_, str> {
        super::query::folded(&self.text)
    }
}

/// Every distinct word, once. Matching a word of the query against the lexicon (a few
/// thousand words) and then looking passages' word ids up in the result is far cheaper
/// than scanning all the text on every keystroke.
#[derive(Debug, Default)]
pub struct Lexicon {
    pub words: Words,
    /// Each word's id, made once enough words have been looked up (`find`).
    ids: OnceLock<HashMap<String, u32>>,
    /// Lookups answered by a scan before the map was made.
    scans: std::sync::atomic::AtomicUsize,
    /// Words as written to their canonical id: spelling rules run once per distinct word,
    /// not once per occurrence.
    written: HashMap<String, u32>,
}

impl Lexicon {
    fn id(&mut self, word: &str) -> u32 {
        self.ids.get_or_init(HashMap::new);
        let ids = self.ids.get_mut().expect("made just now");
        if let Some(&id) = ids.get(word) {
            return id;
        }
        let id = self.words.len() as u32;
        self.words.push(word);
        ids.insert(word.to_owned(), id);
        id
    }

    /// The id of a word already in the lexicon. The first few lookups scan the words: a
    /// one-shot search asks for one or two, far fewer than making the map costs (a copy
    /// of every word); a reader typing on asks for many, and gets the map.
    pub fn find(&self, word: &str) -> Option<u32> {
        const SCANS_BEFORE_MAP: usize = 16;
        if self.ids.get().is_none()
            && self
                .scans
                .fetch_add(1, std::sync::atomic::Ordering::Relaxed)
                < SCANS_BEFORE_MAP
        {
            return self
                .words
                .iter()
                .position(|w| w == word)
                .map(|at| at as u32);
        }
        self.ids
            .get_or_init(|| {
                self.words
                    .iter()
                    .enumerate()
                    .map(|(id, word)| (word.to_owned(), id as u32))
                    .collect()
            })
            .get(word)
            .copied()
    }

    fn written_id(&mut self, word: &str) -> u32 {
        if let Some(&id) = self.written.get(word) {
            return id;
        }
        let id = self.id(&canonical(word));
        self.written.insert(word.to_owned(), id);
        id
    }

    fn words_of(&mut self, folded: &str) -> Box<[u32]> {
        words(folded).map(|word| self.written_id(word)).collect()
    }

    fn compounds_of(&mut self, folded: &str) -> Box<[u32]> {
        compounds(folded)
            .map(|word| self.written_id(&word))
            .collect()
    }
}

/// The lexicon's words laid end to end in one string, with where each ends: one
/// allocation however many words, so a pack's lexicon decodes in two (no string a word).
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Words {
    text: String,
    ends: Vec<u32>,
}

impl Words {
    /// Words as a pack stores them (`parts`); `None` unless every end follows the one
    /// before, within `text` and between two chars.
    pub fn from_parts(text: String, ends: Vec<u32>) -> Option<Words> {
        let mut start = 0;
        for &end in &ends {
            let end = end as usize;
            if end < start || !text.is_char_boundary(end) {
                return None;
            }
            start = end;
        }
        (start == text.len()).then_some(Words { text, ends })
    }

    /// The words end to end, and where each ends.
    pub fn parts(&self) -> (&str, &[u32]) {
        (&self.text, &self.ends)
    }

    pub fn len(&self) -> usize {
        self.ends.len()
    }

    pub fn is_empty(&self) -> bool {
        self.ends.is_empty()
    }

    pub fn get(&self, id: usize) -> Option<&str> {
        let end = *self.ends.get(id)? as usize;
        let start = id
            .checked_sub(1)
            .map_or(0, |before| self.ends[before] as usize);
        self.text.get(start..end)
    }

    pub fn iter(&self) -> impl ExactSizeIterator<Item = &str> + Clone + '_ {
        // Each word from the end of the one before: no lookup by id.
        let ends = &self.ends;
        (ends.iter().enumerate()).map(move |(id, &end)| {
            let start = id.checked_sub(1).map_or(0, |before| ends[before]);
            &self.text[start as usize..end as usize]
        })
    }

    fn push(&mut self, word: &str) {
        self.text.push_str(word);
        self.ends.push(self.text.len() as u32);
    }
}

#[cfg(test)]
impl Words {
    /// `words` end to end, for tests.
    pub(crate) fn of<S: AsRef<str>>(words: &[S]) -> Words {
        let mut all = Words::default();
        for word in words {
            all.push(word.as_ref());
        }
        all
    }
}

impl std::ops::Index<usize> for Words {
    type Output = str;

    fn index(&self, id: usize) -> &str {
        self.get(id).expect("a word of the lexicon")
    }
}

/// Names that mean the same thing: a glossary term and its aliases, or an acronym of the
/// vocabulary and its expansions. Each name is kept as shown and as canonical words.
#[derive(Debug, Clone)]
pub struct Concept {
    pub names: Vec<Name>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Name {
    pub shown: String,
    pub words: Vec<String>,
}

impl Name {
    pub fn new(shown: &str) -> Name {
        Name {
            shown: shown.to_owned(),
            words: words(&fold(shown))
                .map(|w| canonical(w).into_owned())
                .collect(),
        }
    }
}

/// What search and its filters need to know about a node.
#[derive(Debug, Clone)]
pub struct NodeInfo {
    pub key: NodeKey,
    pub id: String,
    pub year: Option<u16>,
    pub kind: &'static str,
    /// The finding's kind, which ranking weighs (a cause of concern before a main finding).
    pub finding: Option<FindingKind>,
    /// The node's own grade, or that of the area (or assessment) it sits in.
    pub grade: Option<Grade>,
    pub title: String,
    pub breadcrumb: Vec<String>,
    pub passages: std::ops::Range<usize>,
}

pub struct SearchIndex {
    /// Each force's id and name, in the library's order (`NodeKey::force` indexes it), for
    /// the `force:` filter.
    pub forces: Vec<(String, String)>,
    pub nodes: Vec<NodeInfo>,
    pub passages: Vec<Passage>,
    pub lexicon: Lexicon,
    pub concepts: Vec<Concept>,
    /// Concepts by the canonical words of each of their names: made on first need
    /// (`concepts_named`), never by a one-shot search, which looks up a name or two.
    concept_names: OnceLock<HashMap<Vec<String>, Vec<usize>>>,
    /// For each lexicon word, the passages that hold it: built on first need (words in a
    /// row), so a one-shot search of one word never pays for it.
    postings: OnceLock<Vec<Vec<u32>>>,
    /// Each passage's folded text where it differs from the text: built on first need
    /// (phrases and words with symbols are matched against it on every keystroke), not
    /// kept by a one-shot search, which folds as it goes.
    folded: OnceLock<Vec<Option<Box<str>>>>,
    /// Set by `answer_once`.
    one_shot: bool,
    /// How many passages of the whole content hold each word, as a pack stores them: a
    /// one-shot search holds only some passages, and chooses words in a row by these.
    counts: Option<Vec<u32>>,
}

/// For each word, the passages that hold it among their words, and those that hold it
/// only among their joined compounds: as a pack stores them, delta-coded and decoded one
/// word at a time, so a query reads the lists of its own words and no others.
#[derive(Debug, Clone)]
pub struct StoredPostings {
    /// Passages holding each word (`SearchIndex::postings`' lengths).
    counts: Vec<u32>,
    /// Where each list starts in `data`: the words' lists, then their joined-only lists,
    /// then the end.
    starts: Vec<u32>,
    data: Vec<u8>,
}

impl StoredPostings {
    pub fn of(index: &SearchIndex) -> StoredPostings {
        let words = index.lexicon.words.len();
        let holding = index.postings();
        let joining = postings_of(&index.passages, words, |passage| {
            passage
                .joined
                .iter()
                .copied()
                .filter(|word| !passage.words.contains(word))
        });
        let (starts, data) = delta_coded(holding.iter().chain(&joining));
        StoredPostings {
            counts: holding.iter().map(|list| list.len() as u32).collect(),
            starts,
            data,
        }
    }

    /// As a pack's segment: counts, starts, data.
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut bytes =
            Vec::with_capacity(4 * (self.counts.len() + self.starts.len()) + self.data.len());
        for value in self.counts.iter().chain(&self.starts) {
            bytes.extend_from_slice(&value.to_le_bytes());
        }
        bytes.extend_from_slice(&self.data);
        bytes
    }
}

/// For each of `words` word ids, the passages `of` says hold it, ascending and once each:
/// the one way a posting list is built, for the explorer's lists and a pack's alike.
fn postings_of<'a, I: Iterator<Item = u32>>(
    passages: &'a [Passage],
    words: usize,
    of: impl Fn(&'a Passage) -> I,
) -> Vec<Vec<u32>> {
    let mut postings = vec![Vec::new(); words];
    for (p, passage) in passages.iter().enumerate() {
        let p = p as u32;
        for word in of(passage) {
            let list: &mut Vec<u32> = &mut postings[word as usize];
            if list.last() != Some(&p) {
                list.push(p);
            }
        }
    }
    postings
}

/// One stored list of passages (`StoredPostings`), in order, among `passages`; it ends
/// early, rather than give a passage out of range or out of order, where a damaged pack
/// would.
pub fn posting_list(data: &[u8], passages: usize) -> impl Iterator<Item = u32> + '_ {
    let mut at = 0;
    let mut last: Option<u32> = None;
    std::iter::from_fn(move || {
        let (delta, used) = read_varint(data.get(at..)?)?;
        at += used;
        let passage = match last {
            None => delta,
            Some(_) if delta == 0 => return None,
            Some(last) => last.checked_add(delta)?,
        };
        if passage as usize >= passages {
            return None;
        }
        last = Some(passage);
        Some(passage)
    })
}

/// Sorted lists of passages as a pack stores them: where each list starts in the data (and
/// the end), then each list delta-coded, one varint a passage.
pub fn delta_coded<'a>(lists: impl Iterator<Item = &'a Vec<u32>>) -> (Vec<u32>, Vec<u8>) {
    let (mut starts, mut data) = (Vec::with_capacity(lists.size_hint().0 + 1), Vec::new());
    for list in lists {
        starts.push(data.len() as u32);
        let mut last = 0;
        for &p in list {
            write_varint(&mut data, p - last);
            last = p;
        }
    }
    starts.push(data.len() as u32);
    (starts, data)
}

pub fn write_varint(out: &mut Vec<u8>, mut value: u32) {
    while value >= 0x80 {
        out.push((value as u8) | 0x80);
        value >>= 7;
    }
    out.push(value as u8);
}

/// A LEB128 number and the bytes it took; `None` if cut short or longer than a u32.
pub(super) fn read_varint(bytes: &[u8]) -> Option<(u32, usize)> {
    let mut value = 0u32;
    for (i, &byte) in bytes.iter().enumerate().take(5) {
        value |= u32::from(byte & 0x7f).checked_shl(7 * i as u32)?;
        if byte & 0x80 == 0 {
            return Some((value, i + 1));
        }
    }
    None
}

impl SearchIndex {
    pub fn build(library: &Library) -> SearchIndex {
        let mut index = SearchIndex {
            forces: library
                .forces()
                .iter()
                .map(|f| (f.id.clone(), f.name.clone()))
                .collect(),
            nodes: Vec::new(),
            passages: Vec::new(),
            lexicon: Lexicon::default(),
            concepts: Vec::new(),
            concept_names: OnceLock::new(),
            postings: OnceLock::new(),
            folded: OnceLock::new(),
            one_shot: false,
            counts: None,
        };
        for key in library.preorder() {
            let node = library.node(key);
            if matches!(node, Node::Section { .. } | Node::Glossary { .. }) {
                continue;
            }
            let node_index = index.nodes.len();
            let start = index.passages.len();
            let (passages, lexicon) = (&mut index.passages, &mut index.lexicon);
            let mut add = |field: Field, anchor: Anchor, text: &str| {
                // The library's strings are inert already; what is joined here is made so
                // too, in the one form a pack decodes to (`pack::decode` neutralises).
                let text = neutralise(text);
                if !text.is_empty() {
                    let folded = fold(&text);
                    passages.push(Passage {
                        node: node_index,
                        field,
                        anchor,
                        text: text.into_owned(),
                        words: lexicon.words_of(&folded),
                        joined: lexicon.compounds_of(&folded),
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
                    // A cause of concern is read with its recommendations, so it is found
                    // by their words too.
                    for (i, recommendation) in finding.recommendations.iter().enumerate() {
                        add(
                            Field::Recommendation,
                            Anchor::Recommendation(i),
                            &recommendation.text,
                        );
                    }
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
                finding: match node {
                    Node::Finding(finding) => Some(finding.kind),
                    _ => None,
                },
                grade: grade_of(library, key),
                title: node.title().to_owned(),
                breadcrumb: library.breadcrumb(key),
                passages: start..end,
            });
        }
        let glossary = library.glossary().iter().map(|term| {
            std::iter::once(&term.term)
                .chain(&term.aliases)
                .collect::<Vec<_>>()
        });
        let vocabulary = library.vocabulary().iter().map(|term| {
            std::iter::once(&term.key)
                .chain(&term.expansions)
                .collect::<Vec<_>>()
        });
        for names in glossary.chain(vocabulary) {
            index.add_concept(names.into_iter().map(|name| Name::new(name)).collect());
        }
        index
    }

    /// An index from its parts as `pack` stores them; the lookup tables are rebuilt.
    pub(super) fn from_parts(
        nodes: Vec<NodeInfo>,
        passages: Vec<Passage>,
        words: Words,
        concepts: Vec<Vec<Name>>,
        forces: Vec<(String, String)>,
    ) -> SearchIndex {
        let mut index = SearchIndex {
            forces,
            nodes,
            passages,
            lexicon: Lexicon {
                words,
                ids: OnceLock::new(),
                scans: Default::default(),
                written: HashMap::new(),
            },
            concepts: Vec::new(),
            concept_names: OnceLock::new(),
            postings: OnceLock::new(),
            folded: OnceLock::new(),
            one_shot: false,
            counts: None,
        };
        for names in concepts {
            index.add_concept(names);
        }
        index
    }

    fn add_concept(&mut self, names: Vec<Name>) {
        self.concepts.push(Concept { names });
        self.concept_names = OnceLock::new();
    }

    /// The concepts one of whose names has these canonical `words`, in order (a concept
    /// once for each such name). A one-shot search scans the names: it asks once or twice,
    /// and hashing every name would cost more than the scans.
    pub fn concepts_named(&self, words: &[String]) -> Option<Vec<usize>> {
        let found: Vec<usize> = if self.one_shot && self.concept_names.get().is_none() {
            (self.concepts.iter().enumerate())
                .flat_map(|(id, concept)| {
                    (concept.names.iter())
                        .filter(|name| !name.words.is_empty() && name.words == words)
                        .map(move |_| id)
                })
                .collect()
        } else {
            let names = self.concept_names.get_or_init(|| {
                let mut names: HashMap<Vec<String>, Vec<usize>> = HashMap::new();
                for (id, concept) in self.concepts.iter().enumerate() {
                    for name in concept.names.iter().filter(|name| !name.words.is_empty()) {
                        names.entry(name.words.clone()).or_default().push(id);
                    }
                }
                names
            });
            names.get(words)?.clone()
        };
        (!found.is_empty()).then_some(found)
    }
}

impl SearchIndex {
    /// Whether this index was made from `library`: every node it names is there, under
    /// the same id. An index read from a cache is checked so before the explorer follows
    /// its keys into the library.
    pub fn fits(&self, library: &Library) -> bool {
        self.nodes.iter().all(|node| {
            library.find(&node.id) == Some(node.key) && library.node(node.key).title() == node.title
        })
    }

    /// For each lexicon word, the passages that hold it, ascending and once each. Built
    /// once and kept: a reader typing on reuses them at every keystroke.
    pub fn postings(&self) -> &[Vec<u32>] {
        self.postings.get_or_init(|| {
            postings_of(&self.passages, self.lexicon.words.len(), |passage| {
                passage.words.iter().copied()
            })
        })
    }

    /// Passage `at`'s text folded to lower case (`Passage::folded`), kept for the next
    /// keystroke unless this index answers once.
    pub fn folded(&self, at: usize) -> Cow<'_, str> {
        let passage = &self.passages[at];
        if self.one_shot {
            return passage.folded();
        }
        let all = self.folded.get_or_init(|| {
            use rayon::prelude::*;
            self.passages
                .par_iter()
                .map(|p| match p.folded() {
                    Cow::Owned(folded) => Some(folded.into_boxed_str()),
                    Cow::Borrowed(_) => None,
                })
                .collect()
        });
        all[at]
            .as_deref()
            .map_or(Cow::Borrowed(passage.text.as_str()), Cow::Borrowed)
    }

    /// Answer one query and go: postings are not built (25 ms and 14 MB at 43 forces for
    /// a one-shot search that needs a count and one scan).
    pub fn answer_once(&mut self) {
        self.one_shot = true;
    }

    /// Built for one query and no more (`answer_once`).
    pub fn answers_once(&self) -> bool {
        self.one_shot
    }

    /// Answers `passage_counts` with `counts` (a pack's, for all of the content).
    pub fn keep_counts(&mut self, counts: Vec<u32>) {
        self.counts = Some(counts);
    }

    /// For each lexicon word, how many passages hold it.
    pub fn passage_counts(&self) -> Cow<'_, [u32]> {
        if let Some(counts) = &self.counts {
            return Cow::Borrowed(counts);
        }
        if !self.one_shot {
            return Cow::Owned(self.postings().iter().map(|p| p.len() as u32).collect());
        }
        let mut counts = vec![0u32; self.lexicon.words.len()];
        let mut seen = vec![u32::MAX; self.lexicon.words.len()];
        for (p, passage) in self.passages.iter().enumerate() {
            for &word in passage.words.iter() {
                let last = &mut seen[word as usize];
                if *last != p as u32 {
                    *last = p as u32;
                    counts[word as usize] += 1;
                }
            }
        }
        Cow::Owned(counts)
    }

    /// Which passages hold a word marked in `wanted` (indexed by word id).
    pub fn passages_with(&self, wanted: &[bool]) -> Vec<bool> {
        if !self.one_shot {
            let mut marked = vec![false; self.passages.len()];
            let postings = self.postings();
            for (id, _) in wanted.iter().enumerate().filter(|(_, w)| **w) {
                for &p in &postings[id] {
                    marked[p as usize] = true;
                }
            }
            return marked;
        }
        use rayon::prelude::*;
        const PARALLEL_FROM: usize = 4096;
        let holds = |passage: &Passage| passage.words.iter().any(|&w| wanted[w as usize]);
        // Below a second thread's worth of passages the pool is not woken at all.
        if self.passages.len() < 2 * PARALLEL_FROM {
            return self.passages.iter().map(holds).collect();
        }
        self.passages
            .par_iter()
            .with_min_len(PARALLEL_FROM)
            .map(holds)
            .collect()
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
                    // Empty cells (a merged heading, a blank corner) are not words.
                    let cells: Vec<&str> = row
                        .iter()
                        .map(String::as_str)
                        .filter(|cell| !cell.trim().is_empty())
                        .collect();
                    add(Field::Text, Anchor::Item(b, i), &cells.join(" · "));
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn words_end_to_end_give_back_each_word_and_refuse_ends_out_of_place() {
        let mut words = Words::default();
        for word in ["jigsaw", "", "café", "thrive"] {
            words.push(word);
        }
        assert_eq!(words.len(), 4);
        assert_eq!(
            words.iter().collect::<Vec<_>>(),
            ["jigsaw", "", "café", "thrive"]
        );
        assert_eq!(words.get(4), None);
        let (text, ends) = words.parts();
        let (text, ends) = (text.to_owned(), ends.to_vec());
        assert_eq!(Words::from_parts(text.clone(), ends.clone()), Some(words));
        let refused = |ends: &[u32]| Words::from_parts(text.clone(), ends.to_vec()).is_none();
        assert!(refused(&[6, 6, 11]), "the text goes on past the last end");
        assert!(refused(&[6, 6, 10, 17, 18]), "an end past the text");
        assert!(refused(&[6, 4, 11, 17]), "an end before the one before");
        assert!(refused(&[6, 6, 10, 17]), "an end inside a char (é)");
        assert!(!refused(&[6, 6, 11, 17]));
    }

    fn passage(text: &str) -> Passage {
        Passage {
            node: 0,
            field: Field::Text,
            anchor: Anchor::Block(0),
            text: text.to_owned(),
            words: Box::default(),
            joined: Box::default(),
        }
    }

    fn built_in() -> SearchIndex {
        SearchIndex::build(&crate::content::load_builtin().expect("the built-in content"))
    }

    fn node_of(index: &SearchIndex, id: &str) -> usize {
        let found = index.nodes.iter().position(|node| node.id == id);
        found.unwrap_or_else(|| panic!("no node {id}"))
    }

    #[test]
    fn a_tables_rows_are_searched_without_their_empty_cells() {
        let index = built_in();
        let node = node_of(&index, "2024/summary/our-judgments");
        let rows: Vec<&str> = (index.passages.iter())
            .filter(|p| p.node == node && matches!(p.anchor, Anchor::Item(..)))
            .map(|p| p.text.as_str())
            .collect();
        assert!(
            rows.contains(
                &"Police powers and public treatment · Preventing crime · Investigating crime"
            ),
            "{rows:?}"
        );
    }

    #[test]
    fn a_finding_outside_any_area_has_its_assessments_grade() {
        let index = built_in();
        let node = node_of(
            &index,
            "2017/press-coverage/earlier-effectiveness-inspection",
        );
        assert_eq!(index.nodes[node].grade, Some(Grade::RequiresImprovement));
    }

    #[test]
    fn a_one_shot_index_counts_and_marks_passages_as_a_full_one_without_building_postings() {
        let full = built_in();
        let mut once = built_in();
        once.answer_once();
        let wanted: Vec<bool> = (0..full.lexicon.words.len()).map(|w| w % 7 == 0).collect();
        assert_eq!(once.passage_counts(), full.passage_counts());
        assert_eq!(once.passages_with(&wanted), full.passages_with(&wanted));
        assert!(once.postings.get().is_none(), "a one-shot index scans");
        assert!(full.postings.get().is_some(), "a full one keeps postings");
    }

    #[test]
    fn a_stored_list_ends_at_a_passage_given_twice_or_past_the_last() {
        // Passage 3, then a zero step (3 again), which no pack this program writes holds.
        assert_eq!(posting_list(&[3, 0, 2], 10).collect::<Vec<_>>(), [3]);
        // Passage 3, then 3 + 7: one past the last of ten.
        assert_eq!(posting_list(&[3, 7], 10).collect::<Vec<_>>(), [3]);
        assert_eq!(posting_list(&[3, 6], 10).collect::<Vec<_>>(), [3, 9]);
        // Cut short inside a number.
        assert_eq!(posting_list(&[3, 0x80], 10).collect::<Vec<_>>(), [3]);
    }

    #[test]
    fn folding_lowers_capitals_of_any_script_and_leaves_lower_case_text_as_it_is() {
        assert_eq!(passage("Élan and ÖL").folded(), "élan and öl");
        assert_eq!(passage("École").folded(), "école");
        assert_eq!(passage("café au lait").folded(), "café au lait");
        // Plain ASCII with no capital: the text itself, not a copy.
        assert!(matches!(passage("plain text").folded(), Cow::Borrowed(_)));
        assert_eq!(passage("Plain").folded(), "plain");
    }
}
