//! The forces grid: every force against every theme for one year, as the inspectorate's own
//! site shows a cycle's grades. The force names stay put while the theme columns scroll
//! sideways to keep the selected one in view; rows sort by name or by a column's grade and
//! are filtered by words of a force's name. The table is built once per year, not per frame.

use super::overview::{cell_badge, short_grade};
use super::{Context, Entry, Laid, Memo, side_by_side_with, wrapped};
use crate::document::StandingText;
use crate::grades::{self, GradesRow, GradesTable, Pick};
use crate::model::{Grade, Library, NodeKey};
use crate::tui::nav::{ListNav, Span};
use crate::tui::text;
use crate::tui::theme::Theme;
use ratatui::style::Style;
use ratatui::text::{Line, Span as Piece};
use std::cell::Cell;
use std::rc::Rc;

/// How the rows are ordered.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum GridSort {
    /// By force name, A to Z.
    Name,
    /// By one theme's grade, best first (or worst first); forces with no grade there last.
    Grade { theme: String, worst_first: bool },
}

#[derive(Debug, Clone)]
pub struct ForcesScreen {
    years: Vec<u16>,
    year: usize,
    table: Rc<GradesTable>,
    sort: GridSort,
    filter: String,
    /// The filter prompt is open: printable keys are typed into it.
    pub filtering: bool,
    /// The table's rows shown, in order: forces with an assessment that year, filtered,
    /// then sorted.
    shown: Vec<usize>,
    /// 0: the force names; `c`: the table's column `c - 1`.
    column: usize,
    /// The first theme column in view. Only the layout knows the width, so it moves this
    /// to keep the selected column in view; kept between layouts so columns do not jump.
    first_column: Cell<usize>,
    pub nav: ListNav,
    pub memo: Memo,
}

impl ForcesScreen {
    /// The grid for `year` (the latest year with grades when `None`), with the cursor on
    /// `force`'s row and `theme`'s column where they are shown.
    pub fn new(
        library: &Library,
        force: Option<usize>,
        year: Option<u16>,
        theme: Option<&str>,
    ) -> ForcesScreen {
        let years = grades::years(library);
        let wanted = year.or_else(|| grades::latest_graded_year(library));
        let year = wanted
            .and_then(|y| years.iter().position(|x| *x == y))
            .unwrap_or(years.len().saturating_sub(1));
        let mut screen = ForcesScreen {
            years,
            year,
            table: Rc::new(GradesTable {
                year: None,
                assessment: None,
                columns: Vec::new(),
                rows: Vec::new(),
            }),
            sort: GridSort::Name,
            filter: String::new(),
            filtering: false,
            shown: Vec::new(),
            column: 0,
            first_column: Cell::new(0),
            nav: ListNav::default(),
            memo: Memo::default(),
        };
        screen.build(library);
        screen.select_theme(theme);
        if let Some(at) = force.and_then(|f| screen.row_of(f)) {
            screen.nav.cursor = at;
        }
        screen
    }

    pub fn year(&self) -> Option<u16> {
        self.years.get(self.year).copied()
    }

    pub fn sort(&self) -> &GridSort {
        &self.sort
    }

    pub fn filter(&self) -> &str {
        &self.filter
    }

    /// The selected column: 0 for the force names, else 1 + the theme's column.
    pub fn column(&self) -> usize {
        self.column
    }

    /// The forces shown, top to bottom (indices into the library's forces).
    pub fn forces_shown(&self) -> Vec<usize> {
        self.shown
            .iter()
            .map(|&r| self.table.rows[r].force_index)
            .collect()
    }

    /// The theme ids of the columns, left to right.
    pub fn themes(&self) -> Vec<&str> {
        self.table
            .columns
            .iter()
            .map(|c| c.theme.as_str())
            .collect()
    }

    fn selected_row(&self) -> Option<&GradesRow> {
        let row = *self.shown.get(self.nav.cursor)?;
        self.table.rows.get(row)
    }

    pub fn selected_force(&self) -> Option<usize> {
        self.selected_row().map(|row| row.force_index)
    }

    /// The selected column's theme id; `None` on the names.
    pub fn selected_theme(&self) -> Option<&str> {
        let column = self.table.columns.get(self.column.checked_sub(1)?)?;
        Some(&column.theme)
    }

    /// The area the selected cell's grade is of: the first the force's theme maps to in
    /// the year shown.
    pub fn selected_area(&self, library: &Library) -> Option<NodeKey> {
        let row = self.selected_row()?;
        let force = &library.forces()[row.force_index];
        let assessment = &force.assessments[row.assessment?];
        let theme = self.selected_theme()?;
        force
            .themes
            .iter()
            .find(|t| t.id == theme)?
            .years
            .iter()
            .find(|y| y.assessment == assessment.id)?
            .nodes
            .iter()
            .filter_map(|id| library.resolve_in_force(row.force_index, id))
            .find(|key| matches!(key, NodeKey::Area { .. }))
    }

    fn row_of(&self, force: usize) -> Option<usize> {
        self.shown
            .iter()
            .position(|&r| self.table.rows[r].force_index == force)
    }

    fn select_theme(&mut self, theme: Option<&str>) {
        if let Some(at) = theme.and_then(|t| self.table.columns.iter().position(|c| c.theme == t)) {
            self.column = at + 1;
        }
        self.column = self.column.min(self.table.columns.len());
        self.memo.clear();
    }

    /// The table for the year shown, then the rows.
    fn build(&mut self, library: &Library) {
        let pick = Pick::Year(self.year().unwrap_or_default());
        self.table = Rc::new(grades::table(library, &pick));
        if let GridSort::Grade { theme, .. } = &self.sort
            && !self.table.columns.iter().any(|c| &c.theme == theme)
        {
            self.sort = GridSort::Name;
        }
        self.arrange(library);
    }

    /// The rows shown after a change of year, filter or sort; the cursor stays on its force
    /// where that is still shown.
    fn arrange(&mut self, library: &Library) {
        let before = self.selected_force();
        let matching = (!self.filter.trim().is_empty())
            .then(|| grades::forces_matching(library, &self.filter));
        let rows = &self.table.rows;
        let mut shown: Vec<usize> = (0..rows.len())
            .filter(|&r| rows[r].assessment.is_some())
            .filter(|&r| {
                matching
                    .as_ref()
                    .is_none_or(|m| m.contains(&rows[r].force_index))
            })
            .collect();
        match &self.sort {
            GridSort::Name => shown.sort_by(|&a, &b| rows[a].name.cmp(&rows[b].name)),
            GridSort::Grade { theme, worst_first } => {
                let rank = |r: usize| {
                    let grade = rows[r].grade(theme);
                    if *worst_first {
                        grades::rank_worst_first(grade)
                    } else {
                        grades::rank(grade)
                    }
                };
                shown.sort_by(|&a, &b| (rank(a), &rows[a].name).cmp(&(rank(b), &rows[b].name)));
            }
        }
        self.shown = shown;
        self.nav.cursor = before
            .and_then(|f| self.row_of(f))
            .unwrap_or(0)
            .min(self.shown.len().saturating_sub(1));
        self.memo.clear();
    }

    pub fn move_column(&mut self, right: bool) {
        self.column = if right {
            (self.column + 1).min(self.table.columns.len())
        } else {
            self.column.saturating_sub(1)
        };
        self.memo.clear();
    }

    /// To the year before or after, on the same force and theme where the new year has
    /// them; `Err` says why not at either end.
    pub fn step_year(&mut self, library: &Library, later: bool) -> Result<(), String> {
        let next = if later {
            Some(self.year + 1).filter(|y| *y < self.years.len())
        } else {
            self.year.checked_sub(1)
        };
        let Some(next) = next else {
            return Err(match (self.year(), later) {
                (Some(year), true) => format!("No year after {year}: > goes later, < earlier"),
                (Some(year), false) => format!("No year before {year}: < goes earlier, > later"),
                (None, _) => "No force has an assessment to show".into(),
            });
        };
        let theme = self.selected_theme().map(str::to_owned);
        self.year = next;
        self.build(library);
        self.select_theme(theme.as_deref());
        Ok(())
    }

    /// `s`: by name on the names; on a theme, best first, and worst first when pressed again.
    pub fn sort_by_column(&mut self, library: &Library) {
        self.sort = match (self.selected_theme(), &self.sort) {
            (None, _) => GridSort::Name,
            (
                Some(theme),
                GridSort::Grade {
                    theme: by,
                    worst_first,
                },
            ) if by == theme => GridSort::Grade {
                theme: theme.to_owned(),
                worst_first: !worst_first,
            },
            (Some(theme), _) => GridSort::Grade {
                theme: theme.to_owned(),
                worst_first: false,
            },
        };
        self.arrange(library);
    }

    pub fn start_filter(&mut self) {
        self.filtering = true;
        self.memo.clear();
    }

    /// Typed or pasted text, on one line.
    pub fn type_text(&mut self, library: &Library, typed: &str) {
        self.filter
            .extend(typed.chars().map(|c| if c.is_control() { ' ' } else { c }));
        self.arrange(library);
    }

    pub fn delete_char(&mut self, library: &Library) {
        self.filter.pop();
        self.arrange(library);
    }

    pub fn delete_word(&mut self, library: &Library) {
        let kept = self.filter.trim_end().len();
        let start = self.filter[..kept].rfind(' ').map_or(0, |at| at + 1);
        self.filter.truncate(start);
        self.arrange(library);
    }

    pub fn clear_text(&mut self, library: &Library) {
        self.filter.clear();
        self.arrange(library);
    }

    /// Enter: the filter stays, the keys move the grid again.
    pub fn keep_filter(&mut self) {
        self.filtering = false;
        self.memo.clear();
    }

    /// Esc: every force again.
    pub fn clear_filter(&mut self, library: &Library) {
        self.filtering = false;
        self.clear_text(library);
    }

    pub fn laid(&self, context: Context, width: u16) -> Rc<Laid> {
        // The detail line is the selected row's, so the layout is made again when the
        // cursor moves; other changes clear the memo.
        self.memo.get_for(width, self.nav.cursor, || {
            self.lay_out(context.theme, usize::from(width))
        })
    }

    fn lay_out(&self, theme: &Theme, width: usize) -> Laid {
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
            return Laid {
                title,
                header,
                lines,
                ..Laid::default()
            };
        }
        let Some(grid) = self.geometry(theme, width) else {
            return Laid {
                title,
                header,
                lines: say(&format!(
                    "Too narrow for the grid: widen the window to {} columns.",
                    NARROWEST_NAME + GRID_GAP + SHORT_CELL + 2
                )),
                ..Laid::default()
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
        Laid {
            title,
            header,
            lines,
            footer,
            entries,
        }
    }

    /// What the grid shows: the year, how many forces, in what order, the other years.
    fn summary(&self, theme: &Theme) -> String {
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

    fn filter_lines(&self, theme: &Theme, width: usize) -> Vec<Line<'static>> {
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
    fn geometry(&self, theme: &Theme, width: usize) -> Option<Grid> {
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

    fn widest_cell(&self, theme: &Theme, short: bool) -> usize {
        Grade::ALL
            .iter()
            .map(|g| text::width(&cell_text(theme, Some(*g), short)))
            .max()
            .unwrap_or(SHORT_CELL)
            .max(SHORT_CELL)
    }

    /// The headings: "◂ n more" and "n more ▸" where columns are out of view, then each
    /// column's title in up to three lines (whole in the detail line when it is selected).
    fn headings(&self, theme: &Theme, grid: &Grid) -> Vec<Line<'static>> {
        let mut out = Vec::new();
        let before = grid.first;
        let after = grid.count - grid.first - grid.in_view;
        if before > 0 || after > 0 {
            let (left, right) = if theme.ascii {
                ("<", ">")
            } else {
                ("◂", "▸")
            };
            let mut pieces = vec![Piece::raw(" ".repeat(grid.name + GRID_GAP))];
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
            pieces.push(Piece::styled(left_text, theme.accent()));
            pieces.push(Piece::raw(" ".repeat(gap)));
            pieces.push(Piece::styled(right_text, theme.accent()));
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
    fn rows(&self, theme: &Theme, grid: &Grid) -> (Vec<Line<'static>>, Vec<Entry>) {
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
    fn detail(&self, theme: &Theme) -> String {
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
    fn legend(&self, theme: &Theme, short: bool) -> String {
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
fn heading(title: &str, width: usize, theme: &Theme) -> Vec<String> {
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
fn cell_text(theme: &Theme, grade: Option<Grade>, short: bool) -> String {
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

fn cell_style(theme: &Theme, grade: Option<Grade>) -> Style {
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
