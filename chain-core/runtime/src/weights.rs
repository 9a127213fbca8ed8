//! Weights: `set_weights` with every check of spec `yuma.md` §7, and hash commit-reveal (v2):
//! `commit_weights` then `reveal_weights` in a later epoch.
//!
//! Pinned decisions:
//! * **Check order** (first failure wins): subnet exists; commit-reveal off (plain
//!   `set_weights` only); equal lengths; `len ≤ n`; hotkey registered; stake ≥
//!   `StakeThreshold` (owner hotkey exempt); `version_key ≥ WeightsVersionKey`; rate limit
//!   (plain `set_weights` only: `now − LAST_UPDATE ≥ WeightsSetRateLimit` unless never set);
//!   validator permit, or a single self weight, or the owner hotkey; no duplicate uids; every
//!   uid exists; `len ≥ min(MinAllowedWeights, n)` unless a single self weight; after
//!   max-upscaling, `max ≤ MaxWeightsLimit` unless the limit is 65,535 or a single self weight.
//!   As on the real chain (spec §7), the max-weight check runs on the max-upscaled row, whose
//!   largest entry is 65,535, so any limit below 65,535 refuses every non-zero row.
//! * **Stake** for the threshold is the hotkey's alpha on the subnet plus `TaoWeight` × its
//!   root alpha, read from staking's `TOTAL_HOTKEY_ALPHA` (no child/parent inheritance).
//! * **Storage**: the row is max-upscaled ([`max_upscale`]) and stored in the order given as
//!   packed `(uid, value)` pairs. A plain set sets `LAST_UPDATE = now`; a reveal does not (the
//!   commit already did).
//! * **Commit-reveal** is on by default (spec). A commit stores `(hash, block, epoch)` where
//!   epoch is the subnet's epoch counter (`subnets::epoch_index`, advanced by every persisted
//!   epoch) with the real chain's look-ahead: plus one when an epoch is due in this block but
//!   has not run (deferred by the per-block cap). It needs a registered hotkey and the rate limit, sets `LAST_UPDATE`, and at most
//!   10 unexpired commits may wait. A reveal is accepted only when the counter equals
//!   `commit epoch + RevealPeriodEpochs`: earlier is "too early", later "expired". It pops the
//!   matching commit and every older one, drops expired ones, and applies the weights through
//!   the same checks (without the rate limit).
//! * **Hash**: the real chain's `get_commit_hash`, BlakeTwo256 (BLAKE2b-256) over the SCALE
//!   encoding of `(hotkey: AccountId32, netuid: u16, uids: Vec<u16>, values: Vec<u16>,
//!   salt: Vec<u16>, version_key: u64)`: the 32 hotkey bytes, the netuid as 2 little-endian
//!   bytes, each vector as its compact length then 2 little-endian bytes per entry, and the
//!   version key as 8 little-endian bytes ([`scale_commit_preimage`]). Hashes made by
//!   Bittensor's own tools reveal here. The timelocked (drand) commit-reveal v4 is out of reach
//!   offline and not implemented.

use alloy_primitives::B256;
use substrate_fixed::types::I32F32;

use super::hyperparams::{self, Hyper};
use super::neurons::{self, pack_row, unpack_row};
use super::schema::{self, Key, by_netuid_account, by_uid};
use super::store::{NativeError, NativeExt, NativeStore};
use super::subnets;
use crate::error::NeuronError;
pub use crate::error::WeightsError;
use tao_primitives::{AccountId32, NetUid, Uid, blake2_256};

/// At most this many unexpired commits may wait per hotkey and subnet.
pub const MAX_UNREVEALED_COMMITS: usize = 10;
const COMMIT_LEN: usize = 48;

/// A pending hash commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct WeightCommit {
    /// The committed hash ([`commit_hash`]).
    pub hash: B256,
    /// Block of the commit.
    pub block: u64,
    /// The subnet's epoch counter at the commit.
    pub epoch: u64,
}

/// The commit hash of a reveal: `blake2_256` of [`scale_commit_preimage`].
pub fn commit_hash(
    hotkey: &AccountId32,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> B256 {
    B256::from(blake2_256(&scale_commit_preimage(hotkey, netuid, uids, values, salt, version_key)))
}

/// The SCALE encoding of `(hotkey, netuid, uids, values, salt, version_key)` that the real
/// chain hashes for a weights commit (see the module docs).
pub fn scale_commit_preimage(
    hotkey: &AccountId32,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> Vec<u8> {
    let entries = uids.len().saturating_add(values.len()).saturating_add(salt.len());
    let mut out = Vec::with_capacity(entries.saturating_mul(2).saturating_add(57));
    out.extend_from_slice(hotkey.as_bytes());
    out.extend_from_slice(&netuid.get().to_le_bytes());
    for v in [uids, values, salt] {
        scale_compact_len(&mut out, v.len());
        for x in v {
            out.extend_from_slice(&x.to_le_bytes());
        }
    }
    out.extend_from_slice(&version_key.to_le_bytes());
    out
}

/// Appends SCALE's compact encoding of a length.
fn scale_compact_len(out: &mut Vec<u8>, len: usize) {
    let n = u64::try_from(len).unwrap_or(u64::MAX);
    if n < 1 << 6 {
        // n < 64: fits the 6 high bits of one byte.
        out.push(u8::try_from(n << 2).unwrap_or(u8::MAX));
    } else if n < 1 << 14 {
        out.extend_from_slice(&u16::try_from((n << 2) | 1).unwrap_or(u16::MAX).to_le_bytes());
    } else if n < 1 << 30 {
        out.extend_from_slice(&u32::try_from((n << 2) | 2).unwrap_or(u32::MAX).to_le_bytes());
    } else {
        // Big-integer mode: the byte count minus 4 in the high 6 bits, then the bytes.
        let bytes = n.to_le_bytes();
        let used = bytes.iter().rposition(|b| *b != 0).map_or(1, |i| i.saturating_add(1));
        let used_u8 = u8::try_from(used).unwrap_or(8);
        out.push((used_u8.saturating_sub(4) << 2) | 3);
        out.extend_from_slice(bytes.get(..used).unwrap_or(&bytes));
    }
}

/// Max-upscales a row to u16 as the chain stores it (spec §7): with `m = max(values)`, if
/// `m > 32768` every `v` becomes `round(v × (65535 / m))` with the ratio taken first in
/// I32F32, otherwise `round(v × 65535 / m)`; rounding is half away from zero, quotients
/// truncate. A row of zeros (or an empty row) is returned unchanged.
pub fn max_upscale(values: &[u16]) -> Vec<u16> {
    let max = values.iter().copied().max().unwrap_or(0);
    if max == 0 {
        return values.to_vec();
    }
    let full = I32F32::from_num(u16::MAX);
    let m = I32F32::from_num(max);
    let to_u16 = |x: I32F32| x.round().saturating_to_num::<u16>();
    if max > 32_768 {
        let ratio = full.checked_div(m).unwrap_or(I32F32::from_num(0));
        values.iter().map(|&v| to_u16(ratio.saturating_mul(I32F32::from_num(v)))).collect()
    } else {
        values
            .iter()
            .map(|&v| {
                let num = I32F32::from_num(v).saturating_mul(full);
                to_u16(num.checked_div(m).unwrap_or(I32F32::from_num(0)))
            })
            .collect()
    }
}

/// The stored weights row of `uid` (`(uid, u16)` pairs in stored order).
pub fn weights_row<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    uid: Uid,
) -> Result<Vec<(u16, u16)>, NativeError> {
    Ok(unpack_row(&store.get_bytes(by_uid(schema::WEIGHTS, netuid, uid))?))
}

fn commits_key(netuid: NetUid, hotkey: &AccountId32) -> Key {
    by_netuid_account(schema::WEIGHT_COMMITS, netuid, hotkey)
}

/// Every stored commit of `hotkey` on `netuid`, oldest first (expired ones included until the
/// next commit or reveal drops them).
pub fn pending_commits<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    hotkey: &AccountId32,
) -> Result<Vec<WeightCommit>, NativeError> {
    let bytes = store.get_bytes(commits_key(netuid, hotkey))?;
    Ok(bytes
        .chunks_exact(COMMIT_LEN)
        .filter_map(|c| {
            let (hash, rest) = c.split_first_chunk::<32>()?;
            let (block, rest) = rest.split_first_chunk::<8>()?;
            let (epoch, _) = rest.split_first_chunk::<8>()?;
            Some(WeightCommit {
                hash: B256::from(*hash),
                block: u64::from_be_bytes(*block),
                epoch: u64::from_be_bytes(*epoch),
            })
        })
        .collect())
}

fn write_commits<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    hotkey: &AccountId32,
    commits: &[WeightCommit],
) -> Result<(), NativeError> {
    let mut bytes = Vec::with_capacity(commits.len().saturating_mul(COMMIT_LEN));
    for c in commits {
        bytes.extend_from_slice(c.hash.as_slice());
        bytes.extend_from_slice(&c.block.to_be_bytes());
        bytes.extend_from_slice(&c.epoch.to_be_bytes());
    }
    store.set_bytes(commits_key(netuid, hotkey), &bytes)
}

/// `(current epoch, reveal period)` of a subnet; the current epoch is the real chain's
/// `current_epoch_with_lookahead` ([`crate::tempo::current_epoch_with_lookahead`]).
fn window<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<(u64, u64), NativeError> {
    Ok((
        crate::tempo::current_epoch_with_lookahead(store, netuid)?,
        hyperparams::get(store, netuid, Hyper::RevealPeriodEpochs)?,
    ))
}

fn expired(c: &WeightCommit, current: u64, period: u64) -> bool {
    c.epoch.saturating_add(period) < current
}

/// Block of the earliest unexpired commit of `hotkey` (the epoch's commit mask input).
pub fn earliest_commit_block<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    hotkey: &AccountId32,
) -> Result<Option<u64>, NativeError> {
    let commits = pending_commits(store, netuid, hotkey)?;
    if commits.is_empty() {
        return Ok(None);
    }
    let (current, period) = window(store, netuid)?;
    Ok(commits.iter().filter(|c| !expired(c, current, period)).map(|c| c.block).min())
}

/// Stake counted against `StakeThreshold`: inherited alpha plus inherited root stake × `TaoWeight`.
fn threshold_stake<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    // The inherited stakes, as the real `check_weights_min_stake` reads them
    // (`get_stake_weights_for_hotkey_on_subnet`): a child validates on its parents' stake.
    let mut s = &mut *store;
    let alpha = crate::children::stake::inherited_alpha(&mut s, hotkey, netuid)?;
    let root = crate::children::stake::inherited_tao(&mut s, hotkey, netuid)?;
    let tw = hyperparams::tao_weight_raw(store)?;
    // Both factors are below 2^64, so the product fits in u128.
    let weighted = u128::from(root)
        .saturating_mul(u128::from(tw))
        .checked_div(u128::from(u64::MAX))
        .unwrap_or(0);
    Ok(alpha.saturating_add(u64::try_from(weighted).unwrap_or(u64::MAX)))
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Mode {
    Set,
    Reveal,
}

/// Every check of a weights set; returns the setter's uid and the row to store.
fn check_weights<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    version_key: u64,
    mode: Mode,
) -> Result<(Uid, Vec<(u16, u16)>), NativeError> {
    let now = store.block_number();
    subnets::ensure_exists(store, netuid)?;
    if mode == Mode::Set && hyperparams::get_bool(store, netuid, Hyper::CommitRevealEnabled)? {
        return Err(WeightsError::CommitRevealEnabled.into());
    }
    if uids.len() != values.len() {
        return Err(WeightsError::WeightVecNotEqualSize.into());
    }
    let n = neurons::uid_count(store, netuid)?;
    if uids.len() > usize::from(n) {
        return Err(WeightsError::UidsLengthExceedUidsInSubNet.into());
    }
    let uid = neurons::uid_of(store, netuid, hotkey)?
        .ok_or(NeuronError::HotKeyNotRegisteredInSubNet { netuid })?;
    let is_owner = subnets::owner_hotkey(store, netuid)? == *hotkey;
    let threshold = hyperparams::stake_threshold(store)?;
    if threshold > 0 && !is_owner && threshold_stake(store, hotkey, netuid)? < threshold {
        return Err(WeightsError::NotEnoughStakeToSetWeights.into());
    }
    if version_key < hyperparams::get(store, netuid, Hyper::WeightsVersionKey)? {
        return Err(WeightsError::IncorrectWeightVersionKey.into());
    }
    if mode == Mode::Set {
        let last = neurons::last_update(store, netuid, uid)?;
        let limit = hyperparams::get(store, netuid, Hyper::WeightsSetRateLimit)?;
        if last != 0 && now.saturating_sub(last) < limit {
            return Err(WeightsError::SettingWeightsTooFast.into());
        }
    }
    let self_weight = uids == [uid.get()];
    if !self_weight && !is_owner && !neurons::validator_permit(store, netuid, uid)? {
        return Err(WeightsError::NeuronNoValidatorPermit.into());
    }
    let mut sorted = uids.to_vec();
    sorted.sort_unstable();
    if sorted.windows(2).any(|w| matches!(w, [a, b] if a == b)) {
        return Err(WeightsError::DuplicateUids.into());
    }
    if let Some(bad) = sorted.last().filter(|&&u| u >= n) {
        return Err(WeightsError::UidVecContainInvalidOne { uid: Uid(*bad) }.into());
    }
    let min = hyperparams::get(store, netuid, Hyper::MinAllowedWeights)?.min(n.into());
    if !self_weight && (uids.len() as u64) < min {
        return Err(WeightsError::WeightVecLengthIsLow { min }.into());
    }
    let upscaled = max_upscale(values);
    let limit = hyperparams::get(store, netuid, Hyper::MaxWeightsLimit)?;
    let max = upscaled.iter().copied().max().unwrap_or(0);
    if !self_weight && limit < u64::from(u16::MAX) && u64::from(max) > limit {
        return Err(WeightsError::MaxWeightExceeded.into());
    }
    Ok((uid, uids.iter().copied().zip(upscaled).collect()))
}

/// `setWeights`: stores `hotkey`'s weights on `netuid` and sets its `LAST_UPDATE`. Refused
/// while commit-reveal is enabled on the subnet. See the module docs for every check.
pub fn set_weights<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    version_key: u64,
) -> Result<(), NativeError> {
    let (uid, row) = check_weights(store, hotkey, netuid, uids, values, version_key, Mode::Set)?;
    let now = store.block_number();
    store.set_bytes(by_uid(schema::WEIGHTS, netuid, uid), &pack_row(&row))?;
    store.set_u64(by_uid(schema::LAST_UPDATE, netuid, uid), now)
}

/// `commitWeights`: records `hash` ([`commit_hash`]) for a reveal `RevealPeriodEpochs` epochs
/// later and sets `LAST_UPDATE`.
pub fn commit_weights<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
    hash: B256,
) -> Result<(), NativeError> {
    let now = store.block_number();
    subnets::ensure_exists(store, netuid)?;
    if !hyperparams::get_bool(store, netuid, Hyper::CommitRevealEnabled)? {
        return Err(WeightsError::CommitRevealDisabled.into());
    }
    let uid = neurons::uid_of(store, netuid, hotkey)?
        .ok_or(NeuronError::HotKeyNotRegisteredInSubNet { netuid })?;
    let last = neurons::last_update(store, netuid, uid)?;
    let limit = hyperparams::get(store, netuid, Hyper::WeightsSetRateLimit)?;
    if last != 0 && now.saturating_sub(last) < limit {
        return Err(WeightsError::CommittingWeightsTooFast.into());
    }
    let (current, period) = window(store, netuid)?;
    let mut commits = pending_commits(store, netuid, hotkey)?;
    commits.retain(|c| !expired(c, current, period));
    if commits.len() >= MAX_UNREVEALED_COMMITS {
        return Err(WeightsError::TooManyUnrevealedCommits.into());
    }
    commits.push(WeightCommit { hash, block: now, epoch: current });
    write_commits(store, netuid, hotkey, &commits)?;
    store.set_u64(by_uid(schema::LAST_UPDATE, netuid, uid), now)
}

/// `revealWeights`: opens a commit made `RevealPeriodEpochs` epochs ago and applies the
/// weights (same checks as [`set_weights`] without the rate limit; `LAST_UPDATE` unchanged).
pub fn reveal_weights<S: NativeStore + ?Sized>(
    store: &mut S,
    hotkey: &AccountId32,
    netuid: NetUid,
    uids: &[u16],
    values: &[u16],
    salt: &[u16],
    version_key: u64,
) -> Result<(), NativeError> {
    subnets::ensure_exists(store, netuid)?;
    if !hyperparams::get_bool(store, netuid, Hyper::CommitRevealEnabled)? {
        return Err(WeightsError::CommitRevealDisabled.into());
    }
    let commits = pending_commits(store, netuid, hotkey)?;
    if commits.is_empty() {
        return Err(WeightsError::NoWeightsCommitFound.into());
    }
    let hash = commit_hash(hotkey, netuid, uids, values, salt, version_key);
    let pos = commits
        .iter()
        .position(|c| c.hash == hash)
        .ok_or(WeightsError::InvalidRevealCommitHashNotMatch)?;
    let (current, period) = window(store, netuid)?;
    let (c, later) = match commits.get(pos..) {
        Some([c, later @ ..]) => (*c, later),
        _ => return Err(WeightsError::InvalidRevealCommitHashNotMatch.into()),
    };
    if expired(&c, current, period) {
        return Err(WeightsError::ExpiredWeightCommit.into());
    }
    if current < c.epoch.saturating_add(period) {
        return Err(WeightsError::RevealTooEarly.into());
    }
    let (uid, row) = check_weights(store, hotkey, netuid, uids, values, version_key, Mode::Reveal)?;
    let rest: Vec<WeightCommit> =
        later.iter().copied().filter(|c| !expired(c, current, period)).collect();
    write_commits(store, netuid, hotkey, &rest)?;
    store.set_bytes(by_uid(schema::WEIGHTS, netuid, uid), &pack_row(&row))
}

#[cfg(test)]
mod tests;
