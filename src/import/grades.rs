//! Grades stated in a sentence rather than on a line of their own ("Essex Police is good at
//! reducing crime", "The constabulary is outstanding at planning for the future", "Kent
//! Police is judged to be outstanding at …"). Every reading that takes one flags it for
//! review; none is ever guessed from tone.

use crate::model::Grade;

/// The grades by the words that state them, the longest first so that "inadequate" is not
/// read as "adequate".
const WORDS: &[(&str, Grade)] = &[
    ("requires improvement", Grade::RequiresImprovement),
    ("outstanding", Grade::Outstanding),
    ("inadequate", Grade::Inadequate),
    ("adequate", Grade::Adequate),
    ("good", Grade::Good),
];

/// The grade a sentence states of its subject, if it states one in the inspectorate's
/// words: "is good at", "is judged to be outstanding at", "has been assessed as good in",
/// "requires improvement in keeping people safe".
pub fn in_sentence(text: &str) -> Option<Grade> {
    let lower = text.to_lowercase().replace('’', "'");
    let mut best: Option<(usize, Grade)> = None;
    for (word, grade) in WORDS {
        let patterns: Vec<String> = if *word == "requires improvement" {
            [
                "requires improvement in ",
                "requires improvement at ",
                "requires improvement.",
                // "is judged to require improvement in", "assessed as requiring improvement
                // in respect of": the 2015–2017 pages' wording.
                " to require improvement ",
                " as requiring improvement ",
            ]
            .iter()
            .map(|p| (*p).to_owned())
            .collect()
        } else {
            [
                format!(" is {word} at "),
                format!(" is {word} in "),
                format!(" is {word}."),
                format!(" to be {word} at "),
                format!(" to be {word} in "),
                format!(" to be {word}."),
                format!(" assessed as {word} "),
                format!(" assessed as {word}."),
                format!(" graded as {word} "),
            ]
            .to_vec()
        };
        for pattern in &patterns {
            if let Some(at) = lower.find(pattern.as_str())
                && best.is_none_or(|(b, _)| at < b)
            {
                best = Some((at, *grade));
            }
        }
    }
    best.map(|(_, grade)| grade)
}

/// "… and our judgment from the 2017 efficiency inspection has been carried over."
pub fn carried_over(text: &str) -> bool {
    let lower = text.to_lowercase();
    lower.contains("has been carried over")
        || lower.contains("have been carried over")
        // 2017: "The grade and findings from last year's inspection still stand."
        || lower.contains("inspection still stand")
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sentences_state_grades_in_the_inspectorates_words() {
        let cases = [
            (
                "Essex Police is good at reducing crime and keeping people safe.",
                Some(Grade::Good),
            ),
            (
                "The constabulary is outstanding at planning for the future.",
                Some(Grade::Outstanding),
            ),
            (
                "Kent Police is judged to be outstanding at how legitimately it keeps people safe",
                Some(Grade::Outstanding),
            ),
            (
                "Gloucestershire Constabulary has been assessed as good in respect of the efficiency",
                Some(Grade::Good),
            ),
            (
                "The Metropolitan Police Service requires improvement in keeping people safe",
                Some(Grade::RequiresImprovement),
            ),
            (
                "The force is inadequate at protecting vulnerable people.",
                Some(Grade::Inadequate),
            ),
            (
                "Overall Dyfed-Powys Police is judged to require improvement at keeping people safe",
                Some(Grade::RequiresImprovement),
            ),
            (
                "Devon and Cornwall Police has been assessed as requiring improvement in respect of the efficiency",
                Some(Grade::RequiresImprovement),
            ),
            ("The force has a good understanding of demand.", None),
            (
                "The force needs to improve how it protects vulnerable people.",
                None,
            ),
            ("Officers feel that the force supports them.", None),
        ];
        for (text, grade) in cases {
            assert_eq!(in_sentence(text), grade, "{text}");
        }
    }

    #[test]
    fn a_judgment_carried_over_is_told_in_either_years_words() {
        assert!(carried_over(
            "our judgment from the 2017 effectiveness inspection has been carried over."
        ));
        assert!(carried_over(
            "This question was not inspected in 2017. The grade and findings from last year’s inspection still stand."
        ));
        assert!(!carried_over("The force still stands by its plan."));
    }
}
