//! `peel serve` against the real OpenSSH client, on 127.0.0.1 only: the explorer shown,
//! driven, resized and quit; everything else refused; who may come in; limits, the idle
//! timeout, killed clients, a panicking session and SIGTERM. Every wait is bounded.

mod common;

use common::serve::{Server, fingerprint};
use common::tmux::Tmux;
use std::time::{Duration, Instant};

const TITLE: &str = "Metropolitan Police Service";

#[test]
fn the_explorer_over_ssh_navigates_searches_resizes_and_quits() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    let ssh = format!(
        "ssh -tt {} -o SendEnv=LANG 127.0.0.1; echo SSH-EXITED-$?; sleep 60",
        server.ssh_args(Some(&server.reader())).join(" ")
    );
    let Some(tmux) = Tmux::start("serve", 100, 30, &ssh) else {
        return;
    };
    tmux.wait_for_all(&[TITLE, "╭", "q quit"]);
    tmux.keys(&["j", "j"]);
    tmux.wait_for("Investigating crime");
    tmux.keys(&["/"]);
    tmux.run(&["send-keys", "-t", "main", "-l", "jigsaw"]);
    tmux.keys(&["Enter"]);
    tmux.wait_for("Result 1 of");
    tmux.run(&["resize-window", "-t", "main", "-x", "70", "-y", "20"]);
    // At 70 columns one pane shows at a time, drawn to the new width.
    let deadline = Instant::now() + Duration::from_secs(10);
    loop {
        let screen = tmux.screen();
        let top = screen.lines().next().unwrap_or_default();
        if top.chars().count() == 70 && top.ends_with('╮') && screen.lines().count() <= 20 {
            break;
        }
        assert!(Instant::now() < deadline, "not redrawn at 70x20:\n{screen}");
        std::thread::sleep(Duration::from_millis(40));
    }
    tmux.quit_until("SSH-EXITED-0");
    let log = server.wait_for_log("ended=quit");
    let line = log.lines().find(|l| l.contains("ended=quit")).unwrap();
    assert!(
        line.contains(&format!("key={}", fingerprint(&server.reader()))),
        "{line}"
    );
    assert!(line.contains("peer=127.0.0.1:"), "{line}");
}

#[test]
fn only_the_explorer_runs_and_everything_else_is_refused() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    let key = server.reader();
    let (status, _, stderr) = server.ssh_once(Some(&key), &["127.0.0.1", "bash"]);
    assert_ne!(status, Some(0), "a command is refused: {stderr}");
    assert!(stderr.contains("exec request failed"), "{stderr}");

    let sftp = std::process::Command::new("sftp")
        .args(["-F", "/dev/null", "-P", &server.port.to_string()])
        .args(["-o", "BatchMode=yes", "-o", "StrictHostKeyChecking=no"])
        .args([
            "-o",
            "UserKnownHostsFile=/dev/null",
            "-o",
            "IdentitiesOnly=yes",
        ])
        .arg("-i")
        .arg(&key)
        .arg("127.0.0.1")
        .stdin(std::process::Stdio::null())
        .output()
        .expect("run sftp");
    assert!(!sftp.status.success(), "sftp is refused");

    let (status, _, stderr) = server.ssh_once(
        Some(&key),
        &[
            "-N",
            "-o",
            "ExitOnForwardFailure=yes",
            "-R",
            "0:127.0.0.1:9",
            "127.0.0.1",
        ],
    );
    assert_ne!(status, Some(0), "remote forwarding is refused");
    assert!(stderr.contains("forwarding failed"), "{stderr}");

    // Local forwarding: ssh listens here, but the server opens no channel to anywhere.
    let local = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let local_port = local.local_addr().unwrap().port();
    drop(local);
    let mut args = server.ssh_args(Some(&key));
    args.extend([
        "-N".to_owned(),
        "-L".to_owned(),
        format!("127.0.0.1:{local_port}:127.0.0.1:{}", server.port),
        "127.0.0.1".to_owned(),
    ]);
    let mut forwarding = std::process::Command::new("ssh")
        .args(&args)
        .env("HOME", server.dir.path())
        .env_remove("SSH_AUTH_SOCK")
        .stdin(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .unwrap();
    let deadline = Instant::now() + Duration::from_secs(10);
    let mut stream = loop {
        match std::net::TcpStream::connect(("127.0.0.1", local_port)) {
            Ok(stream) => break stream,
            Err(_) if Instant::now() < deadline => std::thread::sleep(Duration::from_millis(50)),
            Err(e) => panic!("ssh -L never listened: {e}"),
        }
    };
    stream
        .set_read_timeout(Some(Duration::from_secs(10)))
        .unwrap();
    let mut buffer = [0u8; 64];
    let read = std::io::Read::read(&mut stream, &mut buffer).unwrap_or(0);
    assert_eq!(read, 0, "nothing comes through a refused forward");
    let _ = forwarding.kill();
    let _ = forwarding.wait();
    // Logged once the connection has ended.
    server.wait_for_log("refused=\"local port forwarding\"");

    // In a session: agent and X11 forwarding and a stray variable are refused, the
    // explorer still comes. ssh asks to forward an agent only when it has one, and X11
    // only with a display.
    let agent_socket = server.dir.path().join("agent.sock");
    let mut agent = std::process::Command::new("ssh-agent")
        .arg("-D")
        .arg("-a")
        .arg(&agent_socket)
        .stdout(std::process::Stdio::null())
        .stderr(std::process::Stdio::null())
        .spawn()
        .expect("ssh-agent");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !agent_socket.exists() {
        assert!(Instant::now() < deadline, "ssh-agent never listened");
        std::thread::sleep(Duration::from_millis(20));
    }
    let socket = agent_socket.display().to_string();
    let mut client = server.client_with(
        Some(&key),
        &[
            "-A",
            "-X",
            "-o",
            "SetEnv=PEEL_TRY=1",
            "-o",
            "SetEnv=LANG=C.UTF-8",
        ],
        &[("DISPLAY", ":99"), ("SSH_AUTH_SOCK", &socket)],
    );
    client.start_reading().wait_for(TITLE);
    let _ = agent.kill();
    let _ = agent.wait();
    client.send(b"q");
    assert_eq!(client.exit_code(Duration::from_secs(10)), Some(0));
    let log = server.wait_for_log("ended=quit");
    let line = log.lines().find(|l| l.contains("ended=quit")).unwrap();
    for refused in ["agent forwarding", "x11", "environment"] {
        assert!(line.contains(refused), "{refused} not refused: {line}");
    }
    let log = server.log();
    assert!(log.contains("refused=exec"), "{log}");
    assert!(log.contains("subsystem sftp"), "{log}");
    assert!(log.contains("remote port forwarding"), "{log}");
}

#[test]
fn a_key_not_authorized_is_refused_and_public_admits_anyone() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    let (status, _, stderr) = server.ssh_once(Some(&server.stranger()), &["-tt", "127.0.0.1"]);
    assert_eq!(status, Some(255), "{stderr}");
    assert!(stderr.contains("Permission denied (publickey)"), "{stderr}");
    let (status, _, stderr) = server.ssh_once(None, &["-tt", "127.0.0.1"]);
    assert_eq!(status, Some(255), "no key, no entry: {stderr}");
    // Tries are bounded: a client with many wrong keys is sent away.
    let mut many = Vec::new();
    for n in 0..8 {
        many.push("-i".to_owned());
        many.push(
            common::serve::key(server.dir.path(), &format!("wrong{n}"))
                .display()
                .to_string(),
        );
    }
    let mut args: Vec<&str> = many.iter().map(String::as_str).collect();
    args.extend(["-tt", "127.0.0.1"]);
    let (status, _, stderr) = server.ssh_once(Some(&server.stranger()), &args);
    assert_eq!(status, Some(255), "{stderr}");
    assert!(
        stderr.contains("Too many authentication attempts"),
        "{stderr}"
    );
    server.wait_for_log_count("ended=\"not authenticated\"", 3);
    drop(server);

    let Some(public) = Server::start(&["--public"]) else {
        return;
    };
    for key in [Some(public.stranger()), None] {
        let mut client = public.client(key.as_deref(), &[]);
        client.start_reading().wait_for(TITLE);
        client.send(b"q");
        assert_eq!(client.exit_code(Duration::from_secs(10)), Some(0));
    }
    let log = public.wait_for_log_count("ended=quit", 2);
    assert!(
        log.contains(&format!("key={}", fingerprint(&public.stranger()))),
        "a key offered is known by its fingerprint: {log}"
    );
    assert!(log.contains("key=public"), "{log}");
}

#[test]
fn the_clients_terminal_and_locale_choose_colour_and_glyphs() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    let key = server.reader();
    let session = |extra: &[&str], env: &[(&str, &str)]| {
        let mut client = server.client_with(Some(&key), extra, env);
        let first = client.start_reading().wait_for("\x1b[?2026l");
        client.send(b"q");
        assert_eq!(client.exit_code(Duration::from_secs(10)), Some(0));
        first
    };
    let utf8 = session(
        &["-o", "SetEnv=LANG=C.UTF-8"],
        &[("TERM", "xterm-256color")],
    );
    assert!(
        utf8.contains('╭') && utf8.contains("\x1b[38;5;"),
        "box drawing and colour"
    );
    let plain = session(&[], &[("TERM", "xterm-256color")]);
    assert!(
        !plain.contains('╭') && plain.contains("+-"),
        "no locale: ASCII"
    );
    let lc_all = session(&["-o", "SetEnv=LC_ALL=en_GB.UTF-8"], &[("TERM", "xterm")]);
    assert!(lc_all.contains('╭'), "LC_ALL counts");
    // A dumb terminal gets no explorer at all: tests/dumb_terminal.rs.
}

#[test]
fn killed_clients_free_their_sessions_threads_and_files() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    // One whole session first, so that everything made once (threads of the runtime, the
    // index's pool) exists before the baseline is taken.
    let mut first = server.client(Some(&server.reader()), &[]);
    first.start_reading().wait_for(TITLE);
    first.send(b"q");
    assert_eq!(first.exit_code(Duration::from_secs(10)), Some(0));
    server.wait_for_log_count(" ended=", 1);
    let baseline = (server.threads(), server.open_files());

    let mut clients: Vec<_> = (0..3)
        .map(|_| server.client(Some(&server.reader()), &[]))
        .collect();
    for client in &mut clients {
        client.start_reading().wait_for(TITLE);
    }
    assert!(server.threads() >= baseline.0 + 3, "a thread per explorer");
    for client in &mut clients {
        client.kill_hard();
    }
    server.wait_for_log_count(" ended=", 4);
    let deadline = Instant::now() + Duration::from_secs(10);
    while (server.threads(), server.open_files()) != baseline {
        assert!(
            Instant::now() < deadline,
            "threads and files {:?}, before {baseline:?}",
            (server.threads(), server.open_files())
        );
        std::thread::sleep(Duration::from_millis(50));
    }
    let ended = server.sessions_ended();
    assert_eq!(ended.len(), 4, "{ended:?}");
    assert!(
        ended[1..].iter().all(|line| line.contains("client gone")),
        "{ended:?}"
    );
}

#[test]
fn past_its_limits_a_server_says_so_and_lets_nobody_else_in() {
    let Some(server) = Server::start(&["--max-sessions", "1"]) else {
        return;
    };
    let mut holding = server.client(Some(&server.reader()), &[]);
    holding.start_reading().wait_for(TITLE);
    let mut refused = server.client(Some(&server.reader()), &[]);
    refused.start_reading().wait_for("the most it takes");
    assert_eq!(refused.exit_code(Duration::from_secs(10)), Some(1));
    server.wait_for_log("ended=\"server full\"");
    holding.send(b"q");
    assert_eq!(holding.exit_code(Duration::from_secs(10)), Some(0));
    server.wait_for_log("ended=quit");
    // Its place is free again.
    let mut next = server.client(Some(&server.reader()), &[]);
    next.start_reading().wait_for(TITLE);
    drop(server);

    let Some(server) = Server::start(&["--max-sessions", "10", "--max-per-ip", "1"]) else {
        return;
    };
    let mut holding = server.client(Some(&server.reader()), &[]);
    holding.start_reading().wait_for(TITLE);
    let mut refused = server.client(Some(&server.reader()), &[]);
    refused.start_reading().wait_for("from your address");
    assert_eq!(refused.exit_code(Duration::from_secs(10)), Some(1));
    server.wait_for_log("ended=\"address full\"");
}

#[test]
fn an_idle_session_says_goodbye_and_ends() {
    let Some(server) = Server::start(&["--idle-timeout", "1s"]) else {
        return;
    };
    let started = Instant::now();
    let mut client = server.client(Some(&server.reader()), &[]);
    client.start_reading().wait_for(TITLE);
    client.wait_for("no key for 1s, so the session has ended");
    assert_eq!(client.exit_code(Duration::from_secs(10)), Some(0));
    assert!(started.elapsed() >= Duration::from_secs(1));
    server.wait_for_log("ended=idle");
    // A connection that asks for no explorer at all (`ssh -N`) does not keep its place.
    let started = Instant::now();
    let (status, _, _) = server.ssh_once(Some(&server.reader()), &["-N", "127.0.0.1"]);
    assert_ne!(status, Some(0));
    assert!(started.elapsed() < Duration::from_secs(10));
    server.wait_for_log("ended=\"no explorer asked for\"");
}

#[test]
fn sigterm_says_goodbye_to_every_session_and_exits_0() {
    let Some(mut server) = Server::start(&[]) else {
        return;
    };
    let mut clients: Vec<_> = (0..2)
        .map(|_| server.client(Some(&server.reader()), &[]))
        .collect();
    for client in &mut clients {
        client.start_reading().wait_for(TITLE);
    }
    server.signal("TERM");
    for client in &mut clients {
        client.wait_for("the server is stopping. Goodbye.");
        assert_eq!(client.exit_code(Duration::from_secs(10)), Some(0));
    }
    assert_eq!(server.exit_code(Duration::from_secs(10)), Some(0));
    let log = server.log();
    assert_eq!(log.matches("ended=\"server stopping\"").count(), 2, "{log}");
    assert!(log.contains("peel serve: stopped"), "{log}");
}

#[test]
fn a_panic_ends_its_own_session_and_the_others_go_on() {
    let Some(server) = Server::start_with(&[], &[("PEEL_TEST_PANIC", "1")]) else {
        return;
    };
    let mut steady = server.client(Some(&server.reader()), &[]);
    steady.start_reading().wait_for(TITLE);
    let mut doomed = server.client(Some(&server.reader()), &[]);
    doomed.start_reading().wait_for(TITLE);
    doomed.send(b"!");
    assert_eq!(doomed.exit_code(Duration::from_secs(10)), Some(1));
    let log = server.wait_for_log("ended=panic");
    assert!(
        log.contains("panic=\"a deliberate panic (test hook)"),
        "{log}"
    );
    // The other reader's explorer still answers.
    let before = steady.bytes();
    steady.send(b"/thrive");
    let deadline = Instant::now() + Duration::from_secs(10);
    while !steady.output()[..].contains("THRIVE") || steady.bytes() == before {
        assert!(
            Instant::now() < deadline,
            "the other session stopped answering"
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    // Esc alone (followed at once by `q` it would read as Alt-q), then quit.
    steady.send(b"\x1b");
    std::thread::sleep(Duration::from_millis(300));
    steady.send(b"q");
    assert_eq!(steady.exit_code(Duration::from_secs(10)), Some(0));
}

#[test]
fn the_host_key_is_made_once_private_and_kept_across_restarts() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    let first = server.log();
    assert!(first.contains("made now"), "{first}");
    let path = server.dir.path().join("state/peel/serve/host_ed25519_key");
    use std::os::unix::fs::PermissionsExt;
    let mode = std::fs::metadata(&path).unwrap().permissions().mode() & 0o777;
    assert_eq!(mode, 0o600);
    let printed = |log: &str| {
        log.split("host key ")
            .nth(1)
            .and_then(|rest| rest.split_whitespace().next())
            .map(str::to_owned)
            .expect("a fingerprint")
    };
    let fingerprint = printed(&first);
    assert!(fingerprint.starts_with("SHA256:"), "{fingerprint}");
    let dir = std::sync::Arc::clone(&server.dir);
    drop(server);
    let again = Server::start_in(dir, &[], &[]).unwrap();
    let log = again.log();
    assert_eq!(printed(&log), fingerprint);
    assert!(!log.contains("made now"), "{log}");
}

#[test]
fn a_reader_who_does_not_read_holds_frames_back_instead_of_piling_them_up() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    let mut client = server.client(Some(&server.reader()), &[]);
    // The client's output is not read: its pipe fills, ssh stops reading the connection
    // and the channel's window closes, while Ctrl-l (a whole repaint each) keeps coming,
    // one at a time, each asking for a frame.
    const KEYS: usize = 3000;
    for _ in 0..KEYS {
        client.send(b"\x0c");
        std::thread::sleep(Duration::from_millis(1));
    }
    let rss = server.rss_kb();
    client.start_reading();
    client.wait_for(TITLE);
    client.send(b"q");
    assert_eq!(client.exit_code(Duration::from_secs(20)), Some(0));
    let log = server.wait_for_log("ended=quit");
    let line = log.lines().find(|l| l.contains("ended=quit")).unwrap();
    let frames: usize = line
        .split(" frames=")
        .nth(1)
        .and_then(|rest| rest.split(' ').next())
        .and_then(|n| n.parse().ok())
        .expect("frames in the log line");
    println!("slow reader: {KEYS} repaints asked for, {frames} frames drawn, server RSS {rss} kB");
    // About 2 MB (the client's window) of 3.7 kB frames go before the window closes;
    // after that, requests fold into one frame owed.
    assert!(
        frames < KEYS / 2,
        "{frames} frames for {KEYS} repaints: frames were drawn for a reader who could not take them"
    );
}

#[test]
fn a_reader_keeps_their_bookmarks_by_key_and_an_anonymous_one_keeps_nothing() {
    let Some(server) = Server::start(&["--public"]) else {
        return;
    };
    let mut client = server.client(Some(&server.reader()), &[]);
    client.start_reading().wait_for(TITLE);
    client.send(b"jm");
    client.wait_for("Bookmarked");
    client.send(b"q");
    assert_eq!(client.exit_code(Duration::from_secs(10)), Some(0));
    server.wait_for_log_count("ended=quit", 1);
    let readers = server.dir.path().join("state/peel/serve/readers");
    let files = || -> Vec<String> {
        std::fs::read_dir(&readers)
            .map(|entries| {
                entries
                    .flatten()
                    .map(|e| e.file_name().to_string_lossy().into_owned())
                    .filter(|name| name.ends_with(".json"))
                    .collect()
            })
            .unwrap_or_default()
    };
    assert_eq!(files().len(), 1, "one state file, for the key");

    let mut again = server.client(Some(&server.reader()), &[]);
    again.start_reading().wait_for(TITLE);
    again.send(b"'");
    again.wait_for("Bookmarks (1)");
    again.send(b"\x1b");
    std::thread::sleep(Duration::from_millis(300));
    again.send(b"q");
    assert_eq!(again.exit_code(Duration::from_secs(10)), Some(0));

    // Another key, and no key, see none of it.
    for key in [Some(server.stranger()), None] {
        let mut other = server.client(key.as_deref(), &[]);
        other.start_reading().wait_for(TITLE);
        other.send(b"'");
        other.wait_for("No bookmarks");
        other.send(b"\x1b");
        std::thread::sleep(Duration::from_millis(300));
        other.send(b"q");
        assert_eq!(other.exit_code(Duration::from_secs(10)), Some(0));
    }
    server.wait_for_log_count("ended=quit", 4);
    assert_eq!(
        files().len(),
        1,
        "the stranger's key only looked, so it keeps nothing; no key keeps none"
    );
}

#[test]
fn a_server_that_cannot_say_who_may_come_in_does_not_start() {
    let (mut command, home) = common::peel_command();
    let output = command
        .args(["serve", "--listen", "127.0.0.1:0"])
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("--authorized-keys FILE") && stderr.contains("--public"),
        "{stderr}"
    );

    let keys = home.path().join("readers.keys");
    std::fs::write(&keys, "# nobody\nssh-ed25519 not-base64!\n").unwrap();
    let (mut command, second) = common::peel_command();
    let output = command
        .args(["serve", "--listen", "127.0.0.1:0", "--authorized-keys"])
        .arg(&keys)
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("readers.keys:2:"),
        "the bad line is named: {stderr}"
    );
    for home in [home.path(), second.path()] {
        assert!(
            !home.join("state/peel/serve").exists(),
            "no host key made for nothing"
        );
    }
}

#[test]
fn keys_that_come_after_the_explorer_has_ended_do_not_hold_the_connection() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    let mut client = server.client(Some(&server.reader()), &[]);
    client.start_reading().wait_for(TITLE);
    // `q`, then far more keys than a session queues, in one write: the explorer ends at
    // the first, and the rest must not leave the connection waiting for it to take them.
    let mut keys = b"q".to_vec();
    keys.extend(std::iter::repeat_n(b'j', 20_000));
    client.send(&keys);
    let line = server.wait_for_log("ended=quit");
    assert!(line.contains("session=1"), "{line}");
    assert_eq!(client.exit_code(Duration::from_secs(10)), Some(0));
}
