//! A briefing as CSV, for the two that are tables: the grades (a row per force, a column
//! per area) and search results (a row per result). Quoting is the `csv` crate's
//! (RFC 4180), the same crate a reader's script would read it back with.

use super::{Body, Briefing};

/// The CSV of a grades table or of search results; `None` for any other briefing.
pub fn render(briefing: &Briefing) -> Option<String> {
    let mut writer = csv::Writer::from_writer(Vec::new());
    let mut write = |record: Vec<String>| writer.write_record(&record).is_ok();
    let written = match &briefing.body {
        Body::Grades(table) => {
            let header = std::iter::once(table.corner.clone())
                .chain(table.columns.iter().cloned())
                .collect();
            write(header)
                && table.rows.iter().all(|row| {
                    write(
                        std::iter::once(row.label.clone())
                            .chain(row.cells.iter().cloned())
                            .collect(),
                    )
                })
        }
        Body::Results(rows) => {
            let header = [
                "rank",
                "id",
                "kind",
                "year",
                "grade",
                "title",
                "breadcrumb",
                "passage",
                "file",
                "first_line",
                "last_line",
                "url",
            ];
            write(header.map(str::to_owned).to_vec())
                && rows.iter().all(|row| {
                    let Some(item) = briefing.items.get(row.item) else {
                        return true;
                    };
                    let source = item.source.as_ref();
                    write(vec![
                        row.rank.to_string(),
                        item.id.clone(),
                        item.kind.clone(),
                        item.year.map(|y| y.to_string()).unwrap_or_default(),
                        item.grade
                            .as_ref()
                            .map(|g| g.words.clone())
                            .unwrap_or_default(),
                        item.title.clone(),
                        item.breadcrumb.join(crate::document::BREADCRUMB_SEPARATOR),
                        row.passage.clone(),
                        source.map(|s| s.file.clone()).unwrap_or_default(),
                        source.map(|s| s.lines[0].to_string()).unwrap_or_default(),
                        source.map(|s| s.lines[1].to_string()).unwrap_or_default(),
                        source.and_then(|s| s.url.clone()).unwrap_or_default(),
                    ])
                })
        }
        Body::Nodes | Body::Comparison(_) => return None,
    };
    // Writing into memory fails only on a record of another length, which these are not.
    let bytes = writer.into_inner().ok().filter(|_| written)?;
    String::from_utf8(bytes).ok()
}
