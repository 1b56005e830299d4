//! The lines a quotation stands at. The model cites a node's whole range; where peel can
//! read the source text, a quoted paragraph (or list) cites its own lines within it, found
//! by its words. Where the text is not found as it is, the node's range stands.

use super::Citation;
use std::cell::RefCell;
use std::collections::HashMap;
use std::rc::Rc;

/// Reads a source document's text by its file name, where peel has it.
pub type SourceText<'a> = Box<dyn Fn(&str) -> Option<String> + 'a>;

/// Source texts read once each, as lines of plain words.
#[derive(Default)]
pub struct Sources<'a> {
    read: Option<SourceText<'a>>,
    seen: RefCell<HashMap<String, Option<Rc<Vec<String>>>>>,
}

impl<'a> Sources<'a> {
    pub fn new(read: Option<SourceText<'a>>) -> Self {
        Sources {
            read,
            seen: RefCell::default(),
        }
    }

    fn lines(&self, file: &str) -> Option<Rc<Vec<String>>> {
        let read = self.read.as_ref()?;
        self.seen
            .borrow_mut()
            .entry(file.to_owned())
            .or_insert_with(|| {
                read(file).map(|text| Rc::new(text.split('\n').map(plain).collect()))
            })
            .clone()
    }

    /// `cite` narrowed to the lines that hold `texts`, in order, within its range.
    pub fn narrow(&self, cite: &Citation, texts: &[String]) -> Citation {
        let Some(lines) = self.lines(&cite.file) else {
            return cite.clone();
        };
        let [first, last] = cite.lines;
        let start = (first as usize).saturating_sub(1);
        let end = (last as usize).min(lines.len());
        let mut at = start;
        let mut found: Option<(usize, usize)> = None;
        for text in texts {
            let wanted = fold(text);
            if wanted.is_empty() || at >= end {
                return cite.clone();
            }
            let Some(offset) = lines[at..end]
                .iter()
                .position(|line| line.contains(&wanted))
            else {
                return cite.clone();
            };
            let line = at + offset;
            found = Some((found.map_or(line, |(a, _)| a), line));
            at = line;
        }
        match found {
            Some((a, b)) => Citation {
                lines: [a as u32 + 1, b as u32 + 1],
                ..cite.clone()
            },
            None => cite.clone(),
        }
    }
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A source line's words, folded for matching a paragraph against its source.
fn plain(line: &str) -> String {
    fold(&source_words(line))
}

/// A source line's words as the content transcribes them: the report's own marks (`#`
/// headings, `- ` and `• ` bullets, `**` and `<b>` bold, `[term](#)` glossary links,
/// `\(` escapes) taken away, whitespace folded. The one statement of the transcription
/// rules, which the fidelity tests use too.
pub fn source_words(line: &str) -> String {
    let mut text = line.replace("\\(", "(").replace("\\)", ")");
    while let Some(start) = text.find("](#)") {
        let Some(open) = text[..start].rfind('[') else {
            break;
        };
        text = format!(
            "{}{}{}",
            &text[..open],
            &text[open + 1..start],
            &text[start + 4..]
        );
    }
    let text = text
        .replace("**", "")
        .replace("<b>", "")
        .replace("</b>", "");
    let text = text.trim_start_matches('#').trim_start();
    let text = text
        .strip_prefix("- ")
        .or_else(|| text.trim_start().strip_prefix("• "))
        .unwrap_or(text);
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn cite(first: u32, last: u32) -> Citation {
        Citation {
            file: "report.txt".into(),
            lines: [first, last],
            document: None,
            url: None,
            press: false,
        }
    }

    #[test]
    fn a_paragraph_cites_its_own_line_and_a_list_its_first_to_last() {
        let text =
            "# Title\n\nOne paragraph with a [term](#) in it.\n\n- first item\n- **second** item\n";
        let sources = Sources::new(Some(Box::new(move |_: &str| Some(text.to_owned()))));
        let one = sources.narrow(&cite(1, 6), &["One paragraph with a term in it.".into()]);
        assert_eq!(one.lines, [3, 3]);
        let list = sources.narrow(&cite(1, 6), &["first item".into(), "second item".into()]);
        assert_eq!(list.lines, [5, 6]);
        // Not within the range, or not there at all: the node's lines stand.
        assert_eq!(
            sources.narrow(&cite(4, 6), &["One paragraph".into()]).lines,
            [4, 6]
        );
        assert_eq!(
            sources.narrow(&cite(1, 6), &["absent".into()]).lines,
            [1, 6]
        );
        assert_eq!(
            Sources::new(None)
                .narrow(&cite(1, 6), &["first item".into()])
                .lines,
            [1, 6]
        );
    }
}
