//! Wire messages between validator and miner, and the validator's check of a response.
//!
//! All are plain serde types; the transport (HTTP axon) and the signature scheme (the miner's EVM
//! key) belong to a later phase. [`Commitment::signing_payload`] fixes the bytes that get signed.

use crate::{FreivaldsKey, Hotkey, Rejection, Result, RowOpening, Task, TaskError, TaskId};
use rand_chacha::{
    ChaCha20Rng,
    rand_core::{Rng, SeedableRng},
};
use serde::{Deserialize, Serialize};

/// Most rows a validator may challenge at once (a response is then at most
/// 256·(4·4096 + 12·32) bytes ≈ 4.3 MB at the largest n).
pub const MAX_CHALLENGE_ROWS: usize = 256;

/// Longest signature accepted in a [`Commitment`] (an EVM signature is 65 bytes).
pub const MAX_SIGNATURE_LEN: usize = 128;

const COMMIT_DOMAIN: &[u8] = b"taochain/gpu-task/commit/v1";
const CHALLENGE_DOMAIN: &[u8] = b"taochain/gpu-task/challenge/v1";

/// Validator → miner: the task and the time the miner has to commit.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct TaskMsg {
    /// The task (seed and size; deserialisation rejects a size out of range).
    pub task: Task,
    /// Milliseconds the miner has, from receipt, to send its commitment.
    pub deadline_ms: u32,
}

/// Miner → validator: the Merkle root of C for this task and hotkey, signed by the miner.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Commitment {
    /// The task.
    pub task_id: TaskId,
    /// The miner's hotkey (bound into every leaf under `root`).
    pub hotkey: Hotkey,
    /// The Merkle root over C's rows.
    pub root: [u8; 32],
    /// Signature over [`Commitment::signing_payload`] (scheme chosen by the caller; at most
    /// [`MAX_SIGNATURE_LEN`] bytes).
    pub signature: Vec<u8>,
}

impl Commitment {
    /// An unsigned commitment (empty signature).
    pub fn unsigned(task_id: TaskId, hotkey: Hotkey, root: [u8; 32]) -> Self {
        Commitment { task_id, hotkey, root, signature: Vec::new() }
    }

    /// The bytes to sign: `"taochain/gpu-task/commit/v1" ‖ task id ‖ hotkey ‖ root`
    /// (27 + 96 = 123 bytes).
    pub fn signing_payload(&self) -> Vec<u8> {
        [COMMIT_DOMAIN, &self.task_id.0, &self.hotkey, &self.root].concat()
    }

    /// Checks the sizes and that the commitment is for `task`.
    pub fn validate(&self, task: &Task) -> Result<()> {
        if self.signature.len() > MAX_SIGNATURE_LEN {
            return Err(TaskError::SignatureTooLong {
                got: self.signature.len(),
                max: MAX_SIGNATURE_LEN,
            });
        }
        check_task(task, &self.task_id)
    }
}

/// Validator → miner, after the commitment: the rows to open.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Challenge {
    /// The task.
    pub task_id: TaskId,
    /// Distinct row indices, each below n; 1 to [`MAX_CHALLENGE_ROWS`] of them.
    pub rows: Vec<u32>,
}

impl Challenge {
    /// `k` distinct uniformly random rows, from the validator's private randomness `secret` (and
    /// the task id, so each task gets fresh rows). Draw it only after the commitment arrived.
    pub fn random(task: &Task, k: usize, secret: &[u8; 32]) -> Result<Self> {
        if k == 0 || k > MAX_CHALLENGE_ROWS || k > task.size() {
            return Err(TaskError::ChallengeSize {
                got: k,
                max: MAX_CHALLENGE_ROWS.min(task.size()),
            });
        }
        let mut input = CHALLENGE_DOMAIN.to_vec();
        input.extend_from_slice(&task.id().0);
        let mut rng = ChaCha20Rng::from_seed(*blake3::keyed_hash(secret, &input).as_bytes());
        let n = task.n();
        // Rejection sampling: accept v below the largest multiple of n that fits in u32.
        let zone = u32::MAX - (u32::MAX % n);
        let mut rows = Vec::with_capacity(k);
        while rows.len() < k {
            let v = rng.next_u32();
            if v < zone {
                let row = v % n;
                if !rows.contains(&row) {
                    rows.push(row);
                }
            }
        }
        Ok(Challenge { task_id: task.id(), rows })
    }

    /// Checks the task, the number of rows, their range and that none repeats.
    pub fn validate(&self, task: &Task) -> Result<()> {
        check_task(task, &self.task_id)?;
        let k = self.rows.len();
        if k == 0 || k > MAX_CHALLENGE_ROWS {
            return Err(TaskError::ChallengeSize { got: k, max: MAX_CHALLENGE_ROWS });
        }
        let mut seen = std::collections::HashSet::with_capacity(k);
        for &index in &self.rows {
            task.check_row(index)?;
            if !seen.insert(index) {
                return Err(TaskError::DuplicateRow { index });
            }
        }
        Ok(())
    }
}

/// Miner → validator: the openings of the challenged rows, in the challenge's order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Openings {
    /// The task.
    pub task_id: TaskId,
    /// One opening per challenged row.
    pub rows: Vec<RowOpening>,
}

fn check_task(task: &Task, got: &TaskId) -> Result<()> {
    let expected = task.id();
    if &expected != got {
        return Err(TaskError::WrongTask { expected, got: *got });
    }
    Ok(())
}

/// The validator's check of a miner's response: the challenge and the openings are well formed
/// and for `key`'s task, every challenged row is opened in order, every opening leads to `root`
/// for `hotkey`, and every opened row passes Freivalds' check. `Ok(())` means accept.
pub fn verify_openings(
    key: &FreivaldsKey,
    hotkey: &Hotkey,
    root: &[u8; 32],
    challenge: &Challenge,
    openings: &Openings,
) -> Result<(), Rejection> {
    let task = key.task();
    challenge.validate(task)?;
    check_task(task, &openings.task_id)?;
    if openings.rows.len() != challenge.rows.len() {
        return Err(Rejection::OpeningCount {
            expected: challenge.rows.len(),
            got: openings.rows.len(),
        });
    }
    for (position, (opening, &expected)) in openings.rows.iter().zip(&challenge.rows).enumerate() {
        if opening.index != expected {
            return Err(Rejection::WrongRow { position, expected, got: opening.index });
        }
        opening.verify(root, task, hotkey)?;
        key.check_row(opening.index, &opening.row)?;
    }
    Ok(())
}
