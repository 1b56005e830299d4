//! `peel export`: every kind of briefing in Markdown and JSON, the CSV tables, the file
//! that is never overwritten, and the faithfulness of what is quoted: every block quote of
//! every export of the built-in content is read back at the lines it cites.

mod common;

use common::{copy_of, peel_command, source_words};
use peel::builtin::library as load_builtin;
use peel::content::builtin_source_text;
use peel::export::{self, Briefing, Format, Request};
use peel::model::{Library, NodeKey, SourceKind};
use pulldown_cmark::{Event, HeadingLevel, Parser, Tag, TagEnd};
use std::path::Path;
use std::process::Output;

const DATE: &str = "2026-01-02";
/// 2026-01-02 12:00 UTC, as `SOURCE_DATE_EPOCH` gives it.
const EPOCH: &str = "1767355200";
const FINDING: &str = "2024/investigating-crime/cause-of-concern/crime-allocation";

fn request(library: &Library) -> Request<'_> {
    Request::new(library, DATE.into(), "the built-in content".into()).with_sources(Box::new(
        |file: &str| builtin_source_text(file).map(str::to_owned),
    ))
}

fn run(args: &[&str]) -> Output {
    let (mut command, _home) = peel_command();
    command.env("SOURCE_DATE_EPOCH", EPOCH);
    command.args(args).output().expect("run peel")
}

fn text(output: &[u8]) -> String {
    String::from_utf8_lossy(output).into_owned()
}

/// What one block quote said, and the citation that follows it.
struct Quoted {
    texts: Vec<String>,
    citation: String,
}

/// The block quotes of `markdown`, each with its text parts (paragraphs, list items) as
/// a Markdown reader reads them, escapes undone, and the paragraph after it.
fn block_quotes(markdown: &str) -> Vec<Quoted> {
    let mut quotes = Vec::new();
    let mut depth = 0;
    let mut current: Option<Vec<String>> = None;
    let mut text = String::new();
    let mut awaiting_citation: Option<Vec<String>> = None;
    let mut in_paragraph = false;
    for event in Parser::new_ext(markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Start(Tag::BlockQuote(_)) => {
                depth += 1;
                current.get_or_insert_with(Vec::new);
            }
            Event::End(TagEnd::BlockQuote(_)) => {
                depth -= 1;
                if depth == 0 {
                    awaiting_citation = current.take();
                }
            }
            Event::Start(Tag::Paragraph) => {
                in_paragraph = true;
                text.clear();
            }
            Event::End(TagEnd::Paragraph) | Event::End(TagEnd::Item) => {
                if depth > 0 && !text.is_empty() {
                    current.as_mut().unwrap().push(std::mem::take(&mut text));
                } else if in_paragraph && let Some(texts) = awaiting_citation.take() {
                    quotes.push(Quoted {
                        texts,
                        citation: std::mem::take(&mut text),
                    });
                }
                in_paragraph = false;
                text.clear();
            }
            Event::Text(t) | Event::Code(t) => text.push_str(&t),
            Event::SoftBreak | Event::HardBreak => text.push(' '),
            _ => {}
        }
    }
    assert!(
        awaiting_citation.is_none(),
        "a block quote with no citation after it"
    );
    quotes
}

/// The file and lines of "(FILE, lines A–B), …" or "(FILE, line A), …".
fn cited(citation: &str) -> (String, u32, u32) {
    let inner = citation
        .strip_prefix('(')
        .and_then(|rest| rest.split_once(')'))
        .map(|(inner, _)| inner)
        .unwrap_or_else(|| panic!("no citation: {citation}"));
    let (file, lines) = inner.rsplit_once(", ").expect("file, lines");
    let range = lines
        .strip_prefix("lines ")
        .or_else(|| lines.strip_prefix("line "))
        .expect("lines");
    let (first, last) = range.split_once('–').unwrap_or((range, range));
    (
        file.to_owned(),
        first.parse().unwrap(),
        last.parse().unwrap(),
    )
}

fn fold(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// Checks every block quote of `markdown` against the shipped source text; how many.
fn assert_quotes_verbatim(markdown: &str, what: &str) -> usize {
    let mut checked = 0;
    for quote in block_quotes(markdown) {
        let (file, first, last) = cited(&quote.citation);
        let source = builtin_source_text(&file)
            .unwrap_or_else(|| panic!("{what}: quotes {file}, which is not shipped"));
        let lines: Vec<String> = source
            .split('\n')
            .skip(first as usize - 1)
            .take((last - first + 1) as usize)
            .map(source_words)
            .collect();
        for text in &quote.texts {
            let wanted = fold(text);
            assert!(
                lines.iter().any(|line| line.contains(&wanted)),
                "{what}: not verbatim in {file} lines {first}–{last}:\n  {wanted}"
            );
            checked += 1;
        }
    }
    checked
}

/// Every briefing the built-in content gives: each node, each theme's comparison, each
/// year's grades, the recurring issues, the overview, and some searches.
fn every_briefing(library: &Library) -> Vec<(String, Briefing)> {
    let request = request(library);
    let mut all: Vec<(String, Briefing)> = library
        .preorder()
        .into_iter()
        .map(|key| (library.id(key), export::nodes(&request, &[key])))
        .collect();
    for (t, theme) in library.forces()[0].themes.iter().enumerate() {
        all.push((theme.id.clone(), export::comparison(&request, 0, t, &[])));
    }
    for year in export::assessment_years(library) {
        all.push((
            format!("grades {year}"),
            export::grades(&request, year).unwrap(),
        ));
    }
    all.push(("recurring".into(), export::recurring(&request, 0)));
    all.push(("overview".into(), export::overview(&request, 0)));
    let keys: Vec<NodeKey> = library.preorder().into_iter().step_by(7).collect();
    all.push(("bookmarks".into(), export::bookmarks(&request, &keys)));
    all
}

#[test]
fn every_block_quote_of_every_export_of_the_builtin_content_is_verbatim_at_its_lines() {
    let library = load_builtin().unwrap();
    let mut checked = 0;
    for (what, briefing) in every_briefing(&library) {
        let markdown = briefing.render(Format::Markdown).unwrap();
        checked += assert_quotes_verbatim(&markdown, &what);
    }
    assert!(checked > 1000, "only {checked} quotations checked");
}

#[test]
fn the_search_results_briefing_quotes_only_what_its_lines_hold() {
    for query in ["jigsaw", "stop and search", "year:2017 detectives"] {
        let output = run(&["export", "--search", query, "--limit", "0"]);
        assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
        let checked = assert_quotes_verbatim(&text(&output.stdout), query);
        assert!(checked > 0, "{query}: nothing quoted");
    }
}

#[test]
fn press_summaries_are_never_block_quoted_and_say_they_are_peels_words() {
    let library = load_builtin().unwrap();
    let request = request(&library);
    let mut press = 0;
    for key in library.preorder() {
        let item = &export::nodes(&request, &[key]).items[0];
        let is_press = item.source.as_ref().is_some_and(|source| {
            library.source_document(&source.file).map(|d| d.kind) == Some(SourceKind::Press)
        });
        if !is_press {
            continue;
        }
        press += 1;
        let markdown = export::nodes(&request, &[key])
            .render(Format::Markdown)
            .unwrap();
        let quotes = Parser::new(&markdown)
            .filter(|e| matches!(e, Event::Start(Tag::BlockQuote(_))))
            .count();
        assert_eq!(
            quotes, 0,
            "{}: a press node block-quoted:\n{markdown}",
            item.id
        );
        assert!(
            markdown.contains("Summary in peel's words of a press article")
                || markdown.contains("peel's own definition"),
            "{}: {markdown}",
            item.id
        );
    }
    assert!(press >= 5, "only {press} press nodes");
}

#[test]
fn a_golden_briefing_has_its_headings_and_no_raw_html() {
    let output = run(&["export", FINDING]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let markdown = text(&output.stdout);
    let mut headings: Vec<(HeadingLevel, String)> = Vec::new();
    let mut heading: Option<(HeadingLevel, String)> = None;
    for event in Parser::new_ext(&markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => panic!("raw HTML: {html}"),
            Event::Start(Tag::Heading { level, .. }) => heading = Some((level, String::new())),
            Event::Text(t) => {
                if let Some((_, text)) = &mut heading {
                    text.push_str(&t);
                }
            }
            Event::End(TagEnd::Heading(_)) => headings.extend(heading.take()),
            _ => {}
        }
    }
    let title = "The force's investigations aren't being allocated to officers and teams with sufficient skills and experience to carry out good quality investigations";
    assert_eq!(
        headings,
        vec![
            (HeadingLevel::H1, title.to_owned()),
            (HeadingLevel::H2, title.to_owned()),
            (HeadingLevel::H3, "Recommendations".to_owned()),
            (HeadingLevel::H3, "Figures".to_owned()),
        ]
    );
    assert!(markdown.contains("Exported 2026-01-02 by peel from the built-in content"));
    assert!(
        markdown.contains("Grade of its area: Inadequate"),
        "{markdown}"
    );
    assert!(markdown.contains("- *Within six months:* introduce a risk assessment"));
    insta::assert_snapshot!("golden_briefing", markdown);
}

#[test]
fn a_title_made_of_markdown_stays_text() {
    let dir = copy_of("minimal");
    let file = dir.path().join("testshire/2024/investigating.yaml");
    let yaml = std::fs::read_to_string(&file).unwrap();
    let hostile =
        r##""# [click](https://evil.example) <script>x</script> *bold* | cell \e]52;c;SGk=\a""##;
    std::fs::write(
        &file,
        yaml.replace(
            "title: Investigations are not allocated to skilled officers",
            &format!("title: {hostile}"),
        ),
    )
    .unwrap();
    let folder = dir.path().to_str().unwrap();
    let output = run(&[
        "--content",
        folder,
        "export",
        "2024/investigating/cause-of-concern/allocation",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let markdown = text(&output.stdout);
    assert!(
        !markdown.contains('\u{1b}') && !markdown.contains('\u{7}'),
        "{markdown:?}"
    );
    let mut headings: Vec<String> = Vec::new();
    let mut in_heading = false;
    for event in Parser::new_ext(&markdown, pulldown_cmark::Options::ENABLE_TABLES) {
        match event {
            Event::Html(html) | Event::InlineHtml(html) => panic!("raw HTML: {html}"),
            Event::Start(Tag::Link { dest_url, .. }) => {
                panic!("a link came of the title: {dest_url}")
            }
            Event::Start(Tag::Emphasis | Tag::Strong) if in_heading => {
                panic!("emphasis in a title")
            }
            Event::Start(Tag::Heading { .. }) => {
                in_heading = true;
                headings.push(String::new());
            }
            Event::End(TagEnd::Heading(_)) => in_heading = false,
            Event::Text(t) if in_heading => headings.last_mut().unwrap().push_str(&t),
            _ => {}
        }
    }
    // The title, made inert, is the text of the briefing's heading and of the node's.
    let shown = "# [click](https://evil.example) <script>x</script> *bold* | cell \u{241b}]52;c;SGk=\u{2407}";
    assert_eq!(headings[0], shown, "{markdown}");
    assert_eq!(headings[1], shown, "{markdown}");
}

#[test]
fn json_is_the_exported_date_and_one_item_per_node_with_its_source() {
    let output = run(&[
        "export",
        FINDING,
        "2017/investigating-crime",
        "--format",
        "json",
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let object = value.as_object().unwrap();
    assert_eq!(object.keys().collect::<Vec<_>>(), ["exported", "items"]);
    assert_eq!(value["exported"], DATE);
    let items = value["items"].as_array().unwrap();
    assert_eq!(items.len(), 2);
    let keys: Vec<&String> = items[0].as_object().unwrap().keys().collect();
    let mut wanted = [
        "id",
        "title",
        "kind",
        "year",
        "grade",
        "breadcrumb",
        "text",
        "source",
        "url",
    ];
    wanted.sort_unstable();
    assert_eq!(keys, wanted);
    assert_eq!(items[0]["id"], FINDING);
    assert_eq!(items[0]["kind"], "cause-of-concern");
    assert_eq!(items[0]["year"], 2024);
    assert_eq!(items[0]["grade"], "Inadequate");
    assert_eq!(items[0]["source"]["file"], "001_6cebdb2138c1379e.txt");
    assert_eq!(items[0]["source"]["lines"], serde_json::json!([536, 558]));
    assert_eq!(items[1]["grade"], "Requires improvement");
}

#[test]
fn each_kind_of_export_is_written_in_markdown_and_json() {
    let (mut command, home) = peel_command();
    let state = home.path().join("state/peel/state.json");
    std::fs::create_dir_all(state.parent().unwrap()).unwrap();
    std::fs::write(
        &state,
        format!(r#"{{"format":"peel-state/1","sources":{{"built-in":{{"last":null,"bookmarks":["{FINDING}","2017","gone/away"]}}}}}}"#),
    )
    .unwrap();
    let kinds: [&[&str]; 5] = [
        &[FINDING],
        &["--compare", "investigating"],
        &["--search", "jigsaw"],
        &["--bookmarks"],
        &["--grades", "--year", "2024"],
    ];
    for kind in kinds {
        for format in ["md", "json"] {
            let output = Command::from(&mut command)
                .args(["export", "--format", format])
                .args(kind)
                .output()
                .unwrap();
            assert_eq!(
                output.status.code(),
                Some(0),
                "{kind:?} {format}: {}",
                text(&output.stderr)
            );
            let out = text(&output.stdout);
            if format == "json" {
                let value: serde_json::Value = serde_json::from_str(&out).unwrap();
                assert!(!value["items"].as_array().unwrap().is_empty(), "{kind:?}");
            } else {
                assert!(out.starts_with("# "), "{kind:?}: {out}");
            }
        }
    }
    let output = Command::from(&mut command)
        .args(["export", "--bookmarks", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    let ids: Vec<&str> = value["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|i| i["id"].as_str().unwrap())
        .collect();
    assert_eq!(ids, [FINDING, "2017"]);
    assert!(text(&output.stderr).contains("1 bookmark is no longer in the content"));
    let output = Command::from(&mut command)
        .args(["export", "--compare", "investigating", "--format", "json"])
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(value["columns"].as_array().unwrap().len(), 3);
    assert!(!value["recurring"].as_array().unwrap().is_empty());
}

/// `Command` cannot be cloned; a fresh one with the same program and environment.
struct Command;
impl Command {
    fn from(template: &mut std::process::Command) -> std::process::Command {
        let mut command = std::process::Command::new(template.get_program());
        for (name, value) in template.get_envs() {
            if let Some(value) = value {
                command.env(name, value);
            }
        }
        command.env("SOURCE_DATE_EPOCH", EPOCH);
        command
    }
}

#[test]
fn the_grades_csv_reads_back_as_the_grades_json_table() {
    let csv_output = run(&["export", "--grades", "--year", "2024", "--format", "csv"]);
    assert_eq!(
        csv_output.status.code(),
        Some(0),
        "{}",
        text(&csv_output.stderr)
    );
    let json_output = run(&["export", "--grades", "--year", "2024", "--format", "json"]);
    let value: serde_json::Value = serde_json::from_slice(&json_output.stdout).unwrap();
    let table = &value["grades"];
    let mut reader = csv::Reader::from_reader(csv_output.stdout.as_slice());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_owned)
        .collect();
    let mut wanted_header = vec![table["corner"].as_str().unwrap().to_owned()];
    wanted_header.extend(
        table["columns"]
            .as_array()
            .unwrap()
            .iter()
            .map(|c| c.as_str().unwrap().to_owned()),
    );
    assert_eq!(header, wanted_header);
    let rows: Vec<Vec<String>> = reader
        .records()
        .map(|r| r.unwrap().iter().map(str::to_owned).collect())
        .collect();
    let wanted_rows: Vec<Vec<String>> = table["rows"]
        .as_array()
        .unwrap()
        .iter()
        .map(|row| {
            let mut cells = vec![row["label"].as_str().unwrap().to_owned()];
            cells.extend(
                row["cells"]
                    .as_array()
                    .unwrap()
                    .iter()
                    .map(|c| c.as_str().unwrap().to_owned()),
            );
            cells
        })
        .collect();
    assert_eq!(rows, wanted_rows);
    assert_eq!(rows[0][0], "Metropolitan Police Service");
    assert!(rows[0].contains(&"Inadequate".to_owned()));

    // And the same table `peel grades --json` gives: its columns' titles, its grades.
    let grades_output = run(&["grades", "--year", "2024", "--json"]);
    let grades: serde_json::Value = serde_json::from_slice(&grades_output.stdout).unwrap();
    let columns = grades["columns"].as_array().unwrap();
    let titles: Vec<&str> = columns
        .iter()
        .map(|c| c["title"].as_str().unwrap())
        .collect();
    assert_eq!(header[1..], titles[..]);
    let grade_rows = grades["rows"].as_array().unwrap();
    assert_eq!(rows.len(), grade_rows.len());
    for (row, wanted) in rows.iter().zip(grade_rows) {
        assert_eq!(row[0], wanted["name"].as_str().unwrap());
        for (cell, column) in row[1..].iter().zip(columns) {
            let key = wanted["cells"][column["theme"].as_str().unwrap()].as_str();
            let label = key.map(|k| peel::model::Grade::from_key(k).unwrap().label());
            assert_eq!(cell.as_str(), label.unwrap_or(""), "{column}");
        }
    }
}

#[test]
fn search_results_are_a_csv_row_each_and_other_exports_refuse_csv() {
    let output = run(&[
        "export", "--search", "jigsaw", "--format", "csv", "--limit", "3",
    ]);
    assert_eq!(output.status.code(), Some(0));
    let mut reader = csv::Reader::from_reader(output.stdout.as_slice());
    assert_eq!(&reader.headers().unwrap()[1], "id");
    let rows: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(rows.len(), 3);
    assert_eq!(&rows[0][0], "1");
    for args in [&[FINDING][..], &["--compare", "investigating"][..]] {
        let output = run(&[&["export", "--format", "csv"][..], args].concat());
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = text(&output.stderr);
        assert!(
            err.contains("cannot be written as csv; write it as md or json"),
            "{err}"
        );
        assert!(output.stdout.is_empty());
    }
}

#[test]
fn a_file_is_never_overwritten_without_force() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("briefing.md");
    let file = path.to_str().unwrap();
    let output = run(&["export", FINDING, "-o", file]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    assert!(output.stdout.is_empty());
    let first = std::fs::read_to_string(&path).unwrap();
    assert!(first.starts_with("# The force's investigations"));
    let output = run(&["export", "2017", "-o", file]);
    assert_eq!(output.status.code(), Some(2));
    assert!(text(&output.stderr).contains("exists; --force replaces it"));
    assert_eq!(std::fs::read_to_string(&path).unwrap(), first);
    let output = run(&["export", "2017", "-o", file, "--force"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
    let replaced = std::fs::read_to_string(&path).unwrap();
    assert!(
        replaced.starts_with("# ") && replaced != first,
        "{replaced}"
    );
    assert_eq!(
        std::fs::read_dir(dir.path()).unwrap().count(),
        1,
        "nothing left beside it"
    );
}

#[test]
fn bad_requests_exit_2_and_say_why() {
    let cases: [(&[&str], &str); 7] = [
        (&["export"], "say what to export"),
        (
            &["export", FINDING, "--grades", "--year", "2024"],
            "one thing at a time",
        ),
        (&["export", "--grades"], "--grades needs --year"),
        (
            &["export", "--grades", "--year", "2019"],
            "no assessment in 2019; years: 2017, 2024, 2025",
        ),
        (&["export", "2024/no-such-node"], "no node has the id"),
        (&["export", FINDING, "--format", "pdf"], "no format `pdf`"),
        (
            &["export", "--compare", "investigating", "--force", "nowhere"],
            "no force has the id `nowhere`; forces:",
        ),
    ];
    for (args, said) in cases {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        let err = text(&output.stderr);
        assert!(
            err.starts_with("peel: ") && err.contains(said),
            "{args:?}: {err}"
        );
        assert!(output.stdout.is_empty(), "{args:?}");
    }
    let output = run(&["export", "--compare", "investigating", "--force", "met"]);
    assert_eq!(output.status.code(), Some(0), "{}", text(&output.stderr));
}

#[test]
fn the_date_is_today_in_utc_unless_source_date_epoch_says() {
    let (mut command, _home) = peel_command();
    let output = command
        .args(["export", "2017", "--format", "json"])
        .env_remove("SOURCE_DATE_EPOCH")
        .output()
        .unwrap();
    let value: serde_json::Value = serde_json::from_slice(&output.stdout).unwrap();
    assert_eq!(
        value["exported"],
        export::date_of(std::time::SystemTime::now())
    );
    assert!(Path::new(env!("CARGO_BIN_EXE_peel")).exists());
}
