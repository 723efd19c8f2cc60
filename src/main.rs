//! The `kpipe` binary. Everything lives in the library (`src/lib.rs`); see `kpipe::run`.

fn main() -> std::process::ExitCode {
    kpipe::run()
}
