//! Compare one theme across the years: each year's grade or why it has none, its summary,
//! and the theme's findings side by side, recurring issues lined up on one row under their
//! note. Two columns below 108 cells (one below 50), with h/l moving through the years.

use super::{Context, Entry, GAP, Memo, ScreenLayout, side_by_side, wrapped};
use crate::compare::{self, Comparison};
use crate::document::StandingText;
use crate::model::{Library, Node, NodeKey};
use crate::tui::nav::{ListNav, Span};
use crate::tui::text;
use crate::tui::tree_pane::badge;
use ratatui::style::Style;
use ratatui::text::{Line, Span as StyledSpan};
use std::rc::Rc;

#[derive(Debug, Clone)]
pub struct CompareScreen {
    pub force: usize,
    pub theme: usize,
    /// One flag per assessment of the force, oldest first.
    pub years_shown: Vec<bool>,
    /// Which shown year has the cursor.
    pub column: usize,
    /// The cursor's entry in that column, and the first line in view.
    pub nav: ListNav,
    comparison: Rc<Comparison>,
    pub memo: Memo,
}

/// Three years side by side from this width (inside the border), two from `TWO_FROM`.
pub const THREE_FROM: u16 = 108;
pub const TWO_FROM: u16 = 50;

impl CompareScreen {
    pub fn new(library: &Library, force: usize, theme: usize) -> CompareScreen {
        let years_shown = vec![true; library.forces()[force].assessments.len()];
        let mut screen = CompareScreen {
            force,
            theme,
            years_shown,
            column: 0,
            nav: ListNav::default(),
            comparison: Rc::new(compare::compare(
                library,
                force,
                &library.forces()[force].themes[theme],
                &[],
            )),
            memo: Memo::default(),
        };
        screen.rebuild(library);
        screen
    }

    /// The comparison is derived data: made again only when the theme or years change.
    fn rebuild(&mut self, library: &Library) {
        let force = &library.forces()[self.force];
        let years: Vec<u16> = force
            .assessments
            .iter()
            .zip(&self.years_shown)
            .filter(|(_, shown)| **shown)
            .map(|(a, _)| a.year)
            .collect();
        self.comparison = Rc::new(compare::compare(
            library,
            self.force,
            &force.themes[self.theme],
            &years,
        ));
        self.nav = ListNav::default();
        self.select(None);
    }

    /// Puts the cursor on `key` where a shown year lists it, else on the first entry of the
    /// first year that lists anything: the cursor is never left in an empty column.
    pub fn select(&mut self, key: Option<NodeKey>) {
        let count = self.comparison.columns.len();
        let at = |c: usize| {
            let keys = self.column_keys(c);
            key.and_then(|key| keys.iter().position(|(_, k)| *k == key))
        };
        let (column, cursor) = (0..count)
            .find_map(|c| at(c).map(|i| (c, i)))
            .or_else(|| {
                (0..count)
                    .find(|&c| !self.column_keys(c).is_empty())
                    .map(|c| (c, 0))
            })
            .unwrap_or((0, 0));
        self.column = column;
        self.nav.cursor = cursor;
        self.memo.clear();
    }

    /// Whether a shown year lists `key`.
    pub fn lists(&self, key: NodeKey) -> bool {
        (0..self.comparison.columns.len())
            .any(|c| self.column_keys(c).iter().any(|(_, k)| *k == key))
    }

    pub fn comparison(&self) -> &Comparison {
        &self.comparison
    }

    /// Steps to the next (`forward`) or previous theme, wrapping; true when it wrapped.
    pub fn step_theme(&mut self, library: &Library, forward: bool) -> bool {
        let themes = library.forces()[self.force].themes.len().max(1);
        let before = self.theme;
        self.theme = if forward {
            (self.theme + 1) % themes
        } else {
            (self.theme + themes - 1) % themes
        };
        self.rebuild(library);
        (forward && self.theme < before) || (!forward && self.theme > before)
    }

    /// Shows or hides a year; the last year shown stays.
    pub fn toggle_year(&mut self, library: &Library, year: usize) {
        let shown = self.years_shown.iter().filter(|s| **s).count();
        let Some(flag) = self.years_shown.get_mut(year) else {
            return;
        };
        if !*flag || shown > 1 {
            *flag = !*flag;
            self.rebuild(library);
        }
    }

    /// Each shown column's entries: its nodes, each once per row.
    pub fn column_keys(&self, column: usize) -> Vec<(usize, NodeKey)> {
        self.comparison
            .rows
            .iter()
            .enumerate()
            .flat_map(|(r, row)| {
                row.cells
                    .get(column)
                    .into_iter()
                    .flatten()
                    .map(move |key| (r, *key))
            })
            .collect()
    }

    /// Moves to another year, staying on the same row where that year has something there.
    pub fn move_column(&mut self, forward: bool) {
        let count = self.comparison.columns.len();
        let row = self
            .column_keys(self.column)
            .get(self.nav.cursor)
            .map(|(r, _)| *r);
        let next = if forward {
            (self.column + 1).min(count.saturating_sub(1))
        } else {
            self.column.saturating_sub(1)
        };
        if next == self.column {
            return;
        }
        self.column = next;
        let keys = self.column_keys(next);
        self.nav.cursor = keys
            .iter()
            .position(|(r, _)| Some(*r) >= row)
            .unwrap_or(keys.len().saturating_sub(1));
        self.memo.clear();
    }

    pub fn selected_key(&self) -> Option<NodeKey> {
        self.column_keys(self.column)
            .get(self.nav.cursor)
            .map(|(_, key)| *key)
    }

    pub fn laid(&self, context: Context, width: u16) -> Rc<ScreenLayout> {
        self.memo
            .get(width, || self.lay_out(context, usize::from(width)))
    }

    fn lay_out(&self, context: Context, width: usize) -> ScreenLayout {
        let theme = context.theme;
        let comparison = &self.comparison;
        let count = comparison.columns.len();
        let fits = match width as u16 {
            w if w >= THREE_FROM => 3,
            w if w >= TWO_FROM => 2,
            _ => 1,
        };
        let start = self
            .column
            .saturating_sub(fits - 1)
            .min(count.saturating_sub(fits));
        let window: Vec<usize> = (start..count.min(start + fits)).collect();
        let shown = window.len().max(1);
        let column_width = (width.saturating_sub(GAP * (shown - 1)) / shown).max(1);
        let widths = vec![column_width; shown];
        let mut header = Vec::new();
        // With several forces, whose comparison this is stays in view, wrapped, not cut.
        if context.library.shows_forces() {
            let force = &context.library.forces()[self.force];
            header.extend(wrapped(&force.name, width, "", theme.accent()));
        }
        header.extend(wrapped(&comparison.title, width, "", theme.heading()));
        let years: Vec<Vec<Line<'static>>> = window
            .iter()
            .map(|&c| {
                let column = &comparison.columns[c];
                let standing = StandingText::from(&column.standing);
                let year = StyledSpan::styled(column.year.to_string(), theme.accent());
                let badge =
                    StyledSpan::styled(badge(theme, &standing), theme.grade(standing.grade));
                if year.width() + 1 + badge.width() <= column_width {
                    vec![Line::from(vec![year, StyledSpan::raw(" "), badge])]
                } else {
                    vec![Line::from(year), Line::from(badge)]
                }
            })
            .collect();
        header.extend(side_by_side(&years, &widths));
        header.extend(self.notes(context, &window, width));

        let mut lines: Vec<Line<'static>> = Vec::new();
        let summaries: Vec<Vec<Line<'static>>> = window
            .iter()
            .map(|&c| {
                let column = &comparison.columns[c];
                let mut cell = Vec::new();
                if let Some(reason) = column.standing.reason() {
                    cell.extend(wrapped(
                        &theme.text(&capitalise(reason)),
                        column_width,
                        "",
                        theme.dim(),
                    ));
                }
                if let Some(note) = &column.note {
                    cell.extend(wrapped(
                        &theme.text(note),
                        column_width,
                        "",
                        theme.editorial(),
                    ));
                }
                if !column.summary.is_empty() {
                    cell.extend(wrapped(
                        &theme.text(&column.summary),
                        column_width,
                        "",
                        Style::new(),
                    ));
                }
                cell
            })
            .collect();
        lines.extend(side_by_side(&summaries, &widths));
        lines.push(Line::default());

        let cursor_column = window.iter().position(|&c| c == self.column).unwrap_or(0);
        let mut entries = Vec::new();
        for row in &comparison.rows {
            let mut context_lines = 0;
            if let Some(link) = &row.recurring {
                let title = format!("{} {}", theme.recurring_mark(), link.title);
                let mut link_lines = wrapped(&theme.text(&title), width, "  ", theme.accent());
                link_lines.extend(
                    text::wrap_indented(&theme.text(&link.note), width, "  ", "  ")
                        .into_iter()
                        .map(|line| Line::styled(line, theme.editorial())),
                );
                context_lines = link_lines.len();
                lines.extend(link_lines);
            }
            let top = lines.len();
            let cells: Vec<Vec<Line<'static>>> = window
                .iter()
                .enumerate()
                .map(|(i, &c)| {
                    let mut cell = Vec::new();
                    for (n, key) in row.cells[c].iter().enumerate() {
                        let label = entry_label(context.library, theme, *key);
                        let indent = " ".repeat(label.len() - label.trim_start().len() + 2);
                        let entry = wrapped(&label, column_width, &indent, Style::new());
                        if i == cursor_column {
                            entries.push(Entry {
                                span: Span {
                                    first: top + cell.len(),
                                    height: entry.len(),
                                    context: if n == 0 { context_lines } else { 0 },
                                },
                                x: (i * (column_width + GAP)) as u16,
                                width: Some(column_width as u16),
                            });
                        }
                        cell.extend(entry);
                    }
                    if cell.is_empty() {
                        cell.push(Line::styled(theme.dash().to_owned(), theme.dim()));
                    }
                    cell
                })
                .collect();
            lines.extend(side_by_side(&cells, &widths));
            lines.push(Line::default());
        }
        ScreenLayout {
            title: " Compare ".into(),
            header,
            lines,
            footer: Vec::new(),
            entries,
        }
    }

    /// What is not on screen and how to get it, and what the link mark means.
    fn notes(&self, context: Context, window: &[usize], width: usize) -> Vec<Line<'static>> {
        let theme = context.theme;
        let comparison = &self.comparison;
        let elsewhere: Vec<String> = (0..comparison.columns.len())
            .filter(|c| !window.contains(c))
            .map(|c| comparison.columns[c].year.to_string())
            .collect();
        let hidden: Vec<String> = context.library.forces()[self.force]
            .assessments
            .iter()
            .zip(&self.years_shown)
            .filter(|(_, shown)| !**shown)
            .map(|(a, _)| a.year.to_string())
            .collect();
        let mut notes = Vec::new();
        if !elsewhere.is_empty() {
            notes.push(format!("also {} (h/l to move)", elsewhere.join(", ")));
        }
        if !hidden.is_empty() {
            notes.push(format!("hidden {} (1 2 3 show)", hidden.join(", ")));
        }
        notes.push(format!("{} recurring issue", theme.recurring_mark()));
        wrapped(&notes.join(theme.dot()), width, "", theme.dim())
    }
}

fn capitalise(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn entry_label(library: &Library, theme: &crate::tui::palette::Palette, key: NodeKey) -> String {
    let node = library.node(key);
    let (kind, title) = match node {
        Node::Finding(f) => (f.kind.label().to_owned(), f.title.clone()),
        Node::Area(area) => (
            format!(
                "Area ({})",
                library
                    .standing(key)
                    .map_or(String::new(), |s| s.label().to_owned())
            ),
            area.short_title
                .clone()
                .unwrap_or_else(|| area.title.clone()),
        ),
        // Under the cause of concern it follows.
        Node::Recommendation(r) => {
            return theme
                .text(&format!("  {}Recommendation: {}", theme.bullet(), r.text))
                .into_owned();
        }
        other => (
            capitalise(&other.kind_key().replace('-', " ")),
            other.title().to_owned(),
        ),
    };
    theme
        .text(&format!("{}{kind}: {title}", theme.bullet()))
        .into_owned()
}
