//! Bittensor dev controls: state edits no real chain offers, for `taochain --dev` only (the
//! node refuses the `tao_dev*` methods that call them on any other chain). Each function checks
//! everything first and writes only once every check passed, so a refused edit changes nothing,
//! and each keeps the chain's accounting whole:
//!
//! * [`force_epoch`]: the subnet's epoch runs in the next block's step, whatever its tempo, its
//!   commit-reveal setting or a pending trigger (the owner's `trigger_epoch` without its checks);
//! * [`set_pool_reserves`]: a subnet pool's TAO and alpha reserves; the TAO difference is minted
//!   or recycled (total issuance follows), the alpha difference changes alpha issuance;
//! * [`credit_stake`]: alpha minted as stake to a (hotkey, coldkey, netuid) position, as an
//!   emission would (`SubnetAlphaOut` grows by the amount);
//! * [`set_hyperparameter`]: any hyperparameter with the root bounds and the cross-field rules,
//!   without owner, freeze window or rate limit;
//! * [`register_neuron`]: a neuron for a given hotkey and coldkey without the burn (the same
//!   uid slot rules as a paid registration, the subnet's registration switch ignored).

use crate::admin;
use crate::error::{StakingError, SubnetError};
use crate::hyperparams::Hyper;
use crate::neurons;
use crate::pool::{self, pool_err};
use crate::registry;
use crate::schema::{self, by_netuid};
use crate::staking;
use crate::store::{NativeError, NativeExt, NativeStore};
use crate::supply;
use tao_economics::pool::PoolError;
use tao_economics::pool::math::MINIMUM_RESERVE;
use tao_primitives::{AccountId32, NetUid, ROOT_NETUID, Rao, Uid};

/// Makes `netuid`'s epoch run in the step of block `now + 1`; returns that block number.
/// Fails on a missing subnet and on root (which has no epoch).
pub fn force_epoch<S: NativeStore>(store: &mut S, netuid: NetUid) -> Result<u64, NativeError> {
    registry::ensure_exists(store, netuid)?;
    if netuid == ROOT_NETUID {
        return Err(SubnetError::NotOnRoot { what: "an epoch" }.into());
    }
    let at = store.block_number().saturating_add(1);
    store.set_u64(by_netuid(schema::PENDING_EPOCH_AT, netuid), at)?;
    Ok(at)
}

/// Blocks from `now` until the block whose step runs `netuid`'s next epoch: 1 when one is due
/// or pending, otherwise `LastEpochBlock + tempo − now`. `None` for tempo 0 (no epochs).
pub fn blocks_to_next_epoch<S: NativeStore>(
    store: &mut S,
    netuid: NetUid,
) -> Result<Option<u64>, NativeError> {
    registry::ensure_exists(store, netuid)?;
    let tempo = crate::hyperparams::get(store, netuid, Hyper::Tempo)?;
    if tempo == 0 {
        return Ok(None);
    }
    let now = store.block_number();
    let pending = crate::tempo::pending_epoch_at(store, netuid)?;
    let auto = crate::tempo::blocks_until_next_auto_epoch(store, netuid, tempo)?;
    let to_pending = if pending > 0 { pending.saturating_sub(now) } else { u64::MAX };
    Ok(Some(auto.min(to_pending).max(1)))
}

/// Sets the TAO (RAO) and alpha (alpha-RAO) reserves of a subnet's pool; the moving price and
/// the fee stay. Total issuance moves by the TAO difference, alpha issuance by the alpha
/// difference. Fails on root, a missing subnet and a reserve below the pool's
/// minimum (`MINIMUM_RESERVE`, 10^6).
pub fn set_pool_reserves<S: NativeStore>(
    store: &mut S,
    netuid: NetUid,
    tao_rao: u64,
    alpha_rao: u64,
) -> Result<(), NativeError> {
    registry::ensure_exists(store, netuid)?;
    if netuid == ROOT_NETUID {
        return Err(SubnetError::NotOnRoot { what: "setting pool reserves" }.into());
    }
    // The pool's own floor: below it no swap could pay out.
    if let Some(&low) = [tao_rao, alpha_rao].iter().find(|&&r| r < MINIMUM_RESERVE) {
        let e = PoolError::InsufficientLiquidity { reserve: low, required: MINIMUM_RESERVE };
        return Err(pool_err(netuid, e));
    }
    let old_tao = pool::tao_reserve(store, netuid)?.get();
    // ---- checks done: write (issuance is checked against the cap as it moves) ----
    let diff = Rao(tao_rao.abs_diff(old_tao)).to_wei();
    if tao_rao > old_tao {
        supply::add_issuance_wei(store, diff)?;
    } else {
        supply::sub_issuance_wei(store, diff)?;
    }
    let kind = crate::pool_engine::engine(store)?;
    if kind == crate::pool_engine::EngineKind::Ink {
        // The ink! pool's storage is native slots: a state edit, no code runs.
        return crate::pool_engine::ink::write_reserves(store, netuid, tao_rao, alpha_rao);
    }
    if kind == crate::pool_engine::EngineKind::Solidity {
        // A state edit of the contract's storage (no code runs), as anvil_setStorageAt would.
        let op = crate::pool_engine::PoolOp::SetReserves { tao: tao_rao, alpha: alpha_rao };
        crate::pool_engine::apply(store, netuid, &op)?;
        return Ok(());
    }
    store.set_u64(by_netuid(schema::SUBNET_TAO, netuid), tao_rao)?;
    store.set_u64(by_netuid(schema::SUBNET_ALPHA_IN, netuid), alpha_rao)
}

/// Mints `alpha` (alpha-RAO) as stake of `coldkey` on `hotkey` in `netuid`. The hotkey must
/// exist (have an owner); fails on root, a missing subnet, and an alpha issuance overflow.
pub fn credit_stake<S: NativeStore>(
    store: &mut S,
    hotkey: &AccountId32,
    coldkey: &AccountId32,
    netuid: NetUid,
    alpha: u64,
) -> Result<(), NativeError> {
    registry::ensure_exists(store, netuid)?;
    if netuid == ROOT_NETUID {
        return Err(SubnetError::NotOnRoot { what: "crediting alpha stake" }.into());
    }
    if neurons::hotkey_owner(store, hotkey)?.is_none() {
        return Err(StakingError::HotKeyAccountNotExists { hotkey: *hotkey }.into());
    }
    let out_key = by_netuid(schema::SUBNET_ALPHA_OUT, netuid);
    let out =
        store.get_u64(out_key)?.checked_add(alpha).ok_or(NativeError::Overflow("alpha out"))?;
    staking::stake_emission(store, hotkey, coldkey, netuid, alpha)?;
    store.set_u64(out_key, out)
}

/// Sets hyperparameter `h` of `netuid` as root would: root bounds and cross-field rules, no
/// owner check, no freeze window.
pub fn set_hyperparameter<S: NativeStore>(
    store: &mut S,
    netuid: NetUid,
    h: Hyper,
    value: u64,
) -> Result<(), NativeError> {
    admin::set_by_root(store, netuid, h, value)
}

/// Registers `hotkey` (owned by `coldkey`) on `netuid` without a burn; returns its uid. Fails
/// on root, a missing subnet, a hotkey already registered here or owned by another coldkey,
/// and a full subnet with nothing replaceable.
pub fn register_neuron<S: NativeStore>(
    store: &mut S,
    netuid: NetUid,
    coldkey: &AccountId32,
    hotkey: &AccountId32,
) -> Result<Uid, NativeError> {
    neurons::register_without_burn(store, netuid, coldkey, hotkey)
}

#[cfg(test)]
mod tests;
