//! Every foreground and background pair the colour theme draws reaches WCAG AA contrast
//! (4.5:1) on a dark and on a light terminal background, computed from the xterm
//! 256-colour palette the theme names.

use peel::model::Grade;
use peel::tui::palette::Palette;
use ratatui::style::{Color, Modifier, Style};

/// An xterm 256-colour index as red, green and blue.
fn rgb(index: u8) -> [u8; 3] {
    const LEVELS: [u8; 6] = [0, 95, 135, 175, 215, 255];
    match index {
        16..=231 => {
            let i = index - 16;
            [
                LEVELS[usize::from(i / 36)],
                LEVELS[usize::from(i / 6 % 6)],
                LEVELS[usize::from(i % 6)],
            ]
        }
        232..=255 => {
            let v = 8 + 10 * (index - 232);
            [v, v, v]
        }
        other => panic!("the theme names a colour the terminal chooses: {other}"),
    }
}

fn luminance([r, g, b]: [u8; 3]) -> f64 {
    let linear = |c: u8| {
        let c = f64::from(c) / 255.0;
        if c <= 0.03928 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * linear(r) + 0.7152 * linear(g) + 0.0722 * linear(b)
}

fn contrast(a: [u8; 3], b: [u8; 3]) -> f64 {
    let (a, b) = (luminance(a), luminance(b));
    (a.max(b) + 0.05) / (a.min(b) + 0.05)
}

fn colour(color: Option<Color>, default: [u8; 3]) -> [u8; 3] {
    match color {
        None | Some(Color::Reset) => default,
        Some(Color::Indexed(i)) => rgb(i),
        Some(other) => panic!("the theme names {other:?}: only 256-colour indices"),
    }
}

/// Every style the colour theme draws text in, by name.
fn styles(theme: &Palette) -> Vec<(String, Style)> {
    let mut out = vec![
        ("selected".to_owned(), theme.selected(true)),
        ("selected, unfocused".to_owned(), theme.selected(false)),
        ("matched".to_owned(), theme.matched()),
        ("dim".to_owned(), theme.dim()),
        ("accent".to_owned(), theme.accent()),
        ("editorial".to_owned(), theme.editorial()),
        ("border".to_owned(), theme.border(true)),
        ("border, unfocused".to_owned(), theme.border(false)),
        ("heading".to_owned(), theme.heading()),
        ("no grade".to_owned(), theme.grade(None)),
    ];
    for grade in Grade::ALL {
        out.push((format!("{grade:?}"), theme.grade(Some(grade))));
    }
    for series in 0..4 {
        out.push((format!("bar {series}"), theme.bar(series)));
    }
    out
}

#[test]
fn every_colour_pair_reads_at_4_5_to_1_on_dark_and_light_terminals() {
    let theme = Palette {
        color: true,
        ascii: false,
    };
    // A terminal's own colours: light text on black, dark text on white.
    let terminals = [
        ("dark", [255, 255, 255], [0, 0, 0]),
        ("light", [0, 0, 0], [255, 255, 255]),
    ];
    let mut failures = Vec::new();
    for (name, style) in styles(&theme) {
        for (terminal, fg, bg) in terminals {
            let (mut front, mut back) = (colour(style.fg, fg), colour(style.bg, bg));
            if style.add_modifier.contains(Modifier::REVERSED) {
                std::mem::swap(&mut front, &mut back);
            }
            let ratio = contrast(front, back);
            if ratio < 4.5 {
                failures.push(format!("{name} on a {terminal} terminal: {ratio:.2}:1"));
            }
        }
    }
    assert!(failures.is_empty(), "{failures:#?}");
}

#[test]
fn the_contrast_arithmetic_is_wcags() {
    assert!((contrast([0, 0, 0], [255, 255, 255]) - 21.0).abs() < 0.01);
    assert!((contrast([118, 118, 118], [255, 255, 255]) - 4.54).abs() < 0.01);
    assert_eq!(rgb(196), [255, 0, 0]);
    assert_eq!(rgb(244), [128, 128, 128]);
}
