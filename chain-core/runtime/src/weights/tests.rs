//! Tests of weight setting and hash commit-reveal.

use tao_primitives::{NetUid, Uid};

use super::*;
use crate::MemNative;
use crate::testkit::*;

/// A subnet (commit-reveal off, no rate limit) with uids 1..=3 = `key(100..=102)`; uid 1 holds
/// a validator permit.
fn setup() -> (MemNative, u16) {
    let (mut s, n) = plain_weights_subnet();
    for i in 0..3 {
        register(&mut s, n, 50, 100 + i);
    }
    s.set_bool(by_uid(schema::VALIDATOR_PERMIT, n, Uid(1)), true).unwrap();
    s.block = 10;
    (s, n.get())
}

/// [`setup`] with commit-reveal back on.
fn cr_setup() -> (MemNative, u16) {
    let (mut s, n) = setup();
    crate::admin::set_by_owner(&mut s, &key(OWNER), NetUid(n), Hyper::CommitRevealEnabled, 1)
        .unwrap();
    (s, n)
}

#[test]
fn max_upscale_matches_the_chain_rounding() {
    assert_eq!(max_upscale(&[1, 3, 7]), vec![9_362, 28_086, 65_535]);
    // Ratio first in I32F32 (truncated), so 20000 lands just below .5 and rounds down.
    assert_eq!(max_upscale(&[40_000, 20_000, 1]), vec![65_535, 32_767, 2]);
    // Exactly .5 rounds away from zero.
    assert_eq!(max_upscale(&[32_768, 16_384]), vec![65_535, 32_768]);
    assert_eq!(max_upscale(&[0, 0]), vec![0, 0]);
    assert_eq!(max_upscale(&[]), Vec::<u16>::new());
    assert_eq!(max_upscale(&[65_535, 1]), vec![65_535, 1]);
}

#[test]
fn set_weights_stores_the_upscaled_row_in_order() {
    let (mut s, n) = setup();
    set_weights(&mut s, &key(100), NetUid(n), &[3, 1, 2], &[40_000, 20_000, 1], 0).unwrap();
    assert_eq!(
        weights_row(&mut s, NetUid(n), Uid(1)).unwrap(),
        vec![(3, 65_535), (1, 32_767), (2, 2)]
    );
    assert_eq!(neurons::last_update(&mut s, NetUid(n), Uid(1)).unwrap(), 10);
}

#[test]
fn set_weights_refused_under_commit_reveal() {
    let (mut s, n) = cr_setup();
    assert_fails(
        &mut s,
        "commit-reveal is enabled on this subnet: commit and reveal weights instead",
        |s| set_weights(s, &key(100), NetUid(n), &[2], &[1], 0),
    );
}

#[test]
fn set_weights_shape_checks() {
    let (mut s, n) = setup();
    let v = key(100);
    assert_fails(&mut s, "subnet does not exist", |s| set_weights(s, &v, NetUid(9), &[2], &[1], 0));
    assert_fails(&mut s, "uids and values have different lengths", |s| {
        set_weights(s, &v, NetUid(n), &[2, 3], &[1], 0)
    });
    assert_fails(&mut s, "more weights than uids on this subnet", |s| {
        set_weights(s, &v, NetUid(n), &[0, 1, 2, 3, 4], &[1; 5], 0)
    });
    assert_fails(&mut s, "hotkey is not registered on this subnet", |s| {
        set_weights(s, &key(99), NetUid(n), &[2], &[1], 0)
    });
    assert_fails(&mut s, "duplicate uids in weights", |s| {
        set_weights(s, &v, NetUid(n), &[2, 2], &[1, 1], 0)
    });
    assert_fails(&mut s, "uid 9 does not exist on this subnet", |s| {
        set_weights(s, &v, NetUid(n), &[2, 9], &[1, 1], 0)
    });
}

#[test]
fn permit_and_self_weight_rules() {
    let (mut s, n) = setup();
    // uid 2 has no permit: only a single self weight is allowed.
    assert_fails(&mut s, "hotkey has no validator permit", |s| {
        set_weights(s, &key(101), NetUid(n), &[3], &[1], 0)
    });
    set_weights(&mut s, &key(101), NetUid(n), &[2], &[5], 0).unwrap();
    assert_eq!(weights_row(&mut s, NetUid(n), Uid(2)).unwrap(), vec![(2, 65_535)]);
    // The owner hotkey needs no permit.
    set_weights(&mut s, &key(OWNER_HOT), NetUid(n), &[1, 2], &[1, 1], 0).unwrap();
}

#[test]
fn stake_threshold_exempts_the_owner() {
    let (mut s, n) = setup();
    s.set_u64(Key::new(schema::STAKE_THRESHOLD, &[]), 1_000).unwrap();
    assert_fails(&mut s, "not enough stake to set weights", |s| {
        set_weights(s, &key(100), NetUid(n), &[2], &[1], 0)
    });
    set_weights(&mut s, &key(OWNER_HOT), NetUid(n), &[2], &[1], 0).unwrap();
    let alpha = Key::new(schema::TOTAL_HOTKEY_ALPHA, &[key(100).as_bytes(), &n.to_be_bytes()]);
    s.set_u64(alpha, 999).unwrap();
    assert_fails(&mut s, "not enough stake to set weights", |s| {
        set_weights(s, &key(100), NetUid(n), &[2], &[1], 0)
    });
    s.set_u64(alpha, 1_000).unwrap();
    set_weights(&mut s, &key(100), NetUid(n), &[2], &[1], 0).unwrap();
}

#[test]
fn version_key_and_rate_limit() {
    let (mut s, n) = setup();
    let o = key(OWNER);
    crate::admin::set_by_owner(&mut s, &o, NetUid(n), Hyper::WeightsVersionKey, 5).unwrap();
    assert_fails(&mut s, "incorrect weights version key", |s| {
        set_weights(s, &key(100), NetUid(n), &[2], &[1], 4)
    });
    crate::admin::set_by_root(&mut s, NetUid(n), Hyper::WeightsSetRateLimit, 100).unwrap();
    // Registration at block 1 set LAST_UPDATE = 1.
    s.block = 100;
    assert_fails(&mut s, "weights rate limit exceeded", |s| {
        set_weights(s, &key(100), NetUid(n), &[2], &[1], 5)
    });
    s.block = 101;
    set_weights(&mut s, &key(100), NetUid(n), &[2], &[1], 6).unwrap();
    s.block = 150;
    assert_fails(&mut s, "weights rate limit exceeded", |s| {
        set_weights(s, &key(100), NetUid(n), &[2], &[1], 5)
    });
}

#[test]
fn min_allowed_weights_and_max_weight_limit() {
    let (mut s, n) = setup();
    let o = key(OWNER);
    // The owner changes these twice in a row: no owner rate limit here (`ratelimit` tests it).
    crate::ratelimit::set_owner_hparam_rate_limit(&mut s, 0).unwrap();
    crate::admin::set_by_owner(&mut s, &o, NetUid(n), Hyper::MinAllowedWeights, 3).unwrap();
    assert_fails(&mut s, "too few weights: at least 3 required", |s| {
        set_weights(s, &key(100), NetUid(n), &[2, 3], &[1, 1], 0)
    });
    crate::admin::set_by_owner(&mut s, &o, NetUid(n), Hyper::MinAllowedWeights, 10).unwrap();
    assert_fails(&mut s, "too few weights: at least 4 required", |s| {
        set_weights(s, &key(100), NetUid(n), &[0, 2, 3], &[1, 1, 1], 0)
    });
    set_weights(&mut s, &key(101), NetUid(n), &[2], &[1], 0).unwrap();
    crate::admin::set_by_owner(&mut s, &o, NetUid(n), Hyper::MinAllowedWeights, 1).unwrap();
    crate::admin::set_by_owner(&mut s, &o, NetUid(n), Hyper::MaxWeightsLimit, 60_000).unwrap();
    assert_fails(&mut s, "max weight limit exceeded", |s| {
        set_weights(s, &key(100), NetUid(n), &[2, 3], &[1, 2], 0)
    });
    set_weights(&mut s, &key(100), NetUid(n), &[2, 3], &[0, 0], 0).unwrap();
    set_weights(&mut s, &key(100), NetUid(n), &[1], &[9], 0).unwrap();
}

/// Reference hashes computed outside the project, with Python's standard library (hashlib
/// BLAKE2b, digest_size 32) over a hand-written SCALE encoding:
///
/// ```text
/// compact(n) = bytes([n << 2]) if n < 64 else struct.pack('<H', (n << 2) | 1)
/// vec16(v) = compact(len(v)) + b''.join(struct.pack('<H', x) for x in v)
/// blake2b(hk + pack('<H', netuid) + vec16(uids) + vec16(values) + vec16(salt)
///         + pack('<Q', version_key), digest_size=32)
/// ```
#[test]
fn commit_hash_is_blake2_of_the_scale_encoding() {
    let hk = AccountId32([0x11; 32]);
    let h = commit_hash(&hk, NetUid(3), &[0, 1, 2], &[100, 65_535, 7], &[7, 8, 9, 10], 42);
    let want: B256 =
        "0x963f205c0a2c87a29a43a5a3ea0ded9187e9bd8dfe9d12be8f9e44f455ddbe1c".parse().unwrap();
    assert_eq!(h, want);
    // 70 entries: the two-byte compact length.
    let mut id = [0u8; 32];
    for (i, b) in id.iter_mut().enumerate() {
        *b = i as u8;
    }
    let uids: Vec<u16> = (0..70).collect();
    let h = commit_hash(&AccountId32(id), NetUid(1), &uids, &[1; 70], &[5], 0);
    let want: B256 =
        "0xefd7fb925141e27df7d30006d1bc77e7fcaec2250aa010103495b473dedecafa".parse().unwrap();
    assert_eq!(h, want);
    assert_ne!(commit_hash(&hk, NetUid(3), &[0, 1, 2], &[100, 65_535, 7], &[7, 8, 9], 42), want);
}

#[test]
fn scale_compact_lengths() {
    let pre = |n: usize| {
        scale_commit_preimage(&AccountId32([0; 32]), NetUid(0), &vec![0; n], &[], &[], 0)
    };
    // 32 hotkey bytes + 2 netuid bytes, then the compact length of `uids`.
    assert_eq!(pre(0)[34], 0);
    assert_eq!(pre(63)[34], 63 << 2);
    assert_eq!(&pre(64)[34..36], &[0x01, 0x01]);
    assert_eq!(&pre(16_383)[34..36], &[0xfd, 0xff]);
    assert_eq!(&pre(16_384)[34..38], &[0x02, 0x00, 0x01, 0x00]);
}

#[test]
fn commit_then_reveal_next_epoch() {
    let (mut s, n) = cr_setup();
    let v = key(100);
    let h = commit_hash(&v, NetUid(n), &[2, 3], &[1, 3], &[42], 0);
    commit_weights(&mut s, &v, NetUid(n), h).unwrap();
    assert_eq!(neurons::last_update(&mut s, NetUid(n), Uid(1)).unwrap(), 10);
    assert_eq!(earliest_commit_block(&mut s, NetUid(n), &v).unwrap(), Some(10));
    assert_fails(&mut s, "reveal too early: wait for the reveal epoch", |s| {
        reveal_weights(s, &v, NetUid(n), &[2, 3], &[1, 3], &[42], 0)
    });
    s.block = 400;
    subnets::record_epoch(&mut s, NetUid(n)).unwrap();
    assert_fails(&mut s, "no commit matches the revealed weights", |s| {
        reveal_weights(s, &v, NetUid(n), &[2, 3], &[1, 3], &[43], 0)
    });
    reveal_weights(&mut s, &v, NetUid(n), &[2, 3], &[1, 3], &[42], 0).unwrap();
    assert_eq!(weights_row(&mut s, NetUid(n), Uid(1)).unwrap(), vec![(2, 21_845), (3, 65_535)]);
    assert_eq!(
        neurons::last_update(&mut s, NetUid(n), Uid(1)).unwrap(),
        10,
        "reveal keeps the commit block"
    );
    assert!(pending_commits(&mut s, NetUid(n), &v).unwrap().is_empty());
    assert_fails(&mut s, "no weight commits found for this hotkey", |s| {
        reveal_weights(s, &v, NetUid(n), &[2, 3], &[1, 3], &[42], 0)
    });
}

#[test]
fn late_reveals_expire() {
    let (mut s, n) = cr_setup();
    let v = key(100);
    let h = commit_hash(&v, NetUid(n), &[2], &[1], &[1], 0);
    commit_weights(&mut s, &v, NetUid(n), h).unwrap();
    subnets::record_epoch(&mut s, NetUid(n)).unwrap();
    subnets::record_epoch(&mut s, NetUid(n)).unwrap();
    assert_eq!(earliest_commit_block(&mut s, NetUid(n), &v).unwrap(), None);
    assert_fails(&mut s, "weight commit expired", |s| {
        reveal_weights(s, &v, NetUid(n), &[2], &[1], &[1], 0)
    });
}

#[test]
fn reveal_period_counts_epochs() {
    let (mut s, n) = cr_setup();
    crate::admin::set_by_owner(&mut s, &key(OWNER), NetUid(n), Hyper::RevealPeriodEpochs, 2)
        .unwrap();
    let v = key(100);
    commit_weights(&mut s, &v, NetUid(n), commit_hash(&v, NetUid(n), &[2], &[1], &[1], 0)).unwrap();
    subnets::record_epoch(&mut s, NetUid(n)).unwrap();
    assert_fails(&mut s, "reveal too early: wait for the reveal epoch", |s| {
        reveal_weights(s, &v, NetUid(n), &[2], &[1], &[1], 0)
    });
    subnets::record_epoch(&mut s, NetUid(n)).unwrap();
    reveal_weights(&mut s, &v, NetUid(n), &[2], &[1], &[1], 0).unwrap();
}

#[test]
fn commit_checks() {
    let (mut s, n) = setup();
    let v = key(100);
    let h = B256::repeat_byte(1);
    assert_fails(&mut s, "commit-reveal is disabled on this subnet", |s| {
        commit_weights(s, &v, NetUid(n), h)
    });
    assert_fails(&mut s, "commit-reveal is disabled on this subnet", |s| {
        reveal_weights(s, &v, NetUid(n), &[2], &[1], &[1], 0)
    });
    crate::admin::set_by_owner(&mut s, &key(OWNER), NetUid(n), Hyper::CommitRevealEnabled, 1)
        .unwrap();
    assert_fails(&mut s, "hotkey is not registered on this subnet", |s| {
        commit_weights(s, &key(99), NetUid(n), h)
    });
    crate::admin::set_by_root(&mut s, NetUid(n), Hyper::WeightsSetRateLimit, 100).unwrap();
    assert_fails(&mut s, "weights commit rate limit exceeded", |s| {
        commit_weights(s, &v, NetUid(n), h)
    });
    crate::admin::set_by_root(&mut s, NetUid(n), Hyper::WeightsSetRateLimit, 0).unwrap();
    for i in 0..MAX_UNREVEALED_COMMITS as u8 {
        commit_weights(&mut s, &v, NetUid(n), B256::repeat_byte(i)).unwrap();
    }
    assert_fails(&mut s, "too many unrevealed weight commits", |s| {
        commit_weights(s, &v, NetUid(n), h)
    });
    // Once they expire they no longer count, and the next commit drops them.
    subnets::record_epoch(&mut s, NetUid(n)).unwrap();
    subnets::record_epoch(&mut s, NetUid(n)).unwrap();
    commit_weights(&mut s, &v, NetUid(n), h).unwrap();
    assert_eq!(pending_commits(&mut s, NetUid(n), &v).unwrap().len(), 1);
}

#[test]
fn reveal_pops_older_commits_and_failed_checks_keep_them() {
    let (mut s, n) = cr_setup();
    let v = key(100);
    let h1 = commit_hash(&v, NetUid(n), &[2], &[1], &[1], 0);
    let h2 = commit_hash(&v, NetUid(n), &[3], &[1], &[2], 0);
    let bad = commit_hash(&v, NetUid(n), &[2, 2], &[1, 1], &[3], 0);
    commit_weights(&mut s, &v, NetUid(n), h1).unwrap();
    commit_weights(&mut s, &v, NetUid(n), bad).unwrap();
    commit_weights(&mut s, &v, NetUid(n), h2).unwrap();
    subnets::record_epoch(&mut s, NetUid(n)).unwrap();
    assert_fails(&mut s, "duplicate uids in weights", |s| {
        reveal_weights(s, &v, NetUid(n), &[2, 2], &[1, 1], &[3], 0)
    });
    reveal_weights(&mut s, &v, NetUid(n), &[2, 2][..1], &[1], &[1], 0).unwrap();
    let left: Vec<B256> =
        pending_commits(&mut s, NetUid(n), &v).unwrap().iter().map(|c| c.hash).collect();
    assert_eq!(left, vec![bad, h2]);
    reveal_weights(&mut s, &v, NetUid(n), &[3], &[1], &[2], 0).unwrap();
    assert!(pending_commits(&mut s, NetUid(n), &v).unwrap().is_empty(), "older commits popped");
    assert_eq!(weights_row(&mut s, NetUid(n), Uid(1)).unwrap(), vec![(3, 65_535)]);
}
