//! The `debug_` namespace: `debug_traceCall`, `debug_traceTransaction` and
//! `debug_traceBlockBy*` with geth's default struct logger, its `callTracer` and its
//! `prestateTracer`, run by revm-inspectors over the chain's own EVM (the Bittensor precompiles
//! appear as call frames to their addresses, decoded in `callTracer` output, the native state they change as storage of the
//! native account 0x…0b00). Other tracers are refused with -32602.
//!
//! Served only with `--dev` (-32601 otherwise): a struct-logger trace of a long call holds
//! every step (with its stack) in memory, and nothing bounds that yet on a public node.

use super::eth::call_request;
use super::{RpcCtx, RpcError, RpcResult};
use crate::exec::Tracer;
use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::rpc::types::TransactionRequest;
use alloy_primitives::B256;
use alloy_rpc_types_trace::geth::{
    GethDebugBuiltInTracerType, GethDebugTracerType, GethDebugTracingCallOptions,
    GethDebugTracingOptions, GethTrace, TraceResult,
};
use jsonrpsee::core::RpcResult as WireResult;
use taochain_rpc_api::DebugApiServer;

/// The tracer a request asks for.
fn tracer_of(t: &GethDebugTracingOptions) -> RpcResult<Tracer> {
    match &t.tracer {
        None => Ok(Tracer::StructLog(t.config)),
        Some(GethDebugTracerType::BuiltInTracer(GethDebugBuiltInTracerType::CallTracer)) => {
            let config =
                t.tracer_config.clone().into_call_config().map_err(|e| {
                    RpcError::invalid_params(format!("invalid callTracer config: {e}"))
                })?;
            Ok(Tracer::Call(config))
        }
        Some(GethDebugTracerType::BuiltInTracer(GethDebugBuiltInTracerType::PreStateTracer)) => {
            let config = t.tracer_config.clone().into_pre_state_config().map_err(|e| {
                RpcError::invalid_params(format!("invalid prestateTracer config: {e}"))
            })?;
            Ok(Tracer::PreState(config))
        }
        Some(other) => Err(RpcError::invalid_params(format!(
            "tracer {other:?} is not supported: use the default struct logger, callTracer or \
             prestateTracer"
        ))),
    }
}

/// `callTracer` frames get the decoded precompile calls (see [`super::decode`]); other
/// tracers' output is returned as revm-inspectors builds it.
fn decorate(trace: GethTrace) -> RpcResult<GethTrace> {
    match trace {
        GethTrace::CallTracer(frame) => {
            let mut v = serde_json::to_value(frame)?;
            super::decode::Decoder::new().annotate(&mut v);
            Ok(GethTrace::JS(v))
        }
        other => Ok(other),
    }
}

impl DebugApiServer for RpcCtx {
    fn trace_call(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        options: Option<GethDebugTracingCallOptions>,
    ) -> WireResult<GethTrace> {
        let run = || -> RpcResult<GethTrace> {
            self.require_dev()?;
            let opts = options.unwrap_or_default();
            let tracer = tracer_of(&opts.tracing_options)?;
            let mut req = call_request(&request);
            req.state_overrides = opts.state_overrides;
            req.block_overrides = opts.block_overrides;
            let n = self.state_block(block)?;
            decorate(self.chain.calls().trace_call(&req, n, &tracer)?)
        };
        Ok(run()?)
    }

    fn trace_transaction(
        &self,
        hash: B256,
        options: Option<GethDebugTracingOptions>,
    ) -> WireResult<GethTrace> {
        let run = || -> RpcResult<GethTrace> {
            self.require_dev()?;
            let tracer = tracer_of(&options.unwrap_or_default())?;
            let loc = self.chain.store().tx_location(hash)?.ok_or(RpcError::TxNotFound(hash))?;
            decorate(self.chain.calls().trace_transaction(
                loc.block,
                loc.index as usize,
                &tracer,
            )?)
        };
        Ok(run()?)
    }

    fn trace_block_by_number(
        &self,
        block: BlockNumberOrTag,
        options: Option<GethDebugTracingOptions>,
    ) -> WireResult<Vec<TraceResult>> {
        let run = || -> RpcResult<Vec<TraceResult>> {
            let n = match self.state_block(Some(BlockId::Number(block)))? {
                Some(n) => n,
                None => self.chain.head().number(),
            };
            self.trace_block(n, options)
        };
        Ok(run()?)
    }

    fn trace_block_by_hash(
        &self,
        hash: B256,
        options: Option<GethDebugTracingOptions>,
    ) -> WireResult<Vec<TraceResult>> {
        let run = || -> RpcResult<Vec<TraceResult>> {
            let n = self.number_of(hash)?.ok_or(RpcError::BlockNotFound(hash))?;
            self.trace_block(n, options)
        };
        Ok(run()?)
    }
}

impl RpcCtx {
    fn trace_block(
        &self,
        n: u64,
        options: Option<GethDebugTracingOptions>,
    ) -> RpcResult<Vec<TraceResult>> {
        self.require_dev()?;
        let tracer = tracer_of(&options.unwrap_or_default())?;
        let traces = self.chain.calls().trace_block(n, &tracer)?;
        traces
            .into_iter()
            .map(|(hash, t)| Ok(TraceResult::Success { result: decorate(t)?, tx_hash: Some(hash) }))
            .collect()
    }
}
