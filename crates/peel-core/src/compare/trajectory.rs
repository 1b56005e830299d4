//! Recurring issues read across the years, oldest first.

use crate::model::{Library, Node, NodeKey, RecurringIssue};

/// A recurring issue read as a trajectory: "2017 weakness → 2024 cause of concern → 2025
/// improvement recognised".
pub fn trajectory(library: &Library, force: usize, issue: &RecurringIssue) -> String {
    let keys: Vec<NodeKey> = issue
        .nodes
        .iter()
        .filter_map(|id| library.resolve_in_force(force, id))
        .collect();
    trajectory_of(library, &keys)
}

/// The trajectory of any nodes: each year once, with what the nodes of that year are.
pub fn trajectory_of(library: &Library, keys: &[NodeKey]) -> String {
    let mut steps: Vec<(u16, String)> = Vec::new();
    for &key in keys {
        let Some(year) = library.year(key) else {
            continue;
        };
        let what = match library.node(key) {
            Node::Finding(f) => f.kind.label().to_lowercase(),
            Node::Area(area) => format!("area graded {}", area.grade.label().to_lowercase()),
            Node::Assessment(_) => "assessment".to_owned(),
            other => other.kind_key().replace('-', " "),
        };
        let step = (year, what);
        if !steps.contains(&step) {
            steps.push(step);
        }
    }
    steps.sort_by_key(|(year, _)| *year);
    let mut merged: Vec<(u16, Vec<String>)> = Vec::new();
    for (year, what) in steps {
        match merged.last_mut() {
            Some((last, whats)) if *last == year => whats.push(what),
            _ => merged.push((year, vec![what])),
        }
    }
    merged
        .into_iter()
        .map(|(year, whats)| format!("{year} {}", whats.join(" and ")))
        .collect::<Vec<_>>()
        .join(" → ")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::load_builtin;

    #[test]
    fn trajectories_read_oldest_first() {
        let library = load_builtin().unwrap();
        let issue = library.forces()[0]
            .recurring
            .iter()
            .find(|i| i.id == "thrive-risk-assessment")
            .unwrap();
        assert_eq!(
            trajectory(&library, 0, issue),
            "2017 weakness and area for improvement → 2024 main finding → 2025 improvement recognised"
        );
    }
}
