//! Layered configuration: built-in defaults < config-file profile < environment < flags.
//!
//! The config file is TOML with named profiles. Resolution turns the file, the
//! environment and the parsed global flags into one [`Settings`] value *before* any I/O
//! with Kafka, remembering where every value came from so that `kpipe config show` can
//! say it. Secrets are wrapped in the output layer by [`is_secret`], never printed.
//!
//! ```toml
//! default-profile = "local"
//!
//! [profiles.local]
//! brokers = "127.0.0.1:9092"
//!
//! [profiles.prod]
//! brokers = ["kafka1:9093", "kafka2:9093"]
//! schema-registry = { url = "https://sr:8081", username = "ops", password = "..." }
//! sasl = { mechanism = "SCRAM-SHA-512", username = "ops", password = "..." }
//! tls = { ca = "/etc/kafka/ca.pem", cert = "/etc/kafka/me.pem", key = "/etc/kafka/me.key" }
//! properties = { "client.id" = "kpipe-ops", "linger.ms" = 10 }
//!
//! [profiles.cloud]
//! brokers = "kafka.example.com:9093"
//! # OAUTHBEARER with a token kept fresh by another process (or `token-command`, which
//! # runs code and therefore needs `allow-unsafe-properties = true`).
//! sasl = { mechanism = "OAUTHBEARER", token-file = "/run/secrets/kafka-token" }
//! tls = {}
//! ```

use std::collections::BTreeMap;
use std::fmt;
use std::path::{Path, PathBuf};
use std::time::Duration;

use serde::Deserialize;

use crate::cli::GlobalArgs;
use crate::exit::{self, Failure};
pub use crate::oauth::TokenSource;

/// Default bootstrap when nothing else is configured.
pub const DEFAULT_BROKERS: &str = "localhost:9092";
/// Default timeout for network operations.
pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(10);

/// Environment variables read directly here (the others are clap `env =` on flags).
pub const ENV_SASL_MECHANISM: &str = "KPIPE_SASL_MECHANISM";
pub const ENV_SASL_USERNAME: &str = "KPIPE_SASL_USERNAME";
pub const ENV_SASL_PASSWORD: &str = "KPIPE_SASL_PASSWORD";
/// Schema Registry credentials and TLS files; they override the profile's
/// `schema-registry` section field by field (the URL is the `--schema-registry` flag's
/// `KPIPE_SCHEMA_REGISTRY`).
pub const ENV_REGISTRY_USERNAME: &str = "KPIPE_SCHEMA_REGISTRY_USERNAME";
pub const ENV_REGISTRY_PASSWORD: &str = "KPIPE_SCHEMA_REGISTRY_PASSWORD";
pub const ENV_REGISTRY_TOKEN: &str = "KPIPE_SCHEMA_REGISTRY_TOKEN";
pub const ENV_REGISTRY_CA: &str = "KPIPE_SCHEMA_REGISTRY_CA";
pub const ENV_REGISTRY_CERT: &str = "KPIPE_SCHEMA_REGISTRY_CERT";
pub const ENV_REGISTRY_KEY: &str = "KPIPE_SCHEMA_REGISTRY_KEY";

/// Where a setting's value came from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Source {
    Default,
    Profile(String),
    Env(&'static str),
    Flag,
}

impl fmt::Display for Source {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Source::Default => f.write_str("default"),
            Source::Profile(name) => write!(f, "profile '{name}'"),
            Source::Env(var) => write!(f, "env {var}"),
            Source::Flag => f.write_str("flag"),
        }
    }
}

#[derive(Clone, Debug)]
pub struct Sourced<T> {
    pub value: T,
    pub source: Source,
}

impl<T> Sourced<T> {
    fn new(value: T, source: Source) -> Self {
        Sourced { value, source }
    }
}

/// The config file as written by the user.
#[derive(Debug, Default, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct FileConfig {
    pub default_profile: Option<String>,
    #[serde(default)]
    pub profiles: BTreeMap<String, Profile>,
}

#[derive(Debug, Default, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Profile {
    pub brokers: Option<StringOrList>,
    pub schema_registry: Option<RegistryConfig>,
    pub sasl: Option<SaslConfig>,
    pub tls: Option<TlsConfig>,
    /// `security.protocol`; inferred from `sasl`/`tls` when absent.
    pub security_protocol: Option<String>,
    pub timeout: Option<String>,
    #[serde(default)]
    pub properties: BTreeMap<String, toml::Value>,
    /// Allow properties that run commands or load code (see [`UNSAFE_PROPERTIES`]).
    #[serde(default)]
    pub allow_unsafe_properties: bool,
}

/// librdkafka properties that execute a command or load a shared library. A profile may
/// only set them with `allow-unsafe-properties = true`: a config file shared or copied
/// from elsewhere must not be able to run code. `-X` on the command line is explicit
/// and always allowed.
pub const UNSAFE_PROPERTIES: [&str; 3] = [
    "sasl.kerberos.kinit.cmd",
    "plugin.library.paths",
    "ssl.engine.location",
];

#[derive(Debug, Clone, Deserialize)]
#[serde(untagged, expecting = "expected a string or a list of strings")]
pub enum StringOrList {
    One(String),
    Many(Vec<String>),
}

impl StringOrList {
    fn joined(&self) -> String {
        match self {
            StringOrList::One(s) => s.clone(),
            StringOrList::Many(v) => v.join(","),
        }
    }
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct RegistryConfig {
    pub url: String,
    pub username: Option<String>,
    pub password: Option<String>,
    pub token: Option<String>,
    /// PEM CA certificates to trust instead of the system's.
    pub ca: Option<String>,
    /// PEM client certificate and PKCS#8 key (mutual TLS).
    pub cert: Option<String>,
    pub key: Option<String>,
    /// Skip certificate verification (testing only).
    #[serde(default)]
    pub insecure: bool,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct SaslConfig {
    pub mechanism: Option<String>,
    pub username: Option<String>,
    pub password: Option<String>,
    /// OAUTHBEARER: a file holding the token, re-read at every refresh.
    pub token_file: Option<String>,
    /// OAUTHBEARER: a shell command printing the token (runs code: needs
    /// `allow-unsafe-properties = true`).
    pub token_command: Option<String>,
}

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct TlsConfig {
    pub ca: Option<String>,
    pub cert: Option<String>,
    pub key: Option<String>,
    pub key_password: Option<String>,
    /// Skip certificate verification (testing only).
    #[serde(default)]
    pub insecure: bool,
}

/// Schema Registry connection settings, each with where it came from (`config show`).
/// `Debug` is written by hand: the credentials must never be printed.
#[derive(Clone)]
pub struct Registry {
    pub url: Sourced<String>,
    pub username: Option<Sourced<String>>,
    pub password: Option<Sourced<String>>,
    pub token: Option<Sourced<String>>,
    pub ca: Option<Sourced<String>>,
    pub cert: Option<Sourced<String>>,
    pub key: Option<Sourced<String>>,
    pub insecure: bool,
}

impl fmt::Debug for Registry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Registry")
            .field("url", &crate::serde::registry::redact_url(&self.url.value))
            .field("username", &self.username.as_ref().map(|u| &u.value))
            .field("password", &self.password.as_ref().map(|_| REDACTED))
            .field("token", &self.token.as_ref().map(|_| REDACTED))
            .field("ca", &self.ca.as_ref().map(|v| &v.value))
            .field("cert", &self.cert.as_ref().map(|v| &v.value))
            .field("key", &self.key.as_ref().map(|v| &v.value))
            .field("insecure", &self.insecure)
            .finish()
    }
}

impl Registry {
    fn new(url: Sourced<String>) -> Registry {
        Registry {
            url,
            username: None,
            password: None,
            token: None,
            ca: None,
            cert: None,
            key: None,
            insecure: false,
        }
    }

    /// The client's options (the registry client knows nothing of provenance).
    pub fn client_options(&self, timeout: Duration) -> crate::serde::registry::Options {
        let value = |v: &Option<Sourced<String>>| v.as_ref().map(|s| s.value.clone());
        crate::serde::registry::Options {
            url: self.url.value.clone(),
            username: value(&self.username),
            password: value(&self.password),
            token: value(&self.token),
            ca: value(&self.ca),
            cert: value(&self.cert),
            key: value(&self.key),
            insecure: self.insecure,
            timeout,
        }
    }

    /// The credential and TLS settings in `config show` order, with their names.
    pub fn fields(&self) -> [(&'static str, Option<&Sourced<String>>); 6] {
        [
            ("username", self.username.as_ref()),
            ("password", self.password.as_ref()),
            ("token", self.token.as_ref()),
            ("ca", self.ca.as_ref()),
            ("cert", self.cert.as_ref()),
            ("key", self.key.as_ref()),
        ]
    }
}

/// Registry settings from the environment, applied over the profile's.
#[derive(Default)]
struct RegistryEnv {
    username: Option<Sourced<String>>,
    password: Option<Sourced<String>>,
    token: Option<Sourced<String>>,
    ca: Option<Sourced<String>>,
    cert: Option<Sourced<String>>,
    key: Option<Sourced<String>>,
}

impl RegistryEnv {
    fn read(env: &dyn Fn(&str) -> Option<String>) -> anyhow::Result<RegistryEnv> {
        let get = |var: &'static str| {
            env(var)
                .filter(|v| !v.is_empty())
                .map(|v| Sourced::new(v, Source::Env(var)))
        };
        let e = RegistryEnv {
            username: get(ENV_REGISTRY_USERNAME),
            password: get(ENV_REGISTRY_PASSWORD),
            token: get(ENV_REGISTRY_TOKEN),
            ca: get(ENV_REGISTRY_CA),
            cert: get(ENV_REGISTRY_CERT),
            key: get(ENV_REGISTRY_KEY),
        };
        if e.token.is_some() && (e.username.is_some() || e.password.is_some()) {
            return exit::fail(
                exit::USAGE,
                format!(
                    "set {ENV_REGISTRY_TOKEN} or {ENV_REGISTRY_USERNAME}/{ENV_REGISTRY_PASSWORD}, not both"
                ),
            );
        }
        Ok(e)
    }

    /// Field by field over `r`; a credential of one kind (basic or bearer) replaces
    /// the profile's credentials of the other kind, so that the environment decides.
    fn apply(self, r: &mut Registry) {
        if self.token.is_some() {
            r.username = None;
            r.password = None;
            r.token = self.token;
        }
        if self.username.is_some() || self.password.is_some() {
            r.token = None;
            if self.username.is_some() {
                r.username = self.username;
            }
            if self.password.is_some() {
                r.password = self.password;
            }
        }
        for (slot, value) in [
            (&mut r.ca, self.ca),
            (&mut r.cert, self.cert),
            (&mut r.key, self.key),
        ] {
            if value.is_some() {
                *slot = value;
            }
        }
    }
}

/// Everything a command needs to talk to Kafka, resolved and with provenance.
#[derive(Debug, Clone)]
pub struct Settings {
    pub config_file: Option<PathBuf>,
    pub profile: Option<String>,
    pub brokers: Sourced<String>,
    pub timeout: Sourced<Duration>,
    /// librdkafka properties (without `bootstrap.servers`), last layer wins.
    pub properties: BTreeMap<String, Sourced<String>>,
    pub registry: Option<Registry>,
    /// Where OAUTHBEARER tokens come from when kpipe supplies them (see `oauth.rs`).
    pub oauth_token: Option<Sourced<TokenSource>>,
    pub verbose: u8,
}

impl Settings {
    /// The librdkafka properties to hand to a client, `bootstrap.servers` included.
    pub fn client_properties(&self) -> impl Iterator<Item = (&str, &str)> {
        std::iter::once(("bootstrap.servers", self.brokers.value.as_str())).chain(
            self.properties
                .iter()
                .map(|(k, v)| (k.as_str(), v.value.as_str())),
        )
    }
}

/// True for keys whose values must never be printed. A URL property is not one
/// (`sasl.oauthbearer.token.endpoint.url` names a token but holds none): it is shown
/// without user info by [`display_value`].
pub fn is_secret(key: &str) -> bool {
    let k = key.to_ascii_lowercase();
    if k.ends_with(".url") {
        return false;
    }
    [
        "password",
        "secret",
        "token",
        "jaas",
        "credential",
        "ssl.key.pem",
        "oauthbearer.config",
        "apikey",
        "api.key",
    ]
    .iter()
    .any(|needle| k.contains(needle))
}

/// What secrets are shown as.
pub const REDACTED: &str = "********";

/// `value`, or [`REDACTED`] when `key` names a secret; a URL without its user info.
pub fn display_value<'a>(key: &str, value: &'a str) -> std::borrow::Cow<'a, str> {
    if is_secret(key) {
        REDACTED.into()
    } else if key.to_ascii_lowercase().ends_with(".url") {
        crate::serde::registry::redact_url(value).into()
    } else {
        value.into()
    }
}

/// The default config path: `$XDG_CONFIG_HOME/kpipe/config.toml`, else `~/.config/...`.
pub fn default_config_path() -> Option<PathBuf> {
    let base = match std::env::var_os("XDG_CONFIG_HOME").filter(|v| !v.is_empty()) {
        Some(dir) => PathBuf::from(dir),
        None => PathBuf::from(std::env::var_os("HOME").filter(|v| !v.is_empty())?).join(".config"),
    };
    Some(base.join("kpipe").join("config.toml"))
}

/// Reads and parses a config file; errors name the file and the line.
pub fn load_file(path: &Path) -> anyhow::Result<FileConfig> {
    let bytes = std::fs::read(path).map_err(|e| {
        Failure::new(
            exit::USAGE,
            format!("cannot read config file '{}': {e}", path.display()),
        )
        .hint("pass --config FILE, or --no-config to ignore it")
    })?;
    let text = String::from_utf8(bytes).map_err(|e| {
        let at = e.utf8_error().valid_up_to();
        let line = e.as_bytes()[..at].iter().filter(|b| **b == b'\n').count() + 1;
        Failure::new(
            exit::USAGE,
            format!(
                "invalid config file '{}': line {line}: not UTF-8 text",
                path.display()
            ),
        )
    })?;
    parse_file(path, &text)
}

fn parse_file(path: &Path, text: &str) -> anyhow::Result<FileConfig> {
    toml::from_str::<FileConfig>(text).map_err(|e| {
        let location = e
            .span()
            .map(|span| {
                let start = span.start.min(text.len());
                let line = text[..start].matches('\n').count() + 1;
                // Name the key too when the error points into a `key = value` line.
                let line_text = text.lines().nth(line - 1).unwrap_or_default();
                match line_text.split_once('=') {
                    Some((key, _)) if valid_key(key.trim()) => {
                        format!(" line {line} ({}):", key.trim())
                    }
                    _ => format!(" line {line}:"),
                }
            })
            .unwrap_or_default();
        Failure::new(
            exit::USAGE,
            format!(
                "invalid config file '{}':{location} {}",
                path.display(),
                e.message().trim_end()
            ),
        )
        .into()
    })
}

/// True for text that reads as a TOML key (bare or dotted), to name it in errors.
fn valid_key(key: &str) -> bool {
    !key.is_empty()
        && key
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '"'))
}

/// The file to read, if any, and whether it was asked for explicitly.
fn config_path(global: &GlobalArgs) -> Option<(PathBuf, bool)> {
    if global.no_config {
        return None;
    }
    match &global.config {
        Some(path) => Some((path.clone(), true)),
        None => default_config_path().map(|p| (p, false)),
    }
}

/// Loads the config file selected by the global flags (`None` when there is none).
pub fn load(global: &GlobalArgs) -> anyhow::Result<Option<(PathBuf, FileConfig)>> {
    let Some((path, explicit)) = config_path(global) else {
        return Ok(None);
    };
    if !explicit && !path.exists() {
        return Ok(None);
    }
    let file = load_file(&path)?;
    warn_if_exposed(&path, &file);
    Ok(Some((path, file)))
}

/// Warns when a config file holding secrets can be read by other users.
fn warn_if_exposed(path: &Path, file: &FileConfig) {
    use std::os::unix::fs::PermissionsExt;
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    if meta.permissions().mode() & 0o044 == 0 || !holds_secrets(file) {
        return;
    }
    crate::output::warn(format!(
        "config file '{}' holds secrets and is readable by other users; run: chmod 600 '{}'",
        path.display(),
        path.display()
    ));
}

/// Whether any profile carries a password, token or secret property.
pub fn holds_secrets(file: &FileConfig) -> bool {
    file.profiles.values().any(|p| {
        p.sasl.as_ref().is_some_and(|s| s.password.is_some())
            || p.tls.as_ref().is_some_and(|t| t.key_password.is_some())
            || p.schema_registry
                .as_ref()
                .is_some_and(|r| r.password.is_some() || r.token.is_some())
            || p.properties.keys().any(|k| is_secret(k))
    })
}

/// Picks the profile: `--profile`/`KPIPE_PROFILE`, else `default-profile`, else `default`.
fn select_profile<'a>(
    global: &GlobalArgs,
    file: Option<&'a FileConfig>,
) -> anyhow::Result<Option<(String, &'a Profile)>> {
    let Some(file) = file else {
        if let Some(name) = &global.profile {
            return exit::fail(
                exit::USAGE,
                format!("profile '{name}' not found: no config file was loaded"),
            );
        }
        return Ok(None);
    };
    let wanted = global
        .profile
        .clone()
        .or_else(|| file.default_profile.clone());
    match wanted {
        Some(name) => match file.profiles.get(&name) {
            Some(p) => Ok(Some((name, p))),
            None => {
                let known: Vec<_> = file.profiles.keys().map(String::as_str).collect();
                Err(Failure::new(
                    exit::USAGE,
                    format!("profile '{name}' not found in the config file"),
                )
                .hint(if known.is_empty() {
                    "the file defines no profiles".to_string()
                } else {
                    format!("known profiles: {}", known.join(", "))
                })
                .into())
            }
        },
        None => Ok(file
            .profiles
            .get("default")
            .map(|p| ("default".to_string(), p))),
    }
}

/// Resolves the global flags, the environment and the config file into [`Settings`].
pub fn resolve(global: &GlobalArgs) -> anyhow::Result<Settings> {
    let loaded = load(global)?;
    resolve_with(global, loaded, &|var| std::env::var(var).ok())
}

/// Resolution with an injectable environment, for tests.
pub fn resolve_with(
    global: &GlobalArgs,
    loaded: Option<(PathBuf, FileConfig)>,
    env: &dyn Fn(&str) -> Option<String>,
) -> anyhow::Result<Settings> {
    let (config_file, file) = match loaded {
        Some((path, file)) => (Some(path), Some(file)),
        None => (None, None),
    };
    let selected = select_profile(global, file.as_ref())?;
    let mut props: BTreeMap<String, Sourced<String>> = BTreeMap::new();
    let mut brokers = Sourced::new(DEFAULT_BROKERS.to_string(), Source::Default);
    let mut timeout = Sourced::new(DEFAULT_TIMEOUT, Source::Default);
    let mut registry: Option<Registry> = None;
    let mut oauth_token = None;

    // Layer 1: the profile.
    if let Some((name, profile)) = &selected {
        let src = Source::Profile(name.clone());
        if let Some(b) = &profile.brokers {
            brokers = Sourced::new(b.joined(), src.clone());
        }
        if let Some(t) = &profile.timeout {
            let d = crate::cli::parse_duration(t).map_err(|e| {
                Failure::new(exit::USAGE, format!("profile '{name}': timeout: {e}"))
            })?;
            timeout = Sourced::new(d, src.clone());
        }
        for (key, value) in profile_properties(name, profile)? {
            props.insert(key, Sourced::new(value, src.clone()));
        }
        if let Some(source) = token_source(name, profile)? {
            oauth_token = Some(Sourced::new(source, src.clone()));
        }
        if let Some(r) = &profile.schema_registry {
            if r.token.is_some() && (r.username.is_some() || r.password.is_some()) {
                return exit::fail(
                    exit::USAGE,
                    format!("profile '{name}': schema-registry: set `token` or `username`/`password`, not both"),
                );
            }
            let sourced = |v: &Option<String>| v.clone().map(|v| Sourced::new(v, src.clone()));
            registry = Some(Registry {
                url: Sourced::new(r.url.clone(), src.clone()),
                username: sourced(&r.username),
                password: sourced(&r.password),
                token: sourced(&r.token),
                ca: sourced(&r.ca),
                cert: sourced(&r.cert),
                key: sourced(&r.key),
                insecure: r.insecure,
            });
        }
    }

    // Layer 2: the environment (SASL credentials; the flag-backed vars are below).
    for (var, key) in [
        (ENV_SASL_MECHANISM, "sasl.mechanism"),
        (ENV_SASL_USERNAME, "sasl.username"),
        (ENV_SASL_PASSWORD, "sasl.password"),
    ] {
        if let Some(value) = env(var).filter(|v| !v.is_empty()) {
            props.insert(key.to_string(), Sourced::new(value, Source::Env(var)));
        }
    }
    let registry_env = RegistryEnv::read(env)?;
    if props.keys().any(|k| k.starts_with("sasl.")) && !props.contains_key("security.protocol") {
        props.insert(
            "security.protocol".into(),
            Sourced::new("SASL_PLAINTEXT".into(), Source::Default),
        );
    }

    // Layer 3: global flags (or their env vars, which clap reads for us).
    let flag_source = |id: &str, var: &'static str| {
        if global.sources.is_env(id) {
            Source::Env(var)
        } else {
            Source::Flag
        }
    };
    if let Some(b) = &global.brokers {
        brokers = Sourced::new(b.clone(), flag_source("brokers", "KPIPE_BROKERS"));
    }
    if let Some(t) = global.timeout {
        timeout = Sourced::new(t, flag_source("timeout", "KPIPE_TIMEOUT"));
    }
    if let Some(url) = &global.schema_registry {
        let src = flag_source("schema_registry", "KPIPE_SCHEMA_REGISTRY");
        match &mut registry {
            Some(r) => r.url = Sourced::new(url.clone(), src),
            None => registry = Some(Registry::new(Sourced::new(url.clone(), src))),
        }
    }
    // Registry credentials from the environment apply to whichever URL won; without a
    // registry they have nothing to apply to.
    if let Some(r) = &mut registry {
        registry_env.apply(r);
    }
    for (key, value) in &global.properties {
        if key == "bootstrap.servers" || key == "metadata.broker.list" {
            brokers = Sourced::new(value.clone(), Source::Flag);
        } else {
            props.insert(key.clone(), Sourced::new(value.clone(), Source::Flag));
        }
    }

    Ok(Settings {
        config_file,
        profile: selected.map(|(name, _)| name),
        brokers,
        timeout,
        properties: props,
        registry,
        oauth_token,
        verbose: global.verbose,
    })
}

/// The OAUTHBEARER token source of a profile's `sasl` section, checked: one of
/// `token-file` and `token-command`, mechanism OAUTHBEARER, and a command only with
/// `allow-unsafe-properties = true`.
fn token_source(name: &str, profile: &Profile) -> anyhow::Result<Option<TokenSource>> {
    let Some(sasl) = &profile.sasl else {
        return Ok(None);
    };
    let source = match (&sasl.token_file, &sasl.token_command) {
        (None, None) => return Ok(None),
        (Some(_), Some(_)) => {
            return exit::fail(
                exit::USAGE,
                format!(
                    "profile '{name}': sasl: set one of `token-file` and `token-command`, not both"
                ),
            )
        }
        (Some(file), None) => TokenSource::File(PathBuf::from(file)),
        (None, Some(cmd)) => {
            if !profile.allow_unsafe_properties {
                return Err(Failure::new(
                    exit::USAGE,
                    format!("profile '{name}': sasl `token-command` runs a command and is refused in a config file"),
                )
                .hint("set `allow-unsafe-properties = true` in that profile if you trust the file, or use `token-file`")
                .into());
            }
            TokenSource::Command(cmd.clone())
        }
    };
    match sasl.mechanism.as_deref() {
        None => {}
        Some(m) if m.eq_ignore_ascii_case("OAUTHBEARER") => {}
        Some(m) => {
            return exit::fail(
                exit::USAGE,
                format!("profile '{name}': sasl: a token file or command needs mechanism \"OAUTHBEARER\", not \"{m}\""),
            )
        }
    }
    Ok(Some(source))
}

/// librdkafka properties implied by a profile's security sections and `properties`.
fn profile_properties(name: &str, profile: &Profile) -> anyhow::Result<Vec<(String, String)>> {
    let mut out = Vec::new();
    let mut push = |k: &str, v: Option<&String>| {
        if let Some(v) = v {
            out.push((k.to_string(), v.clone()));
        }
    };
    if let Some(sasl) = &profile.sasl {
        if sasl.mechanism.is_none() && (sasl.token_file.is_some() || sasl.token_command.is_some()) {
            push("sasl.mechanism", Some(&"OAUTHBEARER".to_string()));
        }
        push("sasl.mechanism", sasl.mechanism.as_ref());
        push("sasl.username", sasl.username.as_ref());
        push("sasl.password", sasl.password.as_ref());
    }
    if let Some(tls) = &profile.tls {
        push("ssl.ca.location", tls.ca.as_ref());
        push("ssl.certificate.location", tls.cert.as_ref());
        push("ssl.key.location", tls.key.as_ref());
        push("ssl.key.password", tls.key_password.as_ref());
        if tls.insecure {
            out.push(("enable.ssl.certificate.verification".into(), "false".into()));
        }
    }
    let protocol = profile.security_protocol.clone().or_else(|| {
        match (profile.sasl.is_some(), profile.tls.is_some()) {
            (true, true) => Some("SASL_SSL".into()),
            (true, false) => Some("SASL_PLAINTEXT".into()),
            (false, true) => Some("SSL".into()),
            (false, false) => None,
        }
    });
    if let Some(p) = protocol {
        out.push(("security.protocol".into(), p));
    }
    for (key, value) in &profile.properties {
        if UNSAFE_PROPERTIES.contains(&key.as_str()) && !profile.allow_unsafe_properties {
            return Err(Failure::new(
                exit::USAGE,
                format!("profile '{name}': property '{key}' runs a command or loads code and is refused in a config file"),
            )
            .hint("set `allow-unsafe-properties = true` in that profile if you trust the file, or pass it with -X")
            .into());
        }
        let text = match value {
            toml::Value::String(s) => s.clone(),
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Float(f) => f.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            _ => {
                return exit::fail(
                    exit::USAGE,
                    format!(
                        "profile '{name}': property '{key}' must be a string, number or boolean"
                    ),
                )
            }
        };
        out.push((key.clone(), text));
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::parse_from;

    fn file(text: &str) -> (PathBuf, FileConfig) {
        let path = PathBuf::from("/tmp/kpipe-test.toml");
        let cfg = parse_file(&path, text).expect("valid test config");
        (path, cfg)
    }

    fn resolve_args(
        args: &[&str],
        loaded: Option<(PathBuf, FileConfig)>,
        env: &[(&str, &str)],
    ) -> anyhow::Result<Settings> {
        let mut argv = vec!["kpipe"];
        argv.extend_from_slice(args);
        argv.extend_from_slice(&["config", "show"]);
        let cli = parse_from(argv).expect("valid args");
        let env: Vec<(String, String)> = env
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        resolve_with(&cli.global, loaded, &move |var| {
            env.iter().find(|(k, _)| k == var).map(|(_, v)| v.clone())
        })
    }

    const TWO_PROFILES: &str = r#"
default-profile = "dev"
[profiles.dev]
brokers = "dev:9092"
properties = { "client.id" = "from-dev", "linger.ms" = 7 }
[profiles.prod]
brokers = ["p1:9093", "p2:9093"]
sasl = { mechanism = "SCRAM-SHA-512", username = "ops", password = "hunter2" }
tls = { ca = "/ca.pem" }
"#;

    #[test]
    fn defaults_without_file() {
        let s = resolve_args(&[], None, &[]).unwrap();
        assert_eq!(s.brokers.value, DEFAULT_BROKERS);
        assert_eq!(s.brokers.source, Source::Default);
        assert_eq!(s.timeout.value, DEFAULT_TIMEOUT);
        assert!(s.properties.is_empty());
    }

    #[test]
    fn default_profile_from_file() {
        let s = resolve_args(&[], Some(file(TWO_PROFILES)), &[]).unwrap();
        assert_eq!(s.profile.as_deref(), Some("dev"));
        assert_eq!(s.brokers.value, "dev:9092");
        assert_eq!(s.brokers.source, Source::Profile("dev".into()));
        assert_eq!(s.properties["linger.ms"].value, "7");
    }

    #[test]
    fn profile_security_sections_map_to_librdkafka() {
        let s = resolve_args(&["--profile", "prod"], Some(file(TWO_PROFILES)), &[]).unwrap();
        assert_eq!(s.brokers.value, "p1:9093,p2:9093");
        assert_eq!(s.properties["security.protocol"].value, "SASL_SSL");
        assert_eq!(s.properties["sasl.mechanism"].value, "SCRAM-SHA-512");
        assert_eq!(s.properties["ssl.ca.location"].value, "/ca.pem");
    }

    #[test]
    fn env_overrides_profile_and_flag_overrides_env() {
        let s = resolve_args(
            &["--profile", "prod"],
            Some(file(TWO_PROFILES)),
            &[(ENV_SASL_PASSWORD, "from-env")],
        )
        .unwrap();
        assert_eq!(s.properties["sasl.password"].value, "from-env");
        assert_eq!(
            s.properties["sasl.password"].source,
            Source::Env(ENV_SASL_PASSWORD)
        );

        let s = resolve_args(
            &[
                "--profile",
                "prod",
                "-X",
                "sasl.password=from-flag",
                "-b",
                "flag:1",
            ],
            Some(file(TWO_PROFILES)),
            &[(ENV_SASL_PASSWORD, "from-env")],
        )
        .unwrap();
        assert_eq!(s.properties["sasl.password"].value, "from-flag");
        assert_eq!(s.properties["sasl.password"].source, Source::Flag);
        assert_eq!(s.brokers.value, "flag:1");
        assert_eq!(s.brokers.source, Source::Flag);
    }

    #[test]
    fn x_bootstrap_servers_sets_brokers() {
        let s = resolve_args(&["-X", "bootstrap.servers=a:1"], None, &[]).unwrap();
        assert_eq!(s.brokers.value, "a:1");
        assert!(!s.properties.contains_key("bootstrap.servers"));
    }

    #[test]
    fn unknown_profile_is_a_usage_error_listing_known_ones() {
        let err = resolve_args(&["--profile", "nope"], Some(file(TWO_PROFILES)), &[]).unwrap_err();
        let f = err.downcast_ref::<Failure>().unwrap();
        assert_eq!(f.code, exit::USAGE);
        assert!(f.message.contains("'nope'"));
        assert_eq!(f.hint.as_deref(), Some("known profiles: dev, prod"));
    }

    #[test]
    fn malformed_file_names_file_and_line() {
        let err = parse_file(
            Path::new("/x/config.toml"),
            "[profiles.a]\nbrokers = \"ok\"\nbogus = 1\n",
        )
        .unwrap_err();
        let msg = err.to_string();
        assert!(msg.contains("'/x/config.toml'"), "{msg}");
        assert!(msg.contains("line 3"), "{msg}");
        assert!(msg.contains("bogus"), "{msg}");

        let err = parse_file(Path::new("/x/c.toml"), "[profiles.a\n").unwrap_err();
        assert!(err.to_string().contains("line 1"), "{err}");
    }

    #[test]
    fn unsafe_properties_need_an_explicit_opt_in() {
        let text =
            "[profiles.a]\nproperties = { \"sasl.kerberos.kinit.cmd\" = \"touch /tmp/pwned\" }\n";
        let err = resolve_args(&["--profile", "a"], Some(file(text)), &[]).unwrap_err();
        let f = err.downcast_ref::<Failure>().unwrap();
        assert_eq!(f.code, exit::USAGE);
        assert!(
            f.message.contains("sasl.kerberos.kinit.cmd"),
            "{}",
            f.message
        );

        let allowed = format!("{text}allow-unsafe-properties = true\n");
        let s = resolve_args(&["--profile", "a"], Some(file(&allowed)), &[]).unwrap();
        assert_eq!(
            s.properties["sasl.kerberos.kinit.cmd"].value,
            "touch /tmp/pwned"
        );

        // On the command line it is the user's explicit choice.
        let s = resolve_args(&["-X", "plugin.library.paths=/x.so"], None, &[]).unwrap();
        assert_eq!(s.properties["plugin.library.paths"].value, "/x.so");
    }

    #[test]
    fn oauth_token_sources() {
        let text = "[profiles.f]\nsasl = { token-file = \"/run/tok\" }\n";
        let s = resolve_args(&["--profile", "f"], Some(file(text)), &[]).unwrap();
        assert_eq!(s.properties["sasl.mechanism"].value, "OAUTHBEARER");
        assert_eq!(s.properties["security.protocol"].value, "SASL_PLAINTEXT");
        assert_eq!(
            s.oauth_token.unwrap().value,
            TokenSource::File("/run/tok".into())
        );

        // A command runs code: refused unless the profile opts in.
        let text =
            "[profiles.c]\nsasl = { mechanism = \"OAUTHBEARER\", token-command = \"get-token\" }\n";
        let err = resolve_args(&["--profile", "c"], Some(file(text)), &[]).unwrap_err();
        let f = err.downcast_ref::<Failure>().unwrap();
        assert_eq!(f.code, exit::USAGE);
        assert!(f.message.contains("token-command"), "{}", f.message);
        let allowed = format!("{text}allow-unsafe-properties = true\n");
        let s = resolve_args(&["--profile", "c"], Some(file(&allowed)), &[]).unwrap();
        assert_eq!(
            s.oauth_token.unwrap().value,
            TokenSource::Command("get-token".into())
        );

        for bad in [
            "sasl = { token-file = \"a\", token-command = \"b\" }\nallow-unsafe-properties = true",
            "sasl = { mechanism = \"PLAIN\", token-file = \"a\" }",
        ] {
            let text = format!("[profiles.b]\n{bad}\n");
            let err = resolve_args(&["--profile", "b"], Some(file(&text)), &[]).unwrap_err();
            assert_eq!(
                err.downcast_ref::<Failure>().unwrap().code,
                exit::USAGE,
                "{bad}"
            );
        }
    }

    #[test]
    fn secrets_in_files_are_detected() {
        assert!(holds_secrets(&file(TWO_PROFILES).1));
        assert!(!holds_secrets(&file("[profiles.a]\nbrokers = \"x\"\n").1));
    }

    #[test]
    fn secrets_are_recognised() {
        for key in [
            "sasl.password",
            "ssl.key.password",
            "sasl.oauthbearer.client.secret",
            "sasl.jaas.config",
            "ssl.key.pem",
            "token",
        ] {
            assert!(is_secret(key), "{key}");
            assert_eq!(display_value(key, "hunter2"), REDACTED);
        }
        for key in [
            "sasl.username",
            "bootstrap.servers",
            "ssl.key.location",
            "linger.ms",
            "sasl.oauthbearer.token.endpoint.url",
        ] {
            assert!(!is_secret(key), "{key}");
        }
        assert_eq!(
            display_value(
                "sasl.oauthbearer.token.endpoint.url",
                "https://u:pw@idp:8443/oauth2/token"
            ),
            "https://idp:8443/oauth2/token"
        );
    }

    const REGISTRY_PROFILE: &str = r#"
[profiles.sr]
brokers = "b:9092"
schema-registry = { url = "https://sr:8081", username = "ops", password = "file-pass", ca = "/p/ca.pem" }
[profiles.bearer]
schema-registry = { url = "https://sr:8081", token = "file-token" }
"#;

    fn registry_of(s: &Settings) -> &Registry {
        s.registry.as_ref().expect("a registry")
    }

    #[test]
    fn registry_credentials_layer_profile_env() {
        // The profile alone.
        let s = resolve_args(&["--profile", "sr"], Some(file(REGISTRY_PROFILE)), &[]).unwrap();
        let r = registry_of(&s);
        assert_eq!(r.username.as_ref().unwrap().value, "ops");
        assert_eq!(
            r.password.as_ref().unwrap().source,
            Source::Profile("sr".into())
        );

        // The environment wins field by field; the CA stays the profile's.
        let s = resolve_args(
            &["--profile", "sr"],
            Some(file(REGISTRY_PROFILE)),
            &[
                (ENV_REGISTRY_PASSWORD, "env-pass"),
                (ENV_REGISTRY_CERT, "/e/me.pem"),
            ],
        )
        .unwrap();
        let r = registry_of(&s);
        assert_eq!(r.username.as_ref().unwrap().value, "ops");
        let pass = r.password.as_ref().unwrap();
        assert_eq!(
            (pass.value.as_str(), &pass.source),
            ("env-pass", &Source::Env(ENV_REGISTRY_PASSWORD))
        );
        assert_eq!(r.ca.as_ref().unwrap().value, "/p/ca.pem");
        assert_eq!(r.cert.as_ref().unwrap().value, "/e/me.pem");
        let opts = r.client_options(Duration::from_secs(1));
        assert_eq!(opts.password.as_deref(), Some("env-pass"));
        assert_eq!(opts.cert.as_deref(), Some("/e/me.pem"));

        // A bearer token from the environment replaces the profile's basic auth, and
        // basic auth from the environment replaces a profile's token.
        let s = resolve_args(
            &["--profile", "sr"],
            Some(file(REGISTRY_PROFILE)),
            &[(ENV_REGISTRY_TOKEN, "env-token")],
        )
        .unwrap();
        let r = registry_of(&s);
        assert!(r.username.is_none() && r.password.is_none());
        assert_eq!(r.token.as_ref().unwrap().value, "env-token");
        let s = resolve_args(
            &["--profile", "bearer"],
            Some(file(REGISTRY_PROFILE)),
            &[(ENV_REGISTRY_USERNAME, "u"), (ENV_REGISTRY_PASSWORD, "p")],
        )
        .unwrap();
        let r = registry_of(&s);
        assert!(r.token.is_none());
        assert_eq!(r.username.as_ref().unwrap().value, "u");

        // Without a profile: the URL from the flag or its variable, credentials from
        // the environment.
        let s = resolve_args(
            &["--schema-registry", "http://sr:1"],
            None,
            &[(ENV_REGISTRY_TOKEN, "t0k")],
        )
        .unwrap();
        let r = registry_of(&s);
        assert_eq!(r.url.value, "http://sr:1");
        assert_eq!(
            r.token.as_ref().unwrap().source,
            Source::Env(ENV_REGISTRY_TOKEN)
        );

        // Credentials and no registry: nothing to apply them to.
        let s = resolve_args(&[], None, &[(ENV_REGISTRY_TOKEN, "t0k")]).unwrap();
        assert!(s.registry.is_none());
    }

    #[test]
    fn registry_basic_and_bearer_together_are_refused() {
        let err = resolve_args(
            &["--schema-registry", "http://sr:1"],
            None,
            &[(ENV_REGISTRY_TOKEN, "t"), (ENV_REGISTRY_USERNAME, "u")],
        )
        .unwrap_err();
        let f = err.downcast_ref::<Failure>().unwrap();
        assert_eq!(f.code, exit::USAGE);
        assert!(f.message.contains(ENV_REGISTRY_TOKEN), "{}", f.message);
        assert!(!f.message.contains("t0k"));

        let text = "[profiles.x]\nschema-registry = { url = \"http://sr:1\", username = \"u\", token = \"secret-token\" }\n";
        let err = resolve_args(&["--profile", "x"], Some(file(text)), &[]).unwrap_err();
        let f = err.downcast_ref::<Failure>().unwrap();
        assert_eq!(f.code, exit::USAGE);
        assert!(f.message.contains("not both"), "{}", f.message);
        assert!(!f.message.contains("secret-token"), "{}", f.message);
    }

    #[test]
    fn registry_debug_output_hides_secrets() {
        let s = resolve_args(
            &[
                "--profile",
                "sr",
                "--schema-registry",
                "http://u:url-secret@sr:1",
            ],
            Some(file(REGISTRY_PROFILE)),
            &[(ENV_REGISTRY_PASSWORD, "env-secret")],
        )
        .unwrap();
        let shown = format!("{s:?}");
        for secret in ["url-secret", "env-secret", "file-pass"] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert!(shown.contains("http://sr:1"), "{shown}");
    }
}
