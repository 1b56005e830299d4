//! The readers of one server share the reader's flows (`tui::flows`): a node built and
//! wrapped by one reader is read by the others; and they draw in frames from one pool
//! (`tui::frame_pool`), handed from reader to reader. Whatever the others' palettes and
//! sizes, each reader's every frame must be the frame of a reader with flows and frames of
//! its own.

mod common;

use common::wire::Wire;
use common::{ASCII, PLAIN, explorer};
use peel::model::Library;
use peel::search::Searcher;
use peel::tui::app::App;
use peel::tui::backend::TermBackend;
use peel::tui::event_loop;
use peel::tui::flows::SharedFlows;
use peel::tui::frame_pool::FramePool;
use peel::tui::input::{Key, KeyCode};
use peel::tui::keymap::action_for;
use peel::tui::palette::Palette;
use peel::tui::update::update;
use ratatui::Terminal;
use ratatui::layout::Size;
use std::sync::Arc;

const COLOUR: Palette = Palette {
    color: true,
    ascii: false,
};

enum Step {
    Keys(&'static str),
    Key(KeyCode),
    Resize(u16, u16),
}

use Step::{Key as Special, Keys, Resize};

/// Into the reader, down a node, a search and its results, and resizes, so that the
/// readers' widths (more of them than a flow keeps) change under each other.
const WALK: &[Step] = &[
    Keys("jj"),
    Special(KeyCode::Tab),
    Keys("jjj"),
    Resize(120, 40),
    Keys("G"),
    Special(KeyCode::Tab),
    Keys("jjjj"),
    Keys("/thrive"),
    Special(KeyCode::Enter),
    Resize(61, 20),
    Keys("n"),
    Special(KeyCode::Tab),
    Keys("gjj"),
    Resize(95, 30),
    Keys("/jigsaw"),
    Special(KeyCode::Enter),
    Keys("G"),
];

/// A reader drawn twice: sharing the server's flows and frames, and with its own.
struct Reader<'l> {
    shared: App<'l>,
    alone: App<'l>,
    wires: (Wire, Wire),
    terminals: (Terminal<TermBackend<Wire>>, Terminal<TermBackend<Wire>>),
}

impl<'l> Reader<'l> {
    fn new(
        library: &'l Library,
        searcher: &Arc<Searcher>,
        (flows, frames): (&Arc<SharedFlows>, &Arc<FramePool>),
        theme: Palette,
        (width, height): (u16, u16),
    ) -> Reader<'l> {
        let app = || {
            let mut app = App::new(library, theme, width, height);
            app.searcher = Some(Arc::clone(searcher));
            app
        };
        let mut shared = app();
        shared.flows = Some(Arc::clone(flows));
        let wires = (Wire::default(), Wire::default());
        let size = Size::new(width, height);
        let terminals = (
            Terminal::new(TermBackend::sharing_frames(
                wires.0.clone(),
                size,
                Arc::clone(frames),
            ))
            .unwrap(),
            Terminal::new(TermBackend::new(wires.1.clone(), size)).unwrap(),
        );
        Reader {
            shared,
            alone: app(),
            wires,
            terminals,
        }
    }

    fn step(&mut self, step: &Step, name: &str) {
        let keys = match step {
            Keys(keys) => keys.chars().map(Key::char).collect(),
            Special(code) => vec![Key::plain(*code)],
            Resize(width, height) => {
                for (app, terminal) in [
                    (&mut self.shared, &mut self.terminals.0),
                    (&mut self.alone, &mut self.terminals.1),
                ] {
                    let size = Size::new(*width, *height);
                    terminal.backend_mut().resize(size);
                    terminal.resize(size.into()).unwrap();
                    let _ = update(
                        app,
                        peel::tui::action::Action::Resize {
                            width: *width,
                            height: *height,
                        },
                    );
                }
                self.compare(name, true);
                return;
            }
        };
        for key in keys {
            for app in [&mut self.shared, &mut self.alone] {
                if let Some(action) = action_for(app.mode(), key) {
                    let _ = update(app, action);
                }
            }
            self.compare(name, false);
        }
    }

    fn compare(&mut self, name: &str, whole: bool) {
        self.wires.0.0.borrow_mut().clear();
        self.wires.1.0.borrow_mut().clear();
        event_loop::draw(&mut self.terminals.0, &self.shared, whole).unwrap();
        event_loop::draw(&mut self.terminals.1, &self.alone, whole).unwrap();
        assert!(
            *self.wires.0.0.borrow() == *self.wires.1.0.borrow(),
            "{name}: the frame drawn from the shared flows differs"
        );
    }
}

#[test]
fn readers_sharing_flows_and_frames_see_the_frames_of_readers_with_their_own() {
    let library = explorer();
    let searcher = Arc::new(Searcher::new(&library));
    let flows = Arc::new(SharedFlows::new(peel::tui::flows::SHARED_FLOW_BYTES));
    let frames = Arc::new(FramePool::default());
    let mut readers = [(PLAIN, (80, 24)), (COLOUR, (100, 30)), (ASCII, (70, 22))]
        .map(|(theme, size)| Reader::new(&library, &searcher, (&flows, &frames), theme, size));
    // The readers take turns, a step each, so each reads flows the others laid out.
    for (number, step) in WALK.iter().enumerate() {
        for (reader, who) in readers.iter_mut().zip(["plain", "colour", "ascii"]) {
            reader.step(step, &format!("step {number}, {who} reader"));
        }
    }
    let (kept, _) = flows.held();
    assert!(kept >= 3, "only {kept} flows shared");
    // Every frame drawn was handed back: the readers drew in one another's.
    assert_eq!(frames.kept(), 1);
}

#[test]
fn a_node_is_built_once_per_palette_for_every_reader() {
    let library = explorer();
    let flows = SharedFlows::new(peel::tui::flows::SHARED_FLOW_BYTES);
    let key = library.roots()[0];
    let first = flows.flow(&library, key, PLAIN);
    assert!(Arc::ptr_eq(&first, &flows.flow(&library, key, PLAIN)));
    assert!(!Arc::ptr_eq(&first, &flows.flow(&library, key, COLOUR)));
    assert_eq!(flows.held().0, 2);
}

#[test]
fn a_flow_read_at_many_widths_in_turn_gives_each_width_its_own_lines() {
    let library = explorer();
    let widths = [30, 47, 64, 81, 98, 115, 30, 81, 47, 115, 64, 98];
    for key in library.preorder() {
        let document = peel::document::build(&library, key);
        // More widths in turn than a flow keeps: each is laid out again when it comes back.
        let shared = peel::tui::flow::Flow::build(&document, &PLAIN);
        for width in widths {
            let fresh = peel::tui::flow::Flow::build(&document, &PLAIN);
            for chunk in 0..fresh.chunks.len() {
                assert_eq!(
                    shared.rows(chunk, width),
                    fresh.rows(chunk, width),
                    "{key:?}, chunk {chunk} at width {width}"
                );
            }
        }
    }
}

#[test]
fn the_shared_flows_keep_within_their_bound_and_keep_the_latest() {
    let library = explorer();
    let nodes = library.preorder();
    let bound = 64 << 10;
    let flows = SharedFlows::new(bound);
    let mut last = None;
    for &key in &nodes {
        last = Some((key, flows.flow(&library, key, PLAIN)));
    }
    let (kept, bytes) = flows.held();
    assert!(bytes <= bound, "{bytes} bytes kept, over {bound}");
    assert!(
        kept < nodes.len(),
        "all {kept} flows kept within {bound} bytes"
    );
    assert!(kept > 0);
    // The node opened last is still kept: read again, it is the same flow.
    let (key, flow) = last.unwrap();
    assert!(Arc::ptr_eq(&flow, &flows.flow(&library, key, PLAIN)));
}

#[test]
fn the_reader_always_reads_the_selected_nodes_flow() {
    let library = explorer();
    let flows = Arc::new(SharedFlows::new(peel::tui::flows::SHARED_FLOW_BYTES));
    let mut app = App::new(&library, PLAIN, 80, 24);
    app.flows = Some(flows);
    // Down the tree one node at a time, opening each: every node's own document.
    for _ in 0..12 {
        for key in [Key::char('j'), Key::char('l')] {
            if let Some(action) = action_for(app.mode(), key) {
                let _ = update(&mut app, action);
            }
        }
        let document = peel::document::build(&library, app.selected());
        let fresh = peel::tui::flow::Flow::build(&document, &PLAIN);
        let read = app.flow();
        assert_eq!(
            read.chunks.len(),
            fresh.chunks.len(),
            "{:?}",
            app.selected()
        );
        assert_eq!(read.rows(0, 60), fresh.rows(0, 60), "{:?}", app.selected());
    }
}
