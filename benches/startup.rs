//! Start-up as a user sees it: the whole process, launched in a real pseudo-terminal, from
//! launch until its first frame is painted; then `q`. On the built-in content and on the
//! synthetic 43-force corpus (about 100 times the built-in text), the latter both through
//! the parsed-content cache (every start after the first) and without it (`--no-cache`,
//! as the first start after the content changed). `cargo bench --bench startup`.

#[path = "../tests/common/pty.rs"]
#[allow(dead_code)]
mod pty;

use criterion::{Criterion, criterion_group, criterion_main};
use pty::Pty;
use std::path::Path;
use std::time::{Duration, Instant};

const PEEL: &str = env!("CARGO_BIN_EXE_peel");

/// Launch to the end of the first frame, then quit and wait for the exit.
fn start_up(args: &[&str], cache: &Path) -> Duration {
    start_up_with(args, cache, None)
}

/// As `start_up`, with the saved state in `state` (a fresh, empty one when `None`).
fn start_up_with(args: &[&str], cache: &Path, state: Option<&Path>) -> Duration {
    let cache = cache.to_string_lossy();
    let state = state.map(|state| state.to_string_lossy());
    let mut env = vec![("XDG_CACHE_HOME", cache.as_ref())];
    env.extend(state.as_deref().map(|state| ("XDG_STATE_HOME", state)));
    let mut peel = Pty::launch(PEEL, args, 80, 24, &env);
    peel.next_frame(Duration::from_secs(30))
        .expect("a first frame");
    let elapsed = peel.launched.elapsed();
    peel.send(b"q");
    assert!(peel.exited_within(Duration::from_secs(10)), "q quits");
    elapsed
}

fn timed(iterations: u64, args: &[&str], cache: &Path) -> Duration {
    (0..iterations).map(|_| start_up(args, cache)).sum()
}

/// Launch to the first frame that shows the reports (`marker`), past any loading frames.
fn to_reports(args: &[&str], cache: &Path, marker: &[u8]) -> Duration {
    let cache = cache.to_string_lossy();
    let mut peel = Pty::launch(PEEL, args, 80, 24, &[("XDG_CACHE_HOME", &cache)]);
    loop {
        let frame = peel.next_frame(Duration::from_secs(30)).expect("a frame");
        if pty::find(&frame, marker).is_some() {
            break;
        }
    }
    let elapsed = peel.launched.elapsed();
    peel.send(b"q");
    assert!(peel.exited_within(Duration::from_secs(10)), "q quits");
    elapsed
}

fn bench_startup(c: &mut Criterion) {
    let corpus = tempfile::tempdir().expect("temporary folder");
    let cache = tempfile::tempdir().expect("temporary folder");
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    peel::content::synthetic::write(&template, corpus.path(), 43, 2024)
        .expect("write the synthetic corpus");
    let synthetic = corpus.path().to_string_lossy().into_owned();
    let started = Instant::now();
    let first_frame = start_up(&["--content", &synthetic], cache.path());
    eprintln!(
        "first start on the synthetic corpus: first frame after {first_frame:?}; \
         exited, its cache written meanwhile, after {:?}",
        started.elapsed()
    );

    // A reader who left off at a finding in the 22nd force. Only read: `q` right after
    // the first frame saves the same place.
    let state = tempfile::tempdir().expect("temporary folder");
    let library = peel::content::load_dir(corpus.path()).expect("the synthetic corpus");
    let finding = library
        .preorder()
        .into_iter()
        .find(|key| key.force() == Some(21) && matches!(key, peel::model::NodeKey::Finding(_)))
        .expect("a finding in the 22nd force");
    let saved = serde_json::json!({
        "format": "peel-state/1",
        "sources": { peel::state::source_key(Some(corpus.path())): {
            "last": library.id(finding), "bookmarks": [] } },
    });
    std::fs::create_dir_all(state.path().join("peel")).expect("the state folder");
    std::fs::write(state.path().join("peel/state.json"), saved.to_string())
        .expect("the state file");
    drop(library);

    let mut group = c.benchmark_group("startup to first frame");
    group.sample_size(10);
    group.bench_function("builtin", |b| {
        b.iter_custom(|n| timed(n, &[], cache.path()))
    });
    group.bench_function("synthetic 43 forces, cached", |b| {
        b.iter_custom(|n| timed(n, &["--content", &synthetic], cache.path()))
    });
    group.bench_function("synthetic 43 forces, cached, returning reader", |b| {
        b.iter_custom(|n| {
            (0..n)
                .map(|_| {
                    start_up_with(&["--content", &synthetic], cache.path(), Some(state.path()))
                })
                .sum()
        })
    });
    group.bench_function("synthetic 43 forces, --no-cache", |b| {
        b.iter_custom(|n| timed(n, &["--content", &synthetic, "--no-cache"], cache.path()))
    });
    group.finish();

    // A large folder read for the first time shows a loading frame first (the figure
    // above); this is how long until its reports are there to read.
    let mut group = c.benchmark_group("startup to the reports");
    group.sample_size(10);
    for (name, extra) in [("cached", None), ("--no-cache", Some("--no-cache"))] {
        let mut args = vec!["--content", synthetic.as_str()];
        args.extend(extra);
        group.bench_function(format!("synthetic 43 forces, {name}"), |b| {
            b.iter_custom(|n| {
                (0..n)
                    .map(|_| to_reports(&args, cache.path(), b"43 forces"))
                    .sum()
            })
        });
    }
    group.finish();
}

criterion_group!(benches, bench_startup);
criterion_main!(benches);
