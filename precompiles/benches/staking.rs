//! Staking through the 0x805 precompile: decode `addStake` / `removeStake` calldata, swap
//! through the subnet pool, update the share ledger, encode the result — everything a
//! transaction's precompile frame does, over an in-memory native store.
//!
//! `cargo bench -p precompiles --bench staking`

#![allow(missing_docs)]

use alloy_primitives::{Address, B256, U256};
use alloy_sol_types::SolCall;
use contracts::IStaking;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use precompiles::call::{Call, Gas};
use precompiles::testkit;

const STAKER: Address = testkit::COLD;

fn call(from: Address, input: Vec<u8>) -> Call {
    Call {
        caller: from,
        value: U256::ZERO,
        input: input.into(),
        is_static: false,
        gas_limit: 10_000_000,
    }
}

fn bench(c: &mut Criterion) {
    // The dev genesis plus subnet 1 (owner hotkey 0xaa…), callers funded with 10,000 TAO.
    let (base, _) = testkit::with_subnet();
    let add = IStaking::addStakeCall {
        hotkey: B256::from(testkit::OWNER_HOTKEY),
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
        hotkey: B256::from(testkit::OWNER_HOTKEY),
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
