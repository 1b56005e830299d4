//! The parsed-content cache: used when the files are the same, never when they are not,
//! and harmless when it is damaged.

mod common;

use common::copy_of;
use peel::content::stamp::Stamp;
use peel::content::{self, cache::Cache};
use peel::model::Library;
use std::time::{Duration, SystemTime};

/// Loads through the cache and, as the command line does, stores what was parsed.
fn load(cache: &Cache, dir: &std::path::Path) -> Library {
    let fetched = cache
        .load(content::read_dir(dir).expect("read the folder"))
        .expect("valid content");
    if fetched.parsed {
        cache
            .store(fetched.key, &fetched.library)
            .expect("store the cache");
    }
    fetched.library
}

fn force_name(library: &Library) -> &str {
    &library.forces()[0].name
}

#[test]
fn a_second_load_reads_the_cache_and_gets_the_same_library() {
    let folder = copy_of("minimal");
    let root = tempfile::tempdir().unwrap();
    let cache = Cache::in_root(root.path(), folder.path());
    let first = load(&cache, folder.path());
    assert!(cache.path().is_file(), "the first load writes the cache");
    let second = load(&cache, folder.path());
    assert_eq!(first.forces(), second.forces());
    assert_eq!(first.glossary(), second.glossary());
    assert_eq!(first.sources(), second.sources());
    assert_eq!(first.ids().count(), second.ids().count());

    // Proof that the second load came from the cache: a same-length edit made only there.
    rename_in_cache(&cache, b"\"Cacheshire Force\"");
    assert_eq!(force_name(&load(&cache, folder.path())), "Cacheshire Force");
}

/// Writes `to` over the cached force name, in place: a same-length edit keeps the file
/// valid, so the next load uses it.
fn rename_in_cache(cache: &Cache, to: &[u8]) {
    let mut bytes = std::fs::read(cache.path()).unwrap();
    let from = b"\"Testshire Police\"";
    assert_eq!(from.len(), to.len(), "a same-length edit");
    let at = bytes
        .windows(from.len())
        .position(|w| w == from)
        .expect("the name is cached");
    bytes[at..at + to.len()].copy_from_slice(to);
    std::fs::write(cache.path(), &bytes).unwrap();
}

#[test]
fn escape_codes_edited_into_the_cache_come_out_inert() {
    let root = tempfile::tempdir().unwrap();
    // A same-length edit, written as JSON escapes, so the file stays valid and is used.
    for (to, inert) in [
        (&b"\"\\u001b[31mPolice\""[..], "\u{241b}[31mPolice"),
        (&b"\"\\u202eire Police\""[..], "<U+202E>ire Police"),
    ] {
        let folder = copy_of("minimal");
        let cache = Cache::in_root(root.path(), folder.path());
        load(&cache, folder.path());
        rename_in_cache(&cache, to);
        assert_eq!(
            force_name(&load(&cache, folder.path())),
            inert,
            "read from the cache, made inert"
        );
    }
}

#[test]
fn an_edited_file_is_parsed_again() {
    let folder = copy_of("minimal");
    let root = tempfile::tempdir().unwrap();
    let cache = Cache::in_root(root.path(), folder.path());
    assert_eq!(force_name(&load(&cache, folder.path())), "Testshire Police");
    let force = folder.path().join("testshire/force.yaml");
    let text = std::fs::read_to_string(&force).unwrap();
    std::fs::write(
        &force,
        text.replace("Testshire Police", "Testshire Constabulary"),
    )
    .unwrap();
    assert_eq!(
        force_name(&load(&cache, folder.path())),
        "Testshire Constabulary"
    );
}

#[test]
fn a_broken_file_is_reported_even_when_an_older_cache_exists() {
    let folder = copy_of("minimal");
    let root = tempfile::tempdir().unwrap();
    let cache = Cache::in_root(root.path(), folder.path());
    load(&cache, folder.path());
    std::fs::write(
        folder.path().join("testshire/force.yaml"),
        "id: [unclosed\n",
    )
    .unwrap();
    let errors = cache
        .load(content::read_dir(folder.path()).unwrap())
        .expect_err("the broken file is parsed, not hidden by the cache");
    assert!(errors.to_string().contains("force.yaml:"), "{errors}");
}

#[test]
fn a_damaged_cache_is_ignored_and_replaced() {
    let folder = copy_of("minimal");
    let root = tempfile::tempdir().unwrap();
    let cache = Cache::in_root(root.path(), folder.path());
    load(&cache, folder.path());
    let good = std::fs::read(cache.path()).unwrap();
    for damage in [
        Vec::new(),
        b"not a cache at all".to_vec(),
        good[..good.len() / 2].to_vec(),
        good.iter().map(|b| b ^ 0x5a).collect(),
    ] {
        std::fs::write(cache.path(), &damage).unwrap();
        assert_eq!(force_name(&load(&cache, folder.path())), "Testshire Police");
        assert_eq!(
            std::fs::read(cache.path()).unwrap(),
            good,
            "rewritten whole"
        );
    }
}

#[test]
fn the_command_line_uses_the_cache_for_a_folder_but_check_always_parses() {
    let folder = copy_of("minimal");
    let home = tempfile::tempdir().unwrap();
    let peel = |args: &[&str]| {
        let (mut command, _own_home) = common::peel_command();
        command
            .args(args)
            .arg("--content")
            .arg(folder.path())
            .env("XDG_CACHE_HOME", home.path())
            .output()
            .unwrap()
    };
    assert!(peel(&["check"]).status.success());
    let cache_dir = home.path().join("peel");
    assert!(!cache_dir.exists(), "check writes no cache");
    assert!(peel(&["tree", "--no-cache"]).status.success());
    assert!(!cache_dir.exists(), "--no-cache writes no cache");
    assert!(peel(&["tree"]).status.success());
    // The library, and a stamp of the files only if they had settled (src/content/stamp.rs).
    let libraries = std::fs::read_dir(&cache_dir)
        .unwrap()
        .filter(|e| {
            let name = e.as_ref().unwrap().file_name();
            name.to_string_lossy().starts_with("library-")
        })
        .count();
    assert_eq!(libraries, 1);
}

const BUILD: u64 = 7;

/// A stamp of `dir` as if it were scanned `later` from now, when no file is racy.
fn stamp_later(dir: &std::path::Path, key: u64, build: u64, later: u64) -> Option<Stamp> {
    let scanned = SystemTime::now() + Duration::from_secs(later);
    Stamp::new(&content::scan(dir).unwrap(), key, build, scanned)
}

#[test]
fn a_stamp_vouches_for_the_files_only_while_they_are_as_stamped() {
    let folder = copy_of("minimal");
    let key = content::cache::key(&content::read_dir(folder.path()).unwrap());
    assert!(
        stamp_later(folder.path(), key, BUILD, 0).is_none(),
        "files changed just now are racy: no stamp"
    );
    let stamp = stamp_later(folder.path(), key, BUILD, 60).expect("settled files get a stamp");
    let decoded = Stamp::decode(&stamp.encode()).expect("a stamp round-trips");
    assert_eq!(decoded, stamp);
    let now = || content::scan(folder.path()).unwrap();
    assert_eq!(stamp.key_for(&now(), BUILD), Some(key));
    assert_eq!(stamp.key_for(&now(), BUILD + 1), None, "another build");

    // Edited (its times differ, whatever its size), added, removed: not vouched for.
    let area = folder.path().join("testshire/2024/investigating.yaml");
    let text = std::fs::read_to_string(&area).unwrap();
    std::fs::write(&area, text.replace("skilled", "trained")).unwrap();
    std::fs::File::options()
        .write(true)
        .open(&area)
        .unwrap()
        .set_modified(SystemTime::UNIX_EPOCH + Duration::from_secs(1_000_000))
        .unwrap();
    assert_eq!(stamp.key_for(&now(), BUILD), None, "edited");
    let stamp = stamp_later(folder.path(), key, BUILD, 60).unwrap();
    std::fs::write(folder.path().join("testshire/extra.yaml"), "x: 1\n").unwrap();
    assert_eq!(stamp.key_for(&now(), BUILD), None, "added");
    let stamp = stamp_later(folder.path(), key, BUILD, 60).unwrap();
    std::fs::remove_file(folder.path().join("testshire/extra.yaml")).unwrap();
    assert_eq!(stamp.key_for(&now(), BUILD), None, "removed");

    for damaged in [
        &b""[..],
        b"peel\x00st1",
        b"peel\x00st1\xff\xff\xff",
        b"not a stamp",
    ] {
        assert!(Stamp::decode(damaged).is_none());
    }
}

#[test]
fn a_warm_start_reads_no_file_its_stamp_vouches_for() {
    let folder = copy_of("minimal");
    let root = tempfile::tempdir().unwrap();
    let cache = Cache::in_root(root.path(), folder.path());
    let first = cache.key_dir(folder.path()).unwrap();
    assert!(first.files.is_some(), "no stamp yet: the files are read");
    assert!(
        !cache.stamp_path().exists(),
        "the files were copied just now: too recent to stamp"
    );
    std::fs::create_dir_all(root.path()).unwrap();
    let stamp = stamp_later(folder.path(), first.key, content::cache::build_id(), 60).unwrap();
    std::fs::write(cache.stamp_path(), stamp.encode()).unwrap();
    let second = cache.key_dir(folder.path()).unwrap();
    assert_eq!(second.key, first.key);
    assert!(second.files.is_none(), "the stamp vouched: nothing read");

    // Stamped but not cached: parsed from the files, under the key of what was read.
    let fetched = cache.load_dir(folder.path()).unwrap();
    assert!(fetched.parsed);
    assert_eq!(fetched.key, first.key);
    assert_eq!(force_name(&fetched.library), "Testshire Police");

    // A damaged stamp is ignored: the files are read and keyed afresh.
    std::fs::write(cache.stamp_path(), b"peel\x00st1 damaged").unwrap();
    let third = cache.key_dir(folder.path()).unwrap();
    assert_eq!(third.key, first.key);
    assert!(third.files.is_some());
}
