//! Everything kpipe writes: data on stdout, everything else on stderr.
//!
//! Records go through one locked, buffered stdout writer created once per run (Rust's
//! `std::io::Stdout` is line-buffered, which costs a syscall per record). Callers flush
//! when they are about to wait for more data and at exit, so a slow topic still shows
//! up promptly in a pipe. Messages to people go to stderr through the helpers here,
//! which honour `--quiet`, `-v` and `--color`/`NO_COLOR`. Writes to stderr ignore
//! errors: a closed stderr must never turn into a panic.

use std::io::{self, BufWriter, IsTerminal, StdoutLock, Write};
use std::sync::atomic::{AtomicBool, AtomicU8, Ordering};

use crate::cli::{ColorChoice, GlobalArgs};

static COLOR: AtomicBool = AtomicBool::new(false);
static QUIET: AtomicBool = AtomicBool::new(false);
static VERBOSE: AtomicU8 = AtomicU8::new(0);

/// Applies `--quiet`, `-v` and `--color` for the rest of the run.
pub fn init(global: &GlobalArgs) {
    QUIET.store(global.quiet, Ordering::Relaxed);
    VERBOSE.store(global.verbose, Ordering::Relaxed);
    let color = match global.color {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty()) && io::stderr().is_terminal()
        }
    };
    COLOR.store(color, Ordering::Relaxed);
}

pub fn verbosity() -> u8 {
    VERBOSE.load(Ordering::Relaxed)
}

pub fn quiet() -> bool {
    QUIET.load(Ordering::Relaxed)
}

fn paint(text: &str, ansi: &str) -> String {
    if COLOR.load(Ordering::Relaxed) {
        format!("\x1b[{ansi}m{text}\x1b[0m")
    } else {
        text.to_string()
    }
}

pub fn paint_error(text: &str) -> String {
    paint(text, "1;31")
}

fn write_stderr(text: &str) {
    let _ = io::stderr().lock().write_all(text.as_bytes());
}

/// A status line for people (suppressed by `--quiet`).
pub fn info(msg: impl AsRef<str>) {
    if !quiet() {
        write_stderr(&format!("{}\n", msg.as_ref()));
    }
}

/// A warning (suppressed by `--quiet`).
pub fn warn(msg: impl AsRef<str>) {
    if !quiet() {
        write_stderr(&format!(
            "kpipe: {} {}\n",
            paint("warning:", "1;33"),
            msg.as_ref()
        ));
    }
}

/// Detail shown from `-v` (level 1) or more.
pub fn debug(level: u8, msg: impl AsRef<str>) {
    if verbosity() >= level {
        write_stderr(&format!("kpipe: {}\n", msg.as_ref()));
    }
}

/// The run's stdout: locked and block-buffered; flush at idle points and at exit.
pub struct Out {
    inner: BufWriter<StdoutLock<'static>>,
}

impl Out {
    pub fn new() -> Self {
        Out {
            inner: BufWriter::with_capacity(64 * 1024, io::stdout().lock()),
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.inner.write(buf)
    }
    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.inner.write_all(buf)
    }
    fn flush(&mut self) -> io::Result<()> {
        self.inner.flush()
    }
}

/// A table for people: plain aligned columns (easy to read, easy to `grep`/`awk`).
pub fn table<I, S>(header: I) -> comfy_table::Table
where
    I: IntoIterator<Item = S>,
    S: Into<comfy_table::Cell>,
{
    let mut table = comfy_table::Table::new();
    table
        .load_preset(comfy_table::presets::NOTHING)
        .set_content_arrangement(comfy_table::ContentArrangement::Disabled)
        .set_header(header);
    table
}

/// Writes a finished table (or any text block) to stdout with a trailing newline.
pub fn print_block(out: &mut impl Write, text: &str) -> io::Result<()> {
    // comfy-table pads every line with the preset's (empty) borders; trim the trailing
    // spaces so output diffs cleanly.
    for line in text.lines() {
        out.write_all(line.trim_end().as_bytes())?;
        out.write_all(b"\n")?;
    }
    Ok(())
}

/// Writes one JSON document to stdout, pretty-printed, with a trailing newline.
pub fn print_json(out: &mut impl Write, value: &serde_json::Value) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    out.write_all(b"\n")
}

/// Asks a yes/no question on stderr and reads the answer from the terminal. `None` when
/// stdin is not a terminal: a pipe cannot confirm anything. Shown even with `--quiet`.
pub fn confirm(question: &str) -> io::Result<Option<bool>> {
    if !io::stdin().is_terminal() {
        return Ok(None);
    }
    {
        let mut err = io::stderr().lock();
        write!(err, "{question} [y/N] ")?;
        err.flush()?;
    }
    let mut answer = String::new();
    io::stdin().read_line(&mut answer)?;
    let answer = answer.trim().to_ascii_lowercase();
    Ok(Some(answer == "y" || answer == "yes"))
}
