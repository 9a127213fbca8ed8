//! Differential fixtures: the limit-order sizes that the real chain's staking tests assert
//! (opentensor/subtensor `pallets/subtensor/src/tests/staking.rs`, commit 14bc6f9f,
//! `get_max_amount_add` / `get_max_amount_remove`), replayed through the pool maths of
//! [`tao_economics::pool::math`].
//!
//! The model's counterpart of `get_max_amount_add(netuid, limit)` is the `max_amount` it
//! reports for a limit buy: refused (`PriceLimitExceeded`) unless the spot price is below the
//! limit, else `max_gross_for_net(max_buy_net_to_limit(r, limit), 33)`; for a sell the same
//! with `sell_allowed_at` / `max_sell_net_to_limit`. The tolerance is each test's own
//! (`v / 10000` for add, `v / 100` for remove).

#![allow(clippy::unwrap_used)]

use tao_economics::Reserves;
use tao_economics::pool::math::{
    DEFAULT_FEE_RATE, buy_allowed_at, max_buy_net_to_limit, max_gross_for_net,
    max_sell_net_to_limit, sell_allowed_at,
};

/// `Err(())` stands for the chain's `PriceLimitExceeded` (or another refusal).
type Expected = Result<u64, ()>;

fn max_amount_add(tao: u64, alpha: u64, limit: u64) -> Expected {
    let r = Reserves { tao_rao: tao, alpha_rao: alpha };
    if !buy_allowed_at(r, limit) {
        return Err(());
    }
    max_gross_for_net(max_buy_net_to_limit(r, limit), DEFAULT_FEE_RATE).ok_or(())
}

fn max_amount_remove(tao: u64, alpha: u64, limit: u64) -> Expected {
    let r = Reserves { tao_rao: tao, alpha_rao: alpha };
    if tao == 0 || !sell_allowed_at(r, limit) {
        return Err(());
    }
    max_gross_for_net(max_sell_net_to_limit(r, limit), DEFAULT_FEE_RATE).ok_or(())
}

/// Runs a table and fails listing every row whose result is outside the tolerance.
fn check(
    table: &[(u64, u64, u64, Expected)],
    f: fn(u64, u64, u64) -> Expected,
    tolerance: fn(u64) -> u64,
) {
    let mut bad = Vec::new();
    for &(tao, alpha, limit, expected) in table {
        let got = f(tao, alpha, limit);
        let ok = match (got, expected) {
            (Ok(g), Ok(e)) => g.abs_diff(e) <= tolerance(e),
            (Err(()), Err(())) => true,
            _ => false,
        };
        if !ok {
            bad.push(format!(
                "(tao {tao}, alpha {alpha}, limit {limit}): ours {got:?}, theirs {expected:?}"
            ));
        }
    }
    assert!(bad.is_empty(), "{} of {} rows differ:\n{}", bad.len(), table.len(), bad.join("\n"));
}

// subtensor: pallets/subtensor/src/tests/staking.rs::test_max_amount_add_dynamic
#[test]
fn test_max_amount_add_dynamic() {
    let table: [(u64, u64, u64, Expected); 15] = [
        (1_000_000_000, 1_000_000_000, 0, Err(())),
        (100, 100, 1_100_000_000, Ok(4)),
        (1_000, 1_000, 1_100_000_000, Ok(48)),
        (10_000, 10_000, 1_100_000_000, Ok(488)),
        (1_000_000, 1_000_000, 4_000_000_000, Ok(1_000_500)),
        (1_000_000, 1_000_000, 9_000_000_000, Ok(2_001_000)),
        (1_000_000, 1_000_000, 16_000_000_000, Ok(3_001_500)),
        (1_000_000_000_000, 1_000_000_000_000, 16_000_000_000, Ok(3_001_500_000_000)),
        (150_000_000_000, 100_000_000_000, 0, Err(())),
        (150_000_000_000, 100_000_000_000, 100_000_000, Err(())),
        (150_000_000_000, 100_000_000_000, 500_000_000, Err(())),
        (150_000_000_000, 100_000_000_000, 1_499_999_999, Err(())),
        (150_000_000_000, 100_000_000_000, 1_500_000_000, Err(())),
        (150_000_000_000, 100_000_000_000, 1_500_000_001, Ok(49)),
        (150_000_000_000, 100_000_000_000, 6_000_000_000, Ok(150_075_000_000)),
    ];
    check(&table, max_amount_add, |v| v / 10_000);
    // Differs (docs/economics.md): reserves (u64::MAX / 2, u64::MAX), limit u64::MAX; the
    // chain saturates the size to u64::MAX, the model reports an overflow and refuses.
    assert_eq!(max_amount_add(u64::MAX / 2, u64::MAX, u64::MAX), Err(()));
}

// subtensor: pallets/subtensor/src/tests/staking.rs::test_max_amount_remove_dynamic
#[test]
fn test_max_amount_remove_dynamic() {
    let table: [(u64, u64, u64, Expected); 16] = [
        (0, 1_000_000_000, 100, Err(())),
        (1_001, 1_001, 1_001, Ok(1_001_000)),
        (1_001, 1_001, 10_000_000, Ok(9_013)),
        (1_001, 1_001, 100_000_000, Ok(2_165)),
        (1_000_000, 1_000_000, 250_000_000, Ok(1_010_000)),
        (1_000_000, 1_000_000, 62_500_000, Ok(3_030_000)),
        (1_000_000_000_000, 1_000_000_000_000, 62_500_000, Ok(3_030_000_000_000)),
        (200_000_000_000, 100_000_000_000, 500_000_000, Ok(101_000_000_000)),
        (200_000_000_000, 100_000_000_000, 125_000_000, Ok(303_000_000_000)),
        (200_000_000_000, 100_000_000_000, 2_000_000_000, Err(())),
        (200_000_000_000, 100_000_000_000, 2_000_000_001, Err(())),
        (200_000_000_000, 100_000_000_000, 1_999_999_990, Ok(250)),
        (21_000_000_000_000_000, 1_000_000, u64::MAX, Ok(67_000)),
        (21_000_000_000_000_000, 1_000_000_000_000_000_000, u64::MAX, Err(())),
        (21_000_000_000_000_000, 1_000_000_000_000_000_000, 20_000_000, Ok(24_700_000_000_000_000)),
        (21_000_000_000_000_000, 21_000_000_000_000_000, 999_999_999, Ok(10_605_000)),
    ];
    check(&table, max_amount_remove, |v| v / 100);
}

/// The rows of `test_max_amount_remove_dynamic` where the model differs, pinned with both
/// answers: `(tao, alpha, limit, theirs, ours)`. Listed and explained in docs/economics.md.
const REMOVE_DIFFERS: [(u64, u64, u64, Expected, Expected); 13] = [
    // An empty alpha reserve: the chain refuses, the model sizes 0.
    (1_000_000_000, 0, 100, Err(()), Ok(0)),
    // Limit 0 ("no limit"): the chain caps the size at 1000 × SubnetAlphaIn (its input
    // guard), saturating at u64::MAX; the model's size is unbounded (overflow, refused) and
    // it applies the guard when the swap is priced instead.
    (10_000_000_000, 10_000_000_000, 0, Ok(10_000_000_000_000), Err(())),
    (1_000, 1_000, 0, Ok(1_000_000), Err(())),
    (1_001, 1_001, 0, Ok(1_001_000), Err(())),
    (200_000_000_000, 100_000_000_000, 0, Ok(100_000_000_000_000), Err(())),
    (21_000_000_000_000_000, 21_000_000_000_000_000, 0, Ok(u64::MAX), Err(())),
    // The same cap where the limit is far below the price.
    (1_001, 1_001, 1, Ok(1_001_000), Ok(31_669_345)),
    (1_001, 1_001, 2, Ok(1_001_000), Ok(22_393_315)),
    // Reserves of 1 001 RAO (below MinimumReserve, where neither chain trades): the chain's
    // balancer gives 17 472 for three limits; the model gives the exact constant-product size.
    (1_001, 1_001, 10_000, Ok(17_472), Ok(315_700)),
    (1_001, 1_001, 100_000, Ok(17_472), Ok(99_148)),
    (1_001, 1_001, 1_000_000, Ok(17_472), Ok(30_668)),
    // One RAO at the limit: selling exactly 25 alpha-RAO lands on the limit price
    // 1.999999999 (x·y·10^9 / (x + 25)^2 = L exactly); the chain stops at 24.
    (200_000_000_000, 100_000_000_000, 1_999_999_999, Ok(24), Ok(25)),
    // A price of 2.1·10^19 RAO per alpha (beyond u64): the exact constant-product size is
    // sqrt(x·y·10^9/L) − x = 30 622 776 net, 30 638 203 gross; the chain gives 17 455 533.
    (21_000_000_000_000_000, 1_000_000, 21_000_000_000_000_000, Ok(17_455_533), Ok(30_638_203)),
];

// subtensor: pallets/subtensor/src/tests/staking.rs::test_max_amount_remove_dynamic (the rows
// that differ, pinned so a change on either side is noticed)
#[test]
fn test_max_amount_remove_dynamic_differs() {
    for (tao, alpha, limit, theirs, ours) in REMOVE_DIFFERS {
        let got = max_amount_remove(tao, alpha, limit);
        assert_eq!(got, ours, "(tao {tao}, alpha {alpha}, limit {limit})");
        assert_ne!(got, theirs, "(tao {tao}, alpha {alpha}, limit {limit}) now matches");
    }
}
