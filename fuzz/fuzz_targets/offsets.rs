//! Fuzz target: `kpipe::fuzzing::offsets` must never panic, whatever the bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = kpipe::fuzzing::offsets(data);
});
