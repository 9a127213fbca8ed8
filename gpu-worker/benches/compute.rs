//! Miner compute time per task by backend, and the validator's check, for docs/benchmarks.md.
//!
//! Run: `cargo bench -p gpu-worker --bench compute` (add `--features cuda` on a CUDA machine).
//!
//! * `compute/<backend>/<n>`: `Backend::compute(task)` = derive A and B from the seed + C = A·B,
//!   for n = 256, 512, 1024. On a software wgpu adapter (lavapipe) only n = 256 and 512 run
//!   (n = 1024 takes about a second per iteration there); set `TAOCHAIN_BENCH_WGPU_1024=1` to
//!   include it anyway.
//! * `commit/1024`: the Merkle tree over the rows of C (the rest of the miner's work before it
//!   can answer).
//! * `check/1024/...`: the validator at n = 1024: `precompute` (draw r, regenerate B,
//!   x = B·r), `openings_16` (verify 16 opened rows: Merkle path + Freivalds row check, A's row
//!   regenerated from the seed), `precompute+openings_16`, and `full` (precompute + Freivalds on
//!   all of C).
//!
//! Nothing here asserts a time; the figures go into docs/benchmarks.md by hand.

// criterion_group! generates an undocumented function.
#![allow(missing_docs)]

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use gpu_task::{Challenge, FreivaldsKey, MerkleTree, Openings, Task, verify_openings};
use gpu_worker::{Backend, CpuBackend, WgpuBackend};
use std::hint::black_box;

const SIZES: [u32; 3] = [256, 512, 1024];
const K: usize = 16;

fn task(n: u32) -> Option<Task> {
    Task::new(*blake3::hash(b"taochain gpu-worker bench").as_bytes(), n).ok()
}

fn bench_backend(c: &mut Criterion, backend: &dyn Backend, sizes: &[u32]) {
    let mut group = c.benchmark_group(format!("compute/{}", backend.kind()));
    group.sample_size(10);
    for &n in sizes {
        let Some(t) = task(n) else { continue };
        group.bench_with_input(BenchmarkId::from_parameter(n), &t, |b, t| {
            b.iter(|| backend.compute(black_box(t)).ok());
        });
    }
    group.finish();
}

fn compute(c: &mut Criterion) {
    bench_backend(c, &CpuBackend::new(), &SIZES);
    match WgpuBackend::new() {
        Ok(gpu) => {
            eprintln!("wgpu adapter: {}", gpu.describe());
            let all = !gpu.is_software() || std::env::var("TAOCHAIN_BENCH_WGPU_1024").is_ok();
            bench_backend(c, &gpu, if all { &SIZES } else { &SIZES[..2] });
        }
        Err(e) => eprintln!("wgpu skipped: {e}"),
    }
    #[cfg(feature = "cuda")]
    match gpu_worker::CudaBackend::new() {
        Ok(cuda) => bench_backend(c, &cuda, &SIZES),
        Err(e) => eprintln!("cuda skipped: {e}"),
    }
}

fn check(c: &mut Criterion) {
    let n = 1024;
    let Some(t) = task(n) else { return };
    let Ok(product) = CpuBackend::new().compute(&t) else { return };
    let hotkey = [3u8; 32];
    let secret = [9u8; 32];
    let tree = MerkleTree::build(&product, &hotkey);
    let root = tree.root();
    let Ok(challenge) = Challenge::random(&t, K, &secret) else { return };
    let rows: Vec<_> = challenge.rows.iter().filter_map(|&i| tree.open(&product, i).ok()).collect();
    let openings = Openings { task_id: t.id(), rows };
    let key = FreivaldsKey::new(&t, &secret);
    // The honest answer must pass, or the figures below mean nothing.
    if verify_openings(&key, &hotkey, &root, &challenge, &openings).is_err()
        || key.check_product(&product).is_err()
    {
        eprintln!("check bench: the honest answer was rejected; not timing");
        return;
    }

    let mut miner = c.benchmark_group("commit");
    miner.sample_size(20);
    miner.bench_function(BenchmarkId::from_parameter(n), |b| {
        b.iter(|| MerkleTree::build(black_box(&product), &hotkey).root());
    });
    miner.finish();

    let mut group = c.benchmark_group(format!("check/{n}"));
    group.sample_size(20);
    group.bench_function("precompute", |b| b.iter(|| FreivaldsKey::new(black_box(&t), &secret)));
    group.bench_function("openings_16", |b| {
        b.iter(|| verify_openings(&key, &hotkey, &root, &challenge, black_box(&openings)).is_ok());
    });
    group.bench_function("precompute+openings_16", |b| {
        b.iter(|| {
            let key = FreivaldsKey::new(black_box(&t), &secret);
            verify_openings(&key, &hotkey, &root, &challenge, &openings).is_ok()
        });
    });
    group.bench_function("full", |b| {
        b.iter(|| FreivaldsKey::new(black_box(&t), &secret).check_product(&product).is_ok());
    });
    group.finish();
}

criterion_group!(benches, compute, check);
criterion_main!(benches);
