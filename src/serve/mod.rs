//! `peel serve`: the explorer hosted over SSH for many readers, with no shell behind it.
//! Each connection gets its own explorer, drawn on its SSH channel; the content and the
//! search index are loaded once and read by every session. The SSH protocol and its
//! cryptography are russh's; this module decides who comes in, what they may do, how many
//! at once, and keeps one log line per session.

mod connection;
mod explorers;
mod keys;
mod limits;
mod log;
mod readers;
mod session;

pub use limits::Limits;

use connection::Connection;
use explorers::{Access, Shared};
use limits::{Arrival, Gate};
use log::Record;
use russh::server::Config;
use russh::{Disconnect, SshId};
use std::borrow::Cow;
use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;
use tokio::net::{TcpListener, TcpStream};
use tokio::sync::watch;

/// A connection that has not said its SSH hello within this time is closed, and one that
/// has not authenticated within the second: a stranger must not keep a place for long.
const HELLO_DEADLINE: Duration = Duration::from_secs(10);
const AUTHENTICATION_DEADLINE: Duration = Duration::from_secs(20);
/// A connection that has not started the explorer within this time (or the idle timeout,
/// if shorter) is closed: a connection that asks for nothing (`ssh -N`) must not keep a
/// reader's place for ever.
const START_DEADLINE: Duration = Duration::from_secs(30);
/// How long a connection may stay open once its explorer has ended and its channel closed.
const LINGER: Duration = Duration::from_secs(2);
/// How long a stopping server waits for its sessions to say goodbye.
const STOPPING_GRACE: Duration = Duration::from_secs(5);

pub struct Options {
    pub listen: String,
    pub host_key: Option<PathBuf>,
    pub authorized_keys: Option<PathBuf>,
    pub public: bool,
    pub limits: Limits,
    pub idle_timeout: Option<Duration>,
    /// Keep each key's place and bookmarks (in the state folder).
    pub keep_state: bool,
    pub no_color: bool,
    pub ascii: bool,
    pub mouse: bool,
    /// The content source's name in a state file.
    pub source: String,
}

/// Serves the explorer on `library` until SIGTERM or SIGINT; the log goes to `err`, and
/// why it could not serve (or stopped) comes back for the command line to say.
pub fn run(
    options: Options,
    library: crate::model::Library,
    searcher: crate::search::Searcher,
    err: &mut dyn Write,
) -> Result<(), String> {
    let access = match (&options.authorized_keys, options.public) {
        (Some(_), true) => {
            return Err("give --authorized-keys or --public, not both".into());
        }
        (Some(path), false) => Access::Keys(keys::authorized(path).map_err(|e| e.to_string())?),
        (None, true) => Access::Public,
        (None, false) => {
            return Err(
                "who may come in? --authorized-keys FILE admits the keys in FILE (OpenSSH's format); --public admits anyone"
                    .into(),
            );
        }
    };
    let state = dirs::state_dir().map(|dir| dir.join("peel/serve"));
    let host_key_path = match (&options.host_key, &state) {
        (Some(path), _) => path.clone(),
        (None, Some(dir)) => dir.join("host_ed25519_key"),
        (None, None) => return Err("no state folder for the host key: give --host-key PATH".into()),
    };
    let host_key = keys::host_key(&host_key_path).map_err(|e| e.to_string())?;
    let readers = state
        .filter(|_| options.keep_state)
        .map(|dir| dir.join("readers"));
    let shared = Arc::new(Shared::new(
        Arc::new(library),
        Arc::new(searcher),
        access,
        (options.no_color, options.ascii),
        options.mouse,
        options.idle_timeout,
        readers,
        options.source.clone(),
    ));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .thread_name("serve")
        .enable_all()
        .build()
        .map_err(|e| format!("cannot start: {e}"))?;
    runtime.block_on(async {
        let listener = TcpListener::bind(&options.listen)
            .await
            .map_err(|e| format!("cannot listen on {}: {e}", options.listen))?;
        let address = listener
            .local_addr()
            .map_err(|e| format!("cannot listen: {e}"))?;
        let _ = writeln!(
            err,
            "peel serve: listening on {address}; host key {} ({}{}); {}; at most {} sessions, {} from one address; {}",
            host_key.fingerprint(),
            host_key.path.display(),
            if host_key.created { ", made now" } else { "" },
            match &shared_access(&shared) {
                Some(count) => format!("{count} authorized keys"),
                None => "public: anyone may read".to_owned(),
            },
            options.limits.sessions,
            options.limits.per_address,
            match options.idle_timeout {
                Some(idle) => format!("idle sessions end after {}", humantime::format_duration(idle)),
                None => "no idle timeout".to_owned(),
            },
        );
        let _ = err.flush();
        install_panic_logger();
        let config = Arc::new(config(host_key.key));
        accept(listener, config, shared, Gate::new(options.limits)).await
    })
}

fn shared_access(shared: &Shared) -> Option<usize> {
    match &shared.access {
        Access::Keys(keys) => Some(keys.len()),
        Access::Public => None,
    }
}

fn config(host_key: russh::keys::PrivateKey) -> Config {
    Config {
        server_id: SshId::Standard(Cow::Borrowed(concat!(
            "SSH-2.0-peel_",
            env!("CARGO_PKG_VERSION")
        ))),
        keys: vec![host_key],
        // A wrong key is answered after a pause, and a few wrong tries end the connection.
        auth_rejection_time: Duration::from_millis(300),
        auth_rejection_time_initial: Some(Duration::ZERO),
        max_auth_attempts: 6,
        // The idle timeout is the session's; a client that vanished without a word is
        // found by keepalives.
        inactivity_timeout: None,
        keepalive_interval: Some(Duration::from_secs(30)),
        keepalive_max: 3,
        nodelay: true,
        ..Default::default()
    }
}

/// Accepts connections until SIGTERM or SIGINT, then tells every session to end and
/// waits (a few seconds at most) for them to go.
async fn accept(
    listener: TcpListener,
    config: Arc<Config>,
    shared: Arc<Shared>,
    gate: Gate,
) -> Result<(), String> {
    use tokio::signal::unix::{SignalKind, signal};
    let mut terminate = signal(SignalKind::terminate()).map_err(|e| e.to_string())?;
    let mut interrupt = signal(SignalKind::interrupt()).map_err(|e| e.to_string())?;
    let (stopping, stop) = watch::channel(false);
    let numbers = AtomicU64::new(1);
    loop {
        tokio::select! {
            _ = terminate.recv() => break,
            _ = interrupt.recv() => break,
            accepted = listener.accept() => {
                let Ok((stream, peer)) = accepted else {
                    // Out of file descriptors and the like: pause rather than spin.
                    tokio::time::sleep(Duration::from_millis(100)).await;
                    continue;
                };
                let number = numbers.fetch_add(1, Ordering::Relaxed);
                let (config, shared, stop) = (Arc::clone(&config), Arc::clone(&shared), stop.clone());
                match gate.arrive(peer.ip()) {
                    Arrival::In(stranger) => {
                        tokio::spawn(connection(config, stream, peer, number, shared, stranger, stop));
                    }
                    Arrival::Dropped(why) => {
                        let record = Record::new(number, peer);
                        record.ended(why);
                        eprintln!("{}", record.line(""));
                    }
                }
            }
        }
    }
    eprintln!(
        "peel serve: stopping; {} sessions to close",
        gate.connections()
    );
    let _ = stopping.send(true);
    shared.stop_all();
    let deadline = tokio::time::Instant::now() + STOPPING_GRACE;
    while gate.connections() > 0 && tokio::time::Instant::now() < deadline {
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    eprintln!("peel serve: stopped");
    Ok(())
}

/// One connection from its handshake to its end, then its log line. `stranger` is its
/// place until it authenticates; the handler holds it, and the reader's place after it.
async fn connection(
    config: Arc<Config>,
    stream: TcpStream,
    peer: SocketAddr,
    number: u64,
    shared: Arc<Shared>,
    stranger: limits::Stranger,
    mut stop: watch::Receiver<bool>,
) {
    let _ = stream.set_nodelay(true);
    let record = Arc::new(Record::new(number, peer));
    let start_within = shared
        .idle
        .map_or(START_DEADLINE, |idle| idle.min(START_DEADLINE));
    let handler = Connection::new(shared, Arc::clone(&record), stranger);
    let running = tokio::time::timeout(
        HELLO_DEADLINE,
        russh::server::run_stream(config, stream, handler),
    )
    .await;
    let running = match running {
        Ok(Ok(running)) => running,
        Ok(Err(_)) => {
            eprintln!("{}", record.line("handshake failed"));
            return;
        }
        Err(_) => {
            eprintln!("{}", record.line("too slow to say hello"));
            return;
        }
    };
    let handle = running.handle();
    let disconnect = |why: &'static str| {
        let handle = handle.clone();
        async move {
            let _ = handle
                .disconnect(Disconnect::ByApplication, why.into(), "en".into())
                .await;
        }
    };
    let authenticate = tokio::time::sleep(AUTHENTICATION_DEADLINE.min(start_within));
    let deadline = tokio::time::sleep(start_within);
    let linger = tokio::time::sleep(Duration::MAX);
    tokio::pin!(running, authenticate, deadline, linger);
    let (mut authentication_passed, mut deadline_passed) = (false, false);
    let (mut done, mut stopped) = (false, false);
    loop {
        tokio::select! {
            _ = &mut running => break,
            _ = &mut authenticate, if !authentication_passed => {
                authentication_passed = true;
                if record.reader() == log::Reader::Unknown {
                    record.ended("not authenticated in time");
                    disconnect("authentication took too long").await;
                }
            }
            _ = &mut deadline, if !deadline_passed => {
                deadline_passed = true;
                if !record.started() {
                    record.ended("no explorer asked for");
                    disconnect("nothing but the explorer runs here: connect with ssh -t").await;
                }
            }
            _ = record.finished(), if !done => {
                // The explorer has ended and its channel closed: the client goes now, or
                // is sent away, rather than hold its place open.
                done = true;
                linger.as_mut().reset(tokio::time::Instant::now() + LINGER);
            }
            _ = &mut linger, if done => {
                disconnect("the session has ended").await;
                linger.as_mut().reset(tokio::time::Instant::now() + Duration::from_secs(3600));
            }
            changed = stop.changed(), if !stopped => {
                if changed.is_err() || *stop.borrow() {
                    stopped = true;
                    // An explorer says goodbye itself (`Shared::stop_all`); a connection
                    // with none is told at once.
                    if !record.started() {
                        record.ended("server stopping");
                        disconnect("the server is stopping").await;
                    }
                }
            }
        }
    }
    let fallback = if record.reader() == log::Reader::Unknown {
        "not authenticated"
    } else {
        "client gone"
    };
    eprintln!("{}", record.line(fallback));
}

/// A panic in a session is one line of the log (the session's own line follows, ended by
/// "panic"); anything else panicking is reported as Rust does.
fn install_panic_logger() {
    let previous = std::panic::take_hook();
    std::panic::set_hook(Box::new(move |info| {
        let thread = std::thread::current();
        match thread.name().and_then(|name| name.strip_prefix("session-")) {
            Some(number) => {
                let message = info
                    .payload()
                    .downcast_ref::<&str>()
                    .map(|s| (*s).to_owned())
                    .or_else(|| info.payload().downcast_ref::<String>().cloned())
                    .unwrap_or_default();
                let place = info
                    .location()
                    .map(|l| format!("{}:{}", l.file(), l.line()))
                    .unwrap_or_default();
                eprintln!(
                    "{} session={number} panic={:?} at={place}",
                    humantime::format_rfc3339_seconds(std::time::SystemTime::now()),
                    crate::content::neutralise(&message)
                );
            }
            None => previous(info),
        }
    }));
}
