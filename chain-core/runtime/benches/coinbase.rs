//! Criterion benchmark of one block's coinbase (`native::coinbase::run_block`) over
//! `MemNative` with 128 subnets registered through the registry (owner neuron plus 7 staked
//! neurons each, root stake so the injection is capped): emission split, injection, pending
//! buckets and moving prices for every subnet, (a) in a block with no epoch due and (b) in a
//! block where the two epochs allowed per block run and pay out.

#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{BatchSize, Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tao_primitives::{AccountId32, NetUid, Rao};
use tao_runtime::coinbase::{CoinbaseConfig, run_block};
use tao_runtime::hyperparams::Hyper;
use tao_runtime::schema::{self, Key};
use tao_runtime::store::NativeExt;
use tao_runtime::subnets::{self, RegistryGenesis};
use tao_runtime::testkit::{TAO, fund};
use tao_runtime::{MemNative, neurons, staking};

const SUBNETS: u16 = 128;
const TEMPO: u64 = 360;

fn id(tag: u8, n: u16) -> AccountId32 {
    let mut k = [0u8; 32];
    k[0] = tag;
    k[30..].copy_from_slice(&n.to_be_bytes());
    AccountId32(k)
}

/// 128 subnets registered at block 1, each with 8 neurons and stake on them.
fn chain() -> MemNative {
    let mut s = MemNative { block: 1, ..MemNative::default() };
    let genesis = RegistryGenesis {
        network_rate_limit: 0,
        subnet_limit: SUBNETS,
        hyperparameter_defaults: vec![(Hyper::Tempo, TEMPO)],
        ..RegistryGenesis::default()
    };
    subnets::init_genesis(&mut s, &genesis).unwrap();
    let staker = id(0xee, 0);
    fund(&mut s, &staker, 10_000_000 * TAO);
    for n in 1..=SUBNETS {
        let (owner, owner_hot) = (id(0x01, n), id(0x02, n));
        fund(&mut s, &owner, 3_000 * TAO);
        // Keep the lock at its floor so 128 registrations stay affordable.
        s.set_u64(Key::new(schema::NETWORK_LAST_LOCK_COST, &[]), 0).unwrap();
        let netuid = subnets::register_network(&mut s, &owner, &owner_hot, None).unwrap();
        for k in 0..7u16 {
            let (cold, hot) = (id(0x03, n * 8 + k), id(0x04, n * 8 + k));
            fund(&mut s, &cold, 1_000 * TAO);
            neurons::burned_register(&mut s, &cold, netuid, &hot, None).unwrap();
            staking::add_stake(&mut s, &staker, &hot, netuid, Rao((k as u64 + 1) * TAO), None)
                .map(u64::from)
                .unwrap();
        }
    }
    staking::add_stake(&mut s, &staker, &id(0x02, 1), NetUid(0), Rao(1_000_000 * TAO), None)
        .map(u64::from)
        .unwrap();
    // One block of coinbase so every subnet has started emitting.
    run_block(&mut s, &CoinbaseConfig::default()).unwrap();
    s
}

fn bench(c: &mut Criterion) {
    let base = chain();
    let cfg = CoinbaseConfig::default();
    let mut quiet = base.clone();
    quiet.block = 2;
    c.bench_function("coinbase_128_subnets_no_epoch", |b| {
        b.iter_batched(
            || quiet.clone(),
            |mut s| {
                let r = run_block(&mut s, &cfg).unwrap();
                black_box((s, r))
            },
            BatchSize::LargeInput,
        )
    });
    let mut due = base.clone();
    due.block = 1 + TEMPO;
    let report = run_block(&mut due.clone(), &cfg).unwrap();
    assert_eq!(report.epochs.len(), 2, "two epochs run in the measured block");
    c.bench_function("coinbase_128_subnets_2_epochs", |b| {
        b.iter_batched(
            || due.clone(),
            |mut s| {
                let r = run_block(&mut s, &cfg).unwrap();
                black_box((s, r))
            },
            BatchSize::LargeInput,
        )
    });
}

criterion_group!(benches, bench);
criterion_main!(benches);
