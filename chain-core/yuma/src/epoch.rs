//! The epoch pipeline: activity, stake, permits, weights, consensus, incentive, bonds,
//! dividends and emission, in the order of spec/yuma.md section 5.

use super::bonds;
use super::io::{self, EpochError, EpochInput, EpochOutput, SparseRow};
use super::math::{self, ONE, ZERO};
use super::median;
use super::weights::{BondWeights, Weights};
use substrate_fixed::types::{I32F32, I64F64};

/// Runs one epoch over `input` and returns what the chain would store.
///
/// The computation is pure and deterministic and uses the chain's fixed-point types and
/// rounding throughout, so every u16 and every rao equals the real chain's.
///
/// # Errors
/// [`EpochError`] when the input is inconsistent: a per-uid vector whose length is not n,
/// a uid not below n, a uid listed twice in a row, or an impossible hyperparameter.
pub fn run_epoch(input: &EpochInput) -> Result<EpochOutput, EpochError> {
    let n = io::validate(input)?;
    Ok(compute(input, n))
}

/// Value `i` of a per-uid vector, the default (0, false) when the vector is empty or shorter
/// (optional inputs may be omitted; validated ones have length `n`).
#[inline]
fn at<T: Copy + Default>(v: &[T], i: usize) -> T {
    v.get(i).copied().unwrap_or_default()
}

/// The validator permits in force (the stored ones, the owner's forced; all false when none are
/// stored) and the new ones (top-k non-zero stake, the owner's forced).
fn permits(
    input: &EpochInput,
    stake: &[I32F32],
    n: usize,
    owner: Option<usize>,
) -> (Vec<bool>, Vec<bool>) {
    let permits_given = !input.validator_permits.is_empty();
    let permit: Vec<bool> = (0..n)
        .map(|i| permits_given && (at(&input.validator_permits, i) || owner == Some(i)))
        .collect();
    let max = usize::from(input.hyperparameters.max_allowed_validators);
    let mut new_permits = math::is_topk_nonzero(stake, max);
    if let Some(p) = owner.and_then(|o| new_permits.get_mut(o)) {
        *p = true;
    }
    (permit, new_permits)
}

/// Everything after validation. `n` equals `input.stake.len()` and every index is in range.
fn compute(input: &EpochInput, n: usize) -> EpochOutput {
    let hp = &input.hyperparameters;
    let blk = input.current_block;
    let owner = input.owner_uid.map(usize::from);
    let u16_max = I32F32::from_num(u16::MAX);

    // 5.2 Activity.
    let cutoff = hp.activity_cutoff_blocks();
    let active: Vec<bool> =
        (0..n).map(|i| at(&input.last_update, i).saturating_add(cutoff) >= blk).collect();

    // 5.3 Stake.
    let stake = stake_vector(input, n, owner);

    // 5.4 Permits in force (the stored ones, owner forced) and the new ones.
    let permits_given = !input.validator_permits.is_empty();
    let (permit, new_permits) = permits(input, &stake, n, owner);

    // 5.5 Active stake. An empty stored permit vector does not mask stake.
    let mut active_stake: Vec<I32F32> = (0..n)
        .map(|i| {
            let counted = at(&active, i) && (!permits_given || at(&permit, i));
            if counted { at(&stake, i) } else { ZERO }
        })
        .collect();
    math::normalize(&mut active_stake);

    // 5.6 Weights.
    let weights = Weights::load(input, n, &permit, owner);

    // 5.7 Consensus (and the ranks of 5.9, computed from the same column buckets).
    let kappa = math::safe_div(I32F32::from_num(hp.kappa), u16_max);
    let (consensus, mut incentive) = median::consensus_and_ranks(&weights, &active_stake, n, kappa);

    // 5.9 Incentive: the ranks, normalised.
    math::normalize(&mut incentive);

    // 5.10 Weights used for bonds.
    let beta = math::safe_div(I32F32::from_num(hp.bonds_penalty), u16_max);
    let bond_weights = BondWeights::new(&weights, &consensus, beta);

    // 5.11 / 5.13 Bonds and dividends.
    let last_tempo = if input.last_epoch_block == 0 {
        blk.saturating_sub(u64::from(hp.tempo))
    } else {
        input.last_epoch_block.saturating_add(1)
    };
    let ctx = bonds::BondContext {
        n,
        bonds: &input.bonds_sparse,
        keep_col: (0..n).map(|j| last_tempo > at(&input.block_at_registration, j)).collect(),
        bond_weights: &bond_weights,
        consensus: &consensus,
        incentive: &incentive,
        active_stake: &active_stake,
        ema_alpha: fixed_ema_alpha(hp.bonds_moving_average),
    };
    let (dividends, new_bonds, bond_weight_sums) = if hp.yuma3 {
        let liquid = hp.liquid_alpha.then(|| {
            math::LiquidAlpha::new(hp.alpha_low, hp.alpha_high, hp.alpha_sigmoid_steepness)
        });
        let (dividends, bonds, sums) = bonds::yuma3(&ctx, liquid.as_ref());
        (dividends, bonds, Some(sums))
    } else {
        let (dividends, bonds) = bonds::classic(&ctx);
        (dividends, bonds, None)
    };

    // 5.8 Validator trust: the row sums of W̄. With the default bonds penalty W_b is W̄ and
    // the bond pass has already summed its rows.
    let validator_trust = match (&bond_weights, bond_weight_sums) {
        (BondWeights::Clipped(..), Some(sums)) => sums,
        _ => weights.validator_trust(&consensus),
    };

    // 5.15 Bonds written back.
    let bonds_u16: Vec<SparseRow> = (0..n)
        .map(|i| {
            if at(&new_permits, i) {
                let (cols, vals) = new_bonds.row(i);
                cols.iter().zip(vals).map(|(c, v)| (*c, math::proportion_to_u16(*v))).collect()
            } else if at(&permit, i) {
                Vec::new()
            } else {
                input.bonds_sparse.get(i).cloned().unwrap_or_default()
            }
        })
        .collect();

    // 5.14 Emission.
    let combined: Vec<I32F32> =
        incentive.iter().zip(&dividends).map(|(a, b)| a.saturating_add(*b)).collect();
    let total = math::sum(&combined);
    let mut server = incentive.clone();
    math::normalize_by(&mut server, total);
    let mut validator = dividends.clone();
    math::normalize_by(&mut validator, total);
    let mut combined_norm = combined;
    math::normalize(&mut combined_norm);
    if total == ZERO {
        let fallback = if active_stake.iter().all(|s| *s == ZERO) { &stake } else { &active_stake };
        validator.clone_from(fallback);
        combined_norm.clone_from(fallback);
    }
    let rao = |v: &[I32F32]| -> Vec<u64> {
        v.iter().map(|x| math::share_of_rao(*x, input.emission)).collect()
    };
    let to_u16 =
        |v: &[I32F32]| -> Vec<u16> { v.iter().map(|x| math::proportion_to_u16(*x)).collect() };

    EpochOutput {
        active,
        new_validator_permits: new_permits,
        stake_weight_u16: to_u16(&stake),
        consensus_u16: to_u16(&consensus),
        incentive_u16: to_u16(&incentive),
        dividends_u16: to_u16(&dividends),
        validator_trust_u16: to_u16(&validator_trust),
        bonds_u16,
        server_emission: rao(&server),
        validator_emission: rao(&validator),
        emission: rao(&combined_norm),
    }
}

/// `1 - bonds_moving_average / 1e6`: the quotient in I64F64, truncated to I32F32.
fn fixed_ema_alpha(bonds_moving_average: u64) -> I32F32 {
    let bma = I64F64::saturating_from_num(bonds_moving_average)
        .saturating_div(I64F64::saturating_from_num(1_000_000u64));
    ONE.saturating_sub(I32F32::saturating_from_num(bma))
}

/// Section 5.3: `alpha + tao_weight * tao` in I64F64, the stake threshold (owner exempt),
/// normalisation in I64F64 and truncation to I32F32.
fn stake_vector(input: &EpochInput, n: usize, owner: Option<usize>) -> Vec<I32F32> {
    let hp = &input.hyperparameters;
    let tao_weight = math::tao_weight(hp.tao_weight_raw);
    let mut total: Vec<I64F64> = (0..n)
        .map(|i| {
            let alpha = I64F64::saturating_from_num(at(&input.stake, i));
            let tao = I64F64::saturating_from_num(at(&input.tao_stake, i));
            let s = alpha.saturating_add(tao.saturating_mul(tao_weight));
            if owner != Some(i) && s.saturating_to_num::<u64>() < hp.stake_threshold {
                I64F64::from_bits(0)
            } else {
                s
            }
        })
        .collect();
    math::normalize_64(&mut total);
    total.into_iter().map(I32F32::saturating_from_num).collect()
}
