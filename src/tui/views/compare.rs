//! The comparison screen: one theme, years side by side, recurring issues on one row with a
//! link marker and their note. Laid out by a pure function the update also uses to keep
//! the cursor in view.

use crate::compare::Comparison;
use crate::model::Node;
use crate::tui::app::App;
use crate::tui::document::truncate;
use crate::tui::screens::{CompareState, THREE_COLUMNS_FROM};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

/// The comparison laid out for a width.
pub struct Laid {
    pub comparison: Comparison,
    /// Indices of the comparison's columns on screen (all, or two around the cursor).
    pub window: Vec<usize>,
    pub header: Vec<Line<'static>>,
    pub lines: Vec<Line<'static>>,
    /// For each column on screen, each entry's first line and height.
    pub spans: Vec<Vec<(usize, usize)>>,
    pub column_width: usize,
}

const GAP: usize = 3;

pub fn lay_out(app: &App, state: &CompareState, width: u16) -> Laid {
    let theme = &app.theme;
    let comparison = state.comparison(app);
    let count = comparison.columns.len();
    let fits = if width >= THREE_COLUMNS_FROM { 3 } else { 2 };
    let start = state
        .column
        .min(count.saturating_sub(fits))
        .min(state.column);
    let window: Vec<usize> = (start..count.min(start + fits)).collect();
    let width = usize::from(width).max(1);
    let columns = window.len().max(1);
    let column_width = (width.saturating_sub(GAP * (columns - 1)) / columns).max(1);

    let mut header = vec![Line::from(vec![Span::styled(
        theme.text(&comparison.title).into_owned(),
        theme.heading(),
    )])];
    let mut years = Vec::new();
    for (i, &c) in window.iter().enumerate() {
        let column = &comparison.columns[c];
        if i > 0 {
            years.push(Span::raw(" ".repeat(GAP)));
        }
        let badge = column.grade.filter(|g| g.is_judgment()).map(|g| {
            let text = if theme.color {
                format!(" {} ", g.label())
            } else {
                format!("[{}]", g.label())
            };
            Span::styled(text, theme.grade(g))
        });
        let year = format!("{} ", column.year);
        let room = column_width.saturating_sub(year.width());
        years.push(Span::styled(year.clone(), theme.accent()));
        let used = match badge {
            Some(badge) => {
                let w = badge.content.width().min(room);
                years.push(badge);
                w
            }
            None => {
                let status = truncate(&theme.text(&column.status), room, theme.ellipsis());
                let w = status.width();
                years.push(Span::styled(status, theme.dim()));
                w
            }
        };
        years.push(Span::raw(" ".repeat(room.saturating_sub(used))));
    }
    header.push(Line::from(years));
    let hidden: Vec<String> = (0..count)
        .filter(|c| !window.contains(c))
        .map(|c| comparison.columns[c].year.to_string())
        .collect();
    let off: Vec<String> = app.library.forces()[state.force]
        .assessments
        .iter()
        .zip(&state.years_shown)
        .filter(|(_, shown)| !**shown)
        .map(|(a, _)| a.year.to_string())
        .collect();
    let mut notes = Vec::new();
    if !hidden.is_empty() {
        notes.push(format!("also {} (h/l to move)", hidden.join(", ")));
    }
    if !off.is_empty() {
        notes.push(format!("hidden {} (1/2/3)", off.join(", ")));
    }
    let marker = if theme.ascii { "<->" } else { "⇄" };
    notes.push(format!("{marker} recurring issue"));
    header.push(Line::styled(
        truncate(&notes.join(" · "), width, theme.ellipsis()),
        theme.dim(),
    ));

    let mut lines: Vec<Line<'static>> = Vec::new();
    let mut spans: Vec<Vec<(usize, usize)>> = vec![Vec::new(); window.len()];
    // The years' summaries, side by side.
    let summaries: Vec<Vec<String>> = window
        .iter()
        .map(|&c| {
            // The header already gives the grade or status; the summary says the rest.
            let column = &comparison.columns[c];
            let text = if column.summary.is_empty() {
                &column.status
            } else {
                &column.summary
            };
            wrap(app, text, column_width)
        })
        .collect();
    push_side_by_side(&mut lines, &summaries, column_width, theme.dim());
    lines.push(Line::default());

    for row in &comparison.rows {
        if let Some(link) = &row.recurring {
            lines.push(Line::styled(
                truncate(
                    &theme.text(&format!("{marker} {}", link.title)),
                    width,
                    theme.ellipsis(),
                ),
                theme.accent(),
            ));
            for line in textwrap::wrap(&theme.text(&link.note), width.saturating_sub(2).max(1)) {
                lines.push(Line::styled(format!("  {line}"), theme.editorial()));
            }
        }
        let cells: Vec<Vec<String>> = window
            .iter()
            .enumerate()
            .map(|(i, &c)| {
                let mut out = Vec::new();
                for key in &row.cells[c] {
                    spans[i].push((lines.len() + out.len(), 0));
                    let label = entry_label(app, *key);
                    let wrapped = wrap(app, &label, column_width);
                    if let Some(last) = spans[i].last_mut() {
                        last.1 = wrapped.len();
                    }
                    out.extend(wrapped);
                }
                if row.cells[c].is_empty() {
                    out.push(if theme.ascii {
                        "-".into()
                    } else {
                        "—".into()
                    });
                }
                out
            })
            .collect();
        push_side_by_side(&mut lines, &cells, column_width, Style::new());
        lines.push(Line::default());
    }
    Laid {
        comparison,
        window,
        header,
        lines,
        spans,
        column_width,
    }
}

fn entry_label(app: &App, key: crate::model::NodeKey) -> String {
    let node = app.library.node(key);
    let kind = match node {
        Node::Finding(f) => f.kind.label().to_owned(),
        Node::Area(area) => format!("Area ({})", area.grade.label()),
        other => other.kind_key().replace('-', " "),
    };
    let title = match node {
        Node::Area(area) => area
            .short_title
            .clone()
            .unwrap_or_else(|| area.title.clone()),
        other => other.title().to_owned(),
    };
    format!("{}{kind}: {title}", app.theme.bullet())
}

fn wrap(app: &App, text: &str, width: usize) -> Vec<String> {
    let text = app.theme.text(text);
    let options = textwrap::Options::new(width.max(1)).subsequent_indent("  ");
    textwrap::wrap(&text, options)
        .into_iter()
        .map(|l| l.into_owned())
        .collect()
}

fn push_side_by_side(
    lines: &mut Vec<Line<'static>>,
    columns: &[Vec<String>],
    width: usize,
    style: Style,
) {
    let height = columns.iter().map(Vec::len).max().unwrap_or(0);
    for row in 0..height {
        let mut text = String::new();
        for (c, column) in columns.iter().enumerate() {
            let cell = column.get(row).map(String::as_str).unwrap_or("");
            text.push_str(cell);
            if c + 1 < columns.len() {
                text.push_str(&" ".repeat(width.saturating_sub(cell.width()) + GAP));
            }
        }
        lines.push(Line::styled(text.trim_end().to_owned(), style));
    }
}

/// Rows of the scrolling part inside the border, under the fixed header.
pub fn body_height(app: &App) -> usize {
    usize::from(app.height.saturating_sub(1 + 2 + 3)).max(1)
}

pub fn draw(frame: &mut Frame, app: &App, state: &CompareState, area: Rect) {
    let theme = &app.theme;
    let block = super::pane(theme, Line::from(" Compare ").style(theme.heading()), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let laid = lay_out(app, state, inner.width);
    let header_height = (laid.header.len() as u16).min(inner.height);
    frame.render_widget(
        Paragraph::new(laid.header.clone()),
        Rect::new(inner.x, inner.y, inner.width, header_height),
    );
    let body = Rect::new(
        inner.x,
        inner.y + header_height,
        inner.width,
        inner.height - header_height,
    );
    let shown: Vec<Line> = laid
        .lines
        .iter()
        .skip(state.scroll)
        .take(usize::from(body.height))
        .cloned()
        .collect();
    frame.render_widget(Paragraph::new(shown), body);
    // The cursor: the selected entry's lines in its column.
    let column = state
        .column
        .saturating_sub(laid.window.first().copied().unwrap_or(0));
    if let Some(&(first, height)) = laid
        .spans
        .get(column)
        .and_then(|spans| spans.get(state.entry))
    {
        let x = body.x + (column * (laid.column_width + GAP)) as u16;
        for line in first..first + height {
            if let Some(row) = line
                .checked_sub(state.scroll)
                .filter(|r| *r < usize::from(body.height))
            {
                let width = (laid.column_width as u16).min(body.right().saturating_sub(x));
                frame.buffer_mut().set_style(
                    Rect::new(x, body.y + row as u16, width, 1),
                    theme.selected(true),
                );
            }
        }
    }
}
