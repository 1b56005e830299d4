//! The search prompt and its results: the query, a line of help (or what is wrong with
//! the query), then the results from the list's first line in view.

use crate::tui::app::App;
use crate::tui::prompt::{MAX_QUERY_CHARS, Prompt};
use crate::tui::results::{self, HEADER};
use crate::tui::{layout, text};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

/// The query syntax, from the whole sentence down to the filter names: the longest that
/// fits is shown, so `grade:` is never the part cut off. F1 lists it all.
const SYNTAX_HINTS: &[&str] = &[
    "words must all match · \"exact phrase\" · year:2017 kind:recommendation grade:inadequate · F1 help",
    "words must all match · \"exact phrase\" · year:2017 kind:recommendation grade:inadequate",
    "all words match · \"phrase\" · year:2017 kind:recommendation grade:inadequate",
    "\"phrase\" · year:2017 kind:recommendation grade:inadequate",
    "\"phrase\" year: kind: grade: · F1 help",
    "\"phrase\" year: kind: grade:",
    "year: kind: grade:",
];

pub fn draw(frame: &mut Frame, app: &App, prompt: &Prompt, area: Rect) {
    let theme = &app.theme;
    let title = if prompt.list { " Results " } else { " Search " };
    frame.render_widget(super::pane(app, area, title, None, true), area);
    let inner = layout::inner(area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let count = match prompt.hits.len() {
        _ if prompt.query.is_empty() => "type to search".to_owned(),
        _ if app.searcher.is_none() => format!("indexing{}", theme.ellipsis()),
        0 => "no results".to_owned(),
        1 => "1 result".to_owned(),
        n => format!("{} of {n}", prompt.nav.cursor + 1),
    };
    let cursor = if prompt.list { "" } else { theme.cursor() };
    let typed = format!("/ {}{cursor}", theme.text(&prompt.input));
    let room = width.saturating_sub(text::width(&count) + 1);
    let typed = text::tail(&typed, room);
    let pad = width.saturating_sub(text::width(&typed) + text::width(&count));
    let query_style = if prompt.replace {
        theme.selected(false)
    } else {
        theme.heading()
    };
    let mut lines = vec![Line::from(vec![
        Span::styled(typed, query_style),
        Span::raw(" ".repeat(pad)),
        Span::styled(count, theme.dim()),
    ])];
    let note = if prompt.cut {
        Line::styled(
            text::shorten(
                &format!("The query is cut to {MAX_QUERY_CHARS} characters"),
                width,
                theme.ellipsis(),
            ),
            theme.accent(),
        )
    } else if let Some(problem) = prompt.query.problems.first() {
        Line::styled(
            text::shorten(&theme.text(problem), width, theme.ellipsis()),
            theme.accent(),
        )
    } else {
        let hint = if prompt.list {
            "j/k move · Enter jumps · / edits the query"
        } else if prompt.replace {
            "typing replaces the last query; Backspace edits it"
        } else {
            SYNTAX_HINTS
                .iter()
                .find(|hint| text::width(hint) <= width)
                .unwrap_or(&SYNTAX_HINTS[SYNTAX_HINTS.len() - 1])
        };
        Line::styled(
            text::shorten(&theme.text(hint), width, theme.ellipsis()),
            theme.dim(),
        )
    };
    lines.push(note);
    super::lines::render(frame.buffer_mut(), inner, &lines);
    let Some(searcher) = &app.searcher else {
        return;
    };
    let list = Rect::new(
        inner.x,
        inner.y + HEADER as u16,
        inner.width,
        inner.height.saturating_sub(HEADER as u16),
    );
    let each = results::height(searcher, width);
    let first = prompt.nav.top / each;
    let skip = prompt.nav.top % each;
    // Each result's lines where they are kept laid out, drawn without a copy.
    let mut shown = Vec::new();
    let mut lines = 0;
    let mut selected_rows = 0..0;
    for (i, hit) in prompt.hits.iter().enumerate().skip(first) {
        if lines >= usize::from(list.height) + skip {
            break;
        }
        let result = results::laid_out(app, searcher, &prompt.query, hit, width);
        if i == prompt.nav.cursor {
            selected_rows = lines..lines + result.len();
        }
        lines += result.len();
        shown.push(result);
    }
    let shown = shown.iter().flat_map(|result| result.iter()).skip(skip);
    super::lines::render(frame.buffer_mut(), list, shown);
    for line in selected_rows {
        if let Some(row) = line
            .checked_sub(skip)
            .filter(|r| *r < usize::from(list.height))
        {
            super::mark_selected(
                frame,
                Rect::new(list.x, list.y + row as u16, list.width, 1),
                theme.selected(true),
            );
        }
    }
}
