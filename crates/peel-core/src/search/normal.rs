//! One normalisation of words, used by the index and by the query alike, so that what a
//! reader types and what a report wrote meet however either is spelt: British and American
//! spellings take one form (`organised` and `organized`, `neighbourhood` and
//! `neighborhood`), and a compound written with a hyphen is also a word of its own
//! (`anti-social` is `anti`, `social` and `antisocial`). Rules over word endings, not lists
//! of pairs: applied the same way on both sides, they cannot disagree.

use std::borrow::Cow;

/// The one spelling of a folded (lower-case) word.
pub fn canonical(word: &str) -> Cow<'_, str> {
    if word.len() < 5 || !word.bytes().all(|b| b.is_ascii_lowercase()) {
        return Cow::Borrowed(word);
    }
    for (ending, replacement, shortest) in ENDINGS {
        if word.len() >= *shortest
            && let Some(stem) = word.strip_suffix(ending)
        {
            return Cow::Owned(format!("{stem}{replacement}"));
        }
    }
    for (inner, replacement) in INSIDE {
        if word.contains(inner) {
            return Cow::Owned(word.replacen(inner, replacement, 1));
        }
    }
    Cow::Borrowed(word)
}

/// Endings and what they become, with the shortest word each applies to (so `four`, `hour`
/// and `tour` keep their `our`).
const ENDINGS: &[(&str, &str, usize)] = &[
    // -ize, -yze (American) to -ise, -yse (British)
    ("izations", "isations", 8),
    ("ization", "isation", 7),
    ("izing", "ising", 6),
    ("izers", "isers", 6),
    ("izer", "iser", 5),
    ("izes", "ises", 5),
    ("ized", "ised", 5),
    ("ize", "ise", 5),
    ("yzing", "ysing", 6),
    ("yzed", "ysed", 5),
    ("yzes", "yses", 5),
    ("yze", "yse", 5),
    // -our (British) to -or (American)
    ("ourhoods", "orhoods", 9),
    ("ourhood", "orhood", 8),
    ("ourites", "orites", 8),
    ("ourite", "orite", 7),
    ("ourable", "orable", 8),
    ("ourably", "orably", 8),
    ("ouring", "oring", 7),
    ("oured", "ored", 6),
    ("ours", "ors", 6),
    ("our", "or", 6),
    // -elled, -elling (British) to -eled, -eling (American)
    ("ellings", "elings", 8),
    ("elling", "eling", 7),
    ("ellers", "elers", 7),
    ("eller", "eler", 6),
    ("elled", "eled", 6),
    ("ellors", "elors", 7),
    ("ellor", "elor", 6),
    // -ence (British) to -ense (American): defence, offence, licence
    ("ences", "enses", 7),
    ("ence", "ense", 6),
    // -tre (British) to -ter (American): centre, metre
    ("tres", "ters", 6),
    ("tre", "ter", 5),
    // -ogue to -og: catalogue, dialogue
    ("ogues", "ogs", 7),
    ("ogue", "og", 6),
    // programme, judgement
    ("grammes", "grams", 7),
    ("gramme", "gram", 6),
    ("dgements", "dgments", 8),
    ("dgement", "dgment", 7),
];

/// Spellings inside a word: paediatric, haemorrhage, anaesthetic.
const INSIDE: &[(&str, &str)] = &[("paed", "ped"), ("haem", "hem"), ("anaes", "anes")];

/// The other spellings whose one spelling (`canonical`) is `one`: each rule undone where
/// `one` shows what it writes, kept where the rule does give `one` back. A rule applies
/// once at most, so these are all of them; what a lexicon word stood for in the text.
pub fn other_spellings(one: &str) -> Vec<String> {
    let mut spellings = Vec::new();
    for &(ending, replacement, _) in ENDINGS {
        if let Some(stem) = one.strip_suffix(replacement) {
            spellings.push(format!("{stem}{ending}"));
        }
    }
    for &(inner, replacement) in INSIDE {
        for (at, _) in one.match_indices(replacement) {
            let rest = &one[at + replacement.len()..];
            spellings.push(format!("{}{inner}{rest}", &one[..at]));
        }
    }
    spellings.retain(|spelling| canonical(spelling) == one);
    spellings.sort_unstable();
    spellings.dedup();
    spellings
}

/// Whether every word holding `needle` (folded) holds it still in its one spelling
/// (`canonical`): so unless a rule could rewrite a part of a word the needle lies over. A
/// search for letters as written can then take the words that hold them from the lexicon,
/// which keeps only the one spelling, rather than read every text (`pack`). Every rule
/// counts, wherever it may apply, so this says no more often than it need.
pub fn spelling_keeps(needle: &str) -> bool {
    let endings = ENDINGS.iter().map(|&(from, to, _)| (from, to, true));
    let inside = INSIDE.iter().map(|&(from, to)| (from, to, false));
    !(endings.chain(inside))
        .any(|(from, to, at_end)| lies_over_change(needle.as_bytes(), from, to, at_end))
}

/// Whether `needle` can lie, in a word holding `from` (at its end where `at_end`), over
/// the part that rewriting `from` as `to` changes: what is left between their common start
/// and their common end (where `to` only inserts, the place it inserts at). Where it lies,
/// it must agree with `from`; past `from` the word may hold anything.
fn lies_over_change(needle: &[u8], from: &str, to: &str, at_end: bool) -> bool {
    let (from, to) = (from.as_bytes(), to.as_bytes());
    let same_start = from.iter().zip(to).take_while(|(a, b)| a == b).count();
    let (from_rest, to_rest) = (&from[same_start..], &to[same_start..]);
    let same_end = (from_rest.iter().rev().zip(to_rest.iter().rev()))
        .take_while(|(a, b)| a == b)
        .count();
    let (changed, changed_end) = (same_start as isize, (from.len() - same_end) as isize);
    let (length, whole) = (needle.len() as isize, from.len() as isize);
    // `at`: where the needle starts, from the start of `from`.
    (1 - length..whole).any(|at| {
        let over = if changed == changed_end {
            at < changed && at + length > changed
        } else {
            at < changed_end && at + length > changed
        };
        over && (!at_end || at + length <= whole)
            && needle.iter().enumerate().all(|(i, &byte)| {
                let place = at + i as isize;
                place < 0 || place >= whole || from[place as usize] == byte
            })
    })
}

/// The words of folded text: runs of letters and digits.
pub fn words(text: &str) -> impl Iterator<Item = &str> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|word| !word.is_empty())
}

/// Compounds of folded text joined into one word each: the letters and digits of every
/// token that a hyphen or an apostrophe splits (`anti-social` gives `antisocial`,
/// `day-to-day` `daytoday`, `force's` `forces`).
pub fn compounds(text: &str) -> impl Iterator<Item = String> + '_ {
    text.split(|c: char| !(c.is_alphanumeric() || is_joiner(c)))
        .filter(|token| token.chars().any(is_joiner))
        .filter_map(|token| {
            let joined: String = token.chars().filter(|c| c.is_alphanumeric()).collect();
            let parts = token
                .split(is_joiner)
                .filter(|part| !part.is_empty())
                .count();
            (parts > 1).then_some(joined)
        })
}

/// What joins the parts of a compound: hyphens and apostrophes.
pub fn is_joiner(c: char) -> bool {
    matches!(c, '-' | '\u{2010}' | '\u{2011}' | '\'' | '\u{2019}')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn british_and_american_spellings_meet() {
        for (british, american) in [
            ("organised", "organized"),
            ("organisation", "organization"),
            ("neighbourhood", "neighborhood"),
            ("neighbourhoods", "neighborhoods"),
            ("behaviour", "behavior"),
            ("analyse", "analyze"),
            ("travelled", "traveled"),
            ("defence", "defense"),
            ("centre", "center"),
            ("metre", "meter"),
            ("programme", "program"),
            ("judgement", "judgment"),
            ("paediatric", "pediatric"),
        ] {
            assert_eq!(canonical(british), canonical(american), "{british}");
        }
    }

    #[test]
    fn short_and_other_words_are_left_alone() {
        // Under five letters nothing changes, not even a spelling inside (`haem`).
        for word in [
            "four", "hour", "your", "haem", "police", "999", "jigsaw", "thrive",
        ] {
            assert_eq!(canonical(word), word);
        }
    }

    #[test]
    fn words_with_accents_or_digits_keep_their_spelling() {
        // The rules are for English words; `théâtre` is not `centre` spelt another way.
        for word in ["théâtre", "café-centre", "b2centre", "ÉCOLEtre"] {
            assert_eq!(canonical(word), word);
        }
    }

    #[test]
    fn a_needle_over_a_part_a_spelling_rule_rewrites_is_not_kept() {
        // `z` of -ize, `u` of -our, `a` of haem: each rewritten in some word.
        for needle in [
            "iz", "yz", "our", "zation", "haem", "paedi", "ae", "ogue", "mme",
        ] {
            assert!(!spelling_keeps(needle), "{needle}");
        }
        // Over what the rules keep (`o` and `r` of -our), or nowhere near them; or running
        // on past an ending, which only a word's end is rewritten at.
        for needle in [
            "rso", "thrive", "jigsaw", "asb", "mash", "or", "ham", "999", "ourx", "izex",
        ] {
            assert!(spelling_keeps(needle), "{needle}");
        }
    }

    #[test]
    fn a_rule_that_only_inserts_is_crossed_where_it_inserts() {
        // No rule of today's inserts alone; one that did would split a needle across the
        // place it inserts at, and only there.
        assert!(lies_over_change(b"ab", "ab", "axb", false));
        assert!(lies_over_change(b"cab", "ab", "axb", false));
        assert!(!lies_over_change(b"a", "ab", "axb", false));
        assert!(!lies_over_change(b"bc", "ab", "axb", false));
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// The promise itself: a word that holds a needle `spelling_keeps` passes holds it
        /// in its one spelling too. Words are built from the rules' own pieces, so that
        /// the rules apply and the needles cut across what they rewrite.
        #[test]
        fn a_needle_spelling_keeps_is_held_by_the_word_s_one_spelling(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 1..5),
            cut in (0usize..40, 1usize..12),
        ) {
            let word: String = pieces.concat();
            let start = cut.0 % word.len();
            let end = (start + cut.1).min(word.len());
            let needle = &word[start..end];
            if spelling_keeps(needle) {
                proptest::prop_assert!(
                    canonical(&word).contains(needle),
                    "{needle:?} in {word:?} but not in {:?}", canonical(&word)
                );
            }
        }
    }

    proptest::proptest! {
        #![proptest_config(proptest::prelude::ProptestConfig::with_cases(4096))]

        /// Every word a rule rewrites is among the other spellings of what it becomes, and
        /// keeps its first letter, which a search by a word's start leans on.
        #[test]
        fn a_word_is_among_the_other_spellings_of_its_one_spelling(
            pieces in proptest::collection::vec(proptest::sample::select(PIECES), 1..5),
        ) {
            let word: String = pieces.concat();
            let one = canonical(&word);
            if one != word {
                proptest::prop_assert!(
                    other_spellings(&one).contains(&word),
                    "{word:?} not among {:?}", other_spellings(&one)
                );
            }
            proptest::prop_assert_eq!(one.bytes().next(), word.bytes().next());
        }
    }

    #[test]
    fn other_spellings_are_the_rules_undone_only_where_they_give_the_word_back() {
        assert_eq!(other_spellings("organise"), ["organize"]);
        assert_eq!(other_spellings("color"), ["colour"]);
        assert_eq!(other_spellings("pediatric"), ["paediatric"]);
        assert_eq!(other_spellings("gram"), ["gramme"]);
        // `four` is too short for `-our`, so `for` is its own.
        assert!(other_spellings("for").is_empty());
        assert!(other_spellings("jigsaw").is_empty());
    }

    /// The rules' pieces, and letters around them.
    const PIECES: &[&str] = &[
        "a", "e", "i", "o", "u", "r", "s", "t", "z", "ing", "ed", "ization", "izing", "ize", "yze",
        "our", "ours", "oured", "ourhood", "elled", "eller", "ence", "ences", "tre", "ogue",
        "gramme", "dgement", "paed", "haem", "anaes", "organ", "colour", "centre",
    ];

    #[test]
    fn compounds_are_joined() {
        let joined: Vec<String> =
            compounds("anti-social behaviour, day-to-day; the force's - x-").collect();
        assert_eq!(joined, ["antisocial", "daytoday", "forces"]);
    }
}
