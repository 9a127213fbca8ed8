//! Per-subnet hyperparameters: ids, defaults, bounds, reads and the epoch loader. The owner and
//! root setters are in [`crate::admin`].
//!
//! Every hyperparameter is a [`Hyper`] with a stable `u16` id (part of the state format: never
//! renumber one). Values are `u64` (bools are 0/1). A value is looked up in three places:
//!
//! 1. the subnet's own value, `Key::new(HYPERPARAM, &[netuid, id])`;
//! 2. the chain-wide default set at genesis with [`set_default`], `Key::new(HYPERPARAM_DEFAULT,
//!    &[id])` — this is how a dev chain shortens the tempo of every subnet;
//! 3. the built-in default, [`Hyper::default_value`]: the value the real chain gives a **newly
//!    registered** subnet (spec `yuma.md` §3, `economics.md` §5 and §9).
//!
//! Two items are special: [`Hyper::TransfersEnabled`] lives in the `TRANSFERS_DISABLED` item
//! (inverted) that staking reads, and [`Hyper::ActivityCutoff`] is the real chain's legacy
//! `ActivityCutoff` (default 5,000): `setActivityCutoff` stores it and `getActivityCutoff` returns
//! it, but no epoch reads it, as on the real chain. The epoch's cutoff is always derived,
//! `max(1, ActivityCutoffFactorMilli × Tempo / 1000)` ([`activity_cutoff_blocks`]).
//!
//! Pinned decisions:
//! * `CommitRevealEnabled` defaults to **true** and `Yuma3Enabled` to **true**, as the spec says
//!   for new subnets; a dev genesis may override either with [`set_default`].
//! * Owner setters follow the 0x803 table: `setWeightsSetRateLimit`, `setMinBurn` and
//!   `setMaxBurn` are no-ops that succeed without checking anything (as on the real chain).
//!   `Kappa` and `MaxAllowedValidators` are root-only, so an owner call fails. Every other
//!   hyperparameter is settable by the owner within the owner bounds of [`Hyper::access`].
//!   Owner setters are under the real chain's owner rate limits ([`crate::ratelimit`]) and
//!   admin freeze window ([`crate::tempo::ensure_admin_window_open`]).
//! * `AlphaSigmoidSteepness` is kept non-negative (0..=32767) for owners and root alike.
//! * Difficulty items and `NetworkPowRegistrationAllowed` are stored only (PoW is gone);
//!   their defaults are the real runtime constants.
//! * `BurnIncreaseMult` is not a hyperparameter here: it is the fixed 1.26 of
//!   `economics::registration`.

use super::schema::{self, Key};
use super::store::{NativeError, NativeExt, NativeStore};
use crate::error::HyperparamError;
use tao_economics::registration::{
    BurnParams, MAX_ALLOWED_UIDS, MAX_BURN_HALF_LIFE, MIN_ALLOWED_UIDS,
};
use tao_primitives::NetUid;
use tao_primitives::RAO_PER_TAO;

/// A per-subnet hyperparameter. The discriminant is its stable storage id.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[repr(u16)]
pub enum Hyper {
    /// Epoch period in blocks (default 360; owner 360..=50,400; root any, 0 = no epochs).
    Tempo = 1,
    /// Consensus majority x/65535 (default 32,767). Root only.
    Kappa = 2,
    /// Legacy sigmoid steepness, unused by the epoch (default 10).
    Rho = 3,
    /// Bonds EMA, share of old bonds kept per 10^6 (default 900,000; owner ≤ 975,000).
    BondsMovingAverage = 4,
    /// β of the bonds penalty, x/65535 (default 65,535).
    BondsPenalty = 5,
    /// Bonds reset allowed (bool, default false).
    BondsResetEnabled = 6,
    /// Yuma 3 bonds (bool, default true for new subnets).
    Yuma3Enabled = 7,
    /// Liquid alpha (bool, default false).
    LiquidAlphaEnabled = 8,
    /// Liquid alpha lower bound x/65535 (default 45,875; ≥ 1,638 and ≤ `AlphaHigh`).
    AlphaLow = 9,
    /// Liquid alpha upper bound x/65535 (default 58,982; ≥ 1,638 and ≥ `AlphaLow`).
    AlphaHigh = 10,
    /// Liquid alpha sigmoid steepness (default 1,000; 0..=32,767).
    AlphaSigmoidSteepness = 11,
    /// Validator permits per epoch (default 64; root only; ≤ `MaxAllowedUids`).
    MaxAllowedValidators = 12,
    /// Subnet size cap (default 256; 64..=256 and ≥ the current uid count).
    MaxAllowedUids = 13,
    /// Explicit activity cutoff in blocks (default derived from the factor; owner 360..=65,535).
    ActivityCutoff = 14,
    /// Activity cutoff in thousandths of a tempo (default 13,889; 1,000..=50,000).
    ActivityCutoffFactorMilli = 15,
    /// Neuron immunity in blocks (default 5,000).
    ImmunityPeriod = 16,
    /// Minimum weights per `set_weights` (default 1).
    MinAllowedWeights = 17,
    /// Max single max-upscaled weight (default 65,535 = no limit).
    MaxWeightsLimit = 18,
    /// Minimum weights version key (default 0 = check off).
    WeightsVersionKey = 19,
    /// Blocks between weight sets or commits (default 100; the owner setter is a no-op).
    WeightsSetRateLimit = 20,
    /// Commit-reveal on (bool, default true).
    CommitRevealEnabled = 21,
    /// Reveal exactly this many epochs after the commit (default 1; 1..=100).
    RevealPeriodEpochs = 22,
    /// Blocks between two `serve_axon` / `serve_prometheus` of one hotkey (default 50).
    ServingRateLimit = 23,
    /// Stored only (default 10,000,000).
    MinDifficulty = 24,
    /// Stored only (default u64::MAX / 4).
    MaxDifficulty = 25,
    /// Stored only (default 10,000,000).
    Difficulty = 26,
    /// Stored only (default 0).
    AdjustmentAlpha = 27,
    /// Neuron registration open (bool, default true).
    NetworkRegistrationAllowed = 28,
    /// Stored only (bool, default false).
    NetworkPowRegistrationAllowed = 29,
    /// `MinBurn`, RAO (default 500,000; root only, owner setter is a no-op).
    MinBurn = 30,
    /// `MaxBurn`, RAO (default 100 TAO; root only, owner setter is a no-op).
    MaxBurn = 31,
    /// `BurnHalfLife` in blocks (default 360; ≤ 36,100; 0 = no decay).
    BurnHalfLife = 32,
    /// Stake transfers allowed (bool, default true; stored inverted in `TRANSFERS_DISABLED`).
    TransfersEnabled = 33,
    /// Owner hotkeys protected from pruning, the owner hotkey first (default 1; 1..=10).
    ImmuneOwnerUidsLimit = 34,
}

/// Who may set a hyperparameter and within which bounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Access {
    /// The subnet owner (and root) within `[min, max]` inclusive.
    Owner {
        /// Smallest value an owner may set.
        min: u64,
        /// Largest value an owner may set.
        max: u64,
    },
    /// Root (genesis / [`set_by_root`](crate::admin::set_by_root)) only; an owner call fails.
    RootOnly,
    /// The owner setter succeeds and changes nothing (deprecated on the real chain).
    NoOp,
}

const U16: u64 = u16::MAX as u64;

impl Hyper {
    /// Every hyperparameter, in id order.
    pub const ALL: [Hyper; 34] = [
        Hyper::Tempo,
        Hyper::Kappa,
        Hyper::Rho,
        Hyper::BondsMovingAverage,
        Hyper::BondsPenalty,
        Hyper::BondsResetEnabled,
        Hyper::Yuma3Enabled,
        Hyper::LiquidAlphaEnabled,
        Hyper::AlphaLow,
        Hyper::AlphaHigh,
        Hyper::AlphaSigmoidSteepness,
        Hyper::MaxAllowedValidators,
        Hyper::MaxAllowedUids,
        Hyper::ActivityCutoff,
        Hyper::ActivityCutoffFactorMilli,
        Hyper::ImmunityPeriod,
        Hyper::MinAllowedWeights,
        Hyper::MaxWeightsLimit,
        Hyper::WeightsVersionKey,
        Hyper::WeightsSetRateLimit,
        Hyper::CommitRevealEnabled,
        Hyper::RevealPeriodEpochs,
        Hyper::ServingRateLimit,
        Hyper::MinDifficulty,
        Hyper::MaxDifficulty,
        Hyper::Difficulty,
        Hyper::AdjustmentAlpha,
        Hyper::NetworkRegistrationAllowed,
        Hyper::NetworkPowRegistrationAllowed,
        Hyper::MinBurn,
        Hyper::MaxBurn,
        Hyper::BurnHalfLife,
        Hyper::TransfersEnabled,
        Hyper::ImmuneOwnerUidsLimit,
    ];

    /// The stable storage id.
    pub fn id(self) -> u16 {
        self as u16
    }

    /// The hyperparameter with storage id `id`.
    pub fn from_id(id: u16) -> Option<Self> {
        Self::ALL.iter().copied().find(|h| h.id() == id)
    }

    /// The snake_case name used in messages (the real chain's storage name).
    pub fn name(self) -> &'static str {
        match self {
            Hyper::Tempo => "tempo",
            Hyper::Kappa => "kappa",
            Hyper::Rho => "rho",
            Hyper::BondsMovingAverage => "bonds_moving_average",
            Hyper::BondsPenalty => "bonds_penalty",
            Hyper::BondsResetEnabled => "bonds_reset_enabled",
            Hyper::Yuma3Enabled => "yuma3_enabled",
            Hyper::LiquidAlphaEnabled => "liquid_alpha_enabled",
            Hyper::AlphaLow => "alpha_low",
            Hyper::AlphaHigh => "alpha_high",
            Hyper::AlphaSigmoidSteepness => "alpha_sigmoid_steepness",
            Hyper::MaxAllowedValidators => "max_allowed_validators",
            Hyper::MaxAllowedUids => "max_allowed_uids",
            Hyper::ActivityCutoff => "activity_cutoff",
            Hyper::ActivityCutoffFactorMilli => "activity_cutoff_factor_milli",
            Hyper::ImmunityPeriod => "immunity_period",
            Hyper::MinAllowedWeights => "min_allowed_weights",
            Hyper::MaxWeightsLimit => "max_weights_limit",
            Hyper::WeightsVersionKey => "weights_version_key",
            Hyper::WeightsSetRateLimit => "weights_set_rate_limit",
            Hyper::CommitRevealEnabled => "commit_reveal_weights_enabled",
            Hyper::RevealPeriodEpochs => "reveal_period_epochs",
            Hyper::ServingRateLimit => "serving_rate_limit",
            Hyper::MinDifficulty => "min_difficulty",
            Hyper::MaxDifficulty => "max_difficulty",
            Hyper::Difficulty => "difficulty",
            Hyper::AdjustmentAlpha => "adjustment_alpha",
            Hyper::NetworkRegistrationAllowed => "network_registration_allowed",
            Hyper::NetworkPowRegistrationAllowed => "network_pow_registration_allowed",
            Hyper::MinBurn => "min_burn",
            Hyper::MaxBurn => "max_burn",
            Hyper::BurnHalfLife => "burn_half_life",
            Hyper::TransfersEnabled => "transfers_enabled",
            Hyper::ImmuneOwnerUidsLimit => "immune_owner_uids_limit",
        }
    }

    /// Whether the value is a bool (0 or 1).
    pub fn is_bool(self) -> bool {
        matches!(
            self,
            Hyper::BondsResetEnabled
                | Hyper::Yuma3Enabled
                | Hyper::LiquidAlphaEnabled
                | Hyper::CommitRevealEnabled
                | Hyper::NetworkRegistrationAllowed
                | Hyper::NetworkPowRegistrationAllowed
                | Hyper::TransfersEnabled
        )
    }

    /// The built-in default: the value of a newly registered subnet. For
    /// [`Hyper::ActivityCutoff`] this is the value at the default tempo and factor (5,000);
    /// [`get`] derives it from the current tempo and factor instead.
    pub fn default_value(self) -> u64 {
        match self {
            Hyper::Tempo => 360,
            Hyper::Kappa => 32_767,
            Hyper::Rho => 10,
            Hyper::BondsMovingAverage => 900_000,
            Hyper::BondsPenalty => 65_535,
            Hyper::BondsResetEnabled => 0,
            Hyper::Yuma3Enabled => 1,
            Hyper::LiquidAlphaEnabled => 0,
            Hyper::AlphaLow => 45_875,
            Hyper::AlphaHigh => 58_982,
            Hyper::AlphaSigmoidSteepness => 1_000,
            Hyper::MaxAllowedValidators => 64,
            Hyper::MaxAllowedUids => u64::from(MAX_ALLOWED_UIDS),
            Hyper::ActivityCutoff => 5_000,
            Hyper::ActivityCutoffFactorMilli => 13_889,
            Hyper::ImmunityPeriod => 5_000,
            Hyper::MinAllowedWeights => 1,
            Hyper::MaxWeightsLimit => 65_535,
            Hyper::WeightsVersionKey => 0,
            Hyper::WeightsSetRateLimit => 100,
            Hyper::CommitRevealEnabled => 1,
            Hyper::RevealPeriodEpochs => 1,
            Hyper::ServingRateLimit => 50,
            Hyper::MinDifficulty => 10_000_000,
            Hyper::MaxDifficulty => u64::MAX / 4,
            Hyper::Difficulty => 10_000_000,
            Hyper::AdjustmentAlpha => 0,
            Hyper::NetworkRegistrationAllowed => 1,
            Hyper::NetworkPowRegistrationAllowed => 0,
            Hyper::MinBurn => tao_economics::registration::MIN_BURN_RAO,
            Hyper::MaxBurn => tao_economics::registration::MAX_BURN_RAO,
            Hyper::BurnHalfLife => u64::from(tao_economics::registration::BURN_HALF_LIFE),
            Hyper::TransfersEnabled => 1,
            Hyper::ImmuneOwnerUidsLimit => 1,
        }
    }

    /// Root bounds `(min, max)` inclusive: what genesis and [`set_by_root`](crate::admin::set_by_root) accept (cross-field
    /// rules are checked separately).
    pub fn root_bounds(self) -> (u64, u64) {
        if self.is_bool() {
            return (0, 1);
        }
        match self {
            Hyper::Tempo
            | Hyper::Kappa
            | Hyper::Rho
            | Hyper::BondsPenalty
            | Hyper::ImmunityPeriod
            | Hyper::MinAllowedWeights
            | Hyper::MaxWeightsLimit => (0, U16),
            Hyper::BondsMovingAverage => (0, 1_000_000),
            Hyper::AlphaLow | Hyper::AlphaHigh => (1_638, U16),
            Hyper::AlphaSigmoidSteepness => (0, i16::MAX as u64),
            Hyper::MaxAllowedValidators => (1, u64::from(MAX_ALLOWED_UIDS)),
            Hyper::MaxAllowedUids => (u64::from(MIN_ALLOWED_UIDS), u64::from(MAX_ALLOWED_UIDS)),
            Hyper::ActivityCutoff => (1, U16),
            Hyper::ActivityCutoffFactorMilli => (1_000, 50_000),
            Hyper::RevealPeriodEpochs => (1, 100),
            Hyper::MinBurn => (0, RAO_PER_TAO - 1),
            Hyper::MaxBurn => (RAO_PER_TAO / 10 + 1, u64::MAX),
            Hyper::BurnHalfLife => (0, u64::from(MAX_BURN_HALF_LIFE)),
            Hyper::ImmuneOwnerUidsLimit => (1, 10),
            _ => (0, u64::MAX),
        }
    }

    /// Who may set it, and the owner bounds.
    pub fn access(self) -> Access {
        let (min, max) = self.root_bounds();
        match self {
            Hyper::Kappa | Hyper::MaxAllowedValidators => Access::RootOnly,
            Hyper::WeightsSetRateLimit | Hyper::MinBurn | Hyper::MaxBurn => Access::NoOp,
            Hyper::Tempo => Access::Owner { min: 360, max: 50_400 },
            Hyper::BondsMovingAverage => Access::Owner { min: 0, max: 975_000 },
            Hyper::ActivityCutoff => Access::Owner { min: 360, max: U16 },
            _ => Access::Owner { min, max },
        }
    }
}

pub(crate) fn param_key(netuid: NetUid, h: Hyper) -> Key {
    Key::new(schema::HYPERPARAM, &[&netuid.get().to_be_bytes(), &h.id().to_be_bytes()])
}

fn default_key(h: Hyper) -> Key {
    Key::new(schema::HYPERPARAM_DEFAULT, &[&h.id().to_be_bytes()])
}

/// The value without the special cases: the subnet's, else the chain default, else built-in.
fn stored_or_default<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    h: Hyper,
) -> Result<u64, NativeError> {
    if let Some(v) = store.get_opt_u64(param_key(netuid, h))? {
        return Ok(v);
    }
    Ok(store.get_opt_u64(default_key(h))?.unwrap_or(h.default_value()))
}

/// The activity cutoff the epoch uses, in blocks: `max(1, ActivityCutoffFactorMilli × Tempo /
/// 1000)` (the real chain's `get_activity_cutoff_blocks`; the legacy `ActivityCutoff` is not read).
pub fn activity_cutoff_blocks<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<u64, NativeError> {
    let factor = stored_or_default(store, netuid, Hyper::ActivityCutoffFactorMilli)?;
    let tempo = stored_or_default(store, netuid, Hyper::Tempo)?;
    Ok((factor.saturating_mul(tempo) / 1000).max(1))
}

/// The value of `h` on `netuid` (the default for a subnet that does not exist).
pub fn get<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    h: Hyper,
) -> Result<u64, NativeError> {
    match h {
        Hyper::TransfersEnabled => {
            let disabled = store.get_bool(schema::by_netuid(schema::TRANSFERS_DISABLED, netuid))?;
            Ok(u64::from(!disabled))
        }
        _ => stored_or_default(store, netuid, h),
    }
}

/// [`get`] for a bool hyperparameter.
pub fn get_bool<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
    h: Hyper,
) -> Result<bool, NativeError> {
    Ok(get(store, netuid, h)? != 0)
}

pub(crate) fn check_range(h: Hyper, value: u64, min: u64, max: u64) -> Result<(), NativeError> {
    if h.is_bool() && value > 1 {
        return Err(HyperparamError::NotBool { param: h }.into());
    }
    if value < min || value > max {
        return Err(HyperparamError::OutOfRange { param: h, min, max }.into());
    }
    Ok(())
}

/// Sets the chain-wide default of `h` for every subnet without its own value (genesis only:
/// a later change also moves existing subnets that never set `h`). Root bounds apply;
/// `TransfersEnabled` has no chain-wide default.
pub fn set_default<S: NativeStore + ?Sized>(
    store: &mut S,
    h: Hyper,
    value: u64,
) -> Result<(), NativeError> {
    validate_default(h, value)?;
    store.set_opt_u64(default_key(h), Some(value))
}

/// The checks of [`set_default`] without the write.
pub fn validate_default(h: Hyper, value: u64) -> Result<(), NativeError> {
    if h == Hyper::TransfersEnabled {
        return Err(HyperparamError::NoChainWideDefault { param: h }.into());
    }
    let (min, max) = h.root_bounds();
    check_range(h, value, min, max)
}

/// The burn parameters of a subnet (`MinBurn`, `MaxBurn`, `BurnHalfLife`, fixed ×1.26).
pub fn burn_params<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<BurnParams, NativeError> {
    Ok(BurnParams {
        min_burn_rao: get(store, netuid, Hyper::MinBurn)?,
        max_burn_rao: get(store, netuid, Hyper::MaxBurn)?,
        half_life: u16::try_from(get(store, netuid, Hyper::BurnHalfLife)?).unwrap_or(u16::MAX),
        ..BurnParams::default()
    })
}

/// `StakeThreshold` (global): minimum stake in RAO to set weights (owner exempt).
pub fn stake_threshold<S: NativeStore + ?Sized>(store: &mut S) -> Result<u64, NativeError> {
    store.get_u64(Key::new(schema::STAKE_THRESHOLD, &[]))
}

/// `TaoWeight` (global, staking's `TAO_WEIGHT` item) as raw/u64::MAX; absent = the spec
/// default ≈ 0.0527.
pub fn tao_weight_raw<S: NativeStore + ?Sized>(store: &mut S) -> Result<u64, NativeError> {
    Ok(store
        .get_opt_u64(Key::new(schema::TAO_WEIGHT, &[]))?
        .unwrap_or(tao_yuma::DEFAULT_TAO_WEIGHT_RAW))
}

fn u16_of(v: u64) -> u16 {
    u16::try_from(v).unwrap_or(u16::MAX)
}

/// Loads the epoch's [`tao_yuma::Hyperparameters`] of a subnet.
pub fn epoch_hyperparameters<S: NativeStore + ?Sized>(
    store: &mut S,
    netuid: NetUid,
) -> Result<tao_yuma::Hyperparameters, NativeError> {
    Ok(tao_yuma::Hyperparameters {
        kappa: u16_of(get(store, netuid, Hyper::Kappa)?),
        bonds_moving_average: get(store, netuid, Hyper::BondsMovingAverage)?,
        bonds_penalty: u16_of(get(store, netuid, Hyper::BondsPenalty)?),
        yuma3: get_bool(store, netuid, Hyper::Yuma3Enabled)?,
        liquid_alpha: get_bool(store, netuid, Hyper::LiquidAlphaEnabled)?,
        alpha_low: u16_of(get(store, netuid, Hyper::AlphaLow)?),
        alpha_high: u16_of(get(store, netuid, Hyper::AlphaHigh)?),
        alpha_sigmoid_steepness: i16::try_from(get(store, netuid, Hyper::AlphaSigmoidSteepness)?)
            .unwrap_or(i16::MAX),
        max_allowed_validators: u16_of(get(store, netuid, Hyper::MaxAllowedValidators)?),
        tempo: u16_of(get(store, netuid, Hyper::Tempo)?),
        // The real chain's epoch ignores the legacy `ActivityCutoff`.
        activity_cutoff: None,
        activity_cutoff_factor_milli: u32::try_from(get(
            store,
            netuid,
            Hyper::ActivityCutoffFactorMilli,
        )?)
        .unwrap_or(u32::MAX),
        stake_threshold: stake_threshold(store)?,
        tao_weight_raw: tao_weight_raw(store)?,
        commit_reveal_enabled: get_bool(store, netuid, Hyper::CommitRevealEnabled)?,
    })
}

#[cfg(test)]
mod tests;
