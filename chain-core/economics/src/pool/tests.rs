//! Worked examples of spec §3.5 / §3.3 and pool property tests (spec §7, invariants 11–17).

use super::*;
use proptest::prelude::*;

const TAO: u64 = 1_000_000_000;

/// The §3.5 pool: y = 1,000 TAO, x = 10,000 α, p = 0.1, fee 33.
fn spec_pool() -> NativePool {
    NativePool::new(Reserves { tao_rao: 1_000 * TAO, alpha_rao: 10_000 * TAO }, DEFAULT_FEE_RATE)
        .expect("valid pool")
}

#[test]
fn spec_3_5_stake_unstake_round_trip() {
    let mut pool = spec_pool();
    assert_eq!(pool.price_rao_per_alpha(), 100_000_000);

    // Stake 10 TAO.
    let buy = pool.swap_tao_for_alpha(10 * TAO, None, false).expect("buy");
    assert_eq!(buy.fee, 5_035_477);
    assert_eq!(buy.net_in(), 9_994_964_523);
    assert_eq!(buy.amount_out, 98_960_538_161);
    assert_eq!(
        pool.reserves(),
        Reserves { tao_rao: 1_009_994_964_523, alpha_rao: 9_901_039_461_839 }
    );
    assert_eq!(pool.price_rao_per_alpha(), 102_008_982); // p = 0.1020090 (rounded)

    // Unstake all of it.
    let sell = pool.swap_alpha_for_tao(buy.amount_out, None, false).expect("sell");
    assert_eq!(sell.fee, 49_831_353);
    assert_eq!(sell.net_in(), 98_910_706_808);
    assert_eq!(sell.amount_out, 9_989_981_362);

    // The author's fee sale: the alpha fee sold fee-free.
    let author = pool.protocol_sell(sell.fee).expect("author sale");
    assert_eq!(author.fee, 0);
    assert_eq!(author.amount_out, 4_983_160);
    assert_eq!(pool.reserves(), Reserves { tao_rao: 1_000 * TAO + 1, alpha_rao: 10_000 * TAO });

    // Round trip: the user lost 0.010018638 TAO, all of it to block authors (+1 RAO dust in pool).
    let loss = 10 * TAO - sell.amount_out;
    assert_eq!(loss, 10_018_638);
    assert_eq!(loss, buy.fee + author.amount_out + 1);
}

#[test]
fn spec_3_5_reference_numbers() {
    // Fee-free constant product on the same pool gives 99.00990 α for 10 TAO.
    let mut pool = spec_pool();
    let free = pool.protocol_buy(10 * TAO).expect("buy");
    assert_eq!(free.amount_out / 10_000, 9_900_990); // 99.00990 α
    // The simulation equals the execution and does not move the pool.
    let pool = spec_pool();
    let sim = pool.sim_swap_tao_for_alpha(10 * TAO, None, false).expect("sim");
    assert_eq!(sim.amount_out, 98_960_538_161);
    assert_eq!(pool, spec_pool());
    let sim_sell = pool.sim_swap_alpha_for_tao(98_960_538_161, None, false).expect("sim sell");
    assert!(sim_sell.amount_out > 0);
}

#[test]
fn spec_3_5_limit_buy_partial_and_strict() {
    let mut pool = spec_pool();
    let limit = 101_000_000; // 0.101 TAO/α
    let r = pool.swap_tao_for_alpha(10 * TAO, Some(limit), true).expect("partial");
    assert!(r.limited);
    assert_eq!(r.amount_in, 4_990_074_852);
    assert_eq!(r.net_in(), 4_987_562_112);
    assert_eq!(r.fee, 2_512_740);
    assert_eq!(r.amount_out, 49_628_097_899);
    // The price is left at exactly 0.101 (never above).
    assert_eq!(pool.price_rao_per_alpha(), 100_999_999);
    let after = pool.reserves();
    assert!(
        u128::from(after.tao_rao) * u128::from(TAO)
            <= u128::from(limit) * u128::from(after.alpha_rao)
    );

    let mut pool = spec_pool();
    assert_eq!(
        pool.swap_tao_for_alpha(10 * TAO, Some(limit), false),
        Err(PoolError::SlippageTooHigh { requested: 10 * TAO, max_amount: 4_990_074_852 })
    );
    assert_eq!(pool, spec_pool(), "a failed swap changes nothing");
    // Exactly the max amount executes in full.
    let full = pool.swap_tao_for_alpha(4_990_074_852, Some(limit), false).expect("max fits");
    assert!(!full.limited);
    assert_eq!(full.amount_out, 49_628_097_899);
}

#[test]
fn spec_3_5_sell_to_0_099_takes_50_378_alpha_net() {
    let r = spec_pool().reserves();
    assert_eq!(math::max_sell_net_to_limit(r, 99_000_000), 50_378_152_592);
    let mut pool = spec_pool();
    let s = pool.swap_alpha_for_tao(1_000 * TAO, Some(99_000_000), true).expect("partial sell");
    assert!(s.limited);
    assert_eq!(s.net_in(), 50_378_152_592);
    assert!(pool.price_rao_per_alpha() >= 99_000_000);
}

#[test]
fn limits_at_or_past_the_price_are_refused_outright() {
    let mut pool = spec_pool();
    let at = 100_000_000;
    let err = PoolError::PriceLimitExceeded { price_rao_per_alpha: at, limit_rao_per_alpha: at };
    assert_eq!(pool.swap_tao_for_alpha(TAO, Some(at), true), Err(err));
    assert_eq!(pool.swap_alpha_for_tao(TAO, Some(at), true), Err(err));
    // Default limits never bind on this pool.
    assert!(pool.swap_tao_for_alpha(TAO, Some(DEFAULT_MAX_BUY_PRICE), false).is_ok());
    assert!(pool.swap_alpha_for_tao(TAO, Some(DEFAULT_MIN_SELL_PRICE), false).is_ok());
}

#[test]
fn guards() {
    let mut pool = spec_pool();
    assert_eq!(pool.swap_tao_for_alpha(0, None, false), Err(PoolError::ZeroAmount));
    // One alpha-RAO at 0.1 TAO/α sells for nothing: the output rounds to zero.
    assert_eq!(pool.swap_alpha_for_tao(1, None, false), Err(PoolError::ZeroOutput));
    // One RAO still buys 9 alpha-RAO (no fee on so small an input).
    assert_eq!(pool.sim_swap_tao_for_alpha(1, None, false).map(|r| r.amount_out), Ok(9));
    // More than 1000 × the input reserve.
    let too_big = 1_000 * 1_000 * TAO * 2;
    assert!(matches!(
        pool.swap_tao_for_alpha(too_big, None, false),
        Err(PoolError::InputTooLarge { .. })
    ));
    // Output-side reserve below the minimum.
    let mut thin = NativePool::new(Reserves { tao_rao: TAO, alpha_rao: MINIMUM_RESERVE - 1 }, 33)
        .expect("pool");
    assert_eq!(
        thin.swap_tao_for_alpha(TAO, None, false),
        Err(PoolError::InsufficientLiquidity {
            reserve: MINIMUM_RESERVE - 1,
            required: MINIMUM_RESERVE
        })
    );
    assert_eq!(
        NativePool::new(Reserves::default(), MAX_FEE_RATE + 1),
        Err(PoolError::InvalidFeeRate(10_001))
    );
}

#[test]
fn stable_pool_is_one_to_one_without_fee() {
    let mut root = NativePool::new_stable(0);
    assert_eq!(root.price(), U64F64::from_num(1));
    let b = root.swap_tao_for_alpha(5 * TAO, None, false).expect("stake");
    assert_eq!((b.amount_out, b.fee), (5 * TAO, 0));
    let s = root.swap_alpha_for_tao(2 * TAO, None, false).expect("unstake");
    assert_eq!((s.amount_out, s.fee), (2 * TAO, 0));
    assert_eq!(root.reserves().tao_rao, 3 * TAO);
    assert!(root.swap_alpha_for_tao(4 * TAO, None, false).is_err());
    assert_eq!(root.update_moving_price(10, &MovingPriceParams::default()), I96F32::from_num(1));
}

#[test]
fn injection_in_proportion_keeps_the_price() {
    let mut pool = spec_pool();
    let before = pool.price();
    pool.inject(TAO, 10 * TAO).expect("inject");
    assert_eq!(pool.price(), before);
    assert_eq!(pool.inject(u64::MAX, 0), Err(PoolError::Overflow));
}

#[test]
fn moving_price_update_uses_the_spot() {
    let mut pool = spec_pool();
    let p = MovingPriceParams::default();
    let m = pool.update_moving_price(201_600, &p);
    // α_t = 3e-6 × 1/2, spot 0.1 → p̄ ≈ 1.5e-7
    assert!(m > I96F32::from_num(0) && m < I96F32::from_num(0.000001_f64));
    assert_eq!(pool.moving_price(), m);
}

fn arb_pool() -> impl Strategy<Value = NativePool> {
    (
        MINIMUM_RESERVE..=1_000_000_000 * TAO,
        MINIMUM_RESERVE..=1_000_000_000 * TAO,
        0u16..=MAX_FEE_RATE,
    )
        .prop_map(|(y, x, f)| {
            NativePool::new(Reserves { tao_rao: y, alpha_rao: x }, f).expect("valid")
        })
}

#[derive(Debug, Clone)]
enum Op {
    Buy(u64, Option<u64>, bool),
    Sell(u64, Option<u64>, bool),
    ProtocolBuy(u64),
    ProtocolSell(u64),
}

fn arb_op() -> impl Strategy<Value = Op> {
    let amount = prop_oneof![1u64..1_000, 1_000u64..=1_000_000 * TAO];
    let limit = proptest::option::of(1u64..=10_000 * TAO);
    prop_oneof![
        (amount.clone(), limit.clone(), any::<bool>()).prop_map(|(a, l, p)| Op::Buy(a, l, p)),
        (amount.clone(), limit, any::<bool>()).prop_map(|(a, l, p)| Op::Sell(a, l, p)),
        amount.clone().prop_map(Op::ProtocolBuy),
        amount.prop_map(Op::ProtocolSell),
    ]
}

proptest! {
    #![proptest_config(super::super::test_support::config(256))]

    /// Invariants 11, 13, 14, 16: reserves stay positive, k never decreases, buys raise and sells
    /// lower the price, a limit is never crossed, and failures change nothing.
    #[test]
    fn swap_sequences_keep_pool_invariants(mut pool in arb_pool(), ops in prop::collection::vec(arb_op(), 1..40)) {
        for op in ops {
            let before = pool;
            let k0 = before.reserves().k();
            let p0 = before.reserves();
            let (buy, res, limit, partial) = match op {
                Op::Buy(a, l, p) => (true, pool.swap_tao_for_alpha(a, l, p), l, p),
                Op::Sell(a, l, p) => (false, pool.swap_alpha_for_tao(a, l, p), l, p),
                Op::ProtocolBuy(a) => (true, pool.protocol_buy(a), None, false),
                Op::ProtocolSell(a) => (false, pool.protocol_sell(a), None, false),
            };
            let after = pool.reserves();
            match res {
                Err(_) => prop_assert_eq!(pool, before),
                Ok(r) => {
                    prop_assert!(after.tao_rao > 0 && after.alpha_rao > 0);
                    prop_assert!(after.k() >= k0);
                    prop_assert!(r.amount_in >= r.fee && r.amount_out > 0);
                    // price y/x strictly up on a buy, strictly down on a sell (cross-multiplied)
                    let lhs = u128::from(after.tao_rao) * u128::from(p0.alpha_rao);
                    let rhs = u128::from(p0.tao_rao) * u128::from(after.alpha_rao);
                    if buy { prop_assert!(lhs > rhs) } else { prop_assert!(lhs < rhs) }
                    if let Some(l) = limit {
                        let post = u128::from(after.tao_rao) * u128::from(TAO);
                        let lim = u128::from(l) * u128::from(after.alpha_rao);
                        if buy { prop_assert!(post <= lim) } else { prop_assert!(post >= lim) }
                        if !partial { prop_assert!(!r.limited) }
                    }
                    // reserves move by exactly net in / out
                    if buy {
                        prop_assert_eq!(after.tao_rao, p0.tao_rao + r.net_in());
                        prop_assert_eq!(after.alpha_rao, p0.alpha_rao - r.amount_out);
                    } else {
                        prop_assert_eq!(after.alpha_rao, p0.alpha_rao + r.net_in());
                        prop_assert_eq!(after.tao_rao, p0.tao_rao - r.amount_out);
                    }
                }
            }
        }
    }

    /// Invariant 15 (no free lunch): buy then sell everything returns ≤ the input, and with the
    /// fee on, at most input − buy fee − sell fee's worth. Fee-free round trips return ≤ input.
    #[test]
    fn round_trip_never_profits(pool in arb_pool(), tao in 1_000u64..=1_000_000 * TAO) {
        let mut p = pool;
        if let Ok(b) = p.swap_tao_for_alpha(tao, None, false)
            && let Ok(s) = p.swap_alpha_for_tao(b.amount_out, None, false) {
            prop_assert!(s.amount_out <= tao - b.fee);
        }
        let mut p = pool;
        if let Ok(b) = p.protocol_buy(tao)
            && let Ok(s) = p.protocol_sell(b.amount_out) {
            prop_assert!(s.amount_out <= tao);
        }
    }

    /// Partial fills never take more than asked, and never cross the limit.
    #[test]
    fn partial_fill_bounds(pool in arb_pool(), tao in 1u64..=1_000_000 * TAO, num in 1u64..=100, den in 1u64..=100) {
        let limit = pool.price_rao_per_alpha().saturating_mul(num + den) / den;
        let mut p = pool;
        if let Ok(r) = p.swap_tao_for_alpha(tao, Some(limit), true) {
            prop_assert!(r.amount_in <= tao);
            let a = p.reserves();
            prop_assert!(u128::from(a.tao_rao) * u128::from(TAO) <= u128::from(limit) * u128::from(a.alpha_rao));
        }
        let sim = pool.sim_swap_tao_for_alpha(tao, Some(limit), true);
        let mut q = pool;
        prop_assert_eq!(sim, q.swap_tao_for_alpha(tao, Some(limit), true));
    }
}

/// The real chain's alpha-precompile precision: price in `U64F64`, × 10^9 truncated to RAO,
/// then × 10^9: worked values, and (below) the bound against the exact rational price.
#[test]
fn chain_precision_prices() {
    use math::{i96f32_bits_to_u64f64, price_u64f64_bits, u64f64_price_to_wei};
    let one = 1u128 << 64;
    // p = 0.1: U64F64 bits are floor(2^64 / 10); 0.1 × 10^9 truncates to 99_999_999 RAO
    // (the binary fraction is just below 0.1), so the wei price is 99_999_999 × 10^9.
    let r = Reserves { tao_rao: 1_000 * TAO, alpha_rao: 10_000 * TAO };
    assert_eq!(price_u64f64_bits(r), one / 10);
    assert_eq!(u64f64_price_to_wei(price_u64f64_bits(r)), 99_999_999 * 1_000_000_000);
    // Exact integer prices keep every digit; the wei price is a multiple of 10^9.
    let r = Reserves { tao_rao: 3 * TAO, alpha_rao: TAO };
    assert_eq!(u64f64_price_to_wei(price_u64f64_bits(r)), 3 * 1_000_000_000_000_000_000);
    assert_eq!(price_u64f64_bits(Reserves { tao_rao: 5, alpha_rao: 0 }), 0);
    // Saturation at u64::MAX RAO per alpha.
    assert_eq!(u64f64_price_to_wei(u128::MAX), u128::from(u64::MAX) * 1_000_000_000);
    // I96F32 0.25 → U64F64 0.25.
    assert_eq!(i96f32_bits_to_u64f64(1 << 30), one / 4);
    assert_eq!(i96f32_bits_to_u64f64(u128::MAX), u128::MAX);
}

proptest! {
    /// The two-step truncation never exceeds the exact price and is within 1 RAO of it.
    #[test]
    fn chain_precision_within_one_rao(tao in 1u64..u64::MAX / 2, alpha in 1u64..u64::MAX / 2) {
        use math::{price_u64f64_bits, u64f64_price_to_wei};
        let r = Reserves { tao_rao: tao, alpha_rao: alpha };
        let wei = u64f64_price_to_wei(price_u64f64_bits(r));
        prop_assert_eq!(wei % 1_000_000_000, 0);
        let exact_rao = u128::from(math::price_rao_per_alpha(r));
        let rao = wei / 1_000_000_000;
        prop_assert!(rao <= exact_rao && exact_rao - rao <= 1, "rao {} exact {}", rao, exact_rao);
    }
}
