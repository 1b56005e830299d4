//! Fitting text into cells: wrap at word boundaries, and where something must be shortened,
//! cut at a word boundary with an ellipsis. Widths are terminal cells, not bytes or chars.

use unicode_width::{UnicodeWidthChar, UnicodeWidthStr};

pub fn width(text: &str) -> usize {
    text.width()
}

/// `text` wrapped to `width` cells; words longer than a line are broken. Never empty.
pub fn wrap(text: &str, width: usize) -> Vec<String> {
    wrap_indented(text, width, "", "")
}

/// As `wrap`, with `first` before the first line and `rest` before the others.
pub fn wrap_indented(text: &str, width: usize, first: &str, rest: &str) -> Vec<String> {
    let options = textwrap::Options::new(width.max(1))
        .initial_indent(first)
        .subsequent_indent(rest)
        // Lines end at spaces only: ids, filters and grade keys (`grade:requires-improvement`,
        // `causes of concern/recommendations`) read as one word, never split at a hyphen or
        // a slash (the Unicode line-break rules would); a word too long for a line is cut.
        .word_separator(textwrap::WordSeparator::AsciiSpace)
        .word_splitter(textwrap::WordSplitter::NoHyphenation)
        .break_words(true);
    let lines: Vec<String> = textwrap::wrap(text, options)
        .into_iter()
        .map(|line| line.into_owned())
        .collect();
    if lines.is_empty() {
        vec![first.to_owned()]
    } else {
        lines
    }
}

/// At most `max_lines` lines of `text` wrapped to `width`; when text is left over, the last
/// line ends at a word boundary with `ellipsis`.
pub fn wrap_at_most(text: &str, width: usize, max_lines: usize, ellipsis: &str) -> Vec<String> {
    let mut lines = wrap(text, width);
    if lines.len() > max_lines.max(1) {
        lines.truncate(max_lines.max(1));
        if let Some(last) = lines.last_mut() {
            *last = if self::width(last) + self::width(ellipsis) <= width {
                format!("{last}{ellipsis}")
            } else {
                // Too long for the ellipsis too: cut back to the last word that leaves room.
                shorten(&format!("{last} {}", "x".repeat(width)), width, ellipsis)
            };
        }
    }
    lines
}

/// `text` in at most `width` cells: unchanged when it fits, else cut at the last word
/// boundary that leaves room for `ellipsis` (mid-word only when one word is all there is).
pub fn shorten(text: &str, width: usize, ellipsis: &str) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let room = width.saturating_sub(ellipsis.width());
    let mut cut = 0;
    let mut used = 0;
    let mut last_break = None;
    for (index, c) in text.char_indices() {
        let w = c.width().unwrap_or(0);
        if used + w > room {
            break;
        }
        if c == ' ' {
            last_break = Some(index);
        }
        used += w;
        cut = index + c.len_utf8();
    }
    let kept = match last_break {
        Some(index) if index > 0 => text[..index].trim_end(),
        _ => &text[..cut],
    };
    if width < ellipsis.width() {
        return String::new();
    }
    format!("{kept}{ellipsis}")
}

/// `text` followed by spaces to `width` cells.
pub fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}

/// The end of `text` that fits `width` cells (the cursor end of a long prompt).
pub fn tail(text: &str, width: usize) -> String {
    let mut used = 0;
    let mut start = text.len();
    for (index, c) in text.char_indices().rev() {
        let w = c.width().unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        start = index;
    }
    text[start..].to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_end_at_spaces_never_inside_a_hyphenated_or_slashed_word() {
        assert_eq!(
            wrap("see grade:requires-improvement now", 26),
            ["see", "grade:requires-improvement", "now"]
        );
        assert_eq!(
            wrap("counts: causes of concern/recommendations/areas", 30),
            ["counts: causes of", "concern/recommendations/areas"]
        );
        assert_eq!(
            wrap("an inconsistent problem-solving", 22),
            ["an inconsistent", "problem-solving"]
        );
    }

    #[test]
    fn shortening_cuts_at_a_word_with_an_ellipsis() {
        assert_eq!(
            shorten("Requires improvement", 30, "…"),
            "Requires improvement"
        );
        assert_eq!(shorten("call handling and more", 15, "…"), "call handling…");
        assert_eq!(shorten("Supercalifragilistic", 8, "…"), "Superca…");
        assert_eq!(shorten("abc def", 2, "..."), "");
    }

    #[test]
    fn widths_count_cells_not_bytes() {
        assert_eq!(shorten("日本語のテキスト", 7, "…"), "日本語…");
        assert_eq!(tail("日本語", 4), "本語");
        assert_eq!(width(&pad("日本", 6)), 6);
    }

    #[test]
    fn wrapping_keeps_every_word_and_indents_the_rest() {
        let lines = wrap_indented("one two three four", 9, "• ", "  ");
        assert_eq!(lines, ["• one two", "  three", "  four"]);
        assert_eq!(wrap("", 10), [""]);
    }

    #[test]
    fn at_most_n_lines_ends_in_an_ellipsis_at_a_word() {
        let lines = wrap_at_most("alpha beta gamma delta epsilon", 11, 2, "…");
        assert_eq!(lines, ["alpha beta", "gamma…"]);
        let lines = wrap_at_most("alpha beta gamma delta", 12, 1, "...");
        assert_eq!(lines, ["alpha..."]);
        let lines = wrap_at_most("alpha beta gamma", 13, 1, "...");
        assert_eq!(lines, ["alpha beta..."]);
    }
}
