//! Tests of hyperparameter defaults, bounds and owner setters.

use super::*;
use crate::admin::{set_alpha_values, set_by_owner, set_by_root};
use crate::testkit::*;
use tao_primitives::{AccountId32, NetUid};

#[test]
fn ids_are_unique_and_round_trip() {
    let mut ids: Vec<u16> = Hyper::ALL.iter().map(|h| h.id()).collect();
    assert_eq!(ids, (1..=34).collect::<Vec<u16>>(), "ids are 1..=34 in order");
    ids.dedup();
    assert_eq!(ids.len(), Hyper::ALL.len());
    for h in Hyper::ALL {
        assert_eq!(Hyper::from_id(h.id()), Some(h));
        let (min, max) = h.root_bounds();
        assert!(min <= h.default_value() && h.default_value() <= max, "{h:?} default in bounds");
    }
    assert_eq!(Hyper::from_id(0), None);
    assert_eq!(Hyper::from_id(35), None);
}

#[test]
fn new_subnet_defaults_follow_the_spec() {
    let (mut s, n) = with_subnet();
    let expect = [
        (Hyper::Tempo, 360),
        (Hyper::Kappa, 32_767),
        (Hyper::Rho, 10),
        (Hyper::BondsMovingAverage, 900_000),
        (Hyper::BondsPenalty, 65_535),
        (Hyper::Yuma3Enabled, 1),
        (Hyper::LiquidAlphaEnabled, 0),
        (Hyper::AlphaLow, 45_875),
        (Hyper::AlphaHigh, 58_982),
        (Hyper::MaxAllowedValidators, 64),
        (Hyper::MaxAllowedUids, 256),
        (Hyper::ActivityCutoff, 5_000),
        (Hyper::ImmunityPeriod, 5_000),
        (Hyper::MinAllowedWeights, 1),
        (Hyper::MaxWeightsLimit, 65_535),
        (Hyper::WeightsVersionKey, 0),
        (Hyper::WeightsSetRateLimit, 100),
        (Hyper::CommitRevealEnabled, 1),
        (Hyper::RevealPeriodEpochs, 1),
        (Hyper::MinBurn, 500_000),
        (Hyper::MaxBurn, 100 * TAO),
        (Hyper::BurnHalfLife, 360),
        (Hyper::TransfersEnabled, 1),
        (Hyper::NetworkRegistrationAllowed, 1),
        (Hyper::ImmuneOwnerUidsLimit, 1),
    ];
    for (h, v) in expect {
        assert_eq!(get(&mut s, n, h).unwrap(), v, "{h:?}");
    }
}

#[test]
fn loader_matches_the_epoch_defaults() {
    let (mut s, n) = with_subnet();
    let hp = epoch_hyperparameters(&mut s, n).unwrap();
    assert_eq!(hp, tao_yuma::Hyperparameters::default());
    assert_eq!(hp.activity_cutoff_blocks(), activity_cutoff_blocks(&mut s, n).unwrap());
    set_by_owner(&mut s, &key(OWNER), n, Hyper::Yuma3Enabled, 0).unwrap();
    // setActivityCutoff writes the legacy item, which getActivityCutoff returns and no epoch
    // reads (the real chain's `sudo_set_activity_cutoff`).
    let derived = hp.activity_cutoff_blocks();
    set_by_owner(&mut s, &key(OWNER), n, Hyper::ActivityCutoff, 1_000).unwrap();
    assert_eq!(get(&mut s, n, Hyper::ActivityCutoff).unwrap(), 1_000);
    s.set_opt_u64(Key::new(schema::TAO_WEIGHT, &[]), Some(7)).unwrap();
    let hp = epoch_hyperparameters(&mut s, n).unwrap();
    assert!(!hp.yuma3);
    assert_eq!(hp.activity_cutoff, None);
    assert_eq!(hp.activity_cutoff_blocks(), derived);
    assert_eq!(hp.tao_weight_raw, 7);
}

#[test]
fn owner_setters_check_subnet_and_caller() {
    let (mut s, n) = with_subnet();
    assert_fails(&mut s, "caller is not the subnet owner", |s| {
        set_by_owner(s, &key(9), n, Hyper::Rho, 20)
    });
    assert_fails(&mut s, "subnet does not exist", |s| {
        set_by_owner(s, &key(OWNER), NetUid(7), Hyper::Rho, 20)
    });
    assert_fails(&mut s, "the root subnet has no owner", |s| {
        set_by_owner(s, &AccountId32::ZERO, NetUid(0), Hyper::Rho, 20)
    });
    set_by_owner(&mut s, &key(OWNER), n, Hyper::Rho, 20).unwrap();
    assert_eq!(get(&mut s, n, Hyper::Rho).unwrap(), 20);
    assert_eq!(get(&mut s, NetUid(0), Hyper::Rho).unwrap(), 10, "other subnets keep the default");
}

#[test]
fn owner_bounds_are_enforced() {
    let (mut s, n) = with_subnet();
    let o = key(OWNER);
    assert_fails(&mut s, "tempo must be between 360 and 50400", |s| {
        set_by_owner(s, &o, n, Hyper::Tempo, 359)
    });
    assert_fails(&mut s, "tempo must be between 360 and 50400", |s| {
        set_by_owner(s, &o, n, Hyper::Tempo, 50_401)
    });
    set_by_owner(&mut s, &o, n, Hyper::Tempo, 50_400).unwrap();
    set_by_root(&mut s, n, Hyper::Tempo, 10).unwrap();
    assert_eq!(get(&mut s, n, Hyper::Tempo).unwrap(), 10);
    assert_fails(&mut s, "bonds_moving_average must be between 0 and 975000", |s| {
        set_by_owner(s, &o, n, Hyper::BondsMovingAverage, 975_001)
    });
    set_by_root(&mut s, n, Hyper::BondsMovingAverage, 1_000_000).unwrap();
    assert_fails(&mut s, "commit_reveal_weights_enabled must be 0 or 1", |s| {
        set_by_owner(s, &o, n, Hyper::CommitRevealEnabled, 2)
    });
    assert_fails(&mut s, "reveal_period_epochs must be between 1 and 100", |s| {
        set_by_owner(s, &o, n, Hyper::RevealPeriodEpochs, 0)
    });
    assert_fails(&mut s, "activity_cutoff_factor_milli must be between 1000 and 50000", |s| {
        set_by_owner(s, &o, n, Hyper::ActivityCutoffFactorMilli, 999)
    });
    assert_fails(&mut s, "max_allowed_uids must be between 64 and 256", |s| {
        set_by_owner(s, &o, n, Hyper::MaxAllowedUids, 257)
    });
    assert_fails(&mut s, "immune_owner_uids_limit must be between 1 and 10", |s| {
        set_by_owner(s, &o, n, Hyper::ImmuneOwnerUidsLimit, 11)
    });
}

#[test]
fn root_only_and_noop_setters() {
    let (mut s, n) = with_subnet();
    let o = key(OWNER);
    assert_fails(&mut s, "kappa can only be set by root", |s| {
        set_by_owner(s, &o, n, Hyper::Kappa, 40_000)
    });
    assert_fails(&mut s, "max_allowed_validators can only be set by root", |s| {
        set_by_owner(s, &o, n, Hyper::MaxAllowedValidators, 10)
    });
    set_by_root(&mut s, n, Hyper::Kappa, 40_000).unwrap();
    assert_eq!(get(&mut s, n, Hyper::Kappa).unwrap(), 40_000);
    // The deprecated setters succeed for anyone and change nothing.
    for h in [Hyper::WeightsSetRateLimit, Hyper::MinBurn, Hyper::MaxBurn] {
        let before = s.clone();
        set_by_owner(&mut s, &key(9), NetUid(77), h, 1).unwrap();
        set_by_owner(&mut s, &o, n, h, 2 * TAO).unwrap();
        assert_eq!(s.slots, before.slots, "{h:?} is a no-op");
    }
}

#[test]
fn cross_field_rules() {
    let (mut s, n) = with_subnet();
    let o = key(OWNER);
    assert_fails(&mut s, "alpha_low must not exceed alpha_high", |s| {
        set_by_owner(s, &o, n, Hyper::AlphaLow, 60_000)
    });
    assert_fails(&mut s, "alpha_high must not be below alpha_low", |s| {
        set_by_owner(s, &o, n, Hyper::AlphaHigh, 40_000)
    });
    assert_fails(&mut s, "alpha_low must not exceed alpha_high", |s| {
        set_alpha_values(s, &o, n, 50_000, 40_000)
    });
    assert_fails(&mut s, "alpha_low must be between 1638 and 65535", |s| {
        set_alpha_values(s, &o, n, 1_000, 40_000)
    });
    set_alpha_values(&mut s, &o, n, 60_000, 65_000).unwrap();
    assert_eq!(get(&mut s, n, Hyper::AlphaLow).unwrap(), 60_000);
    assert_eq!(get(&mut s, n, Hyper::AlphaHigh).unwrap(), 65_000);
    set_by_owner(&mut s, &o, n, Hyper::MaxAllowedUids, 64).unwrap();
    assert_fails(&mut s, "max_allowed_validators must not exceed max_allowed_uids", |s| {
        set_by_root(s, n, Hyper::MaxAllowedValidators, 65)
    });
    assert_fails(&mut s, "max_burn must be between 100000001 and 18446744073709551615", |s| {
        set_by_root(s, n, Hyper::MaxBurn, 400_000)
    });
    set_by_root(&mut s, n, Hyper::MinBurn, 900_000_000).unwrap();
    let msg = "invalid burn bounds: need min_burn < 1 TAO, max_burn > 0.1 TAO, \
               min_burn < max_burn, burn_half_life <= 36100";
    assert_fails(&mut s, msg, |s| set_by_root(s, n, Hyper::MaxBurn, 500_000_000));
    assert_fails(&mut s, "min_burn must be between 0 and 999999999", |s| {
        set_by_root(s, n, Hyper::MinBurn, TAO)
    });
}

#[test]
fn max_uids_cannot_drop_below_the_uid_count() {
    let (mut s, n) = with_subnet();
    for i in 0..64 {
        register(&mut s, n, 50, 100 + i);
    }
    assert_eq!(crate::neurons::uid_count(&mut s, n).unwrap(), 65);
    assert_fails(&mut s, "max_allowed_uids must not be below the current number of uids", |s| {
        set_by_owner(s, &key(OWNER), n, Hyper::MaxAllowedUids, 64)
    });
    set_by_owner(&mut s, &key(OWNER), n, Hyper::MaxAllowedUids, 65).unwrap();
}

#[test]
fn chain_defaults_apply_under_subnet_values() {
    let (mut s, n) = with_subnet();
    set_default(&mut s, Hyper::Tempo, 10).unwrap();
    assert_eq!(get(&mut s, n, Hyper::Tempo).unwrap(), 10);
    // A 10-block tempo lies wholly inside the default 10-block admin freeze window.
    assert_fails(&mut s, "subnet 1: owner changes are frozen until its next epoch", |s| {
        set_by_owner(s, &key(OWNER), n, Hyper::Tempo, 720)
    });
    crate::tempo::set_admin_freeze_window(&mut s, 0).unwrap();
    assert_eq!(activity_cutoff_blocks(&mut s, n).unwrap(), 138, "13889 * 10 / 1000");
    set_by_owner(&mut s, &key(OWNER), n, Hyper::Tempo, 720).unwrap();
    assert_eq!(get(&mut s, n, Hyper::Tempo).unwrap(), 720, "the subnet's own value wins");
    assert_fails(&mut s, "transfers_enabled has no chain-wide default", |s| {
        set_default(s, Hyper::TransfersEnabled, 0)
    });
    assert_fails(&mut s, "yuma3_enabled must be 0 or 1", |s| {
        set_default(s, Hyper::Yuma3Enabled, 5)
    });
}

/// As on the real chain: the epoch's cutoff is derived from the factor and tempo only; the
/// legacy `ActivityCutoff` is stored and read back but changes nothing.
#[test]
fn activity_cutoff_is_derived_and_the_legacy_item_is_inert() {
    let (mut s, n) = with_subnet();
    let o = key(OWNER);
    // The owner changes the factor twice in a row: no owner rate limit here.
    crate::ratelimit::set_owner_hparam_rate_limit(&mut s, 0).unwrap();
    set_by_owner(&mut s, &o, n, Hyper::ActivityCutoffFactorMilli, 2_000).unwrap();
    assert_eq!(activity_cutoff_blocks(&mut s, n).unwrap(), 720, "2000 × 360 / 1000");
    assert_eq!(get(&mut s, n, Hyper::ActivityCutoff).unwrap(), 5_000, "the legacy default");
    assert_fails(&mut s, "activity_cutoff must be between 360 and 65535", |s| {
        set_by_owner(s, &o, n, Hyper::ActivityCutoff, 359)
    });
    set_by_owner(&mut s, &o, n, Hyper::ActivityCutoff, 4_000).unwrap();
    assert_eq!(get(&mut s, n, Hyper::ActivityCutoff).unwrap(), 4_000);
    assert_eq!(activity_cutoff_blocks(&mut s, n).unwrap(), 720, "the epoch ignores it");
    set_by_owner(&mut s, &o, n, Hyper::ActivityCutoffFactorMilli, 3_000).unwrap();
    assert_eq!(activity_cutoff_blocks(&mut s, n).unwrap(), 1_080);
    assert_eq!(get(&mut s, n, Hyper::ActivityCutoff).unwrap(), 4_000, "kept");
}

#[test]
fn transfers_toggle_uses_the_staking_item() {
    let (mut s, n) = with_subnet();
    let k = schema::by_netuid(schema::TRANSFERS_DISABLED, n);
    crate::ratelimit::set_owner_hparam_rate_limit(&mut s, 0).unwrap();
    set_by_owner(&mut s, &key(OWNER), n, Hyper::TransfersEnabled, 0).unwrap();
    assert!(s.get_bool(k).unwrap());
    assert_eq!(get(&mut s, n, Hyper::TransfersEnabled).unwrap(), 0);
    set_by_owner(&mut s, &key(OWNER), n, Hyper::TransfersEnabled, 1).unwrap();
    assert!(!s.get_bool(k).unwrap());
}

#[test]
fn burn_bounds_change_settles_the_price() {
    let (mut s, n) = with_subnet();
    for i in 0..20 {
        register(&mut s, n, 50, 100 + i);
    }
    let high = crate::neurons::burn(&mut s, n).map(u64::from).unwrap();
    assert!(high > 50 * TAO, "20 registrations in one block push the burn up: {high}");
    set_by_root(&mut s, n, Hyper::MaxBurn, 10 * TAO).unwrap();
    assert_eq!(crate::neurons::burn(&mut s, n).map(u64::from).unwrap(), 10 * TAO);
    s.block += 360;
    set_by_root(&mut s, n, Hyper::BurnHalfLife, 0).unwrap();
    let settled = crate::neurons::burn(&mut s, n).map(u64::from).unwrap();
    s.block += 10_000;
    assert_eq!(
        crate::neurons::burn(&mut s, n).map(u64::from).unwrap(),
        settled,
        "no decay any more"
    );
    assert!(settled < 5_001_000_000 && settled > 4_990_000_000, "one half-life: {settled}");
}
