//! kpipe's integration tests: one test binary, one module per area.
//!
//! Tests that need a real Kafka broker read `KPIPE_TEST_BROKERS` (set by `scripts/test`).
//! Without it they skip locally, but fail when `CI` is set, so a broken harness can
//! never pass as green.

#![allow(clippy::print_stderr)]

mod util;

mod cli;
mod completions;
mod config;
mod consume;
mod groups;
mod harness;
mod help;
mod lag;
mod local;
mod produce;
mod topics;
