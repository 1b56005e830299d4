//! Readable ids from headings: the first few words that carry meaning, lower-case and
//! hyphenated (`The force isn't safely managing risks posed by registered sex offenders` is
//! `safely-managing-risks-posed-registered`). Made from the text alone, so importing the
//! same text again gives the same ids.

use crate::model::ids;
use std::collections::HashSet;

/// Words that say little on their own in a heading.
const FILLER: &[&str] = &[
    "a",
    "an",
    "the",
    "and",
    "or",
    "of",
    "to",
    "in",
    "on",
    "for",
    "at",
    "by",
    "with",
    "its",
    "it",
    "is",
    "are",
    "be",
    "as",
    "that",
    "this",
    "from",
    "into",
    "force",
    "forces",
    "force's",
    "needs",
    "need",
    "should",
    "how",
    "what",
    "doesn't",
    "isn't",
    "aren't",
    "does",
    "not",
    "make",
    "sure",
    "effective",
    "effectively",
    "there",
    "their",
    "all",
    "more",
    "well",
    "those",
    "who",
    "which",
    "from",
    "been",
    "has",
    "have",
];

/// Up to `words` meaningful words of `text` as an id; `fallback` where none are left. The
/// words and how each is written in an id are the model's one rule (`model::ids`); only
/// which words carry meaning is the importer's.
pub fn slug(text: &str, words: usize, fallback: &str) -> String {
    let picked: Vec<String> = ids::words(text)
        .filter(|word| !FILLER.contains(&word.as_str()))
        .map(|word| ids::word_slug(&word))
        .filter(|word| !word.is_empty())
        .take(words)
        .collect();
    if picked.is_empty() {
        fallback.to_owned()
    } else {
        picked.join("-")
    }
}

/// Hands out ids unique within one scope: a second `crime-allocation` is `crime-allocation-2`.
#[derive(Debug, Default)]
pub struct Unique {
    taken: HashSet<String>,
}

impl Unique {
    pub fn take(&mut self, id: String) -> String {
        if self.taken.insert(id.clone()) {
            return id;
        }
        let mut n = 2;
        loop {
            let candidate = format!("{id}-{n}");
            if self.taken.insert(candidate.clone()) {
                return candidate;
            }
            n += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn headings_give_short_readable_ids() {
        assert_eq!(
            slug(
                "The force isn't safely managing risks posed by registered sex offenders",
                5,
                "x"
            ),
            "safely-managing-risks-posed-registered"
        );
        assert_eq!(slug("Investigating crime", 3, "x"), "investigating-crime");
        assert_eq!(
            slug("Officers’ use of force: 94.6%", 5, "x"),
            "officers-use-94-6"
        );
        assert_eq!(slug("Stratégie d’été", 3, "x"), "strategie-dete");
        assert_eq!(slug("The and of", 3, "finding"), "finding");
    }

    #[test]
    fn repeated_ids_are_numbered() {
        let mut unique = Unique::default();
        let ids: Vec<String> = ["a", "a", "a-2", "b"]
            .into_iter()
            .map(|id| unique.take(id.to_owned()))
            .collect();
        assert_eq!(ids, ["a", "a-2", "a-2-2", "b"]);
    }
}
