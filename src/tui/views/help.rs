//! The help overlay: every key, generated from the keymap tables.

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{Binding, Mode, bindings};
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Clear, Paragraph, Wrap};

/// How many lines the help has for the current mode.
pub fn help_line_count(app: &App) -> usize {
    help_lines(app).len()
}

/// How many of them fit in the overlay.
pub fn help_rows(app: &App) -> usize {
    let lines = help_line_count(app) as u16;
    usize::from(
        (lines + 2)
            .min(app.height.saturating_sub(2))
            .saturating_sub(2),
    )
}

pub fn draw(frame: &mut Frame, app: &App, screen: Rect) {
    let theme = &app.theme;
    let lines = help_lines(app);
    let width = screen.width.saturating_sub(4).min(78);
    let height = (lines.len() as u16 + 2).min(screen.height.saturating_sub(2));
    let rows = usize::from(height.saturating_sub(2));
    let more = lines.len() > app.help_scroll + rows;
    let footer = if more {
        " j/k scroll · more below · Esc closes "
    } else {
        " Esc, ? or q closes "
    };
    let area = Rect::new(
        screen.x + (screen.width - width) / 2,
        screen.y + (screen.height.saturating_sub(height)) / 2,
        width,
        height,
    );
    let block = super::pane(theme, Line::from(" Keys ").style(theme.heading()), true)
        .title_bottom(Line::from(footer).right_aligned().style(theme.dim()));
    frame.render_widget(Clear, area);
    let shown: Vec<Line> = lines.into_iter().skip(app.help_scroll).collect();
    frame.render_widget(
        Paragraph::new(shown)
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
    let under = app.mode_under_help();
    if !matches!(under, Mode::Tree | Mode::Reader) {
        for binding in bindings(under) {
            match rows.iter_mut().find(|(_, h)| h == binding.help) {
                Some((keys, _)) => keys.push_str(&format!(" {}", keys_of(binding))),
                None => rows.push((keys_of(binding), binding.help.to_owned())),
            }
        }
        if under == Mode::Search {
            rows.push((
                "any other key".to_owned(),
                "typed into the query".to_owned(),
            ));
        }
        return format_rows(app, rows);
    }
    for binding in bindings(Mode::Tree) {
        let reader = bindings(Mode::Reader).find(|r| {
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
        if !bindings(Mode::Tree).any(|t| t.action == binding.action) {
            rows.push((keys_of(binding), format!("reader: {}", binding.help)));
        }
    }
    format_rows(app, rows)
}

fn format_rows(app: &App, rows: Vec<(String, String)>) -> Vec<Line<'static>> {
    let theme = &app.theme;
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
