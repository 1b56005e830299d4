//! One navigation layer: every screen answers every shared key, the same way. Keys go
//! through the real keymap (`action_for`) into the real update, so a key the table drops or
//! a screen ignores fails here. The help and the status bar are built from the same table.

mod common;

use common::{PLAIN, builtin, render};
use peel::model::Library;
use peel::tui::action::Action::{self, *};
use peel::tui::app::{App, Ending};
use peel::tui::input::{Key, KeyCode};
use peel::tui::keymap::{Mode, action_for, bindings};
use peel::tui::update::update;

/// Presses `key` as a reader would: through the keymap of the mode the app is in.
fn press(app: &mut App, key: Key) -> bool {
    match action_for(app.mode(), key) {
        Some(action) => {
            update(app, action);
            true
        }
        None => false,
    }
}

fn act(app: &mut App, actions: &[Action]) {
    for action in actions {
        update(app, action.clone());
    }
}

/// Where the screen with focus is, as one comparable number: the cursor, then the scroll.
fn position(app: &App) -> (usize, usize) {
    match app.mode() {
        Mode::Tree => (app.tree.selected_index(), app.tree.top),
        Mode::Reader => (app.reader.chunk, app.reader.offset),
        Mode::Results | Mode::Prompt => {
            let prompt = app.prompt.as_ref().unwrap();
            (prompt.nav.cursor, prompt.nav.top)
        }
        Mode::Help => (app.help.as_ref().unwrap().top, 0),
        _ => {
            let nav = app.screens.last().unwrap().nav();
            (nav.cursor, nav.top)
        }
    }
}

fn shared_searcher() -> std::sync::Arc<peel::search::Searcher> {
    static SEARCHER: std::sync::OnceLock<std::sync::Arc<peel::search::Searcher>> =
        std::sync::OnceLock::new();
    SEARCHER
        .get_or_init(|| {
            let searcher = match peel::builtin::index() {
                Some(index) => peel::search::Searcher::from_index(index),
                None => peel::search::Searcher::new(&common::builtin()),
            };
            std::sync::Arc::new(searcher)
        })
        .clone()
}

/// A screen by name, opened after a search for "jigsaw" (so n and N have results), with
/// its cursor well away from both ends. Each key is tried on a fresh one, so the keys are
/// independent.
fn fresh<'a>(library: &'a Library, name: &str) -> App<'a> {
    let (width, height) = match name {
        "compare" => (120, 30),
        "help" => (80, 14),
        _ => (80, 24),
    };
    let mut app = App::new(library, PLAIN, width, height);
    // One index shared by every app, as a server's sessions share theirs: building it
    // afresh for each of the screens' dozens of apps made this the slowest file of tests.
    app.searcher = Some(shared_searcher());
    act(&mut app, &[Search, Type("jigsaw".into()), Accept]);
    act(&mut app, &[Back, Back, Top]);
    assert_eq!(app.mode(), Mode::Tree);
    match name {
        "tree" => act(&mut app, &vec![Down; 12]),
        "reader" => {
            let key = library
                .find("2024/managing-offenders/cause-of-concern/registered-sex-offenders")
                .unwrap();
            app.select(key);
            act(&mut app, &[Open]);
            act(&mut app, &vec![Down; 30]);
        }
        "results" => {
            act(&mut app, &[Search, Type("the".into()), Action::Results]);
            act(&mut app, &vec![Down; 6]);
        }
        "compare" => {
            app.select(library.find("2024/investigating-crime").unwrap());
            act(&mut app, &[Compare, ColumnRight]);
            act(&mut app, &vec![Down; 2]);
        }
        "overview" => {
            act(&mut app, &[Overview]);
            act(&mut app, &vec![Down; 4]);
        }
        "overview figures" => {
            act(&mut app, &[Overview, ColumnRight]);
            act(&mut app, &vec![Down; 12]);
        }
        "recurring" => {
            act(&mut app, &[Recurring]);
            act(&mut app, &vec![Down; 6]);
        }
        "bookmarks" => {
            for _ in 0..30 {
                act(&mut app, &[ToggleBookmark, Down]);
            }
            act(&mut app, &[Bookmarks]);
            act(&mut app, &vec![Down; 12]);
        }
        "help" => {
            act(&mut app, &[Help]);
            act(&mut app, &vec![Down; 6]);
        }
        other => panic!("no screen {other}"),
    }
    app
}

const NAMES: [&str; 9] = [
    "tree",
    "reader",
    "results",
    "compare",
    "overview",
    "overview figures",
    "recurring",
    "bookmarks",
    "help",
];

#[test]
fn every_screen_answers_the_navigation_keys_the_same_way() {
    let library = builtin();
    for name in NAMES {
        let start = position(&fresh(&library, name));
        let after = |keys: &[Key]| {
            let mut app = fresh(&library, name);
            let mode = app.mode();
            for &key in keys {
                assert!(press(&mut app, key), "{name}: {key:?} is not bound");
            }
            assert_eq!(app.mode(), mode, "{name}: {keys:?} left the screen");
            position(&app)
        };
        let down = after(&[Key::char('j')]);
        let up = after(&[Key::char('k')]);
        assert!(
            down > start && up < start,
            "{name}: j {down:?} k {up:?} from {start:?}"
        );
        assert_eq!(after(&[Key::plain(KeyCode::Down)]), down, "{name}: ↓ is j");
        assert_eq!(after(&[Key::plain(KeyCode::Up)]), up, "{name}: ↑ is k");
        let top = after(&[Key::char('g')]);
        let bottom = after(&[Key::char('G')]);
        assert!(top < up && bottom > down, "{name}: g {top:?} G {bottom:?}");
        assert_eq!(
            after(&[Key::plain(KeyCode::Home)]),
            top,
            "{name}: Home is g"
        );
        assert_eq!(
            after(&[Key::plain(KeyCode::End)]),
            bottom,
            "{name}: End is G"
        );
        assert_eq!(
            after(&[Key::char('G'), Key::char('g')]),
            top,
            "{name}: G then g"
        );
        let page = after(&[Key::char(' ')]);
        let half = after(&[Key::ctrl('d')]);
        assert!(
            page >= half && half >= down && page > start,
            "{name}: Space {page:?} Ctrl-d {half:?}"
        );
        assert_eq!(
            after(&[Key::plain(KeyCode::PageDown)]),
            page,
            "{name}: PgDn is Space"
        );
        let page_up = after(&[Key::char('b')]);
        let half_up = after(&[Key::ctrl('u')]);
        assert!(
            page_up <= half_up && half_up <= up && page_up < start,
            "{name}: b {page_up:?} Ctrl-u {half_up:?}"
        );
        assert_eq!(
            after(&[Key::plain(KeyCode::PageUp)]),
            page_up,
            "{name}: PgUp is b"
        );
        // From the bottom, every way up works: nothing sticks there.
        for key in [
            Key::char('g'),
            Key::char('k'),
            Key::char('b'),
            Key::ctrl('u'),
        ] {
            assert!(
                after(&[Key::char('G'), key]) < bottom,
                "{name}: G then {key:?} stuck"
            );
        }
    }
}

#[test]
fn every_screen_answers_search_next_previous_help_back_and_quit() {
    let library = builtin();
    for name in NAMES {
        let before = fresh(&library, name);
        let mode = before.mode();

        let mut app = fresh(&library, name);
        assert!(press(&mut app, Key::char('/')), "{name}: / is not bound");
        assert_eq!(
            app.mode(),
            Mode::Prompt,
            "{name}: / opens the search prompt"
        );

        for (key, step) in [('n', 1isize), ('N', -1)] {
            let mut app = fresh(&library, name);
            let from = app.found.as_ref().unwrap().nav.cursor as isize;
            assert!(
                press(&mut app, Key::char(key)),
                "{name}: {key} is not bound"
            );
            let found = app.found.as_ref().unwrap();
            if name == "results" {
                // In the list itself, n and N move through the list.
                let cursor = app.prompt.as_ref().unwrap().nav.cursor as isize;
                assert_eq!(cursor, position(&before).0 as isize + step, "{name}: {key}");
                continue;
            }
            let count = found.hits.len() as isize;
            assert_eq!(
                found.nav.cursor as isize,
                (from + step).rem_euclid(count),
                "{name}: {key}"
            );
            assert!(
                matches!(app.mode(), Mode::Tree | Mode::Reader),
                "{name}: {key} shows the result"
            );
            assert!(
                app.notice.as_deref().unwrap().contains(" of "),
                "{name}: {key} says which result"
            );
        }

        let mut app = fresh(&library, name);
        assert!(press(&mut app, Key::char('?')), "{name}: ? is not bound");
        if mode == Mode::Help {
            assert!(app.help.is_none(), "? closes help");
        } else {
            assert_eq!(app.mode(), Mode::Help, "{name}: ? opens help");
            assert_eq!(
                app.mode_under_help(),
                mode,
                "{name}: help is about this screen"
            );
        }

        for key in [Key::plain(KeyCode::Esc), Key::char('q')] {
            let mut app = fresh(&library, name);
            assert!(press(&mut app, key), "{name}: {key:?} is not bound");
            match (mode, key.code) {
                (Mode::Tree, KeyCode::Esc) => {
                    assert!(app.ending.is_none(), "Esc never quits");
                    assert!(app.notice.is_some(), "Esc at the top says what q does");
                }
                (Mode::Tree, _) => {
                    assert_eq!(app.ending, Some(Ending::Quit), "q quits from the tree")
                }
                (Mode::Reader, _) => assert_eq!(app.mode(), Mode::Tree, "{name}: back to the tree"),
                _ => {
                    assert_ne!(app.mode(), mode, "{name}: {key:?} goes back a level");
                    assert!(app.ending.is_none(), "{name}: {key:?} does not quit");
                }
            }
        }

        let mut app = fresh(&library, name);
        assert!(
            press(&mut app, Key::ctrl('c')),
            "{name}: Ctrl-c is not bound"
        );
        assert_eq!(
            app.ending,
            Some(Ending::Interrupted),
            "{name}: Ctrl-c quits"
        );
    }
}

#[test]
fn help_lists_every_key_of_the_screen_it_is_opened_from() {
    let library = builtin();
    for name in NAMES {
        let mut app = fresh(&library, name);
        if app.mode() == Mode::Help {
            continue;
        }
        let mode = app.mode();
        act(&mut app, &[Help]);
        let mut shown = String::new();
        // The whole help, scrolled through.
        for _ in 0..20 {
            shown.push_str(&render(&app));
            act(&mut app, &[PageDown]);
        }
        for binding in bindings(mode) {
            for key in binding.keys {
                assert!(
                    shown.contains(key.label),
                    "{name}: help does not list {} ({})",
                    key.label,
                    binding.help
                );
            }
            assert!(
                shown.contains(binding.help),
                "{name}: help lacks \"{}\"",
                binding.help
            );
        }
    }
}

#[test]
fn the_hint_bar_drops_whole_hints_and_keeps_help_and_quit() {
    let library = builtin();
    for width in [30u16, 40, 60, 80, 120, 200] {
        let app = App::new(&library, PLAIN, width, 24);
        let screen = render(&app);
        let bar = screen.lines().last().unwrap();
        assert!(
            bar.contains("? help") && bar.contains("q quit"),
            "{width}: {bar}"
        );
        for binding in bindings(Mode::Tree) {
            let Some(hint) = binding.hint else { continue };
            let key = binding.keys[0].label;
            // Either the whole hint is there, or none of it.
            let whole = format!("{key} {} ", hint.word);
            let bar = format!("{bar} ");
            let word_alone = bar.contains(&format!(" {} ", hint.word)) && !bar.contains(&whole);
            assert!(!word_alone, "{width}: a cut hint in {bar}");
        }
    }
}
