//! `eth_feeHistory`.

use super::limits::{MAX_FEE_HISTORY_BLOCKS, MAX_REWARD_PERCENTILES};
use super::{RpcCtx, RpcError, RpcResult};
use alloy::eips::BlockNumberOrTag;
use alloy_primitives::{U64, U128, U256};
use serde_json::{Value, json};
use tao_chain::block::{RecoveredTx, StoredReceipt};

fn q(v: u128) -> U128 {
    U128::from(v)
}

/// Base fees, gas used ratios and (with `pct`) tip percentiles of up to
/// [`MAX_FEE_HISTORY_BLOCKS`] blocks ending at `newest`; at most [`MAX_REWARD_PERCENTILES`]
/// percentiles.
pub(super) fn fee_history(
    c: &RpcCtx,
    count: U256,
    newest: BlockNumberOrTag,
    pct: Option<Vec<f64>>,
) -> RpcResult<Value> {
    if let Some(p) = &pct
        && p.len() > MAX_REWARD_PERCENTILES
    {
        return Err(RpcError::invalid_params(format!(
            "too many reward percentiles: {}, at most {MAX_REWARD_PERCENTILES}",
            p.len()
        )));
    }
    let count = u64::try_from(count).unwrap_or(u64::MAX).min(MAX_FEE_HISTORY_BLOCKS);
    let head = c.chain.head().number();
    let newest = c.tag_number(newest).min(head);
    if count == 0 {
        return Ok(
            json!({ "oldestBlock": U64::from(newest), "baseFeePerGas": [], "gasUsedRatio": [], "reward": [] }),
        );
    }
    if let Some(p) = &pct
        && (p.iter().any(|x| !(0.0..=100.0).contains(x)) || p.windows(2).any(|w| w[0] > w[1]))
    {
        return Err(RpcError::invalid_params(
            "reward percentiles must be ascending values in [0, 100]",
        ));
    }
    let oldest = newest.saturating_sub(count - 1);
    let store = c.chain.store();
    let mut base_fees = Vec::new();
    let mut ratios = Vec::new();
    let mut rewards = Vec::new();
    for n in oldest..=newest {
        let hdr = store.header(n)?.ok_or(RpcError::MissingHeader(n))?;
        let bf = hdr.header.base_fee_per_gas.unwrap_or(0);
        base_fees.push(q(bf as u128));
        ratios.push(hdr.header.gas_used as f64 / hdr.header.gas_limit.max(1) as f64);
        if let Some(p) = &pct {
            let txs = store.body(n)?.unwrap_or_default();
            let receipts = store.receipts(n)?.unwrap_or_default();
            rewards.push(reward_row(&txs, &receipts, bf, p));
        }
    }
    // The base fee of the block after `newest`.
    let next = if newest == head {
        c.chain.next_base_fee()
    } else {
        store.header(newest + 1)?.and_then(|h| h.header.base_fee_per_gas).unwrap_or(0)
    };
    base_fees.push(q(next as u128));
    let mut out = json!({ "oldestBlock": U64::from(oldest), "baseFeePerGas": base_fees, "gasUsedRatio": ratios });
    if pct.is_some() {
        out["reward"] = json!(rewards);
    }
    Ok(out)
}

/// The tips at the gas-weighted percentiles `pct` of one block.
fn reward_row(
    txs: &[RecoveredTx],
    receipts: &[StoredReceipt],
    base_fee: u64,
    pct: &[f64],
) -> Vec<U128> {
    let mut tips: Vec<(u128, u64)> = txs
        .iter()
        .zip(receipts)
        .map(|(t, r)| {
            let price = crate::exec::effective_gas_price(t, base_fee);
            (price.saturating_sub(base_fee as u128), r.gas_used)
        })
        .collect();
    tips.sort();
    let total: u64 = tips.iter().map(|t| t.1).sum();
    pct.iter()
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
        .collect()
}
