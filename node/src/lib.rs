//! # taochain-node
//!
//! Assembles a taochain node from configuration: opens the datadir, builds the chain (store,
//! pool, PoA producer), starts the block producer and the JSON-RPC server. Nothing is decided
//! here; the `taochain` binary parses flags into a [`NodeConfig`] and calls [`start`]. Tests
//! start nodes in-process the same way (with port 0).

pub mod cli;

use anyhow::Context as _;
use evm_host::chain::{Chain, ChainConfig, MiningMode, run_miner};
use evm_host::rpc::{self, RpcConfig, RpcServer};
use evm_host::txpool::PoolConfig;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::sync::Arc;
use std::time::Duration;
use tao_chain::genesis::{Genesis, dev_authority_key};
use tao_store::Store;

/// Everything needed to start a node.
#[derive(Debug, Clone)]
pub struct NodeConfig {
    /// Genesis (the dev genesis with `--dev`).
    pub genesis: Genesis,
    /// Dev mode (dev RPC methods, automine unless a block time is given).
    pub dev: bool,
    /// Database directory; `None` keeps the chain in memory.
    pub datadir: Option<PathBuf>,
    /// RPC listen address.
    pub rpc_addr: SocketAddr,
    /// Seal every this many seconds (`None` = automine in dev, genesis block time otherwise).
    pub block_time: Option<u64>,
    /// Block gas limit override.
    pub gas_limit: Option<u64>,
    /// This node's authority key.
    pub authority_key: Option<alloy_primitives::B256>,
}

impl NodeConfig {
    /// A dev node on `rpc_addr`, in memory unless `datadir` is set.
    pub fn dev(rpc_addr: SocketAddr, datadir: Option<PathBuf>) -> Self {
        Self {
            genesis: Genesis::dev(),
            dev: true,
            datadir,
            rpc_addr,
            block_time: None,
            gas_limit: None,
            authority_key: Some(dev_authority_key()),
        }
    }
}

/// How long [`Node::stop`] waits for the server's connection tasks to release the chain.
pub const STOP_GRACE: Duration = Duration::from_secs(5);

/// A running node.
pub struct Node {
    /// The chain.
    pub chain: Arc<Chain>,
    /// The RPC server.
    pub rpc: RpcServer,
    miner: tokio::task::JoinHandle<()>,
}

impl Node {
    /// HTTP URL of the RPC server.
    pub fn http_url(&self) -> String {
        self.rpc.http_url()
    }
    /// WebSocket URL.
    pub fn ws_url(&self) -> String {
        self.rpc.ws_url()
    }
    /// Stop the RPC server and the block producer. Returns once every task that held the chain
    /// has let it go (or after [`STOP_GRACE`]), so that its database lock is released and the
    /// datadir can be opened again at once.
    pub async fn stop(self) {
        let Node { chain, rpc, miner } = self;
        miner.abort();
        // Cancelled is the expected outcome; the await only waits for the task to be dropped.
        let _ = miner.await;
        rpc.stop();
        rpc.stopped().await;
        // Connection tasks of the server finish on their own shortly after it stops.
        let chain = {
            let weak = Arc::downgrade(&chain);
            // Our own handle must go too, or the wait below always lasts the whole grace.
            drop(chain);
            weak
        };
        let deadline = tokio::time::Instant::now() + STOP_GRACE;
        while chain.strong_count() > 0 && tokio::time::Instant::now() < deadline {
            tokio::time::sleep(Duration::from_millis(5)).await;
        }
        if chain.strong_count() > 0 {
            tracing::warn!("chain still referenced after stop");
        }
    }
}

/// Opens the database, waiting up to [`STOP_GRACE`] while a node of this process that was just
/// stopped finishes closing it (the last `Arc<Chain>` can be dropping on another thread when
/// [`Node::stop`] returns, and redb refuses a second open until that drop completes).
async fn open_store(path: &std::path::Path) -> Result<Store, tao_store::StoreError> {
    let deadline = tokio::time::Instant::now() + STOP_GRACE;
    loop {
        match Store::open(path) {
            Err(e)
                if e.to_string().contains("already open")
                    && tokio::time::Instant::now() < deadline =>
            {
                tokio::time::sleep(Duration::from_millis(10)).await;
            }
            other => return other,
        }
    }
}

/// Open the store, build the chain, start block production and the RPC server.
pub async fn start(cfg: NodeConfig) -> anyhow::Result<Node> {
    let store = match &cfg.datadir {
        Some(dir) => {
            std::fs::create_dir_all(dir)
                .with_context(|| format!("creating datadir {}", dir.display()))?;
            open_store(&dir.join("chain.redb"))
                .await
                .with_context(|| format!("opening database in {}", dir.display()))?
        }
        None => Store::in_memory()?,
    };
    let chain = Chain::open(
        store,
        ChainConfig {
            genesis: cfg.genesis.clone(),
            authority_key: cfg.authority_key,
            gas_limit: cfg.gas_limit,
            pool: PoolConfig::default(),
            dev: cfg.dev,
        },
    )?;
    if let Some(secs) = cfg.block_time {
        let automine = false;
        chain.producer().set_mining_mode(MiningMode {
            automine,
            interval: Some(Duration::from_secs(secs.max(1))),
        });
    }
    let miner = tokio::spawn(run_miner(chain.clone()));
    let rpc = rpc::start(chain.clone(), RpcConfig { addr: cfg.rpc_addr, ..Default::default() })
        .await
        .with_context(|| format!("starting JSON-RPC on {}", cfg.rpc_addr))?;
    Ok(Node { chain, rpc, miner })
}
