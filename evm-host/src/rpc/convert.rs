//! Chain data to the JSON shapes clients expect, through alloy's RPC types (canonical hex
//! quantities, lowercase hashes, `null` where the spec says so).

use alloy::consensus::{
    Eip658Value, Receipt, ReceiptEnvelope, ReceiptWithBloom, TxType, transaction::Recovered,
};
use alloy::rpc::types::{
    Block, BlockTransactions, Header as RpcHeader, Log, Transaction, TransactionReceipt,
};
use alloy_primitives::U256;
use serde_json::Value;
use tao_chain::block::{RecoveredTx, SealedHeader, StoredReceipt};

/// Block JSON, with full transactions or hashes.
pub fn block_json(
    h: &SealedHeader,
    txs: &[RecoveredTx],
    full: bool,
) -> Result<Value, serde_json::Error> {
    let size = tao_chain::block::encode_header(&h.header).len()
        + txs
            .iter()
            .map(|t| alloy::eips::eip2718::Encodable2718::encode_2718_len(&t.tx))
            .sum::<usize>()
        + 4;
    let transactions = if full {
        BlockTransactions::Full(
            txs.iter().enumerate().map(|(i, t)| tx_obj(t, Some((h, i as u64)))).collect::<Vec<_>>(),
        )
    } else {
        BlockTransactions::Hashes(txs.iter().map(|t| t.hash).collect())
    };
    let block = Block {
        header: RpcHeader {
            hash: h.hash,
            inner: h.header.clone(),
            total_difficulty: Some(U256::ZERO),
            size: Some(U256::from(size)),
        },
        uncles: vec![],
        transactions,
        withdrawals: None,
    };
    serde_json::to_value(block)
}

/// The header alone (for `newHeads`).
pub fn header_json(h: &SealedHeader) -> Result<Value, serde_json::Error> {
    let hdr = RpcHeader {
        hash: h.hash,
        inner: h.header.clone(),
        total_difficulty: Some(U256::ZERO),
        size: None,
    };
    serde_json::to_value(hdr)
}

fn tx_obj(t: &RecoveredTx, at: Option<(&SealedHeader, u64)>) -> Transaction {
    let base_fee = at.and_then(|(h, _)| h.header.base_fee_per_gas);
    Transaction {
        inner: Recovered::new_unchecked(t.tx.clone(), t.sender),
        block_hash: at.map(|(h, _)| h.hash),
        block_number: at.map(|(h, _)| h.number()),
        transaction_index: at.map(|(_, i)| i),
        effective_gas_price: base_fee.map(|b| crate::exec::effective_gas_price(t, b)),
        block_timestamp: at.map(|(h, _)| h.header.timestamp),
    }
}

/// Transaction JSON; `at` is the block and index if mined.
pub fn tx_json(
    t: &RecoveredTx,
    at: Option<(&SealedHeader, u64)>,
) -> Result<Value, serde_json::Error> {
    serde_json::to_value(tx_obj(t, at))
}

/// Logs of a block with their positions, as RPC logs.
pub fn block_logs(h: &SealedHeader, txs: &[RecoveredTx], receipts: &[StoredReceipt]) -> Vec<Log> {
    let mut out = Vec::new();
    let mut idx = 0u64;
    for (i, (t, r)) in txs.iter().zip(receipts).enumerate() {
        for l in &r.logs {
            out.push(Log {
                inner: l.clone(),
                block_hash: Some(h.hash),
                block_number: Some(h.number()),
                block_timestamp: Some(h.header.timestamp),
                transaction_hash: Some(t.hash),
                transaction_index: Some(i as u64),
                log_index: Some(idx),
                removed: false,
            });
            idx += 1;
        }
    }
    out
}

/// Receipt JSON for transaction `i` of a block. `first_log_index` is the block-wide index of
/// its first log.
pub fn receipt_json(
    h: &SealedHeader,
    t: &RecoveredTx,
    r: &StoredReceipt,
    i: u64,
    first_log_index: u64,
) -> Result<Value, serde_json::Error> {
    let logs: Vec<Log> = r
        .logs
        .iter()
        .enumerate()
        .map(|(k, l)| Log {
            inner: l.clone(),
            block_hash: Some(h.hash),
            block_number: Some(h.number()),
            block_timestamp: Some(h.header.timestamp),
            transaction_hash: Some(t.hash),
            transaction_index: Some(i),
            log_index: Some(first_log_index + k as u64),
            removed: false,
        })
        .collect();
    let rwb = ReceiptWithBloom {
        receipt: Receipt {
            status: Eip658Value::Eip658(r.success),
            cumulative_gas_used: r.cumulative_gas_used,
            logs,
        },
        logs_bloom: r.bloom(),
    };
    let inner = match TxType::try_from(r.tx_type).unwrap_or(TxType::Legacy) {
        TxType::Legacy => ReceiptEnvelope::Legacy(rwb),
        TxType::Eip2930 => ReceiptEnvelope::Eip2930(rwb),
        TxType::Eip1559 => ReceiptEnvelope::Eip1559(rwb),
        TxType::Eip4844 => ReceiptEnvelope::Eip4844(rwb),
        TxType::Eip7702 => ReceiptEnvelope::Eip7702(rwb),
    };
    let rec = TransactionReceipt {
        inner,
        transaction_hash: t.hash,
        transaction_index: Some(i),
        block_hash: Some(h.hash),
        block_number: Some(h.number()),
        gas_used: r.gas_used,
        effective_gas_price: r.effective_gas_price,
        blob_gas_used: None,
        blob_gas_price: None,
        from: r.from,
        to: r.to_address(),
        contract_address: r.created(),
    };
    serde_json::to_value(rec)
}

/// Receipts of a whole block.
pub fn block_receipts_json(
    h: &SealedHeader,
    txs: &[RecoveredTx],
    receipts: &[StoredReceipt],
) -> Result<Vec<Value>, serde_json::Error> {
    let mut log_index = 0u64;
    txs.iter()
        .zip(receipts)
        .enumerate()
        .map(|(i, (t, r))| {
            let v = receipt_json(h, t, r, i as u64, log_index);
            log_index += r.logs.len() as u64;
            v
        })
        .collect()
}
