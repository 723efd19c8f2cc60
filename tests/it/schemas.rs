//! `kpipe schemas` against the fake registry: subjects, versions, schemas by id and
//! version, the help examples, errors and exit codes, and secrets kept out of output.

use serde_json::{json, Value};

use crate::registry::{FakeRegistry, TlsFiles};
use crate::util::{assert_code, kpipe, stderr, stdout};

const USER: &str = r#"{"type":"record","name":"User","fields":[{"name":"id","type":"long"}]}"#;

fn registry() -> FakeRegistry {
    let reg = FakeRegistry::start();
    reg.register("orders-value", USER, "AVRO");
    reg.register("orders-value", r#"{"type":"record","name":"User","fields":[{"name":"id","type":"long"},{"name":"x","type":"int","default":0}]}"#, "AVRO");
    reg.register(
        "ping-value",
        "syntax = \"proto3\";\nmessage Ping {}\n",
        "PROTOBUF",
    );
    reg
}

fn run(reg: &FakeRegistry, args: &[&str]) -> std::process::Output {
    kpipe()
        .args(["--schema-registry", &reg.url(), "schemas"])
        .args(args)
        .output()
        .unwrap()
}

#[test]
fn lists_subjects_and_versions() {
    let reg = registry();
    let out = run(&reg, &["subjects"]);
    assert_code(&out, 0);
    let lines: Vec<String> = stdout(&out).lines().map(|l| l.trim().to_string()).collect();
    assert_eq!(lines, ["SUBJECT", "orders-value", "ping-value"]);
    let out = run(&reg, &["subjects", "--output", "json"]);
    let subjects: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(subjects, json!(["orders-value", "ping-value"]));
    let out = run(&reg, &["versions", "orders-value", "--output", "json"]);
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        json!([1, 2])
    );
}

#[test]
fn prints_schemas_by_id_and_version() {
    let reg = registry();
    let out = run(&reg, &["get", "--id", "1"]);
    assert_code(&out, 0);
    let shown: Value = serde_json::from_str(&stdout(&out)).unwrap();
    assert_eq!(shown, serde_json::from_str::<Value>(USER).unwrap());
    assert!(
        stdout(&out).contains("\n  \"type\""),
        "pretty-printed: {}",
        stdout(&out)
    );

    let out = run(
        &reg,
        &["get", "orders-value", "--version", "1", "--output", "json"],
    );
    assert_code(&out, 0);
    let rec: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(rec["id"], 1);
    assert_eq!(rec["version"], 1);
    assert_eq!(rec["subject"], "orders-value");
    assert_eq!(rec["schemaType"], "AVRO");

    let out = run(&reg, &["get", "ping-value"]);
    assert_code(&out, 0);
    assert_eq!(stdout(&out), "syntax = \"proto3\";\nmessage Ping {}\n");
}

#[test]
fn help_examples_run() {
    let reg = registry();
    reg.register("orders-value", USER, "AVRO");
    let examples = [
        vec!["subjects"],
        vec!["subjects", "--output", "json"],
        vec!["versions", "orders-value"],
        vec!["versions", "orders-value", "--output", "json"],
        vec!["get", "--id", "1"],
        vec!["get", "orders-value"],
        vec!["get", "orders-value", "--version", "2", "--output", "json"],
    ];
    for args in examples {
        let out = run(&reg, &args);
        assert_code(&out, 0);
    }
}

#[test]
fn errors_and_exit_codes() {
    let reg = registry();
    let out = run(&reg, &["get", "--id", "77"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("schema id 77") && stderr(&out).contains("40403"),
        "{}",
        stderr(&out)
    );
    let out = run(&reg, &["versions", "nope"]);
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("Subject 'nope' not found"),
        "{}",
        stderr(&out)
    );
    let out = run(&reg, &["get", "orders-value", "--version", "9"]);
    assert_code(&out, 2);
    let out = run(&reg, &["get", "orders-value", "--version", "x"]);
    assert_code(&out, 2);

    // No registry configured: a usage error with a hint.
    let out = kpipe().args(["schemas", "subjects"]).output().unwrap();
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("--schema-registry"),
        "{}",
        stderr(&out)
    );

    // Nothing listening: a connection error.
    let out = kpipe()
        .args([
            "--schema-registry",
            "http://127.0.0.1:1",
            "schemas",
            "subjects",
        ])
        .output()
        .unwrap();
    assert_code(&out, 3);
    assert!(stderr(&out).contains("unreachable"), "{}", stderr(&out));
}

#[test]
fn credentials_are_used_and_never_printed() {
    let reg = registry();
    // "ops:hunter2" in base64.
    reg.require_auth("Basic b3BzOmh1bnRlcjI=");
    let with_secret = reg.url().replace("http://", "http://ops:hunter2@");
    let out = kpipe()
        .args([
            "-v",
            "--schema-registry",
            &with_secret,
            "schemas",
            "subjects",
        ])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert!(!stderr(&out).contains("hunter2"), "{}", stderr(&out));
    assert!(
        stderr(&out).contains(&reg.url()),
        "-v names the registry: {}",
        stderr(&out)
    );

    let wrong = reg.url().replace("http://", "http://ops:wrongpass@");
    let out = kpipe()
        .env("KPIPE_SCHEMA_REGISTRY", &wrong)
        .args(["-v", "schemas", "get", "--id", "1"])
        .output()
        .unwrap();
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(err.contains("refused the credentials (HTTP 401)"), "{err}");
    assert!(
        !err.contains("wrongpass") && !stdout(&out).contains("wrongpass"),
        "{err}"
    );

    // config show hides URL credentials too.
    let out = kpipe()
        .env("KPIPE_SCHEMA_REGISTRY", &wrong)
        .args(["config", "show"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert!(!stdout(&out).contains("wrongpass"), "{}", stdout(&out));
}

#[test]
fn credentials_from_the_environment() {
    let reg = registry();
    // "ops:env-pass-42" in base64.
    reg.require_auth("Basic b3BzOmVudi1wYXNzLTQy");
    let with_env = |vars: &[(&str, &str)], args: &[&str]| {
        let mut cmd = kpipe();
        cmd.env("KPIPE_SCHEMA_REGISTRY", reg.url());
        for (k, v) in vars {
            cmd.env(k, v);
        }
        cmd.args(args).output().unwrap()
    };
    let basic = [
        ("KPIPE_SCHEMA_REGISTRY_USERNAME", "ops"),
        ("KPIPE_SCHEMA_REGISTRY_PASSWORD", "env-pass-42"),
    ];
    let out = with_env(&basic, &["-vvv", "schemas", "subjects", "--output", "json"]);
    assert_code(&out, 0);
    assert_eq!(
        serde_json::from_slice::<Value>(&out.stdout).unwrap(),
        json!(["orders-value", "ping-value"])
    );
    assert!(!stderr(&out).contains("env-pass-42"), "{}", stderr(&out));

    // config show: values redacted, sources named.
    let out = with_env(&basic, &["config", "show", "--output", "json"]);
    assert_code(&out, 0);
    let shown: Value = serde_json::from_slice(&out.stdout).unwrap();
    let row = |key: &str| {
        shown["settings"]
            .as_array()
            .unwrap()
            .iter()
            .find(|r| r["key"] == key)
            .cloned()
            .unwrap_or_else(|| panic!("no {key} in {shown}"))
    };
    assert_eq!(
        row("schema-registry.password"),
        json!({"key": "schema-registry.password", "value": "********",
               "source": "env KPIPE_SCHEMA_REGISTRY_PASSWORD"})
    );
    assert_eq!(row("schema-registry.username")["value"], "ops");
    assert!(!stdout(&out).contains("env-pass-42"));

    // A wrong password: exit 3, the secret nowhere, even with -vvv.
    let out = with_env(
        &[
            ("KPIPE_SCHEMA_REGISTRY_USERNAME", "ops"),
            ("KPIPE_SCHEMA_REGISTRY_PASSWORD", "wrong-pass-77"),
        ],
        &["-vvv", "schemas", "get", "--id", "1"],
    );
    assert_code(&out, 3);
    assert!(
        stderr(&out).contains("refused the credentials (HTTP 401)"),
        "{}",
        stderr(&out)
    );
    assert!(!stderr(&out).contains("wrong-pass-77") && !stdout(&out).contains("wrong-pass-77"));

    // A bearer token.
    reg.require_auth("Bearer tok-env-9");
    let out = with_env(
        &[("KPIPE_SCHEMA_REGISTRY_TOKEN", "tok-env-9")],
        &["-vvv", "schemas", "versions", "orders-value"],
    );
    assert_code(&out, 0);
    assert!(!stderr(&out).contains("tok-env-9"), "{}", stderr(&out));
    let out = with_env(
        &[("KPIPE_SCHEMA_REGISTRY_TOKEN", "tok-env-9")],
        &["config", "show"],
    );
    assert_code(&out, 0);
    assert!(!stdout(&out).contains("tok-env-9"), "{}", stdout(&out));
    assert!(
        stdout(&out).contains("env KPIPE_SCHEMA_REGISTRY_TOKEN"),
        "{}",
        stdout(&out)
    );

    // Both kinds at once is a usage error that names the variables, not the values.
    let out = with_env(
        &[
            ("KPIPE_SCHEMA_REGISTRY_TOKEN", "tok-env-9"),
            ("KPIPE_SCHEMA_REGISTRY_USERNAME", "ops"),
        ],
        &["schemas", "subjects"],
    );
    assert_code(&out, 2);
    assert!(!stderr(&out).contains("tok-env-9"), "{}", stderr(&out));
}

#[test]
fn profile_credentials_with_an_environment_override() {
    let reg = registry();
    reg.require_auth("Bearer from-env-1");
    let dir = tempfile::tempdir().unwrap();
    let config = dir.path().join("config.toml");
    std::fs::write(
        &config,
        format!(
            "[profiles.sr]\nschema-registry = {{ url = \"{}\", username = \"ops\", password = \"profile-pass-3\" }}\n",
            reg.url()
        ),
    )
    .unwrap();
    let config = config.to_str().unwrap();
    // The profile's basic credentials are refused ...
    let out = kpipe()
        .args(["--config", config, "--profile", "sr", "schemas", "subjects"])
        .output()
        .unwrap();
    assert_code(&out, 3);
    assert!(!stderr(&out).contains("profile-pass-3"), "{}", stderr(&out));
    // ... and the environment's bearer token replaces them.
    let out = kpipe()
        .env("KPIPE_SCHEMA_REGISTRY_TOKEN", "from-env-1")
        .args(["--config", config, "--profile", "sr", "schemas", "subjects"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let out = kpipe()
        .env("KPIPE_SCHEMA_REGISTRY_TOKEN", "from-env-1")
        .args(["--config", config, "--profile", "sr", "config", "show"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let shown = stdout(&out);
    assert!(
        !shown.contains("from-env-1") && !shown.contains("profile-pass-3"),
        "{shown}"
    );
    assert!(!shown.contains("schema-registry.password"), "{shown}");
}

#[test]
fn https_with_a_custom_ca_and_a_client_certificate() {
    let files = TlsFiles::generate();
    let reg = FakeRegistry::start_tls(&files);
    reg.register("orders-value", USER, "AVRO");
    assert!(reg.url().starts_with("https://"));
    let path = |p: &std::path::Path| p.to_str().unwrap().to_string();
    let run_tls = |ca: Option<&str>, cert: Option<(&str, &str)>| {
        let mut cmd = kpipe();
        cmd.env("KPIPE_SCHEMA_REGISTRY", reg.url());
        if let Some(ca) = ca {
            cmd.env("KPIPE_SCHEMA_REGISTRY_CA", ca);
        }
        if let Some((cert, key)) = cert {
            cmd.env("KPIPE_SCHEMA_REGISTRY_CERT", cert)
                .env("KPIPE_SCHEMA_REGISTRY_KEY", key);
        }
        cmd.args(["schemas", "get", "orders-value", "--output", "json"])
            .output()
            .unwrap()
    };
    let (ca, other_ca) = (path(&files.ca), path(&files.other_ca));
    let (cert, key) = (path(&files.client_cert), path(&files.client_key));

    // The right CA and a client certificate: the schema comes back.
    let out = run_tls(Some(&ca), Some((&cert, &key)));
    assert_code(&out, 0);
    let got: Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(got["subject"], "orders-value", "{got}");
    assert_eq!(reg.count("GET /subjects/orders-value/versions/latest"), 1);

    // A CA that did not sign the server's certificate, or the system's CAs: a
    // connection error that says the certificate is not trusted.
    for ca in [Some(other_ca.as_str()), None] {
        let out = run_tls(ca, Some((&cert, &key)));
        assert_code(&out, 3);
        let err = stderr(&out);
        assert!(err.contains(&reg.url()), "{err}");
        assert!(err.contains("certificate"), "{err}");
        assert!(err.contains("KPIPE_SCHEMA_REGISTRY_CA"), "hint: {err}");
        assert_eq!(
            err.trim_end().lines().count(),
            2,
            "one line and a hint: {err}"
        );
    }

    // No client certificate: the server refuses the handshake.
    let out = run_tls(Some(&ca), None);
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(err.contains(&reg.url()), "{err}");
    // The server's alert arrives, or (TLS 1.3: the client is done with the handshake
    // before the server checks) the connection is dropped; both are named.
    assert!(
        err.contains("TLS handshake failed")
            && (err.contains("alert certificate required")
                || err.contains("no client certificate was configured")),
        "{err}"
    );
    assert!(err.contains("KPIPE_SCHEMA_REGISTRY_CERT"), "hint: {err}");
    assert!(
        reg.requests()
            .iter()
            .any(|r| r.starts_with("TLS handshake failed")),
        "{:?}",
        reg.requests()
    );
    // Only the successful run got through to a request.
    assert_eq!(
        reg.requests()
            .iter()
            .filter(|r| r.starts_with("GET"))
            .count(),
        1
    );

    // A client key that is not a key: a usage error naming the file, not its content.
    let out = run_tls(Some(&ca), Some((&cert, &cert)));
    assert_code(&out, 2);
    assert!(stderr(&out).contains("client key"), "{}", stderr(&out));
    assert!(!stderr(&out).contains("BEGIN"), "{}", stderr(&out));
}
