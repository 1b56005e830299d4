//! The passages whose text holds some bytes, found by reading the texts a window at a
//! time and letting each window go once read: a scan of every text (a concept's acronym,
//! `DA`, looked for as written) would otherwise hold the whole segment, 17 MB at 43 forces,
//! in the process's memory (a mapped file's pages stay mapped once read).

use std::borrow::Cow;

/// How much of the texts is read at once.
pub const WINDOW: usize = 1 << 20;

/// The passages whose text holds `needle`, of texts laid end to end `length` bytes long
/// (`ends`: where each passage's text ends), read `window` bytes at a time by `read(from,
/// len)`, each window handed to `done(from, len)` once it is no longer held. A match that
/// runs across a passage's end counts for neither; the search goes on from the next
/// passage's start. `None` if a read fails.
pub fn passages_containing_read<'a>(
    ends: &[u32],
    length: usize,
    needle: &[u8],
    window: usize,
    read: impl Fn(usize, usize) -> Option<Cow<'a, [u8]>>,
    done: impl Fn(usize, usize),
) -> Option<Vec<usize>> {
    let window = window.max(2 * needle.len());
    let finder = memchr::memmem::Finder::new(needle);
    let mut found = Vec::new();
    let (mut held_from, mut held): (usize, Cow<'a, [u8]>) = (0, Cow::Borrowed(&[]));
    let mut from = 0;
    while from + needle.len() <= length {
        // The window read must hold a whole match starting at `from`.
        if from < held_from || from + needle.len() > held_from + held.len() {
            let (went, len) = (held_from, held.len());
            held_from = from;
            held = read(from, window.min(length - from))?;
            done(went, len);
        }
        match finder.find(held.get(from - held_from..)?) {
            Some(at) => {
                let start = from + at;
                let passage = ends.partition_point(|&end| end as usize <= start);
                let Some(&end) = ends.get(passage) else { break };
                // Found within the passage, or across its end into the next: either way
                // the search goes on from the next passage's start.
                if start + needle.len() <= end as usize {
                    found.push(passage);
                }
                from = end as usize;
            }
            // No match lies whole in the window; one may start in its last bytes.
            None if held_from + held.len() < length => {
                from = held_from + held.len() + 1 - needle.len();
            }
            None => break,
        }
    }
    let (went, len) = (held_from, held.len());
    drop(held);
    done(went, len);
    Some(found)
}

#[cfg(test)]
mod tests {
    use super::*;
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

    fn windowed(texts: &[String], needle: &str, window: usize) -> Vec<usize> {
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
        let found =
            passages_containing_read(&ends, all.len(), needle.as_bytes(), window, read, done);
        assert!(
            held.borrow().is_empty(),
            "windows left held: {:?}",
            held.borrow()
        );
        found.unwrap()
    }

    fn whole(texts: &[String], needle: &str) -> Vec<usize> {
        let (all, ends) = end_to_end(texts);
        passages_containing(&ends, all.as_bytes(), needle.as_bytes())
    }

    /// The whole texts searched at once, as the pack did before it read them a window at a
    /// time: what the windowed scan must find.
    fn passages_containing(ends: &[u32], texts: &[u8], needle: &[u8]) -> Vec<usize> {
        let finder = memchr::memmem::Finder::new(needle);
        let mut found = Vec::new();
        let mut from = 0;
        while let Some(at) = texts.get(from..).and_then(|rest| finder.find(rest)) {
            let start = from + at;
            let passage = ends.partition_point(|&end| end as usize <= start);
            let Some(&end) = ends.get(passage) else { break };
            if start + needle.len() <= end as usize {
                found.push(passage);
            }
            from = end as usize;
        }
        found
    }

    #[test]
    fn a_match_across_two_windows_is_found() {
        let texts = [
            "xxDA".to_owned(),
            "yyyyD".to_owned(),
            "Azzz".to_owned(),
            "DA".to_owned(),
        ];
        for window in [1, 2, 3, 4, 5, 7, 100] {
            assert_eq!(
                windowed(&texts, "DA", window),
                whole(&texts, "DA"),
                "{window}"
            );
        }
        assert_eq!(whole(&texts, "DA"), [0, 3]);
    }

    proptest! {
        /// The passages the whole texts give, whatever the window, with matches across
        /// passages and across windows.
        #[test]
        fn reading_a_window_at_a_time_finds_what_the_whole_texts_give(
            texts in prop::collection::vec("[ADé]{0,6}", 0..20),
            needle in "[ADé]{0,3}",
            window in 1usize..12,
        ) {
            prop_assert_eq!(windowed(&texts, &needle, window), whole(&texts, &needle));
        }
    }
}
