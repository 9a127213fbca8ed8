//! Tests of the fixed-point helpers against the library's own operations.

#![allow(clippy::unwrap_used)]

use super::math::{self, Divider, FixedDiv, ONE, ZERO};
use substrate_fixed::types::I32F32;

/// A small seeded generator (splitmix64) for reproducible random tests.
pub(super) struct Rng(pub u64);

impl Rng {
    /// Next 64 random bits.
    pub(super) fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform-ish value in `0..bound` (bound > 0).
    pub(super) fn below(&mut self, bound: u64) -> u64 {
        self.next() % bound
    }
}

#[test]
fn divider_matches_integer_division() {
    let mut rng = Rng(1);
    let special = [
        1u64,
        2,
        3,
        5,
        7,
        65535,
        65536,
        1 << 32,
        (1 << 32) + 1,
        u32::MAX as u64,
        1 << 63,
        u64::MAX,
    ];
    for &d in &special {
        let dv = Divider::new(d).unwrap();
        for n in
            [0u64, 1, d - 1, d, d.saturating_add(1), u64::MAX, u64::MAX - 1, 1 << 63, (1 << 48) - 1]
        {
            assert_eq!(dv.div(n), n / d, "n={n} d={d}");
        }
    }
    for _ in 0..200_000 {
        // Divisors of every magnitude.
        let d = (rng.next() >> rng.below(64)).max(1);
        let n = rng.next() >> rng.below(64);
        assert_eq!(Divider::new(d).unwrap().div(n), n / d, "n={n} d={d}");
    }
    assert!(Divider::new(0).is_none());
}

#[test]
fn fixed_div_matches_saturating_div() {
    let mut rng = Rng(2);
    for _ in 0..200_000 {
        let d = I32F32::from_bits((rng.next() >> rng.below(64)) as i64);
        let a = I32F32::from_bits((rng.next() >> rng.below(64)) as i64);
        if d <= ZERO {
            continue;
        }
        assert_eq!(FixedDiv::new(d).div(a), a.saturating_div(d), "a={a} d={d}");
        // Proportions below 1, the hot case.
        let p = I32F32::from_bits((rng.next() >> 32) as i64);
        assert_eq!(FixedDiv::new(d).div(p), p.saturating_div(d), "p={p} d={d}");
    }
    // Tiny divisors overflow and must saturate like the library.
    let tiny = I32F32::from_bits(1);
    let half = I32F32::from_bits(1 << 31);
    assert_eq!(FixedDiv::new(tiny).div(half), half.saturating_div(tiny));
    assert_eq!(FixedDiv::new(tiny).div(half), I32F32::max_value());
    let neg = I32F32::from_num(-3);
    assert_eq!(FixedDiv::new(ONE).div(neg), neg);
}

#[test]
fn u16_proportion_matches_library_for_every_value() {
    let max = I32F32::from_num(u16::MAX);
    for v in 0..=u16::MAX {
        assert_eq!(math::u16_proportion(v), I32F32::from_num(v) / max, "v={v}");
    }
    assert_eq!(math::u16_proportion(65535), ONE);
}

#[test]
fn proportion_to_u16_floors_and_saturates() {
    let mut rng = Rng(3);
    let scale = I32F32::from_num(65535);
    for _ in 0..100_000 {
        let x = I32F32::from_bits((rng.next() >> 30) as i64 - (1 << 32));
        let want = x.saturating_mul(scale).saturating_to_num::<u16>();
        assert_eq!(math::proportion_to_u16(x), want, "x={x}");
    }
    assert_eq!(math::proportion_to_u16(ONE), 65535);
    assert_eq!(math::proportion_to_u16(I32F32::from_num(7)), 65535);
    assert_eq!(math::proportion_to_u16(I32F32::from_num(-1)), 0);
    // 0.5 * 65535 = 32767.5 floors to 32767.
    assert_eq!(math::proportion_to_u16(I32F32::from_num(0.5)), 32767);
}

#[test]
fn exp_replica_matches_library() {
    let lib = |x: I32F32| substrate_fixed::transcendental::exp::<I32F32, I32F32>(x).ok();
    let mut rng = Rng(4);
    let edges = [-20.0, -10.0, -5.0, -1.0, -0.5, 0.0, 0.5, 1.0, 2.0, 5.0, 10.0, 19.999, 20.0];
    for e in edges {
        let x = I32F32::from_num(e);
        assert_eq!(math::exp_fixed(x), lib(x), "x={x}");
        assert!(lib(x).is_some(), "the clamped range never errs: x={x}");
    }
    for _ in 0..20_000 {
        let x = I32F32::from_bits((rng.below(40 << 32)) as i64 - (20 << 32));
        assert_eq!(math::exp_fixed(x), lib(x), "x={x}");
    }
    // Outside the clamp the library may overflow; the replica agrees there too.
    for e in [21.0, 22.0, 30.0, -30.0] {
        let x = I32F32::from_num(e);
        assert_eq!(math::exp_fixed(x), lib(x), "x={x}");
    }
}

#[test]
fn topk_breaks_ties_against_lower_uid() {
    let q = I32F32::from_num(0.25);
    // Stakes [0.25, 0.25, 0.5, 0]: k = 2 keeps uid 2 and, of the tied pair, uid 1.
    let stake = [q, q, I32F32::from_num(0.5), ZERO];
    assert_eq!(math::is_topk_nonzero(&stake, 2), vec![false, true, true, false]);
    // n < k: every non-zero stake.
    assert_eq!(math::is_topk_nonzero(&stake, 5), vec![true, true, true, false]);
    // k = 0: nobody.
    assert_eq!(math::is_topk_nonzero(&stake, 0), vec![false; 4]);
}

#[test]
fn tao_weight_default_is_about_0_0527() {
    let w = math::tao_weight(super::DEFAULT_TAO_WEIGHT_RAW);
    // raw / (2^64 - 1) truncated to 32 fractional bits: floor(0.05267... * 2^32) = 226_245_882.
    assert_eq!(w.to_bits() >> 32, 226_245_882);
}

#[test]
fn mul_matches_saturating_mul() {
    let mut rng = Rng(5);
    for _ in 0..200_000 {
        let a = I32F32::from_bits(
            (rng.next() >> rng.below(64)) as i64 * if rng.below(2) == 0 { 1 } else { -1 },
        );
        let b = I32F32::from_bits(
            (rng.next() >> rng.below(64)) as i64 * if rng.below(2) == 0 { 1 } else { -1 },
        );
        assert_eq!(math::mul(a, b), a.saturating_mul(b), "a={a} b={b}");
    }
    let big = I32F32::max_value();
    assert_eq!(math::mul(big, big), big.saturating_mul(big));
    assert_eq!(math::mul(big, -big), big.saturating_mul(-big));
}
