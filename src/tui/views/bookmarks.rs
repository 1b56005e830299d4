//! The bookmarks: each marked node with its year and where it sits, any of which Enter
//! opens and `m` removes.

use crate::tui::app::App;
use crate::tui::document::truncate;
use crate::tui::screens::ListState;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, state: &ListState, area: Rect) {
    let theme = &app.theme;
    let title = format!(" Bookmarks ({}) ", app.bookmarks.len());
    let block = super::pane(theme, Line::from(title).style(theme.heading()), true);
    let inner = block.inner(area);
    frame.render_widget(block, area);
    let width = usize::from(inner.width);
    if app.bookmarks.is_empty() {
        let hint = "No bookmarks yet: press m on any node to bookmark it.";
        frame.render_widget(
            Paragraph::new(Line::styled(
                truncate(hint, width, theme.ellipsis()),
                theme.dim(),
            )),
            inner,
        );
        return;
    }
    let lines: Vec<Line> = app
        .bookmarks
        .iter()
        .skip(state.scroll)
        .take(usize::from(inner.height))
        .map(|key| {
            let year = app.library.year(*key).map(|y| y.to_string());
            // The title first; where it sits after it, without repeating the year.
            let mut place = app.library.breadcrumb(*key);
            place.retain(|crumb| Some(crumb) != year.as_ref());
            let title = app.library.node(*key).title();
            let text = if place.is_empty() {
                title.to_owned()
            } else {
                format!("{title}  ({})", place.join(theme.separator()))
            };
            let text = theme.text(&text);
            let year = format!(" {:6}", year.unwrap_or_default());
            let room = width.saturating_sub(year.len());
            Line::from(vec![
                Span::styled(year, theme.accent()),
                Span::raw(truncate(&text, room, theme.ellipsis())),
            ])
        })
        .collect();
    frame.render_widget(Paragraph::new(lines), inner);
    if let Some(row) = state
        .cursor
        .checked_sub(state.scroll)
        .filter(|r| *r < usize::from(inner.height))
    {
        frame.buffer_mut().set_style(
            Rect::new(inner.x, inner.y + row as u16, inner.width, 1),
            theme.selected(true),
        );
    }
}
