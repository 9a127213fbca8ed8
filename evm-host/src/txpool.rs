//! The transaction pool: per-sender queues in nonce order, a queue for future nonces (so that
//! out-of-order submission, as `forge script` does, still mines), replacement of a same-nonce
//! transaction by a higher fee, and size limits. State checks (nonce, funds, chain id) happen
//! before insertion, in the chain; the pool only orders and limits.
//!
//! A transaction that reached its turn but could not execute yet (its sender cannot pay, or
//! its fee cap is below the base fee) is *parked*: it keeps its place and its nonce, but it is
//! not ready, so it neither triggers block production nor lets its sender's later
//! transactions in. The producer unparks it once the condition it failed on holds again
//! ([`Parked`]); a replacement (same nonce, higher fee) is never parked.

use alloy::consensus::Transaction as _;
use alloy_primitives::map::HashMap;
use alloy_primitives::{Address, B256, U256};
use std::cmp::Reverse;
use std::collections::{BTreeMap, BinaryHeap};
use std::sync::Arc;
use tao_chain::block::RecoveredTx;

/// The pool split as `txpool_content` reports it: (pending, queued).
pub type PendingQueued = (Vec<Arc<RecoveredTx>>, Vec<Arc<RecoveredTx>>);

/// Pool limits.
#[derive(Debug, Clone, Copy)]
pub struct PoolConfig {
    /// Most transactions held in total.
    pub max_txs: usize,
    /// Most transactions held per sender.
    pub max_per_sender: usize,
    /// Largest accepted encoded transaction, in bytes.
    pub max_tx_bytes: usize,
    /// Largest nonce gap ahead of the account's nonce that is queued.
    pub max_nonce_gap: u64,
    /// Fee increase, in percent, that a replacement must offer.
    pub price_bump_percent: u128,
}

impl Default for PoolConfig {
    fn default() -> Self {
        Self {
            max_txs: 100_000,
            max_per_sender: 20_000,
            max_tx_bytes: 128 * 1024,
            max_nonce_gap: 20_000,
            price_bump_percent: 10,
        }
    }
}

/// Why the pool refused a transaction. The messages are the ones geth uses, which ethers, viem
/// and MetaMask match on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum PoolError {
    /// Same hash already pooled.
    #[error("already known")]
    AlreadyKnown,
    /// Same sender and nonce with a fee that is not high enough.
    #[error("replacement transaction underpriced")]
    ReplacementUnderpriced,
    /// The pool holds `max_txs`.
    #[error("txpool is full")]
    Full,
    /// The sender holds `max_per_sender`.
    #[error("account limit exceeded: sender has too many pooled transactions")]
    SenderLimit,
    /// The nonce is too far ahead.
    #[error("nonce too high: next nonce {next}, tx nonce {got}")]
    NonceGap {
        /// Account nonce.
        next: u64,
        /// Transaction nonce.
        got: u64,
    },
}

/// Why a pooled transaction waits without being ready, and what makes it ready again.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Parked {
    /// Its sender could not pay `gas limit * max fee + value`: ready again once the sender's
    /// balance covers `cost`.
    Funds {
        /// What the transaction needs up front, in wei.
        cost: U256,
    },
    /// Its fee cap was below the base fee: ready again once the next block's base fee is at
    /// most `max_fee`.
    Fee {
        /// The transaction's fee cap.
        max_fee: u128,
    },
}

#[derive(Debug, Clone)]
struct Entry {
    tx: Arc<RecoveredTx>,
    seq: u64,
    parked: Option<Parked>,
}

/// The pool.
#[derive(Debug, Default)]
pub struct TxPool {
    cfg: PoolConfig,
    senders: HashMap<Address, BTreeMap<u64, Entry>>,
    by_hash: HashMap<B256, (Address, u64)>,
    seq: u64,
}

/// The entries of `q` that form a gap-free nonce run starting at `start` (parked or not).
fn run_from(q: &BTreeMap<u64, Entry>, start: u64) -> impl Iterator<Item = &Entry> {
    q.range(start..).zip(start..).take_while(|((k, _), n)| **k == *n).map(|((_, e), _)| e)
}

/// The ready part of [`run_from`]: it stops at the first parked entry.
fn ready_from(q: &BTreeMap<u64, Entry>, start: u64) -> impl Iterator<Item = &Entry> {
    run_from(q, start).take_while(|e| e.parked.is_none())
}

fn tip(tx: &RecoveredTx, base_fee: u64) -> u128 {
    crate::exec::effective_gas_price(tx, base_fee).saturating_sub(base_fee as u128)
}

impl TxPool {
    /// An empty pool.
    pub fn new(cfg: PoolConfig) -> Self {
        Self { cfg, ..Default::default() }
    }

    /// Limits in force.
    pub fn config(&self) -> &PoolConfig {
        &self.cfg
    }

    /// Transactions held.
    pub fn len(&self) -> usize {
        self.by_hash.len()
    }

    /// True if empty.
    pub fn is_empty(&self) -> bool {
        self.by_hash.is_empty()
    }

    /// A pooled transaction by hash.
    pub fn get(&self, hash: &B256) -> Option<Arc<RecoveredTx>> {
        let (s, n) = self.by_hash.get(hash)?;
        self.senders.get(s)?.get(n).map(|e| e.tx.clone())
    }

    /// Insert a transaction already checked against state (`state_nonce` is the sender's
    /// account nonce). Returns the hash of a replaced transaction, if any.
    pub fn insert(&mut self, tx: RecoveredTx, state_nonce: u64) -> Result<Option<B256>, PoolError> {
        if self.by_hash.contains_key(&tx.hash) {
            return Err(PoolError::AlreadyKnown);
        }
        let nonce = tx.tx.nonce();
        if nonce > state_nonce.saturating_add(self.cfg.max_nonce_gap) {
            return Err(PoolError::NonceGap { next: state_nonce, got: nonce });
        }
        let queue = self.senders.entry(tx.sender).or_default();
        let mut replaced = None;
        if let Some(old) = queue.get(&nonce) {
            let bump = |v: u128| v.saturating_mul(100 + self.cfg.price_bump_percent) / 100;
            let old_fee = old.tx.tx.max_fee_per_gas();
            let old_tip = old.tx.tx.max_priority_fee_per_gas().unwrap_or(old_fee);
            let new_fee = tx.tx.max_fee_per_gas();
            let new_tip = tx.tx.max_priority_fee_per_gas().unwrap_or(new_fee);
            if new_fee < bump(old_fee) || new_tip < bump(old_tip) {
                return Err(PoolError::ReplacementUnderpriced);
            }
            replaced = Some(old.tx.hash);
        } else {
            if queue.len() >= self.cfg.max_per_sender {
                return Err(PoolError::SenderLimit);
            }
            if self.by_hash.len() >= self.cfg.max_txs {
                return Err(PoolError::Full);
            }
        }
        if let Some(h) = replaced {
            self.by_hash.remove(&h);
        }
        self.seq += 1;
        self.by_hash.insert(tx.hash, (tx.sender, nonce));
        let queue = self.senders.entry(tx.sender).or_default();
        queue.insert(nonce, Entry { tx: Arc::new(tx), seq: self.seq, parked: None });
        Ok(replaced)
    }

    /// The nonce a new transaction from `sender` should use: one past the contiguous run of
    /// pooled transactions starting at `state_nonce`.
    pub fn pending_nonce(&self, sender: Address, state_nonce: u64) -> u64 {
        match self.senders.get(&sender) {
            Some(q) => state_nonce.saturating_add(run_from(q, state_nonce).count() as u64),
            None => state_nonce,
        }
    }

    /// Ready transactions, best first: each sender's contiguous run from its account nonce, up
    /// to its first parked transaction, merged across senders by tip (ties by arrival), at
    /// most `limit`.
    /// A failing `nonce_of` fails the whole call.
    pub fn best<E>(
        &self,
        mut nonce_of: impl FnMut(Address) -> Result<u64, E>,
        base_fee: u64,
        limit: usize,
    ) -> Result<Vec<Arc<RecoveredTx>>, E> {
        let mut runs: Vec<Vec<&Entry>> = Vec::new();
        for (sender, q) in &self.senders {
            let mut run: Vec<&Entry> = ready_from(q, nonce_of(*sender)?).collect();
            if !run.is_empty() {
                run.reverse(); // pop from the end = lowest nonce first
                runs.push(run);
            }
        }
        let mut heap: BinaryHeap<(u128, Reverse<u64>, usize)> = runs
            .iter()
            .enumerate()
            .filter_map(|(i, r)| r.last().map(|e| (tip(&e.tx, base_fee), Reverse(e.seq), i)))
            .collect();
        let mut out = Vec::with_capacity(runs.iter().map(Vec::len).sum::<usize>().min(limit));
        while let Some((_, _, i)) = heap.pop() {
            if out.len() >= limit {
                break;
            }
            if let Some(e) = runs[i].pop() {
                out.push(e.tx.clone());
                if let Some(next) = runs[i].last() {
                    heap.push((tip(&next.tx, base_fee), Reverse(next.seq), i));
                }
            }
        }
        Ok(out)
    }

    /// Remove a transaction by hash.
    pub fn remove(&mut self, hash: &B256) -> Option<Arc<RecoveredTx>> {
        let (s, n) = self.by_hash.remove(hash)?;
        let q = self.senders.get_mut(&s)?;
        let e = q.remove(&n);
        if q.is_empty() {
            self.senders.remove(&s);
        }
        e.map(|e| e.tx)
    }

    /// Drop every transaction of `sender` with a nonce below `state_nonce` (mined or
    /// replaced on chain).
    pub fn prune_sender(&mut self, sender: Address, state_nonce: u64) {
        self.prune_sender_into(sender, state_nonce, &mut Vec::new());
    }

    /// [`TxPool::prune_sender`], moving the removed transactions into `removed` (so that a
    /// caller can free a large batch away from the pool lock).
    pub fn prune_sender_into(
        &mut self,
        sender: Address,
        state_nonce: u64,
        removed: &mut Vec<Arc<RecoveredTx>>,
    ) {
        let Some(q) = self.senders.get_mut(&sender) else { return };
        let keep = q.split_off(&state_nonce);
        let gone = std::mem::replace(q, keep);
        if q.is_empty() {
            self.senders.remove(&sender);
        }
        removed.reserve(gone.len());
        for e in gone.into_values() {
            self.by_hash.remove(&e.tx.hash);
            removed.push(e.tx);
        }
    }

    /// True if some sender has a transaction that is not parked at its account nonce (the next
    /// block can include something). Stops at the first such sender.
    pub fn has_ready<E>(
        &self,
        mut nonce_of: impl FnMut(Address) -> Result<u64, E>,
    ) -> Result<bool, E> {
        for (s, q) in &self.senders {
            if q.get(&nonce_of(*s)?).is_some_and(|e| e.parked.is_none()) {
                return Ok(true);
            }
        }
        Ok(false)
    }

    /// Park a pooled transaction (see [`Parked`]); `false` if it is not pooled.
    pub fn park(&mut self, hash: &B256, why: Parked) -> bool {
        let Some((s, n)) = self.by_hash.get(hash) else { return false };
        match self.senders.get_mut(s).and_then(|q| q.get_mut(n)) {
            Some(e) => {
                e.parked = Some(why);
                true
            }
            None => false,
        }
    }

    /// Unpark every parked transaction for which `ready` says the condition it waits on now
    /// holds; returns how many were unparked. A failing `ready` stops the pass (transactions
    /// already unparked stay so).
    pub fn unpark<E>(
        &mut self,
        mut ready: impl FnMut(&RecoveredTx, &Parked) -> Result<bool, E>,
    ) -> Result<usize, E> {
        let mut n = 0;
        for e in self.senders.values_mut().flat_map(|q| q.values_mut()) {
            if let Some(p) = e.parked
                && ready(&e.tx, &p)?
            {
                e.parked = None;
                n += 1;
            }
        }
        Ok(n)
    }

    /// The parked transactions and why they wait.
    pub fn parked(&self) -> Vec<(Arc<RecoveredTx>, Parked)> {
        let entries = self.senders.values().flat_map(|q| q.values());
        entries.filter_map(|e| e.parked.map(|p| (e.tx.clone(), p))).collect()
    }

    /// Counts of (ready, queued) transactions given account nonces (parked ones are queued).
    pub fn status<E>(
        &self,
        mut nonce_of: impl FnMut(Address) -> Result<u64, E>,
    ) -> Result<(usize, usize), E> {
        let mut ready = 0;
        for (s, q) in &self.senders {
            ready += ready_from(q, nonce_of(*s)?).count();
        }
        Ok((ready, self.len() - ready))
    }

    /// The pooled transactions split as `txpool_content` shows them: `(pending, queued)`,
    /// pending being those the next block could include (consecutive nonces from the sender's
    /// state nonce, not parked), each list by sender then nonce.
    pub fn content<E>(
        &self,
        mut nonce_of: impl FnMut(Address) -> Result<u64, E>,
    ) -> Result<PendingQueued, E> {
        let (mut pending, mut queued) = (Vec::new(), Vec::new());
        for (s, q) in &self.senders {
            let ready: Vec<Arc<RecoveredTx>> =
                ready_from(q, nonce_of(*s)?).map(|e| e.tx.clone()).collect();
            for e in q.values() {
                if ready.iter().any(|r| Arc::ptr_eq(r, &e.tx)) {
                    continue;
                }
                queued.push(e.tx.clone());
            }
            pending.extend(ready);
        }
        Ok((pending, queued))
    }

    /// All pooled transactions.
    pub fn all(&self) -> Vec<Arc<RecoveredTx>> {
        self.senders.values().flat_map(|q| q.values().map(|e| e.tx.clone())).collect()
    }

    /// Empty the pool.
    pub fn clear(&mut self) {
        self.senders.clear();
        self.by_hash.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::convert::Infallible;

    /// Every account at nonce `n`.
    fn at(n: u64) -> impl FnMut(Address) -> Result<u64, Infallible> {
        move |_| Ok(n)
    }
    use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
    use alloy::signers::{SignerSync, local::PrivateKeySigner};
    use alloy_primitives::{TxKind, U256};

    fn tx(key: u8, nonce: u64, fee: u128) -> RecoveredTx {
        let signer = PrivateKeySigner::from_bytes(&B256::repeat_byte(key)).unwrap();
        let t = TxEip1559 {
            chain_id: 1,
            nonce,
            gas_limit: 21_000,
            max_fee_per_gas: fee,
            max_priority_fee_per_gas: fee / 2,
            to: TxKind::Call(Address::ZERO),
            value: U256::ZERO,
            ..Default::default()
        };
        let sig = signer.sign_hash_sync(&t.signature_hash()).unwrap();
        let env: TxEnvelope = t.into_signed(sig).into();
        RecoveredTx { hash: *env.tx_hash(), tx: env, sender: signer.address() }
    }

    #[test]
    fn out_of_order_nonces_become_ready_in_order() {
        let mut p = TxPool::new(PoolConfig::default());
        p.insert(tx(1, 2, 100), 0).unwrap();
        p.insert(tx(1, 1, 100), 0).unwrap();
        assert!(p.best(at(0), 1, 10).unwrap().is_empty(), "gap at nonce 0");
        assert_eq!(p.pending_nonce(tx(1, 0, 1).sender, 0), 0);
        p.insert(tx(1, 0, 100), 0).unwrap();
        let best: Vec<u64> = p.best(at(0), 1, 10).unwrap().iter().map(|t| t.tx.nonce()).collect();
        assert_eq!(best, vec![0, 1, 2]);
        assert_eq!(p.pending_nonce(tx(1, 0, 1).sender, 0), 3);
        assert_eq!(p.status(at(0)).unwrap(), (3, 0));
        assert!(p.has_ready(at(0)).unwrap());
        assert!(p.has_ready(at(1)).unwrap());
        assert_eq!(p.status(at(1)).unwrap(), (2, 1));
        assert!(!p.has_ready(at(3)).unwrap(), "nothing pooled at nonce 3");
        assert_eq!(p.status(at(3)).unwrap(), (0, 3));
    }

    #[test]
    fn replacement_needs_a_fee_bump() {
        let mut p = TxPool::new(PoolConfig::default());
        let a = tx(1, 0, 100);
        p.insert(a.clone(), 0).unwrap();
        assert_eq!(p.insert(a.clone(), 0), Err(PoolError::AlreadyKnown));
        assert_eq!(p.insert(tx(1, 0, 105), 0), Err(PoolError::ReplacementUnderpriced));
        let b = tx(1, 0, 110);
        assert_eq!(p.insert(b.clone(), 0), Ok(Some(a.hash)));
        assert_eq!(p.len(), 1);
        assert!(p.get(&a.hash).is_none());
        assert!(p.get(&b.hash).is_some());
    }

    #[test]
    fn limits_and_pruning() {
        let cfg =
            PoolConfig { max_txs: 3, max_per_sender: 2, max_nonce_gap: 5, ..Default::default() };
        let mut p = TxPool::new(cfg);
        p.insert(tx(1, 0, 10), 0).unwrap();
        p.insert(tx(1, 1, 10), 0).unwrap();
        assert_eq!(p.insert(tx(1, 2, 10), 0), Err(PoolError::SenderLimit));
        assert_eq!(p.insert(tx(2, 9, 10), 0), Err(PoolError::NonceGap { next: 0, got: 9 }));
        p.insert(tx(2, 0, 10), 0).unwrap();
        assert_eq!(p.insert(tx(3, 0, 10), 0), Err(PoolError::Full));
        p.prune_sender(tx(1, 0, 1).sender, 1);
        assert_eq!(p.len(), 2);
    }

    #[test]
    fn higher_tip_goes_first_across_senders() {
        let mut p = TxPool::new(PoolConfig::default());
        p.insert(tx(1, 0, 10), 0).unwrap();
        p.insert(tx(2, 0, 1000), 0).unwrap();
        let best = p.best(at(0), 1, 10).unwrap();
        assert_eq!(best[0].tx.max_fee_per_gas(), 1000);
    }

    /// A parked transaction is not ready (no block is needed for it), holds back its sender's
    /// later nonces, still counts for the pending nonce, and comes back when unparked or
    /// replaced.
    #[test]
    fn parked_transactions_are_not_ready() {
        let mut p = TxPool::new(PoolConfig::default());
        let (a, b) = (tx(1, 0, 100), tx(1, 1, 100));
        p.insert(a.clone(), 0).unwrap();
        p.insert(b.clone(), 0).unwrap();
        assert!(p.park(&a.hash, Parked::Funds { cost: U256::from(7) }));
        assert!(!p.has_ready(at(0)).unwrap());
        assert!(p.best(at(0), 1, 10).unwrap().is_empty());
        assert_eq!(p.status(at(0)).unwrap(), (0, 2));
        assert_eq!(p.pending_nonce(a.sender, 0), 2);
        assert_eq!(p.parked().len(), 1);
        // The condition does not hold yet: still parked.
        assert_eq!(p.unpark(|_, _| Ok::<_, Infallible>(false)).unwrap(), 0);
        assert!(!p.has_ready(at(0)).unwrap());
        assert_eq!(
            p.unpark(|_, w| Ok::<_, Infallible>(*w == Parked::Funds { cost: U256::from(7) }))
                .unwrap(),
            1
        );
        assert_eq!(p.best(at(0), 1, 10).unwrap().len(), 2);
        // A replacement of a parked transaction is ready at once.
        p.park(&a.hash, Parked::Fee { max_fee: 100 });
        assert!(!p.has_ready(at(0)).unwrap());
        p.insert(tx(1, 0, 110), 0).unwrap();
        assert!(p.has_ready(at(0)).unwrap());
        assert!(p.parked().is_empty());
        // Nonces near the top of the range do not overflow.
        assert_eq!(
            p.insert(tx(2, u64::MAX, 100), u64::MAX - 1).map(|_| ()),
            Ok(()),
            "a gap of one below u64::MAX is queued"
        );
        assert_eq!(p.pending_nonce(tx(2, 0, 1).sender, u64::MAX - 1), u64::MAX - 1);
    }
}
