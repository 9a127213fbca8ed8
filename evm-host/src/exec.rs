//! Transaction execution with revm: block building (every candidate transaction executed in
//! order against one overlay, producing receipts and one state diff) and read-only calls
//! (`eth_call`, `eth_estimateGas`).

use crate::db::{BlockHashes, DbError, Overlay};
use alloy::consensus::Transaction as _;
use alloy::eips::Typed2718 as _;
use alloy::eips::eip1559::{BaseFeeParams, calc_next_block_base_fee};
use alloy_primitives::{Address, B256, Bytes, TxKind, U256};
use chain_core::block::{RecoveredTx, StoredReceipt};
use chain_core::native::coinbase::CoinbaseConfig;
use chain_core::state::{StateChanges, StateView};
use precompiles::ChainPrecompiles;
use revm::context::{BlockEnv, CfgEnv, Context, TxEnv};
use revm::context_interface::result::{EVMError, ExecutionResult, InvalidTransaction, Output};
use revm::database_interface::DatabaseCommit;
use revm::handler::SystemCallEvm;
use revm::primitives::hardfork::SpecId;
use revm::{ExecuteCommitEvm, ExecuteEvm, MainBuilder, MainContext};

/// The EVM rules the chain runs: Osaka, with the per-transaction gas cap set to the block gas
/// limit (instead of Osaka's 2^24) so that large deployments fit as on other dev chains.
pub const SPEC: SpecId = SpecId::OSAKA;

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
    /// It can never be included (nonce already used, invalid for this chain): drop it.
    Drop(String),
    /// Not now (gas left in the block, nonce gap, funds): keep it in the pool.
    Later(String),
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
    /// revm reported an internal error.
    #[error("evm: {0}")]
    Evm(String),
    /// The block step (coinbase, epochs) failed: a bug, the block is not produced.
    #[error("block step failed: {0}")]
    BlockStep(String),
}

fn classify(e: &InvalidTransaction) -> Skip {
    match e {
        InvalidTransaction::NonceTooLow { .. }
        | InvalidTransaction::InvalidChainId
        | InvalidTransaction::MissingChainId
        | InvalidTransaction::PriorityFeeGreaterThanMaxFee
        | InvalidTransaction::CallGasCostMoreThanGasLimit { .. }
        | InvalidTransaction::GasFloorMoreThanGasLimit { .. }
        | InvalidTransaction::RejectCallerWithCode
        | InvalidTransaction::CreateInitCodeSizeLimit
        | InvalidTransaction::NonceOverflowInTransaction => Skip::Drop(e.to_string()),
        _ => Skip::Later(e.to_string()),
    }
}

/// Execute `candidates` in order on top of `base` into a new block. Transactions that do not
/// fit or are not valid now are skipped (never included half-way); a sender whose transaction
/// was skipped has its later transactions skipped too, so nonces stay contiguous.
pub fn execute_block<V: StateView>(
    cfg: &ExecConfig,
    params: &BlockParams,
    base: &V,
    hashes: &dyn BlockHashes,
    candidates: Vec<RecoveredTx>,
) -> Result<BlockOutcome, ExecError> {
    let overlay = Overlay::new(base, hashes);
    let mut evm = Context::mainnet()
        .with_db(overlay)
        .with_block(block_env(params))
        .with_cfg(cfg.cfg(params.gas_limit))
        .build_mainnet()
        .with_precompiles(ChainPrecompiles::new(SPEC, cfg.coinbase));
    let mut out = BlockOutcome::default();
    let mut blocked: std::collections::HashSet<Address> = Default::default();
    for t in candidates.into_iter().take(MAX_TXS_PER_BLOCK) {
        if blocked.contains(&t.sender) {
            out.skipped.push((t, Skip::Later("earlier nonce not included".into())));
            continue;
        }
        let gas_limit = t.tx.gas_limit();
        if gas_limit > params.gas_limit - out.gas_used {
            blocked.insert(t.sender);
            out.skipped.push((t, Skip::Later("block gas limit reached".into())));
            continue;
        }
        let env = tx_env(&t);
        match evm.transact_commit(env) {
            Ok(res) => {
                let gas_used = res.tx_gas_used();
                out.gas_used += gas_used;
                out.receipts.push(receipt(&t, &res, out.gas_used, params.base_fee));
                out.included.push(t);
            }
            Err(EVMError::Transaction(e)) => {
                blocked.insert(t.sender);
                let s = classify(&e);
                out.skipped.push((t, s));
            }
            Err(EVMError::Database(e)) => return Err(ExecError::Db(e)),
            Err(e) => return Err(ExecError::Evm(e.to_string())),
        }
    }
    // The block step (fee recycling, coinbase, epochs) as a system call on the same state.
    let burned = U256::from(out.gas_used) * U256::from(params.base_fee);
    match evm.system_call_one_with_caller(
        precompiles::block_step::SYSTEM_CALLER,
        precompiles::BLOCK_STEP,
        precompiles::block_step::calldata(burned),
    ) {
        Ok(res) if res.is_success() => {
            let state = evm.finalize();
            evm.ctx.journaled_state.database.commit(state);
        }
        Ok(res) => {
            let _ = evm.finalize();
            return Err(ExecError::BlockStep(format!("{res:?}")));
        }
        Err(e) => return Err(ExecError::BlockStep(e.to_string())),
    }
    out.changes = evm.ctx.journaled_state.database.changes();
    Ok(out)
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

fn receipt(
    t: &RecoveredTx,
    res: &ExecutionResult,
    cumulative: u64,
    base_fee: u64,
) -> StoredReceipt {
    let contract_address = match res {
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
        logs: res.logs().to_vec(),
    }
}

/// A read-only call (`eth_call`, `eth_estimateGas`).
#[derive(Debug, Clone, Default)]
pub struct CallRequest {
    /// Sender (zero address if absent).
    pub from: Option<Address>,
    /// Recipient; `None` = create.
    pub to: Option<Address>,
    /// Gas limit; the block gas limit if absent.
    pub gas: Option<u64>,
    /// Legacy gas price.
    pub gas_price: Option<u128>,
    /// EIP-1559 max fee.
    pub max_fee_per_gas: Option<u128>,
    /// EIP-1559 tip.
    pub max_priority_fee_per_gas: Option<u128>,
    /// Value in wei.
    pub value: Option<U256>,
    /// Calldata.
    pub input: Bytes,
    /// Access list.
    pub access_list: Option<alloy::eips::eip2930::AccessList>,
}

/// Why a call could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The call is invalid (e.g. insufficient funds for value).
    #[error("{0}")]
    Invalid(String),
    /// Internal failure.
    #[error(transparent)]
    Exec(#[from] ExecError),
}

/// Run a call on top of `base` without committing anything.
pub fn call<V: StateView>(
    cfg: &ExecConfig,
    params: &BlockParams,
    base: &V,
    hashes: &dyn BlockHashes,
    req: &CallRequest,
) -> Result<ExecutionResult, CallError> {
    let overlay = Overlay::new(base, hashes);
    let priced = req.gas_price.is_some() || req.max_fee_per_gas.is_some();
    let mut c = cfg.cfg(params.gas_limit);
    c.disable_nonce_check = true;
    // Like geth: a call may come from a contract address, and without a price it pays none.
    c.disable_eip3607 = true;
    if !priced {
        c.disable_base_fee = true;
    }
    let mut evm = Context::mainnet()
        .with_db(overlay)
        .with_block(block_env(params))
        .with_cfg(c)
        .build_mainnet()
        .with_precompiles(ChainPrecompiles::new(SPEC, cfg.coinbase));
    let (gas_price, priority, ty) = match (req.gas_price, req.max_fee_per_gas) {
        (Some(p), _) => (p, None, 0u8),
        (None, Some(m)) => (m, Some(req.max_priority_fee_per_gas.unwrap_or(0).min(m)), 2u8),
        (None, None) => (0, None, 0u8),
    };
    let env = TxEnv {
        tx_type: if req.access_list.is_some() && ty == 0 { 1 } else { ty },
        caller: req.from.unwrap_or_default(),
        gas_limit: req.gas.unwrap_or(params.gas_limit).min(params.gas_limit),
        gas_price,
        gas_priority_fee: priority,
        kind: req.to.map(TxKind::Call).unwrap_or(TxKind::Create),
        value: req.value.unwrap_or_default(),
        data: req.input.clone(),
        nonce: 0,
        chain_id: Some(cfg.chain_id),
        access_list: req.access_list.clone().unwrap_or_default(),
        ..Default::default()
    };
    match evm.transact(env) {
        Ok(r) => Ok(r.result),
        Err(EVMError::Transaction(e)) => Err(CallError::Invalid(e.to_string())),
        Err(EVMError::Database(e)) => Err(ExecError::Db(e).into()),
        Err(e) => Err(ExecError::Evm(e.to_string()).into()),
    }
}

/// Estimate the gas a call needs: the smallest limit (found by binary search) at which it
/// succeeds. A call that fails at the block gas limit returns that failure.
pub fn estimate_gas<V: StateView>(
    cfg: &ExecConfig,
    params: &BlockParams,
    base: &V,
    hashes: &dyn BlockHashes,
    req: &CallRequest,
) -> Result<Result<u64, ExecutionResult>, CallError> {
    let mut r = req.clone();
    let cap = req.gas.unwrap_or(params.gas_limit).min(params.gas_limit);
    r.gas = Some(cap);
    let first = call(cfg, params, base, hashes, &r)?;
    if !first.is_success() {
        return Ok(Err(first));
    }
    let used = first.tx_gas_used();
    // Most calls succeed with what they used plus the 1/64 retained by CALL; try that first.
    let guess = (used + used / 63 + 2_300).min(cap);
    r.gas = Some(used);
    if call(cfg, params, base, hashes, &r)?.is_success() {
        return Ok(Ok(used));
    }
    let (mut lo, mut hi) = (used, cap);
    r.gas = Some(guess);
    if call(cfg, params, base, hashes, &r)?.is_success() {
        hi = guess;
    } else {
        lo = guess;
    }
    // Bounded: at most 64 halvings of a u64 range.
    for _ in 0..64 {
        if hi - lo <= 1 {
            break;
        }
        let mid = lo + (hi - lo) / 2;
        r.gas = Some(mid);
        if call(cfg, params, base, hashes, &r)?.is_success() {
            hi = mid;
        } else {
            lo = mid;
        }
    }
    Ok(Ok(hi))
}
