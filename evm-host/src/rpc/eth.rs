//! `eth_`, `net_`, `web3_` and `txpool_` methods.

use super::convert::{self, h, q, q256};
use super::{RpcCtx, RpcResult, err, internal, invalid_params, params, revert_error};
use crate::chain::TxError;
use crate::exec::CallRequest;
use alloy::consensus::{SignableTransaction, TxEip1559, TxEnvelope};
use alloy::eips::{BlockId, BlockNumberOrTag};
use alloy::rpc::types::TransactionRequest;
use alloy::signers::{SignerSync, local::PrivateKeySigner};
use alloy_primitives::{Address, B256, Bytes, TxKind, U256};
use jsonrpsee::RpcModule;
use jsonrpsee::core::RegisterMethodError;
use jsonrpsee::types::ErrorObjectOwned;
use revm::context_interface::result::ExecutionResult;
use serde_json::{Value, json};
use tao_chain::state::StateView;

/// Suggested priority fee: 1 gwei.
pub const SUGGESTED_TIP: u128 = 1_000_000_000;
/// Most blocks `eth_feeHistory` reports.
pub const MAX_FEE_HISTORY: u64 = 1024;

type M = RpcModule<RpcCtx>;

pub(super) fn register(m: &mut M) -> Result<(), RegisterMethodError> {
    m.register_method("eth_chainId", |_, c, _| {
        Ok::<_, ErrorObjectOwned>(q(c.chain.chain_id() as u128))
    })?;
    m.register_method("net_version", |_, c, _| {
        Ok::<_, ErrorObjectOwned>(c.chain.chain_id().to_string())
    })?;
    m.register_method("net_listening", |_, _, _| Ok::<_, ErrorObjectOwned>(true))?;
    m.register_method("net_peerCount", |_, _, _| Ok::<_, ErrorObjectOwned>("0x0"))?;
    m.register_method("web3_clientVersion", |_, _, _| {
        Ok::<_, ErrorObjectOwned>(format!("taochain/v{}", env!("CARGO_PKG_VERSION")))
    })?;
    m.register_method("web3_sha3", |p, _, _| {
        let (data,): (Bytes,) = params(&p, 1)?;
        Ok::<_, ErrorObjectOwned>(h(alloy_primitives::keccak256(&data)))
    })?;
    m.register_method("eth_syncing", |_, _, _| Ok::<_, ErrorObjectOwned>(false))?;
    m.register_method("eth_mining", |_, c, _| {
        Ok::<_, ErrorObjectOwned>(c.chain.mining_mode().automine)
    })?;
    m.register_method("eth_hashrate", |_, _, _| Ok::<_, ErrorObjectOwned>("0x0"))?;
    m.register_method("eth_coinbase", |_, c, _| {
        Ok::<_, ErrorObjectOwned>(format!("{:#x}", c.chain.head().header.beneficiary))
    })?;
    m.register_method("eth_accounts", |_, c, _| {
        Ok::<_, ErrorObjectOwned>(
            c.chain.dev_accounts().iter().map(|(a, _)| format!("{a:#x}")).collect::<Vec<_>>(),
        )
    })?;
    m.register_method("eth_blockNumber", |_, c, _| {
        Ok::<_, ErrorObjectOwned>(q(c.chain.head().number() as u128))
    })?;
    m.register_method("eth_gasPrice", |_, c, _| {
        Ok::<_, ErrorObjectOwned>(q(c.chain.next_base_fee() as u128 + SUGGESTED_TIP))
    })?;
    m.register_method("eth_maxPriorityFeePerGas", |_, _, _| {
        Ok::<_, ErrorObjectOwned>(q(SUGGESTED_TIP))
    })?;
    m.register_method("eth_blobBaseFee", |_, _, _| Ok::<_, ErrorObjectOwned>("0x1"))?;

    m.register_blocking_method("eth_getBlockByNumber", |p, c, _| {
        let (tag, full): (BlockNumberOrTag, Option<bool>) = params(&p, 2)?;
        let n = c.tag_number(tag);
        Ok::<_, ErrorObjectOwned>(match c.block(n)? {
            Some((hdr, txs)) => convert::block_json(&hdr, &txs, full.unwrap_or(false)),
            None => Value::Null,
        })
    })?;
    m.register_blocking_method("eth_getBlockByHash", |p, c, _| {
        let (hash, full): (B256, Option<bool>) = params(&p, 2)?;
        let Some(n) = c.chain.store().number_of(hash).map_err(internal)? else {
            return Ok(Value::Null);
        };
        Ok::<_, ErrorObjectOwned>(match c.block(n)? {
            Some((hdr, txs)) => convert::block_json(&hdr, &txs, full.unwrap_or(false)),
            None => Value::Null,
        })
    })?;
    m.register_blocking_method("eth_getBlockTransactionCountByNumber", |p, c, _| {
        let (tag,): (BlockNumberOrTag,) = params(&p, 1)?;
        Ok::<_, ErrorObjectOwned>(c.block(c.tag_number(tag))?.map(|(_, t)| q(t.len() as u128)))
    })?;
    m.register_blocking_method("eth_getBlockTransactionCountByHash", |p, c, _| {
        let (hash,): (B256,) = params(&p, 1)?;
        let Some(n) = c.chain.store().number_of(hash).map_err(internal)? else { return Ok(None) };
        Ok::<_, ErrorObjectOwned>(c.block(n)?.map(|(_, t)| q(t.len() as u128)))
    })?;
    m.register_blocking_method("eth_getTransactionByBlockNumberAndIndex", |p, c, _| {
        let (tag, i): (BlockNumberOrTag, U256) = params(&p, 2)?;
        by_block_index(&c, c.tag_number(tag), i)
    })?;
    m.register_blocking_method("eth_getTransactionByBlockHashAndIndex", |p, c, _| {
        let (hash, i): (B256, U256) = params(&p, 2)?;
        let Some(n) = c.chain.store().number_of(hash).map_err(internal)? else {
            return Ok(Value::Null);
        };
        by_block_index(&c, n, i)
    })?;
    m.register_method("eth_getUncleCountByBlockNumber", |_, _, _| {
        Ok::<_, ErrorObjectOwned>("0x0")
    })?;
    m.register_method("eth_getUncleCountByBlockHash", |_, _, _| Ok::<_, ErrorObjectOwned>("0x0"))?;

    m.register_blocking_method("eth_getBalance", |p, c, _| {
        let (addr, at): (Address, Option<BlockId>) = params(&p, 2)?;
        let acc = account(&c, addr, at)?;
        Ok::<_, ErrorObjectOwned>(q256(acc.map(|a| a.balance).unwrap_or_default()))
    })?;
    m.register_blocking_method("eth_getTransactionCount", |p, c, _| {
        let (addr, at): (Address, Option<BlockId>) = params(&p, 2)?;
        if matches!(at, Some(BlockId::Number(BlockNumberOrTag::Pending))) {
            return Ok(q(c.chain.pending_nonce(addr).map_err(internal)? as u128));
        }
        let acc = account(&c, addr, at)?;
        Ok::<_, ErrorObjectOwned>(q(acc.map(|a| a.nonce).unwrap_or(0) as u128))
    })?;
    m.register_blocking_method("eth_getCode", |p, c, _| {
        let (addr, at): (Address, Option<BlockId>) = params(&p, 2)?;
        let n = c.state_block(at)?;
        let state = c.chain.state_at(n).map_err(internal)?;
        let code = match state.account(addr).map_err(internal)? {
            Some(a) => state.code(a.code_hash).map_err(internal)?.unwrap_or_default(),
            None => Bytes::new(),
        };
        Ok::<_, ErrorObjectOwned>(format!("{code:#x}"))
    })?;
    m.register_blocking_method("eth_getStorageAt", |p, c, _| {
        let (addr, slot, at): (Address, U256, Option<BlockId>) = params(&p, 3)?;
        let n = c.state_block(at)?;
        let v = c.chain.state_at(n).map_err(internal)?.storage(addr, slot).map_err(internal)?;
        Ok::<_, ErrorObjectOwned>(h(B256::from(v.to_be_bytes::<32>())))
    })?;

    m.register_blocking_method("eth_call", |p, c, _| {
        let (req, at): (TransactionRequest, Option<BlockId>) = params(&p, 2)?;
        let n = c.state_block(at)?;
        let res = c.chain.call(&call_request(&req), n).map_err(|e| err(-32000, e.to_string()))?;
        match res {
            ExecutionResult::Success { output, .. } => Ok(format!("{:#x}", output.into_data())),
            ExecutionResult::Revert { output, .. } => Err(revert_error(&output)),
            ExecutionResult::Halt { reason, .. } => {
                Err(err(-32000, format!("execution halted: {reason:?}")))
            }
        }
    })?;
    m.register_blocking_method("eth_estimateGas", |p, c, _| {
        let (req, at): (TransactionRequest, Option<BlockId>) = params(&p, 2)?;
        let n = c.state_block(at)?;
        match c
            .chain
            .estimate_gas(&call_request(&req), n)
            .map_err(|e| err(-32000, e.to_string()))?
        {
            Ok(gas) => Ok(q(gas as u128)),
            Err(ExecutionResult::Revert { output, .. }) => Err(revert_error(&output)),
            Err(ExecutionResult::Halt { reason, .. }) => Err(err(
                -32000,
                format!("gas required exceeds allowance or execution halted: {reason:?}"),
            )),
            Err(ExecutionResult::Success { .. }) => Err(internal("estimate failed")),
        }
    })?;
    m.register_blocking_method("eth_feeHistory", |p, c, _| {
        let (count, newest, pct): (U256, BlockNumberOrTag, Option<Vec<f64>>) = params(&p, 3)?;
        fee_history(&c, count, newest, pct)
    })?;

    m.register_blocking_method("eth_sendRawTransaction", |p, c, _| {
        let (raw,): (Bytes,) = params(&p, 1)?;
        c.chain.submit_raw(&raw).map(h).map_err(tx_error)
    })?;
    m.register_blocking_method("eth_sendTransaction", |p, c, _| {
        let (req,): (TransactionRequest,) = params(&p, 1)?;
        send_dev_transaction(&c, req)
    })?;
    m.register_blocking_method("eth_getTransactionByHash", |p, c, _| {
        let (hash,): (B256,) = params(&p, 1)?;
        let store = c.chain.store();
        if let Some(loc) = store.tx_location(hash).map_err(internal)?
            && let Some((hdr, txs)) = c.block(loc.block)?
            && let Some(t) = txs.get(loc.index as usize)
        {
            return Ok(convert::tx_json(t, Some((&hdr, loc.index as u64))));
        }
        Ok::<_, ErrorObjectOwned>(
            c.chain.pooled(&hash).map(|t| convert::tx_json(&t, None)).unwrap_or(Value::Null),
        )
    })?;
    m.register_blocking_method("eth_getTransactionReceipt", |p, c, _| {
        let (hash,): (B256,) = params(&p, 1)?;
        let store = c.chain.store();
        let Some(loc) = store.tx_location(hash).map_err(internal)? else { return Ok(Value::Null) };
        let Some((hdr, txs)) = c.block(loc.block)? else { return Ok(Value::Null) };
        let receipts = store.receipts(loc.block).map_err(internal)?.unwrap_or_default();
        let i = loc.index as usize;
        let (Some(t), Some(r)) = (txs.get(i), receipts.get(i)) else { return Ok(Value::Null) };
        let first_log: u64 = receipts[..i].iter().map(|r| r.logs.len() as u64).sum();
        Ok::<_, ErrorObjectOwned>(convert::receipt_json(&hdr, t, r, i as u64, first_log))
    })?;
    m.register_blocking_method("eth_getBlockReceipts", |p, c, _| {
        let (id,): (BlockId,) = params(&p, 1)?;
        let n = match id {
            BlockId::Number(t) => c.tag_number(t),
            BlockId::Hash(hh) => {
                match c.chain.store().number_of(hh.block_hash).map_err(internal)? {
                    Some(n) => n,
                    None => return Ok(Value::Null),
                }
            }
        };
        let Some((hdr, txs)) = c.block(n)? else { return Ok(Value::Null) };
        let receipts = c.chain.store().receipts(n).map_err(internal)?.unwrap_or_default();
        Ok::<_, ErrorObjectOwned>(Value::Array(convert::block_receipts_json(&hdr, &txs, &receipts)))
    })?;
    m.register_blocking_method("txpool_status", |_, c, _| {
        let (pending, queued) = c.chain.pool_status();
        Ok::<_, ErrorObjectOwned>(
            json!({ "pending": q(pending as u128), "queued": q(queued as u128) }),
        )
    })?;
    Ok(())
}

fn by_block_index(c: &RpcCtx, n: u64, i: U256) -> RpcResult<Value> {
    let Some((hdr, txs)) = c.block(n)? else { return Ok(Value::Null) };
    let i = usize::try_from(i).unwrap_or(usize::MAX);
    Ok(txs.get(i).map(|t| convert::tx_json(t, Some((&hdr, i as u64)))).unwrap_or(Value::Null))
}

fn account(
    c: &RpcCtx,
    addr: Address,
    at: Option<BlockId>,
) -> RpcResult<Option<tao_chain::state::AccountInfo>> {
    let n = c.state_block(at)?;
    c.chain.state_at(n).map_err(internal)?.account(addr).map_err(internal)
}

/// Map a pool/validation refusal to a JSON-RPC error with geth's message text.
pub(crate) fn tx_error(e: TxError) -> ErrorObjectOwned {
    let code = match e {
        TxError::Decode(_) | TxError::Oversized(..) => -32602,
        TxError::Internal(_) => -32603,
        _ => -32000,
    };
    err(code, e.to_string())
}

fn call_request(r: &TransactionRequest) -> CallRequest {
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
    }
}

fn send_dev_transaction(c: &RpcCtx, req: TransactionRequest) -> RpcResult<String> {
    let from = req.from.ok_or_else(|| invalid_params("missing from"))?;
    let key = c
        .chain
        .dev_accounts()
        .iter()
        .find(|(a, _)| *a == from)
        .map(|(_, k)| *k)
        .ok_or_else(|| err(-32000, format!("no key for account {from:#x}: sign the transaction and use eth_sendRawTransaction")))?;
    let signer = PrivateKeySigner::from_bytes(&key).map_err(internal)?;
    let nonce = match req.nonce {
        Some(n) => n,
        None => c.chain.pending_nonce(from).map_err(internal)?,
    };
    let gas = match req.gas {
        Some(g) => g,
        None => match c
            .chain
            .estimate_gas(&call_request(&req), None)
            .map_err(|e| err(-32000, e.to_string()))?
        {
            Ok(g) => g,
            Err(ExecutionResult::Revert { output, .. }) => return Err(revert_error(&output)),
            Err(_) => return Err(err(-32000, "gas estimation failed")),
        },
    };
    let base = c.chain.next_base_fee() as u128;
    let tip = req.max_priority_fee_per_gas.unwrap_or(SUGGESTED_TIP);
    let tx = TxEip1559 {
        chain_id: c.chain.chain_id(),
        nonce,
        gas_limit: gas,
        max_fee_per_gas: req.max_fee_per_gas.or(req.gas_price).unwrap_or(2 * base + tip),
        max_priority_fee_per_gas: tip,
        to: req.to.unwrap_or(TxKind::Create),
        value: req.value.unwrap_or_default(),
        access_list: req.access_list.clone().unwrap_or_default(),
        input: req.input.input().cloned().unwrap_or_default(),
    };
    let sig = signer.sign_hash_sync(&tx.signature_hash()).map_err(internal)?;
    let env: TxEnvelope = tx.into_signed(sig).into();
    c.chain.submit(env).map(h).map_err(tx_error)
}

fn fee_history(
    c: &RpcCtx,
    count: U256,
    newest: BlockNumberOrTag,
    pct: Option<Vec<f64>>,
) -> RpcResult<Value> {
    let count = u64::try_from(count).unwrap_or(u64::MAX).min(MAX_FEE_HISTORY);
    let head = c.chain.head().number();
    let newest = c.tag_number(newest).min(head);
    if count == 0 {
        return Ok(
            json!({ "oldestBlock": q(newest as u128), "baseFeePerGas": [], "gasUsedRatio": [], "reward": [] }),
        );
    }
    if let Some(p) = &pct
        && (p.iter().any(|x| !(0.0..=100.0).contains(x)) || p.windows(2).any(|w| w[0] > w[1]))
    {
        return Err(invalid_params("reward percentiles must be ascending values in [0, 100]"));
    }
    let oldest = newest.saturating_sub(count - 1);
    let store = c.chain.store();
    let mut base_fees = Vec::new();
    let mut ratios = Vec::new();
    let mut rewards = Vec::new();
    let mut last = None;
    for n in oldest..=newest {
        let hdr = store.header(n).map_err(internal)?.ok_or_else(|| internal("missing header"))?;
        let bf = hdr.header.base_fee_per_gas.unwrap_or(0);
        base_fees.push(q(bf as u128));
        ratios.push(hdr.header.gas_used as f64 / hdr.header.gas_limit.max(1) as f64);
        if let Some(p) = &pct {
            let txs = store.body(n).map_err(internal)?.unwrap_or_default();
            let receipts = store.receipts(n).map_err(internal)?.unwrap_or_default();
            let mut tips: Vec<(u128, u64)> = txs
                .iter()
                .zip(&receipts)
                .map(|(t, r)| {
                    (crate::exec::effective_gas_price(t, bf).saturating_sub(bf as u128), r.gas_used)
                })
                .collect();
            tips.sort();
            let total: u64 = tips.iter().map(|t| t.1).sum();
            let row: Vec<String> = p
                .iter()
                .map(|pc| {
                    if tips.is_empty() {
                        return q(0);
                    }
                    let threshold = (total as f64 * pc / 100.0) as u64;
                    let mut acc = 0u64;
                    for (tip, gas) in &tips {
                        acc += gas;
                        if acc >= threshold {
                            return q(*tip);
                        }
                    }
                    q(tips.last().map(|t| t.0).unwrap_or(0))
                })
                .collect();
            rewards.push(row);
        }
        last = Some(hdr);
    }
    if let Some(hdr) = last {
        let hd = &hdr.header;
        let next = if hdr.number() == head {
            c.chain.next_base_fee()
        } else {
            store
                .header(hdr.number() + 1)
                .map_err(internal)?
                .and_then(|h| h.header.base_fee_per_gas)
                .unwrap_or(0)
        };
        let _ = hd;
        base_fees.push(q(next as u128));
    }
    let mut out = json!({ "oldestBlock": q(oldest as u128), "baseFeePerGas": base_fees, "gasUsedRatio": ratios });
    if pct.is_some() {
        out["reward"] = json!(rewards);
    }
    Ok(out)
}
