//! Any bytes as the name of a content file: what the loader says about it must be inert,
//! never an escape sequence that reaches the terminal.
#![no_main]

#[path = "../../tests/common/fuzz_cases.rs"]
#[allow(dead_code)] // each target uses one of the cases
mod cases;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cases::names(data));
