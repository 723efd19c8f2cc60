//! OAUTHBEARER with OIDC (`sasl.oauthbearer.method=oidc`) against the real secured
//! cluster: librdkafka itself asks an HTTPS token endpoint for a token (client
//! credentials grant, through the libcurl that rdkafka's `curl-static` feature builds
//! and links with OpenSSL), then authenticates to the broker with it.
//!
//! Nothing else would notice if that path broke (a libcurl built without TLS, a CA
//! option that no longer reaches curl): kpipe's other OAUTHBEARER tests get their
//! tokens from a file, a command or librdkafka's unsigned-token generator.
//!
//! The token endpoint is [`TokenEndpoint`], in-process like the test Schema Registry
//! (`registry.rs`) and with certificates from the same test CA maker ([`TlsFiles`],
//! the `openssl` command at test time). It hands out unsigned JWTs (`alg: none`),
//! which the secured cluster's OAUTHBEARER listener accepts: it runs Kafka's
//! unsecured-JWT validator (see `scripts/kafka`). Needs `KPIPE_TEST_SECURE_ENV`, like
//! `security.rs`.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::Output;
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};

use base64::Engine;

use crate::registry::TlsFiles;
use crate::security::{all_output, config_file, secure, unsigned_jwt, Secure};
use crate::util::{assert_code, create_topic, kpipe, run_with_input, stderr, stdout, unique};

const CLIENT_ID: &str = "kpipe-it-client";

/// One request the endpoint received, or a connection that brought none.
#[derive(Clone, Debug)]
enum Seen {
    Request {
        method: String,
        path: String,
        authorization: Option<String>,
        content_type: Option<String>,
        body: String,
    },
    /// A failed TLS handshake, or a client that hung up without a request: libcurl
    /// checks the certificate after the handshake and then just closes.
    NoRequest(String),
}

/// An OAuth 2 token endpoint over HTTPS on an ephemeral loopback port. It answers a
/// `POST /token` carrying the client's credentials (HTTP Basic, as librdkafka sends
/// them) and `grant_type=client_credentials` with an unsigned JWT for `sub`; anything
/// else gets 401 `invalid_client`. Stops when dropped.
struct TokenEndpoint {
    port: u16,
    seen: Arc<Mutex<Vec<Seen>>>,
    stop: Arc<AtomicBool>,
}

impl TokenEndpoint {
    fn start(files: &TlsFiles, secret: &str, sub: &str) -> TokenEndpoint {
        let acceptor = Arc::new(files.server_acceptor().build());
        let listener = TcpListener::bind("127.0.0.1:0").expect("bind the token endpoint");
        let port = listener.local_addr().unwrap().port();
        let seen = Arc::new(Mutex::new(Vec::new()));
        let stop = Arc::new(AtomicBool::new(false));
        let expected = format!(
            "Basic {}",
            base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{secret}"))
        );
        let (seen2, stop2, sub) = (seen.clone(), stop.clone(), sub.to_string());
        std::thread::spawn(move || {
            for conn in listener.incoming() {
                if stop2.load(Ordering::SeqCst) {
                    break;
                }
                let Ok(conn) = conn else { continue };
                let (acceptor, seen, expected, sub) = (
                    acceptor.clone(),
                    seen2.clone(),
                    expected.clone(),
                    sub.clone(),
                );
                std::thread::spawn(move || match acceptor.accept(conn) {
                    Ok(stream) => serve(stream, &seen, &expected, &sub),
                    Err(e) => lock(&seen).push(Seen::NoRequest(format!("TLS handshake: {e}"))),
                });
            }
        });
        TokenEndpoint { port, seen, stop }
    }

    fn url(&self) -> String {
        format!("https://127.0.0.1:{}/token", self.port)
    }

    fn seen(&self) -> Vec<Seen> {
        lock(&self.seen).clone()
    }

    /// Why connections brought no request (see [`Seen::NoRequest`]).
    fn no_requests(&self) -> Vec<String> {
        self.seen()
            .into_iter()
            .filter_map(|s| match s {
                Seen::NoRequest(why) => Some(why),
                Seen::Request { .. } => None,
            })
            .collect()
    }

    /// How many HTTP requests arrived (connections without one not counted).
    fn requests(&self) -> usize {
        self.seen()
            .iter()
            .filter(|s| matches!(s, Seen::Request { .. }))
            .count()
    }
}

impl Drop for TokenEndpoint {
    fn drop(&mut self) {
        self.stop.store(true, Ordering::SeqCst);
        // Wake the accept loop so that it sees the flag.
        let _ = TcpStream::connect(("127.0.0.1", self.port));
    }
}

fn lock(seen: &Mutex<Vec<Seen>>) -> std::sync::MutexGuard<'_, Vec<Seen>> {
    seen.lock().unwrap_or_else(|e| e.into_inner())
}

/// Reads one HTTP/1.1 request, records it, answers it and closes the connection.
fn serve(conn: impl Read + Write, seen: &Mutex<Vec<Seen>>, expected: &str, sub: &str) {
    let mut reader = BufReader::new(conn);
    let mut line = String::new();
    if reader.read_line(&mut line).unwrap_or(0) == 0 {
        lock(seen).push(Seen::NoRequest("closed without a request".into()));
        return;
    }
    let mut parts = line.split_whitespace();
    let method = parts.next().unwrap_or_default().to_string();
    let path = parts.next().unwrap_or_default().to_string();
    let (mut authorization, mut content_type, mut length) = (None, None, 0usize);
    loop {
        let mut header = String::new();
        if reader.read_line(&mut header).unwrap_or(0) == 0 {
            return;
        }
        let header = header.trim_end();
        if header.is_empty() {
            break;
        }
        let Some((name, value)) = header.split_once(':') else {
            continue;
        };
        let value = value.trim().to_string();
        match name.to_ascii_lowercase().as_str() {
            "authorization" => authorization = Some(value),
            "content-type" => content_type = Some(value),
            "content-length" => length = value.parse().unwrap_or(0),
            _ => {}
        }
    }
    let mut body = vec![0; length];
    if reader.read_exact(&mut body).is_err() {
        return;
    }
    let body = String::from_utf8_lossy(&body).into_owned();
    let granted = method == "POST"
        && path == "/token"
        && authorization.as_deref() == Some(expected)
        && body
            .split('&')
            .any(|kv| kv == "grant_type=client_credentials");
    lock(seen).push(Seen::Request {
        method,
        path,
        authorization,
        content_type,
        body,
    });
    let (status, answer) = if granted {
        (
            "200 OK",
            serde_json::json!({
                "access_token": unsigned_jwt(sub, 3600),
                "token_type": "bearer",
                "expires_in": 3600,
            }),
        )
    } else {
        (
            "401 Unauthorized",
            serde_json::json!({"error": "invalid_client"}),
        )
    };
    let answer = answer.to_string();
    let mut conn = reader.into_inner();
    let _ = write!(
        conn,
        "HTTP/1.1 {status}\r\nContent-Type: application/json\r\nContent-Length: {}\r\nConnection: close\r\n\r\n{answer}",
        answer.len()
    );
    let _ = conn.flush();
}

/// A profile `p` on the OAUTHBEARER listener getting its tokens with OIDC from
/// `endpoint`; `https_ca` is what `https.ca.location` trusts (none: the system's store).
fn oidc_profile(
    s: &Secure,
    endpoint: &TokenEndpoint,
    secret: &str,
    https_ca: Option<&Path>,
) -> String {
    let ca = https_ca.map_or(String::new(), |p| {
        format!(", \"https.ca.location\" = \"{}\"", p.display())
    });
    format!(
        "[profiles.p]\nbrokers = \"{}\"\nsasl = {{ mechanism = \"OAUTHBEARER\" }}\n\
         properties = {{ \"sasl.oauthbearer.method\" = \"oidc\", \
         \"sasl.oauthbearer.client.id\" = \"{CLIENT_ID}\", \
         \"sasl.oauthbearer.client.secret\" = \"{secret}\", \
         \"sasl.oauthbearer.token.endpoint.url\" = \"{}\"{ca} }}\n",
        s.sasl_plaintext,
        endpoint.url()
    )
}

fn run(config: &Path, args: &[&str]) -> Output {
    kpipe()
        .arg("--config")
        .arg(config)
        .args(["--profile", "p", "--timeout", "8s"])
        .args(args)
        .output()
        .unwrap()
}

/// A client secret unique to this run, so that a leak cannot be a coincidence.
fn client_secret() -> String {
    format!("oidc-secret-{}", unique("s"))
}

/// The secret, and the Basic credentials it travels in, never appear in `out`.
fn assert_no_secret(name: &str, out: &Output, secret: &str) {
    let basic = base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{secret}"));
    let text = all_output(out);
    assert!(
        !text.contains(secret),
        "{name} printed the client secret:\n{text}"
    );
    assert!(
        !text.contains(&basic),
        "{name} printed the Basic credentials:\n{text}"
    );
}

#[test]
fn oidc_token_from_an_https_endpoint_produces_and_consumes() {
    let Some(s) = secure() else { return };
    let files = TlsFiles::generate();
    let secret = client_secret();
    let endpoint = TokenEndpoint::start(&files, &secret, &s.user);
    let topic = unique(&format!("{}oidc", s.prefix));
    create_topic(&s.admin, &topic, 1, &[]);
    let (_dir, cfg) = config_file(&oidc_profile(&s, &endpoint, &secret, Some(&files.ca)));
    let mut outputs = Vec::new();

    let out = run_with_input(
        kpipe().arg("--config").arg(&cfg).args([
            "--profile",
            "p",
            "--timeout",
            "8s",
            "produce",
            "-t",
            &topic,
        ]),
        b"through-oidc\n",
    );
    assert_code(&out, 0);
    let after_produce = endpoint.requests();
    assert!(
        after_produce >= 1,
        "produce asked the endpoint for no token"
    );
    outputs.push(("produce", out));

    // Without a group (partitions read directly) and in a group (the coordinator's
    // connection authenticates too).
    let group = unique(&format!("{}oidc-group", s.prefix));
    for args in [
        &["consume", "-t", &topic, "-e"][..],
        &["consume", "-t", &topic, "-g", &group, "-e"],
    ] {
        let before = endpoint.requests();
        let out = run(&cfg, args);
        assert_code(&out, 0);
        assert_eq!(stdout(&out), "through-oidc\n", "{args:?}");
        assert!(endpoint.requests() > before, "{args:?} fetched no token");
        outputs.push(("consume", out));
    }

    // The same with -X only, no profile, and librdkafka's debug log on.
    let before = endpoint.requests();
    let out = kpipe()
        .args(["-vvv", "--timeout", "8s", "-b", &s.sasl_plaintext])
        .args([
            "-X",
            "security.protocol=SASL_PLAINTEXT",
            "-X",
            "sasl.mechanism=OAUTHBEARER",
            "-X",
            "sasl.oauthbearer.method=oidc",
        ])
        .args(["-X", &format!("sasl.oauthbearer.client.id={CLIENT_ID}")])
        .args(["-X", &format!("sasl.oauthbearer.client.secret={secret}")])
        .args([
            "-X",
            &format!("sasl.oauthbearer.token.endpoint.url={}", endpoint.url()),
        ])
        .args(["-X", &format!("https.ca.location={}", files.ca.display())])
        .args(["consume", "-t", &topic, "-e"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "through-oidc\n");
    assert!(endpoint.requests() > before, "-X run fetched no token");
    assert!(
        stderr(&out).contains("librdkafka"),
        "-vvv shows librdkafka's log"
    );
    outputs.push(("-X -vvv consume", out));

    // Every request was librdkafka's client credentials grant, and every one got a
    // token: nothing was refused, no handshake failed.
    let expected_auth = format!(
        "Basic {}",
        base64::engine::general_purpose::STANDARD.encode(format!("{CLIENT_ID}:{secret}"))
    );
    for seen in endpoint.seen() {
        let Seen::Request {
            method,
            path,
            authorization,
            content_type,
            body,
        } = seen
        else {
            panic!("the endpoint saw {seen:?}");
        };
        assert_eq!((method.as_str(), path.as_str()), ("POST", "/token"));
        assert_eq!(authorization.as_deref(), Some(expected_auth.as_str()));
        assert_eq!(
            content_type.as_deref(),
            Some("application/x-www-form-urlencoded")
        );
        assert_eq!(body, "grant_type=client_credentials");
    }

    // `config show` names the endpoint and the client but not the secret.
    for format in [
        &["config", "show"][..],
        &["config", "show", "--output", "json"],
    ] {
        let out = run(&cfg, format);
        assert_code(&out, 0);
        let text = stdout(&out);
        assert!(text.contains(&endpoint.url()), "{text}");
        assert!(text.contains(CLIENT_ID), "{text}");
        assert!(text.contains("********"), "{text}");
        outputs.push(("config show", out));
    }
    for (name, out) in &outputs {
        assert_no_secret(name, out, &secret);
    }
}

/// An endpoint whose certificate kpipe does not trust (no `https.ca.location`: the
/// system's CA store; or another CA) is one clear line with exit code 3, not a hang, a
/// panic or a hint about token files; the endpoint never sees a request. Wrong client
/// credentials are named as the endpoint's refusal.
#[test]
fn untrusted_or_refusing_oidc_endpoint_is_a_clear_authentication_failure() {
    let Some(s) = secure() else { return };
    let files = TlsFiles::generate();
    let secret = client_secret();
    let endpoint = TokenEndpoint::start(&files, &secret, &s.user);
    let url = endpoint.url();

    for (https_ca, trusted) in [
        (None, "the system's CA store".to_string()),
        (
            Some(files.other_ca.as_path()),
            format!("'{}'", files.other_ca.display()),
        ),
    ] {
        let (_dir, cfg) = config_file(&oidc_profile(&s, &endpoint, &secret, https_ca));
        for args in [
            &["topics", "list"][..],
            &["produce", "-t", "granted-never"],
            &["-vvv", "consume", "-t", "granted-never", "-e"],
        ] {
            let out = run(&cfg, args);
            assert_code(&out, 3);
            let err = stderr(&out);
            assert!(
                err.contains(&format!(
                    "authentication failed: no OAUTHBEARER token: TLS with the OIDC token endpoint '{url}' failed"
                )),
                "{args:?}: {err}"
            );
            assert!(err.contains("certificate"), "{err}");
            assert!(
                err.contains(&format!(
                    "hint: kpipe trusts {trusted} for the token endpoint"
                )),
                "{err}"
            );
            assert!(err.contains("https.ca.location"), "{err}");
            assert!(!err.contains("token-file"), "{err}");
            assert!(!err.contains("panicked"), "{err}");
            assert_eq!(
                err.lines()
                    .filter(|l| l.starts_with("kpipe: error:"))
                    .count(),
                1,
                "{err}"
            );
            assert!(stdout(&out).is_empty(), "{}", stdout(&out));
            assert_no_secret(&format!("{https_ca:?} {args:?}"), &out, &secret);
        }
    }
    assert_eq!(endpoint.requests(), 0, "{:?}", endpoint.seen());
    assert!(
        !endpoint.no_requests().is_empty(),
        "kpipe reached the endpoint, refused its certificate and sent nothing: {:?}",
        endpoint.seen()
    );

    // Trusted, but the wrong secret: the endpoint's 401 is quoted, the secret is not.
    let wrong = client_secret();
    let (_dir, cfg) = config_file(&oidc_profile(&s, &endpoint, &wrong, Some(&files.ca)));
    let out = run(&cfg, &["topics", "list"]);
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "authentication failed: no OAUTHBEARER token from the OIDC token endpoint '{url}': HTTP 401: {{\"error\":\"invalid_client\"}}"
        )),
        "{err}"
    );
    assert!(err.contains("sasl.oauthbearer.client.secret"), "{err}");
    assert_eq!(endpoint.requests(), 1, "{:?}", endpoint.seen());
    assert_no_secret("wrong secret", &out, &wrong);
    assert_no_secret("wrong secret", &out, &secret);
}
