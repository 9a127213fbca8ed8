//! The neuron registration burn of each subnet, evaluated lazily: `BURN` holds the price as of
//! block `LAST_BURN_ADJUSTMENT`; the current price applies one
//! [`tao_economics::registration::burn_after_block`] step per block since then (the same
//! numbers as a per-block update, without a block hook). Changing `MinBurn`/`MaxBurn`/
//! `BurnHalfLife` settles the price first ([`settle_burn`]).

use super::hyperparams;
use super::registry;
use super::schema::{self, by_netuid};
use super::store::{NativeError, NativeExt, NativeStore};
use tao_economics::registration::{BurnParams, INITIAL_NEURON_BURN_RAO, decay_factor_q32, mul_q32};
use tao_primitives::{NetUid, ROOT_NETUID, Rao};

pub(crate) fn burn_now(stored: u64, since: u64, now: u64, p: &BurnParams) -> u64 {
    let clamp = |b: u64| b.max(p.min_burn_rao).min(p.max_burn_rao);
    let mut b = clamp(stored);
    if p.half_life == 0 {
        return b;
    }
    let f = decay_factor_q32(p.half_life);
    for _ in 0..now.saturating_sub(since) {
        // One `burn_after_block` step; once a step changes nothing, none will.
        let next = clamp(mul_q32(b, f));
        if next == b {
            break;
        }
        b = next;
    }
    b
}

/// The neuron registration burn of a subnet at the current block, RAO.
pub fn burn<S: NativeStore + ?Sized>(store: &mut S, netuid: NetUid) -> Result<Rao, NativeError> {
    let p = hyperparams::burn_params(store, netuid)?;
    let stored = store.get_u64(by_netuid(schema::BURN, netuid))?;
    let since = store.get_u64(by_netuid(schema::LAST_BURN_ADJUSTMENT, netuid))?;
    Ok(Rao(burn_now(stored, since, store.block_number(), &p)))
}

/// Writes the current burn as of the current block (used before burn parameters change).
/// Does nothing on a subnet without a burn (root, missing).
pub fn settle_burn<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<(), NativeError> {
    if netuid == ROOT_NETUID || !registry::exists(store, netuid)? {
        return Ok(());
    }
    let b = burn(store, netuid)?;
    store.set_u64(by_netuid(schema::BURN, netuid), b.get())?;
    store.set_u64(by_netuid(schema::LAST_BURN_ADJUSTMENT, netuid), store.block_number())
}

/// Starts a new subnet's burn at 1 TAO (clamped to its bounds).
pub(crate) fn init_burn<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<(), NativeError> {
    let p = hyperparams::burn_params(store, netuid)?;
    let now = store.block_number();
    store.set_u64(by_netuid(schema::BURN, netuid), burn_now(INITIAL_NEURON_BURN_RAO, 0, 0, &p))?;
    store.set_u64(by_netuid(schema::LAST_BURN_ADJUSTMENT, netuid), now)
}
