//! Content files, file names, cache files and pasted text may come from anyone. Every
//! string is made inert here, so no control character, escape sequence, bidi override or
//! invisible format character ever reaches a terminal, the clipboard or command-line
//! output: each is replaced by a visible stand-in. Whole Unicode categories are covered,
//! not a list of known offenders: controls (Cc), format characters (Cf), unassigned code
//! points (Cn); line and paragraph separators (Zl, Zp) are folded like line breaks.

use std::borrow::Cow;

/// Replaces what a terminal would act on with something a reader can see, folds layout
/// whitespace to single spaces and trims the ends.
pub fn neutralise(text: &str) -> Cow<'_, str> {
    if is_clean(text) {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut pending_space = false;
    for c in text.chars() {
        if is_layout_space(c) {
            pending_space = !out.is_empty();
            continue;
        }
        if pending_space {
            out.push(' ');
            pending_space = false;
        }
        match visible_stand_in(c) {
            Some(stand_in) => out.push_str(&stand_in),
            None => out.push(c),
        }
    }
    Cow::Owned(out)
}

/// Whether `neutralise` would leave `text` as it is. A cache of a large folder and a
/// search's candidates run every string through here, so printable ASCII (nearly all of
/// the content) is decided a chunk at a time by a check the compiler vectorises; only a
/// chunk holding something else (a curly quote, a dash) is walked by character.
fn is_clean(text: &str) -> bool {
    let bytes = text.as_bytes();
    if bytes.first() == Some(&b' ') || bytes.last() == Some(&b' ') {
        return false;
    }
    // `at` is always a char's start: the first byte, a byte after printable ASCII, or
    // where the walk stopped.
    let mut at = 0;
    while at < bytes.len() {
        let end = bytes.len().min(at + CHUNK);
        if is_plain_ascii(bytes, at, end) {
            at = end;
            continue;
        }
        // A space ends the last chunk, or the last char walked, only as a byte.
        let mut after_space = at > 0 && bytes[at - 1] == b' ';
        let mut stopped = bytes.len();
        for (offset, c) in text[at..].char_indices() {
            if at + offset >= end {
                stopped = at + offset;
                break;
            }
            let inert = match c {
                ' ' => !after_space,
                '!'..='~' => true,
                _ if c.is_ascii() => false,
                _ => shows_as_itself(c),
            };
            if !inert {
                return false;
            }
            after_space = c == ' ';
        }
        at = stopped;
    }
    true
}

/// Bytes checked at once by `is_plain_ascii`.
const CHUNK: usize = 64;

/// Whether `bytes[at..end]` is printable ASCII with no space after a space, counting the
/// byte before `at`: each check folded without branching, so vectorised.
fn is_plain_ascii(bytes: &[u8], at: usize, end: usize) -> bool {
    let printable = bytes[at..end]
        .iter()
        .fold(true, |ok, &b| ok & (b.wrapping_sub(b' ') < 0x5f));
    let paired = &bytes[at.saturating_sub(1)..end];
    let double_space = paired
        .iter()
        .zip(&paired[1..])
        .fold(false, |found, (&a, &b)| found | ((a == b' ') & (b == b' ')));
    printable && !double_space
}

/// In place, for the loader's walk over the model.
pub fn neutralise_in_place(text: &mut String) {
    if let Cow::Owned(clean) = neutralise(text) {
        *text = clean;
    }
}

/// Whitespace that lays text out rather than shows: folded to single spaces.
fn is_layout_space(c: char) -> bool {
    matches!(c, ' ' | '\t' | '\n' | '\r' | '\u{2028}' | '\u{2029}')
}

/// What a terminal acts on rather than shows: control characters (C0 with the escape,
/// DEL, C1 with the 8-bit CSI and OSC) and the bidi embeddings, overrides and isolates
/// that reorder what follows them. Tab and line breaks are layout, not acts. The one rule:
/// the importer refuses a text holding one, `neutralise` never lets one through, and a
/// force's name may not hold one.
pub fn acts_on_terminal(c: char) -> bool {
    (c.is_control() && !matches!(c, '\t' | '\n' | '\r'))
        || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Whether `c` is shown as it is, alone: not layout whitespace and with no stand-in. What
/// the search prompt keeps of a paste, and what `neutralise` leaves unchanged.
pub fn shows_as_itself(c: char) -> bool {
    !is_layout_space(c) && visible_stand_in(c).is_none()
}

fn visible_stand_in(c: char) -> Option<String> {
    use unicode_general_category::{GeneralCategory, get_general_category};
    let code = c as u32;
    if acts_on_terminal(c) {
        // C0 controls as their control pictures, DEL as its own; the rest by code point.
        return match code {
            0x00..=0x1F => char::from_u32(0x2400 + code).map(String::from),
            0x7F => Some("\u{2421}".to_owned()),
            _ => Some(format!("<U+{code:04X}>")),
        };
    }
    match code {
        0x00..=0x7E => None,
        // The zero-width joiner stays: emoji sequences need it, and it moves nothing.
        0x200D => None,
        _ => match get_general_category(c) {
            // What shows nothing: zero-width spaces, the BOM, the soft hyphen, tag
            // characters, and code points no version of Unicode this was built with
            // assigns.
            GeneralCategory::Control
            | GeneralCategory::Format
            | GeneralCategory::Unassigned
            | GeneralCategory::Surrogate
            | GeneralCategory::LineSeparator
            | GeneralCategory::ParagraphSeparator => Some(format!("<U+{code:04X}>")),
            _ => None,
        },
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_chunked_ascii_check_sees_across_chunk_edges() {
        // 64-byte chunks: a pair of spaces, or a control, straddling or beside an edge.
        for at in [62, 63, 64, 65, 127, 128] {
            let mut text = "x".repeat(200);
            text.replace_range(at..at + 2, "  ");
            assert_eq!(neutralise(&text).len(), 199, "two spaces at {at}");
            let mut text = "x".repeat(200);
            text.replace_range(at..at + 1, "\u{1b}");
            assert!(!neutralise(&text).contains('\u{1b}'), "escape at {at}");
        }
        for len in [1, 63, 64, 65, 129] {
            let text = "a b".repeat(len);
            assert!(matches!(neutralise(&text), Cow::Borrowed(_)), "{len}");
        }
    }

    /// The importer refused what `first_control` found, `neutralise` stood in what its
    /// categories covered, and the prompt kept what survived a round trip through
    /// `neutralise`: three statements of one rule. Over every char, the one rule holds for
    /// all three.
    #[test]
    fn whatever_a_terminal_acts_on_is_never_shown_as_itself() {
        for c in (0..=0x10_FFFF).filter_map(char::from_u32) {
            let alone = c.to_string();
            let neutralised = neutralise(&alone);
            if acts_on_terminal(c) {
                assert!(!shows_as_itself(c), "U+{:04X}", c as u32);
                assert!(!neutralised.contains(c), "U+{:04X} got through", c as u32);
            }
            if !is_layout_space(c) {
                assert_eq!(
                    shows_as_itself(c),
                    neutralised == alone,
                    "U+{:04X}",
                    c as u32
                );
            }
        }
        for c in [
            '\u{1b}', '\u{9b}', '\u{7f}', '\u{0}', '\u{202e}', '\u{2067}',
        ] {
            assert!(acts_on_terminal(c), "U+{:04X}", c as u32);
        }
        for c in ['\t', '\n', '\r', 'a', '\u{200d}', '\u{200b}', 'é'] {
            assert!(!acts_on_terminal(c), "U+{:04X}", c as u32);
        }
    }

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            neutralise("Jigsaw teams"),
            Cow::Borrowed("Jigsaw teams")
        ));
    }

    #[test]
    fn spaces_at_either_end_are_trimmed() {
        assert_eq!(neutralise(" leading"), "leading");
        assert_eq!(neutralise("trailing "), "trailing");
    }

    #[test]
    fn delete_becomes_its_visible_symbol() {
        assert_eq!(neutralise("a\u{7f}b"), "a\u{2421}b");
        // Alone too: DEL is the one byte just past printable ASCII, so a check that is
        // one off at its upper bound would take a text of nothing else for plain.
        assert_eq!(neutralise("\u{7f}"), "\u{2421}");
        assert_eq!(neutralise("\u{7f}\u{7f}"), "\u{2421}\u{2421}");
    }

    #[test]
    fn any_run_of_spaces_inside_text_folds_to_one() {
        for run in 2..=7 {
            let text = format!("a{}b", " ".repeat(run));
            assert_eq!(neutralise(&text), "a b", "{run} spaces");
        }
    }

    /// The fast path itself: nearly all content is printable ASCII with single spaces, and
    /// only that is meant to skip the walk by character.
    #[test]
    fn printable_ascii_with_single_spaces_is_decided_without_the_walk() {
        let long = "Jigsaw teams, the RSO and stop and search. ".repeat(5);
        for text in ["a b", "Jigsaw teams", "a", long.trim_end()] {
            assert!(is_plain_ascii(text.as_bytes(), 0, text.len()), "{text:?}");
        }
        for text in [
            "a  b",
            "a\u{7f}b",
            "\u{7f}",
            "a\tb",
            "caf\u{e9}",
            "a\u{1b}b",
        ] {
            assert!(!is_plain_ascii(text.as_bytes(), 0, text.len()), "{text:?}");
        }
    }

    #[test]
    fn optional_text_and_every_kind_of_block_are_neutralised() {
        let mut short_title: Option<String> = Some("\u{1b}[2J".into());
        short_title.neutralise();
        assert_eq!(short_title.as_deref(), Some("\u{241b}[2J"));
        let mut blocks = vec![
            Block::Paragraph("\u{1b}[2J".into()),
            Block::Bullets(vec!["\u{9b}31m".into()]),
        ];
        blocks.neutralise();
        let text = format!("{blocks:?}");
        assert!(
            !text.contains("\\u{1b}") && !text.contains("\\u{9b}"),
            "{text}"
        );
        assert!(
            matches!(&blocks[0], Block::Paragraph(p) if p == "\u{241b}[2J"),
            "{text}"
        );
    }

    #[test]
    fn a_lone_carriage_return_cannot_move_the_cursor() {
        assert_eq!(neutralise("overwritten\rfake"), "overwritten fake");
    }

    /// The check by character alone, as `is_clean` was before it walked only the chunks
    /// that are not printable ASCII.
    fn clean_by_chars(text: &str) -> bool {
        let trimmed = !text.starts_with(' ') && !text.ends_with(' ');
        let mut after_space = false;
        trimmed
            && text.chars().all(|c| {
                let inert = match c {
                    ' ' => !after_space,
                    '!'..='~' => true,
                    _ if c.is_ascii() => false,
                    _ => shows_as_itself(c),
                };
                after_space = c == ' ';
                inert
            })
    }

    proptest::proptest! {
        /// Chunk by chunk, or by character, the same answer: texts are long runs of ASCII
        /// with spaces, chars outside it and controls at and across the chunks' edges.
        #[test]
        fn the_chunked_check_agrees_with_the_walk_by_character(
            pieces in proptest::collection::vec(
                proptest::sample::select(&[
                    "a", " ", "  ", "\u{e9}", "\u{2019}", "\u{1f600}", "\u{200b}", "\u{1b}",
                    "\t", "\u{7f}", "\u{85}", "xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx", "y y y y y y y y y y y",
                ][..]),
                0..24,
            ),
        ) {
            let text: String = pieces.concat();
            proptest::prop_assert_eq!(is_clean(&text), clean_by_chars(&text), "{:?}", text);
        }

        /// What neutralise returns is clean: neutralising it again changes nothing, so
        /// the one-pass check and the rewrite agree on every string.
        #[test]
        fn neutralised_text_is_a_fixed_point(text in "(\\PC|[ \t\r\n\u{1b}\u{9b}\u{202e}\u{200b}]){0,40}") {
            let once = neutralise(&text).into_owned();
            proptest::prop_assert!(matches!(neutralise(&once), Cow::Borrowed(_)), "{once:?}");
        }
    }

    #[test]
    fn escape_sequences_become_visible() {
        assert_eq!(neutralise("a\u{1b}[31mred"), "a\u{241b}[31mred");
        assert_eq!(
            neutralise("title\u{1b}]0;pwned\u{7}"),
            "title\u{241b}]0;pwned\u{2407}"
        );
        assert_eq!(neutralise("8-bit \u{9b}2J"), "8-bit <U+009B>2J");
    }

    #[test]
    fn bidi_overrides_and_zero_width_spaces_become_visible() {
        assert_eq!(neutralise("abc\u{202e}def"), "abc<U+202E>def");
        assert_eq!(neutralise("a\u{200b}b"), "a<U+200B>b");
    }

    #[test]
    fn layout_whitespace_folds_to_single_spaces() {
        assert_eq!(neutralise("  one\n two\t\tthree \r\n"), "one two three");
    }

    #[test]
    fn invisible_format_characters_become_visible() {
        assert_eq!(neutralise("soft\u{ad}hyphen"), "soft<U+00AD>hyphen");
        assert_eq!(neutralise("tag\u{e0041}\u{e007f}"), "tag<U+E0041><U+E007F>");
        assert_eq!(neutralise("line\u{2028}para\u{2029}end"), "line para end");
        assert_eq!(neutralise("\u{10ffff}"), "<U+10FFFF>");
    }

    /// Every code point there is, alone and in text: nothing of the categories that move
    /// the cursor or hide text is left, and what comes out is already clean.
    #[test]
    fn no_code_point_gets_through_that_a_terminal_would_act_on() {
        use unicode_general_category::{GeneralCategory, get_general_category};
        for code in 0..=0x10FFFFu32 {
            let Some(c) = char::from_u32(code) else {
                continue;
            };
            let text = format!("a{c}b");
            let out = neutralise(&text);
            for d in out.chars() {
                let category = get_general_category(d);
                let dangerous = matches!(
                    category,
                    GeneralCategory::Control
                        | GeneralCategory::Format
                        | GeneralCategory::Unassigned
                        | GeneralCategory::LineSeparator
                        | GeneralCategory::ParagraphSeparator
                ) && d != '\u{200d}';
                assert!(
                    !dangerous,
                    "U+{code:04X} left {d:?} ({category:?}) in {out:?}"
                );
            }
            assert!(
                matches!(neutralise(&out), Cow::Borrowed(_)),
                "U+{code:04X}: {out:?} is not clean"
            );
        }
    }

    #[test]
    fn emoji_sequences_and_accents_survive() {
        let family = "caf\u{e9} \u{1f468}\u{200d}\u{1f469}\u{200d}\u{1f467}";
        assert_eq!(neutralise(family), family);
    }
}

/// Applies [`neutralise`] to every string a type holds.
pub trait Neutralise {
    fn neutralise(&mut self);
}

impl Neutralise for String {
    fn neutralise(&mut self) {
        neutralise_in_place(self);
    }
}

impl<T: Neutralise> Neutralise for Vec<T> {
    fn neutralise(&mut self) {
        self.iter_mut().for_each(Neutralise::neutralise);
    }
}

impl<T: Neutralise> Neutralise for Option<T> {
    fn neutralise(&mut self) {
        if let Some(value) = self {
            value.neutralise();
        }
    }
}

/// Lists every string field of a struct once, so adding a field is one line.
macro_rules! neutralise_fields {
    ($($ty:ty => $($field:ident),+;)+) => {$(
        impl Neutralise for $ty {
            fn neutralise(&mut self) {
                $(self.$field.neutralise();)+
            }
        }
    )+};
}

use crate::model::{
    Area, Assessment, Block, Catalogue, CatalogueTheme, Comparator, Cycle, CycleArea, Figure,
    Finding, Force, GlossaryTerm, Quote, Recommendation, RecurringIssue, SourceDocument, SourceRef,
    Table, Theme, ThemeYear, VocabularyTerm,
};

neutralise_fields! {
    VocabularyTerm => key, expansions, source;
    Force => id, name, assessments, themes, recurring;
    Assessment => id, title, framework, published, sources, status, summary, source, findings, areas;
    Area => id, title, short_title, summary, source, findings;
    Finding => id, title, body, recommendations, figures, quotes, notes, source;
    Recommendation => id, text, source;
    Table => caption, columns, rows, notes;
    Figure => label, unit, qualifier, period, comparator, source, series;
    Comparator => label, period;
    Quote => text, by;
    SourceRef => file;
    SourceDocument => file, title, publisher, published, url;
    Theme => id, title, years;
    ThemeYear => assessment, status, summary, nodes;
    RecurringIssue => id, title, theme, note, nodes;
    GlossaryTerm => term, aliases, definition, source;
    Catalogue => themes, cycles;
    CatalogueTheme => id, title;
    Cycle => id, title, frameworks, source, note, areas;
    CycleArea => id, theme, question, titles, ids, source;
}

impl Neutralise for Block {
    fn neutralise(&mut self) {
        match self {
            Block::Paragraph(text) => text.neutralise(),
            Block::Bullets(items) => items.neutralise(),
            Block::Table(table) => table.neutralise(),
        }
    }
}

use super::schema::{
    AreaFile, AssessmentFile, ForceFile, GlossaryFile, SourcesFile, ThemesFile, VocabularyFile,
};

neutralise_fields! {
    SourcesFile => sources;
    GlossaryFile => terms;
    VocabularyFile => terms;
    ForceFile => id, name, assessments;
    ThemesFile => themes, recurring;
    AssessmentFile => id, title, framework, published, sources, status, summary, source, areas, findings;
    AreaFile => id, title, short_title, summary, source, findings;
}
