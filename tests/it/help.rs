//! Every command's `--help` teaches by example: an `Examples:` section with 2 to 4 real
//! command lines. The topic and cluster examples are also run against the real broker,
//! so they stay true.

use std::collections::BTreeMap;

use crate::util::{assert_code, kpipe, kpipe_real, stderr, stdout, unique};

/// `kpipe <path...> --help`.
fn help(path: &[String]) -> String {
    let out = kpipe().args(path).arg("--help").output().unwrap();
    assert_code(&out, 0);
    stdout(&out)
}

/// The names in the `Commands:` section of a help text (without `help`).
fn subcommands(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim_end() != "Commands:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        // Wrapped descriptions are indented further; only names sit at two spaces.
        .filter(|l| !l.starts_with("   "))
        .filter_map(|l| l.split_whitespace().next())
        .filter(|name| *name != "help")
        .map(str::to_string)
        .collect()
}

/// The lines of the `Examples:` section.
fn examples(help: &str) -> Vec<String> {
    help.lines()
        .skip_while(|l| l.trim_end() != "Examples:")
        .skip(1)
        .take_while(|l| l.starts_with("  "))
        .map(|l| l.trim().to_string())
        .collect()
}

/// Every command path, depth first: `[]`, `["topics"]`, `["topics", "list"]`, ...
fn all_commands() -> Vec<Vec<String>> {
    let mut found = Vec::new();
    let mut todo: Vec<Vec<String>> = vec![vec![]];
    while let Some(path) = todo.pop() {
        for sub in subcommands(&help(&path)) {
            let mut child = path.clone();
            child.push(sub);
            todo.push(child);
        }
        found.push(path);
    }
    // Hidden commands are not listed but have help too.
    found.push(vec!["man".to_string()]);
    found
}

#[test]
fn every_command_has_examples() {
    let commands = all_commands();
    assert!(commands.len() > 10, "walked only {commands:?}");
    let mut missing = Vec::new();
    for path in &commands {
        let text = help(path);
        let ex = examples(&text);
        let name = format!("kpipe {}", path.join(" "));
        if !(2..=4).contains(&ex.len()) {
            missing.push(format!("{name}: {} examples", ex.len()));
        }
        if !ex.iter().any(|e| e.contains("kpipe")) {
            missing.push(format!("{name}: no example runs kpipe"));
        }
    }
    assert!(
        missing.is_empty(),
        "each command needs an `Examples:` section with 2-4 command lines (after_help):\n{}",
        missing.join("\n")
    );
}

/// Splits an example line into words like a shell would for these simple lines: single
/// and double quotes group, an unquoted `#` starts a comment. `None` for lines that need
/// a real shell (pipes, redirections, substitutions).
fn words(line: &str) -> Option<Vec<String>> {
    let mut out = Vec::new();
    let mut cur = String::new();
    let mut in_word = false;
    let mut quote: Option<char> = None;
    for c in line.chars() {
        match (quote, c) {
            (Some(q), c) if c == q => quote = None,
            (Some(_), c) => cur.push(c),
            (None, '\'' | '"') => {
                quote = Some(c);
                in_word = true;
            }
            (None, '#') if !in_word => break,
            (None, '|' | '>' | '<' | '$' | '`' | ';' | '&') => return None,
            (None, c) if c.is_whitespace() => {
                if in_word {
                    out.push(std::mem::take(&mut cur));
                    in_word = false;
                }
            }
            (None, c) => {
                cur.push(c);
                in_word = true;
            }
        }
    }
    if in_word {
        out.push(cur);
    }
    Some(out)
}

#[test]
fn example_words() {
    assert_eq!(
        words("kpipe topics list --regex '^orders'      # comment").unwrap(),
        vec!["kpipe", "topics", "list", "--regex", "^orders"]
    );
    assert!(words("kpipe version --output json | jq").is_none());
}

#[test]
fn topic_and_cluster_examples_run_against_the_broker() {
    crate::require_broker!();
    // The example topic names, replaced by fresh ones.
    let names: BTreeMap<&str, String> = ["orders", "payments", "audit"]
        .into_iter()
        .map(|n| (n, unique(&format!("ex-{n}"))))
        .collect();
    // Creates first, deletes last, so every example finds what it needs.
    let order = [
        "create",
        "list",
        "describe",
        "alter-config",
        "add-partitions",
        "delete",
    ];
    let mut ran = 0;
    let mut paths: Vec<Vec<String>> = order
        .iter()
        .map(|s| vec!["topics".to_string(), s.to_string()])
        .collect();
    paths.insert(5, vec!["cluster".to_string()]);
    for path in paths {
        for line in examples(&help(&path)) {
            let Some(words) = words(&line) else { continue };
            // Examples for other clusters or needing a terminal are for reading only.
            let needs_elsewhere = words
                .iter()
                .any(|w| w == "--profile" || w == "-b" || w == "--brokers");
            let interactive =
                path.last().is_some_and(|c| c == "delete") && !words.iter().any(|w| w == "--yes");
            if words.first().map(String::as_str) != Some("kpipe") || needs_elsewhere || interactive
            {
                continue;
            }
            let args: Vec<String> = words[1..]
                .iter()
                .map(|w| {
                    names
                        .iter()
                        .fold(w.clone(), |w, (from, to)| w.replace(from, to))
                })
                .collect();
            let out = kpipe_real().unwrap().args(&args).output().unwrap();
            assert_eq!(
                out.status.code(),
                Some(0),
                "example `{line}` (run as {args:?}) failed:\n{}{}",
                stdout(&out),
                stderr(&out)
            );
            ran += 1;
        }
    }
    assert!(ran >= 12, "only {ran} examples ran");
}
