//! The passages that may hold what matches only exactly, letters and digits above all (an
//! acronym of a concept, `RSO` or `THRIVE`; a short word in capitals; a quoted phrase),
//! found from the lexicon and the postings rather than by reading every text. Every run of
//! letters and digits of the needle lies, wherever the needle is, inside one word of the
//! text, whose folded form holds the run folded (folding keeps a letter or digit one:
//! `fold_keeps_letters_and_digits`); the lexicon keeps each word in its one spelling,
//! which holds the run too unless a spelling rule rewrote the part it lies over
//! (`normal::spelling_keeps`). So the passages holding a lexicon word that holds the run
//! are all the passages that may match; of the needle's runs, the one held by fewest.

use super::super::index::{Words, posting_list};
use super::super::normal::{spelling_keeps, words};
use super::super::query::fold;

/// Of all passages, the share past which reading each candidate's text costs more than a
/// scan of every text: the candidates lie apart, the scan reads on.
const MOST_CANDIDATES: usize = 16;

/// The passages (ascending) that may hold `needle` exactly, as written or folded, by the
/// lexicon words that hold one of its runs of letters and digits folded (`counts`: how
/// many passages hold each word; `list`: the passages holding each among their words).
/// `None` where the index cannot say (no run, or each over a part a spelling rule
/// rewrites), where the candidates are too many to be worth it, or for a damaged pack.
pub(super) fn passages_holding<'l>(
    lexicon: &Words,
    counts: &[u32],
    passages: usize,
    needle: &str,
    list: impl Fn(usize) -> Option<&'l [u8]>,
) -> Option<Vec<u32>> {
    let folded = fold(needle);
    let most = passages / MOST_CANDIDATES;
    let mut fewest: Option<(usize, Vec<usize>)> = None;
    for run in words(&folded).filter(|run| spelling_keeps(run)) {
        let holding = words_holding(lexicon, run);
        let mut held = 0usize;
        for &word in &holding {
            held = held.saturating_add(*counts.get(word)? as usize);
        }
        if held <= most && fewest.as_ref().is_none_or(|(least, _)| held < *least) {
            fewest = Some((held, holding));
        }
    }
    let (held, holding) = fewest?;
    let mut chosen: Vec<u32> = Vec::with_capacity(held);
    for word in holding {
        chosen.extend(posting_list(list(word)?, passages));
    }
    chosen.sort_unstable();
    chosen.dedup();
    Some(chosen)
}

/// The ids of the lexicon words that hold `folded`, ascending.
fn words_holding(words: &Words, folded: &str) -> Vec<usize> {
    let (text, ends) = words.parts();
    let mut holding: Vec<usize> = Vec::new();
    if folded.is_empty() {
        return holding;
    }
    let finder = memchr::memmem::Finder::new(folded.as_bytes());
    let mut from = 0;
    while let Some(found) = text
        .as_bytes()
        .get(from..)
        .and_then(|rest| finder.find(rest))
    {
        let start = from + found;
        // The word the match starts in: it must end there too, not run into the next.
        let word = ends.partition_point(|&end| end as usize <= start);
        let Some(&end) = ends.get(word) else { break };
        if start + folded.len() <= end as usize {
            holding.push(word);
        }
        // On from the next word, whether this one holds it or every match starting in it
        // runs into the next (a match in the next may overlap this one: `000` after `100`,
        // end to end `100000`, so not on from the end of this match).
        from = end as usize;
    }
    holding
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::fold_char;

    #[test]
    fn the_words_holding_a_needle_are_those_it_lies_within() {
        let words = Words::of(&["persons", "rso", "ors", "thrive", "rsos", "xrs", "o"]);
        // `xrs` + `o` end to end hold `rso` across two words: neither holds it.
        assert_eq!(words_holding(&words, "rso"), [0, 1, 4]);
        assert_eq!(words_holding(&words, "thrive"), [3]);
        assert_eq!(words_holding(&words, "zz"), Vec::<usize>::new());
        // A word holding the needle twice is named once.
        assert_eq!(words_holding(&Words::of(&["abab", "b"]), "ab"), [0]);
        // A match across two words overlapping one within the second (found by a hostile
        // run: `"000"` found nothing at all, the lexicon holding `100` before `000`).
        assert_eq!(words_holding(&Words::of(&["100", "000"]), "000"), [1]);
        assert_eq!(
            words_holding(&Words::of(&["qaz", "zzq", "zz"]), "zz"),
            [1, 2]
        );
        assert_eq!(words_holding(&Words::of(&["1", "11", "111"]), "11"), [1, 2]);
        assert_eq!(words_holding(&Words::of(&["ab"]), ""), Vec::<usize>::new());
    }

    #[test]
    fn the_passages_are_those_of_the_words_holding_it_once_each() {
        let words = Words::of(&["persons", "rso", "police"]);
        // Delta-coded lists, as a pack stores them: passages 2 and 5; 5 and 9; 1.
        let lists: [&[u8]; 3] = [&[2, 3], &[5, 4], &[1]];
        let list = |word: usize| lists.get(word).copied();
        let counts = [2, 2, 1];
        assert_eq!(
            passages_holding(&words, &counts, 1000, "RSO", list),
            Some(vec![2, 5, 9])
        );
        // Too many for the index to be worth it: a scan reads less.
        assert_eq!(passages_holding(&words, &counts, 60, "RSO", list), None);
        // No run of letters and digits, or each over a part a spelling rule rewrites.
        assert_eq!(passages_holding(&words, &counts, 1000, "&", list), None);
        assert_eq!(passages_holding(&words, &counts, 1000, "OUR", list), None);
        // A damaged pack: a word past the counts.
        assert_eq!(passages_holding(&words, &[2], 1000, "RSO", list), None);
    }

    #[test]
    fn a_phrase_is_found_by_the_run_held_by_fewest_passages() {
        let words = Words::of(&["stop", "and", "search", "research", "our"]);
        // stop: 1, 4; and: 1, 2, 3, 4, 5; search: 4, 7; research: 7.
        let lists: [&[u8]; 5] = [&[1, 3], &[1, 1, 1, 1, 1], &[4, 3], &[7], &[]];
        let list = |word: usize| lists.get(word).copied();
        let counts = [2, 5, 2, 1, 0];
        // `stop` (2 passages) before `search` (held by two words, 3 passages).
        assert_eq!(
            passages_holding(&words, &counts, 1000, "Stop and search", list),
            Some(vec![1, 4])
        );
        assert_eq!(
            passages_holding(&words, &counts, 1000, "and search", list),
            Some(vec![4, 7])
        );
        // A run a spelling rule may rewrite is passed over; one too common, too.
        assert_eq!(
            passages_holding(&words, &counts, 1000, "our search", list),
            Some(vec![4, 7])
        );
        assert_eq!(
            passages_holding(&words, &counts, 16 * 4, "stop and search", list),
            Some(vec![1, 4])
        );
        assert_eq!(passages_holding(&words, &counts, 16 * 4, "and", list), None);
    }

    /// What the module's promise rests on: folding (`fold`, char by char) never turns a
    /// letter or digit into anything else, so a needle of letters and digits lies within
    /// one word of the folded text wherever it lies in the text.
    #[test]
    fn fold_keeps_letters_and_digits() {
        let changed: Vec<char> = (0..=char::MAX as u32)
            .filter_map(char::from_u32)
            .filter(|&c| c.is_alphanumeric() && !fold_char(c).is_alphanumeric())
            .collect();
        assert_eq!(changed, Vec::<char>::new());
    }
}
