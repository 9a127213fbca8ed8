//! Tests of the registry genesis and subnet registration.

use alloy_primitives::U256;
use substrate_fixed::types::I96F32;
use tao_primitives::{NetUid, Uid};

use super::*;
use crate::MemNative;
use crate::neurons;
use crate::testkit::*;

#[test]
fn genesis_creates_root_once() {
    let mut s = genesis();
    assert!(exists(&mut s, ROOT_NETUID).unwrap());
    assert_eq!(netuids(&mut s).unwrap(), vec![NetUid(0)]);
    assert_eq!(total_networks(&mut s).unwrap(), 1);
    assert_eq!(hyperparams::get(&mut s, NetUid(0), Hyper::MaxAllowedUids).unwrap(), 64);
    assert_eq!(subnet_limit(&mut s).unwrap(), 128);
    assert_fails(&mut s, "registry genesis already applied", |s| {
        init_genesis(s, &RegistryGenesis::default())
    });
}

#[test]
fn genesis_rejects_bad_config_without_writing() {
    let mut s = MemNative::default();
    let bad_lock = RegistryGenesis { min_lock_rao: 999_999, ..RegistryGenesis::default() };
    assert_fails(&mut s, "min lock must be at least 1000000 RAO", |s| init_genesis(s, &bad_lock));
    let bad_default = RegistryGenesis {
        hyperparameter_defaults: vec![(Hyper::Tempo, 10), (Hyper::RevealPeriodEpochs, 0)],
        ..RegistryGenesis::default()
    };
    assert_fails(&mut s, "reveal_period_epochs must be between 1 and 100", |s| {
        init_genesis(s, &bad_default)
    });
    assert!(s.slots.is_empty());
}

#[test]
fn register_requires_genesis() {
    let mut s = MemNative { block: 5, ..MemNative::default() };
    fund(&mut s, &key(OWNER), 5_000 * TAO);
    assert_fails(&mut s, "registry genesis has not been applied", |s| {
        register_network(s, &key(OWNER), &key(OWNER_HOT), None)
    });
}

#[test]
fn first_registration_locks_into_the_pool() {
    let mut s = genesis();
    fund(&mut s, &key(OWNER), 1_500 * TAO);
    let issuance = s.get_u256(schema::total_issuance()).unwrap();
    assert_eq!(
        lock_cost(&mut s).map(u64::from).unwrap(),
        1_000 * TAO,
        "m = 1 before any registration"
    );
    let netuid = register_network(&mut s, &key(OWNER), &key(OWNER_HOT), None).unwrap();
    assert_eq!(netuid, NetUid(1));
    assert_eq!(s.free_balance(&key(OWNER)).map(u64::from).unwrap(), 500 * TAO);
    assert_eq!(s.get_u256(schema::total_issuance()).unwrap(), issuance, "lock is not recycled");
    assert_eq!(s.get_u64(by_netuid(schema::SUBNET_TAO, NetUid(1))).unwrap(), 1_000 * TAO);
    assert_eq!(s.get_u64(by_netuid(schema::SUBNET_ALPHA_IN, NetUid(1))).unwrap(), 1_000 * TAO);
    assert_eq!(s.get_u64(by_netuid(schema::SUBNET_ALPHA_OUT, NetUid(1))).unwrap(), 0);
    let moving = s.get_u128(by_netuid(schema::SUBNET_MOVING_PRICE, NetUid(1))).unwrap();
    assert_eq!(moving, I96F32::from_num(1).to_bits() as u128);
    assert!(s.get_bool(by_netuid(schema::EMISSION_ENABLED, NetUid(1))).unwrap());
    assert_eq!(locked(&mut s, NetUid(1)).map(u64::from).unwrap(), 1_000 * TAO);
    assert_eq!(owner(&mut s, NetUid(1)).unwrap(), key(OWNER));
    assert_eq!(owner_hotkey(&mut s, NetUid(1)).unwrap(), key(OWNER_HOT));
    assert_eq!(registered_at(&mut s, NetUid(1)).unwrap(), 1);
    assert_eq!(reg_counter(&mut s, NetUid(1)).unwrap(), 1);
    assert_eq!(total_networks(&mut s).unwrap(), 2);
    assert_eq!(netuids(&mut s).unwrap(), vec![NetUid(0), NetUid(1)]);
    // The owner hotkey is uid 0 and now belongs to the owner coldkey.
    assert_eq!(neurons::uid_count(&mut s, NetUid(1)).unwrap(), 1);
    assert_eq!(neurons::hotkey(&mut s, NetUid(1), Uid(0)).unwrap(), key(OWNER_HOT));
    assert_eq!(neurons::coldkey(&mut s, NetUid(1), Uid(0)).unwrap(), key(OWNER));
    assert_eq!(
        neurons::burn(&mut s, NetUid(1)).map(u64::from).unwrap(),
        TAO,
        "new subnets start at 1 TAO"
    );
}

#[test]
fn lock_cost_doubles_then_decays_linearly() {
    let (mut s, _) = with_subnet();
    // Issuance is ~10,000 TAO, so the emission is 1 TAO/block and I = 100,800.
    assert_eq!(
        lock_cost(&mut s).map(u64::from).unwrap(),
        2_000 * TAO,
        "x2 right after a registration"
    );
    let per_block = 1_000 * TAO / 100_800;
    assert_eq!(per_block, 9_920_634);
    s.block = 1 + 50_400;
    assert_eq!(lock_cost(&mut s).map(u64::from).unwrap(), 2_000 * TAO - per_block * 50_400);
    assert_eq!(lock_cost(&mut s).map(u64::from).unwrap(), 1_500_000_046_400);
    s.block = 1 + 100_800;
    assert_eq!(lock_cost(&mut s).map(u64::from).unwrap(), 2_000 * TAO - per_block * 100_800);
    s.block = 1 + 201_600;
    assert_eq!(lock_cost(&mut s).map(u64::from).unwrap(), 1_000 * TAO, "floored at MinLock");
}

#[test]
fn lock_decay_interval_shrinks_after_a_halving() {
    let (mut s, _) = with_subnet();
    // Issuance of 10.5M TAO halves the emission: I = 50,400.
    s.set_u256(schema::total_issuance(), U256::from(10_500_000 * TAO) * U256::from(TAO)).unwrap();
    s.block = 1 + 25_200;
    let per_block = 1_000 * TAO / 50_400;
    assert_eq!(lock_cost(&mut s).map(u64::from).unwrap(), 2_000 * TAO - per_block * 25_200);
}

#[test]
fn second_subnet_pays_double_and_starts_at_the_median_price() {
    let (mut s, _) = with_subnet();
    // Make subnet 1 trade at 2 TAO per alpha.
    s.set_u64(by_netuid(schema::SUBNET_ALPHA_IN, NetUid(1)), 500 * TAO).unwrap();
    fund(&mut s, &key(7), 2_500 * TAO);
    let netuid = register_network(&mut s, &key(7), &key(8), None).unwrap();
    assert_eq!(netuid, NetUid(2));
    assert_eq!(s.free_balance(&key(7)).map(u64::from).unwrap(), 500 * TAO);
    assert_eq!(locked(&mut s, NetUid(2)).map(u64::from).unwrap(), 2_000 * TAO);
    assert_eq!(s.get_u64(by_netuid(schema::SUBNET_TAO, NetUid(2))).unwrap(), 2_000 * TAO);
    assert_eq!(s.get_u64(by_netuid(schema::SUBNET_ALPHA_IN, NetUid(2))).unwrap(), 1_000 * TAO);
    let moving = s.get_u128(by_netuid(schema::SUBNET_MOVING_PRICE, NetUid(2))).unwrap();
    assert_eq!(moving, I96F32::from_num(1).to_bits() as u128, "moving price capped at 1");
    assert_eq!(lock_cost(&mut s).map(u64::from).unwrap(), 4_000 * TAO);
    assert_eq!(netuids(&mut s).unwrap(), vec![NetUid(0), NetUid(1), NetUid(2)]);
}

#[test]
fn network_rate_limit_applies() {
    let mut s = MemNative { block: 10, ..MemNative::default() };
    init_genesis(&mut s, &RegistryGenesis::default()).unwrap();
    fund(&mut s, &key(OWNER), 10_000 * TAO);
    register_network(&mut s, &key(OWNER), &key(OWNER_HOT), None).unwrap();
    s.block = 10 + 7_199;
    assert_fails(&mut s, "network registration rate limit exceeded", |s| {
        register_network(s, &key(OWNER), &key(3), None)
    });
    s.block = 10 + 7_200;
    assert_eq!(register_network(&mut s, &key(OWNER), &key(3), None).unwrap(), NetUid(2));
}

#[test]
fn subnet_limit_applies() {
    let mut s = MemNative { block: 1, ..MemNative::default() };
    let cfg = RegistryGenesis {
        network_rate_limit: 0,
        subnet_limit: 2,
        min_lock_rao: TAO,
        initial_last_lock_rao: TAO,
        ..RegistryGenesis::default()
    };
    init_genesis(&mut s, &cfg).unwrap();
    fund(&mut s, &key(OWNER), 100 * TAO);
    assert_eq!(register_network(&mut s, &key(OWNER), &key(2), None).unwrap(), NetUid(1));
    assert_eq!(register_network(&mut s, &key(OWNER), &key(3), None).unwrap(), NetUid(2));
    assert_fails(&mut s, "subnet limit reached", |s| {
        register_network(s, &key(OWNER), &key(4), None)
    });
}

#[test]
fn hotkey_of_another_coldkey_and_short_balance_fail_cleanly() {
    let (mut s, _) = with_subnet();
    fund(&mut s, &key(9), 5_000 * TAO);
    assert_fails(&mut s, "hotkey is owned by another coldkey", |s| {
        register_network(s, &key(9), &key(OWNER_HOT), None)
    });
    fund(&mut s, &key(10), 1_999 * TAO);
    assert_fails(
        &mut s,
        "insufficient balance: have 1999000000000 RAO, need 2000000000000 RAO",
        |s| register_network(s, &key(10), &key(11), None),
    );
}

fn identity_fixture() -> SubnetIdentity {
    SubnetIdentity {
        name: "matmul".into(),
        github_repo: "https://github.com/taochain/gpu-worker".into(),
        contact: "ops@example.org".into(),
        url: "https://example.org".into(),
        discord: "taochain".into(),
        description: "verifiable compute".into(),
        additional: String::new(),
        logo_url: String::new(),
    }
}

#[test]
fn identity_is_stored_validated_and_owner_only() {
    let mut s = genesis();
    fund(&mut s, &key(OWNER), 5_000 * TAO);
    let mut long = identity_fixture();
    long.name = "x".repeat(257);
    assert_fails(&mut s, "subnet name is longer than 256 bytes", |s| {
        register_network(s, &key(OWNER), &key(OWNER_HOT), Some(&long))
    });
    long.name = "x".repeat(256);
    long.discord = "d".repeat(257);
    assert_fails(&mut s, "discord is longer than 256 bytes", |s| {
        register_network(s, &key(OWNER), &key(OWNER_HOT), Some(&long))
    });
    let id = identity_fixture();
    let netuid = register_network(&mut s, &key(OWNER), &key(OWNER_HOT), Some(&id)).unwrap();
    assert_eq!(identity(&mut s, netuid).unwrap(), Some(id.clone()));
    let mut v8 = id.clone();
    v8.logo_url = "https://example.org/logo.png".into();
    assert_fails(&mut s, "caller is not the subnet owner", |s| {
        set_identity(s, &key(9), netuid, &v8)
    });
    set_identity(&mut s, &key(OWNER), netuid, &v8).unwrap();
    assert_eq!(identity(&mut s, netuid).unwrap(), Some(v8));
    assert_eq!(identity(&mut s, NetUid(0)).unwrap(), None);
}

#[test]
fn epoch_counter_advances() {
    let (mut s, netuid) = with_subnet();
    assert_eq!(epoch_index(&mut s, netuid).unwrap(), 0);
    // Registered at block 1: the first epoch block is staggered, 1 − (1 mod 360) = 0.
    assert_eq!(last_epoch_block(&mut s, netuid).unwrap(), 0);
    s.block = 361;
    record_epoch(&mut s, netuid).unwrap();
    assert_eq!(epoch_index(&mut s, netuid).unwrap(), 1);
    assert_eq!(last_epoch_block(&mut s, netuid).unwrap(), 361);
    assert_fails(&mut s, "subnet does not exist", |s| record_epoch(s, NetUid(9)));
}

#[test]
fn dev_genesis_overrides_defaults() {
    let mut s = MemNative { block: 1, ..MemNative::default() };
    init_genesis(&mut s, &RegistryGenesis::dev()).unwrap();
    fund(&mut s, &key(OWNER), 1_000 * TAO);
    assert_eq!(lock_cost(&mut s).map(u64::from).unwrap(), 100 * TAO);
    let netuid = register_network(&mut s, &key(OWNER), &key(OWNER_HOT), None).unwrap();
    assert_eq!(hyperparams::get(&mut s, netuid, Hyper::Tempo).unwrap(), 10);
    assert_eq!(hyperparams::get(&mut s, netuid, Hyper::WeightsSetRateLimit).unwrap(), 5);
    // No network rate limit: a second subnet in the same block.
    assert_eq!(register_network(&mut s, &key(OWNER), &key(3), None).unwrap(), NetUid(2));
}
