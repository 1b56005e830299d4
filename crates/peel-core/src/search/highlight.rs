//! Which characters of a hit's passage to pick out: where each group of the query matched,
//! by the alternative that matched there, in char indices of the passage's text; and, from
//! the same places, how a hit matched where not as typed (`explain`).

use super::groups::{Alternative, Group, groups};
use super::index::{Passage, SearchIndex};
use super::locate::locate;
use super::normal::{canonical, is_joiner};
use super::query::{Query, fold};
use super::rank::{Hit, haystack_and_needle};

pub fn highlights(index: &SearchIndex, hit: &Hit, query: &Query) -> Vec<usize> {
    let passage = &index.passages[hit.passage];
    let mut marked = Vec::new();
    for group in groups(index, query) {
        // Any alternative found as written beats any found loosely: `Clare’s` marks
        // "Clare's" by its joined form, not "Clare" by a near miss of the typed form.
        let found = [Looseness::Strict, Looseness::Loose]
            .into_iter()
            .find_map(|looseness| {
                group
                    .alternatives
                    .iter()
                    .find_map(|alternative| find(alternative, passage, looseness))
            });
        marked.extend(found.into_iter().flatten());
    }
    marked.sort_unstable();
    marked.dedup();
    marked
}

/// The runs of `marked` chars of `text` split into words, folded, each once, in order.
pub fn marked_words(text: &str, marked: &[usize]) -> Vec<String> {
    let chars: Vec<char> = text.chars().collect();
    let mut words: Vec<String> = Vec::new();
    let mut add = |run: &mut String| {
        for word in fold(run).split_whitespace() {
            if !words.iter().any(|w| w == word) {
                words.push(word.to_owned());
            }
        }
        run.clear();
    };
    let mut run = String::new();
    let mut last: Option<usize> = None;
    for &at in marked.iter().filter(|&&at| at < chars.len()) {
        if last.is_some_and(|last| last + 1 != at) {
            add(&mut run);
        }
        run.push(chars[at]);
        last = Some(at);
    }
    add(&mut run);
    words
}

/// Where `group` matched in `passage`: which of its alternatives, and the written word or
/// words it matched there, whole (a near miss `jigsw` gives "Jigsaw", `antisocial`
/// "anti-social"). By the rule `highlights` follows, so what is said is what is marked.
pub fn matched_in(group: &Group, passage: &Passage) -> Option<(usize, String)> {
    [Looseness::Strict, Looseness::Loose]
        .into_iter()
        .find_map(|looseness| {
            group
                .alternatives
                .iter()
                .enumerate()
                .find_map(|(i, alternative)| Some((i, find(alternative, passage, looseness)?)))
        })
        .map(|(i, marked)| (i, whole_words(&passage.text, &marked)))
}

/// The text from the first marked char to the last, widened to whole words.
fn whole_words(text: &str, marked: &[usize]) -> String {
    let chars: Vec<char> = text.chars().collect();
    let (Some(&first), Some(&last)) = (marked.iter().min(), marked.iter().max()) else {
        return String::new();
    };
    let in_word = |c: char| c.is_alphanumeric() || is_joiner(c);
    let mut start = first.min(chars.len());
    while start > 0 && in_word(chars[start - 1]) {
        start -= 1;
    }
    let mut end = (last + 1).min(chars.len());
    while end < chars.len() && in_word(chars[end]) {
        end += 1;
    }
    let words: String = chars[start..end].iter().collect();
    words.trim_matches(is_joiner).to_owned()
}

/// "RSO → registered sex offender": how a hit matched, for each group of the query that
/// did not match as typed: by another name, or as a near miss, a stem, another spelling or
/// a compound written otherwise (`jigsw → Jigsaw`, `organized → organised`, `bodyworn →
/// body-worn`). `None` when every group matched as typed.
pub fn explain(index: &SearchIndex, query: &Query, hit: &Hit) -> Option<String> {
    let node = index.nodes.get(hit.node)?;
    // The hit's own passage first: it is the one shown.
    let passages = || {
        std::iter::once(hit.passage)
            .chain(node.passages.clone().filter(|&p| p != hit.passage))
            .filter_map(|p| index.passages.get(p))
    };
    let said: Vec<String> = groups(index, query)
        .iter()
        .enumerate()
        .filter_map(|(g, group)| {
            let recorded = hit
                .via
                .filter(|via| usize::from(via.group) == g)
                .and_then(|via| group.alternatives.get(usize::from(via.alternative)));
            if let Some(alternative) = recorded {
                return Some(format!("{} → {}", group.typed, alternative.shown()));
            }
            let (alternative, written) =
                passages().find_map(|passage| matched_in(group, passage))?;
            match group.alternatives.get(alternative) {
                Some(other) if alternative > 0 => {
                    Some(format!("{} → {}", group.typed, other.shown()))
                }
                _ if as_typed(&group.typed, &written) => None,
                _ => Some(format!("{} → {written}", group.typed)),
            }
        })
        .collect();
    (!said.is_empty()).then(|| said.join(", "))
}

/// Whether `written` holds what was `typed`, letter for letter (case aside unless typed
/// with capitals): part of a longer word is as typed (`jig` in "Jigsaw"), another spelling,
/// stem or joining is not. The two apostrophes and the hyphens count as one each.
fn as_typed(typed: &str, written: &str) -> bool {
    let cased = typed.chars().any(char::is_uppercase);
    let plain = |text: &str| -> String {
        let text = if cased { text.to_owned() } else { fold(text) };
        text.split_whitespace()
            .collect::<Vec<_>>()
            .join(" ")
            .chars()
            .map(|c| match c {
                '\u{2019}' => '\'',
                '\u{2010}' | '\u{2011}' => '-',
                c => c,
            })
            .collect()
    };
    plain(written).contains(&plain(typed))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Looseness {
    /// As written, or by a spelling's one form.
    Strict,
    /// Also by stem or near miss.
    Loose,
}

fn find(alternative: &Alternative, passage: &Passage, looseness: Looseness) -> Option<Vec<usize>> {
    let strict = looseness == Looseness::Strict;
    match alternative {
        Alternative::Text(term) => {
            let (haystack, needle) = haystack_and_needle(term, &passage.text, || passage.folded());
            locate(&haystack, needle, term.phrase || strict)
                .map(|(_, place)| place.char_indices(&haystack))
        }
        Alternative::Words { words, .. } if words.len() == 1 => {
            let folded = passage.folded();
            if strict {
                as_written(&folded, &words[0])
            } else {
                locate(&folded, &words[0], false).map(|(_, place)| place.char_indices(&folded))
            }
        }
        // Words in a row are only ever found as written.
        Alternative::Words { words, .. } => in_a_row(&passage.folded(), words).filter(|_| strict),
    }
}

/// Runs of letters and digits (with `joiners` also hyphens and apostrophes), as char
/// ranges with their text.
fn runs(text: &str, joiners: bool) -> Vec<(usize, usize, String)> {
    let mut out = Vec::new();
    let mut current: Option<(usize, String)> = None;
    for (i, c) in text.chars().enumerate() {
        let inside = c.is_alphanumeric() || (joiners && is_joiner(c));
        match (&mut current, inside) {
            (Some((_, run)), true) => run.push(c),
            (None, true) => current = Some((i, c.to_string())),
            (Some(_), false) => {
                if let Some((start, run)) = current.take() {
                    out.push((start, i, run));
                }
            }
            (None, false) => {}
        }
    }
    if let Some((start, run)) = current {
        let end = start + run.chars().count();
        out.push((start, end, run));
    }
    out
}

/// One canonical word where it is as written, or the written word (or compound) whose one
/// spelling holds it: `antisocial` marks "anti-social".
fn as_written(folded: &str, wanted: &str) -> Option<Vec<usize>> {
    if let Some((_, place)) = locate(folded, wanted, true) {
        return Some(place.char_indices(folded));
    }
    let (start, end, _) = runs(folded, false)
        .into_iter()
        .find(|(_, _, run)| canonical(run).contains(wanted))
        .or_else(|| {
            runs(folded, true).into_iter().find(|(_, _, token)| {
                let joined: String = token.chars().filter(|c| c.is_alphanumeric()).collect();
                canonical(&joined).contains(wanted)
            })
        })?;
    Some((start..end).collect())
}

/// Canonical words in a row (the last by its start): the written words that spell them.
fn in_a_row(folded: &str, wanted: &[String]) -> Option<Vec<usize>> {
    let written = runs(folded, false);
    let last = wanted.len().checked_sub(1)?;
    written.windows(wanted.len()).find_map(|window| {
        let all = window
            .iter()
            .zip(wanted)
            .enumerate()
            .all(|(i, ((_, _, run), word))| {
                let spelt = canonical(run);
                if i == last {
                    spelt.starts_with(word.as_str())
                } else {
                    spelt == word.as_str()
                }
            });
        all.then(|| {
            window
                .iter()
                .flat_map(|(start, end, _)| *start..*end)
                .collect()
        })
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn marked_runs_become_folded_words_each_once() {
        let text = "Registered sex offenders, sex offenders";
        let marked: Vec<usize> = (0..14).chain(26..29).chain(99..100).collect();
        assert_eq!(marked_words(text, &marked), ["registered", "sex"]);
        assert!(marked_words(text, &[]).is_empty());
    }

    #[test]
    fn a_spelling_variant_marks_the_word_as_written() {
        let text = "the neighbourhood teams";
        let marked = as_written(text, &canonical("neighborhood")).unwrap();
        let shown: String = marked
            .iter()
            .map(|&i| text.chars().nth(i).unwrap())
            .collect();
        assert_eq!(shown, "neighbourhood");
    }

    #[test]
    fn a_joined_compound_marks_the_hyphenated_word() {
        let text = "tackling anti-social behaviour";
        let marked = as_written(text, "antisocial").unwrap();
        let shown: String = marked
            .iter()
            .map(|&i| text.chars().nth(i).unwrap())
            .collect();
        assert_eq!(shown, "anti-social");
    }

    fn passage(text: &str) -> Passage {
        Passage {
            node: 0,
            field: crate::search::Field::Text,
            anchor: crate::model::Anchor::Block(0),
            text: text.to_owned(),
            words: Box::default(),
            joined: Box::default(),
        }
    }

    fn shown(text: &str, marked: &[usize]) -> String {
        marked
            .iter()
            .map(|&i| text.chars().nth(i).unwrap())
            .collect()
    }

    fn word(word: &str) -> Alternative {
        Alternative::Words {
            words: vec![word.to_owned()],
            shown: word.to_owned(),
        }
    }

    #[test]
    fn strictly_only_as_written_and_loosely_by_stem_too() {
        let text = "a thriving team";
        let thrive = word("thrive");
        assert_eq!(find(&thrive, &passage(text), Looseness::Strict), None);
        let loose = find(&thrive, &passage(text), Looseness::Loose).expect("by its stem");
        assert!(
            shown(text, &loose).starts_with("thriv"),
            "{:?}",
            shown(text, &loose)
        );
        // Text with a capital (smart case) is held to the same: exact when strict.
        let capital = Alternative::Text(crate::search::query::Term::new("Allocation", false));
        let text = "Allocating crime";
        assert_eq!(find(&capital, &passage(text), Looseness::Strict), None);
        assert!(find(&capital, &passage(text), Looseness::Loose).is_some());
    }

    #[test]
    fn several_words_mark_the_whole_run_and_only_strictly() {
        let text = "managing registered sex offenders well";
        let run = Alternative::Words {
            words: ["registered", "sex", "offender"].map(String::from).to_vec(),
            shown: "registered sex offender".into(),
        };
        let marked = find(&run, &passage(text), Looseness::Strict).expect("in a row");
        assert_eq!(shown(text, &marked), "registeredsexoffenders");
        assert_eq!(find(&run, &passage(text), Looseness::Loose), None);
    }

    #[test]
    fn runs_are_the_words_with_their_char_ranges_the_last_too() {
        assert_eq!(
            runs("ab, c-d", false),
            [(0, 2, "ab".into()), (4, 5, "c".into()), (6, 7, "d".into())]
        );
        assert_eq!(
            runs("ab, c-d", true),
            [(0, 2, "ab".into()), (4, 7, "c-d".into())]
        );
        assert_eq!(runs("xyz", false), [(0, 3, "xyz".into())]);
    }

    #[test]
    fn words_in_a_row_mark_each_word() {
        let text = "managing registered sex offenders well";
        let wanted: Vec<String> = ["registered", "sex", "offender"].map(String::from).to_vec();
        let marked = in_a_row(text, &wanted).unwrap();
        let shown: String = marked
            .iter()
            .map(|&i| text.chars().nth(i).unwrap())
            .collect();
        assert_eq!(shown, "registeredsexoffenders");
    }
}
