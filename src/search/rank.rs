//! Matching and ranking. Every word must match somewhere in a node (AND); a word matched
//! whole outranks one matched as part of a word, which outranks a shared stem, which
//! outranks a near miss; titles outrank recommendations, glossary terms and body text.
//! fuzzy-matcher's SkimMatcherV2 scores near misses.

use super::index::{Field, Passage, SearchIndex};
use super::query::{Query, Term};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;
use rayon::prelude::*;

/// One node that matches, with the passage that shows it best. Where in that passage the
/// words matched is worked out only for results that are shown (`Ranker::highlights`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Hit {
    /// Index into `SearchIndex::nodes`.
    pub node: usize,
    pub score: i64,
    /// Index into `SearchIndex::passages`.
    pub passage: usize,
}

/// Below this many items, one thread is faster than two.
const PARALLEL_FROM: usize = 4096;

/// Strongest first: the derived order ranks `WholeWord` lowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Strength {
    WholeWord,
    Substring,
    Stem,
    NearMiss,
}

#[derive(Debug, Clone, Copy)]
struct TermMatch {
    score: i64,
    exact: bool,
}

/// How one term of the query is matched against passages, worked out once per term and
/// kept (see `Plans`) while the reader types on.
enum Plan {
    /// A plain word: each vocabulary word classified once, as a rank (0: no match, higher
    /// is better); a passage's best word wins. One small integer per word keeps the
    /// per-passage loop a plain maximum over table lookups.
    Words(Vec<u16>),
    /// A phrase, a word with capitals (smart case) or with symbols (£92m): the text itself.
    Text(Term),
}

/// Plans of the terms searched for so far: typing a word plans only that word, so a
/// keystroke costs the same however long the query already is.
#[derive(Clone, Default)]
pub struct Plans(std::collections::HashMap<(String, bool, bool), std::sync::Arc<Plan>>);

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

    /// As `search`, reusing and keeping the plans of terms in `plans`.
    pub fn search_with(
        &self,
        index: &SearchIndex,
        query: &Query,
        within: Option<&[usize]>,
        plans_kept: &mut Plans,
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
        if plans_kept.0.len() > PLANS_KEPT {
            plans_kept.0.clear();
        }
        let plans: Vec<std::sync::Arc<Plan>> = query
            .terms
            .iter()
            .map(|term| {
                let key = (term.text.clone(), term.phrase, term.case_sensitive);
                std::sync::Arc::clone(
                    plans_kept
                        .0
                        .entry(key)
                        .or_insert_with(|| std::sync::Arc::new(self.plan(index, term))),
                )
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

    /// Char indices in the hit's passage where the query's words matched, for display.
    pub fn highlights(&self, index: &SearchIndex, hit: &Hit, query: &Query) -> Vec<usize> {
        let passage = &index.passages[hit.passage];
        let mut indices: Vec<usize> = query
            .terms
            .iter()
            .filter_map(|term| {
                let (haystack, needle) = haystack_and_needle(term, passage);
                locate(haystack, needle, term.phrase).map(|(_, place)| place.char_indices(haystack))
            })
            .flatten()
            .collect();
        indices.sort_unstable();
        indices.dedup();
        indices
    }

    fn plan(&self, index: &SearchIndex, term: &Term) -> Plan {
        let plain =
            !term.phrase && !term.case_sensitive && term.folded.chars().all(char::is_alphanumeric);
        if !plain {
            return Plan::Text(term.clone());
        }
        let needle = term.folded.as_str();
        let stems = stems_of(needle);
        let needle_chars: Vec<char> = needle.chars().collect();
        let classify = |word: &String| {
            let strength = if word == needle {
                Strength::WholeWord
            } else if word.contains(needle) {
                Strength::Substring
            } else if stems.iter().any(|stem| word.starts_with(stem.as_str())) {
                Strength::Stem
            } else {
                let bytes = near_miss_from(word, 0, &needle_chars)?;
                let score = self
                    .folded
                    .fuzzy_match(Place::Chars(bytes).span(word), needle)?;
                return Some((Strength::NearMiss, score));
            };
            Some((strength, 0))
        };
        let rank = |word: &String| classify(word).map_or(0, encode);
        let words = &index.vocabulary.words;
        Plan::Words(if words.len() >= PARALLEL_FROM {
            words.par_iter().with_min_len(1024).map(rank).collect()
        } else {
            words.iter().map(rank).collect()
        })
    }

    fn score_node(
        &self,
        index: &SearchIndex,
        node: usize,
        plans: &[std::sync::Arc<Plan>],
    ) -> Option<Hit> {
        let range = index.nodes[node].passages.clone();
        if plans.is_empty() {
            return Some(Hit {
                node,
                score: 0,
                passage: range.start,
            });
        }
        let passages = &index.passages[range.clone()];
        let terms = plans.len();
        // matches[p * terms + t]: term t in passage p.
        let matches: Vec<Option<TermMatch>> = passages
            .iter()
            .flat_map(|passage| plans.iter().map(move |plan| (passage, plan)))
            .map(|(passage, plan)| self.match_plan(plan, passage))
            .collect();
        let mut total = 0;
        for t in 0..terms {
            let column = || matches.iter().skip(t).step_by(terms).flatten();
            let best = column().map(|m| m.score).max()?;
            let repeats = column().filter(|m| m.exact).count() as i64;
            total += best + 30 * (repeats - 1).clamp(0, 5);
        }
        let best_passage = (0..passages.len()).max_by_key(|&p| {
            let row = matches[p * terms..(p + 1) * terms].iter().flatten();
            let found = row.clone().count();
            let score: i64 = row.map(|m| m.score).sum();
            (found, score, std::cmp::Reverse(p))
        })?;
        Some(Hit {
            node,
            score: total,
            passage: range.start + best_passage,
        })
    }

    fn match_plan(&self, plan: &Plan, passage: &Passage) -> Option<TermMatch> {
        let (strength, near_miss_score) = match plan {
            Plan::Words(ranks) => {
                let best = passage
                    .words
                    .iter()
                    .map(|&word| ranks[word as usize])
                    .max()?;
                decode(best)?
            }
            Plan::Text(term) => {
                let (haystack, needle) = haystack_and_needle(term, passage);
                match locate(haystack, needle, term.phrase)? {
                    (Strength::NearMiss, place) => {
                        let matcher = if term.case_sensitive {
                            &self.cased
                        } else {
                            &self.folded
                        };
                        (
                            Strength::NearMiss,
                            matcher.fuzzy_match(place.span(haystack), needle)?,
                        )
                    }
                    (strength, _) => (strength, 0),
                }
            }
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
        Some(TermMatch {
            score: base * weight / 100,
            exact: matches!(strength, Strength::WholeWord | Strength::Substring),
        })
    }
}

/// A word's match as one integer, higher for stronger: whole word, part of a word, stem,
/// then near misses by their score (at most 150, see `match_plan`).
fn encode((strength, score): (Strength, i64)) -> u16 {
    match strength {
        Strength::WholeWord => 1003,
        Strength::Substring => 1002,
        Strength::Stem => 1001,
        Strength::NearMiss => score.clamp(1, 150) as u16,
    }
}

fn decode(rank: u16) -> Option<(Strength, i64)> {
    match rank {
        0 => None,
        1003 => Some((Strength::WholeWord, 0)),
        1002 => Some((Strength::Substring, 0)),
        1001 => Some((Strength::Stem, 0)),
        score => Some((Strength::NearMiss, i64::from(score))),
    }
}

/// Smart case: a word with a capital is matched as typed, others against folded text.
fn haystack_and_needle<'a>(term: &'a Term, passage: &'a Passage) -> (&'a str, &'a str) {
    if term.case_sensitive {
        (&passage.text, &term.text)
    } else {
        (&passage.folded, &term.folded)
    }
}

/// Where a match is, in bytes of the haystack: one run, or the chars of a near miss.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Place {
    Run(usize, usize),
    Chars(Vec<usize>),
}

impl Place {
    /// The bytes from the first matched char to the end of the last.
    fn span<'h>(&self, haystack: &'h str) -> &'h str {
        match self {
            Place::Run(start, end) => &haystack[*start..*end],
            Place::Chars(bytes) => {
                let (first, last) = (bytes[0], bytes[bytes.len() - 1]);
                let end = last + haystack[last..].chars().next().map_or(0, char::len_utf8);
                &haystack[first..end]
            }
        }
    }

    /// Char indices, for highlighting.
    fn char_indices(&self, haystack: &str) -> Vec<usize> {
        let to_char = |byte: usize| haystack[..byte].chars().count();
        match self {
            Place::Run(start, end) => {
                let first = to_char(*start);
                (first..first + haystack[*start..*end].chars().count()).collect()
            }
            Place::Chars(bytes) => bytes.iter().map(|&b| to_char(b)).collect(),
        }
    }
}

/// How and where `needle` matches: exactly (whole word, else part of a word), by a shared
/// stem, or as a near miss, in that order of preference. Phrases match only exactly.
/// A near miss is the needle's letters in order from the start of a word, skipping at
/// most `MAX_SKIPPED` letters ("jigsw" in "Jigsaw", "thrve" in "THRIVE"); letters scattered
/// across a sentence are a coincidence. Its acceptance is greedy and so monotone (a longer
/// needle never matches where its prefix did not), which lets a growing query search only
/// the previous results.
fn locate(haystack: &str, needle: &str, phrase: bool) -> Option<(Strength, Place)> {
    exact(haystack, needle).or_else(|| {
        if phrase {
            return None;
        }
        stem(haystack, needle).or_else(|| {
            near_miss(haystack, needle).map(|bytes| (Strength::NearMiss, Place::Chars(bytes)))
        })
    })
}

fn starts_word(haystack: &str, byte: usize) -> bool {
    !haystack[..byte]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// The needle as a substring: a whole-word occurrence if there is one, else the first.
fn exact(haystack: &str, needle: &str) -> Option<(Strength, Place)> {
    let mut first = None;
    for (start, _) in haystack.match_indices(needle) {
        let end = start + needle.len();
        let ends_word = !haystack[end..]
            .chars()
            .next()
            .is_some_and(char::is_alphanumeric);
        if ends_word && starts_word(haystack, start) {
            return Some((Strength::WholeWord, Place::Run(start, end)));
        }
        first.get_or_insert(Place::Run(start, end));
    }
    first.map(|place| (Strength::Substring, place))
}

/// A near miss by ending: "allocation" finds "allocating", "detectives" finds "detective".
/// The needle less its last one to three letters must start a word.
fn stem(haystack: &str, needle: &str) -> Option<(Strength, Place)> {
    stems_of(needle).into_iter().find_map(|prefix| {
        haystack
            .match_indices(prefix.as_str())
            .find(|(start, _)| starts_word(haystack, *start))
            .map(|(start, _)| (Strength::Stem, Place::Run(start, start + prefix.len())))
    })
}

/// The stems a word may match by: itself less one, two or three letters, at least four
/// letters long; none for short words or words with symbols. Longest first.
fn stems_of(needle: &str) -> Vec<String> {
    let chars: Vec<char> = needle.chars().collect();
    if chars.len() < 5 || !chars.iter().all(|c| c.is_alphanumeric()) {
        return Vec::new();
    }
    (1..=3)
        .filter(|cut| chars.len() - cut >= 4)
        .map(|cut| chars[..chars.len() - cut].iter().collect())
        .collect()
}

/// Letters a near miss may skip, in all.
const MAX_SKIPPED: usize = 3;

/// Byte offsets of `needle`'s chars in `haystack`, in order, starting at a word start and
/// skipping at most `MAX_SKIPPED` chars; the first such place. Jumps between occurrences
/// of the first char rather than walking every char.
fn near_miss(haystack: &str, needle: &str) -> Option<Vec<usize>> {
    let chars: Vec<char> = needle.chars().collect();
    let head = *chars.first()?;
    haystack
        .match_indices(head)
        .filter(|(start, _)| starts_word(haystack, *start))
        .find_map(|(start, _)| near_miss_from(haystack, start, &chars))
}

/// The near miss that starts at byte `start` (where `needle[0]` must be), if there is one.
fn near_miss_from(haystack: &str, start: usize, needle: &[char]) -> Option<Vec<usize>> {
    let (&head, tail) = needle.split_first()?;
    let mut chars = haystack[start..].char_indices();
    if chars.next().map(|(_, c)| c) != Some(head) {
        return None;
    }
    let mut bytes = vec![start];
    let mut skipped = 0;
    for &wanted in tail {
        loop {
            let (byte, c) = chars.next()?;
            if c == wanted {
                bytes.push(start + byte);
                break;
            }
            skipped += 1;
            if skipped > MAX_SKIPPED {
                return None;
            }
        }
    }
    Some(bytes)
}

fn passes_filters(index: &SearchIndex, node: usize, query: &Query) -> bool {
    let info = &index.nodes[node];
    query.year.is_none_or(|year| info.year == Some(year))
        && query
            .kinds
            .as_ref()
            .is_none_or(|kinds| kinds.contains(&info.kind))
        && query.grade.is_none_or(|grade| info.grade == Some(grade))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn whole_words_are_preferred_to_parts_of_words() {
        let text = "diverted to the divert scheme";
        let (strength, place) = exact(text, "divert").unwrap();
        assert_eq!(strength, Strength::WholeWord);
        assert_eq!(place.char_indices(text), (16..22).collect::<Vec<_>>());
    }

    #[test]
    fn char_indices_count_characters_not_bytes() {
        let text = "café jigsaw";
        let (_, place) = exact(text, "jigsaw").unwrap();
        assert_eq!(place.char_indices(text).first(), Some(&5));
        let near = Place::Chars(near_miss("café jigsaw", "jigsw").unwrap());
        assert_eq!(near.char_indices(text), vec![5, 6, 7, 8, 10]);
        assert_eq!(near.span(text), "jigsaw");
    }

    #[test]
    fn near_misses_are_compact_and_start_words() {
        assert_eq!(
            near_miss("the jigsaw teams", "jigsw"),
            Some(vec![4, 5, 6, 7, 9])
        );
        assert!(
            near_miss("the force gives", "thrve").is_none(),
            "scattered letters"
        );
        assert!(
            near_miss("rejigsaw", "jigsw").is_none(),
            "not at a word start"
        );
        assert!(near_miss("", "x").is_none());
    }

    #[test]
    fn stems_find_other_endings() {
        assert!(stem("for allocating crime", "allocation").is_some());
        assert!(
            stem("reallocating", "allocation").is_none(),
            "a stem must start a word"
        );
        assert!(
            stem("the thing", "thin").is_none(),
            "short words are not stemmed"
        );
    }
}
