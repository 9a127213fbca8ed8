//! Epoch control, as on the real chain (`run_coinbase.rs::should_run_epoch`, `drain_pending`,
//! `tempo_control.rs`):
//!
//! * an epoch is **due** when the tempo is non-zero and either `now − LastEpochBlock ≥ tempo`,
//!   or an owner-triggered / deferred `PendingEpochAt` is reached, or more than
//!   [`MAX_TEMPO`] blocks passed since the last successful epoch (`BlocksSinceLastStep`, the
//!   safety net);
//! * due subnets run in **netuid order**, at most `MaxEpochsPerBlock` per block; the others
//!   are deferred to the next block through `PendingEpochAt`;
//! * [`trigger_epoch`]: the owner schedules an epoch `AdminFreezeWindow` blocks ahead (not with
//!   commit-reveal on, not twice, not when the automatic one is that close);
//! * [`set_tempo`]: the owner sets the tempo in `[360, 50,400]` outside the admin freeze window,
//!   and the cycle restarts (`LastEpochBlock = now`);
//! * [`ensure_admin_window_open`]: owner changes are refused in the last `AdminFreezeWindow`
//!   blocks before the next automatic epoch (default 10).
//!
//! Both are under the owner rate limits of [`crate::ratelimit`]: `trigger_epoch` once per
//! `OwnerHyperparamRateLimit` tempos (`OwnerHyperparamUpdate(TriggerEpoch)`), `set_tempo` once
//! per 360 blocks (`TempoUpdate`).

use crate::error::SubnetError;
use crate::hyperparams::{self, Hyper};
use crate::registry;
use crate::schema::{self, Key, by_netuid};
use crate::store::{NativeError, NativeExt, NativeStore};
use tao_primitives::{AccountId32, NetUid};

/// `MAX_TEMPO`: the longest tempo, and the safety net's bound on blocks without an epoch.
pub const MAX_TEMPO: u64 = 50_400;
/// `MIN_TEMPO` for the owner's `set_tempo`.
pub const MIN_TEMPO: u64 = 360;
/// `DefaultAdminFreezeWindow`.
pub const DEFAULT_ADMIN_FREEZE_WINDOW: u64 = 10;

/// `AdminFreezeWindow`.
pub fn admin_freeze_window<S: NativeStore + ?Sized>(store: &mut S) -> Result<u64, NativeError> {
    Ok(store
        .get_opt_u64(Key::new(schema::ADMIN_FREEZE_WINDOW, &[]))?
        .unwrap_or(DEFAULT_ADMIN_FREEZE_WINDOW))
}

/// Sets `AdminFreezeWindow` (genesis or root).
pub fn set_admin_freeze_window<S: NativeStore + ?Sized>(
    store: &mut S,
    blocks: u64,
) -> Result<(), NativeError> {
    store.set_opt_u64(Key::new(schema::ADMIN_FREEZE_WINDOW, &[]), Some(blocks))
}

/// `PendingEpochAt` (0 = none).
pub fn pending_epoch_at<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    store.get_u64(by_netuid(schema::PENDING_EPOCH_AT, netuid))
}

/// Blocks until the next automatic epoch, `LastEpochBlock + tempo − now` (`u64::MAX` for
/// tempo 0).
pub fn blocks_until_next_auto_epoch<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    tempo: u64,
) -> Result<u64, NativeError> {
    if tempo == 0 {
        return Ok(u64::MAX);
    }
    let last = registry::last_epoch_block(store, netuid)?;
    Ok(last.saturating_add(tempo).saturating_sub(store.block_number()))
}

/// Fails with `AdminActionProhibitedDuringWeightsWindow` in the last `AdminFreezeWindow` blocks
/// before the next automatic epoch.
pub fn ensure_admin_window_open<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<(), NativeError> {
    let tempo = hyperparams::get(store, netuid, Hyper::Tempo)?;
    let window = admin_freeze_window(store)?;
    if blocks_until_next_auto_epoch(store, netuid, tempo)? < window {
        return Err(SubnetError::AdminActionProhibitedDuringWeightsWindow { netuid }.into());
    }
    Ok(())
}

/// `trigger_epoch`: the owner schedules an epoch `AdminFreezeWindow` blocks from now. Returns
/// the block it fires at.
pub fn trigger_epoch<S: NativeStore + ?Sized>(
    store: &mut S,
    caller: &AccountId32,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    registry::ensure_owner(store, caller, netuid)?;
    if hyperparams::get_bool(store, netuid, Hyper::CommitRevealEnabled)? {
        return Err(SubnetError::DynamicTempoBlockedByCommitReveal { netuid }.into());
    }
    if pending_epoch_at(store, netuid)? != 0 {
        return Err(SubnetError::EpochTriggerAlreadyPending { netuid }.into());
    }
    let window = admin_freeze_window(store)?;
    let tempo = hyperparams::get(store, netuid, Hyper::Tempo)?;
    if blocks_until_next_auto_epoch(store, netuid, tempo)? < window {
        return Err(SubnetError::AutoEpochAlreadyImminent { netuid }.into());
    }
    crate::ratelimit::ensure_passes(store, caller, netuid, crate::ratelimit::TRIGGER_EPOCH)?;
    let fires_at = store.block_number().saturating_add(window);
    store.set_u64(by_netuid(schema::PENDING_EPOCH_AT, netuid), fires_at)?;
    crate::ratelimit::record(store, caller, netuid, crate::ratelimit::TRIGGER_EPOCH)?;
    Ok(fires_at)
}

/// `set_tempo`: the owner sets the tempo (`[MIN_TEMPO, MAX_TEMPO]`) outside the admin freeze
/// window; the epoch cycle restarts now.
pub fn set_tempo<S: NativeStore + ?Sized>(
    store: &mut S,
    caller: &AccountId32,
    netuid: NetUid,
    tempo: u64,
) -> Result<(), NativeError> {
    registry::ensure_owner(store, caller, netuid)?;
    if !(MIN_TEMPO..=MAX_TEMPO).contains(&tempo) {
        return Err(SubnetError::TempoOutOfBounds { tempo }.into());
    }
    ensure_admin_window_open(store, netuid)?;
    crate::admin::set_by_owner(store, caller, netuid, Hyper::Tempo, tempo)?;
    let now = store.block_number();
    store.set_u64(by_netuid(schema::LAST_EPOCH_BLOCK, netuid), now)
}

/// The real chain's `should_run_epoch` at the current block, with the subnet's own tempo:
/// tempo non-zero and a pending trigger reached, the safety net passed, or `now −
/// LastEpochBlock ≥ tempo`. Read after this block's step it is true only for an epoch that is
/// due but was deferred.
pub fn should_run_epoch<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<bool, NativeError> {
    let tempo = hyperparams::get(store, netuid, Hyper::Tempo)?;
    if tempo == 0 {
        return Ok(false);
    }
    let now = store.block_number();
    let pending = pending_epoch_at(store, netuid)?;
    if pending > 0 && now >= pending {
        return Ok(true);
    }
    if store.get_u64(by_netuid(schema::BLOCKS_SINCE_LAST_STEP, netuid))? > MAX_TEMPO {
        return Ok(true);
    }
    Ok(now.saturating_sub(registry::last_epoch_block(store, netuid)?) >= tempo)
}

/// `current_epoch_with_lookahead`: the epoch counter, plus one when an epoch is due now and
/// has not run (a commit or reveal in that block belongs to the coming epoch).
pub fn current_epoch_with_lookahead<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    let base = registry::epoch_index(store, netuid)?;
    Ok(if should_run_epoch(store, netuid)? { base.saturating_add(1) } else { base })
}

/// Decides which of `netuids` (in netuid order) run their epoch this block, at most `max`:
/// counts `BlocksSinceLastStep`, and defers due subnets beyond `max` to the next block. `tempo`
/// gives a subnet's tempo.
pub(crate) fn schedule<S: NativeStore>(
    store: &mut S,
    netuids: &[NetUid],
    max: usize,
    mut tempo: impl FnMut(&mut S, NetUid) -> Result<u64, NativeError>,
    mut auto_due: impl FnMut(&mut S, NetUid, u64) -> Result<bool, NativeError>,
) -> Result<Vec<NetUid>, NativeError> {
    let now = store.block_number();
    let mut sorted = netuids.to_vec();
    sorted.sort_unstable();
    let mut run = Vec::new();
    for netuid in sorted {
        let since_key = by_netuid(schema::BLOCKS_SINCE_LAST_STEP, netuid);
        let since = store.get_u64(since_key)?.saturating_add(1);
        store.set_u64(since_key, since)?;
        let t = tempo(store, netuid)?;
        if t == 0 {
            continue;
        }
        let pending = pending_epoch_at(store, netuid)?;
        let due =
            (pending > 0 && now >= pending) || since > MAX_TEMPO || auto_due(store, netuid, t)?;
        if !due {
            continue;
        }
        if run.len() >= max {
            store.set_u64(by_netuid(schema::PENDING_EPOCH_AT, netuid), now.saturating_add(1))?;
            continue;
        }
        run.push(netuid);
    }
    Ok(run)
}

/// Records that the epoch slot was consumed (`PendingEpochAt = 0`) and, for a successful
/// epoch, resets `BlocksSinceLastStep`.
pub(crate) fn epoch_consumed<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    successful: bool,
) -> Result<(), NativeError> {
    store.set_u64(by_netuid(schema::PENDING_EPOCH_AT, netuid), 0)?;
    if successful {
        store.set_u64(by_netuid(schema::BLOCKS_SINCE_LAST_STEP, netuid), 0)?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::admin::set_by_owner;
    use crate::coinbase::{CoinbaseConfig, run_block};
    use crate::testkit::{OWNER, key, with_subnet};

    fn epochs_at(s: &mut crate::MemNative, block: u64, n: NetUid) -> bool {
        s.block = block;
        run_block(s, &CoinbaseConfig::default()).unwrap().epochs.iter().any(|e| e.netuid == n)
    }

    #[test]
    fn owner_trigger_fires_after_the_freeze_window_once() {
        // Subnet 1 at block 1, tempo 360: staggered LastEpochBlock 0, automatic epoch at 360.
        let (mut s, n) = with_subnet();
        let o = key(OWNER);
        s.block = 20;
        let e = trigger_epoch(&mut s, &o, n).unwrap_err();
        assert_eq!(e.chain_name(), "DynamicTempoBlockedByCommitReveal");
        set_by_owner(&mut s, &o, n, Hyper::CommitRevealEnabled, 0).unwrap();
        assert_eq!(trigger_epoch(&mut s, &key(9), n).unwrap_err().chain_name(), "NotSubnetOwner");
        assert_eq!(trigger_epoch(&mut s, &o, n).unwrap(), 30);
        let e = trigger_epoch(&mut s, &o, n).unwrap_err();
        assert_eq!(e.chain_name(), "EpochTriggerAlreadyPending");
        assert!(!epochs_at(&mut s, 29, n));
        assert!(epochs_at(&mut s, 30, n), "the trigger fires at 30");
        assert_eq!(pending_epoch_at(&mut s, n).unwrap(), 0);
        assert_eq!(registry::last_epoch_block(&mut s, n).unwrap(), 30);
        assert!(!epochs_at(&mut s, 31, n));
        // The automatic epoch now comes at 30 + 360 = 390; 5 blocks before it, a trigger (10
        // blocks ahead) is refused.
        s.block = 385;
        assert_eq!(
            trigger_epoch(&mut s, &o, n).unwrap_err().chain_name(),
            "AutoEpochAlreadyImminent"
        );
    }

    #[test]
    fn set_tempo_bounds_window_and_cycle_reset() {
        let (mut s, n) = with_subnet();
        let o = key(OWNER);
        s.block = 100;
        assert_eq!(set_tempo(&mut s, &o, n, 359).unwrap_err().chain_name(), "TempoOutOfBounds");
        assert_eq!(set_tempo(&mut s, &key(9), n, 720).unwrap_err().chain_name(), "NotSubnetOwner");
        set_tempo(&mut s, &o, n, 720).unwrap();
        assert_eq!(hyperparams::get(&mut s, n, Hyper::Tempo).unwrap(), 720);
        assert_eq!(registry::last_epoch_block(&mut s, n).unwrap(), 100, "the cycle restarts");
        // The next automatic epoch is at 820: from block 811 owner changes are frozen.
        s.block = 811;
        let e = set_tempo(&mut s, &o, n, 360).unwrap_err();
        assert_eq!(e.chain_name(), "AdminActionProhibitedDuringWeightsWindow");
        s.block = 810;
        ensure_admin_window_open(&mut s, n).unwrap();
    }

    #[test]
    fn lookahead_counts_a_deferred_epoch() {
        // Subnet 1 registered at block 1 (tempo 360, staggered LastEpochBlock 0).
        let (mut s, n) = with_subnet();
        s.block = 100;
        assert_eq!(current_epoch_with_lookahead(&mut s, n).unwrap(), 0);
        // At 360 the epoch is due; before it runs (deferred), commits belong to epoch 1.
        s.block = 360;
        assert!(should_run_epoch(&mut s, n).unwrap());
        assert_eq!(current_epoch_with_lookahead(&mut s, n).unwrap(), 1);
        registry::record_epoch(&mut s, n).unwrap();
        assert_eq!(current_epoch_with_lookahead(&mut s, n).unwrap(), 1, "ran: no look-ahead");
    }

    #[test]
    fn safety_net_and_deferral() {
        let (mut s, n) = with_subnet();
        // A due subnet beyond the per-block cap waits a block through PendingEpochAt.
        s.block = 5;
        let ran = schedule(&mut s, &[n, NetUid(2)], 1, |_, _| Ok(360), |_, _, _| Ok(true)).unwrap();
        assert_eq!(ran, vec![n]);
        assert_eq!(pending_epoch_at(&mut s, NetUid(2)).unwrap(), 6);
        // More than MAX_TEMPO blocks without a successful epoch: due whatever the rule says.
        let k = by_netuid(schema::BLOCKS_SINCE_LAST_STEP, n);
        s.set_u64(k, MAX_TEMPO - 1).unwrap();
        let never = |_: &mut crate::MemNative, _, _| Ok(false);
        assert!(schedule(&mut s, &[n], 2, |_, _| Ok(360), never).unwrap().is_empty());
        assert_eq!(schedule(&mut s, &[n], 2, |_, _| Ok(360), never).unwrap(), vec![n]);
        // Tempo 0 never runs.
        s.set_u64(k, MAX_TEMPO + 5).unwrap();
        assert!(schedule(&mut s, &[n], 2, |_, _| Ok(0), never).unwrap().is_empty());
    }
}
