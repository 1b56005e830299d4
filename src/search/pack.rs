//! The search index as bytes, so that it is built once per content and then only read:
//! embedded in the binary for the built-in content (build.rs), kept in the cache for a
//! content folder. postcard encodes its records (compact, well kept, serde-based; measured
//! against rkyv and bincode in docs/PERFORMANCE.md).
//!
//! Layout: a magic string, the key of the content it was built from, a table of segment
//! lengths, then four segments: the nodes, lexicon and concepts; for each word the passages
//! that hold it (delta-coded, so one query reads only its words' lists); where each passage
//! ends; and the passages, each encoded on its own. The explorer decodes every passage, in
//! chunks on every core; a one-shot search decodes only the passages that hold a word its
//! query can match, and leaves the rest as empty stand-ins (`decode_for`).
//!
//! A pack from the cache is untrusted input: every index in it is checked before use, every
//! string that can be shown is neutralised.

use super::index::{Field, Name, NodeInfo, Passage, SearchIndex, StoredPostings};
use super::query::Query;
use super::rank::Plans;
use crate::content::neutralise;
use crate::model::{Anchor, FindingKind, Grade, NodeKey};
use rayon::prelude::*;
use serde::{Deserialize, Serialize};
use std::borrow::Cow;

/// The built-in content's index as build.rs packed it, or nothing where it could not.
#[cfg(peel_prepared)]
static PREPARED: &[u8] = include_bytes!(concat!(env!("OUT_DIR"), "/builtin-index.pack"));
#[cfg(not(peel_prepared))]
static PREPARED: &[u8] = &[];

/// The built-in content's index, if this binary carries it prepared.
pub fn builtin() -> Option<SearchIndex> {
    let mut opened = Opened::open(PREPARED, key_of(PREPARED)?, Trust::Prepared)?;
    let passages = opened.all_passages()?;
    opened.build(passages)
}

/// The built-in content's index for one query: only the passages it can match, with the
/// plans worked out to choose them (for the search to reuse).
pub fn builtin_for(query: &Query) -> Option<(SearchIndex, Plans)> {
    let opened = Opened::open(PREPARED, key_of(PREPARED)?, Trust::Prepared)?;
    for_query(opened, query)
}

/// Whether a pack's strings are neutralised as they are decoded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trust {
    /// From the cache: anything could have been written there.
    Untrusted,
    /// Embedded by this very build from content it neutralised (tests/prepared.rs proves
    /// it is what building gives): neutralising it again would find nothing.
    Prepared,
}

/// The start of every pack: what it is and the version of its layout.
pub const MAGIC: &[u8; 8] = b"peel\x00ix2";

/// Passages decoded together on one core: enough to be worth a thread, few enough that
/// the 43-force corpus spreads over both cores.
pub const PASSAGES_PER_CHUNK: usize = 8192;

/// Passages whose bytes lie this close together are read in one go by a one-shot search.
const READ_ACROSS: u64 = 16 * 1024;

const HEADER: usize = 8 + 8 + 8;
const SEGMENTS: u64 = 4;

#[derive(Serialize, Deserialize)]
struct Shared {
    forces: Vec<(String, String)>,
    lexicon: Vec<String>,
    concepts: Vec<Vec<String>>,
    nodes: Vec<StoredNode>,
}

#[derive(Serialize, Deserialize)]
struct StoredNode {
    key: NodeKey,
    id: String,
    year: Option<u16>,
    kind: String,
    finding: Option<FindingKind>,
    grade: Option<Grade>,
    title: String,
    breadcrumb: Vec<String>,
    passages: (u32, u32),
}

#[derive(Serialize, Deserialize)]
struct StoredPassage {
    node: u32,
    field: Field,
    anchor: Anchor,
    text: String,
    words: Vec<u32>,
    joined: Vec<u32>,
}

/// Where a pack's bytes are: in memory (the embedded one) or in a file, read a segment
/// at a time.
pub trait Source: Sync {
    fn size(&self) -> u64;
    /// `len` bytes from `offset`; `None` past the end or on a read error.
    fn read(&self, offset: u64, len: usize) -> Option<Cow<'_, [u8]>>;
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

/// An open pack file and its size when opened.
pub struct PackFile {
    file: std::fs::File,
    size: u64,
}

impl PackFile {
    pub fn open(path: &std::path::Path) -> Option<PackFile> {
        let file = std::fs::File::open(path).ok()?;
        let size = file.metadata().ok()?.len();
        Some(PackFile { file, size })
    }
}

impl Source for PackFile {
    fn size(&self) -> u64 {
        self.size
    }

    fn read(&self, offset: u64, len: usize) -> Option<Cow<'_, [u8]>> {
        use std::os::unix::fs::FileExt;
        // Lengths come from the file: never allocate for more than it holds.
        if offset.checked_add(len as u64)? > self.size {
            return None;
        }
        let mut bytes = vec![0; len];
        self.file.read_exact_at(&mut bytes, offset).ok()?;
        Some(Cow::Owned(bytes))
    }
}

/// The index as a pack for `key`.
pub fn encode(index: &SearchIndex, key: u64) -> Vec<u8> {
    let shared = Shared {
        forces: index.forces.clone(),
        lexicon: index.lexicon.words.clone(),
        concepts: index
            .concepts
            .iter()
            .map(|concept| concept.names.iter().map(|n| n.shown.clone()).collect())
            .collect(),
        nodes: index
            .nodes
            .iter()
            .map(|node| StoredNode {
                key: node.key,
                id: node.id.clone(),
                year: node.year,
                kind: node.kind.to_owned(),
                finding: node.finding,
                grade: node.grade,
                title: node.title.clone(),
                breadcrumb: node.breadcrumb.clone(),
                passages: (node.passages.start as u32, node.passages.end as u32),
            })
            .collect(),
    };
    let encoded: Vec<Vec<u8>> = index
        .passages
        .par_iter()
        .with_min_len(1024)
        .map(|p| {
            let stored = StoredPassage {
                node: p.node as u32,
                field: p.field,
                anchor: p.anchor,
                text: p.text.clone(),
                words: p.words.to_vec(),
                joined: p.joined.to_vec(),
            };
            postcard::to_stdvec(&stored).expect("a passage encodes")
        })
        .collect();
    let mut ends = Vec::with_capacity(4 + encoded.len() * 4);
    ends.extend_from_slice(&(encoded.len() as u32).to_le_bytes());
    let mut end = 0u32;
    for passage in &encoded {
        end += passage.len() as u32;
        ends.extend_from_slice(&end.to_le_bytes());
    }
    let segments = [
        postcard::to_stdvec(&shared).expect("an index encodes"),
        StoredPostings::of(index).to_bytes(),
        ends,
        encoded.concat(),
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

/// The key a pack was built for, read from its header alone.
pub fn key_of(source: &(impl Source + ?Sized)) -> Option<u64> {
    let header = source.read(0, HEADER)?;
    let rest = header.strip_prefix(MAGIC)?;
    Some(u64::from_le_bytes(rest[..8].try_into().ok()?))
}

/// The index a pack holds for `key`, every passage decoded; `None` for another key or
/// anything damaged.
pub fn decode(source: &(impl Source + ?Sized), key: u64) -> Option<SearchIndex> {
    let mut opened = Opened::open(source, key, Trust::Untrusted)?;
    let passages = opened.all_passages()?;
    let index = opened.build(passages)?;
    consistent(&index).then_some(index)
}

/// The index a pack holds for `key`, for one query: only the passages that hold a word
/// the query can match are decoded, the others left empty (they could not be a hit, nor
/// change one's score: `rank`). A query matched against the text itself (a phrase, a word
/// with symbols or capitals) needs every passage, and gets them.
pub fn decode_for(
    source: &(impl Source + ?Sized),
    key: u64,
    query: &Query,
) -> Option<(SearchIndex, Plans)> {
    for_query(Opened::open(source, key, Trust::Untrusted)?, query)
}

fn for_query<S: Source + ?Sized>(
    mut opened: Opened<'_, S>,
    query: &Query,
) -> Option<(SearchIndex, Plans)> {
    let owners = opened.owners()?;
    let blank: Vec<Passage> = owners.iter().map(|&node| stand_in(node)).collect();
    let mut index = opened.skeleton(blank)?;
    let mut plans = Plans::default();
    let Some(wanted) = super::rank::Ranker::default().words_wanted(&index, query, &mut plans)
    else {
        // The stand-ins go before the passages come, not after: never both at once.
        index.passages = Vec::new();
        index.passages = opened.all_passages()?;
        return consistent(&index).then_some((index, plans));
    };
    let postings = index.stored_postings()?;
    let mut chosen = vec![false; owners.len()];
    for word in wanted
        .iter()
        .enumerate()
        .filter_map(|(word, &w)| w.then_some(word))
    {
        for p in postings.holding(word).chain(postings.joining(word)) {
            *chosen.get_mut(p as usize)? = true;
        }
    }
    for (at, passage) in opened.some_passages(&chosen)? {
        if passage.node != owners[at] || !in_lexicon(&passage, index.lexicon.words.len()) {
            return None;
        }
        index.passages[at] = passage;
    }
    Some((index, plans))
}

/// A pack whose header, table and shared segment have been read.
struct Opened<'s, S: Source + ?Sized> {
    source: &'s S,
    /// Where each segment is: offset and length.
    spans: Vec<(u64, usize)>,
    shared: Shared,
    /// Where each passage ends, from the start of the passages' segment.
    ends: Vec<u32>,
    trust: Trust,
}

impl<'s, S: Source + ?Sized> Opened<'s, S> {
    fn open(source: &'s S, key: u64, trust: Trust) -> Option<Opened<'s, S>> {
        if key_of(source)? != key {
            return None;
        }
        let header = source.read(0, HEADER)?;
        let count = u64::from_le_bytes(header[16..24].try_into().ok()?);
        // Four segments, so the table's length is known; its reads check the file's size.
        if count != SEGMENTS {
            return None;
        }
        let table = source.read(HEADER as u64, count as usize * 8)?;
        let mut spans = Vec::with_capacity(count as usize);
        let mut at = HEADER as u64 + count * 8;
        for length in table.chunks_exact(8) {
            let length = u64::from_le_bytes(length.try_into().ok()?);
            let end = at.checked_add(length).filter(|&end| end <= source.size())?;
            spans.push((at, usize::try_from(length).ok()?));
            at = end;
        }
        let (offset, length) = spans[0];
        let shared: Shared = postcard::from_bytes(&source.read(offset, length)?).ok()?;
        let (offset, length) = spans[2];
        let ends = read_u32s(&source.read(offset, length)?)?;
        let (&count, ends) = ends.split_first()?;
        if ends.len() != count as usize
            || ends.windows(2).any(|pair| pair[0] > pair[1])
            || ends.last().is_some_and(|&end| end as usize > spans[3].1)
        {
            return None;
        }
        Some(Opened {
            source,
            spans,
            shared,
            ends: ends.to_vec(),
            trust,
        })
    }

    fn byte_range(&self, passage: usize) -> (u64, u64) {
        let start = passage.checked_sub(1).map_or(0, |before| self.ends[before]);
        (u64::from(start), u64::from(self.ends[passage]))
    }

    /// The passages `range` as one read.
    fn read_run(&self, range: std::ops::Range<usize>) -> Option<Vec<(usize, Passage)>> {
        let (start, _) = self.byte_range(range.start);
        let (_, end) = self.byte_range(range.end - 1);
        let bytes = self
            .source
            .read(self.spans[3].0 + start, usize::try_from(end - start).ok()?)?;
        range
            .map(|at| {
                let (from, to) = self.byte_range(at);
                let slice = bytes.get((from - start) as usize..(to - start) as usize)?;
                let stored: StoredPassage = postcard::from_bytes(slice).ok()?;
                Some((at, passage(stored, self.trust)))
            })
            .collect()
    }

    fn all_passages(&self) -> Option<Vec<Passage>> {
        let count = self.ends.len();
        let chunks: Vec<std::ops::Range<usize>> = (0..count)
            .step_by(PASSAGES_PER_CHUNK)
            .map(|start| start..(start + PASSAGES_PER_CHUNK).min(count))
            .collect();
        // One chunk (the built-in content) is decoded here: waking the thread pool would
        // cost more than the chunk takes.
        let runs: Vec<Vec<(usize, Passage)>> = if chunks.len() > 1 {
            chunks
                .into_par_iter()
                .map(|range| self.read_run(range))
                .collect::<Option<_>>()?
        } else {
            chunks
                .into_iter()
                .map(|range| self.read_run(range))
                .collect::<Option<_>>()?
        };
        // Moved run by run, each freed as it goes: never two copies of all the passages.
        let mut passages = Vec::with_capacity(count);
        for run in runs {
            passages.extend(run.into_iter().map(|(_, passage)| passage));
        }
        Some(passages)
    }

    /// The passages marked in `chosen`, read in runs of neighbours.
    fn some_passages(&self, chosen: &[bool]) -> Option<Vec<(usize, Passage)>> {
        let wanted: Vec<usize> = (0..chosen.len()).filter(|&p| chosen[p]).collect();
        let mut runs: Vec<Vec<usize>> = Vec::new();
        for p in wanted {
            match runs.last_mut() {
                Some(run)
                    if self.byte_range(p).0
                        <= self.byte_range(run[run.len() - 1]).1 + READ_ACROSS =>
                {
                    run.push(p)
                }
                _ => runs.push(vec![p]),
            }
        }
        let read = |run: &Vec<usize>| -> Option<Vec<(usize, Passage)>> {
            let decoded = self.read_run(run[0]..run[run.len() - 1] + 1)?;
            Some(decoded.into_iter().filter(|(at, _)| chosen[*at]).collect())
        };
        let runs: Vec<Vec<(usize, Passage)>> = if runs.len() > 64 {
            runs.par_iter().map(read).collect::<Option<_>>()?
        } else {
            runs.iter().map(read).collect::<Option<_>>()?
        };
        Some(runs.into_iter().flatten().collect())
    }

    /// For each passage, the node it belongs to: the nodes' ranges must not overlap and
    /// must cover every passage.
    fn owners(&self) -> Option<Vec<usize>> {
        let mut owners = vec![usize::MAX; self.ends.len()];
        for (n, node) in self.shared.nodes.iter().enumerate() {
            let (start, end) = (node.passages.0 as usize, node.passages.1 as usize);
            for owner in owners.get_mut(start..end)? {
                if *owner != usize::MAX {
                    return None;
                }
                *owner = n;
            }
        }
        owners.iter().all(|&o| o != usize::MAX).then_some(owners)
    }

    /// The index around `passages`, with the postings a one-shot search reads from.
    fn skeleton(&mut self, passages: Vec<Passage>) -> Option<SearchIndex> {
        let (offset, length) = self.spans[1];
        let postings = StoredPostings::from_bytes(
            self.source.read(offset, length)?.into_owned(),
            self.shared.lexicon.len(),
            self.ends.len(),
        )?;
        let mut index = self.build(passages)?;
        index.answer_once();
        index.keep_postings(postings);
        Some(index)
    }

    /// The index around `passages`, taking the shared segment's parts (so, once).
    fn build(&mut self, passages: Vec<Passage>) -> Option<SearchIndex> {
        if passages.len() != self.ends.len() {
            return None;
        }
        let trust = self.trust;
        let nodes = std::mem::take(&mut self.shared.nodes)
            .into_iter()
            .map(|stored| node(stored, trust))
            .collect::<Option<Vec<_>>>()?;
        let concepts = self
            .shared
            .concepts
            .iter()
            .map(|names| {
                names
                    .iter()
                    .map(|name| Name::new(&clean(name.clone(), trust)))
                    .collect()
            })
            .collect();
        Some(SearchIndex::from_parts(
            nodes,
            passages,
            std::mem::take(&mut self.shared.lexicon),
            concepts,
            std::mem::take(&mut self.shared.forces)
                .into_iter()
                .map(|(id, name)| (clean(id, trust), clean(name, trust)))
                .collect(),
        ))
    }
}

/// A passage left undecoded: it belongs to its node and holds nothing.
fn stand_in(node: usize) -> Passage {
    Passage {
        node,
        field: Field::Text,
        anchor: Anchor::Block(0),
        text: String::new(),
        words: Box::default(),
        joined: Box::default(),
    }
}

fn read_u32s(bytes: &[u8]) -> Option<Vec<u32>> {
    bytes.len().is_multiple_of(4).then(|| {
        bytes
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect()
    })
}

/// `text` as it may be shown.
fn clean(text: String, trust: Trust) -> String {
    if trust == Trust::Prepared {
        return text;
    }
    match neutralise(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean,
    }
}

fn passage(stored: StoredPassage, trust: Trust) -> Passage {
    Passage {
        node: stored.node as usize,
        field: stored.field,
        anchor: stored.anchor,
        text: clean(stored.text, trust),
        words: stored.words.into(),
        joined: stored.joined.into(),
    }
}

fn node(stored: StoredNode, trust: Trust) -> Option<NodeInfo> {
    let clean = |text: String| clean(text, trust);
    Some(NodeInfo {
        key: stored.key,
        id: clean(stored.id),
        year: stored.year,
        kind: kind_name(&stored.kind)?,
        finding: stored.finding,
        grade: stored.grade,
        title: clean(stored.title),
        breadcrumb: stored.breadcrumb.into_iter().map(clean).collect(),
        passages: stored.passages.0 as usize..stored.passages.1 as usize,
    })
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

fn in_lexicon(passage: &Passage, words: usize) -> bool {
    passage
        .words
        .iter()
        .chain(passage.joined.iter())
        .all(|&w| (w as usize) < words)
}

/// Every index in range: each node's passages are its own, every word is in the lexicon.
fn consistent(index: &SearchIndex) -> bool {
    let (nodes, passages, words) = (&index.nodes, &index.passages, index.lexicon.words.len());
    let owned = nodes.iter().enumerate().all(|(n, node)| {
        node.passages.start <= node.passages.end
            && passages
                .get(node.passages.clone())
                .is_some_and(|own| own.iter().all(|p| p.node == n))
    });
    let in_range = |p: &Passage| p.node < nodes.len() && in_lexicon(p, words);
    owned
        && if passages.len() > PASSAGES_PER_CHUNK {
            passages.par_iter().all(in_range)
        } else {
            passages.iter().all(in_range)
        }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in() -> SearchIndex {
        SearchIndex::build(&crate::content::load_builtin().expect("the built-in content"))
    }

    /// A pack in memory that notes every read.
    struct Counted {
        bytes: Vec<u8>,
        reads: std::sync::Mutex<Vec<(u64, usize)>>,
    }

    impl Source for Counted {
        fn size(&self) -> u64 {
            self.bytes.len() as u64
        }

        fn read(&self, offset: u64, len: usize) -> Option<Cow<'_, [u8]>> {
            self.reads.lock().unwrap().push((offset, len));
            self.bytes[..].read(offset, len)
        }
    }

    /// Start and end, from the start of the passages' segment.
    type ByteRange = (u64, u64);

    /// For a one-shot search of `query`: the byte ranges of the passages it needed, and
    /// of the reads it made, in the passages' segment.
    fn reads_for(query: &str) -> (Vec<ByteRange>, Vec<ByteRange>) {
        let bytes = encode(&built_in(), 7);
        let counted = Counted {
            bytes: bytes.clone(),
            reads: Default::default(),
        };
        let (index, _) = decode_for(&counted, 7, &Query::parse(query)).expect("a pack");
        let opened = Opened::open(&bytes[..], 7, Trust::Untrusted).unwrap();
        let passages_at = opened.spans[3].0;
        let mut reads: Vec<ByteRange> = (counted.reads.lock().unwrap().iter())
            .filter(|(offset, _)| *offset >= passages_at)
            .map(|&(offset, len)| (offset - passages_at, offset - passages_at + len as u64))
            .collect();
        reads.sort_unstable();
        let needed = (0..index.passages.len())
            .filter(|&at| !index.passages[at].text.is_empty())
            .map(|at| opened.byte_range(at))
            .collect();
        (needed, reads)
    }

    #[test]
    fn a_one_shot_search_reads_the_passages_it_needs_in_runs_of_neighbours_16_kib_apart() {
        let (mut close, mut apart) = (0, 0);
        for query in ["jigsaw", "stop", "vetting", "victims"] {
            let (needed, reads) = reads_for(query);
            let read_of = |(start, end): ByteRange| {
                reads
                    .iter()
                    .position(|&(from, to)| from <= start && end <= to)
                    .unwrap_or_else(|| panic!("{query}: every passage needed is read"))
            };
            for pair in needed.windows(2) {
                let gap = pair[1].0 - pair[0].1;
                let together = read_of(pair[0]) == read_of(pair[1]);
                assert_eq!(together, gap <= 16 * 1024, "{query}: {gap} bytes apart");
                *(if together { &mut close } else { &mut apart }) += 1;
            }
            // Nothing read before the first passage of a run or after its last.
            for &(from, to) in &reads {
                assert!(needed.iter().any(|&(start, _)| start == from), "{query}");
                assert!(needed.iter().any(|&(_, end)| end == to), "{query}");
            }
        }
        assert!(
            close > 10 && apart > 3,
            "both kinds: {close} close, {apart} apart"
        );
    }

    #[test]
    fn a_passage_is_in_the_lexicon_only_if_every_word_and_compound_is() {
        let index = built_in();
        let words = index.lexicon.words.len();
        let mut passage = index.passages[0].clone();
        passage.words = vec![0, words as u32 - 1].into();
        passage.joined = Box::default();
        assert!(in_lexicon(&passage, words));
        passage.words = vec![0, words as u32].into();
        assert!(!in_lexicon(&passage, words), "one past the last word");
        passage.words = vec![0].into();
        passage.joined = vec![words as u32].into();
        assert!(
            !in_lexicon(&passage, words),
            "a compound past the last word"
        );
    }

    #[test]
    fn an_index_is_consistent_only_while_every_reference_is_in_range() {
        let index = built_in();
        assert!(consistent(&index));
        let nodes = index.nodes.len();
        let words = index.lexicon.words.len() as u32;

        let mut wrong_word = built_in();
        wrong_word.passages[0].words = vec![words].into();
        assert!(!consistent(&wrong_word), "a word past the lexicon");

        let mut not_its_own = built_in();
        let last = not_its_own.passages.len() - 1;
        not_its_own.passages[last].node = 0;
        assert!(
            !consistent(&not_its_own),
            "a node's passage naming another node"
        );

        // A passage past every node's range is checked on its own.
        let mut stray = built_in();
        let mut extra = stray.passages[0].clone();
        extra.node = nodes - 1;
        stray.passages.push(extra.clone());
        assert!(consistent(&stray), "a stray passage naming the last node");
        extra.node = nodes;
        stray.passages.push(extra);
        assert!(!consistent(&stray), "a stray passage naming no node");
    }

    #[test]
    fn the_built_in_pack_answers_a_query_from_its_own_passages() {
        let query = Query::parse("jigsaw");
        let (index, _) = builtin_for(&query).expect("the built-in pack decodes for a query");
        assert_eq!(index.passages.len(), built_in().passages.len());
        let read = index.passages.iter().filter(|p| !p.text.is_empty()).count();
        assert!(read > 0 && read < index.passages.len(), "{read} read");
    }
}
