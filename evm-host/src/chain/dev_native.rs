//! The native store the Bittensor dev controls edit through: the head state with the edit's
//! writes held in memory, so a refused edit leaves nothing behind and an accepted one lands as
//! one [`StateChanges`] (see [`super::dev::DevControls::edit_native`]).

use alloy_primitives::{Address, B256, U256};
use tao_chain::state::{AccountInfo, StateChanges, StateView};
use tao_primitives::NetUid;
use tao_runtime::pool_engine::{self, OpResult, PoolContract, PoolEngineError, PoolOp};
use tao_runtime::{NATIVE_ACCOUNT, NativeError, NativeStore};

fn backend(e: impl std::fmt::Display) -> NativeError {
    NativeError::Backend(e.to_string())
}

/// Head state plus pending writes, seen by the native modules as block `block`.
pub(crate) struct DevNative<V> {
    view: V,
    block: u64,
    changes: StateChanges,
}

impl<V: StateView> DevNative<V> {
    pub(crate) fn new(view: V, block: u64) -> Self {
        Self { view, block, changes: StateChanges::default() }
    }

    fn account(&self, who: Address) -> Result<AccountInfo, NativeError> {
        match self.changes.accounts.get(&who) {
            Some(a) => Ok(a.unwrap_or_default()),
            None => Ok(self.view.account(who).map_err(backend)?.unwrap_or_default()),
        }
    }

    /// The writes, ready for the store (the native account is created if it was missing).
    pub(crate) fn into_changes(mut self) -> Result<StateChanges, NativeError> {
        let writes_native = self.changes.storage.keys().any(|(a, _)| *a == NATIVE_ACCOUNT);
        if writes_native
            && !self.changes.accounts.contains_key(&NATIVE_ACCOUNT)
            && self.view.account(NATIVE_ACCOUNT).map_err(backend)?.is_none()
        {
            self.changes.accounts.insert(NATIVE_ACCOUNT, Some(AccountInfo::default()));
        }
        Ok(self.changes)
    }
}

impl<V: StateView> NativeStore for DevNative<V> {
    fn load(&mut self, slot: B256) -> Result<U256, NativeError> {
        let key = (NATIVE_ACCOUNT, U256::from_be_bytes(slot.0));
        match self.changes.storage.get(&key) {
            Some(v) => Ok(*v),
            None => self.view.storage(key.0, key.1).map_err(backend),
        }
    }
    fn store(&mut self, slot: B256, value: U256) -> Result<(), NativeError> {
        self.changes.storage.insert((NATIVE_ACCOUNT, U256::from_be_bytes(slot.0)), value);
        Ok(())
    }
    fn evm_balance(&mut self, who: Address) -> Result<U256, NativeError> {
        Ok(self.account(who)?.balance)
    }
    fn evm_credit(&mut self, who: Address, wei: U256) -> Result<(), NativeError> {
        let mut a = self.account(who)?;
        a.balance = a.balance.checked_add(wei).ok_or(NativeError::Overflow("evm balance"))?;
        self.changes.accounts.insert(who, Some(a));
        Ok(())
    }
    fn evm_debit(&mut self, who: Address, wei: U256) -> Result<(), NativeError> {
        let mut a = self.account(who)?;
        let have = a.balance;
        a.balance = have.checked_sub(wei).ok_or_else(|| NativeError::InsufficientBalance {
            have: u64::try_from(have / U256::from(tao_primitives::WEI_PER_RAO)).unwrap_or(u64::MAX),
            need: u64::try_from(wei / U256::from(tao_primitives::WEI_PER_RAO)).unwrap_or(u64::MAX),
        })?;
        self.changes.accounts.insert(who, Some(a));
        Ok(())
    }
    fn block_number(&self) -> u64 {
        self.block
    }
    fn evm_storage(&mut self, who: Address, slot: U256) -> Result<U256, NativeError> {
        match self.changes.storage.get(&(who, slot)) {
            Some(v) => Ok(*v),
            None => self.view.storage(who, slot).map_err(backend),
        }
    }
    fn pool_contract(&mut self) -> Option<&mut dyn PoolContract> {
        Some(self)
    }
}

/// Dev controls edit the pool contract's storage directly (like `anvil_setStorageAt`): the
/// only operation they make is [`PoolOp::SetReserves`], which runs no code.
impl<V: StateView> PoolContract for DevNative<V> {
    fn apply(&mut self, netuid: NetUid, op: &PoolOp) -> Result<OpResult, NativeError> {
        let PoolOp::SetReserves { tao, alpha } = *op else {
            return Err(PoolEngineError::NoContractHost("dev controls only set reserves").into());
        };
        let mut f = pool_engine::read_fields(self, netuid)?;
        if !f.exists {
            return Err(PoolEngineError::NoContractHost("no pool in the contract").into());
        }
        f.tao = tao;
        f.alpha = alpha;
        let (w0, w1) = pool_engine::encode_fields(&f);
        let slot = pool_engine::pool_slot(netuid);
        self.changes.storage.insert((pool_engine::ALPHA_POOLS, slot), w0);
        self.changes.storage.insert((pool_engine::ALPHA_POOLS, slot + U256::from(1)), w1);
        Ok(OpResult::Done)
    }
}
