//! Emission entry points of the ledger, used by the coinbase at each epoch (spec §2.6).
//!
//! The alpha they credit was already minted into `SUBNET_ALPHA_OUT` when it entered a pending
//! bucket, so they change only the ledger, never a pool. Each validates before writing.

use super::ledger::Ledger;
use super::{delegate_take, ensure_owned};
use crate::store::{NativeError, NativeStore};
use tao_economics::shares::take_of;
use tao_primitives::AccountId32;
use tao_primitives::NetUid;

/// Stakes emitted `alpha` to (hotkey, coldkey) on `netuid` (miner incentive, owner cut, the
/// validator's take). If the amount is too small to mint one share of a large pool, it is added
/// for every holder instead (raising the pool's value, as on chain).
pub(crate) fn stake_emission(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    coldkey: &AccountId32,
    netuid: NetUid,
    alpha: u64,
) -> Result<(), NativeError> {
    if alpha == 0 {
        return Ok(());
    }
    let mut ledger = Ledger::default();
    if ledger.credit(store, hotkey, coldkey, netuid, alpha).is_err() {
        ledger = Ledger::default();
        ledger.credit_all(store, hotkey, netuid, alpha)?;
    }
    ledger.commit(store)
}

/// Adds `alpha` to the whole (hotkey, netuid) share pool, so every nominator gains pro rata
/// (spec §4.3 "add for everyone"). A pool without holders gives it to the hotkey's owner.
/// (Root dividends used it before they became claims; the ledger tests still do.)
#[cfg(test)]
pub(crate) fn distribute_to_hotkey(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    netuid: NetUid,
    alpha: u64,
) -> Result<(), NativeError> {
    if alpha == 0 {
        return Ok(());
    }
    let mut ledger = Ledger::default();
    let pool = ledger.pool_state(store, hotkey, netuid)?;
    if pool.denom.is_zero() || pool.value == 0 {
        let owner = ensure_owned(store, hotkey)?;
        ledger.credit(store, hotkey, &owner, netuid, alpha)?;
    } else {
        ledger.credit_all(store, hotkey, netuid, alpha)?;
    }
    ledger.commit(store)
}

/// Pays a validator's alpha dividend (spec §2.6 step 6, economics `distribute_dividend`): the
/// hotkey's take goes to its owner coldkey as stake first, then the rest is added for every
/// holder. Returns `(owner_part, everyone_part)`. A pool without holders gives everything to
/// the owner; a take too small to mint a share is added for everyone instead.
pub(crate) fn pay_validator(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    netuid: NetUid,
    alpha: u64,
) -> Result<(u64, u64), NativeError> {
    if alpha == 0 {
        return Ok((0, 0));
    }
    let owner = ensure_owned(store, hotkey)?;
    let take = delegate_take(store, hotkey)?;
    let mut ledger = Ledger::default();
    let pool = ledger.pool_state(store, hotkey, netuid)?;
    if pool.denom.is_zero() || pool.value == 0 {
        ledger.credit(store, hotkey, &owner, netuid, alpha)?;
        ledger.commit(store)?;
        return Ok((alpha, 0));
    }
    let mut owner_part = take_of(alpha, take);
    let mut trial = ledger.clone();
    if trial.credit(store, hotkey, &owner, netuid, owner_part).is_ok() {
        ledger = trial;
    } else {
        owner_part = 0;
    }
    // `owner_part` is the owner's take of `alpha`, so at most `alpha`.
    let rest = alpha.saturating_sub(owner_part);
    ledger.credit_all(store, hotkey, netuid, rest)?;
    ledger.commit(store)?;
    Ok((owner_part, rest))
}
