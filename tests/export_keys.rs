//! `e` in the explorer: what each screen shows becomes a Markdown briefing, written as a
//! new file in the current folder (in tmux, through the real binary) or, over
//! `peel serve`, copied with OSC 52.

mod common;

use common::serve::Server;
use common::tmux::Tmux;
use common::{PLAIN, explorer};
use peel::tui::action::Action::{self, *};
use peel::tui::action::Motion;
use peel::tui::app::App;
use peel::tui::input::Key;
use peel::tui::keymap::{Mode, action_for, bindings};
use peel::tui::update::{Effects, update};
use std::time::{Duration, Instant};

fn act(app: &mut App, actions: &[Action]) {
    for action in actions {
        let _ = update(app, action.clone());
    }
}

fn press_e(app: &mut App) -> Effects {
    let action = action_for(app.mode(), Key::char('e')).expect("e is bound");
    update(app, action)
}

fn new_app(library: &peel::model::Library) -> App<'_> {
    let mut app = App::new(library, PLAIN, 120, 40);
    app.export_date = Some("2026-01-02".into());
    app
}

#[test]
fn e_exports_the_node_the_comparison_the_overview_and_the_bookmarks() {
    let library = explorer();
    let mut app = new_app(&library);
    act(&mut app, &[Move(Motion::Down), Move(Motion::Down)]);
    let export = press_e(&mut app).export.expect("a briefing");
    assert_eq!(export.file_name, "peel-node-2026-01-02.md");
    let title = library.node(app.selected()).title();
    assert!(
        export.text.starts_with(&format!("# {title}")),
        "{}",
        export.text
    );
    let key = library
        .find("2024/investigating-crime/cause-of-concern/crime-allocation")
        .unwrap();
    app.go_to(key);
    act(&mut app, &[Compare]);
    assert_eq!(app.mode(), Mode::Compare);
    let export = press_e(&mut app).export.expect("a briefing");
    assert_eq!(export.file_name, "peel-compare-2026-01-02.md");
    assert!(export.text.contains("## 2017: "), "{}", export.text);
    act(&mut app, &[Back, Overview]);
    let export = press_e(&mut app).export.expect("a briefing");
    assert_eq!(export.file_name, "peel-overview-2026-01-02.md");
    assert!(
        export.text.contains("| Theme | 2017 | 2024 | 2025 |"),
        "{}",
        export.text
    );
    act(&mut app, &[Back, ToggleBookmark, Bookmarks]);
    let export = press_e(&mut app).export.expect("a briefing");
    assert_eq!(export.file_name, "peel-bookmarks-2026-01-02.md");
    assert!(export.text.contains("Crime allocation") || export.text.contains("allocated"));
}

#[test]
fn e_exports_the_results_of_the_search_on_screen() {
    let library = explorer();
    let mut app = new_app(&library);
    app.searcher = Some(std::sync::Arc::new(peel::search::Searcher::new(&library)));
    act(&mut app, &[Search, Type("jigsaw".into()), Results]);
    assert_eq!(app.mode(), Mode::Results);
    let export = press_e(&mut app).export.expect("a briefing");
    assert_eq!(export.file_name, "peel-search-2026-01-02.md");
    assert!(export.text.contains("## 1. "), "{}", export.text);
    assert!(export.what.contains("“jigsaw”"), "{}", export.what);
}

#[test]
fn e_is_in_the_help_of_every_screen_that_shows_something() {
    for mode in [
        Mode::Tree,
        Mode::Reader,
        Mode::Results,
        Mode::Compare,
        Mode::Overview,
        Mode::Recurring,
        Mode::Bookmarks,
    ] {
        assert!(
            bindings(mode)
                .iter()
                .any(|b| b.action == Export && b.keys.iter().any(|k| k.label == "e")),
            "{mode:?}"
        );
    }
    // Typed in the prompt, e is a letter of the query.
    assert_eq!(
        action_for(Mode::Prompt, Key::char('e')),
        Some(Type("e".into()))
    );
}

#[test]
fn e_in_tmux_writes_the_briefing_here_and_says_where() {
    let dir = tempfile::tempdir().unwrap();
    let command = format!(
        "cd {} && SOURCE_DATE_EPOCH=1767355200 {}",
        dir.path().display(),
        env!("CARGO_BIN_EXE_peel")
    );
    let Some(tmux) = Tmux::start("export", 120, 30, &command) else {
        return;
    };
    tmux.wait_for("Investigating crime");
    tmux.keys(&["j", "e"]);
    tmux.wait_for("Exported the node");
    let first = dir.path().join("peel-node-2026-01-02.md");
    let deadline = Instant::now() + Duration::from_secs(5);
    while !first.exists() {
        assert!(
            Instant::now() < deadline,
            "no file in {}",
            dir.path().display()
        );
        std::thread::sleep(Duration::from_millis(20));
    }
    assert!(std::fs::read_to_string(&first).unwrap().starts_with("# "));
    tmux.keys(&["e"]);
    tmux.wait_for("peel-node-2026-01-02-2.md");
    assert!(dir.path().join("peel-node-2026-01-02-2.md").exists());
    tmux.keys(&["q"]);
}

#[test]
fn e_over_peel_serve_copies_the_briefing_with_osc_52() {
    let Some(server) = Server::start(&[]) else {
        return;
    };
    let mut client = server.client(Some(&server.reader()), &[]);
    client
        .start_reading()
        .wait_for("Metropolitan Police Service");
    client.send(b"e");
    client.wait_for("Copied");
    let output = client.output();
    let start = output.find("\u{1b}]52;c;").unwrap() + 7;
    let end = start + output[start..].find(['\u{1b}', '\u{7}']).unwrap();
    use base64::Engine;
    let copied = base64::engine::general_purpose::STANDARD
        .decode(&output[start..end])
        .unwrap();
    let copied = String::from_utf8(copied).unwrap();
    assert!(copied.starts_with("# "), "{copied}");
    assert!(copied.contains("Exported "), "{copied}");
    client.send(b"q");
}
