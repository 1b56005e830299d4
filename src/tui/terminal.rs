//! The real terminal: raw mode, the alternate screen, bracketed paste and the mouse in,
//! always out again (on return, on panic, on a signal, when the terminal goes away), and
//! the event loop.
//!
//! Input, resizes and signals arrive on one channel, so a dropped connection is just
//! another event. Quit, hang-up and terminate are also raised on a flag that the loop
//! checks before every queued event, so they never wait behind a paste or a search.

use super::action::Action;
use super::app::{App, Ending};
use super::backend::Screen;
use super::clipboard;
use super::input::{Decoder, Input, Key, MouseKind};
use super::keymap::{Mode, action_for};
use super::theme::Theme;
use super::update::update;
use super::views;
use crate::content::Progress;
use crate::model::Library;
use crate::search::Searcher;
use crate::state::StateFile;
use crossterm::event::{DisableBracketedPaste, EnableBracketedPaste};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::layout::Size;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use std::io::{self, Write};
use std::mem::ManuallyDrop;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

/// Where the explorer keeps its place between runs: the state file, and which content
/// source this run reads (see `crate::state`).
pub struct Memory {
    pub file: StateFile,
    pub source: String,
}

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub mouse: bool,
}

/// How a session ended, for the exit status (the shell's 128 + signal convention).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Exit {
    Quit,
    Interrupted,
    Signal(i32),
    /// The terminal went away (end of input, or a write failed).
    HangUp,
}

impl Exit {
    pub fn code(self) -> u8 {
        match self {
            Exit::Quit => 0,
            Exit::Interrupted => 128 + SIGINT as u8,
            Exit::Signal(signal) => 128u8.saturating_add(signal as u8),
            Exit::HangUp => 128 + SIGHUP as u8,
        }
    }
}

enum Event {
    Input(Input),
    Resize(u16, u16),
    /// The search index, built off the first frame so `/` never waits for it.
    SearchReady(Box<Searcher>),
    /// SIGCONT (repaint) or SIGTSTP (suspend); the ending signals go by `Urgent`.
    Signal(i32),
    /// Reading the terminal ended: it is gone.
    InputEnded,
}

/// An ending raised outside the loop, seen before any queued event: 0 none, a signal
/// number, or one of the constants below.
#[derive(Default)]
struct Urgent(AtomicI32);

const INTERRUPTED: i32 = -1;
const HUNG_UP: i32 = -2;

impl Urgent {
    fn raise(&self, why: i32) {
        let _ = self
            .0
            .compare_exchange(0, why, Ordering::SeqCst, Ordering::SeqCst);
    }

    fn exit(&self) -> Option<Exit> {
        match self.0.load(Ordering::SeqCst) {
            0 => None,
            INTERRUPTED => Some(Exit::Interrupted),
            HUNG_UP => Some(Exit::HangUp),
            signal => Some(Exit::Signal(signal)),
        }
    }
}

/// Events handled between two frames at most: a huge backlog still draws now and then.
const BATCH: usize = 4096;
/// Two clicks on one cell within this time are a double click.
const DOUBLE_CLICK: Duration = Duration::from_millis(400);

/// Runs the explorer until the reader quits or the terminal goes away.
pub fn run(
    library: &Library,
    theme: Theme,
    memory: Option<Memory>,
    options: Options,
    index: impl FnOnce() -> Searcher + Send,
) -> io::Result<Exit> {
    let console = Console::open(options.mouse)?;
    Ok(console.explore(library, theme, memory, false, index))
}

/// How long a load may take before the loading frame is drawn: a quick load (the 43-force
/// corpus from its cache takes about 90 ms) goes straight to the reports, with no frame
/// flashed in between; a slow one (parsing it, about 480 ms) shows its progress at once.
const LOADING_GRACE: Duration = Duration::from_millis(150);
/// How often the loading frame is drawn again while the load runs.
const LOADING_TICK: Duration = Duration::from_millis(100);

/// Runs the explorer on what `load` loads, showing how far the load has got while it runs
/// (after a short grace) and nothing of the content until it has all loaded and validated.
/// A load that fails leaves the terminal as it was and returns its error, for the caller to
/// report as it would without the explorer.
pub fn run_loading<T: Send + Sync + 'static, E: Send + 'static>(
    what: &str,
    load: impl FnOnce(&Progress) -> Result<T, E> + Send + 'static,
    library: impl Fn(&T) -> &Library,
    theme: Theme,
    memory: Option<Memory>,
    options: Options,
    index: impl FnOnce(&T) -> Searcher + Send,
) -> io::Result<Result<Exit, E>> {
    let mut console = Console::open(options.mouse)?;
    let progress = Arc::new(Progress::default());
    let (done, result) = mpsc::channel();
    let counting = Arc::clone(&progress);
    // Not scoped: Ctrl-c or a hang-up during a long load ends peel without waiting for it.
    std::thread::Builder::new()
        .name("load".into())
        .spawn(move || {
            let _ = done.send(load(&counting));
        })?;
    let what = crate::content::neutralise(what).into_owned();
    let mut wait = LOADING_GRACE;
    let mut shown = None;
    let loaded = loop {
        match result.recv_timeout(wait) {
            Ok(loaded) => break loaded,
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("loading the content failed unexpectedly"));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        if let Some(exit) = console.urgent.exit() {
            return Ok(Ok(exit));
        }
        let now = (progress.counts(), crossterm::terminal::size()?);
        if shown != Some(now) {
            let ((parsed, found), _) = now;
            if console.draw_loading(&theme, &what, parsed, found).is_err() {
                return Ok(Ok(Exit::HangUp));
            }
            shown = Some(now);
        }
        wait = LOADING_TICK;
    };
    match loaded {
        Ok(loaded) => {
            let library = library(&loaded);
            let index = || index(&loaded);
            Ok(Ok(console.explore(
                library,
                theme,
                memory,
                shown.is_some(),
                index,
            )))
        }
        Err(error) => {
            drop(console);
            Ok(Err(error))
        }
    }
}

/// The terminal in the explorer's modes, with its input, signals and urgent endings
/// wired up: what a run has before it has anything to show.
struct Console {
    session: Session,
    terminal: ManuallyDrop<Terminal<Screen<io::Stdout>>>,
    urgent: Arc<Urgent>,
    sender: Sender<Event>,
    events: Receiver<Event>,
}

impl Console {
    fn open(mouse: bool) -> io::Result<Console> {
        install_panic_hook();
        let session = Session::start(mouse)?;
        // Dropping a Terminal shows the cursor and prints to stderr if that fails, which
        // panics when the terminal is gone; the session restores the cursor itself.
        let (width, height) = crossterm::terminal::size()?;
        let size = Size::new(width, height);
        let terminal = ManuallyDrop::new(Terminal::new(Screen::new(io::stdout(), size))?);
        let urgent = Arc::new(Urgent::default());
        let (sender, events) = mpsc::channel();
        spawn_input(sender.clone(), Arc::clone(&urgent))?;
        spawn_signals(sender.clone(), Arc::clone(&urgent))?;
        Ok(Console {
            session,
            terminal,
            urgent,
            sender,
            events,
        })
    }

    /// The loading frame at the terminal's present size (resizes are read here, not from
    /// the event queue, so keys typed meanwhile wait there for the explorer), painted
    /// whole each time: it is small, and drawn only when its counts change.
    fn draw_loading(
        &mut self,
        theme: &Theme,
        what: &str,
        parsed: usize,
        found: usize,
    ) -> io::Result<()> {
        let (width, height) = crossterm::terminal::size()?;
        let backend = self.terminal.backend_mut();
        backend.resize(Size::new(width, height));
        execute!(io::stdout(), BeginSynchronizedUpdate)?;
        self.terminal.clear()?;
        let drawn = self
            .terminal
            .draw(|frame| views::loading::draw(frame, theme, what, parsed, found))
            .map(|_| ());
        execute!(io::stdout(), EndSynchronizedUpdate)?;
        drawn
    }

    /// The explorer until it ends; `after_loading`: a loading frame is on the screen, so
    /// the first frame is painted whole.
    fn explore(
        mut self,
        library: &Library,
        theme: Theme,
        memory: Option<Memory>,
        after_loading: bool,
        index: impl FnOnce() -> Searcher + Send,
    ) -> Exit {
        let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));
        let mut app = App::new(library, theme, width, height);
        let mut saved = memory.as_ref().map(|memory| recall(&mut app, memory));
        if draw(&mut self.terminal, &app, after_loading).is_err() {
            return Exit::HangUp;
        }
        // Lets the end-to-end tests prove that a panic mid-session restores the terminal.
        if std::env::var_os("PEEL_TEST_PANIC").is_some() {
            panic!("PEEL_TEST_PANIC is set: a deliberate panic to test terminal restoration");
        }
        app.indexing = true;
        let sender = self.sender.clone();
        let exit = std::thread::scope(|scope| {
            scope.spawn(move || {
                let _ = sender.send(Event::SearchReady(Box::new(index())));
            });
            event_loop(
                &mut app,
                &mut self.terminal,
                &self.events,
                &self.urgent,
                &self.session,
                &memory,
                &mut saved,
            )
        });
        if let (Some(memory), Some(state)) = (&memory, &mut saved) {
            // Nowhere left to report a failure: the screen is about to go.
            let _ = remember(&app, memory, state);
        }
        exit
    }
}

fn event_loop(
    app: &mut App,
    terminal: &mut Terminal<Screen<io::Stdout>>,
    events: &Receiver<Event>,
    urgent: &Urgent,
    session: &Session,
    memory: &Option<Memory>,
    saved: &mut Option<crate::state::SavedState>,
) -> Exit {
    let mut saved_bookmarks = app.bookmarks.clone();
    let mut last_click: Option<(Instant, u16, u16)> = None;
    loop {
        let Ok(first) = events.recv() else {
            return Exit::HangUp;
        };
        let mut batch = vec![first];
        while batch.len() < BATCH {
            match events.try_recv() {
                Ok(event) => batch.push(event),
                Err(_) => break,
            }
        }
        let mut changed = false;
        let mut repaint = false;
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
                    crate::tui::update::index_ready(app, *searcher);
                    continue;
                }
                Event::InputEnded => return Exit::HangUp,
                Event::Signal(SIGCONT) => {
                    // Back from a stop we did not ask for: the shell may have reset the
                    // terminal's modes, so set them again and paint everything.
                    session.resume();
                    repaint = true;
                    continue;
                }
                Event::Signal(_) => {
                    app.suspend = true;
                    continue;
                }
                Event::Resize(width, height) => {
                    // Of a storm of resizes only the last matters.
                    if matches!(queue.peek(), Some(Event::Resize(..))) {
                        continue;
                    }
                    repaint = true;
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
            update(app, action);
            changed = true;
            if app.ending.is_some() {
                break;
            }
        }
        if let Some(ending) = app.ending {
            return match ending {
                Ending::Quit => Exit::Quit,
                Ending::Interrupted => Exit::Interrupted,
            };
        }
        if let Some(text) = app.clipboard.take() {
            let mut stdout = io::stdout();
            let sequence = clipboard::sequence(&text, clipboard::in_tmux());
            if stdout
                .write_all(sequence.as_bytes())
                .and_then(|_| stdout.flush())
                .is_err()
            {
                return Exit::HangUp;
            }
        }
        if std::mem::take(&mut app.suspend) {
            session.suspend();
            repaint = true;
        }
        // Bookmarks are saved as they change, so a dropped connection keeps them.
        if let (Some(memory), Some(state)) = (memory, saved.as_mut())
            && app.bookmarks != saved_bookmarks
        {
            saved_bookmarks.clone_from(&app.bookmarks);
            if let Err(error) = remember(app, memory, state) {
                app.notice = Some(format!("Bookmarks not saved: {error}"));
            }
        }
        repaint |= std::mem::take(&mut app.repaint);
        if (changed || repaint) && draw(terminal, app, repaint).is_err() {
            return Exit::HangUp;
        }
    }
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
        // A paste is text for the prompt, never commands; elsewhere it is ignored.
        Input::Paste(text) if app.mode() == Mode::Prompt => Some(Action::Type(text)),
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
fn recall(app: &mut App, memory: &Memory) -> crate::state::SavedState {
    let loaded = memory.file.load();
    if let Some(notice) = &loaded.notice {
        app.notice = Some(notice.clone());
    }
    app.restore(&loaded.state.place(&memory.source));
    loaded.state
}

fn remember(app: &App, memory: &Memory, state: &mut crate::state::SavedState) -> io::Result<()> {
    state.set_place(&memory.source, app.place());
    memory.file.save(state, &memory.source)
}

/// One frame, wrapped in a synchronized update: terminals that support it show the frame
/// whole, so a slow link never shows half of one; others ignore the two sequences. After
/// a resize, a resumption or Ctrl-l, everything is painted again.
fn draw(
    terminal: &mut Terminal<Screen<io::Stdout>>,
    app: &App,
    everything: bool,
) -> io::Result<()> {
    terminal
        .backend_mut()
        .resize(Size::new(app.width, app.height));
    execute!(io::stdout(), BeginSynchronizedUpdate)?;
    if everything {
        terminal.clear()?;
    }
    let drawn = terminal.draw(|frame| views::draw(frame, app)).map(|_| ());
    execute!(io::stdout(), EndSynchronizedUpdate)?;
    drawn
}

fn spawn_input(sender: Sender<Event>, urgent: Arc<Urgent>) -> io::Result<()> {
    let tty = Tty::open()?;
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            let mut decoder = Decoder::default();
            let mut buffer = [0u8; 4096];
            loop {
                let read = match tty.read(&mut buffer) {
                    Ok(0) | Err(_) => break,
                    Ok(read) => read,
                };
                for input in decoder.feed(&buffer[..read], read == buffer.len()) {
                    if input == Input::Key(Key::ctrl('c')) {
                        urgent.raise(INTERRUPTED);
                    }
                    if sender.send(Event::Input(input)).is_err() {
                        return;
                    }
                }
            }
            // End of input or an error on the terminal: it is gone, whatever signals say.
            urgent.raise(HUNG_UP);
            let _ = sender.send(Event::InputEnded);
        })?;
    Ok(())
}

fn spawn_signals(sender: Sender<Event>, urgent: Arc<Urgent>) -> io::Result<()> {
    let mut signals = signal_hook::iterator::Signals::new([
        SIGHUP, SIGTERM, SIGINT, SIGQUIT, SIGWINCH, SIGCONT, SIGTSTP,
    ])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for signal in signals.forever() {
                let event = match signal {
                    SIGWINCH => match crossterm::terminal::size() {
                        Ok((width, height)) => Event::Resize(width, height),
                        Err(_) => continue,
                    },
                    SIGCONT | SIGTSTP => Event::Signal(signal),
                    ending => {
                        urgent.raise(ending);
                        Event::Signal(ending)
                    }
                };
                if sender.send(event).is_err() {
                    return;
                }
            }
        })?;
    Ok(())
}

/// The terminal peel reads keys from: standard input when it is one, else /dev/tty.
struct Tty(std::os::fd::OwnedFd);

impl Tty {
    fn open() -> io::Result<Tty> {
        use std::io::IsTerminal;
        use std::os::fd::AsFd;
        let stdin = io::stdin();
        let fd = if stdin.is_terminal() {
            stdin.as_fd().try_clone_to_owned()?
        } else {
            std::fs::File::open("/dev/tty")?.into()
        };
        Ok(Tty(fd))
    }

    /// Blocks until there are bytes, then reads them; 0 at the end of input.
    fn read(&self, buffer: &mut [u8]) -> io::Result<usize> {
        use rustix::event::{PollFd, PollFlags, poll};
        loop {
            let mut fds = [PollFd::new(&self.0, PollFlags::IN)];
            match poll(&mut fds, None) {
                Ok(_) => {}
                Err(rustix::io::Errno::INTR) => continue,
                Err(error) => return Err(error.into()),
            }
            let revents = fds[0].revents();
            if !revents.contains(PollFlags::IN)
                && revents.intersects(PollFlags::HUP | PollFlags::ERR | PollFlags::NVAL)
            {
                return Ok(0);
            }
            match rustix::io::read(&self.0, &mut *buffer) {
                Ok(read) => return Ok(read),
                Err(rustix::io::Errno::INTR | rustix::io::Errno::AGAIN) => continue,
                Err(error) => return Err(error.into()),
            }
        }
    }
}

/// Raw mode, the alternate screen, bracketed paste and (if wanted) the mouse, for as long
/// as it lives.
struct Session {
    mouse: bool,
}

/// Mouse clicks and the wheel, reported as SGR sequences (no motion events).
const MOUSE_ON: &str = "\x1b[?1000h\x1b[?1006h";
const MOUSE_OFF: &str = "\x1b[?1006l\x1b[?1000l";

impl Session {
    fn start(mouse: bool) -> io::Result<Session> {
        let session = Session { mouse };
        session.enter()?;
        Ok(session)
    }

    fn enter(&self) -> io::Result<()> {
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        execute!(
            stdout,
            EnterAlternateScreen,
            cursor::Hide,
            EnableBracketedPaste
        )?;
        if self.mouse {
            stdout.write_all(MOUSE_ON.as_bytes())?;
            stdout.flush()?;
        }
        Ok(())
    }

    /// Ctrl-z: the terminal back to the shell, a stop, and on `fg` everything as it was.
    fn suspend(&self) {
        restore();
        let _ = rustix::process::kill_current_process_group(rustix::process::Signal::STOP).or_else(
            |_| {
                rustix::process::kill_process(
                    rustix::process::getpid(),
                    rustix::process::Signal::STOP,
                )
            },
        );
        self.resume();
    }

    /// Sets every mode again: after a stop the shell may have changed them.
    fn resume(&self) {
        let _ = disable_raw_mode();
        let _ = self.enter();
    }
}

impl Drop for Session {
    fn drop(&mut self) {
        restore();
    }
}

/// Puts the terminal back as the shell expects it. Safe to call twice; errors are ignored
/// because the terminal may already be gone.
pub fn restore() {
    let _ = disable_raw_mode();
    let mut stdout = io::stdout();
    let _ = stdout.write_all(MOUSE_OFF.as_bytes());
    let _ = execute!(
        stdout,
        DisableBracketedPaste,
        LeaveAlternateScreen,
        cursor::Show
    );
    let _ = stdout.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::input::KeyCode;

    #[test]
    fn exit_statuses_follow_the_shell_convention() {
        assert_eq!(Exit::Quit.code(), 0);
        assert_eq!(Exit::Interrupted.code(), 130);
        assert_eq!(Exit::Signal(SIGTERM).code(), 143);
        assert_eq!(Exit::HangUp.code(), 129);
    }

    #[test]
    fn the_first_urgent_reason_wins() {
        let urgent = Urgent::default();
        assert_eq!(urgent.exit(), None);
        urgent.raise(SIGTERM);
        urgent.raise(HUNG_UP);
        assert_eq!(urgent.exit(), Some(Exit::Signal(SIGTERM)));
    }

    #[test]
    fn a_key_in_the_prompt_types_and_elsewhere_commands() {
        assert_eq!(typed(Mode::Prompt, Key::char('q')), Some('q'));
        assert_eq!(typed(Mode::Tree, Key::char('q')), None);
        assert_eq!(typed(Mode::Prompt, Key::plain(KeyCode::Enter)), None);
    }
}
