//! Differential fixtures: the integers that the real chain's registration tests assert
//! (opentensor/subtensor `pallets/subtensor/src/tests/{registration.rs, networks.rs}`, commit
//! 14bc6f9f), replayed through [`tao_economics::registration`].
//!
//! The chain updates a subnet's burn once per block in its block step (skipped in block 1)
//! and once per registration; `step_block(1)` is one [`burn_after_block`] and a successful
//! `burned_register` one [`burn_after_registration`]. Tests that set `MinBurn = 0` and
//! `MaxBurn = u64::MAX` set values the admin bounds would refuse; the burn functions take them
//! as they are, as the chain's storage does.

#![allow(clippy::unwrap_used)]

use substrate_fixed::types::U64F64;
use tao_economics::registration::{
    BurnParams, LockParams, LockState, NeuronCandidate, burn_after_block, burn_after_registration,
    initial_pool_reserves, median_price, select_uid_to_prune,
};

fn params(min: u64, max: u64, half_life: u16, mult: u64) -> BurnParams {
    BurnParams {
        min_burn_rao: min,
        max_burn_rao: max,
        half_life,
        increase_mult: U64F64::from_num(mult),
    }
}

// subtensor: pallets/subtensor/src/tests/registration.rs::test_burn_decay
#[test]
fn test_burn_decay() {
    let p = params(0, u64::MAX, 1_000, 2);
    let burn = burn_after_registration(1_000, &p);
    assert_eq!(burn, 2_000);
    assert_eq!(burn_after_block(burn, &p), 1_998);
}

// subtensor: pallets/subtensor/src/tests/registration.rs::test_burn_halves_every_half_life
#[test]
fn test_burn_halves_every_half_life() {
    let p = params(0, u64::MAX, 2, 1);
    let two_blocks = |b| burn_after_block(burn_after_block(b, &p), &p);
    let burn = two_blocks(1_024);
    assert_eq!(burn, 511);
    assert_eq!(two_blocks(burn), 255);
}

// subtensor: pallets/subtensor/src/tests/registration.rs::test_burn_min_and_max_clamps_prevent_zero_stuck_and_cap_bump
#[test]
fn test_burn_min_and_max_clamps_prevent_zero_stuck_and_cap_bump() {
    let p = params(100_000, 150_000, 1, 2);
    let burn = burn_after_block(1, &p);
    assert_eq!(burn, 100_000);
    let burn = burn_after_registration(burn, &p);
    assert_eq!(burn, 150_000);
    let burn = burn_after_block(burn, &p);
    assert_eq!(burn, 100_000);
    assert_eq!(burn_after_block(burn, &p), 100_000);
}

// subtensor: pallets/subtensor/src/tests/registration.rs::test_update_registration_prices_for_networks_runs_on_next_block_step
#[test]
fn test_update_registration_prices_for_networks_runs_on_next_block_step() {
    assert_eq!(burn_after_block(1_000, &params(0, u64::MAX, 1_000, 2)), 999);
}

// subtensor: pallets/subtensor/src/tests/registration.rs::test_registration_pruning
#[test]
fn test_registration_pruning() {
    // Block 1000, immunity 100, no owner-immune uids, MinNonImmuneUids 0; emissions
    // [10, 10, 1], registered at [850, 800, 990]: uid 2 is immune, uid 1 is the oldest of the
    // tied non-immune pair.
    let now = 1_000;
    let n = |uid, emission, registered_at| NeuronCandidate {
        uid,
        emission,
        registered_at,
        immortal: false,
    };
    let neurons = [n(0, 10, now - 150), n(1, 10, now - 200), n(2, 1, now - 10)];
    assert_eq!(select_uid_to_prune(&neurons, now, 100, 0), Some(1));
}

/// A first dynamic subnet's lock and pool at block 1 with `NetworkMinLockCost` =
/// `NetworkLastLockCost` = `lock` and no earlier registration (block emission 1 TAO).
fn first_subnet(lock: u64) -> (u64, (u64, u64)) {
    let p = LockParams { min_lock_rao: lock, ..LockParams::default() };
    let state = LockState { last_lock_rao: lock, last_lock_block: 0 };
    let cost = state.cost(1, 1_000_000_000, &p);
    (cost, initial_pool_reserves(cost, lock, median_price(&[])))
}

// subtensor: pallets/subtensor/src/tests/networks.rs::test_register_subnet_low_lock_cost
#[test]
fn test_register_subnet_low_lock_cost() {
    let (cost, (tao, alpha)) = first_subnet(1_000);
    assert!(cost < 100_000_000_000);
    assert_eq!((tao, alpha), (cost, cost));
}

// subtensor: pallets/subtensor/src/tests/networks.rs::test_register_subnet_high_lock_cost
#[test]
fn test_register_subnet_high_lock_cost() {
    let (cost, (tao, alpha)) = first_subnet(1_000_000_000_000);
    assert!(cost >= 1_000_000_000_000);
    assert_eq!((tao, alpha), (cost, cost));
}
