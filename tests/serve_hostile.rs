//! `peel serve` against a stranger who means harm, on loopback addresses only: silent
//! connections, floods of refused requests, fresh keys by the hundred, huge windows. Each
//! case ends with a real reader still let in, or with the server's cost measured. Every
//! wait is bounded.

mod common;

use common::serve::Server;
use std::io::Read;
use std::net::{IpAddr, SocketAddr, TcpStream};
use std::time::{Duration, Instant};

const TITLE: &str = "Metropolitan Police Service";

/// A TCP connection to the server from `from` (any 127.x.y.z is this machine) that never
/// sends a byte.
fn silent_connection(port: u16, from: [u8; 4]) -> TcpStream {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_io()
        .build()
        .expect("a runtime");
    runtime.block_on(async {
        let socket = tokio::net::TcpSocket::new_v4().expect("a socket");
        socket
            .bind(SocketAddr::new(IpAddr::from(from), 0))
            .expect("bind a loopback address");
        let stream = socket
            .connect(SocketAddr::from(([127, 0, 0, 1], port)))
            .await
            .expect("connect");
        let stream = stream.into_std().expect("a std stream");
        stream.set_nonblocking(false).expect("blocking");
        stream
    })
}

/// Whether the server closes `stream` before `deadline` (reading whatever it sends).
fn closed_by(mut stream: TcpStream, deadline: Instant) -> bool {
    let mut buffer = [0u8; 4096];
    loop {
        let left = deadline.saturating_duration_since(Instant::now());
        if left.is_zero() {
            return false;
        }
        let _ = stream.set_read_timeout(Some(left));
        match stream.read(&mut buffer) {
            Ok(0) => return true,
            Ok(_) => continue,
            Err(error) if error.kind() == std::io::ErrorKind::ConnectionReset => return true,
            Err(_) => return false,
        }
    }
}

#[test]
fn silent_connections_take_no_readers_place_and_are_closed_soon() {
    let Some(server) = Server::start(&["--max-sessions", "5", "--max-per-ip", "2"]) else {
        return;
    };
    // Ten connections from each of ten addresses, none of which says a word.
    let silent: Vec<TcpStream> = (2..12u8)
        .flat_map(|last| (0..10).map(move |_| last))
        .map(|last| silent_connection(server.port, [127, 0, 0, last]))
        .collect();
    let mut reader = server.client(Some(&server.reader()), &[]);
    reader.start_reading().wait_for(TITLE);
    reader.send(b"q");
    assert_eq!(reader.exit_code(Duration::from_secs(10)), Some(0));
    // Each is closed once the deadline for its SSH hello has passed (10 s), well within
    // this bound; none is held for the 30 s a reader has to start the explorer.
    let deadline = Instant::now() + Duration::from_secs(25);
    let open = silent
        .into_iter()
        .map(|stream| closed_by(stream, deadline))
        .filter(|closed| !closed)
        .count();
    assert_eq!(
        open,
        0,
        "silent connections still open; log:\n{}",
        server.log()
    );
    // A connection is closed before its line is written: the line may come a moment
    // after the client sees the end.
    let log = server.wait_for_log("ended=\"too slow to say hello\"");
    assert!(
        log.contains("ended=\"too many handshakes from the address\""),
        "{log}"
    );
}

/// russh's client, trusting any host key: the stranger's own tool.
struct Trusting;

impl russh::client::Handler for Trusting {
    type Error = russh::Error;

    async fn check_server_key(
        &mut self,
        _key: &russh::keys::PublicKeyOrCertificate,
    ) -> Result<bool, Self::Error> {
        Ok(true)
    }
}

fn runtime() -> tokio::runtime::Runtime {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
}

/// A connection authenticated with `key`, and a session channel on it.
async fn signed_in(
    port: u16,
    key: &std::path::Path,
) -> (
    russh::client::Handle<Trusting>,
    russh::Channel<russh::client::Msg>,
) {
    let config = std::sync::Arc::new(russh::client::Config::default());
    let mut handle = russh::client::connect(config, ("127.0.0.1", port), Trusting)
        .await
        .expect("connect");
    let key = russh::keys::load_secret_key(key, None).expect("the reader's key");
    let key = russh::keys::PrivateKeyWithHashAlg::new(std::sync::Arc::new(key), None);
    let signed = handle
        .authenticate_publickey("reader", key)
        .await
        .expect("authenticate");
    assert!(signed.success(), "the reader's key is refused");
    let channel = handle.channel_open_session().await.expect("a session");
    (handle, channel)
}

#[test]
fn a_flood_of_refused_requests_is_counted_briefly_and_ends_its_connection() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    let before = server.rss_kb();
    let name = "s".repeat(32 * 1024);
    let sent = runtime().block_on(async {
        let (_handle, mut channel) = signed_in(server.port, &server.reader()).await;
        let mut sent = 0;
        for n in 0..2_000 {
            if channel
                .request_subsystem(true, format!("{n}{name}"))
                .await
                .is_err()
            {
                break;
            }
            sent += 1;
        }
        // The server's answer: failures, then the end of the connection.
        let deadline = Instant::now() + Duration::from_secs(15);
        while Instant::now() < deadline {
            if let Ok(None) = tokio::time::timeout(Duration::from_secs(1), channel.wait()).await {
                break;
            }
        }
        sent
    });
    let log = server.wait_for_log("ended=\"too many refused requests\"");
    let line = log
        .lines()
        .find(|line| line.contains("too many refused"))
        .unwrap();
    assert!(line.len() < 1000, "{} bytes: {line}", line.len());
    assert!(line.contains("refused=\"subsystem x"), "{line}");
    let grown = server.rss_kb().saturating_sub(before);
    eprintln!("{sent} requests sent; the server grew by {grown} kB; {line}");
    assert!(grown < 32 * 1024, "the server grew by {grown} kB");
    // And a reader still comes in.
    let mut reader = server.client(Some(&server.reader()), &[]);
    reader.start_reading().wait_for(TITLE);
}

/// Waits (bounded) until `channel` has sent `bytes` bytes of output.
async fn read_at_least(channel: &mut russh::Channel<russh::client::Msg>, bytes: usize) -> usize {
    let deadline = Instant::now() + Duration::from_secs(15);
    let mut read = 0;
    while read < bytes && Instant::now() < deadline {
        match tokio::time::timeout(Duration::from_millis(200), channel.wait()).await {
            Ok(Some(russh::ChannelMsg::Data { data })) => read += data.len(),
            Ok(None) => break,
            Ok(Some(_)) | Err(_) => {}
        }
    }
    read
}

#[test]
fn a_session_at_the_largest_window_a_client_can_claim_costs_at_most_8_mb() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    const SESSIONS: u64 = 4;
    let before = server.rss_kb();
    let grown = runtime().block_on(async {
        let mut open = Vec::new();
        for _ in 0..SESSIONS {
            let (handle, mut channel) = signed_in(server.port, &server.reader()).await;
            channel
                .request_pty(false, "xterm-256color", 65535, 65535, 0, 0, &[])
                .await
                .expect("a terminal");
            channel.request_shell(false).await.expect("the explorer");
            assert!(
                read_at_least(&mut channel, 1024).await >= 1024,
                "no first frame"
            );
            // A few keys, each a frame at that size.
            channel.data(&b"jjjjG"[..]).await.expect("keys");
            read_at_least(&mut channel, 1024).await;
            open.push((handle, channel));
        }
        let grown = server.rss_kb().saturating_sub(before);
        drop(open);
        grown
    });
    let each = grown / SESSIONS;
    eprintln!("{SESSIONS} sessions at the largest window: {grown} kB, {each} kB each");
    assert!(each <= 8 * 1024, "{each} kB a session");
}

#[test]
fn a_reader_who_vanishes_is_logged_with_the_frames_sent() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    let mut client = server.client(Some(&server.reader()), &[]);
    client.start_reading().wait_for(TITLE);
    let before = client.bytes();
    client.send(b"j");
    let deadline = Instant::now() + Duration::from_secs(10);
    while client.bytes() == before && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    client.kill_hard();
    let log = server.wait_for_log("ended=\"client gone\"");
    let line = log.lines().find(|l| l.contains("client gone")).unwrap();
    assert!(!line.contains("frames=0"), "{line}");
    assert!(!line.contains("out=0B"), "{line}");
}

/// Every reason a session line can give for its end, as the code writes it.
fn ended_reasons() -> Vec<String> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("src/serve");
    let mut reasons = Vec::new();
    for entry in std::fs::read_dir(dir).unwrap() {
        let text = std::fs::read_to_string(entry.unwrap().path()).unwrap();
        // The code, not its unit tests.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for marker in [
            ".ended(\"",
            ".line(\"",
            "Dropped(\"",
            "Full::Sessions(_) => \"",
            "Full::Address(_) => \"",
        ] {
            for (at, _) in text.match_indices(marker) {
                let rest = &text[at + marker.len()..];
                let reason = &rest[..rest.find('"').unwrap()];
                if !reason.is_empty() {
                    reasons.push(reason.to_owned());
                }
            }
        }
    }
    // Fallbacks, and the explorer's own endings (`Exit::reason`).
    reasons.extend(
        [
            "not authenticated",
            "client gone",
            "quit",
            "ctrl-c",
            "idle",
            "server stopping",
        ]
        .map(str::to_owned),
    );
    reasons.sort();
    reasons.dedup();
    reasons
}

#[test]
fn the_readme_lists_every_reason_a_session_can_end() {
    let readme =
        std::fs::read_to_string(std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("README.md"))
            .unwrap();
    let reasons = ended_reasons();
    assert!(reasons.len() > 10, "{reasons:?}");
    let missing: Vec<&String> = reasons
        .iter()
        .filter(|reason| !readme.contains(&format!("`{reason}`")))
        .collect();
    assert!(missing.is_empty(), "the README does not list {missing:?}");
}

#[test]
fn fresh_keys_that_only_look_leave_nothing_on_disk() {
    let Some(server) = Server::start(&["--public"]) else {
        return;
    };
    let keys: Vec<std::path::PathBuf> = (0..20)
        .map(|n| common::serve::key(server.dir.path(), &format!("fresh{n}")))
        .collect();
    runtime().block_on(async {
        for key in &keys {
            let (_handle, mut channel) = signed_in(server.port, key).await;
            channel
                .request_pty(false, "xterm-256color", 80, 24, 0, 0, &[])
                .await
                .expect("a terminal");
            channel.request_shell(false).await.expect("the explorer");
            read_at_least(&mut channel, 1024).await;
            channel.data(&b"q"[..]).await.expect("q");
            // Until the server closes the channel: the session has ended and saved.
            let deadline = Instant::now() + Duration::from_secs(10);
            while Instant::now() < deadline {
                if let Ok(None) =
                    tokio::time::timeout(Duration::from_millis(200), channel.wait()).await
                {
                    break;
                }
            }
        }
    });
    server.wait_for_log_count("ended=quit", keys.len());
    let readers = server.dir.path().join("state/peel/serve/readers");
    let files: Vec<String> = std::fs::read_dir(&readers)
        .map(|entries| {
            entries
                .flatten()
                .map(|e| e.file_name().to_string_lossy().into_owned())
                .collect()
        })
        .unwrap_or_default();
    assert!(
        files.iter().all(|name| name == ".lock"),
        "{} files: {files:?}",
        files.len()
    );
}
