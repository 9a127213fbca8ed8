//! wasm-host benchmarks: upload + instantiate of the ink! counter, a message call, and a
//! storage-heavy call (100 new entries). Run: `cargo bench -p wasm-host`.
#![allow(missing_docs, clippy::unwrap_used)]

#[path = "../tests/common/mod.rs"]
mod common;

use common::wasm_text::contract;
use common::*;
use criterion::{BatchSize, Criterion, criterion_group, criterion_main};

fn bench(c: &mut Criterion) {
    let counter = wasm("counter");
    c.bench_function("upload+instantiate counter (compile included)", |b| {
        b.iter_batched(
            Chain::new,
            |mut ch| {
                let hash = ch.upload(&counter);
                assert!(ch.instantiate(hash, 0, input("new", &[&[1]]), &[]).exec.succeeded());
            },
            BatchSize::SmallInput,
        )
    });

    let mut ch = Chain::new();
    let (hash, acc) = ch.deploy("counter", input("new", &[&[1]]));
    // Criterion may run the closure more than once: the salt counter lives outside it.
    let mut salt = 0u64;
    c.bench_function("instantiate counter (module cached)", |b| {
        b.iter(|| {
            salt += 1;
            assert!(
                ch.instantiate(hash, 0, input("new", &[&[1]]), &salt.to_le_bytes())
                    .exec
                    .succeeded()
            );
        })
    });
    c.bench_function("call counter.flip", |b| {
        b.iter(|| assert!(ch.call(acc, 0, input("flip", &[])).succeeded()))
    });

    let many = contract(
        "",
        "(local $i i32)
         (loop $l
           (i32.store (i32.const 256) (local.get $i))
           (drop (call $set2 (i32.const 256) (i32.const 4) (i32.const 1024) (i32.const 32)))
           (local.set $i (i32.add (local.get $i) (i32.const 1)))
           (br_if $l (i32.lt_u (local.get $i) (i32.const 100))))",
    );
    c.bench_function("call writing 100 new 32-byte entries", |b| {
        b.iter_batched(
            || {
                let mut ch = Chain::new();
                let acc = ch.deploy_code(&many, &[]);
                (ch, acc)
            },
            |(mut ch, acc)| assert!(ch.call(acc, 0, vec![]).succeeded()),
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
