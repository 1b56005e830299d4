//! Colours, the grade palette, NO_COLOR and plain-ASCII glyphs. Grades are always written
//! out as words too; colour only helps.

use crate::model::Grade;
use ratatui::style::{Color, Modifier, Style};
use ratatui::symbols::border;
use std::borrow::Cow;

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Theme {
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

impl Theme {
    /// Chooses from the environment: `NO_COLOR` (any value) turns colour off; a locale that
    /// is not UTF-8 (or none at all, the C locale) turns on ASCII glyphs.
    pub fn from_environment(no_color_flag: bool, ascii_flag: bool) -> Theme {
        let no_color = no_color_flag || std::env::var_os("NO_COLOR").is_some_and(|v| !v.is_empty());
        let locale = ["LC_ALL", "LC_CTYPE", "LANG"]
            .iter()
            .filter_map(|name| std::env::var(name).ok())
            .find(|value| !value.is_empty())
            .unwrap_or_default()
            .to_ascii_lowercase();
        let utf8 = locale.contains("utf-8") || locale.contains("utf8");
        Theme {
            color: !no_color,
            ascii: ascii_flag || !utf8,
        }
    }

    /// 256-colour indices: truecolor can't be detected reliably over SSH, and these read
    /// well on both dark and light backgrounds.
    pub fn grade(&self, grade: Grade) -> Style {
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
        Style::new()
            .bg(background)
            .fg(Color::Indexed(231))
            .add_modifier(Modifier::BOLD)
    }

    pub fn selected(&self, focused: bool) -> Style {
        match (self.color, focused) {
            (true, true) => Style::new()
                .bg(Color::Indexed(24))
                .fg(Color::Indexed(231))
                .add_modifier(Modifier::BOLD),
            (true, false) => Style::new().bg(Color::Indexed(238)),
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
        if self.ascii { "|" } else { "▌" }
    }

    pub fn cursor(&self) -> &'static str {
        if self.ascii { "_" } else { "▏" }
    }

    pub fn heading(&self) -> Style {
        Style::new().add_modifier(Modifier::BOLD)
    }

    pub fn dim(&self) -> Style {
        if self.color {
            Style::new().fg(Color::Indexed(245))
        } else {
            Style::new().add_modifier(Modifier::DIM)
        }
    }

    pub fn accent(&self) -> Style {
        if self.color {
            Style::new()
                .fg(Color::Indexed(74))
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
            (true, true) => Style::new().fg(Color::Indexed(74)),
            (true, false) => Style::new().fg(Color::Indexed(240)),
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
    fn ascii_mode_transliterates_typography() {
        let theme = Theme {
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
        let theme = Theme {
            color: true,
            ascii: false,
        };
        assert!(matches!(theme.text("force’s"), Cow::Borrowed(_)));
    }

    #[test]
    fn monochrome_grades_still_differ_by_weight() {
        let theme = Theme {
            color: false,
            ascii: false,
        };
        assert_ne!(theme.grade(Grade::Inadequate), theme.grade(Grade::Good));
        assert_eq!(theme.grade(Grade::Good).fg, None);
    }
}
