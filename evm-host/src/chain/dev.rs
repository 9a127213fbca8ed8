//! Dev controls (`--dev` only): dev accounts, state edits, time travel and snapshots.

use super::ChainError;
use super::dev_native::DevNative;
use super::shared::Shared;
use crate::txpool::Parked;
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use parking_lot::Mutex;
use std::collections::BTreeSet;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use tao_chain::state::{AccountInfo, StateChanges, StateView};
use tao_runtime::NativeError;
use tao_store::StoreStateView;

/// A snapshot: the store mark to unwind to and the clock offset at the time.
#[derive(Debug, Clone, Copy)]
struct Snapshot {
    block: u64,
    seq: u64,
    offset: i64,
}

/// Dev controls. Every method but [`DevControls::accounts`] fails with
/// [`ChainError::DevOnly`] on a non-dev chain.
pub struct DevControls {
    shared: Arc<Shared>,
    enabled: bool,
    keys: Vec<(Address, B256)>,
    snapshots: Mutex<Vec<Snapshot>>,
    impersonated: Mutex<BTreeSet<Address>>,
    auto_impersonate: AtomicBool,
    /// The block gas limit the node started with (`anvil_reset` restores it).
    initial_gas_limit: u64,
}

impl DevControls {
    pub(crate) fn new(shared: Arc<Shared>, enabled: bool) -> Self {
        let keys = if enabled {
            tao_chain::genesis::DEV_ACCOUNTS
                .iter()
                .filter_map(|(a, k)| Some((a.parse().ok()?, k.parse().ok()?)))
                .collect()
        } else {
            vec![]
        };
        Self {
            initial_gas_limit: shared.gas_limit(),
            shared,
            enabled,
            keys,
            snapshots: Mutex::new(Vec::new()),
            impersonated: Mutex::new(BTreeSet::new()),
            auto_impersonate: AtomicBool::new(false),
        }
    }

    /// True in dev mode.
    pub fn enabled(&self) -> bool {
        self.enabled
    }

    /// Dev accounts whose keys the node holds (for `eth_accounts`, `eth_sendTransaction`);
    /// empty outside dev mode.
    pub fn accounts(&self) -> &[(Address, B256)] {
        &self.keys
    }

    /// `Err(DevOnly)` outside dev mode.
    pub fn require(&self) -> Result<(), ChainError> {
        if self.enabled { Ok(()) } else { Err(ChainError::DevOnly) }
    }

    /// `anvil_impersonateAccount` (`true`) / `anvil_stopImpersonatingAccount` (`false`):
    /// `eth_sendTransaction` from `addr` works without its key.
    pub fn impersonate(&self, addr: Address, on: bool) -> Result<(), ChainError> {
        self.require()?;
        let mut set = self.impersonated.lock();
        if on {
            set.insert(addr);
        } else {
            set.remove(&addr);
        }
        Ok(())
    }

    /// `anvil_autoImpersonateAccount`: every address is impersonated while on.
    pub fn set_auto_impersonate(&self, on: bool) -> Result<(), ChainError> {
        self.require()?;
        self.auto_impersonate.store(on, Ordering::Relaxed);
        Ok(())
    }

    /// Whether `eth_sendTransaction` may send as `addr` without its key (always `false`
    /// outside dev mode).
    pub fn is_impersonated(&self, addr: Address) -> bool {
        self.enabled
            && (self.auto_impersonate.load(Ordering::Relaxed)
                || self.impersonated.lock().contains(&addr))
    }

    /// Edit an account: applied to the head state at once.
    pub fn set_account(
        &self,
        addr: Address,
        f: impl FnOnce(&mut AccountInfo),
        code: Option<Bytes>,
    ) -> Result<(), ChainError> {
        self.require()?;
        let _guard = self.shared.produce.lock();
        let mut acc = self.shared.state_at(None)?.account(addr)?.unwrap_or_default();
        f(&mut acc);
        let mut c = StateChanges::default();
        if let Some(code) = code {
            let h =
                if code.is_empty() { alloy_primitives::KECCAK256_EMPTY } else { keccak256(&code) };
            acc.code_hash = h;
            if !code.is_empty() {
                c.codes.insert(h, code);
            }
        }
        let balance = acc.balance;
        c.accounts.insert(addr, Some(acc));
        self.shared.store.apply_dev_changes(&c)?;
        // A parked transaction of this account may be payable now.
        let unparked = self.shared.pool.lock().unpark(|t, why| {
            Ok::<_, std::convert::Infallible>(
                matches!(why, Parked::Funds { cost } if t.sender == addr && balance >= *cost),
            )
        });
        if let Ok(1..) = unparked {
            self.shared.pool_notify.notify_one();
        }
        Ok(())
    }

    /// Runs a Bittensor dev control (`tao_runtime::dev`) on the head state. The outer error is
    /// the node's (dev mode off, storage); the inner one is the native modules' refusal, in
    /// which case nothing was written. Accepted edits land at once, like the other state edits.
    pub(crate) fn edit_native<T>(
        &self,
        edit: impl FnOnce(&mut DevNative<StoreStateView>) -> Result<T, NativeError>,
    ) -> Result<Result<T, NativeError>, ChainError> {
        self.require()?;
        let _guard = self.shared.produce.lock();
        let head = self.shared.head.read().number();
        let mut store = DevNative::new(self.shared.state_at(None)?, head);
        let out = match edit(&mut store) {
            Ok(out) => out,
            Err(e) => return Ok(Err(e)),
        };
        let changes = match store.into_changes() {
            Ok(c) => c,
            Err(e) => return Ok(Err(e)),
        };
        self.shared.store.apply_dev_changes(&changes)?;
        Ok(Ok(out))
    }

    /// The clock offset (seconds added to the wall clock for block timestamps).
    pub fn clock_offset(&self) -> i64 {
        self.shared.clock.lock().offset
    }

    /// Set a storage slot.
    pub fn set_storage(&self, addr: Address, slot: U256, value: U256) -> Result<(), ChainError> {
        self.require()?;
        let _guard = self.shared.produce.lock();
        let mut c = StateChanges::default();
        if self.shared.state_at(None)?.account(addr)?.is_none() {
            c.accounts.insert(addr, Some(AccountInfo::default()));
        }
        c.storage.insert((addr, slot), value);
        self.shared.store.apply_dev_changes(&c)?;
        Ok(())
    }

    /// Shift block time forward by `secs`; returns the total offset.
    pub fn increase_time(&self, secs: i64) -> Result<i64, ChainError> {
        self.require()?;
        let mut c = self.shared.clock.lock();
        c.offset = c.offset.saturating_add(secs);
        Ok(c.offset)
    }

    /// Fix the next block's timestamp.
    pub fn set_next_timestamp(&self, ts: u64) -> Result<(), ChainError> {
        self.require()?;
        self.shared.clock.lock().next_timestamp = Some(ts);
        Ok(())
    }

    /// Set the block gas limit of the blocks produced from now on.
    pub fn set_gas_limit(&self, gas: u64) -> Result<(), ChainError> {
        self.require()?;
        self.shared.gas_limit.store(gas, Ordering::Relaxed);
        Ok(())
    }

    /// Fix the next block's base fee (the EIP-1559 rule resumes from it). Transactions parked
    /// for their fee cap that the new fee admits become ready.
    pub fn set_next_base_fee(&self, fee: u64) -> Result<(), ChainError> {
        self.require()?;
        self.shared.clock.lock().next_base_fee = Some(fee);
        let unparked = self.shared.pool.lock().unpark(|_, why| {
            Ok::<_, std::convert::Infallible>(
                matches!(why, Parked::Fee { max_fee } if u128::from(fee) <= *max_fee),
            )
        });
        if let Ok(1..) = unparked {
            self.shared.pool_notify.notify_one();
        }
        Ok(())
    }

    /// The interval set by [`Self::set_timestamp_interval`], if any.
    pub fn timestamp_interval(&self) -> Option<u64> {
        self.shared.clock.lock().interval
    }

    /// Produce each block `secs` after its parent (`None`: back to the wall clock).
    pub fn set_timestamp_interval(&self, secs: Option<u64>) -> Result<(), ChainError> {
        self.require()?;
        self.shared.clock.lock().interval = secs;
        Ok(())
    }

    /// Take a snapshot; returns its id.
    pub fn snapshot(&self) -> Result<u64, ChainError> {
        self.require()?;
        let _guard = self.shared.produce.lock();
        let (block, seq) = self.shared.store.dev_mark()?;
        let offset = self.shared.clock.lock().offset;
        let mut s = self.snapshots.lock();
        s.push(Snapshot { block, seq, offset });
        Ok(s.len() as u64)
    }

    /// Revert to snapshot `id` (which is consumed, with every later one).
    pub fn revert(&self, id: u64) -> Result<(), ChainError> {
        self.require()?;
        let snap = {
            let mut s = self.snapshots.lock();
            if id == 0 || id as usize > s.len() {
                return Err(ChainError::UnknownSnapshot);
            }
            let snap = s[id as usize - 1];
            s.truncate(id as usize - 1);
            snap
        };
        let shared = &self.shared;
        let _guard = shared.produce.lock();
        shared.store.unwind_to_mark(snap.block, snap.seq)?;
        *shared.head.write() = shared.store.head()?;
        shared.clock.lock().offset = snap.offset;
        self.after_unwind()
    }

    /// `anvil_reset`: back to the genesis state (every block and dev edit undone), with an
    /// empty pool, no snapshots, no impersonation, the wall clock and the starting gas limit.
    pub fn reset(&self) -> Result<(), ChainError> {
        self.require()?;
        let shared = &self.shared;
        let _guard = shared.produce.lock();
        shared.store.unwind_to_mark(0, 0)?;
        *shared.head.write() = shared.store.head()?;
        *shared.clock.lock() = super::shared::Clock::default();
        shared.pool.lock().clear();
        shared.gas_limit.store(self.initial_gas_limit, Ordering::Relaxed);
        self.snapshots.lock().clear();
        self.impersonated.lock().clear();
        self.auto_impersonate.store(false, Ordering::Relaxed);
        Ok(())
    }

    /// `anvil_dumpState`: the whole store (blocks, receipts, state and its history) at the
    /// head, read in one transaction.
    pub fn dump_state(&self) -> Result<super::dump::StateDump, ChainError> {
        self.require()?;
        let shared = &self.shared;
        let _guard = shared.produce.lock();
        let head = shared.head();
        let genesis = shared.store.genesis_hash()?.ok_or(tao_store::StoreError::Empty)?;
        let tables = shared.store.export()?;
        let head = super::dump::DumpHead { number: head.number(), hash: head.hash };
        Ok(super::dump::StateDump::new(shared.exec.chain_id, genesis, head, tables))
    }

    /// `anvil_loadState`: replace the whole store with a dump of this chain (same chain id and
    /// genesis), then continue from its head with an empty pool and no snapshots. A dump that
    /// cannot be loaded changes nothing.
    pub fn load_state(&self, bytes: &[u8]) -> Result<(), ChainError> {
        self.require()?;
        let shared = &self.shared;
        let genesis = shared.store.genesis_hash()?.ok_or(tao_store::StoreError::Empty)?;
        let dump = super::dump::StateDump::from_bytes(bytes, shared.exec.chain_id, genesis)?;
        let rows = dump.store_rows();
        let _guard = shared.produce.lock();
        shared.store.import(&rows)?;
        *shared.head.write() = shared.store.head()?;
        *shared.clock.lock() = super::shared::Clock::default();
        shared.pool.lock().clear();
        self.snapshots.lock().clear();
        Ok(())
    }

    /// After the state went back: drop pooled transactions whose nonce is used and unpark
    /// those the older state can pay for.
    fn after_unwind(&self) -> Result<(), ChainError> {
        let shared = &self.shared;
        let state = shared.store.state_at(None)?;
        let next_base_fee = u128::from(shared.next_base_fee());
        let mut pool = shared.pool.lock();
        let senders: Vec<Address> = pool.all().iter().map(|t| t.sender).collect();
        for s in senders {
            let nonce = state.account(s)?.map(|a| a.nonce).unwrap_or(0);
            pool.prune_sender(s, nonce);
        }
        // The state went back: a parked transaction may be executable on it.
        let unparked = pool.unpark(|t, why| {
            Ok::<_, ChainError>(match why {
                Parked::Funds { cost } => {
                    state.account(t.sender)?.is_some_and(|a| a.balance >= *cost)
                }
                Parked::Fee { max_fee } => next_base_fee <= *max_fee,
            })
        })?;
        drop(pool);
        if unparked > 0 {
            shared.pool_notify.notify_one();
        }
        Ok(())
    }
}
