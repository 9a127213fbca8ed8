//! Errors (malformed input) and rejections (well-formed but wrong answers).

use thiserror::Error;

/// Malformed input: a size out of range, a buffer of the wrong length, an index past the end.
/// Returned before any work is done; never a panic.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum TaskError {
    /// `n` is 0 or larger than [`crate::MAX_N`].
    #[error("matrix size n = {n} out of range (1..={max})")]
    SizeOutOfRange {
        /// The size given.
        n: u32,
        /// The largest size allowed.
        max: u32,
    },
    /// A buffer does not hold the number of elements the task implies.
    #[error("{what}: expected {expected} elements, got {got}")]
    LengthMismatch {
        /// Which buffer.
        what: &'static str,
        /// Elements expected.
        expected: usize,
        /// Elements received.
        got: usize,
    },
    /// A row index is not below `n`.
    #[error("row index {index} out of range for n = {n}")]
    RowOutOfRange {
        /// The index given.
        index: u32,
        /// The matrix size.
        n: u32,
    },
    /// A challenge asks for too many rows, or for none.
    #[error("challenge of {got} rows (allowed 1..={max})")]
    ChallengeSize {
        /// Rows requested.
        got: usize,
        /// The largest challenge allowed.
        max: usize,
    },
    /// A challenge names the same row twice.
    #[error("row {index} challenged twice")]
    DuplicateRow {
        /// The repeated index.
        index: u32,
    },
    /// A signature is longer than [`crate::MAX_SIGNATURE_LEN`].
    #[error("signature of {got} bytes (max {max})")]
    SignatureTooLong {
        /// Bytes received.
        got: usize,
        /// The maximum.
        max: usize,
    },
    /// A message names a different task than the one it is checked against.
    #[error("message is for task {got}, expected {expected}")]
    WrongTask {
        /// The task id expected (hex).
        expected: crate::TaskId,
        /// The task id in the message (hex).
        got: crate::TaskId,
    },
}

/// A well-formed answer that does not check out. The validator scores it as a failure (and may
/// slash); it is an outcome of verification, not a malfunction.
#[derive(Debug, Clone, PartialEq, Eq, Error)]
pub enum Rejection {
    /// The answer was malformed (wrong sizes, wrong task, ...).
    #[error("malformed answer: {0}")]
    Malformed(#[from] TaskError),
    /// The openings do not answer exactly the challenged rows, in order.
    #[error("opening {position} is for row {got}, challenge asked for row {expected}")]
    WrongRow {
        /// Position in the challenge.
        position: usize,
        /// Row the challenge asked for.
        expected: u32,
        /// Row the opening is for.
        got: u32,
    },
    /// The number of openings differs from the number of challenged rows.
    #[error("{got} openings for {expected} challenged rows")]
    OpeningCount {
        /// Rows challenged.
        expected: usize,
        /// Openings received.
        got: usize,
    },
    /// A Merkle path does not lead from the row's leaf to the committed root.
    #[error("Merkle path of row {index} does not match the committed root")]
    BadPath {
        /// The row.
        index: u32,
    },
    /// Freivalds' check failed on an opened row: `A_i·x ≢ C_i·r (mod p)`.
    #[error("row {index} fails Freivalds' check")]
    RowMismatch {
        /// The row.
        index: u32,
    },
    /// Freivalds' check failed over the whole matrix: `A·x ≢ C·r (mod p)`; `row` is the first
    /// row where the two vectors differ.
    #[error("product fails Freivalds' check (first differing row {row})")]
    ProductMismatch {
        /// First row where `A·x` and `C·r` differ.
        row: u32,
    },
}
