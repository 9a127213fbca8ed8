//! Differential fixtures: the numbers that the real chain's own coinbase tests assert
//! (opentensor/subtensor `pallets/subtensor/src/tests/coinbase.rs`, commit 14bc6f9f),
//! replayed through [`tao_economics::coinbase_split`] and the moving-price EMA.
//!
//! Each test names the subtensor test it replays; inputs and expected numbers are that test's
//! data, with the tolerance it asserts with. Mock facts: `SubnetOwnerCut` 0 unless the test
//! sets it; `TaoWeight` 0 unless set; `set_full_injection_root_stake()` stores 10^18 RAO on
//! root and `TaoWeight = u64::MAX`, so the root proportion is about 1 and the injection cap
//! `rp × alpha_emission` binds only when a test wants it to; a stable (mechanism 0) subnet
//! reads a moving price of 1. Alpha emission per block is
//! `block_emission(SubnetAlphaIn + SubnetAlphaOut)`, 10^9 below the first halving.

#![allow(clippy::unwrap_used)]

use substrate_fixed::types::{I96F32, U64F64};
use tao_economics::coinbase_split::{
    CoinbaseParams, RootProportion, SubnetCoinbaseInput, SubnetEmissionInput, apply_injection,
    compute_injection, plan_block, split_block_emission,
};
use tao_economics::pool::{MovingPriceParams, next_moving_price};
use tao_economics::{NativePool, PoolEngine, Reserves};

/// `set_full_injection_root_stake()`: 10^18 RAO on root, `TaoWeight = u64::MAX`.
fn full_injection(owner_cut: u16) -> CoinbaseParams {
    CoinbaseParams { root_tao_rao: 1_000_000_000_000_000_000, tao_weight: u64::MAX, owner_cut }
}

/// An emitting subnet with these reserves, moving price and alpha issuance.
fn subnet(
    netuid: u16,
    tao: u64,
    alpha: u64,
    moving_price: I96F32,
    issuance: u64,
) -> SubnetCoinbaseInput {
    SubnetCoinbaseInput {
        emission: SubnetEmissionInput {
            netuid,
            moving_price,
            miner_burned: U64F64::from_num(0),
            emission_enabled: true,
        },
        reserves: Reserves { tao_rao: tao, alpha_rao: alpha },
        alpha_issuance: issuance,
        owner_cut_enabled: true,
    }
}

fn one() -> I96F32 {
    I96F32::from_num(1)
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_owner_cut_base
#[test]
fn test_owner_cut_base() {
    // Reserves 10^12 / 10^12, a zero TAO emission; owner cut 0, then u16::MAX.
    let s = [subnet(1, 1_000_000_000_000, 1_000_000_000_000, one(), 1_000_000_000_000)];
    let none = CoinbaseParams { root_tao_rao: 0, tao_weight: 0, owner_cut: 0 };
    assert_eq!(plan_block(0, &s, &none).subnets[0].split.owner, 0);
    let full = CoinbaseParams { owner_cut: u16::MAX, ..none };
    assert_eq!(plan_block(0, &s, &full).subnets[0].split.owner, 1_000_000_000);
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_coinbase_alpha_issuance_base
#[test]
fn test_coinbase_alpha_issuance_base() {
    // Two subnets at price 1 (reserves 10^6 / 10^6; stable, so p̄ reads 1); 10^6 RAO emitted.
    let initial = 1_000_000;
    let s =
        [subnet(1, initial, initial, one(), initial), subnet(2, initial, initial, one(), initial)];
    let plan = plan_block(1_000_000, &s, &full_injection(0));
    for sub in &plan.subnets {
        let mut pool =
            NativePool::new(Reserves { tao_rao: initial, alpha_rao: initial }, 33).unwrap();
        apply_injection(&mut pool, &sub.injection);
        assert_eq!(pool.reserves().alpha_rao, initial + 1_000_000 / 2, "netuid {}", sub.netuid);
    }
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_coinbase_tao_issuance_base
#[test]
fn test_coinbase_tao_issuance_base() {
    // One dynamic subnet, p̄ = 1, 1 234 567 RAO emitted: all of it enters SubnetTAO (the pool
    // of a first dynamic subnet is at price 1; the result does not depend on its size while
    // the cap does not bind).
    let emission = 1_234_567;
    let s = [subnet(1, 100_000_000_000, 100_000_000_000, one(), 100_000_000_000)];
    let plan = plan_block(emission, &s, &full_injection(0));
    assert_eq!(plan.undistributed_tao, 0);
    assert_eq!(plan.subnets[0].injection.tao_in, emission);
    assert_eq!(plan.subnets[0].injection.excess_tao, 0);
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_coinbase_alpha_issuance_with_cap_trigger
#[test]
fn test_coinbase_alpha_issuance_with_cap_trigger() {
    // Price 10^-6 (1 000 RAO against 10^9 alpha-RAO), p̄ 1 and 2, 10^6 RAO emitted: the
    // alpha injected stays below 10^9 and each subnet mints the full alpha block emission.
    let (tao, alpha) = (1_000, 1_000_000_000);
    let s =
        [subnet(1, tao, alpha, one(), alpha), subnet(2, tao, alpha, I96F32::from_num(2), alpha)];
    let plan = plan_block(1_000_000, &s, &full_injection(0));
    for sub in &plan.subnets {
        assert!(alpha + sub.injection.alpha_in < alpha + 1_000_000_000, "netuid {}", sub.netuid);
        assert!(sub.injection.capped, "netuid {}", sub.netuid);
        assert_eq!(sub.injection.alpha_out, 1_000_000_000, "netuid {}", sub.netuid);
    }
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_coinbase_subnet_terms_with_alpha_in_lte_alpha_emission
#[test]
fn test_coinbase_subnet_terms_with_alpha_in_lte_alpha_emission() {
    // Reserves 10^15 / 10^15 (price 1), τ = 34 566 756 RAO, below the cap.
    let r = Reserves { tao_rao: 1_000_000_000_000_000, alpha_rao: 1_000_000_000_000_000 };
    let p = full_injection(0);
    let rp = RootProportion::new(p.root_tao_rao, p.tao_weight, r.alpha_rao);
    let tau = 34_566_756;
    let inj = compute_injection(tau, r, r.alpha_rao, &rp);
    assert!(!inj.capped);
    assert_eq!(inj.alpha_out, 1_000_000_000);
    assert_eq!(inj.alpha_in, tau); // τ / price
    assert_eq!(inj.tao_in, tau);
    assert_eq!(inj.excess_tao, 0);
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_coinbase_subnet_terms_with_alpha_in_gt_alpha_emission
#[test]
fn test_coinbase_subnet_terms_with_alpha_in_gt_alpha_emission() {
    // Price 0.01 (10^9 RAO against 10^11 alpha-RAO), τ = alpha_emission × 0.01 (+0.01 RAO,
    // which an integer τ drops): τ / price exceeds the cap, so alpha_in = cap (±cap/1000),
    // tao_in = alpha_in × price and excess = τ − tao_in (±0.01 in the chain's fixed point,
    // < 1 RAO here after flooring).
    let r = Reserves { tao_rao: 1_000_000_000, alpha_rao: 100_000_000_000 };
    let p = full_injection(0);
    let rp = RootProportion::new(p.root_tao_rao, p.tao_weight, r.alpha_rao);
    let alpha_emission = 1_000_000_000;
    let tau = alpha_emission / 100;
    let inj = compute_injection(tau, r, r.alpha_rao, &rp);
    let cap = rp.of(alpha_emission);
    assert!(inj.capped);
    assert_eq!(inj.alpha_out, alpha_emission);
    assert!(inj.alpha_in.abs_diff(cap) <= cap / 1000);
    assert_eq!(inj.tao_in, inj.alpha_in / 100);
    assert_eq!(inj.excess_tao, tau - inj.tao_in);
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_get_subnet_terms_alpha_emissions_cap
// (its first half; the second compares against the unfloored U96F32 cap, see docs/economics.md)
#[test]
fn test_get_subnet_terms_alpha_emissions_cap() {
    let r = Reserves { tao_rao: 100_000_000_000, alpha_rao: 100_000_000_000 };
    let p = full_injection(0);
    let rp = RootProportion::new(p.root_tao_rao, p.tao_weight, r.alpha_rao);
    let inj = compute_injection(100_000_000, r, r.alpha_rao, &rp);
    assert!(!inj.capped);
    assert_eq!(inj.alpha_in, 100_000_000);
    let inj = compute_injection(10_000_000_000, r, r.alpha_rao, &rp);
    assert!(inj.capped);
    assert_eq!(inj.alpha_in, rp.of(inj.alpha_out));
}

/// `SubnetMovingAlpha` set by the test, as the chain stores it (`I96F32::from_num`).
fn moving_alpha(a: f64) -> MovingPriceParams {
    MovingPriceParams { moving_alpha: I96F32::from_num(a), ..MovingPriceParams::default() }
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_update_moving_price_initial
#[test]
fn test_update_moving_price_initial() {
    // Spot 1, p̄ 0, alpha 0.5, block 510, first emission block 500: b = 510 − 499 = 11.
    let p = next_moving_price(I96F32::from_num(0), U64F64::from_num(1), 11, &moving_alpha(0.5));
    assert!(p < I96F32::from_num(0.001), "{p}");
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_update_moving_price_after_time
#[test]
fn test_update_moving_price_after_time() {
    // Block 144 000 500, first emission block 500: b = 144 000 001.
    let p = next_moving_price(
        I96F32::from_num(0),
        U64F64::from_num(1),
        144_000_001,
        &moving_alpha(0.5),
    );
    assert!((p - I96F32::from_num(0.5)).abs() < I96F32::from_num(0.001), "{p}");
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_coinbase_moving_prices
#[test]
fn test_coinbase_moving_prices() {
    let spot = U64F64::from_num(1);
    // p̄ 1 at spot 1 stays exactly 1 (block 7 200 000, first emission block 1).
    let p = next_moving_price(one(), spot, 7_200_000, &MovingPriceParams::default());
    assert_eq!(p, one());
    // From 0 with alpha 1.0: within 0.05 of 1.
    let p = next_moving_price(I96F32::from_num(0), spot, 7_200_000, &moving_alpha(1.0));
    assert!(one() - p < I96F32::from_num(0.05), "{p}");
    // From 0 with alpha 0.1 at block 201 600 (b = 201 600), 14 steps: 0.512325 ± 0.001.
    let mut p = I96F32::from_num(0);
    for _ in 0..14 {
        p = next_moving_price(p, spot, 7_200 * 28, &moving_alpha(0.1));
    }
    assert!((p - I96F32::from_num(0.512_325)).abs() <= I96F32::from_num(0.001), "{p}");
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_coinbase_tao_issuance_different_prices
#[test]
fn test_coinbase_tao_issuance_different_prices() {
    // Spot 0.1 and 0.2 (10^5 RAO against 10^6 and 5·10^5 alpha-RAO), p̄ 0.1 and 0.2, 10^8 RAO
    // emitted: SubnetTAO grows by E/3 and 2E/3 (±10) and all of E is issued (±10).
    let emission = 100_000_000;
    let tao = 100_000;
    let s = [
        subnet(1, tao, tao * 10, I96F32::from_num(0.1), tao * 10),
        subnet(2, tao, tao * 5, I96F32::from_num(0.2), tao * 5),
    ];
    let plan = plan_block(emission, &s, &full_injection(0));
    let into_pool = |i: usize| {
        let inj = &plan.subnets[i].injection;
        inj.tao_in + inj.excess_tao
    };
    assert!(into_pool(0).abs_diff(emission / 3) <= 10, "{}", into_pool(0));
    assert!(into_pool(1).abs_diff(2 * emission / 3) <= 10, "{}", into_pool(1));
    assert!((into_pool(0) + into_pool(1)).abs_diff(emission) <= 10);
    assert!(plan.undistributed_tao <= 10);
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_coinbase_alpha_issuance_different
// (differs, pinned: docs/economics.md)
#[test]
fn test_coinbase_alpha_issuance_different_differs() {
    // Prices 1 and 2 with p̄ 1 and 2, 10^6 RAO emitted. The chain splits E by the raw p̄
    // (1/3, 2/3) and asserts alpha_in 10^6 + 333 333 on both subnets; the model clamps p̄ into
    // [0, 1] for the split (1/2, 1/2), so alpha_in is 500 000 and 250 000. A p̄ above 1 cannot
    // arise on either chain (the EMA caps the spot at 1); the test writes it into storage.
    let initial = 1_000_000;
    let s = [
        subnet(1, initial, initial, one(), initial),
        subnet(2, 2 * initial, initial, I96F32::from_num(2), initial),
    ];
    let plan = plan_block(1_000_000, &s, &full_injection(0));
    let theirs = [initial + 1_000_000 / 3, initial + (1_000_000 * 2 / 3) / 2];
    let ours: Vec<u64> = plan.subnets.iter().map(|p| initial + p.injection.alpha_in).collect();
    assert_eq!(ours, vec![initial + 500_000, initial + 250_000]);
    assert_ne!(ours, theirs.to_vec());
}

// subtensor: pallets/subtensor/src/tests/subnet_emissions.rs::get_shares_ignores_root_prop_storage_when_prices_and_burns_match
#[test]
fn get_shares_ignores_root_prop_storage_when_prices_and_burns_match() {
    // p̄ 1 and 1, MinerBurned 0 and 0 (RootProp 1.0 and 0.1 stored, which the rule of `main`
    // does not read and the split takes no input for): shares 1/2 each.
    let input = |netuid| SubnetEmissionInput {
        netuid,
        moving_price: one(),
        miner_burned: U64F64::from_num(0),
        emission_enabled: true,
    };
    let e = 1_000_000_000;
    let split = split_block_emission(e, &[input(1), input(2)]);
    assert_eq!(split.per_subnet, vec![(1, e / 2), (2, e / 2)]);
    assert_eq!(split.undistributed, 0);
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_pending_emission
#[test]
fn test_pending_emission() {
    // The third coinbase of the test: no TAO emitted (so no injection), alpha_out 10^9, owner
    // cut 0 (mock), 10^9 RAO on root with TaoWeight 1.0, root sell on (p̄ 2). Alpha issuance
    // before the block: the reserve of 1 alpha-RAO plus the 10^9 minted by each of the two
    // earlier coinbases. Theirs: server 500 000 000, root 125 000 000, validators 375 000 000
    // (±1): the pending split uses the root proportion read after this block's alpha was
    // minted (issuance 3·10^9 + 1, rp 0.25), not the one that capped the injection (rp 1/3).
    let issuance_before = 2_000_000_001;
    let s = [subnet(1, 1_000_000, 1, I96F32::from_num(2), issuance_before)];
    let p = CoinbaseParams { root_tao_rao: 1_000_000_000, tao_weight: u64::MAX, owner_cut: 0 };
    let plan = plan_block(0, &s, &p);
    let split = plan.subnets[0].split;
    assert!(plan.root_sell);
    assert_eq!(split.server, 500_000_000);
    assert_eq!((split.root, split.validator), (124_999_999, 375_000_001));
    // The proportion before the block (1/3) is what the injection cap used.
    let before = RootProportion::new(p.root_tao_rao, p.tao_weight, issuance_before);
    assert_eq!(plan.subnets[0].root_proportion, before);
}

/// `test_coinbase_emit_to_subnets_with_{no_,}root_sell`: reserves 10^15 / 10^15, τ 12 345 678
/// RAO, owner cut u16::MAX / 10, nothing on root (mock `TaoWeight` 0): owner cut ≈ cut × 10^9,
/// server and validators ≈ half the rest each, root 0 (all within 200 alpha-RAO).
fn emit_to_subnets(root_sell_p: I96F32) {
    let r = 1_000_000_000_000_000;
    let s = [subnet(1, r, r, root_sell_p, r)];
    let p = CoinbaseParams { root_tao_rao: 0, tao_weight: 0, owner_cut: u16::MAX / 10 };
    let plan = plan_block(12_345_678, &s, &p);
    let split = plan.subnets[0].split;
    let alpha_emission: u64 = 1_000_000_000;
    let owner =
        u64::try_from(u128::from(alpha_emission) * u128::from(u16::MAX / 10) / 65_535).unwrap();
    let half = (alpha_emission - owner) / 2;
    assert!(split.owner.abs_diff(owner) <= 200, "owner {}", split.owner);
    assert_eq!(split.root, 0);
    assert!(split.server.abs_diff(half) <= 200, "server {}", split.server);
    assert!(split.validator.abs_diff(half) <= 200, "validator {}", split.validator);
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_coinbase_emit_to_subnets_with_no_root_sell
#[test]
fn test_coinbase_emit_to_subnets_with_no_root_sell() {
    emit_to_subnets(one());
}

// subtensor: pallets/subtensor/src/tests/coinbase.rs::test_coinbase_emit_to_subnets_with_root_sell
#[test]
fn test_coinbase_emit_to_subnets_with_root_sell() {
    // Σ p̄ > 1 sets the root-sell flag; with nothing on root the root bucket is still 0.
    emit_to_subnets(I96F32::from_num(2));
}
