//! The real ink! 5 counter contract (contracts/ink/counter) on the host: upload, instantiate,
//! storage, events, value, reverts and traps, environment reads, hashing, transfer, terminate.
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use common::*;
use sha2::Digest as _;
use wasm_host::code::{blake2_128, blake2_256};
use wasm_host::{ExecError, ReturnFlags, WasmState, code_hash, contract_address};

fn u64le(v: u64) -> Vec<u8> {
    v.to_le_bytes().to_vec()
}

fn counter(ch: &mut Chain) -> (wasm_host::CodeHash, wasm_host::AccountId32) {
    ch.deploy("counter", input("new", &[&[1]]))
}

#[test]
fn counter_lives_at_the_pallet_derived_account() {
    let mut ch = Chain::new();
    let code = wasm("counter");
    let hash = ch.upload(&code);
    assert_eq!(hash, code_hash(&code));
    assert_eq!(hash, blake2_256(&code));
    let ctor = input("new", &[&[1]]);
    let out = ch.instantiate(hash, 0, ctor.clone(), b"salt");
    assert!(out.exec.succeeded(), "{:?}", out.exec);
    assert!(out.exec.gas_used > 0);
    assert_eq!(out.account, contract_address(&ALICE, &hash, &ctor, b"salt"));
    assert_eq!(ch.state.contract(&out.account), Some(hash));
    // Same code, input and salt again: the account is taken.
    let again = ch.instantiate(hash, 0, ctor.clone(), b"salt");
    assert!(matches!(again.exec.result, Err(ExecError::DuplicateContract(_))), "{again:?}");
    // Another salt, another account.
    let other = ch.instantiate(hash, 0, ctor, b"pepper");
    assert!(other.exec.succeeded());
    assert_ne!(other.account, out.account);
}

#[test]
fn flip_writes_storage_and_emits_an_event_with_topics() {
    let mut ch = Chain::new();
    let (_, acc) = counter(&mut ch);
    assert_eq!(ch.ok(acc, input("get", &[])), vec![0, 1]);
    assert_eq!(ch.ok(acc, input("flip", &[])), vec![0]);
    assert_eq!(ch.ok(acc, input("get", &[])), vec![0, 0]);
    assert_eq!(ch.ok(acc, input("count", &[])), vec![0, 1, 0, 0, 0]);
    let ev = ch.state.events().last().unwrap().clone();
    assert_eq!(ev.contract, acc);
    assert_eq!(ev.topics, vec![blake2_256(b"Flipped(AccountId,bool)"), ALICE.0]);
    let mut data = ALICE.0.to_vec();
    data.push(0);
    assert_eq!(ev.data, data);
}

#[test]
fn payable_message_takes_value_and_non_payable_refuses_it() {
    let mut ch = Chain::new();
    let (_, acc) = counter(&mut ch);
    let out = ch.call(acc, 1_000, input("deposit", &[]));
    assert!(out.succeeded(), "{out:?}");
    assert_eq!(out.result.unwrap().data, [vec![0], u64le(1_000)].concat());
    assert_eq!(ch.balance(&acc), 1_000);
    assert_eq!(ch.balance(&ALICE), START_BALANCE - 1_000);
    assert_eq!(ch.ok(acc, input("deposit_of", &[&ALICE.0])), [vec![0], u64le(1_000)].concat());
    let ev = ch.state.events().last().unwrap();
    assert_eq!(ev.topics[0], blake2_256(b"Deposited(AccountId,Balance)"));

    // flip is not payable: ink! traps, the value goes back, the gas stays charged.
    let events = ch.state.events().len();
    let out = ch.call(acc, 1_000, input("flip", &[]));
    assert!(matches!(out.result, Err(ExecError::Trapped(_))), "{out:?}");
    assert!(out.gas_used > 0);
    assert_eq!(ch.balance(&acc), 1_000);
    assert_eq!(ch.ok(acc, input("get", &[])), vec![0, 1]);
    assert_eq!(ch.state.events().len(), events);
}

#[test]
fn mapping_take_contains_and_remove_reach_the_storage_functions() {
    let mut ch = Chain::new();
    let (_, acc) = counter(&mut ch);
    assert_eq!(ch.ok(acc, input("has_deposit", &[&ALICE.0])), vec![0, 0]);
    assert!(ch.call(acc, 700, input("deposit", &[])).succeeded());
    assert_eq!(ch.ok(acc, input("has_deposit", &[&ALICE.0])), vec![0, 1]);
    assert_eq!(ch.ok(acc, input("take_deposit", &[&ALICE.0])), [vec![0, 1], u64le(700)].concat());
    assert_eq!(ch.ok(acc, input("has_deposit", &[&ALICE.0])), vec![0, 0]);
    assert_eq!(ch.ok(acc, input("take_deposit", &[&ALICE.0])), vec![0, 0]);
    assert!(ch.call(acc, 700, input("deposit", &[])).succeeded());
    assert_eq!(ch.ok(acc, input("clear_deposit", &[&ALICE.0])), vec![0]);
    assert_eq!(ch.ok(acc, input("deposit_of", &[&ALICE.0])), [vec![0], u64le(0)].concat());
}

#[test]
fn a_revert_undoes_storage_and_events_and_keeps_the_gas() {
    let mut ch = Chain::new();
    let (_, acc) = counter(&mut ch);
    let before = ch.state.all_storage().clone();
    let events = ch.state.events().len();
    let out = ch.call(acc, 0, input("flip_then_revert", &[]));
    let rv = out.result.clone().unwrap();
    assert_eq!(rv.flags, ReturnFlags::REVERT);
    assert_eq!(rv.data, vec![0, 1, 7], "Ok(Err(7))");
    assert!(out.gas_used > 0);
    assert_eq!(ch.state.all_storage(), &before);
    assert_eq!(ch.state.events().len(), events);

    let out = ch.call(acc, 0, input("flip_then_trap", &[]));
    assert!(matches!(out.result, Err(ExecError::Trapped(_))), "{out:?}");
    assert!(out.gas_used > 0);
    assert_eq!(ch.state.all_storage(), &before);
    assert_eq!(ch.state.events().len(), events);
}

#[test]
fn unknown_selector_and_malformed_scale_input_revert_with_lang_error() {
    let mut ch = Chain::new();
    let (_, acc) = counter(&mut ch);
    for bad in [vec![1, 2, 3, 4], input("deposit_of", &[&[1, 2, 3]]), vec![0x9b]] {
        let out = ch.call(acc, 0, bad.clone());
        let rv = out.result.unwrap();
        assert_eq!(rv.flags, ReturnFlags::REVERT, "{bad:?}");
        assert_eq!(rv.data, vec![1, 1], "Err(LangError::CouldNotReadInput) for {bad:?}");
    }
}

#[test]
fn a_trapping_constructor_leaves_no_contract() {
    let mut ch = Chain::new();
    let hash = ch.upload(&wasm("counter"));
    let out = ch.instantiate(hash, 5_000, input("failing", &[]), &[]);
    assert!(matches!(out.exec.result, Err(ExecError::Trapped(_))), "{out:?}");
    assert!(out.exec.gas_used > 0);
    assert_eq!(ch.state.contract(&out.account), None);
    assert_eq!(ch.balance(&out.account), 0);
    assert_eq!(ch.balance(&ALICE), START_BALANCE);
}

#[test]
fn env_info_reports_caller_address_balance_block_and_code_hash() {
    let mut ch = Chain::new();
    let hash = ch.upload(&wasm("counter"));
    let out = ch.instantiate(hash, 10_000, input("new", &[&[0]]), &[]);
    assert!(out.exec.succeeded());
    let acc = out.account;
    let d = ch.ok(acc, input("env_info", &[]));
    assert_eq!(d[0], 0);
    let d = &d[1..];
    assert_eq!(&d[0..32], &ALICE.0, "caller");
    assert_eq!(&d[32..64], &acc.0, "address");
    assert_eq!(
        u64::from_le_bytes(d[64..72].try_into().unwrap()),
        10_000 - 500,
        "reducible balance"
    );
    assert_eq!(u32::from_le_bytes(d[72..76].try_into().unwrap()), 77, "block number");
    assert_eq!(u64::from_le_bytes(d[76..84].try_into().unwrap()), 1_700_000_000_000, "now");
    assert_eq!(u64::from_le_bytes(d[84..92].try_into().unwrap()), 500, "minimum balance");
    assert_eq!(&d[92..124], &hash, "own code hash");
    assert_eq!(d[124], 1, "caller is origin");
    let gas_left = u64::from_le_bytes(d[125..133].try_into().unwrap());
    assert!(gas_left > 0 && gas_left < GAS, "{gas_left}");
    assert_eq!(d.len(), 133);
}

#[test]
fn hashes_match_the_reference_implementations() {
    let mut ch = Chain::new();
    let (_, acc) = counter(&mut ch);
    let msg = b"taochain ink host".to_vec();
    let d = ch.ok(acc, input("hashes", &[&bytes(&msg)]));
    assert_eq!(d[0], 0);
    assert_eq!(&d[1..33], &blake2_256(&msg));
    assert_eq!(&d[33..49], &blake2_128(&msg));
    assert_eq!(&d[49..81], sha2::Sha256::digest(&msg).as_slice());
    assert_eq!(&d[81..113], sha3::Keccak256::digest(&msg).as_slice());
}

#[test]
fn transfer_keeps_the_minimum_balance_and_reports_failure() {
    let mut ch = Chain::new();
    let (_, acc) = counter(&mut ch);
    assert!(ch.call(acc, 1_000, input("deposit", &[])).succeeded());
    assert_eq!(ch.ok(acc, input("send", &[&BOB.0, &u64le(400)])), vec![0, 1]);
    assert_eq!(ch.balance(&BOB), START_BALANCE + 400);
    assert_eq!(ch.balance(&acc), 600);
    // 600 - 200 would leave 400, below the minimum balance of 500: TransferFailed.
    assert_eq!(ch.ok(acc, input("send", &[&BOB.0, &u64le(200)])), vec![0, 0]);
    assert_eq!(ch.balance(&acc), 600);
    // A new account must receive at least the minimum balance.
    let fresh = wasm_host::AccountId32([0x77; 32]);
    assert_eq!(ch.ok(acc, input("send", &[&fresh.0, &u64le(50)])), vec![0, 0]);
    assert_eq!(ch.balance(&fresh), 0);
}

#[test]
fn is_contract_and_code_hash_of_contracts_and_plain_accounts() {
    let mut ch = Chain::new();
    let (hash, acc) = counter(&mut ch);
    assert_eq!(ch.ok(acc, input("inspect", &[&acc.0])), [vec![0, 1, 1], hash.to_vec()].concat());
    assert_eq!(ch.ok(acc, input("inspect", &[&BOB.0])), vec![0, 0, 0]);
}

#[test]
fn terminate_moves_the_balance_and_removes_contract_and_storage() {
    let mut ch = Chain::new();
    let (_, acc) = counter(&mut ch);
    assert!(ch.call(acc, 3_000, input("deposit", &[])).succeeded());
    assert!(ch.state.storage_len(&acc) > 0);
    let out = ch.call(acc, 0, input("bye", &[&BOB.0]));
    assert!(out.succeeded(), "{out:?}");
    assert_eq!(ch.balance(&BOB), START_BALANCE + 3_000);
    assert_eq!(ch.balance(&acc), 0);
    assert_eq!(ch.state.contract(&acc), None);
    assert_eq!(ch.state.storage_len(&acc), 0);
    let out = ch.call(acc, 0, input("get", &[]));
    assert!(matches!(out.result, Err(ExecError::ContractNotFound(_))), "{out:?}");
    assert_eq!(out.gas_used, 0);
}

#[test]
fn query_runs_a_message_and_keeps_nothing() {
    let mut ch = Chain::new();
    let (_, acc) = counter(&mut ch);
    let storage = ch.state.all_storage().clone();
    let events = ch.state.events().len();
    let tx = ch.tx(ALICE, GAS);
    let out = ch.host.query(&mut ch.state, &tx, acc, input("flip", &[]));
    assert!(out.succeeded(), "{out:?}");
    assert!(out.gas_used > 0);
    assert_eq!(ch.state.all_storage(), &storage);
    assert_eq!(ch.state.events().len(), events);
    let out = ch.host.query(&mut ch.state, &tx, acc, input("get", &[]));
    assert_eq!(out.result.unwrap().data, vec![0, 1]);
}
