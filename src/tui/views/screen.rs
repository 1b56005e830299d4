//! Every screen over the explorer (compare, overview, recurring issues, bookmarks), drawn
//! from its layout: a fixed header, the lines that scroll, a fixed footer, and the cursor.

use crate::tui::app::App;
use crate::tui::screens::{Context, Screen};
use ratatui::Frame;
use ratatui::layout::Rect;

pub fn draw(frame: &mut Frame, app: &App, screen: &Screen, area: Rect) {
    let context = Context {
        library: app.library,
        theme: &app.theme,
        bookmarks: &app.bookmarks,
    };
    let inner = crate::tui::layout::inner(area);
    let laid = screen.laid(context, inner.width);
    let nav = screen.nav();
    let viewport = laid.viewport(usize::from(inner.height));
    let below = laid.lines.len().saturating_sub(nav.top + viewport);
    let position = (nav.top > 0 || below > 0).then(|| {
        let end = (nav.top + viewport).min(laid.lines.len());
        format!(" {}% ", end * 100 / laid.lines.len().max(1))
    });
    let border = super::pane(
        app,
        area,
        &laid.title,
        position.as_deref(),
        app.help.is_none(),
    );
    frame.render_widget(border, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    let header = (laid.header.len() as u16).min(inner.height);
    super::lines::render(
        frame.buffer_mut(),
        Rect::new(inner.x, inner.y, inner.width, header),
        &laid.header,
    );
    let footer = laid.footer_height(usize::from(inner.height)) as u16;
    super::lines::render(
        frame.buffer_mut(),
        Rect::new(inner.x, inner.bottom() - footer, inner.width, footer),
        &laid.footer[..usize::from(footer)],
    );
    let body = Rect::new(
        inner.x,
        inner.y + header,
        inner.width,
        inner.height - header - footer,
    );
    let shown = laid.lines.get(nav.top..).unwrap_or(&[]);
    super::lines::render(frame.buffer_mut(), body, shown);
    if let Some(entry) = laid.entries.get(nav.cursor) {
        let x = body.x + entry.x.min(body.width);
        let width = entry
            .width
            .unwrap_or(body.width)
            .min(body.right().saturating_sub(x));
        for line in entry.span.first..entry.span.end() {
            if let Some(row) = line
                .checked_sub(nav.top)
                .filter(|r| *r < usize::from(body.height))
            {
                super::mark_selected(
                    frame,
                    Rect::new(x, body.y + row as u16, width, 1),
                    app.theme.selected(app.help.is_none()),
                );
            }
        }
    }
}
