//! Where a node or a name leads among a force's themes: the theme a node belongs to, and
//! the theme a word of its title names.

use crate::model::{Library, NodeKey};

/// The theme a node belongs to: one whose years list the node or one of its ancestors,
/// else the theme of a recurring issue that names it. An assessment as a whole spans every
/// theme, so it (and anything above it) has none.
pub fn theme_of(library: &Library, key: NodeKey) -> Option<(usize, usize)> {
    let force = key.force()?;
    let model = &library.forces()[force];
    let within_assessment = |k: &NodeKey| {
        !matches!(
            k,
            NodeKey::Force { .. } | NodeKey::Assessment { .. } | NodeKey::Glossary
        )
    };
    let chain: Vec<NodeKey> = library
        .ancestry(key)
        .into_iter()
        .filter(within_assessment)
        .collect();
    let listed = |id: &String| {
        library
            .resolve_in_force(force, id)
            .is_some_and(|k| chain.contains(&k))
    };
    // The nearest ancestor wins: a finding listed itself beats its area.
    for candidate in chain.iter().rev() {
        for (index, theme) in model.themes.iter().enumerate() {
            let names_it = theme
                .years
                .iter()
                .flat_map(|y| &y.nodes)
                .any(|id| library.resolve_in_force(force, id) == Some(*candidate));
            if names_it {
                return Some((force, index));
            }
        }
    }
    model
        .recurring
        .iter()
        .find(|issue| issue.nodes.iter().any(listed))
        .and_then(|issue| model.themes.iter().position(|t| t.id == issue.theme))
        .map(|index| (force, index))
}

/// Finds a theme by id, or by the best fuzzy match of its title ("investigating").
pub fn find_theme(library: &Library, force: usize, wanted: &str) -> Option<usize> {
    use fuzzy_matcher::FuzzyMatcher;
    let themes = &library.forces().get(force)?.themes;
    if let Some(index) = themes.iter().position(|t| t.id == wanted) {
        return Some(index);
    }
    let matcher = fuzzy_matcher::skim::SkimMatcherV2::default().ignore_case();
    themes
        .iter()
        .enumerate()
        .filter_map(|(index, t)| {
            let score = matcher
                .fuzzy_match(&t.title, wanted)
                .max(matcher.fuzzy_match(&t.id, wanted))?;
            Some((score, index))
        })
        .max_by_key(|(score, index)| (*score, std::cmp::Reverse(*index)))
        .map(|(_, index)| index)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_builtin;

    #[test]
    fn an_assessment_spans_every_theme_and_has_none() {
        let library = load_builtin().unwrap();
        for id in ["2017", "2024", "2025", "glossary"] {
            assert_eq!(theme_of(&library, library.find(id).unwrap()), None, "{id}");
        }
    }

    #[test]
    fn a_finding_opens_its_theme() {
        let library = load_builtin().unwrap();
        let key = library
            .find("2024/investigating-crime/cause-of-concern/crime-allocation")
            .unwrap();
        let (force, theme) = theme_of(&library, key).unwrap();
        assert_eq!(
            library.forces()[force].themes[theme].id,
            "investigating-crime"
        );
    }

    #[test]
    fn a_node_named_only_by_a_recurring_issue_opens_that_issues_theme() {
        let library = load_builtin().unwrap();
        let model = &library.forces()[0];
        let listed_by_themes: Vec<NodeKey> = model
            .themes
            .iter()
            .flat_map(|t| &t.years)
            .flat_map(|y| &y.nodes)
            .filter_map(|id| library.resolve_in_force(0, id))
            .collect();
        let mut checked = 0;
        for issue in &model.recurring {
            for key in issue
                .nodes
                .iter()
                .filter_map(|id| library.resolve_in_force(0, id))
            {
                let chain = library.ancestry(key);
                if chain.iter().any(|k| listed_by_themes.contains(k)) {
                    continue;
                }
                // Assessment-wide nodes span every theme and open none.
                let Some((_, theme)) = theme_of(&library, key) else {
                    continue;
                };
                assert_eq!(model.themes[theme].id, issue.theme, "{}", library.id(key));
                checked += 1;
            }
        }
        assert!(checked > 0, "the content has such a node");
    }
}
