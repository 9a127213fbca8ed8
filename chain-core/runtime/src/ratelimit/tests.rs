//! Owner rate limits: per hyperparameter every `2 × tempo` blocks, the weights version key
//! every `5 × tempo`, the tempo every 360 blocks, `trigger_epoch` every `2 × tempo`; root is
//! never limited.

use super::*;
use crate::admin::{set_alpha_values, set_by_owner, set_by_root};
use crate::testkit::{OWNER, assert_fails, key};

/// The fixture subnet with no admin freeze window (no coinbase runs here, so every block
/// would count as the last before an overdue epoch).
fn with_subnet() -> (crate::MemNative, NetUid) {
    let (mut s, n) = crate::testkit::with_subnet();
    s.set_opt_u64(Key::new(schema::ADMIN_FREEZE_WINDOW, &[]), Some(0)).unwrap();
    (s, n)
}

#[test]
fn a_hyperparameter_waits_two_tempos_between_owner_changes() {
    let (mut s, n) = with_subnet();
    let tempo = hyperparams::get(&mut s, n, Hyper::Tempo).unwrap();
    assert_eq!(tempo, 360);
    assert_eq!(limit(&mut s, n, OwnerTx::of(Hyper::Rho).unwrap()).unwrap(), 720);
    s.block = 100;
    set_by_owner(&mut s, &key(OWNER), n, Hyper::Rho, 11).unwrap();
    s.block = 819;
    assert_fails(&mut s, "subnet 1: rho rate limit, next allowed at block 820", |s| {
        set_by_owner(s, &key(OWNER), n, Hyper::Rho, 12)
    });
    // Another hyperparameter is not held back, and root never is.
    set_by_owner(&mut s, &key(OWNER), n, Hyper::ImmunityPeriod, 4_000).unwrap();
    set_by_root(&mut s, n, Hyper::Rho, 13).unwrap();
    s.block = 820;
    set_by_owner(&mut s, &key(OWNER), n, Hyper::Rho, 14).unwrap();
    assert_eq!(hyperparams::get(&mut s, n, Hyper::Rho).unwrap(), 14);
    // The error carries the real chain's name.
    let e = crate::testkit::fails_unchanged(&mut s, |s| {
        set_by_owner(s, &key(OWNER), n, Hyper::Rho, 15)
    });
    assert_eq!(e.chain_name(), "TxRateLimitExceeded");
    // A setter the real chain does not limit (`MaxWeightsLimit`) is free.
    set_by_owner(&mut s, &key(OWNER), n, Hyper::MaxWeightsLimit, 1_000).unwrap();
    set_by_owner(&mut s, &key(OWNER), n, Hyper::MaxWeightsLimit, 2_000).unwrap();
}

#[test]
fn version_key_alpha_values_and_the_rate_limit_setting() {
    let (mut s, n) = with_subnet();
    s.block = 10;
    set_by_owner(&mut s, &key(OWNER), n, Hyper::WeightsVersionKey, 1).unwrap();
    s.block = 10 + 5 * 360 - 1;
    assert_fails(
        &mut s,
        "subnet 1: weights_version_key rate limit, next allowed at block 1810",
        |s| set_by_owner(s, &key(OWNER), n, Hyper::WeightsVersionKey, 2),
    );
    s.block = 1_810;
    set_by_owner(&mut s, &key(OWNER), n, Hyper::WeightsVersionKey, 2).unwrap();
    // Both liquid-alpha bounds share one limit (`AlphaValues`).
    set_alpha_values(&mut s, &key(OWNER), n, 2_000, 3_000).unwrap();
    s.block += 1;
    assert_fails(&mut s, "subnet 1: alpha_values rate limit, next allowed at block 2530", |s| {
        set_by_owner(s, &key(OWNER), n, Hyper::AlphaHigh, 4_000)
    });
    // Root sets the limit in tempos; 0 turns it off.
    set_owner_hparam_rate_limit(&mut s, 0).unwrap();
    set_by_owner(&mut s, &key(OWNER), n, Hyper::AlphaHigh, 4_000).unwrap();
}

#[test]
fn tempo_and_trigger_epoch_are_limited() {
    let (mut s, n) = with_subnet();
    set_by_owner(&mut s, &key(OWNER), n, Hyper::CommitRevealEnabled, 0).unwrap();
    s.block = 50;
    crate::tempo::set_tempo(&mut s, &key(OWNER), n, 400).unwrap();
    s.block = 409;
    assert_fails(&mut s, "subnet 1: tempo rate limit, next allowed at block 410", |s| {
        crate::tempo::set_tempo(s, &key(OWNER), n, 500)
    });
    s.block = 410;
    crate::tempo::set_tempo(&mut s, &key(OWNER), n, 500).unwrap();
    // trigger_epoch: once per 2 × tempo (1,000 blocks now).
    crate::tempo::trigger_epoch(&mut s, &key(OWNER), n).unwrap();
    s.set_u64(crate::schema::by_netuid(schema::PENDING_EPOCH_AT, n), 0).unwrap();
    s.block = 420;
    assert_fails(&mut s, "subnet 1: trigger_epoch rate limit, next allowed at block 1410", |s| {
        crate::tempo::trigger_epoch(s, &key(OWNER), n)
    });
}
