//! The dev controls: each does what it says, keeps TAO conserved, and a refused edit changes
//! nothing.

use super::*;
use crate::staking::tests::check_supply_now;
use crate::testkit::{OWNER, OWNER_HOT, TAO, assert_fails, key, register, with_subnet};

#[test]
fn force_epoch_runs_it_in_the_next_block_whatever_the_tempo() {
    let (mut s, n) = with_subnet();
    set_hyperparameter(&mut s, n, Hyper::Tempo, 1_000).unwrap();
    s.block = 5;
    assert!(!crate::tempo::should_run_epoch(&mut s, n).unwrap());
    let last = registry::last_epoch_block(&mut s, n).unwrap();
    assert_eq!(blocks_to_next_epoch(&mut s, n).unwrap(), Some(last + 1_000 - 5));
    assert_eq!(force_epoch(&mut s, n).unwrap(), 6);
    assert_eq!(blocks_to_next_epoch(&mut s, n).unwrap(), Some(1));
    s.block = 6;
    assert!(crate::tempo::should_run_epoch(&mut s, n).unwrap());
    assert_fails(&mut s, "subnet does not exist", |s| force_epoch(s, NetUid(9)));
    assert_fails(&mut s, "an epoch is not available on the root subnet", |s| {
        force_epoch(s, ROOT_NETUID)
    });
}

#[test]
fn set_pool_reserves_moves_issuance_by_the_tao_difference() {
    let (mut s, n) = with_subnet();
    check_supply_now(&mut s);
    let issuance = supply::total_issuance_rao(&mut s).unwrap().get();
    let tao = pool::tao_reserve(&mut s, n).unwrap().get();
    set_pool_reserves(&mut s, n, tao + 500 * TAO, 2_000 * TAO).unwrap();
    assert_eq!(pool::tao_reserve(&mut s, n).unwrap().get(), tao + 500 * TAO);
    assert_eq!(pool::alpha_reserve(&mut s, n).unwrap().get(), 2_000 * TAO);
    assert_eq!(supply::total_issuance_rao(&mut s).unwrap().get(), issuance + 500 * TAO);
    check_supply_now(&mut s);
    set_pool_reserves(&mut s, n, TAO, TAO).unwrap();
    assert_eq!(supply::total_issuance_rao(&mut s).unwrap().get(), issuance + TAO - tao);
    check_supply_now(&mut s);
    // A side below the pool's minimum reserve is refused; nothing changes.
    assert_fails(
        &mut s,
        "subnet 1: insufficient liquidity: reserve 999999, required 1000000",
        |s| set_pool_reserves(s, n, TAO, 999_999),
    );
    assert_fails(&mut s, "subnet 1: insufficient liquidity: reserve 0, required 1000000", |s| {
        set_pool_reserves(s, n, 0, TAO)
    });
    assert_fails(&mut s, "setting pool reserves is not available on the root subnet", |s| {
        set_pool_reserves(s, ROOT_NETUID, TAO, TAO)
    });
}

#[test]
fn credit_stake_mints_alpha_to_the_position() {
    let (mut s, n) = with_subnet();
    let (hot, cold) = (key(OWNER_HOT), key(7));
    let out = pool::alpha_out(&mut s, n).unwrap().get();
    credit_stake(&mut s, &hot, &cold, n, 1_234_567).unwrap();
    assert_eq!(staking::stake(&mut s, &hot, &cold, n).unwrap().get(), 1_234_567);
    assert_eq!(pool::alpha_out(&mut s, n).unwrap().get(), out + 1_234_567);
    check_supply_now(&mut s);
    assert_fails(
        &mut s,
        "hotkey 0xee63636363636363636363636363636363636363636363636363636363636363 has no owner: register it before staking to it",
        |s| credit_stake(s, &key(99), &cold, n, 5),
    );
    assert_fails(&mut s, "subnet does not exist", |s| credit_stake(s, &hot, &cold, NetUid(9), 5));
}

#[test]
fn set_hyperparameter_needs_no_owner_but_keeps_the_bounds() {
    let (mut s, n) = with_subnet();
    set_hyperparameter(&mut s, n, Hyper::WeightsSetRateLimit, 3).unwrap();
    assert_eq!(crate::hyperparams::get(&mut s, n, Hyper::WeightsSetRateLimit).unwrap(), 3);
    set_hyperparameter(&mut s, n, Hyper::MaxAllowedValidators, 100).unwrap();
    let err = crate::testkit::fails_unchanged(&mut s, |s| {
        set_hyperparameter(s, n, Hyper::MaxAllowedUids, 80)
    });
    assert_eq!(err.chain_name(), "MaxValidatorsLargerThanMaxUIds", "{err}");
    let err = crate::testkit::fails_unchanged(&mut s, |s| {
        set_hyperparameter(s, n, Hyper::MaxAllowedUids, 4)
    });
    assert_eq!(err.to_string(), "max_allowed_uids must be between 64 and 256");
}

#[test]
fn register_neuron_takes_no_burn() {
    let (mut s, n) = with_subnet();
    let before = s.balances.clone();
    let burn = crate::neurons::burn(&mut s, n).unwrap();
    let uid = register_neuron(&mut s, n, &key(5), &key(6)).unwrap();
    assert_eq!(uid, Uid(1));
    assert_eq!(crate::neurons::uid_of(&mut s, n, &key(6)).unwrap(), Some(Uid(1)));
    assert_eq!(crate::neurons::hotkey_owner(&mut s, &key(6)).unwrap(), Some(key(5)));
    assert_eq!(s.balances, before);
    assert_eq!(crate::neurons::burn(&mut s, n).unwrap(), burn, "the burn does not move");
    check_supply_now(&mut s);
    register(&mut s, n, 8, 9);
    let err = crate::testkit::fails_unchanged(&mut s, |s| register_neuron(s, n, &key(5), &key(6)));
    assert_eq!(err.chain_name(), "HotKeyAlreadyRegisteredInSubNet");
    // key(3) belongs to the owner through a second subnet: nobody else may register it.
    let other = crate::subnets::register_network(&mut s, &key(OWNER), &key(3), None).unwrap();
    assert_ne!(other, n);
    let err = crate::testkit::fails_unchanged(&mut s, |s| register_neuron(s, n, &key(5), &key(3)));
    assert_eq!(err.chain_name(), "NonAssociatedColdKey");
    assert_eq!(register_neuron(&mut s, n, &key(OWNER), &key(3)).unwrap(), Uid(3));
}
