//! The subnet owner's rate limits on configuration calls (the real chain's
//! `utils/rate_limiting.rs`, applied by `ensure_sn_owner_or_root_with_limits` /
//! `record_owner_rl` in admin-utils, `do_set_tempo` and `do_trigger_epoch`):
//!
//! * a hyperparameter (`OwnerHyperparamUpdate(h)`): once per `OwnerHyperparamRateLimit` (2)
//!   tempos of the subnet, per (subnet, hyperparameter) whoever the owner is;
//! * the weights version key (`SetWeightsVersionKey`): once per `WeightsVersionKeyRateLimit`
//!   (5) tempos, per (owner coldkey, subnet);
//! * the tempo (`TempoUpdate`): once per 360 blocks (`MIN_TEMPO`), per (owner coldkey, subnet).
//!
//! A call passes when it is the first (last block 0) or `now − last ≥ limit`. Root's calls
//! ([`crate::admin::set_by_root`]) are neither limited nor recorded.

use crate::error::HyperparamError;
use crate::hyperparams::{self, Hyper};
use crate::schema::{self, Key};
use crate::store::{NativeError, NativeExt, NativeStore};
use tao_primitives::{AccountId32, NetUid};

/// `DefaultOwnerHyperparamRateLimit`, in tempos.
pub const DEFAULT_OWNER_HPARAM_RATE_LIMIT: u64 = 2;
/// `DefaultWeightsVersionKeyRateLimit`, in tempos.
pub const DEFAULT_WEIGHTS_VERSION_KEY_RATE_LIMIT: u64 = 5;
/// `MIN_TEMPO`: blocks between two owner `set_tempo`.
pub const TEMPO_UPDATE_RATE_LIMIT: u64 = 360;

/// A rate-limited owner transaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OwnerTx {
    /// `OwnerHyperparamUpdate` with the real chain's `Hyperparameter` number.
    Hyperparam(u16, &'static str),
    /// `SetWeightsVersionKey`.
    SetWeightsVersionKey,
    /// `TempoUpdate`.
    TempoUpdate,
}

/// `Hyperparameter::AlphaValues` (both liquid-alpha bounds).
pub const ALPHA_VALUES: OwnerTx = OwnerTx::Hyperparam(17, "alpha_values");
/// `Hyperparameter::TriggerEpoch`.
pub const TRIGGER_EPOCH: OwnerTx = OwnerTx::Hyperparam(31, "trigger_epoch");

impl OwnerTx {
    /// The limit an owner setter of `h` is under, if any (none for root-only, no-op and the
    /// setters the real chain does not limit: `MaxWeightsLimit`, the registration switches and
    /// the stored-only difficulty).
    pub fn of(h: Hyper) -> Option<OwnerTx> {
        let code = match h {
            Hyper::WeightsVersionKey => return Some(OwnerTx::SetWeightsVersionKey),
            Hyper::Tempo => return Some(OwnerTx::TempoUpdate),
            Hyper::AlphaLow | Hyper::AlphaHigh => return Some(ALPHA_VALUES),
            Hyper::ServingRateLimit => 1,
            Hyper::MaxDifficulty => 2,
            Hyper::AdjustmentAlpha => 3,
            Hyper::ImmunityPeriod => 5,
            Hyper::MinAllowedWeights => 6,
            Hyper::Rho => 8,
            Hyper::ActivityCutoff => 9,
            Hyper::MinBurn => 11,
            Hyper::MaxBurn => 12,
            Hyper::BondsMovingAverage => 13,
            Hyper::BondsPenalty => 14,
            Hyper::CommitRevealEnabled => 15,
            Hyper::LiquidAlphaEnabled => 16,
            Hyper::RevealPeriodEpochs => 18,
            Hyper::TransfersEnabled => 19,
            Hyper::AlphaSigmoidSteepness => 20,
            Hyper::Yuma3Enabled => 21,
            Hyper::BondsResetEnabled => 22,
            Hyper::ImmuneOwnerUidsLimit => 23,
            Hyper::MaxAllowedUids => 25,
            Hyper::BurnHalfLife => 26,
            Hyper::ActivityCutoffFactorMilli => 30,
            _ => return None,
        };
        Some(OwnerTx::Hyperparam(code, h.name()))
    }

    fn name(self) -> &'static str {
        match self {
            OwnerTx::Hyperparam(_, name) => name,
            OwnerTx::SetWeightsVersionKey => "weights_version_key",
            OwnerTx::TempoUpdate => "tempo",
        }
    }

    fn key(self, caller: &AccountId32, netuid: NetUid) -> Key {
        let n = netuid.get().to_be_bytes();
        match self {
            OwnerTx::Hyperparam(code, _) => {
                Key::new(schema::OWNER_HPARAM_LAST, &[&n, &code.to_be_bytes()])
            }
            OwnerTx::SetWeightsVersionKey => {
                Key::new(schema::OWNER_TX_LAST, &[caller.as_bytes(), &n, &4u16.to_be_bytes()])
            }
            OwnerTx::TempoUpdate => {
                Key::new(schema::OWNER_TX_LAST, &[caller.as_bytes(), &n, &11u16.to_be_bytes()])
            }
        }
    }
}

/// `OwnerHyperparamRateLimit`, in tempos.
pub fn owner_hparam_rate_limit<S: NativeStore + ?Sized>(store: &mut S) -> Result<u64, NativeError> {
    Ok(store
        .get_opt_u64(Key::new(schema::OWNER_HPARAM_RATE_LIMIT, &[]))?
        .unwrap_or(DEFAULT_OWNER_HPARAM_RATE_LIMIT))
}

/// Root's `sudo_set_owner_hparam_rate_limit` (the caller checks authority).
pub fn set_owner_hparam_rate_limit<S: NativeStore + ?Sized>(
    store: &mut S,
    epochs: u64,
) -> Result<(), NativeError> {
    store.set_opt_u64(Key::new(schema::OWNER_HPARAM_RATE_LIMIT, &[]), Some(epochs))
}

/// `WeightsVersionKeyRateLimit`, in tempos.
pub fn weights_version_key_rate_limit<S: NativeStore + ?Sized>(
    store: &mut S,
) -> Result<u64, NativeError> {
    Ok(store
        .get_opt_u64(Key::new(schema::WEIGHTS_VERSION_KEY_RATE_LIMIT, &[]))?
        .unwrap_or(DEFAULT_WEIGHTS_VERSION_KEY_RATE_LIMIT))
}

/// The limit of `tx` on `netuid`, in blocks.
pub fn limit<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    tx: OwnerTx,
) -> Result<u64, NativeError> {
    let tempo = hyperparams::get(store, netuid, Hyper::Tempo)?;
    Ok(match tx {
        OwnerTx::Hyperparam(..) => tempo.saturating_mul(owner_hparam_rate_limit(store)?),
        OwnerTx::SetWeightsVersionKey => {
            tempo.saturating_mul(weights_version_key_rate_limit(store)?)
        }
        OwnerTx::TempoUpdate => TEMPO_UPDATE_RATE_LIMIT,
    })
}

/// Fails with `TxRateLimitExceeded` unless `caller`'s `tx` on `netuid` passes now.
pub fn ensure_passes<S: NativeStore + ?Sized>(
    store: &mut S,
    caller: &AccountId32,
    netuid: NetUid,
    tx: OwnerTx,
) -> Result<(), NativeError> {
    let last = store.get_u64(tx.key(caller, netuid))?;
    let limit = limit(store, netuid, tx)?;
    let now = store.block_number();
    if last == 0 || now.saturating_sub(last) >= limit {
        return Ok(());
    }
    let next = last.saturating_add(limit);
    Err(HyperparamError::TxRateLimitExceeded { netuid, what: tx.name(), next }.into())
}

/// Forgets every owner rate-limit clock of `netuid` (`owner` is its owner coldkey): subnet
/// dissolution, so the subnet that reuses the netuid starts with none.
pub(crate) fn clear_subnet<S: NativeStore + ?Sized>(
    store: &mut S,
    owner: &AccountId32,
    netuid: NetUid,
) -> Result<(), NativeError> {
    let txs = Hyper::ALL.iter().filter_map(|h| OwnerTx::of(*h));
    for tx in txs.chain([ALPHA_VALUES, TRIGGER_EPOCH]) {
        store.set_u64(tx.key(owner, netuid), 0)?;
    }
    Ok(())
}

/// Records `caller`'s `tx` on `netuid` at the current block.
pub fn record<S: NativeStore + ?Sized>(
    store: &mut S,
    caller: &AccountId32,
    netuid: NetUid,
    tx: OwnerTx,
) -> Result<(), NativeError> {
    let now = store.block_number();
    store.set_u64(tx.key(caller, netuid), now)
}

#[cfg(test)]
mod tests;
