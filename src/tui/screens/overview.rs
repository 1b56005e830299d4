//! The overview: every theme's grade (or why it has none) in every year, like the
//! inspectorate's judgments grid, with counts; then every chart of the figures the sources
//! give, as many to a screen as fit.

use super::{Context, Entry, GAP, Laid, Memo, side_by_side, wrapped};
use crate::compare::{self, BarGroup, Chart, Overview};
use crate::document::StandingText;
use crate::model::Library;
use crate::tui::nav::{ListNav, Span};
use crate::tui::text;
use crate::tui::theme::Theme;
use crate::tui::tree::badge;
use ratatui::style::Style;
use ratatui::text::{Line, Span as Piece};
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

    pub fn laid(&self, context: Context, width: u16) -> Rc<Laid> {
        self.memo.get(width, || match self.page {
            Page::Grades => self.grades_page(context.theme, usize::from(width)),
            Page::Figures => self.figures_page(context.theme, usize::from(width)),
        })
    }

    fn grades_page(&self, theme: &Theme, width: usize) -> Laid {
        let overview = &self.overview;
        let years = overview.years.len().max(1);
        let longest = overview
            .themes
            .iter()
            .map(|row| text::width(&row.title))
            .max()
            .unwrap_or(5);
        let title_width = longest.clamp(5, (width / 3).max(12)).min(width);
        let cell_width = (width.saturating_sub(title_width + GAP * years) / years).max(1);
        let mut widths = vec![title_width];
        widths.extend(std::iter::repeat_n(cell_width, years));

        let mut heading = vec![vec![Line::styled("Theme", theme.heading())]];
        heading.extend(
            overview
                .years
                .iter()
                .map(|y| vec![Line::styled(y.to_string(), theme.accent())]),
        );
        let header = side_by_side(&heading, &widths);

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
                let mut lines = Vec::new();
                let badge = badge(theme, &standing);
                let style = theme.grade(standing.grade);
                if text::width(&badge) <= cell_width {
                    lines.push(Line::styled(badge, style));
                } else {
                    // Too narrow for the badge on one line: its words, each line marked.
                    for piece in text::wrap(&standing.label, cell_width) {
                        lines.push(Line::styled(piece, style));
                    }
                }
                if let Some(reason) = &standing.reason {
                    lines.extend(wrapped(&theme.text(reason), cell_width, "", theme.dim()));
                }
                if let Some(note) = &cell.note {
                    lines.extend(wrapped(
                        &theme.text(note),
                        cell_width,
                        "",
                        theme.editorial(),
                    ));
                }
                let counts: Vec<String> = [
                    ("CoC", cell.causes_of_concern),
                    ("rec", cell.recommendations),
                    ("AFI", cell.areas_for_improvement),
                ]
                .into_iter()
                .filter(|(_, n)| *n > 0)
                .map(|(label, n)| format!("{n}\u{a0}{label}"))
                .collect();
                if !counts.is_empty() {
                    // Each count is one unbreakable word, so a count never splits.
                    for line in text::wrap(&counts.join(" "), cell_width) {
                        lines.push(Line::styled(line.replace('\u{a0}', " "), theme.dim()));
                    }
                }
                columns.push(lines);
            }
            let block = side_by_side(&columns, &widths);
            entries.push(Entry {
                span: Span::new(lines.len(), block.len()),
                x: 0,
                width: Some(title_width as u16),
            });
            lines.extend(block);
            lines.push(Line::default());
        }
        let legend = format!(
            "CoC causes of concern{dot}rec recommendations{dot}AFI areas for improvement{dot}Enter compares a theme",
            dot = theme.dot()
        );
        Laid {
            title: " Overview: grades ".into(),
            header,
            lines,
            footer: wrapped(&legend, width, "", theme.dim()),
            entries,
        }
    }

    fn figures_page(&self, theme: &Theme, width: usize) -> Laid {
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
        Laid {
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

/// A chart as lines: its title, a legend where bars are grouped, then each group's label
/// beside its bars with the value after each bar; the reference value marked across the
/// bars and named below; the sources last.
pub fn chart_lines(chart: &Chart, theme: &Theme, width: usize) -> Vec<Line<'static>> {
    let unit = if chart.unit == "%" { "%" } else { "" };
    let mut lines = wrapped(
        &theme.text(&format!("{} ({})", chart.title, chart.unit)),
        width,
        "",
        theme.heading(),
    );
    let grouped = chart.series.len() > 1;
    if grouped {
        for (s, name) in chart.series.iter().enumerate() {
            let key = format!("{} ", theme.bar_fill(s).repeat(2));
            lines.push(Line::from(vec![
                Piece::styled(key, theme.bar(s)),
                Piece::raw(theme.text(name).into_owned()),
            ]));
        }
    }
    let value_text = |value: f64| format!("{}{unit}", crate::model::number(value));
    let value_width = chart
        .groups
        .iter()
        .flat_map(|g| g.texts.iter().flatten())
        .map(|v| text::width(v))
        .chain(
            chart
                .reference
                .as_ref()
                .map(|r| text::width(&value_text(r.value))),
        )
        .max()
        .unwrap_or(1);
    let longest_label = chart
        .groups
        .iter()
        .map(|g| text::width(&theme.text(&g.label)))
        .max()
        .unwrap_or(1);
    let label_width = longest_label.min((width * 2 / 5).max(10)).min(width);
    // Room for the label, a space, the bar, the reference mark, a space and the value.
    let bar_width = width
        .saturating_sub(label_width + 1 + 1 + 1 + value_width)
        .max(1);
    let most = chart
        .groups
        .iter()
        .flat_map(|g| g.values.iter().flatten())
        .copied()
        .chain(chart.reference.as_ref().map(|r| r.value))
        .fold(if chart.unit == "%" { 100.0 } else { 0.0 }, f64::max)
        .max(f64::MIN_POSITIVE);
    let reference_at = chart
        .reference
        .as_ref()
        .map(|r| ((r.value / most) * bar_width as f64).round() as usize);
    for group in &chart.groups {
        lines.extend(group_lines(
            group,
            theme,
            GroupLayout {
                label_width,
                bar_width,
                most,
                reference_at,
            },
        ));
    }
    if let Some(reference) = &chart.reference {
        let text = format!(
            "{} {}: {}",
            theme.reference_mark(),
            value_text(reference.value),
            reference.label
        );
        lines.extend(wrapped(&theme.text(&text), width, "  ", theme.accent()));
    }
    let sources = format!("Sources: {}", chart.sources.join(", "));
    lines.extend(wrapped(&theme.text(&sources), width, "  ", theme.dim()));
    lines
}

#[derive(Clone, Copy)]
struct GroupLayout {
    label_width: usize,
    bar_width: usize,
    most: f64,
    reference_at: Option<usize>,
}

fn group_lines(group: &BarGroup, theme: &Theme, layout: GroupLayout) -> Vec<Line<'static>> {
    let labels = text::wrap(&theme.text(&group.label), layout.label_width);
    let height = labels.len().max(group.values.len());
    (0..height)
        .map(|i| {
            let label = labels.get(i).cloned().unwrap_or_default();
            let mut pieces = vec![Piece::raw(text::pad(&label, layout.label_width + 1))];
            match (group.values.get(i), group.texts.get(i)) {
                (Some(Some(value)), Some(Some(shown))) => {
                    pieces.extend(bar_pieces(*value, shown, i, theme, layout));
                }
                (Some(_), _) => pieces.push(Piece::styled("no figure", theme.dim())),
                (None, _) => {}
            }
            Line::from(pieces)
        })
        .collect()
}

/// One bar: at least one cell for any value above zero, the value just after it, and the
/// reference mark where the bar does not reach it.
fn bar_pieces(
    value: f64,
    shown: &str,
    series: usize,
    theme: &Theme,
    layout: GroupLayout,
) -> Vec<Piece<'static>> {
    let exact = (value.max(0.0) / layout.most) * layout.bar_width as f64;
    let (bar, cells) = theme.bar_cells(exact, series, layout.bar_width);
    let mut pieces = vec![Piece::styled(bar, theme.bar(series))];
    // A bar short of the reference shows the gap to it; the value follows, clear of both.
    // (A bar past the reference passes it; the legend under the chart names the mark.)
    if let Some(at) = layout
        .reference_at
        .filter(|at| *at > cells && *at <= layout.bar_width)
    {
        pieces.push(Piece::raw(" ".repeat(at - cells)));
        pieces.push(Piece::styled(
            theme.reference_mark().to_owned(),
            theme.accent(),
        ));
    }
    pieces.push(Piece::styled(format!(" {shown}"), theme.heading()));
    pieces
}
