//! JSON output for scripts: the nested tree and single nodes.

use crate::model::{Library, Node, NodeKey};
use serde_json::{Value, json};
use std::io::{self, Write};

pub fn write_tree(library: &Library, out: &mut dyn Write) -> io::Result<()> {
    let roots: Vec<Value> = library
        .roots()
        .into_iter()
        .map(|key| tree_value(library, key))
        .collect();
    serde_json::to_writer_pretty(&mut *out, &roots)?;
    writeln!(out)
}

fn tree_value(library: &Library, key: NodeKey) -> Value {
    let node = library.node(key);
    let children: Vec<Value> = library
        .children(key)
        .into_iter()
        .map(|k| tree_value(library, k))
        .collect();
    json!({
        "id": library.id(key),
        "kind": node.kind_key(),
        "title": node.title(),
        "year": library.year(key),
        "grade": library.standing(key).map(|s| s.label().to_owned()),
        "children": children,
    })
}

pub fn write_node(library: &Library, key: NodeKey, out: &mut dyn Write) -> io::Result<()> {
    let node = library.node(key);
    let mut value = json!({
        "id": library.id(key),
        "kind": node.kind_key(),
        "title": node.title(),
        "year": library.year(key),
        "grade": library.standing(key).map(|s| s.label().to_owned()),
        "no_grade_reason": library.standing(key).and_then(|s| s.reason().map(str::to_owned)),
        "breadcrumb": library.breadcrumb(key),
        "text": crate::document::build(library, key).plain_text(),
        "children": library.children(key).into_iter().map(|k| library.id(k)).collect::<Vec<_>>(),
    });
    let extra = match node {
        Node::Assessment(a) => json!({
            "framework": a.framework, "published": a.published, "status": a.status,
            "summary": a.summary, "source": a.source,
        }),
        Node::Area(area) => json!({ "summary": area.summary, "source": area.source }),
        Node::Finding(f) => json!({
            "editorial_title": f.editorial_title, "body": f.body,
            "recommendations": f.recommendations, "figures": f.figures,
            "quotes": f.quotes, "notes": f.notes, "source": f.source,
        }),
        Node::Recommendation(r) => {
            json!({ "deadline": r.deadline.label(), "text": r.text, "source": r.source })
        }
        Node::GlossaryTerm(term) => json!({
            "aliases": term.aliases, "definition": term.definition,
            "editorial": term.editorial, "source": term.source,
        }),
        Node::Force(_) | Node::Section { .. } | Node::Glossary { .. } => json!({}),
    };
    if let (Value::Object(base), Value::Object(more)) = (&mut value, extra) {
        base.extend(more);
    }
    serde_json::to_writer_pretty(&mut *out, &value)?;
    writeln!(out)
}
