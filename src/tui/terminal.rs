//! The reader's own terminal: raw mode, the alternate screen, bracketed paste and the mouse
//! in, always out again (on return, on panic, on a signal, when the terminal goes away);
//! its keys, resizes and signals fed to the event loop (`event_loop.rs`).
//!
//! Input, resizes and signals arrive on one channel, so a dropped connection is just
//! another event. Quit, hang-up and terminate are also raised on a flag that the loop
//! checks before every queued event, so they never wait behind a paste or a search.

use super::app::App;
use super::backend::{TermBackend, enter_modes, leave_modes};
use super::clipboard;
use super::event_loop::{
    self, Event, Exit, Host, Persistence, Shutdown, draw, recall, recall_loaded, remember,
};
use super::input::{Decoder, Input, Key};
use super::palette::Palette;
use super::views;
use crate::content::Progress;
use crate::content::cache::Outline;
use crate::model::{Library, NodeKey};
use crate::search::Searcher;
use crate::state::Place;
use crossterm::execute;
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, disable_raw_mode, enable_raw_mode,
};
use ratatui::Terminal;
use ratatui::layout::Size;
use signal_hook::consts::{SIGCONT, SIGHUP, SIGINT, SIGQUIT, SIGTERM, SIGTSTP, SIGWINCH};
use std::io::{self, Write};
use std::mem::ManuallyDrop;
use std::sync::Arc;
use std::sync::mpsc::{self, Receiver, Sender};
use std::time::{Duration, Instant};

#[derive(Debug, Clone, Copy)]
pub struct Options {
    pub mouse: bool,
}

/// Runs the explorer until the reader quits or the terminal goes away.
pub fn run(
    library: &Library,
    theme: Palette,
    memory: Option<Persistence>,
    options: Options,
    index: impl FnOnce() -> Searcher + Send,
) -> io::Result<Exit> {
    let console = Console::open(options.mouse, Arc::default())?;
    Ok(console.explore(library, theme, memory, None, false, index))
}

/// How long a load may take before the loading frame is drawn: a quick load (the 43-force
/// corpus from its cache takes about 90 ms) goes straight to the reports, with no frame
/// flashed in between; a slow one (parsing it, about 480 ms) shows its progress at once.
const LOADING_GRACE: Duration = Duration::from_millis(150);
/// The longest a load waits for its outline to be drawn (it is drawn in milliseconds).
const OUTLINE_WAIT: Duration = Duration::from_millis(200);
/// How often the loading frame is drawn again while the load runs.
const LOADING_TICK: Duration = Duration::from_millis(100);

/// Runs the explorer on what `load` loads, showing how far the load has got while it runs
/// (after a short grace) and nothing of the content until it has all loaded and validated;
/// except that a library from the cache, validated when it was stored, has its opening
/// frame drawn from its outline as soon as that is read (`draw_outline`).
/// A load that fails leaves the terminal as it was and returns its error, for the caller to
/// report as it would without the explorer, as is an error opening the terminal.
pub fn run_loading<T: Send + Sync + 'static, E: Send + 'static>(
    what: &str,
    load: impl FnOnce(&Progress) -> Result<T, E> + Send + 'static,
    library: impl Fn(&T) -> &Library,
    theme: Palette,
    memory: Option<Persistence>,
    options: Options,
    index: impl FnOnce(&T) -> Searcher + Send,
) -> io::Result<Result<Exit, E>> {
    let (done, arrivals) = mpsc::channel();
    let outline = done.clone();
    // Where the reader was last: the outline carries that node's force whole.
    let saved = memory.as_ref().map(|memory| memory.file.load());
    let near = memory
        .as_ref()
        .zip(saved.as_ref())
        .and_then(|(memory, saved)| saved.state.place(&memory.source).last);
    // The load waits for the outline's frame before it decodes the rest: on two cores that
    // work would otherwise slow the frame that the outline is there to bring forward.
    let progress = Arc::new(Progress::showing_outline(near, move |library| {
        let (drawn, wait) = mpsc::channel::<()>();
        if outline
            .send(Arrival::Outline(Box::new(library), drawn))
            .is_ok()
        {
            let _ = wait.recv_timeout(OUTLINE_WAIT);
        }
    }));
    let counting = Arc::clone(&progress);
    let urgent = Arc::new(Shutdown::default());
    let held = crate::test_hooks::load_held_until_interrupted().then(|| Arc::clone(&urgent));
    // Not scoped: Ctrl-c or a hang-up during a long load ends peel without waiting for it.
    std::thread::Builder::new()
        .name("load".into())
        .spawn(move || {
            let loaded = load(&counting);
            if let Some(urgent) = held {
                hold_until_interrupted(&urgent);
            }
            let _ = done.send(Arrival::Loaded(loaded));
        })?;
    // Opened while the load runs: setting up the terminal is a good part of a fast start.
    let mut console = Console::open(options.mouse, urgent)?;
    let what = crate::content::neutralise(what).into_owned();
    let mut due = Instant::now() + LOADING_GRACE;
    let mut shown = None;
    let mut outlined = false;
    let loaded = loop {
        let arrival = arrivals.recv_timeout(due.saturating_duration_since(Instant::now()));
        // A key or signal that ends peel goes ahead of whatever the load has sent since:
        // the reports are not drawn once Ctrl-c has been pressed.
        if let Some(exit) = console.urgent.exit() {
            return Ok(Ok(exit));
        }
        match arrival {
            Ok(Arrival::Loaded(loaded)) => break loaded,
            // Dropping `_drawn` tells the load to go on.
            Ok(Arrival::Outline(outline, _drawn)) => {
                if shown.is_none() {
                    let memory = memory.as_ref().zip(saved.as_ref());
                    match console.draw_outline(&outline, &theme, memory) {
                        Ok(drawn) => outlined = drawn,
                        Err(_) => return Ok(Ok(Exit::HangUp)),
                    }
                }
                continue;
            }
            Err(mpsc::RecvTimeoutError::Disconnected) => {
                return Err(io::Error::other("loading the content failed unexpectedly"));
            }
            Err(mpsc::RecvTimeoutError::Timeout) => {}
        }
        due = Instant::now() + LOADING_TICK;
        // The reports are already on the screen; the rest of them is moments away.
        if outlined {
            continue;
        }
        let now = (progress.counts(), crossterm::terminal::size()?);
        if shown != Some(now) {
            let ((parsed, found), _) = now;
            if console.draw_loading(&theme, &what, parsed, found).is_err() {
                return Ok(Ok(Exit::HangUp));
            }
            shown = Some(now);
        }
    };
    match loaded {
        Ok(loaded) => {
            let library = library(&loaded);
            let index = || index(&loaded);
            Ok(Ok(console.explore(
                library,
                theme,
                memory,
                saved,
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

/// Restores `place` in `app`, which runs on an outline whose force `whole` (if any) is
/// whole, and says whether its frame is then the one the whole library draws there: the
/// node read, and every row of the tree, is one the outline holds in full: the glossary, a
/// force (its assessments' grades; as a row, its title), and anything in the whole force.
/// A saved place the outline cannot find (a finding in another force) is not drawn from it.
pub fn outline_draws(app: &mut App, place: &Place, whole: Option<usize>) -> bool {
    if *place == Place::default() {
        return true;
    }
    let library = app.library;
    if place
        .last
        .as_deref()
        .is_some_and(|id| library.locate(id).is_none())
    {
        return false;
    }
    app.restore(place);
    // The tree opens only the way to the node read, so outside its force the rows are
    // forces (and the glossary).
    let selected = app.selected();
    selected.force().is_none()
        || selected.force() == whole
        || matches!(selected, NodeKey::Force { .. })
}

/// For the test hook `load_held_until_interrupted`: waits (at most 10 s) until Ctrl-c or
/// a signal has been raised, so that the load ends just after it, every time.
fn hold_until_interrupted(urgent: &Shutdown) {
    let until = Instant::now() + Duration::from_secs(10);
    while urgent.exit().is_none() && Instant::now() < until {
        std::thread::sleep(Duration::from_millis(5));
    }
}

/// What the load thread sends: the outline of a cached library first, if there is one,
/// then the library or the error.
enum Arrival<T, E> {
    /// With the sender the load waits on, dropped once the frame is drawn.
    Outline(Box<Outline>, mpsc::Sender<()>),
    Loaded(Result<T, E>),
}

/// The terminal in the explorer's modes, with its input, signals and urgent endings
/// wired up: what a run has before it has anything to show.
struct Console {
    session: Session,
    terminal: ManuallyDrop<Terminal<TermBackend<io::Stdout>>>,
    urgent: Arc<Shutdown>,
    sender: Sender<Event>,
    events: Receiver<Event>,
}

/// Why the explorer cannot run on a terminal of type `term`, if it cannot: it draws by
/// moving the cursor, and `dumb` (Emacs' shell, some CI logs) cannot, so what it would show
/// is a stream of escape sequences.
pub fn unusable(term: Option<&str>) -> Option<&'static str> {
    (term == Some("dumb")).then_some(
        "TERM=dumb cannot position the cursor, which the explorer needs; `peel search` and `peel show` print plain lines",
    )
}

impl Console {
    /// `urgent`: the flag Ctrl-c, a hang-up and the ending signals raise.
    fn open(mouse: bool, urgent: Arc<Shutdown>) -> io::Result<Console> {
        let term = std::env::var("TERM").ok();
        if let Some(why) = unusable(term.as_deref()) {
            return Err(io::Error::other(why));
        }
        install_panic_hook();
        let session = Session::start(mouse)?;
        // Dropping a Terminal shows the cursor and prints to stderr if that fails, which
        // panics when the terminal is gone; the session restores the cursor itself.
        let (width, height) = crossterm::terminal::size()?;
        let size = Size::new(width, height);
        let terminal = ManuallyDrop::new(Terminal::new(TermBackend::new(io::stdout(), size))?);
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
        theme: &Palette,
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

    /// The explorer's opening frame drawn from `outline` (`content::cache::Outline`): what
    /// the whole library draws first, at the reader's saved place (`memory`, as loaded) if
    /// the outline holds everything that frame shows (`outline_draws`), which is when it
    /// is drawn and true is returned. The explorer's own first frame then changes nothing
    /// on the screen (it is drawn against this one), or corrects it.
    fn draw_outline(
        &mut self,
        outline: &Outline,
        theme: &Palette,
        memory: Option<(&Persistence, &crate::state::Loaded)>,
    ) -> io::Result<bool> {
        let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));
        let mut app = App::new(&outline.library, *theme, width, height);
        if let Some((memory, saved)) = memory {
            if saved.notice.is_some() {
                return Ok(false);
            }
            app.content = crate::export::content_name(&memory.source);
            if !outline_draws(&mut app, &saved.state.place(&memory.source), outline.whole) {
                return Ok(false);
            }
        }
        draw(&mut self.terminal, &app, false)?;
        Ok(true)
    }

    /// The explorer until it ends; `saved`: the state file as already loaded, if it was;
    /// `after_loading`: a loading frame is on the screen, so the first frame is painted
    /// whole.
    fn explore(
        mut self,
        library: &Library,
        theme: Palette,
        memory: Option<Persistence>,
        saved: Option<crate::state::Loaded>,
        after_loading: bool,
        index: impl FnOnce() -> Searcher + Send,
    ) -> Exit {
        let (width, height) = crossterm::terminal::size().unwrap_or((80, 24));
        let mut app = App::new(library, theme, width, height);
        if let Some(memory) = &memory {
            app.content = crate::export::content_name(&memory.source);
        }
        let mut saved = memory.as_ref().map(|memory| match saved {
            Some(loaded) => recall_loaded(&mut app, memory, loaded),
            None => recall(&mut app, memory),
        });
        if draw(&mut self.terminal, &app, after_loading).is_err() {
            return Exit::HangUp;
        }
        // Lets the end-to-end tests prove that a panic mid-session restores the terminal.
        if crate::test_hooks::panic_requested() {
            panic!("a deliberate panic (test hook) to test terminal restoration");
        }
        app.indexing = true;
        let sender = self.sender.clone();
        let exit = std::thread::scope(|scope| {
            scope.spawn(move || {
                let _ = sender.send(Event::SearchReady(Box::new(index())));
            });
            event_loop::run(
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

fn spawn_input(sender: Sender<Event>, urgent: Arc<Shutdown>) -> io::Result<()> {
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
                        urgent.interrupt();
                    }
                    if sender.send(Event::Input(input)).is_err() {
                        return;
                    }
                }
            }
            // End of input or an error on the terminal: it is gone, whatever signals say.
            urgent.hang_up();
            let _ = sender.send(Event::InputEnded);
        })?;
    Ok(())
}

fn spawn_signals(sender: Sender<Event>, urgent: Arc<Shutdown>) -> io::Result<()> {
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
                        urgent.signal(ending);
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

impl Session {
    fn start(mouse: bool) -> io::Result<Session> {
        let session = Session { mouse };
        session.enter()?;
        Ok(session)
    }

    fn enter(&self) -> io::Result<()> {
        enable_raw_mode()?;
        let mut stdout = io::stdout();
        enter_modes(&mut stdout, self.mouse)?;
        stdout.flush()
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

impl Host for Session {
    type Out = io::Stdout;

    fn suspend(&self) {
        Session::suspend(self);
    }

    fn resume(&self) {
        Session::resume(self);
    }

    fn in_tmux(&self) -> bool {
        clipboard::in_tmux()
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
    let _ = leave_modes(&mut stdout);
    let _ = stdout.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
