//! The `tao_` reads of ink! contracts: a contract's code hash, a storage item, and a dry run of
//! the bridge's `call` (the same EVM call a transaction to 0xa00 makes, committed nowhere).

use super::{RpcCtx, RpcError, RpcResult};
use crate::exec::CallRequest;
use crate::twins::ViewNative;
use alloy::eips::BlockId;
use alloy::sol_types::{SolCall, SolError, SolEvent};
use alloy_primitives::{Address, B256, Bytes, U256};
use contracts::IWasm;
use revm::context_interface::result::ExecutionResult;
use serde_json::{Value, json};
use wasm_host::{AccountId32, NativeWasmState, WasmState};

fn state_at(
    c: &RpcCtx,
    at: Option<BlockId>,
) -> RpcResult<NativeWasmState<ViewNative<tao_store::StoreStateView>>> {
    let n = c.state_block(at)?;
    let block = n.unwrap_or_else(|| c.chain.head().number());
    Ok(NativeWasmState::new(ViewNative { view: c.chain.state_at(n)?, block }))
}

fn checked<T, N>(s: &NativeWasmState<N>, v: T) -> RpcResult<T>
where
    N: tao_runtime::NativeStore,
{
    match s.error() {
        Some(e) => Err(RpcError::from(e)),
        None => Ok(v),
    }
}

/// `tao_wasmCodeHash`.
pub(super) fn code_hash(c: &RpcCtx, account: B256, at: Option<BlockId>) -> RpcResult<Option<B256>> {
    let s = state_at(c, at)?;
    let h = s.contract(&AccountId32(account.0)).map(B256::from);
    checked(&s, h)
}

/// `tao_wasmStorage`: `key` as the contract passes it to `seal1.get_storage`.
pub(super) fn storage(
    c: &RpcCtx,
    account: B256,
    key: &[u8],
    at: Option<BlockId>,
) -> RpcResult<Option<Bytes>> {
    let s = state_at(c, at)?;
    let trie_key = wasm_host::code::var_storage_key(key);
    let v = s.storage(&AccountId32(account.0), &trie_key).map(Bytes::from);
    checked(&s, v)
}

/// `tao_wasmDryRun`.
pub(super) fn dry_run(
    c: &RpcCtx,
    from: Address,
    account: B256,
    input: Bytes,
    value: Option<U256>,
    at: Option<BlockId>,
) -> RpcResult<Value> {
    let data = IWasm::callCall { account, input, gasLimit: 0 }.abi_encode();
    let req = CallRequest {
        from: Some(from),
        to: Some(contracts::wasm::ADDRESS),
        value,
        input: data.into(),
        ..CallRequest::default()
    };
    let n = c.state_block(at)?;
    let result = c.chain.calls().call(&req, n)?;
    Ok(match result {
        ExecutionResult::Success { output, logs, gas, .. } => {
            let gas_used = gas.tx_gas_used();
            let out = IWasm::callCall::abi_decode_returns(output.data()).unwrap_or_default();
            let events: Vec<Value> = logs
                .iter()
                .filter(|l| l.address == contracts::wasm::ADDRESS)
                .filter_map(|l| IWasm::ContractEmitted::decode_log_data(&l.data).ok())
                .map(|e| json!({ "account": e.account, "topics": e.topics, "data": e.data }))
                .collect();
            json!({ "output": out, "reverted": false, "error": Value::Null, "gas_used": gas_used, "events": events })
        }
        ExecutionResult::Revert { output, gas, .. } => {
            let gas_used = gas.tx_gas_used();
            let reason = alloy::sol_types::Revert::abi_decode(&output).ok().map(|r| r.reason);
            match reason {
                Some(r) => {
                    json!({ "output": Bytes::new(), "reverted": false, "error": r, "gas_used": gas_used, "events": [] })
                }
                None => {
                    json!({ "output": output, "reverted": true, "error": Value::Null, "gas_used": gas_used, "events": [] })
                }
            }
        }
        ExecutionResult::Halt { reason, gas, .. } => {
            let gas_used = gas.tx_gas_used();
            json!({ "output": Bytes::new(), "reverted": false, "error": format!("{reason:?}"), "gas_used": gas_used, "events": [] })
        }
    })
}
