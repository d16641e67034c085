#![no_main]
//! cargo-fuzz target; the work is in tests/src/fuzz.rs (replayed on stable by `cargo test`).

#[path = "../../../tests/src/fuzz.rs"]
#[allow(dead_code)] // each target uses one of the three functions
mod targets;

libfuzzer_sys::fuzz_target!(|data: &[u8]| targets::scenario_file(data));
