//! A 2021/22 or 2023–25 report as its web page's text is copied: the headings are lines
//! like any other ("Overall summary", "Our judgments", "Investigating crime", "Areas for
//! improvement", a finding's one-line heading). They are told by their words, as the
//! inspectorate uses them, and by their shape (short, no closing full stop, text under
//! them), and marked as the headings the saved page or the PDF's text would have, so one
//! reading serves all three. The lines and their numbers stay as they are.

use super::markup::{Line, LineKind};

/// What starts a top-level section: the overall summary and the areas of the 2021/22 and
/// 2023–25 cycles, by the words their headings begin with.
const TOP: &[&str] = &[
    "overall summary",
    "providing a service to",
    "police powers and",
    "treating the public",
    "treatment of the public",
    "preventing crime",
    "preventing and deterring crime",
    "responding to the public",
    "investigating crime",
    "protecting vulnerable people",
    "managing offenders",
    "disrupting serious organised crime",
    "tackling serious and organised crime",
    "meeting the strategic policing requirement",
    "protecting the public against armed threats",
    "building, supporting and protecting the workforce",
    "developing a positive workplace",
    "good use of resources",
    "leadership and force management",
    "recording data about crime",
    "strategic planning, organisational management and value for money",
];

/// Headings inside the overall summary or an area.
const SECOND: &[&str] = &[
    "our judgments",
    "important changes to peel",
    "terminology in this report",
    "hm inspector’s summary",
    "hm inspector's summary",
    "hm inspector’s observations",
    "hm inspector's observations",
    "data in this report",
    "leadership",
    "reducing crime assessment",
    "victim service assessment",
    "causes of concern",
    "cause of concern",
    "areas for improvement",
    "area for improvement",
    "innovative practice",
    "innovative or promising practice",
    "main findings",
    "recommendations",
];

fn is_top(text: &str) -> bool {
    let lower = text.to_lowercase();
    // A PDF's contents page, as `pdftotext` gives it: "Contents" on a line of its own.
    lower == "contents"
        || TOP.iter().any(|t| lower.starts_with(t)) && text.split_whitespace().count() <= 14
}

fn is_second(text: &str) -> bool {
    let lower = text.trim_end_matches(':').to_lowercase();
    SECOND.contains(&lower.as_str()) || is_cycle_heading(text)
}

/// "PEEL 2023–2025": a heading of the overall summary, not the report's title.
fn is_cycle_heading(text: &str) -> bool {
    text.starts_with("PEEL 20") && text.split_whitespace().count() == 2
}

/// A line shaped as a finding's heading: a short statement with no closing punctuation,
/// not a grade, a caption or a lead-in, and with text under it.
fn is_finding_heading(lines: &[Line], at: usize) -> bool {
    let line = &lines[at];
    let text = line.text.as_str();
    let words = text.split_whitespace().count();
    let next = lines[at + 1..].iter().find(|l| !l.is_blank());
    line.kind == LineKind::Text
        && (3..=30).contains(&words)
        && !text.ends_with(['.', ':', ';', ',', '?', '!', '”', '’', ')'])
        && super::grade_of(text).is_none()
        && !text.starts_with("Figure ")
        && !text.starts_with("Source")
        && next.is_some_and(|n| n.kind == LineKind::Text || n.kind == LineKind::Bullet)
}

/// Does the text carry no mark-up of its own (a page's text copied, not its HTML or the
/// PDF's Markdown)?
pub fn is_plain(lines: &[Line]) -> bool {
    !lines
        .iter()
        .any(|l| matches!(l.kind, LineKind::Heading { .. }))
}

/// Marks the headings of plain copied text. Before the first top-level section nothing is
/// marked but the overall summary's own headings.
pub fn mark_headings(lines: &mut [Line]) {
    let mut in_area = false;
    for at in 0..lines.len() {
        let level = {
            let line = &lines[at];
            if line.kind != LineKind::Text {
                continue;
            }
            if is_top(&line.text) && !line.text.ends_with('.') {
                in_area = !line.text.eq_ignore_ascii_case("overall summary");
                1
            } else if is_second(&line.text) {
                2
            } else if in_area && is_finding_heading(lines, at) {
                3
            } else {
                continue;
            }
        };
        lines[at].kind = LineKind::Heading { level, bold: false };
    }
    demote_lists(lines);
}

/// A run of area names one after another (the page's tabs or contents, copied with it) is
/// a list, not headings: a top-level heading with another straight after it is text.
fn demote_lists(lines: &mut [Line]) {
    let top = |l: &Line| matches!(l.kind, LineKind::Heading { level: 1, .. }) && is_top(&l.text);
    let mut listed = Vec::new();
    for at in 0..lines.len() {
        if !top(&lines[at]) {
            continue;
        }
        let next = lines[at + 1..].iter().find(|l| !l.is_blank());
        if next.is_none_or(top) {
            listed.push(at);
        }
    }
    for at in listed {
        lines[at].kind = LineKind::Text;
    }
}

/// A saved page whose headings are all of one level or another (the site's page title as
/// `#`, the areas as `##`): the areas and the overall summary are made top-level and the
/// headings under them follow, so the page reads as the PDF's text does.
pub fn relevel(lines: &mut [Line]) {
    let has_top = lines
        .iter()
        .any(|l| matches!(l.kind, LineKind::Heading { level: 1, .. }) && is_top(&l.text));
    if has_top {
        return;
    }
    for line in lines.iter_mut() {
        let LineKind::Heading { level, bold } = line.kind else {
            continue;
        };
        let level = if is_top(&line.text) && !line.text.ends_with('.') {
            1
        } else if is_second(&line.text) {
            2
        } else if level == 1 && line.text.contains("PEEL") {
            1
        } else {
            level.max(3)
        };
        line.kind = LineKind::Heading { level, bold };
    }
    demote_lists(lines);
}

/// What a PDF's text carries on every page and the report does not say: page numbers on
/// lines of their own, and running headers and footers ("PEEL 2023–25 | Kent Police",
/// "© HMICFRS 2024") repeated on three or more pages. Each is blanked (its line and number
/// stay in the shipped text, uncited) and its line returned, with what it was.
pub fn page_furniture(lines: &mut [Line]) -> Vec<(u32, &'static str)> {
    let mut counts: std::collections::HashMap<String, usize> = std::collections::HashMap::new();
    for line in lines.iter().filter(|l| l.kind == LineKind::Text) {
        *counts.entry(line.text.clone()).or_default() += 1;
    }
    let mut removed = Vec::new();
    for line in lines.iter_mut() {
        if line.kind != LineKind::Text {
            continue;
        }
        let text = line.text.as_str();
        let what = if text.len() <= 3 && text.chars().all(|c| c.is_ascii_digit()) {
            "a page number"
        } else if counts.get(text).is_some_and(|&n| n >= 3)
            && text.split_whitespace().count() <= 12
            && (text.contains("PEEL")
                || text.contains("HMICFRS")
                || text.contains('©')
                || text.contains('|'))
            && !is_second(text)
            && !is_top(text)
        {
            "a running header or footer of the PDF"
        } else {
            continue;
        };
        removed.push((line.number, what));
        line.kind = LineKind::Blank;
    }
    removed
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::markup::lines;

    /// Each line's heading level, `None` for a line that is not a heading.
    fn heading_levels(page: &[crate::import::markup::Line]) -> Vec<Option<u8>> {
        page.iter()
            .map(|l| match l.kind {
                LineKind::Heading { level, .. } => Some(level),
                _ => None,
            })
            .collect()
    }

    #[test]
    fn a_saved_pages_headings_are_levelled_by_their_words_and_tabs_are_not_headings() {
        let mut page = lines(
            "# PEEL 2023–2025: An inspection of Kent Police\n## Overall summary\n## Investigating crime\n## Protecting vulnerable people\n## Overall summary\n### Our judgments\nText.\n## Investigating crime\nGood\n### The force is good at it\nText.",
        );
        relevel(&mut page);
        let levels = heading_levels(&page);
        assert_eq!(
            levels,
            [
                Some(1),
                None,
                None,
                None,
                Some(1),
                Some(2),
                None,
                Some(1),
                None,
                Some(3),
                None
            ]
        );
    }

    #[test]
    fn page_numbers_and_running_heads_are_left_out() {
        let mut page = lines(
            "PEEL 2023–25 | Kent Police\nIntro.\n\n2\n\nPEEL 2023–25 | Kent Police\nMore.\n3\nPEEL 2023–25 | Kent Police\nAreas for improvement\nAreas for improvement\nAreas for improvement",
        );
        let removed: Vec<u32> = page_furniture(&mut page)
            .into_iter()
            .map(|(n, _)| n)
            .collect();
        assert_eq!(removed, [1, 4, 6, 8, 9]);
        assert_eq!(page[1].kind, LineKind::Text);
    }

    #[test]
    fn copied_headings_are_told_by_their_words_and_shape() {
        let mut page = lines(
            "Overall summary\nOur judgments\nOur inspection assessed how good Kent Police is.\nPEEL 2023–2025\nIn 2014, we introduced PEEL.\nInvestigating crime\nGood\nKent Police is good at investigating crime.\nAreas for improvement\nThe force should improve its supervision of investigations\nWe found that supervision was inconsistent.",
        );
        mark_headings(&mut page);
        let levels = heading_levels(&page);
        assert_eq!(
            levels,
            [
                Some(1),
                Some(2),
                None,
                Some(2),
                None,
                Some(1),
                None,
                None,
                Some(2),
                Some(3),
                None
            ]
        );
    }
}
