//! The status bar: the mode, then the keys that work now, from the keymap table itself.

use crate::tui::app::App;
use crate::tui::keymap::bindings;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::Paragraph;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let mode = app.mode();
    let mut spans = vec![
        Span::styled(format!(" {} ", mode.label()), theme.selected(true)),
        Span::raw(" "),
    ];
    if let Some(notice) = &app.notice {
        spans.push(Span::styled(
            theme.text(notice).into_owned(),
            theme.accent(),
        ));
        frame.render_widget(Paragraph::new(Line::from(spans)), area);
        return;
    }
    for binding in bindings(mode) {
        let Some(hint) = binding.hint else { continue };
        let key = binding.keys[0];
        let label = if theme.ascii {
            key.ascii_label
        } else {
            key.label
        };
        spans.push(Span::styled(label.to_owned(), theme.accent()));
        spans.push(Span::styled(format!(" {hint}  "), theme.dim()));
    }
    frame.render_widget(Paragraph::new(Line::from(spans)), area);
}
