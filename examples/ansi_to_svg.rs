//! Turns a terminal capture with SGR colour codes (`tmux capture-pane -e -p`) into an SVG
//! image, so the screenshots in `screenshots/` come from the real program. Used by
//! `scripts/screenshots.sh`; reads the capture on stdin, writes SVG on stdout.

use std::io::{self, Read, Write};
use unicode_width::UnicodeWidthChar;

const CELL_WIDTH: f32 = 8.4;
const CELL_HEIGHT: f32 = 17.0;
const FOREGROUND: &str = "#d0d0d0";
const BACKGROUND: &str = "#1c1c1c";

#[derive(Clone, Copy, Default, PartialEq)]
struct Style {
    fg: Option<u8>,
    bg: Option<u8>,
    bold: bool,
    dim: bool,
    italic: bool,
    reverse: bool,
}

struct Cell {
    ch: char,
    style: Style,
}

fn main() -> io::Result<()> {
    let mut input = String::new();
    io::stdin().read_to_string(&mut input)?;
    // tmux starts a line without repeating the style the last one ended in.
    let mut style = Style::default();
    let rows: Vec<Vec<Cell>> = input
        .lines()
        .map(|line| parse_line(line, &mut style))
        .collect();
    let columns = rows
        .iter()
        .map(|r| {
            r.iter()
                .map(|c| c.ch.width().unwrap_or(0).max(1))
                .sum::<usize>()
        })
        .max()
        .unwrap_or(0);
    let width = columns as f32 * CELL_WIDTH + 16.0;
    let height = rows.len() as f32 * CELL_HEIGHT + 16.0;
    let mut svg = format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{width:.0}\" height=\"{height:.0}\" viewBox=\"0 0 {width:.0} {height:.0}\">\n\
         <rect width=\"100%\" height=\"100%\" rx=\"6\" fill=\"{BACKGROUND}\"/>\n\
         <g font-family=\"'DejaVu Sans Mono', 'Menlo', 'Consolas', monospace\" font-size=\"14px\" xml:space=\"preserve\">\n"
    );
    for (y, row) in rows.iter().enumerate() {
        let top = 8.0 + y as f32 * CELL_HEIGHT;
        let mut x = 0usize;
        for cell in row {
            let span = cell.ch.width().unwrap_or(0).max(1);
            let (fg, bg) = colours(cell.style);
            let left = 8.0 + x as f32 * CELL_WIDTH;
            if bg != BACKGROUND {
                svg.push_str(&format!(
                    "<rect x=\"{left:.1}\" y=\"{top:.1}\" width=\"{:.1}\" height=\"{CELL_HEIGHT}\" fill=\"{bg}\"/>\n",
                    span as f32 * CELL_WIDTH + 0.5
                ));
            }
            if let Some((fraction, opacity)) = block(cell.ch) {
                // Bars are drawn as shapes, so they join up from cell to cell.
                svg.push_str(&format!(
                    "<rect x=\"{left:.1}\" y=\"{:.1}\" width=\"{:.1}\" height=\"{:.1}\" fill=\"{fg}\" opacity=\"{opacity}\"/>\n",
                    top + 2.0,
                    CELL_WIDTH * fraction + 0.3,
                    CELL_HEIGHT - 4.0
                ));
            } else if cell.ch != ' ' {
                let weight = if cell.style.bold {
                    " font-weight=\"bold\""
                } else {
                    ""
                };
                let italic = if cell.style.italic {
                    " font-style=\"italic\""
                } else {
                    ""
                };
                let opacity = if cell.style.dim {
                    " opacity=\"0.65\""
                } else {
                    ""
                };
                svg.push_str(&format!(
                    "<text x=\"{left:.1}\" y=\"{:.1}\" fill=\"{fg}\"{weight}{italic}{opacity}>{}</text>\n",
                    top + CELL_HEIGHT - 4.5,
                    escape(cell.ch)
                ));
            }
            x += span;
        }
    }
    svg.push_str("</g>\n</svg>\n");
    io::stdout().write_all(svg.as_bytes())
}

fn parse_line(line: &str, style: &mut Style) -> Vec<Cell> {
    let mut cells = Vec::new();
    let mut chars = line.chars().peekable();
    while let Some(ch) = chars.next() {
        if ch == '\u{1b}' && chars.peek() == Some(&'[') {
            chars.next();
            let mut params = String::new();
            for c in chars.by_ref() {
                if c.is_ascii_alphabetic() {
                    if c == 'm' {
                        apply_sgr(style, &params);
                    }
                    break;
                }
                params.push(c);
            }
            continue;
        }
        cells.push(Cell { ch, style: *style });
    }
    cells
}

fn apply_sgr(style: &mut Style, params: &str) {
    let codes: Vec<u16> = params
        .split([';', ':'])
        .map(|p| p.parse().unwrap_or(0))
        .collect();
    let mut i = 0;
    while i < codes.len() {
        match codes[i] {
            0 => *style = Style::default(),
            1 => style.bold = true,
            2 => style.dim = true,
            3 => style.italic = true,
            7 => style.reverse = true,
            22 => (style.bold, style.dim) = (false, false),
            23 => style.italic = false,
            27 => style.reverse = false,
            30..=37 => style.fg = Some((codes[i] - 30) as u8),
            90..=97 => style.fg = Some((codes[i] - 90 + 8) as u8),
            40..=47 => style.bg = Some((codes[i] - 40) as u8),
            100..=107 => style.bg = Some((codes[i] - 100 + 8) as u8),
            39 => style.fg = None,
            49 => style.bg = None,
            38 | 48 if codes.get(i + 1) == Some(&5) => {
                let colour = codes.get(i + 2).map(|&c| c as u8);
                if codes[i] == 38 {
                    style.fg = colour
                } else {
                    style.bg = colour
                }
                i += 2;
            }
            _ => {}
        }
        i += 1;
    }
}

fn colours(style: Style) -> (String, String) {
    let fg = style.fg.map_or(FOREGROUND.to_owned(), xterm);
    let bg = style.bg.map_or(BACKGROUND.to_owned(), xterm);
    if style.reverse { (bg, fg) } else { (fg, bg) }
}

/// The xterm 256-colour palette.
fn xterm(index: u8) -> String {
    const BASIC: [&str; 16] = [
        "#000000", "#cd0000", "#00cd00", "#cdcd00", "#0000ee", "#cd00cd", "#00cdcd", "#e5e5e5",
        "#7f7f7f", "#ff0000", "#00ff00", "#ffff00", "#5c5cff", "#ff00ff", "#00ffff", "#ffffff",
    ];
    match index {
        0..=15 => BASIC[usize::from(index)].to_owned(),
        16..=231 => {
            let level = |v: u8| if v == 0 { 0 } else { 55 + v * 40 };
            let i = index - 16;
            format!(
                "#{:02x}{:02x}{:02x}",
                level(i / 36),
                level((i / 6) % 6),
                level(i % 6)
            )
        }
        _ => {
            let grey = 8 + (index - 232) * 10;
            format!("#{grey:02x}{grey:02x}{grey:02x}")
        }
    }
}

/// Block elements: the part of the cell each fills from the left, and how solid.
fn block(ch: char) -> Option<(f32, f32)> {
    Some(match ch {
        '█' => (1.0, 1.0),
        '▉' => (0.875, 1.0),
        '▊' => (0.75, 1.0),
        '▋' => (0.625, 1.0),
        '▌' => (0.5, 1.0),
        '▍' => (0.375, 1.0),
        '▎' => (0.25, 1.0),
        '▏' => (0.125, 1.0),
        '▒' => (1.0, 0.55),
        _ => return None,
    })
}

fn escape(ch: char) -> String {
    match ch {
        '<' => "&lt;".into(),
        '>' => "&gt;".into(),
        '&' => "&amp;".into(),
        '"' => "&quot;".into(),
        c => c.to_string(),
    }
}
