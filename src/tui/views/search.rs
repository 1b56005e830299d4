//! The search prompt and its ranked results: year, grade, breadcrumb, title, and a snippet
//! of the matching passage with the matched characters picked out.

use crate::search::{Hit, Searcher, snippet};
use crate::tui::app::App;
use crate::tui::document::truncate;
use crate::tui::search::{Prompt, RESULT_HEIGHT};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, app: &App, prompt: &Prompt, area: Rect) {
    let theme = &app.theme;
    let block = super::pane(theme, Line::from(" Search ").style(theme.heading()), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.height == 0 || inner.width == 0 {
        return;
    }
    let width = usize::from(inner.width);
    let count = match prompt.hits.len() {
        _ if prompt.query.is_empty() => "type to search".to_owned(),
        0 => "no results".to_owned(),
        1 => "1 result".to_owned(),
        n => format!("{n} results"),
    };
    let typed = format!("/ {}{}", theme.text(&prompt.input), theme.cursor());
    let room = width.saturating_sub(count.width() + 1);
    let typed = truncate_start(&typed, room);
    let pad = width.saturating_sub(typed.width() + count.width());
    let mut lines = vec![Line::from(vec![
        Span::styled(typed, theme.heading()),
        Span::raw(" ".repeat(pad)),
        Span::styled(count, theme.dim()),
    ])];
    let note = match prompt.query.problems.first() {
        Some(problem) => Line::styled(truncate(problem, width, theme.ellipsis()), theme.accent()),
        None => Line::styled(
            truncate(
                "words must all match · \"exact phrase\" · year:2017 kind:recommendation grade:inadequate",
                width,
                theme.ellipsis(),
            ),
            theme.dim(),
        ),
    };
    lines.push(note);
    let Some(searcher) = &app.searcher else {
        return;
    };
    let visible = usize::from(inner.height.saturating_sub(2)) / RESULT_HEIGHT;
    for hit in prompt.hits.iter().skip(prompt.offset).take(visible.max(1)) {
        lines.extend(result_lines(app, searcher, prompt, hit, width));
    }
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(row) = prompt
        .selected
        .checked_sub(prompt.offset)
        .filter(|r| *r < visible)
    {
        let y = inner.y + 2 + (row * RESULT_HEIGHT) as u16;
        let height = (RESULT_HEIGHT as u16).min(inner.bottom().saturating_sub(y));
        frame.buffer_mut().set_style(
            Rect::new(inner.x, y, inner.width, height),
            theme.selected(true),
        );
    }
}

fn result_lines(
    app: &App,
    searcher: &Searcher,
    prompt: &Prompt,
    hit: &Hit,
    width: usize,
) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let node = searcher.node(hit);
    let passage = searcher.passage(hit);
    let mut first = vec![Span::styled(
        node.year.map_or("    ".to_owned(), |y| y.to_string()),
        theme.accent(),
    )];
    if let Some(grade) = node.grade.filter(|g| g.is_judgment()) {
        let badge = if theme.color {
            format!(" {} ", grade.label())
        } else {
            format!("[{}]", grade.label())
        };
        first.push(Span::raw(" "));
        first.push(Span::styled(badge, theme.grade(grade)));
    }
    let used: usize = first.iter().map(|s| s.content.width()).sum();
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
    first.push(Span::styled(
        format!(
            " {}",
            truncate(&crumbs, width.saturating_sub(used + 1), theme.ellipsis())
        ),
        theme.dim(),
    ));

    let highlights = searcher.highlights(hit, &prompt.query);
    let on_title = passage.text == node.title;
    let title_highlights: &[usize] = if on_title { &highlights } else { &[] };
    let second = marked_line(
        "  ",
        &node.title,
        title_highlights,
        width,
        theme.heading(),
        app,
    );
    let third = if on_title {
        Line::default()
    } else {
        let s = snippet(&passage.text, &highlights, width * 2);
        let lead = if s.cut_before {
            format!("  {}", theme.ellipsis())
        } else {
            "  ".to_owned()
        };
        marked_line(&lead, &s.text, &s.highlights, width, theme.dim(), app)
    };
    vec![Line::from(first), second, third]
}

/// `text` after `lead`, cut to `width` cells, with the chars at `highlights` picked out.
fn marked_line(
    lead: &str,
    text: &str,
    highlights: &[usize],
    width: usize,
    style: Style,
    app: &App,
) -> Line<'static> {
    let theme = &app.theme;
    let mut spans = vec![Span::styled(lead.to_owned(), style)];
    let mut used = lead.width();
    let mut run = String::new();
    let mut run_marked = false;
    for (i, c) in text.chars().enumerate() {
        let shown = theme.text(c.encode_utf8(&mut [0; 4])).into_owned();
        let w = shown.width();
        if used + w > width {
            break;
        }
        let marked = highlights.binary_search(&i).is_ok();
        if marked != run_marked && !run.is_empty() {
            spans.push(Span::styled(
                std::mem::take(&mut run),
                if run_marked { theme.matched() } else { style },
            ));
        }
        run_marked = marked;
        run.push_str(&shown);
        used += w;
    }
    if !run.is_empty() {
        spans.push(Span::styled(
            run,
            if run_marked { theme.matched() } else { style },
        ));
    }
    Line::from(spans)
}

/// Keeps the end of the prompt visible when the query is longer than the line.
fn truncate_start(text: &str, width: usize) -> String {
    if text.width() <= width {
        return text.to_owned();
    }
    let chars: Vec<char> = text.chars().collect();
    let mut out = Vec::new();
    let mut used = 0;
    for c in chars.iter().rev() {
        let w = unicode_width::UnicodeWidthChar::width(*c).unwrap_or(0);
        if used + w > width {
            break;
        }
        used += w;
        out.push(*c);
    }
    out.into_iter().rev().collect()
}
