//! The interactive explorer: state, actions, keymap, a pure update, views that only draw,
//! and the terminal loop that connects them.

pub mod action;
pub mod app;
pub mod clipboard;
pub mod document;
pub mod keymap;
pub mod screens;
pub mod search;
mod terminal;
pub mod theme;
pub mod update;
pub mod views;

pub use terminal::{Memory, restore, run};
