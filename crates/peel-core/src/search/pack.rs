//! The search index as bytes, so that it is built once per content and then only read:
//! embedded in the binary for the built-in content (build.rs), kept in the cache for a
//! content folder. postcard encodes its records (compact, well kept, serde-based; measured
//! against rkyv and bincode in docs/PERFORMANCE.md); `layout` says where they lie.
//!
//! The explorer decodes every record, in chunks on every core (`decode`). A one-shot search
//! (`answer`) reads the records where they lie (a mapped file): the postings of the words
//! the query can match say where each word is and how well it matches (`ranked`); words in
//! a row are confirmed by reading, in place, the words of the passages that hold the rarest
//! of them; an alternative matched against the text (a phrase, a word with capitals) is
//! ranked, within the nodes where every group ranked before it may still match, on the
//! texts that hold what every match holds: found by the lexicon words that hold it where
//! it matches only exactly (`held_words`), else by a scan (`text_ranks`);
//! of the passages matched it reads the field, and of their nodes what ranking needs; it
//! ranks; then it reads the titles and texts of the results it shows, and nothing else.
//!
//! A pack from the cache is untrusted input: every index in it is checked before use, every
//! string that can be shown is neutralised.
//!
//! Past 500 lines with its unit tests (about 520 of code): decoding and the one-shot answer
//! share their checks of an untrusted pack.

mod held_words;
mod layout;
mod text_scan;

pub use layout::{MAGIC, PackFile, Source, encode, key_of};

use super::Searcher;
use super::groups::{Alternative, Group, groups, query_words};
use super::index::{Field, Name, NodeInfo, Passage, SearchIndex, Words, posting_list};
use super::locate::{Held, always_held, held_in_order};
use super::query::{Query, Term, folded};
use super::rank::{Ahead, Hit, IN_A_ROW, Plans, Ranker, in_a_row};
use crate::content::neutralise;
use crate::model::Anchor;
use layout::{
    KeepName, NodeFacts, Pack, SYMBOL_BETWEEN, Segment, Shared, StoredNames, StoredWords,
    is_between, read_u32s, slice,
};
use rayon::prelude::*;
use std::borrow::Cow;
use text_scan::{Holds, WINDOW};

/// Passages decoded together on one core: enough to be worth a thread, few enough that
/// the 43-force corpus spreads over both cores.
pub const PASSAGES_PER_CHUNK: usize = 8192;

/// Whether a pack's strings are neutralised as they are decoded.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Trust {
    /// From the cache: anything could have been written there.
    Untrusted,
    /// Embedded by this very build from content it neutralised (tests/prepared.rs proves
    /// it is what building gives): neutralising it again would find nothing.
    Prepared,
}

/// The built-in content's index, if this binary carries it prepared.
pub fn builtin(prepared: &crate::Prepared) -> Option<SearchIndex> {
    decode_with(prepared.index, key_of(prepared.index)?, Trust::Prepared)
}

/// The index a pack holds for `key`, every passage decoded; `None` for another key or
/// anything damaged.
pub fn decode(source: &(impl Source + ?Sized), key: u64) -> Option<SearchIndex> {
    decode_with(source, key, Trust::Untrusted)
}

/// `query` answered once from the built-in content's pack: a searcher holding what the
/// answer needed, and the hits, of which the first `shown` can be printed.
pub fn builtin_answer(
    prepared: &crate::Prepared,
    query: &Query,
    shown: usize,
) -> Option<(Searcher, Vec<Hit>)> {
    answer_with(
        prepared.index,
        key_of(prepared.index)?,
        query,
        shown,
        Trust::Prepared,
    )
}

/// `query` answered once from the pack for `key` in `source`, reading only what the
/// answer needs: a searcher over the nodes that can match (`Hit`s index those), and the
/// hits, best first, of which the first `shown` have their titles and texts read. `None`
/// for another key or anything damaged.
pub fn answer(
    source: &(impl Source + ?Sized),
    key: u64,
    query: &Query,
    shown: usize,
) -> Option<(Searcher, Vec<Hit>)> {
    answer_with(source, key, query, shown, Trust::Untrusted)
}

/// The index a pack holds for `key`, for one query: every node, but of the passages only
/// those the query can match decoded, the others left empty (they could not be a hit, nor
/// change one's score: `rank`); with the plans worked out to choose them. A query of
/// filters alone needs every passage, and gets them.
pub fn decode_for(
    source: &(impl Source + ?Sized),
    key: u64,
    query: &Query,
) -> Option<(SearchIndex, Plans)> {
    let trust = Trust::Untrusted;
    let pack = Pack::open(source, key)?;
    let Some(mut chosen) = choose(&pack, query, trust)? else {
        return Some((decode_with(source, key, trust)?, Plans::default()));
    };
    let mut texts = Vec::new();
    chosen.rank_texts(&pack, trust, None, &mut texts)?;
    let passages = chosen.passages(&pack, &texts)?;
    let Chosen {
        mut index, plans, ..
    } = chosen;
    // Plans for words in a row hold which passages are worth a look, and these passages
    // are numbered otherwise: those are planned again.
    let plans = plans.without_passages();
    let mut all: Vec<Passage> = (0..pack.nodes())
        .flat_map(|node| pack.passages_of(node).map(move |_| stand_in(node)))
        .collect();
    for &at in &passages {
        let node = pack.owner(at);
        let text = clean(pack.text(at)?, trust);
        all[at] = passage(node, pack.words(at)?, text, index.lexicon.words.len())?;
    }
    index.nodes = all_nodes(&pack, trust)?;
    index.passages = all;
    Some((index, plans))
}

fn decode_with(source: &(impl Source + ?Sized), key: u64, trust: Trust) -> Option<SearchIndex> {
    let pack = Pack::open(source, key)?;
    let shared = pack.shared()?;
    let nodes = all_nodes(&pack, trust)?;
    let passages = all_passages(&pack, trust, shared.lexicon.1.len())?;
    let index = index_of(shared, nodes, passages, trust, None)?;
    consistent(&index).then_some(index)
}

/// What a query needs of a pack: its plans, the postings that say which passages hold
/// their words, and how each alternative matched against the text ranks in each passage.
struct Chosen<'s> {
    /// The lexicon, concepts and forces, and no nodes or passages yet.
    index: SearchIndex,
    /// Each alternative's plan, words in a row with the passages worth a look among all.
    plans: Plans,
    postings: Postings<'s>,
    /// The lexicon words the query can match, by id.
    wanted: Vec<bool>,
    /// Alternatives matched against the text, to be ranked in each passage by its text
    /// (`rank_texts`).
    texts: Vec<Term>,
}

impl Chosen<'_> {
    /// Ranks each alternative matched against the text (`text_ranks`), into `ranked`
    /// beside the words' (`ranked`). With `groups`, an alternative is ranked only in the
    /// nodes where every group ranked so far may still match (`matching_every_group`),
    /// and the alternatives held by fewest passages go first: a node where some group
    /// cannot match is no hit whatever the others rank there, so `Police Jigsaw` ranks
    /// `Police` only where `Jigsaw` is. Without, every passage is ranked.
    fn rank_texts<S: Source + ?Sized>(
        &mut self,
        pack: &Pack<'_, S>,
        trust: Trust,
        groups: Option<&[Group]>,
        ranked: &mut Vec<Ranks>,
    ) -> Option<()> {
        let mut texts = std::mem::take(&mut self.texts);
        let counts = self.index.passage_counts();
        if groups.is_some() {
            let lexicon = &self.index.lexicon;
            let held_by = |term: &Term| {
                (super::normal::words(&term.folded))
                    .filter_map(|word| lexicon.find(&super::normal::canonical(word)))
                    .map(|id| counts.get(id as usize).copied().unwrap_or(0))
                    .min()
                    .unwrap_or(0)
            };
            texts.sort_by_cached_key(held_by);
        }
        let by_words = ByWords {
            words: &self.index.lexicon.words,
            counts: &counts,
            postings: &self.postings,
        };
        let ranker = Ranker::default();
        for term in texts {
            let allowed = groups
                .map(|groups| passages_of_nodes(pack, &matching_every_group(pack, groups, ranked)));
            let within = allowed.as_deref();
            let ranks = text_ranks(pack, &term, &ranker, trust, Some(&by_words), within)?;
            ranked.push((Alternative::Text(term), ranks));
        }
        Some(())
    }

    /// The passages the query can match (ascending): those holding a wanted word, and
    /// those where a text alternative ranks (`texts`, each ranked in every passage).
    fn passages<S: Source + ?Sized>(
        &self,
        pack: &Pack<'_, S>,
        texts: &[Ranks],
    ) -> Option<Vec<usize>> {
        let words = self.wanted.len();
        let mut chosen = vec![false; pack.passages];
        for word in (0..words).filter(|&word| self.wanted[word]) {
            for list in [word, words + word] {
                for p in posting_list(self.postings.list(list)?, pack.passages) {
                    chosen[p as usize] = true;
                }
            }
        }
        for (_, ranks) in texts {
            for (chosen, &rank) in chosen.iter_mut().zip(ranks) {
                *chosen |= rank > 0;
            }
        }
        Some((0..chosen.len()).filter(|&p| chosen[p]).collect())
    }
}

/// A pack's posting lists (`StoredPostings`), their table checked: for each word the
/// passages holding it among their words, then for each those holding it only among
/// their compounds.
struct Postings<'s> {
    /// Where each list starts in `lists`, and the end.
    starts: Vec<u32>,
    /// The segment, its table first.
    segment: Cow<'s, [u8]>,
    /// Where the lists begin in `segment`.
    table: usize,
}

impl<'s> Postings<'s> {
    /// The postings of a pack whose lexicon has `words` words, and how many passages hold
    /// each word; `None` if the table is damaged.
    fn open<S: Source + ?Sized>(pack: &Pack<'s, S>, words: usize) -> Option<(Self, Vec<u32>)> {
        let segment = pack.segment(Segment::Postings)?;
        let table = words.checked_mul(3)?.checked_add(1)?.checked_mul(4)?;
        let mut numbers = read_u32s(segment.get(..table)?)?;
        let starts = numbers.split_off(words);
        let lists = segment.len() - table;
        let ordered = starts.windows(2).all(|pair| pair[0] <= pair[1])
            && starts.last().is_some_and(|&end| end as usize == lists);
        if !ordered || numbers.iter().any(|&count| count as usize > pack.passages) {
            return None;
        }
        let postings = Postings {
            starts,
            segment,
            table,
        };
        Some((postings, numbers))
    }

    /// List `list`, as `posting_list` reads it.
    fn list(&self, list: usize) -> Option<&[u8]> {
        let start = *self.starts.get(list)? as usize;
        let end = *self.starts.get(list + 1)? as usize;
        self.segment.get(self.table + start..self.table + end)
    }
}

/// What a one-shot answer knows of the words, for `text_ranks` to find the passages that
/// may hold letters as written by the words that hold them (`held_words`).
struct ByWords<'a, 's> {
    words: &'a Words,
    /// How many passages hold each word.
    counts: &'a [u32],
    postings: &'a Postings<'s>,
}

/// What `query` needs of a pack, with the plans of its alternatives and the passages its
/// texts (a phrase, a word with capitals or symbols) rank in each passage (`text_ranks`);
/// `Some(None)` when any passage may matter (filters alone).
fn choose<'s, S: Source + ?Sized>(
    pack: &Pack<'s, S>,
    query: &Query,
    trust: Trust,
) -> Option<Option<Chosen<'s>>> {
    let shared = pack.shared()?;
    let words = shared.lexicon.1.len();
    let (postings, counts) = Postings::open(pack, words)?;
    let mut index = index_of(shared, Vec::new(), Vec::new(), trust, Some(query))?;
    index.answer_once();
    index.keep_counts(counts);
    let mut plans = Plans::default();
    let ranker = Ranker::default();
    let Some(wanted) = ranker.words_wanted(&index, query, &mut plans) else {
        return Some(None);
    };
    Some(Some(Chosen {
        index,
        plans,
        postings,
        wanted: wanted.words,
        texts: wanted.texts,
    }))
}

/// How `term` ranks in each passage's text (`Ranker::text_rank`), worked out for the
/// passages holding what every match holds (`always_held`): the few passages with an `&`
/// between two letters for `S&S` as written; for what matches only exactly (`RSO`,
/// `THRIVE`, `"stop and search"`), those holding a word that holds one of its runs of
/// letters (by the lexicon and the postings in `by_words`: `held_words`); for a word as
/// written that may match by a stem or as a near miss (`Jigsaw`), those holding a word
/// that holds its stem or starts a near miss of it, by the lexicon too; else those a scan
/// of every text finds holding it, by its rarest char or by its first chars in order
/// (`Police`'s `Poli`: too common for the lexicon to be worth it). `None` for a damaged
/// pack.
fn text_ranks<S: Source + ?Sized>(
    pack: &Pack<'_, S>,
    term: &Term,
    ranker: &Ranker,
    trust: Trust,
    by_words: Option<&ByWords>,
    within: Option<&[bool]>,
) -> Option<Vec<u16>> {
    let needle = if term.case_sensitive {
        &term.text
    } else {
        &term.folded
    };
    let held = match always_held(needle, term.phrase) {
        Held::Whole(held) => held,
        Held::EachOf(chars) => rarest_char(chars, term.case_sensitive),
    };
    // A word as written that may match by a stem or as a near miss: the start of it every
    // place holds in order from its first char (`Enga` of `Engage`).
    let in_order = (term.case_sensitive)
        .then(|| held_in_order(needle, term.phrase))
        .flatten();
    let mut ranks = vec![0u16; pack.passages];
    // Nowhere left to rank (a pasted sentence whose words no node holds all of): no scan.
    if within.is_some_and(|within| !within.contains(&true)) {
        return Some(ranks);
    }
    // Ranked on the text as the whole index holds it, neutralised where it is untrusted.
    let outside = |p: usize| within.is_some_and(|within| !within[p]);
    let mut rank = |p: usize, text: &[u8]| {
        if outside(p) {
            return Some(false);
        }
        let text = cleaned(std::str::from_utf8(text).ok()?, trust);
        ranks[p] = ranker.text_rank(term, &text, || folded(&text));
        Some(ranks[p] > 0)
    };
    if term.case_sensitive
        && held == needle
        && let Some(list) = rarest_symbol(pack, held.as_bytes())?
    {
        for p in pack
            .holding_symbol(list)?
            .into_iter()
            .filter(|&p| !outside(p))
        {
            rank(p, &pack.text_bytes(p)?)?;
        }
        return Some(ranks);
    }
    // From the lexicon: what matches only exactly by the words holding it, a word as
    // written that may match by a stem or as a near miss by the words that may start it.
    let by_lexicon = by_words.and_then(|by_words| {
        let ByWords { words, counts, .. } = *by_words;
        let list = |word| by_words.postings.list(word);
        if held == needle {
            held_words::passages_holding(words, counts, pack.passages, held, list)
        } else if term.case_sensitive && !term.phrase {
            held_words::passages_may_match_word(words, counts, pack.passages, needle, list)
        } else {
            None
        }
    });
    if let Some(passages) = by_lexicon {
        // A word as written: the lexicon cannot tell `end` or `even` from the start of a
        // near miss of `Engage`, but a text without `Enga` in order is passed over unread.
        let walked = in_order.and_then(Holds::in_order);
        for p in (passages.into_iter().map(|p| p as usize)).filter(|&p| !outside(p)) {
            let text = pack.text_bytes(p)?;
            if walked.as_ref().is_none_or(|walked| walked.is_in(&text)) {
                rank(p, &text)?;
            }
        }
        return Some(ranks);
    }
    let holds = match term.case_sensitive {
        // A word as written whose rarest char is its first (`Engage`, `Domestic`): where
        // that char is, the few chars after must follow in order, which far fewer places
        // hold than the char alone.
        true => in_order
            .filter(|walked| walked.starts_with(held))
            .and_then(Holds::in_order)
            .unwrap_or_else(|| Holds::written(held.as_bytes())),
        false => Holds::caseless(held),
    };
    let (ends, length) = pack.text_ends()?;
    let read = |from: usize, len: usize| pack.texts(from, len);
    let done = |from: usize, len: usize| pack.forget_texts(from, len);
    text_scan::passages_matching_read(&ends, length, &holds, WINDOW, read, done, &mut rank)?;
    Some(ranks)
}

/// Of `chars` (of a word held anywhere), the one a byte search should look for: a capital
/// or a digit before a small letter, a rare letter (`j`) before a common one (`e`). A char
/// outside ASCII is looked for as written, but is no use caseless (`Holds::caseless`).
fn rarest_char(chars: &str, case_sensitive: bool) -> &str {
    const LETTERS_BY_USE: &[u8] = b"etaoinshrdlcumwfgypbvkjxqz";
    let commonness = |c: char| {
        let rank = |letter: char| {
            let letter = letter.to_ascii_lowercase() as u8;
            26 - LETTERS_BY_USE
                .iter()
                .position(|&l| l == letter)
                .unwrap_or(26)
        };
        match c {
            ' ' => 1000,
            'a'..='z' => 100 + rank(c),
            'A'..='Z' => 50 + rank(c),
            _ if c.is_ascii() => 40,
            _ if case_sensitive => 30,
            _ => 2000,
        }
    };
    let (at, c) = (chars.char_indices())
        .min_by_key(|&(_, c)| commonness(c))
        .unwrap_or((0, ' '));
    chars.get(at..at + c.len_utf8()).unwrap_or(chars)
}

/// Of the symbols in `needle`, the list of passages holding it as the needle does (between
/// letters or digits where it is so, else anywhere) that is shortest, if it has one.
fn rarest_symbol<S: Source + ?Sized>(pack: &Pack<'_, S>, needle: &[u8]) -> Option<Option<usize>> {
    let lists = (0..needle.len())
        .filter(|&at| needle[at].is_ascii_punctuation())
        .map(|at| usize::from(needle[at]) + usize::from(is_between(needle, at)) * SYMBOL_BETWEEN);
    let rarest = lists
        .map(|list| Some((pack.symbol_list(list)?.len(), list)))
        .collect::<Option<Vec<_>>>()?
        .into_iter()
        .min();
    Some(rarest.map(|(_, list)| list))
}

/// Where a searcher over some of a pack's nodes and passages found them in the pack.
struct Found {
    nodes: Vec<usize>,
    passages: Vec<usize>,
    /// By passage of the searcher: whether its text has been read.
    texted: Vec<bool>,
}

fn answer_with(
    source: &(impl Source + ?Sized),
    key: u64,
    query: &Query,
    shown: usize,
    trust: Trust,
) -> Option<(Searcher, Vec<Hit>)> {
    let pack = Pack::open(source, key)?;
    let Some(mut chosen) = choose(&pack, query, trust)? else {
        let searcher = Searcher::from_index(decode_with(source, key, trust)?).answer_once();
        let hits = searcher.search(query);
        return Some((searcher, hits));
    };
    let lexicon = chosen.index.lexicon.words.len();
    let (mut ranked, heads) = ranked(&pack, &chosen.postings, &chosen.plans, lexicon)?;
    let groups = groups(&chosen.index, query);
    chosen.rank_texts(&pack, trust, Some(&groups), &mut ranked)?;
    let Chosen {
        index, mut plans, ..
    } = chosen;
    // The passages some alternative ranks, of the nodes where every group may match: no
    // other could be a hit, nor change one's score or which passage shows it.
    let mut chosen = vec![false; pack.passages];
    for (_, ranks) in &ranked {
        for (p, &rank) in ranks.iter().enumerate() {
            chosen[p] |= rank > 0;
        }
    }
    let every = passages_of_nodes(&pack, &matching_every_group(&pack, &groups, &ranked));
    for (chosen, every) in chosen.iter_mut().zip(every) {
        *chosen &= every;
    }
    let passages: Vec<usize> = (0..chosen.len()).filter(|&p| chosen[p]).collect();
    for (alternative, ranks) in ranked {
        plans.know(alternative, passages.iter().map(|&p| ranks[p]).collect());
    }
    let (index, mut found) = compact(&pack, index, passages, &heads)?;
    let searcher = Searcher::from_index(index);
    let hits = searcher.search_as_typed(query, None, &mut plans);
    let mut index = searcher.index;
    for hit in hits.iter().take(shown) {
        fill(&pack, &mut index, &mut found, hit.node, trust)?;
    }
    Some((Searcher::from_index(index), hits))
}

/// By passage of the pack, whether its node is one of `nodes` (by node).
fn passages_of_nodes<S: Source + ?Sized>(pack: &Pack<'_, S>, nodes: &[bool]) -> Vec<bool> {
    let mut passages = vec![false; pack.passages];
    for node in (0..pack.nodes()).filter(|&node| nodes[node]) {
        passages[pack.passages_of(node)].fill(true);
    }
    passages
}

/// By node of the pack, whether every one of `groups` matches in one of its passages, by
/// its alternatives' ranks (`ranked`; one not ranked may match anywhere). A node is a hit
/// only where every group matches (rank.rs, rule 1), so only these nodes' passages need
/// reading: `crime integrity` reads the few nodes with both, not every passage that
/// mentions crime.
fn matching_every_group<S: Source + ?Sized>(
    pack: &Pack<'_, S>,
    groups: &[Group],
    ranked: &[Ranks],
) -> Vec<bool> {
    let nodes = pack.nodes();
    let mut every = vec![true; nodes];
    for group in groups {
        let mut matched = vec![false; nodes];
        for alternative in &group.alternatives {
            let Some((_, ranks)) = ranked.iter().find(|(ranked, _)| ranked == alternative) else {
                matched.fill(true);
                continue;
            };
            for (node, matched) in matched.iter_mut().enumerate() {
                *matched = *matched || pack.passages_of(node).any(|p| ranks[p] > 0);
            }
        }
        for (every, matched) in every.iter_mut().zip(matched) {
            *every &= matched;
        }
    }
    every
}

/// Each alternative's rank in each passage of the pack, worked out without the ranker:
/// a word's from the postings of the lexicon words it matches (a passage ranks as the best
/// of them), words in a row by reading, in place, the words of the passages holding their
/// rarest position. Alternatives matched against the text are ranked apart (`text_ranks`).
/// With
/// them, the field and anchor of each passage whose words were read (ascending), so that
/// none is read twice. `None` for a damaged pack.
fn ranked<S: Source + ?Sized>(
    pack: &Pack<'_, S>,
    postings: &Postings<'_>,
    plans: &Plans,
    lexicon: usize,
) -> Option<(Vec<Ranks>, Heads)> {
    let mut ranked = Vec::new();
    let mut heads = Vec::new();
    let mut words = Vec::new();
    for (alternative, ahead) in plans.planned() {
        let mut ranks = vec![0u16; pack.passages];
        match ahead {
            Ahead::Word(table) => {
                for (word, &rank) in table.iter().enumerate().filter(|(_, r)| **r > 0) {
                    for list in [word, lexicon + word] {
                        for p in posting_list(postings.list(list)?, pack.passages) {
                            let best = &mut ranks[p as usize];
                            *best = (*best).max(rank);
                        }
                    }
                }
            }
            Ahead::InARow { positions, rarest } => {
                // Words in a row are among a passage's words, not its compounds.
                let mut candidates = Vec::new();
                for word in (0..lexicon).filter(|&word| rarest[word]) {
                    candidates.extend(posting_list(postings.list(word)?, pack.passages));
                }
                candidates.sort_unstable();
                candidates.dedup();
                for p in candidates {
                    let p = p as usize;
                    heads.push((p, pack.head(p, lexicon, Some(&mut words))?));
                    if in_a_row(&words, positions) {
                        ranks[p] = IN_A_ROW;
                    }
                }
            }
            Ahead::Text => continue,
        }
        ranked.push((alternative.clone(), ranks));
    }
    heads.sort_unstable_by_key(|&(p, _)| p);
    heads.dedup_by_key(|&mut (p, _)| p);
    Some((ranked, heads))
}

/// An alternative's rank in each passage of the pack (0: no match).
type Ranks = (Alternative, Vec<u16>);

/// Passages' fields and anchors, by passage of the pack, ascending.
type Heads = Vec<(usize, (Field, Anchor))>;

/// An index of `passages` alone (ascending) and of the nodes they belong to, each node
/// with what ranking needs (its titles and texts are read for the results shown: `fill`);
/// of each passage its field and anchor (from `heads` where read already). Neither its
/// words nor its text are kept: the plans know already where each alternative is
/// (`ranked`).
fn compact<S: Source + ?Sized>(
    pack: &Pack<'_, S>,
    mut index: SearchIndex,
    passages: Vec<usize>,
    heads: &Heads,
) -> Option<(SearchIndex, Found)> {
    let mut found = Found {
        nodes: Vec::new(),
        passages: Vec::with_capacity(passages.len()),
        texted: Vec::with_capacity(passages.len()),
    };
    let (mut nodes, mut compact) = (Vec::new(), Vec::with_capacity(passages.len()));
    for at in passages {
        let owner = pack.owner(at);
        if found.nodes.last() != Some(&owner) {
            let NodeFacts {
                key,
                year,
                kind,
                finding,
                grade,
            } = pack.facts(owner)?;
            found.nodes.push(owner);
            nodes.push(NodeInfo {
                key,
                id: String::new(),
                year,
                kind,
                finding,
                grade,
                title: String::new(),
                breadcrumb: Vec::new(),
                passages: compact.len()..compact.len(),
            });
        }
        let (field, anchor) = match heads.binary_search_by_key(&at, |&(p, _)| p) {
            Ok(read) => heads[read].1,
            Err(_) => pack.field_and_anchor(at)?,
        };
        compact.push(Passage {
            node: nodes.len() - 1,
            field,
            anchor,
            text: String::new(),
            words: Box::default(),
            joined: Box::default(),
        });
        found.passages.push(at);
        found.texted.push(false);
        nodes.last_mut()?.passages.end = compact.len();
    }
    index.nodes = nodes;
    index.passages = compact;
    Some((index, found))
}

/// Reads what is shown of node `node` of a `compact` index: its names, and the texts of
/// its passages.
fn fill<S: Source + ?Sized>(
    pack: &Pack<'_, S>,
    index: &mut SearchIndex,
    found: &mut Found,
    node: usize,
    trust: Trust,
) -> Option<()> {
    let info = index.nodes.get_mut(node)?;
    if info.id.is_empty() {
        let StoredNames {
            id,
            title,
            breadcrumb,
        } = pack.names(found.nodes[node])?;
        info.id = clean(id, trust);
        info.title = clean(title, trust);
        info.breadcrumb = breadcrumb.into_iter().map(|b| clean(b, trust)).collect();
    }
    for at in info.passages.clone() {
        if !found.texted[at] {
            index.passages[at].text = clean(pack.text(found.passages[at])?, trust);
            found.texted[at] = true;
        }
    }
    Some(())
}

fn all_nodes<S: Source + ?Sized>(pack: &Pack<'_, S>, trust: Trust) -> Option<Vec<NodeInfo>> {
    let (fact_ends, facts) = pack.all(Segment::FactEnds, Segment::Facts)?;
    let (name_ends, names) = pack.all(Segment::NameEnds, Segment::Names)?;
    (0..pack.nodes())
        .map(|n| {
            let facts = NodeFacts::decode(slice(&fact_ends, &facts, n)?)?;
            let names: StoredNames = postcard::from_bytes(slice(&name_ends, &names, n)?).ok()?;
            let clean = |text: String| clean(text, trust);
            Some(NodeInfo {
                key: facts.key,
                id: clean(names.id),
                year: facts.year,
                kind: facts.kind,
                finding: facts.finding,
                grade: facts.grade,
                title: clean(names.title),
                breadcrumb: names.breadcrumb.into_iter().map(clean).collect(),
                passages: pack.passages_of(n),
            })
        })
        .collect()
}

/// Every passage, its words checked against the lexicon's `lexicon` words.
fn all_passages<S: Source + ?Sized>(
    pack: &Pack<'_, S>,
    trust: Trust,
    lexicon: usize,
) -> Option<Vec<Passage>> {
    let (word_ends, words) = pack.all(Segment::WordEnds, Segment::Words)?;
    let (text_ends, texts) = pack.all(Segment::TextEnds, Segment::Texts)?;
    let run = |range: std::ops::Range<usize>| -> Option<Vec<Passage>> {
        let mut node = pack.owner(range.start);
        let mut decoded = Vec::with_capacity(range.len());
        for at in range {
            while (*pack.node_ends.get(node)? as usize) <= at {
                node += 1;
            }
            let stored: StoredWords = postcard::from_bytes(slice(&word_ends, &words, at)?).ok()?;
            let text = std::str::from_utf8(slice(&text_ends, &texts, at)?).ok()?;
            decoded.push(passage(
                node,
                stored,
                clean(text.to_owned(), trust),
                lexicon,
            )?);
        }
        Some(decoded)
    };
    let count = pack.passages;
    let chunks: Vec<std::ops::Range<usize>> = (0..count)
        .step_by(PASSAGES_PER_CHUNK)
        .map(|start| start..(start + PASSAGES_PER_CHUNK).min(count))
        .collect();
    // One chunk (the built-in content) is decoded here: waking the thread pool would
    // cost more than the chunk takes.
    let runs: Vec<Vec<Passage>> = if chunks.len() > 1 {
        chunks.into_par_iter().map(run).collect::<Option<_>>()?
    } else {
        chunks.into_iter().map(run).collect::<Option<_>>()?
    };
    // Moved run by run, each freed as it goes: never two copies of all the passages.
    let mut passages = Vec::with_capacity(count);
    for run in runs {
        passages.extend(run);
    }
    Some(passages)
}

/// The index around `nodes` and `passages`, with the shared segment's parts; `None` if
/// its lexicon is damaged.
fn index_of(
    shared: Shared,
    nodes: Vec<NodeInfo>,
    passages: Vec<Passage>,
    trust: Trust,
    query: Option<&Query>,
) -> Option<SearchIndex> {
    // For one query, only the concepts it can name (`groups::query_words`).
    let words = query.map(query_words);
    let named = (words.as_ref()).map(|words| {
        move |name: &[&str]| !name.is_empty() && name.iter().all(|word| words.contains(*word))
    });
    let keep = named.as_ref().map(|named| named as KeepName);
    let concepts = match trust {
        // Neutralised and folded by this very build (tests/prepared.rs).
        Trust::Prepared => (shared.concepts.concepts(keep)?.into_iter())
            .map(|names| {
                (names.into_iter())
                    .map(|(shown, words)| Name {
                        shown: shown.to_owned(),
                        words: words.into_iter().map(str::to_owned).collect(),
                    })
                    .collect()
            })
            .collect(),
        // Its words are those of its name as shown, whatever the pack says, and a concept
        // is kept (or not) by those.
        Trust::Untrusted => (shared.concepts.concepts(None)?.into_iter())
            .map(|names| {
                (names.into_iter())
                    .map(|(shown, _)| Name::new(&clean(shown.to_owned(), trust)))
                    .collect::<Vec<_>>()
            })
            .filter(|names| {
                keep.is_none_or(|keep| {
                    (names.iter()).any(|name| {
                        keep(&name.words.iter().map(String::as_str).collect::<Vec<_>>())
                    })
                })
            })
            .collect(),
    };
    let forces = shared
        .forces
        .into_iter()
        .map(|(id, name)| (clean(id, trust), clean(name, trust)))
        .collect();
    let (text, ends) = shared.lexicon;
    let words = Words::from_parts(text, ends)?;
    Some(SearchIndex::from_parts(
        nodes, passages, words, concepts, forces,
    ))
}

/// A passage of node `node`, if every word it names is among the lexicon's `words`.
fn passage(node: usize, stored: StoredWords, text: String, words: usize) -> Option<Passage> {
    let passage = Passage {
        node,
        field: stored.field,
        anchor: stored.anchor,
        text,
        words: stored.words.into(),
        joined: stored.joined.into(),
    };
    in_lexicon(&passage, words).then_some(passage)
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

/// `text` as it may be shown.
fn clean(text: String, trust: Trust) -> String {
    match cleaned(&text, trust) {
        Cow::Borrowed(_) => text,
        Cow::Owned(clean) => clean,
    }
}

/// `text` as the pack's reader holds it: neutralised where the pack is untrusted.
fn cleaned(text: &str, trust: Trust) -> Cow<'_, str> {
    match trust {
        Trust::Prepared => Cow::Borrowed(text),
        Trust::Untrusted => neutralise(text),
    }
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

    #[test]
    fn a_one_shot_answer_reads_the_words_of_the_passages_it_can_match_and_the_texts_it_shows() {
        let whole = Searcher::from_index(built_in());
        let counted = Counted {
            bytes: encode(&whole.index, 7),
            reads: Default::default(),
        };
        let query = Query::parse("jigsaw");
        let (once, hits) = answer(&counted, 7, &query, 3).expect("a pack");
        let expected = whole.search(&query);
        assert!(expected.len() > 3, "more hits than shown");
        let pack = Pack::open(&counted.bytes[..], 7).unwrap();
        let in_segment = |segment: Segment| {
            let (start, _) = pack.span(segment);
            let end = start + pack.segment(segment).unwrap().len() as u64;
            let reads = counted.reads.lock().unwrap();
            (reads.iter())
                .filter(|&&(offset, len)| offset >= start && offset < end && len > 0)
                .count()
        };
        // One read per record: a passage's words for each passage that holds the word, a
        // text for each passage of a node shown, a title for each node shown.
        assert_eq!(in_segment(Segment::Words), once.index.passages.len());
        let shown_passages: usize = (hits.iter().take(3))
            .map(|hit| once.index.nodes[hit.node].passages.len())
            .sum();
        assert_eq!(in_segment(Segment::Texts), shown_passages);
        assert_eq!(in_segment(Segment::Names), 3);
        assert!(once.index.passages.len() * 20 < whole.index.passages.len());
        // The same results, in the same order, shown the same way.
        assert_eq!(hits.len(), expected.len());
        for (hit, want) in hits.iter().zip(&expected).take(3) {
            assert_eq!(once.node(hit).id, whole.node(want).id);
            assert_eq!(hit.score, want.score);
            assert_eq!(once.passage(hit).text, whole.passage(want).text);
        }
    }

    #[test]
    fn a_passage_naming_a_word_past_the_lexicon_is_never_followed() {
        let index = built_in();
        let last = index.lexicon.words.len() as u32 - 1;
        let held = (index.passages.iter())
            .position(|p| p.words.contains(&last))
            .expect("a passage holds the last word");
        let mut bytes = encode(&index, 7);
        let sound = bytes.clone();
        let (offset, length) = Pack::open(&bytes[..], 7)
            .unwrap()
            .record_span(Segment::WordEnds, Segment::Words, held)
            .unwrap();
        // The same record, naming one word past the last instead of the last.
        let passage = &index.passages[held];
        let past = |words: &[u32]| {
            words
                .iter()
                .map(|&w| if w == last { w + 1 } else { w })
                .collect()
        };
        let damaged = postcard::to_stdvec(&StoredWords {
            field: passage.field,
            anchor: passage.anchor,
            words: past(&passage.words),
            joined: past(&passage.joined),
        })
        .unwrap();
        assert_eq!(damaged.len(), length, "a varint as long as before");
        let offset = offset as usize;
        bytes[offset..offset + length].copy_from_slice(&damaged);
        let query = Query::parse(&index.lexicon.words[last as usize]);
        // Decoding the passage checks its words, and refuses the pack.
        assert!(decode_for(&bytes[..], 7, &query).is_none());
        // A one-shot answer ranks it from the postings and reads no word of it: it
        // answers as the sound pack does, the damaged words never followed.
        let ids = |bytes: &[u8]| {
            let (searcher, hits) = answer(bytes, 7, &query, 20).expect("an answer");
            let ids: Vec<String> = hits
                .iter()
                .map(|hit| searcher.node(hit).id.clone())
                .collect();
            ids
        };
        let found = ids(&sound);
        assert!(!found.is_empty());
        assert_eq!(ids(&bytes), found);
    }

    #[test]
    fn a_name_with_a_symbol_between_letters_reads_only_the_texts_holding_it_so() {
        let mut index = built_in();
        for passage in &mut index.passages {
            passage.text = passage.text.replace('&', "and");
        }
        let texts = ["stop & search", "the S&S team", "&S first", "last S&"];
        for (passage, text) in index.passages.iter_mut().zip(texts) {
            passage.text = text.to_owned();
        }
        let counted = Counted {
            bytes: encode(&index, 7),
            reads: Default::default(),
        };
        let pack = Pack::open(&counted, 7).unwrap();
        let (start, _) = pack.span(Segment::Texts);
        let text_reads = || {
            let reads = counted.reads.lock().unwrap();
            (reads.iter())
                .filter(|&&(offset, _)| offset >= start)
                .count()
        };
        assert_eq!(
            pack.holding_symbol(usize::from(b'&')),
            Some(vec![0, 1, 2, 3])
        );
        assert_eq!(
            pack.holding_symbol(SYMBOL_BETWEEN + usize::from(b'&')),
            Some(vec![1])
        );
        // `S&S`: only the one passage with an `&` between letters is read.
        let before = text_reads();
        let phrase = |text: &str| {
            let term = Term::new(text, true);
            let ranks = text_ranks(
                &pack,
                &term,
                &Ranker::default(),
                Trust::Untrusted,
                None,
                None,
            )?;
            Some(
                (0..ranks.len())
                    .filter(|&p| ranks[p] > 0)
                    .collect::<Vec<_>>(),
            )
        };
        assert_eq!(phrase("S&S"), Some(vec![1]));
        assert_eq!(text_reads() - before, 1);
        // A needle with the symbol at its edge may find it beside a space: all are read.
        assert_eq!(phrase("&S"), Some(vec![1, 2]));
        assert_eq!(phrase("S&"), Some(vec![1, 3]));
        // Without capitals, in any case: every text is scanned.
        assert_eq!(phrase(" & "), Some(vec![0]));
        assert_eq!(phrase("s&s"), Some(vec![1]));
    }

    #[test]
    fn the_char_looked_for_is_the_rarest_that_can_be() {
        assert_eq!(rarest_char("Jigs", true), "J");
        assert_eq!(rarest_char("iPho", true), "P");
        assert_eq!(rarest_char("THRI", true), "R");
        assert_eq!(rarest_char("stop", false), "p");
        assert_eq!(rarest_char("a 92", false), "9");
        assert_eq!(rarest_char("éabc", true), "é");
        assert_eq!(rarest_char("éabc", false), "b", "no use caseless");
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
    fn the_built_in_pack_answers_a_query_as_the_built_index_does() {
        let query = Query::parse("jigsaw");
        // A pack as build.rs makes one for the binary (which embeds it, as 'static bytes).
        let index = Box::leak(encode(&built_in(), 7).into_boxed_slice());
        let prepared = crate::Prepared {
            library: &[],
            index,
        };
        let (once, hits) = builtin_answer(&prepared, &query, 1).expect("the built-in pack answers");
        let whole = Searcher::from_index(built_in());
        let expected = whole.search(&query);
        assert!(!hits.is_empty());
        assert_eq!(hits.len(), expected.len());
        assert_eq!(once.node(&hits[0]).id, whole.node(&expected[0]).id);
        assert!(once.index.passages.len() < whole.index.passages.len());
    }
}
