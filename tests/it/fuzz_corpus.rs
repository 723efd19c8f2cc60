//! Replays every committed fuzz input (`fuzz/corpus/<target>/*`) through the same
//! `kpipe::fuzzing` entry points the fuzz targets call, on the stable toolchain.
//!
//! `scripts/fuzz` needs nightly and minutes per target, so CI does not run it; this test
//! does, in milliseconds, and keeps every crash the fuzzer once found (each one is
//! committed to the corpus as a regression input) fixed. An `Err` is fine: the inputs are
//! mostly garbage. A panic is the failure.

use std::path::PathBuf;

#[test]
fn every_committed_fuzz_input_is_handled_without_a_panic() {
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    let mut failures = Vec::new();
    for (target, entry) in kpipe::fuzzing::TARGETS {
        let dir = root.join(target);
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|f| f.unwrap().path())
            .collect();
        files.sort();
        assert!(!files.is_empty(), "{}: no corpus", dir.display());
        for file in files {
            let data = std::fs::read(&file).unwrap();
            if std::panic::catch_unwind(|| entry(&data)).is_err() {
                failures.push(file.display().to_string());
            }
        }
    }
    assert!(failures.is_empty(), "panicked on: {failures:#?}");
}

#[test]
fn the_seeds_are_valid_where_they_should_be() {
    // The hand-made seeds are real records; if the decoders stopped accepting them, the
    // fuzzer would start from garbage and reach little.
    let root = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("fuzz/corpus");
    for (target, entry) in kpipe::fuzzing::TARGETS {
        let seed = root.join(target).join("seed-00");
        let data = std::fs::read(&seed).unwrap();
        entry(&data).unwrap_or_else(|e| panic!("{}: {e}", seed.display()));
    }
}
