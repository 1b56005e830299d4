//! What the reader typed: words (each must match), "quoted phrases" (matched exactly), and
//! filters (`year:2017`, `kind:recommendation`, `grade:inadequate`). Never fails: anything
//! it cannot use is reported in `problems` and otherwise ignored.

use crate::model::{FindingKind, Grade};

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Term {
    /// As typed.
    pub text: String,
    /// Folded to lower case char by char (same length in chars), for case-insensitive use.
    pub folded: String,
    /// Smart case: a term with a capital letter matches case exactly.
    pub case_sensitive: bool,
    /// A quoted phrase: exact substring only, no fuzzy matching.
    pub phrase: bool,
}

#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Query {
    pub terms: Vec<Term>,
    pub year: Option<u16>,
    pub kinds: Option<Vec<&'static str>>,
    pub grade: Option<Grade>,
    /// `force:kent`, `force:"west midlands"`: the words a force's id or name must hold.
    pub force: Option<Vec<String>>,
    pub problems: Vec<String>,
}

/// Folds case one char to one char, so char indices in folded text are those of the
/// original (fuzzy-matcher works in char indices and folds only ASCII by itself).
pub fn fold(text: &str) -> String {
    if text.is_ascii() {
        return text.to_ascii_lowercase();
    }
    text.chars().map(fold_char).collect()
}

/// `text` folded (`fold`), borrowed where folding would change nothing.
pub fn folded(text: &str) -> std::borrow::Cow<'_, str> {
    if text.bytes().any(|b| b.is_ascii_uppercase()) || !text.is_ascii() {
        std::borrow::Cow::Owned(fold(text))
    } else {
        std::borrow::Cow::Borrowed(text)
    }
}

pub fn fold_char(c: char) -> char {
    if c.is_ascii() {
        return c.to_ascii_lowercase();
    }
    let mut lower = c.to_lowercase();
    match (lower.next(), lower.next()) {
        (Some(single), None) => single,
        _ => c,
    }
}

impl Term {
    pub(super) fn new(text: &str, phrase: bool) -> Term {
        Term {
            text: text.to_owned(),
            folded: fold(text),
            case_sensitive: text.chars().any(char::is_uppercase),
            phrase,
        }
    }
}

impl Query {
    pub fn parse(input: &str) -> Query {
        let mut query = Query::default();
        let mut rest = input;
        loop {
            rest = rest.trim_start();
            if rest.is_empty() {
                break;
            }
            if let Some(after) = rest.strip_prefix('"') {
                let (phrase, remainder) = match after.find('"') {
                    Some(end) => (&after[..end], &after[end + 1..]),
                    None => (after, ""),
                };
                let phrase = phrase.split_whitespace().collect::<Vec<_>>().join(" ");
                if !phrase.is_empty() {
                    query.terms.push(Term::new(&phrase, true));
                }
                rest = remainder;
                continue;
            }
            // `force:"west midlands"`: a filter whose value is a quoted phrase.
            if rest.len() > 7
                && rest.is_char_boundary(7)
                && rest[..7].eq_ignore_ascii_case("force:\"")
            {
                let after = &rest[7..];
                let (value, remainder) = match after.find('"') {
                    Some(end) => (&after[..end], &after[end + 1..]),
                    None => (after, ""),
                };
                query.set_force(value);
                rest = remainder;
                continue;
            }
            let end = rest.find(char::is_whitespace).unwrap_or(rest.len());
            let token = rest[..end].trim_start_matches(is_edge_punctuation);
            rest = &rest[end..];
            if query.filter(token) {
                continue;
            }
            let word = token.trim_end_matches(is_edge_punctuation);
            if !word.is_empty() {
                query.terms.push(Term::new(word, false));
            }
        }
        query
    }

    /// Applies `word` if it is a filter (one of `FILTER_NAMES` and a colon); false if it
    /// is an ordinary word.
    fn filter(&mut self, word: &str) -> bool {
        let Some((name, value)) = word.split_once(':') else {
            return false;
        };
        let value = value
            .trim_end_matches(is_edge_punctuation)
            .to_ascii_lowercase();
        match name.to_ascii_lowercase().as_str() {
            "year" => match value.parse() {
                Ok(year) => self.year = Some(year),
                Err(_) if value.is_empty() => {}
                Err(_) => self.problems.push(format!("year:{value} is not a year")),
            },
            "kind" if value.is_empty() => {}
            "kind" => match kinds_for(&value) {
                Some(kinds) => self.kinds = Some(kinds),
                None => self.problems.push(format!(
                    "kind:{value} is not a kind; kinds: {}",
                    kind_names().join(", ")
                )),
            },
            "grade" if value.is_empty() => {}
            "grade" => match Grade::from_key(&value.replace(' ', "-")) {
                Some(grade) => self.grade = Some(grade),
                None => self.problems.push(format!(
                    "grade:{value} is not a grade; try grade:inadequate, grade:requires-improvement, grade:adequate, grade:good"
                )),
            },
            "force" => self.set_force(&value),
            _ => return false,
        }
        true
    }

    /// The words of a `force:` filter; none (an empty value) is no filter.
    fn set_force(&mut self, value: &str) {
        let words: Vec<String> = fold(value)
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .map(str::to_owned)
            .collect();
        if !words.is_empty() {
            self.force = Some(words);
        }
    }

    /// Whether a force (its id and name) is one the `force:` filter names: its id is the
    /// filter, or each word starts a word of its id or name.
    pub fn names_force(&self, id: &str, name: &str) -> bool {
        let Some(words) = &self.force else {
            return true;
        };
        if words.len() == 1 && words[0] == fold(id) {
            return true;
        }
        let named = fold(&format!("{id} {name}"));
        let named: Vec<&str> = named
            .split(|c: char| !c.is_alphanumeric())
            .filter(|w| !w.is_empty())
            .collect();
        words
            .iter()
            .all(|w| named.iter().any(|n| n.starts_with(w.as_str())))
    }

    /// No words and no filters: nothing to search for.
    pub fn is_empty(&self) -> bool {
        self.terms.is_empty()
            && self.year.is_none()
            && self.kinds.is_none()
            && self.grade.is_none()
            && self.force.is_none()
    }

    /// True when every result of this query must also be a result of `earlier`: same
    /// filters, and each earlier term is still here, only longer. Lets a search that grows
    /// by a keystroke look only at the previous results. An empty query finds nothing, so
    /// nothing narrows it.
    pub fn narrows(&self, earlier: &Query) -> bool {
        !earlier.is_empty()
            && self.year == earlier.year
            && self.kinds == earlier.kinds
            && self.grade == earlier.grade
            && self.force == earlier.force
            && earlier.terms.len() <= self.terms.len()
            && earlier.terms.iter().zip(&self.terms).all(|(old, new)| {
                old.phrase == new.phrase
                    && old.case_sensitive == new.case_sensitive
                    && if old.phrase {
                        new.text.contains(&old.text)
                    } else {
                        // A word too short for near misses finds less than it may once
                        // long enough for them (`thr` does not find "THRIVE", `thrve`
                        // does); below that length and above it, growing only narrows.
                        new.text.starts_with(&old.text)
                            && (old.text.chars().count() >= super::locate::NEAR_MISS_FROM
                                || new.text.chars().count() < super::locate::NEAR_MISS_FROM)
                    }
            })
    }
}

/// The filters a query takes, as `name:value`: a word of these names followed by a colon is
/// a filter being typed, never a word to find.
pub const FILTER_NAMES: [&str; 4] = ["year", "kind", "grade", "force"];

/// Punctuation that sets a word off in a sentence (`offenders?`, `(jigsaw)`, `crime.`)
/// rather than being part of it: dropped from either end of a word, so a query typed as a
/// question finds what the word does. What is inside a word stays (`S&S`, `e.g`,
/// `anti-social`), and so do symbols that carry meaning at an end (`£92m`, `25%`, `THRIVE+`).
pub fn is_edge_punctuation(c: char) -> bool {
    matches!(
        c,
        '.' | ','
            | ';'
            | ':'
            | '!'
            | '?'
            | '('
            | ')'
            | '['
            | ']'
            | '{'
            | '}'
            | '<'
            | '>'
            | '"'
            | '\''
            | '`'
            | '*'
            | '_'
            | '-'
            | '\u{2010}'..='\u{2015}'
            | '\u{2018}'..='\u{201f}'
            | '\u{2026}'
            | '\u{00ab}'
            | '\u{00bb}'
            | '\u{2039}'
            | '\u{203a}'
            | '\u{00a1}'
            | '\u{00bf}'
    )
}

/// Every kind a filter can name, as `kind:…`: those most searched for first, since the
/// explorer's prompt shows as many as fit on its one line.
pub fn kind_names() -> Vec<String> {
    let first = [
        "cause-of-concern",
        "recommendation",
        "area-for-improvement",
        "area",
    ];
    let findings = FindingKind::ALL.iter().map(|k| k.key());
    first
        .into_iter()
        .chain(findings.filter(|k| !first.contains(k)))
        .chain(["assessment", "glossary-term"])
        .map(|kind| format!("kind:{kind}"))
        .collect()
}

fn kinds_for(value: &str) -> Option<Vec<&'static str>> {
    let value = value.trim_end_matches('s');
    let kinds: Vec<&'static str> = match value {
        "recommendation" | "rec" => vec!["recommendation"],
        "area" | "question" => vec!["area"],
        "assessment" => vec!["assessment"],
        "glossary" | "term" | "glossary-term" => vec!["glossary-term"],
        "finding" => FindingKind::ALL.iter().map(|k| k.key()).collect(),
        "cause-of-concern" | "concern" | "coc" | "causes-of-concern" | "cause" => {
            vec!["cause-of-concern"]
        }
        "area-for-improvement" | "afi" | "areas-for-improvement" => vec!["area-for-improvement"],
        "press" => vec!["press-coverage"],
        other => vec![
            FindingKind::ALL
                .iter()
                .map(|k| k.key())
                .find(|k| k.trim_end_matches('s') == other)?,
        ],
    };
    Some(kinds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_force_filter_takes_a_word_or_a_quoted_name() {
        let query = Query::parse("force:kent jigsaw");
        assert_eq!(query.force, Some(vec!["kent".to_owned()]));
        assert_eq!(query.terms.len(), 1);
        let query = Query::parse("jigsaw Force:\"West  Midlands\" year:2024");
        assert_eq!(
            query.force,
            Some(vec!["west".to_owned(), "midlands".to_owned()])
        );
        assert_eq!((query.terms.len(), query.year), (1, Some(2024)));
        assert!(query.names_force("west-midlands", "West Midlands Police"));
        assert!(!query.names_force("west-mercia", "West Mercia Police"));
        assert_eq!(Query::parse("force: jigsaw").force, None);
        assert!(!Query::parse("force:kent").is_empty());
    }

    #[test]
    fn a_filter_still_being_typed_is_no_problem_and_no_word() {
        for name in FILTER_NAMES {
            let query = Query::parse(&format!("{name}: jigsaw"));
            assert_eq!(query.terms.len(), 1, "{name}: is a filter, not a word");
        }
        let query = Query::parse("year: kind: grade: jigsaw");
        assert!(query.problems.is_empty(), "{:?}", query.problems);
        assert_eq!(
            (query.year, query.kinds.is_none(), query.grade),
            (None, true, None)
        );
        assert_eq!(query.terms.len(), 1, "only jigsaw is a word");
    }

    #[test]
    fn words_phrases_and_filters_are_told_apart() {
        let query = Query::parse(
            r#"year:2017 "stop and search" Grounds kind:recommendation grade:inadequate"#,
        );
        assert_eq!(query.year, Some(2017));
        assert_eq!(query.kinds, Some(vec!["recommendation"]));
        assert_eq!(query.grade, Some(Grade::Inadequate));
        assert_eq!(query.terms.len(), 2);
        assert!(query.terms[0].phrase && query.terms[0].text == "stop and search");
        assert!(query.terms[1].case_sensitive && !query.terms[1].phrase);
    }

    #[test]
    fn bad_filters_are_reported_not_fatal() {
        let query = Query::parse("kind:banana year:twenty jigsaw");
        assert_eq!(query.problems.len(), 2);
        assert_eq!(query.terms.len(), 1);
    }

    #[test]
    fn an_unknown_kind_names_every_kind_a_filter_takes() {
        let said = &Query::parse("kind:foo").problems[0];
        // Every kind a node of the index can have (`Node::kind_key`), but the force and
        // the sections, which are never results.
        let findings = FindingKind::ALL.iter().map(|k| k.key());
        for key in findings.chain(["area", "assessment", "recommendation", "glossary-term"]) {
            assert_eq!(kinds_for(key), Some(vec![key]), "{key} is a kind");
            assert!(said.contains(&format!("kind:{key}")), "{key}: {said}");
        }
        assert!(
            said.contains("kind:cause-of-concern, kind:recommendation"),
            "{said}"
        );
    }

    #[test]
    fn an_unclosed_quote_is_a_phrase_to_the_end() {
        let query = Query::parse("\"right care");
        assert_eq!(query.terms[0].text, "right care");
        assert!(query.terms[0].phrase);
    }

    #[test]
    fn folding_keeps_one_char_per_char() {
        assert_eq!(fold("ÉCOLE"), "école");
        // 'İ' lower-cases to two chars; it is kept as it is rather than shift every index.
        assert_eq!(fold("İstanbul"), "İstanbul");
        assert_eq!(fold("İstanbul").chars().count(), 8);
    }

    #[test]
    fn a_longer_query_narrows_a_shorter_one() {
        assert!(Query::parse("jigsa").narrows(&Query::parse("jigs")));
        assert!(Query::parse("jig").narrows(&Query::parse("ji")));
        assert!(
            !Query::parse("jigs").narrows(&Query::parse("jig")),
            "long enough for near misses only now"
        );
        assert!(Query::parse("jigsaw team").narrows(&Query::parse("jigsaw")));
        assert!(!Query::parse("jig").narrows(&Query::parse("jigsaw")));
        assert!(!Query::parse("year:2017 jigsaw").narrows(&Query::parse("jig")));
        assert!(!Query::parse("t").narrows(&Query::parse("")));
    }
}
