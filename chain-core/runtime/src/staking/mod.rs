//! Staking and delegation (spec §4) over native storage: the per-(hotkey, netuid) share
//! ledger, stake / unstake through the subnet pool, moves and transfers, delegate take,
//! minimums, allowances for `transferStakeFrom`, and the emission entry points the coinbase
//! uses. Coldkeys and hotkeys are 32-byte ids (a precompile passes the caller's mapped id).
//!
//! Every public operation validates everything (existence, ownership, amounts, limits,
//! balances, share arithmetic) on in-memory copies before its first write, so a failed call
//! changes nothing, and returns a [`StakingError`] (or a pool or registry error) whose text is fit
//! for a revert.
//!
//! **Pinned decisions**
//! * A hotkey must have an owner (`HOTKEY_OWNER`, set by the registry when it first registers)
//!   before anyone can stake to it, as on the real chain; staking never creates ownership.
//! * Minimums (spec §4.5): `add_stake` needs `amount ≥ 0.002 TAO + fee(0.002 TAO)` (2,001,007
//!   RAO at the default fee; 2,000,000 on root) and, after a partial fill, a net swap of at
//!   least 0.002 TAO; an unstake that leaves stake behind must pay at least 0.002 TAO; a move
//!   within a subnet needs a spot TAO value ≥ 0.002, across subnets a TAO equivalent > 0.002.
//!   There is no existential deposit on EVM balances, so nothing is held back for it.
//! * Nominator minimum: `NOMINATOR_MIN_STAKE` (per-million factor on 0.002 TAO, default 0 =
//!   off). After an unstake or a move, a non-owner position worth less than it at spot is sold
//!   (with fee) to its coldkey; if that sale cannot execute the position stays.
//! * Swap fees go to [`fee_recipient`] (the node sets the block author's account each block);
//!   unset, they go to [`BURN_ADDRESS`], which keeps issuance unchanged (a burn, spec §1.3).
//! * Moves across subnets charge one fee: on the origin leg, or on the destination leg when the
//!   origin is root (spec §4.6). Same-subnet moves and transfers are share transfers.
//! * `transfer_stake` needs transfers enabled on both subnets (`TRANSFERS_DISABLED` unset).
//! * `burn_alpha` / `recycle_alpha` are refused on root (its stake is TAO).
//! * Delegate take: default and maximum 11,796/65535 (18 %), minimum 0; only the owner
//!   coldkey sets it; an increase needs more than 216,000 blocks since the last change (an
//!   increase or a decrease; both restart the clock).

mod allowance;
mod emission;
pub(crate) mod ledger;
mod swap_limit;
mod unstake_all;
mod views;

#[cfg(test)]
mod props;
#[cfg(test)]
pub(crate) mod tests;

pub use allowance::{
    allowance, approve, decrease_allowance, increase_allowance, transfer_stake_from,
};
#[cfg(test)]
pub(crate) use emission::distribute_to_hotkey;
pub(crate) use emission::{pay_validator, stake_emission};
pub use swap_limit::swap_stake_limit;
pub use unstake_all::{unstake_all, unstake_all_alpha};
pub use views::{
    StakePosition, alpha_staked_validators, coldkey_hotkey_ids, hotkey_netuids, stake,
    stake_positions, total_coldkey_stake, total_coldkey_stake_on_subnet, total_hotkey_alpha,
    total_hotkey_stake,
};

use super::pool::{self, ROOT_NETUID, Sell, SubnetPool};
use super::schema::{self, Key, by_account, by_netuid};
use super::store::{NativeError, NativeExt, NativeStore};
use crate::balances::Balances;
pub use crate::error::StakingError;
use crate::startup;
use alloy_primitives::{Address, B256, address};
use ledger::Ledger;
use tao_economics::pool::math::fee_on_input;
use tao_economics::pool::{NativePool, PoolEngine};
use tao_economics::shares::{
    DEFAULT_DELEGATE_TAKE, TakeBounds, TakeError, check_take_decrease, check_take_increase,
};
use tao_primitives::{AccountId32, AlphaRao, NetUid, Rao};

/// `DefaultMinStake`: 0.002 TAO.
pub const DEFAULT_MIN_STAKE: u64 = 2_000_000;
/// Where swap fees go when no fee recipient is set: a burn, so issuance is unchanged.
pub const BURN_ADDRESS: Address = address!("000000000000000000000000000000000000dEaD");

/// The coldkey owning a hotkey, if any.
pub fn hotkey_owner(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
) -> Result<Option<AccountId32>, NativeError> {
    let o = store.get_b256(by_account(schema::HOTKEY_OWNER, hotkey))?;
    Ok((o != B256::ZERO).then_some(o.into()))
}

fn ensure_owned(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
) -> Result<AccountId32, NativeError> {
    hotkey_owner(store, hotkey)?
        .ok_or_else(|| StakingError::HotKeyAccountNotExists { hotkey: *hotkey }.into())
}

/// The account credited with swap fees (the burn address when unset).
pub fn fee_recipient(store: &mut impl NativeStore) -> Result<AccountId32, NativeError> {
    let r = store.get_b256(Key::new(schema::FEE_RECIPIENT, &[]))?;
    if r == B256::ZERO {
        // Linked, so the fees land in the burn address's EVM balance like any other payment.
        return store.link_evm_address(BURN_ADDRESS);
    }
    Ok(r.into())
}

/// Sets the fee recipient (the node calls this with the block author at block start).
pub fn set_fee_recipient(
    store: &mut impl NativeStore,
    who: &AccountId32,
) -> Result<(), NativeError> {
    store.set_b256(Key::new(schema::FEE_RECIPIENT, &[]), B256::from(*who))
}

/// `NominatorMinRequiredStake` in RAO: factor × 0.002 TAO / 10^6 (getNominatorMinRequiredStake).
pub fn nominator_min_stake(store: &mut impl NativeStore) -> Result<Rao, NativeError> {
    let f = store.get_opt_u64(Key::new(schema::NOMINATOR_MIN_STAKE, &[]))?.unwrap_or(0);
    // Both factors are below 2^64, so the product fits in u128.
    let v = u128::from(f).saturating_mul(u128::from(DEFAULT_MIN_STAKE)) / 1_000_000;
    Ok(Rao(u64::try_from(v).unwrap_or(u64::MAX)))
}

/// Sets the nominator minimum factor (per million of 0.002 TAO; 10,000,000 = 0.02 TAO).
/// A root/admin operation: the caller checks authority.
pub fn set_nominator_min_stake_factor(
    store: &mut impl NativeStore,
    factor: u64,
) -> Result<(), NativeError> {
    store.set_opt_u64(Key::new(schema::NOMINATOR_MIN_STAKE, &[]), Some(factor))
}

/// A hotkey's delegate take in parts of 65535 (default 11,796).
pub fn delegate_take(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
) -> Result<u16, NativeError> {
    let v = store.get_opt_u64(by_account(schema::DELEGATE_TAKE, hotkey))?;
    Ok(v.map_or(DEFAULT_DELEGATE_TAKE, |t| u16::try_from(t).unwrap_or(DEFAULT_DELEGATE_TAKE)))
}

/// Sets a hotkey's take (spec §4.4); only its owner coldkey may. An increase must stay ≤ 18 %
/// and come more than 216,000 blocks after the last change; a decrease is allowed any time.
pub fn set_take(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    take: u16,
) -> Result<(), NativeError> {
    if ensure_owned(store, hotkey)? != *coldkey {
        return Err(StakingError::NonAssociatedColdKey.into());
    }
    let current = delegate_take(store, hotkey)?;
    let last_key = by_account(schema::LAST_TAKE_INCREASE, hotkey);
    let last = store.get_u64(last_key)?;
    let now = store.block_number();
    let bounds = TakeBounds::default();
    let checked = if take > current {
        check_take_increase(current, take, last, now, &bounds)
    } else if take < current {
        check_take_decrease(current, take, &bounds)
    } else {
        return Err(StakingError::TakeUnchanged { take }.into());
    };
    checked.map_err(|e| match e {
        TakeError::TooHigh => StakingError::DelegateTakeTooHigh { take, max: bounds.max },
        TakeError::TooLow => StakingError::DelegateTakeTooLow { take },
        TakeError::RateLimited { last_change, allowed_after } => {
            StakingError::DelegateTxRateLimitExceeded { last_change, allowed_after }
        }
    })?;
    store.set_opt_u64(by_account(schema::DELEGATE_TAKE, hotkey), Some(u64::from(take)))?;
    store.set_u64(last_key, now)
}

/// TAO value of `alpha` at the pool's spot price, floored (root: 1:1).
pub(crate) fn spot_value(pool: &NativePool, alpha: u64) -> u64 {
    let r = pool.reserves();
    if pool.mechanism() == tao_economics::pool::Mechanism::Stable {
        return alpha;
    }
    if r.alpha_rao == 0 {
        return 0;
    }
    let v = u128::from(alpha)
        .saturating_mul(u128::from(r.tao_rao))
        .checked_div(u128::from(r.alpha_rao))
        .unwrap_or(0);
    u64::try_from(v).unwrap_or(u64::MAX)
}

/// An operation staged in memory: ledger, pools and balance movements.
#[derive(Default)]
struct Plan {
    ledger: Ledger,
    pools: Vec<SubnetPool>,
    charge: Option<(AccountId32, u64)>,
    pay: Vec<(AccountId32, u64)>,
    fee_tao: u64,
}

impl Plan {
    /// The staged pool of `netuid`, loaded on first use.
    fn pool(
        &mut self,
        store: &mut impl NativeStore,
        netuid: NetUid,
    ) -> Result<&mut SubnetPool, NativeError> {
        let i = match self.pools.iter().position(|p| p.netuid == netuid) {
            Some(i) => i,
            None => {
                self.pools.push(SubnetPool::load(store, netuid)?);
                self.pools.len().saturating_sub(1)
            }
        };
        self.pools.get_mut(i).ok_or(NativeError::Overflow("staged pool index"))
    }

    fn add_fee(&mut self, tao: u64) -> Result<(), NativeError> {
        self.fee_tao = self.fee_tao.checked_add(tao).ok_or(NativeError::Overflow("swap fees"))?;
        Ok(())
    }

    fn commit(self, store: &mut impl NativeStore) -> Result<(), NativeError> {
        if let Some((who, amount)) = self.charge {
            store.debit(&who, Rao(amount))?;
        }
        for (who, amount) in self.pay.iter().filter(|(_, a)| *a > 0) {
            store.credit(who, Rao(*amount))?;
        }
        if self.fee_tao > 0 {
            let r = fee_recipient(store)?;
            store.credit(&r, Rao(self.fee_tao))?;
        }
        for p in &self.pools {
            p.save(store)?;
        }
        self.ledger.commit(store)
    }

    /// Sells a non-owner position that fell below the nominator minimum (spec §4.5); returns
    /// the TAO paid to the coldkey (0 if nothing was forced).
    fn clear_small_nomination(
        &mut self,
        store: &mut impl NativeStore,
        hk: &AccountId32,
        ck: &AccountId32,
        netuid: NetUid,
    ) -> Result<u64, NativeError> {
        let min = nominator_min_stake(store)?;
        let min = min.get();
        if min == 0 || hotkey_owner(store, hk)? == Some(*ck) {
            return Ok(0);
        }
        let left = self.ledger.stake(store, hk, ck, netuid)?;
        let pool = self.pool(store, netuid)?;
        if left == 0 || spot_value(pool.pool.native(), left) >= min {
            return Ok(0);
        }
        let mut trial = pool.clone();
        let Ok(sell) = trial.sell(left, None) else { return Ok(0) };
        *pool = trial;
        self.ledger.debit(store, hk, ck, netuid, sell.alpha_in)?;
        self.add_fee(sell.fee_tao)?;
        Ok(sell.tao_out)
    }
}

/// Stakes `tao_rao` of the coldkey's free TAO to `hotkey` on `netuid` (spec §4.3, §3.3):
/// debits the coldkey, swaps through the pool (root: 1:1, no fee) and credits the alpha as
/// shares. `limit = Some((limit_price_rao_per_alpha, allow_partial))` refuses a buy unless the
/// price is below the limit and stops at it (or fails with `allow_partial = false`). Returns
/// the alpha staked; only the executed part of a partial fill is debited.
pub fn add_stake(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    netuid: NetUid,
    tao: Rao,
    limit: Option<(u64, bool)>,
) -> Result<AlphaRao, NativeError> {
    let tao_rao = tao.get();
    pool::ensure_subnet(store, netuid)?;
    startup::ensure_subtoken_enabled(store, netuid)?;
    ensure_owned(store, hotkey)?;
    let min_in = DEFAULT_MIN_STAKE
        .saturating_add(fee_on_input(DEFAULT_MIN_STAKE, pool::fee_rate(store, netuid)?));
    if tao_rao < min_in {
        return Err(StakingError::AmountTooLow { amount: tao_rao, min: min_in }.into());
    }
    let have = store.free_balance(coldkey)?;
    if have < tao {
        return Err(NativeError::InsufficientBalance { have: have.get(), need: tao_rao });
    }
    let mut plan = Plan::default();
    let r = plan.pool(store, netuid)?.buy(tao_rao, limit)?;
    if r.net_in() < DEFAULT_MIN_STAKE {
        return Err(StakingError::PartialFillTooLow { net: r.net_in() }.into());
    }
    plan.ledger.credit(store, hotkey, coldkey, netuid, r.amount_out)?;
    plan.charge = Some((*coldkey, r.amount_in));
    plan.fee_tao = r.fee;
    plan.commit(store)?;
    Ok(AlphaRao(r.amount_out))
}

/// Unstakes `alpha` from (hotkey, coldkey, netuid) and pays the TAO to the coldkey (spec §4.3,
/// §3.3), with the same `limit` rules as [`add_stake`] (a sell needs the price above the
/// limit; alpha left unexecuted stays staked). Returns the TAO paid, including any position
/// force-sold by the nominator minimum.
pub fn remove_stake(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    netuid: NetUid,
    alpha: AlphaRao,
    limit: Option<(u64, bool)>,
) -> Result<Rao, NativeError> {
    let alpha = alpha.get();
    pool::ensure_subnet(store, netuid)?;
    startup::ensure_subtoken_enabled(store, netuid)?;
    if alpha == 0 {
        return Err(StakingError::ZeroUnstake.into());
    }
    let mut plan = Plan::default();
    let have = plan.ledger.stake(store, hotkey, coldkey, netuid)?;
    if have < alpha {
        return Err(
            StakingError::NotEnoughStakeToWithdraw { have, netuid, requested: alpha }.into()
        );
    }
    let sell: Sell = plan.pool(store, netuid)?.sell(alpha, limit)?;
    if sell.alpha_in < have && sell.tao_out < DEFAULT_MIN_STAKE {
        return Err(StakingError::UnstakeBelowMinimum { tao: sell.tao_out }.into());
    }
    plan.ledger.debit(store, hotkey, coldkey, netuid, sell.alpha_in)?;
    plan.fee_tao = sell.fee_tao;
    let forced = plan.clear_small_nomination(store, hotkey, coldkey, netuid)?;
    let tao = sell.tao_out.checked_add(forced).ok_or(NativeError::Overflow("unstake"))?;
    plan.pay.push((*coldkey, tao));
    plan.commit(store)?;
    // A hotkey left below `StakeThreshold` loses its pending children (as on the real chain).
    if total_hotkey_stake(store, hotkey)?.get() < crate::hyperparams::stake_threshold(store)? {
        crate::children::clear_pending_everywhere(store, hotkey)?;
    }
    Ok(Rao(tao))
}

/// Unstakes the whole position (removeStakeFull / removeStakeFullLimit: a limit price here
/// does not allow partial fills). Returns the TAO paid.
pub fn remove_stake_full(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    netuid: NetUid,
    limit_price: Option<u64>,
) -> Result<Rao, NativeError> {
    pool::ensure_subnet(store, netuid)?;
    startup::ensure_subtoken_enabled(store, netuid)?;
    let have = stake(store, hotkey, coldkey, netuid)?;
    if have.is_zero() {
        return Err(StakingError::NoStakeToRemove { netuid }.into());
    }
    remove_stake(store, coldkey, hotkey, netuid, have, limit_price.map(|p| (p, false)))
}

/// One side of a move: whose stake, under which hotkey, on which subnet.
#[derive(Debug, Clone, Copy)]
struct Side<'a> {
    coldkey: &'a AccountId32,
    hotkey: &'a AccountId32,
    netuid: NetUid,
}

/// Moves `alpha` between two positions (spec §4.6); returns the alpha credited.
fn relocate(
    store: &mut impl NativeStore,
    from: Side<'_>,
    to: Side<'_>,
    alpha: u64,
    is_transfer: bool,
) -> Result<u64, NativeError> {
    pool::ensure_subnet(store, from.netuid)?;
    startup::ensure_subtoken_enabled(store, from.netuid)?;
    pool::ensure_subnet(store, to.netuid)?;
    startup::ensure_subtoken_enabled(store, to.netuid)?;
    if alpha == 0 {
        return Err(StakingError::ZeroAmount.into());
    }
    if from.coldkey == to.coldkey && from.hotkey == to.hotkey && from.netuid == to.netuid {
        return Err(StakingError::SamePosition.into());
    }
    ensure_owned(store, to.hotkey)?;
    if is_transfer {
        for n in [from.netuid, to.netuid] {
            if store.get_bool(by_netuid(schema::TRANSFERS_DISABLED, n))? {
                return Err(StakingError::TransferDisallowed { netuid: n }.into());
            }
        }
    }
    let mut plan = Plan::default();
    let have = plan.ledger.stake(store, from.hotkey, from.coldkey, from.netuid)?;
    if have < alpha {
        return Err(StakingError::NotEnoughStakeToWithdraw {
            have,
            netuid: from.netuid,
            requested: alpha,
        }
        .into());
    }
    let credited = if from.netuid == to.netuid {
        let value = spot_value(plan.pool(store, from.netuid)?.pool.native(), alpha);
        if value < DEFAULT_MIN_STAKE {
            return Err(StakingError::MoveBelowMinimumAtSpot { value }.into());
        }
        plan.ledger.debit(store, from.hotkey, from.coldkey, from.netuid, alpha)?;
        alpha
    } else {
        let sell = plan.pool(store, from.netuid)?.sell(alpha, None)?;
        if sell.tao_out <= DEFAULT_MIN_STAKE {
            return Err(StakingError::MoveBelowMinimum { tao: sell.tao_out }.into());
        }
        plan.add_fee(sell.fee_tao)?;
        plan.ledger.debit(store, from.hotkey, from.coldkey, from.netuid, sell.alpha_in)?;
        let dest = plan.pool(store, to.netuid)?;
        if from.netuid == ROOT_NETUID {
            let r = dest.buy(sell.tao_out, None)?;
            plan.add_fee(r.fee)?;
            r.amount_out
        } else {
            dest.protocol_buy(sell.tao_out)?
        }
    };
    plan.ledger.credit(store, to.hotkey, to.coldkey, to.netuid, credited)?;
    let forced = plan.clear_small_nomination(store, from.hotkey, from.coldkey, from.netuid)?;
    plan.pay.push((*from.coldkey, forced));
    plan.commit(store)?;
    Ok(credited)
}

/// Moves the coldkey's `alpha` from (origin hotkey, origin subnet) to (destination hotkey,
/// destination subnet) (moveStake). Same subnet: a share transfer; across subnets: unstake then
/// stake with one fee. Returns the alpha credited at the destination.
pub fn move_stake(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    origin_hotkey: &AccountId32,
    dest_hotkey: &AccountId32,
    origin_netuid: NetUid,
    dest_netuid: NetUid,
    alpha: AlphaRao,
) -> Result<AlphaRao, NativeError> {
    let from = Side { coldkey, hotkey: origin_hotkey, netuid: origin_netuid };
    let to = Side { coldkey, hotkey: dest_hotkey, netuid: dest_netuid };
    relocate(store, from, to, alpha.get(), false).map(AlphaRao)
}

/// Gives `alpha` of the coldkey's stake under `hotkey` to `dest_coldkey`, optionally on another
/// subnet (transferStake). Needs transfers enabled on both subnets. Returns the alpha credited.
pub fn transfer_stake(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    dest_coldkey: &AccountId32,
    hotkey: &AccountId32,
    origin_netuid: NetUid,
    dest_netuid: NetUid,
    alpha: AlphaRao,
) -> Result<AlphaRao, NativeError> {
    let from = Side { coldkey, hotkey, netuid: origin_netuid };
    let to = Side { coldkey: dest_coldkey, hotkey, netuid: dest_netuid };
    relocate(store, from, to, alpha.get(), true).map(AlphaRao)
}

/// Moves stake of one hotkey between subnets (swap_stake); returns the alpha credited.
pub fn swap_stake(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    origin_netuid: NetUid,
    dest_netuid: NetUid,
    alpha: AlphaRao,
) -> Result<AlphaRao, NativeError> {
    if origin_netuid == dest_netuid {
        return Err(StakingError::SameNetuid.into());
    }
    move_stake(store, coldkey, hotkey, hotkey, origin_netuid, dest_netuid, alpha)
}

fn remove_alpha(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    netuid: NetUid,
    amount: AlphaRao,
    recycle: bool,
) -> Result<AlphaRao, NativeError> {
    pool::ensure_subnet(store, netuid)?;
    startup::ensure_subtoken_enabled(store, netuid)?;
    if netuid == ROOT_NETUID {
        return Err(StakingError::CannotBurnOrRecycleOnRootSubnet.into());
    }
    let mut plan = Plan::default();
    let amount = amount.get().min(plan.ledger.stake(store, hotkey, coldkey, netuid)?);
    if amount == 0 {
        return Err(StakingError::NoStakeToBurn { netuid }.into());
    }
    plan.ledger.debit(store, hotkey, coldkey, netuid, amount)?;
    let pool = plan.pool(store, netuid)?;
    if recycle {
        pool.recycle(amount)?;
    } else {
        pool.burn(amount);
    }
    plan.commit(store)?;
    Ok(AlphaRao(amount))
}

/// Burns up to `amount` of the coldkey's alpha under `hotkey` (burnAlpha, capped at the stake):
/// it leaves the holder but stays counted in alpha out (spec §1.3). Returns the alpha burned.
pub fn burn_alpha(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    netuid: NetUid,
    amount: AlphaRao,
) -> Result<AlphaRao, NativeError> {
    remove_alpha(store, coldkey, hotkey, netuid, amount, false)
}

/// Recycles up to `amount` of the coldkey's alpha: alpha out drops so it can be emitted again
/// (spec §1.3). Returns the alpha recycled.
pub fn recycle_alpha(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    netuid: NetUid,
    amount: AlphaRao,
) -> Result<AlphaRao, NativeError> {
    remove_alpha(store, coldkey, hotkey, netuid, amount, true)
}
