//! The bookmarks: each marked node with its year and where it sits, any of which Enter
//! opens and `m` removes.

use super::{Context, Entry, Memo, ScreenLayout, wrapped};
use crate::tui::nav::{ListNav, Span};
use ratatui::text::{Line, Span as StyledSpan};
use std::rc::Rc;

#[derive(Debug, Clone, Default)]
pub struct BookmarksScreen {
    pub nav: ListNav,
    pub memo: Memo,
}

impl BookmarksScreen {
    pub fn laid(&self, context: Context, width: u16) -> Rc<ScreenLayout> {
        self.memo
            .get(width, || lay_out(context, usize::from(width)))
    }
}

fn lay_out(context: Context, width: usize) -> ScreenLayout {
    let (library, theme) = (context.library, context.theme);
    let mut lines = Vec::new();
    let mut entries = Vec::new();
    for key in context.bookmarks {
        let year = library
            .year(*key)
            .map(|y| y.to_string())
            .unwrap_or_default();
        // The title first; where it sits after it, without repeating the year.
        let mut place = library.breadcrumb(*key);
        place.retain(|crumb| *crumb != year);
        let title = library.node(*key).title();
        let text = if place.is_empty() {
            title.to_owned()
        } else {
            format!("{title}  ({})", place.join(theme.separator()))
        };
        let lead = format!(" {year:<6}");
        let indent = " ".repeat(lead.len());
        let body = wrapped(
            &theme.text(&text),
            width.saturating_sub(lead.len()).max(1),
            "",
            Default::default(),
        );
        entries.push(Entry::full(Span::new(lines.len(), body.len())));
        for (i, line) in body.into_iter().enumerate() {
            let lead = if i == 0 { lead.clone() } else { indent.clone() };
            let mut pieces = vec![StyledSpan::styled(lead, theme.accent())];
            pieces.extend(line.spans);
            lines.push(Line::from(pieces));
        }
    }
    if lines.is_empty() {
        lines = wrapped(
            "No bookmarks yet: press m on any node to bookmark it.",
            width,
            "",
            theme.dim(),
        );
    }
    ScreenLayout {
        title: format!(" Bookmarks ({}) ", context.bookmarks.len()),
        header: Vec::new(),
        lines,
        footer: Vec::new(),
        entries,
    }
}
