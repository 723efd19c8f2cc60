//! kpipe against a secured cluster: SASL_SSL with SCRAM-SHA-512 and PLAIN, OAUTHBEARER
//! (token file, token command, unsigned development tokens), TLS verification, ACLs,
//! and no secret in any output.
//!
//! The cluster is `scripts/kafka up --security`, started by `scripts/test`, which exports
//! `KPIPE_TEST_SECURE_ENV` (its `security/test.env`). Without it these tests skip
//! locally and fail under CI, like the other real-broker tests. The harness's PLAINTEXT
//! port is a super-user door used here only to set up topics, never by kpipe.

use std::collections::HashMap;
use std::os::unix::fs::PermissionsExt;
use std::path::{Path, PathBuf};
use std::process::Output;

use base64::Engine;

use crate::util::{assert_code, create_topic, kpipe, stderr, stdout, unique};

/// The secured cluster's settings (see `scripts/kafka`'s header).
pub struct Secure {
    pub sasl_ssl: String,
    pub sasl_plaintext: String,
    pub badname: String,
    pub admin: String,
    pub ca: String,
    pub other_ca: String,
    pub user: String,
    pub password: String,
    /// Topics and groups starting with this are granted to the user.
    pub prefix: String,
}

/// The secured cluster, or `None` (skip) locally; panics under CI.
pub fn secure() -> Option<Secure> {
    let Some(path) = std::env::var_os("KPIPE_TEST_SECURE_ENV").filter(|p| !p.is_empty()) else {
        assert!(
            std::env::var_os("CI").is_none(),
            "KPIPE_TEST_SECURE_ENV is not set but CI is: the secured Kafka cluster did not start"
        );
        eprintln!("skipping: KPIPE_TEST_SECURE_ENV is not set (run scripts/test)");
        return None;
    };
    let text = std::fs::read_to_string(&path).expect("reading KPIPE_TEST_SECURE_ENV");
    let env: HashMap<&str, &str> = text.lines().filter_map(|l| l.split_once('=')).collect();
    let get = |k: &str| {
        env.get(k)
            .unwrap_or_else(|| panic!("{k} missing in {}", Path::new(&path).display()))
            .to_string()
    };
    Some(Secure {
        sasl_ssl: get("SECURE_SASL_SSL"),
        sasl_plaintext: get("SECURE_SASL_PLAINTEXT"),
        badname: get("SECURE_BADNAME"),
        admin: get("SECURE_ADMIN"),
        ca: get("SECURE_CA"),
        other_ca: get("SECURE_OTHER_CA"),
        user: get("SECURE_USER"),
        password: get("SECURE_PASSWORD"),
        prefix: get("SECURE_PREFIX"),
    })
}

macro_rules! require_secure {
    () => {
        match secure() {
            Some(s) => s,
            None => return,
        }
    };
}

/// A private (0600) config file with the given TOML; the directory lives as long as
/// the returned guard.
pub fn config_file(toml: &str) -> (tempfile::TempDir, PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("config.toml");
    std::fs::write(&path, toml).unwrap();
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    (dir, path)
}

/// A profile `p` on the SASL_SSL listener with `mechanism`, the password and the CA.
fn scram_profile(s: &Secure, mechanism: &str, password: &str, ca: &str, brokers: &str) -> String {
    format!(
        "[profiles.p]\nbrokers = \"{brokers}\"\n\
         sasl = {{ mechanism = \"{mechanism}\", username = \"{}\", password = \"{password}\" }}\n\
         tls = {{ ca = \"{ca}\" }}\n",
        s.user
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

/// Every byte a run printed.
pub fn all_output(out: &Output) -> String {
    format!("{}{}", stdout(out), stderr(out))
}

/// An unsigned JWT (`alg: none`) for Kafka's development validator.
pub fn unsigned_jwt(sub: &str, lifetime_s: i64) -> String {
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64;
    let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
    let claims = serde_json::json!({"sub": sub, "iat": now, "exp": now + lifetime_s});
    format!(
        "{}.{}.",
        b64.encode(r#"{"alg":"none"}"#),
        b64.encode(claims.to_string())
    )
}

#[test]
fn scram_over_tls_with_a_profile_works() {
    let s = require_secure!();
    let granted = unique(&format!("{}scram", s.prefix));
    create_topic(&s.admin, &granted, 2, &[]);
    let (_dir, cfg) = config_file(&scram_profile(
        &s,
        "SCRAM-SHA-512",
        &s.password,
        &s.ca,
        &s.sasl_ssl,
    ));

    let out = run(&cfg, &["config", "check", "--output", "json"]);
    assert_code(&out, 0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(
        v["brokers"][0]["port"].to_string(),
        s.sasl_ssl.rsplit(':').next().unwrap()
    );

    let out = run(&cfg, &["topics", "list"]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains(&granted), "{}", stdout(&out));

    // Creating a topic under the granted prefix goes through the ACL.
    let created = unique(&format!("{}created", s.prefix));
    let out = run(&cfg, &["topics", "create", &created, "--partitions", "1"]);
    assert_code(&out, 0);
    let out = run(&cfg, &["topics", "describe", &created]);
    assert_code(&out, 0);
}

#[test]
fn plain_over_tls_works() {
    let s = require_secure!();
    let (_dir, cfg) = config_file(&scram_profile(&s, "PLAIN", &s.password, &s.ca, &s.sasl_ssl));
    assert_code(&run(&cfg, &["config", "check"]), 0);
    assert_code(&run(&cfg, &["topics", "list"]), 0);
}

#[test]
fn wrong_password_is_an_authentication_failure() {
    let s = require_secure!();
    for mechanism in ["SCRAM-SHA-512", "PLAIN"] {
        let (_dir, cfg) = config_file(&scram_profile(
            &s,
            mechanism,
            "not-the-password",
            &s.ca,
            &s.sasl_ssl,
        ));
        let out = run(&cfg, &["topics", "list"]);
        assert_code(&out, 3);
        let err = stderr(&out);
        assert!(
            err.contains(&format!(
                "authentication failed (SASL {mechanism} as user 'alice')"
            )),
            "{err}"
        );
        assert!(!err.contains("TLS"), "{err}");
        assert_eq!(
            err.lines().filter(|l| l.contains("error:")).count(),
            1,
            "{err}"
        );
    }
}

#[test]
fn unknown_ca_is_a_tls_failure() {
    let s = require_secure!();
    let (_dir, cfg) = config_file(&scram_profile(
        &s,
        "SCRAM-SHA-512",
        &s.password,
        &s.other_ca,
        &s.sasl_ssl,
    ));
    let out = run(&cfg, &["config", "check"]);
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains(
            "TLS handshake failed: the broker's certificate is not signed by a trusted CA"
        ),
        "{err}"
    );
    assert!(
        err.contains(&s.other_ca),
        "the hint names the CA file: {err}"
    );
    assert!(!err.contains("authentication"), "{err}");
}

#[test]
fn certificate_for_another_host_is_a_tls_hostname_failure() {
    let s = require_secure!();
    let (_dir, cfg) = config_file(&scram_profile(
        &s,
        "SCRAM-SHA-512",
        &s.password,
        &s.ca,
        &s.badname,
    ));
    let out = run(&cfg, &["config", "check"]);
    assert_code(&out, 3);
    let err = stderr(&out);
    let host = s.badname.rsplit_once(':').unwrap().0;
    assert!(
        err.contains(&format!(
            "TLS handshake failed: the broker's certificate does not name the host '{host}'"
        )),
        "{err}"
    );
}

#[test]
fn tls_to_a_plaintext_listener_is_named() {
    let s = require_secure!();
    let (_dir, cfg) = config_file(&scram_profile(
        &s,
        "SCRAM-SHA-512",
        &s.password,
        &s.ca,
        &s.admin,
    ));
    let out = run(&cfg, &["config", "check"]);
    assert_code(&out, 3);
    assert!(
        stderr(&out).contains("the listener does not speak TLS"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn topic_without_acl_is_an_authorization_error() {
    let s = require_secure!();
    let denied = unique("denied-topic");
    create_topic(&s.admin, &denied, 1, &[]);
    let (_dir, cfg) = config_file(&scram_profile(
        &s,
        "SCRAM-SHA-512",
        &s.password,
        &s.ca,
        &s.sasl_ssl,
    ));

    // Authenticated fine, but the topic is invisible to alice...
    let out = run(&cfg, &["topics", "list"]);
    assert_code(&out, 0);
    assert!(!stdout(&out).contains(&denied), "{}", stdout(&out));

    // ...and naming it is an authorization error, not "not found" or "authentication".
    let out = run(&cfg, &["topics", "describe", &denied]);
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains(&format!(
            "not authorized to describe topic '{denied}' (ACL)"
        )),
        "{err}"
    );
    assert!(err.contains("--allow-principal User:alice"), "{err}");
    assert!(!err.contains("authentication failed"), "{err}");

    let other = unique("denied-new");
    let out = run(&cfg, &["topics", "create", &other]);
    assert_code(&out, 3);
    assert!(
        stderr(&out).contains(&format!(
            "cannot create topic '{other}': not authorized (ACL)"
        )),
        "{}",
        stderr(&out)
    );
}

#[test]
fn consume_through_acls_tells_topic_and_group_authorization_apart() {
    let s = require_secure!();
    let granted = unique(&format!("{}consume", s.prefix));
    create_topic(&s.admin, &granted, 1, &[]);
    let denied = unique("denied-consume");
    create_topic(&s.admin, &denied, 1, &[]);
    for t in [&granted, &denied] {
        let out = crate::util::run_with_input(
            crate::util::kcat(&s.admin).args(["-P", "-t", t]),
            b"one\ntwo\n",
        );
        assert_code(&out, 0);
    }
    let (_dir, cfg) = config_file(&scram_profile(
        &s,
        "SCRAM-SHA-512",
        &s.password,
        &s.ca,
        &s.sasl_ssl,
    ));

    // Granted topic, no group (reads partitions directly: no group ACL needed).
    let out = run(&cfg, &["consume", "-t", &granted, "-e"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "one\ntwo\n");
    // Granted topic and group.
    let group = format!("{}group", s.prefix);
    let out = run(&cfg, &["consume", "-t", &granted, "-g", &group, "-e"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "one\ntwo\n");

    // Topic without ACL.
    let out = run(&cfg, &["consume", "-t", &denied, "-e"]);
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains(&format!("not authorized to read topic '{denied}'")),
        "{err}"
    );
    assert!(!err.contains("authentication"), "{err}");

    // Group without ACL.
    let out = run(
        &cfg,
        &["consume", "-t", &granted, "-g", "denied-group", "-e"],
    );
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains("not authorized to use consumer group 'denied-group' (ACL)"),
        "{err}"
    );
    assert!(stdout(&out).is_empty(), "{}", stdout(&out));
}

#[test]
fn oauthbearer_tokens_from_a_file_a_command_and_unsigned() {
    let s = require_secure!();
    let dir = tempfile::tempdir().unwrap();
    let token = dir.path().join("token");
    std::fs::write(&token, unsigned_jwt(&s.user, 600) + "\n").unwrap();
    let expired = dir.path().join("expired");
    std::fs::write(&expired, unsigned_jwt(&s.user, -60)).unwrap();
    let b = &s.sasl_plaintext;
    let profiles = [
        (
            format!("sasl = {{ token-file = \"{}\" }}", token.display()),
            None,
        ),
        (
            format!(
                "sasl = {{ mechanism = \"OAUTHBEARER\", token-command = \"cat '{}'\" }}\nallow-unsafe-properties = true",
                token.display()
            ),
            None,
        ),
        (
            "sasl = { mechanism = \"OAUTHBEARER\" }\nproperties = { \"enable.sasl.oauthbearer.unsecure.jwt\" = true, \"sasl.oauthbearer.config\" = \"principal=alice\" }".to_string(),
            None,
        ),
        (
            format!("sasl = {{ token-file = \"{}\" }}", dir.path().join("missing").display()),
            Some("cannot read the token file"),
        ),
        (
            format!("sasl = {{ token-file = \"{}\" }}", expired.display()),
            Some("has expired"),
        ),
        (
            "sasl = { token-command = \"exit 7\" }\nallow-unsafe-properties = true".to_string(),
            Some("the token command failed"),
        ),
    ];
    for (profile, failure) in profiles {
        let (_d, cfg) = config_file(&format!("[profiles.p]\nbrokers = \"{b}\"\n{profile}\n"));
        let out = run(&cfg, &["topics", "list"]);
        match failure {
            None => assert_code(&out, 0),
            Some(reason) => {
                assert_code(&out, 3);
                let err = stderr(&out);
                assert!(err.contains("no OAUTHBEARER token"), "{profile}: {err}");
                assert!(err.contains(reason), "{profile}: {err}");
            }
        }
        assert!(
            !all_output(&out).contains(&unsigned_jwt(&s.user, 600)[..40]),
            "a token was printed"
        );
    }

    // A token command from a profile without the opt-in is refused before anything runs.
    let marker = dir.path().join("ran");
    let (_d, cfg) = config_file(&format!(
        "[profiles.p]\nbrokers = \"{b}\"\nsasl = {{ token-command = \"touch '{}'\" }}\n",
        marker.display()
    ));
    let out = run(&cfg, &["topics", "list"]);
    assert_code(&out, 2);
    assert!(stderr(&out).contains("token-command"), "{}", stderr(&out));
    assert!(!marker.exists(), "the refused command ran");
}

/// The password (right or wrong) never appears in anything kpipe prints: successful
/// and failing runs, `-vvv` librdkafka debug logs, `config show` in both formats, and
/// credentials from the environment.
#[test]
fn secrets_never_appear_in_any_output() {
    let s = require_secure!();
    let wrong = format!("wrong-{}", s.password);
    let (_d1, good) = config_file(&scram_profile(
        &s,
        "SCRAM-SHA-512",
        &s.password,
        &s.ca,
        &s.sasl_ssl,
    ));
    let (_d2, bad) = config_file(&scram_profile(
        &s,
        "SCRAM-SHA-512",
        &wrong,
        &s.ca,
        &s.sasl_ssl,
    ));
    let (_d3, bad_ca) = config_file(&scram_profile(
        &s,
        "PLAIN",
        &s.password,
        &s.other_ca,
        &s.sasl_ssl,
    ));
    let denied = unique("denied-leak");
    let mut runs: Vec<(String, Output)> = Vec::new();
    for (name, cfg) in [("good", &good), ("bad", &bad), ("bad-ca", &bad_ca)] {
        for args in [
            &["config", "show"][..],
            &["config", "show", "--output", "json"],
            &["config", "check"],
            &["-vvv", "config", "check"],
            &["-vvv", "topics", "list"],
            &["-vvv", "topics", "describe", &denied],
            &["-vv", "topics", "create", &denied],
            &["-vvv", "consume", "-t", &denied, "-e"],
        ] {
            runs.push((format!("{name} {args:?}"), run(cfg, args)));
        }
    }
    // Credentials from the environment and -X: the user's choice, still never echoed.
    let out = kpipe()
        .args(["-vvv", "--timeout", "8s", "-b", &s.sasl_ssl])
        .args(["-X", "security.protocol=SASL_SSL", "-X"])
        .arg(format!("ssl.ca.location={}", s.ca))
        .env("KPIPE_SASL_MECHANISM", "SCRAM-SHA-512")
        .env("KPIPE_SASL_USERNAME", &s.user)
        .env("KPIPE_SASL_PASSWORD", &s.password)
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    runs.push(("env".into(), out));
    let out = kpipe()
        .args(["-b", &s.sasl_ssl, "-X"])
        .arg(format!("sasl.password={wrong}"))
        .args([
            "-X",
            "sasl.mechanism=SCRAM-SHA-512",
            "-X",
            "sasl.username=alice",
        ])
        .args([
            "-X",
            "security.protocol=SASL_SSL",
            "-X",
            "ssl.ca.location=/nonexistent",
        ])
        .args(["config", "show"])
        .output()
        .unwrap();
    runs.push(("-X config show".into(), out));

    // The runs did what they should, so the grep covers real successes and failures.
    assert!(runs.iter().any(|(_, o)| o.status.code() == Some(0)));
    assert!(runs.iter().any(|(_, o)| o.status.code() == Some(3)));
    let debug_lines: usize = runs
        .iter()
        .map(|(_, o)| stderr(o).matches("librdkafka").count())
        .sum();
    assert!(debug_lines > 50, "-vvv showed librdkafka's debug log");
    for (name, out) in &runs {
        let text = all_output(out);
        assert!(
            !text.contains(&s.password),
            "{name} printed the password:\n{text}"
        );
        assert!(
            !text.contains(&wrong),
            "{name} printed the wrong password:\n{text}"
        );
    }
}
