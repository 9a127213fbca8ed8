//! `eth_simulateV1` (viem's `simulateCalls` / `simulateBlocks`): the request checked and turned
//! into [`crate::exec::SimBlockInput`]s, the simulated blocks rendered in the execution-apis
//! shape. Block and transaction hashes of simulated blocks are synthetic (keccak of the parent
//! hash and the number, of the block hash and the index): the blocks are never sealed. The
//! header fields the execution-apis `Block` schema requires are all present: the logs bloom and
//! the size are computed, the state, transactions and receipts roots of a simulated block are
//! not (zero), and it has no uncles.
//! `validation: true` and `traceTransfers: true` are refused with -32602 (not implemented).

use super::eth::call_request;
use super::{RpcCtx, RpcError, RpcResult};
use crate::exec::{SimBlockInput, SimBlockOutput};
use alloy::eips::BlockId;
use alloy::rpc::types::simulate::SimulatePayload;
use alloy_primitives::{B256, keccak256};
use revm::context_interface::result::ExecutionResult;
use serde_json::{Value, json};

fn q(v: u64) -> String {
    format!("{v:#x}")
}

impl RpcCtx {
    pub(super) fn simulate_v1_json(
        &self,
        payload: SimulatePayload,
        at: Option<BlockId>,
    ) -> RpcResult<Value> {
        if payload.validation {
            return Err(RpcError::invalid_params("eth_simulateV1: validation is not supported"));
        }
        if payload.trace_transfers {
            return Err(RpcError::invalid_params(
                "eth_simulateV1: traceTransfers is not supported",
            ));
        }
        let blocks: Vec<SimBlockInput> = payload
            .block_state_calls
            .into_iter()
            .map(|b| SimBlockInput {
                block_overrides: b.block_overrides,
                state_overrides: b.state_overrides,
                calls: b.calls.iter().map(call_request).collect(),
            })
            .collect();
        let n = self.state_block(at)?;
        let (mut parent, out) = self.chain.calls().simulate(&blocks, n)?;
        let mut rendered = Vec::with_capacity(out.len());
        for b in &out {
            let hash = keccak256([parent.as_slice(), &b.params.number.to_be_bytes()].concat());
            rendered.push(block_json(b, parent, hash));
            parent = hash;
        }
        Ok(Value::Array(rendered))
    }
}

fn block_json(b: &SimBlockOutput, parent: B256, hash: B256) -> Value {
    let p = &b.params;
    let mut log_index = 0u64;
    let mut gas_used = 0u64;
    let calls: Vec<Value> = b
        .results
        .iter()
        .enumerate()
        .map(|(i, r)| {
            gas_used = gas_used.saturating_add(r.tx_gas_used());
            let tx_hash = keccak256([hash.as_slice(), &(i as u64).to_be_bytes()].concat());
            call_json(r, p.number, hash, tx_hash, i as u64, &mut log_index)
        })
        .collect();
    let mut bloom = alloy_primitives::Bloom::default();
    for r in &b.results {
        for l in r.logs() {
            bloom.accrue_log(l);
        }
    }
    let header = alloy::consensus::Header {
        parent_hash: parent,
        ommers_hash: alloy::consensus::constants::EMPTY_OMMER_ROOT_HASH,
        beneficiary: p.beneficiary,
        logs_bloom: bloom,
        number: p.number,
        gas_limit: p.gas_limit,
        gas_used,
        timestamp: p.timestamp,
        mix_hash: p.prevrandao,
        base_fee_per_gas: Some(p.base_fee),
        ..Default::default()
    };
    // A block with this header and no transactions, uncles or withdrawals: header ‖ [] ‖ [].
    let size = alloy_rlp::Encodable::length(&header) + 2;
    let size = size + alloy_rlp::length_of_length(size);
    json!({
        "number": q(p.number),
        "hash": hash,
        "parentHash": parent,
        "sha3Uncles": header.ommers_hash,
        "miner": p.beneficiary,
        "stateRoot": B256::ZERO,
        "transactionsRoot": B256::ZERO,
        "receiptsRoot": B256::ZERO,
        "logsBloom": bloom,
        "difficulty": "0x0",
        "extraData": "0x",
        "mixHash": p.prevrandao,
        "nonce": "0x0000000000000000",
        "size": q(size as u64),
        "timestamp": q(p.timestamp),
        "gasLimit": q(p.gas_limit),
        "gasUsed": q(gas_used),
        "baseFeePerGas": q(p.base_fee),
        "uncles": [],
        "transactions": [],
        "calls": calls,
    })
}

fn call_json(
    r: &ExecutionResult,
    number: u64,
    block_hash: B256,
    tx_hash: B256,
    index: u64,
    log_index: &mut u64,
) -> Value {
    let logs: Vec<Value> = r
        .logs()
        .iter()
        .map(|l| {
            let v = json!({
                "address": l.address,
                "topics": l.topics(),
                "data": l.data.data,
                "blockNumber": q(number),
                "blockHash": block_hash,
                "transactionHash": tx_hash,
                "transactionIndex": q(index),
                "logIndex": q(*log_index),
                "removed": false,
            });
            *log_index += 1;
            v
        })
        .collect();
    let mut v = json!({
        "status": if r.is_success() { "0x1" } else { "0x0" },
        "returnData": r.output().cloned().unwrap_or_default(),
        "gasUsed": q(r.tx_gas_used()),
        "logs": logs,
    });
    match r {
        ExecutionResult::Revert { output, .. } => {
            v["error"] = json!({ "code": 3, "message": "execution reverted", "data": output });
        }
        ExecutionResult::Halt { reason, .. } => {
            v["error"] = json!({ "code": -32015, "message": format!("{reason:?}") });
        }
        ExecutionResult::Success { .. } => {}
    }
    v
}
