//! Exit codes and the one place where errors are printed.
//!
//! Scripts and CI jobs branch on kpipe's exit status, so every code below is part of the
//! public interface: it is listed in `kpipe --help` and in the README, and never reused
//! for another meaning.

use std::fmt;
use std::io::{self, Write};

/// The exit status of a kpipe run. `Code(n)` values are the constants below.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Code(pub u8);

/// Everything asked for was done.
pub const SUCCESS: Code = Code(0);
/// An unexpected runtime failure (a Kafka error that is none of the kinds below).
pub const FAILURE: Code = Code(1);
/// The command line or the config file is invalid.
pub const USAGE: Code = Code(2);
/// The cluster could not be reached or refused us: connection, DNS, TLS, authentication,
/// or authorization (an ACL refuses an operation; the message says which).
pub const CONNECTION: Code = Code(3);
/// Input data could not be parsed or encoded (the message names the record and why).
pub const BAD_INPUT: Code = Code(4);
/// Some records were not acknowledged by Kafka (the message says how many and which).
pub const UNDELIVERED: Code = Code(5);
/// A check did not pass: a lag threshold, an expected record count, an expectation.
pub const CHECK_FAILED: Code = Code(6);
/// Stopped by Ctrl-C or SIGTERM before the work was finished.
pub const INTERRUPTED: Code = Code(130);

/// Every exit code with its meaning: the source of the table in `--help` and the README.
pub const ALL: [(Code, &str); 8] = [
    (SUCCESS, "success"),
    (FAILURE, "unexpected error"),
    (USAGE, "usage: invalid command line or config file"),
    (
        CONNECTION,
        "connection: brokers unreachable, DNS, TLS, authentication or authorization (ACL)",
    ),
    (
        BAD_INPUT,
        "bad input data (the message names the record and the reason)",
    ),
    (
        UNDELIVERED,
        "undelivered records (not acknowledged by Kafka)",
    ),
    (
        CHECK_FAILED,
        "check failed (lag threshold, expectation not met)",
    ),
    (INTERRUPTED, "interrupted (Ctrl-C / SIGTERM)"),
];

/// The exit-code table for `--help`.
pub fn help_table() -> String {
    let mut text = String::from("Exit codes:");
    for (code, meaning) in ALL {
        text.push_str(&format!("\n  {:<4} {meaning}", code.0));
    }
    text
}

impl From<Code> for std::process::ExitCode {
    fn from(code: Code) -> Self {
        std::process::ExitCode::from(code.0)
    }
}

/// An error that knows its exit code and may carry a hint for the user.
///
/// Commands return `anyhow::Error`; when the root of the chain is a `Failure`, its code
/// and hint are used, otherwise the run exits with [`FAILURE`].
#[derive(Debug)]
pub struct Failure {
    pub code: Code,
    pub message: String,
    pub hint: Option<String>,
}

impl Failure {
    pub fn new(code: Code, message: impl Into<String>) -> Self {
        Failure {
            code,
            message: message.into(),
            hint: None,
        }
    }

    pub fn hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for Failure {}

/// Shorthand for `Err(Failure::new(code, message).into())`.
pub fn fail<T>(code: Code, message: impl Into<String>) -> anyhow::Result<T> {
    Err(Failure::new(code, message).into())
}

/// True when the error is (or wraps) a closed stdout: `kpipe consume | head` is success.
pub fn is_broken_pipe(err: &anyhow::Error) -> bool {
    err.chain().any(|cause| {
        cause
            .downcast_ref::<io::Error>()
            .is_some_and(|e| e.kind() == io::ErrorKind::BrokenPipe)
    })
}

/// Prints `err` once, as `kpipe: error: ...` plus an optional hint, and returns its code.
pub fn report(err: &anyhow::Error) -> std::process::ExitCode {
    if is_broken_pipe(err) {
        return SUCCESS.into();
    }
    let failure = err.chain().find_map(|c| c.downcast_ref::<Failure>());
    let code = failure.map_or(FAILURE, |f| f.code);
    let hint = failure.and_then(|f| f.hint.as_deref());
    let prefix = crate::output::paint_error("error:");
    // `{:#}` joins the context chain on one line: "reading 'x.txt': No such file".
    let mut text = format!("kpipe: {prefix} {err:#}\n");
    if let Some(hint) = hint {
        text.push_str(&format!("  hint: {hint}\n"));
    }
    // A closed stderr is not worth a panic: ignore the write error.
    let _ = io::stderr().lock().write_all(text.as_bytes());
    code.into()
}

/// Prints a clap error (usage, `--help`, `--version`) and maps it to an exit code.
pub fn clap_error(err: &clap::Error) -> std::process::ExitCode {
    use clap::error::ErrorKind;
    let _ = err.print();
    match err.kind() {
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion => SUCCESS.into(),
        _ => USAGE.into(),
    }
}
