//! A cache (parsed library, search index) must never outlive the code that shaped it: its
//! key includes a hash of this crate's sources (`PEEL_LOADER_HASH`, read by
//! `content::cache::key`) and of the framework catalogue it places areas with.

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

fn main() {
    // The built-in content is embedded with include_dir, which cannot see files added after
    // the last build; asking Cargo to watch the folder makes a new or edited file rebuild.
    println!("cargo:rerun-if-changed=../../content");
    let mut hasher = DefaultHasher::new();
    for path in ["src", "../../content/framework.yaml"] {
        println!("cargo:rerun-if-changed={path}");
        hash_tree(Path::new(path), &mut hasher);
    }
    println!("cargo:rustc-env=PEEL_LOADER_HASH={:016x}", hasher.finish());
}

fn hash_tree(path: &Path, hasher: &mut DefaultHasher) {
    if path.is_file() {
        if let Ok(bytes) = std::fs::read(path) {
            path.hash(hasher);
            bytes.hash(hasher);
        }
        return;
    }
    let Ok(entries) = std::fs::read_dir(path) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        hash_tree(&path, hasher);
    }
}
