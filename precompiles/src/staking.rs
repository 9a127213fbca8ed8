//! 0x805 staking V2: add, remove, move and transfer stake (with limit-price variants), burn
//! alpha, the stake getters, and the allowance pair `approve` / `transferStakeFrom`.
//!
//! Units and arguments: every amount is RAO (TAO) or alpha-RAO, 9 decimals, as on the real
//! chain's V2 precompile; limit prices are RAO per alpha. `uint256` amounts and prices saturate
//! at `u64::MAX` ([`u64_arg`]) and netuids above `u16::MAX` revert ([`netuid_arg`]), as the
//! real chain converts them. Allowances are `uint256` end to end, with saturating
//! `increaseAllowance` / `decreaseAllowance`, a zero delta a no-op, and any netuid accepted
//! (`tao_runtime::staking` allowance module).
//!
//! Who is who: the caller's twin (`blake2b-256("evm:" ‖ msg.sender)`) is the coldkey of every
//! write; hotkeys and coldkeys in arguments are raw `bytes32`. `approve`, `allowance`,
//! `increaseAllowance`, `decreaseAllowance` and `transferStakeFrom` use the H160 addresses as
//! given (owner = `msg.sender` for approvals, spender = `msg.sender` for `transferStakeFrom`),
//! keyed as in `native::staking::allowance`; the stake itself moves between the mapped ids of
//! `source` and `dest`.
//!
//! Each function calls the chain-core function of the same role (`staking::add_stake`,
//! `remove_stake`, `remove_stake_full`, `move_stake`, `transfer_stake`, `burn_alpha`,
//! `approve`, ..., and the views of `staking::views`), which validates everything before its
//! first write, so a revert changes nothing.
//!
//! Not supported: `addProxy` / `removeProxy` revert, as chain-core has no staking proxies.
//!
//! Value: the interface marks the stake functions `payable`, but V2 amounts are explicit
//! arguments and `msg.value` is unused: any call with value reverts instead of stranding it at
//! the precompile's address. Writes revert in a static call.
//!
//! Events, after the call succeeded (see [`crate::events`]): `StakeAdded` (the TAO that left
//! the coldkey's balance, fee included, and the alpha bought; a partial limit fill reports
//! what was executed), `StakeRemoved` (the alpha that left the position and the TAO paid),
//! `StakeMoved` / `StakeTransferred` (the alpha moved and the alpha credited; also from
//! `transferStakeFrom`), `AlphaBurned` (the alpha burned, capped at the stake) and
//! `AllowanceChanged` with the new allowance (`approve`, a non-zero increase or decrease, and
//! after `transferStakeFrom`'s spend). Each is charged like the `LOG` opcode when emitted.
//!
//! Gas, charged before any state access: [`cost::STAKE_OP`] per pool operation (two for moves
//! and transfers), [`ALLOWANCE_GAS`] for allowance writes, [`VIEW_GAS`] for views. Views that
//! walk a set charge [`PER_ITEM_GAS`] per element: the hotkey and coldkey totals list the
//! positions first and charge before valuing them; `getAlphaStakedValidators` charges after
//! listing (a view writes nothing, so running out there only discards the result).

use crate::STAKING_V2;
use crate::call::{
    Call, Failure, Gas, cost, names, netuid_arg, require_mutable, require_no_value, u64_arg,
    undecodable,
};
use crate::events::{Host, emit, emit_data};
use alloy_primitives::{Address, B256, Bytes, LogData, U256};
use alloy_sol_types::{SolCall, SolEvent, SolInterface};
use contracts::IStaking::{self as I, IStakingCalls as C};
use tao_primitives::{AccountId32, AlphaRao, NetUid, Rao, address_to_account_id};
use tao_runtime::{Balances, NativeError, NativeStore, staking};

/// Gas of a view (besides per-item charges): a position, a pool and its reserves.
pub const VIEW_GAS: u64 = cost::READ * 4;
/// Gas per element a view walks (a position or a subnet: shares, pool state, reserves).
pub const PER_ITEM_GAS: u64 = cost::READ * 3;
/// Gas of an allowance write: the subnet checks and the allowance slot.
pub const ALLOWANCE_GAS: u64 = cost::READ * 3 + cost::WRITE;

/// Gas charged up front for a decoded call.
fn upfront(c: &C) -> u64 {
    match c {
        C::addStake(_)
        | C::addStakeLimit(_)
        | C::removeStake(_)
        | C::removeStakeLimit(_)
        | C::removeStakeFull(_)
        | C::removeStakeFullLimit(_)
        | C::burnAlpha(_) => cost::STAKE_OP,
        C::moveStake(_) | C::transferStake(_) => cost::STAKE_OP * 2,
        C::transferStakeFrom(_) => cost::STAKE_OP * 2 + ALLOWANCE_GAS,
        C::approve(_) | C::increaseAllowance(_) | C::decreaseAllowance(_) => ALLOWANCE_GAS,
        C::addProxy(_) | C::removeProxy(_) => 0,
        C::getTotalColdkeyStake(_)
        | C::getTotalHotkeyStake(_)
        | C::getStake(_)
        | C::getAlphaStakedValidators(_)
        | C::getTotalAlphaStaked(_)
        | C::getTotalColdkeyStakeOnSubnet(_)
        | C::getNominatorMinRequiredStake(_)
        | C::allowance(_) => VIEW_GAS,
    }
}

/// Whether a decoded call only reads.
fn is_view(c: &C) -> bool {
    matches!(
        c,
        C::getTotalColdkeyStake(_)
            | C::getTotalHotkeyStake(_)
            | C::getStake(_)
            | C::getAlphaStakedValidators(_)
            | C::getTotalAlphaStaked(_)
            | C::getTotalColdkeyStakeOnSubnet(_)
            | C::getNominatorMinRequiredStake(_)
            | C::allowance(_)
    )
}

/// Run a call.
pub fn run(store: &mut impl Host, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    let decoded = decode(&call.input)?;
    let name = C::name_by_selector(decoded.selector()).unwrap_or("IStaking");
    require_no_value(call)?;
    if !is_view(&decoded) {
        require_mutable(call)?;
    }
    gas.charge(upfront(&decoded))?;
    execute(store, call, gas, decoded).map(Bytes::from).map_err(|e| e.in_function(name))
}

/// An alpha-RAO amount argument (saturating at `u64::MAX`, see [`u64_arg`]).
fn alpha_arg(v: U256) -> AlphaRao {
    AlphaRao(u64_arg(v))
}

/// A RAO amount argument (saturating at `u64::MAX`, see [`u64_arg`]).
fn rao_arg(v: U256) -> Rao {
    Rao(u64_arg(v))
}

/// `uint256` of a RAO / alpha-RAO amount.
fn word(v: impl Into<u64>) -> U256 {
    U256::from(v.into())
}

fn execute(s: &mut impl Host, call: &Call, gas: &mut Gas, decoded: C) -> Result<Vec<u8>, Failure> {
    if let Some(out) = execute_view(s, gas, &decoded)? {
        return Ok(out);
    }
    let event = match execute_stake(s, call, decoded)? {
        Ok(event) => Some(event),
        Err(decoded) => execute_other(s, call, gas, *decoded)?,
    };
    if let Some(event) = event {
        emit_data(s, gas, STAKING_V2, event)?;
    }
    Ok(Vec::new())
}

/// Adding and removing stake; returns the event, or hands any other call back.
fn execute_stake(
    s: &mut impl NativeStore,
    call: &Call,
    decoded: C,
) -> Result<Result<LogData, Box<C>>, Failure> {
    let me = call.coldkey();
    Ok(Ok(match decoded {
        C::addStake(c) => {
            let (amount, netuid) = (rao_arg(c.amountRao), netuid_arg(c.netuid)?);
            add_stake(s, &me, c.hotkey, netuid, amount, None)?.encode_log_data()
        }
        C::addStakeLimit(c) => {
            let amount = rao_arg(c.amountRao);
            let limit = u64_arg(c.limitPrice);
            let netuid = netuid_arg(c.netuid)?;
            add_stake(s, &me, c.hotkey, netuid, amount, Some((limit, c.allowPartial)))?
                .encode_log_data()
        }
        C::removeStake(c) => {
            let (alpha, netuid) = (alpha_arg(c.amountAlpha), netuid_arg(c.netuid)?);
            remove_stake(s, &me, c.hotkey, netuid, |s, hk| {
                staking::remove_stake(s, &me, hk, netuid, alpha, None)
            })?
            .encode_log_data()
        }
        C::removeStakeLimit(c) => {
            let alpha = alpha_arg(c.amountAlpha);
            let limit = Some((u64_arg(c.limitPrice), c.allowPartial));
            let netuid = netuid_arg(c.netuid)?;
            remove_stake(s, &me, c.hotkey, netuid, |s, hk| {
                staking::remove_stake(s, &me, hk, netuid, alpha, limit)
            })?
            .encode_log_data()
        }
        C::removeStakeFull(c) => {
            let netuid = netuid_arg(c.netuid)?;
            remove_stake(s, &me, c.hotkey, netuid, |s, hk| {
                staking::remove_stake_full(s, &me, hk, netuid, None)
            })?
            .encode_log_data()
        }
        C::removeStakeFullLimit(c) => {
            let (netuid, limit) = (netuid_arg(c.netuid)?, u64_arg(c.limitPrice));
            remove_stake(s, &me, c.hotkey, netuid, |s, hk| {
                staking::remove_stake_full(s, &me, hk, netuid, Some(limit))
            })?
            .encode_log_data()
        }
        other => return Ok(Err(Box::new(other))),
    }))
}

/// Moves, transfers, burns and allowances; returns the event to emit after any emitted here
/// (`None` for a no-op).
fn execute_other(
    s: &mut impl Host,
    call: &Call,
    gas: &mut Gas,
    decoded: C,
) -> Result<Option<LogData>, Failure> {
    if matches!(
        decoded,
        C::approve(_) | C::increaseAllowance(_) | C::decreaseAllowance(_) | C::transferStakeFrom(_)
    ) {
        return execute_allowance(s, call, gas, decoded);
    }
    let me = call.coldkey();
    let event = match decoded {
        C::moveStake(c) => {
            let from = netuid_arg(c.originNetuid)?;
            let to = netuid_arg(c.destNetuid)?;
            let alpha = alpha_arg(c.amountAlpha);
            let received = staking::move_stake(
                s,
                &me,
                &c.originHotkey.into(),
                &c.destHotkey.into(),
                from,
                to,
                alpha,
            )?;
            I::StakeMoved {
                coldkey: me.into(),
                originHotkey: c.originHotkey,
                destHotkey: c.destHotkey,
                originNetuid: from.0,
                destNetuid: to.0,
                alphaRao: word(alpha),
                alphaReceived: word(received),
            }
            .encode_log_data()
        }
        C::transferStake(c) => {
            let from = netuid_arg(c.originNetuid)?;
            let to = netuid_arg(c.destNetuid)?;
            let alpha = alpha_arg(c.amountAlpha);
            let received = staking::transfer_stake(
                s,
                &me,
                &c.destColdkey.into(),
                &c.hotkey.into(),
                from,
                to,
                alpha,
            )?;
            I::StakeTransferred {
                originColdkey: me.into(),
                destColdkey: c.destColdkey,
                hotkey: c.hotkey,
                originNetuid: from.0,
                destNetuid: to.0,
                alphaRao: word(alpha),
                alphaReceived: word(received),
            }
            .encode_log_data()
        }
        C::burnAlpha(c) => {
            let (amount, netuid) = (alpha_arg(c.amount), netuid_arg(c.netuid)?);
            let burned = staking::burn_alpha(s, &me, &c.hotkey.into(), netuid, amount)?;
            I::AlphaBurned {
                coldkey: me.into(),
                hotkey: c.hotkey,
                netuid: netuid.0,
                alphaRao: word(burned),
            }
            .encode_log_data()
        }
        C::addProxy(_) | C::removeProxy(_) => {
            return Err(Failure::revert(
                names::NOT_SUPPORTED,
                "staking proxies are not supported on this chain",
            ));
        }
        _ => {
            // Every view was answered by `execute_view`; reaching here is a dispatch bug.
            return Err(Failure::Fatal(
                "staking precompile: a view call reached the write dispatch".into(),
            ));
        }
    };
    Ok(Some(event))
}

/// The allowance calls; returns the event to emit after any emitted here (`None` for a
/// no-op).
fn execute_allowance(
    s: &mut impl Host,
    call: &Call,
    gas: &mut Gas,
    decoded: C,
) -> Result<Option<LogData>, Failure> {
    let event = match decoded {
        C::approve(c) => {
            let (netuid, amount) = (netuid_arg(c.netuid)?, c.amountAlpha);
            staking::approve(s, call.caller, c.spender, netuid, amount)?;
            allowance_changed(s, call.caller, c.spender, netuid)?
        }
        C::increaseAllowance(c) => {
            let (netuid, delta) = (netuid_arg(c.netuid)?, c.delta);
            staking::increase_allowance(s, call.caller, c.spender, netuid, delta)?;
            if delta.is_zero() {
                // A no-op: nothing changed, nothing to report.
                return Ok(None);
            }
            allowance_changed(s, call.caller, c.spender, netuid)?
        }
        C::decreaseAllowance(c) => {
            let (netuid, delta) = (netuid_arg(c.netuid)?, c.delta);
            staking::decrease_allowance(s, call.caller, c.spender, netuid, delta)?;
            if delta.is_zero() {
                return Ok(None);
            }
            allowance_changed(s, call.caller, c.spender, netuid)?
        }
        C::transferStakeFrom(c) => {
            let from = netuid_arg(c.originNetuid)?;
            let to = netuid_arg(c.destNetuid)?;
            let alpha = alpha_arg(c.amountAlpha);
            let hk = AccountId32::from(c.hotkey);
            let received = staking::transfer_stake_from(
                s,
                call.caller,
                c.source,
                c.dest,
                &hk,
                from,
                to,
                alpha,
            )?;
            let moved = I::StakeTransferred {
                originColdkey: address_to_account_id(c.source).into(),
                destColdkey: address_to_account_id(c.dest).into(),
                hotkey: c.hotkey,
                originNetuid: from.0,
                destNetuid: to.0,
                alphaRao: word(alpha),
                alphaReceived: word(received),
            };
            let spent = allowance_changed(s, c.source, call.caller, from)?;
            emit(s, gas, STAKING_V2, &moved)?;
            spent
        }
        _ => {
            return Err(Failure::Fatal(
                "staking precompile: a non-allowance call reached the allowance dispatch".into(),
            ));
        }
    };
    Ok(Some(event))
}

/// `staking::add_stake` from `coldkey`, and its [`I::StakeAdded`]: the TAO is what left the
/// coldkey's balance (fee included; a partial limit fill spends less than asked), the alpha
/// what the call returned. Shared with staking V1.
pub(crate) fn add_stake(
    s: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: B256,
    netuid: NetUid,
    amount: Rao,
    limit: Option<(u64, bool)>,
) -> Result<I::StakeAdded, Failure> {
    let before = s.free_balance(coldkey)?;
    let alpha = staking::add_stake(s, coldkey, &hotkey.into(), netuid, amount, limit)?;
    let spent = before.get().saturating_sub(s.free_balance(coldkey)?.get());
    Ok(I::StakeAdded {
        coldkey: (*coldkey).into(),
        hotkey,
        netuid: netuid.0,
        taoRao: word(spent),
        alphaRao: word(alpha),
    })
}

/// An unstake (`remove`, given the hotkey) from `coldkey`, and its [`I::StakeRemoved`]: the
/// alpha is what left the position (a partial limit fill sells less than asked; a remainder
/// below the nominator minimum is sold too), the TAO what the call paid. Shared with staking
/// V1.
pub(crate) fn remove_stake<S: NativeStore>(
    s: &mut S,
    coldkey: &AccountId32,
    hotkey: B256,
    netuid: NetUid,
    remove: impl FnOnce(&mut S, &AccountId32) -> Result<Rao, NativeError>,
) -> Result<I::StakeRemoved, Failure> {
    let hk = AccountId32::from(hotkey);
    let before = staking::stake(s, &hk, coldkey, netuid)?;
    let tao = remove(s, &hk)?;
    let removed = before.get().saturating_sub(staking::stake(s, &hk, coldkey, netuid)?.get());
    Ok(I::StakeRemoved {
        coldkey: (*coldkey).into(),
        hotkey,
        netuid: netuid.0,
        alphaRao: word(removed),
        taoRao: word(tao),
    })
}

/// [`I::AllowanceChanged`] with the allowance `owner` now gives `spender` on `netuid`.
fn allowance_changed(
    s: &mut impl NativeStore,
    owner: Address,
    spender: Address,
    netuid: NetUid,
) -> Result<LogData, Failure> {
    let amount = staking::allowance(s, owner, spender, netuid)?;
    Ok(I::AllowanceChanged { owner, spender, netuid: netuid.0, amount }.encode_log_data())
}

/// The read-only calls (allowance and stake getters); `None` for every other call.
fn execute_view(
    s: &mut impl NativeStore,
    gas: &mut Gas,
    decoded: &C,
) -> Result<Option<Vec<u8>>, Failure> {
    match decoded {
        C::allowance(c) => {
            let netuid = netuid_arg(c.netuid)?;
            let v = staking::allowance(s, c.source, c.spender, netuid)?;
            Ok(Some(I::allowanceCall::abi_encode_returns(&v)))
        }
        C::getStake(c) => {
            let v = staking::stake(s, &c.hotkey.into(), &c.coldkey.into(), netuid_arg(c.netuid)?)?;
            Ok(Some(I::getStakeCall::abi_encode_returns(&word(v))))
        }
        C::getTotalAlphaStaked(c) => {
            let v = staking::total_hotkey_alpha(s, &c.hotkey.into(), netuid_arg(c.netuid)?)?;
            Ok(Some(I::getTotalAlphaStakedCall::abi_encode_returns(&word(v))))
        }
        C::getNominatorMinRequiredStake(_) => {
            let v = staking::nominator_min_stake(s)?;
            Ok(Some(I::getNominatorMinRequiredStakeCall::abi_encode_returns(&word(v))))
        }
        C::getTotalHotkeyStake(c) => {
            let subnets = staking::hotkey_netuids(s, &c.hotkey.into())?;
            gas.charge(per_item(subnets.len()))?;
            let v = staking::total_hotkey_stake(s, &c.hotkey.into())?;
            Ok(Some(I::getTotalHotkeyStakeCall::abi_encode_returns(&word(v))))
        }
        C::getTotalColdkeyStake(c) => {
            let positions = staking::stake_positions(s, &c.coldkey.into())?;
            gas.charge(per_item(positions.len()))?;
            let v = staking::total_coldkey_stake(s, &c.coldkey.into())?;
            Ok(Some(I::getTotalColdkeyStakeCall::abi_encode_returns(&word(v))))
        }
        C::getTotalColdkeyStakeOnSubnet(c) => {
            let netuid = netuid_arg(c.netuid)?;
            let positions = staking::stake_positions(s, &c.coldkey.into())?;
            gas.charge(per_item(positions.len()))?;
            let v = staking::total_coldkey_stake_on_subnet(s, &c.coldkey.into(), netuid)?;
            Ok(Some(I::getTotalColdkeyStakeOnSubnetCall::abi_encode_returns(&word(v))))
        }
        C::getAlphaStakedValidators(c) => {
            let netuid = netuid_arg(c.netuid)?;
            let keys = staking::alpha_staked_validators(s, &c.hotkey.into(), netuid)?;
            gas.charge(per_item(keys.len()))?;
            let keys: Vec<B256> = keys.into_iter().map(B256::from).collect();
            Ok(Some(I::getAlphaStakedValidatorsCall::abi_encode_returns(&keys)))
        }
        _ => Ok(None),
    }
}

/// [`PER_ITEM_GAS`] times `n`, saturating.
pub(crate) fn per_item(n: usize) -> u64 {
    PER_ITEM_GAS.saturating_mul(u64::try_from(n).unwrap_or(u64::MAX))
}

/// Decode the calldata (values validated: dirty high bits revert) or revert naming the
/// function whose arguments are malformed.
fn decode(input: &[u8]) -> Result<C, Failure> {
    C::abi_decode_validate(input)
        .map_err(|_| undecodable("IStaking", input, C::signature_by_selector))
}

#[cfg(test)]
mod tests;
