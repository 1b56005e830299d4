//! Load on `peel serve`: N concurrent SSH sessions (russh's client), each typing a search
//! and moving around, one key at a time, waiting for the frame each key causes. Prints the
//! keystroke-to-frame latency (p50, p99, worst), the bytes per keystroke, and the server's
//! resident memory with no sessions, with N idle and after N have typed (from /proc).
//!
//!   cargo run --release --example serve_load -- --port P --key KEY --server-pid PID [--sessions 100]
//!
//! `scripts/serve-load.sh` starts a server and runs this against it.

use russh::client::{self, Config, Handle};
use russh::keys::{PrivateKeyWithHashAlg, PublicKeyOrCertificate};
use russh::{ChannelMsg, Disconnect};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// A frame ends with the end of its synchronized update.
const FRAME_END: &[u8] = b"\x1b[?2026l";
/// What each reader types: a search, the jump to a result, a walk down the tree and back.
const KEYS: &[&[u8]] = &[
    b"/", b"j", b"i", b"g", b"s", b"a", b"w", b"\r", b"j", b"j", b"j", b"k", b"k", b"\t", b"j",
    b"j", b"\t", b"g", b"/", b"t", b"h", b"r", b"i", b"v", b"e", b"\x1b", b"G", b"g",
];

/// Handshakes at once: within the server's limit of strangers from one address.
const MOST_HANDSHAKES: usize = 4;

struct Client;

impl client::Handler for Client {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        // A loopback benchmark against a server started for it.
        Ok(true)
    }
}

struct Arguments {
    port: u16,
    key: String,
    server_pid: Option<u32>,
    sessions: usize,
    /// Between one key's frame and the next key: a reader's pause (0: flat out).
    pause: Duration,
    /// Also print p50 and p99 for each of the keys, in the order typed.
    by_key: bool,
}

fn arguments() -> Arguments {
    let mut arguments = Arguments {
        port: 0,
        key: String::new(),
        server_pid: None,
        sessions: 100,
        pause: Duration::ZERO,
        by_key: false,
    };
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--by-key" {
            arguments.by_key = true;
            continue;
        }
        let value = args.next().unwrap_or_default();
        match arg.as_str() {
            "--port" => arguments.port = value.parse().expect("--port N"),
            "--key" => arguments.key = value,
            "--server-pid" => arguments.server_pid = value.parse().ok(),
            "--sessions" => arguments.sessions = value.parse().expect("--sessions N"),
            "--pause-ms" => {
                arguments.pause = Duration::from_millis(value.parse().expect("--pause-ms N"))
            }
            other => panic!("unknown argument {other}"),
        }
    }
    assert!(
        arguments.port != 0 && !arguments.key.is_empty(),
        "--port and --key are needed"
    );
    arguments
}

/// CPU time the server has used, in clock ticks (user + system).
fn cpu_ticks(pid: Option<u32>) -> Option<u64> {
    let stat = std::fs::read_to_string(format!("/proc/{}/stat", pid?)).ok()?;
    let fields: Vec<&str> = stat.rsplit(')').next()?.split_whitespace().collect();
    Some(fields.get(11)?.parse::<u64>().ok()? + fields.get(12)?.parse::<u64>().ok()?)
}

fn memory(pid: Option<u32>, field: &str) -> Option<u64> {
    let status = std::fs::read_to_string(format!("/proc/{}/status", pid?)).ok()?;
    status
        .lines()
        .find_map(|line| line.strip_prefix(field))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|kb| kb.parse().ok())
}

/// One reader's session, open and showing its first frame.
struct Session {
    handle: Handle<Client>,
    channel: russh::Channel<client::Msg>,
    pending: Vec<u8>,
}

impl Session {
    async fn open(port: u16, key: Arc<russh::keys::PrivateKey>) -> Session {
        let config = Arc::new(Config {
            nodelay: true,
            ..Default::default()
        });
        let mut handle = client::connect(config, ("127.0.0.1", port), Client)
            .await
            .expect("connect");
        let auth = handle
            .authenticate_publickey("reader", PrivateKeyWithHashAlg::new(key, None))
            .await
            .expect("authenticate");
        assert!(auth.success(), "the key was refused");
        let channel = handle.channel_open_session().await.expect("a session");
        channel
            .request_pty(false, "xterm-256color", 80, 24, 0, 0, &[])
            .await
            .expect("a pty");
        channel.request_shell(false).await.expect("a shell");
        let mut session = Session {
            handle,
            channel,
            pending: Vec::new(),
        };
        session.frame().await;
        session
    }

    /// The bytes up to the end of the next frame.
    async fn frame(&mut self) -> usize {
        loop {
            if let Some(end) = self
                .pending
                .windows(FRAME_END.len())
                .position(|window| window == FRAME_END)
            {
                let rest = self.pending.split_off(end + FRAME_END.len());
                let frame = std::mem::replace(&mut self.pending, rest);
                return frame.len();
            }
            match tokio::time::timeout(Duration::from_secs(30), self.channel.wait()).await {
                Ok(Some(ChannelMsg::Data { data })) => self.pending.extend_from_slice(&data),
                Ok(Some(_)) => {}
                Ok(None) | Err(_) => panic!("the session ended or stalled mid-frame"),
            }
        }
    }

    /// Types every key, each after the frame of the one before; latencies and bytes.
    async fn type_keys(&mut self, pause: Duration) -> (Vec<Duration>, usize) {
        let mut latencies = Vec::with_capacity(KEYS.len());
        let mut bytes = 0;
        // Readers do not all start on the same millisecond.
        tokio::time::sleep(pause.mul_f64(rand_fraction())).await;
        for key in KEYS {
            if !pause.is_zero() {
                tokio::time::sleep(pause).await;
            }
            let sent = Instant::now();
            self.channel.data(*key).await.expect("send a key");
            bytes += self.frame().await;
            latencies.push(sent.elapsed());
        }
        (latencies, bytes)
    }

    async fn close(self) {
        let _ = self
            .handle
            .disconnect(Disconnect::ByApplication, "", "en")
            .await;
    }
}

/// A fraction in [0, 1) that differs from session to session.
fn rand_fraction() -> f64 {
    use std::hash::{BuildHasher, RandomState};
    (RandomState::new().hash_one(Instant::now()) % 1000) as f64 / 1000.0
}

fn percentile(sorted: &[Duration], fraction: f64) -> Duration {
    let at = ((sorted.len() as f64 - 1.0) * fraction).round() as usize;
    sorted[at.min(sorted.len() - 1)]
}

fn main() {
    let arguments = arguments();
    let key = Arc::new(russh::keys::load_secret_key(&arguments.key, None).expect("the key"));
    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let pid = arguments.server_pid;
        let before = memory(pid, "VmRSS:");
        let opened = Instant::now();
        let mut opening = tokio::task::JoinSet::new();
        // The server closes handshakes past a few at once from one address (a stranger
        // must not hold the readers' places), and every reader here is on 127.0.0.1.
        let handshakes = Arc::new(tokio::sync::Semaphore::new(MOST_HANDSHAKES));
        for _ in 0..arguments.sessions {
            let (key, handshakes) = (Arc::clone(&key), Arc::clone(&handshakes));
            opening.spawn(async move {
                let _turn = handshakes.acquire_owned().await.expect("open");
                Session::open(arguments.port, key).await
            });
        }
        let mut sessions = Vec::new();
        while let Some(session) = opening.join_next().await {
            sessions.push(session.expect("a session opens"));
        }
        let open_time = opened.elapsed();
        tokio::time::sleep(Duration::from_millis(500)).await;
        let idle = memory(pid, "VmRSS:");
        let (ticks, typed) = (cpu_ticks(pid), Instant::now());
        let pause = arguments.pause;
        let mut typing = tokio::task::JoinSet::new();
        for mut session in sessions {
            typing.spawn(async move {
                let result = session.type_keys(pause).await;
                (session, result)
            });
        }
        let mut latencies = Vec::new();
        let mut by_key = vec![Vec::new(); KEYS.len()];
        let mut bytes = 0;
        let mut sessions = Vec::new();
        while let Some(done) = typing.join_next().await {
            let (session, (mut each, sent)) = done.expect("a session types");
            for (key, latency) in by_key.iter_mut().zip(&each) {
                key.push(*latency);
            }
            latencies.append(&mut each);
            bytes += sent;
            sessions.push(session);
        }
        let typing_time = typed.elapsed();
        let used = cpu_ticks(pid).zip(ticks).map(|(now, then)| now - then);
        let after = memory(pid, "VmRSS:");
        let peak = memory(pid, "VmHWM:");
        for session in sessions {
            session.close().await;
        }
        latencies.sort();
        let keystrokes = latencies.len();
        let n = arguments.sessions as u64;
        println!("sessions: {}, opened in {:.2} s", arguments.sessions, open_time.as_secs_f64());
        println!(
            "keystroke to frame: p50 {:.2} ms, p99 {:.2} ms, worst {:.2} ms ({keystrokes} keystrokes)",
            percentile(&latencies, 0.5).as_secs_f64() * 1e3,
            percentile(&latencies, 0.99).as_secs_f64() * 1e3,
            latencies.last().copied().unwrap_or_default().as_secs_f64() * 1e3,
        );
        println!(
            "typing: {keystrokes} keystrokes in {:.2} s ({:.0} a second), {} ms pause after each frame",
            typing_time.as_secs_f64(),
            keystrokes as f64 / typing_time.as_secs_f64(),
            pause.as_millis()
        );
        if let Some(ticks) = used {
            // Clock ticks are hundredths of a second on Linux.
            println!(
                "server CPU: {:.2} s, {:.2} ms a keystroke",
                ticks as f64 / 100.0,
                ticks as f64 * 10.0 / keystrokes.max(1) as f64
            );
        }
        println!("bytes per keystroke: {} (mean, 80x24)", bytes / keystrokes.max(1));
        if arguments.by_key {
            for (key, mut latencies) in KEYS.iter().zip(by_key) {
                latencies.sort();
                println!(
                    "  key {:<8} p50 {:>6.2} ms, p99 {:>6.2} ms",
                    format!("{:?}", String::from_utf8_lossy(key)),
                    percentile(&latencies, 0.5).as_secs_f64() * 1e3,
                    percentile(&latencies, 0.99).as_secs_f64() * 1e3,
                );
            }
        }
        if let (Some(before), Some(idle), Some(after), Some(peak)) = (before, idle, after, peak) {
            println!(
                "server RSS: {} kB with no sessions, {} kB with {n} idle ({} kB each), {} kB after typing ({} kB each), peak {} kB",
                before,
                idle,
                idle.saturating_sub(before) / n,
                after,
                after.saturating_sub(before) / n,
                peak
            );
        }
    });
}
