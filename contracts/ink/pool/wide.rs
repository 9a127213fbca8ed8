//! The few 256-bit integer operations the pool needs, on two `u128` halves: a full product of
//! two `u128`, long division by a `u128`, shifts and the integer square root. No floats, no
//! dependency; every result is exact and floored.

/// An unsigned 256-bit integer: `hi · 2^128 + lo`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub struct U256 {
    /// The high 128 bits.
    pub hi: u128,
    /// The low 128 bits.
    pub lo: u128,
}

const MASK64: u128 = (1 << 64) - 1;

impl U256 {
    /// Zero.
    pub const ZERO: Self = Self { hi: 0, lo: 0 };

    /// A `u128` widened.
    pub const fn from_u128(v: u128) -> Self {
        Self { hi: 0, lo: v }
    }

    /// The exact product `a · b`.
    pub fn mul(a: u128, b: u128) -> Self {
        let (a1, a0) = (a >> 64, a & MASK64);
        let (b1, b0) = (b >> 64, b & MASK64);
        // Each partial product of two 64-bit halves fits a u128.
        let p00 = a0 * b0;
        let p01 = a0 * b1;
        let p10 = a1 * b0;
        let p11 = a1 * b1;
        // Middle column: the carries of p00's high half and the low halves of p01 and p10.
        let mid = (p00 >> 64) + (p01 & MASK64) + (p10 & MASK64);
        let lo = (p00 & MASK64) | (mid << 64);
        let hi = p11 + (p01 >> 64) + (p10 >> 64) + (mid >> 64);
        Self { hi, lo }
    }

    /// The value as a `u128`, or `None` if it is larger.
    pub fn to_u128(self) -> Option<u128> {
        if self.hi == 0 {
            Some(self.lo)
        } else {
            None
        }
    }

    /// Bit `i` (0 = least significant).
    fn bit(self, i: u32) -> bool {
        if i >= 128 {
            (self.hi >> (i - 128)) & 1 == 1
        } else {
            (self.lo >> i) & 1 == 1
        }
    }

    /// `self >> n` for `n < 256`.
    pub fn shr_bits(self, n: u32) -> Self {
        match n {
            0 => self,
            1..=127 => Self { hi: self.hi >> n, lo: (self.lo >> n) | (self.hi << (128 - n)) },
            128..=255 => Self { hi: 0, lo: self.hi >> (n - 128) },
            _ => Self::ZERO,
        }
    }

    fn set_bit(self, i: u32) -> Self {
        if i >= 128 {
            Self { hi: self.hi | (1 << (i - 128)), lo: self.lo }
        } else {
            Self { hi: self.hi, lo: self.lo | (1 << i) }
        }
    }

    fn wrapping_sub(self, o: Self) -> Self {
        let (lo, borrow) = self.lo.overflowing_sub(o.lo);
        Self { hi: self.hi.wrapping_sub(o.hi).wrapping_sub(u128::from(borrow)), lo }
    }

    fn wrapping_add(self, o: Self) -> Self {
        let (lo, carry) = self.lo.overflowing_add(o.lo);
        Self { hi: self.hi.wrapping_add(o.hi).wrapping_add(u128::from(carry)), lo }
    }

    /// Floored quotient by `d`; `None` for `d = 0`.
    pub fn checked_div(self, d: u128) -> Option<Self> {
        if d == 0 {
            return None;
        }
        // Shift-subtract long division; the remainder stays below d < 2^128, and a remainder
        // whose top bit is set before the shift is ≥ 2^128 > d after it.
        let mut q = Self::ZERO;
        let mut r: u128 = 0;
        for i in (0..256).rev() {
            let carry = r >> 127 == 1;
            r = (r << 1) | u128::from(self.bit(i));
            if carry || r >= d {
                r = r.wrapping_sub(d);
                q = q.set_bit(i);
            }
        }
        Some(q)
    }

    /// `floor(sqrt(self))`, exact (digit by digit, two bits per step).
    pub fn isqrt(self) -> u128 {
        let mut n = self;
        let mut res = Self::ZERO;
        // The highest power of four ≤ 2^254.
        let mut bit = Self { hi: 1 << 126, lo: 0 };
        while bit > n {
            bit = bit.shr_bits(2);
        }
        while bit != Self::ZERO {
            let trial = res.wrapping_add(bit);
            if n >= trial {
                n = n.wrapping_sub(trial);
                res = res.shr_bits(1).wrapping_add(bit);
            } else {
                res = res.shr_bits(1);
            }
            bit = bit.shr_bits(2);
        }
        // The root of a 256-bit number is below 2^128.
        res.lo
    }

    /// `self << 64` for values below 2^192 (the top bits are dropped otherwise).
    pub fn shl64(self) -> Self {
        Self { hi: (self.hi << 64) | (self.lo >> 64), lo: self.lo << 64 }
    }
}

/// `floor(sqrt(floor(a · b / d)))`; `None` for `d = 0`.
pub fn sqrt_mul_div(a: u128, b: u128, d: u128) -> Option<u128> {
    U256::mul(a, b).checked_div(d).map(U256::isqrt)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn product_and_division_round_trip() {
        let a = u128::MAX;
        let b = u128::MAX - 12_345;
        let p = U256::mul(a, b);
        assert_eq!(p.checked_div(b), Some(U256::from_u128(a)));
        assert_eq!(p.checked_div(a), Some(U256::from_u128(b)));
        assert_eq!(p.checked_div(0), None);
        assert_eq!(U256::mul(7, 9), U256::from_u128(63));
        assert_eq!(U256::mul(1 << 64, 1 << 64), U256 { hi: 1, lo: 0 });
        assert_eq!(U256::from_u128(100).checked_div(3), Some(U256::from_u128(33)));
    }

    #[test]
    fn square_roots_are_floored_and_exact() {
        assert_eq!(U256::ZERO.isqrt(), 0);
        assert_eq!(U256::from_u128(15).isqrt(), 3);
        assert_eq!(U256::from_u128(16).isqrt(), 4);
        assert_eq!(U256::mul(u128::MAX, u128::MAX).isqrt(), u128::MAX);
        let r: u128 = 0x1234_5678_9abc_def0_1122_3344;
        assert_eq!(U256::mul(r, r).isqrt(), r);
        let just_below = U256::mul(r, r).wrapping_sub(U256::from_u128(1));
        assert_eq!(just_below.isqrt(), r - 1);
        assert_eq!(sqrt_mul_div(10, 10, 1), Some(10));
        assert_eq!(sqrt_mul_div(10, 10, 0), None);
    }
}
