//! `peel search`: the explorer's ranking, printed.

use crate::search::{Plans, Query, Searcher, snippet};
use serde_json::json;
use std::io::{self, Write};

const SNIPPET_CHARS: usize = 100;

/// What was asked: the query as typed, how many results at most, JSON or text.
pub struct Request<'a> {
    pub text: &'a str,
    pub limit: usize,
    pub json: bool,
}

/// Prints the results of `request`; `plans`: those already worked out for its terms.
pub fn run(
    searcher: &Searcher,
    mut plans: Plans,
    request: Request<'_>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> io::Result<()> {
    let Request {
        text,
        limit,
        json: as_json,
    } = request;
    let query = Query::parse(text);
    for problem in &query.problems {
        writeln!(err, "peel: {}", crate::content::neutralise(problem))?;
    }
    let hits = searcher.search_as_typed(&query, None, &mut plans);
    let shown = &hits[..hits.len().min(limit)];
    if as_json {
        let results: Vec<_> = shown
            .iter()
            .map(|hit| {
                let node = searcher.node(hit);
                let passage = searcher.passage(hit);
                json!({
                    "id": node.id,
                    "kind": node.kind,
                    "year": node.year,
                    "title": node.title,
                    "breadcrumb": node.breadcrumb,
                    "score": hit.score,
                    "matched_via": searcher.explain(hit, &query),
                    "snippet": snippet(&passage.text, &searcher.highlights(hit, &query), SNIPPET_CHARS).text,
                })
            })
            .collect();
        serde_json::to_writer_pretty(&mut *out, &results)?;
        return writeln!(out);
    }
    if hits.is_empty() {
        return writeln!(
            err,
            "peel: no results for \"{}\"",
            crate::content::neutralise(text)
        );
    }
    for (rank, hit) in shown.iter().enumerate() {
        let node = searcher.node(hit);
        let passage = searcher.passage(hit);
        let year = node.year.map_or("    ".to_owned(), |y| y.to_string());
        writeln!(out, "{:>3}. {year}  {}", rank + 1, node.title)?;
        if !node.breadcrumb.is_empty() {
            writeln!(out, "      {}", node.breadcrumb.join(" › "))?;
        }
        if let Some(how) = searcher.matched_as(hit, &query) {
            writeln!(out, "      {how}")?;
        }
        if passage.text != node.title {
            let s = snippet(
                &passage.text,
                &searcher.highlights(hit, &query),
                SNIPPET_CHARS,
            );
            let before = if s.cut_before { "…" } else { "" };
            let after = if s.cut_after { "…" } else { "" };
            writeln!(out, "      {before}{}{after}", s.text)?;
        }
        writeln!(out, "      {}", node.id)?;
    }
    if hits.len() > shown.len() {
        writeln!(
            out,
            "({} more; --limit shows more)",
            hits.len() - shown.len()
        )?;
    }
    Ok(())
}
