//! Fuzz target: `kpipe::fuzzing::frame` must never panic, whatever the bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = kpipe::fuzzing::frame(data);
});
