//! The Merkle commitment over the rows of C, bound to the task and to the miner's hotkey.
//!
//! * Leaf `i`: `blake3("taochain/gpu-task/leaf/v1" ‖ task id (32) ‖ hotkey (32) ‖ i as u32 LE ‖
//!   row i as i32 LE)`. The task id and the hotkey in every leaf make a root useless for any
//!   other task or miner; the row length is fixed by the task id (it binds `n`).
//! * Inner node: `blake3("taochain/gpu-task/node/v1" ‖ left ‖ right)`. The two domain strings
//!   differ, so a leaf can never be read as a node or the other way round.
//! * Levels are built bottom-up by pairing neighbours; when a level has an odd number of nodes
//!   the last one moves up unchanged (the shape depends only on `n`, which the task fixes).
//! * An opening of row `i` is the row and the sibling hashes from the leaf level up, skipping
//!   levels where the node had no sibling. For n = 1024 a path is 10 hashes.

use crate::{Product, Rejection, Result, Task, TaskError, TaskId};
use serde::{Deserialize, Serialize};

/// A miner's hotkey: its 32-byte account id (for EVM workers, the twin of its address).
pub type Hotkey = [u8; 32];

/// Domain separation prefix of a leaf.
pub const LEAF_DOMAIN: &[u8] = b"taochain/gpu-task/leaf/v1";
/// Domain separation prefix of an inner node.
pub const NODE_DOMAIN: &[u8] = b"taochain/gpu-task/node/v1";

/// Hash of leaf `index` (see the module documentation).
pub fn leaf_hash(task_id: &TaskId, hotkey: &Hotkey, index: u32, row: &[i32]) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    h.update(LEAF_DOMAIN);
    h.update(&task_id.0);
    h.update(hotkey);
    h.update(&index.to_le_bytes());
    // Hash the row through a small buffer: one update per value would be slow.
    let mut buf = [0u8; 256];
    for chunk in row.chunks(64) {
        for (dst, v) in buf.chunks_exact_mut(4).zip(chunk) {
            dst.copy_from_slice(&v.to_le_bytes());
        }
        h.update(&buf[..chunk.len() * 4]);
    }
    *h.finalize().as_bytes()
}

/// Hash of an inner node from its two children.
pub fn node_hash(left: &[u8; 32], right: &[u8; 32]) -> [u8; 32] {
    let mut h = blake3::Hasher::new();
    h.update(NODE_DOMAIN);
    h.update(left);
    h.update(right);
    *h.finalize().as_bytes()
}

/// The Merkle tree a miner keeps between its commitment and the challenge.
#[derive(Debug, Clone)]
pub struct MerkleTree {
    task: Task,
    hotkey: Hotkey,
    /// `levels[0]` holds the `n` leaves; the last level holds the root alone.
    levels: Vec<Vec<[u8; 32]>>,
}

impl MerkleTree {
    /// Builds the tree over the rows of `c` for `hotkey`.
    pub fn build(c: &Product, hotkey: &Hotkey) -> Self {
        let task = *c.task();
        let id = task.id();
        let leaves: Vec<[u8; 32]> =
            c.rows().zip(0u32..).map(|(row, i)| leaf_hash(&id, hotkey, i, row)).collect();
        let mut levels = vec![leaves];
        while let Some(level) = levels.last().filter(|l| l.len() > 1) {
            let next = level
                .chunks(2)
                .map(|pair| match pair {
                    [l, r] => node_hash(l, r),
                    [single] => *single,
                    _ => [0; 32], // chunks(2) yields one or two items
                })
                .collect();
            levels.push(next);
        }
        MerkleTree { task, hotkey: *hotkey, levels }
    }

    /// The task.
    pub fn task(&self) -> &Task {
        &self.task
    }

    /// The hotkey the leaves are bound to.
    pub fn hotkey(&self) -> &Hotkey {
        &self.hotkey
    }

    /// The root (the commitment).
    pub fn root(&self) -> [u8; 32] {
        self.levels.last().and_then(|l| l.first()).copied().unwrap_or([0; 32])
    }

    /// The opening of row `index`: the row of `c` (the product the tree was built from) and its
    /// sibling path.
    pub fn open(&self, c: &Product, index: u32) -> Result<RowOpening> {
        if c.task() != &self.task {
            return Err(TaskError::WrongTask { expected: self.task.id(), got: c.task().id() });
        }
        let row = c.row(index)?.to_vec();
        let mut idx = self.task.check_row(index)?;
        let mut path = Vec::new();
        for level in &self.levels[..self.levels.len().saturating_sub(1)] {
            if let Some(sibling) = level.get(idx ^ 1) {
                path.push(*sibling);
            }
            idx >>= 1;
        }
        Ok(RowOpening { index, row, path })
    }
}

/// One opened row: its index, its values and the sibling hashes from the leaf upwards.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RowOpening {
    /// Row index.
    pub index: u32,
    /// The `n` values of row `index` of C.
    pub row: Vec<i32>,
    /// Sibling hashes, leaf level first.
    pub path: Vec<[u8; 32]>,
}

impl RowOpening {
    /// Checks that this opening leads to `root` for `task` and `hotkey`. A row from another task,
    /// another hotkey, another index or with any value changed gives [`Rejection::BadPath`];
    /// wrong sizes give [`Rejection::Malformed`].
    pub fn verify(&self, root: &[u8; 32], task: &Task, hotkey: &Hotkey) -> Result<(), Rejection> {
        let mut idx = task.check_row(self.index)?;
        if self.row.len() != task.size() {
            return Err(TaskError::LengthMismatch {
                what: "opened row",
                expected: task.size(),
                got: self.row.len(),
            }
            .into());
        }
        let expected = path_len(task.size(), idx);
        if self.path.len() != expected {
            return Err(TaskError::LengthMismatch {
                what: "Merkle path",
                expected,
                got: self.path.len(),
            }
            .into());
        }
        let mut hash = leaf_hash(&task.id(), hotkey, self.index, &self.row);
        let mut siblings = self.path.iter();
        let mut width = task.size();
        while width > 1 {
            if (idx ^ 1) < width {
                // path_len counted exactly these levels, so the iterator is not exhausted.
                let Some(sibling) = siblings.next() else {
                    return Err(Rejection::BadPath { index: self.index });
                };
                hash = if idx & 1 == 0 {
                    node_hash(&hash, sibling)
                } else {
                    node_hash(sibling, &hash)
                };
            }
            idx >>= 1;
            width = width.div_ceil(2);
        }
        if &hash == root { Ok(()) } else { Err(Rejection::BadPath { index: self.index }) }
    }
}

/// Number of sibling hashes on the path of leaf `idx` in a tree of `n` leaves.
fn path_len(n: usize, mut idx: usize) -> usize {
    let (mut width, mut len) = (n, 0);
    while width > 1 {
        if (idx ^ 1) < width {
            len += 1;
        }
        idx >>= 1;
        width = width.div_ceil(2);
    }
    len
}
