//! The forces grid: every force against every theme for one year, as the inspectorate's own
//! site shows a cycle's grades. The force names stay put while the theme columns scroll
//! sideways to keep the selected one in view; rows sort by name or by a column's grade and
//! are filtered by words of a force's name. The table is built once per year, not per frame.

mod layout;

use super::{Context, Memo, ScreenLayout};
use crate::grades::{self, GradesRow, GradesTable, Pick};
use crate::model::{Library, NodeKey};
use crate::tui::nav::ListNav;
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

    pub fn laid(&self, context: Context, width: u16) -> Rc<ScreenLayout> {
        // The detail line is the selected row's, so the layout is made again when the
        // cursor moves; other changes clear the memo.
        self.memo.get_for(width, self.nav.cursor, || {
            self.lay_out(context.theme, usize::from(width))
        })
    }
}
