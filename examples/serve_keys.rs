//! Where one served reader's keystroke spends the server's CPU: the 28 keys of
//! `examples/serve_load.rs`, replayed through the explorer's own loop on a host like a
//! served session's, each key decoded, applied and drawn at 80x24 before the next is sent.
//! Thread CPU time, so what other processes do on the machine counts little: per key,
//! applying it (update, search) and drawing its frame (layout, render, diff, encoding).
//!
//!   cargo run --release --example serve_keys [-- --rounds 200] [--readers 1] [--dump FILE]
//!
//! `--readers N` runs N readers at once, each on its own thread as a server's are, and
//! sends each key to one after another: each reader's frames, state and stack have gone
//! cold in the cache by its next key, as under a loaded server's many sessions.
//! `--dump FILE` writes every byte the first round sent, to compare two builds' frames.

use peel::tui::app::App;
use peel::tui::backend::TermBackend;
use peel::tui::event_loop::{self, Event, Host, Shutdown};
use peel::tui::flows::{SHARED_FLOW_BYTES, SharedFlows};
use peel::tui::frame_pool::FramePool;
use peel::tui::input::Decoder;
use peel::tui::palette::Palette;
use ratatui::Terminal;
use ratatui::layout::Size;
use std::cell::Cell;
use std::io::{self, Write};
use std::sync::Arc;
use std::sync::mpsc::{self, Sender};

/// The keys `examples/serve_load.rs` types, in order.
const KEYS: &[&[u8]] = &[
    b"/", b"j", b"i", b"g", b"s", b"a", b"w", b"\r", b"j", b"j", b"j", b"k", b"k", b"\t", b"j",
    b"j", b"\t", b"g", b"/", b"t", b"h", b"r", b"i", b"v", b"e", b"\x1b", b"G", b"g",
];

fn thread_cpu_ns() -> u64 {
    let mut now = libc::timespec {
        tv_sec: 0,
        tv_nsec: 0,
    };
    // SAFETY: a valid clock id and a pointer to a timespec we own.
    unsafe { libc::clock_gettime(libc::CLOCK_THREAD_CPUTIME_ID, &mut now) };
    now.tv_sec as u64 * 1_000_000_000 + now.tv_nsec as u64
}

/// Bytes written, counted and dropped, or kept (the first round, for `--dump`).
struct Count(
    Arc<std::sync::atomic::AtomicUsize>,
    Option<Arc<std::sync::Mutex<Vec<u8>>>>,
);

impl Write for Count {
    fn write(&mut self, bytes: &[u8]) -> io::Result<usize> {
        self.0
            .fetch_add(bytes.len(), std::sync::atomic::Ordering::Relaxed);
        if let Some(kept) = &self.1 {
            kept.lock().expect("not poisoned").extend_from_slice(bytes);
        }
        Ok(bytes.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// A link that is never busy; it times each batch: taken, applied (asked whether busy,
/// just before drawing), drawn.
struct Timed {
    taken: Cell<u64>,
    applied: Cell<u64>,
    done: Sender<(u64, u64)>,
}

impl Host for Timed {
    type Out = Count;

    fn inputs_taken(&self, _inputs: usize) {
        self.taken.set(thread_cpu_ns());
        self.applied.set(0);
    }

    fn busy(&self) -> bool {
        self.applied.set(thread_cpu_ns());
        false
    }

    fn drew(&self) {
        let now = thread_cpu_ns();
        let applied = self.applied.get();
        let _ = self.done.send((applied - self.taken.get(), now - applied));
    }
}

fn main() {
    let mut rounds = 200usize;
    let mut readers = 1usize;
    let mut dump: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--rounds" => {
                rounds = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .expect("--rounds N")
            }
            "--readers" => {
                readers = args
                    .next()
                    .and_then(|v| v.parse().ok())
                    .filter(|&n| n > 0)
                    .expect("--readers N")
            }
            "--dump" => dump = Some(args.next().expect("--dump FILE")),
            other => panic!("unknown argument {other}"),
        }
    }
    let library = peel::builtin::library().expect("built-in content");
    let searcher = Arc::new(peel::search::Searcher::new(&library));
    // Shared by every round's reader, as a server's readers share them.
    let flows = Arc::new(SharedFlows::new(SHARED_FLOW_BYTES));
    let pool = Arc::new(FramePool::default());
    let theme = Palette {
        color: true,
        ascii: false,
    };
    // applied[key], drawn[key]: every round's CPU time, in ns.
    let mut applied = vec![Vec::new(); KEYS.len()];
    let mut drawn = vec![Vec::new(); KEYS.len()];
    let bytes = Arc::new(std::sync::atomic::AtomicUsize::new(0));
    let kept = Arc::new(std::sync::Mutex::new(Vec::new()));
    for round in 0..rounds {
        let keep = (round == 0 && dump.is_some()).then(|| Arc::clone(&kept));
        std::thread::scope(|scope| {
            let (library, searcher, flows, pool, bytes) =
                (&library, &searcher, &flows, &pool, &bytes);
            let mut links = Vec::new();
            for reader in 0..readers {
                let (events, receiver) = mpsc::channel();
                let (done, frames) = mpsc::channel();
                // Only the first reader's bytes are kept: the others draw the same frames.
                let keep = keep.clone().filter(|_| reader == 0);
                scope.spawn(move || {
                    let mut app = App::new(library, theme, 80, 24);
                    app.searcher = Some(Arc::clone(searcher));
                    app.flows = Some(Arc::clone(flows));
                    let mut terminal = Terminal::new(TermBackend::sharing_frames(
                        Count(Arc::clone(bytes), keep),
                        Size::new(80, 24),
                        Arc::clone(pool),
                    ))
                    .expect("a terminal");
                    event_loop::draw(&mut terminal, &app, true).expect("the first frame");
                    let host = Timed {
                        taken: Cell::new(0),
                        applied: Cell::new(0),
                        done,
                    };
                    event_loop::run(
                        &mut app,
                        &mut terminal,
                        &receiver,
                        &Shutdown::default(),
                        &host,
                        &None,
                        &mut None,
                    );
                });
                links.push((events, frames));
            }
            let mut decoder = Decoder::default();
            for (k, key) in KEYS.iter().enumerate() {
                let inputs = decoder.feed(key, false);
                for (events, frames) in &links {
                    for input in &inputs {
                        events
                            .send(Event::Input(input.clone()))
                            .expect("the loop listens");
                    }
                    let (a, d) = frames.recv().expect("a frame for every key");
                    applied[k].push(a);
                    drawn[k].push(d);
                }
            }
            drop(links);
        });
    }
    let median = |v: &mut Vec<u64>| {
        v.sort_unstable();
        v[v.len() / 2] as f64 / 1000.0
    };
    let (mut total_a, mut total_d) = (0.0, 0.0);
    println!(
        "key     apply µs  draw µs   (medians of {rounds} rounds of {readers} readers, thread CPU)"
    );
    for (k, key) in KEYS.iter().enumerate() {
        let (a, d) = (median(&mut applied[k]), median(&mut drawn[k]));
        total_a += a;
        total_d += d;
        println!(
            "{:<7} {a:>8.1} {d:>8.1}",
            format!("{:?}", String::from_utf8_lossy(key))
        );
    }
    if let Some(path) = dump {
        std::fs::write(&path, &*kept.lock().expect("not poisoned")).expect("the dump written");
    }
    let n = KEYS.len() as f64;
    println!(
        "mean    {:>8.1} {:>8.1}   = {:.1} µs a key; {} bytes a key",
        total_a / n,
        total_d / n,
        (total_a + total_d) / n,
        bytes.load(std::sync::atomic::Ordering::Relaxed) / (rounds * readers * KEYS.len())
    );
}
