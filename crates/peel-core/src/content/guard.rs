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
/// Looked for a 64-byte chunk at a time first, a loop the compiler vectorises: every file
/// of a folder is checked on every parse, and decoding each character was a sixth of a
/// cold start's CPU.
fn control_character(text: &str) -> Option<Refusal> {
    let bytes = text.as_bytes();
    let mut start = 0;
    let clean = bytes.chunks(64).all(|chunk| {
        let at = start;
        start += chunk.len();
        !chunk.iter().fold(false, |any, &b| any | may_be_control(b)) || {
            // Only a C1 control (U+0080–U+009F, written C2 80–C2 9F) or a byte below a
            // space other than tab and line ends is one; `£` and `©` begin with C2 too.
            !chunk.iter().enumerate().any(|(i, &b)| {
                b != 0xc2 && may_be_control(b)
                    || b == 0xc2 && matches!(bytes.get(at + i + 1), Some(0x80..=0x9f))
            })
        }
    });
    if clean {
        return None;
    }
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

/// A byte that is, or may begin, a control character: one below a space other than tab
/// and line ends, DEL, or the first byte of U+0080–U+00BF.
fn may_be_control(b: u8) -> bool {
    ((b < 0x20) & (b != b'\t') & (b != b'\n') & (b != b'\r')) | (b == 0x7f) | (b == 0xc2)
}

/// Whether an anchor, alias or tag could begin anywhere in `text`: a `&`, `*` or `!` where
/// a YAML token can start. A token starts at the beginning, after a blank, an indicator or
/// a quote, never straight after a letter or digit (only an anchor, alias or tag ends in
/// one without a separator, and the first of those is found here); and an anchor or alias
/// has a name, so a `&` or `*` before a blank is text (the parser would refuse an empty
/// name). Prose's `S&S` and ` & ` need no scan.
fn could_hold_anchors(text: &str) -> bool {
    let bytes = text.as_bytes();
    memchr::memchr3_iter(b'&', b'*', b'!', bytes).any(|i| {
        let after_token_end = i == 0 || !bytes[i - 1].is_ascii_alphanumeric();
        let named = bytes[i] == b'!'
            || bytes
                .get(i + 1)
                .is_some_and(|&b| !matches!(b, b' ' | b'\t' | b'\n' | b'\r'));
        after_token_end && named
    })
}

/// Where nesting of `[` and `{` first passes `MAX_DEPTH`, counting brackets inside quotes
/// too: a cheap upper bound, which the scanner confirms.
/// Brackets are rare in content, so 64-byte chunks without one (a vectorised test) are
/// passed over: they leave the depth as it was.
fn too_deep_flow(text: &str) -> Option<usize> {
    let mut depth = 0usize;
    let bracket = |b: u8| ((b | 0x20) == b'{') | ((b | 0x20) == b'}');
    for (chunk_index, chunk) in text.as_bytes().chunks(64).enumerate() {
        if !chunk.iter().fold(false, |any, &b| any | bracket(b)) {
            continue;
        }
        for (offset, &b) in chunk.iter().enumerate() {
            let index = chunk_index * 64 + offset;
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
    fn anchors_are_refused_wherever_a_token_can_start() {
        for (text, at) in [
            ("a: \"x\"\nb: [1, &y 2]\n", (2, 8)),
            ("a: {k: *y}\n", (1, 8)),
            ("- 'q'\n-   !t x\n", (2, 5)),
            ("&top\na: b\n", (1, 1)),
            ("a: [x,&y]\n", (1, 7)),
        ] {
            let refused = check(text).expect_err(text);
            assert_eq!((refused.line, refused.column), at, "{text:?}: {refused:?}");
        }
    }

    #[test]
    fn prose_with_ampersands_and_stars_needs_no_scan() {
        let prose = "title: S&S and R & D, 5 * 3, great!\nbody: - Q&A *\n";
        assert!(!could_hold_anchors(prose));
        assert_eq!(check(prose), Ok(()));
        for text in ["a: &x b", "a: *x", "[&x 1]", "a: !t b", "- ! b", "'a'*b"] {
            assert!(could_hold_anchors(text), "{text:?}");
        }
    }

    #[test]
    fn control_characters_are_found_in_any_chunk_and_pounds_are_not_them() {
        let filler = "body: £5m, © 2024, café and naïve words\n".repeat(5);
        assert_eq!(check(&filler), Ok(()));
        for (control, name) in [
            ('\u{85}', "U+0085"),
            ('\u{7f}', "U+007F"),
            ('\u{1b}', "U+001B"),
        ] {
            let text = format!("{filler}x: £{control}\n");
            let refused = check(&text).unwrap_err();
            assert_eq!((refused.line, refused.column), (6, 5), "{name}");
            assert!(refused.message.contains(name), "{refused:?}");
        }
    }

    #[test]
    fn flow_nesting_is_counted_across_chunks() {
        let text = format!(
            "a: {}x{}\n",
            "[ ".repeat(12) + &" ".repeat(70) + &"[".repeat(13),
            "]".repeat(25)
        );
        let refused = check(&text).unwrap_err();
        assert!(refused.message.contains("nested"), "{refused:?}");
        assert_eq!(too_deep_flow(&text), Some(text.find("x").unwrap() - 1));
        let shallow = format!(
            "a: {}x{}\n",
            "[ ".repeat(12) + &" ".repeat(70) + &"[".repeat(12),
            "]".repeat(24)
        );
        assert_eq!(too_deep_flow(&shallow), None);
    }

    #[test]
    fn ordinary_content_passes_untouched() {
        let content = "id: x\nfindings:\n  - id: y\n    body:\n      - table:\n          rows:\n            - [a, b]\n";
        assert_eq!(check(content), Ok(()));
    }
}
