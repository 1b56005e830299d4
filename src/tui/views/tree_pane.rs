//! The tree pane: assessments, areas with their grades, sections, findings,
//! recommendations; titles wrap, grades sit at the right edge, bookmarks are marked.

use crate::tui::app::{App, Focus};
use crate::tui::tree_pane::{RowKind, badge};
use crate::tui::{layout, text};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let focused = app.focus == Focus::Tree && app.help.is_none();
    let rows = app.tree.rows();
    let title = match app.library.forces() {
        [force] => format!(" {} ", force.name),
        forces => format!(" {} forces ", forces.len()),
    };
    let position = format!(" {}/{} ", app.tree.selected_index() + 1, rows.len());
    frame.render_widget(
        super::pane(app, area, &title, Some(&position), focused),
        area,
    );
    let inner = layout::inner(area);
    let width = usize::from(inner.width);
    let height = usize::from(inner.height);
    let mut lines: Vec<Line> = Vec::new();
    let mut selected_lines = 0..0;
    for row in rows.iter().skip(app.tree.top) {
        if lines.len() >= height {
            break;
        }
        let shown = app.row_text(row, width);
        let style = match shown.kind {
            RowKind::Assessment => theme.heading(),
            RowKind::Section => theme.accent(),
            RowKind::Other => Style::new(),
        };
        let start = lines.len();
        let indent = " ".repeat(text::width(&shown.prefix));
        for (i, label) in shown.lines.iter().enumerate() {
            let lead = if i == 0 {
                shown.prefix.clone()
            } else {
                indent.clone()
            };
            let mut spans = vec![Span::raw(lead), Span::styled(label.clone(), style)];
            if i == 0 && !shown.badge_below {
                push_badge(app, &shown, &mut spans, width);
            }
            lines.push(Line::from(spans));
        }
        if shown.badge_below {
            let mut spans = vec![Span::raw(indent)];
            push_badge(app, &shown, &mut spans, width);
            lines.push(Line::from(spans));
        }
        if row.key == app.selected() {
            selected_lines = start..lines.len();
        }
    }
    lines.truncate(height);
    super::lines::render(frame.buffer_mut(), inner, &lines);
    // The selection bar spans the whole row, every line of it.
    for line in selected_lines.filter(|l| *l < height) {
        let bar = Rect::new(inner.x, inner.y + line as u16, inner.width, 1);
        super::mark_selected(frame, bar, theme.selected(focused));
    }
}

/// The grade badge at the right edge of the line built so far.
fn push_badge(
    app: &App,
    shown: &crate::tui::tree_pane::RowText,
    spans: &mut Vec<Span>,
    width: usize,
) {
    let Some(standing) = &shown.badge else { return };
    let text = badge(&app.theme, standing);
    let used: usize = spans.iter().map(|s| s.width()).sum();
    let pad = width.saturating_sub(used + text::width(&text));
    spans.push(Span::raw(" ".repeat(pad)));
    spans.push(Span::styled(text, app.theme.grade(standing.grade)));
}
