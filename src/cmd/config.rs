//! `kpipe config`: show the effective settings and where each came from, list
//! profiles, and check that the cluster answers with those settings.

use clap::{Args, Subcommand};
use serde_json::json;

use crate::cli::{GlobalArgs, ReportFormat};
use crate::config::{self, display_value, Settings};
use crate::exit;
use crate::output::{self, Out};

/// Show the effective configuration, list profiles, check the connection
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    kpipe config show                 # effective settings and their sources\n  \
    kpipe --profile prod config check # connect and print the cluster id and brokers\n  \
    kpipe config profiles --output json")]
pub struct ConfigArgs {
    #[command(subcommand)]
    pub action: ConfigAction,
}

#[derive(Debug, Subcommand)]
pub enum ConfigAction {
    /// Print the effective settings and where each came from (secrets redacted)
    #[command(after_help = "Examples:\n  \
        kpipe config show\n  \
        kpipe --profile prod config show --output json")]
    Show(ReportArgs),
    /// List the profiles in the config file
    #[command(after_help = "Examples:\n  \
        kpipe config profiles\n  \
        kpipe --config ./kpipe.toml config profiles --output json")]
    Profiles(ReportArgs),
    /// Connect with the effective settings; print the cluster id and brokers
    #[command(after_help = "Examples:\n  \
        kpipe config check\n  \
        kpipe -b broker1:9092 --timeout 3s config check --output json")]
    Check(ReportArgs),
}

#[derive(Debug, Args)]
pub struct ReportArgs {
    /// Output format
    #[arg(long, value_enum, default_value_t = ReportFormat::Table)]
    pub output: ReportFormat,
}

pub async fn run(args: ConfigArgs, global: &GlobalArgs) -> anyhow::Result<exit::Code> {
    match args.action {
        ConfigAction::Show(r) => show(&config::resolve(global)?, r.output),
        ConfigAction::Profiles(r) => profiles(global, r.output),
        ConfigAction::Check(r) => check(&config::resolve(global)?, r.output).await,
    }
}

/// One row of `config show`: key, printable value, source.
fn rows(settings: &Settings) -> Vec<(String, String, String)> {
    let mut rows = vec![
        (
            "config-file".to_string(),
            settings
                .config_file
                .as_ref()
                .map_or("(none)".to_string(), |p| p.display().to_string()),
            String::new(),
        ),
        (
            "profile".to_string(),
            settings.profile.clone().unwrap_or_else(|| "(none)".into()),
            String::new(),
        ),
        (
            "brokers".to_string(),
            settings.brokers.value.clone(),
            settings.brokers.source.to_string(),
        ),
        (
            "timeout".to_string(),
            humantime::format_duration(settings.timeout.value).to_string(),
            settings.timeout.source.to_string(),
        ),
    ];
    if let Some(r) = &settings.registry {
        rows.push((
            "schema-registry.url".into(),
            // `user:password@` in the URL is a secret too.
            crate::serde::registry::redact_url(&r.url.value),
            r.url.source.to_string(),
        ));
        for (key, value) in r.fields() {
            if let Some(v) = value {
                let name = format!("schema-registry.{key}");
                let shown = display_value(&name, &v.value).to_string();
                rows.push((name, shown, v.source.to_string()));
            }
        }
    }
    if let Some(t) = &settings.oauth_token {
        rows.push((
            "sasl.oauthbearer.token-source".into(),
            t.value.describe(),
            t.source.to_string(),
        ));
    }
    for (key, v) in &settings.properties {
        rows.push((
            key.clone(),
            display_value(key, &v.value).to_string(),
            v.source.to_string(),
        ));
    }
    rows
}

fn show(settings: &Settings, format: ReportFormat) -> anyhow::Result<exit::Code> {
    let mut out = Out::new();
    let rows = rows(settings);
    match format {
        ReportFormat::Json => {
            let items: Vec<_> = rows
                .iter()
                .map(|(k, v, s)| json!({"key": k, "value": v, "source": if s.is_empty() { None } else { Some(s) }}))
                .collect();
            output::print_json(&mut out, &json!({ "settings": items }))?;
        }
        ReportFormat::Table => {
            let mut table = output::table(["SETTING", "VALUE", "SOURCE"]);
            for (k, v, s) in rows {
                table.add_row([k, v, s]);
            }
            output::print_block(&mut out, &table.to_string())?;
        }
    }
    std::io::Write::flush(&mut out)?;
    Ok(exit::SUCCESS)
}

fn profiles(global: &GlobalArgs, format: ReportFormat) -> anyhow::Result<exit::Code> {
    let loaded = config::load(global)?;
    let mut out = Out::new();
    let (path, file) = match &loaded {
        Some((path, file)) => (Some(path), Some(file)),
        None => (None, None),
    };
    let default = file.and_then(|f| f.default_profile.clone()).or_else(|| {
        file.filter(|f| f.profiles.contains_key("default"))
            .map(|_| "default".to_string())
    });
    let list: Vec<(String, String, bool)> = file
        .map(|f| {
            f.profiles
                .iter()
                .map(|(name, p)| {
                    let brokers = p.brokers.as_ref().map_or(String::new(), |b| match b {
                        config::StringOrList::One(s) => s.clone(),
                        config::StringOrList::Many(v) => v.join(","),
                    });
                    (name.clone(), brokers, default.as_deref() == Some(name))
                })
                .collect()
        })
        .unwrap_or_default();
    match format {
        ReportFormat::Json => {
            let items: Vec<_> = list
                .iter()
                .map(|(n, b, d)| json!({"name": n, "brokers": b, "default": d}))
                .collect();
            output::print_json(
                &mut out,
                &json!({"config_file": path.map(|p| p.display().to_string()), "profiles": items}),
            )?;
        }
        ReportFormat::Table => {
            if list.is_empty() {
                let where_ = path.map_or_else(
                    || {
                        config::default_config_path().map_or("no config file".to_string(), |p| {
                            format!("no config file at {}", p.display())
                        })
                    },
                    |p| format!("no profiles in {}", p.display()),
                );
                output::info(format!("{where_}; see `kpipe config --help`"));
            } else {
                let mut table = output::table(["PROFILE", "BROKERS", "DEFAULT"]);
                for (n, b, d) in list {
                    table.add_row([n, b, if d { "*".into() } else { String::new() }]);
                }
                output::print_block(&mut out, &table.to_string())?;
            }
        }
    }
    std::io::Write::flush(&mut out)?;
    Ok(exit::SUCCESS)
}

async fn check(settings: &Settings, format: ReportFormat) -> anyhow::Result<exit::Code> {
    // The same fail-fast connection path as `kpipe cluster` and `kpipe topics`.
    let (_admin, snapshot) = crate::admin::Admin::connect(settings).await?;
    let cluster_id = snapshot.cluster_id;
    let brokers: Vec<(i32, String, i32)> = snapshot
        .brokers
        .into_iter()
        .map(|b| (b.id, b.host, b.port))
        .collect();
    let mut out = Out::new();
    match format {
        ReportFormat::Json => {
            let items: Vec<_> = brokers
                .iter()
                .map(|(id, host, port)| json!({"id": id, "host": host, "port": port}))
                .collect();
            output::print_json(
                &mut out,
                &json!({"cluster_id": cluster_id, "brokers": items}),
            )?;
        }
        ReportFormat::Table => {
            let mut text = format!(
                "cluster id: {}\n",
                cluster_id.as_deref().unwrap_or("(unknown)")
            );
            let mut table = output::table(["BROKER", "ADDRESS"]);
            for (id, host, port) in &brokers {
                table.add_row([id.to_string(), format!("{host}:{port}")]);
            }
            text.push_str(&table.to_string());
            output::print_block(&mut out, &text)?;
        }
    }
    std::io::Write::flush(&mut out)?;
    Ok(exit::SUCCESS)
}
