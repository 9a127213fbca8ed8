//! The `txpool_` namespace (geth's formats): counts, the pooled transactions, and a one-line
//! summary of each.

use super::{RpcCtx, RpcError, convert};
use alloy::consensus::Transaction as _;
use alloy_primitives::{TxKind, U64};
use jsonrpsee::core::RpcResult as WireResult;
use serde_json::{Map, Value, json};
use std::sync::Arc;
use tao_chain::block::RecoveredTx;
use taochain_rpc_api::{TxpoolApiServer, TxpoolStatus};

/// `{sender: {nonce: f(tx)}}` of a list of transactions.
fn by_sender(
    txs: &[Arc<RecoveredTx>],
    f: impl Fn(&RecoveredTx) -> Result<Value, RpcError>,
) -> Result<Value, RpcError> {
    let mut out = Map::new();
    for t in txs {
        let entry =
            out.entry(format!("{:?}", t.sender)).or_insert_with(|| Value::Object(Map::new()));
        if let Value::Object(m) = entry {
            m.insert(t.tx.nonce().to_string(), f(t)?);
        }
    }
    Ok(Value::Object(out))
}

/// geth's summary line: `"<to>: <value> wei + <gas> gas × <price> wei"`.
fn summary(t: &RecoveredTx) -> Value {
    let to = match t.tx.kind() {
        TxKind::Call(a) => format!("{a:?}"),
        TxKind::Create => "contract creation".into(),
    };
    let price = t.tx.gas_price().unwrap_or_else(|| t.tx.max_fee_per_gas());
    Value::String(format!("{to}: {} wei + {} gas × {price} wei", t.tx.value(), t.tx.gas_limit()))
}

impl TxpoolApiServer for RpcCtx {
    fn status(&self) -> WireResult<TxpoolStatus> {
        let (pending, queued) = self.chain.pool().status().map_err(RpcError::from)?;
        Ok(TxpoolStatus { pending: U64::from(pending), queued: U64::from(queued) })
    }

    fn content(&self) -> WireResult<Value> {
        let (pending, queued) = self.chain.pool().content().map_err(RpcError::from)?;
        let json = |t: &RecoveredTx| Ok(convert::tx_json(t, None)?);
        Ok(json!({ "pending": by_sender(&pending, json)?, "queued": by_sender(&queued, json)? }))
    }

    fn inspect(&self) -> WireResult<Value> {
        let (pending, queued) = self.chain.pool().content().map_err(RpcError::from)?;
        let line = |t: &RecoveredTx| Ok(summary(t));
        Ok(json!({ "pending": by_sender(&pending, line)?, "queued": by_sender(&queued, line)? }))
    }
}
