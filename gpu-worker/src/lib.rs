//! taochain gpu-worker: the compute backends of the verifiable-compute subnet.
//!
//! This crate owns the ways to compute C = A·B for a [`gpu_task::Task`], all giving the same
//! bytes:
//! * [`CpuBackend`]: safe Rust i16→i32 dot-product GEMM on all cores (always available);
//! * [`WgpuBackend`]: a WGSL compute shader through wgpu (any Vulkan/Metal/DX12 GPU, or Mesa's
//!   lavapipe software Vulkan on a machine without one);
//! * `CudaBackend` (cargo feature `cuda`): an NVRTC-compiled kernel through cudarc with dynamic
//!   loading, so the build needs no CUDA toolkit and a machine without libcuda reports it
//!   unavailable at run time.
//!
//! [`select`] picks one at run time and says why it skipped the others:
//!
//! ```text
//! BackendChoice::Auto  →  cuda (if compiled in and a device loads)
//!                      →  wgpu (if an adapter exists and it is a real GPU, not a software one)
//!                      →  cpu  (always)
//! BackendChoice::Cuda | Wgpu | Cpu  →  exactly that backend, or its error
//! ```
//!
//! The task itself (matrices, product, commitment, Freivalds, messages) is the `gpu-task`
//! crate. The miner and validator roles (HTTP axon, chain client, scores, weights) are the
//! `gpu-worker` binary in `src/bin/gpu-worker/`, which uses this library. Everything here is
//! blocking; callers on an async runtime run it on a dedicated thread.

mod cpu;
#[cfg(feature = "cuda")]
mod cuda;
mod error;
mod gpu;

pub use cpu::CpuBackend;
#[cfg(feature = "cuda")]
pub use cuda::CudaBackend;
pub use error::WorkerError;
pub use gpu::WgpuBackend;

use gpu_task::{Matrices, Product, Task};
use std::fmt;

/// `Result` with [`WorkerError`].
pub type Result<T, E = WorkerError> = std::result::Result<T, E>;

/// The kinds of backend.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum BackendKind {
    /// NVIDIA GPU through CUDA (feature `cuda`).
    Cuda,
    /// Any GPU (or software Vulkan) through wgpu.
    Wgpu,
    /// The CPU.
    Cpu,
}

impl fmt::Display for BackendKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            BackendKind::Cuda => "cuda",
            BackendKind::Wgpu => "wgpu",
            BackendKind::Cpu => "cpu",
        })
    }
}

/// A way to compute the exact product of a task. Every implementation returns the same values
/// (checked by the tests against a naive triple loop).
pub trait Backend: Send + Sync + fmt::Debug {
    /// Which backend this is.
    fn kind(&self) -> BackendKind;

    /// One line for logs: the backend and the device it runs on.
    fn describe(&self) -> String;

    /// `C = A·B` for row-major `n×n` i8 matrices, as row-major i32.
    fn matmul(&self, a: &[i8], b: &[i8], n: usize) -> Result<Vec<i32>>;

    /// Derives the task's matrices and computes their product.
    fn compute(&self, task: &Task) -> Result<Product> {
        let m = Matrices::derive(task);
        self.compute_matrices(&m)
    }

    /// The product of already derived matrices (lets benchmarks time the multiplication alone).
    fn compute_matrices(&self, m: &Matrices) -> Result<Product> {
        let c = self.matmul(m.a(), m.b(), m.n())?;
        Ok(Product::new(m.task(), c)?)
    }
}

/// Checks that both inputs hold `n·n` entries and that `n` is within the task's bounds.
pub(crate) fn check_inputs(a: &[i8], b: &[i8], n: usize) -> Result<()> {
    let max = usize::try_from(gpu_task::MAX_N).unwrap_or(usize::MAX);
    if n == 0 || n > max {
        let n = u32::try_from(n).unwrap_or(u32::MAX);
        return Err(gpu_task::TaskError::SizeOutOfRange { n, max: gpu_task::MAX_N }.into());
    }
    for (what, m) in [("A", a), ("B", b)] {
        if m.len() != n * n {
            return Err(WorkerError::InputLength { what, expected: n * n, got: m.len() });
        }
    }
    Ok(())
}

/// Which backend the operator asked for.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BackendChoice {
    /// The fastest available: cuda, then a hardware wgpu adapter, then the CPU.
    #[default]
    Auto,
    /// CUDA only.
    Cuda,
    /// wgpu only (a software adapter is accepted).
    Wgpu,
    /// The CPU only.
    Cpu,
}

impl std::str::FromStr for BackendChoice {
    type Err = WorkerError;

    /// `auto`, `cuda`, `wgpu` or `cpu` (the `--backend` flag).
    fn from_str(s: &str) -> Result<Self> {
        match s {
            "auto" => Ok(BackendChoice::Auto),
            "cuda" => Ok(BackendChoice::Cuda),
            "wgpu" => Ok(BackendChoice::Wgpu),
            "cpu" => Ok(BackendChoice::Cpu),
            other => Err(WorkerError::UnknownBackend(other.to_owned())),
        }
    }
}

/// The outcome of [`select`]: the backend to use and the ones skipped on the way.
#[derive(Debug)]
pub struct Selection {
    /// The chosen backend.
    pub backend: Box<dyn Backend>,
    /// Backends tried before it, each with the reason it was skipped (empty for an explicit
    /// choice that succeeded).
    pub skipped: Vec<(BackendKind, WorkerError)>,
}

/// Creates the backend for `choice`. With [`BackendChoice::Auto`] it never fails (the CPU is
/// always there); with an explicit choice, that backend's error is returned.
pub fn select(choice: BackendChoice) -> Result<Selection> {
    let chosen = |backend: Box<dyn Backend>| Selection { backend, skipped: Vec::new() };
    match choice {
        BackendChoice::Cpu => Ok(chosen(Box::new(CpuBackend::new()))),
        BackendChoice::Wgpu => Ok(chosen(Box::new(WgpuBackend::new()?))),
        BackendChoice::Cuda => Ok(chosen(cuda_backend()?)),
        BackendChoice::Auto => {
            let mut skipped = Vec::new();
            match cuda_backend() {
                Ok(backend) => return Ok(Selection { backend, skipped }),
                Err(reason) => skipped.push((BackendKind::Cuda, reason)),
            }
            match WgpuBackend::new() {
                Ok(gpu) if gpu.is_software() => {
                    let adapter = gpu.adapter_info().name.clone();
                    skipped.push((BackendKind::Wgpu, WorkerError::SoftwareAdapter { adapter }));
                }
                Ok(gpu) => return Ok(Selection { backend: Box::new(gpu), skipped }),
                Err(reason) => skipped.push((BackendKind::Wgpu, reason)),
            }
            Ok(Selection { backend: Box::new(CpuBackend::new()), skipped })
        }
    }
}

#[cfg(feature = "cuda")]
fn cuda_backend() -> Result<Box<dyn Backend>> {
    Ok(Box::new(CudaBackend::new()?))
}

#[cfg(not(feature = "cuda"))]
fn cuda_backend() -> Result<Box<dyn Backend>> {
    Err(WorkerError::NotCompiled { backend: BackendKind::Cuda, feature: "cuda" })
}
