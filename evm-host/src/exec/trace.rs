//! Traced calls (`debug_traceCall`) and replayed transactions (`debug_traceTransaction`) with revm-inspectors' `TracingInspector`: geth's
//! default struct logger and its `callTracer`. Nothing is committed.

use super::call::{CallError, CallRequest, effective, outcome, prepare};
use super::{BlockParams, ExecConfig, ExecError, block_env};
use crate::db::{BlockHashes, Overlay};
use alloy_primitives::B256;
use alloy_rpc_types_trace::geth::{CallConfig, GethDefaultTracingOptions, GethTrace};
use precompiles::ChainPrecompiles;
use revm::context::Context;
use revm::context_interface::result::ExecutionResult;
use revm::{ExecuteCommitEvm, InspectCommitEvm, InspectEvm, MainBuilder, MainContext};
use revm_inspectors::tracing::{GethTraceBuilder, TracingInspector, TracingInspectorConfig};
use tao_chain::block::RecoveredTx;
use tao_chain::state::StateView;

/// Which geth tracer to run.
#[derive(Debug, Clone)]
pub enum Tracer {
    /// The default struct logger (opcode steps).
    StructLog(GethDefaultTracingOptions),
    /// `callTracer`: the tree of call frames (`onlyTopCall`, `withLog`).
    Call(CallConfig),
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
    let result = outcome(evm.inspect_tx(env).map(|r| r.result))?;
    let gas_used = result.tx_gas_used();
    let builder =
        std::mem::replace(&mut evm.inspector, TracingInspector::new(config)).into_geth_builder();
    Ok(match tracer {
        Tracer::StructLog(o) => {
            let output = result.output().cloned().unwrap_or_default();
            builder.geth_traces(gas_used, output, *o).into()
        }
        Tracer::Call(o) => builder.geth_call_traces(*o, gas_used).into(),
    })
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
/// without inspection, the traced ones (`only`, or all) under a fresh inspector each.
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
        let result = outcome(evm.inspect_tx_commit(super::tx_env(t)))?;
        let builder = std::mem::replace(&mut evm.inspector, TracingInspector::new(config))
            .into_geth_builder();
        out.push((t.hash, frame(builder, &result, tracer)));
    }
    Ok(out)
}

fn inspector_config(tracer: &Tracer) -> TracingInspectorConfig {
    match tracer {
        Tracer::StructLog(o) => TracingInspectorConfig::from_geth_config(o),
        Tracer::Call(o) => TracingInspectorConfig::from_geth_call_config(o),
    }
}

fn frame(
    builder: GethTraceBuilder<'static>,
    result: &ExecutionResult,
    tracer: &Tracer,
) -> GethTrace {
    let gas_used = result.tx_gas_used();
    match tracer {
        Tracer::StructLog(o) => {
            let output = result.output().cloned().unwrap_or_default();
            builder.geth_traces(gas_used, output, *o).into()
        }
        Tracer::Call(o) => builder.geth_call_traces(*o, gas_used).into(),
    }
}
