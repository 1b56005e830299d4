//! One reader's explorer, on a thread of its own: the same app, keymap, update and views
//! as the local explorer, drawing into an outbox that the connection sends down the SSH
//! channel. The outbox holds what has not gone yet; while it is not empty no new frame is
//! drawn, so a reader on a slow link gets the latest picture once the link frees, never a
//! growing queue of stale ones.

use crate::model::Library;
use crate::search::Searcher;
use crate::tui::app::App;
use crate::tui::backend::{TermBackend, enter_modes, leave_modes};
use crate::tui::event_loop::{self, Event, Exit, Host, Persistence, Shutdown};
use crate::tui::flows::SharedFlows;
use crate::tui::frame_pool::FramePool;
use crate::tui::palette::Palette;
use ratatui::Terminal;
use ratatui::layout::Size;
use std::io::{self, Write};
use std::path::PathBuf;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::mpsc::Receiver;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// The widest and tallest terminal a session draws for, and the most cells in all: a
/// client may claim any size, and a session's memory grows with the area it draws (the
/// frame sent, kept for the diff and for copying unchanged panes, and the frame drawn,
/// from the server's pool: about 140 bytes a cell in all), so the largest window costs
/// about 6.5 MB a session (measured by `tests/serve_hostile.rs`). A taller claim at full
/// width is drawn shorter; no reader's screen shows this much text at once.
pub const MOST_COLUMNS: u16 = 400;
pub const MOST_ROWS: u16 = 200;
pub const MOST_CELLS: u32 = 45_000;

/// A size a client sent, as a session draws it: within bounds, and 80x24 where unknown.
pub fn terminal_size(columns: u32, rows: u32) -> (u16, u16) {
    let fit = |value: u32, most: u16, unknown: u16| match value {
        0 => unknown,
        value => value.min(u32::from(most)) as u16,
    };
    let (width, height) = (fit(columns, MOST_COLUMNS, 80), fit(rows, MOST_ROWS, 24));
    // Within MOST_COLUMNS, so the quotient is at least MOST_CELLS / MOST_COLUMNS rows.
    let tallest = (MOST_CELLS / u32::from(width)).min(u32::from(height)) as u16;
    (width, tallest)
}

/// What a frame leaves for the connection to send, and how the session ended.
#[derive(Default)]
pub struct Outbox {
    pending: Mutex<Vec<u8>>,
    /// Taken by the connection and on its way.
    sending: AtomicBool,
    /// The session holds a frame back until what is on its way has gone: only then is it
    /// woken to draw, so a frame that waited for nothing costs no second wake-up.
    awaited: AtomicBool,
    /// The session is over: after what is pending, the channel closes with this status.
    finished: Mutex<Option<(u32, Exit)>>,
    pub ready: tokio::sync::Notify,
    pub frames: AtomicU64,
    /// Set by the connection, in a build with the test hooks (`crate::test_hooks`), when `!` is typed: the session panics
    /// in its loop, so a test can prove a panic ends that session alone.
    pub panic_requested: AtomicBool,
}

impl Outbox {
    fn pending(&self) -> std::sync::MutexGuard<'_, Vec<u8>> {
        self.pending
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn put(&self, bytes: Vec<u8>) {
        let mut pending = self.pending();
        if pending.is_empty() {
            // Handed over, not copied: a session keeps no frame-sized buffer of its own
            // between frames (at the largest window a frame is over a megabyte).
            *pending = bytes;
        } else {
            pending.extend_from_slice(&bytes);
        }
        drop(pending);
        self.ready.notify_one();
    }

    /// Everything pending, marked as on its way until `sent`.
    pub fn take(&self) -> Vec<u8> {
        let mut pending = self.pending();
        let bytes = std::mem::take(&mut *pending);
        if !bytes.is_empty() {
            self.sending.store(true, Ordering::SeqCst);
        }
        bytes
    }

    pub fn sent(&self) {
        self.sending.store(false, Ordering::SeqCst);
    }

    /// Whether a frame drawn now would have to wait.
    pub fn busy(&self) -> bool {
        self.sending.load(Ordering::SeqCst) || !self.pending().is_empty()
    }

    /// Whether a frame drawn now would have to wait; if so, `sent_and_awaited` will say so
    /// once it need not. Marked before looking, so a send that ends meanwhile still tells.
    pub fn busy_then_tell(&self) -> bool {
        self.awaited.store(true, Ordering::SeqCst);
        let busy = self.busy();
        if !busy {
            self.awaited.store(false, Ordering::SeqCst);
        }
        busy
    }

    /// What was taken has gone; whether the session was waiting to hear it.
    pub fn sent_and_awaited(&self) -> bool {
        self.sent();
        self.awaited.swap(false, Ordering::SeqCst)
    }

    pub fn finish(&self, status: u32, exit: Exit) {
        *self
            .finished
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner()) = Some((status, exit));
        self.ready.notify_one();
    }

    /// How the session ended, once it has and everything pending is taken.
    pub fn finished(&self) -> Option<(u32, Exit)> {
        if !self.pending().is_empty() {
            return None;
        }
        *self
            .finished
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// The session's end of the outbox: writes gather here and go in at each flush, so the
/// outbox is locked once per frame, not once per escape sequence.
pub struct Out {
    outbox: Arc<Outbox>,
    buffer: Vec<u8>,
    /// The bytes of the last batch handed over: the next is about as long (a frame of the
    /// same screen), so it is allocated once at that size rather than grown from nothing.
    last: usize,
}

impl Out {
    pub fn new(outbox: Arc<Outbox>) -> Out {
        Out {
            outbox,
            buffer: Vec::new(),
            last: 0,
        }
    }
}

impl Write for Out {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        if self.buffer.capacity() == 0 {
            // Only while a frame is being written: between frames the buffer is the
            // outbox's, and a session holds nothing frame-sized of its own.
            self.buffer.reserve(self.last.max(bytes.len()));
        }
        self.buffer.extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buffer.is_empty() {
            self.last = self.buffer.len();
            self.outbox.put(std::mem::take(&mut self.buffer));
        }
        Ok(())
    }
}

impl Drop for Out {
    fn drop(&mut self) {
        let _ = self.flush();
    }
}

/// A session's place in the server: how it ends, and how much input it may have queued.
pub struct Served {
    outbox: Arc<Outbox>,
    credit: Arc<tokio::sync::Semaphore>,
    idle: Option<Duration>,
}

impl Host for Served {
    type Out = Out;

    fn busy(&self) -> bool {
        // Asked only with a frame owed: the connection wakes the session when it may go.
        self.outbox.busy_then_tell()
    }

    fn copies_exports(&self) -> bool {
        true
    }

    fn room_for(&self, bytes: usize) -> bool {
        self.outbox.pending().len() + bytes <= MOST_PENDING_BYTES
    }

    fn idle_limit(&self) -> Option<Duration> {
        self.idle
    }

    fn inputs_taken(&self, inputs: usize) {
        self.credit.add_permits(inputs);
        // Without the test hooks the condition is `false` at compile time, and gone.
        if crate::test_hooks::panic_requested()
            && self.outbox.panic_requested.load(Ordering::SeqCst)
        {
            panic!("a deliberate panic (test hook): `!` was typed");
        }
    }

    fn drew(&self) {
        self.outbox.frames.fetch_add(1, Ordering::Relaxed);
    }
}

/// What a session may leave unsent beyond a frame: a copy (at most 100 kB) goes in only
/// if it fits, so a client that reads nothing never makes the server hold more.
pub const MOST_PENDING_BYTES: usize = 256 * 1024;

/// Inputs a session may have waiting: past this the connection stops reading the client,
/// which SSH's own flow control then holds back.
pub const MOST_QUEUED_INPUTS: usize = 4096;

/// What a session is started with.
pub struct Setup {
    pub library: Arc<Library>,
    pub searcher: Arc<Searcher>,
    pub flows: Arc<SharedFlows>,
    pub frames: Arc<FramePool>,
    pub theme: Palette,
    pub mouse: bool,
    pub size: (u16, u16),
    pub idle: Option<Duration>,
    /// The reader's own state file (keyed by their key), and the content source's name.
    pub state: Option<(PathBuf, String)>,
}

/// Runs one explorer until it ends; its frames go into `outbox`, and its end is put there
/// too. Called on the session's own thread.
pub fn run(
    setup: Setup,
    events: Receiver<Event>,
    urgent: &Shutdown,
    outbox: Arc<Outbox>,
    credit: Arc<tokio::sync::Semaphore>,
) -> Exit {
    let host = Served {
        outbox: Arc::clone(&outbox),
        credit,
        idle: setup.idle,
    };
    let mut out = Out::new(Arc::clone(&outbox));
    if enter_modes(&mut out, setup.mouse).is_err() {
        return Exit::HangUp;
    }
    let (width, height) = setup.size;
    let size = Size::new(width, height);
    let backend = TermBackend::sharing_frames(out, size, Arc::clone(&setup.frames));
    let exit = match Terminal::new(backend) {
        Ok(mut terminal) => explore(&setup, &mut terminal, &events, urgent, &host),
        Err(_) => Exit::HangUp,
    };
    let mut out = Out::new(Arc::clone(&outbox));
    let _ = leave_modes(&mut out);
    let goodbye = match exit {
        Exit::Idle => setup.idle.map(|idle| {
            format!(
                "peel: no key for {}, so the session has ended. Goodbye.",
                humantime::format_duration(idle)
            )
        }),
        Exit::Stopped => Some("peel: the server is stopping. Goodbye.".to_owned()),
        _ => None,
    };
    if let Some(goodbye) = goodbye {
        let _ = write!(out, "{goodbye}\r\n");
    }
    let _ = out.flush();
    drop(out);
    outbox.finish(u32::from(exit.code()), exit);
    exit
}

fn explore(
    setup: &Setup,
    terminal: &mut Terminal<TermBackend<Out>>,
    events: &Receiver<Event>,
    urgent: &Shutdown,
    host: &Served,
) -> Exit {
    let (width, height) = setup.size;
    let mut app = App::new(&setup.library, setup.theme, width, height);
    app.searcher = Some(Arc::clone(&setup.searcher));
    app.flows = Some(Arc::clone(&setup.flows));
    if let Some((_, source)) = &setup.state {
        app.content = crate::export::content_name(source);
    }
    let memory = setup.state.as_ref().map(|(path, source)| Persistence {
        file: super::readers::state_file(path),
        source: source.clone(),
    });
    let mut saved = memory
        .as_ref()
        .map(|memory| event_loop::recall(&mut app, memory));
    if event_loop::draw(terminal, &app, true).is_err() {
        return Exit::HangUp;
    }
    host.outbox.frames.fetch_add(1, Ordering::Relaxed);
    let untouched = app.place();
    let exit = event_loop::run(
        &mut app, terminal, events, urgent, host, &memory, &mut saved,
    );
    if let (Some(memory), Some(state)) = (&memory, &mut saved) {
        // A reader who only looked leaves nothing behind; one with a file keeps it current.
        if app.place() != untouched || memory.file.path().exists() {
            let _ = event_loop::remember(&app, memory, state);
        }
        if let Some(dir) = memory.file.path().parent() {
            super::readers::prune(
                dir,
                super::readers::MOST_READERS,
                super::readers::MOST_BYTES,
            );
        }
    }
    exit
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_claimed_size_is_bounded_and_an_unknown_one_is_80x24() {
        assert_eq!(terminal_size(100, 30), (100, 30));
        assert_eq!(terminal_size(0, 0), (80, 24));
        assert_eq!(terminal_size(u32::MAX, 70_000), (400, 112));
        assert_eq!(terminal_size(200, 70_000), (200, 200));
        assert_eq!(terminal_size(300, 70_000), (300, 150));
        assert_eq!(terminal_size(1, 1), (1, 1));
        for (columns, rows) in [(u32::MAX, u32::MAX), (399, 199), (250, 250), (1, 70_000)] {
            let (width, height) = terminal_size(columns, rows);
            assert!(u32::from(width) * u32::from(height) <= MOST_CELLS);
            assert!(width <= MOST_COLUMNS && height <= MOST_ROWS && height > 0);
        }
    }

    #[test]
    fn a_frame_is_gathered_at_the_last_frame_s_size_and_nothing_is_kept_between() {
        let outbox = Arc::new(Outbox::default());
        let mut out = Out::new(Arc::clone(&outbox));
        out.write_all(&[b'x'; 1500]).unwrap();
        out.flush().unwrap();
        assert_eq!(
            out.buffer.capacity(),
            0,
            "a frame-sized buffer kept between frames"
        );
        out.write_all(b"\x1b[?2026h").unwrap();
        assert!(out.buffer.capacity() >= 1500, "grown from nothing again");
        assert_eq!(outbox.take().len(), 1500);
    }

    #[test]
    fn the_outbox_is_busy_until_what_it_holds_is_sent() {
        let outbox = Arc::new(Outbox::default());
        assert!(!outbox.busy());
        let mut out = Out::new(Arc::clone(&outbox));
        out.write_all(b"frame").unwrap();
        assert!(!outbox.busy(), "nothing goes in before a flush");
        out.flush().unwrap();
        assert!(outbox.busy());
        assert_eq!(outbox.take(), b"frame");
        assert!(outbox.busy(), "on its way");
        assert_eq!(outbox.finished(), None);
        outbox.sent();
        assert!(!outbox.busy());
        assert!(outbox.take().is_empty());
        assert!(!outbox.busy(), "taking nothing sends nothing");
    }

    #[test]
    fn only_a_session_holding_a_frame_back_is_told_the_link_is_free() {
        let outbox = Arc::new(Outbox::default());
        outbox.put(b"frame".to_vec());
        assert_eq!(outbox.take(), b"frame");
        assert!(
            !outbox.sent_and_awaited(),
            "nobody waited: no wake-up for the session"
        );
        outbox.put(b"frame".to_vec());
        assert!(outbox.busy_then_tell(), "a frame is pending");
        assert_eq!(outbox.take(), b"frame");
        assert!(outbox.busy_then_tell(), "on its way");
        assert!(outbox.sent_and_awaited(), "the session waits to hear");
        assert!(!outbox.busy_then_tell(), "free now, and nothing to tell");
        outbox.put(b"frame".to_vec());
        assert_eq!(outbox.take(), b"frame");
        assert!(!outbox.sent_and_awaited());
    }

    #[test]
    fn the_end_is_told_only_once_everything_before_it_is_taken() {
        let outbox = Arc::new(Outbox::default());
        outbox.put(b"goodbye".to_vec());
        outbox.finish(0, Exit::Quit);
        assert_eq!(outbox.finished(), None);
        assert_eq!(outbox.take(), b"goodbye");
        assert_eq!(outbox.finished(), Some((0, Exit::Quit)));
    }
}
