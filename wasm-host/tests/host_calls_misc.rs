//! Call flags (forward, clone, tail call), the three call versions, reentrance counts,
//! gas_left, debug_message, seal_return flags, the chain extension, ecdsa and sr25519, checked
//! with hand-written modules.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::sync::{Arc, Mutex};

use common::wasm_text::{contract, data, words};
use common::*;
use wasm_host::{
    AccountId32, ChainExtension, ExecError, ExtensionCall, ExtensionOutcome, HostConfig,
    MemoryState, WasmHost, WasmState,
};

fn trapped(out: &wasm_host::ExecOutcome, needle: &str) {
    match &out.result {
        Err(ExecError::Trapped(m)) => assert!(m.contains(needle), "{m:?} lacks {needle:?}"),
        other => panic!("expected a trap with {needle:?}, got {other:?}"),
    }
}

/// Returns its input; reverts when the first byte is 0xEE.
const ECHO: &str = r#"
  (call $read_input)
  (call $return
    (if (result i32) (i32.eq (i32.load8_u (i32.const 8192)) (i32.const 0xEE))
      (then (i32.const 1)) (else (i32.const 0)))
    (i32.const 8192) (i32.load (i32.const 0)))"#;

/// Input: flags u32 ‖ callee [32] ‖ mode u8 ‖ payload. Calls the callee with the payload
/// (or, by flag, its own input); mode bit 0 re-reads the input afterwards, bit 1 uses
/// seal0.call, bit 2 seal2.call. Returns the call's return code ‖ the callee's output.
const PROXY: &str = r#"
  (local $rc i32) (local $mode i32) (local $len i32)
  (call $read_input)
  (local.set $mode (i32.load8_u (i32.const 8228)))
  (local.set $len (i32.sub (i32.load (i32.const 0)) (i32.const 37)))
  (i32.store (i32.const 8) (i32.const 1024))
  (if (i32.and (local.get $mode) (i32.const 2))
    (then (local.set $rc (call $call0 (i32.const 8196) (i32.const 32) (i64.const 0)
            (i32.const 16) (i32.const 8) (i32.const 8229) (local.get $len) (i32.const 2048) (i32.const 8))))
    (else (if (i32.and (local.get $mode) (i32.const 4))
      (then (local.set $rc (call $call2 (i32.load (i32.const 8192)) (i32.const 8196) (i64.const 0) (i64.const 0)
              (i32.const -1) (i32.const 16) (i32.const 8229) (local.get $len) (i32.const 2048) (i32.const 8))))
      (else (local.set $rc (call $call1 (i32.load (i32.const 8192)) (i32.const 8196) (i64.const 0)
              (i32.const 16) (i32.const 8229) (local.get $len) (i32.const 2048) (i32.const 8)))))))
  (if (i32.and (local.get $mode) (i32.const 1)) (then (call $read_input)))
  (i32.store (i32.const 2044) (local.get $rc))
  (call $return (i32.const 0) (i32.const 2044) (i32.add (i32.const 4) (i32.load (i32.const 8))))"#;

fn proxy_input(flags: u32, callee: &AccountId32, mode: u8, payload: &[u8]) -> Vec<u8> {
    [flags.to_le_bytes().to_vec(), callee.0.to_vec(), vec![mode], payload.to_vec()].concat()
}

fn proxy_setup() -> (Chain, AccountId32, AccountId32) {
    let mut ch = Chain::new();
    let echo = ch.deploy_code(&contract("", ECHO), &[]);
    let proxy = ch.deploy_code(&contract("", PROXY), &[]);
    (ch, echo, proxy)
}

#[test]
fn call_versions_pass_the_payload_and_return_the_output() {
    let (mut ch, echo, proxy) = proxy_setup();
    for mode in [0u8, 2, 4] {
        let out = ch.ok(proxy, proxy_input(0, &echo, mode, b"hi"));
        assert_eq!(out, [0u32.to_le_bytes().to_vec(), b"hi".to_vec()].concat(), "mode {mode}");
    }
    // A reverting callee: CalleeReverted (2), its output still written, the caller not reverted.
    let out = ch.ok(proxy, proxy_input(0, &echo, 0, &[0xEE, 1]));
    assert_eq!(out, [2u32.to_le_bytes().to_vec(), vec![0xEE, 1]].concat());
}

#[test]
fn forward_input_hands_the_input_over_and_clone_input_copies_it() {
    let (mut ch, echo, proxy) = proxy_setup();
    let input = proxy_input(1, &echo, 0, b"x");
    assert_eq!(ch.ok(proxy, input.clone()), [0u32.to_le_bytes().to_vec(), input].concat());
    // After forwarding, reading the input again traps.
    trapped(&ch.call(proxy, 0, proxy_input(1, &echo, 1, b"x")), "input was forwarded");
    // After cloning it can be read again.
    let input = proxy_input(2, &echo, 1, b"y");
    assert_eq!(ch.ok(proxy, input.clone()), [0u32.to_le_bytes().to_vec(), input].concat());
}

#[test]
fn tail_call_returns_the_callee_output_at_once() {
    let (mut ch, echo, proxy) = proxy_setup();
    assert_eq!(ch.ok(proxy, proxy_input(4, &echo, 0, b"tail")), b"tail");
    // A reverting callee under TAIL_CALL: the caller returns with its flags.
    let rv = ch.call(proxy, 0, proxy_input(4, &echo, 0, &[0xEE])).result.unwrap();
    assert!(rv.did_revert());
    assert_eq!(rv.data, vec![0xEE]);
}

#[test]
fn undefined_call_flags_trap() {
    let (mut ch, echo, proxy) = proxy_setup();
    trapped(&ch.call(proxy, 0, proxy_input(16, &echo, 0, b"")), "invalid call flags");
}

#[test]
fn seal_return_with_undefined_flags_traps() {
    let mut ch = Chain::new();
    let acc = ch.deploy_code(
        &contract("", "(call $return (i32.const 2) (i32.const 0) (i32.const 0))"),
        &[],
    );
    trapped(&ch.call(acc, 0, vec![]), "invalid return flags");
}

#[test]
fn reentrance_counts_see_the_stack() {
    let mut ch = Chain::new();
    let body = r#"
      (call $read_input)
      (call $cap)
      (call $address (i32.const 512) (i32.const 4))
      (call $push (call $rc))
      (call $push (call $arc (i32.const 512)))
      (if (i32.eqz (i32.load (i32.const 0)))
        (then
          (i32.store (i32.const 8) (i32.const 1024))
          (call $push (call $call1 (i32.const 8) (i32.const 512) (i64.const 0) (i32.const 16)
            (i32.const 600) (i32.const 1) (i32.const 2048) (i32.const 8)))
          (call $push (i32.load (i32.const 2048)))
          (call $push (i32.load (i32.const 2052)))))
      (call $done)"#;
    let acc = ch.deploy_code(&contract("", body), &[]);
    assert_eq!(words(&ch.ok(acc, vec![])), vec![0, 1, 0, 1, 2]);
}

#[test]
fn gas_left_reports_the_meter_in_both_versions() {
    let mut ch = Chain::new();
    let v0 = contract(
        "",
        "(call $cap) (call $gas0 (i32.const 1024) (i32.const 4)) (call $return (i32.const 0) (i32.const 1024) (i32.const 8))",
    );
    let v1 = contract(
        "",
        "(call $cap) (call $gas1 (i32.const 1024) (i32.const 4)) (call $return (i32.const 0) (i32.const 1024) (i32.load (i32.const 4)))",
    );
    let a0 = ch.deploy_code(&v0, b"0");
    let a1 = ch.deploy_code(&v1, b"1");
    let g = u64::from_le_bytes(ch.ok(a0, vec![]).try_into().unwrap());
    assert!(g > GAS - 10_000 && g < GAS, "{g}");
    // seal1: SCALE Weight { ref_time: Compact<u64>, proof_size: Compact<u64> }.
    let w = ch.ok(a1, vec![]);
    assert_eq!(w[0] & 3, 2, "four-byte compact");
    let r = u64::from(u32::from_le_bytes(w[0..4].try_into().unwrap()) >> 2);
    assert!(r > GAS - 10_000 && r < GAS, "{r}");
    assert_eq!(w.len(), 8);
}

#[test]
fn debug_message_records_only_when_enabled() {
    let module = contract(
        &data(256, b"hello"),
        "(call $push (call $debug (i32.const 256) (i32.const 5))) (call $done)",
    );
    let mut ch = Chain::new();
    let acc = ch.deploy_code(&module, &[]);
    let out = ch.call(acc, 0, vec![]);
    assert_eq!(words(&out.result.unwrap().data), vec![9], "LoggingDisabled");
    assert_eq!(out.debug_message, "");
    let mut ch = Chain::with_config(HostConfig { debug_messages: true, ..HostConfig::default() });
    let acc = ch.deploy_code(&module, &[]);
    let out = ch.call(acc, 0, vec![]);
    assert_eq!(words(&out.result.clone().unwrap().data), vec![0]);
    assert_eq!(out.debug_message, "hello");
}

/// Test extension: status = function id + 40, output = input reversed, writes the input
/// into the contract's storage under "ext", charges 100 gas; function 9 fails.
struct Reverser(Mutex<Vec<(u32, AccountId32, AccountId32)>>);

impl ChainExtension<MemoryState> for Reverser {
    fn call(
        &self,
        state: &mut MemoryState,
        call: &ExtensionCall<'_>,
    ) -> Result<ExtensionOutcome, String> {
        self.0.lock().unwrap().push((call.id, call.contract, call.caller));
        if call.id & 0xffff == 9 {
            return Err("function 9 refuses".into());
        }
        state.set_storage(&call.contract, b"ext", Some(call.input.to_vec()));
        let output = call.input.iter().rev().copied().collect();
        Ok(ExtensionOutcome { status: (call.id & 0xffff) + 40, output, gas: 100 })
    }
}

fn ext_module(revert: bool) -> Vec<u8> {
    let ret = if revert { 1 } else { 0 };
    contract(
        "",
        &format!(
            r#"
      (local $id i32)
      (call $read_input)
      (local.set $id (i32.load (i32.const 8192)))
      (call $cap)
      (i32.store (i32.const 4096) (call $ext (local.get $id) (i32.const 8196)
        (i32.sub (i32.load (i32.const 0)) (i32.const 4)) (i32.const 4104) (i32.const 4)))
      (i32.store (i32.const 4100) (i32.load (i32.const 4)))
      (call $return (i32.const {ret}) (i32.const 4096) (i32.add (i32.const 8) (i32.load (i32.const 4))))"#
        ),
    )
}

#[test]
fn chain_extension_calls_reach_the_extension_with_the_state() {
    let ext = Arc::new(Reverser(Mutex::new(Vec::new())));
    let mut ch = Chain::new();
    ch.host = WasmHost::with_extension(HostConfig::default(), ext.clone()).unwrap();
    let acc = ch.deploy_code(&ext_module(false), &[]);
    let input = [0x1000_0005u32.to_le_bytes().to_vec(), b"abc".to_vec()].concat();
    let out = ch.ok(acc, input.clone());
    assert_eq!(words(&out[..8]), vec![45, 3]);
    assert_eq!(&out[8..], b"cba");
    assert_eq!(ext.0.lock().unwrap().last(), Some(&(0x1000_0005, acc, ALICE)));
    assert_eq!(ch.state.storage(&acc, b"ext"), Some(b"abc".to_vec()));
    // The extension's writes go with the frame: a revert undoes them.
    let rev = ch.deploy_code(&ext_module(true), b"r");
    let out = ch.call(rev, 0, input);
    assert!(out.result.unwrap().did_revert());
    assert_eq!(ch.state.storage(&rev, b"ext"), None);
    // An extension error traps.
    let bad = [0x1000_0009u32.to_le_bytes().to_vec(), b"z".to_vec()].concat();
    trapped(&ch.call(acc, 0, bad), "function 9 refuses");
}

#[test]
fn without_an_extension_the_call_returns_an_error_status() {
    let mut ch = Chain::new();
    let acc = ch.deploy_code(&ext_module(false), &[]);
    let out = ch.ok(acc, [0x1000_0001u32.to_le_bytes().to_vec(), b"q".to_vec()].concat());
    assert_eq!(
        words(&out[..8]),
        vec![wasm_host::NO_CHAIN_EXTENSION_STATUS, 1024],
        "nothing written"
    );
}

fn crypto_module(extra: &str, body: &str) -> Vec<u8> {
    contract(extra, body)
}

#[test]
fn ecdsa_recover_and_eth_address_match_k256() {
    use k256::ecdsa::SigningKey;
    use sha3::Digest as _;
    let key = SigningKey::from_bytes(&[7u8; 32].into()).unwrap();
    let hash = [9u8; 32];
    let (sig, rid) = key.sign_prehash_recoverable(&hash).unwrap();
    let mut sig65 = sig.to_bytes().to_vec();
    sig65.push(rid.to_byte() + 27);
    let body = r#"
      (i32.store (i32.const 1020) (call $ecdsa (i32.const 256) (i32.const 384) (i32.const 1024)))
      (i32.store (i32.const 1060) (call $eth (i32.const 1024) (i32.const 1064)))
      (call $return (i32.const 0) (i32.const 1020) (i32.const 64))"#;
    let mut ch = Chain::new();
    let good = ch.deploy_code(
        &crypto_module(&format!("{} {}", data(256, &sig65), data(384, &hash)), body),
        b"g",
    );
    let out = ch.ok(good, vec![]);
    let pubkey = key.verifying_key().to_encoded_point(true);
    assert_eq!(&out[0..4], &[0, 0, 0, 0]);
    assert_eq!(&out[4..37], pubkey.as_bytes());
    let full = key.verifying_key().to_encoded_point(false);
    let eth = sha3::Keccak256::digest(&full.as_bytes()[1..]);
    assert_eq!(&out[40..44], &[0, 0, 0, 0]);
    assert_eq!(&out[44..64], &eth[12..]);
    // An all-zero signature does not recover: EcdsaRecoveryFailed (11).
    let bad = ch.deploy_code(&crypto_module(&data(384, &hash), body), b"b");
    assert_eq!(&ch.ok(bad, vec![])[0..4], &11u32.to_le_bytes());
}

#[test]
fn sr25519_verify_accepts_a_substrate_signature_only() {
    use schnorrkel::{ExpansionMode, MiniSecretKey};
    let kp =
        MiniSecretKey::from_bytes(&[5u8; 32]).unwrap().expand_to_keypair(ExpansionMode::Ed25519);
    let sig = kp.sign_simple(b"substrate", b"hello").to_bytes();
    let pk = kp.public.to_bytes();
    let extra = format!("{} {} {}", data(256, &sig), data(384, &pk), data(512, b"hello"));
    let mut ch = Chain::new();
    let ok = ch.deploy_code(&contract(&extra, "(call $push (call $sr (i32.const 256) (i32.const 384) (i32.const 5) (i32.const 512))) (call $done)"), b"1");
    assert_eq!(words(&ch.ok(ok, vec![])), vec![0]);
    let other = ch.deploy_code(&contract(&extra, "(call $push (call $sr (i32.const 256) (i32.const 384) (i32.const 4) (i32.const 512))) (call $done)"), b"2");
    assert_eq!(words(&ch.ok(other, vec![])), vec![12], "Sr25519VerifyFailed");
}

#[test]
fn terminate_from_a_hand_written_module_ends_the_frame() {
    let mut ch = Chain::new();
    // Code after terminate never runs (it would trap).
    let acc = ch.deploy_code(
        &contract(&data(256, &BOB.0), "(call $terminate (i32.const 256)) (unreachable)"),
        &[],
    );
    let out = ch.call(acc, 0, vec![]);
    assert!(out.succeeded(), "{out:?}");
    assert_eq!(ch.state.contract(&acc), None);
}

#[test]
fn set_code_hash_swaps_the_code_from_the_next_call_and_keeps_storage() {
    let mut ch = Chain::new();
    let b =
        contract(&data(256, b"B"), "(call $return (i32.const 0) (i32.const 256) (i32.const 1))");
    let b_hash = ch.upload(&b);
    // A: with input, swaps to the hash in its input and returns the code; else returns "A".
    let a = contract(
        &format!("{} {}", data(256, b"A"), data(300, b"k")),
        r#"(call $read_input)
           (drop (call $set2 (i32.const 300) (i32.const 1) (i32.const 256) (i32.const 1)))
           (if (i32.load (i32.const 0))
             (then (call $push (call $set_code (i32.const 8192))) (call $done)))
           (call $return (i32.const 0) (i32.const 256) (i32.const 1))"#,
    );
    let acc = ch.deploy_code(&a, &[]);
    assert_eq!(ch.ok(acc, vec![]), b"A");
    assert_eq!(words(&ch.ok(acc, [9u8; 32].to_vec())), vec![7], "CodeNotFound");
    assert_eq!(ch.ok(acc, vec![]), b"A");
    assert_eq!(words(&ch.ok(acc, b_hash.to_vec())), vec![0]);
    assert_eq!(ch.state.contract(&acc), Some(b_hash));
    assert_eq!(ch.ok(acc, vec![]), b"B");
    let key = [wasm_host::code::blake2_128(b"k").to_vec(), b"k".to_vec()].concat();
    assert_eq!(ch.state.storage(&acc, &key), Some(b"A".to_vec()), "storage kept");
}

/// Calls itself with depth + 1 and returns [depth, return code] followed by the child's words.
const DEEP: &str = r#"
  (local $d i32) (local $rc i32)
  (call $read_input)
  (local.set $d (i32.load (i32.const 8192)))
  (call $cap)
  (call $address (i32.const 512) (i32.const 4))
  (i32.store (i32.const 600) (i32.add (local.get $d) (i32.const 1)))
  (i32.store (i32.const 8) (i32.const 1024))
  (local.set $rc (call $call1 (i32.const 8) (i32.const 512) (i64.const 0) (i32.const 16)
    (i32.const 600) (i32.const 4) (i32.const 2056) (i32.const 8)))
  (i32.store (i32.const 2048) (local.get $d))
  (i32.store (i32.const 2052) (local.get $rc))
  (if (local.get $rc) (then (i32.store (i32.const 8) (i32.const 0))))
  (call $return (i32.const 0) (i32.const 2048) (i32.add (i32.const 8) (i32.load (i32.const 8))))"#;

#[test]
fn the_call_depth_cap_allows_exactly_five_frames_below_the_first() {
    for (cap, deepest) in [(5u32, 4u32), (2, 1)] {
        let mut ch =
            Chain::with_config(HostConfig { max_call_depth: cap, ..HostConfig::default() });
        let acc = ch.deploy_code(&contract("", DEEP), &[]);
        let out = ch.ok(acc, 0u32.to_le_bytes().to_vec());
        // Frames 0..=cap run; frame `cap` traps on MaxCallDepth, so frame cap-1 sees 1.
        let mut expect: Vec<u32> = (0..deepest).flat_map(|d| [d, 0]).collect();
        expect.extend([deepest, 1]);
        assert_eq!(words(&out), expect, "cap {cap}");
    }
}

#[test]
fn an_outer_revert_undoes_a_nested_call_that_succeeded() {
    let mut ch = Chain::new();
    let (_, counter) = ch.deploy("counter", input("new", &[&[1]]));
    // Calls the address in its input with selector `flip`, then reverts.
    let body = r#"
      (call $read_input)
      (i32.store (i32.const 8) (i32.const 1024))
      (drop (call $call1 (i32.const 0) (i32.const 8192) (i64.const 0) (i32.const 16)
        (i32.const 256) (i32.const 4) (i32.const -1) (i32.const 8)))
      (call $return (i32.const 1) (i32.const 0) (i32.const 0))"#;
    let flip = sel("flip");
    let outer = ch.deploy_code(&contract(&data(256, &flip), body), &[]);
    let events = ch.state.events().len();
    let out = ch.call(outer, 0, counter.0.to_vec());
    assert!(out.result.unwrap().did_revert());
    assert_eq!(ch.ok(counter, input("get", &[])), vec![0, 1], "the nested flip was undone");
    assert_eq!(ch.state.events().len(), events);
}

#[test]
fn a_nested_call_with_a_gas_limit_runs_out_alone() {
    let mut ch = Chain::new();
    let spinner = ch.deploy_code(&contract("", "(loop $l (br $l))"), b"spin");
    // Calls the spinner with a limit of 1 000 gas; pushes the return code and its gas left.
    let body = r#"
      (local $before i64)
      (call $read_input)
      (call $cap)
      (call $gas0 (i32.const 1024) (i32.const 4))
      (local.set $before (i64.load (i32.const 1024)))
      (call $push (call $call1 (i32.const 0) (i32.const 8192) (i64.const 1000) (i32.const 16)
        (i32.const 0) (i32.const 0) (i32.const -1) (i32.const 8)))
      (call $cap)
      (call $gas0 (i32.const 1024) (i32.const 4))
      (call $push (i32.wrap_i64 (i64.sub (local.get $before) (i64.load (i32.const 1024)))))
      (call $done)"#;
    let caller = ch.deploy_code(&contract("", body), b"caller");
    let out = ch.call(caller, 0, spinner.0.to_vec());
    assert!(out.succeeded(), "{out:?}");
    let w = words(&out.result.unwrap().data);
    assert_eq!(w[0], 1, "CalleeTrapped (out of gas)");
    // The caller paid the callee's whole limit and the call's own costs, and went on.
    let call_cost = wasm_host::gas::CALL_GAS + wasm_host::gas::HOST_CALL_GAS;
    assert!(w[1] as u64 >= 1_000 + call_cost && (w[1] as u64) < 1_000 + call_cost + 100, "{w:?}");
}
