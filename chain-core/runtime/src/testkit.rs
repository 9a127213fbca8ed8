//! Shared test fixtures: 32-byte keys, funding that keeps issuance consistent, a registry
//! genesis, a registered subnet and neurons, and the "fails and changes nothing" assertions.
//!
//! Compiled for this crate's unit tests and, with the `test-utils` feature, for other crates'
//! tests and benches (precompiles, the integration tests); never part of a node build.

// Fixtures fail the test that uses them by panicking, and do test-sized arithmetic.
#![allow(
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic,
    clippy::arithmetic_side_effects,
    clippy::indexing_slicing
)]

use alloy_primitives::U256;

use crate::MemNative;
use crate::balances::Balances;
use crate::hyperparams::Hyper;
use crate::schema;
use crate::store::NativeExt;
use crate::subnets::{self, RegistryGenesis};
use tao_primitives::Rao;
use tao_primitives::{AccountId32, NetUid, RAO_PER_TAO, Uid};

/// One TAO in RAO.
pub const TAO: u64 = RAO_PER_TAO;

/// A native (non-EVM) 32-byte id.
pub fn key(n: u8) -> AccountId32 {
    let mut k = [n; 32];
    k[0] = 0xee;
    AccountId32(k)
}

/// Credits `rao` to `who` and adds it to `TOTAL_ISSUANCE`, keeping the books consistent.
pub fn fund(s: &mut MemNative, who: &AccountId32, rao: u64) {
    s.credit(who, Rao(rao)).unwrap();
    let v = s.get_u256(schema::total_issuance()).unwrap()
        + U256::from(rao) * U256::from(tao_primitives::WEI_PER_RAO);
    s.set_u256(schema::total_issuance(), v).unwrap();
}

/// A store at block 1 with the default registry genesis but no network rate limit and the dev
/// start-up (new subnets take stake at once; `crate::startup` tests the mainnet one).
pub fn genesis() -> MemNative {
    let mut s = MemNative { block: 1, ..MemNative::default() };
    let cfg = RegistryGenesis {
        network_rate_limit: 0,
        mainnet_startup: false,
        ..RegistryGenesis::default()
    };
    subnets::init_genesis(&mut s, &cfg).unwrap();
    s
}

/// Owner coldkey and hotkey of the fixture subnet.
pub const OWNER: u8 = 1;
/// Owner hotkey id byte.
pub const OWNER_HOT: u8 = 2;

/// [`genesis`] plus subnet 1 registered at block 1 by `key(OWNER)` with hotkey `key(OWNER_HOT)`.
pub fn with_subnet() -> (MemNative, NetUid) {
    let mut s = genesis();
    fund(&mut s, &key(OWNER), 10_000 * TAO);
    let netuid = subnets::register_network(&mut s, &key(OWNER), &key(OWNER_HOT), None).unwrap();
    (s, netuid)
}

/// [`with_subnet`] with commit-reveal off and no weights rate limit (set by root, so the
/// owner's own changes are not held back by the owner rate limit).
pub fn plain_weights_subnet() -> (MemNative, NetUid) {
    let (mut s, netuid) = with_subnet();
    crate::admin::set_by_root(&mut s, netuid, Hyper::CommitRevealEnabled, 0).unwrap();
    crate::admin::set_by_root(&mut s, netuid, Hyper::WeightsSetRateLimit, 0).unwrap();
    (s, netuid)
}

/// Registers `key(n)` (owned by `key(coldkey)`, funded here) on `netuid`; returns the uid.
pub fn register(s: &mut MemNative, netuid: NetUid, coldkey: u8, n: u8) -> Uid {
    fund(s, &key(coldkey), 200 * TAO);
    crate::neurons::burned_register(s, &key(coldkey), netuid, &key(n), None).unwrap()
}

/// Asserts that `f` fails and leaves the store exactly as it was (native slots and EVM
/// balances); returns the error.
pub fn fails_unchanged<T: std::fmt::Debug>(
    s: &mut MemNative,
    f: impl FnOnce(&mut MemNative) -> Result<T, crate::NativeError>,
) -> crate::NativeError {
    let before = s.clone();
    let err = f(s).expect_err("call should fail");
    assert_eq!(s.slots, before.slots, "failed call changed native slots: {err}");
    assert_eq!(s.balances, before.balances, "failed call changed balances: {err}");
    err
}

/// Asserts that `f` fails with exactly `msg` and leaves the store untouched.
pub fn assert_fails<T: std::fmt::Debug>(
    s: &mut MemNative,
    msg: &str,
    f: impl FnOnce(&mut MemNative) -> Result<T, crate::NativeError>,
) {
    assert_eq!(fails_unchanged(s, f).to_string(), msg);
}

/// Proptest settings: `cases` cases (overridable with `PROPTEST_CASES`), and no regression
/// files written into the tree.
pub fn prop_config(cases: u32) -> proptest::prelude::ProptestConfig {
    let cases = std::env::var("PROPTEST_CASES").ok().and_then(|v| v.parse().ok()).unwrap_or(cases);
    proptest::prelude::ProptestConfig {
        cases,
        failure_persistence: None,
        ..proptest::prelude::ProptestConfig::default()
    }
}
