//! `kpipe groups` against a real broker: listing, describing, every reset form in dry run
//! and execute (checked by reading the committed offsets back, and once by consuming),
//! the refusal on an active group, commit, delete-offsets and delete.

use std::collections::HashMap;
use std::time::Duration;

use rdkafka::consumer::{BaseConsumer, Consumer};
use rdkafka::{ClientConfig, Message};
use serde_json::Value;

use crate::lag::{
    commit, committed, now_ms, partitions, produce, run, run_json, start_local, ActiveConsumer,
};
use crate::require_broker;
use crate::util::{assert_code, create_topic, kafka_tool, stderr, stdout, unique};

fn group_entry<'a>(doc: &'a Value, group: &str) -> Option<&'a Value> {
    doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .find(|g| g["group"] == group)
}

#[test]
fn list_shows_state_members_and_lag_with_filters() {
    let b = require_broker!();
    let topic = unique("groups-list");
    let elsewhere = unique("groups-list-other");
    create_topic(&b, &topic, 2, &[]);
    create_topic(&b, &elsewhere, 1, &[]);
    produce(&b, &topic, 0, 6, |_| None);
    let prefix = unique("gl");
    let idle = format!("{prefix}-idle");
    let busy = format!("{prefix}-busy");
    let other = format!("{prefix}-other");
    commit(&b, &idle, &[(&topic, 0, 2)]);
    commit(&b, &other, &[(&elsewhere, 0, 0)]);
    let _consumer = ActiveConsumer::start(&b, &busy, &topic, "busy-client");

    let doc = run_json(&b, &["groups", "list", "--regex", &format!("^{prefix}-")]);
    assert_eq!(doc["groups"].as_array().unwrap().len(), 3, "{doc}");
    let i = group_entry(&doc, &idle).unwrap();
    assert_eq!(i["state"], "Empty");
    assert_eq!(i["members"], 0);
    assert_eq!(i["lag"], 4);
    let busy_entry = group_entry(&doc, &busy).unwrap();
    assert_eq!(busy_entry["state"], "Stable");
    assert_eq!(busy_entry["members"], 1);
    assert_eq!(busy_entry["type"], "classic");
    assert!(busy_entry["assignor"]
        .as_str()
        .is_some_and(|a| !a.is_empty()));

    let doc = run_json(
        &b,
        &[
            "groups",
            "list",
            "--regex",
            &format!("^{prefix}-"),
            "--state",
            "stable",
        ],
    );
    let names: Vec<&str> = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, [busy.as_str()]);

    let doc = run_json(&b, &["groups", "list", "--topic", &elsewhere]);
    let names: Vec<&str> = doc["groups"]
        .as_array()
        .unwrap()
        .iter()
        .map(|g| g["group"].as_str().unwrap())
        .collect();
    assert_eq!(names, [other.as_str()]);

    let out = run(
        &b,
        &["groups", "list", "--regex", &format!("^{prefix}-idle$")],
    );
    assert_code(&out, 0);
    let line = stdout(&out)
        .lines()
        .find(|l| l.contains(&idle))
        .unwrap()
        .split_whitespace()
        .map(str::to_string)
        .collect::<Vec<_>>();
    assert_eq!(line, [idle.as_str(), "simple", "Empty", "-", "0", "4"]);
}

#[test]
fn describe_shows_members_owners_and_offsets() {
    let b = require_broker!();
    let topic = unique("groups-describe");
    create_topic(&b, &topic, 3, &[]);
    produce(&b, &topic, 1, 5, |_| None);
    let group = unique("gd");
    commit(
        &b,
        &group,
        &[(&topic, 0, 0), (&topic, 1, 1), (&topic, 2, 0)],
    );
    let _consumer = ActiveConsumer::start(&b, &group, &topic, "describe-client");

    let doc = run_json(&b, &["groups", "describe", &group]);
    let g = &doc["groups"][0];
    assert_eq!(g["state"], "Stable");
    let members = g["members"].as_array().unwrap();
    assert_eq!(members.len(), 1);
    assert_eq!(members[0]["client_id"], "describe-client");
    assert_eq!(members[0]["assignment"].as_array().unwrap().len(), 3);
    let p = partitions(&doc, &group);
    let p1 = &p[&(topic.clone(), 1)];
    assert_eq!(p1["committed"], 1);
    assert_eq!(p1["log_start"], 0);
    assert_eq!(p1["log_end"], 5);
    assert_eq!(p1["lag"], 4);
    assert_eq!(p1["owner"]["client_id"], "describe-client");

    let doc = run_json(&b, &["groups", "describe", &group, "--only-lagging"]);
    assert_eq!(partitions(&doc, &group).len(), 1);

    let out = run(&b, &["groups", "describe", &group]);
    assert_code(&out, 0);
    let text = stdout(&out);
    assert!(text.contains("state Stable"), "{text}");
    let member_row: Vec<&str> = text
        .lines()
        .find(|l| l.contains("describe-client") && l.contains(&topic))
        .unwrap_or_else(|| panic!("no member row in:\n{text}"))
        .split_whitespace()
        .collect();
    assert_eq!(
        member_row[1..],
        ["describe-client", "127.0.0.1", "-", &format!("{topic}:0-2")],
        "{text}"
    );
    assert!(text.contains("describe-client@127.0.0.1"), "{text}");

    let out = run(&b, &["groups", "describe", &unique("no-such-group")]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("no such group"), "{}", stderr(&out));
}

#[test]
fn consumer_protocol_groups_are_described_and_protected() {
    let b = require_broker!();
    let topic = unique("groups-kip848");
    create_topic(&b, &topic, 2, &[]);
    produce(&b, &topic, 0, 3, |_| None);
    let group = unique("g848");
    let consumer = ActiveConsumer::start_with(
        &b,
        &group,
        &topic,
        "kip848-client",
        &[("group.protocol", "consumer")],
    );
    let doc = run_json(&b, &["groups", "describe", &group]);
    let g = &doc["groups"][0];
    assert_eq!(g["type"], "consumer", "{g}");
    assert_eq!(g["state"], "Stable", "{g}");
    assert_eq!(g["members"][0]["client_id"], "kip848-client", "{g}");
    assert_eq!(
        g["members"][0]["assignment"].as_array().unwrap().len(),
        2,
        "{g}"
    );
    let out = run(
        &b,
        &[
            "groups",
            "reset",
            &group,
            "--topic",
            &topic,
            "--to",
            "latest",
            "--execute",
        ],
    );
    assert_code(&out, 1);
    assert!(stderr(&out).contains("1 active member"), "{}", stderr(&out));
    drop(consumer);
}

/// A topic with 2 partitions x 10 records; record i was created (10 - i) hours ago.
fn reset_fixture(b: &str) -> (String, i64) {
    let topic = unique("groups-reset");
    create_topic(b, &topic, 2, &[]);
    let base = now_ms() - 10 * 3_600_000;
    for p in 0..2 {
        produce(b, &topic, p, 10, |i| Some(base + i as i64 * 3_600_000));
    }
    (topic, base)
}

/// Runs `groups reset` as a dry run (offsets must not move, the plan must say
/// `expected`), then with --execute (offsets must become `expected`).
fn check_reset(b: &str, group: &str, topic: &str, args: &[&str], expected: [Option<i64>; 2]) {
    let before = committed(b, group, topic, 2);
    let mut full = vec!["groups", "reset", group];
    full.extend_from_slice(args);
    let doc = run_json(b, &full);
    assert_eq!(doc["executed"], false);
    let plan: HashMap<i64, Value> = doc["plan"]
        .as_array()
        .unwrap()
        .iter()
        .map(|r| (r["partition"].as_i64().unwrap(), r["new"].clone()))
        .collect();
    for (p, want) in expected.iter().enumerate() {
        if let Some(w) = want {
            assert_eq!(plan[&(p as i64)], *w, "plan of {args:?}: {doc}");
        }
    }
    assert_eq!(
        committed(b, group, topic, 2),
        before,
        "a dry run changed offsets: {args:?}"
    );

    full.push("--execute");
    let out = run(b, &full);
    assert_code(&out, 0);
    let after = committed(b, group, topic, 2);
    for (p, want) in expected.iter().enumerate() {
        let want = want.or(before[p]);
        assert_eq!(after[p], want, "partition {p} after {args:?}");
    }
}

#[test]
fn every_reset_form_in_dry_run_and_execute() {
    let b = require_broker!();
    let (topic, base) = reset_fixture(&b);
    let group = unique("gr");
    commit(&b, &group, &[(&topic, 0, 5), (&topic, 1, 5)]);
    let t = topic.as_str();

    check_reset(
        &b,
        &group,
        t,
        &["--topic", t, "--to", "earliest"],
        [Some(0), Some(0)],
    );
    check_reset(
        &b,
        &group,
        t,
        &["--topic", t, "--to", "latest"],
        [Some(10), Some(10)],
    );
    check_reset(
        &b,
        &group,
        t,
        &["--topic", t, "--to", "offset:3"],
        [Some(3), Some(3)],
    );
    check_reset(
        &b,
        &group,
        t,
        &["--topic", t, "--to", "shift:+2"],
        [Some(5), Some(5)],
    );
    check_reset(
        &b,
        &group,
        t,
        &["--topic", t, "--to", "shift:-4"],
        [Some(1), Some(1)],
    );
    // Clamped to the log, with a note.
    check_reset(
        &b,
        &group,
        t,
        &["--topic", t, "--to", "offset:50"],
        [Some(10), Some(10)],
    );
    check_reset(
        &b,
        &group,
        t,
        &["--topic", t, "--to", "shift:-100"],
        [Some(0), Some(0)],
    );
    // Only the named partitions.
    check_reset(
        &b,
        &group,
        t,
        &["--topic", &format!("{t}:1"), "--to", "offset:6"],
        [None, Some(6)],
    );
    // Time: RFC 3339, epoch ms, relative.
    let at7 = base + 7 * 3_600_000;
    let rfc =
        humantime::format_rfc3339_millis(std::time::UNIX_EPOCH + Duration::from_millis(at7 as u64))
            .to_string();
    check_reset(
        &b,
        &group,
        t,
        &["--topic", t, "--to", &format!("time:{rfc}")],
        [Some(7), Some(7)],
    );
    check_reset(
        &b,
        &group,
        t,
        &[
            "--topic",
            t,
            "--to",
            &format!("time:{}", base + 2 * 3_600_000 + 1),
        ],
        [Some(3), Some(3)],
    );
    check_reset(
        &b,
        &group,
        t,
        &["--topic", t, "--to", "ago:3h30m"],
        [Some(7), Some(7)],
    );
    check_reset(
        &b,
        &group,
        t,
        &[
            "--topic",
            t,
            "--to",
            &format!("time:{}", now_ms() + 3_600_000),
        ],
        [Some(10), Some(10)],
    );
    // Another group's offsets.
    let other = unique("gr-other");
    commit(&b, &other, &[(&topic, 0, 8), (&topic, 1, 2)]);
    check_reset(
        &b,
        &group,
        t,
        &["--all-topics", "--to", &format!("group:{other}")],
        [Some(8), Some(2)],
    );
    // A plan file: exported from a dry run, then applied.
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.csv");
    let out = run(
        &b,
        &[
            "groups",
            "reset",
            &group,
            "--topic",
            t,
            "--to",
            "offset:4",
            "--export",
            plan.to_str().unwrap(),
        ],
    );
    assert_code(&out, 0);
    assert_eq!(
        std::fs::read_to_string(&plan).unwrap(),
        format!("{t},0,4\n{t},1,4\n")
    );
    check_reset(
        &b,
        &group,
        t,
        &["--to", &format!("file:{}", plan.display())],
        [Some(4), Some(4)],
    );
    // `--export -` prints only the CSV.
    let out = run(
        &b,
        &[
            "groups",
            "reset",
            &group,
            "--topic",
            &format!("{t}:0"),
            "--to",
            "earliest",
            "--export",
            "-",
        ],
    );
    assert_code(&out, 0);
    assert_eq!(stdout(&out), format!("{t},0,0\n"));

    // The table shows current -> new.
    let out = run(
        &b,
        &["groups", "reset", &group, "--topic", t, "--to", "offset:50"],
    );
    assert_code(&out, 0);
    let text = stdout(&out);
    let row: Vec<&str> = text
        .lines()
        .find(|l| l.split_whitespace().nth(1) == Some("0"))
        .unwrap_or_else(|| panic!("no row for partition 0 in:\n{text}"))
        .split_whitespace()
        .collect();
    assert_eq!(
        row,
        [t, "0", "4", "->", "10", "+6", "clamped", "to", "log", "end", "10"],
        "{text}"
    );
    assert!(
        stderr(&out).contains("dry run: nothing changed"),
        "{}",
        stderr(&out)
    );

    // Shift needs a commit.
    let fresh = unique("gr-fresh");
    let out = run(
        &b,
        &["groups", "reset", &fresh, "--topic", t, "--to", "shift:1"],
    );
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("without a committed offset"),
        "{}",
        stderr(&out)
    );
}

#[test]
fn reset_is_checked_by_a_following_consume() {
    let b = require_broker!();
    let (topic, _) = reset_fixture(&b);
    let group = unique("gr-consume");
    commit(&b, &group, &[(&topic, 0, 9), (&topic, 1, 9)]);
    let out = run(
        &b,
        &[
            "groups",
            "reset",
            &group,
            "--topic",
            &format!("{topic}:0"),
            "--to",
            "offset:3",
            "--execute",
        ],
    );
    assert_code(&out, 0);
    // The group, joining for real, resumes at the new offset.
    let consumer: BaseConsumer = ClientConfig::new()
        .set("bootstrap.servers", &b)
        .set("group.id", &group)
        .set("enable.auto.commit", "false")
        .set("auto.offset.reset", "latest")
        .create()
        .unwrap();
    consumer.subscribe(&[&topic]).unwrap();
    let deadline = std::time::Instant::now() + Duration::from_secs(30);
    let first = loop {
        assert!(std::time::Instant::now() < deadline, "no record consumed");
        if let Some(Ok(m)) = consumer.poll(Duration::from_millis(200)) {
            if m.partition() == 0 {
                break m.offset();
            }
        }
    };
    assert_eq!(first, 3);
}

#[test]
fn exported_plan_is_read_by_kafka_consumer_groups() {
    let b = require_broker!();
    let (topic, _) = reset_fixture(&b);
    let group = unique("gr-kcg");
    commit(&b, &group, &[(&topic, 0, 9), (&topic, 1, 9)]);
    let dir = tempfile::tempdir().unwrap();
    let plan = dir.path().join("plan.csv");
    let out = run(
        &b,
        &[
            "groups",
            "reset",
            &group,
            "--topic",
            &topic,
            "--to",
            "shift:-3",
            "--export",
            plan.to_str().unwrap(),
        ],
    );
    assert_code(&out, 0);
    let out = kafka_tool(
        "consumer-groups",
        &[
            "--bootstrap-server",
            &b,
            "--group",
            &group,
            "--reset-offsets",
            "--from-file",
            plan.to_str().unwrap(),
            "--execute",
        ],
    )
    .output()
    .unwrap();
    assert_code(&out, 0);
    assert_eq!(committed(&b, &group, &topic, 2), [Some(6), Some(6)]);
}

#[test]
fn changes_are_refused_while_the_group_is_active() {
    let b = require_broker!();
    let topic = unique("groups-active");
    create_topic(&b, &topic, 1, &[]);
    produce(&b, &topic, 0, 5, |_| None);
    let group = unique("ga");
    commit(&b, &group, &[(&topic, 0, 2)]);
    let consumer = ActiveConsumer::start(&b, &group, &topic, "active-client");

    let out = run(
        &b,
        &[
            "groups",
            "reset",
            &group,
            "--topic",
            &topic,
            "--to",
            "earliest",
            "--execute",
        ],
    );
    assert_code(&out, 1);
    let err = stderr(&out);
    assert!(err.contains(&format!("refusing to reset offsets: group '{group}' has 1 active member (state Stable): active-client@")), "{err}");
    assert!(err.contains("stop the group's consumers first"), "{err}");
    assert_eq!(committed(&b, &group, &topic, 1), [Some(2)]);
    // A dry run still shows the plan, with a warning.
    let out = run(
        &b,
        &[
            "groups", "reset", &group, "--topic", &topic, "--to", "earliest",
        ],
    );
    assert_code(&out, 0);
    assert!(
        stderr(&out).contains("--execute would be refused"),
        "{}",
        stderr(&out)
    );

    let out = run(
        &b,
        &[
            "groups", "commit", &group, "-t", &topic, "-p", "0", "--offset", "1",
        ],
    );
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("refusing to commit an offset"),
        "{}",
        stderr(&out)
    );
    let out = run(&b, &["groups", "delete", &group]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("has active members"),
        "{}",
        stderr(&out)
    );
    drop(consumer);
}

#[test]
fn commit_delete_offsets_and_delete() {
    let b = require_broker!();
    let topic = unique("groups-edit");
    create_topic(&b, &topic, 2, &[]);
    produce(&b, &topic, 0, 10, |_| None);
    let group = unique("ge");

    let out = run(
        &b,
        &[
            "groups", "commit", &group, "-t", &topic, "-p", "0", "--offset", "7",
        ],
    );
    assert_code(&out, 0);
    assert_eq!(committed(&b, &group, &topic, 2), [Some(7), None]);
    // Outside the log: refused without --force.
    let out = run(
        &b,
        &[
            "groups", "commit", &group, "-t", &topic, "-p", "0", "--offset", "11",
        ],
    );
    assert_code(&out, 2);
    assert!(stderr(&out).contains("outside"), "{}", stderr(&out));
    let out = run(
        &b,
        &[
            "groups", "commit", &group, "-t", &topic, "-p", "1", "--offset", "11", "--force",
        ],
    );
    assert_code(&out, 0);
    assert_eq!(committed(&b, &group, &topic, 2), [Some(7), Some(11)]);
    let out = run(
        &b,
        &[
            "groups", "commit", &group, "-t", &topic, "-p", "5", "--offset", "0",
        ],
    );
    assert_code(&out, 2);
    assert!(
        stderr(&out).contains("there is no partition 5"),
        "{}",
        stderr(&out)
    );

    let out = run(
        &b,
        &[
            "groups",
            "delete-offsets",
            &group,
            "--topic",
            &format!("{topic}:1"),
        ],
    );
    assert_code(&out, 0);
    assert_eq!(committed(&b, &group, &topic, 2), [Some(7), None]);

    let out = run(&b, &["groups", "delete", &group]);
    assert_code(&out, 0);
    assert!(stdout(&out).contains("deleted"), "{}", stdout(&out));
    assert_eq!(committed(&b, &group, &topic, 2), [None, None]);
    let out = run(&b, &["groups", "delete", &group]);
    assert_code(&out, 1);
    assert!(stderr(&out).contains("no such group"), "{}", stderr(&out));
}

#[test]
fn local_broker_cannot_list_groups_but_commits_and_lag_work() {
    let (mut child, b) = start_local(&["--topic", "demo:1"]);
    produce(&b, "demo", 0, 5, |_| None);
    let out = run(&b, &["groups", "list"]);
    assert_code(&out, 1);
    assert!(
        stderr(&out).contains("this broker cannot list consumer groups"),
        "{}",
        stderr(&out)
    );
    let out = run(
        &b,
        &[
            "groups", "commit", "surgery", "-t", "demo", "-p", "0", "--offset", "2",
        ],
    );
    assert_code(&out, 0);
    let doc = run_json(&b, &["lag", "-g", "surgery", "--no-time-lag"]);
    assert_eq!(doc["groups"][0]["lag"], 3);
    let _ = std::process::Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status();
    let _ = child.wait();
}
