//! Hand-derived bond scenarios: several epochs of Yuma 3 and classic bonds, the bonds
//! penalty, liquid alpha and the new-registration mask.
//!
//! The expectations restate the spec's formulas with the integer helpers of `tests.rs`
//! (raw I32F32 values as u64, products floored, quotients truncated).

#![allow(clippy::unwrap_used)]

use super::EpochInput;
use super::tests::{ALPHA, KEEP, ONE, fdiv, fmul, input, prop, rao, run, u16_of};
use substrate_fixed::types::I32F32;

/// Validators A (uid 0, stake 3/4) and B (uid 1, stake 1/4); A weights miner 2 only, B
/// splits evenly between miners 2 and 3. As in `minority_validator_is_clipped`:
/// C_2 = 1.0, C_3 = 0, so B's weight on miner 3 is clipped away and its clipped row is
/// {2: 0.5}; validator trust is 1.0 for A and 0.5 (u16 32767) for B. Ranks: R_2 =
/// 0.75 * 1.0 + 0.25 * 0.5 = 0.875, so I_2 = 1.0 and I_3 = 0.
fn two_validators(yuma3: bool) -> EpochInput {
    let mut i = input(vec![3, 1, 0, 0]);
    i.hyperparameters.yuma3 = yuma3;
    i.weights_sparse = vec![vec![(2, 65535)], vec![(2, 1), (3, 1)], vec![], vec![]];
    i
}

/// Yuma 3 over three epochs, feeding the stored bonds back each time.
/// Per epoch, with previous stored bonds u_A, u_B in column 2 (read back as v/65535):
///   b_A = alpha * 1.0 + (1 - alpha) * prop(u_A),  b_B = alpha * 0.5 + (1 - alpha) * prop(u_B);
///   column-normalised: h_X = b_X / (b_A + b_B);
///   dividends before normalising: D_A = (h_A * I_2) * 0.75, D_B = (h_B * I_2) * 0.25;
///   stored: floor(b_X * 65535). Epoch 1 (no previous bonds): b_A = ALPHA = 429 496 730
///   (u16 6553), b_B = floor(ALPHA / 2) = 214 748 365 (u16 3276).
/// Emission: I + D sums to 1 + (d_A + d_B), the validator shares are d_X / sum.
#[test]
fn yuma3_bonds_over_three_epochs() {
    let mut i = two_validators(true);
    let (mut u_a, mut u_b): (Option<u16>, Option<u16>) = (None, None);
    for epoch in 1..=3 {
        let o = run(&i);
        let old = |u: Option<u16>| u.map_or(0, |v| fmul(KEEP, prop(v)));
        let b_a = fmul(ALPHA, ONE) + old(u_a);
        let b_b = fmul(ALPHA, ONE / 2) + old(u_b);
        if epoch == 1 {
            assert_eq!((b_a, b_b), (429_496_730, 214_748_365));
            assert_eq!((u16_of(b_a), u16_of(b_b)), (6553, 3276));
        }
        let sum = b_a + b_b;
        let d_a = fmul(fmul(fdiv(b_a, sum), ONE), 3 << 30);
        let d_b = fmul(fmul(fdiv(b_b, sum), ONE), 1 << 30);
        let (n_a, n_b) = (fdiv(d_a, d_a + d_b), fdiv(d_b, d_a + d_b));
        assert_eq!(o.dividends_u16, vec![u16_of(n_a), u16_of(n_b), 0, 0], "epoch {epoch}");
        assert_eq!(o.validator_trust_u16, vec![65535, 32767, 0, 0]);
        assert_eq!(
            o.bonds_u16,
            vec![vec![(2, u16_of(b_a))], vec![(2, u16_of(b_b))], vec![], vec![]]
        );
        let z = ONE + n_a + n_b;
        let e = i.emission;
        assert_eq!(o.server_emission, vec![0, 0, rao(fdiv(ONE, z), e), 0]);
        assert_eq!(o.validator_emission, vec![rao(fdiv(n_a, z), e), rao(fdiv(n_b, z), e), 0, 0]);
        assert!(o.server_emission.iter().chain(&o.validator_emission).sum::<u64>() <= e);
        (u_a, u_b) = (Some(u16_of(b_a)), Some(u16_of(b_b)));
        i.bonds_sparse = o.bonds_u16;
    }
    // After three epochs the bonds are about 1 - 0.9^3 = 0.271 of their targets 1.0 and
    // 0.5 (each step floors, so A ends one below floor(0.271 * 65535) = 17760).
    assert_eq!((u_a, u_b), (Some(17759), Some(8879)));
}

/// Classic bonds over three epochs. Purchases are stake-weighted and column-normalised:
/// A buys 1.0 * 0.75 and B 0.5 * 0.25 = 0.125 in column 2, i.e. 6/7 and 1/7 of it:
/// floor(2^32 * 6/7) = 3 681 400 539 and floor(2^32 / 7) = 613 566 756.
/// Previous bonds are the stored integers, column-normalised: p_X = u_X / (u_A + u_B).
/// EMA: e_X = alpha * purchase_X + (1 - alpha) * p_X, column-normalised again to n_X.
/// Dividends: D_X = I_2 * n_X, normalised. Storage: column max-upscaled, so A (the
/// larger) stores 65535 and B stores floor((n_B / n_A) * 65535).
#[test]
fn classic_bonds_over_three_epochs() {
    let mut i = two_validators(false);
    let (buy_a, buy_b) = (fdiv(3 << 30, 7 << 29), fdiv(1 << 29, 7 << 29));
    assert_eq!((buy_a, buy_b), (3_681_400_539, 613_566_756));
    let mut stored: Option<(u16, u16)> = None;
    for epoch in 1..=3 {
        let o = run(&i);
        let (p_a, p_b) = stored.map_or((0, 0), |(a, b)| {
            let s = u64::from(a) + u64::from(b);
            (((u64::from(a) as u128) << 32) as u64 / s, ((u64::from(b) as u128) << 32) as u64 / s)
        });
        let e_a = fmul(ALPHA, buy_a) + fmul(KEEP, p_a);
        let e_b = fmul(ALPHA, buy_b) + fmul(KEEP, p_b);
        let (n_a, n_b) = (fdiv(e_a, e_a + e_b), fdiv(e_b, e_a + e_b));
        let (d_a, d_b) = (fmul(ONE, n_a), fmul(ONE, n_b));
        let (t_a, t_b) = (fdiv(d_a, d_a + d_b), fdiv(d_b, d_a + d_b));
        assert_eq!(o.dividends_u16, vec![u16_of(t_a), u16_of(t_b), 0, 0], "epoch {epoch}");
        let up = |x: u64| u16_of(fdiv(x, n_a.max(n_b)));
        assert_eq!(o.bonds_u16, vec![vec![(2, up(n_a))], vec![(2, up(n_b))], vec![], vec![]]);
        assert_eq!(up(n_a), 65535);
        stored = Some((up(n_a), up(n_b)));
        i.bonds_sparse = o.bonds_u16;
    }
    // The stake-weighted split 6:1 is reached at once and kept: B stores about 65535 / 6.
    assert_eq!(stored, Some((65535, 10922)));
}

/// The bonds penalty beta selects the weights bonds are bought with. With beta = 0 B buys
/// bonds on its raw weight 0.5 to miner 3 too (alpha * 0.5 = floor(ALPHA / 2), u16 3276);
/// they earn nothing because I_3 = 0. With beta = 32768/65535 (raw 2 147 516 416, just over
/// one half) B's bond weight for miner 3 is 0.5 + beta * (0 - 0.5): the product
/// beta * (-0.5) floors to -1 073 758 208, leaving 1 073 725 440, and the bond is
/// floor(ALPHA * 1 073 725 440 / 2^32) -> u16 1638. Column 2 is unclipped (min(0.5, 1.0)),
/// so B keeps buying 0.5 there. Dividends are the same in all three cases, since only
/// column 2 pays.
#[test]
fn bonds_penalty_interpolates_between_raw_and_clipped_weights() {
    let base = run(&two_validators(true));
    for (penalty, miner3) in [(0u16, Some(3276u16)), (32768, Some(1638)), (65535, None)] {
        let mut i = two_validators(true);
        i.hyperparameters.bonds_penalty = penalty;
        let o = run(&i);
        let mut row_b = vec![(2, 3276)];
        row_b.extend(miner3.map(|u| (3, u)));
        assert_eq!(o.bonds_u16[1], row_b, "penalty {penalty}");
        assert_eq!(o.dividends_u16, base.dividends_u16);
    }
    let beta = ((32768u128 << 32) / 65535) as u64;
    assert_eq!(beta, 2_147_516_416);
    let w = (1u64 << 31) - ((u128::from(beta) * (1u128 << 31)).div_ceil(1 << 32) as u64);
    assert_eq!(w, 1_073_725_440);
    assert_eq!(u16_of(fmul(ALPHA, w)), 1638);
}

/// Liquid alpha. One validator weights miner 1 fully (W_b = 1.0, C_1 = 1.0) and holds
/// bonds 32768/65535 to miner 1 and 1000/65535 to miner 2. For miner 1: w >= b, so the
/// difference is clamp(w - c) = 0 and the sigmoid input is (1000 / -100) * (0 - 0.5) = 5;
/// sigma = 1 / (1 + exp(5)) and the factor is alpha = 0.7 + sigma * (0.9 - 0.7), about
/// 0.7013 (computed below with the fixed-point library itself). The new bond is
/// min(1, (1 - alpha) * b + alpha * 1.0). The bond to miner 2, which W_b does not list, is
/// dropped rather than decayed (a chain quirk). With liquid alpha off both decay with the
/// fixed alpha 0.1 instead.
#[test]
fn liquid_alpha_uses_the_sigmoid_factor() {
    let mut i = input(vec![1, 0, 0]);
    i.weights_sparse = vec![vec![(1, 65535)], vec![], vec![]];
    i.bonds_sparse = vec![vec![(1, 32768), (2, 1000)], vec![], vec![]];
    i.hyperparameters.liquid_alpha = true;
    let o = run(&i);

    let fx = |raw: u64| I32F32::from_bits(raw as i64);
    let one = I32F32::from_num(1);
    let low = I32F32::from_num(45875) / I32F32::from_num(65535);
    let high = I32F32::from_num(58982) / I32F32::from_num(65535);
    let exponent = (I32F32::from_num(1000) / I32F32::from_num(-100))
        * (I32F32::from_num(0) - I32F32::from_num(0.5));
    assert_eq!(exponent, I32F32::from_num(5));
    let e5: I32F32 = substrate_fixed::transcendental::exp(exponent).unwrap();
    let sigma = one / (one + e5);
    let alpha = (low + sigma * (high - low)).clamp(low, high);
    assert!(alpha > I32F32::from_num(0.7013) && alpha < I32F32::from_num(0.7014), "{alpha}");
    let b = fx(prop(32768));
    let new = ((one - alpha) * b + alpha * one).min(one);
    let expected = u16_of(new.to_bits() as u64);
    assert_eq!(o.bonds_u16[0], vec![(1, expected)]);
    assert_eq!(expected, 55749);

    // Liquid alpha off: both bonds decay with the fixed factor.
    i.hyperparameters.liquid_alpha = false;
    let o = run(&i);
    let b1 = u16_of(fmul(ALPHA, ONE) + fmul(KEEP, prop(32768)));
    let b2 = u16_of(fmul(KEEP, prop(1000)));
    assert_eq!(o.bonds_u16[0], vec![(1, b1), (2, b2)]);
    assert_eq!((b1, b2), (36044, 899));
}

/// New-registration mask: bonds towards a uid that registered at or after `last_tempo`
/// are dropped before the EMA. With the previous step at block 900, last_tempo = 901:
/// miner 2 registered at 950 loses its bond, one registered at 900 keeps it (decayed to
/// KEEP * 1.0, u16 58981). Without a known previous step last_tempo = 1000 - 360 = 640,
/// so registration 600 keeps the bond and 640 drops it. The bond to miner 1 is bought
/// with the full weight: alpha * 1.0 + (1 - alpha) * 1.0 = 1.0 exactly (u16 65535).
#[test]
fn bonds_to_new_registrations_are_dropped() {
    for (last_step, reg2, kept) in
        [(900u64, 950u64, false), (900, 900, true), (0, 600, true), (0, 640, false)]
    {
        let mut i = input(vec![1, 0, 0]);
        i.last_epoch_block = last_step;
        i.block_at_registration = vec![1, 1, reg2];
        i.weights_sparse = vec![vec![(1, 65535)], vec![], vec![]];
        i.bonds_sparse = vec![vec![(1, 65535), (2, 65535)], vec![], vec![]];
        let o = run(&i);
        let mut row = vec![(1, 65535)];
        if kept {
            row.push((2, 58981));
        }
        assert_eq!(o.bonds_u16[0], row, "last step {last_step}, registered {reg2}");
    }
    assert_eq!(ALPHA + KEEP, ONE);
}
