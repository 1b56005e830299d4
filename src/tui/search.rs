//! The explorer's side of search: the prompt's state, live previews, jumping to a result
//! and stepping through results with n/N. Pure state changes, called from `update`.

use super::app::{App, Focus};
use super::update::select;
use crate::model::NodeKey;
use crate::search::{Anchor, Hit, Query, Searcher};
use std::collections::HashSet;

/// Where the reader was when the prompt opened; Esc puts it all back.
#[derive(Debug, Clone)]
pub struct Origin {
    selected: NodeKey,
    focus: Focus,
    reader_scroll: usize,
    tree_offset: usize,
    expanded: HashSet<NodeKey>,
}

/// The open search prompt.
#[derive(Debug, Clone)]
pub struct Prompt {
    pub input: String,
    pub query: Query,
    pub hits: Vec<Hit>,
    pub selected: usize,
    pub offset: usize,
    origin: Origin,
}

/// The results of the last search jumped to, for n and N.
#[derive(Debug, Clone)]
pub struct Found {
    pub input: String,
    pub hits: Vec<Hit>,
    pub index: usize,
}

/// The passage the reader should mark, and the words to pick out in it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Highlight {
    pub node: NodeKey,
    pub anchor: Anchor,
    pub words: Vec<String>,
}

/// Rows each result takes in the results list.
pub const RESULT_HEIGHT: usize = 3;

pub fn open(app: &mut App) {
    if app.searcher.is_none() {
        app.searcher = Some(Searcher::new(app.library));
    }
    app.prompt = Some(Prompt {
        input: String::new(),
        query: Query::default(),
        hits: Vec::new(),
        selected: 0,
        offset: 0,
        origin: Origin {
            selected: app.selected,
            focus: app.focus,
            reader_scroll: app.reader_scroll,
            tree_offset: app.tree_offset,
            expanded: app.expanded.clone(),
        },
    });
}

pub fn cancel(app: &mut App) {
    if let Some(prompt) = app.prompt.take() {
        let origin = prompt.origin;
        app.selected = origin.selected;
        app.focus = origin.focus;
        app.reader_scroll = origin.reader_scroll;
        app.tree_offset = origin.tree_offset;
        app.expanded = origin.expanded;
        app.highlight = None;
    }
}

/// Edits the query text and searches again: only among the previous results when the
/// new query can only narrow them (a longer word, another word).
pub fn edit(app: &mut App, change: impl FnOnce(&mut String)) {
    let (Some(prompt), Some(searcher)) = (app.prompt.as_mut(), app.searcher.as_ref()) else {
        return;
    };
    change(&mut prompt.input);
    let query = Query::parse(&prompt.input);
    prompt.hits = if query.narrows(&prompt.query) {
        searcher.search_within(&query, &prompt.hits)
    } else {
        searcher.search(&query)
    };
    prompt.query = query;
    prompt.selected = 0;
    prompt.offset = 0;
    preview(app);
}

pub fn delete_word(input: &mut String) {
    let kept = input.trim_end().len();
    input.truncate(kept);
    let start = input.rfind(char::is_whitespace).map_or(0, |i| i + 1);
    input.truncate(start);
}

pub fn move_selection(app: &mut App, down: bool) {
    let page = results_visible(app);
    let Some(prompt) = app.prompt.as_mut() else {
        return;
    };
    if prompt.hits.is_empty() {
        return;
    }
    prompt.selected = if down {
        (prompt.selected + 1).min(prompt.hits.len() - 1)
    } else {
        prompt.selected.saturating_sub(1)
    };
    if prompt.selected < prompt.offset {
        prompt.offset = prompt.selected;
    } else if prompt.selected >= prompt.offset + page {
        prompt.offset = prompt.selected + 1 - page;
    }
    preview(app);
}

/// How many results fit in the list under the prompt line.
pub fn results_visible(app: &App) -> usize {
    (app.tree_height().saturating_sub(2) / RESULT_HEIGHT).max(1)
}

/// Enter: close the prompt and go to the selected result; in one-pane mode, read it.
pub fn accept(app: &mut App) {
    let Some(prompt) = app.prompt.take() else {
        return;
    };
    if prompt.hits.is_empty() {
        app.prompt = Some(prompt);
        return;
    }
    app.found = Some(Found {
        input: prompt.input,
        hits: prompt.hits,
        index: prompt.selected,
    });
    app.focus = if app.side_by_side() {
        Focus::Tree
    } else {
        Focus::Reader
    };
    show_found(app);
}

/// n / N: the next or previous result of the last search, wrapping around.
pub fn step(app: &mut App, forward: bool) {
    let Some(found) = app.found.as_mut() else {
        return;
    };
    let count = found.hits.len();
    found.index = if forward {
        (found.index + 1) % count
    } else {
        (found.index + count - 1) % count
    };
    show_found(app);
}

fn show_found(app: &mut App) {
    let Some(found) = &app.found else { return };
    let hit = found.hits[found.index];
    let query = Query::parse(&found.input);
    show(app, &hit, &query);
}

/// While typing: the tree and reader follow the selected result.
fn preview(app: &mut App) {
    let Some(prompt) = &app.prompt else { return };
    match prompt.hits.get(prompt.selected).copied() {
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
    let words = highlight_words(query);
    select(app, key);
    app.highlight = Some(Highlight {
        node: key,
        anchor,
        words,
    });
    let width = app.reader_text_area().width;
    app.reader_scroll = app.reader_document(width).line_of(anchor).saturating_sub(1);
}

/// The words to pick out in the reader: each term, and for longer words their stems, so
/// "allocation" also marks "allocat(ing)".
fn highlight_words(query: &Query) -> Vec<String> {
    let mut words = Vec::new();
    for term in &query.terms {
        words.push(term.folded.clone());
        let chars: Vec<char> = term.folded.chars().collect();
        if !term.phrase && chars.len() >= 5 {
            for cut in 1..=3 {
                if chars.len() - cut >= 4 {
                    words.push(chars[..chars.len() - cut].iter().collect());
                }
            }
        }
    }
    words
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
}
