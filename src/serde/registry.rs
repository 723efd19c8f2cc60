//! A client for Confluent-compatible Schema Registries (Confluent, Redpanda, Apicurio's
//! compatibility API, Karapace).
//!
//! Endpoints used: `GET /schemas/ids/{id}`, `GET /subjects/{s}/versions/{v|latest}`,
//! `POST /subjects/{s}/versions` (register), `POST /subjects/{s}` (look a schema up),
//! `GET /subjects` and `GET /subjects/{s}/versions` (the `schemas` helper). Answers are
//! cached for the run: a schema id is fetched once however many records use it, and a
//! missing id is remembered too, so a topic full of records with a bad id does not turn
//! into one request per record.
//!
//! The client is blocking (`ureq`): requests happen while building codecs and on the
//! first record with a new id, never per record, and the `Decoder` trait is synchronous.
//! TLS goes through the system's OpenSSL (already linked for librdkafka), with an
//! optional custom CA, client certificate and key.
//!
//! Credentials (basic auth, bearer token, or `user:password@` in the URL, which is moved
//! into the `Authorization` header) are never printed: the URL shown in messages and
//! `-v` output has no user info, and errors never include request headers.

use std::collections::HashMap;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use base64::Engine as _;
use serde::Deserialize;
use serde_json::{json, Value};

use crate::exit::{self, Code};

/// The schema languages of the registry (`schemaType`; absent means Avro).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum SchemaType {
    Avro,
    Protobuf,
    Json,
}

impl SchemaType {
    pub fn as_str(self) -> &'static str {
        match self {
            SchemaType::Avro => "AVRO",
            SchemaType::Protobuf => "PROTOBUF",
            SchemaType::Json => "JSON",
        }
    }

    fn parse(s: Option<&str>) -> Result<Self, String> {
        match s.map(str::to_ascii_uppercase).as_deref() {
            None | Some("AVRO") | Some("") => Ok(SchemaType::Avro),
            Some("PROTOBUF") => Ok(SchemaType::Protobuf),
            Some("JSON") => Ok(SchemaType::Json),
            Some(other) => Err(format!("unknown schemaType '{other}'")),
        }
    }
}

/// A reference from one registered schema to another (imports, named types).
#[derive(Debug, Clone, PartialEq, Eq, Deserialize, serde::Serialize)]
pub struct Reference {
    pub name: String,
    pub subject: String,
    pub version: i32,
}

/// A schema as the registry returns it.
#[derive(Debug, Clone)]
pub struct Registered {
    pub id: u32,
    pub schema_type: SchemaType,
    pub schema: String,
    pub references: Vec<Reference>,
    /// Known when fetched through a subject.
    pub subject: Option<String>,
    pub version: Option<i32>,
}

/// A subject version: a number or `latest`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Version {
    Latest,
    Number(u32),
}

impl std::fmt::Display for Version {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Version::Latest => f.write_str("latest"),
            Version::Number(n) => write!(f, "{n}"),
        }
    }
}

impl std::str::FromStr for Version {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        match s {
            "latest" => Ok(Version::Latest),
            n => n
                .parse::<u32>()
                .ok()
                .filter(|n| *n > 0)
                .map(Version::Number)
                .ok_or_else(|| format!("expected a version number or 'latest', got '{s}'")),
        }
    }
}

/// What went wrong talking to the registry.
#[derive(Debug, Clone, thiserror::Error)]
pub enum RegistryError {
    #[error("schema registry {url} is unreachable: {detail}")]
    Unreachable { url: String, detail: String },
    /// The TLS handshake failed: an untrusted server certificate, or a client
    /// certificate the server wants and did not get or does not trust.
    #[error("schema registry {url}: TLS handshake failed: {detail}")]
    Tls {
        url: String,
        detail: String,
        client_side: bool,
    },
    #[error("schema registry {url} refused the credentials (HTTP {status}): {message}")]
    Unauthorized {
        url: String,
        status: u16,
        message: String,
    },
    #[error("schema registry {url}: {what}: {message} (error {error_code})")]
    NotFound {
        url: String,
        what: String,
        error_code: i64,
        message: String,
    },
    #[error("schema registry {url} rejected the schema for subject '{subject}' as incompatible: {message}")]
    Incompatible {
        url: String,
        subject: String,
        message: String,
    },
    #[error("schema registry {url} rejected the schema as invalid: {message}")]
    Invalid { url: String, message: String },
    #[error("schema registry {url}: {what}: HTTP {status}: {message}")]
    Server {
        url: String,
        what: String,
        status: u16,
        message: String,
    },
    #[error("schema registry {url}: {what}: unexpected answer: {detail}")]
    Protocol {
        url: String,
        what: String,
        detail: String,
    },
}

impl RegistryError {
    /// The exit code: connection problems are `CONNECTION`, refused or unknown schemas
    /// and ids are bad input, anything else is a failure.
    pub fn code(&self) -> Code {
        match self {
            RegistryError::Unreachable { .. }
            | RegistryError::Tls { .. }
            | RegistryError::Unauthorized { .. } => exit::CONNECTION,
            RegistryError::NotFound { .. }
            | RegistryError::Incompatible { .. }
            | RegistryError::Invalid { .. } => exit::BAD_INPUT,
            RegistryError::Server { .. } | RegistryError::Protocol { .. } => exit::FAILURE,
        }
    }

    /// True when the registry said the schema, subject or version does not exist.
    pub fn is_not_found(&self) -> bool {
        matches!(self, RegistryError::NotFound { .. })
    }

    /// Turns the error into a `Failure` with its exit code (and `code` instead, when
    /// given, e.g. `USAGE` for a subject named on the command line).
    pub fn into_failure(self, code: Option<Code>) -> exit::Failure {
        let hint = match &self {
            RegistryError::Unreachable { .. } => {
                Some("check --schema-registry (or KPIPE_SCHEMA_REGISTRY, or the profile's schema-registry.url)")
            }
            RegistryError::Tls { client_side: true, .. } => Some(
                "the registry's certificate is not trusted: give its CA with KPIPE_SCHEMA_REGISTRY_CA or the profile's schema-registry ca",
            ),
            RegistryError::Tls { client_side: false, .. } => Some(
                "the registry refused the client certificate (or wants one): set KPIPE_SCHEMA_REGISTRY_CERT/_KEY or the profile's schema-registry cert and key",
            ),
            RegistryError::Unauthorized { .. } => {
                Some("check the registry credentials: KPIPE_SCHEMA_REGISTRY_USERNAME/_PASSWORD or _TOKEN, or the profile's schema-registry username/password or token")
            }
            _ => None,
        };
        let failure = exit::Failure::new(code.unwrap_or_else(|| self.code()), self.to_string());
        match hint {
            Some(h) => failure.hint(h),
            None => failure,
        }
    }
}

/// How to reach a registry.
#[derive(Clone, Default)]
pub struct Options {
    pub url: String,
    pub username: Option<String>,
    pub password: Option<String>,
    pub token: Option<String>,
    /// PEM file with the CA certificates to trust (instead of the system's).
    pub ca: Option<String>,
    /// PEM files with a client certificate chain and its PKCS#8 key.
    pub cert: Option<String>,
    pub key: Option<String>,
    pub insecure: bool,
    pub timeout: Duration,
}

// Never derive Debug for Options: it holds secrets.
impl std::fmt::Debug for Options {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Options")
            .field("url", &redact_url(&self.url))
            .field("auth", &self.auth_kind())
            .finish_non_exhaustive()
    }
}

impl Options {
    fn auth_kind(&self) -> &'static str {
        if self.token.is_some() {
            "bearer"
        } else if self.username.is_some() {
            "basic"
        } else {
            "none"
        }
    }
}

/// `url` without `user:password@`.
pub fn redact_url(url: &str) -> String {
    split_userinfo(url).0
}

/// Splits `scheme://user:pass@host/...` into the URL without user info and the
/// percent-decoded (user, password).
fn split_userinfo(url: &str) -> (String, Option<(String, String)>) {
    let Some((scheme, rest)) = url.split_once("://") else {
        return (url.to_string(), None);
    };
    let authority_end = rest.find('/').unwrap_or(rest.len());
    let (authority, path) = rest.split_at(authority_end);
    match authority.rsplit_once('@') {
        Some((userinfo, host)) => {
            let (user, pass) = userinfo.split_once(':').unwrap_or((userinfo, ""));
            (
                format!("{scheme}://{host}{path}"),
                Some((percent_decode(user), percent_decode(pass))),
            )
        }
        None => (url.to_string(), None),
    }
}

fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let hex = |b: u8| (b as char).to_digit(16);
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' && i + 2 < bytes.len() {
            if let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2])) {
                out.push((h * 16 + l) as u8);
                i += 3;
                continue;
            }
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a path segment (subject names may hold any character).
fn segment(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-._~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

#[derive(Default)]
struct Cache {
    by_id: HashMap<u32, Result<Arc<Registered>, RegistryError>>,
    by_version: HashMap<(String, Version), Arc<Registered>>,
    registered: HashMap<(String, String), u32>,
}

/// A registry client, shared (`Arc`) by the key and value codecs of a run.
pub struct Client {
    base: String,
    auth: Option<String>,
    /// HTTPS without a client certificate: a connection the server drops right after
    /// the handshake most likely wanted one (TLS 1.3 servers refuse it after the
    /// client considers the handshake done).
    no_client_cert_over_tls: bool,
    agent: ureq::Agent,
    cache: Mutex<Cache>,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("url", &self.base)
            .finish_non_exhaustive()
    }
}

#[derive(Deserialize)]
struct SchemaAnswer {
    id: Option<u32>,
    schema: Option<String>,
    #[serde(rename = "schemaType")]
    schema_type: Option<String>,
    #[serde(default)]
    references: Vec<Reference>,
    subject: Option<String>,
    version: Option<i32>,
}

impl Client {
    /// Builds a client; fails (usage) on a malformed URL or unreadable TLS files.
    pub fn new(opts: &Options) -> anyhow::Result<Client> {
        let (base, userinfo) = split_userinfo(opts.url.trim());
        let base = base.trim_end_matches('/').to_string();
        if !(base.starts_with("http://") || base.starts_with("https://")) {
            return exit::fail(
                exit::USAGE,
                format!("schema registry URL '{base}' must start with http:// or https://"),
            );
        }
        let basic = |user: &str, pass: &str| {
            format!(
                "Basic {}",
                base64::engine::general_purpose::STANDARD.encode(format!("{user}:{pass}"))
            )
        };
        let auth = match (&opts.token, &opts.username, userinfo) {
            (Some(token), _, _) => Some(format!("Bearer {token}")),
            (None, Some(user), _) => Some(basic(user, opts.password.as_deref().unwrap_or(""))),
            (None, None, Some((user, pass))) => Some(basic(&user, &pass)),
            (None, None, None) => None,
        };
        let tls = tls_config(opts)?;
        let timeout = if opts.timeout.is_zero() {
            Duration::from_secs(10)
        } else {
            opts.timeout
        };
        let config = ureq::Agent::config_builder()
            .timeout_global(Some(timeout))
            .http_status_as_error(false)
            .max_redirects(3)
            .user_agent(concat!("kpipe/", env!("CARGO_PKG_VERSION")))
            .tls_config(tls)
            .build();
        Ok(Client {
            no_client_cert_over_tls: base.starts_with("https://") && opts.cert.is_none(),
            base,
            auth,
            agent: config.into(),
            cache: Mutex::new(Cache::default()),
        })
    }

    /// The registry URL, without credentials.
    pub fn url(&self) -> &str {
        &self.base
    }

    fn cache(&self) -> std::sync::MutexGuard<'_, Cache> {
        self.cache.lock().unwrap_or_else(|e| e.into_inner())
    }

    /// One request; `what` names it in errors. Returns the parsed JSON answer.
    fn request(
        &self,
        method: &str,
        path: &str,
        body: Option<&Value>,
        what: &str,
    ) -> Result<Value, RegistryError> {
        let url = format!("{}{path}", self.base);
        crate::output::debug(1, format!("schema registry: {method} {url}"));
        let accept = "application/vnd.schemaregistry.v1+json, application/json";
        let result = match body {
            None => {
                let mut req = self.agent.get(&url).header("Accept", accept);
                if let Some(auth) = &self.auth {
                    req = req.header("Authorization", auth);
                }
                req.call()
            }
            Some(body) => {
                let mut req = self
                    .agent
                    .post(&url)
                    .header("Accept", accept)
                    .header("Content-Type", "application/vnd.schemaregistry.v1+json");
                if let Some(auth) = &self.auth {
                    req = req.header("Authorization", auth);
                }
                req.send(serde_json::to_vec(body).unwrap_or_default().as_slice())
            }
        };
        let mut response = result.map_err(|e| self.transport_error(&e, ""))?;
        let status = response.status().as_u16();
        let text = response
            .body_mut()
            .with_config()
            .limit(64 * 1024 * 1024)
            .read_to_string()
            .map_err(|e| self.transport_error(&e, "reading the answer: "))?;
        let json: Option<Value> = serde_json::from_str(&text).ok();
        if (200..300).contains(&status) {
            return json.ok_or_else(|| RegistryError::Protocol {
                url: self.base.clone(),
                what: what.to_string(),
                detail: format!("not JSON: {}", truncate(&text)),
            });
        }
        let error_code = json
            .as_ref()
            .and_then(|j| j.get("error_code"))
            .and_then(Value::as_i64)
            .unwrap_or(i64::from(status));
        let message = json
            .as_ref()
            .and_then(|j| j.get("message"))
            .and_then(Value::as_str)
            .map(str::to_string)
            .unwrap_or_else(|| truncate(&text));
        let url = self.base.clone();
        Err(match status {
            401 | 403 => RegistryError::Unauthorized {
                url,
                status,
                message,
            },
            404 => RegistryError::NotFound {
                url,
                what: what.to_string(),
                error_code,
                message,
            },
            409 => RegistryError::Incompatible {
                url,
                subject: what.to_string(),
                message,
            },
            422 => RegistryError::Invalid { url, message },
            _ => RegistryError::Server {
                url,
                what: what.to_string(),
                status,
                message,
            },
        })
    }

    fn parse_answer(
        &self,
        json: Value,
        what: &str,
        id: Option<u32>,
    ) -> Result<Registered, RegistryError> {
        let protocol = |detail: String| RegistryError::Protocol {
            url: self.base.clone(),
            what: what.to_string(),
            detail,
        };
        let a: SchemaAnswer = serde_json::from_value(json).map_err(|e| protocol(e.to_string()))?;
        Ok(Registered {
            id: a.id.or(id).ok_or_else(|| protocol("no \"id\"".into()))?,
            schema_type: SchemaType::parse(a.schema_type.as_deref()).map_err(protocol)?,
            schema: a.schema.ok_or_else(|| protocol("no \"schema\"".into()))?,
            references: a.references,
            subject: a.subject,
            version: a.version,
        })
    }

    /// The schema with a global id (cached, including "not found").
    pub fn schema_by_id(&self, id: u32) -> Result<Arc<Registered>, RegistryError> {
        if let Some(hit) = self.cache().by_id.get(&id) {
            return hit.clone();
        }
        let what = format!("schema id {id}");
        let result = self
            .request("GET", &format!("/schemas/ids/{id}"), None, &what)
            .and_then(|json| self.parse_answer(json, &what, Some(id)))
            .map(Arc::new);
        // Remember successes and definite answers; retry transport failures.
        if result
            .as_ref()
            .map_or_else(RegistryError::is_not_found, |_| true)
        {
            self.cache().by_id.insert(id, result.clone());
        }
        result
    }

    /// A subject's schema at a version (`latest` is asked once per run).
    pub fn version(
        &self,
        subject: &str,
        version: Version,
    ) -> Result<Arc<Registered>, RegistryError> {
        let key = (subject.to_string(), version);
        if let Some(hit) = self.cache().by_version.get(&key) {
            return Ok(hit.clone());
        }
        let what = format!("subject '{subject}' version {version}");
        let json = self.request(
            "GET",
            &format!("/subjects/{}/versions/{version}", segment(subject)),
            None,
            &what,
        )?;
        let mut registered = self.parse_answer(json, &what, None)?;
        registered
            .subject
            .get_or_insert_with(|| subject.to_string());
        let registered = Arc::new(registered);
        let mut cache = self.cache();
        cache.by_version.insert(key, registered.clone());
        cache
            .by_id
            .entry(registered.id)
            .or_insert_with(|| Ok(registered.clone()));
        Ok(registered)
    }

    fn schema_body(schema: &str, schema_type: SchemaType, references: &[Reference]) -> Value {
        let mut body = json!({ "schema": schema });
        if schema_type != SchemaType::Avro {
            body["schemaType"] = json!(schema_type.as_str());
        }
        if !references.is_empty() {
            body["references"] = json!(references);
        }
        body
    }

    /// Registers a schema under a subject (or finds it already there); returns its id.
    /// An incompatible schema is an error carrying the registry's own message.
    pub fn register(
        &self,
        subject: &str,
        schema: &str,
        schema_type: SchemaType,
        references: &[Reference],
    ) -> Result<u32, RegistryError> {
        let key = (subject.to_string(), schema.to_string());
        if let Some(id) = self.cache().registered.get(&key) {
            return Ok(*id);
        }
        let body = Self::schema_body(schema, schema_type, references);
        let json = self
            .request(
                "POST",
                &format!("/subjects/{}/versions", segment(subject)),
                Some(&body),
                subject,
            )
            .map_err(|e| match e {
                RegistryError::Incompatible { url, message, .. } => RegistryError::Incompatible {
                    url,
                    subject: subject.to_string(),
                    message,
                },
                other => other,
            })?;
        let id = json
            .get("id")
            .and_then(Value::as_u64)
            .and_then(|id| u32::try_from(id).ok())
            .ok_or_else(|| RegistryError::Protocol {
                url: self.base.clone(),
                what: format!("registering under '{subject}'"),
                detail: format!("no \"id\" in {}", truncate(&json.to_string())),
            })?;
        self.cache().registered.insert(key, id);
        Ok(id)
    }

    /// Finds a schema among a subject's versions without registering it.
    pub fn lookup(
        &self,
        subject: &str,
        schema: &str,
        schema_type: SchemaType,
        references: &[Reference],
    ) -> Result<Arc<Registered>, RegistryError> {
        let what = format!("schema under subject '{subject}'");
        let body = Self::schema_body(schema, schema_type, references);
        let json = self.request(
            "POST",
            &format!("/subjects/{}", segment(subject)),
            Some(&body),
            &what,
        )?;
        let mut registered = self.parse_answer(json, &what, None)?;
        registered
            .subject
            .get_or_insert_with(|| subject.to_string());
        registered.schema_type = schema_type;
        Ok(Arc::new(registered))
    }

    /// The texts of a schema's references, transitively, dependencies first (each
    /// `(name, schema)` once).
    pub fn referenced(&self, schema: &Registered) -> Result<Vec<(String, String)>, RegistryError> {
        let mut out: Vec<(String, String)> = Vec::new();
        self.collect_references(&schema.references, &mut out, 0)?;
        Ok(out)
    }

    fn collect_references(
        &self,
        refs: &[Reference],
        out: &mut Vec<(String, String)>,
        depth: u32,
    ) -> Result<(), RegistryError> {
        if depth > 32 {
            return Err(RegistryError::Protocol {
                url: self.base.clone(),
                what: "schema references".into(),
                detail: "nested more than 32 levels (a cycle?)".into(),
            });
        }
        for r in refs {
            if out.iter().any(|(name, _)| *name == r.name) {
                continue;
            }
            let version = match u32::try_from(r.version) {
                Ok(v) if v > 0 => Version::Number(v),
                _ => Version::Latest,
            };
            let dep = self.version(&r.subject, version)?;
            self.collect_references(&dep.references, out, depth + 1)?;
            if !out.iter().any(|(name, _)| *name == r.name) {
                out.push((r.name.clone(), dep.schema.clone()));
            }
        }
        Ok(())
    }

    /// A transport error: TLS handshake failures apart (they have their own hints),
    /// the rest "unreachable".
    fn transport_error(&self, e: &ureq::Error, context: &str) -> RegistryError {
        let detail = transport_detail(e);
        let dropped = matches!(e, ureq::Error::Io(io) if matches!(
            io.kind(),
            std::io::ErrorKind::ConnectionReset
                | std::io::ErrorKind::UnexpectedEof
                | std::io::ErrorKind::BrokenPipe
        ));
        if dropped && self.no_client_cert_over_tls {
            return RegistryError::Tls {
                url: self.base.clone(),
                detail: format!(
                    "the server closed the connection after the handshake ({detail}); no client certificate was configured"
                ),
                client_side: false,
            };
        }
        match tls_failure(&detail) {
            Some((detail, client_side)) => RegistryError::Tls {
                url: self.base.clone(),
                detail,
                client_side,
            },
            None => RegistryError::Unreachable {
                url: self.base.clone(),
                detail: format!("{context}{detail}"),
            },
        }
    }

    /// All subjects.
    pub fn subjects(&self) -> Result<Vec<String>, RegistryError> {
        let json = self.request("GET", "/subjects", None, "listing subjects")?;
        serde_json::from_value(json).map_err(|e| RegistryError::Protocol {
            url: self.base.clone(),
            what: "listing subjects".into(),
            detail: e.to_string(),
        })
    }

    /// A subject's version numbers.
    pub fn versions(&self, subject: &str) -> Result<Vec<i64>, RegistryError> {
        let what = format!("subject '{subject}'");
        let json = self.request(
            "GET",
            &format!("/subjects/{}/versions", segment(subject)),
            None,
            &what,
        )?;
        serde_json::from_value(json).map_err(|e| RegistryError::Protocol {
            url: self.base.clone(),
            what,
            detail: e.to_string(),
        })
    }
}

fn truncate(text: &str) -> String {
    let text = text.trim();
    if text.chars().count() > 200 {
        format!("{}...", text.chars().take(200).collect::<String>())
    } else {
        text.to_string()
    }
}

/// A transport error in words, without anything from the request (headers, URL
/// user info).
fn transport_detail(e: &ureq::Error) -> String {
    match e {
        ureq::Error::Io(io) => match io.kind() {
            std::io::ErrorKind::ConnectionRefused => "connection refused".into(),
            _ => io.to_string(),
        },
        ureq::Error::HostNotFound => "host not found (DNS)".into(),
        ureq::Error::Timeout(_) => "timed out".into(),
        ureq::Error::ConnectionFailed => "connection failed".into(),
        other => other.to_string(),
    }
}

/// Recognises an OpenSSL handshake failure in a transport error's text and shortens
/// it to OpenSSL's reason (`certificate verify failed (unable to get local issuer
/// certificate)`). `client_side` is true when this side refused the server's
/// certificate, false when the server sent an alert (it refused ours, or wants one).
fn tls_failure(detail: &str) -> Option<(String, bool)> {
    // OpenSSL: "error:0A000086:SSL routines:FUNCTION:REASON:FILE:LINE: (NOTE)".
    let start = detail.find("error:")?;
    let text = &detail[start..];
    let fields: Vec<&str> = text.splitn(7, ':').collect();
    let reason = fields.get(4).copied().unwrap_or(text).trim();
    if !fields.get(2).is_some_and(|lib| lib.contains("SSL")) {
        return None;
    }
    let note = text
        .rfind(" (")
        .filter(|_| text.ends_with(')'))
        .map(|i| &text[i..])
        .unwrap_or("");
    let client_side = !(reason.contains("alert") || reason.contains("certificate required"));
    Some((format!("{reason}{note}"), client_side))
}

fn tls_config(opts: &Options) -> anyhow::Result<ureq::tls::TlsConfig> {
    use ureq::tls::{
        Certificate, ClientCert, PemItem, PrivateKey, RootCerts, TlsConfig, TlsProvider,
    };
    let read = |what: &str, path: &str| -> anyhow::Result<Vec<u8>> {
        std::fs::read(path).map_err(|e| {
            exit::Failure::new(
                exit::USAGE,
                format!("cannot read the schema registry {what} '{path}': {e}"),
            )
            .into()
        })
    };
    let bad = |what: &str, path: &str, why: String| -> anyhow::Error {
        exit::Failure::new(
            exit::USAGE,
            format!("invalid schema registry {what} '{path}': {why}"),
        )
        .into()
    };
    let mut builder = TlsConfig::builder()
        .provider(TlsProvider::NativeTls)
        .disable_verification(opts.insecure);
    builder = match &opts.ca {
        Some(path) => {
            let pem = read("CA file", path)?;
            let certs: Vec<Certificate<'static>> = ureq::tls::parse_pem(&pem)
                .filter_map(|item| match item {
                    Ok(PemItem::Certificate(c)) => Some(Ok(c)),
                    Ok(_) => None,
                    Err(e) => Some(Err(e)),
                })
                .collect::<Result<_, _>>()
                .map_err(|e| bad("CA file", path, e.to_string()))?;
            if certs.is_empty() {
                return Err(bad("CA file", path, "no PEM certificates in it".into()));
            }
            builder.root_certs(RootCerts::new_with_certs(&certs))
        }
        None => builder.root_certs(RootCerts::PlatformVerifier),
    };
    match (&opts.cert, &opts.key) {
        (Some(cert), Some(key)) => {
            let pem = read("client certificate", cert)?;
            let chain: Vec<Certificate<'static>> = ureq::tls::parse_pem(&pem)
                .filter_map(|item| match item {
                    Ok(PemItem::Certificate(c)) => Some(Ok(c)),
                    Ok(_) => None,
                    Err(e) => Some(Err(e)),
                })
                .collect::<Result<_, _>>()
                .map_err(|e| bad("client certificate", cert, e.to_string()))?;
            // Never echo key material: only say that the file is unusable.
            let key_pem = read("client key", key)?;
            let key_value = PrivateKey::from_pem(&key_pem).map_err(|_| {
                bad(
                    "client key",
                    key,
                    "not a PEM private key (PKCS#8 expected)".into(),
                )
            })?;
            builder = builder.client_cert(Some(ClientCert::new_with_certs(&chain, key_value)));
        }
        (None, None) => {}
        _ => {
            return exit::fail(
                exit::USAGE,
                "the schema registry client certificate needs both cert and key",
            )
        }
    }
    Ok(builder.build())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn user_info_is_moved_out_of_the_url() {
        assert_eq!(
            split_userinfo("https://ops:s%40cret@sr.example:8081/base"),
            (
                "https://sr.example:8081/base".to_string(),
                Some(("ops".to_string(), "s@cret".to_string()))
            )
        );
        assert_eq!(redact_url("http://sr:8081"), "http://sr:8081");
        assert_eq!(redact_url("http://a:b@sr:8081/"), "http://sr:8081/");
        assert_eq!(redact_url("no scheme"), "no scheme");
    }

    #[test]
    fn subjects_are_percent_encoded() {
        assert_eq!(segment("orders-value"), "orders-value");
        assert_eq!(segment("a/b c:d"), "a%2Fb%20c%3Ad");
    }

    #[test]
    fn versions_parse() {
        assert_eq!("latest".parse::<Version>(), Ok(Version::Latest));
        assert_eq!("3".parse::<Version>(), Ok(Version::Number(3)));
        assert!("0".parse::<Version>().is_err());
        assert!("x".parse::<Version>().is_err());
    }

    #[test]
    fn debug_output_hides_secrets() {
        let opts = Options {
            url: "https://u:hunter2@sr:8081".into(),
            username: Some("u".into()),
            password: Some("hunter2".into()),
            token: Some("tok-secret".into()),
            ..Options::default()
        };
        let shown = format!("{opts:?}");
        assert!(
            !shown.contains("hunter2") && !shown.contains("tok-secret"),
            "{shown}"
        );
        let client = Client::new(&opts).unwrap();
        let shown = format!("{client:?}");
        assert!(!shown.contains("hunter2"), "{shown}");
        assert_eq!(client.url(), "https://sr:8081");
    }

    #[test]
    fn bad_urls_are_usage_errors() {
        let err = Client::new(&Options {
            url: "sr:8081".into(),
            ..Options::default()
        })
        .unwrap_err();
        let failure = err.downcast_ref::<exit::Failure>().unwrap();
        assert_eq!(failure.code, exit::USAGE);
    }

    #[test]
    fn tls_files_are_checked_up_front() {
        let dir = tempfile::tempdir().unwrap();
        let empty = dir.path().join("empty.pem");
        std::fs::write(&empty, "no certificates here\n").unwrap();
        let with = |ca: Option<&str>, cert: Option<&str>, key: Option<&str>| {
            let err = Client::new(&Options {
                url: "https://sr:8081".into(),
                ca: ca.map(str::to_string),
                cert: cert.map(str::to_string),
                key: key.map(str::to_string),
                ..Options::default()
            })
            .unwrap_err();
            let f = err.downcast_ref::<exit::Failure>().unwrap();
            assert_eq!(f.code, exit::USAGE, "{}", f.message);
            f.message.clone()
        };
        let empty = empty.to_str().unwrap();
        assert!(with(Some("/nonexistent/ca.pem"), None, None)
            .contains("cannot read the schema registry CA file"));
        assert!(with(Some(empty), None, None).contains("no PEM certificates"));
        assert!(with(None, Some(empty), None).contains("needs both cert and key"));
        let msg = with(None, Some(empty), Some(empty));
        assert!(msg.contains("client key"), "{msg}");
    }

    #[test]
    fn tls_failures_are_shortened_to_the_reason() {
        assert_eq!(
            tls_failure("native-tls: error:0A000086:SSL routines:tls_post_process_server_certificate:certificate verify failed:../ssl/statem/statem_clnt.c:1889: (self-signed certificate in certificate chain)"),
            Some(("certificate verify failed (self-signed certificate in certificate chain)".to_string(), true))
        );
        assert_eq!(
            tls_failure("io: error:0A00045C:SSL routines:ssl3_read_bytes:tlsv13 alert certificate required:../ssl/record/rec_layer_s3.c:1605:SSL alert number 116"),
            Some(("tlsv13 alert certificate required".to_string(), false))
        );
        assert_eq!(tls_failure("connection refused"), None);
    }

    #[test]
    fn unreachable_is_a_connection_error() {
        // Port 1 on loopback: nothing listens there.
        let client = Client::new(&Options {
            url: "http://127.0.0.1:1".into(),
            timeout: Duration::from_secs(5),
            ..Options::default()
        })
        .unwrap();
        let err = client.schema_by_id(1).unwrap_err();
        assert!(matches!(err, RegistryError::Unreachable { .. }), "{err}");
        assert_eq!(err.code(), exit::CONNECTION);
        assert!(err.to_string().contains("unreachable"), "{err}");
    }
}
