//! Read-only execution: `eth_call`, `eth_estimateGas` and `eth_createAccessList` on the state
//! after a block.

use super::shared::Shared;
use crate::exec::{self, CallError, CallRequest};
use revm::context_interface::result::ExecutionResult;
use std::sync::Arc;
use tao_chain::block::SealedHeader;

/// Runs calls against stored state; never writes.
pub struct Calls {
    shared: Arc<Shared>,
}

impl Calls {
    pub(crate) fn new(shared: Arc<Shared>) -> Self {
        Self { shared }
    }

    /// The header of block `at` (`None` = head).
    fn header(&self, at: Option<u64>) -> Result<SealedHeader, CallError> {
        match at {
            None => Ok(self.shared.head()),
            Some(n) => self.shared.store.header(n)?.ok_or(CallError::MissingBlock(n)),
        }
    }

    /// `eth_call` on the state after block `at` (`None` = head).
    pub fn call(&self, req: &CallRequest, at: Option<u64>) -> Result<ExecutionResult, CallError> {
        let s = &self.shared;
        let h = self.header(at)?;
        let state = s.state_at(at)?;
        exec::call(&s.exec, &s.call_params(&h), &state, &s.hashes(), req)
    }

    /// `eth_createAccessList` on the state after block `at` (`None` = head).
    pub fn create_access_list(
        &self,
        req: &CallRequest,
        at: Option<u64>,
    ) -> Result<exec::AccessListResult, CallError> {
        let s = &self.shared;
        let h = self.header(at)?;
        let state = s.state_at(at)?;
        exec::create_access_list(&s.exec, &s.call_params(&h), &state, &s.hashes(), req)
    }

    /// `debug_traceCall` on the state after block `at` (`None` = head).
    pub fn trace_call(
        &self,
        req: &CallRequest,
        at: Option<u64>,
        tracer: &exec::Tracer,
    ) -> Result<alloy_rpc_types_trace::geth::GethTrace, CallError> {
        let s = &self.shared;
        let h = self.header(at)?;
        let state = s.state_at(at)?;
        exec::trace_call(&s.exec, &s.call_params(&h), &state, &s.hashes(), req, tracer)
    }

    /// `eth_estimateGas` on the state after block `at`: the gas, or the failed execution.
    pub fn estimate_gas(
        &self,
        req: &CallRequest,
        at: Option<u64>,
    ) -> Result<Result<u64, ExecutionResult>, CallError> {
        let s = &self.shared;
        let h = self.header(at)?;
        let state = s.state_at(at)?;
        exec::estimate_gas(&s.exec, &s.call_params(&h), &state, &s.hashes(), req)
    }
}
