//! Shell completions (static scripts checked in under `completions/`, dynamic topic
//! names) and the man page.

use std::path::PathBuf;
use std::process::Command;

use crate::util::{assert_code, create_topic, kpipe, stderr, stdout, unique};

/// Shells and the file each script is checked in as.
const SCRIPTS: [(&str, &str); 5] = [
    ("bash", "kpipe.bash"),
    ("zsh", "_kpipe"),
    ("fish", "kpipe.fish"),
    ("powershell", "_kpipe.ps1"),
    ("elvish", "kpipe.elv"),
];

#[test]
fn checked_in_completions_are_fresh() {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("completions");
    let mut stale = Vec::new();
    for (shell, file) in SCRIPTS {
        let out = kpipe().args(["completions", shell]).output().unwrap();
        assert_code(&out, 0);
        assert!(!out.stdout.is_empty(), "{shell}: empty script");
        let checked_in = std::fs::read(dir.join(file)).unwrap_or_default();
        if checked_in != out.stdout {
            stale.push(format!("completions/{file}"));
        }
    }
    assert!(
        stale.is_empty(),
        "stale shell completions: {}\nregenerate them with `scripts/gen-completions` \
         (or `cargo run -- completions <shell> > completions/<file>`) and commit the result",
        stale.join(", ")
    );
}

#[test]
fn completions_need_no_config_or_broker() {
    let out = kpipe()
        .args([
            "--config",
            "/nonexistent/kpipe.toml",
            "-b",
            "127.0.0.1:1",
            "completions",
            "zsh",
        ])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert!(stdout(&out).contains("#compdef kpipe"), "{}", stdout(&out));
}

#[test]
fn completions_reject_an_unknown_shell() {
    let out = kpipe().args(["completions", "tcsh"]).output().unwrap();
    assert_code(&out, 2);
}

/// Asks kpipe for completions of `words` the way the bash hook does.
fn complete_bash(words: &[&str]) -> Command {
    let mut cmd = kpipe();
    cmd.env("COMPLETE", "bash")
        .env("_CLAP_COMPLETE_INDEX", (words.len() - 1).to_string())
        .env("_CLAP_COMPLETE_COMP_TYPE", "9")
        .env("_CLAP_COMPLETE_SPACE", "true")
        .env("_CLAP_IFS", "\n")
        .arg("--")
        .args(words);
    cmd
}

#[test]
fn dynamic_completion_registers_and_completes_subcommands() {
    let out = kpipe().env("COMPLETE", "bash").output().unwrap();
    assert_code(&out, 0);
    let script = stdout(&out);
    assert!(
        script.contains("complete") && script.contains("COMPLETE=\"bash\""),
        "{script}"
    );

    let out = complete_bash(&["kpipe", "top"]).output().unwrap();
    assert_code(&out, 0);
    assert_eq!(stdout(&out).trim(), "topics");
}

#[test]
fn dynamic_completion_offers_topic_names() {
    let brokers = crate::require_broker!();
    let topic = unique("complete-me");
    create_topic(&brokers, &topic, 1, &[]);
    let prefix = &topic[..topic.len() - 3];
    let out = complete_bash(&["kpipe", "-b", &brokers, "topics", "describe", prefix])
        .output()
        .unwrap();
    assert_code(&out, 0);
    let candidates: Vec<String> = stdout(&out).lines().map(str::to_string).collect();
    assert!(candidates.contains(&topic), "{candidates:?}");
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn dynamic_completion_is_silent_when_the_cluster_is_down() {
    let out = complete_bash(&["kpipe", "-b", "127.0.0.1:1", "topics", "delete", "or"])
        .output()
        .unwrap();
    assert_code(&out, 0);
    assert!(stdout(&out).trim().is_empty(), "{}", stdout(&out));
    assert!(stderr(&out).is_empty(), "{}", stderr(&out));
}

#[test]
fn man_page_renders_from_the_cli_definition() {
    let out = kpipe().arg("man").output().unwrap();
    assert_code(&out, 0);
    let page = stdout(&out);
    assert!(page.contains(".TH kpipe 1"), "{page}");
    for needle in ["topics", "cluster", "completions", "config", "Exit codes:"] {
        assert!(page.contains(needle), "man page lacks {needle:?}");
    }
    // Hidden from the command list, like any internal helper.
    let help = stdout(&kpipe().arg("--help").output().unwrap());
    assert!(!help.contains("  man "), "{help}");

    let dir = tempfile::tempdir().unwrap();
    let out = kpipe()
        .args(["man", "--dir"])
        .arg(dir.path())
        .output()
        .unwrap();
    assert_code(&out, 0);
    for page in [
        "kpipe.1",
        "kpipe-topics.1",
        "kpipe-topics-describe.1",
        "kpipe-cluster.1",
    ] {
        let text = std::fs::read_to_string(dir.path().join(page))
            .unwrap_or_else(|e| panic!("{page}: {e}"));
        assert!(text.contains(".TH"), "{page}");
    }
}
