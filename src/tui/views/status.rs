//! The status bar: the mode, then a notice or the keys that work now, from the keymap
//! itself. On a narrow bar whole hints drop out, least needed first; `?` and `q` last.

use crate::tui::action::Action;
use crate::tui::app::App;
use crate::tui::keymap::{Hint, KEEP, Mode, bindings, q_word};
use crate::tui::text;
use ratatui::Frame;
use ratatui::layout::Rect;
use ratatui::text::{Line, Span};

pub fn draw(frame: &mut Frame, app: &App, area: Rect) {
    let theme = &app.theme;
    let mode = app.mode();
    let label = format!(" {} ", mode.label());
    let lead = vec![
        Span::styled(label.clone(), theme.selected(true)),
        Span::raw(" "),
    ];
    let width = usize::from(area.width);
    let room = width.saturating_sub(text::width(&label) + 1);
    if let Some(notice) = &app.notice {
        let notice = theme.text(notice).into_owned();
        let mut spans = lead;
        spans.push(Span::styled(
            one_line(&notice, room, theme.ellipsis()),
            theme.accent(),
        ));
        super::lines::render(frame.buffer_mut(), area, &[Line::from(spans)]);
        return;
    }
    let hints = fit(app, room);
    let mut spans = lead;
    for (key, word) in hints {
        spans.push(Span::styled(key, theme.accent()));
        spans.push(Span::styled(format!(" {word}  "), theme.dim()));
    }
    super::lines::render(frame.buffer_mut(), area, &[Line::from(spans)]);
}

/// A notice on the status bar's one line; where it is cut, the bar says that `?` shows
/// the whole of it.
fn one_line(notice: &str, room: usize, ellipsis: &str) -> String {
    let notice = notice.split_whitespace().collect::<Vec<_>>().join(" ");
    if text::width(&notice) <= room {
        return notice;
    }
    const MORE: &str = " (? all)";
    if room > 2 * MORE.len() {
        format!(
            "{}{MORE}",
            text::shorten(&notice, room - MORE.len(), ellipsis)
        )
    } else {
        text::shorten(&notice, room, ellipsis)
    }
}

/// The hints that fit in `room` cells: by priority, whole or not at all, shown in the
/// table's order with `?` and `q` at the end.
fn fit(app: &App, room: usize) -> Vec<(String, &'static str)> {
    let mode = app.mode();
    let mut hints: Vec<(usize, String, &'static str, u8)> = bindings(mode)
        .iter()
        .enumerate()
        .filter_map(|(order, binding)| {
            let Hint { word, priority } = binding.hint?;
            // A hint for what the screen already is, or says another way, is noise.
            let redundant = matches!(
                (&binding.action, mode),
                (Action::Compare, Mode::Compare | Mode::Overview)
                    | (Action::Overview, Mode::Overview | Mode::Forces)
                    | (Action::Recurring, Mode::Recurring)
                    | (Action::Bookmarks, Mode::Bookmarks)
            );
            if redundant {
                return None;
            }
            // In the help, ? closes it.
            let word = if mode == Mode::Help && binding.action == Action::Help {
                "close"
            } else {
                word
            };
            let key = binding.keys[0];
            let key = if app.theme.ascii {
                key.ascii
            } else {
                key.label
            };
            let word = if key == "q" { q_word(mode) } else { word };
            // `?` and `q` go last on the bar, so they are found in the same place.
            let order = if priority == KEEP {
                usize::MAX - order
            } else {
                order
            };
            Some((order, key.to_owned(), word, priority))
        })
        .collect();
    let mut by_priority: Vec<usize> = (0..hints.len()).collect();
    by_priority.sort_by_key(|&i| std::cmp::Reverse(hints[i].3));
    let mut used = 0;
    let mut kept = vec![false; hints.len()];
    for i in by_priority {
        let cost = text::width(&hints[i].1) + hints[i].2.len() + 3;
        if used + cost <= room {
            used += cost;
            kept[i] = true;
        }
    }
    let mut shown: Vec<(usize, String, &'static str)> = hints
        .drain(..)
        .zip(kept)
        .filter(|(_, keep)| *keep)
        .map(|((order, key, word, _), _)| (order, key, word))
        .collect();
    shown.sort_by_key(|(order, ..)| *order);
    shown
        .into_iter()
        .map(|(_, key, word)| (key, word))
        .collect()
}
