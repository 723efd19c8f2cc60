//! The command-line definition: the top-level `Cli`, the global options every
//! subcommand accepts, and the subcommand enum. Each subcommand's own options live next
//! to its implementation in `src/cmd/<name>.rs`.

use std::ffi::OsString;
use std::time::Duration;

use clap::{ArgAction, Args, CommandFactory, FromArgMatches, Parser, Subcommand, ValueEnum};

use crate::cmd;

#[derive(Debug, Parser)]
#[command(
    name = "kpipe",
    version,
    about = "A fast, exact command-line tool for Apache Kafka",
    long_about = "kpipe produces, consumes and inspects Apache Kafka: built for shell pipelines, \
                  3 a.m. debugging and CI gates.\n\nData goes to stdout; messages, progress and \
                  errors go to stderr.",
    after_help = after_help(),
    disable_version_flag = true,
    max_term_width = 100
)]
pub struct Cli {
    #[command(flatten)]
    pub global: GlobalArgs,

    /// Print the version (with -v: librdkafka's version and features too)
    #[arg(short = 'V', long)]
    pub version: bool,

    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Examples and the exit-code table, shown at the end of `kpipe --help`.
fn after_help() -> String {
    format!(
        "Examples:\n\
         \x20 kpipe local -- sh -c 'echo hi | kpipe produce -t demo && kpipe consume -t demo -e'\n\
         \x20 kpipe -b broker1:9092 config check\n\
         \x20 kpipe --profile prod config show\n\n{}",
        crate::exit::help_table()
    )
}

/// Options accepted by every subcommand, before or after its name.
#[derive(Debug, Args, Clone, Default)]
#[command(next_help_heading = "Global options")]
pub struct GlobalArgs {
    /// Bootstrap brokers, comma-separated [default: from the profile, else localhost:9092]
    #[arg(
        short = 'b',
        long,
        global = true,
        env = "KPIPE_BROKERS",
        value_name = "LIST"
    )]
    pub brokers: Option<String>,

    /// Any librdkafka property, passed through (repeatable), e.g. -X linger.ms=5
    #[arg(short = 'X', long = "property", global = true, value_name = "KEY=VALUE", value_parser = parse_property)]
    pub properties: Vec<(String, String)>,

    /// Config profile to use [default: the file's `default-profile`, else `default`]
    #[arg(long, global = true, env = "KPIPE_PROFILE", value_name = "NAME")]
    pub profile: Option<String>,

    /// Config file [default: $XDG_CONFIG_HOME/kpipe/config.toml, else ~/.config/kpipe/config.toml]
    #[arg(long, global = true, env = "KPIPE_CONFIG", value_name = "FILE")]
    pub config: Option<std::path::PathBuf>,

    /// Ignore the config file entirely
    #[arg(long, global = true)]
    pub no_config: bool,

    /// Schema Registry URL (Confluent-compatible)
    #[arg(long, global = true, env = "KPIPE_SCHEMA_REGISTRY", value_name = "URL")]
    pub schema_registry: Option<String>,

    /// Timeout for network operations such as connecting and metadata (e.g. 500ms, 10s, 2m) [default: 10s]
    #[arg(long, global = true, env = "KPIPE_TIMEOUT", value_name = "DURATION", value_parser = parse_duration)]
    pub timeout: Option<Duration>,

    /// Print only errors
    #[arg(short, long, global = true, conflicts_with = "verbose")]
    pub quiet: bool,

    /// More detail on stderr (-v settings and steps, -vv librdkafka logs, -vvv librdkafka debug)
    #[arg(short, long, global = true, action = ArgAction::Count)]
    pub verbose: u8,

    /// When to use colors on stderr (NO_COLOR is honoured)
    #[arg(long, global = true, value_enum, default_value_t = ColorChoice::Auto, value_name = "WHEN")]
    pub color: ColorChoice,

    /// Where `brokers`, `profile`, `config`, `schema_registry` and `timeout` came from.
    #[arg(skip)]
    pub sources: Sources,
}

/// Whether a global option was given as a flag or through its environment variable;
/// `kpipe config show` reports this per setting.
#[derive(Debug, Clone, Default)]
pub struct Sources {
    from_env: Vec<&'static str>,
}

impl Sources {
    const IDS: [&'static str; 5] = ["brokers", "profile", "config", "schema_registry", "timeout"];

    fn from_matches(matches: &clap::ArgMatches) -> Self {
        // Global args are propagated to the subcommand's matches; look at the deepest.
        let mut m = matches;
        while let Some((_, sub)) = m.subcommand() {
            m = sub;
        }
        let from_env = Self::IDS
            .into_iter()
            .filter(|id| {
                m.try_get_raw(id).ok().flatten().is_some()
                    && m.value_source(id) == Some(clap::parser::ValueSource::EnvVariable)
            })
            .collect();
        Sources { from_env }
    }

    /// True when the option `id` (a field name of `GlobalArgs`) came from its env var.
    pub fn is_env(&self, id: &str) -> bool {
        self.from_env.contains(&id)
    }
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    #[default]
    Auto,
    Always,
    Never,
}

/// Output shape for reporting commands: tables for people, JSON for scripts.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ReportFormat {
    #[default]
    Table,
    Json,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    Produce(Box<cmd::produce::ProduceArgs>),
    Consume(Box<cmd::consume::ConsumeArgs>),
    Groups(cmd::groups::GroupsArgs),
    Lag(cmd::lag::LagArgs),
    Topics(cmd::topics::TopicsArgs),
    Cluster(cmd::cluster::ClusterArgs),
    Schemas(cmd::schemas::SchemasArgs),
    Local(cmd::local::LocalArgs),
    Config(cmd::config::ConfigArgs),
    Completions(cmd::completions::CompletionsArgs),
    Version(cmd::version::VersionArgs),
    #[command(hide = true)]
    Man(cmd::completions::ManArgs),
}

/// Parses `std::env::args`, keeping track of where each global value came from.
pub fn parse() -> Result<Cli, clap::Error> {
    parse_from(std::env::args_os())
}

pub fn parse_from<I, T>(args: I) -> Result<Cli, clap::Error>
where
    I: IntoIterator<Item = T>,
    T: Into<std::ffi::OsString> + Clone,
{
    let args: Vec<OsString> = args.into_iter().map(Into::into).collect();
    if let Some(cli) = parse_one_subcommand(&args) {
        return Ok(cli);
    }
    from_matches(Cli::command().try_get_matches_from(args)?)
}

fn from_matches(matches: clap::ArgMatches) -> Result<Cli, clap::Error> {
    let mut cli = Cli::from_arg_matches(&matches)?;
    cli.global.sources = Sources::from_matches(&matches);
    Ok(cli)
}

/// Parses with a command tree that holds only the subcommand the line names; `None`
/// when the line names none, or asks for help, or does not parse: the full tree then
/// parses it again and reports exactly as it always does.
///
/// Why: clap builds every subcommand's options (hundreds of them, with their help
/// texts) before it looks at the line: 0.4 ms of a one-record `consume -c 1`, while a
/// tree with one subcommand takes a fraction of that. A line parses the same way with
/// either tree: clap matches the subcommand by its exact name (a name the one-command
/// tree lacks is an error, so a guess that is wrong, e.g. a global option's value that
/// happens to be a subcommand's name, only falls back), and the subcommand's options
/// and the global ones are built by the same derive code. A test checks both trees
/// agree, line by line.
fn parse_one_subcommand(args: &[OsString]) -> Option<Cli> {
    let sub = args
        .iter()
        .skip(1)
        .find_map(|arg| one_subcommand(arg.to_str()?))?;
    let root = clap::Command::new("kpipe").disable_version_flag(true).arg(
        clap::Arg::new("version")
            .short('V')
            .long("version")
            .action(ArgAction::SetTrue),
    );
    let root = GlobalArgs::augment_args(root).subcommand(sub);
    from_matches(root.try_get_matches_from(args).ok()?).ok()
}

/// The subcommand `name` as the derive builds it inside [`Command`], alone.
fn one_subcommand(name: &str) -> Option<clap::Command> {
    type Augment = fn(clap::Command) -> clap::Command;
    let (name, augment): (&'static str, Augment) = match name {
        "produce" => ("produce", cmd::produce::ProduceArgs::augment_args),
        "consume" => ("consume", cmd::consume::ConsumeArgs::augment_args),
        "groups" => ("groups", cmd::groups::GroupsArgs::augment_args),
        "lag" => ("lag", cmd::lag::LagArgs::augment_args),
        "topics" => ("topics", cmd::topics::TopicsArgs::augment_args),
        "cluster" => ("cluster", cmd::cluster::ClusterArgs::augment_args),
        "schemas" => ("schemas", cmd::schemas::SchemasArgs::augment_args),
        "local" => ("local", cmd::local::LocalArgs::augment_args),
        "config" => ("config", cmd::config::ConfigArgs::augment_args),
        "completions" => (
            "completions",
            cmd::completions::CompletionsArgs::augment_args,
        ),
        "version" => ("version", cmd::version::VersionArgs::augment_args),
        "man" => ("man", cmd::completions::ManArgs::augment_args),
        _ => return None,
    };
    Some(augment(clap::Command::new(name)))
}

/// `KEY=VALUE` for `-X`.
fn parse_property(s: &str) -> Result<(String, String), String> {
    match s.split_once('=') {
        Some((k, v)) if !k.trim().is_empty() => Ok((k.trim().to_string(), v.to_string())),
        _ => Err(format!("expected KEY=VALUE, got '{s}'")),
    }
}

/// Humane durations: `500ms`, `10s`, `2m`, `1h30m`; a bare number means seconds.
pub fn parse_duration(s: &str) -> Result<Duration, String> {
    let s = s.trim();
    if let Ok(secs) = s.parse::<f64>() {
        if secs.is_finite() && secs >= 0.0 {
            // `from_secs_f64` panics beyond u64 seconds: `--timeout 1e30` is an error.
            return Duration::try_from_secs_f64(secs)
                .map_err(|_| format!("invalid duration '{s}': too long"));
        }
    }
    humantime::parse_duration(s)
        .map_err(|e| format!("invalid duration '{s}': {e} (examples: 500ms, 10s, 2m)"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::error::ErrorKind;

    #[test]
    fn definition_is_valid() {
        Cli::command().debug_assert();
    }

    #[test]
    fn valid_command_lines() {
        let valid: &[&[&str]] = &[
            &["kpipe", "config", "show"],
            &["kpipe", "-b", "a:1,b:2", "config", "check"],
            &["kpipe", "config", "check", "-b", "a:1"],
            &["kpipe", "config", "show", "--output", "json"],
            &[
                "kpipe",
                "-X",
                "linger.ms=5",
                "-X",
                "acks=all",
                "config",
                "show",
            ],
            &["kpipe", "--timeout", "500ms", "config", "check"],
            &["kpipe", "--timeout", "2m", "config", "check"],
            &["kpipe", "--timeout", "3", "config", "check"],
            &["kpipe", "-vvv", "config", "profiles"],
            &["kpipe", "config", "profiles", "-q"],
            &["kpipe", "--color", "never", "--no-config", "config", "show"],
            &[
                "kpipe",
                "--profile",
                "prod",
                "--config",
                "/x.toml",
                "config",
                "show",
            ],
            &["kpipe", "local"],
            &[
                "kpipe", "local", "--port", "0", "--topic", "demo:3", "-t", "other", "-n", "3",
            ],
            &["kpipe", "local", "--", "sh", "-c", "true"],
            &["kpipe", "version"],
            &["kpipe", "--version"],
            &["kpipe", "-V", "-v"],
        ];
        for line in valid {
            if let Err(e) = parse_from(*line) {
                panic!("{line:?} should parse: {e}");
            }
        }
    }

    /// The arguments and nested subcommands of `cmd`, as names, depth first.
    fn shape(cmd: &clap::Command) -> Vec<String> {
        let mut out: Vec<String> = cmd
            .get_arguments()
            .map(|a| format!("{}/{}", cmd.get_name(), a.get_id()))
            .collect();
        for sub in cmd.get_subcommands() {
            let aliases: Vec<&str> = sub.get_all_aliases().collect();
            out.push(format!(
                "{} > {} {aliases:?}",
                cmd.get_name(),
                sub.get_name()
            ));
            out.extend(shape(sub));
        }
        out
    }

    #[test]
    fn one_subcommand_trees_are_the_full_trees_subcommands() {
        let full = Cli::command();
        let mut names = Vec::new();
        for sub in full.get_subcommands() {
            let alone = one_subcommand(sub.get_name())
                .unwrap_or_else(|| panic!("no one-subcommand tree for '{}'", sub.get_name()));
            assert_eq!(shape(&alone), shape(sub), "{}", sub.get_name());
            names.push(sub.get_name());
        }
        assert!(names.len() >= 12, "{names:?}");
    }

    #[test]
    fn one_subcommand_parses_agree_with_the_full_tree() {
        let lines: &[&[&str]] = &[
            &[
                "kpipe",
                "-b",
                "a:1",
                "-X",
                "fetch.wait.max.ms=5",
                "consume",
                "-t",
                "a",
                "-c",
                "1",
            ],
            &[
                "kpipe", "consume", "-t", "a", "-t", "b", "-o", "-10", "-e", "-b", "x:1",
            ],
            &[
                "kpipe",
                "consume",
                "--topic-regex",
                "a.*",
                "-g",
                "g",
                "--commit",
                "before",
            ],
            &[
                "kpipe",
                "consume",
                "-t",
                "a",
                "-p",
                "0,2-3",
                "-o",
                "0=5,1=@-1h:end",
            ],
            &[
                "kpipe",
                "consume",
                "-t",
                "a",
                "-f",
                "%t %p %o %s\\n",
                "--filter",
                "key=x",
            ],
            &[
                "kpipe",
                "-v",
                "consume",
                "-t",
                "a",
                "--output",
                "json",
                "--value-format",
                "json",
            ],
            &["kpipe", "produce", "-t", "a"],
            &[
                "kpipe",
                "--no-config",
                "produce",
                "-t",
                "a",
                "-X",
                "acks=all",
                "-q",
            ],
            &["kpipe", "lag", "-g", "g"],
            &["kpipe", "groups", "list"],
            &["kpipe", "topics", "create", "t", "-p", "3"],
            &["kpipe", "config", "check", "-b", "a:1"],
            &[
                "kpipe",
                "--timeout",
                "2m",
                "--profile",
                "prod",
                "config",
                "show",
            ],
            &["kpipe", "local", "--", "sh", "-c", "true"],
            &["kpipe", "version", "-v"],
            &["kpipe", "completions", "bash"],
            // The root's own -V, written out again in `parse_one_subcommand`.
            &["kpipe", "-V", "config", "show"],
        ];
        for line in lines {
            let alone = parse_one_subcommand(&line.iter().map(OsString::from).collect::<Vec<_>>())
                .unwrap_or_else(|| panic!("{line:?} should parse with one subcommand"));
            let full = from_matches(Cli::command().try_get_matches_from(*line).unwrap()).unwrap();
            assert_eq!(format!("{alone:?}"), format!("{full:?}"), "{line:?}");
        }
    }

    #[test]
    fn lines_the_one_subcommand_tree_cannot_take_go_to_the_full_tree() {
        // The first word that names a subcommand is an option's value here.
        let line = ["kpipe", "--profile", "consume", "config", "show"];
        let args: Vec<OsString> = line.iter().map(OsString::from).collect();
        assert!(parse_one_subcommand(&args).is_none());
        let cli = parse_from(line).unwrap();
        assert_eq!(cli.global.profile.as_deref(), Some("consume"));
        assert!(matches!(cli.command, Some(Command::Config(_))));
        // Help and errors come from the full tree, with all its texts.
        for line in [
            &["kpipe", "consume", "--help"][..],
            &["kpipe", "help", "consume"],
            &["kpipe", "consume", "-t"],
        ] {
            let args: Vec<OsString> = line.iter().map(OsString::from).collect();
            assert!(parse_one_subcommand(&args).is_none(), "{line:?}");
            let full = Cli::command().try_get_matches_from(line).unwrap_err();
            let err = parse_from(line).unwrap_err();
            assert_eq!(err.to_string(), full.to_string(), "{line:?}");
        }
    }

    #[test]
    fn invalid_command_lines() {
        let invalid: &[(&[&str], ErrorKind)] = &[
            (&["kpipe", "nope"], ErrorKind::InvalidSubcommand),
            (
                &["kpipe", "-X", "novalue", "config", "show"],
                ErrorKind::ValueValidation,
            ),
            (
                &["kpipe", "-X", "=v", "config", "show"],
                ErrorKind::ValueValidation,
            ),
            (
                &["kpipe", "--timeout", "soon", "config", "show"],
                ErrorKind::ValueValidation,
            ),
            (
                &["kpipe", "--color", "pink", "config", "show"],
                ErrorKind::InvalidValue,
            ),
            (
                &["kpipe", "-q", "-v", "config", "show"],
                ErrorKind::ArgumentConflict,
            ),
            (
                &["kpipe", "config"],
                ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand,
            ),
            (
                &["kpipe", "config", "show", "--output", "xml"],
                ErrorKind::InvalidValue,
            ),
            (
                &["kpipe", "local", "--port", "70000"],
                ErrorKind::ValueValidation,
            ),
            (&["kpipe", "local", "-n", "0"], ErrorKind::ValueValidation),
            (
                &["kpipe", "local", "--topic", "t:zero"],
                ErrorKind::ValueValidation,
            ),
            (
                &["kpipe", "local", "--topic", "t:0"],
                ErrorKind::ValueValidation,
            ),
        ];
        for (line, kind) in invalid {
            match parse_from(*line) {
                Ok(_) => panic!("{line:?} should not parse"),
                Err(e) => assert_eq!(e.kind(), *kind, "{line:?}: {e}"),
            }
        }
    }

    #[test]
    fn globals_after_the_subcommand_and_their_sources() {
        let cli = parse_from(["kpipe", "config", "show", "-b", "x:1", "-X", "a=b=c"]).unwrap();
        assert_eq!(cli.global.brokers.as_deref(), Some("x:1"));
        assert_eq!(
            cli.global.properties,
            vec![("a".to_string(), "b=c".to_string())]
        );
        assert!(!cli.global.sources.is_env("brokers"));
    }

    #[test]
    fn durations() {
        assert_eq!(parse_duration("500ms").unwrap(), Duration::from_millis(500));
        assert_eq!(parse_duration("10s").unwrap(), Duration::from_secs(10));
        assert_eq!(parse_duration("2m").unwrap(), Duration::from_secs(120));
        assert_eq!(parse_duration("1.5").unwrap(), Duration::from_millis(1500));
        assert!(parse_duration("-1s").is_err());
    }
}
