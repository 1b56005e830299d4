//! The search index as bytes, so that it is built once per content and then only read:
//! embedded in the binary for the built-in content (build.rs), kept in the cache for a
//! content folder. postcard encodes it (compact, well kept, serde-based; measured against
//! rkyv and bincode in docs/PERFORMANCE.md).
//!
//! Layout: a magic string, the key of the content it was built from, a table of segment
//! lengths, then the segments: the nodes, lexicon and concepts first, then the passages in
//! runs that decode on every core. Each segment is read on its own, so decoding never
//! holds the whole file and its decoded form at once.
//!
//! A pack from the cache is untrusted input: every index in it is checked before use, every
//! string that can be shown is neutralised.

use super::index::{Field, Name, NodeInfo, Passage, SearchIndex};
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
    decode(PREPARED, key_of(PREPARED)?)
}

/// The start of every pack: what it is and the version of its layout.
pub const MAGIC: &[u8; 8] = b"peel\x00ix1";

/// Passages per segment: enough that a segment is worth a thread, few enough that the
/// 43-force corpus spreads over both cores.
const PASSAGES_PER_SEGMENT: usize = 8192;

/// More segments than any real library needs; a table claiming more is damaged.
const MAX_SEGMENTS: u64 = 1 << 20;

const HEADER: usize = 8 + 8 + 8;

#[derive(Serialize, Deserialize)]
struct Shared {
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
    let mut segments = vec![postcard::to_stdvec(&shared).expect("an index encodes")];
    segments.par_extend(
        index
            .passages
            .par_chunks(PASSAGES_PER_SEGMENT)
            .map(|chunk| {
                let stored: Vec<StoredPassage> = chunk
                    .iter()
                    .map(|p| StoredPassage {
                        node: p.node as u32,
                        field: p.field,
                        anchor: p.anchor,
                        text: p.text.clone(),
                        words: p.words.to_vec(),
                        joined: p.joined.to_vec(),
                    })
                    .collect();
                postcard::to_stdvec(&stored).expect("passages encode")
            }),
    );
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

/// The index a pack holds for `key`; `None` for another key or anything damaged.
pub fn decode(source: &(impl Source + ?Sized), key: u64) -> Option<SearchIndex> {
    if key_of(source)? != key {
        return None;
    }
    let header = source.read(0, HEADER)?;
    let count = u64::from_le_bytes(header[16..24].try_into().ok()?);
    if count == 0 || count > MAX_SEGMENTS || HEADER as u64 + count * 8 > source.size() {
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
    let (&(offset, length), passage_spans) = spans.split_first()?;
    let shared: Shared = postcard::from_bytes(&source.read(offset, length)?).ok()?;
    let run = |&(offset, length): &(u64, usize)| {
        let stored: Vec<StoredPassage> =
            postcard::from_bytes(&source.read(offset, length)?).ok()?;
        Some(stored.into_iter().map(passage).collect())
    };
    // One run (the built-in content) is decoded here: waking the thread pool would cost
    // more than the run takes.
    let runs: Vec<Vec<Passage>> = if passage_spans.len() > 1 {
        passage_spans.par_iter().map(run).collect::<Option<_>>()?
    } else {
        passage_spans.iter().map(run).collect::<Option<_>>()?
    };
    // Moved run by run, each freed as it goes: never two copies of all the passages.
    let mut passages = Vec::with_capacity(runs.iter().map(Vec::len).sum());
    for run in runs {
        passages.extend(run);
    }
    let nodes = shared
        .nodes
        .into_iter()
        .map(node)
        .collect::<Option<Vec<_>>>()?;
    if !consistent(&nodes, &passages, shared.lexicon.len()) {
        return None;
    }
    let concepts = shared
        .concepts
        .iter()
        .map(|names| {
            names
                .iter()
                .map(|name| Name::new(&neutralise(name)))
                .collect()
        })
        .collect();
    Some(SearchIndex::from_parts(
        nodes,
        passages,
        shared.lexicon,
        concepts,
    ))
}

fn passage(stored: StoredPassage) -> Passage {
    let text = match neutralise(&stored.text) {
        Cow::Borrowed(_) => stored.text,
        Cow::Owned(clean) => clean,
    };
    Passage {
        node: stored.node as usize,
        field: stored.field,
        anchor: stored.anchor,
        text,
        words: stored.words.into(),
        joined: stored.joined.into(),
    }
}

fn node(stored: StoredNode) -> Option<NodeInfo> {
    let clean = |text: String| match neutralise(&text) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean,
    };
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

/// Every index in range: each node's passages are its own, every word is in the lexicon.
fn consistent(nodes: &[NodeInfo], passages: &[Passage], words: usize) -> bool {
    let owned = nodes.iter().enumerate().all(|(n, node)| {
        node.passages.start <= node.passages.end
            && passages
                .get(node.passages.clone())
                .is_some_and(|own| own.iter().all(|p| p.node == n))
    });
    let in_range = |p: &Passage| {
        p.node < nodes.len()
            && p.words
                .iter()
                .chain(p.joined.iter())
                .all(|&w| (w as usize) < words)
    };
    owned
        && if passages.len() > PASSAGES_PER_SEGMENT {
            passages.par_iter().all(in_range)
        } else {
            passages.iter().all(in_range)
        }
}
