//! Helpers shared by the integration tests.
#![allow(dead_code)]

pub mod fuzz_cases;
pub mod import_page;
pub mod pty;
pub mod seeds;
pub mod serve;
pub mod sshd;
pub mod tmux;
pub mod wire;

use std::path::{Path, PathBuf};
use std::process::Command;

/// HOME and the XDG folders, all inside `dir`: whatever a test runs (peel, a shell, ssh)
/// keeps its cache, saved state and history there, never in the developer's HOME.
pub fn own_home(dir: &Path) -> [(&'static str, PathBuf); 4] {
    [
        ("HOME", dir.to_path_buf()),
        ("XDG_CACHE_HOME", dir.join("cache")),
        ("XDG_STATE_HOME", dir.join("state")),
        ("XDG_CONFIG_HOME", dir.join("config")),
    ]
}

/// The real binary, with a HOME and XDG folders of its own (`own_home`). Keep the
/// returned folder alive while it runs.
pub fn peel_command() -> (Command, tempfile::TempDir) {
    let home = tempfile::tempdir().expect("temporary home");
    let mut command = Command::new(env!("CARGO_BIN_EXE_peel"));
    command.envs(own_home(home.path()));
    (command, home)
}

/// Whether the tools a group of tests needs are installed. A missing tool fails the test
/// with the Debian package to install (`.ci/run` installs them all), unless the group is
/// named in `PEEL_SKIP` (e.g. `PEEL_SKIP=ssh,tmux`), when the test says it is skipped.
/// Tests never install anything themselves.
pub fn needs(group: &str) -> bool {
    let tools: &[(&str, &str)] = match group {
        "tmux" => &[("tmux", "tmux")],
        "ssh" => &[
            ("/usr/sbin/sshd", "openssh-server"),
            ("ssh", "openssh-client"),
            ("ssh-keygen", "openssh-client"),
            ("tmux", "tmux"),
        ],
        other => panic!("no test group {other}"),
    };
    let missing: Vec<&str> = tools
        .iter()
        .filter(|(tool, _)| !installed(tool))
        .map(|(_, package)| *package)
        .collect();
    if missing.is_empty() {
        return true;
    }
    let skipped =
        std::env::var("PEEL_SKIP").is_ok_and(|groups| groups.split(',').any(|g| g.trim() == group));
    assert!(
        skipped,
        "the {group} tests need the Debian packages {missing:?} (apt-get install {}; .ci/run \
         installs them), or PEEL_SKIP={group} to skip these tests",
        missing.join(" ")
    );
    eprintln!("SKIPPED: PEEL_SKIP names {group}, and {missing:?} are not installed");
    false
}

fn installed(tool: &str) -> bool {
    if tool.contains('/') {
        return Path::new(tool).exists();
    }
    std::env::var_os("PATH")
        .is_some_and(|paths| std::env::split_paths(&paths).any(|dir| dir.join(tool).is_file()))
}

pub fn fixture(name: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(name)
}

/// A private copy of a fixture folder, so a test can break one file of it.
pub fn copy_of(name: &str) -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temporary folder");
    copy_tree(&fixture(name), dir.path());
    dir
}

fn copy_tree(from: &Path, to: &Path) {
    std::fs::create_dir_all(to).expect("create folder");
    for entry in std::fs::read_dir(from).expect("read fixture") {
        let entry = entry.expect("fixture entry");
        let target = to.join(entry.file_name());
        if entry.path().is_dir() {
            copy_tree(&entry.path(), &target);
        } else {
            std::fs::copy(entry.path(), &target).expect("copy fixture file");
        }
    }
}

use peel::model::Library;
use peel::tui::action::Action;
use peel::tui::action::Motion;
use peel::tui::app::App;
use peel::tui::flow::{Chunk, RowSpan};
use peel::tui::palette::Palette;
use peel::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;

pub const PLAIN: Palette = Palette {
    color: false,
    ascii: false,
};

pub const ASCII: Palette = Palette {
    color: false,
    ascii: true,
};

/// The shipped reports. Only content tests (what the built-in content says, and screens
/// that document it) load it; behaviour tests load `explorer()`.
pub fn builtin() -> Library {
    peel::builtin::library().expect("built-in content")
}

/// The explorer's test library (tests/fixtures/explorer), read by the real loader: one
/// made-up force with three assessments (2017, 2024, 2025), every grade, a long finding
/// with recommendations, a table, figures, themes, recurring issues and an acronym, so
/// the behaviour tests do not change when a shipped report is edited.
pub fn explorer() -> Library {
    peel::content::load_dir(&fixture("explorer")).expect("the explorer fixture loads")
}

/// The screen as text, one line per row; wide characters are not doubled.
pub fn screen_text(buffer: &Buffer) -> String {
    let area = buffer.area;
    let mut out = String::new();
    for y in area.top()..area.bottom() {
        let mut skip = 0;
        for x in area.left()..area.right() {
            if skip > 0 {
                skip -= 1;
                continue;
            }
            let symbol = buffer[(x, y)].symbol();
            skip = unicode_width::UnicodeWidthStr::width(symbol).saturating_sub(1);
            out.push_str(symbol);
        }
        out.push('\n');
    }
    out
}

/// Draws the app on a test terminal of its own size and returns the screen text.
pub fn render(app: &App) -> String {
    let mut terminal =
        Terminal::new(TestBackend::new(app.width, app.height)).expect("test terminal");
    terminal
        .draw(|frame| peel::tui::views::draw(frame, app))
        .expect("draw");
    screen_text(terminal.backend().buffer())
}

/// An explorer of `size` on the node `id`, after `actions`.
pub fn open_at<'a>(
    library: &'a Library,
    size: (u16, u16),
    id: &str,
    actions: &[Action],
) -> App<'a> {
    open_at_in(library, size, PLAIN, id, actions)
}

/// As `open_at`, in `theme`.
pub fn open_at_in<'a>(
    library: &'a Library,
    size: (u16, u16),
    theme: Palette,
    id: &str,
    actions: &[Action],
) -> App<'a> {
    let mut app = App::new(library, theme, size.0, size.1);
    let key = library.find(id).unwrap_or_else(|| panic!("no node {id}"));
    app.select(key);
    app.settle();
    for action in actions {
        let _ = update(&mut app, action.clone());
    }
    app
}

/// An explorer of `size` with `ids` bookmarked in that order, on the node `at`.
pub fn bookmarked<'a>(library: &'a Library, size: (u16, u16), ids: &[&str], at: &str) -> App<'a> {
    let mut app = App::new(library, PLAIN, size.0, size.1);
    let key = |id: &str| library.find(id).unwrap_or_else(|| panic!("no node {id}"));
    for id in ids {
        app.select(key(id));
        let _ = update(&mut app, Action::ToggleBookmark);
    }
    app.select(key(at));
    app.settle();
    app
}

/// Everything the reader shows of the selected node, line by line, at its current width.
pub fn reader_text(app: &App) -> String {
    let flow = app.flow();
    let width = usize::from(app.reader_area().width);
    let mut out = String::new();
    for chunk in 0..flow.chunks.len() {
        for row in flow.rows(chunk, width).iter() {
            match (&flow.chunks[chunk], row) {
                (Chunk::Text(text), RowSpan::Text { start, end, first }) => {
                    out.push_str(if *first { &text.first } else { &text.rest });
                    out.push_str(&text.text[*start..*end]);
                }
                (_, RowSpan::Table(line)) => out.push_str(line),
                _ => {}
            }
            out.push('\n');
        }
    }
    out
}

/// The words of `text`, for comparing what two renderings say regardless of layout: runs
/// of letters and digits (bullets, brackets and line breaks are layout).
pub fn words(text: &str) -> Vec<String> {
    text.split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_owned)
        .collect()
}

/// Every screen a reader meets, by name, for snapshots and for the ASCII and fitting tests.
pub const SCENES: [&str; 14] = [
    "start",
    "area",
    "finding",
    "recommendations",
    "table",
    "help",
    "search",
    "results",
    "jump",
    "compare",
    "overview",
    "figures",
    "recurring",
    "bookmarks",
];

/// The sizes every screen is checked at.
pub const SIZES: [(u16, u16); 4] = [(60, 20), (80, 24), (120, 40), (200, 60)];

/// The explorer showing scene `name` at `size`, in `theme`.
pub fn scene<'a>(library: &'a Library, name: &str, size: (u16, u16), theme: Palette) -> App<'a> {
    use Action::*;
    let mut app = App::new(library, theme, size.0, size.1);
    let mut go = |id: &str, actions: &[Action]| {
        app.select(library.find(id).unwrap_or_else(|| panic!("no node {id}")));
        app.settle();
        for action in actions {
            let _ = update(&mut app, action.clone());
        }
    };
    match name {
        "start" => {}
        "area" => go("2024/investigating-crime", &[Open]),
        "finding" => go(
            "2024/managing-offenders/cause-of-concern/registered-sex-offenders",
            &[Open],
        ),
        "recommendations" => go(
            "2024/investigating-crime/cause-of-concern/crime-allocation",
            &[Open, Move(Motion::Bottom)],
        ),
        "table" => go(
            "2024/investigating-crime/area-for-improvement/outcomes-for-victims",
            &[Open, Move(Motion::PageDown)],
        ),
        "help" => go("2017", &[Help]),
        "search" => go("2017", &[Search, Type("jigsaw".into())]),
        "results" => go(
            "2017",
            &[
                Search,
                Type("stop and search".into()),
                Results,
                Move(Motion::Down),
            ],
        ),
        "jump" => go("2017", &[Search, Type("jigsaw".into()), Accept]),
        "compare" => go("2024/investigating-crime", &[Compare]),
        "overview" => go("2017", &[Overview]),
        "figures" => go("2017", &[Overview, ColumnRight]),
        "recurring" => go("2017", &[Recurring]),
        "bookmarks" => {
            go(
                "2024/managing-offenders/cause-of-concern/registered-sex-offenders",
                &[ToggleBookmark],
            );
            go("2024/investigating-crime", &[ToggleBookmark, Bookmarks]);
        }
        other => panic!("no scene {other}"),
    }
    app
}

/// The report's own mark-up removed, as the content's transcription rules say: link
/// syntax, bold, headings and bullet markers; whitespace folded.
#[allow(unused_imports)] // Not every test binary reads source lines.
pub use peel::export::source_words;
