//! Content files may come from anyone. Every string is made inert here, at load, so no
//! control character, escape sequence or bidi override ever reaches a terminal, the
//! clipboard or command-line output: each is replaced by a visible stand-in.

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
        if matches!(c, ' ' | '\t' | '\n' | '\r') {
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

/// Whether `neutralise` would leave `text` as it is: one pass, with printable ASCII (nearly
/// all of the content) decided without the full table.
fn is_clean(text: &str) -> bool {
    if text.starts_with(' ') || text.ends_with(' ') {
        return false;
    }
    let mut after_space = false;
    for c in text.chars() {
        let inert = match c {
            ' ' => !after_space,
            '!'..='~' => true,
            _ if c.is_ascii() => false,
            _ => visible_stand_in(c).is_none(),
        };
        if !inert {
            return false;
        }
        after_space = c == ' ';
    }
    true
}

/// In place, for the loader's walk over the model.
pub fn neutralise_in_place(text: &mut String) {
    if let Cow::Owned(clean) = neutralise(text) {
        *text = clean;
    }
}

fn visible_stand_in(c: char) -> Option<String> {
    let code = c as u32;
    match code {
        // C0 controls (tab, newline and carriage return are folded to spaces instead).
        0x00..=0x08 | 0x0B | 0x0C | 0x0E..=0x1F => char::from_u32(0x2400 + code).map(String::from),
        0x7F => Some("\u{2421}".to_owned()),
        // C1 controls, including the 8-bit CSI (0x9B) and OSC (0x9D).
        0x80..=0x9F => Some(format!("<U+{code:04X}>")),
        // Bidi embeddings, overrides, isolates and marks; zero-width spaces and the BOM.
        // The zero-width joiner (U+200D) stays: emoji sequences need it and it moves nothing.
        0x061C
        | 0x200B
        | 0x200C
        | 0x200E
        | 0x200F
        | 0x202A..=0x202E
        | 0x2060
        | 0x2066..=0x2069
        | 0xFEFF => Some(format!("<U+{code:04X}>")),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn plain_text_is_borrowed_unchanged() {
        assert!(matches!(
            neutralise("Jigsaw teams"),
            Cow::Borrowed("Jigsaw teams")
        ));
    }

    #[test]
    fn a_lone_carriage_return_cannot_move_the_cursor() {
        assert_eq!(neutralise("overwritten\rfake"), "overwritten fake");
    }

    proptest::proptest! {
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
    Block, Comparator, Figure, Finding, GlossaryTerm, Quote, Recommendation, RecurringIssue,
    SourceDocument, SourceRef, Table, Theme, ThemeYear,
};

neutralise_fields! {
    Finding => id, title, body, recommendations, figures, quotes, notes, source;
    Recommendation => id, text, source;
    Table => caption, columns, rows, notes;
    Figure => label, unit, qualifier, period, comparator, source, series;
    Comparator => label, period;
    Quote => text, by;
    SourceRef => file;
    SourceDocument => file, title, publisher, published;
    Theme => id, title, years;
    ThemeYear => assessment, status, summary, nodes;
    RecurringIssue => id, title, theme, note, nodes;
    GlossaryTerm => term, aliases, definition, source;
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

use super::schema::{AreaFile, AssessmentFile, ForceFile, GlossaryFile, SourcesFile, ThemesFile};

neutralise_fields! {
    SourcesFile => sources;
    GlossaryFile => terms;
    ForceFile => id, name, assessments;
    ThemesFile => themes, recurring;
    AssessmentFile => id, title, framework, published, sources, status, summary, source, areas, findings;
    AreaFile => id, title, short_title, summary, source, findings;
}
