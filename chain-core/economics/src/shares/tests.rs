//! Share-pool examples (spec §4.3), take rules (spec §4.4) and share invariants (spec §7, 19).

use super::*;
use proptest::prelude::*;

const A: u64 = 1_000_000_000; // one alpha in alpha-RAO

fn spec_pool() -> SharePool<&'static str> {
    let mut p = SharePool::new();
    p.add_for_one(&"owner", 600 * A).expect("owner");
    p.add_for_one(&"nominator", 400 * A).expect("nominator");
    p
}

#[test]
fn spec_4_3_example_with_exact_18_alpha_take() {
    let mut p = spec_pool();
    assert_eq!(p.total_value(), 1_000 * A);
    assert_eq!(p.denominator(), ShareFloat::from_u64(1_000 * A));
    // 100 α dividend, 18 α take: the owner's take buys 18 shares, then 82 α go to everyone.
    p.add_for_one(&"owner", 18 * A).expect("take");
    assert_eq!(p.shares_of(&"owner"), ShareFloat::from_u64(618 * A));
    assert_eq!(p.denominator(), ShareFloat::from_u64(1_018 * A));
    p.add_for_all(82 * A).expect("dividend");
    assert_eq!(p.total_value(), 1_100 * A);
    // owner 1100 × 618/1018 = 667.78 α; nominator 1100 × 400/1018 = 432.22 α (floored to RAO)
    assert_eq!(p.value_of(&"owner"), 667_779_960_707);
    assert_eq!(p.value_of(&"nominator"), 432_220_039_292);
    assert_eq!(p.sum_of_values(), u128::from(1_100 * A) - 1);
}

#[test]
fn spec_4_3_example_with_the_real_take_rate() {
    let mut p = spec_pool();
    let (owner, rest) =
        distribute_dividend(&mut p, &"owner", 100 * A, DEFAULT_DELEGATE_TAKE).expect("dividend");
    // 11,796/65535 of 100 α = 17.999542229 α
    assert_eq!((owner, rest), (17_999_542_229, 82_000_457_771));
    assert_eq!(p.value_of(&"owner"), 667_779_766_347);
    assert_eq!(p.value_of(&"nominator"), 432_220_233_652);
}

#[test]
fn adding_for_all_keeps_shares_and_ratios() {
    let mut p = spec_pool();
    let before: Vec<_> = p.holders().map(|(k, s)| (*k, *s)).collect();
    p.add_for_all(1_000 * A).expect("all");
    let after: Vec<_> = p.holders().map(|(k, s)| (*k, *s)).collect();
    assert_eq!(before, after);
    assert_eq!(p.value_of(&"owner"), 1_200 * A);
    assert_eq!(p.value_of(&"nominator"), 800 * A);
}

#[test]
fn removal_rules() {
    let mut p = spec_pool();
    assert_eq!(
        p.remove_for_one(&"nominator", 400 * A + 1),
        Err(ShareError::InsufficientStake { available: 400 * A, requested: 400 * A + 1 })
    );
    assert_eq!(p, spec_pool());
    p.remove_for_one(&"nominator", 400 * A).expect("full removal");
    assert_eq!(p.value_of(&"nominator"), 0);
    assert_eq!(p.value_of(&"owner"), 600 * A);
    assert_eq!(p.total_value(), 600 * A);
    assert_eq!(p.remove_for_one(&"stranger", 0), Ok(()));
}

#[test]
fn worthless_pool_is_reset_by_a_deposit() {
    let mut p = spec_pool();
    assert_eq!(p.remove_for_all(u64::MAX), 1_000 * A);
    p.add_for_one(&"new", 5 * A).expect("deposit");
    assert_eq!(p.value_of(&"new"), 5 * A);
    assert_eq!(p.value_of(&"owner"), 0);
    assert_eq!(p.holders().count(), 1);
}

#[test]
fn tiny_deposit_into_a_rich_pool_mints_shares_but_rounds_down() {
    // Normalised 21-digit mantissas make any non-zero deposit mint non-zero shares;
    // its value still floors, so rounding favours the pool.
    let mut p: SharePool<u8> = SharePool::new();
    p.add_for_one(&1, 3).expect("seed");
    p.add_for_all(7_777_777 * A).expect("growth");
    assert!(p.shares_for_deposit(1).is_some_and(|s| !s.is_zero()));
    p.add_for_one(&2, 1).expect("tiny");
    assert!(p.value_of(&2) <= 1);
    assert!(p.sum_of_values() <= u128::from(p.total_value()));
}

#[test]
fn take_bounds_and_rate_limit() {
    let b = TakeBounds::default();
    assert_eq!(take_of(65_535, MAX_DELEGATE_TAKE), 11_796);
    assert_eq!(check_take_increase(100, 100, 0, 5, &b), Err(TakeError::TooLow));
    assert_eq!(check_take_increase(100, MAX_DELEGATE_TAKE + 1, 0, 5, &b), Err(TakeError::TooHigh));
    assert_eq!(check_take_increase(100, 200, 0, 5, &b), Ok(()), "never changed: no limit");
    assert_eq!(
        check_take_increase(100, 200, 10, 216_010, &b),
        Err(TakeError::RateLimited { last_change: 10, allowed_after: 216_010 })
    );
    assert_eq!(check_take_increase(100, 200, 10, 216_011, &b), Ok(()));
    assert_eq!(check_take_decrease(100, 100, &b), Err(TakeError::TooHigh));
    assert_eq!(check_take_decrease(100, 0, &b), Ok(()));
    let strict = TakeBounds { min: 50, ..b };
    assert_eq!(check_take_decrease(100, 49, &strict), Err(TakeError::TooLow));
}

#[derive(Debug, Clone)]
enum Op {
    Add(u8, u64),
    Remove(u8, u64),
    RemoveAll(u8),
    Dividend(u64, u16),
    Slash(u64),
}

fn arb_op() -> impl Strategy<Value = Op> {
    let amount = prop_oneof![1u64..1_000, 1_000u64..=1_000_000 * A];
    prop_oneof![
        (0u8..6, amount.clone()).prop_map(|(k, a)| Op::Add(k, a)),
        (0u8..6, amount.clone()).prop_map(|(k, a)| Op::Remove(k, a)),
        (0u8..6).prop_map(Op::RemoveAll),
        (amount.clone(), 0u16..=MAX_DELEGATE_TAKE).prop_map(|(a, t)| Op::Dividend(a, t)),
        amount.prop_map(Op::Slash),
    ]
}

proptest! {
    #![proptest_config(super::super::test_support::config(256))]

    /// Invariant 19: shares sum to D (within the float's truncation) and values sum to V within
    /// `n + 1` RAO; a holder's value moves only by its own operations or pro-rata changes;
    /// failures change nothing.
    #[test]
    fn share_sums_track_the_pool(ops in prop::collection::vec(arb_op(), 1..60)) {
        let mut p: SharePool<u8> = SharePool::new();
        let mut d_max = ShareFloat::ZERO;
        for (i, op) in ops.into_iter().enumerate() {
            let before = p.clone();
            let res = match op.clone() {
                Op::Add(k, a) => p.add_for_one(&k, a),
                Op::Remove(k, a) => p.remove_for_one(&k, a),
                Op::RemoveAll(k) => { let v = p.value_of(&k); p.remove_for_one(&k, v) }
                Op::Dividend(a, t) => distribute_dividend(&mut p, &0, a, t).map(|_| ()),
                Op::Slash(a) => { p.remove_for_all(a); Ok(()) }
            };
            if res.is_err() {
                prop_assert_eq!(&p, &before);
            }
            if let (Op::Add(k, a), Ok(())) = (&op, &res) {
                // A deposit never credits more than was paid (+1 RAO: the holder's earlier,
                // floored value may cross an integer as the depositor's rounding lifts the pool).
                prop_assert!(p.value_of(k) <= before.value_of(k) + a + 1);
            }
            let n = p.holders().count() as u128;
            let v = u128::from(p.total_value());
            let sum = p.sum_of_values();
            prop_assert!(sum <= v + 1, "sum {} > V {} + 1", sum, v);
            prop_assert!(sum + n + 1 >= v, "sum {} + n {} + 1 < V {}", sum, n, v);
            // Σ s_c vs D: each operation may truncate one unit in the 21st digit of D; after a
            // large removal that error is measured against the largest D seen.
            d_max = d_max.max(p.denominator());
            let total = p.holders().fold(ShareFloat::ZERO, |acc, (_, s)| acc.add(s).unwrap_or(acc));
            let d = p.denominator();
            let (hi, lo) = if total > d { (total, d) } else { (d, total) };
            let diff = hi.sub(&lo).unwrap_or(ShareFloat::ZERO);
            let tolerance = ShareFloat::new(2 * (i as u128 + 1), d_max.exponent()).unwrap_or(ShareFloat::ZERO);
            prop_assert!(diff <= tolerance, "Σs {:?} vs D {:?}", total, d);
        }
    }
}
