//! The help overlay: every key of the screen it was opened from, from the keymap.

use crate::tui::app::App;
use crate::tui::help;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::widgets::{Clear, Paragraph};

pub fn draw(frame: &mut Frame, app: &App, screen: Rect) {
    let Some(state) = &app.help else { return };
    let width = help::text_width(screen.width);
    let lines = help::lines(
        &app.theme,
        app.mode_under_help(),
        state.notice.as_deref(),
        width,
    );
    let area = help::area(screen.width, screen.height, lines.len()).intersection(screen);
    let rows = usize::from(area.height.saturating_sub(2));
    let more = lines.len() > state.top + rows;
    let footer = if more {
        " j/k scroll, more below; Esc closes "
    } else {
        " Esc, ? or q closes "
    };
    let title = format!(" Keys: {} ", app.mode_under_help().label().to_lowercase());
    let border = super::pane(app, area, &title, Some(footer), true);
    frame.render_widget(Clear, area);
    let shown: Vec<_> = lines.into_iter().skip(state.top).collect();
    frame.render_widget(Paragraph::new(shown).block(border.block()), area);
}
