//! Every available backend gives exactly `gpu_task`'s reference product.
//!
//! The wgpu test runs on whatever adapter wgpu finds (Mesa's lavapipe on a machine without a
//! GPU). With no adapter it prints SKIP and passes, unless `TAOCHAIN_REQUIRE_WGPU=1`, in which
//! case it fails (scripts/test.sh sets it, so CI never skips silently). The CUDA test (feature
//! `cuda`) skips when libcuda/libnvrtc are missing. wgpu sizes stay ≤ 256 (lavapipe is slow).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use gpu_task::{Matrices, Product, Task};
use gpu_worker::{
    Backend, BackendChoice, BackendKind, CpuBackend, WgpuBackend, WorkerError, select,
};

const SIZES: [u32; 4] = [1, 7, 64, 256];

fn task(n: u32) -> Task {
    let mut seed = *blake3::hash(&u64::from(n).to_le_bytes()).as_bytes();
    seed[0] ^= 0x5a;
    Task::new(seed, n).unwrap()
}

/// Checks `backend` against the reference product for every size in [`SIZES`].
fn assert_matches_reference(backend: &dyn Backend) {
    for n in SIZES {
        let t = task(n);
        let m = Matrices::derive(&t);
        let want = Product::reference(&m);
        let got =
            backend.compute(&t).unwrap_or_else(|e| panic!("{}: n = {n}: {e}", backend.kind()));
        assert_eq!(got.task(), &t);
        assert!(
            got.values() == want.values(),
            "{} differs from the reference at n = {n}",
            backend.describe()
        );
        // Same bytes, so the same Merkle root for any hotkey.
        let hotkey = [7u8; 32];
        assert_eq!(
            gpu_task::MerkleTree::build(&got, &hotkey).root(),
            gpu_task::MerkleTree::build(&want, &hotkey).root()
        );
    }
}

fn require_wgpu() -> bool {
    std::env::var("TAOCHAIN_REQUIRE_WGPU").is_ok_and(|v| v == "1")
}

#[test]
fn cpu_matches_reference() {
    assert_matches_reference(&CpuBackend::new());
}

#[test]
fn cpu_handles_sizes_around_its_blocks() {
    // Bands of 16 rows, column blocks of 64, 16 accumulator lanes: cover the edges.
    let cpu = CpuBackend::new();
    for n in [15, 16, 17, 63, 65, 129] {
        let t = task(n);
        let want = Product::reference(&Matrices::derive(&t));
        assert_eq!(cpu.compute(&t).unwrap().values(), want.values(), "n = {n}");
    }
}

#[test]
fn wgpu_matches_reference() {
    let gpu = match WgpuBackend::new() {
        Ok(gpu) => gpu,
        Err(e) if require_wgpu() => {
            panic!("TAOCHAIN_REQUIRE_WGPU=1 but the wgpu backend is unavailable: {e}")
        }
        Err(e) => {
            eprintln!("SKIP wgpu_matches_reference: {e} (set TAOCHAIN_REQUIRE_WGPU=1 to fail)");
            return;
        }
    };
    eprintln!("wgpu adapter: {}", gpu.describe());
    assert_matches_reference(&gpu);
}

#[test]
fn wrong_input_lengths_are_errors() {
    let cpu = CpuBackend::new();
    assert!(matches!(cpu.matmul(&[1; 3], &[1; 4], 2), Err(WorkerError::InputLength { .. })));
    assert!(matches!(cpu.matmul(&[], &[], 0), Err(WorkerError::Task(_))));
}

#[test]
fn backend_choice_parses_the_flag_values() {
    for (s, want) in [
        ("auto", BackendChoice::Auto),
        ("cuda", BackendChoice::Cuda),
        ("wgpu", BackendChoice::Wgpu),
        ("cpu", BackendChoice::Cpu),
    ] {
        assert_eq!(s.parse::<BackendChoice>().unwrap(), want);
    }
    assert!(matches!("gpu".parse::<BackendChoice>(), Err(WorkerError::UnknownBackend(_))));
}

#[test]
fn explicit_cpu_choice_skips_nothing() {
    let sel = select(BackendChoice::Cpu).unwrap();
    assert_eq!(sel.backend.kind(), BackendKind::Cpu);
    assert!(sel.skipped.is_empty());
}

#[test]
fn auto_choice_reports_what_it_skipped() {
    let sel = select(BackendChoice::Auto).unwrap();
    let kind = sel.backend.kind();
    // Every backend preferred over the chosen one is listed with its reason.
    let order = [BackendKind::Cuda, BackendKind::Wgpu, BackendKind::Cpu];
    let rank = order.iter().position(|k| *k == kind).unwrap();
    let skipped: Vec<BackendKind> = sel.skipped.iter().map(|(k, _)| *k).collect();
    assert_eq!(skipped, order[..rank].to_vec());
    for (k, reason) in &sel.skipped {
        eprintln!("auto skipped {k}: {reason}");
        assert!(!reason.to_string().is_empty());
    }
    #[cfg(not(feature = "cuda"))]
    assert!(matches!(
        sel.skipped.first(),
        Some((BackendKind::Cuda, WorkerError::NotCompiled { .. }))
    ));
    eprintln!("auto chose {}", sel.backend.describe());
}

#[cfg(feature = "cuda")]
#[test]
fn cuda_matches_reference_or_reports_unavailable() {
    match gpu_worker::CudaBackend::new() {
        Ok(cuda) => assert_matches_reference(&cuda),
        Err(e) => eprintln!("SKIP cuda_matches_reference: {e}"),
    }
}
