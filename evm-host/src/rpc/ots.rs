//! Otterscan's `ots_` namespace (API level 8) and `erigon_getHeaderByNumber`.
//!
//! The per-transaction views (internal operations, transaction error, trace) and the creator
//! of an internally created contract come from `callTracer` frames of the replayed block (see
//! [`super::debug`]), so calls into the Bittensor precompiles are frames like any other; like
//! `debug_` they are `--dev` only. The address searches scan stored blocks one by one, newest
//! or oldest first, at the cost of reading every scanned block's body and receipts: `--dev`
//! only too. A search matches a transaction sent by, sent to or creating the address (not the
//! address's appearances in internal calls, which would need a replay of every block).
//! The block and code lookups and `ots_getTransactionBySenderAndNonce` (a binary search over
//! the sender's nonce history, then one block body) are bounded and served on every node.

use super::limits::MAX_OTS_PAGE_SIZE;
use super::{RpcCtx, RpcError, RpcResult, convert};
use crate::exec::Tracer;
use alloy::consensus::Transaction as _;
use alloy::eips::BlockId;
use alloy_primitives::{Address, B256, Bytes, U256};
use alloy_rpc_types_trace::geth::{CallConfig, CallFrame, GethTrace};
use alloy_rpc_types_trace::otterscan::{
    ContractCreator, InternalOperation, OperationType, TraceEntry,
};
use jsonrpsee::core::RpcResult as WireResult;
use serde_json::{Value, json};
use tao_chain::block::{RecoveredTx, SealedHeader, StoredReceipt};
use tao_chain::state::StateView;
use taochain_rpc_api::{DevQuantity, ErigonApiServer, OtsApiServer, OtsBlockNumber};

/// The Otterscan API level served (what Otterscan 2 requires).
pub(crate) const API_LEVEL: u64 = 8;

/// A checked page size.
fn page_size(size: DevQuantity) -> RpcResult<usize> {
    match size.0 {
        1..=MAX_OTS_PAGE_SIZE => Ok(size.0 as usize),
        n => Err(RpcError::invalid_params(format!(
            "page size {n} out of range: 1..={MAX_OTS_PAGE_SIZE}"
        ))),
    }
}

fn call_tracer() -> Tracer {
    Tracer::Call(CallConfig::default())
}

fn frame_of(trace: GethTrace) -> RpcResult<CallFrame> {
    match trace {
        GethTrace::CallTracer(f) => Ok(f),
        _ => Err(RpcError::UnexpectedTrace),
    }
}

/// Every frame of a call tree with its depth, in the order the calls were entered.
fn walk<'f>(f: &'f CallFrame, depth: u32, out: &mut Vec<(u32, &'f CallFrame)>) {
    out.push((depth, f));
    for c in &f.calls {
        walk(c, depth + 1, out);
    }
}

fn frames(top: &CallFrame) -> Vec<(u32, &CallFrame)> {
    let mut out = Vec::new();
    walk(top, 0, &mut out);
    out
}

/// Otterscan's internal operations of one transaction's call tree: value transfers by
/// `CALL`, creations and self-destructs below the top call.
pub(crate) fn internal_operations(top: &CallFrame) -> Vec<InternalOperation> {
    let mut ops = Vec::new();
    for (depth, f) in frames(top) {
        if depth == 0 {
            continue;
        }
        let value = f.value.unwrap_or_default();
        let r#type = match f.typ.as_str() {
            "CALL" if !value.is_zero() => OperationType::OpTransfer,
            "CREATE" => OperationType::OpCreate,
            "CREATE2" => OperationType::OpCreate2,
            "SELFDESTRUCT" => OperationType::OpSelfDestruct,
            _ => continue,
        };
        ops.push(InternalOperation { r#type, from: f.from, to: f.to.unwrap_or_default(), value });
    }
    ops
}

/// Otterscan's flat trace of one transaction's call tree.
pub(crate) fn trace_entries(top: &CallFrame) -> Vec<TraceEntry> {
    frames(top)
        .into_iter()
        .map(|(depth, f)| TraceEntry {
            r#type: f.typ.clone(),
            depth,
            from: f.from,
            to: f.to.unwrap_or_default(),
            value: match f.typ.as_str() {
                "STATICCALL" | "DELEGATECALL" => None,
                _ => Some(f.value.unwrap_or_default()),
            },
            input: f.input.clone(),
            output: f.output.clone().unwrap_or_default(),
        })
        .collect()
}

/// A receipt as Otterscan lists it: `logs` and `logsBloom` null, the block's timestamp.
fn ots_receipt(
    h: &SealedHeader,
    t: &RecoveredTx,
    r: &StoredReceipt,
    i: usize,
    first_log: u64,
) -> RpcResult<Value> {
    let mut v = convert::receipt_json(h, t, r, i as u64, first_log)?;
    if let Some(o) = v.as_object_mut() {
        o.insert("logs".into(), Value::Null);
        o.insert("logsBloom".into(), Value::Null);
        o.insert("timestamp".into(), json!(format!("{:#x}", h.header.timestamp)));
    }
    Ok(v)
}

/// The block-wide index of each receipt's first log.
fn first_logs(receipts: &[StoredReceipt]) -> Vec<u64> {
    let mut at = 0u64;
    receipts
        .iter()
        .map(|r| {
            let first = at;
            at += r.logs.len() as u64;
            first
        })
        .collect()
}

/// Which way a search walks the chain.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Direction {
    Before,
    After,
}

impl RpcCtx {
    /// The call tree of a mined transaction, its block replayed.
    fn tx_frame(&self, hash: B256) -> RpcResult<CallFrame> {
        self.require_dev()?;
        let loc = self.chain.store().tx_location(hash)?.ok_or(RpcError::TxNotFound(hash))?;
        let t =
            self.chain.calls().trace_transaction(loc.block, loc.index as usize, &call_tracer())?;
        frame_of(t)
    }

    /// `ots_getBlockDetails`: the block without transactions, with their count and fees.
    fn block_details(&self, n: u64) -> RpcResult<Value> {
        let Some((h, txs)) = self.block(n)? else { return Ok(Value::Null) };
        let receipts = self.chain.store().receipts(n)?.unwrap_or_default();
        let fees = receipts.iter().fold(U256::ZERO, |acc, r| {
            acc + U256::from(r.gas_used) * U256::from(r.effective_gas_price)
        });
        let mut block = convert::block_json(&h, &txs, false)?;
        if let Some(o) = block.as_object_mut() {
            o.remove("transactions");
            o.insert("logsBloom".into(), Value::Null);
            o.insert("transactionCount".into(), json!(txs.len()));
        }
        Ok(json!({
            "block": block,
            "issuance": { "blockReward": "0x0", "uncleReward": "0x0", "issuance": "0x0" },
            "totalFees": fees,
        }))
    }

    /// `ots_searchTransactions*`: whole blocks of matches until `size` are found.
    fn search(&self, addr: Address, from: u64, size: usize, dir: Direction) -> RpcResult<Value> {
        self.require_dev()?;
        let head = self.chain.head().number();
        let blocks: Box<dyn Iterator<Item = u64>> = match dir {
            Direction::Before if from == 0 || from > head => Box::new((0..=head).rev()),
            Direction::Before => Box::new((0..from).rev()),
            Direction::After if from == 0 => Box::new(0..=head),
            Direction::After => Box::new(from.saturating_add(1)..=head),
        };
        let mut found: Vec<(Value, Value)> = Vec::new();
        let mut exhausted = true;
        for n in blocks {
            let Some((h, txs)) = self.block(n)? else { continue };
            if txs.is_empty() {
                continue;
            }
            let receipts = self.chain.store().receipts(n)?.unwrap_or_default();
            let firsts = first_logs(&receipts);
            let mut hits = Vec::new();
            for (i, (t, r)) in txs.iter().zip(&receipts).enumerate() {
                if t.sender == addr || r.to_address() == Some(addr) || r.created() == Some(addr) {
                    let tx = convert::tx_json(t, Some((&h, i as u64)))?;
                    hits.push((tx, ots_receipt(&h, t, r, i, firsts[i])?));
                }
            }
            if dir == Direction::Before {
                hits.reverse();
            }
            found.extend(hits);
            if found.len() >= size {
                exhausted = false;
                break;
            }
        }
        let (first_page, last_page) = match dir {
            Direction::Before => (from == 0 || from > head, exhausted),
            Direction::After => {
                // Listed newest first, like every page.
                found.reverse();
                (exhausted, from == 0)
            }
        };
        let (txs, receipts): (Vec<Value>, Vec<Value>) = found.into_iter().unzip();
        Ok(
            json!({ "txs": txs, "receipts": receipts, "firstPage": first_page, "lastPage": last_page }),
        )
    }

    /// The smallest block in `0..=head` after which `pred` holds of the state, if it holds
    /// at the head; `pred` must be monotone (false, then true).
    fn first_block_where(
        &self,
        pred: impl Fn(&tao_store::StoreStateView) -> RpcResult<bool>,
    ) -> RpcResult<Option<u64>> {
        let head = self.chain.head().number();
        if !pred(&self.chain.state_at(None)?)? {
            return Ok(None);
        }
        let (mut lo, mut hi) = (0u64, head);
        while lo < hi {
            let mid = lo + (hi - lo) / 2;
            let at = (mid < head).then_some(mid);
            if pred(&self.chain.state_at(at)?)? {
                hi = mid;
            } else {
                lo = mid + 1;
            }
        }
        Ok(Some(lo))
    }

    fn contract_creator(&self, addr: Address) -> RpcResult<Option<ContractCreator>> {
        self.require_dev()?;
        let has_code = |s: &tao_store::StoreStateView| -> RpcResult<bool> {
            Ok(s.account(addr)?.is_some_and(|a| a.code_hash != alloy_primitives::KECCAK256_EMPTY))
        };
        let Some(n) = self.first_block_where(has_code)? else { return Ok(None) };
        let Some((_, txs)) = self.block(n)? else { return Ok(None) };
        if n == 0 || txs.is_empty() {
            return Ok(None);
        }
        let receipts = self.chain.store().receipts(n)?.unwrap_or_default();
        if let Some((t, r)) = txs.iter().zip(&receipts).find(|(_, r)| r.created() == Some(addr)) {
            return Ok(Some(ContractCreator { hash: t.hash, creator: r.from }));
        }
        for (hash, trace) in self.chain.calls().trace_block(n, &call_tracer())? {
            let top = frame_of(trace)?;
            let created = frames(&top).into_iter().find(|(_, f)| {
                matches!(f.typ.as_str(), "CREATE" | "CREATE2") && f.to == Some(addr)
            });
            if let Some((_, f)) = created {
                return Ok(Some(ContractCreator { hash, creator: f.from }));
            }
        }
        Ok(None)
    }
}

impl OtsApiServer for RpcCtx {
    fn get_api_level(&self) -> WireResult<u64> {
        Ok(API_LEVEL)
    }

    fn has_code(&self, address: Address, block: Option<BlockId>) -> WireResult<bool> {
        Ok(!self.code_at(address, block)?.is_empty())
    }

    fn get_internal_operations(&self, hash: B256) -> WireResult<Vec<InternalOperation>> {
        Ok(internal_operations(&self.tx_frame(hash)?))
    }

    fn get_transaction_error(&self, hash: B256) -> WireResult<Bytes> {
        let top = self.tx_frame(hash)?;
        // A failed top call keeps its output only when it reverted (halts have none).
        Ok(if top.error.is_some() { top.output.unwrap_or_default() } else { Bytes::new() })
    }

    fn trace_transaction(&self, hash: B256) -> WireResult<Vec<TraceEntry>> {
        Ok(trace_entries(&self.tx_frame(hash)?))
    }

    fn get_block_details(&self, block: OtsBlockNumber) -> WireResult<Value> {
        Ok(self.block_details(self.tag_number(block.0))?)
    }

    fn get_block_details_by_hash(&self, hash: B256) -> WireResult<Value> {
        let run = || match self.number_of(hash)? {
            Some(n) => self.block_details(n),
            None => Ok(Value::Null),
        };
        Ok(run()?)
    }

    fn get_block_transactions(
        &self,
        block: OtsBlockNumber,
        page: DevQuantity,
        size: DevQuantity,
    ) -> WireResult<Value> {
        let size = page_size(size)?;
        let n = self.tag_number(block.0);
        let run = || -> RpcResult<Value> {
            let Some((h, txs)) = self.block(n)? else { return Ok(Value::Null) };
            let receipts = self.chain.store().receipts(n)?.unwrap_or_default();
            // Erigon's paging: page 0 is the end of the block.
            let skip = usize::try_from(page.0).unwrap_or(usize::MAX).saturating_mul(size);
            let end = txs.len().saturating_sub(skip);
            let start = end.saturating_sub(size);
            let mut block = convert::block_json(&h, &txs, true)?;
            if let Some(o) = block.as_object_mut() {
                let mut page_txs: Vec<Value> = match o.remove("transactions") {
                    Some(Value::Array(all)) => {
                        all.into_iter().skip(start).take(end - start).collect()
                    }
                    _ => Vec::new(),
                };
                for t in &mut page_txs {
                    if let Some(Value::String(input)) = t.get_mut("input") {
                        input.truncate(10);
                    }
                }
                o.insert("transactions".into(), Value::Array(page_txs));
                o.insert("transactionCount".into(), json!(txs.len()));
            }
            let firsts = first_logs(&receipts);
            let page_receipts = (start..end)
                .filter_map(|i| Some((i, txs.get(i)?, receipts.get(i)?)))
                .map(|(i, t, r)| ots_receipt(&h, t, r, i, firsts[i]))
                .collect::<RpcResult<Vec<Value>>>()?;
            Ok(json!({ "fullblock": block, "receipts": page_receipts }))
        };
        Ok(run()?)
    }

    fn search_transactions_before(
        &self,
        address: Address,
        block: DevQuantity,
        size: DevQuantity,
    ) -> WireResult<Value> {
        Ok(self.search(address, block.0, page_size(size)?, Direction::Before)?)
    }

    fn search_transactions_after(
        &self,
        address: Address,
        block: DevQuantity,
        size: DevQuantity,
    ) -> WireResult<Value> {
        Ok(self.search(address, block.0, page_size(size)?, Direction::After)?)
    }

    fn get_transaction_by_sender_and_nonce(
        &self,
        sender: Address,
        nonce: DevQuantity,
    ) -> WireResult<Option<B256>> {
        let run = || -> RpcResult<Option<B256>> {
            let past = |s: &tao_store::StoreStateView| -> RpcResult<bool> {
                Ok(s.account(sender)?.is_some_and(|a| a.nonce > nonce.0))
            };
            let Some(n) = self.first_block_where(past)? else { return Ok(None) };
            let txs = self.block(n)?.map(|(_, t)| t).unwrap_or_default();
            Ok(txs.iter().find(|t| t.sender == sender && t.tx.nonce() == nonce.0).map(|t| t.hash))
        };
        Ok(run()?)
    }

    fn get_contract_creator(&self, address: Address) -> WireResult<Option<ContractCreator>> {
        Ok(self.contract_creator(address)?)
    }
}

impl ErigonApiServer for RpcCtx {
    fn get_header_by_number(&self, block: OtsBlockNumber) -> WireResult<Value> {
        let run = || -> RpcResult<Value> {
            match self.chain.store().header(self.tag_number(block.0))? {
                Some(h) => Ok(convert::header_json(&h)?),
                None => Ok(Value::Null),
            }
        };
        Ok(run()?)
    }
}
