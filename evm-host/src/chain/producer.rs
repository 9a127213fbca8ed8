//! Block production: the PoA sealer, the mining mode and the miner task.

use super::shared::{Shared, now_secs};
use super::{Chain, ChainError, NewBlock, admission::upfront_cost};
use crate::exec::{self, BlockParams, BuiltBlock, Later, MAX_TXS_PER_BLOCK, Skip};
use crate::txpool::Parked;
use alloy::consensus::{Transaction as _, constants::EMPTY_OMMER_ROOT_HASH};
use alloy_primitives::{Address, B256, keccak256};
use parking_lot::Mutex;
use std::convert::Infallible;
use std::sync::Arc;
use std::time::Duration;
use tao_chain::block::{Header, RecoveredTx, SealedHeader};
use tao_chain::poa::Sealer;
use tao_chain::state::StateChanges;
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
    /// Why the mining task stopped, once it has (see [`run_miner`]).
    stopped: Mutex<Option<String>>,
}

impl BlockProducer {
    pub(crate) fn new(shared: Arc<Shared>, sealer: Option<Sealer>, mode: MiningMode) -> Self {
        Self {
            shared,
            sealer,
            mode: Mutex::new(mode),
            mode_changed: Notify::new(),
            stopped: Mutex::new(None),
        }
    }

    /// The current mining mode.
    pub fn mining_mode(&self) -> MiningMode {
        *self.mode.lock()
    }

    /// Why automatic block production has stopped (the mining task failed), if it has.
    /// Blocks can still be mined on request ([`BlockProducer::mine_block`]).
    pub fn stopped(&self) -> Option<String> {
        self.stopped.lock().clone()
    }

    /// `Err(MinerStopped)` once the mining task has failed: for whatever relies on it.
    pub fn require_running(&self) -> Result<(), ChainError> {
        match self.stopped() {
            Some(why) => Err(ChainError::MinerStopped(why)),
            None => Ok(()),
        }
    }

    fn set_stopped(&self, why: String) {
        *self.stopped.lock() = Some(why);
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
        let ts = match (c.next_timestamp.take(), c.interval) {
            (Some(ts), _) => ts,
            (None, Some(interval)) => parent.timestamp.saturating_add(interval),
            (None, None) => now_secs().saturating_add_signed(c.offset),
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
            gas_limit: shared.gas_limit(),
            base_fee: shared.next_base_fee(),
            prevrandao: keccak256(parent.hash),
        };
        let (built, writer) = self.execute(&params)?;
        let executed = started.elapsed();
        let sealed = seal(sealer, &parent, &params, &built)?;
        // A dev base fee override held for this block only.
        shared.clock.lock().next_base_fee = None;
        let out = built.outcome;
        writer.commit(&sealed, &built.body_rlp, &built.receipts_rlp, &out.changes)?;
        drop(built.body_rlp);
        drop(built.receipts_rlp);
        *shared.head.write() = sealed.clone();
        let committed = started.elapsed();
        self.forget_mined(&out.included, &out.skipped, &out.changes)?;
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

    /// Update the pool after a block: forget the mined transactions, drop the ones that can
    /// never execute (with the reason in the log), park the ones that cannot execute yet, and
    /// unpark those this block made executable (see [`Parked`]).
    fn forget_mined(
        &self,
        included: &[RecoveredTx],
        skipped: &[(RecoveredTx, Skip)],
        changes: &StateChanges,
    ) -> Result<(), ChainError> {
        // The head has moved: this is the base fee the next block will have.
        let next_base_fee = u128::from(self.shared.next_base_fee());
        let mut removed = Vec::new();
        {
            let mut pool = self.shared.pool.lock();
            for (t, why) in skipped {
                park_or_drop(&mut pool, t, why);
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
            // Only this block's changes can have made a parked transaction executable.
            let unparked = pool.unpark(|t, why| {
                Ok::<_, Infallible>(match why {
                    Parked::Funds { cost } => matches!(
                        changes.accounts.get(&t.sender),
                        Some(Some(a)) if a.balance >= *cost
                    ),
                    Parked::Fee { max_fee } => next_base_fee <= *max_fee,
                })
            });
            if let Ok(n @ 1..) = unparked {
                tracing::debug!(count = n, "unparked transactions");
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

/// Apply one skipped candidate's fate to the pool: dropped for good (logged), parked until
/// its sender can pay or the base fee falls, or left as it is (its turn comes next block).
fn park_or_drop(pool: &mut crate::txpool::TxPool, t: &RecoveredTx, why: &Skip) {
    let parked = match why {
        Skip::Drop(reason) => {
            tracing::info!(tx = %t.hash, sender = %t.sender, %reason, "dropping transaction: it can never execute");
            pool.remove(&t.hash);
            return;
        }
        Skip::Later(Later::Funds(_)) => match upfront_cost(&t.tx) {
            Some(cost) => Parked::Funds { cost },
            None => {
                // Admission refuses such transactions; never keep one that cannot be paid.
                tracing::info!(tx = %t.hash, sender = %t.sender, "dropping transaction: its cost overflows");
                pool.remove(&t.hash);
                return;
            }
        },
        Skip::Later(Later::Fee(_)) => Parked::Fee { max_fee: t.tx.max_fee_per_gas() },
        Skip::Later(Later::EarlierNonce | Later::BlockFull) => return,
    };
    tracing::debug!(tx = %t.hash, sender = %t.sender, ?parked, "parking transaction until it can execute");
    pool.park(&t.hash, parked);
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

/// Run block production until the task is dropped: automine wakes on ready transactions and
/// mines everything ready; interval mining seals a block every interval.
///
/// The work runs in a task of its own that this one supervises: if it ever ends (a panic), the
/// reason is logged as an error and recorded ([`BlockProducer::stopped`]), so the RPC reports
/// that blocks are no longer produced instead of accepting transactions that would never be
/// mined. Dropping this future (the node stops) ends the work too.
pub async fn run_miner(chain: Arc<Chain>) {
    supervise(chain.clone(), miner_loop(chain)).await
}

/// Aborts a task when dropped.
struct AbortOnDrop(tokio::task::AbortHandle);

impl Drop for AbortOnDrop {
    fn drop(&mut self) {
        self.0.abort();
    }
}

/// Run `work` (the mining loop) in its own task; if it ends other than by cancellation,
/// record and log why.
pub(crate) async fn supervise(
    chain: Arc<Chain>,
    work: impl std::future::Future<Output = ()> + Send + 'static,
) {
    let task = tokio::spawn(work);
    let _abort = AbortOnDrop(task.abort_handle());
    let why = match task.await {
        Ok(()) => "the mining task ended".to_string(),
        Err(e) if e.is_panic() => {
            let p = e.into_panic();
            let msg = p
                .downcast_ref::<&str>()
                .map(|s| s.to_string())
                .or_else(|| p.downcast_ref::<String>().cloned())
                .unwrap_or_else(|| "unknown panic".into());
            format!("the mining task panicked: {msg}")
        }
        // Cancelled: the node is stopping.
        Err(_) => return,
    };
    tracing::error!(reason = %why, "automatic block production stopped; restart the node");
    chain.producer().set_stopped(why);
}

/// The time `d` after `at`, or `None` if that is beyond what the clock can represent (such an
/// interval never elapses).
fn after(at: tokio::time::Instant, d: Duration) -> Option<tokio::time::Instant> {
    at.checked_add(d)
}

async fn miner_loop(chain: Arc<Chain>) {
    // Interval mining seals on a fixed schedule (start + k * interval) however long each block
    // takes to build; a block that overruns its slot shifts the schedule instead of causing a
    // burst. A mode change restarts the schedule.
    let mut schedule: Option<(Duration, Option<tokio::time::Instant>)> = None;
    let producer = chain.producer();
    loop {
        let mode = producer.mining_mode();
        let deadline = match mode.interval {
            Some(d) => match schedule {
                Some((every, at)) if every == d => at,
                _ => {
                    let at = after(tokio::time::Instant::now(), d);
                    schedule = Some((d, at));
                    at
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
                    let next = after(at, d).filter(|n| *n > now).or_else(|| after(now, d));
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

/// Mine one block on a blocking thread, then re-arm automine if more is ready. A failed
/// attempt is logged and followed by a pause, so that a failure that repeats cannot spin.
async fn mine_once(chain: &Arc<Chain>) {
    let c = chain.clone();
    let failed = match tokio::task::spawn_blocking(move || c.producer().mine_block()).await {
        Ok(Ok(_)) => false,
        Ok(Err(e)) => {
            tracing::error!(error = %e, "block production failed");
            true
        }
        Err(e) => {
            tracing::error!(error = %e, "block production task panicked");
            true
        }
    };
    if failed {
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
    // Anything that arrived (or became ready) while mining gets the next block at once.
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::chain::ChainConfig;
    use alloy::consensus::TxEnvelope;
    use alloy::signers::local::PrivateKeySigner;
    use serde_json::Value;
    use tao_chain::genesis::{DEV_ACCOUNTS, Genesis, dev_authority_key};

    fn dev_chain() -> Arc<Chain> {
        let cfg = ChainConfig {
            genesis: Genesis::dev(),
            authority_key: Some(dev_authority_key()),
            gas_limit: None,
            pool: Default::default(),
            dev: true,
        };
        Chain::open(tao_store::Store::in_memory().unwrap(), cfg).unwrap()
    }

    fn transfer(nonce: u64) -> TxEnvelope {
        let key: B256 = DEV_ACCOUNTS[0].1.parse().unwrap();
        crate::exec::tests::transfer(&PrivateKeySigner::from_bytes(&key).unwrap(), nonce)
    }

    async fn rpc(chain: &Arc<Chain>, method: &str, params: &str) -> Value {
        let module = crate::rpc::module(chain.clone()).unwrap();
        let req = format!(r#"{{"jsonrpc":"2.0","id":1,"method":"{method}","params":{params}}}"#);
        let (resp, _) = module.raw_json_request(&req, 1).await.unwrap();
        serde_json::from_str(resp.get()).unwrap()
    }

    async fn wait_for_head(chain: &Chain, n: u64) {
        for _ in 0..200 {
            if chain.head().number() >= n {
                return;
            }
            tokio::time::sleep(Duration::from_millis(10)).await;
        }
        panic!("head did not reach {n}");
    }

    /// A mining task that fails is logged and reported: the RPC refuses what relies on it
    /// (-32603 with the reason) and `eth_mining` turns false, instead of pretending to mine.
    #[tokio::test(flavor = "multi_thread")]
    async fn a_failed_miner_is_reported_by_the_rpc() {
        let chain = dev_chain();
        assert_eq!(rpc(&chain, "eth_mining", "[]").await["result"], true);
        supervise(chain.clone(), async { panic!("boom") }).await;
        let why = chain.producer().stopped().expect("the failure is recorded");
        assert!(why.contains("panicked: boom"), "{why}");
        assert_eq!(rpc(&chain, "eth_mining", "[]").await["result"], false);
        let raw = alloy::eips::eip2718::Encodable2718::encoded_2718(&transfer(0));
        let hex = format!(r#"["0x{}"]"#, alloy_primitives::hex::encode(raw));
        for (method, params) in [
            ("eth_sendRawTransaction", hex.as_str()),
            ("evm_setAutomine", "[true]"),
            ("evm_setIntervalMining", "[1]"),
        ] {
            let r = rpc(&chain, method, params).await;
            assert_eq!(r["error"]["code"], -32603, "{method}: {r}");
            let msg = r["error"]["message"].as_str().unwrap_or_default();
            assert!(msg.contains("block production has stopped"), "{method}: {r}");
        }
        assert!(chain.pool().pooled_all().is_empty(), "nothing was accepted");
    }

    /// Issue 14 (2): an interval the clock cannot represent never fires and never panics the
    /// mining task; automine keeps working.
    #[tokio::test(flavor = "multi_thread")]
    async fn an_interval_beyond_the_clock_does_not_stop_the_miner() {
        let chain = dev_chain();
        let forever = MiningMode { automine: true, interval: Some(Duration::from_secs(u64::MAX)) };
        chain.producer().set_mining_mode(forever);
        let miner = tokio::spawn(run_miner(chain.clone()));
        tokio::time::sleep(Duration::from_millis(50)).await;
        chain.pool().submit(transfer(0)).unwrap();
        wait_for_head(&chain, 1).await;
        assert!(chain.producer().stopped().is_none());
        miner.abort();
    }
}
