//! The reader pane: the selected node's full text, scrolled.

use crate::tui::app::{App, Focus};
use crate::tui::document;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Block, Paragraph};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let focused = app.focus == Focus::Reader && !app.help_open;
    let text_area = app.reader_text_area().intersection(area);
    let lines = document::build(app.library, app.selected, text_area.width, theme);
    let visible = usize::from(text_area.height);
    let position = if lines.len() <= visible {
        " all ".to_owned()
    } else {
        let end = (app.reader_scroll + visible).min(lines.len());
        format!(" {}% ", end * 100 / lines.len())
    };
    let block = Block::bordered()
        .border_set(theme.border_set())
        .border_style(theme.border(focused))
        .title(Line::from(format!(" {} ", app.library.id(app.selected))).style(theme.dim()))
        .title_bottom(Line::from(position).right_aligned().style(theme.dim()));
    frame.render_widget(block, area);
    let shown: Vec<Line> = lines
        .into_iter()
        .skip(app.reader_scroll)
        .take(visible)
        .collect();
    frame.render_widget(Paragraph::new(shown), text_area);
}
