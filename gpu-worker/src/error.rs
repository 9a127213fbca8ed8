//! The worker's error type.

use crate::BackendKind;
use thiserror::Error;

/// Why a backend could not be created or could not compute.
#[derive(Debug, Error)]
pub enum WorkerError {
    /// The task or a buffer was malformed (sizes).
    #[error(transparent)]
    Task(#[from] gpu_task::TaskError),
    /// Input matrices of the wrong length for `n`.
    #[error("input {what} has {got} entries, expected {expected}")]
    InputLength {
        /// Which matrix.
        what: &'static str,
        /// Entries expected (`n·n`).
        expected: usize,
        /// Entries received.
        got: usize,
    },
    /// No wgpu adapter: no Vulkan/GL driver, or none matching the environment's filters.
    #[error("no wgpu adapter: {0}")]
    NoAdapter(#[from] wgpu::RequestAdapterError),
    /// The adapter refused to create a device.
    #[error("wgpu device request failed: {0}")]
    RequestDevice(#[from] wgpu::RequestDeviceError),
    /// A buffer of C would exceed the device's storage-buffer binding limit.
    #[error("n = {n} needs a {needed}-byte buffer; the device allows {limit}")]
    BufferTooLarge {
        /// Matrix size.
        n: usize,
        /// Bytes needed.
        needed: u64,
        /// The device's `max_storage_buffer_binding_size`.
        limit: u64,
    },
    /// Waiting for the GPU failed (device lost, timeout).
    #[error("wgpu poll failed: {0}")]
    Poll(#[from] wgpu::PollError),
    /// Mapping the result buffer failed.
    #[error("wgpu result readback failed: {0}")]
    Readback(#[from] wgpu::BufferAsyncError),
    /// The mapped range could not be read.
    #[error("wgpu mapped range: {0}")]
    MapRange(#[from] wgpu::MapRangeError),
    /// The wgpu adapter is a software (CPU) device: `Auto` prefers the CPU backend, which is
    /// faster on the same cores.
    #[error("wgpu adapter \"{adapter}\" is a software (CPU) device; the CPU backend is faster")]
    SoftwareAdapter {
        /// The adapter's name.
        adapter: String,
    },
    /// A backend name other than `auto`, `cuda`, `wgpu` or `cpu`.
    #[error("unknown backend \"{0}\" (expected auto, cuda, wgpu or cpu)")]
    UnknownBackend(String),
    /// The backend was not compiled into this binary (cargo feature off).
    #[error("{backend} backend not compiled in (enable cargo feature `{feature}`)")]
    NotCompiled {
        /// The backend.
        backend: BackendKind,
        /// The cargo feature that enables it.
        feature: &'static str,
    },
    /// The CUDA backend failed (library missing, no device, kernel error).
    #[cfg(feature = "cuda")]
    #[error(transparent)]
    Cuda(#[from] gpu_worker_cuda::CudaError),
}
