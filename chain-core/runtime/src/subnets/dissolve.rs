//! Subnet dissolution and pruning (spec `economics.md` §5.4; the real chain's
//! `do_dissolve_network`, `destroy_alpha_in_out_stakes`, `remove_network` and
//! `get_network_to_prune`).
//!
//! [`dissolve_network`] runs the real chain's order:
//! 1. **Root dividends** (`finalize_all_subnet_root_dividends`): every claimable rate on the
//!    subnet and every `RootClaimed` of it are dropped. Unclaimed root alpha is not paid: like
//!    the pending emission buckets it is outstanding alpha that dies with the subnet.
//! 2. **Payout** (`destroy_alpha_in_out_stakes`): the pool's TAO reserve (the pot) is split by
//!    `tao_economics::registration::dissolution_split` between every stake entry (one per hotkey
//!    and coldkey, by alpha value) and the protocol's alpha (`SubnetAlphaIn +
//!    SubnetProtocolAlpha`: every subnet here registered after the real chain's
//!    `TaoInRefundDeploymentBlock`). Each entry's share is credited to its coldkey's free
//!    balance; the protocol's share and any remainder are **recycled** (`TotalIssuance` drops by
//!    exactly that). The owner gets no lock refund: the real chain refunds only subnets
//!    registered before `NetworkRegistrationStartBlock`, and every subnet here registered under
//!    the current rule (the lock became pool liquidity and is paid out through the pot).
//! 3. **Pool**: removed from the active engine (`AlphaPools.removePool` through
//!    [`PoolOp::Remove`], which must give back the reserves read before, or the native slots).
//! 4. **Every netuid-keyed item** is deleted: registry facts, identity, hyperparameters, burn,
//!    epoch and start-up state, neurons (keys, uids, axons, weights, bonds, commits, epoch
//!    outputs), emission buckets and counters, stake pools and their sets, childkeys, root
//!    claims and owner rate-limit clocks. Kept: the netuid's registration counter (it keys stake
//!    allowances, so allowances of the dissolved subnet never apply to its successor) and the
//!    hotkeys' owners (chain-wide).
//!
//! The loops walk the subnet's own indexes, never the whole state: uids (≤ 256), the subnet's
//! hotkey set ([`crate::schema::SUBNET_HOTKEYS`], bounded by [`MAX_DISSOLVED_HOTKEYS`]), each
//! hotkey's stakers (in all at most [`MAX_DISSOLVED_STAKE_ENTRIES`]), and the root-staking
//! coldkeys for `RootClaimed` (at most [`MAX_DISSOLVED_ROOT_CLAIMS`] lookups). A subnet beyond
//! a bound is refused with `DissolutionTooLarge` (the real chain has no bound).

use super::{SubnetError, netuids, registered_at};
use crate::balances::Balances;
use crate::hyperparams::Hyper;
use crate::pool_engine::{self, OpResult, PoolOp};
use crate::schema::{self, Key, by_netuid, by_netuid_account, by_uid};
use crate::staking::ledger;
use crate::store::{NativeError, NativeExt, NativeStore};
use alloy_primitives::U256;
use tao_economics::registration::{
    NETWORK_IMMUNITY_BLOCKS, SubnetCandidate, dissolution_split, select_subnet_to_prune,
};
use tao_primitives::{AccountId32, NetUid, ROOT_NETUID, Rao, Uid};

/// Most hotkeys with state on one subnet that a dissolution walks.
pub const MAX_DISSOLVED_HOTKEYS: u64 = 65_536;
/// Most stake entries (hotkey, coldkey) a dissolution pays.
pub const MAX_DISSOLVED_STAKE_ENTRIES: u64 = 262_144;
/// Most `RootClaimed` lookups (claimable hotkeys × root-staking coldkeys) of a dissolution.
pub const MAX_DISSOLVED_ROOT_CLAIMS: u64 = 1_048_576;

/// Per-subnet items (`by_netuid`) deleted at dissolution.
pub const SUBNET_ITEMS: [u16; 39] = [
    schema::NETWORK_EXISTS,
    schema::SUBNET_OWNER,
    schema::SUBNET_OWNER_HOTKEY,
    schema::NETWORK_REGISTERED_AT,
    schema::SUBNET_LOCKED,
    schema::SUBNET_N,
    schema::BURN,
    schema::REGS_THIS_INTERVAL,
    schema::LAST_BURN_ADJUSTMENT,
    schema::LAST_EPOCH_BLOCK,
    schema::TRANSFERS_DISABLED,
    schema::EPOCH_INDEX,
    schema::VALIDATOR_PERMIT_LEN,
    schema::SUBNET_TAO,
    schema::SUBNET_ALPHA_IN,
    schema::SUBNET_ALPHA_OUT,
    schema::SUBNET_MOVING_PRICE,
    schema::SUBNET_VOLUME,
    schema::TAO_IN_EMISSION,
    schema::ALPHA_IN_EMISSION,
    schema::ALPHA_OUT_EMISSION,
    schema::PENDING_EMISSION,
    schema::PENDING_OWNER_CUT,
    schema::PENDING_ROOT_DIVS,
    schema::EMISSION_ENABLED,
    schema::PENDING_SERVER_EMISSION,
    schema::SUBNET_PROTOCOL_ALPHA,
    schema::FIRST_EMISSION_BLOCK,
    schema::SUBTOKEN_ENABLED,
    schema::MAINNET_STARTUP,
    schema::PENDING_EPOCH_AT,
    schema::BLOCKS_SINCE_LAST_STEP,
    schema::MINER_BURNED,
    schema::SUBNET_FEE_RATE,
    schema::EXCESS_TAO,
    schema::ALPHA_BURNED,
    schema::ALPHA_RECYCLED,
    schema::MIN_CHILDKEY_TAKE_PER_SUBNET,
    schema::ROOT_UNCLAIMED,
];

/// Per-uid word items (`by_uid`) deleted at dissolution.
pub const UID_ITEMS: [u16; 12] = [
    schema::KEYS,
    schema::BLOCK_AT_REGISTRATION,
    schema::LAST_UPDATE,
    schema::ACTIVE,
    schema::CONSENSUS,
    schema::INCENTIVE,
    schema::DIVIDENDS,
    schema::VALIDATOR_TRUST,
    schema::VALIDATOR_PERMIT,
    schema::EMISSION,
    schema::STAKE_WEIGHT,
    schema::ASSOCIATED_EVM,
];

/// Identity fields of a subnet (`SUBNET_IDENTITY`, one byte string each).
const IDENTITY_FIELDS: u8 = 8;

/// One stake entry paid at dissolution.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Payout {
    /// The hotkey the stake was under.
    pub hotkey: AccountId32,
    /// The coldkey credited.
    pub coldkey: AccountId32,
    /// The stake's value, alpha-RAO.
    pub alpha: u64,
    /// TAO credited to the coldkey's free balance, RAO.
    pub tao: u64,
}

/// What a dissolution did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Dissolution {
    /// The dissolved subnet.
    pub netuid: NetUid,
    /// The pool's TAO reserve, split between the payouts and the recycled amount, RAO.
    pub pot: u64,
    /// The protocol's alpha (`SubnetAlphaIn + SubnetProtocolAlpha`) that took a portion.
    pub protocol_alpha: u64,
    /// Every stake entry worth more than 0, in walk order.
    pub payouts: Vec<Payout>,
    /// RAO recycled: `pot − Σ payouts` (the protocol's portion and nothing else).
    pub recycled: u64,
}

/// `NetworkImmunityPeriod` in blocks.
pub fn network_immunity_period<S: NativeStore + ?Sized>(store: &mut S) -> Result<u64, NativeError> {
    let k = Key::new(schema::NETWORK_IMMUNITY_PERIOD, &[]);
    Ok(store.get_opt_u64(k)?.unwrap_or(NETWORK_IMMUNITY_BLOCKS))
}

/// Sets `NetworkImmunityPeriod` (genesis, or the chain's root).
pub fn set_network_immunity_period<S: NativeStore + ?Sized>(
    store: &mut S,
    blocks: u64,
) -> Result<(), NativeError> {
    store.set_opt_u64(Key::new(schema::NETWORK_IMMUNITY_PERIOD, &[]), Some(blocks))
}

/// `get_network_to_prune`: the non-immune subnet with the lowest moving price, ties by
/// earliest registration, then lowest netuid; `SubnetLimitReached` if every subnet is immune.
pub fn network_to_prune<S: NativeStore + ?Sized>(store: &mut S) -> Result<NetUid, NativeError> {
    let now = store.block_number();
    let immunity = network_immunity_period(store)?;
    let mut candidates = Vec::new();
    for netuid in netuids(store)?.into_iter().filter(|n| *n != ROOT_NETUID) {
        candidates.push(SubnetCandidate {
            netuid: netuid.get(),
            moving_price: crate::pool::moving_price(&mut &mut *store, netuid)?,
            registered_at: registered_at(store, netuid)?,
        });
    }
    select_subnet_to_prune(&candidates, now, immunity)
        .map(NetUid)
        .map_err(|_| SubnetError::SubnetLimitReached.into())
}

/// Dissolves `netuid` (see the module docs): pays its alpha holders, recycles the protocol's
/// share, removes its pool and deletes every item keyed by it. Fails on root or a missing
/// subnet, or beyond a bound, before writing anything.
pub fn dissolve_network<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<Dissolution, NativeError> {
    let mut s = &mut *store;
    if netuid == ROOT_NETUID || !crate::registry::exists(s, netuid)? {
        return Err(SubnetError::SubnetNotExists { netuid }.into());
    }
    let hotkey_set = ledger::subnet_hotkeys(netuid);
    let count = hotkey_set.len(s)?;
    if count > MAX_DISSOLVED_HOTKEYS {
        let what = "hotkeys";
        let max = MAX_DISSOLVED_HOTKEYS;
        return Err(SubnetError::DissolutionTooLarge { netuid, what, count, max }.into());
    }
    let hotkeys: Vec<AccountId32> =
        hotkey_set.members(s)?.into_iter().map(AccountId32::from).collect();
    let entries =
        ledger::subnet_stake_entries(&mut s, netuid, &hotkeys, MAX_DISSOLVED_STAKE_ENTRIES)?;
    let reserves = pool_engine::reserves_any(s, netuid)?;
    let protocol_alpha = reserves
        .alpha_rao
        .saturating_add(s.get_u64(by_netuid(schema::SUBNET_PROTOCOL_ALPHA, netuid))?);
    let values: Vec<u64> = entries.iter().map(|e| e.alpha).collect();
    let split = dissolution_split(reserves.tao_rao, &values, protocol_alpha);

    // ---- 1. root dividends ----
    crate::rootclaim::finalize_subnet(&mut s, netuid, &hotkeys, MAX_DISSOLVED_ROOT_CLAIMS)?;
    // ---- 2. payout, recycle ----
    let mut payouts = Vec::with_capacity(entries.len());
    for (e, tao) in entries.iter().zip(split.payouts.iter().copied()) {
        s.credit(&e.coldkey, Rao(tao))?;
        payouts.push(Payout { hotkey: e.hotkey, coldkey: e.coldkey, alpha: e.alpha, tao });
    }
    crate::supply::recycle_rao(&mut s, Rao(split.recycled))?;
    // ---- 3. the pool ----
    if pool_engine::engine(s)?.in_contract() {
        match pool_engine::apply(s, netuid, &PoolOp::Remove)? {
            OpResult::Removed(r) if r.tao_rao == reserves.tao_rao => {}
            OpResult::Removed(r) => {
                let (got, expected) = (r.tao_rao, reserves.tao_rao);
                return Err(SubnetError::DissolvedPoolMismatch { netuid, got, expected }.into());
            }
            _ => return Err(NativeError::CorruptState { item: "removePool result" }),
        }
    }
    // ---- 4. every netuid-keyed item ----
    let owner = crate::registry::owner(s, netuid)?;
    clear_neurons(s, netuid)?;
    ledger::destroy_subnet_stake(&mut s, netuid, &hotkeys)?;
    crate::children::clear_subnet(s, netuid, &hotkeys)?;
    crate::ratelimit::clear_subnet(s, &owner, netuid)?;
    for hk in &hotkeys {
        hotkey_set.remove(s, &(*hk).into())?;
    }
    for h in Hyper::ALL {
        let k = Key::new(schema::HYPERPARAM, &[&netuid.get().to_be_bytes(), &h.id().to_be_bytes()]);
        s.set_opt_u64(k, None)?;
    }
    for field in 0..IDENTITY_FIELDS {
        s.set_bytes(
            Key::new(schema::SUBNET_IDENTITY, &[&netuid.get().to_be_bytes(), &[field]]),
            &[],
        )?;
    }
    for id in SUBNET_ITEMS {
        s.store(by_netuid(id, netuid).slot(), U256::ZERO)?;
    }
    let total = super::total_networks(s)?.saturating_sub(1);
    s.set_u64(Key::new(schema::TOTAL_NETWORKS, &[]), total)?;
    Ok(Dissolution {
        netuid,
        pot: reserves.tao_rao,
        protocol_alpha,
        payouts,
        recycled: split.recycled,
    })
}

/// Deletes every neuron of `netuid`: per-uid items, and the uid, axon, prometheus endpoint and
/// weight commits of each registered hotkey (a replaced uid's hotkey lost them already).
fn clear_neurons<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<(), NativeError> {
    let n = crate::registry::uid_count(store, netuid)?;
    for uid in (0..n).map(Uid) {
        let hotkey = AccountId32::from(store.get_b256(by_uid(schema::KEYS, netuid, uid))?);
        for id in [schema::UIDS, schema::AXON, schema::PROMETHEUS] {
            store.store(by_netuid_account(id, netuid, &hotkey).slot(), U256::ZERO)?;
        }
        store.set_bytes(by_netuid_account(schema::WEIGHT_COMMITS, netuid, &hotkey), &[])?;
        for id in [schema::WEIGHTS, schema::BONDS] {
            store.set_bytes(by_uid(id, netuid, uid), &[])?;
        }
        for id in UID_ITEMS {
            store.store(by_uid(id, netuid, uid).slot(), U256::ZERO)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests;
