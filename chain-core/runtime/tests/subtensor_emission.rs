//! Differential fixtures: the integers of the real chain's epoch-timing tests
//! (opentensor/subtensor `pallets/subtensor/src/tests/emission.rs`, commit 14bc6f9f), replayed
//! through [`tao_runtime::tempo::blocks_until_next_auto_epoch`] over an in-memory store.
//!
//! `blocks_until_next_auto_epoch(netuid, tempo, block)` there reads `LastEpochBlock` and is
//! `LastEpochBlock + tempo − block`, saturating, and `u64::MAX` for tempo 0; here the block is
//! the store's current block. Every replayed test stores `LastEpochBlock = 0`.

#![allow(clippy::unwrap_used)]

use tao_primitives::NetUid;
use tao_runtime::MemNative;
use tao_runtime::schema::{self, by_netuid};
use tao_runtime::store::NativeExt;
use tao_runtime::tempo::blocks_until_next_auto_epoch;

/// `blocks_until_next_auto_epoch(netuid, tempo, block)` with `LastEpochBlock[netuid] = 0`.
fn until(netuid: u16, tempo: u16, block: u64) -> u64 {
    let mut s = MemNative { block, ..MemNative::default() };
    s.set_u64(by_netuid(schema::LAST_EPOCH_BLOCK, NetUid(netuid)), 0).unwrap();
    blocks_until_next_auto_epoch(&mut s, NetUid(netuid), u64::from(tempo)).unwrap()
}

// subtensor: pallets/subtensor/src/tests/emission.rs::test_zero_tempo
#[test]
fn test_zero_tempo() {
    assert_eq!(until(1, 0, 100), u64::MAX);
}

// subtensor: pallets/subtensor/src/tests/emission.rs::test_regular_case
#[test]
fn test_regular_case() {
    assert_eq!(until(1, 10, 5), 5);
    assert_eq!(until(2, 20, 15), 5);
    assert_eq!(until(3, 30, 25), 5);
}

// subtensor: pallets/subtensor/src/tests/emission.rs::test_boundary_conditions
#[test]
fn test_boundary_conditions() {
    assert_eq!(until(u16::MAX, u16::MAX, u64::MAX), 0);
    assert_eq!(until(u16::MAX, u16::MAX, 0), u64::from(u16::MAX));
}

// subtensor: pallets/subtensor/src/tests/emission.rs::test_overflow_handling
#[test]
fn test_overflow_handling() {
    assert_eq!(until(u16::MAX, u16::MAX, u64::MAX - 1), 0);
}

// subtensor: pallets/subtensor/src/tests/emission.rs::test_epoch_alignment
#[test]
fn test_epoch_alignment() {
    assert_eq!(until(1, 10, 9), 1);
    assert_eq!(until(2, 20, 21), 0);
}

// subtensor: pallets/subtensor/src/tests/emission.rs::test_different_network_ids
#[test]
fn test_different_network_ids() {
    for netuid in 1..=3 {
        assert_eq!(until(netuid, 10, 5), 5, "netuid {netuid}");
    }
}

// subtensor: pallets/subtensor/src/tests/emission.rs::test_large_tempo_values
#[test]
fn test_large_tempo_values() {
    assert_eq!(until(1, u16::MAX - 1, 100), u64::from(u16::MAX) - 1 - 100);
}

// subtensor: pallets/subtensor/src/tests/emission.rs::test_consecutive_blocks
#[test]
fn test_consecutive_blocks() {
    let tempo = 10;
    let mut last = until(1, tempo, 0);
    assert_eq!(last, 10);
    for block in 1..u64::from(tempo - 1) {
        let now = until(1, tempo, block);
        assert_eq!(now, last - 1, "block {block}");
        last = now;
    }
}

// subtensor: pallets/subtensor/src/tests/emission.rs::test_wrap_around_behavior
#[test]
fn test_wrap_around_behavior() {
    assert_eq!(until(1, 10, u64::MAX), 0);
    assert_eq!(until(1, 10, u64::MAX - 1), 0);
}
