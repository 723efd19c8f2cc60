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

use std::collections::{HashSet, VecDeque};
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use rdkafka::config::{FromClientConfigAndContext, RDKafkaLogLevel};
use rdkafka::consumer::ConsumerContext;
use rdkafka::error::{KafkaError, RDKafkaErrorCode};
use rdkafka::{ClientConfig, ClientContext};
use tokio::sync::Notify;

use crate::config::{self, Settings};
use crate::exit::{self, Failure};
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
            let broker = message.split(": ").next().unwrap_or(message).to_string();
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
}

impl ConsumerContext for KpipeContext {}

/// A `ClientConfig` holding the resolved properties, with `extra` applied first so that
/// the user's settings (profile, env, `-X`) win over a command's defaults.
pub fn client_config(settings: &Settings, extra: &[(&str, &str)]) -> ClientConfig {
    let mut cfg = ClientConfig::new();
    for (k, v) in extra {
        cfg.set(*k, *v);
    }
    for (k, v) in settings.client_properties() {
        cfg.set(k, v);
    }
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

/// Creates a client of type `T`, turning librdkafka's config errors into a usage error
/// that never echoes a secret value.
pub fn create<T, C>(cfg: &ClientConfig, context: C) -> anyhow::Result<T>
where
    C: ClientContext,
    T: FromClientConfigAndContext<C>,
{
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

/// Runs a blocking librdkafka call (metadata, watermarks, offsets) on the blocking pool,
/// bounded by the settings' timeout and cut short by fatal connection errors. Failures
/// become a one-line [`exit::CONNECTION`] error naming the brokers and the cause.
///
/// `serve` polls the client's main queue, where librdkafka delivers its log and error
/// events; it runs on a second blocking thread while `call` waits.
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
    let done = Arc::new(AtomicBool::new(false));
    let serving = {
        let done = Arc::clone(&done);
        tokio::task::spawn_blocking(move || {
            while !done.load(Ordering::Acquire) {
                serve(Duration::from_millis(50));
            }
        })
    };
    let task = tokio::task::spawn_blocking(move || call(timeout));
    // librdkafka may overrun its own timeout against a dead cluster (rust-rdkafka #762).
    let grace = timeout + Duration::from_millis(500);
    let result = tokio::select! {
        joined = task => match joined {
            Ok(Ok(value)) => Ok(value),
            Ok(Err(err)) => Err(connection_error(settings, diag, Some(&err))),
            Err(join) => Err(anyhow::Error::new(join).context("metadata request failed")),
        },
        () = diag.fatal() => Err(connection_error(settings, diag, None)),
        () = tokio::time::sleep(grace) => Err(connection_error(settings, diag, None)),
    };
    done.store(true, Ordering::Release);
    if result.is_ok() {
        let _ = serving.await;
    }
    result
}

/// What went wrong, in words, from librdkafka's recent messages.
pub fn classify(messages: &[String], err: Option<&KafkaError>) -> (String, &'static str) {
    let text = messages.join("\n").to_ascii_lowercase()
        + &err
            .map(|e| e.to_string().to_ascii_lowercase())
            .unwrap_or_default();
    let has = |needle: &str| text.contains(needle);
    if has("authentication") || has("sasl") && has("fail") {
        (
            "authentication failed".into(),
            "check the SASL mechanism, username and password (profile `sasl`, KPIPE_SASL_* or -X sasl.*)",
        )
    } else if has("ssl") || has("certificate") || has("tls") {
        (
            "TLS handshake failed".into(),
            "check the CA and certificates (profile `tls`) and that the listener speaks TLS",
        )
    } else if has("resolve") || has("name or service not known") || has("nodename nor servname") {
        (
            "cannot resolve the broker host name".into(),
            "check the host names in --brokers, KPIPE_BROKERS or the profile",
        )
    } else if has("connection refused") {
        (
            "connection refused".into(),
            "is a broker listening there? Check --brokers; `kpipe local` starts a broker for trying things",
        )
    } else if has("apiversion") || has("disconnected") {
        (
            "the broker closed the connection during the handshake".into(),
            "the listener may expect TLS or SASL: set security.protocol (profile `tls`/`sasl`)",
        )
    } else {
        (
            "no answer".into(),
            "check --brokers and that the network path is open; raise --timeout for slow links",
        )
    }
}

fn connection_error(
    settings: &Settings,
    diag: &Diagnostics,
    err: Option<&KafkaError>,
) -> anyhow::Error {
    let (cause, hint) = classify(&diag.recent(), err);
    let cause = if cause == "no answer" {
        format!(
            "no answer within {}",
            humantime::format_duration(settings.timeout.value)
        )
    } else {
        cause
    };
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
    fn classifies_common_causes() {
        let cases = [
            ("127.0.0.1:1/bootstrap: Connect to ipv4#127.0.0.1:1 failed: Connection refused (after 0ms in state CONNECT)", "connection refused"),
            ("Failed to resolve 'nohost.invalid:9092': Name or service not known", "cannot resolve the broker host name"),
            ("SASL authentication error: Authentication failed: Invalid username or password", "authentication failed"),
            ("SSL handshake failed: error:0A00010B:SSL routines::wrong version number", "TLS handshake failed"),
            ("Disconnected while requesting ApiVersion: might be caused by incorrect security.protocol", "the broker closed the connection during the handshake"),
            ("", "no answer"),
        ];
        for (msg, want) in cases {
            assert_eq!(classify(&[msg.to_string()], None).0, want, "{msg}");
        }
    }
}
