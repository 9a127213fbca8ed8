//! The `taochain` binary: parse flags, start the node, print what a user needs, run until
//! Ctrl-C.

use anyhow::Context as _;
use clap::Parser as _;
use std::io::Write as _;
use taochain_node::cli::{Cli, Command};

#[tokio::main]
async fn main() -> anyhow::Result<()> {
    let cli = Cli::parse();
    tracing_subscriber::fmt()
        .with_env_filter(tracing_subscriber::EnvFilter::try_new(&cli.log).unwrap_or_default())
        .with_writer(std::io::stderr)
        .init();
    if let Some(Command::Epoch { input }) = &cli.command {
        let out = taochain_node::cli::run_epoch_file(input)?;
        writeln!(std::io::stdout().lock(), "{out}")?;
        return Ok(());
    }
    let cfg = cli.node_config()?;
    if let Some(Command::Genesis) = cli.command {
        let mut out = std::io::stdout().lock();
        serde_json::to_writer_pretty(&mut out, &cfg.genesis)?;
        writeln!(out)?;
        return Ok(());
    }
    let node = taochain_node::start(cfg.clone()).await?;
    print_banner(&cfg, &node).context("writing banner")?;
    tokio::signal::ctrl_c().await.context("waiting for Ctrl-C")?;
    tracing::info!("shutting down");
    node.stop().await;
    Ok(())
}

fn print_banner(
    cfg: &taochain_node::NodeConfig,
    node: &taochain_node::Node,
) -> std::io::Result<()> {
    let mut out = std::io::stdout().lock();
    writeln!(out, "taochain v{}", env!("CARGO_PKG_VERSION"))?;
    writeln!(out)?;
    if cfg.dev {
        writeln!(out, "Available Accounts (10,000 TAO each)")?;
        writeln!(out, "==================")?;
        for (i, (a, _)) in tao_chain::genesis::DEV_ACCOUNTS.iter().enumerate() {
            writeln!(out, "({i}) {a}")?;
        }
        writeln!(out)?;
        writeln!(out, "Private Keys")?;
        writeln!(out, "==================")?;
        for (i, (_, k)) in tao_chain::genesis::DEV_ACCOUNTS.iter().enumerate() {
            writeln!(out, "({i}) {k}")?;
        }
        writeln!(out)?;
    }
    let mode = node.chain.producer().mining_mode();
    writeln!(out, "Chain ID:       {}", node.chain.chain_id())?;
    writeln!(out, "Gas limit:      {}", node.chain.gas_limit())?;
    writeln!(out, "Base fee floor: {} wei", cfg.genesis.base_fee_floor)?;
    writeln!(
        out,
        "Mining:         {}",
        match mode.interval {
            Some(d) => format!("every {} s", d.as_secs()),
            None => "on demand (automine)".to_string(),
        }
    )?;
    writeln!(
        out,
        "Datadir:        {}",
        cfg.datadir
            .as_ref()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|| "(in memory)".into())
    )?;
    writeln!(out)?;
    writeln!(out, "Listening on {}", node.http_url())?;
    writeln!(out, "WebSocket    {}", node.ws_url())?;
    out.flush()
}
