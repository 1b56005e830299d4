//! The reader pane: the selected node's full text, scrolled; after a search, the matching
//! passage marked in the margin and the searched words picked out.

use crate::search::fold;
use crate::tui::app::{App, Focus};
use crate::tui::document::Document;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::Paragraph;
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let focused = app.focus == Focus::Reader && !app.help_open && app.prompt.is_none();
    let text_area = app.reader_text_area().intersection(area);
    let doc = app.reader_document(text_area.width);
    let visible = usize::from(text_area.height);
    let total = doc.lines.len();
    let position = if total <= visible {
        " all ".to_owned()
    } else {
        let end = (app.reader_scroll + visible).min(total);
        format!(" {}% ", end * 100 / total)
    };
    let block = super::pane(
        theme,
        Line::from(format!(" {} ", app.library.id(app.selected))).style(theme.dim()),
        focused,
    )
    .title_bottom(Line::from(position).right_aligned().style(theme.dim()));
    frame.render_widget(block, area);
    let shown: Vec<Line> = doc
        .lines
        .iter()
        .skip(app.reader_scroll)
        .take(visible)
        .cloned()
        .collect();
    frame.render_widget(Paragraph::new(shown), text_area);
    mark_passage(frame, app, &doc, text_area);
}

fn mark_passage(frame: &mut Frame, app: &App, doc: &Document, text_area: Rect) {
    let Some(highlight) = app.highlight.as_ref().filter(|h| h.node == app.selected) else {
        return;
    };
    let theme = &app.theme;
    let range = doc.lines_of(highlight.anchor);
    let buffer = frame.buffer_mut();
    for line_index in range {
        let Some(row) = line_index
            .checked_sub(app.reader_scroll)
            .filter(|r| *r < usize::from(text_area.height))
        else {
            continue;
        };
        let y = text_area.y + row as u16;
        if text_area.x > 0 {
            buffer[(text_area.x - 1, y)]
                .set_symbol(theme.marker())
                .set_style(theme.accent());
        }
        let text = doc.lines[line_index].to_string();
        let folded = fold(&text);
        for word in highlight.words.iter().filter(|w| !w.is_empty()) {
            for (byte, _) in folded.match_indices(word.as_str()) {
                let start_chars = folded[..byte].chars().count();
                let word_chars = word.chars().count();
                let before: String = text.chars().take(start_chars).collect();
                let matched: String = text.chars().skip(start_chars).take(word_chars).collect();
                let x = text_area.x + before.width() as u16;
                let width = (matched.width() as u16).min(text_area.right().saturating_sub(x));
                buffer.set_style(Rect::new(x, y, width, 1), theme.matched());
            }
        }
    }
}
