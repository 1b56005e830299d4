//! Where a word of the query is in a text, and how well it matches there: as a whole word,
//! as part of a word, by a shared stem (`allocation` in "allocating"), or as a near miss
//! (`jigsw` in "Jigsaw"), in that order of preference.

/// Strongest first: the derived order ranks `WholeWord` lowest.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum Strength {
    WholeWord,
    Substring,
    Stem,
    NearMiss,
}

/// Where a match is, in bytes of the haystack: one run, or the chars of a near miss.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Place {
    Run(usize, usize),
    Chars(Vec<usize>),
}

impl Place {
    /// The bytes from the first matched char to the end of the last.
    pub fn span<'h>(&self, haystack: &'h str) -> &'h str {
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
    pub fn char_indices(&self, haystack: &str) -> Vec<usize> {
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
pub fn locate(haystack: &str, needle: &str, phrase: bool) -> Option<(Strength, Place)> {
    // Every match but a stem holds each of the needle's chars, a stem all but its last
    // three (of 4 bytes at most): a needle longer than that cannot be here, and a pasted
    // thousand-letter word is not searched for a thousand letters at a time.
    if haystack.len() + 12 < needle.len() {
        return None;
    }
    exact(haystack, needle).or_else(|| {
        if phrase {
            return None;
        }
        stem(haystack, needle).or_else(|| {
            near_miss(haystack, needle).map(|bytes| (Strength::NearMiss, Place::Chars(bytes)))
        })
    })
}

pub fn starts_word(haystack: &str, byte: usize) -> bool {
    !haystack[..byte]
        .chars()
        .next_back()
        .is_some_and(char::is_alphanumeric)
}

/// The needle as a substring: a whole-word occurrence if there is one, else the first.
fn exact(haystack: &str, needle: &str) -> Option<(Strength, Place)> {
    // A symbol of the needle (`&` in `S&S`) is rare in text: one fast byte scan rules out
    // most passages before the substring search.
    if let Some(&symbol) = needle.as_bytes().iter().find(|b| b.is_ascii_punctuation())
        && !haystack.as_bytes().contains(&symbol)
    {
        return None;
    }
    // Nowhere, rather than everywhere: no query has an empty word.
    if needle.is_empty() {
        return None;
    }
    let mut first = None;
    // memchr's search, not std's: the ranker and a one-shot search's scan run this on
    // every passage that may match. A match of a whole char sequence lies on char bounds.
    for start in memchr::memmem::find_iter(haystack.as_bytes(), needle.as_bytes()) {
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
        memchr::memmem::find_iter(haystack.as_bytes(), prefix.as_bytes())
            .find(|&start| starts_word(haystack, start))
            .map(|start| (Strength::Stem, Place::Run(start, start + prefix.len())))
    })
}

/// The stems a word may match by: itself less one, two or three letters, at least four
/// letters long; none for short words or words with symbols. Longest first.
pub fn stems_of(needle: &str) -> Vec<String> {
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
pub const MAX_SKIPPED: usize = 3;

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

/// What every place `locate` finds for a needle holds (`always_held`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Held<'a> {
    /// All of it, as one run.
    Whole(&'a str),
    /// Each of these chars, somewhere.
    EachOf(&'a str),
}

/// What every place `locate` finds for `needle` holds: all of it where it matches only
/// exactly (a phrase, or a needle too short for a stem or a near miss); else each of its
/// first `NEAR_MISS_FROM` chars, which every stem holds (a stem keeps that many), a near
/// miss too (it skips chars of the haystack, never of the needle), and an exact match.
pub fn always_held(needle: &str, phrase: bool) -> Held<'_> {
    match needle.char_indices().nth(NEAR_MISS_FROM) {
        _ if phrase => Held::Whole(needle),
        _ if needle.chars().count() < NEAR_MISS_FROM => Held::Whole(needle),
        Some((end, _)) => Held::EachOf(&needle[..end]),
        None => Held::EachOf(needle),
    }
}

/// The start of `needle` that every place `locate` finds for it holds in order from the
/// place's first char, skipping at most `MAX_SKIPPED` chars of the haystack (`walk`):
/// all of a needle matched exactly or as a near miss, the shortest stem of one that may
/// match by a stem. `None` for a phrase or a needle too short to miss, which match only
/// exactly (`always_held`).
pub fn held_in_order(needle: &str, phrase: bool) -> Option<&str> {
    if phrase || needle.chars().count() < NEAR_MISS_FROM {
        return None;
    }
    let shortest = stems_of(needle).last().map_or(needle.len(), String::len);
    needle.get(..shortest)
}

/// How a walk of a needle's first chars went (`walk`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Walk {
    /// Found in order: the end of the last byte found.
    Found(usize),
    /// Not there: too much skipped, or not its first byte at the start.
    Missed,
    /// The haystack ended first, with `skipped` chars skipped. No walk starting later can
    /// be found in it either: each char is taken where it first comes, so a later start
    /// ends no earlier.
    CutShort { skipped: usize },
}

/// Whether `walked` (ASCII) is found in order from `haystack[start]`, which must be its
/// first byte, skipping at most `MAX_SKIPPED` chars. The chars of a needle of ASCII are
/// found as a near miss finds them (`near_miss_from`), a byte at a time: a char outside
/// ASCII is one skip, however many bytes it takes.
pub fn walk(haystack: &[u8], start: usize, walked: &[u8]) -> Walk {
    let Some((&first, rest)) = walked.split_first() else {
        return Walk::Missed;
    };
    match haystack.get(start) {
        None => return Walk::CutShort { skipped: 0 },
        Some(&byte) if byte != first => return Walk::Missed,
        Some(_) => {}
    }
    let (mut at, mut skipped) = (start + 1, 0);
    for &wanted in rest {
        loop {
            let Some(&byte) = haystack.get(at) else {
                return Walk::CutShort { skipped };
            };
            at += 1;
            if byte == wanted {
                break;
            }
            // A continuation byte belongs to the char skipped at its first.
            if byte & 0xC0 != 0x80 {
                skipped += 1;
                if skipped > MAX_SKIPPED {
                    return Walk::Missed;
                }
            }
        }
    }
    Walk::Found(at)
}

/// The shortest needle that may match as a near miss: three letters with three skipped
/// find nonsense (`iom` in "information").
pub const NEAR_MISS_FROM: usize = 4;

/// The near miss that starts at byte `start` (where `needle[0]` must be), if there is one.
pub fn near_miss_from(haystack: &str, start: usize, needle: &[char]) -> Option<Vec<usize>> {
    if needle.len() < NEAR_MISS_FROM {
        return None;
    }
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

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        /// Wherever `locate` finds a needle, exactly, by a stem or as a near miss, the
        /// haystack holds what `always_held` says it must.
        #[test]
        fn every_place_found_holds_what_always_held_says(
            haystack in "[abcAB .-]{0,24}",
            needle in "[abcAB.-]{1,7}",
            phrase: bool,
        ) {
            if locate(&haystack, &needle, phrase).is_some() {
                match always_held(&needle, phrase) {
                    Held::Whole(held) => prop_assert!(haystack.contains(held), "{:?}", held),
                    Held::EachOf(held) => {
                        for c in held.chars() {
                            prop_assert!(haystack.contains(c), "{:?} without {:?}", haystack, c);
                        }
                    }
                }
            }
        }
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(8192))]

        /// Wherever `locate` finds a needle, some place in the haystack walks what
        /// `held_in_order` says every place holds in order.
        /// Haystacks are built from the needle cut short and with a few chars let in, so
        /// that stems and near misses are found, not only chance exact matches.
        #[test]
        fn every_place_found_walks_what_held_in_order_says(
            needle in "[abAB.-]{1,9}",
            (before, after, noise) in ("[ab .\u{e9}]{0,4}", "[ab .\u{e9}]{0,4}", "[ab .\u{e9}-]{0,4}"),
            (cut, at) in (0usize..4, 0usize..9),
            phrase: bool,
        ) {
            let kept = &needle[..needle.len() - cut.min(needle.len() - 1)];
            let at = at.min(kept.len());
            let haystack = format!("{before}{}{noise}{}{after}", &kept[..at], &kept[at..]);
            if locate(&haystack, &needle, phrase).is_some()
                && let Some(held) = held_in_order(&needle, phrase)
            {
                let bytes = haystack.as_bytes();
                prop_assert!(
                    (0..bytes.len()).any(|start| matches!(walk(bytes, start, held.as_bytes()), Walk::Found(_))),
                    "{:?} not walked in {:?}", held, haystack
                );
            }
        }
    }

    #[test]
    fn a_walk_skips_three_chars_however_many_bytes_they_take() {
        use Walk::*;
        assert_eq!(walk(b"xjigsaw", 1, b"jigs"), Found(5));
        assert_eq!(
            walk("j\u{e9}\u{e9}\u{e9}igs".as_bytes(), 0, b"jigs"),
            Found(10)
        );
        assert_eq!(walk(b"jxxxigs", 0, b"jigs"), Found(7), "three skipped");
        assert_eq!(walk(b"jxxxxigs", 0, b"jigs"), Missed, "four");
        assert_eq!(walk(b"jig", 0, b"jigs"), CutShort { skipped: 0 });
        assert_eq!(
            walk("jx\u{e9}x".as_bytes(), 0, b"jigs"),
            CutShort { skipped: 3 },
            "three skipped, then the end"
        );
        assert_eq!(
            walk(b"xjigs", 0, b"jigs"),
            Missed,
            "not from its first byte"
        );
        assert_eq!(walk(b"j", 0, b"j"), Found(1));
        assert_eq!(walk(b"j", 0, b""), Missed);
        assert_eq!(walk(b"j", 1, b"j"), CutShort { skipped: 0 });
    }

    #[test]
    fn what_is_held_in_order_is_the_shortest_stem_or_all() {
        assert_eq!(held_in_order("Police", false), Some("Poli"));
        assert_eq!(held_in_order("Domestic", false), Some("Domes"));
        assert_eq!(held_in_order("Jigs", false), Some("Jigs"));
        assert_eq!(held_in_order("S&S-x", false), Some("S&S-x"), "no stem: all");
        assert_eq!(held_in_order("Police", true), None, "a phrase");
        assert_eq!(held_in_order("RSO", false), None, "too short to miss");
    }

    #[test]
    fn only_a_needle_long_enough_to_stem_or_miss_is_held_by_its_first_chars() {
        assert_eq!(always_held("RSO", false), Held::Whole("RSO"));
        assert_eq!(always_held("jigsaw", true), Held::Whole("jigsaw"));
        assert_eq!(always_held("Jigs", false), Held::EachOf("Jigs"));
        assert_eq!(always_held("éabcd", false), Held::EachOf("éabc"));
        assert!(
            stems_of("abcd").is_empty(),
            "no stem below a near miss's length"
        );
    }

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
        assert!(
            near_miss("information", "iom").is_none(),
            "too short to guess at"
        );
        assert!(near_miss("the thrive model", "thrve").is_some());
    }

    #[test]
    fn a_needle_with_a_symbol_is_found_where_the_symbol_is_and_only_there() {
        let (strength, place) = exact("use of s&s powers", "s&s").unwrap();
        assert_eq!(strength, Strength::WholeWord);
        assert_eq!(place.span("use of s&s powers"), "s&s");
        assert!(exact("use of ss powers", "s&s").is_none());
    }

    #[test]
    fn a_near_miss_skips_three_letters_in_all_and_no_more() {
        let needle: Vec<char> = "abcde".chars().collect();
        assert_eq!(
            near_miss_from("axxxbcde", 0, &needle),
            Some(vec![0, 4, 5, 6, 7]),
            "three skipped"
        );
        assert!(near_miss_from("axxxxbcde", 0, &needle).is_none(), "four");
    }

    #[test]
    fn stems_cut_up_to_three_letters_and_keep_four() {
        assert_eq!(stems_of("policing"), ["policin", "polici", "polic"]);
        assert_eq!(stems_of("crime"), ["crim"]);
        assert!(stems_of("city").is_empty());
        assert!(stems_of("s&s-s").is_empty(), "symbols are not stemmed");
    }

    #[test]
    fn stems_find_other_endings() {
        let text = "for allocating crime";
        let (strength, place) = stem(text, "allocation").unwrap();
        assert_eq!((strength, place.span(text)), (Strength::Stem, "allocati"));
        // A needle longer than the haystack may still be found by its stem.
        let (strength, _) = locate("𝒜𝒜𝒜𝒜", "𝒜𝒜𝒜𝒜𝒜𝒜𝒜", false).unwrap();
        assert_eq!(strength, Strength::Stem);
        assert!(locate("𝒜𝒜𝒜", "𝒜𝒜𝒜𝒜𝒜𝒜𝒜", false).is_none());
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
