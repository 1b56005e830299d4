//! Which words of a lexicon hold a needle, found in one pass over the words laid end to
//! end (`Words::parts`) rather than one search a word: planning a word for a one-shot search
//! asked memchr's searcher thousands of times over strings of a few bytes, about a fifth of
//! the whole process.

use super::index::Words;
use memchr::memmem::Finder;

/// Calls `found(id, whole)` once for each word of `words` that holds `finder`'s needle,
/// in order of id; `whole` when the word is the needle itself.
pub fn holding(words: &Words, finder: &Finder<'_>, mut found: impl FnMut(usize, bool)) {
    let needle = finder.needle().len();
    let (text, ends) = words.parts();
    if needle == 0 {
        // Every word holds nothing; only an empty word is it.
        let mut start = 0;
        for (id, &end) in ends.iter().enumerate() {
            found(id, end as usize == start);
            start = end as usize;
        }
        return;
    }
    let text = text.as_bytes();
    let mut from = 0;
    let mut id = 0;
    while let Some(at) = finder.find(&text[from..]) {
        let start = from + at;
        // The word the match starts in: the first that ends past its start. Matches come
        // in order, so the words are walked once however many there are.
        while ends[id] as usize <= start {
            id += 1;
        }
        let end = ends[id] as usize;
        if start + needle <= end {
            let word_start = id.checked_sub(1).map_or(0, |before| ends[before] as usize);
            found(id, end - word_start == needle);
            // Further matches in the same word say nothing more.
            from = end;
        } else {
            // Across two words: a match inside the next may start within this one.
            from = start + 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn scanned(list: &[String], needle: &str) -> Vec<(usize, bool)> {
        let mut found = Vec::new();
        holding(&Words::of(list), &Finder::new(needle), |id, whole| {
            found.push((id, whole))
        });
        found
    }

    fn one_by_one(list: &[String], needle: &str) -> Vec<(usize, bool)> {
        (list.iter().enumerate())
            .filter(|(_, word)| word.contains(needle))
            .map(|(id, word)| (id, word == needle))
            .collect()
    }

    #[test]
    fn a_match_across_two_words_does_not_hide_one_inside_the_second() {
        let list = ["ba".to_owned(), "aab".to_owned(), "a".to_owned()];
        assert_eq!(scanned(&list, "aa"), vec![(1, false)]);
        assert_eq!(scanned(&list, "a"), vec![(0, false), (1, false), (2, true)]);
        let empty = ["".to_owned(), "x".to_owned()];
        assert_eq!(scanned(&empty, ""), vec![(0, true), (1, false)]);
    }

    proptest! {
        /// The same words as asking each word in turn, with a few letters (and a letter
        /// of two bytes) so that needles are found often, across words as well.
        #[test]
        fn finds_the_words_each_word_asked_in_turn_finds(
            list in prop::collection::vec("[abé]{0,5}", 0..40),
            needle in "[abé]{0,3}",
        ) {
            prop_assert_eq!(scanned(&list, &needle), one_by_one(&list, &needle));
        }
    }
}
