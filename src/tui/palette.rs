//! Colours, the grade palette, NO_COLOR and plain-ASCII glyphs. Grades are always written
//! out as words too; colour only helps.

use crate::model::Grade;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use std::borrow::Cow;

/// Colours drawn on the terminal's own background, chosen to reach 4.5:1 (WCAG AA) on
/// black and on white alike, as `tests/contrast.rs` computes: a mid grey, a violet, a rose.
const DIM: u8 = 243;
const ACCENT: u8 = 98;
const SECOND_SERIES: u8 = 131;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct Palette {
    pub color: bool,
    pub ascii: bool,
}

const ASCII_BORDER: border::Set = border::Set {
    top_left: "+",
    top_right: "+",
    bottom_left: "+",
    bottom_right: "+",
    vertical_left: "|",
    vertical_right: "|",
    horizontal_top: "-",
    horizontal_bottom: "-",
};

impl Palette {
    /// Chooses from the environment: `NO_COLOR` (any value) or a `dumb` terminal turns
    /// colour off; a locale that is not UTF-8 (or none at all, the C locale) turns on ASCII
    /// glyphs.
    pub fn from_environment(no_color_flag: bool, ascii_flag: bool) -> Palette {
        let no_color = no_color_flag || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let variable = |name: &str| std::env::var(name).ok();
        Palette::choose(
            no_color,
            ascii_flag,
            variable("TERM").as_deref(),
            [variable("LC_ALL"), variable("LC_CTYPE"), variable("LANG")],
        )
    }

    /// The same choice from given values: a served session's come from its client. The
    /// locale is the first set of LC_ALL, LC_CTYPE and LANG, in that order.
    pub fn choose(
        no_color: bool,
        ascii: bool,
        term: Option<&str>,
        locale: [Option<String>; 3],
    ) -> Palette {
        let locale = locale
            .into_iter()
            .flatten()
            .find(|value| !value.is_empty())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let utf8 = locale.contains("utf-8") || locale.contains("utf8");
        Palette {
            color: !no_color && term != Some("dumb"),
            ascii: ascii || !utf8,
        }
    }

    /// The badge of a grade, or of "No grade" (`None`). 256-colour indices: truecolor can't
    /// be detected reliably over SSH, and these read well on dark and light backgrounds.
    pub fn grade(&self, grade: Option<Grade>) -> Style {
        let Some(grade) = grade else {
            return if self.color {
                Style::new().bg(Color::Indexed(240)).fg(Color::Indexed(231))
            } else {
                Style::new()
            };
        };
        if !self.color {
            return match grade {
                Grade::Inadequate | Grade::RequiresImprovement => {
                    Style::new().add_modifier(Modifier::BOLD)
                }
                _ => Style::new(),
            };
        }
        let background = match grade {
            Grade::Outstanding => Color::Indexed(25),
            Grade::Good => Color::Indexed(28),
            Grade::Adequate => Color::Indexed(136),
            Grade::RequiresImprovement => Color::Indexed(166),
            Grade::Inadequate => Color::Indexed(124),
            Grade::Ungraded | Grade::NotStated => Color::Indexed(240),
        };
        // White on the darker badges, black on the lighter two: each at 4.5:1 or more.
        let foreground = match grade {
            Grade::Adequate | Grade::RequiresImprovement => Color::Indexed(16),
            _ => Color::Indexed(231),
        };
        Style::new()
            .bg(background)
            .fg(foreground)
            .add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::new()
                .bg(Color::Indexed(24))
                .fg(Color::Indexed(231))
                .add_modifier(Modifier::BOLD),
            // Its own foreground: the terminal's default is dark on a light background.
            (true, false) => Style::new().bg(Color::Indexed(238)).fg(Color::Indexed(231)),
            (false, true) => Style::new().add_modifier(Modifier::REVERSED | Modifier::BOLD),
            (false, false) => Style::new().add_modifier(Modifier::REVERSED),
        }
    }

    /// Matched characters in search results and the reader.
    pub fn matched(&self) -> Style {
        if self.color {
            Style::new()
                .bg(Color::Indexed(220))
                .fg(Color::Indexed(16))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::REVERSED | Modifier::UNDERLINED)
        }
    }

    pub fn marker(&self) -> &'static str {
        // Not "|": beside the border it read as a thicker border (`|||`).
        if self.ascii { ">" } else { "▌" }
    }

    pub fn cursor(&self) -> &'static str {
        if self.ascii { "_" } else { "▏" }
    }

    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Indexed(DIM))
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn accent(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Indexed(ACCENT))
                .add_modifier(Modifier::BOLD)
        } else {
            Style::new().add_modifier(Modifier::BOLD)
        }
    }

    pub fn editorial(&self) -> Style {
        self.dim().add_modifier(Modifier::ITALIC)
    }

    pub fn border(&self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::new().fg(Color::Indexed(ACCENT)),
            (true, false) => Style::new().fg(Color::Indexed(DIM)),
            (false, true) => Style::new().add_modifier(Modifier::BOLD),
            (false, false) => Style::new(),
        }
    }

    pub fn border_set(&self) -> border::Set<'static> {
        if self.ascii {
            ASCII_BORDER
        } else {
            border::ROUNDED
        }
    }

    pub fn expanded_glyph(&self) -> &'static str {
        if self.ascii { "v " } else { "▾ " }
    }
    pub fn collapsed_glyph(&self) -> &'static str {
        if self.ascii { "> " } else { "▸ " }
    }
    pub fn bullet(&self) -> &'static str {
        if self.ascii { "* " } else { "• " }
    }
    pub fn separator(&self) -> &'static str {
        if self.ascii { " > " } else { " › " }
    }
    pub fn ellipsis(&self) -> &'static str {
        if self.ascii { "..." } else { "…" }
    }
    /// Between the parts of a line: "Cause of concern · 2024".
    pub fn dot(&self) -> &'static str {
        if self.ascii { " - " } else { " · " }
    }
    /// An empty cell.
    pub fn dash(&self) -> &'static str {
        if self.ascii { "-" } else { "—" }
    }
    pub fn recurring_mark(&self) -> &'static str {
        if self.ascii { "<->" } else { "⇄" }
    }
    pub fn reference_mark(&self) -> &'static str {
        if self.ascii { ":" } else { "┊" }
    }
    /// Before a bookmarked node in the tree.
    pub fn bookmark_mark(&self) -> &'static str {
        if self.ascii { "* " } else { "★ " }
    }

    /// The cell that fills bar `series` of a chart; each series its own, so grouped bars
    /// differ without colour.
    pub fn bar_fill(&self, series: usize) -> &'static str {
        match (self.ascii, series % 2) {
            (true, 0) => "#",
            (true, _) => "=",
            (false, 0) => "█",
            (false, _) => "▒",
        }
    }

    pub fn bar(&self, series: usize) -> Style {
        if !self.color {
            return Style::new();
        }
        Style::new().fg(Color::Indexed(if series.is_multiple_of(2) {
            ACCENT
        } else {
            SECOND_SERIES
        }))
    }

    /// A bar `exact` cells long (at most `most`), and the cells it takes: eighths of a cell
    /// for the first series in UTF-8, whole cells otherwise; never less than one cell for a
    /// value above zero, so a small value still shows.
    pub fn bar_cells(&self, exact: f64, series: usize, most: usize) -> (String, usize) {
        const EIGHTHS: [&str; 8] = ["", "▏", "▎", "▍", "▌", "▋", "▊", "▉"];
        let exact = exact.clamp(0.0, most as f64);
        if exact <= 0.0 {
            return (String::new(), 0);
        }
        if self.ascii || series % 2 == 1 {
            let cells = (exact.round() as usize).clamp(1, most.max(1));
            return (self.bar_fill(series).repeat(cells), cells);
        }
        let eighths = ((exact * 8.0).round() as usize).max(1);
        let (whole, part) = (eighths / 8, eighths % 8);
        let mut bar = "█".repeat(whole);
        bar.push_str(EIGHTHS[part]);
        (bar, whole + usize::from(part > 0))
    }

    /// Text for the terminal: unchanged in UTF-8; in ASCII mode, common typography becomes
    /// its ASCII look-alike and anything else a `?`, so a non-UTF-8 terminal shows no mojibake.
    pub fn text<'t>(&self, text: &'t str) -> Cow<'t, str> {
        if !self.ascii || text.is_ascii() {
            return Cow::Borrowed(text);
        }
        let mut out = String::with_capacity(text.len());
        for c in text.chars() {
            match c {
                c if c.is_ascii() => out.push(c),
                '‘' | '’' | '′' => out.push('\''),
                '“' | '”' => out.push('"'),
                '–' | '—' | '‑' => out.push('-'),
                '…' => out.push_str("..."),
                '•' => out.push('*'),
                '£' => out.push_str("GBP "),
                '€' => out.push_str("EUR "),
                '→' => out.push_str("->"),
                '›' => out.push('>'),
                '·' => out.push('-'),
                '⇄' => out.push_str("<->"),
                '★' => out.push('*'),
                '┊' => out.push(':'),
                '←' => out.push_str("<-"),
                '↑' => out.push('^'),
                '↓' => out.push('v'),
                '\u{a0}' => out.push(' '),
                'é' | 'è' | 'ê' => out.push('e'),
                'á' | 'à' | 'â' => out.push('a'),
                _ => out.push('?'),
            }
        }
        Cow::Owned(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn colour_and_glyphs_follow_the_terminal_and_its_locale() {
        let utf8 = || [None, None, Some("en_GB.UTF-8".to_owned())];
        let chosen = Palette::choose(false, false, Some("xterm-256color"), utf8());
        assert_eq!((chosen.color, chosen.ascii), (true, false));
        assert!(!Palette::choose(true, false, Some("xterm"), utf8()).color);
        assert!(!Palette::choose(false, false, Some("dumb"), utf8()).color);
        assert!(Palette::choose(false, true, Some("xterm"), utf8()).ascii);
        assert!(Palette::choose(false, false, None, [None, None, None]).ascii);
        // LC_ALL wins over LANG, even when it says less.
        let c_over_utf8 = [Some("C".to_owned()), None, Some("en_GB.utf8".to_owned())];
        assert!(Palette::choose(false, false, None, c_over_utf8).ascii);
        let empty_then_utf8 = [Some(String::new()), Some("C.UTF-8".to_owned()), None];
        assert!(!Palette::choose(false, false, None, empty_then_utf8).ascii);
    }

    #[test]
    fn ascii_mode_transliterates_typography() {
        let theme = Palette {
            color: false,
            ascii: true,
        };
        assert_eq!(
            theme.text("force’s “plan” – £92m…"),
            "force's \"plan\" - GBP 92m..."
        );
        assert_eq!(theme.text("日本"), "??");
    }

    #[test]
    fn unicode_mode_leaves_text_alone() {
        let theme = Palette {
            color: true,
            ascii: false,
        };
        assert!(matches!(theme.text("force’s"), Cow::Borrowed(_)));
    }

    #[test]
    fn monochrome_grades_still_differ_by_weight() {
        let theme = Palette {
            color: false,
            ascii: false,
        };
        assert_ne!(
            theme.grade(Some(Grade::Inadequate)),
            theme.grade(Some(Grade::Good))
        );
        assert_eq!(theme.grade(Some(Grade::Good)).fg, None);
    }

    #[test]
    fn a_small_value_still_gets_a_bar_and_none_gets_none() {
        for ascii in [false, true] {
            let theme = Palette {
                color: false,
                ascii,
            };
            assert_eq!(theme.bar_cells(0.05, 0, 40).1, 1);
            assert_eq!(theme.bar_cells(0.05, 1, 40).1, 1);
            assert_eq!(theme.bar_cells(0.0, 0, 40), (String::new(), 0));
            assert_eq!(theme.bar_cells(99.0, 0, 40).1, 40);
        }
        let theme = Palette {
            color: false,
            ascii: false,
        };
        assert_eq!(theme.bar_cells(2.5, 0, 40).0, "██▌");
    }
}
