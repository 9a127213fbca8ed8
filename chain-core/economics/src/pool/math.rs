//! Pure integer formulas of the constant-product pool (spec §3.2, §3.3).
//!
//! Conventions: `x` is the alpha reserve (alpha-RAO), `y` the TAO reserve (RAO); prices are TAO
//! per alpha; limit prices are RAO per alpha (`price × 10^9`, a `u64`). Every output is floored,
//! so rounding always favours the pool; every product is taken exactly (u128 or 256-bit).

use super::super::supply::RAO_PER_TAO;
use super::super::wide::{mul_div_floor, mul64, sqrt_mul_div};
use super::{PoolError, Reserves};

/// Fee rates (and other `u16` ratios) are parts of this denominator.
pub const FEE_DENOMINATOR: u64 = 65_535;
/// Default swap fee: 33 / 65535 ≈ 0.0504 % of the input.
pub const DEFAULT_FEE_RATE: u16 = 33;
/// Highest fee rate root may set: 10,000 / 65535 ≈ 15.26 %.
pub const MAX_FEE_RATE: u16 = 10_000;
/// The output-side reserve must hold at least this much before a swap draws on it.
pub const MINIMUM_RESERVE: u64 = 1_000_000;
/// The net input of a swap may be at most this multiple of the input-side reserve.
pub const MAX_INPUT_RESERVE_MULTIPLIER: u64 = 1_000;
/// Default buy limit when a caller gives none: 10^15 RAO/α (10^6 TAO per alpha).
pub const DEFAULT_MAX_BUY_PRICE: u64 = 1_000_000_000_000_000;
/// Default sell limit when a caller gives none: 1,000 RAO/α (10^-6 TAO per alpha).
pub const DEFAULT_MIN_SELL_PRICE: u64 = 1_000;

/// One priced swap before it is applied: what the trader pays and gets.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Quote {
    /// Gross input taken from the trader (≤ the amount asked for).
    pub gross_in: u64,
    /// Fee in input units (`gross_in − net_in`); it leaves the pool for the block author.
    pub fee: u64,
    /// Input that enters the pool reserve.
    pub net_in: u64,
    /// Output paid to the trader.
    pub out: u64,
    /// True when a limit price cut the swap short (partial fill).
    pub limited: bool,
}

/// Fee charged on a gross input: `floor(amount × rate / 65535)`.
pub fn fee_on_input(amount: u64, fee_rate: u16) -> u64 {
    // amount × rate < 2^80; the quotient is ≤ amount.
    mul64(amount, u64::from(fee_rate)).checked_div(u128::from(FEE_DENOMINATOR)).map_or(0, clamp_u64)
}

/// Fee charged on a net input when a swap is cut at a limit:
/// `floor(net × rate / (65535 − rate))` (spec §3.3). `None` for an invalid rate.
pub fn fee_on_net(net: u64, fee_rate: u16) -> Option<u64> {
    let den = FEE_DENOMINATOR.checked_sub(u64::from(fee_rate)).filter(|d| *d > 0)?;
    u64::try_from(mul64(net, u64::from(fee_rate)).checked_div(u128::from(den))?).ok()
}

/// Constant-product output: `floor(reserve_out × net_in / (reserve_in + net_in))`.
/// Returns 0 when both the reserve and the input are 0.
pub fn constant_product_out(reserve_in: u64, reserve_out: u64, net_in: u64) -> u64 {
    // Two u64 values never overflow a u128; a zero denominator means an empty swap.
    let den = u128::from(reserve_in).saturating_add(u128::from(net_in));
    // reserve_out × net_in < 2^128, and the quotient is ≤ reserve_out.
    mul64(reserve_out, net_in).checked_div(den).map_or(0, clamp_u64)
}

/// Whether a buy may start: the spot price `y/x` is strictly below `limit / 10^9`.
pub fn buy_allowed_at(r: Reserves, limit_rao_per_alpha: u64) -> bool {
    mul64(r.tao_rao, RAO_PER_TAO) < mul64(limit_rao_per_alpha, r.alpha_rao)
}

/// Whether a sell may start: the spot price `y/x` is strictly above `limit / 10^9`.
pub fn sell_allowed_at(r: Reserves, limit_rao_per_alpha: u64) -> bool {
    mul64(r.tao_rao, RAO_PER_TAO) > mul64(limit_rao_per_alpha, r.alpha_rao)
}

/// Largest net TAO a buy may add before the spot price would exceed the limit:
/// `floor(sqrt(x·y·L / 10^9)) − y` (0 if already at or above it). After adding exactly this
/// much, the post-trade price is ≤ `L / 10^9`.
pub fn max_buy_net_to_limit(r: Reserves, limit_rao_per_alpha: u64) -> u64 {
    let k = mul64(r.alpha_rao, r.tao_rao);
    let y_at_limit =
        sqrt_mul_div(k, u128::from(limit_rao_per_alpha), u128::from(RAO_PER_TAO)).unwrap_or(0);
    clamp_u64(y_at_limit.saturating_sub(u128::from(r.tao_rao)))
}

/// Largest net alpha a sell may add before the spot price would fall below the limit:
/// `floor(sqrt(x·y·10^9 / L)) − x` (0 if already at or below it; `u64::MAX` for `L = 0`).
/// After adding exactly this much, the post-trade price is ≥ `L / 10^9`.
pub fn max_sell_net_to_limit(r: Reserves, limit_rao_per_alpha: u64) -> u64 {
    if limit_rao_per_alpha == 0 {
        return u64::MAX;
    }
    let k = mul64(r.alpha_rao, r.tao_rao);
    let x_at_limit =
        sqrt_mul_div(k, u128::from(RAO_PER_TAO), u128::from(limit_rao_per_alpha)).unwrap_or(0);
    clamp_u64(x_at_limit.saturating_sub(u128::from(r.alpha_rao)))
}

/// Gross input that reaches the limit exactly: `max_net + fee_on_net(max_net)` (spec §3.3,
/// the `max_amount` of `add_stake_limit` / `remove_stake_limit`).
pub fn max_gross_for_net(max_net: u64, fee_rate: u16) -> Option<u64> {
    max_net.checked_add(fee_on_net(max_net, fee_rate)?)
}

/// Prices a buy (TAO in, alpha out) on reserves `r`. See [`quote_swap`] for the rules.
pub fn quote_buy(
    r: Reserves,
    tao_in: u64,
    fee_rate: u16,
    limit_rao_per_alpha: Option<u64>,
    allow_partial: bool,
) -> Result<Quote, PoolError> {
    let max_net = match limit_rao_per_alpha {
        Some(limit) => {
            if !buy_allowed_at(r, limit) {
                return Err(PoolError::PriceLimitExceeded {
                    price_rao_per_alpha: price_rao_per_alpha(r),
                    limit_rao_per_alpha: limit,
                });
            }
            Some(max_buy_net_to_limit(r, limit))
        }
        None => None,
    };
    quote_swap(r.tao_rao, r.alpha_rao, tao_in, fee_rate, max_net, allow_partial)
}

/// Prices a sell (alpha in, TAO out) on reserves `r`. See [`quote_swap`] for the rules.
pub fn quote_sell(
    r: Reserves,
    alpha_in: u64,
    fee_rate: u16,
    limit_rao_per_alpha: Option<u64>,
    allow_partial: bool,
) -> Result<Quote, PoolError> {
    let max_net = match limit_rao_per_alpha {
        Some(limit) => {
            if !sell_allowed_at(r, limit) {
                return Err(PoolError::PriceLimitExceeded {
                    price_rao_per_alpha: price_rao_per_alpha(r),
                    limit_rao_per_alpha: limit,
                });
            }
            Some(max_sell_net_to_limit(r, limit))
        }
        None => None,
    };
    quote_swap(r.alpha_rao, r.tao_rao, alpha_in, fee_rate, max_net, allow_partial)
}

/// The direction-free core of a swap.
///
/// 1. `amount > 0`, a valid fee rate, and `reserve_out ≥ MINIMUM_RESERVE`.
/// 2. `fee = floor(amount × rate / 65535)`, `net = amount − fee`.
/// 3. With a limit (`max_net`), if `net > max_net` the full swap would cross it: fail with
///    `SlippageTooHigh` unless `allow_partial`; otherwise execute `net = max_net` and charge
///    `gross = min(amount, max_net + floor(max_net × rate / (65535 − rate)))`, `fee = gross − net`.
/// 4. `net ≤ 1000 × reserve_in`; `out = floor(reserve_out × net / (reserve_in + net)) > 0`.
pub fn quote_swap(
    reserve_in: u64,
    reserve_out: u64,
    amount: u64,
    fee_rate: u16,
    max_net: Option<u64>,
    allow_partial: bool,
) -> Result<Quote, PoolError> {
    if amount == 0 {
        return Err(PoolError::ZeroAmount);
    }
    if fee_rate > MAX_FEE_RATE {
        return Err(PoolError::InvalidFeeRate(fee_rate));
    }
    if reserve_out < MINIMUM_RESERVE {
        return Err(PoolError::InsufficientLiquidity {
            reserve: reserve_out,
            required: MINIMUM_RESERVE,
        });
    }
    let mut fee = fee_on_input(amount, fee_rate);
    // fee ≤ amount (rate ≤ 65535).
    let mut net = amount.saturating_sub(fee);
    let mut gross = amount;
    let mut limited = false;
    if let Some(max_net) = max_net
        && net > max_net
    {
        let max_gross = max_gross_for_net(max_net, fee_rate).ok_or(PoolError::Overflow)?;
        if !allow_partial {
            return Err(PoolError::SlippageTooHigh { requested: amount, max_amount: max_gross });
        }
        net = max_net;
        gross = amount.min(max_gross);
        fee = gross.saturating_sub(net);
        limited = true;
    }
    let max_in = mul64(reserve_in, MAX_INPUT_RESERVE_MULTIPLIER);
    if u128::from(net) > max_in {
        return Err(PoolError::InputTooLarge { net_in: net, reserve: reserve_in });
    }
    if reserve_in.checked_add(net).is_none() {
        return Err(PoolError::Overflow);
    }
    let out = constant_product_out(reserve_in, reserve_out, net);
    if out == 0 {
        return Err(PoolError::ZeroOutput);
    }
    if out >= reserve_out {
        return Err(PoolError::InsufficientLiquidity { reserve: reserve_out, required: out });
    }
    Ok(Quote { gross_in: gross, fee, net_in: net, out, limited })
}

/// Spot price in RAO per alpha, `floor(y × 10^9 / x)` (0 for an empty alpha reserve,
/// saturating at `u64::MAX`).
pub fn price_rao_per_alpha(r: Reserves) -> u64 {
    if r.alpha_rao == 0 {
        return 0;
    }
    mul64(r.tao_rao, RAO_PER_TAO).checked_div(u128::from(r.alpha_rao)).map_or(0, clamp_u64)
}

/// Spot price scaled by 10^18 (the alpha precompile's `getAlphaPrice` unit),
/// `floor(y × 10^18 / x)`; 0 for an empty alpha reserve.
pub fn price_e18(r: Reserves) -> u128 {
    mul_div_floor(u128::from(r.tao_rao), 1_000_000_000_000_000_000, u128::from(r.alpha_rao))
        .unwrap_or(0)
}

/// 2^64, the scale of a `U64F64`.
const U64F64_ONE: u128 = 1 << 64;

/// Spot price as the bits of the real chain's `U64F64` (`price = y / x` in fixed point with
/// 64 fractional bits, truncated): `floor(y × 2^64 / x)`; 0 for an empty alpha reserve.
pub fn price_u64f64_bits(r: Reserves) -> u128 {
    // y < 2^64, so y × 2^64 < 2^128.
    mul_div_floor(u128::from(r.tao_rao), U64F64_ONE, u128::from(r.alpha_rao)).unwrap_or(0)
}

/// A `U64F64` price (its bits) in the unit and precision the real chain's alpha precompile
/// returns: `price × 10^9` truncated to whole RAO per alpha (saturating at `u64::MAX`), then
/// scaled to wei (× 10^9). The result is always a multiple of 10^9.
pub fn u64f64_price_to_wei(bits: u128) -> u128 {
    let rao = mul_div_floor(bits, u128::from(RAO_PER_TAO), U64F64_ONE).map_or(u64::MAX, clamp_u64);
    mul64(rao, RAO_PER_TAO)
}

/// An `I96F32` moving price (its non-negative bits) as `U64F64` bits, saturating, as the real
/// chain's `U64F64::saturating_from_num` converts it.
pub fn i96f32_bits_to_u64f64(bits: u128) -> u128 {
    bits.saturating_mul(1 << 32)
}

fn clamp_u64(v: u128) -> u64 {
    u64::try_from(v).unwrap_or(u64::MAX)
}
