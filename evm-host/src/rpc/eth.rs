//! `eth_` (blocks, transactions, state, calls, sending), `net_`, `web3_` and `txpool_`.

use super::convert;
use super::{RpcCtx, RpcError, RpcResult};
use crate::exec::CallRequest;
use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::rpc::types::state::StateOverride;
use alloy::rpc::types::{BlockOverrides, Filter, Log, TransactionRequest};
use alloy::signers::{SignerSync, local::PrivateKeySigner};
use alloy_primitives::{Address, B256, Bytes, Signature, TxKind, U64, U128, U256};
use jsonrpsee::core::{RpcResult as WireResult, SubscriptionResult};
use jsonrpsee::{Extensions, PendingSubscriptionSink};
use revm::context_interface::result::ExecutionResult;
use serde_json::Value;
use tao_chain::state::StateView;
use taochain_rpc_api::{EthApiServer, FilterChanges, NetApiServer, Web3ApiServer};

/// Suggested priority fee: 1 gwei.
pub const SUGGESTED_TIP: u128 = 1_000_000_000;

fn u64q(v: u64) -> U64 {
    U64::from(v)
}

#[jsonrpsee::core::async_trait]
impl EthApiServer for RpcCtx {
    fn chain_id(&self) -> WireResult<U64> {
        Ok(u64q(self.chain.chain_id()))
    }
    fn syncing(&self) -> WireResult<bool> {
        Ok(false)
    }
    fn mining(&self) -> WireResult<bool> {
        let p = self.chain.producer();
        Ok(p.mining_mode().automine && p.stopped().is_none())
    }
    fn hashrate(&self) -> WireResult<U64> {
        Ok(U64::ZERO)
    }
    fn coinbase(&self) -> WireResult<Address> {
        Ok(self.chain.head().header.beneficiary)
    }
    fn accounts(&self) -> WireResult<Vec<Address>> {
        Ok(self.chain.dev().accounts().iter().map(|(a, _)| *a).collect())
    }
    fn block_number(&self) -> WireResult<U64> {
        Ok(u64q(self.chain.head().number()))
    }
    fn gas_price(&self) -> WireResult<U128> {
        Ok(U128::from(self.chain.next_base_fee() as u128 + SUGGESTED_TIP))
    }
    fn max_priority_fee_per_gas(&self) -> WireResult<U128> {
        Ok(U128::from(SUGGESTED_TIP))
    }
    fn blob_base_fee(&self) -> WireResult<U64> {
        Ok(U64::from(1))
    }

    fn block_by_number(&self, block: BlockNumberOrTag, full: Option<bool>) -> WireResult<Value> {
        Ok(self.block_json(Some(self.tag_number(block)), full)?)
    }
    fn block_by_hash(&self, hash: B256, full: Option<bool>) -> WireResult<Value> {
        Ok(self.block_json(self.number_of(hash)?, full)?)
    }
    fn block_transaction_count_by_number(
        &self,
        block: BlockNumberOrTag,
    ) -> WireResult<Option<U64>> {
        Ok(self.block(self.tag_number(block))?.map(|(_, t)| u64q(t.len() as u64)))
    }
    fn block_transaction_count_by_hash(&self, hash: B256) -> WireResult<Option<U64>> {
        let Some(n) = self.number_of(hash)? else { return Ok(None) };
        Ok(self.block(n)?.map(|(_, t)| u64q(t.len() as u64)))
    }
    fn transaction_by_block_number_and_index(
        &self,
        block: BlockNumberOrTag,
        index: U256,
    ) -> WireResult<Value> {
        Ok(self.by_block_index(Some(self.tag_number(block)), index)?)
    }
    fn transaction_by_block_hash_and_index(&self, hash: B256, index: U256) -> WireResult<Value> {
        Ok(self.by_block_index(self.number_of(hash)?, index)?)
    }
    fn uncle_count_by_block_number(&self) -> WireResult<U64> {
        Ok(U64::ZERO)
    }
    fn uncle_count_by_block_hash(&self) -> WireResult<U64> {
        Ok(U64::ZERO)
    }

    fn balance(&self, address: Address, block: Option<BlockId>) -> WireResult<U256> {
        let n = self.state_block(block)?;
        let state = self.chain.state_at(n).map_err(RpcError::from)?;
        let evm = state.account(address).map_err(RpcError::from)?.map(|a| a.balance);
        // TAO sent to the address's 32-byte twin is part of its balance (evm_host::twins).
        let parked = crate::twins::parked_wei(&state, address).map_err(RpcError::from)?;
        Ok(evm.unwrap_or_default().saturating_add(parked))
    }
    fn transaction_count(&self, address: Address, block: Option<BlockId>) -> WireResult<U64> {
        if matches!(block, Some(BlockId::Number(BlockNumberOrTag::Pending))) {
            let n = self.chain.pool().pending_nonce(address).map_err(RpcError::from)?;
            return Ok(u64q(n));
        }
        Ok(u64q(self.account(address, block)?.map(|a| a.nonce).unwrap_or(0)))
    }
    fn code(&self, address: Address, block: Option<BlockId>) -> WireResult<Bytes> {
        Ok(self.code_at(address, block)?)
    }
    fn storage_at(&self, address: Address, slot: U256, block: Option<BlockId>) -> WireResult<B256> {
        let read = || -> RpcResult<B256> {
            let n = self.state_block(block)?;
            let v = self.chain.state_at(n)?.storage(address, slot)?;
            Ok(B256::from(v.to_be_bytes::<32>()))
        };
        Ok(read()?)
    }

    fn call(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        state_overrides: Option<StateOverride>,
        block_overrides: Option<Box<BlockOverrides>>,
    ) -> WireResult<Bytes> {
        let mut req = call_request(&request);
        (req.state_overrides, req.block_overrides) = (state_overrides, block_overrides.map(|b| *b));
        Ok(self.eth_call(&req, block)?)
    }
    fn estimate_gas(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
        state_overrides: Option<StateOverride>,
        block_overrides: Option<Box<BlockOverrides>>,
    ) -> WireResult<U64> {
        let mut req = call_request(&request);
        (req.state_overrides, req.block_overrides) = (state_overrides, block_overrides.map(|b| *b));
        let estimate = || -> RpcResult<U64> {
            let n = self.state_block(block)?;
            match self.chain.calls().estimate_gas(&req, n)? {
                Ok(gas) => Ok(u64q(gas)),
                Err(ExecutionResult::Revert { output, .. }) => Err(RpcError::Reverted(output)),
                Err(ExecutionResult::Halt { reason, .. }) => Err(RpcError::EstimateHalted(reason)),
                Err(ExecutionResult::Success { .. }) => Err(RpcError::EstimateInconsistent),
            }
        };
        Ok(estimate()?)
    }
    fn create_access_list(
        &self,
        request: TransactionRequest,
        block: Option<BlockId>,
    ) -> WireResult<alloy::eips::eip2930::AccessListResult> {
        let run = || -> RpcResult<alloy::eips::eip2930::AccessListResult> {
            let n = self.state_block(block)?;
            let r = self.chain.calls().create_access_list(&call_request(&request), n)?;
            let error = r.failure.map(|f| match f {
                ExecutionResult::Revert { output, .. } => {
                    match alloy::sol_types::decode_revert_reason(&output) {
                        Some(reason) if !reason.is_empty() => {
                            format!("execution reverted: {reason}")
                        }
                        _ => "execution reverted".to_string(),
                    }
                }
                ExecutionResult::Halt { reason, .. } => format!("execution halted: {reason:?}"),
                ExecutionResult::Success { .. } => String::new(),
            });
            Ok(alloy::eips::eip2930::AccessListResult {
                access_list: r.access_list,
                gas_used: U256::from(r.gas_used),
                error,
            })
        };
        Ok(run()?)
    }
    fn simulate_v1(
        &self,
        payload: alloy::rpc::types::simulate::SimulatePayload,
        block: Option<BlockId>,
    ) -> WireResult<Value> {
        Ok(self.simulate_v1_json(payload, block)?)
    }
    fn fee_history(
        &self,
        block_count: U256,
        newest_block: BlockNumberOrTag,
        reward_percentiles: Option<Vec<f64>>,
    ) -> WireResult<Value> {
        Ok(super::fees::fee_history(self, block_count, newest_block, reward_percentiles)?)
    }

    fn send_raw_transaction(&self, raw: Bytes) -> WireResult<B256> {
        self.chain.producer().require_running().map_err(RpcError::from)?;
        Ok(self.chain.pool().submit_raw(&raw).map_err(RpcError::from)?)
    }
    fn send_transaction(&self, request: TransactionRequest) -> WireResult<B256> {
        Ok(self.send_dev_transaction(request)?)
    }
    fn transaction_by_hash(&self, hash: B256) -> WireResult<Value> {
        Ok(self.tx_by_hash(hash)?)
    }
    fn transaction_receipt(&self, hash: B256) -> WireResult<Value> {
        Ok(self.receipt(hash)?)
    }
    fn block_receipts(&self, block: BlockId) -> WireResult<Value> {
        Ok(self.block_receipts_json(block)?)
    }

    fn logs(&self, filter: Filter) -> WireResult<Vec<Log>> {
        Ok(self.get_logs(&filter)?)
    }
    fn new_filter(&self, ext: &Extensions, filter: Filter) -> WireResult<U64> {
        Ok(self.install_log_filter(filter, client_ip(ext))?)
    }
    fn new_block_filter(&self, ext: &Extensions) -> WireResult<U64> {
        Ok(self.install_block_filter(client_ip(ext))?)
    }
    fn uninstall_filter(&self, id: String) -> WireResult<bool> {
        Ok(self.uninstall(&id)?)
    }
    fn filter_changes(&self, id: String) -> WireResult<FilterChanges> {
        Ok(self.changes(&id)?)
    }
    fn filter_logs(&self, id: String) -> WireResult<Vec<Log>> {
        Ok(self.all_filter_logs(&id)?)
    }

    async fn subscribe_events(
        &self,
        pending: PendingSubscriptionSink,
        kind: String,
        filter: Option<Filter>,
    ) -> SubscriptionResult {
        super::logs::subscribe(self.clone(), pending, kind, filter).await;
        Ok(())
    }
}

impl NetApiServer for RpcCtx {
    fn version(&self) -> WireResult<String> {
        Ok(self.chain.chain_id().to_string())
    }
    fn listening(&self) -> WireResult<bool> {
        Ok(true)
    }
    fn peer_count(&self) -> WireResult<U64> {
        Ok(U64::ZERO)
    }
}

impl Web3ApiServer for RpcCtx {
    fn client_version(&self) -> WireResult<String> {
        Ok(format!("taochain/v{}", env!("CARGO_PKG_VERSION")))
    }
    fn sha3(&self, data: Bytes) -> WireResult<B256> {
        Ok(alloy_primitives::keccak256(&data))
    }
}

impl RpcCtx {
    fn block_json(&self, n: Option<u64>, full: Option<bool>) -> RpcResult<Value> {
        let Some(n) = n else { return Ok(Value::Null) };
        Ok(match self.block(n)? {
            Some((hdr, txs)) => convert::block_json(&hdr, &txs, full.unwrap_or(false))?,
            None => Value::Null,
        })
    }

    fn by_block_index(&self, n: Option<u64>, i: U256) -> RpcResult<Value> {
        let Some(n) = n else { return Ok(Value::Null) };
        let Some((hdr, txs)) = self.block(n)? else { return Ok(Value::Null) };
        let i = usize::try_from(i).unwrap_or(usize::MAX);
        match txs.get(i) {
            Some(t) => Ok(convert::tx_json(t, Some((&hdr, i as u64)))?),
            None => Ok(Value::Null),
        }
    }

    fn account(
        &self,
        addr: Address,
        at: Option<BlockId>,
    ) -> RpcResult<Option<tao_chain::state::AccountInfo>> {
        let n = self.state_block(at)?;
        Ok(self.chain.state_at(n)?.account(addr)?)
    }

    pub(super) fn code_at(&self, addr: Address, at: Option<BlockId>) -> RpcResult<Bytes> {
        let n = self.state_block(at)?;
        let state = self.chain.state_at(n)?;
        Ok(match state.account(addr)? {
            Some(a) => state.code(a.code_hash)?.unwrap_or_default(),
            None => Bytes::new(),
        })
    }

    fn eth_call(&self, req: &CallRequest, at: Option<BlockId>) -> RpcResult<Bytes> {
        let n = self.state_block(at)?;
        match self.chain.calls().call(req, n)? {
            ExecutionResult::Success { output, .. } => Ok(output.into_data()),
            ExecutionResult::Revert { output, .. } => Err(RpcError::Reverted(output)),
            ExecutionResult::Halt { reason, .. } => Err(RpcError::Halted(reason)),
        }
    }

    fn tx_by_hash(&self, hash: B256) -> RpcResult<Value> {
        if let Some(loc) = self.chain.store().tx_location(hash)?
            && let Some((hdr, txs)) = self.block(loc.block)?
            && let Some(t) = txs.get(loc.index as usize)
        {
            return Ok(convert::tx_json(t, Some((&hdr, loc.index as u64)))?);
        }
        match self.chain.pool().pooled(&hash) {
            Some(t) => Ok(convert::tx_json(&t, None)?),
            None => Ok(Value::Null),
        }
    }

    fn receipt(&self, hash: B256) -> RpcResult<Value> {
        let store = self.chain.store();
        let Some(loc) = store.tx_location(hash)? else { return Ok(Value::Null) };
        let Some((hdr, txs)) = self.block(loc.block)? else { return Ok(Value::Null) };
        let receipts = store.receipts(loc.block)?.unwrap_or_default();
        let i = loc.index as usize;
        let (Some(t), Some(r)) = (txs.get(i), receipts.get(i)) else { return Ok(Value::Null) };
        let first_log: u64 = receipts[..i].iter().map(|r| r.logs.len() as u64).sum();
        Ok(convert::receipt_json(&hdr, t, r, i as u64, first_log)?)
    }

    fn block_receipts_json(&self, id: BlockId) -> RpcResult<Value> {
        let n = match id {
            BlockId::Number(t) => self.tag_number(t),
            BlockId::Hash(hh) => match self.number_of(hh.block_hash)? {
                Some(n) => n,
                None => return Ok(Value::Null),
            },
        };
        let Some((hdr, txs)) = self.block(n)? else { return Ok(Value::Null) };
        let receipts = self.chain.store().receipts(n)?.unwrap_or_default();
        Ok(Value::Array(convert::block_receipts_json(&hdr, &txs, &receipts)?))
    }

    fn send_dev_transaction(&self, req: TransactionRequest) -> RpcResult<B256> {
        self.chain.producer().require_running()?;
        let from = req.from.ok_or_else(|| RpcError::invalid_params("missing from"))?;
        let dev = self.chain.dev();
        let key = dev.accounts().iter().find(|(a, _)| *a == from).map(|(_, k)| *k);
        if key.is_none() && !dev.is_impersonated(from) {
            return Err(RpcError::NoKey(from));
        }
        let nonce = match req.nonce {
            Some(n) => n,
            None => self.chain.pool().pending_nonce(from)?,
        };
        let gas = match req.gas {
            Some(g) => g,
            None => match self.chain.calls().estimate_gas(&call_request(&req), None)? {
                Ok(g) => g,
                Err(ExecutionResult::Revert { output, .. }) => {
                    return Err(RpcError::Reverted(output));
                }
                Err(_) => return Err(RpcError::EstimateFailed),
            },
        };
        let base = self.chain.next_base_fee() as u128;
        let tip = req.max_priority_fee_per_gas.unwrap_or(SUGGESTED_TIP);
        let tx = TxEip1559 {
            chain_id: self.chain.chain_id(),
            nonce,
            gas_limit: gas,
            max_fee_per_gas: req.max_fee_per_gas.or(req.gas_price).unwrap_or(2 * base + tip),
            max_priority_fee_per_gas: tip,
            to: req.to.unwrap_or(TxKind::Create),
            value: req.value.unwrap_or_default(),
            access_list: req.access_list.clone().unwrap_or_default(),
            input: req.input.input().cloned().unwrap_or_default(),
        };
        let Some(key) = key else {
            // Impersonated: a placeholder signature whose r is the sender, so two senders'
            // otherwise equal transactions still have different hashes.
            let r = U256::from_be_slice(from.as_slice());
            let env: TxEnvelope = tx.into_signed(Signature::new(r, U256::from(1), false)).into();
            return Ok(self.chain.pool().submit_impersonated(env, from)?);
        };
        let signer = PrivateKeySigner::from_bytes(&key)?;
        let sig = signer.sign_hash_sync(&tx.signature_hash())?;
        let env: TxEnvelope = tx.into_signed(sig).into();
        Ok(self.chain.pool().submit(env)?)
    }
}

/// The remote address of the connection a request came on (`None` in-process).
fn client_ip(ext: &Extensions) -> Option<std::net::IpAddr> {
    ext.get::<super::Client>().map(|c| c.ip)
}

pub(super) fn call_request(r: &TransactionRequest) -> CallRequest {
    CallRequest {
        from: r.from,
        to: match r.to {
            Some(TxKind::Call(a)) => Some(a),
            _ => None,
        },
        gas: r.gas,
        gas_price: r.gas_price,
        max_fee_per_gas: r.max_fee_per_gas,
        max_priority_fee_per_gas: r.max_priority_fee_per_gas,
        value: r.value,
        input: r.input.input().cloned().unwrap_or_default(),
        access_list: r.access_list.clone(),
        state_overrides: None,
        block_overrides: None,
    }
}
