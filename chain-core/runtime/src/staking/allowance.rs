//! Stake allowances for the 0x805 `approve` / `transferStakeFrom` pair, as the real chain's
//! staking precompile keeps them.
//!
//! An allowance is a `U256` of alpha-RAO keyed by (owner H160, spender H160, netuid,
//! `NETWORK_REG_COUNTER` of the netuid), so every allowance dies with its subnet: a netuid
//! registered again starts with none. Approvals work for any netuid, registered or not (the
//! counter of a netuid never registered is 0), `increaseAllowance` and `decreaseAllowance`
//! saturate at `U256::MAX` and 0, and a zero delta changes nothing. Every allowance,
//! `U256::MAX` included, is decremented when spent.

use super::transfer_stake;
use crate::error::StakingError;
use crate::schema::{self, Key, by_netuid};
use crate::store::{NativeError, NativeExt, NativeStore};
use alloy_primitives::{Address, U256};
use tao_primitives::{AccountId32, address_to_account_id};
use tao_primitives::{AlphaRao, NetUid};

fn allowance_key(
    store: &mut impl NativeStore,
    owner: Address,
    spender: Address,
    netuid: NetUid,
) -> Result<Key, NativeError> {
    let counter = store.get_u64(by_netuid(schema::NETWORK_REG_COUNTER, netuid))?;
    Ok(Key::new(
        schema::STAKE_ALLOWANCE,
        &[
            owner.as_slice(),
            spender.as_slice(),
            &netuid.get().to_be_bytes(),
            &counter.to_be_bytes(),
        ],
    ))
}

/// Alpha-RAO `spender` may still move out of `owner`'s stake on `netuid` (allowance).
pub fn allowance(
    store: &mut impl NativeStore,
    owner: Address,
    spender: Address,
    netuid: NetUid,
) -> Result<U256, NativeError> {
    let k = allowance_key(store, owner, spender, netuid)?;
    store.get_u256(k)
}

/// Sets the allowance to `amount` (approve).
pub fn approve(
    store: &mut impl NativeStore,
    owner: Address,
    spender: Address,
    netuid: NetUid,
    amount: U256,
) -> Result<(), NativeError> {
    let k = allowance_key(store, owner, spender, netuid)?;
    store.set_u256(k, amount)
}

/// Raises the allowance by `delta`, saturating at `U256::MAX` (increaseAllowance).
pub fn increase_allowance(
    store: &mut impl NativeStore,
    owner: Address,
    spender: Address,
    netuid: NetUid,
    delta: U256,
) -> Result<(), NativeError> {
    if delta.is_zero() {
        return Ok(());
    }
    let k = allowance_key(store, owner, spender, netuid)?;
    let now = store.get_u256(k)?;
    store.set_u256(k, now.saturating_add(delta))
}

/// Lowers the allowance by `delta`, saturating at 0 (decreaseAllowance).
pub fn decrease_allowance(
    store: &mut impl NativeStore,
    owner: Address,
    spender: Address,
    netuid: NetUid,
    delta: U256,
) -> Result<(), NativeError> {
    if delta.is_zero() {
        return Ok(());
    }
    let k = allowance_key(store, owner, spender, netuid)?;
    let now = store.get_u256(k)?;
    store.set_u256(k, now.saturating_sub(delta))
}

/// Moves `alpha` of `source`'s stake under `hotkey` to `dest` (transferStakeFrom), spending
/// the allowance `source` gave `spender` on `origin_netuid`. The stake move is
/// [`transfer_stake`] between the mapped 32-byte ids of `source` and `dest`. Returns the alpha
/// credited to `dest`.
#[allow(clippy::too_many_arguments)]
pub fn transfer_stake_from(
    store: &mut impl NativeStore,
    spender: Address,
    source: Address,
    dest: Address,
    hotkey: &AccountId32,
    origin_netuid: NetUid,
    dest_netuid: NetUid,
    alpha: AlphaRao,
) -> Result<AlphaRao, NativeError> {
    let k = allowance_key(store, source, spender, origin_netuid)?;
    let allowed = store.get_u256(k)?;
    let requested = U256::from(alpha.get());
    let Some(left) = allowed.checked_sub(requested) else {
        return Err(StakingError::InsufficientAllowance { allowed, requested: alpha.get() }.into());
    };
    let from: AccountId32 = address_to_account_id(source);
    let to: AccountId32 = address_to_account_id(dest);
    let credited = transfer_stake(store, &from, &to, hotkey, origin_netuid, dest_netuid, alpha)?;
    store.set_u256(k, left)?;
    Ok(credited)
}
