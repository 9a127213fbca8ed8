//! Read-only execution: `eth_call`, `eth_estimateGas` and `eth_createAccessList` on the state
//! after a block.

use super::shared::Shared;
use crate::exec::{self, CallError, CallRequest};
use alloy_primitives::B256;
use alloy_rpc_types_trace::geth::GethTrace;
use revm::context_interface::result::ExecutionResult;
use std::sync::Arc;
use tao_chain::block::RecoveredTx;
use tao_chain::block::SealedHeader;
use tao_store::StoreStateView;

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
    ) -> Result<GethTrace, CallError> {
        let s = &self.shared;
        let h = self.header(at)?;
        let state = s.state_at(at)?;
        exec::trace_call(&s.exec, &s.call_params(&h), &state, &s.hashes(), req, tracer)
    }

    /// The inputs of a block replay: its parameters, the state after its parent, its body.
    fn replay_inputs(
        &self,
        block: u64,
    ) -> Result<(exec::BlockParams, StoreStateView, Vec<RecoveredTx>), CallError> {
        let s = &self.shared;
        let parent_number = block.checked_sub(1).ok_or(CallError::MissingBlock(block))?;
        let (h, parent) = (self.header(Some(block))?, self.header(Some(parent_number))?);
        let body = s.store.body(block)?.ok_or(CallError::MissingBlock(block))?;
        let params = exec::BlockParams {
            number: block,
            timestamp: h.header.timestamp,
            beneficiary: h.header.beneficiary,
            gas_limit: h.header.gas_limit,
            base_fee: h.header.base_fee_per_gas.unwrap_or(0),
            prevrandao: alloy_primitives::keccak256(parent.hash),
        };
        Ok((params, s.state_at(Some(parent_number))?, body))
    }

    /// `debug_traceTransaction`: replays block `block` up to its transaction `index` on the
    /// state after its parent and traces that transaction.
    pub fn trace_transaction(
        &self,
        block: u64,
        index: usize,
        tracer: &exec::Tracer,
    ) -> Result<GethTrace, CallError> {
        let s = &self.shared;
        let (params, state, body) = self.replay_inputs(block)?;
        exec::trace_transaction(&s.exec, &params, &state, &s.hashes(), &body, index, tracer)
    }

    /// `debug_traceBlockBy*`: every transaction of block `block` (none for genesis), traced.
    pub fn trace_block(
        &self,
        block: u64,
        tracer: &exec::Tracer,
    ) -> Result<Vec<(B256, GethTrace)>, CallError> {
        if block == 0 {
            return Ok(Vec::new());
        }
        let s = &self.shared;
        let (params, state, body) = self.replay_inputs(block)?;
        exec::trace_block(&s.exec, &params, &state, &s.hashes(), &body, tracer)
    }

    /// `eth_simulateV1` on the state after block `at` (`None` = head); returns the
    /// simulated blocks and the hash of the block they follow.
    pub fn simulate(
        &self,
        blocks: &[exec::SimBlockInput],
        at: Option<u64>,
    ) -> Result<(B256, Vec<exec::SimBlockOutput>), CallError> {
        let s = &self.shared;
        let h = self.header(at)?;
        let state = s.state_at(at)?;
        Ok((h.hash, exec::simulate(&s.exec, &s.call_params(&h), &state, &s.hashes(), blocks)?))
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
