//! `peel search`: the explorer's ranking, printed.

use super::outcome::{Answer, Failure};
use crate::search::{Hit, Query, Searcher, snippet};
use serde_json::json;
use std::io::Write;

const SNIPPET_CHARS: usize = 100;

/// What was asked: the query as typed, how many results at most (0: all), JSON or text,
/// and the terminal's width to wrap text to (none when piped).
pub struct Request<'a> {
    pub text: &'a str,
    pub limit: usize,
    pub json: bool,
    pub width: Option<usize>,
}

/// The query as typed, or why it cannot be searched for: nothing in it, or a filter it
/// cannot use (`kind:foo`). Worked out before any content is read.
pub fn parse(text: &str) -> Result<Query, Failure> {
    let query = Query::parse(text);
    if let Some((first, more)) = query.problems.split_first() {
        let mut failure = Failure::usage(first);
        for problem in more {
            failure = failure.detail(format!("peel: {problem}"));
        }
        return Err(failure);
    }
    if query.is_empty() {
        return Err(Failure::usage(
            "nothing to search for: give a word, a \"phrase\" or a filter, e.g. peel search jigsaw",
        ));
    }
    Ok(query)
}

/// Prints the results of `request`: `hits` where already found, else searched for here.
pub fn run(
    searcher: &Searcher,
    hits: Option<Vec<Hit>>,
    request: Request<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> Result<Answer, Failure> {
    let Request {
        text,
        limit,
        json: as_json,
        width,
    } = request;
    let query = parse(text)?;
    let hits = hits.unwrap_or_else(|| searcher.search(&query));
    let limit = if limit == 0 { hits.len() } else { limit };
    let shown = &hits[..hits.len().min(limit)];
    let answer = if hits.is_empty() {
        Answer::NothingFound
    } else {
        Answer::Found
    };
    if as_json {
        let results: Vec<_> = shown
            .iter()
            .map(|hit| {
                let node = searcher.node(hit);
                let passage = searcher.passage(hit);
                let force = searcher.force_of(hit).map(|(id, _)| id.as_str());
                let mut result = json!({
                    "id": node.id,
                    "kind": node.kind,
                    "year": node.year,
                    "title": node.title,
                    "breadcrumb": node.breadcrumb,
                    "score": hit.score,
                    "matched_via": searcher.explain(hit, &query),
                    "snippet": snippet(&passage.text, &searcher.highlights(hit, &query), SNIPPET_CHARS).text,
                });
                // With several forces, each result says whose it is.
                if let Some(force) = force {
                    result["force"] = json!(force);
                }
                result
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &results).map_err(std::io::Error::from)?;
        writeln!(out)?;
        return Ok(answer);
    }
    if hits.is_empty() {
        // Beside the output, which stays empty; a script has the status (1).
        let text = crate::content::neutralise(text.trim());
        writeln!(err, "peel: no results for \"{text}\"")?;
        return Ok(answer);
    }
    let mut said = String::new();
    for (rank, hit) in shown.iter().enumerate() {
        let node = searcher.node(hit);
        let passage = searcher.passage(hit);
        let year = node.year.map_or("    ".to_owned(), |y| y.to_string());
        said.push_str(&format!("{:>3}. {year}  {}\n", rank + 1, node.title));
        if !node.breadcrumb.is_empty() {
            said.push_str(&format!("      {}\n", node.breadcrumb.join(" › ")));
        }
        if let Some(how) = searcher.matched_as(hit, &query) {
            said.push_str(&format!("      {how}\n"));
        }
        if passage.text != node.title {
            let s = snippet(
                &passage.text,
                &searcher.highlights(hit, &query),
                SNIPPET_CHARS,
            );
            let before = if s.cut_before { "…" } else { "" };
            let after = if s.cut_after { "…" } else { "" };
            said.push_str(&format!("      {before}{}{after}\n", s.text));
        }
        said.push_str(&format!("      {}\n", node.id));
    }
    if hits.len() > shown.len() {
        said.push_str(&format!(
            "({} more; --limit shows more, --limit 0 all)\n",
            hits.len() - shown.len()
        ));
    }
    out.write_all(super::text::fit(&said, width).as_bytes())?;
    Ok(answer)
}
