//! Hand-derived epoch scenarios.
//!
//! Every expected number is derived in the comments from the rules of spec/yuma.md, using
//! I32F32 semantics: a value x is stored as the integer `floor(x * 2^32)`, products floor,
//! quotients truncate. The helpers below restate those rules with plain u128 integers, so
//! the expectations do not go through the module's own arithmetic.

#![allow(clippy::unwrap_used)]

use super::{EpochError, EpochInput, EpochOutput, Hyperparameters, run_epoch};

/// 1.0 in raw I32F32 bits.
pub(super) const ONE: u64 = 1 << 32;
/// Fixed EMA factor with the default bonds_moving_average 900 000: the I64F64 quotient
/// 0.9 truncated to 32 fractional bits is floor(0.9 * 2^32) = 3 865 470 566, and
/// alpha = 2^32 - 3 865 470 566 = 429 496 730 (about 0.1).
pub(super) const ALPHA: u64 = 429_496_730;
/// 1 - alpha = 3 865 470 566.
pub(super) const KEEP: u64 = ONE - ALPHA;

/// Floored product of two raw values.
pub(super) fn fmul(a: u64, b: u64) -> u64 {
    ((u128::from(a) * u128::from(b)) >> 32) as u64
}

/// Truncated quotient of two raw values.
pub(super) fn fdiv(a: u64, b: u64) -> u64 {
    ((u128::from(a) << 32) / u128::from(b)) as u64
}

/// `floor(x * 65535)`, saturating.
pub(super) fn u16_of(x: u64) -> u16 {
    ((u128::from(x) * 65535) >> 32).min(65535) as u16
}

/// A stored u16 proportion read back: `floor(v * 2^32 / 65535)`.
pub(super) fn prop(v: u16) -> u64 {
    ((u128::from(v) << 32) / 65535) as u64
}

/// `floor(x * rao)` for a raw share x.
pub(super) fn rao(x: u64, e: u64) -> u64 {
    ((u128::from(x) * u128::from(e)) >> 32) as u64
}

/// A subnet at block 1000 where every uid last updated at block 990 and registered at
/// block 1 (so no weight is outdated), permits for exactly the staked uids, 1e9 rao to
/// distribute and default hyperparameters.
pub(super) fn input(stake: Vec<u64>) -> EpochInput {
    let n = stake.len();
    EpochInput {
        current_block: 1000,
        emission: 1_000_000_000,
        last_update: vec![990; n],
        block_at_registration: vec![1; n],
        validator_permits: stake.iter().map(|s| *s > 0).collect(),
        weights_sparse: vec![vec![]; n],
        stake,
        ..EpochInput::default()
    }
}

/// Runs and unwraps.
pub(super) fn run(input: &EpochInput) -> EpochOutput {
    run_epoch(input).unwrap()
}

#[test]
fn defaults_are_the_real_chain_defaults() {
    let hp = Hyperparameters::default();
    assert_eq!(hp.kappa, 32767);
    assert_eq!(hp.bonds_moving_average, 900_000);
    assert_eq!(hp.bonds_penalty, 65535);
    assert!(hp.yuma3 && !hp.liquid_alpha && hp.commit_reveal_enabled);
    assert_eq!((hp.alpha_low, hp.alpha_high, hp.alpha_sigmoid_steepness), (45875, 58982, 1000));
    assert_eq!((hp.max_allowed_validators, hp.tempo), (64, 360));
    // 13 889 per mille of 360 blocks = 5000.04, floored to 5000.
    assert_eq!(hp.activity_cutoff_blocks(), 5000);
    assert_eq!(hp.tao_weight_raw, 971_718_665_099_567_868);
    // JSON: only `stake` is required; everything else takes these defaults.
    let parsed: EpochInput = serde_json::from_str(r#"{"stake": [5, 7]}"#).unwrap();
    assert_eq!(parsed.hyperparameters, hp);
    assert_eq!(parsed.stake, vec![5, 7]);
    assert!(serde_json::from_str::<EpochInput>(r#"{"n": 2}"#).is_err(), "stake is required");
    assert!(serde_json::from_str::<EpochInput>(r#"{"stake": [1], "kapa": 1}"#).is_err());
    let partial: EpochInput =
        serde_json::from_str(r#"{"stake": [1], "hyperparameters": {"kappa": 100}}"#).unwrap();
    assert_eq!(partial.hyperparameters.kappa, 100);
    assert_eq!(partial.hyperparameters.bonds_penalty, 65535);
}

#[test]
fn inconsistent_input_is_a_typed_error() {
    let mut i = input(vec![1, 1, 0]);
    i.n = Some(4);
    assert!(matches!(run_epoch(&i), Err(EpochError::LengthMismatch { field: "stake", .. })));
    let mut i = input(vec![1, 1, 0]);
    i.last_update = vec![1, 2];
    assert!(matches!(run_epoch(&i), Err(EpochError::LengthMismatch { field: "last_update", .. })));
    let mut i = input(vec![1, 1, 0]);
    i.validator_permits = vec![true; 4];
    assert!(matches!(run_epoch(&i), Err(EpochError::LengthMismatch { .. })));
    let mut i = input(vec![1, 1, 0]);
    i.weights_sparse[1] = vec![(0, 5), (3, 5)];
    assert_eq!(
        run_epoch(&i),
        Err(EpochError::UidOutOfRange { field: "weights_sparse", row: 1, uid: 3, n: 3 })
    );
    let mut i = input(vec![1, 1, 0]);
    i.bonds_sparse = vec![vec![], vec![(2, 1), (0, 1), (2, 9)], vec![]];
    assert_eq!(
        run_epoch(&i),
        Err(EpochError::DuplicateUid { field: "bonds_sparse", row: 1, uid: 2 })
    );
    let mut i = input(vec![1, 1, 0]);
    i.owner_uid = Some(3);
    assert!(matches!(run_epoch(&i), Err(EpochError::UidOutOfRange { field: "owner_uid", .. })));
    let mut i = input(vec![1, 1, 0]);
    i.hyperparameters.alpha_low = 60000;
    assert!(matches!(run_epoch(&i), Err(EpochError::InvalidHyperparameter { .. })));
    // An empty subnet is fine and produces empty vectors.
    assert_eq!(run(&input(vec![])), EpochOutput::default());
}

/// Two validators disagree. A (stake 3/4) puts everything on miner 2, B (stake 1/4) on
/// miner 3. Stakes 3:1 normalise exactly to 0.75 = 3*2^30 and 0.25 = 2^30.
///
/// kappa = floor(32767 * 2^32 / 65535) = 2 147 450 879, sigma = 2^32, so the consensus
/// threshold is m = sigma - kappa = 2 147 516 417 (just above one half).
/// Column 2: scores 0 (B, 2^30) and 1.0 (A); L(0) = 2^30 <= m, L(1.0) = 2^32 > m, so
/// C_2 = 1.0. Column 3: scores 0 (A, 3*2^30) and 1.0 (B); L(0) = 3*2^30 > m, so C_3 = 0.
/// B's weight is clipped away: its validator trust is 0, A's is 1.0.
/// Ranks: R_2 = 0.75 * 1.0, R_3 = 0, so incentive (2) = 1.0.
/// Bonds (Yuma 3, beta = 1 so W_b = clipped W, no previous bonds): A buys alpha * 1.0 =
/// ALPHA in column 2, B buys nothing. Column-normalised, A holds 1.0 of column 2, so
/// D_A = 0.75 * 1.0 * I_2 = 0.75 and D_B = 0; normalised D_A = 1.0.
/// Emission: I + D sums to 2.0, so miner 2 and validator A each get 0.5 * 1e9.
#[test]
fn minority_validator_is_clipped() {
    let mut i = input(vec![3, 1, 0, 0]);
    i.weights_sparse = vec![vec![(2, 65535)], vec![(3, 65535)], vec![], vec![]];
    let o = run(&i);
    assert_eq!(o.stake_weight_u16, vec![49151, 16383, 0, 0]); // floor(0.75*65535), floor(0.25*65535)
    assert_eq!(o.consensus_u16, vec![0, 0, 65535, 0]);
    assert_eq!(o.validator_trust_u16, vec![65535, 0, 0, 0]);
    assert_eq!(o.incentive_u16, vec![0, 0, 65535, 0]);
    assert_eq!(o.dividends_u16, vec![65535, 0, 0, 0]);
    assert_eq!(o.server_emission, vec![0, 0, 500_000_000, 0]);
    assert_eq!(o.validator_emission, vec![500_000_000, 0, 0, 0]);
    assert_eq!(o.emission, vec![500_000_000, 0, 500_000_000, 0]);
    assert_eq!(o.active, vec![true; 4]);
    // Permits: the staked uids (k = 64 > n). A's new bond: floor(ALPHA * 65535 / 2^32) = 6553.
    assert_eq!(o.new_validator_permits, vec![true, true, false, false]);
    assert_eq!(u16_of(ALPHA), 6553);
    assert_eq!(o.bonds_u16, vec![vec![(2, 6553)], vec![], vec![], vec![]]);
}

/// The kappa boundary is strict. With stakes s_A = m = 2 147 516 417 and
/// s_B = 2^32 - m = 2 147 450 879 rao (they sum to 2^32, so every normalisation is exact
/// and the raw stakes equal these numbers), A scores miner 2 with 0.5 and B with 1.0.
/// L(0.5) = s_A = m is not above m, so the consensus is B's 1.0, although A holds slightly
/// more than half of the stake: B's share equals kappa exactly. One rao moved from B to A
/// makes L(0.5) = m + 1 > m and the consensus drops to 0.5 (u16 32767).
/// Column 3 (A: 0.5, B: nothing = 0): L(0) = s_B < m, L(0.5) = 2^32, so C_3 = 0.5 in both.
#[test]
fn kappa_median_boundary() {
    let m: u64 = (1 << 32) - 2_147_450_879;
    assert_eq!(m, 2_147_516_417);
    for (s_a, c2) in [(m, 65535u16), (m + 1, 32767)] {
        let mut i = input(vec![s_a, (1 << 32) - s_a, 0, 0]);
        i.weights_sparse = vec![vec![(2, 1), (3, 1)], vec![(2, 65535)], vec![], vec![]];
        let o = run(&i);
        assert_eq!(o.consensus_u16, vec![0, 0, c2, 32767], "s_A = {s_a}");
    }
}

/// Weighted median with several validators and kappa: stakes 1, 2, 3, 4 (tenths of the
/// total: 0.1, 0.2, 0.3, 0.4) score miner 4 with 0.1, 0.4, 0.2 and 0.3 of their weight.
/// Sorted scores 0.1 (0.1), 0.2 (0.3), 0.3 (0.4), 0.4 (0.2): cumulative 0.1, 0.4, 0.8, 1.0.
/// With the default kappa (~0.5) the first cumulative above 0.5 is 0.8, at score 0.3.
/// With kappa = 0 nothing can pass sigma, so the largest score 0.4 is taken; with kappa =
/// 65535 (1.0) every score passes and the smallest, 0.1, is taken.
/// Each validator's other weight goes to miner 5, so the scores are exact tenths of the
/// row: e.g. 0.3 = floor(3 * 2^32 / 10) = 1 288 490 188, u16 floor(.. * 65535 / 2^32) = 19660.
#[test]
fn kappa_weighted_median() {
    let score = |tenths: u64| u16_of(((u128::from(tenths) << 32) / 10) as u64);
    for (kappa, expected) in [(32767u16, 3u64), (0, 4), (65535, 1)] {
        let mut i = input(vec![1, 2, 3, 4, 0, 0]);
        i.hyperparameters.kappa = kappa;
        i.weights_sparse = vec![
            vec![(4, 1), (5, 9)],
            vec![(4, 4), (5, 6)],
            vec![(4, 2), (5, 8)],
            vec![(4, 3), (5, 7)],
            vec![],
            vec![],
        ];
        let o = run(&i);
        assert_eq!(o.consensus_u16[4], score(expected), "kappa {kappa}");
    }
    assert_eq!(score(3), 19660);
}

/// Outdated weights: validator 0 last updated at block 500. Miner 1 registered at 100,
/// miner 2 at 500. `last_update <= registered` drops (0, 2) (equality counts), so the row
/// renormalises to {1: 1.0} and miner 1 takes the whole incentive. Registering miner 2 at
/// 499 instead keeps both weights at 0.5 each: incentive floor(0.5 * 65535) = 32767 each,
/// and the server half of 1e9 splits 250 000 000 / 250 000 000.
#[test]
fn outdated_weights_are_masked() {
    for (reg2, inc, server) in [
        (500u64, [0u16, 65535, 0], [0u64, 500_000_000, 0]),
        (499, [0, 32767, 32767], [0, 250_000_000, 250_000_000]),
    ] {
        let mut i = input(vec![1, 0, 0]);
        i.last_update = vec![500, 990, 990];
        i.block_at_registration = vec![1, 100, reg2];
        i.weights_sparse = vec![vec![(1, 65535), (2, 65535)], vec![], vec![]];
        let o = run(&i);
        assert_eq!(o.incentive_u16, inc.to_vec(), "reg2 = {reg2}");
        assert_eq!(o.server_emission, server.to_vec());
        assert_eq!(o.validator_emission, vec![500_000_000, 0, 0]);
    }
}

/// Self weights are dropped, except the owner's. Validator 0 weights itself and miner 1
/// equally. Without an owner the self weight goes and miner 1 holds the whole row: its
/// incentive is 1.0 and the emission is 50/50 miner/validator. If uid 0 is the owner it
/// keeps the self weight: consensus and incentive are 0.5 for uid 0 and uid 1 (32767),
/// and uid 0 earns incentive 0.5 and dividends 1.0, so (I + D) = (1.5, 0.5) over a sum of
/// 2.0: server 0.25 * 1e9 to each, validator 0.5 * 1e9 to uid 0.
#[test]
fn self_weight_is_masked_except_for_the_owner() {
    let mut i = input(vec![1, 0]);
    i.weights_sparse = vec![vec![(0, 100), (1, 100)], vec![]];
    let o = run(&i);
    assert_eq!(o.incentive_u16, vec![0, 65535]);
    assert_eq!(o.server_emission, vec![0, 500_000_000]);

    i.owner_uid = Some(0);
    let o = run(&i);
    assert_eq!(o.consensus_u16, vec![32767, 32767]);
    assert_eq!(o.incentive_u16, vec![32767, 32767]);
    assert_eq!(o.server_emission, vec![250_000_000, 250_000_000]);
    assert_eq!(o.validator_emission, vec![500_000_000, 0]);
    assert_eq!(o.emission, vec![750_000_000, 250_000_000]);
}

/// Validator B (uid 1) has stake but no stored permit: its stake is left out of the active
/// stake and its weights row is dropped. A (uid 0) alone decides: C_2 = 1.0, C_3 = 0, and
/// A takes all dividends. B gets a new permit (stake is non-zero, k = 64 > n), so its bonds
/// row is rewritten: it held 1.0 (u16 65535) to miner 3 and buys nothing, so the bond
/// decays to KEEP * 1.0 = 3 865 470 566, u16 floor(3 865 470 566 * 65535 / 2^32) = 58981.
/// Holding bonds does not pay B: with no active stake its Yuma 3 dividends are 0.
/// Uid 3 held a permit but has no stake, so it loses the permit and its bonds row is
/// cleared. Its weights row still counts for its validator trust: min(1.0, C_2) = 1.0.
#[test]
fn validator_without_permit() {
    let mut i = input(vec![1, 1, 0, 0]);
    i.validator_permits = vec![true, false, false, true];
    i.weights_sparse = vec![vec![(2, 65535)], vec![(3, 65535)], vec![], vec![(2, 7)]];
    i.bonds_sparse = vec![vec![], vec![(3, 65535)], vec![], vec![(2, 1000)]];
    let o = run(&i);
    assert_eq!(o.consensus_u16, vec![0, 0, 65535, 0]);
    assert_eq!(o.incentive_u16, vec![0, 0, 65535, 0]);
    assert_eq!(o.dividends_u16, vec![65535, 0, 0, 0]);
    assert_eq!(o.validator_trust_u16, vec![65535, 0, 0, 65535]);
    assert_eq!(o.new_validator_permits, vec![true, true, false, false]);
    assert_eq!(u16_of(fmul(KEEP, ONE)), 58981);
    assert_eq!(o.bonds_u16, vec![vec![(2, 6553)], vec![(3, 58981)], vec![], vec![]]);
    assert_eq!(o.validator_emission, vec![500_000_000, 0, 0, 0]);
}

/// A subnet's first epoch has no stored permits at all. The chain then skips the permit
/// mask on stake but drops every weights row: nobody earns anything, and the emission falls
/// back to the validators by active stake (1:3 -> 250 000 000 / 750 000 000).
#[test]
fn empty_permit_vector_drops_all_weights() {
    let mut i = input(vec![1, 3, 0]);
    i.validator_permits = vec![];
    i.weights_sparse = vec![vec![(2, 65535)], vec![(2, 65535)], vec![]];
    let o = run(&i);
    assert_eq!(o.incentive_u16, vec![0, 0, 0]);
    assert_eq!(o.validator_emission, vec![250_000_000, 750_000_000, 0]);
    assert_eq!(o.server_emission, vec![0, 0, 0]);
    assert_eq!(o.new_validator_permits, vec![true, true, false]);
}

/// No stake anywhere: every normalisation leaves zeros, nobody gets a permit (except the
/// owner, who always does), and the zero-emission fallback has nothing to weight by, so
/// nothing is emitted at all.
#[test]
fn zero_stake_everywhere() {
    let mut i = input(vec![0, 0, 0]);
    i.validator_permits = vec![true, true, true];
    i.weights_sparse = vec![vec![(1, 10)], vec![(2, 10)], vec![(0, 10)]];
    let o = run(&i);
    assert_eq!(o.stake_weight_u16, vec![0, 0, 0]);
    assert_eq!(o.consensus_u16, vec![0, 0, 0]);
    assert_eq!(o.new_validator_permits, vec![false, false, false]);
    assert_eq!(o.server_emission, vec![0, 0, 0]);
    assert_eq!(o.validator_emission, vec![0, 0, 0]);
    assert_eq!(o.emission, vec![0, 0, 0]);
    i.owner_uid = Some(1);
    assert_eq!(run(&i).new_validator_permits, vec![false, true, false]);
}

/// All-zero weights (explicit zero entries, or no rows at all): rows with sum 0 stay 0,
/// so consensus, incentive, bonds and dividends are 0. The emission falls back to active
/// stake: stakes 1 and 3 give 0.25 and 0.75 of 1e9 to the validators.
#[test]
fn all_zero_weights_fall_back_to_stake() {
    let mut i = input(vec![1, 3, 0]);
    i.weights_sparse = vec![vec![(2, 0)], vec![(2, 0), (0, 0)], vec![]];
    for weights in [i.weights_sparse.clone(), vec![]] {
        i.weights_sparse = weights;
        let o = run(&i);
        assert_eq!(o.incentive_u16, vec![0, 0, 0]);
        assert_eq!(o.dividends_u16, vec![0, 0, 0]);
        assert_eq!(o.bonds_u16, vec![vec![], vec![], vec![]]);
        assert_eq!(o.validator_emission, vec![250_000_000, 750_000_000, 0]);
        assert_eq!(o.emission, vec![250_000_000, 750_000_000, 0]);
        assert_eq!(o.server_emission, vec![0, 0, 0]);
    }
}

/// When no validator is active, the zero-emission fallback uses the raw stake instead.
/// Cutoff 5000 blocks at block 10 000: last_update 4999 is inactive (4999 + 5000 < 10 000),
/// 5000 is still active. Stakes 1 and 3.
#[test]
fn inactive_validators_fall_back_to_raw_stake() {
    let mut i = input(vec![1, 3, 0]);
    i.current_block = 10_000;
    i.last_update = vec![4999, 4999, 5000];
    let o = run(&i);
    assert_eq!(o.active, vec![false, false, true]);
    assert_eq!(o.validator_emission, vec![250_000_000, 750_000_000, 0]);
}

/// Commit-reveal mask: validator 0 has a pending commit made at block 400. Miner 1
/// registered at 300 (before the commit) and miner 2 at 450 (after it), so the weight to
/// miner 2 is dropped (commit 400 < 450) and miner 1 takes the whole incentive. A commit at
/// 450 (not older than the registration), no commit, or commit-reveal switched off keep
/// both weights (0.5 each, u16 32767).
#[test]
fn commit_reveal_masks_weights_to_later_registrations() {
    let both = vec![0u16, 32767, 32767];
    for (commit, enabled, expected) in [
        (Some(400u64), true, vec![0u16, 65535, 0]),
        (Some(450), true, both.clone()),
        (None, true, both.clone()),
        (Some(400), false, both.clone()),
    ] {
        let mut i = input(vec![1, 0, 0]);
        i.block_at_registration = vec![1, 300, 450];
        i.weights_sparse = vec![vec![(1, 9), (2, 9)], vec![], vec![]];
        i.commit_blocks = vec![commit, None, None];
        i.hyperparameters.commit_reveal_enabled = enabled;
        assert_eq!(run(&i).incentive_u16, expected, "commit {commit:?} enabled {enabled}");
    }
}

/// Stake threshold 1000 rao: uid 0 (500) counts as 0 stake, the owner uid 2 (800) is exempt.
/// S = (0, 2000/2800, 800/2800): floor(2000 * 2^32 / 2800) = 3 067 833 782 -> u16 46810,
/// floor(800 * 2^32 / 2800) = 1 227 133 513 -> u16 18724. Only uids 1 and 2 get permits.
#[test]
fn stake_threshold_with_owner_exemption() {
    let mut i = input(vec![500, 2000, 800]);
    i.hyperparameters.stake_threshold = 1000;
    i.owner_uid = Some(2);
    let o = run(&i);
    let s1 = ((2000u128 << 32) / 2800) as u64;
    let s2 = ((800u128 << 32) / 2800) as u64;
    assert_eq!((s1, s2), (3_067_833_782, 1_227_133_513));
    assert_eq!(o.stake_weight_u16, vec![0, u16_of(s1), u16_of(s2)]);
    assert_eq!(o.stake_weight_u16, vec![0, 46810, 18724]);
    assert_eq!(o.new_validator_permits, vec![false, true, true]);
}

/// Root stake counts with the TAO weight. With tao_weight_raw = u64::MAX the weight is
/// exactly 1.0, so alpha 100 + tao 0 and alpha 0 + tao 300 weigh 1:3 (u16 16383, 49151).
/// With tao_weight_raw = 0 root stake is ignored and uid 0 holds everything.
#[test]
fn tao_weight_combines_root_stake() {
    let mut i = input(vec![100, 0]);
    i.tao_stake = vec![0, 300];
    i.hyperparameters.tao_weight_raw = u64::MAX;
    assert_eq!(run(&i).stake_weight_u16, vec![16383, 49151]);
    i.hyperparameters.tao_weight_raw = 0;
    assert_eq!(run(&i).stake_weight_u16, vec![65535, 0]);
}

/// Top-k permits: k = 2 among stakes (5, 5, 9, 1); the stable ascending sort puts uid 0
/// before uid 1 among the tied fives, so uid 0 loses. The owner (uid 3) is added anyway.
#[test]
fn top_k_permits_break_ties_against_the_lower_uid() {
    let mut i = input(vec![5, 5, 9, 1]);
    i.hyperparameters.max_allowed_validators = 2;
    assert_eq!(run(&i).new_validator_permits, vec![false, true, true, false]);
    i.owner_uid = Some(3);
    assert_eq!(run(&i).new_validator_permits, vec![false, true, true, true]);
}
