//! The shape of the code, read from its `use` lines: data flows one way. Nothing but the
//! edges (the command line, the SSH server) uses the explorer, the update never uses the
//! views, and no two files of `src/` import each other in a loop.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

fn sources(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).unwrap().flatten() {
        let path = entry.path();
        if path.is_dir() {
            sources(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

/// The module path of a file: src/tui/update/mod.rs -> ["tui", "update"].
fn module_of(src: &Path, file: &Path) -> Vec<String> {
    let relative = file.strip_prefix(src).unwrap().with_extension("");
    let mut parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts
        .last()
        .is_some_and(|p| p == "mod" || p == "lib" || p == "main")
    {
        parts.pop();
    }
    parts
}

/// Every module path a file's `use` lines (and `crate::`/`super::` paths) name, resolved
/// to the longest module that exists.
fn imports(
    text: &str,
    module: &[String],
    is_mod_file: bool,
    known: &BTreeSet<Vec<String>>,
) -> BTreeSet<Vec<String>> {
    let mut found = BTreeSet::new();
    // Code under #[cfg(test)] may use anything: tests are not part of the data flow.
    let code = text.split("#[cfg(test)]").next().unwrap_or(text);
    for start in ["crate::", "super::"] {
        for (at, _) in code.match_indices(start) {
            let rest = &code[at..];
            let path: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == ':')
                .collect();
            let segments: Vec<&str> = path.split("::").filter(|s| !s.is_empty()).collect();
            let mut resolved: Vec<String> = Vec::new();
            let mut base: Vec<String> = module.to_vec();
            if !is_mod_file {
                // A file module's `super` is its folder's module.
                base.pop();
                base.push(String::new());
            }
            for segment in segments {
                match segment {
                    "crate" => resolved.clear(),
                    "super" => {
                        if resolved.is_empty() {
                            resolved = base.clone();
                            resolved.retain(|s| !s.is_empty());
                            if is_mod_file {
                                resolved.pop();
                            }
                        } else {
                            resolved.pop();
                        }
                    }
                    name => resolved.push(name.to_owned()),
                }
            }
            while !resolved.is_empty() && !known.contains(&resolved) {
                resolved.pop();
            }
            if !resolved.is_empty() && resolved != module {
                found.insert(resolved);
            }
        }
    }
    found
}

fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    let known: BTreeSet<Vec<String>> = files.iter().map(|f| module_of(&src, f)).collect();
    files
        .iter()
        .map(|file| {
            let module = module_of(&src, file);
            let is_mod = file.file_stem().is_some_and(|s| s == "mod" || s == "lib");
            let text = std::fs::read_to_string(file).unwrap();
            let mut uses = imports(&text, &module, is_mod, &known);
            // A parent module declaring its children is not a use of them.
            uses.retain(|u| !(u.len() == module.len() + 1 && u.starts_with(&module)));
            (module, uses)
        })
        .collect()
}

#[test]
fn nothing_below_the_explorer_uses_it() {
    for (module, uses) in graph() {
        // The command line and the SSH server are the edges the explorer runs from.
        let inside = module
            .first()
            .is_some_and(|m| m == "tui" || m == "cli" || m == "serve")
            || module.is_empty();
        if inside {
            continue;
        }
        for used in uses {
            assert!(
                used.first()
                    .is_none_or(|m| m != "tui" && m != "cli" && m != "serve"),
                "{} uses {}",
                module.join("::"),
                used.join("::")
            );
        }
    }
}

#[test]
fn the_update_never_uses_the_views() {
    for (module, uses) in graph() {
        if module.starts_with(&["tui".to_owned(), "update".to_owned()]) {
            for used in uses {
                assert!(
                    !used.starts_with(&["tui".to_owned(), "views".to_owned()]),
                    "{} uses {}",
                    module.join("::"),
                    used.join("::")
                );
            }
        }
    }
}

#[test]
fn no_two_files_import_each_other_in_a_loop() {
    let graph = graph();
    // Depth-first search for a cycle, reporting its path.
    fn visit(
        node: &Vec<String>,
        graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>,
        path: &mut Vec<Vec<String>>,
        done: &mut BTreeSet<Vec<String>>,
    ) {
        if done.contains(node) {
            return;
        }
        if let Some(at) = path.iter().position(|p| p == node) {
            let cycle: Vec<String> = path[at..]
                .iter()
                .chain([node])
                .map(|m| m.join("::"))
                .collect();
            panic!("an import loop: {}", cycle.join(" -> "));
        }
        path.push(node.clone());
        for next in graph.get(node).into_iter().flatten() {
            // A module using its own parent's items (a re-export) is not a loop of files.
            if node.starts_with(next) {
                continue;
            }
            visit(next, graph, path, done);
        }
        path.pop();
        done.insert(node.clone());
    }
    let mut done = BTreeSet::new();
    for node in graph.keys() {
        visit(node, &graph, &mut Vec::new(), &mut done);
    }
    // The reading itself is checked: the explorer's update is seen to use the app.
    let update = graph
        .get(&vec!["tui".to_owned(), "update".to_owned()])
        .unwrap();
    assert!(
        update.contains(&vec!["tui".to_owned(), "app".to_owned()]),
        "{update:?}"
    );
}

#[test]
fn export_knows_no_terminal_command_line_or_importer() {
    let graph = graph();
    let export = vec!["export".to_owned()];
    assert!(graph.contains_key(&export), "src/export is read");
    for (module, uses) in graph {
        if !module.starts_with(&export) {
            continue;
        }
        for used in uses {
            assert!(
                used.first()
                    .is_none_or(|m| !["tui", "cli", "serve", "import"].contains(&m.as_str())),
                "{} uses {}",
                module.join("::"),
                used.join("::")
            );
        }
    }
}
