//! The interactive explorer: state, actions, one keymap, a pure update, layouts that both
//! the update and the views use, views that only draw, and the terminal loop.

pub mod action;
pub mod app;
pub mod backend;
pub mod briefing_file;
pub mod clipboard;
pub mod event_loop;
pub mod flow;
pub mod flows;
pub mod focus;
pub mod frame_bytes;
pub mod frame_pool;
pub mod help;
pub mod input;
pub mod keymap;
pub mod layout;
pub mod nav;
pub mod notice;
pub mod palette;
pub mod prompt;
pub mod reader;
pub mod results;
pub mod screens;
mod terminal;
pub mod text;
pub mod tree_pane;
pub mod update;
pub mod views;

pub use event_loop::{Exit, Persistence};
pub use terminal::{Options, outline_draws, restore, run, run_loading, unusable};
