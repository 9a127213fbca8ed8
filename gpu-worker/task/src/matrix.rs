//! The task, its id, the seeded i8 matrices and the exact i32 product.
//!
//! # Matrix derivation (normative; reproducible in any language)
//!
//! * Keystream: **ChaCha20** in its original (Bernstein) form as implemented by `rand_chacha`
//!   0.10: 20 rounds; key = the task's 32-byte `seed`; a 64-bit block counter in state words
//!   12–13 starting at 0; a 64-bit stream id (the "nonce") in words 14–15, **0 for A and 1 for
//!   B**. Each 64-byte block is the 16 output words, each serialised little-endian, blocks in
//!   counter order.
//! * A is the first `n·n` bytes of stream 0, B the first `n·n` bytes of stream 1, both
//!   **row-major** (`A[i][k]` is byte `i·n + k`).
//! * Byte → i8: two's complement (`b < 128 ⇒ b`, else `b − 256`), so entries are in
//!   `[-128, 127]`.
//! * C = A·B over the integers, `C[i][j] = Σ_k A[i][k]·B[k][j]`, stored as i32, row-major. It is
//!   exact: `|C[i][j]| ≤ n·2^14 ≤ 2^26` for `n ≤` [`MAX_N`]. Its canonical bytes (for hashing)
//!   are the i32 values little-endian, row-major.
//!
//! Row `i` of A (or B) can be produced alone: it starts at keystream byte `i·n`, i.e. at 32-bit
//! word `⌊i·n/4⌋` plus `i·n mod 4` bytes. That is how a validator regenerates only the rows it
//! challenges.
//!
//! The task id is `blake3("taochain/gpu-task/task-id/v1" ‖ seed ‖ n as u32 LE)`.

use crate::{Result, TaskError};
use rand_chacha::{
    ChaCha20Rng,
    rand_core::{Rng, SeedableRng},
};
use serde::{Deserialize, Serialize};
use std::fmt;

/// Largest matrix size accepted. At n = 4096, C is 64 MiB and the exact product needs
/// 6.9·10^10 multiply-adds; every partial sum stays below 2^26 in magnitude.
pub const MAX_N: u32 = 4096;

/// ChaCha20 stream id of matrix A.
pub const STREAM_A: u64 = 0;
/// ChaCha20 stream id of matrix B.
pub const STREAM_B: u64 = 1;

const TASK_ID_DOMAIN: &[u8] = b"taochain/gpu-task/task-id/v1";

/// Identifier of a task: a hash of its seed and size, so two tasks with the same id have the same
/// matrices. Shown as lower-case hex.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub struct TaskId(pub [u8; 32]);

impl fmt::Display for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.iter().try_for_each(|b| write!(f, "{b:02x}"))
    }
}

impl fmt::Debug for TaskId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "TaskId({self})")
    }
}

/// A compute task: multiply the two `n×n` i8 matrices derived from `seed`. Always valid
/// (`1 ≤ n ≤ MAX_N`): [`Task::new`] and deserialisation check the size.
#[derive(Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "RawTask", into = "RawTask")]
pub struct Task {
    seed: [u8; 32],
    n: u32,
}

/// The unchecked wire form of [`Task`].
#[derive(Clone, Copy, Serialize, Deserialize)]
struct RawTask {
    seed: [u8; 32],
    n: u32,
}

impl TryFrom<RawTask> for Task {
    type Error = TaskError;
    fn try_from(raw: RawTask) -> Result<Self> {
        Task::new(raw.seed, raw.n)
    }
}

impl From<Task> for RawTask {
    fn from(task: Task) -> Self {
        RawTask { seed: task.seed, n: task.n }
    }
}

impl fmt::Debug for Task {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Task {{ id: {}, n: {} }}", self.id(), self.n)
    }
}

impl Task {
    /// A task of size `n` from `seed`; [`TaskError::SizeOutOfRange`] unless `1 ≤ n ≤ MAX_N`.
    pub fn new(seed: [u8; 32], n: u32) -> Result<Self> {
        if n == 0 || n > MAX_N {
            return Err(TaskError::SizeOutOfRange { n, max: MAX_N });
        }
        Ok(Task { seed, n })
    }

    /// The seed.
    pub fn seed(&self) -> &[u8; 32] {
        &self.seed
    }

    /// The matrix size `n`.
    pub fn n(&self) -> u32 {
        self.n
    }

    /// `n` as a `usize` (lossless: `n ≤ 4096`).
    pub fn size(&self) -> usize {
        // n ≤ MAX_N, which fits every usize this crate builds for.
        usize::try_from(self.n).unwrap_or(usize::MAX)
    }

    /// Number of entries of each matrix, `n·n`.
    pub fn len(&self) -> usize {
        self.size() * self.size()
    }

    /// Always false (n ≥ 1); present because [`Task::len`] is.
    pub fn is_empty(&self) -> bool {
        false
    }

    /// The task id: `blake3("taochain/gpu-task/task-id/v1" ‖ seed ‖ n LE)`.
    pub fn id(&self) -> TaskId {
        let mut h = blake3::Hasher::new();
        h.update(TASK_ID_DOMAIN);
        h.update(&self.seed);
        h.update(&self.n.to_le_bytes());
        TaskId(*h.finalize().as_bytes())
    }

    /// Checks that `index < n`.
    pub fn check_row(&self, index: u32) -> Result<usize> {
        if index >= self.n {
            return Err(TaskError::RowOutOfRange { index, n: self.n });
        }
        Ok(usize::try_from(index).unwrap_or(usize::MAX))
    }

    /// Row `index` of A, regenerated alone (O(n)).
    pub fn a_row(&self, index: u32) -> Result<Vec<i8>> {
        self.row(STREAM_A, index)
    }

    /// Row `index` of B, regenerated alone (O(n)).
    pub fn b_row(&self, index: u32) -> Result<Vec<i8>> {
        self.row(STREAM_B, index)
    }

    fn row(&self, stream: u64, index: u32) -> Result<Vec<i8>> {
        self.check_row(index)?;
        let offset = u64::from(index) * u64::from(self.n);
        Ok(keystream_i8(&self.seed, stream, offset, self.size()))
    }
}

/// All of B (row-major), without A: what a validator needs for its precompute.
pub(crate) fn derive_b(task: &Task) -> Vec<i8> {
    keystream_i8(&task.seed, STREAM_B, 0, task.len())
}

/// All of A (row-major), without B: what the full Freivalds check needs.
pub(crate) fn derive_a(task: &Task) -> Vec<i8> {
    keystream_i8(&task.seed, STREAM_A, 0, task.len())
}

/// `len` keystream bytes of `stream` starting at byte `offset`, mapped to i8.
fn keystream_i8(seed: &[u8; 32], stream: u64, offset: u64, len: usize) -> Vec<i8> {
    let mut rng = ChaCha20Rng::from_seed(*seed);
    rng.set_stream(stream);
    rng.set_word_pos(u128::from(offset / 4));
    // offset % 4 < 4: the lossless conversion cannot fail.
    let skip = usize::try_from(offset % 4).unwrap_or(0);
    // One fill_bytes call: rand_chacha discards the rest of a partly used word between calls.
    let mut buf = vec![0u8; skip + len];
    rng.fill_bytes(&mut buf);
    buf[skip..].iter().map(|&b| i8::from_le_bytes([b])).collect()
}

/// The two input matrices of a task, row-major.
#[derive(Clone, PartialEq, Eq)]
pub struct Matrices {
    task: Task,
    a: Vec<i8>,
    b: Vec<i8>,
}

impl fmt::Debug for Matrices {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Matrices {{ {:?} }}", self.task)
    }
}

impl Matrices {
    /// Derives A and B from the task's seed (see the module documentation).
    pub fn derive(task: &Task) -> Self {
        Matrices { task: *task, a: derive_a(task), b: derive_b(task) }
    }

    /// The task these matrices belong to.
    pub fn task(&self) -> &Task {
        &self.task
    }

    /// The size `n`.
    pub fn n(&self) -> usize {
        self.task.size()
    }

    /// A, row-major, `n·n` entries.
    pub fn a(&self) -> &[i8] {
        &self.a
    }

    /// B, row-major, `n·n` entries.
    pub fn b(&self) -> &[i8] {
        &self.b
    }
}

/// The product C = A·B of a task: `n·n` i32 values, row-major.
#[derive(Clone, PartialEq, Eq)]
pub struct Product {
    task: Task,
    c: Vec<i32>,
}

impl fmt::Debug for Product {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "Product {{ {:?} }}", self.task)
    }
}

impl Product {
    /// Wraps a computed (or received) C; [`TaskError::LengthMismatch`] unless it has `n·n`
    /// entries. The values are not checked: that is what Freivalds' check is for.
    pub fn new(task: &Task, c: Vec<i32>) -> Result<Self> {
        if c.len() != task.len() {
            return Err(TaskError::LengthMismatch {
                what: "product",
                expected: task.len(),
                got: c.len(),
            });
        }
        Ok(Product { task: *task, c })
    }

    /// The reference product: a plain i-k-j integer loop on one thread. Correct and simple, not
    /// fast; the `gpu-worker` backends must produce the same values.
    pub fn reference(m: &Matrices) -> Self {
        let n = m.n();
        let mut c = vec![0i32; n * n];
        for (a_row, c_row) in m.a.chunks_exact(n).zip(c.chunks_exact_mut(n)) {
            for (&a, b_row) in a_row.iter().zip(m.b.chunks_exact(n)) {
                let a = i32::from(a);
                for (c, &b) in c_row.iter_mut().zip(b_row) {
                    *c += a * i32::from(b);
                }
            }
        }
        Product { task: m.task, c }
    }

    /// The task.
    pub fn task(&self) -> &Task {
        &self.task
    }

    /// All `n·n` values, row-major.
    pub fn values(&self) -> &[i32] {
        &self.c
    }

    /// Consumes the product, returning its values.
    pub fn into_values(self) -> Vec<i32> {
        self.c
    }

    /// Row `index`.
    pub fn row(&self, index: u32) -> Result<&[i32]> {
        let i = self.task.check_row(index)?;
        let n = self.task.size();
        Ok(&self.c[i * n..(i + 1) * n])
    }

    /// Iterator over the rows.
    pub fn rows(&self) -> std::slice::ChunksExact<'_, i32> {
        self.c.chunks_exact(self.task.size())
    }

    /// The canonical bytes: every value little-endian, row-major (`4·n·n` bytes).
    pub fn to_le_bytes(&self) -> Vec<u8> {
        row_le_bytes(&self.c)
    }
}

/// Little-endian bytes of a row of i32 values (the form hashed into leaves).
pub fn row_le_bytes(row: &[i32]) -> Vec<u8> {
    row.iter().flat_map(|v| v.to_le_bytes()).collect()
}
