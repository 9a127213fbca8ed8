//! Storage and event host functions, checked with hand-written modules against the pallet's
//! documented behaviour: previous-length return values, `u32::MAX` for "none", KeyNotFound,
//! the fixed (seal0) and variable (seal1/seal2) key namespaces, key and value caps, output
//! buffers, topics.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::wasm_text::{contract, data, words};
use common::*;
use wasm_host::code::{blake2_128, blake2_256};
use wasm_host::{ExecError, WasmState};

const NONE: u32 = u32::MAX;

fn trapped(out: &wasm_host::ExecOutcome, needle: &str) {
    match &out.result {
        Err(ExecError::Trapped(m)) => assert!(m.contains(needle), "{m:?} lacks {needle:?}"),
        other => panic!("expected a trap with {needle:?}, got {other:?}"),
    }
    assert!(out.gas_used > 0);
}

#[test]
fn storage_functions_return_previous_lengths_and_key_not_found() {
    let mut ch = Chain::new();
    let extra = format!("{} {}", data(256, &[1, 2, 3, 4]), data(512, b"abcde"));
    let body = r#"
      (call $push (call $set2 (i32.const 256) (i32.const 4) (i32.const 512) (i32.const 3)))
      (call $push (call $set2 (i32.const 256) (i32.const 4) (i32.const 512) (i32.const 5)))
      (call $push (call $contains1 (i32.const 256) (i32.const 4)))
      (call $cap)
      (call $push (call $get1 (i32.const 256) (i32.const 4) (i32.const 1024) (i32.const 4)))
      (call $push (i32.load (i32.const 4)))
      (call $push (i32.load (i32.const 1024)))
      (call $push (call $clear1 (i32.const 256) (i32.const 4)))
      (call $push (call $contains1 (i32.const 256) (i32.const 4)))
      (call $push (call $get1 (i32.const 256) (i32.const 4) (i32.const 1024) (i32.const 4)))
      (call $push (call $clear1 (i32.const 256) (i32.const 4)))
      (call $push (call $set1 (i32.const 256) (i32.const 512) (i32.const 2)))
      (call $push (call $set2 (i32.const 256) (i32.const 4) (i32.const 512) (i32.const 2)))
      (call $cap)
      (call $push (call $take (i32.const 256) (i32.const 4) (i32.const 1024) (i32.const 4)))
      (call $push (i32.load (i32.const 4)))
      (call $push (call $take (i32.const 256) (i32.const 4) (i32.const 1024) (i32.const 4)))
      (call $push (call $contains0 (i32.const 256)))
      (call $clear0 (i32.const 256))
      (call $push (call $contains0 (i32.const 256)))
      (call $set0 (i32.const 256) (i32.const 512) (i32.const 1))
      (call $cap)
      (call $push (call $get0 (i32.const 256) (i32.const 1024) (i32.const 4)))
      (call $push (i32.load (i32.const 4)))
      (call $done)"#;
    let acc = ch.deploy_code(&contract(&extra, body), &[]);
    let out = ch.ok(acc, vec![]);
    let expect = [
        NONE,
        3,
        5,
        0,
        5,
        u32::from_le_bytes(*b"abcd"),
        5,
        NONE,
        3,
        NONE,
        NONE,
        NONE,
        0,
        2,
        3,
        2,
        NONE,
        0,
        1,
    ];
    assert_eq!(words(&out), expect);
    // Trie keys as the pallet: fixed keys blake2_256(k), variable keys blake2_128(k) ‖ k.
    let mut fixed = [0u8; 32];
    fixed[..4].copy_from_slice(&[1, 2, 3, 4]);
    assert_eq!(ch.state.storage(&acc, &blake2_256(&fixed)), Some(b"a".to_vec()));
    let var = [blake2_128(&[1, 2, 3, 4]).to_vec(), vec![1, 2, 3, 4]].concat();
    assert_eq!(ch.state.storage(&acc, &var), None, "taken");
}

fn storage_trap(body: &str, needle: &str) {
    let mut ch = Chain::new();
    let extra = format!("{} {}", data(256, &[1, 2, 3, 4]), data(512, b"abcde"));
    // Each body first writes an entry: the trap must undo it.
    let body = format!(
        "(drop (call $set2 (i32.const 300) (i32.const 2) (i32.const 512) (i32.const 5))) {body}"
    );
    let acc = ch.deploy_code(&contract(&extra, &body), &[]);
    let before = ch.state.all_storage().clone();
    let out = ch.call(acc, 0, vec![]);
    trapped(&out, needle);
    assert_eq!(ch.state.all_storage(), &before);
}

#[test]
fn a_key_longer_than_128_bytes_traps() {
    storage_trap(
        "(drop (call $contains1 (i32.const 256) (i32.const 129)))",
        "storage key of 129 bytes",
    );
    storage_trap(
        "(drop (call $set2 (i32.const 256) (i32.const 129) (i32.const 512) (i32.const 1)))",
        "storage key",
    );
}

#[test]
fn a_value_above_16_kib_traps_in_the_host() {
    storage_trap(
        "(drop (call $set2 (i32.const 256) (i32.const 4) (i32.const 0) (i32.const 16385)))",
        "storage value of 16385 bytes",
    );
}

#[test]
fn a_too_small_output_buffer_traps() {
    storage_trap(
        "(i32.store (i32.const 4) (i32.const 2))
         (drop (call $get1 (i32.const 300) (i32.const 2) (i32.const 1024) (i32.const 4)))",
        "too small",
    );
}

#[test]
fn an_out_of_bounds_pointer_traps() {
    storage_trap("(drop (call $contains1 (i32.const 65534) (i32.const 4)))", "out of bounds");
}

#[test]
fn events_carry_up_to_four_topics() {
    let mut ch = Chain::new();
    let topics: Vec<u8> = [vec![4 << 2], (1..=4u8).flat_map(|t| [t; 32]).collect()].concat();
    let five: Vec<u8> = [vec![5 << 2], (1..=5u8).flat_map(|t| [t; 32]).collect()].concat();
    let extra = format!("{} {} {}", data(256, &topics), data(512, &five), data(1024, b"payload"));
    let ok = contract(
        &extra,
        "(call $event (i32.const 256) (i32.const 129) (i32.const 1024) (i32.const 7))",
    );
    let acc = ch.deploy_code(&ok, &[]);
    assert!(ch.call(acc, 0, vec![]).succeeded());
    let ev = ch.state.events().last().unwrap();
    assert_eq!(ev.contract, acc);
    assert_eq!(ev.topics, (1..=4u8).map(|t| [t; 32]).collect::<Vec<_>>());
    assert_eq!(ev.data, b"payload");
    // No topics at all.
    let none = contract(
        &extra,
        "(call $event (i32.const 0) (i32.const 0) (i32.const 1024) (i32.const 7))",
    );
    let acc = ch.deploy_code(&none, &[]);
    assert!(ch.call(acc, 0, vec![]).succeeded());
    assert!(ch.state.events().last().unwrap().topics.is_empty());

    let n = ch.state.events().len();
    for (body, needle) in [
        (
            "(call $event (i32.const 512) (i32.const 161) (i32.const 1024) (i32.const 7))",
            "5 event topics exceed 4",
        ),
        (
            "(call $event (i32.const 256) (i32.const 100) (i32.const 1024) (i32.const 7))",
            "not a SCALE",
        ),
        ("(call $event (i32.const 0) (i32.const 0) (i32.const 0) (i32.const 16385))", "event data"),
    ] {
        let acc = ch.deploy_code(&contract(&extra, body), body.as_bytes());
        trapped(&ch.call(acc, 0, vec![]), needle);
    }
    assert_eq!(ch.state.events().len(), n);
}

#[test]
fn storage_gas_grows_with_the_value_and_is_deterministic() {
    let module = contract(
        "",
        "(call $read_input)
         (drop (call $set2 (i32.const 256) (i32.const 4) (i32.const 20000) (i32.load (i32.const 8192))))",
    );
    let run = |len: u32| {
        let mut ch = Chain::new();
        let acc = ch.deploy_code(&module, &[]);
        let out = ch.call(acc, 0, len.to_le_bytes().to_vec());
        assert!(out.succeeded(), "{out:?}");
        out.gas_used
    };
    let (small, big) = (run(0), run(1000));
    assert_eq!(small, run(0), "same call, same gas");
    let per_byte = wasm_host::gas::STORAGE_BYTE_GAS * 1000;
    assert!(big - small >= per_byte && big - small <= per_byte + 200, "{small} {big}");
    // Out of gas inside the host function: stopped, all gas charged.
    let mut ch = Chain::new();
    let acc = ch.deploy_code(&module, &[]);
    let out = ch.call_as(ALICE, acc, 0, 1000u32.to_le_bytes().to_vec(), small + 1000);
    assert_eq!(out.result, Err(ExecError::OutOfGas));
    assert_eq!(out.gas_used, small + 1000);
}
