//! [`ShareFloat`]: the decimal floating-point number the real chain stores shares in
//! (spec §4.3, "SafeFloat"), re-implemented from its rules so the share arithmetic rounds
//! exactly as on chain.
//!
//! A value is `mantissa × 10^exponent` with the mantissa normalised into `(10^20, 10^21]`
//! (21 significant digits), or zero (`0 × 10^0`). Every operation truncates:
//!
//! * `mul_div(a, b, c) = a·b/c`: the mantissa product is taken exactly (256-bit), divided and
//!   floored, then normalised (dropping further digits by truncation);
//! * `add` / `sub`: the operand with the smaller exponent is first truncated to the other's
//!   exponent (`m / 10^diff`, floored), then the mantissas are added / subtracted (saturating at
//!   0) and normalised;
//! * conversion to `u64` floors, saturating at `u64::MAX`.

use super::super::wide::U256;

/// Largest normalised mantissa, 10^21.
pub const MAX_MANTISSA: u128 = 1_000_000_000_000_000_000_000;
/// Normalised mantissas are strictly above this, 10^20.
const MIN_MANTISSA: u128 = MAX_MANTISSA / 10;
/// Powers of ten beyond this are capped (every normalised mantissa is below 10^22).
const MAX_POW10_EXP: u64 = 22;

/// A non-negative decimal float with a 21-digit mantissa: the unit of shares.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Hash)]
pub struct ShareFloat {
    mantissa: u128,
    exponent: i64,
}

fn pow10(e: u64) -> u128 {
    // MAX_POW10_EXP keeps the power within u128 (and the cast within u32).
    #[allow(clippy::cast_possible_truncation)]
    10u128.pow(e.min(MAX_POW10_EXP) as u32)
}

/// `m / 10^e`, truncated (the power is never zero).
fn div_pow10(m: u128, e: u64) -> u128 {
    m.checked_div(pow10(e)).unwrap_or(0)
}

impl ShareFloat {
    /// Zero.
    pub const ZERO: Self = Self { mantissa: 0, exponent: 0 };

    /// `mantissa × 10^exponent`, normalised; `None` if the exponent overflows.
    pub fn new(mantissa: u128, exponent: i64) -> Option<Self> {
        Self::normalize(mantissa, exponent)
    }

    fn normalize(mut m: u128, mut e: i64) -> Option<Self> {
        if m == 0 {
            return Some(Self::ZERO);
        }
        while m > MAX_MANTISSA {
            m /= 10;
            e = e.checked_add(1)?;
        }
        while m <= MIN_MANTISSA {
            // m ≤ 10^20 here, far from u128::MAX.
            m = m.saturating_mul(10);
            e = e.checked_sub(1)?;
        }
        Some(Self { mantissa: m, exponent: e })
    }

    /// The mantissa (0 or in `(10^20, 10^21]`).
    pub fn mantissa(&self) -> u128 {
        self.mantissa
    }

    /// The decimal exponent.
    pub fn exponent(&self) -> i64 {
        self.exponent
    }

    /// Whether this is zero.
    pub fn is_zero(&self) -> bool {
        self.mantissa == 0
    }

    /// An exact integer (always representable: `u64` has fewer than 21 digits).
    pub fn from_u64(v: u64) -> Self {
        Self::normalize(u128::from(v), 0).unwrap_or(Self::ZERO)
    }

    /// Floors to an integer, saturating at `u64::MAX`.
    pub fn to_u64(&self) -> u64 {
        if self.mantissa == 0 {
            return 0;
        }
        if self.exponent >= 0 {
            // A normalised mantissa already exceeds u64::MAX.
            let scaled = self.mantissa.checked_mul(pow10(self.exponent.unsigned_abs()));
            return scaled.and_then(|v| u64::try_from(v).ok()).unwrap_or(u64::MAX);
        }
        let q = div_pow10(self.mantissa, self.exponent.unsigned_abs());
        u64::try_from(q).unwrap_or(u64::MAX)
    }

    /// `self × a / b`, truncated; `None` if `b` is zero or the exponent overflows.
    pub fn mul_div(&self, a: &Self, b: &Self) -> Option<Self> {
        if b.mantissa == 0 {
            return None;
        }
        let (q, _) = U256::mul(self.mantissa, a.mantissa).div_rem(b.mantissa)?;
        // Mantissas are ≤ 10^21 and b's is > 10^20, so the quotient is < 10^22.
        let q = q.to_u128()?;
        let e = self.exponent.checked_add(a.exponent)?.checked_sub(b.exponent)?;
        Self::normalize(q, e)
    }

    /// Aligns two non-zero values to the larger exponent, truncating the other mantissa.
    fn align(&self, a: &Self) -> (u128, u128, i64) {
        if self.exponent >= a.exponent {
            let diff = self.exponent.abs_diff(a.exponent);
            (self.mantissa, div_pow10(a.mantissa, diff), self.exponent)
        } else {
            let diff = a.exponent.abs_diff(self.exponent);
            (div_pow10(self.mantissa, diff), a.mantissa, a.exponent)
        }
    }

    /// `self + a`, truncated; `None` if the exponent overflows.
    pub fn add(&self, a: &Self) -> Option<Self> {
        if self.is_zero() {
            return Some(*a);
        }
        if a.is_zero() {
            return Some(*self);
        }
        let (m1, m2, e) = self.align(a);
        // Two mantissas ≤ 10^21 each.
        Self::normalize(m1.saturating_add(m2), e)
    }

    /// `self − a`, truncated and saturating at zero; `None` if `self` is zero and `a` is not.
    pub fn sub(&self, a: &Self) -> Option<Self> {
        if a.is_zero() {
            return Some(*self);
        }
        if self.is_zero() {
            return None;
        }
        let (m1, m2, e) = self.align(a);
        Self::normalize(m1.saturating_sub(m2), e)
    }
}

impl PartialOrd for ShareFloat {
    fn partial_cmp(&self, other: &Self) -> Option<core::cmp::Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for ShareFloat {
    /// Numeric order (normalised values compare by exponent, then mantissa).
    fn cmp(&self, other: &Self) -> core::cmp::Ordering {
        match (self.is_zero(), other.is_zero()) {
            (true, true) => core::cmp::Ordering::Equal,
            (true, false) => core::cmp::Ordering::Less,
            (false, true) => core::cmp::Ordering::Greater,
            _ => self.exponent.cmp(&other.exponent).then(self.mantissa.cmp(&other.mantissa)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integers_round_trip() {
        for v in [0u64, 1, 9, 10, 999, 1_000_000_007, u64::MAX] {
            let f = ShareFloat::from_u64(v);
            assert_eq!(f.to_u64(), v);
            assert!(f.is_zero() || (f.mantissa() > MIN_MANTISSA && f.mantissa() <= MAX_MANTISSA));
        }
        assert_eq!(ShareFloat::from_u64(1).exponent(), -21);
        assert_eq!(ShareFloat::from_u64(1).mantissa(), MAX_MANTISSA);
    }

    #[test]
    fn arithmetic_truncates() {
        let three = ShareFloat::from_u64(3);
        let one = ShareFloat::from_u64(1);
        // 1/3 keeps 21 digits: 0.333…3 (21 threes), truncated.
        let third = one.mul_div(&one, &three).expect("div");
        assert_eq!(third.mantissa(), 333_333_333_333_333_333_333);
        // 3 × (1/3) = 0.999… floors to 0.
        assert_eq!(third.mul_div(&three, &one).expect("mul").to_u64(), 0);
        // Adding a value 22+ digits smaller changes nothing.
        let big = ShareFloat::from_u64(u64::MAX);
        let tiny = ShareFloat::new(1, -10).expect("tiny");
        assert_eq!(big.add(&tiny), Some(big));
        assert_eq!(ShareFloat::ZERO.sub(&one), None);
        assert_eq!(one.sub(&three), Some(ShareFloat::ZERO));
        assert!(three > one && one > ShareFloat::ZERO && tiny < one);
        assert_eq!(one.mul_div(&one, &ShareFloat::ZERO), None);
    }
}
