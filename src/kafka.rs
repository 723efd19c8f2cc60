//! Building librdkafka clients from resolved [`Settings`], and the fail-fast connection
//! path that every command shares.
//!
//! librdkafka never fails when a client is created with wrong brokers: it retries in the
//! background and reports problems through callbacks (rust-rdkafka #228). kpipe therefore
//! gives every client a [`Diagnostics`] sink that collects librdkafka's warnings and
//! errors, and starts every command with [`probe`]: a metadata request bounded by
//! `--timeout` that ends early, with the cause named, as soon as librdkafka reports that
//! all brokers are down or that TLS or authentication failed. librdkafka's own log lines
//! are shown only from `-vv` on, so a dead broker gives one line, not a log flood.
//!
//! Failures to get in are told apart, all with exit code 3 ([`exit::CONNECTION`]):
//! the network (refused, DNS, no answer), TLS (an untrusted CA and a host name the
//! certificate does not name are told apart by a second, diagnostic handshake without
//! hostname verification), authentication (SASL), and authorization: a broker's
//! `*_AUTHORIZATION_FAILED` becomes [`not_authorized`], "not authorized to read topic
//! 'x' (ACL)". Authorization shares code 3 with authentication on purpose: both mean
//! "the cluster refused this identity", neither heals by retrying, and scripts that
//! branch on 3 want to alert a human; the message says which it was.

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rdkafka::client::OAuthToken;
use rdkafka::config::{FromClientConfigAndContext, RDKafkaLogLevel};
use rdkafka::consumer::BaseConsumer;
use rdkafka::consumer::ConsumerContext;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::{ClientConfig, ClientContext};
use tokio::sync::Notify;

use crate::config::{self, Settings};
use crate::exit::{self, Failure};
use crate::oauth;
use crate::output;

/// librdkafka debug contexts enabled by `-vvv`. `conf` and `all` are left out on purpose:
/// they dump configuration, secrets included.
const DEBUG_CONTEXTS: &str = "broker,topic,metadata,protocol,cgrp,fetch,msg,security,eos";

/// Collects librdkafka's complaints so a failure can name its cause.
#[derive(Clone, Default)]
pub struct Diagnostics {
    shared: Arc<Shared>,
}

#[derive(Default)]
struct Shared {
    recent: Mutex<VecDeque<String>>,
    /// Bootstrap addresses that failed to connect, and how many there are in all.
    failed: Mutex<HashSet<String>>,
    bootstrap_count: AtomicUsize,
    fatal: Notify,
    fatal_seen: AtomicBool,
}

impl Diagnostics {
    const KEEP: usize = 32;

    /// A sink for a client bootstrapping from `brokers` (a comma-separated list).
    pub fn new(brokers: &str) -> Self {
        let diag = Diagnostics::default();
        let count = brokers.split(',').filter(|b| !b.trim().is_empty()).count();
        diag.shared
            .bootstrap_count
            .store(count.max(1), Ordering::Relaxed);
        diag
    }

    fn set_fatal(&self) {
        self.shared.fatal_seen.store(true, Ordering::Release);
        self.shared.fatal.notify_one();
        self.shared.fatal.notify_waiters();
    }

    /// librdkafka's error callback is only served by polling, but its log callback
    /// runs on its own threads, so connection failures are recognised from log lines
    /// ("127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused").
    fn watch_connection(&self, fac: &str, message: &str) {
        let lower = message.to_ascii_lowercase();
        if lower.contains("authentication")
            || lower.contains("ssl handshake")
            || lower.contains("certificate verify")
        {
            self.set_fatal();
            return;
        }
        let bootstrap_failure = fac == "FAIL"
            && (lower.contains("connection refused")
                || lower.contains("failed to resolve")
                || lower.contains("connect to"));
        if bootstrap_failure {
            let broker = failed_address(message).to_string();
            let mut failed = self.shared.failed.lock().unwrap_or_else(|e| e.into_inner());
            failed.insert(broker);
            if failed.len() >= self.shared.bootstrap_count.load(Ordering::Relaxed) {
                drop(failed);
                self.set_fatal();
            }
        }
    }

    fn remember(&self, line: String) {
        let mut recent = self.shared.recent.lock().unwrap_or_else(|e| e.into_inner());
        if recent.len() == Self::KEEP {
            recent.pop_front();
        }
        recent.push_back(line);
    }

    /// The most recent librdkafka warnings and errors, oldest first.
    pub fn recent(&self) -> Vec<String> {
        let recent = self.shared.recent.lock().unwrap_or_else(|e| e.into_inner());
        recent.iter().cloned().collect()
    }

    /// Whether librdkafka reported a condition that will not heal by waiting.
    pub fn fatal_seen(&self) -> bool {
        self.shared.fatal_seen.load(Ordering::Acquire)
    }

    /// Waits until a fatal condition is reported.
    pub async fn fatal(&self) {
        if self.fatal_seen() {
            return;
        }
        self.shared.fatal.notified().await;
    }

    /// Handles librdkafka's log callback.
    pub fn on_log(&self, level: RDKafkaLogLevel, fac: &str, message: &str) {
        if (level as i32) <= (RDKafkaLogLevel::Warning as i32) {
            self.remember(format!("{fac}: {message}"));
            self.watch_connection(fac, message);
        }
        let show = match output::verbosity() {
            0 | 1 => false,
            2 => (level as i32) <= (RDKafkaLogLevel::Notice as i32),
            _ => true,
        };
        if show {
            output::debug(2, format!("librdkafka {fac}: {message}"));
        }
    }

    /// Handles librdkafka's error callback.
    pub fn on_error(&self, error: &KafkaError, reason: &str) {
        self.remember(reason.to_string());
        output::debug(2, format!("librdkafka error: {error}: {reason}"));
        let code = error.rdkafka_error_code();
        let fatal = matches!(
            code,
            Some(
                RDKafkaErrorCode::AllBrokersDown
                    | RDKafkaErrorCode::Authentication
                    | RDKafkaErrorCode::SaslAuthenticationFailed
                    | RDKafkaErrorCode::SSL
                    | RDKafkaErrorCode::Fatal
                    | RDKafkaErrorCode::UnsupportedSASLMechanism
                    | RDKafkaErrorCode::IllegalSASLState
            )
        );
        if fatal {
            self.set_fatal();
        }
    }
}

/// The address in a librdkafka connection-failure line. librdkafka names one broker
/// twice, `127.0.0.1:9092/bootstrap` before metadata and `127.0.0.1:9092/1` after, so
/// the `/name` suffix is dropped: counting both would declare a cluster with one live
/// broker out of three dead.
fn failed_address(message: &str) -> &str {
    let name = message.split(": ").next().unwrap_or(message);
    name.rsplit_once('/').map_or(name, |(address, _)| address)
}

/// The context of kpipe's admin and consumer clients: librdkafka's callbacks go to
/// [`Diagnostics`].
#[derive(Clone, Default)]
pub struct KpipeContext {
    pub diag: Diagnostics,
}

impl KpipeContext {
    pub fn new(settings: &Settings) -> Self {
        KpipeContext {
            diag: Diagnostics::new(&settings.brokers.value),
        }
    }
}

impl ClientContext for KpipeContext {
    fn log(&self, level: RDKafkaLogLevel, fac: &str, log_message: &str) {
        self.diag.on_log(level, fac, log_message);
    }

    fn error(&self, error: KafkaError, reason: &str) {
        self.diag.on_error(&error, reason);
    }

    const ENABLE_REFRESH_OAUTH_TOKEN: bool = true;

    fn generate_oauth_token(
        &self,
        oauthbearer_config: Option<&str>,
    ) -> Result<OAuthToken, Box<dyn std::error::Error>> {
        oauth::token(oauthbearer_config)
    }
}

impl ConsumerContext for KpipeContext {}

/// Defaults of every kpipe client, for a process that connects once and soon exits.
///
/// librdkafka (since 2.10) drops its bootstrap connection as soon as metadata names the
/// real brokers. With sparse connections (its default) it then opens the first
/// connection to a real broker only when its connection pacing allows, at least 11 ms
/// after the bootstrap connection ("still suppressed" in its debug log), whatever
/// `reconnect.backoff.ms` says. Every kpipe run paid that wait before its first
/// produce, fetch or admin request: 10-13 ms of a one-record produce or consume.
/// Without sparse connections each broker the metadata names is connected at once,
/// in parallel, which a command about to use the cluster wants anyway.
///
/// KIP-714 client metrics (`enable.metrics.push`, on by default since librdkafka 2.5)
/// are for applications that run for hours: a kpipe run is over before the first push
/// interval. Left on, every broker handle of a consumer (the internal one, each
/// bootstrap address, each real broker) allocates and zeroes eight latency histograms,
/// about 130 KB, at client creation: a hundred page faults, the biggest single cost of
/// creating a client (measured with `perf record -e page-faults`).
///
/// Users' settings (`-X enable.sparse.connections=true`, `-X enable.metrics.push=true`)
/// override both.
const START_UP: &[(&str, &str)] = &[
    ("enable.sparse.connections", "false"),
    ("enable.metrics.push", "false"),
];

/// A `ClientConfig` holding the resolved properties, with `extra` applied first so that
/// the user's settings (profile, env, `-X`) win over a command's defaults.
pub fn client_config(settings: &Settings, extra: &[(&str, &str)]) -> ClientConfig {
    let mut cfg = ClientConfig::new();
    for (k, v) in START_UP {
        cfg.set(*k, *v);
    }
    for (k, v) in extra {
        cfg.set(*k, *v);
    }
    install_oauth(settings);
    for (k, v) in settings.client_properties() {
        cfg.set(k, v);
    }
    crate::startup::openssl(needs_openssl(settings, &cfg));
    if settings.verbose >= 3 && !settings.properties.contains_key("debug") {
        cfg.set("debug", DEBUG_CONTEXTS);
    }
    // rust-rdkafka derives librdkafka's log level from the `log` crate, which kpipe does
    // not use; set it explicitly so warnings reach `Diagnostics`.
    cfg.set_log_level(match settings.verbose {
        0 | 1 => RDKafkaLogLevel::Warning,
        2 => RDKafkaLogLevel::Info,
        _ => RDKafkaLogLevel::Debug,
    });
    cfg
}

/// Makes `settings`' OAUTHBEARER token source the process's (see `oauth.rs`).
fn install_oauth(settings: &Settings) {
    oauth::install(
        settings.oauth_token.as_ref().map(|s| s.value.clone()),
        settings
            .properties
            .get("enable.sasl.oauthbearer.unsecure.jwt")
            .is_some_and(|v| v.value == "true"),
    );
}

/// Creates a client of type `T`, turning librdkafka's config errors into a usage error
/// that never echoes a secret value.
pub fn create<T, C>(cfg: &ClientConfig, context: C) -> anyhow::Result<T>
where
    C: ClientContext,
    T: FromClientConfigAndContext<C>,
{
    crate::startup::before_client(uses_gssapi(cfg));
    cfg.create_with_context(context).map_err(|err| match err {
        KafkaError::ClientConfig(_, desc, key, value) => {
            let desc = if config::is_secret(&key) && !value.is_empty() {
                desc.replace(&value, config::REDACTED)
            } else {
                desc
            };
            Failure::new(
                exit::USAGE,
                format!("invalid client property '{key}': {desc}"),
            )
            .hint("see librdkafka's CONFIGURATION.md for valid properties and values")
            .into()
        }
        KafkaError::ClientCreation(msg) => {
            Failure::new(exit::USAGE, format!("invalid client configuration: {msg}"))
                .hint("check the TLS/SASL settings and file paths (kpipe config show)")
                .into()
        }
        other => anyhow::Error::new(other).context("cannot create the Kafka client"),
    })
}

/// Whether a process with these settings may use OpenSSL: TLS to the brokers, SASL
/// mechanisms other than PLAIN (SCRAM hashes with it, GSSAPI's libraries may, OIDC
/// fetches tokens over https), a token command or an https Schema Registry.
fn needs_openssl(settings: &Settings, cfg: &ClientConfig) -> bool {
    let (protocol, mechanism) = security(cfg);
    let registry_https = settings.registry.as_ref().is_some_and(|r| {
        !r.url
            .value
            .trim()
            .to_ascii_lowercase()
            .starts_with("http://")
    });
    !matches!(protocol.as_str(), "plaintext" | "sasl_plaintext")
        || mechanism.is_some_and(|m| m != "PLAIN")
        || registry_https
        || settings.oauth_token.is_some()
}

/// Whether a client with this configuration authenticates with GSSAPI (Kerberos), the
/// only mechanism librdkafka takes from Cyrus SASL (see `startup`).
fn uses_gssapi(cfg: &ClientConfig) -> bool {
    security(cfg).1.as_deref() == Some("GSSAPI")
}

/// A configuration's `security.protocol` (lower case) and, under a `sasl_*` protocol,
/// its SASL mechanism (upper case). librdkafka's defaults: `security.protocol=plaintext`,
/// `sasl.mechanisms=GSSAPI`.
fn security(cfg: &ClientConfig) -> (String, Option<String>) {
    let protocol = cfg
        .get("security.protocol")
        .unwrap_or("plaintext")
        .trim()
        .to_ascii_lowercase();
    let mechanism = protocol.starts_with("sasl").then(|| {
        cfg.get("sasl.mechanisms")
            .or_else(|| cfg.get("sasl.mechanism"))
            .unwrap_or("GSSAPI")
            .trim()
            .to_ascii_uppercase()
    });
    (protocol, mechanism)
}

/// Runs a blocking librdkafka call (metadata, watermarks, offsets) on the blocking pool,
/// bounded by the settings' timeout and cut short by fatal connection errors. Failures
/// become a one-line [`exit::CONNECTION`] error naming the brokers and the cause.
///
/// `serve` polls the client's main queue, where librdkafka delivers its log and error
/// events; it runs on the calling (runtime) thread while `call` waits on a blocking one.
pub async fn probe<S, F, T>(
    settings: &Settings,
    diag: &Diagnostics,
    serve: S,
    call: F,
) -> anyhow::Result<T>
where
    S: Fn(Duration) + Send + 'static,
    F: FnOnce(Duration) -> Result<T, KafkaError> + Send + 'static,
    T: Send + 'static,
{
    let timeout = settings.timeout.value;
    // The call first: its request is what the command waits for.
    let mut task = tokio::task::spawn_blocking(move || call(timeout));
    // librdkafka may overrun its own timeout against a dead cluster (rust-rdkafka #762).
    let give_up = tokio::time::sleep(timeout + Duration::from_millis(500));
    let fatal = diag.fatal();
    tokio::pin!(give_up, fatal);
    // The main queue is served on this (the runtime's) thread while the call runs, without
    // waiting in librdkafka: every 2 ms while a healthy cluster answers, every 50 ms on a
    // slow one. A thread of its own cost a thread start in every run.
    let started = std::time::Instant::now();
    let outcome = loop {
        serve(Duration::ZERO);
        let fast = started.elapsed() < Duration::from_millis(500);
        let pause = Duration::from_millis(if fast { 2 } else { 50 });
        tokio::select! {
            joined = &mut task => break match joined {
                Ok(Ok(value)) => Ok(value),
                Ok(Err(err)) => Err(Some(err)),
                Err(join) => {
                    return Err(anyhow::Error::new(join).context("metadata request failed"));
                }
            },
            () = &mut fatal => break Err(None),
            () = &mut give_up => break Err(None),
            () = tokio::time::sleep(pause) => {}
        }
    };
    // One last pass, for events that arrived with the answer.
    serve(Duration::ZERO);
    match outcome {
        Ok(value) => Ok(value),
        Err(err) => {
            let mut cause = cause(&diag.recent(), err.as_ref());
            if cause == Cause::TlsVerify {
                cause = diagnose_tls(settings).await;
            }
            // With OIDC every token comes from librdkafka's own request to the token
            // endpoint. Its log line saying why may come after the error event (the
            // producer moves its log queue, see produce/last_error.rs), and a token it
            // rejected (no `exp`, not a JWT) leaves no such line: the event's reason
            // decides then.
            if matches!(cause, Cause::OAuthToken | Cause::OidcToken) && oidc(settings) {
                cause = match oidc_failure(settings, &diag.recent()) {
                    Some(reason) if tls_reason(&reason) => Cause::OidcTls,
                    _ => Cause::OidcToken,
                };
            }
            Err(connection_error(settings, cause, &diag.recent()))
        }
    }
}

/// Metadata for `topic` (all topics with `None`), answered by one of the cluster's own
/// brokers rather than by a bootstrap address.
///
/// An idempotent producer asks for its producer id when metadata arrives, from a
/// broker that is up at that moment. The first answer comes over the bootstrap
/// connection, which librdkafka closes right then, before the real broker's connection
/// is up: the producer id request then waits for librdkafka's 500 ms retry timer, and
/// so does the first record. Asking again once the answer names the real brokers
/// lands on a live connection and starts the producer id request at once; it costs
/// one round trip on a connection the producer opens anyway.
pub fn settled_metadata<C: ClientContext>(
    client: &rdkafka::client::Client<C>,
    topic: Option<&str>,
    timeout: Duration,
) -> Result<rdkafka::metadata::Metadata, KafkaError> {
    let deadline = std::time::Instant::now() + timeout;
    let mut md = client.fetch_metadata(topic, timeout)?;
    // A few tries: a request sent while the bootstrap connection is being closed is
    // answered by it again, or retried by librdkafka on the real broker.
    for _ in 0..3 {
        let left = deadline.saturating_duration_since(std::time::Instant::now());
        if md.orig_broker_id() >= 0 || left.is_zero() {
            break;
        }
        md = client.fetch_metadata(topic, left)?;
    }
    Ok(md)
}

/// Closes a consumer that has a `group.id` (leaving its group, if it joined one)
/// before it is dropped. rust-rdkafka's drop does the same but waits in 100 ms polls,
/// and the close is over in a few ms: a one-record consume paid ~100 ms for it.
/// Bounded by `bound`; the drop that follows then finds the consumer closed.
pub fn close_consumer<C: ConsumerContext>(consumer: &BaseConsumer<C>, bound: Duration) {
    if consumer.close_queue().is_err() {
        return; // no group, or closed already
    }
    let deadline = std::time::Instant::now() + bound;
    while !consumer.closed() && std::time::Instant::now() < deadline {
        let _ = consumer.poll(Duration::ZERO);
        std::thread::sleep(Duration::from_millis(1));
    }
}

/// Why a connection failed.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Cause {
    Authentication,
    /// kpipe could not get an OAUTHBEARER token (file, command).
    OAuthToken,
    /// librdkafka got no usable token from the OIDC token endpoint
    /// (`sasl.oauthbearer.method=oidc`): unreachable, refused the client, bad answer.
    OidcToken,
    /// TLS with the OIDC token endpoint failed, mostly an untrusted certificate: the
    /// endpoint is verified against `https.ca.location`, not the brokers' CA.
    OidcTls,
    /// The broker's certificate failed verification; [`diagnose_tls`] says why.
    TlsVerify,
    TlsUntrustedCa,
    TlsHostname,
    /// The listener does not speak TLS.
    TlsNotTls,
    Tls,
    Resolve,
    Refused,
    Handshake,
    NoAnswer,
}

/// What went wrong, from librdkafka's recent messages and the call's error.
pub fn cause(messages: &[String], err: Option<&KafkaError>) -> Cause {
    let text = messages.join("\n").to_ascii_lowercase()
        + &err
            .map(|e| e.to_string().to_ascii_lowercase())
            .unwrap_or_default();
    let has = |needle: &str| text.contains(needle);
    // Broker names ("sasl_ssl://host:port/1") are in every line: match phrases only.
    if let Some(reason) = oidc_reason(messages) {
        if tls_reason(&reason) {
            Cause::OidcTls
        } else {
            Cause::OidcToken
        }
    } else if has("oauthbearer token") {
        Cause::OAuthToken
    } else if has("ssl handshake failed") && has("connecting to a plaintext broker listener") {
        Cause::TlsNotTls
    } else if has("certificate verify failed") || has("failed to verify broker certificate") {
        Cause::TlsVerify
    } else if has("ssl handshake failed") || has("ssl routines") || has("tls") {
        Cause::Tls
    } else if has("authentication")
        || has("sasl mechanism")
        || has("invalid credentials")
        || has("sasl handshake")
    {
        Cause::Authentication
    } else if has("resolve") || has("name or service not known") || has("nodename nor servname") {
        Cause::Resolve
    } else if has("connection refused") {
        Cause::Refused
    } else if has("apiversion") || has("disconnected") {
        Cause::Handshake
    } else {
        Cause::NoAnswer
    }
}

/// librdkafka's log line for a failed token request, and its error event for any OIDC
/// token failure (the request's, or a token it rejected).
const OIDC_REQUEST_FAILED: &str = "Failed to retrieve OIDC token from \"";
const TOKEN_FAILED: &str = "Failed to acquire SASL OAUTHBEARER token: ";

/// The text after `prefix` in the first of `messages` that holds it.
fn after<'a>(messages: &'a [String], prefix: &str) -> Option<&'a str> {
    messages
        .iter()
        .find_map(|m| m.find(prefix).map(|at| &m[at + prefix.len()..]))
}

/// Whether librdkafka fetches the tokens itself from an OIDC token endpoint.
fn oidc(settings: &Settings) -> bool {
    property(settings, "sasl.oauthbearer.method").is_some_and(|m| m.eq_ignore_ascii_case("oidc"))
}

/// Why the OIDC token request failed, from librdkafka's log line
/// (`Failed to retrieve OIDC token from "URL": REASON (CODE)`, CODE the HTTP status or
/// -1 for a transport error such as TLS): `HTTP 401: REASON` or `REASON`.
fn oidc_reason(messages: &[String]) -> Option<String> {
    let rest = after(messages, OIDC_REQUEST_FAILED)?;
    // The URL is named by the message already.
    let rest = rest.split_once("\": ").map_or(rest, |(_, r)| r).trim_end();
    let coded = rest
        .strip_suffix(')')
        .and_then(|r| r.rsplit_once(" ("))
        .and_then(|(text, code)| Some((text, code.parse::<i32>().ok()?)));
    Some(match coded {
        Some((text, code)) if code >= 100 => format!("HTTP {code}: {text}"),
        Some((text, _)) => text.to_string(),
        None => rest.to_string(),
    })
}

/// The reason librdkafka gave for having no OIDC token: the request's failure, else the
/// error event's (a token it could not use). One line, at most [`REASON_CHARS`]
/// characters (an HTTP error quotes the endpoint's whole answer), and the client secret
/// masked should the endpoint have echoed it.
fn oidc_failure(settings: &Settings, messages: &[String]) -> Option<String> {
    let reason =
        oidc_reason(messages).or_else(|| after(messages, TOKEN_FAILED).map(str::to_string))?;
    let mut line = reason.split_whitespace().collect::<Vec<_>>().join(" ");
    if let Some(secret) = property(settings, "sasl.oauthbearer.client.secret") {
        if !secret.is_empty() {
            line = line.replace(secret, config::REDACTED);
        }
    }
    if line.chars().count() > REASON_CHARS {
        line = line.chars().take(REASON_CHARS).collect::<String>() + "...";
    }
    Some(line)
}

/// Whether libcurl's reason for a failed token request is about TLS ("SSL certificate
/// problem: ...", "SSL: no alternative certificate subject name matches ...").
fn tls_reason(reason: &str) -> bool {
    let r = reason.to_ascii_lowercase();
    !r.starts_with("http ") && (r.contains("ssl") || r.contains("tls") || r.contains("certificate"))
}

/// The longest reason quoted from a token endpoint.
const REASON_CHARS: usize = 200;

/// Tells an untrusted CA from a certificate that does not name the host: one more
/// handshake with the same TLS settings but without hostname verification. If that
/// one gets past TLS, the name was the problem.
///
/// The diagnostic client speaks plain TLS, never SASL: no credential (a PLAIN password
/// travels as is inside TLS) goes to a server whose certificate names another host.
async fn diagnose_tls(settings: &Settings) -> Cause {
    let hostname_check = settings
        .properties
        .get("ssl.endpoint.identification.algorithm")
        .is_none_or(|v| v.value.eq_ignore_ascii_case("https"));
    if !hostname_check {
        return Cause::TlsUntrustedCa;
    }
    let mut relaxed = settings.clone();
    relaxed.properties.retain(|k, _| !k.starts_with("sasl."));
    relaxed.oauth_token = None;
    let set = |relaxed: &mut Settings, key: &str, value: &str| {
        relaxed.properties.insert(
            key.into(),
            config::Sourced {
                value: value.into(),
                source: config::Source::Default,
            },
        );
    };
    set(&mut relaxed, "security.protocol", "SSL");
    set(
        &mut relaxed,
        "ssl.endpoint.identification.algorithm",
        "none",
    );
    relaxed.verbose = relaxed.verbose.min(1);
    let timeout = relaxed.timeout.value.min(Duration::from_secs(3));
    let ctx = KpipeContext::new(&relaxed);
    let diag = ctx.diag.clone();
    let cfg = client_config(&relaxed, &[]);
    install_oauth(settings);
    let Ok(client) = create::<BaseConsumer<KpipeContext>, _>(&cfg, ctx) else {
        return Cause::Tls;
    };
    let client = Arc::new(client);
    let poller = Arc::clone(&client);
    let done = Arc::new(AtomicBool::new(false));
    let serving = {
        let done = Arc::clone(&done);
        tokio::task::spawn_blocking(move || {
            while !done.load(Ordering::Acquire) {
                let _ = poller.poll(Duration::from_millis(50));
            }
        })
    };
    use rdkafka::consumer::Consumer;
    // Short metadata attempts, so that the call ends soon after `done` is set: the
    // client is destroyed here, not left handshaking while kpipe exits.
    let c = Arc::clone(&client);
    let stop = Arc::clone(&done);
    let task = tokio::task::spawn_blocking(move || {
        let deadline = std::time::Instant::now() + timeout;
        while !stop.load(Ordering::Acquire) && std::time::Instant::now() < deadline {
            if c.fetch_metadata(None, Duration::from_millis(200)).is_ok() {
                return true;
            }
        }
        false
    });
    // The first complaint decides: a verification failure again means the CA; any
    // later failure (the SASL listener hanging up on a TLS-only client) means TLS
    // passed. A metadata answer means the same.
    let deadline = tokio::time::Instant::now() + timeout;
    let verdict = loop {
        if task.is_finished() {
            break Cause::TlsHostname;
        }
        let recent = diag.recent();
        if !recent.is_empty() {
            break match cause(&recent, None) {
                Cause::TlsVerify => Cause::TlsUntrustedCa,
                Cause::Tls | Cause::TlsNotTls => Cause::Tls,
                _ => Cause::TlsHostname,
            };
        }
        if tokio::time::Instant::now() >= deadline {
            break Cause::Tls;
        }
        tokio::time::sleep(Duration::from_millis(20)).await;
    };
    let got_in = if task.is_finished() {
        task.await.unwrap_or(false)
    } else {
        done.store(true, Ordering::Release);
        task.await.unwrap_or(false)
    };
    done.store(true, Ordering::Release);
    let _ = serving.await;
    drop(client);
    if got_in {
        Cause::TlsHostname
    } else {
        verdict
    }
}

/// A property's value, if set.
fn property<'a>(settings: &'a Settings, key: &str) -> Option<&'a str> {
    settings.properties.get(key).map(|v| v.value.as_str())
}

/// The one-line cause and the hint for `cause`.
pub fn describe(settings: &Settings, cause: Cause) -> (String, String) {
    let first_host = settings
        .brokers
        .value
        .split(',')
        .next()
        .unwrap_or_default()
        .trim()
        .rsplit_once(':')
        .map_or(settings.brokers.value.as_str(), |(h, _)| h)
        .to_string();
    let ca = property(settings, "ssl.ca.location")
        .map_or("the system's CA store".to_string(), |p| format!("'{p}'"));
    let (cause, hint): (String, String) = match cause {
        Cause::Authentication => {
            let mechanism = property(settings, "sasl.mechanism").unwrap_or("GSSAPI");
            let who = property(settings, "sasl.username")
                .map(|u| format!(" as user '{u}'"))
                .unwrap_or_default();
            (
                format!("authentication failed (SASL {mechanism}{who})"),
                "check the SASL mechanism, username and password (profile `sasl`, KPIPE_SASL_* or -X sasl.*)".into(),
            )
        }
        Cause::OAuthToken => (
            "authentication failed: no OAUTHBEARER token".into(),
            "check the profile's sasl `token-file`/`token-command`".into(),
        ),
        Cause::OidcToken => (
            format!("authentication failed: no OAUTHBEARER token from the OIDC token endpoint {}", token_endpoint(settings)),
            "check sasl.oauthbearer.token.endpoint.url, sasl.oauthbearer.client.id and sasl.oauthbearer.client.secret (run with -vv for librdkafka's log)".into(),
        ),
        Cause::OidcTls => {
            let https_ca = property(settings, "https.ca.location")
                .map(|p| format!("'{p}'"))
                .or_else(|| property(settings, "https.ca.pem").map(|_| "https.ca.pem".to_string()))
                .unwrap_or_else(|| "the system's CA store".to_string());
            (
                format!("authentication failed: no OAUTHBEARER token: TLS with the OIDC token endpoint {} failed", token_endpoint(settings)),
                format!("kpipe trusts {https_ca} for the token endpoint (ssl.ca.location is for the brokers only); set https.ca.location (-X or the profile's `properties`) to the CA that signed the endpoint's certificate"),
            )
        }
        Cause::TlsVerify | Cause::TlsUntrustedCa => (
            "TLS handshake failed: the broker's certificate is not signed by a trusted CA".into(),
            format!("kpipe trusts {ca}; set the cluster's CA with the profile's `tls = {{ ca = \"...\" }}` or -X ssl.ca.location=FILE"),
        ),
        Cause::TlsHostname => (
            format!("TLS handshake failed: the broker's certificate does not name the host '{first_host}'"),
            "connect with a host name that the certificate lists (its subjectAltName); -X ssl.endpoint.identification.algorithm=none turns the check off (unsafe)".into(),
        ),
        Cause::TlsNotTls => (
            "TLS handshake failed: the listener does not speak TLS".into(),
            "check the port, or drop TLS (security.protocol PLAINTEXT or SASL_PLAINTEXT)".into(),
        ),
        Cause::Tls => (
            "TLS handshake failed".into(),
            "check the CA and certificates (profile `tls`) and that the listener speaks TLS (run with -vv for details)".into(),
        ),
        Cause::Resolve => (
            "cannot resolve the broker host name".into(),
            "check the host names in --brokers, KPIPE_BROKERS or the profile".into(),
        ),
        Cause::Refused => (
            "connection refused".into(),
            "is a broker listening there? Check --brokers; `kpipe local` starts a broker for trying things".into(),
        ),
        Cause::Handshake => (
            "the broker closed the connection during the handshake".into(),
            "the listener may expect TLS or SASL: set security.protocol (profile `tls`/`sasl`)".into(),
        ),
        Cause::NoAnswer => (
            format!(
                "no answer within {}",
                humantime::format_duration(settings.timeout.value)
            ),
            "check --brokers and that the network path is open; raise --timeout for slow links".into(),
        ),
    };
    (cause, hint)
}

/// The token endpoint URL for messages, without any user info.
fn token_endpoint(settings: &Settings) -> String {
    property(settings, "sasl.oauthbearer.token.endpoint.url").map_or_else(
        || "(sasl.oauthbearer.token.endpoint.url is not set)".to_string(),
        |u| format!("'{}'", crate::serde::registry::redact_url(u)),
    )
}

/// What an ACL protects.
#[derive(Clone, Copy, Debug)]
#[allow(dead_code)] // groups and transactional ids: consume and produce
pub enum Resource<'a> {
    Topic(&'a str),
    Group(&'a str),
    TransactionalId(&'a str),
    Cluster,
}

/// The resource kind named by a broker's authorization error code, if it is one.
pub fn authorization_kind(code: RDKafkaErrorCode) -> Option<&'static str> {
    match code {
        RDKafkaErrorCode::TopicAuthorizationFailed => Some("topic"),
        RDKafkaErrorCode::GroupAuthorizationFailed => Some("group"),
        RDKafkaErrorCode::ClusterAuthorizationFailed => Some("cluster"),
        RDKafkaErrorCode::TransactionalIdAuthorizationFailed => Some("transactional-id"),
        _ => None,
    }
}

/// The failure for a broker's `*_AUTHORIZATION_FAILED`: exit code 3, the operation
/// and resource named ("not authorized to read topic 'x' (ACL)"), and in the hint the
/// principal and the ACL an administrator would add.
pub fn not_authorized(settings: &Settings, operation: &str, resource: Resource<'_>) -> Failure {
    let (what, acl_resource) = match resource {
        Resource::Topic(t) => (format!("topic '{t}'"), format!("--topic '{t}'")),
        Resource::Group(g) => (format!("consumer group '{g}'"), format!("--group '{g}'")),
        Resource::TransactionalId(t) => (
            format!("transactional id '{t}'"),
            format!("--transactional-id '{t}'"),
        ),
        Resource::Cluster => ("the cluster".to_string(), "--cluster".to_string()),
    };
    let principal = property(settings, "sasl.username")
        .map_or("<your principal>".to_string(), |u| format!("User:{u}"));
    let acl_op = acl_operation(operation);
    Failure::new(
        exit::CONNECTION,
        format!("not authorized to {operation} {what} (ACL)"),
    )
    .hint(format!(
        "{principal} lacks the ACL; an administrator can grant it: kafka-acls --add --allow-principal {principal} --operation {acl_op} {acl_resource}"
    ))
}

/// The kafka-acls operation for one of kpipe's verbs.
fn acl_operation(operation: &str) -> &'static str {
    match operation {
        "read" | "consume from" | "join" | "commit offsets for" => "Read",
        "write" | "write to" | "produce to" => "Write",
        "create" => "Create",
        "delete" => "Delete",
        "alter" | "change the configuration of" | "add partitions to" => "Alter",
        "describe the configuration of" => "DescribeConfigs",
        _ => "Describe",
    }
}

fn connection_error(settings: &Settings, cause: Cause, recent: &[String]) -> anyhow::Error {
    let oidc_cause = matches!(cause, Cause::OidcToken | Cause::OidcTls);
    let (mut cause, hint) = describe(settings, cause);
    // kpipe's own reason for a missing token (a file, a command; never the token), or
    // librdkafka's for an OIDC token.
    let reason = if oidc_cause {
        oidc_failure(settings, recent)
    } else {
        after(recent, oauth::REASON_PREFIX).map(|r| r.trim().to_string())
    };
    if let Some(reason) = reason {
        cause = format!("{cause}: {reason}");
    }
    Failure::new(
        exit::CONNECTION,
        format!(
            "cannot connect to Kafka at {}: {cause}",
            settings.brokers.value
        ),
    )
    .hint(hint)
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn gssapi_is_librdkafkas_default_mechanism_under_sasl() {
        let cfg = |pairs: &[(&str, &str)]| {
            let mut cfg = ClientConfig::new();
            for (k, v) in pairs {
                cfg.set(*k, *v);
            }
            uses_gssapi(&cfg)
        };
        assert!(!cfg(&[]));
        assert!(!cfg(&[("security.protocol", "SSL")]));
        assert!(
            !cfg(&[("sasl.mechanism", "GSSAPI")]),
            "no SASL without a sasl_* protocol"
        );
        assert!(cfg(&[("security.protocol", "sasl_plaintext")]));
        assert!(cfg(&[
            ("security.protocol", "SASL_SSL"),
            ("sasl.mechanism", "gssapi")
        ]));
        assert!(cfg(&[
            ("security.protocol", "SASL_SSL"),
            ("sasl.mechanisms", "GSSAPI")
        ]));
        for mechanism in ["PLAIN", "SCRAM-SHA-256", "SCRAM-SHA-512", "OAUTHBEARER"] {
            assert!(!cfg(&[
                ("security.protocol", "SASL_SSL"),
                ("sasl.mechanism", mechanism)
            ]));
        }
    }

    #[test]
    fn one_broker_under_two_names_counts_once() {
        let diag = Diagnostics::new("127.0.0.1:1,127.0.0.1:2,127.0.0.1:3");
        for line in [
            "127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused",
            "127.0.0.1:1/1: Connect to ipv4#127.0.0.1:1 failed: Connection refused",
            "127.0.0.1:2/bootstrap: Connect to ipv4#127.0.0.1:2 failed: Connection refused",
            "127.0.0.1:2/2: Connect to ipv4#127.0.0.1:2 failed: Connection refused",
        ] {
            diag.on_log(RDKafkaLogLevel::Error, "FAIL", line);
        }
        assert!(
            !diag.fatal_seen(),
            "two of three brokers down is not all down"
        );
        diag.on_log(
            RDKafkaLogLevel::Error,
            "FAIL",
            "127.0.0.1:3/3: Connect to ipv4#127.0.0.1:3 failed: Connection refused",
        );
        assert!(diag.fatal_seen());
    }

    #[test]
    fn classifies_common_causes() {
        let cases = [
            ("127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused (after 0ms in state CONNECT)", Cause::Refused),
            ("Failed to resolve 'nohost.invalid:9092': Name or service not known", Cause::Resolve),
            ("SASL authentication error: Authentication failed: Invalid username or password", Cause::Authentication),
            ("FAIL: sasl_ssl://127.0.0.1:39102/bootstrap: SASL authentication error: Authentication failed during authentication due to invalid credentials with SASL mechanism SCRAM-SHA-512 (after 332ms in state AUTH_REQ)", Cause::Authentication),
            ("SSL handshake failed: error:0A00010B:SSL routines::wrong version number", Cause::Tls),
            ("FAIL: sasl_ssl://127.0.0.2:39104/bootstrap: SSL handshake failed: error:0A000086:SSL routines::certificate verify failed: broker certificate could not be verified, verify that ssl.ca.location is correctly configured", Cause::TlsVerify),
            ("FAIL: ssl://127.0.0.1:9092/bootstrap: SSL handshake failed: Disconnected: connecting to a PLAINTEXT broker listener? (after 1ms in state SSL_HANDSHAKE)", Cause::TlsNotTls),
            ("ERROR: Failed to acquire SASL OAUTHBEARER token: cannot read the token file '/x': No such file", Cause::OAuthToken),
            ("Disconnected while requesting ApiVersion: might be caused by incorrect security.protocol", Cause::Handshake),
            ("", Cause::NoAnswer),
            ("OIDC: [thrd:background]: Failed to retrieve OIDC token from \"https://127.0.0.1:1/token\": SSL certificate OpenSSL verify result: unable to get local issuer certificate (20) (-1)", Cause::OidcTls),
            ("OIDC: [thrd:background]: Failed to retrieve OIDC token from \"https://127.0.0.1:1/token\": Failed to connect to 127.0.0.1 port 1 after 0 ms: Could not connect to server (-1)", Cause::OidcToken),
            ("OIDC: [thrd:background]: Failed to retrieve OIDC token from \"https://idp/token\": {\"error\": \"invalid_client\"} (401)", Cause::OidcToken),
        ];
        for (msg, want) in cases {
            assert_eq!(cause(&[msg.to_string()], None), want, "{msg}");
        }
    }

    /// The settings of `kpipe --no-config EXTRA config show`, with no environment.
    fn settings(extra: &[&str]) -> Settings {
        let mut args = vec!["kpipe", "--no-config"];
        args.extend(extra);
        args.extend(["config", "show"]);
        let global = crate::cli::parse_from(args).unwrap().global;
        config::resolve_with(&global, None, &|_| None).unwrap()
    }

    #[test]
    fn start_up_defaults_yield_to_the_users_settings() {
        let cfg = client_config(&settings(&[]), &[]);
        assert_eq!(cfg.get("enable.sparse.connections"), Some("false"));
        assert_eq!(cfg.get("enable.metrics.push"), Some("false"));
        let cfg = client_config(
            &settings(&[
                "-X",
                "enable.metrics.push=true",
                "-X",
                "enable.sparse.connections=true",
            ]),
            &[],
        );
        assert_eq!(cfg.get("enable.sparse.connections"), Some("true"));
        assert_eq!(cfg.get("enable.metrics.push"), Some("true"));
    }

    #[test]
    fn openssl_is_needed_for_tls_sasl_but_plain_tokens_and_https_registries() {
        let needs = |extra: &[&str]| {
            let settings = settings(extra);
            let mut cfg = ClientConfig::new();
            for (k, v) in settings.client_properties() {
                cfg.set(k, v);
            }
            needs_openssl(&settings, &cfg)
        };
        let sasl =
            |mechanism: &'static str| ["-X", "security.protocol=SASL_PLAINTEXT", "-X", mechanism];
        assert!(!needs(&[]));
        assert!(!needs(&["-X", "security.protocol=plaintext"]));
        assert!(!needs(&sasl("sasl.mechanism=PLAIN")));
        assert!(!needs(&sasl("sasl.mechanisms=plain")));
        assert!(!needs(&["--schema-registry", "http://sr:8081"]));
        assert!(needs(&["-X", "security.protocol=ssl"]));
        assert!(needs(&[
            "-X",
            "security.protocol=SASL_SSL",
            "-X",
            "sasl.mechanism=PLAIN"
        ]));
        assert!(needs(&["-X", "security.protocol=sasl_plaintext"]), "GSSAPI");
        assert!(needs(&sasl("sasl.mechanism=SCRAM-SHA-512")));
        assert!(needs(&sasl("sasl.mechanism=OAUTHBEARER")));
        assert!(needs(&["--schema-registry", "https://sr:8081"]));
        assert!(needs(&["--schema-registry", "sr:8081"]), "no scheme");
    }

    fn oidc_settings(extra: &[&str]) -> Settings {
        let mut args = vec![
            "kpipe",
            "-X",
            "sasl.mechanism=OAUTHBEARER",
            "-X",
            "sasl.oauthbearer.method=oidc",
            "-X",
            "sasl.oauthbearer.client.id=kpipe",
            "-X",
            "sasl.oauthbearer.client.secret=s3cret-value",
            "-X",
            "sasl.oauthbearer.token.endpoint.url=https://user:pw@idp.example:8443/token",
        ];
        args.extend(extra);
        args.extend(["config", "show"]);
        let global = crate::cli::parse_from(args).unwrap().global;
        config::resolve_with(&global, None, &|_| None).unwrap()
    }

    fn message_and_hint(settings: &Settings, cause: Cause, recent: &[&str]) -> (String, String) {
        let recent: Vec<String> = recent.iter().map(|s| s.to_string()).collect();
        let err = connection_error(settings, cause, &recent);
        let f = err.downcast::<Failure>().unwrap();
        assert_eq!(f.code, exit::CONNECTION);
        (f.message, f.hint.unwrap())
    }

    #[test]
    fn an_untrusted_oidc_endpoint_is_named_with_the_https_ca() {
        let log = "OIDC: [thrd:background]: Failed to retrieve OIDC token from \"https://user:pw@idp.example:8443/token\": SSL certificate OpenSSL verify result: unable to get local issuer certificate (20) (-1)";
        let event = "Failed to acquire SASL OAUTHBEARER token: SSL certificate OpenSSL verify result: unable to get local issuer certificate (20)";
        let settings = oidc_settings(&["-X", "https.ca.location=/etc/idp-ca.pem"]);
        assert_eq!(cause(&[log.into(), event.into()], None), Cause::OidcTls);
        let (message, hint) = message_and_hint(&settings, Cause::OidcTls, &[log, event]);
        assert!(message.contains("TLS with the OIDC token endpoint 'https://idp.example:8443/token' failed: SSL certificate OpenSSL verify result: unable to get local issuer certificate (20)"), "{message}");
        assert!(!message.contains("(-1)"), "{message}");
        assert!(!message.contains("pw@"), "{message}");
        assert!(hint.contains("'/etc/idp-ca.pem'"), "{hint}");
        assert!(hint.contains("https.ca.location"), "{hint}");
        let (_, hint) = message_and_hint(&oidc_settings(&[]), Cause::OidcTls, &[log]);
        assert!(hint.contains("the system's CA store"), "{hint}");
    }

    #[test]
    fn an_oidc_endpoint_refusal_quotes_the_status_on_one_line_without_the_secret() {
        let log = "OIDC: [thrd:background]: Failed to retrieve OIDC token from \"https://idp.example:8443/token\": {\n  \"error\": \"invalid_client\",\n  \"got\": \"s3cret-value\"\n} (401)";
        let settings = oidc_settings(&[]);
        let (message, hint) = message_and_hint(&settings, cause(&[log.into()], None), &[log]);
        assert_eq!(
            message,
            "cannot connect to Kafka at localhost:9092: authentication failed: no OAUTHBEARER token from the OIDC token endpoint 'https://idp.example:8443/token': HTTP 401: { \"error\": \"invalid_client\", \"got\": \"********\" }"
        );
        assert!(hint.contains("sasl.oauthbearer.client.secret"), "{hint}");

        // A token librdkafka could not use: only its error event says why.
        let event = "Failed to acquire SASL OAUTHBEARER token: Expected JSON JWT response with \"exp\" field";
        assert_eq!(cause(&[event.into()], None), Cause::OAuthToken);
        let (message, _) = message_and_hint(&settings, Cause::OidcToken, &[event]);
        assert!(message.ends_with("token endpoint 'https://idp.example:8443/token': Expected JSON JWT response with \"exp\" field"), "{message}");

        let long = format!(
            "OIDC: Failed to retrieve OIDC token from \"u\": {} (500)",
            "x".repeat(1000)
        );
        let (message, _) = message_and_hint(&settings, Cause::OidcToken, &[&long]);
        assert!(message.len() < 400, "{message}");
        assert!(message.ends_with("x..."), "{message}");
    }

    #[test]
    fn authorization_names_operation_resource_and_principal() {
        let global =
            crate::cli::parse_from(["kpipe", "-X", "sasl.username=alice", "config", "show"])
                .unwrap()
                .global;
        let settings = config::resolve_with(&global, None, &|_| None).unwrap();
        let f = not_authorized(&settings, "read", Resource::Topic("orders"));
        assert_eq!(f.code, exit::CONNECTION);
        assert_eq!(f.message, "not authorized to read topic 'orders' (ACL)");
        let hint = f.hint.unwrap();
        assert!(hint.contains("User:alice"), "{hint}");
        assert!(hint.contains("--operation Read --topic 'orders'"), "{hint}");
        assert_eq!(
            authorization_kind(RDKafkaErrorCode::GroupAuthorizationFailed),
            Some("group")
        );
        assert_eq!(authorization_kind(RDKafkaErrorCode::UnknownTopic), None);
    }
}
