//! The binary's command-line surface: help, version, exit codes for usage errors.

use crate::util::{assert_code, kpipe, stderr, stdout};

#[test]
fn help_lists_commands_and_exit_codes() {
    let out = kpipe().arg("--help").output().unwrap();
    assert_code(&out, 0);
    let text = stdout(&out);
    for needle in [
        "local",
        "config",
        "Exit codes:",
        "3    connection",
        "5    undelivered",
        "130  interrupted",
    ] {
        assert!(text.contains(needle), "--help lacks {needle:?}:\n{text}");
    }
}

#[test]
fn usage_errors_exit_2_with_one_message() {
    let out = kpipe()
        .args(["config", "show", "--bogus"])
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("unexpected argument '--bogus'"),
        "{}",
        stderr(&out)
    );
    assert!(out.stdout.is_empty());
}

#[test]
fn bare_kpipe_is_a_usage_error() {
    let out = kpipe().output().unwrap();
    assert_code(&out, 2);
}

#[test]
fn version_verbose_shows_librdkafka_and_features() {
    let out = kpipe().args(["--version"]).output().unwrap();
    assert_code(&out, 0);
    assert_eq!(
        stdout(&out),
        format!("kpipe {}\n", env!("CARGO_PKG_VERSION"))
    );

    let out = kpipe().args(["--version", "--verbose"]).output().unwrap();
    let text = stdout(&out);
    assert!(text.contains("librdkafka 2."), "{text}");
    for feature in [
        "ssl",
        "sasl_scram",
        "sasl_oauthbearer",
        "zstd",
        "lz4",
        "snappy",
        "gzip",
    ] {
        assert!(text.contains(feature), "feature {feature} missing: {text}");
    }

    let out = kpipe()
        .args(["version", "--output", "json"])
        .output()
        .unwrap();
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(v["kpipe"], env!("CARGO_PKG_VERSION"));
    assert!(v["librdkafka_features"]
        .as_array()
        .unwrap()
        .iter()
        .any(|f| f == "oidc"));
}

#[test]
fn unreachable_brokers_fail_fast_with_connection_code() {
    let started = std::time::Instant::now();
    let out = kpipe()
        .args(["-b", "127.0.0.1:1", "--timeout", "3s", "config", "check"])
        .output()
        .unwrap();
    // Correctness, not speed: the run must end by itself, within its own timeout.
    assert!(started.elapsed() < std::time::Duration::from_secs(6));
    assert_code(&out, 3);
    let err = stderr(&out);
    let lines: Vec<_> = err.lines().collect();
    assert_eq!(lines.len(), 2, "one error line and one hint: {err}");
    assert_eq!(
        lines[0],
        "kpipe: error: cannot connect to Kafka at 127.0.0.1:1: connection refused"
    );
    assert!(lines[1].starts_with("  hint: "), "{err}");
    assert!(out.stdout.is_empty());
}

#[test]
fn unresolvable_broker_names_dns() {
    let out = kpipe()
        .args([
            "-b",
            "no-such-host.invalid:9092",
            "--timeout",
            "3s",
            "config",
            "check",
        ])
        .output()
        .unwrap();
    assert_code(&out, 3);
    assert!(
        stderr(&out).contains("cannot resolve the broker host name"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn silent_port_times_out_within_the_timeout() {
    // A listener that accepts but never answers: librdkafka waits, kpipe gives up in time.
    let listener = std::net::TcpListener::bind("127.0.0.1:0").unwrap();
    let addr = listener.local_addr().unwrap().to_string();
    let out = kpipe()
        .args(["-b", &addr, "--timeout", "1s", "config", "check"])
        .output()
        .unwrap();
    assert_code(&out, 3);
    assert!(stderr(&out).contains("within 1s"), "{}", stderr(&out));
    drop(listener);
}

#[test]
fn bad_client_property_is_a_usage_error_without_the_secret() {
    let out = kpipe()
        .args([
            "-X",
            "acks=maybe",
            "-X",
            "sasl.password=hunter2",
            "-b",
            "127.0.0.1:1",
            "config",
            "check",
        ])
        .output()
        .unwrap();
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains("invalid client property 'acks'"), "{err}");
    assert!(!err.contains("hunter2"), "{err}");

    // A missing CA file is a configuration error, not a connection error.
    let out = kpipe()
        .args([
            "-X",
            "security.protocol=SSL",
            "-X",
            "ssl.ca.location=/nonexistent/ca.pem",
            "config",
            "check",
        ])
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("invalid client configuration"),
        "{}",
        stderr(&out)
    );
}
