//! The worked coinbase example of spec §2.7 and coinbase invariants (spec §7, 5–8).

use super::super::pool::{DEFAULT_FEE_RATE, NativePool};
use super::*;
use proptest::prelude::*;

const TAO: u64 = 1_000_000_000;

fn price(num: i32, den: i32) -> I96F32 {
    I96F32::from_num(num) / I96F32::from_num(den)
}

fn subnet(netuid: u16, p: I96F32) -> SubnetEmissionInput {
    SubnetEmissionInput {
        netuid,
        moving_price: p,
        miner_burned: U64F64::from_num(0),
        emission_enabled: true,
    }
}

/// Subnet A of §2.7: spot 0.02 (x = 1,000,000 α, y = 20,000 TAO), alpha issuance 2,000,000 α.
fn subnet_a(p: I96F32) -> SubnetCoinbaseInput {
    SubnetCoinbaseInput {
        emission: subnet(1, p),
        reserves: Reserves { tao_rao: 20_000 * TAO, alpha_rao: 1_000_000 * TAO },
        alpha_issuance: 2_000_000 * TAO,
        owner_cut_enabled: true,
    }
}

fn subnet_b(p: I96F32) -> SubnetCoinbaseInput {
    SubnetCoinbaseInput {
        emission: subnet(2, p),
        reserves: Reserves { tao_rao: 60_000 * TAO, alpha_rao: 1_000_000 * TAO },
        alpha_issuance: 2_000_000 * TAO,
        owner_cut_enabled: true,
    }
}

/// Spec §2.7: E = 1 TAO, EMA prices 0.02 / 0.06 → shares 0.25 / 0.75; R = 4M TAO, default w.
#[test]
fn spec_2_7_worked_coinbase_example() {
    let params = CoinbaseParams { root_tao_rao: 4_000_000 * TAO, ..CoinbaseParams::default() };
    // EMA prices in exact 1:3 ratio (0.02 is not exact in I96F32; see the next test).
    let pa = I96F32::from_bits(85_899_345);
    let pb = I96F32::from_bits(3 * 85_899_345);
    let plan = plan_block(TAO, &[subnet_a(pa), subnet_b(pb)], &params);
    assert!(!plan.root_sell, "Σ p̄ = 0.08 ≤ 1");
    let a = plan.subnets[0];
    assert_eq!(a.tao_emission, 250_000_000); // τ_A = 0.25 TAO
    assert_eq!(plan.subnets[1].tao_emission, 750_000_000);
    assert_eq!(plan.undistributed_tao, 0);
    // rp_A = 210,708 / 2,210,708 = 0.095312
    assert_eq!(a.root_proportion.root_weight, 210_707_897_549_133);
    assert_eq!(
        (a.root_proportion.as_fixed() * U64F64::from_num(1_000_000)).to_num::<u64>(),
        95_312
    );
    let inj = a.injection;
    assert!(inj.capped); // uncapped 12.5 α
    assert_eq!(inj.alpha_in, 95_312_410); // 0.095312 α
    assert_eq!(inj.tao_in, 1_906_248); // 0.001906 TAO
    assert_eq!(inj.excess_tao, 248_093_752); // 0.248094 TAO
    assert_eq!(inj.alpha_out, TAO); // 1 α
    let s = a.split;
    assert_eq!(s.owner, 179_995_422); // 0.179995 α
    assert_eq!(s.server, 410_002_289); // 0.410002 α
    // The spec's worked example splits with the proportion before the block (39,078,306);
    // the real chain reads it again after minting this block's alpha (issuance + 0.095 α +
    // 1 α), which is 20 alpha-RAO less for root (subtensor `test_pending_emission`).
    assert_eq!(s.root + s.root_recycled, 39_078_286); // 0.039078 α
    assert_eq!(s.root_recycled, 39_078_286, "root alpha recycled while Σ p̄ ≤ 1");
    assert_eq!(s.validator, 370_924_003); // 0.370924 α
    assert_eq!(s.owner + s.server + s.validator + s.root + s.root_recycled, TAO);
    // Per 360-block tempo: 64.80 / 147.60 / 14.07 / 133.53 α (to 0.01 α).
    let centi = |v: u64| (v * 360 + TAO / 200) / (TAO / 100);
    assert_eq!(
        [centi(s.owner), centi(s.server), centi(s.root_recycled), centi(s.validator)],
        [6_480, 14_760, 1_407, 13_353]
    );
}

#[test]
fn spec_2_7_with_decimal_ema_prices_and_w_0_18() {
    // p̄ = 0.02 and 0.06 as I96F32 (truncated): τ_A differs from 0.25 TAO by 2 RAO.
    let params = CoinbaseParams {
        root_tao_rao: 4_000_000 * TAO,
        tao_weight: 3_320_413_933_267_719_290,
        owner_cut: SUBNET_OWNER_CUT,
    };
    let plan = plan_block(TAO, &[subnet_a(price(2, 100)), subnet_b(price(6, 100))], &params);
    let a = plan.subnets[0];
    assert_eq!(a.tao_emission, 249_999_998);
    assert_eq!(plan.undistributed_tao, TAO - a.tao_emission - plan.subnets[1].tao_emission);
    // w = 0.18: rp_A = 0.2647, alpha_in = 0.2647 α, tao_in = 0.0053 TAO, excess = 0.2447 TAO,
    // root 0.1085 α per block.
    let rp = (a.root_proportion.as_fixed() * U64F64::from_num(10_000)).to_num::<u64>();
    assert_eq!(rp, 2_647);
    assert_eq!(a.injection.alpha_in / 100_000, 2_647);
    assert_eq!((a.injection.tao_in + 50_000) / 100_000, 53);
    assert_eq!((a.injection.excess_tao + 50_000) / 100_000, 2_447);
    assert_eq!((a.split.root_recycled + 50_000) / 100_000, 1_085);
}

#[test]
fn split_rules() {
    let half = price(1, 2);
    // MinerBurned discounts the weight.
    let mut a = subnet(1, half);
    a.miner_burned = U64F64::from_num(1) / U64F64::from_num(2);
    let b = subnet(2, half);
    let s = split_block_emission(3 * TAO, &[a, b]);
    assert_eq!(s.per_subnet, vec![(1, TAO), (2, 2 * TAO)]);
    // Every weight 0 → fall back to prices.
    let mut c = subnet(1, half);
    c.miner_burned = U64F64::from_num(1);
    let mut d = subnet(2, half);
    d.miner_burned = U64F64::from_num(5);
    assert_eq!(split_block_emission(2 * TAO, &[c, d]).per_subnet, vec![(1, TAO), (2, TAO)]);
    // Disabled subnets get 0; the rest renormalise.
    let mut e = subnet(2, half);
    e.emission_enabled = false;
    let s = split_block_emission(TAO, &[subnet(1, price(1, 10)), e]);
    assert_eq!(s.per_subnet, vec![(1, TAO), (2, 0)]);
    // Nothing eligible or all prices 0: everything undistributed.
    assert_eq!(split_block_emission(TAO, &[]).undistributed, TAO);
    assert_eq!(split_block_emission(TAO, &[subnet(1, I96F32::from_num(0))]).undistributed, TAO);
}

#[test]
fn root_sell_flag_threshold() {
    assert!(!root_sell_flag([I96F32::from_num(1)]));
    assert!(root_sell_flag([I96F32::from_num(1), I96F32::from_bits(1)]));
    assert!(!root_sell_flag([I96F32::from_num(-5), I96F32::from_num(1)]));
}

#[test]
fn bootstrap_decisions() {
    let spot = U64F64::from_num(3) / U64F64::from_num(4);
    assert_eq!(SubnetBootstrap::default(), SubnetBootstrap::DEV);
    assert_eq!(SubnetBootstrap::DEV.initial_moving_price(spot), I96F32::from_num(0.75_f64));
    assert_eq!(SubnetBootstrap::DEV.initial_moving_price(U64F64::from_num(7)), I96F32::from_num(1));
    assert_eq!(SubnetBootstrap::MAINNET.initial_moving_price(spot), I96F32::from_num(0));
    assert!(SubnetBootstrap::default().emission_enabled_at_registration);
    let mainnet = SubnetBootstrap {
        moving_price_start: MovingPriceStart::Zero,
        emission_enabled_at_registration: false,
    };
    assert_eq!(SubnetBootstrap::MAINNET, mainnet);
}

#[test]
fn applying_the_injection_keeps_price_then_chain_buys() {
    let rp = RootProportion::new(4_000_000 * TAO, DEFAULT_TAO_WEIGHT, 2_000_000 * TAO);
    let r = Reserves { tao_rao: 20_000 * TAO, alpha_rao: 1_000_000 * TAO };
    let inj = compute_injection(250_000_000, r, 2_000_000 * TAO, &rp);
    let mut pool = NativePool::new(r, DEFAULT_FEE_RATE).expect("pool");
    pool.inject(inj.tao_in, inj.alpha_in).expect("inject");
    // The injection alone moves the price by less than 1e-9 relative.
    let after = pool.reserves();
    let (p0, p1) = (
        u128::from(r.tao_rao) * u128::from(after.alpha_rao),
        u128::from(after.tao_rao) * u128::from(r.alpha_rao),
    );
    assert!(p0.abs_diff(p1) * 1_000_000_000 < p0);
    let mut pool = NativePool::new(r, DEFAULT_FEE_RATE).expect("pool");
    let out = apply_injection(&mut pool, &inj);
    assert_eq!(out.recycled_tao, 0);
    assert!(out.protocol_alpha > 0);
    assert_eq!(pool.reserves().tao_rao, r.tao_rao + inj.tao_in + inj.excess_tao);
    // A pool that cannot take a chain buy returns the excess for recycling.
    let mut dry =
        NativePool::new(Reserves { tao_rao: 0, alpha_rao: 0 }, DEFAULT_FEE_RATE).expect("pool");
    let inj = compute_injection(TAO, dry.reserves(), 0, &rp);
    assert_eq!((inj.tao_in, inj.excess_tao), (0, TAO));
    assert_eq!(apply_injection(&mut dry, &inj).recycled_tao, TAO);
}

fn arb_subnet() -> impl Strategy<Value = SubnetCoinbaseInput> {
    (
        0i128..=(1i128 << 32),
        0u128..=(1u128 << 64),
        any::<bool>(),
        1_000_000u64..=1_000_000 * TAO,
        1_000_000u64..=1_000_000 * TAO,
        0u64..=21_000_000 * TAO,
        any::<bool>(),
    )
        .prop_map(|(p, mb, en, y, x, extra, cut)| SubnetCoinbaseInput {
            emission: SubnetEmissionInput {
                netuid: 1,
                moving_price: I96F32::from_bits(p),
                miner_burned: U64F64::from_bits(mb),
                emission_enabled: en,
            },
            reserves: Reserves { tao_rao: y, alpha_rao: x },
            alpha_issuance: x.saturating_add(extra),
            owner_cut_enabled: cut,
        })
}

proptest! {
    #![proptest_config(super::super::test_support::config(256))]

    /// Invariants 5–8 over random blocks.
    #[test]
    fn coinbase_invariants(
        subnets in prop::collection::vec(arb_subnet(), 0..12),
        emission in 0u64..=TAO,
        root in 0u64..=10_000_000 * TAO,
        tao_weight in any::<u64>(),
    ) {
        let params = CoinbaseParams { root_tao_rao: root, tao_weight, owner_cut: SUBNET_OWNER_CUT };
        let plan = plan_block(emission, &subnets, &params);
        let total: u64 = plan.subnets.iter().map(|s| s.tao_emission).sum();
        prop_assert_eq!(total + plan.undistributed_tao, emission);
        let enabled = subnets.iter().filter(|s| s.emission.emission_enabled).count() as u64;
        let any_weight = subnets.iter().any(|s| s.emission.emission_enabled && s.emission.moving_price > I96F32::from_num(0));
        if any_weight && total > 0 {
            prop_assert!(plan.undistributed_tao <= enabled, "dust {} > {}", plan.undistributed_tao, enabled);
        }
        for (s, input) in plan.subnets.iter().zip(&subnets) {
            if !input.emission.emission_enabled { prop_assert_eq!(s.tao_emission, 0); }
            let inj = s.injection;
            prop_assert_eq!(inj.tao_in + inj.excess_tao, s.tao_emission);
            prop_assert!(inj.alpha_in <= s.root_proportion.of(inj.alpha_out) || !inj.capped);
            let (x, y) = (u128::from(input.reserves.alpha_rao), u128::from(input.reserves.tao_rao));
            if inj.capped {
                prop_assert_eq!(u128::from(inj.tao_in), u128::from(inj.alpha_in) * y / x);
            }
            // injection keeps the price up to rounding: |Δ(y/x)| < max(x, y) / (x · x')
            let (x1, y1) = (x + u128::from(inj.alpha_in), y + u128::from(inj.tao_in));
            prop_assert!((y1 * x).abs_diff(y * x1) <= x.max(y));
            let sp = s.split;
            prop_assert_eq!(sp.owner + sp.server + sp.validator + sp.root + sp.root_recycled, inj.alpha_out);
            if !plan.root_sell { prop_assert_eq!(sp.root, 0); } else { prop_assert_eq!(sp.root_recycled, 0); }
            if !input.owner_cut_enabled { prop_assert_eq!(sp.owner, 0); }
        }
    }
}
