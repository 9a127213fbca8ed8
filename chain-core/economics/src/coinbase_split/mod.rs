//! The per-block coinbase split as pure functions (spec §2.2, §2.4, §2.5).
//!
//! 1. [`split_block_emission`]: each eligible subnet's TAO emission `τ_i` is
//!    `E × base_i / Σ_enabled base_j`, where `base_i = p̄_i × (1 − min(1, MinerBurned_i))`
//!    (or `p̄_i` alone if every weight is 0); disabled subnets get 0; dust is undistributed.
//! 2. [`compute_injection`]: `τ_i` becomes `tao_in`, `alpha_in` (capped at `rp × alpha_emission`)
//!    and `excess_tao`; `alpha_out = emission(alpha issuance)`.
//! 3. [`apply_injection`]: adds `(tao_in, alpha_in)` to the pool, then chain-buys `excess_tao`
//!    fee-free; whatever cannot be placed is returned for recycling.
//! 4. [`split_alpha_out`]: owner cut (11,796/65535), miners ½, root `rp × ½`, validators the
//!    rest; root alpha is recycled unless `Σ p̄ > 1`.
//!
//! [`plan_block`] runs 1, 2 and 4 for every subnet of a block.
//!
//! **Arithmetic.** Shares and proportions are exact fractions of integers, floored once to RAO
//! (the chain rounds through `U64F64`/`U96F32`; results agree to ±1 RAO). The root weight
//! `R × TaoWeight` is floored to whole RAO first. Sums are exact: `Σ τ_i + undistributed = E`,
//! `tao_in + excess_tao = τ_i`, `owner + server + validator + root + root_recycled = alpha_out`
//! (validators absorb the odd RAO).
//!
//! **Pinned order (constant-product pool).** The injection is added to the reserves *before* the
//! chain buy, so the injection itself never moves the price. The real chain updates the balancer
//! weights, swaps, then adds the reserves; at equal weights the difference is second order in
//! `excess / reserve` and it is documented rather than reproduced.

use serde::{Deserialize, Serialize};
use substrate_fixed::types::{I96F32, U64F64};

use super::pool::{PoolEngine, Reserves};
use super::supply::block_emission;
use super::wide::{mul_div_floor, mul64};

#[cfg(test)]
mod tests;

/// `SubnetOwnerCut`: 11,796 / 65535 ≈ 18 % of `alpha_out`.
pub const SUBNET_OWNER_CUT: u16 = 11_796;
/// Denominator of `u16` ratios.
pub const U16_RATIO_DENOMINATOR: u64 = 65_535;
/// Code-default `TaoWeight` as a fraction of `u64::MAX`: ≈ 0.052677.
pub const DEFAULT_TAO_WEIGHT: u64 = 971_718_665_099_567_868;

/// Where a new subnet's moving price starts (spec §10.3).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum MovingPriceStart {
    /// `p̄ = 0`, as on the real chain: emission share ramps in over months.
    Zero,
    /// `p̄ = min(spot, 1)` at `start_call`: the subnet earns its price share at once.
    Spot,
}

/// How new subnets are bootstrapped (spec §10.3, §10.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct SubnetBootstrap {
    /// The moving price a subnet starts with.
    pub moving_price_start: MovingPriceStart,
    /// `SubnetEmissionEnabled` at registration.
    pub emission_enabled_at_registration: bool,
}

impl SubnetBootstrap {
    /// taochain's default (and `--dev`): a new subnet starts at its capped spot price and with
    /// emission enabled, so it earns TAO from its first block.
    pub const DEV: Self =
        Self { moving_price_start: MovingPriceStart::Spot, emission_enabled_at_registration: true };
    /// Mainnet parity: `p̄ = 0` and emission disabled until root enables it.
    pub const MAINNET: Self = Self {
        moving_price_start: MovingPriceStart::Zero,
        emission_enabled_at_registration: false,
    };

    /// The moving price to store when the subnet's emission starts, given its spot price.
    pub fn initial_moving_price(&self, spot: U64F64) -> I96F32 {
        match self.moving_price_start {
            MovingPriceStart::Zero => I96F32::from_num(0),
            MovingPriceStart::Spot => I96F32::saturating_from_num(spot.min(U64F64::from_num(1))),
        }
    }
}

impl Default for SubnetBootstrap {
    fn default() -> Self {
        Self::DEV
    }
}

/// One eligible subnet as the emission split sees it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubnetEmissionInput {
    /// The subnet id.
    pub netuid: u16,
    /// `SubnetMovingPrice` (clamped into `[0, 1]` for the split).
    pub moving_price: I96F32,
    /// `MinerBurned`: fraction of last epoch's miner emission withheld to owner keys.
    pub miner_burned: U64F64,
    /// `SubnetEmissionEnabled`.
    pub emission_enabled: bool,
}

/// Result of [`split_block_emission`].
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct EmissionSplit {
    /// `(netuid, τ_i in RAO)` in input order (0 for disabled subnets).
    pub per_subnet: Vec<(u16, u64)>,
    /// RAO not given to any subnet (rounding dust, or all of `E` if every share is 0); recycled.
    pub undistributed: u64,
}

/// `p̄` as `U64F64` bits, clamped into `[0, 1]` (≤ 2^64).
fn price_bits(p: I96F32) -> u128 {
    let one = I96F32::from_num(1);
    let p = p.max(I96F32::from_num(0)).min(one);
    U64F64::saturating_from_num(p).to_bits()
}

/// Splits the block emission `E` among eligible subnets (spec §2.2, rule of `main`):
/// `base_i = p̄_i × (1 − min(1, MinerBurned_i))` (truncated `U64F64`), falling back to `p̄_i` if
/// every base is 0; disabled subnets get 0 and the enabled ones share `E` in proportion to
/// `base_i`, each floored to RAO.
pub fn split_block_emission(block_emission: u64, subnets: &[SubnetEmissionInput]) -> EmissionSplit {
    let one = U64F64::from_num(1);
    let weighted: Vec<u128> = subnets
        .iter()
        .map(|s| {
            let keep = one.saturating_sub(s.miner_burned.min(one));
            U64F64::from_bits(price_bits(s.moving_price)).saturating_mul(keep).to_bits()
        })
        .collect();
    let base: Vec<u128> = if weighted.iter().all(|w| *w == 0) {
        subnets.iter().map(|s| price_bits(s.moving_price)).collect()
    } else {
        weighted
    };
    // Each base ≤ 2^64 and there are at most 2^16 subnets: the sum fits in u128.
    let total: u128 =
        subnets.iter().zip(&base).filter(|(s, _)| s.emission_enabled).map(|(_, b)| *b).sum();
    let mut given: u64 = 0;
    let per_subnet = subnets
        .iter()
        .zip(&base)
        .map(|(s, b)| {
            let tau = if s.emission_enabled && total > 0 {
                mul_div_floor(u128::from(block_emission), *b, total)
                    .and_then(|v| u64::try_from(v).ok())
                    .unwrap_or(0)
            } else {
                0
            };
            given = given.saturating_add(tau);
            (s.netuid, tau)
        })
        .collect();
    EmissionSplit { per_subnet, undistributed: block_emission.saturating_sub(given) }
}

/// The root proportion `rp = R·w / (R·w + A)` of a subnet (spec §2.4, §6.2), kept as the exact
/// fraction `root_weight / (root_weight + alpha_issuance)`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RootProportion {
    /// `floor(R × TaoWeight / u64::MAX)`: root stake weighted by `TaoWeight`, in RAO.
    pub root_weight: u64,
    /// The subnet's alpha issuance `A = SubnetAlphaIn + SubnetAlphaOut`.
    pub alpha_issuance: u64,
}

impl RootProportion {
    /// From root stake `R` (RAO, `SubnetTAO[root]`), `TaoWeight` (fraction of `u64::MAX`) and
    /// the subnet's alpha issuance.
    pub fn new(root_tao_rao: u64, tao_weight: u64, alpha_issuance: u64) -> Self {
        let w = mul64(root_tao_rao, tao_weight).checked_div(u128::from(u64::MAX)).unwrap_or(0);
        Self { root_weight: u64::try_from(w).unwrap_or(u64::MAX), alpha_issuance }
    }

    /// `root_weight + alpha_issuance`, exact (two u64 values never overflow a u128).
    fn denominator(&self) -> u128 {
        u128::from(self.root_weight).saturating_add(u128::from(self.alpha_issuance))
    }

    /// `floor(amount × rp)` (0 when both parts are 0).
    pub fn of(&self, amount: u64) -> u64 {
        let den = self.denominator();
        mul_div_floor(u128::from(amount), u128::from(self.root_weight), den)
            .and_then(|v| u64::try_from(v).ok())
            .unwrap_or(0)
    }

    /// `rp` as a (truncated) fixed-point number, for display.
    pub fn as_fixed(&self) -> U64F64 {
        let den = self.denominator();
        mul_div_floor(u128::from(self.root_weight), 1u128 << 64, den)
            .map(U64F64::from_bits)
            .unwrap_or(U64F64::from_num(0))
    }
}

/// A subnet's per-block injection (spec §2.4).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct Injection {
    /// TAO added to the pool reserve (RAO).
    pub tao_in: u64,
    /// Alpha added to the pool reserve (alpha-RAO).
    pub alpha_in: u64,
    /// TAO chain-bought fee-free (RAO); `tao_in + excess_tao = τ`.
    pub excess_tao: u64,
    /// Alpha minted for participants: `emission(alpha issuance)` (alpha-RAO).
    pub alpha_out: u64,
    /// Whether `alpha_in` hit the cap `rp × alpha_emission`.
    pub capped: bool,
}

/// Computes the injection of `tao_emission` (τ) into a pool with these reserves (spec §2.4):
/// uncapped `alpha_in = floor(τ·x/y)`, `tao_in = τ`; if that exceeds
/// `cap = floor(rp × alpha_emission)`, then `alpha_in = cap`, `tao_in = floor(cap·y/x)`;
/// `excess_tao = τ − tao_in`. A pool without a price (a zero reserve) takes no injection and
/// `excess_tao = τ`.
pub fn compute_injection(
    tao_emission: u64,
    reserves: Reserves,
    alpha_issuance: u64,
    rp: &RootProportion,
) -> Injection {
    let alpha_out = block_emission(alpha_issuance);
    let (x, y) = (u128::from(reserves.alpha_rao), u128::from(reserves.tao_rao));
    if x == 0 || y == 0 || tao_emission == 0 {
        return Injection {
            tao_in: 0,
            alpha_in: 0,
            excess_tao: tao_emission,
            alpha_out,
            capped: false,
        };
    }
    let cap = rp.of(alpha_out);
    // x, y > 0 (checked above); τ·x fits in u128 as both are u64.
    let uncapped = mul_div_floor(u128::from(tao_emission), x, y).unwrap_or(u128::MAX);
    if uncapped > u128::from(cap) {
        // cap < τ·x/y, so cap·y/x < τ.
        let tao_in = mul_div_floor(u128::from(cap), y, x)
            .and_then(|v| u64::try_from(v).ok())
            .unwrap_or(tao_emission)
            .min(tao_emission);
        Injection {
            tao_in,
            alpha_in: cap,
            excess_tao: tao_emission.saturating_sub(tao_in),
            alpha_out,
            capped: true,
        }
    } else {
        // uncapped ≤ cap ≤ u64::MAX
        let alpha_in = u64::try_from(uncapped).unwrap_or(cap);
        Injection { tao_in: tao_emission, alpha_in, excess_tao: 0, alpha_out, capped: false }
    }
}

/// What [`apply_injection`] did beyond adding the reserves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct InjectionOutcome {
    /// Alpha bought by the chain buy (`SubnetProtocolAlpha` grows by this).
    pub protocol_alpha: u64,
    /// TAO that could not be placed and must be recycled.
    pub recycled_tao: u64,
    /// Alpha that could not be injected (not minted).
    pub unminted_alpha: u64,
}

/// Applies an injection to a pool: adds `(tao_in, alpha_in)`, then chain-buys `excess_tao` with
/// no fee and no limit. A failed step places nothing and reports its TAO for recycling.
pub fn apply_injection<P: PoolEngine + ?Sized>(pool: &mut P, inj: &Injection) -> InjectionOutcome {
    let mut out = InjectionOutcome::default();
    if (inj.tao_in > 0 || inj.alpha_in > 0) && pool.inject(inj.tao_in, inj.alpha_in).is_err() {
        out.recycled_tao = inj.tao_in;
        out.unminted_alpha = inj.alpha_in;
    }
    if inj.excess_tao > 0 {
        match pool.protocol_buy(inj.excess_tao) {
            Ok(r) => out.protocol_alpha = r.amount_out,
            Err(_) => out.recycled_tao = out.recycled_tao.saturating_add(inj.excess_tao),
        }
    }
    out
}

/// The destination of one block's `alpha_out` (spec §2.5). The five parts sum to `alpha_out`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct AlphaOutSplit {
    /// `PendingOwnerCut`.
    pub owner: u64,
    /// `PendingServerEmission` (miners).
    pub server: u64,
    /// `PendingValidatorEmission`.
    pub validator: u64,
    /// `PendingRootAlphaDivs` (0 unless the root-sell flag is set).
    pub root: u64,
    /// Root alpha recycled because `Σ p̄ ≤ 1`.
    pub root_recycled: u64,
}

/// Splits `alpha_out`: `owner = floor(a × cut / 65535)` (if enabled), `a' = a − owner`,
/// `server = floor(a'/2)`, `root = floor(rp × a' / 2)`, `validator = a' − server − root`; root
/// alpha goes to `root` if `root_sell`, else to `root_recycled`.
pub fn split_alpha_out(
    alpha_out: u64,
    owner_cut: Option<u16>,
    rp: &RootProportion,
    root_sell: bool,
) -> AlphaOutSplit {
    let owner = owner_cut.map_or(0, |cut| {
        // cut ≤ 65535, so the product fits and the share is at most alpha_out.
        let share = mul64(alpha_out, u64::from(cut))
            .checked_div(u128::from(U16_RATIO_DENOMINATOR))
            .unwrap_or(0);
        u64::try_from(share).unwrap_or(alpha_out).min(alpha_out)
    });
    let rest = alpha_out.saturating_sub(owner);
    let server = rest / 2;
    let den = rp.denominator().saturating_mul(2);
    let root_alpha = mul_div_floor(u128::from(rest), u128::from(rp.root_weight), den)
        .and_then(|v| u64::try_from(v).ok())
        .unwrap_or(0)
        .min(rest.saturating_sub(server));
    // server ≤ rest / 2 and root_alpha ≤ rest - server, so neither subtraction saturates.
    let validator = rest.saturating_sub(server).saturating_sub(root_alpha);
    let (root, root_recycled) = if root_sell { (root_alpha, 0) } else { (0, root_alpha) };
    AlphaOutSplit { owner, server, validator, root, root_recycled }
}

/// The root-sell flag: `Σ p̄ > 1` over the eligible subnets.
pub fn root_sell_flag<I: IntoIterator<Item = I96F32>>(moving_prices: I) -> bool {
    let one = I96F32::from_num(1).to_bits();
    let sum: i128 =
        moving_prices.into_iter().map(|p| p.to_bits().max(0)).fold(0, i128::saturating_add);
    sum > one
}

/// Chain-wide inputs of one block's coinbase.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoinbaseParams {
    /// `SubnetTAO[root]`: all TAO staked on root (RAO).
    pub root_tao_rao: u64,
    /// `TaoWeight` as a fraction of `u64::MAX`.
    pub tao_weight: u64,
    /// `SubnetOwnerCut` (parts of 65535).
    pub owner_cut: u16,
}

impl Default for CoinbaseParams {
    fn default() -> Self {
        Self { root_tao_rao: 0, tao_weight: DEFAULT_TAO_WEIGHT, owner_cut: SUBNET_OWNER_CUT }
    }
}

/// One eligible subnet's state at the start of the coinbase.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubnetCoinbaseInput {
    /// Split inputs (moving price, miner burned, emission enabled).
    pub emission: SubnetEmissionInput,
    /// Pool reserves.
    pub reserves: Reserves,
    /// `SubnetAlphaIn + SubnetAlphaOut`.
    pub alpha_issuance: u64,
    /// `OwnerCutEnabled`.
    pub owner_cut_enabled: bool,
}

/// One subnet's coinbase plan.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SubnetCoinbase {
    /// The subnet id.
    pub netuid: u16,
    /// `τ_i` in RAO.
    pub tao_emission: u64,
    /// The subnet's root proportion before the block (it caps the injection; the pending split
    /// uses the proportion after this block's alpha was minted, as the real chain).
    pub root_proportion: RootProportion,
    /// The injection.
    pub injection: Injection,
    /// Where `alpha_out` goes.
    pub split: AlphaOutSplit,
}

/// A whole block's coinbase plan.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct BlockCoinbase {
    /// Per subnet, in input order.
    pub subnets: Vec<SubnetCoinbase>,
    /// TAO given to no subnet (recycled).
    pub undistributed_tao: u64,
    /// `Σ p̄ > 1`.
    pub root_sell: bool,
}

/// Plans one block's coinbase over the eligible subnets (spec §2.1 step 4a–4d): emission split,
/// injection and the pending-bucket split. The caller applies it ([`apply_injection`], minting,
/// pending buckets) and recycles `undistributed_tao`.
pub fn plan_block(
    block_emission: u64,
    subnets: &[SubnetCoinbaseInput],
    params: &CoinbaseParams,
) -> BlockCoinbase {
    let inputs: Vec<SubnetEmissionInput> = subnets.iter().map(|s| s.emission).collect();
    let split = split_block_emission(block_emission, &inputs);
    let root_sell = root_sell_flag(inputs.iter().map(|s| s.moving_price));
    let plans = subnets
        .iter()
        .zip(split.per_subnet)
        .map(|(s, (netuid, tau))| {
            let rp = RootProportion::new(params.root_tao_rao, params.tao_weight, s.alpha_issuance);
            let injection = compute_injection(tau, s.reserves, s.alpha_issuance, &rp);
            let cut = s.owner_cut_enabled.then_some(params.owner_cut);
            // The real chain caps the injection with the root proportion before the block
            // (`get_subnet_terms`) but splits the pending alpha with the proportion it reads
            // again in `emit_to_subnets`, after this block's alpha in and alpha out were minted
            // (a chain buy only moves alpha from in to out and leaves the issuance alone).
            let minted = injection.alpha_in.saturating_add(injection.alpha_out);
            let rp_after = RootProportion::new(
                params.root_tao_rao,
                params.tao_weight,
                s.alpha_issuance.saturating_add(minted),
            );
            let split = split_alpha_out(injection.alpha_out, cut, &rp_after, root_sell);
            SubnetCoinbase { netuid, tao_emission: tau, root_proportion: rp, injection, split }
        })
        .collect();
    BlockCoinbase { subnets: plans, undistributed_tao: split.undistributed, root_sell }
}
