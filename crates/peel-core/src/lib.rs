//! peel's core: everything about the reports that knows no terminal, no SSH and no command
//! line. Data flows one way: files -> [`content`] -> [`model`] -> [`search`], [`compare`],
//! [`grades`], [`recurring`] and the node [`document`]; [`load`] chooses, per run, where the
//! library and its index come from (built in, a folder's cache, or parsed afresh).
//!
//! The `peel` crate (explorer, server, importer, exporter, command line) builds on this one;
//! its build script also uses this crate, to prepare the built-in content at build time.

pub mod atomic_file;
pub mod compare;
pub mod content;
pub mod document;
pub mod grades;
pub mod load;
pub mod model;
pub mod recurring;
pub mod search;

/// The built-in content as peel's build script prepared it: a cache file's bytes for the
/// library and a search pack for its index, each empty where the build could not prepare
/// it (then the YAML is parsed at run time). Only bytes this very build prepared from
/// content it validated may be passed as a `Prepared`: they are trusted, not re-checked.
#[derive(Debug, Clone, Copy)]
pub struct Prepared {
    pub library: &'static [u8],
    pub index: &'static [u8],
}
