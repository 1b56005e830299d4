//! Loading, a tree step with its frame, one frame at 80x24 and 200x60, and building a
//! comparison, on the built-in content and on a synthetic 43-force corpus; and, on the
//! corpus, opening the forces grid from the `o` key to a drawn frame (its year's table
//! built, laid out and drawn). The corpus is written to a temporary folder by
//! `peel::content::synthetic`. `cargo bench --bench explorer`.

use criterion::{Criterion, criterion_group, criterion_main};
use peel::model::Library;
use peel::tui::action::Action;
use peel::tui::action::Motion;
use peel::tui::app::App;
use peel::tui::palette::Palette;
use peel::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use std::hint::black_box;
use std::path::Path;

const THEME: Palette = Palette {
    color: true,
    ascii: false,
};

fn synthetic(dir: &Path) -> Library {
    let template = Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    peel::content::synthetic::write(&template, dir, 43, 2024).expect("write the synthetic corpus");
    peel::content::load_dir(dir).expect("the synthetic corpus loads")
}

fn frame(terminal: &mut Terminal<TestBackend>, app: &App) {
    terminal
        .draw(|frame| peel::tui::views::draw(frame, app))
        .expect("draw");
}

fn bench_explorer(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temporary folder");
    let builtin = peel::builtin::library().expect("built-in content");
    let big = synthetic(dir.path());

    let mut group = c.benchmark_group("load");
    group.sample_size(10);
    group.bench_function("builtin", |b| {
        b.iter(|| peel::builtin::library().expect("loads"))
    });
    group.bench_function("synthetic-43-forces", |b| {
        b.iter(|| peel::content::load_dir(black_box(dir.path())).expect("loads"))
    });
    group.finish();

    for (label, library) in [("builtin", &builtin), ("synthetic-43-forces", &big)] {
        let mut group = c.benchmark_group(format!("explorer/{label}"));
        for (width, height) in [(80u16, 24u16), (200, 60)] {
            let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
            let mut app = App::new(library, THEME, width, height);
            // Open a little of the tree so a step has somewhere to go.
            for action in [
                Action::Open,
                Action::Move(Motion::Down),
                Action::Open,
                Action::Move(Motion::Down),
            ] {
                let _ = update(&mut app, action);
            }
            group.bench_function(format!("frame-{width}x{height}"), |b| {
                b.iter(|| frame(&mut terminal, black_box(&app)))
            });
            group.bench_function(format!("tree-step-and-frame-{width}x{height}"), |b| {
                let mut down = true;
                b.iter(|| {
                    let _ = update(
                        &mut app,
                        if down {
                            Action::Move(Motion::Down)
                        } else {
                            Action::Move(Motion::Up)
                        },
                    );
                    down = !down;
                    frame(&mut terminal, &app);
                })
            });
        }
        let force = &library.forces()[0];
        let theme = &force.themes[2];
        group.bench_function("comparison", |b| {
            b.iter(|| peel::compare::compare(library, 0, black_box(theme), &[]))
        });
        group.finish();
    }

    // The forces grid must open within one frame (16 ms) of the key.
    let mut group = c.benchmark_group("forces-grid/synthetic-43-forces");
    for (width, height) in [(80u16, 24u16), (200, 60)] {
        let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("terminal");
        let mut app = App::new(&big, THEME, width, height);
        group.bench_function(format!("o-to-frame-{width}x{height}"), |b| {
            b.iter(|| {
                let _ = update(&mut app, Action::Overview);
                frame(&mut terminal, &app);
                // Back to the tree, so the next `o` builds the grid afresh.
                let _ = update(&mut app, Action::Back);
            })
        });
        assert!(app.screens.is_empty(), "each iteration closed the grid");
    }
    group.finish();
}

criterion_group!(benches, bench_explorer);
criterion_main!(benches);
