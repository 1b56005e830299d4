//! A briefing as JSON: `{"exported", "items": [{"id", "title", "kind", "year", "grade",
//! "breadcrumb", "text", "source": {"file", "lines"}, "url"}]}`; a comparison adds its
//! theme, columns and recurring issues, a grades table its rows.

use super::{Body, Briefing, Citation, Item};
use serde_json::{Value, json};

pub fn render(briefing: &Briefing) -> String {
    let mut value = json!({
        "exported": briefing.date,
        "items": briefing.items.iter().map(item).collect::<Vec<_>>(),
    });
    match &briefing.body {
        Body::Nodes | Body::Results(_) => {}
        Body::Comparison(part) => {
            if !part.columns.is_empty() {
                value["theme"] = json!({"id": part.theme, "title": part.title});
                value["columns"] = part
                    .columns
                    .iter()
                    .map(|column| {
                        let ids: Vec<&str> = column
                            .items
                            .iter()
                            .filter_map(|&at| briefing.items.get(at))
                            .map(|item| item.id.as_str())
                            .collect();
                        json!({
                            "year": column.year,
                            "assessment": column.assessment,
                            "grade": column.grade,
                            "standing": column.standing,
                            "status": column.status,
                            "summary": column.summary,
                            "summary_of": column.summary_cite.as_ref().map(source),
                            "ids": ids,
                        })
                    })
                    .collect();
            }
            value["recurring"] = part
                .recurring
                .iter()
                .map(|issue| {
                    json!({"id": issue.id, "title": issue.title, "note": issue.note, "ids": issue.ids})
                })
                .collect();
        }
        Body::Grades(table) => {
            value["grades"] = json!({
                "corner": table.corner,
                "columns": table.columns,
                "rows": table.rows.iter().map(|row| json!({
                    "id": row.id, "label": row.label, "cells": row.cells,
                })).collect::<Vec<_>>(),
                "note": table.note,
            });
        }
    }
    // Serialising a Value of strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&value).unwrap_or_default();
    text.push('\n');
    text
}

fn source(cite: &Citation) -> Value {
    json!({"file": cite.file, "lines": cite.lines})
}

fn item(item: &Item) -> Value {
    json!({
        "id": item.id,
        "title": item.title,
        "kind": item.kind,
        "year": item.year,
        "grade": item.grade.as_ref().map(|g| g.words.clone()),
        "breadcrumb": item.breadcrumb,
        "text": item.text,
        "source": item.source.as_ref().map(source),
        "url": item.source.as_ref().and_then(|s| s.url.clone()),
    })
}
