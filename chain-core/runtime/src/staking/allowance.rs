//! Stake allowances for the 0x805 `approve` / `transferStakeFrom` pair.
//!
//! An allowance is keyed by (owner H160, spender H160, netuid, `NETWORK_REG_COUNTER` of the
//! netuid), so every allowance dies with its subnet: a netuid registered again starts with
//! none. Amounts are alpha-RAO (`u64`; a precompile clamps a larger `uint256` to `u64::MAX`).
//! Every allowance, `u64::MAX` included, is decremented when spent.

use super::transfer_stake;
use crate::error::StakingError;
use crate::pool;
use crate::schema::{self, Key, by_netuid};
use crate::store::{NativeError, NativeExt, NativeStore};
use alloy_primitives::Address;
use tao_primitives::{AccountId32, address_to_account_id};
use tao_primitives::{AlphaRao, NetUid};

fn allowance_key(
    store: &mut impl NativeStore,
    owner: Address,
    spender: Address,
    netuid: NetUid,
) -> Result<Key, NativeError> {
    pool::ensure_subnet(store, netuid)?;
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

/// Alpha `spender` may still move out of `owner`'s stake on `netuid` (allowance).
pub fn allowance(
    store: &mut impl NativeStore,
    owner: Address,
    spender: Address,
    netuid: NetUid,
) -> Result<AlphaRao, NativeError> {
    let k = allowance_key(store, owner, spender, netuid)?;
    store.get_u64(k).map(AlphaRao)
}

/// Sets the allowance to `amount` (approve).
pub fn approve(
    store: &mut impl NativeStore,
    owner: Address,
    spender: Address,
    netuid: NetUid,
    amount: AlphaRao,
) -> Result<(), NativeError> {
    let k = allowance_key(store, owner, spender, netuid)?;
    store.set_u64(k, amount.get())
}

/// Raises the allowance by `delta` (increaseAllowance); fails on overflow.
pub fn increase_allowance(
    store: &mut impl NativeStore,
    owner: Address,
    spender: Address,
    netuid: NetUid,
    delta: AlphaRao,
) -> Result<(), NativeError> {
    let k = allowance_key(store, owner, spender, netuid)?;
    let now = store.get_u64(k)?;
    let next = now.checked_add(delta.get()).ok_or(StakingError::AllowanceOverflow)?;
    store.set_u64(k, next)
}

/// Lowers the allowance by `delta` (decreaseAllowance); fails below zero.
pub fn decrease_allowance(
    store: &mut impl NativeStore,
    owner: Address,
    spender: Address,
    netuid: NetUid,
    delta: AlphaRao,
) -> Result<(), NativeError> {
    let k = allowance_key(store, owner, spender, netuid)?;
    let now = store.get_u64(k)?;
    let next = now
        .checked_sub(delta.get())
        .ok_or(StakingError::AllowanceUnderflow { allowance: now, decrease: delta.get() })?;
    store.set_u64(k, next)
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
    let allowed = store.get_u64(k)?;
    if allowed < alpha.get() {
        return Err(StakingError::InsufficientAllowance { allowed, requested: alpha.get() }.into());
    }
    let from: AccountId32 = address_to_account_id(source);
    let to: AccountId32 = address_to_account_id(dest);
    let credited = transfer_stake(store, &from, &to, hotkey, origin_netuid, dest_netuid, alpha)?;
    // `allowed ≥ alpha` was checked above.
    store.set_u64(k, allowed.saturating_sub(alpha.get()))?;
    Ok(credited)
}
