//! Drawing. Views read the state and its layouts and draw them; they never change state.

mod border;
mod help;
mod lines;
pub mod loading;
mod memo;
mod prompt;
mod reader;
mod screen;
mod status;
mod tree_pane;

use super::app::App;
use super::backend::Shown;
use super::text;
use ratatui::Frame;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Wrap};

use border::Border;
use memo::Pane;
pub use memo::PaneMemo;

/// The frame for `app`, every pane drawn.
pub fn draw(frame: &mut Frame, app: &App) {
    draw_panes(frame, app, None);
}

/// The frame for `app`, copying from the frame `shown` the panes whose inputs have not
/// changed since `memo` last drew them there.
pub fn draw_remembering(frame: &mut Frame, app: &App, memo: &mut PaneMemo, shown: Shown) {
    memo.begin(frame, &shown);
    draw_panes(frame, app, Some((memo, shown.buffer)));
}

fn draw_panes(frame: &mut Frame, app: &App, mut memo: Option<(&mut PaneMemo, &Buffer)>) {
    let mut remembered = |frame: &mut Frame,
                          pane: Pane,
                          area: Rect,
                          fingerprint: fn(&App, Rect) -> u64,
                          render: &dyn Fn(&mut Frame, Rect)| {
        match memo.as_mut() {
            Some((memo, shown)) => {
                memo.pane(frame, shown, pane, area, fingerprint(app, area), |frame| {
                    render(frame, area)
                })
            }
            None => render(frame, area),
        }
    };
    let screen = frame.area();
    let panes = app.panes();
    // The state's size and the frame's agree after every resize; clipping to the frame
    // keeps a stale size from ever drawing outside the buffer.
    let clip = |rect: Rect| rect.intersection(screen);
    if panes.too_small {
        too_small(frame, app, screen);
        return;
    }
    match (app.screens.last(), &app.prompt) {
        (Some(top), None) => screen::draw(frame, app, top, clip(panes.body)),
        _ => {
            if let Some(left) = panes.left {
                match &app.prompt {
                    Some(prompt) => prompt::draw(frame, app, prompt, clip(left)),
                    None => {
                        remembered(frame, Pane::Tree, clip(left), memo::tree, &|frame, area| {
                            tree_pane::draw(frame, app, area)
                        })
                    }
                }
            }
            if let Some(right) = panes.right {
                remembered(
                    frame,
                    Pane::Reader,
                    clip(right),
                    memo::reader,
                    &|frame, area| reader::draw(frame, app, area),
                );
            }
        }
    }
    remembered(
        frame,
        Pane::Status,
        clip(panes.status),
        memo::status,
        &|frame, area| status::draw(frame, app, area),
    );
    if app.help.is_some() {
        help::draw(frame, app, screen);
        if let Some((memo, _)) = memo {
            memo.overdrawn();
        }
    }
}

/// A bordered pane in the theme's border set, highlighted when it has the focus, its
/// titles shortened so the corners always show.
pub(crate) fn pane<'a>(
    app: &App,
    area: Rect,
    title: &str,
    bottom: Option<&str>,
    focused: bool,
) -> Border<'a> {
    let theme = &app.theme;
    let room = usize::from(area.width).saturating_sub(4);
    let title = text::shorten(&theme.text(title), room, theme.ellipsis());
    let title_width = text::width(&title);
    let bottom = bottom.map(|bottom| {
        let room = room.saturating_sub(title_width.min(room / 2));
        Line::from(text::shorten(bottom, room, theme.ellipsis())).style(theme.dim())
    });
    Border {
        set: theme.border_set(),
        style: theme.border(focused),
        title: Line::from(title).style(theme.heading()),
        bottom,
    }
}

fn too_small(frame: &mut Frame, app: &App, area: Rect) {
    let message = format!(
        "Terminal too small: peel needs at least {}x{} (now {}x{}). Enlarge the window, or press q to quit.",
        super::layout::MIN_WIDTH,
        super::layout::MIN_HEIGHT,
        app.width,
        app.height
    );
    let text = Paragraph::new(Line::from(message)).wrap(Wrap { trim: true });
    frame.render_widget(text, area);
}

/// Marks `area` as the selection. Cells that carry their own background (a grade badge, a
/// matched word) keep it, so the selected row still says its grade and where it matched.
pub(crate) fn mark_selected(frame: &mut Frame, area: Rect, style: ratatui::style::Style) {
    let area = area.intersection(frame.area());
    let buffer = frame.buffer_mut();
    for y in area.top()..area.bottom() {
        let start = buffer.index_of(area.x, y);
        for cell in &mut buffer.content[start..start + usize::from(area.width)] {
            if cell.bg == ratatui::style::Color::Reset {
                cell.set_style(style);
            }
        }
    }
}
