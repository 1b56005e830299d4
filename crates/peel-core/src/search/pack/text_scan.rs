//! The passages whose text may match a term, found by reading the texts a window at a
//! time and letting each window go once read: a scan of every text (`Jigsaw` as written,
//! `"stop and search"` in any case) would otherwise hold the whole segment, 17 MB at 43
//! forces, in the process's memory (a mapped file's pages stay mapped once read). A byte
//! search finds what every match must hold (`Holds`); the passages holding it are
//! confirmed, on their text, by the caller.

use super::super::locate::{MAX_SKIPPED, Walk, walk};
use aho_corasick::AhoCorasick;
use std::borrow::Cow;

/// How much of the texts is read at once.
pub const WINDOW: usize = 1 << 20;

/// What every passage a term matches holds, as a byte search finds it.
pub enum Holds {
    /// These bytes, as written.
    Written(Box<memchr::memmem::Finder<'static>>),
    /// ASCII in either case: what folded text holds (`query::fold`).
    Caseless(Caseless),
    /// These bytes of ASCII in order from the first, skipping a few chars between them
    /// (`locate::walk`): what every place a word matches as written holds, exactly, by a
    /// stem or as a near miss (`locate::held_in_order`).
    InOrder(Vec<u8>),
    /// Nothing a byte search can find: every passage may match.
    Anything,
}

/// The one char that is not ASCII and folds to ASCII (`query::fold`): the Kelvin sign, to
/// `k`. A test walks every char to hold this true.
pub const FOLDS_TO_ASCII: char = '\u{212A}';

/// The first letters a caseless run starts with, in every case, that a packed (SIMD)
/// search looks for at once: 2^4 patterns at most.
const CASELESS_START: usize = 4;

/// A run of ASCII looked for in either case: where its first letters are in any of their
/// cases (a few patterns, searched for at once as ripgrep searches `-i`), and there the
/// whole run, compared ignoring case.
pub struct Caseless {
    starts: Starts,
    run: Vec<u8>,
    /// The pattern of `starts` that is the Kelvin sign, where the run has a `k`.
    kelvin: Option<usize>,
}

impl Holds {
    pub fn written(bytes: &[u8]) -> Holds {
        Holds::Written(Box::new(memchr::memmem::Finder::new(bytes).into_owned()))
    }

    /// `walked` in order (`InOrder`); `None` unless it is ASCII, as a walk needs.
    pub fn in_order(walked: &str) -> Option<Holds> {
        (walked.is_ascii() && !walked.is_empty()).then(|| Holds::InOrder(walked.into()))
    }

    /// What text holds where its folded form holds `folded` (lower case): the longest run
    /// of ASCII in it, in either case, or the Kelvin sign where that run has a `k`. A char
    /// of `folded` that is not ASCII may be folded from another, so it is not looked for.
    pub fn caseless(folded: &str) -> Holds {
        Holds::caseless_by(folded, true)
    }

    /// `caseless`, by a packed search where `packed` and this machine has one.
    fn caseless_by(folded: &str, packed: bool) -> Holds {
        let run = (folded.split(|c: char| !c.is_ascii()))
            .max_by_key(|run| run.len())
            .unwrap_or_default()
            .as_bytes();
        if run.is_empty() {
            return Holds::Anything;
        }
        let mut patterns = vec![Vec::new()];
        for &byte in &run[..run.len().min(CASELESS_START)] {
            let cases = [byte.to_ascii_lowercase(), byte.to_ascii_uppercase()];
            let cases = &cases[..if cases[0] == cases[1] { 1 } else { 2 }];
            patterns = (patterns.iter())
                .flat_map(|start| {
                    cases
                        .iter()
                        .map(move |&case| [&start[..], &[case]].concat())
                })
                .collect();
        }
        let kelvin = run.contains(&b'k').then_some(patterns.len());
        if kelvin.is_some() {
            patterns.push(FOLDS_TO_ASCII.to_string().into_bytes());
        }
        Starts::of(&patterns, packed).map_or(Holds::Anything, |starts| {
            Holds::Caseless(Caseless {
                starts,
                run: run.to_vec(),
                kelvin,
            })
        })
    }

    /// Whether `text`, whole, holds it somewhere.
    pub fn is_in(&self, text: &[u8]) -> bool {
        self.find(text).is_some()
    }

    /// The first place in `haystack` that holds it (by where it starts): its start and
    /// end.
    fn find(&self, haystack: &[u8]) -> Option<(usize, usize)> {
        match self {
            Holds::Written(finder) => {
                let at = finder.find(haystack)?;
                Some((at, at + finder.needle().len()))
            }
            Holds::Caseless(caseless) => caseless.find(haystack),
            Holds::InOrder(walked) => {
                // A walk cut short by the end is not looked past: the scan reads on from
                // before its start (`longest`), where it and any later one are found.
                for start in memchr::memchr_iter(walked[0], haystack) {
                    match walk(haystack, start, walked) {
                        Walk::Found(end) => return Some((start, end)),
                        Walk::Missed => {}
                        Walk::CutShort { .. } => return None,
                    }
                }
                None
            }
            Holds::Anything => Some((0, 0)),
        }
    }

    /// The most bytes a walk of `walked` takes: its bytes and the chars it skips, of four
    /// bytes at most each.
    fn longest_walk(walked: &[u8]) -> usize {
        walked.len() + 4 * MAX_SKIPPED
    }

    /// The most bytes one place takes.
    fn longest(&self) -> usize {
        match self {
            Holds::Written(finder) => finder.needle().len(),
            Holds::Caseless(caseless) => caseless.run.len().max(FOLDS_TO_ASCII.len_utf8()),
            Holds::InOrder(walked) => Holds::longest_walk(walked),
            Holds::Anything => 0,
        }
    }
}

/// Where a run may start: a packed (SIMD) search, as ripgrep's for a few short patterns,
/// where this machine has one; else an automaton, whose own prefilter looks for the first
/// byte (`s` or `S`), far more common than three in a row.
enum Starts {
    Packed(aho_corasick::packed::Searcher),
    Automaton(AhoCorasick),
}

impl Starts {
    fn of(patterns: &[Vec<u8>], packed: bool) -> Option<Starts> {
        let config = aho_corasick::packed::Config::new();
        if packed && let Some(packed) = config.builder().extend(patterns).build() {
            return Some(Starts::Packed(packed));
        }
        let automaton = AhoCorasick::builder()
            .match_kind(aho_corasick::MatchKind::LeftmostFirst)
            .build(patterns);
        automaton.ok().map(Starts::Automaton)
    }

    /// The leftmost start from `from` on.
    fn find(&self, haystack: &[u8], from: usize) -> Option<aho_corasick::Match> {
        let span = aho_corasick::Span::from(from..haystack.len());
        match self {
            Starts::Packed(packed) => packed.find_in(haystack, span),
            Starts::Automaton(automaton) => {
                automaton.find(aho_corasick::Input::new(haystack).span(span))
            }
        }
    }
}

impl Caseless {
    /// The first place that holds the run or the Kelvin sign; none where the first run
    /// that starts is cut short by the end of `haystack`.
    fn find(&self, haystack: &[u8]) -> Option<(usize, usize)> {
        let mut from = 0;
        loop {
            let start = self.starts.find(haystack, from)?;
            if Some(start.pattern().as_usize()) == self.kelvin {
                return Some((start.start(), start.end()));
            }
            let end = start.start() + self.run.len();
            if haystack
                .get(start.start()..end)?
                .eq_ignore_ascii_case(&self.run)
            {
                return Some((start.start(), end));
            }
            from = start.start() + 1;
        }
    }
}

/// The passages that hold what `holds` looks for and that `confirm(passage, text)` then
/// says match (`None`: a damaged text, and the scan stops), of texts laid end to end
/// `length` bytes long (`ends`: where each passage's text ends), read `window` bytes at a
/// time by `read(from, len)`, each window handed to `done(from, len)` once no longer held.
/// A place that runs across a passage's end counts for neither. `None` if a read fails.
pub fn passages_matching_read<'a>(
    ends: &[u32],
    length: usize,
    holds: &Holds,
    window: usize,
    read: impl Fn(usize, usize) -> Option<Cow<'a, [u8]>>,
    done: impl Fn(usize, usize),
    mut confirm: impl FnMut(usize, &[u8]) -> Option<bool>,
) -> Option<Vec<usize>> {
    let longest = holds.longest();
    let window = window.max(2 * longest).max(1);
    let mut found = Vec::new();
    let mut held = Window {
        from: 0,
        bytes: Cow::Borrowed(&[]),
    };
    // The first passage not yet looked at, and where in the texts to look on from.
    let (mut next, mut from) = (0usize, 0);
    while next < ends.len() {
        from = from.max(next.checked_sub(1).map_or(0, |at| ends[at] as usize));
        // Past the last byte only an empty place (`Anything`) lies, in empty passages.
        if from > length || (from == length && longest > 0) {
            break;
        }
        // The window read must hold a whole place starting at `from`, of any length.
        if !held.holds(from, (from + longest).min(length)) {
            held.read_from(from, window.min(length - from), &read, &done)?;
        }
        match holds.find(held.bytes.get(from - held.from..)?) {
            Some((start, end)) => {
                let (start, end) = (from + start, from + end);
                // The passage the place starts in; an empty place (`Anything`) lies in an
                // empty passage as well, which ends where it starts.
                let passage = match start == end {
                    true => ends.partition_point(|&end| (end as usize) < start),
                    false => ends.partition_point(|&end| end as usize <= start),
                };
                let passage = passage.max(next);
                let Some(&last) = ends.get(passage) else {
                    break;
                };
                let last = last as usize;
                // A place across the passage's end counts for neither passage; another may
                // start after it and lie within.
                if end > last {
                    from = start + 1;
                    continue;
                }
                let first = passage.checked_sub(1).map_or(0, |at| ends[at] as usize);
                if !held.holds(first, last) {
                    let len = (last - first).max(window).min(length - first);
                    held.read_from(first, len, &read, &done)?;
                }
                if confirm(
                    passage,
                    held.bytes.get(first - held.from..last - held.from)?,
                )? {
                    found.push(passage);
                }
                (next, from) = (passage + 1, last);
            }
            // No place lies whole in the window; one may start in its last bytes.
            None if held.from + held.bytes.len() < length => {
                from = held.from + held.bytes.len() + 1 - longest.max(1);
            }
            None => break,
        }
    }
    let (from, len) = (held.from, held.bytes.len());
    drop(held);
    done(from, len);
    Some(found)
}

/// The window of the texts read last.
struct Window<'a> {
    from: usize,
    bytes: Cow<'a, [u8]>,
}

impl<'a> Window<'a> {
    fn holds(&self, from: usize, to: usize) -> bool {
        self.from <= from && to <= self.from + self.bytes.len()
    }

    /// Reads `len` bytes from `from` in place of those held, which are let go.
    fn read_from(
        &mut self,
        from: usize,
        len: usize,
        read: &impl Fn(usize, usize) -> Option<Cow<'a, [u8]>>,
        done: &impl Fn(usize, usize),
    ) -> Option<()> {
        let went = (self.from, self.bytes.len());
        self.bytes = read(from, len)?;
        self.from = from;
        done(went.0, went.1);
        Some(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::search::query::{fold, fold_char};
    use proptest::prelude::*;

    /// The texts laid end to end, with where each ends.
    fn end_to_end(texts: &[String]) -> (String, Vec<u32>) {
        let ends = (texts.iter())
            .scan(0, |end, text| {
                *end += text.len() as u32;
                Some(*end)
            })
            .collect();
        (texts.concat(), ends)
    }

    /// The passages the scan finds, every one it finds confirmed.
    fn windowed(texts: &[String], holds: &Holds, window: usize) -> Vec<usize> {
        let (all, ends) = end_to_end(texts);
        // Every window read is let go once, and none is held at the end.
        let held = std::cell::RefCell::new(Vec::new());
        let read = |from: usize, len: usize| {
            held.borrow_mut().push((from, len));
            all.as_bytes().get(from..from + len).map(Cow::Borrowed)
        };
        let done = |from: usize, len: usize| {
            let mut held = held.borrow_mut();
            if let Some(at) = held.iter().position(|&window| window == (from, len)) {
                held.remove(at);
            } else {
                assert_eq!(len, 0, "({from}, {len}) let go but never read");
            }
        };
        // Each passage is confirmed on its own text, and at most once.
        let confirmed = std::cell::RefCell::new(Vec::new());
        let confirm = |passage: usize, text: &[u8]| {
            let mut confirmed = confirmed.borrow_mut();
            assert_eq!(text, texts[passage].as_bytes(), "passage {passage}'s text");
            assert!(!confirmed.contains(&passage), "passage {passage} twice");
            confirmed.push(passage);
            Some(true)
        };
        let found = passages_matching_read(&ends, all.len(), holds, window, read, done, confirm);
        assert!(
            held.borrow().is_empty(),
            "windows left held: {:?}",
            held.borrow()
        );
        found.unwrap()
    }

    /// What the scan must find: each passage whose own text holds a place.
    fn one_by_one(texts: &[String], holds: &Holds) -> Vec<usize> {
        (0..texts.len())
            .filter(|&p| holds.find(texts[p].as_bytes()).is_some())
            .collect()
    }

    #[test]
    fn a_match_across_two_windows_is_found() {
        let texts = [
            "xxDA".to_owned(),
            "yyyyD".to_owned(),
            "Azzz".to_owned(),
            "DA".to_owned(),
        ];
        let holds = Holds::written(b"DA");
        for window in [1, 2, 3, 4, 5, 7, 100] {
            assert_eq!(windowed(&texts, &holds, window), [0, 3], "{window}");
        }
    }

    #[test]
    fn a_place_across_two_passages_does_not_hide_one_inside_the_next() {
        // Passage 0, "xxS&", has a false find "S&S" running on into passage 1, "S&Syy",
        // which holds a true one at its start.
        let texts = ["xxS&", "S&Syy"].map(str::to_owned);
        let found = |needle: &[u8]| windowed(&texts, &Holds::written(needle), 4);
        assert_eq!(found(b"S&S"), [1]);
        assert_eq!(found(b"xS&"), [0]);
        assert_eq!(found(b"&Sy"), [1]);
        assert!(found(b"zz").is_empty());
        // The Kelvin sign folds to `k`: a passage holding one may match `king`, though
        // the `king` it holds runs on into the next passage.
        let texts = ["ab\u{212A}ki", "ng"].map(str::to_owned);
        assert_eq!(windowed(&texts, &Holds::caseless("king"), 3), [0]);
    }

    #[test]
    fn a_caseless_run_is_looked_for_past_a_start_that_leads_nowhere() {
        let texts = ["Stopper, STOP AND SEARCH", "stop and", "a stop and search"];
        let texts = texts.map(str::to_owned);
        for window in [4, 100] {
            let found = windowed(&texts, &Holds::caseless("stop and search"), window);
            assert_eq!(found, [0, 2], "{window}");
        }
    }

    #[test]
    fn a_walk_is_looked_for_past_one_missed_and_across_windows() {
        // `Dxxxxo` misses (four skipped) before `Do` in the same passage; `D-o` runs
        // across the end of passage 2 into 3, so counts for neither; `Dé o` skips two.
        let texts = ["Dxxxxo Do", "no", "aD", "o", "xDé o"].map(str::to_owned);
        let holds = Holds::in_order("Do").unwrap();
        for window in [1, 2, 3, 5, 8, 100] {
            assert_eq!(windowed(&texts, &holds, window), [0, 4], "{window}");
        }
        assert!(Holds::in_order("é").is_none(), "a walk is of ASCII");
        assert!(Holds::in_order("").is_none());
    }

    #[test]
    fn anything_is_every_passage_each_confirmed_once_even_an_empty_one() {
        let texts = ["", "a", "", "bc"].map(str::to_owned);
        for window in [1, 2, 100] {
            assert_eq!(windowed(&texts, &Holds::Anything, window), [0, 1, 2, 3]);
        }
        assert!(matches!(Holds::caseless("é"), Holds::Anything));
    }

    #[test]
    fn a_passage_is_found_only_where_its_text_is_confirmed() {
        let texts = ["one two", "two", "three two"].map(str::to_owned);
        let (all, ends) = end_to_end(&texts);
        let read =
            |from: usize, len: usize| all.as_bytes().get(from..from + len).map(Cow::Borrowed);
        let holds = Holds::written(b"two");
        let found = |confirm: &dyn Fn(usize, &[u8]) -> Option<bool>| {
            passages_matching_read(&ends, all.len(), &holds, 4, read, |_, _| {}, confirm)
        };
        assert_eq!(
            found(&|_, text| Some(text.starts_with(b"t"))),
            Some(vec![1, 2])
        );
        assert_eq!(found(&|_, _| None), None, "a damaged text stops the scan");
    }

    #[test]
    fn only_the_kelvin_sign_folds_from_outside_ascii_into_it() {
        let folding_in: Vec<char> = (char::MIN..=char::MAX)
            .filter(|&c| !c.is_ascii() && fold_char(c).is_ascii())
            .collect();
        assert_eq!(folding_in, [FOLDS_TO_ASCII]);
    }

    proptest! {
        /// Each passage whose own text holds the bytes, whatever the window, with places
        /// across passages and across windows.
        #[test]
        fn reading_a_window_at_a_time_finds_what_each_text_holds(
            texts in prop::collection::vec("[ADé]{0,6}", 0..20),
            needle in "[ADé]{0,3}",
            window in 1usize..12,
        ) {
            let holds = Holds::written(needle.as_bytes());
            prop_assert_eq!(windowed(&texts, &holds, window), one_by_one(&texts, &holds));
        }

        /// Every passage whose own text walks the needle in order (skipping a few chars,
        /// some of two bytes) is found, whatever the window, with walks cut short by a
        /// window's end, by a passage's, or missed before one that is found.
        #[test]
        fn a_scan_for_chars_in_order_finds_every_text_that_walks_them(
            texts in prop::collection::vec("[ADé x]{0,9}", 0..20),
            walked in "[ADx]{1,4}",
            window in 1usize..12,
        ) {
            let holds = Holds::in_order(&walked).unwrap();
            let found = windowed(&texts, &holds, window);
            prop_assert_eq!(&found, &one_by_one(&texts, &holds));
            for (p, text) in texts.iter().enumerate() {
                let bytes = text.as_bytes();
                let walks = (0..bytes.len())
                    .any(|start| matches!(walk(bytes, start, walked.as_bytes()), Walk::Found(_)));
                prop_assert_eq!(walks, found.contains(&p), "{:?} in {:?}", walked, text);
            }
        }

        /// Caseless, every passage whose folded text holds the folded needle is found,
        /// whatever its case, its Kelvin signs and the chars outside ASCII around it.
        #[test]
        fn a_caseless_scan_finds_every_text_whose_fold_holds_the_needle(
            texts in prop::collection::vec("[aAkKéÉ\u{212A}D ]{0,6}", 0..20),
            needle in "[aAkKéÉD ]{1,6}",
            window in 1usize..12,
        ) {
            let folded = fold(&needle);
            let holds = Holds::caseless(&folded);
            let found = windowed(&texts, &holds, window);
            prop_assert_eq!(&found, &one_by_one(&texts, &holds));
            // Where no packed search can be had, the automaton finds the same.
            let automaton = Holds::caseless_by(&folded, false);
            let by_automaton = matches!(
                &automaton,
                Holds::Caseless(Caseless { starts: Starts::Automaton(_), .. }) | Holds::Anything
            );
            prop_assert!(by_automaton);
            prop_assert_eq!(&windowed(&texts, &automaton, window), &found);
            for (p, text) in texts.iter().enumerate() {
                if fold(text).contains(&folded) {
                    prop_assert!(found.contains(&p), "{:?} in {:?}", folded, text);
                }
            }
        }
    }
}
