//! What content never needs and a hostile file uses to exhaust time or memory, refused
//! before the YAML parser sees it: anchors and aliases (one 100 KB string referenced 20,000
//! times took 100 s and 4 GB to expand), tags, nesting far deeper than the schema's, and
//! control characters outside escapes.
//!
//! A byte scan, a few milliseconds for the largest folder, decides whether a file could hold
//! any of these; only then does the YAML scanner read it, to tell a real anchor from an
//! `&` in the text and to say exactly where it is.

use yaml_rust2::scanner::{Scanner, TokenType};

/// The schema nests about eight levels (an assessment's findings, a finding's body, a
/// table, its rows, a row); nothing valid comes near this.
pub const MAX_DEPTH: usize = 24;

/// A refusal, at a 1-based line and column.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Refusal {
    pub line: usize,
    pub column: usize,
    pub message: String,
}

pub fn check(text: &str) -> Result<(), Refusal> {
    if let Some(refusal) = control_character(text) {
        return Err(refusal);
    }
    // Where the cheap estimates first go too deep, if they do.
    let too_deep = too_deep_flow(text).or_else(|| too_deep_block(text));
    if !could_hold_anchors(text) && too_deep.is_none() {
        return Ok(());
    }
    match scan(text) {
        Scanned::Refused(refusal) => Err(refusal),
        Scanned::Clean => Ok(()),
        // The scanner gave up: on its own nesting limit, or a syntax error the parser will
        // report. Only the first is refused here, where the estimate put it.
        Scanned::GaveUp => match too_deep {
            Some(index) => Err(nested(text, index)),
            None => Ok(()),
        },
    }
}

fn nested(text: &str, index: usize) -> Refusal {
    let (line, column) = position(text, index);
    Refusal {
        line,
        column,
        message: format!(
            "nested more than {MAX_DEPTH} levels deep; content files nest a few levels (see content/README.md)"
        ),
    }
}

/// A control character outside an escape: YAML forbids most, and a NUL is never content.
fn control_character(text: &str) -> Option<Refusal> {
    let (index, c) = text
        .char_indices()
        .find(|(_, c)| c.is_control() && !matches!(c, '\t' | '\n' | '\r'))?;
    let (line, column) = position(text, index);
    Some(Refusal {
        line,
        column,
        message: format!(
            "control character U+{:04X} is not allowed in a content file; write it as an escape in a double-quoted string if it must be there",
            c as u32
        ),
    })
}

fn could_hold_anchors(text: &str) -> bool {
    text.bytes().any(|b| matches!(b, b'&' | b'*' | b'!'))
}

/// Where nesting of `[` and `{` first passes `MAX_DEPTH`, counting brackets inside quotes
/// too: a cheap upper bound, which the scanner confirms.
fn too_deep_flow(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    for (index, b) in text.bytes().enumerate() {
        match b {
            b'[' | b'{' => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Some(index);
                }
            }
            b']' | b'}' => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    None
}

/// Where block nesting may first pass `MAX_DEPTH`: a line's indentation and its leading
/// `- ` entries, an upper bound the scanner confirms.
fn too_deep_block(text: &str) -> Option<usize> {
    let mut start = 0;
    for line in text.split_inclusive('\n') {
        let indent = line.len() - line.trim_start_matches(' ').len();
        let mut rest = line.trim_start_matches(' ');
        let mut depth = indent / 2 + 1;
        while let Some(after) = rest.strip_prefix("- ") {
            depth += 1;
            if depth > MAX_DEPTH {
                return Some(start + line.len() - after.len());
            }
            rest = after.trim_start_matches(' ');
        }
        if depth > MAX_DEPTH {
            return Some(start + indent);
        }
        start += line.len();
    }
    None
}

enum Scanned {
    Clean,
    Refused(Refusal),
    GaveUp,
}

/// The exact verdict, from YAML's own tokens.
fn scan(text: &str) -> Scanned {
    let mut depth = 0usize;
    let mut scanner = Scanner::new(text.chars());
    for token in scanner.by_ref() {
        let at = |message: String| Refusal {
            line: token.0.line(),
            column: token.0.col() + 1,
            message,
        };
        match &token.1 {
            TokenType::Anchor(name) => {
                return Scanned::Refused(at(format!(
                    "anchor `&{name}`: content files do not use YAML anchors or aliases; write the text out where it is needed"
                )));
            }
            TokenType::Alias(name) => {
                return Scanned::Refused(at(format!(
                    "alias `*{name}`: content files do not use YAML anchors or aliases; write the text out where it is needed"
                )));
            }
            TokenType::Tag(handle, suffix) => {
                return Scanned::Refused(at(format!(
                    "tag `{handle}{suffix}`: content files do not use YAML tags"
                )));
            }
            TokenType::BlockSequenceStart
            | TokenType::BlockMappingStart
            | TokenType::FlowSequenceStart
            | TokenType::FlowMappingStart => {
                depth += 1;
                if depth > MAX_DEPTH {
                    return Scanned::Refused(at(format!(
                        "nested more than {MAX_DEPTH} levels deep; content files nest a few levels (see content/README.md)"
                    )));
                }
            }
            TokenType::BlockEnd | TokenType::FlowSequenceEnd | TokenType::FlowMappingEnd => {
                depth = depth.saturating_sub(1)
            }
            _ => {}
        }
    }
    if scanner.get_error().is_some() {
        Scanned::GaveUp
    } else {
        Scanned::Clean
    }
}

/// The 1-based line and column of byte `index`.
fn position(text: &str, index: usize) -> (usize, usize) {
    let before = &text[..index];
    let line = before.matches('\n').count() + 1;
    let column = before[before.rfind('\n').map_or(0, |i| i + 1)..]
        .chars()
        .count()
        + 1;
    (line, column)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn anchors_aliases_and_tags_are_refused_where_they_are() {
        let refused = check("a: &big 'x'\nb: [*big]\n").unwrap_err();
        assert_eq!((refused.line, refused.column), (1, 4));
        assert!(refused.message.contains("anchor `&big`"));
        let refused = check("a: !!binary aGk=\n").unwrap_err();
        assert!(refused.message.contains("tag"), "{refused:?}");
    }

    #[test]
    fn an_ampersand_in_text_is_only_text() {
        assert_eq!(
            check("title: '2 & 3 – Caution'\nbody: [a * b, \"!\"]\n"),
            Ok(())
        );
    }

    #[test]
    fn deep_nesting_is_refused_without_reading_it_all() {
        let deep = format!("{}{}", "[".repeat(2_000_000), "]".repeat(2_000_000));
        let refused = check(&deep).unwrap_err();
        assert_eq!((refused.line, refused.column), (1, MAX_DEPTH + 1));
        let block = "- ".repeat(100_000) + "x\n";
        assert!(check(&block).unwrap_err().message.contains("nested"));
    }

    #[test]
    fn a_nul_byte_is_reported_where_it_is() {
        let refused = check("id: a\ntitle: ab\u{0}c\n").unwrap_err();
        assert_eq!((refused.line, refused.column), (2, 10));
        assert!(refused.message.contains("U+0000"));
    }

    #[test]
    fn ordinary_content_passes_untouched() {
        let content = "id: x\nfindings:\n  - id: y\n    body:\n      - table:\n          rows:\n            - [a, b]\n";
        assert_eq!(check(content), Ok(()));
    }
}
