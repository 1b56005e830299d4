//! The content built into this binary: its YAML is embedded by the core, and build.rs
//! prepares it (the library in the cache's form, the search index as a pack) so that no
//! run parses it. Where the build could not prepare it, both are empty and the YAML is
//! parsed at run time, and refused there with the broken file's line and column.

use crate::content::ContentErrors;
use crate::model::Library;
use crate::search::SearchIndex;
use peel_core::Prepared;

/// What build.rs prepared from the built-in content.
#[cfg(peel_prepared)]
pub const PREPARED: Prepared = Prepared {
    library: include_bytes!(concat!(env!("OUT_DIR"), "/builtin-library.bin")),
    index: include_bytes!(concat!(env!("OUT_DIR"), "/builtin-index.pack")),
};
#[cfg(not(peel_prepared))]
pub const PREPARED: Prepared = Prepared {
    library: &[],
    index: &[],
};

/// The built-in library, decoded from its prepared form (parsed where there is none).
pub fn library() -> Result<Library, ContentErrors> {
    crate::content::load_prepared(&PREPARED)
}

/// The built-in content's search index, if this binary carries it prepared.
pub fn index() -> Option<SearchIndex> {
    crate::search::pack::builtin(&PREPARED)
}

/// Whether this binary carries the built-in content prepared at build time.
pub fn is_prepared() -> bool {
    !PREPARED.library.is_empty()
}
