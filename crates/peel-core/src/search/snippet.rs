//! A short window of a passage around its match, with the highlights moved to match.

/// Part of a passage: `highlights` are char indices into `text`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Snippet {
    pub text: String,
    pub highlights: Vec<usize>,
    pub cut_before: bool,
    pub cut_after: bool,
}

/// About `width` chars of `text`, starting a little before the first highlight (at a word
/// boundary where there is one), so the match is visible in a one-line result.
pub fn snippet(text: &str, highlights: &[usize], width: usize) -> Snippet {
    let chars: Vec<char> = text.chars().collect();
    let width = width.max(1);
    let first = highlights.first().copied().unwrap_or(0).min(chars.len());
    let lead = (width / 4).min(first);
    let mut start = first - lead;
    // Back up to the start of a word, but never past the lead room (the limit is at least
    // 0, so `start - 1` is in bounds).
    while start > first.saturating_sub(lead + 8) && !chars[start - 1].is_whitespace() {
        start -= 1;
    }
    if start > 0 && !chars[start - 1].is_whitespace() {
        start = first - lead;
    }
    let mut end = (start + width).min(chars.len());
    // End at a word's end where one is near, so a cut never splits a word.
    if end < chars.len() && !chars[end].is_whitespace() {
        let last_match = highlights.last().map_or(start, |&h| h + 1);
        if let Some(space) = (start.max(last_match)..end)
            .rev()
            .take(16)
            .find(|&i| chars[i].is_whitespace())
        {
            end = space;
        }
    }
    Snippet {
        text: chars[start..end].iter().collect(),
        highlights: highlights
            .iter()
            .filter(|&&i| i >= start && i < end)
            .map(|i| i - start)
            .collect(),
        cut_before: start > 0,
        cut_after: end < chars.len(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_match_is_inside_the_window() {
        let text = "a long paragraph that eventually mentions the Jigsaw teams near its end";
        let start = text.find("Jigsaw").unwrap();
        let highlights: Vec<usize> = (start..start + 6).collect();
        let s = snippet(text, &highlights, 30);
        assert!(s.text.contains("Jigsaw"), "{s:?}");
        let shown: String = s
            .highlights
            .iter()
            .map(|&i| s.text.chars().nth(i).unwrap())
            .collect();
        assert_eq!(shown, "Jigsaw");
        assert!(s.cut_before);
    }

    #[test]
    fn a_cut_end_falls_between_words() {
        let text = "managing registered sex offenders in the community, to make sure that it has oversight";
        let s = snippet(text, &[0], 60);
        assert!(s.cut_after);
        assert!(text[s.text.len()..].starts_with(' '), "{:?}", s.text);
    }

    #[test]
    fn wide_characters_and_empty_text_are_fine() {
        let s = snippet("日本語のテキスト", &[3], 4);
        assert_eq!(s.text.chars().nth(s.highlights[0]), Some('の'));
        let empty = snippet("", &[], 10);
        assert_eq!(empty.text, "");
    }

    fn chars_of(s: &Snippet) -> String {
        s.highlights
            .iter()
            .map(|&i| s.text.chars().nth(i).unwrap())
            .collect()
    }

    fn highlight(text: &str, word: &str) -> Vec<usize> {
        let at = text[..text.find(word).unwrap()].chars().count();
        (at..at + word.chars().count()).collect()
    }

    #[test]
    fn the_window_starts_a_quarter_width_before_the_match_at_a_word_start() {
        let text = "alpha beta gamma delta epsilon Jigsaw zeta";
        let s = snippet(text, &highlight(text, "Jigsaw"), 20);
        // A lead of 5 lands inside `epsilon`; the window backs up to where it begins.
        assert_eq!(s.text, "epsilon Jigsaw zeta");
        assert_eq!(chars_of(&s), "Jigsaw");
        assert!(s.cut_before);
        assert!(!s.cut_after, "the window reaches the end of the text");
    }

    #[test]
    fn backing_up_to_a_word_start_stops_eight_chars_past_the_lead() {
        // `Jigsaw` is at 32, the lead point at 27. A word starting 8 before that (19) is
        // reached; one starting 9 before (18) is not, and the window starts mid-word.
        let reached = format!("{} {} Jigsaw", "a".repeat(18), "b".repeat(12));
        let s = snippet(&reached, &highlight(&reached, "Jigsaw"), 20);
        assert_eq!(s.text, format!("{} Jigsaw", "b".repeat(12)));

        let too_far = format!("{} {} Jigsaw", "a".repeat(17), "b".repeat(13));
        let s = snippet(&too_far, &highlight(&too_far, "Jigsaw"), 20);
        assert_eq!(s.text, "bbbb Jigsaw");
        assert_eq!(chars_of(&s), "Jigsaw");
        assert!(s.cut_before);
    }

    #[test]
    fn a_match_at_the_start_is_not_cut_before() {
        let text = "Jigsaw teams manage registered sex offenders";
        let s = snippet(text, &highlight(text, "Jigsaw"), 60);
        assert_eq!(s.text, text);
        assert_eq!(s.highlights, (0..6).collect::<Vec<_>>());
        assert!(!s.cut_before && !s.cut_after);
    }

    #[test]
    fn a_cut_end_never_drops_the_last_highlighted_character() {
        // A phrase match can end on a space; the window must not end there and lose it.
        let s = snippet("ab cdefghij", &[2], 6);
        assert_eq!(s.text, "ab cde");
        assert_eq!(s.highlights, [2]);
        assert!(s.cut_after);
    }
}
