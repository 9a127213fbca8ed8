//! The CUDA backend (cargo feature `cuda`): the `gpu-worker-cuda` kernel behind [`Backend`].

use crate::{Backend, BackendKind, Result, check_inputs};
use gpu_worker_cuda::CudaMatmul;

/// The CUDA backend on device 0.
#[derive(Debug)]
pub struct CudaBackend {
    inner: CudaMatmul,
}

impl CudaBackend {
    /// Loads libcuda and libnvrtc, opens device 0 and compiles the kernel;
    /// [`crate::WorkerError::Cuda`] when any of that is missing.
    pub fn new() -> Result<Self> {
        Ok(CudaBackend { inner: CudaMatmul::new(0)? })
    }
}

impl Backend for CudaBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Cuda
    }

    fn describe(&self) -> String {
        format!("cuda: {} (NVRTC kernel, i32 accumulation)", self.inner.device_name())
    }

    fn matmul(&self, a: &[i8], b: &[i8], n: usize) -> Result<Vec<i32>> {
        check_inputs(a, b, n)?;
        Ok(self.inner.matmul(a, b, n)?)
    }
}
