//! Criterion benchmark of one Yuma epoch on dense random (seeded) subnets:
//! 256 uids x 64 validators and 4096 uids x 256 validators, default hyperparameters
//! (Yuma 3 bonds, liquid alpha off), with a bonds matrix carried over from a warm-up epoch.

#![allow(missing_docs, clippy::unwrap_used)]

use criterion::{Criterion, criterion_group, criterion_main};
use std::hint::black_box;
use tao_yuma::{EpochInput, Hyperparameters, run_epoch};

/// splitmix64, so the bench needs no RNG crate.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
}

/// `n` uids of which the first `validators` hold large stakes, permits and dense weight
/// rows over every uid; the others are miners with small stakes.
fn subnet(n: usize, validators: usize, seed: u64) -> EpochInput {
    let mut rng = Rng(seed);
    let current_block = 100_000;
    let stake = (0..n)
        .map(|i| {
            if i < validators { 1_000_000_000 + rng.next() % (1 << 40) } else { rng.next() % 1000 }
        })
        .collect();
    let weights_sparse = (0..n)
        .map(|i| {
            if i < validators {
                (0..n as u16).map(|j| (j, (rng.next() % 65536) as u16)).collect()
            } else {
                Vec::new()
            }
        })
        .collect();
    let mut input = EpochInput {
        n: Some(n as u16),
        current_block,
        emission: 1_000_000_000_000,
        stake,
        last_update: vec![current_block - 10; n],
        block_at_registration: vec![1; n],
        validator_permits: (0..n).map(|i| i < validators).collect(),
        weights_sparse,
        hyperparameters: Hyperparameters {
            max_allowed_validators: validators as u16,
            ..Hyperparameters::default()
        },
        ..EpochInput::default()
    };
    // One warm-up epoch so that bonds are realistic (dense rows for every validator).
    let out = run_epoch(&input).unwrap();
    input.bonds_sparse = out.bonds_u16;
    input
}

fn bench_epoch(c: &mut Criterion) {
    let mut group = c.benchmark_group("yuma_epoch");
    for (n, v) in [(256, 64), (4096, 256)] {
        let input = subnet(n, v, 42);
        group.bench_function(format!("{n}x{v}"), |b| {
            b.iter(|| run_epoch(black_box(&input)).unwrap())
        });
    }
    group.finish();
}

criterion_group!(benches, bench_epoch);

criterion_main!(benches);
