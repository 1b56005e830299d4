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
use super::super::locate::{MAX_SKIPPED, Walk, held_in_order, walk};
use super::super::normal::{other_spellings, spelling_keeps, words};
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
        let held = held_by(&holding, counts)?;
        if held <= most && fewest.as_ref().is_none_or(|(least, _)| held < *least) {
            fewest = Some((held, holding));
        }
    }
    let (held, holding) = fewest?;
    passages_of(&holding, held, passages, list)
}

/// How many passages hold each of `words`, added up (`None`: a word past the counts, in a
/// damaged pack).
fn held_by(words: &[usize], counts: &[u32]) -> Option<usize> {
    let mut held = 0usize;
    for &word in words {
        held = held.saturating_add(*counts.get(word)? as usize);
    }
    Some(held)
}

/// The passages holding any of `words` (`held` of them at most), ascending, once each.
fn passages_of<'l>(
    words: &[usize],
    held: usize,
    passages: usize,
    list: impl Fn(usize) -> Option<&'l [u8]>,
) -> Option<Vec<u32>> {
    let mut chosen: Vec<u32> = Vec::with_capacity(held);
    for &word in words {
        chosen.extend(posting_list(list(word)?, passages));
    }
    chosen.sort_unstable();
    chosen.dedup();
    Some(chosen)
}

/// The passages (ascending) that may match `needle` as written where it may also match by
/// a stem or as a near miss (`locate`): letters and digits of ASCII, four or more
/// (`Jigsaw`, `Engage`). Every place it matches starts in one word of the text, and
/// folded, that word either holds the needle's shortest stem (`held_in_order`; all of it
/// where it has none), or starts a near miss of it (`may_start_near_miss`). The lexicon
/// keeps each word in one spelling, so a word is taken where the stem is kept by every
/// spelling rule (`spelling_keeps`) and where it, or another spelling of it
/// (`other_spellings`), starts a near miss. `None` where the index cannot say, the
/// candidates are too many, or the pack is damaged: the caller then scans every text.
pub(super) fn passages_may_match_word<'l>(
    lexicon: &Words,
    counts: &[u32],
    passages: usize,
    needle: &str,
    list: impl Fn(usize) -> Option<&'l [u8]>,
) -> Option<Vec<u32>> {
    if !needle.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return None;
    }
    let folded = needle.to_ascii_lowercase();
    // None for a needle too short to miss, which matches only exactly.
    let stem = held_in_order(&folded, false)?;
    if !spelling_keeps(stem) {
        return None;
    }
    let mut holding = words_holding(lexicon, stem);
    let first = folded.as_bytes()[0];
    for word in 0..lexicon.len() {
        let written = lexicon.get(word)?;
        // Every other spelling of a word starts with its first letter (a proptest in
        // `normal` holds the rules to it).
        if written.as_bytes().first() == Some(&first)
            && (may_start_near_miss(written, folded.as_bytes())
                || (other_spellings(written).iter())
                    .any(|other| may_start_near_miss(other, folded.as_bytes())))
        {
            holding.push(word);
        }
    }
    holding.sort_unstable();
    holding.dedup();
    let held = held_by(&holding, counts)?;
    if held > passages / MOST_CANDIDATES {
        return None;
    }
    passages_of(&holding, held, passages, list)
}

/// Whether a near miss of `needle` (ASCII, folded) may start at the start of a word
/// written `word` (folded): its chars are found in order from the word's first, skipping
/// at most `MAX_SKIPPED`, all within the word (`walk`, as the scan finds them); or the
/// word ends first with fewer skipped, since whatever ends it is one more.
fn may_start_near_miss(word: &str, needle: &[u8]) -> bool {
    match walk(word.as_bytes(), 0, needle) {
        Walk::Found(_) => true,
        Walk::CutShort { skipped } => !word.is_empty() && skipped < MAX_SKIPPED,
        Walk::Missed => false,
    }
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
    use crate::search::locate::locate;
    use crate::search::normal::canonical;
    use crate::search::query::fold_char;
    use proptest::strategy::Strategy;

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

    /// Lists of passages as a pack stores them (`delta_coded`), one per word.
    fn stored(lists: &[Vec<u32>]) -> Vec<Vec<u8>> {
        let (starts, data) = crate::search::index::delta_coded(lists.iter());
        (starts.windows(2))
            .map(|at| data[at[0] as usize..at[1] as usize].to_vec())
            .collect()
    }

    #[test]
    fn a_word_as_written_is_found_by_the_words_holding_its_stem_or_starting_a_near_miss() {
        // Passage p holds word p alone.
        let words = [
            "domesticated", // 0: holds the stem `domes` of `Domestics`, though no near miss
            "xjigsawx",     // 1: holds `jigsaw` inside, so an exact match of `Jigsaw`
            "jo",           // 2: may start a near miss of `Jigsaw` that runs on (`jo igsaw`)
            "joxx",         // 3: three skipped, and a fourth at its end: no
            "coloring",     // 4: `colouring` in one spelling: `Colurin` misses it by one
            "jigsw",        // 5: a near miss of `Jigsaw`, whole
            "police",       // 6
        ];
        let lexicon = Words::of(&words);
        let lists: Vec<Vec<u32>> = (0..words.len() as u32).map(|p| vec![p]).collect();
        let lists = stored(&lists);
        let list = |word: usize| lists.get(word).map(Vec::as_slice);
        let counts = [1; 7];
        let found = |needle: &str| passages_may_match_word(&lexicon, &counts, 1000, needle, list);
        assert_eq!(found("Domestics"), Some(vec![0]));
        assert_eq!(found("Jigsaw"), Some(vec![1, 2, 5]));
        assert_eq!(found("Colurin"), Some(vec![4]), "by its other spelling");
        assert_eq!(found("Zebra"), Some(vec![]));
        // Not letters and digits of ASCII, or too short to miss.
        for needle in ["Jig-saw", "Jigsaw\u{e9}", "Jig", "RSO"] {
            assert_eq!(found(needle), None, "{needle}");
        }
        assert_eq!(found("Jigs"), Some(vec![1, 2, 5]), "four letters may miss");
        // Three passages of 48 are a sixteenth, and still worth it; of 47, too common: a
        // scan reads less.
        let of = |passages| passages_may_match_word(&lexicon, &counts, passages, "Jigsaw", list);
        assert_eq!(of(48), Some(vec![1, 2, 5]));
        assert_eq!(of(47), None);
        // Over a part a spelling rule rewrites (`-our`): the lexicon cannot say.
        assert_eq!(found("Colourful"), None);
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(2048))]

        /// The promise of `passages_may_match_word`: every passage whose text `locate`
        /// finds the needle in, as written, is among those it gives. Texts are built from
        /// pieces a spelling rule rewrites, capitals, hyphens, spaces and chars outside
        /// ASCII; needles are cut from them, a char dropped or one added, so that they
        /// match by stems and near misses across words.
        #[test]
        fn every_passage_a_word_as_written_matches_is_a_candidate(
            texts in proptest::collection::vec(
                proptest::collection::vec(proptest::sample::select(&[
                    "Jig", "jig", "saw", "Saw", "s", "J", "a", "x", "colour", "Colour", "ing",
                    "ised", "ized", "Organ", "our", "Centre", "tre", "-", " ", " ", "\u{e9}",
                    "\u{2019}", "9",
                ][..]), 1..10).prop_map(|pieces| pieces.concat()),
                1..10,
            ),
            (at, from, length, change) in (0usize..10, 0usize..40, 4usize..10, 0u8..3),
        ) {
            let text: Vec<char> = texts[at % texts.len()].chars().collect();
            let from = from % text.len();
            let mut needle: Vec<char> = text[from..(from + length).min(text.len())].to_vec();
            match change {
                1 if needle.len() > 4 => {
                    needle.remove(needle.len() / 2);
                }
                2 => needle.push('s'),
                _ => {}
            }
            let needle: String = needle.into_iter().collect();
            // The lexicon and the postings, as the index makes them.
            let mut lexicon: Vec<String> = Vec::new();
            let mut lists: Vec<Vec<u32>> = Vec::new();
            for (p, text) in texts.iter().enumerate() {
                for word in words(&fold(text)) {
                    let word = canonical(word).into_owned();
                    let id = lexicon.iter().position(|w| *w == word).unwrap_or_else(|| {
                        lexicon.push(word);
                        lists.push(Vec::new());
                        lexicon.len() - 1
                    });
                    if lists[id].last() != Some(&(p as u32)) {
                        lists[id].push(p as u32);
                    }
                }
            }
            let counts: Vec<u32> = lists.iter().map(|list| list.len() as u32).collect();
            let most = 16 * (counts.iter().sum::<u32>() as usize + 1);
            let stored = stored(&lists);
            let list = |word: usize| stored.get(word).map(Vec::as_slice);
            let Some(candidates) =
                passages_may_match_word(&Words::of(&lexicon), &counts, most, &needle, list)
            else {
                return Ok(());
            };
            for (p, text) in texts.iter().enumerate() {
                if locate(text, &needle, false).is_some() {
                    proptest::prop_assert!(
                        candidates.contains(&(p as u32)),
                        "{:?} matches {:?} but is not among {:?}", needle, text, candidates
                    );
                }
            }
        }
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
