use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::Path;

fn main() {
    // The built-in content is embedded with include_dir, which cannot see files added after
    // the last build; asking Cargo to watch the folder makes a new or edited file rebuild.
    println!("cargo:rerun-if-changed=content");
    // The parsed-library cache must never outlive the code that shaped it: its key includes
    // a hash of the model and the loader.
    let mut hasher = DefaultHasher::new();
    for dir in ["src/model", "src/content"] {
        println!("cargo:rerun-if-changed={dir}");
        hash_tree(Path::new(dir), &mut hasher);
    }
    println!("cargo:rustc-env=PEEL_LOADER_HASH={:016x}", hasher.finish());
}

fn hash_tree(dir: &Path, hasher: &mut DefaultHasher) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    let mut paths: Vec<_> = entries.filter_map(|e| e.ok().map(|e| e.path())).collect();
    paths.sort();
    for path in paths {
        if path.is_dir() {
            hash_tree(&path, hasher);
        } else if let Ok(bytes) = std::fs::read(&path) {
            path.hash(hasher);
            bytes.hash(hasher);
        }
    }
}
