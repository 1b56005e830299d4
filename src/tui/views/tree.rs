//! The tree pane: assessments, areas with grade badges, sections, findings, recommendations.

use crate::model::{Grade, Node};
use crate::tui::app::{App, Focus, Row};
use crate::tui::document::truncate;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let focused = app.focus == Focus::Tree && !app.help_open;
    let rows = app.rows();
    let title = match app.library.forces() {
        [force] => format!(" {} ", theme.text(&force.name)),
        forces => format!(" {} forces ", forces.len()),
    };
    let position = format!(" {}/{} ", app.selected_index(&rows) + 1, rows.len());
    let block = super::pane(theme, Line::from(title).style(theme.heading()), focused)
        .title_bottom(Line::from(position).right_aligned().style(theme.dim()));
    let inner = block.inner(area);
    frame.render_widget(block, area);

    let width = usize::from(inner.width);
    let shown = rows
        .iter()
        .skip(app.tree_offset)
        .take(usize::from(inner.height));
    let lines: Vec<Line> = shown.map(|row| row_line(app, row, width)).collect();
    frame.render_widget(Paragraph::new(lines), inner);
    // The selection bar spans the whole row, not just the title.
    let index = app.selected_index(&rows);
    if let Some(offset) = index
        .checked_sub(app.tree_offset)
        .filter(|o| *o < usize::from(inner.height))
    {
        let bar = Rect::new(inner.x, inner.y + offset as u16, inner.width, 1);
        frame.buffer_mut().set_style(bar, theme.selected(focused));
    }
}

fn row_line(app: &App, row: &Row, width: usize) -> Line<'static> {
    let theme = &app.theme;
    let node = app.library.node(row.key);
    let glyph = match (row.has_children, row.expanded) {
        (true, true) => theme.expanded_glyph(),
        (true, false) => theme.collapsed_glyph(),
        (false, _) => "  ",
    };
    let indent = format!("{}{glyph}", "  ".repeat(row.depth));
    let (label, grade, style) = match node {
        Node::Assessment(a) => (
            format!("{} {}", a.year, a.title),
            Some(a.grade).filter(|g| g.is_judgment()),
            theme.heading(),
        ),
        Node::Area(area) => (
            area.short_title
                .clone()
                .unwrap_or_else(|| area.title.clone()),
            Some(area.grade),
            Style::new(),
        ),
        Node::Section { kind, count } => (
            format!("{} ({count})", kind.section_title()),
            None,
            theme.accent(),
        ),
        Node::Recommendation(r) => (format!("[{}] {}", r.deadline, r.text), None, Style::new()),
        other => (other.title().to_owned(), None, Style::new()),
    };
    let badge = grade.map(|g| badge_text(app, g));
    let badge_width = badge.as_ref().map_or(0, |b| b.width() + 1);
    let room = width.saturating_sub(indent.width() + badge_width);
    let label = truncate(&theme.text(&label), room, theme.ellipsis());
    let mut spans = vec![
        Span::raw(indent.clone()),
        Span::styled(label.clone(), style),
    ];
    if let (Some(badge), Some(grade)) = (badge, grade) {
        let used = indent.width() + label.width();
        let pad = width.saturating_sub(used + badge.width());
        if width > used + badge.width() {
            spans.push(Span::raw(" ".repeat(pad)));
            spans.push(Span::styled(badge, theme.grade(grade)));
        }
    }
    Line::from(spans)
}

fn badge_text(app: &App, grade: Grade) -> String {
    if app.theme.color {
        format!(" {} ", grade.label())
    } else {
        format!("[{}]", grade.label())
    }
}
