//! The overview: every theme's grade or status in every year, like the inspectorate's
//! judgments grid, with counts; then one chart per series of figures the sources give.

use crate::compare::{self, Overview};
use crate::tui::app::App;
use crate::tui::document::truncate;
use crate::tui::screens::OverviewState;
use ratatui::Frame;
use ratatui::layout::{Direction, Rect};
use ratatui::style::Style;
use ratatui::symbols;
use ratatui::text::{Line, Span};
use ratatui::widgets::{Bar, BarChart, Paragraph, Wrap};
use unicode_width::UnicodeWidthStr;

/// Lines each theme takes in the matrix.
pub const ROW_HEIGHT: usize = 2;

pub fn pages(app: &App, state: &OverviewState) -> usize {
    1 + compare::series(app.library, state.force).len()
}

pub fn draw(frame: &mut Frame, app: &App, state: &OverviewState, area: Rect) {
    let theme = &app.theme;
    let overview = compare::overview(app.library, state.force);
    let title = match state.page {
        0 => " Overview: grades ".to_owned(),
        page => format!(" Overview: figures {page}/{} ", overview.series.len()),
    };
    let block = super::pane(theme, Line::from(title).style(theme.heading()), true)
        .title_bottom(Line::from(" ←/→ pages ").right_aligned().style(theme.dim()));
    let inner = block.inner(area);
    frame.render_widget(block, area);
    if inner.width == 0 || inner.height == 0 {
        return;
    }
    match state.page {
        0 => matrix(frame, app, state, &overview, inner),
        page => chart(frame, app, &overview, page - 1, inner),
    }
}

fn matrix(frame: &mut Frame, app: &App, state: &OverviewState, overview: &Overview, area: Rect) {
    let theme = &app.theme;
    let width = usize::from(area.width);
    let years = overview.years.len().max(1);
    let title_width = (width / 3).clamp(12, 40);
    let cell = (width.saturating_sub(title_width) / years).max(1);
    let mut lines = vec![Line::from(
        std::iter::once(Span::styled(
            format!("{:title_width$}", "Theme"),
            theme.heading(),
        ))
        .chain(
            overview
                .years
                .iter()
                .map(|y| Span::styled(format!("{y:<cell$}"), theme.accent())),
        )
        .collect::<Vec<_>>(),
    )];
    for row in &overview.themes {
        let mut top = vec![Span::raw(pad(
            &truncate(
                &theme.text(&row.title),
                title_width.saturating_sub(1),
                theme.ellipsis(),
            ),
            title_width,
        ))];
        let mut bottom = vec![Span::raw(" ".repeat(title_width))];
        for c in &row.cells {
            let room = cell.saturating_sub(1);
            let (text, style) = match c.grade.filter(|g| g.is_judgment()) {
                Some(g) => (g.label().to_owned(), theme.grade(g)),
                None => (c.status.clone(), theme.dim()),
            };
            let text = truncate(&theme.text(&text), room, theme.ellipsis());
            let shown = if c.grade.is_some_and(|g| g.is_judgment()) && !theme.color {
                format!("[{text}]")
            } else {
                text
            };
            let shown = truncate(&shown, room, theme.ellipsis());
            let used = shown.width();
            top.push(Span::styled(shown, style));
            top.push(Span::raw(" ".repeat(cell.saturating_sub(used))));
            let counts: Vec<String> = [
                ("CoC", c.causes_of_concern),
                ("rec", c.recommendations),
                ("AFI", c.areas_for_improvement),
            ]
            .into_iter()
            .filter(|(_, n)| *n > 0)
            .map(|(label, n)| format!("{n} {label}"))
            .collect();
            bottom.push(Span::styled(
                pad(&truncate(&counts.join(" · "), room, theme.ellipsis()), cell),
                theme.dim(),
            ));
        }
        lines.push(Line::from(top));
        lines.push(Line::from(bottom));
    }
    lines.push(Line::styled(
        truncate("CoC causes of concern · rec recommendations · AFI areas for improvement · Enter compares a theme", width, theme.ellipsis()),
        theme.dim(),
    ));
    let shown: Vec<Line> = lines
        .iter()
        .skip(state.list.scroll * ROW_HEIGHT)
        .take(usize::from(area.height))
        .cloned()
        .collect();
    frame.render_widget(Paragraph::new(shown), area);
    let first = 1 + (state.list.cursor.saturating_sub(state.list.scroll)) * ROW_HEIGHT;
    for offset in 0..ROW_HEIGHT {
        let y = first + offset;
        if y < usize::from(area.height) && state.list.cursor >= state.list.scroll {
            let bar = Rect::new(
                area.x,
                area.y + y as u16,
                (title_width as u16).min(area.width),
                1,
            );
            frame.buffer_mut().set_style(bar, theme.selected(true));
        }
    }
}

fn chart(frame: &mut Frame, app: &App, overview: &Overview, index: usize, area: Rect) {
    let theme = &app.theme;
    let Some(series) = overview.series.get(index) else {
        return;
    };
    let heading = format!("{} ({})", theme.text(&series.title), series.unit);
    let heading_height =
        (textwrap::wrap(&heading, usize::from(area.width).max(1)).len() as u16).min(area.height);
    let heading_lines =
        Paragraph::new(Line::styled(heading, theme.heading())).wrap(Wrap { trim: true });
    frame.render_widget(
        heading_lines,
        Rect::new(area.x, area.y, area.width, heading_height),
    );
    let sources = format!(
        "Sources: {}",
        unique(series.points.iter().map(|p| p.source.as_str())).join(", ")
    );
    let chart_area = Rect::new(
        area.x,
        area.y + heading_height,
        area.width,
        area.height.saturating_sub(heading_height + 1),
    );
    let label_width = usize::from(area.width / 2).max(1);
    // Values to one decimal place: BarChart takes whole numbers, so bars are in tenths.
    let bars: Vec<Bar> = series
        .points
        .iter()
        .map(|point| {
            Bar::default()
                .value((point.value * 10.0).round().max(0.0) as u64)
                .text_value(format!("{}", point.value))
                .label(Line::from(truncate(
                    &theme.text(&point.label),
                    label_width,
                    theme.ellipsis(),
                )))
        })
        .collect();
    let max = series
        .points
        .iter()
        .map(|p| p.value)
        .fold(0.0, f64::max)
        .max(if series.unit == "%" { 100.0 } else { 0.0 });
    let bar_set = if theme.ascii {
        symbols::bar::THREE_LEVELS
    } else {
        symbols::bar::NINE_LEVELS
    };
    let chart = BarChart::horizontal(bars)
        .direction(Direction::Horizontal)
        .bar_width(1)
        .bar_gap(0)
        .bar_set(bar_set)
        .max((max * 10.0).round() as u64)
        .bar_style(if theme.color {
            Style::new().fg(ratatui::style::Color::Indexed(74))
        } else {
            Style::new()
        })
        .value_style(theme.heading());
    frame.render_widget(chart, chart_area);
    let bottom = Rect::new(
        area.x,
        area.bottom().saturating_sub(1),
        area.width,
        area.height.min(1),
    );
    frame.render_widget(
        Paragraph::new(Line::styled(
            truncate(&sources, usize::from(area.width), theme.ellipsis()),
            theme.dim(),
        )),
        bottom,
    );
}

fn unique<'a>(items: impl Iterator<Item = &'a str>) -> Vec<&'a str> {
    let mut out: Vec<&str> = Vec::new();
    for item in items {
        if !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

fn pad(text: &str, width: usize) -> String {
    format!("{text}{}", " ".repeat(width.saturating_sub(text.width())))
}
