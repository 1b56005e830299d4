//! The reader pane: the selected node's document from the reader's position, no wider than
//! is comfortable to read; after a search, the matching passage marked in the margin and
//! the searched words picked out.

use crate::search::fold;
use crate::tui::app::{App, Focus};
use crate::tui::flow::{Chunk, Flow, RowSpan};
use crate::tui::layout;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use unicode_width::UnicodeWidthStr;

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let focused = app.focus == Focus::Reader && app.help.is_none() && app.prompt.is_none();
    let text_area = layout::reader_text(area);
    let (lines, progress) =
        app.with_reader(|view| (view.lines(app.reader), view.progress(app.reader)));
    let progress = match progress {
        None => " all ".to_owned(),
        Some(percent) => format!(" {percent}% "),
    };
    frame.render_widget(
        super::pane(app, area, " Reader ", Some(&progress), focused),
        area,
    );
    let flow = app.flow();
    let shown: Vec<Line> = lines
        .iter()
        .map(|(chunk, row)| row_line(&flow, *chunk, row))
        .collect();
    super::lines::render(frame.buffer_mut(), text_area, &shown);
    mark_passage(frame, app, &flow, &lines, text_area);
}

/// One line of a chunk, with its styles.
fn row_line<'f>(flow: &'f Flow, chunk: usize, row: &'f RowSpan) -> Line<'f> {
    match (&flow.chunks[chunk], row) {
        (Chunk::Text(text), RowSpan::Text { start, end, first }) => {
            let lead = if *first { &text.first } else { &text.rest };
            let mut spans = vec![Span::raw(lead.as_str())];
            for (range, style) in &text.styles {
                let from = range.start.max(*start);
                let to = range.end.min(*end);
                if from < to {
                    spans.push(Span::styled(&text.text[from..to], *style));
                }
            }
            Line::from(spans)
        }
        (Chunk::TableRow { style, .. }, RowSpan::Table(line)) => {
            Line::styled(line.as_str(), *style)
        }
        _ => Line::default(),
    }
}

fn mark_passage(
    frame: &mut Frame,
    app: &App,
    flow: &Flow,
    lines: &[(usize, RowSpan)],
    text_area: Rect,
) {
    let Some(highlight) = app.highlight.as_ref().filter(|h| h.node == app.selected()) else {
        return;
    };
    let theme = &app.theme;
    let chunks = flow.chunks_of(highlight.anchor);
    let buffer = frame.buffer_mut();
    for (row, (chunk, span)) in lines.iter().enumerate() {
        if !chunks.contains(chunk) || row >= usize::from(text_area.height) {
            continue;
        }
        let y = text_area.y + row as u16;
        if text_area.x > 0 {
            buffer[(text_area.x - 1, y)]
                .set_symbol(theme.marker())
                .set_style(theme.accent());
        }
        let text = row_line(flow, *chunk, span).to_string();
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
