//! Registration economics as pure functions (spec §5): the subnet lock cost (§5.1), the
//! neuron registration burn (§5.2), UID slots and neuron pruning (§5.3), subnet pruning and the dissolved subnet's payout (§5.4).

use serde::{Deserialize, Serialize};
use substrate_fixed::types::{I96F32, U64F64};

use super::supply::RAO_PER_TAO;
use super::wide::{mul_div_floor, mul64};

/// `NetworkMinLockCost`: 1,000 TAO.
pub const MIN_LOCK_RAO: u64 = 1_000 * RAO_PER_TAO;
/// Initial `NetworkLastLockCost`: 1,000 TAO (code default).
pub const INITIAL_LAST_LOCK_RAO: u64 = 1_000 * RAO_PER_TAO;
/// `NetworkLockReductionInterval` at 1 TAO/block: 100,800 blocks (code default; mainnet 57,600).
pub const LOCK_REDUCTION_INTERVAL: u64 = 100_800;
/// `NetworkRateLimit`: one subnet registration chain-wide per 7,200 blocks (code default).
pub const NETWORK_RATE_LIMIT_BLOCKS: u64 = 7_200;
/// `SubnetLimit`: at most 128 subnets, root excluded.
pub const SUBNET_LIMIT: u16 = 128;
/// `NetworkImmunityPeriod`: a subnet cannot be pruned for 1,296,000 blocks (code default).
pub const NETWORK_IMMUNITY_BLOCKS: u64 = 1_296_000;

/// New subnets start at a neuron burn of 1 TAO.
pub const INITIAL_NEURON_BURN_RAO: u64 = RAO_PER_TAO;
/// `MinBurn` default: 0.0005 TAO.
pub const MIN_BURN_RAO: u64 = 500_000;
/// `MaxBurn` default: 100 TAO.
pub const MAX_BURN_RAO: u64 = 100 * RAO_PER_TAO;
/// `BurnHalfLife` default: 360 blocks.
pub const BURN_HALF_LIFE: u16 = 360;
/// Largest settable `BurnHalfLife`.
pub const MAX_BURN_HALF_LIFE: u16 = 36_100;
/// Bits of `BurnIncreaseMult` = 1.26 as `U64F64`. The chain builds it from the float 1.26,
/// which is exactly `5674535530486825 / 2^52` (≈ 1.26 + 8.9e-18), hence these bits.
pub const BURN_INCREASE_MULT_BITS: u128 = 5_674_535_530_486_825u128 << 12;

/// `MaxAllowedUids` on a new subnet and its upper bound: 256.
pub const MAX_ALLOWED_UIDS: u16 = 256;
/// `MinAllowedUids`: `MaxAllowedUids` may not go below 64.
pub const MIN_ALLOWED_UIDS: u16 = 64;
/// `ImmunityPeriod` on a new subnet: 5,000 blocks.
pub const NEURON_IMMUNITY_BLOCKS: u64 = 5_000;
/// `MinNonImmuneUids`: prune from non-immune UIDs only while more than this many exist.
pub const MIN_NON_IMMUNE_UIDS: usize = 10;

const Q32_ONE: u64 = 1 << 32;

/// Registration errors.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum RegistrationError {
    /// Burn bounds violate `MinBurn < 1 TAO`, `MaxBurn > 0.1 TAO`, `MinBurn < MaxBurn`, or a bad
    /// half-life / multiplier.
    #[error("invalid burn parameters")]
    InvalidBurnParams,
    /// The subnet is full and no UID can be replaced.
    #[error("no neuron uid available")]
    NoNeuronIdAvailable,
    /// `MaxAllowedUids` is outside `[MIN_ALLOWED_UIDS, MAX_ALLOWED_UIDS]`.
    #[error("max allowed uids {0} out of range")]
    InvalidMaxUids(u16),
    /// The subnet limit is reached and every subnet is immune.
    #[error("subnet limit reached")]
    SubnetLimitReached,
}

// ---------------------------------------------------------------- subnet lock (§5.1)

/// The lock-cost state: the last lock paid and when.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockState {
    /// `NetworkLastLockCost` in RAO.
    pub last_lock_rao: u64,
    /// `NetworkLastLockBlock` (0 = no subnet registered yet).
    pub last_lock_block: u64,
}

impl Default for LockState {
    fn default() -> Self {
        Self { last_lock_rao: INITIAL_LAST_LOCK_RAO, last_lock_block: 0 }
    }
}

/// Lock-cost parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct LockParams {
    /// `NetworkMinLockCost` in RAO.
    pub min_lock_rao: u64,
    /// `NetworkLockReductionInterval` at 1 TAO/block emission.
    pub reduction_interval: u64,
}

impl Default for LockParams {
    fn default() -> Self {
        Self { min_lock_rao: MIN_LOCK_RAO, reduction_interval: LOCK_REDUCTION_INTERVAL }
    }
}

/// The decay interval `I = floor(reduction_interval × block_emission / 1 TAO)`: it shrinks with
/// every halving.
pub fn lock_reduction_interval(reduction_interval: u64, block_emission_rao: u64) -> u64 {
    let v = mul64(reduction_interval, block_emission_rao)
        .checked_div(u128::from(RAO_PER_TAO))
        .unwrap_or(0);
    u64::try_from(v).unwrap_or(u64::MAX)
}

impl LockState {
    /// The lock cost at block `now` (spec §5.1):
    /// `max(MinLock, LastLock × m − floor(LastLock / I) × (now − LastLockBlock))`, with `m = 2`
    /// (`m = 1` before any registration) and `I` from [`lock_reduction_interval`]. With `I = 0`
    /// (no emission) the cost does not decay.
    pub fn cost(&self, now: u64, block_emission_rao: u64, params: &LockParams) -> u64 {
        let m: u128 = if self.last_lock_block == 0 { 1 } else { 2 };
        let interval = lock_reduction_interval(params.reduction_interval, block_emission_rao);
        let per_block = self.last_lock_rao.checked_div(interval).unwrap_or(0);
        let elapsed = now.saturating_sub(self.last_lock_block);
        let decay = mul64(per_block, elapsed);
        let base = u128::from(self.last_lock_rao).saturating_mul(m);
        let cost = u64::try_from(base.saturating_sub(decay)).unwrap_or(u64::MAX);
        cost.max(params.min_lock_rao)
    }

    /// Records a registration that locked `locked_rao` at block `now`.
    pub fn record_registration(&mut self, locked_rao: u64, now: u64) {
        self.last_lock_rao = locked_rao;
        self.last_lock_block = now;
    }
}

/// Whether the global network rate limit blocks a registration at `now` (`last = None`: never).
pub fn network_rate_limited(last_registration_block: Option<u64>, now: u64, limit: u64) -> bool {
    last_registration_block.is_some_and(|last| now.saturating_sub(last) < limit)
}

/// The new subnet's pool (spec §5.1): `SubnetTAO = max(lock, MinLock)` and
/// `SubnetAlphaIn = floor(SubnetTAO / median_price)`, with the median spot price of the existing
/// subnets (1.0 if there are none, see [`median_price`]). Returns `(tao_rao, alpha_rao)`.
pub fn initial_pool_reserves(lock_rao: u64, min_lock_rao: u64, median: U64F64) -> (u64, u64) {
    let tao = lock_rao.max(min_lock_rao);
    let bits = median.to_bits();
    let alpha = if bits == 0 {
        tao
    } else {
        mul_div_floor(u128::from(tao), 1u128 << 64, bits)
            .and_then(|a| u64::try_from(a).ok())
            .unwrap_or(u64::MAX)
    };
    (tao, alpha)
}

/// The median of the positive spot prices (zeros skipped; the mean of the two middle values for
/// an even count, floored); 1.0 if there are none.
pub fn median_price(prices: &[U64F64]) -> U64F64 {
    let mut v: Vec<u128> = prices.iter().map(|p| p.to_bits()).filter(|b| *b > 0).collect();
    if v.is_empty() {
        return U64F64::from_num(1);
    }
    v.sort_unstable();
    let mid = v.len() / 2;
    let upper = v.get(mid).copied().unwrap_or_default();
    let bits = if v.len() % 2 == 1 {
        upper
    } else {
        let lower = mid.checked_sub(1).and_then(|i| v.get(i)).copied().unwrap_or_default();
        // The floored mean without overflow: both halves, plus the carry of two odd values.
        (lower / 2).saturating_add(upper / 2).saturating_add(lower & upper & 1)
    };
    U64F64::from_bits(bits)
}

// ---------------------------------------------------------------- neuron burn (§5.2)

/// Burn parameters of one subnet.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BurnParams {
    /// `MinBurn` in RAO.
    pub min_burn_rao: u64,
    /// `MaxBurn` in RAO.
    pub max_burn_rao: u64,
    /// `BurnHalfLife` in blocks (0 = no decay).
    pub half_life: u16,
    /// `BurnIncreaseMult` (applied as at least 1).
    pub increase_mult: U64F64,
}

impl Default for BurnParams {
    fn default() -> Self {
        Self {
            min_burn_rao: MIN_BURN_RAO,
            max_burn_rao: MAX_BURN_RAO,
            half_life: BURN_HALF_LIFE,
            increase_mult: U64F64::from_bits(BURN_INCREASE_MULT_BITS),
        }
    }
}

impl BurnParams {
    /// The admin bounds: `MinBurn < 1 TAO`, `MaxBurn > 0.1 TAO`, `MinBurn < MaxBurn`,
    /// `half_life ≤ 36,100`.
    pub fn validate(&self) -> Result<(), RegistrationError> {
        let ok = self.min_burn_rao < RAO_PER_TAO
            && self.max_burn_rao > RAO_PER_TAO / 10
            && self.min_burn_rao < self.max_burn_rao
            && self.half_life <= MAX_BURN_HALF_LIFE;
        if ok { Ok(()) } else { Err(RegistrationError::InvalidBurnParams) }
    }

    fn clamp(&self, burn: u64) -> u64 {
        burn.max(self.min_burn_rao).min(self.max_burn_rao)
    }
}

/// `floor(value × factor / 2^32)` for a Q32 factor, saturating at `u64::MAX`.
pub fn mul_q32(value: u64, factor_q32: u64) -> u64 {
    let v = mul64(value, factor_q32) >> 32;
    u64::try_from(v).unwrap_or(u64::MAX)
}

/// `base^exp` in Q32 by repeated squaring, every product floored with [`mul_q32`].
pub fn pow_q32(base_q32: u64, exp: u16) -> u64 {
    let (mut acc, mut sq, mut e) = (Q32_ONE, base_q32, exp);
    while e > 0 {
        if e & 1 == 1 {
            acc = mul_q32(acc, sq);
        }
        e >>= 1;
        if e > 0 {
            sq = mul_q32(sq, sq);
        }
    }
    acc
}

/// The per-block decay factor `f` in Q32: the largest `f < 2^32` with `pow_q32(f, h) ≤ 1/2`
/// (so `f^h = 1/2` up to flooring); 1.0 for `h = 0`.
pub fn decay_factor_q32(half_life: u16) -> u64 {
    if half_life == 0 {
        return Q32_ONE;
    }
    let half = Q32_ONE / 2;
    // Invariant: pow(lo) ≤ 1/2 < pow(hi).
    let (mut lo, mut hi) = (0u64, Q32_ONE);
    // lo < hi ≤ 2^32 throughout, so these never overflow.
    while lo.saturating_add(1) < hi {
        let mid = lo.saturating_add(hi.saturating_sub(lo) / 2);
        if pow_q32(mid, half_life) > half {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    lo
}

/// The burn after one block without registrations: `floor(burn × f)`, clamped to the bounds.
/// (The chain skips the decay in block 1 only.)
pub fn burn_after_block(burn_rao: u64, params: &BurnParams) -> u64 {
    let decayed = if params.half_life == 0 {
        burn_rao
    } else {
        mul_q32(burn_rao, decay_factor_q32(params.half_life))
    };
    params.clamp(decayed)
}

/// The burn after a successful registration: `burn × max(mult, 1)` in `U64F64`, truncated and
/// clamped to the bounds.
pub fn burn_after_registration(burn_rao: u64, params: &BurnParams) -> u64 {
    let mult = params.increase_mult.max(U64F64::from_num(1));
    let raised =
        U64F64::saturating_from_num(burn_rao).saturating_mul(mult).saturating_to_num::<u64>();
    params.clamp(raised)
}

// ---------------------------------------------------------------- UIDs and pruning (§5.3, §5.4)

/// Whether a neuron registered at `registered_at` is immune at `now`.
pub fn is_immune(registered_at: u64, now: u64, immunity_period: u64) -> bool {
    now.saturating_sub(registered_at) < immunity_period
}

/// A neuron as pruning sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct NeuronCandidate {
    /// The neuron's uid.
    pub uid: u16,
    /// Its last `Emission`.
    pub emission: u64,
    /// Block at which it registered.
    pub registered_at: u64,
    /// An owner hotkey protected from replacement (the owner hotkey and up to
    /// `ImmuneOwnerUidsLimit` owner-coldkey hotkeys; the caller decides which).
    pub immortal: bool,
}

/// Picks the UID to replace on a full subnet (spec §5.3): skip immortal owner keys; among the
/// non-immune pick the lowest emission, then earliest registration, then lowest uid — but only
/// if more than `min_non_immune` non-immune UIDs exist; otherwise pick among the immune by the
/// same order. `None` if nothing can be chosen.
pub fn select_uid_to_prune(
    neurons: &[NeuronCandidate],
    now: u64,
    immunity_period: u64,
    min_non_immune: usize,
) -> Option<u16> {
    let key = |n: &&NeuronCandidate| (n.emission, n.registered_at, n.uid);
    let mortal = || neurons.iter().filter(|n| !n.immortal);
    let non_immune = || mortal().filter(|n| !is_immune(n.registered_at, now, immunity_period));
    if non_immune().count() > min_non_immune {
        return non_immune().min_by_key(key).map(|n| n.uid);
    }
    mortal()
        .filter(|n| is_immune(n.registered_at, now, immunity_period))
        .min_by_key(key)
        .map(|n| n.uid)
}

/// Where a new neuron goes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum UidSlot {
    /// The subnet is not full: append at this uid (= current count).
    Append(u16),
    /// The subnet is full: replace this uid.
    Replace(u16),
}

/// Chooses the slot for a registration on a subnet with `current_n` neurons (spec §5.3).
/// `current_n` never exceeds `max_allowed_uids` as a result.
pub fn uid_slot(
    current_n: u16,
    max_allowed_uids: u16,
    neurons: &[NeuronCandidate],
    now: u64,
    immunity_period: u64,
) -> Result<UidSlot, RegistrationError> {
    if !(MIN_ALLOWED_UIDS..=MAX_ALLOWED_UIDS).contains(&max_allowed_uids) {
        return Err(RegistrationError::InvalidMaxUids(max_allowed_uids));
    }
    if current_n < max_allowed_uids {
        return Ok(UidSlot::Append(current_n));
    }
    select_uid_to_prune(neurons, now, immunity_period, MIN_NON_IMMUNE_UIDS)
        .map(UidSlot::Replace)
        .ok_or(RegistrationError::NoNeuronIdAvailable)
}

/// A subnet as subnet pruning sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubnetCandidate {
    /// The subnet id.
    pub netuid: u16,
    /// Its moving price `p̄`.
    pub moving_price: I96F32,
    /// Block at which it registered.
    pub registered_at: u64,
}

/// The subnet to prune when a registration finds `SUBNET_LIMIT` subnets (spec §5.4): the
/// non-immune one with the lowest moving price, ties by earliest registration (then lowest
/// netuid). `Err(SubnetLimitReached)` if every subnet is immune.
pub fn select_subnet_to_prune(
    subnets: &[SubnetCandidate],
    now: u64,
    network_immunity: u64,
) -> Result<u16, RegistrationError> {
    subnets
        .iter()
        .filter(|s| now >= s.registered_at.saturating_add(network_immunity))
        .min_by_key(|s| (s.moving_price, s.registered_at, s.netuid))
        .map(|s| s.netuid)
        .ok_or(RegistrationError::SubnetLimitReached)
}

mod dissolve;
pub use dissolve::{DissolutionSplit, dissolution_split};

#[cfg(test)]
mod tests;
