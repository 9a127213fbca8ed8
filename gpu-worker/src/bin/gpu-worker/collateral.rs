//! The subnet's collateral contract (`contracts/solidity/src/gpu/ComputeCollateral.sol`, one
//! deployment per subnet, passed as `--collateral ADDR`):
//!
//! * a miner with `--deposit TAO` tops its collateral up to that amount at start-up;
//! * a validator slashes a miner it caught with proof: a Merkle opening that does not lead to
//!   the root the miner signed, or an opened row that fails Freivalds' check. Never for a
//!   timeout, a refused request or a malformed message (those only score 0). The evidence hash
//!   is keccak-256 of the exact JSON bytes of the failing opening; with `--state DIR` the
//!   validator keeps those bytes and the signed commitment in `DIR/evidence/<hash>.json`.
//!
//! A slash takes what the contract still allows this validator in the current window
//! (`slashable(miner, validator)`); when that is 0 (window used up, no collateral, or no
//! permit yet) nothing is sent.

use crate::chain::{Chain, TxOutcome};
use crate::metrics::Metrics;
use alloy_primitives::{Address, B256, U256, keccak256};
use anyhow::{Context as _, bail};
use contracts::bindings::ComputeCollateral;
use gpu_task::{Challenge, Commitment, Rejection, RowOpening, Task};
use std::path::PathBuf;
use std::sync::Arc;

/// Wei per TAO in the EVM.
const WEI_PER_TAO: u128 = 1_000_000_000_000_000_000;

/// Parses a TAO amount with up to 18 decimals (`"10"`, `"0.5"`) into wei, without floats.
pub fn parse_tao(text: &str) -> anyhow::Result<U256> {
    let text = text.trim();
    let (whole, frac) = match text.split_once('.') {
        Some((w, f)) => (w, Some(f)),
        None => (text, None),
    };
    let digits = |s: &str| !s.is_empty() && s.bytes().all(|b| b.is_ascii_digit());
    if !digits(whole) || !frac.is_none_or(digits) || frac.is_some_and(|f| f.len() > 18) {
        bail!("not a TAO amount (digits, at most 18 decimals): {text:?}");
    }
    let whole: u128 = whole.parse().with_context(|| format!("TAO amount {text:?}"))?;
    let frac = frac.unwrap_or("");
    let scale = 10u128.pow(u32::try_from(18 - frac.len()).unwrap_or(0));
    let frac: u128 = if frac.is_empty() { 0 } else { frac.parse()? };
    let wei = whole
        .checked_mul(WEI_PER_TAO)
        .and_then(|w| w.checked_add(frac * scale))
        .with_context(|| format!("TAO amount {text:?} too large"))?;
    Ok(U256::from(wei))
}

/// Miner start-up: deposits the difference when the own collateral is below `target` wei.
pub async fn ensure_deposit(chain: &Chain, contract: Address, target: U256) -> anyhow::Result<()> {
    let me = chain.address();
    let have = chain.view(contract, &ComputeCollateral::collateralOfCall { miner: me }).await?;
    if have >= target {
        tracing::info!(%contract, collateral_wei = %have, "collateral in place");
        return Ok(());
    }
    let top_up = target - have;
    match chain.send_value(contract, &ComputeCollateral::depositCall {}, top_up).await? {
        TxOutcome::Mined { hash, block } => {
            tracing::info!(%hash, block, %contract, deposit_wei = %top_up, "collateral deposited");
            Ok(())
        }
        TxOutcome::Reverted { reason } => bail!("deposit reverted: {reason}"),
    }
}

/// Why a miner is slashed: what the validator saw.
#[derive(Debug, Clone)]
pub struct Evidence {
    /// The miner's EVM account (recovered from its signed commitment).
    pub miner: Address,
    /// The miner's uid.
    pub uid: u16,
    /// The task.
    pub task: Task,
    /// The signed commitment.
    pub commitment: Commitment,
    /// The challenge.
    pub challenge: Challenge,
    /// The opening that failed.
    pub opening: RowOpening,
    /// What failed.
    pub rejection: Rejection,
}

impl Evidence {
    /// The failing opening of a rejection that proves cheating (a Merkle path that does not
    /// lead to the signed root, or a row failing Freivalds' check); `None` for anything else
    /// (malformed or incomplete answers are not proof).
    pub fn failing_opening(rejection: &Rejection, openings: &[RowOpening]) -> Option<RowOpening> {
        let index = match rejection {
            Rejection::BadPath { index } | Rejection::RowMismatch { index } => *index,
            _ => return None,
        };
        openings.iter().find(|o| o.index == index).cloned()
    }

    /// The exact bytes hashed: the failing opening as JSON.
    pub fn opening_bytes(&self) -> Vec<u8> {
        serde_json::to_vec(&self.opening).unwrap_or_default()
    }

    /// keccak-256 of [`Evidence::opening_bytes`].
    pub fn hash(&self) -> B256 {
        keccak256(self.opening_bytes())
    }
}

/// The validator's slasher: submits slashes one at a time, off the round's path.
#[derive(Debug, Clone)]
pub struct Slasher {
    chain: Arc<Chain>,
    contract: Address,
    uid: u16,
    dir: Option<PathBuf>,
    metrics: Arc<Metrics>,
}

impl Slasher {
    /// A slasher for the validator with uid `uid`.
    pub fn new(
        chain: Arc<Chain>,
        contract: Address,
        uid: u16,
        dir: Option<PathBuf>,
        metrics: Arc<Metrics>,
    ) -> Self {
        Slasher { chain, contract, uid, dir, metrics }
    }

    /// Records the evidence and slashes in the background (errors are logged).
    pub fn submit(&self, evidence: Evidence) {
        let me = self.clone();
        tokio::spawn(async move {
            if let Err(e) = me.slash(&evidence).await {
                tracing::warn!(uid = evidence.uid, "slash not submitted: {e:#}");
            }
        });
    }

    async fn slash(&self, ev: &Evidence) -> anyhow::Result<()> {
        let hash = ev.hash();
        let seed = B256::from(*ev.task.seed());
        let (miner, validator) = (ev.miner, self.chain.address());
        let taken = ComputeCollateral::taskSlashedCall { miner, taskSeed: seed };
        let allowed = ComputeCollateral::slashableCall { miner, validator };
        if self.chain.view(self.contract, &taken).await? {
            return Ok(());
        }
        let amount = self.chain.view(self.contract, &allowed).await?;
        if amount.is_zero() {
            tracing::debug!(uid = ev.uid, %miner, "nothing slashable now (window used up or no collateral)");
            return Ok(());
        }
        self.keep(ev, hash)?;
        let call = ComputeCollateral::slashCall {
            miner,
            validatorUid: self.uid,
            taskSeed: seed,
            signedRoot: B256::from(ev.commitment.root),
            evidenceHash: hash,
            amount,
        };
        match self.chain.send(self.contract, &call).await? {
            TxOutcome::Mined { hash: tx, block } => {
                Metrics::inc(&self.metrics.slashes);
                tracing::info!(uid = ev.uid, %miner, amount_wei = %amount, evidence = %hash,
                    %tx, block, "slashed: {}", ev.rejection);
            }
            TxOutcome::Reverted { reason } => {
                Metrics::inc(&self.metrics.slash_reverts);
                tracing::warn!(uid = ev.uid, %miner, "slash refused: {reason}");
            }
        }
        Ok(())
    }

    /// Writes `DIR/evidence/<hash>.json`: what a third party needs to check the slash.
    fn keep(&self, ev: &Evidence, hash: B256) -> anyhow::Result<()> {
        let Some(dir) = &self.dir else { return Ok(()) };
        let record = serde_json::json!({
            "miner": ev.miner,
            "uid": ev.uid,
            "task": ev.task,
            "commitment": ev.commitment,
            "challenge": ev.challenge,
            "rejection": ev.rejection.to_string(),
            "evidence_hash": hash,
            "opening_json": String::from_utf8_lossy(&ev.opening_bytes()),
        });
        crate::state::write_atomic(&dir.join("evidence").join(format!("{hash}.json")), &record)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tao_amounts_parse_to_wei_exactly() {
        let wei = |s| parse_tao(s).unwrap();
        assert_eq!(wei("1"), U256::from(WEI_PER_TAO));
        assert_eq!(wei("0.5"), U256::from(WEI_PER_TAO / 2));
        assert_eq!(wei("12.000000000000000001"), U256::from(12 * WEI_PER_TAO + 1));
        assert_eq!(wei("0"), U256::ZERO);
        for bad in ["", ".5", "1.", "-1", "1e3", "1.0000000000000000001", "abc", "1.2.3"] {
            assert!(parse_tao(bad).is_err(), "{bad:?}");
        }
        assert!(parse_tao("999999999999999999999999").is_err(), "overflow");
    }

    #[test]
    fn only_failed_openings_and_freivalds_are_evidence() {
        let opening = |index| RowOpening { index, row: vec![1, 2], path: vec![[3; 32]] };
        let rows = [opening(4), opening(9)];
        let of = Evidence::failing_opening;
        assert_eq!(of(&Rejection::RowMismatch { index: 9 }, &rows), Some(opening(9)));
        assert_eq!(of(&Rejection::BadPath { index: 4 }, &rows), Some(opening(4)));
        assert_eq!(of(&Rejection::BadPath { index: 5 }, &rows), None, "not opened");
        let count = Rejection::OpeningCount { expected: 3, got: 2 };
        assert_eq!(of(&count, &rows), None, "an incomplete answer is no proof");
        let wrong = Rejection::WrongRow { position: 0, expected: 1, got: 2 };
        assert_eq!(of(&wrong, &rows), None);
        let mismatch = Rejection::ProductMismatch { row: 4 };
        assert_eq!(of(&mismatch, &rows), None, "no opening to show");
    }
}
