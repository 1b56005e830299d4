//! The explorer's own frame diff and encoding (`peel::tui::frame_bytes`, sent by
//! `backend::draw_frame`) against ratatui's and crossterm's, for random buffers: the same
//! cells changed as `Buffer::diff` yields (wide characters, combining marks, emoji with a
//! variation selector, skipped cells, forced widths, buffers of different heights), the
//! same bytes as `CrosstermBackend::draw` writes for any run of cells (colour or NO_COLOR),
//! and the same bytes on the wire as `Terminal::draw` for any run of frames, resizes and
//! clears included, up to the cursor shown again when the terminal is dropped.

#[path = "common/wire.rs"]
mod wire;

use peel::tui::backend::{self, TermBackend};
use peel::tui::frame_bytes::{self, Painter, Widths};
use peel::tui::frame_pool::FramePool;
use proptest::prelude::*;
use ratatui::Terminal;
use ratatui::backend::{Backend, CrosstermBackend};
use ratatui::buffer::{Buffer, Cell, CellDiffOption};
use ratatui::layout::{Rect, Size};
use ratatui::style::{Color, Modifier};
use std::num::NonZeroU16;
use std::sync::{Arc, Mutex};
use wire::Wire;

/// Whether crossterm writes colours is one switch for the whole process: the tests that
/// encode hold this while they run, and the NO_COLOR one flips it.
static COLOURS: Mutex<()> = Mutex::new(());

/// Symbols of every width the diff treats apart: none (a blank), ASCII, box drawing,
/// accented (one character and two), wide, emoji alone and with VS16 (U+FE0F), a
/// zero-width joiner family, empty, a lone combining mark, a halfwidth sound mark.
const SYMBOLS: &[&str] = &[
    "a",
    "b",
    " ",
    "─",
    "│",
    "é",
    "e\u{301}",
    "コ",
    "あ",
    "👍",
    "❤\u{FE0F}",
    "☀\u{FE0F}",
    "👨\u{200D}👩\u{200D}👧",
    "",
    "\u{301}",
    "ｶﾞ",
    "x\u{FE0F}",
];

fn colour() -> impl Strategy<Value = Color> {
    prop_oneof![
        4 => Just(Color::Reset),
        4 => (0usize..16).prop_map(|i| [
            Color::Black,
            Color::Red,
            Color::Green,
            Color::Yellow,
            Color::Blue,
            Color::Magenta,
            Color::Cyan,
            Color::Gray,
            Color::DarkGray,
            Color::LightRed,
            Color::LightGreen,
            Color::LightYellow,
            Color::LightBlue,
            Color::LightMagenta,
            Color::LightCyan,
            Color::White,
        ][i]),
        1 => any::<u8>().prop_map(Color::Indexed),
        1 => any::<(u8, u8, u8)>().prop_map(|(r, g, b)| Color::Rgb(r, g, b)),
    ]
}

fn modifier() -> impl Strategy<Value = Modifier> {
    prop_oneof![
        3 => Just(Modifier::empty()),
        2 => any::<u16>().prop_map(Modifier::from_bits_truncate),
    ]
}

fn diff_option() -> impl Strategy<Value = CellDiffOption> {
    prop_oneof![
        12 => Just(CellDiffOption::None),
        1 => Just(CellDiffOption::Skip),
        1 => Just(CellDiffOption::AlwaysUpdate),
        1 => (1u16..=3).prop_map(|w| CellDiffOption::ForcedWidth(NonZeroU16::new(w).unwrap())),
    ]
}

#[allow(deprecated)]
fn cell() -> impl Strategy<Value = Cell> {
    (
        prop::option::weighted(0.9, prop::sample::select(SYMBOLS)),
        colour(),
        colour(),
        prop_oneof![6 => Just(Color::Reset), 1 => colour()],
        modifier(),
        diff_option(),
        prop::bool::weighted(0.05),
    )
        .prop_map(|(symbol, fg, bg, underline, modifier, option, skip)| {
            let mut cell = Cell::EMPTY;
            if let Some(symbol) = symbol {
                cell.set_symbol(symbol);
            }
            cell.fg = fg;
            cell.bg = bg;
            cell.underline_color = underline;
            cell.modifier = modifier;
            cell.diff_option = option;
            cell.skip = skip;
            cell
        })
}

/// Two buffers with the same x, y and width, heights free (1x1 and empty included), the
/// second mostly the first with some cells changed.
fn buffer_pair() -> impl Strategy<Value = (Buffer, Buffer)> {
    (0u16..3, 0u16..3, 0u16..=7, 0u16..=4, 0u16..=4).prop_flat_map(|(x, y, w, h1, h2)| {
        let (a1, a2) = (usize::from(w * h1), usize::from(w * h2));
        (
            prop::collection::vec(cell(), a1),
            prop::collection::vec(prop::option::weighted(0.4, cell()), a2),
        )
            .prop_map(move |(before, changes)| {
                let prev = Buffer {
                    area: Rect::new(x, y, w, h1),
                    content: before.clone(),
                };
                let content = changes
                    .into_iter()
                    .enumerate()
                    .map(|(i, change)| {
                        change.unwrap_or_else(|| before.get(i).cloned().unwrap_or_default())
                    })
                    .collect();
                let next = Buffer {
                    area: Rect::new(x, y, w, h2),
                    content,
                };
                (prev, next)
            })
    })
}

/// Runs of cells as a diff hands them to a backend: mostly one after another on a row,
/// sometimes a jump (to columns and rows of one to three digits).
fn cells_drawn() -> impl Strategy<Value = Vec<(u16, u16, Cell)>> {
    prop::collection::vec(
        (prop::bool::weighted(0.3), 0u16..300, 0u16..120, cell()),
        0..40,
    )
    .prop_map(|steps| {
        let mut at = (0u16, 0u16);
        steps
            .into_iter()
            .map(|(jump, x, y, cell)| {
                at = if jump { (x, y) } else { (at.0 + 1, at.1) };
                (at.0, at.1, cell)
            })
            .collect()
    })
}

fn painted(cells: &[(u16, u16, Cell)]) -> Vec<u8> {
    let mut bytes = Vec::new();
    let mut painter = Painter::new(&mut bytes);
    for (x, y, cell) in cells {
        painter.cell(*x, *y, cell);
    }
    painter.finish();
    bytes
}

fn crossterm_drawn(cells: &[(u16, u16, Cell)]) -> Vec<u8> {
    let wire = Wire::default();
    let mut backend = CrosstermBackend::new(wire.clone());
    backend
        .draw(cells.iter().map(|(x, y, cell)| (*x, *y, cell)))
        .unwrap();
    Backend::flush(&mut backend).unwrap();
    wire.0.take()
}

/// One frame of a run: the terminal's size, whether it is cleared first (a full repaint),
/// the cells that change from the frame before (indices past the size are dropped), and
/// how many cells from the top left are drawn (the rest are left as the frame began).
#[derive(Debug, Clone)]
struct Step {
    size: Size,
    clear: bool,
    changes: Vec<Option<Cell>>,
    drawn: usize,
}

fn steps() -> impl Strategy<Value = Vec<Step>> {
    let step = (
        prop_oneof![4 => Just(None), 1 => (1u16..=8, 1u16..=5).prop_map(Some)],
        prop::bool::weighted(0.1),
        prop::collection::vec(prop::option::weighted(0.3, cell()), 40),
        prop_oneof![3 => Just(40), 1 => 0usize..40],
    );
    ((1u16..=8, 1u16..=5), prop::collection::vec(step, 1..8)).prop_map(|(first, steps)| {
        let mut size = Size::new(first.0, first.1);
        steps
            .into_iter()
            .map(|(resize, clear, changes, drawn)| {
                if let Some((w, h)) = resize {
                    size = Size::new(w, h);
                }
                Step {
                    size,
                    clear,
                    changes,
                    drawn,
                }
            })
            .collect()
    })
}

/// Every byte a terminal is sent for `steps`, each frame drawn with `draw`, up to and
/// including the terminal dropped.
fn sent_for(
    steps: &[Step],
    pool: Option<&Arc<FramePool>>,
    draw: impl Fn(&mut Terminal<TermBackend<Wire>>, &[Cell]) -> std::io::Result<()>,
) -> Vec<Vec<u8>> {
    let wire = Wire::default();
    let backend = match pool {
        Some(pool) => TermBackend::sharing_frames(wire.clone(), steps[0].size, Arc::clone(pool)),
        None => TermBackend::new(wire.clone(), steps[0].size),
    };
    let mut terminal = Terminal::new(backend).unwrap();
    let mut cells = vec![Cell::EMPTY; 40];
    let mut frames = Vec::new();
    for step in steps {
        for (cell, change) in cells.iter_mut().zip(&step.changes) {
            if let Some(change) = change {
                cell.clone_from(change);
            }
        }
        terminal.backend_mut().resize(step.size);
        if step.clear {
            terminal.clear().unwrap();
        }
        draw(&mut terminal, &cells[..step.drawn]).unwrap();
        frames.push(std::mem::take(&mut *wire.0.borrow_mut()));
    }
    drop(terminal);
    frames.push(wire.0.take());
    frames
}

fn fill(buffer: &mut Buffer, cells: &[Cell]) {
    for (kept, cell) in buffer.content.iter_mut().zip(cells) {
        kept.clone_from(cell);
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2048, ..ProptestConfig::default() })]

    #[test]
    fn the_cells_changed_are_those_ratatui_diffs((prev, next) in buffer_pair()) {
        // ratatui indexes past the end for a wide character's trailing columns in the last
        // cell; those pairs say nothing about ours.
        let theirs = std::panic::catch_unwind(|| {
            prev.diff(&next)
                .into_iter()
                .map(|(x, y, cell)| (x, y, cell as *const Cell))
                .collect::<Vec<_>>()
        });
        prop_assume!(theirs.is_ok());
        let width = usize::from(next.area.width);
        let mut ours = Vec::new();
        frame_bytes::diff(&prev, &next, &mut Widths::default(), |i| {
            let x = (i % width) as u16 + next.area.x;
            let y = (i / width) as u16 + next.area.y;
            ours.push((x, y, &next.content[i] as *const Cell));
        });
        prop_assert_eq!(ours, theirs.unwrap());
    }

    #[test]
    fn any_cells_are_written_as_crossterm_writes_them(cells in cells_drawn()) {
        let _colours = COLOURS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        prop_assert_eq!(
            String::from_utf8(painted(&cells)).unwrap(),
            String::from_utf8(crossterm_drawn(&cells)).unwrap()
        );
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 512, ..ProptestConfig::default() })]

    #[test]
    fn without_colour_the_cells_are_written_as_crossterm_writes_them(cells in cells_drawn()) {
        let _colours = COLOURS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        crossterm::style::Colored::set_ansi_color_disabled(true);
        let (ours, theirs) = (painted(&cells), crossterm_drawn(&cells));
        crossterm::style::Colored::set_ansi_color_disabled(false);
        prop_assert_eq!(String::from_utf8(ours).unwrap(), String::from_utf8(theirs).unwrap());
    }

    #[test]
    fn a_run_of_frames_sends_what_terminal_draw_sends(steps in steps()) {
        let _colours = COLOURS.lock().unwrap_or_else(|poisoned| poisoned.into_inner());
        // ratatui indexes past the end for a wide character's trailing columns in the last
        // cell (a frame no widget draws); those runs say nothing about ours.
        let theirs = std::panic::catch_unwind(|| {
            sent_for(&steps, None, |terminal, cells| {
                terminal.draw(|frame| fill(frame.buffer_mut(), cells)).map(|_| ())
            })
        });
        prop_assume!(theirs.is_ok());
        let theirs = theirs.unwrap();
        let draw = |terminal: &mut Terminal<TermBackend<Wire>>, cells: &[Cell]| {
            backend::draw_frame(terminal, |frame, _| fill(frame.buffer_mut(), cells)).map(|_| ())
        };
        // Drawn in the terminal's own buffer, and in frames from a pool that holds a
        // frame of another size to begin with, as a server's pool does.
        let pool = Arc::new(FramePool::default());
        pool.give(Buffer::empty(Rect::new(0, 0, 3, 7)));
        for ours in [sent_for(&steps, None, draw), sent_for(&steps, Some(&pool), draw)] {
            for (number, (ours, theirs)) in ours.iter().zip(&theirs).enumerate() {
                prop_assert_eq!(
                    String::from_utf8_lossy(ours),
                    String::from_utf8_lossy(theirs),
                    "frame {}", number
                );
            }
        }
    }
}

/// A wide character's trailing columns, drawn by ratatui as blank cells after it.
#[test]
fn a_wide_character_over_two_cells_is_sent_once() {
    let prev = Buffer::with_lines(["abc"]);
    let next = Buffer::with_lines(["aコ"]);
    let mut sent = Vec::new();
    frame_bytes::diff(&prev, &next, &mut Widths::default(), |i| sent.push(i));
    assert_eq!(sent, vec![1], "the trailing column is the character's");
}
