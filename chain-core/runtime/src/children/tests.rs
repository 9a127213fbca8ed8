//! Childkeys: the rules of `set_children` and `set_childkey_take`, the pending schedule, and
//! the real chain's inherited stake and dividend split to the RAO.
//!
//! Expected integers follow the real chain's `U96F32` arithmetic (32 fractional bits, every
//! product and quotient truncated): `p / u64::MAX` for `p = u64::MAX / 3` is
//! `floor(2^32 / 3) / 2^32`, so lending `3000 · that` twice leaves the parent 1000 and each
//! child 999 (subtensor `test_get_stake_for_hotkey_on_subnet_single_parent_multiple_children`
//! asserts these within 10).

use super::stake::{inherited_alpha, inherited_tao, parent_child_dividends};
use super::*;
use crate::schema::by_netuid;
use crate::staking::stake_emission;
use crate::testkit::{OWNER, OWNER_HOT, assert_fails, key, register, with_subnet};
use crate::{MemNative, NativeError};

const PARENT: u8 = 10;
const CHILD: u8 = 11;
const CHILD2: u8 = 12;
const PC: u8 = 20; // the parent's coldkey
const CC: u8 = 21; // the children's coldkey

/// Subnet 1 with PARENT (coldkey PC) and CHILD, CHILD2 (coldkey CC) registered, not started
/// yet (children apply at once).
fn fixture() -> (MemNative, NetUid) {
    let (mut s, n) = with_subnet();
    register(&mut s, n, PC, PARENT);
    register(&mut s, n, CC, CHILD);
    register(&mut s, n, CC, CHILD2);
    s.set_bool(by_netuid(schema::SUBTOKEN_ENABLED, n), false).unwrap();
    (s, n)
}

fn start(s: &mut MemNative, n: NetUid) {
    s.set_bool(by_netuid(schema::SUBTOKEN_ENABLED, n), true).unwrap();
}

fn set(
    s: &mut MemNative,
    n: NetUid,
    kids: &[(u64, AccountId32)],
) -> Result<Option<u64>, NativeError> {
    schedule_children(s, &key(PC), &key(PARENT), n, kids)
}

#[test]
fn set_children_refusals_change_nothing() {
    let (mut s, n) = fixture();
    let c = key(CHILD);
    assert_fails(&mut s, "childkeys are not allowed on the root subnet", |s| {
        schedule_children(s, &key(PC), &key(PARENT), NetUid(0), &[(1, c)])
    });
    assert_fails(&mut s, "subnet does not exist", |s| {
        schedule_children(s, &key(PC), &key(PARENT), NetUid(9), &[(1, c)])
    });
    let e = crate::testkit::fails_unchanged(&mut s, |s| {
        schedule_children(s, &key(CC), &key(PARENT), n, &[(1, c)])
    });
    assert_eq!(e.chain_name(), "NonAssociatedColdKey");
    let e = crate::testkit::fails_unchanged(&mut s, |s| set(s, n, &[(1, c), (2, c)]));
    assert_eq!(e.chain_name(), "DuplicateChild");
    assert_fails(&mut s, "a hotkey cannot be its own child", |s| set(s, n, &[(1, key(PARENT))]));
    let six: Vec<_> = (30..36).map(|i| (1, key(i))).collect();
    assert_fails(&mut s, "6 children, at most 5 allowed", |s| set(s, n, &six));
    let e =
        crate::testkit::fails_unchanged(&mut s, |s| set(s, n, &[(u64::MAX, c), (1, key(CHILD2))]));
    assert_eq!(
        e.to_string(),
        format!("children's proportions sum to {}, above 2^64 - 1", 1u128 << 64)
    );
    // A child may not be a parent of the hotkey (no A ↔ B).
    schedule_children(&mut s, &key(CC), &c, n, &[(7, key(PARENT))]).unwrap();
    assert_eq!(parents(&mut s, &key(PARENT), n).unwrap(), vec![(7, c)]);
    let e = crate::testkit::fails_unchanged(&mut s, |s| set(s, n, &[(1, c)]));
    assert_eq!(e.chain_name(), "ChildParentInconsistency");
    // Stake threshold: PARENT has no stake; the subnet owner hotkey is exempt.
    s.set_u64(Key::new(schema::STAKE_THRESHOLD, &[]), 1).unwrap();
    assert_fails(&mut s, "hotkey stake 0 RAO below the childkey threshold 1 RAO", |s| {
        set(s, n, &[(1, key(CHILD2))])
    });
    schedule_children(&mut s, &key(OWNER), &key(OWNER_HOT), n, &[(1, key(CHILD2))]).unwrap();
}

#[test]
fn before_start_children_apply_at_once_and_revoke_cleans_both_sides() {
    let (mut s, n) = fixture();
    let (c1, c2) = (key(CHILD), key(CHILD2));
    assert_eq!(set(&mut s, n, &[(5, c2), (9, c1)]).unwrap(), None);
    // Stored in child-id order, as the real chain's BTreeMap.
    let mut want = vec![(9, c1), (5, c2)];
    want.sort_by_key(|(_, c)| *c);
    assert_eq!(children(&mut s, &key(PARENT), n).unwrap(), want);
    assert_eq!(parents(&mut s, &c1, n).unwrap(), vec![(9, key(PARENT))]);
    assert_eq!(parents(&mut s, &c2, n).unwrap(), vec![(5, key(PARENT))]);
    // Rate limit: 150 blocks per (hotkey, subnet).
    let now = s.block;
    assert_fails(
        &mut s,
        &format!("set_children rate limit: next allowed at block {}", now + 150),
        |s| set(s, n, &[]),
    );
    s.block = now + 150;
    set(&mut s, n, &[(3, c1)]).unwrap();
    assert_eq!(children(&mut s, &key(PARENT), n).unwrap(), vec![(3, c1)]);
    assert_eq!(parents(&mut s, &c1, n).unwrap(), vec![(3, key(PARENT))]);
    assert!(parents(&mut s, &c2, n).unwrap().is_empty());
    s.block += 150;
    set(&mut s, n, &[]).unwrap();
    assert!(children(&mut s, &key(PARENT), n).unwrap().is_empty());
    assert!(parents(&mut s, &c1, n).unwrap().is_empty());
}

#[test]
fn on_a_started_subnet_children_wait_for_the_cooldown_and_an_epoch() {
    let (mut s, n) = fixture();
    start(&mut s, n);
    let c = key(CHILD);
    s.block = 100;
    assert_eq!(set(&mut s, n, &[(u64::MAX, c)]).unwrap(), Some(100 + 7_200));
    assert_eq!(
        pending_children(&mut s, &key(PARENT), n).unwrap(),
        Some((vec![(u64::MAX, c)], 7_300))
    );
    assert!(children(&mut s, &key(PARENT), n).unwrap().is_empty());
    // Applied only once `cooldown < now`.
    s.block = 7_300;
    apply_pending(&mut s, n).unwrap();
    assert!(children(&mut s, &key(PARENT), n).unwrap().is_empty());
    s.block = 7_301;
    apply_pending(&mut s, n).unwrap();
    assert_eq!(children(&mut s, &key(PARENT), n).unwrap(), vec![(u64::MAX, c)]);
    assert_eq!(pending_children(&mut s, &key(PARENT), n).unwrap(), None);
    // Root shortens the cool-down.
    set_pending_cooldown(&mut s, 15).unwrap();
    s.block = 8_000;
    assert_eq!(set(&mut s, n, &[]).unwrap(), Some(8_015));
    s.block = 8_016;
    apply_pending(&mut s, n).unwrap();
    assert!(parents(&mut s, &c, n).unwrap().is_empty());
}

#[test]
fn inherited_stake_matches_the_real_chain() {
    let (mut s, n) = fixture();
    stake_emission(&mut s, &key(PARENT), &key(PC), n, 3_000).unwrap();
    set(&mut s, n, &[(u64::MAX / 3, key(CHILD)), (u64::MAX / 3, key(CHILD2))]).unwrap();
    assert_eq!(inherited_alpha(&mut s, &key(PARENT), n).unwrap(), 1_000);
    assert_eq!(inherited_alpha(&mut s, &key(CHILD), n).unwrap(), 999);
    assert_eq!(inherited_alpha(&mut s, &key(CHILD2), n).unwrap(), 999);

    // subtensor `test_get_stake_for_hotkey_on_subnet_edge_cases`: 0 % and 100 % exactly.
    let (mut s, n) = fixture();
    let big = 600_000_000_000_000;
    stake_emission(&mut s, &key(PARENT), &key(PC), n, big).unwrap();
    set(&mut s, n, &[(0, key(CHILD)), (u64::MAX, key(CHILD2))]).unwrap();
    assert_eq!(inherited_alpha(&mut s, &key(PARENT), n).unwrap(), 0);
    assert_eq!(inherited_alpha(&mut s, &key(CHILD), n).unwrap(), 0);
    assert_eq!(inherited_alpha(&mut s, &key(CHILD2), n).unwrap(), big);

    // Root stake is lent along the subnet's links too, and not along another subnet's.
    stake_emission(&mut s, &key(PARENT), &key(PC), NetUid(0), 5_000).unwrap();
    assert_eq!(inherited_tao(&mut s, &key(CHILD2), n).unwrap(), 5_000);
    assert_eq!(inherited_tao(&mut s, &key(PARENT), n).unwrap(), 0);
    assert_eq!(inherited_tao(&mut s, &key(CHILD2), NetUid(2)).unwrap(), 0);
}

/// P (coldkey PC) 300,000 α lends half (`u64::MAX / 2`, i.e. `(2^31 − 1) / 2^32`) to C
/// (coldkey CC) 100,000 α with childkey take 6,553/65535, and C earns 1,000,000:
/// P contributes `300,000 · (2^31 − 1) / 2^32` = 149,999.99993 against C's 100,000, so P's
/// share is 599,999.9998 (truncated in steps to 599,999.99…); C keeps
/// `floor(6553 / 65535 · 2^32) / 2^32` of it as take. Without take P gets 599,999 and C
/// 400,000; with it P 540,004 and C 459,995; with `CKBurn = u64::MAX / 10` another 59,999 of
/// P's share is burned (480,004). Same coldkey: no take, no burn.
#[test]
fn dividends_go_to_parents_by_contribution_less_the_childkey_take() {
    let (mut s, n) = fixture();
    stake_emission(&mut s, &key(PARENT), &key(PC), n, 300_000).unwrap();
    stake_emission(&mut s, &key(CHILD), &key(CC), n, 100_000).unwrap();
    set(&mut s, n, &[(u64::MAX / 2, key(CHILD))]).unwrap();
    assert_eq!(inherited_alpha(&mut s, &key(PARENT), n).unwrap(), 150_000);
    assert_eq!(inherited_alpha(&mut s, &key(CHILD), n).unwrap(), 249_999);
    let split = |s: &mut MemNative| parent_child_dividends(s, &key(CHILD), n, 1_000_000).unwrap();
    let d = split(&mut s);
    assert_eq!(d.shares, vec![(key(PARENT), 599_999), (key(CHILD), 400_000)]);
    assert_eq!(d.burned, 0);
    set_childkey_take(&mut s, &key(CC), &key(CHILD), n, 6_553).unwrap();
    let d = split(&mut s);
    assert_eq!(d.shares, vec![(key(PARENT), 540_004), (key(CHILD), 459_995)]);
    set_ck_burn(&mut s, u64::MAX / 10).unwrap();
    let d = split(&mut s);
    assert_eq!(d.shares, vec![(key(PARENT), 480_004), (key(CHILD), 459_995)]);
    assert_eq!(d.burned, 59_999);
    // A hotkey without parents keeps its whole dividend.
    let d = parent_child_dividends(&mut s, &key(PARENT), n, 1_000_000).unwrap();
    assert_eq!(d.shares, vec![(key(PARENT), 1_000_000)]);
}

#[test]
fn same_coldkey_parent_pays_no_take() {
    let (mut s, n) = fixture();
    // CHILD2 is CHILD's sibling under coldkey CC: make CHILD2 the parent of CHILD.
    stake_emission(&mut s, &key(CHILD2), &key(CC), n, 300_000).unwrap();
    stake_emission(&mut s, &key(CHILD), &key(CC), n, 100_000).unwrap();
    schedule_children(&mut s, &key(CC), &key(CHILD2), n, &[(u64::MAX / 2, key(CHILD))]).unwrap();
    set_childkey_take(&mut s, &key(CC), &key(CHILD), n, 6_553).unwrap();
    set_ck_burn(&mut s, u64::MAX / 10).unwrap();
    let d = parent_child_dividends(&mut s, &key(CHILD), n, 1_000_000).unwrap();
    assert_eq!(d.shares, vec![(key(CHILD2), 599_999), (key(CHILD), 400_000)]);
    assert_eq!(d.burned, 0);
}

#[test]
fn childkey_take_bounds_and_rate_limit() {
    let (mut s, n) = fixture();
    let c = key(CHILD);
    assert_eq!(childkey_take(&mut s, &c, n).unwrap(), 0);
    let e = crate::testkit::fails_unchanged(&mut s, |s| set_childkey_take(s, &key(PC), &c, n, 1));
    assert_eq!(e.chain_name(), "NonAssociatedColdKey");
    assert_fails(&mut s, "childkey take 11797/65535 outside 0..=11796", |s| {
        set_childkey_take(s, &key(CC), &c, n, 11_797)
    });
    s.block = 10;
    set_childkey_take(&mut s, &key(CC), &c, n, 11_796).unwrap();
    // Decreases are free; increases wait 216,000 blocks after the last change.
    s.block = 11;
    set_childkey_take(&mut s, &key(CC), &c, n, 100).unwrap();
    assert_fails(&mut s, "childkey take increase rate limit: next allowed at block 216011", |s| {
        set_childkey_take(s, &key(CC), &c, n, 101)
    });
    s.block = 216_011;
    set_childkey_take(&mut s, &key(CC), &c, n, 101).unwrap();
    assert_eq!(childkey_take(&mut s, &c, n).unwrap(), 101);
    // The per-subnet minimum raises the effective take.
    s.set_u64(by_netuid(schema::MIN_CHILDKEY_TAKE_PER_SUBNET, n), 500).unwrap();
    assert_eq!(childkey_take(&mut s, &c, n).unwrap(), 500);
}

#[test]
fn unstaking_below_the_threshold_drops_pending_children() {
    let (mut s, n) = fixture();
    start(&mut s, n);
    crate::testkit::fund(&mut s, &key(PC), 10 * crate::testkit::TAO);
    let alpha = crate::staking::add_stake(
        &mut s,
        &key(PC),
        &key(PARENT),
        n,
        tao_primitives::Rao(crate::testkit::TAO),
        None,
    )
    .unwrap();
    s.set_u64(Key::new(schema::STAKE_THRESHOLD, &[]), 1_000).unwrap();
    set(&mut s, n, &[(1, key(CHILD))]).unwrap();
    assert!(pending_children(&mut s, &key(PARENT), n).unwrap().is_some());
    crate::staking::remove_stake(&mut s, &key(PC), &key(PARENT), n, alpha, None).unwrap();
    assert_eq!(pending_children(&mut s, &key(PARENT), n).unwrap(), None);
}

/// subtensor `test_childkey_set_weights_single_parent`: a child without stake of its own sets
/// weights on its parent's stake once it reaches `StakeThreshold`.
#[test]
fn a_child_sets_weights_on_inherited_stake() {
    let (mut s, n) = fixture();
    use crate::hyperparams::Hyper;
    crate::admin::set_by_root(&mut s, n, Hyper::CommitRevealEnabled, 0).unwrap();
    crate::admin::set_by_root(&mut s, n, Hyper::WeightsSetRateLimit, 0).unwrap();
    s.set_u64(Key::new(schema::STAKE_THRESHOLD, &[]), 1_000).unwrap();
    stake_emission(&mut s, &key(PARENT), &key(PC), n, 5_000).unwrap();
    let w = |s: &mut MemNative| {
        crate::weights::set_weights(s, &key(CHILD), n, &[2], &[65_535], 0).map(|_| ())
    };
    assert_fails(&mut s, "not enough stake to set weights", w);
    set(&mut s, n, &[(u64::MAX, key(CHILD))]).unwrap();
    assert_eq!(inherited_alpha(&mut s, &key(CHILD), n).unwrap(), 5_000);
    w(&mut s).unwrap();
}

/// subtensor `test_get_stake_for_hotkey_on_subnet_complex_hierarchy`: 1,000 α lent in two
/// halves leaves the parent exactly 0 and each child 499; a grandchild of a child without own
/// stake inherits nothing (inheritance is one level, from the parent's own stake).
#[test]
fn complex_hierarchy_inherits_one_level() {
    let (mut s, n) = fixture();
    register(&mut s, n, 22, 13);
    let (p, c1, c2, g) = (key(PARENT), key(CHILD), key(CHILD2), key(13));
    stake_emission(&mut s, &p, &key(PC), n, 1_000).unwrap();
    set(&mut s, n, &[(u64::MAX / 2, c1), (u64::MAX / 2, c2)]).unwrap();
    schedule_children(&mut s, &key(CC), &c1, n, &[(u64::MAX, g)]).unwrap();
    let got: Vec<u64> =
        [p, c1, c2, g].iter().map(|k| inherited_alpha(&mut s, k, n).unwrap()).collect();
    assert_eq!(got, vec![0, 499, 499, 0]);
    assert_eq!(parents(&mut s, &g, n).unwrap(), vec![(u64::MAX, c1)]);
    assert_eq!(children(&mut s, &c1, n).unwrap(), vec![(u64::MAX, g)]);
}
