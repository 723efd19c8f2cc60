//! kpipe's integration tests: one test binary, one module per area.
//!
//! Tests that need a real Kafka broker read `KPIPE_TEST_BROKERS` (set by `scripts/test`).
//! Without it they skip locally, but fail when `CI` is set, so a broken harness can
//! never pass as green.

#![allow(clippy::print_stderr)]

mod util;

mod badinput;
mod cli;
mod completions;
mod config;
mod consume;
mod faults;
mod faults_mock;
mod fuzz_corpus;
mod groups;
mod harness;
mod help;
mod lag;
mod local;
mod oidc;
mod produce;
mod registry;
mod schema_formats;
mod schemas;
mod security;
mod topics;
