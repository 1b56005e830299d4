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
    fn compounds_are_joined() {
        let joined: Vec<String> =
            compounds("anti-social behaviour, day-to-day; the force's - x-").collect();
        assert_eq!(joined, ["antisocial", "daytoday", "forces"]);
    }
}
