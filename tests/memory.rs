//! Peak memory of the explorer as a whole process, with its search index built: read from
//! the kernel (VmHWM) after a search, so everything start-up allocates is counted.
//! `cargo test --release --test memory -- --nocapture` prints the figures.

mod common;

use common::pty::Pty;
use std::time::Duration;

const PEEL: &str = env!("CARGO_BIN_EXE_peel");
const MIB: u64 = 1024 * 1024;

/// Peak resident memory after the first frame and a search (which needs the index).
fn peak_after_a_search(args: &[&str], env: &[(&str, &str)]) -> u64 {
    let mut peel = Pty::launch(PEEL, args, 80, 24, env);
    peel.first_view(Duration::from_secs(60))
        .expect("a first frame of the reports");
    peel.frame_after(b"/");
    let frame = peel.frame_after(b"j");
    // The index is built in the background: the prompt says "indexing…" until it is,
    // then draws the results.
    if String::from_utf8_lossy(&frame).contains("indexing") {
        peel.next_frame(Duration::from_secs(120))
            .expect("a frame with the results");
    }
    let status = std::fs::read_to_string(format!("/proc/{}/status", peel.pid().unwrap()))
        .expect("/proc status");
    let kib: u64 = status
        .lines()
        .find_map(|line| line.strip_prefix("VmHWM:"))
        .and_then(|value| value.trim().trim_end_matches("kB").trim().parse().ok())
        .expect("VmHWM");
    peel.send(b"\x1bq");
    kib * 1024
}

#[test]
fn the_built_in_content_stays_under_30_mb() {
    let peak = peak_after_a_search(&["--no-state"], &[]);
    println!("built-in: peak RSS {:.1} MiB", peak as f64 / MIB as f64);
    assert!(peak < 30 * MIB, "{peak} bytes");
}

#[test]
fn the_100x_synthetic_corpus_stays_under_300_mb() {
    let corpus = tempfile::tempdir().unwrap();
    let template = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    peel::content::synthetic::write(&template, corpus.path(), 43, 2024).unwrap();
    let dir = corpus.path().to_str().unwrap();
    let cache = tempfile::tempdir().unwrap();
    let env = [("XDG_CACHE_HOME", cache.path().to_str().unwrap())];
    // Parsing and writing the cache, then reading it.
    for run in ["parsed, cache written", "from the cache"] {
        let peak = peak_after_a_search(&["--content", dir, "--no-state"], &env);
        println!(
            "synthetic 43 forces, {run}: peak RSS {:.1} MiB",
            peak as f64 / MIB as f64
        );
        assert!(peak < 300 * MIB, "{run}: {peak} bytes");
    }
}
