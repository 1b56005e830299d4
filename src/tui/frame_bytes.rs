//! A frame's bytes, made without ratatui's per-cell costs: which cells changed since the
//! last frame (`diff`, exactly ratatui's `Buffer::diff`), and the escape sequences that
//! paint them (`Painter`, exactly what `CrosstermBackend::draw` writes), formatted by hand
//! into one buffer instead of through `core::fmt` one small write at a time.
//!
//! Both are proven against ratatui's own by `tests/frame_bytes.rs`, byte for byte.
//! ratatui's diff measures the width of every cell's symbol, unchanged ones too, through
//! `unicode_width`; here an unchanged cell's width is asked only when it may be wide, and
//! the widths of short symbols are remembered.

use ratatui::buffer::{Buffer, Cell, CellDiffOption, CellWidth};
use ratatui::style::{Color, Modifier};

/// Modifiers that show on a blank cell, so a wide character's trailing columns keep showing
/// them after the character is replaced (ratatui's `VISIBLE_ON_BLANK`).
const VISIBLE_ON_BLANK: Modifier = Modifier::REVERSED
    .union(Modifier::UNDERLINED)
    .union(Modifier::SLOW_BLINK)
    .union(Modifier::RAPID_BLINK)
    .union(Modifier::CROSSED_OUT);

/// The widths of short symbols (two to four bytes: box drawing, arrows, accented letters,
/// most wide characters) already measured, in a small table indexed by a hash of the bytes.
/// A symbol's width depends on its bytes alone, so a remembered width is the width.
pub struct Widths {
    slots: Box<[(u64, u16); SLOTS]>,
}

const SLOTS: usize = 256;

impl Default for Widths {
    fn default() -> Widths {
        Widths {
            slots: Box::new([(0, 0); SLOTS]),
        }
    }
}

impl Widths {
    /// The columns `cell` takes, as ratatui's `Cell::cell_width` counts them.
    #[inline]
    pub fn of(&mut self, cell: &Cell) -> usize {
        match cell.diff_option {
            CellDiffOption::ForcedWidth(width) => usize::from(width.get()),
            _ => self.of_symbol(cell.symbol()),
        }
    }

    #[inline]
    fn of_symbol(&mut self, symbol: &str) -> usize {
        // Packed by pattern rather than copied: a copy of a variable length is a call.
        match *symbol.as_bytes() {
            [_] => 1,
            [a, b] => self.remembered(symbol, [a, b, 0, 0], 2),
            [a, b, c] => self.remembered(symbol, [a, b, c, 0], 3),
            [a, b, c, d] => self.remembered(symbol, [a, b, c, d], 4),
            _ => usize::from(symbol.cell_width()),
        }
    }

    /// The width of a symbol of two to four bytes, `packed` (zero-padded) with its length.
    #[inline]
    fn remembered(&mut self, symbol: &str, packed: [u8; 4], length: u64) -> usize {
        // Never 0: the length is in the key, so an empty slot matches nothing.
        let key = u64::from(u32::from_le_bytes(packed)) | length << 32;
        let slot = (key.wrapping_mul(0x9E37_79B9_7F4A_7C15) >> 56) as usize % SLOTS;
        let (known, width) = self.slots[slot];
        if known == key {
            return usize::from(width);
        }
        let width = symbol.cell_width();
        self.slots[slot] = (key, width);
        usize::from(width)
    }
}

/// Whether two cells are equal as ratatui's `Cell::eq` has it (a missing symbol is a
/// space), the cheap fields first.
#[inline]
fn same(a: &Cell, b: &Cell) -> bool {
    same_style(a, b) && same_symbol(a.symbol(), b.symbol())
}

/// Whether two cells are equal but for their symbols.
#[inline(always)]
#[allow(deprecated)]
fn same_style(a: &Cell, b: &Cell) -> bool {
    a.fg == b.fg
        && a.bg == b.bg
        && a.modifier == b.modifier
        && a.underline_color == b.underline_color
        && a.diff_option == b.diff_option
        && a.skip == b.skip
}

/// `a == b`, byte by byte: symbols are a few bytes, shorter than a call to `memcmp`.
#[inline(always)]
fn same_symbol(a: &str, b: &str) -> bool {
    let (a, b) = (a.as_bytes(), b.as_bytes());
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// A cell the diff never sends (ratatui's `is_skip`).
#[inline]
#[allow(deprecated)]
fn is_skip(cell: &Cell) -> bool {
    matches!(cell.diff_option, CellDiffOption::Skip)
        || (cell.skip && matches!(cell.diff_option, CellDiffOption::None))
}

/// Calls `changed` with the index in `next.content` of every cell that must be sent to
/// turn the screen showing `prev` into `next`, in order: the cells `prev.diff(next)`
/// yields, wide characters, skipped cells and ratatui's extra writes over a wide
/// character's trailing columns included. Where ratatui would index past the end of
/// `next` (a wide character's trailing column past its last cell), this stops instead.
///
/// # Panics
///
/// If the two buffers differ in x, y or width, as `Buffer::diff` does.
pub fn diff(prev: &Buffer, next: &Buffer, widths: &mut Widths, mut changed: impl FnMut(usize)) {
    assert!(
        prev.area.x == next.area.x
            && prev.area.y == next.area.y
            && prev.area.width == next.area.width,
        "buffer areas must have the same x, y, and width: prev={:?}, next={:?}",
        prev.area,
        next.area,
    );
    let (prev, next) = (&prev.content[..], &next.content[..]);
    let len = next.len().min(prev.len());
    let mut pos = 0;
    while pos < len {
        let i = pos;
        pos += 1;
        let current = &next[i];
        let previous = &prev[i];
        match current.diff_option {
            CellDiffOption::Skip => {}
            _ if is_skip(current) => {}
            CellDiffOption::ForcedWidth(width) => {
                pos = pos.saturating_add(usize::from(width.get()).saturating_sub(1));
                if !same(current, previous) {
                    changed(i);
                }
            }
            CellDiffOption::None | CellDiffOption::AlwaysUpdate => {
                let always = matches!(current.diff_option, CellDiffOption::AlwaysUpdate);
                // Asked once: `symbol` is a call into ratatui, and a frame has thousands.
                let symbol = current.symbol();
                if !always
                    && same_style(current, previous)
                    && same_symbol(symbol, previous.symbol())
                {
                    // An unchanged cell still covers its trailing columns (its width is its
                    // symbol's: it has no forced width); a one-byte symbol is one column
                    // without asking.
                    if symbol.len() > 1 {
                        pos += widths.of_symbol(symbol).saturating_sub(1);
                    }
                    continue;
                }
                // No forced width here: the symbol's is the cell's.
                let width = widths.of_symbol(symbol);
                changed(i);
                // ratatui's trailing writes: `end` is where the main loop resumes. The
                // previous cell's width is asked only where it could matter (it shows on a
                // blank), as it is the dearer test.
                let (mut at, mut end, force) = if width > 1 && symbol.contains('\u{FE0F}') {
                    (i + 1, (i + width).min(len), false)
                } else if width > 1 {
                    pos += width - 1;
                    continue;
                } else if previous.bg != Color::Reset
                    || previous.modifier.intersects(VISIBLE_ON_BLANK)
                {
                    match widths.of(previous) {
                        wider if wider > width => (i + 1, i + wider, true),
                        _ => continue,
                    }
                } else {
                    continue;
                };
                while at < end {
                    let j = at;
                    // Only the first trailing column can be past `len` (a wide character
                    // before a shorter buffer's end), and it is forced: ratatui then sends
                    // `next`'s cell there if `next` has one, and panics if not.
                    let Some(cell) = next.get(j) else { break };
                    at += widths.of(cell).max(1);
                    end = end.max(at).min(len);
                    if !is_skip(cell) && (force || prev[j].symbol() != cell.symbol()) {
                        changed(j);
                    }
                }
                pos = end.min(len).max(pos);
            }
        }
    }
}

/// Writes cells as `CrosstermBackend::draw` does: a cursor move unless the cell follows the
/// last one on its row, the modifiers that changed, the colours if either changed, the
/// underline colour if it changed, the symbol; and after the last cell, every colour and
/// attribute reset (`finish`).
pub struct Painter<'a> {
    out: &'a mut Vec<u8>,
    /// NO_COLOR is set: crossterm then writes no colour at all, not even a reset (an empty
    /// parameter in its sequences).
    no_color: bool,
    fg: Color,
    bg: Color,
    underline: Color,
    modifier: Modifier,
    last: Option<(u16, u16)>,
}

impl<'a> Painter<'a> {
    pub fn new(out: &'a mut Vec<u8>) -> Painter<'a> {
        Painter {
            out,
            no_color: crossterm::style::Colored::ansi_color_disabled_memoized(),
            fg: Color::Reset,
            bg: Color::Reset,
            underline: Color::Reset,
            modifier: Modifier::empty(),
            last: None,
        }
    }

    #[inline]
    pub fn cell(&mut self, x: u16, y: u16, cell: &Cell) {
        if !matches!(self.last, Some((lx, ly)) if x == lx.wrapping_add(1) && y == ly) {
            move_to(self.out, x, y);
        }
        self.last = Some((x, y));
        if cell.modifier != self.modifier {
            self.modifiers(cell.modifier);
            self.modifier = cell.modifier;
        }
        if cell.fg != self.fg || cell.bg != self.bg {
            self.out.extend_from_slice(b"\x1b[");
            self.colour(b"38;", b"39", cell.fg);
            self.out.push(b';');
            self.colour(b"48;", b"49", cell.bg);
            self.out.push(b'm');
            self.fg = cell.fg;
            self.bg = cell.bg;
        }
        if cell.underline_color != self.underline {
            self.out.extend_from_slice(b"\x1b[");
            self.colour(b"58;", b"59", cell.underline_color);
            self.out.push(b'm');
            self.underline = cell.underline_color;
        }
        match cell.symbol().as_bytes() {
            [byte] => self.out.push(*byte),
            symbol => self.out.extend_from_slice(symbol),
        }
    }

    /// The resets `CrosstermBackend::draw` ends with, cells or none.
    pub fn finish(self) {
        if self.no_color {
            self.out.extend_from_slice(b"\x1b[m\x1b[m\x1b[m\x1b[0m");
        } else {
            self.out
                .extend_from_slice(b"\x1b[39m\x1b[49m\x1b[59m\x1b[0m");
        }
    }

    /// crossterm's `Colored`: `reset` for the default colour, else `set` and the colour.
    fn colour(&mut self, set: &[u8], reset: &[u8], colour: Color) {
        if self.no_color {
            return;
        }
        let indexed = match colour {
            Color::Reset => return self.out.extend_from_slice(reset),
            Color::Black => 0,
            Color::Red => 1,
            Color::Green => 2,
            Color::Yellow => 3,
            Color::Blue => 4,
            Color::Magenta => 5,
            Color::Cyan => 6,
            Color::Gray => 7,
            Color::DarkGray => 8,
            Color::LightRed => 9,
            Color::LightGreen => 10,
            Color::LightYellow => 11,
            Color::LightBlue => 12,
            Color::LightMagenta => 13,
            Color::LightCyan => 14,
            Color::White => 15,
            Color::Indexed(i) => i,
            Color::Rgb(r, g, b) => {
                self.out.extend_from_slice(set);
                self.out.extend_from_slice(b"2;");
                decimal(self.out, u32::from(r));
                self.out.push(b';');
                decimal(self.out, u32::from(g));
                self.out.push(b';');
                decimal(self.out, u32::from(b));
                return;
            }
        };
        self.out.extend_from_slice(set);
        self.out.extend_from_slice(b"5;");
        decimal(self.out, u32::from(indexed));
    }

    /// ratatui's `ModifierDiff::queue`, attribute by attribute in its order.
    fn modifiers(&mut self, to: Modifier) {
        let from = self.modifier;
        let removed = from - to;
        let out = &mut *self.out;
        let mut sgr = |code: &[u8]| {
            out.extend_from_slice(b"\x1b[");
            out.extend_from_slice(code);
            out.push(b'm');
        };
        if removed.contains(Modifier::REVERSED) {
            sgr(b"27");
        }
        let reset_intensity = removed.intersects(Modifier::BOLD | Modifier::DIM);
        if reset_intensity {
            sgr(b"22");
            if to.contains(Modifier::DIM) {
                sgr(b"2");
            }
            if to.contains(Modifier::BOLD) {
                sgr(b"1");
            }
        }
        for (modifier, code) in ENDED {
            if removed.contains(modifier) {
                sgr(code);
            }
        }
        if removed.intersects(Modifier::SLOW_BLINK | Modifier::RAPID_BLINK) {
            sgr(b"25");
        }
        let mut added = to - from;
        if reset_intensity {
            // Set again above, after the reset.
            added -= Modifier::BOLD | Modifier::DIM;
        }
        for (modifier, code) in STARTED {
            if added.contains(modifier) {
                sgr(code);
            }
        }
    }
}

/// The attributes ended one by one (after reverse and intensity, before blinking), with
/// their codes, in `ModifierDiff::queue`'s order.
const ENDED: [(Modifier, &[u8]); 4] = [
    (Modifier::ITALIC, b"23"),
    (Modifier::UNDERLINED, b"24"),
    (Modifier::CROSSED_OUT, b"29"),
    (Modifier::HIDDEN, b"28"),
];

/// The attributes started, with their codes, in `ModifierDiff::queue`'s order.
const STARTED: [(Modifier, &[u8]); 9] = [
    (Modifier::REVERSED, b"7"),
    (Modifier::BOLD, b"1"),
    (Modifier::ITALIC, b"3"),
    (Modifier::UNDERLINED, b"4"),
    (Modifier::DIM, b"2"),
    (Modifier::CROSSED_OUT, b"9"),
    (Modifier::HIDDEN, b"8"),
    (Modifier::SLOW_BLINK, b"5"),
    (Modifier::RAPID_BLINK, b"6"),
];

/// crossterm's `MoveTo`: one-based row, then column.
#[inline]
pub fn move_to(out: &mut Vec<u8>, x: u16, y: u16) {
    out.extend_from_slice(b"\x1b[");
    decimal(out, u32::from(y) + 1);
    out.push(b';');
    decimal(out, u32::from(x) + 1);
    out.push(b'H');
}

/// `n` in decimal, as `Display` writes it.
#[inline]
fn decimal(out: &mut Vec<u8>, n: u32) {
    let mut digits = [0u8; 10];
    let mut at = digits.len();
    let mut n = n;
    loop {
        at -= 1;
        digits[at] = b'0' + (n % 10) as u8;
        n /= 10;
        if n == 0 {
            break;
        }
    }
    out.extend_from_slice(&digits[at..]);
}
