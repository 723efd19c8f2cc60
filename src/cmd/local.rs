//! `kpipe local`: an embedded Kafka-protocol broker for trying things with no Kafka
//! installed, built on librdkafka's mock cluster.
//!
//! With a fixed `--port` (9092 by default) kpipe listens there itself and forwards each
//! connection to the mock broker's ephemeral port, and metadata advertises kpipe's ports,
//! so any client (kcat, Java, kpipe) sees a broker at the address it was given. With
//! `--port 0` the mock brokers' own ephemeral ports are used directly.

use std::io::Write;
use std::net::SocketAddr;
use std::process::Stdio;

use anyhow::Context;
use clap::Args;
use tokio::net::{TcpListener, TcpStream};

use crate::cli::GlobalArgs;
use crate::exit::{self, Failure};
use crate::mock::MockCluster;
use crate::output::{self, Out};

const LONG_ABOUT: &str = "\
Start an embedded Kafka-protocol broker on 127.0.0.1 (librdkafka's mock cluster) for trying
kpipe, kcat or any Kafka client with no Kafka installed. The bootstrap address is printed on
stdout (one line, for scripts); it serves until Ctrl-C or SIGTERM. With `-- COMMAND...` it
runs the command with KPIPE_BROKERS pointing at the broker (and kpipe on PATH), then stops
and exits with the command's status.

Limits: everything is in memory and lost on exit; only about 100,000 records are kept per
partition; topics are auto-created with 4 partitions when first used; there is no
ListGroups/DescribeGroups (so no `groups list/describe`), no topic or config admin
(CreateTopics, DeleteTopics, DescribeConfigs), no SASL or TLS. Produce, consume, consumer
groups with commits, lag (committed offsets and watermarks) and transactions work.";

/// Start an embedded Kafka-protocol broker (no Kafka needed)
#[derive(Debug, Args)]
#[command(long_about = LONG_ABOUT, after_help = "Examples:\n  \
    kpipe local                                  # broker on 127.0.0.1:9092 until Ctrl-C\n  \
    kpipe local --port 0 --topic demo:3          # free port, topic 'demo' with 3 partitions\n  \
    kpipe local -- sh -c 'seq 3 | kpipe produce -t demo && kpipe consume -t demo -e'")]
pub struct LocalArgs {
    /// Port of the first broker (brokers 2..N use the next ports); 0 picks free ports
    #[arg(long, default_value_t = 9092)]
    pub port: u16,

    /// Number of brokers in the cluster
    #[arg(short = 'n', long = "broker-count", default_value_t = 1, value_name = "N",
          value_parser = clap::value_parser!(i32).range(1..=16))]
    pub broker_count: i32,

    /// Partition count for --topic entries that do not give one
    #[arg(long, default_value_t = 4, value_name = "N", value_parser = clap::value_parser!(i32).range(1..=10_000))]
    pub partitions: i32,

    /// Pre-create a topic (repeatable): NAME or NAME:PARTITIONS
    #[arg(short = 't', long = "topic", value_name = "NAME[:PARTITIONS]", value_parser = parse_topic)]
    pub topics: Vec<(String, Option<i32>)>,

    /// Run this command against the broker, then stop (KPIPE_BROKERS is set for it)
    #[arg(last = true, value_name = "COMMAND")]
    pub command: Vec<String>,
}

fn parse_topic(s: &str) -> Result<(String, Option<i32>), String> {
    match s.rsplit_once(':') {
        Some((name, n)) if !name.is_empty() => {
            let parts: i32 = n
                .parse()
                .map_err(|_| format!("invalid partition count in '{s}'"))?;
            if parts < 1 {
                return Err(format!("partition count must be at least 1 in '{s}'"));
            }
            Ok((name.to_string(), Some(parts)))
        }
        None if !s.is_empty() => Ok((s.to_string(), None)),
        _ => Err(format!(
            "invalid topic '{s}': expected NAME or NAME:PARTITIONS"
        )),
    }
}

pub async fn run(args: LocalArgs, _global: &GlobalArgs) -> anyhow::Result<exit::Code> {
    let cluster = MockCluster::start(args.broker_count)?;
    cluster.set_initial_rebalance_delay(0);
    let replication = args.broker_count.min(3);
    for (name, parts) in &args.topics {
        cluster.create_topic(name, parts.unwrap_or(args.partitions), replication)?;
    }

    let bootstrap = if args.port == 0 {
        cluster.listeners().join(",")
    } else {
        forward_fixed_ports(&cluster, args.port).await?
    };

    let brokers = if args.broker_count == 1 {
        "1 broker".to_string()
    } else {
        format!("{} brokers", args.broker_count)
    };
    output::info(format!(
        "kpipe local: mock Kafka cluster ({brokers}) at {bootstrap}; in memory, Ctrl-C to stop (see `kpipe local --help` for limits)"
    ));

    if !args.command.is_empty() {
        return run_command(&args.command, &bootstrap).await;
    }

    let mut out = Out::new();
    writeln!(out, "{bootstrap}")?;
    out.flush()?;
    drop(out);
    wait_for_stop_signal().await?;
    output::debug(1, "kpipe local: stopping");
    drop(cluster);
    Ok(exit::SUCCESS)
}

/// Listens on `first_port`, `first_port + 1`, ... and forwards each to one mock broker.
async fn forward_fixed_ports(cluster: &MockCluster, first_port: u16) -> anyhow::Result<String> {
    let mut addresses = Vec::new();
    for (i, target) in cluster.listeners().into_iter().enumerate() {
        let port = first_port
            .checked_add(u16::try_from(i)?)
            .context("port range overflows 65535")?;
        let listen: SocketAddr = ([127, 0, 0, 1], port).into();
        let listener = TcpListener::bind(listen).await.map_err(|e| {
            Failure::new(exit::FAILURE, format!("cannot listen on {listen}: {e}"))
                .hint("is a Kafka broker already running there? `--port 0` picks free ports")
        })?;
        let broker_id = i32::try_from(i)? + 1;
        cluster.advertise(broker_id, "127.0.0.1", port)?;
        tokio::spawn(forward(listener, target));
        addresses.push(listen.to_string());
    }
    Ok(addresses.join(","))
}

async fn forward(listener: TcpListener, target: String) {
    loop {
        let Ok((mut inbound, _)) = listener.accept().await else {
            continue;
        };
        let target = target.clone();
        tokio::spawn(async move {
            if let Ok(mut outbound) = TcpStream::connect(&target).await {
                let _ = inbound.set_nodelay(true);
                let _ = outbound.set_nodelay(true);
                let _ = tokio::io::copy_bidirectional(&mut inbound, &mut outbound).await;
            }
        });
    }
}

async fn wait_for_stop_signal() -> anyhow::Result<()> {
    let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())?;
    tokio::select! {
        r = tokio::signal::ctrl_c() => r?,
        _ = term.recv() => {}
    }
    Ok(())
}

/// Runs `command` with KPIPE_BROKERS set and this kpipe first on PATH.
async fn run_command(command: &[String], bootstrap: &str) -> anyhow::Result<exit::Code> {
    let mut path = std::env::current_exe()
        .ok()
        .and_then(|exe| exe.parent().map(|dir| dir.as_os_str().to_owned()))
        .unwrap_or_default();
    if let Some(old) = std::env::var_os("PATH") {
        path.push(":");
        path.push(old);
    }
    let mut child = tokio::process::Command::new(&command[0])
        .args(&command[1..])
        .env("KPIPE_BROKERS", bootstrap)
        .env("PATH", path)
        .stdin(Stdio::inherit())
        .spawn()
        .map_err(|e| Failure::new(exit::USAGE, format!("cannot run '{}': {e}", command[0])))?;
    tokio::select! {
        status = child.wait() => {
            let status = status?;
            let code = status.code().map_or(exit::FAILURE, |c| exit::Code(u8::try_from(c).unwrap_or(1)));
            Ok(code)
        }
        r = wait_for_stop_signal() => {
            r?;
            let _ = child.kill().await;
            Ok(exit::INTERRUPTED)
        }
    }
}
