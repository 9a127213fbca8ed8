//! Freivalds' check of C = A·B over the prime field F_p, p = 2^61 − 1.
//!
//! The validator draws a secret vector r ∈ F_p^n (ChaCha20 keyed by its own secret and the task
//! id, rejection-sampled, never sent), precomputes x = B·r once per task, and then accepts a row
//! `i` of C iff `A_i·x ≡ C_i·r (mod p)`, regenerating `A_i` from the seed in O(n). The full check
//! compares `A·x` with `C·r` on every row.
//!
//! Soundness: if row `i` of C is wrong, `D_i = (A·B − C)_i` is a nonzero integer vector with
//! entries below 2^32 < p in magnitude, so it is nonzero mod p, and `D_i·r ≡ 0` for at most a
//! fraction 1/p of the r (Schwartz–Zippel). One round accepts a wrong row with probability
//! ≤ 2^-61; no range check on C is needed.
//!
//! All arithmetic is integer: products of an i8 with a field element are split into a 32-bit low
//! and a 29-bit high half so sums of up to 4096 terms stay in i64; C·r accumulates in i128.

use crate::{
    Product, Rejection, Result, Task, TaskError,
    matrix::{derive_a, derive_b},
};
use rand_chacha::{
    ChaCha20Rng,
    rand_core::{Rng, SeedableRng},
};

/// The field modulus, the Mersenne prime 2^61 − 1.
pub const P: u64 = (1 << 61) - 1;

const R_DOMAIN: &[u8] = b"taochain/gpu-task/freivalds-r/v1";

/// `v mod p` in `[0, p)`.
fn mod_p(v: i128) -> u64 {
    // rem_euclid(p) lies in [0, p), so the cast is lossless.
    v.rem_euclid(i128::from(P)) as u64
}

/// A vector of field elements split for fast dot products with small integers.
#[derive(Clone)]
struct Split {
    lo: Vec<i64>,
    hi: Vec<i64>,
}

impl Split {
    fn new(v: &[u64]) -> Self {
        let lo = v.iter().map(|&e| i64::from((e & 0xffff_ffff) as u32)).collect();
        // e < 2^61, so e >> 32 < 2^29 fits in u32.
        let hi = v.iter().map(|&e| i64::from((e >> 32) as u32)).collect();
        Split { lo, hi }
    }

    /// `Σ a_k·v_k mod p` for i8 `a` (same length as the vector, at most 4096 entries: each half
    /// sum stays below 2^51 in magnitude).
    fn dot_i8(&self, a: &[i8]) -> u64 {
        let (mut lo, mut hi) = (0i64, 0i64);
        for ((&a, &l), &h) in a.iter().zip(&self.lo).zip(&self.hi) {
            let a = i64::from(a);
            lo += a * l;
            hi += a * h;
        }
        mod_p((i128::from(hi) << 32) + i128::from(lo))
    }
}

/// `Σ c_k·r_k mod p` for arbitrary i32 `c` (|term| < 2^92, at most 4096 terms: fits in i128).
fn dot_i32(c: &[i32], r: &[i64]) -> u64 {
    let acc: i128 = c.iter().zip(r).map(|(&c, &r)| i128::from(c) * i128::from(r)).sum();
    mod_p(acc)
}

/// A validator's secret for one task: r and the precomputed x = B·r.
#[derive(Clone)]
pub struct FreivaldsKey {
    task: Task,
    /// r as i64 (each entry < 2^61).
    r: Vec<i64>,
    /// x = B·r mod p, split.
    x: Split,
}

impl std::fmt::Debug for FreivaldsKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print r: it is the validator's secret.
        write!(f, "FreivaldsKey {{ {:?} }}", self.task)
    }
}

impl FreivaldsKey {
    /// Draws r from `secret` and the task id and precomputes x = B·r (regenerating B: O(n²)).
    ///
    /// r is ChaCha20 seeded with `blake3::keyed_hash(secret, "taochain/gpu-task/freivalds-r/v1"
    /// ‖ task id)`; each entry is the top 61 bits of `next_u64`, redrawn if equal to p.
    pub fn new(task: &Task, secret: &[u8; 32]) -> Self {
        let mut input = R_DOMAIN.to_vec();
        input.extend_from_slice(&task.id().0);
        let mut rng = ChaCha20Rng::from_seed(*blake3::keyed_hash(secret, &input).as_bytes());
        let n = task.size();
        let r: Vec<u64> = (0..n)
            .map(|_| {
                loop {
                    let v = rng.next_u64() >> 3;
                    if v < P {
                        break v;
                    }
                }
            })
            .collect();
        let b = derive_b(task);
        let r_split = Split::new(&r);
        let x: Vec<u64> = b.chunks_exact(n).map(|b_row| r_split.dot_i8(b_row)).collect();
        FreivaldsKey {
            task: *task,
            // r < 2^61: lossless.
            r: r.iter().map(|&v| v as i64).collect(),
            x: Split::new(&x),
        }
    }

    /// The task this key checks.
    pub fn task(&self) -> &Task {
        &self.task
    }

    /// Checks row `index` of C against A's row regenerated from the seed.
    pub fn check_row(&self, index: u32, c_row: &[i32]) -> Result<(), Rejection> {
        let a_row = self.task.a_row(index)?;
        self.check_row_with(index, &a_row, c_row)
    }

    /// Checks row `index` of C given A's row (when the caller already has it).
    pub fn check_row_with(&self, index: u32, a_row: &[i8], c_row: &[i32]) -> Result<(), Rejection> {
        self.task.check_row(index)?;
        let n = self.task.size();
        for (what, got) in [("row of A", a_row.len()), ("row of C", c_row.len())] {
            if got != n {
                return Err(TaskError::LengthMismatch { what, expected: n, got }.into());
            }
        }
        if self.x.dot_i8(a_row) == dot_i32(c_row, &self.r) {
            Ok(())
        } else {
            Err(Rejection::RowMismatch { index })
        }
    }

    /// The full check: `A·x ≡ C·r (mod p)` on every row (regenerates A: O(n²)). A product with
    /// any wrong entry is rejected with probability ≥ 1 − 2^-61.
    pub fn check_product(&self, c: &Product) -> Result<(), Rejection> {
        if c.task() != &self.task {
            return Err(
                TaskError::WrongTask { expected: self.task.id(), got: c.task().id() }.into()
            );
        }
        let a = derive_a(&self.task);
        let n = self.task.size();
        for ((a_row, c_row), i) in a.chunks_exact(n).zip(c.rows()).zip(0u32..) {
            if self.x.dot_i8(a_row) != dot_i32(c_row, &self.r) {
                return Err(Rejection::ProductMismatch { row: i });
            }
        }
        Ok(())
    }
}
