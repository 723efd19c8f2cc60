//! Fuzz target: `kpipe::fuzzing::output_format` must never panic, whatever the bytes.
#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| {
    let _ = kpipe::fuzzing::output_format(data);
});
