//! Search in the explorer: the prompt (typing, pasting, history), its list of results,
//! jumping to one, and stepping through them with n/N from any screen.

use crate::search::{Hit, Query};
use crate::tui::action::Action;
use crate::tui::app::{App, Focus};
use crate::tui::help::HelpState;
use crate::tui::nav::Motion;
use crate::tui::prompt::{Found, HISTORY_LENGTH, Highlight, MAX_QUERY_CHARS, Origin, Prompt};
use crate::tui::results;

fn origin(app: &App) -> Origin {
    Origin {
        tree: app.tree.clone(),
        focus: app.focus,
        reader: app.reader,
        screens: app.screens.clone(),
    }
}

/// Builds the index here only when no background build is on its way.
fn ensure_searcher(app: &mut App) {
    if app.searcher.is_none() && !app.indexing {
        app.searcher = Some(std::sync::Arc::new(crate::search::Searcher::new(
            app.library,
        )));
    }
}

/// The background build is done: what was typed meanwhile is searched now.
pub fn index_ready(app: &mut App, searcher: crate::search::Searcher) {
    app.indexing = false;
    if app.searcher.is_none() {
        app.searcher = Some(std::sync::Arc::new(searcher));
    }
    if let Some(prompt) = app.prompt.as_mut() {
        // Nothing was searched yet: the first search is a whole one, not a narrowing of
        // the empty results shown while indexing.
        prompt.query = Query::default();
        prompt.hits.clear();
        refresh(app);
    }
    if app
        .prompt
        .as_ref()
        .is_some_and(|prompt| prompt.jump_when_ready)
    {
        accept(app);
    }
    app.settle();
}

/// `/`: the prompt, holding the last query (typing replaces it, editing keys keep it).
pub fn open(app: &mut App) {
    ensure_searcher(app);
    app.help = None;
    let last = app
        .found
        .as_ref()
        .map(|found| found.input.clone())
        .or_else(|| app.history.first().cloned())
        .unwrap_or_default();
    app.prompt = Some(Prompt {
        input: last,
        query: Query::default(),
        hits: Vec::new(),
        nav: Default::default(),
        list: false,
        history_at: None,
        cut: false,
        replace: true,
        plans: Default::default(),
        origin: origin(app),
        jump_when_ready: false,
    });
    app.screens.clear();
    // The results take the left pane at their own width.
    app.lay_out();
    refresh(app);
}

/// Esc: everything back as it was before the prompt opened.
pub fn cancel(app: &mut App) {
    if let Some(prompt) = app.prompt.take() {
        let origin = prompt.origin;
        app.tree = origin.tree;
        app.focus = origin.focus;
        app.reader = origin.reader;
        app.screens = origin.screens;
        app.highlight = None;
    }
}

/// The prompt's keys; false for the few it shares (quit, help).
pub fn prompt(app: &mut App, action: &Action) -> bool {
    match action {
        // A query that is only `?` finds nothing (punctuation is not searched), so on an
        // empty query `?` opens the help as it does everywhere else.
        Action::Type(text) if text == "?" && about_to_be_empty(app) => {
            app.help = Some(HelpState::default());
        }
        Action::Type(text) => edit(app, |input, replace| {
            if replace {
                input.clear();
            }
            // A paste is text for the query: line breaks and tabs become spaces, and what a
            // terminal would act on (escapes, bidi overrides, invisible characters) is dropped.
            for c in text.chars() {
                if c.is_control() || c.is_whitespace() {
                    input.push(' ');
                } else if crate::content::shows_as_itself(c) {
                    input.push(c);
                }
            }
        }),
        Action::DeleteChar => edit(app, |input, _| {
            input.pop();
        }),
        Action::DeleteWord => edit(app, |input, _| delete_word(input)),
        Action::ClearQuery => edit(app, |input, _| input.clear()),
        Action::HistoryBack | Action::HistoryForward => recall(app, *action == Action::HistoryBack),
        Action::Accept => accept(app),
        Action::Results => {
            if let Some(prompt) = &mut app.prompt {
                prompt.list = true;
            }
        }
        Action::Back => cancel(app),
        &Action::Move(motion) => move_cursor(app, motion),
        _ => return false,
    }
    true
}

fn about_to_be_empty(app: &App) -> bool {
    app.prompt
        .as_ref()
        .is_some_and(|prompt| prompt.input.is_empty() || prompt.replace)
}

/// The result list's keys: the navigation layer, Enter, and `/` to edit the query again.
pub fn results(app: &mut App, action: &Action) -> bool {
    if let &Action::Move(motion) = action {
        move_cursor(app, motion);
        return true;
    }
    match action {
        Action::Accept => accept(app),
        Action::Search => {
            if let Some(prompt) = &mut app.prompt {
                prompt.list = false;
                prompt.replace = false;
            }
        }
        Action::NextResult | Action::PreviousResult => {
            let Some(prompt) = &mut app.prompt else {
                return true;
            };
            let count = prompt.hits.len();
            if count > 0 {
                let forward = *action == Action::NextResult;
                prompt.nav.cursor = wrap_step(prompt.nav.cursor, count, forward).0;
                keep_in_view(app);
                preview(app);
            }
        }
        Action::Back | Action::BackOrQuit => cancel(app),
        _ => return false,
    }
    true
}

fn edit(app: &mut App, change: impl FnOnce(&mut String, bool)) {
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    change(&mut prompt.input, prompt.replace);
    prompt.replace = false;
    prompt.history_at = None;
    let chars = prompt.input.chars().count();
    prompt.cut = chars > MAX_QUERY_CHARS;
    if prompt.cut {
        prompt.input = prompt.input.chars().take(MAX_QUERY_CHARS).collect();
    }
    refresh(app);
}

/// Searches again for the prompt's input: only among the previous results when the new
/// query can only narrow them (a longer word, another word).
fn refresh(app: &mut App) {
    ensure_searcher(app);
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    let Some(searcher) = app.searcher.as_ref() else {
        // Shown as "indexing…" until the index is ready.
        prompt.query = Query::parse(&prompt.input);
        prompt.hits.clear();
        return;
    };
    let query = Query::parse(&prompt.input);
    prompt.hits = searcher.search_as_typed(
        &query,
        Some((&prompt.query, &prompt.hits)),
        &mut prompt.plans,
    );
    prompt.query = query;
    prompt.nav = Default::default();
    preview(app);
}

pub fn delete_word(input: &mut String) {
    let kept = input.trim_end().len();
    input.truncate(kept);
    let start = input.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    input.truncate(start);
}

/// Ctrl-p / Ctrl-n: older and newer queries.
fn recall(app: &mut App, older: bool) {
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    if app.history.is_empty() {
        app.notice = Some("No earlier searches yet".into());
        return;
    }
    let at = match (prompt.history_at, older) {
        (None, true) => Some(0),
        (None, false) => None,
        (Some(i), true) => Some((i + 1).min(app.history.len() - 1)),
        (Some(0), false) => None,
        (Some(i), false) => Some(i - 1),
    };
    prompt.history_at = at;
    prompt.input = at.map(|i| app.history[i].clone()).unwrap_or_default();
    prompt.replace = false;
    refresh(app);
    if let (Some(prompt), Some(i)) = (&mut app.prompt, at) {
        prompt.history_at = Some(i);
        app.notice =
            Some(format!("Search {} of {} in the history", i + 1, app.history.len()).into());
    }
}

fn move_cursor(app: &mut App, motion: Motion) {
    let height = results::viewport(app);
    let each = results::result_height(app);
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    let spans = results::spans(prompt.hits.len(), each);
    let total = spans.last().map_or(0, |s| s.end());
    prompt.nav.apply_by_entries(motion, &spans, total, height);
    preview(app);
}

/// Makes result `index` the selected one (a click).
pub fn select_result(app: &mut App, index: usize) {
    if let Some(prompt) = app.prompt.as_mut() {
        prompt.nav.cursor = index.min(prompt.hits.len().saturating_sub(1));
    }
    keep_in_view(app);
    preview(app);
}

fn keep_in_view(app: &mut App) {
    let height = results::viewport(app);
    let each = results::result_height(app);
    if let Some(prompt) = app.prompt.as_mut() {
        let spans = results::spans(prompt.hits.len(), each);
        let total = spans.last().map_or(0, |s| s.end());
        prompt.nav.keep_whole_in_view(&spans, total, height);
    }
}

/// Enter: close the prompt and go to the selected result; in one-pane mode, read it.
fn accept(app: &mut App) {
    let Some(mut prompt) = app.prompt.take() else {
        return;
    };
    if app.searcher.is_none() && !prompt.query.is_empty() {
        prompt.jump_when_ready = true;
        app.prompt = Some(prompt);
        return;
    }
    if prompt.hits.is_empty() {
        app.notice = Some(if prompt.query.is_empty() {
            "Type something to search for".into()
        } else {
            "No results to jump to".into()
        });
        app.prompt = Some(prompt);
        return;
    }
    remember(app, &prompt.input);
    app.found = Some(Found {
        input: prompt.input,
        hits: prompt.hits,
        nav: prompt.nav,
    });
    app.screens.clear();
    // At every width the jump reads the result: j then moves through the passage found,
    // not to another node.
    app.focus = Focus::Reader;
    // The reader has its own width again.
    app.lay_out();
    show_found(app, None);
}

/// Keeps a query in the history: most recent first, once, bounded.
fn remember(app: &mut App, input: &str) {
    let input = input.trim();
    if input.is_empty() {
        return;
    }
    app.history.retain(|past| past != input);
    app.history.insert(0, input.to_owned());
    app.history.truncate(HISTORY_LENGTH);
}

/// R (and Tab in the prompt): the last search's results again, where they were left.
pub fn reopen_list(app: &mut App) {
    let Some(found) = app.found.clone() else {
        app.notice = Some("No search yet: / searches".into());
        return;
    };
    app.help = None;
    app.prompt = Some(Prompt {
        query: Query::parse(&found.input),
        input: found.input,
        hits: found.hits,
        nav: found.nav,
        list: true,
        history_at: None,
        cut: false,
        replace: false,
        plans: Default::default(),
        origin: origin(app),
        jump_when_ready: false,
    });
    app.screens.clear();
    app.lay_out();
    keep_in_view(app);
    preview(app);
}

/// The next index of `count` after `at`, wrapping; true when it wrapped.
fn wrap_step(at: usize, count: usize, forward: bool) -> (usize, bool) {
    if forward {
        ((at + 1) % count, at + 1 == count)
    } else {
        ((at + count - 1) % count, at == 0)
    }
}

/// n / N, from any screen: the next or previous result of the last search, saying which
/// it is and when the end wraps to the start.
pub fn step(app: &mut App, forward: bool) {
    let Some(found) = app.found.as_mut() else {
        app.notice = Some("No search yet: / searches".into());
        return;
    };
    let (index, wrapped) = wrap_step(found.nav.cursor, found.hits.len(), forward);
    found.nav.cursor = index;
    app.help = None;
    app.screens.clear();
    let wrapped = wrapped.then_some(if forward {
        "after the last, back to the first"
    } else {
        "before the first, on to the last"
    });
    show_found(app, wrapped);
}

fn show_found(app: &mut App, wrapped: Option<&str>) {
    let Some(found) = &app.found else { return };
    let hit = found.hits[found.nav.cursor];
    let query = Query::parse(&found.input);
    let mut notice = format!(
        "Result {} of {} for \"{}\"",
        found.nav.cursor + 1,
        found.hits.len(),
        found.input.trim()
    );
    if let Some(how) = app
        .searcher
        .as_ref()
        .and_then(|s| s.matched_as(&hit, &query))
    {
        notice.push_str(&format!(", {how}"));
    }
    if let Some(wrapped) = wrapped {
        notice.push_str(&format!(" ({wrapped})"));
    }
    notice.push_str(": n next, N previous, R the list");
    show(app, &hit, &query);
    app.notice = Some(notice.into());
}

/// While the prompt is open: the tree and the reader follow the selected result.
fn preview(app: &mut App) {
    let Some(prompt) = &app.prompt else { return };
    match prompt.hits.get(prompt.nav.cursor).copied() {
        Some(hit) => {
            let query = prompt.query.clone();
            show(app, &hit, &query);
        }
        None => app.highlight = None,
    }
}

fn show(app: &mut App, hit: &Hit, query: &Query) {
    let Some(searcher) = &app.searcher else {
        return;
    };
    let key = searcher.node(hit).key;
    let anchor = searcher.passage(hit).anchor;
    let words = searcher.highlighted_words(hit, query);
    app.select(key);
    app.highlight = Some(Highlight {
        node: key,
        anchor,
        words,
    });
    // The node's title and the passage together where they fit, else the passage with one
    // line of what comes before it.
    app.reader = app.with_reader(|view| {
        let chunk = view.flow.chunk_of(anchor);
        let end = view.flow.chunks_of(anchor).end.max(chunk + 1);
        let mut lines = 0;
        for c in 0..end {
            lines += view.flow.rows(c, view.width).len();
            if lines > view.height {
                let start = crate::tui::reader::ReaderPos { chunk, offset: 0 };
                return view.clamp(view.step(start, -1));
            }
        }
        crate::tui::reader::ReaderPos::default()
    });
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn delete_word_removes_the_last_word_and_its_space() {
        let mut input = "year:2017 detec  ".to_owned();
        delete_word(&mut input);
        assert_eq!(input, "year:2017 ");
        delete_word(&mut input);
        assert_eq!(input, "");
        delete_word(&mut input);
        assert_eq!(input, "");
    }

    #[test]
    fn stepping_wraps_and_says_so() {
        assert_eq!(wrap_step(5, 6, true), (0, true));
        assert_eq!(wrap_step(2, 6, true), (3, false));
        assert_eq!(wrap_step(0, 6, false), (5, true));
    }
}
