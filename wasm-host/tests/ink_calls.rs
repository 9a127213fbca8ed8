//! The real ink! 5 caller contract (contracts/ink/caller) calling and instantiating the counter:
//! seal1/seal2 call and instantiate, value, return codes, reverts and traps below a caller,
//! reentrancy refused unless allowed.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use wasm_host::{AccountId32, ExecError, WasmState, contract_address};

fn setup() -> (Chain, wasm_host::CodeHash, AccountId32, AccountId32) {
    let mut ch = Chain::new();
    let (hash, counter) = ch.deploy("counter", input("new", &[&[1]]));
    let (_, caller) = ch.deploy("caller", input("new", &[]));
    (ch, hash, counter, caller)
}

/// `caller.call_raw(callee, input, value, reentry)`.
fn call_raw(callee: &AccountId32, inner: &[u8], value: u64, reentry: bool) -> Vec<u8> {
    input("call_raw", &[&callee.0, &bytes(inner), &value.to_le_bytes(), &[u8::from(reentry)]])
}

/// ink! output of `Result<Vec<u8>, u32>`: Ok(Ok(bytes)).
fn ok_bytes(b: &[u8]) -> Vec<u8> {
    [vec![0, 0], bytes(b)].concat()
}

/// ink! output of `Result<_, u32>`: Ok(Err(code)).
fn err_code(code: u32) -> Vec<u8> {
    [vec![0, 1], code.to_le_bytes().to_vec()].concat()
}

#[test]
fn seal2_and_seal1_calls_reach_the_callee_as_the_contract() {
    let (mut ch, _, counter, caller) = setup();
    assert_eq!(ch.ok(caller, call_raw(&counter, &input("flip", &[]), 0, false)), ok_bytes(&[]));
    assert_eq!(ch.ok(counter, input("get", &[])), vec![0, 0]);
    assert_eq!(ch.ok(caller, call_raw(&counter, &input("get", &[]), 0, false)), ok_bytes(&[0]));
    let v1 = input("call_raw_v1", &[&counter.0, &bytes(&input("count", &[]))]);
    assert_eq!(ch.ok(caller, v1), ok_bytes(&[1, 0, 0, 0]));
    // The event's `by` topic is the calling contract.
    assert_eq!(ch.state.events().last().unwrap().topics[1], caller.0);
    // Below a contract, the caller is the contract and not the origin.
    let info = ch.ok(caller, call_raw(&counter, &input("env_info", &[]), 0, false));
    let rest = &info[2..];
    let (len_byte, d) = (rest[0], &rest[2..]);
    assert_eq!(len_byte & 3, 1, "two-byte compact length");
    assert_eq!(&d[0..32], &caller.0);
    assert_eq!(d[124], 0, "caller_is_origin is false below the first frame");
}

#[test]
fn value_moves_through_a_call() {
    let (mut ch, _, counter, caller) = setup();
    let out = ch.call(caller, 2_000, call_raw(&counter, &input("deposit", &[]), 1_000, false));
    assert!(out.succeeded(), "{out:?}");
    assert_eq!(ch.balance(&caller), 1_000);
    assert_eq!(ch.balance(&counter), 1_000);
    assert_eq!(
        ch.ok(counter, input("deposit_of", &[&caller.0])),
        [vec![0], 1_000u64.to_le_bytes().to_vec()].concat()
    );
    // More than the caller has: TransferFailed (5), nothing moves.
    let out = ch.reverted(caller, call_raw(&counter, &input("deposit", &[]), 1_000_000, false));
    assert_eq!(out, err_code(5));
    assert_eq!(ch.balance(&counter), 1_000);
}

#[test]
fn a_reverting_callee_is_undone_while_the_caller_goes_on() {
    let (mut ch, _, counter, caller) = setup();
    let out = ch.ok(caller, call_raw(&counter, &input("flip_then_revert", &[]), 0, false));
    // CalleeReverted: ink! decodes the callee's output, Ok(Err(7)).
    assert_eq!(out, ok_bytes(&[1, 7]));
    assert_eq!(ch.ok(counter, input("get", &[])), vec![0, 1], "the flip was undone");
    assert_eq!(ch.ok(caller, input("calls", &[])), vec![0, 1, 0, 0, 0], "the caller's write stays");
}

#[test]
fn a_trapping_callee_returns_callee_trapped_and_is_undone() {
    let (mut ch, _, counter, caller) = setup();
    let events = ch.state.events().len();
    let out = ch.reverted(caller, call_raw(&counter, &input("flip_then_trap", &[]), 0, false));
    assert_eq!(out, err_code(1));
    assert_eq!(ch.ok(counter, input("get", &[])), vec![0, 1]);
    assert_eq!(ch.state.events().len(), events);
}

#[test]
fn calling_a_plain_account_is_not_callable() {
    let (mut ch, _, _, caller) = setup();
    assert_eq!(ch.reverted(caller, call_raw(&BOB, &input("get", &[]), 0, false)), err_code(8));
}

#[test]
fn instantiate_from_a_contract_derives_the_account_from_the_contract() {
    let (mut ch, hash, _, caller) = setup();
    let salt = b"s1".to_vec();
    let out = ch.ok(caller, input("create", &[&hash, &[0], &bytes(&salt), &0u64.to_le_bytes()]));
    let expect = contract_address(&caller, &hash, &input("new", &[&[0]]), &salt);
    assert_eq!(out, [vec![0, 0], expect.0.to_vec()].concat());
    assert_eq!(ch.state.contract(&expect), Some(hash));
    assert_eq!(ch.ok(expect, input("get", &[])), vec![0, 0]);

    // seal1.instantiate, another salt.
    let out = ch.ok(caller, input("create_v1", &[&hash, &[1], &bytes(b"s2")]));
    let expect = contract_address(&caller, &hash, &input("new", &[&[1]]), b"s2");
    assert_eq!(out, [vec![0, 0], expect.0.to_vec()].concat());
    assert_eq!(ch.ok(expect, input("get", &[])), vec![0, 1]);

    // The same salt again: a dispatch error in the pallet, so the caller traps.
    let out =
        ch.call(caller, 0, input("create", &[&hash, &[0], &bytes(&salt), &0u64.to_le_bytes()]));
    assert!(matches!(out.result, Err(ExecError::DuplicateContract(_))), "{out:?}");
}

#[test]
fn instantiate_with_value_missing_code_and_a_trapping_constructor() {
    let (mut ch, hash, _, caller) = setup();
    assert!(ch.call(caller, 5_000, input("calls", &[])).result.is_err(), "calls is not payable");
    let out = ch.call(
        caller,
        5_000,
        input("create", &[&hash, &[1], &bytes(b"v"), &2_000u64.to_le_bytes()]),
    );
    assert!(out.succeeded(), "{out:?}");
    let child = contract_address(&caller, &hash, &input("new", &[&[1]]), b"v");
    assert_eq!(ch.balance(&child), 2_000);
    assert_eq!(ch.balance(&caller), 3_000);

    let missing = [9u8; 32];
    let out =
        ch.reverted(caller, input("create", &[&missing, &[1], &bytes(b"m"), &0u64.to_le_bytes()]));
    assert_eq!(out, err_code(7), "CodeNotFound");
    assert_eq!(
        ch.ok(caller, input("create_failing", &[&hash])),
        [vec![0], 1u32.to_le_bytes().to_vec()].concat()
    );
}

#[test]
fn reentrancy_is_refused_unless_the_caller_allows_it() {
    let mut ch = Chain::new();
    let (hash, _) = ch.deploy("caller", input("new", &[]));
    let one = ch.instantiate(hash, 0, input("new", &[]), b"1").account;
    let two = ch.instantiate(hash, 0, input("new", &[]), b"2").account;
    // one -> two -> one.ping
    let back = call_raw(&one, &input("ping", &[]), 0, false);
    let denied = ch.reverted(one, call_raw(&two, &back, 0, false));
    assert_eq!(denied, err_code(1), "two trapped on ReentranceDenied");
    let allowed = ch.ok(one, call_raw(&two, &back, 0, true));
    assert_eq!(&allowed[..2], &[0, 0], "{allowed:?}");
    // A contract calling itself needs the flag too; without it the pallet's ReentranceDenied is
    // a dispatch error, so the calling frame itself traps.
    let out = ch.call(one, 0, call_raw(&one, &input("ping", &[]), 0, false));
    assert!(matches!(out.result, Err(ExecError::ReentranceDenied(_))), "{out:?}");
    assert!(out.gas_used > 0);
    let selfcall = ch.ok(one, call_raw(&one, &input("ping", &[]), 0, true));
    assert_eq!(&selfcall[..2], &[0, 0]);
}
