//! `peel show` of an id no node has: the nearest ids, to choose from.

use super::outcome::Failure;
use crate::model::Library;

pub fn unknown_id(library: &Library, id: &str) -> Failure {
    let mut failure = Failure::usage(format!("no node has the id `{id}`"));
    let nearest = nearest_ids(library, id, 5);
    if !nearest.is_empty() {
        failure = failure.detail("did you mean:");
        for candidate in nearest {
            failure = failure.detail(format!("  {candidate}"));
        }
    }
    failure.detail("(`peel tree --ids` lists every id)")
}

/// The ids most like `wanted`, judged on the whole path and on its last segment, so both
/// a typo in a path and a bare leaf name (`crime-alocation`) find their node.
fn nearest_ids(library: &Library, wanted: &str, limit: usize) -> Vec<String> {
    let wanted_leaf = wanted.rsplit('/').next().unwrap_or(wanted);
    let mut scored: Vec<(f64, &str)> = library
        .ids()
        .map(|id| {
            let leaf = id.rsplit('/').next().unwrap_or(id);
            let whole = strsim::normalized_levenshtein(wanted, id);
            let last = strsim::normalized_levenshtein(wanted_leaf, leaf);
            (whole.max(last * 0.95), id)
        })
        .filter(|(score, _)| *score > 0.4)
        .collect();
    scored.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.cmp(b.1)));
    scored
        .into_iter()
        .take(limit)
        .map(|(_, id)| id.to_owned())
        .collect()
}
