//! The shape of the code, read from its `use` lines: data flows one way.
//!
//! That the core (crates/peel-core) knows no terminal, network or command line is kept by
//! the compiler: it is another crate, without those dependencies. What the compiler cannot
//! see is kept here: inside peel, nothing but the edges (the command line, the SSH server)
//! uses the explorer, the update never uses the views, and export knows no terminal; inside
//! the core, every module uses only the layers below its own; and in neither crate do two
//! files import each other in a loop.

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

/// A file's code: neither its comments (which may name any module) nor what comes under
/// `#[cfg(test)]` (tests are not part of the data flow).
fn code_of(text: &str) -> String {
    let before_tests = text.split("#[cfg(test)]").next().unwrap_or(text);
    before_tests
        .lines()
        .filter(|line| !line.trim_start().starts_with("//"))
        .collect::<Vec<_>>()
        .join("\n")
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
    let code = &code_of(text);
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

/// The module graph of peel's own `src/`.
fn graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    graph_of("src")
}

/// The module graph of the core crate.
fn core_graph() -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    graph_of("crates/peel-core/src")
}

fn graph_of(root: &str) -> BTreeMap<Vec<String>, BTreeSet<Vec<String>>> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
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

/// peel's layers, bottom first, as the core's: the explorer is used by the server, and
/// both by the command line, never the other way.
const PEEL_LAYERS: &[&[&str]] = &[
    &["builtin", "test_hooks", "state", "export", "import"],
    &["tui"],
    &["serve"],
    &["cli"],
];

#[test]
fn peel_uses_only_the_layers_below() {
    let edges = top_edges("src", &top_modules("crates/peel-core/src"));
    let layer = |module: &str| {
        PEEL_LAYERS
            .iter()
            .position(|layer| layer.contains(&module))
            .unwrap_or_else(|| panic!("src/{module}: add it to PEEL_LAYERS"))
    };
    assert!(
        edges["cli"].contains("tui"),
        "the edges are read: {edges:?}"
    );
    for (module, uses) in &edges {
        for used in uses.iter().filter(|u| !u.starts_with("core::")) {
            assert!(
                layer(used) <= layer(module),
                "{module} uses {used}, a layer above it"
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
    assert_no_loop(&core_graph());
    let graph = graph();
    assert_no_loop(&graph);
    // The reading itself is checked: the explorer's update is seen to use the app.
    let update = graph
        .get(&vec!["tui".to_owned(), "update".to_owned()])
        .unwrap();
    assert!(
        update.contains(&vec!["tui".to_owned(), "app".to_owned()]),
        "{update:?}"
    );
}

/// The core's layers, bottom first: a module may use its own layer's modules and those
/// below, never one above (the loop check keeps one layer's modules from using each other
/// both ways).
const CORE_LAYERS: &[&[&str]] = &[
    &["model", "atomic_file"],
    &["content"],
    &["search"],
    &["compare", "grades", "document", "recurring"],
    &["load"],
];

fn core_layer(module: &[String]) -> usize {
    let top = module.first().map_or("", String::as_str);
    CORE_LAYERS
        .iter()
        .position(|layer| layer.contains(&top))
        .unwrap_or_else(|| panic!("crates/peel-core/src/{top}: add it to CORE_LAYERS"))
}

#[test]
fn the_core_uses_only_the_layers_below() {
    let graph = core_graph();
    assert!(
        graph.len() > 20,
        "the core is read: {} modules",
        graph.len()
    );
    for (module, uses) in &graph {
        if module.is_empty() {
            continue; // lib.rs declares the modules
        }
        for used in uses {
            assert!(
                core_layer(used) <= core_layer(module),
                "{} uses {}, a layer above it",
                module.join("::"),
                used.join("::")
            );
        }
    }
}

fn assert_no_loop(graph: &BTreeMap<Vec<String>, BTreeSet<Vec<String>>>) {
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
        visit(node, graph, &mut Vec::new(), &mut done);
    }
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

/// The top-level modules of a crate's `src/` (a file or a folder each), without the root.
fn top_modules(root: &str) -> BTreeSet<String> {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    std::fs::read_dir(&src)
        .unwrap()
        .flatten()
        .map(|e| e.path().with_extension(""))
        .filter_map(|p| p.file_name().map(|n| n.to_string_lossy().into_owned()))
        .filter(|n| n != "lib" && n != "main")
        .collect()
}

/// Which top-level modules each top-level module uses, by the `crate::` paths of its code
/// (tests aside). In peel, a `crate::` name that is the core's (re-exported in lib.rs) is
/// an edge to the core's module.
fn top_edges(root: &str, core: &BTreeSet<String>) -> BTreeMap<String, BTreeSet<String>> {
    let own = top_modules(root);
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join(root);
    let mut files = Vec::new();
    sources(&src, &mut files);
    let mut edges: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files {
        let Some(top) = module_of(&src, &file).first().cloned() else {
            continue;
        };
        let code = code_of(&std::fs::read_to_string(&file).unwrap());
        let entry = edges.entry(top.clone()).or_default();
        for (at, _) in code.match_indices("crate::") {
            let name: String = code[at + 7..]
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_')
                .collect();
            if name == top {
                continue;
            }
            if own.contains(&name) {
                entry.insert(name);
            } else if core.contains(&name) {
                entry.insert(format!("core::{name}"));
            }
        }
    }
    edges
}

/// The picture of both crates' top-level modules and their uses, as a Mermaid flowchart.
fn picture() -> String {
    let core = top_modules("crates/peel-core/src");
    let mut out = String::from("```mermaid\nflowchart TD\n");
    let mut draw = |title: &str, prefix: &str, edges: BTreeMap<String, BTreeSet<String>>| {
        out.push_str(&format!("  subgraph {title}\n"));
        for module in edges.keys() {
            out.push_str(&format!("    {prefix}{module}[{module}]\n"));
        }
        out.push_str("  end\n");
        for (module, uses) in &edges {
            for used in uses {
                let target = used.replace("::", "_");
                out.push_str(&format!("  {prefix}{module} --> {target}\n"));
            }
        }
    };
    let none = BTreeSet::new();
    let core_edges = top_edges("crates/peel-core/src", &none)
        .into_iter()
        .map(|(m, uses)| (m, uses.into_iter().map(|u| format!("core::{u}")).collect()))
        .collect();
    draw("peel-core", "core_", core_edges);
    draw("peel", "", top_edges("src", &core));
    out.push_str("```\n");
    out
}

/// docs/ARCHITECTURE.md shows the module picture as the code draws it today. After a change
/// of structure, `PEEL_WRITE_PICTURE=1 cargo test --test architecture` writes it afresh.
#[test]
fn the_architecture_picture_is_the_code_s() {
    const START: &str = "<!-- picture: generated by tests/architecture.rs -->\n";
    const END: &str = "<!-- end of picture -->";
    let path = Path::new(env!("CARGO_MANIFEST_DIR")).join("docs/ARCHITECTURE.md");
    let text = std::fs::read_to_string(&path).unwrap();
    let (before, rest) = text.split_once(START).expect("the picture's start marker");
    let (drawn, after) = rest.split_once(END).expect("the picture's end marker");
    let picture = picture();
    assert!(
        picture.contains("core_search --> core_content"),
        "{picture}"
    );
    if drawn != picture {
        if std::env::var_os("PEEL_WRITE_PICTURE").is_some() {
            std::fs::write(&path, format!("{before}{START}{picture}{END}{after}")).unwrap();
        } else {
            panic!(
                "docs/ARCHITECTURE.md's picture is not the code's; \
                 PEEL_WRITE_PICTURE=1 cargo test --test architecture writes it:\n{picture}"
            );
        }
    }
}

/// The test hooks are read in one module only, so that a build without the feature (the
/// binary people run) has none: no other file may read `PEEL_TEST_PANIC`.
#[test]
fn only_the_test_hooks_module_reads_a_test_variable() {
    let src = Path::new(env!("CARGO_MANIFEST_DIR")).join("src");
    let mut files = Vec::new();
    sources(&src, &mut files);
    sources(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join("crates/peel-core/src"),
        &mut files,
    );
    for file in files {
        let text = std::fs::read_to_string(&file).unwrap();
        let reads = text.contains("var_os(\"PEEL_TEST") || text.contains("var(\"PEEL_TEST");
        assert!(
            !reads || file.ends_with("src/test_hooks.rs"),
            "{} reads a test variable outside src/test_hooks.rs",
            file.display()
        );
    }
}
