//! The parsed-content cache: used when the files are the same, never when they are not,
//! and harmless when it is damaged.

mod common;

use common::copy_of;
use peel::content::cache::{self, Cache};
use peel::content::stamp::Stamp;
use peel::content::{self};
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

/// A synthetic corpus of three forces, written for a test.
fn three_forces() -> tempfile::TempDir {
    let synthetic = tempfile::tempdir().unwrap();
    let template = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    content::synthetic::write(&template, synthetic.path(), 3, 2024).expect("a corpus");
    synthetic
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

/// Writes `to` over the cached force name, in place, in the outline and in the force:
/// a same-length edit keeps the file valid, so the next load uses it.
fn rename_in_cache(cache: &Cache, to: &[u8]) {
    let mut bytes = std::fs::read(cache.path()).unwrap();
    let from = b"\"Testshire Police\"";
    assert_eq!(from.len(), to.len(), "a same-length edit");
    let places: Vec<usize> = (0..bytes.len() - from.len())
        .filter(|&at| &bytes[at..at + from.len()] == from)
        .collect();
    assert_eq!(
        places.len(),
        2,
        "the name is cached in the outline and the force"
    );
    for at in places {
        bytes[at..at + to.len()].copy_from_slice(to);
    }
    std::fs::write(cache.path(), &bytes).unwrap();
}

/// The key the cache file was stored under.
fn stored_key(cache: &Cache) -> u64 {
    cache::stored_key(&std::fs::read(cache.path()).unwrap()).expect("a cache file")
}

/// Where the outline segment's bytes are in a cache file: after the header and the
/// shared segment, past its own length.
fn outline_bytes(bytes: &[u8]) -> std::ops::Range<usize> {
    let length = |at: usize| u64::from_le_bytes(bytes[at..at + 8].try_into().unwrap()) as usize;
    let outline = 16 + 8 + length(16);
    outline + 8..outline + 8 + length(outline)
}

#[test]
fn the_cached_outline_is_the_outline_of_a_fresh_parse() {
    let synthetic = three_forces();
    let minimal = copy_of("minimal");
    for folder in [minimal.path(), synthetic.path()] {
        let fixture = folder.display();
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::in_root(root.path(), folder);
        load(&cache, folder);
        let fresh = content::load_dir(folder).expect("valid content");
        let outline = cache
            .read_outline(stored_key(&cache))
            .expect("the cache has an outline");
        assert_eq!(
            outline.forces(),
            cache::outline(fresh.forces()),
            "{fixture}"
        );
        assert_eq!(outline.glossary(), fresh.glossary());
        assert_eq!(outline.sources(), fresh.sources());
        assert_eq!(outline.roots(), fresh.roots(), "the same tree at the top");
        // What the tree's section rows count survives; the text a reader opens does not.
        let areas = |library: &Library| -> Vec<(String, usize)> {
            library
                .forces()
                .iter()
                .flat_map(|f| &f.assessments)
                .flat_map(|a| &a.areas)
                .map(|area| (area.title.clone(), area.findings.len()))
                .collect()
        };
        assert_eq!(areas(&outline), areas(&fresh));
        assert!(
            outline
                .forces()
                .iter()
                .flat_map(|f| &f.assessments)
                .all(|a| a.summary.is_empty())
        );
    }
}

#[test]
fn a_damaged_or_missing_outline_is_not_read_and_the_library_still_loads() {
    let folder = copy_of("minimal");
    let root = tempfile::tempdir().unwrap();
    let cache = Cache::in_root(root.path(), folder.path());
    let fresh = load(&cache, folder.path());
    let key = stored_key(&cache);
    let good = std::fs::read(cache.path()).unwrap();
    let outline = outline_bytes(&good);
    assert_eq!(good[outline.start], b'[', "the outline is a JSON list");

    // Garbage in the outline: no outline, and the library comes from the cache as before.
    let mut bytes = good.clone();
    bytes[outline.start] = b'x';
    std::fs::write(cache.path(), &bytes).unwrap();
    assert!(cache.read_outline(key).is_none());
    assert!(
        cache::decode(&bytes, key).is_some(),
        "the forces are intact"
    );

    // Cut short inside the outline, or with a length past the end: nothing, no panic, and
    // the next load parses afresh.
    for cut in [outline.start - 3, outline.start + 5, outline.end - 1, 20] {
        std::fs::write(cache.path(), &good[..cut]).unwrap();
        assert!(cache.read_outline(key).is_none(), "cut at {cut}");
        let fetched = cache
            .load(content::read_dir(folder.path()).unwrap())
            .unwrap();
        assert!(fetched.parsed, "cut at {cut}: parsed afresh");
        assert_eq!(fetched.library.forces(), fresh.forces());
    }
    let mut bytes = good.clone();
    bytes[outline.start - 8..outline.start].copy_from_slice(&u64::MAX.to_le_bytes());
    std::fs::write(cache.path(), &bytes).unwrap();
    assert!(cache.read_outline(key).is_none(), "a length past the end");

    // Another key's outline is never read.
    std::fs::write(cache.path(), &good).unwrap();
    assert!(cache.read_outline(key ^ 1).is_none());
    assert!(cache.read_outline(key).is_some());
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
        let outline = cache.read_outline(stored_key(&cache)).expect("an outline");
        assert_eq!(force_name(&outline), inert, "the outline made inert too");
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
    // The library, and a stamp of the files only if they had settled (crates/peel-core/src/content/stamp.rs).
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
fn stamp_later(dir: &std::path::Path, key: u64, build: u64, later: u64) -> Option<Stamp<'static>> {
    let scanned = SystemTime::now() + Duration::from_secs(later);
    Stamp::new(
        dir,
        &content::scan_folders(dir).unwrap(),
        key,
        build,
        scanned,
    )
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
    let bytes = stamp.encode();
    let decoded = Stamp::decode(&bytes).expect("a stamp round-trips");
    assert_eq!(decoded, stamp);
    let dir = folder.path();
    assert_eq!(stamp.key_for(dir, BUILD), Some(key));
    assert_eq!(stamp.key_for(dir, BUILD + 1), None, "another build");

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
    assert_eq!(stamp.key_for(dir, BUILD), None, "edited");
    let stamp = stamp_later(folder.path(), key, BUILD, 60).unwrap();
    std::fs::write(folder.path().join("testshire/extra.yaml"), "x: 1\n").unwrap();
    assert_eq!(stamp.key_for(dir, BUILD), None, "added");
    let stamp = stamp_later(folder.path(), key, BUILD, 60).unwrap();
    std::fs::remove_file(folder.path().join("testshire/extra.yaml")).unwrap();
    assert_eq!(stamp.key_for(dir, BUILD), None, "removed");

    for damaged in [
        &b""[..],
        b"peel\x00st2",
        b"peel\x00st2\xff\xff\xff",
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
    std::fs::write(cache.stamp_path(), b"peel\x00st2 damaged").unwrap();
    let third = cache.key_dir(folder.path()).unwrap();
    assert_eq!(third.key, first.key);
    assert!(third.files.is_some());
}

/// A change to a stamped folder, made by `change` on the folder's path.
type Change = (&'static str, fn(&std::path::Path));

/// Every kind of change to a stamped folder is seen by the next warm start: its stamp no
/// longer vouches, the files are read, and the key is that of the files as they are now.
/// The stamp no longer lists folders, so a file made in a folder (even one that held no
/// YAML) is seen only through the folder's own stamp.
#[test]
fn every_change_to_a_stamped_folder_is_seen_by_the_next_start() {
    let folder = copy_of("minimal");
    let dir = folder.path();
    std::fs::create_dir(dir.join("testshire/notes")).unwrap();
    std::fs::write(dir.join("testshire/notes/README.txt"), "not content\n").unwrap();
    let root = tempfile::tempdir().unwrap();
    let cache = Cache::in_root(root.path(), dir);
    const AREA: &str = "testshire/2024/investigating.yaml";
    let changes: [Change; 10] = [
        ("a file added", |dir| {
            std::fs::write(dir.join("testshire/2024/extra.yaml"), "x: 1\n").unwrap();
        }),
        ("a file added to a folder of no YAML", |dir| {
            std::fs::write(dir.join("testshire/notes/later.yaml"), "x: 1\n").unwrap();
        }),
        ("a folder of YAML added", |dir| {
            std::fs::create_dir_all(dir.join("newshire/2024")).unwrap();
            std::fs::write(dir.join("newshire/2024/force.yaml"), "x: 1\n").unwrap();
        }),
        ("a file removed", |dir| {
            std::fs::remove_file(dir.join("testshire/2024/extra.yaml")).unwrap();
        }),
        ("a folder removed", |dir| {
            std::fs::remove_dir_all(dir.join("newshire")).unwrap();
        }),
        ("a file renamed", |dir| {
            let from = dir.join("testshire/notes/later.yaml");
            std::fs::rename(from, dir.join("testshire/notes/sooner.yaml")).unwrap();
        }),
        ("a file renamed over another", |dir| {
            let from = dir.join("testshire/notes/sooner.yaml");
            std::fs::rename(from, dir.join("testshire/2024/force.yaml")).unwrap();
        }),
        ("a folder renamed", |dir| {
            std::fs::rename(dir.join("testshire/notes"), dir.join("testshire/notes2")).unwrap();
        }),
        (
            "a file edited in place: same size, its modification time put back",
            |dir| {
                let path = dir.join(AREA);
                let before = std::fs::metadata(&path).unwrap();
                let text = std::fs::read_to_string(&path).unwrap();
                assert!(text.contains("skilled"));
                std::fs::write(&path, text.replace("skilled", "skilful")).unwrap();
                let file = std::fs::File::options().write(true).open(&path).unwrap();
                file.set_modified(before.modified().unwrap()).unwrap();
                assert_eq!(file.metadata().unwrap().len(), before.len());
            },
        ),
        ("a file touched, its bytes the same", |dir| {
            let file = std::fs::File::options()
                .write(true)
                .open(dir.join(AREA))
                .unwrap();
            file.set_modified(SystemTime::now()).unwrap();
        }),
    ];
    std::fs::create_dir_all(root.path()).unwrap();
    for (what, change) in changes {
        // Stamped as a scan a minute from now would stamp it, so nothing is racy; the
        // stamp vouches for the folder as it is.
        let key = cache::key(&content::read_dir(dir).unwrap());
        let stamp = stamp_later(dir, key, cache::build_id(), 60).unwrap();
        std::fs::write(cache.stamp_path(), stamp.encode()).unwrap();
        let vouched = cache.key_dir(dir).unwrap();
        assert!(vouched.files.is_none(), "{what}: vouched for before");
        assert_eq!(vouched.key, key);
        // Past the clock tick of the stamp, which the racy rule leaves between a stamp
        // and any change it could miss (here a minute is pretended, not waited).
        std::thread::sleep(Duration::from_millis(20));
        change(dir);
        let next = cache.key_dir(dir).unwrap();
        assert!(next.files.is_some(), "{what}: not seen by the next start");
        assert_eq!(
            next.key,
            cache::key(&content::read_dir(dir).unwrap()),
            "{what}: keyed by the files as they are"
        );
    }
}

/// The work a warm one-shot search does on the stamp's key while the stamp is checked is
/// kept only while the stamp vouches: after a change it is dropped, whatever it found.
#[test]
fn work_done_on_a_stamps_key_is_kept_only_while_the_stamp_vouches() {
    let folder = copy_of("minimal");
    let dir = folder.path();
    let root = tempfile::tempdir().unwrap();
    let cache = Cache::in_root(root.path(), dir);
    assert_eq!(cache.while_checking(dir, |key| key), None, "no stamp yet");
    let key = cache::key(&content::read_dir(dir).unwrap());
    std::fs::create_dir_all(root.path()).unwrap();
    let stamp = stamp_later(dir, key, cache::build_id(), 60).unwrap();
    std::fs::write(cache.stamp_path(), stamp.encode()).unwrap();
    assert_eq!(cache.while_checking(dir, |k| k + 1), Some((key, key + 1)));
    std::thread::sleep(Duration::from_millis(20));
    std::fs::write(dir.join("testshire/2024/extra.yaml"), "x: 1\n").unwrap();
    let mut worked = false;
    let kept = cache.while_checking(dir, |k| {
        worked = true;
        k
    });
    assert!(worked, "the work is done on the stamp's key meanwhile");
    assert_eq!(kept, None, "a file added: what was found is dropped");
}

/// The explorer's opening frame, cell by cell with its styles, at `width`x`height`.
fn opening_frame(library: &Library, width: u16, height: u16) -> ratatui::buffer::Buffer {
    use ratatui::{Terminal, backend::TestBackend};
    let theme = peel::tui::palette::Palette::from_environment(false, false);
    let app = peel::tui::app::App::new(library, theme, width, height);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| peel::tui::views::draw(frame, &app))
        .expect("draw");
    terminal.backend().buffer().clone()
}

#[test]
fn the_outline_draws_the_opening_frame_the_whole_library_draws() {
    let synthetic = three_forces();
    let minimal = copy_of("minimal");
    for folder in [minimal.path(), synthetic.path()] {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::in_root(root.path(), folder);
        let library = load(&cache, folder);
        let outline = cache.read_outline(stored_key(&cache)).expect("an outline");
        for (width, height) in [(80, 24), (120, 40), (40, 12)] {
            assert_eq!(
                opening_frame(&outline, width, height),
                opening_frame(&library, width, height),
                "{} at {width}x{height}",
                folder.display()
            );
        }
    }
}

/// The explorer's first frame at `place`, restored as a returning reader's is.
fn frame_at(
    library: &Library,
    place: &peel::state::Place,
    (width, height): (u16, u16),
) -> ratatui::buffer::Buffer {
    use ratatui::{Terminal, backend::TestBackend};
    let theme = peel::tui::palette::Palette::from_environment(false, false);
    let mut app = peel::tui::app::App::new(library, theme, width, height);
    app.restore(place);
    let mut terminal = Terminal::new(TestBackend::new(width, height)).expect("test terminal");
    terminal
        .draw(|frame| peel::tui::views::draw(frame, &app))
        .expect("draw");
    terminal.backend().buffer().clone()
}

/// Whether the outline (read for a reader last at `near`) draws `place`, and if it does,
/// that it draws what the whole library draws there.
fn outline_frame_holds(
    cache: &Cache,
    library: &Library,
    near: Option<&str>,
    place: &peel::state::Place,
    size: (u16, u16),
) -> bool {
    let outline = cache
        .read_outline_near(stored_key(cache), near)
        .expect("an outline");
    let theme = peel::tui::palette::Palette::from_environment(false, false);
    let mut app = peel::tui::app::App::new(&outline.library, theme, size.0, size.1);
    if !peel::tui::outline_draws(&mut app, place, outline.whole) {
        return false;
    }
    assert_eq!(
        frame_at(&outline.library, place, size),
        frame_at(library, place, size),
        "{place:?} at {size:?}, the outline read near {near:?}"
    );
    true
}

fn last_at(id: &str) -> peel::state::Place {
    peel::state::Place {
        last: Some(id.to_owned()),
        ..Default::default()
    }
}

/// A returning reader's saved place is drawn from the outline read near it, wherever it
/// is, as the whole library draws it; with bookmarks anywhere.
#[test]
fn the_outline_read_near_a_saved_place_draws_what_the_whole_library_draws_there() {
    let synthetic = three_forces();
    let minimal = copy_of("minimal");
    for folder in [minimal.path(), synthetic.path()] {
        let root = tempfile::tempdir().unwrap();
        let cache = Cache::in_root(root.path(), folder);
        let library = load(&cache, folder);
        let ids: Vec<String> = library
            .preorder()
            .into_iter()
            .map(|key| library.id(key))
            .collect();
        let findings: Vec<String> = ids
            .iter()
            .filter(|id| {
                library
                    .find(id)
                    .is_some_and(|k| matches!(k, peel::model::NodeKey::Finding(_)))
            })
            .cloned()
            .collect();
        for (i, id) in ids.iter().enumerate() {
            // Every node at one size, every seventh at two more.
            let sizes: &[(u16, u16)] = if i % 7 == 0 {
                &[(80, 24), (120, 40), (40, 12)]
            } else {
                &[(80, 24)]
            };
            let mut place = last_at(id);
            if i % 5 == 0 {
                // Bookmarked findings in every force, mostly out of view.
                place.bookmarks = findings.iter().step_by(37).cloned().collect();
            }
            for &size in sizes {
                assert!(
                    outline_frame_holds(&cache, &library, Some(id), &place, size),
                    "{id} in {} is drawn from the outline read near it",
                    folder.display()
                );
            }
        }
    }
}

/// An outline read near another force draws no place in this one that shows text it
/// leaves out (a finding, an assessment's summary), and what it does draw is right.
#[test]
fn an_outline_read_near_another_force_draws_only_what_it_holds() {
    let synthetic = three_forces();
    let root = tempfile::tempdir().unwrap();
    let cache = Cache::in_root(root.path(), synthetic.path());
    let library = load(&cache, synthetic.path());
    let elsewhere = library.id(peel::model::NodeKey::Force { force: 2 });
    let (mut drawn, mut refused) = (0, 0);
    for key in library.preorder() {
        let id = library.id(key);
        let place = last_at(&id);
        // At 80x24 the tree is drawn alone; at 120x40 the reader beside it.
        for (near, size) in [
            (Some(elsewhere.as_str()), (120, 40)),
            (None, (120, 40)),
            (None, (80, 24)),
        ] {
            if outline_frame_holds(&cache, &library, near, &place, size) {
                drawn += 1;
            } else {
                refused += 1;
                assert!(
                    key.force().is_some() && !matches!(key, peel::model::NodeKey::Force { .. }),
                    "{id}: a force or the glossary is always drawn"
                );
            }
        }
    }
    assert!(drawn > 0 && refused > 0, "{drawn} drawn, {refused} refused");
}

#[test]
fn the_force_read_whole_is_the_cached_force_and_a_damaged_one_is_left_out() {
    let synthetic = three_forces();
    let root = tempfile::tempdir().unwrap();
    let cache = Cache::in_root(root.path(), synthetic.path());
    let library = load(&cache, synthetic.path());
    let key = stored_key(&cache);
    let outlined = cache::outline(library.forces());
    for (index, force) in library.forces().iter().enumerate() {
        let near = format!("{}/2024", force.id);
        let outline = cache
            .read_outline_near(key, Some(&near))
            .expect("an outline");
        assert_eq!(outline.whole, Some(index));
        for (i, read) in outline.library.forces().iter().enumerate() {
            let want = if i == index { force } else { &outlined[i] };
            assert_eq!(read, want, "force {i}, read near {near}");
        }
    }
    let none = cache.read_outline_near(key, Some("nowhere/2024")).unwrap();
    assert_eq!((none.whole, none.library.forces()), (None, &outlined[..]));

    // The last force's segment cut short, or its length past the end: the outline alone.
    let good = std::fs::read(cache.path()).unwrap();
    let last = library.forces().last().unwrap().id.clone();
    for cut in [good.len() - 1, good.len() - 200] {
        std::fs::write(cache.path(), &good[..cut]).unwrap();
        let outline = cache
            .read_outline_near(key, Some(&last))
            .expect("an outline");
        assert_eq!(
            (outline.whole, outline.library.forces()),
            (None, &outlined[..])
        );
    }
}

#[test]
fn a_fifo_in_place_of_a_cache_file_is_passed_over_not_waited_on() {
    let folder = copy_of("minimal");
    let home = tempfile::tempdir().unwrap();
    let search = || {
        let (mut command, _own_home) = common::peel_command();
        let mut child = command
            .args(["search", "Jigsaw", "--content"])
            .arg(folder.path())
            .env("XDG_CACHE_HOME", home.path())
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap();
        // Bounded: a FIFO opened as a file would wait for a writer forever.
        let deadline = std::time::Instant::now() + Duration::from_secs(10);
        while std::time::Instant::now() < deadline {
            if let Ok(Some(status)) = child.try_wait() {
                return status.code();
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = child.kill();
        let _ = child.wait();
        None
    };
    assert_eq!(
        search(),
        Some(1),
        "fills the cache (no Jigsaw in this content)"
    );
    let cached: Vec<_> = std::fs::read_dir(home.path().join("peel"))
        .unwrap()
        .map(|entry| entry.unwrap().path())
        .collect();
    assert!(cached.len() >= 2, "{cached:?}");
    for path in &cached {
        std::fs::remove_file(path).unwrap();
        let made = std::process::Command::new("mkfifo")
            .arg(path)
            .status()
            .unwrap();
        assert!(made.success());
    }
    assert_eq!(search(), Some(1), "the same answer, from the files");
}
