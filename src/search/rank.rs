//! Matching and ranking. Every word must match somewhere in a node (AND); a word matched
//! whole outranks one matched as part of a word, which outranks a near miss (a shared
//! stem), which outranks a fuzzy match; titles outrank recommendations, glossary terms and
//! body text. fuzzy-matcher's SkimMatcherV2 supplies the fuzzy part.

use super::index::{Field, Passage, SearchIndex};
use super::query::{Query, Term};
use fuzzy_matcher::FuzzyMatcher;
use fuzzy_matcher::skim::SkimMatcherV2;

/// One node that matches, with the passage that shows it best.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Hit {
    /// Index into `SearchIndex::nodes`.
    pub node: usize,
    pub score: i64,
    /// Index into `SearchIndex::passages`.
    pub passage: usize,
    /// Char indices in that passage's text to highlight.
    pub highlights: Vec<usize>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Strength {
    WholeWord,
    Substring,
    Stem,
    Fuzzy(i64),
}

#[derive(Debug, Clone)]
struct TermMatch {
    score: i64,
    exact: bool,
    indices: Vec<usize>,
}

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
        let mut hits: Vec<Hit> = candidates
            .iter()
            .filter(|&&n| passes_filters(index, n, query))
            .filter_map(|&n| self.score_node(index, n, query))
            .collect();
        hits.sort_by(|a, b| b.score.cmp(&a.score).then(a.node.cmp(&b.node)));
        hits
    }

    fn score_node(&self, index: &SearchIndex, node: usize, query: &Query) -> Option<Hit> {
        let range = index.nodes[node].passages.clone();
        if query.terms.is_empty() {
            return Some(Hit {
                node,
                score: 0,
                passage: range.start,
                highlights: Vec::new(),
            });
        }
        // matches[p][t]: term t in passage p.
        let matches: Vec<Vec<Option<TermMatch>>> = index.passages[range.clone()]
            .iter()
            .map(|passage| {
                query
                    .terms
                    .iter()
                    .map(|term| self.match_term(term, passage))
                    .collect()
            })
            .collect();
        let mut total = 0;
        for t in 0..query.terms.len() {
            let best = matches
                .iter()
                .filter_map(|m| m[t].as_ref())
                .map(|m| m.score)
                .max()?;
            let repeats = matches
                .iter()
                .filter(|m| m[t].as_ref().is_some_and(|m| m.exact))
                .count() as i64;
            total += best + 30 * (repeats - 1).clamp(0, 5);
        }
        let (best_passage, _) = matches.iter().enumerate().max_by_key(|(p, m)| {
            let found = m.iter().flatten().count();
            let score: i64 = m.iter().flatten().map(|m| m.score).sum();
            (found, score, std::cmp::Reverse(*p))
        })?;
        let mut highlights: Vec<usize> = matches[best_passage]
            .iter()
            .flatten()
            .flat_map(|m| m.indices.clone())
            .collect();
        highlights.sort_unstable();
        highlights.dedup();
        Some(Hit {
            node,
            score: total,
            passage: range.start + best_passage,
            highlights,
        })
    }

    fn match_term(&self, term: &Term, passage: &Passage) -> Option<TermMatch> {
        let (haystack, needle) = if term.case_sensitive {
            (&passage.text, &term.text)
        } else {
            (&passage.folded, &term.folded)
        };
        let (strength, indices) = exact(haystack, needle).or_else(|| {
            if term.phrase {
                return None;
            }
            stem(haystack, needle).or_else(|| self.fuzzy(term, haystack, needle))
        })?;
        let base = match strength {
            Strength::WholeWord => 400,
            Strength::Substring => 250,
            Strength::Stem => 180,
            Strength::Fuzzy(score) => score.clamp(1, 150),
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
            indices,
        })
    }

    /// A near miss: the needle's letters in order from the start of a word, skipping at
    /// most `MAX_SKIPPED` letters in all ("jigsw" in "Jigsaw", "thrve" in "THRIVE").
    /// Letters scattered across a sentence are a coincidence, not a near miss. Acceptance
    /// is greedy and so monotone (a longer needle never matches where its prefix did not),
    /// which is what lets a growing query search only the previous results; SkimMatcherV2
    /// scores the matched span.
    fn fuzzy(&self, term: &Term, haystack: &str, needle: &str) -> Option<(Strength, Vec<usize>)> {
        let indices = compact_subsequence(haystack, needle)?;
        let (first, last) = (*indices.first()?, *indices.last()?);
        let span: String = haystack
            .chars()
            .skip(first)
            .take(last - first + 1)
            .collect();
        let matcher = if term.case_sensitive {
            &self.cased
        } else {
            &self.folded
        };
        let score = matcher.fuzzy_match(&span, needle)?;
        Some((Strength::Fuzzy(score), indices))
    }
}

/// Letters a near miss may skip, in all.
const MAX_SKIPPED: usize = 3;

/// Char indices of `needle` in `haystack`, in order, starting at a word start and skipping
/// at most `MAX_SKIPPED` chars; the first such place.
fn compact_subsequence(haystack: &str, needle: &str) -> Option<Vec<usize>> {
    let needle: Vec<char> = needle.chars().collect();
    let (&head, tail) = needle.split_first()?;
    let mut previous_alphanumeric = false;
    for (position, (byte, c)) in haystack.char_indices().enumerate() {
        let word_start = !previous_alphanumeric;
        previous_alphanumeric = c.is_alphanumeric();
        if c != head || !word_start {
            continue;
        }
        let mut indices = vec![position];
        let mut skipped = 0;
        let mut rest = haystack[byte + c.len_utf8()..].chars().zip(position + 1..);
        let complete = tail.iter().all(|&wanted| {
            for (c, index) in rest.by_ref() {
                if c == wanted {
                    indices.push(index);
                    return true;
                }
                skipped += 1;
                if skipped > MAX_SKIPPED {
                    return false;
                }
            }
            false
        });
        if complete {
            return Some(indices);
        }
    }
    None
}

/// The needle as a substring: a whole-word occurrence if there is one, else the first.
fn exact(haystack: &str, needle: &str) -> Option<(Strength, Vec<usize>)> {
    let mut first = None;
    for (start, _) in haystack.match_indices(needle) {
        let end = start + needle.len();
        let before = haystack[..start].chars().next_back();
        let after = haystack[end..].chars().next();
        let boundary = |c: Option<char>| !c.is_some_and(char::is_alphanumeric);
        if boundary(before) && boundary(after) {
            return Some((Strength::WholeWord, char_range(haystack, start, end)));
        }
        first.get_or_insert((start, end));
    }
    first.map(|(start, end)| (Strength::Substring, char_range(haystack, start, end)))
}

/// A near miss by ending: "allocation" finds "allocating", "detectives" finds "detective".
/// The needle less its last one to three letters must start a word.
fn stem(haystack: &str, needle: &str) -> Option<(Strength, Vec<usize>)> {
    let chars: Vec<char> = needle.chars().collect();
    if chars.len() < 5 || !chars.iter().all(|c| c.is_alphanumeric()) {
        return None;
    }
    (1..=3)
        .filter(|cut| chars.len() - cut >= 4)
        .find_map(|cut| {
            let prefix: String = chars[..chars.len() - cut].iter().collect();
            haystack.match_indices(&prefix).find_map(|(start, _)| {
                let word_start = !haystack[..start]
                    .chars()
                    .next_back()
                    .is_some_and(char::is_alphanumeric);
                word_start.then(|| {
                    (
                        Strength::Stem,
                        char_range(haystack, start, start + prefix.len()),
                    )
                })
            })
        })
}

fn char_range(text: &str, start: usize, end: usize) -> Vec<usize> {
    let first = text[..start].chars().count();
    let count = text[start..end].chars().count();
    (first..first + count).collect()
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
        let (strength, indices) = exact("diverted to the divert scheme", "divert").unwrap();
        assert_eq!(strength, Strength::WholeWord);
        assert_eq!(indices, (16..22).collect::<Vec<_>>());
    }

    #[test]
    fn char_indices_count_characters_not_bytes() {
        let (_, indices) = exact("café jigsaw", "jigsaw").unwrap();
        assert_eq!(indices.first(), Some(&5));
    }

    #[test]
    fn near_misses_are_compact_and_start_words() {
        assert_eq!(
            compact_subsequence("the jigsaw teams", "jigsw"),
            Some(vec![4, 5, 6, 7, 9])
        );
        assert!(
            compact_subsequence("the force gives", "thrve").is_none(),
            "scattered letters"
        );
        assert!(
            compact_subsequence("rejigsaw", "jigsw").is_none(),
            "not at a word start"
        );
        assert!(compact_subsequence("", "x").is_none());
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
