//! A minimal unsigned 256-bit integer for the few products in the economics that do not fit in
//! `u128` (pool invariant × limit price, share mantissa products). Only what the models need:
//! full `u128 × u128` products, division by a `u128`, comparison and the integer square root.
//! Everything is exact and non-panicking.
//!
//! The limb arithmetic below is the one place the economics use plain operators: every
//! partial product and sum is bounded in the comment next to it, so none can overflow.
#![allow(clippy::arithmetic_side_effects)]

/// An unsigned 256-bit integer as two `u128` halves. Field order makes the derived `Ord`
/// compare the high half first, which is the numeric order.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
pub(crate) struct U256 {
    hi: u128,
    lo: u128,
}

const LOW64: u128 = u64::MAX as u128;

/// The exact product of two `u64` values: `(2^64 - 1)^2 < 2^128`, so it never overflows.
pub(crate) const fn mul64(a: u64, b: u64) -> u128 {
    (a as u128) * (b as u128)
}

impl U256 {
    /// The exact product of two `u128` values (never overflows 256 bits).
    pub(crate) fn mul(a: u128, b: u128) -> Self {
        let (a1, a0) = (a >> 64, a & LOW64);
        let (b1, b0) = (b >> 64, b & LOW64);
        // Each partial product of two 64-bit halves fits in u128.
        let p00 = a0 * b0;
        let p01 = a0 * b1;
        let p10 = a1 * b0;
        let p11 = a1 * b1;
        // Middle column: up to three 64-bit pieces, sum fits in u128 with room for carries.
        let mid = (p00 >> 64) + (p01 & LOW64) + (p10 & LOW64);
        let lo = (p00 & LOW64) | ((mid & LOW64) << 64);
        let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
        Self { hi, lo }
    }

    /// `self / d` and `self % d`; `None` when `d == 0`.
    pub(crate) fn div_rem(self, d: u128) -> Option<(Self, u128)> {
        if d == 0 {
            return None;
        }
        let q_hi = self.hi / d;
        let mut r = self.hi % d;
        // Long division of (r:lo) by d, one bit at a time; r < d keeps the quotient in u128.
        let mut q_lo: u128 = 0;
        for i in (0..128).rev() {
            let carry = r >> 127;
            r = (r << 1) | ((self.lo >> i) & 1);
            q_lo <<= 1;
            if carry == 1 || r >= d {
                r = r.wrapping_sub(d);
                q_lo |= 1;
            }
        }
        Some((Self { hi: q_hi, lo: q_lo }, r))
    }

    /// The value as a `u128`, if it fits.
    pub(crate) fn to_u128(self) -> Option<u128> {
        if self.hi == 0 { Some(self.lo) } else { None }
    }

    /// `floor(sqrt(self))`; always fits in `u128`.
    pub(crate) fn isqrt(self) -> u128 {
        let mut root: u128 = 0;
        for bit in (0..128).rev() {
            let cand = root | (1u128 << bit);
            if Self::mul(cand, cand) <= self {
                root = cand;
            }
        }
        root
    }
}

/// `floor(a * b / d)`; `None` if `d == 0` or the quotient does not fit in `u128`.
pub(crate) fn mul_div_floor(a: u128, b: u128, d: u128) -> Option<u128> {
    U256::mul(a, b).div_rem(d).and_then(|(q, _)| q.to_u128())
}

/// `floor(sqrt(a * b / d))`, with the product and quotient taken exactly in 256 bits.
/// `None` if `d == 0`.
pub(crate) fn sqrt_mul_div(a: u128, b: u128, d: u128) -> Option<u128> {
    U256::mul(a, b).div_rem(d).map(|(q, _)| q.isqrt())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mul_matches_u128_when_small() {
        for (a, b) in [(0u128, 5u128), (7, 9), (u64::MAX as u128, u64::MAX as u128)] {
            assert_eq!(U256::mul(a, b).to_u128(), a.checked_mul(b));
        }
    }

    #[test]
    fn mul_div_round_trips_at_the_top() {
        let a = u128::MAX;
        let b = u128::MAX - 12345;
        assert_eq!(mul_div_floor(a, b, b), Some(a));
        assert_eq!(mul_div_floor(a, b, a), Some(b));
        assert_eq!(mul_div_floor(a, b, 1), None);
        assert_eq!(mul_div_floor(a, b, 0), None);
        assert_eq!(mul_div_floor(10, 10, 3), Some(33));
    }

    #[test]
    fn isqrt_exact_and_floor() {
        assert_eq!(U256::mul(0, 0).isqrt(), 0);
        assert_eq!(U256::mul(15, 1).isqrt(), 3);
        assert_eq!(U256::mul(4, 4).isqrt(), 4);
        let big = u128::MAX - 3;
        assert_eq!(U256::mul(big, big).isqrt(), big);
        let mut n = U256::mul(big, big);
        n = n.div_rem(1).map(|(q, _)| q).unwrap_or_default();
        assert_eq!(n.isqrt(), big);
        assert_eq!(sqrt_mul_div(big, big - 1, 1), Some(big - 1));
    }
}
