//! `gpu-worker`: the miner and the validator of taochain's verifiable-compute subnet, one
//! binary with two roles (see `gpu-worker/README.md`).
//!
//! ```text
//! gpu-worker miner     --rpc URL --key HEX --netuid N [--backend B] [--listen ADDR] [--state DIR]
//!                      [--collateral ADDR --deposit TAO]
//! gpu-worker validator --rpc URL --key HEX --netuid N [--backend B] [--state DIR]
//!                      [--collateral ADDR]
//! ```
//!
//! Modules: [`chain`] (JSON-RPC, signed transactions), [`subnet`] (metagraph, registration,
//! staking), [`http`] (the small hyper server), [`miner`] + [`solver`] (the axon and its
//! answers), [`validator`] + [`state`] + [`weights`] (rounds, scores, weight submission),
//! [`collateral`] (deposits and slashes on the subnet's collateral contract), [`metrics`]
//! (Prometheus text).

mod chain;
mod collateral;
mod http;
mod metrics;
mod miner;
mod solver;
mod state;
mod subnet;
mod validator;
mod weights;

use alloy::signers::local::PrivateKeySigner;
use alloy_primitives::{Address, B256};
use anyhow::Context as _;
use clap::{Args, Parser, Subcommand};
use gpu_worker::BackendChoice;
use metrics::Metrics;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;

/// taochain gpu-worker: miner and validator of the verifiable-compute subnet.
#[derive(Debug, Parser)]
#[command(name = "gpu-worker", version, about)]
struct Cli {
    #[command(subcommand)]
    role: Role,
}

#[derive(Debug, Subcommand)]
enum Role {
    /// Compute tasks for validators and earn incentive.
    Miner(MinerArgs),
    /// Send tasks to miners, verify them and set weights.
    Validator(ValidatorArgs),
}

/// Flags of both roles.
#[derive(Debug, Args)]
struct Common {
    /// The node's JSON-RPC URL.
    #[arg(long)]
    rpc: String,
    /// The worker's EVM private key (hex, 0x optional); its twin is the hotkey.
    #[arg(long, env = "GPU_WORKER_KEY", hide_env_values = true)]
    key: String,
    /// Subnet.
    #[arg(long)]
    netuid: u16,
    /// Compute backend: auto, cuda, wgpu or cpu.
    #[arg(long, default_value = "auto")]
    backend: String,
    /// State directory (validator: scores and the pending commit; miner: its registration).
    #[arg(long)]
    state: Option<PathBuf>,
    /// Serve Prometheus metrics on this address (GET /metrics).
    #[arg(long)]
    metrics: Option<SocketAddr>,
}

#[derive(Debug, Args)]
struct MinerArgs {
    #[command(flatten)]
    common: Common,
    /// Where the axon listens (port 0: any free port, announced as bound).
    #[arg(long, default_value = "127.0.0.1:8091")]
    listen: SocketAddr,
    /// The address announced with serveAxon, when it differs from --listen.
    #[arg(long)]
    announce: Option<SocketAddr>,
    /// Largest task size n this miner accepts.
    #[arg(long, default_value_t = 2048)]
    max_n: u32,
    /// Behave dishonestly, to test a subnet's incentives: lazy or copier.
    #[arg(long, value_enum)]
    simulate: Option<solver::Simulate>,
    /// Percent of rows a lazy miner computes.
    #[arg(long, default_value_t = 50)]
    lazy_percent: u32,
    /// The subnet's collateral contract (ComputeCollateral).
    #[arg(long, requires = "deposit")]
    collateral: Option<Address>,
    /// TAO of collateral to hold: deposits the difference at start-up when below it.
    #[arg(long, requires = "collateral")]
    deposit: Option<String>,
}

#[derive(Debug, Args)]
struct ValidatorArgs {
    #[command(flatten)]
    common: Common,
    /// Seconds between rounds.
    #[arg(long, default_value_t = 12.0)]
    round_secs: f64,
    /// Task size n (matrices n×n).
    #[arg(long, default_value_t = 256)]
    n: u32,
    /// Rows challenged per task.
    #[arg(long, default_value_t = 16)]
    rows: usize,
    /// Milliseconds a miner has to commit (and again to open).
    #[arg(long, default_value_t = 10_000)]
    deadline_ms: u32,
    /// TAO staked to the own hotkey when it holds no stake.
    #[arg(long, default_value_t = 100)]
    stake_tao: u64,
    /// Milliseconds between looks at the chain for weight submission.
    #[arg(long, default_value_t = 1_000)]
    poll_ms: u64,
    /// The subnet's collateral contract (ComputeCollateral): slash miners caught cheating.
    #[arg(long)]
    collateral: Option<Address>,
}

fn main() -> std::process::ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env().unwrap_or_else(|_| "info".into()),
        )
        .with_writer(std::io::stderr)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    let runtime = match tokio::runtime::Builder::new_multi_thread().enable_all().build() {
        Ok(r) => r,
        Err(e) => {
            tracing::error!("tokio runtime: {e}");
            return std::process::ExitCode::FAILURE;
        }
    };
    match runtime.block_on(run(cli)) {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}

async fn run(cli: Cli) -> anyhow::Result<()> {
    let (common, role) = match &cli.role {
        Role::Miner(a) => (&a.common, "miner"),
        Role::Validator(a) => (&a.common, "validator"),
    };
    let signer = parse_key(&common.key)?;
    let chain = Arc::new(chain::Chain::connect(&common.rpc, signer).await?);
    tracing::info!(address = %chain.address(), hotkey = %chain.hotkey(), role, "gpu-worker starting");
    let metrics = Arc::new(Metrics::default());
    let _metrics_server = match common.metrics {
        Some(addr) => Some(metrics::serve(addr, metrics.clone(), role).await?),
        None => None,
    };
    let (stop_tx, stop_rx) = tokio::sync::watch::channel(false);
    tokio::spawn(async move {
        shutdown_signal().await;
        tracing::info!("shutdown requested");
        let _ = stop_tx.send(true);
    });
    match cli.role {
        Role::Miner(a) => {
            let backend = backend(&a.common.backend)?;
            let cfg = miner::MinerConfig {
                netuid: a.common.netuid,
                listen: a.listen,
                announce: a.announce,
                max_n: a.max_n,
                simulate: a.simulate,
                lazy_percent: a.lazy_percent,
                state: a.common.state,
                collateral: match (a.collateral, a.deposit.as_deref()) {
                    (Some(addr), Some(tao)) => Some((addr, collateral::parse_tao(tao)?)),
                    _ => None,
                },
            };
            let mut stop = stop_rx;
            tokio::select! {
                r = miner::run(chain, backend, cfg, metrics) => r,
                _ = stop.changed() => { tracing::info!("miner stopped"); Ok(()) }
            }
        }
        Role::Validator(a) => {
            // The validator computes nothing heavy, but logs the backend for symmetry.
            let _ = backend(&a.common.backend)?;
            let cfg = validator::ValidatorConfig {
                netuid: a.common.netuid,
                round: Duration::from_secs_f64(a.round_secs.max(0.05)),
                n: a.n,
                rows: a.rows,
                deadline_ms: a.deadline_ms,
                stake_rao: a.stake_tao.saturating_mul(1_000_000_000),
                state: a.common.state,
                poll: Duration::from_millis(a.poll_ms.max(10)),
                collateral: a.collateral,
            };
            validator::run(chain, cfg, metrics, stop_rx).await
        }
    }
}

/// Picks the backend and logs why the others were skipped.
fn backend(choice: &str) -> anyhow::Result<Box<dyn gpu_worker::Backend>> {
    let choice: BackendChoice = choice.parse()?;
    let selection = gpu_worker::select(choice)?;
    for (kind, why) in &selection.skipped {
        tracing::info!("backend {kind} skipped: {why}");
    }
    tracing::info!("backend: {}", selection.backend.describe());
    Ok(selection.backend)
}

fn parse_key(hex: &str) -> anyhow::Result<PrivateKeySigner> {
    let bytes: B256 = hex.trim().parse().context("--key: expected 32 bytes of hex")?;
    PrivateKeySigner::from_bytes(&bytes).context("--key: not a valid secp256k1 private key")
}

async fn shutdown_signal() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        match signal(SignalKind::terminate()) {
            Ok(mut term) => {
                tokio::select! {
                    _ = tokio::signal::ctrl_c() => {}
                    _ = term.recv() => {}
                }
            }
            Err(_) => {
                let _ = tokio::signal::ctrl_c().await;
            }
        }
    }
    #[cfg(not(unix))]
    {
        let _ = tokio::signal::ctrl_c().await;
    }
}
