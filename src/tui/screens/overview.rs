//! The overview: every theme's grade (or why it has none) in every year, like the
//! inspectorate's judgments grid, with counts; then every chart of the figures the sources
//! give, as many to a screen as fit.

use super::charts::chart_lines;
use super::{Context, Entry, Memo, ScreenLayout, side_by_side_with, wrapped};
use crate::compare::{self, Overview, OverviewCell, OverviewRow};
use crate::document::StandingText;
use crate::model::Grade;
use crate::model::Library;
use crate::tui::nav::{ListNav, Span};
use crate::tui::palette::Palette;
use crate::tui::text;
use crate::tui::tree_pane::badge;
use ratatui::style::Style;
use ratatui::text::{Line, Span as StyledSpan};
use std::rc::Rc;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Page {
    Grades,
    Figures,
}

#[derive(Debug, Clone)]
pub struct OverviewScreen {
    pub force: usize,
    pub page: Page,
    pub grades: ListNav,
    pub figures: ListNav,
    overview: Rc<Overview>,
    /// The force's name, said above the grid when the content holds several.
    force_name: Option<String>,
    pub memo: Memo,
}

impl OverviewScreen {
    pub fn new(library: &Library, force: usize) -> OverviewScreen {
        OverviewScreen {
            force,
            page: Page::Grades,
            grades: ListNav::default(),
            figures: ListNav::default(),
            overview: Rc::new(compare::overview(library, force)),
            force_name: library
                .shows_forces()
                .then(|| library.forces()[force].name.clone()),
            memo: Memo::default(),
        }
    }

    pub fn nav(&self) -> ListNav {
        match self.page {
            Page::Grades => self.grades,
            Page::Figures => self.figures,
        }
    }

    pub fn nav_mut(&mut self) -> &mut ListNav {
        match self.page {
            Page::Grades => &mut self.grades,
            Page::Figures => &mut self.figures,
        }
    }

    pub fn turn_page(&mut self) {
        self.page = match self.page {
            Page::Grades => Page::Figures,
            Page::Figures => Page::Grades,
        };
        self.memo.clear();
    }

    /// The theme under the cursor on the grades page.
    pub fn selected_theme(&self) -> Option<usize> {
        (self.page == Page::Grades && self.grades.cursor < self.overview.themes.len())
            .then_some(self.grades.cursor)
    }

    pub fn laid(&self, context: Context, width: u16) -> Rc<ScreenLayout> {
        // The grades page shows the selected theme's detail, so it is laid out again when
        // the cursor moves.
        let cursor = match self.page {
            Page::Grades => self.grades.cursor,
            Page::Figures => 0,
        };
        self.memo.get_for(width, cursor, || {
            let mut laid = match self.page {
                Page::Grades => self.grades_page(context.theme, usize::from(width)),
                Page::Figures => self.figures_page(context.theme, usize::from(width)),
            };
            // With several forces, whose overview this is stays in view, wrapped, not cut.
            if let Some(name) = &self.force_name {
                let mut header = wrapped(name, usize::from(width), "", context.theme.heading());
                header.append(&mut laid.header);
                laid.header = header;
            }
            laid
        })
    }

    /// The judgments grid: one line a theme where its title fits, a grade badge and the
    /// counts in each year's cell; the reasons and notes in the selected theme's detail
    /// below, not repeated in every cell. Where full grade words do not fit, grades are
    /// abbreviated (with a legend) rather than broken.
    fn grades_page(&self, theme: &Palette, width: usize) -> ScreenLayout {
        let overview = &self.overview;
        let years = overview.years.len().max(1);
        let longest = overview
            .themes
            .iter()
            .map(|row| text::width(&row.title))
            .max()
            .unwrap_or(5);
        let wanted_title = longest.min(24);
        let forms = [
            CellForm {
                short: false,
                words: true,
                counted: true,
            },
            CellForm {
                short: false,
                words: false,
                counted: true,
            },
            CellForm {
                short: true,
                words: false,
                counted: true,
            },
            CellForm {
                short: true,
                words: false,
                counted: false,
            },
        ];
        // Grades shorten before titles wrap narrower than `wanted_title`; then titles give
        // way down to `NARROWEST_TITLE`, wrapping onto more lines; only then do the counts
        // leave the cells for the selected theme's line.
        let narrowest = NARROWEST_TITLE.min(longest);
        let wanted = wanted_title.min(longest);
        let tries = [
            (wanted, forms[0]),
            (wanted, forms[1]),
            (wanted, forms[2]),
            (narrowest, forms[2]),
            (wanted, forms[3]),
            (narrowest, forms[3]),
        ];
        let fitting = tries.into_iter().find_map(|(least, form)| {
            let cell = self.cell_width(theme, form);
            let title = width.checked_sub(years * (cell + GRID_GAP))?;
            (title >= least).then_some((form, cell, title))
        });
        let Some((form, cell_width, title_width)) = fitting else {
            let least = narrowest + years * (self.cell_width(theme, forms[3]) + GRID_GAP);
            return ScreenLayout {
                title: " Overview: grades ".into(),
                lines: wrapped(
                    &format!(
                        "Too narrow for the grades: widen the window to {} columns.",
                        least + 2
                    ),
                    width,
                    "",
                    theme.dim(),
                ),
                ..ScreenLayout::default()
            };
        };
        let mut widths = vec![title_width];
        widths.extend(std::iter::repeat_n(cell_width, years));

        let mut heading = vec![vec![Line::styled("Theme", theme.heading())]];
        heading.extend(
            overview
                .years
                .iter()
                .map(|y| vec![Line::styled(y.to_string(), theme.accent())]),
        );
        let header = side_by_side_with(&heading, &widths, GRID_GAP);

        let mut lines = Vec::new();
        let mut entries = Vec::new();
        for row in &overview.themes {
            let mut columns = vec![wrapped(
                &theme.text(&row.title),
                title_width,
                "",
                Style::new(),
            )];
            for cell in &row.cells {
                let standing = StandingText::from(&cell.standing_parts);
                let mut pieces = vec![StyledSpan::styled(
                    cell_badge(theme, &standing, form.short),
                    theme.grade(standing.grade),
                )];
                let counts = counts(cell, form.words);
                if form.counted && !counts.is_empty() {
                    pieces.push(StyledSpan::styled(format!(" {counts}"), theme.dim()));
                }
                columns.push(vec![Line::from(pieces)]);
            }
            let block = side_by_side_with(&columns, &widths, GRID_GAP);
            entries.push(Entry {
                span: Span::new(lines.len(), block.len()),
                x: 0,
                width: Some(title_width as u16),
            });
            lines.extend(block);
        }
        let mut footer = Vec::new();
        if let Some(row) = overview.themes.get(self.grades.cursor) {
            footer.extend(wrapped(
                &theme.text(&detail(row, theme, !form.counted)),
                width,
                "",
                Style::new(),
            ));
        }
        footer.extend(wrapped(&self.legend(theme, form), width, "", theme.dim()));
        ScreenLayout {
            title: " Overview: grades ".into(),
            header,
            lines,
            footer,
            entries,
        }
    }

    /// The widest cell of the grid in `form`.
    fn cell_width(&self, theme: &Palette, form: CellForm) -> usize {
        self.overview
            .themes
            .iter()
            .flat_map(|row| &row.cells)
            .map(|cell| {
                let standing = StandingText::from(&cell.standing_parts);
                let counts = counts(cell, form.words);
                text::width(&cell_badge(theme, &standing, form.short))
                    + if counts.is_empty() || !form.counted {
                        0
                    } else {
                        1 + text::width(&counts)
                    }
            })
            .max()
            .unwrap_or(1)
            .max(4)
    }

    /// What the short forms in the grid stand for.
    fn legend(&self, theme: &Palette, form: CellForm) -> String {
        let mut parts: Vec<String> = Vec::new();
        if form.short {
            let mut used: Vec<(String, String)> = Vec::new();
            for cell in self.overview.themes.iter().flat_map(|row| &row.cells) {
                let standing = StandingText::from(&cell.standing_parts);
                let short = short_grade(theme, standing.grade).to_owned();
                if !used.iter().any(|(s, _)| *s == short) {
                    used.push((short, standing.label.to_lowercase()));
                }
            }
            parts.extend(used.into_iter().map(|(s, label)| format!("{s} {label}")));
        }
        parts.push(if !form.counted {
            "counts in the selected theme's line".into()
        } else if form.words {
            format!(
                "CoC causes of concern{dot}rec recommendations{dot}AFI areas for improvement",
                dot = theme.dot()
            )
        } else {
            "counts: causes of concern/recommendations/areas for improvement".into()
        });
        theme.text(&parts.join(theme.dot())).into_owned()
    }

    fn figures_page(&self, theme: &Palette, width: usize) -> ScreenLayout {
        let mut lines = Vec::new();
        for chart in &self.overview.charts {
            lines.extend(chart_lines(chart, theme, width));
            lines.push(Line::default());
        }
        if lines.is_empty() {
            lines = wrapped(
                "The sources give no figures to chart.",
                width,
                "",
                theme.dim(),
            );
        }
        ScreenLayout {
            title: format!(
                " Overview: figures ({} charts) ",
                self.overview.charts.len()
            ),
            header: Vec::new(),
            lines,
            footer: Vec::new(),
            entries: Vec::new(),
        }
    }
}

/// How the grid writes a cell: grade words or their short forms, counts in words or as
/// three numbers.
#[derive(Debug, Clone, Copy)]
struct CellForm {
    short: bool,
    words: bool,
    /// The counts in the cell; where they do not fit, the selected theme's detail says them.
    counted: bool,
}

/// The grade's short form in a narrow grid: the initials the inspectorate's grades are
/// known by; a dash where there is no grade.
pub(super) fn short_grade(theme: &Palette, grade: Option<Grade>) -> &'static str {
    match grade {
        Some(Grade::Outstanding) => "O",
        Some(Grade::Good) => "G",
        Some(Grade::Adequate) => "A",
        Some(Grade::RequiresImprovement) => "RI",
        Some(Grade::Inadequate) => "I",
        _ => theme.dash(),
    }
}

pub(super) fn cell_badge(theme: &Palette, standing: &StandingText, short: bool) -> String {
    if !short {
        return badge(theme, standing);
    }
    let short = StandingText {
        label: short_grade(theme, standing.grade).to_owned(),
        grade: standing.grade,
        reason: None,
    };
    badge(theme, &short)
}

/// "1 CoC 5 rec 1 AFI" (the counts there are), or "1/5/1" (all three, in that order).
fn counts(cell: &OverviewCell, words: bool) -> String {
    let numbers = [
        (cell.causes_of_concern, "CoC"),
        (cell.recommendations, "rec"),
        (cell.areas_for_improvement, "AFI"),
    ];
    if numbers.iter().all(|(n, _)| *n == 0) {
        return String::new();
    }
    if words {
        numbers
            .iter()
            .filter(|(n, _)| *n > 0)
            .map(|(n, label)| format!("{n} {label}"))
            .collect::<Vec<_>>()
            .join(" ")
    } else {
        numbers
            .iter()
            .map(|(n, _)| n.to_string())
            .collect::<Vec<_>>()
            .join("/")
    }
}

/// The selected theme's years in full: each grade with why it has none and what the
/// status adds.
fn detail(row: &OverviewRow, theme: &Palette, with_counts: bool) -> String {
    row.cells
        .iter()
        .map(|cell| {
            let mut text = format!(
                "{} {}",
                cell.year,
                StandingText::from(&cell.standing_parts).words()
            );
            if let Some(note) = &cell.note {
                text.push_str(&format!(" ({note})"));
            }
            let counts = counts(cell, true);
            if with_counts && !counts.is_empty() {
                text.push_str(&format!(", {counts}"));
            }
            text
        })
        .collect::<Vec<_>>()
        .join(theme.dot())
}

/// The narrowest a theme's title column gets before the grid says it is too narrow.
const NARROWEST_TITLE: usize = 12;
/// Between the grid's columns: narrower than other screens' gap, so the grid fits 80
/// columns with its titles on one line where they can be.
const GRID_GAP: usize = 2;
