//! What peel sends down the wire, counted in a real pseudo-terminal: the budget that keeps
//! it pleasant over a slow SSH link. Byte counts are deterministic, so they are asserted;
//! `cargo test --release --test pty_bytes -- --nocapture` prints the table in the README.

mod common;

use common::pty::{FRAME_END, Pty, find};
use std::time::Duration;

const PEEL: &str = env!("CARGO_BIN_EXE_peel");

struct Costs {
    first_paint: usize,
    tree_step: usize,
    reader_scroll: usize,
    search_keystroke: usize,
}

fn measure(cols: u16, rows: u16) -> Costs {
    let mut peel = Pty::launch(PEEL, &[], cols, rows, &[]);
    let first_paint = peel
        .next_frame(Duration::from_secs(10))
        .expect("a first frame")
        .len();
    // A step from one node to the next also redraws the reader with the new node's text.
    let tree_step = peel.frame_after(b"j").len();
    // The glossary (the last row) is longer than any screen, so a line scroll moves text.
    peel.frame_after(b"G");
    peel.frame_after(b"\t");
    let reader_scroll = peel.frame_after(b"j").len();
    peel.frame_after(b"\x1b");
    peel.frame_after(b"/");
    let search_keystroke = b"jigsaw"
        .iter()
        .map(|key| peel.frame_after(&[*key]).len())
        .max()
        .unwrap_or_default();
    peel.frame_after(b"\x1b");
    peel.send(b"q");
    assert!(peel.exited_within(Duration::from_secs(5)), "q quits");
    Costs {
        first_paint,
        tree_step,
        reader_scroll,
        search_keystroke,
    }
}

fn print(label: &str, costs: &Costs) {
    println!(
        "{label}: first paint {} B, tree step {} B, reader scroll {} B, search keystroke (max over `jigsaw`) {} B",
        costs.first_paint, costs.tree_step, costs.reader_scroll, costs.search_keystroke
    );
}

#[test]
fn an_80x24_session_stays_within_the_byte_budget() {
    let costs = measure(80, 24);
    print("80x24", &costs);
    assert!(
        costs.first_paint <= 12 * 1024,
        "first paint {} B",
        costs.first_paint
    );
    assert!(costs.tree_step <= 1024, "tree step {} B", costs.tree_step);
    assert!(
        costs.search_keystroke <= 4 * 1024,
        "search keystroke {} B",
        costs.search_keystroke
    );
}

#[test]
fn a_200x60_session_sends_no_more_than_its_screen_needs() {
    let costs = measure(200, 60);
    print("200x60", &costs);
    // No budget is set for large screens, but nothing may repaint the whole screen again.
    for (what, bytes) in [
        ("tree step", costs.tree_step),
        ("reader scroll", costs.reader_scroll),
        ("search keystroke", costs.search_keystroke),
    ] {
        assert!(bytes < costs.first_paint, "{what}: {bytes} B");
    }
}

#[test]
fn every_frame_is_a_whole_synchronized_update() {
    let mut peel = Pty::launch(PEEL, &[], 80, 24, &[]);
    let first = peel
        .next_frame(Duration::from_secs(10))
        .expect("a first frame");
    for frame in [first, peel.frame_after(b"j"), peel.frame_after(b"/")] {
        let begin = find(&frame, b"\x1b[?2026h").expect("each frame begins a synchronized update");
        assert_eq!(find(&frame, FRAME_END), Some(frame.len() - FRAME_END.len()));
        // Nothing but the set-up of the screen may come before the update begins.
        assert!(begin < 64, "{begin} bytes before the frame began");
    }
    peel.send(b"\x1bq");
}

#[test]
fn an_idle_explorer_sends_nothing_after_its_first_frame() {
    let mut peel = Pty::launch(PEEL, &[], 80, 24, &[]);
    peel.next_frame(Duration::from_secs(10))
        .expect("a first frame");
    // The search index arrives in the background meanwhile; with the prompt closed it
    // changes nothing on screen, so nothing may be sent for it.
    let idle = peel.drain(Duration::from_millis(700), Duration::from_secs(2));
    assert!(
        idle.is_empty(),
        "{} bytes sent while idle: {:?}",
        idle.len(),
        String::from_utf8_lossy(&idle)
    );
    peel.send(b"q");
    assert!(peel.exited_within(Duration::from_secs(5)), "q quits");
}
