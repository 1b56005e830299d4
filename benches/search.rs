//! Search per keystroke: the search the explorer runs after each character of `jigsaw`,
//! `stop and search` and the near miss `thrve`, typed one at a time (searching only the
//! previous results when the query only grows). Each keystroke is its own benchmark, so
//! the slowest one can be read off. Targets: 2 ms per keystroke on the built-in content,
//! 16 ms (one frame) on a corpus 100 times larger.
//!
//! `cargo bench --bench search`; `scripts/bench-summary.sh` prints the worst keystroke.

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use peel::model::{Force, Library};
use peel::search::{Hit, Query, Searcher};
use std::hint::black_box;
use std::time::Duration;

/// The built-in content, or `copies` forces made from it (ids changed so every node is
/// distinct): the same text `copies` times over.
pub fn library(copies: usize) -> Library {
    let builtin = peel::builtin::library().expect("built-in content");
    if copies == 1 {
        return builtin;
    }
    let met: &Force = &builtin.forces()[0];
    let forces = (0..copies)
        .map(|i| Force {
            id: format!("force-{i:02}"),
            name: format!("{} ({i})", met.name),
            ..met.clone()
        })
        .collect();
    Library::new(
        forces,
        builtin.glossary().to_vec(),
        builtin.sources().to_vec(),
    )
    .with_vocabulary(builtin.vocabulary().to_vec())
}

/// The search the explorer runs after a keystroke, given the previous query's results.
fn keystroke(searcher: &Searcher, query: &Query, previous: &(Query, Vec<Hit>)) -> Vec<Hit> {
    if searcher.narrows(query, &previous.0) {
        searcher.search_within(query, &previous.1)
    } else {
        searcher.search(query)
    }
}

fn bench_search(c: &mut Criterion) {
    for (label, copies) in [("builtin", 1), ("100x", 100)] {
        let library = library(copies);
        let searcher = Searcher::new(&library);
        for text in ["jigsaw", "stop and search", "thrve"] {
            let mut group = c.benchmark_group(format!("keystroke/{label}/{text}"));
            group.warm_up_time(Duration::from_millis(300));
            group.measurement_time(Duration::from_secs(1));
            group.sample_size(20);
            let mut previous = (Query::default(), Vec::new());
            for end in text.char_indices().map(|(i, c)| i + c.len_utf8()) {
                let query = Query::parse(&text[..end]);
                let typed = format!("{:02}-{}", end, text[..end].replace(' ', "_"));
                group.bench_with_input(BenchmarkId::from_parameter(typed), &query, |b, query| {
                    b.iter(|| keystroke(&searcher, black_box(query), &previous))
                });
                let hits = keystroke(&searcher, &query, &previous);
                previous = (query, hits);
            }
            group.finish();
        }
        let mut group = c.benchmark_group(format!("index_build/{label}"));
        group.sample_size(10);
        group.bench_function("build", |b| b.iter(|| Searcher::new(black_box(&library))));
        group.finish();
    }
}

criterion_group!(benches, bench_search);
criterion_main!(benches);
