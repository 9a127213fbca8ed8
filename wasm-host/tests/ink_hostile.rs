//! The hostile ink! contract (contracts/ink/hostile): every message writes a marker and then
//! misbehaves. Each is stopped, the gas stays charged, and the state is as before.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use wasm_host::{AccountId32, ExecError, ExecOutcome, HostConfig};

fn setup(config: HostConfig) -> (Chain, AccountId32) {
    let mut ch = Chain::with_config(config);
    let (_, acc) = ch.deploy("hostile", input("new", &[]));
    (ch, acc)
}

/// Runs `msg` with `gas`, checks the state did not change and no marker was left.
fn stopped(ch: &mut Chain, acc: AccountId32, msg: Vec<u8>, gas: u64) -> ExecOutcome {
    let storage = ch.state.all_storage().clone();
    let alice = ch.balance(&ALICE);
    let out = ch.call_as(ALICE, acc, 0, msg, gas);
    assert!(!out.succeeded(), "{out:?}");
    assert!(out.gas_used > 0 && out.gas_used <= gas, "{out:?}");
    assert_eq!(ch.state.all_storage(), &storage);
    assert_eq!(ch.balance(&ALICE), alice);
    assert_eq!(ch.ok(acc, input("marker", &[])), vec![0, 0], "no marker left behind");
    out
}

#[test]
fn an_endless_loop_runs_out_of_gas_and_pays_all_of_it() {
    let (mut ch, acc) = setup(HostConfig::default());
    let out = stopped(&mut ch, acc, input("spin", &[]), 300_000);
    assert_eq!(out.result, Err(ExecError::OutOfGas));
    assert_eq!(out.gas_used, 300_000);
}

#[test]
fn memory_growth_past_the_cap_traps() {
    let (mut ch, acc) = setup(HostConfig::default());
    let out = stopped(&mut ch, acc, input("grow", &[]), GAS);
    assert!(matches!(out.result, Err(ExecError::Trapped(_))), "{out:?}");
    // A smaller cap is refused at upload: the contract asks for more pages than 1.
    let mut small = Chain::with_config(HostConfig { max_memory_pages: 1, ..HostConfig::default() });
    let err = small.host.upload(&mut small.state, &wasm("hostile"), u64::MAX).unwrap_err();
    assert!(matches!(err, wasm_host::UploadError::Memory(_)), "{err}");
}

#[test]
fn recursion_through_self_calls_stops_at_the_depth_cap() {
    let (mut ch, acc) = setup(HostConfig::default());
    let out = stopped(&mut ch, acc, input("recurse", &[&0u32.to_le_bytes()]), GAS);
    assert!(matches!(out.result, Err(ExecError::Trapped(_))), "{out:?}");
    // With gas for a few frames only, it runs out of gas before the cap instead.
    let out = stopped(&mut ch, acc, input("recurse", &[&0u32.to_le_bytes()]), 20_000);
    assert!(matches!(out.result, Err(ExecError::OutOfGas | ExecError::Trapped(_))), "{out:?}");
}

#[test]
fn a_huge_storage_value_traps() {
    let (mut ch, acc) = setup(HostConfig::default());
    // ink!'s 16 KiB static buffer refuses to encode it: the contract traps before the host
    // sees it (the host's own 16 KiB cap is tested with a hand-written module).
    let out = stopped(&mut ch, acc, input("big", &[&20_000u32.to_le_bytes()]), GAS);
    assert!(matches!(out.result, Err(ExecError::Trapped(_))), "{out:?}");
    // A value under the cap is stored.
    let out = ch.call(acc, 0, input("big", &[&10_000u32.to_le_bytes()]));
    assert!(out.succeeded(), "{out:?}");
    assert_eq!(ch.ok(acc, input("marker", &[])), vec![0, 1, 1, 0, 0, 0]);
}

#[test]
fn a_call_into_a_missing_contract_fails_without_running() {
    let mut ch = Chain::new();
    let out = ch.call(AccountId32([0x42; 32]), 1_000, input("get", &[]));
    assert!(matches!(out.result, Err(ExecError::ContractNotFound(_))), "{out:?}");
    assert_eq!(out.gas_used, 0);
    assert_eq!(ch.balance(&ALICE), START_BALANCE);
}
