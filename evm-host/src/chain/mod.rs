//! The running chain, assembled from components that share one handle:
//!
//! ```text
//!                 ┌──────────────── Chain ────────────────┐
//!  RPC / node ──> │ TxAdmission   BlockProducer   DevControls   Calls │
//!                 └───────┬────────────┬──────────────┬─────────┬────┘
//!                         └────────────┴── Arc<Shared> ┴─────────┘
//!                     store · exec config · authorities · head · pool · clock · events
//! ```
//!
//! - [`TxAdmission`] (pool side): decodes, checks and pools transactions, answers nonce and
//!   pool queries;
//! - [`BlockProducer`]: the PoA sealer and the mining mode; builds, seals and commits blocks
//!   ([`run_miner`] drives it, supervised);
//! - [`DevControls`]: dev accounts, state edits, time travel and snapshots (`--dev` only);
//! - [`Calls`]: `eth_call` and gas estimation on stored state;
//! - [`genesis`]: the genesis block and the start-up check of the stored chain.
//!
//! Every block is executed against the head's state, sealed, and committed to the store in
//! one transaction before anyone (RPC, pool, subscribers) sees it.
//!
//! # Lock order
//!
//! The locks are taken in this order and never the other way round (a lock may be skipped;
//! a later one may be taken and released while an earlier one is held):
//!
//! 1. `Shared::produce`: serialises every write of the head state (block production,
//!    dev edits, snapshot and revert);
//! 2. `DevControls::snapshots`;
//! 3. `Shared::pool`;
//! 4. `Shared::head` (read/write);
//! 5. `Shared::clock`;
//! 6. `BlockProducer::mode`;
//! 7. `BlockProducer::stopped` (why the mining task stopped, if it did).
//!
//! The last five are held only for short, non-blocking sections; no lock is held across an
//! `.await`.
//!
//! # One transaction cannot stop block production
//!
//! [`TxAdmission`] refuses what can never execute; the pool *parks* what cannot execute yet
//! (a parked transaction is not ready, so automine seals no block for it) and the producer
//! unparks it when a block makes it executable; what fails at execution for good is dropped
//! with the reason in the log. [`run_miner`] supervises the mining loop: if it fails, the
//! producer records why and the RPC reports it.

mod admission;
mod calls;
mod dev;
mod dev_native;
pub mod dump;
mod error;
pub mod genesis;
mod producer;
mod shared;

pub use admission::TxAdmission;
pub use calls::Calls;
pub use dev::DevControls;
pub(crate) use dev_native::DevNative;
pub use error::{ChainError, TxError};
pub use genesis::{VERIFY_ON_OPEN, genesis_block};
pub use producer::{BlockProducer, MiningMode, VANITY, run_miner};

use crate::exec::ExecConfig;
use crate::txpool::{PoolConfig, TxPool};
use alloy_primitives::B256;
use parking_lot::{Mutex, RwLock};
use shared::{Clock, Shared};
use std::sync::Arc;
use std::sync::atomic::AtomicU64;
use std::time::Duration;
use tao_chain::block::{RecoveredTx, SealedHeader, StoredReceipt};
use tao_chain::genesis::Genesis;
use tao_chain::poa::{Authorities, Sealer};
use tao_store::{Store, StoreStateView};
use tokio::sync::{Notify, broadcast};

/// What the node is configured with.
#[derive(Debug, Clone)]
pub struct ChainConfig {
    /// Genesis.
    pub genesis: Genesis,
    /// This node's authority key (it seals blocks only if it has one).
    pub authority_key: Option<B256>,
    /// Block gas limit for produced blocks (defaults to genesis).
    pub gas_limit: Option<u64>,
    /// Pool limits.
    pub pool: PoolConfig,
    /// Dev mode: dev RPC methods are enabled.
    pub dev: bool,
}

/// A new block, as subscribers receive it.
#[derive(Debug)]
pub struct NewBlock {
    /// Header.
    pub header: SealedHeader,
    /// Transactions.
    pub txs: Vec<RecoveredTx>,
    /// Receipts.
    pub receipts: Vec<StoredReceipt>,
}

/// The chain: its components and the handle they share.
pub struct Chain {
    shared: Arc<Shared>,
    pool: TxAdmission,
    producer: BlockProducer,
    dev: DevControls,
    calls: Calls,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain").field("chain_id", &self.chain_id()).finish_non_exhaustive()
    }
}

impl Chain {
    /// Open the chain on `store`, writing genesis if the store is empty.
    pub fn open(store: Store, cfg: ChainConfig) -> Result<Arc<Self>, ChainError> {
        let g = &cfg.genesis;
        let (genesis_header, changes) = genesis_block(g, g.gas_limit)?;
        store.init_genesis(&genesis_header, &changes)?;
        let head = store.head()?;
        let authorities = Authorities::new(g.authorities.clone(), g.block_time_secs)?;
        genesis::verify_tail(&store, &authorities, head.number())?;
        let sealer = cfg.authority_key.as_ref().map(Sealer::new).transpose()?;
        let mode = if cfg.dev {
            MiningMode { automine: true, interval: None }
        } else {
            MiningMode {
                automine: false,
                interval: Some(Duration::from_secs(g.block_time_secs.max(1))),
            }
        };
        let shared = Arc::new(Shared {
            store,
            exec: ExecConfig {
                chain_id: g.chain_id,
                base_fee_floor: g.base_fee_floor,
                coinbase: tao_runtime::genesis::coinbase_config(g.native.profile),
            },
            authorities,
            gas_limit: AtomicU64::new(cfg.gas_limit.unwrap_or(g.gas_limit)),
            produce: Mutex::new(()),
            pool: Mutex::new(TxPool::new(cfg.pool)),
            pool_notify: Notify::new(),
            head: RwLock::new(head),
            clock: Mutex::new(Clock::default()),
            events: broadcast::channel(1024).0,
        });
        Ok(Arc::new(Self {
            pool: TxAdmission::new(shared.clone()),
            producer: BlockProducer::new(shared.clone(), sealer, mode),
            dev: DevControls::new(shared.clone(), cfg.dev),
            calls: Calls::new(shared.clone()),
            shared,
        }))
    }

    /// Transaction admission and pool queries.
    pub fn pool(&self) -> &TxAdmission {
        &self.pool
    }
    /// Block production and the mining mode.
    pub fn producer(&self) -> &BlockProducer {
        &self.producer
    }
    /// Dev controls.
    pub fn dev(&self) -> &DevControls {
        &self.dev
    }
    /// Read-only calls.
    pub fn calls(&self) -> &Calls {
        &self.calls
    }

    /// Chain id.
    pub fn chain_id(&self) -> u64 {
        self.shared.exec.chain_id
    }
    /// The block gas limit of produced blocks.
    pub fn gas_limit(&self) -> u64 {
        self.shared.gas_limit()
    }
    /// The store (read access for RPC).
    pub fn store(&self) -> &Store {
        &self.shared.store
    }
    /// The authority set.
    pub fn authorities(&self) -> &Authorities {
        &self.shared.authorities
    }
    /// The head header.
    pub fn head(&self) -> SealedHeader {
        self.shared.head()
    }
    /// Subscribe to new blocks.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<NewBlock>> {
        self.shared.events.subscribe()
    }
    /// The base fee of the next block.
    pub fn next_base_fee(&self) -> u64 {
        self.shared.next_base_fee()
    }
    /// A view of the state after block `n` (`None` = head).
    pub fn state_at(&self, n: Option<u64>) -> Result<StoreStateView, ChainError> {
        Ok(self.shared.state_at(n)?)
    }
}
