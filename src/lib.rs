//! peel: a terminal explorer for HMICFRS PEEL inspection reports.
//!
//! Data flows one way: files -> [`content`] -> [`model`] -> views.

pub mod atomic_file;
pub mod cli;
pub mod compare;
pub mod content;
pub mod document;
pub mod export;
pub mod grades;
pub mod import;
pub mod model;
pub mod recurring;
pub mod search;
pub mod serve;
pub mod state;
pub mod tui;
