//! The glossary and the vocabulary: each term and acronym once, each expansion and
//! reference to a known term.

use super::Checker;
use crate::content::Parsed;
use crate::content::locate::YamlPath;
use crate::model::GlossaryTerm;
use std::collections::HashMap;

pub(super) fn check_glossary(
    check: &mut Checker,
    glossary: Parsed<crate::content::schema::GlossaryFile>,
) -> Vec<GlossaryTerm> {
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, term) in glossary.doc.terms.iter().enumerate() {
        let at = YamlPath::root().key("terms").index(index);
        check.non_empty(
            glossary.file,
            at.clone().key("term"),
            &term.term,
            "glossary term",
        );
        check.non_empty(
            glossary.file,
            at.clone().key("definition"),
            &term.definition,
            "definition",
        );
        match (&term.source, term.editorial) {
            (Some(source), _) => check.source_ref(glossary.file, at.clone().key("source"), source),
            (None, true) => {}
            (None, false) => check.problem(glossary.file, at.clone().key("term"), format!("`{}` has no source; cite where the sources define it, or mark the definition `editorial: true`", term.term)),
        }
        for name in std::iter::once(&term.term).chain(&term.aliases) {
            if let Some(first) = seen.insert(name.to_lowercase(), index) {
                check.problem(
                    glossary.file,
                    at.clone().key("term"),
                    format!(
                        "`{name}` is already defined by glossary entry {}",
                        first + 1
                    ),
                );
            }
        }
    }
    glossary.doc.terms
}

/// Each entry: a key, its expansions, where the sources spell it out (or `editorial`); no
/// key twice, and none that the glossary already has as a term or alias.
pub(super) fn check_vocabulary(
    check: &mut Checker,
    vocabulary: Parsed<crate::content::schema::VocabularyFile>,
    glossary: &[GlossaryTerm],
) -> Vec<crate::model::VocabularyTerm> {
    let file = vocabulary.file;
    let mut seen: HashMap<String, usize> = HashMap::new();
    for (index, term) in vocabulary.doc.terms.iter().enumerate() {
        let at = YamlPath::root().key("terms").index(index);
        check.non_empty(file, at.clone().key("key"), &term.key, "vocabulary key");
        if term.expansions.is_empty() {
            check.problem(
                file,
                at.clone().key("expansions"),
                format!(
                    "`{}` has no expansion; expected what it stands for",
                    term.key
                ),
            );
        }
        for (e, expansion) in term.expansions.iter().enumerate() {
            check.non_empty(
                file,
                at.clone().key("expansions").index(e),
                expansion,
                "expansion",
            );
        }
        match (&term.source, term.editorial) {
            (Some(source), _) => check.source_ref(file, at.clone().key("source"), source),
            (None, true) => {}
            (None, false) => check.problem(
                file,
                at.clone().key("key"),
                format!("`{}` has no source; cite where the sources spell it out, or mark it `editorial: true`", term.key),
            ),
        }
        let folded = term.key.to_lowercase();
        if let Some(first) = seen.insert(folded.clone(), index) {
            check.problem(
                file,
                at.clone().key("key"),
                format!("`{}` is already vocabulary entry {}", term.key, first + 1),
            );
        }
        let in_glossary = glossary.iter().find(|g| {
            std::iter::once(&g.term)
                .chain(&g.aliases)
                .any(|name| name.to_lowercase() == folded)
        });
        if let Some(entry) = in_glossary {
            check.problem(
                file,
                at.key("key"),
                format!(
                    "`{}` is already in the glossary (under `{}`), which search uses too",
                    term.key, entry.term
                ),
            );
        }
    }
    vocabulary.doc.terms
}
