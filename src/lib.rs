//! peel: a terminal explorer for HMICFRS PEEL inspection reports.
//!
//! Data flows one way: files -> [`content`] -> [`model`] -> views. The model, loader,
//! search index and comparisons live in the `peel-core` crate, re-exported here.

// The UI-free core, under the names the rest of peel (and its tests) use.
pub use peel_core::{
    Prepared, atomic_file, compare, content, document, grades, model, recurring, search,
};

pub mod builtin;
pub mod cli;
pub mod export;
pub mod import;
pub mod serve;
pub mod state;
pub mod test_hooks;
pub mod tui;
