//! Traced read-only calls (`debug_traceCall`) with revm-inspectors' `TracingInspector`: geth's
//! default struct logger and its `callTracer`. Nothing is committed.

use super::call::{CallError, CallRequest, effective, outcome, prepare};
use super::{BlockParams, ExecConfig, block_env};
use crate::db::BlockHashes;
use alloy_rpc_types_trace::geth::{CallConfig, GethDefaultTracingOptions, GethTrace};
use precompiles::ChainPrecompiles;
use revm::context::Context;
use revm::{InspectEvm, MainBuilder, MainContext};
use revm_inspectors::tracing::{TracingInspector, TracingInspectorConfig};
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
    let config = match tracer {
        Tracer::StructLog(o) => TracingInspectorConfig::from_geth_config(o),
        Tracer::Call(o) => TracingInspectorConfig::from_geth_call_config(o),
    };
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
