//! The frame shown while a large content folder is read and checked: what is being read
//! and how far it has got, and nothing of the content itself, which is shown only once
//! every file has been checked.

use crate::tui::palette::Palette;
use ratatui::Frame;
use ratatui::layout::{Constraint, Layout};
use ratatui::text::{Line, Span};
use ratatui::widgets::{Paragraph, Wrap};

/// `what` is the folder as the reader named it, already made inert.
pub fn draw(frame: &mut Frame, theme: &Palette, what: &str, parsed: usize, found: usize) {
    let area = frame.area();
    let counts = if found == 0 {
        "Looking for content files…".to_owned()
    } else {
        format!("Checked {parsed} of {found} files")
    };
    let lines = vec![
        Line::from(Span::styled("peel", theme.heading())),
        Line::from(format!("Reading {what}")),
        Line::from(counts),
        Line::from(Span::styled(
            "The reports appear once every file has been checked. Ctrl-c stops.",
            theme.dim(),
        )),
    ];
    let height = u16::try_from(lines.len()).unwrap_or(u16::MAX);
    let [_, middle, _] = Layout::vertical([
        Constraint::Fill(1),
        Constraint::Length(height),
        Constraint::Fill(1),
    ])
    .areas(area);
    frame.render_widget(
        Paragraph::new(lines).wrap(Wrap { trim: true }).centered(),
        middle,
    );
}
