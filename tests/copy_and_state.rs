//! `y` copies over OSC 52 (what is sent, byte for byte, in a real pty); bookmarks and the
//! last position survive a restart; a damaged state file is reported once and never
//! crashes; a kill in the middle of saving never leaves a damaged file. Every peel here
//! explores the explorer fixture (tests/fixtures/explorer), not the shipped reports.

mod common;

use base64::Engine;
use common::pty::{Pty, find};
use std::path::Path;
use std::time::Duration;

const PEEL: &str = env!("CARGO_BIN_EXE_peel");
const WAIT: Duration = Duration::from_secs(10);

/// The explorer fixture's folder, which every peel here explores.
fn content() -> String {
    common::fixture("explorer").to_string_lossy().into_owned()
}

/// The fixture's key in the state file: its canonical path.
fn source_key() -> String {
    let path = common::fixture("explorer").canonicalize().unwrap();
    path.to_string_lossy().into_owned()
}

fn search_and_jump(peel: &mut Pty, query: &str) {
    peel.frame_after(b"/");
    for byte in query.bytes() {
        peel.frame_after(&[byte]);
    }
    // The index is built in the background; Enter jumps once it is ready, which may be a
    // frame or two later.
    let mut frame = peel.frame_after(b"\r");
    while !String::from_utf8_lossy(&frame).contains("Result 1 of") {
        frame = peel.next_frame(WAIT).expect("the jump to the first result");
    }
}

/// The text of the first OSC 52 copy in `bytes`, with the bytes that came before it.
fn copied(bytes: &[u8]) -> Option<(String, &[u8])> {
    let start = find(bytes, b"]52;c;")?;
    let payload = &bytes[start + 6..];
    let end = payload.iter().position(|&b| b == 0x1b)?;
    let decoded = base64::engine::general_purpose::STANDARD
        .decode(&payload[..end])
        .ok()?;
    Some((String::from_utf8(decoded).ok()?, &bytes[..start]))
}

#[test]
fn y_copies_the_finding_with_its_citation() {
    let content = content();
    let mut peel = Pty::launch(PEEL, &["--no-state", "--content", &content], 80, 24, &[]);
    peel.next_frame(WAIT).expect("first frame");
    search_and_jump(&mut peel, "jigsaw workloads");
    let bytes = peel.frame_after(b"y");
    let (text, before) = copied(&bytes).expect("an OSC 52 copy");
    assert!(
        !before.ends_with(b"\x1bPtmux;\x1b\x1b"),
        "not wrapped outside tmux"
    );
    assert!(
        text.starts_with("2024 › Managing offenders › Main findings\n"),
        "{text}"
    );
    assert!(
        text.contains("Jigsaw teams have heavy workloads\n"),
        "{text}"
    );
    assert!(
        text.contains(
            "Main finding · 2024 · 2024/managing-offenders/main-finding/jigsaw-workloads"
        )
    );
    assert!(
        text.contains("Source: report-2024.txt, lines 371–420"),
        "{text}"
    );
    assert!(
        text.contains("PEEL 2023–25"),
        "names the assessment's report: {text}"
    );
    let screen = String::from_utf8_lossy(&bytes);
    assert!(screen.contains("Copied"), "the status bar says so");
    peel.send(b"q");
}

#[test]
fn inside_tmux_the_copy_is_wrapped_for_passthrough() {
    let content = content();
    let mut peel = Pty::launch(
        PEEL,
        &["--no-state", "--content", &content],
        80,
        24,
        &[("TMUX", "/tmp/tmux-0/default,1,0")],
    );
    peel.next_frame(WAIT).expect("first frame");
    let bytes = peel.frame_after(b"y");
    let prefix = b"\x1bPtmux;\x1b\x1b]52;c;";
    let start = find(&bytes, prefix).expect("a DCS-wrapped copy") + prefix.len();
    let payload = &bytes[start..];
    let end = payload
        .iter()
        .position(|&b| b == 0x1b)
        .expect("the copy ends");
    assert!(
        base64::engine::general_purpose::STANDARD
            .decode(&payload[..end])
            .is_ok()
    );
    // The inner terminator with its ESC doubled, then the end of the DCS.
    assert!(payload[end..].starts_with(b"\x1b\x1b\\\x1b\\"));
    peel.send(b"q");
}

#[test]
fn hostile_text_reaches_the_clipboard_inert() {
    let hostile = common::fixture("hostile");
    let args = ["--no-state", "--content", hostile.to_str().unwrap()];
    let mut peel = Pty::launch(PEEL, &args, 80, 24, &[]);
    peel.first_view(WAIT).expect("first frame");
    search_and_jump(&mut peel, "hostile");
    let (text, _) = copied(&peel.frame_after(b"y")).expect("an OSC 52 copy");
    assert!(text.contains("HOSTILE"), "{text}");
    assert!(
        text.contains('\u{241b}'),
        "escape shown as a visible stand-in: {text}"
    );
    assert!(
        !text.chars().any(|c| c.is_control() && c != '\n'),
        "no control character on the clipboard: {text:?}"
    );
    peel.send(b"q");
}

fn state_file(home: &Path) -> std::path::PathBuf {
    home.join("state/peel/state.json")
}

fn launch_with_state(home: &Path) -> Pty {
    let state = home.join("state");
    let content = content();
    let mut peel = Pty::launch(
        PEEL,
        &["--content", &content],
        80,
        24,
        &[("XDG_STATE_HOME", state.to_str().unwrap())],
    );
    peel.next_frame(WAIT).expect("first frame");
    peel
}

#[test]
fn bookmarks_and_the_last_position_survive_a_restart() {
    let home = tempfile::tempdir().unwrap();
    let mut peel = launch_with_state(home.path());
    search_and_jump(&mut peel, "jigsaw workloads");
    assert!(String::from_utf8_lossy(&peel.frame_after(b"m")).contains("Bookmarked"));
    search_and_jump(&mut peel, "thrive");
    peel.frame_after(b"m");
    assert!(peel.quit());

    let saved = std::fs::read_to_string(state_file(home.path())).expect("state saved");
    assert!(
        saved.contains("2024/managing-offenders/main-finding/jigsaw-workloads"),
        "{saved}"
    );

    let mut peel = launch_with_state(home.path());
    let list = String::from_utf8_lossy(&peel.frame_after(b"'")).into_owned();
    assert!(list.contains("Bookmarks (2)"), "{list}");
    assert!(list.contains("Jigsaw teams have heavy workloads"), "{list}");
    // Enter goes to the first bookmark; `y` then copies it, proving where we are.
    peel.frame_after(b"\r");
    let (text, _) = copied(&peel.frame_after(b"y")).expect("a copy");
    assert!(text.contains("jigsaw-workloads"), "{text}");
    assert!(peel.quit());

    // And the last position is where the reader left: the same node again.
    let mut peel = launch_with_state(home.path());
    let (text, _) = copied(&peel.frame_after(b"y")).expect("a copy");
    assert!(text.contains("jigsaw-workloads"), "{text}");
    peel.send(b"q");
}

#[test]
fn a_damaged_state_file_is_kept_aside_reported_readably_and_replaced() {
    let home = tempfile::tempdir().unwrap();
    let path = state_file(home.path());
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    let damaged = b"{\"format\": \"peel-state/1\", \"sources\": {\"built-in\": [tru";
    std::fs::write(&path, damaged).unwrap();

    // At 60 columns the notice says what happened on one line, and `?` shows the whole of
    // it: where the file went.
    let state_home = home.path().join("state");
    let content = content();
    let mut peel = Pty::launch(
        PEEL,
        &["--content", &content],
        60,
        20,
        &[("XDG_STATE_HOME", state_home.to_str().unwrap())],
    );
    let first = String::from_utf8_lossy(&peel.next_frame(WAIT).unwrap()).into_owned();
    for word in ["damaged", "(? all)"] {
        assert!(
            first.contains(word),
            "{word} missing from the notice: {first}"
        );
    }
    let help = String::from_utf8_lossy(&peel.frame_after(b"?")).into_owned();
    for word in ["damaged", "kept", "state.json.damaged-", "afresh"] {
        assert!(help.contains(word), "{word} missing from the help: {help}");
    }
    peel.frame_after(b"?");
    let next = String::from_utf8_lossy(&peel.frame_after(b"j")).into_owned();
    assert!(!next.contains("damaged"), "only once");
    peel.frame_after(b"m");
    assert!(peel.quit(), "no crash");
    let replaced = std::fs::read_to_string(&path).unwrap();
    assert!(
        replaced.contains("peel-state/1") && replaced.contains(&source_key()),
        "{replaced}"
    );
    let aside: Vec<_> = std::fs::read_dir(path.parent().unwrap())
        .unwrap()
        .flatten()
        .filter(|e| {
            e.file_name()
                .to_string_lossy()
                .starts_with("state.json.damaged-")
        })
        .collect();
    assert_eq!(aside.len(), 1);
    assert_eq!(
        std::fs::read(aside[0].path()).unwrap(),
        damaged,
        "kept as it was"
    );

    let mut peel = launch_with_state(home.path());
    let frame = String::from_utf8_lossy(&peel.frame_after(b"j")).into_owned();
    assert!(!frame.contains("damaged"));
    assert!(peel.quit());
}

#[test]
fn two_peels_at_once_keep_each_others_bookmarks() {
    let home = tempfile::tempdir().unwrap();
    let mut one = launch_with_state(home.path());
    let mut two = launch_with_state(home.path());
    // Each bookmarks a different node while the other runs: the first row, and the third.
    one.frame_after(b"m");
    two.frame_after(b"jj");
    two.frame_after(b"m");
    one.frame_after(b"j");
    assert!(one.quit() && two.quit());
    let saved = std::fs::read_to_string(state_file(home.path())).unwrap();
    let state: serde_json::Value = serde_json::from_str(&saved).unwrap();
    // Both kept; their order is the order the two saves happened to land in.
    let mut bookmarks: Vec<&str> = state["sources"][source_key()]["bookmarks"]
        .as_array()
        .expect("bookmarks")
        .iter()
        .filter_map(|b| b.as_str())
        .collect();
    bookmarks.sort_unstable();
    assert_eq!(bookmarks, ["2017", "2017/investigating-crime"], "{saved}");
}

#[test]
fn no_state_neither_reads_nor_writes() {
    let home = tempfile::tempdir().unwrap();
    let state = home.path().join("state");
    let env = [("XDG_STATE_HOME", state.to_str().unwrap())];
    let content = content();
    let mut peel = Pty::launch(PEEL, &["--no-state", "--content", &content], 80, 24, &env);
    peel.next_frame(WAIT).unwrap();
    peel.frame_after(b"m");
    assert!(peel.quit());
    assert!(!state.exists(), "nothing written");
}

#[test]
fn killing_peel_while_it_saves_never_leaves_a_damaged_file() {
    let home = tempfile::tempdir().unwrap();
    let path = state_file(home.path());
    // The file exists from the start, so every round has one to check: a kill can only
    // ever leave the old file or the new one.
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, "{\"format\": \"peel-state/1\", \"sources\": {}}\n").unwrap();
    let mut saved_rounds = 0;
    for round in 0..12u64 {
        let mut peel = launch_with_state(home.path());
        // Every `m` saves; the kill lands somewhere among the saves.
        peel.send(&b"mjmjmjmjmjmjmjmj"[..]);
        std::thread::sleep(Duration::from_millis(2 + round * 3));
        peel.signal("KILL");
        assert!(peel.exited_within(WAIT));
        let text = std::fs::read_to_string(&path).expect("the state file is still there");
        let parsed: serde_json::Value = serde_json::from_str(&text)
            .unwrap_or_else(|e| panic!("round {round}: damaged state file ({e}):\n{text}"));
        if parsed["sources"][source_key()]["bookmarks"].is_array() {
            saved_rounds += 1;
        }
        // Besides the state, only the temporary files of interrupted saves (removed by a
        // later save once they are a minute old).
        if let Ok(entries) = std::fs::read_dir(path.parent().unwrap()) {
            for entry in entries.flatten() {
                let name = entry.file_name().to_string_lossy().into_owned();
                assert!(
                    name == "state.json"
                        || name == "state.json.lock"
                        || name.starts_with(".state.json."),
                    "{name}"
                );
            }
        }
    }
    assert!(
        saved_rounds > 0,
        "the kills landed among saves, not all before the first"
    );
}
