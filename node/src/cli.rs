//! Command-line flags of the `taochain` binary.

use crate::NodeConfig;
use alloy_primitives::B256;
use anyhow::Context as _;
use clap::{Parser, Subcommand};
use std::net::SocketAddr;
use std::path::PathBuf;
use tao_chain::genesis::{Genesis, dev_authority_key};

/// taochain: a Bittensor-style Proof-of-Authority chain with an Ethereum JSON-RPC.
#[derive(Debug, Parser)]
#[command(name = "taochain", version, about)]
pub struct Cli {
    /// Development chain: chain id 31337, ten funded anvil accounts, instant mining.
    #[arg(long)]
    pub dev: bool,
    /// Database directory (default with --dev: in memory; otherwise ./taochain-data).
    #[arg(long, env = "TAOCHAIN_DATADIR")]
    pub datadir: Option<PathBuf>,
    /// Genesis JSON file (required without --dev).
    #[arg(long)]
    pub genesis: Option<PathBuf>,
    /// JSON-RPC listen address (HTTP and WebSocket).
    #[arg(long, default_value = "127.0.0.1:8545")]
    pub rpc_addr: SocketAddr,
    /// Seal a block every S seconds (with --dev the default is to mine on demand).
    #[arg(long)]
    pub block_time: Option<u64>,
    /// Block gas limit.
    #[arg(long)]
    pub gas_limit: Option<u64>,
    /// Override the genesis chain id (only with --dev).
    #[arg(long)]
    pub chain_id: Option<u64>,
    /// How new subnets start, overriding the genesis profile (only with --dev): `mainnet` (the
    /// real chain's `start_call` through 0x0a01, TAO emission once root enables it, the moving
    /// price ramping from 0) or `dev` (at once).
    #[arg(long, value_parser = ["mainnet", "dev"])]
    pub subnet_startup: Option<String>,
    /// Which engine holds the subnet pools, overriding the genesis (only with --dev):
    /// `solidity` (the AlphaPools contract at 0x…0b05, the default), `native` or `ink` (the
    /// ink! pool on the wasm host).
    #[arg(long, value_parser = ["solidity", "native", "ink"])]
    pub pool_engine: Option<String>,
    /// Authority key file (hex private key) for sealing blocks.
    #[arg(long, env = "TAOCHAIN_AUTHORITY_KEY_FILE")]
    pub authority_key_file: Option<PathBuf>,
    /// Log filter, e.g. info, debug, evm_host=debug.
    #[arg(long, default_value = "info", env = "RUST_LOG")]
    pub log: String,
    /// Subcommands (offline tools).
    #[command(subcommand)]
    pub command: Option<Command>,
}

/// Offline tools.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Print the genesis the node would use, as JSON.
    Genesis,
    /// Run one Yuma epoch offline on given inputs and print the result as JSON
    /// (format: docs/epoch-format.md).
    Epoch {
        /// Input JSON file (`-` for stdin).
        #[arg(long)]
        input: PathBuf,
    },
}

/// Run `taochain epoch --input FILE`: read the case, run the epoch, return the output JSON.
pub fn run_epoch_file(input: &std::path::Path) -> anyhow::Result<String> {
    let text = if input.as_os_str() == "-" {
        std::io::read_to_string(std::io::stdin()).context("reading stdin")?
    } else {
        std::fs::read_to_string(input).with_context(|| format!("reading {}", input.display()))?
    };
    let case: tao_yuma::EpochInput =
        serde_json::from_str(&text).with_context(|| format!("parsing {}", input.display()))?;
    let out =
        tao_yuma::run_epoch(&case).map_err(|e| anyhow::anyhow!("invalid epoch input: {e}"))?;
    Ok(serde_json::to_string_pretty(&out)?)
}

impl Cli {
    /// Turn flags into a node configuration.
    pub fn node_config(&self) -> anyhow::Result<NodeConfig> {
        if matches!(self.command, Some(Command::Epoch { .. })) {
            // Offline tool: no chain needed.
            return Ok(NodeConfig::dev(self.rpc_addr, None));
        }
        let mut genesis = match (&self.genesis, self.dev) {
            (Some(p), _) => Genesis::from_file(p)?,
            (None, true) => Genesis::dev(),
            (None, false) => anyhow::bail!("either --dev or --genesis FILE is required"),
        };
        if let Some(id) = self.chain_id {
            anyhow::ensure!(self.dev, "--chain-id can only override the --dev genesis");
            genesis.chain_id = id;
        }
        if let Some(startup) = &self.subnet_startup {
            anyhow::ensure!(self.dev, "--subnet-startup can only override the --dev genesis");
            genesis.native.subnet_startup = Some(match startup.as_str() {
                "mainnet" => tao_chain::genesis::SubnetStartup::Mainnet,
                _ => tao_chain::genesis::SubnetStartup::Dev,
            });
        }
        if let Some(engine) = &self.pool_engine {
            anyhow::ensure!(self.dev, "--pool-engine can only override the --dev genesis");
            genesis.native.pool_engine = match engine.as_str() {
                "native" => tao_chain::genesis::PoolEngineChoice::Native,
                "ink" => tao_chain::genesis::PoolEngineChoice::Ink,
                _ => tao_chain::genesis::PoolEngineChoice::Solidity,
            };
        }
        let authority_key = match &self.authority_key_file {
            Some(p) => {
                let s = std::fs::read_to_string(p)
                    .with_context(|| format!("reading {}", p.display()))?;
                Some(s.trim().parse::<B256>().context("authority key must be 32 bytes of hex")?)
            }
            None if self.dev => Some(dev_authority_key()),
            None => None,
        };
        let datadir = match (&self.datadir, self.dev) {
            (Some(d), _) => Some(d.clone()),
            (None, true) => None,
            (None, false) => Some(PathBuf::from("taochain-data")),
        };
        Ok(NodeConfig {
            genesis,
            dev: self.dev,
            datadir,
            rpc_addr: self.rpc_addr,
            block_time: self.block_time,
            gas_limit: self.gas_limit,
            authority_key,
        })
    }
}
