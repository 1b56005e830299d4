//! Recurring issues: each problem found in more than one year, its trajectory and note,
//! and its findings, any of which Enter opens.

use crate::compare;
use crate::tui::app::App;
use crate::tui::document::truncate;
use crate::tui::screens::{ListState, recurring_entries};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;

/// The screen's lines, and the line each selectable finding is on.
pub fn lay_out(app: &App, width: usize) -> (Vec<Line<'static>>, Vec<usize>) {
    let theme = &app.theme;
    let mut lines = Vec::new();
    let mut entry_lines = Vec::new();
    let Some(force) = app.library.forces().first() else {
        return (lines, entry_lines);
    };
    let entries = recurring_entries(app);
    for (i, issue) in force.recurring.iter().enumerate() {
        lines.push(Line::styled(
            truncate(&theme.text(&issue.title), width, theme.ellipsis()),
            theme.heading(),
        ));
        lines.push(Line::styled(
            truncate(
                &theme.text(&compare::trajectory(app.library, 0, issue)),
                width,
                theme.ellipsis(),
            ),
            theme.accent(),
        ));
        for line in textwrap::wrap(&theme.text(&issue.note), width.max(1)) {
            lines.push(Line::styled(line.into_owned(), theme.editorial()));
        }
        for (_, key) in entries.iter().filter(|(issue, _)| *issue == i) {
            entry_lines.push(lines.len());
            let year = app
                .library
                .year(*key)
                .map(|y| y.to_string())
                .unwrap_or_default();
            let text = format!("  {year} {}", app.library.node(*key).title());
            lines.push(Line::raw(truncate(
                &theme.text(&text),
                width,
                theme.ellipsis(),
            )));
        }
        lines.push(Line::default());
    }
    (lines, entry_lines)
}

pub fn draw(frame: &mut Frame, app: &App, state: &ListState, area: Rect) {
    let theme = &app.theme;
    let block = super::pane(
        theme,
        Line::from(" Recurring issues ").style(theme.heading()),
        true,
    );
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let (lines, entry_lines) = lay_out(app, usize::from(inner.width));
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(state.scroll)
        .take(usize::from(inner.height))
        .collect();
    frame.render_widget(Paragraph::new(shown), inner);
    if let Some(row) = entry_lines
        .get(state.cursor)
        .and_then(|l| l.checked_sub(state.scroll))
        .filter(|r| *r < usize::from(inner.height))
    {
        frame.buffer_mut().set_style(
            Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
            theme.selected(true),
        );
    }
}
