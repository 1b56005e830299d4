//! Wide (CJK, emoji), combining and right-to-left text: borders stay put, wrapped text
//! loses nothing and never overflows, and search highlights exactly the matched cells.

mod common;

use common::{PLAIN, fixture};
use peel::model::Library;
use peel::tui::action::Action;
use peel::tui::app::App;
use peel::tui::update::update;
use ratatui::Terminal;
use ratatui::backend::TestBackend;
use ratatui::buffer::Buffer;
use ratatui::layout::Rect;
use ratatui::style::Modifier;
use unicode_width::UnicodeWidthStr;

const SIZES: [(u16, u16); 5] = [(40, 12), (60, 20), (80, 24), (120, 40), (200, 60)];
const CJK_PARAGRAPH: &str = "捜査は経験の浅い警察官に割り当てられている。複雑な事件も新人に任されている。監督者は時間が足りないと述べた。捜査計画は百二十二件中九十五件で作成されていた。";

fn library() -> Library {
    peel::content::load_dir(&fixture("unicode")).expect("the unicode fixture loads")
}

fn draw(app: &App) -> Buffer {
    let mut terminal = Terminal::new(TestBackend::new(app.width, app.height)).unwrap();
    terminal
        .draw(|frame| peel::tui::views::draw(frame, app))
        .unwrap();
    terminal.backend().buffer().clone()
}

/// The text of one row of `area`, wide characters once (their trailing cells skipped).
fn row_text(buffer: &Buffer, area: Rect, y: u16) -> String {
    let mut text = String::new();
    let mut x = area.left();
    while x < area.right() {
        let symbol = buffer[(x, y)].symbol();
        text.push_str(symbol);
        x += symbol.width().max(1) as u16;
    }
    text
}

fn is_vertical_border(symbol: &str) -> bool {
    matches!(
        symbol,
        "│" | "╭" | "╮" | "╰" | "╯" | "┤" | "├" | "|" | "+" | "]" | "▐" | "█" | "┃" | "║"
    )
}

#[test]
fn borders_stay_in_their_columns_on_every_node_at_every_size() {
    let library = library();
    for (width, height) in SIZES {
        let mut app = App::new(&library, PLAIN, width, height);
        for key in library.preorder() {
            app.select(key);
            app.settle();
            for focus in [false, true] {
                if focus {
                    let _ = update(&mut app, Action::ToggleFocus);
                }
                let buffer = draw(&app);
                let panes = app.panes();
                for pane in [panes.left, panes.right].into_iter().flatten() {
                    for y in pane.top()..pane.bottom() {
                        for x in [pane.left(), pane.right() - 1] {
                            let symbol = buffer[(x, y)].symbol();
                            assert!(
                                is_vertical_border(symbol),
                                "{width}x{height} {}: {symbol:?} at ({x},{y}) where a border belongs:\n{}",
                                library.id(key),
                                row_text(&buffer, buffer.area, y)
                            );
                        }
                    }
                }
                if focus {
                    let _ = update(&mut app, Action::ToggleFocus);
                }
            }
        }
    }
}

#[test]
fn wrapped_cjk_text_loses_nothing_and_fits_the_reader() {
    let library = library();
    let key = library
        .find("2024/investigating/cause-of-concern/allocation")
        .unwrap();
    for (width, height) in [(40, 60), (60, 60), (80, 60), (120, 60)] {
        let mut app = App::new(&library, PLAIN, width, height);
        app.select(key);
        let _ = update(&mut app, Action::ToggleFocus);
        let buffer = draw(&app);
        let area = app.reader_area();
        let mut text = String::new();
        for y in area.top()..area.bottom() {
            let row = row_text(&buffer, area, y);
            assert!(
                row.width() <= usize::from(area.width),
                "{row:?} overflows {}",
                area.width
            );
            text.push_str(row.trim_end());
        }
        let compact: String = text.chars().filter(|c| !c.is_whitespace()).collect();
        assert!(compact.contains(CJK_PARAGRAPH), "{width} columns:\n{text}");
        for piece in [
            "👨\u{200d}👩\u{200d}👧",
            "re\u{301}sume\u{301}",
            "Zoe\u{308}",
            "التحقيقفيالجرائم",
            "חקירהאיטית",
        ] {
            assert!(
                compact.contains(piece),
                "{width} columns lost {piece:?}:\n{text}"
            );
        }
    }
}

/// The highlighted cells of every row, as the strings they spell.
fn highlighted_runs(buffer: &Buffer) -> Vec<String> {
    let mut runs = Vec::new();
    for y in buffer.area.top()..buffer.area.bottom() {
        let mut run = String::new();
        let mut x = buffer.area.left();
        while x < buffer.area.right() {
            let cell = &buffer[(x, y)];
            let step = cell.symbol().width().max(1) as u16;
            if cell.modifier.contains(Modifier::UNDERLINED) {
                run.push_str(cell.symbol());
            } else if !run.is_empty() {
                runs.push(std::mem::take(&mut run));
            }
            x += step;
        }
        if !run.is_empty() {
            runs.push(run);
        }
    }
    runs
}

#[test]
fn search_highlights_exactly_the_matched_cells_after_wide_text() {
    let library = library();
    for (query, word) in [
        ("捜査", "捜査"),
        ("skilled", "skilled"),
        ("families", "Families"),
        ("الجرائم", "الجرائم"),
        ("חקירה", "חקירה"),
    ] {
        for (width, height) in [(80, 24), (120, 40)] {
            let mut app = App::new(&library, PLAIN, width, height);
            let _ = update(&mut app, Action::Search);
            for c in query.chars() {
                let _ = update(&mut app, Action::Type(c.to_string()));
            }
            let buffer = draw(&app);
            let runs = highlighted_runs(&buffer);
            assert!(!runs.is_empty(), "{query}: nothing highlighted");
            for run in &runs {
                assert_eq!(
                    run, word,
                    "{query} at {width}x{height}: highlighted {runs:?}"
                );
            }
        }
    }
}

/// The same in a real terminal: tmux agrees with unicode-width on these characters, so
/// every captured line must be exactly the terminal's width and end on the border.
#[test]
fn in_tmux_every_line_of_wide_text_ends_on_its_border() {
    let command = format!(
        "{} --no-state --content {}",
        env!("CARGO_BIN_EXE_peel"),
        fixture("unicode").display()
    );
    let Some(tmux) = common::tmux::Tmux::start("unicode", 100, 30, &command) else {
        return;
    };
    tmux.wait_for("Testshire Police");
    tmux.keys(&["/"]);
    tmux.run(&["send-keys", "-t", "main", "-l", "families"]);
    tmux.keys(&["Enter"]);
    let screen = tmux.wait_for_all(&["Families", "Recommendations"]);
    for line in screen.lines().take(29) {
        assert_eq!(line.width(), 100, "misaligned:\n{line}\n\n{screen}");
        assert!(
            line.ends_with('│') || line.ends_with('╮') || line.ends_with('╯'),
            "{line}"
        );
    }
}
