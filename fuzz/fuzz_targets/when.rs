#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mastery_domain::fuzzing::when(data));
