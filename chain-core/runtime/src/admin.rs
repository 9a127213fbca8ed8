//! The configuration calls on hyperparameters: the subnet owner's setters behind 0x803 and the
//! root (genesis) setter. They check access, the owner rate limits ([`crate::ratelimit`]), the
//! bounds of [`Hyper::access`] and [`Hyper::root_bounds`] and the cross-field rules, then
//! write; a change of the burn parameters settles the lazily decayed burn first
//! ([`crate::burn::settle_burn`]).
//!
//! Kept apart from [`crate::hyperparams`] (ids, defaults, reads) so that the modules the checks
//! need (`burn`, `registry`) can read hyperparameters without a cycle.

use super::burn;
use super::hyperparams::{Access, Hyper, burn_params, check_range, get, param_key};
use super::registry;
use super::schema;
use super::store::{NativeError, NativeExt, NativeStore};
use crate::error::HyperparamError;
use crate::ratelimit::{self, OwnerTx};
use tao_primitives::{AccountId32, NetUid};

/// Cross-field rules that depend on the subnet's other values.
fn check_cross<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    h: Hyper,
    value: u64,
) -> Result<(), NativeError> {
    match h {
        Hyper::AlphaLow if value > get(store, netuid, Hyper::AlphaHigh)? => {
            Err(HyperparamError::AlphaLowOutOfRange.into())
        }
        Hyper::AlphaHigh if value < get(store, netuid, Hyper::AlphaLow)? => {
            Err(HyperparamError::AlphaHighTooLow.into())
        }
        Hyper::MaxAllowedUids => {
            if value < u64::from(registry::uid_count(store, netuid)?) {
                return Err(HyperparamError::MaxAllowedUIdsLessThanCurrentUIds.into());
            }
            if value < get(store, netuid, Hyper::MaxAllowedValidators)? {
                return Err(HyperparamError::MaxAllowedUidsBelowValidators.into());
            }
            Ok(())
        }
        Hyper::MaxAllowedValidators if value > get(store, netuid, Hyper::MaxAllowedUids)? => {
            Err(HyperparamError::MaxValidatorsLargerThanMaxUIds.into())
        }
        Hyper::MinBurn | Hyper::MaxBurn | Hyper::BurnHalfLife => {
            let mut p = burn_params(store, netuid)?;
            match h {
                Hyper::MinBurn => p.min_burn_rao = value,
                Hyper::MaxBurn => p.max_burn_rao = value,
                _ => p.half_life = u16::try_from(value).unwrap_or(u16::MAX),
            }
            p.validate().map_err(|_| HyperparamError::InvalidBurnBounds.into())
        }
        _ => Ok(()),
    }
}

/// Writes a checked value.
fn write<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    h: Hyper,
    value: u64,
) -> Result<(), NativeError> {
    match h {
        Hyper::TransfersEnabled => {
            store.set_bool(schema::by_netuid(schema::TRANSFERS_DISABLED, netuid), value == 0)
        }
        Hyper::MinBurn | Hyper::MaxBurn | Hyper::BurnHalfLife => {
            // Settle the lazily decayed burn under the old parameters first.
            burn::settle_burn(store, netuid)?;
            store.set_opt_u64(param_key(netuid, h), Some(value))?;
            burn::settle_burn(store, netuid)
        }
        _ => store.set_opt_u64(param_key(netuid, h), Some(value)),
    }
}

/// The owner call behind the 0x803 setters: checks that the subnet exists, is not root, that
/// `caller` is its owner coldkey, that an owner may set `h` and the bounds; then writes.
/// The deprecated setters ([`Access::NoOp`]) return `Ok` at once and change nothing.
pub fn set_by_owner<S: NativeStore + ?Sized>(
    store: &mut S,
    caller: &AccountId32,
    netuid: NetUid,
    h: Hyper,
    value: u64,
) -> Result<(), NativeError> {
    let (min, max) = match h.access() {
        Access::NoOp => return Ok(()),
        Access::RootOnly => (0, 0),
        Access::Owner { min, max } => (min, max),
    };
    registry::ensure_owner(store, caller, netuid)?;
    if h.access() == Access::RootOnly {
        return Err(HyperparamError::RootOnly { param: h }.into());
    }
    // The owner rate limit first, as `ensure_sn_owner_or_root_with_limits` does.
    let tx = OwnerTx::of(h);
    if let Some(tx) = tx {
        ratelimit::ensure_passes(store, caller, netuid, tx)?;
    }
    check_range(h, value, min, max)?;
    check_cross(store, netuid, h, value)?;
    // As the real chain's `ensure_admin_window_open`: not in the last blocks before an epoch.
    crate::tempo::ensure_admin_window_open(store, netuid)?;
    write(store, netuid, h, value)?;
    match tx {
        Some(tx) => ratelimit::record(store, caller, netuid, tx),
        None => Ok(()),
    }
}

/// `setAlphaValues(netuid, low, high)`: sets both liquid-alpha bounds at once (owner call;
/// both ≥ 1,638 and `low ≤ high`).
pub fn set_alpha_values<S: NativeStore + ?Sized>(
    store: &mut S,
    caller: &AccountId32,
    netuid: NetUid,
    low: u16,
    high: u16,
) -> Result<(), NativeError> {
    registry::ensure_owner(store, caller, netuid)?;
    ratelimit::ensure_passes(store, caller, netuid, ratelimit::ALPHA_VALUES)?;
    let (min, max) = Hyper::AlphaLow.root_bounds();
    check_range(Hyper::AlphaLow, low.into(), min, max)?;
    check_range(Hyper::AlphaHigh, high.into(), min, max)?;
    if low > high {
        return Err(HyperparamError::AlphaLowOutOfRange.into());
    }
    write(store, netuid, Hyper::AlphaLow, low.into())?;
    write(store, netuid, Hyper::AlphaHigh, high.into())?;
    ratelimit::record(store, caller, netuid, ratelimit::ALPHA_VALUES)
}

/// The root call (genesis, chain configuration): any existing subnet, root bounds and the
/// cross-field rules, no owner check, no no-ops.
pub fn set_by_root<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    h: Hyper,
    value: u64,
) -> Result<(), NativeError> {
    registry::ensure_exists(store, netuid)?;
    let (min, max) = h.root_bounds();
    check_range(h, value, min, max)?;
    check_cross(store, netuid, h, value)?;
    write(store, netuid, h, value)
}
