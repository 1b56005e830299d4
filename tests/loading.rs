//! A large folder read for the first time: the explorer shows how far the reading has got
//! at once, the reports only once every file has been checked, and a broken file ends the
//! run with its file:line:col, the reports never shown. In a real pseudo-terminal.

mod common;

use common::pty::{Pty, find};
use std::path::Path;
use std::time::Duration;

const PEEL: &str = env!("CARGO_BIN_EXE_peel");
const WAIT: Duration = Duration::from_secs(30);

/// The synthetic 43-force corpus (26 MB of YAML): reading it takes long enough, on any
/// machine, for a loading frame to come first.
fn corpus() -> tempfile::TempDir {
    let dir = tempfile::tempdir().unwrap();
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    peel::content::synthetic::write(&template, dir.path(), 43, 2024).unwrap();
    dir
}

/// The corpus with a comment at the end of every file: a comment sends a file to
/// serde_yaml rather than the plain reader, so that reading it takes about as long as it
/// did before that reader (half a second), long enough to be interrupted.
fn slow_corpus() -> tempfile::TempDir {
    fn comment(dir: &Path) {
        for entry in std::fs::read_dir(dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                comment(&path);
            } else if path.extension().is_some_and(|e| e == "yaml") {
                let mut text = std::fs::read_to_string(&path).unwrap();
                text.push_str("# read by serde_yaml\n");
                std::fs::write(&path, text).unwrap();
            }
        }
    }
    let dir = corpus();
    comment(dir.path());
    dir
}

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[test]
fn a_large_folder_shows_its_progress_then_its_reports() {
    let corpus = corpus();
    let dir = corpus.path().to_str().unwrap();
    let mut peel = Pty::launch(PEEL, &["--content", dir, "--no-cache"], 80, 24, &[]);
    let first = text(&peel.next_frame(WAIT).expect("a first frame"));
    assert!(first.contains("Reading"), "{first}");
    assert!(
        !first.contains("Police (synthetic)"),
        "no report before the check: {first}"
    );
    let mut seen = first;
    while !seen.contains("43 forces") {
        let frame = peel
            .next_frame(WAIT)
            .expect("the reports after the loading frames");
        seen = text(&frame);
    }
    assert!(peel.quit(), "q quits once the reports are shown");
}

#[test]
fn a_broken_file_ends_the_run_with_its_position_and_no_reports_shown() {
    let corpus = corpus();
    let broken = corpus.path().join("amberley/2024/investigating-crime.yaml");
    let mut yaml = std::fs::read_to_string(&broken).unwrap();
    yaml.push_str("\nfindings: [oops\n");
    std::fs::write(&broken, yaml).unwrap();
    let dir = corpus.path().to_str().unwrap();
    let mut peel = Pty::launch(PEEL, &["--content", dir, "--no-cache"], 80, 24, &[]);
    let all = peel.drain(Duration::from_secs(3), WAIT);
    assert!(peel.exited_within(Duration::from_secs(10)));
    assert_eq!(peel.exit_code(), Some(1));
    let shown = text(&all);
    assert!(
        shown.contains("investigating-crime.yaml:") && shown.contains("amberley"),
        "the error names the file: {shown}"
    );
    assert!(
        find(&all, "43 forces".as_bytes()).is_none(),
        "the reports were never drawn"
    );
    // The terminal was given back before the error was printed.
    let left = find(&all, b"\x1b[?1049l").expect("alternate screen left");
    let error = find(&all, b"investigating-crime.yaml:").unwrap();
    assert!(left < error, "the error is printed on the shell's screen");
}

/// Ctrl-c pressed once the loading frame of `corpus` is up (with `env`): peel ends at once,
/// as interrupted, and the reports are never drawn.
fn ctrl_c_while_reading(corpus: &Path, env: &[(&str, &str)]) {
    let dir = corpus.to_str().unwrap();
    let mut peel = Pty::launch(PEEL, &["--content", dir, "--no-cache"], 80, 24, env);
    let first = text(&peel.next_frame(WAIT).expect("a first frame"));
    assert!(first.contains("Reading"), "{first}");
    peel.send(b"\x03");
    assert!(
        peel.exited_within(Duration::from_secs(2)),
        "Ctrl-c waits for nothing"
    );
    assert_eq!(peel.exit_code(), Some(130));
    let rest = peel.drain(Duration::from_millis(200), Duration::from_secs(2));
    assert!(
        find(&rest, b"43 forces").is_none(),
        "peel ended without finishing the load and drawing the reports"
    );
}

#[test]
fn ctrl_c_while_reading_ends_peel_at_once() {
    ctrl_c_while_reading(slow_corpus().path(), &[]);
}

/// The load ends just after Ctrl-c is raised (a test hook holds it back until then), while
/// the loading frame waits for its next tick.
#[test]
fn ctrl_c_wins_a_load_that_ends_just_after_it() {
    ctrl_c_while_reading(corpus().path(), &[("PEEL_TEST_HOLD_LOAD", "1")]);
}

/// A frame's text, its control sequences left out.
fn visible(frame: &[u8]) -> String {
    let text = text(frame);
    let mut shown = String::new();
    let mut chars = text.chars();
    while let Some(c) = chars.next() {
        if c == '\u{1b}' {
            // CSI: up to its final byte; anything else: the one character after ESC.
            if chars.next() == Some('[') {
                for c in chars.by_ref() {
                    if ('\u{40}'..='\u{7e}').contains(&c) {
                        break;
                    }
                }
            }
        } else if !c.is_control() {
            shown.push(c);
        }
    }
    shown
}

/// A reader who left off at a finding deep in one force opens a cached folder there at
/// once: the first frame is drawn from the cache's outline, with that force read whole,
/// and the explorer's own first frame, drawn once the whole library is decoded, changes
/// nothing on the screen.
#[test]
fn a_returning_reader_is_shown_their_place_from_the_outline_and_nothing_changes_after() {
    let dir = tempfile::tempdir().unwrap();
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    peel::content::synthetic::write(&template, dir.path(), 4, 2024).unwrap();
    // Files written within the last two seconds are racy and get no stamp (`stamp.rs`),
    // and a folder without one is not outlined.
    std::thread::sleep(Duration::from_millis(2_500));
    let corpus = dir.path().to_str().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let state = tempfile::tempdir().unwrap();
    let env = [
        ("XDG_CACHE_HOME", cache.path().to_str().unwrap()),
        ("XDG_STATE_HOME", state.path().to_str().unwrap()),
    ];
    // The first start parses and caches the folder.
    let mut peel = Pty::launch(PEEL, &["--content", corpus], 120, 40, &env);
    while !text(&peel.next_frame(WAIT).expect("a frame")).contains("4 forces") {}
    assert!(peel.quit());

    let library = peel::content::load_dir(dir.path()).unwrap();
    let finding = library
        .preorder()
        .into_iter()
        .find(|key| key.force() == Some(2) && matches!(key, peel::model::NodeKey::Finding(_)))
        .expect("a finding in the third force");
    let title = library.node(finding).title().to_owned();
    let source = peel::state::source_key(Some(dir.path()));
    let saved = serde_json::json!({
        "format": "peel-state/1",
        "sources": { source: { "last": library.id(finding), "bookmarks": [] } },
    });
    let file = state.path().join("peel/state.json");
    std::fs::create_dir_all(file.parent().unwrap()).unwrap();
    std::fs::write(&file, saved.to_string()).unwrap();

    let mut peel = Pty::launch(PEEL, &["--content", corpus], 120, 40, &env);
    let first = visible(&peel.next_frame(WAIT).expect("a first frame"));
    let words: String = title
        .split_whitespace()
        .take(3)
        .collect::<Vec<_>>()
        .join(" ");
    assert!(first.contains(&words), "{words:?} on screen: {first}");
    let second = peel
        .next_frame(WAIT)
        .expect("the explorer's own first frame, after the outline's");
    assert_eq!(visible(&second), "", "nothing on the screen changes");
    assert!(peel.quit());
}
