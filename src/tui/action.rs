//! Everything a reader can ask the explorer for, as data.

pub use super::nav::Motion;

#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    /// The navigation layer, the same on every screen that lists or scrolls.
    Move(Motion),

    // Commands every screen answers.
    /// `/`: search, from anywhere; the prompt reopens with the last query.
    Search,
    /// `n` / `N`: the next or previous result of the last search.
    NextResult,
    PreviousResult,
    /// Esc: back one level (help, search, a screen, the reader); nothing at the top.
    Back,
    /// `q`: back one level, and quit from the top (the tree).
    BackOrQuit,
    /// `?`: the keys of the screen it is opened from.
    Help,
    /// Ctrl-c: quit from anywhere.
    Quit,
    /// Ctrl-l: paint the whole screen again (as in less and vim).
    Redraw,
    /// Ctrl-z: give the terminal back to the shell until `fg`.
    Suspend,

    // Going to a screen, from any screen.
    Compare,
    Overview,
    Recurring,
    Bookmarks,
    /// Back to the list of the last search's results, where it was left.
    Results,

    // The explorer (tree and reader).
    /// Enter / l / →: expand a collapsed node, step into an expanded one, read a leaf.
    Open,
    /// h / ←: collapse an expanded node, otherwise go to the parent.
    Close,
    ToggleFocus,
    NextSameKind,
    PreviousSameKind,
    /// `y`: copy the selected node, with its citation, to the clipboard (OSC 52).
    Copy,
    /// `m`: bookmark the selected node, or remove its bookmark.
    ToggleBookmark,
    /// `e`: export what the screen shows as a Markdown briefing.
    Export,

    // The cross-year screens.
    ColumnLeft,
    ColumnRight,
    /// `1`, `2`, `3`: show or hide a year in the comparison.
    ToggleYear(usize),

    // The forces grid.
    /// `<` / `>`: the grid's year before or after.
    PreviousYear,
    NextYear,
    /// `s`: sort the grid by the selected column (names, or grades best and then worst first).
    SortByColumn,
    /// `f`: type words of a force's name or id to show only the forces they match.
    FilterForces,

    // The search prompt.
    /// Text for the query: a typed character or a paste (newlines become spaces).
    Type(String),
    DeleteChar,
    DeleteWord,
    ClearQuery,
    /// Enter: jump to the selected result.
    Accept,
    /// Older and newer queries from the history.
    HistoryBack,
    HistoryForward,

    // The terminal.
    Resize {
        width: u16,
        height: u16,
    },
    /// A left click; `double` when it follows another on the same cell.
    Click {
        column: u16,
        row: u16,
        double: bool,
    },
    Wheel {
        column: u16,
        row: u16,
        down: bool,
    },
}
