//! SASL/OAUTHBEARER tokens that librdkafka asks the application for.
//!
//! librdkafka obtains tokens itself only for OIDC (`sasl.oauthbearer.method=oidc`) and
//! for unsigned development tokens (`enable.sasl.oauthbearer.unsecure.jwt`). A token
//! kept in a file (rotated by another process) or printed by a command (`gcloud auth
//! print-access-token`, a vault CLI) goes through the refresh callback instead:
//! [`crate::kafka::KpipeContext`] (and every other client context) answers librdkafka's
//! refresh event with [`token`]. The source is process-wide, installed by
//! [`crate::kafka::client_config`] from the resolved settings: one kpipe run talks to one
//! cluster with one identity.
//!
//! A token command runs code, so a profile may name one only with
//! `allow-unsafe-properties = true` (see `config.rs`). Tokens are never printed.

use std::error::Error;
use std::io::Read;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::Mutex;
use std::time::{Duration, Instant, SystemTime, UNIX_EPOCH};

use base64::Engine;
use rdkafka::client::OAuthToken;

/// Where OAUTHBEARER tokens come from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum TokenSource {
    /// A file holding the token (re-read at every refresh).
    File(PathBuf),
    /// A shell command printing the token on stdout (run at every refresh).
    Command(String),
}

impl TokenSource {
    /// For `config show` and errors: the file, or the command's program name only (a
    /// command line may carry a credential), never a token.
    pub fn describe(&self) -> String {
        match self {
            TokenSource::File(p) => format!("file {}", p.display()),
            TokenSource::Command(c) => format!(
                "command `{} ...`",
                c.split_whitespace().next().unwrap_or_default()
            ),
        }
    }
}

/// What the refresh callback needs to know.
#[derive(Clone, Debug, Default)]
struct Setup {
    source: Option<TokenSource>,
    /// `enable.sasl.oauthbearer.unsecure.jwt=true`: refreshes make unsigned tokens.
    unsecured: bool,
}

static SETUP: Mutex<Option<Setup>> = Mutex::new(None);

/// Records the token source for this process (idempotent; the last call wins).
pub fn install(source: Option<TokenSource>, unsecured: bool) {
    let mut setup = SETUP.lock().unwrap_or_else(|e| e.into_inner());
    *setup = Some(Setup { source, unsecured });
}

/// Starts every error [`token`] returns, so that the connection error can quote it.
pub const REASON_PREFIX: &str = "kpipe token source: ";

/// How long a command may take to print a token.
const COMMAND_TIMEOUT: Duration = Duration::from_secs(30);
/// Lifetime assumed for a token without an `exp` claim: it is fetched again after 80%.
const DEFAULT_LIFETIME: Duration = Duration::from_secs(15 * 60);

/// A token for librdkafka's refresh callback. `config` is `sasl.oauthbearer.config`.
pub fn token(config: Option<&str>) -> Result<OAuthToken, Box<dyn Error>> {
    get_token(config).map_err(|e| format!("{REASON_PREFIX}{e}").into())
}

fn get_token(config: Option<&str>) -> Result<OAuthToken, Box<dyn Error>> {
    let setup = SETUP
        .lock()
        .unwrap_or_else(|e| e.into_inner())
        .clone()
        .unwrap_or_default();
    match setup.source {
        Some(source) => {
            let raw = match &source {
                TokenSource::File(path) => std::fs::read_to_string(path)
                    .map_err(|e| format!("cannot read the token file '{}': {e}", path.display()))?,
                TokenSource::Command(cmd) => run_command(cmd)?,
            };
            from_jwt(raw.trim(), &source)
        }
        None if setup.unsecured => Ok(unsecured(config.unwrap_or(""), now_ms())),
        None => Err(
            "no OAUTHBEARER token source: set `token-file` or `token-command` in the \
                     profile's `sasl`, or use -X sasl.oauthbearer.method=oidc"
                .into(),
        ),
    }
}

fn now_ms() -> i64 {
    SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_millis() as i64)
}

/// Runs `cmd` with `sh -c`; its trimmed stdout is the token. stderr passes through.
fn run_command(cmd: &str) -> Result<String, Box<dyn Error>> {
    let mut child = Command::new("sh")
        .arg("-c")
        .arg(cmd)
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .map_err(|e| format!("cannot run the token command: {e}"))?;
    let mut stdout = child.stdout.take().ok_or("token command: no stdout")?;
    let reader = std::thread::spawn(move || {
        let mut out = String::new();
        stdout.read_to_string(&mut out).map(|_| out)
    });
    let deadline = Instant::now() + COMMAND_TIMEOUT;
    let status = loop {
        if let Some(status) = child.try_wait()? {
            break status;
        }
        if Instant::now() >= deadline {
            let _ = child.kill();
            let _ = child.wait();
            return Err(format!(
                "the token command did not finish within {}s",
                COMMAND_TIMEOUT.as_secs()
            )
            .into());
        }
        std::thread::sleep(Duration::from_millis(20));
    };
    let out = reader
        .join()
        .map_err(|_| "token command: reader panicked")?
        .map_err(|e| format!("token command: {e}"))?;
    if !status.success() {
        return Err(format!("the token command failed ({status})").into());
    }
    if out.trim().is_empty() {
        return Err("the token command printed no token".into());
    }
    Ok(out)
}

/// The claims librdkafka needs from a JWT: `sub` (principal) and `exp` (seconds).
fn claims(token: &str) -> (Option<String>, Option<i64>) {
    let Some(payload) = token.split('.').nth(1) else {
        return (None, None);
    };
    let Ok(bytes) =
        base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload.trim_end_matches('='))
    else {
        return (None, None);
    };
    let Ok(json) = serde_json::from_slice::<serde_json::Value>(&bytes) else {
        return (None, None);
    };
    (
        json["sub"].as_str().map(str::to_string),
        json["exp"]
            .as_i64()
            .or_else(|| json["exp"].as_f64().map(|f| f as i64)),
    )
}

/// Wraps a token read from `source`. Opaque (non-JWT) tokens are accepted with an
/// assumed lifetime; an expired JWT is refused here, with a clear reason.
fn from_jwt(token: &str, source: &TokenSource) -> Result<OAuthToken, Box<dyn Error>> {
    if token.is_empty() {
        return Err(format!("the token {} is empty", source.describe()).into());
    }
    let (sub, exp) = claims(token);
    let now = now_ms();
    let lifetime_ms = match exp {
        Some(exp) if exp * 1000 <= now => {
            return Err(format!("the token from {} has expired", source.describe()).into())
        }
        Some(exp) => exp * 1000,
        None => now + DEFAULT_LIFETIME.as_millis() as i64,
    };
    Ok(OAuthToken {
        token: token.to_string(),
        principal_name: sub.unwrap_or_else(|| "unknown".into()),
        lifetime_ms,
    })
}

/// An unsigned JWS (`alg: none`) as librdkafka's builtin development refresher makes
/// it, from `principal=...`, `lifeSeconds=...` and `scope=...` in `config`.
fn unsecured(config: &str, now_ms: i64) -> OAuthToken {
    let mut principal = "unknown".to_string();
    let mut life: i64 = 3600;
    let mut scope: Option<Vec<String>> = None;
    for pair in config.split_whitespace() {
        match pair.split_once('=') {
            Some(("principal", v)) => principal = v.to_string(),
            Some(("lifeSeconds", v)) => life = v.parse().unwrap_or(3600),
            Some(("scope", v)) => scope = Some(v.split(',').map(str::to_string).collect()),
            _ => {}
        }
    }
    let iat = now_ms / 1000;
    let mut claims = serde_json::json!({"sub": principal, "iat": iat, "exp": iat + life});
    if let Some(scope) = scope {
        claims["scope"] = serde_json::json!(scope);
    }
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let token = format!(
        "{}.{}.",
        b64.encode(br#"{"alg":"none"}"#),
        b64.encode(claims.to_string())
    );
    OAuthToken {
        token,
        principal_name: principal,
        lifetime_ms: (iat + life) * 1000,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn jwt(claims: &str) -> String {
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        format!(
            "{}.{}.sig",
            b64.encode(r#"{"alg":"RS256"}"#),
            b64.encode(claims)
        )
    }

    #[test]
    fn jwt_claims_give_principal_and_lifetime() {
        let exp = now_ms() / 1000 + 600;
        let t = jwt(&format!(r#"{{"sub":"alice","exp":{exp}}}"#));
        let src = TokenSource::File("/t".into());
        let tok = from_jwt(&t, &src).unwrap();
        assert_eq!(tok.principal_name, "alice");
        assert_eq!(tok.lifetime_ms, exp * 1000);
        assert_eq!(tok.token, t);
    }

    #[test]
    fn expired_and_empty_tokens_are_refused_without_echoing_them() {
        let t = jwt(r#"{"sub":"alice","exp":1000}"#);
        let err = from_jwt(&t, &TokenSource::File("/t".into()))
            .err()
            .unwrap()
            .to_string();
        assert!(err.contains("expired"), "{err}");
        assert!(!err.contains(&t));
        assert!(from_jwt("", &TokenSource::File("/t".into())).is_err());
    }

    #[test]
    fn opaque_tokens_get_a_default_lifetime() {
        let tok = from_jwt("opaque-token", &TokenSource::Command("x".into())).unwrap();
        assert_eq!(tok.principal_name, "unknown");
        assert!(tok.lifetime_ms > now_ms());
    }

    #[test]
    fn unsecured_tokens_carry_the_configured_principal() {
        let tok = unsecured("principal=bob lifeSeconds=60", 1_000_000);
        assert_eq!(tok.principal_name, "bob");
        assert_eq!(tok.lifetime_ms, 1_060_000);
        let (sub, exp) = claims(&tok.token);
        assert_eq!(sub.as_deref(), Some("bob"));
        assert_eq!(exp, Some(1060));
        assert!(tok.token.ends_with('.'));
    }

    #[test]
    fn commands_print_tokens_and_failures_are_reported() {
        assert_eq!(run_command("echo tok").unwrap().trim(), "tok");
        let err = run_command("exit 3").err().unwrap().to_string();
        assert!(err.contains("failed"), "{err}");
        let err = run_command("true").err().unwrap().to_string();
        assert!(err.contains("no token"), "{err}");
    }
}
