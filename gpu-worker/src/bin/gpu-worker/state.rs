//! The validator's memory: a moving score per uid (integer fixed point, parts per million) and
//! the weights commit waiting for its reveal, persisted as `validator.json` in `--state DIR`
//! (written to a temporary file, synced, then renamed over the old one), so a restart keeps
//! both.
//!
//! Scoring: a verified answer scores `800,000 + 200,000 × (deadline − latency) / deadline`
//! (correctness dominates, speed adds up to a fifth); the moving score is an EMA with
//! α = 1/4 that starts at the first verified sample. A miner that does not answer in time
//! scores 0 for the round (EMA step); a wrong answer or a bad signature resets its score
//! to 0. Weights go only to uids verified at least once and scoring above 0, max-normalised
//! to `u16::MAX`.

use alloy_primitives::B256;
use anyhow::Context as _;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;
use std::path::Path;

/// The score scale (1.0).
pub const SCALE: u64 = 1_000_000;
/// What a verified answer is worth at least, however slow.
pub const CORRECT_FLOOR: u64 = 800_000;
const EMA_NUM: u64 = 1;
const EMA_DEN: u64 = 4;
/// The state file's name in `--state DIR`.
pub const FILE: &str = "validator.json";
const VERSION: u32 = 1;

/// What a round found out about a miner.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    /// Commitment signed by the miner and openings verified; `latency_ms` to the commitment.
    Verified {
        /// Time from sending the task to receiving the commitment.
        latency_ms: u64,
        /// The deadline given to the miner.
        deadline_ms: u64,
    },
    /// A wrong answer: bad signature, wrong hotkey, failed Merkle path or Freivalds check.
    Failed,
    /// No usable answer in time (connection refused, timeout, HTTP error).
    Unreachable,
}

/// One uid's record.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Score {
    /// The hotkey the record belongs to (a new hotkey at the uid starts afresh).
    pub hotkey: B256,
    /// The moving score, parts per million.
    pub score: u64,
    /// Rounds verified.
    pub verified: u64,
    /// Rounds failed (wrong answers).
    pub failed: u64,
    /// Rounds without an answer.
    pub missed: u64,
}

/// A weights commit waiting for its reveal.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PendingCommit {
    /// Uids.
    pub uids: Vec<u16>,
    /// Values.
    pub values: Vec<u16>,
    /// Salt.
    pub salt: Vec<u16>,
    /// Version key.
    pub version_key: u64,
    /// The committed hash.
    pub hash: B256,
    /// Block of the commit.
    pub block: u64,
}

/// Everything the validator persists.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct State {
    /// Format version.
    pub version: u32,
    /// Scores by uid.
    pub scores: BTreeMap<u16, Score>,
    /// The commit to reveal, if any.
    pub pending: Option<PendingCommit>,
    /// The subnet's last epoch block when weights were last set or committed (once per epoch).
    pub weights_epoch: Option<u64>,
}

impl Default for State {
    fn default() -> Self {
        State { version: VERSION, scores: BTreeMap::new(), pending: None, weights_epoch: None }
    }
}

/// The round score of an outcome (`None` for a failure).
pub fn sample(outcome: Outcome) -> Option<u64> {
    match outcome {
        Outcome::Verified { latency_ms, deadline_ms } => {
            let deadline = deadline_ms.max(1);
            let spare = deadline - latency_ms.min(deadline);
            Some(CORRECT_FLOOR + (SCALE - CORRECT_FLOOR) * spare / deadline)
        }
        Outcome::Unreachable => Some(0),
        Outcome::Failed => None,
    }
}

impl State {
    /// Records a round's outcome for `uid` (holding `hotkey`).
    pub fn record(&mut self, uid: u16, hotkey: B256, outcome: Outcome) {
        let fresh = Score { hotkey, score: 0, verified: 0, failed: 0, missed: 0 };
        let s = self.scores.entry(uid).or_insert_with(|| fresh.clone());
        if s.hotkey != hotkey {
            *s = fresh;
        }
        match (outcome, sample(outcome)) {
            (Outcome::Verified { .. }, Some(x)) => {
                s.score = if s.score == 0 {
                    x
                } else {
                    (s.score * (EMA_DEN - EMA_NUM) + x * EMA_NUM) / EMA_DEN
                };
                s.verified += 1;
            }
            (Outcome::Unreachable, _) => {
                s.score = s.score * (EMA_DEN - EMA_NUM) / EMA_DEN;
                s.missed += 1;
            }
            _ => {
                s.score = 0;
                s.failed += 1;
            }
        }
    }

    /// Forgets uids no longer in the metagraph or now held by another hotkey.
    pub fn retain(&mut self, live: &BTreeMap<u16, B256>) {
        self.scores.retain(|uid, s| live.get(uid) == Some(&s.hotkey));
    }

    /// The weights to submit: uids verified at least once with a score above 0, values
    /// max-normalised to `u16::MAX`. Empty when there is nobody to weight.
    pub fn weights(&self) -> (Vec<u16>, Vec<u16>) {
        let eligible: Vec<(u16, u64)> = self
            .scores
            .iter()
            .filter(|(_, s)| s.verified > 0 && s.score > 0)
            .map(|(uid, s)| (*uid, s.score))
            .collect();
        let max = eligible.iter().map(|(_, s)| *s).max().unwrap_or(1).max(1);
        let value = |s: u64| u16::try_from(s * u64::from(u16::MAX) / max).unwrap_or(u16::MAX);
        eligible.iter().map(|&(uid, s)| (uid, value(s).max(1))).unzip()
    }

    /// Loads `dir/validator.json` (a fresh state when there is none).
    pub fn load(dir: &Path) -> anyhow::Result<Self> {
        let path = dir.join(FILE);
        match std::fs::read(&path) {
            Ok(bytes) => serde_json::from_slice(&bytes)
                .with_context(|| format!("parsing {}", path.display())),
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => Ok(State::default()),
            Err(e) => Err(e).with_context(|| format!("reading {}", path.display())),
        }
    }

    /// Saves to `dir/validator.json` atomically.
    pub fn save(&self, dir: &Path) -> anyhow::Result<()> {
        write_atomic(&dir.join(FILE), self)
    }
}

/// Writes `value` as JSON to `path` through a temporary file and a rename. Writes are
/// serialised process-wide: the validator's round loop and its weights task both save
/// `validator.json`, and two writers sharing the temporary file could rename it from under each
/// other (the loser's rename failed with "not found" and stopped the validator).
pub fn write_atomic<T: Serialize>(path: &Path, value: &T) -> anyhow::Result<()> {
    use std::io::Write as _;
    static WRITES: std::sync::Mutex<()> = std::sync::Mutex::new(());
    let _one_at_a_time = WRITES.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
    if let Some(dir) = path.parent() {
        std::fs::create_dir_all(dir).with_context(|| format!("creating {}", dir.display()))?;
    }
    let tmp = path.with_extension("json.tmp");
    let mut f =
        std::fs::File::create(&tmp).with_context(|| format!("creating {}", tmp.display()))?;
    f.write_all(&serde_json::to_vec_pretty(value)?)?;
    f.sync_all()?;
    std::fs::rename(&tmp, path).with_context(|| format!("renaming onto {}", path.display()))
}

#[cfg(test)]
mod tests {
    use super::*;

    const HK: B256 = B256::repeat_byte(1);

    fn ok(latency_ms: u64) -> Outcome {
        Outcome::Verified { latency_ms, deadline_ms: 1000 }
    }

    #[test]
    fn samples_favour_correctness_then_speed() {
        assert_eq!(sample(ok(0)), Some(SCALE));
        assert_eq!(sample(ok(500)), Some(900_000));
        assert_eq!(sample(ok(5000)), Some(CORRECT_FLOOR));
        assert_eq!(sample(Outcome::Unreachable), Some(0));
        assert_eq!(sample(Outcome::Failed), None);
    }

    #[test]
    fn ema_failure_reset_and_weights() {
        let mut s = State::default();
        s.record(1, HK, ok(0));
        assert_eq!(s.scores[&1].score, SCALE, "starts at the first sample");
        s.record(1, HK, ok(1000));
        assert_eq!(s.scores[&1].score, (3 * SCALE + CORRECT_FLOOR) / 4);
        s.record(1, HK, Outcome::Unreachable);
        assert_eq!(s.scores[&1].score, 950_000 * 3 / 4);
        s.record(2, HK, ok(0));
        s.record(3, HK, Outcome::Failed);
        s.record(4, HK, Outcome::Unreachable);
        let (uids, values) = s.weights();
        assert_eq!(uids, vec![1, 2], "never-verified uids get nothing");
        assert_eq!(values[1], u16::MAX);
        assert_eq!(u64::from(values[0]), 712_500 * 65_535 / SCALE);
        s.record(2, HK, Outcome::Failed);
        assert_eq!(s.scores[&2].score, 0, "a wrong answer drops the score to 0");
        assert_eq!(s.weights().0, vec![1]);
        s.record(1, B256::repeat_byte(2), ok(0));
        assert_eq!(s.scores[&1].verified, 1, "a new hotkey at the uid starts afresh");
    }

    #[test]
    fn state_survives_a_restart() {
        let dir = tempfile::tempdir().unwrap();
        let mut s = State::default();
        s.record(3, HK, ok(10));
        s.pending = Some(PendingCommit {
            uids: vec![3],
            values: vec![65_535],
            salt: vec![1, 2],
            version_key: 0,
            hash: B256::repeat_byte(9),
            block: 12,
        });
        s.save(dir.path()).unwrap();
        assert_eq!(State::load(dir.path()).unwrap(), s);
        assert!(!dir.path().join("validator.json.tmp").exists());
        let empty = tempfile::tempdir().unwrap();
        assert_eq!(State::load(empty.path()).unwrap(), State::default());
    }
}
