//! The help overlay: the keys of the screen it was opened from, generated from the keymap
//! tables that dispatch them, laid out for a width. Pure.

use super::keymap::{Binding, Mode, bindings};
use super::text;
use super::theme::Theme;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HelpState {
    /// The first line in view.
    pub top: usize,
}

/// Where the overlay goes on a `width` x `height` screen for `lines` lines of help.
pub fn area(width: u16, height: u16, lines: usize) -> Rect {
    // Inside the panes' outer frame and above the status bar, so the frame's corners and
    // the position counter on its bottom border stay whole, and no pane's text shows
    // beside it at the widths where it spans the screen.
    let w = if width > 24 {
        (width - 2).min(84)
    } else {
        width
    };
    let wanted = u16::try_from(lines).unwrap_or(u16::MAX).saturating_add(2);
    let (top, room) = if height > 5 {
        (1, height - 3)
    } else {
        (0, height)
    };
    let h = wanted.min(room);
    Rect::new((width - w) / 2, top + (room - h) / 2, w, h)
}

/// The text width inside the overlay.
pub fn text_width(width: u16) -> usize {
    usize::from(area(width, 1, 0).width.saturating_sub(2)).max(1)
}

/// The help for `mode`, laid out `width` cells wide: each action once, with all its keys,
/// its description wrapped under itself.
pub fn lines(theme: &Theme, mode: Mode, width: usize) -> Vec<Line<'static>> {
    let keys_of = |binding: &Binding| {
        binding
            .keys
            .iter()
            .map(|k| if theme.ascii { k.ascii } else { k.label })
            .collect::<Vec<_>>()
            .join(" ")
    };
    let mut rows: Vec<(String, String)> = Vec::new();
    for binding in bindings(mode) {
        let help = theme.text(binding.help).into_owned();
        match rows.iter_mut().find(|(_, h)| *h == help) {
            Some((keys, _)) => {
                keys.push(' ');
                keys.push_str(&keys_of(&binding));
            }
            None => rows.push((keys_of(&binding), help)),
        }
    }
    if mode == Mode::Prompt {
        rows.push(("other keys".into(), "typed into the query".into()));
    }
    let key_width = rows
        .iter()
        .map(|(keys, _)| text::width(keys))
        .max()
        .unwrap_or(0)
        .min(width / 3)
        + 2;
    let rule = format!(
        "{} keys. Esc goes back one level; so does q, which quits from the tree.",
        capitalised(mode)
    );
    let mut out: Vec<Line<'static>> = text::wrap(&rule, width)
        .into_iter()
        .map(|line| Line::styled(line, theme.dim()))
        .collect();
    let indent = " ".repeat(key_width + 1);
    for (keys, help) in rows {
        let keys = format!(" {keys}");
        if text::width(&keys) > key_width {
            // Many keys for one action: the keys on their own line, the words below.
            for line in text::wrap(&keys, width) {
                out.push(Line::styled(line, theme.accent()));
            }
            for line in text::wrap_indented(&help, width, &indent, &indent) {
                out.push(Line::raw(line));
            }
            continue;
        }
        let wrapped = text::wrap(&help, width.saturating_sub(key_width + 1).max(1));
        for (i, line) in wrapped.into_iter().enumerate() {
            let lead = if i == 0 {
                text::pad(&keys, key_width + 1)
            } else {
                indent.clone()
            };
            out.push(Line::from(vec![
                Span::styled(lead, theme.accent()),
                Span::raw(line),
            ]));
        }
    }
    out
}

fn capitalised(mode: Mode) -> String {
    let label = mode.label().to_lowercase();
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => label,
    }
}
