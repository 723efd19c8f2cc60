//! `kpipe schemas`: a small Schema Registry helper, enough to debug a serialization
//! problem without curl: list subjects, list a subject's versions, print a schema by
//! id or by subject and version. It uses the same registry settings (flag,
//! `KPIPE_SCHEMA_REGISTRY`, the profile's `schema-registry` section, credentials and
//! TLS) and the same client as `produce` and `consume`.

use std::sync::Arc;

use clap::{ArgGroup, Args, Subcommand};
use serde_json::{json, Value};

use crate::cli::{GlobalArgs, ReportFormat};
use crate::config::{self, Settings};
use crate::exit::{self, Failure};
use crate::output::{self, Out};
use crate::serde::registry::{Client, Registered, RegistryError, Version};

/// Inspect a Schema Registry: subjects, versions, schemas by id
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    kpipe --schema-registry http://localhost:8081 schemas subjects\n  \
    kpipe schemas versions orders-value\n  \
    kpipe schemas get --id 42\n  \
    kpipe schemas get orders-value --version 3 --output json")]
pub struct SchemasArgs {
    #[command(subcommand)]
    pub action: SchemasAction,
}

#[derive(Debug, Subcommand)]
pub enum SchemasAction {
    /// List the registry's subjects
    #[command(after_help = "Examples:\n  \
        kpipe --schema-registry http://localhost:8081 schemas subjects\n  \
        kpipe schemas subjects --output json")]
    Subjects(ReportArgs),

    /// List a subject's versions
    #[command(after_help = "Examples:\n  \
        kpipe schemas versions orders-value\n  \
        kpipe schemas versions orders-value --output json")]
    Versions(VersionsArgs),

    /// Print a schema, by id or by subject and version
    #[command(after_help = "Examples:\n  \
        kpipe schemas get --id 42                 # the id in a record's frame\n  \
        kpipe schemas get orders-value            # the latest version\n  \
        kpipe schemas get orders-value --version 3 --output json")]
    Get(GetArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

#[derive(Debug, Args)]
pub struct VersionsArgs {
    /// The subject (e.g. orders-value)
    pub subject: String,
    #[command(flatten)]
    pub report: ReportArgs,
}

#[derive(Debug, Args)]
#[command(group(ArgGroup::new("which").required(true).args(["subject", "id"])))]
pub struct GetArgs {
    /// The subject (e.g. orders-value)
    pub subject: Option<String>,
    /// The schema's global id (instead of a subject)
    #[arg(long, value_name = "ID", conflicts_with = "subject")]
    pub id: Option<u32>,
    /// The subject's version: a number or latest
    #[arg(
        long,
        value_name = "N|latest",
        default_value = "latest",
        conflicts_with = "id"
    )]
    pub version: Version,
    /// table: the schema text (JSON pretty-printed); json: the registry's record with id,
    /// subject, version, type and references
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

fn client(settings: &Settings) -> anyhow::Result<Client> {
    let Some(r) = &settings.registry else {
        return Err(Failure::new(exit::USAGE, "no schema registry is configured")
            .hint("give --schema-registry URL, set KPIPE_SCHEMA_REGISTRY, or add schema-registry to the profile")
            .into());
    };
    let client = Client::new(&r.client_options(settings.timeout.value))?;
    // Without the URL's user info, if any.
    output::debug(1, format!("schema registry: {}", client.url()));
    Ok(client)
}

/// Registry errors: a subject, version or id that does not exist was named on the
/// command line (usage); the rest keep their own codes.
fn failure(e: RegistryError) -> anyhow::Error {
    let code = e.is_not_found().then_some(exit::USAGE);
    e.into_failure(code).into()
}

pub async fn run(args: SchemasArgs, global: &GlobalArgs) -> anyhow::Result<exit::Code> {
    let settings = config::resolve(global)?;
    let client = Arc::new(client(&settings)?);
    let mut out = Out::new();
    match args.action {
        SchemasAction::Subjects(r) => {
            let subjects = client.subjects().map_err(failure)?;
            match r.output {
                ReportFormat::Json => output::print_json(&mut out, &json!(subjects))?,
                ReportFormat::Table => {
                    let mut table = output::table(["SUBJECT"]);
                    for s in &subjects {
                        table.add_row([s]);
                    }
                    output::print_block(&mut out, &table.to_string())?;
                }
            }
        }
        SchemasAction::Versions(a) => {
            let versions = client.versions(&a.subject).map_err(failure)?;
            match a.report.output {
                ReportFormat::Json => output::print_json(&mut out, &json!(versions))?,
                ReportFormat::Table => {
                    let mut table = output::table(["VERSION"]);
                    for v in &versions {
                        table.add_row([v.to_string()]);
                    }
                    output::print_block(&mut out, &table.to_string())?;
                }
            }
        }
        SchemasAction::Get(a) => {
            let registered = match (a.id, &a.subject) {
                (Some(id), _) => client.schema_by_id(id).map_err(failure)?,
                (None, Some(subject)) => client.version(subject, a.version).map_err(failure)?,
                (None, None) => unreachable!("clap requires a subject or --id"),
            };
            match a.output {
                ReportFormat::Json => output::print_json(&mut out, &record(&registered))?,
                ReportFormat::Table => output::print_block(&mut out, &schema_text(&registered))?,
            }
        }
    }
    std::io::Write::flush(&mut out)?;
    Ok(exit::SUCCESS)
}

/// The registry's view of a schema as one JSON object.
fn record(r: &Registered) -> Value {
    json!({
        "id": r.id,
        "subject": r.subject,
        "version": r.version,
        "schemaType": r.schema_type.as_str(),
        "schema": r.schema,
        "references": r.references,
    })
}

/// The schema for people: Avro and JSON Schema pretty-printed, `.proto` as written.
fn schema_text(r: &Registered) -> String {
    match serde_json::from_str::<Value>(&r.schema) {
        Ok(v) => serde_json::to_string_pretty(&v).unwrap_or_else(|_| r.schema.clone()),
        Err(_) => r.schema.clone(),
    }
}
