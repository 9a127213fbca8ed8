//! The same pool swap in each engine: `swapTaoForAlpha` of 10 TAO, no limit, on a dynamic pool
//! of 1,000 TAO / 10,000 alpha at fee rate 33/65535, called as the system account, in
//!
//! - revm: `AlphaPools`' runtime code (the checked-in artefact's constructor run once) in an
//!   in-memory revm, one committed system call (the EVM is built on the state outside the
//!   timing);
//! - wasmtime: the ink! pool (`contracts/ink/pool`, `pool.wasm`) in `WasmHost<MemoryState>`;
//! - native: `tao_economics::pool::NativePool`, the floor.
//!
//! Every iteration starts from the same state (a clone of the pool's state after `createPool`,
//! made outside the timing), so each does the same swap. All three results are checked equal
//! first; at the end a short self-timed pass prints the wasmtime/revm ratio of medians
//! (criterion's own figures are the ones to quote).
//!
//! `cargo bench -p wasm-host --bench pool_swap_engines`
#![allow(missing_docs, clippy::unwrap_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use std::time::{Duration, Instant};

use alloy_sol_types::{SolCall, SolValue};
use common::wasm;
use contracts::bindings::IAlphaPools;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use revm::context::{Context, TxEnv};
use revm::context_interface::result::{ExecutionResult, Output};
use revm::database::InMemoryDB;
use revm::primitives::{Address, Bytes, TxKind, U256, address};
use revm::state::{AccountInfo, Bytecode};
use revm::{ExecuteCommitEvm, MainBuilder, MainContext, MainnetEvm, SystemCallCommitEvm};
use tao_economics::pool::{NativePool, PoolEngine, Reserves, SwapResult};
use wasm_host::code::blake2_256;
use wasm_host::{AccountId32, BlockEnv, HostConfig, MemoryState, TxContext, WasmHost};

const NETUID: u16 = 1;
const TAO_RESERVE: u64 = 1_000_000_000_000;
const ALPHA_RESERVE: u64 = 10_000_000_000_000;
const FEE_RATE: u16 = 33;
const AMOUNT: u64 = 10_000_000_000;

/// The system caller the Solidity pools accept changes from.
const SYSTEM: Address = address!("0xfffffffffffffffffffffffffffffffffffffffe");
const POOLS: Address = address!("0x0000000000000000000000000000000000000b05");
const DEPLOYER: Address = address!("0x00000000000000000000000000000000000d0d0e");
/// The ink! pool's system account.
const INK_SYSTEM: AccountId32 = AccountId32([0xfe; 32]);
const INK_GAS: u64 = 50_000_000;

// ------------------------------------------------------------------------------ revm

/// AlphaPools' runtime code: the creation code with the system caller, run once.
fn runtime_code() -> Bytes {
    let mut init = contracts::artifacts::ALPHA_POOLS.bytecode().unwrap().to_vec();
    init.extend_from_slice(&SYSTEM.abi_encode());
    let mut evm = Context::mainnet().with_db(InMemoryDB::default()).build_mainnet();
    let tx = TxEnv::builder().caller(DEPLOYER).kind(TxKind::Create).data(init.into()).build_fill();
    match evm.transact_commit(tx).unwrap() {
        ExecutionResult::Success { output: Output::Create(code, Some(_)), .. } => code,
        other => panic!("AlphaPools constructor failed: {other:?}"),
    }
}

type Evm = MainnetEvm<revm::handler::MainnetContext<InMemoryDB>>;

fn evm(db: InMemoryDB) -> Evm {
    Context::mainnet().with_db(db).build_mainnet()
}

/// A committed system call of the pools; its return data and gas used (a revert or halt
/// panics).
fn sol_call(evm: &mut Evm, data: Bytes) -> (Bytes, u64) {
    match evm.system_call_with_caller_commit(SYSTEM, POOLS, data).unwrap() {
        ExecutionResult::Success { output, gas, .. } => (output.into_data(), gas.tx_gas_used()),
        other => panic!("pool call failed: {other:?}"),
    }
}

/// The pools with the pool of [`NETUID`] created.
fn sol_state() -> Evm {
    let mut db = InMemoryDB::default();
    db.insert_account_info(POOLS, AccountInfo::from_bytecode(Bytecode::new_raw(runtime_code())));
    let create = IAlphaPools::createPoolCall {
        netuid: NETUID,
        taoReserve: U256::from(TAO_RESERVE),
        alphaReserve: U256::from(ALPHA_RESERVE),
        feeRate: FEE_RATE,
        mechanism: 1,
    };
    let mut evm = evm(db);
    sol_call(&mut evm, create.abi_encode().into());
    evm
}

fn sol_swap_input() -> Bytes {
    IAlphaPools::swapTaoForAlphaCall {
        netuid: NETUID,
        tao: U256::from(AMOUNT),
        limitPrice: U256::MAX,
        allowPartial: false,
    }
    .abi_encode()
    .into()
}

fn sol_result(out: &[u8]) -> SwapResult {
    let (amount_in, fee, amount_out, limited) =
        <(u64, u64, u64, bool)>::abi_decode_params(out).unwrap();
    SwapResult { amount_in, fee, amount_out, limited }
}

// ------------------------------------------------------------------------------ wasmtime

fn ink_tx() -> TxContext {
    let env = BlockEnv { block_number: 1, timestamp: 1_700_000_000_000, minimum_balance: 500 };
    TxContext { origin: INK_SYSTEM, env, gas_limit: INK_GAS }
}

fn ink_input(msg: &str, args: &[&[u8]]) -> Vec<u8> {
    let mut v = blake2_256(msg.as_bytes())[..4].to_vec();
    for a in args {
        v.extend_from_slice(a);
    }
    v
}

/// The ink! pool instantiated with [`INK_SYSTEM`] and the pool of [`NETUID`] created.
fn ink_state(host: &WasmHost<MemoryState>) -> (MemoryState, AccountId32) {
    let mut st = MemoryState::default();
    let (hash, _) = host.upload(&mut st, &wasm("pool"), u64::MAX).unwrap();
    let out =
        host.instantiate(&mut st, &ink_tx(), hash, 0, ink_input("new", &[&INK_SYSTEM.0]), vec![]);
    assert!(out.exec.succeeded(), "{:?}", out.exec);
    let pools = out.account;
    let create = ink_input(
        "create_pool",
        &[
            &NETUID.to_le_bytes(),
            &TAO_RESERVE.to_le_bytes(),
            &ALPHA_RESERVE.to_le_bytes(),
            &FEE_RATE.to_le_bytes(),
            &[1],
        ],
    );
    let out = host.call(&mut st, &ink_tx(), pools, 0, create);
    assert!(out.succeeded(), "{out:?}");
    (st, pools)
}

fn ink_swap_input() -> Vec<u8> {
    // netuid, tao, limit_price: None, allow_partial: false
    ink_input("swap_tao_for_alpha", &[&NETUID.to_le_bytes(), &AMOUNT.to_le_bytes(), &[0], &[0]])
}

/// `Ok(Ok(SwapResult))` after ink!'s `LangError` byte and the message's `Result` byte.
fn ink_result(data: &[u8]) -> SwapResult {
    assert_eq!(data.len(), 2 + 25, "{data:?}");
    assert_eq!(&data[..2], &[0, 0], "Ok(Ok(..))");
    let u = |i: usize| u64::from_le_bytes(data[2 + 8 * i..10 + 8 * i].try_into().unwrap());
    SwapResult { amount_in: u(0), fee: u(1), amount_out: u(2), limited: data[26] != 0 }
}

// ------------------------------------------------------------------------------ bench

fn native_pool() -> NativePool {
    let r = Reserves { tao_rao: TAO_RESERVE, alpha_rao: ALPHA_RESERVE };
    NativePool::new(r, FEE_RATE).unwrap()
}

/// Median of `n` timed runs of `run`, each on a fresh `setup()` (untimed).
fn median<S, R>(n: usize, mut setup: impl FnMut() -> S, mut run: impl FnMut(S) -> R) -> Duration {
    let mut times: Vec<Duration> = (0..n)
        .map(|_| {
            let s = setup();
            let t = Instant::now();
            let r = run(s);
            let e = t.elapsed();
            drop(r);
            e
        })
        .collect();
    times.sort();
    times[n / 2]
}

fn bench(c: &mut Criterion) {
    let host = WasmHost::<MemoryState>::new(HostConfig::default()).unwrap();
    let (ink_st, pools) = ink_state(&host);
    let sol_evm = sol_state();
    // The state after `createPool`; each iteration builds its revm on a clone (untimed).
    let sol_db = sol_evm.ctx.journaled_state.database.clone();
    let (sol_in, ink_in) = (sol_swap_input(), ink_swap_input());

    // The same swap gives the same numbers in all three.
    let want = native_pool().swap_tao_for_alpha(AMOUNT, None, false).unwrap();
    assert!(want.amount_out > 0 && !want.limited);
    let (sol_out, sol_gas) = sol_call(&mut evm(sol_db.clone()), sol_in.clone());
    let sol = sol_result(&sol_out);
    let mut st = ink_st.clone();
    let out = host.call(&mut st, &ink_tx(), pools, 0, ink_in.clone());
    assert!(out.succeeded(), "{out:?}");
    let ink = ink_result(&out.result.unwrap().data);
    assert_eq!((sol, ink), (want, want));
    eprintln!(
        "swapTaoForAlpha 10 TAO: {want:?}; gas used: revm {sol_gas} (system call, after refunds), \
         ink! {}",
        out.gas_used
    );

    let mut group = c.benchmark_group("pool swapTaoForAlpha 10 TAO");
    group.bench_function("native NativePool", |b| {
        let pool = native_pool();
        b.iter_batched(
            || pool,
            |mut p| p.swap_tao_for_alpha(AMOUNT, None, false).unwrap(),
            BatchSize::SmallInput,
        )
    });
    group.bench_function("revm AlphaPools.sol", |b| {
        b.iter_batched(
            || evm(sol_db.clone()),
            |mut e| {
                sol_call(&mut e, sol_in.clone());
                e
            },
            BatchSize::SmallInput,
        )
    });
    group.bench_function("wasmtime ink! pool.wasm", |b| {
        b.iter_batched(
            || ink_st.clone(),
            |mut s| {
                let out = host.call(&mut s, &ink_tx(), pools, 0, ink_in.clone());
                assert!(out.succeeded());
                s
            },
            BatchSize::SmallInput,
        )
    });
    group.finish();

    let n = 401;
    let sol_t = median(
        n,
        || evm(sol_db.clone()),
        |mut e| {
            sol_call(&mut e, sol_in.clone());
            e
        },
    );
    let ink_t = median(
        n,
        || ink_st.clone(),
        |mut s| {
            host.call(&mut s, &ink_tx(), pools, 0, ink_in.clone());
            s
        },
    );
    let native_t = median(n, native_pool, |mut p| p.swap_tao_for_alpha(AMOUNT, None, false));
    let ratio = ink_t.as_nanos() * 100 / sol_t.as_nanos().max(1);
    eprintln!(
        "self-timed medians of {n}: native {native_t:?}, revm {sol_t:?}, wasmtime {ink_t:?}; \
         wasmtime/revm = {}.{:02}",
        ratio / 100,
        ratio % 100
    );
}

criterion_group! {
    name = benches;
    config = Criterion::default().sample_size(20);
    targets = bench
}
criterion_main!(benches);
