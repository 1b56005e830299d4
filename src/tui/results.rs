//! The list of search results, laid out: every result the same height (where it sits, its
//! title, the matching passage), tall enough for the widest title in the content at this
//! width, so titles wrap rather than being cut and the list scrolls and pages without
//! laying out results that are not on screen.

use super::app::App;
use super::layout;
use super::nav::Span;
use super::text;
use super::theme::Theme;
use crate::document::StandingText;
use crate::search::{Hit, Query, Searcher, snippet};
use ratatui::style::Style;
use ratatui::text::{Line, Span as Piece};

/// Lines above the list: the query and a line of help or of its problems.
pub const HEADER: usize = 2;
/// A title takes at most this many lines; a longer one ends in an ellipsis.
const MOST_TITLE_LINES: usize = 3;

/// Lines a result's title may take at `width`: enough for the widest title, within limits.
pub fn title_lines(widest_title: usize, width: usize) -> usize {
    widest_title
        .div_ceil(width.saturating_sub(4).max(1))
        .clamp(1, MOST_TITLE_LINES)
}

/// Lines each result takes: where it sits, its title, one line of passage at least.
pub fn height(widest_title: usize, width: usize) -> usize {
    1 + title_lines(widest_title, width) + 1
}

pub fn spans(count: usize, height: usize) -> Vec<Span> {
    (0..count).map(|i| Span::new(i * height, height)).collect()
}

/// Each result's height in the list pane as it is now.
pub fn result_height(app: &App) -> usize {
    let widest = app.searcher.as_ref().map_or(0, |s| s.widest_title);
    height(widest, usize::from(area(app).width))
}

/// The list's pane, inside its border.
pub fn area(app: &App) -> ratatui::layout::Rect {
    let panes = app.panes();
    layout::inner(panes.left.unwrap_or(panes.body))
}

/// Lines of results in view.
pub fn viewport(app: &App) -> usize {
    usize::from(area(app).height).saturating_sub(HEADER).max(1)
}

/// One result as its four lines, `width` cells wide.
pub fn result_lines(
    theme: &Theme,
    searcher: &Searcher,
    query: &Query,
    hit: &Hit,
    width: usize,
) -> Vec<Line<'static>> {
    let height = height(searcher.widest_title, width);
    let node = searcher.node(hit);
    let passage = searcher.passage(hit);
    let mut meta: Vec<Piece<'static>> = node
        .year
        .map(|y| Piece::styled(y.to_string(), theme.accent()))
        .into_iter()
        .collect();
    if let Some(grade) = node.grade.filter(|g| g.is_judgment()) {
        let standing = StandingText {
            label: grade.label().to_owned(),
            grade: Some(grade),
            reason: None,
        };
        meta.push(Piece::raw(" "));
        meta.push(Piece::styled(
            super::tree::badge(theme, &standing),
            theme.grade(Some(grade)),
        ));
    }
    if let Some(via) = searcher.explain(hit, query) {
        let lead = if meta.is_empty() { "" } else { " " };
        meta.push(Piece::styled(
            format!("{lead}{}", theme.text(&via)),
            theme.accent(),
        ));
    }
    let used: usize = meta.iter().map(|p| p.width()).sum();
    // The year already leads the line; the breadcrumb goes on from the area.
    let skip = usize::from(
        node.year.is_some()
            && node
                .breadcrumb
                .first()
                .is_some_and(|c| c.parse::<u16>().is_ok()),
    );
    let crumbs = theme
        .text(&node.breadcrumb[skip..].join(theme.separator()))
        .into_owned();
    let lead = if meta.is_empty() { "" } else { " " };
    meta.push(Piece::styled(
        format!(
            "{lead}{}",
            text::shorten(&crumbs, width.saturating_sub(used + 1), theme.ellipsis())
        ),
        theme.dim(),
    ));
    let mut lines = vec![Line::from(meta)];

    let highlights = searcher.highlights(hit, query);
    let on_title = passage.text == node.title;
    let title = theme.text(&node.title).into_owned();
    let most = title_lines(searcher.widest_title, width);
    let title_lines = text::wrap_at_most(
        &title,
        width.saturating_sub(2).max(1),
        most,
        theme.ellipsis(),
    );
    let mut at = 0;
    for line in &title_lines {
        let marks: Vec<usize> = if on_title {
            highlights
                .iter()
                .filter_map(|&i| i.checked_sub(at))
                .collect()
        } else {
            Vec::new()
        };
        lines.push(marked(theme, "  ", line, &marks, theme.heading()));
        at += line.chars().count() + 1;
    }
    let room = height - lines.len();
    // A match on the title shows the node's first passage after it, for context.
    let (passage_text, highlights) = if on_title {
        let next = node
            .passages
            .clone()
            .map(|p| &searcher.index.passages[p])
            .find(|p| p.field == crate::search::Field::Text);
        (next.map(|p| p.text.as_str()), Vec::new())
    } else {
        (Some(passage.text.as_str()), highlights)
    };
    if let Some(passage_text) = passage_text {
        let s = snippet(passage_text, &highlights, width.saturating_sub(3) * room);
        let lead = if s.cut_before { theme.ellipsis() } else { "" };
        let tail = if s.cut_after { theme.ellipsis() } else { "" };
        let body = theme
            .text(&format!("{lead}{}{tail}", s.text.trim_end()))
            .into_owned();
        let shift = lead.chars().count();
        let wrapped = text::wrap_at_most(
            &body,
            width.saturating_sub(2).max(1),
            room,
            theme.ellipsis(),
        );
        let mut at = 0;
        for line in wrapped {
            let marks: Vec<usize> = s
                .highlights
                .iter()
                .filter_map(|&i| (i + shift).checked_sub(at))
                .collect();
            at += line.chars().count() + 1;
            lines.push(marked(theme, "  ", &line, &marks, theme.dim()));
        }
    }
    lines.resize(height, Line::default());
    lines
}

/// `text` after `lead`, with the chars at `marks` (char indices into `text`) picked out.
fn marked(theme: &Theme, lead: &str, text: &str, marks: &[usize], style: Style) -> Line<'static> {
    let mut pieces = vec![Piece::styled(lead.to_owned(), style)];
    let mut run = String::new();
    let mut run_marked = false;
    for (i, c) in text.chars().enumerate() {
        let is_marked = marks.binary_search(&i).is_ok();
        if is_marked != run_marked && !run.is_empty() {
            let style = if run_marked { theme.matched() } else { style };
            pieces.push(Piece::styled(std::mem::take(&mut run), style));
        }
        run_marked = is_marked;
        run.push(c);
    }
    if !run.is_empty() {
        pieces.push(Piece::styled(
            run,
            if run_marked { theme.matched() } else { style },
        ));
    }
    Line::from(pieces)
}
