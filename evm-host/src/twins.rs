//! One balance per EVM address, as on the real chain: TAO sent to an address's 32-byte twin
//! (`blake2b-256("evm:" ‖ address)`) before the chain has linked the two is kept as a native
//! balance (`tao_runtime::balances`); here it becomes part of the address's balance for clients
//! and for execution:
//!
//! * [`parked_wei`]: what `eth_getBalance` and pool admission add to the EVM balance;
//! * [`sweep`]: before a transaction executes (and before a call runs), the sender's twin
//!   balance moves into its EVM balance, directly in the block's state overlay (between
//!   transactions, where no journal is open), so the first transaction of an address funded
//!   only through its twin can pay for its gas.
//!
//! Both are free when no native balance exists (one slot read), which is the usual case.

use crate::db::{DbError, Overlay};
use alloy_primitives::{Address, B256, U256};
use tao_chain::state::StateView;
use tao_runtime::{Balances, NATIVE_ACCOUNT, NativeError, NativeStore};

fn backend(e: impl std::fmt::Display) -> NativeError {
    NativeError::Backend(e.to_string())
}

/// Read-only native access to a state view at a block (RPC views and admission).
pub(crate) struct ViewNative<V> {
    /// The state read.
    pub(crate) view: V,
    /// The block number the native modules see.
    pub(crate) block: u64,
}

impl<V: StateView> NativeStore for ViewNative<V> {
    fn load(&mut self, slot: B256) -> Result<U256, NativeError> {
        self.view.storage(NATIVE_ACCOUNT, U256::from_be_bytes(slot.0)).map_err(backend)
    }
    fn store(&mut self, _: B256, _: U256) -> Result<(), NativeError> {
        Err(NativeError::Backend("read-only view".into()))
    }
    fn evm_balance(&mut self, who: Address) -> Result<U256, NativeError> {
        Ok(self.view.account(who).map_err(backend)?.map(|a| a.balance).unwrap_or_default())
    }
    fn evm_credit(&mut self, _: Address, _: U256) -> Result<(), NativeError> {
        Err(NativeError::Backend("read-only view".into()))
    }
    fn evm_debit(&mut self, _: Address, _: U256) -> Result<(), NativeError> {
        Err(NativeError::Backend("read-only view".into()))
    }
    fn block_number(&self) -> u64 {
        self.block
    }
    fn evm_storage(&mut self, who: Address, slot: U256) -> Result<U256, NativeError> {
        self.view.storage(who, slot).map_err(backend)
    }
}

/// The TAO kept for `addr` at its twin (not yet in its EVM balance), wei.
pub fn parked_wei<V: StateView>(view: &V, addr: Address) -> Result<U256, NativeError> {
    let mut s = ViewNative { view, block: 0 };
    if !s.has_native_holders()? {
        return Ok(U256::ZERO);
    }
    s.parked_wei(addr)
}

/// Native access to a block's (or a call's) state overlay, outside revm.
struct OverlayNative<'o, 'a, V: StateView> {
    overlay: &'o mut Overlay<'a, V>,
}

impl<V: StateView> NativeStore for OverlayNative<'_, '_, V> {
    fn load(&mut self, slot: B256) -> Result<U256, NativeError> {
        self.overlay.storage_value(NATIVE_ACCOUNT, U256::from_be_bytes(slot.0)).map_err(backend)
    }
    fn store(&mut self, slot: B256, value: U256) -> Result<(), NativeError> {
        self.overlay.set_storage(NATIVE_ACCOUNT, U256::from_be_bytes(slot.0), value);
        Ok(())
    }
    fn evm_balance(&mut self, who: Address) -> Result<U256, NativeError> {
        Ok(self.overlay.account(who).map_err(backend)?.map(|a| a.balance).unwrap_or_default())
    }
    fn evm_credit(&mut self, who: Address, wei: U256) -> Result<(), NativeError> {
        let mut a = self.overlay.account(who).map_err(backend)?.unwrap_or_default();
        a.balance = a.balance.checked_add(wei).ok_or(NativeError::Overflow("evm balance"))?;
        self.overlay.set_account(who, Some(a));
        Ok(())
    }
    fn evm_debit(&mut self, _: Address, _: U256) -> Result<(), NativeError> {
        // A sweep only ever credits.
        Err(NativeError::Backend("overlay native store does not debit".into()))
    }
    fn block_number(&self) -> u64 {
        0
    }
    fn evm_storage(&mut self, who: Address, slot: U256) -> Result<U256, NativeError> {
        self.overlay.storage_value(who, slot).map_err(backend)
    }
}

/// Moves the TAO kept at `sender`'s twin into its EVM balance in `overlay` and links the two,
/// if any native balance exists at all. Call between transactions only.
pub fn sweep<V: StateView>(overlay: &mut Overlay<'_, V>, sender: Address) -> Result<(), DbError> {
    sweep_native(&mut OverlayNative { overlay }, sender).map_err(DbError::Native)
}

fn sweep_native(s: &mut impl NativeStore, sender: Address) -> Result<(), NativeError> {
    if s.has_native_holders()? && !s.parked_wei(sender)?.is_zero() {
        s.link_evm_address(sender)?;
    }
    Ok(())
}
