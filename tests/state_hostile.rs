//! The saved state as something else left it: a file with a million bookmarks, a folder
//! where the file should be. peel stays answerable and says only what is true. Every wait
//! is bounded.

mod common;

use common::pty::Pty;
use std::path::Path;
use std::time::Duration;

const PEEL: &str = env!("CARGO_BIN_EXE_peel");
const WAIT: Duration = Duration::from_secs(30);

/// peel at 160 columns: wide enough for the notices to show whole.
fn launch_with_state(state_home: &Path) -> Pty {
    Pty::launch(
        PEEL,
        &[],
        160,
        40,
        &[("XDG_STATE_HOME", state_home.to_str().unwrap())],
    )
}

/// A state file for the built-in content holding `count` bookmarks of nodes that do not
/// exist.
fn write_bookmarks(state_home: &Path, count: usize) -> std::path::PathBuf {
    let dir = state_home.join("peel");
    std::fs::create_dir_all(&dir).unwrap();
    let bookmarks: Vec<String> = (0..count).map(|n| format!("gone/node-{n}")).collect();
    let state = serde_json::json!({
        "format": "peel-state/1",
        "sources": {"built-in": {"bookmarks": bookmarks}},
    });
    let path = dir.join("state.json");
    std::fs::write(&path, serde_json::to_vec(&state).unwrap()).unwrap();
    path
}

fn bookmarks_in(path: &Path) -> usize {
    let text = std::fs::read_to_string(path).unwrap();
    let state: serde_json::Value = serde_json::from_str(&text).unwrap();
    state["sources"]["built-in"]["bookmarks"]
        .as_array()
        .map_or(0, Vec::len)
}

#[test]
fn a_million_bookmarks_in_the_state_file_leave_m_and_ctrl_c_answered() {
    for ending in ["ctrl-c", "TERM", "HUP"] {
        let home = tempfile::tempdir().unwrap();
        let path = write_bookmarks(home.path(), 1_000_000);
        let mut peel = launch_with_state(home.path());
        let first = peel.next_frame(WAIT).expect("first frame");
        let loaded = peel.launched.elapsed();
        assert!(
            String::from_utf8_lossy(&first).contains("dropped"),
            "the start says what was not kept"
        );
        // A bookmark saves at once; the ending follows without waiting for its frame.
        let asked = std::time::Instant::now();
        peel.send(b"m");
        match ending {
            "ctrl-c" => peel.send(b"\x03"),
            signal => peel.signal(signal),
        }
        assert!(
            peel.exited_within(Duration::from_secs(5)),
            "{ending} not answered within 5 s"
        );
        eprintln!(
            "1,000,000 bookmarks: first frame after {loaded:?}; m then {ending} answered in {:?}",
            asked.elapsed()
        );
        let kept = bookmarks_in(&path);
        assert!(
            kept <= peel::state::MOST_BOOKMARKS,
            "{kept} bookmarks on disk after {ending}"
        );
    }
}

#[test]
fn with_the_state_file_a_folder_a_bookmark_says_it_is_not_saved() {
    let home = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(home.path().join("peel/state.json")).unwrap();
    let mut peel = launch_with_state(home.path());
    let mut written = peel.next_frame(WAIT).expect("first frame");
    let first = String::from_utf8_lossy(&written).into_owned();
    assert!(first.contains("nothing will be saved"), "{first}");
    // The frame after m writes only the cells that changed: read the screen it leaves.
    written.extend(peel.frame_after(b"m"));
    let after = common::pty::screen_text(&written, 160, 40).join("\n");
    assert!(after.contains("Bookmarked"), "{after}");
    assert!(after.contains("for this session only"), "{after}");
    assert!(peel.quit());
}
