//! [`NativeStore`] over revm's journal: native slots are storage of the system account, so
//! every native write made by a precompile is journaled with the EVM frame and rolls back when
//! that frame (or any frame above it) reverts.

use alloy_primitives::{Address, B256, Log, U256};
use revm::context_interface::journaled_state::JournalCheckpoint;
use revm::context_interface::journaled_state::account::JournaledAccountTr;
use revm::context_interface::{Block, ContextTr, JournalTr};
use tao_primitives::NetUid;
use tao_primitives::address_to_account_id;
use tao_runtime::pool_engine::{self, EngineKind, OpResult, PoolContract, PoolOp};
use tao_runtime::{NATIVE_ACCOUNT, NativeCheckpoint, NativeError, NativeStore};

/// A native store backed by the journal of the running transaction.
pub struct JournalStore<'a, CTX> {
    ctx: &'a mut CTX,
    block: u64,
    system_gas: u64,
    /// revm checkpoints opened through [`NativeStore::checkpoint`], innermost last.
    open: Vec<JournalCheckpoint>,
}

impl<'a, CTX: ContextTr> JournalStore<'a, CTX> {
    /// Wrap the EVM context.
    pub fn new(ctx: &'a mut CTX) -> Self {
        let block = u64::try_from(ctx.block().number()).unwrap_or(u64::MAX);
        Self { ctx, block, system_gas: 0, open: Vec::new() }
    }

    /// Gas used by the pool contract's system calls made through this store (charged to the
    /// frame that made them).
    pub fn system_gas(&self) -> u64 {
        self.system_gas
    }
}

fn backend(e: impl std::fmt::Debug) -> NativeError {
    NativeError::Backend(format!("{e:?}"))
}

impl<CTX: ContextTr> NativeStore for JournalStore<'_, CTX> {
    fn load(&mut self, slot: B256) -> Result<U256, NativeError> {
        self.ctx.journal_mut().load_account(NATIVE_ACCOUNT).map_err(backend)?;
        let v = self
            .ctx
            .journal_mut()
            .sload(NATIVE_ACCOUNT, U256::from_be_bytes(slot.0))
            .map_err(backend)?;
        Ok(v.data)
    }

    fn store(&mut self, slot: B256, value: U256) -> Result<(), NativeError> {
        self.ctx.journal_mut().load_account(NATIVE_ACCOUNT).map_err(backend)?;
        self.ctx
            .journal_mut()
            .sstore(NATIVE_ACCOUNT, U256::from_be_bytes(slot.0), value)
            .map_err(backend)?;
        Ok(())
    }

    fn evm_balance(&mut self, who: Address) -> Result<U256, NativeError> {
        let acc = self.ctx.journal_mut().load_account(who).map_err(backend)?;
        Ok(acc.data.info.balance)
    }

    fn evm_credit(&mut self, who: Address, wei: U256) -> Result<(), NativeError> {
        self.ctx.journal_mut().balance_incr(who, wei).map_err(backend)
    }

    fn evm_debit(&mut self, who: Address, wei: U256) -> Result<(), NativeError> {
        let mut acc = self.ctx.journal_mut().load_account_mut(who).map_err(backend)?;
        let have = acc.data.balance();
        if *have < wei {
            let rao =
                |w: U256| tao_primitives::Rao::from_wei_floor(w).map(|r| r.0).unwrap_or(u64::MAX);
            return Err(NativeError::InsufficientBalance { have: rao(*have), need: rao(wei) });
        }
        if !acc.data.decr_balance(wei) {
            return Err(NativeError::Backend("balance decrement failed".into()));
        }
        Ok(())
    }

    fn block_number(&self) -> u64 {
        self.block
    }

    fn evm_storage(&mut self, who: Address, slot: U256) -> Result<U256, NativeError> {
        self.ctx.journal_mut().load_account(who).map_err(backend)?;
        Ok(self.ctx.journal_mut().sload(who, slot).map_err(backend)?.data)
    }

    fn pool_contract(&mut self) -> Option<&mut dyn PoolContract> {
        Some(self)
    }

    /// A revm journal checkpoint (the ink! host opens one per frame).
    fn checkpoint(&mut self) -> Result<NativeCheckpoint, NativeError> {
        let cp = self.ctx.journal_mut().checkpoint();
        self.open.push(cp);
        Ok(NativeCheckpoint(self.open.len().saturating_sub(1)))
    }

    /// revm's `checkpoint_commit` (it closes the newest checkpoint; positions nest).
    fn checkpoint_commit(&mut self, cp: NativeCheckpoint) -> Result<(), NativeError> {
        if cp.0.saturating_add(1) != self.open.len() {
            return Err(NativeError::Backend(format!(
                "commit of checkpoint {} while {} are open",
                cp.0,
                self.open.len()
            )));
        }
        self.open.truncate(cp.0);
        self.ctx.journal_mut().checkpoint_commit();
        Ok(())
    }

    /// revm's `checkpoint_revert`: undoes slots, balances and logs since `cp`.
    fn checkpoint_revert(&mut self, cp: NativeCheckpoint) -> Result<(), NativeError> {
        if cp.0.saturating_add(1) != self.open.len() {
            return Err(NativeError::Backend(format!(
                "revert of checkpoint {} while {} are open",
                cp.0,
                self.open.len()
            )));
        }
        let Some(at) = self.open.pop() else {
            return Err(NativeError::Backend("no open checkpoint".into()));
        };
        self.ctx.journal_mut().checkpoint_revert(at);
        Ok(())
    }
}

/// The contract pool engines run in the transaction's own journal: the Solidity engine on a
/// nested EVM ([`crate::pool_host`]), the ink! engine on the wasm bridge
/// ([`crate::ink_pool`]) as the system account's twin.
impl<CTX: ContextTr> PoolContract for JournalStore<'_, CTX> {
    fn apply(&mut self, netuid: NetUid, op: &PoolOp) -> Result<OpResult, NativeError> {
        let (out, gas) = match pool_engine::engine(self)? {
            EngineKind::Ink => {
                let pools = pool_engine::ink::pools_account(self)?
                    .ok_or(NativeError::CorruptState { item: "ink! pools account" })?;
                let bridge = crate::wasm_bridge()
                    .map_err(|e| NativeError::Backend(format!("wasm host: {e}")))?;
                let timestamp = u64::try_from(self.ctx.block().timestamp()).unwrap_or(u64::MAX);
                let env = crate::wasm_env(self, timestamp);
                let system = address_to_account_id(NATIVE_ACCOUNT);
                crate::ink_pool::run(&bridge, self, pools.into(), system, env, netuid, op)?
            }
            _ => crate::pool_host::run(self.ctx, netuid, op)?,
        };
        self.system_gas = self.system_gas.saturating_add(gas);
        Ok(out)
    }
}

/// Logs go into the journal, so they are dropped with the frame that emitted them if it (or a
/// frame above it) reverts.
impl<CTX: ContextTr> crate::events::Host for JournalStore<'_, CTX> {
    fn emit(&mut self, log: Log) {
        self.ctx.journal_mut().log(log);
    }
}
