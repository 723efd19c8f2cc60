//! Config layering: profile < env < flag, `--no-config`, bad files, redaction.

use std::path::Path;

use crate::util::{assert_code, kpipe, stderr, stdout};

const FILE: &str = r#"
default-profile = "dev"

[profiles.dev]
brokers = "dev1:9092"
properties = { "client.id" = "kpipe-dev" }

[profiles.prod]
brokers = ["p1:9093", "p2:9093"]
schema-registry = { url = "https://sr:8081", username = "ops", password = "sr-secret-1" }
sasl = { mechanism = "SCRAM-SHA-512", username = "ops", password = "sasl-secret-2" }
tls = { ca = "/etc/ca.pem" }
properties = { "ssl.key.password" = "key-secret-3", "linger.ms" = 20 }
"#;

fn write_config(dir: &Path, text: &str) -> std::path::PathBuf {
    let path = dir.join("config.toml");
    std::fs::write(&path, text).unwrap();
    path
}

fn show_json(cmd: &mut std::process::Command) -> serde_json::Value {
    let out = cmd
        .args(["config", "show", "--output", "json"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    serde_json::from_slice(&out.stdout).unwrap()
}

fn setting<'a>(v: &'a serde_json::Value, key: &str) -> (&'a str, &'a str) {
    let s = v["settings"]
        .as_array()
        .unwrap()
        .iter()
        .find(|s| s["key"] == key)
        .unwrap_or_else(|| panic!("no setting {key} in {v}"));
    (
        s["value"].as_str().unwrap(),
        s["source"].as_str().unwrap_or(""),
    )
}

#[test]
fn default_config_location_and_default_profile() {
    let home = tempfile::tempdir().unwrap();
    let dir = home.path().join(".config/kpipe");
    std::fs::create_dir_all(&dir).unwrap();
    write_config(&dir, FILE);
    let v = show_json(
        kpipe()
            .env("HOME", home.path())
            .env_remove("XDG_CONFIG_HOME"),
    );
    assert_eq!(setting(&v, "brokers"), ("dev1:9092", "profile 'dev'"));
    assert_eq!(setting(&v, "client.id"), ("kpipe-dev", "profile 'dev'"));
}

#[test]
fn xdg_config_home_is_honoured() {
    let xdg = tempfile::tempdir().unwrap();
    std::fs::create_dir_all(xdg.path().join("kpipe")).unwrap();
    write_config(&xdg.path().join("kpipe"), FILE);
    let v = show_json(kpipe().env("XDG_CONFIG_HOME", xdg.path()));
    assert_eq!(setting(&v, "profile").0, "dev");
}

#[test]
fn profile_then_env_then_flag() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), FILE);
    let cfg = path.to_str().unwrap();

    let v = show_json(kpipe().args(["--config", cfg, "--profile", "prod"]));
    assert_eq!(
        setting(&v, "brokers"),
        ("p1:9093,p2:9093", "profile 'prod'")
    );
    assert_eq!(setting(&v, "security.protocol").0, "SASL_SSL");

    let v = show_json(
        kpipe()
            .env("KPIPE_CONFIG", cfg)
            .env("KPIPE_PROFILE", "prod")
            .env("KPIPE_BROKERS", "env:1"),
    );
    assert_eq!(setting(&v, "brokers"), ("env:1", "env KPIPE_BROKERS"));
    assert_eq!(setting(&v, "profile").0, "prod");

    let v = show_json(
        kpipe()
            .env("KPIPE_CONFIG", cfg)
            .env("KPIPE_PROFILE", "prod")
            .env("KPIPE_BROKERS", "env:1")
            .env("KPIPE_SASL_USERNAME", "env-user")
            .args(["-b", "flag:1", "-X", "linger.ms=1"]),
    );
    assert_eq!(setting(&v, "brokers"), ("flag:1", "flag"));
    assert_eq!(setting(&v, "linger.ms"), ("1", "flag"));
    assert_eq!(
        setting(&v, "sasl.username"),
        ("env-user", "env KPIPE_SASL_USERNAME")
    );
}

#[test]
fn no_config_ignores_the_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), FILE);
    let v = show_json(kpipe().args(["--config", path.to_str().unwrap(), "--no-config"]));
    assert_eq!(setting(&v, "brokers"), ("localhost:9092", "default"));
    assert_eq!(setting(&v, "profile").0, "(none)");
}

#[test]
fn secrets_are_redacted_everywhere() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), FILE);
    let cfg = path.to_str().unwrap();
    for format in ["table", "json"] {
        let out = kpipe()
            .args([
                "--config",
                cfg,
                "--profile",
                "prod",
                "-X",
                "sasl.oauthbearer.client.secret=flag-secret-4",
            ])
            .env("KPIPE_SASL_PASSWORD", "env-secret-5")
            .args(["-v", "config", "show", "--output", format])
            .output()
            .unwrap();
        assert_code(&out, 0);
        let all = format!("{}{}", stdout(&out), stderr(&out));
        for secret in [
            "sr-secret-1",
            "sasl-secret-2",
            "key-secret-3",
            "flag-secret-4",
            "env-secret-5",
        ] {
            assert!(
                !all.contains(secret),
                "{secret} leaked in {format} output:\n{all}"
            );
        }
        assert!(all.contains("********"), "{all}");
        assert!(
            all.contains("SCRAM-SHA-512"),
            "non-secrets stay visible: {all}"
        );
    }
}

#[test]
fn secrets_stay_out_of_connection_errors() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(
        dir.path(),
        "[profiles.p]\nbrokers = \"127.0.0.1:1\"\nsasl = { mechanism = \"PLAIN\", username = \"u\", password = \"sasl-secret-2\" }\n",
    );
    let out = kpipe()
        .args([
            "--config",
            path.to_str().unwrap(),
            "--profile",
            "p",
            "--timeout",
            "2s",
            "-vvv",
        ])
        .args(["config", "check"])
        .output()
        .unwrap();
    assert_code(&out, 3);
    let err = stderr(&out);
    assert!(
        err.contains("librdkafka"),
        "-vvv shows librdkafka's debug log: {err}"
    );
    assert!(!err.contains("sasl-secret-2"), "secret leaked: {err}");
}

#[test]
fn missing_explicit_config_file_is_a_usage_error() {
    let out = kpipe()
        .args(["--config", "/nonexistent/kpipe.toml", "config", "show"])
        .output()
        .unwrap();
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(
        err.contains("cannot read config file '/nonexistent/kpipe.toml'"),
        "{err}"
    );
}

#[test]
fn malformed_config_names_file_and_line() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(
        dir.path(),
        "[profiles.a]\nbrokers = \"x:1\"\nbrokerz = \"typo\"\n",
    );
    let out = kpipe()
        .args(["--config", path.to_str().unwrap(), "config", "show"])
        .output()
        .unwrap();
    assert_code(&out, 2);
    let err = stderr(&out);
    assert!(err.contains(&format!("'{}'", path.display())), "{err}");
    assert!(err.contains("line 3"), "{err}");
    assert!(err.contains("brokerz"), "{err}");
    assert_eq!(err.lines().count(), 1, "{err}");
}

#[test]
fn unknown_profile_lists_known_ones() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), FILE);
    let out = kpipe()
        .args([
            "--config",
            path.to_str().unwrap(),
            "--profile",
            "staging",
            "config",
            "show",
        ])
        .output()
        .unwrap();
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("known profiles: dev, prod"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn profiles_lists_with_default_marked() {
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), FILE);
    let out = kpipe()
        .args([
            "--config",
            path.to_str().unwrap(),
            "config",
            "profiles",
            "--output",
            "json",
        ])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let v: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    let names: Vec<_> = v["profiles"]
        .as_array()
        .unwrap()
        .iter()
        .map(|p| (p["name"].as_str().unwrap(), p["default"].as_bool().unwrap()))
        .collect();
    assert_eq!(names, vec![("dev", true), ("prod", false)]);
}

#[test]
fn world_readable_config_with_secrets_warns() {
    use std::os::unix::fs::PermissionsExt;
    let dir = tempfile::tempdir().unwrap();
    let path = write_config(dir.path(), FILE);
    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o644)).unwrap();
    let out = kpipe()
        .args(["--config", path.to_str().unwrap(), "config", "show"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert!(stderr(&out).contains("chmod 600"), "{}", stderr(&out));

    std::fs::set_permissions(&path, std::fs::Permissions::from_mode(0o600)).unwrap();
    let out = kpipe()
        .args(["--config", path.to_str().unwrap(), "config", "show"])
        .output()
        .unwrap();
    assert!(!stderr(&out).contains("chmod"), "{}", stderr(&out));
}
