//! Transaction execution with revm: block building (every candidate transaction executed in
//! order against one overlay, producing receipts and one state diff) and read-only calls
//! (`eth_call`, `eth_estimateGas`).

use crate::db::{BlockHashes, DbError, Overlay};
use alloy::consensus::Transaction as _;
use alloy::eips::Typed2718 as _;
use alloy::eips::eip1559::{BaseFeeParams, calc_next_block_base_fee};
use alloy::eips::eip2718::Encodable2718 as _;
use alloy_primitives::map::HashSet;
use alloy_primitives::{Address, B256, Bloom, Bytes, TxKind, U256};
use precompiles::ChainPrecompiles;
use revm::context::{BlockEnv, CfgEnv, Context, TxEnv};
use revm::context_interface::result::{EVMError, ExecutionResult, InvalidTransaction, Output};
use revm::handler::SystemCallEvm;
use revm::primitives::hardfork::SpecId;
use revm::{ExecuteCommitEvm, MainBuilder, MainContext};
use std::borrow::Borrow;
use std::sync::Arc;
use tao_chain::block::{
    BloomCache, EncodedList, ListEncoder, OrderedRootBuilder, RecoveredTx, StoredReceipt,
    receipts_root_and_bloom, transactions_root,
};
use tao_chain::state::{StateChanges, StateView};
use tao_runtime::coinbase::CoinbaseConfig;

/// The EVM rules the chain runs: Osaka, with the per-transaction gas cap set to the block gas
/// limit (instead of Osaka's 2^24) so that large deployments fit as on other dev chains.
pub const SPEC: SpecId = SpecId::OSAKA;

/// Largest init code a creating transaction may carry (EIP-3860, 49,152 bytes under [`SPEC`]).
pub const MAX_INITCODE_SIZE: usize = revm::primitives::eip3860::MAX_INITCODE_SIZE;

/// Upper bound on transactions considered for one block (every loop in block execution is
/// bounded by a named constant).
pub const MAX_TXS_PER_BLOCK: usize = 100_000;

/// Chain-wide execution settings.
#[derive(Debug, Clone, Copy)]
pub struct ExecConfig {
    /// EIP-155 chain id.
    pub chain_id: u64,
    /// Lowest base fee in wei.
    pub base_fee_floor: u64,
    /// Coinbase settings of the block step.
    pub coinbase: CoinbaseConfig,
}

/// The block being built or the block a call runs on.
#[derive(Debug, Clone, Copy)]
pub struct BlockParams {
    /// Number.
    pub number: u64,
    /// Timestamp (s).
    pub timestamp: u64,
    /// Author (receives priority fees).
    pub beneficiary: Address,
    /// Gas limit.
    pub gas_limit: u64,
    /// Base fee (wei).
    pub base_fee: u64,
    /// PREVRANDAO value.
    pub prevrandao: B256,
}

impl ExecConfig {
    /// The base fee of the block after one with `gas_used` of `gas_limit` at `base_fee`.
    pub fn next_base_fee(&self, gas_used: u64, gas_limit: u64, base_fee: u64) -> u64 {
        calc_next_block_base_fee(gas_used, gas_limit, base_fee, BaseFeeParams::ethereum())
            .max(self.base_fee_floor)
    }

    fn cfg(&self, gas_limit: u64) -> CfgEnv {
        let mut cfg = CfgEnv::new_with_spec(SPEC);
        cfg.chain_id = self.chain_id;
        cfg.tx_gas_limit_cap = Some(gas_limit);
        cfg
    }
}

fn block_env(p: &BlockParams) -> BlockEnv {
    BlockEnv {
        number: U256::from(p.number),
        beneficiary: p.beneficiary,
        timestamp: U256::from(p.timestamp),
        gas_limit: p.gas_limit,
        basefee: p.base_fee,
        difficulty: U256::ZERO,
        prevrandao: Some(p.prevrandao),
        blob_excess_gas_and_price: Some(
            revm::context_interface::block::BlobExcessGasAndPrice::new(0, 1),
        ),
        ..Default::default()
    }
}

/// The revm transaction environment of a signed transaction.
pub fn tx_env(t: &RecoveredTx) -> TxEnv {
    let tx = &t.tx;
    let (gas_price, priority) = match tx.gas_price() {
        Some(p) => (p, None),
        None => (tx.max_fee_per_gas(), tx.max_priority_fee_per_gas()),
    };
    let mut env = TxEnv {
        tx_type: tx.ty(),
        caller: t.sender,
        gas_limit: tx.gas_limit(),
        gas_price,
        kind: tx.kind(),
        value: tx.value(),
        data: tx.input().clone(),
        nonce: tx.nonce(),
        chain_id: tx.chain_id(),
        access_list: tx.access_list().cloned().unwrap_or_default(),
        gas_priority_fee: priority,
        ..Default::default()
    };
    if let Some(auth) = tx.authorization_list() {
        env.set_signed_authorization(auth.to_vec());
    }
    env
}

/// Why a candidate transaction was left out of a block.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Skip {
    /// It can never be included as it is (nonce already used, invalid for this chain, a
    /// payment that overflows, an empty authorization list...): drop it.
    Drop(InvalidTransaction),
    /// Not now: keep it in the pool.
    Later(Later),
}

/// Why a candidate may fit a later block. Only the first two mean "at once": the other two
/// wait for a change of state (the producer parks the transaction, see
/// [`crate::txpool::Parked`]).
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum Later {
    /// An earlier nonce of the same sender was left out.
    #[error("earlier nonce not included")]
    EarlierNonce,
    /// Not enough gas left in the block.
    #[error("block gas limit reached")]
    BlockFull,
    /// The sender cannot pay `gas limit * max fee + value` on this state (it may be funded).
    #[error("{0}")]
    Funds(InvalidTransaction),
    /// The fee cap is below this block's base fee (the base fee may fall).
    #[error("{0}")]
    Fee(InvalidTransaction),
}

/// The result of building a block.
#[derive(Debug, Default)]
pub struct BlockOutcome {
    /// Included transactions, in order.
    pub included: Vec<RecoveredTx>,
    /// Their receipts.
    pub receipts: Vec<StoredReceipt>,
    /// Candidates left out, with the reason.
    pub skipped: Vec<(RecoveredTx, Skip)>,
    /// Gas used by the block.
    pub gas_used: u64,
    /// The state diff.
    pub changes: StateChanges,
}

/// Execution failed for a reason that is not the transaction's fault.
#[derive(Debug, thiserror::Error)]
pub enum ExecError {
    /// State could not be read.
    #[error(transparent)]
    Db(#[from] DbError),
    /// revm reported an error that is neither the state's nor the transaction's.
    #[error("evm: {0}")]
    Evm(#[source] Box<EVMError<DbError>>),
    /// The block-assembly helper thread could not be started.
    #[error("evm: block assembly thread: {0}")]
    AssemblyThread(#[source] std::io::Error),
    /// The block-assembly helper thread panicked.
    #[error("evm: block assembly panicked")]
    AssemblyPanicked,
    /// The block step (coinbase, epochs) did not succeed: a bug, the block is not produced.
    #[error("block step failed: {0:?}")]
    BlockStepFailed(Box<ExecutionResult>),
    /// The block step could not run.
    #[error("block step failed: {0}")]
    BlockStep(#[source] Box<EVMError<DbError>>),
}

impl ExecError {
    /// Sort an error of revm: state failures keep their type.
    fn from_evm(e: EVMError<DbError>) -> Self {
        match e {
            EVMError::Database(e) => Self::Db(e),
            e => Self::Evm(Box::new(e)),
        }
    }
}

/// What to do with a candidate revm refused. Only a shortfall of funds and a fee cap below
/// the base fee can go away by themselves; everything else (including a payment that
/// overflows 256 bits and a nonce ahead of the account, which the pool never offers) is
/// final, so the transaction is dropped rather than retried block after block.
fn classify(e: &InvalidTransaction) -> Skip {
    match e {
        InvalidTransaction::LackOfFundForMaxFee { .. } => Skip::Later(Later::Funds(e.clone())),
        InvalidTransaction::GasPriceLessThanBasefee => Skip::Later(Later::Fee(e.clone())),
        _ => Skip::Drop(e.clone()),
    }
}

/// A block built by [`build_block`]: the execution outcome plus everything the producer needs
/// to seal and store it.
#[derive(Debug)]
pub struct BuiltBlock<W> {
    /// Included transactions, receipts, skipped candidates, gas used and the state diff.
    pub outcome: BlockOutcome,
    /// Transactions root of `outcome.included`.
    pub transactions_root: B256,
    /// Receipts root of `outcome.receipts`.
    pub receipts_root: B256,
    /// The block's logs bloom.
    pub logs_bloom: Bloom,
    /// `outcome.included` encoded for the store ([`tao_chain::block::encode_body`]).
    pub body_rlp: EncodedList,
    /// `outcome.receipts` encoded for the store ([`tao_chain::block::encode_receipts`]).
    pub receipts_rlp: EncodedList,
    /// What the `prepare` hook returned, if it ran on exactly the included transactions
    /// (`None` when some candidate was skipped: its result was dropped).
    pub prepared: Option<W>,
}

/// Blocks with at least this many candidates are assembled on a helper thread while they
/// execute; smaller ones are not worth a thread.
pub const PIPELINE_MIN_TXS: usize = 64;

/// Execute `candidates` in order on top of `base` into a new block, with the roots, bloom and
/// store encodings of the block. Transactions that do not fit or are not valid now are skipped
/// (never included half-way); a sender whose transaction was skipped has its later
/// transactions skipped too, so nonces stay contiguous. For larger blocks
/// a helper thread computes them while the transactions execute: it encodes and hashes the
/// candidates (assuming all will be included), runs `prepare` on them (the producer uses it
/// to start writing the block, e.g. its transaction index), and turns every receipt into its
/// trie leaf, bloom and store encoding as execution produces it. If a candidate is skipped,
/// the transaction side is recomputed from the included ones and `prepare`'s result dropped.
pub fn build_block<V: StateView, W: Send>(
    cfg: &ExecConfig,
    params: &BlockParams,
    base: &V,
    hashes: &dyn BlockHashes,
    candidates: &[Arc<RecoveredTx>],
    prepare: impl FnOnce(&[Arc<RecoveredTx>]) -> W + Send,
) -> Result<BuiltBlock<W>, ExecError> {
    let candidates = &candidates[..candidates.len().min(MAX_TXS_PER_BLOCK)];
    if candidates.len() < PIPELINE_MIN_TXS {
        return build_block_inline(cfg, params, base, hashes, candidates, prepare);
    }
    std::thread::scope(|s| {
        let (sender, receiver) = std::sync::mpsc::channel::<StoredReceipt>();
        let helper = std::thread::Builder::new()
            .name("block-assembly".into())
            .spawn_scoped(s, move || assemble(candidates, prepare, receiver))
            .map_err(ExecError::AssemblyThread)?;
        let started = std::time::Instant::now();
        let run = run_candidates(cfg, params, base, hashes, candidates, |r| {
            // The helper only stops early by panicking, which is reported below.
            let _ = sender.send(r);
        });
        drop(sender);
        let executed = started.elapsed();
        let a = helper.join().map_err(|_| ExecError::AssemblyPanicked)?;
        tracing::debug!(
            txs = candidates.len(),
            execute_ms = executed.as_secs_f64() * 1e3,
            assembly_wait_ms = (started.elapsed() - executed).as_secs_f64() * 1e3,
            "block executed"
        );
        let run = run?;
        let receipts_root = a.receipts_root.root();
        if run.included.len() == candidates.len() {
            // Everything went in, in order: the speculative transaction side is the block's.
            let outcome = run.split(a.txs, a.receipts);
            return Ok(BuiltBlock {
                outcome,
                transactions_root: a.transactions_root,
                receipts_root,
                logs_bloom: a.logs_bloom,
                body_rlp: a.body,
                receipts_rlp: a.receipts_rlp,
                prepared: Some(a.prepared),
            });
        }
        drop(a.prepared);
        let outcome = run.split(a.txs, a.receipts);
        Ok(BuiltBlock {
            transactions_root: transactions_root(&outcome.included),
            receipts_root,
            logs_bloom: a.logs_bloom,
            body_rlp: body_list(&outcome.included),
            receipts_rlp: a.receipts_rlp,
            prepared: None,
            outcome,
        })
    })
}

/// [`build_block`] on the calling thread (small blocks).
fn build_block_inline<V: StateView, W>(
    cfg: &ExecConfig,
    params: &BlockParams,
    base: &V,
    hashes: &dyn BlockHashes,
    candidates: &[Arc<RecoveredTx>],
    prepare: impl FnOnce(&[Arc<RecoveredTx>]) -> W,
) -> Result<BuiltBlock<W>, ExecError> {
    let mut receipts = Vec::with_capacity(candidates.len());
    let run = run_candidates(cfg, params, base, hashes, candidates, |r| receipts.push(r))?;
    let included: Vec<Arc<RecoveredTx>> =
        run.included.iter().map(|&i| candidates[i].clone()).collect();
    let prepared = prepare(&included);
    let owned = candidates.iter().map(|t| RecoveredTx::clone(t)).collect();
    let outcome = run.split(owned, receipts);
    let (receipts_root, logs_bloom) = receipts_root_and_bloom(&outcome.receipts);
    Ok(BuiltBlock {
        transactions_root: transactions_root(&outcome.included),
        receipts_root,
        logs_bloom,
        body_rlp: body_list(&outcome.included),
        receipts_rlp: receipts_list(&outcome.receipts),
        prepared: Some(prepared),
        outcome,
    })
}

/// What the helper thread of [`build_block`] produces.
struct Assembled<W> {
    /// Owned copies of all candidates, in order.
    txs: Vec<RecoveredTx>,
    /// Transactions root, body encoding and `prepare`'s result, all of every candidate.
    transactions_root: B256,
    body: EncodedList,
    prepared: W,
    /// The receipts, as received, with their root, bloom and store encoding.
    receipts: Vec<StoredReceipt>,
    receipts_root: OrderedRootBuilder,
    logs_bloom: Bloom,
    receipts_rlp: EncodedList,
}

fn assemble<W>(
    candidates: &[Arc<RecoveredTx>],
    prepare: impl FnOnce(&[Arc<RecoveredTx>]) -> W,
    receipts_in: std::sync::mpsc::Receiver<StoredReceipt>,
) -> Assembled<W> {
    let n = candidates.len();
    let mut buf = Vec::with_capacity(1024);
    let mut txs = Vec::with_capacity(n);
    let mut tx_root = OrderedRootBuilder::new();
    let mut body = ListEncoder::with_capacity(n * 192);
    for c in candidates {
        buf.clear();
        c.tx.encode_2718(&mut buf);
        tx_root.push(&buf);
        body.push_body_item(c.sender, &buf);
        txs.push(RecoveredTx::clone(c));
    }
    let prepared = prepare(candidates);
    let mut receipts = Vec::with_capacity(n);
    let mut receipts_root = OrderedRootBuilder::new();
    let mut logs_bloom = Bloom::ZERO;
    let mut receipts_rlp = ListEncoder::with_capacity(n * 256);
    let mut blooms = BloomCache::new();
    for r in receipts_in {
        let bloom = blooms.bloom(&r);
        logs_bloom |= bloom;
        buf.clear();
        r.encode_2718_with_bloom(&bloom, &mut buf);
        receipts_root.push(&buf);
        receipts_rlp.push(&r);
        receipts.push(r);
    }
    Assembled {
        txs,
        transactions_root: tx_root.root(),
        body: body.finish(),
        prepared,
        receipts,
        receipts_root,
        logs_bloom,
        receipts_rlp: receipts_rlp.finish(),
    }
}

fn body_list(txs: &[RecoveredTx]) -> EncodedList {
    let mut body = ListEncoder::with_capacity(txs.len() * 192);
    let mut buf = Vec::new();
    for t in txs {
        buf.clear();
        t.tx.encode_2718(&mut buf);
        body.push_body_item(t.sender, &buf);
    }
    body.finish()
}

fn receipts_list(receipts: &[StoredReceipt]) -> EncodedList {
    let mut list = ListEncoder::with_capacity(receipts.len() * 256);
    for r in receipts {
        list.push(r);
    }
    list.finish()
}

/// Which candidates went in (indexes, in order) and why the others did not.
struct RunOutcome {
    included: Vec<usize>,
    skipped: Vec<(usize, Skip)>,
    gas_used: u64,
    changes: StateChanges,
}

impl RunOutcome {
    /// The block outcome, given the candidates (owned, in order) and the receipts.
    fn split(self, candidates: Vec<RecoveredTx>, receipts: Vec<StoredReceipt>) -> BlockOutcome {
        let (gas_used, changes) = (self.gas_used, self.changes);
        if self.skipped.is_empty() {
            // Every candidate went in (the common case): no copying.
            return BlockOutcome {
                included: candidates,
                receipts,
                skipped: vec![],
                gas_used,
                changes,
            };
        }
        let mut reason: Vec<Option<Skip>> = vec![None; candidates.len()];
        for (i, s) in self.skipped {
            reason[i] = Some(s);
        }
        let mut included = Vec::with_capacity(self.included.len());
        let mut skipped = Vec::new();
        for (t, r) in candidates.into_iter().zip(reason) {
            match r {
                Some(s) => skipped.push((t, s)),
                None => included.push(t),
            }
        }
        BlockOutcome { included, receipts, skipped, gas_used, changes }
    }
}

/// Run `candidates` in order (see [`build_block`]), handing each included transaction's
/// receipt to `on_receipt` as soon as it is known, then the block step.
fn run_candidates<V: StateView, T: Borrow<RecoveredTx>>(
    cfg: &ExecConfig,
    params: &BlockParams,
    base: &V,
    hashes: &dyn BlockHashes,
    candidates: &[T],
    mut on_receipt: impl FnMut(StoredReceipt),
) -> Result<RunOutcome, ExecError> {
    let overlay = Overlay::new(base, hashes);
    let mut evm = Context::mainnet()
        .with_db(overlay)
        .with_block(block_env(params))
        .with_cfg(cfg.cfg(params.gas_limit))
        .build_mainnet()
        .with_precompiles(ChainPrecompiles::new(SPEC, cfg.coinbase));
    let mut out = RunOutcome {
        included: Vec::with_capacity(candidates.len()),
        skipped: Vec::new(),
        gas_used: 0,
        changes: StateChanges::default(),
    };
    // The begin-of-block step (fee recipient, coinbase, epochs) before the transactions, as
    // the real chain's `on_initialize`.
    system_step(&mut evm, precompiles::block_step::begin_calldata(params.beneficiary))?;
    let mut blocked: HashSet<Address> = Default::default();
    for (i, t) in candidates.iter().enumerate() {
        let t: &RecoveredTx = t.borrow();
        if !blocked.is_empty() && blocked.contains(&t.sender) {
            out.skipped.push((i, Skip::Later(Later::EarlierNonce)));
            continue;
        }
        let gas_limit = t.tx.gas_limit();
        if gas_limit > params.gas_limit - out.gas_used {
            blocked.insert(t.sender);
            out.skipped.push((i, Skip::Later(Later::BlockFull)));
            continue;
        }
        // Between transactions: TAO kept at the sender's twin becomes spendable.
        crate::twins::sweep(&mut evm.ctx.journaled_state.database, t.sender)?;
        match evm.transact_commit(tx_env(t)) {
            Ok(res) => {
                out.gas_used += res.tx_gas_used();
                on_receipt(receipt(t, res, out.gas_used, params.base_fee));
                out.included.push(i);
            }
            Err(EVMError::Transaction(e)) => {
                blocked.insert(t.sender);
                out.skipped.push((i, classify(&e)));
            }
            Err(e) => return Err(ExecError::from_evm(e)),
        }
    }
    // The end-of-block step: the base fees the senders paid go to the author.
    let base_fees = U256::from(out.gas_used) * U256::from(params.base_fee);
    system_step(&mut evm, precompiles::block_step::end_calldata(params.beneficiary, base_fees))?;
    out.changes = evm.ctx.journaled_state.database.changes();
    Ok(out)
}

/// One block-step system call on the block's state, committed to it; a failure fails the block.
fn system_step<E>(evm: &mut E, input: Bytes) -> Result<(), ExecError>
where
    E: SystemCallEvm<ExecutionResult = ExecutionResult, Error = EVMError<DbError>>
        + ExecuteCommitEvm,
{
    match evm.system_call_one_with_caller(
        precompiles::block_step::SYSTEM_CALLER,
        precompiles::BLOCK_STEP,
        input,
    ) {
        Ok(res) if res.is_success() => {
            evm.commit_inner();
            Ok(())
        }
        Ok(res) => {
            // The journal is discarded with the block.
            let _ = evm.finalize();
            Err(ExecError::BlockStepFailed(Box::new(res)))
        }
        Err(e) => Err(ExecError::BlockStep(Box::new(e))),
    }
}

/// The price per gas a transaction pays in a block with `base_fee`.
pub fn effective_gas_price(t: &RecoveredTx, base_fee: u64) -> u128 {
    match t.tx.gas_price() {
        Some(p) => p,
        None => {
            let max = t.tx.max_fee_per_gas();
            let tip = t.tx.max_priority_fee_per_gas().unwrap_or(0);
            max.min(base_fee as u128 + tip)
        }
    }
}

fn receipt(t: &RecoveredTx, res: ExecutionResult, cumulative: u64, base_fee: u64) -> StoredReceipt {
    let contract_address = match &res {
        ExecutionResult::Success { output: Output::Create(_, Some(a)), .. } => a.to_vec().into(),
        _ => Bytes::new(),
    };
    StoredReceipt {
        tx_type: t.tx.ty(),
        success: res.is_success(),
        cumulative_gas_used: cumulative,
        gas_used: res.tx_gas_used(),
        effective_gas_price: effective_gas_price(t, base_fee),
        from: t.sender,
        to: match t.tx.kind() {
            TxKind::Call(a) => a.to_vec().into(),
            TxKind::Create => Bytes::new(),
        },
        contract_address,
        logs: res.into_logs(),
    }
}

mod call;
mod overrides;
mod simulate;
mod trace;
pub use call::{AccessListResult, CallError, CallRequest, call, create_access_list, estimate_gas};
pub use simulate::{MAX_SIM_BLOCKS, MAX_SIM_CALLS, SimBlockInput, SimBlockOutput, simulate};
pub use trace::{Tracer, trace_block, trace_call, trace_transaction};

#[cfg(test)]
pub(crate) mod tests {
    use crate::chain::{Chain, ChainConfig, MiningMode};
    use crate::txpool::PoolConfig;
    use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
    use alloy::signers::{SignerSync, local::PrivateKeySigner};
    use alloy_primitives::{Address, B256, TxKind, U256};
    use tao_chain::block::{receipts_root_and_bloom, transactions_root};
    use tao_store::{Store, TxLocation};

    /// A signed dev-chain transfer of 1 wei to 0x77…77 (shared with the producer's tests).
    pub(crate) fn transfer(key: &PrivateKeySigner, nonce: u64) -> TxEnvelope {
        let t = TxEip1559 {
            chain_id: tao_chain::genesis::Genesis::dev().chain_id,
            nonce,
            gas_limit: 21_000,
            max_fee_per_gas: 100_000_000_000,
            max_priority_fee_per_gas: 1_000_000_000,
            to: TxKind::Call(Address::repeat_byte(0x77)),
            value: U256::from(1),
            ..Default::default()
        };
        let sig = key.sign_hash_sync(&t.signature_hash()).unwrap();
        t.into_signed(sig).into()
    }

    /// Pipelined blocks (all candidates in, and some left out by the gas limit) and inline
    /// blocks store the same roots, bodies, receipts and indexes a plain recomputation gives.
    #[test]
    fn pipelined_and_inline_blocks_are_consistent() {
        let chain = Chain::open(
            Store::in_memory().unwrap(),
            ChainConfig {
                genesis: tao_chain::genesis::Genesis::dev(),
                authority_key: Some(tao_chain::genesis::dev_authority_key()),
                gas_limit: Some(21_000 * 100),
                pool: PoolConfig::default(),
                dev: true,
            },
        )
        .unwrap();
        chain.producer().set_mining_mode(MiningMode { automine: false, interval: None });
        let keys: Vec<PrivateKeySigner> = tao_chain::genesis::DEV_ACCOUNTS[..4]
            .iter()
            .map(|(_, k)| PrivateKeySigner::from_bytes(&k.parse::<B256>().unwrap()).unwrap())
            .collect();
        let mut nonces = [0u64; 4];
        let mut pool = |count: usize| {
            for i in 0..count {
                let k = i % keys.len();
                chain.pool().submit(transfer(&keys[k], nonces[k])).unwrap();
                nonces[k] += 1;
            }
        };
        // 150 candidates, room for 100: pipelined, speculation fails.
        pool(150);
        // Then the 50 left over: inline. Then 100 that all fit: pipelined, speculation holds.
        let mut sizes = vec![];
        for round in 0..3 {
            if round == 2 {
                pool(100);
            }
            let b = chain.producer().mine_block().unwrap();
            sizes.push(b.txs.len());
            let store = chain.store();
            let n = b.header.number();
            let body = store.body(n).unwrap().unwrap();
            let receipts = store.receipts(n).unwrap().unwrap();
            assert_eq!(body, b.txs);
            assert_eq!(receipts, b.receipts);
            let h = &b.header.header;
            assert_eq!(h.transactions_root, transactions_root(&body));
            assert_eq!((h.receipts_root, h.logs_bloom), receipts_root_and_bloom(&receipts));
            for (i, t) in body.iter().enumerate() {
                let loc = store.tx_location(t.hash).unwrap();
                assert_eq!(loc, Some(TxLocation { block: n, index: i as u32 }));
                assert!(chain.pool().pooled(&t.hash).is_none());
            }
            assert!(receipts.iter().all(|r| r.success));
        }
        assert_eq!(sizes, vec![100, 50, 100]);
        assert_eq!(chain.pool().status().unwrap(), (0, 0));
        assert!(!chain.pool().has_ready().unwrap());
    }
}
