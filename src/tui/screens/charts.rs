//! A chart of figures as lines of text: bars, values, the reference value marked across
//! the bars, and its sources. Drawn on the overview's figures page.

use super::wrapped;
use crate::compare::{BarGroup, Chart};
use crate::tui::palette::Palette;
use crate::tui::text;
use ratatui::text::{Line, Span as StyledSpan};

/// A chart as lines: its title, a legend where bars are grouped, then each group's label
/// beside its bars with the value after each bar; the reference value marked across the
/// bars and named below; the sources last.
pub fn chart_lines(chart: &Chart, theme: &Palette, width: usize) -> Vec<Line<'static>> {
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
                StyledSpan::styled(key, theme.bar(s)),
                StyledSpan::raw(theme.text(name).into_owned()),
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

fn group_lines(group: &BarGroup, theme: &Palette, layout: GroupLayout) -> Vec<Line<'static>> {
    let labels = text::wrap(&theme.text(&group.label), layout.label_width);
    let height = labels.len().max(group.values.len());
    (0..height)
        .map(|i| {
            let label = labels.get(i).cloned().unwrap_or_default();
            let mut pieces = vec![StyledSpan::raw(text::pad(&label, layout.label_width + 1))];
            match (group.values.get(i), group.texts.get(i)) {
                (Some(Some(value)), Some(Some(shown))) => {
                    pieces.extend(bar_pieces(*value, shown, i, theme, layout));
                }
                (Some(_), _) => pieces.push(StyledSpan::styled("no figure", theme.dim())),
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
    theme: &Palette,
    layout: GroupLayout,
) -> Vec<StyledSpan<'static>> {
    let exact = (value.max(0.0) / layout.most) * layout.bar_width as f64;
    let (bar, cells) = theme.bar_cells(exact, series, layout.bar_width);
    let mut pieces = vec![StyledSpan::styled(bar, theme.bar(series))];
    // A bar short of the reference shows the gap to it; the value follows, clear of both.
    // (A bar past the reference passes it; the legend under the chart names the mark.)
    if let Some(at) = layout
        .reference_at
        .filter(|at| *at > cells && *at <= layout.bar_width)
    {
        pieces.push(StyledSpan::raw(" ".repeat(at - cells)));
        pieces.push(StyledSpan::styled(
            theme.reference_mark().to_owned(),
            theme.accent(),
        ));
    }
    pieces.push(StyledSpan::styled(format!(" {shown}"), theme.heading()));
    pieces
}
