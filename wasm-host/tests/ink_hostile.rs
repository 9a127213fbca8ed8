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

/// Recurses `n` levels in wasm, then calls itself one frame deeper and does it again: the
/// native stack holds up to six frames' wasm stacks at once. Every run must end in a result
/// (success or a trap), never in a crashed process.
#[test]
fn deep_wasm_recursion_in_every_frame_ends_in_a_result() {
    use common::wasm_text::contract;
    let dive = r#"
      (func $next (param $d i32) (result i32)
        (call $cap)
        (call $address (i32.const 512) (i32.const 4))
        (i32.store (i32.const 600) (i32.add (local.get $d) (i32.const 1)))
        (i32.store (i32.const 604) (i32.load (i32.const 8196)))
        (call $call1 (i32.const 8) (i32.const 512) (i64.const 0) (i32.const 16)
          (i32.const 600) (i32.const 8) (i32.const -1) (i32.const 8)))
      (func $dive (param $n i32) (param $d i32) (result i32)
        (if (result i32) (local.get $n)
          (then (i32.add (i32.const 1)
            (call $dive (i32.sub (local.get $n) (i32.const 1)) (local.get $d))))
          (else (call $next (local.get $d)))))"#;
    let body = "(call $read_input)
        (call $push (call $dive (i32.load (i32.const 8196)) (i32.load (i32.const 8192))))
        (call $done)";
    let mut ch = Chain::new();
    let acc = ch.deploy_code(&contract(dive, body), &[]);
    let mut outcomes = Vec::new();
    for n in [10u32, 1_000, 1_500, 2_000, 2_500, 100_000] {
        let input = [0u32.to_le_bytes(), n.to_le_bytes()].concat();
        let out = ch.call_as(ALICE, acc, 0, input, 100_000_000);
        assert!(out.gas_used > 0);
        outcomes.push((n, out.result.is_ok()));
    }
    // 2 500 levels fit in one frame's 128 KiB wasm stack (wasmtime 48.0.8's code), so that run
    // holds six nearly full wasm stacks on the native stack at once (on a 2 MiB test thread).
    assert!(outcomes[..5].iter().all(|o| o.1), "{outcomes:?}");
    assert!(!outcomes[5].1, "100 000 levels exhaust the wasm stack: {outcomes:?}");
}
