//! The CPU backend: exact i32 GEMM in safe Rust on all cores (rayon).
//!
//! A is widened to i16 and B is transposed and widened to i16, so every entry of C is a dot
//! product of two contiguous i16 rows. The dot product runs on 16 independent i32 lanes, a
//! shape LLVM turns into `pmaddwd` (i16·i16 pairs summed into i32) even at the baseline x86-64
//! target. Rows of C are split across threads; within a thread, columns are processed in blocks
//! whose rows of Bᵀ stay in cache while a band of A's rows streams past. No lane can overflow:
//! `|lane| ≤ (n/16)·2^14 < 2^31` for `n ≤ 4096`.

use crate::{Backend, BackendKind, Result, check_inputs};
use rayon::prelude::*;

/// Rows of C per parallel work item.
const ROW_BAND: usize = 16;
/// Columns of C (rows of Bᵀ) per cache block.
const COL_BLOCK: usize = 64;
/// Independent accumulators in the dot product.
const LANES: usize = 16;

/// The CPU backend. Uses rayon's global pool (all cores unless `RAYON_NUM_THREADS` says
/// otherwise).
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuBackend;

impl CpuBackend {
    /// The CPU backend (always available).
    pub fn new() -> Self {
        CpuBackend
    }
}

impl Backend for CpuBackend {
    fn kind(&self) -> BackendKind {
        BackendKind::Cpu
    }

    fn describe(&self) -> String {
        format!(
            "cpu: safe i16→i32 dot-product GEMM on {} rayon threads",
            rayon::current_num_threads()
        )
    }

    fn matmul(&self, a: &[i8], b: &[i8], n: usize) -> Result<Vec<i32>> {
        check_inputs(a, b, n)?;
        Ok(matmul_i8(a, b, n))
    }
}

/// `C = A·B` for row-major `n×n` i8 inputs of the right length.
fn matmul_i8(a: &[i8], b: &[i8], n: usize) -> Vec<i32> {
    let a16: Vec<i16> = a.iter().map(|&v| i16::from(v)).collect();
    let mut bt = vec![0i16; n * n];
    for (k, b_row) in b.chunks_exact(n).enumerate() {
        for (j, &v) in b_row.iter().enumerate() {
            bt[j * n + k] = i16::from(v);
        }
    }
    let mut c = vec![0i32; n * n];
    c.par_chunks_mut(ROW_BAND * n).zip(a16.par_chunks(ROW_BAND * n)).for_each(
        |(c_band, a_band)| {
            for j0 in (0..n).step_by(COL_BLOCK) {
                let j1 = (j0 + COL_BLOCK).min(n);
                let bt_block = &bt[j0 * n..j1 * n];
                for (c_row, a_row) in c_band.chunks_exact_mut(n).zip(a_band.chunks_exact(n)) {
                    for (c, bt_row) in c_row[j0..j1].iter_mut().zip(bt_block.chunks_exact(n)) {
                        *c = dot(a_row, bt_row);
                    }
                }
            }
        },
    );
    c
}

/// Σ a_k·b_k over i16 rows of equal length.
fn dot(a: &[i16], b: &[i16]) -> i32 {
    let mut acc = [0i32; LANES];
    let (ca, cb) = (a.chunks_exact(LANES), b.chunks_exact(LANES));
    let tail: i32 =
        ca.remainder().iter().zip(cb.remainder()).map(|(&x, &y)| i32::from(x) * i32::from(y)).sum();
    for (x, y) in ca.zip(cb) {
        for ((acc, &x), &y) in acc.iter_mut().zip(x).zip(y) {
            *acc += i32::from(x) * i32::from(y);
        }
    }
    acc.iter().sum::<i32>() + tail
}
