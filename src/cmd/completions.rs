//! `kpipe completions <shell>`, the hidden `kpipe man`, and the dynamic candidates
//! (topic and group names) that shells get through clap_complete's `COMPLETE=<shell>`
//! protocol.
//!
//! Both outputs come from the same clap definition as `--help`, so they cannot drift
//! from it; the copies checked in under `completions/` are compared with fresh output by
//! a test (`scripts/gen-completions` rewrites them).
//!
//! Static scripts complete subcommands and flags. Dynamic completion
//! (`source <(COMPLETE=bash kpipe)`) asks the binary itself on every Tab, which is how it
//! can offer the topic and group names of the cluster the current profile points at. A
//! candidate lookup must never disturb the shell: it uses a short timeout, prints
//! nothing, and returns no candidates on any error.

use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc;
use std::time::Duration;

use clap::{Args, CommandFactory, FromArgMatches};
use clap_complete::engine::CompletionCandidate;
use clap_complete::Shell;
use rdkafka::consumer::{BaseConsumer, Consumer};

use crate::cli::{Cli, GlobalArgs};
use crate::config::{self, Settings};
use crate::exit;
use crate::kafka::{self, KpipeContext};
use crate::output::{self, Out};

const COMPLETIONS_ABOUT: &str = "\
Print a shell completion script for subcommands and options.

Static scripts (what this command prints) are self-contained. Dynamic completion also offers \
topic names (and consumer group names for options that take a group) from the cluster of the \
current profile (-b and --profile on the line being completed and KPIPE_* are honoured); lookups \
give up after 2 seconds and never print errors. To use it, load the dynamic hook instead of a \
static script:

  bash        echo 'source <(COMPLETE=bash kpipe)' >> ~/.bashrc
  zsh         echo 'source <(COMPLETE=zsh kpipe)' >> ~/.zshrc
  fish        echo 'COMPLETE=fish kpipe | source' >> ~/.config/fish/config.fish
  elvish      echo 'eval (E:COMPLETE=elvish kpipe | slurp)' >> ~/.config/elvish/rc.elv
  powershell  add to $PROFILE:
                $env:COMPLETE = \"powershell\"; kpipe | Out-String | Invoke-Expression
                Remove-Item Env:\\COMPLETE";

/// Print a shell completion script (bash, zsh, fish, powershell, elvish)
#[derive(Debug, Args)]
#[command(
    long_about = COMPLETIONS_ABOUT,
    after_help = "Examples:\n  \
    kpipe completions bash > ~/.local/share/bash-completion/completions/kpipe\n  \
    kpipe completions zsh > ~/.zfunc/_kpipe      # with fpath+=(~/.zfunc) in ~/.zshrc\n  \
    kpipe completions fish > ~/.config/fish/completions/kpipe.fish\n  \
    source <(COMPLETE=bash kpipe)                # dynamic: also completes topic names"
)]
pub struct CompletionsArgs {
    /// The shell to generate the script for
    #[arg(value_enum)]
    pub shell: Shell,
}

/// Write kpipe's man page (roff) to stdout, or one page per subcommand into a directory
#[derive(Debug, Args)]
#[command(after_help = "Examples:\n  \
    kpipe man | man -l -                  # read it now\n  \
    kpipe man > /usr/local/share/man/man1/kpipe.1\n  \
    kpipe man --dir /usr/local/share/man/man1   # kpipe.1, kpipe-topics.1, ...")]
pub struct ManArgs {
    /// Write kpipe.1 and a page per subcommand (kpipe-topics.1, ...) into DIR
    #[arg(long, value_name = "DIR")]
    pub dir: Option<PathBuf>,
}

/// The completion script for `shell`, as `kpipe completions <shell>` prints it.
pub fn script(shell: Shell) -> Vec<u8> {
    let mut cmd = Cli::command();
    let mut buf = Vec::new();
    // Generate into memory: clap_complete panics on write errors, and stdout may be a
    // closed pipe.
    clap_complete::generate(shell, &mut cmd, "kpipe", &mut buf);
    buf
}

pub fn run(args: &CompletionsArgs) -> anyhow::Result<exit::Code> {
    let mut out = Out::new();
    out.write_all(&script(args.shell))?;
    out.flush()?;
    Ok(exit::SUCCESS)
}

pub fn man(args: &ManArgs) -> anyhow::Result<exit::Code> {
    let cmd = Cli::command();
    match &args.dir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .map_err(|e| anyhow::anyhow!("cannot create '{}': {e}", dir.display()))?;
            clap_mangen::generate_to(cmd, dir).map_err(|e| {
                anyhow::anyhow!("cannot write man pages to '{}': {e}", dir.display())
            })?;
            output::info(format!("wrote man pages to {}", dir.display()));
        }
        None => {
            let mut buf = Vec::new();
            clap_mangen::Man::new(cmd).render(&mut buf)?;
            let mut out = Out::new();
            out.write_all(&buf)?;
            out.flush()?;
        }
    }
    Ok(exit::SUCCESS)
}

// ---------------------------------------------------------------------------------------
// Dynamic candidates.

/// How long a Tab may wait for the cluster.
const LOOKUP_TIMEOUT: Duration = Duration::from_secs(2);

/// Topic names of the current cluster, for `ArgValueCandidates` on topic arguments:
///
/// ```text
/// #[arg(short, long, add = clap_complete::ArgValueCandidates::new(
///     crate::cmd::completions::topic_candidates))]
/// topic: String,
/// ```
pub fn topic_candidates() -> Vec<CompletionCandidate> {
    lookup(|consumer, timeout| {
        let md = consumer.fetch_metadata(None, timeout).ok()?;
        let mut names: Vec<String> = md
            .topics()
            .iter()
            .map(|t| t.name().to_string())
            .filter(|n| !n.starts_with("__"))
            .collect();
        names.sort();
        Some(names)
    })
}

/// Consumer group names of the current cluster, for `ArgValueCandidates` on group
/// arguments (see [`topic_candidates`]).
#[allow(dead_code)] // attached to `-g/--group` by the groups, lag and consume commands
pub fn group_candidates() -> Vec<CompletionCandidate> {
    lookup(|consumer, timeout| {
        let groups = consumer.fetch_group_list(None, timeout).ok()?;
        let mut names: Vec<String> = groups
            .groups()
            .iter()
            .map(|g| g.name().to_string())
            .collect();
        names.sort();
        Some(names)
    })
}

/// The words of the command line being completed: clap_complete runs the binary as
/// `kpipe -- kpipe <words...>`.
fn completion_words() -> Vec<std::ffi::OsString> {
    std::env::args_os()
        .skip(1)
        .skip_while(|a| a != "--")
        .skip(1)
        .collect()
}

/// The settings the command being completed would use: its global options (-b,
/// --profile, --config, -X, ...) over the environment and the config file.
fn completion_settings() -> Option<Settings> {
    let words = completion_words();
    if words.is_empty() {
        return None;
    }
    // The line is unfinished, so parse leniently and keep whatever globals were typed.
    let matches = Cli::command()
        .ignore_errors(true)
        .try_get_matches_from(words)
        .ok()?;
    let global = GlobalArgs::from_arg_matches(&matches).ok()?;
    config::resolve(&global).ok()
}

/// Runs `query` against the cluster with a short timeout and turns the names into
/// candidates; any failure gives no candidates.
fn lookup<F>(query: F) -> Vec<CompletionCandidate>
where
    F: FnOnce(&BaseConsumer<KpipeContext>, Duration) -> Option<Vec<String>> + Send + 'static,
{
    let Some(settings) = completion_settings() else {
        return Vec::new();
    };
    let timeout = settings.timeout.value.min(LOOKUP_TIMEOUT);
    let cfg = kafka::client_config(&settings, &[("allow.auto.create.topics", "false")]);
    // KpipeContext keeps librdkafka quiet: its log lines are shown only from -vv, and
    // `output::init` never runs during completion.
    let Ok(consumer) =
        kafka::create::<BaseConsumer<KpipeContext>, _>(&cfg, KpipeContext::new(&settings))
    else {
        return Vec::new();
    };
    // librdkafka can overrun its own timeout against a dead cluster (rust-rdkafka #762),
    // so the query runs on its own thread and is abandoned when late; the process exits
    // right after printing the candidates.
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(query(&consumer, timeout));
    });
    rx.recv_timeout(timeout + Duration::from_millis(250))
        .ok()
        .flatten()
        .unwrap_or_default()
        .into_iter()
        .map(CompletionCandidate::new)
        .collect()
}
