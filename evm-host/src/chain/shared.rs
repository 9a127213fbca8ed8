//! The handle every component holds: the store, the chain-wide settings and the shared
//! mutable state (head, pool, clock, production lock). See the module doc of [`super`] for the
//! lock order.

use super::NewBlock;
use crate::db::{BlockHashes, DbError};
use crate::exec::{BlockParams, ExecConfig};
use crate::txpool::TxPool;
use alloy_primitives::{Address, B256, keccak256};
use parking_lot::{Mutex, RwLock};
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};
use tao_chain::block::{Header, SealedHeader};
use tao_chain::poa::Authorities;
use tao_store::{Store, StoreError, StoreStateView};
use tokio::sync::{Notify, broadcast};

/// Dev block parameters: time travel (an offset added to the wall clock, a fixed timestamp for
/// the next block, a fixed interval between block timestamps) and a base fee for the next block.
#[derive(Debug, Default)]
pub(crate) struct Clock {
    pub(crate) offset: i64,
    pub(crate) next_timestamp: Option<u64>,
    /// `evm_setBlockTimestampInterval`: each block `interval` seconds after its parent.
    pub(crate) interval: Option<u64>,
    /// `anvil_setNextBlockBaseFeePerGas`: the next block's base fee (the rule resumes after).
    pub(crate) next_base_fee: Option<u64>,
}

/// Seconds since the Unix epoch (0 if the system clock is set before it).
pub(crate) fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// State shared by the chain components.
pub(crate) struct Shared {
    pub(crate) store: Store,
    pub(crate) exec: ExecConfig,
    pub(crate) authorities: Authorities,
    /// Block gas limit of produced blocks (`anvil_setBlockGasLimit` changes it).
    pub(crate) gas_limit: AtomicU64,
    /// Serialises everything that writes the head state: block production and dev edits.
    pub(crate) produce: Mutex<()>,
    pub(crate) pool: Mutex<TxPool>,
    /// Signalled when a transaction is pooled.
    pub(crate) pool_notify: Notify,
    pub(crate) head: RwLock<SealedHeader>,
    pub(crate) clock: Mutex<Clock>,
    pub(crate) events: broadcast::Sender<Arc<NewBlock>>,
}

impl Shared {
    pub(crate) fn head(&self) -> SealedHeader {
        self.head.read().clone()
    }

    /// The base fee of the block after `h`.
    pub(crate) fn base_fee_after(&self, h: &Header) -> u64 {
        self.exec.next_base_fee(
            h.gas_used,
            h.gas_limit,
            h.base_fee_per_gas.unwrap_or(self.exec.base_fee_floor),
        )
    }

    /// The base fee of the next block (a dev override if one is set).
    pub(crate) fn next_base_fee(&self) -> u64 {
        if let Some(fee) = self.clock.lock().next_base_fee {
            return fee;
        }
        self.base_fee_after(&self.head.read().header)
    }

    /// The block gas limit of produced blocks.
    pub(crate) fn gas_limit(&self) -> u64 {
        self.gas_limit.load(Ordering::Relaxed)
    }

    /// The account nonce of `a` at the head (0 for an account that does not exist).
    pub(crate) fn nonce(&self, a: Address) -> Result<u64, StoreError> {
        Ok(self.store.latest_account(a)?.map(|x| x.nonce).unwrap_or(0))
    }

    /// Block hashes for the BLOCKHASH opcode, read from the store.
    pub(crate) fn hashes(&self) -> impl BlockHashes + '_ {
        move |n: u64| -> Result<Option<B256>, DbError> { Ok(self.store.header(n)?.map(|h| h.hash)) }
    }

    /// A view of the state after block `n` (`None` = head).
    pub(crate) fn state_at(&self, n: Option<u64>) -> Result<StoreStateView, StoreError> {
        self.store.state_at(n)
    }

    /// Block parameters for a call on top of block `at` (a pending-like environment).
    pub(crate) fn call_params(&self, at: &SealedHeader) -> BlockParams {
        let h = &at.header;
        let offset = self.clock.lock().offset;
        BlockParams {
            number: h.number + 1,
            timestamp: h.timestamp.max(now_secs().saturating_add_signed(offset)),
            beneficiary: h.beneficiary,
            gas_limit: self.gas_limit(),
            base_fee: self.exec.next_base_fee(
                h.gas_used,
                h.gas_limit,
                h.base_fee_per_gas.unwrap_or(0),
            ),
            prevrandao: keccak256(at.hash),
        }
    }
}
