//! The subnet moving price (spec §3.6), in the chain's fixed-point formats.
//!
//! Once per block, after the coinbase, for each emitting subnet:
//!
//! * `b = now − (FirstEmissionBlock − 1)` (blocks since `start_call`, ≥ 1 on the first update);
//! * `α_t = SubnetMovingAlpha × b / (b + EMAPriceHalvingBlocks)`;
//! * `p̄ ← α_t × min(spot, 1) + (1 − α_t) × p̄`.
//!
//! The arithmetic is done in `U64F64` (64 fractional bits) with the `substrate-fixed` crate's
//! truncating multiply and divide, in the order written above, and the result is stored as
//! `I96F32` (32 fractional bits, truncated), as on the real chain. `SubnetMovingAlpha` is the
//! `I96F32` nearest to 0.000003, i.e. `12885 / 2^32`.

use substrate_fixed::types::{I96F32, U64F64};

/// Bits of the default `SubnetMovingAlpha` as `I96F32`: `12885 / 2^32 ≈ 3.00005e-6`
/// (the `I96F32` value nearest to 0.000003).
pub const DEFAULT_MOVING_ALPHA_BITS: i128 = 12_885;
/// Default `EMAPriceHalvingBlocks`: 201,600 blocks (4 weeks).
pub const DEFAULT_EMA_PRICE_HALVING_BLOCKS: u64 = 201_600;

/// Parameters of the moving-price update.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MovingPriceParams {
    /// `SubnetMovingAlpha`, the steady-state smoothing coefficient per block.
    pub moving_alpha: I96F32,
    /// `EMAPriceHalvingBlocks`: the ramp-in length of the coefficient after `start_call`.
    pub halving_blocks: u64,
}

impl Default for MovingPriceParams {
    fn default() -> Self {
        Self {
            moving_alpha: I96F32::from_bits(DEFAULT_MOVING_ALPHA_BITS),
            halving_blocks: DEFAULT_EMA_PRICE_HALVING_BLOCKS,
        }
    }
}

/// One moving-price step: returns the new `p̄` from the previous one, the spot price (TAO per
/// alpha), and `blocks_since_start = now − (FirstEmissionBlock − 1)`.
///
/// The result is always in `[0, max(prev, 1)]`: the spot is capped at 1 TAO/α, and a fresh
/// subnet that starts at `p̄ ≤ 1` stays in `[0, 1]`.
pub fn next_moving_price(
    prev: I96F32,
    spot: U64F64,
    blocks_since_start: u64,
    params: &MovingPriceParams,
) -> I96F32 {
    let one = U64F64::from_num(1);
    let b = U64F64::from_num(blocks_since_start);
    let ramp = b
        .checked_div(b.saturating_add(U64F64::from_num(params.halving_blocks)))
        .unwrap_or(U64F64::from_num(0));
    let alpha = U64F64::saturating_from_num(params.moving_alpha).saturating_mul(ramp);
    let one_minus_alpha = one.saturating_sub(alpha);
    let spot_part = alpha.saturating_mul(spot.min(one));
    let prev_part = one_minus_alpha.saturating_mul(U64F64::saturating_from_num(prev));
    I96F32::saturating_from_num(spot_part.saturating_add(prev_part))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn default_alpha_is_the_nearest_i96f32_to_3e_minus_6() {
        // The chain builds this constant from the float 0.000003 (round to nearest);
        // float only appears here, to pin the bits.
        assert_eq!(I96F32::from_num(0.000003_f64).to_bits(), DEFAULT_MOVING_ALPHA_BITS);
    }

    #[test]
    fn spot_above_one_is_capped_and_zero_blocks_means_no_move() {
        let p = MovingPriceParams::default();
        let prev = I96F32::from_num(0);
        let spot = U64F64::from_num(5);
        assert_eq!(next_moving_price(prev, spot, 0, &p), prev);
        let after = next_moving_price(prev, spot, 1_000_000, &p);
        assert!(after > prev && after < I96F32::from_num(1));
        // Same step with spot exactly 1 gives the same value: spot is capped at 1.
        assert_eq!(after, next_moving_price(prev, U64F64::from_num(1), 1_000_000, &p));
    }

    /// Spec §2.2: from p̄ = 0 with a constant spot ≥ 1 the EMA reaches 1.6 % after 7 days,
    /// 18.7 % after 30 days and 66 % after 90 days (12 s blocks). The exact values of this
    /// implementation are pinned to 10 decimals.
    #[test]
    fn ramp_from_zero_matches_spec_corollaries() {
        let p = MovingPriceParams::default();
        let mut ema = I96F32::from_num(0);
        let one = U64F64::from_num(1);
        let mut seen = Vec::new();
        for b in 1..=648_000u64 {
            ema = next_moving_price(ema, one, b, &p);
            if [50_400, 216_000, 648_000].contains(&b) {
                seen.push((ema * I96F32::from_num(10_000_000_000i64)).to_num::<i64>());
            }
        }
        // 0.0161061959…, 0.1874165113…, 0.6583244244… (truncated to 10 decimals)
        assert_eq!(seen, vec![161_061_959, 1_874_165_113, 6_583_244_244]);
    }
}
