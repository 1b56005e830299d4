//! The explorers a server runs: what they share (the content, its index, the settings),
//! one started on a connection's channel on a thread of its own, its frames sent down that
//! channel as fast as the client takes them, and all of them stopped at once.

use super::log::{Reader, Record};
use super::session::{self, MOST_QUEUED_INPUTS, Outbox, Setup};
use crate::model::Library;
use crate::search::Searcher;
use crate::tui::event_loop::{Event, Exit, Shutdown};
use crate::tui::flows::{SHARED_FLOW_BYTES, SharedFlows};
use crate::tui::frame_pool::FramePool;
use crate::tui::input::Input;
use crate::tui::palette::Palette;
use russh::ChannelWriteHalf;
use russh::server::Msg;
use std::collections::{HashMap, HashSet};
use std::path::PathBuf;
use std::sync::mpsc::Sender;
use std::sync::{Arc, Mutex};
use std::time::Duration;

/// Who may come in.
pub enum Access {
    /// Anyone; a reader who offers a key keeps their place and bookmarks by it.
    Public,
    /// Only these keys, by fingerprint.
    Keys(HashSet<String>),
}

/// What every connection of one server shares: the content and its index (loaded once,
/// read by every session), the settings, and the sessions running now.
pub struct Shared {
    pub library: Arc<Library>,
    pub searcher: Arc<Searcher>,
    /// The reader's flows of the nodes any reader opened, for the others to read.
    pub flows: Arc<SharedFlows>,
    /// The blank frames every session draws in (each keeps only the frame it sent).
    pub frames: Arc<FramePool>,
    pub access: Access,
    pub no_color: bool,
    pub ascii: bool,
    pub mouse: bool,
    pub idle: Option<Duration>,
    /// Where each reader's state file goes (named by their key); none: no state kept.
    pub readers: Option<PathBuf>,
    /// The content source's name in a state file.
    pub source: String,
    pub panic_on_bang: bool,
    live: Mutex<HashMap<u64, Live>>,
}

/// A running explorer, as the server sees it: enough to stop it.
#[derive(Clone)]
pub struct Live {
    urgent: Arc<Shutdown>,
    events: Sender<Event>,
}

impl Live {
    fn end(&self, how: impl Fn(&Shutdown)) {
        how(&self.urgent);
        let _ = self.events.send(Event::Wake);
    }
}

impl Shared {
    #[allow(clippy::too_many_arguments)]
    pub fn new(
        library: Arc<Library>,
        searcher: Arc<Searcher>,
        access: Access,
        theme: (bool, bool),
        mouse: bool,
        idle: Option<Duration>,
        readers: Option<PathBuf>,
        source: String,
    ) -> Shared {
        Shared {
            library,
            searcher,
            flows: Arc::new(SharedFlows::new(SHARED_FLOW_BYTES)),
            frames: Arc::default(),
            access,
            no_color: theme.0,
            ascii: theme.1,
            mouse,
            idle,
            readers,
            source,
            panic_on_bang: crate::test_hooks::panic_requested(),
            live: Mutex::default(),
        }
    }

    fn live(&self) -> std::sync::MutexGuard<'_, HashMap<u64, Live>> {
        self.live
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// Tells every explorer to say goodbye and end.
    pub fn stop_all(&self) {
        for live in self.live().values() {
            live.end(Shutdown::stop);
        }
    }
}

/// The terminal a client asked for: its type, width and height.
pub type Terminal = (String, u16, u16);

/// A running explorer, as its connection sees it: where its input goes.
pub struct Explorer {
    pub live: Live,
    credit: Arc<tokio::sync::Semaphore>,
    outbox: Arc<Outbox>,
}

impl Explorer {
    /// Queues an input; waits while the session has its most inputs queued (the
    /// connection stops reading, and SSH's flow control holds the client back).
    pub async fn input(&self, input: Input, panic_on_bang: bool) {
        if input == Input::Key(crate::tui::input::Key::ctrl('c')) {
            self.live.urgent.interrupt();
        }
        if panic_on_bang && input == Input::Key(crate::tui::input::Key::char('!')) {
            self.outbox
                .panic_requested
                .store(true, std::sync::atomic::Ordering::SeqCst);
        }
        match self.credit.acquire().await {
            Ok(permit) => permit.forget(),
            Err(_) => return,
        }
        let _ = self.live.events.send(Event::Input(input));
    }

    pub fn resize(&self, width: u16, height: u16) {
        let _ = self.live.events.send(Event::Resize(width, height));
    }

    /// The client has gone, or its input has ended.
    pub fn hang_up(&self) {
        self.live.end(Shutdown::hang_up);
    }
}

/// Writes `message` on the channel and closes it, with status 1.
pub fn say_and_close(writer: ChannelWriteHalf<Msg>, record: &Arc<Record>, message: String) {
    let record = Arc::clone(record);
    tokio::spawn(async move {
        let _ = writer
            .data_bytes(format!("{message}\r\n").into_bytes())
            .await;
        let _ = writer.exit_status(1).await;
        let _ = writer.eof().await;
        let _ = writer.close().await;
        record.close();
    });
}

/// Starts the explorer of `record`'s connection on `terminal`, drawing on `writer`.
pub fn start(
    shared: &Arc<Shared>,
    record: &Arc<Record>,
    writer: ChannelWriteHalf<Msg>,
    (term, width, height): Terminal,
    locale: [Option<String>; 3],
) -> Option<Explorer> {
    let state = match (&shared.readers, record.reader()) {
        (Some(dir), Reader::Key(fingerprint)) => Some((
            dir.join(super::readers::file_name(&fingerprint)),
            shared.source.clone(),
        )),
        _ => None,
    };
    let setup = Setup {
        library: Arc::clone(&shared.library),
        searcher: Arc::clone(&shared.searcher),
        flows: Arc::clone(&shared.flows),
        frames: Arc::clone(&shared.frames),
        theme: Palette::choose(shared.no_color, shared.ascii, Some(&term), locale),
        mouse: shared.mouse,
        size: (width, height),
        idle: shared.idle,
        state,
    };
    let outbox = Arc::new(Outbox::default());
    let urgent = Arc::new(Shutdown::default());
    let credit = Arc::new(tokio::sync::Semaphore::new(MOST_QUEUED_INPUTS));
    let (events, receiver) = std::sync::mpsc::channel();
    let live = Live {
        urgent: Arc::clone(&urgent),
        events: events.clone(),
    };
    let number = record.number;
    shared.live().insert(number, live.clone());
    let thread = {
        let (shared, outbox, credit, record) = (
            Arc::clone(shared),
            Arc::clone(&outbox),
            Arc::clone(&credit),
            Arc::clone(record),
        );
        std::thread::Builder::new()
            .name(format!("session-{number}"))
            .spawn(move || {
                let ran = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                    session::run(
                        setup,
                        receiver,
                        &urgent,
                        Arc::clone(&outbox),
                        Arc::clone(&credit),
                    )
                }));
                if ran.is_err() {
                    record.ended("panic");
                    outbox.finish(1, Exit::HangUp);
                }
                // Nothing takes input any more: a client still typing is not held waiting.
                credit.close();
                shared.live().remove(&number);
            })
    };
    if thread.is_err() {
        shared.live().remove(&number);
        record.ended("no thread for the session");
        say_and_close(
            writer,
            record,
            "peel: the server cannot start a session now.".into(),
        );
        return None;
    }
    tokio::spawn(forward(
        Arc::clone(&outbox),
        writer,
        events,
        Arc::clone(record),
    ));
    Some(Explorer {
        live,
        credit,
        outbox,
    })
}

/// Sends what a session draws down its channel, one batch at a time: each waits for the
/// channel's window (the client has read the last), so a slow client holds the session's
/// frames back instead of piling them up. Closes the channel when the session ends.
async fn forward(
    outbox: Arc<Outbox>,
    writer: ChannelWriteHalf<Msg>,
    events: Sender<Event>,
    record: Arc<Record>,
) {
    let frames = || {
        let drawn = outbox.frames.load(std::sync::atomic::Ordering::Relaxed);
        record
            .frames
            .store(drawn, std::sync::atomic::Ordering::Relaxed);
    };
    loop {
        let bytes = outbox.take();
        if !bytes.is_empty() {
            record.count_out(bytes.len());
            // Counted as they go: the log line may be written before the session ends
            // (a client that vanished), and must not say no frame was sent.
            frames();
            if writer.data_bytes(bytes).await.is_err() {
                // The connection is gone; the session hears so from the connection.
                outbox.sent();
                return;
            }
            // Only a session holding a frame back is woken: the others have nothing to do.
            if outbox.sent_and_awaited() {
                let _ = events.send(Event::Sent);
            }
            continue;
        }
        if let Some((status, exit)) = outbox.finished() {
            frames();
            record.ended(&exit.reason());
            let _ = writer.exit_status(status).await;
            let _ = writer.eof().await;
            let _ = writer.close().await;
            record.close();
            return;
        }
        outbox.ready.notified().await;
    }
}
