//! The pack's bytes: how an index is written, and how its parts are found and read one
//! record at a time, where they lie, without decoding the rest.
//!
//! Layout: a magic string, the key of the content it was built from, a table of segment
//! lengths, then the segments (`Segment`). Records of one kind (a node's facts, a node's
//! names, a passage's words, a passage's text) lie end to end in one segment, with a table
//! of where each ends (little-endian u32s) in the segment before: record `i` is found with
//! two fixed-width reads, and a one-shot search touches only the records it uses. A
//! passage's text is stored as plain UTF-8, so a phrase can be looked for across all the
//! texts at once.
//!
//! Everything read is untrusted (a cache file): each end is checked against its segment
//! before it is used, and a record that does not decode is a damaged pack.
//!
//! The writer (`encode`) and the reader (`Pack`) of the format stay in this one file, past
//! 500 lines, so that the two sides of every segment are read together and cannot drift.

use super::super::index::{
    Concept, Field, SearchIndex, StoredPostings, delta_coded, posting_list, read_varint,
};
use crate::model::{Anchor, FindingKind, Grade, NodeKey};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The start of every pack: what it is and the version of its layout.
pub const MAGIC: &[u8; 8] = b"peel\x00ix6";

const HEADER: usize = 8 + 8 + 8;

/// The segments, in the order they are stored.
#[derive(Clone, Copy)]
pub enum Segment {
    /// Forces, lexicon and concepts (`Shared`).
    Shared,
    /// For each word, the passages that hold it (`StoredPostings`).
    Postings,
    /// For each node, where its passages end: a node's passages follow the one before's.
    NodePassages,
    FactEnds,
    Facts,
    NameEnds,
    Names,
    WordEnds,
    Words,
    /// For each ASCII symbol, the passages whose text holds it, and those that hold it
    /// between two ASCII letters or digits (`symbol_lists`).
    Symbols,
    TextEnds,
    Texts,
}

const SEGMENTS: usize = 12;

#[derive(Serialize, Deserialize)]
pub struct Shared {
    pub forces: Vec<(String, String)>,
    /// The lexicon's words end to end, and where each ends (`Words::parts`).
    pub lexicon: (String, Vec<u32>),
    /// Each concept's names, each as shown and as its canonical words (`Name`): the
    /// built-in content's are used as they are, so that no run folds them again.
    pub concepts: FlatConcepts,
}

/// Concepts laid flat, so that they decode in four allocations and a one-shot search
/// makes strings only of those its query can name: each name as shown, then its words,
/// end to end in `pieces` (`Words::parts`); how many names each concept has; how many
/// words each name has.
#[derive(Serialize, Deserialize)]
pub struct FlatConcepts {
    pub pieces: (String, Vec<u32>),
    pub names: Vec<u32>,
    pub words: Vec<u32>,
}

/// Whether to keep a concept for one of its names, given that name's words.
pub type KeepName<'k> = &'k dyn Fn(&[&str]) -> bool;

/// A concept's names, each as shown and as its words, borrowed from `FlatConcepts`.
pub type NamesOf<'a> = Vec<(&'a str, Vec<&'a str>)>;

impl FlatConcepts {
    pub fn of(concepts: &[Concept]) -> FlatConcepts {
        let (mut text, mut ends) = (String::new(), Vec::new());
        let mut names = Vec::new();
        let mut words = Vec::new();
        for concept in concepts {
            names.push(concept.names.len() as u32);
            for name in &concept.names {
                words.push(name.words.len() as u32);
                for piece in std::iter::once(&name.shown).chain(&name.words) {
                    text.push_str(piece);
                    ends.push(text.len() as u32);
                }
            }
        }
        FlatConcepts {
            pieces: (text, ends),
            names,
            words,
        }
    }

    /// Each concept's names, as shown and as their words; with `keep`, only the concepts
    /// one of whose names it keeps (given that name's words), the others passed over
    /// without a name made. `None` where the counts and the pieces disagree.
    pub fn concepts<'a>(&'a self, keep: Option<KeepName<'_>>) -> Option<Vec<NamesOf<'a>>> {
        let (text, ends) = (self.pieces.0.as_str(), self.pieces.1.as_slice());
        let piece = |at: usize| -> Option<&'a str> {
            let start = match at.checked_sub(1) {
                Some(before) => *ends.get(before)? as usize,
                None => 0,
            };
            text.get(start..*ends.get(at)? as usize)
        };
        // A name: its pieces from `at`, as shown then its `count` words.
        let name = |at: usize, count: u32| -> Option<(&'a str, Vec<&'a str>)> {
            let words = (at + 1..at + 1 + count as usize)
                .map(piece)
                .collect::<Option<_>>()?;
            Some((piece(at)?, words))
        };
        let mut counts = self.words.as_slice();
        let mut at = 0;
        let mut kept = Vec::new();
        let mut words = Vec::new();
        for &names in &self.names {
            let (own, rest) = counts.split_at_checked(names as usize)?;
            counts = rest;
            let first = at;
            let mut wanted = keep.is_none();
            for &count in own {
                if let Some(keep) = keep {
                    words.clear();
                    for word in at + 1..at + 1 + count as usize {
                        words.push(piece(word)?);
                    }
                    wanted |= keep(&words);
                }
                at += 1 + count as usize;
            }
            if wanted {
                let mut at = first;
                let names = own.iter().map(|&count| {
                    let made = name(at, count);
                    at += 1 + count as usize;
                    made
                });
                kept.push(names.collect::<Option<_>>()?);
            }
        }
        (at == ends.len() && counts.is_empty()).then_some(kept)
    }
}

/// What ranking and filters need of a node.
#[derive(Serialize, Deserialize)]
pub struct StoredFacts<'a> {
    pub key: NodeKey,
    pub year: Option<u16>,
    pub kind: &'a str,
    pub finding: Option<FindingKind>,
    pub grade: Option<Grade>,
}

/// What is shown of a node: read only for the results printed.
#[derive(Serialize, Deserialize)]
pub struct StoredNames {
    pub id: String,
    pub title: String,
    pub breadcrumb: Vec<String>,
}

/// A passage but its text.
#[derive(Serialize, Deserialize)]
pub struct StoredWords {
    pub field: Field,
    pub anchor: Anchor,
    pub words: Vec<u32>,
    pub joined: Vec<u32>,
}

/// Where a pack's bytes are: in memory (the embedded one) or a mapped file.
pub trait Source: Sync {
    fn size(&self) -> u64;
    /// `len` bytes from `offset`; `None` past the end.
    fn read(&self, offset: u64, len: usize) -> Option<Cow<'_, [u8]>>;

    /// As `read`, for a few bytes far from the others read: a mapped file copies them
    /// rather than map their page, which would map the pages around it too (the kernel's
    /// fault-around), and a search reading a thousand texts here and there would hold
    /// most of them in its memory.
    fn read_apart(&self, offset: u64, len: usize) -> Option<Cow<'_, [u8]>> {
        self.read(offset, len)
    }

    /// Lets the process's memory go of `len` bytes from `offset` that were read (`read`)
    /// and will not be read again soon: a mapped file drops their pages from the process
    /// (the page cache keeps them). Nothing else is changed; by default, nothing at all.
    fn forget(&self, _offset: u64, _len: usize) {}
}

impl Source for [u8] {
    fn size(&self) -> u64 {
        self.len() as u64
    }

    fn read(&self, offset: u64, len: usize) -> Option<Cow<'_, [u8]>> {
        let start = usize::try_from(offset).ok()?;
        self.get(start..start.checked_add(len)?).map(Cow::Borrowed)
    }
}

/// A pack file mapped into memory, so that a search reads the pages it uses and no others.
///
/// A mapping is only safe while the file is not cut short under it (a read past its new
/// end would end the process with SIGBUS). peel never changes a pack in place: it is
/// written aside and renamed over the old one (`crate::atomic_file`), so a mapping keeps
/// the file it was made of, whole, for as long as it lives. That invariant is what makes
/// the mapping sound; a size check when opening could not be.
pub struct PackFile {
    map: memmap2::Mmap,
    file: std::fs::File,
}

impl PackFile {
    pub fn open(path: &std::path::Path) -> Option<PackFile> {
        let file = crate::atomic_file::open(path).ok()?;
        // SAFETY: see the type's comment: the caches peel maps are replaced by rename,
        // never truncated or rewritten in place.
        let map = unsafe { memmap2::Mmap::map(&file) }.ok()?;
        // A search reads a few records here and there: nothing is worth reading ahead.
        let _ = map.advise(memmap2::Advice::Random);
        Some(PackFile { map, file })
    }
}

impl Source for PackFile {
    fn size(&self) -> u64 {
        self.map.len() as u64
    }

    fn read(&self, offset: u64, len: usize) -> Option<Cow<'_, [u8]>> {
        self.map[..].read(offset, len)
    }

    fn read_apart(&self, offset: u64, len: usize) -> Option<Cow<'_, [u8]>> {
        use std::os::unix::fs::FileExt;
        // Lengths come from the file: never allocate for more than it holds.
        if offset.checked_add(len as u64)? > self.size() {
            return None;
        }
        let mut bytes = vec![0; len];
        self.file.read_exact_at(&mut bytes, offset).ok()?;
        Some(Cow::Owned(bytes))
    }

    fn forget(&self, offset: u64, len: usize) {
        let Ok(offset) = usize::try_from(offset) else {
            return;
        };
        if len == 0 {
            return;
        }
        if offset
            .checked_add(len)
            .is_none_or(|end| end > self.map.len())
        {
            return;
        }
        // SAFETY: the map is private and read-only, of a file never changed in place (see
        // the type's comment), so a page dropped here reads back from the file with the
        // same bytes: no borrow of the map, in this range or beside it, can see a change.
        let _ = unsafe {
            self.map
                .unchecked_advise_range(memmap2::UncheckedAdvice::DontNeed, offset, len)
        };
    }
}

/// The index as a pack for `key`. Its nodes' passages must follow one another from the
/// first, as `SearchIndex::build` makes them.
pub fn encode(index: &SearchIndex, key: u64) -> Vec<u8> {
    let shared = Shared {
        forces: index.forces.clone(),
        lexicon: {
            let (text, ends) = index.lexicon.words.parts();
            (text.to_owned(), ends.to_vec())
        },
        concepts: FlatConcepts::of(&index.concepts),
    };
    let node_passages: Vec<u32> = index
        .nodes
        .iter()
        .map(|node| node.passages.end as u32)
        .collect();
    debug_assert!(
        index
            .nodes
            .iter()
            .zip(std::iter::once(0).chain(node_passages.iter().map(|&end| end as usize)))
            .all(|(node, start)| node.passages.start == start),
        "each node's passages follow the one before's"
    );
    let facts = index.nodes.iter().map(|node| {
        postcard::to_stdvec(&StoredFacts {
            key: node.key,
            year: node.year,
            kind: node.kind,
            finding: node.finding,
            grade: node.grade,
        })
        .expect("facts encode")
    });
    let names = index.nodes.iter().map(|node| {
        postcard::to_stdvec(&StoredNames {
            id: node.id.clone(),
            title: node.title.clone(),
            breadcrumb: node.breadcrumb.clone(),
        })
        .expect("names encode")
    });
    let words: Vec<Vec<u8>> = index
        .passages
        .par_iter()
        .with_min_len(1024)
        .map(|p| {
            postcard::to_stdvec(&StoredWords {
                field: p.field,
                anchor: p.anchor,
                words: p.words.to_vec(),
                joined: p.joined.to_vec(),
            })
            .expect("a passage encodes")
        })
        .collect();
    let texts = index.passages.iter().map(|p| p.text.as_bytes().to_vec());
    let (fact_ends, facts) = end_to_end(facts);
    let (name_ends, names) = end_to_end(names);
    let (word_ends, words) = end_to_end(words);
    let (text_ends, texts) = end_to_end(texts);
    let segments: [Vec<u8>; SEGMENTS] = [
        postcard::to_stdvec(&shared).expect("an index encodes"),
        StoredPostings::of(index).to_bytes(),
        u32s(&node_passages),
        fact_ends,
        facts,
        name_ends,
        names,
        word_ends,
        words,
        symbol_lists(index),
        text_ends,
        texts,
    ];
    let mut out = Vec::with_capacity(HEADER + segments.iter().map(|s| s.len() + 8).sum::<usize>());
    out.extend_from_slice(MAGIC);
    out.extend_from_slice(&key.to_le_bytes());
    out.extend_from_slice(&(segments.len() as u64).to_le_bytes());
    for segment in &segments {
        out.extend_from_slice(&(segment.len() as u64).to_le_bytes());
    }
    for segment in &segments {
        out.extend_from_slice(segment);
    }
    out
}

/// Records laid end to end, and the table of where each ends.
fn end_to_end(records: impl IntoIterator<Item = Vec<u8>>) -> (Vec<u8>, Vec<u8>) {
    let (mut ends, mut data) = (Vec::new(), Vec::new());
    for record in records {
        data.extend_from_slice(&record);
        ends.extend_from_slice(&(data.len() as u32).to_le_bytes());
    }
    (ends, data)
}

/// For each ASCII byte, the passages whose text holds it, as `StoredPostings` keeps a
/// word's: a table of where each list starts (and the end), then the delta-coded lists.
/// Only symbols' lists are filled: a name written with one (`S&S`) must be matched as
/// written, and a passage without its rarest symbol cannot hold it. A second 128 lists
/// (`SYMBOL_BETWEEN + byte`) hold the passages where the symbol stands between two ASCII
/// letters or digits, as in `S&S`: most `&` stand between spaces, so few passages hold it
/// so, and those are all a name like `S&S` need read.
fn symbol_lists(index: &SearchIndex) -> Vec<u8> {
    let mut lists = vec![Vec::new(); SYMBOL_LISTS];
    for (p, passage) in index.passages.iter().enumerate() {
        let mut held = [false; SYMBOL_LISTS];
        let text = passage.text.as_bytes();
        for (at, &byte) in text.iter().enumerate() {
            if byte.is_ascii_punctuation() {
                held[byte as usize] = true;
                if is_between(text, at) {
                    held[SYMBOL_BETWEEN + byte as usize] = true;
                }
            }
        }
        for (list, _) in held.iter().enumerate().filter(|(_, held)| **held) {
            lists[list].push(p as u32);
        }
    }
    let (starts, data) = delta_coded(lists.iter());
    let mut bytes = u32s(&starts);
    bytes.extend(data);
    bytes
}

/// Where the lists of symbols between two ASCII letters or digits start.
pub const SYMBOL_BETWEEN: usize = 128;
const SYMBOL_LISTS: usize = 2 * SYMBOL_BETWEEN;

/// Whether the byte at `at` has an ASCII letter or digit on either side of it in `bytes`.
pub fn is_between(bytes: &[u8], at: usize) -> bool {
    let side = |i: Option<usize>| {
        i.and_then(|i| bytes.get(i))
            .is_some_and(u8::is_ascii_alphanumeric)
    };
    side(at.checked_sub(1)) && side(at.checked_add(1))
}

fn u32s(values: &[u32]) -> Vec<u8> {
    values.iter().flat_map(|v| v.to_le_bytes()).collect()
}

pub fn read_u32s(bytes: &[u8]) -> Option<Vec<u32>> {
    bytes.len().is_multiple_of(4).then(|| {
        bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect()
    })
}

/// The key a pack was built for, read from its header alone.
pub fn key_of(source: &(impl Source + ?Sized)) -> Option<u64> {
    let header = source.read(0, HEADER)?;
    let rest = header.strip_prefix(MAGIC)?;
    Some(u64::from_le_bytes(rest[..8].try_into().ok()?))
}

/// A pack whose header has been read and whose tables agree with each other.
pub struct Pack<'s, S: Source + ?Sized> {
    source: &'s S,
    /// Where each segment is: offset and length.
    spans: [(u64, usize); SEGMENTS],
    /// For each node, where its passages end: ascending, the last is the passages' count.
    pub node_ends: Vec<u32>,
    pub passages: usize,
}

impl<'s, S: Source + ?Sized> Pack<'s, S> {
    /// The pack in `source` if it is one for `key` and its tables agree.
    pub fn open(source: &'s S, key: u64) -> Option<Pack<'s, S>> {
        if key_of(source)? != key {
            return None;
        }
        let header = source.read(0, HEADER)?;
        let count = u64::from_le_bytes(header[16..24].try_into().ok()?);
        if count != SEGMENTS as u64 {
            return None;
        }
        let table = source.read(HEADER as u64, SEGMENTS * 8)?;
        let mut spans = [(0, 0); SEGMENTS];
        let mut at = (HEADER + SEGMENTS * 8) as u64;
        for (span, length) in spans.iter_mut().zip(table.chunks_exact(8)) {
            let length = u64::from_le_bytes(length.try_into().ok()?);
            let end = at.checked_add(length).filter(|&end| end <= source.size())?;
            *span = (at, usize::try_from(length).ok()?);
            at = end;
        }
        let mut pack = Pack {
            source,
            spans,
            node_ends: Vec::new(),
            passages: 0,
        };
        let node_ends = read_u32s(&pack.segment(Segment::NodePassages)?)?;
        if node_ends.windows(2).any(|pair| pair[0] > pair[1]) {
            return None;
        }
        let (nodes, passages) = (node_ends.len(), node_ends.last().map_or(0, |&n| n as usize));
        let tables = [
            (Segment::FactEnds, nodes),
            (Segment::NameEnds, nodes),
            (Segment::WordEnds, passages),
            (Segment::TextEnds, passages),
        ];
        if tables
            .iter()
            .any(|&(table, count)| Some(pack.span(table).1) != count.checked_mul(4))
        {
            return None;
        }
        pack.node_ends = node_ends;
        pack.passages = passages;
        Some(pack)
    }

    pub fn nodes(&self) -> usize {
        self.node_ends.len()
    }

    /// Where `segment` lies in the pack: its offset and length.
    pub fn span(&self, segment: Segment) -> (u64, usize) {
        self.spans[segment as usize]
    }

    /// A whole segment.
    pub fn segment(&self, segment: Segment) -> Option<Cow<'s, [u8]>> {
        let (offset, length) = self.span(segment);
        self.source.read(offset, length)
    }

    pub fn shared(&self) -> Option<Shared> {
        postcard::from_bytes(&self.segment(Segment::Shared)?).ok()
    }

    /// Node `node`'s passages.
    pub fn passages_of(&self, node: usize) -> std::ops::Range<usize> {
        let start = node
            .checked_sub(1)
            .map_or(0, |before| self.node_ends[before]);
        start as usize..self.node_ends[node] as usize
    }

    /// The node passage `passage` belongs to.
    pub fn owner(&self, passage: usize) -> usize {
        self.node_ends
            .partition_point(|&end| end as usize <= passage)
    }

    /// Record `at` of the records in `data`, whose ends are in `ends`.
    fn record(&self, ends: Segment, data: Segment, at: usize) -> Option<Cow<'s, [u8]>> {
        let (offset, length) = self.record_span(ends, data, at)?;
        self.source.read(offset, length)
    }

    /// Where record `at` of the records in `data` lies in the pack.
    pub fn record_span(&self, ends: Segment, data: Segment, at: usize) -> Option<(u64, usize)> {
        let (table, _) = self.span(ends);
        let end_at = |i: usize| -> Option<u32> {
            let bytes = self.source.read(table + 4 * i as u64, 4)?;
            Some(u32::from_le_bytes(bytes[..].try_into().ok()?))
        };
        let start = match at.checked_sub(1) {
            Some(before) => end_at(before)?,
            None => 0,
        };
        let end = end_at(at)?;
        let (offset, length) = self.span(data);
        if start > end || end as usize > length {
            return None;
        }
        Some((offset + u64::from(start), (end - start) as usize))
    }

    pub fn facts(&self, node: usize) -> Option<NodeFacts> {
        NodeFacts::decode(&self.record(Segment::FactEnds, Segment::Facts, node)?)
    }

    pub fn names(&self, node: usize) -> Option<StoredNames> {
        postcard::from_bytes(&self.record(Segment::NameEnds, Segment::Names, node)?).ok()
    }

    pub fn words(&self, passage: usize) -> Option<StoredWords> {
        postcard::from_bytes(&self.record(Segment::WordEnds, Segment::Words, passage)?).ok()
    }

    /// A passage's field and anchor, read from the start of its words' record, each of its
    /// words and compounds checked to be among the lexicon's `lexicon` words (as decoding it
    /// checks: `in_lexicon`); with `words`, its words are kept in that buffer (cleared
    /// first). The record is read where it lies: nothing is allocated but what `words`
    /// grows by.
    pub fn head(
        &self,
        passage: usize,
        lexicon: usize,
        mut words: Option<&mut Vec<u32>>,
    ) -> Option<(Field, Anchor)> {
        let record = self.record(Segment::WordEnds, Segment::Words, passage)?;
        // `StoredWords` begins with these two, and postcard lays a struct's fields end to
        // end, as it does a tuple's.
        let (head, mut rest) = postcard::take_from_bytes::<(Field, Anchor)>(&record).ok()?;
        if let Some(words) = words.as_deref_mut() {
            words.clear();
        }
        // Then its words and its compounds: each a sequence, in postcard its length, then
        // each item; a u32 is a varint.
        for mut keep in [words, None] {
            let (count, mut at) = read_varint(rest)?;
            // Each word takes a byte at least: a length past the record is damage.
            if count as usize > rest.len() - at {
                return None;
            }
            for _ in 0..count {
                let (word, used) = read_varint(rest.get(at..)?)?;
                if word as usize >= lexicon {
                    return None;
                }
                if let Some(words) = keep.as_deref_mut() {
                    words.push(word);
                }
                at += used;
            }
            rest = &rest[at..];
        }
        Some(head)
    }

    /// A passage's field and anchor alone, for a passage whose words are not used (a
    /// one-shot search's compact index keeps none): its words are neither read nor checked.
    pub fn field_and_anchor(&self, passage: usize) -> Option<(Field, Anchor)> {
        let record = self.record(Segment::WordEnds, Segment::Words, passage)?;
        postcard::take_from_bytes::<(Field, Anchor)>(&record)
            .ok()
            .map(|(head, _)| head)
    }

    pub fn text(&self, passage: usize) -> Option<String> {
        String::from_utf8(self.text_bytes(passage)?.into_owned()).ok()
    }

    /// A passage's text as stored, unchecked. Texts are read few and far apart: for the
    /// results shown, or those holding a symbol.
    pub fn text_bytes(&self, passage: usize) -> Option<Cow<'s, [u8]>> {
        let (offset, length) = self.record_span(Segment::TextEnds, Segment::Texts, passage)?;
        self.source.read_apart(offset, length)
    }

    /// The stored list `list` of passages by a symbol they hold (`symbol_lists`): `symbol`
    /// for an ASCII byte anywhere, `SYMBOL_BETWEEN + symbol` between letters or digits.
    pub fn symbol_list(&self, list: usize) -> Option<Cow<'s, [u8]>> {
        let (offset, length) = self.span(Segment::Symbols);
        let table = (SYMBOL_LISTS + 1) * 4;
        if list >= SYMBOL_LISTS || length < table {
            return None;
        }
        let starts = read_u32s(&self.source.read(offset + 4 * list as u64, 8)?)?;
        let (start, end) = (starts[0] as usize, starts[1] as usize);
        if start > end || end > length - table {
            return None;
        }
        self.source
            .read(offset + (table + start) as u64, end - start)
    }

    /// The passages of symbol list `list` (`symbol_list`).
    pub fn holding_symbol(&self, list: usize) -> Option<Vec<usize>> {
        let list = self.symbol_list(list)?;
        Some(
            posting_list(&list, self.passages)
                .map(|p| p as usize)
                .collect(),
        )
    }

    /// Where each passage's text ends, and how long the texts are, checked as `all`
    /// checks them, without reading the texts.
    pub fn text_ends(&self) -> Option<(Vec<u32>, usize)> {
        let table = read_u32s(&self.segment(Segment::TextEnds)?)?;
        let (_, length) = self.span(Segment::Texts);
        let ordered = table.windows(2).all(|pair| pair[0] <= pair[1])
            && table.last().is_none_or(|&end| end as usize <= length);
        ordered.then_some((table, length))
    }

    /// `len` bytes of the texts from `from`.
    pub fn texts(&self, from: usize, len: usize) -> Option<Cow<'s, [u8]>> {
        let (offset, length) = self.span(Segment::Texts);
        (from.checked_add(len)? <= length).then_some(())?;
        self.source.read(offset + from as u64, len)
    }

    /// Lets the memory go of texts read by `texts` (`Source::forget`).
    pub fn forget_texts(&self, from: usize, len: usize) {
        let (offset, _) = self.span(Segment::Texts);
        self.source.forget(offset + from as u64, len);
    }

    /// Every record of one kind: the table of ends (checked ascending and within the
    /// data) and the data.
    pub fn all(&self, ends: Segment, data: Segment) -> Option<(Vec<u32>, Cow<'s, [u8]>)> {
        let table = read_u32s(&self.segment(ends)?)?;
        let data = self.segment(data)?;
        let ordered = table.windows(2).all(|pair| pair[0] <= pair[1])
            && table.last().is_none_or(|&end| end as usize <= data.len());
        ordered.then_some((table, data))
    }
}

/// A node's facts as a search holds them (`pack` turns `StoredFacts` into these).
pub struct NodeFacts {
    pub key: NodeKey,
    pub year: Option<u16>,
    pub kind: &'static str,
    pub finding: Option<FindingKind>,
    pub grade: Option<Grade>,
}

impl NodeFacts {
    pub fn decode(bytes: &[u8]) -> Option<NodeFacts> {
        let stored: StoredFacts<'_> = postcard::from_bytes(bytes).ok()?;
        Some(NodeFacts {
            key: stored.key,
            year: stored.year,
            kind: kind_name(stored.kind)?,
            finding: stored.finding,
            grade: stored.grade,
        })
    }
}

/// The kind names a node can have, as the index holds them.
fn kind_name(name: &str) -> Option<&'static str> {
    const LEVELS: [&str; 7] = [
        "force",
        "assessment",
        "area",
        "section",
        "recommendation",
        "glossary",
        "glossary-term",
    ];
    LEVELS
        .into_iter()
        .chain(FindingKind::ALL.map(FindingKind::key))
        .find(|&kind| kind == name)
}

/// Record `at` of records laid end to end, by the table of their ends.
pub fn slice<'a>(ends: &[u32], data: &'a [u8], at: usize) -> Option<&'a [u8]> {
    let start = at
        .checked_sub(1)
        .map_or(Some(0), |b| ends.get(b).copied())?;
    data.get(start as usize..*ends.get(at)? as usize)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::index::Name;

    fn concepts() -> Vec<Concept> {
        let concept = |names: &[&str]| Concept {
            names: names.iter().map(|name| Name::new(name)).collect(),
        };
        vec![
            concept(&["RSO", "registered sex offender"]),
            concept(&["S&S", "stop and search", "stop-and-search"]),
            concept(&["ViSOR"]),
        ]
    }

    fn owned(flat: &FlatConcepts, keep: Option<KeepName<'_>>) -> Option<Vec<Vec<Name>>> {
        let names = flat.concepts(keep)?.into_iter().map(|names| {
            (names.into_iter())
                .map(|(shown, words)| Name {
                    shown: shown.to_owned(),
                    words: words.into_iter().map(str::to_owned).collect(),
                })
                .collect()
        });
        Some(names.collect())
    }

    #[test]
    fn flat_concepts_give_back_every_name_and_word() {
        let concepts = concepts();
        let flat = FlatConcepts::of(&concepts);
        let names: Vec<Vec<Name>> = concepts.into_iter().map(|c| c.names).collect();
        assert_eq!(owned(&flat, None), Some(names.clone()));
        // Kept whole, with all its names, where one name is kept.
        let search: KeepName = &|words| words.contains(&"search");
        assert_eq!(owned(&flat, Some(search)), Some(vec![names[1].clone()]));
        let by_words: KeepName = &|words| words == ["registered", "sex", "offender"];
        assert_eq!(owned(&flat, Some(by_words)), Some(vec![names[0].clone()]));
        let nothing: KeepName = &|_| false;
        assert_eq!(owned(&flat, Some(nothing)), Some(Vec::new()));
    }

    #[test]
    fn flat_concepts_whose_counts_and_pieces_disagree_are_refused() {
        let flat = || FlatConcepts::of(&concepts());
        let mut more_names = flat();
        more_names.names[0] += 1;
        let mut fewer_words = flat();
        fewer_words.words[0] -= 1;
        let mut huge = flat();
        huge.words[1] = u32::MAX;
        let mut past_the_text = flat();
        *past_the_text.pieces.1.last_mut().unwrap() += 1;
        let mut left_over = flat();
        left_over.names.pop();
        for damaged in [more_names, fewer_words, huge, past_the_text, left_over] {
            assert_eq!(owned(&damaged, None), None);
            let all: KeepName = &|_| true;
            assert_eq!(owned(&damaged, Some(all)), None);
        }
    }
}
