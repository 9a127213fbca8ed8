//! The running chain: the store, the pool, the PoA block producer and the dev controls, behind
//! one handle that the RPC server and the miner task share.
//!
//! Block production is serialised by one lock; every block is executed against the head's
//! state, sealed, and committed to the store in one transaction before anyone (RPC, pool,
//! subscribers) sees it.

use crate::db::BlockHashes;
use crate::exec::{
    self, BlockParams, CallError, CallRequest, ExecConfig, ExecError, MAX_TXS_PER_BLOCK, SPEC, Skip,
};
use crate::txpool::{PoolConfig, PoolError, TxPool};
use alloy::consensus::{
    Transaction as _, TxEnvelope, constants::EMPTY_OMMER_ROOT_HASH,
    transaction::SignerRecoverable as _,
};
use alloy::eips::eip2718::Decodable2718;
use alloy_primitives::{Address, B256, Bytes, U256, keccak256};
use parking_lot::{Mutex, RwLock};
use revm::context_interface::result::ExecutionResult;
use std::sync::Arc;
use std::time::{Duration, SystemTime, UNIX_EPOCH};
use tao_chain::block::{Header, RecoveredTx, SealedHeader, StoredReceipt};
use tao_chain::genesis::Genesis;
use tao_chain::poa::{Authorities, PoaError, Sealer};
use tao_chain::state::{AccountInfo, StateChanges, StateView};
use tao_store::{Store, StoreError, StoreStateView};
use tokio::sync::{Notify, broadcast};

/// Vanity text in every sealed header.
pub const VANITY: &[u8] = b"taochain";

/// What the node is configured with.
#[derive(Debug, Clone)]
pub struct ChainConfig {
    /// Genesis.
    pub genesis: Genesis,
    /// This node's authority key (it seals blocks only if it has one).
    pub authority_key: Option<B256>,
    /// Block gas limit for produced blocks (defaults to genesis).
    pub gas_limit: Option<u64>,
    /// Pool limits.
    pub pool: PoolConfig,
    /// Dev mode: dev RPC methods are enabled.
    pub dev: bool,
}

/// Errors of the chain.
#[derive(Debug, thiserror::Error)]
pub enum ChainError {
    /// Storage failed.
    #[error(transparent)]
    Store(#[from] StoreError),
    /// Execution failed (not the transaction's fault).
    #[error(transparent)]
    Exec(#[from] ExecError),
    /// Sealing failed.
    #[error(transparent)]
    Poa(#[from] PoaError),
    /// State read failed.
    #[error(transparent)]
    State(#[from] tao_chain::state::StateError),
    /// The native modules refused the genesis.
    #[error("native genesis: {0}")]
    Native(#[from] tao_runtime::NativeError),
    /// This node holds no authority key.
    #[error("this node is not an authority: it cannot seal blocks")]
    NotAuthority,
    /// A dev-only method on a non-dev chain.
    #[error("method only available in --dev mode")]
    DevOnly,
    /// Unknown snapshot id.
    #[error("unknown snapshot id")]
    UnknownSnapshot,
}

/// Why a raw transaction was refused. Messages follow geth, which clients match on.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum TxError {
    /// Undecodable bytes.
    #[error("failed to decode signed transaction: {0}")]
    Decode(String),
    /// Too large.
    #[error("oversized data: transaction size {0}, limit {1}")]
    Oversized(usize, usize),
    /// Chain id missing (pre-EIP-155) or different.
    #[error("invalid chain id: have {have}, want {want}")]
    ChainId {
        /// Transaction's chain id (0 if none).
        have: u64,
        /// This chain's id.
        want: u64,
    },
    /// Legacy transaction without replay protection.
    #[error("only replay-protected (EIP-155) transactions allowed over RPC")]
    Unprotected,
    /// Signature does not recover.
    #[error("invalid sender: {0}")]
    BadSignature(String),
    /// Type not supported.
    #[error("transaction type not supported")]
    TxType,
    /// Gas limit above the block gas limit.
    #[error("exceeds block gas limit: tx gas {0}, block gas limit {1}")]
    GasLimit(u64, u64),
    /// Gas limit below the intrinsic cost.
    #[error("intrinsic gas too low: have {0}, want {1}")]
    IntrinsicGas(u64, u64),
    /// Fee cap below the base fee.
    #[error("max fee per gas less than block base fee: maxFeePerGas: {0}, baseFee: {1}")]
    FeeTooLow(u128, u64),
    /// Tip above the fee cap.
    #[error("max priority fee per gas higher than max fee per gas")]
    TipAboveFeeCap,
    /// Nonce already used.
    #[error("nonce too low: next nonce {next}, tx nonce {got}")]
    NonceTooLow {
        /// Account nonce.
        next: u64,
        /// Transaction nonce.
        got: u64,
    },
    /// Balance below gas * price + value.
    #[error("insufficient funds for gas * price + value: have {have} want {want}")]
    Funds {
        /// Balance.
        have: U256,
        /// Cost.
        want: U256,
    },
    /// Refused by the pool.
    #[error(transparent)]
    Pool(#[from] PoolError),
    /// Internal failure while checking.
    #[error("internal error: {0}")]
    Internal(String),
}

/// A new block, as subscribers receive it.
#[derive(Debug)]
pub struct NewBlock {
    /// Header.
    pub header: SealedHeader,
    /// Transactions.
    pub txs: Vec<RecoveredTx>,
    /// Receipts.
    pub receipts: Vec<StoredReceipt>,
}

/// How blocks are produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MiningMode {
    /// Mine as soon as transactions are ready.
    pub automine: bool,
    /// Seal a block every interval, even if empty.
    pub interval: Option<Duration>,
}

#[derive(Debug, Default)]
struct TimeControl {
    offset: i64,
    next_timestamp: Option<u64>,
}

/// The chain handle.
pub struct Chain {
    store: Store,
    exec: ExecConfig,
    authorities: Authorities,
    sealer: Option<Sealer>,
    gas_limit: u64,
    dev: bool,
    dev_keys: Vec<(Address, B256)>,
    pool: Mutex<TxPool>,
    head: RwLock<SealedHeader>,
    produce: Mutex<()>,
    events: broadcast::Sender<Arc<NewBlock>>,
    pool_notify: Notify,
    mode: Mutex<MiningMode>,
    mode_changed: Notify,
    time: Mutex<TimeControl>,
    snapshots: Mutex<Vec<(u64, u64, i64)>>,
}

impl std::fmt::Debug for Chain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Chain").field("chain_id", &self.exec.chain_id).finish_non_exhaustive()
    }
}

fn now_secs() -> u64 {
    SystemTime::now().duration_since(UNIX_EPOCH).map(|d| d.as_secs()).unwrap_or(0)
}

/// The genesis header and state diff of a genesis.
pub fn genesis_block(
    g: &Genesis,
    gas_limit: u64,
) -> Result<(SealedHeader, StateChanges), ChainError> {
    let state = g.state();
    let mut changes = StateChanges::default();
    for (a, info) in &state.accounts {
        changes.accounts.insert(*a, Some(*info));
    }
    for (k, v) in &state.storage {
        changes.storage.insert(*k, *v);
    }
    for (h, c) in &state.codes {
        changes.codes.insert(*h, c.clone());
    }
    // Every Bittensor precompile address, and the native system account, carry placeholder
    // code and nonce 1: `eth_getCode` is non-empty (MetaMask, Solidity's extcodesize check)
    // and the accounts are never "empty" in the EIP-161 sense, so their storage is never swept.
    let code = Bytes::copy_from_slice(&precompiles::PLACEHOLDER_CODE);
    let code_hash = keccak256(&code);
    changes.codes.insert(code_hash, code);
    for a in precompiles::ALL.iter().chain([&precompiles::BLOCK_STEP]) {
        let balance = state.accounts.get(a).map(|x| x.balance).unwrap_or_default();
        changes.accounts.insert(*a, Some(AccountInfo { nonce: 1, balance, code_hash }));
    }
    // Native module state (issuance, root subnet, registry parameters) as storage of the
    // native system account.
    let mut native = tao_runtime::MemNative::default();
    tao_runtime::genesis::apply(&mut native, g.issuance_wei(), g.native.profile)?;
    for (slot, v) in native.slots {
        changes.storage.insert((precompiles::BLOCK_STEP, U256::from_be_bytes(slot.0)), v);
    }
    let header = Header {
        parent_hash: B256::ZERO,
        ommers_hash: EMPTY_OMMER_ROOT_HASH,
        beneficiary: Address::ZERO,
        state_root: changes.commit_onto(B256::ZERO),
        transactions_root: alloy::consensus::constants::EMPTY_TRANSACTIONS,
        receipts_root: alloy::consensus::constants::EMPTY_RECEIPTS,
        number: 0,
        gas_limit,
        gas_used: 0,
        timestamp: g.timestamp,
        extra_data: g.extra_data.clone(),
        base_fee_per_gas: Some(g.base_fee_floor),
        ..Default::default()
    };
    Ok((SealedHeader::new(header), changes))
}

impl Chain {
    /// Open the chain on `store`, writing genesis if the store is empty.
    pub fn open(store: Store, cfg: ChainConfig) -> Result<Arc<Self>, ChainError> {
        let g = &cfg.genesis;
        let gas_limit = cfg.gas_limit.unwrap_or(g.gas_limit);
        let (genesis_header, changes) = genesis_block(g, g.gas_limit)?;
        store.init_genesis(&genesis_header, &changes)?;
        let head = store.head()?;
        let authorities = Authorities::new(g.authorities.clone(), g.block_time_secs)?;
        verify_tail(&store, &authorities, head.number())?;
        let sealer = cfg.authority_key.as_ref().map(Sealer::new).transpose()?;
        let dev_keys = if cfg.dev {
            tao_chain::genesis::DEV_ACCOUNTS
                .iter()
                .filter_map(|(a, k)| Some((a.parse().ok()?, k.parse().ok()?)))
                .collect()
        } else {
            vec![]
        };
        let (events, _) = broadcast::channel(1024);
        let mode = if cfg.dev {
            MiningMode { automine: true, interval: None }
        } else {
            MiningMode {
                automine: false,
                interval: Some(Duration::from_secs(g.block_time_secs.max(1))),
            }
        };
        Ok(Arc::new(Self {
            store,
            exec: ExecConfig {
                chain_id: g.chain_id,
                base_fee_floor: g.base_fee_floor,
                coinbase: tao_runtime::genesis::coinbase_config(g.native.profile),
            },
            authorities,
            sealer,
            gas_limit,
            dev: cfg.dev,
            dev_keys,
            pool: Mutex::new(TxPool::new(cfg.pool)),
            head: RwLock::new(head),
            produce: Mutex::new(()),
            events,
            pool_notify: Notify::new(),
            mode: Mutex::new(mode),
            mode_changed: Notify::new(),
            time: Mutex::new(TimeControl::default()),
            snapshots: Mutex::new(Vec::new()),
        }))
    }

    /// Chain id.
    pub fn chain_id(&self) -> u64 {
        self.exec.chain_id
    }
    /// True in dev mode.
    pub fn is_dev(&self) -> bool {
        self.dev
    }
    /// The block gas limit of produced blocks.
    pub fn gas_limit(&self) -> u64 {
        self.gas_limit
    }
    /// The store (read access for RPC).
    pub fn store(&self) -> &Store {
        &self.store
    }
    /// The authority set.
    pub fn authorities(&self) -> &Authorities {
        &self.authorities
    }
    /// The head header.
    pub fn head(&self) -> SealedHeader {
        self.head.read().clone()
    }
    /// Subscribe to new blocks.
    pub fn subscribe(&self) -> broadcast::Receiver<Arc<NewBlock>> {
        self.events.subscribe()
    }
    /// Dev accounts whose keys the node holds (for `eth_accounts`, `eth_sendTransaction`).
    pub fn dev_accounts(&self) -> &[(Address, B256)] {
        &self.dev_keys
    }
    /// The base fee of the next block.
    pub fn next_base_fee(&self) -> u64 {
        let h = self.head.read();
        let hd = &h.header;
        self.exec.next_base_fee(
            hd.gas_used,
            hd.gas_limit,
            hd.base_fee_per_gas.unwrap_or(self.exec.base_fee_floor),
        )
    }

    /// A view of the state after block `n` (`None` = head).
    pub fn state_at(&self, n: Option<u64>) -> Result<StoreStateView, ChainError> {
        Ok(self.store.state_at(n)?)
    }

    fn hashes(&self) -> impl BlockHashes + '_ {
        move |n: u64| self.store.header(n).ok().flatten().map(|h| h.hash)
    }

    /// Decode, check and pool a raw signed transaction.
    pub fn submit_raw(&self, raw: &[u8]) -> Result<B256, TxError> {
        let max = self.pool.lock().config().max_tx_bytes;
        if raw.len() > max {
            return Err(TxError::Oversized(raw.len(), max));
        }
        let tx =
            TxEnvelope::decode_2718(&mut &raw[..]).map_err(|e| TxError::Decode(e.to_string()))?;
        self.submit(tx)
    }

    /// Check and pool a decoded signed transaction.
    pub fn submit(&self, tx: TxEnvelope) -> Result<B256, TxError> {
        if tx.is_eip4844() {
            return Err(TxError::TxType);
        }
        match tx.chain_id() {
            None => return Err(TxError::Unprotected),
            Some(id) if id != self.exec.chain_id => {
                return Err(TxError::ChainId { have: id, want: self.exec.chain_id });
            }
            _ => {}
        }
        let sender = tx.recover_signer().map_err(|e| TxError::BadSignature(e.to_string()))?;
        let hash = *tx.tx_hash();
        let rtx = RecoveredTx { tx, sender, hash };
        let t = &rtx.tx;
        if t.gas_limit() > self.gas_limit {
            return Err(TxError::GasLimit(t.gas_limit(), self.gas_limit));
        }
        let initial = revm::context_interface::cfg::gas::calculate_initial_tx_gas_for_tx(
            exec::tx_env(&rtx),
            SPEC,
            None,
        );
        let need = (initial.initial_regular_gas + initial.initial_state_gas).max(initial.floor_gas);
        if t.gas_limit() < need {
            return Err(TxError::IntrinsicGas(t.gas_limit(), need));
        }
        if let Some(tip) = t.max_priority_fee_per_gas()
            && tip > t.max_fee_per_gas()
        {
            return Err(TxError::TipAboveFeeCap);
        }
        let base_fee = self.next_base_fee();
        if t.max_fee_per_gas() < base_fee as u128 {
            return Err(TxError::FeeTooLow(t.max_fee_per_gas(), base_fee));
        }
        let acc = self
            .store
            .latest_account(sender)
            .map_err(|e| TxError::Internal(e.to_string()))?
            .unwrap_or_default();
        if t.nonce() < acc.nonce {
            return Err(TxError::NonceTooLow { next: acc.nonce, got: t.nonce() });
        }
        let cost = U256::from(t.gas_limit()) * U256::from(t.max_fee_per_gas()) + t.value();
        if acc.balance < cost {
            return Err(TxError::Funds { have: acc.balance, want: cost });
        }
        self.pool.lock().insert(rtx, acc.nonce)?;
        self.pool_notify.notify_one();
        Ok(hash)
    }

    /// A pooled (not yet mined) transaction.
    pub fn pooled(&self, hash: &B256) -> Option<Arc<RecoveredTx>> {
        self.pool.lock().get(hash)
    }

    /// All pooled transactions.
    pub fn pooled_all(&self) -> Vec<Arc<RecoveredTx>> {
        self.pool.lock().all()
    }

    /// (ready, queued) transaction counts.
    pub fn pool_status(&self) -> (usize, usize) {
        let store = &self.store;
        self.pool
            .lock()
            .status(|a| store.latest_account(a).ok().flatten().map(|x| x.nonce).unwrap_or(0))
    }

    /// The next nonce of `addr` counting pooled transactions.
    pub fn pending_nonce(&self, addr: Address) -> Result<u64, ChainError> {
        let n = self.state_at(None)?.account(addr)?.map(|a| a.nonce).unwrap_or(0);
        Ok(self.pool.lock().pending_nonce(addr, n))
    }

    fn next_timestamp(&self, parent: &Header) -> u64 {
        let mut t = self.time.lock();
        let ts = match t.next_timestamp.take() {
            Some(ts) => ts,
            None => now_secs().saturating_add_signed(t.offset),
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
        let _guard = self.produce.lock();
        let started = std::time::Instant::now();
        let parent = self.head.read().clone();
        let base_fee = self.next_base_fee();
        let timestamp = self.next_timestamp(&parent.header);
        let params = BlockParams {
            number: parent.number() + 1,
            timestamp,
            beneficiary: sealer.address(),
            gas_limit: self.gas_limit,
            base_fee,
            prevrandao: keccak256(parent.hash),
        };
        let store = &self.store;
        let nonce_of =
            |a: Address| store.latest_account(a).ok().flatten().map(|x| x.nonce).unwrap_or(0);
        let state = store.state_at(None)?;
        let candidates = self.pool.lock().best(nonce_of, base_fee, MAX_TXS_PER_BLOCK);
        let selected = started.elapsed();
        let hashes = self.hashes();
        let number = params.number;
        let built = exec::build_block(&self.exec, &params, &state, &hashes, &candidates, |txs| {
            let mut w = store.begin_block(number)?;
            let tx_hashes: Vec<B256> = txs.iter().map(|t| t.hash).collect();
            w.index_txs(&tx_hashes)?;
            Ok::<_, StoreError>(w)
        })?;
        drop(state);
        drop(candidates);
        let out = built.outcome;
        let writer = match built.prepared {
            Some(w) => w?,
            None => {
                let mut w = store.begin_block(number)?;
                let tx_hashes: Vec<B256> = out.included.iter().map(|t| t.hash).collect();
                w.index_txs(&tx_hashes)?;
                w
            }
        };
        let executed = started.elapsed();
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
            timestamp,
            mix_hash: params.prevrandao,
            base_fee_per_gas: Some(base_fee),
            ..Default::default()
        };
        sealer.seal(&mut header, VANITY)?;
        let sealed = SealedHeader::new(header);
        writer.commit(&sealed, &built.body_rlp, &built.receipts_rlp, &out.changes)?;
        drop(built.body_rlp);
        drop(built.receipts_rlp);
        *self.head.write() = sealed.clone();
        let committed = started.elapsed();
        let mut removed = Vec::new();
        {
            let mut pool = self.pool.lock();
            for (t, why) in &out.skipped {
                if let Skip::Drop(reason) = why {
                    tracing::debug!(tx = %t.hash, %reason, "dropping transaction");
                    pool.remove(&t.hash);
                }
            }
            // Every included transaction has a nonce below its sender's new account nonce, so
            // pruning the senders removes them all (and anything else those nonces made stale).
            let mut senders: alloy_primitives::map::HashMap<Address, u64> = Default::default();
            for t in &out.included {
                let next = t.tx.nonce().saturating_add(1);
                let n = senders.entry(t.sender).or_insert(0);
                *n = (*n).max(next);
            }
            for (s, at_least) in senders {
                let n = store.latest_account(s)?.map(|a| a.nonce).unwrap_or(0);
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
        let nb = Arc::new(NewBlock { header: sealed, txs: out.included, receipts: out.receipts });
        let ms = |d: Duration| d.as_secs_f64() * 1e3;
        tracing::debug!(
            select_ms = ms(selected),
            execute_ms = ms(executed - selected),
            commit_ms = ms(committed - executed),
            cleanup_ms = ms(started.elapsed() - committed),
            "block timings"
        );
        tracing::info!(number = nb.header.number(), txs = nb.txs.len(), gas = nb.header.header.gas_used, hash = %nb.header.hash, "sealed block");
        let _ = self.events.send(nb.clone());
        Ok(nb)
    }

    /// True if the pool has transactions ready for the next block.
    pub fn has_ready(&self) -> bool {
        let store = &self.store;
        self.pool
            .lock()
            .has_ready(|a| store.latest_account(a).ok().flatten().map(|x| x.nonce).unwrap_or(0))
    }

    /// Block parameters for a call on top of block `at` (a pending-like environment).
    fn call_params(&self, at: &SealedHeader) -> BlockParams {
        let h = &at.header;
        BlockParams {
            number: h.number + 1,
            timestamp: h.timestamp.max(now_secs().saturating_add_signed(self.time.lock().offset)),
            beneficiary: h.beneficiary,
            gas_limit: self.gas_limit,
            base_fee: self.exec.next_base_fee(
                h.gas_used,
                h.gas_limit,
                h.base_fee_per_gas.unwrap_or(0),
            ),
            prevrandao: keccak256(at.hash),
        }
    }

    fn header_or_head(&self, n: Option<u64>) -> Result<SealedHeader, ChainError> {
        match n {
            None => Ok(self.head()),
            Some(n) => self
                .store
                .header(n)?
                .ok_or(ChainError::Store(StoreError::Corrupt(format!("no block {n}")))),
        }
    }

    /// `eth_call` on the state after block `at` (`None` = head).
    pub fn call(&self, req: &CallRequest, at: Option<u64>) -> Result<ExecutionResult, CallError> {
        let h = self.header_or_head(at).map_err(|e| CallError::Invalid(e.to_string()))?;
        let state = self.state_at(at).map_err(|e| CallError::Invalid(e.to_string()))?;
        exec::call(&self.exec, &self.call_params(&h), &state, &self.hashes(), req)
    }

    /// `eth_estimateGas` on the state after block `at`.
    pub fn estimate_gas(
        &self,
        req: &CallRequest,
        at: Option<u64>,
    ) -> Result<Result<u64, ExecutionResult>, CallError> {
        let h = self.header_or_head(at).map_err(|e| CallError::Invalid(e.to_string()))?;
        let state = self.state_at(at).map_err(|e| CallError::Invalid(e.to_string()))?;
        exec::estimate_gas(&self.exec, &self.call_params(&h), &state, &self.hashes(), req)
    }

    // ---- mining control ----

    /// The current mining mode.
    pub fn mining_mode(&self) -> MiningMode {
        *self.mode.lock()
    }
    /// Change the mining mode (wakes the miner).
    pub fn set_mining_mode(&self, m: MiningMode) {
        *self.mode.lock() = m;
        self.mode_changed.notify_one();
    }
    /// Wait until a transaction is pooled.
    pub async fn pool_changed(&self) {
        self.pool_notify.notified().await
    }
    /// Wait until the mining mode changes.
    pub async fn mode_changed(&self) {
        self.mode_changed.notified().await
    }

    // ---- dev controls ----

    fn dev_only(&self) -> Result<(), ChainError> {
        if self.dev { Ok(()) } else { Err(ChainError::DevOnly) }
    }

    /// Edit an account (dev): applied to the head state at once.
    pub fn dev_set_account(
        &self,
        addr: Address,
        f: impl FnOnce(&mut AccountInfo),
        code: Option<Bytes>,
    ) -> Result<(), ChainError> {
        self.dev_only()?;
        let _guard = self.produce.lock();
        let mut acc = self.state_at(None)?.account(addr)?.unwrap_or_default();
        f(&mut acc);
        let mut c = StateChanges::default();
        if let Some(code) = code {
            let h =
                if code.is_empty() { alloy_primitives::KECCAK256_EMPTY } else { keccak256(&code) };
            acc.code_hash = h;
            if !code.is_empty() {
                c.codes.insert(h, code);
            }
        }
        c.accounts.insert(addr, Some(acc));
        self.store.apply_dev_changes(&c)?;
        Ok(())
    }

    /// Set a storage slot (dev).
    pub fn dev_set_storage(
        &self,
        addr: Address,
        slot: U256,
        value: U256,
    ) -> Result<(), ChainError> {
        self.dev_only()?;
        let _guard = self.produce.lock();
        let mut c = StateChanges::default();
        if self.state_at(None)?.account(addr)?.is_none() {
            c.accounts.insert(addr, Some(AccountInfo::default()));
        }
        c.storage.insert((addr, slot), value);
        self.store.apply_dev_changes(&c)?;
        Ok(())
    }

    /// Shift block time forward by `secs`; returns the total offset.
    pub fn dev_increase_time(&self, secs: i64) -> Result<i64, ChainError> {
        self.dev_only()?;
        let mut t = self.time.lock();
        t.offset = t.offset.saturating_add(secs);
        Ok(t.offset)
    }

    /// Fix the next block's timestamp.
    pub fn dev_set_next_timestamp(&self, ts: u64) -> Result<(), ChainError> {
        self.dev_only()?;
        self.time.lock().next_timestamp = Some(ts);
        Ok(())
    }

    /// Take a snapshot; returns its id.
    pub fn dev_snapshot(&self) -> Result<u64, ChainError> {
        self.dev_only()?;
        let _guard = self.produce.lock();
        let (n, seq) = self.store.dev_mark()?;
        let offset = self.time.lock().offset;
        let mut s = self.snapshots.lock();
        s.push((n, seq, offset));
        Ok(s.len() as u64)
    }

    /// Revert to snapshot `id` (which is consumed, with every later one).
    pub fn dev_revert(&self, id: u64) -> Result<(), ChainError> {
        self.dev_only()?;
        let (n, seq, offset) = {
            let mut s = self.snapshots.lock();
            if id == 0 || id as usize > s.len() {
                return Err(ChainError::UnknownSnapshot);
            }
            let snap = s[id as usize - 1];
            s.truncate(id as usize - 1);
            snap
        };
        let _guard = self.produce.lock();
        self.store.unwind_to_mark(n, seq)?;
        *self.head.write() = self.store.head()?;
        self.time.lock().offset = offset;
        let state = self.store.state_at(None)?;
        let mut pool = self.pool.lock();
        let senders: Vec<Address> = pool.all().iter().map(|t| t.sender).collect();
        for s in senders {
            let nonce = state.account(s)?.map(|a| a.nonce).unwrap_or(0);
            pool.prune_sender(s, nonce);
        }
        Ok(())
    }
}

/// How many of the newest stored blocks are re-verified (seal, slot, parent) at start-up.
pub const VERIFY_ON_OPEN: u64 = 64;

/// Check the PoA rules on the newest stored blocks: a datadir sealed by other authorities, or
/// edited on disk, is refused at start-up instead of being served.
fn verify_tail(store: &Store, authorities: &Authorities, head: u64) -> Result<(), ChainError> {
    let first = head.saturating_sub(VERIFY_ON_OPEN - 1).max(1);
    for n in first..=head {
        let (Some(parent), Some(block)) = (store.header(n - 1)?, store.header(n)?) else {
            return Err(StoreError::Corrupt(format!("missing header {n}")).into());
        };
        authorities.verify(&parent.header, parent.hash, &block.header)?;
    }
    Ok(())
}

/// Run block production until the task is dropped: automine wakes on pooled transactions and
/// mines everything ready; interval mining seals a block every interval.
pub async fn run_miner(chain: Arc<Chain>) {
    // Interval mining seals on a fixed schedule (start + k * interval) however long each block
    // takes to build; a block that overruns its slot shifts the schedule instead of causing a
    // burst. A mode change restarts the schedule.
    let mut schedule: Option<(Duration, tokio::time::Instant)> = None;
    loop {
        let mode = chain.mining_mode();
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
                chain.pool_changed().await
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
            _ = pooled => chain.has_ready(),
            _ = chain.mode_changed() => {
                schedule = None;
                false
            }
        };
        if mine {
            let c = chain.clone();
            match tokio::task::spawn_blocking(move || c.mine_block()).await {
                Ok(Ok(_)) => {}
                Ok(Err(e)) => {
                    tracing::error!(error = %e, "block production failed");
                    tokio::time::sleep(Duration::from_millis(200)).await;
                }
                Err(e) => tracing::error!(error = %e, "block production task panicked"),
            }
            // Anything that arrived while mining gets the next block at once.
            if chain.mining_mode().automine && chain.has_ready() {
                chain.pool_notify.notify_one();
            }
        }
    }
}
