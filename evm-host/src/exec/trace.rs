//! Traced calls (`debug_traceCall`) and replayed blocks (`debug_traceTransaction`,
//! `debug_traceBlockBy*`) with revm-inspectors' `TracingInspector`: geth's default struct
//! logger, `callTracer` and `prestateTracer` (with `diffMode`). Nothing is committed to the
//! chain. The Bittensor precompiles are call frames like any contract, and the native state
//! they change is storage of the native account, so it shows in the prestate diff.

use super::call::{CallError, CallRequest, effective, evm_error, prepare};
use super::{BlockParams, ExecConfig, ExecError, block_env};
use crate::db::{BlockHashes, DbError, Overlay};
use alloy_primitives::{Address, B256, U256};
use alloy_rpc_types_trace::geth::{
    CallConfig, GethDefaultTracingOptions, GethTrace, PreStateConfig,
};
use precompiles::ChainPrecompiles;
use revm::bytecode::Bytecode;
use revm::context::Context;
use revm::context::result::ResultAndState;
use revm::database_interface::{Database, DatabaseRef};
use revm::state::AccountInfo;
use revm::{ExecuteCommitEvm, InspectEvm, MainBuilder, MainContext};
use revm_inspectors::tracing::{GethTraceBuilder, TracingInspector, TracingInspectorConfig};
use std::cell::RefCell;
use tao_chain::block::RecoveredTx;
use tao_chain::state::StateView;

/// Which geth tracer to run.
#[derive(Debug, Clone)]
pub enum Tracer {
    /// The default struct logger (opcode steps).
    StructLog(GethDefaultTracingOptions),
    /// `callTracer`: the tree of call frames (`onlyTopCall`, `withLog`).
    Call(CallConfig),
    /// `prestateTracer`: the touched accounts before the transaction, or (`diffMode`) before
    /// and after.
    PreState(PreStateConfig),
}

/// Runs `req` on top of `base` under `tracer`; returns geth's trace output.
pub fn trace_call<V: StateView>(
    cfg: &ExecConfig,
    params: &BlockParams,
    base: &V,
    hashes: &dyn BlockHashes,
    req: &CallRequest,
    tracer: &Tracer,
) -> Result<GethTrace, CallError> {
    let params = effective(params, req)?;
    let (overlay, c, env) = prepare(cfg, &params, base, hashes, req)?;
    let config = inspector_config(tracer);
    let mut evm = Context::mainnet()
        .with_db(overlay)
        .with_block(block_env(&params))
        .with_cfg(c)
        .build_mainnet_with_inspector(TracingInspector::new(config))
        .with_precompiles(ChainPrecompiles::new(super::SPEC, cfg.coinbase));
    let r = run(evm.inspect_tx(env))?;
    let builder =
        std::mem::replace(&mut evm.inspector, TracingInspector::new(config)).into_geth_builder();
    frame(builder, &r, tracer, PreTx(RefCell::new(&mut evm.ctx.journaled_state.database)))
}

/// Replays block `params.number` on the state after its parent up to transaction `index`
/// (the begin-of-block step, then every earlier transaction, each after its twin sweep, as the
/// producer ran them) and traces that transaction under `tracer`.
pub fn trace_transaction<V: StateView>(
    cfg: &ExecConfig,
    params: &BlockParams,
    parent_state: &V,
    hashes: &dyn BlockHashes,
    txs: &[RecoveredTx],
    index: usize,
    tracer: &Tracer,
) -> Result<GethTrace, CallError> {
    let mut traces = replay(cfg, params, parent_state, hashes, txs, Some(index), tracer)?;
    traces.pop().map(|(_, t)| t).ok_or(CallError::MissingBlock(params.number))
}

/// Replays block `params.number` on the state after its parent and traces every transaction
/// (`debug_traceBlockByNumber` / `ByHash`); returns (hash, trace) in block order.
pub fn trace_block<V: StateView>(
    cfg: &ExecConfig,
    params: &BlockParams,
    parent_state: &V,
    hashes: &dyn BlockHashes,
    txs: &[RecoveredTx],
    tracer: &Tracer,
) -> Result<Vec<(B256, GethTrace)>, CallError> {
    replay(cfg, params, parent_state, hashes, txs, None, tracer)
}

/// The block's begin step, then its transactions in order: those before `only` executed
/// without inspection, the traced ones (`only`, or all) under a fresh inspector each; every
/// executed transaction is committed to the replay's state before the next.
fn replay<V: StateView>(
    cfg: &ExecConfig,
    params: &BlockParams,
    parent_state: &V,
    hashes: &dyn BlockHashes,
    txs: &[RecoveredTx],
    only: Option<usize>,
    tracer: &Tracer,
) -> Result<Vec<(B256, GethTrace)>, CallError> {
    let config = inspector_config(tracer);
    let mut evm = Context::mainnet()
        .with_db(Overlay::new(parent_state, hashes))
        .with_block(block_env(params))
        .with_cfg(cfg.cfg(params.gas_limit))
        .build_mainnet_with_inspector(TracingInspector::new(config))
        .with_precompiles(ChainPrecompiles::new(super::SPEC, cfg.coinbase));
    super::system_step(&mut evm, precompiles::block_step::begin_calldata(params.beneficiary))?;
    let db = |e| CallError::from(ExecError::Db(e));
    let mut out = Vec::new();
    for (i, t) in txs.iter().enumerate() {
        crate::twins::sweep(&mut evm.ctx.journaled_state.database, t.sender).map_err(db)?;
        match only {
            Some(k) if i < k => {
                evm.transact_commit(super::tx_env(t)).map_err(ExecError::from_evm)?;
                continue;
            }
            Some(k) if i > k => break,
            _ => {}
        }
        evm.inspector = TracingInspector::new(config);
        let r = run(evm.inspect_tx(super::tx_env(t)))?;
        let builder = std::mem::replace(&mut evm.inspector, TracingInspector::new(config))
            .into_geth_builder();
        let pre = PreTx(RefCell::new(&mut evm.ctx.journaled_state.database));
        out.push((t.hash, frame(builder, &r, tracer, pre)?));
        evm.commit(r.state);
    }
    Ok(out)
}

fn run(
    r: Result<ResultAndState, revm::context_interface::result::EVMError<DbError>>,
) -> Result<ResultAndState, CallError> {
    r.map_err(evm_error)
}

fn inspector_config(tracer: &Tracer) -> TracingInspectorConfig {
    match tracer {
        Tracer::StructLog(o) => TracingInspectorConfig::from_geth_config(o),
        Tracer::Call(o) => TracingInspectorConfig::from_geth_call_config(o),
        Tracer::PreState(o) => TracingInspectorConfig::from_geth_prestate_config(o),
    }
}

/// geth's output of `tracer` for one executed transaction; `pre` reads the state before it.
fn frame(
    builder: GethTraceBuilder<'static>,
    r: &ResultAndState,
    tracer: &Tracer,
    pre: impl DatabaseRef<Error = DbError>,
) -> Result<GethTrace, CallError> {
    let gas_used = r.result.tx_gas_used();
    Ok(match tracer {
        Tracer::StructLog(o) => {
            let output = r.result.output().cloned().unwrap_or_default();
            builder.geth_traces(gas_used, output, *o).into()
        }
        Tracer::Call(o) => builder.geth_call_traces(*o, gas_used).into(),
        Tracer::PreState(o) => builder
            .geth_prestate_traces(r, o, pre)
            .map_err(|e| CallError::from(ExecError::Db(e)))?
            .into(),
    })
}

/// The state before a transaction, as revm-inspectors reads it: the replay's overlay, which
/// holds what the earlier transactions committed (the traced one is not committed yet).
struct PreTx<'o, D>(RefCell<&'o mut D>);

impl<D: Database<Error = DbError>> DatabaseRef for PreTx<'_, D> {
    type Error = DbError;
    fn basic_ref(&self, address: Address) -> Result<Option<AccountInfo>, DbError> {
        self.0.borrow_mut().basic(address)
    }
    fn code_by_hash_ref(&self, code_hash: B256) -> Result<Bytecode, DbError> {
        self.0.borrow_mut().code_by_hash(code_hash)
    }
    fn storage_ref(&self, address: Address, index: U256) -> Result<U256, DbError> {
        self.0.borrow_mut().storage(address, index)
    }
    fn block_hash_ref(&self, number: u64) -> Result<B256, DbError> {
        self.0.borrow_mut().block_hash(number)
    }
}
