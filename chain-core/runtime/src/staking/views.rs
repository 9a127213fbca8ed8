//! Read-only views of the ledger (the getters of the 0x805 staking precompile).
//!
//! Views walk the indexed sets, so their cost is linear in the positions they report.

use super::ledger::{self, coldkey_hotkey_netuids, coldkey_hotkeys, load_pool_state, load_shares};
use super::spot_value;
use crate::pool;
use crate::store::{NativeError, NativeStore};
use tao_economics::pool::PoolEngine;
use tao_primitives::NetUid;
use tao_primitives::{AccountId32, AlphaRao, Rao};

/// One stake position of a coldkey.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct StakePosition {
    /// The hotkey staked to.
    pub hotkey: AccountId32,
    /// The subnet.
    pub netuid: NetUid,
    /// Value in alpha-RAO (TAO RAO on root).
    pub alpha: AlphaRao,
}

/// Alpha of `coldkey` staked to `hotkey` on `netuid` (getStake), alpha-RAO.
pub fn stake(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    coldkey: &AccountId32,
    netuid: NetUid,
) -> Result<AlphaRao, NativeError> {
    let p = load_pool_state(store, hotkey, netuid)?;
    let s = load_shares(store, hotkey, coldkey, netuid)?;
    Ok(AlphaRao(ledger::value_of(&p, &s)))
}

/// Total alpha of a hotkey's pool on a subnet, all nominators (getTotalAlphaStaked).
pub fn total_hotkey_alpha(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<AlphaRao, NativeError> {
    store_value(store, hotkey, netuid).map(AlphaRao)
}

fn store_value(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    Ok(load_pool_state(store, hotkey, netuid)?.value)
}

/// Netuids on which the hotkey's pool holds stake.
pub fn hotkey_netuids(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
) -> Result<Vec<NetUid>, NativeError> {
    let words = ledger::hotkey_netuids(*hotkey).members(store)?;
    Ok(words.iter().map(ledger::word_netuid).collect())
}

/// TAO value at spot of every alpha staked to the hotkey on every subnet (getTotalHotkeyStake),
/// RAO.
pub fn total_hotkey_stake(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
) -> Result<Rao, NativeError> {
    let mut total: u64 = 0;
    for netuid in hotkey_netuids(store, hotkey)? {
        let value = store_value(store, hotkey, netuid)?;
        let p = pool::load_pool(store, netuid)?;
        total = total.saturating_add(spot_value(&p, value));
    }
    Ok(Rao(total))
}

/// Every position of a coldkey with non-zero shares.
pub fn stake_positions(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
) -> Result<Vec<StakePosition>, NativeError> {
    let mut out = Vec::new();
    for hk in coldkey_hotkeys(*coldkey).members(store)? {
        for n in coldkey_hotkey_netuids(*coldkey, hk.into()).members(store)? {
            let netuid = ledger::word_netuid(&n);
            let alpha = stake(store, &hk.into(), coldkey, netuid)?;
            out.push(StakePosition { hotkey: hk.into(), netuid, alpha });
        }
    }
    Ok(out)
}

/// The TAO a position would fetch, as the chain's view computes it: a simulated sell's TAO out
/// plus its fee (the fee is in alpha-RAO, a unit mix kept from the chain; 0 on root, where the
/// value is exact). An unsellable position counts 0.
fn position_tao(store: &mut impl NativeStore, p: &StakePosition) -> Result<u64, NativeError> {
    if p.alpha.is_zero() {
        return Ok(0);
    }
    let pool = pool::load_pool(store, p.netuid)?;
    Ok(pool
        .sim_swap_alpha_for_tao(p.alpha.get(), None, false)
        .map(|r| r.amount_out.saturating_add(r.fee))
        .unwrap_or(0))
}

/// TAO value of all of a coldkey's stake (getTotalColdkeyStake), RAO.
pub fn total_coldkey_stake(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
) -> Result<Rao, NativeError> {
    let mut total: u64 = 0;
    for p in stake_positions(store, coldkey)? {
        total = total.saturating_add(position_tao(store, &p)?);
    }
    Ok(Rao(total))
}

/// TAO value of a coldkey's stake on one subnet (getTotalColdkeyStakeOnSubnet), RAO.
pub fn total_coldkey_stake_on_subnet(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    netuid: NetUid,
) -> Result<Rao, NativeError> {
    let mut total: u64 = 0;
    for p in stake_positions(store, coldkey)?.iter().filter(|p| p.netuid == netuid) {
        total = total.saturating_add(position_tao(store, p)?);
    }
    Ok(Rao(total))
}

/// Coldkeys staked to `hotkey` on `netuid` (getAlphaStakedValidators).
pub fn alpha_staked_validators(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<Vec<AccountId32>, NativeError> {
    Ok(ledger::stakers(*hotkey, netuid)
        .members(store)?
        .into_iter()
        .map(AccountId32::from)
        .collect())
}

/// The hotkeys `coldkey` holds stake under (`StakingHotkeys`), in set order.
pub fn coldkey_hotkey_ids(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
) -> Result<Vec<AccountId32>, NativeError> {
    Ok(ledger::coldkey_hotkeys(*coldkey)
        .members(store)?
        .into_iter()
        .map(AccountId32::from)
        .collect())
}
