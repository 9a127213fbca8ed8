//! Dev methods in the anvil style (enabled only with `--dev`): mining control, time travel,
//! snapshots and state edits. `hardhat_` aliases are registered for the common ones.

use super::convert::q;
use super::{RpcCtx, RpcResult, err, internal, invalid_params, params};
use crate::chain::{ChainError, MiningMode};
use alloy_primitives::{Address, B256, Bytes, U256};
use jsonrpsee::RpcModule;
use jsonrpsee::core::RegisterMethodError;
use jsonrpsee::types::ErrorObjectOwned;
use serde_json::{Value, json};
use std::time::Duration;

/// Most blocks one `anvil_mine` call produces.
pub const MAX_MINE_COUNT: u64 = 10_000;

fn dev_err(e: ChainError) -> ErrorObjectOwned {
    match e {
        ChainError::DevOnly => err(-32601, e.to_string()),
        ChainError::UnknownSnapshot => invalid_params(e.to_string()),
        other => internal(other),
    }
}

fn require_dev(c: &RpcCtx) -> RpcResult<()> {
    if c.chain.is_dev() { Ok(()) } else { Err(dev_err(ChainError::DevOnly)) }
}

/// Parse a quantity that may come as a hex string or a JSON number.
fn quantity(v: &Value) -> RpcResult<u64> {
    match v {
        Value::Number(n) => {
            n.as_u64().ok_or_else(|| invalid_params("expected a non-negative integer"))
        }
        Value::String(s) => {
            let s = s.trim();
            if let Some(h) = s.strip_prefix("0x") {
                u64::from_str_radix(h, 16).map_err(|_| invalid_params("invalid hex quantity"))
            } else {
                s.parse().map_err(|_| invalid_params("invalid quantity"))
            }
        }
        _ => Err(invalid_params("expected a quantity")),
    }
}

pub(super) fn register(m: &mut RpcModule<RpcCtx>) -> Result<(), RegisterMethodError> {
    m.register_blocking_method("evm_mine", |p, c, _| {
        require_dev(&c)?;
        if let (Some(ts),) = params::<(Option<Value>,)>(&p, 1)? {
            let ts = match &ts {
                Value::Object(o) => o.get("timestamp").map(quantity).transpose()?,
                v => Some(quantity(v)?),
            };
            if let Some(ts) = ts {
                c.chain.dev_set_next_timestamp(ts).map_err(dev_err)?;
            }
        }
        c.chain.mine_block().map_err(dev_err)?;
        Ok::<_, ErrorObjectOwned>("0x0")
    })?;
    m.register_blocking_method("anvil_mine", |p, c, _| {
        require_dev(&c)?;
        let (count, interval): (Option<Value>, Option<Value>) = params(&p, 2)?;
        let count = count.as_ref().map(quantity).transpose()?.unwrap_or(1).min(MAX_MINE_COUNT);
        let interval = interval.as_ref().map(quantity).transpose()?.unwrap_or(0);
        for i in 0..count {
            if i > 0 && interval > 0 {
                c.chain.dev_increase_time(interval as i64).map_err(dev_err)?;
            }
            c.chain.mine_block().map_err(dev_err)?;
        }
        Ok::<_, ErrorObjectOwned>(Value::Null)
    })?;
    m.register_alias("hardhat_mine", "anvil_mine")?;
    m.register_method("evm_setAutomine", |p, c, _| {
        require_dev(c)?;
        let (on,): (bool,) = params(&p, 1)?;
        let mode = c.chain.mining_mode();
        c.chain.set_mining_mode(MiningMode { automine: on, ..mode });
        Ok::<_, ErrorObjectOwned>(true)
    })?;
    m.register_alias("anvil_setAutomine", "evm_setAutomine")?;
    m.register_method("anvil_getAutomine", |_, c, _| {
        Ok::<_, ErrorObjectOwned>(c.chain.mining_mode().automine)
    })?;
    m.register_alias("hardhat_getAutomine", "anvil_getAutomine")?;
    m.register_method("evm_setIntervalMining", |p, c, _| {
        require_dev(c)?;
        let (v,): (Value,) = params(&p, 1)?;
        let secs = quantity(&v)?;
        let mode = c.chain.mining_mode();
        let interval = (secs > 0).then(|| Duration::from_secs(secs));
        c.chain.set_mining_mode(MiningMode { interval, ..mode });
        Ok::<_, ErrorObjectOwned>(true)
    })?;
    m.register_alias("anvil_setIntervalMining", "evm_setIntervalMining")?;
    m.register_method("evm_snapshot", |_, c, _| {
        let id = c.chain.dev_snapshot().map_err(dev_err)?;
        Ok::<_, ErrorObjectOwned>(q(id as u128))
    })?;
    m.register_alias("anvil_snapshot", "evm_snapshot")?;
    m.register_blocking_method("evm_revert", |p, c, _| {
        let (v,): (Value,) = params(&p, 1)?;
        match c.chain.dev_revert(quantity(&v)?) {
            Ok(()) => Ok(true),
            Err(ChainError::UnknownSnapshot) => Ok(false),
            Err(e) => Err(dev_err(e)),
        }
    })?;
    m.register_alias("anvil_revert", "evm_revert")?;
    m.register_method("evm_increaseTime", |p, c, _| {
        let (v,): (Value,) = params(&p, 1)?;
        let secs = quantity(&v)?;
        let total = c.chain.dev_increase_time(secs as i64).map_err(dev_err)?;
        Ok::<_, ErrorObjectOwned>(q(total.max(0) as u128))
    })?;
    m.register_alias("anvil_increaseTime", "evm_increaseTime")?;
    m.register_method("evm_setNextBlockTimestamp", |p, c, _| {
        let (v,): (Value,) = params(&p, 1)?;
        c.chain.dev_set_next_timestamp(quantity(&v)?).map_err(dev_err)?;
        Ok::<_, ErrorObjectOwned>(Value::Null)
    })?;
    m.register_alias("anvil_setNextBlockTimestamp", "evm_setNextBlockTimestamp")?;
    m.register_blocking_method("anvil_setBalance", |p, c, _| {
        let (addr, bal): (Address, U256) = params(&p, 2)?;
        c.chain.dev_set_account(addr, |a| a.balance = bal, None).map_err(dev_err)?;
        Ok::<_, ErrorObjectOwned>(Value::Null)
    })?;
    m.register_alias("hardhat_setBalance", "anvil_setBalance")?;
    m.register_blocking_method("anvil_setNonce", |p, c, _| {
        let (addr, v): (Address, Value) = params(&p, 2)?;
        let n = quantity(&v)?;
        c.chain.dev_set_account(addr, |a| a.nonce = n, None).map_err(dev_err)?;
        Ok::<_, ErrorObjectOwned>(Value::Null)
    })?;
    m.register_alias("hardhat_setNonce", "anvil_setNonce")?;
    m.register_blocking_method("anvil_setCode", |p, c, _| {
        let (addr, code): (Address, Bytes) = params(&p, 2)?;
        c.chain.dev_set_account(addr, |_| {}, Some(code)).map_err(dev_err)?;
        Ok::<_, ErrorObjectOwned>(Value::Null)
    })?;
    m.register_alias("hardhat_setCode", "anvil_setCode")?;
    m.register_blocking_method("anvil_setStorageAt", |p, c, _| {
        let (addr, slot, value): (Address, U256, B256) = params(&p, 3)?;
        c.chain.dev_set_storage(addr, slot, U256::from_be_bytes(value.0)).map_err(dev_err)?;
        Ok::<_, ErrorObjectOwned>(true)
    })?;
    m.register_alias("hardhat_setStorageAt", "anvil_setStorageAt")?;
    m.register_method("anvil_nodeInfo", |_, c, _| {
        let head = c.chain.head();
        Ok::<_, ErrorObjectOwned>(json!({
            "currentBlockNumber": head.number(),
            "currentBlockTimestamp": head.header.timestamp,
            "currentBlockHash": format!("{:#x}", head.hash),
            "chainId": c.chain.chain_id(),
            "hardFork": "osaka",
            "network": "taochain",
            "environment": { "baseFee": c.chain.next_base_fee(), "chainId": c.chain.chain_id(), "gasLimit": c.chain.gas_limit() },
        }))
    })?;
    Ok(())
}
