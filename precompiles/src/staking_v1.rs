//! 0x801 staking V1, the legacy wei-scaled interface, as a thin layer over the same
//! `tao_runtime::staking` functions 0x805 calls.
//!
//! - `addStake(hotkey, netuid)` (payable) stakes `msg.value`: the frame has moved the value
//!   to 0x801; the precompile hands all of it back to the caller and then stakes
//!   `floor(msg.value / 10^9)` RAO from the caller's coldkey (`staking::add_stake`), so the
//!   sub-RAO dust stays with the caller (as 0x800 refunds it) and nothing is left at 0x801.
//!   The real chain does the same: `transfer_back_to_caller`, then `add_stake`.
//! - `removeStake(hotkey, amount, netuid)` unstakes `floor(amount / 10^9)` alpha-RAO
//!   (`staking::remove_stake`).
//! - `getStake`, `getTotalColdkeyStake`, `getTotalHotkeyStake` return the 0x805 values
//!   (alpha-RAO, RAO) times `10^9`, as the real chain does.
//! - `addProxy` / `removeProxy` revert: chain-core has no staking proxies (as on 0x805).
//!
//! Who is who: the coldkey of every write is the caller's twin ([`Call::coldkey`]), as on 0x805.
//!
//! Value: only `addStake` takes `msg.value`; any other call with value reverts. Amounts that
//! do not fit a `u64` once scaled revert. Writes revert in a static call; every failure
//! reverts, which also returns `msg.value` to the caller.
//!
//! Events: `addStake` emits `StakeAdded` and `removeStake` `StakeRemoved`, the same events
//! (same signatures) as 0x805's, with amounts in RAO / alpha-RAO, not wei.
//!
//! Gas, charged before any state access: `addStake` [`cost::STAKE_OP`] plus two writes (the
//! value handed back), `removeStake` [`cost::STAKE_OP`], views as on 0x805
//! ([`crate::staking::VIEW_GAS`] plus [`crate::staking::PER_ITEM_GAS`] per position or
//! subnet walked).

use crate::STAKING_V1;
use crate::call::{
    Call, Failure, Gas, cost, names, netuid_arg, require_mutable, require_no_value, u64_arg,
    undecodable,
};
use crate::events::{Host, emit};
use crate::staking::{VIEW_GAS, per_item};
use alloy_primitives::{Bytes, U256};
use alloy_sol_types::{SolCall, SolInterface};
use contracts::IStakingV1::{self as I, IStakingV1Calls as C};
use tao_primitives::{AlphaRao, Rao, WEI_PER_RAO};
use tao_runtime::staking;

/// Gas of `addStake`: the stake and the two balance writes that hand `msg.value` back.
pub const ADD_STAKE_GAS: u64 = cost::STAKE_OP + 2 * cost::WRITE;

/// Gas charged up front for a decoded call.
fn upfront(c: &C) -> u64 {
    match c {
        C::addStake(_) => ADD_STAKE_GAS,
        C::removeStake(_) => cost::STAKE_OP,
        C::addProxy(_) | C::removeProxy(_) => 0,
        C::getStake(_) | C::getTotalColdkeyStake(_) | C::getTotalHotkeyStake(_) => VIEW_GAS,
    }
}

/// Run a call.
pub fn run(store: &mut impl Host, call: &Call, gas: &mut Gas) -> Result<Bytes, Failure> {
    let decoded = decode(&call.input)?;
    let name = C::name_by_selector(decoded.selector()).unwrap_or("IStakingV1");
    if !matches!(decoded, C::addStake(_)) {
        require_no_value(call)?;
    }
    let view =
        matches!(decoded, C::getStake(_) | C::getTotalColdkeyStake(_) | C::getTotalHotkeyStake(_));
    if !view {
        require_mutable(call)?;
    }
    gas.charge(upfront(&decoded))?;
    execute(store, call, gas, decoded).map(Bytes::from).map_err(|e| e.in_function(name))
}

/// RAO or alpha-RAO scaled to 18 decimals (`× 10^9`; a u64 times 10^9 never overflows).
fn wei(v: impl Into<u64>) -> U256 {
    U256::from(v.into()).saturating_mul(U256::from(WEI_PER_RAO))
}

fn execute(s: &mut impl Host, call: &Call, gas: &mut Gas, decoded: C) -> Result<Vec<u8>, Failure> {
    let me = call.coldkey();
    match decoded {
        C::addStake(c) => {
            let netuid = netuid_arg(c.netuid)?;
            let rao = Rao::from_wei_floor(call.value)
                .map_err(|_| Failure::revert("Overflow", "msg.value does not fit in u64 RAO"))?;
            // The frame moved msg.value to 0x801: hand it back, then stake from the caller.
            if !call.value.is_zero() {
                s.evm_debit(STAKING_V1, call.value)?;
                s.evm_credit(call.caller, call.value)?;
            }
            let added = crate::staking::add_stake(s, &me, c.hotkey, netuid, rao, None)?;
            // The same event (same signature) as 0x805's, amounts in RAO / alpha-RAO.
            let event = I::StakeAdded {
                coldkey: added.coldkey,
                hotkey: added.hotkey,
                netuid: added.netuid,
                taoRao: added.taoRao,
                alphaRao: added.alphaRao,
            };
            emit(s, gas, STAKING_V1, &event)?;
            Ok(Vec::new())
        }
        C::removeStake(c) => {
            let netuid = netuid_arg(c.netuid)?;
            let alpha = AlphaRao(u64_arg(c.amount / U256::from(WEI_PER_RAO)));
            let removed = crate::staking::remove_stake(s, &me, c.hotkey, netuid, |s, hk| {
                staking::remove_stake(s, &me, hk, netuid, alpha, None)
            })?;
            let event = I::StakeRemoved {
                coldkey: removed.coldkey,
                hotkey: removed.hotkey,
                netuid: removed.netuid,
                alphaRao: removed.alphaRao,
                taoRao: removed.taoRao,
            };
            emit(s, gas, STAKING_V1, &event)?;
            Ok(Vec::new())
        }
        C::addProxy(_) | C::removeProxy(_) => Err(Failure::revert(
            names::NOT_SUPPORTED,
            "staking proxies are not supported on this chain",
        )),
        C::getStake(c) => {
            let v = staking::stake(s, &c.hotkey.into(), &c.coldkey.into(), netuid_arg(c.netuid)?)?;
            Ok(I::getStakeCall::abi_encode_returns(&wei(v)))
        }
        C::getTotalColdkeyStake(c) => {
            let positions = staking::stake_positions(s, &c.coldkey.into())?;
            gas.charge(per_item(positions.len()))?;
            let v = staking::total_coldkey_stake(s, &c.coldkey.into())?;
            Ok(I::getTotalColdkeyStakeCall::abi_encode_returns(&wei(v)))
        }
        C::getTotalHotkeyStake(c) => {
            let subnets = staking::hotkey_netuids(s, &c.hotkey.into())?;
            gas.charge(per_item(subnets.len()))?;
            let v = staking::total_hotkey_stake(s, &c.hotkey.into())?;
            Ok(I::getTotalHotkeyStakeCall::abi_encode_returns(&wei(v)))
        }
    }
}

/// Decode the calldata (values validated) or revert naming the malformed function.
fn decode(input: &[u8]) -> Result<C, Failure> {
    C::abi_decode_validate(input)
        .map_err(|_| undecodable("IStakingV1", input, C::signature_by_selector))
}

#[cfg(test)]
mod tests;
