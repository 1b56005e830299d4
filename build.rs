//! Prepares the built-in content at build time, so that no run of peel parses its YAML:
//! the content is loaded and validated here by the very loader the binary carries (the
//! `peel-core` crate, an ordinary build-dependency), and its library and search index are
//! written to OUT_DIR for the binary to embed (`builtin::PREPARED`).
//!
//! If the content does not load (a broken file), or the loader panics, the build still
//! succeeds without the prepared form, with a warning: the binary then parses the YAML at
//! run time and reports the broken file at its line and column, as `peel check` does.

use peel_core::{content, search};
use std::path::PathBuf;

fn main() {
    // The built-in content is prepared from content/, so an edited file prepares it again
    // (the core is rebuilt, and this script rerun, whenever its own sources change).
    println!("cargo:rerun-if-changed=content");
    // The key a library is stored under in the prepared form: the core's own loader key,
    // as a cache written at run time would carry.
    let loader_hash = content::cache::key(&[]);
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
