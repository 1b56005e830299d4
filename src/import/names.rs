//! What a page says of itself, wherever it says it: the force ("An inspection of Kent
//! Police", "how good West Midlands Police is", "assessment of Gloucestershire
//! Constabulary", "Kent PEEL 2018"), the PEEL cycle ("PEEL 2023–2025", "PEEL Assessment
//! Framework 2021/22", "Essex PEEL 2017") and the year. Every reading asks here, so a page
//! of any cycle names its force the same way.

use super::markup::Line;

/// The force as the text names it, with the line that names it and how sure the reading
/// is (a title's short name alone, "Lancashire", is the least sure).
#[derive(Debug, Clone, PartialEq)]
pub struct ForceName {
    pub name: String,
    pub line: u32,
    /// Only a title's short name ("Lancashire PEEL 2014") was found, not the force's full name.
    pub short_only: bool,
}

/// Words a force's full name ends with.
const FORCE_WORDS: &[&str] = &["Police Service", "Police", "Constabulary"];

/// The phrases that introduce a force's full name, and what may end it.
const INTRODUCERS: &[(&str, &[&str])] = &[
    ("an inspection of ", &[]),
    ("how good ", &[" is in ", " is at ", " is "]),
    ("assessment of ", &[".", ",", " keeps ", " is "]),
    ("with which ", &[" keeps ", " is "]),
    ("sets out the findings for ", &["."]),
];

/// The force the text names. The inspectorate's own phrases come first; a title's short
/// name ("Kent PEEL 2018", "Kent 2018/19") is completed from the text ("Kent Police") or, if
/// the text never says more, kept as it is.
pub fn force(lines: &[Line]) -> Option<ForceName> {
    for (introducer, ends) in INTRODUCERS {
        for line in lines.iter().take(400) {
            if let Some(name) = introduced(&line.text, introducer, ends) {
                return Some(ForceName {
                    name,
                    line: line.number,
                    short_only: false,
                });
            }
        }
    }
    let (short, title_line) = lines.iter().take(60).find_map(|l| {
        let title = title_of(&l.text)?;
        Some((title.short_name, l.number))
    })?;
    // "Metropolitan Police Service PEEL 2018": the title already gives the full name.
    if looks_like_force(&short) {
        return Some(ForceName {
            name: short,
            line: title_line,
            short_only: false,
        });
    }
    for line in lines {
        if let Some(full) = completed(&line.text, &short) {
            return Some(ForceName {
                name: full,
                line: line.number,
                short_only: false,
            });
        }
    }
    Some(ForceName {
        name: short,
        line: title_line,
        short_only: true,
    })
}

/// "… assessment of West Midlands Police. PEEL is …" → "West Midlands Police", when what
/// follows the phrase reads as a force's name: a few capitalised words ending in one of a
/// force's words.
fn introduced(text: &str, introducer: &str, ends: &[&str]) -> Option<String> {
    // ASCII case only, so that offsets in `lower` are offsets in `text`.
    let lower = text.to_ascii_lowercase();
    let mut from = 0;
    while let Some(found) = lower[from..].find(introducer) {
        let start = from + found + introducer.len();
        from = start;
        let rest = &text[start..];
        let rest = rest.strip_prefix("the ").unwrap_or(rest);
        let end = ends
            .iter()
            .filter_map(|e| rest.find(e))
            .min()
            .unwrap_or(rest.len());
        let name = rest[..end].trim().trim_end_matches(['.', ',', ':']).trim();
        if looks_like_force(name) {
            return Some(name.to_owned());
        }
    }
    None
}

/// A few capitalised words that end in "Police", "Constabulary" or "Police Service".
fn looks_like_force(name: &str) -> bool {
    let words: Vec<&str> = name.split_whitespace().collect();
    !words.is_empty()
        && words.len() <= 7
        && FORCE_WORDS.iter().any(|w| name.ends_with(w))
        && words.iter().all(|w| {
            w.starts_with(|c: char| c.is_uppercase()) || matches!(*w, "and" | "&" | "of" | "the")
        })
}

/// "Kent" → "Kent Police" where the text says "Kent Police" (or "Kent Constabulary"…).
fn completed(text: &str, short: &str) -> Option<String> {
    let mut from = 0;
    while let Some(found) = text[from..].find(short) {
        let start = from + found;
        from = start + short.len();
        let after = &text[start + short.len()..];
        for word in FORCE_WORDS {
            if let Some(rest) = after.strip_prefix(' ').and_then(|a| a.strip_prefix(word))
                && !rest.starts_with(|c: char| c.is_alphanumeric())
            {
                return Some(format!("{short} {word}"));
            }
        }
    }
    None
}

/// A page's title line: "Kent PEEL 2018", "Kent 2018/19", "West Midlands 2017".
#[derive(Debug, Clone, PartialEq)]
pub struct Title {
    pub short_name: String,
    pub year: u16,
    /// "PEEL" stands between the name and the year: a pillar page, not the force's overview.
    pub pillar_page: bool,
}

pub fn title_of(text: &str) -> Option<Title> {
    let words: Vec<&str> = text.split_whitespace().collect();
    if words.len() < 2 || words.len() > 7 {
        return None;
    }
    let last = *words.last()?;
    let year_text = last.split('/').next()?;
    if year_text.len() != 4 || !year_text.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let year: u16 = year_text.parse().ok()?;
    if !(2014..=2030).contains(&year) {
        return None;
    }
    let before = &words[..words.len() - 1];
    let (name, pillar_page) = match before.split_last() {
        Some((&"PEEL", name)) => (name, true),
        _ => (before, false),
    };
    if name.is_empty()
        || !name
            .iter()
            .all(|w| w.starts_with(|c: char| c.is_uppercase()) || matches!(*w, "and" | "&" | "of"))
        || name.iter().any(|w| w.chars().any(|c| c.is_ascii_digit()))
    {
        return None;
    }
    Some(Title {
        short_name: name.join(" "),
        year,
        pillar_page,
    })
}

/// A PEEL cycle: its name as the inspectorate writes it and the years it covers.
#[derive(Debug, Clone, PartialEq)]
pub struct Cycle {
    pub name: String,
    pub first_year: u16,
    /// The line that names it.
    pub line: u32,
}

/// The cycle the text names: "PEEL 2023–2025" or "PEEL 2023–25" (and 2025–27),
/// "PEEL 2021/22" or the 2021/22 reports' heading "Important changes to PEEL", a pillar
/// page's "Kent PEEL 2018" (the 2018/19 cycle) or "Kent PEEL 2017".
pub fn cycle(lines: &[Line]) -> Option<Cycle> {
    let mut found = None;
    for line in lines.iter().take(400) {
        let text = line.text.as_str();
        if let Some(cycle) = two_year_cycle(text) {
            return Some(Cycle {
                line: line.number,
                ..cycle
            });
        }
        if found.is_none() {
            if text == "Important changes to PEEL" {
                found = Some(Cycle {
                    name: "PEEL 2021/22".into(),
                    first_year: 2021,
                    line: line.number,
                });
            } else if let Some(title) = title_of(text) {
                let name = if title.year == 2018 {
                    "PEEL 2018/19".to_owned()
                } else {
                    format!("PEEL {}", title.year)
                };
                found = Some(Cycle {
                    name,
                    first_year: title.year,
                    line: line.number,
                });
            }
        }
    }
    found
}

/// "PEEL 2023–2025", "PEEL 2023–25", "PEEL 2021/22", "PEEL Assessment Framework 2021/22".
fn two_year_cycle(text: &str) -> Option<Cycle> {
    let at = text.find("PEEL ")?;
    let rest = text[at + 5..].trim_start_matches("Assessment Framework ");
    let first: String = rest.chars().take(4).collect();
    if first.len() != 4 || !first.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let first_year: u16 = first.parse().ok()?;
    let after = &rest[4..];
    let sep = after.chars().next()?;
    if !matches!(sep, '–' | '-' | '/' | '—') {
        return None;
    }
    let second: String = after[sep.len_utf8()..]
        .chars()
        .take_while(char::is_ascii_digit)
        .collect();
    let second_year: u16 = match second.len() {
        2 => first_year / 100 * 100 + second.parse::<u16>().ok()?,
        4 => second.parse().ok()?,
        _ => return None,
    };
    if !(2014..=2040).contains(&first_year)
        || second_year <= first_year
        || second_year > first_year + 3
    {
        return None;
    }
    let name = if sep == '/' {
        format!("PEEL {first_year}/{:02}", second_year % 100)
    } else {
        format!("PEEL {first_year}–{:02}", second_year % 100)
    };
    Some(Cycle {
        name,
        first_year,
        line: 0,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::markup::lines;

    fn force_of(text: &str) -> Option<String> {
        force(&lines(text)).map(|f| f.name)
    }

    #[test]
    fn every_way_a_page_names_its_force() {
        assert_eq!(
            force_of("An inspection of the Metropolitan Police Service").as_deref(),
            Some("Metropolitan Police Service")
        );
        assert_eq!(
            force_of("Our inspection assessed how good West Midlands Police is in nine areas of policing.").as_deref(),
            Some("West Midlands Police")
        );
        assert_eq!(
            force_of("This is HMIC’s third PEEL (police effectiveness, efficiency and legitimacy) assessment of Gloucestershire Constabulary. PEEL is designed").as_deref(),
            Some("Gloucestershire Constabulary")
        );
        assert_eq!(
            force_of("Kent PEEL 2018\n\nLast updated\n\nKent Police is good.").as_deref(),
            Some("Kent Police")
        );
        assert_eq!(
            force_of("Lancashire PEEL 2014\nLancashire has a good understanding").as_deref(),
            Some("Lancashire")
        );
        assert_eq!(
            force_of("Our inspection assessed how good the force is in nine areas"),
            None
        );
        assert_eq!(
            force_of("Our inspection assessed how good Devon & Cornwall Police is in nine areas")
                .as_deref(),
            Some("Devon & Cornwall Police")
        );
        assert_eq!(
            force_of("Devon & Cornwall PEEL 2017\n\nDevon & Cornwall Police is good.").as_deref(),
            Some("Devon & Cornwall Police")
        );
        assert_eq!(
            force_of("City of London Police PEEL 2018\n\nThe force is good.").as_deref(),
            Some("City of London Police")
        );
        assert_eq!(
            force_of("This is HMIC’s third PEEL assessment of Dyfed-Powys Police. PEEL is")
                .as_deref(),
            Some("Dyfed-Powys Police")
        );
    }

    #[test]
    fn titles_and_cycles() {
        assert_eq!(
            title_of("Kent PEEL 2018").map(|t| (t.short_name, t.pillar_page)),
            Some(("Kent".into(), true))
        );
        assert_eq!(title_of("Kent 2018/19").map(|t| t.year), Some(2018));
        assert_eq!(
            title_of("West Midlands 2017").map(|t| t.short_name),
            Some("West Midlands".into())
        );
        assert_eq!(title_of("Published in 2017"), None);
        assert_eq!(title_of("PEEL 2017"), None);
        let name = |text: &str| cycle(&lines(text)).map(|c| c.name);
        assert_eq!(name("PEEL 2023–2025").as_deref(), Some("PEEL 2023–25"));
        assert_eq!(name("# PEEL 2023–25").as_deref(), Some("PEEL 2023–25"));
        assert_eq!(
            name("set out in the PEEL Assessment Framework 2021/22, and").as_deref(),
            Some("PEEL 2021/22")
        );
        assert_eq!(
            name("Important changes to PEEL").as_deref(),
            Some("PEEL 2021/22")
        );
        assert_eq!(name("Kent PEEL 2018").as_deref(), Some("PEEL 2018/19"));
        assert_eq!(name("Essex PEEL 2017").as_deref(), Some("PEEL 2017"));
    }
}
