//! A deterministic synthetic corpus for scale tests and benchmarks: the built-in content
//! re-issued for many fictional forces, with varied names, grades and numbers, plus a fourth
//! assessment per force. Never to be read as real findings: every force is fictional and
//! says so in its name.
//!
//! Works on the content files as text (each file keeps its shape), so what it writes is
//! exactly what `peel check` and `--content` read.

use std::path::Path;

/// Fictional county names; force n is "<name> Police (synthetic)".
const PLACES: &[&str] = &[
    "Northmoor",
    "Easthaven",
    "Westford",
    "Southmere",
    "Highcombe",
    "Lowdale",
    "Ashby Vale",
    "Brackenshire",
    "Coldwater",
    "Deepridge",
    "Elmstead",
    "Fairholm",
    "Greywick",
    "Hollins",
    "Ironbridge Vale",
    "Juniper Coast",
    "Kestrel Downs",
    "Larkfield",
    "Millbrook",
    "Netherby",
    "Oakhurst",
    "Pennine Edge",
    "Quarrydale",
    "Ravensfell",
    "Saltmarsh",
    "Thornbury Vale",
    "Underwood",
    "Valecross",
    "Whitcombe",
    "Yarrowdale",
    "Amberley",
    "Blackwater",
    "Cresswell",
    "Dunmere",
    "Evenlode",
    "Foxley",
    "Glenholme",
    "Harwick",
    "Ivybridge Moor",
    "Kingsmere",
    "Longmoor",
    "Marshfield",
    "Northwold",
];

const GRADES: &[&str] = &[
    "outstanding",
    "good",
    "adequate",
    "requires-improvement",
    "inadequate",
];

/// splitmix64: small, fast and the same on every machine.
struct Random(u64);

impl Random {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

/// Writes a content folder with `forces` fictional forces built from the content at
/// `template` (the repository's `content/`). Deterministic for a given `seed`.
pub fn write(template: &Path, out: &Path, forces: usize, seed: u64) -> std::io::Result<()> {
    let mut random = Random(seed);
    std::fs::create_dir_all(out)?;
    for shared in ["sources.yaml", "glossary.yaml", "vocabulary.yaml"] {
        if shared != "sources.yaml" && !template.join(shared).exists() {
            continue;
        }
        std::fs::copy(template.join(shared), out.join(shared))?;
    }
    let met = template.join("met");
    for n in 0..forces {
        let place = PLACES[n % PLACES.len()];
        let suffix = if n < PLACES.len() {
            String::new()
        } else {
            format!(" {}", n / PLACES.len() + 1)
        };
        let name = format!("{place}{suffix} Police (synthetic)");
        let id = crate::model::slug(&format!("{place}{suffix}"));
        let dir = out.join(&id);
        std::fs::create_dir_all(&dir)?;
        std::fs::write(
            dir.join("force.yaml"),
            format!("id: {id}\nname: {name}\nassessments: ['2017', '2021', '2024', '2025']\n"),
        )?;
        // No themes.yaml: like an imported force, its themes come from the framework
        // catalogue and its own areas' grades, never from another force's curation.
        for (assessment, from) in [
            ("2017", "2017"),
            ("2021", "2024"),
            ("2024", "2024"),
            ("2025", "2025"),
        ] {
            let target = dir.join(assessment);
            std::fs::create_dir_all(&target)?;
            for entry in std::fs::read_dir(met.join(from))? {
                let path = entry?.path();
                let text = double_paragraphs(&std::fs::read_to_string(&path)?);
                let text = vary(&text, &name, assessment, from, &mut random);
                std::fs::write(target.join(path.file_name().unwrap_or_default()), text)?;
            }
        }
    }
    Ok(())
}

/// Every paragraph of every `body:` followed by a second one made of its sentences in
/// another order: the volume of a fuller report (about 100 times the built-in text over
/// 43 forces) with text that still reads like the real thing to the search.
fn double_paragraphs(text: &str) -> String {
    let lines: Vec<&str> = text.lines().collect();
    let indent_of = |line: &str| line.len() - line.trim_start().len();
    let mut out = String::with_capacity(text.len() * 2);
    let mut in_body = false;
    let mut i = 0;
    while i < lines.len() {
        let line = lines[i];
        let trimmed = line.trim_start();
        let item = in_body && trimmed.starts_with("- ");
        if item {
            let indent = indent_of(line);
            let end = (i + 1..lines.len())
                .find(|&j| indent_of(lines[j]) <= indent)
                .unwrap_or(lines.len());
            for line in &lines[i..end] {
                out.push_str(line);
                out.push('\n');
            }
            if let Some(paragraph) = paragraph(&lines[i..end]) {
                let reordered = rotate_sentences(&paragraph).replace('\'', "''");
                out.push_str(&format!("{}- '{reordered}'\n", &line[..indent]));
            }
            i = end;
            continue;
        }
        in_body = trimmed == "body:" || (in_body && trimmed.is_empty());
        out.push_str(line);
        out.push('\n');
        i += 1;
    }
    out
}

/// The text of a list item that is a plain paragraph (not a table, list or figure).
fn paragraph(item: &[&str]) -> Option<String> {
    let first = item.first()?.trim_start().strip_prefix("- ")?;
    let key = first.split(':').next().unwrap_or_default();
    if first.contains(':') && key.chars().all(|c| c.is_ascii_lowercase() || c == '_') {
        return None;
    }
    let joined = std::iter::once(first)
        .chain(item[1..].iter().map(|line| line.trim()))
        .collect::<Vec<_>>()
        .join(" ");
    match joined.strip_prefix('\'').and_then(|j| j.strip_suffix('\'')) {
        Some(quoted) => Some(quoted.replace("''", "'")),
        None if joined.starts_with('"') => None,
        None => Some(joined),
    }
}

fn rotate_sentences(paragraph: &str) -> String {
    let mut sentences: Vec<&str> = paragraph.split_inclusive(". ").map(str::trim).collect();
    sentences.rotate_left(1);
    sentences.join(" ")
}

/// The same file for another force and year: its name in place of the Met's, fresh
/// grades, and numbers moved by up to a fifth either way.
fn vary(text: &str, name: &str, assessment: &str, from: &str, random: &mut Random) -> String {
    let text = text
        .replace("Metropolitan Police Service", name)
        .replace("the Met ", "the force ")
        .replace("the Met's", "the force's");
    let mut out = String::with_capacity(text.len());
    for line in text.lines() {
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        if assessment != from
            && (trimmed == format!("id: '{from}'") || trimmed == format!("year: {from}"))
        {
            out.push_str(&format!("{indent}{}", trimmed.replace(from, assessment)));
        } else if assessment != from
            && (line.starts_with("title: ") || line.starts_with("framework: "))
            && line.contains("PEEL 2023–25")
        {
            out.push_str(&line.replace("PEEL 2023–25", &format!("PEEL {assessment} (synthetic)")));
        } else if trimmed
            .strip_prefix("grade: ")
            .is_some_and(|g| GRADES.contains(&g))
        {
            out.push_str(&format!(
                "{indent}grade: {}",
                GRADES[random.below(GRADES.len() as u64) as usize]
            ));
        } else if let Some(value) = trimmed
            .strip_prefix("value: ")
            .and_then(|v| v.parse::<f64>().ok())
        {
            let factor = 0.8 + random.below(41) as f64 / 100.0;
            out.push_str(&format!(
                "{indent}value: {}",
                (value * factor * 10.0).round() / 10.0
            ));
        } else {
            out.push_str(line);
        }
        out.push('\n');
    }
    out
}
