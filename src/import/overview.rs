//! A force's overview page of the 2014–2019 cycles: "<Force> 2017" (or "Kent 2018/19"),
//! "This is HMICFRS’ fourth PEEL … assessment of <Force>", one sentence per pillar stating
//! its judgment ("The extent to which the force is effective at keeping people safe and
//! reducing crime requires improvement."), HM Inspector's observations, then a section per
//! pillar ("How effective is the force at keeping people safe and reducing crime?", "Last
//! updated …", its grade or "To be graded", its summary). Each pillar becomes an area with
//! the grade its sentence states.

use super::body::Body;
use super::ids::{Unique, slug};
use super::markup::{Line, LineKind};
use super::{Draft, Warning, grade_of, is_page_chrome, names};
use crate::model::{Area, Grade, SourceRef};

/// The pillars and the words that name each in a judgment sentence or a section's question.
const PILLARS: &[(&str, &[&str])] = &[
    ("Effectiveness", &["effective", "reduce crime and keep"]),
    (
        "Efficiency",
        &[
            "efficient",
            "operates efficiently",
            "operate and how sustainable",
        ],
    ),
    ("Legitimacy", &["legitimate", "legitimately"]),
];

fn pillar_named(text: &str) -> Option<&'static str> {
    let lower = text.to_lowercase();
    PILLARS
        .iter()
        .find(|(_, words)| words.iter().any(|w| lower.contains(w)))
        .map(|(name, _)| *name)
}

/// "The extent to which the force is effective … requires improvement." → the pillar and
/// its grade (`NotStated` for "not yet graded").
fn judgment(line: &Line) -> Option<(&'static str, Grade)> {
    let lower = line.text.to_lowercase();
    let rest = lower.strip_prefix("the extent to which ")?;
    let pillar = pillar_named(rest)?;
    let end = rest.trim_end_matches('.').trim();
    if end.ends_with("not yet graded") {
        return Some((pillar, Grade::NotStated));
    }
    for (words, grade) in [
        ("requires improvement", Grade::RequiresImprovement),
        ("outstanding", Grade::Outstanding),
        ("inadequate", Grade::Inadequate),
        ("adequate", Grade::Adequate),
        ("good", Grade::Good),
    ] {
        if end.ends_with(words) {
            return Some((pillar, grade));
        }
    }
    None
}

/// The judgment's sentence up to its grade.
fn subject_of(text: &str) -> String {
    let mut subject = text.trim().trim_end_matches('.').trim_end();
    for words in [
        "not yet graded",
        "requires improvement",
        "outstanding",
        "inadequate",
        "adequate",
        "good",
    ] {
        let cut = subject.len().saturating_sub(words.len());
        if subject.is_char_boundary(cut) && subject[cut..].eq_ignore_ascii_case(words) {
            subject = subject[..cut].trim_end();
            break;
        }
    }
    let subject = subject.trim_end_matches(':').trim_end();
    subject
        .strip_suffix(" is")
        .unwrap_or(subject)
        .trim_end_matches(':')
        .to_owned()
}

/// A pillar's section: its question ("How efficient is the force at keeping people safe
/// and reducing crime?", "How effectively does the force reduce crime and keep people safe?").
fn section_pillar(line: &Line) -> Option<&'static str> {
    (line.kind == LineKind::Text && line.text.starts_with("How ") && line.text.ends_with('?'))
        .then(|| pillar_named(&line.text))
        .flatten()
}

struct Pillar {
    name: &'static str,
    grade: Grade,
    /// The judgment's sentence without its grade: "The extent to which the force is
    /// effective at keeping people safe and reducing crime".
    subject: String,
    stated_at: u32,
    section: Option<(usize, usize)>,
}

pub fn parse(lines: &[Line], file: &str) -> Result<Draft, String> {
    let mut draft = Draft::new(file);
    let title_at = lines
        .iter()
        .take(60)
        .position(|l| names::title_of(&l.text).is_some_and(|t| !t.pillar_page))
        .ok_or("expected the page's title, the force and the year, such as “West Midlands 2017” or “Kent 2018/19”, within its first 60 lines")?;
    if let Some(cycle) = names::cycle(&lines[title_at..=title_at]) {
        draft.framework = cycle.name;
        draft.year = Some(cycle.first_year);
    }
    draft.title = format!("{}: the force's overview", draft.framework);
    let mut pillars: Vec<Pillar> = Vec::new();
    for line in lines {
        let Some((name, grade)) = judgment(line) else {
            continue;
        };
        if let Some(earlier) = pillars.iter().find(|p| p.name == name) {
            draft.warnings.push(Warning::at(
                line.number,
                format!(
                    "the page states the {} judgment again (first on line {}); the first is kept",
                    name.to_lowercase(),
                    earlier.stated_at
                ),
            ));
            continue;
        }
        if grade == Grade::NotStated {
            draft.warnings.push(Warning::at(
                line.number,
                format!(
                    "the page says {} is not yet graded; recorded as not stated",
                    name.to_lowercase()
                ),
            ));
        }
        pillars.push(Pillar {
            name,
            grade,
            subject: subject_of(&line.text),
            stated_at: line.number,
            section: None,
        });
    }
    if pillars.is_empty() {
        return Err("expected the pillars' judgments in sentences such as “The extent to which the force is effective at keeping people safe and reducing crime is good.”".into());
    }
    let starts: Vec<(usize, &'static str)> = (title_at + 1..lines.len())
        .filter_map(|i| section_pillar(&lines[i]).map(|p| (i, p)))
        .collect();
    // The pillar's word on its own line ("Efficiency") just before its question belongs to it.
    let intro_end = starts
        .first()
        .map_or(lines.len(), |&(at, _)| heading_start(lines, at));
    for (n, &(start, name)) in starts.iter().enumerate() {
        let end = starts
            .get(n + 1)
            .map_or(lines.len(), |&(next, _)| heading_start(lines, next));
        if let Some(pillar) = pillars
            .iter_mut()
            .find(|p| p.name == name && p.section.is_none())
        {
            pillar.section = Some((start, end));
        }
    }
    let mut summary = Body::default();
    for line in &lines[title_at + 1..intro_end] {
        if line.is_blank() {
            continue;
        }
        if is_page_chrome(&line.text) || is_link(&line.text) {
            draft
                .skipped
                .push(Warning::at(line.number, "page navigation"));
            continue;
        }
        summary.push(line, file, &mut draft.warnings);
    }
    summary.finish();
    draft.summary = summary.blocks;
    let mut ids = Unique::default();
    for pillar in &pillars {
        let area = area(pillar, lines, file, &mut ids, &mut draft);
        draft.areas.push(area);
    }
    for (_, name) in &starts {
        if !pillars.iter().any(|p| p.name == *name) {
            draft.warnings.push(Warning::at(
                lines[title_at].number,
                format!(
                    "a section on {} with no judgment sentence for it at the top of the page",
                    name.to_lowercase()
                ),
            ));
        }
    }
    draft.note_lines(lines);
    super::warn_if_cut(lines, &mut draft);
    Ok(draft)
}

/// Where a section's heading starts: its question, or the pillar's word on the line above.
fn heading_start(lines: &[Line], question: usize) -> usize {
    let above = (0..question).rev().find(|&i| !lines[i].is_blank());
    match above {
        Some(i) if PILLARS.iter().any(|(name, _)| lines[i].text == *name) => i,
        _ => question,
    }
}

/// Lines of the page that only lead elsewhere.
fn is_link(text: &str) -> bool {
    text.starts_with("Read more about ")
        || text.starts_with("Contact ")
        || text == "Download the full report"
        || text.starts_with("View the five questions")
}

fn area(pillar: &Pillar, lines: &[Line], file: &str, ids: &mut Unique, draft: &mut Draft) -> Area {
    let mut summary = Body::default();
    let (title, first, last) = match pillar.section {
        Some((start, end)) => {
            let question = &lines[start];
            for line in &lines[start + 1..end] {
                if line.is_blank() {
                    continue;
                }
                if let Some(date) = line.text.strip_prefix("Last updated ") {
                    draft.skipped.push(Warning::at(
                        line.number,
                        format!(
                            "the {} section's date, {}",
                            pillar.name.to_lowercase(),
                            date.trim()
                        ),
                    ));
                    continue;
                }
                if let Some(stated) = grade_of(&line.text) {
                    if stated != pillar.grade {
                        draft.warnings.push(Warning::at(
                            line.number,
                            format!("the {} section says “{}” but the judgment at the top of the page (line {}) says “{}”; the judgment is kept", pillar.name.to_lowercase(), stated.label(), pillar.stated_at, pillar.grade.label()),
                        ));
                    }
                    continue;
                }
                if line.text.eq_ignore_ascii_case("to be graded") || is_link(&line.text) {
                    draft.skipped.push(Warning::at(
                        line.number,
                        "a note that the grade is to come, or a link",
                    ));
                    continue;
                }
                if PILLARS.iter().any(|(name, _)| line.text == *name) {
                    continue;
                }
                summary.push(line, file, &mut draft.warnings);
            }
            let last = lines[start..end]
                .iter()
                .rev()
                .find(|l| !l.is_blank())
                .map_or(question.number, |l| l.number);
            (
                question.text.clone(),
                question.number.min(pillar.stated_at),
                last.max(pillar.stated_at),
            )
        }
        None => (pillar.subject.clone(), pillar.stated_at, pillar.stated_at),
    };
    summary.finish();
    if pillar.section.is_none() {
        draft.warnings.push(Warning::at(
            pillar.stated_at,
            format!("the page has no section on {} (a full overview page has one per pillar, with its summary): only its judgment was imported", pillar.name.to_lowercase()),
        ));
    }
    let mut blocks = vec![crate::model::Block::Paragraph(
        lines
            .iter()
            .find(|l| l.number == pillar.stated_at)
            .map(|l| l.text.clone())
            .unwrap_or_default(),
    )];
    blocks.extend(summary.blocks);
    Area {
        id: ids.take(slug(pillar.name, 1, "pillar")),
        title,
        short_title: Some(pillar.name.to_owned()),
        grade: pillar.grade,
        summary: blocks,
        source: Some(SourceRef {
            file: file.to_owned(),
            lines: [first, last],
        }),
        findings: Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::import::markup::lines;

    #[test]
    fn each_judgment_sentence_gives_its_pillar_and_grade() {
        let cases = [
            (
                "The extent to which the force is effective at keeping people safe and reducing crime requires improvement.",
                "Effectiveness",
                Grade::RequiresImprovement,
                "The extent to which the force is effective at keeping people safe and reducing crime",
            ),
            (
                "The extent to which the constabulary is efficient at keeping people safe and reducing crime is: good.",
                "Efficiency",
                Grade::Good,
                "The extent to which the constabulary is efficient at keeping people safe and reducing crime",
            ),
            (
                "the extent to which the force treats the public and its workforce legitimately is outstanding.",
                "Legitimacy",
                Grade::Outstanding,
                "the extent to which the force treats the public and its workforce legitimately",
            ),
            (
                "The extent to which the constabulary is effective at keeping people safe and reducing crime: not yet graded.",
                "Effectiveness",
                Grade::NotStated,
                "The extent to which the constabulary is effective at keeping people safe and reducing crime",
            ),
        ];
        for (text, pillar, grade, subject) in cases {
            let line = &lines(text)[0];
            assert_eq!(judgment(line), Some((pillar, grade)), "{text}");
            assert_eq!(subject_of(text), subject);
        }
        assert_eq!(
            judgment(&lines("The extent of the problem is good.")[0]),
            None
        );
    }
}
