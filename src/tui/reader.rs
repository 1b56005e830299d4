//! Moving through a flow: a position is a chunk and where its top line starts, which stays
//! put when the width changes; only the lines near it are ever laid out.

use super::flow::{Flow, RowSpan};
use super::nav::Motion;

/// The reader's first line in view: a chunk, and the offset its line starts at (a byte of
/// a text, a line of a table row).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, PartialOrd, Ord)]
pub struct ReaderPos {
    pub chunk: usize,
    pub offset: usize,
}

/// A flow seen through a viewport `width` x `height`.
pub struct View<'f> {
    pub flow: &'f Flow,
    pub width: usize,
    pub height: usize,
}

impl View<'_> {
    /// Which of `chunk`'s lines holds `offset`.
    fn line_index(&self, chunk: usize, offset: usize) -> usize {
        let rows = self.flow.rows(chunk, self.width);
        rows.iter()
            .enumerate()
            .rposition(|(i, row)| row.offset(i) <= offset)
            .unwrap_or(0)
    }

    fn at(&self, chunk: usize, line: usize) -> ReaderPos {
        let rows = self.flow.rows(chunk, self.width);
        let line = line.min(rows.len().saturating_sub(1));
        ReaderPos {
            chunk,
            offset: rows.get(line).map_or(0, |row| row.offset(line)),
        }
    }

    /// Normalises a position to the start of its line (after a width change).
    pub fn snap(&self, pos: ReaderPos) -> ReaderPos {
        if self.flow.chunks.is_empty() {
            return ReaderPos::default();
        }
        let chunk = pos.chunk.min(self.flow.chunks.len() - 1);
        self.at(chunk, self.line_index(chunk, pos.offset))
    }

    /// `lines` further down (or up, when negative), within the flow.
    pub fn step(&self, pos: ReaderPos, lines: isize) -> ReaderPos {
        if self.flow.chunks.is_empty() {
            return ReaderPos::default();
        }
        let mut chunk = pos.chunk.min(self.flow.chunks.len() - 1);
        let mut line = self.line_index(chunk, pos.offset);
        let mut left = lines.unsigned_abs();
        if lines >= 0 {
            while left > 0 {
                let count = self.flow.rows(chunk, self.width).len();
                let room = count - 1 - line;
                if left <= room {
                    line += left;
                    break;
                }
                if chunk + 1 >= self.flow.chunks.len() {
                    line = count - 1;
                    break;
                }
                left -= room + 1;
                chunk += 1;
                line = 0;
            }
        } else {
            while left > 0 {
                if left <= line {
                    line -= left;
                    break;
                }
                if chunk == 0 {
                    line = 0;
                    break;
                }
                left -= line + 1;
                chunk -= 1;
                line = self.flow.rows(chunk, self.width).len() - 1;
            }
        }
        self.at(chunk, line)
    }

    /// The last position that still fills the view: the end of the text on its last line.
    pub fn bottom(&self) -> ReaderPos {
        if self.flow.chunks.is_empty() {
            return ReaderPos::default();
        }
        let last = self.flow.chunks.len() - 1;
        let end = self.at(last, usize::MAX);
        self.step(end, -(self.height.max(1) as isize - 1))
    }

    /// Never scrolled past the bottom.
    pub fn clamp(&self, pos: ReaderPos) -> ReaderPos {
        let pos = self.snap(pos);
        pos.min(self.bottom())
    }

    /// The position after `motion`.
    pub fn apply(&self, pos: ReaderPos, motion: Motion) -> ReaderPos {
        let moved = match motion.lines(self.height) {
            Some(lines) => self.step(pos, lines),
            None if motion == Motion::Top => ReaderPos::default(),
            None => self.bottom(),
        };
        self.clamp(moved)
    }

    /// The lines in view from `pos`: each with its chunk.
    pub fn lines(&self, pos: ReaderPos) -> Vec<(usize, RowSpan)> {
        let mut out = Vec::with_capacity(self.height);
        if self.flow.chunks.is_empty() {
            return out;
        }
        let mut chunk = pos.chunk.min(self.flow.chunks.len() - 1);
        let mut line = self.line_index(chunk, pos.offset);
        while out.len() < self.height && chunk < self.flow.chunks.len() {
            let rows = self.flow.rows(chunk, self.width);
            for row in rows.iter().skip(line) {
                if out.len() == self.height {
                    break;
                }
                out.push((chunk, row.clone()));
            }
            chunk += 1;
            line = 0;
        }
        out
    }

    /// How far through the text the view's last line is, in percent; `None` when the
    /// whole text is in view.
    pub fn progress(&self, pos: ReaderPos) -> Option<usize> {
        if pos == ReaderPos::default() && self.bottom() == ReaderPos::default() {
            return None;
        }
        let lines = self.lines(pos);
        let (chunk, row) = lines.last()?;
        let end = match row {
            RowSpan::Text { end, .. } => *end,
            _ => 1,
        };
        let (done, total) = self.flow.progress_bytes(*chunk, end);
        Some((done * 100).checked_div(total).unwrap_or(100))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::document::{NodeDocument, Part};
    use crate::model::Anchor;
    use crate::tui::palette::Palette;

    fn flow(paragraphs: usize, words: usize) -> Flow {
        let parts = (0..paragraphs)
            .flat_map(|p| {
                [
                    Part::Paragraph {
                        text: (0..words)
                            .map(|w| format!("w{p}x{w}"))
                            .collect::<Vec<_>>()
                            .join(" "),
                        anchor: Anchor::Block(p),
                    },
                    Part::Gap,
                ]
            })
            .collect();
        let document = NodeDocument {
            id: "t".into(),
            breadcrumb: Vec::new(),
            title: "Title".into(),
            kind: "Finding".into(),
            year: None,
            parts,
        };
        Flow::build(
            &document,
            &Palette {
                color: false,
                ascii: false,
            },
        )
    }

    #[test]
    fn stepping_down_and_up_returns_to_the_same_line() {
        let flow = flow(20, 30);
        let view = View {
            flow: &flow,
            width: 40,
            height: 10,
        };
        let start = ReaderPos::default();
        let down = view.step(start, 37);
        assert_eq!(view.step(down, -37), start);
        let total: usize = (0..flow.chunks.len()).map(|c| flow.rows(c, 40).len()).sum();
        assert_eq!(
            view.step(start, 10_000),
            view.step(start, total as isize - 1)
        );
    }

    #[test]
    fn the_bottom_fills_the_view_and_nothing_scrolls_past_it() {
        let flow = flow(20, 30);
        let view = View {
            flow: &flow,
            width: 40,
            height: 10,
        };
        let bottom = view.bottom();
        assert_eq!(view.lines(bottom).len(), 10);
        assert_eq!(view.apply(bottom, Motion::Down), bottom);
        assert_eq!(view.apply(bottom, Motion::PageDown), bottom);
        assert_eq!(view.progress(bottom), Some(100));
        assert_eq!(view.apply(bottom, Motion::Top), ReaderPos::default());
    }

    #[test]
    fn a_short_text_is_all_in_view() {
        let flow = flow(1, 3);
        let view = View {
            flow: &flow,
            width: 40,
            height: 10,
        };
        assert_eq!(view.progress(ReaderPos::default()), None);
        assert_eq!(
            view.apply(ReaderPos::default(), Motion::Bottom),
            ReaderPos::default()
        );
    }

    #[test]
    fn only_what_comes_into_view_is_laid_out() {
        // A hundred thousand paragraphs: the end, a page up, a change of width.
        let flow = flow(100_000, 3);
        let view = View {
            flow: &flow,
            width: 40,
            height: 30,
        };
        let bottom = view.apply(ReaderPos::default(), Motion::Bottom);
        view.apply(bottom, Motion::PageUp);
        // At least the two screens shown (a paragraph is a chunk and a blank), no more.
        let laid_out = flow.laid_out();
        assert!((20..100).contains(&laid_out), "{laid_out} chunks laid out");
        let narrow = View {
            flow: &flow,
            width: 25,
            height: 30,
        };
        narrow.clamp(bottom);
        let laid_out = flow.laid_out();
        assert!((10..100).contains(&laid_out), "{laid_out} at the new width");
    }

    #[test]
    fn a_position_survives_a_change_of_width() {
        let flow = flow(5, 200);
        let wide = View {
            flow: &flow,
            width: 80,
            height: 10,
        };
        let pos = wide.step(ReaderPos::default(), 12);
        let narrow = View {
            flow: &flow,
            width: 30,
            height: 10,
        };
        let snapped = narrow.snap(pos);
        assert_eq!(snapped.chunk, pos.chunk);
        assert!(snapped.offset <= pos.offset && pos.offset - snapped.offset < 30);
    }
}
