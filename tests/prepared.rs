//! Built once, then only read: the built-in content prepared at build time, and a folder's
//! search index kept in the cache as a pack. Each must give exactly what parsing and
//! building give, and a damaged or foreign pack must be refused, never trusted.

mod common;

use common::copy_of;
use peel::cli::load::{self, IndexSource};
use peel::content::{self, cache::Cache};
use peel::search::pack::{self, PackFile};
use peel::search::{Query, SearchIndex, Searcher};

#[test]
fn the_built_in_content_is_embedded_prepared_and_equals_its_yaml() {
    assert!(
        peel::builtin::is_prepared(),
        "build.rs prepared the built-in content (else every run parses its YAML)"
    );
    let parsed = content::parse_builtin().expect("the built-in YAML loads");
    let embedded = peel::builtin::library().expect("the prepared form decodes");
    // The cache's encoding holds every field of a library, so equal bytes are equal libraries.
    assert_eq!(
        content::cache::encode(0, &embedded).unwrap(),
        content::cache::encode(0, &parsed).unwrap(),
        "the embedded library is the one the YAML gives"
    );
    assert_eq!(embedded.ids().count(), parsed.ids().count());

    let built = SearchIndex::build(&parsed);
    let prepared = peel::builtin::index().expect("the prepared index decodes");
    assert!(prepared.fits(&parsed));
    assert!(
        pack::encode(&prepared, 0) == pack::encode(&built, 0),
        "the embedded index is the one building gives"
    );
}

/// A folder's pack, built and encoded under `key`.
fn minimal_pack(key: u64) -> (tempfile::TempDir, Vec<u8>, SearchIndex) {
    let folder = copy_of("minimal");
    let library = content::load_dir(folder.path()).unwrap();
    let index = SearchIndex::build(&library);
    (folder, pack::encode(&index, key), index)
}

#[test]
fn a_pack_decodes_to_the_index_it_was_made_from() {
    let (_folder, bytes, index) = minimal_pack(42);
    assert_eq!(pack::key_of(&bytes[..]), Some(42));
    let decoded = pack::decode(&bytes[..], 42).expect("a pack decodes");
    assert!(
        pack::encode(&decoded, 42) == bytes,
        "nothing lost or changed"
    );
    let query = Query::parse("allocated");
    let hits = |index: SearchIndex| {
        let searcher = Searcher::from_index(index);
        searcher
            .search(&query)
            .iter()
            .map(|hit| (searcher.node(hit).id.clone(), hit.score))
            .collect::<Vec<_>>()
    };
    let found = hits(decoded);
    assert!(!found.is_empty());
    assert_eq!(found, hits(index), "the same answers, in the same order");

    // Read from a file a segment at a time, as the cache does.
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("index.pack");
    std::fs::write(&path, &bytes).unwrap();
    let file = PackFile::open(&path).unwrap();
    assert!(pack::encode(&pack::decode(&file, 42).unwrap(), 42) == bytes);
}

#[test]
fn a_pack_of_many_runs_decodes_on_every_core_to_the_same_index() {
    // Enough forces that the passages fill several runs, which decode in parallel.
    let corpus = tempfile::tempdir().unwrap();
    let template = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("content");
    peel::content::synthetic::write(&template, corpus.path(), 16, 2024).unwrap();
    let library = content::load_dir(corpus.path()).unwrap();
    let index = SearchIndex::build(&library);
    let bytes = pack::encode(&index, 5);
    let runs = u64::from_le_bytes(bytes[16..24].try_into().unwrap()) - 1;
    assert!(runs >= 2, "{runs} runs of passages");
    let decoded = pack::decode(&bytes[..], 5).expect("a pack of many chunks decodes");
    assert!(
        decoded.passages.len() > 2 * pack::PASSAGES_PER_CHUNK,
        "{} passages: several chunks",
        decoded.passages.len()
    );
    assert!(
        pack::encode(&decoded, 5) == bytes,
        "nothing lost, nothing reordered"
    );
    // Answering one query from it reads a few passages, and answers as the whole does.
    let whole = Searcher::from_index(decoded);
    for text in [
        "jigsaw",
        "allocation",
        "year:2017 detectives",
        "thrve",
        "S&S",
    ] {
        let query = Query::parse(text);
        let (once, _) = pack::decode_for(&bytes[..], 5, &query).expect("decodes for a query");
        let read = once.passages.iter().filter(|p| !p.text.is_empty()).count();
        let once = Searcher::from_index(once);
        assert_eq!(answers(&once, &query), answers(&whole, &query), "{text}");
        if text == "jigsaw" {
            assert!(
                read * 20 < whole.index.passages.len(),
                "{read} of {} passages read",
                whole.index.passages.len()
            );
        }
    }
}

/// Every hit of `query` as a reader sees it: node, score, passage and the snippet shown;
/// searched with `plans` (those a query's decoding worked out) where given.
fn answers_with(
    searcher: &Searcher,
    query: &Query,
    plans: Option<peel::search::Plans>,
) -> Vec<(String, i64, usize, String)> {
    let hits = match plans {
        Some(mut plans) => searcher.search_as_typed(query, None, &mut plans),
        None => searcher.search(query),
    };
    hits.iter()
        .map(|hit| {
            let snippet = peel::search::snippet(
                &searcher.passage(hit).text,
                &searcher.highlights(hit, query),
                100,
            );
            (
                searcher.node(hit).id.clone(),
                hit.score,
                hit.passage,
                snippet.text,
            )
        })
        .collect()
}

fn answers(searcher: &Searcher, query: &Query) -> Vec<(String, i64, usize, String)> {
    answers_with(searcher, query, None)
}

#[test]
fn a_query_read_from_the_pack_answers_as_the_whole_index_does() {
    let library = common::builtin();
    let built = SearchIndex::build(&library);
    let bytes = pack::encode(&built, 3);
    let whole = Searcher::from_index(built);
    // Words, near misses, stems, compounds, acronyms both ways, sequences, filters alone
    // and with words, phrases, symbols and capitals (the last four read every passage).
    for text in [
        "jigsaw",
        "jigsw",
        "thrve",
        "allocation",
        "antisocial",
        "anti-social",
        "bodyworn",
        "organized crime",
        "RSO",
        "registered sex offender",
        "stop and search",
        "stop-and-search",
        "year:2017 detectives",
        "kind:recommendation allocation",
        "grade:inadequate supervision",
        "year:2017",
        "\"stop and search\"",
        "S&S",
        "£92m",
        "Jigsaw",
        "nothing-matches-this",
    ] {
        let query = Query::parse(text);
        let (once, plans) = pack::decode_for(&bytes[..], 3, &query).unwrap();
        let once = Searcher::from_index(once);
        let expected = answers(&whole, &query);
        assert_eq!(answers_with(&once, &query, Some(plans)), expected, "{text}");
        assert_eq!(answers(&once, &query), expected, "{text}, planned afresh");
    }
    let query = Query::parse("jigsaw");
    let (once, _) = pack::decode_for(&bytes[..], 3, &query).unwrap();
    let read = once.passages.iter().filter(|p| !p.text.is_empty()).count();
    assert!(
        read > 0 && read * 10 < once.passages.len(),
        "{read} of {} passages read",
        once.passages.len()
    );
    assert!(
        pack::decode_for(&bytes[..], 4, &query).is_none(),
        "another key"
    );
}

#[test]
fn a_pack_for_other_content_or_damaged_is_refused_without_panicking() {
    let (_folder, good, _) = minimal_pack(7);
    assert!(pack::decode(&good[..], 8).is_none(), "another key");
    let mut foreign = good.clone();
    foreign[0] ^= 1;
    assert!(pack::decode(&foreign[..], 7).is_none(), "not a pack");
    for cut in [0, 4, 8, 16, 24, 32, good.len() / 2, good.len() - 1] {
        assert!(
            pack::decode(&good[..cut], 7).is_none(),
            "cut to {cut} bytes"
        );
    }
    // A segment table claiming more bytes than the file has, or a count past all reason.
    let mut overlong = good.clone();
    overlong[24..32].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(pack::decode(&overlong[..], 7).is_none());
    let mut counted = good.clone();
    counted[16..24].copy_from_slice(&u64::MAX.to_le_bytes());
    assert!(pack::decode(&counted[..], 7).is_none());

    // Every single-byte change past the header, flipped or one more (so a varint stays
    // a varint): decoded to something consistent, or refused, and never a panic. A changed index that still decodes must keep every
    // reference in range, so searching it cannot panic either.
    let query = Query::parse("allocated skilled");
    let damages: [fn(u8) -> u8; 2] = [|b| b ^ 0xff, |b| b.wrapping_add(1)];
    for (at, damage) in (24..good.len()).flat_map(|at| damages.map(|d| (at, d))) {
        let mut damaged = good.clone();
        damaged[at] = damage(damaged[at]);
        let whole = pack::decode(&damaged[..], 7);
        let once = pack::decode_for(&damaged[..], 7, &query).map(|(index, _)| index);
        for index in whole.into_iter().chain(once) {
            assert_in_range(&index, at);
            let searcher = Searcher::from_index(index);
            for hit in searcher.search(&query) {
                searcher.node(&hit);
                searcher.highlights(&hit, &query);
            }
        }
    }
}

/// Every node's passages name that node and every word is in the lexicon: what a damaged
/// pack that still decodes must keep.
fn assert_in_range(index: &SearchIndex, damaged_at: usize) {
    let words = index.lexicon.words.len();
    for (n, node) in index.nodes.iter().enumerate() {
        for passage in &index.passages[node.passages.clone()] {
            assert_eq!(
                passage.node, n,
                "byte {damaged_at} changed: a passage's node"
            );
            assert!(
                (passage.words.iter().chain(passage.joined.iter())).all(|&w| (w as usize) < words),
                "byte {damaged_at} changed: a word past the lexicon"
            );
        }
    }
}

/// Replaces every `from` in `bytes` with the same-length `to`, so a pack stays valid.
fn edit(bytes: &mut [u8], from: &[u8], to: &[u8]) -> usize {
    assert_eq!(from.len(), to.len(), "a same-length edit");
    let mut count = 0;
    let mut at = 0;
    while let Some(found) = bytes[at..].windows(from.len()).position(|w| w == from) {
        bytes[at + found..at + found + to.len()].copy_from_slice(to);
        at += found + to.len();
        count += 1;
    }
    count
}

#[test]
fn escape_codes_edited_into_a_pack_come_out_inert() {
    let (_folder, mut bytes, _) = minimal_pack(1);
    assert!(edit(&mut bytes, b"skilled", b"\x1b[31mkd") > 0);
    let index = pack::decode(&bytes[..], 1).expect("still a valid pack");
    let searcher = Searcher::from_index(index);
    let query = Query::parse("allocated");
    let hits = searcher.search(&query);
    assert!(!hits.is_empty());
    for hit in &hits {
        let node = searcher.node(hit);
        for shown in [&node.title, &searcher.passage(hit).text]
            .into_iter()
            .chain(&node.breadcrumb)
        {
            assert!(!shown.contains('\x1b'), "inert: {shown:?}");
        }
    }
}

#[test]
fn the_explorer_reads_a_folders_index_from_the_cache_when_it_fits() {
    let folder = copy_of("minimal");
    let root = tempfile::tempdir().unwrap();
    let cache = Cache::in_root(root.path(), folder.path());
    let fetched = cache
        .load(content::read_dir(folder.path()).unwrap())
        .unwrap();
    let source = IndexSource::Cached {
        path: cache.index_path(),
        key: fetched.key,
    };
    let passage = |searcher: &Searcher| {
        let query = Query::parse("complex");
        let hits = searcher.search(&query);
        searcher.passage(&hits[0]).text.clone()
    };
    let original = "Complex crimes go to inexperienced officers.";
    // The first run builds the index and stores it.
    assert_eq!(
        passage(&load::searcher(&fetched.library, &source)),
        original
    );
    // Proof the second run reads it: an edit made only in the pack's text shows.
    let good = std::fs::read(cache.index_path()).expect("the index was stored");
    let mut bytes = good.clone();
    assert_eq!(edit(&mut bytes, b"Complex crimes", b"Complex frauds"), 1);
    std::fs::write(cache.index_path(), &bytes).unwrap();
    assert_eq!(
        passage(&load::searcher(&fetched.library, &source)),
        "Complex frauds go to inexperienced officers."
    );

    // A pack under the right key whose nodes are not the library's is rebuilt, not
    // trusted: a node's title edited, or the index of another folder with the same ids.
    let mut retitled = good.clone();
    assert!(edit(&mut retitled, b"skilled officers", b"trained officers") > 0);
    assert!(edit(&mut retitled, b"Complex crimes", b"Complex frauds") > 0);
    let other = copy_of("unicode");
    let other_index = SearchIndex::build(&content::load_dir(other.path()).unwrap());
    for foreign in [retitled, pack::encode(&other_index, fetched.key)] {
        std::fs::write(cache.index_path(), foreign).unwrap();
        assert_eq!(
            passage(&load::searcher(&fetched.library, &source)),
            original
        );
        assert!(
            std::fs::read(cache.index_path()).unwrap() == good,
            "stored again"
        );
    }
}

#[test]
fn a_second_search_of_a_folder_reads_only_the_stored_index() {
    let folder = copy_of("minimal");
    let home = tempfile::tempdir().unwrap();
    let search = |query: &str| {
        let (mut command, _own_home) = common::peel_command();
        let output = command
            .args(["--content"])
            .arg(folder.path())
            .args(["search", "--json", query])
            .env("XDG_CACHE_HOME", home.path())
            .output()
            .unwrap();
        assert!(output.status.success(), "{output:?}");
        String::from_utf8(output.stdout).unwrap()
    };
    assert!(
        search("allocated").contains("\"Investigations are not allocated to skilled officers\"")
    );
    let cache_dir = home.path().join("peel");
    // The library and its index; a stamp too if the files had settled (2 s) meanwhile.
    let mut files: Vec<_> = std::fs::read_dir(&cache_dir)
        .unwrap()
        .map(|e| e.unwrap().path())
        .filter(|p| {
            !p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("stamp-")
        })
        .collect();
    files.sort();
    assert_eq!(files.len(), 2, "the library and its index: {files:?}");
    let index = files
        .iter()
        .find(|p| {
            p.file_name()
                .unwrap()
                .to_string_lossy()
                .starts_with("index-")
        })
        .expect("an index pack");
    let mut bytes = std::fs::read(index).unwrap();
    assert!(edit(&mut bytes, b"skilled officers", b"trained officers") > 0);
    std::fs::write(index, &bytes).unwrap();
    assert!(
        search("allocated").contains("\"Investigations are not allocated to trained officers\""),
        "the second search answered from the pack"
    );

    // An edited content file changes the key: parsed and indexed afresh.
    let area = folder.path().join("testshire/2024/investigating.yaml");
    let text = std::fs::read_to_string(&area).unwrap();
    std::fs::write(
        &area,
        text.replace("skilled officers", "skilled detectives"),
    )
    .unwrap();
    assert!(
        search("allocated").contains("\"Investigations are not allocated to skilled detectives\"")
    );
}

#[test]
fn a_compound_twice_in_one_passage_is_read_once_and_later_passages_still_are() {
    let folder = copy_of("minimal");
    let edit = |file: &str, from: &str, to: &str| {
        let path = folder.path().join(file);
        let text = std::fs::read_to_string(&path).unwrap();
        assert!(text.contains(from), "{file}");
        std::fs::write(&path, text.replace(from, to)).unwrap();
    };
    edit(
        "testshire/2024/assessment.yaml",
        "An overview paragraph.",
        "Body-worn video and body-worn cameras.",
    );
    edit(
        "testshire/2024/investigating.yaml",
        "Only a quarter of files met the standard.",
        "Only a quarter of body-worn files met the standard.",
    );
    let library = content::load_dir(folder.path()).unwrap();
    let built = SearchIndex::build(&library);
    let bytes = pack::encode(&built, 9);
    let whole = Searcher::from_index(built);
    let query = Query::parse("bodyworn");
    let expected = answers(&whole, &query);
    assert!(expected.len() >= 2, "both passages are found: {expected:?}");
    let (once, _) = pack::decode_for(&bytes[..], 9, &query).unwrap();
    assert_eq!(answers(&Searcher::from_index(once), &query), expected);
}

/// Hits as a reader sees them, whichever index they came from: node, score and passage text.
type Seen = Vec<(String, i64, String)>;

fn seen(searcher: &Searcher, query: &Query, hits: &[peel::search::Hit]) -> Seen {
    hits.iter()
        .map(|hit| {
            let snippet = peel::search::snippet(
                &searcher.passage(hit).text,
                &searcher.highlights(hit, query),
                100,
            );
            (searcher.node(hit).id.clone(), hit.score, snippet.text)
        })
        .collect()
}

#[test]
fn a_one_shot_answer_gives_the_whole_indexs_results_in_its_order() {
    let built = SearchIndex::build(&common::builtin());
    let bytes = pack::encode(&built, 3);
    let whole = Searcher::from_index(built);
    for text in [
        "jigsaw",
        "jigsw",
        "thrve",
        "allocation",
        "anti-social",
        "bodyworn",
        "organized crime",
        "RSO",
        "stop and search",
        "stop-and-search",
        "year:2017 detectives",
        "kind:recommendation allocation",
        "year:2017",
        "\"stop and search\"",
        "S&S",
        "Jigsaw",
        // As written, and found only by a stem or as a near miss, some across a space.
        "Jigsw",
        "Domestics",
        "Neighbourhoods",
        "Stopand",
        "Police",
        "nothing-matches-this",
        // Concepts by their other names, and by words of several.
        "registered sex offenders",
        "offender management",
        "body-worn video",
        "domestic abuse",
        "causes of concern",
        "DA",
        "CoC",
        "organised crime groups",
    ] {
        let (once, all) = answered_and_whole(&bytes, &whole, text);
        assert_eq!(once, all, "{text}");
        // Only the results shown are read with their titles: the rest are ranked unread.
        let query = Query::parse(text);
        let expected = whole.search(&query);
        let (once, hits) = pack::answer(&bytes[..], 3, &query, 2).unwrap();
        assert_eq!(hits.len(), expected.len(), "{text}");
        for (hit, want) in hits.iter().zip(&expected).take(2) {
            assert_eq!(once.node(hit).id, whole.node(want).id, "{text}");
        }
    }
}

#[test]
fn a_one_shot_answer_from_a_damaged_or_cut_pack_is_refused_or_stays_in_range() {
    let (_folder, good, _) = minimal_pack(7);
    // `e` is part of most words, so nearly every passage is read for it.
    let queries = ["allocated skilled", "e", "\"complex crimes\""].map(Query::parse);
    for cut in 0..good.len() {
        assert!(
            pack::answer(&good[..cut], 7, &queries[0], 20).is_none(),
            "cut to {cut} bytes"
        );
    }
    let damages: [fn(u8) -> u8; 2] = [|b| b ^ 0xff, |b| b.wrapping_add(1)];
    for (at, damage) in (24..good.len()).flat_map(|at| damages.map(|d| (at, d))) {
        let mut damaged = good.clone();
        damaged[at] = damage(damaged[at]);
        for query in &queries {
            let Some((searcher, hits)) = pack::answer(&damaged[..], 7, query, usize::MAX) else {
                continue;
            };
            for hit in &hits {
                searcher.node(hit);
                searcher.passage(hit);
                searcher.highlights(hit, query);
                searcher.explain(hit, query);
            }
        }
    }
}

/// A common word with a rare one: a node is a hit only where both match, so the answer
/// reads the passages of the few nodes with both, not every passage with the common word.
#[test]
fn a_one_shot_answer_reads_only_the_nodes_where_every_word_may_match() {
    let built = SearchIndex::build(&common::builtin());
    let bytes = pack::encode(&built, 3);
    let whole = Searcher::from_index(built);
    let read = |text: &str| {
        let query = Query::parse(text);
        let (once, hits) = pack::answer(&bytes[..], 3, &query, usize::MAX).expect("answers");
        let expected = whole.search(&query);
        assert_eq!(
            seen(&once, &query, &hits),
            seen(&whole, &query, &expected),
            "{text}"
        );
        (once.index.passages.len(), hits.len())
    };
    let (common, _) = read("police");
    for text in [
        "police jigsaw",
        "jigsaw police",
        "police \"Jigsaw\"",
        "police jigsw",
    ] {
        let (both, hits) = read(text);
        assert!(hits > 0, "{text} finds something");
        assert!(
            both * 10 < common,
            "{text}: {both} passages read, {common} for police"
        );
    }
    let (none, hits) = read("police nothing-matches-this");
    assert_eq!((none, hits), (0, 0));
}

/// The built-in content answered once from the pack the binary carries, trusted as
/// prepared (its concepts made only where the query can name them), gives the results
/// of its whole index.
#[test]
fn a_built_in_one_shot_answer_gives_the_whole_indexs_results() {
    let origin = load::Origin {
        dir: None,
        cache: None,
        builtin: peel::builtin::PREPARED,
    };
    let whole = Searcher::from_index(peel::builtin::index().expect("the prepared index"));
    for text in [
        "jigsaw",
        "thrve",
        "RSO",
        "rso",
        "registered sex offenders",
        "sex offender management",
        "S&S",
        "stop and search",
        "DA kind:recommendation",
        "domestic abuse",
        "CoC",
        "causes of concern",
        "IOM year:2017",
        "offender management",
        "Mayor's Office for Policing and Crime",
        "nothing-matches-this",
    ] {
        let query = Query::parse(text);
        let (once, hits) = origin.answer_for(&query, usize::MAX).expect("an answer");
        let expected = whole.search(&query);
        assert_eq!(
            seen(&once, &query, &hits),
            seen(&whole, &query, &expected),
            "{text}"
        );
        let via = |searcher: &Searcher, hits: &[peel::search::Hit]| -> Vec<Option<String>> {
            hits.iter()
                .map(|hit| searcher.explain(hit, &query))
                .collect()
        };
        assert_eq!(via(&once, &hits), via(&whole, &expected), "{text}");
    }
}

#[test]
fn a_search_through_a_cut_or_overwritten_cached_pack_builds_it_again() {
    let folder = copy_of("minimal");
    let root = tempfile::tempdir().unwrap();
    let cache = Cache::in_root(root.path(), folder.path());
    let origin = load::Origin {
        dir: Some(folder.path().to_path_buf()),
        cache: Some(Cache::in_root(root.path(), folder.path())),
        builtin: peel::builtin::PREPARED,
    };
    let query = Query::parse("officers");
    let answer = || {
        let (searcher, hits) = origin.answer_for(&query, 20).expect("an answer");
        seen(&searcher, &query, &hits)
    };
    let first = answer();
    assert!(!first.is_empty());
    let good = std::fs::read(cache.index_path()).expect("the index was stored");
    assert_eq!(answer(), first, "read from the cache");
    let overwritten = {
        let mut bytes = good.clone();
        bytes[24..].fill(0xff);
        bytes
    };
    for damaged in [good[..good.len() / 2].to_vec(), overwritten] {
        // Written aside and renamed, as peel writes it: a mapped pack is never changed
        // in place.
        let aside = root.path().join("damaged");
        std::fs::write(&aside, &damaged).unwrap();
        std::fs::rename(&aside, cache.index_path()).unwrap();
        assert_eq!(answer(), first);
        assert!(
            std::fs::read(cache.index_path()).unwrap() == good,
            "stored again"
        );
    }
}

/// The built-in content's index, and its pack, built once for the property below.
fn built_and_packed() -> &'static (Searcher, Vec<u8>) {
    static BUILT: std::sync::OnceLock<(Searcher, Vec<u8>)> = std::sync::OnceLock::new();
    BUILT.get_or_init(|| {
        let built = SearchIndex::build(&common::builtin());
        let bytes = pack::encode(&built, 3);
        (Searcher::from_index(built), bytes)
    })
}

/// The built-in pack's one-shot answer to `text`, and the whole index's, as a reader sees
/// each.
fn once_and_whole(text: &str) -> (Seen, Seen) {
    let (whole, bytes) = built_and_packed();
    answered_and_whole(bytes, whole, text)
}

/// A pack's one-shot answer to `text` (packed under key 3), and the whole index's.
fn answered_and_whole(bytes: &[u8], whole: &Searcher, text: &str) -> (Seen, Seen) {
    let query = Query::parse(text);
    let expected = whole.search(&query);
    let (once, hits) = pack::answer(bytes, 3, &query, usize::MAX).expect("answers");
    (seen(&once, &query, &hits), seen(whole, &query, &expected))
}

proptest::proptest! {
    #![proptest_config(proptest::prelude::ProptestConfig { cases: 96, ..Default::default() })]

    /// A one-shot answer ranks each word by the postings and confirms words in a row
    /// where they lie in the pack, without the ranker: it must rank as the ranker does.
    /// Queries are words in a row from a passage (so they are found), the last cut short
    /// (found inside longer words) or missing a letter (near misses) or the words joined by
    /// hyphens, and a second group.
    #[test]
    fn a_one_shot_answer_ranks_words_and_words_in_a_row_as_the_whole_index_does(
        passage in 0usize..100_000,
        from in 0usize..64,
        length in 1usize..4,
        last in 0u8..4,
        other in proptest::option::of(0usize..100_000),
    ) {
        let (whole, _) = built_and_packed();
        let index = &whole.index;
        let words = |p: usize, from: usize, length: usize| -> Vec<String> {
            let held = &index.passages[p % index.passages.len()].words;
            let from = from.min(held.len().saturating_sub(1));
            (held.iter().skip(from).take(length))
                .map(|&w| index.lexicon.words[w as usize].to_owned())
                .collect()
        };
        let mut typed = words(passage, from, length);
        if let Some(word) = typed.last_mut() {
            let chars: Vec<char> = word.chars().collect();
            match last {
                1 if chars.len() > 3 => *word = chars[..chars.len() - 1].iter().collect(),
                2 if chars.len() > 4 => {
                    *word = chars.iter().enumerate().filter(|&(i, _)| i != 2).map(|(_, c)| c).collect()
                }
                _ => {}
            }
        }
        // Joined by hyphens, they are also words in a row (`stop-and-search`).
        let mut text = typed.join(if last == 3 { "-" } else { " " });
        if let Some(other) = other {
            text = format!("{text} {}", words(other, 0, 1).join(" "));
        }
        let (once, whole) = once_and_whole(&text);
        proptest::prop_assert_eq!(once, whole, "{}", text);
    }

    /// A one-shot answer finds what is matched against the text itself (a phrase in any
    /// case, a word with capitals or symbols) by a scan of the texts, and must find what
    /// the whole index does. Queries are cut from a passage's text as written, in its case
    /// or another, quoted or not, missing a letter (near misses) or cut short (stems and
    /// parts of words), and a second group.
    #[test]
    fn a_one_shot_answer_matches_phrases_and_capitals_as_the_whole_index_does(
        passage in 0usize..100_000,
        from in 0usize..400,
        length in 1usize..24,
        case in 0u8..4,
        quoted: bool,
        change in 0u8..3,
        other in proptest::option::of(0usize..100_000),
    ) {
        let (whole, _) = built_and_packed();
        let index = &whole.index;
        let cut = |p: usize, from: usize, length: usize| -> String {
            let text = &index.passages[p % index.passages.len()].text;
            let chars: Vec<char> = text.chars().filter(|&c| c != '"').collect();
            let from = from.min(chars.len().saturating_sub(1));
            chars.iter().skip(from).take(length).collect::<String>().trim().to_owned()
        };
        let mut typed: Vec<char> = cut(passage, from, length).chars().collect();
        match change {
            1 if typed.len() > 4 => {
                typed.remove(2);
            }
            2 if typed.len() > 4 => {
                typed.pop();
            }
            _ => {}
        }
        let typed: String = typed.into_iter().collect();
        let typed = match case {
            1 => typed.to_uppercase(),
            2 => typed.to_lowercase(),
            3 => {
                let mut chars = typed.chars();
                chars.next().map_or_else(String::new, |first| {
                    first.to_uppercase().chain(chars.flat_map(char::to_lowercase)).collect()
                })
            }
            _ => typed,
        };
        let mut text = if quoted { format!("\"{typed}\"") } else { typed };
        if let Some(other) = other {
            text = format!("{text} {}", cut(other, 0, 12));
        }
        let (once, whole) = once_and_whole(&text);
        proptest::prop_assert_eq!(once, whole, "{}", text);
    }
}

/// Needles that begin as they end, quoted (`"000"`, with `100` before `000` in the lexicon:
/// end to end `100000`): a hostile run found the lexicon's search missing the word behind
/// a match that ran across two words, so that `"000"` found nothing here.
#[test]
fn a_one_shot_answer_finds_what_begins_as_it_ends_as_the_whole_index_does() {
    for text in [
        "\"000\"", "\"11\"", "\"00\"", "\"ss\"", "\"ee\"", "\"eme\"", "RSO",
    ] {
        let (once, whole) = once_and_whole(text);
        assert!(!whole.is_empty(), "{text} finds something");
        assert_eq!(once, whole, "{text}");
    }
}

/// A word as written that few passages may hold is answered from the lexicon, which the
/// built-in content rarely lets happen (its `p`-, `d`- and `c`-words are many). Here 320
/// plain passages surround a few planted ones, holding the word inside another, by a stem,
/// as a near miss within a word or running on into the next, and in another spelling.
#[test]
fn a_word_as_written_is_answered_from_the_lexicon_as_the_whole_index_answers_it() {
    let folder = copy_of("minimal");
    let area = folder.path().join("testshire/2024/investigating.yaml");
    let mut yaml = std::fs::read_to_string(&area).unwrap();
    let planted = [
        "The Jigsaw team met.",
        "A xJigsawx case.",
        "Jo igsaw, said the note.",
        "The Jigsw typo.",
        "Colouring the map.",
        "Domesticated animals.",
        "The jigsaw in lower case.",
    ];
    let plain = (0..320).map(|n| format!("The force has made progress on plan {n}."));
    for (n, text) in planted
        .iter()
        .map(|t| t.to_string())
        .chain(plain)
        .enumerate()
    {
        yaml.push_str(&format!(
            "  - id: planted-{n}\n    kind: main-finding\n    title: Finding {n}\n    \
             body: [{text:?}]\n    source: {{file: report.txt, lines: [33, 35]}}\n"
        ));
    }
    std::fs::write(&area, yaml).unwrap();
    let built = SearchIndex::build(&content::load_dir(folder.path()).expect("loads"));
    let bytes = pack::encode(&built, 3);
    let whole = Searcher::from_index(built);
    for text in ["Jigsaw", "Jigs", "Jigsw", "Colurin", "Domestics", "Zebra"] {
        let (once, whole) = answered_and_whole(&bytes, &whole, text);
        assert_eq!(once, whole, "{text}");
    }
    let found = |text: &str| whole.search(&Query::parse(text)).len();
    assert_eq!(
        (found("Jigsaw"), found("Colurin"), found("Domestics")),
        (4, 1, 1),
        "each planted passage is found"
    );
}
