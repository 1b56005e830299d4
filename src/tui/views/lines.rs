//! Lines of text drawn straight into the buffer: exactly what ratatui's
//! `Paragraph::new(lines)` (no wrapping, no block, no scroll) draws, cell for cell, without
//! building the lines' graphemes into a vector for its line truncator first. A span of
//! printable ASCII, the bulk of what peel draws, is one cell a byte; anything else goes
//! grapheme by grapheme, as the paragraph does. The tests below hold both to the same
//! buffer for random lines.

use ratatui::buffer::{Buffer, CellWidth};
use ratatui::layout::{Alignment, Rect};
use ratatui::style::Style;
use ratatui::text::Line;
use ratatui::widgets::{Paragraph, Widget};
use unicode_segmentation::UnicodeSegmentation;

/// What `Paragraph::new(lines)` draws in `area`: each line on a row of its own from the
/// top, cut at the area's right edge, as many as there are rows.
/// The lines may come from anywhere (results kept laid out are drawn where they are kept).
pub fn render<'l, 'a: 'l>(
    buffer: &mut Buffer,
    area: Rect,
    lines: impl IntoIterator<Item = &'l Line<'a>>,
) {
    let area = area.intersection(buffer.area);
    if area.is_empty() {
        return;
    }
    for (row, line) in lines.into_iter().take(usize::from(area.height)).enumerate() {
        let y = area.y + row as u16;
        if line.alignment.is_some_and(|a| a != Alignment::Left) {
            // Centred or right-aligned lines are rare (none in a pane); the paragraph
            // draws them, one row at a time, as it would among the others.
            Paragraph::new(line.clone()).render(Rect::new(area.x, y, area.width, 1), buffer);
            continue;
        }
        left_aligned(buffer, area.x, y, area.width, line);
    }
}

/// One left-aligned line from (x, y), at most `width` cells: the paragraph's truncation
/// (a grapheme wider than the whole row is dropped, the first that would overflow ends the
/// line) and its drawing (a zero-width grapheme draws nothing).
fn left_aligned(buffer: &mut Buffer, x: u16, y: u16, width: u16, line: &Line) {
    let line_style = Style::default().patch(line.style);
    let start = buffer.index_of(x, y);
    let cells = &mut buffer.content[start..start + usize::from(width)];
    let mut used = 0u16;
    for span in &line.spans {
        let style = line_style.patch(span.style);
        let content = span.content.as_ref();
        if content.bytes().all(|b| (b' '..=b'~').contains(&b)) {
            // Every printable ASCII character is a grapheme of its own, one cell wide.
            for byte in content.bytes() {
                if used >= width {
                    return;
                }
                cells[usize::from(used)]
                    .set_char(char::from(byte))
                    .set_style(style);
                used += 1;
            }
            continue;
        }
        for grapheme in content
            .graphemes(true)
            .filter(|g| !g.contains(char::is_control))
        {
            let cell_width = grapheme.cell_width();
            if cell_width > width {
                continue;
            }
            if used + cell_width > width {
                return;
            }
            if cell_width == 0 {
                continue;
            }
            cells[usize::from(used)]
                .set_symbol(grapheme)
                .set_style(style);
            used += cell_width;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier};
    use ratatui::text::Span;

    /// Pieces of text that exercise every branch: plain ASCII, wide characters, combining
    /// marks, emoji with a variation selector, zero-width joiners, control characters,
    /// halfwidth sound marks.
    const PIECES: &[&str] = &[
        "a",
        "Zz",
        " ",
        "~",
        "abc def",
        "é",
        "e\u{301}",
        "日本",
        "あ",
        "👍",
        "❤\u{fe0f}",
        "\u{200b}",
        "\u{200d}",
        "\t",
        "\n",
        "\r\n",
        "\u{7f}",
        "·",
        "│",
        "ｶ\u{ff9e}",
        "—",
        "\u{1f468}\u{200d}\u{1f469}",
        "",
    ];

    fn style() -> impl Strategy<Value = Style> {
        (0u8..4, 0u8..4, 0u8..3).prop_map(|(fg, bg, modifier)| {
            let colour = |n| match n {
                0 => None,
                1 => Some(Color::Red),
                2 => Some(Color::Reset),
                _ => Some(Color::Indexed(42)),
            };
            let style = Style {
                fg: colour(fg),
                bg: colour(bg),
                ..Style::default()
            };
            match modifier {
                1 => style.add_modifier(Modifier::BOLD),
                2 => style.remove_modifier(Modifier::BOLD),
                _ => style,
            }
        })
    }

    fn line() -> impl Strategy<Value = Line<'static>> {
        let span =
            (prop::collection::vec(0..PIECES.len(), 0..8), style()).prop_map(|(pieces, style)| {
                let text: String = pieces.iter().map(|&p| PIECES[p]).collect();
                Span::styled(text, style)
            });
        (prop::collection::vec(span, 0..5), style(), 0u8..5).prop_map(
            |(spans, style, alignment)| {
                let line = Line::from(spans).style(style);
                match alignment {
                    1 => line.left_aligned(),
                    2 => line.centered(),
                    3 => line.right_aligned(),
                    _ => line,
                }
            },
        )
    }

    /// A buffer already drawn on, so what is left alone shows too.
    fn canvas(width: u16, height: u16) -> Buffer {
        let mut buffer = Buffer::empty(Rect::new(0, 0, width, height));
        for (i, cell) in buffer.content.iter_mut().enumerate() {
            cell.set_char(if i % 3 == 0 { 'x' } else { ' ' });
            if i % 5 == 0 {
                cell.set_bg(Color::Blue);
            }
        }
        buffer
    }

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        #[test]
        fn lines_draw_what_the_paragraph_draws(
            lines in prop::collection::vec(line(), 0..6),
            (x, y, width, height) in (0u16..6, 0u16..4, 0u16..14, 0u16..6),
        ) {
            let area = Rect::new(x, y, width, height);
            let mut ours = canvas(12, 7);
            let mut theirs = ours.clone();
            render(&mut ours, area, &lines);
            Paragraph::new(lines).render(area, &mut theirs);
            prop_assert_eq!(ours, theirs);
        }
    }
}
