//! A pane whose inputs did not change is copied from the last frame instead of drawn again
//! (`views::PaneMemo`). Key after key, through every pane and mode, the frame drawn with
//! the memo must send the bytes the frame drawn afresh sends: from the same first screen,
//! the same bytes at every step leave the client's screen the same.

mod common;

use common::wire::Wire;
use common::{PLAIN, explorer};
use peel::tui::action::Action;
use peel::tui::app::App;
use peel::tui::backend::TermBackend;
use peel::tui::event_loop;
use peel::tui::input::{Key, KeyCode};
use peel::tui::keymap::action_for;
use peel::tui::palette::Palette;
use peel::tui::update::update;
use peel::tui::views::PaneMemo;
use ratatui::Terminal;
use ratatui::layout::Size;

/// One step of a reader's session: keys, a special key, the window resized, or the screen
/// painted again whole (Ctrl-l, a resumption) at the same size.
enum Step {
    Keys(&'static str),
    Key(KeyCode),
    Resize(u16, u16),
    Repaint,
}

use Step::{Key as Special, Keys, Repaint, Resize};

/// What comes before one frame: every key of a step is drawn on its own.
enum Frame {
    Key(Key),
    Resize(u16, u16),
    Repaint,
}

/// A walk through the tree, the reader, a search and its results, bookmarks, the help and
/// a resize, with keys that change one pane and keys that change them all.
const WALK: &[Step] = &[
    // The glossary, the tree's last row, read a line and a page at a time.
    Keys("G"),
    Special(KeyCode::Tab),
    Keys("jjjjjjjjjjjj  jj"),
    Repaint,
    Keys("j"),
    Special(KeyCode::Tab),
    Keys("g"),
    Keys("jjj"),
    Special(KeyCode::Enter),
    Keys("jj"),
    Special(KeyCode::Tab),
    Keys("jjjj"),
    Keys("G"),
    Keys("g"),
    Special(KeyCode::Tab),
    Keys("m"),
    Keys("k"),
    Keys("m"),
    Keys("?"),
    Special(KeyCode::Esc),
    Keys("/jigsaw"),
    Special(KeyCode::Backspace),
    Special(KeyCode::Tab),
    Keys("jj"),
    Special(KeyCode::Enter),
    Keys("jk"),
    // Past 200x60: the memo copies panes at any size.
    Resize(220, 62),
    Keys("kj"),
    Special(KeyCode::Tab),
    Keys("jj"),
    Resize(120, 40),
    Keys("jj"),
    Special(KeyCode::Tab),
    Keys("j"),
    Resize(60, 20),
    Keys("kk"),
    Keys("/thrive"),
    Special(KeyCode::Esc),
    Keys("G"),
    Keys("h"),
    Special(KeyCode::Tab),
    Resize(80, 24),
    Keys("gj"),
];

fn apply(app: &mut App, key: Key) {
    if let Some(action) = action_for(app.mode(), key) {
        let _ = update(app, action);
    }
}

/// Walks `WALK` on `theme`, drawing each step's frame twice: with a memo kept from frame
/// to frame, and afresh. Returns how many panes the memo copied.
fn walk_compares_every_frame(theme: Palette) -> u64 {
    let library = explorer();
    let mut app = App::new(&library, theme, 80, 24);
    app.searcher = Some(std::sync::Arc::new(peel::search::Searcher::new(&library)));
    let (remembering, afresh) = (Wire::default(), Wire::default());
    let mut with_memo =
        Terminal::new(TermBackend::new(remembering.clone(), Size::new(80, 24))).unwrap();
    let mut without = Terminal::new(TermBackend::new(afresh.clone(), Size::new(80, 24))).unwrap();
    let mut memo = PaneMemo::default();
    let frames = WALK.iter().flat_map(|step| match step {
        Keys(keys) => keys.chars().map(|c| Frame::Key(Key::char(c))).collect(),
        Special(code) => vec![Frame::Key(Key::plain(*code))],
        Resize(width, height) => vec![Frame::Resize(*width, *height)],
        Repaint => vec![Frame::Repaint],
    });
    for (number, frame) in frames.enumerate() {
        let whole = match frame {
            Frame::Key(key) => {
                apply(&mut app, key);
                false
            }
            Frame::Resize(width, height) => {
                let _ = update(&mut app, Action::Resize { width, height });
                true
            }
            Frame::Repaint => true,
        };
        // The tree's rows, laid out from the fingerprint kept since the last key and from
        // the row texts kept at this width, are those laid out afresh.
        let width = usize::from(app.layout().tree_area.width);
        let fresh = peel::tui::tree_pane::spans(app.tree.rows(), |row| {
            let marked = app.bookmarks.contains(&row.key);
            peel::tui::tree_pane::row_text(&library, &app.theme, row, width, marked).height()
        });
        assert_eq!(
            app.tree_spans().0,
            fresh,
            "step {number}: the tree's rows differ"
        );
        remembering.0.borrow_mut().clear();
        afresh.0.borrow_mut().clear();
        event_loop::draw_remembering(&mut with_memo, &app, &mut memo, whole).unwrap();
        event_loop::draw(&mut without, &app, whole).unwrap();
        assert!(
            *remembering.0.borrow() == *afresh.0.borrow(),
            "step {number}: the bytes sent differ"
        );
    }
    memo.copied
}

#[test]
fn a_remembered_frame_is_the_frame_drawn_afresh_key_after_key() {
    let copied = walk_compares_every_frame(PLAIN);
    // Typing a query leaves the reader and the status bar; a reader scroll, the tree.
    assert!(copied >= 10, "the memo copied only {copied} panes");
}

#[test]
fn a_remembered_frame_is_the_frame_drawn_afresh_in_colour_and_unicode_too() {
    let colour = Palette {
        color: true,
        ascii: false,
    };
    walk_compares_every_frame(colour);
}
