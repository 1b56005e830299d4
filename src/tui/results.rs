//! The list of search results, laid out: every result the same height (where it sits, its
//! title, the matching passage), tall enough for the widest title in the content at this
//! width, so titles wrap rather than being cut and the list scrolls and pages without
//! laying out results that are not on screen.

use super::app::App;
use super::layout;
use super::nav::Span;
use super::palette::Palette;
use super::text;
use crate::document::StandingText;
use crate::search::lru::Lru;
use crate::search::{Hit, Query, Searcher, snippet};
use ratatui::style::Style;
use ratatui::text::{Line, Span as StyledSpan};
use std::sync::{Arc, LazyLock, Mutex, Weak};

/// Lines above the list: the query and a line of help or of its problems.
pub const HEADER: usize = 2;
/// A title takes at most this many lines; a longer one ends in an ellipsis.
const MOST_TITLE_LINES: usize = 3;
/// The line above a title (year, grade, where it sits) takes at most this many lines.
const MOST_HEADER_LINES: usize = 3;
/// Room for the year and the widest grade badge before the breadcrumb.
const HEADER_LEAD: usize = "2024 [Requires improvement] ".len();

/// Lines a result's title may take at `width`: enough for the widest title, within limits.
pub fn title_lines(widest_title: usize, width: usize) -> usize {
    widest_title
        .div_ceil(width.saturating_sub(4).max(1))
        .clamp(1, MOST_TITLE_LINES)
}

/// Lines a result's header may take at `width`: enough for the widest breadcrumb after
/// the year and grade, within limits, so headers wrap rather than being cut.
pub fn header_lines(widest_breadcrumb: usize, width: usize) -> usize {
    (HEADER_LEAD + widest_breadcrumb)
        .div_ceil(width.saturating_sub(4).max(1))
        .clamp(1, MOST_HEADER_LINES)
}

/// Lines each result takes: where it sits, its title, one line of passage at least.
pub fn height(searcher: &Searcher, width: usize) -> usize {
    header_lines(searcher.widest_breadcrumb, width) + title_lines(searcher.widest_title, width) + 1
}

/// Where each of `count` results of `height` lines sits in the list.
pub fn spans(count: usize, height: usize) -> Vec<Span> {
    (0..count).map(|i| Span::new(i * height, height)).collect()
}

/// Each result's height in the list pane as it is now.
pub fn result_height(app: &App) -> usize {
    let width = usize::from(area(app).width);
    app.searcher.as_ref().map_or(3, |s| height(s, width))
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

/// A result laid out: the query (as `prompt::LaidOut` names it), width, palette and the hit.
type Key = (Arc<str>, usize, (bool, bool), Hit);

/// Results laid out by any session of one searcher: a served reader's results are most
/// often another's (the same words typed at the same width), and one's own again on the
/// next frame. The searcher is held weakly, so it is never another one at the same
/// address; another searcher empties it.
struct Shared {
    searcher: Weak<Searcher>,
    lines: Lru<Key, Arc<[Line<'static>]>>,
}

static SHARED: LazyLock<Mutex<Shared>> = LazyLock::new(|| {
    Mutex::new(Shared {
        searcher: Weak::new(),
        lines: Lru::new(LAID_OUT_BYTES),
    })
});

/// The bytes of results kept laid out at most (a result is about a kilobyte): past it,
/// the least recently drawn go first.
const LAID_OUT_BYTES: usize = 4 << 20;

/// `result_lines` for the app's palette and searcher, laid out once for every session of
/// the searcher while the query, the width and the palette are the same: the same lines,
/// without wrapping them again, and without copying them for each frame that draws them.
pub fn laid_out(
    app: &App,
    searcher: &Searcher,
    query: &Query,
    hit: &Hit,
    width: usize,
) -> Arc<[Line<'static>]> {
    let theme = &app.theme;
    let Some(arc) = app
        .searcher
        .as_ref()
        .filter(|arc| std::ptr::eq(Arc::as_ptr(arc), searcher))
    else {
        return result_lines(theme, searcher, query, hit, width).into();
    };
    let name = {
        let mut memo = app.laid_out.borrow_mut();
        match &memo.named {
            Some((named, name)) if named == query => Arc::clone(name),
            _ => {
                let name: Arc<str> = format!("{query:?}").into();
                memo.named = Some((query.clone(), Arc::clone(&name)));
                name
            }
        }
    };
    let key: Key = (name, width, (theme.color, theme.ascii), *hit);
    let shared = || SHARED.lock().unwrap_or_else(|e| e.into_inner());
    {
        let mut shared = shared();
        if shared.searcher.ptr_eq(&Arc::downgrade(arc))
            && let Some(lines) = shared.lines.get(&key)
        {
            return lines;
        }
    }
    let lines: Arc<[Line<'static>]> = result_lines(theme, searcher, query, hit, width).into();
    let mut shared = shared();
    if !shared.searcher.ptr_eq(&Arc::downgrade(arc)) {
        shared.searcher = Arc::downgrade(arc);
        shared.lines = Lru::new(LAID_OUT_BYTES);
    }
    let bytes = lines
        .iter()
        .flat_map(|line| &line.spans)
        .map(|span| std::mem::size_of_val(span) + span.content.len())
        .sum::<usize>()
        + lines.len() * std::mem::size_of::<Line>();
    shared.lines.put(key, Arc::clone(&lines), bytes);
    lines
}

/// One result as its four lines, `width` cells wide.
pub fn result_lines(
    theme: &Palette,
    searcher: &Searcher,
    query: &Query,
    hit: &Hit,
    width: usize,
) -> Vec<Line<'static>> {
    let height = height(searcher, width);
    let node = searcher.node(hit);
    let passage = searcher.passage(hit);
    let mut lead: Vec<StyledSpan<'static>> = node
        .year
        .map(|y| StyledSpan::styled(y.to_string(), theme.accent()))
        .into_iter()
        .collect();
    // A grade shown anywhere is shown whole: "No grade" where the area has none.
    if let Some(grade) = node.grade {
        let judgment = grade.is_judgment().then_some(grade);
        let standing = StandingText {
            label: judgment
                .map_or(crate::model::NO_GRADE, |g| g.label())
                .to_owned(),
            grade: judgment,
            reason: None,
        };
        lead.push(StyledSpan::raw(" "));
        lead.push(StyledSpan::styled(
            super::tree_pane::badge(theme, &standing),
            theme.grade(judgment),
        ));
    }
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
    let used: usize = lead.iter().map(|p| p.width()).sum::<usize>() + usize::from(!lead.is_empty());
    // The breadcrumb wraps under the year and grade like a title, indented.
    let wrapped = text::wrap_indented(&crumbs, width.max(1), &" ".repeat(used), "  ");
    let most = header_lines(searcher.widest_breadcrumb, width);
    let mut lines: Vec<Line<'static>> = Vec::new();
    for (i, line) in wrapped.iter().take(most).enumerate() {
        let mut line = line.clone();
        if i + 1 == most && wrapped.len() > most {
            line = text::shorten(
                &format!("{line}{}", theme.ellipsis()),
                width,
                theme.ellipsis(),
            );
        }
        if i == 0 {
            let mut pieces = lead.clone();
            if !lead.is_empty() {
                pieces.push(StyledSpan::raw(" "));
            }
            pieces.push(StyledSpan::styled(
                line.trim_start().to_owned(),
                theme.dim(),
            ));
            lines.push(Line::from(pieces));
        } else {
            lines.push(Line::styled(line, theme.dim()));
        }
    }
    if lines.is_empty() {
        lines.push(Line::from(lead));
    }

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
    // How it matched, where not as typed: set apart on a line of its own.
    if let Some(via) = searcher.explain(hit, query) {
        lines.push(Line::styled(
            format!("  {}", theme.text(&via)),
            theme.accent(),
        ));
    }
    let room = height.saturating_sub(lines.len());
    // A match on the title shows the node's first passage after it, for context.
    // Its words are marked there too where the query finds them.
    let (passage_text, highlights) = if on_title {
        let next = node
            .passages
            .clone()
            .find(|&p| searcher.index.passages[p].field == crate::search::Field::Text);
        match next {
            Some(p) => {
                let there = Hit { passage: p, ..*hit };
                (
                    Some(searcher.index.passages[p].text.as_str()),
                    searcher.highlights(&there, query),
                )
            }
            None => (None, Vec::new()),
        }
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
fn marked(theme: &Palette, lead: &str, text: &str, marks: &[usize], style: Style) -> Line<'static> {
    let mut pieces = vec![StyledSpan::styled(lead.to_owned(), style)];
    let mut run = String::new();
    let mut run_marked = false;
    for (i, c) in text.chars().enumerate() {
        let is_marked = marks.binary_search(&i).is_ok();
        if is_marked != run_marked && !run.is_empty() {
            let style = if run_marked { theme.matched() } else { style };
            pieces.push(StyledSpan::styled(std::mem::take(&mut run), style));
        }
        run_marked = is_marked;
        run.push(c);
    }
    if !run.is_empty() {
        pieces.push(StyledSpan::styled(
            run,
            if run_marked { theme.matched() } else { style },
        ));
    }
    Line::from(pieces)
}
