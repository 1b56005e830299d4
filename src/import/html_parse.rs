//! A page parsed as a browser parses it (html5ever, into scraper's tree), refused as soon
//! as its elements nest deeper than `MAX_DEPTH`. The parser's own work per tag grows with
//! the depth of the open elements (100,000 nested `<div>` take it about 40 s), so depth is
//! watched while the page is fed in, a piece at a time, and feeding stops at the first
//! piece that goes too deep: the time spent is linear in the page's size.

use html5ever::tendril::{StrTendril, TendrilSink};
use html5ever::tree_builder::{ElementFlags, NodeOrText, QuirksMode, TreeSink};
use html5ever::{Attribute, QualName};
use scraper::{Html, HtmlTreeSink};
use std::borrow::Cow;
use std::cell::{Cell, RefCell};
use std::collections::HashMap;
use std::rc::Rc;

/// The deepest nesting read. Browsers stop nesting at 512 too (Chromium's parser puts
/// anything deeper beside, not inside); a report's page nests perhaps 30 deep.
pub const MAX_DEPTH: u32 = 512;

/// How much of the page is fed to the parser between looks at the depth.
const PIECE_BYTES: usize = 8 * 1024;

/// The page nests deeper than `MAX_DEPTH`, first at this line of the HTML.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct TooDeep {
    pub line: u64,
}

/// Parses `html` as a document, or says where it nests too deep.
pub fn parse(html: &str) -> Result<Html, TooDeep> {
    let too_deep = Rc::new(Cell::new(None));
    let sink = DepthSink {
        inner: HtmlTreeSink::new(Html::new_document()),
        depth: RefCell::new(HashMap::new()),
        line: Cell::new(1),
        too_deep: too_deep.clone(),
    };
    let mut parser = html5ever::driver::parse_document(sink, Default::default());
    let mut rest = html;
    while !rest.is_empty() {
        let mut end = rest.len().min(PIECE_BYTES);
        while !rest.is_char_boundary(end) {
            end += 1;
        }
        let (piece, after) = rest.split_at(end);
        parser.process(StrTendril::from_slice(piece));
        if let Some(line) = too_deep.get() {
            return Err(TooDeep { line });
        }
        rest = after;
    }
    let document = parser.finish();
    match too_deep.get() {
        Some(line) => Err(TooDeep { line }),
        None => Ok(document),
    }
}

/// scraper's tree sink, with the depth of each node it is given noted on the way.
struct DepthSink {
    inner: HtmlTreeSink,
    depth: RefCell<HashMap<Handle, u32>>,
    line: Cell<u64>,
    too_deep: Rc<Cell<Option<u64>>>,
}

type Handle = <HtmlTreeSink as TreeSink>::Handle;

impl DepthSink {
    fn depth_of(&self, node: &Handle) -> u32 {
        self.depth.borrow().get(node).copied().unwrap_or(0)
    }

    fn placed(&self, child: &NodeOrText<Handle>, depth: u32) {
        if let NodeOrText::AppendNode(node) = child {
            self.depth.borrow_mut().insert(*node, depth);
            if depth > MAX_DEPTH && self.too_deep.get().is_none() {
                self.too_deep.set(Some(self.line.get()));
            }
        }
    }
}

impl TreeSink for DepthSink {
    type Output = Html;
    type Handle = Handle;
    type ElemName<'a> = <HtmlTreeSink as TreeSink>::ElemName<'a>;

    fn finish(self) -> Html {
        self.inner.finish()
    }
    fn parse_error(&self, msg: Cow<'static, str>) {
        self.inner.parse_error(msg);
    }
    fn get_document(&self) -> Handle {
        self.inner.get_document()
    }
    fn elem_name<'a>(&'a self, target: &'a Handle) -> Self::ElemName<'a> {
        self.inner.elem_name(target)
    }
    fn create_element(&self, name: QualName, attrs: Vec<Attribute>, flags: ElementFlags) -> Handle {
        self.inner.create_element(name, attrs, flags)
    }
    fn create_comment(&self, text: StrTendril) -> Handle {
        self.inner.create_comment(text)
    }
    fn create_pi(&self, target: StrTendril, data: StrTendril) -> Handle {
        self.inner.create_pi(target, data)
    }
    fn append(&self, parent: &Handle, child: NodeOrText<Handle>) {
        self.placed(&child, self.depth_of(parent) + 1);
        self.inner.append(parent, child);
    }
    fn append_based_on_parent_node(
        &self,
        element: &Handle,
        prev_element: &Handle,
        child: NodeOrText<Handle>,
    ) {
        let depth = self.depth_of(element).max(self.depth_of(prev_element) + 1);
        self.placed(&child, depth);
        self.inner
            .append_based_on_parent_node(element, prev_element, child);
    }
    fn append_doctype_to_document(
        &self,
        name: StrTendril,
        public_id: StrTendril,
        system_id: StrTendril,
    ) {
        self.inner
            .append_doctype_to_document(name, public_id, system_id);
    }
    fn mark_script_already_started(&self, node: &Handle) {
        self.inner.mark_script_already_started(node);
    }
    fn get_template_contents(&self, target: &Handle) -> Handle {
        self.inner.get_template_contents(target)
    }
    fn same_node(&self, x: &Handle, y: &Handle) -> bool {
        self.inner.same_node(x, y)
    }
    fn set_quirks_mode(&self, mode: QuirksMode) {
        self.inner.set_quirks_mode(mode);
    }
    fn append_before_sibling(&self, sibling: &Handle, new_node: NodeOrText<Handle>) {
        self.placed(&new_node, self.depth_of(sibling));
        self.inner.append_before_sibling(sibling, new_node);
    }
    fn add_attrs_if_missing(&self, target: &Handle, attrs: Vec<Attribute>) {
        self.inner.add_attrs_if_missing(target, attrs);
    }
    fn remove_from_parent(&self, target: &Handle) {
        self.inner.remove_from_parent(target);
    }
    fn reparent_children(&self, node: &Handle, new_parent: &Handle) {
        self.inner.reparent_children(node, new_parent);
    }
    fn set_current_line(&self, line_number: u64) {
        self.line.set(line_number);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn nested(depth: usize, open: &str, close: &str) -> String {
        format!(
            "<html><body>\n{}x{}</body></html>",
            open.repeat(depth),
            close.repeat(depth)
        )
    }

    #[test]
    fn a_page_nested_within_the_limit_is_read_whole() {
        let page = nested(400, "<div>", "</div>");
        let document = parse(&page).unwrap();
        assert_eq!(
            document.root_element().text().collect::<String>().trim(),
            "x"
        );
    }

    #[test]
    fn a_page_nested_beyond_the_limit_is_refused_with_its_line() {
        for (open, close) in [
            ("<div>", "</div>"),
            ("<ul><li>", "</li></ul>"),
            ("<span>", "</span>"),
        ] {
            let page = nested(30_000, open, close);
            assert_eq!(parse(&page).unwrap_err(), TooDeep { line: 2 }, "{open}");
        }
    }
}
