//! kpipe: a command-line tool for Apache Kafka.
//!
//! The crate is a library with a tiny binary (`src/main.rs`) on top, for one reason: the fuzz
//! targets in `fuzz/` need to call the parsers and decoders directly. The modules stay private;
//! [`run`] is the program and [`fuzzing`] the parsers' entry points. Nothing here is a stable
//! API for other crates.
//!
//! `run` stays small on purpose: parse the command line, build the runtime, run the command,
//! and turn the outcome into an exit code. Errors are printed in exactly one place
//! (`exit::report`), so every failure looks the same to a user and to a script.

mod admin;
mod cli;
mod cmd;
mod config;
mod consume;
mod exit;
#[doc(hidden)]
pub mod fuzzing;
mod kafka;
mod lagcalc;
mod lagscan;
mod mock;
mod oauth;
mod offsets_admin;
mod output;
mod produce;
mod serde;
mod startup;

use std::process::ExitCode;

/// The whole program: what `main` calls.
pub fn run() -> ExitCode {
    startup::init();
    // `COMPLETE=<shell> kpipe ...` is a shell asking for completions (dynamic completion,
    // see `kpipe completions --help`): answer and exit before any other setup.
    clap_complete::CompleteEnv::with_factory(<cli::Cli as clap::CommandFactory>::command)
        .complete();
    run_command(cli::parse())
}

/// Runs the parsed command.
fn run_command(parsed: Result<cli::Cli, clap::Error>) -> ExitCode {
    let cli = match parsed {
        Ok(cli) => cli,
        Err(err) => return exit::clap_error(&err),
    };
    output::init(&cli.global);

    // librdkafka runs its own threads for network I/O, so one runtime thread is plenty;
    // blocking librdkafka calls go through `spawn_blocking`.
    let runtime = match tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
    {
        Ok(rt) => rt,
        Err(err) => {
            return exit::report(&anyhow::Error::new(err).context("cannot start the runtime"))
        }
    };
    let result = runtime.block_on(cmd::run(cli));
    // Blocking probes may still be waiting on a dead broker; do not wait for them.
    runtime.shutdown_background();
    match result {
        Ok(code) => code.into(),
        Err(err) => exit::report(&err),
    }
}
