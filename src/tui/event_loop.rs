//! The explorer's event loop, wherever its terminal is: the reader's own terminal
//! (`terminal.rs`) or an SSH channel (`crate::serve`). Events come in on one channel, are
//! turned into actions through the keymap and applied by `update`, whose `Effects` (a copy,
//! a briefing, a repaint, a suspension, a save, an end) the loop carries out; a frame is
//! drawn when something changed, and only when the host can take it, so a slow reader gets
//! the latest picture instead of a queue of stale ones.
//!
//! Endings raised outside the loop (quit, hang-up, terminate, a server stopping) are kept
//! on a flag that is checked before every queued event, so they never wait behind a paste
//! or a search.
//!
//! Past 500 lines only with its unit tests (under 500 of code).

use super::action::Action;
use super::app::{App, Ending};
use super::backend::TermBackend;
use super::clipboard;
use super::input::{Input, Key, MouseKind};
use super::keymap::{Mode, action_for};
use super::update::{self, Effects};
use super::views::{self, PaneMemo};
use crate::search::Searcher;
use crate::state::{SavedState, StateFile};
use crate::tui::notice::Notice;
use crossterm::queue;
use crossterm::terminal::{BeginSynchronizedUpdate, EndSynchronizedUpdate};
use ratatui::Terminal;
use ratatui::layout::Size;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT};
use std::io::{self, Write};
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::{Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

/// Where the explorer keeps its place between runs: the state file, and which content
/// source this run reads (see `crate::state`).
pub struct Persistence {
    pub file: StateFile,
    pub source: String,
}

/// How a session ended: for the exit status (the shell's 128 + signal convention) and for
/// the log of a served session.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Interrupted,
    Signal(i32),
    /// The terminal went away (end of input, or a write failed).
    HangUp,
    /// No input for longer than the host allows.
    Idle,
    /// The server hosting the session is stopping.
    Stopped,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Quit | Exit::Idle | Exit::Stopped => 0,
            Exit::Interrupted => 128 + SIGINT as u8,
            Exit::Signal(signal) => 128u8.saturating_add(signal as u8),
            Exit::HangUp => 128 + SIGHUP as u8,
        }
    }

    /// In a word or two, for a log line.
    pub fn reason(self) -> String {
        match self {
            Exit::Quit => "quit".into(),
            Exit::Interrupted => "ctrl-c".into(),
            Exit::Signal(signal) => format!("signal {signal}"),
            Exit::HangUp => "client gone".into(),
            Exit::Idle => "idle".into(),
            Exit::Stopped => "server stopping".into(),
        }
    }
}

pub enum Event {
    Input(Input),
    Resize(u16, u16),
    /// The search index, built off the first frame so `/` never waits for it.
    SearchReady(Box<Searcher>),
    /// SIGCONT (repaint) or SIGTSTP (suspend); the ending signals go by `Shutdown`.
    Signal(i32),
    /// Reading the terminal ended: it is gone.
    InputEnded,
    /// The host has sent what it was given: a frame held back meanwhile can go now.
    Sent,
    /// Nothing but a reason to look at the urgent flag.
    Wake,
}

/// An ending raised outside the loop, seen before any queued event: 0 none, a signal
/// number, or one of the constants below.
#[derive(Default)]
pub struct Shutdown(AtomicI32);

const INTERRUPTED: i32 = -1;
const HUNG_UP: i32 = -2;
const STOPPED: i32 = -3;

impl Shutdown {
    fn raise(&self, why: i32) {
        let _ = self
            .0
            .compare_exchange(0, why, Ordering::SeqCst, Ordering::SeqCst);
    }

    pub fn interrupt(&self) {
        self.raise(INTERRUPTED);
    }

    pub fn hang_up(&self) {
        self.raise(HUNG_UP);
    }

    pub fn stop(&self) {
        self.raise(STOPPED);
    }

    pub fn signal(&self, signal: i32) {
        self.raise(signal);
    }

    pub fn exit(&self) -> Option<Exit> {
        match self.0.load(Ordering::SeqCst) {
            0 => None,
            INTERRUPTED => Some(Exit::Interrupted),
            HUNG_UP => Some(Exit::HangUp),
            STOPPED => Some(Exit::Stopped),
            signal => Some(Exit::Signal(signal)),
        }
    }
}

/// What the loop needs of the place its terminal lives.
pub trait Host {
    type Out: Write;

    /// Ctrl-z: give the terminal back and stop, until `fg`. Nothing, where there is no
    /// shell to go back to.
    fn suspend(&self) {}
    /// After a stop we did not ask for: set the terminal's modes again.
    fn resume(&self) {}
    /// Whether a copy must be wrapped for tmux to pass it on.
    fn in_tmux(&self) -> bool {
        false
    }
    /// Whether `e` copies its briefing rather than writing a file: over `peel serve`, a
    /// file on the server helps no reader.
    fn copies_exports(&self) -> bool {
        false
    }
    /// Whether what was last written is still on its way: a frame waits for `Event::Sent`.
    fn busy(&self) -> bool {
        false
    }
    /// Whether `bytes` more can be written now (a copy): a host that holds what it has not
    /// sent yet keeps that bounded.
    fn room_for(&self, _bytes: usize) -> bool {
        true
    }
    /// How long the session may go without input before it ends.
    fn idle_limit(&self) -> Option<Duration> {
        None
    }
    /// The loop has taken this many inputs off the queue (the host may take more in).
    fn inputs_taken(&self, _inputs: usize) {}
    /// A frame was drawn.
    fn drew(&self) {}
}

/// Events handled between two frames at most: a huge backlog still draws now and then.
const BATCH: usize = 4096;
/// Two clicks on one cell within this time are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// The explorer until it ends, on a terminal whose first frame is already drawn.
pub fn run<H: Host>(
    app: &mut App,
    terminal: &mut Terminal<TermBackend<H::Out>>,
    events: &Receiver<Event>,
    urgent: &Shutdown,
    host: &H,
    memory: &Option<Persistence>,
    saved: &mut Option<SavedState>,
) -> Exit {
    let mut last_click: Option<(Instant, u16, u16)> = None;
    // A frame held back while the host was busy, and whether it must be painted whole.
    let mut owed: Option<bool> = None;
    let mut memo = PaneMemo::default();
    loop {
        let first = match host.idle_limit() {
            Some(limit) => match events.recv_timeout(limit) {
                Ok(event) => event,
                Err(RecvTimeoutError::Timeout) => return Exit::Idle,
                Err(RecvTimeoutError::Disconnected) => return Exit::HangUp,
            },
            None => match events.recv() {
                Ok(event) => event,
                Err(_) => return Exit::HangUp,
            },
        };
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match events.try_recv() {
                Ok(event) => batch.push(event),
                Err(_) => break,
            }
        }
        host.inputs_taken(
            batch
                .iter()
                .filter(|event| matches!(event, Event::Input(_)))
                .count(),
        );
        let mut changed = false;
        // What the batch's updates asked for, carried out once the batch is applied.
        let mut effects = Effects::default();
        let mut queue = batch.into_iter().peekable();
        while let Some(event) = queue.next() {
            if let Some(exit) = urgent.exit() {
                return exit;
            }
            let action = match event {
                Event::SearchReady(searcher) => {
                    // Only the prompt shows whether the index is ready: elsewhere its
                    // arrival changes nothing on screen, so it sends no frame (an empty
                    // frame is bytes on a slow link, and a frame nobody asked for).
                    changed |= app.prompt.is_some();
                    update::index_ready(app, *searcher);
                    continue;
                }
                Event::InputEnded => return Exit::HangUp,
                Event::Sent | Event::Wake => continue,
                Event::Signal(SIGCONT) => {
                    // Back from a stop we did not ask for: the shell may have reset the
                    // terminal's modes, so set them again and paint everything.
                    host.resume();
                    effects.repaint = true;
                    continue;
                }
                Event::Signal(_) => {
                    effects.suspend = true;
                    continue;
                }
                Event::Resize(width, height) => {
                    // Of a storm of resizes only the last matters.
                    if matches!(queue.peek(), Some(Event::Resize(..))) {
                        continue;
                    }
                    effects.repaint = true;
                    Action::Resize { width, height }
                }
                Event::Input(input) => match to_action(app, input, &mut last_click) {
                    Some(Action::Type(mut text)) => {
                        // A run of typed characters (an unbracketed paste) searches once.
                        while let Some(Event::Input(Input::Key(key))) = queue.peek() {
                            match typed(app.mode(), *key) {
                                Some(c) => {
                                    text.push(c);
                                    queue.next();
                                }
                                None => break,
                            }
                        }
                        Action::Type(text)
                    }
                    Some(action) => action,
                    None => continue,
                },
            };
            effects = effects.and(update::update(app, action));
            changed = true;
            if effects.end.is_some() {
                break;
            }
        }
        if let Some(ending) = effects.end {
            return match ending {
                Ending::Quit => Exit::Quit,
                Ending::Interrupted => Exit::Interrupted,
            };
        }
        if let Some(briefing) = effects.export.take() {
            if let Some(text) = deliver(app, briefing, host.copies_exports()) {
                effects.copy = Some(text);
            }
            changed = true;
        }
        if let Some(text) = effects.copy.take() {
            let sequence = clipboard::sequence(&text, host.in_tmux());
            if !host.room_for(sequence.len()) {
                // A copy is up to 100 kB, written at once: over a link that is not taking
                // what it was sent, copies would pile up without bound. A link merely busy
                // with the last frame still takes one.
                app.notice =
                    Some("Not copied: the connection has too much still to send; try again".into());
                changed = true;
            } else {
                let out = terminal.backend_mut().writer_mut();
                if out
                    .write_all(sequence.as_bytes())
                    .and_then(|_| out.flush())
                    .is_err()
                {
                    return Exit::HangUp;
                }
            }
        }
        if effects.suspend {
            host.suspend();
            effects.repaint = true;
        }
        // Bookmarks are saved as they change, so a dropped connection keeps them.
        if let (Some(memory), Some(state)) = (memory, saved.as_mut())
            && effects.save
        {
            if let Err(error) = remember(app, memory, state) {
                app.notice = Some(format!("Bookmarks not saved: {error}").into());
            } else if !memory.file.writable() {
                // "Bookmarked" alone would promise what the start said will not happen.
                app.notice = app.notice.take().map(|notice| {
                    format!("{notice}; for this session only, nothing is saved").into()
                });
            }
        }
        if changed || effects.repaint {
            owed = Some(owed.unwrap_or(false) | effects.repaint);
        }
        if let Some(whole) = owed
            && !host.busy()
        {
            owed = None;
            if draw_remembering(terminal, app, &mut memo, whole).is_err() {
                return Exit::HangUp;
            }
            host.drew();
        }
    }
}

/// `e`'s briefing: copied (the text returned, for the clipboard path and its limit) where
/// files help no reader, else written as a new file in the current folder; the status line
/// says where.
fn deliver(app: &mut App, briefing: crate::tui::app::Export, copy: bool) -> Option<String> {
    let what = &briefing.what;
    if copy {
        let (notice, text) = match clipboard::check(&briefing.text) {
            Ok(()) => (
                format!("Copied a Markdown briefing of {what} to your clipboard"),
                Some(briefing.text.clone()),
            ),
            Err(encoded) => (
                format!(
                    "Not copied: the briefing is {} kB encoded, more than terminals accept by OSC 52 ({} kB); `peel export` writes it to a file",
                    encoded.div_ceil(1000),
                    clipboard::LIMIT_ENCODED_BYTES / 1000
                ),
                None,
            ),
        };
        app.notice = Some(Notice::from(notice));
        return text;
    }
    let written = std::env::current_dir().and_then(|dir| {
        crate::tui::briefing_file::write_new(&dir, &briefing.file_name, &briefing.text)
    });
    app.notice = Some(Notice::from(match written {
        Ok(path) => format!("Exported {what} to {}", path.display()),
        Err(error) => format!("Not exported: {error}"),
    }));
    None
}

/// One frame, wrapped in a synchronized update: terminals that support it show the frame
/// whole, so a slow link never shows half of one; others ignore the two sequences. After
/// a resize, a resumption or Ctrl-l, everything is painted again.
pub fn draw<W: Write>(
    terminal: &mut Terminal<TermBackend<W>>,
    app: &App,
    everything: bool,
) -> io::Result<()> {
    draw_remembering(terminal, app, &mut PaneMemo::default(), everything)
}

/// A frame as `draw` makes it, with the panes that did not change since `memo` last saw
/// them copied instead of drawn again.
pub fn draw_remembering<W: Write>(
    terminal: &mut Terminal<TermBackend<W>>,
    app: &App,
    memo: &mut PaneMemo,
    everything: bool,
) -> io::Result<()> {
    terminal
        .backend_mut()
        .resize(Size::new(app.width, app.height));
    queue!(terminal.backend_mut().writer_mut(), BeginSynchronizedUpdate)?;
    if everything {
        terminal.clear()?;
    }
    let drawn = super::backend::draw_frame(terminal, |frame, shown| {
        views::draw_remembering(frame, app, memo, shown)
    });
    memo.sent(drawn.as_ref().ok().copied());
    let drawn = drawn.map(|_| ());
    let out = terminal.backend_mut().writer_mut();
    queue!(out, EndSynchronizedUpdate)?;
    out.flush()?;
    drawn
}

/// The character a key types in the prompt, if it is a plain character there.
fn typed(mode: Mode, key: Key) -> Option<char> {
    match action_for(mode, key) {
        Some(Action::Type(text)) => text.chars().next(),
        _ => None,
    }
}

fn to_action(
    app: &App,
    input: Input,
    last_click: &mut Option<(Instant, u16, u16)>,
) -> Option<Action> {
    match input {
        Input::Key(key) => action_for(app.mode(), key),
        // A paste is text for the prompt and the filter, never commands; elsewhere it is
        // ignored.
        Input::Paste(text) if app.mode().types_text() => Some(Action::Type(text)),
        Input::Paste(_) => None,
        Input::Mouse(mouse) => match mouse.kind {
            MouseKind::Press => {
                let now = Instant::now();
                let double = last_click.is_some_and(|(at, column, row)| {
                    now.duration_since(at) < DOUBLE_CLICK
                        && column == mouse.column
                        && row == mouse.row
                });
                *last_click = (!double).then_some((now, mouse.column, mouse.row));
                Some(Action::Click {
                    column: mouse.column,
                    row: mouse.row,
                    double,
                })
            }
            MouseKind::WheelUp | MouseKind::WheelDown => Some(Action::Wheel {
                column: mouse.column,
                row: mouse.row,
                down: mouse.kind == MouseKind::WheelDown,
            }),
        },
    }
}

/// The saved place, restored into `app`; a state file that cannot be used is reported
/// on the status bar, and kept aside or left alone as the state module decides.
pub fn recall(app: &mut App, memory: &Persistence) -> SavedState {
    recall_loaded(app, memory, memory.file.load())
}

/// As `recall`, with the state file as `memory.file.load()` gave it earlier (its notice
/// is given once: a damaged file is moved aside by the load that finds it).
pub fn recall_loaded(
    app: &mut App,
    memory: &Persistence,
    loaded: crate::state::Loaded,
) -> SavedState {
    if let Some(notice) = &loaded.notice {
        app.notice = Some(notice.as_str().into());
    }
    app.restore(&loaded.state.place(&memory.source));
    loaded.state
}

pub fn remember(app: &App, memory: &Persistence, state: &mut SavedState) -> io::Result<()> {
    state.set_place(&memory.source, app.place());
    memory.file.save(state, &memory.source)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::input::KeyCode;

    #[test]
    fn exit_statuses_follow_the_shell_convention() {
        assert_eq!(Exit::Quit.code(), 0);
        assert_eq!(Exit::Interrupted.code(), 130);
        assert_eq!(Exit::Signal(15).code(), 143);
        assert_eq!(Exit::HangUp.code(), 129);
        assert_eq!(Exit::Idle.code(), 0);
        assert_eq!(Exit::Stopped.code(), 0);
    }

    #[test]
    fn the_first_urgent_reason_wins() {
        let urgent = Shutdown::default();
        assert_eq!(urgent.exit(), None);
        urgent.signal(15);
        urgent.hang_up();
        urgent.stop();
        assert_eq!(urgent.exit(), Some(Exit::Signal(15)));
        let urgent = Shutdown::default();
        urgent.stop();
        urgent.interrupt();
        assert_eq!(urgent.exit(), Some(Exit::Stopped));
    }

    /// A host whose link answers `busy` and `room_for` as told, writing into a buffer the
    /// test can read.
    struct Link {
        busy: bool,
        room: bool,
    }

    #[derive(Clone, Default)]
    struct Shared(std::rc::Rc<std::cell::RefCell<Vec<u8>>>);

    impl Write for Shared {
        fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
            self.0.borrow_mut().extend_from_slice(bytes);
            Ok(bytes.len())
        }

        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    impl Host for Link {
        type Out = Shared;

        fn busy(&self) -> bool {
            self.busy
        }

        fn room_for(&self, _bytes: usize) -> bool {
            self.room
        }
    }

    /// `y` typed `copies` times on a link like `link`: what was written, and the notice.
    fn copy_over(link: Link, copies: usize) -> (Vec<u8>, Option<String>) {
        let library = crate::builtin::library().unwrap();
        let theme = crate::tui::palette::Palette {
            color: false,
            ascii: true,
        };
        let mut app = App::new(&library, theme, 80, 24);
        let out = Shared::default();
        let mut terminal = Terminal::new(TermBackend::new(out.clone(), Size::new(80, 24))).unwrap();
        let (sender, events) = std::sync::mpsc::channel();
        for _ in 0..copies {
            sender
                .send(Event::Input(Input::Key(Key::char('y'))))
                .unwrap();
        }
        drop(sender);
        let exit = run(
            &mut app,
            &mut terminal,
            &events,
            &Shutdown::default(),
            &link,
            &None,
            &mut None,
        );
        assert_eq!(exit, Exit::HangUp, "the events ran out");
        let written = out.0.borrow().clone();
        (written, app.notice.map(|notice| notice.to_string()))
    }

    fn holds_a_copy(written: &[u8]) -> bool {
        written.windows(4).any(|w| w == b"\x1b]52")
    }

    #[test]
    fn a_copy_over_a_link_with_no_room_is_refused_not_queued_and_no_frame_is_drawn() {
        let (written, notice) = copy_over(
            Link {
                busy: true,
                room: false,
            },
            3,
        );
        assert!(
            written.is_empty(),
            "nothing sent while busy: {} bytes",
            written.len()
        );
        assert!(notice.is_some_and(|n| n.starts_with("Not copied")));
    }

    #[test]
    fn a_copy_over_a_busy_link_with_room_is_copied() {
        let (written, notice) = copy_over(
            Link {
                busy: true,
                room: true,
            },
            1,
        );
        assert!(holds_a_copy(&written), "{} bytes, no copy", written.len());
        assert!(
            notice
                .as_deref()
                .is_some_and(|n| !n.starts_with("Not copied")),
            "{notice:?}"
        );
    }

    #[test]
    fn a_copy_over_an_idle_link_with_no_room_is_refused() {
        let (written, notice) = copy_over(
            Link {
                busy: false,
                room: false,
            },
            1,
        );
        assert!(!holds_a_copy(&written), "copied though there was no room");
        assert!(
            notice
                .as_deref()
                .is_some_and(|n| n.starts_with("Not copied")),
            "{notice:?}"
        );
    }

    #[test]
    fn a_briefing_over_the_copy_limit_is_not_copied_and_its_size_is_said() {
        let library = crate::builtin::library().unwrap();
        let theme = crate::tui::palette::Palette {
            color: false,
            ascii: true,
        };
        let mut app = App::new(&library, theme, 80, 24);
        let briefing = |text: String| crate::tui::app::Export {
            file_name: "peel-node-2026-01-02.md".into(),
            what: "the node 2017".into(),
            text,
        };
        assert_eq!(deliver(&mut app, briefing("x".repeat(200_000)), true), None);
        let notice = app.notice.take().unwrap_or_default();
        assert!(
            notice.starts_with("Not copied: the briefing is 267 kB encoded"),
            "{notice}"
        );
        assert_eq!(
            deliver(&mut app, briefing("# A briefing".into()), true).as_deref(),
            Some("# A briefing")
        );
        assert!(
            app.notice
                .unwrap_or_default()
                .starts_with("Copied a Markdown briefing of the node 2017")
        );
    }

    #[test]
    fn a_key_in_the_prompt_types_and_elsewhere_commands() {
        assert_eq!(typed(Mode::Prompt, Key::char('q')), Some('q'));
        assert_eq!(typed(Mode::Tree, Key::char('q')), None);
        assert_eq!(typed(Mode::Prompt, Key::plain(KeyCode::Enter)), None);
    }
}
