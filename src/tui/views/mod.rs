//! Drawing. Views read the state and draw it; they never change it.

mod bookmarks;
pub mod compare;
mod help;
pub use help::{help_line_count, help_rows};
pub mod overview;
mod reader;
pub mod recurring;
mod search;
mod status;
mod tree;

use super::app::App;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App) {
    let screen = frame.area();
    let layout = app.layout();
    // The state's size and the frame's agree after every resize; clipping to the frame
    // keeps a stale size from ever drawing outside the buffer.
    let clip = |rect: Rect| rect.intersection(screen);
    if layout.too_small {
        too_small(frame, app, screen);
        return;
    }
    if let Some(screen) = &app.screen {
        let body = clip(Rect::new(0, 0, app.width, app.height.saturating_sub(1)));
        use crate::tui::screens::Screen;
        match screen {
            Screen::Compare(state) => compare::draw(frame, app, state, body),
            Screen::Overview(state) => overview::draw(frame, app, state, body),
            Screen::Recurring(state) => recurring::draw(frame, app, state, body),
            Screen::Bookmarks(state) => bookmarks::draw(frame, app, state, body),
        }
        status::draw(frame, app, clip(layout.status));
        if app.help_open {
            help::draw(frame, app, screen_area(frame));
        }
        return;
    }
    if let Some(area) = layout.tree {
        match &app.prompt {
            Some(prompt) => search::draw(frame, app, prompt, clip(area)),
            None => tree::draw(frame, app, clip(area)),
        }
    }
    if let Some(area) = layout.reader {
        reader::draw(frame, app, clip(area));
    }
    status::draw(frame, app, clip(layout.status));
    if app.help_open {
        help::draw(frame, app, screen);
    }
}

/// A bordered pane in the theme's border set, highlighted when it has the focus.
pub(crate) fn pane<'a>(
    theme: &crate::tui::theme::Theme,
    title: Line<'a>,
    focused: bool,
) -> ratatui::widgets::Block<'a> {
    ratatui::widgets::Block::bordered()
        .border_set(theme.border_set())
        .border_style(theme.border(focused))
        .title(title)
}

fn screen_area(frame: &Frame) -> Rect {
    frame.area()
}

fn too_small(frame: &mut Frame, app: &App, area: Rect) {
    let message = format!(
        "Terminal too small: peel needs at least {}x{} (now {}x{}). Enlarge the window, or press q to quit.",
        super::app::MIN_WIDTH,
        super::app::MIN_HEIGHT,
        app.width,
        app.height
    );
    let text = Paragraph::new(Line::from(message)).wrap(Wrap { trim: true });
    frame.render_widget(text, area);
}
