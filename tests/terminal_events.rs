//! The real binary in a real terminal under pressure: a backlog of keys never delays quit,
//! hang-up or terminate; a paste is text, never commands; the screen is painted whole after
//! resizes, a stop, Ctrl-l and Ctrl-z; a vanished terminal ends peel, quietly, with the
//! shell's exit status. Each test reproduces what once went wrong.

mod common;

use common::pty::Pty;
use common::tmux::{Tmux, gone_within};
use std::time::{Duration, Instant};

const PEEL: &str = env!("CARGO_BIN_EXE_peel");
const WAIT: Duration = Duration::from_secs(10);

fn started(args: &[&str], cols: u16, rows: u16) -> Pty {
    let mut peel = Pty::launch(PEEL, args, cols, rows, &[]);
    peel.first_view(WAIT).expect("a first frame");
    peel
}

/// Waits for the exit status (bounded).
fn status(peel: &mut Pty, within: Duration) -> Option<u32> {
    let deadline = Instant::now() + within;
    while Instant::now() < deadline {
        if let Some(code) = peel.exit_code() {
            return Some(code);
        }
        std::thread::sleep(Duration::from_millis(5));
    }
    None
}

/// A long paste typed rather than pasted (no bracketed paste: every byte a key), then a
/// signal at once. Before, Ctrl-c still waited after 60 s.
fn signal_behind_a_backlog(signal: &str, expected: u32) {
    let mut peel = started(&["--no-state"], 80, 24);
    peel.frame_after(b"/");
    let typed = "jigsaw ".repeat(3000);
    peel.send(typed.as_bytes());
    let sent = Instant::now();
    match signal {
        "ctrl-c" => peel.send(b"\x03"),
        name => peel.signal(name),
    }
    let code = status(&mut peel, Duration::from_secs(5));
    println!(
        "{signal} behind {} queued keys: exit after {:?}",
        typed.len(),
        sent.elapsed()
    );
    assert_eq!(
        code,
        Some(expected),
        "{signal}: peel still running, or the wrong status"
    );
}

#[test]
fn terminate_is_handled_ahead_of_queued_keys() {
    signal_behind_a_backlog("TERM", 143);
}

#[test]
fn hang_up_is_handled_ahead_of_queued_keys() {
    signal_behind_a_backlog("HUP", 129);
}

#[test]
fn ctrl_c_is_handled_ahead_of_queued_keys() {
    signal_behind_a_backlog("ctrl-c", 130);
}

#[test]
fn a_long_query_is_cut_and_said_to_be() {
    let mut peel = started(&["--no-state"], 80, 24);
    peel.frame_after(b"/");
    peel.send(format!("\x1b[200~{}\x1b[201~", "jigsaw ".repeat(500)).as_bytes());
    let screen =
        String::from_utf8_lossy(&peel.drain(Duration::from_millis(300), WAIT)).into_owned();
    assert!(screen.contains("cut to 200 characters"), "{screen}");
    peel.frame_after(b"\x1b");
    assert!(peel.quit());
}

#[test]
fn a_paste_is_text_for_the_prompt_never_commands() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let env = [("XDG_STATE_HOME", state.to_str().unwrap())];
    let mut peel = Pty::launch(PEEL, &[], 80, 24, &env);
    peel.next_frame(WAIT).expect("a first frame");
    peel.frame_after(b"/");
    // Were it typed: Enter jumps, m m m bookmark, y copies, q quits.
    peel.send(b"\x1b[200~jigsaw\nmmm y q\x1b[201~");
    let screen =
        String::from_utf8_lossy(&peel.drain(Duration::from_millis(300), WAIT)).into_owned();
    assert!(
        screen.contains("jigsaw mmm y q"),
        "pasted into the query: {screen}"
    );
    assert!(!screen.contains("]52;"), "nothing copied");
    assert!(peel.exit_code().is_none(), "still running");
    // Outside the prompt a paste does nothing at all.
    peel.frame_after(b"\x1b");
    peel.send(b"\x1b[200~q\x1b[201~");
    std::thread::sleep(Duration::from_millis(300));
    assert!(peel.exit_code().is_none(), "a pasted q does not quit");
    assert!(peel.quit());
    let saved = std::fs::read_to_string(state.join("peel/state.json")).unwrap_or_default();
    assert!(
        !saved.contains("\"bookmarks\": [\n"),
        "no bookmark: {saved}"
    );
}

#[test]
fn a_vanished_terminal_ends_peel_quietly_with_the_hang_up_status() {
    // Through a shell that outlives the terminal, so peel's stderr and exit status can be
    // kept; then the terminal goes, as when a window is closed or a connection drops.
    let scratch = tempfile::tempdir().unwrap();
    let err = scratch.path().join("stderr");
    let code = scratch.path().join("status");
    let script = format!(
        "sh -c \"trap '' HUP; {PEEL} --no-state 2>{}; echo \\$? > {}\"",
        err.display(),
        code.display()
    );
    let Some(tmux) = Tmux::start("vanish", 80, 24, &script) else {
        return;
    };
    tmux.wait_for("Managing offenders");
    tmux.keys(&["j"]);
    tmux.kill_session();
    let deadline = Instant::now() + Duration::from_secs(5);
    while !code.exists() && Instant::now() < deadline {
        std::thread::sleep(Duration::from_millis(20));
    }
    let status = std::fs::read_to_string(&code).expect("peel exited within 5 s");
    assert_eq!(status.trim(), "129", "the shell's status for a hang-up");
    let noise = std::fs::read_to_string(&err).unwrap();
    assert!(noise.is_empty(), "no panic, no noise: {noise}");
}

/// A parent that ignores HUP, then the terminal closed: no signal comes, only the end of
/// input, and peel once read the dead terminal 26,000 times a second for ever.
#[test]
fn a_terminal_closed_without_a_hang_up_signal_still_ends_peel() {
    let Some(tmux) = Tmux::start(
        "nohup",
        80,
        24,
        &format!("sh -c 'trap \"\" HUP; {PEEL} --no-state; echo done'"),
    ) else {
        return;
    };
    tmux.wait_for("Managing offenders");
    let pane: u32 = tmux.display("#{pane_pid}").parse().expect("pane pid");
    let children = std::process::Command::new("pgrep")
        .args(["-P", &pane.to_string()])
        .output()
        .expect("pgrep");
    let peel: u32 = String::from_utf8_lossy(&children.stdout)
        .trim()
        .parse()
        .expect("peel's pid");
    tmux.kill_session();
    assert!(
        gone_within(peel, Duration::from_secs(2)),
        "peel (pid {peel}) outlived its terminal by 2 s"
    );
}

#[test]
fn a_resize_that_ends_where_it_began_repaints_everything() {
    // Stopped, resized away and back, continued: the size is what it was, but the
    // terminal may have dropped what it showed, so peel must paint all of it again.
    let mut peel = started(&["--no-state"], 80, 24);
    peel.signal("STOP");
    peel.resize(50, 12);
    std::thread::sleep(Duration::from_millis(100));
    peel.resize(80, 24);
    std::thread::sleep(Duration::from_millis(100));
    peel.signal("CONT");
    let frame = String::from_utf8_lossy(&peel.drain(Duration::from_millis(300), WAIT)).into_owned();
    assert!(
        frame.contains("\x1b[2J"),
        "the screen is cleared and painted whole: {frame}"
    );
    for text in ["Metropolitan", "Managing", "TREE"] {
        assert!(frame.contains(text), "{text} painted again: {frame}");
    }
    assert!(peel.quit());
}

#[test]
fn ctrl_l_paints_over_whatever_else_wrote_to_the_terminal() {
    let Some(tmux) = Tmux::start("redraw", 80, 24, &format!("{PEEL} --no-state")) else {
        return;
    };
    tmux.wait_for("Managing offenders");
    let tty = tmux.display("#{pane_tty}");
    std::fs::write(&tty, "\x1b[5;5HGARBAGE FROM ELSEWHERE\x1b[10;1H\x1b[2K").unwrap();
    tmux.wait_for("GARBAGE");
    tmux.run(&["send-keys", "-t", "main", "C-l"]);
    let deadline = Instant::now() + WAIT;
    loop {
        let screen = tmux.screen();
        if !screen.contains("GARBAGE") && screen.contains("Managing offenders") {
            break;
        }
        assert!(Instant::now() < deadline, "not repainted:\n{screen}");
        std::thread::sleep(Duration::from_millis(40));
    }
}

#[test]
fn ctrl_z_gives_the_terminal_back_and_fg_brings_peel_back_whole() {
    let Some(tmux) = Tmux::start("suspend", 80, 24, "bash --norc --noprofile") else {
        return;
    };
    tmux.type_line("PS1='$ '");
    tmux.type_line(&format!("{PEEL} --no-state; echo PEEL\"\"-EXITED-$?"));
    tmux.wait_for("Managing offenders");
    tmux.keys(&["j", "j"]);
    tmux.run(&["send-keys", "-t", "main", "C-z"]);
    let shell = tmux.wait_for("Stopped");
    assert_eq!(
        tmux.display("#{alternate_on}"),
        "0",
        "the shell has its screen back:\n{shell}"
    );
    tmux.type_line("fg; echo AFTER\"\"-FG-$?");
    let screen = tmux.wait_for_all(&["Managing offenders", "TREE", "3/24"]);
    assert_eq!(tmux.display("#{alternate_on}"), "1", "{screen}");
    tmux.quit_until("AFTER-FG-0");
}

#[test]
fn a_very_long_finding_keeps_every_resize_and_key_prompt() {
    // A finding of 100,000 lines, as a hostile or careless folder might hold.
    let folder = common::copy_of("minimal");
    let area = folder.path().join("testshire/2024/investigating.yaml");
    let lines: String = (0..100_000)
        .map(|i| format!("          - line {i} of a long finding\n"))
        .collect();
    let text = std::fs::read_to_string(&area).unwrap().replace(
        "    body: [Only a quarter of files met the standard.]\n",
        &format!("    body:\n      - bullets:\n{lines}"),
    );
    assert!(text.contains("line 99999"), "the fixture changed shape");
    std::fs::write(&area, text).unwrap();
    let dir = folder.path().to_str().unwrap();
    let mut peel = started(&["--no-state", "--no-cache", "--content", dir], 80, 24);
    // To the finding, into the reader, to its very end.
    // Enter jumps once the index (built in the background) is ready.
    peel.send(b"/case files\r");
    let deadline = Instant::now() + Duration::from_secs(60);
    let mut seen = Vec::new();
    while !String::from_utf8_lossy(&seen).contains("Result 1 of") {
        assert!(Instant::now() < deadline, "never jumped to the finding");
        seen.extend(peel.next_frame(WAIT).unwrap_or_default());
    }
    peel.frame_after(b"G");
    let mut times = Vec::new();
    for (cols, rows) in [(60, 20), (120, 40), (61, 20), (200, 60), (80, 24)] {
        let asked = Instant::now();
        peel.resize(cols, rows);
        peel.next_frame(WAIT).expect("a frame after the resize");
        times.push(asked.elapsed());
        let asked = Instant::now();
        peel.frame_after(b"k");
        times.push(asked.elapsed());
    }
    times.sort();
    println!(
        "100,000-line finding, resize or key to its frame: median {:?}, slowest {:?}",
        times[times.len() / 2],
        times[times.len() - 1]
    );
    peel.send(b"g");
    let last = String::from_utf8_lossy(&peel.drain(Duration::from_millis(300), WAIT)).into_owned();
    assert!(last.contains("quality is poor"), "back at the top: {last}");
    assert!(peel.quit());
}
