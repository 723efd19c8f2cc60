//! The machinery behind `kpipe produce`: reading input ([`input`]), the producer loop
//! ([`engine`]) and delivery tracking ([`delivery`]). The command-line surface lives in
//! `src/cmd/produce.rs`.

pub mod client;
pub mod delivery;
pub mod engine;
pub mod format;
pub mod input;
pub mod last_error;
mod native;
mod partition;
