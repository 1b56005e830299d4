//! The plain reader against serde_yaml: on every built-in and synthetic file, on named
//! cases, and on generated hostile documents. Past 500 lines: the generator of documents
//! shaped like each kind of content file is most of it.

use super::super::schema::{
    AreaFile, AssessmentFile, ForceFile, GlossaryFile, SourcesFile, ThemesFile, VocabularyFile,
};
use super::super::{ContentFile, Role, role_of};
use crate::model::Catalogue;
use serde::de::DeserializeOwned;
use std::fmt::Debug;

/// What each reader makes of `text`: the plain reader's document (if it reads it) and
/// serde_yaml's, both as their debug text.
fn both<T: DeserializeOwned + Debug>(text: &str) -> (Option<String>, String) {
    let plain = super::from_str::<T>(text).map(|doc| format!("{doc:?}"));
    let yaml = format!(
        "{:?}",
        serde_yaml::from_str::<T>(text).map_err(|e| e.to_string())
    );
    (plain.map(|doc| format!("Ok({doc})")), yaml)
}

fn by_role(relative: &str, text: &str) -> (Option<String>, String) {
    match role_of(relative).expect("a content file") {
        Role::Sources => both::<SourcesFile>(text),
        Role::Glossary => both::<GlossaryFile>(text),
        Role::Vocabulary => both::<VocabularyFile>(text),
        Role::Framework => both::<Catalogue>(text),
        Role::Force { .. } => both::<ForceFile>(text),
        Role::Themes { .. } => both::<ThemesFile>(text),
        Role::Assessment { .. } => both::<AssessmentFile>(text),
        Role::Area { .. } => both::<AreaFile>(text),
    }
}

/// Every file the plain reader reads, it reads as serde_yaml does; and it reads most.
fn agree(files: &[ContentFile]) -> usize {
    let mut read = 0;
    for file in files {
        let text = std::str::from_utf8(&file.bytes).expect("UTF-8");
        let (plain, yaml) = by_role(&file.relative, text);
        if let Some(plain) = plain {
            assert_eq!(plain, yaml, "{}", file.display);
            read += 1;
        }
    }
    read
}

#[test]
fn reads_the_builtin_content_as_serde_yaml_does() {
    let files = super::super::builtin_files();
    let read = agree(&files);
    assert!(read * 2 > files.len(), "{read} of {}", files.len());
}

#[test]
fn reads_a_synthetic_corpus_as_serde_yaml_does() {
    let out = tempfile::tempdir().expect("a temporary folder");
    let template = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../content");
    super::super::synthetic::write(&template, out.path(), 3, 7).expect("the corpus");
    let files = super::super::read_dir(out.path()).expect("read");
    let read = agree(&files);
    assert!(read * 10 > files.len() * 8, "{read} of {}", files.len());
}

#[test]
fn folds_and_quotes_as_serde_yaml_does() {
    let text = "id: a-b\nname: 'It''s\n  folded'' twice\n   over'\nassessments:\n- plain\n  over two\n- \"quoted\"\n- 'one'\n";
    let (plain, yaml) = both::<ForceFile>(text);
    assert_eq!(plain.as_deref(), Some(yaml.as_str()));
    assert!(yaml.contains("It's folded' twice over"), "{yaml}");
    assert!(yaml.contains("plain over two"), "{yaml}");
    let list = "id: a\nname: b\nassessments: ['2017', 2 & 3 – Caution, '', 3.1%]\n";
    let (plain, yaml) = both::<ForceFile>(list);
    assert_eq!(plain.as_deref(), Some(yaml.as_str()));
    assert!(
        yaml.contains(r#"["2017", "2 & 3 – Caution", "", "3.1%"]"#),
        "{yaml}"
    );
}

#[test]
fn leaves_what_it_is_unsure_of_to_serde_yaml() {
    for text in [
        // A comment, a tab, a blank line, a block scalar, a flow mapping, an escape.
        "id: a # note\nname: b\nassessments: []\n",
        "id: a\nname:\tb\nassessments: []\n",
        "id: a\n\nname: b\nassessments: []\n",
        "id: a\nname: >\n  b\nassessments: []\n",
        "id: a\nname: b\nassessments: {}\n",
        "id: a\nname: b\nassessments: [x , y]\n",
        "id: a\nname: b\nassessments: [x: y]\n",
        "id: a\nname: \"b\\tc\"\nassessments: []\n",
        // Two spaces before a value, a line break libyaml sees in the text, a
        // duplicate key, a key's colon inside a continuation line.
        "id: a\nname:  b\nassessments: []\n",
        "id: a\nname: b\u{2028}c\nassessments: []\n",
        "id: a\nid: a\nname: b\nassessments: []\n",
        "id: a\nname: b\n  c: d\nassessments: []\n",
        // A quoted scalar followed by more text, an unknown field, a missing one.
        "id: a\nname: 'b' c\nassessments: []\n",
        "id: a\nname: b\nassessments: []\nextra: c\n",
        "id: a\nassessments: []\n",
        // A number, a null and a boolean where a paragraph (any type) is read.
        "id: a\ntitle: t\ngrade: good\nsummary:\n- 2024\n",
        "id: a\ntitle: t\ngrade: good\nsummary:\n- null\n",
        "id: a\ntitle: t\ngrade: good\nsummary:\n- true\n",
    ] {
        assert!(super::from_str::<ForceFile>(text).is_none(), "{text:?}");
        assert!(super::from_str::<AreaFile>(text).is_none(), "{text:?}");
    }
    let area = "id: a\ntitle: t\ngrade: good\nsummary:\n- 2024 was a year\n- Plain words\n";
    let (plain, yaml) = both::<AreaFile>(area);
    assert_eq!(plain.as_deref(), Some(yaml.as_str()));
}

/// libyaml takes U+0085 for a line break (a quoted `'\u{85}'` reads as a space) and
/// refuses other control characters; the property below found the plain reader
/// reading them as text.
#[test]
fn leaves_control_characters_to_serde_yaml() {
    let next_line = "id: a\nname: '\u{85}'\nassessments: []\n";
    assert!(serde_yaml::from_str::<ForceFile>(next_line).is_ok_and(|f| f.name == " "));
    for control in [
        '\u{85}', '\u{9b}', '\u{7f}', '\u{1}', '\u{0}', '\u{b}', '\u{c}',
    ] {
        for text in [
            format!("id: a\nname: '{control}'\nassessments: []\n"),
            format!("id: a\nname: b{control}c\nassessments: []\n"),
            format!("id: a\nname: b\nassessments: [c{control}]\n"),
        ] {
            assert!(super::from_str::<ForceFile>(&text).is_none(), "{text:?}");
        }
    }
}

/// A generated document: what is rendered as YAML-ish text, then mutated.
#[derive(Debug, Clone)]
enum Tree {
    /// A scalar, already written as it stands in the file (plain, quoted, folded…).
    Scalar(String),
    /// A block sequence, its dashes indented under the key (`true`) or not.
    Items(bool, Vec<Tree>),
    Map(Vec<(String, Tree)>),
}

impl Tree {
    fn render(&self, out: &mut String, indent: usize) {
        let Tree::Map(entries) = self else {
            return;
        };
        let pad = " ".repeat(indent);
        for (key, value) in entries {
            out.push_str(&pad);
            out.push_str(key);
            out.push(':');
            value.after_key(out, indent);
        }
    }

    /// The value of a key at `indent`, from just after its colon.
    fn after_key(&self, out: &mut String, indent: usize) {
        match self {
            Tree::Scalar(text) => {
                out.push(' ');
                out.push_str(&text.replace('\n', &format!("\n{}", " ".repeat(indent + 2))));
                out.push('\n');
            }
            Tree::Items(under, items) => {
                out.push('\n');
                let col = if *under { indent + 2 } else { indent };
                for item in items {
                    item.item(out, col);
                }
            }
            Tree::Map(_) => {
                out.push('\n');
                self.render(out, indent + 2);
            }
        }
    }

    /// A sequence item whose dash is at `col`.
    fn item(&self, out: &mut String, col: usize) {
        out.push_str(&" ".repeat(col));
        out.push_str("- ");
        match self {
            Tree::Scalar(text) => {
                out.push_str(&text.replace('\n', &format!("\n{}", " ".repeat(col + 2))));
                out.push('\n');
            }
            Tree::Items(_, items) => {
                // A nested sequence on the dash's line: hostile, but still YAML.
                let mut inner = String::new();
                for item in items {
                    item.item(&mut inner, col + 2);
                }
                out.push_str(inner.trim_start_matches(' '));
                if items.is_empty() {
                    out.push_str("[]\n");
                }
            }
            Tree::Map(_) => {
                let mut inner = String::new();
                self.render(&mut inner, col + 2);
                out.push_str(inner.trim_start_matches(' '));
                if inner.is_empty() {
                    out.push_str("{}\n");
                }
            }
        }
    }
}

use proptest::prelude::*;

/// Pieces of text in and near the shapes the plain reader takes: words it reads, and
/// indicators, numbers, nulls and booleans where serde_yaml reads something else.
const ATOMS: &[&str] = &[
    "a",
    "b",
    "word",
    "Plain words",
    "It's",
    "2 & 3 – Caution",
    "two: colons",
    "a #b",
    "3.1%",
    "é",
    "日本",
    ": ",
    ":",
    " #",
    "#",
    "- ",
    "-",
    "[",
    "]",
    ",",
    "'",
    "\"",
    "''",
    "&x",
    "*x",
    "!x",
    "!!str",
    "%",
    "@",
    "`",
    "?",
    "? ",
    "|",
    ">",
    "{",
    "}",
    "\\",
    " ",
    "  ",
    "yes",
    "no",
    "on",
    "~",
    "null",
    "Null",
    "NULL",
    "true",
    "True",
    "FALSE",
    "0x1F",
    "0o17",
    "0b1",
    "1e3",
    "1E3",
    ".inf",
    "-.inf",
    ".nan",
    "0",
    "-0",
    "00",
    "007",
    "12",
    "-3",
    "+4",
    "4.25",
    "4.",
    ".5",
    "1_000",
    "1,000",
    "2024",
    "99999999999999999999",
    "3.",
    "-",
    "good",
    "requires-improvement",
    "not-stated",
    "inspectorate",
    "press",
    "\u{a0}",
    "\u{2028}",
    "\u{feff}",
    "\u{85}",
    "\u{9b}",
    "\u{7f}",
    "\u{1}",
    "\u{0}",
    "\t",
    "\r",
];

fn atoms() -> impl Strategy<Value = String> {
    proptest::collection::vec(proptest::sample::select(ATOMS), 1..4)
        .prop_map(|parts| parts.concat())
}

/// A scalar as written: mostly a plain word or two, now and then anything.
fn scalar() -> BoxedStrategy<String> {
    let safe = proptest::sample::select(
        &[
            "a",
            "word",
            "Plain words",
            "x-y",
            "It's a 2 & 3 – test",
            "caf\u{e9} 日本",
            "'quoted'",
            "'It''s'",
            "\"double\"",
            "folded\nover lines",
            "'folded\nquoted'",
            "a- b",
            "a:b",
            "'a: b'",
            "3.1%",
            "x [y] z",
        ][..],
    )
    .prop_map(str::to_owned);
    prop_oneof![10 => safe, 1 => hostile()].boxed()
}

/// A scalar as written: plain, quoted, folded over lines, or a flow list, of atoms.
fn hostile() -> impl Strategy<Value = String> {
    let text = prop_oneof![
        5 => proptest::sample::select(&["a", "word", "Plain words", "good", "12", "4.25", "x-y", "It's a 2 & 3 – test", "caf\u{e9} 日本"][..])
            .prop_map(str::to_owned),
        2 => atoms(),
    ];
    (text, 0..12u8, proptest::collection::vec(atoms(), 0..4)).prop_map(|(text, how, more)| {
        match how {
            0 => format!("'{}'", text.replace('\'', "''")),
            1 => format!("'{text}'"),
            2 => format!("\"{text}\""),
            3 => format!("[{}]", more.join(", ")),
            4 => format!("[{}]", more.join(",")),
            5 => format!(
                "[{}]",
                more.iter()
                    .map(|m| format!("'{}'", m.replace('\'', "''")))
                    .collect::<Vec<_>>()
                    .join(", ")
            ),
            // Folded over lines (the renderer indents what follows each break).
            6 => format!("{text}\n{}", more.join(" ")),
            7 => format!("'{}\n{}'", text.replace('\'', "''"), more.join(" ")),
            8 => format!("{text} {}", more.join(" ")),
            _ => text,
        }
    })
}

fn items(item: impl Strategy<Value = Tree>) -> impl Strategy<Value = Tree> {
    (any::<bool>(), proptest::collection::vec(item, 1..4), 0..8u8)
        .prop_map(|(under, mut items, keep)| {
            if keep == 0 {
                items.clear();
            }
            (under, items)
        })
        .prop_map(|(under, items)| Tree::Items(under, items))
}

/// A map with the given keys (each now and then left out or twice, or followed by a
/// stray key); a key written `?key` is optional, and left out half the time.
fn map(fields: Vec<(&'static str, BoxedStrategy<Tree>)>) -> impl Strategy<Value = Tree> {
    let fields: Vec<_> = fields
        .into_iter()
        .map(|(key, value)| {
            let (key, optional) = key
                .strip_prefix('?')
                .map_or((key, false), |key| (key, true));
            (0..60u8, value, scalar()).prop_map(move |(keep, value, stray)| match keep {
                0 => vec![],
                // A quoted key, a space before the colon: the same key to serde_yaml.
                3 => vec![(format!("'{key}'"), value)],
                4 => vec![(format!("{key} "), value)],
                _ if optional && keep % 2 == 0 => vec![],
                1 => vec![(key.to_owned(), value.clone()), (key.to_owned(), value)],
                2 => vec![
                    (key.to_owned(), value),
                    ("extra".to_owned(), Tree::Scalar(stray)),
                ],
                _ => vec![(key.to_owned(), value)],
            })
        })
        .collect();
    fields.prop_map(|entries| Tree::Map(entries.into_iter().flatten().collect()))
}

fn s() -> BoxedStrategy<Tree> {
    scalar().prop_map(Tree::Scalar).boxed()
}

/// One of the words a typed field takes, mostly; now and then any scalar.
fn one_of(words: &'static [&'static str]) -> BoxedStrategy<Tree> {
    prop_oneof![
        8 => proptest::sample::select(words).prop_map(|w| Tree::Scalar(w.to_owned())),
        1 => s(),
    ]
    .boxed()
}

fn grade() -> BoxedStrategy<Tree> {
    one_of(&[
        "good",
        "adequate",
        "requires-improvement",
        "not-stated",
        "'good'",
        "\"inadequate\"",
        "Good",
        "null",
    ])
}

fn number() -> BoxedStrategy<Tree> {
    one_of(&[
        "2024",
        "0",
        "17",
        "-3",
        "4.25",
        "-0",
        "-0.0",
        "007",
        "0x1F",
        "1e3",
        ".inf",
        "1_000",
        "'12'",
        "65536",
        "4294967296",
        "2.",
        "18446744073709551616",
    ])
}

fn boolean() -> BoxedStrategy<Tree> {
    one_of(&["true", "false", "True", "FALSE", "yes", "~", "'true'"])
}

/// An optional field's value: a null, or a word that looks like one.
fn optional() -> BoxedStrategy<Tree> {
    prop_oneof![
        1 => s(),
        1 => one_of(&["null", "~", "Null", "NULL", "'null'", "\"~\"", "nul", "None"]),
    ]
    .boxed()
}

fn lines() -> BoxedStrategy<Tree> {
    prop_oneof![
        4 => one_of(&["[1, 2]", "[3, 40]", "[1,2]", "[0, 007]", "[1, -2]", "[1]", "[1, 2, 3]", "['1', 2]"]),
        1 => items(number()).boxed(),
    ]
    .boxed()
}

fn words() -> BoxedStrategy<Tree> {
    prop_oneof![
        1 => s(),
        1 => one_of(&["[]", "[a, b]", "['2017', '', 3.1%, 2 & 3 – Caution]", "[528, 646]", "[a,b]", "[x y, 'z']"]),
        6 => items(s()).boxed(),
    ]
    .boxed()
}

fn source() -> BoxedStrategy<Tree> {
    map(vec![("file", s()), ("lines", lines())]).boxed()
}

fn blocks() -> BoxedStrategy<Tree> {
    let block = prop_oneof![
        3 => s(),
        1 => one_of(&["null", "~", "true", "False", "12", "-3", "4.25", "yes", "2024 was a year", "0x1F", ".inf", "1e3"]),
        1 => map(vec![("bullets", words())]),
        1 => map(vec![("paragraph", s())]),
        1 => map(vec![("table", map(vec![("caption", s()), ("columns", words()), ("rows", items(words()).boxed()), ("chart", boolean())]).boxed())]),
    ];
    prop_oneof![1 => s(), 8 => items(block).boxed()].boxed()
}

fn finding() -> BoxedStrategy<Tree> {
    let figure = map(vec![
        ("label", s()),
        ("value", number()),
        ("unit", s()),
        (
            "comparator",
            map(vec![("label", s()), ("value", number())]).boxed(),
        ),
    ]);
    map(vec![
        ("id", s()),
        (
            "kind",
            one_of(&[
                "summary",
                "cause-of-concern",
                "strength",
                "press-coverage",
                "Strength",
            ]),
        ),
        ("title", s()),
        ("editorial_title", boolean()),
        ("body", blocks()),
        ("?figures", items(figure).boxed()),
        ("notes", words()),
        ("source", source()),
    ])
    .boxed()
}

/// Documents shaped like each kind of content file, before mutation.
fn document() -> impl Strategy<Value = Tree> {
    prop_oneof![
        map(vec![("id", s()), ("name", s()), ("assessments", words())]),
        map(vec![
            ("id", s()),
            ("title", s()),
            ("?short_title", optional()),
            ("grade", grade()),
            ("summary", blocks()),
            ("?source", source()),
            ("?findings", items(finding()).boxed()),
        ]),
        map(vec![
            ("id", s()),
            ("year", number()),
            ("title", s()),
            ("framework", s()),
            ("published", optional()),
            ("status", optional()),
            ("sources", words()),
            ("grade", grade()),
            ("areas", words()),
        ]),
        map(vec![(
            "terms",
            items(map(vec![
                ("term", s()),
                ("aliases", words()),
                ("definition", s()),
                ("editorial", boolean()),
                ("source", source()),
            ]))
            .boxed()
        )]),
        map(vec![(
            "terms",
            items(map(vec![
                ("key", s()),
                ("expansions", words()),
                ("editorial", boolean()),
                ("source", source()),
            ]))
            .boxed()
        )]),
        map(vec![
            (
                "themes",
                items(map(vec![
                    ("id", s()),
                    ("title", s()),
                    (
                        "years",
                        items(map(vec![
                            ("assessment", s()),
                            ("grade", prop_oneof![grade(), optional()].boxed()),
                            ("status", s()),
                            ("summary", s()),
                            ("nodes", words()),
                        ]))
                        .boxed(),
                    ),
                ]))
                .boxed(),
            ),
            (
                "recurring",
                items(map(vec![
                    ("id", s()),
                    ("title", s()),
                    ("theme", s()),
                    ("note", s()),
                    ("nodes", words()),
                ]))
                .boxed(),
            ),
        ]),
        map(vec![
            (
                "themes",
                items(map(vec![("id", s()), ("title", s())])).boxed()
            ),
            (
                "cycles",
                items(map(vec![
                    ("id", s()),
                    ("title", s()),
                    ("frameworks", words()),
                    ("years", lines()),
                    ("editorial", boolean()),
                    ("note", s()),
                    (
                        "areas",
                        items(map(vec![
                            ("id", s()),
                            ("theme", s()),
                            ("question", optional()),
                            ("titles", words()),
                            ("ids", words()),
                        ]))
                        .boxed(),
                    ),
                ]))
                .boxed(),
            ),
        ]),
        map(vec![(
            "sources",
            items(map(vec![
                ("file", s()),
                ("title", s()),
                ("publisher", s()),
                ("kind", one_of(&["inspectorate", "press", "Press"])),
                ("line_count", number()),
                ("shipped", boolean()),
            ]))
            .boxed()
        )]),
    ]
}

/// The rendered document, then bent: line ends, final newline, blank lines, document
/// markers, one line's indentation, one character put in or taken out.
fn text() -> impl Strategy<Value = String> {
    (
        document(),
        0..16u8,
        any::<prop::sample::Index>(),
        any::<prop::sample::Index>(),
        proptest::sample::select(
            &[" ", "  ", "-", ":", "'", "#", "\n", "\r\n", "é", "\u{2029}"][..],
        ),
    )
        .prop_map(|(tree, how, at, line, put)| {
            let mut text = String::new();
            tree.render(&mut text, 0);
            let bounds: Vec<usize> = text.char_indices().map(|(i, _)| i).collect();
            let at = if bounds.is_empty() {
                0
            } else {
                bounds[at.index(bounds.len())]
            };
            match how {
                0 => text.replace('\n', "\r\n"),
                1 => text.trim_end_matches('\n').to_owned(),
                2 => text + "\n\n",
                6 => format!("---\n{text}"),
                7 => text + "...\n",
                3 => {
                    text.insert_str(at, put);
                    text
                }
                4 if !text.is_empty() => {
                    text.remove(at);
                    text
                }
                5 => {
                    let starts: Vec<usize> = std::iter::once(0)
                        .chain(text.match_indices('\n').map(|(i, _)| i + 1))
                        .filter(|&i| i < text.len())
                        .collect();
                    if !starts.is_empty() {
                        text.insert(starts[line.index(starts.len())], ' ');
                    }
                    text
                }
                _ => text,
            }
        })
}

/// What the plain reader read, if it read `text` as a `T`, and whether serde_yaml
/// read the same; `None` where the plain reader left it to serde_yaml.
fn differs<T: DeserializeOwned + Debug>(text: &str) -> Option<String> {
    let (plain, yaml) = both::<T>(text);
    let plain = plain?;
    (plain != yaml).then(|| {
        format!(
            "{}: plain {plain}\n  serde_yaml {yaml}",
            std::any::type_name::<T>()
        )
    })
}

/// Every kind of content file the loader reads `text` as, where the readers differ.
fn disagreements(text: &str) -> Vec<String> {
    [
        differs::<ForceFile>(text),
        differs::<AreaFile>(text),
        differs::<AssessmentFile>(text),
        differs::<ThemesFile>(text),
        differs::<GlossaryFile>(text),
        differs::<VocabularyFile>(text),
        differs::<SourcesFile>(text),
        differs::<Catalogue>(text),
    ]
    .into_iter()
    .flatten()
    .collect()
}

/// Whether each reader reads `text` as a `T`.
fn reads<T: DeserializeOwned>(text: &str) -> (usize, usize) {
    (
        usize::from(super::from_str::<T>(text).is_some()),
        usize::from(serde_yaml::from_str::<T>(text).is_ok()),
    )
}

/// The documents generated are near enough the plain shapes that the plain reader
/// reads a fair share of them (else the property above would test little).
#[test]
fn the_generated_documents_are_often_read() {
    use proptest::strategy::ValueTree;
    use proptest::test_runner::{Config, RngAlgorithm, TestRng, TestRunner};
    let mut runner = TestRunner::new_with_rng(
        Config::default(),
        TestRng::deterministic_rng(RngAlgorithm::ChaCha),
    );
    let strategy = text();
    let (mut read, mut yaml_ok, total) = (0, 0, 4000);
    for _ in 0..total {
        let text = strategy
            .new_tree(&mut runner)
            .expect("a document")
            .current();
        let counts = [
            reads::<ForceFile>(&text),
            reads::<AreaFile>(&text),
            reads::<AssessmentFile>(&text),
            reads::<ThemesFile>(&text),
            reads::<GlossaryFile>(&text),
            reads::<VocabularyFile>(&text),
            reads::<SourcesFile>(&text),
            reads::<Catalogue>(&text),
        ];
        read += counts.iter().map(|c| c.0).sum::<usize>();
        yaml_ok += counts.iter().map(|c| c.1).sum::<usize>();
    }
    assert!(
        read * 30 > total && yaml_ok * 10 > total,
        "{read}, {yaml_ok} of {total}"
    );
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(2048))]
    /// Whatever the plain reader reads, serde_yaml reads the same, for every kind of
    /// content file; where serde_yaml refuses, the plain reader leaves it to serde_yaml.
    #[test]
    fn never_disagrees_with_serde_yaml(text in text()) {
        let found = disagreements(&text);
        prop_assert!(found.is_empty(), "{text:?}\n{}", found.join("\n"));
    }
}
