//! Subcommands: one file each, holding its arguments and its `run`.

pub mod cluster;
pub mod completions;
pub mod config;
pub mod consume;
pub mod groups;
pub mod lag;
pub mod local;
pub mod produce;
pub mod topics;
pub mod version;

use crate::cli::{Cli, Command, ReportFormat};
use crate::exit;

/// Dispatches to the chosen subcommand.
pub async fn run(cli: Cli) -> anyhow::Result<exit::Code> {
    let global = cli.global;
    let Some(command) = cli.command else {
        if cli.version {
            return version::print(ReportFormat::Table, global.verbose > 0);
        }
        // clap prints the help for a bare `kpipe`; reaching here means only globals were given.
        let mut cmd = <Cli as clap::CommandFactory>::command();
        let _ = cmd.print_help();
        return Ok(exit::USAGE);
    };
    match command {
        Command::Consume(args) => consume::run(*args, &global).await,
        Command::Local(args) => local::run(args, &global).await,
        Command::Produce(args) => produce::run(*args, &global).await,
        Command::Config(args) => config::run(args, &global).await,
        Command::Version(args) => version::run(&args),
        Command::Topics(args) => topics::run(args, &global).await,
        Command::Cluster(args) => cluster::run(&args, &global).await,
        Command::Completions(args) => completions::run(&args),
        Command::Man(args) => completions::man(&args),
        Command::Groups(args) => groups::run(args, &global).await,
        Command::Lag(args) => lag::run(args, &global).await,
    }
}
