//! Differential fixtures: the integers that the real chain's own staking tests assert
//! (opentensor/subtensor `pallets/subtensor/src/tests/staking2.rs`, commit 14bc6f9f),
//! replayed through [`tao_economics::SharePool`].
//!
//! Each test names the subtensor test it replays; inputs and expected numbers are that
//! test's data, and the tolerance is the one it asserts with (0 or 1 alpha-RAO). The pallet
//! calls map onto one (hotkey, subnet) share pool keyed by coldkey:
//! `increase_stake_for_hotkey_and_coldkey_on_subnet` is [`SharePool::add_for_one`],
//! `decrease_stake_for_hotkey_and_coldkey_on_subnet` is [`SharePool::remove_for_one`],
//! `increase_stake_for_hotkey_on_subnet` is [`SharePool::add_for_all`] and
//! `get_stake_for_hotkey_and_coldkey_on_subnet` is [`SharePool::value_of`].

#![allow(clippy::unwrap_used)]

use tao_economics::SharePool;

/// Coldkeys of the replayed tests (`U256::from(2)` and `U256::from(3)`).
const COLD1: u8 = 2;
const COLD2: u8 = 3;

/// Asserts `|got − expected| ≤ tolerance` with a message naming the case.
fn assert_within(got: u64, expected: u64, tolerance: u64, what: &str) {
    assert!(
        got.abs_diff(expected) <= tolerance,
        "{what}: got {got}, expected {expected} ± {tolerance}"
    );
}

// subtensor: pallets/subtensor/src/tests/staking2.rs::test_share_based_staking_denominator_precision
#[test]
fn test_share_based_staking_denominator_precision() {
    // (stake, unstake): after both, the stake left is exactly stake − unstake.
    let cases: [(u64, u64); 6] = [
        (1_000, 990),
        (1_000, 999),
        (1_000_000, 990_000),
        (1_000_000, 999_990),
        (1_000_000_000, 999_999_990),
        (1_000_000_000_000, 999_999_999_990),
    ];
    for (stake, unstake) in cases {
        let mut pool = SharePool::new();
        pool.add_for_one(&COLD1, stake).unwrap();
        assert_eq!(pool.value_of(&COLD1), stake, "stake {stake}");
        pool.remove_for_one(&COLD1, unstake).unwrap();
        assert_eq!(pool.value_of(&COLD1), stake - unstake, "stake {stake}, unstake {unstake}");
    }
}

// subtensor: pallets/subtensor/src/tests/staking2.rs::test_share_based_staking_stake_unstake_inject
#[test]
fn test_share_based_staking_stake_unstake_inject() {
    // (stake, unstake, inject, tolerance): two coldkeys each stake and unstake, then `inject`
    // is added for all; each ends at stake − unstake + inject/2.
    let cases: [(u64, u64, u64, u64); 7] = [
        (1_000, 999, 1_000_000, 0),
        (1_000_000, 999_000, 100_000_000, 0),
        (1_000_000, 900_000, 100_000_000, 0),
        (100_000_000_000, 1_000_000_000, 1_000_000_000_000, 1),
        (100_000_000_000, 99_000_000_000, 1_000_000_000_000, 1),
        (100_000_000_000, 99_990_000_000, 1_000_000_000_000, 1),
        (100_000_000_000, 99_990_000_000, 1_234_567_890, 1),
    ];
    for (stake, unstake, inject, tolerance) in cases {
        let mut pool = SharePool::new();
        pool.add_for_one(&COLD1, stake).unwrap();
        pool.remove_for_one(&COLD1, unstake).unwrap();
        pool.add_for_one(&COLD2, stake).unwrap();
        pool.remove_for_one(&COLD2, unstake).unwrap();
        pool.add_for_all(inject).unwrap();
        let expected = stake - unstake + inject / 2;
        let case = format!("case ({stake}, {unstake}, {inject})");
        assert_within(pool.value_of(&COLD1), expected, tolerance, &case);
        assert_within(pool.value_of(&COLD2), expected, tolerance, &case);
    }
}

// subtensor: pallets/subtensor/src/tests/staking2.rs::test_share_based_staking_stake_inject_stake_new
#[test]
fn test_share_based_staking_stake_inject_stake_new() {
    // (stake, inject, stake2, tolerance): coldkey 1 stakes, `inject` is added for all, then
    // coldkey 2 stakes; coldkey 1 holds stake + inject and coldkey 2 holds stake2.
    let cases: [(u64, u64, u64, u64); 3] = [
        (1, 2_000_000_000, 500_000_000, 1),
        (1, 5_000_000_000, 50_000_000, 1),
        (500_000_000, 1_000_000_000, 1_000_000_000, 1),
    ];
    for (stake, inject, stake2, tolerance) in cases {
        let mut pool = SharePool::new();
        pool.add_for_one(&COLD1, stake).unwrap();
        pool.add_for_all(inject).unwrap();
        pool.add_for_one(&COLD2, stake2).unwrap();
        let case = format!("case ({stake}, {inject}, {stake2})");
        assert_within(pool.value_of(&COLD1), stake + inject, tolerance, &case);
        assert_within(pool.value_of(&COLD2), stake2, tolerance, &case);
    }
}

// subtensor: pallets/subtensor/src/tests/staking2.rs::test_share_based_staking (every step up to
// the zero-amount deposit; the removal of more than a coldkey holds is listed as a difference
// in docs/economics.md: the chain skips it, the model refuses it)
#[test]
fn test_share_based_staking() {
    const AMOUNT: u64 = 1_000_000_000;
    let mut pool = SharePool::new();
    pool.add_for_one(&COLD1, AMOUNT).unwrap();
    assert_eq!(pool.value_of(&COLD1), AMOUNT, "initial stake is exact");
    pool.add_for_one(&COLD1, AMOUNT).unwrap();
    let after_second = pool.value_of(&COLD1);
    assert_within(after_second, 2 * AMOUNT, 1, "second deposit");
    pool.add_for_all(AMOUNT).unwrap();
    let after_direct = pool.value_of(&COLD1);
    assert_within(after_direct, after_second + AMOUNT, 1, "direct hotkey deposit");
    pool.add_for_one(&COLD2, AMOUNT).unwrap();
    let secondary = pool.value_of(&COLD2);
    assert_within(secondary, AMOUNT, 1, "secondary coldkey");
    let total = pool.total_value();
    assert_within(total, after_direct + AMOUNT, 1, "hotkey total");
    // A second direct deposit is shared pro rata: stake + amount × stake / total, ±1.
    pool.add_for_all(AMOUNT).unwrap();
    let primary_final = pool.value_of(&COLD1);
    let secondary_final = pool.value_of(&COLD2);
    // The test computes the expectation in f64 and allows 1.0 either side.
    #[allow(clippy::cast_precision_loss)]
    let pro_rata = |s: u64| s as f64 + AMOUNT as f64 * (s as f64 / total as f64);
    #[allow(clippy::cast_precision_loss)]
    let off = |got: u64, s: u64| (got as f64 - pro_rata(s)).abs();
    assert!(off(primary_final, after_direct) <= 1.0, "primary pro rata: {primary_final}");
    assert!(off(secondary_final, secondary) <= 1.0, "secondary pro rata: {secondary_final}");
    pool.remove_for_one(&COLD1, AMOUNT).unwrap();
    let primary_left = pool.value_of(&COLD1);
    assert_within(primary_left, primary_final - AMOUNT, 1, "primary removal");
    pool.remove_for_one(&COLD2, AMOUNT).unwrap();
    let secondary_left = pool.value_of(&COLD2);
    assert_within(secondary_left, secondary_final - AMOUNT, 1, "secondary removal");
    assert_within(pool.total_value(), primary_left + secondary_left, 1, "final total");
    pool.add_for_one(&COLD1, 0).unwrap();
    assert_eq!(pool.value_of(&COLD1), primary_left, "a zero deposit changes nothing");
}

// subtensor: pallets/subtensor/src/tests/staking2.rs::test_stake_base_case (its pool relations;
// the chain's expected alpha is its own swap simulation, here the model's simulated swap)
#[test]
fn test_stake_base_case() {
    use tao_economics::{NativePool, PoolEngine, Reserves};
    // 10 TAO against 5 alpha, 1 TAO swapped in with the fee (33/65535), no limit.
    let (tao, alpha, swap) = (10_000_000_000, 5_000_000_000, 1_000_000_000);
    let mut pool = NativePool::new(Reserves { tao_rao: tao, alpha_rao: alpha }, 33).unwrap();
    let expected = pool.sim_swap_tao_for_alpha(swap, None, false).unwrap();
    let got = pool.swap_tao_for_alpha(swap, None, false).unwrap();
    assert_eq!(got.amount_out, expected.amount_out, "alpha received");
    let r = pool.reserves();
    assert_eq!(r.tao_rao, tao + swap - got.fee, "SubnetTAO grows by the input less the fee");
    assert_eq!(r.alpha_rao, alpha - got.amount_out, "SubnetAlphaIn falls by the alpha paid out");
    // The numbers themselves: fee floor(10^9 · 33 / 65535) and the constant-product output.
    assert_eq!(got.fee, 503_547);
    assert_eq!(got.amount_out, 5_000_000_000 * (swap - 503_547) / (tao + swap - 503_547));
}
