//! Staking through the 0x805 precompile: decode `addStake` / `removeStake` calldata, swap
//! through the subnet pool, update the share ledger, encode the result — everything a
//! transaction's precompile frame does, over an in-memory native store.
//!
//! `cargo bench -p precompiles --bench staking`

#![allow(missing_docs)]

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use contracts::{IStaking, ISubnet};
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use precompiles::call::{Call, Gas};
use tao_chain::genesis::Genesis;
use tao_primitives::Rao;
use tao_runtime::{MemNative, genesis};

const OWNER: Address = Address::repeat_byte(0x11);
const STAKER: Address = Address::repeat_byte(0x22);

fn call(from: Address, input: Vec<u8>) -> Call {
    Call {
        caller: from,
        value: U256::ZERO,
        input: input.into(),
        is_static: false,
        gas_limit: 10_000_000,
    }
}

fn setup() -> MemNative {
    let mut s = MemNative::default();
    genesis::apply(&mut s, Genesis::dev().issuance_wei(), Genesis::dev().native.profile)
        .expect("genesis");
    for a in [OWNER, STAKER] {
        s.balances.insert(a, Rao::from_tao(10_000).to_wei());
    }
    s.block = 1;
    let reg = ISubnet::registerNetwork_0Call { hotkey: B256::repeat_byte(0xaa) };
    precompiles::subnet::run(&mut s, &call(OWNER, reg.abi_encode()), &mut Gas::new(10_000_000))
        .expect("register");
    s
}

fn bench(c: &mut Criterion) {
    let base = setup();
    let add = IStaking::addStakeCall {
        hotkey: B256::repeat_byte(0xaa),
        amountRao: U256::from(5_000_000_000u64),
        netuid: U256::from(1),
    }
    .abi_encode();
    c.bench_function("0x805 addStake (5 TAO, subnet 1)", |b| {
        b.iter_batched(
            || base.clone(),
            |mut s| {
                precompiles::staking::run(
                    &mut s,
                    &call(STAKER, add.clone()),
                    &mut Gas::new(10_000_000),
                )
                .expect("stake");
                s
            },
            BatchSize::SmallInput,
        )
    });
    let mut staked = base.clone();
    precompiles::staking::run(&mut staked, &call(STAKER, add.clone()), &mut Gas::new(10_000_000))
        .expect("stake");
    let remove = IStaking::removeStakeCall {
        hotkey: B256::repeat_byte(0xaa),
        amountAlpha: U256::from(1_000_000_000u64),
        netuid: U256::from(1),
    }
    .abi_encode();
    c.bench_function("0x805 removeStake (1 alpha, subnet 1)", |b| {
        b.iter_batched(
            || staked.clone(),
            |mut s| {
                precompiles::staking::run(
                    &mut s,
                    &call(STAKER, remove.clone()),
                    &mut Gas::new(10_000_000),
                )
                .expect("unstake");
                s
            },
            BatchSize::SmallInput,
        )
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
