//! The CUDA matmul kernel of the taochain gpu-worker: exact `C = A·B` for `n×n` i8 matrices
//! with i32 output, compiled at run time with NVRTC and launched through `cudarc`.
//!
//! `cudarc` is built with `dynamic-loading` and a pinned CUDA version (`cuda-12080`), so this
//! crate builds on a machine without the CUDA toolkit; `libcuda` and `libnvrtc` are opened with
//! `dlopen` when [`CudaMatmul::new`] runs. On a machine without them, `new` returns
//! [`CudaError::LibraryMissing`] instead of touching the driver (cudarc panics if asked to load a
//! missing library, so presence is checked first).
//!
//! This is the only crate of the gpu-worker with `unsafe` code: the workspace forbids it, this
//! crate denies it, and three places allow it with their safety argument (the two
//! library-presence probes and the kernel launch). The `gpu-worker` crate wraps this in its
//! `Backend` trait (cargo feature `cuda`).
//!
//! Not verified on NVIDIA hardware: the machine this was written on has no GPU; only the
//! "library missing" path has run.

use cudarc::driver::{CudaContext, CudaFunction, CudaStream, LaunchConfig, PushKernelArg};
use std::sync::Arc;
use thiserror::Error;

/// CUDA C source of the kernel: one thread per entry of C, i32 accumulation (exact: every
/// partial sum is below `n·2^14 < 2^31` for `n ≤ 131072`).
const KERNEL: &str = r#"
extern "C" __global__ void matmul_i8(const signed char* a, const signed char* b, int* c, int n) {
    int col = blockIdx.x * blockDim.x + threadIdx.x;
    int row = blockIdx.y * blockDim.y + threadIdx.y;
    if (row >= n || col >= n) return;
    int acc = 0;
    for (int k = 0; k < n; ++k) {
        acc += (int)a[row * n + k] * (int)b[k * n + col];
    }
    c[row * n + col] = acc;
}
"#;

/// Threads per block side.
const BLOCK: u32 = 16;

/// Why the CUDA backend is unavailable or failed.
#[derive(Debug, Error)]
pub enum CudaError {
    /// `libcuda` (the driver) or `libnvrtc` could not be opened.
    #[error("CUDA library {0} not found (no NVIDIA driver / CUDA runtime on this machine)")]
    LibraryMissing(&'static str),
    /// A driver call failed (no device, out of memory, launch failure).
    #[error("CUDA driver: {0}")]
    Driver(#[from] cudarc::driver::DriverError),
    /// NVRTC could not compile the kernel.
    #[error("NVRTC: {0}")]
    Compile(#[from] cudarc::nvrtc::CompileError),
    /// Inputs of the wrong length, or `n` too large for the kernel's `int` indices.
    #[error("bad input: {0}")]
    Input(String),
}

/// A CUDA device with the compiled kernel, ready to multiply.
#[derive(Debug)]
pub struct CudaMatmul {
    ctx: Arc<CudaContext>,
    stream: Arc<CudaStream>,
    func: CudaFunction,
}

impl CudaMatmul {
    /// Opens device `ordinal` and compiles the kernel, or says why not.
    pub fn new(ordinal: usize) -> Result<Self, CudaError> {
        // SAFETY: `is_culib_present` only tries to `dlopen` the library by its usual names and
        // drops the handle; it calls no symbol from it.
        #[allow(unsafe_code)]
        let driver = unsafe { cudarc::driver::sys::is_culib_present() };
        if !driver {
            return Err(CudaError::LibraryMissing("libcuda"));
        }
        // SAFETY: as above, for libnvrtc.
        #[allow(unsafe_code)]
        let nvrtc = unsafe { cudarc::nvrtc::sys::is_culib_present() };
        if !nvrtc {
            return Err(CudaError::LibraryMissing("libnvrtc"));
        }
        let ctx = CudaContext::new(ordinal)?;
        let ptx = cudarc::nvrtc::compile_ptx(KERNEL)?;
        let module = ctx.load_module(ptx)?;
        let func = module.load_function("matmul_i8")?;
        let stream = ctx.default_stream();
        Ok(CudaMatmul { ctx, stream, func })
    }

    /// The device's name, for logs.
    pub fn device_name(&self) -> String {
        self.ctx.name().unwrap_or_else(|e| format!("unknown CUDA device ({e})"))
    }

    /// `C = A·B` for row-major `n×n` i8 matrices, row-major i32.
    pub fn matmul(&self, a: &[i8], b: &[i8], n: usize) -> Result<Vec<i32>, CudaError> {
        let n_i32 = i32::try_from(n).map_err(|_| CudaError::Input(format!("n = {n} too large")))?;
        let len = n.checked_mul(n).ok_or_else(|| CudaError::Input(format!("n = {n} too large")))?;
        if a.len() != len || b.len() != len {
            return Err(CudaError::Input(format!(
                "A has {} and B {} entries, expected {len}",
                a.len(),
                b.len()
            )));
        }
        let a_dev = self.stream.clone_htod(a)?;
        let b_dev = self.stream.clone_htod(b)?;
        let mut c_dev = self.stream.alloc_zeros::<i32>(len)?;
        let blocks = n_i32.unsigned_abs().div_ceil(BLOCK);
        let cfg = LaunchConfig {
            grid_dim: (blocks, blocks, 1),
            block_dim: (BLOCK, BLOCK, 1),
            shared_mem_bytes: 0,
        };
        let mut launch = self.stream.launch_builder(&self.func);
        launch.arg(&a_dev).arg(&b_dev).arg(&mut c_dev).arg(&n_i32);
        // SAFETY: the arguments match the kernel's signature (two `n·n` i8 device buffers, one
        // `n·n` i32 device buffer, an int `n`); the kernel reads and writes only indices below
        // `n·n` (it returns early outside the matrix), and cudarc keeps the buffers alive until
        // the launch has finished.
        #[allow(unsafe_code)]
        let launched = unsafe { launch.launch(cfg) };
        launched?;
        Ok(self.stream.clone_dtoh(&c_dev)?)
    }
}
