//! The tree and the reader: moving, opening and closing nodes, reading, and the keys that
//! act on the selected node (copy, bookmark, the next finding of the same kind).

use crate::model::{Node, NodeKey};
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::clipboard;
use crate::tui::nav::{ListNav, Motion};

/// Handles the explorer's own keys; false for those every screen shares.
pub fn handle(app: &mut App, action: &Action) -> bool {
    if let &Action::Move(motion) = action {
        match app.focus {
            Focus::Tree => move_tree(app, motion),
            Focus::Reader => app.reader = app.with_reader(|view| view.apply(app.reader, motion)),
        }
        return true;
    }
    match action {
        Action::Open if app.focus == Focus::Tree => open(app),
        Action::Close if app.focus == Focus::Tree => close(app),
        Action::Close => app.focus = Focus::Tree,
        Action::ToggleFocus => {
            app.focus = match app.focus {
                Focus::Tree => Focus::Reader,
                Focus::Reader => Focus::Tree,
            }
        }
        Action::NextSameKind => same_kind(app, true),
        Action::PreviousSameKind => same_kind(app, false),
        Action::ToggleBookmark => app.toggle_bookmark(app.selected()),
        _ => return false,
    }
    true
}

pub fn move_tree(app: &mut App, motion: Motion) {
    let (spans, total) = app.tree_spans();
    let mut nav = ListNav {
        cursor: app.tree.selected_index(),
        top: spans.get(app.tree.top).map_or(0, |s| s.first),
    };
    nav.apply_by_entries(motion, spans, total, app.tree_height());
    let top = spans.iter().position(|s| s.first >= nav.top).unwrap_or(0);
    if let Some(row) = app.tree.rows().get(nav.cursor).copied() {
        app.select(row.key);
    }
    app.tree.top = top;
}

/// The mouse wheel over the tree: the view moves a row and the selection stays where it
/// is, unless it would leave the view, when it moves to the nearest row still in view.
pub fn scroll_tree(app: &mut App, down: bool) {
    let (spans, total) = app.tree_spans();
    let height = app.tree_height().max(1);
    let Some(last) = spans.len().checked_sub(1) else {
        return;
    };
    let last_top = spans
        .iter()
        .position(|span| total.saturating_sub(span.first) <= height)
        .unwrap_or(last);
    let top = if down {
        (app.tree.top + 1).min(last_top.max(app.tree.top))
    } else {
        app.tree.top.saturating_sub(1)
    }
    // A view left below the rows (they were just collapsed) starts from the last one.
    .min(last);
    let line = spans[top].first;
    let whole = |i: &usize| {
        let span = &spans[*i];
        span.first.saturating_sub(span.context) >= line && span.end() <= line + height
    };
    let cursor = app.tree.selected_index();
    let nearest = (!whole(&cursor)).then(|| {
        let in_view: Vec<usize> = (top..spans.len()).filter(whole).collect();
        let nearest = if cursor < top {
            in_view.first()
        } else {
            in_view.last()
        };
        nearest.copied().unwrap_or(top)
    });
    if let Some(row) = nearest.and_then(|row| app.tree.rows().get(row).copied()) {
        app.select(row.key);
    }
    app.tree.top = top;
}

/// Enter: expand a collapsed node, step into an expanded one, read a finding (showing its
/// recommendations beneath it for when the reader comes back to the tree).
fn open(app: &mut App) {
    let rows = app.tree.rows();
    let Some(row) = rows.get(app.tree.selected_index()).copied() else {
        return;
    };
    if matches!(
        app.library.node(row.key),
        Node::Finding(_) | Node::Recommendation(_)
    ) {
        app.tree.expand(app.library, row.key);
        app.focus = Focus::Reader;
    } else if row.has_children && !row.expanded {
        app.tree.expand(app.library, row.key);
    } else if let Some(&first) = app.library.children(row.key).first() {
        app.select(first);
    } else {
        app.focus = Focus::Reader;
    }
}

/// h: collapse an expanded node, otherwise go to the parent.
fn close(app: &mut App) {
    let rows = app.tree.rows();
    let Some(row) = rows.get(app.tree.selected_index()).copied() else {
        return;
    };
    if row.expanded {
        app.tree.collapse(app.library, row.key);
    } else if let Some(parent) = app.library.parent(row.key) {
        app.select(parent);
    }
}

/// `]` and `[`: the next finding of the same kind anywhere in the reports (cause of concern
/// to cause of concern, recommendation to recommendation), wrapping around.
fn same_kind(app: &mut App, forward: bool) {
    let library = app.library;
    let group = |key: NodeKey| match library.node(key) {
        Node::Section { kind, .. } => (kind.key(), true),
        node => (node.kind_key(), false),
    };
    let wanted = group(app.selected());
    let all = library.preorder();
    let Some(here) = all.iter().position(|key| *key == app.selected()) else {
        return;
    };
    let same = |key: &&NodeKey| group(**key) == wanted;
    let found = if forward {
        all[here + 1..].iter().chain(&all[..here]).find(same)
    } else {
        all[..here]
            .iter()
            .rev()
            .chain(all[here + 1..].iter().rev())
            .find(same)
    };
    if let Some(&key) = found {
        app.select(key);
    }
}

/// `y`: the node's document, as the reader shows it and `peel show` prints it, for the
/// clipboard; the terminal loop sends it.
pub fn copy(app: &mut App) -> Option<String> {
    let key = app.selected();
    let text = crate::document::build(app.library, key).plain_text();
    let title = app.library.node(key).title().to_owned();
    match clipboard::check(&text) {
        Ok(()) => {
            app.notice = Some(format!("Copied with its citation: {title}").into());
            Some(text)
        }
        Err(encoded) => {
            app.notice = Some(format!(
                "Not copied: {} kB is more than terminals accept by OSC 52 ({} kB); use `peel show {}`",
                encoded / 1000,
                clipboard::LIMIT_ENCODED_BYTES / 1000,
                app.library.id(key)
            ).into());
            None
        }
    }
}
