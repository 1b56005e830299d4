//! Keys -> actions, one table per mode. The status bar's hints and the help overlay are
//! generated from these same tables, so they can never disagree with what the keys do.

use super::action::Action;
use crossterm::event::{KeyCode, KeyEvent, KeyModifiers};

/// Which keys apply: the focused pane, or the help overlay on top of everything.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Tree,
    Reader,
    Search,
    Compare,
    Overview,
    Recurring,
    Bookmarks,
    Help,
}

impl Mode {
    pub fn label(self) -> &'static str {
        match self {
            Mode::Tree => "TREE",
            Mode::Reader => "READ",
            Mode::Search => "SEARCH",
            Mode::Compare => "COMPARE",
            Mode::Overview => "OVERVIEW",
            Mode::Recurring => "RECURRING",
            Mode::Bookmarks => "BOOKMARKS",
            Mode::Help => "HELP",
        }
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Key {
    pub code: KeyCode,
    pub ctrl: bool,
    /// How the key is written for people, with a plain-ASCII twin for `--ascii`.
    pub label: &'static str,
    pub ascii_label: &'static str,
}

const fn key(c: char, label: &'static str) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: false,
        label,
        ascii_label: label,
    }
}
const fn ctrl(c: char, label: &'static str) -> Key {
    Key {
        code: KeyCode::Char(c),
        ctrl: true,
        label,
        ascii_label: label,
    }
}
const fn special(code: KeyCode, label: &'static str, ascii_label: &'static str) -> Key {
    Key {
        code,
        ctrl: false,
        label,
        ascii_label,
    }
}

#[derive(Debug, Clone, Copy)]
pub struct Binding {
    pub keys: &'static [Key],
    pub action: Action,
    pub help: &'static str,
    /// Shown in the status bar when set: the few keys that matter most in this mode.
    pub hint: Option<&'static str>,
}

const fn bind(
    keys: &'static [Key],
    action: Action,
    help: &'static str,
    hint: Option<&'static str>,
) -> Binding {
    Binding {
        keys,
        action,
        help,
        hint,
    }
}

const DOWN: &[Key] = &[key('j', "j"), special(KeyCode::Down, "↓", "Down")];
const UP: &[Key] = &[key('k', "k"), special(KeyCode::Up, "↑", "Up")];
const TOP: &[Key] = &[key('g', "g"), special(KeyCode::Home, "Home", "Home")];
const BOTTOM: &[Key] = &[key('G', "G"), special(KeyCode::End, "End", "End")];
const HALF_DOWN: &[Key] = &[ctrl('d', "Ctrl-d")];
const HALF_UP: &[Key] = &[ctrl('u', "Ctrl-u")];
const PAGE_DOWN: &[Key] = &[
    special(KeyCode::PageDown, "PgDn", "PgDn"),
    key(' ', "Space"),
];
const PAGE_UP: &[Key] = &[special(KeyCode::PageUp, "PgUp", "PgUp"), key('b', "b")];
const OPEN: &[Key] = &[
    special(KeyCode::Enter, "Enter", "Enter"),
    key('l', "l"),
    special(KeyCode::Right, "→", "Right"),
];
const CLOSE: &[Key] = &[key('h', "h"), special(KeyCode::Left, "←", "Left")];
const FOCUS: &[Key] = &[
    special(KeyCode::Tab, "Tab", "Tab"),
    special(KeyCode::BackTab, "Shift-Tab", "Shift-Tab"),
];
const NEXT_KIND: &[Key] = &[key(']', "]")];
const PREVIOUS_KIND: &[Key] = &[key('[', "[")];
const HELP: &[Key] = &[key('?', "?")];
const BACK: &[Key] = &[special(KeyCode::Esc, "Esc", "Esc")];
const QUIT: &[Key] = &[key('q', "q")];
const FORCE_QUIT: &[Key] = &[ctrl('c', "Ctrl-c")];
const SEARCH: &[Key] = &[key('/', "/")];
const COMPARE: &[Key] = &[key('c', "c")];
const OVERVIEW: &[Key] = &[key('o', "o")];
const RECURRING: &[Key] = &[key('r', "r")];
const COPY: &[Key] = &[key('y', "y")];
const BOOKMARK: &[Key] = &[key('m', "m")];
const BOOKMARKS: &[Key] = &[key('\'', "'")];
const LEFT: &[Key] = &[key('h', "h"), special(KeyCode::Left, "←", "Left")];
const RIGHT: &[Key] = &[key('l', "l"), special(KeyCode::Right, "→", "Right")];
const PAGES: &[Key] = &[special(KeyCode::Tab, "Tab", "Tab")];
const YEAR_1: &[Key] = &[key('1', "1")];
const YEAR_2: &[Key] = &[key('2', "2")];
const YEAR_3: &[Key] = &[key('3', "3")];
const CLOSE_SCREEN: &[Key] = &[special(KeyCode::Esc, "Esc", "Esc"), key('q', "q")];
const NEXT_RESULT: &[Key] = &[key('n', "n")];
const PREVIOUS_RESULT: &[Key] = &[key('N', "N")];
const RESULT_DOWN: &[Key] = &[special(KeyCode::Down, "↓", "Down"), ctrl('n', "Ctrl-n")];
const RESULT_UP: &[Key] = &[special(KeyCode::Up, "↑", "Up"), ctrl('p', "Ctrl-p")];
const ACCEPT: &[Key] = &[special(KeyCode::Enter, "Enter", "Enter")];
const BACKSPACE: &[Key] = &[special(KeyCode::Backspace, "Backspace", "Backspace")];
const DELETE_WORD: &[Key] = &[ctrl('w', "Ctrl-w")];
const CLEAR: &[Key] = &[ctrl('u', "Ctrl-u")];

const TREE: &[Binding] = &[
    bind(DOWN, Action::Down, "next row", None),
    bind(UP, Action::Up, "previous row", None),
    bind(TOP, Action::Top, "first row", None),
    bind(BOTTOM, Action::Bottom, "last row", None),
    bind(HALF_DOWN, Action::HalfPageDown, "half a page down", None),
    bind(HALF_UP, Action::HalfPageUp, "half a page up", None),
    bind(PAGE_DOWN, Action::PageDown, "a page down", None),
    bind(PAGE_UP, Action::PageUp, "a page up", None),
    bind(OPEN, Action::Open, "expand; read a finding", Some("open")),
    bind(
        CLOSE,
        Action::Close,
        "collapse, or go to the parent",
        Some("close"),
    ),
    bind(
        NEXT_KIND,
        Action::NextSameKind,
        "next finding of the same kind",
        None,
    ),
    bind(
        PREVIOUS_KIND,
        Action::PreviousSameKind,
        "previous finding of the same kind",
        None,
    ),
    bind(
        FOCUS,
        Action::ToggleFocus,
        "switch to the reader",
        Some("reader"),
    ),
];

const READER: &[Binding] = &[
    bind(DOWN, Action::Down, "scroll down a line", None),
    bind(UP, Action::Up, "scroll up a line", None),
    bind(TOP, Action::Top, "top of the text", None),
    bind(BOTTOM, Action::Bottom, "end of the text", None),
    bind(HALF_DOWN, Action::HalfPageDown, "half a page down", None),
    bind(HALF_UP, Action::HalfPageUp, "half a page up", None),
    bind(PAGE_DOWN, Action::PageDown, "a page down", Some("page")),
    bind(PAGE_UP, Action::PageUp, "a page up", None),
    bind(
        NEXT_KIND,
        Action::NextSameKind,
        "next finding of the same kind",
        Some("next"),
    ),
    bind(
        PREVIOUS_KIND,
        Action::PreviousSameKind,
        "previous finding of the same kind",
        Some("prev"),
    ),
    bind(CLOSE, Action::Close, "back to the tree", None),
    bind(BACK, Action::Back, "back to the tree", Some("tree")),
    bind(FOCUS, Action::ToggleFocus, "switch to the tree", None),
];

/// Keys that do the same in the tree and the reader.
const EXPLORER: &[Binding] = &[
    bind(
        SEARCH,
        Action::OpenSearch,
        "search everything",
        Some("search"),
    ),
    bind(
        COMPARE,
        Action::OpenCompare,
        "compare this theme across years",
        Some("compare"),
    ),
    bind(
        OVERVIEW,
        Action::OpenOverview,
        "overview: grades and charts",
        None,
    ),
    bind(RECURRING, Action::OpenRecurring, "recurring issues", None),
    bind(
        COPY,
        Action::Copy,
        "copy it with its citation (OSC 52, works over SSH)",
        None,
    ),
    bind(
        BOOKMARK,
        Action::ToggleBookmark,
        "bookmark it, or remove its bookmark",
        None,
    ),
    bind(BOOKMARKS, Action::OpenBookmarks, "the bookmarks", None),
    bind(NEXT_RESULT, Action::NextResult, "next search result", None),
    bind(
        PREVIOUS_RESULT,
        Action::PreviousResult,
        "previous search result",
        None,
    ),
    bind(HELP, Action::ToggleHelp, "help: every key", Some("help")),
    bind(QUIT, Action::Quit, "quit", Some("quit")),
    bind(FORCE_QUIT, Action::Quit, "quit", None),
];

const SEARCH_PROMPT: &[Binding] = &[
    bind(
        ACCEPT,
        Action::SearchAccept,
        "jump to the result",
        Some("jump"),
    ),
    bind(RESULT_DOWN, Action::Down, "next result", Some("move")),
    bind(RESULT_UP, Action::Up, "previous result", None),
    bind(
        BACKSPACE,
        Action::SearchBackspace,
        "delete a character",
        None,
    ),
    bind(DELETE_WORD, Action::SearchDeleteWord, "delete a word", None),
    bind(CLEAR, Action::SearchClear, "clear the query", None),
    bind(
        BACK,
        Action::Back,
        "cancel, back to where you were",
        Some("cancel"),
    ),
    bind(FORCE_QUIT, Action::Quit, "quit", None),
];

const COMPARE_SCREEN: &[Binding] = &[
    bind(DOWN, Action::Down, "next finding in the column", None),
    bind(UP, Action::Up, "previous finding in the column", None),
    bind(LEFT, Action::ColumnLeft, "previous year", Some("years")),
    bind(RIGHT, Action::ColumnRight, "next year", None),
    bind(TOP, Action::Top, "first finding", None),
    bind(BOTTOM, Action::Bottom, "last finding", None),
    bind(PAGE_DOWN, Action::PageDown, "a page down", None),
    bind(PAGE_UP, Action::PageUp, "a page up", None),
    bind(
        OPEN,
        Action::Open,
        "open the finding in the tree",
        Some("open"),
    ),
    bind(
        YEAR_1,
        Action::ToggleYear(0),
        "show or hide the first year",
        Some("toggle"),
    ),
    bind(
        YEAR_2,
        Action::ToggleYear(1),
        "show or hide the second year",
        None,
    ),
    bind(
        YEAR_3,
        Action::ToggleYear(2),
        "show or hide the third year",
        None,
    ),
    bind(NEXT_KIND, Action::NextSameKind, "next theme", Some("theme")),
    bind(
        PREVIOUS_KIND,
        Action::PreviousSameKind,
        "previous theme",
        None,
    ),
    bind(OVERVIEW, Action::OpenOverview, "overview", None),
    bind(RECURRING, Action::OpenRecurring, "recurring issues", None),
];

const OVERVIEW_SCREEN: &[Binding] = &[
    bind(DOWN, Action::Down, "next theme", None),
    bind(UP, Action::Up, "previous theme", None),
    bind(
        RIGHT,
        Action::ColumnRight,
        "next page (the charts)",
        Some("pages"),
    ),
    bind(LEFT, Action::ColumnLeft, "previous page", None),
    bind(PAGES, Action::ToggleFocus, "next page", None),
    bind(
        OPEN,
        Action::Open,
        "compare the theme across years",
        Some("compare"),
    ),
    bind(RECURRING, Action::OpenRecurring, "recurring issues", None),
];

const RECURRING_SCREEN: &[Binding] = &[
    bind(DOWN, Action::Down, "next finding", None),
    bind(UP, Action::Up, "previous finding", None),
    bind(PAGE_DOWN, Action::PageDown, "a page down", None),
    bind(PAGE_UP, Action::PageUp, "a page up", None),
    bind(TOP, Action::Top, "first", None),
    bind(BOTTOM, Action::Bottom, "last", None),
    bind(
        OPEN,
        Action::Open,
        "open the finding in the tree",
        Some("open"),
    ),
    bind(OVERVIEW, Action::OpenOverview, "overview", None),
];

const BOOKMARKS_SCREEN: &[Binding] = &[
    bind(DOWN, Action::Down, "next bookmark", None),
    bind(UP, Action::Up, "previous bookmark", None),
    bind(TOP, Action::Top, "first", None),
    bind(BOTTOM, Action::Bottom, "last", None),
    bind(OPEN, Action::Open, "go to the bookmark", Some("go")),
    bind(
        BOOKMARK,
        Action::ToggleBookmark,
        "remove the bookmark",
        Some("remove"),
    ),
];

/// Keys every cross-year screen shares.
const SCREEN: &[Binding] = &[
    bind(HELP, Action::ToggleHelp, "help: every key", Some("help")),
    bind(
        CLOSE_SCREEN,
        Action::Back,
        "back to the explorer",
        Some("back"),
    ),
    bind(FORCE_QUIT, Action::Quit, "quit", None),
];

const HELP_OVERLAY: &[Binding] = &[
    bind(DOWN, Action::Down, "scroll down", Some("scroll")),
    bind(UP, Action::Up, "scroll up", None),
    bind(BACK, Action::Back, "close help", Some("close")),
    bind(HELP, Action::ToggleHelp, "close help", None),
    bind(QUIT, Action::Back, "close help", None),
    bind(FORCE_QUIT, Action::Quit, "quit peel", None),
];

/// The bindings in force in `mode`: its own table, then (in the tree and the reader) the
/// explorer's shared keys.
pub fn bindings(mode: Mode) -> impl Iterator<Item = &'static Binding> + Clone {
    let (own, shared): (&'static [Binding], &'static [Binding]) = match mode {
        Mode::Tree => (TREE, EXPLORER),
        Mode::Reader => (READER, EXPLORER),
        Mode::Search => (SEARCH_PROMPT, &[]),
        Mode::Compare => (COMPARE_SCREEN, SCREEN),
        Mode::Overview => (OVERVIEW_SCREEN, SCREEN),
        Mode::Recurring => (RECURRING_SCREEN, SCREEN),
        Mode::Bookmarks => (BOOKMARKS_SCREEN, SCREEN),
        Mode::Help => (HELP_OVERLAY, &[]),
    };
    own.iter().chain(shared)
}

/// The action a key press asks for in `mode`, if any.
pub fn action_for(mode: Mode, event: KeyEvent) -> Option<Action> {
    let ctrl = event.modifiers.contains(KeyModifiers::CONTROL);
    let bound = bindings(mode)
        .find(|binding| {
            binding
                .keys
                .iter()
                .any(|k| k.code == event.code && k.ctrl == ctrl)
        })
        .map(|binding| binding.action);
    // In the search prompt every other printable character is text.
    match (mode, event.code) {
        (Mode::Search, KeyCode::Char(c)) if bound.is_none() && !ctrl && !c.is_control() => {
            Some(Action::SearchInput(c))
        }
        _ => bound,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn press(code: KeyCode, modifiers: KeyModifiers) -> KeyEvent {
        KeyEvent::new(code, modifiers)
    }

    #[test]
    fn arrows_and_vi_keys_do_the_same() {
        for mode in [Mode::Tree, Mode::Reader] {
            assert_eq!(
                action_for(mode, press(KeyCode::Char('j'), KeyModifiers::NONE)),
                Some(Action::Down)
            );
            assert_eq!(
                action_for(mode, press(KeyCode::Down, KeyModifiers::NONE)),
                Some(Action::Down)
            );
        }
    }

    #[test]
    fn shifted_letters_match_their_capital() {
        assert_eq!(
            action_for(Mode::Tree, press(KeyCode::Char('G'), KeyModifiers::SHIFT)),
            Some(Action::Bottom)
        );
    }

    #[test]
    fn control_keys_need_control() {
        assert_eq!(
            action_for(Mode::Tree, press(KeyCode::Char('d'), KeyModifiers::CONTROL)),
            Some(Action::HalfPageDown)
        );
        assert_eq!(
            action_for(Mode::Tree, press(KeyCode::Char('d'), KeyModifiers::NONE)),
            None
        );
        assert_eq!(
            action_for(Mode::Help, press(KeyCode::Char('c'), KeyModifiers::CONTROL)),
            Some(Action::Quit)
        );
    }

    #[test]
    fn q_closes_help_before_it_quits() {
        assert_eq!(
            action_for(Mode::Help, press(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::Back)
        );
    }

    #[test]
    fn typing_in_the_search_prompt_is_text_not_commands() {
        assert_eq!(
            action_for(Mode::Search, press(KeyCode::Char('q'), KeyModifiers::NONE)),
            Some(Action::SearchInput('q'))
        );
        assert_eq!(
            action_for(Mode::Search, press(KeyCode::Char('J'), KeyModifiers::SHIFT)),
            Some(Action::SearchInput('J'))
        );
        assert_eq!(
            action_for(
                Mode::Search,
                press(KeyCode::Char('n'), KeyModifiers::CONTROL)
            ),
            Some(Action::Down)
        );
        assert_eq!(
            action_for(Mode::Tree, press(KeyCode::Char('/'), KeyModifiers::NONE)),
            Some(Action::OpenSearch)
        );
    }

    #[test]
    fn every_mode_has_hints_and_a_way_out() {
        for mode in [
            Mode::Tree,
            Mode::Reader,
            Mode::Search,
            Mode::Compare,
            Mode::Overview,
            Mode::Recurring,
            Mode::Bookmarks,
            Mode::Help,
        ] {
            assert!(bindings(mode).any(|b| b.hint.is_some()));
            assert!(bindings(mode).any(|b| matches!(b.action, Action::Quit | Action::Back)));
        }
    }
}
