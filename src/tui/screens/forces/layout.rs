//! The forces grid laid out for a width: the names' column frozen, as many theme columns as
//! fit scrolled to keep the selected one in view, grades abbreviated (with a legend) before
//! anything that names a force or a grade is cut, and the selected cell whole below.

use super::{ForcesScreen, GridSort};
use crate::document::StandingText;
use crate::grades;
use crate::model::Grade;
use crate::tui::nav::Span;
use crate::tui::palette::Palette;
use crate::tui::screens::overview::{cell_badge, short_grade};
use crate::tui::screens::{Entry, ScreenLayout, side_by_side_with, wrapped};
use crate::tui::text;
use ratatui::style::Style;
use ratatui::text::{Line, Span as StyledSpan};

impl ForcesScreen {
    pub(super) fn lay_out(&self, theme: &Palette, width: usize) -> ScreenLayout {
        let title = match self.year() {
            Some(year) => format!(" Forces: grades in {year} "),
            None => " Forces: grades ".to_owned(),
        };
        let mut header = wrapped(
            &theme.text(&self.summary(theme)),
            width,
            "",
            theme.heading(),
        );
        if self.filtering || !self.filter.is_empty() {
            header.extend(self.filter_lines(theme, width));
        }
        let say = |text: &str| wrapped(&theme.text(text), width, "", theme.dim());
        let lines = if self.years.is_empty() {
            Some(say("No force has an assessment to show."))
        } else if self.table.columns.is_empty() {
            Some(say(
                "No force has a graded area this year: < and > change the year.",
            ))
        } else if self.shown.is_empty() {
            Some(say(&format!(
                "No force shown has an assessment this year{}.",
                if self.filter.is_empty() {
                    String::new()
                } else {
                    format!(" and matches “{}”: Esc clears the filter", self.filter)
                }
            )))
        } else {
            None
        };
        if let Some(lines) = lines {
            return ScreenLayout {
                title,
                header,
                lines,
                ..ScreenLayout::default()
            };
        }
        let Some(grid) = self.geometry(theme, width) else {
            return ScreenLayout {
                title,
                header,
                lines: say(&format!(
                    "Too narrow for the grid: widen the window to {} columns.",
                    NARROWEST_NAME + GRID_GAP + SHORT_CELL + 2
                )),
                ..ScreenLayout::default()
            };
        };
        header.extend(self.headings(theme, &grid));
        let (lines, entries) = self.rows(theme, &grid);
        let mut footer = wrapped(&theme.text(&self.detail(theme)), width, "", Style::new());
        footer.extend(wrapped(
            &self.legend(theme, grid.short),
            width,
            "",
            theme.dim(),
        ));
        ScreenLayout {
            title,
            header,
            lines,
            footer,
            entries,
        }
    }

    /// What the grid shows: the year, how many forces, in what order, the other years.
    fn summary(&self, theme: &Palette) -> String {
        let shown = self.shown.len();
        let with_year = self
            .table
            .rows
            .iter()
            .filter(|r| r.assessment.is_some())
            .count();
        let forces = if shown == with_year {
            format!("{shown} forces")
        } else {
            format!("{shown} of {with_year} forces")
        };
        let order = match &self.sort {
            GridSort::Name => "by name".to_owned(),
            GridSort::Grade { theme, worst_first } => format!(
                "by {}, {} first",
                self.title_of(theme),
                if *worst_first { "worst" } else { "best" }
            ),
        };
        let others: Vec<String> = self
            .years
            .iter()
            .filter(|y| Some(**y) != self.year())
            .map(u16::to_string)
            .collect();
        let mut parts = vec![
            self.year().map_or("No year".to_owned(), |y| y.to_string()),
            forces,
            order,
        ];
        if !others.is_empty() {
            parts.push(format!("< > years {}", others.join(" ")));
        }
        parts.join(theme.dot())
    }

    fn filter_lines(&self, theme: &Palette, width: usize) -> Vec<Line<'static>> {
        let text = if self.filtering {
            format!(
                "Filter: {}{} (Enter keeps, Esc clears)",
                self.filter,
                theme.cursor()
            )
        } else {
            format!("Filter: {} (f changes, Esc clears)", self.filter)
        };
        wrapped(&theme.text(&text), width, "", theme.accent())
    }

    fn title_of<'t>(&'t self, theme: &'t str) -> &'t str {
        self.table
            .columns
            .iter()
            .find(|c| c.theme == theme)
            .map_or(theme, |c| c.title.as_str())
    }

    /// How the grid fits `width`: the names' column, the theme columns' width and which
    /// of them are in view. `None` where not even one column fits beside the names.
    fn geometry(&self, theme: &Palette, width: usize) -> Option<Grid> {
        let count = self.table.columns.len();
        let names = self
            .shown
            .iter()
            .map(|&r| text::width(&theme.text(&self.table.rows[r].name)))
            .max()
            .unwrap_or(5)
            .max(5);
        let wanted_name = names.min(WIDEST_NAME);
        let full_cell = self.widest_cell(theme, false);
        // Grade words where every column fits with them; else the short forms, as the
        // overview's grid does.
        let short = wanted_name + count * (GRID_GAP + full_cell) > width;
        let cell = if short { SHORT_CELL } else { full_cell };
        // The names keep their width while two columns fit beside them; then they wrap.
        let name = wanted_name
            .min(width.saturating_sub(2 * (GRID_GAP + MIN_COLUMN)))
            .max(NARROWEST_NAME.min(wanted_name));
        let room = width.checked_sub(name)?;
        // As many columns as fit at their narrowest (or at the grades' width, where not
        // even one does), then the room shared among them up to a width where headings
        // read well.
        let narrowest = if room >= MIN_COLUMN.max(cell) + GRID_GAP {
            MIN_COLUMN.max(cell)
        } else {
            cell
        };
        let in_view = (room / (narrowest + GRID_GAP)).min(count);
        if in_view == 0 {
            return None;
        }
        let column = (room / in_view - GRID_GAP).clamp(narrowest, WIDEST_COLUMN.max(cell));
        let selected = self.column.checked_sub(1);
        let mut first = self.first_column.get().min(count - in_view);
        if let Some(selected) = selected {
            if selected < first {
                first = selected;
            } else if selected >= first + in_view {
                first = selected + 1 - in_view;
            }
        }
        self.first_column.set(first);
        Some(Grid {
            name,
            column,
            short,
            first,
            in_view,
            count,
        })
    }

    fn widest_cell(&self, theme: &Palette, short: bool) -> usize {
        Grade::ALL
            .iter()
            .map(|g| text::width(&cell_text(theme, Some(*g), short)))
            .max()
            .unwrap_or(SHORT_CELL)
            .max(SHORT_CELL)
    }

    /// The headings: "◂ n more" and "n more ▸" where columns are out of view, then each
    /// column's title in up to three lines (whole in the detail line when it is selected).
    fn headings(&self, theme: &Palette, grid: &Grid) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        let before = grid.first;
        let after = grid.count - grid.first - grid.in_view;
        if before > 0 || after > 0 {
            let (left, right) = if theme.ascii {
                ("<", ">")
            } else {
                ("◂", "▸")
            };
            let mut pieces = vec![StyledSpan::raw(" ".repeat(grid.name + GRID_GAP))];
            let left_text = if before > 0 {
                format!("{left} {before} more")
            } else {
                String::new()
            };
            let right_text = if after > 0 {
                format!("{after} more {right}")
            } else {
                String::new()
            };
            let span = grid.in_view * (grid.column + GRID_GAP) - GRID_GAP;
            let gap = span
                .saturating_sub(text::width(&left_text) + text::width(&right_text))
                .max(1);
            pieces.push(StyledSpan::styled(left_text, theme.accent()));
            pieces.push(StyledSpan::raw(" ".repeat(gap)));
            pieces.push(StyledSpan::styled(right_text, theme.accent()));
            out.push(Line::from(pieces));
        }
        let mut columns = vec![vec![Line::styled("Force", theme.heading())]];
        let mut widths = vec![grid.name];
        for c in grid.first..grid.first + grid.in_view {
            let title = theme.text(&self.table.columns[c].title).into_owned();
            let style = if self.column == c + 1 {
                theme.accent()
            } else {
                theme.heading()
            };
            columns.push(
                heading(&title, grid.column, theme)
                    .into_iter()
                    .map(|line| Line::styled(line, style))
                    .collect(),
            );
            widths.push(grid.column);
        }
        out.extend(side_by_side_with(&columns, &widths, GRID_GAP));
        out
    }

    /// A block of lines per force: its name, wrapped and never cut, then its grades.
    fn rows(&self, theme: &Palette, grid: &Grid) -> (Vec<Line<'static>>, Vec<Entry>) {
        let mut lines = Vec::new();
        let mut entries = Vec::new();
        let mut widths = vec![grid.name];
        widths.extend(std::iter::repeat_n(grid.column, grid.in_view));
        let (x, width) = match self.column.checked_sub(1) {
            Some(c) if c >= grid.first => (
                grid.name + GRID_GAP + (c - grid.first) * (grid.column + GRID_GAP),
                grid.column,
            ),
            _ => (0, grid.name),
        };
        for &r in &self.shown {
            let row = &self.table.rows[r];
            let mut columns = vec![wrapped(
                &theme.text(&row.name),
                grid.name,
                "  ",
                Style::new(),
            )];
            for column in &self.table.columns[grid.first..grid.first + grid.in_view] {
                let grade = row.grade(&column.theme);
                columns.push(vec![Line::styled(
                    cell_text(theme, grade, grid.short),
                    cell_style(theme, grade),
                )]);
            }
            let block = side_by_side_with(&columns, &widths, GRID_GAP);
            entries.push(Entry {
                span: Span::new(lines.len(), block.len()),
                x: x as u16,
                width: Some(width as u16),
            });
            lines.extend(block);
        }
        (lines, entries)
    }

    /// The selected cell in full: the force's whole name, the year, the theme's whole title
    /// and the grade in words, or what Enter does on a name.
    fn detail(&self, theme: &Palette) -> String {
        let Some(row) = self.selected_row() else {
            return String::new();
        };
        let year = self.year().map_or(String::new(), |y| y.to_string());
        match self.selected_theme() {
            Some(id) => {
                let grade = row
                    .grade(id)
                    .map_or("no graded area on this theme", |g| g.label());
                format!(
                    "{}{dot}{year}{dot}{}: {grade}",
                    row.name,
                    self.title_of(id),
                    dot = theme.dot()
                )
            }
            None => format!(
                "{}{dot}{year}{dot}Enter opens its overview; l or → moves to its grades",
                row.name,
                dot = theme.dot()
            ),
        }
    }

    /// What the short forms stand for, where the grid uses them.
    fn legend(&self, theme: &Palette, short: bool) -> String {
        if !short {
            return String::new();
        }
        let mut parts: Vec<String> = Vec::new();
        let cells = self
            .shown
            .iter()
            .flat_map(|&r| self.table.rows[r].cells.values());
        let mut used: Vec<Option<Grade>> = cells.copied().collect();
        used.sort_by_key(|g| grades::rank(*g));
        used.dedup();
        let mut no_grade = false;
        for grade in used {
            match grade {
                Some(g) if g.is_judgment() => parts.push(format!(
                    "{} {}",
                    short_grade(theme, grade),
                    g.label().to_lowercase()
                )),
                _ => no_grade = true,
            }
        }
        if no_grade {
            parts.push(format!("{} no grade", theme.dash()));
        }
        theme.text(&parts.join(theme.dot())).into_owned()
    }
}

/// A theme's title in a column `width` wide: words too long for it shortened to their
/// start and a dot ("Investig."), then at most `HEADING_LINES` lines, so no word is broken
/// across lines. The selected column's title is whole in the detail line.
fn heading(title: &str, width: usize, theme: &Palette) -> Vec<String> {
    let words: Vec<String> = title
        .split(' ')
        .filter(|w| !w.is_empty())
        .map(|word| {
            if text::width(word) <= width {
                return word.to_owned();
            }
            let mut short = String::new();
            for c in word.chars() {
                if text::width(&short) + text::width(&c.to_string()) + 1 > width {
                    break;
                }
                short.push(c);
            }
            short.push('.');
            short
        })
        .collect();
    text::wrap_at_most(&words.join(" "), width, HEADING_LINES, theme.ellipsis())
}

/// The grid's size at one width.
struct Grid {
    name: usize,
    column: usize,
    short: bool,
    first: usize,
    in_view: usize,
    count: usize,
}

/// A grade as the grid writes it: the badge every screen uses, or a dash where the force
/// has no graded area on the theme.
fn cell_text(theme: &Palette, grade: Option<Grade>, short: bool) -> String {
    match grade {
        Some(g) => {
            let standing = StandingText {
                label: g.label().to_owned(),
                grade: Some(g),
                reason: None,
            };
            cell_badge(theme, &standing, short)
        }
        None => theme.dash().to_owned(),
    }
}

fn cell_style(theme: &Palette, grade: Option<Grade>) -> Style {
    match grade {
        Some(_) => theme.grade(grade),
        None => theme.dim(),
    }
}

/// The widest a force's name column gets; longer names wrap (the detail line has them whole).
const WIDEST_NAME: usize = 32;
/// The narrowest the names get before the grid says it is too narrow.
const NARROWEST_NAME: usize = 12;
/// A theme column is at least this wide, so its heading reads, unless only the grades fit.
const MIN_COLUMN: usize = 8;
/// Theme columns share spare room up to this width.
const WIDEST_COLUMN: usize = 14;
/// The widest short badge ("[RI]", " RI ").
const SHORT_CELL: usize = 4;
/// A heading is at most this many lines; its whole title is in the detail line.
const HEADING_LINES: usize = 3;
/// As the overview's grid.
const GRID_GAP: usize = 2;
