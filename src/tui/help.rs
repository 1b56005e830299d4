//! The help overlay: the keys of the screen it was opened from, generated from the keymap
//! tables that dispatch them, laid out for a width. Pure.

use super::keymap::{Binding, Mode, bindings};
use super::palette::Palette;
use super::text;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct HelpState {
    /// The first line in view.
    pub top: usize,
    /// The notice the status bar showed when the help opened: a notice gets one line
    /// there, so its whole text is kept here.
    pub notice: Option<crate::tui::notice::Notice>,
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
pub fn lines(
    theme: &Palette,
    mode: Mode,
    notice: Option<&str>,
    width: usize,
) -> Vec<Line<'static>> {
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
        rows.extend(query_syntax());
    }
    if mode == Mode::ForcesFilter {
        rows.push((
            "other keys".into(),
            "typed into the filter: words of a force's name or its id".into(),
        ));
    }
    let key_width = rows
        .iter()
        .map(|(keys, _)| text::width(keys))
        .max()
        .unwrap_or(0)
        .min(width / 3)
        + 2;
    let rule = format!("{} keys. {}", capitalised(mode), way_out(mode));
    let mut out: Vec<Line<'static>> = Vec::new();
    if let Some(notice) = notice {
        let notice = theme.text(notice).into_owned();
        out.extend(
            text::wrap(&notice, width)
                .into_iter()
                .map(|line| Line::styled(line, theme.accent())),
        );
        out.push(Line::raw(""));
    }
    out.extend(
        text::wrap(&rule, width)
            .into_iter()
            .map(|line| Line::styled(line, theme.dim())),
    );
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

/// What the query understands, for the search help, from the parser's own lists.
fn query_syntax() -> Vec<(String, String)> {
    let grades: Vec<String> = crate::model::Grade::ALL
        .iter()
        .map(|grade| format!("grade:{}", grade.key()))
        .collect();
    vec![
        (
            "words".into(),
            "every word must match; near misses count (thrve finds THRIVE)".into(),
        ),
        (
            "\"a phrase\"".into(),
            "these words together, in this order".into(),
        ),
        ("year:2017".into(), "only that year's assessment".into()),
        ("kind:".into(), crate::search::kind_names().join(" ")),
        ("grade:".into(), grades.join(" ")),
        (
            "force:kent".into(),
            "only that force's reports: its id or words of its name (force:\"west midlands\")"
                .into(),
        ),
    ]
}

/// How to leave the screen, as its keys really do it.
fn way_out(mode: Mode) -> &'static str {
    match mode {
        Mode::Tree => "q quits; Ctrl-c quits from anywhere.",
        Mode::Prompt => "Esc goes back to where you were; Ctrl-c quits.",
        Mode::ForcesFilter => "Enter keeps the filter, Esc clears it; Ctrl-c quits.",
        _ => "Esc or q goes back one level; Ctrl-c quits.",
    }
}

fn capitalised(mode: Mode) -> String {
    let label = mode.label().to_lowercase();
    let mut chars = label.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => label,
    }
}
