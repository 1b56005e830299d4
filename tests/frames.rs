//! How the explorer's loop turns queued keys into frames, on a host like `peel serve`'s: all
//! the keys already waiting are applied and then one frame is drawn; while the last frame
//! is still on its way none is drawn, and once it has gone the latest state is drawn once.
//! Every frame is checked byte for byte against the frame drawn afresh for the same state.

mod common;

use common::wire::Wire;
use common::{PLAIN, explorer};
use peel::tui::app::App;
use peel::tui::backend::TermBackend;
use peel::tui::event_loop::{self, Event, Exit, Host, Shutdown};
use peel::tui::input::{Input, Key};
use ratatui::Terminal;
use ratatui::layout::Size;
use std::cell::{Cell, RefCell};
use std::sync::mpsc::{self, Sender};

/// A link whose last frame is still on its way the first `busy_answers` times the loop
/// asks; on the first of those it queues the `Sent` the connection would send once the
/// frame has gone, and lets go of the queue so the loop ends when it is empty (as it does
/// once a frame is drawn, asked or not).
struct Link {
    busy_answers: Cell<usize>,
    frames: Cell<usize>,
    /// Frames drawn when the loop was told the link was busy: none may follow until `Sent`.
    frames_when_busy: Cell<Option<usize>>,
    drains_later: RefCell<Option<Sender<Event>>>,
}

impl Link {
    fn new(busy_answers: usize, drains_later: Option<Sender<Event>>) -> Link {
        Link {
            busy_answers: Cell::new(busy_answers),
            frames: Cell::new(0),
            frames_when_busy: Cell::new(None),
            drains_later: RefCell::new(drains_later),
        }
    }
}

impl Host for Link {
    type Out = Wire;

    fn busy(&self) -> bool {
        if self.busy_answers.get() == 0 {
            return false;
        }
        self.busy_answers.set(self.busy_answers.get() - 1);
        self.frames_when_busy.set(Some(self.frames.get()));
        if let Some(connection) = self.drains_later.borrow_mut().take() {
            connection.send(Event::Sent).expect("the loop listens");
        }
        true
    }

    fn drew(&self) {
        self.frames.set(self.frames.get() + 1);
        // A loop that draws without asking is not left waiting for a `Sent` for ever.
        self.drains_later.borrow_mut().take();
    }
}

fn keys(text: &str) -> Vec<Event> {
    text.chars()
        .map(|c| Event::Input(Input::Key(Key::char(c))))
        .collect()
}

/// Runs the loop over `events`, all queued before it starts, on `link`; the app after, and
/// the bytes the link was given.
fn run_queued<'a>(
    app: &mut App<'a>,
    events: Vec<Event>,
    link: &Link,
    sender: Sender<Event>,
    receiver: mpsc::Receiver<Event>,
) -> Vec<u8> {
    let wire = Wire::default();
    let mut terminal = Terminal::new(TermBackend::new(
        wire.clone(),
        Size::new(app.width, app.height),
    ))
    .unwrap();
    for event in events {
        sender.send(event).unwrap();
    }
    drop(sender);
    let exit = event_loop::run(
        app,
        &mut terminal,
        &receiver,
        &Shutdown::default(),
        link,
        &None,
        &mut None,
    );
    assert_eq!(exit, Exit::HangUp, "the events ran out");
    wire.0.borrow().clone()
}

/// The bytes of one frame of `app` drawn on a fresh terminal.
fn drawn_afresh(app: &App) -> Vec<u8> {
    let wire = Wire::default();
    let mut terminal = Terminal::new(TermBackend::new(
        wire.clone(),
        Size::new(app.width, app.height),
    ))
    .unwrap();
    event_loop::draw(&mut terminal, app, false).unwrap();
    wire.0.borrow().clone()
}

#[test]
fn keys_already_queued_are_all_applied_and_drawn_in_one_frame() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 80, 24);
    let (sender, receiver) = mpsc::channel();
    let link = Link::new(0, None);
    let sent = run_queued(&mut app, keys("jjj"), &link, sender, receiver);
    assert_eq!(link.frames.get(), 1, "three queued keys, one frame");
    assert_eq!(app.tree.selected_index(), 3, "the frame reflects all three");
    assert_eq!(sent, drawn_afresh(&app), "the frame is the state's own");
}

#[test]
fn a_typed_query_queued_whole_is_searched_and_drawn_once() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 80, 24);
    app.searcher = Some(std::sync::Arc::new(peel::search::Searcher::new(&library)));
    let (sender, receiver) = mpsc::channel();
    let link = Link::new(0, None);
    let sent = run_queued(&mut app, keys("/jigsaw"), &link, sender, receiver);
    assert_eq!(link.frames.get(), 1);
    let prompt = app.prompt.as_ref().expect("the prompt is open");
    assert_eq!(prompt.input, "jigsaw");
    assert!(!prompt.hits.is_empty(), "the whole query was searched");
    assert_eq!(sent, drawn_afresh(&app));
}

#[test]
fn no_frame_is_drawn_while_the_last_is_unsent_and_the_latest_goes_once_it_has() {
    let library = explorer();
    let mut app = App::new(&library, PLAIN, 80, 24);
    let (sender, receiver) = mpsc::channel();
    let link = Link::new(1, Some(sender.clone()));
    let sent = run_queued(&mut app, keys("jj"), &link, sender, receiver);
    assert_eq!(
        link.frames_when_busy.get(),
        Some(0),
        "the link said it was busy before any frame was drawn"
    );
    assert_eq!(link.frames.get(), 1, "one frame, once the link was free");
    assert_eq!(app.tree.selected_index(), 2);
    assert_eq!(sent, drawn_afresh(&app), "and it shows the latest state");
}
