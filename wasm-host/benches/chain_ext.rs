//! A stake through the chain extension: the `ext_all` ink! contract's `add_stake` message
//! (10 TAO of the contract's own balance) in wasmtime, `seal_call_chain_extension` (0x1000,
//! function 1), `BittensorExtension` and the native runtime's staking (pool swap, share ledger)
//! on a `MemNative` genesis with one subnet. Every iteration starts from the same state (a
//! clone, outside the timing), so each does the same work and no rate limit builds up.
//!
//! `cargo bench -p wasm-host --bench chain_ext`
#![allow(missing_docs, clippy::unwrap_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::sync::Arc;

use common::native_state::TestState;
use common::{ALICE, GAS, input, wasm};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use tao_primitives::NetUid;
use tao_runtime::staking;
use tao_runtime::testkit::{TAO, fund, key, with_subnet};
use wasm_host::chain_ext::BittensorExtension;
use wasm_host::{AccountId32, BlockEnv, ChainExtension, HostConfig, TxContext, WasmHost};

const N1: NetUid = NetUid(1);
const START: u64 = 1_000 * TAO;

fn tx() -> TxContext {
    TxContext { origin: ALICE, env: BlockEnv::default(), gas_limit: GAS }
}

fn bench(c: &mut Criterion) {
    // Genesis with subnet 1 (owner hotkey `key(2)`), `ext_all` deployed and funded.
    let (native, netuid) = with_subnet();
    assert_eq!(netuid, N1);
    let ext: Arc<dyn ChainExtension<TestState>> = Arc::new(BittensorExtension::new());
    let host = WasmHost::with_extension(HostConfig::default(), ext).unwrap();
    let mut st = TestState::new(native);
    st.wasm.set_balance(ALICE, START);
    let hash = host.upload(&mut st, &wasm("ext_all"), u64::MAX).unwrap().0;
    let out = host.instantiate(&mut st, &tx(), hash, 0, input("new", &[]), Vec::new());
    assert!(out.exec.succeeded(), "{:?}", out.exec);
    let contract = out.account;
    fund(&mut st.native, &contract, START);

    let hotkey: AccountId32 = key(2);
    let msg = input("add_stake", &[&hotkey.0, &N1.get().to_le_bytes(), &(10 * TAO).to_le_bytes()]);

    // Once outside the timing: it succeeds, stakes, and reports its gas.
    let mut probe = st.clone();
    let out = host.call(&mut probe, &tx(), contract, 0, msg.clone());
    assert!(out.succeeded(), "{out:?}");
    let staked = staking::stake(&mut probe.native, &hotkey, &contract, N1).unwrap().get();
    assert!(staked > 0, "add_stake staked nothing");
    eprintln!("ext_all add_stake 10 TAO: {staked} alpha, gas used {}", out.gas_used);

    c.bench_function("ext_all add_stake 10 TAO (chain extension -> tao_runtime)", |b| {
        b.iter_batched(
            || st.clone(),
            |mut s| {
                let out = host.call(&mut s, &tx(), contract, 0, msg.clone());
                assert!(out.succeeded());
                s
            },
            BatchSize::SmallInput,
        )
    });
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
