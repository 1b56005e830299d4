//! The tree's state (what is expanded, what is selected, the first row in view) and each
//! row as text at a width: titles and grades wrap rather than being cut. Pure: the update
//! uses the row heights to scroll, the view draws the same rows.

use super::nav::Span;
use super::palette::Palette;
use super::text;
use crate::document::StandingText;
use crate::model::{Library, Node, NodeKey};
use std::collections::HashSet;

/// One visible row of the tree.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Row {
    pub key: NodeKey,
    pub depth: usize,
    pub has_children: bool,
    pub expanded: bool,
}

#[derive(Debug, Clone)]
pub struct TreeState {
    pub expanded: HashSet<NodeKey>,
    pub selected: NodeKey,
    /// The first row in view.
    pub top: usize,
    rows: Vec<Row>,
}

impl TreeState {
    /// Opens with every assessment expanded, so areas and their grades show at once; with
    /// many forces, everything starts closed.
    pub fn new(library: &Library) -> TreeState {
        let roots = library.roots();
        let expanded: HashSet<NodeKey> = if library.shows_forces() {
            HashSet::new()
        } else {
            roots
                .iter()
                .copied()
                .filter(|key| matches!(key, NodeKey::Assessment { .. }))
                .collect()
        };
        let selected = roots.first().copied().unwrap_or(NodeKey::Glossary);
        let mut tree = TreeState {
            expanded,
            selected,
            top: 0,
            rows: Vec::new(),
        };
        tree.refresh(library);
        tree
    }

    pub fn rows(&self) -> &[Row] {
        &self.rows
    }

    pub fn selected_index(&self) -> usize {
        self.rows
            .iter()
            .position(|row| row.key == self.selected)
            .unwrap_or(0)
    }

    /// Recomputes the visible rows after a change to what is expanded, and keeps the
    /// selection on a visible row (its nearest visible ancestor).
    pub fn refresh(&mut self, library: &Library) {
        let mut rows = Vec::new();
        for root in library.roots() {
            self.push_rows(library, root, 0, &mut rows);
        }
        self.rows = rows;
        if !self.rows.iter().any(|row| row.key == self.selected) {
            let visible = library
                .ancestry(self.selected)
                .into_iter()
                .rev()
                .find(|key| self.rows.iter().any(|row| row.key == *key));
            if let Some(key) = visible.or_else(|| self.rows.first().map(|row| row.key)) {
                self.selected = key;
            }
        }
        self.top = self.top.min(self.rows.len().saturating_sub(1));
    }

    fn push_rows(&self, library: &Library, key: NodeKey, depth: usize, rows: &mut Vec<Row>) {
        let children = library.children(key);
        let expanded = !children.is_empty() && self.expanded.contains(&key);
        rows.push(Row {
            key,
            depth,
            has_children: !children.is_empty(),
            expanded,
        });
        if expanded {
            for child in children {
                self.push_rows(library, child, depth + 1, rows);
            }
        }
    }

    /// Selects `key`, opening the path down to it.
    pub fn select(&mut self, library: &Library, key: NodeKey) {
        let mut chain = library.ancestry(key);
        chain.pop();
        let opened = chain.iter().any(|k| !self.expanded.contains(k));
        self.expanded.extend(chain);
        self.selected = key;
        if opened || !self.rows.iter().any(|row| row.key == key) {
            self.refresh(library);
        }
    }

    pub fn expand(&mut self, library: &Library, key: NodeKey) {
        if self.expanded.insert(key) {
            self.refresh(library);
        }
    }

    pub fn collapse(&mut self, library: &Library, key: NodeKey) {
        if self.expanded.remove(&key) {
            self.refresh(library);
        }
    }
}

/// One row as text: the prefix (indent, glyph, bookmark mark), the label's lines, and the
/// grade badge for the first line's right edge (or a line of its own when there is no room).
#[derive(Debug, Clone, PartialEq)]
pub struct RowText {
    pub prefix: String,
    pub lines: Vec<String>,
    pub badge: Option<StandingText>,
    /// The badge sits on a line of its own, under the label.
    pub badge_below: bool,
    pub kind: RowKind,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RowKind {
    Assessment,
    Section,
    Other,
}

impl RowText {
    pub fn height(&self) -> usize {
        self.lines.len() + usize::from(self.badge_below)
    }
}

/// The badge as drawn: padded in colour, bracketed without.
pub fn badge(theme: &Palette, standing: &StandingText) -> String {
    if theme.color {
        format!(" {} ", standing.label)
    } else {
        format!("[{}]", standing.label)
    }
}

/// A label gets at least this much room beside its badge, or the badge goes below.
const MIN_LABEL: usize = 12;

pub fn row_text(
    library: &Library,
    theme: &Palette,
    row: &Row,
    width: usize,
    bookmarked: bool,
) -> RowText {
    let glyph = match (row.has_children, row.expanded) {
        (true, true) => theme.expanded_glyph(),
        (true, false) => theme.collapsed_glyph(),
        (false, _) => "  ",
    };
    let mark = if bookmarked {
        theme.bookmark_mark()
    } else {
        ""
    };
    let prefix = format!("{}{glyph}{mark}", "  ".repeat(row.depth));
    let node = library.node(row.key);
    let standing = library.standing(row.key).map(|s| StandingText::from(&s));
    let (label, badge, kind, most_lines) = match node {
        Node::Assessment(a) => (
            format!("{} {}", a.year, a.title),
            standing.filter(|s| s.grade.is_some()),
            RowKind::Assessment,
            usize::MAX,
        ),
        Node::Area(area) => (
            area.short_title
                .clone()
                .unwrap_or_else(|| area.title.clone()),
            standing,
            RowKind::Other,
            usize::MAX,
        ),
        Node::Section { kind, count } => (
            format!("{} ({count})", kind.section_title()),
            None,
            RowKind::Section,
            usize::MAX,
        ),
        Node::Glossary { count } => (format!("Glossary ({count})"), None, RowKind::Section, 1),
        // A recommendation wraps like any title: cut, it could read as another.
        Node::Recommendation(r) => (
            format!("[{}] {}", r.deadline, r.text),
            None,
            RowKind::Other,
            usize::MAX,
        ),
        other => (other.title().to_owned(), None, RowKind::Other, usize::MAX),
    };
    let label = theme.text(&label).into_owned();
    let room = width.saturating_sub(text::width(&prefix));
    let badge_width = badge
        .as_ref()
        .map_or(0, |b| text::width(&self::badge(theme, b)) + 1);
    let badge_below = badge.is_some() && room.saturating_sub(badge_width) < MIN_LABEL;
    let label_room = if badge_below {
        room
    } else {
        room - badge_width.min(room)
    };
    let lines = text::wrap_at_most(&label, label_room.max(1), most_lines, theme.ellipsis());
    RowText {
        prefix,
        lines,
        badge,
        badge_below,
        kind,
    }
}

/// Each row's lines, from the first row, for scrolling and hit-testing; `height` is a
/// row's (`RowText::height` at the tree's width).
pub fn spans(rows: &[Row], mut height: impl FnMut(&Row) -> usize) -> Vec<Span> {
    let mut first = 0;
    rows.iter()
        .map(|row| {
            let height = height(row);
            let span = Span::new(first, height);
            first += height;
            span
        })
        .collect()
}

/// The width the tree needs so that assessments, areas and sections fit on one line each
/// with their grades (findings wrap), borders included.
pub fn natural_width(library: &Library, theme: &Palette) -> u16 {
    let mut tree = TreeState::new(library);
    for (force, f) in library.forces().iter().enumerate() {
        tree.expanded.insert(NodeKey::Force { force });
        for (assessment, a) in f.assessments.iter().enumerate() {
            tree.expanded
                .insert(NodeKey::Assessment { force, assessment });
            tree.expanded
                .extend((0..a.areas.len()).map(|area| NodeKey::Area {
                    force,
                    assessment,
                    area,
                }));
        }
    }
    tree.refresh(library);
    let widest = tree
        .rows()
        .iter()
        .filter(|row| {
            !matches!(
                library.node(row.key),
                Node::Finding(_) | Node::Recommendation(_)
            )
        })
        .map(|row| {
            let text = row_text(library, theme, row, usize::MAX / 4, false);
            let label: usize = text.lines.iter().map(|l| text::width(l)).max().unwrap_or(0);
            let badge = text
                .badge
                .as_ref()
                .map_or(0, |b| text::width(&badge(theme, b)) + 1);
            text::width(&text.prefix) + label + badge
        })
        .max()
        .unwrap_or(0);
    u16::try_from(widest + 2).unwrap_or(u16::MAX)
}
