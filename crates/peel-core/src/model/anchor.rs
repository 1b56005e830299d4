//! Places inside one node's text, so a search hit or a citation can point at the very
//! paragraph, bullet or table row.

/// Where a passage sits inside its node: the title, the n-th block of the body (or
/// summary, or definition), an item of a block (a bullet or a table row), a figure, a
/// quotation or one of peel's notes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Anchor {
    Title,
    Block(usize),
    /// Item `1` of block `0`.
    Item(usize, usize),
    Figure(usize),
    Quote(usize),
    Note(usize),
    /// The n-th recommendation made under a finding.
    Recommendation(usize),
}
