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

/// The ids most like `wanted`, by the one rule the loader's suggestions follow
/// (`model::ids::nearest`): a typo in a path and a bare leaf name both find their node.
fn nearest_ids(library: &Library, wanted: &str, limit: usize) -> Vec<String> {
    crate::model::ids::nearest(wanted, library.ids(), limit)
        .into_iter()
        .map(str::to_owned)
        .collect()
}
