//! The stake ledger in storage (spec §4.3): one share pool per (hotkey, netuid) —
//! `TOTAL_HOTKEY_ALPHA` (value `V`), `TOTAL_HOTKEY_SHARES` (denominator `D`) — and one share
//! balance per (hotkey, coldkey, netuid), `ALPHA_SHARES`, plus the indexed sets the views use.
//!
//! The share arithmetic is the economics [`SharePool`](tao_economics::SharePool)'s, applied
//! to one holder at a time so no operation loads a whole pool (a differential test checks the
//! numbers are identical). [`Ledger`] stages every change in memory and writes only in
//! [`Ledger::commit`], so an operation that fails validation writes nothing.
//!
//! Two clean-up rules keep the sets meaningful (both conservation-neutral):
//! * a holder whose value falls to 0 on a withdrawal leaves the pool: its residual shares are
//!   removed from `D`;
//! * a pool whose value is 0, or whose last holder left, is emptied (`D = 0`); any rounding
//!   dust left in `V` then goes to the next depositor, as `SharePool` does.
//!
//! Indexed sets: the list item holds `32 × n` at its slot and member `i` at chunk `i` (the
//! `get_bytes` layout of concatenated 32-byte words); an index item holds position + 1. Besides
//! the holder sets, a pool that becomes live adds its hotkey to the subnet's
//! [`subnet_hotkeys`] (`SUBNET_HOTKEYS`), which subnet dissolution walks to pay every holder
//! ([`subnet_stake_entries`]) and to delete the subnet's stake ([`destroy_subnet_stake`]).

use crate::error::StakingError;
use crate::schema::{self, Key};
use crate::set::Set;
use crate::store::{NativeError, NativeExt, NativeStore};
use alloy_primitives::{B256, U256};
use tao_economics::shares::{ShareError, ShareFloat};
use tao_primitives::AccountId32;
use tao_primitives::{NetUid, ROOT_NETUID};

/// A (hotkey, netuid) share pool: value and denominator.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub(crate) struct PoolState {
    /// `V`, alpha-RAO.
    pub value: u64,
    /// `D`.
    pub denom: ShareFloat,
}

impl PoolState {
    /// Whether the pool holds anything.
    pub(crate) fn is_live(&self) -> bool {
        self.value > 0 || !self.denom.is_zero()
    }
}

/// Value of `shares` in `pool`: `floor(V · s / D)`, never above `V` (0 for an empty pool).
pub(crate) fn value_of(pool: &PoolState, shares: &ShareFloat) -> u64 {
    ShareFloat::from_u64(pool.value)
        .mul_div(shares, &pool.denom)
        .map(|v| v.to_u64())
        .unwrap_or(0)
        .min(pool.value)
}

/// Adds `amount` for one holder (economics `SharePool::add_for_one`). Returns `true` when the
/// pool was empty or worthless and restarted with this holder alone (the caller drops every
/// other holder's shares).
pub(crate) fn deposit(
    pool: &mut PoolState,
    shares: &mut ShareFloat,
    amount: u64,
) -> Result<bool, ShareError> {
    if amount == 0 {
        return Ok(false);
    }
    let value = pool.value.checked_add(amount).ok_or(ShareError::Overflow)?;
    let restart = pool.denom.is_zero() || pool.value == 0;
    if restart {
        *shares = ShareFloat::from_u64(amount);
        pool.denom = *shares;
    } else {
        let ds = ShareFloat::from_u64(amount)
            .mul_div(&pool.denom, &ShareFloat::from_u64(pool.value))
            .unwrap_or(ShareFloat::ZERO);
        if ds.is_zero() {
            return Err(ShareError::AmountTooSmall);
        }
        let d = pool.denom.add(&ds).ok_or(ShareError::Overflow)?;
        let s = shares.add(&ds).ok_or(ShareError::Overflow)?;
        pool.denom = d;
        *shares = s;
    }
    pool.value = value;
    Ok(restart)
}

/// Removes `amount` from one holder (economics `SharePool::remove_for_one`).
pub(crate) fn withdraw(
    pool: &mut PoolState,
    shares: &mut ShareFloat,
    amount: u64,
) -> Result<(), ShareError> {
    if amount == 0 {
        return Ok(());
    }
    let available = value_of(pool, shares);
    if available < amount {
        return Err(ShareError::InsufficientStake { available, requested: amount });
    }
    let ds = ShareFloat::from_u64(amount)
        .mul_div(&pool.denom, &ShareFloat::from_u64(pool.value))
        .ok_or(ShareError::Overflow)?;
    let d = pool.denom.sub(&ds).ok_or(ShareError::Overflow)?;
    let s = shares.sub(&ds).ok_or(ShareError::Overflow)?;
    pool.denom = d;
    *shares = s;
    pool.value = pool.value.checked_sub(amount).ok_or(ShareError::Overflow)?;
    Ok(())
}

/// Adds `amount` for every holder pro rata (economics `SharePool::add_for_all`).
pub(crate) fn add_for_all(pool: &mut PoolState, amount: u64) -> Result<(), ShareError> {
    if amount == 0 {
        return Ok(());
    }
    if pool.denom.is_zero() {
        return Err(ShareError::NoHolders);
    }
    pool.value = pool.value.checked_add(amount).ok_or(ShareError::Overflow)?;
    Ok(())
}

/// A share error as a revert reason.
pub(crate) fn share_err(e: ShareError) -> NativeError {
    match e {
        ShareError::InsufficientStake { available, requested } => {
            StakingError::NotEnoughStake { available, requested }.into()
        }
        ShareError::AmountTooSmall => StakingError::SharesTooSmall.into(),
        ShareError::NoHolders => StakingError::NoHolders.into(),
        ShareError::Overflow => NativeError::Overflow("share pool"),
    }
}

// ---- storage layout ----

fn nb(netuid: NetUid) -> [u8; 2] {
    netuid.get().to_be_bytes()
}

/// Key of a per-(hotkey, netuid) item.
pub(crate) fn pool_key(id: u16, hotkey: &AccountId32, netuid: NetUid) -> Key {
    Key::new(id, &[hotkey.as_bytes(), &nb(netuid)])
}

/// Key of `ALPHA_SHARES` of (hotkey, coldkey, netuid).
pub(crate) fn shares_key(hotkey: &AccountId32, coldkey: &AccountId32, netuid: NetUid) -> Key {
    Key::new(schema::ALPHA_SHARES, &[hotkey.as_bytes(), coldkey.as_bytes(), &nb(netuid)])
}

/// Packs a share float: `mantissa << 64 | exponent as u64`.
pub(crate) fn pack(f: &ShareFloat) -> U256 {
    // The exponent's two's-complement bits (`as` on the same width is the intended reinterpretation).
    #[allow(clippy::cast_sign_loss)]
    let e = f.exponent() as u64;
    U256::from(f.mantissa()).wrapping_shl(64) | U256::from(e)
}

/// Unpacks a share float written by [`pack`].
pub(crate) fn unpack(v: U256) -> Result<ShareFloat, NativeError> {
    let m = u128::try_from(v.wrapping_shr(64))
        .map_err(|_| NativeError::CorruptState { item: "share float" })?;
    let e = (v & U256::from(u64::MAX)).to::<u64>() as i64;
    ShareFloat::new(m, e).ok_or(NativeError::CorruptState { item: "share float" })
}

/// Loads a (hotkey, netuid) pool.
pub(crate) fn load_pool_state(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<PoolState, NativeError> {
    let value = store.get_u64(pool_key(schema::TOTAL_HOTKEY_ALPHA, hotkey, netuid))?;
    let denom = unpack(store.get_u256(pool_key(schema::TOTAL_HOTKEY_SHARES, hotkey, netuid))?)?;
    Ok(PoolState { value, denom })
}

/// Loads a holder's shares.
pub(crate) fn load_shares(
    store: &mut impl NativeStore,
    hotkey: &AccountId32,
    coldkey: &AccountId32,
    netuid: NetUid,
) -> Result<ShareFloat, NativeError> {
    unpack(store.get_u256(shares_key(hotkey, coldkey, netuid))?)
}

/// The netuid in a set member word (its last two bytes).
pub(crate) fn word_netuid(w: &B256) -> NetUid {
    let [.., hi, lo] = w.0;
    NetUid(u16::from_be_bytes([hi, lo]))
}

/// A netuid as a set member word.
pub(crate) fn netuid_word(netuid: NetUid) -> B256 {
    B256::from(U256::from(netuid.get()))
}

/// Coldkeys staked on (hotkey, netuid).
pub(crate) fn stakers(hk: AccountId32, netuid: NetUid) -> Set<impl Fn(&B256) -> Key> {
    Set {
        list: pool_key(schema::HOTKEY_STAKERS, &hk, netuid),
        index: move |ck: &B256| {
            Key::new(schema::HOTKEY_STAKER_INDEX, &[hk.as_bytes(), &nb(netuid), &ck.0])
        },
    }
}

/// Netuids where a hotkey's pool is live.
pub(crate) fn hotkey_netuids(hk: AccountId32) -> Set<impl Fn(&B256) -> Key> {
    Set {
        list: Key::new(schema::HOTKEY_NETUIDS, &[hk.as_bytes()]),
        index: move |n: &B256| {
            Key::new(schema::HOTKEY_NETUID_INDEX, &[hk.as_bytes(), &nb(word_netuid(n))])
        },
    }
}

/// Hotkeys with per-(hotkey, netuid) state on a subnet ([`schema::SUBNET_HOTKEYS`]): what
/// subnet dissolution walks instead of scanning every hotkey.
pub(crate) fn subnet_hotkeys(netuid: NetUid) -> Set<impl Fn(&B256) -> Key> {
    Set {
        list: Key::new(schema::SUBNET_HOTKEYS, &[&nb(netuid)]),
        index: move |hk: &B256| Key::new(schema::SUBNET_HOTKEY_INDEX, &[&nb(netuid), &hk.0]),
    }
}

/// Records that `hotkey` has per-(hotkey, netuid) state on `netuid`.
pub(crate) fn note_subnet_hotkey<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<(), NativeError> {
    subnet_hotkeys(netuid).insert(store, &B256::from(*hotkey))
}

/// Hotkeys a coldkey has stake under.
pub(crate) fn coldkey_hotkeys(ck: AccountId32) -> Set<impl Fn(&B256) -> Key> {
    Set {
        list: Key::new(schema::COLDKEY_HOTKEYS, &[ck.as_bytes()]),
        index: move |hk: &B256| Key::new(schema::COLDKEY_HOTKEY_INDEX, &[ck.as_bytes(), &hk.0]),
    }
}

/// Netuids where a coldkey has stake under a hotkey.
pub(crate) fn coldkey_hotkey_netuids(
    ck: AccountId32,
    hk: AccountId32,
) -> Set<impl Fn(&B256) -> Key> {
    Set {
        list: Key::new(schema::COLDKEY_HOTKEY_NETUIDS, &[ck.as_bytes(), hk.as_bytes()]),
        index: move |n: &B256| {
            Key::new(
                schema::COLDKEY_HOTKEY_NETUID_INDEX,
                &[ck.as_bytes(), hk.as_bytes(), &nb(word_netuid(n))],
            )
        },
    }
}

// ---- staged changes ----

#[derive(Debug, Clone)]
struct StagedPool {
    hotkey: AccountId32,
    netuid: NetUid,
    orig: PoolState,
    cur: PoolState,
    restarted: bool,
}

#[derive(Debug, Clone)]
struct StagedPos {
    hotkey: AccountId32,
    coldkey: AccountId32,
    netuid: NetUid,
    orig: ShareFloat,
    cur: ShareFloat,
}

/// Ledger changes staged in memory; nothing is written before [`Ledger::commit`].
#[derive(Debug, Clone, Default)]
pub(crate) struct Ledger {
    pools: Vec<StagedPool>,
    positions: Vec<StagedPos>,
}

// Indices into `pools` and `positions` come from `pool`/`pos`, which return the position of an
// entry they found or just pushed; entries are never removed, so every index is in bounds.
#[allow(clippy::indexing_slicing)]
impl Ledger {
    fn pool(
        &mut self,
        store: &mut impl NativeStore,
        hk: &AccountId32,
        netuid: NetUid,
    ) -> Result<usize, NativeError> {
        if let Some(i) = self.pools.iter().position(|p| p.hotkey == *hk && p.netuid == netuid) {
            return Ok(i);
        }
        let orig = load_pool_state(store, hk, netuid)?;
        self.pools.push(StagedPool { hotkey: *hk, netuid, orig, cur: orig, restarted: false });
        Ok(self.pools.len().saturating_sub(1))
    }

    fn pos(
        &mut self,
        store: &mut impl NativeStore,
        hk: &AccountId32,
        ck: &AccountId32,
        netuid: NetUid,
    ) -> Result<usize, NativeError> {
        let found = self
            .positions
            .iter()
            .position(|p| p.hotkey == *hk && p.coldkey == *ck && p.netuid == netuid);
        if let Some(i) = found {
            return Ok(i);
        }
        let orig = load_shares(store, hk, ck, netuid)?;
        self.positions.push(StagedPos { hotkey: *hk, coldkey: *ck, netuid, orig, cur: orig });
        Ok(self.positions.len().saturating_sub(1))
    }

    /// The staged pool of (hotkey, netuid).
    pub(crate) fn pool_state(
        &mut self,
        store: &mut impl NativeStore,
        hk: &AccountId32,
        netuid: NetUid,
    ) -> Result<PoolState, NativeError> {
        let i = self.pool(store, hk, netuid)?;
        Ok(self.pools[i].cur)
    }

    /// The staged value of (hotkey, coldkey, netuid).
    pub(crate) fn stake(
        &mut self,
        store: &mut impl NativeStore,
        hk: &AccountId32,
        ck: &AccountId32,
        netuid: NetUid,
    ) -> Result<u64, NativeError> {
        let pi = self.pool(store, hk, netuid)?;
        let si = self.pos(store, hk, ck, netuid)?;
        Ok(value_of(&self.pools[pi].cur, &self.positions[si].cur))
    }

    /// Credits `amount` of value to one holder.
    pub(crate) fn credit(
        &mut self,
        store: &mut impl NativeStore,
        hk: &AccountId32,
        ck: &AccountId32,
        netuid: NetUid,
        amount: u64,
    ) -> Result<(), NativeError> {
        let pi = self.pool(store, hk, netuid)?;
        let si = self.pos(store, hk, ck, netuid)?;
        let mut pool = self.pools[pi].cur;
        let mut shares = self.positions[si].cur;
        let restarted = deposit(&mut pool, &mut shares, amount).map_err(share_err)?;
        if restarted {
            // An empty or worthless pool restarts: every other holder's shares are dropped.
            self.pools[pi].restarted = true;
            for p in self.positions.iter_mut().filter(|p| p.hotkey == *hk && p.netuid == netuid) {
                p.cur = ShareFloat::ZERO;
            }
        }
        self.pools[pi].cur = pool;
        self.positions[si].cur = shares;
        Ok(())
    }

    /// Debits `amount` of value from one holder; a holder left with no value leaves the pool.
    pub(crate) fn debit(
        &mut self,
        store: &mut impl NativeStore,
        hk: &AccountId32,
        ck: &AccountId32,
        netuid: NetUid,
        amount: u64,
    ) -> Result<(), NativeError> {
        let pi = self.pool(store, hk, netuid)?;
        let si = self.pos(store, hk, ck, netuid)?;
        let mut pool = self.pools[pi].cur;
        let mut shares = self.positions[si].cur;
        withdraw(&mut pool, &mut shares, amount).map_err(share_err)?;
        if !shares.is_zero() && value_of(&pool, &shares) == 0 {
            pool.denom = pool.denom.sub(&shares).unwrap_or(ShareFloat::ZERO);
            shares = ShareFloat::ZERO;
        }
        self.pools[pi].cur = pool;
        self.positions[si].cur = shares;
        Ok(())
    }

    /// Adds `amount` for every holder of (hotkey, netuid).
    pub(crate) fn credit_all(
        &mut self,
        store: &mut impl NativeStore,
        hk: &AccountId32,
        netuid: NetUid,
        amount: u64,
    ) -> Result<(), NativeError> {
        let pi = self.pool(store, hk, netuid)?;
        add_for_all(&mut self.pools[pi].cur, amount).map_err(share_err)
    }

    /// Writes every staged change and maintains the indexed sets.
    pub(crate) fn commit(mut self, store: &mut impl NativeStore) -> Result<(), NativeError> {
        // Pools emptied of value, or restarted, drop their other holders first.
        for pi in 0..self.pools.len() {
            let (hk, netuid) = (self.pools[pi].hotkey, self.pools[pi].netuid);
            let empty = self.pools[pi].cur.value == 0;
            if !(empty || self.pools[pi].restarted) {
                continue;
            }
            if empty {
                self.pools[pi].cur.denom = ShareFloat::ZERO;
                for p in self.positions.iter_mut().filter(|p| p.hotkey == hk && p.netuid == netuid)
                {
                    p.cur = ShareFloat::ZERO;
                }
            }
            let set = stakers(hk, netuid);
            for m in set.members(store)? {
                let staged = self.positions.iter().any(|p| {
                    p.hotkey == hk && p.netuid == netuid && p.coldkey == AccountId32::from(m)
                });
                if !staged {
                    write_position(
                        store,
                        &hk,
                        &AccountId32::from(m),
                        netuid,
                        &ShareFloat::ZERO,
                        true,
                    )?;
                }
            }
        }
        // Root positions that changed value move their `RootClaimed` (crate::rootclaim).
        let mut root_moves = Vec::new();
        for p in self.positions.iter().filter(|p| p.netuid == ROOT_NETUID && p.cur != p.orig) {
            if let Some(pool) =
                self.pools.iter().find(|q| q.hotkey == p.hotkey && q.netuid == p.netuid)
            {
                let (old, new) = (value_of(&pool.orig, &p.orig), value_of(&pool.cur, &p.cur));
                if old != new {
                    root_moves.push((p.hotkey, p.coldkey, new.abs_diff(old), new > old));
                }
            }
        }
        for p in &self.positions {
            if p.cur != p.orig {
                write_position(store, &p.hotkey, &p.coldkey, p.netuid, &p.cur, !p.orig.is_zero())?;
            }
        }
        for p in &mut self.pools {
            let someone_left = self.positions.iter().any(|q| {
                q.hotkey == p.hotkey && q.netuid == p.netuid && !q.orig.is_zero() && q.cur.is_zero()
            });
            if someone_left
                && !p.cur.denom.is_zero()
                && stakers(p.hotkey, p.netuid).len(store)? == 0
            {
                p.cur.denom = ShareFloat::ZERO;
            }
            if p.cur == p.orig {
                continue;
            }
            store
                .set_u64(pool_key(schema::TOTAL_HOTKEY_ALPHA, &p.hotkey, p.netuid), p.cur.value)?;
            let dk = pool_key(schema::TOTAL_HOTKEY_SHARES, &p.hotkey, p.netuid);
            store.set_u256(dk, pack(&p.cur.denom))?;
            let w = netuid_word(p.netuid);
            match (p.orig.is_live(), p.cur.is_live()) {
                (false, true) => {
                    hotkey_netuids(p.hotkey).insert(store, &w)?;
                    note_subnet_hotkey(store, &p.hotkey, p.netuid)?;
                }
                (true, false) => hotkey_netuids(p.hotkey).remove(store, &w)?,
                _ => {}
            }
        }
        for (hk, ck, amount, up) in root_moves {
            crate::rootclaim::adjust_claimed(store, &hk, &ck, amount, up)?;
        }
        Ok(())
    }
}

/// Writes one holder's shares and keeps the three holder sets in step.
fn write_position(
    store: &mut impl NativeStore,
    hk: &AccountId32,
    ck: &AccountId32,
    netuid: NetUid,
    shares: &ShareFloat,
    was_holder: bool,
) -> Result<(), NativeError> {
    store.set_u256(shares_key(hk, ck, netuid), pack(shares))?;
    let (ckw, hkw, nw) = (B256::from(*ck), B256::from(*hk), netuid_word(netuid));
    if shares.is_zero() {
        if was_holder {
            stakers(*hk, netuid).remove(store, &ckw)?;
            let nets = coldkey_hotkey_netuids(*ck, *hk);
            nets.remove(store, &nw)?;
            if nets.len(store)? == 0 {
                coldkey_hotkeys(*ck).remove(store, &hkw)?;
            }
        }
    } else if !was_holder {
        stakers(*hk, netuid).insert(store, &ckw)?;
        coldkey_hotkey_netuids(*ck, *hk).insert(store, &nw)?;
        coldkey_hotkeys(*ck).insert(store, &hkw)?;
    }
    Ok(())
}

/// One stake entry of a subnet: what a coldkey's shares under a hotkey are worth.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct StakeEntry {
    /// The hotkey whose pool holds the stake.
    pub(crate) hotkey: AccountId32,
    /// The coldkey that owns it.
    pub(crate) coldkey: AccountId32,
    /// Its value, alpha-RAO.
    pub(crate) alpha: u64,
}

/// Every stake entry on `netuid` worth more than 0 alpha, hotkeys in [`subnet_hotkeys`] order
/// and each pool's coldkeys in [`stakers`] order (what the real chain's
/// `destroy_alpha_in_out_stakes` walks in storage order). `hotkeys` is the subnet's hotkey set,
/// already read; fails with `DissolutionTooLarge` beyond `max_entries`.
pub(crate) fn subnet_stake_entries(
    store: &mut impl NativeStore,
    netuid: NetUid,
    hotkeys: &[AccountId32],
    max_entries: u64,
) -> Result<Vec<StakeEntry>, NativeError> {
    let mut out = Vec::new();
    let mut seen = 0u64;
    for hk in hotkeys {
        let pool = load_pool_state(store, hk, netuid)?;
        let set = stakers(*hk, netuid);
        seen = seen.saturating_add(set.len(store)?);
        if seen > max_entries {
            let what = "stake entries";
            let e = crate::error::SubnetError::DissolutionTooLarge {
                netuid,
                what,
                count: seen,
                max: max_entries,
            };
            return Err(e.into());
        }
        for m in set.members(store)? {
            let ck = AccountId32::from(m);
            let alpha = value_of(&pool, &load_shares(store, hk, &ck, netuid)?);
            if alpha > 0 {
                out.push(StakeEntry { hotkey: *hk, coldkey: ck, alpha });
            }
        }
    }
    Ok(out)
}

/// Deletes every stake position and share pool of `hotkeys` on `netuid`, with their places in
/// the holder sets (`HOTKEY_STAKERS`, `COLDKEY_HOTKEY_NETUIDS`, `COLDKEY_HOTKEYS`,
/// `HOTKEY_NETUIDS`). Conservation is the caller's business: the alpha simply stops existing.
pub(crate) fn destroy_subnet_stake(
    store: &mut impl NativeStore,
    netuid: NetUid,
    hotkeys: &[AccountId32],
) -> Result<(), NativeError> {
    for hk in hotkeys {
        for m in stakers(*hk, netuid).members(store)? {
            write_position(store, hk, &AccountId32::from(m), netuid, &ShareFloat::ZERO, true)?;
        }
        store.set_u64(pool_key(schema::TOTAL_HOTKEY_ALPHA, hk, netuid), 0)?;
        store.set_u256(pool_key(schema::TOTAL_HOTKEY_SHARES, hk, netuid), U256::ZERO)?;
        hotkey_netuids(*hk).remove(store, &netuid_word(netuid))?;
    }
    Ok(())
}
