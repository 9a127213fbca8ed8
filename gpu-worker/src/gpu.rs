//! The wgpu backend: a WGSL compute shader (`matmul.wgsl`) with exact i32 output.
//!
//! Runs on whatever adapter wgpu finds headless: a Vulkan/Metal/DX12 GPU, or Mesa's lavapipe
//! software Vulkan driver (`mesa-vulkan-drivers`) on a machine without a GPU. The usual wgpu
//! environment variables apply (`WGPU_BACKEND`, `WGPU_ADAPTER_NAME`, `WGPU_POWER_PREF`).
//! The instance, device and pipeline are created once in [`WgpuBackend::new`]; each
//! [`Backend::matmul`] call uploads A and Bᵀ packed four i8 per u32, dispatches one invocation per
//! 4×4 block of C and reads C back.

use crate::{Backend, BackendKind, Result, WorkerError, check_inputs};
use std::sync::mpsc;
use wgpu::util::DeviceExt;

const SHADER: &str = include_str!("matmul.wgsl");
/// Invocations per workgroup side (`@workgroup_size(8, 8)`), each computing 4×4 outputs.
const TILE: usize = 8 * 4;

/// The wgpu backend.
#[derive(Debug)]
pub struct WgpuBackend {
    info: wgpu::AdapterInfo,
    device: wgpu::Device,
    queue: wgpu::Queue,
    pipeline: wgpu::ComputePipeline,
}

impl WgpuBackend {
    /// Finds an adapter (honouring the wgpu environment variables), opens a device with the
    /// adapter's own limits and compiles the shader. [`WorkerError::NoAdapter`] when there is no
    /// driver.
    pub fn new() -> Result<Self> {
        let instance =
            wgpu::Instance::new(wgpu::InstanceDescriptor::new_without_display_handle_from_env());
        let adapter = pollster::block_on(wgpu::util::initialize_adapter_from_env_or_default(
            &instance, None,
        ))?;
        let info = adapter.get_info();
        let (device, queue) =
            pollster::block_on(adapter.request_device(&wgpu::DeviceDescriptor {
                label: Some("gpu-worker"),
                required_limits: adapter.limits(),
                ..Default::default()
            }))?;
        let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
            label: Some("matmul.wgsl"),
            source: wgpu::ShaderSource::Wgsl(SHADER.into()),
        });
        let pipeline = device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
            label: Some("matmul"),
            layout: None,
            module: &module,
            entry_point: Some("main"),
            compilation_options: Default::default(),
            cache: None,
        });
        Ok(WgpuBackend { info, device, queue, pipeline })
    }

    /// The adapter in use.
    pub fn adapter_info(&self) -> &wgpu::AdapterInfo {
        &self.info
    }

    /// True for a software adapter (lavapipe/llvmpipe, WARP): correct but slower than the CPU
    /// backend.
    pub fn is_software(&self) -> bool {
        self.info.device_type == wgpu::DeviceType::Cpu
    }
}

/// Row-major `n×n` i8 → rows of `⌈n/4⌉` u32, four consecutive entries per word (lowest first),
/// zero-padded. With `transpose`, packs the columns instead (Bᵀ).
fn pack(m: &[i8], n: usize, transpose: bool) -> Vec<u32> {
    let k4 = n.div_ceil(4);
    let mut out = vec![0u32; n * k4];
    for (r, words) in out.chunks_exact_mut(k4).enumerate() {
        for (w, word) in words.iter_mut().enumerate() {
            let mut bytes = [0u8; 4];
            for (l, byte) in bytes.iter_mut().enumerate() {
                let k = 4 * w + l;
                if k < n {
                    let v = if transpose { m[k * n + r] } else { m[r * n + k] };
                    *byte = v.to_le_bytes()[0];
                }
            }
            *word = u32::from_le_bytes(bytes);
        }
    }
    out
}

impl Backend for WgpuBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Wgpu
    }

    fn describe(&self) -> String {
        format!(
            "wgpu: {} ({:?}, {:?}, driver {} {})",
            self.info.name,
            self.info.backend,
            self.info.device_type,
            self.info.driver,
            self.info.driver_info
        )
    }

    fn matmul(&self, a: &[i8], b: &[i8], n: usize) -> Result<Vec<i32>> {
        check_inputs(a, b, n)?;
        let limits = self.device.limits();
        let c_bytes = u64::try_from(n * n * 4).unwrap_or(u64::MAX);
        let limit = limits.max_storage_buffer_binding_size.min(limits.max_buffer_size);
        if c_bytes > limit {
            return Err(WorkerError::BufferTooLarge { n, needed: c_bytes, limit });
        }
        let n32 = u32::try_from(n).map_err(|_| WorkerError::BufferTooLarge {
            n,
            needed: c_bytes,
            limit,
        })?;
        let k4 = n32.div_ceil(4);
        let storage = |label, data: &[u32]| {
            self.device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
                label: Some(label),
                contents: bytemuck::cast_slice(data),
                usage: wgpu::BufferUsages::STORAGE,
            })
        };
        let ap = storage("A packed", &pack(a, n, false));
        let btp = storage("B^T packed", &pack(b, n, true));
        let params = self.device.create_buffer_init(&wgpu::util::BufferInitDescriptor {
            label: Some("params"),
            contents: bytemuck::cast_slice(&[n32, k4, 0, 0]),
            usage: wgpu::BufferUsages::UNIFORM,
        });
        let c = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("C"),
            size: c_bytes,
            usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_SRC,
            mapped_at_creation: false,
        });
        let readback = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("C readback"),
            size: c_bytes,
            usage: wgpu::BufferUsages::MAP_READ | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        let layout = self.pipeline.get_bind_group_layout(0);
        let bind = self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: Some("matmul"),
            layout: &layout,
            entries: &[
                wgpu::BindGroupEntry { binding: 0, resource: ap.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 1, resource: btp.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 2, resource: c.as_entire_binding() },
                wgpu::BindGroupEntry { binding: 3, resource: params.as_entire_binding() },
            ],
        });
        let groups = u32::try_from(n.div_ceil(TILE)).unwrap_or(u32::MAX);
        let mut encoder = self
            .device
            .create_command_encoder(&wgpu::CommandEncoderDescriptor { label: Some("matmul") });
        {
            let mut pass = encoder.begin_compute_pass(&wgpu::ComputePassDescriptor {
                label: Some("matmul"),
                timestamp_writes: None,
            });
            pass.set_pipeline(&self.pipeline);
            pass.set_bind_group(0, &bind, &[]);
            pass.dispatch_workgroups(groups, groups, 1);
        }
        encoder.copy_buffer_to_buffer(&c, 0, &readback, 0, c_bytes);
        self.queue.submit([encoder.finish()]);

        let (tx, rx) = mpsc::channel();
        readback.map_async(wgpu::MapMode::Read, .., move |r| {
            // The receiver outlives the poll below; a failed send only means it is gone.
            let _ = tx.send(r);
        });
        self.device.poll(wgpu::PollType::wait_indefinitely())?;
        rx.recv().map_err(|_| WorkerError::Readback(wgpu::BufferAsyncError))??;
        let out = {
            let view = readback.get_mapped_range(..)?;
            bytemuck::cast_slice::<u8, i32>(&view).to_vec()
        };
        readback.unmap();
        Ok(out)
    }
}
