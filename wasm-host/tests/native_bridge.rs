//! The bridge path: the host on a scoped wasm thread, its state served from this thread by
//! `NativeWasmState` over a native store (`MemNative`, with snapshot checkpoints).
#![allow(clippy::unwrap_used, missing_docs)]

mod common;

use std::sync::Arc;

use alloy_primitives::Address;
use common::wasm_text::{contract, words};
use common::{input, wasm};
use tao_primitives::Rao;
use tao_runtime::store::NativeExt;
use tao_runtime::{Balances, MemNative, NativeStore};
use wasm_host::{
    AccountId32, BlockEnv, Bridge, ExecOutcome, ExtensionCall, ExtensionOutcome, HostConfig, Job,
    JobResult, NativeExtension, NativeWasmState, TxContext, WasmState,
};

const GAS: u64 = 5_000_000;

fn tx(origin: AccountId32) -> TxContext {
    TxContext { origin, env: BlockEnv::default(), gas_limit: GAS }
}

fn exec(b: &Bridge, s: &mut NativeWasmState<MemNative>, job: Job) -> ExecOutcome {
    match b.run(s, job).unwrap() {
        JobResult::Call(o) => o,
        JobResult::Instantiate(o) => o.exec,
        JobResult::Upload(r) => panic!("upload result {r:?}"),
    }
}

/// Alice is an EVM address's twin: her balance is that address's EVM balance.
fn world() -> (NativeWasmState<MemNative>, AccountId32, Address) {
    let mut s = NativeWasmState::new(MemNative::default());
    let alice = Address::repeat_byte(0xa1);
    let twin = s.store_mut().link_evm_address(alice).unwrap();
    s.store_mut().evm_credit(alice, Rao(1_000_000).to_wei()).unwrap();
    (s, twin, alice)
}

#[test]
fn the_counter_runs_through_the_bridge_on_native_slots() {
    let b = Bridge::new(HostConfig::default(), None).unwrap();
    let (mut s, alice, alice_evm) = world();
    let code = wasm("counter");
    let JobResult::Upload(Ok((hash, gas))) =
        b.run(&mut s, Job::Upload { code: code.clone(), gas: u64::MAX }).unwrap()
    else {
        panic!("upload")
    };
    assert_eq!(gas, 200 * code.len() as u64);
    assert_eq!(s.code(&hash), Some(code));
    let ctor = input("new", &[&[0]]);
    let JobResult::Instantiate(inst) = b
        .run(
            &mut s,
            Job::Instantiate {
                tx: tx(alice),
                code_hash: hash,
                value: 0,
                input: ctor,
                salt: vec![],
            },
        )
        .unwrap()
    else {
        panic!("instantiate")
    };
    assert!(inst.exec.succeeded(), "{inst:?}");
    let acc = inst.account;
    let flip = Job::Call { tx: tx(alice), dest: acc, value: 0, input: input("flip", &[]) };
    assert!(exec(&b, &mut s, flip).succeeded());
    assert_eq!(s.events().len(), 1, "Flipped");
    let get = Job::Query { tx: tx(alice), dest: acc, input: input("get", &[]) };
    assert_eq!(exec(&b, &mut s, get).result.unwrap().data, vec![0, 1]);
    assert_eq!(s.events().len(), 1, "a query keeps no event");

    // Value: 2 000 RAO from Alice's EVM balance into the contract's native balance.
    let dep = Job::Call { tx: tx(alice), dest: acc, value: 2_000, input: input("deposit", &[]) };
    assert!(exec(&b, &mut s, dep).succeeded());
    assert_eq!(s.store_mut().free_balance(&acc).unwrap(), Rao(2_000));
    assert_eq!(s.store_mut().evm_balance(alice_evm).unwrap(), Rao(998_000).to_wei());

    // A revert undoes the flip through the store's checkpoints.
    let fr =
        Job::Call { tx: tx(alice), dest: acc, value: 0, input: input("flip_then_revert", &[]) };
    let out = exec(&b, &mut s, fr);
    assert_eq!(out.result.unwrap().data, vec![0, 1, 7]);
    let get = Job::Query { tx: tx(alice), dest: acc, input: input("get", &[]) };
    assert_eq!(exec(&b, &mut s, get).result.unwrap().data, vec![0, 1]);
    assert!(s.store_mut().snapshots.is_empty(), "every checkpoint closed");

    // An outer revert (the EVM frame's) removes everything the bridge wrote beneath it.
    let outer = s.store_mut().checkpoint().unwrap();
    let flip = Job::Call { tx: tx(alice), dest: acc, value: 0, input: input("flip", &[]) };
    assert!(exec(&b, &mut s, flip).succeeded());
    s.store_mut().checkpoint_revert(outer).unwrap();
    let get = Job::Query { tx: tx(alice), dest: acc, input: input("get", &[]) };
    assert_eq!(exec(&b, &mut s, get).result.unwrap().data, vec![0, 1]);
    assert!(s.error().is_none());
}

/// Records the call and answers with the function id; writes a native slot.
struct Hook;

impl NativeExtension for Hook {
    fn call(
        &self,
        store: &mut dyn NativeStore,
        call: &ExtensionCall<'_>,
    ) -> Result<ExtensionOutcome, String> {
        let k = tao_runtime::schema::Key::new(9, &[]);
        store.set_u64(k, u64::from(call.id & 0xffff)).map_err(|e| e.to_string())?;
        Ok(ExtensionOutcome {
            status: 45,
            output: call.input.iter().rev().copied().collect(),
            gas: 7,
        })
    }
}

fn ext_module(revert: u32) -> Vec<u8> {
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
      (call $return (i32.const {revert}) (i32.const 4096) (i32.add (i32.const 8) (i32.load (i32.const 4))))"#
        ),
    )
}

#[test]
fn chain_extension_calls_are_forwarded_to_the_hook_with_the_native_store() {
    let key = tao_runtime::schema::Key::new(9, &[]);
    let b = Bridge::new(HostConfig::default(), Some(Arc::new(Hook))).unwrap();
    let (mut s, alice, _) = world();
    let deploy = |s: &mut NativeWasmState<MemNative>, code: Vec<u8>| {
        let JobResult::Upload(Ok((h, _))) = b.run(s, Job::Upload { code, gas: u64::MAX }).unwrap()
        else {
            panic!("upload")
        };
        let job =
            Job::Instantiate { tx: tx(alice), code_hash: h, value: 0, input: vec![], salt: vec![] };
        let JobResult::Instantiate(o) = b.run(s, job).unwrap() else { panic!() };
        assert!(o.exec.succeeded(), "{o:?}");
        o.account
    };
    let acc = deploy(&mut s, ext_module(0));
    let rev = deploy(&mut s, ext_module(1));
    let call_input = [0x1000_0005u32.to_le_bytes().to_vec(), b"abc".to_vec()].concat();
    let out = exec(
        &b,
        &mut s,
        Job::Call { tx: tx(alice), dest: acc, value: 0, input: call_input.clone() },
    );
    let data = out.result.unwrap().data;
    assert_eq!(words(&data[..8]), vec![45, 3]);
    assert_eq!(&data[8..], b"cba");
    assert_eq!(s.store_mut().get_u64(key).unwrap(), 5, "the hook wrote the native store");
    // A reverting frame undoes the hook's native write.
    s.store_mut().set_u64(key, 0).unwrap();
    let out = exec(&b, &mut s, Job::Call { tx: tx(alice), dest: rev, value: 0, input: call_input });
    assert!(out.result.unwrap().did_revert());
    assert_eq!(s.store_mut().get_u64(key).unwrap(), 0);
    // Without a hook: status 1 and no output.
    let plain = Bridge::new(HostConfig::default(), None).unwrap();
    let one = [0x1000_0001u32.to_le_bytes().to_vec(), b"q".to_vec()].concat();
    let out = exec(&plain, &mut s, Job::Call { tx: tx(alice), dest: acc, value: 0, input: one });
    assert_eq!(words(&out.result.unwrap().data[..8]), vec![1, 0]);
}
