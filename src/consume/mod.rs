//! The machinery behind `kpipe consume`, split by concern so each piece can be tested
//! without a broker:
//!
//! - [`offsets`]: the `-o` grammar (AST and per-partition resolution) and `-p` lists;
//! - [`time`]: `@TIME`, `--until` and `%d` timestamps;
//! - [`format`]: the `-f` format string, compiled once;
//! - [`filter`]: `--filter` / `--wait-for` expressions;
//! - `batch`: records taken from librdkafka a batch at a time (the fast path);
//! - [`context`]: librdkafka's callbacks (logs, errors, EOF offsets, queued rebalances);
//! - [`engine`]: the record loop with its flush and commit ordering, rebalance handling
//!   and offset resolution.
//!
//! `src/cmd/consume.rs` only turns command-line arguments into an [`engine::Plan`].

mod batch;
pub mod context;
pub mod engine;
pub mod filter;
pub mod format;
pub mod offsets;
pub mod time;
