//! The terminal as ratatui draws on it: crossterm's escape sequences written to any
//! writer, without ever asking the terminal anything. crossterm answers "where is the
//! cursor?" by reading the tty itself, which races peel's own input reader and spins for
//! ever on a terminal that has gone; and an SSH channel has no tty to ask. The size is
//! whatever the event loop last learnt (a resize, a window-change request).
//!
//! Frames go through `draw_frame`, not `Terminal::draw`: the backend keeps the buffer it
//! last sent, and diffs and encodes the next one itself (`frame_bytes`), writing exactly
//! the bytes ratatui and crossterm would, in one write.

use super::frame_bytes::{self, Painter, Widths};
use super::frame_pool::FramePool;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, queue};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::{Buffer, Cell};
use ratatui::layout::{Position, Rect, Size};
use ratatui::{Frame, Terminal};
use std::io::{self, Write};
use std::sync::Arc;

/// Mouse clicks and the wheel, reported as SGR sequences (no motion events).
const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1000l";

/// The modes the explorer draws in: the alternate screen, no cursor, bracketed paste, and
/// (if wanted) the mouse. Raw mode is the terminal's own business (a local tty's, or the
/// SSH client's).
pub fn enter_modes(out: &mut impl Write, mouse: bool) -> io::Result<()> {
    queue!(
        out,
        EnterAlternateScreen,
        cursor::Hide,
        EnableBracketedPaste
    )?;
    if mouse {
        out.write_all(MOUSE_ON.as_bytes())?;
    }
    Ok(())
}

/// Every mode `enter_modes` sets, unset, whichever were: safe to send twice.
pub fn leave_modes(out: &mut impl Write) -> io::Result<()> {
    out.write_all(MOUSE_OFF.as_bytes())?;
    queue!(
        out,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    )
}

pub struct TermBackend<W: Write> {
    inner: CrosstermBackend<W>,
    size: Size,
    cursor: Position,
    /// What the screen shows: the last frame sent (the buffer `Terminal` would keep as its
    /// previous one), blank after a clear.
    sent: Buffer,
    widths: Widths,
    /// A frame's bytes, gathered for one write; kept for its capacity.
    bytes: Vec<u8>,
    /// Counts what changes the screen (frames sent, clears): the same serial, the same
    /// frame shown.
    serial: u64,
    /// The area at which the `Terminal`'s spare buffer was last emptied (`release_spare`).
    spare_released: Option<Rect>,
    /// Where the frame being drawn comes from and goes back to, when it is shared with
    /// other terminals (a server's sessions); else the `Terminal`'s own buffer is drawn in.
    pool: Option<Arc<FramePool>>,
}

/// The frame the terminal shows, while the next one is drawn, and its serial: a pane
/// drawn in it and unchanged since can be copied from it (`views::PaneMemo`).
pub struct Shown<'a> {
    pub buffer: &'a Buffer,
    pub serial: u64,
}

impl<W: Write> TermBackend<W> {
    pub fn new(writer: W, size: Size) -> TermBackend<W> {
        TermBackend {
            inner: CrosstermBackend::new(writer),
            size,
            cursor: Position::ORIGIN,
            sent: Buffer::empty(Rect::from((Position::ORIGIN, size))),
            widths: Widths::default(),
            bytes: Vec::new(),
            serial: 0,
            spare_released: None,
            pool: None,
        }
    }

    /// A backend whose frames are drawn in buffers taken from `pool` and handed back once
    /// sent: between frames it holds only the frame sent.
    pub fn sharing_frames(writer: W, size: Size, pool: Arc<FramePool>) -> TermBackend<W> {
        TermBackend {
            pool: Some(pool),
            ..TermBackend::new(writer, size)
        }
    }

    pub fn resize(&mut self, size: Size) {
        self.size = size;
    }

    /// Where the frames go, for what is written beside them (a copy, a synchronized
    /// update's bounds).
    pub fn writer_mut(&mut self) -> &mut impl Write {
        &mut self.inner
    }

    /// The kept buffer, in `area` (the terminal's whole screen): `Terminal` resizes its
    /// buffers only with a clear, so one resized is blank.
    fn sent_in(&mut self, area: Rect) -> &mut Buffer {
        if self.sent.area != area {
            self.sent.resize(area);
            self.sent.reset();
        }
        &mut self.sent
    }

    /// Sends `next`: the cells that differ from the frame last sent, then the colours and
    /// attributes reset; `next` becomes the frame sent, and the buffer it replaces is handed
    /// back blank in `next`, to draw the next frame in. What `Terminal::flush` writes, byte
    /// for byte, in one write.
    pub fn send(&mut self, next: &mut Buffer) -> io::Result<()> {
        let mut bytes = std::mem::take(&mut self.bytes);
        bytes.clear();
        let area = next.area;
        let width = usize::from(area.width);
        let mut painter = Painter::new(&mut bytes);
        self.sent_in(area);
        frame_bytes::diff(&self.sent, next, &mut self.widths, |i| {
            let x = (i % width) as u16 + area.x;
            let y = (i / width) as u16 + area.y;
            painter.cell(x, y, &next.content[i]);
        });
        painter.finish();
        let written = self.inner.write_all(&bytes);
        self.bytes = bytes;
        std::mem::swap(&mut self.sent, next);
        next.reset();
        self.serial += 1;
        written
    }
}

/// Renders a frame with `render`, given the frame shown, and sends it, as `Terminal::draw`
/// does (resizing first if the size changed), but diffed and encoded by the backend; the
/// serial of the frame sent. The terminal's cursor stays hidden: the views draw their own
/// caret and never set it.
pub fn draw_frame<W: Write>(
    terminal: &mut Terminal<TermBackend<W>>,
    render: impl FnOnce(&mut Frame, Shown),
) -> io::Result<u64> {
    terminal.autoresize()?;
    let area = terminal.get_frame().area();
    release_spare(terminal, area);
    let pool = terminal.backend().pool.clone();
    if let Some(pool) = &pool {
        // Between frames the terminal's own buffer is an empty one (below).
        *terminal.current_buffer_mut() = pool.take(area);
    }
    let backend = terminal.backend_mut();
    let (shown, serial) = (std::mem::take(&mut backend.sent), backend.serial);
    render(
        &mut terminal.get_frame(),
        Shown {
            buffer: &shown,
            serial,
        },
    );
    terminal.backend_mut().sent = shown;
    let mut next = std::mem::take(terminal.current_buffer_mut());
    let sent = terminal.backend_mut().send(&mut next);
    // `next` is the frame sent before, blank now.
    match &pool {
        Some(pool) => {
            *terminal.current_buffer_mut() = Buffer::empty(Rect { height: 0, ..area });
            pool.give(next);
        }
        None => *terminal.current_buffer_mut() = next,
    }
    sent?;
    // Through the terminal, which shows the cursor again when dropped if it hid it. Not
    // flushed here: the caller ends the frame (a synchronized update's end) and flushes
    // once, so a served frame is handed to its connection in one piece, not two.
    terminal.hide_cursor()?;
    Ok(terminal.backend().serial)
}

/// ratatui's `Terminal` keeps a second buffer for its own diff, which the frames sent here
/// never read (the backend keeps the frame sent): emptied after each resize, a terminal
/// holds two frames' cells, not three (at a served window's largest, 45,000 cells, about
/// 2 MB a frame), and a served session one, drawing in a frame from the pool. It keeps its
/// width, so that a `Terminal::draw` after it would still find the
/// areas it expects, though none follows a frame sent here (a loading frame comes first).
fn release_spare<W: Write>(terminal: &mut Terminal<TermBackend<W>>, area: Rect) {
    if terminal.backend().spare_released == Some(area) {
        return;
    }
    // The spare in front (reset), then the frame's buffer again, reset: between frames it
    // is blank (`send` hands it back reset).
    terminal.swap_buffers();
    *terminal.current_buffer_mut() = Buffer::empty(Rect { height: 0, ..area });
    terminal.swap_buffers();
    terminal.backend_mut().spare_released = Some(area);
}

impl<W: Write> Backend for TermBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        // A frame drawn by `Terminal::draw` (the loading screen): the kept buffer follows
        // it, cell by cell: all but the cells ratatui's diff passes over (skipped cells, a
        // wide character's trailing columns), which the frames that follow never show.
        let area = Rect::from((Position::ORIGIN, self.size));
        self.sent_in(area);
        self.serial += 1;
        let sent = &mut self.sent;
        self.inner.draw(content.inspect(|&(x, y, cell)| {
            if let Some(kept) = sent.cell_mut((x, y)) {
                kept.clone_from(cell);
            }
        }))
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        // crossterm's `queue!(Hide)`, without its formatting machinery; whoever draws
        // flushes (`draw_frame`'s caller, `Terminal::draw`).
        self.inner.write_all(b"\x1b[?25l")
    }

    fn show_cursor(&mut self) -> io::Result<()> {
        self.inner.show_cursor()
    }

    fn get_cursor_position(&mut self) -> io::Result<Position> {
        Ok(self.cursor)
    }

    fn set_cursor_position<P: Into<Position>>(&mut self, position: P) -> io::Result<()> {
        let position = position.into();
        self.cursor = position;
        self.inner.set_cursor_position(position)
    }

    fn clear(&mut self) -> io::Result<()> {
        self.clear_region(ClearType::All)
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
        if clear_type == ClearType::All {
            self.sent.reset();
            self.serial += 1;
        }
        self.inner.clear_region(clear_type)
    }

    fn size(&self) -> io::Result<Size> {
        Ok(self.size)
    }

    fn window_size(&mut self) -> io::Result<WindowSize> {
        Ok(WindowSize {
            columns_rows: self.size,
            pixels: Size::default(),
        })
    }

    fn flush(&mut self) -> io::Result<()> {
        Backend::flush(&mut self.inner)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::cell::RefCell;
    use std::rc::Rc;

    /// What was written, and each flush's share of it.
    #[derive(Clone, Default)]
    struct Flushes(Rc<RefCell<(Vec<u8>, Vec<usize>)>>);

    impl Write for Flushes {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().0.extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            let mut written = self.0.borrow_mut();
            let length = written.0.len();
            written.1.push(length);
            Ok(())
        }
    }

    #[test]
    fn a_frame_is_left_for_its_caller_to_flush_in_one_piece() {
        let out = Flushes::default();
        let mut terminal = Terminal::new(TermBackend::new(out.clone(), Size::new(10, 2))).unwrap();
        draw_frame(&mut terminal, |frame, _| {
            let style = ratatui::style::Style::default();
            frame.buffer_mut().set_string(0, 0, "peel", style);
        })
        .unwrap();
        let (written, flushes) = out.0.borrow().clone();
        assert!(String::from_utf8_lossy(&written).contains("peel"));
        assert!(written.ends_with(b"\x1b[?25l"), "the cursor hidden last");
        assert_eq!(flushes, Vec::<usize>::new(), "flushed mid-frame");
    }
}
