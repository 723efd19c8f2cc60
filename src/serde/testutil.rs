//! Helpers for the codec unit tests: the fake registry and Python cross-checks.
#![allow(clippy::print_stderr)]

use std::io::Write;
use std::process::{Command, Stdio};

use serde_json::Value;

/// Runs `tests/py/<script>` with `job` as JSON on stdin and returns its JSON answer.
///
/// `None` (the caller skips) when `python3` or the Python `modules` are missing;
/// in CI (`CI` set) that is a failure instead, like the real-broker tests.
pub fn python(script: &str, modules: &[&str], job: &Value) -> Option<Value> {
    let probe = Command::new("python3")
        .arg("-c")
        .arg(format!("import {}", modules.join(", ")))
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status();
    if !probe.is_ok_and(|s| s.success()) {
        assert!(
            std::env::var_os("CI").is_none(),
            "python3 with {modules:?} is needed in CI (pip install fastavro protobuf)"
        );
        eprintln!("skipping: python3 with {modules:?} is not installed");
        return None;
    }
    let path = format!("{}/tests/py/{script}", env!("CARGO_MANIFEST_DIR"));
    let mut child = Command::new("python3")
        .arg(&path)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("spawn python3");
    let input = serde_json::to_vec(job).unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let writer = std::thread::spawn(move || {
        let _ = stdin.write_all(&input);
    });
    let out = child.wait_with_output().expect("python3");
    writer.join().unwrap();
    assert!(
        out.status.success(),
        "{script} failed:\n{}",
        String::from_utf8_lossy(&out.stderr)
    );
    Some(serde_json::from_slice(&out.stdout).expect("JSON from the Python helper"))
}

/// A tiny deterministic generator for fuzz-style tests.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Rng(seed | 1)
    }

    pub fn next(&mut self) -> u64 {
        // xorshift64*
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        self.0.wrapping_mul(0x2545_f491_4f6c_dd1d)
    }

    pub fn bytes(&mut self, n: usize) -> Vec<u8> {
        (0..n).map(|_| self.next() as u8).collect()
    }
}
