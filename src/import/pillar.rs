//! The 2017-era PEEL web page: "<Force> PEEL 2017", the pillar's question, "Last updated
//! …", the overall grade and summary, then "Questions for <Pillar>" and one question per
//! area ("How effective is the force at …?"), each with its grade where the page states one,
//! summary paragraphs, lists of strengths and weaknesses, and "Areas for improvement".

use super::body::Body;
use super::ids::{Unique, slug};
use super::markup::{Line, LineKind};
use super::{Draft, Warning, finding, grade_of, is_page_chrome, other_text};
use crate::model::{Area, Block, Finding, FindingKind, Grade, SourceRef};

fn is_question(line: &Line) -> bool {
    line.kind == LineKind::Text && line.text.starts_with("How ") && line.text.ends_with('?')
}

/// Reads the whole page.
pub fn parse(lines: &[Line], file: &str) -> Result<Draft, String> {
    let mut draft = Draft::new(file);
    let title_at = lines
        .iter()
        .position(|l| l.text.contains("PEEL 20") && l.text.split_whitespace().count() <= 8)
        .ok_or("this does not read as a 2017-era PEEL page: expected a title such as “Metropolitan PEEL 2017”")?;
    let title = &lines[title_at];
    let peel = title.text.find("PEEL").unwrap_or(0);
    draft.framework = title.text[peel..].trim().to_owned();
    draft.year = super::peel2023::year_in(&draft.framework);
    let short_name = title.text[..peel].trim().to_owned();
    let mut other: Vec<Line> = lines[..title_at]
        .iter()
        .filter(|l| !l.is_blank())
        .cloned()
        .collect();
    for line in &other {
        if is_page_chrome(&line.text) {
            draft
                .skipped
                .push(Warning::at(line.number, "page navigation"));
        }
    }
    other.retain(|l| !is_page_chrome(&l.text));

    let questions_at = lines
        .iter()
        .position(|l| l.text.starts_with("Questions for "));
    let pillar = questions_at.map(|at| lines[at].text["Questions for ".len()..].trim().to_owned());
    draft.title = match &pillar {
        Some(pillar) => format!("{}: {pillar}", draft.framework),
        None => draft.framework.clone(),
    };
    let head_end = questions_at.unwrap_or(lines.len());
    let mut summary = Body::default();
    let mut graded = false;
    for line in &lines[title_at + 1..head_end] {
        if line.is_blank() {
            continue;
        }
        if let Some(date) = line.text.strip_prefix("Last updated ") {
            draft.published = Some(format!("last updated {}", date.trim()));
            continue;
        }
        if !graded && let Some(grade) = grade_of(&line.text) {
            draft.grade = grade;
            graded = true;
            continue;
        }
        if is_question(line) && summary.is_empty() {
            // The pillar's own question, under the title.
            draft.title_question = Some(line.text.clone());
            continue;
        }
        summary.push(line, file, &mut draft.warnings);
    }
    summary.finish();
    draft.summary = summary.blocks;
    if !graded {
        draft.warnings.push(Warning::at(
            title.number,
            "no overall grade under the title; recorded as not stated".to_owned(),
        ));
    }
    draft.force_name = force_name(&draft.summary, &short_name);

    let starts: Vec<usize> = (head_end..lines.len())
        .filter(|&i| is_question(&lines[i]))
        .collect();
    let mut area_ids = Unique::default();
    for (n, &start) in starts.iter().enumerate() {
        let end = starts.get(n + 1).copied().unwrap_or(lines.len());
        let area = question(&lines[start..end], file, &mut area_ids, &mut draft.warnings);
        draft.areas.push(area);
    }
    if !other.is_empty() {
        draft
            .findings
            .push(other_text(&other, file, &mut draft.warnings));
    }
    draft.note_lines(lines);
    if draft.areas.is_empty() {
        return Err("this does not read as a 2017-era PEEL page: expected questions such as “How effective is the force at …?”".into());
    }
    Ok(draft)
}

/// "The Metropolitan Police Service requires improvement …": the force as the summary
/// names it, where it begins with the title's short name.
fn force_name(summary: &[Block], short_name: &str) -> Option<String> {
    let first = summary.iter().find_map(|b| match b {
        Block::Paragraph(text) => Some(text.as_str()),
        _ => None,
    })?;
    let rest = first.strip_prefix("The ")?;
    let end = [" requires ", " is ", " has ", " needs ", " was "]
        .iter()
        .filter_map(|verb| rest.find(verb))
        .min()?;
    let name = &rest[..end];
    (name.starts_with(short_name) && name.split_whitespace().count() <= 6).then(|| name.to_owned())
}

/// One question: its grade, summary, strengths, weaknesses and areas for improvement.
fn question(segment: &[Line], file: &str, ids: &mut Unique, warnings: &mut Vec<Warning>) -> Area {
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
    let mut finding_ids = Unique::default();
    let mut findings = Vec::new();
    let mut summary = Body::default();
    let mut index = 0;
    while index < rest.len() {
        let line = &rest[index];
        let bullets_follow = rest[index + 1..]
            .iter()
            .find(|l| !l.is_blank())
            .is_some_and(|l| l.kind == LineKind::Bullet);
        if line.kind == LineKind::Text && line.text == "Areas for improvement" {
            index += 1;
            while index < rest.len()
                && (rest[index].is_blank() || rest[index].kind == LineKind::Bullet)
            {
                let item = &rest[index];
                if item.kind == LineKind::Bullet {
                    findings.push(single(
                        item,
                        FindingKind::AreaForImprovement,
                        file,
                        &mut finding_ids,
                    ));
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
    let grade = grade.unwrap_or_else(|| grade_in_text(segment, &title, warnings));
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
    let short = title
        .trim_start_matches("How effective is the force at ")
        .trim_start_matches("How effective are the force’s ")
        .trim_start_matches("How effective are the force's ");
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

/// No grade under the question: the page may still state it in a sentence ("Despite the
/// rating of ‘good’"); otherwise it is not stated.
fn grade_in_text(segment: &[Line], title: &str, warnings: &mut Vec<Warning>) -> Grade {
    for line in segment {
        let lower = line.text.to_lowercase();
        let Some(at) = lower.find("rating of ") else {
            continue;
        };
        let rated = lower[at + "rating of ".len()..]
            .trim_start_matches(['‘', '\'', '"', '“'])
            .to_owned();
        let word: String = rated
            .chars()
            .take_while(|c| c.is_alphabetic() || *c == ' ')
            .collect();
        if let Some(grade) = grade_of(word.trim()) {
            warnings.push(Warning::at(
                line.number,
                format!("“{title}” has no grade under it; the grade “{}” is taken from the sentence on this line", grade.label()),
            ));
            return grade;
        }
    }
    warnings.push(Warning::at(
        segment[0].number,
        format!("“{title}” states no grade; recorded as not stated"),
    ));
    Grade::NotStated
}
