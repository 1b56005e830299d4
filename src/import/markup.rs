//! The report's text, one line at a time: what each line is (a heading, a bold line, a
//! bullet, a table row, a paragraph) and its words with the mark-up of the web page and
//! its conversion removed, as the content's transcription rules say (`[term](#)` becomes
//! `term`, `**` and `<b>` go, whitespace folds).

/// One line of the source, numbered from 1 as provenance cites it.
#[derive(Debug, Clone, PartialEq)]
pub struct Line {
    pub number: u32,
    pub kind: LineKind,
    /// The words, mark-up removed; empty for a blank line.
    pub text: String,
    /// Terms the line links to the report's glossary (`[term](#)`), in order.
    pub terms: Vec<String>,
    /// Some of the line is in bold (the contents mark areas so).
    pub raw_bold: bool,
}

#[derive(Debug, Clone, PartialEq)]
pub enum LineKind {
    Blank,
    /// `#` … `######`; `bold` when the whole heading is in `**`.
    Heading {
        level: u8,
        bold: bool,
    },
    /// A line wholly in bold and not a heading: the 2023–25 report's run-in headings, figure
    /// captions, signatures.
    Bold,
    Bullet,
    /// Tab-separated cells, as tables read when copied from the page.
    Row(Vec<String>),
    Text,
}

impl Line {
    pub fn is_blank(&self) -> bool {
        self.kind == LineKind::Blank
    }
}

/// Every line of `text`, classified.
pub fn lines(text: &str) -> Vec<Line> {
    text.split('\n')
        .enumerate()
        .map(|(index, raw)| classify(u32::try_from(index + 1).unwrap_or(u32::MAX), raw))
        .collect()
}

fn classify(number: u32, raw: &str) -> Line {
    let raw = raw.trim_end_matches('\r');
    let raw_bold = raw.contains("**") || raw.contains("<b>");
    let line = |kind, raw: &str| {
        let (text, terms) = clean(raw);
        Line {
            number,
            kind,
            text,
            terms,
            raw_bold,
        }
    };
    let trimmed = raw.trim();
    if trimmed.is_empty() {
        return line(LineKind::Blank, "");
    }
    if raw.contains('\t') && !trimmed.starts_with('#') {
        let cells: Vec<String> = raw.split('\t').map(|cell| clean(cell).0).collect();
        let mut terms = Vec::new();
        for cell in raw.split('\t') {
            terms.extend(clean(cell).1);
        }
        return Line {
            number,
            kind: LineKind::Row(cells),
            text: clean(trimmed).0,
            terms,
            raw_bold,
        };
    }
    let hashes = trimmed.chars().take_while(|&c| c == '#').count();
    if (1..=6).contains(&hashes) && trimmed[hashes..].starts_with(' ') {
        let rest = trimmed[hashes..].trim();
        return line(
            LineKind::Heading {
                level: hashes as u8,
                bold: is_wholly_bold(rest),
            },
            rest,
        );
    }
    if let Some(item) = trimmed
        .strip_prefix("- ")
        .or_else(|| trimmed.strip_prefix("• "))
        .or_else(|| trimmed.strip_prefix("* "))
    {
        return line(LineKind::Bullet, item);
    }
    if is_wholly_bold(trimmed) {
        return line(LineKind::Bold, trimmed);
    }
    line(LineKind::Text, trimmed)
}

/// `**…**` or `<b>…</b>` around the whole line, with something inside.
fn is_wholly_bold(text: &str) -> bool {
    let inner = text
        .strip_prefix("**")
        .and_then(|t| t.strip_suffix("**"))
        .or_else(|| {
            text.strip_prefix("<b>")
                .and_then(|t| t.strip_suffix("</b>"))
        });
    inner.is_some_and(|inner| !inner.trim().is_empty())
}

/// The words of a piece of the page: links become their text (glossary links, `(#)`, are
/// collected as terms), emphasis and escapes go, and whitespace folds to single spaces.
pub fn clean(raw: &str) -> (String, Vec<String>) {
    let mut out = String::with_capacity(raw.len());
    let mut terms = Vec::new();
    let mut rest = raw;
    while let Some(open) = rest.find('[') {
        let Some((label, target, after)) = link_at(&rest[open..]) else {
            out.push_str(&rest[..=open]);
            rest = &rest[open + 1..];
            continue;
        };
        out.push_str(&rest[..open]);
        let label = unescape(label);
        if target == "#" && !label.trim().is_empty() {
            terms.push(fold(&strip_emphasis(&label)));
        }
        out.push_str(&label);
        rest = after;
    }
    out.push_str(rest);
    (fold(&strip_emphasis(&unescape(&out))), terms)
}

/// `[label](target)` at the start of `text`: the label, the target and what follows.
fn link_at(text: &str) -> Option<(&str, &str, &str)> {
    let mut depth = 0usize;
    let mut escaped = false;
    for (at, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' => escaped = true,
            '[' => depth += 1,
            ']' => {
                depth -= 1;
                if depth == 0 {
                    let label = &text[1..at];
                    let after = text[at + 1..].strip_prefix('(')?;
                    let close = after.find(')')?;
                    let target = &after[..close];
                    if target.contains(char::is_whitespace) {
                        return None;
                    }
                    return Some((label, target, &after[close + 1..]));
                }
            }
            _ => {}
        }
    }
    None
}

fn unescape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut chars = text.chars().peekable();
    while let Some(c) = chars.next() {
        if c == '\\'
            && let Some(&next) = chars.peek()
            && "()[]*_#.-".contains(next)
        {
            out.push(next);
            chars.next();
            continue;
        }
        out.push(c);
    }
    out
}

fn strip_emphasis(text: &str) -> String {
    text.replace("**", "")
        .replace("<b>", "")
        .replace("</b>", "")
}

pub fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn glossary_links_become_their_terms() {
        let (text, terms) = clean(
            "the [Police National Database \\(PND\\)](#) is used; see [our site](https://x.org)",
        );
        assert_eq!(
            text,
            "the Police National Database (PND) is used; see our site"
        );
        assert_eq!(terms, ["Police National Database (PND)"]);
    }

    #[test]
    fn brackets_that_are_not_links_stay() {
        assert_eq!(
            clean("a [note] and [x](two words)").0,
            "a [note] and [x](two words)"
        );
    }

    #[test]
    fn lines_are_told_apart() {
        let kinds: Vec<LineKind> = lines(
            "# Title\n## **Bold heading**\n\n**Run-in heading here**\n- item\n  • item\na\tb\ntext",
        )
        .into_iter()
        .map(|l| l.kind)
        .collect();
        assert_eq!(
            kinds,
            [
                LineKind::Heading {
                    level: 1,
                    bold: false
                },
                LineKind::Heading {
                    level: 2,
                    bold: true
                },
                LineKind::Blank,
                LineKind::Bold,
                LineKind::Bullet,
                LineKind::Bullet,
                LineKind::Row(vec!["a".into(), "b".into()]),
                LineKind::Text,
            ]
        );
    }

    #[test]
    fn headings_lose_their_marks() {
        let line = &lines("### **The force needs to improve**")[0];
        assert_eq!(line.text, "The force needs to improve");
        assert_eq!(line.number, 1);
    }
}
