//! Read-only calls on top of a block: `eth_call`, `eth_estimateGas` (binary search) and
//! `eth_createAccessList` (revm-inspectors' access-list inspector). Nothing is committed.

use super::{BlockParams, ExecConfig, ExecError, block_env};
use crate::db::{BlockHashes, Overlay};
use alloy::eips::eip2930::AccessList;
use alloy_primitives::{Address, Bytes, TxKind, U256};
use precompiles::ChainPrecompiles;
use revm::context::{Context, TxEnv};
use revm::context_interface::result::{EVMError, ExecutionResult, InvalidTransaction};
use revm::{ExecuteEvm, InspectEvm, MainBuilder, MainContext};
use revm_inspectors::access_list::AccessListInspector;
use tao_chain::state::StateView;

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
    /// State overrides (geth's format), applied to this call only.
    pub state_overrides: Option<alloy::rpc::types::state::StateOverride>,
    /// Block overrides (geth's format), applied to this call only.
    pub block_overrides: Option<alloy::rpc::types::BlockOverrides>,
}

/// Why a call could not run at all.
#[derive(Debug, thiserror::Error)]
pub enum CallError {
    /// The call is invalid (e.g. insufficient funds for value): the caller's fault.
    #[error("{0}")]
    Invalid(InvalidTransaction),
    /// A state or block override cannot be applied: the caller's fault.
    #[error("invalid override: {0}")]
    Override(String),
    /// Execution failed (not the caller's fault).
    #[error(transparent)]
    Exec(#[from] ExecError),
    /// The store failed (not the caller's fault).
    #[error(transparent)]
    Store(#[from] tao_store::StoreError),
    /// The block to call on is missing from the store (not the caller's fault).
    #[error("no block {0}")]
    MissingBlock(u64),
}

impl CallError {
    /// True if the request, not the node, is at fault.
    pub fn is_user_error(&self) -> bool {
        matches!(self, Self::Invalid(_) | Self::Override(_))
    }
}

/// The state overlay a call runs on (TAO kept at the sender's twin already swept in, state
/// overrides applied), the revm configuration and the transaction environment.
pub(super) fn prepare<'a, V: StateView>(
    cfg: &ExecConfig,
    params: &BlockParams,
    base: &'a V,
    hashes: &'a dyn BlockHashes,
    req: &CallRequest,
) -> Result<(Overlay<'a, V>, revm::context::CfgEnv, TxEnv), CallError> {
    let mut overlay = Overlay::new(base, hashes);
    if let Some(from) = req.from {
        crate::twins::sweep(&mut overlay, from).map_err(|e| CallError::from(ExecError::Db(e)))?;
    }
    if let Some(o) = &req.state_overrides {
        super::overrides::apply_state(&mut overlay, o)?;
    }
    let priced = req.gas_price.is_some() || req.max_fee_per_gas.is_some();
    Ok((overlay, call_cfg(cfg, params, priced), call_env(cfg, params, req)))
}

/// revm's configuration for calls: no nonce check, calls from contracts allowed, and no base
/// fee unless the call is `priced`.
pub(super) fn call_cfg(
    cfg: &ExecConfig,
    params: &BlockParams,
    priced: bool,
) -> revm::context::CfgEnv {
    let mut c = cfg.cfg(params.gas_limit);
    c.disable_nonce_check = true;
    // Like geth: a call may come from a contract address, and without a price it pays none.
    c.disable_eip3607 = true;
    if !priced {
        c.disable_base_fee = true;
    }
    c
}

/// The transaction environment of a call request.
pub(super) fn call_env(cfg: &ExecConfig, params: &BlockParams, req: &CallRequest) -> TxEnv {
    let (gas_price, priority, ty) = match (req.gas_price, req.max_fee_per_gas) {
        (Some(p), _) => (p, None, 0u8),
        (None, Some(m)) => (m, Some(req.max_priority_fee_per_gas.unwrap_or(0).min(m)), 2u8),
        (None, None) => (0, None, 0u8),
    };
    TxEnv {
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
    }
}

/// The block a call runs in: `params` with the request's block overrides.
pub(super) fn effective(params: &BlockParams, req: &CallRequest) -> Result<BlockParams, CallError> {
    let mut p = *params;
    if let Some(o) = &req.block_overrides {
        super::overrides::apply_block(&mut p, o)?;
    }
    Ok(p)
}

pub(super) fn outcome(
    r: Result<ExecutionResult, EVMError<crate::db::DbError>>,
) -> Result<ExecutionResult, CallError> {
    r.map_err(evm_error)
}

/// A call that revm refused: the caller's fault for an invalid transaction, else the node's.
pub(super) fn evm_error(e: EVMError<crate::db::DbError>) -> CallError {
    match e {
        EVMError::Transaction(e) => CallError::Invalid(e),
        e => ExecError::from_evm(e).into(),
    }
}

/// Run a call on top of `base` without committing anything.
pub fn call<V: StateView>(
    cfg: &ExecConfig,
    params: &BlockParams,
    base: &V,
    hashes: &dyn BlockHashes,
    req: &CallRequest,
) -> Result<ExecutionResult, CallError> {
    let params = &effective(params, req)?;
    let (overlay, c, env) = prepare(cfg, params, base, hashes, req)?;
    let mut evm = Context::mainnet()
        .with_db(overlay)
        .with_block(block_env(params))
        .with_cfg(c)
        .build_mainnet()
        .with_precompiles(ChainPrecompiles::new(super::SPEC, cfg.coinbase));
    outcome(evm.transact(env).map(|r| r.result))
}

/// `eth_createAccessList`: the accounts and slots a call touches.
#[derive(Debug, Clone)]
pub struct AccessListResult {
    /// The access list (sender, recipient and precompiles excluded, as geth does).
    pub access_list: AccessList,
    /// The gas the call uses with that access list.
    pub gas_used: u64,
    /// The call's failure with the list, if it fails (geth's `error` field).
    pub failure: Option<ExecutionResult>,
}

/// The access list of a call: run once under revm-inspectors' `AccessListInspector` (seeded
/// with the request's list), then again with the list found, for its gas.
pub fn create_access_list<V: StateView>(
    cfg: &ExecConfig,
    params: &BlockParams,
    base: &V,
    hashes: &dyn BlockHashes,
    req: &CallRequest,
) -> Result<AccessListResult, CallError> {
    let effective_params = effective(params, req)?;
    let (overlay, c, env) = prepare(cfg, &effective_params, base, hashes, req)?;
    let inspector = AccessListInspector::new(req.access_list.clone().unwrap_or_default());
    let mut evm = Context::mainnet()
        .with_db(overlay)
        .with_block(block_env(&effective_params))
        .with_cfg(c)
        .build_mainnet_with_inspector(inspector)
        .with_precompiles(ChainPrecompiles::new(super::SPEC, cfg.coinbase));
    outcome(evm.inspect_tx(env).map(|r| r.result))?;
    let access_list = evm.inspector.access_list();
    let mut with_list = req.clone();
    with_list.access_list = Some(access_list.clone());
    let result = call(cfg, params, base, hashes, &with_list)?;
    let gas_used = result.tx_gas_used();
    let failure = (!result.is_success()).then_some(result);
    Ok(AccessListResult { access_list, gas_used, failure })
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
    let cap_params = effective(params, req)?;
    let mut r = req.clone();
    let cap = req.gas.unwrap_or(cap_params.gas_limit).min(cap_params.gas_limit);
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
