//! Any bytes in place of any one file of a small, valid content folder, or as an extra
//! file: the loader must answer with a library or located errors, never a panic or a hang.
#![no_main]

#[path = "../../tests/common/fuzz_cases.rs"]
#[allow(dead_code)] // each target uses one of the cases
mod cases;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cases::loader(data));
