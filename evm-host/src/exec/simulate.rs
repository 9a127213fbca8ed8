//! `eth_simulateV1` without validation: blocks of calls on top of a block, each block with its
//! own state and block overrides, every call committed to the simulation's state before the
//! next (so the second call of a bundle sees the first one's writes). Nothing reaches the chain.

use super::call::{CallError, CallRequest, call_cfg, call_env, evm_error};
use super::overrides::{apply_block, apply_state};
use super::{BlockParams, ExecConfig, block_env};
use crate::db::{BlockHashes, Overlay};
use alloy::rpc::types::BlockOverrides;
use alloy::rpc::types::state::StateOverride;
use precompiles::ChainPrecompiles;
use revm::context::Context;
use revm::context_interface::result::ExecutionResult;
use revm::{ExecuteCommitEvm, MainBuilder, MainContext};
use tao_chain::state::StateView;

/// Most simulated blocks per request.
pub const MAX_SIM_BLOCKS: usize = 256;
/// Most calls per request, all blocks together.
pub const MAX_SIM_CALLS: usize = 1_000;

/// One simulated block: overrides, then calls in order.
#[derive(Debug, Clone, Default)]
pub struct SimBlockInput {
    /// Block overrides (number, time, gas limit, coinbase, prevrandao, base fee).
    pub block_overrides: Option<BlockOverrides>,
    /// State overrides applied before the block's calls.
    pub state_overrides: Option<StateOverride>,
    /// The calls.
    pub calls: Vec<CallRequest>,
}

/// A simulated block: its parameters and each call's execution result.
#[derive(Debug, Clone)]
pub struct SimBlockOutput {
    /// Number, timestamp, author, gas limit, base fee.
    pub params: BlockParams,
    /// One result per call, in order.
    pub results: Vec<ExecutionResult>,
}

/// Runs `blocks` on the state after the block `params` follows. Block `i` is number
/// `params.number + i` and one second after the previous one unless overridden; each call's
/// gas defaults to what is left of the block's gas limit. A call revm refuses (e.g. value above
/// the sender's balance) fails the whole request, as geth's does.
pub fn simulate<V: StateView>(
    cfg: &ExecConfig,
    params: &BlockParams,
    base: &V,
    hashes: &dyn BlockHashes,
    blocks: &[SimBlockInput],
) -> Result<Vec<SimBlockOutput>, CallError> {
    let calls: usize = blocks.iter().map(|b| b.calls.len()).sum();
    if blocks.len() > MAX_SIM_BLOCKS || calls > MAX_SIM_CALLS {
        return Err(CallError::Override(format!(
            "too large: at most {MAX_SIM_BLOCKS} blocks and {MAX_SIM_CALLS} calls"
        )));
    }
    let mut evm = Context::mainnet()
        .with_db(Overlay::new(base, hashes))
        .with_block(block_env(params))
        .with_cfg(call_cfg(cfg, params, false))
        .build_mainnet()
        .with_precompiles(ChainPrecompiles::new(super::SPEC, cfg.coinbase));
    let mut out = Vec::with_capacity(blocks.len());
    let mut prev: Option<BlockParams> = None;
    for b in blocks {
        let mut p = match prev {
            None => *params,
            Some(prev) => BlockParams {
                number: prev.number.saturating_add(1),
                timestamp: prev.timestamp.saturating_add(1),
                ..prev
            },
        };
        if let Some(o) = &b.block_overrides {
            apply_block(&mut p, o)?;
        }
        if prev.is_some_and(|q| p.number <= q.number || p.timestamp < q.timestamp) {
            return Err(CallError::Override(format!(
                "block {} must follow the previous simulated block in number and time",
                p.number
            )));
        }
        evm.ctx.block = block_env(&p);
        evm.ctx.cfg = call_cfg(cfg, &p, false);
        if let Some(o) = &b.state_overrides {
            apply_state(&mut evm.ctx.journaled_state.database, o)?;
        }
        let mut used = 0u64;
        let mut results = Vec::with_capacity(b.calls.len());
        for c in &b.calls {
            let mut c = c.clone();
            let left = p.gas_limit.saturating_sub(used);
            c.gas = Some(c.gas.unwrap_or(left).min(left));
            if let Some(from) = c.from {
                crate::twins::sweep(&mut evm.ctx.journaled_state.database, from)
                    .map_err(|e| CallError::from(super::ExecError::Db(e)))?;
            }
            let r = evm.transact_commit(call_env(cfg, &p, &c)).map_err(evm_error)?;
            used = used.saturating_add(r.tx_gas_used());
            results.push(r);
        }
        out.push(SimBlockOutput { params: p, results });
        prev = Some(p);
    }
    Ok(out)
}
