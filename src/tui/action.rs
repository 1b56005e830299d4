//! Everything a reader can ask the explorer for, as data.

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Action {
    Up,
    Down,
    PageUp,
    PageDown,
    HalfPageUp,
    HalfPageDown,
    Top,
    Bottom,
    /// Enter / l / →: expand a collapsed node, step into an expanded one, read a leaf.
    Open,
    /// h / ←: collapse an expanded node, otherwise go to the parent.
    Close,
    ToggleFocus,
    NextSameKind,
    PreviousSameKind,
    ToggleHelp,
    /// Esc: close an overlay, or leave the reader in single-pane mode.
    Back,
    Quit,
    Resize {
        width: u16,
        height: u16,
    },
    /// `/`: open the search prompt.
    OpenSearch,
    /// A character typed into the search prompt.
    SearchInput(char),
    SearchBackspace,
    SearchDeleteWord,
    SearchClear,
    /// Enter in the prompt: jump to the selected result.
    SearchAccept,
    /// `n` / `N` after a search: the next or previous result.
    NextResult,
    PreviousResult,
    /// `c`: the cross-year comparison of the selected node's theme.
    OpenCompare,
    /// `o`: the grade matrix and the charts.
    OpenOverview,
    /// `r`: recurring issues with their trajectories.
    OpenRecurring,
    /// `1`, `2`, `3`: show or hide a year in the comparison.
    ToggleYear(usize),
    /// `y`: copy the selected node, with its citation, to the clipboard (OSC 52).
    Copy,
    /// `m`: bookmark the selected node, or remove its bookmark.
    ToggleBookmark,
    /// `'`: the list of bookmarks.
    OpenBookmarks,
    ColumnLeft,
    ColumnRight,
}
