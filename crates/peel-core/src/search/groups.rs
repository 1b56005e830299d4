//! The query's words gathered into groups, each of which a node must match (AND): a word;
//! a compound typed with a hyphen (`stop-and-search`: those words in a row, or them joined);
//! words typed apart that the reports join (`anti social`: `antisocial`); an acronym or a
//! glossary term with its other names (`RSO`: "registered sex offender"). The first way to
//! match a group is always what was typed; the others say how else it matched.

use super::index::{Name, SearchIndex};
use super::normal::{canonical, is_joiner, words};
use super::query::{Query, Term, fold};

/// One unit of the query that must match, by one of its alternatives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Group {
    /// As typed, for saying how a result matched.
    pub typed: String,
    pub alternatives: Vec<Alternative>,
}

#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Alternative {
    /// Canonical words in a row (one or more).
    Words { words: Vec<String>, shown: String },
    /// The text itself: a quoted phrase, a word with capitals (smart case) or with symbols.
    Text(Term),
}

impl Alternative {
    pub fn shown(&self) -> &str {
        match self {
            Alternative::Words { shown, .. } => shown,
            Alternative::Text(term) => &term.text,
        }
    }
}

impl Group {
    /// Matched only as typed: no other way in.
    pub fn is_simple(&self) -> bool {
        self.alternatives.len() == 1
    }
}

/// The longest run of words that can name a concept.
const LONGEST_NAME: usize = 6;

/// Every canonical word of the query's terms: a concept can be named by a run of them
/// (`concept_run`) only if each word of that name is among these, so an index made for
/// this query alone needs no other concepts.
pub fn query_words(query: &Query) -> std::collections::HashSet<String> {
    (query.terms.iter())
        .flat_map(|term| canonical_words(&term.folded))
        .collect()
}

pub fn groups(index: &SearchIndex, query: &Query) -> Vec<Group> {
    let terms = &query.terms;
    let mut out = Vec::new();
    let mut at = 0;
    while at < terms.len() {
        if let Some((used, group)) =
            concept_run(index, &terms[at..]).or_else(|| joined_run(index, &terms[at..]))
        {
            out.push(group);
            at += used;
            continue;
        }
        out.push(single(&terms[at]));
        at += 1;
    }
    out
}

/// A plain word: letters and digits, perhaps joined by hyphens or apostrophes. A lone `-`
/// or `'` is not one: it has no word to look up.
fn plain(term: &Term) -> bool {
    !term.phrase
        && term.folded.chars().any(char::is_alphanumeric)
        && term
            .folded
            .chars()
            .all(|c| c.is_alphanumeric() || is_joiner(c))
}

fn canonical_words(text: &str) -> Vec<String> {
    words(text).map(|w| canonical(w).into_owned()).collect()
}

/// One term on its own: as typed, and a hyphenated word also as its parts joined.
fn single(term: &Term) -> Group {
    let literal = if plain(term) && !term.case_sensitive {
        Alternative::Words {
            words: canonical_words(&term.folded),
            shown: term.text.clone(),
        }
    } else {
        Alternative::Text(term.clone())
    };
    let mut alternatives = vec![literal];
    let parts = canonical_words(&term.folded);
    if plain(term) && parts.len() > 1 {
        if term.case_sensitive {
            // Capitals keep their meaning in every form: `Clare’s` is `Clare's`, `Clares`
            // and `Clare s`, never "clarify".
            let other_apostrophe: String = term
                .text
                .chars()
                .map(|c| match c {
                    '\'' => '\u{2019}',
                    '\u{2019}' => '\'',
                    c => c,
                })
                .collect();
            if other_apostrophe != term.text {
                alternatives.push(Alternative::Text(Term::new(&other_apostrophe, false)));
            }
            let joined: String = term.text.chars().filter(|c| c.is_alphanumeric()).collect();
            alternatives.push(Alternative::Text(Term::new(&joined, false)));
            alternatives.push(Alternative::Text(Term::new(
                &term.text.replace(is_joiner, " "),
                true,
            )));
        } else {
            let joined: String = term
                .folded
                .chars()
                .filter(|c| c.is_alphanumeric())
                .collect();
            alternatives.push(Alternative::Words {
                words: vec![canonical(&joined).into_owned()],
                shown: joined,
            });
        }
    }
    Group {
        typed: term.text.clone(),
        alternatives,
    }
}

/// The longest run of terms (from the first) that is a name of a concept, with every name
/// of every concept it names.
fn concept_run(index: &SearchIndex, terms: &[Term]) -> Option<(usize, Group)> {
    // Any word but a quoted phrase may be a name: `S&S` as well as `RSO`.
    let longest = terms
        .iter()
        .take(LONGEST_NAME)
        .take_while(|t| !t.phrase)
        .count();
    (1..=longest).rev().find_map(|len| {
        let run = &terms[..len];
        let words: Vec<String> = run
            .iter()
            .flat_map(|t| canonical_words(&t.folded))
            .collect();
        let concepts = index.concepts_named(&words)?;
        let typed = run
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        let names = || concepts.iter().flat_map(|&c| &index.concepts[c].names);
        // An acronym typed in any case is the acronym: `rso` is "RSO", never "person".
        let typed_acronym = (len == 1)
            .then(|| {
                names().find(|name| is_acronym(&name.shown) && fold(&name.shown) == run[0].folded)
            })
            .flatten();
        let mut alternatives = match typed_acronym {
            Some(name) => vec![as_alternative(name)],
            None if len == 1 => single(&run[0]).alternatives,
            None => vec![Alternative::Words {
                words: words.clone(),
                shown: typed.clone(),
            }],
        };
        for name in names() {
            let alternative = as_alternative(name);
            let known = alternatives.iter().any(|a| match (a, &alternative) {
                (Alternative::Words { words: a, .. }, Alternative::Words { words: b, .. }) => {
                    a == b
                }
                (a, b) => a == b,
            });
            if !known && !name.words.is_empty() {
                alternatives.push(alternative);
            }
        }
        Some((
            len,
            Group {
                typed,
                alternatives,
            },
        ))
    })
}

/// Written with two or more capitals and no space (`RSO`, `ViSOR`, `CoC`, `S&S`): matched
/// exactly as written, since a short run of letters is inside many words.
fn is_acronym(shown: &str) -> bool {
    !shown.contains(char::is_whitespace) && shown.chars().filter(|c| c.is_uppercase()).count() >= 2
}

fn as_alternative(name: &Name) -> Alternative {
    if is_acronym(&name.shown) {
        Alternative::Text(Term::new(&name.shown, true))
    } else {
        Alternative::Words {
            words: name.words.clone(),
            shown: name.shown.clone(),
        }
    }
}

/// Two or three plain words typed apart that the reports write as one (`anti social`,
/// `body worn`): the words in a row, or joined.
fn joined_run(index: &SearchIndex, terms: &[Term]) -> Option<(usize, Group)> {
    let usable = terms
        .iter()
        .take(3)
        .take_while(|t| plain(t) && !t.case_sensitive)
        .count();
    (2..=usable).rev().find_map(|len| {
        let run = &terms[..len];
        let joined: String = run
            .iter()
            .flat_map(|t| t.folded.chars().filter(|c| c.is_alphanumeric()))
            .collect();
        let canonical_joined = canonical(&joined).into_owned();
        index.lexicon.find(&canonical_joined)?;
        let typed = run
            .iter()
            .map(|t| t.text.as_str())
            .collect::<Vec<_>>()
            .join(" ");
        Some((
            len,
            Group {
                alternatives: vec![
                    Alternative::Words {
                        words: run
                            .iter()
                            .flat_map(|t| canonical_words(&t.folded))
                            .collect(),
                        shown: typed.clone(),
                    },
                    Alternative::Words {
                        words: vec![canonical_joined],
                        shown: joined,
                    },
                ],
                typed,
            },
        ))
    })
}
