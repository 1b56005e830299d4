//! A pane's border and titles, drawn as ratatui's `Block::bordered()` draws them, less the
//! one thing a pane never needs: the block's own style laid over every cell of its area.
//! A pane's block has no style of its own, so that pass changes nothing, but it visits
//! every cell through the buffer's bounds-checked index, about a tenth of a served frame's
//! drawing at 80x24 (`examples/serve_keys --readers 100`). The test below holds this to
//! the block, cell for cell, for random areas, titles, borders and styles.

use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Style;
use ratatui::symbols::border;
use ratatui::text::Line;
use ratatui::widgets::{Block, Widget};

/// A bordered pane: a title at the top on the left, and perhaps one at the bottom on the
/// right.
#[derive(Debug, Clone)]
pub struct Border<'a> {
    pub set: border::Set<'a>,
    pub style: Style,
    pub title: Line<'a>,
    pub bottom: Option<Line<'a>>,
}

impl<'a> Border<'a> {
    /// The same pane as a block, for a widget that takes one (the help's paragraph).
    pub fn block(self) -> Block<'a> {
        let block = Block::bordered()
            .border_set(self.set)
            .border_style(self.style)
            .title(self.title);
        match self.bottom {
            Some(bottom) => block.title_bottom(bottom.right_aligned()),
            None => block,
        }
    }
}

impl Widget for Border<'_> {
    fn render(self, area: Rect, buffer: &mut Buffer) {
        let area = area.intersection(buffer.area);
        if area.is_empty() {
            return;
        }
        let (left, top) = (area.left(), area.top());
        let (right, bottom) = (area.right() - 1, area.bottom() - 1);
        let mut side =
            |xs: std::ops::RangeInclusive<u16>, ys: std::ops::RangeInclusive<u16>, symbol| {
                for x in xs {
                    for y in ys.clone() {
                        buffer[(x, y)].set_symbol(symbol).set_style(self.style);
                    }
                }
            };
        // The block's order: sides, then corners over them, the top left last.
        side(left..=left, top..=bottom, self.set.vertical_left);
        side(left..=right, top..=top, self.set.horizontal_top);
        side(right..=right, top..=bottom, self.set.vertical_right);
        side(left..=right, bottom..=bottom, self.set.horizontal_bottom);
        side(right..=right, bottom..=bottom, self.set.bottom_right);
        side(right..=right, top..=top, self.set.top_right);
        side(left..=left, bottom..=bottom, self.set.bottom_left);
        side(left..=left, top..=top, self.set.top_left);
        // Between the corners: the block's titles area, one row at the top and the bottom.
        let titles = |y| Rect::new(left.saturating_add(1), y, area.width.saturating_sub(2), 1);
        let top_titles = titles(top);
        if !top_titles.is_empty() {
            let width = line_width(&self.title);
            self.title.render(
                Rect {
                    width: width.min(top_titles.width),
                    ..top_titles
                },
                buffer,
            );
        }
        let bottom_titles = titles(bottom);
        if let Some(line) = self.bottom.map(Line::right_aligned)
            && !bottom_titles.is_empty()
        {
            let width = line_width(&line);
            let at = bottom_titles
                .right()
                .saturating_sub(width)
                .max(bottom_titles.left());
            line.render(
                Rect {
                    x: at,
                    width: width.min(bottom_titles.width),
                    ..bottom_titles
                },
                buffer,
            );
        }
    }
}

/// A line's width as the block measures it for its layout.
fn line_width(line: &Line) -> u16 {
    line.width().min(usize::from(u16::MAX)) as u16
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;
    use ratatui::style::{Color, Modifier};

    const PIECES: &[&str] = &[
        " Reader ", "a", "日本", "é", "👍", " 18/29 ", "", "—", "abcdefgh",
    ];

    fn line() -> impl Strategy<Value = Line<'static>> {
        (prop::collection::vec(0..PIECES.len(), 0..4), 0u8..3).prop_map(|(pieces, style)| {
            let text: String = pieces.iter().map(|&p| PIECES[p]).collect();
            let style = match style {
                0 => Style::new(),
                1 => Style::new()
                    .fg(Color::Indexed(42))
                    .add_modifier(Modifier::BOLD),
                _ => Style::new().add_modifier(Modifier::DIM),
            };
            Line::from(text).style(style)
        })
    }

    fn border() -> impl Strategy<Value = Border<'static>> {
        (any::<bool>(), 0u8..3, line(), prop::option::of(line())).prop_map(
            |(ascii, style, title, bottom)| Border {
                set: if ascii {
                    border::PLAIN
                } else {
                    border::ROUNDED
                },
                style: match style {
                    0 => Style::new(),
                    1 => Style::new().fg(Color::Indexed(7)),
                    _ => Style::new().add_modifier(Modifier::BOLD),
                },
                title,
                bottom,
            },
        )
    }

    proptest! {
        #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

        /// Over any area, whole, cut by the buffer's edge or outside it, on a blank buffer
        /// or one already drawn on, the border is the block's cell for cell.
        #[test]
        fn a_border_is_drawn_as_the_block_draws_it(
            border in border(),
            (x, y, width, height) in (0u16..14, 0u16..8, 0u16..16, 0u16..9),
            drawn_on in any::<bool>(),
        ) {
            let screen = Rect::new(0, 0, 12, 6);
            let mut base = Buffer::empty(screen);
            if drawn_on {
                for row in 0..screen.height {
                    base.set_string(0, row, "x日y—zé".repeat(3), Style::new().fg(Color::Red));
                }
            }
            let area = Rect::new(x, y, width, height);
            let mut expected = base.clone();
            border.clone().block().render(area, &mut expected);
            let mut drawn = base;
            border.render(area, &mut drawn);
            prop_assert_eq!(drawn, expected);
        }
    }
}
