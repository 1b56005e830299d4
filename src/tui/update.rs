//! State + action -> new state. Pure: no terminal, no I/O, unit-tested directly.

use super::action::Action;
use super::app::{App, Focus};
use super::screens;
use super::search;
use crate::model::{Node, NodeKey};

pub fn update(app: &mut App, action: Action) {
    if !matches!(action, Action::Resize { .. }) {
        app.notice = None;
    }
    match action {
        Action::Resize { width, height } => {
            app.width = width;
            app.height = height;
        }
        Action::Quit => app.quit = true,
        Action::ToggleHelp => {
            app.help_open = !app.help_open;
            app.help_scroll = 0;
        }
        Action::Back if app.help_open => app.help_open = false,
        Action::Down if app.help_open => {
            let most =
                super::views::help_line_count(app).saturating_sub(super::views::help_rows(app));
            app.help_scroll = (app.help_scroll + 1).min(most);
        }
        Action::Up if app.help_open => app.help_scroll = app.help_scroll.saturating_sub(1),
        _ if app.help_open => {}
        Action::Back if app.prompt.is_some() => search::cancel(app),
        _ if app.screen.is_some() && app.prompt.is_none() => screens::update(app, action),
        Action::OpenCompare => screens::open_compare(app),
        Action::OpenOverview => screens::open_overview(app),
        Action::OpenRecurring => screens::open_recurring(app),
        Action::OpenBookmarks => screens::open_bookmarks(app),
        Action::SearchInput(c) => search::edit(app, |input| input.push(c)),
        Action::SearchBackspace => search::edit(app, |input| {
            input.pop();
        }),
        Action::SearchDeleteWord => search::edit(app, search::delete_word),
        Action::SearchClear => search::edit(app, String::clear),
        Action::SearchAccept => search::accept(app),
        Action::Down if app.prompt.is_some() => search::move_selection(app, true),
        Action::Up if app.prompt.is_some() => search::move_selection(app, false),
        _ if app.prompt.is_some() => {}
        Action::OpenSearch => search::open(app),
        Action::NextResult => search::step(app, true),
        Action::PreviousResult => search::step(app, false),
        Action::Back => app.focus = Focus::Tree,
        Action::ToggleFocus => {
            app.focus = match app.focus {
                Focus::Tree => Focus::Reader,
                Focus::Reader => Focus::Tree,
            }
        }
        Action::Copy => copy(app),
        Action::ToggleBookmark => toggle_bookmark(app, app.selected),
        Action::NextSameKind => jump_to_same_kind(app, true),
        Action::PreviousSameKind => jump_to_same_kind(app, false),
        _ if app.focus == Focus::Reader => reader(app, action),
        _ => tree(app, action),
    }
    app.settle();
}

fn tree(app: &mut App, action: Action) {
    let rows = app.rows();
    if rows.is_empty() {
        return;
    }
    let index = app.selected_index(&rows);
    let last = rows.len() - 1;
    let page = app.tree_height();
    let target = match action {
        Action::Up => index.saturating_sub(1),
        Action::Down => (index + 1).min(last),
        Action::PageUp => index.saturating_sub(page),
        Action::PageDown => (index + page).min(last),
        Action::HalfPageUp => index.saturating_sub(page / 2),
        Action::HalfPageDown => (index + page / 2).min(last),
        Action::Top => 0,
        Action::Bottom => last,
        Action::Open => {
            let row = rows[index];
            // A finding is something to read: open it, and show its recommendations
            // beneath it for when the reader comes back to the tree.
            if matches!(
                app.library.node(row.key),
                Node::Finding(_) | Node::Recommendation(_)
            ) {
                app.expanded.insert(row.key);
                app.focus = Focus::Reader;
            } else if row.has_children && !row.expanded {
                app.expanded.insert(row.key);
            } else if let Some(&first) = app.library.children(row.key).first() {
                select(app, first);
            } else {
                app.focus = Focus::Reader;
            }
            return;
        }
        Action::Close => {
            let row = rows[index];
            if row.expanded {
                app.expanded.remove(&row.key);
            } else if let Some(parent) = app.library.parent(row.key) {
                select(app, parent);
            }
            return;
        }
        _ => return,
    };
    select(app, rows[target].key);
}

fn reader(app: &mut App, action: Action) {
    let page = usize::from(app.reader_text_area().height).max(1);
    app.reader_scroll = match action {
        Action::Up => app.reader_scroll.saturating_sub(1),
        Action::Down => app.reader_scroll + 1,
        Action::PageUp => app
            .reader_scroll
            .saturating_sub(page.saturating_sub(1).max(1)),
        Action::PageDown => app.reader_scroll + page.saturating_sub(1).max(1),
        Action::HalfPageUp => app.reader_scroll.saturating_sub(page / 2),
        Action::HalfPageDown => app.reader_scroll + page / 2,
        Action::Top => 0,
        Action::Bottom => usize::MAX,
        Action::Close => {
            app.focus = Focus::Tree;
            app.reader_scroll
        }
        _ => app.reader_scroll,
    };
}

/// Selecting a node shows it from the top and opens the path down to it.
/// `y`: the node as `peel show` prints it (breadcrumb, title, kind, year, id, text and
/// source lines) goes to the clipboard; the terminal loop sends it.
fn copy(app: &mut App) {
    let text = crate::cli::node_text(app.library, app.selected);
    let title = app.library.node(app.selected).title().to_owned();
    match super::clipboard::check(&text) {
        Ok(()) => {
            app.notice = Some(format!("Copied with its citation: {title}"));
            app.clipboard = Some(text);
        }
        Err(encoded) => {
            app.notice = Some(format!(
                "Not copied: {} kB is more than terminals accept by OSC 52 ({} kB); use `peel show {}`",
                encoded / 1000,
                super::clipboard::LIMIT_ENCODED_BYTES / 1000,
                app.library.id(app.selected)
            ));
        }
    }
}

pub fn toggle_bookmark(app: &mut App, key: NodeKey) {
    let title = app.library.node(key).title().to_owned();
    if let Some(at) = app.bookmarks.iter().position(|k| *k == key) {
        app.bookmarks.remove(at);
        app.notice = Some(format!("Bookmark removed: {title}"));
    } else {
        app.bookmarks.push(key);
        app.notice = Some(format!("Bookmarked: {title} (' lists bookmarks)"));
    }
}

pub fn select(app: &mut App, key: NodeKey) {
    if app.selected != key {
        app.reader_scroll = 0;
    }
    let mut chain = app.library.ancestry(key);
    chain.pop();
    app.expanded.extend(chain);
    app.selected = key;
}

/// `]` and `[`: the next finding of the same kind anywhere in the reports (cause of concern
/// to cause of concern, recommendation to recommendation), wrapping around.
fn jump_to_same_kind(app: &mut App, forward: bool) {
    let group = |key: NodeKey| match app.library.node(key) {
        Node::Section { kind, .. } => (kind.key(), true),
        node => (node.kind_key(), false),
    };
    let wanted = group(app.selected);
    let all = app.library.preorder();
    let Some(here) = all.iter().position(|key| *key == app.selected) else {
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
        select(app, key);
    }
}
