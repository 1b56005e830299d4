//! A report saved as an HTML page, turned into the same text the importer reads from a
//! copied page: headings as `#` lines, paragraphs and list items as lines, table rows as
//! tab-separated cells, glossary links as `[term](#)`. html5ever (through `scraper`) parses
//! the page as a browser would, so broken or hostile mark-up cannot confuse the importer.
//! The text made here is what is shipped in `sources/` and cited by line. The page's tree
//! is walked with a stack of its own, never by recursion, so no nesting can exhaust the
//! call stack (and `html_parse` refuses a page nested beyond a browser's depth).

pub use super::html_parse::{MAX_DEPTH, TooDeep};
use scraper::{ElementRef, Node};

/// Elements whose content is not the report's text.
const SKIPPED: &[&str] = &[
    "head", "script", "style", "noscript", "template", "svg", "iframe", "object", "nav", "button",
    "form", "select", "input", "textarea", "canvas", "video", "audio", "map",
];

/// Elements that end a line of text.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "body",
    "dd",
    "details",
    "div",
    "dl",
    "dt",
    "fieldset",
    "figure",
    "footer",
    "header",
    "hr",
    "html",
    "main",
    "ol",
    "pre",
    "section",
    "summary",
    "ul",
    "table",
    "thead",
    "tbody",
    "tfoot",
];

/// Does this look like an HTML page rather than text?
pub fn is_html(text: &str) -> bool {
    let head: String = text
        .trim_start_matches('\u{feff}')
        .trim_start()
        .chars()
        .take(512)
        .collect::<String>()
        .to_lowercase();
    head.starts_with("<!doctype html")
        || head.starts_with("<html")
        || head.starts_with("<?xml") && head.contains("<html")
        || (head.starts_with('<')
            && (head.contains("<body") || head.contains("<h1") || head.contains("<p>")))
}

/// The page's text, one block per line with a blank line between blocks.
pub fn to_text(html: &str) -> Result<String, TooDeep> {
    let document = super::html_parse::parse(html)?;
    let mut out = Writer::default();
    out.walk(document.root_element());
    Ok(out.finish())
}

/// The page's own address: its `<link rel="canonical">`, else its `og:url`, where it is a
/// web address (anything else is not an address a reader could follow, and is left out).
pub fn page_url(html: &str) -> Option<String> {
    let document = super::html_parse::parse(html).ok()?;
    let pick = |selector: &str, attribute: &str| {
        let selector = scraper::Selector::parse(selector).ok()?;
        document
            .select(&selector)
            .filter_map(|e| e.value().attr(attribute))
            .map(str::trim)
            .find(|url| crate::content::is_web_address(url))
            .map(str::to_owned)
    };
    pick(r#"link[rel~="canonical"]"#, "href")
        .or_else(|| pick(r#"meta[property="og:url"]"#, "content"))
}

/// What is left to do in the walk of the page: a node to write, or the end of a block
/// element whose children have all been written.
enum Step<'a> {
    Node(NodeRef<'a>),
    EndBlock { list: bool },
}

/// A node of the page's tree (scraper's `ego_tree` node, named through `ElementRef`).
type NodeRef<'a> = <ElementRef<'a> as std::ops::Deref>::Target;

#[derive(Default)]
struct Writer {
    lines: Vec<String>,
    inline: String,
}

impl Writer {
    fn finish(mut self) -> String {
        self.end_block();
        let mut text = String::new();
        let mut blank = true;
        for line in self.lines {
            if line.is_empty() {
                if !blank {
                    text.push('\n');
                }
                blank = true;
                continue;
            }
            text.push_str(&line);
            text.push('\n');
            blank = false;
        }
        while text.ends_with("\n\n") {
            text.pop();
        }
        text
    }

    /// Ends the line being gathered, if it has any words.
    fn end_block(&mut self) {
        let line = fold(&self.inline);
        self.inline.clear();
        if !line.is_empty() {
            self.lines.push(line);
            self.lines.push(String::new());
        }
    }

    fn push_line(&mut self, line: String, separate: bool) {
        self.end_block();
        if line.trim().is_empty() {
            return;
        }
        self.lines.push(line);
        if separate {
            self.lines.push(String::new());
        }
    }

    /// Writes the element and everything in it, in document order.
    fn walk(&mut self, root: ElementRef) {
        let mut stack = vec![Step::Node(*root)];
        while let Some(step) = stack.pop() {
            let node = match step {
                Step::EndBlock { list } => {
                    self.end_block();
                    if list {
                        self.lines.push(String::new());
                    }
                    continue;
                }
                Step::Node(node) => node,
            };
            if let Node::Text(text) = node.value() {
                self.inline.push_str(text);
                continue;
            }
            let Some(element) = ElementRef::wrap(node) else {
                continue;
            };
            let name = element.value().name();
            if SKIPPED.contains(&name) {
                continue;
            }
            match name {
                "h1" | "h2" | "h3" | "h4" | "h5" | "h6" => {
                    let level = usize::from(name.as_bytes()[1] - b'0');
                    let text = inline_text(element);
                    self.push_line(format!("{} {text}", "#".repeat(level)), true);
                }
                "p" | "caption" | "figcaption" => {
                    let text = inline_text(element);
                    let bold = name != "p" || is_all_bold(element);
                    let line = if bold && !text.is_empty() {
                        format!("**{text}**")
                    } else {
                        text
                    };
                    self.push_line(line, true);
                }
                "li" => {
                    let text = inline_text(element);
                    self.push_line(format!("- {text}"), false);
                }
                "tr" => {
                    let cells: Vec<String> = element
                        .child_elements()
                        .filter(|c| matches!(c.value().name(), "td" | "th"))
                        .map(|c| inline_text(c).replace('\t', " "))
                        .collect();
                    if cells.iter().any(|c| !c.is_empty()) {
                        self.push_line(cells.join("\t"), false);
                    }
                }
                "br" => self.end_block(),
                _ => {
                    if BLOCKS.contains(&name) {
                        self.end_block();
                        stack.push(Step::EndBlock {
                            list: matches!(name, "ul" | "ol" | "table"),
                        });
                    }
                    stack.extend(node.children().rev().map(Step::Node));
                }
            }
        }
    }
}

/// The words inside an element; a link to `#…` (the report's glossary) is kept as
/// `[term](#)` so the importer collects the term.
fn inline_text(element: ElementRef) -> String {
    let mut out = String::new();
    gather(element, &mut out);
    fold(&out)
}

/// What is left to do in gathering an element's words: a node to add, or the end of a
/// glossary link whose words began at this length of the text gathered.
enum Gather<'a> {
    Node(NodeRef<'a>),
    EndLink { from: usize },
}

fn gather(element: ElementRef, out: &mut String) {
    let mut stack: Vec<Gather> = element.children().rev().map(Gather::Node).collect();
    while let Some(step) = stack.pop() {
        let child = match step {
            Gather::EndLink { from } => {
                let inner = fold(&out[from..]).replace(['[', ']'], "");
                out.truncate(from);
                if !inner.is_empty() {
                    out.push_str(&format!("[{inner}](#)"));
                }
                continue;
            }
            Gather::Node(child) => child,
        };
        match child.value() {
            Node::Text(text) => out.push_str(text),
            Node::Element(e) if SKIPPED.contains(&e.name()) => {}
            Node::Element(e) if e.name() == "br" => out.push(' '),
            Node::Element(e) => {
                let glossary =
                    e.name() == "a" && e.attr("href").is_some_and(|h| h.starts_with('#'));
                if glossary {
                    stack.push(Gather::EndLink { from: out.len() });
                }
                stack.extend(child.children().rev().map(Gather::Node));
            }
            _ => {}
        }
    }
}

/// A paragraph whose words are all inside `<strong>`/`<b>`: a run-in heading.
fn is_all_bold(element: ElementRef) -> bool {
    let (mut all, mut bold) = (String::new(), String::new());
    let mut stack: Vec<(NodeRef, bool)> = element.children().rev().map(|c| (c, false)).collect();
    while let Some((node, in_bold)) = stack.pop() {
        match node.value() {
            Node::Text(text) => {
                all.push_str(text);
                if in_bold {
                    bold.push_str(text);
                }
            }
            Node::Element(e) => {
                let in_bold = in_bold || matches!(e.name(), "strong" | "b");
                stack.extend(node.children().rev().map(|c| (c, in_bold)));
            }
            _ => {}
        }
    }
    let all = fold(&all);
    !all.is_empty() && fold(&bold) == all
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_page_becomes_the_text_the_importer_reads() {
        let html = r##"<!DOCTYPE html><html><head><title>x</title><script>alert(1)</script></head>
        <body><nav><a href="/">Home</a></nav>
        <h1>Investigating crime</h1><h2>Inadequate</h2>
        <p>The force is <a href="#g">inadequate</a> at
           investigating crime.</p>
        <p><strong>The force doesn't allocate well</strong></p>
        <ul><li>one;</li><li>two.</li></ul>
        <table><caption>Figure 4: Outcomes</caption><tr><th>Type</th><th>Rate</th></tr>
        <tr><td>1 – Charged</td><td>3.1%</td></tr></table>
        </body></html>"##;
        assert!(is_html(html));
        assert_eq!(
            to_text(html).unwrap(),
            "# Investigating crime\n\n## Inadequate\n\nThe force is [inadequate](#) at investigating crime.\n\n\
             **The force doesn't allocate well**\n\n- one;\n- two.\n\n**Figure 4: Outcomes**\n\n\
             Type\tRate\n1 – Charged\t3.1%\n"
        );
    }

    #[test]
    fn text_is_not_taken_for_a_page() {
        assert!(!is_html("# PEEL 2023–25\n\nAn inspection of <b>x</b>"));
        assert!(is_html("\u{feff}  <HTML><body><p>x</p></body></html>"));
    }
}
