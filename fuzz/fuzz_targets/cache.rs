//! Any bytes as a cache file of a content folder: a library made inert, or a miss, never
//! a panic. The cache is an optimisation, not a trust boundary.
#![no_main]

#[path = "../../tests/common/fuzz_cases.rs"]
#[allow(dead_code)] // each target uses one of the cases
mod cases;

libfuzzer_sys::fuzz_target!(|data: &[u8]| cases::cache(data));
