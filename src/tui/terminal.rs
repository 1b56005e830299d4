//! The real terminal: raw mode and the alternate screen in, always out again (on return,
//! on panic, on SIGHUP/SIGTERM/SIGQUIT/SIGINT, on end of input), and the event loop.
//!
//! Keys, resizes and signals arrive on one channel, so a dropped SSH connection is just
//! another event that ends the loop. The loop blocks on that channel and redraws only
//! after something happened: an idle explorer uses no CPU.

use super::action::Action;
use super::app::App;
use super::clipboard;
use super::keymap::action_for;
use super::theme::Theme;
use super::update::update;
use super::views;
use crate::model::Library;
use crate::search::Searcher;
use crate::state::{SavedState, StateFile};
use crossterm::event::{self, Event as TerminalEvent, KeyEventKind};
use crossterm::terminal::{
    BeginSynchronizedUpdate, EndSynchronizedUpdate, EnterAlternateScreen, LeaveAlternateScreen,
    disable_raw_mode, enable_raw_mode,
};
use crossterm::{cursor, execute};
use ratatui::Terminal;
use ratatui::backend::CrosstermBackend;
use signal_hook::consts::{SIGHUP, SIGINT, SIGQUIT, SIGTERM};
use std::io::{self, Write};
use std::sync::mpsc::{self, Receiver, Sender};

enum Event {
    Terminal(TerminalEvent),
    /// The search index, built off the first frame so `/` never waits for it.
    SearchReady(Box<Searcher>),
    /// Reading the terminal failed: it is gone (hang-up, closed pty). Time to leave.
    InputEnded,
    Signal,
}

/// Where the explorer keeps its place between runs: the state file, and which content
/// source this run reads (see `crate::state`).
pub struct Memory {
    pub file: StateFile,
    pub source: String,
}

/// Runs the explorer until the reader quits or the terminal goes away.
pub fn run(library: &Library, theme: Theme, memory: Option<Memory>) -> io::Result<()> {
    install_panic_hook();
    let _session = Session::start()?;
    let mut terminal = Terminal::new(CrosstermBackend::new(io::stdout()))?;
    let size = terminal.size()?;
    let mut app = App::new(library, theme, size.width, size.height);
    let mut saved = memory.as_ref().map(|memory| recall(&mut app, memory));
    let mut saved_bookmarks = app.bookmarks.clone();
    let (sender, events) = event_sources()?;
    draw(&mut terminal, &app)?;
    // Lets the end-to-end tests prove that a panic mid-session restores the terminal.
    if std::env::var_os("PEEL_TEST_PANIC").is_some() {
        panic!("PEEL_TEST_PANIC is set: a deliberate panic to test terminal restoration");
    }
    std::thread::scope(|scope| {
        scope.spawn(move || {
            let _ = sender.send(Event::SearchReady(Box::new(Searcher::new(library))));
        });
        while let Ok(event) = events.recv() {
            let mut changed = handle(&mut app, event);
            // Merge whatever queued up meanwhile into one redraw.
            while let Ok(event) = events.try_recv() {
                changed |= handle(&mut app, event);
            }
            if let Some(text) = app.clipboard.take() {
                let mut stdout = io::stdout();
                stdout.write_all(clipboard::sequence(&text, clipboard::in_tmux()).as_bytes())?;
                stdout.flush()?;
            }
            if app.quit {
                break;
            }
            // Bookmarks are saved as they change, so a dropped connection keeps them.
            if let (Some(memory), Some(state)) = (&memory, &mut saved) {
                if app.bookmarks != saved_bookmarks {
                    saved_bookmarks.clone_from(&app.bookmarks);
                    if let Err(error) = remember(&app, memory, state) {
                        app.notice = Some(format!("Bookmarks not saved: {error}"));
                    }
                }
            }
            if changed {
                draw(&mut terminal, &app)?;
            }
        }
        if let (Some(memory), Some(state)) = (&memory, &mut saved) {
            // Nowhere left to report a failure: the screen is about to go.
            let _ = remember(&app, memory, state);
        }
        Ok(())
    })
}

/// The saved place, restored into `app`; a state file that cannot be read is reported
/// once, on the status bar, and replaced by the next save.
fn recall(app: &mut App, memory: &Memory) -> SavedState {
    match memory.file.load() {
        Ok(state) => {
            app.restore(&state.place(&memory.source));
            state
        }
        Err(why) => {
            app.notice = Some(format!(
                "Saved state {} ignored: {why}; it will be replaced",
                memory.file.path().display()
            ));
            SavedState::default()
        }
    }
}

fn remember(app: &App, memory: &Memory, state: &mut SavedState) -> io::Result<()> {
    state.set_place(&memory.source, app.place());
    memory.file.save(state)
}

/// One frame, wrapped in a synchronized update: terminals that support it show the frame
/// whole, so a slow link never shows half of one; others ignore the two sequences.
fn draw(terminal: &mut Terminal<CrosstermBackend<io::Stdout>>, app: &App) -> io::Result<()> {
    execute!(io::stdout(), BeginSynchronizedUpdate)?;
    let drawn = terminal.draw(|frame| views::draw(frame, app)).map(|_| ());
    execute!(io::stdout(), EndSynchronizedUpdate)?;
    drawn
}

fn handle(app: &mut App, event: Event) -> bool {
    let action = match event {
        Event::SearchReady(searcher) => {
            app.searcher.get_or_insert(*searcher);
            return false;
        }
        Event::InputEnded | Event::Signal => Some(Action::Quit),
        Event::Terminal(TerminalEvent::Key(key)) if key.kind != KeyEventKind::Release => {
            action_for(app.mode(), key)
        }
        Event::Terminal(TerminalEvent::Resize(width, height)) => {
            Some(Action::Resize { width, height })
        }
        Event::Terminal(_) => None,
    };
    match action {
        Some(action) => {
            update(app, action);
            true
        }
        None => false,
    }
}

fn event_sources() -> io::Result<(Sender<Event>, Receiver<Event>)> {
    let (sender, receiver) = mpsc::channel();
    let index_sender = sender.clone();
    let input = sender.clone();
    std::thread::Builder::new()
        .name("input".into())
        .spawn(move || {
            loop {
                let event = match event::read() {
                    Ok(event) => Event::Terminal(event),
                    Err(_) => Event::InputEnded,
                };
                let ended = matches!(event, Event::InputEnded);
                if input.send(event).is_err() || ended {
                    return;
                }
            }
        })?;
    let mut signals = signal_hook::iterator::Signals::new([SIGHUP, SIGTERM, SIGQUIT, SIGINT])?;
    std::thread::Builder::new()
        .name("signals".into())
        .spawn(move || {
            for _ in signals.forever() {
                if sender.send(Event::Signal).is_err() {
                    return;
                }
            }
        })?;
    Ok((index_sender, receiver))
}

/// Raw mode and the alternate screen for as long as it lives.
struct Session;

impl Session {
    fn start() -> io::Result<Session> {
        enable_raw_mode()?;
        let session = Session;
        execute!(io::stdout(), EnterAlternateScreen, cursor::Hide)?;
        Ok(session)
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
    let _ = execute!(stdout, LeaveAlternateScreen, cursor::Show);
    let _ = stdout.flush();
}

fn install_panic_hook() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        restore();
        previous(info);
    }));
}
