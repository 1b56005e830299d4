//! Keys -> actions, as tables. One navigation layer and one set of common commands are
//! shared by every screen; each screen adds its own keys on top. The status bar's hints
//! and the help overlay are generated from these same tables, so they cannot disagree with
//! what the keys do.

use super::action::{Action, Motion};
use super::input::{Key, KeyCode};

/// Which keys apply: the screen with focus.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Mode {
    Tree,
    Reader,
    /// Typing a query: printable keys are text.
    Prompt,
    /// The list of a search's results.
    Results,
    Compare,
    Overview,
    /// The forces grid: every force against every theme for one year.
    Forces,
    /// Typing the forces grid's filter: printable keys are text.
    ForcesFilter,
    Recurring,
    Bookmarks,
    Help,
}

impl Mode {
    pub const ALL: [Mode; 11] = [
        Mode::Tree,
        Mode::Reader,
        Mode::Prompt,
        Mode::Results,
        Mode::Compare,
        Mode::Overview,
        Mode::Forces,
        Mode::ForcesFilter,
        Mode::Recurring,
        Mode::Bookmarks,
        Mode::Help,
    ];

    pub fn label(self) -> &'static str {
        match self {
            Mode::Tree => "TREE",
            Mode::Reader => "READ",
            Mode::Prompt => "SEARCH",
            Mode::Results => "RESULTS",
            Mode::Compare => "COMPARE",
            Mode::Overview => "OVERVIEW",
            Mode::Forces => "FORCES",
            Mode::ForcesFilter => "FILTER",
            Mode::Recurring => "RECURRING",
            Mode::Bookmarks => "BOOKMARKS",
            Mode::Help => "HELP",
        }
    }

    /// The modes that list or scroll, and so answer the whole navigation layer.
    pub fn navigates(self) -> bool {
        !self.types_text()
    }

    /// The modes where printable keys are text, not commands.
    pub fn types_text(self) -> bool {
        matches!(self, Mode::Prompt | Mode::ForcesFilter)
    }
}

/// A key as it is matched, and how it is written for people (with an ASCII twin).
#[derive(Debug, Clone, Copy)]
pub struct KeyName {
    pub key: Key,
    pub label: &'static str,
    pub ascii: &'static str,
}

const fn key(c: char, label: &'static str) -> KeyName {
    KeyName {
        key: Key::char(c),
        label,
        ascii: label,
    }
}
const fn ctrl(c: char, label: &'static str) -> KeyName {
    KeyName {
        key: Key::ctrl(c),
        label,
        ascii: label,
    }
}
const fn special(code: KeyCode, label: &'static str, ascii: &'static str) -> KeyName {
    KeyName {
        key: Key::plain(code),
        label,
        ascii,
    }
}

/// A hint for the status bar: the word after the key, and how long it survives on a
/// narrow bar (higher survives longer).
#[derive(Debug, Clone, Copy)]
pub struct Hint {
    pub word: &'static str,
    pub priority: u8,
}

#[derive(Debug, Clone)]
pub struct Binding {
    pub keys: &'static [KeyName],
    pub action: Action,
    pub help: &'static str,
    pub hint: Option<Hint>,
}

/// The `?` and `q` hints are the last to go from a narrow bar.
pub const KEEP: u8 = 100;

/// `Action` holds a `String` for typed text, so bindings are built by a function rather
/// than as constants; the tables themselves stay static data.
macro_rules! table {
    ($name:ident: $([$keys:expr, $action:expr, $help:expr $(, $word:expr, $priority:expr)?]),* $(,)?) => {
        fn $name() -> Vec<Binding> {
            vec![$(Binding {
                keys: $keys,
                action: $action,
                help: $help,
                hint: table!(@hint $($word, $priority)?),
            }),*]
        }
    };
    (@hint) => { None };
    (@hint $word:expr, $priority:expr) => { Some(Hint { word: $word, priority: $priority }) };
}

const DOWN: &[KeyName] = &[key('j', "j"), special(KeyCode::Down, "↓", "Down")];
const UP: &[KeyName] = &[key('k', "k"), special(KeyCode::Up, "↑", "Up")];
const TOP: &[KeyName] = &[key('g', "g"), special(KeyCode::Home, "Home", "Home")];
const BOTTOM: &[KeyName] = &[key('G', "G"), special(KeyCode::End, "End", "End")];
const PAGE_DOWN: &[KeyName] = &[
    key(' ', "Space"),
    special(KeyCode::PageDown, "PgDn", "PgDn"),
];
const PAGE_UP: &[KeyName] = &[key('b', "b"), special(KeyCode::PageUp, "PgUp", "PgUp")];
const HALF_DOWN: &[KeyName] = &[ctrl('d', "Ctrl-d")];
const HALF_UP: &[KeyName] = &[ctrl('u', "Ctrl-u")];
const SEARCH: &[KeyName] = &[key('/', "/")];
const NEXT_RESULT: &[KeyName] = &[key('n', "n")];
const PREVIOUS_RESULT: &[KeyName] = &[key('N', "N")];
const BACK: &[KeyName] = &[special(KeyCode::Esc, "Esc", "Esc")];
const BACK_OR_QUIT: &[KeyName] = &[key('q', "q")];
const HELP: &[KeyName] = &[key('?', "?"), special(KeyCode::F(1), "F1", "F1")];
/// In the prompt `?` is text, so only F1 opens the help (and `?` on an empty query).
const PROMPT_HELP: &[KeyName] = &[special(KeyCode::F(1), "F1", "F1")];
const QUIT: &[KeyName] = &[ctrl('c', "Ctrl-c")];
const REDRAW: &[KeyName] = &[ctrl('l', "Ctrl-l")];
const SUSPEND: &[KeyName] = &[ctrl('z', "Ctrl-z")];
const COMPARE: &[KeyName] = &[key('c', "c")];
const OVERVIEW: &[KeyName] = &[key('o', "o")];
const RECURRING: &[KeyName] = &[key('r', "r")];
const BOOKMARKS: &[KeyName] = &[key('\'', "'")];
const RESULTS: &[KeyName] = &[key('R', "R")];
const EXPORT: &[KeyName] = &[key('e', "e")];
const OPEN: &[KeyName] = &[
    special(KeyCode::Enter, "Enter", "Enter"),
    key('l', "l"),
    special(KeyCode::Right, "→", "Right"),
];
const CLOSE: &[KeyName] = &[key('h', "h"), special(KeyCode::Left, "←", "Left")];
const FOCUS: &[KeyName] = &[
    special(KeyCode::Tab, "Tab", "Tab"),
    special(KeyCode::BackTab, "Shift-Tab", "Shift-Tab"),
];
const NEXT_KIND: &[KeyName] = &[key(']', "]")];
const PREVIOUS_KIND: &[KeyName] = &[key('[', "[")];
const COPY: &[KeyName] = &[key('y', "y")];
const BOOKMARK: &[KeyName] = &[key('m', "m")];
const ENTER: &[KeyName] = &[special(KeyCode::Enter, "Enter", "Enter")];
const LEFT: &[KeyName] = &[key('h', "h"), special(KeyCode::Left, "←", "Left")];
const RIGHT: &[KeyName] = &[key('l', "l"), special(KeyCode::Right, "→", "Right")];
const PAGES_RIGHT: &[KeyName] = &[
    key('l', "l"),
    special(KeyCode::Right, "→", "Right"),
    special(KeyCode::Tab, "Tab", "Tab"),
];
const YEAR_1: &[KeyName] = &[key('1', "1")];
const YEAR_2: &[KeyName] = &[key('2', "2")];
const YEAR_3: &[KeyName] = &[key('3', "3")];
const YEAR_BEFORE: &[KeyName] = &[key('<', "<")];
const YEAR_AFTER: &[KeyName] = &[key('>', ">")];
const SORT: &[KeyName] = &[key('s', "s")];
const FILTER: &[KeyName] = &[key('f', "f")];
const RESULT_DOWN: &[KeyName] = &[special(KeyCode::Down, "↓", "Down")];
const RESULT_UP: &[KeyName] = &[special(KeyCode::Up, "↑", "Up")];
const RESULT_PAGE_DOWN: &[KeyName] = &[special(KeyCode::PageDown, "PgDn", "PgDn")];
const RESULT_PAGE_UP: &[KeyName] = &[special(KeyCode::PageUp, "PgUp", "PgUp")];
const TO_LIST: &[KeyName] = &[special(KeyCode::Tab, "Tab", "Tab")];
const BACKSPACE: &[KeyName] = &[special(KeyCode::Backspace, "Backspace", "Backspace")];
const DELETE_WORD: &[KeyName] = &[ctrl('w', "Ctrl-w")];
const CLEAR: &[KeyName] = &[ctrl('u', "Ctrl-u")];
const HISTORY_BACK: &[KeyName] = &[ctrl('p', "Ctrl-p")];
const HISTORY_FORWARD: &[KeyName] = &[ctrl('n', "Ctrl-n")];

table! { navigation:
    [DOWN, Action::Move(Motion::Down), "down one (row, line or entry)"],
    [UP, Action::Move(Motion::Up), "up one"],
    [TOP, Action::Move(Motion::Top), "to the top"],
    [BOTTOM, Action::Move(Motion::Bottom), "to the end"],
    [PAGE_DOWN, Action::Move(Motion::PageDown), "a page down"],
    [PAGE_UP, Action::Move(Motion::PageUp), "a page up"],
    [HALF_DOWN, Action::Move(Motion::HalfPageDown), "half a page down"],
    [HALF_UP, Action::Move(Motion::HalfPageUp), "half a page up"],
}

table! { common:
    [SEARCH, Action::Search, "search everything (reopens with the last query)", "search", 60],
    [NEXT_RESULT, Action::NextResult, "next result of the last search"],
    [PREVIOUS_RESULT, Action::PreviousResult, "previous result of the last search"],
    [BACK, Action::Back, "back one level"],
    [BACK_OR_QUIT, Action::BackOrQuit, "back one level; quit from the tree", "back", KEEP],
    [HELP, Action::Help, "help: the keys of this screen", "help", KEEP],
    [QUIT, Action::Quit, "quit from anywhere"],
    [REDRAW, Action::Redraw, "paint the screen again"],
    [SUSPEND, Action::Suspend, "suspend to the shell (fg returns)"],
}

table! { screens:
    [COMPARE, Action::Compare, "compare this theme across the years", "compare", 35],
    [OVERVIEW, Action::Overview, "overview: grades and charts", "overview", 20],
    [RECURRING, Action::Recurring, "recurring issues", "recurring", 10],
    [BOOKMARKS, Action::Bookmarks, "bookmarks", "bookmarks", 8],
    [RESULTS, Action::Results, "the last search's results, where you left them"],
    [EXPORT, Action::Export, "export this screen as a Markdown briefing with citations", "export", 4],
}

table! { tree:
    [OPEN, Action::Open, "expand; read a finding", "open", 50],
    [CLOSE, Action::Close, "collapse, or go to the parent", "close", 15],
    [FOCUS, Action::ToggleFocus, "switch to the reader", "reader", 30],
    [NEXT_KIND, Action::NextSameKind, "next finding of the same kind"],
    [PREVIOUS_KIND, Action::PreviousSameKind, "previous finding of the same kind"],
    [COPY, Action::Copy, "copy it with its citation (OSC 52, works over SSH)", "copy", 5],
    [BOOKMARK, Action::ToggleBookmark, "bookmark it, or remove its bookmark", "bookmark", 6],
}

table! { reader:
    [CLOSE, Action::Close, "back to the tree", "tree", 40],
    [FOCUS, Action::ToggleFocus, "switch to the tree"],
    [NEXT_KIND, Action::NextSameKind, "next finding of the same kind", "next", 30],
    [PREVIOUS_KIND, Action::PreviousSameKind, "previous finding of the same kind", "prev", 25],
    [COPY, Action::Copy, "copy it with its citation (OSC 52, works over SSH)", "copy", 5],
    [BOOKMARK, Action::ToggleBookmark, "bookmark it, or remove its bookmark", "bookmark", 6],
}

table! { prompt:
    [ENTER, Action::Accept, "jump to the selected result", "jump", 60],
    [RESULT_DOWN, Action::Move(Motion::Down), "next result", "move", 40],
    [RESULT_UP, Action::Move(Motion::Up), "previous result"],
    [RESULT_PAGE_DOWN, Action::Move(Motion::PageDown), "a page of results down"],
    [RESULT_PAGE_UP, Action::Move(Motion::PageUp), "a page of results up"],
    [TO_LIST, Action::Results, "to the result list (j/k, g/G, Space…)", "list", 30],
    [HISTORY_BACK, Action::HistoryBack, "an older query from the history", "history", 20],
    [HISTORY_FORWARD, Action::HistoryForward, "a newer query from the history"],
    [BACKSPACE, Action::DeleteChar, "delete a character"],
    [DELETE_WORD, Action::DeleteWord, "delete a word"],
    [CLEAR, Action::ClearQuery, "clear the query"],
    [BACK, Action::Back, "cancel: back to where you were", "cancel", KEEP],
    [PROMPT_HELP, Action::Help, "help: these keys and the query syntax (so does ? on an empty query)", "help", 10],
    [QUIT, Action::Quit, "quit from anywhere"],
}

table! { results:
    [ENTER, Action::Accept, "jump to the result", "jump", 60],
}

table! { compare:
    [LEFT, Action::ColumnLeft, "previous year", "years", 40],
    [RIGHT, Action::ColumnRight, "next year"],
    [ENTER, Action::Open, "open the finding in the tree", "open", 50],
    [YEAR_1, Action::ToggleYear(0), "show or hide the first year", "hide", 15],
    [YEAR_2, Action::ToggleYear(1), "show or hide the second year"],
    [YEAR_3, Action::ToggleYear(2), "show or hide the third year"],
    [NEXT_KIND, Action::NextSameKind, "next theme", "theme", 30],
    [PREVIOUS_KIND, Action::PreviousSameKind, "previous theme"],
}

table! { overview:
    [PAGES_RIGHT, Action::ColumnRight, "next page: grades, figures", "pages", 45],
    [LEFT, Action::ColumnLeft, "previous page"],
    [ENTER, Action::Open, "compare the theme across the years", "compare", 50],
}

table! { forces:
    [LEFT, Action::ColumnLeft, "the column to the left (the names stay)", "columns", 40],
    [RIGHT, Action::ColumnRight, "the column to the right"],
    [ENTER, Action::Open, "on a grade: read that force's area; on a name: its own overview", "open", 50],
    [YEAR_BEFORE, Action::PreviousYear, "the year before", "year", 45],
    [YEAR_AFTER, Action::NextYear, "the year after"],
    [SORT, Action::SortByColumn, "sort by this column: names A-Z; grades best first, again for worst first", "sort", 35],
    [FILTER, Action::FilterForces, "filter the forces by words of their name or id (Esc clears)", "filter", 30],
}

table! { forces_filter:
    [ENTER, Action::Accept, "keep the filter, back to the grid", "keep", 60],
    [RESULT_DOWN, Action::Move(Motion::Down), "next force", "move", 40],
    [RESULT_UP, Action::Move(Motion::Up), "previous force"],
    [BACKSPACE, Action::DeleteChar, "delete a character"],
    [DELETE_WORD, Action::DeleteWord, "delete a word"],
    [CLEAR, Action::ClearQuery, "clear the filter text"],
    [BACK, Action::Back, "clear the filter, back to the grid", "clear", KEEP],
    [PROMPT_HELP, Action::Help, "help: these keys", "help", 10],
    [QUIT, Action::Quit, "quit from anywhere"],
}

table! { recurring:
    [ENTER, Action::Open, "open the finding in the tree", "open", 50],
}

table! { bookmarks:
    [ENTER, Action::Open, "go to the bookmark", "go", 50],
    [BOOKMARK, Action::ToggleBookmark, "remove the bookmark", "remove", 40],
}

/// The bindings in force in `mode`, screen keys first: where a key appears twice, the
/// screen's own meaning wins.
pub fn bindings(mode: Mode) -> Vec<Binding> {
    let mut all = match mode {
        Mode::Tree => tree(),
        Mode::Reader => reader(),
        Mode::Prompt => return prompt(),
        Mode::Results => results(),
        Mode::Compare => compare(),
        Mode::Overview => overview(),
        Mode::Forces => forces(),
        Mode::ForcesFilter => return forces_filter(),
        Mode::Recurring => recurring(),
        Mode::Bookmarks => bookmarks(),
        Mode::Help => Vec::new(),
    };
    if mode != Mode::Help {
        all.extend(screens());
    }
    all.extend(navigation());
    all.extend(common());
    all
}

/// The action a key asks for in `mode`, if any.
pub fn action_for(mode: Mode, key: Key) -> Option<Action> {
    let bound = bindings(mode)
        .into_iter()
        .find(|binding| binding.keys.iter().any(|k| matches(k.key, key)))
        .map(|binding| binding.action);
    // In the prompt and the filter every other printable character is text.
    match (mode, key.code) {
        (_, KeyCode::Char(c))
            if mode.types_text() && bound.is_none() && !key.ctrl && !c.is_control() =>
        {
            Some(Action::Type(c.to_string()))
        }
        _ => bound,
    }
}

fn matches(bound: Key, pressed: Key) -> bool {
    // Alt is not used by peel; Alt-j in a terminal that sends it means j to most people.
    bound.code == pressed.code && bound.ctrl == pressed.ctrl
}

/// The word the `q` hint shows: where it quits, and where it goes back.
pub fn q_word(mode: Mode) -> &'static str {
    if mode == Mode::Tree { "quit" } else { "back" }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrows_and_vi_keys_do_the_same_on_every_navigating_screen() {
        for mode in Mode::ALL.into_iter().filter(|m| m.navigates()) {
            for (a, b) in [
                (Key::char('j'), Key::plain(KeyCode::Down)),
                (Key::char('k'), Key::plain(KeyCode::Up)),
                (Key::char('g'), Key::plain(KeyCode::Home)),
                (Key::char('G'), Key::plain(KeyCode::End)),
            ] {
                assert_eq!(action_for(mode, a), action_for(mode, b), "{mode:?}");
                assert!(action_for(mode, a).is_some(), "{mode:?}");
            }
        }
    }

    #[test]
    fn control_keys_need_control() {
        assert_eq!(
            action_for(Mode::Tree, Key::ctrl('d')),
            Some(Action::Move(Motion::HalfPageDown))
        );
        assert_eq!(action_for(Mode::Tree, Key::char('d')), None);
        assert_eq!(action_for(Mode::Help, Key::ctrl('c')), Some(Action::Quit));
    }

    #[test]
    fn typing_in_the_prompt_is_text_not_commands() {
        for c in ['q', 'j', 'J', '/', 'n', '?', ' '] {
            assert_eq!(
                action_for(Mode::Prompt, Key::char(c)),
                Some(Action::Type(c.to_string()))
            );
        }
        assert_eq!(action_for(Mode::Prompt, Key::ctrl('c')), Some(Action::Quit));
        assert_eq!(
            action_for(Mode::Prompt, Key::plain(KeyCode::Esc)),
            Some(Action::Back)
        );
    }

    #[test]
    fn no_key_means_two_things_on_one_screen() {
        for mode in Mode::ALL {
            let mut seen: Vec<(Key, Action)> = Vec::new();
            for binding in bindings(mode) {
                for name in binding.keys {
                    // The first binding of a key wins; a later one would be dead text in help.
                    if let Some((_, earlier)) = seen.iter().find(|(k, _)| *k == name.key) {
                        panic!(
                            "{mode:?}: {} is bound to {earlier:?} and to {:?}",
                            name.label, binding.action
                        );
                    }
                    seen.push((name.key, binding.action.clone()));
                }
            }
        }
    }

    #[test]
    fn every_mode_has_help_and_a_way_back() {
        for mode in Mode::ALL {
            let all = bindings(mode);
            assert!(
                all.iter()
                    .any(|b| matches!(b.action, Action::Back | Action::BackOrQuit)),
                "{mode:?}"
            );
            assert!(all.iter().any(|b| b.action == Action::Quit), "{mode:?}");
        }
    }
}
