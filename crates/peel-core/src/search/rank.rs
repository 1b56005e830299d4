//! Matching and ranking, by these rules (each has a test in tests/ranking.rs):
//!
//! 1. Every group of the query (a word, a compound, an acronym with its expansions) must
//!    match somewhere in a node: words narrow, they never widen.
//! 2. A whole word beats part of a word, which beats a shared stem (`allocation` finds
//!    "allocating"), which beats a near miss (`jigsw` finds "Jigsaw").
//! 3. Where it matches: a title beats a glossary term, which beats a recommendation, which
//!    beats body text.
//! 4. What the node is: a cause of concern, then a recommendation, then an area for
//!    improvement, before other findings that match as well; a cause of concern is
//!    matched with the recommendations made under it.
//! 5. Repetition: each further passage of a node that mentions a group adds a little, up
//!    to five.
//! 6. Ties keep the reports' order.
//!
//! An acronym's expansion, a spelling variant or a compound joined up counts as what it
//! stands for; the hit says how it matched. fuzzy-matcher's SkimMatcherV2 scores near
//! misses.
//!
//! Past 500 lines with its unit tests (about 530 of code): the rules above and the code that
//! applies them, in the same order, read together.

use super::groups::{Alternative, groups};
use super::index::{Field, Passage, SearchIndex};
use super::lexicon_scan;
use super::locate::{Place, Strength, locate, near_miss_from, stems_of};
use super::lru::Lru;
use super::query::{Query, Term};
use crate::model::FindingKind;
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;
use std::borrow::Cow;
use std::collections::HashMap;
use std::sync::{Arc, Mutex};

/// One node that matches, with the passage that shows it best. Where in that passage the
/// words matched is worked out only for results that are shown (`highlight`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Hit {
    /// Index into `SearchIndex::nodes`.
    pub node: usize,
    pub score: i64,
    /// Index into `SearchIndex::passages`.
    pub passage: usize,
    /// The first group that matched by another name than was typed, and by which.
    pub via: Option<Via>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Via {
    pub group: u8,
    pub alternative: u8,
}

/// Below this many items, one thread is faster than two.
const PARALLEL_FROM: usize = 4096;

#[derive(Debug, Clone, Copy)]
struct Match {
    score: i64,
    exact: bool,
    alternative: usize,
}

/// How one alternative of a group is matched against passages, worked out once and kept
/// (see `Plans`) while the reader types on.
enum Plan {
    /// One word: each lexicon word classified once, as a rank (0: no match, higher is
    /// better); a passage's best word wins. One small integer per word keeps the
    /// per-passage loop a plain maximum over table lookups.
    Word(Vec<u16>),
    /// Words in a row: for each position, which lexicon words match there (the last also
    /// by its start, for plurals), as a table indexed by word id: one lookup per word; and
    /// the passages that hold a word of the rarest position, the only ones worth a look.
    Sequence {
        positions: Vec<Vec<bool>>,
        /// The position held by fewest passages: a passage must hold one of its words.
        rarest: Vec<bool>,
        candidates: Vec<bool>,
    },
    /// A phrase, a word with capitals (smart case) or with symbols (£92m): the text itself.
    Text(Term),
    /// Each passage's rank (as `encode` gives it, 0: no match), worked out before the
    /// search: a one-shot search ranks a word's passages by its postings and confirms words
    /// in a row where they lie in the pack (`pack`), so no passage's words are decoded.
    Known(Vec<u16>),
}

/// Plans of the alternatives searched for so far: typing a word plans only that word, so
/// a keystroke costs the same however long the query already is.
#[derive(Clone, Default)]
pub struct Plans(HashMap<Alternative, Arc<Plan>>);

impl Plans {
    /// Only the plans that hold nothing of the passages (a sequence's plan holds which
    /// passages are worth a look), for a search over other passages of the same lexicon.
    pub fn without_passages(mut self) -> Plans {
        self.0
            .retain(|_, plan| !matches!(plan.as_ref(), Plan::Sequence { .. } | Plan::Known(_)));
        self
    }

    /// The alternatives planned, each with what a pack needs to rank passages by it
    /// without the ranker (`pack`).
    pub(super) fn planned(&self) -> impl Iterator<Item = (&Alternative, Ahead<'_>)> {
        self.0.iter().map(|(alternative, plan)| {
            let ahead = match plan.as_ref() {
                Plan::Word(ranks) => Ahead::Word(ranks),
                Plan::Sequence {
                    positions, rarest, ..
                } => Ahead::InARow { positions, rarest },
                Plan::Text(_) | Plan::Known(_) => Ahead::Text,
            };
            (alternative, ahead)
        })
    }

    /// `alternative` ranked in each passage beforehand (`Plan::Known`): `ranks` by passage,
    /// as `Ahead` says to work them out.
    pub(super) fn know(&mut self, alternative: Alternative, ranks: Vec<u16>) {
        self.0.insert(alternative, Arc::new(Plan::Known(ranks)));
    }
}

/// An alternative's plan as a pack applies it itself (`Plans::planned`).
pub(super) enum Ahead<'a> {
    /// Each lexicon word's rank: a passage's rank is the best of its words' and compounds'.
    Word(&'a [u16]),
    /// Words in a row (`in_a_row`), found only in a passage that holds one of the `rarest`;
    /// ranked `IN_A_ROW` where found.
    InARow {
        positions: &'a [Vec<bool>],
        rarest: &'a [bool],
    },
    /// Matched against the text: the ranker's to do.
    Text,
}

/// The rank of a whole-word match (`encode`).
const WHOLE_WORD: u16 = 1003;

/// The rank of words found in a row: a whole-word match.
pub(super) const IN_A_ROW: u16 = WHOLE_WORD;

/// Whether `words` (a passage's, every one in the lexicon) hold, one after another, a word
/// of each of `positions` (tables by lexicon id).
pub(super) fn in_a_row(words: &[u32], positions: &[Vec<bool>]) -> bool {
    words.windows(positions.len()).any(|window| {
        window
            .iter()
            .zip(positions)
            .all(|(&word, table)| table[word as usize])
    })
}

/// Plans shared by every search over one index: a plan depends only on the alternative and
/// the index, so what one served reader typed is planned once for all of them (and `/`
/// reopening the last query plans nothing). Bounded by the bytes its plans hold; the
/// least recently used go first.
pub struct SharedPlans {
    plans: Mutex<Lru<Alternative, Arc<Plan>>>,
}

impl Default for SharedPlans {
    fn default() -> Self {
        SharedPlans::with_limit(SHARED_PLAN_BYTES)
    }
}

/// The bytes `SharedPlans` keeps at most: about 1,600 one-word plans over the built-in
/// content's 2,618 words (two bytes a word each).
pub const SHARED_PLAN_BYTES: usize = 8 << 20;

impl SharedPlans {
    pub fn with_limit(limit: usize) -> SharedPlans {
        SharedPlans {
            plans: Mutex::new(Lru::new(limit)),
        }
    }

    fn get(&self, alternative: &Alternative) -> Option<Arc<Plan>> {
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        plans.get(alternative)
    }

    fn put(&self, alternative: &Alternative, plan: &Arc<Plan>) {
        let size = plan.bytes() + std::mem::size_of::<Alternative>();
        let mut plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        plans.put(alternative.clone(), Arc::clone(plan), size);
    }

    /// The plans kept, and the bytes they hold.
    pub fn held(&self) -> (usize, usize) {
        let plans = self.plans.lock().unwrap_or_else(|e| e.into_inner());
        plans.held()
    }
}

impl Plan {
    /// About the heap bytes it holds.
    fn bytes(&self) -> usize {
        std::mem::size_of::<Plan>()
            + match self {
                Plan::Word(ranks) => ranks.len() * 2,
                Plan::Sequence {
                    positions,
                    rarest,
                    candidates,
                } => {
                    positions.iter().map(Vec::len).sum::<usize>() + rarest.len() + candidates.len()
                }
                Plan::Text(term) => term.text.len() + term.folded.len(),
                Plan::Known(ranks) => ranks.len() * 2,
            }
    }
}

/// What a passage must hold to match a query (`Ranker::words_wanted`).
pub struct Wanted {
    /// By lexicon id: a word the query can match.
    pub words: Vec<bool>,
    /// Alternatives matched against the text itself.
    pub texts: Vec<Term>,
}

/// Plans kept at most; a query is far shorter, so this only bounds a long session.
const PLANS_KEPT: usize = 512;

pub struct Ranker {
    folded: SkimMatcherV2,
    cased: SkimMatcherV2,
}

impl Default for Ranker {
    fn default() -> Self {
        Ranker {
            folded: SkimMatcherV2::default().ignore_case(),
            cased: SkimMatcherV2::default().respect_case(),
        }
    }
}

impl Ranker {
    /// Ranked hits for `query`, best first; ties keep the reports' order. With `within`,
    /// only those nodes are considered (the previous results of a narrower query).
    pub fn search(&self, index: &SearchIndex, query: &Query, within: Option<&[usize]>) -> Vec<Hit> {
        self.search_with(index, query, within, &mut Plans::default())
    }

    /// As `search`, reusing and keeping the plans of alternatives in `plans`.
    pub fn search_with(
        &self,
        index: &SearchIndex,
        query: &Query,
        within: Option<&[usize]>,
        kept: &mut Plans,
    ) -> Vec<Hit> {
        self.search_sharing(index, query, within, kept, None)
    }

    /// As `search_with`, taking plans not in `kept` from `shared` (which must be of this
    /// same index) before planning them, and leaving new ones there.
    pub fn search_sharing(
        &self,
        index: &SearchIndex,
        query: &Query,
        within: Option<&[usize]>,
        kept: &mut Plans,
        shared: Option<&SharedPlans>,
    ) -> Vec<Hit> {
        if query.is_empty() {
            return Vec::new();
        }
        let all: Vec<usize>;
        let candidates = match within {
            Some(nodes) => nodes,
            None => {
                all = (0..index.nodes.len()).collect();
                &all
            }
        };
        if kept.0.len() > PLANS_KEPT {
            kept.0.clear();
        }
        let plans: Vec<Vec<Arc<Plan>>> = groups(index, query)
            .iter()
            .map(|group| {
                group
                    .alternatives
                    .iter()
                    .map(|alternative| self.plan_kept(index, alternative, kept, shared))
                    .collect()
            })
            .collect();
        let score = |&n: &usize| {
            passes_filters(index, n, query)
                .then(|| self.score_node(index, n, &plans))
                .flatten()
        };
        // Nodes are scored independently: on both cores when there are enough of them to
        // pay for waking a second thread, which the built-in content alone is not.
        let mut hits: Vec<Hit> = if candidates.len() >= PARALLEL_FROM {
            candidates
                .par_iter()
                .with_min_len(512)
                .filter_map(score)
                .collect()
        } else {
            candidates.iter().filter_map(score).collect()
        };
        let order = |a: &Hit, b: &Hit| b.score.cmp(&a.score).then(a.node.cmp(&b.node));
        if hits.len() >= PARALLEL_FROM {
            hits.par_sort_unstable_by(order);
        } else {
            hits.sort_unstable_by(order);
        }
        hits
    }

    /// What a passage must hold to match `query` at all: one of the lexicon `words` (a
    /// table by id), or one of the `texts` (alternatives matched against the text itself: a
    /// phrase, a word with symbols or capitals). A one-shot search reads only the passages
    /// that do (`pack`). `None` where any passage may matter: a query of filters alone,
    /// whose hits show each node's first passage.
    /// The plans worked out on the way are kept in `kept`, for the search to reuse.
    pub fn words_wanted(
        &self,
        index: &SearchIndex,
        query: &Query,
        kept: &mut Plans,
    ) -> Option<Wanted> {
        let groups = groups(index, query);
        if groups.is_empty() {
            return None;
        }
        let mut wanted = Wanted {
            words: vec![false; index.lexicon.words.len()],
            texts: Vec::new(),
        };
        for alternative in groups.iter().flat_map(|group| &group.alternatives) {
            let plan = kept
                .0
                .entry(alternative.clone())
                .or_insert_with(|| Arc::new(self.plan(index, alternative)));
            match plan.as_ref() {
                // Each once: a query may repeat a word (a paste), and each is a scan.
                Plan::Text(term) if wanted.texts.contains(term) => {}
                Plan::Text(term) => wanted.texts.push(term.clone()),
                Plan::Word(ranks) => {
                    for (word, &rank) in ranks.iter().enumerate() {
                        wanted.words[word] |= rank > 0;
                    }
                }
                // Words in a row hold a word of every position, so of the rarest one.
                Plan::Sequence { rarest, .. } => {
                    for (word, &held) in rarest.iter().enumerate() {
                        wanted.words[word] |= held;
                    }
                }
                // Ranked already, over passages numbered otherwise: no words to say.
                Plan::Known(_) => return None,
            }
        }
        Some(wanted)
    }

    /// The plan of `alternative`: kept from before, shared by another search, or made now.
    fn plan_kept(
        &self,
        index: &SearchIndex,
        alternative: &Alternative,
        kept: &mut Plans,
        shared: Option<&SharedPlans>,
    ) -> Arc<Plan> {
        if let Some(plan) = kept.0.get(alternative) {
            return Arc::clone(plan);
        }
        let plan = match shared.and_then(|shared| shared.get(alternative)) {
            Some(plan) => plan,
            None => {
                let plan = Arc::new(self.plan(index, alternative));
                if let Some(shared) = shared {
                    shared.put(alternative, &plan);
                }
                plan
            }
        };
        kept.0.insert(alternative.clone(), Arc::clone(&plan));
        plan
    }

    fn plan(&self, index: &SearchIndex, alternative: &Alternative) -> Plan {
        match alternative {
            Alternative::Text(term) => Plan::Text(term.clone()),
            Alternative::Words { words, .. } if words.len() == 1 => {
                Plan::Word(self.word_ranks(index, &words[0]))
            }
            Alternative::Words { words, .. } => {
                let last = words.len() - 1;
                let mut rarest: Option<(usize, Vec<bool>)> = None;
                let counts = index.passage_counts();
                let positions = words
                    .iter()
                    .enumerate()
                    .map(|(i, word)| {
                        let ids: Vec<u32> = if i == last {
                            // The last word also by its start: "offender" finds "offenders".
                            index
                                .lexicon
                                .words
                                .iter()
                                .enumerate()
                                .filter(|(_, w)| w.starts_with(word.as_str()))
                                .map(|(id, _)| id as u32)
                                .collect()
                        } else {
                            index.lexicon.find(word).into_iter().collect()
                        };
                        let mut table = vec![false; index.lexicon.words.len()];
                        for &id in &ids {
                            table[id as usize] = true;
                        }
                        let held: usize = ids.iter().map(|&id| counts[id as usize] as usize).sum();
                        if rarest.as_ref().is_none_or(|(fewest, _)| held < *fewest) {
                            rarest = Some((held, table.clone()));
                        }
                        table
                    })
                    .collect();
                let rarest =
                    rarest.map_or_else(|| vec![false; index.lexicon.words.len()], |(_, r)| r);
                Plan::Sequence {
                    candidates: index.passages_with(&rarest),
                    positions,
                    rarest,
                }
            }
        }
    }

    /// Each lexicon word's rank against `needle`: whole word, part of it, stem, near miss.
    fn word_ranks(&self, index: &SearchIndex, needle: &str) -> Vec<u16> {
        let words = &index.lexicon.words;
        let mut ranks = vec![0u16; words.len()];
        // The words that hold the needle, in one pass over the lexicon (`lexicon_scan`).
        let finder = memchr::memmem::Finder::new(needle.as_bytes());
        lexicon_scan::holding(words, &finder, |id, whole| {
            ranks[id] = match whole {
                true => WHOLE_WORD,
                false => encode((Strength::Substring, 0)),
            };
        });
        // Of the others, a stem is the needle's start, and a near miss starts with its
        // first char.
        let stems = stems_of(needle);
        let needle_chars: Vec<char> = needle.chars().collect();
        let first = needle.as_bytes().first();
        let rest = |word: &str| -> Option<(Strength, i64)> {
            if word.as_bytes().first() != first {
                return None;
            }
            if stems.iter().any(|stem| word.starts_with(stem.as_str())) {
                return Some((Strength::Stem, 0));
            }
            let bytes = near_miss_from(word, 0, &needle_chars)?;
            let score = self
                .folded
                .fuzzy_match(Place::Chars(bytes).span(word), needle)?;
            Some((Strength::NearMiss, score))
        };
        let rank = |held: u16, word: &str| match held {
            0 => rest(word).map_or(0, encode),
            held => held,
        };
        if words.len() >= PARALLEL_FROM {
            (ranks.into_par_iter().enumerate())
                .with_min_len(1024)
                .map(|(id, held)| rank(held, &words[id]))
                .collect()
        } else {
            (ranks.into_iter().zip(words.iter()))
                .map(|(held, word)| rank(held, word))
                .collect()
        }
    }

    /// How `term` matches `text` (folded by `folded` where it is matched without case), as
    /// `encode` gives it: 0 for no match. A one-shot search ranks passages by this where
    /// they lie in the pack (`pack`).
    pub(super) fn text_rank<'a>(
        &self,
        term: &'a Term,
        text: &'a str,
        folded: impl FnOnce() -> Cow<'a, str>,
    ) -> u16 {
        let (haystack, needle) = haystack_and_needle(term, text, folded);
        let haystack = haystack.as_ref();
        match locate(haystack, needle, term.phrase) {
            None => 0,
            Some((Strength::NearMiss, place)) => {
                let matcher = if term.case_sensitive {
                    &self.cased
                } else {
                    &self.folded
                };
                (matcher.fuzzy_match(place.span(haystack), needle))
                    .map_or(0, |score| encode((Strength::NearMiss, score)))
            }
            Some((strength, _)) => encode((strength, 0)),
        }
    }

    fn score_node(
        &self,
        index: &SearchIndex,
        node: usize,
        plans: &[Vec<Arc<Plan>>],
    ) -> Option<Hit> {
        let range = index.nodes[node].passages.clone();
        let passages = &index.passages[range.clone()];
        let groups = plans.len();
        if groups == 0 {
            return Some(Hit {
                node,
                score: 0,
                passage: range.start,
                via: None,
            });
        }
        // matches[p * groups + g]: group g in passage p.
        let matches: Vec<Option<Match>> = passages
            .iter()
            .zip(range.clone())
            .flat_map(|(passage, at)| plans.iter().map(move |group| (at, passage, group)))
            .map(|(at, passage, group)| self.match_group(index, group, at, passage))
            .collect();
        let mut total = 0;
        let mut via = None;
        for g in 0..groups {
            let column = || matches.iter().skip(g).step_by(groups).flatten();
            let best = column().max_by_key(|m| m.score)?;
            let repeats = column().filter(|m| m.exact).count() as i64;
            total += best.score + 30 * (repeats - 1).clamp(0, 5);
            if via.is_none() && best.alternative > 0 {
                via = Some(Via {
                    group: u8::try_from(g).unwrap_or(u8::MAX),
                    alternative: u8::try_from(best.alternative).unwrap_or(u8::MAX),
                });
            }
        }
        let best_passage = (0..passages.len()).max_by_key(|&p| {
            let row = matches[p * groups..(p + 1) * groups].iter().flatten();
            let found = row.clone().count();
            let score: i64 = row.map(|m| m.score).sum();
            (found, score, std::cmp::Reverse(p))
        })?;
        Some(Hit {
            node,
            score: total * kind_weight(index, node) / 100,
            passage: range.start + best_passage,
            via,
        })
    }

    /// The best of a group's alternatives in a passage.
    fn match_group(
        &self,
        index: &SearchIndex,
        alternatives: &[Arc<Plan>],
        at: usize,
        passage: &Passage,
    ) -> Option<Match> {
        alternatives
            .iter()
            .enumerate()
            .filter_map(|(i, plan)| {
                let (score, exact) = self.match_plan(index, plan, at, passage)?;
                Some(Match {
                    score,
                    exact,
                    alternative: i,
                })
            })
            // The typed form first among equals.
            .max_by_key(|m| (m.score, std::cmp::Reverse(m.alternative)))
    }

    /// How `plan` matches `passage`, which is passage number `at` of the index.
    fn match_plan(
        &self,
        index: &SearchIndex,
        plan: &Plan,
        at: usize,
        passage: &Passage,
    ) -> Option<(i64, bool)> {
        let (strength, near_miss_score) = match plan {
            Plan::Word(ranks) => {
                let best = passage
                    .words
                    .iter()
                    .chain(passage.joined.iter())
                    .map(|&word| ranks[word as usize])
                    .max()?;
                decode(best)?
            }
            Plan::Sequence {
                positions,
                candidates,
                ..
            } => {
                if !(candidates[at] && in_a_row(&passage.words, positions)) {
                    return None;
                }
                decode(IN_A_ROW)?
            }
            Plan::Known(ranks) => decode(*ranks.get(at)?)?,
            Plan::Text(term) => decode(self.text_rank(term, &passage.text, || index.folded(at)))?,
        };
        let base = match strength {
            Strength::WholeWord => 400,
            Strength::Substring => 250,
            Strength::Stem => 180,
            Strength::NearMiss => near_miss_score.clamp(1, 150),
        };
        let weight = match passage.field {
            Field::Title => 250,
            Field::GlossaryTerm => 175,
            Field::Recommendation => 150,
            Field::Text => 100,
        };
        Some((
            base * weight / 100,
            matches!(strength, Strength::WholeWord | Strength::Substring),
        ))
    }
}

/// Rule 4: what the node is, as a percentage of its score.
fn kind_weight(index: &SearchIndex, node: usize) -> i64 {
    let info = &index.nodes[node];
    match (info.finding, info.kind) {
        (Some(FindingKind::CauseOfConcern), _) => 150,
        (_, "recommendation") => 125,
        (Some(FindingKind::AreaForImprovement), _) => 110,
        _ => 100,
    }
}

/// A word's match as one integer, higher for stronger: whole word, part of a word, stem,
/// then near misses by their score (at most 150, see `match_plan`).
fn encode((strength, score): (Strength, i64)) -> u16 {
    match strength {
        Strength::WholeWord => WHOLE_WORD,
        Strength::Substring => 1002,
        Strength::Stem => 1001,
        Strength::NearMiss => score.clamp(1, 150) as u16,
    }
}

fn decode(rank: u16) -> Option<(Strength, i64)> {
    match rank {
        0 => None,
        WHOLE_WORD => Some((Strength::WholeWord, 0)),
        1002 => Some((Strength::Substring, 0)),
        1001 => Some((Strength::Stem, 0)),
        score => Some((Strength::NearMiss, i64::from(score))),
    }
}

/// Smart case: a word with a capital is matched as typed against `text`, others against
/// its folded form (`folded`, asked for only then).
pub fn haystack_and_needle<'a>(
    term: &'a Term,
    text: &'a str,
    folded: impl FnOnce() -> Cow<'a, str>,
) -> (Cow<'a, str>, &'a str) {
    if term.case_sensitive {
        (Cow::Borrowed(text), &term.text)
    } else {
        (folded(), &term.folded)
    }
}

fn passes_filters(index: &SearchIndex, node: usize, query: &Query) -> bool {
    let info = &index.nodes[node];
    query.year.is_none_or(|year| info.year == Some(year))
        && query
            .kinds
            .as_ref()
            .is_none_or(|kinds| kinds.contains(&info.kind))
        && query.grade.is_none_or(|grade| info.grade == Some(grade))
        && (query.force.is_none()
            || info
                .key
                .force()
                .and_then(|f| index.forces.get(f))
                .is_some_and(|(id, name)| query.names_force(id, name)))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn built_in() -> SearchIndex {
        SearchIndex::build(&crate::content::load_builtin().expect("the built-in content"))
    }

    fn alternatives(index: &SearchIndex, query: &Query) -> Vec<Alternative> {
        groups(index, query)
            .into_iter()
            .flat_map(|group| group.alternatives)
            .collect()
    }

    /// Each word of the lexicon asked in turn, as planning did before `lexicon_scan`.
    fn word_ranks_one_by_one(ranker: &Ranker, index: &SearchIndex, needle: &str) -> Vec<u16> {
        let stems = stems_of(needle);
        let needle_chars: Vec<char> = needle.chars().collect();
        let first = needle.as_bytes().first();
        let classify = |word: &str| {
            let strength = if word == needle {
                Strength::WholeWord
            } else if word.len() > needle.len() && word.contains(needle) {
                Strength::Substring
            } else if word.as_bytes().first() != first {
                return None;
            } else if stems.iter().any(|stem| word.starts_with(stem.as_str())) {
                Strength::Stem
            } else {
                let bytes = near_miss_from(word, 0, &needle_chars)?;
                let score = ranker
                    .folded
                    .fuzzy_match(Place::Chars(bytes).span(word), needle)?;
                return Some((Strength::NearMiss, score));
            };
            Some((strength, 0))
        };
        index
            .lexicon
            .words
            .iter()
            .map(|word| classify(word).map_or(0, encode))
            .collect()
    }

    #[test]
    fn a_word_is_ranked_against_the_lexicon_as_each_word_asked_in_turn_ranks_it() {
        let index = built_in();
        let ranker = Ranker::default();
        for needle in [
            "jigsaw", "thrve", "custody", "stop", "search", "a", "e", "of", "crime", "jigsw",
            "polce", "victim", "zzzz", "",
        ] {
            let ranks = ranker.word_ranks(&index, needle);
            assert_eq!(
                ranks,
                word_ranks_one_by_one(&ranker, &index, needle),
                "{needle:?}"
            );
            if !needle.is_empty() && needle != "zzzz" {
                assert!(
                    ranks.iter().any(|&rank| rank > 0),
                    "{needle:?} ranks a word"
                );
            }
        }
    }

    #[test]
    fn plans_are_kept_across_searches_until_there_are_more_than_the_bound() {
        let index = built_in();
        let ranker = Ranker::default();
        let mut kept = Plans::default();
        let jigsaw = Query::parse("jigsaw");
        let hits = ranker.search_with(&index, &jigsaw, None, &mut kept);
        assert!(!hits.is_empty());
        ranker.search_with(&index, &Query::parse("custody"), None, &mut kept);
        for alternative in alternatives(&index, &jigsaw) {
            assert!(kept.0.contains_key(&alternative), "{alternative:?} kept");
        }
        // Filled to the bound exactly: still kept; one more, and planning starts again.
        let plan = Arc::clone(kept.0.values().next().unwrap());
        let filler = |n: usize| Alternative::Words {
            words: vec![format!("filler{n}")],
            shown: String::new(),
        };
        for n in kept.0.len()..PLANS_KEPT {
            kept.0.insert(filler(n), Arc::clone(&plan));
        }
        assert_eq!(ranker.search_with(&index, &jigsaw, None, &mut kept), hits);
        assert_eq!(
            kept.0.len(),
            PLANS_KEPT,
            "nothing new to plan, nothing dropped"
        );
        kept.0.insert(filler(PLANS_KEPT), plan);
        assert_eq!(ranker.search_with(&index, &jigsaw, None, &mut kept), hits);
        assert!(kept.0.len() < PLANS_KEPT, "cleared, then planned again");
    }

    #[test]
    fn shared_plans_serve_another_search_and_every_search_finds_what_a_fresh_one_does() {
        let index = built_in();
        let ranker = Ranker::default();
        let shared = SharedPlans::default();
        let search = |query: &str, kept: &mut Plans| {
            let query = Query::parse(query);
            let hits = ranker.search_sharing(&index, &query, None, kept, Some(&shared));
            assert_eq!(hits, ranker.search(&index, &query, None), "{query:?}");
        };
        search("jigsaw", &mut Plans::default());
        let jigsaw = alternatives(&index, &Query::parse("jigsaw"));
        let first: Vec<Arc<Plan>> = jigsaw
            .iter()
            .map(|alternative| shared.get(alternative).expect("left there"))
            .collect();
        // Another reader's search takes the same plans rather than planning again.
        let mut other = Plans::default();
        search("jigsaw", &mut other);
        for (alternative, first) in jigsaw.iter().zip(&first) {
            assert!(Arc::ptr_eq(first, &other.0[alternative]), "{alternative:?}");
        }
        for query in ["stop and search", "thrve", "RSO", "anti-social"] {
            search(query, &mut Plans::default());
        }
        assert!(shared.held().0 > jigsaw.len());
    }

    #[test]
    fn shared_plans_drop_the_least_recently_used_past_their_bound() {
        let word = |w: &str| Alternative::Words {
            words: vec![w.to_owned()],
            shown: w.to_owned(),
        };
        let plan = Arc::new(Plan::Word(vec![0; 1000]));
        let one = plan.bytes() + std::mem::size_of::<Alternative>();
        // Room for four: a fifth drops the two used longest ago, down to three quarters.
        let shared = SharedPlans::with_limit(4 * one + one / 2);
        for w in ["a", "b", "c", "d"] {
            shared.put(&word(w), &plan);
        }
        assert_eq!(shared.held(), (4, 4 * one));
        shared.get(&word("a"));
        shared.put(&word("e"), &plan);
        assert_eq!(shared.held(), (3, 3 * one));
        for (w, kept) in [
            ("a", true),
            ("b", false),
            ("c", false),
            ("d", true),
            ("e", true),
        ] {
            assert_eq!(shared.get(&word(w)).is_some(), kept, "{w}");
        }
        // Putting a plan again does not count it twice; one too big is not kept.
        shared.put(&word("e"), &plan);
        assert_eq!(shared.held(), (3, 3 * one));
        shared.put(&word("huge"), &Arc::new(Plan::Word(vec![0; 2 * one])));
        assert!(shared.get(&word("huge")).is_none());
    }

    /// The passages holding any word of `table`, counted per word.
    fn held(index: &SearchIndex, table: &[bool]) -> usize {
        let counts = index.passage_counts();
        (0..table.len())
            .filter(|&id| table[id])
            .map(|id| counts[id] as usize)
            .sum()
    }

    #[test]
    fn words_in_a_row_are_looked_for_by_the_position_fewest_passages_hold() {
        let index = built_in();
        // "police" is in far more passages than "jigsaw": the later position is rarer.
        let words = ["police", "jigsaw"].map(String::from).to_vec();
        let plan = Ranker::default().plan(
            &index,
            &Alternative::Words {
                words,
                shown: String::new(),
            },
        );
        let Plan::Sequence {
            positions, rarest, ..
        } = plan
        else {
            panic!("two words make a sequence")
        };
        let fewest = positions.iter().map(|p| held(&index, p)).min().unwrap();
        assert!(fewest > 0);
        assert!(held(&index, &positions[0]) > fewest, "police is common");
        assert_eq!(held(&index, &rarest), fewest);
    }

    #[test]
    fn a_one_shot_search_for_a_hyphenated_word_wants_the_rarest_of_its_parts() {
        let index = built_in();
        let ranker = Ranker::default();
        let mut kept = Plans::default();
        let query = Query::parse("body-worn");
        let wanted = ranker
            .words_wanted(&index, &query, &mut kept)
            .expect("words, not filters alone")
            .words;
        let parts = alternatives(&index, &query)
            .into_iter()
            .find(|a| matches!(a, Alternative::Words { words, .. } if words.len() > 1))
            .expect("body-worn is also body worn, words in a row");
        let Plan::Sequence { rarest, .. } = kept.0[&parts].as_ref() else {
            panic!("words in a row make a sequence")
        };
        assert!(rarest.contains(&true));
        for (word, &rare) in rarest.iter().enumerate() {
            assert!(
                !rare || wanted[word],
                "{} wanted",
                &index.lexicon.words[word]
            );
        }
    }

    #[test]
    fn a_text_ranks_by_how_it_matches_and_a_near_miss_by_how_near() {
        let ranker = Ranker::default();
        let rank = |typed: &str, text: &str| {
            let term = Term::new(typed, false);
            ranker.text_rank(&term, text, || super::super::query::folded(text))
        };
        assert_eq!(rank("Jigsaw", "the Jigsaw team"), WHOLE_WORD);
        assert_eq!(rank("Jigsaw", "Jigsaws"), encode((Strength::Substring, 0)));
        assert_eq!(rank("Policing", "Police work"), encode((Strength::Stem, 0)));
        assert_eq!(
            rank("Jigsaw", "the JIGSAW team"),
            0,
            "capitals match as typed"
        );
        assert_eq!(
            rank("jigsaw", "the JIGSAW team"),
            WHOLE_WORD,
            "else in any case"
        );
        assert_eq!(rank("Police", "the force"), 0);
        // Near misses rank below any other match, the nearer higher, each by its score.
        let near = rank("Jgsw", "the Jigsaw team");
        let far = rank("Jgsw", "the Jixgsaw team");
        let cased = SkimMatcherV2::default().respect_case();
        assert_eq!(
            i64::from(near),
            cased.fuzzy_match("Jigsaw", "Jgsw").unwrap()
        );
        assert!(0 < far && far < near && near < encode((Strength::Stem, 0)));
    }
}
