//! Block production: the PoA sealer, the mining mode and the miner task.

use super::shared::{Shared, now_secs};
use super::{Chain, ChainError, NewBlock};
use crate::exec::{self, BlockParams, BuiltBlock, MAX_TXS_PER_BLOCK, Skip};
use alloy::consensus::{Transaction as _, constants::EMPTY_OMMER_ROOT_HASH};
use alloy_primitives::{Address, B256, keccak256};
use parking_lot::Mutex;
use std::sync::Arc;
use std::time::Duration;
use tao_chain::block::{Header, RecoveredTx, SealedHeader};
use tao_chain::poa::Sealer;
use tao_store::{BlockWriter, StoreError};
use tokio::sync::Notify;

/// Vanity text in every sealed header.
pub const VANITY: &[u8] = b"taochain";

/// How blocks are produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MiningMode {
    /// Mine as soon as transactions are ready.
    pub automine: bool,
    /// Seal a block every interval, even if empty.
    pub interval: Option<Duration>,
}

/// Builds, seals and commits blocks from the pool.
pub struct BlockProducer {
    shared: Arc<Shared>,
    sealer: Option<Sealer>,
    mode: Mutex<MiningMode>,
    mode_changed: Notify,
}

impl BlockProducer {
    pub(crate) fn new(shared: Arc<Shared>, sealer: Option<Sealer>, mode: MiningMode) -> Self {
        Self { shared, sealer, mode: Mutex::new(mode), mode_changed: Notify::new() }
    }

    /// The current mining mode.
    pub fn mining_mode(&self) -> MiningMode {
        *self.mode.lock()
    }

    /// Change the mining mode (wakes the miner).
    pub fn set_mining_mode(&self, m: MiningMode) {
        *self.mode.lock() = m;
        self.mode_changed.notify_one();
    }

    /// Wait until the mining mode changes.
    pub async fn mode_changed(&self) {
        self.mode_changed.notified().await
    }

    fn next_timestamp(&self, parent: &Header) -> u64 {
        let mut c = self.shared.clock.lock();
        let ts = match c.next_timestamp.take() {
            Some(ts) => ts,
            None => now_secs().saturating_add_signed(c.offset),
        };
        ts.max(parent.timestamp)
    }

    /// Build, seal and commit one block from the pool (possibly empty). Returns it.
    ///
    /// The block is committed (one durable redb transaction) before the head moves, the pool
    /// forgets its transactions and subscribers hear of it. For larger blocks a helper thread
    /// computes the roots and encodings and writes the transaction index while the block
    /// executes (see [`exec::build_block`]).
    pub fn mine_block(&self) -> Result<Arc<NewBlock>, ChainError> {
        let sealer = self.sealer.as_ref().ok_or(ChainError::NotAuthority)?;
        let shared = &self.shared;
        let _guard = shared.produce.lock();
        let started = std::time::Instant::now();
        let parent = shared.head();
        let params = BlockParams {
            number: parent.number() + 1,
            timestamp: self.next_timestamp(&parent.header),
            beneficiary: sealer.address(),
            gas_limit: shared.gas_limit,
            base_fee: shared.next_base_fee(),
            prevrandao: keccak256(parent.hash),
        };
        let (built, writer) = self.execute(&params)?;
        let executed = started.elapsed();
        let sealed = seal(sealer, &parent, &params, &built)?;
        let out = built.outcome;
        writer.commit(&sealed, &built.body_rlp, &built.receipts_rlp, &out.changes)?;
        drop(built.body_rlp);
        drop(built.receipts_rlp);
        *shared.head.write() = sealed.clone();
        let committed = started.elapsed();
        self.forget_mined(&out.included, &out.skipped)?;
        let nb = Arc::new(NewBlock { header: sealed, txs: out.included, receipts: out.receipts });
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        tracing::debug!(
            execute_ms = ms(executed),
            commit_ms = ms(committed - executed),
            cleanup_ms = ms(started.elapsed() - committed),
            "block timings"
        );
        tracing::info!(number = nb.header.number(), txs = nb.txs.len(), gas = nb.header.header.gas_used, hash = %nb.header.hash, "sealed block");
        // No subscriber is not an error: the block is committed either way.
        let _ = shared.events.send(nb.clone());
        Ok(nb)
    }

    /// Select candidates from the pool and execute them on the head state; returns the built
    /// block and a store writer that already holds its transaction index.
    #[allow(clippy::type_complexity)]
    fn execute(
        &self,
        params: &BlockParams,
    ) -> Result<(BuiltBlock<Result<BlockWriter<'_>, StoreError>>, BlockWriter<'_>), ChainError>
    {
        let shared = &self.shared;
        let store = &shared.store;
        let state = store.state_at(None)?;
        let candidates =
            shared.pool.lock().best(|a| shared.nonce(a), params.base_fee, MAX_TXS_PER_BLOCK)?;
        let hashes = shared.hashes();
        let number = params.number;
        let index = |txs: &[Arc<RecoveredTx>]| {
            let mut w = store.begin_block(number)?;
            let tx_hashes: Vec<B256> = txs.iter().map(|t| t.hash).collect();
            w.index_txs(&tx_hashes)?;
            Ok::<_, StoreError>(w)
        };
        let mut built =
            exec::build_block(&shared.exec, params, &state, &hashes, &candidates, index)?;
        let writer = match built.prepared.take() {
            Some(w) => w?,
            None => {
                let mut w = store.begin_block(number)?;
                let tx_hashes: Vec<B256> = built.outcome.included.iter().map(|t| t.hash).collect();
                w.index_txs(&tx_hashes)?;
                w
            }
        };
        Ok((built, writer))
    }

    /// Drop mined and never-includable transactions from the pool.
    fn forget_mined(
        &self,
        included: &[RecoveredTx],
        skipped: &[(RecoveredTx, Skip)],
    ) -> Result<(), ChainError> {
        let mut removed = Vec::new();
        {
            let mut pool = self.shared.pool.lock();
            for (t, why) in skipped {
                if let Skip::Drop(reason) = why {
                    tracing::debug!(tx = %t.hash, %reason, "dropping transaction");
                    pool.remove(&t.hash);
                }
            }
            // Every included transaction has a nonce below its sender's new account nonce, so
            // pruning the senders removes them all (and anything else those nonces made stale).
            let mut senders: alloy_primitives::map::HashMap<Address, u64> = Default::default();
            for t in included {
                let next = t.tx.nonce().saturating_add(1);
                let n = senders.entry(t.sender).or_insert(0);
                *n = (*n).max(next);
            }
            for (s, at_least) in senders {
                let n = self.shared.nonce(s)?;
                pool.prune_sender_into(s, n.max(at_least), &mut removed);
            }
        }
        // Freeing thousands of transactions takes milliseconds: do it off the producer's path.
        if removed.len() >= 1024 {
            let free = std::thread::Builder::new().name("free-txs".into());
            if let Err(e) = free.spawn(move || drop(removed)) {
                tracing::debug!(error = %e, "freeing mined transactions inline");
            }
        }
        Ok(())
    }
}

/// The sealed header of a built block on `parent`.
fn seal<W>(
    sealer: &Sealer,
    parent: &SealedHeader,
    params: &BlockParams,
    built: &BuiltBlock<W>,
) -> Result<SealedHeader, ChainError> {
    let out = &built.outcome;
    let mut header = Header {
        parent_hash: parent.hash,
        ommers_hash: EMPTY_OMMER_ROOT_HASH,
        state_root: out.changes.commit_onto(parent.header.state_root),
        transactions_root: built.transactions_root,
        receipts_root: built.receipts_root,
        logs_bloom: built.logs_bloom,
        number: params.number,
        gas_limit: params.gas_limit,
        gas_used: out.gas_used,
        timestamp: params.timestamp,
        mix_hash: params.prevrandao,
        base_fee_per_gas: Some(params.base_fee),
        ..Default::default()
    };
    sealer.seal(&mut header, VANITY)?;
    Ok(SealedHeader::new(header))
}

/// Run block production until the task is dropped: automine wakes on pooled transactions and
/// mines everything ready; interval mining seals a block every interval.
pub async fn run_miner(chain: Arc<Chain>) {
    // Interval mining seals on a fixed schedule (start + k * interval) however long each block
    // takes to build; a block that overruns its slot shifts the schedule instead of causing a
    // burst. A mode change restarts the schedule.
    let mut schedule: Option<(Duration, tokio::time::Instant)> = None;
    let producer = chain.producer();
    loop {
        let mode = producer.mining_mode();
        let deadline = match mode.interval {
            Some(d) => match schedule {
                Some((every, at)) if every == d => Some(at),
                _ => {
                    let at = tokio::time::Instant::now() + d;
                    schedule = Some((d, at));
                    Some(at)
                }
            },
            None => {
                schedule = None;
                None
            }
        };
        let tick = async {
            match deadline {
                Some(at) => tokio::time::sleep_until(at).await,
                None => std::future::pending::<()>().await,
            }
        };
        let pooled = async {
            if mode.automine {
                chain.pool().changed().await
            } else {
                std::future::pending::<()>().await
            }
        };
        let mine = tokio::select! {
            _ = tick => {
                if let (Some(d), Some(at)) = (mode.interval, deadline) {
                    let now = tokio::time::Instant::now();
                    let next = if at + d > now { at + d } else { now + d };
                    schedule = Some((d, next));
                }
                true
            }
            _ = pooled => has_ready(&chain),
            _ = producer.mode_changed() => {
                schedule = None;
                false
            }
        };
        if mine {
            mine_once(&chain).await;
        }
    }
}

/// Mine one block on a blocking thread, then re-arm automine if more arrived meanwhile.
async fn mine_once(chain: &Arc<Chain>) {
    let c = chain.clone();
    match tokio::task::spawn_blocking(move || c.producer().mine_block()).await {
        Ok(Ok(_)) => {}
        Ok(Err(e)) => {
            tracing::error!(error = %e, "block production failed");
            tokio::time::sleep(Duration::from_millis(200)).await;
        }
        Err(e) => tracing::error!(error = %e, "block production task panicked"),
    }
    // Anything that arrived while mining gets the next block at once.
    if chain.producer().mining_mode().automine && has_ready(chain) {
        chain.shared.pool_notify.notify_one();
    }
}

/// Whether the pool has something to mine; a store failure is logged and counts as "no"
/// (the next pooled transaction or tick asks again).
fn has_ready(chain: &Chain) -> bool {
    chain.pool().has_ready().unwrap_or_else(|e| {
        tracing::error!(error = %e, "reading account nonces for the pool failed");
        false
    })
}
