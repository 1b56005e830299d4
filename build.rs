//! Prepares the built-in content at build time, so that no run of peel parses its YAML:
//! the content is loaded and validated here by the very loader the binary carries (its
//! modules are compiled into this script), and its library and search index are written
//! to OUT_DIR for the binary to embed (`content::load_builtin`, `search::pack::builtin`).
//!
//! If the content does not load (a broken file), or the loader panics, the build still
//! succeeds without the prepared form, with a warning: the binary then parses the YAML at
//! run time and reports the broken file at its line and column, as `peel check` does.

#[allow(dead_code, unused_imports)]
#[path = "src/atomic_file.rs"]
mod atomic_file;
#[allow(dead_code, unused_imports)]
#[path = "src/content/mod.rs"]
mod content;
#[allow(dead_code, unused_imports)]
#[path = "src/model/mod.rs"]
mod model;
#[allow(dead_code, unused_imports)]
#[path = "src/search/mod.rs"]
mod search;

use std::hash::{DefaultHasher, Hash, Hasher};
use std::path::{Path, PathBuf};

fn main() {
    // The built-in content is embedded with include_dir, which cannot see files added after
    // the last build; asking Cargo to watch the folder makes a new or edited file rebuild.
    println!("cargo:rerun-if-changed=content");
    // A cache (parsed library, search index) must never outlive the code that shaped it:
    // its key includes a hash of the model, the loader and the index.
    let mut hasher = DefaultHasher::new();
    for dir in [
        "src/model",
        "src/content",
        "src/search",
        "src/atomic_file.rs",
        // The shipped framework catalogue places the areas of any folder without its own.
        "content/framework.yaml",
    ] {
        println!("cargo:rerun-if-changed={dir}");
        hash_tree(Path::new(dir), &mut hasher);
    }
    let loader_hash = hasher.finish();
    println!("cargo:rustc-env=PEEL_LOADER_HASH={loader_hash:016x}");

    let out = PathBuf::from(std::env::var_os("OUT_DIR").expect("cargo sets OUT_DIR"));
    match std::panic::catch_unwind(|| prepare(loader_hash)) {
        Ok(Ok((library, index))) => {
            std::fs::write(out.join("builtin-library.bin"), library).expect("write OUT_DIR");
            std::fs::write(out.join("builtin-index.pack"), index).expect("write OUT_DIR");
            println!("cargo:rustc-cfg=peel_prepared");
        }
        Ok(Err(errors)) => println!(
            "cargo:warning=the built-in content does not load, so it will be parsed at run \
             time (and refused there): {}",
            errors.to_string().lines().next().unwrap_or_default()
        ),
        Err(_) => println!(
            "cargo:warning=the loader panicked on the built-in content; it will be parsed at \
             run time"
        ),
    }
}

/// The built-in library in the cache's form, and its search index as a pack.
fn prepare(key: u64) -> Result<(Vec<u8>, Vec<u8>), content::ContentErrors> {
    let library = content::parse_builtin()?;
    let encoded = content::cache::encode(key, &library).expect("a library encodes");
    let index = search::SearchIndex::build(&library);
    Ok((encoded, search::pack::encode(&index, key)))
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
