//! Weight submission, once per epoch of the subnet, through the neuron precompile (0x804):
//!
//! * commit-reveal on (`ISubnet.getCommitRevealWeightsEnabled`): `commitWeights(hash)` with the
//!   chain's own hash (`tao_runtime::weights::commit_hash`, random salt), kept in the state
//!   file; each poll simulates `revealWeights` and sends it as soon as the chain stops
//!   answering "reveal too early" (the epoch after the commit), then commits the next row;
//! * commit-reveal off: `setWeights`.
//!
//! "Once per epoch" means once per value of the subnet's last epoch block (`tao_subnets`).
//! Nothing is sent without a validator permit or before a miner was verified; every call is
//! simulated first, so a refusal (rate limit, no permit, ...) is logged with its reason and
//! retried at the next poll instead of being mined as a failed transaction.

use crate::chain::{Chain, TxOutcome};
use crate::metrics::Metrics;
use crate::state::{PendingCommit, State};
use crate::subnet;
use anyhow::anyhow;
use contracts::{INeuron, ISubnet, neuron, subnet as subnet_precompile};
use std::path::PathBuf;
use std::sync::{Arc, Mutex};
use std::time::Duration;
use tao_primitives::{AccountId32, NetUid};
use tokio::sync::watch;

/// What the weights task needs.
pub struct WeightsCtx {
    /// The chain.
    pub chain: Arc<Chain>,
    /// Subnet.
    pub netuid: u16,
    /// The validator's uid.
    pub uid: u16,
    /// Shared state (scores, pending commit).
    pub state: Arc<Mutex<State>>,
    /// Where the state is persisted.
    pub dir: Option<PathBuf>,
    /// Counters.
    pub metrics: Arc<Metrics>,
    /// Poll interval.
    pub poll: Duration,
    /// Flips on shutdown; the task finishes the submission under way (transaction, receipt,
    /// state file) and returns.
    pub shutdown: watch::Receiver<bool>,
}

/// Polls until shutdown. A submission is never cut in half: the signal is looked at only
/// between ticks, so a mined reveal or commit is always recorded in the state file.
pub async fn run(ctx: WeightsCtx) {
    while !*ctx.shutdown.borrow() {
        if let Err(e) = tick(&ctx).await {
            tracing::warn!("weights: {e:#}");
        }
        let mut stop = ctx.shutdown.clone();
        tokio::select! {
            _ = tokio::time::sleep(ctx.poll) => {}
            _ = stop.changed() => {}
        }
    }
}

async fn tick(ctx: &WeightsCtx) -> anyhow::Result<()> {
    let (chain, netuid) = (&ctx.chain, ctx.netuid);
    let (_tempo, epoch) = subnet::epoch_clock(chain, netuid).await?;
    let cr = ISubnet::getCommitRevealWeightsEnabledCall { netuid };
    let commit_reveal = chain.view(subnet_precompile::ADDRESS, &cr).await?;
    let pending = with_state(ctx, |s| s.pending.clone())?;
    if let Some(p) = pending
        && !reveal(ctx, p).await?
    {
        return Ok(());
    }
    let (done, (uids, values)) =
        with_state(ctx, |s| (s.weights_epoch == Some(epoch), s.weights()))?;
    if done || uids.is_empty() || !subnet::has_permit(chain, netuid, ctx.uid).await? {
        return Ok(());
    }
    let vk = ISubnet::getWeightsVersionKeyCall { netuid };
    let version_key = chain.view(subnet_precompile::ADDRESS, &vk).await?;
    if commit_reveal {
        let salt = salt(chain, epoch);
        let hotkey = AccountId32(chain.hotkey().0);
        let hash = tao_runtime::weights::commit_hash(
            &hotkey,
            NetUid(netuid),
            &uids,
            &values,
            &salt,
            version_key,
        );
        let call = INeuron::commitWeightsCall { netuid, commitHash: hash };
        if let Some(block) = submit(ctx, &call, "commitWeights").await? {
            tracing::info!(block, ?uids, ?values, "weights committed");
            let p = PendingCommit { uids, values, salt, version_key, hash, block };
            save(ctx, |s| {
                s.pending = Some(p);
                s.weights_epoch = Some(epoch);
            })?;
        }
    } else {
        let call = INeuron::setWeightsCall {
            netuid,
            dests: uids.clone(),
            weights: values.clone(),
            versionKey: version_key,
        };
        if let Some(block) = submit(ctx, &call, "setWeights").await? {
            tracing::info!(block, ?uids, ?values, "weights set");
            save(ctx, |s| s.weights_epoch = Some(epoch))?;
        }
    }
    Ok(())
}

/// Reveals `p` if the chain accepts it now. `Ok(true)` when nothing is pending any more.
async fn reveal(ctx: &WeightsCtx, p: PendingCommit) -> anyhow::Result<bool> {
    let call = INeuron::revealWeightsCall {
        netuid: ctx.netuid,
        uids: p.uids.clone(),
        values: p.values.clone(),
        salt: p.salt.clone(),
        versionKey: p.version_key,
    };
    match ctx.chain.send(neuron::ADDRESS, &call).await? {
        TxOutcome::Mined { hash, block } => {
            Metrics::inc(&ctx.metrics.weight_txs);
            tracing::info!(%hash, block, commit_block = p.block, uids = ?p.uids, values = ?p.values,
                "weights revealed");
        }
        TxOutcome::Reverted { reason } if reason.contains("RevealTooEarly") => return Ok(false),
        TxOutcome::Reverted { reason } => {
            Metrics::inc(&ctx.metrics.weight_reverts);
            tracing::warn!(commit = %p.hash, "revealWeights refused: {reason}; dropping the commit");
        }
    }
    save(ctx, |s| s.pending = None)?;
    Ok(true)
}

/// Sends a weights call; the block when mined, `None` when refused (logged).
async fn submit<C: alloy::sol_types::SolCall>(
    ctx: &WeightsCtx,
    call: &C,
    what: &str,
) -> anyhow::Result<Option<u64>> {
    match ctx.chain.send(neuron::ADDRESS, call).await? {
        TxOutcome::Mined { block, .. } => {
            Metrics::inc(&ctx.metrics.weight_txs);
            Ok(Some(block))
        }
        TxOutcome::Reverted { reason } if reason.contains("SettingWeightsTooFast") => {
            tracing::debug!("{what} waits for the rate limit: {reason}");
            Ok(None)
        }
        TxOutcome::Reverted { reason } => {
            Metrics::inc(&ctx.metrics.weight_reverts);
            tracing::warn!("{what} refused: {reason}");
            Ok(None)
        }
    }
}

/// Eight salt words from the validator's key and the epoch.
fn salt(chain: &Chain, epoch: u64) -> Vec<u16> {
    let key = blake3::derive_key("taochain gpu-worker salt v1", &chain.signer().to_bytes().0);
    let mut h = blake3::Hasher::new_keyed(&key);
    h.update(&epoch.to_le_bytes());
    let now = std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH);
    h.update(&now.unwrap_or_default().as_nanos().to_le_bytes());
    h.finalize()
        .as_bytes()
        .chunks_exact(2)
        .take(8)
        .map(|c| u16::from_le_bytes([c[0], c[1]]))
        .collect()
}

fn with_state<T>(ctx: &WeightsCtx, f: impl FnOnce(&State) -> T) -> anyhow::Result<T> {
    let s = ctx.state.lock().map_err(|_| anyhow!("state lock poisoned"))?;
    Ok(f(&s))
}

fn save(ctx: &WeightsCtx, f: impl FnOnce(&mut State)) -> anyhow::Result<()> {
    let snapshot = {
        let mut s = ctx.state.lock().map_err(|_| anyhow!("state lock poisoned"))?;
        f(&mut s);
        s.clone()
    };
    match &ctx.dir {
        Some(dir) => snapshot.save(dir),
        None => Ok(()),
    }
}
