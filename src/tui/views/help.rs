//! The help overlay: every key, generated from the keymap tables.

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{Binding, Mode, bindings};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Block, Clear, Paragraph, Wrap};

pub fn draw(frame: &mut Frame, app: &App, screen: Rect) {
    let theme = &app.theme;
    let lines = help_lines(app);
    let width = screen.width.saturating_sub(4).min(78);
    let height = (lines.len() as u16 + 2).min(screen.height.saturating_sub(2));
    let area = Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + (screen.height.saturating_sub(height)) / 2,
        width,
        height,
    );
    let block = Block::bordered()
        .border_set(theme.border_set())
        .border_style(theme.border(true))
        .title(Line::from(" Keys ").style(theme.heading()))
        .title_bottom(
            Line::from(" Esc, ? or q closes ")
                .right_aligned()
                .style(theme.dim()),
        );
    frame.render_widget(Clear, area);
    frame.render_widget(
        Paragraph::new(lines)
            .block(block)
            .wrap(Wrap { trim: false }),
        area,
    );
}

/// One line per action: its keys, what it does in the tree and, where different, in the
/// reader. Built from the same tables that handle the keys.
fn help_lines(app: &App) -> Vec<Line<'static>> {
    let theme = &app.theme;
    let keys_of = |binding: &Binding| {
        binding
            .keys
            .iter()
            .map(|k| if theme.ascii { k.ascii_label } else { k.label })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut rows: Vec<(String, String)> = Vec::new();
    for binding in bindings(Mode::Tree) {
        let reader = bindings(Mode::Reader).iter().find(|r| {
            r.action == binding.action
                && r.help != binding.help
                && !matches!(r.action, Action::ToggleFocus)
        });
        let help = match reader {
            Some(r) => format!("{}; reader: {}", binding.help, r.help),
            None => binding.help.to_owned(),
        };
        match rows.iter_mut().find(|(_, h)| *h == help) {
            Some((keys, _)) => keys.push_str(&format!(" {}", keys_of(binding))),
            None => rows.push((keys_of(binding), help)),
        }
    }
    for binding in bindings(Mode::Reader) {
        if !bindings(Mode::Tree)
            .iter()
            .any(|t| t.action == binding.action)
        {
            rows.push((keys_of(binding), format!("reader: {}", binding.help)));
        }
    }
    let key_width = rows
        .iter()
        .map(|(k, _)| k.chars().count())
        .max()
        .unwrap_or(0)
        + 2;
    rows.into_iter()
        .map(|(keys, help)| {
            Line::from(vec![
                Span::styled(format!(" {keys:<key_width$}"), theme.accent()),
                Span::raw(help),
            ])
        })
        .collect()
}
