//! `Library::locate`, the lookup a saved place is restored by before anything has indexed
//! the library's ids, finds exactly what `Library::find` (the index) finds: for every
//! node's id, for ids near them that name nothing, and where ids repeat.

use peel::content::{self, cache};
use peel::model::Library;

/// Ids that name nodes, and ids one step away from them: cut at a `/`, run on past the
/// end, the last part changed, and a few that are not ids at all.
fn probes(library: &Library) -> Vec<String> {
    let mut probes = vec![
        String::new(),
        "/".into(),
        "glossary".into(),
        "glossary/".into(),
        "nowhere".into(),
    ];
    for key in library.preorder() {
        let id = library.id(key);
        for (cut, _) in id.match_indices('/') {
            probes.push(id[..cut].to_owned());
            probes.push(id[..=cut].to_owned());
        }
        probes.push(format!("{id}/"));
        probes.push(format!("{id}x"));
        probes.push(format!("{id}/recommendation"));
        if let Some((parent, _)) = id.rsplit_once('/') {
            probes.push(format!("{parent}/not-a-node"));
        }
        probes.push(id);
    }
    probes
}

/// Every probe resolves the same way in `fresh` (not yet indexed) by `locate` as in
/// `indexed` (the same library, loaded again) by `find`.
fn agree(fresh: &Library, indexed: &Library) -> usize {
    let probes = probes(indexed);
    let walked: Vec<_> = probes.iter().map(|id| fresh.locate(id)).collect();
    let found: Vec<_> = probes.iter().map(|id| indexed.find(id)).collect();
    for ((id, walked), found) in probes.iter().zip(&walked).zip(&found) {
        assert_eq!(walked, found, "{id:?}");
    }
    found.iter().filter(|found| found.is_some()).count()
}

#[test]
fn locate_finds_what_the_index_finds_in_the_built_in_content() {
    let found = agree(
        &peel::builtin::library().unwrap(),
        &peel::builtin::library().unwrap(),
    );
    assert!(found > 300, "{found} ids found");
}

fn three_forces() -> (tempfile::TempDir, Library) {
    let folder = tempfile::tempdir().unwrap();
    let template = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    content::synthetic::write(&template, folder.path(), 3, 2024).expect("a corpus");
    let library = content::load_dir(folder.path()).expect("the corpus loads");
    (folder, library)
}

/// The same library, not yet indexed (loading a folder indexes its ids to check them).
fn unindexed(library: &Library) -> Library {
    Library::new(
        library.forces().to_vec(),
        library.glossary().to_vec(),
        library.sources().to_vec(),
    )
}

#[test]
fn locate_finds_what_the_index_finds_across_forces() {
    let (_folder, indexed) = three_forces();
    let fresh = unindexed(&indexed);
    assert!(fresh.shows_forces());
    let found = agree(&fresh, &indexed);
    assert!(found > 1000, "{found} ids found");
}

/// The outline a cache hands over first holds every finding with an empty id, so the ids
/// of a section's findings all repeat: the later one is found, by either lookup.
#[test]
fn where_ids_repeat_locate_finds_the_one_the_index_finds() {
    let (_folder, library) = three_forces();
    let outline = || {
        Library::new(
            cache::outline(library.forces()),
            library.glossary().to_vec(),
            library.sources().to_vec(),
        )
    };
    let (fresh, indexed) = (outline(), outline());
    assert!(
        !indexed.duplicate_ids().is_empty(),
        "the outline repeats ids"
    );
    agree(&fresh, &indexed);
}

/// A loaded library has indexed its ids already (to check them): `locate` answers there
/// as `find` does, without the walk.
#[test]
fn on_a_loaded_library_locate_answers_as_find() {
    let (_folder, library) = three_forces();
    let key = library.preorder()[40];
    let id = library.id(key);
    assert_eq!(library.find(&id), Some(key));
    assert_eq!(library.locate(&id), Some(key));
    assert_eq!(library.locate("nowhere"), None);
}
