//! State and block overrides of read-only calls (`eth_call` / `eth_estimateGas` third and
//! fourth parameters, geth's format): applied to the call's overlay and block parameters only,
//! never committed. Overrides of the native account's storage reach the Bittensor state, so a
//! call can be tried against a subnet state that does not exist on chain.

use super::{BlockParams, CallError};
use crate::db::Overlay;
use alloy::rpc::types::BlockOverrides;
use alloy::rpc::types::state::StateOverride;
use alloy_primitives::U256;
use tao_chain::state::StateView;

/// Applies `overrides` to `overlay`: balance, nonce, code, and either the whole storage
/// (`state`) or some slots (`stateDiff`). Both at once, or moving a precompile, is refused.
pub(crate) fn apply_state<V: StateView>(
    overlay: &mut Overlay<'_, V>,
    overrides: &StateOverride,
) -> Result<(), CallError> {
    for (addr, o) in overrides {
        if o.state.is_some() && o.state_diff.is_some() {
            return Err(CallError::Override(format!(
                "account {addr}: has both 'state' and 'stateDiff'"
            )));
        }
        if o.move_precompile_to.is_some() {
            return Err(CallError::Override(format!(
                "account {addr}: movePrecompileToAddress is not supported"
            )));
        }
        let db = |e| CallError::from(super::ExecError::Db(e));
        if o.balance.is_some() || o.nonce.is_some() {
            let mut info = overlay.account(*addr).map_err(db)?.unwrap_or_default();
            if let Some(b) = o.balance {
                info.balance = b;
            }
            if let Some(n) = o.nonce {
                info.nonce = n;
            }
            overlay.set_account(*addr, Some(info));
        }
        if let Some(code) = &o.code {
            overlay.set_code(*addr, code.clone()).map_err(db)?;
        }
        if let Some(state) = &o.state {
            overlay.clear_storage(*addr);
            for (slot, value) in state {
                overlay.set_storage(
                    *addr,
                    U256::from_be_bytes(slot.0),
                    U256::from_be_bytes(value.0),
                );
            }
        }
        if let Some(diff) = &o.state_diff {
            for (slot, value) in diff {
                overlay.set_storage(
                    *addr,
                    U256::from_be_bytes(slot.0),
                    U256::from_be_bytes(value.0),
                );
            }
        }
    }
    Ok(())
}

/// Applies block overrides (number, time, gas limit, coinbase, prevrandao, base fee) to the
/// call's block. Historical block hashes cannot be overridden.
pub(crate) fn apply_block(params: &mut BlockParams, o: &BlockOverrides) -> Result<(), CallError> {
    if o.block_hash.as_ref().is_some_and(|h| !h.is_empty()) {
        return Err(CallError::Override("blockHash overrides are not supported".into()));
    }
    if let Some(n) = o.number {
        params.number = u64::try_from(n)
            .map_err(|_| CallError::Override(format!("block number {n} too large")))?;
    }
    if let Some(t) = o.time {
        params.timestamp = t;
    }
    if let Some(g) = o.gas_limit {
        params.gas_limit = g;
    }
    if let Some(c) = o.coinbase {
        params.beneficiary = c;
    }
    if let Some(r) = o.random {
        params.prevrandao = r;
    }
    if let Some(f) = o.base_fee {
        params.base_fee =
            u64::try_from(f).map_err(|_| CallError::Override(format!("base fee {f} too large")))?;
    }
    Ok(())
}
