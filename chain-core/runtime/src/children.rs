//! Childkeys (the real chain's `staking/set_children.rs`; spec `economics.md` §4.8): a parent
//! hotkey lends parts of its stake on one subnet to up to five child hotkeys, each with a
//! proportion in parts of `u64::MAX`. The epoch weighs every hotkey by its **inherited** stake
//! ([`stake::inherited_alpha`], [`stake::inherited_tao`]) and the coinbase hands a child's
//! dividends back to its parents by contribution, less the child's childkey take
//! ([`stake::parent_child_dividends`]).
//!
//! * `set_children` ([`schedule_children`]) is called by the parent hotkey's owner coldkey. It
//!   is refused on root, on a missing subnet, for a hotkey the caller does not own, for a
//!   duplicate child, the parent itself, more than [`MAX_CHILDREN`] children, proportions
//!   summing above `u64::MAX`, a child that is a parent of the hotkey, a parent below
//!   `StakeThreshold` (the subnet owner hotkey is exempt) and within [`SET_CHILDREN_RATE_LIMIT`]
//!   blocks of the hotkey's last call on the subnet. An empty list revokes every child.
//! * On a started subnet (`SubtokenEnabled`) the new children are **pending** until the block
//!   after `now + PendingChildKeyCooldown` (7,200) and are applied by [`apply_pending`] at the
//!   first epoch of the subnet after that ([`crate::coinbase`] calls it for every subnet whose
//!   epoch ran). Before `start_call` they apply at once.
//! * Childkey take ([`set_childkey_take`]): set by the child hotkey's owner per subnet, within
//!   `max(MinChildkeyTake, MinChildkeyTakePerSubnet)..=MaxChildkeyTake` (0..=11,796, 18 %); an
//!   increase needs `TxChildkeyTakeRateLimit` (216,000) blocks since the last change.
//! * Every root validator (a key of the root subnet) that has not turned off
//!   `AutoParentDelegationEnabled` is scheduled as a full-proportion parent of a new subnet's
//!   owner hotkey ([`set_root_validators_for_subnet`]). taochain has no root registration, so
//!   the root subnet has no keys and this schedules nothing (see `docs/economics.md`).

pub mod stake;

#[cfg(test)]
mod tests;

use crate::error::ChildkeyError;
use crate::schema::{self, Key, by_account, by_netuid, by_uid};
use crate::set::Set;
use crate::store::{NativeError, NativeExt, NativeStore};
use crate::{registry, staking, startup};
use alloy_primitives::B256;
use std::collections::BTreeMap;
use tao_primitives::{AccountId32, NetUid, ROOT_NETUID, Uid};

/// Children a parent may have on one subnet.
pub const MAX_CHILDREN: usize = 5;
/// Blocks between two `set_children` of one hotkey on one subnet.
pub const SET_CHILDREN_RATE_LIMIT: u64 = 150;
/// `PendingChildKeyCooldown` default (one day).
pub const DEFAULT_PENDING_COOLDOWN: u64 = 7_200;
/// `MaxChildkeyTake` default: 11,796/65535 (18 %).
pub const DEFAULT_MAX_CHILDKEY_TAKE: u16 = 11_796;
/// `TxChildkeyTakeRateLimit` default (30 days).
pub const DEFAULT_TX_CHILDKEY_TAKE_RATE_LIMIT: u64 = 216_000;

/// `(proportion, hotkey)` links, proportions in parts of `u64::MAX`.
pub type Links = Vec<(u64, AccountId32)>;

const ENTRY: usize = 40;

fn pair_key(id: u16, hotkey: &AccountId32, netuid: NetUid) -> Key {
    Key::new(id, &[hotkey.as_bytes(), &netuid.get().to_be_bytes()])
}

fn global(id: u16) -> Key {
    Key::new(id, &[])
}

fn encode(links: &[(u64, AccountId32)]) -> Vec<u8> {
    let mut out = Vec::with_capacity(links.len().saturating_mul(ENTRY));
    for (p, who) in links {
        out.extend_from_slice(&p.to_be_bytes());
        out.extend_from_slice(who.as_bytes());
    }
    out
}

fn decode(bytes: &[u8]) -> Result<Links, NativeError> {
    if !bytes.len().is_multiple_of(ENTRY) {
        return Err(NativeError::CorruptState { item: "childkey links" });
    }
    Ok(bytes
        .chunks_exact(ENTRY)
        .map(|c| {
            let (p, who) = c.split_at(8);
            let mut pb = [0u8; 8];
            pb.copy_from_slice(p);
            let mut id = [0u8; 32];
            id.copy_from_slice(who);
            (u64::from_be_bytes(pb), AccountId32(id))
        })
        .collect())
}

fn read_links<S: NativeStore + ?Sized>(
    store: &mut S,
    id: u16,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<Links, NativeError> {
    decode(&store.get_bytes(pair_key(id, hotkey, netuid))?)
}

fn write_links<S: NativeStore + ?Sized>(
    store: &mut S,
    id: u16,
    hotkey: &AccountId32,
    netuid: NetUid,
    links: &[(u64, AccountId32)],
) -> Result<(), NativeError> {
    if !links.is_empty() {
        staking::ledger::note_subnet_hotkey(store, hotkey, netuid)?;
    }
    store.set_bytes(pair_key(id, hotkey, netuid), &encode(links))
}

/// The applied children of `hotkey` on `netuid` (`ChildKeys`), in child-id order.
pub fn children<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<Links, NativeError> {
    read_links(store, schema::CHILD_KEYS, hotkey, netuid)
}

/// The parents of `hotkey` on `netuid` (`ParentKeys`), in the order they were linked.
pub fn parents<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<Links, NativeError> {
    read_links(store, schema::PARENT_KEYS, hotkey, netuid)
}

/// The scheduled children of `hotkey` on `netuid` and the block after which they apply
/// (`PendingChildKeys`), if any.
pub fn pending_children<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<Option<(Links, u64)>, NativeError> {
    let bytes = store.get_bytes(pair_key(schema::PENDING_CHILD_KEYS, hotkey, netuid))?;
    if bytes.is_empty() {
        return Ok(None);
    }
    let (head, rest) = bytes.split_at(8.min(bytes.len()));
    let mut b = [0u8; 8];
    b.copy_from_slice(head);
    Ok(Some((decode(rest)?, u64::from_be_bytes(b))))
}

fn pending_set(netuid: NetUid) -> Set<impl Fn(&B256) -> Key> {
    let nb = netuid.get().to_be_bytes();
    Set {
        list: Key::new(schema::PENDING_CHILD_HOTKEYS, &[&nb]),
        index: move |hk: &B256| Key::new(schema::PENDING_CHILD_HOTKEY_INDEX, &[&nb, &hk.0]),
    }
}

fn set_pending<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
    pending: Option<(&[(u64, AccountId32)], u64)>,
) -> Result<(), NativeError> {
    let k = pair_key(schema::PENDING_CHILD_KEYS, hotkey, netuid);
    let set = pending_set(netuid);
    match pending {
        Some((links, cooldown)) => {
            let mut bytes = cooldown.to_be_bytes().to_vec();
            bytes.extend(encode(links));
            store.set_bytes(k, &bytes)?;
            staking::ledger::note_subnet_hotkey(store, hotkey, netuid)?;
            set.insert(store, &B256::from(*hotkey))
        }
        None => {
            store.set_bytes(k, &[])?;
            set.remove(store, &B256::from(*hotkey))
        }
    }
}

/// Deletes every childkey item of `hotkeys` on `netuid` (children, parents, pending children
/// and their set, childkey take and its clocks, `MinChildkeyTakePerSubnet`): subnet
/// dissolution. Links to the hotkeys from other subnets are untouched (they are per subnet).
pub(crate) fn clear_subnet<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    hotkeys: &[AccountId32],
) -> Result<(), NativeError> {
    for hk in hotkeys {
        set_pending(store, hk, netuid, None)?;
        for id in [schema::CHILD_KEYS, schema::PARENT_KEYS] {
            store.set_bytes(pair_key(id, hk, netuid), &[])?;
        }
        for id in [schema::CHILDKEY_TAKE, schema::LAST_SET_CHILDREN, schema::LAST_SET_CHILDKEY_TAKE]
        {
            store.set_opt_u64(pair_key(id, hk, netuid), None)?;
        }
    }
    store.set_opt_u64(by_netuid(schema::MIN_CHILDKEY_TAKE_PER_SUBNET, netuid), None)
}

/// `PendingChildKeyCooldown` in blocks.
pub fn pending_cooldown<S: NativeStore + ?Sized>(store: &mut S) -> Result<u64, NativeError> {
    Ok(store
        .get_opt_u64(global(schema::PENDING_CHILDKEY_COOLDOWN))?
        .unwrap_or(DEFAULT_PENDING_COOLDOWN))
}

/// Root's `set_pending_childkey_cooldown` (the caller checks authority).
pub fn set_pending_cooldown<S: NativeStore + ?Sized>(
    store: &mut S,
    blocks: u64,
) -> Result<(), NativeError> {
    store.set_opt_u64(global(schema::PENDING_CHILDKEY_COOLDOWN), Some(blocks))
}

/// `TxChildkeyTakeRateLimit` in blocks.
pub fn childkey_take_rate_limit<S: NativeStore + ?Sized>(
    store: &mut S,
) -> Result<u64, NativeError> {
    Ok(store
        .get_opt_u64(global(schema::TX_CHILDKEY_TAKE_RATE_LIMIT))?
        .unwrap_or(DEFAULT_TX_CHILDKEY_TAKE_RATE_LIMIT))
}

/// Root's `sudo_set_tx_childkey_take_rate_limit` (the caller checks authority).
pub fn set_childkey_take_rate_limit<S: NativeStore + ?Sized>(
    store: &mut S,
    blocks: u64,
) -> Result<(), NativeError> {
    store.set_opt_u64(global(schema::TX_CHILDKEY_TAKE_RATE_LIMIT), Some(blocks))
}

/// `MaxChildkeyTake`, parts of 65535.
pub fn max_childkey_take<S: NativeStore + ?Sized>(store: &mut S) -> Result<u16, NativeError> {
    let v = store.get_opt_u64(global(schema::MAX_CHILDKEY_TAKE))?;
    Ok(v.map_or(DEFAULT_MAX_CHILDKEY_TAKE, |v| u16::try_from(v).unwrap_or(u16::MAX)))
}

/// `max(MinChildkeyTake, MinChildkeyTakePerSubnet)`, parts of 65535.
pub fn effective_min_childkey_take<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<u16, NativeError> {
    let global_min = store.get_opt_u64(global(schema::MIN_CHILDKEY_TAKE))?.unwrap_or(0);
    let subnet_min = store.get_u64(by_netuid(schema::MIN_CHILDKEY_TAKE_PER_SUBNET, netuid))?;
    Ok(u16::try_from(global_min.max(subnet_min)).unwrap_or(u16::MAX))
}

/// The childkey take of `hotkey` on `netuid` (`get_childkey_take`): its stored value, at least
/// the effective minimum; 0 by default.
pub fn childkey_take<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<u16, NativeError> {
    let v = store.get_opt_u64(pair_key(schema::CHILDKEY_TAKE, hotkey, netuid))?.unwrap_or(0);
    let v = u16::try_from(v).unwrap_or(u16::MAX);
    Ok(v.max(effective_min_childkey_take(store, netuid)?))
}

/// `CKBurn`: the fraction (of `u64::MAX`) of a parent's dividend through a child of another
/// coldkey that is recycled; 0 by default.
pub fn ck_burn<S: NativeStore + ?Sized>(store: &mut S) -> Result<u64, NativeError> {
    store.get_u64(global(schema::CK_BURN))
}

/// Root's `sudo_set_ck_burn` (the caller checks authority).
pub fn set_ck_burn<S: NativeStore + ?Sized>(store: &mut S, raw: u64) -> Result<(), NativeError> {
    store.set_u64(global(schema::CK_BURN), raw)
}

/// Whether a root validator lets itself be made a parent of new subnets' owner hotkeys
/// (`AutoParentDelegationEnabled`, default true).
pub fn auto_parent_delegation_enabled<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
) -> Result<bool, NativeError> {
    Ok(!store.get_bool(by_account(schema::AUTO_PARENT_DELEGATION_DISABLED, hotkey))?)
}

/// The hotkey's owner turns `AutoParentDelegationEnabled` on or off.
pub fn set_auto_parent_delegation_enabled(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    enabled: bool,
) -> Result<(), NativeError> {
    ensure_owns(store, coldkey, hotkey)?;
    store.set_bool(by_account(schema::AUTO_PARENT_DELEGATION_DISABLED, hotkey), !enabled)
}

fn ensure_owns(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
) -> Result<(), NativeError> {
    match staking::hotkey_owner(store, hotkey)? {
        Some(o) if o == *coldkey => Ok(()),
        _ => Err(ChildkeyError::NonAssociatedColdKey { hotkey: *hotkey }.into()),
    }
}

/// Checks a new children list for `pivot` against the rules that keep the graph consistent
/// (no self-loop, at most five, proportions within `u64::MAX`, no child that is a parent).
/// Returns the children keyed by id (the last proportion wins for a repeated id).
fn check_children<S: NativeStore + ?Sized>(
    store: &mut S,
    pivot: &AccountId32,
    netuid: NetUid,
    children: &[(u64, AccountId32)],
    check_count: bool,
) -> Result<BTreeMap<AccountId32, u64>, NativeError> {
    let map: BTreeMap<AccountId32, u64> = children.iter().map(|(p, c)| (*c, *p)).collect();
    if map.contains_key(pivot) {
        return Err(ChildkeyError::InvalidChild.into());
    }
    if check_count && map.len() > MAX_CHILDREN {
        return Err(ChildkeyError::TooManyChildren { count: map.len(), max: MAX_CHILDREN }.into());
    }
    let sum = map.values().fold(0u128, |a, p| a.saturating_add(u128::from(*p)));
    if sum > u128::from(u64::MAX) {
        return Err(
            ChildkeyError::ProportionOverflow { sum: alloy_primitives::U256::from(sum) }.into()
        );
    }
    for (_, parent) in parents(store, pivot, netuid)? {
        if map.contains_key(&parent) {
            return Err(ChildkeyError::ChildParentInconsistency { child: parent }.into());
        }
    }
    Ok(map)
}

/// `set_children` (the real `do_schedule_children`, see the module docs): `coldkey` gives
/// `hotkey`'s stake on `netuid` to `children` (`(proportion, child)`). Returns the block after
/// which the children apply, or `None` when they applied at once (a subnet not yet started).
pub fn schedule_children(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    netuid: NetUid,
    children: &[(u64, AccountId32)],
) -> Result<Option<u64>, NativeError> {
    let now = store.block_number();
    let last = store.get_u64(pair_key(schema::LAST_SET_CHILDREN, hotkey, netuid))?;
    if last != 0 && now.saturating_sub(last) < SET_CHILDREN_RATE_LIMIT {
        let next = last.saturating_add(SET_CHILDREN_RATE_LIMIT);
        return Err(ChildkeyError::TxRateLimitExceeded { next }.into());
    }
    if netuid == ROOT_NETUID {
        return Err(ChildkeyError::RegistrationNotPermittedOnRootSubnet.into());
    }
    registry::ensure_exists(store, netuid)?;
    ensure_owns(store, coldkey, hotkey)?;
    let mut seen = Vec::with_capacity(children.len());
    for (_, c) in children {
        if seen.contains(c) {
            return Err(ChildkeyError::DuplicateChild { child: *c }.into());
        }
        seen.push(*c);
    }
    check_children(store, hotkey, netuid, children, true)?;
    if !children.is_empty() && registry::owner_hotkey(store, netuid)? != *hotkey {
        let threshold = crate::hyperparams::stake_threshold(store)?;
        let stake = staking::total_hotkey_stake(store, hotkey)?.get();
        if stake < threshold {
            return Err(ChildkeyError::NotEnoughStakeToSetChildkeys { stake, threshold }.into());
        }
    }
    staking::ledger::note_subnet_hotkey(store, hotkey, netuid)?;
    store.set_u64(pair_key(schema::LAST_SET_CHILDREN, hotkey, netuid), now)?;
    if !startup::subtoken_enabled(store, netuid)? {
        persist_if_consistent(store, hotkey, netuid, children)?;
        return Ok(None);
    }
    let cooldown = now.saturating_add(pending_cooldown(store)?);
    set_pending(store, hotkey, netuid, Some((children, cooldown)))?;
    Ok(Some(cooldown))
}

/// Applies the pending children of `netuid` whose cool-down has passed (`cooldown < now`), or
/// all of them on a subnet not started (`do_set_pending_children`). A list that has become
/// inconsistent meanwhile is dropped silently, as on the real chain.
pub fn apply_pending<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<(), NativeError> {
    let now = store.block_number();
    let started = startup::subtoken_enabled(store, netuid)?;
    for word in pending_set(netuid).members(store)? {
        let hotkey = AccountId32::from(word);
        let Some((links, cooldown)) = pending_children(store, &hotkey, netuid)? else {
            continue;
        };
        if cooldown < now || !started {
            persist_if_consistent(store, &hotkey, netuid, &links)?;
            set_pending(store, &hotkey, netuid, None)?;
        }
    }
    Ok(())
}

/// Drops every pending children list of `hotkey` (an unstake left it below `StakeThreshold`).
pub fn clear_pending_everywhere<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
) -> Result<(), NativeError> {
    for netuid in crate::subnets::netuids(store)? {
        if pending_children(store, hotkey, netuid)?.is_some() {
            set_pending(store, hotkey, netuid, None)?;
        }
    }
    Ok(())
}

fn persist_if_consistent<S: NativeStore + ?Sized>(
    store: &mut S,
    pivot: &AccountId32,
    netuid: NetUid,
    children: &[(u64, AccountId32)],
) -> Result<(), NativeError> {
    match check_children(store, pivot, netuid, children, false) {
        Ok(map) => persist(store, pivot, netuid, &map),
        Err(e) if e.is_rejection() => Ok(()),
        Err(e) => Err(e),
    }
}

/// Writes `pivot`'s children and keeps every child's parent list in step.
fn persist<S: NativeStore + ?Sized>(
    store: &mut S,
    pivot: &AccountId32,
    netuid: NetUid,
    new: &BTreeMap<AccountId32, u64>,
) -> Result<(), NativeError> {
    let prev = children(store, pivot, netuid)?;
    let links: Links = new.iter().map(|(c, p)| (*p, *c)).collect();
    write_links(store, schema::CHILD_KEYS, pivot, netuid, &links)?;
    for (p, child) in &links {
        let mut pk = parents(store, child, netuid)?;
        match pk.iter_mut().find(|(_, who)| who == pivot) {
            Some(e) => e.0 = *p,
            None => pk.push((*p, *pivot)),
        }
        write_links(store, schema::PARENT_KEYS, child, netuid, &pk)?;
    }
    for (_, gone) in prev.iter().filter(|(_, c)| !new.contains_key(c)) {
        let mut pk = parents(store, gone, netuid)?;
        pk.retain(|(_, who)| who != pivot);
        write_links(store, schema::PARENT_KEYS, gone, netuid, &pk)?;
    }
    Ok(())
}

/// `set_childkey_take` (see the module docs): the owner of `hotkey` sets its childkey take on
/// `netuid` to `take`/65535.
pub fn set_childkey_take(
    store: &mut impl NativeStore,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
    netuid: NetUid,
    take: u16,
) -> Result<(), NativeError> {
    ensure_owns(store, coldkey, hotkey)?;
    let (min, max) = (effective_min_childkey_take(store, netuid)?, max_childkey_take(store)?);
    if take < min || take > max {
        return Err(ChildkeyError::InvalidChildkeyTake { take, min, max }.into());
    }
    let now = store.block_number();
    let last_key = pair_key(schema::LAST_SET_CHILDKEY_TAKE, hotkey, netuid);
    if take > childkey_take(store, hotkey, netuid)? {
        let last = store.get_u64(last_key)?;
        let limit = childkey_take_rate_limit(store)?;
        if last != 0 && now.saturating_sub(last) < limit {
            let next = last.saturating_add(limit);
            return Err(ChildkeyError::TxChildkeyTakeRateLimitExceeded { next }.into());
        }
    }
    staking::ledger::note_subnet_hotkey(store, hotkey, netuid)?;
    store.set_u64(last_key, now)?;
    store.set_opt_u64(pair_key(schema::CHILDKEY_TAKE, hotkey, netuid), Some(u64::from(take)))
}

/// At a subnet's registration: schedules every root validator with auto parent delegation on
/// as a full-proportion parent of the owner hotkey (`do_set_root_validators_for_subnet`);
/// a validator whose scheduling is refused is skipped.
pub fn set_root_validators_for_subnet(
    store: &mut impl NativeStore,
    netuid: NetUid,
) -> Result<(), NativeError> {
    let owner_hotkey = registry::owner_hotkey(store, netuid)?;
    for uid in 0..registry::uid_count(store, ROOT_NETUID)? {
        let rv = AccountId32::from(store.get_b256(by_uid(schema::KEYS, ROOT_NETUID, Uid(uid)))?);
        if rv == owner_hotkey || !auto_parent_delegation_enabled(store, &rv)? {
            continue;
        }
        let Some(coldkey) = staking::hotkey_owner(store, &rv)? else { continue };
        match schedule_children(store, &coldkey, &rv, netuid, &[(u64::MAX, owner_hotkey)]) {
            Ok(_) => {}
            Err(e) if e.is_rejection() => {}
            Err(e) => return Err(e),
        }
    }
    Ok(())
}
