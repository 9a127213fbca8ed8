//! Fixed-point helpers with the exact rounding of the real chain.
//!
//! Every value is a `substrate_fixed` number. Where a hot loop divides many numbers by one
//! divisor, [`FixedDiv`] replaces the 128-bit division by a multiply with a precomputed
//! reciprocal and an exact correction step. The quotient is the same integer, so the result
//! is bit-identical; the tests check it against the library's own division.

use substrate_fixed::types::{I32F32, I64F64, I96F32, U96F32};

/// 0 as I32F32.
pub(super) const ZERO: I32F32 = I32F32::from_bits(0);
/// 1 as I32F32.
pub(super) const ONE: I32F32 = I32F32::from_bits(1 << 32);
/// Raw bits of 1.0 in I32F32.
const ONE_BITS: i64 = 1 << 32;

/// Exact `floor(n / d)` for every `u64` numerator, by one widening multiply and one
/// correction step.
///
/// With `r = floor((2^64 - 1) / d)`, the estimate `q' = floor(n * r / 2^64)` satisfies
/// `n/d - 1 < q' <= n/d` (because `r >= (2^64 - d) / d` and `n < 2^64`), so `q'` is the
/// quotient or one below it, and one comparison of the remainder fixes it.
#[derive(Clone, Copy, Debug)]
pub(super) struct Divider {
    d: u64,
    r: u64,
}

impl Divider {
    /// Builds the reciprocal of `d`; `None` if `d` is 0.
    pub(super) fn new(d: u64) -> Option<Self> {
        Some(Self { d, r: u64::MAX.checked_div(d)? })
    }

    /// `floor(n / d)`.
    #[inline]
    #[allow(
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )] // bit-exact kernel: bounds in the comments
    pub(super) fn div(&self, n: u64) -> u64 {
        let q = ((u128::from(n) * u128::from(self.r)) >> 64) as u64;
        // q <= n / d, so the remainder does not underflow.
        let rem = n - q * self.d;
        q + u64::from(rem >= self.d)
    }
}

/// Divides I32F32 numbers by one fixed divisor, bit-identical to `I32F32::saturating_div`.
#[derive(Clone, Copy, Debug)]
pub(super) struct FixedDiv {
    divisor: I32F32,
    fast: Option<Divider>,
}

impl FixedDiv {
    /// Prepares division by `divisor` (any value; the fast path needs it positive).
    pub(super) fn new(divisor: I32F32) -> Self {
        let bits = divisor.to_bits();
        let fast = u64::try_from(bits).ok().filter(|b| *b > 0).and_then(Divider::new);
        Self { divisor, fast }
    }

    /// `a / divisor` with the library's truncation and saturation.
    #[inline]
    #[allow(
        clippy::arithmetic_side_effects,
        clippy::cast_possible_truncation,
        clippy::cast_sign_loss
    )] // bit-exact kernel: bounds in the comments
    pub(super) fn div(&self, a: I32F32) -> I32F32 {
        let bits = a.to_bits();
        if let Some(d) = &self.fast
            && (0..ONE_BITS).contains(&bits)
        {
            // The quotient of I32F32 is trunc((a_bits << 32) / d_bits); here the shifted
            // numerator fits in u64.
            let q = d.div((bits as u64) << 32);
            if q <= i64::MAX as u64 {
                return I32F32::from_bits(q as i64);
            }
        }
        a.saturating_div(self.divisor)
    }
}

/// `a + b` on the raw bits. Every sum in the epoch adds at most 65535 values of at most
/// 1.0 (or raw u16 integers), far below the I32F32 range, so this equals the chain's
/// saturating (or checked) addition; it is written wrapping to keep the hot loops free of
/// the saturation logic.
#[inline]
pub(super) fn add(a: I32F32, b: I32F32) -> I32F32 {
    I32F32::from_bits(a.to_bits().wrapping_add(b.to_bits()))
}

/// `min(a, b)` compiled without a branch: in the clipping loops the comparison is random
/// and a mispredicted branch would cost more than the whole element.
#[inline]
pub(super) fn min(a: I32F32, b: I32F32) -> I32F32 {
    std::hint::select_unpredictable(b < a, b, a)
}

/// `a * b` in I32F32: `floor(a * b / 2^32)` of the exact product, saturating, the same bits
/// as `I32F32::saturating_mul` with a single 64x64-bit multiply.
#[inline]
#[allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation, clippy::cast_sign_loss)] // bit-exact kernel: bounds in the comments
pub(super) fn mul(a: I32F32, b: I32F32) -> I32F32 {
    let (x, y) = (a.to_bits(), b.to_bits());
    if (x | y) >= 0 {
        // Both non-negative, the case of every hot loop: an unsigned product, which fits
        // in i64 after the shift iff its bits above 2^95 are clear.
        let p = u128::from(x as u64) * u128::from(y as u64);
        return if ((p >> 64) as u64) >> 31 == 0 {
            I32F32::from_bits((p >> 32) as u64 as i64)
        } else {
            I32F32::from_bits(i64::MAX)
        };
    }
    let p = (i128::from(x) * i128::from(y)) >> 32;
    match i64::try_from(p) {
        Ok(bits) => I32F32::from_bits(bits),
        Err(_) if p < 0 => I32F32::from_bits(i64::MIN),
        Err(_) => I32F32::from_bits(i64::MAX),
    }
}

/// `v / 65535` as I32F32, exactly as the chain's `u16_proportion_to_fixed` (truncated
/// quotient). Since `2^32 = 65535 * 65537 + 1`, `floor(v * 2^32 / 65535)` is
/// `v * 65537 + floor(v / 65535)`.
#[inline]
#[allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation, clippy::cast_sign_loss)] // bit-exact kernel: bounds in the comments
pub(super) fn u16_proportion(v: u16) -> I32F32 {
    let v = i64::from(v);
    I32F32::from_bits(v * 65537 + v / 65535)
}

/// `floor(x * 65535)` clamped to `0..=65535`, the chain's `fixed_proportion_to_u16`.
#[inline]
#[allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation, clippy::cast_sign_loss)] // bit-exact kernel: bounds in the comments
pub(super) fn proportion_to_u16(x: I32F32) -> u16 {
    let bits = x.to_bits();
    if bits <= 0 {
        return 0;
    }
    let scaled = (u128::from(bits as u64) * 65535) >> 32;
    if scaled > 65535 { u16::MAX } else { scaled as u16 }
}

/// Divides every element by the sum; leaves the vector alone when the sum is 0.
pub(super) fn normalize(x: &mut [I32F32]) {
    let sum = sum(x);
    if sum == ZERO {
        return;
    }
    let d = FixedDiv::new(sum);
    x.iter_mut().for_each(|v| *v = d.div(*v));
}

/// Divides every element by `sum` unless `sum` is 0.
pub(super) fn normalize_by(x: &mut [I32F32], sum: I32F32) {
    if sum == ZERO {
        return;
    }
    let d = FixedDiv::new(sum);
    x.iter_mut().for_each(|v| *v = d.div(*v));
}

/// I64F64 version of [`normalize`].
pub(super) fn normalize_64(x: &mut [I64F64]) {
    let sum = x.iter().fold(I64F64::from_bits(0), |acc, v| acc.saturating_add(*v));
    if sum == I64F64::from_bits(0) {
        return;
    }
    x.iter_mut().for_each(|v| *v = v.saturating_div(sum));
}

/// Exact sum (see [`add`]).
#[inline]
pub(super) fn sum(x: &[I32F32]) -> I32F32 {
    x.iter().fold(ZERO, |acc, v| add(acc, *v))
}

/// `numerator / denominator` with `safe_div` semantics: 0 on a zero divisor.
pub(super) fn safe_div(numerator: I32F32, denominator: I32F32) -> I32F32 {
    if denominator == ZERO { ZERO } else { numerator.saturating_div(denominator) }
}

/// `TaoWeight` raw value as the fraction `raw / u64::MAX` (U96F32 quotient), as I64F64.
pub(super) fn tao_weight(raw: u64) -> I64F64 {
    let w = U96F32::saturating_from_num(raw).saturating_div(U96F32::saturating_from_num(u64::MAX));
    I64F64::saturating_from_num(w)
}

/// `floor(share * rao)` through the exact I96F32 product, the chain's emission conversion.
pub(super) fn share_of_rao(share: I32F32, rao: u64) -> u64 {
    let share = I96F32::saturating_from_num(share);
    share.saturating_mul(I96F32::saturating_from_num(rao)).saturating_to_num::<u64>()
}

/// Top-k permits: a uid keeps a permit iff its stake is non-zero and it is not among the
/// `n - k` smallest stakes (stable ascending sort, so ties go against the lower uid).
pub(super) fn is_topk_nonzero(stake: &[I32F32], k: usize) -> Vec<bool> {
    let n = stake.len();
    let mut result: Vec<bool> = stake.iter().map(|s| *s != ZERO).collect();
    if n < k {
        return result;
    }
    let mut idx: Vec<usize> = (0..n).collect();
    idx.sort_by_key(|&i| stake.get(i).copied().unwrap_or(ZERO));
    for &i in idx.iter().take(n.saturating_sub(k)) {
        if let Some(r) = result.get_mut(i) {
            *r = false;
        }
    }
    result
}

/// `exp(x)` with exactly the bits of `substrate_fixed::transcendental::exp::<I32F32, I32F32>`
/// (a Taylor series with terms 2..31, each term floored after the multiply and truncated
/// after the division by `i`), written with 64-bit divisions so it runs several times faster.
/// `None` where the library returns an error (overflow).
#[allow(clippy::arithmetic_side_effects, clippy::cast_possible_truncation, clippy::cast_sign_loss)] // bit-exact kernel: bounds in the comments
pub(super) fn exp_fixed(x: I32F32) -> Option<I32F32> {
    let bits = x.to_bits();
    if bits == 0 {
        return Some(ONE);
    }
    if bits == ONE_BITS {
        // The library returns its constant e (23 fractional bits) for exactly 1.
        return substrate_fixed::transcendental::exp::<I32F32, I32F32>(x).ok();
    }
    let neg = bits < 0;
    let op = if neg { bits.checked_neg()? } else { bits };
    let mut result = op.checked_add(ONE_BITS)?;
    let mut term = op;
    for i in 2..32i64 {
        // checked_mul: floor(term * op / 2^32), overflow when it leaves i64.
        let prod = i128::from(term).checked_mul(i128::from(op))? >> 32;
        term = i64::try_from(prod).ok()?;
        // checked_div by the integer i: trunc((term << 32) / (i << 32)) = trunc(term / i).
        term /= i;
        result = result.checked_add(term)?;
    }
    if neg {
        // 1 / result: trunc(2^64 / result_bits).
        if result <= 0 {
            return None;
        }
        let q = (1i128 << 64) / i128::from(result);
        return i64::try_from(q).ok().map(I32F32::from_bits);
    }
    Some(I32F32::from_bits(result))
}

/// The chain's `safe_exp`: clamps the exponent to [-20, 20]; an error reads as 0.
pub(super) fn safe_exp(x: I32F32) -> I32F32 {
    let x = x.clamp(I32F32::from_num(-20), I32F32::from_num(20));
    exp_fixed(x).unwrap_or(ZERO)
}

/// Liquid alpha parameters, converted once per epoch.
#[derive(Clone, Copy, Debug)]
pub(super) struct LiquidAlpha {
    /// alpha_low / 65535.
    pub low: I32F32,
    /// alpha_high / 65535.
    pub high: I32F32,
    /// steepness / -100.
    pub slope: I32F32,
}

impl LiquidAlpha {
    /// Converts the hyperparameters.
    pub(super) fn new(alpha_low: u16, alpha_high: u16, steepness: i16) -> Self {
        let u16_max = I32F32::from_num(u16::MAX);
        Self {
            low: safe_div(I32F32::from_num(alpha_low), u16_max),
            high: safe_div(I32F32::from_num(alpha_high), u16_max),
            slope: I32F32::from_num(steepness).saturating_div(I32F32::from_num(-100)),
        }
    }

    /// Per-element EMA factor for consensus `c`, bond-weight `w` and previous bond `b`.
    pub(super) fn alpha(&self, c: I32F32, w: I32F32, b: I32F32) -> I32F32 {
        let diff_buy = clamp(w.saturating_sub(c), ZERO, ONE);
        let diff_sell = clamp(b.saturating_sub(w), ZERO, ONE);
        let d = if w >= b { diff_buy } else { diff_sell };
        let exponent = self.slope.saturating_mul(d.saturating_sub(I32F32::from_bits(1 << 31)));
        let sigmoid = ONE.saturating_div(ONE.saturating_add(safe_exp(exponent)));
        let alpha =
            self.low.saturating_add(sigmoid.saturating_mul(self.high.saturating_sub(self.low)));
        clamp(alpha, self.low, self.high)
    }
}

/// `min(max(v, lo), hi)` without panicking when `lo > hi`.
#[inline]
fn clamp(v: I32F32, lo: I32F32, hi: I32F32) -> I32F32 {
    if v < lo {
        lo
    } else if v > hi {
        hi
    } else {
        v
    }
}
