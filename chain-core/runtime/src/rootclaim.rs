//! Root dividend claims (the real chain's `staking/claim_root.rs`): the root part of a
//! validator's dividends on a subnet (after its delegate take) is not paid at the epoch. It
//! raises the hotkey's claimable rate on that subnet, `RootClaimable += amount / root stake`
//! (`I96F32`), and stays outstanding alpha of the subnet ([`unclaimed`]) until the root
//! stakers claim it:
//!
//! * a coldkey's owed alpha on a subnet is `rate · its root stake − RootClaimed`;
//! * [`claim_root`] (the coldkey, for some or all subnets) or the block step's auto-claim of
//!   [`NUM_ROOT_CLAIM`] pseudo-randomly chosen root stakers per block claims what is owed, at
//!   least [`ROOT_CLAIMABLE_THRESHOLD`] per subnet, by the coldkey's [`ClaimType`]: `Swap`
//!   (default: sold fee-free into the subnet's pool and the TAO staked on root to the same
//!   hotkey), `Keep` (staked as alpha on the subnet) or `KeepSubnets` (keep on the listed
//!   subnets, swap elsewhere);
//! * every change of a root position moves its `RootClaimed` by `rate · change` on every subnet
//!   of the hotkey (`add_stake_adjust_root_claimed_for_hotkey_and_coldkey` and its removal
//!   twin), so new stake claims nothing earned before it and unstaking keeps what was owed.
//!
//! Differences kept on purpose (docs/economics.md): the auto-claim draws its indices from
//! `keccak256(block number)` (the native modules see no block hash); the staking-coldkey index
//! only grows (a coldkey without root stake is skipped when drawn); what a claim would take
//! beyond [`unclaimed`] (rate truncation) is capped, so alpha stays conserved.

#[cfg(test)]
mod tests;

use crate::pool::{ROOT_NETUID, SubnetPool};
use crate::schema::{self, Key, by_netuid};
use crate::set::Set;
use crate::staking;
use crate::store::{NativeError, NativeExt, NativeStore};
use alloy_primitives::{B256, keccak256};
use substrate_fixed::types::I96F32;
use tao_primitives::{AccountId32, NetUid};

/// `NumRootClaim`: coldkeys auto-claimed per block.
pub const NUM_ROOT_CLAIM: u64 = 5;
/// `DefaultMinRootClaimAmount`: the least owed alpha a claim on a subnet takes.
pub const ROOT_CLAIMABLE_THRESHOLD: u64 = 500_000;

/// How a coldkey takes its root dividends (`RootClaimType`).
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub enum ClaimType {
    /// Sell the alpha for TAO and stake it on root (the default).
    #[default]
    Swap,
    /// Keep the alpha, staked on the subnet.
    Keep,
    /// Keep on these subnets, swap elsewhere.
    KeepSubnets(Vec<NetUid>),
}

fn nb(netuid: NetUid) -> [u8; 2] {
    netuid.get().to_be_bytes()
}

fn claimable_key(hotkey: &AccountId32, netuid: NetUid) -> Key {
    Key::new(schema::ROOT_CLAIMABLE, &[hotkey.as_bytes(), &nb(netuid)])
}

fn claimed_key(netuid: NetUid, hotkey: &AccountId32, coldkey: &AccountId32) -> Key {
    Key::new(schema::ROOT_CLAIMED, &[&nb(netuid), hotkey.as_bytes(), coldkey.as_bytes()])
}

fn claimable_netuids(hotkey: AccountId32) -> Set<impl Fn(&B256) -> Key> {
    Set {
        list: Key::new(schema::ROOT_CLAIMABLE_NETUIDS, &[hotkey.as_bytes()]),
        index: move |w: &B256| {
            Key::new(schema::ROOT_CLAIMABLE_NETUID_INDEX, &[hotkey.as_bytes(), &w.0])
        },
    }
}

fn staking_coldkeys() -> Set<impl Fn(&B256) -> Key> {
    Set {
        list: Key::new(schema::ROOT_STAKING_COLDKEYS, &[]),
        index: |w: &B256| Key::new(schema::ROOT_STAKING_COLDKEY_INDEX, &[&w.0]),
    }
}

fn word(netuid: NetUid) -> B256 {
    B256::left_padding_from(&nb(netuid))
}

fn netuid_of(w: &B256) -> NetUid {
    let [.., a, b] = w.0;
    NetUid(u16::from_be_bytes([a, b]))
}

/// The hotkey's claimable rate on `netuid` (`RootClaimable`): alpha per unit of root stake.
pub fn claimable_rate<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<I96F32, NativeError> {
    let bits = store.get_u128(claimable_key(hotkey, netuid))?;
    Ok(I96F32::from_bits(i128::try_from(bits).unwrap_or(i128::MAX)))
}

/// `RootClaimed` of (netuid, hotkey, coldkey).
pub fn claimed<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    hotkey: &AccountId32,
    coldkey: &AccountId32,
) -> Result<u128, NativeError> {
    store.get_u128(claimed_key(netuid, hotkey, coldkey))
}

/// Alpha of `netuid` credited as claimable and not claimed yet (outstanding alpha).
pub fn unclaimed<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    store.get_u64(by_netuid(schema::ROOT_UNCLAIMED, netuid))
}

/// The subnets on which `hotkey` has a claimable rate.
pub fn claimable_subnets<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
) -> Result<Vec<NetUid>, NativeError> {
    Ok(claimable_netuids(*hotkey).members(store)?.iter().map(netuid_of).collect())
}

/// `increase_root_claimable_for_hotkey_and_subnet`: `amount` alpha of root dividends of
/// `hotkey` on `netuid` become claimable by its root stakers. With less root stake than
/// `amount` (no root stake at all, in practice) it is staked to the hotkey's owner instead, as
/// on the real chain. Returns whether it became claimable.
pub(crate) fn increase_claimable(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    netuid: NetUid,
    amount: u64,
) -> Result<bool, NativeError> {
    if amount == 0 {
        return Ok(true);
    }
    let total = staking::total_hotkey_alpha(store, hotkey, ROOT_NETUID)?.get();
    if amount > total {
        let owner = staking::hotkey_owner(store, hotkey)?
            .ok_or(NativeError::CorruptState { item: "root dividend of an unowned hotkey" })?;
        staking::stake_emission(store, hotkey, &owner, netuid, amount)?;
        return Ok(false);
    }
    let inc = I96F32::saturating_from_num(amount)
        .checked_div(I96F32::saturating_from_num(total))
        .unwrap_or(I96F32::saturating_from_num(0));
    let rate = claimable_rate(store, hotkey, netuid)?.saturating_add(inc);
    store.set_u128(claimable_key(hotkey, netuid), u128::try_from(rate.to_bits()).unwrap_or(0))?;
    claimable_netuids(*hotkey).insert(store, &word(netuid))?;
    staking::ledger::note_subnet_hotkey(store, hotkey, netuid)?;
    let k = by_netuid(schema::ROOT_UNCLAIMED, netuid);
    let v = store.get_u64(k)?.checked_add(amount).ok_or(NativeError::Overflow("unclaimed"))?;
    store.set_u64(k, v)?;
    Ok(true)
}

/// `finalize_all_subnet_root_dividends`: drops every claimable rate on `netuid` and every
/// `RootClaimed` of it, and the unclaimed counter (subnet dissolution; the unclaimed alpha is
/// not paid: it is outstanding alpha that dies with the subnet, as on the real chain).
/// `hotkeys` are the subnet's hotkeys ([`crate::schema::SUBNET_HOTKEYS`]); `RootClaimed`
/// entries are looked up for every root-staking coldkey, at most `max_pairs` lookups.
pub(crate) fn finalize_subnet(
    store: &mut impl NativeStore,
    netuid: NetUid,
    hotkeys: &[AccountId32],
    max_pairs: u64,
) -> Result<(), NativeError> {
    let mut claimers = Vec::new();
    for hk in hotkeys {
        let set = claimable_netuids(*hk);
        if store.get_u64((set.index)(&word(netuid)))? != 0 {
            set.remove(store, &word(netuid))?;
            store.set_u128(claimable_key(hk, netuid), 0)?;
            claimers.push(*hk);
        }
    }
    if !claimers.is_empty() {
        let coldkeys = staking_coldkeys().members(store)?;
        let pairs = (coldkeys.len() as u64).saturating_mul(claimers.len() as u64);
        if pairs > max_pairs {
            let what = "root claim entries";
            let e = crate::error::SubnetError::DissolutionTooLarge {
                netuid,
                what,
                count: pairs,
                max: max_pairs,
            };
            return Err(e.into());
        }
        for hk in &claimers {
            for ck in &coldkeys {
                store.set_u128(claimed_key(netuid, hk, &AccountId32::from(*ck)), 0)?;
            }
        }
    }
    store.set_u64(by_netuid(schema::ROOT_UNCLAIMED, netuid), 0)
}

/// What `coldkey` is owed on `netuid` through `hotkey`: `rate · root stake − RootClaimed`
/// (`get_root_owed_for_hotkey_coldkey_float`), possibly negative.
pub fn owed_float(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    coldkey: &AccountId32,
    netuid: NetUid,
) -> Result<I96F32, NativeError> {
    let stake = staking::stake(store, hotkey, coldkey, ROOT_NETUID)?.get();
    let claimable =
        claimable_rate(store, hotkey, netuid)?.saturating_mul(I96F32::saturating_from_num(stake));
    let done = I96F32::saturating_from_num(claimed(store, netuid, hotkey, coldkey)?);
    Ok(claimable.saturating_sub(done))
}

/// [`owed_float`] truncated to alpha-RAO, 0 if negative.
pub fn owed(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    coldkey: &AccountId32,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    let o = owed_float(store, hotkey, coldkey, netuid)?;
    Ok(if o.is_negative() { 0 } else { o.saturating_to_num::<u64>() })
}

/// Moves `RootClaimed` of (hotkey, coldkey) on every claimable subnet by `rate · amount` when
/// its root stake grows (`up`) or shrinks by `amount` (the ledger calls this).
pub(crate) fn adjust_claimed(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    coldkey: &AccountId32,
    amount: u64,
    up: bool,
) -> Result<(), NativeError> {
    if up {
        staking_coldkeys().insert(store, &B256::from(*coldkey))?;
    }
    for netuid in claimable_subnets(store, hotkey)? {
        let rate = claimable_rate(store, hotkey, netuid)?;
        let d: u128 = rate.saturating_mul(I96F32::saturating_from_num(amount)).saturating_to_num();
        let k = claimed_key(netuid, hotkey, coldkey);
        let now = store.get_u128(k)?;
        store.set_u128(k, if up { now.saturating_add(d) } else { now.saturating_sub(d) })?;
    }
    Ok(())
}

/// The claim type of `coldkey`.
pub fn claim_type<S: NativeStore + ?Sized>(
    store: &mut S,
    coldkey: &AccountId32,
) -> Result<ClaimType, NativeError> {
    let b = store.get_bytes(Key::new(schema::ROOT_CLAIM_TYPE, &[coldkey.as_bytes()]))?;
    Ok(match b.split_first() {
        None => ClaimType::Swap,
        Some((1, _)) => ClaimType::Keep,
        Some((_, rest)) => ClaimType::KeepSubnets(
            rest.chunks_exact(2)
                .filter_map(|c| <[u8; 2]>::try_from(c).ok())
                .map(|c| NetUid(u16::from_be_bytes(c)))
                .collect(),
        ),
    })
}

/// `set_root_claim_type`: the coldkey chooses how it takes root dividends.
pub fn set_claim_type<S: NativeStore + ?Sized>(
    store: &mut S,
    coldkey: &AccountId32,
    t: &ClaimType,
) -> Result<(), NativeError> {
    let bytes = match t {
        ClaimType::Swap => Vec::new(),
        ClaimType::Keep => vec![1],
        ClaimType::KeepSubnets(ns) => {
            let mut v = vec![2];
            ns.iter().for_each(|n| v.extend_from_slice(&nb(*n)));
            v
        }
    };
    store.set_bytes(Key::new(schema::ROOT_CLAIM_TYPE, &[coldkey.as_bytes()]), &bytes)
}

/// `root_claim_on_subnet`: claims what `coldkey` is owed on `netuid` through `hotkey` (nothing
/// below the threshold unless `ignore_minimum`). Returns the alpha claimed.
pub fn claim_on_subnet(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    coldkey: &AccountId32,
    netuid: NetUid,
    t: &ClaimType,
    ignore_minimum: bool,
) -> Result<u64, NativeError> {
    let o = owed_float(store, hotkey, coldkey, netuid)?;
    if !ignore_minimum && o < I96F32::saturating_from_num(ROOT_CLAIMABLE_THRESHOLD) {
        return Ok(0);
    }
    let owed = if o.is_negative() { 0 } else { o.saturating_to_num::<u64>() };
    // Never more than the subnet's unclaimed alpha (truncation dust), so alpha is conserved.
    let owed = owed.min(unclaimed(store, netuid)?);
    if owed == 0 {
        return Ok(0);
    }
    let swap = match t {
        ClaimType::Swap => true,
        ClaimType::Keep => false,
        ClaimType::KeepSubnets(ns) => !ns.contains(&netuid),
    };
    if swap {
        let mut sp = SubnetPool::load(store, netuid)?;
        let tao = sp.protocol_sell(owed)?;
        let mut root = SubnetPool::load(store, ROOT_NETUID)?;
        root.stable_deposit(tao)?;
        sp.save(store)?;
        root.save(store)?;
        // The ledger moves `RootClaimed` by `rate · tao` on every subnet (the real
        // `add_stake_adjust_root_claimed_for_hotkey_and_coldkey`).
        staking::stake_emission(store, hotkey, coldkey, ROOT_NETUID, tao)?;
    } else {
        staking::stake_emission(store, hotkey, coldkey, netuid, owed)?;
    }
    let k = claimed_key(netuid, hotkey, coldkey);
    let now = store.get_u128(k)?;
    store.set_u128(k, now.saturating_add(u128::from(owed)))?;
    let uk = by_netuid(schema::ROOT_UNCLAIMED, netuid);
    let left = store.get_u64(uk)?.saturating_sub(owed);
    store.set_u64(uk, left)?;
    Ok(owed)
}

/// `claim_root`: `coldkey` claims on every subnet (or those in `subnets`) through every hotkey
/// it stakes to, by its claim type. Returns the alpha claimed.
pub fn claim_root(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    subnets: Option<&[NetUid]>,
) -> Result<u64, NativeError> {
    let t = claim_type(store, coldkey)?;
    let mut total = 0u64;
    for hk in staking::coldkey_hotkey_ids(store, coldkey)? {
        for netuid in claimable_subnets(store, &hk)? {
            if subnets.is_some_and(|s| !s.contains(&netuid)) {
                continue;
            }
            let c = claim_on_subnet(store, &hk, coldkey, netuid, &t, false)?;
            total = total.saturating_add(c);
        }
    }
    Ok(total)
}

/// `block_hash_to_indices`: up to `k` distinct indices below `n` drawn from a 32-byte hash.
pub fn hash_to_indices(hash: &[u8; 32], k: u64, n: u64) -> Vec<u64> {
    let word = |i: usize| {
        let mut b = [0u8; 8];
        b.copy_from_slice(hash.get(i..i.saturating_add(8)).unwrap_or(&[0; 8]));
        u64::from_be_bytes(b)
    };
    let mut last = word(0);
    let mut out = std::collections::BTreeSet::new();
    for i in 0..k {
        let at = usize::try_from(i.saturating_mul(8) % 32).unwrap_or(0);
        let idx = last.saturating_add(word(at)).checked_rem(n).unwrap_or(0);
        out.insert(idx);
        last = idx;
    }
    out.into_iter().collect()
}

/// `run_auto_claim_root_divs`: claims for [`NUM_ROOT_CLAIM`] root stakers drawn from
/// `keccak256(block number)`; a claim that fails is skipped. Returns the coldkeys drawn.
pub fn auto_claim(store: &mut impl NativeStore) -> Result<Vec<AccountId32>, NativeError> {
    let set = staking_coldkeys();
    let n = set.len(store)?;
    if n == 0 {
        return Ok(Vec::new());
    }
    let hash = keccak256(store.block_number().to_be_bytes());
    let mut drawn = Vec::new();
    for i in hash_to_indices(&hash.0, NUM_ROOT_CLAIM, n) {
        let Some(w) = set.member(store, i)? else { continue };
        let ck = AccountId32::from(w);
        match claim_root(store, &ck, None) {
            Ok(_) => {}
            Err(e) if e.is_rejection() => {}
            Err(e) => return Err(e),
        }
        drawn.push(ck);
    }
    Ok(drawn)
}
