//! The verifiable-compute task of the gpu-worker subnet: everything a miner and a validator must
//! agree on byte for byte, and nothing else (no async runtime, no VM, no database, no network, no
//! floating point).
//!
//! This crate owns:
//! * the task ([`Task`]: a 32-byte seed and a size `n`, identified by [`TaskId`]);
//! * the two `n×n` i8 matrices A and B derived from ChaCha20(seed) ([`Matrices`]; the exact stream
//!   layout is documented on [`matrix`] so other languages can reproduce it);
//! * the exact i32 product C = A·B ([`Product`], row-major, little-endian bytes for hashing) and a
//!   simple reference implementation of it (the compute backends live in the `gpu-worker` crate);
//! * the Merkle commitment over C's rows, with the task id and the miner's hotkey in every leaf
//!   ([`MerkleTree`], [`RowOpening`]);
//! * Freivalds' check over F_p, p = 2^61 − 1 ([`FreivaldsKey`]): per opened row and over the
//!   whole matrix;
//! * the wire messages ([`TaskMsg`], [`Commitment`], [`Challenge`], [`Openings`]) and the
//!   validator's verification of a response ([`verify_openings`]).
//!
//! ```text
//!  validator                                  miner
//!  seed, n ──── TaskMsg ───────────────────▶  A, B = Matrices::derive(task)
//!  key = FreivaldsKey::new(task, secret)      C = A·B (any backend, same bytes)
//!        (x = B·r, r secret)                  tree = MerkleTree::build(task, hotkey, C)
//!             ◀──────────── Commitment ─────  root (+ signature over signing_payload())
//!  rows = Challenge::random(..) ───────────▶
//!             ◀──────────── Openings ───────  tree.open(i) for each challenged row
//!  verify_openings(task, hotkey, root, challenge, openings, key)
//!    = Merkle path ok ∧ A_i·x ≡ C_i·r (mod p) for every row
//! ```
//!
//! Sizes are bounded: `1 ≤ n ≤` [`MAX_N`] (4096), at most [`MAX_CHALLENGE_ROWS`] rows per
//! challenge, at most [`MAX_SIGNATURE_LEN`] signature bytes. Anything outside these bounds, or
//! otherwise malformed, is a [`TaskError`]; a well-formed answer that is wrong is a
//! [`Rejection`]. Nothing here panics on input.

pub mod error;
pub mod freivalds;
pub mod matrix;
pub mod merkle;
pub mod message;

pub use error::{Rejection, TaskError};
pub use freivalds::{FreivaldsKey, P};
pub use matrix::{MAX_N, Matrices, Product, Task, TaskId};
pub use merkle::{Hotkey, MerkleTree, RowOpening, leaf_hash, node_hash};
pub use message::{
    Challenge, Commitment, MAX_CHALLENGE_ROWS, MAX_SIGNATURE_LEN, Openings, TaskMsg,
    verify_openings,
};

/// `Result` with this crate's [`TaskError`].
pub type Result<T, E = TaskError> = std::result::Result<T, E>;

#[cfg(test)]
mod tests;
