//! A PEEL pillar page of the 2014–2019 cycles, on the web or copied from it: "<Force> PEEL
//! 2017", the pillar ("Effectiveness"), the pillar's question, "Last updated …", the
//! pillar's grade and summary, then "Questions for <Pillar>" and one question per area
//! ("How effective is the force at …?", "To what extent does the force …?"), each with its
//! grade where the page states one (on a line, or carried over from an earlier year),
//! summary, strengths and weaknesses, causes of concern and areas for improvement. The
//! 2018/19 "Detailed findings" pages have the same shape with the findings under each
//! question; the 2014 pages ask their questions with no "Questions for" line.

use super::body::Body;
use super::ids::{Unique, slug};
use super::markup::{Line, LineKind};
use super::{Draft, Warning, finding, grade_of, grades, is_page_chrome, names, other_text};
use crate::model::{Area, Block, Finding, FindingKind, Grade, SourceRef};

const PILLARS: &[&str] = &["Effectiveness", "Efficiency", "Legitimacy", "Leadership"];

fn is_question(line: &Line) -> bool {
    line.kind == LineKind::Text
        && line.text.ends_with('?')
        && (line.text.starts_with("How ") || line.text.starts_with("To what extent "))
}

fn next_text(lines: &[Line], from: usize) -> Option<usize> {
    (from..lines.len()).find(|&i| !lines[i].is_blank())
}

/// Reads the whole page.
pub fn parse(lines: &[Line], file: &str) -> Result<Draft, String> {
    let mut draft = Draft::new(file);
    let title_at = lines
        .iter()
        .take(60)
        .position(|l| names::title_of(&l.text).is_some_and(|t| t.pillar_page))
        .ok_or("expected the page's title, the force and the year with “PEEL” between them, such as “Kent PEEL 2017” or “Essex PEEL 2018”, within its first 60 lines")?;
    let title = &lines[title_at];
    if let Some(cycle) = names::cycle(&lines[title_at..=title_at]) {
        draft.framework = cycle.name;
        draft.year = Some(cycle.first_year);
    }
    let mut other: Vec<Line> = Vec::new();
    for line in lines[..title_at].iter().filter(|l| !l.is_blank()) {
        if is_page_chrome(&line.text) {
            draft
                .skipped
                .push(Warning::at(line.number, "page navigation"));
        } else {
            other.push(line.clone());
        }
    }

    let questions_for = lines
        .iter()
        .position(|l| l.text.starts_with("Questions for "));
    let mut pillar =
        questions_for.map(|at| lines[at].text["Questions for ".len()..].trim().to_owned());
    // The pillar's own question: the first question, where the page goes on to list its
    // questions, dates it, or asks the first of them straight after.
    let first_question = (title_at + 1..lines.len()).find(|&i| is_question(&lines[i]));
    let pillar_question = first_question.filter(|&at| {
        let next = next_text(lines, at + 1).map(|i| &lines[i]);
        questions_for.is_some_and(|q| q > at)
            || next.is_some_and(|l| l.text.starts_with("Last updated") || is_question(l))
    });
    let head_end = match (questions_for, pillar_question) {
        (Some(at), _) => at,
        (None, Some(q)) => (q + 1..lines.len())
            .find(|&i| is_question(&lines[i]))
            .unwrap_or(lines.len()),
        (None, None) => first_question.unwrap_or(lines.len()),
    };
    if let Some(at) = questions_for {
        draft.skipped.push(Warning::at(
            lines[at].number,
            "the heading of the pillar's questions",
        ));
    }
    let mut summary = Body::default();
    let mut graded_at = None;
    let mut seen_text = false;
    for (index, line) in lines.iter().enumerate().take(head_end).skip(title_at + 1) {
        if line.is_blank() {
            continue;
        }
        if Some(index) == pillar_question {
            draft.title_question = Some(line.text.clone());
            continue;
        }
        if !seen_text && PILLARS.contains(&line.text.as_str()) {
            pillar.get_or_insert_with(|| line.text.clone());
            continue;
        }
        if let Some(date) = line.text.strip_prefix("Last updated ") {
            draft.published = Some(format!("last updated {}", date.trim()));
            continue;
        }
        if !seen_text
            && graded_at.is_none()
            && let Some(grade) = grade_of(&line.text)
        {
            draft.grade = grade;
            graded_at = Some(line.number);
            continue;
        }
        seen_text = true;
        summary.push(line, file, &mut draft.warnings);
    }
    summary.finish();
    draft.summary = summary.blocks;
    // A page cut before "Questions for …", or one that never names its pillar on a line of
    // its own, still asks the pillar's question.
    if pillar.is_none() {
        pillar = draft.title_question.as_deref().and_then(pillar_asked_by);
    }
    draft.title = match &pillar {
        Some(pillar) if !draft.framework.is_empty() => format!("{}: {pillar}", draft.framework),
        Some(pillar) => pillar.clone(),
        None => draft.framework.clone(),
    };
    if graded_at.is_none() {
        pillar_grade_from_text(lines, title_at + 1, head_end, &mut draft);
    }

    let starts: Vec<usize> = (head_end..lines.len())
        .filter(|&i| is_question(&lines[i]))
        .collect();
    // Between "Questions for …" and the first question: its number ("1"), or text the
    // reading cannot place, which is kept.
    let first_start = starts.first().copied().unwrap_or(lines.len());
    for line in lines[head_end..first_start]
        .iter()
        .filter(|l| !l.is_blank())
    {
        if Some(line.number) == questions_for.map(|at| lines[at].number) {
            continue;
        }
        if is_number(line) {
            draft
                .skipped
                .push(Warning::at(line.number, "the question's number"));
        } else {
            other.push(line.clone());
        }
    }
    let mut area_ids = Unique::default();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let area = question(&lines[start..end], file, &mut area_ids, &mut draft);
        draft.areas.push(area);
    }
    if starts.is_empty() {
        let at = lines
            .iter()
            .rev()
            .find(|l| !l.is_blank())
            .map_or(title.number, |l| l.number);
        let heading = match &pillar {
            Some(pillar) => format!("“Questions for {pillar}”"),
            None => "“Questions for …”".to_owned(),
        };
        draft.warnings.push(Warning::at(
            at,
            format!("the page ends here before any of its questions: a full pillar page lists them under {heading}, each with its grade and areas for improvement; only the pillar's summary was imported"),
        ));
    }
    if !other.is_empty() {
        draft
            .findings
            .push(other_text(&other, file, &mut draft.warnings));
    }
    draft.note_lines(lines);
    super::warn_if_cut(lines, &mut draft);
    Ok(draft)
}

/// No grade line under the title: the summary may state it ("Essex Police is good at
/// reducing crime"), or say that it is yet to come ("To be graded").
fn pillar_grade_from_text(lines: &[Line], from: usize, to: usize, draft: &mut Draft) {
    for line in lines.iter().take(to).skip(from) {
        if line.text.eq_ignore_ascii_case("to be graded") {
            draft.warnings.push(Warning::at(
                line.number,
                "the page says the pillar is still “To be graded”; recorded as not stated",
            ));
            return;
        }
        if line.kind != LineKind::Text
            || is_question(line)
            || line.text.starts_with("Last updated")
            || PILLARS.contains(&line.text.as_str())
        {
            continue;
        }
        if let Some(grade) = grades::in_sentence(first_sentence(&line.text)) {
            draft.grade = grade;
            draft.warnings.push(Warning::at(
                line.number,
                format!("the page has no grade line under its title; the pillar's grade “{}” is taken from the sentence on this line: check it", grade.label()),
            ));
            return;
        }
        // Only the summary's opening sentence states the pillar's grade.
        break;
    }
    let at = lines.get(from.saturating_sub(1)).map_or(1, |l| l.number);
    draft.warnings.push(Warning::at(
        at,
        "no grade for the pillar under the title or in its first sentence; recorded as not stated",
    ));
}

/// The pillar a headline question asks about: "How effective is the force at …?", "How
/// efficiently does the force operate …?", "How legitimate is the force …?", "How
/// legitimately does the force treat …?".
fn pillar_asked_by(question: &str) -> Option<String> {
    let lower = question.to_lowercase();
    let asked = lower.strip_prefix("how ")?;
    let pillar = [
        ("effective", "Effectiveness"),
        ("efficient", "Efficiency"),
        ("legitimate", "Legitimacy"),
        ("well led", "Leadership"),
    ]
    .iter()
    .find(|(word, _)| asked.starts_with(word))?;
    Some(pillar.1.to_owned())
}

fn first_sentence(text: &str) -> &str {
    match text.find(". ") {
        Some(at) => &text[..=at],
        None => text,
    }
}

/// One question: its grade, summary, strengths, weaknesses, causes of concern and areas
/// for improvement.
fn question(segment: &[Line], file: &str, ids: &mut Unique, draft: &mut Draft) -> Area {
    let warnings = &mut draft.warnings;
    let head = &segment[0];
    let title = head.text.clone();
    let mut rest = &segment[1..];
    let first = rest.iter().position(|l| !l.is_blank());
    let mut grade = None;
    if let Some(at) = first
        && let Some(stated) = grade_of(&rest[at].text)
    {
        grade = Some(stated);
        rest = &rest[at + 1..];
    }
    // The next question's number ("2") stands on its own line before it.
    let mut end = rest.len();
    while end > 0 && (rest[end - 1].is_blank() || is_number(&rest[end - 1])) {
        if is_number(&rest[end - 1]) {
            draft.skipped.push(Warning::at(
                rest[end - 1].number,
                "the next question's number",
            ));
        }
        end -= 1;
    }
    let rest = &rest[..end];
    let mut finding_ids = Unique::default();
    let mut findings = Vec::new();
    let mut summary = Body::default();
    let mut index = 0;
    while index < rest.len() {
        let line = &rest[index];
        if line.kind == LineKind::Text && line.text.starts_with("Detailed findings for question") {
            draft.skipped.push(Warning::at(
                line.number,
                "a link to the detailed findings page",
            ));
            index += 1;
            continue;
        }
        let bullets_follow = rest[index + 1..]
            .iter()
            .find(|l| !l.is_blank())
            .is_some_and(|l| l.kind == LineKind::Bullet);
        let single_kind = match line.text.trim_end_matches(':') {
            "Areas for improvement" | "Area for improvement" => {
                Some(FindingKind::AreaForImprovement)
            }
            "Causes of concern" | "Cause of concern" => Some(FindingKind::CauseOfConcern),
            _ => None,
        };
        if line.kind == LineKind::Text
            && let Some(kind) = single_kind
        {
            index += 1;
            while index < rest.len()
                && (rest[index].is_blank() || rest[index].kind == LineKind::Bullet)
            {
                let item = &rest[index];
                if item.kind == LineKind::Bullet {
                    findings.push(single(item, kind, file, &mut finding_ids));
                }
                index += 1;
            }
            continue;
        }
        let kind = (line.kind == LineKind::Text && line.text.ends_with(':') && bullets_follow)
            .then(|| list_kind(&line.text))
            .flatten();
        let Some(kind) = kind else {
            summary.push(line, file, warnings);
            index += 1;
            continue;
        };
        let mut body = Body::default();
        body.push(line, file, warnings);
        index += 1;
        while index < rest.len() && (rest[index].is_blank() || rest[index].kind == LineKind::Bullet)
        {
            body.push(&rest[index], file, warnings);
            index += 1;
        }
        body.finish();
        let lines = body.lines.unwrap_or([line.number, line.number]);
        let title_text = line.text.trim_end_matches(':').trim().to_owned();
        let source = SourceRef {
            file: file.to_owned(),
            lines,
        };
        let id = finding_ids.take(slug(&title_text, 4, "list"));
        findings.push(Finding {
            editorial_title: true,
            ..finding(id, kind, title_text, body.blocks, source)
        });
    }
    summary.finish();
    let grade = grade.unwrap_or_else(|| grade_in_text(rest, head, &title, warnings));
    if !findings
        .iter()
        .any(|f| f.kind == FindingKind::AreaForImprovement)
    {
        warnings.push(Warning::at(
            head.number,
            format!("“{title}” has no “Areas for improvement” list"),
        ));
    }
    let last = segment
        .iter()
        .rev()
        .find(|l| !l.is_blank())
        .map_or(head.number, |l| l.number);
    let short = [
        "How effective is the force at ",
        "How effective are the force’s ",
        "How effective are the force's ",
        "How well does the force ",
        "To what extent does the force ",
        "To what extent is the force ",
        "How efficiently does the force ",
    ]
    .iter()
    .find_map(|p| title.strip_prefix(p))
    .unwrap_or(&title);
    Area {
        id: ids.take(slug(short, 3, "question")),
        title,
        short_title: None,
        grade,
        summary: summary.blocks,
        source: Some(SourceRef {
            file: file.to_owned(),
            lines: [head.number, last],
        }),
        findings,
    }
}

fn is_number(line: &Line) -> bool {
    line.kind == LineKind::Text
        && line.text.len() <= 2
        && line.text.chars().all(|c| c.is_ascii_digit())
}

/// What a list's lead-in says it lists: weaknesses or strengths; `None` for other lists,
/// which stay in the question's summary.
fn list_kind(lead_in: &str) -> Option<FindingKind> {
    let lower = lead_in.to_lowercase();
    if ["weakness", "less positively", "let down"]
        .iter()
        .any(|w| lower.contains(w))
    {
        Some(FindingKind::Weakness)
    } else if ["positive", "promising", "notable", "strength"]
        .iter()
        .any(|w| lower.contains(w))
    {
        Some(FindingKind::Strength)
    } else {
        None
    }
}

/// A finding of one bullet, titled with its own words.
fn single(line: &Line, kind: FindingKind, file: &str, ids: &mut Unique) -> Finding {
    let source = SourceRef {
        file: file.to_owned(),
        lines: [line.number, line.number],
    };
    let body = vec![Block::Paragraph(line.text.clone())];
    finding(
        ids.take(slug(&line.text, 5, "finding")),
        kind,
        line.text.clone(),
        body,
        source,
    )
}

/// No grade under the question: the page may carry an earlier year's judgment over
/// without restating it, state the grade in a sentence ("Despite the rating of ‘good’",
/// "The constabulary is outstanding at planning for the future"), or not state it.
fn grade_in_text(segment: &[Line], head: &Line, title: &str, warnings: &mut Vec<Warning>) -> Grade {
    let taken = |line: &Line, grade: Grade, warnings: &mut Vec<Warning>| {
        warnings.push(Warning::at(
            line.number,
            format!("“{title}” has no grade under it; the grade “{}” is taken from the sentence on this line: check it", grade.label()),
        ));
        grade
    };
    if let Some(line) = segment.iter().find(|l| grades::carried_over(&l.text)) {
        warnings.push(Warning::at(
            line.number,
            format!("“{title}”: the judgment of an earlier inspection was carried over and the page does not restate it; recorded as not stated"),
        ));
        return Grade::NotStated;
    }
    // Only the opening sentence of the answer states its grade as a judgment.
    if let Some(line) = segment.iter().find(|l| l.kind == LineKind::Text)
        && let Some(grade) = grades::in_sentence(first_sentence(&line.text))
    {
        return taken(line, grade, warnings);
    }
    for line in segment {
        let lower = line.text.to_lowercase();
        let Some(at) = lower.find("rating of ") else {
            continue;
        };
        let rated = lower[at + "rating of ".len()..].trim_start_matches(['‘', '\'', '"', '“']);
        let word: String = rated
            .chars()
            .take_while(|c| c.is_alphabetic() || *c == ' ')
            .collect();
        if let Some(grade) = grade_of(word.trim()) {
            return taken(line, grade, warnings);
        }
    }
    warnings.push(Warning::at(
        head.number,
        format!("“{title}” states no grade; recorded as not stated"),
    ));
    Grade::NotStated
}
