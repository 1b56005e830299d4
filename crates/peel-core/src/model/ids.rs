//! The one rule for ids: what a valid id is, how text becomes one, and which known id a
//! mistyped one was probably meant to be. The loader's checks, the tree's glossary ids,
//! the importer's ids and the command line's suggestions all ask here, so an id one of
//! them makes is one the others accept.

/// Whether `id` is a valid id segment: lower-case ASCII letters, digits and hyphens, not
/// starting or ending with a hyphen (`crime-allocation`, `2024`).
pub fn is_valid_id(id: &str) -> bool {
    !id.is_empty()
        && !id.starts_with('-')
        && !id.ends_with('-')
        && id
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-')
}

/// A readable id from free text, every word kept: "THRIVE+" is `thrive-plus`, "Clare's
/// Law" `clares-law`, "Stratégie d’été" `strategie-dete`. Always a valid id, or empty
/// where the text has no letter or digit at all.
pub fn slug(text: &str) -> String {
    words(text)
        .map(|word| word_slug(&word))
        .filter(|word| !word.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// The words of `text` as an id reads them, lower-case, in order: split at anything but a
/// letter, digit, apostrophe or hyphen, with the apostrophes and hyphens at a word's ends
/// trimmed; curly apostrophes are written straight and `+` is the word "plus". A word is
/// as written (`isn't`, `body-worn`): `word_slug` makes it a piece of an id.
pub fn words(text: &str) -> impl Iterator<Item = String> {
    let lower = text
        .to_lowercase()
        .replace(['’', '‘'], "'")
        .replace('+', " plus ");
    lower
        .split(|c: char| !(c.is_alphanumeric() || c == '\'' || c == '-'))
        .map(|word| word.trim_matches(|c| c == '\'' || c == '-'))
        .filter(|word| !word.is_empty())
        .map(str::to_owned)
        .collect::<Vec<_>>()
        .into_iter()
}

/// One word of `words` as a piece of an id: apostrophes dropped, accented Latin letters as
/// their plain letter, anything else that is not an ASCII letter or digit a hyphen (runs
/// of them one, none at the ends). Empty where nothing is left.
pub fn word_slug(word: &str) -> String {
    let ascii: String = word
        .chars()
        .filter(|&c| c != '\'')
        .flat_map(char::to_lowercase)
        .map(plain_letter)
        .map(|c| if c.is_ascii_alphanumeric() { c } else { '-' })
        .collect();
    ascii
        .split('-')
        .filter(|part| !part.is_empty())
        .collect::<Vec<_>>()
        .join("-")
}

/// Accented Latin letters (Welsh and French names) as their plain letter, so ids stay
/// readable and ASCII, as the loader requires.
fn plain_letter(c: char) -> char {
    match c {
        'à'..='å' => 'a',
        'ç' => 'c',
        'è'..='ë' => 'e',
        'ì'..='ï' => 'i',
        'ñ' => 'n',
        'ò'..='ö' => 'o',
        'ù'..='ü' => 'u',
        'ŵ' => 'w',
        'ý' | 'ÿ' | 'ŷ' => 'y',
        _ => c,
    }
}

/// The known names nearest `wanted`, most alike first (ties alphabetically), at most
/// `limit`, and none that is `wanted` itself. A name is judged whole and by its last
/// `/`-segment, so both a typo in a path and a bare leaf (`crime-alocation`) find it; only
/// names more than half alike are offered.
pub fn nearest<'a>(
    wanted: &str,
    known: impl IntoIterator<Item = &'a str>,
    limit: usize,
) -> Vec<&'a str> {
    let leaf = |id: &'a str| -> &'a str { id.rsplit('/').next().unwrap_or(id) };
    let wanted_leaf = wanted.rsplit('/').next().unwrap_or(wanted);
    let mut scored: Vec<(f64, &str)> = known
        .into_iter()
        .filter(|candidate| *candidate != wanted)
        .map(|candidate| {
            let whole = strsim::normalized_levenshtein(wanted, candidate);
            let last = strsim::normalized_levenshtein(wanted_leaf, leaf(candidate));
            (whole.max(last * 0.95), candidate)
        })
        .filter(|(score, _)| *score > 0.5)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored.dedup_by(|a, b| a.1 == b.1);
    scored
        .into_iter()
        .take(limit)
        .map(|(_, candidate)| candidate)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_becomes_a_readable_ascii_id() {
        assert_eq!(slug("THRIVE+"), "thrive-plus");
        assert_eq!(slug("Clare's Law"), "clares-law");
        assert_eq!(
            slug("Officers’ use of force: 94.6%"),
            "officers-use-of-force-94-6"
        );
        assert_eq!(slug("Stratégie d’été"), "strategie-dete");
        assert_eq!(
            slug("PEEL Assessment Framework 2023–2025"),
            "peel-assessment-framework-2023-2025"
        );
        assert_eq!(
            slug("'Investigating crime' section"),
            "investigating-crime-section"
        );
        assert_eq!(slug("Body-worn video"), "body-worn-video");
        assert_eq!(slug("—"), "");
    }

    /// The tree once kept letters of any script (`日本` stayed `日本`) while the importer
    /// made them hyphens, so the same heading gave two ids, and the tree's failed the
    /// loader's own check.
    #[test]
    fn every_slug_is_a_valid_id_whatever_the_script() {
        for text in [
            "日本 police",
            "Ωmega force",
            "Gwasanaeth Heddlu Dyfed-Powys",
            "a\u{0301}ccent",
            "x -- y",
            "+",
            "İstanbul",
            "Straße",
        ] {
            let id = slug(text);
            assert!(id.is_empty() || is_valid_id(&id), "{text:?} gave {id:?}");
        }
        assert_eq!(slug("日本 police"), "police");
    }

    #[test]
    fn valid_ids_are_lower_case_ascii_words_joined_by_hyphens() {
        for good in ["met", "2024", "crime-allocation", "a-2-b"] {
            assert!(is_valid_id(good), "{good}");
        }
        for bad in ["", "-met", "met-", "Met", "crime allocation", "café", "a_b"] {
            assert!(!is_valid_id(bad), "{bad}");
        }
    }

    #[test]
    fn a_suggestion_must_be_more_than_half_alike() {
        // "abxy" is exactly half "abcd" (two of four letters differ): too far to suggest.
        assert!(nearest("abcd", ["abxy"], 1).is_empty());
        assert_eq!(nearest("abcd", ["abxy", "abcx"], 1), ["abcx"]);
    }

    #[test]
    fn equally_near_names_come_alphabetically_and_never_the_name_itself() {
        assert_eq!(nearest("abcd", ["abcz", "abcy"], 5), ["abcy", "abcz"]);
        assert!(nearest("abcd", ["abcd"], 5).is_empty());
    }

    #[test]
    fn a_bare_leaf_finds_the_path_that_ends_in_it() {
        let known = [
            "met/2024/investigating-crime",
            "met/2024/crime-allocation",
            "met/2017/effectiveness",
        ];
        assert_eq!(
            nearest("crime-alocation", known, 5),
            ["met/2024/crime-allocation"]
        );
    }
}
