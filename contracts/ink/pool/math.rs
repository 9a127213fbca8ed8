//! The integer rules of the constant-product pool and of the moving price, rule for rule as
//! `tao_economics::pool::{math, ema}` and `PoolMath.sol` (spec/economics.md §3.2, §3.3, §3.6).
//!
//! `x` is the alpha reserve, `y` the TAO reserve (both `u64`). Products are exact (`u128`, or
//! [`U256`] where they need more), every division floors, so rounding favours the pool. The
//! errors are raised in the native order.

use crate::wide::{sqrt_mul_div, U256};
use crate::Error;

/// RAO per TAO, and the scale of limit prices (RAO per alpha).
pub const RAO_PER_TAO: u64 = 1_000_000_000;
/// Fee rates are parts of this denominator.
pub const FEE_DENOMINATOR: u64 = 65_535;
/// Default swap fee, 33 / 65535.
pub const DEFAULT_FEE_RATE: u16 = 33;
/// Highest fee rate: 10,000 / 65535.
pub const MAX_FEE_RATE: u16 = 10_000;
/// The output-side reserve must hold at least this before a swap draws on it.
pub const MINIMUM_RESERVE: u64 = 1_000_000;
/// The net input may be at most this multiple of the input-side reserve.
pub const MAX_INPUT_RESERVE_MULTIPLIER: u64 = 1_000;
/// 1.0 as `U64F64` bits.
pub const U64F64_ONE: u128 = 1 << 64;
/// 1.0 as `I96F32` bits.
pub const I96F32_ONE: i128 = 1 << 32;

/// One priced swap before it is applied (the native `Quote`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// Taken from the trader (≤ the amount asked for).
    pub gross_in: u64,
    /// `gross_in − net_in`; leaves the pool.
    pub fee: u64,
    /// Enters the input-side reserve.
    pub net_in: u64,
    /// Paid to the trader.
    pub out: u64,
    /// A limit price cut the swap short.
    pub limited: bool,
}

fn mul64(a: u64, b: u64) -> u128 {
    u128::from(a) * u128::from(b)
}

fn clamp64(v: u128) -> u64 {
    u64::try_from(v).unwrap_or(u64::MAX)
}

/// `floor(amount × rate / 65535)`.
pub fn fee_on_input(amount: u64, rate: u16) -> u64 {
    clamp64(mul64(amount, u64::from(rate)) / u128::from(FEE_DENOMINATOR))
}

/// `floor(reserve_out × net_in / (reserve_in + net_in))`; 0 when both are 0.
pub fn constant_product_out(reserve_in: u64, reserve_out: u64, net_in: u64) -> u64 {
    let den = u128::from(reserve_in) + u128::from(net_in);
    mul64(reserve_out, net_in).checked_div(den).map_or(0, clamp64)
}

/// A buy may start: spot `y/x` strictly below `limit / 10^9`.
pub fn buy_allowed_at(tao: u64, alpha: u64, limit: u64) -> bool {
    mul64(tao, RAO_PER_TAO) < mul64(limit, alpha)
}

/// A sell may start: spot `y/x` strictly above `limit / 10^9`.
pub fn sell_allowed_at(tao: u64, alpha: u64, limit: u64) -> bool {
    mul64(tao, RAO_PER_TAO) > mul64(limit, alpha)
}

/// `floor(sqrt(x·y·L / 10^9)) − y`, 0 if negative, clamped to `u64`.
pub fn max_buy_net_to_limit(tao: u64, alpha: u64, limit: u64) -> u64 {
    let k = mul64(alpha, tao);
    let y_at = sqrt_mul_div(k, u128::from(limit), u128::from(RAO_PER_TAO)).unwrap_or(0);
    clamp64(y_at.saturating_sub(u128::from(tao)))
}

/// `floor(sqrt(x·y·10^9 / L)) − x`, 0 if negative, clamped; `u64::MAX` for `L = 0`.
pub fn max_sell_net_to_limit(tao: u64, alpha: u64, limit: u64) -> u64 {
    if limit == 0 {
        return u64::MAX;
    }
    let k = mul64(alpha, tao);
    let x_at = sqrt_mul_div(k, u128::from(RAO_PER_TAO), u128::from(limit)).unwrap_or(0);
    clamp64(x_at.saturating_sub(u128::from(alpha)))
}

/// Prices a buy (TAO in, alpha out).
pub fn quote_buy(
    tao: u64,
    alpha: u64,
    amount: u64,
    rate: u16,
    limit: Option<u64>,
    allow_partial: bool,
) -> Result<Quote, Error> {
    let max_net = match limit {
        Some(l) if !buy_allowed_at(tao, alpha, l) => {
            return Err(Error::PriceLimitExceeded { price: price_rao(tao, alpha), limit: l })
        }
        Some(l) => Some(max_buy_net_to_limit(tao, alpha, l)),
        None => None,
    };
    quote_swap(tao, alpha, amount, rate, max_net, allow_partial)
}

/// Prices a sell (alpha in, TAO out).
pub fn quote_sell(
    tao: u64,
    alpha: u64,
    amount: u64,
    rate: u16,
    limit: Option<u64>,
    allow_partial: bool,
) -> Result<Quote, Error> {
    let max_net = match limit {
        Some(l) if !sell_allowed_at(tao, alpha, l) => {
            return Err(Error::PriceLimitExceeded { price: price_rao(tao, alpha), limit: l })
        }
        Some(l) => Some(max_sell_net_to_limit(tao, alpha, l)),
        None => None,
    };
    quote_swap(alpha, tao, amount, rate, max_net, allow_partial)
}

/// The direction-free core of a swap (the native `quote_swap`), checks in the native order:
/// amount, fee rate, output reserve; fee and net; the limit cut; the input guard, overflow,
/// the output.
pub fn quote_swap(
    reserve_in: u64,
    reserve_out: u64,
    amount: u64,
    rate: u16,
    max_net: Option<u64>,
    allow_partial: bool,
) -> Result<Quote, Error> {
    if amount == 0 {
        return Err(Error::ZeroAmount);
    }
    if rate > MAX_FEE_RATE {
        return Err(Error::InvalidFeeRate(rate));
    }
    if reserve_out < MINIMUM_RESERVE {
        return Err(Error::InsufficientLiquidity {
            reserve: reserve_out,
            required: MINIMUM_RESERVE,
        });
    }
    let mut fee = fee_on_input(amount, rate);
    let mut net = amount.saturating_sub(fee);
    let mut gross = amount;
    let mut limited = false;
    if let Some(max_net) = max_net {
        if net > max_net {
            // 65535 − rate ≥ 55,535 > 0.
            let den = u128::from(FEE_DENOMINATOR - u64::from(rate));
            let fee_on_net = mul64(max_net, u64::from(rate)) / den;
            let max_gross =
                u64::try_from(u128::from(max_net) + fee_on_net).map_err(|_| Error::Overflow)?;
            if !allow_partial {
                return Err(Error::SlippageTooHigh { requested: amount, max_amount: max_gross });
            }
            net = max_net;
            gross = amount.min(max_gross);
            fee = gross.saturating_sub(net);
            limited = true;
        }
    }
    if u128::from(net) > mul64(reserve_in, MAX_INPUT_RESERVE_MULTIPLIER) {
        return Err(Error::InputTooLarge { net_in: net, reserve: reserve_in });
    }
    if reserve_in.checked_add(net).is_none() {
        return Err(Error::Overflow);
    }
    let out = constant_product_out(reserve_in, reserve_out, net);
    if out == 0 {
        return Err(Error::ZeroOutput);
    }
    if out >= reserve_out {
        return Err(Error::InsufficientLiquidity { reserve: reserve_out, required: out });
    }
    Ok(Quote { gross_in: gross, fee, net_in: net, out, limited })
}

/// Spot price in RAO per alpha, `floor(y·10^9 / x)`; 0 for `x = 0`; clamped to `u64`.
pub fn price_rao(tao: u64, alpha: u64) -> u64 {
    mul64(tao, RAO_PER_TAO).checked_div(u128::from(alpha)).map_or(0, clamp64)
}

/// Spot price × 10^18, `floor(y·10^18 / x)`; 0 for `x = 0` (`y·10^18 < 2^124`).
pub fn price_e18(tao: u64, alpha: u64) -> u128 {
    (u128::from(tao) * 1_000_000_000_000_000_000).checked_div(u128::from(alpha)).unwrap_or(0)
}

/// Spot price as `U64F64` bits, `floor(y·2^64 / x)`; 0 for `x = 0`.
pub fn price_u64f64(tao: u64, alpha: u64) -> u128 {
    (u128::from(tao) << 64).checked_div(u128::from(alpha)).unwrap_or(0)
}

// ---------------------------------------------------------------------------- moving price

/// `U64F64` saturating multiply: `floor(a·b / 2^64)`, at most `u128::MAX`.
fn sat_mul(a: u128, b: u128) -> u128 {
    U256::mul(a, b).shr_bits(64).to_u128().unwrap_or(u128::MAX)
}

/// `U64F64::saturating_from_num(I96F32)`: 0 when negative, else `bits × 2^32`, capped.
fn i96f32_to_u64f64(bits: i128) -> u128 {
    if bits <= 0 {
        return 0;
    }
    u128::try_from(bits).map_or(0, |b| b.saturating_mul(1 << 32))
}

/// `α_t = U64F64(moving_alpha) × (b / (b + h))` as `U64F64` bits; the division is a checked
/// one whose failure (zero divisor) gives a ramp of 0.
fn smoothing(blocks_since_start: u64, moving_alpha: i128, halving_blocks: u64) -> u128 {
    let b = u128::from(blocks_since_start) << 64;
    let den = b.saturating_add(u128::from(halving_blocks) << 64);
    // b ≤ den, so the quotient is ≤ 2^64 and fits.
    let ramp = U256::from_u128(b).shl64().checked_div(den).and_then(U256::to_u128).unwrap_or(0);
    sat_mul(i96f32_to_u64f64(moving_alpha), ramp)
}

/// One moving-price step (the native `next_moving_price`), bit for bit:
/// `p̄' = α × min(spot, 1) + (1 − α) × U64F64(prev)`, stored as `I96F32` (`>> 32`).
pub fn next_moving_price(
    prev: i128,
    spot: u128,
    blocks_since_start: u64,
    moving_alpha: i128,
    halving_blocks: u64,
) -> i128 {
    let alpha = smoothing(blocks_since_start, moving_alpha, halving_blocks);
    let one_minus_alpha = U64F64_ONE.saturating_sub(alpha);
    let spot_part = sat_mul(alpha, spot.min(U64F64_ONE));
    let prev_part = sat_mul(one_minus_alpha, i96f32_to_u64f64(prev));
    // A U64F64 shifted right by 32 is below 2^96: always a valid I96F32.
    i128::try_from(spot_part.saturating_add(prev_part) >> 32).unwrap_or(i128::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn spec_buy_example_pays_the_constant_product_output() {
        // x = 10,000 alpha, y = 1,000 TAO, buy 100 TAO at fee 33/65535.
        let (tao, alpha) = (1_000_000_000_000, 10_000_000_000_000);
        let q = quote_buy(tao, alpha, 100_000_000_000, DEFAULT_FEE_RATE, None, false).unwrap();
        assert_eq!(q.fee, 50_354_772);
        assert_eq!(q.net_in, 99_949_645_228);
        assert_eq!(q.out, constant_product_out(tao, alpha, q.net_in));
        assert_eq!(q.out, 908_674_734_899);
    }

    #[test]
    fn limit_cut_lands_at_or_below_the_limit() {
        let (tao, alpha) = (1_000_000_000_000u64, 10_000_000_000_000u64);
        // Spot 0.1 TAO/alpha; limit 0.2.
        let limit = 200_000_000;
        let err = quote_buy(tao, alpha, 10_000_000_000_000, 33, Some(limit), false).unwrap_err();
        assert!(matches!(err, Error::SlippageTooHigh { requested: 10_000_000_000_000, .. }));
        let q = quote_buy(tao, alpha, 10_000_000_000_000, 33, Some(limit), true).unwrap();
        assert!(q.limited);
        assert_eq!(q.net_in, max_buy_net_to_limit(tao, alpha, limit));
        let after = price_rao(tao + q.net_in, alpha - q.out);
        assert!(after <= limit, "{after}");
        assert_eq!(
            quote_buy(tao, alpha, 1, 33, Some(100_000_000), true),
            Err(Error::PriceLimitExceeded { price: 100_000_000, limit: 100_000_000 })
        );
    }

    #[test]
    fn guards_fire_in_the_native_order() {
        assert_eq!(quote_swap(0, 0, 0, 9_999, None, false), Err(Error::ZeroAmount));
        assert_eq!(quote_swap(0, 0, 1, 10_001, None, false), Err(Error::InvalidFeeRate(10_001)));
        assert_eq!(
            quote_swap(5, 999_999, 1, 0, None, false),
            Err(Error::InsufficientLiquidity { reserve: 999_999, required: MINIMUM_RESERVE })
        );
        assert_eq!(
            quote_swap(1, MINIMUM_RESERVE, 1_001, 0, None, false),
            Err(Error::InputTooLarge { net_in: 1_001, reserve: 1 })
        );
        assert_eq!(quote_swap(1 << 40, MINIMUM_RESERVE, 1, 0, None, false), Err(Error::ZeroOutput));
        assert_eq!(
            quote_swap(u64::MAX - 1, MINIMUM_RESERVE, 2, 0, None, false),
            Err(Error::Overflow)
        );
    }

    #[test]
    fn prices_in_three_units() {
        assert_eq!(price_rao(1, 3), 333_333_333);
        assert_eq!(price_rao(2_000, 1_000), 2_000_000_000);
        assert_eq!(price_e18(1, 3), 333_333_333_333_333_333);
        assert_eq!(price_u64f64(1, 2), 1 << 63);
        assert_eq!(price_u64f64(1, 0), 0);
    }

    #[test]
    fn moving_price_ramps_as_the_native_step() {
        // No blocks since start: no move. Spot above 1 is capped at 1.
        assert_eq!(next_moving_price(0, 5 << 64, 0, 12_885, 201_600), 0);
        let a = next_moving_price(0, 5 << 64, 1_000_000, 12_885, 201_600);
        assert_eq!(a, next_moving_price(0, 1 << 64, 1_000_000, 12_885, 201_600));
        assert!(a > 0 && a < I96F32_ONE);
        // The native pinned value: from 0 with spot 1, 50,400 blocks give 0.0161061959…
        let mut ema = 0;
        for b in 1..=50_400u64 {
            ema = next_moving_price(ema, U64F64_ONE, b, 12_885, 201_600);
        }
        assert_eq!((ema * 10_000_000_000) >> 32, 161_061_959);
    }
}
