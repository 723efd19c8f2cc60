//! `kpipe version`: kpipe's and librdkafka's versions and the features compiled in,
//! for bug reports (also `kpipe --version --verbose`).

use std::io::Write;

use clap::Args;
use serde_json::json;

use crate::cli::ReportFormat;
use crate::exit;
use crate::output::{self, Out};

/// Show kpipe's and librdkafka's versions and the enabled features
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    kpipe version                  # for bug reports\n  \
    kpipe version --output json | jq -r .librdkafka")]
pub struct VersionArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

/// librdkafka's version string and its `builtin.features` list.
pub fn librdkafka() -> (String, String) {
    let (_, version) = rdkafka::util::get_rdkafka_version();
    let features = rdkafka::ClientConfig::new()
        .create_native_config()
        .ok()
        .and_then(|c| c.get("builtin.features").ok())
        .unwrap_or_default();
    (version, features)
}

pub fn run(args: &VersionArgs) -> anyhow::Result<exit::Code> {
    print(args.output, true)
}

/// Prints the version; `verbose` adds librdkafka's version and features.
pub fn print(format: ReportFormat, verbose: bool) -> anyhow::Result<exit::Code> {
    let (rdk_version, features) = librdkafka();
    let mut out = Out::new();
    match format {
        ReportFormat::Json => output::print_json(
            &mut out,
            &json!({
                "kpipe": env!("CARGO_PKG_VERSION"),
                "librdkafka": rdk_version,
                "librdkafka_features": features.split(',').filter(|f| !f.is_empty()).collect::<Vec<_>>(),
            }),
        )?,
        ReportFormat::Table => {
            writeln!(out, "kpipe {}", env!("CARGO_PKG_VERSION"))?;
            if verbose {
                writeln!(out, "librdkafka {rdk_version}")?;
                writeln!(out, "features: {features}")?;
            }
        }
    }
    out.flush()?;
    Ok(exit::SUCCESS)
}
