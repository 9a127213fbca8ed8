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
//! Gas, charged before any state access: [`cost::STAKE_OP`] per pool operation (two for moves
//! and transfers), [`ALLOWANCE_GAS`] for allowance writes, [`VIEW_GAS`] for views. Views that
//! walk a set charge [`PER_ITEM_GAS`] per element: the hotkey and coldkey totals list the
//! positions first and charge before valuing them; `getAlphaStakedValidators` charges after
//! listing (a view writes nothing, so running out there only discards the result).

use crate::call::{
    Call, Failure, Gas, cost, names, netuid_arg, require_mutable, require_no_value, u64_arg,
    undecodable,
};
use alloy_primitives::{B256, Bytes, U256};
use alloy_sol_types::{SolCall, SolInterface};
use contracts::IStaking::{self as I, IStakingCalls as C};
use tao_primitives::{AccountId32, AlphaRao, Rao};
use tao_runtime::{NativeStore, staking};

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
pub fn run(store: &mut impl NativeStore, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
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

fn execute(
    s: &mut impl NativeStore,
    call: &Call,
    gas: &mut Gas,
    decoded: C,
) -> Result<Vec<u8>, Failure> {
    if let Some(out) = execute_view(s, gas, &decoded)? {
        return Ok(out);
    }
    let me = call.coldkey();
    let done = Vec::new();
    match decoded {
        C::addStake(c) => {
            let (amount, netuid) = (rao_arg(c.amountRao), netuid_arg(c.netuid)?);
            staking::add_stake(s, &me, &c.hotkey.into(), netuid, amount, None)?;
        }
        C::addStakeLimit(c) => {
            let amount = rao_arg(c.amountRao);
            let limit = u64_arg(c.limitPrice);
            let netuid = netuid_arg(c.netuid)?;
            let lim = Some((limit, c.allowPartial));
            staking::add_stake(s, &me, &c.hotkey.into(), netuid, amount, lim)?;
        }
        C::removeStake(c) => {
            let (alpha, netuid) = (alpha_arg(c.amountAlpha), netuid_arg(c.netuid)?);
            staking::remove_stake(s, &me, &c.hotkey.into(), netuid, alpha, None)?;
        }
        C::removeStakeLimit(c) => {
            let alpha = alpha_arg(c.amountAlpha);
            let limit = u64_arg(c.limitPrice);
            let netuid = netuid_arg(c.netuid)?;
            let lim = Some((limit, c.allowPartial));
            staking::remove_stake(s, &me, &c.hotkey.into(), netuid, alpha, lim)?;
        }
        C::removeStakeFull(c) => {
            staking::remove_stake_full(s, &me, &c.hotkey.into(), netuid_arg(c.netuid)?, None)?;
        }
        C::removeStakeFullLimit(c) => {
            let (netuid, limit) = (netuid_arg(c.netuid)?, u64_arg(c.limitPrice));
            staking::remove_stake_full(s, &me, &c.hotkey.into(), netuid, Some(limit))?;
        }
        C::moveStake(c) => {
            let from = netuid_arg(c.originNetuid)?;
            let to = netuid_arg(c.destNetuid)?;
            let alpha = alpha_arg(c.amountAlpha);
            staking::move_stake(
                s,
                &me,
                &c.originHotkey.into(),
                &c.destHotkey.into(),
                from,
                to,
                alpha,
            )?;
        }
        C::transferStake(c) => {
            let from = netuid_arg(c.originNetuid)?;
            let to = netuid_arg(c.destNetuid)?;
            let alpha = alpha_arg(c.amountAlpha);
            staking::transfer_stake(
                s,
                &me,
                &c.destColdkey.into(),
                &c.hotkey.into(),
                from,
                to,
                alpha,
            )?;
        }
        C::burnAlpha(c) => {
            let (amount, netuid) = (alpha_arg(c.amount), netuid_arg(c.netuid)?);
            staking::burn_alpha(s, &me, &c.hotkey.into(), netuid, amount)?;
        }
        C::addProxy(_) | C::removeProxy(_) => {
            return Err(Failure::revert(
                names::NOT_SUPPORTED,
                "staking proxies are not supported on this chain",
            ));
        }
        C::approve(c) => {
            let (netuid, amount) = (netuid_arg(c.netuid)?, c.amountAlpha);
            staking::approve(s, call.caller, c.spender, netuid, amount)?;
        }
        C::increaseAllowance(c) => {
            let (netuid, delta) = (netuid_arg(c.netuid)?, c.delta);
            staking::increase_allowance(s, call.caller, c.spender, netuid, delta)?;
        }
        C::decreaseAllowance(c) => {
            let (netuid, delta) = (netuid_arg(c.netuid)?, c.delta);
            staking::decrease_allowance(s, call.caller, c.spender, netuid, delta)?;
        }
        C::transferStakeFrom(c) => {
            let from = netuid_arg(c.originNetuid)?;
            let to = netuid_arg(c.destNetuid)?;
            let alpha = alpha_arg(c.amountAlpha);
            let hk = AccountId32::from(c.hotkey);
            staking::transfer_stake_from(s, call.caller, c.source, c.dest, &hk, from, to, alpha)?;
        }
        _ => {
            // Every view was answered by `execute_view`; reaching here is a dispatch bug.
            return Err(Failure::Fatal(
                "staking precompile: a view call reached the write dispatch".into(),
            ));
        }
    }
    Ok(done)
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
