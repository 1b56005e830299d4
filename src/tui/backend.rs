//! The terminal as ratatui draws on it: crossterm's escape sequences written to any
//! writer, without ever asking the terminal anything. crossterm answers "where is the
//! cursor?" by reading the tty itself, which races peel's own input reader and spins for
//! ever on a terminal that has gone; and an SSH channel has no tty to ask. The size is
//! whatever the event loop last learnt (a resize, a window-change request).

use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{EnterAlternateScreen, LeaveAlternateScreen};
use crossterm::{cursor, queue};
use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::io::{self, Write};

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
}

impl<W: Write> TermBackend<W> {
    pub fn new(writer: W, size: Size) -> TermBackend<W> {
        TermBackend {
            inner: CrosstermBackend::new(writer),
            size,
            cursor: Position::ORIGIN,
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
}

impl<W: Write> Backend for TermBackend<W> {
    type Error = io::Error;

    fn draw<'a, I>(&mut self, content: I) -> io::Result<()>
    where
        I: Iterator<Item = (u16, u16, &'a Cell)>,
    {
        self.inner.draw(content)
    }

    fn hide_cursor(&mut self) -> io::Result<()> {
        self.inner.hide_cursor()
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
        self.inner.clear()
    }

    fn clear_region(&mut self, clear_type: ClearType) -> io::Result<()> {
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
