//! Recurring issues peel suggests: findings of one force that raise the same problem in two
//! or more of its assessments, found by their wording, so that a force whose content has no
//! curated recurring issues (every imported one) still shows what keeps coming back.
//!
//! A suggestion is peel's reading, never the inspectorate's: it carries its score and the
//! words it rests on, and screens and exports show it apart from curated issues.
//!
//! Each finding becomes a weighted bag of terms: its title's words count twice, its text's
//! and its recommendations' once, and a vocabulary entry (`RSO`, `stop and search`) found in
//! either wording is one term, so an acronym meets its spelled-out form. Terms are weighted
//! by how rare they are among the force's findings, and two findings score the cosine of
//! their bags. Between two assessments, findings pair only when each is the other's best
//! match (so a long list of weaknesses cannot claim everything), and pairs chain across
//! years. fuzzy-matcher's subsequence scores were considered for the words and not used:
//! any short word is a subsequence of a long passage, so they cannot tell related findings
//! from unrelated ones.
//!
//! Past 500 lines only with its unit tests (under 500 of code).

use crate::model::{Finding, FindingAt, FindingKind, Library, NodeKey};
use crate::search::normal;
use std::collections::{BTreeMap, HashMap, HashSet};

/// The least score (0–100) a pair of findings needs to be suggested; below it, pairs share
/// little more than the vocabulary of inspection reports.
pub const THRESHOLD: u8 = 15;

/// The heading suggestions are shown under, wherever they are shown.
pub const HEADING: &str = "Suggested by peel, not the inspectorate";

/// What a suggestion is, said under that heading.
pub fn explained() -> String {
    format!(
        "Findings of different assessments whose wording matches, scored 0 to 100 (shown \
         from {THRESHOLD}): a reading to check, not a finding."
    )
}

/// One suggested recurring issue.
#[derive(Debug, Clone, PartialEq)]
pub struct Suggestion {
    /// The findings it links, oldest year first; two or more assessments.
    pub nodes: Vec<NodeKey>,
    /// 0–100: the weakest of the links that hold the chain together.
    pub score: u8,
    /// The words the linked findings share, most telling first, as the reports spell them.
    pub shared: Vec<String>,
}

/// What kinds of finding name a problem, or its end: a suggestion links these.
fn is_candidate(kind: FindingKind) -> bool {
    matches!(
        kind,
        FindingKind::CauseOfConcern
            | FindingKind::AreaForImprovement
            | FindingKind::Weakness
            | FindingKind::ImprovementRecognised
    )
}

/// A problem needs a finding that names one: a chain of recognised improvements alone is not
/// a recurring issue.
fn names_a_problem(kind: FindingKind) -> bool {
    is_candidate(kind) && kind != FindingKind::ImprovementRecognised
}

/// Suggested recurring issues of `force`, best first; none that a curated issue already
/// makes (every link of a suggestion joins findings no curated issue holds together).
pub fn suggest(library: &Library, force: usize) -> Vec<Suggestion> {
    let Some(model) = library.forces().get(force) else {
        return Vec::new();
    };
    let (profiles, spelling) = profiles(library, force);
    let weights = Weights::of(&profiles, spelling);
    let vectors: Vec<Vector> = profiles.iter().map(|p| weights.vector(p)).collect();
    let curated: Vec<HashSet<NodeKey>> = model
        .recurring
        .iter()
        .map(|issue| {
            issue
                .nodes
                .iter()
                .filter_map(|id| library.resolve_in_force(force, id))
                .collect()
        })
        .collect();
    let curated_together = |a: NodeKey, b: NodeKey| {
        curated
            .iter()
            .any(|set| set.contains(&a) && set.contains(&b))
    };

    let mut links = Vec::new();
    let assessments: Vec<usize> = {
        let mut seen: Vec<usize> = profiles.iter().map(|p| p.assessment).collect();
        seen.dedup();
        seen
    };
    for (n, &older) in assessments.iter().enumerate() {
        for &newer in &assessments[n + 1..] {
            let left: Vec<usize> = (0..profiles.len())
                .filter(|&i| profiles[i].assessment == older)
                .collect();
            let right: Vec<usize> = (0..profiles.len())
                .filter(|&i| profiles[i].assessment == newer)
                .collect();
            for (a, b, score) in mutual_best(&vectors, &left, &right) {
                if score >= THRESHOLD && !curated_together(profiles[a].key, profiles[b].key) {
                    links.push((a, b, score));
                }
            }
        }
    }
    chains(&profiles, &vectors, &weights, links)
}

/// Pairs of `left` and `right` that are each other's best match, with their score.
fn mutual_best(vectors: &[Vector], left: &[usize], right: &[usize]) -> Vec<(usize, usize, u8)> {
    let best = |from: usize, among: &[usize]| -> Option<(usize, u8)> {
        among
            .iter()
            .map(|&to| (to, score(&vectors[from], &vectors[to])))
            // The first of equals, so the answer does not depend on hashing.
            .fold(None, |best: Option<(usize, u8)>, (to, s)| match best {
                Some((_, b)) if b >= s => best,
                _ => Some((to, s)),
            })
    };
    left.iter()
        .filter_map(|&a| {
            let (b, s) = best(a, right)?;
            (best(b, left)?.0 == a).then_some((a, b, s))
        })
        .collect()
}

/// Links joined into chains: findings linked, directly or through others, are one issue.
fn chains(
    profiles: &[Profile],
    vectors: &[Vector],
    weights: &Weights,
    links: Vec<(usize, usize, u8)>,
) -> Vec<Suggestion> {
    let mut group: Vec<usize> = (0..profiles.len()).collect();
    fn root(group: &mut [usize], mut i: usize) -> usize {
        while group[i] != i {
            group[i] = group[group[i]];
            i = group[i];
        }
        i
    }
    for &(a, b, _) in &links {
        let (ra, rb) = (root(&mut group, a), root(&mut group, b));
        group[ra.max(rb)] = ra.min(rb);
    }
    let mut members: BTreeMap<usize, (Vec<usize>, u8)> = BTreeMap::new();
    for &(a, b, s) in &links {
        let entry = members
            .entry(root(&mut group, a))
            .or_insert((Vec::new(), 100));
        for i in [a, b] {
            if !entry.0.contains(&i) {
                entry.0.push(i);
            }
        }
        entry.1 = entry.1.min(s);
    }
    let mut out: Vec<Suggestion> = members
        .into_values()
        .filter(|(nodes, _)| nodes.iter().any(|&i| names_a_problem(profiles[i].kind)))
        .map(|(mut nodes, score)| {
            nodes.sort_unstable_by_key(|&i| (profiles[i].year, i));
            Suggestion {
                shared: weights.shared(&nodes.iter().map(|&i| &vectors[i]).collect::<Vec<_>>()),
                nodes: nodes.iter().map(|&i| profiles[i].key).collect(),
                score,
            }
        })
        .collect();
    out.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.nodes.cmp(&b.nodes)));
    out
}

/// One finding's terms and how often each occurs (title words twice).
struct Profile {
    key: NodeKey,
    assessment: usize,
    year: u16,
    kind: FindingKind,
    counts: HashMap<String, f32>,
}

/// The candidate findings of a force, in tree order (assessments in their order), and the
/// spelling each word term was first met in.
fn profiles(library: &Library, force: usize) -> (Vec<Profile>, HashMap<String, String>) {
    let vocabulary = vocabulary(library);
    let mut surface = HashMap::new();
    let mut out = Vec::new();
    let model = &library.forces()[force];
    for (assessment, report) in model.assessments.iter().enumerate() {
        let at = |area, finding| FindingAt {
            force,
            assessment,
            area,
            finding,
        };
        let direct = report
            .findings
            .iter()
            .enumerate()
            .map(|(i, f)| (at(None, i), f));
        let in_areas = report.areas.iter().enumerate().flat_map(|(a, area)| {
            area.findings
                .iter()
                .enumerate()
                .map(move |(i, f)| (at(Some(a), i), f))
        });
        for (place, finding) in direct.chain(in_areas) {
            if is_candidate(finding.kind) {
                out.push(Profile {
                    key: NodeKey::Finding(place),
                    assessment,
                    year: report.year,
                    kind: finding.kind,
                    counts: terms(finding, &vocabulary, &mut surface),
                });
            }
        }
    }
    (out, surface)
}

/// A vocabulary entry as the forms it is found by (folded) and the term it becomes.
struct Concept {
    forms: Vec<String>,
    term: String,
}

fn vocabulary(library: &Library) -> Vec<Concept> {
    library
        .vocabulary()
        .iter()
        .map(|entry| Concept {
            forms: std::iter::once(&entry.key)
                .chain(&entry.expansions)
                .map(|form| fold(form))
                .filter(|form| !form.is_empty())
                .collect(),
            term: format!("={}", entry.key),
        })
        .collect()
}

fn fold(text: &str) -> String {
    normal::words(&text.to_lowercase())
        .collect::<Vec<_>>()
        .join(" ")
}

fn terms(
    finding: &Finding,
    vocabulary: &[Concept],
    surface: &mut HashMap<String, String>,
) -> HashMap<String, f32> {
    let mut counts: HashMap<String, f32> = HashMap::new();
    let title = fold(&finding.title);
    let mut text: Vec<&str> = finding.body.iter().flat_map(|b| b.texts()).collect();
    text.extend(finding.recommendations.iter().map(|r| r.text.as_str()));
    let text = fold(&text.join(" "));
    for (wording, weight) in [(&title, 2.0), (&text, 1.0)] {
        for word in wording.split(' ') {
            if let Some(term) = term_of(word) {
                surface
                    .entry(term.clone())
                    .or_insert_with(|| word.to_owned());
                *counts.entry(term).or_default() += weight;
            }
        }
        let padded = format!(" {wording} ");
        for concept in vocabulary {
            if concept
                .forms
                .iter()
                .any(|form| padded.contains(&format!(" {form} ")))
            {
                *counts.entry(concept.term.clone()).or_default() += weight;
            }
        }
    }
    counts
}

/// A word's term: its British spelling, less a plural `s`, cut to seven letters so that
/// `investigation`, `investigations` and `investigative` meet; none for short or common
/// words.
fn term_of(word: &str) -> Option<String> {
    if word.chars().count() < 4 || STOPWORDS.contains(&word) {
        return None;
    }
    if word.chars().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let canonical = normal::canonical(word);
    let singular = match canonical.strip_suffix('s') {
        Some(stem) if !stem.ends_with('s') && stem.chars().count() >= 4 => stem,
        _ => &canonical,
    };
    Some(singular.chars().take(7).collect())
}

/// Words every report uses to frame a finding, which say nothing about which problem it is.
const STOPWORDS: &[&str] = &[
    "about",
    "also",
    "been",
    "being",
    "could",
    "does",
    "doesn",
    "each",
    "ensure",
    "force",
    "forces",
    "from",
    "have",
    "improve",
    "improvement",
    "improvements",
    "into",
    "isn",
    "made",
    "make",
    "more",
    "most",
    "must",
    "need",
    "needs",
    "other",
    "should",
    "some",
    "such",
    "sure",
    "than",
    "that",
    "their",
    "them",
    "there",
    "these",
    "they",
    "this",
    "those",
    "through",
    "within",
    "were",
    "what",
    "when",
    "where",
    "which",
    "while",
    "will",
    "with",
    "would",
    "months",
    "immediately",
    "consistently",
    "consistent",
    "effective",
    "effectively",
];

/// Rarity weights of the force's terms, and the spelling to show each in.
struct Weights {
    rarity: HashMap<String, f32>,
    spelling: HashMap<String, String>,
}

/// A finding's terms weighted by count and rarity, with its length for the cosine.
struct Vector {
    /// Sorted, so that sums run in one order and a score is the same on every run.
    terms: BTreeMap<String, f32>,
    norm: f32,
}

impl Weights {
    fn of(profiles: &[Profile], spelling: HashMap<String, String>) -> Weights {
        let mut holders: HashMap<&str, usize> = HashMap::new();
        for profile in profiles {
            for term in profile.counts.keys() {
                *holders.entry(term).or_default() += 1;
            }
        }
        let total = profiles.len() as f32;
        let rarity = holders
            .into_iter()
            .map(|(term, n)| (term.to_owned(), ((total + 1.0) / n as f32).ln()))
            .collect();
        Weights { rarity, spelling }
    }

    fn vector(&self, profile: &Profile) -> Vector {
        let terms: BTreeMap<String, f32> = profile
            .counts
            .iter()
            .map(|(term, count)| (term.clone(), (1.0 + count).ln() * self.rarity[term]))
            .filter(|(_, w)| *w > 0.0)
            .collect();
        let norm = terms.values().map(|w| w * w).sum::<f32>().sqrt();
        Vector { terms, norm }
    }

    /// The terms every one of `vectors` holds, heaviest (in the lightest holder) first; at
    /// most five, vocabulary entries by their key.
    fn shared(&self, vectors: &[&Vector]) -> Vec<String> {
        let Some((first, rest)) = vectors.split_first() else {
            return Vec::new();
        };
        let mut common: Vec<(&String, f32)> = first
            .terms
            .iter()
            .filter_map(|(term, w)| {
                rest.iter()
                    .map(|v| v.terms.get(term).copied())
                    .try_fold(*w, |least, w| w.map(|w| least.min(w)))
                    .map(|least| (term, least))
            })
            .collect();
        common.sort_by(|a, b| b.1.total_cmp(&a.1).then_with(|| a.0.cmp(b.0)));
        common
            .into_iter()
            .take(5)
            .map(|(term, _)| match term.strip_prefix('=') {
                Some(key) => key.to_owned(),
                None => self.spelling.get(term).unwrap_or(term).clone(),
            })
            .collect()
    }
}

/// The cosine of two findings' vectors, as 0–100.
fn score(a: &Vector, b: &Vector) -> u8 {
    if a.norm == 0.0 || b.norm == 0.0 {
        return 0;
    }
    let (small, large) = if a.terms.len() <= b.terms.len() {
        (a, b)
    } else {
        (b, a)
    };
    let dot: f32 = small
        .terms
        .iter()
        .filter_map(|(term, w)| large.terms.get(term).map(|v| w * v))
        .sum();
    (dot / (a.norm * b.norm) * 100.0).round().clamp(0.0, 100.0) as u8
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::{ContentFile, load_files, read_dir};

    const SOURCE: &str = "    source: {file: report.txt, lines: [3, 6]}\n";

    /// A finding of `kind` in the YAML of an area's findings list.
    fn finding(id: &str, kind: &str, title: &str, body: &str) -> String {
        format!("  - id: {id}\n    kind: {kind}\n    title: {title}\n    body: [{body}]\n{SOURCE}")
    }

    /// The minimal fixture with findings added to each year's area, its curated recurring
    /// issue kept or taken out.
    fn library(in_2017: &[String], in_2024: &[String], curated: bool) -> Library {
        let fixture =
            std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../tests/fixtures/minimal");
        let mut files: Vec<ContentFile> = read_dir(&fixture).unwrap();
        for file in &mut files {
            let mut text = String::from_utf8(file.bytes.clone()).unwrap();
            match file.relative.as_str() {
                "testshire/2017/investigating.yaml" => text.push_str(&in_2017.concat()),
                "testshire/2024/investigating.yaml" => text.push_str(&in_2024.concat()),
                "testshire/themes.yaml" if !curated => {
                    text.truncate(text.find("recurring:").unwrap());
                }
                _ => {}
            }
            file.bytes = text.into_bytes();
        }
        load_files(files).unwrap()
    }

    fn titles(library: &Library, suggestion: &Suggestion) -> Vec<String> {
        suggestion
            .nodes
            .iter()
            .map(|&key| library.node(key).title().to_owned())
            .collect()
    }

    fn calls_2017() -> String {
        finding(
            "calls",
            "area-for-improvement",
            "Answer non-emergency calls promptly",
            "Callers to the non-emergency line wait too long, and many abandon their calls.",
        )
    }

    fn calls_2024() -> String {
        finding(
            "abandoned-calls",
            "area-for-improvement",
            "The force needs to answer non-emergency calls promptly",
            "Callers still wait too long on the non-emergency line and abandon their calls.",
        )
    }

    #[test]
    fn a_problem_raised_in_two_years_is_suggested_oldest_first_with_its_words() {
        let library = library(&[calls_2017()], &[calls_2024()], true);
        let suggested = suggest(&library, 0);
        let calls = suggested
            .iter()
            .find(|s| titles(&library, s).iter().any(|t| t.contains("calls")))
            .expect("the calls finding of both years is suggested");
        assert_eq!(
            titles(&library, calls),
            [
                "Answer non-emergency calls promptly",
                "The force needs to answer non-emergency calls promptly"
            ]
        );
        assert!(
            calls.score >= THRESHOLD && calls.score <= 100,
            "{}",
            calls.score
        );
        assert!(
            calls.shared.contains(&"calls".to_owned()),
            "{:?}",
            calls.shared
        );
        assert!(
            !calls.shared.iter().any(|w| w == "force"),
            "{:?}",
            calls.shared
        );
    }

    #[test]
    fn findings_that_share_no_problem_are_not_suggested() {
        let stables = finding(
            "stables",
            "area-for-improvement",
            "Repair the mounted branch's stables",
            "The stables for police horses leak in winter.",
        );
        let cyber = finding(
            "cyber",
            "area-for-improvement",
            "Train detectives in cyber forensics",
            "Few investigators can examine seized phones and laptops.",
        );
        let library = library(&[stables], &[cyber], false);
        let suggested = suggest(&library, 0);
        assert!(
            !suggested.iter().any(|s| titles(&library, s)
                .iter()
                .any(|t| t.contains("stables") || t.contains("cyber"))),
            "{suggested:?}"
        );
    }

    #[test]
    fn a_finding_pairs_only_with_the_finding_that_matches_it_best() {
        let weaker = finding(
            "calls-and-more",
            "area-for-improvement",
            "Answer calls and improve custody",
            "Some callers abandon calls; custody records are incomplete.",
        );
        let library = library(&[calls_2017(), weaker], &[calls_2024()], true);
        let suggested = suggest(&library, 0);
        for suggestion in &suggested {
            let titles = titles(&library, suggestion);
            assert!(
                !titles.contains(&"Answer calls and improve custody".to_owned()),
                "{titles:?}"
            );
        }
        assert!(suggested.iter().any(|s| {
            titles(&library, s).contains(&"Answer non-emergency calls promptly".to_owned())
        }));
    }

    #[test]
    fn what_a_curated_issue_links_is_not_suggested_again() {
        let pair = [
            "Answer non-emergency calls promptly",
            "The force needs to answer non-emergency calls promptly",
        ];
        let suggested = |content: &Library| {
            suggest(content, 0)
                .into_iter()
                .any(|s| titles(content, &s) == pair)
        };
        assert!(suggested(&library(&[calls_2017()], &[calls_2024()], false)));
        // The fixture's curated issue, made to link the two calls findings instead.
        let curated = library(&[calls_2017()], &[calls_2024()], true);
        let mut forces = curated.forces().to_vec();
        forces[0].recurring[0].nodes = vec![
            "2017/investigating/area-for-improvement/calls".into(),
            "2024/investigating/area-for-improvement/abandoned-calls".into(),
        ];
        let rebuilt = |forces: Vec<crate::model::Force>| {
            Library::new(
                forces,
                curated.glossary().to_vec(),
                curated.sources().to_vec(),
            )
        };
        assert!(!suggested(&rebuilt(forces.clone())));
        // A curated issue that holds only one of the two leaves their link to suggest.
        forces[0].recurring[0].nodes[1] = "2024/investigating/cause-of-concern/allocation".into();
        assert!(suggested(&rebuilt(forces)));
    }

    #[test]
    fn recognised_improvements_alone_are_not_a_recurring_issue() {
        let recognised = |id: &str| {
            finding(
                id,
                "improvement-recognised",
                "Calls are answered promptly",
                "Non-emergency callers no longer wait or abandon their calls.",
            )
        };
        let recognised_in = |content: &Library| {
            suggest(content, 0)
                .iter()
                .any(|s| titles(content, s).contains(&"Calls are answered promptly".to_owned()))
        };
        assert!(!recognised_in(&library(
            &[recognised("a")],
            &[recognised("b")],
            true
        )));
        // With a problem at one end it is one.
        assert!(recognised_in(&library(
            &[calls_2017()],
            &[recognised("b")],
            true
        )));
    }

    #[test]
    fn words_meet_across_plurals_spellings_and_endings() {
        assert_eq!(term_of("investigations"), term_of("investigative"));
        assert_eq!(term_of("offenders"), term_of("offender"));
        assert_eq!(term_of("organized"), term_of("organised"));
        assert_ne!(term_of("victims"), term_of("vicinity"));
        assert_eq!(term_of("process"), Some("process".to_owned()));
        for common in ["force", "needs", "2024", "the", "and"] {
            assert_eq!(term_of(common), None, "{common}");
        }
    }

    #[test]
    fn a_vocabulary_entry_is_one_term_whichever_way_it_is_written() {
        let mut library = library(&[], &[], true);
        library = library.with_vocabulary(vec![crate::model::VocabularyTerm {
            key: "RSO".into(),
            expansions: vec!["registered sex offender".into()],
            source: None,
            editorial: true,
        }]);
        let concepts = vocabulary(&library);
        let mut surface = HashMap::new();
        let acronym = crate::model::Finding {
            title: "RSO visits".into(),
            ..library
                .finding(FindingAt {
                    force: 0,
                    assessment: 0,
                    area: Some(0),
                    finding: 0,
                })
                .clone()
        };
        let spelled = crate::model::Finding {
            title: "Visits to each registered sex offender".into(),
            ..acronym.clone()
        };
        let a = terms(&acronym, &concepts, &mut surface);
        let b = terms(&spelled, &concepts, &mut surface);
        assert!(
            a.contains_key("=RSO") && b.contains_key("=RSO"),
            "{a:?} {b:?}"
        );
    }
}
