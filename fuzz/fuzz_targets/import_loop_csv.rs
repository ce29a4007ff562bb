#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| mastery_app::portable::fuzzing::import_loop_csv(data));
