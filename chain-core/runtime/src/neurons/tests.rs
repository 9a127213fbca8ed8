//! Tests of neuron registration, pruning, axons, EVM association and the epoch I/O.

use alloy_primitives::{Address, U256};
use tao_primitives::{NetUid, Uid};

use super::*;
use crate::MemNative;
use crate::epoch::{read_epoch_inputs, write_epoch_outputs};
use crate::testkit::*;
use crate::{pool, weights};
use tao_economics::registration::burn_after_block;
use tao_primitives::Rao;
use tao_primitives::address_to_account_id;

#[test]
fn burned_register_buys_and_burns_and_raises_the_burn() {
    let (mut s, n) = with_subnet();
    fund(&mut s, &key(5), 3 * TAO);
    let issuance = s.get_u256(schema::total_issuance()).unwrap();
    let (y, x) = (
        pool::tao_reserve(&mut s, n).unwrap().get(),
        pool::alpha_reserve(&mut s, n).unwrap().get(),
    );
    let alpha_out = pool::alpha_out(&mut s, n).unwrap().get();
    let recipient = staking::fee_recipient(&mut s).unwrap();
    let recipient_before = s.free_balance(&recipient).unwrap().get();
    s.block = 1; // same block as the subnet registration: no decay yet
    let uid = burned_register(&mut s, &key(5), n, &key(6), None).unwrap();
    assert_eq!(uid, Uid(1));
    assert_eq!(s.free_balance(&key(5)).map(u64::from).unwrap(), 2 * TAO);
    // The real chain's do_register: the 1 TAO burn is swapped into the pool with the input
    // fee, the fee goes to the fee recipient, the alpha bought leaves the pool and alpha out.
    let fee = TAO * 33 / 65_535;
    let net = TAO - fee;
    let bought = (u128::from(x) * u128::from(net) / (u128::from(y) + u128::from(net))) as u64;
    assert_eq!(pool::tao_reserve(&mut s, n).unwrap().get(), y + net);
    assert_eq!(pool::alpha_reserve(&mut s, n).unwrap().get(), x - bought);
    assert_eq!(pool::alpha_out(&mut s, n).unwrap().get(), alpha_out, "the alpha is burned");
    assert_eq!(s.free_balance(&recipient).unwrap().get(), recipient_before + fee);
    // Total issuance is unchanged; nothing is recycled; the price rose.
    assert_eq!(s.get_u256(schema::total_issuance()).unwrap(), issuance);
    assert_eq!(s.get_u256(schema::total_recycled()).unwrap(), U256::ZERO);
    assert!(u128::from(y + net) * u128::from(x) > u128::from(y) * u128::from(x - bought));
    assert_eq!(
        burn(&mut s, n).map(u64::from).unwrap(),
        1_260_000_000,
        "x1.26 after a registration"
    );
    assert_eq!(uid_count(&mut s, n).unwrap(), 2);
    assert_eq!(hotkey(&mut s, n, Uid(1)).unwrap(), key(6));
    assert_eq!(coldkey(&mut s, n, Uid(1)).unwrap(), key(5));
    assert_eq!(hotkey_owner(&mut s, &key(6)).unwrap(), Some(key(5)));
    assert_eq!(uid_of(&mut s, n, &key(6)).unwrap(), Some(Uid(1)));
    assert_eq!(block_at_registration(&mut s, n, Uid(1)).unwrap(), 1);
    assert_eq!(last_update(&mut s, n, Uid(1)).unwrap(), 1);
    assert!(is_active(&mut s, n, Uid(1)).unwrap());
    assert!(!validator_permit(&mut s, n, Uid(1)).unwrap());
}

#[test]
fn burn_decays_per_block_lazily() {
    let (mut s, n) = with_subnet();
    let p = hyperparams::burn_params(&mut s, n).unwrap();
    let mut model = TAO;
    for blocks in [1u64, 2, 359, 360, 1_000] {
        s.block = 1 + blocks;
        let mut m = TAO;
        for _ in 0..blocks {
            m = burn_after_block(m, &p);
        }
        assert_eq!(burn(&mut s, n).map(u64::from).unwrap(), m, "after {blocks} blocks");
        model = m;
    }
    assert!(model < TAO / 4 && model > TAO / 8, "1000 blocks is ~2.8 half-lives: {model}");
    s.block = 1 + 360;
    let half = burn(&mut s, n).map(u64::from).unwrap();
    assert!(half <= TAO / 2 && half > TAO / 2 - 1_000, "one half-life: {half}");
    s.block = 10_000_000;
    assert_eq!(burn(&mut s, n).map(u64::from).unwrap(), 500_000, "floored at MinBurn");
}

#[test]
fn registration_after_decay_pays_the_decayed_price() {
    let (mut s, n) = with_subnet();
    let p = hyperparams::burn_params(&mut s, n).unwrap();
    s.block = 1 + 100;
    let price = burn(&mut s, n).map(u64::from).unwrap();
    fund(&mut s, &key(5), 2 * TAO);
    burned_register(&mut s, &key(5), n, &key(6), Some(Rao(price))).unwrap();
    assert_eq!(s.free_balance(&key(5)).map(u64::from).unwrap(), 2 * TAO - price);
    assert_eq!(burn(&mut s, n).map(u64::from).unwrap(), burn_after_registration(price, &p));
    s.block += 1;
    let next = burn_after_block(burn_after_registration(price, &p), &p);
    assert_eq!(burn(&mut s, n).map(u64::from).unwrap(), next);
}

#[test]
fn registration_failures_change_nothing() {
    let (mut s, n) = with_subnet();
    fund(&mut s, &key(5), 10 * TAO);
    assert_fails(&mut s, "neuron registration on the root subnet is not allowed", |s| {
        burned_register(s, &key(5), NetUid(0), &key(6), None)
    });
    assert_fails(&mut s, "subnet does not exist", |s| {
        burned_register(s, &key(5), NetUid(9), &key(6), None)
    });
    assert_fails(
        &mut s,
        "registration burn 1000000000 RAO exceeds the limit price 999999999 RAO",
        |s| burned_register(s, &key(5), n, &key(6), Some(Rao(TAO - 1))),
    );
    assert_fails(&mut s, "hotkey already registered on this subnet", |s| {
        burned_register(s, &key(OWNER), n, &key(OWNER_HOT), None)
    });
    s.set_b256(by_account(schema::HOTKEY_OWNER, &key(88)), key(3).into()).unwrap();
    assert_fails(&mut s, "hotkey is owned by another coldkey", |s| {
        burned_register(s, &key(5), n, &key(88), None)
    });
    assert_fails(&mut s, "insufficient balance: have 0 RAO, need 1000000000 RAO", |s| {
        burned_register(s, &key(77), n, &key(78), None)
    });
    crate::admin::set_by_owner(&mut s, &key(OWNER), n, Hyper::NetworkRegistrationAllowed, 0)
        .unwrap();
    assert_fails(&mut s, "registration is disabled on this subnet", |s| {
        burned_register(s, &key(5), n, &key(6), None)
    });
    crate::admin::set_by_owner(&mut s, &key(OWNER), n, Hyper::NetworkRegistrationAllowed, 1)
        .unwrap();
    assert_eq!(burned_register(&mut s, &key(5), n, &key(6), Some(Rao(TAO))).unwrap(), Uid(1));
}

/// A full 64-uid subnet: uid 0 is the owner, uids 1..=63 are `key(100 + i)` registered at
/// block 1 (with `MaxBurn` lowered so the fixture stays cheap); immunity 100 blocks.
fn full_subnet() -> (MemNative, u16) {
    let (mut s, n) = with_subnet();
    crate::admin::set_by_owner(&mut s, &key(OWNER), n, Hyper::MaxAllowedUids, 64).unwrap();
    crate::admin::set_by_owner(&mut s, &key(OWNER), n, Hyper::ImmunityPeriod, 100).unwrap();
    crate::admin::set_by_root(&mut s, n, Hyper::MaxBurn, TAO).unwrap();
    for i in 1..64u8 {
        assert_eq!(register(&mut s, n, 50, 100 + i), Uid(u16::from(i)));
    }
    // Every uid earned something; uid 17 earned least.
    for uid in 0..64u16 {
        let e = if uid == 17 { 5 } else { 1_000 + u64::from(uid) };
        s.set_u64(by_uid(schema::EMISSION, n, Uid(uid)), e).unwrap();
    }
    (s, n.get())
}

#[test]
fn full_subnet_replaces_the_lowest_emission_non_immune_uid() {
    let (mut s, n) = full_subnet();
    // Give uid 17 some state that must be cleared, and a weight from uid 3 that must drop to 0.
    let old = key(117);
    s.set_bytes(by_uid(schema::WEIGHTS, NetUid(n), Uid(17)), &pack_row(&[(1, 9)])).unwrap();
    s.set_bytes(by_uid(schema::BONDS, NetUid(n), Uid(17)), &pack_row(&[(1, 9)])).unwrap();
    s.set_bytes(by_uid(schema::WEIGHTS, NetUid(n), Uid(3)), &pack_row(&[(17, 500), (4, 600)]))
        .unwrap();
    s.set_bool(by_uid(schema::VALIDATOR_PERMIT, NetUid(n), Uid(17)), true).unwrap();
    s.block = 1 + 50;
    serve_axon(
        &mut s,
        &old,
        NetUid(n),
        &Endpoint { version: 1, ip: 1, port: 80, ip_type: 4, protocol: 0 },
    )
    .unwrap();
    // 100 blocks after registration every uid is past immunity (63 mortal, > 10).
    s.block = 1 + 100;
    fund(&mut s, &key(60), 5 * TAO);
    let uid = burned_register(&mut s, &key(60), NetUid(n), &key(200), None).unwrap();
    assert_eq!(uid, Uid(17));
    assert_eq!(uid_count(&mut s, NetUid(n)).unwrap(), 64, "still full");
    assert_eq!(hotkey(&mut s, NetUid(n), Uid(17)).unwrap(), key(200));
    assert_eq!(uid_of(&mut s, NetUid(n), &old).unwrap(), None);
    assert_eq!(uid_of(&mut s, NetUid(n), &key(200)).unwrap(), Some(Uid(17)));
    assert_eq!(block_at_registration(&mut s, NetUid(n), Uid(17)).unwrap(), 101);
    assert_eq!(emission(&mut s, NetUid(n), Uid(17)).unwrap(), 0);
    assert!(!validator_permit(&mut s, NetUid(n), Uid(17)).unwrap());
    assert!(weights::weights_row(&mut s, NetUid(n), Uid(17)).unwrap().is_empty());
    assert!(s.get_bytes(by_uid(schema::BONDS, NetUid(n), Uid(17))).unwrap().is_empty());
    assert_eq!(weights::weights_row(&mut s, NetUid(n), Uid(3)).unwrap(), vec![(17, 0), (4, 600)]);
    assert_eq!(axon_of_hotkey(&mut s, NetUid(n), &old).unwrap(), AxonInfo::default());
    assert_eq!(hotkey_owner(&mut s, &old).unwrap(), Some(key(50)), "ownership is global");
}

#[test]
fn immunity_protects_while_enough_uids_are_mortal() {
    let (mut s, n) = full_subnet();
    // Past immunity for uids 1..=63; then re-register uid 40's slot freshly so it is immune
    // and give it the lowest emission of all.
    s.block = 1 + 200;
    s.set_u64(by_uid(schema::BLOCK_AT_REGISTRATION, NetUid(n), Uid(40)), 150).unwrap();
    s.set_u64(by_uid(schema::EMISSION, NetUid(n), Uid(40)), 0).unwrap();
    fund(&mut s, &key(60), 5 * TAO);
    let uid = burned_register(&mut s, &key(60), NetUid(n), &key(201), None).unwrap();
    assert_eq!(uid, Uid(17), "the immune uid 40 is skipped");
}

#[test]
fn immune_uids_are_pruned_when_ten_or_fewer_are_mortal() {
    let (mut s, n) = full_subnet();
    s.block = 1 + 200;
    // Only uids 1..=10 are past immunity: exactly 10 mortal non-immune, so pick among immune.
    for uid in 11..64u16 {
        s.set_u64(by_uid(schema::BLOCK_AT_REGISTRATION, NetUid(n), Uid(uid)), 150 + u64::from(uid))
            .unwrap();
    }
    s.set_u64(by_uid(schema::EMISSION, NetUid(n), Uid(50)), 1).unwrap();
    fund(&mut s, &key(60), 5 * TAO);
    assert_eq!(burned_register(&mut s, &key(60), NetUid(n), &key(202), None).unwrap(), Uid(50));
}

#[test]
fn owner_hotkey_is_never_pruned() {
    let (mut s, n) = full_subnet();
    s.block = 1 + 200;
    s.set_u64(by_uid(schema::EMISSION, NetUid(n), Uid(0)), 0).unwrap();
    fund(&mut s, &key(60), 5 * TAO);
    assert_eq!(burned_register(&mut s, &key(60), NetUid(n), &key(203), None).unwrap(), Uid(17));
    assert_eq!(hotkey(&mut s, NetUid(n), Uid(0)).unwrap(), key(OWNER_HOT));
}

#[test]
fn serve_axon_validates_and_rate_limits() {
    let (mut s, n) = with_subnet();
    let hk = key(OWNER_HOT);
    let ep = Endpoint { version: 7, ip: 0x7f00_0001, port: 8091, ip_type: 4, protocol: 4 };
    assert_fails(&mut s, "hotkey is not registered on this subnet", |s| {
        serve_axon(s, &key(9), n, &ep)
    });
    assert_fails(&mut s, "subnet does not exist", |s| serve_axon(s, &hk, NetUid(5), &ep));
    for (bad, msg) in [
        (Endpoint { ip_type: 5, ..ep }, "invalid ip type: must be 4 or 6"),
        (Endpoint { ip: 0, ..ep }, "invalid ip address"),
        (Endpoint { ip: u128::from(u32::MAX), ..ep }, "invalid ip address"),
        (Endpoint { ip: u128::MAX, ip_type: 6, ..ep }, "invalid ip address"),
        (Endpoint { port: 0, ..ep }, "invalid port"),
    ] {
        assert_fails(&mut s, msg, |s| serve_axon(s, &hk, n, &bad));
    }
    s.block = 10;
    serve_axon(&mut s, &hk, n, &ep).unwrap();
    let want =
        AxonInfo { block: 10, version: 7, ip: 0x7f00_0001, port: 8091, ip_type: 4, protocol: 4 };
    assert_eq!(axon(&mut s, n, Uid(0)).unwrap(), want);
    s.block = 59;
    assert_fails(&mut s, "serving rate limit exceeded", |s| serve_axon(s, &hk, n, &ep));
    s.block = 60;
    let v6 = Endpoint { ip: 1, ip_type: 6, ..ep };
    serve_axon(&mut s, &hk, n, &v6).unwrap();
    assert_eq!(axon(&mut s, n, Uid(0)).unwrap().ip_type, 6);
    serve_prometheus(&mut s, &hk, n, &ep).unwrap();
    let p = prometheus_of_hotkey(&mut s, n, &hk).unwrap();
    assert_eq!((p.block, p.port, p.protocol), (60, 8091, 0));
    assert_fails(&mut s, "uid does not exist on this subnet", |s| axon(s, n, Uid(1)));
}

#[test]
fn axon_packing_round_trips() {
    let a = AxonInfo {
        block: u64::MAX,
        version: u32::MAX - 1,
        ip: u128::MAX - 2,
        port: 65_534,
        ip_type: 6,
        protocol: 255,
    };
    assert_eq!(AxonInfo::unpack(a.pack()), a);
    assert_eq!(AxonInfo::unpack(U256::ZERO), AxonInfo::default());
}

#[test]
fn getters_fail_or_default_for_missing_uids() {
    let (mut s, n) = with_subnet();
    assert_fails(&mut s, "uid does not exist on this subnet", |s| hotkey(s, n, Uid(1)));
    assert_fails(&mut s, "uid does not exist on this subnet", |s| coldkey(s, n, Uid(1)));
    assert_eq!(consensus(&mut s, n, Uid(1)).unwrap(), 0);
    assert_eq!(uid_count(&mut s, NetUid(42)).unwrap(), 0);
}

#[test]
fn evm_hotkeys_are_associated_and_looked_up() {
    let (mut s, n) = with_subnet();
    let worker = Address::repeat_byte(0x42);
    let hk = address_to_account_id(worker);
    // Both act through the precompiles, which link the caller's address to its twin.
    s.link_evm_address(worker).unwrap();
    s.link_evm_address(Address::repeat_byte(0x11)).unwrap();
    s.block = 5;
    fund(&mut s, &hk, 2 * TAO);
    let uid = burned_register(&mut s, &hk, n, &hk, None).unwrap();
    assert_eq!(uid_lookup(&mut s, n, worker, 10).unwrap(), vec![(uid, 5)]);
    assert_eq!(uid_lookup(&mut s, n, Address::repeat_byte(1), 10).unwrap(), vec![]);
    // The owner coldkey (an EVM account) associates its own address with the owner hotkey.
    let cold_addr = Address::repeat_byte(0x11);
    let cold = address_to_account_id(cold_addr);
    fund(&mut s, &cold, 2 * TAO);
    burned_register(&mut s, &cold, n, &key(30), None).unwrap();
    s.block = 9;
    assert_fails(&mut s, "caller is neither the hotkey nor its owner", |s| {
        associate_evm_key(s, &hk, n, &key(30), worker)
    });
    assert_fails(&mut s, "the EVM address must be the caller's own address", |s| {
        associate_evm_key(s, &cold, n, &key(30), worker)
    });
    assert_fails(&mut s, "hotkey is not registered on this subnet", |s| {
        associate_evm_key(s, &cold, n, &key(31), cold_addr)
    });
    associate_evm_key(&mut s, &cold, n, &key(30), cold_addr).unwrap();
    associate_evm_key(&mut s, &hk, n, &hk, cold_addr).unwrap_err();
    assert_eq!(uid_lookup(&mut s, n, cold_addr, 10).unwrap(), vec![(Uid(2), 9)]);
    // Two uids on one address, limited.
    associate_evm_key(&mut s, &hk, n, &hk, worker).unwrap();
    s.set_u256(by_uid(schema::ASSOCIATED_EVM, n, Uid(2)), U256::ZERO).unwrap();
    write_association(&mut s, n, Uid(2), worker, 9).unwrap();
    assert_eq!(uid_lookup(&mut s, n, worker, 1).unwrap(), vec![(Uid(1), 9)]);
    assert_eq!(uid_lookup(&mut s, n, worker, 5).unwrap(), vec![(Uid(1), 9), (Uid(2), 9)]);
}

fn outputs(n: usize) -> tao_yuma::EpochOutput {
    tao_yuma::EpochOutput {
        active: vec![true; n],
        new_validator_permits: (0..n).map(|i| i == 0).collect(),
        stake_weight_u16: vec![65_535; n],
        consensus_u16: (0..n as u16).collect(),
        incentive_u16: vec![3; n],
        dividends_u16: vec![4; n],
        validator_trust_u16: vec![5; n],
        bonds_u16: (0..n).map(|i| vec![(0, i as u16)]).collect(),
        server_emission: vec![0; n],
        validator_emission: vec![0; n],
        emission: vec![9; n],
    }
}

#[test]
fn epoch_outputs_round_trip_and_record_the_epoch() {
    let (mut s, n) = with_subnet();
    register(&mut s, n, 50, 100);
    let inp = read_epoch_inputs(&mut s, n).unwrap();
    assert_eq!(inp.n, 2);
    assert_eq!(inp.hotkeys, vec![key(OWNER_HOT), key(100)]);
    assert!(inp.validator_permits.is_empty(), "no epoch yet");
    assert_eq!(inp.owner_uid, Some(0));
    assert_eq!(inp.last_epoch_block, 0);
    let mut bad = outputs(2);
    bad.dividends_u16.pop();
    assert_fails(
        &mut s,
        "epoch output `dividends_u16` has 1 entries, the subnet has 2 uids",
        |s| write_epoch_outputs(s, n, &bad),
    );
    s.block = 361;
    write_epoch_outputs(&mut s, n, &outputs(2)).unwrap();
    assert_eq!(crate::registry::epoch_index(&mut s, n).unwrap(), 1);
    assert_eq!(consensus(&mut s, n, Uid(1)).unwrap(), 1);
    assert_eq!(incentive(&mut s, n, Uid(1)).unwrap(), 3);
    assert_eq!(dividends(&mut s, n, Uid(1)).unwrap(), 4);
    assert_eq!(validator_trust(&mut s, n, Uid(1)).unwrap(), 5);
    assert_eq!(stake_weight(&mut s, n, Uid(1)).unwrap(), 65_535);
    assert_eq!(emission(&mut s, n, Uid(1)).unwrap(), 9);
    assert!(validator_permit(&mut s, n, Uid(0)).unwrap());
    assert!(!validator_permit(&mut s, n, Uid(1)).unwrap());
    register(&mut s, n, 50, 101);
    let inp = read_epoch_inputs(&mut s, n).unwrap();
    assert_eq!(inp.validator_permits, vec![true, false], "uid 2 joined after the epoch");
    assert_eq!(inp.bonds, vec![vec![(0, 0)], vec![(0, 1)], vec![]]);
    assert_eq!(inp.last_epoch_block, 361);
}

#[test]
fn a_real_epoch_runs_on_loaded_inputs() {
    let (mut s, n) = crate::testkit::plain_weights_subnet();
    for i in 0..3 {
        register(&mut s, n, 50, 100 + i);
    }
    s.block = 20;
    weights::set_weights(&mut s, &key(OWNER_HOT), n, &[1, 2, 3], &[1, 2, 3], 0).unwrap();
    let mut out = tao_yuma::EpochOutput::default();
    // The first epoch has no stored permits (every row masked); the second uses its permits.
    for block in [361, 721] {
        s.block = block;
        let hp = hyperparams::epoch_hyperparameters(&mut s, n).unwrap();
        let inp = read_epoch_inputs(&mut s, n).unwrap();
        let stake = vec![1_000 * TAO, 0, 0, 0];
        let input = inp.into_epoch_input(block, 1_000_000, stake, vec![], hp);
        out = tao_yuma::run_epoch(&input).unwrap();
        write_epoch_outputs(&mut s, n, &out).unwrap();
    }
    assert_eq!(crate::registry::epoch_index(&mut s, n).unwrap(), 2);
    assert_eq!(incentive(&mut s, n, Uid(3)).unwrap(), out.incentive_u16[3]);
    assert!(incentive(&mut s, n, Uid(3)).unwrap() > incentive(&mut s, n, Uid(1)).unwrap());
}
