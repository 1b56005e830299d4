//! The terminal as ratatui draws on it: crossterm's escape sequences written to any
//! writer, without ever asking the terminal anything. crossterm answers "where is the
//! cursor?" by reading the tty itself, which races peel's own input reader and spins for
//! ever on a terminal that has gone; and an SSH channel has no tty to ask. The size is
//! whatever the event loop last learnt (a resize, a window-change request).

use ratatui::backend::{Backend, ClearType, CrosstermBackend, WindowSize};
use ratatui::buffer::Cell;
use ratatui::layout::{Position, Size};
use std::io::{self, Write};

pub struct Screen<W: Write> {
    inner: CrosstermBackend<W>,
    size: Size,
    cursor: Position,
}

impl<W: Write> Screen<W> {
    pub fn new(writer: W, size: Size) -> Screen<W> {
        Screen {
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

impl<W: Write> Backend for Screen<W> {
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
